"""Web benchmark: gunicorn + PostgreSQL + Redis on the benchmark city, driven by locust on this machine.

`make bench-web` (`python -m bench.web --city 330200`). Needs DATABASE_URL (the benchmark city, with a
published match run for the shortlists) and REDIS_URL. Creates (once) factory HR logins with API
tokens for a few of the city's vacancies, starts gunicorn with DEBUG off on 127.0.0.1, runs locust
headless for a bounded time and number of users, prints p50/p95/p99 per endpoint and the throughput,
and stops gunicorn. The load generator shares the machine with the server: its CPU is not the server's.
"""

from __future__ import annotations

import argparse
import csv
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FACTORY_LOGINS = 10


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrmatch.settings")
    import django

    django.setup()


def factory_logins(city_code: str) -> tuple[list[str], list[int]]:
    """API tokens of factory HR managers of enterprises whose open vacancies have shortlists."""
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from enterprises.models import EnterpriseMembership, Vacancy
    from matching.models import CurrentRun, Match

    run_id = CurrentRun.objects.filter(city__code=city_code).values_list("run_id", flat=True).first()
    if run_id is None:
        raise SystemExit(f"city {city_code} has no published match run: run `make bench-city` first")
    vacancy_ids = list(
        Match.objects.filter(run_id=run_id, direction="s", rank=0).values_list("vacancy_id", flat=True)[:200]
    )
    vacancies = list(
        Vacancy.objects.filter(pk__in=vacancy_ids, status="open").order_by("pk")[:FACTORY_LOGINS]
    )
    tokens, ids = [], []
    for number, vacancy in enumerate(vacancies):
        user, _ = get_user_model().objects.get_or_create(username=f"bench-factory-{number}")
        EnterpriseMembership.objects.get_or_create(user=user, enterprise_id=vacancy.enterprise_id)
        tokens.append(Token.objects.get_or_create(user=user)[0].key)
        ids.append(vacancy.pk)
    return tokens, ids


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    env = os.environ | {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-web-" + "x" * 50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        # One client address sends every request: lift the per-address limits for the measurement.
        "HRMATCH_THROTTLE_ANON": "1000000/minute",
        "HRMATCH_THROTTLE_USER": "1000000/minute",
    }
    # DEBUG off serves hashed static files from the manifest, which collectstatic writes.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "hrmatch.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return process
        except OSError:
            time.sleep(0.5)
    stop(process)
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def run_locust(port: int, users: int, seconds: int, think: str, env: dict[str, str], prefix: str) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            f"--users={users}",
            f"--spawn-rate={users}",
            f"--run-time={seconds}s",
            f"--host=http://127.0.0.1:{port}",
            f"--csv={prefix}",
            "--only-summary",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=os.environ | env | {"BENCH_THINK": think},
        check=False,
        timeout=seconds + 120,
        stdout=subprocess.DEVNULL,
    )


def report(prefix: str, title: str) -> None:
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    print(f"\n{title}")
    print(f"{'endpoint':<48} {'requests':>8} {'fail':>5} {'p50':>6} {'p95':>6} {'p99':>6} {'req/s':>7}")
    for row in rows:
        print(
            f"{row['Name'][:48]:<48} {row['Request Count']:>8} {row['Failure Count']:>5} "
            f"{row['50%']:>6} {row['95%']:>6} {row['99%']:>6} {float(row['Requests/s']):7.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--city", default="330200")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=90, help="length of each locust run")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--skip-capacity", action="store_true", help="only the run with think time")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"):
        raise SystemExit("bench.web measures gunicorn + PostgreSQL + Redis: set DATABASE_URL and REDIS_URL")
    _setup()
    tokens, vacancies = factory_logins(args.city)
    from django.db import connections

    connections.close_all()
    with open("/proc/loadavg") as handle:
        load = handle.read().split()[:3]
    print(
        f"machine: {os.cpu_count()} cores; load average before {' '.join(load)}; gunicorn {args.workers} workers, "
        f"locust on the same machine; {args.users} users, {args.seconds} s per run"
    )
    env = {
        "BENCH_CITY": args.city,
        "BENCH_TOKENS": ",".join(tokens),
        "BENCH_VACANCIES": ",".join(map(str, vacancies)),
    }
    server = start_gunicorn(args.port, args.workers)
    try:
        with tempfile.TemporaryDirectory() as folder:
            runs = [
                ("1-2", "with 1–2 s think time (targets: p95 ≤ 150 ms board and API, ≤ 100 ms shortlist)")
            ]
            if not args.skip_capacity:
                runs.append(("0", "capacity: no think time (target ≥ 100 requests/s)"))
            for think, title in runs:
                prefix = f"{folder}/think{think}"
                run_locust(args.port, args.users, args.seconds, think, env, prefix)
                report(prefix, f"{args.users} users {title}")
    finally:
        stop(server)
    with open("/proc/loadavg") as handle:
        print(f"load average after: {' '.join(handle.read().split()[:3])}")


if __name__ == "__main__":
    main()
