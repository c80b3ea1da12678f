"""AI drafting use cases: ask for a draft (API side) and write it (worker side).

Nothing a person wrote is lost: a draft replaces a section's text only when the section was empty or
held an earlier AI draft and nobody touched it since the request; otherwise the draft is kept as the
section's ``suggestion`` and in the job's result. A failed or cancelled draft leaves the section as it
was. The provider call happens outside any database transaction; the section write, the job's
bookkeeping and the audit row commit together, so a redelivered job never writes a section twice.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from etp_app import etp_fields, metrics
from etp_app.drafting import catalog
from etp_app.drafting.engine import DraftEngine, DraftResult
from etp_app.drafting.quality import strip_ai_notice
from etp_app.drafting.types import DraftContext, EarlierSection, ProviderError, ProviderUnavailable
from etp_app.errors import Conflict, NotFound, TooManyRequests
from etp_app.extensions import db
from etp_app.models import Etp, Job, Organization, Section
from etp_app.security import Identity
from etp_app.services import audit, drafting_sql, job_retry, jobs, snapshots
from etp_app.services.etp_access import NOT_FOUND_MESSAGE, has_text, lock_etp
from etp_app.services.reads import read_only
from etp_app.services.section_quality import GROUND_COLUMNS, fresh_report, sections_with_grounds
from etp_app.services.sections import clear_review, recompute_completion

log = logging.getLogger(__name__)

EDITABLE_ETP_STATUSES = ("draft", "in_review")
# Sections whose text the AI may replace; others (a person's text) get the draft as a suggestion.
REPLACEABLE_STATUSES = ("empty", "drafted")


ETP_DELETED_MESSAGE = "O ETP foi excluído durante a redação."

# The SQL of the request and of the worker's per-section path lives in drafting_sql.
_ETPS = Etp.__table__
# the ETP's facts (what etp_facts reads): its editable fields
_FACT_COLUMNS = tuple(_ETPS.c[name] for name in etp_fields.DRAFTING_COLUMNS)
_WORKER_READS = drafting_sql.WorkerReads(_FACT_COLUMNS)


# --- API side ----------------------------------------------------------------------------------


def request_section_draft(
    identity: Identity,
    etp_id: uuid.UUID,
    inciso: int,
    *,
    instructions: str = "",
    regenerate: bool = False,
    idempotency_key: str | None = None,
) -> tuple[Job, bool]:
    """Queue a draft of one section. Returns (job, created) — created False for a repeated request."""
    if inciso not in catalog.BY_INCISO:
        raise NotFound("Seção não encontrada: o inciso vai de 1 a 13.")
    return _request(
        identity,
        etp_id,
        "draft_section",
        [inciso],
        instructions=instructions,
        regenerate=regenerate,
        idempotency_key=idempotency_key,
    )


def request_etp_draft(
    identity: Identity,
    etp_id: uuid.UUID,
    *,
    incisos: list[int] | None = None,
    instructions: str = "",
    regenerate: bool = False,
    idempotency_key: str | None = None,
) -> tuple[Job, bool]:
    """Queue a draft of several sections in inciso order (default: every empty section)."""
    return _request(
        identity,
        etp_id,
        "draft_etp",
        incisos,
        instructions=instructions,
        regenerate=regenerate,
        idempotency_key=idempotency_key,
    )


def _request(
    identity: Identity,
    etp_id: uuid.UUID,
    kind: str,
    incisos: list[int] | None,
    *,
    instructions: str,
    regenerate: bool,
    idempotency_key: str | None,
) -> tuple[Job, bool]:
    # what the request asked for, before ``incisos`` is resolved (None: "every empty section")
    fingerprint = _fingerprint(kind, etp_id, incisos, instructions, regenerate) if idempotency_key else None
    existing = _replay(identity, idempotency_key, kind, etp_id, fingerprint)
    if existing is not None:
        return existing, False

    # the ETP row (as the snapshot reads it) locked, with the organization's budget: one statement
    etp = drafting_sql.lock_for_request(
        db.session.connection(), etp_id=etp_id, organization_id=identity.organization_id
    )
    if etp is None:
        raise NotFound(NOT_FOUND_MESSAGE)
    if etp.status not in EDITABLE_ETP_STATUSES:
        raise Conflict("ETP aprovado ou arquivado não pode ser redigido; reabra-o como rascunho antes.")
    if idempotency_key:  # a concurrent request with this key, serialized by the ETP lock, may have won
        existing = _replay(identity, idempotency_key, kind, etp_id, fingerprint)
        if existing is not None:
            db.session.rollback()
            return existing, False
    if etp.monthly_token_budget:
        _check_budget(identity.organization_id, etp.monthly_token_budget)

    # plain rows (what the checks and the snapshot read), in the transaction that holds the ETP lock
    rows = drafting_sql.request_sections(db.session.connection(), etp.id)
    sections = {r.inciso: r for r in rows}
    if incisos is None:
        incisos = [
            i for i in catalog.ALL_INCISOS if not has_text(sections[i].content) and sections[i].status != "drafting"
        ]
        if not incisos:
            raise Conflict("Todas as seções já têm conteúdo. Indique em `incisos` quais devem ser redigidas.")
    incisos = sorted(set(incisos))
    busy = [catalog.ROMAN[i - 1] for i in incisos if sections[i].status == "drafting"]
    if busy:
        raise Conflict(
            "Já há uma redação em andamento para: " + ", ".join(busy) + ".",
            errors={"incisos": [f"Seção {code} em redação." for code in busy]},
        )

    # a save point of the state the draft starts from (a single-section draft's names its section),
    # written in the request's one statement
    single = kind == "draft_section"
    snapshot = snapshots.snapshot_rows(
        etp,
        reason="before_draft",
        actor_id=identity.user_id,
        number=etp.next_version,
        sections=rows,
        scope=snapshots.section_code(incisos[0]) if single else None,
        label=snapshots.section_draft_label(incisos[0]) if single else None,
    )
    params = {
        "incisos": incisos,
        "instructions": instructions,
        "regenerate": regenerate,
        "previous_status": {str(i): sections[i].status for i in incisos},
        "base_versions": {str(i): sections[i].version for i in incisos},
    }
    job = jobs.build(
        identity,
        kind,
        etp_id=etp.id,
        inciso=incisos[0] if kind == "draft_section" else None,
        params=params,
        idempotency_key=idempotency_key,
        request_fingerprint=fingerprint,
    )
    # the job row, the sections marked, the audit row (and the snapshot): one statement
    try:
        drafting_sql.write_draft_request(
            db.session.connection(),
            etp_id=etp.id,
            incisos=incisos,
            job=job,
            snapshot=snapshot,
            audit_row=audit.row_values(
                "section.draft_requested" if kind == "draft_section" else "etp.draft_requested",
                organization_id=identity.organization_id,
                actor_id=identity.user_id,
                target_type="job",
                target_id=job.id,
                etp_id=etp.id,
                after={"incisos": incisos, "regenerate": regenerate},
            ),
        )
    except IntegrityError:
        # The same Idempotency-Key committed by a concurrent request since the check above: answer
        # with that request's job (or 422 when the key named another request), nothing written here.
        db.session.rollback()
        existing = _replay(identity, idempotency_key, kind, etp_id, fingerprint) if idempotency_key else None
        if existing is None:
            raise
        return existing, False
    db.session.commit()
    return jobs.enqueue(job), True


def _fingerprint(kind: str, etp_id: uuid.UUID, incisos: list[int] | None, instructions: str, regenerate: bool) -> str:
    """The draft request as ``jobs.request_fingerprint`` sees it: the route (kind), the ETP and
    section of the path, and the body (the section route has no ``incisos``)."""
    if kind == "draft_section":
        target: dict[str, Any] = {"etp_id": str(etp_id), "inciso": incisos[0] if incisos else None}
        body: dict[str, Any] = {"instructions": instructions, "regenerate": regenerate}
    else:
        target = {"etp_id": str(etp_id)}
        body = {"incisos": incisos, "instructions": instructions, "regenerate": regenerate}
    return jobs.request_fingerprint(kind, target, body)


def _replay(
    identity: Identity, idempotency_key: str | None, kind: str, etp_id: uuid.UUID, fingerprint: str | None
) -> Job | None:
    """The job an earlier request with this Idempotency-Key created (422 if it asked for something
    else: another body, route or ETP; jobs older than fingerprints are compared on kind and ETP)."""
    return jobs.find_idempotent(
        identity,
        idempotency_key,
        fingerprint,
        legacy_match=lambda job: job.kind == kind and job.etp_id == etp_id,
    )


def _check_budget(organization_id: uuid.UUID, budget: int) -> None:
    """429 when the organization's drafting jobs of this month used ``budget`` tokens or more."""
    now = datetime.now(UTC)
    month_start = _month_start(now)
    used: int = db.session.execute(
        select(func.coalesce(func.sum(Job.tokens_in + Job.tokens_out), 0)).where(
            Job.organization_id == organization_id, Job.created_at >= month_start
        )
    ).scalar_one()
    if used >= budget:
        next_month = (month_start.replace(day=28) + timedelta(days=4)).replace(day=1)
        raise TooManyRequests(
            f"O orçamento mensal de tokens de IA da organização ({budget:,} tokens) foi atingido "
            f"({used:,} usados). Novas redações ficam disponíveis no próximo mês ou com aumento do limite.",
            retry_after=int((next_month - now).total_seconds()),
        )


