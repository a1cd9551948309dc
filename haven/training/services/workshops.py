"""Workshops: create and change them, enrol trainees, assign case studies, open the tests.

Each write runs in one transaction, checks ``Cap.TRAINING_MANAGE`` on the workshop's
organisation and records an audit event with codes, ids and counts only.

Trainees: a trainer enrols existing trainee accounts of the workshop's organisation (a user
with an active membership there holding the trainee role), found by user name or e-mail. A
trainer cannot create accounts: that is the organisation administrator's capability
(``Cap.USERS_MANAGE``). When the acting user holds both, a CSV row naming an unknown user
name creates that trainee account through ``accounts.services.user_create``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from haven.accounts import policy
from haven.accounts import services as account_services
from haven.accounts.models import Organisation, User
from haven.accounts.roles import Cap, Role
from haven.audit.services import record
from haven.training import actions
from haven.training.catalogue import catalogue
from haven.training.models import DEFAULT_QUIZ, Assignment, Enrolment, Workshop
from haven.training.vocab import LANGUAGE_CHOICES

MAX_ROWS = 500
CHANGEABLE = {"title", "title_zh", "place", "starts_on", "ends_on", "languages", "description"}


def require_manage(actor: Any, obj: Any = None) -> None:
    if not policy.can(actor, Cap.TRAINING_MANAGE, obj):
        raise PermissionDenied


def _clean_languages(languages: Iterable[str]) -> list[str]:
    codes = list(dict.fromkeys(languages))
    known = [code for code, _label in LANGUAGE_CHOICES]
    if not codes or set(codes) - set(known):
        raise ValidationError({"languages": _("Choose the languages of the workshop.")})
    return [code for code in known if code in codes]


def _check_dates(starts_on: datetime.date, ends_on: datetime.date) -> None:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The last day must be on or after the first day.")})


@transaction.atomic
def workshop_create(
    *,
    actor: Any,
    organisation: Organisation,
    title: str,
    place: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    languages: Iterable[str],
    title_zh: str = "",
    description: str = "",
    quiz: str = DEFAULT_QUIZ,
    request: HttpRequest | None = None,
) -> Workshop:
    require_manage(actor, organisation)
    _check_dates(starts_on, ends_on)
    if catalogue().quiz(quiz) is None:
        raise ValidationError({"quiz": _("Choose a quiz from the list.")})
    workshop = Workshop(
        organisation=organisation,
        title=title.strip(),
        title_zh=title_zh.strip(),
        place=place.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        languages=_clean_languages(languages),
        description=description.strip(),
        quiz=quiz,
        created_by=actor,
    )
    workshop.full_clean()
    workshop.save()
    record(
        actor=actor,
        action=actions.WORKSHOP_CREATED,
        obj=workshop,
        request=request,
        details={"days": workshop.days, "languages": workshop.languages},
    )
    return workshop


def _locked(workshop: Workshop) -> Workshop:
    return Workshop.objects.select_for_update().get(pk=workshop.pk)


@transaction.atomic
def workshop_update(
    *, actor: Any, workshop: Workshop, request: HttpRequest | None = None, **changes: Any
) -> Workshop:
    """Change the workshop's details (``CHANGEABLE`` fields only)."""
    require_manage(actor, workshop)
    if set(changes) - CHANGEABLE:
        raise PermissionDenied
    locked = _locked(workshop)
    if "languages" in changes:
        changes["languages"] = _clean_languages(changes["languages"])
    changed = []
    for name, value in changes.items():
        value = value.strip() if isinstance(value, str) else value
        if getattr(locked, name) != value:
            setattr(locked, name, value)
            changed.append(name)
    _check_dates(locked.starts_on, locked.ends_on)
    locked.full_clean()
    locked.save()
    record(
        actor=actor,
        action=actions.WORKSHOP_UPDATED,
        obj=locked,
        request=request,
        details={"fields": sorted(changed)},
    )
    return locked


@transaction.atomic
def workshop_set_tests(
    *,
    actor: Any,
    workshop: Workshop,
    pre_test_open: bool | None = None,
    post_test_open: bool | None = None,
    request: HttpRequest | None = None,
) -> Workshop:
    """Open or close the pre-test and the post-test (``None`` leaves one as it is)."""
    require_manage(actor, workshop)
    locked = _locked(workshop)
    if pre_test_open is not None:
        locked.pre_test_open = pre_test_open
    if post_test_open is not None:
        locked.post_test_open = post_test_open
    locked.save(update_fields=["pre_test_open", "post_test_open", "updated_at"])
    record(
        actor=actor,
        action=actions.WORKSHOP_TESTS,
        obj=locked,
        request=request,
        details={"pre_test_open": locked.pre_test_open, "post_test_open": locked.post_test_open},
    )
    return locked


@transaction.atomic
def workshop_assign(
    *,
    actor: Any,
    workshop: Workshop,
    case_studies: Sequence[str],
    request: HttpRequest | None = None,
) -> list[Assignment]:
    """Set the case studies of the workshop, in this order (exercises already done stay)."""
    require_manage(actor, workshop)
    ids = list(dict.fromkeys(case_studies))
    unknown = [i for i in ids if catalogue().case_study(i) is None]
    if unknown:
        raise ValidationError({"case_studies": _("Choose case studies from the list.")})
    locked = _locked(workshop)
    Assignment.objects.filter(workshop=locked).exclude(case_study__in=ids).delete()
    existing = {a.case_study: a for a in Assignment.objects.filter(workshop=locked)}
    assignments = []
    for position, case_id in enumerate(ids):
        assignment = existing.get(case_id) or Assignment(workshop=locked, case_study=case_id)
        assignment.position = position
        assignment.save()
        assignments.append(assignment)
    record(
        actor=actor,
        action=actions.WORKSHOP_ASSIGNED,
        obj=locked,
        request=request,
        details={"case_studies": ids},
    )
    return assignments


