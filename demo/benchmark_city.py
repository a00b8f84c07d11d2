"""A benchmark-sized city (a million workers, a hundred thousand vacancies) bulk-loaded with PostgreSQL COPY.

Every column is drawn as a numpy array from one seed and written as tab-separated text (binary for the
worker skills), a chunk at a time, so memory stays flat and the COPY, not Python, sets the pace. Rows
are told apart from real ones by their keys, which carry the seed and the city:

- workers: ``external_ref = "bench:{seed}:{i}"`` in their home city;
- vacancies: ``external_ref = "bench:{seed}:{city}:{i}"`` (the column is unique across cities);
- enterprises and agencies: credit codes ``91{city}Y…`` and ``91{city}X…`` whose next three characters
  spell the seed, a form the hand-made and demo codes (all digits after the division code) never take.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from agencies.models import Agency, AgencyClient
from demo.bulk_copy import (
    BenchKeys,
    Progress,
    Writer,
    delete_bench_rows,
    existing_bench_rows,
    reserve_ids,
)
from demo.bulk_reference import (
    MAX_SEED,
    load_city_reference,
)
from demo.bulk_tables import BenchmarkCity
from enterprises.credit_codes import ALPHABET
from enterprises.models import Enterprise, Vacancy, VacancySkill
from pilots.models import PilotCity
from talent.models import WorkerProfile, WorkerSkill

CHUNK_ROWS = 100_000


def _checked_sizes(
    *, seed: int, workers: int, vacancies: int, enterprises: int | None, agencies: int | None
) -> tuple[int, int]:
    """Refuse what cannot be loaded; the enterprises and agencies to create (defaults: one per 20
    vacancies, one per 3,300 workers)."""
    if connection.vendor != "postgresql":
        raise CommandError(
            "seed_benchmark_city bulk-loads with PostgreSQL COPY and runs only on PostgreSQL: "
            "set DATABASE_URL=postgres://… (it is not available on SQLite)."
        )
    if not 0 <= seed <= MAX_SEED:
        raise CommandError(
            f"The seed must be between 0 and {MAX_SEED} (it is written into the credit codes)."
        )
    if workers < 1 or vacancies < 1:
        raise CommandError("A benchmark city needs at least one worker and one vacancy.")
    n_enterprises = enterprises if enterprises is not None else max(5, round(vacancies / 20))
    n_agencies = agencies if agencies is not None else max(3, round(workers / 3_300))
    if n_enterprises > len(ALPHABET) ** 5 or n_agencies > len(ALPHABET) ** 5:
        raise CommandError("Too many enterprises or agencies for the credit-code serial.")
    return n_enterprises, n_agencies


def _city_and_keys(*, city_code: str, seed: int, replace: bool) -> tuple[PilotCity, BenchKeys, bool]:
    """The city, the keys of the seed's rows in it, and whether a previous load is there (refused unless
    `replace`)."""
    city = PilotCity.objects.filter(code=city_code).first()
    if city is None:
        raise CommandError(f"No pilot city {city_code}: run `manage.py load_reference` first.")
    keys = BenchKeys(city_id=city.id, city_code=city.code, seed=seed)
    found = existing_bench_rows(keys)
    if any(found.values()) and not replace:
        tables = ", ".join(table for table, present in found.items() if present)
        raise CommandError(
            f"{city.name_zh} ({city.code}) already holds seed-{seed} benchmark rows ({tables}). "
            "Run again with --replace to delete them first, or choose another seed."
        )
    return city, keys, any(found.values())


def _analyze_written() -> float:
    """ANALYZE every table the load wrote, so the planner sees the new rows; returns the seconds."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for model in (Agency, Enterprise, AgencyClient, Vacancy, VacancySkill, WorkerProfile, WorkerSkill):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    return time.perf_counter() - started


def build_benchmark_city(
    *,
    city_code: str,
    workers: int,
    vacancies: int,
    seed: int,
    stdout: Writer | None,
    replace: bool = False,
    enterprises: int | None = None,
    agencies: int | None = None,
    chunk_rows: int = CHUNK_ROWS,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Bulk-load one seed's benchmark city in a single transaction and ANALYZE the tables it wrote.

    Enterprises default to one per 20 vacancies and agencies to one per 3,300 workers (a few hundred
    for a million). `now` fixes the dates (published_at, start dates…) so two runs can be compared
    row for row. Returns the rows written, the seconds per table and in total.
    """
    n_enterprises, n_agencies = _checked_sizes(
        seed=seed, workers=workers, vacancies=vacancies, enterprises=enterprises, agencies=agencies
    )
    city, keys, previous_load = _city_and_keys(city_code=city_code, seed=seed, replace=replace)
    progress = Progress(stdout)
    ref = load_city_reference(city)
    now = now or timezone.now()
    started = time.perf_counter()
    progress.say(
        f"Benchmark city {city.name_zh} ({city.code}), seed {seed}: {workers:,} workers, {vacancies:,} vacancies, "
        f"{n_enterprises:,} enterprises, {n_agencies:,} agencies; {len(ref.occupation_ids)} occupations with "
        f"{len(ref.links.skill):,} skill links."
    )
    ids = reserve_ids(
        [(Agency, n_agencies), (Enterprise, n_enterprises), (Vacancy, vacancies), (WorkerProfile, workers)]
    )
    deleted: dict[str, int] = {}
    builder = BenchmarkCity(
        ref,
        keys,
        workers=workers,
        vacancies=vacancies,
        enterprises=n_enterprises,
        agencies=n_agencies,
        chunk_rows=chunk_rows,
        now=now,
        progress=progress,
    )
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Check foreign keys row by row as COPY goes (Django declares them DEFERRABLE INITIALLY DEFERRED):
            # millions of queued checks would otherwise pile up in memory and all run at COMMIT.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET LOCAL synchronous_commit = off")
        if previous_load:
            deleted = delete_bench_rows(keys, progress)
        agency_ids, licensed = builder.agencies(ids[Agency])
        built = builder.enterprises(ids[Enterprise], agency_ids, licensed)
        builder.vacancies(ids[Vacancy], built)
        builder.workers(ids[WorkerProfile], agency_ids)
        commit_started = time.perf_counter()
    commit_seconds = time.perf_counter() - commit_started
    analyze_seconds = _analyze_written()
    total = time.perf_counter() - started
    progress.say(f"commit {commit_seconds:.1f} s, ANALYZE {analyze_seconds:.1f} s; total {total:.1f} s")
    return {
        "city": city.code,
        "seed": seed,
        "rows": dict(progress.rows),
        "seconds": {table: round(s, 2) for table, s in progress.seconds.items()},
        "copy_seconds": {table: round(s, 2) for table, s in progress.copy_seconds.items()},
        "deleted": deleted,
        "commit_seconds": round(commit_seconds, 2),
        "analyze_seconds": round(analyze_seconds, 2),
        "total_seconds": round(total, 2),
    }
