"""manage.py import_taxonomy: load a city's own occupation and skill taxonomy (or, with no file, the built-in one)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hrmatch.tabular import TableError, read_table
from pilots.models import PilotCity
from talent.models import CURRENT_EDITION
from talent.related import related_occupations_import, related_rows
from talent.taxonomy import TaxonomyFiles, import_taxonomy

TABLES = ("occupations", "categories", "skills", "links", "synonyms")


class Command(BaseCommand):
    help = (
        "Import occupations, skill categories, skills, occupation–skill links and synonyms from CSV or XLSX "
        "files (formats in docs/data-formats.md). Every row is checked first; nothing is written unless all are valid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--occupations", help="code, name[, level, parent, name_en, digital, green]")
        parser.add_argument("--categories", help="code, name_zh, name_en")
        parser.add_argument("--skills", help="code, name_zh, name_en, category")
        parser.add_argument("--links", help="occupation_code, skill_code, importance, level")
        parser.add_argument("--synonyms", help="occupation_code, term")
        parser.add_argument("--related", help="occupation_code, related_code[, strength]")
        parser.add_argument(
            "--city", help="division code of the pilot city the --related list is for (default: every city)"
        )
        parser.add_argument(
            "--edition", default=CURRENT_EDITION, help=f"classification edition (default {CURRENT_EDITION})"
        )
        parser.add_argument(
            "--built-in", action="store_true", help="load the shipped 2022 classification and skills"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths = {name: options[name] for name in TABLES if options[name]}
        related = self._related(options, paths)
        if related is not None and not paths and not options["built_in"]:
            self._write_related(related, options)
            return
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
        if related is not None:
            self._write_related(related, options)

    def _related(self, options: dict[str, Any], paths: dict[str, Any]) -> list[tuple[str, str, float]] | None:
        """The --related rows, checked before anything is written (codes may come from --occupations)."""
        if not options["related"]:
            return None
        if options["city"] and not PilotCity.objects.filter(code=options["city"]).exists():
            raise CommandError(f"no pilot city with code {options['city']}")
        known: set[str] = set()
        try:
            if "occupations" in paths:
                known = {row.get("code", "") for _n, row in read_table(paths["occupations"]).rows}
            rows, errors = related_rows(
                read_table(options["related"]), edition=options["edition"], known_codes=known
            )
        except (OSError, TableError) as exc:
            raise CommandError(str(exc)) from exc
        for error in errors:
            self.stderr.write(str(error))
        if errors:
            raise CommandError(f"{len(errors)} bad rows: nothing was written")
        return rows

    def _write_related(self, rows: list[tuple[str, str, float]], options: dict[str, Any]) -> None:
        city = PilotCity.objects.get(code=options["city"]) if options["city"] else None
        report = related_occupations_import(rows, edition=options["edition"], city=city)
        self.stdout.write(f"related occupations: {report.created} created, {report.updated} updated")
