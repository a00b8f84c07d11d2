"""End-to-end city benchmark on PostgreSQL: load, score, store with COPY, publish; then the refresh paths.

Needs the benchmark city (`manage.py seed_benchmark_city`, 1,000,000 workers × 100,000 vacancies) in the
database that DATABASE_URL names. Run: `make bench-city` or `python -m bench.city --city 330200`.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import time
from pathlib import Path
from typing import Any


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrmatch.settings")
    import django

    django.setup()


def peak_rss_mib() -> float:
    """Peak resident memory of this process and of its finished children (the engine's pool), in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def cpu_seconds() -> dict[str, float]:
    """CPU seconds (user + system) of this process with its finished children (the engine's pool) and
    of its PostgreSQL backend (read from /proc: same machine; parallel index workers not included)."""
    from django.db import connection

    mine = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    backend = 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        backend = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:  # PostgreSQL on another machine
        backend = float("nan")
    python = mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime
    return {"python": python, "postgres": backend}


def database_sizes() -> dict[str, int]:
    """Bytes of the whole database and of the match table (all its partitions, with indexes)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_database_size(current_database()), COALESCE(SUM(pg_total_relation_size(c.oid)), 0) "
            "FROM pg_class c WHERE c.relname = 'matching_match' OR c.oid IN "
            "(SELECT inhrelid FROM pg_inherits WHERE inhparent = 'matching_match'::regclass)"
        )
        database, matches = cursor.fetchone()
    return {"database": int(database), "matches": int(matches)}


def one_night(city, night: int):
    """The whole city in one chunk through the services the Celery tasks call, then the nightly prune."""
    from matching.services import runs

    cpu_before, load_before = cpu_seconds(), os.getloadavg()[0]
    started = time.perf_counter()
    run = runs.match_run_start(city_id=city.pk, chunk_size=10**9)
    for chunk in run.chunks.all():
        runs.match_chunk_score(chunk_id=chunk.pk)
    t_publish = time.perf_counter()
    runs.match_run_publish(run_id=run.pk)
    publish_s = time.perf_counter() - t_publish
    total_s = time.perf_counter() - started
    cpu = {name: value - cpu_before[name] for name, value in cpu_seconds().items()}
    t_prune = time.perf_counter()
    pruned = runs.match_runs_prune(city_id=city.pk)
    prune_s = time.perf_counter() - t_prune
    run.refresh_from_db()
    sizes = database_sizes()
    print(
        f"\nnight {night}: city {city.name_zh}: {run.workers_count:,} workers × {run.vacancies_count:,} vacancies"
    )
    print(f"end to end: {total_s:.1f} s (target ≤ 150 s); peak RSS {peak_rss_mib():,.0f} MiB (target ≤ 4096)")
    print(
        f"CPU: {cpu['python']:.1f} s this process and its engine pool, {cpu['postgres']:.1f} s its PostgreSQL "
        f"backend; load average {load_before:.2f} at the start, {os.getloadavg()[0]:.2f} at the end"
    )
    for name, value in run.timings.items():
        print(f"  {name:>22}: {value}")
    print(f"  {'publish (incl. prune)':>22}: {publish_s:.2f} s")
    print(f"rows: {run.shortlist_rows:,} shortlist, {run.recommendation_rows:,} recommendations")
    print(
        f"prune of {pruned} old run(s): {prune_s:.2f} s; database {sizes['database'] / 2**30:.2f} GiB, "
        f"match rows {sizes['matches'] / 2**30:.2f} GiB"
    )
    return run, {"night": night, "total_s": total_s, "prune_s": prune_s, "pruned": pruned, **sizes}


def wait_for_autovacuum(run_id: int, limit_s: float = 900) -> None:
    """Let autovacuum finish with the last night's partition before the next night starts, as a day
    between nights would: PostgreSQL vacuums a freshly loaded partition (12.9 M rows) a minute or two
    after its COPY, and back to back that vacuum shares the two cores with the next night's engine."""
    from django.db import connection

    from matching.services.partitions import match_table

    table = match_table(run_id).strip('"').split(".")[-1]
    started = time.perf_counter()
    while time.perf_counter() - started < limit_s:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT coalesce(last_autovacuum, last_vacuum) IS NOT NULL FROM pg_stat_user_tables "
                "WHERE relname = %s",
                [table],
            )
            row = cursor.fetchone()
            # Any database's: another database's vacuum on this server takes the same cores.
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")
            busy = cursor.fetchone()[0]
        if (row is None or row[0]) and not busy:
            break
        time.sleep(5)
    print(f"\nwaited {time.perf_counter() - started:.0f} s for autovacuum of {table} before the next night")


