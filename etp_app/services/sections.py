"""Section use cases: read, edit (content / justification of absence), review, acknowledge findings, the ETP's
denormalized completion counters, and the release of the sections a draft job had marked.

Lock order, as everywhere: the ETP row first, then its sections. A section edit bumps the section's
version (its ETag) and the ETP's version (the ETP's completion changed).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, func, select

from etp_app.drafting import quality
from etp_app.drafting.catalog import BY_INCISO, MANDATORY_INCISOS, ROMAN
from etp_app.errors import Conflict, NotFound, UnprocessableEntity
from etp_app.extensions import db
from etp_app.models import Etp, Job, Section, User
from etp_app.security import Identity
from etp_app.services import audit, snapshots
from etp_app.services.etp_access import check_version, ensure_editable, has_text, live_etp, lock_etp
from etp_app.services.section_quality import fresh_report, is_ai_text

SECTION_NOT_FOUND = "Seção não encontrada."
SECTION_STALE = "A seção foi alterada por outra pessoa desde a sua última leitura. Recarregue e tente novamente."
JUSTIFICATION_ON_MANDATORY = (
    "Seção obrigatória (art. 18, §2º, da Lei 14.133/2021) não admite justificativa de ausência: preencha o conteúdo."
)

# Python's str.isspace() characters: SQL "filled" means exactly what has_text() means in Python.
_PY_WHITESPACE = "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace())
FILLED_PATTERN = "[^" + _PY_WHITESPACE + "]"
_FILLED = Section.content.op("~")(FILLED_PATTERN)


def _now() -> datetime:
    return datetime.now(UTC)


def _check_inciso(inciso: int) -> None:
    if inciso not in BY_INCISO:
        raise NotFound(SECTION_NOT_FOUND)


def list_sections(organization_id: uuid.UUID, etp_id: uuid.UUID) -> list[Section]:
    """The ETP's 13 sections in inciso order (one query; 404 outside the caller's organization)."""
    sections = list(
        db.session.scalars(
            select(Section)
            .join(Etp, Etp.id == Section.etp_id)
            .where(Etp.id == etp_id, live_etp(organization_id))
            .order_by(Section.inciso)
        )
    )
    if not sections:
        raise NotFound("ETP não encontrado.")
    return sections


def get_section(organization_id: uuid.UUID, etp_id: uuid.UUID, inciso: int) -> Section:
    _check_inciso(inciso)
    section = db.session.scalar(
        select(Section)
        .join(Etp, Etp.id == Section.etp_id)
        .where(Etp.id == etp_id, live_etp(organization_id), Section.inciso == inciso)
    )
    if section is None:
        raise NotFound("ETP não encontrado.")
    return section


def _lock_section(etp: Etp, inciso: int) -> Section:
    section = db.session.scalar(
        select(Section)
        .where(Section.etp_id == etp.id, Section.inciso == inciso)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if section is None:
        raise NotFound(SECTION_NOT_FOUND)
    return section


def recompute_completion(etp_id: uuid.UUID) -> tuple[int, int]:
    """Recount the ETP's filled sections into ``filled_count`` / ``mandatory_filled_count`` and bump
    its version, in the caller's transaction (pending section changes are flushed first).

    Locks the ETP row before counting, so concurrent editors of the same ETP are serialized and the
    count sees every committed edit. Callers that also lock sections should lock the ETP first.
    Returns (filled, mandatory_filled).
    """
    etp = db.session.scalar(
        select(Etp).where(Etp.id == etp_id).with_for_update().execution_options(populate_existing=True)
    )
    if etp is None:
        raise NotFound("ETP não encontrado.")
    filled, mandatory_filled = db.session.execute(
        select(
            func.count().filter(_FILLED),
            func.count().filter(and_(_FILLED, Section.inciso.in_(MANDATORY_INCISOS))),
        ).where(Section.etp_id == etp_id)
    ).one()
    etp.filled_count = filled
    etp.mandatory_filled_count = mandatory_filled
    etp.version = etp.version + 1
    etp.updated_at = _now()
    return filled, mandatory_filled


def completion_delta(inciso: int, *, was_filled: bool, filled: bool) -> tuple[int, int]:
    """How one section's change (empty -> filled or back) moves the ETP's ``(filled_count,
    mandatory_filled_count)``: for a writer that moves the counters in place instead of recounting
    them (:func:`recompute_completion`), in the transaction that holds the ETP row's lock."""
    delta = int(filled) - int(was_filled)
    return delta, delta if inciso in MANDATORY_INCISOS else 0


