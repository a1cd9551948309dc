"""Registering persons and cases, the workflow table, consent, and encryption at rest."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.utils import timezone

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.cases import selectors, services
from haven.cases.models import Case, Stage, Task
from haven.cases.vocab import ExploitationType

pytestmark = pytest.mark.django_db


def register(world, role=Role.CASEWORKER, other=False, **person):
    actor = world.user(role, other=other)
    org = world.org_b if other else world.org_a
    defaults = {
        "family_name": "张",
        "given_names": "伟",
        "sex": "Masculine",
        "birth_date": datetime.date(1990, 5, 1),
    }
    defaults.update(person)
    p = services.person_register(actor=actor, organisation=org, **defaults)
    return services.case_open(
        actor=actor, person=p, exploitation_types=[ExploitationType.FORCED_LABOUR]
    )


def test_case_reference_person_and_audit(world):
    case = register(world)
    assert case.reference.startswith(f"HV-{timezone.localdate().year}-")
    assert case.stage == Stage.IDENTIFIED
    assert not case.is_child
    assert case.person.estimated_age >= 30
    assert AuditEvent.objects.filter(action="case.opened", object_id=str(case.pk)).exists()
    second = register(world, family_name="Li", given_names="Na")
    assert int(second.reference[-6:]) == int(case.reference[-6:]) + 1


def test_identity_is_encrypted_in_the_raw_rows(world):
    case = register(
        world, family_name="Zhangsan", given_names="Lisi", contacts={"phone": "+86 138 0000 0000"}
    )
    services.note_add(actor=world.user(Role.CASEWORKER), case=case, text="Secret note text")
    with connection.cursor() as cursor:
        cursor.execute("SELECT family_name, given_names, contacts, birth_date FROM cases_person")
        row = " ".join(str(v) for v in cursor.fetchone())
        cursor.execute("SELECT text FROM cases_note")
        note = cursor.fetchone()[0]
    for plain in ("Zhangsan", "Lisi", "138", "1990"):
        assert plain not in row
    assert "Secret" not in note


def test_child_rules(world):
    child = register(world, birth_date=timezone.localdate() - datetime.timedelta(days=365 * 16))
    assert child.is_child
    actor = world.user(Role.CASEWORKER)
    uncertain = services.person_register(
        actor=actor, organisation=world.org_a, family_name="X", age_uncertain=True
    )
    presumed = services.case_open(actor=actor, person=uncertain, reasons_to_believe_child=True)
    assert presumed.is_child
    assert presumed.child_presumed
    with pytest.raises(ValidationError):
        services.consent_record(
            actor=actor,
            case=presumed,
            purpose="assistance",
            given=True,
            method="written",
            language="zh-hans",
        )


def test_workflow_table_is_enforced(world):
    case = register(world)
    caseworker = world.user(Role.CASEWORKER)
    with pytest.raises(ValidationError):
        services.case_transition(actor=caseworker, case=case, target=Stage.LONG_TERM, reason="skip")
    with pytest.raises(ValidationError):
        services.case_transition(actor=caseworker, case=case, target=Stage.ASSISTANCE, reason=" ")
    with pytest.raises(PermissionDenied):
        services.case_transition(
            actor=world.user(Role.SCREENER), case=case, target=Stage.ASSISTANCE, reason="first help"
        )
    with pytest.raises(PermissionDenied):
        services.case_transition(
            actor=world.user(Role.CASEWORKER, other=True),
            case=case,
            target=Stage.ASSISTANCE,
            reason="first help",
        )
    moved = services.case_transition(
        actor=caseworker, case=case, target=Stage.ASSISTANCE, reason="first help"
    )
    assert moved.reflection_ends_on - moved.reflection_starts_on == datetime.timedelta(days=30)
    assert Task.objects.filter(case=case, kind=Task.Kind.REFLECTION_END).exists()
    with pytest.raises(ValidationError):
        services.case_transition(actor=caseworker, case=moved, target=Stage.CLOSED, reason="done")
    closed = services.case_transition(
        actor=caseworker,
        case=moved,
        target=Stage.CLOSED,
        reason="done",
        closure_reason="support_completed",
    )
    assert closed.htcds_status == "Closed"
    reopened = services.case_transition(
        actor=caseworker, case=closed, target=Stage.ASSISTANCE, reason="came back"
    )
    assert reopened.closed_on is None
    assert list(reopened.stage_changes.values_list("to_stage", flat=True)) == [
        "assistance",
        "closed",
        "assistance",
    ]


def test_consent_withdrawal_takes_effect_at_once(world):
    case = register(world)
    actor = world.user(Role.CASEWORKER)
    assert not services.consent_in_force(case, "share_domestic")
    services.consent_record(
        actor=actor,
        case=case,
        purpose="share_domestic",
        given=True,
        method="oral_interpreter",
        language="vi",
    )
    assert services.consent_in_force(case, "share_domestic")
    services.consent_record(
        actor=actor, case=case, purpose="share_domestic", given=False, method="oral", language="vi"
    )
    assert not services.consent_in_force(case, "share_domestic")
    assert services.consents_in_force(case)["share_domestic"] is False


def test_scoping_and_read_audit(world):
    mine = register(world)
    theirs = register(world, other=True)
    caseworker = world.user(Role.CASEWORKER)
    assert list(selectors.case_list(actor=caseworker)) == [mine]
    with pytest.raises(Http404):
        selectors.case_get(actor=caseworker, pk=theirs.pk)
    selectors.case_get(actor=caseworker, pk=mine.pk)
    assert AuditEvent.objects.filter(action="case.viewed", object_id=str(mine.pk)).exists()
    assert not selectors.case_list(actor=world.user(Role.ANALYST)).exists()
    assert not selectors.case_list(actor=world.user(Role.SHELTER_MANAGER)).exists()


def test_screener_sees_only_cases_they_registered(world):
    by_screener = register(world, role=Role.SCREENER)
    register(world, family_name="Other")
    assert list(selectors.case_list(actor=world.user(Role.SCREENER))) == [by_screener]


@pytest.mark.parametrize("query", ["张伟", "Zhang Wei", "wei zhang", "ZHANGWEI", "張偉"])
def test_name_search_through_tokens(world, query):
    case = register(world)
    register(world, family_name="Müller", given_names="José")
    found = selectors.case_list(actor=world.user(Role.CASEWORKER), search=query)
    assert list(found) == [case]


def test_duplicate_candidates(world):
    case = register(world)
    candidates = selectors.duplicate_candidates(
        actor=world.user(Role.CASEWORKER),
        family_name="Zhang",
        given_names="Wei",
        birth_date=datetime.date(1990, 1, 1),
        sex="Masculine",
    )
    assert [c.person for c in candidates] == [case.person]
    assert candidates[0].reasons == ("name", "birth_year", "sex")
    assert candidates[0].cases == (case.reference,)
    other = selectors.duplicate_candidates(
        actor=world.user(Role.CASEWORKER, other=True), family_name="Zhang", given_names="Wei"
    )
    assert other == []


def test_documents_are_checked_by_content_and_encrypted(world):
    case = register(world)
    actor = world.user(Role.CASEWORKER)
    with pytest.raises(ValidationError):
        services.document_add(
            actor=actor,
            case=case,
            kind="identity",
            name="passport.pdf",
            data=b"MZ\x90\x00 not a pdf",
        )
    pdf = b"%PDF-1.4 synthetic test document"
    document = services.document_add(
        actor=actor, case=case, kind="identity", name="passport.pdf", data=pdf
    )
    assert document.content_type == "application/pdf"
    assert b"synthetic" not in bytes(Case.objects.get(pk=case.pk).documents.get().blob)
    from haven.cases.services.work import document_content

    assert document_content(document) == pdf


def test_consent_at_registration_is_for_assistance_only(world):
    case = register(world, role=Role.SCREENER)
    screener = world.user(Role.SCREENER)
    services.consent_record(
        actor=screener,
        case=case,
        purpose="assistance",
        given=True,
        method="oral",
        language="vi",
        at_registration=True,
    )
    assert services.consent_in_force(case, "assistance")
    with pytest.raises(PermissionDenied):
        services.consent_record(
            actor=screener,
            case=case,
            purpose="share_abroad",
            given=True,
            method="oral",
            language="vi",
            at_registration=True,
        )
    with pytest.raises(PermissionDenied):
        services.consent_record(
            actor=screener,
            case=case,
            purpose="assistance",
            given=False,
            method="oral",
            language="vi",
        )
