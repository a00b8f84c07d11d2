"""manage.py seed_benchmark_city: a million workers and 100,000 vacancies in one city, loaded with COPY."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from demo.benchmark_city import CHUNK_ROWS, build_benchmark_city


class Command(BaseCommand):
    help = (
        "Bulk-load a benchmark-sized city (workers, skills, enterprises, agencies, vacancies) with PostgreSQL COPY. "
        "PostgreSQL only; needs `load_reference` first."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--city", default="330200", help="division code of the pilot city (default 330200 宁波)"
        )
        parser.add_argument("--workers", type=int, default=1_000_000)
        parser.add_argument("--vacancies", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument(
            "--replace", action="store_true", help="delete this seed's benchmark rows in the city first"
        )
        parser.add_argument(
            "--chunk-rows", type=int, default=CHUNK_ROWS, help="rows generated and copied at a time"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = build_benchmark_city(
            city_code=options["city"],
            workers=options["workers"],
            vacancies=options["vacancies"],
            seed=options["seed"],
            stdout=self.stdout,
            replace=options["replace"],
            chunk_rows=options["chunk_rows"],
        )
        rows = ", ".join(f"{table} {count:,}" for table, count in result["rows"].items())
        self.stdout.write(self.style.SUCCESS(f"Seeded in {result['total_seconds']:.1f} s: {rows}"))
