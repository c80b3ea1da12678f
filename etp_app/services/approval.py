"""Approval of an ETP that means something: what blocks it, who may approve it, and the separation of
duties between who writes and who approves.

An ETP is approved only when its content is complete and a person stands behind every text in it
(Lei 14.133/2021, art. 18 §§ 1º–2º): :func:`blockers` lists, per section (inciso code) or field
(``campos.<name>``), every reason it cannot be, in Portuguese, with the rule behind it —

- a mandatory section empty, or an optional one neither filled nor justified (art. 18 § 2º);
- a pending ``[a preencher: …]`` marker in a section's text or justification (the drafting core's own
  pattern, :func:`etp_app.drafting.quality.pending_placeholders`);
- a required type-specific field of the contract type empty (:func:`templates.missing_required`);
- an error-level finding of a section's current text that nobody acknowledged;
- a filled section not reviewed by a person after its last change, and an AI draft never reviewed;
- a section still being drafted by a job.

Who may approve is the organization's policy (``Organization.approvers``): org admins and the users
marked autoridade competente (the default), any member with write access, or only the users marked
autoridade competente. With ``Organization.separation_of_duties`` (the default) the approver cannot be
the ETP's only author: the authors are whoever created it and everyone who wrote its facts or a
section's text (``sections.updated_by`` and the audit trail's writing acts).

The module sits below ``etps`` (which runs the transition) and above ``sections`` (the review marks and
the findings): pyproject.toml's layers contract.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from etp_app.drafting.catalog import ALL_INCISOS, BY_INCISO
from etp_app.drafting.quality import pending_placeholders
from etp_app.drafting.templates import get_template, missing_required
from etp_app.errors import NotFound
from etp_app.extensions import db
from etp_app.models import AuditLog, Etp, Organization, Section, User
from etp_app.security import Identity
from etp_app.services.etp_access import NOT_FOUND_MESSAGE, has_text, live_etp
from etp_app.services.sections import error_findings

MISSING_MANDATORY = "Seção obrigatória sem conteúdo."
MISSING_OPTIONAL = "Preencha a seção ou justifique sua ausência."
DRAFTING = "Seção em redação por um job de IA: aguarde o fim do job ou cancele-o antes de aprovar."
NOT_REVIEWED = (
    "Seção preenchida sem revisão por uma pessoa após a última alteração: revise o texto "
    "(POST /api/v1/etps/<id>/sections/<inciso>/review) antes da aprovação."
)
AI_NOT_REVIEWED = (
    "Texto redigido com auxílio de inteligência artificial nunca revisado por uma pessoa: revise-o "
    "(POST /api/v1/etps/<id>/sections/<inciso>/review) antes da aprovação."
)
OFFLINE_NOT_REVIEWED = (
    "Rascunho gerado a partir do modelo (sem IA generativa) nunca revisado por uma pessoa: revise-o "
    "(POST /api/v1/etps/<id>/sections/<inciso>/review) antes da aprovação."
)
RULE = "art. 18, §§ 1º e 2º, da Lei 14.133/2021"

# The audit acts that write an ETP's facts or a section's text: whoever did one is an author.
AUTHORING_ACTIONS = (
    "etp.create",
    "etp.update",
    "etp.draft_requested",
    "section.update",
    "section.draft_requested",
    "section.draft",
    "section.suggestion_accepted",
    "version.restore",
)

APPROVER_RULES = {
    "org_admin": "administradores da organização e usuários com a permissão de autoridade competente",
    "member": "qualquer membro da organização com permissão de escrita",
    "autoridade_competente": "somente usuários com a permissão de autoridade competente",
}


def _placeholders_message(markers: Sequence[str], where: str) -> str:
    n = len(markers)
    plural = n > 1
    sample = markers[0] if len(markers[0]) <= 80 else markers[0][:79] + "…]"
    return (
        f'Há {n} marcador{"es" if plural else ""} "[a preencher: …]" pendente{"s" if plural else ""} {where} '
        f"(ex.: {sample}): substitua-{'os' if plural else 'o'} pelas informações reais — um ETP aprovado não "
        f"tem lacunas nos elementos do {RULE}."
    )


def _finding_message(code: str, finding: dict[str, Any], count: int) -> str:
    message = " ".join(str(finding.get("message") or "").split())
    more = f" ({count} ocorrências)" if count > 1 else ""
    return (
        f"Achado de nível erro sem ciência registrada [{code}]{more}: {message} Corrija o texto ou registre "
        f"ciência com justificativa (POST /api/v1/etps/<id>/sections/<inciso>/findings/{code}/acknowledge)."
    )


def section_blockers(section: Section | None, inciso: int) -> list[str]:
    """Why the section for ``inciso`` keeps the ETP from approval (empty: nothing)."""
    spec = BY_INCISO[inciso]
    if section is None:
        return [MISSING_MANDATORY if spec.mandatory else MISSING_OPTIONAL]
    out: list[str] = []
    filled = has_text(section.content)
    if not filled:
        if spec.mandatory:
            out.append(MISSING_MANDATORY)
        elif not has_text(section.justification):
            out.append(MISSING_OPTIONAL)
    if section.status == "drafting":
        out.append(DRAFTING)
    markers = pending_placeholders(section.content)
    if markers:
        out.append(_placeholders_message(markers, "no texto"))
    justification_markers = pending_placeholders(section.justification) if not filled else []
    if justification_markers:
        out.append(_placeholders_message(justification_markers, "na justificativa da ausência"))
    if filled:
        acknowledged = section.acknowledgements or {}
        by_code: dict[str, list[dict[str, Any]]] = {}
        for finding in error_findings(section):
            by_code.setdefault(str(finding.get("code")), []).append(finding)
        for code, findings in by_code.items():
            if code not in acknowledged:
                out.append(_finding_message(code, findings[0], len(findings)))
        if section.reviewed_at is None:
            out.append(_not_reviewed_message(section))
    return out


def _not_reviewed_message(section: Section) -> str:
    """What the unreviewed text is, told truthfully: a generative-AI draft, an offline template draft
    (no AI: it must not be called one) or a person's text."""
    if section.provenance == "offline":
        return OFFLINE_NOT_REVIEWED
    if section.provenance == "ai" or (section.provenance is None and section.ai_generated):
        return AI_NOT_REVIEWED
    return NOT_REVIEWED


