"""The trash of ETPs: nothing a person deletes is lost at once.

``DELETE /api/v1/etps/<id>`` moves the ETP to its organization's trash (``deleted_at``,
``deleted_by``): from then on every read and write of ETPs skips it (``etp_access.live_etp``), so it
is "not found" in lists, search, sections, versions, exports and jobs, and its queued or running jobs
are cancelled. Its rows stay as they were: restoring it brings it back with its sections, versions
and exports. Org admins see the trash, restore, purge one ETP now or empty it; beat purges each ETP
whose ``TRASH_RETENTION_DAYS`` have passed (actor "sistema" in the audit trail: ``actor_id`` NULL).

Purging deletes the row for good: its sections, versions and exports go with it (ON DELETE CASCADE),
the files of those exports are removed by the exports purge (orphan files), and the audit trail keeps
the ETP's history. Lock order as everywhere: the ETP row first; jobs are cancelled afterwards, each in
its own transaction (a worker locks its job before the ETP row).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from etp_app.errors import Conflict, NotFound
from etp_app.extensions import db
from etp_app.models import Etp, Job, User
from etp_app.security import Identity
from etp_app.services import audit, jobs
from etp_app.services.etp_access import NOT_FOUND_MESSAGE, check_version, live_etp

log = logging.getLogger(__name__)

NOT_IN_TRASH_MESSAGE = "ETP não encontrado na lixeira."
CANCELLED_MESSAGE = "Cancelado: o ETP foi movido para a lixeira."
DEFAULT_RETENTION_DAYS = 30


def _now() -> datetime:
    return datetime.now(UTC)


def retention_days() -> int:
    return int(current_app.config.get("TRASH_RETENTION_DAYS") or DEFAULT_RETENTION_DAYS)


@dataclass(frozen=True)
class TrashedEtp:
    """One ETP in the trash as the API shows it."""

    id: uuid.UUID
    title: str
    status: str
    deleted_at: datetime
    deleted_by: uuid.UUID | None
    deleted_by_name: str | None
    purge_at: datetime


# --------------------------------------------------------------------------------------------------
# Moving to the trash
# --------------------------------------------------------------------------------------------------


def move_to_trash(identity: Identity, etp_id: uuid.UUID, if_match: Collection[int] | None = None) -> None:
    """Soft-delete the ETP (an approved one only by an org admin) and cancel its unfinished jobs."""
    etp = db.session.scalar(
        select(Etp)
        .where(Etp.id == etp_id, live_etp(identity.organization_id))
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if etp is None:
        raise NotFound(NOT_FOUND_MESSAGE)
    check_version(etp.version, if_match)
    if etp.status == "approved" and not identity.is_org_admin:
        raise Conflict(
            "ETP aprovado não pode ser excluído: arquive em vez de excluir.", errors={"status": ["ETP aprovado."]}
        )
    now = _now()
    etp.deleted_at = now
    etp.deleted_by = identity.user_id
    audit.record(
        "etp.trash",
        organization_id=identity.organization_id,
        actor_id=identity.user_id,
        target_type="etp",
        target_id=etp.id,
        etp_id=etp.id,
        before={"title": etp.title, "status": etp.status, "version": etp.version},
        after={"purge_at": now + timedelta(days=retention_days())},
    )
    db.session.commit()
    _cancel_jobs(identity, etp_id)


def _cancel_jobs(identity: Identity, etp_id: uuid.UUID) -> None:
    """Cancel the ETP's queued and running jobs, one transaction each (job row, then its sections)."""
    job_ids = list(db.session.scalars(select(Job.id).where(Job.etp_id == etp_id, Job.state.in_(("queued", "running")))))
    db.session.rollback()
    cancelled: list[uuid.UUID] = []
    for job_id in job_ids:
        job = db.session.get(Job, job_id, with_for_update=True, populate_existing=True)
        if job is None or job.is_terminal:
            db.session.rollback()
            continue
        jobs.mark_cancelled(identity, job, CANCELLED_MESSAGE)
        db.session.commit()
        cancelled.append(job_id)
    for job_id in cancelled:
        jobs.revoke(job_id)


# --------------------------------------------------------------------------------------------------
# The organization's trash
# --------------------------------------------------------------------------------------------------


def _in_trash(organization_id: uuid.UUID) -> tuple:
    return (Etp.organization_id == organization_id, Etp.deleted_at.is_not(None))


