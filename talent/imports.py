"""Bulk import of worker profiles from a CSV or XLSX sheet, and the cell parsing every import shares.

The same function serves the API, the pages and `manage.py import_workers`. Columns are documented in
docs/data-formats.md; each has an English and a Chinese header. Every row is checked first (cells, then
the model's full_clean); nothing is written unless every row is valid, or, with valid_rows_only, only the
valid rows are. Lookups (skills, districts, occupations, existing profiles) are read once per file, and
writes are bulk operations in one transaction, so a few thousand rows take seconds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hrmatch.tabular import ImportReport, RowError, Table, TableError
from talent.identity import (
    hash_id_number,
    mask_id_number,
    normalize_mobile,
    validate_id_number,
    validate_mobile,
)
from talent.models import (
    CURRENT_EDITION,
    ConsentRecord,
    Occupation,
    Skill,
    WorkerDuplicate,
    WorkerProfile,
    WorkerSkill,
)
from talent.work_terms import FORM_BITS, SHIFT_BITS, CertificateLevel, EmploymentForm, ShiftPattern, mask_of

T = TypeVar("T")
DEFAULT_SKILL_LEVEL = 2
BATCH_SIZE = 500

# ---------------------------------------------------------------------------------------------------
# Columns and cells, shared with enterprises.imports
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One documented import column: its English key, its Chinese header, other accepted headers."""

    key: str
    zh: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    example: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.key, self.zh, *self.aliases)


def _header_key(header: str) -> str:
    """姓名* and 期望月薪（元） match 姓名 and 期望月薪: marks and units in headers are ignored."""
    text = re.sub(r"[（(][^）)]*[）)]", "", header or "")
    return text.strip().strip("*＊").strip().lower()


def resolve_columns(table: Table, columns: Sequence[Column]) -> dict[str, str]:
    """Map each column key to the header this file uses for it; unknown, doubled or missing columns fail the file."""
    by_name = {_header_key(name): column.key for column in columns for name in column.names}
    found: dict[str, str] = {}
    unknown, doubled = [], []
    for header in table.header:
        if not header:
            continue
        key = by_name.get(_header_key(header))
        if key is None:
            unknown.append(header)
        elif key in found:
            doubled.append(header)
        else:
            found[key] = header
    if unknown:
        raise TableError(
            _("Unknown columns: %(columns)s. The accepted columns are listed in docs/data-formats.md.")
            % {"columns": ", ".join(unknown)}
        )
    if doubled:
        raise TableError(_("Columns given twice: %(columns)s.") % {"columns": ", ".join(doubled)})
    missing = [
        f"{column.zh}/{column.key}" for column in columns if column.required and column.key not in found
    ]
    if missing:
        raise TableError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    return found


def template_header(columns: Sequence[Column]) -> list[str]:
    """The Chinese headers of a template, required ones marked with *."""
    return [column.zh + ("*" if column.required else "") for column in columns]


class CellError(ValueError):
    """A cell's text does not parse; the message is shown to the person who filled in the sheet."""


class Cells:
    """One row's cells by column key; every problem becomes a RowError naming the file's own header."""

    def __init__(self, number: int, row: dict[str, str], headers: dict[str, str]) -> None:
        self.number = number
        self.row = row
        self.headers = headers
        self.errors: list[RowError] = []

    def raw(self, key: str) -> str:
        header = self.headers.get(key)
        return self.row.get(header, "").strip() if header else ""

    def has(self, key: str) -> bool:
        return bool(self.raw(key))

    def column(self, key: str) -> str:
        return self.headers.get(key, key)

    def error(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.number, self.column(key), str(message)))

    def get(self, key: str, parse: Callable[[str], T] | None = None, *, required: bool = False) -> T | None:
        """The parsed cell, or None when it is blank (an error if required) or does not parse (an error)."""
        text = self.raw(key)
        if not text:
            if required:
                self.error(key, _("This cell is required."))
            return None
        if parse is None:
            return text  # type: ignore[return-value]
        try:
            return parse(text)
        except CellError as exc:
            self.error(key, str(exc))
            return None

    def add_validation_error(self, exc: ValidationError, field_columns: dict[str, str]) -> None:
        """Report a model's full_clean errors under the columns their fields came from."""
        for name, messages in exc.message_dict.items():
            key = field_columns.get(name, name)
            column = "*" if name == NON_FIELD_ERRORS else self.column(key)
            for message in messages:
                self.errors.append(RowError(self.number, column, str(message)))


