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
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from celery.exceptions import SoftTimeLimitExceeded

from etp_app.services import job_leases


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
    """Run ``work`` for the job; on any failure the job ends failed as ``failures`` says."""
    jid = uuid.UUID(job_id)
    # the name jobs.start / jobs.begin give the lease, in this same thread
    beat = job_leases.heartbeat(jid, job_leases.worker_id())
    try:
        work(jid)
    except SoftTimeLimitExceeded:
        failures.record(jid, failures.time_limit_message)
    except failures.expected as exc:
        timed_out = isinstance(exc.__cause__, SoftTimeLimitExceeded)
        failures.record(jid, failures.time_limit_message if timed_out else failures.expected_message(exc))
    except Exception as exc:
        failures.report_unexpected(jid, exc)
        failures.record(jid, failures.unexpected_message)
    finally:
        beat.stop()