def campos_blockers(template_type: str, campos: dict[str, Any] | None) -> dict[str, list[str]]:
    """The required type-specific fields of the contract type still empty, keyed ``campos.<name>``."""
    try:
        template = get_template(template_type)
    except KeyError:
        return {}
    labels = {f.name: f.label for f in template.fields}
    return {
        f"campos.{name}": [
            f'Campo obrigatório do tipo de contratação "{template.name}" não preenchido: {labels.get(name, name)} '
            f"(o modelo do tipo o exige para descrever a contratação; {RULE})."
        ]
        for name in missing_required(template_type, campos)
    }


def blockers(etp: Etp, sections: Iterable[Section]) -> dict[str, list[str]]:
    """Everything that keeps ``etp`` from approval: sections in inciso order, then the type-specific
    fields. Empty when its content can be approved."""
    by_inciso = {s.inciso: s for s in sections}
    out: dict[str, list[str]] = {}
    for inciso in ALL_INCISOS:
        problems = section_blockers(by_inciso.get(inciso), inciso)
        if problems:
            out[BY_INCISO[inciso].code] = problems
    out.update(campos_blockers(etp.template_type, etp.campos))
    return out


def blocked_message(found: dict[str, list[str]]) -> str:
    """The 409's message: which sections and fields block the approval, and the rule."""
    sections = [key for key in found if key in {spec.code for spec in BY_INCISO.values()}]
    others = [key for key in found if key not in sections]
    parts = []
    if sections:
        parts.append("nas seções " + ", ".join(sections))
    if others:
        parts.append("nos campos " + ", ".join(others))
    return (
        "O ETP não pode ser aprovado: há impedimentos " + " e ".join(parts) + f" ({RULE}: incisos I, IV, VI, "
        "VIII e XIII obrigatórios, os demais preenchidos ou justificados; sem marcadores pendentes; cada texto "
        "revisado por uma pessoa após a última alteração; achados de nível erro corrigidos ou com ciência). "
        "Veja `errors`."
    )