_NUMBER_SUFFIXES = re.compile(r"(元/月|元|人|年|公里|km|岁)$", re.IGNORECASE)


def parse_int(text: str) -> int:
    """A whole number: 6000, 6,000, 6000.0 (as spreadsheets write it) or 6000元."""
    cleaned = _NUMBER_SUFFIXES.sub("", text.replace(",", "").replace("，", "").replace(" ", ""))
    match = re.fullmatch(r"(\d+)(?:\.0+)?", cleaned)
    if not match:
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": text})
    return int(match.group(1))


_DATE_RE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_date(text: str) -> dt.date:
    """2026-03-01, 2026/3/1, 2026年3月1日, a spreadsheet date cell, or an Excel serial number (46082)."""
    match = _DATE_RE.fullmatch(text.strip())
    try:
        if match:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        serial = re.fullmatch(r"(\d{5})(?:\.0+)?", text.strip())
        if serial and 20_000 <= int(serial.group(1)) <= 80_000:
            return EXCEL_EPOCH + dt.timedelta(days=int(serial.group(1)))
    except ValueError:
        pass
    raise CellError(_("“%(value)s” is not a date like 2026-03-01.") % {"value": text})


TRUE_WORDS = frozenset({"是", "有", "提供", "包住", "y", "yes", "true", "1", "√", "✓"})
FALSE_WORDS = frozenset({"否", "无", "不", "不提供", "n", "no", "false", "0", "×", "✗"})


def parse_bool(text: str) -> bool:
    """是/否 or yes/no (also y/n, true/false, 1/0)."""
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(_("Write 是 or 否 (yes or no), not “%(value)s”.") % {"value": text})


def _aliases(choices: Any, extra: dict[str, str]) -> dict[str, str]:
    """Values and English labels of a choices class, plus Chinese words, all lower-cased."""
    table = {str(value).lower(): str(value) for value in choices.values}
    table.update({str(label).lower(): str(value) for value, label in choices.choices})
    table.update({word.lower(): value for word, value in extra.items()})
    return table


FORM_ALIASES = _aliases(
    EmploymentForm,
    {
        "直招": "direct",
        "直接招聘": "direct",
        "直接签约": "direct",
        "劳动合同": "direct",
        "派遣": "dispatch",
        "劳务派遣": "dispatch",
        "外包": "outsourced",
        "业务外包": "outsourced",
        "兼职": "part_time",
        "非全日制": "part_time",
        "季节工": "seasonal",
        "季节性": "seasonal",
        "学徒": "apprenticeship",
        "学徒制": "apprenticeship",
    },
)
SHIFT_ALIASES = _aliases(
    ShiftPattern,
    {
        "白班": "day",
        "长白班": "day",
        "两班倒": "two_shift",
        "两班": "two_shift",
        "三班倒": "three_shift",
        "三班": "three_shift",
        "夜班": "night",
        "长夜班": "night",
        "弹性": "flexible",
        "弹性工作制": "flexible",
    },
)
ANY_WORDS = frozenset({"不限", "均可", "any", "all"})
CERTIFICATE_ALIASES: dict[str, int] = {
    "学徒工": CertificateLevel.APPRENTICE,
    "apprentice": CertificateLevel.APPRENTICE,
    "五级": CertificateLevel.LEVEL_5,
    "5级": CertificateLevel.LEVEL_5,
    "初级工": CertificateLevel.LEVEL_5,
    "初级": CertificateLevel.LEVEL_5,
    "junior": CertificateLevel.LEVEL_5,
    "四级": CertificateLevel.LEVEL_4,
    "4级": CertificateLevel.LEVEL_4,
    "中级工": CertificateLevel.LEVEL_4,
    "中级": CertificateLevel.LEVEL_4,
    "intermediate": CertificateLevel.LEVEL_4,
    "三级": CertificateLevel.LEVEL_3,
    "3级": CertificateLevel.LEVEL_3,
    "高级工": CertificateLevel.LEVEL_3,
    "高级": CertificateLevel.LEVEL_3,
    "senior": CertificateLevel.LEVEL_3,
    "二级": CertificateLevel.LEVEL_2,
    "2级": CertificateLevel.LEVEL_2,
    "技师": CertificateLevel.LEVEL_2,
    "technician": CertificateLevel.LEVEL_2,
    "一级": CertificateLevel.LEVEL_1,
    "1级": CertificateLevel.LEVEL_1,
    "高级技师": CertificateLevel.LEVEL_1,
    "senior technician": CertificateLevel.LEVEL_1,
    "特级技师": CertificateLevel.SPECIAL,
    "special": CertificateLevel.SPECIAL,
    "首席技师": CertificateLevel.CHIEF,
    "chief": CertificateLevel.CHIEF,
}
_LIST_SEPARATORS = re.compile(r"[;；,，、/|\n]+")


