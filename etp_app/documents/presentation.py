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
from etp_app.drafting import values
from etp_app.drafting.catalog import AI_NOTICE
from etp_app.drafting.formatting import EtpFacts, format_brl, format_date_br, format_number_br
from etp_app.drafting.norms import NORMS, extract_citations
from etp_app.drafting.quality import strip_ai_notice
from etp_app.drafting.templates import TEMPLATES, format_campo
from etp_app.etp_fields import LABELS, PAPEL_LABELS

DOCUMENT_KIND = "Estudo Técnico Preliminar"
LEGAL_BASIS = "Art. 18 da Lei 14.133/2021"
AI_NOTICE_TITLE = "Aviso sobre o uso de inteligência artificial"
NO_AI_NOTICE_TITLE = "Aviso sobre a elaboração do texto"
NO_AI_NOTICE = (
    "Nenhuma seção deste documento foi redigida com inteligência artificial generativa. A procedência "
    "de cada texto está indicada na própria seção."
)
UNFILLED = "[seção não preenchida]"
NOT_INFORMED = "[não informado]"
# Anything not approved is a minuta: the cover says so, every page's watermark and header too.
DRAFT_MARK = "MINUTA"
DRAFT_NOTE = "Minuta — não aprovada"
SIGNATURES_TITLE = "Equipe de planejamento e aprovação"
SIGNATURE_LINE = "_" * 40
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
        *value_model_rows(doc),
        (LABELS["quantidade_estimada"], facts.quantidade_label),
        (LABELS["prazo_execucao_dias"], facts.prazo_label),
        (LABELS["nivel_risco"], facts.nivel_risco_label),
        (LABELS["dotacao_orcamentaria"], clean_text(doc.dotacao_orcamentaria) or None),
    ]
    rows += [(label, clean_text(value)) for label, value in optional if value]
    rows += [
        ("Organização", _or_missing(doc.organization_name)),
        ("Situação", status_label(doc)),
        ("Versão do documento", _or_missing(doc.version_label)),
        ("Gerado em", f"{generated_at_label(doc)} (horário de Brasília)"),
    ]
    return rows


def value_model_rows(doc: DocumentModel) -> list[tuple[str, str | None]]:
    """The cover's rows of the value model (``drafting/values.py``): the period of a price per month
    or year, and the calculation of the total — so a reader sees how the estimated value was reached,
    and whether it agrees with the stated one."""
    calc = values.from_object(doc)
    rows: list[tuple[str, str | None]] = []
    if calc.periodicidade != values.UNICO:
        label = values.PERIODICIDADE_LABELS[calc.periodicidade]
        if calc.numero_periodos is not None:
            label += f", por {values.periods_text(calc.periodicidade, calc.numero_periodos)}"
        rows.append((LABELS["periodicidade_preco"], label))
    memo = calc.memoria
    if memo is not None and calc.consistente is False:
        memo += " (não confere com o valor estimado informado)"
    rows.append(("Cálculo do valor", memo))
    return rows


def status_label(doc: DocumentModel) -> str:
    """The cover's "Situação": "Aprovado em … por …" for an approved ETP, "Minuta — não aprovada
    (rascunho)" for anything else — never "Aprovado" on a document nobody approved."""
    if not doc.is_approved:
        return f"{DRAFT_NOTE} ({STATUS_LABELS.get(doc.status, clean_text(doc.status)).lower()})"
    label = STATUS_LABELS["approved"]
    if doc.approved_at is not None:
        label += f" em {local_time(doc.approved_at).strftime('%d/%m/%Y')}"
    if doc.approved_by_name:
        label += f" por {clean_text(doc.approved_by_name)}"
    return label


# --- signature block -------------------------------------------------------------------------


@dataclass(frozen=True)
class Signatory:
    """One person of the signature block: name, role and function, and the line they sign on."""

    name: str
    role: str  # cargo/função, or [não informado]
    function: str  # "Área requisitante", "Área técnica", "Autoridade competente"…
    matricula: str | None = None


