"""HTCDS 2.0 import of cases from IOM's Excel template layout or CSV (as ``export`` writes).

All or nothing per file: every row is read and checked first (picklist values, dates,
numbers, required core fields), then everything is written in one transaction through the
cases services (so policy, validation, encryption, name tokens and audit apply as for a case
typed in by hand). If any row is bad, the transaction is rolled back, nothing is written and
the report lists every problem: row, column, translated message. ``dry_run`` does the same
work and always rolls back.

Likely duplicates (people the importing user can already see, and earlier rows of the same
file) are warnings; ``skip_duplicates`` leaves those rows out.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from haven.accounts import policy
from haven.accounts.models import Organisation
from haven.accounts.roles import Cap
from haven.audit.services import record
from haven.cases import actions, names, selectors, services
from haven.cases.htcds import template
from haven.cases.htcds.converters import CSV, XLSX, Cell, CellError, is_empty, text_of
from haven.cases.htcds.mapping import (
    BY_CODE,
    BY_HEADER,
    COLUMNS,
    REFERENCE_COLUMN,
    STATUS_CLOSURE,
    STATUS_STAGES,
    Column,
    Entity,
    Sheet,
    column_for,
)
from haven.cases.htcds.spreadsheets import FileError, SheetIn, read_csv, read_xlsx
from haven.cases.models import Case, Purpose, Stage
from haven.cases.vocab import HtcdsCaseStatus

CONSENT_DETAILS = tuple(
    BY_CODE[code] for code in ("hvn_ConsentMethod", "hvn_ConsentLanguage", "hvn_ConsentDate")
)

FORMATS = (XLSX, CSV)
MAX_ROWS = 10_000  # per sheet; larger files are split by the user
HEADER_SEARCH = 5  # the header row is among the first rows of a sheet
#: Capabilities an import uses (register the person and case, record events and plans,
#: record consent and move the case to its HTCDS status), checked before anything is read.
NEEDED = (Cap.CASE_REGISTER, Cap.CASE_EDIT, Cap.CASE_TRANSITION)


@dataclass(frozen=True)
class RowError:
    """A problem: ``row`` as the user sees it in the file (0: the file as a whole),
    ``column`` as written in its header row, ``sheet`` (XLSX only), translated message."""

    row: int
    column: str
    message: str
    sheet: str = ""

    def __str__(self) -> str:
        where = f"{self.sheet}: " if self.sheet else ""
        if self.column:
            return where + _("Row {row}, {column}: {message}").format(
                row=self.row, column=self.column, message=self.message
            )
        return where + _("Row {row}: {message}").format(row=self.row, message=self.message)


@dataclass(frozen=True)
class DuplicateFlag:
    """Row ``row`` is possibly the same person as existing ``cases`` (references the user
    may see) or as earlier ``rows`` of the same file. A warning, not an error."""

    row: int
    cases: tuple[str, ...]
    rows: tuple[int, ...]
    reasons: tuple[str, ...]  # "name", "birth_year", "sex"
    message: str
    sheet: str = ""

    def __str__(self) -> str:
        where = f"{self.sheet}: " if self.sheet else ""
        return where + _("Row {row}: {message}").format(row=self.row, message=self.message)


@dataclass
class ImportReport:
    ok: bool
    errors: list[RowError] = field(default_factory=list)
    duplicates: list[DuplicateFlag] = field(default_factory=list)
    created: list[str] = field(default_factory=list)  # new case references, in file order
    dry_run: bool = False
    rows: int = 0  # case rows read
    imported: int = 0  # cases written (in a dry run: that would be written)
    skipped: list[int] = field(default_factory=list)  # rows left out as likely duplicates
    row_references: dict[int, str] = field(default_factory=dict)  # row -> new reference

    def summary(self) -> str:
        if not self.ok:
            return _("Nothing was imported. Problems found: {count}.").format(
                count=len(self.errors)
            )
        if self.dry_run:
            return _("Dry run, nothing was written. Cases that would be imported: {count}.").format(
                count=self.imported
            )
        return _("Cases imported: {count}.").format(count=self.imported)

    def lines(self) -> list[str]:
        """The report as text, one problem or warning a line, summary first."""
        lines = [self.summary(), *(str(e) for e in self.errors)]
        lines += [str(d) for d in self.duplicates]
        if self.skipped:
            lines.append(
                _("Rows left out as likely duplicates: {rows}.").format(
                    rows=", ".join(str(r) for r in self.skipped)
                )
            )
        return lines


# --- Reading the file into records ----------------------------------------------------------


@dataclass
class Part:
    """The cells of one row that belong to one sheet of the layout (case, event or plan)."""

    sheet: str
    row: int
    cells: dict[Column, tuple[str, Cell]]  # column -> (header as written, raw cell)
    values: dict[Entity, dict[str, Any]] = field(default_factory=dict)
    bad: bool = False

    def header(self, column: Column | None) -> str:
        if column is None:
            return ""
        return self.cells[column][0] if column in self.cells else column.written


@dataclass
class Record:
    """One case: its case row and the event and plan rows linked to it."""

    case: Part
    events: list[Part] = field(default_factory=list)
    plans: list[Part] = field(default_factory=list)

    @property
    def parts(self) -> list[Part]:
        return [self.case, *self.events, *self.plans]

    @property
    def bad(self) -> bool:
        return any(p.bad for p in self.parts)

    def person(self) -> dict[str, Any]:
        return self.case.values.get(Entity.PERSON, {})


LABELS = {
    label.casefold() for label in (*template.HEADER_LABELS, *(c.label for c in COLUMNS)) if label
}


def _header_row(sheet: SheetIn) -> tuple[int, dict[int, tuple[str, Column]]] | None:
    for position, (_number, cells) in enumerate(sheet.rows[:HEADER_SEARCH]):
        found = {
            index: (text_of(cell), BY_HEADER[text_of(cell).casefold()])
            for index, cell in enumerate(cells)
            if text_of(cell).casefold() in BY_HEADER
        }
        if len(found) >= 2:
            return position, found
    return None


def _is_label_row(cells: Sequence[Cell]) -> bool:
    texts = [text_of(c).casefold() for c in cells if text_of(c)]
    return bool(texts) and sum(t in LABELS for t in texts) * 2 >= len(texts)


class _Reader:
    def __init__(self) -> None:
        self.errors: list[RowError] = []
        self.records: list[Record] = []
        self.by_reference: dict[str, Record] = {}
        self.header_problem = False  # a required column is missing: rows are not written

    def error(self, part: Part, column: str, message: str) -> None:
        part.bad = True
        self.errors.append(RowError(part.row, column, message, part.sheet))

    def read(self, sheets: list[SheetIn]) -> None:
        headed = []
        for sheet in sheets:
            found = _header_row(sheet)
            if found is not None:
                headed.append((sheet, *found))
        if not headed:
            raise FileError(
                _(
                    "No HTCDS header row found: the first rows should hold column codes "
                    "such as prs_Gender."
                )
            )
        # Case sheets first, so that event and plan sheets can refer to their cases.
        headed.sort(key=lambda h: all(c.sheet != Sheet.CASES for _t, c in h[2].values()))
        self._check_required(*headed[0])
        for sheet, position, columns in headed:
            rows = sheet.rows[position + 1 :]
            if rows and _is_label_row(rows[0][1]):
                rows = rows[1:]
            for number, cells in rows:
                self._row(sheet.name, number, cells, columns)
        if not self.records and not self.errors:
            raise FileError(_("The file holds no case rows."))

    def _check_required(
        self, sheet: SheetIn, position: int, columns: dict[int, tuple[str, Column]]
    ) -> None:
        present = {c for _t, c in columns.values()}
        if not any(c.sheet == Sheet.CASES for c in present):
            return
        for column in COLUMNS:
            if column.required and column not in present:
                self.header_problem = True
                self.errors.append(
                    RowError(
                        sheet.rows[position][0],
                        column.written,
                        _("This required column is missing from the header row."),
                        sheet.name,
                    )
                )

    def _row(
        self,
        sheet: str,
        number: int,
        cells: Sequence[Cell],
        columns: dict[int, tuple[str, Column]],
    ) -> None:
        parts = {s: Part(sheet, number, {}) for s in Sheet}
        for index, (header, column) in columns.items():
            raw = cells[index] if index < len(cells) else None
            if column not in parts[column.sheet].cells:
                parts[column.sheet].cells[column] = (header, raw)
        case, events, plans = parts[Sheet.CASES], parts[Sheet.EVENTS], parts[Sheet.PLANS]
        reference_cell = case.cells.pop(REFERENCE_COLUMN, (REFERENCE_COLUMN.written, None))
        reference = text_of(reference_cell[1])
        has = {s: any(text_of(raw) for _h, raw in p.cells.values()) for s, p in parts.items()}
        if not any(has.values()):
            return  # an empty row (IOM's template numbers empty rows in column A)
        if has[Sheet.CASES]:
            case.cells[REFERENCE_COLUMN] = reference_cell
            owner = Record(case)
            if reference and reference in self.by_reference:
                self.error(case, reference_cell[0], _("Another case row has the same reference."))
            elif reference:
                self.by_reference[reference] = owner
            self.records.append(owner)
            self._parse(case, required=True)
        else:
            found = self.by_reference.get(reference)
            if found is None:
                part = events if has[Sheet.EVENTS] else plans
                message = (
                    _("No case row has this reference.")
                    if reference
                    else _("This core field is required.")
                )
                self.error(part, reference_cell[0], message)
                return
            owner = found
        if has[Sheet.EVENTS]:
            owner.events.append(events)
            self._parse(events)
        if has[Sheet.PLANS]:
            owner.plans.append(plans)
            self._parse(plans)

    def _parse(self, part: Part, required: bool = False) -> None:
        unreadable: set[Column] = set()
        for column in COLUMNS:  # table order: e.g. primary language before secondary
            if column not in part.cells:
                continue
            header, raw = part.cells[column]
            try:
                value = column.converter.parse(raw)
            except CellError as exc:
                self.error(part, header, str(exc))
                unreadable.add(column)
                continue
            if is_empty(value):
                if required and column.required:
                    self.error(part, header, _("This core field is required."))
                continue
            column.put(part.values, value)
        # Haven records how, in which language and when consent was given; HTCDS has only
        # the checkbox, so these come from Haven's columns and are never made up.
        if part.values.get(Entity.CONSENT, {}).get("given"):
            consent = part.values[Entity.CONSENT]
            for column in CONSENT_DETAILS:
                if column.field not in consent and column not in unreadable:
                    self.error(
                        part,
                        part.header(column),
                        _("Required when {column} is {value}.").format(
                            column=part.header(BY_CODE["con_Consent"]), value="TRUE"
                        ),
                    )


# --- Duplicates ---------------------------------------------------------------------------


def _flags(
    actor: Any, records: list[Record], request: HttpRequest | None
) -> dict[int, DuplicateFlag]:
    """Record index -> flag. Existing people through ``selectors.duplicate_candidates`` (keyed
    name tokens, scoped to what the actor may see); earlier rows by the same name forms."""
    flags: dict[int, DuplicateFlag] = {}
    seen: list[tuple[Record, set[str]]] = []
    for index, item in enumerate(records):
        person = item.person()
        family, given = person.get("family_name", ""), person.get("given_names", "")
        birth: datetime.date | None = person.get("birth_date")
        sex = person.get("sex", "")
        reasons: set[str] = set()
        references: set[str] = set()
        for candidate in selectors.duplicate_candidates(
            actor=actor,
            family_name=family,
            given_names=given,
            birth_date=birth,
            sex=sex,
            request=request,
        ):
            references.update(candidate.cases)
            reasons.update(candidate.reasons)
        forms = names.full_name_forms(family, given)
        rows = []
        for earlier, earlier_forms in seen:
            if forms & earlier_forms:
                rows.append(earlier.case.row)
                other = earlier.person()
                reasons.add("name")
                if birth and other.get("birth_date") and other["birth_date"].year == birth.year:
                    reasons.add("birth_year")
                if sex and other.get("sex") == sex:
                    reasons.add("sex")
        seen.append((item, forms))
        if references or rows:
            messages = []
            if references:
                messages.append(
                    _("Possibly the same person as these cases: {references}.").format(
                        references=", ".join(sorted(references))
                    )
                )
            if rows:
                messages.append(
                    _("Possibly the same person as these rows of this file: {rows}.").format(
                        rows=", ".join(str(r) for r in rows)
                    )
                )
            flags[index] = DuplicateFlag(
                row=item.case.row,
                cases=tuple(sorted(references)),
                rows=tuple(rows),
                reasons=tuple(r for r in ("name", "birth_year", "sex") if r in reasons),
                message=" ".join(messages),
                sheet=item.case.sheet,
            )
    return flags


# --- Writing ------------------------------------------------------------------------------


def _service_errors(
    part: Part, exc: ValidationError, entities: Iterable[Entity], fallback: Column | None = None
) -> list[RowError]:
    """A service's validation errors, each pointed at the column of the field it names."""
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
    errors = []
    for name, messages in detail.items():
        column = next((c for e in entities if (c := column_for(e, name)) is not None), fallback)
        for message in messages:
            errors.append(RowError(part.row, part.header(column), str(message), part.sheet))
    part.bad = True
    return errors


