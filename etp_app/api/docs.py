"""Swagger UI served from the app's own static files (no CDN: government networks are often closed).

The page gets its own Content-Security-Policy: scripts only from this origin plus the page's one
inline bootstrap script, allowed by its SHA-256 hash (computed from the page as served, so a change
of flask-smorest's template or of OPENAPI_SWAGGER_UI_CONFIG keeps working; any other inline script,
an injected one included, is refused). Styles need 'unsafe-inline': Swagger UI's bundle injects
inline styles (swagger-api/swagger-ui#10655), and its icons are data: SVGs. Nothing may frame it.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from flask import Blueprint, Flask, Response, request, send_from_directory

ASSETS_URL = "/api/docs/assets/"
DOCS_ENDPOINT = "api-docs.openapi_swagger_ui"
_INLINE_SCRIPT_RE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)


def docs_csp(html: str) -> str:
    """The policy of the docs page ``html``: its inline scripts by hash, everything else 'self'."""
    hashes = sorted(
        {
            "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
            for body in _INLINE_SCRIPT_RE.findall(html)
        }
    )
    return "; ".join(
        (
            "default-src 'none'",
            " ".join(("script-src 'self'", *hashes)),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )


def _swagger_ui_dir() -> Path:
    import swagger_ui_bundle

    return Path(swagger_ui_bundle.swagger_ui_path)


def register_swagger_assets(app: Flask) -> None:
    directory = _swagger_ui_dir()
    bp = Blueprint("swagger_assets", __name__)

    @bp.get(ASSETS_URL + "<path:filename>")
    def swagger_asset(filename: str):
        return send_from_directory(directory, filename, max_age=86400)

    app.register_blueprint(bp)

    @app.after_request
    def _docs_page_policy(response: Response) -> Response:
        if request.endpoint == DOCS_ENDPOINT and response.mimetype == "text/html":
            response.headers["Content-Security-Policy"] = docs_csp(response.get_data(as_text=True))
            response.headers["X-Frame-Options"] = "DENY"
        return response
