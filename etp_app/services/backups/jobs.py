"""Backups as jobs, for the API, beat and the worker: an administrator's request (202 with a job), the
daily scheduled request (one per slot), the worker's run of a backup job, the reaper of rows a dead
process left ``running``, and the last backup's status for ``/api/metrics``.

At most one backup job is queued or running at a time: requests take one advisory lock and check.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.engine import Connection

from etp_app.errors import Conflict
from etp_app.extensions import db
from etp_app.models import Job
from etp_app.models.backup import Backup
from etp_app.security import Identity
from etp_app.services import audit, jobs
from etp_app.services.backups.core import PARTIAL_SUFFIX, _now
from etp_app.services.backups.dump import create_backup
from etp_app.services.backups.files import _discard

# the package's one logger name, the one operators' log filters match
log = logging.getLogger(__package__)

ACTIVE_JOB_STATES = ("queued", "running")

FAILED_MESSAGE = "O backup falhou: {reason}"


def _active_backup_job() -> Job | None:
    return db.session.scalar(
        select(Job)
        .where(Job.kind == "backup", Job.state.in_(ACTIVE_JOB_STATES))
        .order_by(Job.created_at.desc())
        .limit(1)
    )


def request_backup(identity: Identity, *, idempotency_key: str | None = None) -> tuple[Job, bool]:
    """A system administrator asks for a backup now: a job row, then the message (202)."""
    fingerprint = jobs.request_fingerprint("backup", {}, {}) if idempotency_key else None
    existing = jobs.find_idempotent(
        identity, idempotency_key, fingerprint, legacy_match=lambda job: job.kind == "backup"
    )
    if existing is not None:
        return existing, False
    db.session.execute(text("SELECT pg_advisory_xact_lock(hashtext('etp:backup:request'))"))
    active = _active_backup_job()
    if active is not None:
        raise Conflict("Já há um backup na fila ou em execução.", errors={"job_id": [str(active.id)]})
    job = jobs.create(
        identity,
        "backup",
        params={"trigger": "api"},
        idempotency_key=idempotency_key,
        request_fingerprint=fingerprint,
    )
    audit.record(
        "backup.requested",
        organization_id=identity.organization_id,
        actor_id=identity.user_id,
        target_type="job",
        target_id=job.id,
    )
    db.session.commit()
    return jobs.enqueue(job), True


def request_scheduled_backup(slot: str) -> Job | None:
    """Beat's daily backup: one job per schedule slot, even if the beat message is delivered twice."""
    key = f"schedule:{slot}"
    db.session.execute(text("SELECT pg_advisory_xact_lock(hashtext('etp:backup:request'))"))
    if db.session.scalar(select(Job.id).where(Job.kind == "backup", Job.idempotency_key == key)) is not None:
        db.session.rollback()
        log.info("scheduled backup %s already requested", slot)
        return None
    active = _active_backup_job()
    if active is not None:
        db.session.rollback()
        log.warning("scheduled backup %s skipped: backup job %s is still %s", slot, active.id, active.state)
        return None
    job = jobs.create(None, "backup", params={"trigger": "schedule", "slot": slot}, idempotency_key=key)
    db.session.commit()
    return jobs.enqueue(job)


def run_backup_job(job_id: uuid.UUID) -> None:
    """Worker entry of a backup job: dump, verify, record; the job ends succeeded or failed."""
    job = jobs.begin(job_id)
    if job is None:
        return
    trigger = (job.params or {}).get("trigger") or "api"
    created_by = job.created_by
    db.session.commit()
    backup = create_backup(
        trigger=trigger if trigger in ("schedule", "api", "cli") else "api", job_id=job_id, created_by=created_by
    )
    job = jobs.lock_running(job_id)
    if job is None:  # cancelled or reaped meanwhile: the backup row tells the truth about the file
        db.session.rollback()
        return
    result: dict[str, Any] = {"backup_id": str(backup.id), "file_name": backup.file_name, "status": backup.status}
    if backup.status == "succeeded":
        result.update(
            size_bytes=backup.size_bytes,
            sha256=backup.sha256,
            duration_seconds=backup.duration_seconds,
            tables=len(backup.table_counts or {}),
        )
        jobs.succeed(job, result)
    else:
        jobs.fail(job, FAILED_MESSAGE.format(reason=backup.error or "erro desconhecido"), result)
    db.session.commit()


def reap_stuck_backups(older_than_seconds: int) -> int:
    """Backups rows left ``running`` by a dead process become failed (their partial file is removed)."""
    cutoff = _now() - timedelta(seconds=older_than_seconds)
    rows = db.session.scalars(
        select(Backup).where(Backup.status == "running", Backup.started_at < cutoff).with_for_update(skip_locked=True)
    ).all()
    for row in rows:
        row.status = "failed"
        row.error = "O backup foi interrompido (o processo que o executava parou) e não terminou."
        row.finished_at = _now()
        _discard(Path(row.path + PARTIAL_SUFFIX))
    db.session.commit()
    return len(rows)


def status_for_metrics(conn: Connection) -> dict[str, Any]:
    """The last good backup and the last restore check, for /api/metrics (one short query each)."""
    good = conn.execute(
        text(
            "SELECT finished_at, size_bytes FROM backups WHERE status = 'succeeded' AND deleted_at IS NULL "
            "ORDER BY finished_at DESC LIMIT 1"
        )
    ).first()
    last = conn.execute(text("SELECT status, started_at FROM backups ORDER BY started_at DESC LIMIT 1")).first()
    check = conn.execute(
        text(
            "SELECT restore_checked_at, (restore_check->>'ok')::boolean FROM backups "
            "WHERE restore_checked_at IS NOT NULL ORDER BY restore_checked_at DESC LIMIT 1"
        )
    ).first()
    now = _now()
    return {
        "last_success_at": good[0] if good else None,
        "last_success_age_seconds": round((now - good[0]).total_seconds(), 3) if good else None,
        "last_success_size_bytes": int(good[1]) if good and good[1] is not None else None,
        "last_status": last[0] if last else None,
        "last_restore_check_at": check[0] if check else None,
        "last_restore_check_ok": bool(check[1]) if check and check[1] is not None else None,
    }
