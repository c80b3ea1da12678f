"""Every page of the app reflows (WCAG 2.1 SC 1.4.10) at 320 CSS px wide and at 200 % zoom, checked on
a screenshot, and passes axe at those sizes.

200 % zoom of a 1280×800 window is a 640×400 CSS-px viewport drawn at device scale factor 2: that is
what the browser lays out when a person zooms, so the check uses exactly that viewport.

For each page and size the test takes a full-page screenshot (kept under ``instance/test/e2e/reflow/``
for a person to look at) and checks it: a full-page screenshot is as wide as the page's layout, so a
PNG wider than the viewport means horizontal scrolling. It also names the elements that stick out to
the right (outside a horizontally scrollable region such as a wide table's, which SC 1.4.10 allows
for data tables), so a failure says what to fix.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.a11y import assert_accessible
from tests.e2e.conftest import ARTIFACTS, sign_in
from tests.e2e.keyboard import LOADED_JS
from tests.helpers.jobs import ETP

pytestmark = pytest.mark.e2e

SIZES = {
    "320px": {"viewport": {"width": 320, "height": 720}, "device_scale_factor": 1},
    "zoom-200": {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2},
}

PUBLIC_PAGES = ["/entrar", "/cadastro", "/esqueci-senha", "/privacidade", "/termos"]
PRIVATE_PAGES = [
    "/etps",
    "/etps/novo",
    "/etps/{etp}",
    "/etps/{etp}/secoes/1",
    "/etps/{etp}/dados",
    "/etps/{etp}/versoes",
    "/etps/{etp}/exportar",
    "/conta",
    "/conta/senha",
    "/organizacao/pessoas",
    "/organizacao/consumo",
    "/organizacao/auditoria",
    "/organizacao/modelos",
    "/sistema/saude",
    "/sistema/backups",
    "/sistema/organizacoes",
]

# Elements sticking out to the right of the viewport, outside any horizontally scrollable ancestor.
# Visually hidden text (1×1 px, clipped) and elements pushed off to the left (skip links) don't count.
_OVERFLOW_JS = """
() => {
  const vw = document.documentElement.clientWidth;
  const scrollsX = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p).overflowX;
      if (s === 'auto' || s === 'scroll') return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.classList.length ? '.' + [...el.classList].join('.') : '') +
    ' "' + (el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 40) + '"';
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1 || r.right <= 0) continue;
    if (r.right > vw + 1 && !scrollsX(el)) out.push(name(el) + ' → ' + Math.round(r.right) + 'px');
  }
  return { vw, scrollWidth: document.documentElement.scrollWidth, overflow: out.slice(0, 8) };
}
"""


def _png_size(path: Path) -> tuple[int, int]:
    with path.open("rb") as f:
        header = f.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", header[16:24])
    return width, height


@pytest.fixture
def admin_with_etp(web_stack, verified_user) -> dict[str, Any]:
    """A system admin (so every page, organization and system ones included, is open) with one ETP."""
    user = verified_user(role="system_admin")
    resp = web_stack.api("/api/v1/etps", "POST", ETP, user["token"])
    assert resp.status_code == 201, resp.text
    return {**user, "etp": str(resp.json()["id"])}


def _check(page, url: str, size: str) -> None:
    page.goto(url)
    page.wait_for_function(LOADED_JS)
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_be_visible()
    # the page itself, not the "restricted" or "not found" page in its place
    expect(page.locator("h1")).not_to_have_text(re.compile("Acesso restrito|Página não encontrada"))
    found = page.evaluate(_OVERFLOW_JS)
    slug = url.strip("/").replace("/", "_") or "raiz"
    shot = ARTIFACTS / "reflow" / f"{slug}-{size}.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    width, _height = _png_size(shot)
    scale = SIZES[size]["device_scale_factor"]
    expected = SIZES[size]["viewport"]["width"] * scale
    assert width <= expected and not found["overflow"], (
        f"{url} at {size}: screenshot {width}px wide for a {expected}px viewport; "
        f"scrollWidth {found['scrollWidth']} > {found['vw']}; sticking out: {found['overflow']}"
    )
    assert_accessible(page, f"{url} a {size}")


@pytest.mark.parametrize("size", list(SIZES))
def test_public_pages_reflow(web_stack, new_context, size):
    page = new_context(**SIZES[size]).new_page()
    for url in PUBLIC_PAGES:
        _check(page, url, size)


@pytest.mark.parametrize("size", list(SIZES))
def test_signed_in_pages_reflow(web_stack, new_context, admin_with_etp, size):
    page = new_context(**SIZES[size]).new_page()
    sign_in(page, admin_with_etp)
    for template in PRIVATE_PAGES:
        _check(page, template.format(etp=admin_with_etp["etp"]), size)
