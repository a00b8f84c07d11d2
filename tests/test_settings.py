import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "x7!pq2-production-secret-that-is-long-and-random-9f8e7d6c5b4a3210zz",
    "DJANGO_ALLOWED_HOSTS": "hrmatch.example.gov.cn",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | env
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_check_without_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", env={"DJANGO_DEBUG": "false"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_the_health_check_answers_ok(client):
    response = client.get("/healthz")
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/jobs/?city=33%00", "/jobs/?q=%00weld", "/api/v1/vacancies/?q=a%00b"])
def test_a_nul_byte_in_the_query_answers_400_not_500(client, url):
    assert client.get(url).status_code == 400


@pytest.mark.django_db
def test_a_nul_byte_in_a_form_answers_400(client):
    assert client.post("/accounts/login/", {"username": "a\x00", "password": "x"}).status_code == 400
