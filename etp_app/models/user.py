from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Uuid, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from etp_app.extensions import db
from etp_app.models.base import Timestamps, UUIDPk

if TYPE_CHECKING:
    from etp_app.models.organization_admin import OrganizationDomain

ROLES = ("system_admin", "org_admin", "member", "viewer")
ROLE_RANK = {"viewer": 0, "member": 1, "org_admin": 2, "system_admin": 3}
# Who may approve an ETP (Organization.approvers): org admins (and the users marked autoridade
# competente), any member with write access, or only the users marked autoridade competente.
APPROVER_POLICIES = ("org_admin", "member", "autoridade_competente")


class Organization(UUIDPk, Timestamps, db.Model):
    __tablename__ = "organizations"
    __table_args__ = (CheckConstraint(f"approvers IN {APPROVER_POLICIES!r}", name="approvers_valid"),)

    name: Mapped[str] = mapped_column(String(200), nullable=False)
    # its e-mail domains live in organization_domains (models/organization_admin.py)
    monthly_token_budget: Mapped[int | None] = mapped_column(Integer)
    # approval policy: whether the approver may be the only author, and who may approve
    separation_of_duties: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True, server_default="true")
    approvers: Mapped[str] = mapped_column(String(30), nullable=False, default="org_admin", server_default="org_admin")

    users: Mapped[list[User]] = relationship(back_populates="organization", lazy="raise_on_sql")
    domain_rows: Mapped[list[OrganizationDomain]] = relationship(
        order_by="OrganizationDomain.domain", lazy="select", viewonly=True
    )

    @property
    def domains(self) -> list[str]:
        """Its e-mail domains (canonical form), sorted."""
        return [row.domain for row in self.domain_rows]


class User(UUIDPk, Timestamps, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(f"role IN {ROLES!r}", name="role_valid"),
        Index("ix_users_organization_id", "organization_id"),
    )

    # NULL: a verified account that has not joined an organization yet (invitation or join request)
    organization_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("organizations.id", ondelete="RESTRICT"), nullable=True
    )
    email: Mapped[str] = mapped_column(String(254), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False, default="member")
    is_active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True, server_default="true")
    # the "autoridade competente" permission: may approve ETPs (set by an org admin)
    autoridade_competente: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default="false")
    # failed sign-ins are counted per e-mail and address in login_throttles (models/throttle.py)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # every token (access and refresh) issued at or before this instant is revoked (services/sessions.py)
    tokens_valid_after: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # access tokens only (a role change: the next refresh reads the new role)
    access_tokens_valid_after: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # NULL until the owner follows the verification link (an unverified account can do nothing)
    email_verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    organization: Mapped[Organization | None] = relationship(back_populates="users", lazy="joined")


class PasswordResetToken(UUIDPk, db.Model):
    __tablename__ = "password_reset_tokens"

    user_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, server_default=func.now())
