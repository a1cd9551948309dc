"""Selectors: who sees which referral and service, what the receiver may read (scope,
status, consent at read time), and that an uninvolved organisation sees nothing."""

import dataclasses

import pytest
from django.http import Http404

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.cases import services as case_services
from haven.cases.models import Purpose
from haven.referrals import selectors, services
from haven.referrals.tests import factories as f
from haven.referrals.vocab import Scope, Status

pytestmark = pytest.mark.django_db

ALL_SCOPES = tuple(s for s in Scope.values if s != Scope.BASIC)


def text_of(shared) -> str:
    return repr(dataclasses.asdict(shared))


def receiver(world, role=Role.CASEWORKER):
    return world.user(role, other=True)


def test_receiver_sees_basic_and_services_only_before_accepting(world):
    referral = f.send(world, scopes=ALL_SCOPES, message="Her name is Zhangsan")

    shared = selectors.shared_view(actor=receiver(world), referral=referral)

    assert shared.visible_scopes == [Scope.BASIC]
    assert shared.restriction == "not_accepted"
    assert shared.basic.reference == referral.case.reference
    assert shared.basic.age_band == "35–49"
    assert shared.basic.sex == "Female"
    assert [s.category for s in shared.referral.services] == ["Shelter"]
    assert shared.identity is shared.contacts is shared.needs is shared.documents is None
    for secret in f.SECRETS:
        assert secret not in text_of(shared)


def test_after_acceptance_only_the_agreed_scopes(world):
    referral = f.send(world, scopes=(Scope.NEEDS,), message="Needs a doctor")
    services.referral_accept(actor=receiver(world), referral=referral)

    shared = selectors.shared_view(actor=receiver(world), referral=referral)

    assert shared.visible_scopes == [Scope.BASIC, Scope.NEEDS]
    assert shared.needs is not None
    assert shared.message == "Needs a doctor"
    assert shared.identity is None
    assert shared.contacts is None
    assert shared.exploitation is None
    for secret in f.SECRETS:
        assert secret not in text_of(shared)


def test_identity_and_contacts_when_shared(world):
    referral = f.send(world, scopes=(Scope.IDENTITY, Scope.CONTACTS, Scope.EXPLOITATION))
    services.referral_accept(actor=receiver(world), referral=referral)

    shared = selectors.shared_view(actor=receiver(world), referral=referral)

    assert shared.identity.family_name == f.FAMILY
    assert shared.identity.birth_date == f.BIRTH
    assert {"kind": "phone", "value": f.PHONE} in shared.contacts.contacts
    assert shared.exploitation.exploitation_types == ["Sexual exploitation"]


def test_withdrawing_consent_hides_the_shared_scopes_at_once(world):
    referral = f.send(world, scopes=ALL_SCOPES, message="Her name is Zhangsan")
    services.referral_accept(actor=receiver(world), referral=referral)
    assert selectors.shared_view(actor=receiver(world), referral=referral).identity is not None

    f.consent(world, referral.case, Purpose.SHARE_ABROAD, given=False)

    shared = selectors.shared_view(actor=receiver(world), referral=referral)
    assert shared.visible_scopes == [Scope.BASIC]
    assert shared.restriction == "consent"
    assert shared.message == ""
    for secret in f.SECRETS:
        assert secret not in text_of(shared)
    # Consent given again: the agreed scopes come back.
    f.consent(world, referral.case, Purpose.SHARE_ABROAD)
    assert selectors.shared_view(actor=receiver(world), referral=referral).identity is not None


def test_consent_purpose_follows_the_country(world):
    domestic = f.send(world, to=f.third(world).org, scopes=(Scope.IDENTITY,))
    services.referral_accept(actor=f.third(world).user(Role.CASEWORKER), referral=domestic)
    # Withdrawing consent abroad does not touch a domestic referral; withdrawing it in the
    # country does.
    f.consent(world, domestic.case, Purpose.SHARE_ABROAD, given=False)
    reader = f.third(world).user(Role.SHELTER_MANAGER)
    assert selectors.shared_view(actor=reader, referral=domestic).identity is not None
    f.consent(world, domestic.case, Purpose.SHARE_DOMESTIC, given=False)
    assert selectors.shared_view(actor=reader, referral=domestic).identity is None


