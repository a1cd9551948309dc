"""The scene of the confidential sweep (``test_confidential_sweep.py``): records whose
confidential values are unique markers, and who may see each marker.

Everything is made through the real services. Org A (CN) has a case registered by its
screener and worked on by its caseworker (identity, guardian, every free-text note, a
document), a case it referred to org B (DE) sharing identity, exploitation and documents
only, screening interviews with notes, a shelter with its address, a referred resident,
an incident and a waitlist entry, a transnational referral received from a partner node,
a match query about its person and this year's annual report (PDF and XLSX). Org B has a
case it referred to org A (identity, contacts and documents), whose person stays in org A's
shelter.

Who may see a marker is not listed per role: each marker names its readers as
(capability, object) pairs, and ``policy.can`` decides for every user, so the sweep follows
``roles.py``. Two readers need a further condition, as the code has them: a screener reads
only the cases they registered (``cases.selectors.visible_cases``), and a referral shows a
scope only while ``referrals.projection.visible_scopes`` allows it.

The objects are put into the URL matrix's caches (``matrix.made`` and the factories'
caches), so that every row of the matrix requests a page about them.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import io
import json
import re
import urllib.parse
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from haven.accounts import policy
from haven.accounts.roles import Cap, Role
from haven.cases import services as case_services
from haven.cases.models import Case, Purpose
from haven.cases.vocab import ExploitationType
from haven.exchange import services as exchange_services
from haven.exchange.tests import factories as exchange_factories
from haven.exchange.tests import url_matrix as exchange_matrix
from haven.referrals import services as referral_services
from haven.referrals.models import Referral
from haven.referrals.projection import visible_scopes
from haven.referrals.tests import factories as referral_factories
from haven.referrals.vocab import Scope
from haven.screening import services as screening_services
from haven.screening.tests import factories as screening_factories
from haven.shelters import services as shelter_services
from haven.shelters.tests.factories import admit, make_shelter
from haven.stats.services import reports as stats_reports

IDENTITY = "identity"
NOTES = "notes"
SHELTER = "shelter address"
DOCUMENT = "document"
CATEGORIES = (IDENTITY, NOTES, SHELTER, DOCUMENT)
# The capabilities through which a marker may be read (every reader names one of them).
READING = frozenset(
    {
        Cap.CASE_READ,
        Cap.CASE_READ_SCREENED,
        Cap.CASE_EDIT,
        Cap.REFERRAL_SEND,
        Cap.REFERRAL_ANSWER,
        Cap.SCREENING_RUN,
        Cap.SHELTER_MANAGE,
        Cap.STAY_READ,
        Cap.EXCHANGE_REFER,
    }
)


@dataclass(frozen=True)
class Reader:
    """Users who hold ``capability`` on ``obj`` (and pass ``only``, if given)."""

    capability: Cap
    obj: Any
    only: Callable[[Any], bool] | None = None

    def admits(self, user: Any) -> bool:
        if not policy.can(user, self.capability, self.obj):
            return False
        return self.only is None or self.only(user)


@dataclass(frozen=True)
class Marker:
    """A unique confidential value. ``readers`` own it (the case's organisation, the shelter's
    staff); ``shared_with`` may see it too (the other side of a referral sharing its scope)."""

    text: str
    category: str
    where: str
    readers: tuple[Reader, ...]
    shared_with: tuple[Reader, ...] = ()
    spellings: tuple[str, ...] = ()  # the same value written otherwise (dates, digits only)
    shown: bool = True  # some page shows it to its readers (the positive control expects it)

    def may_see(self, user: Any) -> bool:
        return any(reader.admits(user) for reader in self.readers + self.shared_with)

    def owned_by(self, user: Any) -> bool:
        return any(reader.admits(user) for reader in self.readers)


def date_spellings(day: datetime.date) -> tuple[str, ...]:
    """How a date may be written in a page or a file, besides ISO 8601."""
    month = day.strftime("%B")
    return (
        f"{day:%m/%d/%Y}",
        f"{day:%d/%m/%Y}",
        f"{day:%d.%m.%Y}",
        f"{day:%Y/%m/%d}",
        f"{day.year}年{day.month}月{day.day}日",
        f"{month} {day.day}, {day.year}",
        f"{day.day} {month} {day.year}",
        f"{month[:3]}. {day.day}, {day.year}",
    )


def case_readers(case: Case) -> tuple[Reader, ...]:
    """Readers of a case: its organisation's ``CASE_READ``, or the screener who registered
    it (``CASE_READ_SCREENED`` reaches only those)."""
    return (
        Reader(Cap.CASE_READ, case),
        Reader(Cap.CASE_READ_SCREENED, case, only=lambda user: case.registered_by_id == user.pk),
    )


def case_editors(case: Case) -> tuple[Reader, ...]:
    return (Reader(Cap.CASE_EDIT, case),)


def shared(referral: Referral, scope: str | None) -> tuple[Reader, ...]:
    """Both sides of ``referral`` while it shows ``scope`` (``None``: anything beyond the
    basic details, such as the message)."""
    scopes, restriction = visible_scopes(referral)
    if restriction or (scope is not None and scope not in scopes):
        return ()
    return (
        Reader(Cap.REFERRAL_ANSWER, referral.to_organisation),
        Reader(Cap.REFERRAL_SEND, referral.from_organisation),
    )


def sender(referral: Referral) -> tuple[Reader, ...]:
    return (Reader(Cap.REFERRAL_SEND, referral.from_organisation),)


@dataclass
class Scene:
    markers: list[Marker] = field(default_factory=list)
    # Pages about the scene's objects that no row of the URL matrix reaches:
    # (name, kwargs, query string).
    extra: list[tuple[str, dict[str, Any], str]] = field(default_factory=list)

    def add(
        self,
        text: str,
        category: str,
        where: str,
        readers: tuple[Reader, ...],
        *,
        shared_with: tuple[Reader, ...] = (),
        spellings: tuple[str, ...] = (),
        shown: bool = True,
    ) -> str:
        assert all(text not in m.text and m.text not in text for m in self.markers), text
        assert {r.capability for r in readers + shared_with} <= READING, where
        self.markers.append(Marker(text, category, where, readers, shared_with, spellings, shown))
        return text


@dataclass(frozen=True)
class Identity:
    """A person's identity fields, each one a marker."""

    family: str
    given: str
    aliases: tuple[str, ...]
    birth: datetime.date
    document: str
    phone: str
    email: str = ""
    address: str = ""

    def fields(self) -> dict[str, Any]:
        contacts = {"phone": self.phone, "email": self.email, "address": self.address}
        return {
            "family_name": self.family,
            "given_names": self.given,
            "aliases": list(self.aliases),
            "birth_date": self.birth,
            "identity_documents": [{"type": "Passport", "number": self.document}],
            "contacts": {key: value for key, value in contacts.items() if value},
            "sex": "Feminine",
            "languages": ["vi", "zh-hans"],
        }

    def mark(
        self,
        scene: Scene,
        label: str,
        readers: tuple[Reader, ...],
        referral: Referral | None = None,
    ) -> None:
        """Markers for the fields, read by ``readers`` and by the sides of ``referral``
        while it shares the field's scope."""

        def add(text: str, what: str, scope: str, **options: Any) -> None:
            also = shared(referral, scope) if referral else ()
            scene.add(text, IDENTITY, f"{label}: {what}", readers, shared_with=also, **options)

        for text in (self.family, self.given, *self.aliases):
            add(text, "name", Scope.IDENTITY)
        birth = self.birth.isoformat()
        add(birth, "date of birth", Scope.IDENTITY, spellings=date_spellings(self.birth))
        add(self.document, "identity document", Scope.DOCUMENTS)
        add(self.phone, "phone", Scope.CONTACTS, spellings=(re.sub(r"\D", "", self.phone),))
        # Stored, but shown only where every contact is listed (a referral sharing contacts).
        if self.email:
            add(self.email, "email", Scope.CONTACTS, shown=False)
        if self.address:
            add(self.address, "address", Scope.CONTACTS, shown=False)


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% "


