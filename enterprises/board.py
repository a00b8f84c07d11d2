"""The anonymous job board's cache: the page's results and the API's answers, per normalised query.

Anonymous readers ask the same few questions (a city, an occupation group, a pay floor), so each
answer is cached (Redis when REDIS_URL is set) under a key made of the normalised query, the language,
the day and the generation of the city it names. Publishing, pausing, closing, filling or editing a
vacancy bumps its city's generation (and the all-cities one) after commit, which retires every cached
answer about that city at once; entries also expire after HRMATCH_BOARD_CACHE_SECONDS (default 300),
which bounds staleness for writes that bypass the services (bulk COPY seeding). Signed-in readers are
never served from it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import partial
from typing import Any, cast

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language

ALL_CITIES = "all"
REFERENCE_SECONDS = 3600
COUNT_CAP = 1000  # the board says "more than 1,000 jobs" instead of counting 100,000 rows


def _ttl() -> int:
    return settings.HRMATCH_BOARD_CACHE_SECONDS


def _generation_key(city_code: str) -> str:
    return f"board:gen:{city_code}"


def board_invalidate(*, city_codes: Iterable[str]) -> None:
    """Retire every cached board answer about these cities (and every answer across cities)."""
    for code in {*city_codes, ALL_CITIES}:
        key = _generation_key(code)
        cache.add(key, 0, timeout=None)
        try:
            cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, timeout=None)


def board_invalidate_on_commit(*, city_ids: Iterable[int]) -> None:
    """After the current transaction commits, retire the cached answers of these cities (by id)."""
    ids = sorted(set(city_ids))
    transaction.on_commit(partial(_invalidate_ids, ids))


def _invalidate_ids(city_ids: list[int]) -> None:
    from pilots.models import PilotCity

    board_invalidate(city_codes=PilotCity.objects.filter(pk__in=city_ids).values_list("code", flat=True))


def normalised_query(request: HttpRequest) -> list[tuple[str, list[str]]]:
    """The query's parameters sorted, values sorted, empty ones and page 1 dropped."""
    items = []
    for name, values in sorted(request.GET.lists()):
        kept = sorted(value.strip() for value in values if value.strip())
        if not kept or (name == "page" and kept == ["1"]):
            continue
        items.append((name, kept))
    return items


def board_key(kind: str, request: HttpRequest) -> str:
    """The cache key of an anonymous board answer: query, language, host, day and generations."""
    city = request.GET.get("city", "").strip() or ALL_CITIES
    generation = cache.get(_generation_key(city), 0)  # a change in a city bumps it and the all-cities one
    query = repr(normalised_query(request)) + f"|{request.get_host()}|{request.headers.get('HX-Request', '')}"
    digest = hashlib.sha1(query.encode(), usedforsecurity=False).hexdigest()
    day = timezone.localdate().isoformat()  # "posted today" changes at midnight
    return f"board:{kind}:{get_language()}:{day}:{city}:{generation}:{digest}"


def board_cache_get(key: str):
    return cache.get(key)


def board_cache_set(key: str, value) -> None:
    cache.set(key, value, timeout=_ttl())


def reference(name: str, build):
    """Reference lists the board's filters show (cities, districts, occupation groups), built once an hour."""
    key = f"board:reference:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=REFERENCE_SECONDS)
    return value


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows: past the cap the board says "more than" and pages stop there."""

    cap = COUNT_CAP

    @cached_property
    def _found(self) -> int:
        # Unordered, so PostgreSQL stops after cap + 1 rows instead of sorting every match first.
        rows = cast(QuerySet[Any], self.object_list)
        return len(rows.order_by().values_list("pk", flat=True)[: self.cap + 1])

    @cached_property
    def count(self) -> int:
        return min(self._found, self.cap)

    @cached_property
    def capped(self) -> bool:
        """True when more rows match than the board counts."""
        return self._found > self.cap
