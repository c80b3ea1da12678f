"""What the PDF and DOCX renderers show, computed once and formatted in pt-BR.

Both layouts present the same content: the cover facts, the type-specific fields, each section's
heading, marker and body (or its justification of absence, or the unfilled placeholder), the annex
of legal references cited and the footer facts. Keeping those decisions here makes the two documents
agree with each other; the renderers only lay them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from etp_app.documents.markdown import Block, Table, clean_text, parse_markdown, plain_text
from etp_app.documents.model import DocSection, DocumentModel
from etp_app.drafting.catalog import AI_NOTICE
from etp_app.drafting.formatting import EtpFacts, format_brl, format_date_br, format_number_br
from etp_app.drafting.norms import NORMS, extract_citations
from etp_app.drafting.quality import strip_ai_notice
from etp_app.drafting.templates import TEMPLATES, format_campo
from etp_app.etp_fields import LABELS

DOCUMENT_KIND = "Estudo Técnico Preliminar"
LEGAL_BASIS = "Art. 18 da Lei 14.133/2021"
AI_NOTICE_TITLE = "Aviso sobre o uso de inteligência artificial"
UNFILLED = "[seção não preenchida]"
NOT_INFORMED = "[não informado]"
DRAFT_MARK = "RASCUNHO"
DRAFT_NOTE = "RASCUNHO — documento não aprovado"
TOC_TITLE = "Sumário"
CAMPOS_TITLE = LABELS["campos"]
ANNEX_TITLE = "Referências legais citadas"
JUSTIFICATION_LABEL = "Justificativa da ausência do elemento (art. 18, § 2º, da Lei 14.133/2021):"
ANNEX_EMPTY = "Nenhuma norma foi citada no texto das seções."
ANNEX_HEADER = ("Norma", "Situação", "Dispositivos citados", "Seções")

STATUS_LABELS = {"draft": "Rascunho", "in_review": "Em revisão", "approved": "Aprovado", "archived": "Arquivado"}


def _brasilia() -> tzinfo:
    try:
        return ZoneInfo("America/Sao_Paulo")
    except ZoneInfoNotFoundError:  # no tz database on the host: Brasília has kept UTC-3 since 2019
        return timezone(timedelta(hours=-3), "BRT")


BRASILIA = _brasilia()


def local_time(moment: datetime) -> datetime:
    """``moment`` in Brasília time (a naive datetime is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BRASILIA)


def generated_at_label(doc: DocumentModel) -> str:
    """``"20/03/2026 14:45"``: the generation time in Brasília."""
    return local_time(doc.generated_at).strftime("%d/%m/%Y %H:%M")


def footer_left(doc: DocumentModel) -> str:
    return f"Gerado em {generated_at_label(doc)} (horário de Brasília) · {clean_text(doc.version_label)}"


def page_label(page: int, total: int) -> str:
    return f"Página {page} de {total}"


def header_text(doc: DocumentModel) -> str:
    title = clean_text(doc.title)
    if doc.numero_processo:
        return f"ETP · Processo {clean_text(doc.numero_processo)} · {title}"
    return f"ETP · {title}"


# --- cover facts -----------------------------------------------------------------------------


def _or_missing(value: str | None) -> str:
    text = clean_text(value).strip() if value else ""
    return text or NOT_INFORMED