def release_drafting_marks(job: Job) -> None:
    """Return sections still marked ``drafting`` by this job to the status they had before (the
    caller holds the job row's lock and commits). For a job that ends without writing them all:
    cancelled, failed, out of attempts or reaped."""
    if job.kind not in ("draft_section", "draft_etp") or job.etp_id is None:
        return
    previous = (job.params or {}).get("previous_status") or {}
    done = set(((job.result or {}).get("sections") or {}).keys())
    pending = [int(i) for i in previous if ROMAN[int(i) - 1] not in done]
    if not pending:
        return
    for section in db.session.scalars(
        select(Section).where(Section.etp_id == job.etp_id, Section.inciso.in_(pending)).with_for_update()
    ):
        if section.status == "drafting":
            section.status = previous.get(str(section.inciso), "empty")


def _summary(section: Section) -> dict[str, Any]:
    return {
        "status": section.status,
        "provenance": section.provenance,
        "content_chars": len(section.content or ""),
        "justification_chars": len(section.justification or ""),
    }


def update_section(
    identity: Identity, etp_id: uuid.UUID, inciso: int, data: dict[str, Any], if_match: Collection[int] | None
) -> Section:
    """A person's edit of one section: content and/or the justification of its absence."""
    _check_inciso(inciso)
    spec = BY_INCISO[inciso]
    etp = lock_etp(identity.organization_id, etp_id)
    section = _lock_section(etp, inciso)
    check_version(section.version, if_match, SECTION_STALE)
    ensure_editable(etp)
    content = data.get("content", section.content)
    justification = data.get("justification", section.justification)
    if justification is not None and not justification.strip():
        justification = None
    if spec.mandatory and justification is not None:
        raise UnprocessableEntity(JUSTIFICATION_ON_MANDATORY, errors={"justification": [JUSTIFICATION_ON_MANDATORY]})
    if content == section.content and justification == section.justification:
        db.session.commit()  # nothing changed: release the locks
        return section
    # The 13 sections, read once, before the change: the quality report compares the new text with the
    # others, and the version's snapshot holds them all (``section`` is one of them: the same object).
    sections = snapshots.sections_of(etp.id)
    before = _summary(section)
    if content != section.content:
        # A person's new text is theirs, however much of a draft it keeps: the label says so and
        # the AI flag goes. The draft's notes stay beside it until the next draft replaces them.
        section.provenance = "human" if has_text(content) else None
        section.ai_generated = False
    section.content = content
    section.justification = justification
    section.status = "edited" if has_text(content) else "empty"
    clear_review(section)  # the reviewed text is gone: review again (approval blocker until then)
    if not has_text(content):
        section.ai_generated = False
    section.version = section.version + 1
    section.updated_at = _now()
    section.updated_by = identity.user_id
    section.quality = fresh_report(etp, section, sections)  # the answer reports this text: never a stale one
    recompute_completion(etp.id)
    audit.record(
        "section.update",
        organization_id=identity.organization_id,
        actor_id=identity.user_id,
        target_type="section",
        target_id=section.id,
        etp_id=etp.id,
        before={"inciso": spec.code, **before},
        after={"inciso": spec.code, **_summary(section)},
    )
    # a version of the person's work: one per session of typing in this section (coalesced)
    snapshots.record_edit(etp, actor_id=identity.user_id, scope=spec.code, sections=sections)
    db.session.commit()
    return section


def clear_review(section: Section) -> None:
    """The section's text changed: the review ("revisado por … em …") and the acknowledgements of its
    findings were about the text as it was, so they go, and an ``approved`` status becomes what the
    text now is. Every writer of a section's text calls this (a person's PUT, an accepted suggestion,
    a restore); the worker's store does the same inside its UPDATE (drafting_sql._APPLY_DRAFT)."""
    section.reviewed_by = None
    section.reviewed_by_name = None
    section.reviewed_at = None
    section.acknowledgements = None
    if section.status == "approved":
        if not has_text(section.content):
            section.status = "empty"
        else:
            section.status = "drafted" if section.ai_generated else "edited"


def error_findings(section: Section) -> list[dict[str, Any]]:
    """The error-level findings of the section's current text, checked now (never a stored report, which
    may be older than the text). The checks that give errors — invented or revoked citations, AI
    leakage in a draft — read only the text, so the ETP's facts are not needed. An empty section has
    no findings here: emptiness is the completeness rule's business (art. 18 § 2º)."""
    if not has_text(section.content):
        return []
    report = quality.check_section(section.inciso, section.content, is_ai_draft=is_ai_text(section))
    return [w for w in report.warnings if w.get("severity") == "error"]


def _user_name(user_id: uuid.UUID) -> str | None:
    return db.session.scalar(select(User.name).where(User.id == user_id))


