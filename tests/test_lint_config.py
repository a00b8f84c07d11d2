"""`make lint` catches what the house forbids: an upward import between apps, Django in the engine, and
an untyped service. Each check runs on a copy of the project's packages with one offending module
added, beside the same check on the untouched copy (which must pass, so the test can fail).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Every package the contracts look at, as pyproject.toml lists them.
PACKAGES = [
    name
    for name in tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]
    if name != "tests"
]
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.slow


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """The apps, bench, an empty tests package and pyproject.toml, copied to a temporary folder."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "data", "migrations")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=ignore)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "__init__.py").write_text("")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": str(BIN),
        "PYTHONPATH": str(cwd),
        "HOME": str(cwd),
        "DJANGO_SETTINGS_MODULE": "hrmatch.settings",
    }
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False)


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    return run([str(BIN / "lint-imports"), "--no-cache"], cwd)


def mypy(cwd: Path, *files: str) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "mypy", "--cache-dir", str(cwd / ".mypy_cache"), *files], cwd)


def test_import_linter_refuses_an_upward_import_and_django_in_the_engine(project_copy):
    assert lint_imports(project_copy).returncode == 0, "the untouched copy must pass"

    (project_copy / "pilots" / "upward.py").write_text("from matching.models import Match\n")
    (project_copy / "matching" / "engine" / "orm.py").write_text("from django.db import models\n")
    result = lint_imports(project_copy)

    assert result.returncode == 1
    assert "Layers: each app imports only the apps below it BROKEN" in result.stdout
    assert "pilots.upward -> matching.models" in result.stdout
    assert "The matching engine imports no Django BROKEN" in result.stdout
    assert "matching.engine.orm -> django (l.1)" in result.stdout


def test_mypy_refuses_an_untyped_service(project_copy):
    services = project_copy / "pilots" / "services.py"
    assert mypy(project_copy, str(services)).returncode == 0, "the untouched copy must pass"

    with services.open("a", encoding="utf-8") as handle:
        handle.write("\n\ndef pilot_city_rename(city, name):\n    city.name_zh = name\n    return city\n")
    result = mypy(project_copy, str(services))

    assert result.returncode == 1
    assert "pilots/services.py" in result.stdout
    assert "Function is missing a type annotation  [no-untyped-def]" in result.stdout
