"""Reading CSV and XLSX tables for imports, and reporting bad rows without writing anything partial."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

# An xlsx is a zip: refuse one whose content would unpack past this (zip bombs).
MAX_XLSX_UNCOMPRESSED = 64 * 1024 * 1024
MAX_ROWS = 200_000


class TableError(ValueError):
    """The file as a whole cannot be read (format, encoding, size, missing columns)."""


@dataclass(frozen=True)
class RowError:
    """One bad row: its number as a person counts it in the sheet (header is row 1), a column, a reason."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("row %(row)s, %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportReport:
    """What an import did or would do: rows read, rows written, and every bad row with its reason."""

    rows_read: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(_("The file is neither UTF-8 nor GB18030 text."))


@dataclass(frozen=True)
class Table:
    """A sheet's header and its non-empty rows, each with the row number a person sees (header is 1)."""

    header: list[str]
    rows: list[tuple[int, dict[str, str]]]

    def require(self, *columns: str) -> None:
        """Fail the whole file when a required column is missing from its header."""
        missing = [column for column in columns if column not in self.header]
        if missing:
            raise TableError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})


def read_table(source: IO[bytes] | Path | str, *, name: str = "") -> Table:
    """Read a CSV (UTF-8 or GB18030) or the first sheet of an XLSX; values are stripped strings."""
    if isinstance(source, (str, Path)):
        name = str(source)
        with open(source, "rb") as handle:
            raw = handle.read()
    else:
        raw = source.read()
    if name.lower().endswith(".xlsx") or raw[:2] == b"PK":
        cells = _xlsx_rows(raw)
    else:
        cells = [list[object](row) for row in csv.reader(io.StringIO(_decode(raw)))]
    if not cells:
        raise TableError(_("The file is empty."))
    if len(cells) - 1 > MAX_ROWS:
        raise TableError(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
    header = [str(cell or "").strip() for cell in cells[0]]
    rows = []
    for number, row in enumerate(cells[1:], start=2):
        values = ["" if cell is None else str(cell).strip() for cell in row]
        if any(values):
            rows.append(
                (number, {key: (values[i] if i < len(values) else "") for i, key in enumerate(header) if key})
            )
    return Table(header=header, rows=rows)


def _xlsx_rows(raw: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_UNCOMPRESSED:
                raise TableError(_("The spreadsheet unpacks to more than 64 MB."))
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise TableError(_("The file is not a readable XLSX spreadsheet.")) from exc
    sheet = workbook.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def escape_formula(value: object) -> object:
    """Neutralise a cell that a spreadsheet would run as a formula when the export is opened."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
