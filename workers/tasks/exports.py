"""Export tasks: thin and idempotent. They take a job id; the export service does the work."""

from __future__ import annotations

import logging
import uuid

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from etp_app.services import exports

log = logging.getLogger(__name__)

TIME_LIMIT_MESSAGE = "A geração do documento excedeu o tempo limite e foi interrompida. Tente novamente."
UNEXPECTED_MESSAGE = "Erro inesperado durante a exportação. A equipe foi notificada; tente novamente."


@shared_task(name="workers.tasks.exports.render_export")
def render_export(job_id: str) -> None:
    """Render one export job (redelivery of a finished job does nothing)."""
    jid = uuid.UUID(job_id)
    try:
        exports.run_export_job(jid)
    except SoftTimeLimitExceeded:
        exports.fail_export_job(jid, TIME_LIMIT_MESSAGE)
    except exports.ExportError as exc:
        timed_out = isinstance(exc.__cause__, SoftTimeLimitExceeded)
        exports.fail_export_job(jid, TIME_LIMIT_MESSAGE if timed_out else exc.message)
    except Exception:
        log.exception("export job %s failed unexpectedly", job_id)
        exports.fail_export_job(jid, UNEXPECTED_MESSAGE)
