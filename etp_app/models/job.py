from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from etp_app.extensions import db
from etp_app.models.base import Timestamps, UUIDPk

JOB_KINDS = ("draft_section", "draft_etp", "export", "backup")
JOB_STATES = ("queued", "running", "succeeded", "failed", "cancelled")
TERMINAL_JOB_STATES = frozenset({"succeeded", "failed", "cancelled"})


class Job(UUIDPk, Timestamps, db.Model):
    """The job ledger: PostgreSQL is the source of truth for every background job's state."""

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint(f"kind IN {JOB_KINDS!r}", name="kind_valid"),
        CheckConstraint(f"state IN {JOB_STATES!r}", name="state_valid"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
        Index("ix_jobs_org_created", "organization_id", "created_at"),
        Index("ix_jobs_etp", "etp_id"),
        Index("ix_jobs_state", "state"),
        # The sweep's scan of live jobs (workers.tasks.maintenance.sweep_jobs; migration 0015).
        Index(
            "ix_jobs_sweep",
            "state",
            "lease_expires_at",
            postgresql_where=text("state IN ('queued', 'running')"),
        ),
        Index(
            "uq_jobs_idempotency",
            "organization_id",
            "created_by",
            "idempotency_key",
            unique=True,
            postgresql_where=text("idempotency_key IS NOT NULL"),
        ),
    )

    organization_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("organizations.id", ondelete="CASCADE"))
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))
    etp_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("etps.id", ondelete="SET NULL"))
    inciso: Mapped[int | None] = mapped_column(SmallInteger)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    state: Mapped[str] = mapped_column(String(10), nullable=False, default="queued", server_default="queued")
    progress: Mapped[int] = mapped_column(SmallInteger, nullable=False, default=0, server_default="0")
    attempts: Mapped[int] = mapped_column(SmallInteger, nullable=False, default=0, server_default="0")
    max_attempts: Mapped[int] = mapped_column(SmallInteger, nullable=False, default=3, server_default="3")
    params: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict, server_default="{}")
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    error: Mapped[str | None] = mapped_column(Text)
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    # SHA-256 (hex) of the request that created the job with ``idempotency_key`` (route, target,
    # body): a reused key answers the earlier job only for the same request (services.jobs).
    request_fingerprint: Mapped[str | None] = mapped_column(String(64))
    model: Mapped[str | None] = mapped_column(String(100))
    tokens_in: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    tokens_out: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    cost_usd: Mapped[Decimal] = mapped_column(Numeric(12, 6), nullable=False, default=0, server_default="0")
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The lease of a running job: its worker renews it every JOB_HEARTBEAT_SECONDS
    # (services.job_leases); the sweep re-publishes a running job whose lease expired.
    lease_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    worker: Mapped[str | None] = mapped_column(Text)

    @property
    def is_terminal(self) -> bool:
        return self.state in TERMINAL_JOB_STATES
