"""Bulk import of worker profiles from a CSV or XLSX sheet.

The same function serves the API, the pages and `manage.py import_workers`. Columns are documented in
docs/data-formats.md; each has an English and a Chinese header. Every row is checked first (cells, then
the model's full_clean); nothing is written unless every row is valid, or, with valid_rows_only, only the
valid rows are. Lookups (skills, districts, occupations, existing profiles) are read once per file, and
writes are bulk operations in one transaction, so a few thousand rows take seconds.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hrmatch.actors import Actor, person_of
from hrmatch.tabular import ImportReport, Table
from talent.identity import (
    hash_id_number,
    mask_id_number,
)
from talent.models import (
    ConsentRecord,
    WorkerDuplicate,
    WorkerProfile,
    WorkerSkill,
)
from talent.sheets import (
    BATCH_SIZE,
    FORM_ALIASES,
    SHIFT_ALIASES,
    Cells,
    Column,
    SkillIndex,
    aliases_for,
    bulk_update_changed,
    check_reference,
    choice_parser,
    column_values,
    import_rows,
    multi_choice_parser,
    occupations_by_code,
    parse_bool,
    parse_date,
    parse_id_number,
    parse_int,
    parse_mobile,
    resolve_columns,
    snapshot,
    template_header,
)
from talent.work_terms import FORM_BITS, SHIFT_BITS, mask_of

# ---------------------------------------------------------------------------------------------------
# Workers
# ---------------------------------------------------------------------------------------------------

WORKER_COLUMNS: tuple[Column, ...] = (
    Column("full_name", "姓名", required=True, example="张伟"),
    Column(
        "mobile", "手机号", required=True, aliases=("手机", "手机号码", "联系电话"), example="13812345678"
    ),
    Column("id_number", "身份证号", aliases=("身份证", "身份证号码"), example="11010519491231002X"),
    Column("birth_year", "出生年份", example="1992"),
    Column("gender", "性别", example="男"),
    Column("district", "区县", aliases=("所在区县",), example="北仑区"),
    Column("desired_pay", "期望月薪", example="7000"),
    Column("max_commute_km", "通勤公里", aliases=("最远通勤公里",), example="15"),
    Column("willing_to_relocate", "接受异地", example="是"),
    Column("forms", "可接受用工形式", example="直招;派遣"),
    Column("shifts", "班次", example="白班;两班倒"),
    Column("available_from", "到岗日期", example="2026-03-01"),
    Column("years_experience", "工作年限", example="3"),
    Column("occupation_code", "职业编码", example="6-18-02-04"),
    Column("skills", "技能", example="氩弧焊:3;机械识图:2"),
    Column("consent_to_matching", "同意自动匹配", example="是"),
    Column("external_ref", "外部编号", example="NB-2026-0001"),
)
# Which column a model field's full_clean error belongs to.
WORKER_FIELD_COLUMNS = {
    "form_mask": "forms",
    "preferred_form": "forms",
    "shift_mask": "shifts",
    "home_district": "district",
    "primary_occupation": "occupation_code",
    "mobile": "mobile",
}
GENDER_ALIASES = aliases_for(
    WorkerProfile.Gender,
    {"男": "male", "女": "female", "m": "male", "f": "female", "不详": "undisclosed", "未知": "undisclosed"},
)
# Foreign keys are resolved from prefetched dicts, so full_clean need not query each one again.
WORKER_FK_FIELDS = ["user", "home_city", "home_district", "primary_occupation", "managing_agency"]
WORKER_UPDATE_FIELDS = [*WorkerProfile.PROFILE_FIELDS, "id_number_hash", "id_number_masked", "updated_at"]


@dataclass
class WorkerImportReport(ImportReport):
    """An ImportReport that also counts the possible duplicates flagged for a person to resolve."""

    duplicates_flagged: int = 0


@dataclass
class _PlannedWorker:
    number: int
    worker: WorkerProfile
    skills: list[tuple[int, int]] | None  # None: keep the profile's skills
    consent: bool
    before: dict[str, Any] | None  # the stored values of an updated profile; None for a new one

    @property
    def is_new(self) -> bool:
        return self.before is None

    @property
    def identity_changed(self) -> bool:
        return self.before is None or any(
            self.before[name] != getattr(self.worker, name) for name in ("mobile", "id_number_hash")
        )


def template_rows(*, example: bool = False) -> list[list[str]]:
    """The header row of the worker import template in Chinese, and optionally one example row."""
    rows = [template_header(WORKER_COLUMNS)]
    if example:
        rows.append([column.example for column in WORKER_COLUMNS])
    return rows


def _district_index(city: Any) -> dict[str, tuple[int, float, float]]:
    index: dict[str, tuple[int, float, float]] = {}
    for district_id, code, name_zh, name_en, lat, lon in city.districts.values_list(
        "id", "code", "name_zh", "name_en", "latitude", "longitude"
    ):
        for name in (code, name_zh, name_en):
            if name:
                index[name.strip().lower()] = (district_id, lat, lon)
    return index


@dataclass
class _WorkerSheet:
    """What every row of one worker sheet is checked against: read once per file."""

    agency: Any | None
    city: Any
    skills: SkillIndex | None
    districts: dict[str, tuple[int, float, float]]
    occupations: dict[str, int]
    existing: dict[str, list[WorkerProfile]]
    today: Any
    seen_refs: dict[str, int] = field(default_factory=dict)
    parse_gender: Any = field(default_factory=lambda: choice_parser(GENDER_ALIASES, _("gender")))
    parse_forms: Any = field(default_factory=lambda: multi_choice_parser(FORM_ALIASES, _("employment form")))
    parse_shifts: Any = field(default_factory=lambda: multi_choice_parser(SHIFT_ALIASES, _("shift")))


@dataclass
class _WorkerRow:
    """One row's parsed cells (None: the cell was blank)."""

    full_name: str | None
    mobile: str | None
    id_number: str | None
    birth_year: int | None
    values: dict[str, Any]
    district: tuple[int, float, float] | None
    skills: list[tuple[int, int]] | None
    consent: bool | None


