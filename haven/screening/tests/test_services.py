"""Services of stored screenings: start, answer, complete, register a case, no referral."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.cases import vocab
from haven.cases.models.consent import Consent, Purpose
from haven.screening import actions, selectors, services
from haven.screening.models import Screening, Status
from haven.screening.services import CHECKLIST
from haven.screening.tests import factories

pytestmark = pytest.mark.django_db


def _start(world, role=Role.SCREENER, **kwargs):
    return factories.start(world.user(role), world.org_a, **kwargs)


@pytest.mark.parametrize("missing", CHECKLIST)
def test_start_requires_the_full_checklist(world, missing):
    with pytest.raises(ValidationError) as exc:
        _start(world, checklist=[c for c in CHECKLIST if c != missing])
    assert "checklist" in exc.value.message_dict
    assert not Screening.objects.exists()


def test_start_records_languages_and_audit(world):
    screening = _start(world, question_language="zh-hans", interview_language="English")
    assert screening.status == Status.DRAFT
    assert screening.question_language == "zh-hans"
    assert screening.interview_language == "English"
    assert screening.instrument_version == "1.0.0"
    assert screening.checklist == dict.fromkeys(CHECKLIST, True)
    event = AuditEvent.objects.get(action=actions.SCREENING_STARTED)
    assert event.object_id == str(screening.pk)
    assert event.organisation_id == world.org_a.pk


def test_analyst_and_other_organisation_may_not_start(world):
    with pytest.raises(PermissionDenied):
        factories.start(world.user(Role.ANALYST), world.org_a)
    with pytest.raises(PermissionDenied):
        factories.start(world.user(Role.SCREENER), world.org_b)


def test_answers_are_saved_as_draft_with_encrypted_notes(world):
    screening = _start(world)
    saved = services.screening_answer(
        actor=world.user(Role.SCREENER),
        screening=screening,
        answers={"DR01": "yes", "DR02": "no", "DR03": "unknown"},
        notes={"DR01": "Promised a restaurant job", "DR02": ""},
    )
    saved.refresh_from_db()
    assert saved.status == Status.DRAFT
    assert saved.answers == {"DR01": "yes", "DR02": "no"}
    assert saved.notes == {"DR01": "Promised a restaurant job"}
    raw = Screening.objects.filter(pk=saved.pk).values_list("notes", flat=True).get()
    assert "restaurant" not in raw
    assert AuditEvent.objects.filter(action=actions.SCREENING_ANSWERED).count() == 1


def test_bad_answers_are_refused(world):
    screening = _start(world)
    with pytest.raises(ValidationError):
        services.screening_answer(
            actor=world.user(Role.SCREENER), screening=screening, answers={"XX99": "yes"}
        )
    with pytest.raises(ValidationError):
        services.screening_answer(
            actor=world.user(Role.SCREENER), screening=screening, answers={"DR01": "maybe"}
        )


def test_completion_stores_the_engine_result(world):
    screener = world.user(Role.SCREENER)
    screening = _start(world)
    services.screening_answer(
        actor=screener, screening=screening, answers={"DR01": "yes", "CD01": "yes"}
    )
    done = services.screening_complete(actor=screener, screening=screening)
    done.refresh_from_db()
    assert done.status == Status.COMPLETED
    assert done.completed_at is not None
    assert done.result["instrument"] == "ilo-ec-2009-adult-labour"
    assert done.result["outcome"] == done.outcome
    assert "DR01" in done.result["dimensions"]["DR"]["yes"]
    event = AuditEvent.objects.get(action=actions.SCREENING_COMPLETED)
    assert event.details["outcome"] == done.outcome
    with pytest.raises(ValidationError):
        services.screening_answer(actor=screener, screening=done, answers={"DR02": "yes"})


def test_register_case_prefills_types_consent_and_links(world):
    screener = world.user(Role.SCREENER)
    screening = _start(world)
    services.screening_answer(
        actor=screener,
        screening=screening,
        answers={"DR01": "yes", "CD01": "yes", "CD02": "yes", "EX01": "yes"},
    )
    screening = services.screening_complete(actor=screener, screening=screening)
    with pytest.raises(ValidationError):
        services.screening_register_case(actor=screener, screening=screening, consent_given=False)
    case = services.screening_register_case(
        actor=screener, screening=screening, consent_given=True, family_name="Nguyen"
    )
    screening.refresh_from_db()
    assert screening.case == case
    assert screening.status == Status.REFERRED
    assert case.trafficking_status == vocab.TraffickingStatus.POSSIBLE
    assert vocab.ExploitationType.FORCED_LABOUR in case.exploitation_types
    assert set(case.methods_of_control) >= {
        vocab.ControlMethod.WITHHOLDS_DOCUMENTS,
        vocab.ControlMethod.DEBT_BONDAGE,
        vocab.ControlMethod.EXCESSIVE_HOURS,
        vocab.ControlMethod.FALSE_PROMISES,
    }
    assert case.person.estimated_age == 30
    consent = Consent.objects.get(case=case)
    assert consent.purpose == Purpose.ASSISTANCE
    assert consent.given
    assert consent.method == "oral_interpreter"
    assert AuditEvent.objects.filter(action=actions.SCREENING_CASE_REGISTERED).exists()
    assert AuditEvent.objects.filter(action="consent.recorded", object_id=str(case.pk)).exists()


def test_register_case_as_caseworker_uses_consent_record(world):
    worker = world.user(Role.CASEWORKER)
    screening = factories.completed_first_contact(worker, world.org_a, {"FC05": "yes"})
    case = services.screening_register_case(actor=worker, screening=screening, consent_given=True)
    assert vocab.ControlMethod.DEBT_BONDAGE in case.methods_of_control
    assert Consent.objects.filter(case=case, given=True).count() == 1


def test_register_case_for_a_child_needs_a_guardian(world):
    screener = world.user(Role.SCREENER)
    screening = factories.start(screener, world.org_a, "first-contact", subject_age=15)
    screening = services.screening_complete(actor=screener, screening=screening)
    with pytest.raises(ValidationError):
        services.screening_register_case(actor=screener, screening=screening, consent_given=True)
    case = services.screening_register_case(
        actor=screener, screening=screening, consent_given=True, guardian="Appointed guardian"
    )
    assert case.is_child


def test_no_referral_requires_a_reason(world):
    screener = world.user(Role.SCREENER)
    screening = factories.completed_first_contact(screener, world.org_a, {"FC01": "no"})
    with pytest.raises(ValidationError):
        services.screening_no_referral(actor=screener, screening=screening, reason="  ")
    done = services.screening_no_referral(
        actor=screener, screening=screening, reason="Person declined any help."
    )
    done.refresh_from_db()
    assert done.status == Status.NO_REFERRAL
    assert done.no_referral_reason == "Person declined any help."
    event = AuditEvent.objects.get(action=actions.SCREENING_NO_REFERRAL)
    assert "declined" not in str(event.details)


def test_first_contact_continue_prefills_the_full_interview(world):
    screener = world.user(Role.SCREENER)
    first = factories.completed_first_contact(screener, world.org_a, {"FC01": "yes", "FC06": "yes"})
    assert first.outcome == "run_full_interview"
    full = services.screening_continue_full(actor=screener, screening=first)
    assert full.instrument == "ilo-ec-2009-adult-labour"
    assert full.status == Status.DRAFT
    assert full.continued_from == first
    assert full.answers == {"CD01": "yes", "DR01": "yes", "ACT_RECRUITMENT": "yes"}
    assert full.interview_language == first.interview_language


def test_continue_needs_red_flags(world):
    screener = world.user(Role.SCREENER)
    first = factories.completed_first_contact(
        screener, world.org_a, {f"FC{n:02d}": "no" for n in range(1, 13)}
    )
    assert first.outcome == "no_red_flags"
    with pytest.raises(ValidationError):
        services.screening_continue_full(actor=screener, screening=first)


def test_selectors_scope_and_audit_reads(world):
    screener = world.user(Role.SCREENER)
    mine = factories.completed_first_contact(screener, world.org_a, {"FC01": "yes"})
    theirs = factories.start(world.user(Role.SCREENER, other=True), world.org_b)
    assert list(selectors.screening_list(actor=world.user(Role.COORDINATOR))) == [mine]
    with pytest.raises(PermissionDenied):
        selectors.screening_list(actor=world.user(Role.ANALYST))
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.screening_get(actor=screener, pk=theirs.pk)
    selectors.screening_get(actor=screener, pk=mine.pk)
    assert AuditEvent.objects.filter(
        action=actions.SCREENING_VIEWED, object_id=str(mine.pk)
    ).exists()


def test_case_prefill_maps_purposes_and_ilo_2012_counterparts():
    prefill = services.case_prefill(
        {
            "instrument": "ilo-2012-forced-labour",
            "yes": ["FL07", "PURPOSE_SEXUAL_EXPLOITATION"],
        },
        child=False,
    )
    assert vocab.ExploitationType.SEXUAL in prefill["exploitation_types"]
    assert vocab.ExploitationType.FORCED_LABOUR in prefill["exploitation_types"]
    assert vocab.ControlMethod.WITHHOLDS_DOCUMENTS in prefill["methods_of_control"]