class _Writer:
    def __init__(self, actor: Any, organisation: Organisation, request: HttpRequest | None):
        self.actor, self.organisation, self.request = actor, organisation, request
        self.errors: list[RowError] = []

    def write(self, item: Record) -> Case | None:
        common = {"actor": self.actor, "request": self.request}
        values = item.case.values
        person_fields = dict(values.get(Entity.PERSON, {}))
        case_fields = dict(values.get(Entity.CASE, {}))
        case_fields.pop("reference", None)
        status = case_fields.pop("htcds_status", "") or HtcdsCaseStatus.ACTIVE
        presumed = bool(case_fields.pop("child_presumed", False))
        consent = dict(values.get(Entity.CONSENT, {}))
        try:
            person = services.person_register(
                organisation=self.organisation, **common, **person_fields
            )
        except ValidationError as exc:
            self.errors += _service_errors(item.case, exc, [Entity.PERSON])
            return None
        try:
            case = services.case_open(
                person=person,
                organisation=self.organisation,
                reasons_to_believe_child=presumed,
                **common,
                **case_fields,
            )
        except ValidationError as exc:
            self.errors += _service_errors(item.case, exc, [Entity.CASE, Entity.PERSON])
            return None
        if consent.pop("given", False):
            try:
                services.consent_record(
                    case=case, purpose=Purpose.ASSISTANCE, given=True, **common, **consent
                )
            except ValidationError as exc:
                self.errors += _service_errors(item.case, exc, [Entity.CONSENT])
        for part in item.events:
            try:
                services.event_record(case=case, **common, **part.values.get(Entity.EVENT, {}))
            except ValidationError as exc:
                self.errors += _service_errors(part, exc, [Entity.EVENT])
        for part in item.plans:
            try:
                services.plan_save(case=case, **common, **part.values.get(Entity.PLAN, {}))
            except ValidationError as exc:
                self.errors += _service_errors(part, exc, [Entity.PLAN])
        for target in STATUS_STAGES[status]:
            try:
                case = services.case_transition(
                    case=case,
                    target=target,
                    reason=_("Imported from an HTCDS file."),
                    closure_reason=STATUS_CLOSURE.get(status, "") if target == Stage.CLOSED else "",
                    **common,
                )
            except ValidationError as exc:
                self.errors += _service_errors(item.case, exc, [], BY_CODE["cas_Status"])
                break
        return case


