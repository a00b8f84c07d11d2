"""Match runs: start one per city, score its chunks, publish it whole, refresh single vacancies and workers.

A city's readers always see one complete run: chunks write their rows under the new run, and the
city's CurrentRun pointer moves to it in one transaction at the end. Every step is safe to run twice:
a chunk is claimed and marked done in the same transaction as its rows, publishing is a conditional
update, and a second start for a city fails on the partial unique index of active runs.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Generator
from contextlib import closing
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from hrmatch.actors import Actor, person_of
from hrmatch.memory import release_free_memory
from matching.engine.arrays import PairSet
from matching.engine.prepare import PreparedVacancies, PreparedWorkers, prepare_vacancies, prepare_workers
from matching.engine.scoring import MatchParams, matching_stages, recommend_for_worker, shortlist_for_vacancy
from matching.loaders import (
    TaxonomyIndex,
    load_taxonomy,
    load_vacancies,
    load_workers,
    vacancy_queryset,
    worker_queryset,
)
from matching.models import CurrentRun, Match, MatchChunk, MatchRun
from matching.notices import tell_run_ended
from matching.services.baselines import shortlists_changed
from matching.services.partitions import (
    match_partition_attach,
    match_partition_create,
    match_rows_analyze,
    match_rows_drop,
    match_table,
)
from matching.services.store import MatchRows, store_matches
from matching.services.weights import active_weights, weights_of

logger = logging.getLogger(__name__)

# The engine's own steps (wall seconds inside "score"), kept on the chunk beside its laps.
ENGINE_STEPS = ("prepare", "spatial_index", "candidates_and_rerank", "select_outputs", "explain")
KEEP_RUNS = 2  # published runs kept per city: the current one and the one before it
Status = MatchRun.Status


class RunAlreadyActive(Exception):
    """A city already has a run waiting, running or publishing."""

    def __init__(self, run: MatchRun) -> None:
        super().__init__(f"match run {run.pk} for city {run.city_id} is {run.status}")
        self.run = run


def engine_params() -> MatchParams:
    """Run sizes; one process per task, because Celery's pool already runs tasks side by side."""
    return MatchParams(n_jobs=settings.MATCHING_ENGINE_JOBS)


def match_run_start(*, city_id: int, actor: Actor | None = None, chunk_size: int | None = None) -> MatchRun:
    """Create a run and its chunks for a city's open vacancies; raise RunAlreadyActive if one is under way."""
    _weights, model = active_weights()
    try:
        with transaction.atomic():
            run = MatchRun.objects.create(
                city_id=city_id, status=Status.PENDING, scoring_model=model, requested_by=person_of(actor)
            )
    except IntegrityError:
        active = MatchRun.objects.filter(city_id=city_id, status__in=MatchRun.ACTIVE_STATUSES).first()
        if active is None:  # it finished between the insert and this read: try once more
            return match_run_start(city_id=city_id, actor=actor, chunk_size=chunk_size)
        raise RunAlreadyActive(active) from None
    match_partition_create(run_id=run.pk)
    chunk_size = chunk_size or settings.MATCHING_CHUNK_VACANCIES
    ids = list(vacancy_queryset(city_id).order_by("id").values_list("id", flat=True))
    chunks = [
        MatchChunk(run=run, index=i, vacancy_ids=ids[start : start + chunk_size])
        for i, start in enumerate(range(0, len(ids), chunk_size))
    ]
    MatchChunk.objects.bulk_create(chunks)
    MatchRun.objects.filter(pk=run.pk).update(
        chunks_total=len(chunks), vacancies_count=len(ids), workers_count=worker_queryset(city_id).count()
    )
    run.refresh_from_db()
    return run


class Stopwatch:
    """Seconds spent in each named step, for the chunk's timings."""

    def __init__(self) -> None:
        self.start = self.last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self.last, 4)
        self.last = now

    @property
    def total(self) -> float:
        return round(time.perf_counter() - self.start, 4)


@dataclass
class _CityState:
    """What a worker process keeps between tasks on one run: loading a city's workers takes seconds.

    The refresh tasks reuse it too; workers who changed since are refreshed by their own task.
    """

    key: tuple[int, float]
    index: TaxonomyIndex
    workers: PreparedWorkers
    vacancies: PreparedVacancies | None = None
    vacancies_at: float = 0.0


_cache: dict[int, _CityState] = {}
VACANCY_CACHE_SECONDS = 300