def choice_parser(aliases: dict[str, T], what: str) -> Callable[[str], T]:
    """A parser of one choice among the aliases (Chinese word, English value or label)."""

    def parse(text: str) -> T:
        value = aliases.get(text.strip().lower())
        if value is None:
            raise CellError(_("Unknown %(what)s “%(value)s”.") % {"what": what, "value": text})
        return value

    return parse


def multi_choice_parser(aliases: dict[str, str], what: str) -> Callable[[str], list[str]]:
    """A parser of several choices separated by ; or 、 (直招;派遣), in the order written, without repeats."""
    one = choice_parser(aliases, what)

    def parse(text: str) -> list[str]:
        if text.strip().lower() in ANY_WORDS:
            return []
        values: list[str] = []
        for part in _LIST_SEPARATORS.split(text):
            if part.strip():
                value = one(part)
                if value not in values:
                    values.append(value)
        return values

    return parse


def parse_mobile(text: str) -> str:
    number = normalize_mobile(re.sub(r"\.0+$", "", text))
    try:
        validate_mobile(number)
    except ValidationError as exc:
        raise CellError(" ".join(exc.messages)) from None
    return number


def parse_id_number(text: str) -> str:
    try:
        return validate_id_number(text)
    except ValidationError as exc:
        raise CellError(" ".join(exc.messages)) from None


class SkillIndex:
    """Every skill by code, Chinese name and English name, read in one query."""

    def __init__(self) -> None:
        self.by_name: dict[str, set[int]] = defaultdict(set)
        for skill_id, code, name_zh, name_en in Skill.objects.values_list("id", "code", "name_zh", "name_en"):
            for name in (code, name_zh, name_en):
                if name:
                    self.by_name[name.strip().lower()].add(skill_id)

    def parse(self, text: str) -> list[tuple[int, int]]:
        """氩弧焊:3;drw-read:2 → [(skill id, level)]; a missing level is 2. Every bad item is named."""
        pairs: dict[int, int] = {}
        problems: list[str] = []
        for item in re.split(r"[;；,，、\n]+", text):
            item = item.strip()
            if not item:
                continue
            name, _sep, level_text = re.sub(r"[：]", ":", item).rpartition(":")
            if not _sep:
                name, level_text = item, ""
            name = name.strip()
            level = DEFAULT_SKILL_LEVEL
            if level_text.strip():
                level_match = re.fullmatch(r"[Ll]?\s*([1-5])\s*级?", level_text.strip())
                if not level_match:
                    problems.append(_("the level of “%(name)s” must be 1 to 5") % {"name": name})
                    continue
                level = int(level_match.group(1))
            ids = self.by_name.get(name.lower(), set())
            if not ids:
                problems.append(_("unknown skill “%(name)s”") % {"name": name})
            elif len(ids) > 1:
                problems.append(_("“%(name)s” names several skills: use the skill code") % {"name": name})
            elif next(iter(ids)) in pairs:
                problems.append(_("“%(name)s” is listed twice") % {"name": name})
            else:
                pairs[next(iter(ids))] = level
        if problems:
            raise CellError("; ".join(problems) + ".")
        return list(pairs.items())


def occupations_by_code(codes: Iterable[str]) -> dict[str, int]:
    """Occupation ids of the current edition for the codes a file uses, in one query."""
    wanted = {code.strip() for code in codes if code and code.strip()}
    if not wanted:
        return {}
    return dict(Occupation.objects.filter(edition=CURRENT_EDITION, code__in=wanted).values_list("code", "id"))


