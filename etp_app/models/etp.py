from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Computed,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column, relationship

from etp_app.drafting.catalog import PROVENANCES
from etp_app.etp_fields import NIVEIS_RISCO, PERIODICIDADES, TEMPLATE_TYPES  # the choices of the editable fields
from etp_app.extensions import db
from etp_app.models.base import Timestamps, UUIDPk, utcnow

ETP_STATUSES = ("draft", "in_review", "approved", "archived")
SECTION_STATUSES = ("empty", "drafting", "drafted", "edited", "approved")


class Etp(UUIDPk, Timestamps, db.Model):
    __tablename__ = "etps"
    __table_args__ = (
        CheckConstraint("uasg ~ '^[0-9]{6}$'", name="uasg_six_digits"),
        CheckConstraint(f"template_type IN {TEMPLATE_TYPES!r}", name="template_type_valid"),
        CheckConstraint(f"status IN {ETP_STATUSES!r}", name="status_valid"),
        CheckConstraint(f"nivel_risco IN {NIVEIS_RISCO!r}", name="nivel_risco_valid"),
        CheckConstraint("valor_estimado >= 0", name="valor_estimado_nonnegative"),
        CheckConstraint("valor_unitario >= 0", name="valor_unitario_nonnegative"),
        CheckConstraint("quantidade_estimada >= 0", name="quantidade_nonnegative"),
        CheckConstraint("prazo_execucao_dias >= 0", name="prazo_nonnegative"),
        CheckConstraint(f"periodicidade_preco IN {PERIODICIDADES!r}", name="periodicidade_preco_valid"),
        CheckConstraint("numero_periodos >= 1", name="numero_periodos_positive"),
        Index("ix_etps_org_updated", "organization_id", "updated_at"),
        Index("ix_etps_search", "search", postgresql_using="gin"),
        Index(
            "ix_etps_trash",
            "organization_id",
            "deleted_at",
            postgresql_where=text("deleted_at IS NOT NULL"),
        ),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("organizations.id", ondelete="RESTRICT"), nullable=False
    )
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    objeto: Mapped[str] = mapped_column(Text, nullable=False)
    numero_processo: Mapped[str | None] = mapped_column(String(60))
    orgao: Mapped[str | None] = mapped_column(String(300))
    uasg: Mapped[str | None] = mapped_column(String(6))
    unidade_requisitante: Mapped[str | None] = mapped_column(String(300))
    responsavel_nome: Mapped[str | None] = mapped_column(String(200))
    responsavel_matricula: Mapped[str | None] = mapped_column(String(60))
    data_elaboracao: Mapped[date | None] = mapped_column(Date)
    template_type: Mapped[str] = mapped_column(String(10), nullable=False, default="bens")
    quantidade_estimada: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    unidade_medida: Mapped[str | None] = mapped_column(String(60))
    valor_estimado: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    valor_unitario: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    # the value model (etp_app/drafting/values.py): the period the unit price covers, and how many
    # periods the contract lasts (NULL: derived from its duration)
    periodicidade_preco: Mapped[str] = mapped_column(
        String(10), nullable=False, default="unico", server_default="unico"
    )
    numero_periodos: Mapped[int | None] = mapped_column(Integer)
    prazo_execucao_dias: Mapped[int | None] = mapped_column(Integer)
    nivel_risco: Mapped[str | None] = mapped_column(String(10))
    dotacao_orcamentaria: Mapped[str | None] = mapped_column(String(300))
    descricao_necessidade: Mapped[str | None] = mapped_column(Text)
    requisitos: Mapped[str | None] = mapped_column(Text)
    riscos: Mapped[str | None] = mapped_column(Text)
    campos: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict, server_default="{}")
    # the planning team (equipe de planejamento da contratação) and the approving authority: editable facts
    equipe_planejamento: Mapped[list[dict[str, Any]]] = mapped_column(
        JSONB, nullable=False, default=list, server_default="[]"
    )
    autoridade_nome: Mapped[str | None] = mapped_column(String(200))
    autoridade_cargo: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="draft")
    # denormalized completion, kept by the section service in the same transaction as the edit
    filled_count: Mapped[int] = mapped_column(SmallInteger, nullable=False, default=0, server_default="0")
    mandatory_filled_count: Mapped[int] = mapped_column(SmallInteger, nullable=False, default=0, server_default="0")
    # optimistic-concurrency counter: the ETag of the ETP
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")
    # the approval act (services/approval.py): who, when, what they declared; cleared when reopened.
    # The approver's name is kept as it was when they signed, like the name under a signature.
    approved_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))
    approved_by_name: Mapped[str | None] = mapped_column(String(200))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    approval_statement: Mapped[str | None] = mapped_column(Text)
    # the trash (services/trash.py): set when a person deletes the ETP; every read skips such rows
    # (etp_access.live_etp) until it is restored or purged after TRASH_RETENTION_DAYS
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))
    search = mapped_column(
        TSVECTOR,
        Computed(
            "to_tsvector('portuguese'::regconfig, coalesce(title, '') || ' ' || coalesce(objeto, ''))",
            persisted=True,
        ),
        deferred=True,  # only queried in SQL (search @@ ...), never needed in Python
    )

    sections: Mapped[list[Section]] = relationship(
        back_populates="etp",
        order_by="Section.inciso",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="raise_on_sql",
    )


class Section(UUIDPk, db.Model):
    __tablename__ = "sections"
    __table_args__ = (
        UniqueConstraint("etp_id", "inciso", name="uq_sections_etp_inciso"),
        CheckConstraint("inciso BETWEEN 1 AND 13", name="inciso_range"),
        CheckConstraint(f"status IN {SECTION_STATUSES!r}", name="status_valid"),
        CheckConstraint(f"provenance IN {PROVENANCES!r}", name="provenance_valid"),
        CheckConstraint(f"suggestion_provenance IN {PROVENANCES!r}", name="suggestion_provenance_valid"),
    )

    etp_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("etps.id", ondelete="CASCADE"), nullable=False)
    inciso: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    content: Mapped[str] = mapped_column(Text, nullable=False, default="", server_default="")
    justification: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="empty", server_default="empty")
    suggestion: Mapped[str | None] = mapped_column(Text)
    quality: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    ai_generated: Mapped[bool] = mapped_column(default=False, server_default="false")
    # Who wrote the current text (catalog.PROVENANCES: human, ai, offline; None while empty) and the
    # drafter's notes for its author ([{kind, text}], types.NOTE_KINDS) — beside the text, never in it.
    # A person's edit keeps the notes until the next draft; the suggestion carries its own pair.
    provenance: Mapped[str | None] = mapped_column(String(10))
    drafting_notes: Mapped[list[dict[str, str]] | None] = mapped_column(JSONB)
    suggestion_provenance: Mapped[str | None] = mapped_column(String(10))
    suggestion_notes: Mapped[list[dict[str, str]] | None] = mapped_column(JSONB)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))
    # a person's review of the current text ("revisado por … em …"); every change of the text clears it,
    # with the acknowledgements of its findings ({code: {reason, by, by_name, at}}), which were about
    # the text as it was
    reviewed_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_by_name: Mapped[str | None] = mapped_column(String(200))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    acknowledgements: Mapped[dict[str, Any] | None] = mapped_column(JSONB)

    etp: Mapped[Etp] = relationship(back_populates="sections", lazy="raise_on_sql")

    @property
    def is_filled(self) -> bool:
        return bool(self.content and self.content.strip())