@pytest.mark.parametrize("end", ["decline", "withdraw"])
def test_closed_referrals_keep_basic_only(world, end):
    referral = f.send(world, scopes=ALL_SCOPES)
    if end == "decline":
        services.referral_decline(actor=receiver(world), referral=referral, reason="Full")
    else:
        services.referral_accept(actor=receiver(world), referral=referral)
        services.referral_withdraw(
            actor=world.user(Role.CASEWORKER), referral=referral, reason="Moved"
        )
    shared = selectors.shared_view(actor=receiver(world), referral=referral)
    assert shared.visible_scopes == [Scope.BASIC]
    assert shared.restriction == "closed"


def test_reading_is_audited_for_both_organisations(world):
    referral = f.send(world)
    selectors.shared_view(actor=receiver(world), referral=referral)
    events = AuditEvent.objects.filter(action="referral.viewed")
    assert {e.organisation_id for e in events} == {world.org_a.pk, world.org_b.pk}
    assert events.first().details["scopes"] == [Scope.BASIC]
    # The sender reading its own referral is recorded for the sender only.
    selectors.shared_view(actor=world.user(Role.CASEWORKER), referral=referral)
    assert AuditEvent.objects.filter(action="referral.viewed").count() == 3


def test_an_uninvolved_organisation_sees_nothing(world):
    referral = f.send(world, scopes=ALL_SCOPES)
    hidden = f.publish(world.user(Role.ORG_ADMIN, other=True), world.org_b, is_active=False)
    outsiders = [f.third(world).user(r) for r in f.third(world).users] + [
        world.user(Role.SCREENER),
        world.user(Role.ANALYST),
        world.user(Role.ORG_ADMIN),
        world.user(Role.SYSADMIN),
        world.user(Role.SHELTER_MANAGER),  # org A answers referrals, but this one is outgoing
        receiver(world, Role.SCREENER),
        receiver(world, Role.ORG_ADMIN),
    ]
    for actor in outsiders:
        assert not selectors.visible_referrals(actor).filter(pk=referral.pk).exists(), actor
        assert not selectors.inbox(actor=actor).filter(pk=referral.pk).exists()
        assert not selectors.outgoing(actor=actor).filter(pk=referral.pk).exists()
        assert not selectors.referral_list(actor=actor).filter(pk=referral.pk).exists()
        assert not selectors.outgoing_for_case(actor=actor, case=referral.case).exists()
        with pytest.raises(Http404):
            selectors.referral_get(actor=actor, pk=referral.pk)
        with pytest.raises(Http404):
            selectors.shared_view(actor=actor, referral=referral)
        with pytest.raises(Http404):
            selectors.shared_document(actor=actor, referral=referral, pk=referral.pk)
        if actor not in (world.user(Role.SYSADMIN), receiver(world, Role.ORG_ADMIN)):
            assert not selectors.visible_services(actor).filter(pk=hidden.pk).exists()
            with pytest.raises(Http404):
                selectors.managed_service_get(actor=actor, pk=hidden.pk)
    assert selectors.waiting_counts(actor=f.third(world).user(Role.CASEWORKER)) == (0, 0)


def test_inbox_outgoing_and_counts(world):
    referral = f.send(world, urgency="emergency")
    other = f.send(world, urgency="routine")
    services.referral_decline(actor=receiver(world), referral=other, reason="Full")
    inbox = list(selectors.inbox(actor=receiver(world, Role.SHELTER_MANAGER)))
    assert inbox == [referral, other]  # waiting first
    assert list(selectors.inbox(actor=receiver(world), status=Status.DECLINED)) == [other]
    assert list(selectors.inbox(actor=receiver(world), urgency="emergency")) == [referral]
    assert not selectors.inbox(actor=world.user(Role.CASEWORKER)).exists()
    assert set(selectors.outgoing(actor=world.user(Role.COORDINATOR))) == {referral, other}
    assert not selectors.outgoing(actor=receiver(world)).exists()
    assert list(selectors.referral_list(actor=receiver(world), direction="in")) == [
        other,
        referral,
    ]
    assert selectors.waiting_counts(actor=receiver(world)) == (1, 0)
    assert list(selectors.outgoing_for_case(actor=world.user(Role.CASEWORKER), case=referral.case))
    assert not selectors.outgoing_for_case(actor=receiver(world), case=referral.case).exists()