def snapshot(obj: Any, fields: Iterable[str]) -> dict[str, Any]:
    """The stored values of the fields (foreign keys by id), to tell later which ones a row changed."""
    return {name: getattr(obj, obj._meta.get_field(name).attname) for name in fields if name != "updated_at"}


def bulk_update_changed(model: Any, pairs: Sequence[tuple[Any, dict[str, Any]]], *, now: dt.datetime) -> int:
    """bulk_update only the objects that changed, grouped by the fields they changed.

    bulk_update builds a CASE per field and row, which is slow for thousands of rows; a re-import
    mostly repeats what is stored, so untouched rows and fields are left out (and keep updated_at).
    """
    groups: dict[tuple[str, ...], list[Any]] = defaultdict(list)
    for obj, before in pairs:
        changed = tuple(
            name for name, value in before.items() if getattr(obj, obj._meta.get_field(name).attname) != value
        )
        if changed:
            obj.updated_at = now
            groups[changed].append(obj)
    for fields, objs in groups.items():
        model.objects.bulk_update(objs, [*fields, "updated_at"], batch_size=BATCH_SIZE)
    return sum(len(objs) for objs in groups.values())


def column_values(table: Table, headers: dict[str, str], key: str) -> list[str]:
    """Every non-blank cell of one column, for prefetching lookups."""
    header = headers.get(key)
    if not header:
        return []
    return [row.get(header, "").strip() for _number, row in table.rows if row.get(header, "").strip()]


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
GENDER_ALIASES = _aliases(
    WorkerProfile.Gender,
    {"男": "male", "女": "female", "m": "male", "f": "female", "不详": "undisclosed", "未知": "undisclosed"},
)
# Foreign keys are resolved from prefetched dicts, so full_clean need not query each one again.
WORKER_FK_FIELDS = ["user", "home_city", "home_district", "primary_occupation", "managing_agency"]
WORKER_UPDATE_FIELDS = [
    "full_name",
    "mobile",
    "id_number_hash",
    "id_number_masked",
    "gender",
    "birth_year",
    "home_city",
    "home_district",
    "latitude",
    "longitude",
    "max_commute_km",
    "willing_to_relocate",
    "desired_pay",
    "shift_mask",
    "form_mask",
    "preferred_form",
    "available_from",
    "years_experience",
    "primary_occupation",
    "updated_at",
]


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


