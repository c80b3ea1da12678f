"""The job ledger: a row in PostgreSQL first, then a Celery message whose task id is the job id.

PostgreSQL is the source of truth for a job's state; the API never asks Celery. Workers call
``begin`` / ``progress`` / ``succeed`` / ``fail`` with the job id; every transition locks the row.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, and_, bindparam, func, or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from etp_app.errors import Conflict, NotFound, ServiceUnavailable, UnprocessableEntity
from etp_app.extensions import db
from etp_app.models import JOB_KINDS, JOB_STATES, TERMINAL_JOB_STATES, Etp, Job
from etp_app.request_context import current_request_id
from etp_app.security import Identity
from etp_app.services import audit, job_leases
from etp_app.services.sections import release_drafting_marks
from etp_app.task_names import QUEUE_FOR_KIND, TASK_FOR_KIND

log = logging.getLogger(__name__)

# How a job's state reads in a message (the code stays in the job's ``state`` field).
JOB_STATE_LABELS = {
    "queued": "na fila",
    "running": "em execução",
    "succeeded": "concluído",
    "failed": "com falha",
    "cancelled": "cancelado",
}
ENQUEUE_FAILED_MESSAGE = "Não foi possível enfileirar o trabalho (fila indisponível). Tente novamente em instantes."


def _now() -> datetime:
    return datetime.now(UTC)


IDEMPOTENCY_REUSED = (
    "Esta Idempotency-Key já foi usada em outra requisição (outro corpo, rota ou destino). "
    "Use uma chave nova para cada requisição diferente; repita a mesma chave só para repetir a mesma requisição."
)
IDEMPOTENCY_REUSED_FIELD = "Chave já usada em outra requisição."


def request_fingerprint(operation: str, target: Mapping[str, Any], body: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of what a job-starting request asked for: the operation (which route), its
    target (the ids in the path) and its body as loaded (defaults applied, so ``{}`` and
    ``{"regenerate": false}`` are the same request), in canonical JSON. Stored on the job so a reused
    Idempotency-Key can tell a repeat of the request from a different one."""
    canonical = json.dumps(
        {"operation": operation, "target": target, "body": body},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def find_idempotent(
    identity: Identity,
    key: str | None,
    fingerprint: str | None = None,
    *,
    legacy_match: Callable[[Job], bool] | None = None,
) -> Job | None:
    """The job an earlier request of this user with ``key`` created, when it was the same request.

    422 when the key was used for another request: a different ``fingerprint``
    (``request_fingerprint``); for a job without one (created before fingerprints were stored) when
    ``legacy_match`` says it is not the same kind and target. Without a key: None, no query."""
    if not key:
        return None
    job = db.session.scalar(
        select(Job).where(
            Job.organization_id == identity.organization_id,
            Job.created_by == identity.user_id,
            Job.idempotency_key == key,
        )
    )
    if job is None:
        return None
    if job.request_fingerprint is not None and fingerprint is not None:
        same = job.request_fingerprint == fingerprint
    else:
        same = legacy_match(job) if legacy_match is not None else True
    if not same:
        raise UnprocessableEntity(IDEMPOTENCY_REUSED, errors={"Idempotency-Key": [IDEMPOTENCY_REUSED_FIELD]})
    return job


def build(
    identity: Identity | None,
    kind: str,
    *,
    etp_id: uuid.UUID | None = None,
    inciso: int | None = None,
    params: dict[str, Any] | None = None,
    idempotency_key: str | None = None,
    request_fingerprint: str | None = None,
    organization_id: uuid.UUID | None = None,
) -> Job:
    """A queued job with every column set, not yet in the session: ``create`` adds it, the draft
    request inserts it with its other writes (``services.drafting_sql``)."""
    now = _now()
    return Job(
        id=uuid.uuid4(),
        organization_id=identity.organization_id if identity else organization_id,
        created_by=identity.user_id if identity else None,
        etp_id=etp_id,
        inciso=inciso,
        kind=kind,
        state="queued",
        progress=0,
        attempts=0,
        max_attempts=current_app.config.get("JOB_MAX_ATTEMPTS", 3),
        params=params or {},
        result=None,
        error=None,
        idempotency_key=idempotency_key,
        request_fingerprint=request_fingerprint,
        model=None,
        tokens_in=0,
        tokens_out=0,
        cost_usd=Decimal(0),
        started_at=None,
        finished_at=None,
        created_at=now,
        updated_at=now,
    )


def create(identity: Identity | None, kind: str, **fields: Any) -> Job:
    """Add a queued job to the session (the calling use case commits, then calls ``enqueue``)."""
    job = build(identity, kind, **fields)
    db.session.add(job)
    return job


def enqueue(job: Job) -> Job:
    """Send the Celery message for a committed job; a failed send marks the job failed (503)."""
    celery = current_app.extensions["celery"]
    try:
        celery.send_task(
            TASK_FOR_KIND[job.kind],
            args=[str(job.id)],
            task_id=str(job.id),
            queue=QUEUE_FOR_KIND[job.kind],
            headers={"request_id": current_request_id()},
        )
    except Exception as exc:  # noqa: BLE001 - any broker failure means the job will never run
        log.error("enqueue failed for job %s: %s", job.id, exc.__class__.__name__)
        locked = db.session.get(Job, job.id, with_for_update=True)
        if locked is not None and locked.state == "queued":
            locked.state = "failed"
            locked.error = ENQUEUE_FAILED_MESSAGE
            locked.finished_at = _now()
            release_drafting_marks(locked)
            db.session.commit()
        raise ServiceUnavailable(ENQUEUE_FAILED_MESSAGE, errors={"job_id": [str(job.id)]}) from None
    return job


def get_for(identity: Identity, job_id: uuid.UUID) -> Job:
    job = db.session.scalar(
        select(Job).where(Job.id == job_id, Job.organization_id == identity.organization_id, _not_in_trash())
    )
    if job is None:
        raise NotFound("Trabalho não encontrado.")
    return job


def _not_in_trash() -> ColumnElement[bool]:
    """Jobs of an ETP in the trash (services/trash.py) leave the job reads with it."""
    return or_(Job.etp_id.is_(None), Job.etp_id.not_in(select(Etp.id).where(Etp.deleted_at.is_not(None))))


def list_for(
    identity: Identity,
    *,
    etp_id: uuid.UUID | None = None,
    kind: str | None = None,
    state: str | None = None,
    page: int = 1,
    page_size: int = 20,
) -> tuple[list[Job], int]:
    query = select(Job).where(Job.organization_id == identity.organization_id, _not_in_trash())
    if etp_id is not None:
        query = query.where(Job.etp_id == etp_id)
    if kind:
        query = query.where(Job.kind == kind)
    if state:
        query = query.where(Job.state == state)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(
        query.order_by(Job.created_at.desc(), Job.id).limit(page_size).offset((page - 1) * page_size)
    ).all()
    return list(rows), int(total or 0)


def mark_cancelled(identity: Identity, job: Job, message: str) -> None:
    """Cancel a queued or running job in the caller's transaction (row locked by the caller): state
    and ``message``, the sections it marked ``drafting`` released, the audit entry."""
    previous = job.state
    job.state = "cancelled"
    job.error = message
    job.finished_at = _now()
    release_drafting_marks(job)
    audit.record(
        "job.cancel",
        organization_id=identity.organization_id,
        actor_id=identity.user_id,
        target_type="job",
        target_id=job.id,
        etp_id=job.etp_id,
        before={"state": previous},
        after={"state": "cancelled"},
    )


def revoke(job_id: uuid.UUID) -> None:
    """Revoke a cancelled job's message, once committed (a worker that gets it anyway checks the row)."""
    try:
        current_app.extensions["celery"].control.revoke(str(job_id))
    except Exception as exc:  # noqa: BLE001 - the ledger already says cancelled; workers check it
        log.warning("revoke of job %s failed: %s", job_id, exc.__class__.__name__)


def cancel(identity: Identity, job_id: uuid.UUID) -> Job:
    """Mark a queued or running job cancelled and revoke its message; sections stay as they were."""
    job = db.session.scalar(
        select(Job).where(Job.id == job_id, Job.organization_id == identity.organization_id).with_for_update()
    )
    if job is None:
        raise NotFound("Trabalho não encontrado.")
    if job.is_terminal:
        raise Conflict(
            f"O trabalho já terminou: está {JOB_STATE_LABELS[job.state]}.",
            errors={"state": [f"Estado atual: {JOB_STATE_LABELS[job.state]} ({job.state})."]},
        )
    mark_cancelled(identity, job, "Cancelado a pedido do usuário.")
    db.session.commit()
    revoke(job.id)
    return job


# --- worker side -------------------------------------------------------------------------------


def begin(job_id: uuid.UUID, worker: str | None = None) -> Job | None:
    """Lock the job and move it to running under a lease held by ``worker``. None when it must not
    run: terminal, running elsewhere under a live lease (the start guard, ``services.job_leases``),
    or out of attempts (then it is failed and its sections released).

    Redelivery is normal with late acks and with the sweep's re-publishing: a job found ``running``
    runs again only when its lease expired (its worker died) and attempts remain.
    """
    job = db.session.get(Job, job_id, with_for_update=True, populate_existing=True)
    if job is None or job.is_terminal:
        db.session.rollback()
        return None
    now = _now()
    if job.state == "running" and not job_leases.lease_expired(job, now):
        log.info("job %s is running under a live lease (worker %s): delivery ignored", job_id, job.worker)
        db.session.rollback()
        return None
    if job.attempts >= job.max_attempts:
        job.state = "failed"
        job.error = f"O trabalho foi interrompido {job.attempts} vezes e não será tentado novamente."
        job.finished_at = now
        job.lease_expires_at = None
        release_drafting_marks(job)
        db.session.commit()
        return None
    job.attempts += 1
    job.state = "running"
    job.started_at = job.started_at or now
    job.worker = worker or job_leases.worker_id()
    job.lease_expires_at = now + timedelta(seconds=job_leases.lease_seconds())
    job.heartbeat_at = now
    db.session.commit()
    return job


_JOBS = Job.__table__
# The start guard in one statement: queued, or running with an expired (or no) lease, with attempts
# left. Two deliveries of one job cannot both match: the first sets a live lease.
_START = (
    update(_JOBS)
    .where(
        _JOBS.c.id == bindparam("start_job"),
        or_(
            _JOBS.c.state == "queued",
            and_(
                _JOBS.c.state == "running",
                or_(_JOBS.c.lease_expires_at.is_(None), _JOBS.c.lease_expires_at <= bindparam("start_time")),
            ),
        ),
        _JOBS.c.attempts < _JOBS.c.max_attempts,
    )
    .values(
        state="running",
        attempts=_JOBS.c.attempts + 1,
        started_at=func.coalesce(_JOBS.c.started_at, bindparam("start_time")),
        updated_at=bindparam("start_time"),
        worker=bindparam("start_worker"),
        lease_expires_at=bindparam("start_lease"),
        heartbeat_at=bindparam("start_time"),
    )
    .returning(_JOBS.c.params, _JOBS.c.result)
)


def start(job_id: uuid.UUID, worker: str | None = None) -> tuple[dict[str, Any], dict[str, Any] | None] | None:
    """``begin`` in one UPDATE for the common case (a queued or interrupted job with attempts left):
    the job's ``(params, result)``, or None when it must not run. No transaction is left open."""
    now = _now()
    worker = worker or job_leases.worker_id()
    lease = now + timedelta(seconds=job_leases.lease_seconds())
    params = {"start_job": job_id, "start_time": now, "start_worker": worker, "start_lease": lease}
    row = db.session.connection().execute(_START, params).first()
    if row is not None:
        db.session.commit()
        return row.params, row.result
    db.session.rollback()  # terminal, gone, live lease or out of attempts: begin() says which
    job = begin(job_id, worker)
    if job is None:
        return None
    started = job.params, job.result  # (re)loaded after begin's commit
    db.session.commit()
    return started


def lock_running(job_id: uuid.UUID) -> Job | None:
    """Lock the job row inside the caller's transaction; None when it is no longer running."""
    job = db.session.get(Job, job_id, with_for_update=True, populate_existing=True)
    if job is None or job.state != "running":
        return None
    return job


def succeed(job: Job, result: dict[str, Any]) -> None:
    job.state = "succeeded"
    job.progress = 100
    job.result = result
    job.error = None
    job.finished_at = _now()


def fail(job: Job, error: str, result: dict[str, Any] | None = None) -> None:
    job.state = "failed"
    job.error = error
    if result is not None:
        job.result = result
    job.finished_at = _now()


def fail_by_id(job_id: uuid.UUID, error: str) -> None:
    """Record a failure from outside the use case (time limit, unexpected error) in its own transaction."""
    db.session.rollback()
    job = db.session.get(Job, job_id, with_for_update=True, populate_existing=True)
    if job is None or job.is_terminal:
        db.session.rollback()
        return
    fail(job, error)
    job.lease_expires_at = None
    release_drafting_marks(job)
    db.session.commit()


# --- operations ----------------------------------------------------------------------------------
def counts(engine: Any) -> dict[str, Any] | None:
    """Jobs by state and by kind/state from the job ledger, or ``None`` when the database is down."""
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SET LOCAL statement_timeout = 2000")
            rows = conn.execute(select(Job.kind, Job.state, func.count()).group_by(Job.kind, Job.state)).all()
    except SQLAlchemyError as exc:
        log.warning("job counts unavailable: %s", exc.__class__.__name__)
        return None
    by_state = {state: 0 for state in JOB_STATES}
    by_kind: dict[str, dict[str, int]] = {kind: {state: 0 for state in JOB_STATES} for kind in JOB_KINDS}
    for kind, state, count in rows:
        by_state[state] = by_state.get(state, 0) + count
        by_kind.setdefault(kind, {s: 0 for s in JOB_STATES})[state] = count
    return {"by_state": by_state, "by_kind": by_kind, "total": sum(by_state.values())}


def finished_duration(job_id: uuid.UUID, not_before: float) -> tuple[str, str, float] | None:
    """(kind, state, seconds) of a job that reached a terminal state at or after ``not_before``
    (epoch seconds); None otherwise — e.g. a redelivery of a job finished earlier."""
    row = db.session.execute(
        select(Job.kind, Job.state, Job.started_at, Job.finished_at).where(Job.id == job_id)
    ).first()
    db.session.rollback()
    if row is None:
        return None
    kind, state, started_at, finished_at = row
    if state not in TERMINAL_JOB_STATES or started_at is None or finished_at is None:
        return None
    if finished_at.timestamp() < not_before:
        return None
    return kind, state, max(0.0, (finished_at - started_at).total_seconds())