def _case_a(world: Any, scene: Scene) -> Case:
    """Org A's case: registered by its screener (who may read it), worked on by its
    caseworker. A presumed child, so that the guardian is shown."""
    screener, worker = world.user(Role.SCREENER), world.user(Role.CASEWORKER)
    identity = Identity(
        family="Vorzelkind",
        given="Quillabeth",
        aliases=("篁翊飏", "Zembrowiak"),
        birth=datetime.date(1931, 7, 23),
        document="PQ48213907",
        phone="+86 139 4471 2286",
        email="vorzel.quill@example.net",
        address="Lantern Alley 4471",
    )
    person = case_services.person_register(
        actor=screener, organisation=world.org_a, age_uncertain=True, **identity.fields()
    )
    case = case_services.case_open(actor=screener, person=person, reasons_to_believe_child=True)
    readers, label = case_readers(case), "org A case"
    identity.mark(scene, label, readers)
    add = scene.add
    case = case_services.case_update(
        actor=worker,
        case=case,
        owner=worker,
        guardian=add("Gwendolyn Trasque", IDENTITY, f"{label}: guardian", readers),
        best_interests_assessment=add("Bestint Marrowvane", NOTES, f"{label}: BIA", readers),
        best_interests_assessed_on=timezone.localdate(),
        vulnerability_details=add("Vulndet Ossiferan", NOTES, f"{label}: vulnerability", readers),
    )
    case_services.consent_record(
        actor=worker,
        case=case,
        purpose=Purpose.ASSISTANCE,
        given=True,
        method="oral_interpreter",
        language="vi",
        witness=add("Witness Yarrowfield", IDENTITY, f"{label}: consent witness", readers),
        guardian=add("Consentguard Mirebrook", IDENTITY, f"{label}: consent guardian", readers),
    )
    case = case_services.case_transition(
        actor=worker,
        case=case,
        target="assistance",
        reason=add("Stagereason Hollowmere", NOTES, f"{label}: transition reason", readers),
    )
    case_services.note_add(
        actor=worker, case=case, text=add("Casenote Pellucidar", NOTES, f"{label}: note", readers)
    )
    today = timezone.localdate()
    case_services.assessment_record(
        actor=worker,
        case=case,
        kind="needs",
        level="individual",
        notes=add("Assessnote Quorvath", NOTES, f"{label}: assessment", readers),
        assessed_on=today,
    )
    plan = case_services.plan_save(
        actor=worker,
        case=case,
        type="Health",
        objectives=add("Planobj Brindlewick", NOTES, f"{label}: plan objectives", readers),
        action_plan=add("Planaction Sorrowgate", NOTES, f"{label}: action plan", readers),
    )
    case_services.service_record(
        actor=worker,
        case=case,
        plan=plan,
        category="Health",
        delivered_on=today,
        notes=add("Servnote Thistlemoor", NOTES, f"{label}: service notes", readers),
    )
    case_services.event_record(
        actor=worker,
        case=case,
        type="Recruitment",
        city="Nanning",
        street=add("Eventstreet Garrowby", NOTES, f"{label}: event street", readers),
        description=add("Eventdesc Kelpwater", NOTES, f"{label}: event", readers),
    )
    case_services.proceeding_save(
        actor=worker,
        case=case,
        kind="criminal",
        notes=add("Procnote Ambervane", NOTES, f"{label}: proceeding", readers),
    )
    _document(worker, case, scene, label, "Drennafield", "Docbody Wrenshaw", readers, ())
    return case


