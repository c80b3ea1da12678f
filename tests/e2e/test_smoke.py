"""The web app served by the real stack, in real Chromium: the shell, its headers and caching, the
login page's accessibility, a wrong password answered in Portuguese (issue 12 §2, §3, §5)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.a11y import assert_accessible

pytestmark = pytest.mark.e2e

LOGIN_HEADING = re.compile("entrar|acessar", re.IGNORECASE)


class _Assets(HTMLParser):
    """The scripts and stylesheets index.html loads; inline scripts counted apart."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            if a.get("src"):
                self.urls.append(a["src"])
            else:
                self.inline_scripts += 1
        elif tag == "link" and (a.get("rel") or "") in {"stylesheet", "modulepreload"} and a.get("href"):
            self.urls.append(a["href"])


def _csp_violations(lines: list[str]) -> list[str]:
    return [line for line in lines if "Content Security Policy" in line or "Refused to" in line]


def test_shell_loads_at_root_and_at_a_deep_client_route(page, web_stack, console):
    for path in ("/", "/etps/00000000-0000-4000-8000-000000000000/secoes/7"):
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert response.headers["content-type"].startswith("text/html"), path
        expect(page.locator("html")).to_have_attribute("lang", "pt-BR")
        # the app rendered (not a blank page): signed out, every route ends on the login page's h1
        expect(page.locator("h1")).to_have_count(1)
        expect(page.locator("#root")).not_to_be_empty()
        assert not _csp_violations(console(page)), console(page)
    # /api/* is never the app: a route that does not exist is the API's JSON 404
    api = web_stack.api("/api/v1/nao-existe")
    assert api.status_code == 404 and api.headers["content-type"].startswith("application/json")


def test_login_page_is_accessible_under_a_csp_without_inline_scripts(page, console):
    response = page.goto("/entrar")
    assert response is not None and response.status == 200
    csp = response.headers.get("content-security-policy", "")
    directives = {d.split()[0]: d.split()[1:] for d in (p.strip() for p in csp.split(";")) if d}
    script_src = directives.get("script-src") or directives.get("default-src") or []
    assert script_src, f"no script-src in the page's CSP: {csp!r}"
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, csp
    assert directives.get("frame-ancestors") == ["'none'"], csp
    assert response.headers.get("x-content-type-options") == "nosniff"
    assert response.headers.get("referrer-policy")

    expect(page.get_by_role("heading", level=1)).to_have_text(LOGIN_HEADING)
    expect(page.get_by_label("E-mail")).to_be_visible()
    expect(page.get_by_label("Senha")).to_be_visible()
    assert_accessible(page, "página de entrada")
    assert not _csp_violations(console(page)), console(page)


def test_assets_are_precompressed_and_immutable_and_index_is_not_cached(web_stack):
    index = requests.get(web_stack.base_url + "/", timeout=10)
    assert index.status_code == 200
    assert "no-cache" in index.headers.get("cache-control", ""), index.headers
    parser = _Assets()
    parser.feed(index.text)
    assert parser.inline_scripts == 0, "index.html has an inline <script>: the CSP forbids it"
    assert any(u.endswith(".js") for u in parser.urls) and any(u.endswith(".css") for u in parser.urls)

    for url in parser.urls:
        for encoding in ("br", "gzip"):
            resp = requests.get(
                web_stack.base_url + url, headers={"Accept-Encoding": encoding}, stream=True, timeout=10
            )
            resp.close()
            assert resp.status_code == 200, url
            assert resp.headers.get("content-encoding") == encoding, (url, encoding, resp.headers)
            cache = resp.headers.get("cache-control", "")
            assert "immutable" in cache, (url, cache)
            max_age = re.search(r"max-age=(\d+)", cache)
            assert max_age and int(max_age.group(1)) >= 365 * 86400, (url, cache)

    # a client route falls back to index.html, not cached either
    deep = requests.get(web_stack.base_url + "/etps/novo", timeout=10)
    assert deep.status_code == 200 and deep.text == index.text
    assert "no-cache" in deep.headers.get("cache-control", "")


def test_wrong_password_shows_the_apis_message(page, web_stack, verified_user):
    user = verified_user()
    expected = web_stack.api("/api/v1/auth/login", "POST", {"email": user["email"], "password": "errada-1234"})
    assert expected.status_code == 401
    message = expected.json()["message"]

    page.goto("/entrar")
    page.get_by_label("E-mail").fill(user["email"])
    page.get_by_label("Senha").fill("outra-senha-errada")
    page.get_by_role("button", name="Entrar", exact=True).click()
    expect(page.get_by_text(message)).to_be_visible()
    assert re.search(r"/entrar", page.url)
    assert_accessible(page, "página de entrada com erro de senha")


def test_sign_in_lands_on_the_etp_list(page, signed_in_page, verified_user):
    signed_in_page(verified_user(), page)
    assert page.url.rstrip("/").endswith("/etps")
    assert_accessible(page, "lista de ETPs, vazia")
