"""Accessibility checks of a page state: axe-core with the WCAG 2.1 A/AA rules, plus the structure
every page of the app must have (issue 12 §5): ``lang="pt-BR"``, one ``h1``, a skip link as the
first focusable element, a ``main`` landmark.

axe is injected with ``page.evaluate(source)`` (the devtools protocol), never a ``<script>`` tag:
the app's Content-Security-Policy forbids inline scripts, and the check must not weaken it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from tests.e2e.stack import ROOT

AXE_PATH = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = ("serious", "critical")

# The elements a keyboard reaches with Tab, in the order the browser would (tabindex > 0 first is an
# anti-pattern the app does not use, so document order of these is the Tab order).
_FOCUSABLE = (
    "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), "
    "textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1']), [contenteditable='true']"
)

_STRUCTURE_JS = """
(selector) => {
  const visible = (el) => {
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && style.display !== 'none' && !el.closest('[hidden],[inert]');
  };
  const focusable = [...document.querySelectorAll(selector)].filter(visible);
  const first = focusable[0] || null;
  const href = first && first.getAttribute('href');
  const target = href && href.startsWith('#') && href.length > 1 ? document.getElementById(href.slice(1)) : null;
  return {
    lang: document.documentElement.getAttribute('lang'),
    h1: [...document.querySelectorAll('h1')].map((h) => h.textContent.trim()),
    mains: document.querySelectorAll('main, [role="main"]').length,
    first: first ? {tag: first.tagName.toLowerCase(), href, text: (first.textContent || '').trim()} : null,
    skipTarget: !!target,
    modal: [...document.querySelectorAll('[aria-modal="true"], dialog[open]')].some(visible),
  };
}
"""


@cache
def _axe_source() -> str:
    if not AXE_PATH.exists():
        raise AssertionError(f"{AXE_PATH} is missing: run `npm ci` in frontend/ (axe-core is a devDependency)")
    return AXE_PATH.read_text(encoding="utf-8")


def axe_violations(page, *, impacts: tuple[str, ...] = BLOCKING_IMPACTS) -> list[dict[str, Any]]:
    """The axe-core violations of the WCAG 2.1 A/AA rules in the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    result = page.evaluate(
        """async (tags) => {
          const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
          return r.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
            targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 10),
          }));
        }""",
        WCAG_TAGS,
    )
    return [v for v in result if v["impact"] in impacts]


def page_structure(page) -> dict[str, Any]:
    return dict(page.evaluate(_STRUCTURE_JS, _FOCUSABLE))


def assert_accessible(page, state: str, *, structure: bool = True) -> None:
    """No serious or critical WCAG 2.1 A/AA violation in this page state, and the page's structure.

    ``state`` names what is on screen (e.g. ``"editor com o diálogo de conflito aberto"``): it is in
    the failure message. ``structure=False`` skips the structural checks (a state that is not a whole
    page, which should be rare). While a modal dialog is open the skip-link check is not made (the
    page behind the dialog is inert; focus belongs in the dialog).
    """
    problems: list[str] = []
    for v in axe_violations(page):
        problems.append(f"axe {v['id']} ({v['impact']}): {v['help']} — {', '.join(v['targets'])} [{v['helpUrl']}]")
    if structure:
        s = page_structure(page)
        if s["lang"] != "pt-BR":
            problems.append(f'<html lang> is {s["lang"]!r}, expected "pt-BR"')
        if len(s["h1"]) != 1:
            problems.append(f"expected exactly one h1, found {len(s['h1'])}: {s['h1']}")
        if s["mains"] < 1:
            problems.append("no main landmark (<main> or role=main)")
        first = s["first"]
        if s["modal"]:
            pass  # a modal dialog is open: the keyboard is in the dialog, the skip link is behind it
        elif not first or first["tag"] != "a" or not (first["href"] or "").startswith("#") or not s["skipTarget"]:
            problems.append(f"the first focusable element is not a skip link to an element of the page: {first}")
    if problems:
        raise AssertionError(f"accessibility of {state!r} at {page.url}:\n  " + "\n  ".join(problems))