def _month_start(now: datetime) -> datetime:
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def usage_for(organization_id: uuid.UUID) -> dict[str, Any]:
    """Tokens and estimated cost of the organization, this month and in total."""
    month_start = _month_start(datetime.now(UTC))

    def totals(*conditions):
        row = db.session.execute(
            select(
                func.coalesce(func.sum(Job.tokens_in), 0),
                func.coalesce(func.sum(Job.tokens_out), 0),
                func.coalesce(func.sum(Job.cost_usd), 0),
                func.count(),
            ).where(Job.organization_id == organization_id, Job.kind.in_(("draft_section", "draft_etp")), *conditions)
        ).one()
        return {
            "tokens_in": int(row[0]),
            "tokens_out": int(row[1]),
            "cost_usd": str(Decimal(row[2]).quantize(Decimal("0.000001"))),
            "jobs": int(row[3]),
        }

    budget = db.session.scalar(select(Organization.monthly_token_budget).where(Organization.id == organization_id))
    month = totals(Job.created_at >= month_start)
    return {
        "month": month,
        "all_time": totals(),
        "monthly_token_budget": budget,
        "month_start": month_start.isoformat(),
    }


def accept_suggestion(identity: Identity, etp_id: uuid.UUID, inciso: int) -> Section:
    section = _locked_section(identity, etp_id, inciso)
    if not section.suggestion:
        raise Conflict("Esta seção não tem sugestão pendente.")
    before = {"content": section.content, "status": section.status}
    section.content = section.suggestion
    section.suggestion = None
    section.status = "drafted"
    # the accepted text is the draft's: its provenance and notes come with it
    section.provenance = section.suggestion_provenance or "ai"
    section.drafting_notes = section.suggestion_notes
    section.suggestion_provenance = None
    section.suggestion_notes = None
    section.ai_generated = True
    clear_review(section)  # a new text: review it again
    section.version += 1
    section.updated_at = datetime.now(UTC)
    section.updated_by = identity.user_id
    etp = db.session.get(Etp, section.etp_id)  # locked and refreshed above: from the identity map
    if etp is not None:
        section.quality = fresh_report(etp, section)  # the report of the accepted text, never the stale one
    recompute_completion(section.etp_id)
    audit.record(
        "section.suggestion_accepted",
        organization_id=identity.organization_id,
        actor_id=identity.user_id,
        target_type="section",
        target_id=section.id,
        etp_id=etp_id,
        before={"status": before["status"], "chars": len(before["content"] or "")},
        after={"status": section.status, "chars": len(section.content), "provenance": section.provenance},
    )
    if etp is not None:
        snapshots.take_snapshot(
            etp,
            reason="suggestion",
            actor_id=identity.user_id,
            scope=snapshots.section_code(inciso),
            label=snapshots.suggestion_label(inciso),
        )
    db.session.commit()
    return section


