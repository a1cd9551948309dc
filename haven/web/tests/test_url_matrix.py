"""Every URL x anonymous / every role / another organisation's object.

Anonymous -> sign-in page (web) or 401 (API); a role without the capability -> 403; an object
of another organisation -> 404. The table must name every URL pattern: a new URL without a
row fails ``test_every_url_is_in_the_table``.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from haven.accounts import policy
from haven.accounts.models import Membership
from haven.accounts.roles import ALL, Cap, Role
from haven.cases import services as case_services
from haven.exchange.tests import url_matrix as exchange_matrix
from haven.referrals.tests import factories as referral_factories
from haven.screening.tests import factories as screening_factories
from haven.shelters.tests import url_matrix as shelters_matrix
from haven.stats.tests import url_matrix as stats_matrix
from haven.training.tests import url_matrix as training_matrix
from haven.web.tests.matrix import PUBLIC, SIGNED_IN, Spec
from haven.web.tests.matrix import made as _made
from haven.web.tests.matrix import matrix_case as _matrix_case

pytestmark = pytest.mark.django_db


def _target(world: Any, actor: Any, other: bool) -> Any:
    """The object a request is about: org A's trainee, or org B's (other=True)."""
    return world.user(Role.TRAINEE, other=other)


def user_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"pk": _target(world, actor, other).pk}


def self_membership_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    """Membership routes act on the actor's own membership (refused or a no-op: no side
    effects), or on org B's trainee for the cross-organisation check."""
    if other:
        target = _target(world, actor, True)
        return {"pk": target.pk, "membership": Membership.objects.get(user=target).pk}
    return {"pk": actor.pk, "membership": Membership.objects.get(user=actor).pk}


def org_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"pk": (world.org_b if other else world.org_a).pk}


def case_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"pk": _matrix_case(world, other).pk}


def case_document_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    def make() -> Any:
        return case_services.document_add(
            actor=world.user(Role.CASEWORKER, other=other),
            case=_matrix_case(world, other),
            kind="other",
            name="matrix.pdf",
            data=b"%PDF-1.4 matrix",
        )

    document = _made(world, "document", other, make)
    return {"pk": document.case_id, "document": document.pk}


def case_item_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"pk": _matrix_case(world, other).pk, "kind": "assessment"}


def _matrix_task(world: Any, other: bool) -> Any:
    def make() -> Any:
        case = _matrix_case(world, other)
        return case_services.task_save(
            actor=world.user(Role.CASEWORKER, other=other),
            case=case,
            title="Matrix task",
            due_on=case.identified_on,
        )

    return _made(world, "task", other, make)


def case_task_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    task = _matrix_task(world, other)
    return {"pk": task.case_id, "task": task.pk}


def task_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"pk": _matrix_task(world, other).pk}


def referral_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    """A referral org A received (from org B), or one between org B and a third org."""
    return {"pk": referral_factories.matrix_received(world, other).pk}


def sent_referral_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    """A referral org A sent (to org B), or one between org B and a third org."""
    return {"pk": referral_factories.matrix_sent(world, other).pk}


def referral_document_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    referral, document = referral_factories.matrix_document(world, other)
    return {"pk": referral.pk, "document": document}


def referral_case_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"case": referral_factories.matrix_case(world, other).pk}


def service_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    """An unpublished service of org A (or org B): only its managers see it."""
    return {"pk": referral_factories.matrix_service(world, other).pk}


USERS = (Cap.USERS_MANAGE,)
ORGS = (Cap.ORGS_MANAGE,)
AUDIT = (Cap.AUDIT_READ,)
REFERRALS = (Cap.REFERRAL_SEND, Cap.REFERRAL_ANSWER)
ANSWER = (Cap.REFERRAL_ANSWER,)
SEND = (Cap.REFERRAL_SEND,)
SERVICES = (Cap.REFERRAL_ANSWER, Cap.USERS_MANAGE)
DIRECTORY = (Cap.REFERRAL_SEND, Cap.REFERRAL_ANSWER, Cap.USERS_MANAGE)
CASES_READ = (Cap.CASE_READ, Cap.CASE_READ_SCREENED)
CASES_EDIT = (Cap.CASE_EDIT,)
CASE_READ = (Cap.CASE_READ, Cap.CASE_READ_SCREENED)

