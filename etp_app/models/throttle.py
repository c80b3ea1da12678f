"""Failed sign-in counters (services/login_throttle.py): per (account, address), per address and per
account, in PostgreSQL so the throttling holds while Redis is down."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from etp_app.extensions import db

# account_address: one e-mail from one address (blocks that pair); address: every e-mail from one
# address (blocks the address at a higher threshold); account: one e-mail from every address (never
# blocks: it only mails the owner, "login_alert").
THROTTLE_KINDS = ("account_address", "address", "account")


class LoginThrottle(db.Model):
    """One counter. ``key`` is an HMAC-SHA256 (keyed by SECRET_KEY) of the normalized e-mail and/or
    the address: the table holds neither e-mails nor addresses, and an unknown e-mail has a row
    exactly like a known one."""

    __tablename__ = "login_throttles"
    __table_args__ = (CheckConstraint(f"kind IN {THROTTLE_KINDS!r}", name="kind_valid"),)

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    failures: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    window_started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    last_failure_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # attempts are refused with 429 until then (account_address and address rows only)
    blocked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # account: the last "login_alert" mail queued
    notified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
