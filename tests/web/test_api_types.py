"""The web app's API types never drift from the API (issue 12, §1).

``frontend/openapi.json`` is the OpenAPI document of the testing app, and
``frontend/src/api/schema.d.ts`` is what the project's openapi-typescript generates from it. Both
are committed; `scripts/web.py api-types` rewrites them after an API change.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "frontend"
FIX = "rode `scripts/web.py api-types` e faça commit de frontend/openapi.json e frontend/src/api/schema.d.ts"


def _web_script():
    spec = importlib.util.spec_from_file_location("etp_web_script", ROOT / "scripts" / "web.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def spec_text() -> str:
    """The document, built in a process of its own (a second app here would replace the suite's
    default Celery app), with no database or Redis to reach."""
    return _web_script().clean_spec_text()


def test_the_committed_openapi_document_is_the_apis(spec_text):
    committed = FRONTEND / "openapi.json"
    assert committed.is_file(), f"frontend/openapi.json não existe: {FIX}"
    current = json.loads(spec_text)
    assert current["openapi"].startswith("3.") and "/api/v1/jobs/{job_id}" in current["paths"]
    assert committed.read_text(encoding="utf-8") == spec_text, f"a API mudou e frontend/openapi.json não: {FIX}"


def test_the_committed_types_are_generated_from_it(spec_text, tmp_path):
    web = _web_script()
    layout = web.Layout()
    committed = FRONTEND / "src" / "api" / "schema.d.ts"
    assert committed.is_file(), f"frontend/src/api/schema.d.ts não existe: {FIX}"
    cli = layout.node_modules / "openapi-typescript" / "bin" / "cli.js"
    assert cli.is_file(), "frontend/node_modules sem openapi-typescript: rode `scripts/web.py deps` (make test roda)"
    spec_path = tmp_path / "openapi.json"
    spec_path.write_text(spec_text, encoding="utf-8")
    out = tmp_path / "schema.d.ts"
    assert web.generate_types(layout, web.resolve_node(), spec_path, out) == 0
    assert out.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8"), (
        f"os tipos gerados diferem de frontend/src/api/schema.d.ts: {FIX}"
    )
