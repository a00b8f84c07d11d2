"""The national night: every pilot city's run queued by beat's task, scored by real Celery workers.

`python -m bench.national --seed-cities` bulk-loads all 39 pilot cities at varied sizes (scaled to the
machine by --workers-total); `python -m bench.national --workers 2` then starts that many Celery
worker processes (one process each, separate hostnames, as separate machines would be), queues
run_all_cities_matching, waits for every run, and prints the time per city, the total, and the
projection to N worker machines. Needs DATABASE_URL (PostgreSQL) and REDIS_URL.

City sizes: the ten biggest manufacturing labour markets among the pilots weigh 4, the other eastern
cities 2, central, western and north-eastern cities 1; a city has a tenth as many open vacancies as
workers (the benchmark city's ratio).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIGGEST = {"440300", "320500", "330200", "310000", "440100", "120000", "110000", "500000", "510100", "440600"}


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrmatch.settings")
    import django

    django.setup()


def city_sizes(total_workers: int) -> list[tuple[str, str, int, int]]:
    """(code, name, workers, vacancies) of every active pilot city, by the weights above."""
    from pilots.models import PilotCity

    cities = list(
        PilotCity.objects.filter(is_active=True).order_by("code").values_list("code", "name_zh", "region")
    )
    weights = [4 if code in BIGGEST else 2 if region == "east" else 1 for code, _, region in cities]
    unit = total_workers / sum(weights)
    sizes = []
    for (code, name, _), weight in zip(cities, weights, strict=True):
        workers = int(unit * weight)
        sizes.append((code, name, workers, max(1, workers // 10)))
    return sizes


def seed_cities(total_workers: int) -> None:
    from django.core.management import call_command

    for number, (code, name, workers, vacancies) in enumerate(city_sizes(total_workers)):
        started = time.perf_counter()
        call_command(
            "seed_benchmark_city",
            city=code,
            workers=workers,
            vacancies=vacancies,
            seed=100 + number,
            replace=True,
            stdout=open(os.devnull, "w"),  # noqa: SIM115
        )
        print(
            f"{code} {name}: {workers:,} workers, {vacancies:,} vacancies in {time.perf_counter() - started:.1f} s"
        )


def start_worker(name: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "hrmatch", "worker", "--concurrency=1", "--pool=prefork",
            f"--hostname={name}@%h", "--without-gossip", "--without-mingle", "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=os.environ | env,
        start_new_session=True,
    )  # fmt: skip


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def national_night(worker_count: int, city_concurrency: int, timeout: int) -> None:
    from django.utils import timezone

    from hrmatch.celery import app
    from matching.models import MatchChunk, MatchRun
    from matching.tasks import run_all_cities_matching

    env = {"MATCHING_CITY_CONCURRENCY": str(city_concurrency), "DJANGO_LOG_LEVEL": "WARNING"}
    workers = [start_worker(f"node{n + 1}", env) for n in range(worker_count)]
    try:
        deadline = time.monotonic() + 120
        while len(app.control.ping(timeout=1.0)) < worker_count:
            if time.monotonic() > deadline:
                raise SystemExit("the workers did not answer within 120 s")
        since = timezone.now()
        started = time.perf_counter()
        city_ids = run_all_cities_matching.apply(kwargs={"concurrency": city_concurrency}).get()
        finished = {MatchRun.Status.PUBLISHED, MatchRun.Status.FAILED}
        while time.perf_counter() - started < timeout:
            runs = list(MatchRun.objects.filter(created_at__gte=since))
            if len(runs) == len(city_ids) and all(run.status in finished for run in runs):
                break
            time.sleep(1)
        total = time.perf_counter() - started
    finally:
        for worker in workers:
            stop(worker)

    runs = list(MatchRun.objects.filter(created_at__gte=since).select_related("city").order_by("created_at"))
    print(
        f"\n{'city':<10} {'workers':>9} {'vacancies':>9} {'chunks':>6} {'status':>10} {'wall s':>7} {'work s':>7} {'hosts'}"
    )
    work_total = 0.0
    longest = 0.0
    for run in runs:
        chunks = MatchChunk.objects.filter(run=run)
        work = sum(seconds or 0.0 for seconds in chunks.values_list("seconds", flat=True))
        hosts = sorted({host.split("@")[0] for host in chunks.values_list("scored_by", flat=True) if host})
        wall = (run.finished_at - run.created_at).total_seconds() if run.finished_at else float("nan")
        work_total += work
        longest = max(longest, work / max(1, min(city_concurrency or run.chunks_total, worker_count)))
        print(
            f"{run.city.name_zh:<10} {run.workers_count:>9,} {run.vacancies_count:>9,} {run.chunks_total:>6} "
            f"{run.status:>10} {wall:7.1f} {work:7.1f} {','.join(hosts)}"
        )
    print(
        f"\n{len(runs)} cities with {worker_count} worker processes: total {total:.1f} s wall, "
        f"{work_total:.1f} s of chunk work (sum over chunks)"
    )
    print("projection (2 worker processes per 2-core machine, work spread evenly, publishing included):")
    overhead = max(0.0, total - work_total / worker_count)
    for machines in (1, 2, 4, 8, 16, 39):
        processes = 2 * machines
        print(f"  {machines:>2} machines: ≈ {max(work_total / processes, longest) + overhead:7.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed-cities", action="store_true", help="bulk-load the 39 cities first")
    parser.add_argument("--workers-total", type=int, default=200_000, help="workers over all 39 cities")
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes to start")
    parser.add_argument("--city-concurrency", type=int, default=2, help="workers one city may use at once")
    parser.add_argument("--timeout", type=int, default=3600)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"):
        raise SystemExit("bench.national needs DATABASE_URL (PostgreSQL) and REDIS_URL")
    _setup()
    with open("/proc/loadavg") as handle:
        print(f"machine: {os.cpu_count()} cores, load average {' '.join(handle.read().split()[:3])}")
    if args.seed_cities:
        seed_cities(args.workers_total)
    else:
        national_night(args.workers, args.city_concurrency, args.timeout)
    with open("/proc/loadavg") as handle:
        print(f"load average after: {' '.join(handle.read().split()[:3])}")


if __name__ == "__main__":
    main()