def cover_facts(doc: DocumentModel) -> list[tuple[str, str]]:
    """(label, value) rows of the cover. The facts a reader always expects are shown even when
    missing (as ``[não informado]``); the others only when present."""
    facts = EtpFacts(
        responsavel_nome=clean_text(doc.responsavel_nome) or None,
        responsavel_matricula=clean_text(doc.responsavel_matricula) or None,
        quantidade_estimada=doc.quantidade_estimada,
        unidade_medida=clean_text(doc.unidade_medida) or None,
        prazo_execucao_dias=doc.prazo_execucao_dias,
        nivel_risco=doc.nivel_risco,
    )
    # The labels of etp_app.etp_fields, but the cover's shorter "Processo nº" and "Valor estimado".
    rows: list[tuple[str, str]] = [
        ("Processo nº", _or_missing(doc.numero_processo)),
        (LABELS["orgao"], _or_missing(doc.orgao)),
        (LABELS["uasg"], _or_missing(doc.uasg)),
        (LABELS["unidade_requisitante"], _or_missing(doc.unidade_requisitante)),
        (LABELS["responsavel_tecnico"], _or_missing(facts.responsavel_label)),
        (LABELS["data_elaboracao"], format_date_br(doc.data_elaboracao) if doc.data_elaboracao else NOT_INFORMED),
        (LABELS["template_type"], _or_missing(doc.template_name)),
        ("Valor estimado", format_brl(doc.valor_estimado) if doc.valor_estimado is not None else NOT_INFORMED),
    ]
    optional: list[tuple[str, str | None]] = [
        (LABELS["valor_unitario"], format_brl(doc.valor_unitario) if doc.valor_unitario is not None else None),
        (LABELS["quantidade_estimada"], facts.quantidade_label),
        (LABELS["prazo_execucao_dias"], facts.prazo_label),
        (LABELS["nivel_risco"], facts.nivel_risco_label),
        (LABELS["dotacao_orcamentaria"], clean_text(doc.dotacao_orcamentaria) or None),
    ]
    rows += [(label, clean_text(value)) for label, value in optional if value]
    rows += [
        ("Organização", _or_missing(doc.organization_name)),
        ("Situação", STATUS_LABELS.get(doc.status, clean_text(doc.status))),
        ("Versão do documento", _or_missing(doc.version_label)),
        ("Gerado em", f"{generated_at_label(doc)} (horário de Brasília)"),
    ]
    return rows


# --- type-specific fields --------------------------------------------------------------------


