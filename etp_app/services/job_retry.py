"""Giving a job back to the queue when it cannot go on now for a reason nobody can act on.

A job is failed only for reasons a person can act on (the ETP was deleted, the budget is spent, the
provider refused the request, the time limit passed). A database that does not answer, a broker
that drops a connection or a provider whose circuit is open are not such reasons: they pass, and
the job must run when they have passed, with what it already did kept.

* :class:`RetryLater` is what a service raises when it cannot go on now (the provider's circuit is
  open): the job goes back to ``queued`` — the attempt it used is given back, the sections it
  already stored stay in its result — and its message is published again with a countdown.
* A transient database error (:func:`is_transient`: connection refused or dropped, server restarted,
  a statement cancelled, a deadlock) is retried at two levels. A unit of work that must not be lost
  (the store of a drafted section: the provider was paid for it) runs once more on a fresh
  connection (:func:`retry_unit_once`). Past that, ``workers/jobrun.py`` waits for the database
  with backoff (:func:`give_back`, one short transaction per try), gives the job back and runs it
  again in the same task, where it was. When the database is still unreachable after
  ``JOB_DB_RETRY_SECONDS``, the task publishes its message again (countdown: the lease, so the next
  delivery finds the lease expired) and ends: the message is never consumed for nothing.
* A job that keeps waiting is bounded: once it has been waiting for longer than
  ``JOB_MAX_DEFER_SECONDS`` since its first deferral, it is failed with the original cause as its
  error, and its sections are released. A job that meets database errors again and again in one
  task is deferred too (:data:`DATABASE_UNAVAILABLE`), so a statement that always fails cannot keep
  a job going round for ever.

What is kept of a deferral is in the job's result under ``retry``: ``{"since", "count", "reason",
"progress"}`` (the reason is what a person reads while the job waits; all of it is gone when the job
finishes). A job that went on since its last wait (its progress moved) starts a new wait: the bound is
on one wait, not on all the waits of a long job together.

If publishing fails too (the broker is down as well), nothing is lost: the job is ``queued`` (or
``running`` under a lease that expires) and the sweep (``services.job_leases``) publishes it again.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import kombu.exceptions
import redis.exceptions
from flask import current_app
from sqlalchemy import text

from etp_app.errors import is_database_unavailable
from etp_app.extensions import db
from etp_app.models import Job
from etp_app.services import job_leases
from etp_app.services.sections import release_drafting_marks
from etp_app.task_names import QUEUE_OF_TASK, TASK_FOR_KIND

T = TypeVar("T")

log = logging.getLogger(__name__)

DATABASE_UNAVAILABLE = "O banco de dados ficou indisponível durante o trabalho."
GAVE_UP_MESSAGE = "O trabalho esperou {waited} por um serviço indisponível e foi encerrado: {reason} Peça-o novamente."

# Errors of the broker connection, not of the work: retried, never a job failure. The database's are
# ``etp_app.errors.is_database_unavailable`` (the API answers them 503): a refused or dropped
# connection, a restarted server, a cancelled statement, a deadlock, no pooled connection free.
BROKER_ERRORS: tuple[type[BaseException], ...] = (
    kombu.exceptions.OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)
# How long a unit of work retried once waits for the database to answer again (a restart takes a
# fraction of a second; longer outages are the task's to wait for, in workers/jobrun.py).
UNIT_RETRY_WAIT_SECONDS = 5.0


class RetryLater(Exception):
    """The job cannot go on now; run it again in ``countdown`` seconds. ``reason`` is the cause, in
    words a person reads (kept as the job's error if it waits for too long)."""

    def __init__(self, reason: str, countdown: float) -> None:
        super().__init__(reason)
        self.reason = reason
        self.countdown = max(1.0, float(countdown))


def is_transient(exc: BaseException) -> bool:
    """A database or broker connection error (the work itself did nothing wrong)."""
    return isinstance(exc, BROKER_ERRORS) or is_database_unavailable(exc)


def db_retry_seconds(config: Any = None) -> float:
    return float((config or current_app.config).get("JOB_DB_RETRY_SECONDS", 20))


def max_defer_seconds(config: Any = None) -> int:
    return int((config or current_app.config).get("JOB_MAX_DEFER_SECONDS", 900))


def _now() -> datetime:
    return datetime.now(UTC)


def _duration(seconds: int) -> str:
    """``"15 min"``, or ``"45 s"`` under two minutes (a bound set low reads true too)."""
    return f"{round(seconds / 60)} min" if seconds >= 120 else f"{seconds} s"


def waited_too_long(result: dict[str, Any] | None, now: datetime | None = None) -> bool:
    """The job has been waiting (deferred) for longer than ``JOB_MAX_DEFER_SECONDS``."""
    since = ((result or {}).get("retry") or {}).get("since")
    if not since:
        return False
    try:
        started = datetime.fromisoformat(since)
    except ValueError:
        return False
    return ((now or _now()) - started).total_seconds() > max_defer_seconds()


def give_back(job_id: uuid.UUID, worker: str, reason: str | None) -> str | None:
    """Put a job this worker runs back in ``queued`` (its attempt given back, its lease released).

    ``reason`` (a deferral) is recorded under ``result.retry``; None (a database error met mid-run,
    retried at once) records nothing. A job that waited for too long is failed instead, with the
    cause. Returns the job's kind when it may run again (also when it was still ``queued``: the
    error came before it started), or None when it must not (finished, cancelled, running under
    another worker's live lease, failed here). A job ``running`` under an expired lease of another
    worker (a run that died; this delivery met the database error before it could start the job) is
    queued as the sweep would, without giving back that run's attempt. Raises what the database
    raises (the caller retries)."""
    db.session.rollback()
    job = db.session.get(Job, job_id, with_for_update=True, populate_existing=True)
    if job is None or job.is_terminal:
        db.session.rollback()
        return None
    kind = job.kind
    now = _now()
    ours = job.state == "running" and job.worker == worker
    if job.state == "running" and not ours and not job_leases.lease_expired(job, now):
        db.session.rollback()
        return None  # another delivery holds it now
    if reason is not None:
        result = dict(job.result or {})
        retry = dict(result.get("retry") or {})
        if int(job.progress or 0) > int(retry.get("progress") or 0):
            # it went on since it last waited: this is a new wait, its clock starts now
            retry.pop("since", None)
            result["retry"] = retry
        if waited_too_long(result, now):
            job.state = "failed"
            job.error = GAVE_UP_MESSAGE.format(
                waited=_duration(max_defer_seconds()), reason=retry.get("reason") or reason
            )
            job.finished_at = now
            job.lease_expires_at = None
            job.worker = None
            release_drafting_marks(job)
            db.session.commit()
            log.warning("job %s waited longer than %s s: failed", job_id, max_defer_seconds())
            return None
        retry.setdefault("since", now.isoformat())
        retry["progress"] = int(job.progress or 0)
        retry["count"] = int(retry.get("count") or 0) + 1
        retry["reason"] = reason
        result["retry"] = retry
        job.result = result
    if job.state == "running":
        job.state = "queued"
        if ours:
            job.attempts = max(0, job.attempts - 1)  # not an interruption: the attempt is given back
        job.lease_expires_at = None
        job.worker = None
        job.updated_at = now  # the sweep's queued grace counts from now
    db.session.commit()
    return kind


def when_reachable(
    unit: Callable[[], T],
    deadline: float,
    *,
    what: str,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[bool, T | None]:
    """Run ``unit`` (one transaction), retried with backoff (0.25 s doubling to 4 s) while the
    database does not answer, until it does or ``deadline`` (``time.monotonic()``) passes:
    ``(True, what unit returned)`` or ``(False, None)``. Errors that are not transient are raised."""
    delay = 0.25
    while True:
        try:
            return True, unit()
        except Exception as exc:
            if not is_transient(exc):
                raise
            discard_session()
            if time.monotonic() + delay > deadline:
                return False, None
            log.warning("%s: database unavailable (%s); retrying in %.2f s", what, type(exc).__name__, delay)
            sleep(delay)
            delay = min(4.0, delay * 2)


def give_back_when_reachable(
    job_id: uuid.UUID,
    worker: str,
    reason: str | None,
    deadline: float,
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[bool, str | None]:
    """:func:`give_back` through :func:`when_reachable`: ``(reached, kind)``."""
    return when_reachable(lambda: give_back(job_id, worker, reason), deadline, what=f"job {job_id}", sleep=sleep)


def retry_unit_once(unit: Callable[[], T], *, what: str, wait: float = UNIT_RETRY_WAIT_SECONDS) -> T:
    """Run ``unit`` (one transaction, committed inside) and, when a transient database error
    interrupts it, once more on a fresh connection, after waiting up to ``wait`` seconds for the
    database to answer. A second failure is raised (the task's own retry takes over).

    ``unit`` must be safe to run again after a COMMIT whose answer was lost (the connection dropped
    while committing): it reads what it would write under a lock and skips what is already there."""
    try:
        return unit()
    except Exception as exc:
        if not is_transient(exc):
            raise
        log.warning("%s: database error (%s); retrying once on a fresh connection", what, type(exc).__name__)
    discard_session()
    wait_for_database(time.monotonic() + wait)
    return unit()


def wait_for_database(deadline: float, *, sleep: Callable[[float], None] = time.sleep) -> bool:
    """``SELECT 1`` with backoff (0.1 s doubling to 2 s) until the database answers (True) or
    ``deadline`` (``time.monotonic()``) passes (False)."""
    delay = 0.1
    while True:
        try:
            with db.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except Exception as exc:
            if not is_transient(exc):
                raise
        if time.monotonic() + delay > deadline:
            return False
        sleep(delay)
        delay = min(2.0, delay * 2)


def discard_session() -> None:
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the connection is gone; remove() below drops it
        pass
    db.session.remove()


def publish(task_name: str, job_id: uuid.UUID, countdown: float, request_id: str | None = None) -> bool:
    """Send the job's message again after ``countdown`` seconds (task id = job id, the request id
    of the request that asked for it kept for the logs); False when the broker refused it (logged:
    the sweep publishes the job again later)."""
    try:
        current_app.extensions["celery"].send_task(
            task_name,
            args=[str(job_id)],
            task_id=str(job_id),
            queue=QUEUE_OF_TASK[task_name],
            countdown=countdown,
            headers={"request_id": request_id} if request_id else None,
        )
    except Exception as exc:  # noqa: BLE001 - the job is queued or under an expiring lease: the sweep recovers it
        log.error("job %s: re-publish failed (%s); the sweep will publish it", job_id, type(exc).__name__)
        return False
    return True


def task_for_kind(kind: str) -> str:
    return TASK_FOR_KIND[kind]
