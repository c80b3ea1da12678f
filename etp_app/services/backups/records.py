"""Reads of the ``backups`` table that several steps share: one backup by id or file, the newest good
one, and a page of the history."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import func, select

from etp_app.extensions import db
from etp_app.models.backup import Backup


def find_backup(backup_id_or_path: str) -> Backup | None:
    try:
        return db.session.get(Backup, uuid.UUID(str(backup_id_or_path)))
    except ValueError:
        pass
    name = Path(str(backup_id_or_path)).name
    return db.session.scalar(select(Backup).where(Backup.file_name == name).order_by(Backup.started_at.desc()))


def latest_available() -> Backup | None:
    return db.session.scalar(
        select(Backup)
        .where(Backup.status == "succeeded", Backup.deleted_at.is_(None))
        .order_by(Backup.finished_at.desc())
        .limit(1)
    )


def list_backups(*, page: int = 1, page_size: int = 20) -> tuple[list[Backup], int]:
    total = db.session.scalar(select(func.count()).select_from(Backup))
    rows = db.session.scalars(
        select(Backup).order_by(Backup.started_at.desc(), Backup.id).limit(page_size).offset((page - 1) * page_size)
    ).all()
    return list(rows), int(total or 0)
