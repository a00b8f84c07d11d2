"""manage.py import_workers: register or update workers from a CSV or XLSX sheet (columns: docs/data-formats.md)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hrmatch.tabular import TableError, read_table
from talent.imports import import_workers


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
    help = "Import workers from a CSV (UTF-8 or GB18030) or XLSX file; nothing is written if a row is bad."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="CSV or XLSX file")
        parser.add_argument(
            "--city", required=True, help="division code of the workers' pilot city, e.g. 330200"
        )
        parser.add_argument("--agency", help="credit code or id of the agency that manages these workers")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
        parser.add_argument(
            "--valid-rows-only", action="store_true", help="write the good rows, report the rest"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        city = find_by_code_or_id("pilots.PilotCity", options["city"], "code")
        agency = (
            find_by_code_or_id("agencies.Agency", options["agency"], "credit_code")
            if options["agency"]
            else None
        )
        try:
            table = read_table(options["path"])
            report = import_workers(
                table,
                agency=agency,
                city=city,
                dry_run=options["dry_run"],
                valid_rows_only=options["valid_rows_only"],
            )
        except (OSError, TableError) as exc:
            raise CommandError(str(exc)) from exc
        for error in report.errors:
            self.stderr.write(str(error))
        summary = _(
            "%(read)s rows read: %(created)s new, %(updated)s updated, %(bad)s bad, %(dups)s possible duplicates."
        ) % {
            "read": report.rows_read,
            "created": report.created,
            "updated": report.updated,
            "bad": len({error.row for error in report.errors}),
            "dups": report.duplicates_flagged,
        }
        if report.written:
            self.stdout.write(summary)
        elif report.errors:
            raise CommandError(summary + " " + _("Nothing was written."))
        elif options["dry_run"]:
            self.stdout.write(summary + " " + _("Dry run: nothing was written."))
        else:
            self.stdout.write(summary + " " + _("The file has no rows to import."))
