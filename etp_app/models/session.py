"""Login sessions: one row per login, i.e. one refresh-token family (services/sessions.py)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, Uuid, func
from sqlalchemy.orm import Mapped, mapped_column

from etp_app.extensions import db
from etp_app.models.base import UUIDPk, utcnow


class AuthSession(UUIDPk, db.Model):
    """A login and the refresh tokens rotated from it.

    ``id`` is the ``sid`` claim of every token of the session (access and refresh). Only the refresh
    token whose ``jti`` is ``current_jti`` may be used; ``previous_jti`` (rotated at ``rotated_at``)
    is remembered for the short grace of two concurrent refreshes. A revoked session (``revoked_at``)
    refuses every token of the family.
    """

    __tablename__ = "auth_sessions"
    __table_args__ = (
        Index("ix_auth_sessions_user_id_created_at", "user_id", "created_at"),
        Index("ix_auth_sessions_expires_at", "expires_at"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow, server_default=func.now()
    )
    last_used_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow, server_default=func.now()
    )
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # logout, logout_all, revoked, reuse_detected, password_changed, password_reset, deactivated, ...
    revoked_reason: Mapped[str | None] = mapped_column(String(40))
    current_jti: Mapped[str] = mapped_column(String(64), nullable=False)
    previous_jti: Mapped[str | None] = mapped_column(String(64))
    rotated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    user_agent: Mapped[str | None] = mapped_column(String(300))
    ip_address: Mapped[str | None] = mapped_column(String(64))
