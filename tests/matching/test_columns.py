import datetime as dt

import numpy as np
import pytest
from django.db import connection

from matching.columns import Column, _annotated, _read_binary_copy, _read_values, read_columns
from matching.engine.arrays import FEATURES
from matching.loaders import load_taxonomy, load_vacancies, load_workers, vacancy_queryset, worker_queryset
from matching.models import Match, MatchRun
from matching.services.store import MatchRows, _bulk_create, _copy_binary
from talent.models import WorkerProfile
from tests.matching.city import build_small_city

pytestmark = pytest.mark.django_db

COLUMNS = {
    "id": Column("id", "int"),
    "occupation": Column("primary_occupation_id", "int"),
    "lat": Column("latitude", "float"),
    "relocate": Column("willing_to_relocate", "bool", False),
    "available": Column("available_from", "date"),
    "pay": Column("desired_pay", "int"),
}


def test_columns_come_back_typed_with_nulls_replaced():
    small = build_small_city(workers=5)
    WorkerProfile.objects.filter(pk=small.workers[0].pk).update(desired_pay=None, primary_occupation=None)
    columns = read_columns(WorkerProfile.objects.order_by("id"), COLUMNS)
    assert columns["id"].dtype == np.int64 and columns["lat"].dtype == np.float64
    assert columns["relocate"].dtype == np.bool_ and columns["available"].dtype == np.int32
    first = np.flatnonzero(columns["id"] == small.workers[0].pk)[0]
    assert columns["pay"][first] == 0 and columns["occupation"][first] == 0
    assert columns["available"][first] == (dt.date(2026, 1, 1) - dt.date(1970, 1, 1)).days


@pytest.mark.postgres
def test_binary_copy_reads_exactly_what_values_reads():
    build_small_city(workers=12)
    rows = _annotated(WorkerProfile.objects.all(), COLUMNS)
    by_copy = _read_binary_copy(rows, COLUMNS, connection)
    by_values = _read_values(rows, COLUMNS)
    order_c, order_v = np.argsort(by_copy["id"]), np.argsort(by_values["id"])
    for name in COLUMNS:
        np.testing.assert_array_equal(by_copy[name][order_c], by_values[name][order_v])


@pytest.mark.postgres
def test_binary_copy_stores_the_same_rows_as_bulk_create():
    small = build_small_city(workers=10)
    index = load_taxonomy()
    workers = load_workers(worker_queryset(small.city.pk), index)
    vacancies = load_vacancies(vacancy_queryset(small.city.pk), index)
    n = 6
    rows = MatchRows(
        direction="s",
        vacancy_ids=np.repeat(vacancies.ids[:2], 3),
        worker_ids=np.tile(workers.ids[:3], 2),
        rank=np.tile(np.arange(3, dtype=np.int16), 2),
        score=np.linspace(0.1, 0.9, n).astype(np.float32),
        contributions=np.full((n, len(FEATURES)), 0.05, dtype=np.float32),
        matched_required=np.arange(n, dtype=np.int16) % 4,
        required_total=np.full(n, 3, dtype=np.int16),
        distance_km=np.linspace(1, 6, n).astype(np.float32),
        pay_fit=np.ones(n, dtype=np.float32),
    )
    copied, created = (
        MatchRun.objects.create(city=small.city),
        MatchRun.objects.create(city=small.city, status="failed"),
    )
    assert _copy_binary(copied.pk, rows) == n
    assert _bulk_create(created.pk, rows) == n
    fields = [
        "direction",
        "vacancy_id",
        "worker_id",
        "rank",
        "score",
        *Match.PART_FIELDS,
        "matched_required",
        "required_total",
        "distance_km",
        "pay_fit",
    ]

    def table(run):
        return sorted(Match.objects.filter(run=run).values_list(*fields))

    assert table(copied) == table(created)


def test_a_query_that_matches_nothing_reads_as_empty_columns():
    build_small_city(workers=3)
    columns = read_columns(WorkerProfile.objects.filter(pk__in=[]), COLUMNS)
    assert set(columns) == set(COLUMNS)
    assert all(len(values) == 0 for values in columns.values())
    assert columns["lat"].dtype == np.float64 and columns["available"].dtype == np.int32
