"""Drafting tasks: thin and idempotent. They take a job id; the service does the work."""

from __future__ import annotations

import logging
import threading
import uuid

import redis
from celery import shared_task
from flask import current_app

from etp_app import task_names
from etp_app.drafting.engine import DraftEngine, EngineSettings
from etp_app.services import drafting, jobs
from workers.jobrun import JobFailures, run_job

log = logging.getLogger(__name__)

_engine: DraftEngine | None = None
_engine_lock = threading.Lock()

TIME_LIMIT_MESSAGE = "A redação excedeu o tempo limite e foi interrompida. Tente novamente."
UNEXPECTED_MESSAGE = "Erro inesperado durante a redação. A equipe foi notificada; tente novamente."


def engine() -> DraftEngine:
    """One engine per worker process (its HTTP client and Redis connections are thread-safe)."""
    global _engine
    if _engine is None:
        with _engine_lock:
            if _engine is None:
                client = redis.Redis.from_url(
                    current_app.config["REDIS_URL"], socket_timeout=2, socket_connect_timeout=2
                )
                _engine = DraftEngine(EngineSettings.from_config(current_app.config), redis_client=client)
    return _engine


def warm_up() -> None:
    """Import what the configured provider needs (no connection is opened: safe before a fork)."""
    if EngineSettings.from_config(current_app.config).provider == "openai":
        # imported here, not at the top: it imports openai (about a second), needless offline
        import etp_app.drafting.providers.openai_provider  # noqa: F401


def _draft(job_id: uuid.UUID) -> None:
    drafting.run_draft_job(job_id, engine())


def _report(job_id: uuid.UUID, _exc: Exception) -> None:
    log.exception("draft job %s failed unexpectedly", job_id)


_FAILURES = JobFailures(
    record=jobs.fail_by_id,
    time_limit_message=TIME_LIMIT_MESSAGE,
    unexpected_message=UNEXPECTED_MESSAGE,
    report_unexpected=_report,
)


@shared_task(name=task_names.DRAFT_SECTION)
def draft_section(job_id: str) -> None:
    run_job(job_id, _draft, _FAILURES)


@shared_task(name=task_names.DRAFT_ETP)
def draft_etp(job_id: str) -> None:
    run_job(job_id, _draft, _FAILURES)
