"""The document model every renderer takes: plain data, built by the export service from an ETP.

Renderers (PDF, DOCX, JSON, XML) are pure functions ``DocumentModel -> bytes``; they import neither
Flask nor the ORM.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from etp_app.drafting.catalog import provenance_label


@dataclass(frozen=True)
class DocSection:
    inciso: int
    code: str  # "I".."XIII"
    title: str  # statutory short title (catalog)
    mandatory: bool
    content: str  # Markdown (lists, tables, emphasis); user and AI text: escape it
    justification: str | None  # why a non-mandatory element is absent
    ai_generated: bool
    status: str  # empty, drafting, drafted, edited, approved
    # Who wrote the text (catalog.PROVENANCES; None: say it through ai_generated, for callers that
    # predate it) and whether a person reviewed it since its last change: the label a reader sees.
    provenance: str | None = None
    reviewed: bool = False

    @property
    def text_provenance(self) -> str | None:
        """human, ai or offline for a filled section; None for an empty one."""
        if not (self.content or "").strip():
            return None
        if self.provenance is not None:
            return self.provenance
        return "ai" if self.ai_generated else "human"

    @property
    def provenance_label(self) -> str | None:
        """The pt-BR label of the text's provenance (catalog.PROVENANCE_LABELS); None when empty."""
        return provenance_label(self.text_provenance, reviewed=self.reviewed)


@dataclass(frozen=True)
class DocumentModel:
    """One ETP as the renderers see it: what the document itself states (id, status, template name,
    version, generation time, organization, sections) and one attribute per document column of
    :mod:`etp_app.etp_fields`, typed for the renderers (``tests/unit/test_etp_fields.py`` checks
    they agree; the export service fills them by name)."""

    etp_id: str
    title: str
    objeto: str
    status: str  # draft, in_review, approved, archived — "RASCUNHO" watermark unless approved
    template_type: str  # bens, servicos, obras, ti
    template_name: str  # e.g. "Bens e materiais"
    version_label: str  # the document's version, e.g. "versão 4" (ETP version counter)
    generated_at: datetime  # timezone-aware
    organization_name: str
    sections: tuple[DocSection, ...]  # all 13, in inciso order
    numero_processo: str | None = None
    orgao: str | None = None
    uasg: str | None = None
    unidade_requisitante: str | None = None
    responsavel_nome: str | None = None
    responsavel_matricula: str | None = None
    data_elaboracao: date | None = None
    quantidade_estimada: Decimal | None = None
    unidade_medida: str | None = None
    valor_estimado: Decimal | None = None
    valor_unitario: Decimal | None = None
    periodicidade_preco: str = "unico"  # the value model (drafting/values.py)
    numero_periodos: int | None = None
    prazo_execucao_dias: int | None = None
    nivel_risco: str | None = None
    dotacao_orcamentaria: str | None = None
    descricao_necessidade: str | None = None
    requisitos: str | None = None
    riscos: str | None = None
    campos: dict[str, Any] = field(default_factory=dict)  # type-specific fields (raw values)
    campos_labels: dict[str, str] = field(default_factory=dict)  # field name -> pt-BR label
    # who planned and who approves (editable facts): [{nome, cargo, papel, matricula}], the authority's parts
    equipe_planejamento: list[dict[str, Any]] = field(default_factory=list)
    autoridade_nome: str | None = None
    autoridade_cargo: str | None = None
    # the approval act (services/approval.py), set only while the ETP is approved
    approved_by_name: str | None = None
    approved_at: datetime | None = None  # timezone-aware
    approval_statement: str | None = None

    @property
    def is_approved(self) -> bool:
        return self.status == "approved"

    @property
    def has_ai_content(self) -> bool:
        """Whether any section's text came from generative AI (an offline draft did not)."""
        return any(s.text_provenance == "ai" for s in self.sections)
