"""manage.py import_vacancies: create or update vacancies from a CSV or XLSX sheet (docs/data-formats.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from enterprises.imports import import_vacancies
from hrmatch.import_commands import ImportCommand, find_optional
from hrmatch.tabular import ImportReport, Table


class Command(ImportCommand):
    help = "Import vacancies from a CSV (UTF-8 or GB18030) or XLSX file; nothing is written if a row is bad."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--agency", help="credit code or id of the agency posting for its client enterprises"
        )
        parser.add_argument(
            "--enterprise", help="credit code or id of the enterprise, when the file has no credit codes"
        )
        parser.add_argument("--city", help="division code: every enterprise must be in this pilot city")

    def tenants(self, options: dict[str, Any]) -> dict[str, Any]:
        return {
            "enterprise": find_optional("enterprises.Enterprise", options["enterprise"], "credit_code"),
            "agency": find_optional("agencies.Agency", options["agency"], "credit_code"),
            "city": find_optional("pilots.PilotCity", options["city"], "code"),
        }

    def run_import(self, table: Table, **options: Any) -> ImportReport:
        return import_vacancies(table, **options)