def discard_suggestion(identity: Identity, etp_id: uuid.UUID, inciso: int) -> Section:
    section = _locked_section(identity, etp_id, inciso)
    if not section.suggestion:
        raise Conflict("Esta seção não tem sugestão pendente.")
    section.suggestion = None
    section.suggestion_provenance = None
    section.suggestion_notes = None
    audit.record(
        "section.suggestion_discarded",
        organization_id=identity.organization_id,
        actor_id=identity.user_id,
        target_type="section",
        target_id=section.id,
        etp_id=etp_id,
    )
    db.session.commit()
    return section


def _lock_editable_etp(identity: Identity, etp_id: uuid.UUID, read_only_message: str) -> Etp:
    """The caller's ETP locked FOR UPDATE (404 for other organizations); 409 unless it is editable."""
    etp = lock_etp(identity.organization_id, etp_id)
    if etp.status not in EDITABLE_ETP_STATUSES:
        raise Conflict(read_only_message)
    return etp


def _locked_section(identity: Identity, etp_id: uuid.UUID, inciso: int) -> Section:
    if inciso not in catalog.BY_INCISO:
        raise NotFound("Seção não encontrada: o inciso vai de 1 a 13.")
    etp = _lock_editable_etp(identity, etp_id, "ETP aprovado ou arquivado não pode ser alterado.")
    section = db.session.scalar(
        select(Section).where(Section.etp_id == etp.id, Section.inciso == inciso).with_for_update()
    )
    if section is None:
        raise NotFound("Seção não encontrada.")
    return section