def _city_state(run: MatchRun) -> _CityState:
    key = (run.pk, run.created_at.timestamp())
    state = _cache.get(run.city_id)
    if state is None or state.key != key:
        state = None
        _cache.clear()  # before loading, so a new run's city never sits in memory beside the old one
        index = load_taxonomy(city_id=run.city_id)
        arrays = load_workers(worker_queryset(run.city_id), index)
        state = _CityState(key=key, index=index, workers=prepare_workers(arrays, index.taxonomy))
        _cache[run.city_id] = state  # one city at a time per process keeps memory bounded
        release_free_memory()  # the load's buffers and the last city's arrays, before a pool forks
    return state


def _city_vacancies(run: MatchRun, state: _CityState) -> PreparedVacancies:
    if state.vacancies is None or time.monotonic() - state.vacancies_at > VACANCY_CACHE_SECONDS:
        arrays = load_vacancies(vacancy_queryset(run.city_id), state.index)
        state.vacancies = prepare_vacancies(arrays, state.workers.basis)
        state.vacancies_at = time.monotonic()
    return state.vacancies


def match_chunk_score(*, chunk_id: int, scored_by: str = "") -> bool:
    """Score one chunk and store its rows; returns False when it was already done (a repeated delivery).

    `scored_by` names the Celery worker (its hostname) that scored it, kept on the chunk.
    """
    chunk = MatchChunk.objects.select_related("run").get(pk=chunk_id)
    run = chunk.run
    if chunk.status == MatchChunk.Status.DONE or run.status not in (Status.PENDING, Status.RUNNING):
        return False
    MatchRun.objects.filter(pk=run.pk, status=Status.PENDING).update(
        status=Status.RUNNING, started_at=timezone.now()
    )
    MatchChunk.objects.filter(pk=chunk.pk).update(
        status=MatchChunk.Status.RUNNING, attempts=F("attempts") + 1
    )
    clock = Stopwatch()
    state = _city_state(run)
    clock.lap("load_workers")
    vacancies = load_vacancies(vacancy_queryset(run.city_id).filter(id__in=chunk.vacancy_ids), state.index)
    prepared = prepare_vacancies(vacancies, state.workers.basis)
    clock.lap("load_vacancies")
    # The engine yields the shortlists, then the recommendations: with a pool it explains the
    # recommendations while the shortlists are stored here.
    engine_timings: dict[str, float] = {}
    stages = matching_stages(
        state.workers,
        prepared,
        state.index.taxonomy,
        weights_of(run.scoring_model),
        params=engine_params(),
        timings=engine_timings,
    )
    output = _ChunkOutput(run.pk, vacancies.ids, state.workers.arrays.ids, state.index.occupation_ids)
    with closing(stages):
        shortlists = next(stages)
        clock.lap("score")
        if not _chunk_write(chunk, output, stages, shortlists, clock, engine_timings, scored_by):
            return False
    release_free_memory()  # the chunk's pairs: a worker that runs on should not carry them as free heap
    return True


@dataclass(frozen=True)
class _ChunkOutput:
    """Where a chunk's pairs go: its run, and the database ids behind the engine's array positions."""

    run_id: int
    vacancy_ids: np.ndarray
    worker_ids: np.ndarray
    occupation_ids: np.ndarray

    def store(self, direction: str, pairs: PairSet) -> int:
        rows = MatchRows.from_pairs(direction, pairs, self.vacancy_ids, self.worker_ids, self.occupation_ids)
        return store_matches(self.run_id, rows)


def _chunk_write(
    chunk: MatchChunk,
    output: _ChunkOutput,
    stages: Generator[PairSet, None, None],
    shortlists: PairSet,
    clock: Stopwatch,
    engine_timings: dict[str, float],
    scored_by: str,
) -> bool:
    """In one transaction: claim the chunk, store its shortlists, take and store its recommendations
    (explained meanwhile), and count them on the run; False when another delivery stored it first."""
    with transaction.atomic():
        # The claim locks the chunk row: a second delivery waits here, then finds it done and writes nothing.
        claimed = (
            MatchChunk.objects.filter(pk=chunk.pk)
            .exclude(status=MatchChunk.Status.DONE)
            .update(status=MatchChunk.Status.DONE)
        )
        if not claimed:
            return False
        shortlist = output.store(Match.Direction.SHORTLIST, shortlists)
        del shortlists
        clock.lap("store_shortlists")
        pairs = next(stages)
        clock.lap("explain_recommendations")
        recommendations = output.store(Match.Direction.RECOMMENDATION, pairs)
        del pairs
        clock.lap("store_recommendations")
        steps = {
            f"score_{step}": round(engine_timings[step], 4) for step in ENGINE_STEPS if step in engine_timings
        }
        MatchChunk.objects.filter(pk=chunk.pk).update(
            seconds=clock.total, timings={**clock.laps, **steps}, scored_by=scored_by[:100]
        )
        MatchRun.objects.filter(pk=chunk.run_id).update(
            chunks_done=F("chunks_done") + 1,
            shortlist_rows=F("shortlist_rows") + shortlist,
            recommendation_rows=F("recommendation_rows") + recommendations,
        )
    return True


