"""The API process serves the built web app at / (issue 12, §2 and §3): etp_app/webapp.py.

A fake build in a temporary WEB_APP_DIR (index.html, Vite-style hashed assets with their .gz/.br
siblings) behind a real app; the API next to it must stay untouched.
"""

from __future__ import annotations

import gzip
import os
import time

import brotli
import pytest

from etp_app.webapp import IMMUTABLE, NOT_BUILT_MESSAGE, web_csp

INDEX = (
    '<!doctype html>\n<html lang="pt-BR"><head><meta charset="utf-8"><title>ETP Express</title>'
    '<script type="module" crossorigin src="/assets/index-B1a2C3d4.js"></script>'
    '<link rel="stylesheet" href="/assets/index-E5f6G7h8.css"></head>'
    '<body><div id="root"></div></body></html>\n'
)
JS = "export const mensagem = 'Olá';\n" * 200
CSS = "body { font-family: Raleway, sans-serif; }\n" * 50
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


def _write_build(root) -> None:
    assets = root / "assets"
    assets.mkdir(parents=True)
    (root / "index.html").write_text(INDEX, encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nDisallow:\n", encoding="utf-8")
    (root / ".etp-built").write_text("", encoding="utf-8")
    for name, text in (("index-B1a2C3d4.js", JS), ("index-E5f6G7h8.css", CSS)):
        data = text.encode()
        (assets / name).write_bytes(data)
        (assets / f"{name}.gz").write_bytes(gzip.compress(data))
        (assets / f"{name}.br").write_bytes(brotli.compress(data))


@pytest.fixture(scope="module")
def web_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("dist")
    _write_build(root)
    return root


def _separate_app(app, app_config, **overrides):
    from etp_app import create_app

    os.environ.setdefault("DATABASE_URL", app_config["SQLALCHEMY_DATABASE_URI"])
    os.environ.setdefault("REDIS_URL", app_config["REDIS_URL"])
    other = create_app({**app_config, **overrides}, env_name="testing")
    if "celery" in app.extensions:  # create_app made the new app's Celery the default one
        app.extensions["celery"].set_default()
    return other


@pytest.fixture(scope="module")
def web_app(app, app_config, web_root):
    from etp_app.extensions import db

    other = _separate_app(app, app_config, WEB_APP_DIR=str(web_root), HSTS_HEADER="max-age=600; includeSubDomains")
    yield other
    with other.app_context():
        db.engine.dispose()


@pytest.fixture
def web(web_app):
    return web_app.test_client()


def _assert_web_headers(resp) -> None:
    assert resp.headers["Content-Security-Policy"] == web_csp({})
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"] in ("same-origin", "no-referrer")
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert resp.headers["Strict-Transport-Security"] == "max-age=600; includeSubDomains"
    assert "Access-Control-Allow-Origin" not in resp.headers


# --------------------------------------------------------------------------- files


def test_hashed_assets_are_immutable_for_a_year(web):
    resp = web.get("/assets/index-B1a2C3d4.js")
    assert resp.status_code == 200
    assert resp.headers["Cache-Control"] == IMMUTABLE
    assert resp.mimetype in ("text/javascript", "application/javascript")
    assert resp.get_data(as_text=True) == JS
    _assert_web_headers(resp)
    css = web.get("/assets/index-E5f6G7h8.css")
    assert css.status_code == 200 and css.mimetype == "text/css" and css.headers["Cache-Control"] == IMMUTABLE


def test_other_files_get_a_short_cache(web):
    resp = web.get("/robots.txt")
    assert resp.status_code == 200 and "immutable" not in resp.headers["Cache-Control"]
    assert "max-age=60" in resp.headers["Cache-Control"]


@pytest.mark.parametrize(
    ("accept", "encoding", "decode"),
    [
        ("br, gzip, deflate", "br", brotli.decompress),
        ("gzip, deflate", "gzip", gzip.decompress),
        ("identity", None, lambda data: data),
    ],
    ids=["br", "gzip", "none"],
)
def test_precompressed_siblings_are_served_by_accept_encoding(web, web_root, accept, encoding, decode):
    resp = web.get("/assets/index-B1a2C3d4.js", headers={"Accept-Encoding": accept})
    assert resp.status_code == 200
    assert resp.headers.get("Content-Encoding") == encoding
    assert "Accept-Encoding" in resp.headers.get("Vary", "")
    raw = resp.get_data()
    assert decode(raw) == JS.encode()
    suffix = {"br": ".br", "gzip": ".gz", None: ""}[encoding]
    assert raw == (web_root / "assets" / f"index-B1a2C3d4.js{suffix}").read_bytes()
    assert int(resp.headers["Content-Length"]) == len(raw)


def test_a_missing_file_is_a_404_page_not_the_app(web):
    for path in ("/assets/missing.js", "/favicon.ico", "/etps/1/anexo.pdf", "/.etp-built"):
        resp = web.get(path)
        assert resp.status_code == 404, path
        assert resp.mimetype == "text/html"
        body = resp.get_data(as_text=True)
        assert "não encontrad" in body and 'lang="pt-BR"' in body
        assert 'id="root"' not in body
        _assert_web_headers(resp)


# --------------------------------------------------------------------------- the app shell


@pytest.mark.parametrize("path", ["/", "/entrar", "/etps", "/etps/123/secoes/4", "/convite", "/index.html"])
def test_client_routes_answer_index_html_uncached(web, path):
    resp = web.get(path, query_string={"token": "abc"} if path == "/convite" else None)
    assert resp.status_code == 200, path
    assert resp.mimetype == "text/html"
    assert resp.get_data(as_text=True) == INDEX
    assert resp.headers["Cache-Control"] == "no-cache"
    _assert_web_headers(resp)


def test_head_of_a_client_route(web):
    resp = web.head("/etps/9")
    assert resp.status_code == 200 and resp.get_data() == b""
    assert resp.headers["Cache-Control"] == "no-cache"


def test_the_csp_allows_no_inline_script_or_style(web):
    csp = web.get("/").headers["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in csp.split("; ")}
    assert directives["script-src"] == ["'self'"] and directives["style-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"] and directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"] and directives["base-uri"] == ["'self'"]
    assert directives["connect-src"] == ["'self'"] and directives["form-action"] == ["'self'"]
    assert "data:" in directives["img-src"] and "blob:" in directives["img-src"]
    # the export preview frames a blob: URL of the PDF (the browser's viewer); nothing else is framed
    assert directives["frame-src"] == ["'self'", "blob:"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


# --------------------------------------------------------------------------- the API next to it


def test_the_api_is_untouched(web):
    resp = web.get("/api/v1/no-such-resource")
    assert resp.status_code == 404 and resp.mimetype == "application/json"
    assert resp.get_json()["code"] == 404
    assert resp.headers["Content-Security-Policy"] == API_CSP
    for path in ("/api", "/api/", "/api/assets/index-B1a2C3d4.js", "/api/index.html"):
        resp = web.get(path)
        assert resp.status_code == 404, path
        assert resp.mimetype == "application/json", path
    health = web.get("/api/health")
    assert health.mimetype == "application/json"
    spec = web.get("/api/openapi.json")
    assert spec.status_code == 200 and spec.get_json()["info"]["title"] == "ETP Express API"


def test_other_methods_outside_the_api_are_the_apis_json_answers(web):
    resp = web.post("/entrar", json={})
    assert resp.status_code in (404, 405) and resp.mimetype == "application/json"


# --------------------------------------------------------------------------- not built, rebuilt


@pytest.mark.parametrize("layout", ["missing", "empty"])
def test_without_a_build_the_app_paths_answer_503(app, app_config, tmp_path, layout):
    root = tmp_path / "dist"
    if layout == "empty":
        root.mkdir()
    unbuilt = _separate_app(app, app_config, WEB_APP_DIR=str(root)).test_client()
    for path in ("/", "/etps/1"):
        resp = unbuilt.get(path)
        assert resp.status_code == 503, path
        assert resp.mimetype == "text/html"
        text = resp.get_data(as_text=True)
        assert "O aplicativo web ainda não foi construído." in text and "make run" in text
        assert resp.headers["Content-Security-Policy"] == web_csp({})
    assert NOT_BUILT_MESSAGE.startswith("O aplicativo web ainda não foi construído.")
    assert unbuilt.get("/assets/x.js").status_code == 404
    assert unbuilt.get("/api/v1/no-such-resource").mimetype == "application/json"


def test_a_new_build_is_picked_up_without_a_restart(app, app_config, tmp_path):
    root = tmp_path / "dist"
    unbuilt = _separate_app(app, app_config, WEB_APP_DIR=str(root)).test_client()
    assert unbuilt.get("/").status_code == 503
    _write_build(root)
    resp = unbuilt.get("/")
    assert resp.status_code == 200 and resp.get_data(as_text=True) == INDEX
    assert unbuilt.get("/assets/index-B1a2C3d4.js").headers["Cache-Control"] == IMMUTABLE

    # a second build: a new index.html pointing at a new hashed asset
    (root / "assets" / "index-Z9y8X7w6.js").write_text("export {};\n", encoding="utf-8")
    new_index = INDEX.replace("index-B1a2C3d4.js", "index-Z9y8X7w6.js")
    (root / "index.html").write_text(new_index, encoding="utf-8")
    later = time.time() + 5
    os.utime(root / "index.html", (later, later))
    assert unbuilt.get("/assets/index-Z9y8X7w6.js").status_code == 200
    assert unbuilt.get("/etps").get_data(as_text=True) == new_index
