"""Housekeeping run by Celery beat: expired exports, expired reset tokens, ended login sessions, old
failed-login counters, and the sweep of lost jobs.

The sweep (``services/job_leases.py``) exists because a worker can die without a trace (SIGKILL, OOM
kill, node lost) and Redis can lose its messages: a running job whose lease expired is published
again (or failed, its sections released, when it has no attempts left), a queued job whose message
may be gone is published again, and a job stuck past its hard time limit is failed — what the reaper
of stuck jobs did before leases.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from flask import current_app
from sqlalchemy import CursorResult, delete, or_

from etp_app.extensions import db
from etp_app.models import PasswordResetToken
from etp_app.services import backups, exports, job_leases, login_throttle, mail, sessions

log = logging.getLogger(__name__)

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


def sweep_jobs(
    hard_limits: Mapping[str, int], default_limit: int, margin_seconds: int, now: datetime | None = None
) -> dict[str, list[str]]:
    """The sweep of lost and stuck jobs (services/job_leases.py), then the backup rows of dead runs."""
    rules = job_leases.SweepRules(
        grace=timedelta(seconds=int(current_app.config.get("JOB_QUEUED_GRACE_SECONDS", 60))),
        stuck_after={kind: int(limit) + margin_seconds for kind, limit in hard_limits.items()},
        default_stuck_after=default_limit + margin_seconds,
    )
    report = job_leases.sweep(rules, now)
    backups.reap_stuck_backups(int(hard_limits.get("backup", default_limit)) + margin_seconds)
    return report.as_dict()