def _prune_recommendations(run_id: int, keep: int, worker_ids: list[int] | None = None) -> int:
    """Keep each worker's best `keep` recommendations of a run across its chunks and renumber their
    ranks; returns how many rows were deleted."""
    table = match_table(run_id)
    scope = ""
    params: list[int] = [run_id]
    if worker_ids is not None:
        scope = f" AND worker_id IN ({', '.join(['%s'] * len(worker_ids))})"
        params += worker_ids
    ranked = (
        f"SELECT id, ROW_NUMBER() OVER (PARTITION BY worker_id ORDER BY score DESC, vacancy_id) - 1 AS rn "
        f"FROM {table} WHERE run_id = %s AND direction = 'r'{scope}"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE id IN (SELECT id FROM ({ranked}) ranked WHERE rn >= %s)",
            [*params, keep],
        )
        deleted = max(0, int(cursor.rowcount))
        cursor.execute(
            f"UPDATE {table} SET rank = ranked.rn FROM ({ranked}) ranked WHERE {table}.id = ranked.id AND {table}.rank <> ranked.rn",
            params,
        )
    return deleted


def match_run_publish(*, run_id: int) -> bool:
    """Make a fully scored run the city's current one; False if chunks are missing or it is not running."""
    run = MatchRun.objects.get(pk=run_id)
    if run.status == Status.PUBLISHED:
        return False
    if MatchChunk.objects.filter(run=run).exclude(status=MatchChunk.Status.DONE).exists():
        return False
    with transaction.atomic():
        if not MatchRun.objects.filter(pk=run.pk, status__in=(Status.PENDING, Status.RUNNING)).update(
            status=Status.PUBLISHING
        ):
            return False
        # One chunk holds every candidate of the run: the engine already kept each worker's best and
        # ranked them as the prune would. Across chunks a worker's lists are cut back here, on the run's
        # table before its indexes exist; then the indexes are built and it becomes the run's partition.
        removed = 0
        if run.chunks_total > 1:
            removed = _prune_recommendations(run.pk, engine_params().recommendations)
        match_partition_attach(run_id=run.pk)
        now = timezone.now()
        previous = CurrentRun.objects.select_for_update().filter(city_id=run.city_id).first()
        if previous:
            MatchRun.objects.filter(pk=previous.run_id).update(status=Status.SUPERSEDED)
        CurrentRun.objects.update_or_create(city_id=run.city_id, defaults={"run": run, "published_at": now})
        steps: dict[str, float] = {}
        chunk_seconds = []
        for seconds, laps in MatchChunk.objects.filter(run=run).values_list("seconds", "timings"):
            chunk_seconds.append(seconds or 0.0)
            for name, value in (laps or {}).items():
                steps[name] = round(steps.get(name, 0.0) + value, 4)
        MatchRun.objects.filter(pk=run.pk).update(
            status=Status.PUBLISHED,
            finished_at=now,
            recommendation_rows=F("recommendation_rows") - removed,
            timings={
                **steps,
                "chunks_total_s": round(sum(chunk_seconds), 3),
                "chunk_max_s": round(max(chunk_seconds, default=0.0), 3),
                "wall_s": round((now - (run.started_at or run.created_at)).total_seconds(), 3),
            },
        )
        run.status = Status.PUBLISHED
        tell_run_ended(run)
    # Millions of rows just arrived: without fresh statistics the planner reads them as an empty table
    # and the refresh paths' window queries fall back to scans until autovacuum catches up.
    match_rows_analyze(run.pk)
    return True


@transaction.atomic
def match_run_fail(*, run_id: int, error: str) -> None:
    """Mark a run failed so the city can start another; the current run stays visible; whoever started
    it is told (once: a second failure report finds the run already failed)."""
    if MatchRun.objects.filter(pk=run_id, status__in=MatchRun.ACTIVE_STATUSES).update(
        status=Status.FAILED, error=error[:2000], finished_at=timezone.now()
    ):
        tell_run_ended(MatchRun.objects.select_related("city").get(pk=run_id))


