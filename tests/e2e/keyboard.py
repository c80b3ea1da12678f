"""Keyboard-only helpers: reach an element with Tab (a bounded number of presses) and activate it.

A keyboard-only test never clicks: it tabs to the control by its accessible name, checks that the
focus is visible there, and presses Enter or Space, as a person without a mouse does.
"""

from __future__ import annotations

import re
from typing import Any

MAX_TABS = 60
LOAD_TIMEOUT_MS = 15_000
LOADED_JS = "() => document.readyState === 'complete' && !document.querySelector('.etp-loading')"

# The accessible name of the focused element, close enough to the browser's computation for the
# app's controls: aria-labelledby, aria-label, a bound <label>, the text, the title, the placeholder.
_ACTIVE_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const text = (node) => (node ? (node.innerText || node.textContent || '').replace(/\\s+/g, ' ').trim() : '');
  let name = '';
  const by = el.getAttribute('aria-labelledby');
  if (by) name = by.split(/\\s+/).map((id) => text(document.getElementById(id))).join(' ').trim();
  if (!name) name = (el.getAttribute('aria-label') || '').trim();
  if (!name && el.labels && el.labels.length) name = [...el.labels].map(text).join(' ').trim();
  if (!name && !['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)) name = text(el);
  if (!name) name = (el.getAttribute('title') || el.getAttribute('placeholder') || '').trim();
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(),
    role: el.getAttribute('role') || '',
    name,
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== 'none',
  };
}
"""


def focused(page) -> dict[str, Any] | None:
    """Tag, role and accessible name of the focused element (None when nothing is focused)."""
    value = page.evaluate(_ACTIVE_JS)
    return dict(value) if value else None


def _matches(info: dict[str, Any] | None, name: str | re.Pattern[str], exact: bool) -> bool:
    if not info:
        return False
    actual = info["name"]
    if isinstance(name, re.Pattern):
        return bool(name.search(actual))
    return actual == name if exact else name.casefold() in actual.casefold()


def tab_to(
    page,
    name: str | re.Pattern[str],
    *,
    exact: bool = False,
    max_tabs: int = MAX_TABS,
    backwards: bool = False,
    require_visible_focus: bool = True,
) -> dict[str, Any]:
    """Press Tab (Shift+Tab with ``backwards``) until the focused element's accessible name matches.

    Fails after ``max_tabs`` presses, listing the elements the focus went through. With
    ``require_visible_focus`` the reached element must show a focus indicator (outline or shadow).
    """
    seen: list[str] = []
    # a page still loading (a lazy page chunk, its first data: the labelled `Loading` wait) has not
    # rendered its controls yet: Tab would only cycle through the header
    page.wait_for_function(LOADED_JS, timeout=LOAD_TIMEOUT_MS)
    current = focused(page)
    if _matches(current, name, exact):
        return _check_visible(current, require_visible_focus)  # type: ignore[arg-type]
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(max_tabs):
        page.keyboard.press(key)
        current = focused(page)
        if _matches(current, name, exact):
            return _check_visible(current, require_visible_focus)  # type: ignore[arg-type]
        seen.append(f"{current['tag']}:{current['name'][:40]!r}" if current else "<nada>")
    raise AssertionError(f"{name!r} not reached with {max_tabs} × {key}; the focus went through: {seen}")


def _check_visible(info: dict[str, Any], required: bool) -> dict[str, Any]:
    if required and not (info["outline"] or info["shadow"]):
        raise AssertionError(f"the focused element {info['tag']} {info['name']!r} shows no focus indicator")
    return info


def activate(page, name: str | re.Pattern[str], *, key: str = "Enter", **kw: Any) -> dict[str, Any]:
    """Tab to the control named ``name`` and press ``key`` (Enter for links and buttons, Space for
    checkboxes, radios and buttons)."""
    info = tab_to(page, name, **kw)
    page.keyboard.press(key)
    return info


def press_space(page, name: str | re.Pattern[str], **kw: Any) -> dict[str, Any]:
    return activate(page, name, key="Space", **kw)


def type_into(page, name: str | re.Pattern[str], text: str, **kw: Any) -> dict[str, Any]:
    """Tab to the field named ``name`` and type ``text`` key by key."""
    info = tab_to(page, name, **kw)
    page.keyboard.type(text)
    return info