def import_workers(
    table: Table,
    *,
    agency: Any | None,
    city: Any,
    dry_run: bool = False,
    valid_rows_only: bool = False,
) -> WorkerImportReport:
    """Register or update (by external_ref within the agency) the workers of a sheet, all or nothing.

    The agency, when given, manages the new profiles. ID numbers are kept only as keyed hash and mask.
    Profiles sharing a mobile or ID number are flagged as possible duplicates, never merged.
    On update, blank cells keep the profile's current values.
    """
    headers = resolve_columns(table, WORKER_COLUMNS)
    report = WorkerImportReport()
    skills = SkillIndex() if "skills" in headers else None
    districts = _district_index(city) if "district" in headers else {}
    occupations = occupations_by_code(column_values(table, headers, "occupation_code"))
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

    parse_gender = choice_parser(GENDER_ALIASES, _("gender"))
    parse_forms = multi_choice_parser(FORM_ALIASES, _("employment form"))
    parse_shifts = multi_choice_parser(SHIFT_ALIASES, _("shift"))
    today = timezone.localdate()
    seen_refs: dict[str, int] = {}
    planned: list[_PlannedWorker] = []

    for number, row in table.rows:
        report.rows_read += 1
        cells = Cells(number, row, headers)
        values: dict[str, Any] = {}
        full_name = cells.get("full_name", required=True)
        mobile = cells.get("mobile", parse_mobile, required=True)
        id_number = cells.get("id_number", parse_id_number)
        birth_year = cells.get("birth_year", parse_int)
        if id_number and birth_year is not None and int(id_number[6:10]) != birth_year:
            cells.error("birth_year", _("The birth year does not match the ID number."))
        if birth_year is None and id_number:
            birth_year = int(id_number[6:10])
        for key, parser in (
            ("gender", parse_gender),
            ("desired_pay", parse_int),
            ("max_commute_km", parse_int),
            ("willing_to_relocate", parse_bool),
            ("available_from", parse_date),
            ("years_experience", parse_int),
        ):
            value = cells.get(key, parser)
            if value is not None:
                values[key] = value
        forms = cells.get("forms", parse_forms)
        if forms is not None:
            if not forms:
                forms = list(FORM_BITS)
            values["form_mask"] = mask_of(forms, FORM_BITS)
            values["preferred_form"] = forms[0]
        shifts = cells.get("shifts", parse_shifts)
        if shifts is not None:
            values["shift_mask"] = mask_of(shifts, SHIFT_BITS)
        district_text = cells.raw("district")
        district = districts.get(district_text.lower()) if district_text else None
        if district_text and district is None:
            cells.error(
                "district",
                _("Unknown district “%(value)s” in %(city)s: use its name or 6-digit code.")
                % {"value": district_text, "city": city},
            )
        occupation_code = cells.raw("occupation_code")
        if occupation_code:
            if occupation_code in occupations:
                values["primary_occupation_id"] = occupations[occupation_code]
            else:
                cells.error(
                    "occupation_code", _("Unknown occupation code %(code)s.") % {"code": occupation_code}
                )
        worker_skills = cells.get("skills", skills.parse) if skills is not None else None
        consent = cells.get("consent_to_matching", parse_bool)
        ref = cells.raw("external_ref")
        worker: WorkerProfile | None = None
        if ref:
            if ref in seen_refs:
                cells.error(
                    "external_ref",
                    _("The external reference %(ref)s is already used on row %(row)s.")
                    % {"ref": ref, "row": seen_refs[ref]},
                )
            seen_refs.setdefault(ref, number)
            matches = existing.get(ref, [])
            if len(matches) > 1:
                cells.error(
                    "external_ref",
                    _("Several profiles already have the external reference %(ref)s.") % {"ref": ref},
                )
            elif matches:
                worker = matches[0]
        if worker is None and birth_year is None and not cells.has("id_number"):
            cells.error("birth_year", _("Give the birth year or the ID number."))
        if cells.errors:
            report.errors.extend(cells.errors)
            continue

        is_new = worker is None
        if worker is None:
            worker = WorkerProfile(managing_agency=agency, external_ref=ref, home_city=city)
            worker.available_from = today
            worker.consent_to_matching = True if consent is None else consent
        before = None if is_new else snapshot(worker, WORKER_UPDATE_FIELDS)
        worker.full_name = full_name or worker.full_name
        worker.mobile = mobile or worker.mobile
        if birth_year is not None:
            worker.birth_year = birth_year
        for name, value in values.items():
            setattr(worker, name, value)
        if id_number:
            worker.id_number_hash = hash_id_number(id_number)
            worker.id_number_masked = mask_id_number(id_number)
        if district is not None:
            worker.home_district_id, worker.latitude, worker.longitude = district
        elif is_new or worker.home_city_id != city.pk:
            worker.home_district_id, worker.latitude, worker.longitude = None, city.latitude, city.longitude
        worker.home_city = city
        try:
            worker.full_clean(exclude=WORKER_FK_FIELDS, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            cells.add_validation_error(exc, WORKER_FIELD_COLUMNS)
            report.errors.extend(cells.errors)
            continue
        planned.append(
            _PlannedWorker(
                number=number,
                worker=worker,
                skills=worker_skills,
                consent=worker.consent_to_matching,
                before=before,
            )
        )

    report.errors.sort(key=lambda error: error.row)
    if (report.errors and not valid_rows_only) or not planned:
        return report
    report.created = sum(plan.is_new for plan in planned)
    report.updated = len(planned) - report.created
    if dry_run:
        return report
    with transaction.atomic():
        report.duplicates_flagged = _write_workers(planned)
    report.written = True
    return report


def _write_workers(planned: list[_PlannedWorker]) -> int:
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
    ConsentRecord.objects.bulk_create(
        [
            ConsentRecord(worker_id=plan.worker.pk, purpose=ConsentRecord.Purpose.MATCHING, granted_at=now)
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
