"""Snapshots of an ETP (every field and all 13 sections) taken at save points."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint, Uuid, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from etp_app.extensions import db
from etp_app.models.base import UUIDPk

VERSION_REASONS = (
    "manual",
    "before_draft",
    "after_draft",
    "before_restore",
    "approval",
    "restore",
    "edit",
    "suggestion",
    "acknowledgement",
    "status",
)


class EtpVersion(UUIDPk, db.Model):
    """One numbered snapshot of an ETP. ``number`` is 1, 2, 3… per ETP, assigned under the ETP row lock
    (see ``services.snapshots`` for the reasons and the coalescing of a person's saves)."""

    __tablename__ = "etp_versions"
    __table_args__ = (UniqueConstraint("etp_id", "number", name="uq_etp_versions_etp_number"),)

    etp_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("etps.id", ondelete="CASCADE"), nullable=False)
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    label: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(String(20), nullable=False)
    # The part of the ETP the version records work on: a section code (I…XIII) or "fields" (the
    # ETP's facts); NULL for a version of the whole ETP. Coalescing a person's saves matches on it.
    scope: Mapped[str | None] = mapped_column(String(10))
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, server_default=func.now())
    # Moves when a person's next save within VERSION_COALESCE_SECONDS updates the version in place.
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, server_default=func.now())
