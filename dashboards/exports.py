"""A dashboard table as CSV or XLSX: the values the page shows (suppression included), every string cell
escaped so a spreadsheet does not run it as a formula."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils.text import slugify

from dashboards.figures import Table
from hrmatch.tabular import escape_formula

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def table_cells(table: Table) -> list[list[object]]:
    """Header and rows, with every string escaped against formula injection."""
    return [[escape_formula(str(column)) for column in table.columns]] + [
        [escape_formula(value) if isinstance(value, str) else value for value in row] for row in table.rows
    ]


def table_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese text right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in table_cells(table):
        writer.writerow(["" if value is None else value for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def table_xlsx(table: Table) -> bytes:
    """One worksheet named after the table."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(slugify(table.key) or "table")[:31])
    for row in table_cells(table):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(table: Table, fmt: str, filename: str) -> HttpResponse:
    """A download of `table` in `fmt` (csv or xlsx)."""
    body = table_csv(table) if fmt == "csv" else table_xlsx(table)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