TABLE: dict[str, Spec] = {
    "web:home": Spec(SIGNED_IN),
    "web:live": Spec(PUBLIC),
    "web:ready": Spec(PUBLIC),
    "ops:metrics": Spec(PUBLIC, ok=(404,)),
    "accounts:login": Spec(PUBLIC, ok=(200, 302)),
    "accounts:login_verify": Spec(PUBLIC, ok=(302,)),
    "accounts:logout": Spec(PUBLIC, ok=(405,)),
    "accounts:language": Spec(PUBLIC, ok=(405,)),
    "accounts:password_reset": Spec(PUBLIC),
    "accounts:password_reset_done": Spec(PUBLIC),
    "accounts:password_set": Spec(
        PUBLIC, kwargs=lambda w, a, o: {"uidb64": "MQ", "token": "bad-token"}
    ),
    "accounts:preferences": Spec(SIGNED_IN),
    "accounts:password_change": Spec(SIGNED_IN),
    "accounts:two_factor": Spec(SIGNED_IN),
    "accounts:two_factor_disable": Spec(SIGNED_IN),
    "accounts:user_list": Spec(USERS),
    "accounts:user_create": Spec(USERS),
    "accounts:user_detail": Spec(USERS, kwargs=user_kwargs),
    "accounts:user_edit": Spec(USERS, kwargs=user_kwargs),
    "accounts:user_password_link": Spec(USERS, kwargs=user_kwargs),
    "accounts:user_reset_two_factor": Spec(USERS, kwargs=user_kwargs),
    "accounts:membership_add": Spec(ORGS, ok=(302,), method="post", kwargs=user_kwargs),
    "accounts:membership_roles": Spec(
        USERS, ok=(302,), method="post", kwargs=self_membership_kwargs
    ),
    "accounts:membership_deactivate": Spec(USERS, kwargs=self_membership_kwargs),
    "accounts:membership_reactivate": Spec(USERS, kwargs=self_membership_kwargs),
    "accounts:organisation_list": Spec(ORGS),
    "accounts:organisation_create": Spec(ORGS),
    "accounts:organisation_detail": Spec((Cap.ORGS_MANAGE, Cap.USERS_MANAGE), kwargs=org_kwargs),
    "accounts:organisation_edit": Spec((Cap.ORGS_MANAGE, Cap.USERS_MANAGE), kwargs=org_kwargs),
    "audit:event_list": Spec(AUDIT),
    "cases:list": Spec(CASE_READ),
    "cases:register": Spec((Cap.CASE_REGISTER,)),
    "cases:detail": Spec(CASE_READ, kwargs=case_kwargs),
    "cases:edit": Spec((Cap.CASE_EDIT,), kwargs=case_kwargs),
    "cases:person_edit": Spec((Cap.CASE_EDIT,), kwargs=case_kwargs),
    "cases:transition": Spec((Cap.CASE_TRANSITION,), kwargs=case_kwargs),
    "cases:consent": Spec((Cap.CASE_TRANSITION,), kwargs=case_kwargs),
    "cases:add_item": Spec((Cap.CASE_EDIT,), kwargs=case_item_kwargs),
    "cases:note_add": Spec((Cap.CASE_EDIT,), kwargs=case_kwargs),
    "cases:document_add": Spec((Cap.CASE_EDIT,), kwargs=case_kwargs),
    "cases:document": Spec((Cap.CASE_EDIT,), kwargs=case_document_kwargs),
    "cases:task_done": Spec((Cap.CASE_EDIT,), ok=(302,), method="post", kwargs=case_task_kwargs),
    "cases:my_tasks": Spec(CASE_READ),
    "cases:export": Spec((Cap.CASE_EXPORT_HTCDS,)),
    "api:case_export": Spec((Cap.CASE_EXPORT_HTCDS,), api=True),
    "api:case_import": Spec((Cap.CASE_REGISTER,), ok=(400,), method="post", api=True),
    "cases:import": Spec((Cap.CASE_REGISTER,)),
    "cases:country_settings": Spec(ORGS),
    "cases:retention": Spec(USERS),
    "cases:person_erase": Spec((Cap.CASE_TRANSITION,), kwargs=case_kwargs),
    "api:case_erase": Spec(
        (Cap.CASE_TRANSITION,), ok=(400,), method="post", api=True, kwargs=case_kwargs, data={}
    ),
    "api:retention_rules": Spec(USERS, api=True),
    "api:retention_rule": Spec(USERS, api=True, kwargs=org_kwargs),
    "referrals:inbox": Spec(ANSWER),
    "referrals:refer": Spec(SEND, kwargs=referral_case_kwargs),
    "referrals:detail": Spec(REFERRALS, kwargs=referral_kwargs),
    "referrals:accept": Spec(ANSWER, kwargs=referral_kwargs),
    "referrals:decline": Spec(ANSWER, kwargs=referral_kwargs),
    "referrals:complete": Spec(ANSWER, kwargs=referral_kwargs),
    "referrals:withdraw": Spec(SEND, kwargs=sent_referral_kwargs),
    "referrals:document": Spec(REFERRALS, kwargs=referral_document_kwargs),
    "referrals:directory": Spec(SEND),
    "referrals:service_list": Spec(SERVICES),
    "referrals:service_create": Spec(SERVICES),
    "referrals:service_edit": Spec(SERVICES, kwargs=service_kwargs),
    "api:token": Spec(PUBLIC, ok=(405,), api=True),
    "api:me": Spec(SIGNED_IN, api=True),
    "api:organisation_list": Spec(SIGNED_IN, api=True),
    "api:organisation_detail": Spec(SIGNED_IN, api=True, kwargs=org_kwargs),
    "api:user_list": Spec(USERS, api=True),
    "api:user_detail": Spec(USERS, api=True, kwargs=user_kwargs),
    "api:user_password_link": Spec(USERS, ok=(201,), method="post", api=True, kwargs=user_kwargs),
    "api:membership_roles": Spec(
        USERS, ok=(400,), method="put", api=True, kwargs=self_membership_kwargs, data={}
    ),
    "api:membership_deactivate": Spec(
        USERS, ok=(400,), method="post", api=True, kwargs=self_membership_kwargs
    ),
    "api:membership_reactivate": Spec(
        USERS, ok=(200,), method="post", api=True, kwargs=self_membership_kwargs
    ),
    "api:audit_event_list": Spec(AUDIT, api=True),
    "api:screening_evaluate": Spec(
        (Cap.SCREENING_RUN, Cap.TRAINING_EXERCISE), ok=(400,), method="post", api=True, data={}
    ),
    "screening:list": Spec((Cap.SCREENING_RUN,)),
    "screening:start": Spec((Cap.SCREENING_RUN,)),
    "screening:resume": Spec(
        (Cap.SCREENING_RUN,), ok=(302,), kwargs=screening_factories.draft_kwargs
    ),
    "screening:step": Spec((Cap.SCREENING_RUN,), kwargs=screening_factories.step_kwargs),
    "screening:check": Spec((Cap.SCREENING_RUN,), kwargs=screening_factories.draft_kwargs),
    "screening:result": Spec((Cap.SCREENING_RUN,), kwargs=screening_factories.completed_kwargs),
    "screening:register_case": Spec(
        (Cap.SCREENING_RUN,), kwargs=screening_factories.completed_kwargs
    ),
    "screening:no_referral": Spec(
        (Cap.SCREENING_RUN,), kwargs=screening_factories.completed_kwargs
    ),
    "screening:continue_full": Spec(
        (Cap.SCREENING_RUN,), kwargs=screening_factories.completed_kwargs
    ),
    "api:screening_list": Spec((Cap.SCREENING_RUN,), api=True),
    "api:screening_detail": Spec(
        (Cap.SCREENING_RUN,), api=True, kwargs=screening_factories.completed_kwargs
    ),
    "api:case_list": Spec(CASES_READ, api=True),
    "api:case_search": Spec(CASES_READ, method="post", api=True, data={}),
    "api:case_duplicate_check": Spec(
        (Cap.CASE_REGISTER,), ok=(400,), method="post", api=True, data={}
    ),
    "api:case_detail": Spec(CASES_READ, api=True, kwargs=case_kwargs),
    "api:case_person": Spec(CASES_EDIT, method="patch", api=True, kwargs=case_kwargs, data={}),
    "api:case_transition": Spec(
        (Cap.CASE_TRANSITION,), ok=(400,), method="post", api=True, kwargs=case_kwargs, data={}
    ),
    "api:case_consents": Spec(CASES_READ, api=True, kwargs=case_kwargs),
    "api:case_assessments": Spec(CASES_READ, api=True, kwargs=case_kwargs),
    "api:case_plans": Spec(CASES_READ, api=True, kwargs=case_kwargs),
    "api:case_services": Spec(CASES_READ, api=True, kwargs=case_kwargs),
    "api:case_events": Spec(CASES_READ, api=True, kwargs=case_kwargs),
    "api:case_proceedings": Spec(CASES_READ, api=True, kwargs=case_kwargs),
    "api:case_tasks": Spec(CASES_READ, api=True, kwargs=case_kwargs),
    "api:case_notes": Spec(CASES_READ, api=True, kwargs=case_kwargs),
    "api:case_documents": Spec(CASES_READ, api=True, kwargs=case_kwargs),
    "api:case_document": Spec(CASES_EDIT, api=True, kwargs=case_document_kwargs),
    "api:task_list": Spec(CASES_READ, api=True),
    "api:task_done": Spec(CASES_EDIT, method="post", api=True, kwargs=task_kwargs),
    "api:service_list": Spec(DIRECTORY, api=True),
    "api:service_detail": Spec(DIRECTORY, api=True, kwargs=service_kwargs),
    "api:referral_list": Spec(REFERRALS, api=True),
    "api:referral_detail": Spec(REFERRALS, api=True, kwargs=referral_kwargs),
    "api:referral_accept": Spec(
        ANSWER, ok=(200, 400), method="post", api=True, kwargs=referral_kwargs
    ),
    "api:referral_decline": Spec(
        ANSWER, ok=(400,), method="post", api=True, kwargs=referral_kwargs, data={}
    ),
    "api:referral_complete": Spec(
        ANSWER, ok=(400,), method="post", api=True, kwargs=referral_kwargs
    ),
    "api:referral_withdraw": Spec(
        SEND, ok=(400,), method="post", api=True, kwargs=sent_referral_kwargs, data={}
    ),
    "api:schema": Spec(SIGNED_IN, api=True),
    "api:docs": Spec(SIGNED_IN, api=True),
}
# Later apps keep their rows next to their code.
for _app_table in (
    shelters_matrix.TABLE,
    exchange_matrix.TABLE,
    stats_matrix.TABLE,
    training_matrix.TABLE,
):
    TABLE.update(_app_table)