def _document(
    actor: Any,
    case: Case,
    scene: Scene,
    label: str,
    name: str,
    body: str,
    readers: tuple[Reader, ...],
    shared_with: tuple[Reader, ...],
) -> Any:
    """A PDF whose file name and content are markers. The name is listed to the case's
    readers; the content goes to those who may open it (editors, a referral sharing
    documents)."""
    scene.add(name, DOCUMENT, f"{label}: document file name", readers)
    scene.add(
        body, DOCUMENT, f"{label}: document content", case_editors(case), shared_with=shared_with
    )
    return case_services.document_add(
        actor=actor,
        case=case,
        kind="identity",
        name=f"scan-{name}.pdf",
        data=PDF + body.encode() + b"\n%%EOF\n",
    )


def _referred_case_a(world: Any, scene: Scene) -> Referral:
    """A case org A referred to org B sharing identity, exploitation and documents (not
    contacts, not needs), accepted by org B: its notes, contacts, assessments, event street
    and document name stay in org A."""
    worker = world.user(Role.CASEWORKER)
    identity = Identity(
        family="邝",
        given="璎珞",
        aliases=("Ravensgarth",),
        birth=datetime.date(1929, 11, 6),
        document="IDC77310429",
        phone="+86 138 6620 5517",
    )
    person = case_services.person_register(
        actor=worker, organisation=world.org_a, **identity.fields()
    )
    case = case_services.case_open(
        actor=worker, person=person, exploitation_types=[ExploitationType.SEXUAL]
    )
    case_services.consent_record(
        actor=worker,
        case=case,
        purpose=Purpose.SHARE_ABROAD,
        given=True,
        method="written",
        language="en",
    )
    service = referral_factories.publish(world.user(Role.ORG_ADMIN, other=True), world.org_b)
    message = "Refmessage Lindqvaer"
    referral = referral_services.referral_send(
        actor=worker,
        case=case,
        to_organisation=world.org_b,
        services=[service],
        urgency="urgent",
        reason="AdditionalServicesRequired",
        scopes=[Scope.IDENTITY, Scope.EXPLOITATION, Scope.DOCUMENTS],
        message=message,
    )
    referral_services.referral_accept(
        actor=world.user(Role.CASEWORKER, other=True), referral=referral
    )
    referral.refresh_from_db()
    readers, label = case_readers(case), "org A referred case"
    identity.mark(scene, label, readers, referral)
    scene.add(
        message,
        NOTES,
        f"{label}: referral message",
        sender(referral),
        shared_with=shared(referral, None),
    )
    add = scene.add
    case_services.note_add(
        actor=worker, case=case, text=add("Casenote Fennimore", NOTES, f"{label}: note", readers)
    )
    case_services.assessment_record(
        actor=worker,
        case=case,
        kind="risk",
        level="individual",
        assessed_on=timezone.localdate(),
        notes=add(
            "Assessnote Crowhallow",
            NOTES,
            f"{label}: assessment",
            readers,
            shared_with=shared(referral, Scope.NEEDS),
        ),
    )
    case_services.event_record(
        actor=worker,
        case=case,
        type="Exploitation",
        street=add("Eventstreet Harrowgate", NOTES, f"{label}: event street", readers),
        description=add(
            "Eventdesc Tamberlane",
            NOTES,
            f"{label}: event",
            readers,
            shared_with=shared(referral, Scope.EXPLOITATION),
        ),
    )
    document = _document(
        worker,
        case,
        scene,
        label,
        "Ossowiecki",
        "Docbody Quenneville",
        readers,
        shared(referral, Scope.DOCUMENTS),
    )
    scene.extra += [
        ("cases:detail", {"pk": case.pk}, ""),
        ("api:case_detail", {"pk": case.pk}, ""),
        ("api:case_notes", {"pk": case.pk}, ""),
        ("api:case_documents", {"pk": case.pk}, ""),
        ("api:case_assessments", {"pk": case.pk}, ""),
        ("api:case_events", {"pk": case.pk}, ""),
        ("referrals:detail", {"pk": referral.pk}, ""),
        ("api:referral_detail", {"pk": referral.pk}, ""),
        ("referrals:document", {"pk": referral.pk, "document": document.pk}, ""),
    ]
    return referral


