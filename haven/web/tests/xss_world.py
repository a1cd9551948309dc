"""The hostile world of the stored-XSS sweep (``test_stored_xss.py``).

1. ``populate(world)`` makes at least one object of every kind through the real services (the
   URL matrix helpers, plus the records they do not make), passing hostile text where a
   service takes free text.
2. ``xss_fields.sweep()`` then overwrites every free-text field with a payload carrying a
   marker of that field.

A text payload opens with a spreadsheet formula character (``=HYPERLINK(...)``, ``+``, ``-``,
``@``) and carries markup and template probes: ``xss_0a{{7*7}}`` must never come back as
``xss_0a49``, nor ``xss_0a{%if 1%}EV{%endif%}`` as ``xss_0aEV``. Short fields get the longest
variant that fits; URL fields get ``javascript:``, e-mail and user-name fields what their
validators let through.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from haven.accounts.roles import Role

# -------------------------------------------------------------------------------- the world

HOSTILE = '"><script>xss_zz()</script>'  # what services are given before the sweep


@dataclass(frozen=True)
class Page:
    """A page the URL matrix does not point at (its objects are in another state)."""

    name: str
    kwargs: dict[str, Any] | None = None
    query: str = ""


def populate(world: Any) -> list[Page]:
    """Objects of every kind, made through the real services; returns the pages that show
    the objects the URL matrix does not point at. Run it with on-commit callbacks executed
    (imports and deliveries are queued on commit)."""
    from haven.web.tests.test_url_matrix import TABLE

    anchor = world.user(Role.ORG_ADMIN)
    for spec in TABLE.values():
        if spec.kwargs is None:
            continue
        for other in (False, True):
            spec.kwargs(world, anchor, other)
    return [
        Page("audit:event_list", query="?action=case.updated"),
        *_cases(world),
        *_screening(world),
        *_referrals(world),
        *_shelters(world),
        *_exchange(world),
        *_stats(world),
        *_training(world),
    ]


def _cases(world: Any) -> list[Page]:
    from haven.cases import services
    from haven.cases.models import Stage
    from haven.web.tests.matrix import matrix_case

    actor = world.user(Role.CASEWORKER)
    case = matrix_case(world, False)
    services.person_update(
        actor=actor,
        person=case.person,
        aliases=[HOSTILE],
        contacts={"phone": HOSTILE},
        identity_documents=[{"type": "passport", "number": HOSTILE}],
    )
    services.case_update(
        actor=actor,
        case=case,
        guardian=HOSTILE,
        best_interests_assessment=HOSTILE,
        vulnerability_details=HOSTILE,
        residence_status=HOSTILE,
    )
    services.note_add(actor=actor, case=case, text=HOSTILE)
    services.assessment_record(
        actor=actor,
        case=case,
        kind="risk",
        level="individual",
        rating="3",
        notes=HOSTILE,
        assessed_on=case.identified_on,
    )
    plan = services.plan_save(
        actor=actor, case=case, type="Health", objectives=HOSTILE, action_plan=HOSTILE
    )
    services.service_record(
        actor=actor,
        case=case,
        plan=plan,
        category="Health",
        delivered_on=case.identified_on,
        notes=HOSTILE,
    )
    services.proceeding_save(
        actor=actor,
        case=case,
        kind="criminal",
        status="open",
        started_on=case.identified_on,
        authority=HOSTILE,
        notes=HOSTILE,
    )
    services.consent_record(
        actor=actor,
        case=case,
        purpose="statistics",
        given=True,
        method="written",
        language="en",
        witness=HOSTILE,
    )
    services.case_transition(actor=actor, case=case, target=Stage.ASSISTANCE, reason=HOSTILE)
    services.event_record(
        actor=actor,
        case=case,
        type="Recruitment",
        country="VN",
        state=HOSTILE,
        city=HOSTILE,
        street=HOSTILE,
        description=HOSTILE,
    )
    return []


def _screening(world: Any) -> list[Page]:
    from haven.screening import services
    from haven.screening.tests import factories

    screener = world.user(Role.SCREENER)
    completed = factories.completed_first_contact(screener, world.org_a, {"FC01": "yes"})
    services.screening_no_referral(actor=screener, screening=completed, reason=HOSTILE)
    draft = factories.matrix_screening(world, False, completed=False)
    services.screening_answer(
        actor=screener, screening=draft, answers={"DR01": "yes"}, notes={"DR01": HOSTILE}
    )
    return [Page("screening:result", {"pk": completed.pk})]


def _referrals(world: Any) -> list[Page]:
    from haven.cases import services as case_services
    from haven.referrals import services
    from haven.referrals.tests import factories
    from haven.referrals.vocab import Scope

    declined = factories.send(world, message=HOSTILE)
    services.referral_decline(
        actor=world.user(Role.CASEWORKER, other=True), referral=declined, reason=HOSTILE
    )
    withdrawn = factories.send(world, message=HOSTILE)
    services.referral_withdraw(
        actor=world.user(Role.CASEWORKER), referral=withdrawn, reason=HOSTILE
    )
    # Counted in statistics: the referrals chart names the organisations.
    for referral in (declined, withdrawn):
        factories.consent(world, referral.case, "statistics")
    # Org B shares everything about a case with org A, which accepts.
    sender = world.user(Role.CASEWORKER, other=True)
    case = factories.open_case(world, other=True)
    case_services.event_record(
        actor=sender,
        case=case,
        type="Recruitment",
        country="VN",
        state=HOSTILE,
        city=HOSTILE,
        description=HOSTILE,
    )
    case_services.plan_save(actor=sender, case=case, type="Health", objectives=HOSTILE)
    shared = factories.send(
        world, case=case, to=world.org_a, scopes=tuple(Scope.values), message=HOSTILE
    )
    services.referral_accept(actor=world.user(Role.CASEWORKER), referral=shared)
    return [
        Page("referrals:detail", {"pk": declined.pk}),
        Page("referrals:detail", {"pk": withdrawn.pk}),
        Page("referrals:detail", {"pk": shared.pk}),
    ]


def _shelters(world: Any) -> list[Page]:
    from django.utils import timezone

    from haven.shelters import services
    from haven.shelters.tests import url_matrix
    from haven.shelters.tests.factories import admit, manager, world_shelter

    actor = manager(world)
    stay = url_matrix._stay(world, False)
    services.stay_update(
        actor=actor,
        stay=stay,
        interpreter_needed=True,
        interpreter_language="vi",
        known_as=HOSTILE,
        risk_notes=HOSTILE,
    )
    services.stay_service_record(
        actor=actor, stay=stay, category="Health", delivered_on=stay.starts_on, notes=HOSTILE
    )
    services.movement_record(
        actor=actor, stay=stay, kind="outing", started_at=timezone.now(), notes=HOSTILE
    )
    left = admit(actor, world_shelter(world))
    services.stay_exit(
        actor=actor,
        stay=left,
        reason="plan_completed",
        destination="independent_housing",
        plan=HOSTILE,
        follow_up_days=[7],
    )
    return [Page("shelters:stay_detail", {"pk": left.pk})]


def _exchange(world: Any) -> list[Page]:
    from haven.exchange import services, transport
    from haven.exchange.tests import factories, url_matrix
    from haven.exchange.vocab import MessageType
    from haven.web.tests.matrix import matrix_case

    fake, _partner, agreement = url_matrix._scene(world)
    token, _thread = fake.referral(
        to_organisation=world.org_a.pk,
        fields={"family_name": HOSTILE, "given_names": HOSTILE, "sex": "Feminine"},
    )
    received = services.receive(token).transfer
    services.transfer_decline(actor=world.user(Role.COORDINATOR), transfer=received, reason=HOSTILE)

    def answer(url: str, envelope: str) -> transport.Reply:
        """The partner answers a match query with one (hostile) reference."""
        claims = fake.open(envelope)
        sealed = fake.seal(
            typ=MessageType.MATCH_ANSWER,
            body={"matches": [{"reference": "DE-<b>xss_zz</b>", "score": 0.99}]},
            agreement=claims["agr"],
            purpose=claims["pur"],
            thread=claims["jti"],
        )
        return transport.Reply(200, {"envelope": sealed, "received": claims["jti"]})

    original, transport.post = transport.post, answer
    try:
        answered = services.match_ask(
            actor=world.user(Role.COORDINATOR),
            case=matrix_case(world, False),
            agreement=agreement,
            purpose=factories.PURPOSE,
        )
    finally:
        transport.post = original
    assert answered.results, answered.error
    return [
        Page("exchange:transfer", {"pk": received.pk}),
        Page("exchange:match_detail", {"pk": answered.pk}),
    ]


def _stats(world: Any) -> list[Page]:
    from haven.stats import services

    header = "yearOfRegistration;Datasource;gender;ageBroad;majorityStatus;citizenship;"
    header += "CountryOfExploitation;isForcedLabour"
    rows = [f"2020;{HOSTILE};female;18--20;Adult;VNM;CHN;1" for _ in range(3)]
    dataset = services.dataset_import(  # read by a task when the transaction commits
        actor=world.user(Role.ANALYST),
        name=HOSTILE,
        content="\n".join([header, *rows]).encode(),
    )
    return [Page("stats:global_detail", {"pk": dataset.pk})]


def _training(world: Any) -> list[Page]:
    from haven.training import services
    from haven.training.tests import factories

    workshop = factories.matrix_workshop(world, False)
    services.workshop_update(
        actor=world.user(Role.TRAINER),
        workshop=workshop,
        title_zh=HOSTILE,
        place=HOSTILE,
        description=HOSTILE,
    )
    return []


def files_after_sweep(world: Any) -> list[Page]:
    """Files built once and kept (the annual report, the CTDC export), built again from the
    hostile data; returns their download pages. The report's XLSX is built by the code the
    background task runs (``reports.documents``), without the PDF (slow, and not a
    spreadsheet)."""
    from django.utils import timezone

    from haven.accounts.models import Organisation
    from haven.stats.models import AnnualReport, JobStatus
    from haven.stats.services import export, reports

    analyst = world.user(Role.ANALYST)
    organisation = Organisation.objects.get(pk=world.org_a.pk)  # as swept
    year = timezone.localdate().year
    _pdf, xlsx = reports.documents(
        actor=analyst, year=year, organisation=organisation, formats=("xlsx",)
    )
    report = AnnualReport.objects.create(
        organisation=organisation,
        scope_organisation=organisation,
        year=year,
        requested_by=analyst,
        status=JobStatus.DONE,
        progress=100,
        xlsx=xlsx,
    )
    ctdc = export.export_create(actor=analyst, k=2)
    return [
        Page("stats:report_file", {"pk": report.pk, "kind": "xlsx"}),
        Page("stats:export_download", {"pk": ctdc.pk}),
    ]