# --- worker side -------------------------------------------------------------------------------


def etp_facts(etp: Etp) -> dict[str, Any]:
    """The ETP's structured fields as plain JSON-able values: the facts a draft may use."""
    return etp_fields.drafting_facts(etp)


def build_draft_context(
    etp: Any,
    sections: Iterable[tuple[int, str | None] | tuple[int, str | None, bool]],
    inciso: int,
    *,
    instructions: str = "",
    earlier_only: bool = True,
) -> DraftContext:
    """What a draft (or a check) of ``inciso`` may use: the ETP's facts (``etp`` is an ORM row or a
    Core row with the same column names), the other filled sections given as ``(inciso, content)``
    or ``(inciso, content, grounds)`` (those before it when ``earlier_only``) without their AI notice,
    and the current text. ``grounds`` (default true) is false for an AI draft no person wrote or
    approved (``section_quality.person_approved``): its values ground nothing in the new draft."""
    others: list[EarlierSection] = []
    current, current_grounds = "", True
    for entry in sorted(sections, key=lambda item: item[0]):
        number, content = entry[0], entry[1]
        grounds = bool(entry[2]) if len(entry) > 2 else True
        if number == inciso:
            current, current_grounds = strip_ai_notice(content or ""), grounds
        elif (number < inciso or not earlier_only) and content and content.strip():
            others.append(
                EarlierSection(
                    number, catalog.ROMAN[number - 1], catalog.spec(number).title, strip_ai_notice(content), grounds
                )
            )
    return DraftContext(
        inciso=inciso,
        facts=etp_facts(etp),
        earlier_sections=tuple(others),
        instructions=instructions,
        current_content=current,
        current_grounds=current_grounds,
    )


def draft_context(etp: Etp, inciso: int, *, instructions: str = "", earlier_only: bool = True) -> DraftContext:
    """:func:`build_draft_context` with the ETP's sections read in the caller's session, each marked
    with whether a person wrote or approved it."""
    rows = db.session.execute(select(*GROUND_COLUMNS).where(Section.etp_id == etp.id)).all()
    return build_draft_context(
        etp, sections_with_grounds(rows), inciso, instructions=instructions, earlier_only=earlier_only
    )


@dataclass(frozen=True)
class _Prefetched:
    """The context of a job's next section, read by the store of the one before it."""

    facts: Any  # a row with the ETP's fact columns
    sections: list[tuple[int, str | None, bool]]  # (inciso, content, grounds)


# What a job waiting for the provider reads (and its error, if it waits for too long): the cause.
PROVIDER_FAILING_MESSAGE = "O provedor de IA está falhando (última falha: {cause})."
# A call that spent its retries while the circuit stayed closed: the job runs again this much later.
PROVIDER_RETRY_SECONDS = 5.0


