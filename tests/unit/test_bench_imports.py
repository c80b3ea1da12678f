"""The benchmarks borrow the suite's helpers and fakes; a move in tests/ must not break them silently
(bench/ is run by hand, not by CI)."""

from __future__ import annotations

import ast
import importlib
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCHES = sorted((ROOT / "bench").glob("*.py"))


def _project_imports(path: Path) -> list[tuple[str, str]]:
    """(module, name) of every ``from tests…/etp_app…/config… import name``, function-local ones too."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.split(".")[0]
            in {
                "tests",
                "etp_app",
                "config",
            }
        ):
            found.extend((node.module, alias.name) for alias in node.names)
    return found


def test_there_are_benchmarks_that_borrow_from_the_project():
    assert any(_project_imports(path) for path in BENCHES)


@pytest.mark.parametrize("path", BENCHES, ids=lambda p: p.name)
def test_every_name_a_benchmark_imports_exists(path):
    for module, name in _project_imports(path):
        imported = importlib.import_module(module)
        assert hasattr(imported, name) or importlib.util.find_spec(f"{module}.{name}"), f"{path.name}: {module}.{name}"