def _reviewable(section: Section) -> None:
    """409 unless the section has something a person can review: text (or, for an optional element,
    the justification of its absence), and no draft running over it."""
    spec = BY_INCISO[section.inciso]
    if section.status == "drafting":
        raise Conflict(
            f"A seção {spec.code} está em redação por um job de IA: aguarde o fim ou cancele o job antes de revisá-la.",
            errors={spec.code: ["Seção em redação."]},
        )
    if not has_text(section.content) and (spec.mandatory or not has_text(section.justification)):
        message = (
            "Seção obrigatória sem conteúdo." if spec.mandatory else "Preencha a seção ou justifique sua ausência."
        )
        raise Conflict(
            f"A seção {spec.code} não pode ser revisada: {message[0].lower()}{message[1:]}",
            errors={spec.code: [message]},
        )


def review_section(
    identity: Identity, etp_id: uuid.UUID, inciso: int, if_match: Collection[int] | None = None
) -> Section:
    """A person reviews the section's current text: records who and when ("revisado por … em …") and
    sets status ``approved``. The review is what approval asks of every filled section (and of every AI
    draft); any later change of the text clears it (:func:`clear_review`). Repeating it changes nothing.
    Reviewing is not writing: ``updated_by`` stays the text's author (separation of duties counts it)."""
    _check_inciso(inciso)
    spec = BY_INCISO[inciso]
    etp = lock_etp(identity.organization_id, etp_id)
    section = _lock_section(etp, inciso)
    check_version(section.version, if_match, SECTION_STALE)
    ensure_editable(etp)
    _reviewable(section)
    if section.reviewed_at is not None and section.status == "approved":
        db.session.commit()
        return section
    before = section.status
    section.reviewed_by = identity.user_id
    section.reviewed_by_name = _user_name(identity.user_id)
    section.reviewed_at = _now()
    section.status = "approved"
    section.version = section.version + 1
    audit.record(
        "section.review",
        organization_id=identity.organization_id,
        actor_id=identity.user_id,
        target_type="section",
        target_id=section.id,
        etp_id=etp.id,
        before={"inciso": spec.code, "status": before},
        after={"inciso": spec.code, "status": "approved", "reviewed_at": section.reviewed_at.isoformat()},
    )
    db.session.commit()
    return section


def acknowledge_finding(
    identity: Identity,
    etp_id: uuid.UUID,
    inciso: int,
    code: str,
    reason: str,
    if_match: Collection[int] | None = None,
) -> Section:
    """A person acknowledges the error-level finding ``code`` of the section's current text with a short
    reason: kept on the section (``acknowledgements``) and in the audit trail, and no longer an approval
    blocker. The findings are those of the locked, current text (:func:`error_findings`). A change of the text drops every acknowledgement
    (:func:`clear_review`): the person acknowledged a finding about that text, not about the next one."""
    _check_inciso(inciso)
    spec = BY_INCISO[inciso]
    etp = lock_etp(identity.organization_id, etp_id)
    section = _lock_section(etp, inciso)
    check_version(section.version, if_match, SECTION_STALE)
    ensure_editable(etp)
    findings = error_findings(section)
    matching = [f for f in findings if f.get("code") == code]
    if not matching:
        codes = sorted({str(f.get("code")) for f in findings})
        known = f" Achados de nível erro desta seção: {', '.join(codes)}." if codes else ""
        raise NotFound(f"A seção {spec.code} não tem achado de nível erro com o código '{code}' no texto atual.{known}")
    reason = " ".join(reason.split())
    acks = dict(section.acknowledgements or {})
    previous = acks.get(code)
    if previous is not None and previous.get("reason") == reason:
        db.session.commit()
        return section
    now = _now()
    acks[code] = {
        "reason": reason,
        "message": matching[0].get("message"),
        "by": str(identity.user_id),
        "by_name": _user_name(identity.user_id),
        "at": now.isoformat(),
    }
    section.acknowledgements = acks
    section.version = section.version + 1
    audit.record(
        "section.finding_acknowledged",
        organization_id=identity.organization_id,
        actor_id=identity.user_id,
        target_type="section",
        target_id=section.id,
        etp_id=etp.id,
        before={"inciso": spec.code, "code": code, "reason": previous.get("reason") if previous else None},
        after={"inciso": spec.code, "code": code, "reason": reason, "findings": len(matching)},
    )
    snapshots.take_snapshot(
        etp,
        reason="acknowledgement",
        actor_id=identity.user_id,
        scope=spec.code,
        label=snapshots.acknowledgement_label(inciso),
    )
    db.session.commit()
    return section