def provider_retry_later(exc: ProviderError) -> job_retry.RetryLater | None:
    """What a job does when the provider fails it: wait (the circuit is open — until it may close —
    or a call spent its retries on 429/5xx/timeouts) with the failure's cause as the reason; None for
    a failure of this section only (the request was refused, the answer unusable)."""
    if isinstance(exc, ProviderUnavailable):
        countdown = exc.retry_after or PROVIDER_RETRY_SECONDS
    elif exc.retryable:
        countdown = max(PROVIDER_RETRY_SECONDS, exc.retry_after or 0.0)
    else:
        return None
    return job_retry.RetryLater(PROVIDER_FAILING_MESSAGE.format(cause=exc.cause), countdown)


def run_draft_job(job_id: uuid.UUID, engine: DraftEngine) -> None:
    """Worker entry: draft every inciso of the job in order, each seeing the sections before it.

    A provider that is down or blipping is nobody's fault: the job raises
    :class:`~etp_app.services.job_retry.RetryLater` (``workers/jobrun.py`` gives it back to the
    queue, what it stored kept) and, run again, goes on at the section where it stopped; only a
    failure of one section's request (refused, unusable answer) fails that section."""
    started = jobs.start(job_id)
    if started is None:
        return
    params = dict(started[0] or {})
    incisos: list[int] = [int(i) for i in params.get("incisos") or []]
    result: dict[str, Any] = dict(started[1] or {})
    outcomes: dict[str, Any] = dict(result.get("sections") or {})

    todo = [i for i in incisos if catalog.ROMAN[i - 1] not in outcomes]  # some done in an earlier delivery
    prefetched: _Prefetched | None = None
    for position, inciso in enumerate(todo):
        code = catalog.ROMAN[inciso - 1]
        context, prefetched = prefetched, None  # read for this section only
        try:
            draft = _draft(job_id, inciso, params, engine, context)
            if draft is None:  # cancelled (or finished elsewhere) meanwhile
                return
        except ProviderError as exc:
            later = provider_retry_later(exc)
            if later is not None:
                raise later from exc
            outcome = {"status": "failed", "error": exc.message}
        else:
            next_inciso = todo[position + 1] if position + 1 < len(todo) else 0
            stored = _store_draft(job_id, inciso, params, draft, len(incisos), next_inciso)
            if stored is None:  # the job was cancelled while drafting
                return
            outcomes[code], prefetched = stored
            continue
        _record_failure(job_id, inciso, outcome, len(incisos))
        outcomes[code] = outcome

    _finish(job_id, outcomes, incisos)


def _draft(
    job_id: uuid.UUID, inciso: int, params: dict[str, Any], engine: DraftEngine, prefetched: _Prefetched | None = None
) -> DraftResult | None:
    """Build the context — from what the previous section's store read, or with one statement (no
    transaction held) — then call the provider.

    None when the job is no longer running (cancelled while earlier sections were drafted)."""
    if prefetched is not None:
        facts, sections = prefetched.facts, prefetched.sections
    else:
        row = read_only(lambda conn: _WORKER_READS.read_context(conn, job_id=job_id, inciso=inciso))
        if row is None or row.state != "running":
            return None
        if row.etp_id is None:
            raise ProviderError(ETP_DELETED_MESSAGE, retryable=False)
        facts, sections = row, [(int(i), text, bool(grounds)) for i, text, grounds in row.sections]
    ctx = build_draft_context(facts, sections, inciso, instructions=params.get("instructions") or "")
    return engine.draft(ctx, template_type=facts.template_type, regenerate=bool(params.get("regenerate")))


def _store_draft(
    job_id: uuid.UUID, inciso: int, params: dict[str, Any], draft: DraftResult, total: int, next_inciso: int = 0
) -> tuple[dict[str, Any], _Prefetched | None] | None:
    """:func:`_store_draft_once`, run once more on a fresh connection when a dropped connection (a
    restarted server) interrupts it: the provider was paid for this draft, so it is not thrown away
    for a database blip. Running it again is safe even after a COMMIT whose answer was lost: it reads
    the job's result under the job's lock and skips an inciso already stored."""
    metrics.observe_completion(draft.completion)  # the provider call happened, whatever becomes of the job
    return job_retry.retry_unit_once(
        lambda: _store_draft_once(job_id, inciso, params, draft, total, next_inciso),
        what=f"draft job {job_id}: store of section {catalog.ROMAN[inciso - 1]}",
    )


