"""Taking a worker or a vacancy out of the current results the moment they leave the market.

Readers also check eligibility on every read (matching.selectors), so a run published in the same
instant cannot show them either; deleting the rows keeps the current run honest for every other
reader (exports, statistics) and makes the effect visible in the data, not only in the pages.
"""

from __future__ import annotations

from django.db import transaction

from matching.models import CurrentRun, Match
from matching.services.baselines import shortlists_changed


@transaction.atomic
def matches_drop_worker(*, worker_id: int) -> int:
    """Delete a worker's rows, both directions, from every city's current run; returns how many."""
    runs = list(CurrentRun.objects.values_list("run_id", flat=True))
    shortlists_changed(runs)
    deleted, _ = Match.objects.filter(run_id__in=runs, worker_id=worker_id).delete()
    return deleted


@transaction.atomic
def matches_drop_vacancy(*, vacancy_id: int, city_id: int) -> int:
    """Delete a vacancy's rows, both directions, from its city's current run; returns how many."""
    run_id = CurrentRun.objects.filter(city_id=city_id).values_list("run_id", flat=True).first()
    if run_id is None:
        return 0
    shortlists_changed([run_id])
    deleted, _ = Match.objects.filter(run_id=run_id, vacancy_id=vacancy_id).delete()
    return deleted
