"""Maintenance tasks (queue ``maintenance``): backups, the weekly restore check and housekeeping.

Thin like every task: they call services. Beat fires ``scheduled_backup``, ``verify_restore``,
``purge_expired_exports``, ``purge_expired_tokens``, ``purge_trash`` and ``sweep_jobs`` (config/celery.py);
``run_backup`` runs a backup job created by the API or by ``scheduled_backup``.
"""

from __future__ import annotations

import logging
import os
import uuid
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from celery import shared_task
from flask import current_app

from config.celery import hard_time_limits
from etp_app import task_names
from etp_app.services import backups, housekeeping, jobs, trash
from workers.jobrun import JobFailures, run_job

log = logging.getLogger(__name__)

TIME_LIMIT_MESSAGE = (
    "O backup excedeu o tempo limite e foi interrompido. Verifique o tamanho do banco e tente novamente."
)
UNEXPECTED_MESSAGE = "Erro inesperado durante o backup. A equipe foi notificada; tente novamente."


def _report(job_id: uuid.UUID, exc: Exception) -> None:
    """Logged at ERROR and sent to Sentry once, by the backup service (no log line of our own)."""
    backups.report_unexpected(exc, job_id=job_id)


_FAILURES = JobFailures(
    record=jobs.fail_by_id,
    time_limit_message=TIME_LIMIT_MESSAGE,
    unexpected_message=UNEXPECTED_MESSAGE,
    report_unexpected=_report,
)


@shared_task(name=task_names.RUN_BACKUP)
def run_backup(job_id: str) -> None:
    """One backup job: pg_dump, verify, record; the job ends succeeded or failed."""
    run_job(job_id, backups.run_backup_job, _FAILURES)


@shared_task(name=task_names.SCHEDULED_BACKUP, bind=True)
def scheduled_backup(self) -> str | None:
    """Beat's daily backup: a job row (one per beat message, even when delivered twice), then run_backup."""
    slot = _slot(self.request.id)
    job = backups.request_scheduled_backup(slot)
    return str(job.id) if job is not None else None


def _slot(task_id: str | None) -> str:
    """The schedule slot of this beat message: its local date and the message id (a redelivery keeps it)."""
    tz = ZoneInfo(str(current_app.extensions["celery"].conf.timezone or "America/Sao_Paulo"))
    day = datetime.now(UTC).astimezone(tz).strftime("%Y-%m-%d")
    return f"{day}:{task_id or uuid.uuid4()}"


@shared_task(name=task_names.VERIFY_RESTORE)
def verify_restore(backup_id: str | None = None) -> dict | None:
    """Weekly: restore the newest good backup into a scratch database and compare every table's count."""
    try:
        row = backups.verify_restore(uuid.UUID(backup_id) if backup_id else None)
    except backups.BackupError:
        return None  # already reported (log, Sentry, metric)
    return row.restore_check


@shared_task(name=task_names.PURGE_EXPIRED_EXPORTS)
def purge_expired_exports():
    return housekeeping.purge_expired_exports()


@shared_task(name=task_names.PURGE_EXPIRED_TOKENS)
def purge_expired_tokens() -> dict:
    deleted = housekeeping.purge_expired_reset_tokens()
    sessions_deleted = housekeeping.purge_ended_sessions()
    mail_deleted = housekeeping.purge_old_mail()
    throttles_deleted = housekeeping.purge_login_throttles()
    return {
        "reset_tokens_deleted": deleted,
        "sessions_deleted": sessions_deleted,
        "mail_deleted": mail_deleted,
        "login_throttles_deleted": throttles_deleted,
    }


@shared_task(name=task_names.PURGE_TRASH)
def purge_trash() -> list[str]:
    """ETPs whose ``TRASH_RETENTION_DAYS`` in the trash are over: deleted for good (audited, no actor)."""
    return [str(etp_id) for etp_id in trash.purge_expired()]


@shared_task(name=task_names.SWEEP_JOBS)
def sweep_jobs() -> dict[str, list[str]]:
    """Beat, every ``JOB_SWEEP_SECONDS``: re-publish jobs whose worker died or whose message is gone,
    fail those out of attempts or stuck past their hard time limit plus ``REAPER_MARGIN_SECONDS``
    (120), releasing their sections (services/job_leases.py)."""
    limits, default = hard_time_limits(current_app.extensions["celery"].conf)
    margin = int(current_app.config.get("REAPER_MARGIN_SECONDS") or _env_int("REAPER_MARGIN_SECONDS", 120))
    return housekeeping.sweep_jobs(limits, default, margin)


@shared_task(name=task_names.REAP_STUCK_JOBS)
def reap_stuck_jobs() -> dict[str, list[str]]:
    """The reaper's old name (messages of an older beat): the sweep does its work now."""
    return sweep_jobs()


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default