def _format_raw(value: Any) -> str:
    if isinstance(value, bool):
        return "sim" if value else "não"
    if isinstance(value, (int, Decimal)):
        return format_number_br(value)
    if isinstance(value, float):
        return format_number_br(Decimal(repr(value)))
    if isinstance(value, datetime):
        return local_time(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return format_date_br(value)
    return str(value)


def campos_rows(doc: DocumentModel) -> list[tuple[str, str]]:
    """(label, value) rows of the type-specific fields: the template's order first, then any other
    field by name; absent or blank values are left out."""
    template = TEMPLATES.get(doc.template_type)
    specs = {f.name: f for f in template.fields} if template else {}
    order = [name for name in specs if name in doc.campos]
    order += sorted(name for name in doc.campos if name not in specs)
    rows: list[tuple[str, str]] = []
    for name in order:
        value = doc.campos[name]
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        spec = specs.get(name)
        label = doc.campos_labels.get(name) or (spec.label if spec else name)
        try:
            text = format_campo(spec, value) if spec else _format_raw(value)
        except (ValueError, ArithmeticError):
            text = str(value)
        rows.append((clean_text(label), clean_text(text)))
    return rows


# --- sections --------------------------------------------------------------------------------


SectionState = Literal["filled", "justified", "unfilled"]


@dataclass(frozen=True)
class SectionView:
    section: DocSection
    heading: str  # "I — Descrição da necessidade"
    marker: str  # mandatory/optional, and whether AI drafted it
    state: SectionState
    blocks: tuple[Block, ...]  # the content (filled) or the justification (justified)
    placeholder: str | None  # for an unfilled section: what to print instead


def section_heading(section: DocSection) -> str:
    return f"{section.code} — {clean_text(section.title)}"


def section_marker(section: DocSection, *, filled: bool = True) -> str:
    """Mandatory or optional, and whether AI drafted the text shown (only said of a filled section)."""
    marker = (
        "Elemento obrigatório (art. 18, § 2º, da Lei 14.133/2021)"
        if section.mandatory
        else "Elemento não obrigatório: se ausente, a ausência deve ser justificada"
    )
    if section.ai_generated and filled:
        marker += " · texto elaborado com auxílio de inteligência artificial"
    return marker


def section_view(section: DocSection) -> SectionView:
    content = strip_ai_notice(section.content or "")
    if content.strip():
        return SectionView(
            section, section_heading(section), section_marker(section), "filled", parse_markdown(content), None
        )
    marker = section_marker(section, filled=False)
    justification = (section.justification or "").strip()
    if justification and not section.mandatory:
        return SectionView(section, section_heading(section), marker, "justified", parse_markdown(justification), None)
    placeholder = UNFILLED + (
        " — elemento obrigatório pendente de preenchimento."
        if section.mandatory
        else " — falta a justificativa da ausência deste elemento."
    )
    return SectionView(section, section_heading(section), marker, "unfilled", (), placeholder)


def section_views(doc: DocumentModel) -> list[SectionView]:
    """The sections in inciso order."""
    return [section_view(s) for s in sorted(doc.sections, key=lambda s: s.inciso)]


# --- Markdown tables ------------------------------------------------------------------------


def column_fractions(table: Table) -> list[float]:
    """Share of the text width for each column of ``table``: proportional to the column's longest
    text (capped, so one long cell does not starve the others), at least half an equal share."""
    weights = []
    for col in range(table.columns):
        longest = max(len(plain_text(row[col])) for row in (table.header, *table.rows))
        weights.append(min(max(longest, 4), 48))
    floor = 0.5 / table.columns
    shares = [max(w / sum(weights), floor) for w in weights]
    total = sum(shares)
    return [share / total for share in shares]


# --- annex: legal references cited ----------------------------------------------------------


@dataclass(frozen=True)
class CitedNorm:
    label: str
    status: str  # "em vigor", "revogada pela Lei 14.133/2021", "não verificada ..."
    revoked: bool
    articles: str  # "art. 18", "arts. 40 e 47", or "—"
    sections: str  # "I, VI"

    @property
    def row(self) -> tuple[str, str, str, str]:
        return (self.label, self.status, self.articles, self.sections)


def _join_pt(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " e " + items[-1]


def _norm_status(key: str | None) -> tuple[str, bool]:
    if key is None:
        return "não verificada (norma fora da base local)", False
    norm = NORMS[key]
    if norm.status == "revoked":
        by = NORMS[norm.revoked_by].label if norm.revoked_by else "norma posterior"
        return (f"revogada em grande parte pela {by}" if norm.revoked_in_part else f"revogada pela {by}"), True
    return "em vigor", False


def cited_norms(doc: DocumentModel) -> list[CitedNorm]:
    """The norms cited in any section's content or justification, in order of first citation, with
    their status in the local norms table, the articles cited and the sections citing them."""
    found: dict[str, tuple[str | None, str, set[int], list[str]]] = {}
    for section in sorted(doc.sections, key=lambda s: s.inciso):
        for text in (strip_ai_notice(section.content or ""), section.justification or ""):
            if not text.strip():
                continue
            for citation in extract_citations(clean_text(text)):
                if citation.norm_key is None and citation.cited is None:
                    continue  # an article bound to no norm
                ident = citation.norm_key or citation.cited or ""
                label = NORMS[citation.norm_key].label if citation.norm_key else citation.cited or ""
                entry = found.setdefault(ident, (citation.norm_key, label, set(), []))
                if citation.article is not None:
                    entry[2].add(citation.article)
                if section.code not in entry[3]:
                    entry[3].append(section.code)
    out: list[CitedNorm] = []
    for key, label, articles, codes in found.values():
        status, revoked = _norm_status(key)
        numbers = [str(a) for a in sorted(articles)]
        cited = ("art. " if len(numbers) == 1 else "arts. ") + _join_pt(numbers) if numbers else "—"
        out.append(CitedNorm(label, status, revoked, cited, ", ".join(codes)))
    return out


__all__ = [
    "AI_NOTICE",
    "AI_NOTICE_TITLE",
    "ANNEX_EMPTY",
    "ANNEX_HEADER",
    "ANNEX_TITLE",
    "CAMPOS_TITLE",
    "DOCUMENT_KIND",
    "DRAFT_MARK",
    "DRAFT_NOTE",
    "JUSTIFICATION_LABEL",
    "LEGAL_BASIS",
    "NOT_INFORMED",
    "STATUS_LABELS",
    "TOC_TITLE",
    "UNFILLED",
    "CitedNorm",
    "SectionView",
    "campos_rows",
    "cited_norms",
    "column_fractions",
    "cover_facts",
    "footer_left",
    "generated_at_label",
    "header_text",
    "local_time",
    "page_label",
    "section_heading",
    "section_marker",
    "section_view",
    "section_views",
]
