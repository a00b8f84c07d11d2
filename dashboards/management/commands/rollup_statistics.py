"""manage.py rollup_statistics: roll a range of days into the daily statistics rows (backfill)."""

from __future__ import annotations

import datetime as dt
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from dashboards.services import statistics_rollup_city_day
from pilots.models import PilotCity


def _as_date(value: dt.date | str | None) -> dt.date | None:
    """A date from the command line or from call_command (which passes values untyped)."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from exc


class Command(BaseCommand):
    help = (
        "Roll each day of a range into the daily statistics rows of every active pilot city (or --city). "
        "A day already rolled up is replaced. Default: the last --days days up to and including today."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--start", help="first day, YYYY-MM-DD")
        parser.add_argument("--end", help="last day, YYYY-MM-DD (default today)")
        parser.add_argument("--days", type=int, default=1, help="days up to --end when --start is absent")
        parser.add_argument("--city", action="append", help="division code of a city (repeatable)")
        parser.add_argument(
            "--all", action="store_true", help="also roll up cities without any workers or enterprises"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        last: dt.date = _as_date(options["end"]) or timezone.localdate()
        first: dt.date = _as_date(options["start"]) or last - dt.timedelta(days=max(options["days"], 1) - 1)
        if first > last:
            raise CommandError("--start must not be after --end")
        cities = PilotCity.objects.filter(is_active=True).order_by("code")
        if options["city"]:
            cities = cities.filter(code__in=options["city"])
            if not cities.exists():
                raise CommandError(f"No active pilot city with code {', '.join(options['city'])}")
        if not options["city"] and not options["all"]:
            # A city with no workers and no enterprises has nothing to roll up (most cities in the demo).
            cities = cities.filter(Q(workers__isnull=False) | Q(enterprises__isnull=False)).distinct()
        began = time.perf_counter()
        total = 0
        day = first
        while day <= last:
            for city in cities:
                result = statistics_rollup_city_day(city=city, day=day)
                total += 1
                if options["verbosity"] >= 2 or len(options["city"] or []) == 1:
                    rows = ", ".join(f"{name} {count}" for name, count in result.rows.items())
                    self.stdout.write(f"{city.code} {day}: {result.seconds:.2f} s ({rows})")
            day += dt.timedelta(days=1)
        self.stdout.write(
            self.style.SUCCESS(
                f"Rolled up {total} city-days ({first} to {last}) in {time.perf_counter() - began:.1f} s"
            )
        )
