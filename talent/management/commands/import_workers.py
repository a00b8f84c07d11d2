"""manage.py import_workers: register or update workers from a CSV or XLSX sheet (columns: docs/data-formats.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from hrmatch.import_commands import ImportCommand, find_by_code_or_id, find_optional
from hrmatch.tabular import ImportReport, Table
from talent.imports import import_workers


class Command(ImportCommand):
    help = "Import workers from a CSV (UTF-8 or GB18030) or XLSX file; nothing is written if a row is bad."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--city", required=True, help="division code of the workers' pilot city, e.g. 330200"
        )
        parser.add_argument("--agency", help="credit code or id of the agency that manages these workers")

    def tenants(self, options: dict[str, Any]) -> dict[str, Any]:
        return {
            "city": find_by_code_or_id("pilots.PilotCity", options["city"], "code"),
            "agency": find_optional("agencies.Agency", options["agency"], "credit_code"),
        }

    def run_import(self, table: Table, **options: Any) -> ImportReport:
        return import_workers(table, **options)

    def summary(self, report: ImportReport) -> str:
        return _(
            "%(read)s rows read: %(created)s new, %(updated)s updated, %(bad)s bad, %(dups)s possible duplicates."
        ) % {
            "read": report.rows_read,
            "created": report.created,
            "updated": report.updated,
            "bad": len({error.row for error in report.errors}),
            "dups": getattr(report, "duplicates_flagged", 0),
        }
