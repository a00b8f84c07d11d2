"""Celery tasks: thin wrappers that take ids and call one service of matching/services/runs.py.

Every task acknowledges late and is given back when its worker dies (settings), so a killed chunk is
scored again; the services make a second delivery harmless.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from hrmatch.actors import actor_for
from hrmatch.retries import RETRY
from matching.models import MatchRun
from matching.services import runs

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def run_city_matching(
    city_id: int, actor_id: int | None = None, concurrency: int | None = None
) -> int | None:
    """Start a city's run: its chunks are scored in lanes, and the lane that finishes last publishes it."""
    try:
        run = runs.match_run_start(city_id=city_id, actor=actor_for(_user(actor_id)) if actor_id else None)
    except runs.RunAlreadyActive as exc:
        logger.info("city %s: %s", city_id, exc)
        return exc.run.pk
    score_run(run, concurrency=concurrency)
    return run.pk


def chunk_lanes(chunk_ids: list[int], concurrency: int) -> list[list[int]]:
    """Deal chunks round-robin into at most `concurrency` lanes (0: one lane per chunk)."""
    lanes = min(len(chunk_ids), concurrency) if concurrency > 0 else len(chunk_ids)
    return [chunk_ids[lane::lanes] for lane in range(lanes)] if lanes else []


def score_run(run: MatchRun, concurrency: int | None = None) -> None:
    """Queue a started run's chunks as lanes: one task per lane scores its chunks in turn, then tries to publish.

    A lane's chunks run one after another in one worker, which loads the city once for them all, so a
    city keeps at most `concurrency` workers busy (MATCHING_CITY_CONCURRENCY; 0 means one lane per
    chunk) and the cities of a national night share the workers. Whichever lane finishes last finds
    every chunk done and publishes; the others' attempts find chunks missing and stop. A worker killed
    mid-lane gives the lane back; scoring it again skips the chunks already done.
    """
    if concurrency is None:
        concurrency = settings.MATCHING_CITY_CONCURRENCY
    chunk_ids = list(run.chunks.order_by("index").values_list("id", flat=True))
    if not chunk_ids:
        publish_run.delay(run.pk)
        return
    for lane in chunk_lanes(chunk_ids, concurrency):
        score_lane.delay(run.pk, lane)


@shared_task(bind=True, acks_late=True, **RETRY)
def score_lane(self, run_id: int, chunk_ids: list[int]) -> int:
    """Score a lane's chunks in turn (those already done are skipped), then publish if the run is whole."""
    scored = 0
    for chunk_id in chunk_ids:
        scored += _score_chunk(
            chunk_id,
            retries=self.request.retries,
            max_retries=self.max_retries,
            hostname=self.request.hostname or "",
        )
    _publish_now(run_id)
    return scored


def _publish_now(run_id: int) -> None:
    """Publish the run if every chunk is done (the last lane to finish), then prune the city's old runs."""
    if runs.match_run_publish(run_id=run_id):
        city_id = MatchRun.objects.filter(pk=run_id).values_list("city_id", flat=True).get()
        prune_runs.delay(city_id)


def _score_chunk(chunk_id: int, *, retries: int, max_retries: int, hostname: str) -> bool:
    try:
        return runs.match_chunk_score(chunk_id=chunk_id, scored_by=hostname)
    except Exception as exc:
        if retries >= max_retries or not isinstance(exc, OperationalError):
            from matching.models import MatchChunk

            run_id = MatchChunk.objects.filter(pk=chunk_id).values_list("run_id", flat=True).first()
            if run_id:
                runs.match_run_fail(run_id=run_id, error=f"chunk {chunk_id}: {exc!r}")
        raise


@shared_task(bind=True, acks_late=True, **RETRY)
def score_chunk(self, chunk_id: int) -> bool:
    """Score one chunk of a run's vacancies; a run whose chunk keeps failing is marked failed."""
    return _score_chunk(
        chunk_id,
        retries=self.request.retries,
        max_retries=self.max_retries,
        hostname=self.request.hostname or "",
    )


@shared_task(bind=True, acks_late=True, max_retries=60)
def publish_run(self, run_id: int) -> bool:
    """Publish a run once every chunk is done; a call that arrives early waits and tries again."""
    published = runs.match_run_publish(run_id=run_id)
    status = MatchRun.objects.filter(pk=run_id).values_list("status", flat=True).first()
    if not published and status in (MatchRun.Status.PENDING, MatchRun.Status.RUNNING):
        raise self.retry(countdown=5)
    if published:
        city_id = MatchRun.objects.filter(pk=run_id).values_list("city_id", flat=True).get()
        prune_runs.delay(city_id)
    return published


@shared_task(acks_late=True)
def prune_runs(city_id: int) -> int:
    """Delete a city's old runs once a new one is published."""
    return runs.match_runs_prune(city_id=city_id)


@shared_task(acks_late=True)
def run_all_cities_matching(concurrency: int | None = None) -> list[int]:
    """Nightly: start a run for every active pilot city with open vacancies, the biggest first.

    Biggest first, so the long runs start while the workers are free and the small cities fill the
    gaps at the end; each city uses at most `concurrency` workers (MATCHING_CITY_CONCURRENCY).
    """
    from django.db.models import Count, Q

    from pilots.models import PilotCity

    cities = (
        PilotCity.objects.filter(is_active=True)
        .annotate(open_vacancies=Count("vacancies", filter=Q(vacancies__status="open")))
        .filter(open_vacancies__gt=0)
        .order_by("-open_vacancies", "code")
        .values_list("id", flat=True)
    )
    started = []
    for city_id in cities:
        run_city_matching.delay(city_id, concurrency=concurrency)
        started.append(city_id)
    return started


@shared_task(acks_late=True, **RETRY)
def match_vacancy(vacancy_id: int) -> int:
    """Refresh a newly published vacancy's shortlist."""
    return runs.match_vacancy_refresh(vacancy_id=vacancy_id)


@shared_task(acks_late=True, **RETRY)
def match_worker(worker_id: int) -> int:
    """Refresh a changed worker's recommendations."""
    return runs.match_worker_refresh(worker_id=worker_id)


def _user(user_id: int):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk=user_id).first()


@shared_task(acks_late=True)
def refit_scoring_model() -> str | None:
    """Nightly, before the city runs: refit the re-ranking weights from factory HR feedback."""
    from matching.services.weights import scoring_model_refit

    model = scoring_model_refit()
    return model.version if model else None
