from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from etp_app.extensions import db
from etp_app.models.base import UUIDPk, utcnow

MAIL_DELIVERY_CHANNELS = ("smtp", "outbox")


class MailOutbox(UUIDPk, db.Model):
    """One row per e-mail the worker handled.

    ``delivered_via='outbox'``: no SMTP server is configured, the row IS the mail (subject, body and
    link kept so a developer, a test or an operator can read it). ``delivered_via='smtp'``: the mail
    was handed to the SMTP server; only its metadata is kept (no body, no link: a link carries a token).
    While an SMTP mail waits for a retry (``sent_at`` NULL) its body and link are kept, then erased.
    ``error``: the last SMTP failure's class name (the task retries, then gives up).
    """

    __tablename__ = "mail_outbox"
    __table_args__ = (
        CheckConstraint(f"delivered_via IN {MAIL_DELIVERY_CHANNELS!r}", name="delivered_via_valid"),
        Index("ix_mail_outbox_to_email_created_at", "to_email", "created_at"),
        Index("ix_mail_outbox_created_at", "created_at"),
    )

    kind: Mapped[str] = mapped_column(String(50), nullable=False)
    to_email: Mapped[str] = mapped_column(String(320), nullable=False)
    subject: Mapped[str] = mapped_column(String(300), nullable=False)
    body_text: Mapped[str | None] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow, server_default=func.now()
    )
    delivered_via: Mapped[str] = mapped_column(String(10), nullable=False)
    # when it was put in the outbox, or handed to the SMTP server; NULL while it waits for a retry
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    error: Mapped[str | None] = mapped_column(String(200))