def import_workers(
    table: Table,
    *,
    agency: Any | None,
    city: Any,
    dry_run: bool = False,
    valid_rows_only: bool = False,
    actor: Actor | None = None,
) -> WorkerImportReport:
    """Register or update (by external_ref within the agency) the workers of a sheet, all or nothing.

    The agency, when given, manages the new profiles. ID numbers are kept only as keyed hash and mask.
    Profiles sharing a mobile or ID number are flagged as possible duplicates, never merged.
    On update, blank cells keep the profile's current values.
    """
    headers = resolve_columns(table, WORKER_COLUMNS)
    sheet = _worker_sheet(table, headers, agency=agency, city=city)
    report = WorkerImportReport()

    def write(planned: list[_PlannedWorker]) -> None:
        report.duplicates_flagged = _write_workers(planned, actor)

    return import_rows(
        table,
        headers,
        report,
        plan=lambda cells: _plan_worker(cells, sheet),
        write=write,
        dry_run=dry_run,
        valid_rows_only=valid_rows_only,
    )


def _worker_sheet(table: Table, headers: dict[str, str], *, agency: Any | None, city: Any) -> _WorkerSheet:
    """The lookups of one sheet: skills, districts, occupations and the profiles its references name."""
    refs = set(column_values(table, headers, "external_ref"))
    existing: dict[str, list[WorkerProfile]] = defaultdict(list)
    if refs:
        scope = (
            Q(managing_agency=agency)
            if agency is not None
            else Q(managing_agency__isnull=True, home_city=city)
        )
        for profile in WorkerProfile.objects.filter(scope, external_ref__in=refs):
            existing[profile.external_ref].append(profile)
    return _WorkerSheet(
        agency=agency,
        city=city,
        skills=SkillIndex() if "skills" in headers else None,
        districts=_district_index(city) if "district" in headers else {},
        occupations=occupations_by_code(column_values(table, headers, "occupation_code")),
        existing=existing,
        today=timezone.localdate(),
    )


