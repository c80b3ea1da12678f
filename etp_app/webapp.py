"""The built web app (``frontend/dist``, WEB_APP_DIR), served by the API process at ``/``.

A WSGI layer in front of the Flask app:

- ``/api`` and everything under it goes straight to Flask: never a file, never the app shell.
- Files of WEB_APP_DIR are served by WhiteNoise, which picks the precompressed ``.br`` / ``.gz``
  sibling the client accepts (``python -m whitenoise.compress`` writes them after ``vite build``;
  nothing is compressed here). Vite's hashed files under ``/assets/`` are cached for a year
  (``immutable``); anything else for a minute, except ``index.html``: ``no-cache``.
- Any other GET/HEAD of a path without a file extension is a client route (``/entrar``,
  ``/etps/12/secoes/4``): the answer is ``index.html`` (200, ``no-cache``), and the app's router
  takes it from there. A missing file (a path with an extension: ``/assets/x.js``, ``/favicon.ico``)
  is a small 404 page, not the app shell.
- Without ``index.html`` (the app was not built) every app path answers 503 with a page saying how
  to build it.
- The app's pages and files carry their own security headers (``web_headers``): a CSP without
  inline scripts or styles, nosniff, Referrer-Policy, X-Frame-Options and HSTS when configured. The
  API's answers keep their own (etp_app/http.py).

Files are listed once at start (WhiteNoise without autorefresh); when ``index.html`` changes on disk
(a new build while the API runs) the list is read again at the next request for a path it lacks.
"""

from __future__ import annotations

import html
import os
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from wsgiref.headers import Headers

from whitenoise import WhiteNoise

