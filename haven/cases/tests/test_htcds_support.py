"""Helpers shared by the HTCDS tests (no tests here): cases made through the real services,
and an independent reader of exported files (plain openpyxl / csv, not Haven's importer)."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

import openpyxl
from django.utils import timezone

from haven.accounts.roles import Role
from haven.cases import services
from haven.cases.models import ClosureReason, Stage

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[3]
SHARED_TEMPLATE = REPO.parent / "shared" / "standards" / "htcds" / "htcds_spreadsheet_v2.0.xlsx"
SHARED_FIELDS = REPO.parent / "shared" / "standards" / "htcds-2.0-fields.csv"
TODAY = timezone.localdate()


def _years_ago(years: int) -> datetime.date:
    return TODAY.replace(year=TODAY.year - years, day=min(TODAY.day, 28))


def make_cases(world, other: bool = False) -> list:
    """Four cases in org A (or B): Chinese and Latin names, a child, a presumed child;
    several events and plans, multi-select values, each HTCDS case status."""
    actor = world.user(Role.CASEWORKER, other=other)
    org = world.org_b if other else world.org_a

    def person(**fields):
        return services.person_register(actor=actor, organisation=org, **fields)

    def move(case, *targets, closure=""):
        for target in targets:
            case = services.case_transition(
                actor=actor,
                case=case,
                target=target,
                reason="test",
                closure_reason=closure if target == Stage.CLOSED else "",
            )
        return case

    zhang = services.case_open(
        actor=actor,
        person=person(
            family_name="张",
            given_names="伟",
            sex="Masculine",
            birth_date=datetime.date(1990, 5, 1),
            citizenship=["CN"],
            languages=["zh-hans", "en"],
            identity_documents=[{"type": "passport", "number": "E12345678"}],
            contacts={"phone": "+86 138 0000 0000", "email": "zhang.wei@example.org"},
        ),
        trafficking_status="ActualVictimOfTrafficking",
        status_decided_by="Police",
        status_decided_on=datetime.date(2024, 3, 2),
        exploitation_types=["ForcedLabour", "Servitude"],
        forced_labour_industry="C_Manufacturing",
        methods_of_control=["DebtBondage", "WithholdsDocuments"],
        recruitment_methods=["ThroughOnlineSocialNetworks"],
        recruitment_platforms=["WeChat", "QQ"],
        exploitation_platforms=["TikTok"],
        vulnerabilities=["Poverty", "Migration"],
        vulnerability_details="Debt of 30,000 yuan to the recruiter; 无证件",
        relationship_to_trafficker="Acquainted",
        age_when_trafficked=28,
    )
    services.consent_record(
        actor=actor,
        case=zhang,
        purpose="assistance",
        given=True,
        method="written",
        language="zh-hans",
        decided_on=datetime.date(2024, 3, 1),
    )
    services.event_record(
        actor=actor,
        case=zhang,
        type="Recruitment",
        country="CN",
        state="广西",
        city="南宁",
        date=datetime.date(2023, 6, 1),
        description="Online job advert for factory work",
    )
    services.event_record(
        actor=actor,
        case=zhang,
        type="Exploitation",
        country="DE",
        city="Berlin",
        street="Musterstraße 1",
        date=datetime.date(2023, 8, 15),
    )
    services.plan_save(
        actor=actor,
        case=zhang,
        type="Health",
        objectives="Medical check and counselling",
        action_plan="Clinic appointment; weekly counselling",
        planned_end_on=datetime.date(2025, 1, 31),
    )
    services.plan_save(actor=actor, case=zhang, type="Legal", objectives="Residence permit")
    move(zhang, Stage.ASSISTANCE)  # still HTCDS "Active"

    garcia = services.case_open(
        actor=actor,
        person=person(
            family_name="García López",
            given_names="María José",
            sex="Feminine",
            birth_date=datetime.date(1985, 11, 23),
            citizenship=["VE", "CO"],
            languages=["es"],
        ),
        exploitation_types=["SexualExploitation"],
        sex_exploitation_types=["Prostitution", "RemoteInteractiveServices"],
        methods_of_control=["FalsePromises", "PsychologicalAbuse", "TakesEarnings"],
    )
    services.consent_record(
        actor=actor,
        case=garcia,
        purpose="assistance",
        given=True,
        method="oral_interpreter",
        language="es",
        decided_on=datetime.date(2024, 2, 10),
    )
    services.event_record(actor=actor, case=garcia, type="Transit", country="ES")
    move(garcia, Stage.ASSISTANCE, Stage.RETURN)  # HTCDS "FollowUp"

    child = services.case_open(
        actor=actor,
        person=person(
            family_name="黄", given_names="阿明", sex="Masculine", birth_date=_years_ago(15)
        ),
        exploitation_types=["ForcedBegging"],
        vulnerabilities=["Homelessness"],
    )
    services.consent_record(
        actor=actor,
        case=child,
        purpose="assistance",
        given=True,
        method="oral",
        language="zh-hans",
        guardian="Guardian Office Nanning",
        decided_on=TODAY,
    )
    move(child, Stage.CLOSED, closure=ClosureReason.REFERRED)  # "ClosedReferred"

    presumed = services.case_open(
        actor=actor,
        person=person(given_names="Unknown girl, Nanning station", age_uncertain=True),
        reasons_to_believe_child=True,
        exploitation_types=["Other"],
        trafficking_status="NotAVictimOfTrafficking",
        status_decided_by="NGO",
        status_decided_on=TODAY,
    )
    move(presumed, Stage.CLOSED, closure=ClosureReason.COMPLETED)  # "Closed"
    return [zhang, garcia, child, presumed]


def read_export(content: bytes, fmt: str) -> dict[str, list[dict[str, object]]]:
    """Rows of an exported file as dicts (header code -> value) per part: "cases", "events",
    "plans". CSV continuation rows are split the same way."""
    parts: dict[str, list[dict[str, object]]] = {"cases": [], "events": [], "plans": []}
    if fmt == "xlsx":
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        for part, name in (
            ("cases", "Case Sheet"),
            ("events", "Historic Trafficking Events"),
            ("plans", "Support Plans"),
        ):
            rows = list(workbook[name].iter_rows(values_only=True))
            codes = rows[0]
            for row in rows[2:]:
                parts[part].append({c: v for c, v in zip(codes, row, strict=True) if c})
        return parts
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    codes = rows[0]
    for row in rows[1:]:
        values = dict(zip(codes, row, strict=True))
        values.pop("", None)
        reference = values["hvn_CaseReference"]
        case = {k: v for k, v in values.items() if not k.startswith(("hte_", "spl_"))}
        if any(v for k, v in case.items() if k != "hvn_CaseReference"):
            parts["cases"].append(case)
        for part, prefix in (("events", "hte_"), ("plans", "spl_")):
            item = {k: v for k, v in values.items() if k.startswith(prefix)}
            if any(item.values()):
                parts[part].append({"hvn_CaseReference": reference, **item})
    return parts
