"""Workflows of the matching app requested from the outside (API, pages): starting a city's run."""

from __future__ import annotations

from django.db import transaction

from hrmatch.actors import Actor
from matching.models import MatchRun
from matching.services import runs


def match_run_request(*, city_id: int, actor: Actor | None = None) -> MatchRun:
    """Start a run for a city now and have its chunks scored after commit; raise runs.RunAlreadyActive
    (carrying the active run) when one is waiting, running or publishing.

    Unlike the run_city_matching task, the run row exists when this returns, so the caller can answer
    with it (and its id to poll) instead of a task id.
    """
    from matching.tasks import score_run

    run = runs.match_run_start(city_id=city_id, actor=actor)
    transaction.on_commit(lambda: score_run(run))
    return run
