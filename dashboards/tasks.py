"""Celery tasks of the programme: the nightly roll-up of each pilot city's day into statistics rows."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from dashboards.services import statistics_rollup_city_day
from hrmatch.retries import RETRY
from pilots.models import PilotCity


@shared_task(acks_late=True, **RETRY)
def rollup_city_statistics(city_id: int, day_iso: str) -> dict[str, int]:
    """Replace one city's statistics for one day (safe to run twice: the day is replaced)."""
    city = PilotCity.objects.get(pk=city_id)
    return statistics_rollup_city_day(city=city, day=dt.date.fromisoformat(day_iso)).rows


@shared_task(acks_late=True)
def rollup_all_cities_statistics(day_iso: str | None = None) -> list[int]:
    """Beat entry: enqueue yesterday's roll-up (or `day_iso`'s) for every active pilot city."""
    day = dt.date.fromisoformat(day_iso) if day_iso else timezone.localdate() - dt.timedelta(days=1)
    city_ids = list(PilotCity.objects.filter(is_active=True).values_list("id", flat=True))
    for city_id in city_ids:
        rollup_city_statistics.delay(city_id, day.isoformat())
    return city_ids
