from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from etp_app.extensions import db
from etp_app.models.base import Timestamps, UUIDPk

EXPORT_FORMATS = ("pdf", "docx", "json", "xml")
EXPORT_STATUSES = ("pending", "ready", "failed", "expired")


class Export(UUIDPk, Timestamps, db.Model):
    """One exported document of an ETP: the record lives here, the bytes in storage (``storage_key``).

    Created ``pending`` together with its job; the worker makes it ``ready`` (size, sha256, file name)
    or ``failed``; the purge (and a download that finds the file gone) makes it ``expired``.
    """

    __tablename__ = "exports"
    __table_args__ = (
        CheckConstraint(f"format IN {EXPORT_FORMATS!r}", name="format_valid"),
        CheckConstraint(f"status IN {EXPORT_STATUSES!r}", name="status_valid"),
        CheckConstraint("size >= 0", name="size_nonnegative"),
        Index("ix_exports_etp_created", "etp_id", "created_at"),
        Index("ix_exports_org_created", "organization_id", "created_at"),
        Index("ix_exports_status_expires", "status", "expires_at"),
        Index("uq_exports_job", "job_id", unique=True),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False
    )
    etp_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("etps.id", ondelete="CASCADE"), nullable=False)
    job_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("jobs.id", ondelete="SET NULL"))
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))
    format: Mapped[str] = mapped_column(String(4), nullable=False)
    status: Mapped[str] = mapped_column(String(8), nullable=False, default="pending", server_default="pending")
    # the ETP's version counter when requested; the worker sets the version it actually rendered
    etp_version: Mapped[int] = mapped_column(Integer, nullable=False)
    storage_key: Mapped[str] = mapped_column(String(300), nullable=False)
    file_name: Mapped[str | None] = mapped_column(String(255))
    content_type: Mapped[str | None] = mapped_column(String(120))
    size: Mapped[int | None] = mapped_column(BigInteger)
    sha256: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)
    ready_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    expired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