def match_runs_prune(*, city_id: int, keep: int = KEEP_RUNS) -> int:
    """Delete a city's old runs (and their rows), keeping the newest `keep` published or superseded ones.

    A failed run does not count as one kept: it stays (for its error) while it is newer than the oldest
    run kept, and goes with the runs of its time."""
    finished = MatchRun.objects.filter(city_id=city_id).exclude(status__in=MatchRun.ACTIVE_STATUSES)
    kept_runs = list(
        finished.filter(status__in=(Status.PUBLISHED, Status.SUPERSEDED))
        .order_by("-created_at", "-id")
        .values_list("id", "created_at")[:keep]
    )
    kept = {run_id for run_id, _ in kept_runs}
    current = CurrentRun.objects.filter(city_id=city_id).values_list("run_id", flat=True).first()
    if current is not None:
        kept.add(current)
    oldest = min((created for _, created in kept_runs), default=None)
    old = [
        run_id
        for run_id, status, created in finished.values_list("id", "status", "created_at")
        if run_id not in kept and (status != Status.FAILED or (oldest is not None and created < oldest))
    ]
    if not old:
        return 0
    match_rows_drop(run_ids=old)
    MatchRun.objects.filter(id__in=old).delete()
    return len(old)


def _current_run(city_id: int) -> MatchRun | None:
    pointer = CurrentRun.objects.select_related("run").filter(city_id=city_id).first()
    return pointer.run if pointer else None


def match_vacancy_refresh(*, vacancy_id: int) -> int:
    """Recompute one vacancy's shortlist into its city's current run (and its place in workers' lists)."""
    from enterprises.models import Vacancy

    city_id = Vacancy.objects.filter(pk=vacancy_id).values_list("city_id", flat=True).first()
    run = _current_run(city_id) if city_id else None
    if run is None or city_id is None:
        return 0
    state = _city_state(run)
    state.vacancies = None  # the vacancy set changed
    arrays = load_vacancies(vacancy_queryset(city_id).filter(pk=vacancy_id), state.index)
    rows = None
    if len(arrays):
        weights, _ = active_weights()
        pairs = shortlist_for_vacancy(
            state.workers, arrays, state.index.taxonomy, weights, params=engine_params()
        )
        rows = MatchRows.from_pairs(
            Match.Direction.SHORTLIST, pairs, arrays.ids, state.workers.arrays.ids, state.index.occupation_ids
        )
    with transaction.atomic():
        shortlists_changed([run.pk])
        Match.objects.filter(
            run_id=run.pk, direction=Match.Direction.SHORTLIST, vacancy_id=vacancy_id
        ).delete()
        if rows is None:
            return 0
        written = store_matches(run.pk, rows)
        # The shortlisted workers may now have this vacancy among their best: replace their row for it,
        # then cut each list back. (Other workers keep theirs until the nightly run.)
        affected = np.unique(rows.worker_ids).tolist()
        Match.objects.filter(
            run_id=run.pk,
            direction=Match.Direction.RECOMMENDATION,
            worker_id__in=affected,
            vacancy_id=vacancy_id,
        ).delete()
        store_matches(run.pk, MatchRows(**{**rows.__dict__, "direction": Match.Direction.RECOMMENDATION}))
        for start in range(0, len(affected), 500):
            _prune_recommendations(run.pk, engine_params().recommendations, affected[start : start + 500])
    return written


def match_worker_refresh(*, worker_id: int) -> int:
    """Recompute one worker's recommendations in their city's current run."""
    from talent.models import WorkerProfile

    city_id = WorkerProfile.objects.filter(pk=worker_id).values_list("home_city_id", flat=True).first()
    run = _current_run(city_id) if city_id else None
    if run is None:
        return 0
    state = _city_state(run)
    worker = load_workers(WorkerProfile.objects.filter(pk=worker_id), state.index)
    vacancies = _city_vacancies(run, state)
    rows = None
    if len(vacancies) and bool(worker.eligible[0]):
        weights, _ = active_weights()
        pairs = recommend_for_worker(worker, vacancies, state.index.taxonomy, weights, params=engine_params())
        rows = MatchRows.from_pairs(
            Match.Direction.RECOMMENDATION,
            pairs,
            vacancies.arrays.ids,
            worker.ids,
            state.index.occupation_ids,
        )
    with transaction.atomic():
        Match.objects.filter(
            run_id=run.pk, worker_id=worker_id, direction=Match.Direction.RECOMMENDATION
        ).delete()
        return store_matches(run.pk, rows) if rows is not None else 0