def _read(data: bytes, fmt: str) -> list[SheetIn]:
    if fmt == XLSX:
        return read_xlsx(data, MAX_ROWS)
    return read_csv(data, MAX_ROWS)


def import_cases(
    actor: Any,
    organisation: Organisation,
    data: bytes,
    fmt: str,
    dry_run: bool = False,
    skip_duplicates: bool = False,
    *,
    request: HttpRequest | None = None,
) -> ImportReport:
    """Import the cases of an HTCDS 2.0 file (``fmt``: ``xlsx`` or ``csv``) into
    ``organisation``, acting as ``actor``. Raises ``PermissionDenied`` unless the actor may
    register, edit and move cases there; everything else is in the report."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown import format {fmt!r}.")
    if not all(policy.can(actor, cap, organisation) for cap in NEEDED):
        raise PermissionDenied
    report = ImportReport(ok=False, dry_run=dry_run)
    reader = _Reader()
    try:
        reader.read(_read(data, fmt))
    except FileError as exc:
        report.errors = [RowError(0, "", str(exc))]
        return report
    records = reader.records
    report.rows = len(records)
    writer = _Writer(actor, organisation, request)
    with transaction.atomic():
        flags = _flags(actor, records, request)
        report.duplicates = list(flags.values())
        skipped = set(flags) if skip_duplicates else set()
        report.skipped = [records[i].case.row for i in sorted(skipped)]
        written: list[tuple[Record, Case]] = []
        for index, item in enumerate(records):
            if index in skipped or item.bad or reader.header_problem:
                continue
            case = writer.write(item)
            if case is not None:
                written.append((item, case))
        report.errors = sorted(
            [*reader.errors, *writer.errors], key=lambda e: (e.sheet != "", e.sheet, e.row)
        )
        report.ok = not report.errors
        if not report.ok or dry_run:
            transaction.set_rollback(True)
        else:
            record(
                actor=actor,
                action=actions.CASES_IMPORTED,
                organisation=organisation,
                request=request,
                details={
                    "format": fmt,
                    "count": len(written),
                    "skipped_count": len(skipped),
                    "duplicates_count": len(flags),
                    "standard": "htcds-2.0",
                },
            )
    if report.ok:
        report.imported = len(written)
        if not dry_run:
            report.created = [case.reference for _item, case in written]
            report.row_references = {item.case.row: case.reference for item, case in written}
    return report
