"""Export tasks: thin and idempotent. They take a job id; the export service does the work."""

from __future__ import annotations

import logging
import operator
import uuid

from celery import shared_task

from etp_app import task_names
from etp_app.services import exports
from workers.jobrun import JobFailures, run_job

log = logging.getLogger(__name__)

TIME_LIMIT_MESSAGE = "A geração do documento excedeu o tempo limite e foi interrompida. Tente novamente."
UNEXPECTED_MESSAGE = "Erro inesperado durante a exportação. A equipe foi notificada; tente novamente."


def _report(job_id: uuid.UUID, _exc: Exception) -> None:
    log.exception("export job %s failed unexpectedly", job_id)


_FAILURES = JobFailures(
    record=exports.fail_export_job,
    time_limit_message=TIME_LIMIT_MESSAGE,
    unexpected_message=UNEXPECTED_MESSAGE,
    report_unexpected=_report,
    expected=(exports.ExportError,),
    expected_message=operator.attrgetter("message"),
)


@shared_task(name=task_names.RENDER_EXPORT)
def render_export(job_id: str) -> None:
    """Render one export job (redelivery of a finished job does nothing)."""
    run_job(job_id, exports.run_export_job, _FAILURES)
