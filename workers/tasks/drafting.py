"""Drafting tasks: thin and idempotent. They take a job id; the service does the work."""

from __future__ import annotations

import logging
import threading
import uuid

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from flask import current_app

from etp_app.drafting.engine import DraftEngine, EngineSettings
from etp_app.services import drafting, jobs

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
                import redis

                client = redis.Redis.from_url(
                    current_app.config["REDIS_URL"], socket_timeout=2, socket_connect_timeout=2
                )
                _engine = DraftEngine(EngineSettings.from_config(current_app.config), redis_client=client)
    return _engine


def warm_up() -> None:
    """Import what the configured provider needs (no connection is opened: safe before a fork)."""
    if EngineSettings.from_config(current_app.config).provider == "openai":
        import etp_app.drafting.providers.openai_provider  # noqa: F401


def _run(job_id: str) -> None:
    try:
        drafting.run_draft_job(uuid.UUID(job_id), engine())
    except SoftTimeLimitExceeded:
        jobs.fail_by_id(uuid.UUID(job_id), TIME_LIMIT_MESSAGE)
    except Exception:
        log.exception("draft job %s failed unexpectedly", job_id)
        jobs.fail_by_id(uuid.UUID(job_id), UNEXPECTED_MESSAGE)


@shared_task(name="workers.tasks.drafting.draft_section")
def draft_section(job_id: str) -> None:
    _run(job_id)


@shared_task(name="workers.tasks.drafting.draft_etp")
def draft_etp(job_id: str) -> None:
    _run(job_id)