def print_nights(nights: list[dict]) -> None:
    first = nights[0]
    print("\nnight | end to end | vs night 1 | prune | runs pruned | database | vs night 1 | match rows")
    for n in nights:
        print(
            f"{n['night']:>5} | {n['total_s']:8.1f} s | {n['total_s'] / first['total_s'] - 1:+9.1%} | "
            f"{n['prune_s']:5.2f} s | {n['pruned']:>11} | {n['database'] / 2**30:6.2f} GiB | "
            f"{n['database'] / first['database'] - 1:+9.1%} | {n['matches'] / 2**30:.2f} GiB"
        )


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--city", default="330200")
    parser.add_argument("--samples", type=int, default=50, help="refresh calls timed for each fast path")
    parser.add_argument("--store-rows", type=int, default=1_000_000)
    parser.add_argument(
        "--skip-run", action="store_true", help="measure storing and refreshing on the current run"
    )
    parser.add_argument(
        "--nights",
        type=int,
        default=1,
        help="consecutive nightly runs, each followed by the prune the nightly task runs (sizes and times)",
    )
    parser.add_argument(
        "--skip-refresh", action="store_true", help="only the run(s): no store/refresh timing"
    )
    return parser.parse_args()


def _print_setup() -> None:
    """The machine, the BLAS kernel, the engine's processes and the PostgreSQL settings that matter."""
    from django.db import connection
    from threadpoolctl import threadpool_info

    from matching.services import runs

    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    print(f"machine: {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}")
    for pool in threadpool_info():
        print(
            f"BLAS: {pool.get('internal_api')} {pool.get('version')} kernel={pool.get('architecture')} threads={pool.get('num_threads')}"
        )
    print(
        f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '')}, engine processes={runs.engine_params().n_jobs}"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT version(), current_setting('shared_buffers'), current_setting('max_wal_size')")
        version, shared_buffers, max_wal = cursor.fetchone()
    print(f"{version.split(' on ')[0]}, shared_buffers={shared_buffers}, max_wal_size={max_wal}")


