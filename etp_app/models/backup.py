from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, DateTime, Float, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from etp_app.extensions import db
from etp_app.models.base import Timestamps, UUIDPk

BACKUP_STATUSES = ("running", "succeeded", "failed")
BACKUP_TRIGGERS = ("schedule", "api", "cli")


class Backup(UUIDPk, Timestamps, db.Model):
    """One ``pg_dump`` of the database: where the file is, how to trust it, and what it held.

    ``table_counts`` holds every table's row count taken from the same snapshot pg_dump read, so a
    restore can be checked table by table. ``deleted_at`` marks a file removed by retention (the row
    stays as history).
    """

    __tablename__ = "backups"
    __table_args__ = (
        CheckConstraint(f"status IN {BACKUP_STATUSES!r}", name="status_valid"),
        CheckConstraint(f"trigger IN {BACKUP_TRIGGERS!r}", name="trigger_valid"),
        Index("ix_backups_started_at", "started_at"),
        Index("ix_backups_status", "status"),
    )

    job_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("jobs.id", ondelete="SET NULL"))
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))
    trigger: Mapped[str] = mapped_column(String(10), nullable=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="running", server_default="running")
    file_name: Mapped[str] = mapped_column(String(200), nullable=False)
    path: Mapped[str] = mapped_column(Text, nullable=False)
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    sha256: Mapped[str | None] = mapped_column(String(64))
    duration_seconds: Mapped[float | None] = mapped_column(Float)
    pg_dump_version: Mapped[str | None] = mapped_column(String(100))
    server_version: Mapped[str | None] = mapped_column(String(100))
    table_counts: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    toc_entries: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    restore_checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    restore_check: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def is_available(self) -> bool:
        """A good backup whose file retention has not removed."""
        return self.status == "succeeded" and self.deleted_at is None