def _store_draft_once(
    job_id: uuid.UUID, inciso: int, params: dict[str, Any], draft: DraftResult, total: int, next_inciso: int = 0
) -> tuple[dict[str, Any], _Prefetched | None] | None:
    """Write one draft, the job's progress and the audit row in one transaction: a locking SELECT
    (which also reads the context of ``next_inciso``, when there is one), one statement with every
    write, the COMMIT — each round trip to PostgreSQL costs a wait for the interpreter lock when many
    drafts run at once. Returns the outcome and that context; None when the job is no longer running."""
    conn = db.session.connection()
    row = _WORKER_READS.lock_for_store(conn, job_id=job_id, inciso=inciso, next_inciso=next_inciso)
    if row is None or row.state != "running":
        if row is None and jobs.lock_running(job_id) is not None:  # running, but its ETP was deleted
            db.session.rollback()
            failure: dict[str, Any] = {"status": "failed", "error": ETP_DELETED_MESSAGE}
            _record_failure(job_id, inciso, failure, total)
            return failure, None
        db.session.rollback()
        return None
    code = catalog.ROMAN[inciso - 1]
    held = ((row.result or {}).get("sections") or {}).get(code)
    if held is not None:
        # Another delivery of this job already stored this inciso (read under the job's lock): the
        # section is written once and its tokens counted once; this run goes on with the next one.
        db.session.rollback()
        log.info("draft job %s: section %s already stored by another delivery: skipped", job_id, code)
        return dict(held), None
    base_version = int((params.get("base_versions") or {}).get(str(inciso), -1))
    previous_status = (params.get("previous_status") or {}).get(str(inciso), "empty")
    untouched = row.version == base_version and row.status == "drafting"
    release_to: str | None = None  # the status a section still marked "drafting" gets back
    if untouched and previous_status in REPLACEABLE_STATUSES:
        applied = "content"
    else:
        # A person's text stays: the draft becomes a suggestion they can accept.
        applied = "suggestion"
        if row.status == "drafting":
            release_to = previous_status
    outcome: dict[str, Any] = {
        "status": "succeeded",
        "applied": applied,
        "quality": draft.quality,
        "provider": draft.completion.provider,
        "model": draft.completion.model,
        "cached": draft.completion.cached,
        "provider_latency_ms": round(draft.completion.latency_ms, 1),
        "findings": list(draft.findings),
        "provenance": draft.provenance,
        "notes": draft.notes_json(),
    }
    if applied == "suggestion":
        outcome["suggestion"] = draft.text
    if draft.repair is not None:  # the provider was asked to fix its first draft: both reports, and which stayed
        outcome["repair"] = draft.repair
    result = dict(row.result or {})
    outcomes = dict(result.get("sections") or {})
    outcomes[code] = outcome
    result["sections"] = outcomes
    progress = drafting_sql.JobProgress(
        job_id=job_id,
        result=result,
        progress=_progress(len(outcomes), total),
        model=draft.completion.model,
        tokens_in=draft.completion.tokens_in,
        tokens_out=draft.completion.tokens_out,
        cost_usd=draft.cost_usd,
    )
    audit_row = audit.row_values(
        "section.draft",
        organization_id=row.organization_id,
        actor_id=row.created_by,
        target_type="section",
        target_id=row.section_id,
        etp_id=row.etp_id,
        after={
            "inciso": code,
            "applied": applied,
            "job_id": str(job_id),
            "provider": draft.completion.provider,
            "score": (draft.quality or {}).get("score"),
        },
    )
    now = datetime.now(UTC)
    if applied == "content":
        drafting_sql.store_draft(
            conn,
            section_id=row.section_id,
            etp_id=row.etp_id,
            inciso=inciso,
            text=draft.text,
            quality=draft.quality,
            drafted_by=row.created_by,
            was_filled=has_text(row.content),
            now=now,
            job=progress,
            audit_row=audit_row,
            provenance=draft.provenance,
            notes=outcome["notes"],
        )
    else:
        drafting_sql.store_suggestion(
            conn,
            section_id=row.section_id,
            text=draft.text,
            release_to=release_to,
            now=now,
            job=progress,
            audit_row=audit_row,
            provenance=draft.provenance,
            notes=outcome["notes"],
        )
    db.session.commit()
    prefetched = None
    if next_inciso:  # the next section sees this one as just written
        sections = [
            # the section just written is an AI draft: it grounds nothing in the next one
            (int(i), draft.text, False) if int(i) == inciso and applied == "content" else (int(i), text, bool(grounds))
            for i, text, grounds in row.sections
        ]
        prefetched = _Prefetched(facts=row, sections=sections)
    return outcome, prefetched


