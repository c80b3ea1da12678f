"""The id of the current HTTP request, for whoever needs it below the HTTP layer.

``etp_app.http`` assigns it (the client's ``X-Request-ID`` when valid, else a fresh one) and echoes it
in the response; the job ledger puts it in the headers of the Celery message a request sends, and the
log formatter stamps it on every line, so a request and the job it started share one id. This module
imports nothing of the app: the services and the logging setup read the id from here without
importing the HTTP layer (an import-linter contract in pyproject.toml forbids that for the services).
"""

from __future__ import annotations

from flask import g, has_request_context


def bind_request_id(request_id: str) -> None:
    """Make ``request_id`` the id of the request being handled (called once per request)."""
    g.request_id = request_id


def current_request_id() -> str | None:
    """The id of the request being handled; None outside a request (a worker, the CLI)."""
    if has_request_context():
        return g.get("request_id")
    return None
