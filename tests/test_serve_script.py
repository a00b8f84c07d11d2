"""`make run` serves through scripts/serve: with REDIS_URL a Celery worker starts beside the server and
stops with it; without, nothing else starts. A fake interpreter records what the script runs."""

from __future__ import annotations

import os
import stat
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVE = ROOT / "scripts" / "serve"

FAKE_PYTHON = """#!/bin/sh
# Records each start and stop; "celery" runs until stopped, "runserver" serves for a moment.
log="{log}"
case "$*" in
  *celery*)
    echo "worker started: $*" >> "$log"
    trap 'echo "worker stopped" >> "$log"; exit 0' TERM
    while :; do sleep 0.05; done ;;
  *runserver*)
    echo "server started: $*" >> "$log"
    sleep 0.5
    echo "server stopped" >> "$log"
    exit 0 ;;
esac
"""


def fake_python(tmp_path: Path) -> tuple[Path, Path]:
    log = tmp_path / "log"
    python = tmp_path / "python"
    python.write_text(FAKE_PYTHON.format(log=log))
    python.chmod(python.stat().st_mode | stat.S_IEXEC)
    return python, log


def serve(tmp_path: Path, **env: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    python, log = fake_python(tmp_path)
    environment = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CELERY_TASK_ALWAYS_EAGER")}
    result = subprocess.run(
        [str(SERVE)],
        cwd=ROOT,
        env=environment | {"PYTHON": str(python), "TMPDIR": str(tmp_path)} | env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    time.sleep(0.1)
    return result, log.read_text().splitlines()


def test_with_redis_a_worker_starts_beside_the_server_and_stops_with_it(tmp_path):
    result, log = serve(tmp_path, REDIS_URL="redis://127.0.0.1:6379/15")
    assert result.returncode == 0, result.stderr
    assert "starting a Celery worker" in result.stdout
    started = [line for line in log if line.startswith("worker started")]
    assert len(started) == 1 and "-m celery -A hrmatch worker --beat" in started[0]
    assert log.index("server started: manage.py runserver 127.0.0.1:8000") < log.index("server stopped")
    assert log[-1] == "worker stopped"  # after the server


def test_without_redis_only_the_server_starts_and_says_tasks_run_in_process(tmp_path):
    result, log = serve(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "run in-process" in result.stdout
    assert log == ["server started: manage.py runserver 127.0.0.1:8000", "server stopped"]


@pytest.mark.slow
def test_stopping_the_server_script_stops_the_worker_too(tmp_path):
    python, log = fake_python(tmp_path)
    python.write_text(python.read_text().replace("sleep 0.5", "sleep 30"))
    environment = {k: v for k, v in os.environ.items() if k != "CELERY_TASK_ALWAYS_EAGER"}
    process = subprocess.Popen(
        [str(SERVE)],
        cwd=ROOT,
        env=environment | {"PYTHON": str(python), "REDIS_URL": "redis://127.0.0.1:6379/15"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not (log.exists() and "server started" in log.read_text()):
        time.sleep(0.05)
    process.terminate()  # what an operator's Ctrl-C or a service manager's stop does to the script
    process.wait(timeout=30)
    time.sleep(0.2)
    assert "worker stopped" in log.read_text().splitlines()