def list_trash(organization_id: uuid.UUID, *, page: int, page_size: int) -> tuple[list[TrashedEtp], int]:
    """A page of the organization's trash, most recently deleted first, and its total."""
    conditions = _in_trash(organization_id)
    total = db.session.scalar(select(func.count()).select_from(Etp).where(*conditions)) or 0
    offset = (page - 1) * page_size
    if offset >= total:
        return [], int(total)
    rows = db.session.execute(
        select(Etp.id, Etp.title, Etp.status, Etp.deleted_at, Etp.deleted_by, User.name)
        .outerjoin(User, User.id == Etp.deleted_by)
        .where(*conditions)
        .order_by(Etp.deleted_at.desc(), Etp.id)
        .offset(offset)
        .limit(page_size)
    ).all()
    keep = timedelta(days=retention_days())
    items = [
        TrashedEtp(
            id=r.id,
            title=r.title,
            status=r.status,
            deleted_at=r.deleted_at,
            deleted_by=r.deleted_by,
            deleted_by_name=r.name,
            purge_at=r.deleted_at + keep,
        )
        for r in rows
    ]
    return items, int(total)


def _lock_trashed(organization_id: uuid.UUID, etp_id: uuid.UUID) -> Etp:
    etp = db.session.scalar(
        select(Etp)
        .where(Etp.id == etp_id, *_in_trash(organization_id))
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if etp is None:
        raise NotFound(NOT_IN_TRASH_MESSAGE)
    return etp


def restore(identity: Identity, etp_id: uuid.UUID) -> Etp:
    """Take the ETP out of the trash, as it was (its sections, versions and exports never left)."""
    etp = _lock_trashed(identity.organization_id, etp_id)
    deleted_at, deleted_by = etp.deleted_at, etp.deleted_by
    etp.deleted_at = None
    etp.deleted_by = None
    etp.version = etp.version + 1  # its representation is back: a client's old ETag is stale
    audit.record(
        "etp.restore",
        organization_id=identity.organization_id,
        actor_id=identity.user_id,
        target_type="etp",
        target_id=etp.id,
        etp_id=etp.id,
        before={"deleted_at": deleted_at, "deleted_by": deleted_by},
        after={"title": etp.title, "status": etp.status},
    )
    db.session.commit()
    return etp


def _purge_row(etp: Etp, *, organization_id: uuid.UUID, actor_id: uuid.UUID | None, reason: str) -> None:
    audit.record(
        "etp.purge",
        organization_id=organization_id,
        actor_id=actor_id,
        target_type="etp",
        target_id=etp.id,
        etp_id=etp.id,
        before={"title": etp.title, "status": etp.status, "deleted_at": etp.deleted_at, "deleted_by": etp.deleted_by},
        after={"reason": reason, **({"actor": "sistema"} if actor_id is None else {})},
    )
    # sections, versions and exports go with it (ON DELETE CASCADE); jobs keep their rows (SET NULL)
    db.session.execute(delete(Etp).where(Etp.id == etp.id))


def purge(identity: Identity, etp_id: uuid.UUID) -> None:
    """Delete one ETP of the trash for good, now."""
    etp = _lock_trashed(identity.organization_id, etp_id)
    _purge_row(etp, organization_id=identity.organization_id, actor_id=identity.user_id, reason="manual")
    db.session.commit()


def empty(identity: Identity) -> int:
    """Purge every ETP in the organization's trash; how many were purged."""
    etps = list(
        db.session.scalars(
            select(Etp)
            .where(*_in_trash(identity.organization_id))
            .order_by(Etp.id)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        )
    )
    for etp in etps:
        _purge_row(etp, organization_id=identity.organization_id, actor_id=identity.user_id, reason="empty")
    db.session.commit()
    return len(etps)


def purge_expired(now: datetime | None = None, *, batch: int = 200) -> list[uuid.UUID]:
    """Beat: purge the ETPs whose trash period is over (at most ``batch`` per run, oldest first), each
    recorded in the audit trail with no actor (the system)."""
    cutoff = (now or _now()) - timedelta(days=retention_days())
    etps = list(
        db.session.scalars(
            select(Etp)
            .where(Etp.deleted_at.is_not(None), Etp.deleted_at <= cutoff)
            .order_by(Etp.deleted_at, Etp.id)
            .limit(batch)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        )
    )
    for etp in etps:
        _purge_row(etp, organization_id=etp.organization_id, actor_id=None, reason="retention")
    db.session.commit()
    if etps:
        log.info("trash: %d ETP(s) purged after %d days in the trash", len(etps), retention_days())
    return [etp.id for etp in etps]
