"""Writes of the screening app: start, answer, complete, and what follows a result."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts import policy
from haven.accounts.roles import Cap
from haven.audit.services import record
from haven.cases import services as case_services
from haven.cases import vocab
from haven.cases.models import Case
from haven.cases.models.consent import Method, Purpose
from haven.screening import actions
from haven.screening.engine import ANSWERS, ScreeningInputError, default_registry, evaluate_mapping
from haven.screening.models import LANGUAGE_CHOICES, Screening, Status
from haven.screening.selectors import STARTABLE

CHECKLIST: Final = ("private_place", "interpreter_independent", "consent", "can_stop")
FULL_INTERVIEW: Final = "ilo-ec-2009-adult-labour"
MAX_NOTE: Final = 2000

# ILO/EC indicator ids (and Palermo purposes) -> HTCDS exploitation types and control methods.
EXPLOITATION_BY_ID: Final = {
    "PURPOSE_SEXUAL_EXPLOITATION": vocab.ExploitationType.SEXUAL,
    "PURPOSE_FORCED_LABOUR": vocab.ExploitationType.FORCED_LABOUR,
    "PURPOSE_SLAVERY": vocab.ExploitationType.SERVITUDE,
    "PURPOSE_SERVITUDE": vocab.ExploitationType.SERVITUDE,
    "PURPOSE_ORGAN_REMOVAL": vocab.ExploitationType.ORGAN_REMOVAL,
    "PURPOSE_FORCED_BEGGING": vocab.ExploitationType.FORCED_BEGGING,
    "PURPOSE_CRIMINAL_ACTIVITIES": vocab.ExploitationType.OTHER,
    "PURPOSE_FORCED_MARRIAGE": vocab.ExploitationType.FORCED_MARRIAGE,
    "PURPOSE_ILLEGAL_ADOPTION": vocab.ExploitationType.FORCED_ADOPTION,
    "PURPOSE_SURROGACY": vocab.ExploitationType.SURROGACY,
    "CD05": vocab.ExploitationType.OTHER,  # forced into illicit or criminal activities
}
# Dimensions whose indicators describe labour exploitation in the labour instruments.
LABOUR_DIMENSIONS: Final = ("EX", "CD")
CONTROL_BY_ID: Final = {
    "CR01": vocab.ControlMethod.PHYSICAL_ABUSE,
    "CD04": vocab.ControlMethod.PHYSICAL_ABUSE,
    "CR03": vocab.ControlMethod.WITHHOLDS_DOCUMENTS,
    "CD01": vocab.ControlMethod.WITHHOLDS_DOCUMENTS,
    "CR04": vocab.ControlMethod.DEBT_BONDAGE,
    "CD02": vocab.ControlMethod.DEBT_BONDAGE,
    "CR06": vocab.ControlMethod.THREATS_LAW,
    "CD09": vocab.ControlMethod.THREATS_LAW,
    "CR07": vocab.ControlMethod.PHYSICAL_THREATS,
    "CD11": vocab.ControlMethod.PHYSICAL_THREATS,
    "CD10": vocab.ControlMethod.PHYSICAL_THREATS,
    "CR09": vocab.ControlMethod.THREATS_FAMILY,
    "CD13": vocab.ControlMethod.THREATS_FAMILY,
    "CR08": vocab.ControlMethod.PSYCHOLOGICAL_ABUSE,
    "CD15": vocab.ControlMethod.PSYCHOLOGICAL_ABUSE,
    "CD12": vocab.ControlMethod.PSYCHOLOGICAL_ABUSE,
    "CR10": vocab.ControlMethod.TAKES_EARNINGS,
    "CD14": vocab.ControlMethod.TAKES_EARNINGS,
    "EX08": vocab.ControlMethod.TAKES_EARNINGS,
    "EX01": vocab.ControlMethod.EXCESSIVE_HOURS,
    **{f"DR0{n}": vocab.ControlMethod.FALSE_PROMISES for n in range(1, 10)},
}


def _require(actor: Any, capability: Cap, obj: Any = None) -> None:
    if not policy.can(actor, capability, obj):
        raise PermissionDenied


def _locked(screening: Screening) -> Screening:
    return Screening.objects.select_for_update().get(pk=screening.pk)


def _require_status(screening: Screening, *allowed: str) -> None:
    if screening.status not in allowed:
        raise ValidationError(_("This screening can no longer be changed."))


def indicator_ids(result: Mapping[str, Any]) -> set[str]:
    """The ILO/EC ids a result points to: answered yes, their ILO/EC counterparts (ILO 2012)
    and, for first contact, the pre-filled ids."""
    ids = set(result.get("yes", [])) | set(result.get("prefill", {}))
    registry = default_registry()
    instrument_id = result.get("instrument", "")
    if instrument_id in registry:
        instrument = registry.get(instrument_id)
        for item_id in list(ids):
            if instrument.has_item(item_id):
                item = instrument.item(item_id)
                ids |= {c.counterpart for c in item.contributions if c.counterpart}
                ids |= set(item.prefill)
    return ids


def case_prefill(result: Mapping[str, Any], *, child: bool) -> dict[str, list[str]]:
    """HTCDS exploitation types and methods of control suggested by a result."""
    ids = indicator_ids(result)
    types = {EXPLOITATION_BY_ID[i] for i in ids if i in EXPLOITATION_BY_ID}
    if any(i[:2] in LABOUR_DIMENSIONS and i[2:].isdigit() for i in ids):
        types.add(
            vocab.ExploitationType.CHILD_LABOUR if child else vocab.ExploitationType.FORCED_LABOUR
        )
    controls = {CONTROL_BY_ID[i] for i in ids if i in CONTROL_BY_ID}
    return {
        "exploitation_types": sorted(str(t) for t in types),
        "methods_of_control": sorted(str(c) for c in controls),
    }


@transaction.atomic
def screening_start(
    *,
    actor: Any,
    organisation: Any,
    instrument: str,
    interview_language: str,
    question_language: str,
    interpreter_used: bool,
    checklist: Iterable[str],
    subject_age: int | None = None,
    subject_age_uncertain: bool = False,
    answers: Mapping[str, str] | None = None,
    continued_from: Screening | None = None,
    request: HttpRequest | None = None,
) -> Screening:
    """Start an interview. All four safety and ethics checks must be confirmed."""
    _require(actor, Cap.SCREENING_RUN, organisation)
    confirmed = set(checklist)
    missing = [c for c in CHECKLIST if c not in confirmed]
    if missing:
        raise ValidationError(
            {"checklist": _("Confirm every safety and ethics check before you start.")}
        )
    if instrument not in STARTABLE:
        raise ValidationError({"instrument": _("Choose an instrument.")})
    if question_language not in dict(LANGUAGE_CHOICES):
        raise ValidationError({"question_language": _("Choose a question language.")})
    definition = default_registry().get(instrument)
    prefilled = {k: v for k, v in (answers or {}).items() if definition.has_item(k)}
    screening = Screening(
        organisation=organisation,
        screener=actor,
        instrument=definition.id,
        instrument_version=definition.version,
        started_at=timezone.now(),
        interview_language=interview_language.strip(),
        question_language=question_language,
        interpreter_used=interpreter_used,
        checklist=dict.fromkeys(CHECKLIST, True),
        subject_age=subject_age,
        subject_age_uncertain=subject_age_uncertain,
        answers=prefilled,
        continued_from=continued_from,
    )
    screening.full_clean()
    screening.save()
    record(
        actor=actor,
        action=actions.SCREENING_STARTED,
        obj=screening,
        request=request,
        details={
            "instrument": definition.id,
            "instrument_version": definition.version,
            "interpreter": interpreter_used,
            "prefilled": len(prefilled),
        },
    )
    return screening


@transaction.atomic
def screening_answer(
    *,
    actor: Any,
    screening: Screening,
    answers: Mapping[str, str],
    notes: Mapping[str, str] | None = None,
    question_language: str | None = None,
    request: HttpRequest | None = None,
) -> Screening:
    """Save one step: answers (yes/no/unknown) and notes of its items. Stays a draft."""
    _require(actor, Cap.SCREENING_RUN, screening)
    locked = _locked(screening)
    _require_status(locked, Status.DRAFT)
    definition = default_registry().get(locked.instrument)
    bad = sorted(k for k, v in answers.items() if not definition.has_item(k) or v not in ANSWERS)
    if bad:
        raise ValidationError(_("Some answers are not valid."))
    merged = dict(locked.answers)
    for item_id, value in answers.items():
        if value == "unknown":
            merged.pop(item_id, None)
        else:
            merged[item_id] = value
    locked.answers = merged
    stored_notes = dict(locked.notes or {})
    for item_id, text in (notes or {}).items():
        if not definition.has_item(item_id):
            continue
        text = text.strip()[:MAX_NOTE]
        if text:
            stored_notes[item_id] = text
        else:
            stored_notes.pop(item_id, None)
    locked.notes = stored_notes
    if question_language in dict(LANGUAGE_CHOICES):
        locked.question_language = question_language
    locked.full_clean()
    locked.save()
    record(
        actor=actor,
        action=actions.SCREENING_ANSWERED,
        obj=locked,
        request=request,
        details={"answered_count": len(answers), "notes_count": len(stored_notes)},
    )
    return locked


def _evaluate(screening: Screening) -> dict[str, Any]:
    data = {
        "instrument": screening.instrument,
        "answers": dict(screening.answers),
        "subject": {"age": screening.subject_age, "age_uncertain": screening.subject_age_uncertain},
    }
    try:
        return evaluate_mapping(data)
    except ScreeningInputError as exc:
        raise ValidationError(list(exc.problems)) from None


@transaction.atomic
def screening_complete(
    *, actor: Any, screening: Screening, request: HttpRequest | None = None
) -> Screening:
    """Evaluate the answers with the engine and store its result document."""
    _require(actor, Cap.SCREENING_RUN, screening)
    locked = _locked(screening)
    _require_status(locked, Status.DRAFT)
    result = _evaluate(locked)
    locked.result = result
    locked.outcome = result["outcome"]
    locked.instrument_version = result["instrument_version"]
    locked.status = Status.COMPLETED
    locked.completed_at = timezone.now()
    locked.full_clean()
    locked.save()
    record(
        actor=actor,
        action=actions.SCREENING_COMPLETED,
        obj=locked,
        request=request,
        details={
            "instrument": locked.instrument,
            "outcome": locked.outcome,
            "child_rules": bool(result.get("child_rules_applied")),
        },
    )
    return locked


@transaction.atomic
def screening_no_referral(
    *, actor: Any, screening: Screening, reason: str, request: HttpRequest | None = None
) -> Screening:
    _require(actor, Cap.SCREENING_RUN, screening)
    locked = _locked(screening)
    _require_status(locked, Status.COMPLETED)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why there is no referral.")})
    locked.no_referral_reason = reason.strip()
    locked.status = Status.NO_REFERRAL
    locked.full_clean()
    locked.save()
    record(
        actor=actor,
        action=actions.SCREENING_NO_REFERRAL,
        obj=locked,
        request=request,
        details={"outcome": locked.outcome},
    )
    return locked


@transaction.atomic
def screening_register_case(
    *,
    actor: Any,
    screening: Screening,
    consent_given: bool,
    family_name: str = "",
    given_names: str = "",
    guardian: str = "",
    request: HttpRequest | None = None,
) -> Case:
    """Register the person as a possible victim and open a case pre-filled from the result."""
    _require(actor, Cap.SCREENING_RUN, screening)
    _require(actor, Cap.CASE_REGISTER, screening.organisation)
    locked = _locked(screening)
    _require_status(locked, Status.COMPLETED)
    if not consent_given:
        raise ValidationError(
            {"consent_given": _("Confirm that the person consents to assistance.")}
        )
    result = locked.result or {}
    child = bool(result.get("child_rules_applied"))
    prefill = case_prefill(result, child=child)
    person = case_services.person_register(
        actor=actor,
        organisation=locked.organisation,
        request=request,
        family_name=family_name.strip(),
        given_names=given_names.strip(),
        estimated_age=locked.subject_age,
        age_uncertain=locked.subject_age_uncertain,
    )
    case = case_services.case_open(
        actor=actor,
        person=person,
        request=request,
        reasons_to_believe_child=child,
        trafficking_status=vocab.TraffickingStatus.POSSIBLE,
        exploitation_types=prefill["exploitation_types"],
        methods_of_control=prefill["methods_of_control"],
    )
    method = Method.ORAL_INTERPRETER if locked.interpreter_used else Method.ORAL
    case_services.consent_record(
        actor=actor,
        case=case,
        purpose=Purpose.ASSISTANCE,
        given=True,
        at_registration=True,
        method=method,
        language=locked.interview_language[:20] or locked.question_language,
        guardian=guardian,
        request=request,
    )
    locked.case = case
    locked.status = Status.REFERRED
    locked.full_clean()
    locked.save()
    record(
        actor=actor,
        action=actions.SCREENING_CASE_REGISTERED,
        obj=locked,
        request=request,
        details={"case": str(case.pk), "outcome": locked.outcome},
    )
    return case


@transaction.atomic
def screening_continue_full(
    *, actor: Any, screening: Screening, request: HttpRequest | None = None
) -> Screening:
    """From a first-contact result with red flags: start the full interview, pre-filled."""
    _require(actor, Cap.SCREENING_RUN, screening)
    result = screening.result or {}
    if screening.status != Status.COMPLETED or result.get("outcome") != "run_full_interview":
        raise ValidationError(_("Only a first-contact result with red flags leads on."))
    return screening_start(
        actor=actor,
        organisation=screening.organisation,
        instrument=result.get("prefill_instrument") or FULL_INTERVIEW,
        interview_language=screening.interview_language,
        question_language=screening.question_language,
        interpreter_used=screening.interpreter_used,
        checklist=[c for c, ok in screening.checklist.items() if ok],
        subject_age=screening.subject_age,
        subject_age_uncertain=screening.subject_age_uncertain,
        answers=result.get("prefill", {}),
        continued_from=screening,
        request=request,
    )
