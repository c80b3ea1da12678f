"""Job leases: a running job is held by the worker running it, and a sweep recovers the ones lost.

* **The lease.** ``jobs.start`` / ``jobs.begin`` set ``lease_expires_at`` (now +
  ``JOB_LEASE_SECONDS``) and ``worker`` when a delivery starts a job. While the task runs,
  :class:`Heartbeat` (a background thread per running job, ``workers/jobrun.py``) renews it every
  ``JOB_HEARTBEAT_SECONDS``, each beat one short UPDATE on a pooled connection given back at once
  (no connection is held between beats). A beat only renews a row that is still ``running`` under
  this worker's name: a job taken over by another worker is not renewed by the first.
* **The start guard.** A delivery starts a job only when it is ``queued``, or ``running`` with an
  expired lease and attempts left — in one conditional UPDATE, so two deliveries cannot both win. A
  delivery that finds a live lease does nothing (logged): the job runs elsewhere.
* **The sweep** (beat, every ``JOB_SWEEP_SECONDS``; :func:`sweep`): a ``running`` job whose lease
  expired (its worker died: SIGKILL, OOM, node lost) goes back to ``queued`` and its message is
  published again when it has attempts left (the attempt is counted by the start that follows);
  one without attempts left is failed and the sections it marked ``drafting`` are released. A
  ``queued`` job older than ``JOB_QUEUED_GRACE_SECONDS`` is published again too: Redis may have
  lost its message (data loss, failover to an empty replica, a lost publish), and Redis' queues
  cannot be listed cheaply to tell. Re-publishing a job whose message is still queued is safe only
  because of the start guard: the second delivery finds the job running under a live lease, or
  finished, and does nothing. The visibility timeout stays a backstop, not the recovery path.
  The sweep also does what the old reaper did: a ``running`` job whose row has not changed for
  longer than its kind's hard time limit plus ``REAPER_MARGIN_SECONDS`` hangs or is gone, whatever
  its heartbeat says; it is failed and its sections released.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask, current_app
from sqlalchemy import and_, bindparam, func, or_, select, update

from etp_app.extensions import db
from etp_app.models import Job
from etp_app.services.sections import release_drafting_marks
from etp_app.task_names import QUEUE_FOR_KIND, TASK_FOR_KIND

log = logging.getLogger(__name__)

OUT_OF_ATTEMPTS_MESSAGE = (
    "O trabalho foi interrompido {attempts} vezes (o processo que o executava parou) e não será tentado "
    "novamente. As seções que ele redigiria foram liberadas; peça-o novamente."
)
STUCK_MESSAGE = (
    "O trabalho ficou em execução por mais de {limit} s sem avançar: o processo que o executava foi "
    "interrompido. Ele foi encerrado como falho e as suas seções foram liberadas; peça-o novamente."
)

_JOBS = Job.__table__


def _now() -> datetime:
    return datetime.now(UTC)


def worker_id() -> str:
    """The name a job's lease is held under: host, process and thread (a thread pool runs many jobs)."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def lease_seconds(config: Any = None) -> int:
    return int((config or current_app.config).get("JOB_LEASE_SECONDS", 30))


def lease_expired(job: Job, now: datetime) -> bool:
    """A running job's lease is over (or it never had one: started before leases existed)."""
    return job.lease_expires_at is None or job.lease_expires_at <= now


# --- the heartbeat ------------------------------------------------------------------------------

_RENEW = (
    update(_JOBS)
    .where(
        _JOBS.c.id == bindparam("lease_job"),
        _JOBS.c.state == "running",
        _JOBS.c.worker == bindparam("lease_worker"),
    )
    .values(
        lease_expires_at=func.now() + func.make_interval(0, 0, 0, 0, 0, 0, bindparam("lease_for")),
        heartbeat_at=func.now(),
        updated_at=_JOBS.c.updated_at,  # a beat is not a change: the stuck rule reads updated_at
    )
)


def renew(job_id: uuid.UUID, worker: str, seconds: int) -> bool:
    """One beat: extend the lease of a job still running under ``worker``. False when it is not."""
    with db.engine.begin() as conn:
        result = conn.execute(_RENEW, {"lease_job": job_id, "lease_worker": worker, "lease_for": seconds})
    return bool(result.rowcount)


