"""End-to-end fixtures: the real stack (tests/e2e/stack.py) and Debian's Chromium driven by Playwright.

Contract used by every page's E2E test:

- ``web_stack`` (session): ``.base_url``, ``.api(path, method, json, token)``, ``.outbox(to)``,
  ``.login(email, password)``, ``.fake_openai`` (latency 0.25 s per answer), ``.worker``.
- ``browser`` (session); ``page`` (a new pt-BR context, 1280×800, ``base_url`` set); ``new_context()``
  for a second browser context. On a failure every page of the test is saved (screenshot and
  console log) under ``instance/test/e2e/``.
- ``verified_user(role="org_admin")`` → ``{email, password, name, organization_id, id, role, token}``.
- ``signed_in_page(user, page=None)`` → the page, signed in through ``/entrar``, on the ETP list.

The server serves ``frontend/dist`` (built by ``scripts/web.py build`` when missing; a warning when
it is older than the sources), or the build ``WEB_APP_DIR`` names. Every test in this directory is
marked ``e2e`` and ``slow``. The autouse ``_clean_state`` of
tests/conftest.py empties the tables and the Redis DB before each test, while the stack runs: the
server's and the worker's pooled connections are idle between requests (TRUNCATE waits for none),
and the Celery queues use the default exchange (a message goes to the list named after its queue,
no binding in Redis to lose). tests/e2e/test_harness.py drafts after a cleaning to prove it.
"""

from __future__ import annotations

import os
import re
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DEFAULT_PASSWORD
from tests.e2e.stack import CHROMIUM_ARGS, ROOT, WebStack, chromium_path, dist_is_stale

ARTIFACTS = ROOT / "instance" / "test" / "e2e"
LIST_HEADING = "Estudos Técnicos Preliminares"
VIEWPORT = {"width": 1280, "height": 800}
DEFAULT_TIMEOUT_MS = 15_000  # actions (click, fill, goto)
EXPECT_TIMEOUT_MS = 10_000  # expect(...) assertions: a whole-ETP draft at FAKE_LATENCY fits
FAKE_LATENCY = 0.25  # seconds per provider answer: drafting progress is observable in the browser
_E2E_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).resolve().is_relative_to(_E2E_DIR):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.slow)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"_e2e_report_{report.when}", report)


def _failed(item) -> bool:
    return any(getattr(getattr(item, f"_e2e_report_{when}", None), "failed", False) for when in ("setup", "call"))


# --------------------------------------------------------------------------------------------------
# The stack
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def web_stack(infra, app) -> Iterator[WebStack]:
    """gunicorn serving frontend/dist and the API, a Celery worker (drafting, exports, mail), the fake
    OpenAI server; against the test PostgreSQL database and Redis DB (``infra``), migrated by ``app``.

    Package scope: it stops after the last test of tests/e2e. Its worker consumes the session's Redis
    queues, so left running it would take the tasks of the later test directories (tests/workers)
    and run them with its own settings (storage, provider)."""
    if dist_is_stale():
        # not rebuilt here: another run may be serving this dist right now (`make test` builds first)
        warnings.warn(
            "frontend/dist is older than the app's sources: the browser tests run the previous build "
            "(`.venv/bin/python scripts/web.py build` rebuilds it)",
            stacklevel=1,
        )
    log_dir = ARTIFACTS / f"stack-{os.getpid()}"
    stack = WebStack(
        database_url=infra["database_url"],
        redis_url=infra["redis_url"],
        log_dir=log_dir,
        app=app,
        fake_latency=FAKE_LATENCY,
    )
    stack.start()
    try:
        yield stack
    finally:
        stack.stop()


@pytest.fixture(autouse=True)
def _e2e_after_clean_state(_clean_state, request):
    """After tests/conftest.py's TRUNCATE and FLUSHDB: the fake provider answers "success" after
    FAKE_LATENCY again, with an empty request log."""
    if "web_stack" in request.fixturenames:
        stack: WebStack = request.getfixturevalue("web_stack")
        stack.fake_openai.reset()
        stack.fake_openai.latency = FAKE_LATENCY
    yield


# --------------------------------------------------------------------------------------------------
# The browser
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def _playwright():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="package")
def browser(_playwright):
    browser = _playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", text.replace(".py::", "-"))[-120:]