def _case_b(world: Any, scene: Scene) -> tuple[Case, Referral, Any]:
    """Org B's case, referred to org A sharing identity, contacts and documents, accepted
    by org A: its notes and document name stay in org B."""
    worker = world.user(Role.CASEWORKER, other=True)
    identity = Identity(
        family="Ashcombe",
        given="Delphinia",
        aliases=("Varganova",),
        birth=datetime.date(1944, 3, 17),
        document="DE5519027731",
        phone="+49 151 2290 6613",
    )
    person = case_services.person_register(
        actor=worker, organisation=world.org_b, **identity.fields()
    )
    case = case_services.case_open(
        actor=worker, person=person, exploitation_types=[ExploitationType.FORCED_LABOUR]
    )
    case_services.consent_record(
        actor=worker,
        case=case,
        purpose=Purpose.SHARE_ABROAD,
        given=True,
        method="written",
        language="de",
    )
    service = referral_factories.publish(world.user(Role.ORG_ADMIN), world.org_a)
    message = "Refmessage Ortolanne"
    referral = referral_services.referral_send(
        actor=worker,
        case=case,
        to_organisation=world.org_a,
        services=[service],
        urgency="routine",
        reason="AdditionalServicesRequired",
        scopes=[Scope.IDENTITY, Scope.CONTACTS, Scope.DOCUMENTS],
        message=message,
    )
    referral_services.referral_accept(actor=world.user(Role.CASEWORKER), referral=referral)
    referral.refresh_from_db()
    readers, label = case_readers(case), "org B case"
    identity.mark(scene, label, readers, referral)
    scene.add(
        message,
        NOTES,
        f"{label}: referral message",
        sender(referral),
        shared_with=shared(referral, None),
    )
    case_services.note_add(
        actor=worker,
        case=case,
        text=scene.add("Casenote Mirabeau", NOTES, f"{label}: note", readers),
    )
    document = _document(
        worker,
        case,
        scene,
        label,
        "Heathwaite",
        "Docbody Saltonstall",
        readers,
        shared(referral, Scope.DOCUMENTS),
    )
    return case, referral, document