@dataclass
class Heartbeat:
    """Renews a job's lease every ``every`` seconds in a daemon thread until :meth:`stop`."""

    app: Flask
    job_id: uuid.UUID
    worker: str
    every: float
    seconds: int
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> Heartbeat:
        self._thread = threading.Thread(target=self._run, name=f"lease-{self.job_id}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.every + 5)

    def _run(self) -> None:
        with self.app.app_context():
            while not self._stop.wait(self.every):
                try:
                    renew(self.job_id, self.worker, self.seconds)
                except Exception as exc:  # noqa: BLE001 - a missed beat is retried at the next one
                    log.warning("lease renewal of job %s failed: %s", self.job_id, exc.__class__.__name__)
                finally:
                    db.session.remove()


def heartbeat(job_id: uuid.UUID, worker: str) -> Heartbeat:
    """A started heartbeat for the job (the caller stops it when its task ends)."""
    config = current_app.config
    return Heartbeat(
        app=current_app._get_current_object(),  # type: ignore[attr-defined]
        job_id=job_id,
        worker=worker,
        # at least two beats per lease, whatever the settings say
        every=min(float(config.get("JOB_HEARTBEAT_SECONDS", 5)), lease_seconds(config) / 2),
        seconds=lease_seconds(config),
    ).start()


# --- the sweep ----------------------------------------------------------------------------------


@dataclass
class SweepReport:
    requeued: list[uuid.UUID] = field(default_factory=list)  # running, lease expired: queued and re-published
    republished: list[uuid.UUID] = field(default_factory=list)  # queued past the grace: re-published
    failed: list[uuid.UUID] = field(default_factory=list)  # lost with no attempts left, or stuck

    def as_dict(self) -> dict[str, list[str]]:
        return {
            "requeued": [str(j) for j in self.requeued],
            "republished": [str(j) for j in self.republished],
            "failed": [str(j) for j in self.failed],
        }


@dataclass(frozen=True)
class SweepRules:
    """What the sweep compares a job with."""

    grace: timedelta  # a queued job older than this may have lost its message
    stuck_after: Mapping[str, int]  # per kind: its hard time limit + margin, in seconds
    default_stuck_after: int

    def stuck_seconds(self, kind: str) -> int:
        return int(self.stuck_after.get(kind, self.default_stuck_after))


def decide(job: Job, now: datetime, rules: SweepRules) -> str | None:
    """What the sweep does with one job: ``"stuck"`` / ``"fail"`` (failed, sections released),
    ``"requeue"`` / ``"republish"`` (published again), or None (left alone)."""
    if job.state == "running":
        # No execution outlives its hard time limit: a row unchanged for longer than that (plus a
        # margin) belongs to a run that hangs or is gone, whatever its heartbeat says (the old reaper).
        if job.updated_at <= now - timedelta(seconds=rules.stuck_seconds(job.kind)):
            return "stuck"
        if not lease_expired(job, now):
            return None
        return "requeue" if job.attempts < job.max_attempts else "fail"
    if job.state == "queued" and job.updated_at <= now - rules.grace:
        return "republish"
    return None


def sweep(rules: SweepRules, now: datetime | None = None, *, limit: int = 500) -> SweepReport:
    """Recover lost jobs (see the module's docstring); each job decided again under its row lock."""
    now = now or _now()
    shortest = min([rules.default_stuck_after, *rules.stuck_after.values()])
    candidates = db.session.scalars(
        select(_JOBS.c.id)
        .where(
            or_(
                and_(
                    _JOBS.c.state == "running",
                    or_(
                        _JOBS.c.lease_expires_at.is_(None),
                        _JOBS.c.lease_expires_at <= now,
                        _JOBS.c.updated_at <= now - timedelta(seconds=shortest),
                    ),
                ),
                and_(_JOBS.c.state == "queued", _JOBS.c.updated_at <= now - rules.grace),
            )
        )
        .order_by(_JOBS.c.created_at)
        .limit(limit)
    ).all()
    db.session.rollback()
    report = SweepReport()
    for job_id in candidates:
        # skip_locked: a row locked now is being started, stored or cancelled — alive; the next sweep sees it
        job = db.session.get(Job, job_id, with_for_update={"skip_locked": True}, populate_existing=True)
        action = decide(job, now, rules) if job is not None else None
        if job is None or action is None:
            db.session.rollback()
            continue
        kind = job.kind
        if action in ("stuck", "fail"):
            if action == "stuck":
                limit_s = rules.stuck_seconds(kind)
                job.error = STUCK_MESSAGE.format(limit=limit_s)
            else:
                job.error = OUT_OF_ATTEMPTS_MESSAGE.format(attempts=job.attempts)
            job.state = "failed"
            job.finished_at = now
            job.lease_expires_at = None
            release_drafting_marks(job)
            db.session.commit()
            report.failed.append(job_id)
            log.warning(
                "sweep: job %s (%s) %s: failed",
                job_id,
                kind,
                "stuck" if action == "stuck" else "lost, no attempts left",
            )
            continue
        previous_worker = job.worker
        job.state = "queued"
        job.lease_expires_at = None
        job.worker = None
        job.updated_at = now  # the grace of a re-published job counts from now
        db.session.commit()
        if not publish(job_id, kind):
            continue  # still queued: the next sweep after the grace tries again
        if action == "requeue":
            report.requeued.append(job_id)
            log.warning("sweep: job %s (%s) lost by worker %s: re-published", job_id, kind, previous_worker)
        else:
            report.republished.append(job_id)
            log.info("sweep: job %s (%s) queued past the grace: re-published", job_id, kind)
    return report


def publish(job_id: uuid.UUID, kind: str) -> bool:
    """Send the job's message again (task id = job id); False when the broker refused it (logged)."""
    try:
        current_app.extensions["celery"].send_task(
            TASK_FOR_KIND[kind], args=[str(job_id)], task_id=str(job_id), queue=QUEUE_FOR_KIND[kind]
        )
    except Exception as exc:  # noqa: BLE001 - the job stays queued; the next sweep retries
        log.error("sweep: publish of job %s failed: %s", job_id, exc.__class__.__name__)
        return False
    return True