def _progress(done: int, total: int) -> int:
    return min(99, int(done * 100 / max(1, total)))


def _record_failure(job_id: uuid.UUID, inciso: int, outcome: dict[str, Any], total: int) -> None:
    """Record one section's failure (its ``drafting`` mark released), retried once on a fresh
    connection when the database drops it (skips an outcome already recorded)."""
    job_retry.retry_unit_once(
        lambda: _record_failure_once(job_id, inciso, outcome, total),
        what=f"draft job {job_id}: failure of section {catalog.ROMAN[inciso - 1]}",
    )


def _record_failure_once(job_id: uuid.UUID, inciso: int, outcome: dict[str, Any], total: int) -> None:
    job = jobs.lock_running(job_id)
    if job is None:
        db.session.rollback()
        return
    code = catalog.ROMAN[inciso - 1]
    if code in ((job.result or {}).get("sections") or {}):  # stored by another delivery meanwhile
        db.session.rollback()
        return
    previous = (job.params or {}).get("previous_status") or {}
    section = db.session.scalar(
        select(Section).where(Section.etp_id == job.etp_id, Section.inciso == inciso).with_for_update()
    )
    if section is not None and section.status == "drafting":
        section.status = previous.get(str(inciso), "empty")
    _record_outcome(job, code, outcome, total)
    db.session.commit()


def _record_outcome(job: Job, code: str, outcome: dict[str, Any], total: int) -> None:
    """Put one section's outcome in the job's result and move its progress (caller commits)."""
    result = dict(job.result or {})
    sections = dict(result.get("sections") or {})
    sections[code] = outcome
    result["sections"] = sections
    job.result = result
    job.progress = _progress(len(sections), total)


def _finish(job_id: uuid.UUID, outcomes: dict[str, Any], incisos: Iterable[int]) -> None:
    """End the job (succeeded, or failed naming its failed sections), retried once on a fresh
    connection when the database drops it (a job no longer running is left as it is)."""
    incisos = list(incisos)
    job_retry.retry_unit_once(lambda: _finish_once(job_id, outcomes, incisos), what=f"draft job {job_id}: finish")


def _finish_once(job_id: uuid.UUID, outcomes: dict[str, Any], incisos: Iterable[int]) -> None:
    job = jobs.lock_running(job_id)
    if job is None:
        db.session.rollback()
        return
    result = dict(job.result or {})
    result.pop("retry", None)  # what it waited for (services/job_retry.py) is over
    result["sections"] = outcomes
    failed = [code for code, o in outcomes.items() if o.get("status") == "failed"]
    result["failed"] = failed
    result["succeeded"] = [code for code, o in outcomes.items() if o.get("status") == "succeeded"]
    result["usage"] = {
        "tokens_in": job.tokens_in,
        "tokens_out": job.tokens_out,
        "cost_usd": format(Decimal(job.cost_usd or 0), "f"),
    }
    if failed:
        reasons = sorted({outcomes[c]["error"] for c in failed})
        total = len(list(incisos))
        jobs.fail(
            job,
            f"{len(failed)} de {total} seção(ões) não foram redigidas ({', '.join(failed)}): "
            + " ".join(reasons)
            + " Peça a redação novamente para refazer apenas essas seções.",
            result,
        )
    else:
        jobs.succeed(job, result)
    if job.kind == "draft_etp" and job.etp_id is not None and result["succeeded"]:
        # the state the whole-ETP draft left, as a version (lock order: job, then ETP row)
        etp = db.session.scalar(
            select(Etp).where(Etp.id == job.etp_id).with_for_update().execution_options(populate_existing=True)
        )
        if etp is not None:
            snapshots.take_snapshot(etp, reason="after_draft", actor_id=job.created_by)
    db.session.commit()