def _screenings(world: Any, scene: Scene) -> dict[tuple[bool, bool], Any]:
    """Org A's draft full interview and completed first contact (with notes), and one
    closed without referral (with the reason). Notes are shown while the interview is a
    draft; a completed one keeps them (and the reason) but no page shows them."""
    screener = world.user(Role.SCREENER)
    draft = screening_factories.start(screener, world.org_a)
    readers = (Reader(Cap.SCREENING_RUN, draft),)
    draft = screening_services.screening_answer(
        actor=screener,
        screening=draft,
        answers={"DR01": "yes"},
        notes={"DR01": scene.add("Scrnote Halloway", NOTES, "screening draft: note", readers)},
    )
    done = []
    for note in ("Scrnote Gillyflower", "Scrnote Amberlough"):
        screening = screening_factories.start(screener, world.org_a, "first-contact")
        readers = (Reader(Cap.SCREENING_RUN, screening),)
        screening = screening_services.screening_answer(
            actor=screener,
            screening=screening,
            answers={"FC01": "yes"},
            notes={"FC01": scene.add(note, NOTES, "screening: note", readers, shown=False)},
        )
        done.append(screening_services.screening_complete(actor=screener, screening=screening))
    closed = screening_services.screening_no_referral(
        actor=screener,
        screening=done[1],
        reason=scene.add(
            "Noref Penhaligon",
            NOTES,
            "screening: reason for no referral",
            (Reader(Cap.SCREENING_RUN, done[1]),),
            shown=False,
        ),
    )
    scene.extra += [
        ("screening:result", {"pk": closed.pk}, ""),
        ("api:screening_detail", {"pk": closed.pk}, ""),
    ]
    return {(False, False): draft, (True, False): done[0]}


