"""The web app's bundle budget (issues 12 and 13): what a first visit downloads — the entry script,
the scripts it imports statically and the stylesheets ``index.html`` links — stays within 140 KB
gzipped, and every page of the route table is a chunk of its own that the first load does not
include (it is fetched on navigation).

Sizes, not times: deterministic for a given build, so a test rather than a benchmark
(bench/web.py measures the first load in Chromium, transfer and time).
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "frontend"
BUDGET_GZIP_BYTES = 140 * 1024

_LAZY_PAGE = re.compile(r'(\w+): lazy\(\(\) => import\("\.\./[\w/]+/(\w+)"\)\)')
# static imports in minified ES modules: `import{a as b}from"./x.js"` or `import"./x.js"`; a dynamic
# `import("./x.js")` has a parenthesis and is not matched
_STATIC_IMPORT = re.compile(r'(?:\bfrom|\bimport)\s*"\./([\w.-]+\.js)"')
_INDEX_ASSET = re.compile(r'(?:src|href)="/assets/([\w.-]+\.(?:js|css))"')


@pytest.fixture(scope="module")
def dist() -> Path:
    path = Path(os.environ["WEB_APP_DIR"]) if os.environ.get("WEB_APP_DIR") else FRONTEND / "dist"
    if not (path / "index.html").is_file():
        subprocess.run([sys.executable, str(ROOT / "scripts" / "web.py"), "build"], check=True, cwd=ROOT)
    return path


def _first_load(dist: Path) -> set[str]:
    """The asset names a first visit fetches before any navigation."""
    assets = dist / "assets"
    pending = _INDEX_ASSET.findall((dist / "index.html").read_text(encoding="utf-8"))
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        if name.endswith(".js"):
            pending.extend(_STATIC_IMPORT.findall((assets / name).read_text(encoding="utf-8")))
    return seen


def test_the_first_load_stays_within_140_kb_gzipped(dist):
    names = _first_load(dist)
    assert any(n.endswith(".js") for n in names) and any(n.endswith(".css") for n in names), names
    sizes = {n: len(gzip.compress((dist / "assets" / n).read_bytes(), compresslevel=9)) for n in names}
    total = sum(sizes.values())
    assert total <= BUDGET_GZIP_BYTES, f"primeiro carregamento {total / 1024:.1f} KB gzip > 140 KB: {sizes}"


def test_every_page_is_its_own_chunk_outside_the_first_load(dist):
    routes = (FRONTEND / "src" / "app" / "routes.tsx").read_text(encoding="utf-8")
    pages = [module for _key, module in _LAZY_PAGE.findall(routes)]
    assert len(pages) >= 25, pages  # part 1's pages and part 2's
    chunks = {p.name for p in (dist / "assets").glob("*.js")}
    first = _first_load(dist)
    for module in pages:
        own = sorted(c for c in chunks if c.startswith(f"{module}-"))
        assert own, f"a página {module} não tem um chunk próprio em {dist / 'assets'}"
        assert not set(own) & first, f"a página {module} entra no primeiro carregamento: {own}"
