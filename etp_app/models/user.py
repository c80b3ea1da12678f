from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Uuid, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from etp_app.extensions import db
from etp_app.models.base import Timestamps, UUIDPk

ROLES = ("system_admin", "org_admin", "member", "viewer")
ROLE_RANK = {"viewer": 0, "member": 1, "org_admin": 2, "system_admin": 3}
# Who may approve an ETP (Organization.approvers): org admins (and the users marked autoridade
# competente), any member with write access, or only the users marked autoridade competente.
APPROVER_POLICIES = ("org_admin", "member", "autoridade_competente")


class Organization(UUIDPk, Timestamps, db.Model):
    __tablename__ = "organizations"
    __table_args__ = (CheckConstraint(f"approvers IN {APPROVER_POLICIES!r}", name="approvers_valid"),)

    name: Mapped[str] = mapped_column(String(200), nullable=False)
    # e-mail domain whose registrants join this organization (e.g. "saude.gov.br")
    domain: Mapped[str | None] = mapped_column(String(253), unique=True)
    monthly_token_budget: Mapped[int | None] = mapped_column(Integer)
    # approval policy: whether the approver may be the only author, and who may approve
    separation_of_duties: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True, server_default="true")
    approvers: Mapped[str] = mapped_column(String(30), nullable=False, default="org_admin", server_default="org_admin")

    users: Mapped[list[User]] = relationship(back_populates="organization", lazy="raise_on_sql")


class User(UUIDPk, Timestamps, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(f"role IN {ROLES!r}", name="role_valid"),
        Index("ix_users_organization_id", "organization_id"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("organizations.id", ondelete="RESTRICT"), nullable=False
    )
    email: Mapped[str] = mapped_column(String(254), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False, default="member")
    is_active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True, server_default="true")
    # the "autoridade competente" permission: may approve ETPs (set by an org admin)
    autoridade_competente: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default="false")
    failed_logins: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    first_failed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    organization: Mapped[Organization] = relationship(back_populates="users", lazy="joined")


class PasswordResetToken(UUIDPk, db.Model):
    __tablename__ = "password_reset_tokens"

    user_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, server_default=func.now())