def _shelter(world: Any, scene: Scene, referral: Referral) -> dict[tuple[str, bool], Any]:
    """Org A's shelter (address, phone), the resident org B referred (name used in the
    shelter, risk notes, services, outings), a resident who left (exit plan), an incident
    with a follow-up and a waitlist entry."""
    staff = world.user(Role.SHELTER_MANAGER)
    add = scene.add
    shelter = make_shelter(
        staff,
        world.org_a,
        name="Shelter A (synthetic)",
        address="Cinderpath Row 612, Xixiangtang (synthetic)",
        phone="+86 771 5550 8842",
    )
    manage = (Reader(Cap.SHELTER_MANAGE, shelter),)
    add("Cinderpath Row", SHELTER, "shelter: address", manage)
    add("+86 771 5550 8842", SHELTER, "shelter: phone", manage, spellings=("8677155508842",))
    world.__dict__.setdefault("_shelters", {})[False] = shelter

    known_as, risk_notes = "Knownas Pimberly", "Risknote Caraway"
    stay = shelter_services.stay_admit(
        actor=staff,
        shelter=shelter,
        referral=referral,
        house_rules_consent=True,
        known_as=known_as,
        risk_exploiters="high",
        risk_notes=risk_notes,
    )
    read = (Reader(Cap.STAY_READ, stay),)
    add(known_as, IDENTITY, "stay: called in the shelter", read)
    add(risk_notes, NOTES, "stay: risk notes", read)
    today = timezone.localdate()
    shelter_services.stay_service_record(
        actor=staff,
        stay=stay,
        category="Medical",
        delivered_on=today,
        notes=add("Stayserv Ludgate", NOTES, "stay: service notes", read),
    )
    shelter_services.movement_record(
        actor=staff,
        stay=stay,
        kind="appointment",
        started_at=timezone.now() - datetime.timedelta(hours=2),
        notes=add("Movenote Farthingale", NOTES, "stay: movement notes", read),
    )
    left = admit(staff, shelter)
    shelter_services.stay_exit(
        actor=staff,
        stay=left,
        reason="plan_completed",
        destination="family",
        plan=add("Exitplan Wintermoor", NOTES, "stay: exit plan", (Reader(Cap.STAY_READ, left),)),
        follow_up_days=[7],
    )
    scene.extra += [
        ("shelters:stay_detail", {"pk": left.pk}, ""),
        ("api:stay_detail", {"pk": left.pk}, ""),
    ]
    incident = shelter_services.incident_record(
        actor=staff,
        shelter=shelter,
        stay=stay,
        kind="security",
        severity="high",
        description=add("Incident Blackthorn", NOTES, "incident: description", manage),
        action=add("Followup Quiddity", NOTES, "incident: follow-up", manage),
        action_due_on=today + datetime.timedelta(days=1),
    )
    entry = shelter_services.waitlist_add(
        actor=staff,
        shelter=shelter,
        label=add("Waitlabel Rookery", IDENTITY, "waitlist: label", manage),
        risk="high",
    )
    return {
        ("shelter-stay", False): stay,
        ("shelter-incident", False): incident,
        ("shelter-entry", False): entry,
    }


def _transfer(world: Any, scene: Scene) -> Any:
    """A transnational referral a partner node sent to org A, kept (encrypted) until it is
    answered: what it carries goes to org A's exchange coordinators only."""
    fake, _partner, _agreement = exchange_matrix._scene(world)
    identity = Identity(
        family="Trevanion",
        given="Morwenna",
        aliases=("Pendarvesk",),
        birth=datetime.date(1952, 8, 14),
        document="XP99120457",
        phone="+49 170 5531 0098",
    )
    person = identity.fields()
    fields = {
        key: person[key]
        for key in ("family_name", "given_names", "aliases", "identity_documents", "contacts")
    }
    fields |= {
        "birth_date": identity.birth.isoformat(),
        "sex": "Feminine",
        "guardian": "Xchguard Tolverne",
        "message": "Xchmessage Polwhele",
    }
    token, _thread = fake.referral(to_organisation=world.org_a.pk, fields=fields)
    transfer = exchange_services.receive(token).transfer
    readers, label = (Reader(Cap.EXCHANGE_REFER, transfer),), "transfer from a partner"
    identity.mark(scene, label, readers)
    scene.add(fields["guardian"], IDENTITY, f"{label}: guardian", readers)
    scene.add(fields["message"], NOTES, f"{label}: message", readers)
    return transfer


