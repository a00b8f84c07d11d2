"""manage.py import_vacancies: create or update vacancies from a CSV or XLSX sheet (docs/data-formats.md)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from enterprises.imports import import_vacancies
from hrmatch.tabular import TableError, read_table


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


class Command(BaseCommand):
    help = "Import vacancies from a CSV (UTF-8 or GB18030) or XLSX file; nothing is written if a row is bad."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="CSV or XLSX file")
        parser.add_argument(
            "--agency", help="credit code or id of the agency posting for its client enterprises"
        )
        parser.add_argument(
            "--enterprise", help="credit code or id of the enterprise, when the file has no credit codes"
        )
        parser.add_argument("--city", help="division code: every enterprise must be in this pilot city")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
        parser.add_argument(
            "--valid-rows-only", action="store_true", help="write the good rows, report the rest"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        agency = (
            find_by_code_or_id("agencies.Agency", options["agency"], "credit_code")
            if options["agency"]
            else None
        )
        enterprise = (
            find_by_code_or_id("enterprises.Enterprise", options["enterprise"], "credit_code")
            if options["enterprise"]
            else None
        )
        city = find_by_code_or_id("pilots.PilotCity", options["city"], "code") if options["city"] else None
        try:
            table = read_table(options["path"])
            report = import_vacancies(
                table,
                enterprise=enterprise,
                agency=agency,
                city=city,
                dry_run=options["dry_run"],
                valid_rows_only=options["valid_rows_only"],
            )
        except (OSError, TableError) as exc:
            raise CommandError(str(exc)) from exc
        for error in report.errors:
            self.stderr.write(str(error))
        summary = _("%(read)s rows read: %(created)s new, %(updated)s updated, %(bad)s bad.") % {
            "read": report.rows_read,
            "created": report.created,
            "updated": report.updated,
            "bad": len({error.row for error in report.errors}),
        }
        if report.written:
            self.stdout.write(summary)
        elif report.errors:
            raise CommandError(summary + " " + _("Nothing was written."))
        elif options["dry_run"]:
            self.stdout.write(summary + " " + _("Dry run: nothing was written."))
        else:
            self.stdout.write(summary + " " + _("The file has no rows to import."))
