"""House rules on size: no function over 80 lines (decorators and docstring included) and no module over
600 lines, anywhere in the project but migrations. ruff's PLR0915 counts statements, not lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_FUNCTION_LINES = 80
MAX_MODULE_LINES = 600
SKIPPED_PARTS = {".venv", "var", "migrations", "node_modules", "__pycache__", "artifacts"}


def python_files(root: Path) -> list[Path]:
    return sorted(
        path for path in root.rglob("*.py") if not SKIPPED_PARTS.intersection(path.relative_to(root).parts)
    )


def oversized(path: Path, root: Path) -> dict[str, int]:
    """The module (if over the limit) and each function over the limit in it, with their line counts."""
    source = path.read_text(encoding="utf-8")
    name = path.relative_to(root).as_posix()
    found: dict[str, int] = {}
    lines = len(source.splitlines())
    if lines > MAX_MODULE_LINES:
        found[name] = lines
    for node in ast.walk(ast.parse(source, filename=name)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            start = min([node.lineno, *(decorator.lineno for decorator in node.decorator_list)])
            length = (node.end_lineno or node.lineno) - start + 1
            if length > MAX_FUNCTION_LINES:
                found[f"{name}::{node.name}"] = length
    return found


def project_oversized(root: Path = ROOT) -> dict[str, int]:
    found: dict[str, int] = {}
    for path in python_files(root):
        found.update(oversized(path, root))
    return found


def test_no_function_over_80_lines_and_no_module_over_600_lines():
    assert project_oversized() == {}, "split these (functions ≤ 80 lines, modules ≤ 600 lines)"


@pytest.mark.parametrize(
    ("body_lines", "expected"),
    [(78, {}), (79, {"big.py::long_one": 81})],  # def line + docstring + body lines
)
def test_the_size_check_counts_every_line_of_a_function(tmp_path, body_lines, expected):
    body = "".join(f"    x{i} = {i}\n" for i in range(body_lines))
    (tmp_path / "big.py").write_text(f'def long_one():\n    """Doc."""\n{body}', encoding="utf-8")
    assert project_oversized(tmp_path) == expected


def test_the_size_check_flags_a_long_module_but_not_a_migration(tmp_path):
    (tmp_path / "migrations").mkdir()
    text = "x = 1\n" * (MAX_MODULE_LINES + 1)
    (tmp_path / "long.py").write_text(text, encoding="utf-8")
    (tmp_path / "migrations" / "0001_initial.py").write_text(text, encoding="utf-8")
    assert project_oversized(tmp_path) == {"long.py": MAX_MODULE_LINES + 1}