def _match(world: Any, case: Case) -> Any:
    """Org A's coordinator asks the partner whether it knows the person (a child: the
    consent to share abroad names the guardian). The partner does not answer."""
    _fake, _partner, agreement = exchange_matrix._scene(world)
    coordinator = world.user(Role.COORDINATOR)
    case_services.consent_record(
        actor=coordinator,
        case=case,
        purpose=Purpose.SHARE_ABROAD,
        given=True,
        method="written",
        language="en",
        guardian="Consentguard Mirebrook",
    )
    return exchange_services.match_ask(
        actor=coordinator, case=case, agreement=agreement, purpose=exchange_factories.PURPOSE
    )


def _annual_report(world: Any) -> Any:
    """Org A's annual report of this year, PDF and XLSX made now (the task runs inline)."""
    report = stats_reports.report_request(
        actor=world.user(Role.ANALYST), year=timezone.localdate().year
    )
    stats_reports.build_report.call(str(report.pk))
    report.refresh_from_db()
    assert report.pdf, report.status
    assert report.xlsx, report.status
    return report


def build(world: Any) -> Scene:
    """Make the scene and put its objects into the URL matrix's caches."""
    scene = Scene()
    case_a = _case_a(world, scene)
    referral_r = _referred_case_a(world, scene)
    case_b, referral_b, document_b = _case_b(world, scene)
    objects = world.__dict__.setdefault("_matrix_objects", {})
    objects[("case", False)] = case_a
    objects[("document", False)] = case_a.documents.get()
    objects[("case", True)] = case_b
    referrals = world.__dict__.setdefault("_referral_matrix", {})
    referrals.update(
        {
            "case-False": case_a,
            "case-True": case_b,
            "received-False": referral_b,
            "document-False": (referral_b, document_b.pk),
            "sent": referral_r,
        }
    )
    world.__dict__.setdefault("_screening_objects", {}).update(_screenings(world, scene))
    shelter_objects = _shelter(world, scene, referral_b)
    objects.update(shelter_objects)
    objects[("exchange_transfer", False)] = _transfer(world, scene)
    objects[("exchange_match", False)] = _match(world, case_a)
    objects[("annual_report", False)] = _annual_report(world)
    # Pages that take objects in their query string, given the other side's objects.
    shelter, entry = world._shelters[False], shelter_objects[("shelter-entry", False)]
    scene.extra += [
        ("shelters:waitlist_add", {"pk": shelter.pk}, f"?referral={referral_r.pk}"),
        ("shelters:admit", {"pk": shelter.pk}, f"?referral={referral_r.pk}&step=facts"),
        ("shelters:admit", {"pk": shelter.pk}, f"?reservation={entry.stay_id}&step=bed"),
        ("shelters:incident_create", {"pk": shelter.pk}, f"?stay={entry.stay_id}"),
        ("shelters:follow_up_list", {}, "?all=on"),
        ("api:shelter_follow_up_list", {}, "?all=1"),
        ("shelters:stay_list", {}, "?alert=overdue"),
        ("referrals:refer", {"case": case_a.pk}, f"?organisation={world.org_b.pk}"),
        ("referrals:refer", {"case": case_b.pk}, f"?organisation={world.org_a.pk}"),
    ]
    return scene


# ---------------------------------------------------------------------------------------------
# Searching


def _forms(text: str) -> set[bytes]:
    """The ways ``text`` can be written into a response, lower-cased: plain, JSON-escaped
    (``\\uXXXX``), percent-encoded, and as HTML character references."""
    forms = {
        text,
        json.dumps(text)[1:-1],
        urllib.parse.quote(text),
        urllib.parse.quote_plus(text),
        "".join(c if c.isascii() else f"&#{ord(c)};" for c in text),
        "".join(c if c.isascii() else f"&#x{ord(c):x};" for c in text),
    }
    return {form.lower().encode() for form in forms}


