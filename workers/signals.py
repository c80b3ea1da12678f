"""Worker lifecycle hooks: fresh DB connections after fork, a clean session after every task, the
request id and task id in every log line (and Sentry event) of a task, and the job duration metric.

Some hooks run outside any task's app context (worker start, after a fork, after a task): they use
the Flask app the worker's entry point hands to :func:`init_app`. The entry point imports this module,
so this module never imports the entry point.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid

from celery.signals import task_postrun, task_prerun, worker_init, worker_process_init, worker_shutdown
from flask import Flask, current_app

from etp_app import metrics
from etp_app.extensions import db
from etp_app.logging_setup import bind_task_context, clear_task_context
from etp_app.observability import sentry_enabled
from etp_app.services import jobs, mail
from etp_app.task_names import JOB_TASKS
from workers.tasks.drafting import warm_up

log = logging.getLogger(__name__)

_started: dict[str, float] = {}
_started_lock = threading.Lock()
_app: Flask | None = None


def init_app(app: Flask) -> None:
    """Give the hooks the worker's Flask app (celery_worker.py calls it once, before the worker starts)."""
    global _app
    _app = app


def _flask_app() -> Flask:
    try:
        return current_app._get_current_object()  # type: ignore[attr-defined]  # a LocalProxy typed as Flask
    except RuntimeError:  # outside an app context
        if _app is None:
            raise RuntimeError("workers.signals.init_app(app) was not called by the worker's entry point") from None
        return _app


@worker_process_init.connect
def _dispose_engine_after_fork(**_kwargs) -> None:
    """Connections inherited from the parent process must never be shared with it."""
    with _flask_app().app_context():
        db.engine.dispose(close=False)


@worker_init.connect
def _prepare_worker(**_kwargs) -> None:
    """Before the pool starts, in the worker's main process (forked children inherit both):

    - load the AI provider's SDK: ``import openai`` costs about a second of CPU; done lazily by the
      first drafting task it would hold the import lock (and the GIL) while every other thread's
      first task waited;
    - queue shared metrics for a background thread, so a job thread spends no Redis round trip on
      them;
    - import the modules that define mail kinds (an error in one stops the worker here, not at its
      first mail) and warn when production has no SMTP (mail then stays in the outbox)."""
    with _flask_app().app_context():
        warm_up()
        mail.load_kinds()
        mail.warn_if_not_configured()
    metrics.buffer_writes()


@worker_shutdown.connect
def _flush_metrics(**_kwargs) -> None:
    metrics.flush_writes()


def _request_id_of(task) -> str | None:
    request = getattr(task, "request", None)
    value = getattr(request, "request_id", None)
    if value is None:
        value = (getattr(request, "headers", None) or {}).get("request_id")
    return str(value)[:128] if value else None


@task_prerun.connect
def _bind_task_context(task_id=None, task=None, **_kwargs) -> None:
    """Runs in the task's thread, inside the task's Sentry scope (CeleryIntegration wraps the tracer)."""
    request_id = _request_id_of(task)
    name = getattr(task, "name", None)
    bind_task_context(task_id=task_id, task_name=name, request_id=request_id)
    if task_id:
        with _started_lock:
            _started[task_id] = time.time()
    if sentry_enabled():
        # imported only when Sentry is on, as in etp_app.observability (about 0.1 s of start-up otherwise)
        import sentry_sdk

        if request_id:
            sentry_sdk.set_tag("request_id", request_id)
        if task_id and name in JOB_TASKS:
            sentry_sdk.set_tag("job_id", task_id)


@task_postrun.connect
def _after_task(task_id=None, task=None, **_kwargs) -> None:
    with _started_lock:
        started = _started.pop(task_id, None) if task_id else None
    try:
        if started is not None and getattr(task, "name", None) in JOB_TASKS:
            _observe_job_duration(task_id, started)
    finally:
        clear_task_context()
        _remove_session()


def _observe_job_duration(task_id: str, started_wall: float) -> None:
    """The job finished in this execution (not a redelivery of a finished job): observe its duration."""
    try:
        job_id = uuid.UUID(task_id)
    except ValueError:
        return
    try:
        with _flask_app().app_context():
            try:
                finished = jobs.finished_duration(job_id, not_before=started_wall - 1.0)
                if finished is not None:
                    metrics.observe_job_duration(*finished)
            finally:
                db.session.remove()
    except Exception as exc:  # noqa: BLE001 - a metric never breaks the worker
        log.warning("job duration not observed for %s: %s", task_id, exc.__class__.__name__)


def _remove_session() -> None:
    try:
        db.session.remove()
    except RuntimeError:  # no app context: nothing to clean
        pass
