"""The one failure wrapper of the job tasks (drafting, export, backup).

A job task must end its job, whatever happens: a job left ``running`` would wait for the reaper and
the people who asked for it would see nothing for many minutes. So every task runs its service
through :func:`run_job`, which turns the soft time limit, the errors a service raises on purpose and
any other exception into a failed job with a message people can read. Each kind of job says how in
its :class:`JobFailures`: its messages, the function that records the failure and how an unexpected
error is reported (a log line, or the backup service's own report, which also sends it to Sentry
once).

While the service runs, the job's lease is renewed by a heartbeat thread (``services.job_leases``):
a worker that dies stops renewing it, and the sweep hands the job to another worker. The heartbeat
stops when the task ends, however it ends.

Infrastructure errors are not job failures (``services.job_retry``): a transient database error
makes the task wait for the database (backoff, up to ``JOB_DB_RETRY_SECONDS``), give the job back and
run it again in place — what the job had stored stays, so it goes on where it was; a database still
unreachable then makes the task publish its message again instead of consuming it. A job that meets
database errors ``MAX_RESUMES_IN_PLACE`` times in one task is deferred (published again with a
countdown, its waiting bounded by ``JOB_MAX_DEFER_SECONDS``). A
:class:`~etp_app.services.job_retry.RetryLater` from the service (the provider's circuit is open)
gives the job back and publishes it again with the countdown it asks for. Recording a failure waits
for the database the same way; if it never answers, the job's lease expires and the sweep takes it.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from celery import current_task
from celery.exceptions import SoftTimeLimitExceeded
from flask import current_app

from etp_app.services import job_leases, job_retry

log = logging.getLogger(__name__)

# A job met a database error this many times in one task: its message is published again instead.
MAX_RESUMES_IN_PLACE = 5


def _no_message(exc: Exception) -> str:
    return str(exc)


@dataclass(frozen=True)
class JobFailures:
    """How one kind of job records its failures."""

    # Marks the job failed with a message, in its own transaction (e.g. ``jobs.fail_by_id``).
    record: Callable[[uuid.UUID, str], None]
    time_limit_message: str
    unexpected_message: str
    # Called inside the ``except`` block of an unexpected error (``log.exception`` sees it).
    report_unexpected: Callable[[uuid.UUID, Exception], None]
    # Errors the service raises on purpose, with the message people read; recorded, not reported.
    # One raised from the soft time limit gets the time-limit message.
    expected: tuple[type[Exception], ...] = ()
    expected_message: Callable[[Exception], str] = _no_message


def run_job(job_id: str, work: Callable[[uuid.UUID], object], failures: JobFailures) -> None:
    """Run ``work`` for the job; on any failure the job ends failed as ``failures`` says, except
    for infrastructure errors and :class:`RetryLater`, which give the job back to the queue."""
    jid = uuid.UUID(job_id)
    worker = job_leases.worker_id()  # the name jobs.start / jobs.begin give the lease, in this same thread
    beat = job_leases.heartbeat(jid, worker)
    resumes = 0
    try:
        while True:
            try:
                work(jid)
            except job_retry.RetryLater as exc:
                _defer(jid, worker, exc.reason, exc.countdown)
            except SoftTimeLimitExceeded:
                _record(failures, jid, failures.time_limit_message)
            except failures.expected as exc:
                timed_out = isinstance(exc.__cause__, SoftTimeLimitExceeded)
                _record(failures, jid, failures.time_limit_message if timed_out else failures.expected_message(exc))
            except Exception as exc:
                if not job_retry.is_transient(exc):
                    failures.report_unexpected(jid, exc)
                    _record(failures, jid, failures.unexpected_message)
                elif _resume_in_place(jid, worker, exc, in_place=resumes < MAX_RESUMES_IN_PLACE):
                    resumes += 1
                    continue
            return
    finally:
        beat.stop()


def _resume_in_place(jid: uuid.UUID, worker: str, exc: Exception, *, in_place: bool) -> bool:
    """After a transient database error: wait for the database and give the job back, then True (run
    it again here). False when the task must end: the job is no longer this worker's, the database
    stayed unreachable, or the job met database errors again and again in this task (``in_place``
    False: it is deferred, so the bound of ``JOB_MAX_DEFER_SECONDS`` applies); then the message is
    published again, so it is not consumed."""
    log.warning("job %s: database error (%s); waiting for the database", jid, type(exc).__name__)
    deadline = time.monotonic() + job_retry.db_retry_seconds()
    reason = None if in_place else job_retry.DATABASE_UNAVAILABLE
    reached, kind = job_retry.give_back_when_reachable(jid, worker, reason, deadline)
    if reached and kind is None:
        return False
    if reached and in_place:
        return True
    # Deferred, or unreachable: then the job may still be ``running`` under this worker's lease,
    # which expires JOB_LEASE_SECONDS after the last beat; the next delivery comes after that, to
    # find it expired (or the sweep, once the database answers, has queued it: the start guard lets
    # one of the two deliveries run it).
    task = _task_name(kind)
    if task is not None:
        _publish(task, jid, float(job_leases.lease_seconds()))
    log.warning("job %s: %s; message published again", jid, "deferred" if reached else "database still unavailable")
    return False


def _record(failures: JobFailures, jid: uuid.UUID, message: str) -> None:
    """Record the job's failure, waiting for the database (with backoff, up to
    ``JOB_DB_RETRY_SECONDS``) when it does not answer. If it never does, the job stays ``running``
    under a lease nobody renews: the sweep gives it another attempt, or fails it without one."""
    try:
        failures.record(jid, message)
        return
    except Exception as exc:
        if not job_retry.is_transient(exc):
            raise
        job_retry.discard_session()
    deadline = time.monotonic() + job_retry.db_retry_seconds()
    reached, _ = job_retry.when_reachable(lambda: failures.record(jid, message), deadline, what=f"job {jid}")
    if not reached:
        log.error("job %s: its failure could not be recorded (database unavailable)", jid)


def _defer(jid: uuid.UUID, worker: str, reason: str, countdown: float) -> None:
    """Give the job back with ``reason`` and publish it again after ``countdown`` seconds (kept
    under the sweep's queued grace, so the sweep does not publish it sooner)."""
    grace = int(current_app.config.get("JOB_QUEUED_GRACE_SECONDS", 60))
    countdown = min(countdown, max(1.0, grace - 5.0))
    deadline = time.monotonic() + job_retry.db_retry_seconds()
    reached, kind = job_retry.give_back_when_reachable(jid, worker, reason, deadline)
    if reached and kind is None:
        return  # finished, cancelled, taken over, or failed for waiting too long
    if not reached:
        countdown = max(countdown, float(job_leases.lease_seconds()))
    task = _task_name(kind)
    if task is not None:
        _publish(task, jid, countdown)
        log.info("job %s deferred for %.0f s: %s", jid, countdown, reason)


def _publish(task: str, jid: uuid.UUID, countdown: float) -> None:
    """Publish the job's message again, with the request id the running message carries (the one of
    the API request that asked for the job: its log lines stay together)."""
    request = getattr(current_task, "request", None) if current_task else None
    request_id = getattr(request, "request_id", None) or (getattr(request, "headers", None) or {}).get("request_id")
    job_retry.publish(task, jid, countdown=countdown, request_id=str(request_id)[:128] if request_id else None)


def _task_name(kind: str | None) -> str | None:
    """The task that runs the job: the current task's name, or the kind's."""
    name = getattr(current_task, "name", None) if current_task else None
    if name:
        return str(name)
    return job_retry.task_for_kind(kind) if kind else None
