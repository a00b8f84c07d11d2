"""Workflows of the matching app requested from the outside (API, pages): starting a city's run."""

from __future__ import annotations

from celery import chord
from django.db import transaction

from matching import runs
from matching.models import MatchRun


def match_run_request(*, city_id: int, actor=None) -> MatchRun:
    """Start a run for a city now and have its chunks scored after commit; raise runs.RunAlreadyActive
    (carrying the active run) when one is waiting, running or publishing.

    The same steps as matching.tasks.run_city_matching, but the run row exists when this returns, so
    the caller can answer with it (and its id to poll) instead of a task id.
    """
    from matching import tasks

    run = runs.match_run_start(city_id=city_id, actor=actor)
    chunk_ids = list(run.chunks.order_by("index").values_list("id", flat=True))

    def enqueue() -> None:
        if chunk_ids:
            chord([tasks.score_chunk.s(chunk_id) for chunk_id in chunk_ids])(tasks.publish_run.si(run.pk))
        else:
            tasks.publish_run.delay(run.pk)

    transaction.on_commit(enqueue)
    return run
