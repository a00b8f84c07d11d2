"""Reading CSV and XLSX tables for imports, and reporting bad rows without writing anything partial."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

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


ENCODINGS = ("utf-8-sig", "gb18030")


class Rows:
    """A sheet's non-empty rows, read from the file each time they are iterated (never all held).

    `read_table` has already counted them (and refused a file past MAX_ROWS) in one streaming pass,
    so memory stays bounded whatever the file holds; `len()` is that count.
    """

    def __init__(self, open_cells, header: list[str], count: int) -> None:
        self._open_cells = open_cells
        self._header = header
        self._count = count

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        cells = self._open_cells()
        next(cells, None)  # the header
        for number, row in enumerate(cells, start=2):
            values = ["" if cell is None else str(cell).strip() for cell in row]
            if any(values):
                yield (
                    number,
                    {
                        key: (values[i] if i < len(values) else "")
                        for i, key in enumerate(self._header)
                        if key
                    },
                )


@dataclass(frozen=True)
class Table:
    """A sheet's header and its non-empty rows, each with the row number a person sees (header is 1)."""

    header: list[str]
    rows: Rows | list[tuple[int, dict[str, str]]]

    def require(self, *columns: str) -> None:
        """Fail the whole file when a required column is missing from its header."""
        missing = [column for column in columns if column not in self.header]
        if missing:
            raise TableError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})


def read_table(source: IO[bytes] | Path | str, *, name: str = "") -> Table:
    """Read a CSV (UTF-8 or GB18030) or the first sheet of an XLSX; values are stripped strings.

    The file is streamed: one pass counts the rows and stops at MAX_ROWS + 1 (a TableError), so a
    file of millions of rows is refused after reading only as many as the limit; the rows are read
    again, one at a time, when the importer iterates them.
    """
    if isinstance(source, (str, Path)):
        path = Path(source)
        name = str(source)

        def open_binary() -> Any:
            return open(path, "rb")
    else:
        stream = source

        def open_binary() -> Any:
            stream.seek(0)
            return _Unclosable(stream)

    with open_binary() as handle:
        is_xlsx = name.lower().endswith(".xlsx") or handle.read(2) == b"PK"
    if is_xlsx:
        _check_xlsx(open_binary)

        def open_cells() -> Generator[Sequence[object], None, None]:
            return _closing_cells(open_binary, _xlsx_cells)
    else:
        encoding = _csv_encoding(open_binary)

        def open_cells() -> Generator[Sequence[object], None, None]:
            return _closing_cells(open_binary, lambda handle: _csv_cells(handle, encoding))

    cells = open_cells()
    first = next(cells, None)
    if first is None:
        raise TableError(_("The file is empty."))
    header = [str(cell or "").strip() for cell in first]
    count = 0
    for lines, row in enumerate(cells, start=1):
        if lines > MAX_ROWS:
            cells.close()
            raise TableError(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
        if any(cell not in (None, "") and str(cell).strip() for cell in row):
            count += 1
    return Table(header=header, rows=Rows(open_cells, header, count))


class _Unclosable:
    """A caller's stream lent to one pass: leaving the pass does not close it."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream

    def __getattr__(self, name: str):
        return getattr(self._stream, name)

    def __enter__(self) -> IO[bytes]:
        return self._stream  # type: ignore[return-value]

    def __exit__(self, *exc: object) -> None:
        return None

    def close(self) -> None:
        return None


def _closing_cells(open_binary, reader) -> Generator[Sequence[object], None, None]:
    with open_binary() as handle:
        yield from reader(handle)


def _csv_cells(handle: IO[bytes], encoding: str) -> Iterator[list[str]]:
    text = io.TextIOWrapper(handle, encoding=encoding, newline="")
    try:
        yield from csv.reader(text)
    finally:
        text.detach()


def _csv_encoding(open_binary) -> str:
    """The first of UTF-8 and GB18030 that decodes the whole file (read in blocks, never all at once)."""
    for encoding in ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with open_binary() as handle:
                while block := handle.read(1 << 20):
                    decoder.decode(block)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise TableError(_("The file is neither UTF-8 nor GB18030 text."))


def _check_xlsx(open_binary) -> None:
    try:
        with open_binary() as handle, zipfile.ZipFile(handle) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_UNCOMPRESSED:
                raise TableError(_("The spreadsheet unpacks to more than 64 MB."))
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise TableError(_("The file is not a readable XLSX spreadsheet.")) from exc


def _xlsx_cells(handle: IO[bytes]) -> Iterator[tuple[object, ...]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise TableError(_("The file is not a readable XLSX spreadsheet.")) from exc
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()


def escape_formula(value: object) -> object:
    """Neutralise a cell that a spreadsheet would run as a formula when the export is opened."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
