"""Joining an organization: an org admin's invitation, or a join request an org admin approves.

An e-mail domain only SUGGESTS an organization (``organization_domains``); these two rows are the
only ways in (services/membership.py).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, Text, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from etp_app.extensions import db
from etp_app.models.base import Timestamps, UUIDPk, utcnow
from etp_app.models.user import Organization, User

# The roles an invitation or an approved join request may grant (never system_admin).
GRANTABLE_ROLES = ("viewer", "member", "org_admin")
# What is stored; "expired" is stored only when a newer invitation to the same address replaces a
# pending one whose link ran out (the API also shows a pending invitation past expires_at as expired).
INVITATION_STATUSES = ("pending", "accepted", "revoked", "expired")
JOIN_REQUEST_STATUSES = ("pending", "approved", "rejected", "cancelled")


class Invitation(UUIDPk, Timestamps, db.Model):
    """An org admin (or an operator, ``invited_by`` NULL) invites an e-mail address with a role.

    The link's raw token exists only in the e-mail (or on the operator's terminal); ``token_hash`` is
    its SHA-256, replaced by every new link (only the newest works). One pending invitation per
    organization and address.
    """

    __tablename__ = "invitations"
    __table_args__ = (
        CheckConstraint(f"role IN {GRANTABLE_ROLES!r}", name="role_valid"),
        CheckConstraint(f"status IN {INVITATION_STATUSES!r}", name="status_valid"),
        Index("ix_invitations_organization_id_created_at", "organization_id", "created_at"),
        Index("ix_invitations_email", "email"),
        Index(
            "uq_invitations_pending_organization_email",
            "organization_id",
            "email",
            unique=True,
            postgresql_where=text("status = 'pending'"),
        ),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False
    )
    email: Mapped[str] = mapped_column(String(254), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    # the stored status; ``status`` (below) also reports a pending invitation past its expiry as expired
    recorded_status: Mapped[str] = mapped_column(
        "status", String(10), nullable=False, default="pending", server_default="pending"
    )
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    invited_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    # when the worker last mailed a link (NULL: never mailed, e.g. an operator's printed link)
    last_sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    accepted_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))

    organization: Mapped[Organization] = relationship(lazy="joined")
    inviter: Mapped[User | None] = relationship(foreign_keys=[invited_by], lazy="joined")

    @property
    def status(self) -> str:
        if self.recorded_status == "pending" and self.expires_at <= utcnow():
            return "expired"
        return self.recorded_status

    @property
    def invited_by_name(self) -> str | None:
        return self.inviter.name if self.inviter is not None else None


class JoinRequest(UUIDPk, Timestamps, db.Model):
    """A verified account without an organization asks to join one its e-mail domain suggests.

    An org admin of that organization approves it (with the role ``role``) or rejects it (``reason``);
    the requester may cancel it while it is pending. One pending request per requester and organization.
    """

    __tablename__ = "join_requests"
    __table_args__ = (
        CheckConstraint(f"status IN {JOIN_REQUEST_STATUSES!r}", name="status_valid"),
        CheckConstraint(f"role IS NULL OR role IN {GRANTABLE_ROLES!r}", name="role_valid"),
        Index("ix_join_requests_organization_id_status_created_at", "organization_id", "status", "created_at"),
        Index("ix_join_requests_requester_id", "requester_id"),
        Index(
            "uq_join_requests_pending_requester_organization",
            "requester_id",
            "organization_id",
            unique=True,
            postgresql_where=text("status = 'pending'"),
        ),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False
    )
    requester_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    message: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="pending", server_default="pending")
    # the role granted by the approval
    role: Mapped[str | None] = mapped_column(String(20))
    decided_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # why it was rejected (optional), or why it was closed without a decision
    reason: Mapped[str | None] = mapped_column(Text)

    organization: Mapped[Organization] = relationship(lazy="joined")
    requester: Mapped[User] = relationship(foreign_keys=[requester_id], lazy="joined")