def _parse_worker_row(cells: Cells, sheet: _WorkerSheet) -> _WorkerRow:
    """Parse a row's cells; every cell that does not parse becomes an error on the row."""
    full_name = cells.get("full_name", required=True)
    mobile = cells.get("mobile", parse_mobile, required=True)
    id_number = cells.get("id_number", parse_id_number)
    birth_year = cells.get("birth_year", parse_int)
    if id_number and birth_year is not None and int(id_number[6:10]) != birth_year:
        cells.error("birth_year", _("The birth year does not match the ID number."))
    if birth_year is None and id_number:
        birth_year = int(id_number[6:10])
    values: dict[str, Any] = {}
    for key, parser in (
        ("gender", sheet.parse_gender),
        ("desired_pay", parse_int),
        ("max_commute_km", parse_int),
        ("willing_to_relocate", parse_bool),
        ("available_from", parse_date),
        ("years_experience", parse_int),
    ):
        value = cells.get(key, parser)
        if value is not None:
            values[key] = value
    forms = cells.get("forms", sheet.parse_forms)
    if forms is not None:
        forms = forms or list(FORM_BITS)
        values["form_mask"] = mask_of(forms, FORM_BITS)
        values["preferred_form"] = forms[0]
    shifts = cells.get("shifts", sheet.parse_shifts)
    if shifts is not None:
        values["shift_mask"] = mask_of(shifts, SHIFT_BITS)
    district = _row_district(cells, sheet)
    occupation_code = cells.raw("occupation_code")
    if occupation_code and occupation_code in sheet.occupations:
        values["primary_occupation_id"] = sheet.occupations[occupation_code]
    elif occupation_code:
        cells.error("occupation_code", _("Unknown occupation code %(code)s.") % {"code": occupation_code})
    return _WorkerRow(
        full_name=full_name,
        mobile=mobile,
        id_number=id_number,
        birth_year=birth_year,
        values=values,
        district=district,
        skills=cells.get("skills", sheet.skills.parse) if sheet.skills is not None else None,
        consent=cells.get("consent_to_matching", parse_bool),
    )


def _row_district(cells: Cells, sheet: _WorkerSheet) -> tuple[int, float, float] | None:
    text = cells.raw("district")
    district = sheet.districts.get(text.lower()) if text else None
    if text and district is None:
        cells.error(
            "district",
            _("Unknown district “%(value)s” in %(city)s: use its name or 6-digit code.")
            % {"value": text, "city": sheet.city},
        )
    return district


def _existing_worker(cells: Cells, sheet: _WorkerSheet) -> tuple[str, WorkerProfile | None]:
    """The row's external reference and the profile it names, if one does (several is an error)."""
    ref = check_reference(cells, sheet.seen_refs)
    matches = sheet.existing.get(ref, []) if ref else []
    if len(matches) > 1:
        cells.error(
            "external_ref", _("Several profiles already have the external reference %(ref)s.") % {"ref": ref}
        )
        return ref, None
    return ref, matches[0] if matches else None


