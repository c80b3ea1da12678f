"""Who an organization is and how accounts prove their mailbox: the domains a system administrator
registered for each organization, the e-mail verification tokens, and the requests to create an
organization that a verified account without one sends to the system administrators."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, Text, Uuid, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from etp_app.extensions import db
from etp_app.models.base import Timestamps, UUIDPk, utcnow
from etp_app.models.user import User

ORGANIZATION_REQUEST_STATUSES = ("pending", "approved", "rejected")


class OrganizationDomain(UUIDPk, db.Model):
    """An e-mail domain of an organization, in the canonical form of ``etp_app.domains.normalize``.

    A domain SUGGESTS the organization to its verified registrants; it never grants membership.
    """

    __tablename__ = "organization_domains"

    organization_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    domain: Mapped[str] = mapped_column(String(253), nullable=False, unique=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow, server_default=func.now()
    )


class EmailVerificationToken(UUIDPk, db.Model):
    """A single-use link proving the account's mailbox; only the SHA-256 of the raw token is kept.

    ``password_fingerprint`` (SHA-256 of the account's password hash when the link was made) ties the
    link to the registration it answers: registering the same unverified e-mail again sets a new
    password and so voids every earlier link, while the links of one registration all keep working.
    """

    __tablename__ = "email_verification_tokens"

    user_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    password_fingerprint: Mapped[str] = mapped_column(String(64), nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow, server_default=func.now()
    )


class OrganizationRequest(UUIDPk, Timestamps, db.Model):
    """A verified account without an organization asks the system administrators to create one.

    Approval creates the organization with ``domains`` and makes the requester its org admin;
    rejection keeps ``reason``. One pending request per requester.
    """

    __tablename__ = "organization_requests"
    __table_args__ = (
        CheckConstraint(f"status IN {ORGANIZATION_REQUEST_STATUSES!r}", name="status_valid"),
        Index("ix_organization_requests_status_created_at", "status", "created_at"),
        Index(
            "uq_organization_requests_pending_requester",
            "requester_id",
            unique=True,
            postgresql_where=text("status = 'pending'"),
        ),
    )

    requester_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    # canonical domains (etp_app.domains.normalize), a JSON list of strings
    domains: Mapped[list[str]] = mapped_column(JSONB, nullable=False)
    justification: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="pending", server_default="pending")
    decided_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str | None] = mapped_column(Text)
    # the organization the approval created
    organization_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("organizations.id", ondelete="SET NULL"))

    requester: Mapped[User] = relationship(foreign_keys=[requester_id], lazy="joined")
