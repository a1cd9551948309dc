"""Pages: inbox, referral page and its steps, the refer flow with "check your answers", the
directory and service management, the case page panel, home cards and navigation."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from haven.accounts.roles import Role
from haven.cases.models import Purpose
from haven.referrals import panel, services
from haven.referrals.models import Referral, Service
from haven.referrals.tests import factories as f
from haven.referrals.vocab import Scope, Status

pytestmark = pytest.mark.django_db


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def assert_no_secrets(text: str) -> None:
    for secret in f.SECRETS:
        assert secret not in text, secret


def test_inbox_lists_received_referrals_with_overdue_highlighted(world, login):
    late = f.send(world, urgency="emergency")
    Referral.objects.filter(pk=late.pk).update(
        respond_by=timezone.now() - datetime.timedelta(hours=2)
    )
    on_time = f.send(world, urgency="routine")
    client = login(world.user(Role.SHELTER_MANAGER, other=True))

    page = html(client.get(reverse("referrals:inbox")))

    assert late.case.reference in page
    assert "Overdue" in page
    assert "1 referral is past its answer date." in page
    assert "Emergency" in page
    assert_no_secrets(page)
    assert on_time.case.reference in page
    overdue_only = html(client.get(reverse("referrals:inbox"), {"overdue": "on"}))
    assert late.case.reference in overdue_only
    assert on_time.case.reference not in overdue_only
    filtered = html(client.get(reverse("referrals:inbox"), {"status": "declined"}))
    assert "No referrals match these filters." in filtered


def test_inbox_empty_state(world, login):
    page = html(login(world.user(Role.SHELTER_MANAGER)).get(reverse("referrals:inbox")))
    assert "No referrals have been sent to your organisation yet." in page


def test_inbox_queries_do_not_grow_with_rows(world, login, django_assert_max_num_queries):
    for _ in range(6):
        f.send(world, scopes=(Scope.IDENTITY,))
    client = login(world.user(Role.CASEWORKER, other=True))
    client.get(reverse("referrals:inbox"))  # warm up the session and grants
    with django_assert_max_num_queries(12) as captured:
        page = html(client.get(reverse("referrals:inbox")))
    assert "6 referrals" in page
    few = len(captured.captured_queries)
    for _ in range(6):
        f.send(world)
    with django_assert_max_num_queries(few):
        html(client.get(reverse("referrals:inbox")))


def test_receiver_page_shows_only_the_shared_scope(world, login):
    referral = f.send(world, scopes=(Scope.NEEDS,), message="Needs a doctor")
    client = login(world.user(Role.CASEWORKER, other=True))
    url = reverse("referrals:detail", kwargs={"pk": referral.pk})

    before = html(client.get(url))
    assert referral.case.reference in before
    assert "Until the referral is accepted" in before
    assert "Needs a doctor" not in before
    assert_no_secrets(before)

    client.post(reverse("referrals:accept", kwargs={"pk": referral.pk}))
    after = html(client.get(url))
    assert "Needs a doctor" in after
    assert "Needs and support plan" in after
    assert_no_secrets(after)  # identity and contacts were not shared

    f.consent(world, referral.case, Purpose.SHARE_ABROAD, given=False)
    withdrawn = html(client.get(url))
    assert "consent to share their data is not in force" in withdrawn
    assert "Needs a doctor" not in withdrawn


def test_identity_shows_once_accepted_when_shared(world, login):
    referral = f.send(world, scopes=(Scope.IDENTITY, Scope.CONTACTS))
    client = login(world.user(Role.CASEWORKER, other=True))
    url = reverse("referrals:detail", kwargs={"pk": referral.pk})
    assert_no_secrets(html(client.get(url)))
    services.referral_accept(actor=world.user(Role.CASEWORKER, other=True), referral=referral)
    page = html(client.get(url))
    assert f.FAMILY in page
    assert f.PHONE in page


def test_third_organisation_gets_404_everywhere(world, login):
    referral = f.send(world, scopes=(Scope.IDENTITY,))
    client = login(f.third(world).user(Role.CASEWORKER))
    for name in ("detail", "accept", "decline", "complete", "withdraw"):
        response = client.get(reverse(f"referrals:{name}", kwargs={"pk": referral.pk}))
        assert response.status_code == 404, name
        assert_no_secrets(response.content.decode())
    response = client.post(reverse("referrals:accept", kwargs={"pk": referral.pk}))
    assert response.status_code == 404
    assert Referral.objects.get(pk=referral.pk).status == Status.SENT


def test_accept_asks_for_confirmation_then_accepts(world, login):
    referral = f.send(world)
    client = login(world.user(Role.COORDINATOR, other=True))
    url = reverse("referrals:accept", kwargs={"pk": referral.pk})

    page = html(client.get(url))
    assert "Accept the referral from Test Police Unit A (synthetic)?" in page
    response = client.post(url)

    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:detail", kwargs={"pk": referral.pk})
    assert Referral.objects.get(pk=referral.pk).status == Status.ACCEPTED
    complete = reverse("referrals:complete", kwargs={"pk": referral.pk})
    assert "Mark the referral" in html(client.get(complete))
    client.post(complete)
    assert Referral.objects.get(pk=referral.pk).status == Status.COMPLETED


def test_decline_needs_a_reason(world, login):
    referral = f.send(world)
    client = login(world.user(Role.SHELTER_MANAGER, other=True))
    url = reverse("referrals:decline", kwargs={"pk": referral.pk})

    page = html(client.get(url))
    assert "This cannot be undone." in page
    again = html(client.post(url, {"reason": "  "}))
    assert "There is a problem" in again
    assert Referral.objects.get(pk=referral.pk).status == Status.SENT

    assert client.post(url, {"reason": "No free bed"}).status_code == 302
    declined = Referral.objects.get(pk=referral.pk)
    assert (declined.status, declined.decline_reason) == (Status.DECLINED, "No free bed")
    # A second decline is refused with a message, not an error page.
    response = client.post(url, {"reason": "again"}, follow=True)
    assert "cannot be changed that way" in html(response)


def test_withdraw_from_the_sending_side(world, login):
    referral = f.send(world)
    url = reverse("referrals:withdraw", kwargs={"pk": referral.pk})
    assert login(world.user(Role.SHELTER_MANAGER, other=True)).get(url).status_code == 403
    client = login(world.user(Role.CASEWORKER))
    assert "Withdraw the referral to Test NGO B (synthetic)?" in html(client.get(url))
    assert "There is a problem" in html(client.post(url, {"reason": ""}))
    assert client.post(url, {"reason": "Moved away"}).status_code == 302
    assert Referral.objects.get(pk=referral.pk).status == Status.WITHDRAWN


def test_receiver_of_another_referral_cannot_withdraw_it(world, login):
    received = f.matrix_received(world, other=False)  # org B -> org A
    client = login(world.user(Role.CASEWORKER))
    assert client.get(reverse("referrals:withdraw", kwargs={"pk": received.pk})).status_code == 403


def test_sender_page_shows_what_the_receiver_sees(world, login):
    referral = f.send(world, scopes=(Scope.IDENTITY,))
    page = html(
        login(world.user(Role.CASEWORKER)).get(
            reverse("referrals:detail", kwargs={"pk": referral.pk})
        )
    )
    assert "What Test NGO B (synthetic) can see now" in page
    assert "Withdraw referral" in page
    assert "Open the case" in page
    assert_no_secrets(page)


def test_document_download_within_scope(world, login):
    referral, document = f.matrix_document(world, other=False)
    client = login(world.user(Role.SHELTER_MANAGER))
    response = client.get(
        reverse("referrals:document", kwargs={"pk": referral.pk, "document": document})
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["Cache-Control"] == "no-store"
    assert "scan" not in response["Content-Disposition"]


def test_refer_flow_with_check_your_answers(world, login):
    case = f.open_case(world)
    f.consent(world, case, Purpose.SHARE_ABROAD)
    service = f.publish(world.user(Role.ORG_ADMIN, other=True), world.org_b, region="Berlin")
    own = f.publish(world.user(Role.ORG_ADMIN), world.org_a, category="Medical")
    client = login(world.user(Role.CASEWORKER))
    url = reverse("referrals:refer", kwargs={"case": case.pk})

    choose = html(client.get(url))
    assert "Test NGO B (synthetic)" in choose
    assert f"?organisation={world.org_a.pk}" not in choose  # not to itself
    assert f"?organisation={world.org_b.pk}" in choose
    assert "No organisation offers" in html(client.get(url, {"category": "Interpretation"}))

    form = html(client.get(url, {"organisation": world.org_b.pk}))
    assert "Refer to Test NGO B (synthetic)" in form
    assert "abroad" in form
    assert str(own.pk) not in form
    data = {
        "organisation": world.org_b.pk,
        "services": [service.pk],
        "urgency": "urgent",
        "reason": "AdditionalServicesRequired",
        "scopes": [Scope.NEEDS],
        "message": "Please call first",
    }
    missing = html(client.post(url, {**data, "services": []}))
    assert "Choose at least one service." in missing

    check = html(client.post(url, {**data, "step": "check"}))
    assert "Check the referral before sending it" in check
    assert "What Test NGO B (synthetic) will see" in check
    assert "Needs and support plan" in check
    assert "Not shared:" in check
    assert "Identity" in check.split("Not shared:")[1]
    assert "They are asked to answer within 3 days." in check
    assert not Referral.objects.exists()

    change = html(client.post(url, {**data, "step": "change"}))
    assert "Refer to Test NGO B (synthetic)" in change
    assert "There is a problem" not in change

    response = client.post(url, {**data, "step": "send"})
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:detail", kwargs={"pk": referral.pk})
    assert referral.scopes == [Scope.BASIC, Scope.NEEDS]
    assert referral.message == "Please call first"


def test_refer_without_consent_says_so_and_sends_nothing(world, login):
    case = f.open_case(world)
    service = f.publish(world.user(Role.ORG_ADMIN, other=True), world.org_b)
    client = login(world.user(Role.CASEWORKER))
    url = reverse("referrals:refer", kwargs={"case": case.pk})
    data = {
        "organisation": world.org_b.pk,
        "services": [service.pk],
        "urgency": "routine",
        "reason": "Other",
    }
    for step in ("check", "send"):
        page = html(client.post(url, {**data, "step": step}))
        assert "has not consented to sharing their data with organisations abroad" in page
    assert not Referral.objects.exists()


def test_refer_page_of_another_organisations_case_is_404(world, login):
    case = f.open_case(world, other=True)
    client = login(world.user(Role.CASEWORKER))
    assert client.get(reverse("referrals:refer", kwargs={"case": case.pk})).status_code == 404


def test_directory_search_and_empty_states(world, login):
    f.publish(world.user(Role.ORG_ADMIN, other=True), world.org_b, description="Beds for women")
    client = login(world.user(Role.COORDINATOR))
    page = html(client.get(reverse("referrals:directory")))
    assert "Test NGO B (synthetic)" in page
    assert "Beds for women" in page
    assert "1 service" in page
    assert "No services match these filters." in html(
        client.get(reverse("referrals:directory"), {"country": "FR"})
    )
    assert "Test NGO B" in html(client.get(reverse("referrals:directory"), {"q": "ngo"}))


def test_service_management_pages(world, login):
    client = login(world.user(Role.ORG_ADMIN))
    assert "no services in the directory yet" in html(client.get(reverse("referrals:service_list")))
    form = html(client.get(reverse("referrals:service_create")))
    assert 'type="hidden" name="organisation"' in form
    response = client.post(
        reverse("referrals:service_create"),
        {
            "organisation": world.org_a.pk,
            "category": "Interpretation",
            "languages": ["vi", "zh-hans"],
            "capacity": "",
            "contact": "duty@example.org",
            "description": "Interpreters",
            "description_zh": "口译",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    service = Service.objects.get()
    assert service.description_translations == {"zh-hans": "口译"}
    assert service.region == world.org_a.region
    edit = reverse("referrals:service_edit", kwargs={"pk": service.pk})
    assert "Interpreters" in html(client.get(edit))
    bad = html(client.post(edit, {"organisation": world.org_a.pk, "category": "Spa"}))
    assert "There is a problem" in bad
    client.post(edit, {"organisation": world.org_a.pk, "category": "Interpretation"})
    service.refresh_from_db()
    assert not service.is_active
    other = login(world.user(Role.ORG_ADMIN, other=True))
    assert other.get(edit).status_code == 404


def test_panel_provider(world, rf):
    referral = f.send(world)
    request = rf.get("/")
    request.user = world.user(Role.CASEWORKER)

    result = panel.provider(request, referral.case)

    assert result is not None
    assert result.template == "referrals/panel.html"
    assert [r.id for r in result.context["referrals"]] == [referral.pk]
    assert result.context["refer_url"] == reverse(
        "referrals:refer", kwargs={"case": referral.case.pk}
    )
    rendered = render_to_string(result.template, {"panel": result.context}, request=request)
    assert "Test NGO B (synthetic)" in rendered
    assert "Refer this case" in rendered
    for outsider in (world.user(Role.SHELTER_MANAGER), world.user(Role.CASEWORKER, other=True)):
        request.user = outsider
        assert panel.provider(request, referral.case) is None


def test_panel_without_referrals(world):
    case = f.open_case(world)
    request = RequestFactory().get("/")
    request.user = world.user(Role.COORDINATOR)
    result = panel.provider(request, case)
    rendered = render_to_string(result.template, {"panel": result.context}, request=request)
    assert "has not been referred" in rendered


def test_home_cards_and_navigation(world, login):
    f.send(world)
    late = f.send(world)
    Referral.objects.filter(pk=late.pk).update(
        respond_by=timezone.now() - datetime.timedelta(days=1)
    )
    page = html(login(world.user(Role.SHELTER_MANAGER, other=True)).get(reverse("web:home")))
    assert "2 referrals are waiting for your answer." in page
    assert "1 is past its answer date." in page
    assert late.case.reference in page  # the nearest deadlines are listed on the card
    assert 'href="/referrals/"' in page
    assert (
        "Not available in this version of Haven yet."
        not in page.split("Referrals received")[1][:300]
    )

    caseworker = html(login(world.user(Role.CASEWORKER)).get(reverse("web:home")))
    assert 'href="/services/"' in caseworker
    assert "No referrals are waiting for an answer." in caseworker

    admin = html(login(world.user(Role.ORG_ADMIN)).get(reverse("web:home")))
    assert "Your organisation has no services in the directory yet." in admin
    assert 'href="/referrals/"' not in admin
