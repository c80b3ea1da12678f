"""Logging: one line of JSON per record, with the request id when there is one.

In the API the request id comes from the request (``X-Request-ID`` in and out). In a Celery worker
``workers.signals`` binds the task's context for the duration of each task — its task id, task name
and the request id the API sent in the message headers — so a request and the job it started share
one id across processes. Every line is scrubbed (``observability.scrub_text``): no tokens, keys or
passwords reach the log, whatever a message was given. The one exception is a record logged with
``extra={UNSCRUBBED: True}``: the development outbox line of ``services.mail``, whose point is to show
a link with its token (never logged so in production).
"""

from __future__ import annotations

import json
import logging
import sys
import time
from contextvars import ContextVar
from typing import Any

from etp_app.observability import scrub_text
from etp_app.request_context import current_request_id

_task_context: ContextVar[dict[str, Any] | None] = ContextVar("etp_task_context", default=None)
# A record attribute: its message is logged as given (see the module docstring).
UNSCRUBBED = "etp_unscrubbed"


def bind_task_context(*, task_id: str | None, task_name: str | None, request_id: str | None) -> None:
    """Called by the worker before a task runs (same thread as the task)."""
    _task_context.set({"task_id": task_id, "task_name": task_name, "request_id": request_id})


def clear_task_context() -> None:
    _task_context.set(None)


def task_context() -> dict[str, Any] | None:
    return _task_context.get()


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage() if getattr(record, UNSCRUBBED, False) else scrub_text(record.getMessage()),
        }
        request_id = getattr(record, "request_id", None)
        if request_id:
            payload["request_id"] = request_id
        task_id = getattr(record, "task_id", None)
        if task_id:
            payload["task_id"] = task_id
            payload["task"] = getattr(record, "task_name", None)
        if record.exc_info:
            payload["exc"] = scrub_text(self.formatException(record.exc_info))
        return json.dumps(payload, ensure_ascii=False)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        context = _task_context.get()
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id() or (context or {}).get("request_id")
        if context is not None and not hasattr(record, "task_id"):
            record.task_id = context.get("task_id")
            record.task_name = context.get("task_name")
        return True


_configured = False


def configure_logging(level: str = "INFO") -> None:
    global _configured
    if _configured:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # Flask-Migrate's import makes alembic announce each of its plugins at INFO in every process.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    _configured = True
