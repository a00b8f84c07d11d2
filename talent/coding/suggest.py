"""Coding free-text job titles to occupations of the classification in the database.

The coder is built from the current edition's occupations and synonyms and kept per process; it is
rebuilt when the taxonomy changes (its row counts and newest ids are the cache key).
"""

from __future__ import annotations

import threading

from django.db.models import Count, Max

from talent.coding.coder import Suggestion, TitleCoder
from talent.models import CURRENT_EDITION, Occupation, OccupationSynonym

_lock = threading.Lock()
TaxonomyKey = tuple[str, int, int | None, int, int | None]
_coder: dict[TaxonomyKey, TitleCoder] = {}


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
            coder = TitleCoder.from_rows(list(occupations), list(synonyms))
            _coder.clear()
            _coder[key] = coder
    return coder


def suggest_occupations(title: str, *, limit: int = 5, edition: str = CURRENT_EDITION) -> list[Suggestion]:
    """Up to `limit` occupation codes for a job title as agencies type it, best first, with scores 0–1."""
    if not title or not title.strip():
        return []
    if not Occupation.objects.filter(edition=edition).exists():
        return []
    return title_coder(edition).suggest(title, k=max(1, min(limit, 20)))