def authors(etp: Etp, sections: Iterable[Section]) -> set[uuid.UUID]:
    """Who wrote the ETP: its creator, the last writer of each section's text and everyone the audit
    trail shows writing its facts or a section's text (one query)."""
    found = {s.updated_by for s in sections if s.updated_by is not None}
    if etp.created_by is not None:
        found.add(etp.created_by)
    found.update(
        actor
        for actor in db.session.scalars(
            select(AuditLog.actor_id)
            .where(AuditLog.etp_id == etp.id, AuditLog.action.in_(AUTHORING_ACTIONS), AuditLog.actor_id.is_not(None))
            .distinct()
        )
        if actor is not None
    )
    return found


@dataclass(frozen=True)
class Approver:
    """The caller as an approver: their name (for the record) and whether the policy lets them approve."""

    user_id: uuid.UUID
    name: str | None
    allowed: bool
    problem: str | None = None  # why not, in Portuguese
    separation_of_duties: bool = True


def approver(identity: Identity) -> Approver:
    """Whether the organization's policy lets the caller approve ETPs (role or autoridade competente)."""
    row = db.session.execute(
        select(User.name, User.autoridade_competente, Organization.approvers, Organization.separation_of_duties)
        .join(Organization, Organization.id == User.organization_id)
        .where(User.id == identity.user_id, User.organization_id == identity.organization_id)
    ).first()
    if row is None:
        raise NotFound("Usuário não encontrado.")
    name, autoridade, policy, separation = row
    if not identity.can_write:
        allowed = False
    elif policy == "member":
        allowed = True
    elif policy == "autoridade_competente":
        allowed = bool(autoridade)
    else:
        allowed = identity.is_org_admin or bool(autoridade)
    problem = None
    if not allowed:
        problem = (
            f"Você não pode aprovar ETPs nesta organização: aprovam {APPROVER_RULES.get(policy, policy)} "
            "(configuração da organização, PATCH /api/v1/organization)."
        )
    return Approver(identity.user_id, name, allowed, problem, bool(separation))


def separation_problem(who: Approver, etp_authors: set[uuid.UUID]) -> str | None:
    """Why ``who`` may not approve an ETP written only by them (None when they may)."""
    if not who.separation_of_duties or etp_authors != {who.user_id}:
        return None
    return (
        "Separação de funções: quem aprova não pode ser o único autor do ETP. Peça a aprovação a outra pessoa "
        "com esse direito, ou que outra pessoa participe da elaboração (a organização pode desativar a regra "
        "em PATCH /api/v1/organization, separation_of_duties)."
    )


def readiness(identity: Identity, etp_id: uuid.UUID) -> dict[str, Any]:
    """``GET /approval``: the blockers of the ETP now and whether the caller could approve it, without
    trying (the same rules as the transition; nothing is locked or written)."""
    etp = db.session.scalar(select(Etp).where(Etp.id == etp_id, live_etp(identity.organization_id)))
    if etp is None:
        raise NotFound(NOT_FOUND_MESSAGE)
    sections = list(db.session.scalars(select(Section).where(Section.etp_id == etp.id).order_by(Section.inciso)))
    found = blockers(etp, sections)
    who = approver(identity)
    etp_authors = authors(etp, sections)
    problem = who.problem or separation_problem(who, etp_authors)
    db.session.rollback()  # a read: end the transaction
    return {
        "ready": not found,
        "blockers": found,
        "can_approve": problem is None,
        "approver_problem": problem,
        "authors": sorted(etp_authors, key=str),
    }
