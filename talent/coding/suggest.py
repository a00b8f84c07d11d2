"""Coding free-text job titles to occupations of the classification in the database.

The coder is built from the current edition's occupations and synonyms (plus, for the 2022 edition, the
classification's definitions, tasks and aliases shipped in `talent/data/`) and kept per process; it is
rebuilt when the taxonomy changes (its row counts and newest ids are the cache key). What agencies
confirmed for a title (`TitleConfirmation`) lifts those codes, in the vacancy's city first.
"""

from __future__ import annotations

import threading
from collections import defaultdict

from django.db.models import Count, Max

from talent.coding.builtin import built_in_evidence
from talent.coding.coder import Suggestion, TitleCoder
from talent.coding.generic import group_config
from talent.coding.text import clean_title
from talent.models import CURRENT_EDITION, Occupation, OccupationSynonym, TitleConfirmation

__all__ = ["confirmation_boosts", "suggest_occupations", "title_coder", "title_key"]

TaxonomyKey = tuple[str, int, int | None, int, int | None]
_lock = threading.Lock()
_coder: dict[TaxonomyKey, TitleCoder] = {}

# Strength of c confirmations: 1 − base**c. In the title's city one confirmation lifts a code a lot, two
# put it ahead of a generic group; confirmations from other cities count less.
CITY_BASE = 0.4
ELSEWHERE_BASE = 0.75
TITLE_KEY_LENGTH = 80


def _taxonomy_key(edition: str) -> TaxonomyKey:
    occupations = Occupation.objects.filter(edition=edition).aggregate(n=Count("id"), last=Max("id"))
    synonyms = OccupationSynonym.objects.aggregate(n=Count("id"), last=Max("id"))
    return (edition, occupations["n"], occupations["last"], synonyms["n"], synonyms["last"])


def title_coder(edition: str = CURRENT_EDITION) -> TitleCoder:
    """The coder for an edition's occupations (levels 1–4) and their synonyms."""
    key = _taxonomy_key(edition)
    with _lock:
        coder = _coder.get(key)
        if coder is None:
            occupations = Occupation.objects.filter(edition=edition).values_list("code", "name", "level")
            synonyms = OccupationSynonym.objects.filter(occupation__edition=edition).values_list(
                "occupation__code", "term"
            )
            coder = TitleCoder.from_rows(
                list(occupations),
                list(synonyms),
                evidence=built_in_evidence() if edition == "2022" else None,
                groups=group_config(),
            )
            _coder.clear()
            _coder[key] = coder
    return coder


def title_key(title: str) -> str:
    """The noise-stripped form of a title under which confirmations are counted ('' when none is left)."""
    return clean_title(title)[:TITLE_KEY_LENGTH]


def confirmation_boosts(
    title: str, *, city_id: int | None, edition: str = CURRENT_EDITION
) -> dict[str, float]:
    """Code → confirmation strength in [0, 1) for a title: the city's own confirmations weigh most."""
    key = title_key(title)
    if not key:
        return {}
    rows = TitleConfirmation.objects.filter(title_key=key, occupation__edition=edition).values_list(
        "occupation__code", "city_id", "count"
    )
    here: dict[str, int] = defaultdict(int)
    elsewhere: dict[str, int] = defaultdict(int)
    for code, row_city, count in rows:
        (here if city_id is not None and row_city == city_id else elsewhere)[code] += count
    boosts: dict[str, float] = {}
    for code in set(here) | set(elsewhere):
        miss = CITY_BASE ** here.get(code, 0) * (1.0 - 0.5 * (1.0 - ELSEWHERE_BASE ** elsewhere.get(code, 0)))
        boosts[code] = 1.0 - miss
    return boosts


def suggest_occupations(
    title: str,
    *,
    limit: int = 5,
    edition: str = CURRENT_EDITION,
    city_id: int | None = None,
    industry: str | None = None,
) -> list[Suggestion]:
    """Up to `limit` occupation codes for a job title as agencies type it, best first, with scores 0–1.

    With `city_id`, codes agencies confirmed for this title in that city rank higher (others' less so);
    with `industry` (the employer's division, C39), a generic title takes that industry's group.
    """
    if not title or not title.strip():
        return []
    if not Occupation.objects.filter(edition=edition).exists():
        return []
    boosts = confirmation_boosts(title, city_id=city_id, edition=edition)
    return title_coder(edition).suggest(title, k=max(1, min(limit, 20)), boosts=boosts, industry=industry)
