"""API of the directory and referrals: status codes, problem details, the shared projection,
and no leak to the receiving side or to an uninvolved organisation."""

from typing import Any

import pytest

from haven.accounts.roles import Role
from haven.cases.models import Purpose
from haven.referrals import services
from haven.referrals.models import Referral, Service
from haven.referrals.tests import factories as f
from haven.referrals.vocab import Scope, Status

pytestmark = pytest.mark.django_db

SERVICES_URL = "/api/v1/services/"
REFERRALS_URL = "/api/v1/referrals/"
PROBLEM = "application/problem+json"


def post(client: Any, url: str, data: Any = None) -> Any:
    return client.post(url, data or {}, content_type="application/json")


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    assert response.json()["status"] == status
    return response.json()


def assert_clean(response: Any) -> None:
    body = response.content.decode()
    for secret in f.SECRETS:
        assert secret not in body, secret
    assert "hv1." not in body, "an encrypted value reached the API"


def detail_url(referral: Referral, step: str = "") -> str:
    return f"{REFERRALS_URL}{referral.pk}/{step}"


def test_anonymous_gets_401_problem(client):
    for url in (SERVICES_URL, REFERRALS_URL):
        assert_problem(client.get(url), 401)


def test_publish_list_and_change_services(world, login):
    client = login(world.user(Role.SHELTER_MANAGER))
    response = post(
        client,
        SERVICES_URL,
        {
            "organisation": str(world.org_a.pk),
            "category": "Shelter",
            "languages": ["zh-hans"],
            "capacity": 5,
            "description_translations": {"zh-hans": "庇护所"},
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["category_label"] == "Shelter and accommodation"
    assert body["country"] == "CN"
    url = f"{SERVICES_URL}{body['id']}/"
    changed = client.patch(url, {"capacity": 0}, content_type="application/json")
    assert changed.json()["capacity"] == 0

    errors = assert_problem(
        post(client, SERVICES_URL, {"organisation": str(world.org_b.pk), "category": "Shelter"}),
        400,
    )
    assert errors["errors"][0]["field"] == "organisation"
    assert_problem(
        post(client, SERVICES_URL, {"organisation": str(world.org_a.pk), "category": "Spa"}), 400
    )
    # Org B's caseworker sees the published service, may not change it.
    other = login(world.user(Role.CASEWORKER, other=True))
    assert other.get(url).status_code == 200
    assert_problem(other.patch(url, {"capacity": 9}, content_type="application/json"), 403)
    listed = other.get(SERVICES_URL, {"country": "cn"}).json()
    assert [row["id"] for row in listed["results"]] == [body["id"]]
    assert_problem(other.get(SERVICES_URL, {"organisation": "nope"}), 400)
    # A screener has no directory at all.
    assert_problem(login(world.user(Role.SCREENER)).get(SERVICES_URL), 403)


def test_unpublished_services_are_404_outside_the_organisation(world, login):
    hidden = f.publish(world.user(Role.ORG_ADMIN), world.org_a, is_active=False)
    client = login(world.user(Role.CASEWORKER, other=True))
    assert_problem(client.get(f"{SERVICES_URL}{hidden.pk}/"), 404)
    assert_problem(
        client.patch(f"{SERVICES_URL}{hidden.pk}/", {}, content_type="application/json"), 404
    )
    assert hidden.pk not in {r["id"] for r in client.get(SERVICES_URL).json()["results"]}


def test_send_through_the_api(world, login):
    case = f.open_case(world)
    service = f.publish(world.user(Role.ORG_ADMIN, other=True), world.org_b)
    client = login(world.user(Role.CASEWORKER))
    data = {
        "case": str(case.pk),
        "to_organisation": str(world.org_b.pk),
        "services": [str(service.pk)],
        "urgency": "emergency",
        "reason": "MigrationOrChangeOfLocation",
        "scopes": ["identity"],
        "message": "Arrives by train",
    }
    problem = assert_problem(post(client, REFERRALS_URL, data), 400)
    assert "abroad" in problem["errors"][0]["message"]
    f.consent(world, case, Purpose.SHARE_ABROAD)
    assert_problem(post(client, REFERRALS_URL, {**data, "services": []}), 400)
    assert_problem(post(client, REFERRALS_URL, {**data, "scopes": ["all"]}), 400)
    assert_problem(post(client, REFERRALS_URL, {**data, "case": str(world.org_a.pk)}), 400)
    response = post(client, REFERRALS_URL, data)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "sent"
    assert body["reference"] == case.reference
    referral = Referral.objects.get(pk=body["id"])
    assert referral.scopes == [Scope.BASIC, Scope.IDENTITY]
    # Only roles that refer may send; only for their own cases.
    assert_problem(post(login(world.user(Role.SHELTER_MANAGER)), REFERRALS_URL, data), 403)
    assert_problem(post(login(world.user(Role.CASEWORKER, other=True)), REFERRALS_URL, data), 400)


def test_receiver_reads_the_projection_only(world, login):
    referral = f.send(world, scopes=(Scope.NEEDS,), message="Needs a doctor")
    client = login(world.user(Role.CASEWORKER, other=True))

    before = client.get(detail_url(referral))
    assert before.status_code == 200
    assert_clean(before)
    body = before.json()
    assert body["restriction"] == "not_accepted"
    assert body["visible_scopes"] == ["basic"]
    assert body["identity"] is None
    assert body["message"] == ""
    assert body["basic"]["age_band"] == "35–49"
    assert "person" not in body

    accepted = post(client, detail_url(referral, "accept"))
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    after = client.get(detail_url(referral))
    assert_clean(after)
    assert after.json()["needs"]["risk_level"] == "Not assessed"
    assert after.json()["message"] == "Needs a doctor"

    f.consent(world, referral.case, Purpose.SHARE_ABROAD, given=False)
    gone = client.get(detail_url(referral)).json()
    assert gone["restriction"] == "consent"
    assert gone["needs"] is None
    assert gone["message"] == ""


def test_identity_in_the_api_only_when_shared(world, login):
    referral = f.send(world, scopes=(Scope.IDENTITY, Scope.CONTACTS))
    client = login(world.user(Role.CASEWORKER, other=True))
    assert_clean(client.get(detail_url(referral)))
    assert_clean(client.get(REFERRALS_URL))
    post(client, detail_url(referral, "accept"))
    body = client.get(detail_url(referral)).json()
    assert body["identity"]["family_name"] == f.FAMILY
    assert body["contacts"]["contacts"] == [{"kind": "phone", "value": f.PHONE}]


def test_steps_and_their_problems(world, login):
    referral = f.send(world)
    receiver = login(world.user(Role.SHELTER_MANAGER, other=True))
    assert_problem(post(receiver, detail_url(referral, "complete")), 400)
    problem = assert_problem(post(receiver, detail_url(referral, "decline"), {"reason": " "}), 400)
    assert problem["errors"][0]["field"] == "reason"
    declined = post(receiver, detail_url(referral, "decline"), {"reason": "Full"})
    assert declined.json()["status"] == "declined"
    assert_problem(post(receiver, detail_url(referral, "accept")), 400)
    assert_problem(post(receiver, detail_url(referral, "withdraw"), {"reason": "x"}), 403)

    second = f.send(world)
    sender = login(world.user(Role.COORDINATOR))
    assert_problem(post(sender, detail_url(second, "accept")), 403)  # not the receiving side
    assert_problem(post(sender, detail_url(second, "withdraw"), {}), 400)
    withdrawn = post(sender, detail_url(second, "withdraw"), {"reason": "Moved"})
    assert withdrawn.json()["status"] == "withdrawn"
    assert Referral.objects.get(pk=second.pk).status == Status.WITHDRAWN


def test_list_directions_and_filters(world, login):
    out = f.send(world)
    incoming = f.matrix_received(world, other=False)  # org B -> org A
    client = login(world.user(Role.CASEWORKER))

    def ids(**params: Any) -> set[str]:
        response = client.get(REFERRALS_URL, params)
        assert response.status_code == 200
        return {row["id"] for row in response.json()["results"]}

    assert ids() == {str(out.pk), str(incoming.pk)}
    assert ids(direction="in") == {str(incoming.pk)}
    assert ids(direction="out") == {str(out.pk)}
    assert ids(status="accepted") == set()
    assert_problem(client.get(REFERRALS_URL, {"direction": "sideways"}), 400)
    shelter = login(world.user(Role.SHELTER_MANAGER))
    rows = shelter.get(REFERRALS_URL).json()["results"]
    assert [row["id"] for row in rows] == [str(incoming.pk)]


def test_uninvolved_organisation_gets_404_on_every_endpoint(world, login):
    referral = f.send(world, scopes=(Scope.IDENTITY,))
    services.referral_accept(actor=world.user(Role.CASEWORKER, other=True), referral=referral)
    for actor in (f.third(world).user(Role.CASEWORKER), f.third(world).user(Role.COORDINATOR)):
        client = login(actor)
        assert client.get(REFERRALS_URL).json()["results"] == []
        assert_problem(client.get(detail_url(referral)), 404)
        for step in ("accept", "complete"):
            assert_problem(post(client, detail_url(referral, step)), 404)
        for step in ("decline", "withdraw"):
            response = post(client, detail_url(referral, step), {"reason": "x"})
            assert_problem(response, 404)
            assert_clean(response)
    assert Referral.objects.get(pk=referral.pk).status == Status.ACCEPTED
    assert Service.objects.count() == 1
