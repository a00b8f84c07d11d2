"""Reading the cells of an import sheet: columns with Chinese and English headers, typed parsers, lookups.

Shared by every bulk import (talent.imports, enterprises.imports): a column knows its headers and an
example; a parser turns a cell into a value or raises CellError with a message for the person who
filled in the sheet; lookups (skills, occupations) are read once per file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hrmatch.tabular import ImportReport, RowError, Table, TableError
from talent.identity import (
    normalize_mobile,
    validate_id_number,
    validate_mobile,
)
from talent.models import (
    CURRENT_EDITION,
    Occupation,
    Skill,
)
from talent.work_terms import CertificateLevel, EmploymentForm, ShiftPattern

T = TypeVar("T")
DEFAULT_SKILL_LEVEL = 2
BATCH_SIZE = 500


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
            _("Unknown columns: %(columns)s. The accepted columns are: %(accepted)s.")
            % {
                "columns": ", ".join(unknown),
                "accepted": ", ".join(f"{column.zh}/{column.key}" for column in columns),
            }
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


def aliases_for(choices: Any, extra: dict[str, str]) -> dict[str, str]:
    """Values and English labels of a choices class, plus Chinese words, all lower-cased."""
    table = {str(value).lower(): str(value) for value in choices.values}
    table.update({str(label).lower(): str(value) for value, label in choices.choices})
    table.update({word.lower(): value for word, value in extra.items()})
    return table


FORM_ALIASES = aliases_for(
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
SHIFT_ALIASES = aliases_for(
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


def choice_parser(aliases: Mapping[str, T], what: str) -> Callable[[str], T]:
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


class PlannedRow(Protocol):
    """A checked row, ready to write: new rows are created, the others update what the sheet names."""

    @property
    def is_new(self) -> bool: ...


Planned = TypeVar("Planned", bound=PlannedRow)
ReportT = TypeVar("ReportT", bound=ImportReport)


def import_rows(
    table: Table,
    headers: dict[str, str],
    report: ReportT,
    *,
    plan: Callable[[Cells], Planned | None],
    write: Callable[[list[Planned]], None],
    dry_run: bool,
    valid_rows_only: bool,
) -> ReportT:
    """The row loop every sheet import shares: check each row (`plan` records its errors on the cells and
    returns None for a row it cannot use), then write all rows in one transaction, or none when any row is
    bad (unless `valid_rows_only`), or nothing at all on a dry run."""
    planned: list[Planned] = []
    for number, row in table.rows:
        report.rows_read += 1
        cells = Cells(number, row, headers)
        checked = plan(cells)
        if cells.errors or checked is None:
            report.errors.extend(cells.errors)
            continue
        planned.append(checked)
    report.errors.sort(key=lambda error: error.row)
    if (report.errors and not valid_rows_only) or not planned:
        return report
    report.created = sum(item.is_new for item in planned)
    report.updated = len(planned) - report.created
    if dry_run:
        return report
    with transaction.atomic():
        write(planned)
    report.written = True
    return report


def check_reference(cells: Cells, seen: dict[str, int]) -> str:
    """The row's external reference (blank if none); a reference used on an earlier row is an error."""
    ref = cells.raw("external_ref")
    if ref:
        if ref in seen:
            cells.error(
                "external_ref",
                _("The external reference %(ref)s is already used on row %(row)s.")
                % {"ref": ref, "row": seen[ref]},
            )
        seen.setdefault(ref, cells.number)
    return ref
