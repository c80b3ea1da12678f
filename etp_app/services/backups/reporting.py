"""How a backup failure is reported, the same way from every stage: an ERROR log line and a Sentry event
(``observability.report_failure``) and ``etp_backup_failures_total{stage}``, so an operator learns of a
failed dump, verification or restore check without reading the worker's logs."""

from __future__ import annotations

import uuid
from typing import Any

from etp_app import metrics
from etp_app.models.backup import Backup
from etp_app.observability import report_failure
from etp_app.services.backups.core import BackupError


def report_unexpected(exc: BaseException, *, job_id: uuid.UUID | None = None) -> None:
    """A backup job failed outside the dump itself (e.g. the database went away): report it."""
    _report(BackupError(f"erro inesperado ({exc.__class__.__name__})"), exc_info=exc, job_id=job_id)


def _report(
    exc: BackupError,
    *,
    backup: Backup | None = None,
    exc_info: BaseException | None = None,
    job_id: uuid.UUID | None = None,
) -> None:
    metrics.BACKUP_FAILURES.inc(stage=exc.stage)
    tags = {"backup_stage": exc.stage}
    if job_id is not None:
        tags["job_id"] = str(job_id)
    extra: dict[str, Any] = {}
    if backup is not None:
        tags["backup_id"] = str(backup.id)
        extra = {
            "file_name": backup.file_name,
            "trigger": backup.trigger,
            "job_id": str(backup.job_id) if backup.job_id else None,
        }
    report_failure(
        f"Backup failure ({exc.stage}): {exc.message}",
        exc=exc_info,
        tags=tags,
        extra=extra,
        fingerprint=["etp-backup-failure", exc.stage],
    )
