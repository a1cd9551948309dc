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

import datetime
from typing import Any

from django.utils import timezone

from haven.accounts.roles import Cap, Role
from haven.cases import services as case_services
from haven.cases.models import Case, Purpose
from haven.cases.vocab import ExploitationType
from haven.exchange import services as exchange_services
from haven.exchange.tests import factories as exchange_factories
from haven.exchange.tests import url_matrix as exchange_matrix
from haven.referrals import services as referral_services
from haven.referrals.models import Referral
from haven.referrals.tests import factories as referral_factories
from haven.referrals.vocab import Scope
from haven.screening import services as screening_services
from haven.screening.tests import factories as screening_factories
from haven.shelters import services as shelter_services
from haven.shelters.tests.factories import admit, make_shelter
from haven.stats.services import reports as stats_reports
from haven.web.tests.confidential_markers import (
    DOCUMENT,
    IDENTITY,
    NOTES,
    SHELTER,
    Identity,
    Reader,
    Scene,
    case_editors,
    case_readers,
    sender,
    shared,
)

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


def _referred(
    world: Any,
    scene: Scene,
    identity: Identity,
    *,
    other: bool,
    exploitation: str,
    language: str,
    urgency: str,
    scopes: list[str],
    message: str,
    label: str,
) -> tuple[Any, Case, Referral, tuple[Reader, ...]]:
    """A person registered by org A's (or B's, ``other``) caseworker, their case referred
    to the other organisation with ``scopes`` and accepted there; the identity and the
    referral message are marked. Returns (caseworker, case, referral, the case's readers)."""
    worker = world.user(Role.CASEWORKER, other=other)
    person = case_services.person_register(
        actor=worker, organisation=world.org_b if other else world.org_a, **identity.fields()
    )
    case = case_services.case_open(actor=worker, person=person, exploitation_types=[exploitation])
    case_services.consent_record(
        actor=worker,
        case=case,
        purpose=Purpose.SHARE_ABROAD,
        given=True,
        method="written",
        language=language,
    )
    receiver = world.org_a if other else world.org_b
    service = referral_factories.publish(world.user(Role.ORG_ADMIN, other=not other), receiver)
    referral = referral_services.referral_send(
        actor=worker,
        case=case,
        to_organisation=receiver,
        services=[service],
        urgency=urgency,
        reason="AdditionalServicesRequired",
        scopes=scopes,
        message=message,
    )
    referral_services.referral_accept(
        actor=world.user(Role.CASEWORKER, other=not other), referral=referral
    )
    referral.refresh_from_db()
    readers = case_readers(case)
    identity.mark(scene, label, readers, referral)
    scene.add(
        message,
        NOTES,
        f"{label}: referral message",
        sender(referral),
        shared_with=shared(referral, None),
    )
    return worker, case, referral, readers


def _referred_case_a(world: Any, scene: Scene) -> Referral:
    """A case org A referred to org B sharing identity, exploitation and documents (not
    contacts, not needs), accepted by org B: its notes, contacts, assessments, event street
    and document name stay in org A."""
    identity = Identity(
        family="邝",
        given="璎珞",
        aliases=("Ravensgarth",),
        birth=datetime.date(1929, 11, 6),
        document="IDC77310429",
        phone="+86 138 6620 5517",
    )
    label = "org A referred case"
    worker, case, referral, readers = _referred(
        world,
        scene,
        identity,
        other=False,
        exploitation=ExploitationType.SEXUAL,
        language="en",
        urgency="urgent",
        scopes=[Scope.IDENTITY, Scope.EXPLOITATION, Scope.DOCUMENTS],
        message="Refmessage Lindqvaer",
        label=label,
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
    identity = Identity(
        family="Ashcombe",
        given="Delphinia",
        aliases=("Varganova",),
        birth=datetime.date(1944, 3, 17),
        document="DE5519027731",
        phone="+49 151 2290 6613",
    )
    label = "org B case"
    worker, case, referral, readers = _referred(
        world,
        scene,
        identity,
        other=True,
        exploitation=ExploitationType.FORCED_LABOUR,
        language="de",
        urgency="routine",
        scopes=[Scope.IDENTITY, Scope.CONTACTS, Scope.DOCUMENTS],
        message="Refmessage Ortolanne",
        label=label,
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
