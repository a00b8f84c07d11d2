"""manage.py load_reference: the built-in taxonomy and the pilot cities, safe to run again."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from pilots.services import pilot_reference_load
from talent.taxonomy import TaxonomyFiles, import_taxonomy


class Command(BaseCommand):
    help = "Load the 2022 occupational classification, the skill vocabulary and the pilot cities."

    def handle(self, *args: object, **options: object) -> None:
        report = import_taxonomy(TaxonomyFiles.built_in())
        if not report.ok:
            raise CommandError("\n".join(str(error) for error in report.errors[:50]))
        self.stdout.write(
            f"taxonomy: {report.rows_read} rows ({report.created} new, {report.updated} updated)"
        )
        counts = pilot_reference_load()
        self.stdout.write("pilots: " + ", ".join(f"{count} {name}" for name, count in counts.items()))
