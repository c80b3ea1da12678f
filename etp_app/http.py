"""Request hooks shared by every route: request ids, content-type rule, security headers."""
from __future__ import annotations

import re
import uuid

from flask import Flask, g, has_request_context, request

from etp_app.errors import envelope

_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._\-]{1,128}$")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def current_request_id() -> str | None:
    if has_request_context():
        return g.get("request_id")
    return None


def init_request_hooks(app: Flask) -> None:
    @app.before_request
    def _assign_request_id():
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if _REQUEST_ID_RE.match(incoming) else uuid.uuid4().hex

    @app.before_request
    def _require_json_bodies():
        if request.method not in _BODY_METHODS:
            return None
        has_body = (request.content_length or 0) > 0 or request.headers.get("Transfer-Encoding") == "chunked"
        if not has_body:
            return None
        if request.mimetype != "application/json":
            from flask import jsonify

            response = jsonify(envelope(415, "Tipo de conteúdo não suportado: envie application/json."))
            response.status_code = 415
            return response
        return None

    @app.after_request
    def _response_headers(response):
        response.headers["X-Request-ID"] = g.get("request_id", "")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if request.path.startswith("/api/v1/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response
