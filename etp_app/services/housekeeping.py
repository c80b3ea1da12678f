"""Housekeeping run by Celery beat: expired exports, expired reset tokens, ended login sessions, old
failed-login counters, and the reaper of jobs stuck in ``running``.

The reaper exists because a worker can die without a trace (OOM kill, node lost): its job row stays
``running`` and, with late acks, the message only comes back after Redis's visibility timeout. No
execution of a task outlives its hard time limit, so a job whose row has not changed for longer than
that limit plus a margin is not running anywhere: it is marked failed with a clear message and the
sections it had marked ``drafting`` are released (as ``jobs.fail_by_id`` does, but re-checked under
the row lock). If its message is redelivered
later, ``jobs.begin`` sees a terminal job and does nothing.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, or_, select

from etp_app.extensions import db
from etp_app.models import Job, PasswordResetToken
from etp_app.services import backups, exports, jobs, login_throttle, mail, sessions
from etp_app.services.sections import release_drafting_marks

log = logging.getLogger(__name__)

REAPED_MESSAGE = (
    "O trabalho ficou em execução por mais de {limit} s sem terminar (o limite é {hard} s): o processo que "
    "o executava foi interrompido. Ele foi encerrado como falho; peça-o novamente."
)
USED_TOKEN_KEEP = timedelta(days=1)


def _now() -> datetime:
    return datetime.now(UTC)


def purge_expired_exports() -> Any:
    """Expired export files and rows (the exports service owns the rule)."""
    result = exports.purge_expired()
    log.info("housekeeping: expired exports purged: %s", result)
    return result


def purge_expired_reset_tokens(now: datetime | None = None) -> int:
    """Password reset tokens past their expiry, and used ones older than a day."""
    now = now or _now()
    result = cast(  # a DELETE's result is a CursorResult (its rowcount); the session's stub says Result
        "CursorResult[Any]",
        db.session.execute(
            delete(PasswordResetToken).where(
                or_(
                    PasswordResetToken.expires_at < now,
                    PasswordResetToken.used_at < now - USED_TOKEN_KEEP,
                )
            )
        ),
    )
    db.session.commit()
    count = int(result.rowcount or 0)
    if count:
        log.info("housekeeping: %d expired or used password reset tokens deleted", count)
    return count


def purge_old_mail(now: datetime | None = None) -> int:
    """Rows of the mail outbox older than ``MAIL_OUTBOX_RETENTION_DAYS`` (services/mail.py)."""
    count = mail.purge_old(now)
    if count:
        log.info("housekeeping: %d old mail_outbox rows deleted", count)
    return count


def purge_ended_sessions(now: datetime | None = None) -> int:
    """Login sessions expired or revoked for more than 30 days (services/sessions.py)."""
    count = sessions.purge_ended_sessions(now)
    if count:
        log.info("housekeeping: %d ended login sessions deleted", count)
    return count


def purge_login_throttles(now: datetime | None = None) -> int:
    """Failed-login counters whose window and block are over (services/login_throttle.py)."""
    count = login_throttle.purge(now)
    if count:
        log.info("housekeeping: %d old login throttle counters deleted", count)
    return count


def reap_stuck_jobs(
    hard_limits: Mapping[str, int], default_limit: int, margin_seconds: int, now: datetime | None = None
) -> list[uuid.UUID]:
    """Fail jobs ``running`` with no change for longer than their kind's hard time limit + margin."""
    now = now or _now()
    shortest = min([default_limit, *hard_limits.values()]) + margin_seconds
    candidates = db.session.execute(
        select(Job.id, Job.kind, Job.updated_at).where(
            Job.state == "running", Job.updated_at < now - timedelta(seconds=shortest)
        )
    ).all()
    db.session.rollback()
    reaped: list[uuid.UUID] = []
    for job_id, kind, _updated_at in candidates:
        hard = int(hard_limits.get(kind, default_limit))
        threshold = now - timedelta(seconds=hard + margin_seconds)
        # re-check under the row lock: a job that moved meanwhile is alive and stays untouched
        job = db.session.get(Job, job_id, with_for_update=True, populate_existing=True)
        if job is None or job.state != "running" or job.updated_at >= threshold:
            db.session.rollback()
            continue
        since = job.updated_at
        jobs.fail(job, REAPED_MESSAGE.format(limit=hard + margin_seconds, hard=hard))
        release_drafting_marks(job)
        db.session.commit()
        reaped.append(job_id)
        log.warning(
            "housekeeping: job %s (%s) stuck in running since %s: marked failed", job_id, kind, since.isoformat()
        )
    backups.reap_stuck_backups(int(hard_limits.get("backup", default_limit)) + margin_seconds)
    return reaped
