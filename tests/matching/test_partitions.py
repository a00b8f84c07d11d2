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
