"""manage.py import_taxonomy: load a city's own occupation and skill taxonomy (or, with no file, the built-in one)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from hrmatch.tabular import TableError, read_table
from talent.models import CURRENT_EDITION
from talent.taxonomy import TaxonomyFiles, import_taxonomy

TABLES = ("occupations", "categories", "skills", "links", "synonyms")


class Command(BaseCommand):
    help = (
        "Import occupations, skill categories, skills, occupation–skill links and synonyms from CSV or XLSX "
        "files (formats in docs/data-formats.md). Every row is checked first; nothing is written unless all are valid."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--occupations", help="code, name[, level, parent, name_en, digital, green]")
        parser.add_argument("--categories", help="code, name_zh, name_en")
        parser.add_argument("--skills", help="code, name_zh, name_en, category")
        parser.add_argument("--links", help="occupation_code, skill_code, importance, level")
        parser.add_argument("--synonyms", help="occupation_code, term")
        parser.add_argument(
            "--edition", default=CURRENT_EDITION, help=f"classification edition (default {CURRENT_EDITION})"
        )
        parser.add_argument(
            "--built-in", action="store_true", help="load the shipped 2022 classification and skills"
        )

    def handle(self, *args, **options) -> None:
        paths = {name: options[name] for name in TABLES if options[name]}
        if options["built_in"]:
            if paths:
                raise CommandError("--built-in takes no files")
            files = TaxonomyFiles.built_in()
        elif not paths:
            raise CommandError("name at least one file (--occupations, --skills, …) or --built-in")
        else:
            try:
                files = TaxonomyFiles(**{name: read_table(path) for name, path in paths.items()})
            except (OSError, TableError) as exc:
                raise CommandError(str(exc)) from exc
        try:
            report = import_taxonomy(files, edition=options["edition"])
        except TableError as exc:
            raise CommandError(str(exc)) from exc
        for error in report.errors:
            self.stderr.write(str(error))
        if not report.ok:
            raise CommandError(f"{len(report.errors)} bad rows: nothing was written")
        self.stdout.write(f"{report.rows_read} rows read: {report.created} created, {report.updated} updated")