def test_overdue_is_computed_from_the_deadline(world):
    import datetime

    from django.utils import timezone

    referral = f.send(world, urgency="emergency")
    type(referral).objects.filter(pk=referral.pk).update(
        respond_by=timezone.now() - datetime.timedelta(hours=1)
    )
    assert selectors.waiting_counts(actor=receiver(world)) == (1, 1)
    assert list(selectors.inbox(actor=receiver(world), overdue=True)) == [referral]
    row = selectors.summarise(selectors.inbox(actor=receiver(world)))[0]
    assert row.overdue
    services.referral_accept(actor=receiver(world), referral=referral)
    assert selectors.waiting_counts(actor=receiver(world)) == (0, 0)


def test_directory_search_across_organisations(world):
    admin_b = world.user(Role.ORG_ADMIN, other=True)
    shelter = f.publish(admin_b, world.org_b, category="Shelter", languages=["de", "zh-hans"])
    legal = f.publish(
        f.third(world).user(Role.ORG_ADMIN),
        f.third(world).org,
        category="LegalAid",
        region="Yunnan",
    )
    hidden = f.publish(admin_b, world.org_b, category="Medical", is_active=False)
    caseworker = world.user(Role.CASEWORKER)
    found = set(selectors.service_directory(actor=caseworker))
    assert {shelter, legal} <= found
    assert hidden not in found
    assert list(selectors.service_directory(actor=caseworker, category="LegalAid")) == [legal]
    assert list(selectors.service_directory(actor=caseworker, country="DE")) == [shelter]
    assert list(selectors.service_directory(actor=caseworker, region="yunnan")) == [legal]
    assert list(selectors.service_directory(actor=caseworker, language="zh-hans")) == [shelter]
    assert list(selectors.service_directory(actor=caseworker, search="ngo b")) == [shelter]
    assert list(selectors.service_directory(actor=caseworker, search="测试机构")) == [shelter]
    # Managers see their own unpublished services; nobody else does.
    assert hidden in selectors.managed_services(actor=admin_b)
    assert hidden in selectors.visible_services(world.user(Role.SHELTER_MANAGER, other=True))
    assert hidden not in selectors.visible_services(caseworker)
    assert not selectors.visible_services(world.user(Role.SCREENER)).exists()


def test_shared_document_only_within_scope(world):
    referral = f.send(world, scopes=(Scope.DOCUMENTS,))
    document = case_services.document_add(
        actor=world.user(Role.CASEWORKER),
        case=referral.case,
        kind="medical",
        name="report.pdf",
        data=b"%PDF-1.4 synthetic",
    )
    with pytest.raises(Http404):  # not accepted yet
        selectors.shared_document(actor=receiver(world), referral=referral, pk=document.pk)
    services.referral_accept(actor=receiver(world), referral=referral)
    item, content = selectors.shared_document(
        actor=receiver(world), referral=referral, pk=document.pk
    )
    assert content.startswith(b"%PDF")
    assert item.pk == document.pk
    assert AuditEvent.objects.filter(action="referral.document_viewed").count() == 2
    shared = selectors.shared_view(actor=receiver(world), referral=referral)
    assert [d.id for d in shared.documents.files] == [document.pk]
    assert "report.pdf" not in text_of(shared)


def test_malformed_ids_are_404(world):
    for lookup in (selectors.referral_get, selectors.service_get, selectors.managed_service_get):
        with pytest.raises(Http404):
            lookup(actor=world.user(Role.CASEWORKER), pk="not-a-uuid")


def test_shared_identity_documents_keep_their_numbers(world):
    """People store identity documents as {"type", "number"}: both reach the receiver."""
    referral = f.send(world, scopes=(Scope.DOCUMENTS,))
    case_services.person_update(
        actor=world.user(Role.CASEWORKER),
        person=referral.case.person,
        identity_documents=[{"type": "passport", "number": "E12345678"}],
    )
    services.referral_accept(actor=receiver(world), referral=referral)

    shared = selectors.shared_view(actor=receiver(world), referral=referral)

    assert shared.documents.identity_documents == [{"kind": "passport", "value": "E12345678"}]