class _Contexts:
    """The contexts a test opened, their pages' console messages, and artifacts on a failure."""

    def __init__(self, browser, base_url: str):
        self.browser = browser
        self.base_url = base_url
        self.contexts: list[Any] = []
        self.console: dict[int, list[str]] = {}

    def new_context(self, **overrides):
        options: dict[str, Any] = {"locale": "pt-BR", "base_url": self.base_url, "viewport": VIEWPORT}
        options.update(overrides)
        context = self.browser.new_context(**options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        context.on("page", self._watch)
        self.contexts.append(context)
        return context

    def _watch(self, page) -> None:
        lines = self.console.setdefault(id(page), [])
        page.on("console", lambda msg: lines.append(f"[{msg.type}] {msg.text}"))
        page.on("pageerror", lambda exc: lines.append(f"[pageerror] {exc}"))
        page.on(
            "requestfailed",
            lambda req: lines.append(f"[requestfailed] {req.method} {req.url}: {req.failure}"),
        )

    def save_artifacts(self, nodeid: str) -> list[Path]:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        saved: list[Path] = []
        for c, context in enumerate(self.contexts):
            for p, page in enumerate(context.pages):
                base = f"{_slug(nodeid)}-{stamp}-c{c}p{p}"
                shot = ARTIFACTS / f"{base}.png"
                try:
                    page.screenshot(path=str(shot), full_page=True)
                    saved.append(shot)
                except Exception as exc:  # noqa: BLE001 - a closed page must not hide the real failure
                    print(f"[e2e] screenshot failed: {exc}")
                log = ARTIFACTS / f"{base}.console.log"
                log.write_text(f"url: {page.url}\n" + "\n".join(self.console.get(id(page), [])), encoding="utf-8")
                saved.append(log)
        return saved

    def close(self) -> None:
        for context in self.contexts:
            try:
                context.close()
            except Exception:  # noqa: BLE001,S110 - already closed by the test
                pass


@pytest.fixture
def _contexts(request, browser, web_stack) -> Iterator[_Contexts]:
    contexts = _Contexts(browser, web_stack.base_url)
    yield contexts
    if _failed(request.node):
        for path in contexts.save_artifacts(request.node.nodeid):
            print(f"[e2e] saved {path}")
        print(f"[e2e] server log: {web_stack.server_log}")
    contexts.close()


@pytest.fixture
def new_context(_contexts) -> Callable[..., Any]:
    """``new_context(**options)``: one more browser context (pt-BR, 1280×800, base_url), closed at the end."""
    return _contexts.new_context


@pytest.fixture
def page(_contexts):
    """A page in a fresh context; ``page.goto("/entrar")`` resolves against the live server."""
    return _contexts.new_context().new_page()


def console_lines(contexts: _Contexts, page) -> list[str]:
    return contexts.console.get(id(page), [])


@pytest.fixture
def console(_contexts) -> Callable[[Any], list[str]]:
    """``console(page)``: the console messages, page errors and failed requests of a page so far."""
    return lambda page: console_lines(_contexts, page)


# --------------------------------------------------------------------------------------------------
# Accounts
# --------------------------------------------------------------------------------------------------


@pytest.fixture
def verified_user(make_user, web_stack) -> Callable[..., dict[str, Any]]:
    """``verified_user(role="org_admin", **make_user_kw)``: an organization and a verified user of it."""

    def factory(role: str = "org_admin", **kw: Any) -> dict[str, Any]:
        password = kw.pop("password", DEFAULT_PASSWORD)
        user, api = make_user(role=role, password=password, **kw)
        return {
            "email": user["email"],
            "password": password,
            "name": user["name"],
            "organization_id": (user.get("organization") or {}).get("id"),
            "id": user["id"],
            "role": user["role"],
            "token": api.token,
        }

    return factory


def sign_in(page, user: dict[str, Any]):
    """Through the login page, as a person does; returns once the ETP list heading is shown."""
    from playwright.sync_api import expect

    page.goto("/entrar")
    page.get_by_label("E-mail").fill(user["email"])
    page.get_by_label("Senha").fill(user["password"])
    page.get_by_role("button", name="Entrar", exact=True).click()
    expect(page.get_by_role("heading", level=1, name=LIST_HEADING)).to_be_visible()
    return page


@pytest.fixture
def signed_in_page(request) -> Callable[..., Any]:
    """``signed_in_page(user, page=None)``: that page (default: the ``page`` fixture's) signed in."""

    def helper(user: dict[str, Any], page=None):
        return sign_in(page if page is not None else request.getfixturevalue("page"), user)

    return helper