# ------------------------------------------------------------------------------ enrolment


def eligible_trainees(organisation: Organisation) -> QuerySet[User]:
    """Active users holding the trainee role in an active membership of ``organisation``."""
    return User.objects.filter(
        is_active=True,
        memberships__organisation=organisation,
        memberships__is_active=True,
        memberships__grants__role=Role.TRAINEE,
    ).distinct()


@dataclass(frozen=True)
class EnrolRow:
    """One trainee to enrol: found by user name or e-mail; ``full_name`` only to create."""

    line: int
    username: str = ""
    email: str = ""
    full_name: str = ""

    @property
    def label(self) -> str:
        return self.username or self.email


@dataclass
class EnrolResult:
    added: list[Enrolment] = field(default_factory=list)
    already: int = 0
    created: list[Any] = field(default_factory=list)  # invitations of new accounts


def _find(row: EnrolRow, organisation: Organisation) -> tuple[User | None, str]:
    """The user a row names (or None) and, when they cannot be enrolled, why."""
    users = User.objects.all()
    if row.username:
        matches = list(users.filter(username__iexact=row.username)[:2])
    elif row.email:
        matches = list(users.filter(email__iexact=row.email)[:2])
    else:
        return None, _("Give a user name or an e-mail address.")
    if len(matches) > 1:
        return None, _("More than one account has this e-mail address; use the user name.")
    if not matches:
        return None, ""
    user = matches[0]
    if not eligible_trainees(organisation).filter(pk=user.pk).exists():
        return None, _("This account is not an active trainee of the workshop's organisation.")
    return user, ""


def _row_error(row: EnrolRow, message: str) -> str:
    return _("Line {line} ({who}): {message}").format(
        line=row.line, who=row.label or "–", message=message
    )


@transaction.atomic
def workshop_enrol(
    *,
    actor: Any,
    workshop: Workshop,
    rows: Sequence[EnrolRow],
    request: HttpRequest | None = None,
) -> EnrolResult:
    """Enrol the trainees ``rows`` name: all of them or, when any row is wrong, none (every
    problem is reported). Already enrolled trainees are counted and skipped."""
    require_manage(actor, workshop)
    if not rows:
        raise ValidationError(_("Name at least one trainee."))
    if len(rows) > MAX_ROWS:
        raise ValidationError(
            _("At most {limit} trainees at a time.").format(limit=MAX_ROWS), code="too_many"
        )
    organisation = workshop.organisation
    may_create = policy.can(actor, Cap.USERS_MANAGE, organisation)
    found: list[User] = []
    to_create: list[EnrolRow] = []
    errors: list[str] = []
    for row in rows:
        user, problem = _find(row, organisation)
        if problem:
            errors.append(_row_error(row, problem))
        elif user is not None:
            found.append(user)
        elif may_create and row.username:
            to_create.append(row)
        else:
            errors.append(
                _row_error(
                    row,
                    _(
                        "No trainee account. Ask your organisation's administrator to create it "
                        "with the trainee role."
                    ),
                )
            )
    if errors:
        raise ValidationError(errors)
    result = EnrolResult()
    for row in to_create:
        invitation = account_services.user_create(
            actor=actor,
            organisation=organisation,
            username=row.username,
            roles=[Role.TRAINEE.value],
            full_name=row.full_name,
            email=row.email,
            request=request,
        )
        result.created.append(invitation)
        found.append(invitation.user)
    enrolled = set(Enrolment.objects.filter(workshop=workshop).values_list("trainee_id", flat=True))
    for user in dict.fromkeys(found):
        if user.pk in enrolled:
            result.already += 1
            continue
        enrolled.add(user.pk)
        result.added.append(
            Enrolment.objects.create(workshop=workshop, trainee=user, enrolled_by=actor)
        )
    record(
        actor=actor,
        action=actions.WORKSHOP_ENROLLED,
        obj=workshop,
        request=request,
        details={
            "added_count": len(result.added),
            "already_count": result.already,
            "created_count": len(result.created),
        },
    )
    return result


@transaction.atomic
def workshop_unenrol(
    *, actor: Any, enrolment: Enrolment, request: HttpRequest | None = None
) -> None:
    """Remove a trainee from a workshop, with their tests (their exercises stay theirs)."""
    workshop = enrolment.workshop
    require_manage(actor, workshop)
    trainee_id = enrolment.trainee_id
    enrolment.delete()
    record(
        actor=actor,
        action=actions.WORKSHOP_UNENROLLED,
        obj=workshop,
        request=request,
        details={"trainee": str(trainee_id)},
    )


@transaction.atomic
def workshop_record_export(
    *, actor: Any, workshop: Workshop, kind: str, rows: int, request: HttpRequest | None = None
) -> None:
    """Audit an export of results (``kind``: csv, xlsx) or a print of certificates (pdf)."""
    require_manage(actor, workshop)
    record(
        actor=actor,
        action=actions.WORKSHOP_CERTIFICATES if kind == "pdf" else actions.WORKSHOP_EXPORTED,
        obj=workshop,
        request=request,
        details={"format": kind, "rows": rows},
    )