def _measure_store(city: Any, n: int, rng: Any, vacancy_ids: Any, worker_ids: Any) -> None:
    """Storing ``n`` match rows with COPY, in a transaction rolled back afterwards."""
    import numpy as np
    from django.db import transaction

    from matching.engine.arrays import FEATURES
    from matching.models import MatchRun
    from matching.services.partitions import match_partition_create
    from matching.services.store import MatchRows, store_matches

    rows = MatchRows(
        direction="s",
        vacancy_ids=np.repeat(vacancy_ids[: max(1, n // 50)], 50)[:n],
        # 50 distinct workers per vacancy (a permutation read in order never repeats within 50 rows).
        worker_ids=np.resize(rng.permutation(worker_ids), n),
        rank=np.tile(np.arange(50, dtype=np.int16), n // 50 + 1)[:n],
        score=rng.random(n, dtype=np.float32),
        contributions=rng.random((n, len(FEATURES)), dtype=np.float32) / len(FEATURES),
        matched_required=rng.integers(0, 5, n).astype(np.int16),
        required_total=np.full(n, 5, dtype=np.int16),
        distance_km=rng.random(n, dtype=np.float32) * 30,
        pay_fit=rng.random(n, dtype=np.float32),
    )
    with transaction.atomic():
        scratch = MatchRun.objects.create(city=city, status=MatchRun.Status.FAILED)
        match_partition_create(run_id=scratch.pk)  # as a started run has (rolled back with the rest)
        t = time.perf_counter()
        written = store_matches(scratch.pk, rows)
        store_s = time.perf_counter() - t
        transaction.set_rollback(True)
    print(
        f"\nstore {written:,} match rows with COPY: {store_s:.2f} s ({written / store_s:,.0f} rows/s; target ≤ 10 s)"
    )


def _timed_ms(refresh: Any, ids: list[int]) -> list[float]:
    samples = []
    for one in ids:
        t = time.perf_counter()
        refresh(one)
        samples.append((time.perf_counter() - t) * 1000)
    return samples


def _measure_refresh(samples: int, rng: Any, vacancy_ids: Any, worker_ids: Any) -> None:
    """Refreshing one vacancy's shortlist and one worker's recommendations, stored."""
    from matching.services import runs

    sample_vacancies = rng.choice(vacancy_ids, size=samples + 1, replace=False).tolist()
    sample_workers = rng.choice(worker_ids, size=samples + 1, replace=False).tolist()
    t = time.perf_counter()
    runs.match_vacancy_refresh(vacancy_id=sample_vacancies[0])  # loads the city's state once per process
    warm_s = time.perf_counter() - t
    vacancy_ms = _timed_ms(lambda v: runs.match_vacancy_refresh(vacancy_id=v), sample_vacancies[1:])
    runs.match_worker_refresh(worker_id=sample_workers[0])
    worker_ms = _timed_ms(lambda w: runs.match_worker_refresh(worker_id=w), sample_workers[1:])
    print(f"\nfirst refresh in a fresh process (loads the city): {warm_s:.1f} s")
    print(
        f"vacancy shortlist refresh, computed and stored: p50 {statistics.median(vacancy_ms):.0f} ms, "
        f"p95 {percentile(vacancy_ms, 0.95):.0f} ms over {len(vacancy_ms)} (target p95 ≤ 100 ms)"
    )
    print(
        f"worker recommendations refresh, computed and stored: p50 {statistics.median(worker_ms):.0f} ms, "
        f"p95 {percentile(worker_ms, 0.95):.0f} ms over {len(worker_ms)} (target p95 ≤ 50 ms)"
    )


def main() -> None:
    args = _parse_args()
    _setup()

    import numpy as np
    from django.db import connection

    from enterprises.models import Vacancy
    from matching.models import CurrentRun, Match, MatchRun
    from pilots.models import PilotCity
    from talent.models import WorkerProfile

    if connection.vendor != "postgresql":
        raise SystemExit("bench.city measures PostgreSQL: set DATABASE_URL")
    city = PilotCity.objects.get(code=args.city)
    MatchRun.objects.filter(city=city, status__in=MatchRun.ACTIVE_STATUSES).update(
        status=MatchRun.Status.FAILED
    )
    _print_setup()

    if args.skip_run:
        run = MatchRun.objects.get(pk=CurrentRun.objects.get(city=city).run_id)
    else:
        nights = []
        current = CurrentRun.objects.filter(city=city).values_list("run_id", flat=True).first()
        for night in range(1, args.nights + 1):
            if night > 1 or current is not None:  # the last run's partition too, if one was published
                wait_for_autovacuum(run.pk if night > 1 else current)
            run, night_figures = one_night(city, night)
            nights.append(night_figures)
        if len(nights) > 1:
            print_nights(nights)
    if args.skip_refresh:
        return

    rng = np.random.default_rng(0)
    vacancy_ids = np.fromiter(Vacancy.objects.filter(city=city).values_list("id", flat=True), dtype=np.int64)
    worker_ids = np.fromiter(
        WorkerProfile.objects.filter(home_city=city).values_list("id", flat=True), dtype=np.int64
    )
    _measure_store(city, args.store_rows, rng, vacancy_ids, worker_ids)
    _measure_refresh(args.samples, rng, vacancy_ids, worker_ids)
    print(f"match rows now in the city's current run: {Match.objects.filter(run=run).count():,}")


if __name__ == "__main__":
    main()