def _plan_worker(cells: Cells, sheet: _WorkerSheet) -> _PlannedWorker | None:
    """A row as a new or changed profile, checked by the model's full_clean; None when the row is bad."""
    row = _parse_worker_row(cells, sheet)
    ref, worker = _existing_worker(cells, sheet)
    if worker is None and row.birth_year is None and not cells.has("id_number"):
        cells.error("birth_year", _("Give the birth year or the ID number."))
    if cells.errors:
        return None
    city = sheet.city
    is_new = worker is None
    if worker is None:
        worker = WorkerProfile(managing_agency=sheet.agency, external_ref=ref, home_city=city)
        worker.available_from = sheet.today
        # The sheet's 同意自动匹配 column records a consent the worker signed on paper; without it the
        # profile starts without matching consent (it belongs to the worker).
        worker.consent_to_matching = bool(row.consent)
    before = None if is_new else snapshot(worker, WORKER_UPDATE_FIELDS)
    worker.full_name = row.full_name or worker.full_name
    worker.mobile = row.mobile or worker.mobile
    if row.birth_year is not None:
        worker.birth_year = row.birth_year
    for name, value in row.values.items():
        setattr(worker, name, value)
    if row.id_number:
        worker.id_number_hash = hash_id_number(row.id_number)
        worker.id_number_masked = mask_id_number(row.id_number)
    if row.district is not None:
        worker.home_district_id, worker.latitude, worker.longitude = row.district
    elif is_new or worker.home_city_id != city.pk:
        worker.home_district_id, worker.latitude, worker.longitude = None, city.latitude, city.longitude
    worker.home_city = city
    try:
        worker.full_clean(exclude=WORKER_FK_FIELDS, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        cells.add_validation_error(exc, WORKER_FIELD_COLUMNS)
        return None
    return _PlannedWorker(
        number=cells.number,
        worker=worker,
        skills=row.skills,
        consent=worker.consent_to_matching,
        before=before,
    )


def _write_workers(planned: list[_PlannedWorker], actor: Actor | None = None) -> int:
    """Insert and update the profiles, their skills, consents and duplicate flags in a handful of queries."""
    now = timezone.now()
    WorkerProfile.objects.bulk_create([plan.worker for plan in planned if plan.is_new], batch_size=BATCH_SIZE)
    bulk_update_changed(
        WorkerProfile, [(plan.worker, plan.before) for plan in planned if plan.before is not None], now=now
    )

    replaced = [plan.worker.pk for plan in planned if plan.skills is not None and not plan.is_new]
    if replaced:
        WorkerSkill.objects.filter(worker_id__in=replaced).delete()
    WorkerSkill.objects.bulk_create(
        [
            WorkerSkill(worker_id=plan.worker.pk, skill_id=skill_id, level=level)
            for plan in planned
            if plan.skills
            for skill_id, level in plan.skills
        ],
        batch_size=BATCH_SIZE,
    )
    recorded_by = person_of(actor)
    ConsentRecord.objects.bulk_create(
        [
            ConsentRecord(
                worker_id=plan.worker.pk,
                purpose=ConsentRecord.Purpose.MATCHING,
                granted_at=now,
                basis=ConsentRecord.Basis.PAPER,
                note=_("Signed on paper; recorded by the agency's import sheet"),
                granted_by=recorded_by,
            )
            for plan in planned
            if plan.is_new and plan.consent
        ],
        batch_size=BATCH_SIZE,
    )
    return _flag_duplicates([plan.worker for plan in planned if plan.identity_changed])


def _flag_duplicates(workers: list[WorkerProfile]) -> int:
    """talent.services.flag_duplicates for many profiles at once, in two queries.

    Each profile is linked to every other profile with its mobile or ID hash that existed before it:
    profiles already in the database, and rows above it in the file (as if registered one by one).
    """
    if not workers:
        return 0
    order = {worker.pk: index for index, worker in enumerate(workers)}
    mobiles = {worker.mobile for worker in workers}
    hashes = {worker.id_number_hash for worker in workers if worker.id_number_hash}
    by_mobile: dict[str, list[int]] = defaultdict(list)
    by_hash: dict[str, list[int]] = defaultdict(list)
    for pk, mobile, id_hash in WorkerProfile.objects.filter(
        Q(mobile__in=mobiles) | Q(id_number_hash__in=hashes)
    ).values_list("id", "mobile", "id_number_hash"):
        by_mobile[mobile].append(pk)
        if id_hash:
            by_hash[id_hash].append(pk)
    flags = []
    for index, worker in enumerate(workers):
        candidates = [(pk, WorkerDuplicate.Reason.MOBILE) for pk in by_mobile.get(worker.mobile, [])]
        if worker.id_number_hash:
            candidates += [
                (pk, WorkerDuplicate.Reason.ID_NUMBER) for pk in by_hash.get(worker.id_number_hash, [])
            ]
        for other, reason in candidates:
            if other != worker.pk and order.get(other, -1) < index:
                flags.append(WorkerDuplicate(worker_id=worker.pk, duplicate_of_id=other, reason=reason))
    WorkerDuplicate.objects.bulk_create(flags, batch_size=BATCH_SIZE, ignore_conflicts=True)
    return len(flags)