ASSETS_PREFIX = "/assets/"
IMMUTABLE = "public, max-age=31536000, immutable"
NOT_BUILT_MESSAGE = "O aplicativo web ainda não foi construído. Rode `make run` (ou `make web`)."
NOT_FOUND_MESSAGE = "Arquivo não encontrado."
_INDEX = "index.html"

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def url_origin(url: str) -> str:
    """``scheme://host[:port]`` of an http(s) URL, without user info (a Sentry DSN's key) or path;
    ``""`` when ``url`` is empty or not http(s). The same rule as frontend/nginx/18-etp-env.envsh."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    host = parts.netloc.rsplit("@", 1)[-1]
    return f"{parts.scheme}://{host}"


def web_csp(config: Mapping[str, Any]) -> str:
    """The Content-Security-Policy of the app's pages: everything from this origin only, no inline
    script or style (React's ``style={{}}`` goes through the CSSOM, which CSP allows), images also
    from ``data:``/``blob:``, never framed; frames only from this origin and ``blob:`` (the browser's
    own PDF viewer previews an export's file). ``connect-src`` also allows Sentry's ingest origin when
    the app was built with a browser DSN (``WEB_SENTRY_DSN``). frontend/Dockerfile's nginx sends the
    same policy (frontend/nginx/18-etp-env.envsh; tests/web/test_frontend_deploy.py compares them)."""
    connect = ["'self'"]
    sentry_origin = url_origin(str(config.get("WEB_SENTRY_DSN") or ""))
    if sentry_origin:
        connect.append(sentry_origin)
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data: blob:",
        "font-src": "'self'",
        "connect-src": " ".join(connect),
        # the PDF preview of an export: an <iframe> on a blob: URL of the downloaded file (plugins stay off)
        "frame-src": "'self' blob:",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def web_headers(config: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The security headers of every answer of the web app (pages, files, its 404 and 503)."""
    headers = [
        ("Content-Security-Policy", web_csp(config)),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
    ]
    hsts = config.get("HSTS_HEADER")
    if hsts:
        headers.append(("Strict-Transport-Security", str(hsts)))
    return headers


def _is_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


def _looks_like_file(path: str) -> bool:
    """A path whose last segment has an extension (``/assets/x.js``, ``/favicon.ico``)."""
    last = path.rsplit("/", 1)[-1]
    return "." in last


def _page(title: str, message: str) -> bytes:
    return (
        '<!doctype html>\n<html lang="pt-BR">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)} — ETP Express</title>\n</head>\n<body>\n<main>\n"
        f"<h1>{html.escape(title)}</h1>\n<p>{html.escape(message)}</p>\n</main>\n</body>\n</html>\n"
    ).encode()


class WebApp:
    """The WSGI app: ``/api`` to Flask, the rest to the built web app (module docstring)."""

    def __init__(self, api: WsgiApp, root: str | os.PathLike[str], config: Mapping[str, Any]):
        self.api = api
        self.root = Path(root)
        self.config = config
        self.security_headers = web_headers(config)
        self._lock = threading.Lock()
        self._index_stamp: float | None = None
        self.files = self._load()

    # ---------------------------------------------------------------- files

    def _index_mtime(self) -> float | None:
        try:
            return (self.root / _INDEX).stat().st_mtime
        except OSError:
            return None

    def _load(self) -> WhiteNoise:
        self._index_stamp = self._index_mtime()
        files = WhiteNoise(
            self._not_a_file,
            root=str(self.root) if self.root.is_dir() else None,
            prefix="/",
            index_file=False,
            max_age=60,
            allow_all_origins=False,
            immutable_file_test=lambda _path, url: url.startswith(ASSETS_PREFIX),
            add_headers_function=self._add_headers,
        )
        # the build's stamp files and any other dotfile are not part of the app
        for url in [u for u in files.files if any(part.startswith(".") for part in u.split("/"))]:
            del files.files[url]
        return files

    def _add_headers(self, headers: Headers, _path: str, url: str) -> None:
        if url.startswith(ASSETS_PREFIX):
            headers["Cache-Control"] = IMMUTABLE
        elif url == "/" + _INDEX:
            headers["Cache-Control"] = "no-cache"
        for name, value in self.security_headers:
            headers[name] = value

    def _refresh_if_rebuilt(self) -> bool:
        """Read the file list again when index.html changed since it was read (a new build)."""
        current = self._index_mtime()
        if current == self._index_stamp:
            return False
        with self._lock:
            if current != self._index_stamp:
                self.files = self._load()
        return True

    # ---------------------------------------------------------------- WSGI

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "") or "/"
        if _is_api(path) or environ.get("REQUEST_METHOD", "GET") not in ("GET", "HEAD"):
            return self.api(environ, start_response)
        files = self.files
        if files.files.get(path) is None and self._refresh_if_rebuilt():
            files = self.files
        return files(environ, start_response)

    def _not_a_file(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        """What WhiteNoise has no file for: a missing file (404) or a client route (index.html)."""
        path = environ.get("PATH_INFO", "") or "/"
        index = self.files.files.get("/" + _INDEX)
        if _looks_like_file(path):
            return self._answer(environ, start_response, "404 Not Found", "Página não encontrada", NOT_FOUND_MESSAGE)
        if index is None:
            return self._answer(
                environ, start_response, "503 Service Unavailable", "Aplicativo indisponível", NOT_BUILT_MESSAGE
            )
        return WhiteNoise.serve(index, environ, start_response)

    def _answer(
        self, environ: dict[str, Any], start_response: Callable[..., Any], status: str, title: str, message: str
    ) -> Iterable[bytes]:
        body = _page(title, message)
        headers = [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
            *self.security_headers,
        ]
        if status.startswith("503"):
            headers.append(("Retry-After", "30"))
        start_response(status, headers)
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]


def init_web_app(app: Any) -> None:
    """Put the web app in front of ``app.wsgi_app`` (call it before the proxy layer, which must stay
    outermost so the real client address reaches both)."""
    app.wsgi_app = WebApp(app.wsgi_app, app.config["WEB_APP_DIR"], app.config)
