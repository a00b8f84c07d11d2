"""On PostgreSQL a run's match rows live in a partition of their own, created when the run starts and
dropped when the run is pruned; elsewhere the table is plain and pruning deletes rows."""

from __future__ import annotations

import pytest
from django.db import connection

from matching.models import Match, MatchRun
from matching.services import runs
from matching.services.partitions import is_partitioned, match_rows_drop, match_table, partition_name
from matching.tasks import run_city_matching
from tests.matching.city import build_small_city

pytestmark = pytest.mark.django_db


def partitions() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = 'matching_match'::regclass"
        )
        return {name for (name,) in cursor.fetchall()}


def rows_by_table(run_id: int) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text, count(*) FROM matching_match WHERE run_id = %s GROUP BY 1",
            [run_id],
        )
        return dict(cursor.fetchall())


@pytest.mark.postgres
def test_each_run_writes_into_its_own_partition_and_pruning_drops_it():
    small = build_small_city(workers=8)
    first = run_city_matching.delay(small.city.pk).get()
    assert is_partitioned()
    assert match_table(first) == partition_name(first)
    assert set(rows_by_table(first)) == {partition_name(first)}  # every row, both directions
    second = run_city_matching.delay(small.city.pk).get()
    third = run_city_matching.delay(small.city.pk).get()
    assert partition_name(first) not in partitions()
    assert {partition_name(second), partition_name(third), "matching_match_default"} <= partitions()
    assert not Match.objects.filter(run_id=first).exists()
    assert Match.objects.filter(run_id=third).exists()


@pytest.mark.postgres
def test_rows_of_a_run_without_a_partition_land_in_the_default_one_and_are_pruned_too():
    small = build_small_city(workers=4)
    run = MatchRun.objects.create(city=small.city)  # not started through match_run_start: no partition
    Match.objects.create(
        run=run, direction="s", vacancy=small.vacancies[0], worker=small.workers[0], rank=0, score=0.5
    )
    assert rows_by_table(run.pk) == {"matching_match_default": 1}
    match_rows_drop(run_ids=[run.pk])
    assert not Match.objects.filter(run=run).exists()


def test_pruning_keeps_the_current_and_previous_run_on_every_database():
    small = build_small_city(workers=6)
    ids = [run_city_matching.delay(small.city.pk).get() for _ in range(3)]
    assert runs.match_runs_prune(city_id=small.city.pk) == 0  # the task pruned after each publish
    assert set(MatchRun.objects.filter(city=small.city).values_list("id", flat=True)) == set(ids[1:])
    assert set(Match.objects.values_list("run_id", flat=True).distinct()) == set(ids[1:])


def test_a_failed_run_does_not_take_the_place_of_a_kept_one():
    """A run that failed between two nights stays while it is newer than the runs kept (for its error),
    and the current and previous published runs are kept beside it."""
    small = build_small_city(workers=6)
    first = run_city_matching.delay(small.city.pk).get()
    failed = runs.match_run_start(city_id=small.city.pk)
    runs.match_run_fail(run_id=failed.pk, error="worker lost")
    second = run_city_matching.delay(small.city.pk).get()
    assert set(MatchRun.objects.filter(city=small.city).values_list("id", flat=True)) == {
        first,
        failed.pk,
        second,
    }
    third = run_city_matching.delay(small.city.pk).get()
    assert set(MatchRun.objects.filter(city=small.city).values_list("id", flat=True)) == {second, third}
    assert set(Match.objects.values_list("run_id", flat=True).distinct()) == {second, third}


def indexes_of(table: str) -> set[tuple[str, str]]:
    """(CREATE [UNIQUE], what follows USING) of each index of a table."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [table])
        return {
            (definition.split(" INDEX ")[0], definition.split(" USING ", 1)[1])
            for (definition,) in cursor.fetchall()
        }


@pytest.mark.postgres
def test_a_run_loads_into_a_detached_table_that_publishing_indexes_and_attaches():
    small = build_small_city(workers=8)
    run = runs.match_run_start(city_id=small.city.pk)
    name = partition_name(run.pk)
    for chunk in run.chunks.all():
        runs.match_chunk_score(chunk_id=chunk.pk)
    assert name not in partitions() and indexes_of(name) == set()  # the COPY maintained no index
    assert not Match.objects.filter(run=run).exists()  # invisible to readers until published
    assert runs.match_run_publish(run_id=run.pk)
    assert name in partitions()
    # The same indexes as the parent's, adopted as partitions of the parent's indexes (none built twice).
    assert indexes_of(name) == indexes_of("matching_match") and len(indexes_of(name)) == 3
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE c.relkind = 'i' AND i.inhrelid IN (SELECT indexrelid FROM pg_index WHERE indrelid = %s::regclass)",
            [name],
        )
        assert cursor.fetchone()[0] == 3
    run.refresh_from_db()
    assert run.recommendation_rows == Match.objects.filter(run=run, direction="r").count() > 0
    assert run.shortlist_rows == Match.objects.filter(run=run, direction="s").count() > 0
