"""A real Celery worker against Redis and PostgreSQL, killed in the middle of a city run and restarted."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from matching.models import CurrentRun, Match, MatchChunk, MatchRun
from matching.services import runs
from matching.tasks import run_city_matching
from tests.matching.city import build_small_city

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.slow]


def database_url() -> str:
    s = connection.settings_dict
    return (
        f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    )


def start_worker(name: str, **extra_env: str) -> subprocess.Popen:
    env = (
        os.environ
        | extra_env
        | {
            "DATABASE_URL": database_url(),
            "CELERY_VISIBILITY_TIMEOUT": "5",  # a killed worker's message comes back after 5 s
            "CELERY_UNACKED_RESTORE_INTERVAL": "2",  # looked for every 2 s
            "MATCHING_CHUNK_VACANCIES": "3",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "hrmatch",
            "worker",
            "--concurrency=1",
            "--pool=prefork",
            f"--hostname={name}@%h",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        process.wait(timeout=30)


def scores(run_id: int) -> dict[tuple[str, int, int], tuple[int, float]]:
    return {
        (direction, vacancy, worker): (rank, round(score, 5))
        for direction, vacancy, worker, rank, score in Match.objects.filter(run_id=run_id).values_list(
            "direction", "vacancy_id", "worker_id", "rank", "score"
        )
    }


@pytest.fixture
def live_celery(eager_celery, settings):
    """Send tasks through Redis to real workers for the length of the test."""
    eager_celery.conf.task_always_eager = False
    eager_celery.conf.broker_transport_options = {"visibility_timeout": 5}
    with eager_celery.connection_for_write() as conn:
        conn.default_channel.client.flushdb()
    yield eager_celery
    eager_celery.conf.task_always_eager = True


def city_of_five_chunks():
    small = build_small_city(workers=40)
    for extra in range(4):  # more vacancies, so the run has several chunks of 3
        for vacancy in small.vacancies:
            vacancy.pk = None
            vacancy.external_ref = ""
            vacancy.title = f"{vacancy.title}{extra}"
            vacancy.save()
    return small


def reference_scores(city_id: int) -> tuple[int, dict]:
    """The same run scored in this process, published, for comparison."""
    reference = runs.match_run_start(city_id=city_id)
    for chunk in reference.chunks.all():
        runs.match_chunk_score(chunk_id=chunk.pk)
    assert runs.match_run_publish(run_id=reference.pk)
    return reference.pk, scores(reference.pk)


def workers_answering() -> int:
    """How many workers answer a ping, asked from a separate process.

    Pinging from the test process would leave a broker connection with a reply consumer in flight in
    the app's pool; kombu closes pooled connections in every forked child, so a later engine test that
    forks its process pool would hang in that child reading a reply that never comes.
    """
    answer = subprocess.run(
        [sys.executable, "-m", "celery", "-A", "hrmatch", "inspect", "ping", "--json", "--timeout", "1"],
        cwd=ROOT,
        env=os.environ | {"DATABASE_URL": database_url()},
        capture_output=True,
        text=True,
        timeout=60,
    )
    for line in reversed(answer.stdout.strip().splitlines()):
        try:
            return len(json.loads(line))
        except ValueError:
            continue
    return 0


def wait_for_workers(app, count: int, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if workers_answering() >= count:
            return
        time.sleep(0.5)
    raise AssertionError(f"{count} workers did not answer within {seconds} s")


def test_two_workers_on_separate_hosts_share_one_run_and_publish_exactly_one_result(
    transactional_db, live_celery, settings
):
    settings.MATCHING_CHUNK_VACANCIES = 3
    small = city_of_five_chunks()
    reference_id, expected = reference_scores(small.city.pk)
    # Two lanes for the city: each worker takes one and scores its chunks one after another.
    workers = [start_worker(name, MATCHING_CITY_CONCURRENCY="2") for name in ("alpha", "beta")]
    try:
        wait_for_workers(live_celery, 2)
        run_city_matching.delay(small.city.pk)
        deadline = time.monotonic() + 180
        run = None
        while time.monotonic() < deadline:
            run = MatchRun.objects.exclude(pk=reference_id).filter(city=small.city).first()
            if run and run.status in (MatchRun.Status.PUBLISHED, MatchRun.Status.FAILED):
                break
            time.sleep(0.25)
    finally:
        for worker in workers:
            stop(worker)

    assert run is not None and run.status == MatchRun.Status.PUBLISHED, run and run.error
    chunks = list(MatchChunk.objects.filter(run=run).values_list("scored_by", "attempts", "status"))
    assert len(chunks) == run.chunks_total == run.chunks_done == 5
    hosts = {scored_by.split("@")[0] for scored_by, _, _ in chunks}
    assert hosts == {"alpha", "beta"}  # both workers took chunks of the one run
    assert all(attempts == 1 and status == "done" for _, attempts, status in chunks)  # each scored once
    assert MatchRun.objects.filter(city=small.city, status=MatchRun.Status.PUBLISHED).count() == 1
    assert CurrentRun.objects.get(city=small.city).run_id == run.pk
    published = scores(run.pk)
    assert len(published) == Match.objects.filter(run=run).count()  # no pair twice
    assert published == expected


def test_a_killed_worker_loses_no_chunk_writes_no_duplicate_and_publishes_the_in_process_result(
    transactional_db, live_celery, settings
):
    settings.MATCHING_CHUNK_VACANCIES = 3
    small = city_of_five_chunks()  # enough chunks to be killed in the middle
    reference_id, expected = reference_scores(small.city.pk)

    first = start_worker("first")
    second = None
    try:
        run_city_matching.delay(small.city.pk)
        deadline = time.monotonic() + 120
        run = None
        while time.monotonic() < deadline:
            run = MatchRun.objects.exclude(pk=reference_id).filter(city=small.city).first()
            if run and 1 <= run.chunks_done < run.chunks_total:
                break
            time.sleep(0.02)
        assert run is not None and run.chunks_done < run.chunks_total, "the run finished before the kill"
        stop(first, signal.SIGKILL)  # the whole worker, pool child included: nothing is acknowledged
        killed_at = MatchRun.objects.get(pk=run.pk).chunks_done

        second = start_worker("second")
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            run.refresh_from_db()
            if run.status in (MatchRun.Status.PUBLISHED, MatchRun.Status.FAILED):
                break
            time.sleep(0.25)
        assert run.status == MatchRun.Status.PUBLISHED, run.error
    finally:
        stop(first, signal.SIGKILL)
        if second is not None:
            stop(second)

    assert killed_at < run.chunks_total
    assert MatchChunk.objects.filter(run=run, status="done").count() == run.chunks_total == run.chunks_done
    assert CurrentRun.objects.get(city=small.city).run_id == run.pk
    published = scores(run.pk)
    assert len(published) == Match.objects.filter(run=run).count()  # no pair twice
    assert published == expected