@dataclass(frozen=True)
class SignatureBlock:
    """The end of the document: who planned (the planning team), who approves (the competent authority),
    the place and date, and the approval act when there is one (or the minuta notice)."""

    team: tuple[Signatory, ...]
    authority: Signatory | None
    place_date: str  # "Secretaria X — Coordenação Y, 01/12/2026"
    approval: str  # "Aprovado por … em … (horário de Brasília)." or the minuta notice
    statement: str | None  # the approver's statement, when approved
    missing: tuple[str, ...]  # what the block lacks, said in the document ("Equipe de planejamento não informada")


def signature_block(doc: DocumentModel) -> SignatureBlock:
    """What both layouts print as the signature block."""
    team = tuple(
        Signatory(
            name=_or_missing(person.get("nome")),
            role=_or_missing(person.get("cargo")),
            function=PAPEL_LABELS.get(str(person.get("papel")), clean_text(str(person.get("papel") or "")) or "Outro"),
            matricula=clean_text(person.get("matricula") or "") or None,
        )
        for person in doc.equipe_planejamento or []
    )
    authority = None
    if doc.autoridade_nome or doc.autoridade_cargo:
        authority = Signatory(
            _or_missing(doc.autoridade_nome), _or_missing(doc.autoridade_cargo), "Autoridade competente"
        )
    place = " — ".join(clean_text(v) for v in (doc.orgao or doc.organization_name, doc.unidade_requisitante) if v)
    if doc.is_approved and doc.approved_at is not None:
        day = local_time(doc.approved_at).strftime("%d/%m/%Y")
    elif doc.data_elaboracao is not None:
        day = format_date_br(doc.data_elaboracao)
    else:
        day = "____/____/________"
    if doc.is_approved:
        who = clean_text(doc.approved_by_name) if doc.approved_by_name else NOT_INFORMED
        when = local_time(doc.approved_at).strftime("%d/%m/%Y às %H:%M") if doc.approved_at else NOT_INFORMED
        approval = f"Aprovado por {who} em {when} (horário de Brasília)."
        statement = clean_text(doc.approval_statement) if doc.approval_statement else None
    else:
        approval = f"{DRAFT_NOTE}: este documento ainda não foi aprovado pela autoridade competente."
        statement = None
    missing = []
    if not team:
        missing.append("Equipe de planejamento não informada.")
    if authority is None:
        missing.append("Autoridade competente não informada.")
    return SignatureBlock(team, authority, f"{place or NOT_INFORMED}, {day}", approval, statement, tuple(missing))


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


def document_notice(doc: DocumentModel) -> tuple[str, str]:
    """The cover's notice (title, text): the AI notice when a section's text came from generative AI;
    otherwise a statement that none did — an offline template draft or a person's text is no AI
    content, and telling the reader it is would be false."""
    if doc.has_ai_content:
        return AI_NOTICE_TITLE, AI_NOTICE
    return NO_AI_NOTICE_TITLE, NO_AI_NOTICE


def section_heading(section: DocSection) -> str:
    return f"{section.code} — {clean_text(section.title)}"


def section_marker(section: DocSection, *, filled: bool = True) -> str:
    """Mandatory or optional, and who wrote the text shown — a person, AI (reviewed or not) or the
    offline drafter from the template (only said of a filled section)."""
    marker = (
        "Elemento obrigatório (art. 18, § 2º, da Lei 14.133/2021)"
        if section.mandatory
        else "Elemento não obrigatório: se ausente, a ausência deve ser justificada"
    )
    label = section.provenance_label if filled else None
    if label:
        marker += f" · {label}"
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
    "NO_AI_NOTICE",
    "NO_AI_NOTICE_TITLE",
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
    "SIGNATURES_TITLE",
    "SIGNATURE_LINE",
    "STATUS_LABELS",
    "TOC_TITLE",
    "UNFILLED",
    "CitedNorm",
    "SectionView",
    "SignatureBlock",
    "Signatory",
    "campos_rows",
    "cited_norms",
    "column_fractions",
    "cover_facts",
    "document_notice",
    "footer_left",
    "generated_at_label",
    "header_text",
    "local_time",
    "page_label",
    "section_heading",
    "section_marker",
    "section_view",
    "section_views",
    "signature_block",
    "status_label",
]