@dataclass(frozen=True)
class Needles:
    """Every written form of every marker, to search haystacks with."""

    forms: tuple[tuple[bytes, int], ...]  # (lower-cased form, index of the marker)

    @classmethod
    def of(cls, markers: list[Marker]) -> Needles:
        pairs = {
            (form, index)
            for index, marker in enumerate(markers)
            for text in (marker.text, *marker.spellings)
            for form in _forms(text)
        }
        return cls(tuple(sorted(pairs)))

    def find(self, haystack: bytes) -> set[int]:
        lowered = haystack.lower()
        return {index for form, index in self.forms if form in lowered}


BASE64_RUN = re.compile(rb"[A-Za-z0-9+/_-]{12,}={0,2}")
PDF_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)


CMAP_BLOCK = re.compile(rb"begin(bfchar|bfrange)(.*?)end\1", re.DOTALL)
HEX = re.compile(rb"<([0-9a-fA-F]*)>")
SHOWN = re.compile(rb"\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj")


def _cmap(stream: bytes) -> dict[int, str]:
    """A ToUnicode CMap: glyph code -> text."""
    table: dict[int, str] = {}
    for kind, block in CMAP_BLOCK.findall(stream):
        values = [bytes.fromhex(h.decode()) for h in HEX.findall(block)]
        step = 2 if kind == b"bfchar" else 3
        for i in range(0, len(values) - step + 1, step):
            first = int.from_bytes(values[i], "big")
            target = values[i + step - 1].decode("utf-16-be", errors="replace")
            last = first if step == 2 else int.from_bytes(values[i + 1], "big")
            for offset, code in enumerate(range(first, last + 1)):
                table[code] = target[:-1] + chr(ord(target[-1]) + offset) if target else ""
    return table


def pdf_text(streams: list[bytes]) -> Iterator[bytes]:
    """The text a PDF shows with embedded fonts (glyph codes), read through each of its
    ToUnicode maps in turn (a run decodes correctly with its own font's map)."""
    maps = [_cmap(s) for s in streams if b"begincmap" in s]
    runs = [
        b"".join(HEX.findall(array)) if array else single
        for s in streams
        for array, single in SHOWN.findall(s)
    ]
    for table in maps:
        lines = []
        for run in runs:
            codes = bytes.fromhex(run.decode()) if len(run) % 2 == 0 else b""
            lines.append(
                "".join(
                    table.get(int.from_bytes(codes[i : i + 2], "big"), "")
                    for i in range(0, len(codes), 2)
                )
            )
        yield "\n".join(lines).encode()


def _inflated(body: bytes) -> list[bytes]:
    streams = []
    for stream in PDF_STREAM.findall(body):
        try:
            streams.append(zlib.decompress(stream))
        except zlib.error:
            streams.append(stream)
    return streams


def _unpacked(body: bytes) -> Iterator[bytes]:
    """The members of a ZIP file (XLSX), the streams of a PDF and the text they show, and
    whatever runs of base64 (standard or URL-safe, from the run's start) decode to."""
    if body.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            for name in archive.namelist():
                yield archive.read(name)
    if body.startswith(b"%PDF"):
        streams = _inflated(body)
        yield from streams
        yield from pdf_text(streams)
    for run in BASE64_RUN.findall(body):
        text = run.rstrip(b"=").replace(b"-", b"+").replace(b"_", b"/")
        text = text[: len(text) - len(text) % 4] if len(text) % 4 == 1 else text
        try:
            yield base64.b64decode(text + b"=" * (-len(text) % 4))
        except (binascii.Error, ValueError):
            continue


def search(needles: Needles, body: bytes) -> set[int]:
    """Markers found in ``body`` or in what it packs."""
    return needles.find(body + b"\0" + b"\0".join(_unpacked(body)))
