"""The base of the sheet-import management commands (import_workers, import_vacancies): the file, the
dry-run and valid-rows-only options, tenants named by code or id, and one summary of what happened."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hrmatch.tabular import ImportReport, Table, TableError, read_table


def find_by_code_or_id(model_label: str, value: str, code_field: str) -> Any:
    """A row of the model named by its code (credit or division code) or, failing that, its numeric id."""
    model = apps.get_model(model_label)
    found = model.objects.filter(**{code_field: value.strip().upper()}).first()
    if found is None and value.strip().isdigit():
        found = model.objects.filter(pk=int(value)).first()
    if found is None:
        raise CommandError(
            _("No %(model)s “%(value)s”.") % {"model": model._meta.verbose_name, "value": value}
        )
    return found


def find_optional(model_label: str, value: str | None, code_field: str) -> Any:
    """find_by_code_or_id when the option was given, else None."""
    return find_by_code_or_id(model_label, value, code_field) if value else None


class ImportCommand(BaseCommand):
    """Read the sheet, run `run_import` on it and report; bad rows fail the command unless written."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="CSV or XLSX file")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
        parser.add_argument(
            "--valid-rows-only", action="store_true", help="write the good rows, report the rest"
        )

    def tenants(self, options: dict[str, Any]) -> dict[str, Any]:
        """The objects the command's options name (city, agency, enterprise), found before the file is read."""
        return {}

    def run_import(self, table: Table, **options: Any) -> ImportReport:
        """Import the table for the tenants, with dry_run and valid_rows_only."""
        raise NotImplementedError

    def summary(self, report: ImportReport) -> str:
        return _("%(read)s rows read: %(created)s new, %(updated)s updated, %(bad)s bad.") % {
            "read": report.rows_read,
            "created": report.created,
            "updated": report.updated,
            "bad": len({error.row for error in report.errors}),
        }

    def handle(self, *args: Any, **options: Any) -> None:
        tenants = self.tenants(options)
        try:
            table = read_table(options["path"])
            report = self.run_import(
                table, **tenants, dry_run=options["dry_run"], valid_rows_only=options["valid_rows_only"]
            )
        except (OSError, TableError) as exc:
            raise CommandError(str(exc)) from exc
        for error in report.errors:
            self.stderr.write(str(error))
        summary = self.summary(report)
        if report.written:
            self.stdout.write(summary)
        elif report.errors:
            raise CommandError(summary + " " + _("Nothing was written."))
        elif options["dry_run"]:
            self.stdout.write(summary + " " + _("Dry run: nothing was written."))
        else:
            self.stdout.write(summary + " " + _("The file has no rows to import."))
