"""manage.py run_matching --city 330200 [--wait]: start a city's match run (or every city's with --all)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from matching.models import MatchRun
from matching.tasks import run_city_matching
from pilots.models import PilotCity


class Command(BaseCommand):
    help = "Start matching for a pilot city (division code or Chinese name), or for every city with --all."

    def add_arguments(self, parser) -> None:
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--city", help="division code (330200) or name (宁波市)")
        target.add_argument("--all", action="store_true", help="every active city with open vacancies")
        parser.add_argument("--wait", action="store_true", help="wait for each run and print its progress")
        parser.add_argument(
            "--timeout", type=int, default=3600, help="seconds to wait at most (default 3600)"
        )

    def handle(self, *args, city: str | None, all: bool, wait: bool, timeout: int, **options) -> None:
        if all:
            cities = list(PilotCity.objects.filter(is_active=True, vacancies__status="open").distinct())
        else:
            found = PilotCity.objects.filter(
                Q(code=city) | Q(name_zh=city) | Q(name_zh=f"{city}市") | Q(name_en__iexact=city)
            )
            cities = list(found[:1])
            if not cities:
                raise CommandError(f"no pilot city {city!r}")
        if wait and not _tasks_run_in_process() and not _a_worker_answers():
            raise CommandError(
                "REDIS_URL is set but no Celery worker answers, so --wait would wait forever: start one "
                "(`celery -A hrmatch worker`, or `make run`), or run in-process with CELERY_TASK_ALWAYS_EAGER=true."
            )
        for pilot_city in cities:
            started = run_city_matching.delay(pilot_city.pk)
            if not wait:
                self.stdout.write(f"{pilot_city.name_zh}: matching started")
                continue
            self._follow(pilot_city, started.get(), timeout)

    def _follow(self, city: PilotCity, run_id: int, timeout: int) -> None:
        deadline = time.monotonic() + timeout
        last = None
        while True:
            run = MatchRun.objects.get(pk=run_id)
            line = f"{city.name_zh}: run {run.pk} {run.status} {run.chunks_done}/{run.chunks_total} chunks"
            if line != last:
                self.stdout.write(line)
                last = line
            if run.status in (MatchRun.Status.PUBLISHED, MatchRun.Status.SUPERSEDED):
                self.stdout.write(
                    f"{city.name_zh}: {run.vacancies_count} vacancies × {run.workers_count} workers → "
                    f"{run.shortlist_rows} shortlist rows, {run.recommendation_rows} recommendations"
                )
                return
            if run.status == MatchRun.Status.FAILED:
                raise CommandError(f"{city.name_zh}: run {run.pk} failed: {run.error}")
            if time.monotonic() > deadline:
                raise CommandError(f"{city.name_zh}: run {run.pk} did not finish in {timeout} s")
            time.sleep(1)


def _tasks_run_in_process() -> bool:
    return bool(run_city_matching.app.conf.task_always_eager)


def _a_worker_answers() -> bool:
    """Ping the workers through the broker; an empty answer within two seconds means none is running."""
    try:
        return bool(run_city_matching.app.control.ping(timeout=2.0))
    except Exception:  # the broker itself is down
        return False