def _names(patterns: list[Any], prefix: str = "") -> set[str]:
    names = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _names(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(prefix + entry.name)
    return names


def test_every_url_is_in_the_table():
    assert _names(get_resolver().url_patterns) == set(TABLE)


def _request(client: Any, spec: Spec, url: str) -> Any:
    call = getattr(client, spec.method)
    if spec.api and spec.data is not None:
        return call(url, spec.data, content_type="application/json")
    return call(url, spec.data or {})


def _allowed(spec: Spec, user: Any) -> bool:
    if spec.access in (PUBLIC, SIGNED_IN):
        return True
    return policy.has_any(user, *spec.access)


def _reaches_every_organisation(spec: Spec, user: Any) -> bool:
    caps = (Cap.ORGS_MANAGE,) if spec.access == SIGNED_IN else spec.access
    return any(policy.organisations_for(user, cap) is ALL for cap in caps)


@pytest.mark.parametrize("name", sorted(TABLE))
def test_url_matrix(world, client, name):
    spec = TABLE[name]
    anchor = world.user(Role.ORG_ADMIN)
    url = reverse(name, kwargs=spec.kwargs(world, anchor, False) if spec.kwargs else None)

    response = _request(client, spec, url)
    if spec.access == PUBLIC:
        assert response.status_code in spec.ok, (name, "anonymous", response.status_code)
    elif spec.api:
        assert response.status_code == 401, (name, "anonymous", response.status_code)
        assert response["Content-Type"].startswith("application/problem+json")
    else:
        assert response.status_code == 302, (name, "anonymous")
        assert response["Location"].startswith(reverse("accounts:login"))

    for role in Role:
        user = world.user(role)
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        kwargs = spec.kwargs(world, user, False) if spec.kwargs else None
        response = _request(client, spec, reverse(name, kwargs=kwargs))
        if _allowed(spec, user):
            assert response.status_code in spec.ok, (name, role, response.status_code)
        else:
            assert response.status_code == 403, (name, role, response.status_code)

        if spec.kwargs and spec.access != PUBLIC and _allowed(spec, user):
            other = reverse(name, kwargs=spec.kwargs(world, user, True))
            response = _request(client, spec, other)
            if _reaches_every_organisation(spec, user):
                assert response.status_code != 404, (name, role, "other org", "sysadmin")
            else:
                assert response.status_code == 404, (name, role, "other org", response.status_code)
        client.logout()
