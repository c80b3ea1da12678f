"""The SQL of the drafting hot path: the draft request (POST …/draft) and the worker's store of each
drafted section, in one place.

Both paths are counted in round trips (``bench/drafting.py``): each one to PostgreSQL costs a wait for
the interpreter lock when many drafts run at once. So each path is a few statements built here once
(SQLAlchemy caches their compiled form) and run as plain Core on the session's connection — no ORM
object to load, track and flush — and every write of a step is ONE statement: the other writes ride
along as data-modifying CTEs (``WITH job_write AS (INSERT …), sections_write AS (UPDATE …) INSERT INTO
audit_log …``).

- The request: :func:`lock_for_request`, :func:`request_sections`, then :func:`write_draft_request`
  (the job, the sections marked ``drafting``, the audit row and the "before" snapshot with its own
  audit row — for a whole-ETP draft and for a single-section one alike), then the COMMIT.
- The worker, per section: :meth:`WorkerReads.read_context` before the provider call (no transaction
  held; skipped when the store of the section before already read it), then
  :meth:`WorkerReads.lock_for_store`, :func:`store_draft` or :func:`store_suggestion`, the COMMIT.

Conventions every statement here keeps:

- **Parameter names.** No parameter is named like a column of a table the statement writes: the
  rows' values go in as ``<prefix><column>`` (``job_kind``, ``version_number``, ``audit_action``),
  the others have names of their own (``draft_text``, ``fill_delta``, ``of_etp``, ``write_time``…).
  SQLAlchemy takes an execution parameter named like a column of the INSERT's or UPDATE's table as
  one more column to SET — silently, and only in the statement that happens to carry that key. The
  functions here take plain ``{column: value}`` rows (``audit.row_values``, ``snapshots.snapshot_rows``,
  a built ``Job``) and do the prefixing; the prefixes are private to this module.
  ``tests/unit/test_drafting_statements.py`` checks every statement's parameters.
- **Lock order.** The ETP row first, then its sections, as every writer does
  (``etp_access.lock_etp``): the request locks the ETP row (``FOR UPDATE OF etps``) before it reads or
  marks a section; the store locks the job, the ETP row and the section in that order (``FOR UPDATE``
  on a join locks its tables' rows in FROM order).
- **Same statements, same round trips.** A change here shows in the drafting benchmark; do not add or
  split a statement without measuring.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Insert, Row, and_, bindparam, func, insert, literal_column, or_, select, update
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.sql.elements import ColumnElement

from etp_app.models import AuditLog, Etp, EtpVersion, Job, Organization, Section
from etp_app.services import audit, snapshots
from etp_app.services.etps import READ_COLUMNS as ETP_READ_COLUMNS
from etp_app.services.sections import completion_delta

_JOBS = Job.__table__
_ETPS = Etp.__table__
_SECTIONS = Section.__table__
_S = _SECTIONS.alias("s")
_ORGANIZATIONS = Organization.__table__
_VERSIONS = EtpVersion.__table__

_AUDIT_PREFIX = "audit_"
_JOB_PREFIX = "job_"
_VERSION_PREFIX = "version_"
_VERSION_AUDIT_PREFIX = "version_audit_"
# The columns the request's INSERT of the job writes (the others keep their defaults: NULL).
_JOB_COLUMNS = (
    "id",
    "organization_id",
    "created_by",
    "etp_id",
    "inciso",
    "kind",
    "state",
    "progress",
    "attempts",
    "max_attempts",
    "params",
    "idempotency_key",
    "request_fingerprint",
    "tokens_in",
    "tokens_out",
    "cost_usd",
    "created_at",
    "updated_at",
)


def _prefixed(prefix: str, row: Mapping[str, Any]) -> dict[str, Any]:
    return {prefix + name: value for name, value in row.items()}


def _audit_insert(prefix: str) -> Insert:
    return insert(AuditLog.__table__).values(**{name: bindparam(prefix + name) for name in audit.ROW_COLUMNS})


# --------------------------------------------------------------------------------------------------
# The request
# --------------------------------------------------------------------------------------------------

# The ETP's next version number (what its "before" snapshot would be), read under the ETP row's lock.
_NEXT_VERSION = (
    select(func.coalesce(func.max(_VERSIONS.c.number), 0) + 1)
    .where(_VERSIONS.c.etp_id == bindparam("next_version_of"))
    .scalar_subquery()
)
_LOCK_FOR_REQUEST = (
    select(
        *ETP_READ_COLUMNS,
        _ETPS.c.organization_id,
        _ORGANIZATIONS.c.monthly_token_budget,
        _NEXT_VERSION.label("next_version"),
    )
    .join_from(_ETPS, _ORGANIZATIONS, _ORGANIZATIONS.c.id == _ETPS.c.organization_id)
    .where(
        _ETPS.c.id == bindparam("etp_id"),
        _ETPS.c.organization_id == bindparam("org_id"),
        _ETPS.c.deleted_at.is_(None),  # an ETP in the trash is not found (etp_access.live_etp)
    )
    .with_for_update(of=_ETPS)
)
_REQUEST_SECTIONS = select(
    _SECTIONS.c.inciso, _SECTIONS.c.version, *(_SECTIONS.c[f] for f in snapshots.SECTION_FIELDS)
).where(_SECTIONS.c.etp_id == bindparam("etp_id"))
_MARK_DRAFTING = (
    update(_SECTIONS)
    .where(_SECTIONS.c.etp_id == bindparam("of_etp"), _SECTIONS.c.inciso.in_(bindparam("incisos", expanding=True)))
    .values(status="drafting")
)
_INSERT_JOB = insert(_JOBS).values(**{name: bindparam(_JOB_PREFIX + name) for name in _JOB_COLUMNS})
_REQUEST_WRITE = (
    _audit_insert(_AUDIT_PREFIX).add_cte(_INSERT_JOB.cte("job_write")).add_cte(_MARK_DRAFTING.cte("sections_write"))
)
# ... and with the "before" snapshot and its audit row (every draft request takes one)
_REQUEST_WRITE_WITH_SNAPSHOT = _REQUEST_WRITE.add_cte(
    insert(_VERSIONS)
    .values(**{name: bindparam(_VERSION_PREFIX + name) for name in snapshots.VERSION_COLUMNS})
    .returning(*(_VERSIONS.c[name] for name in snapshots.VERSION_COLUMNS if name != "snapshot"))
    .cte("version_write"),
    _audit_insert(_VERSION_AUDIT_PREFIX).cte("version_audit_write"),
)


def lock_for_request(conn: Connection, *, etp_id: uuid.UUID, organization_id: uuid.UUID) -> Row | None:
    """The ETP of the organization with its row locked ``FOR UPDATE`` (of ``etps`` only) for the rest of
    the transaction — the first lock of the request, so the ETP row before any section.

    The row has ``etps.READ_COLUMNS`` (what the ETP's snapshot reads), ``organization_id``, the
    organization's ``monthly_token_budget`` and ``next_version``, the number the "before" snapshot of
    a draft takes (safe to use: the lock serializes the ETP's numbering). None when the ETP
    is not the organization's."""
    params = {"etp_id": etp_id, "org_id": organization_id, "next_version_of": etp_id}
    return conn.execute(_LOCK_FOR_REQUEST, params).first()


def request_sections(conn: Connection, etp_id: uuid.UUID) -> Sequence[Row]:
    """The ETP's sections as the request's checks and its snapshot read them: ``inciso``, ``version``
    and ``snapshots.SECTION_FIELDS``, in no particular order. Read after :func:`lock_for_request`, in
    its transaction: no other writer can change them until the commit."""
    return conn.execute(_REQUEST_SECTIONS, {"etp_id": etp_id}).all()


def write_draft_request(
    conn: Connection,
    *,
    etp_id: uuid.UUID,
    incisos: Collection[int],
    job: Job,
    audit_row: Mapping[str, Any],
    snapshot: snapshots.SnapshotRows | None = None,
) -> None:
    """Every write of the request in one statement: the INSERT of ``job`` (as ``jobs.build`` made it;
    the object stays out of the session), the UPDATE that marks ``incisos`` of the ETP ``drafting``,
    the audit row (``audit.row_values``) and, with ``snapshot`` (``snapshots.snapshot_rows``), the
    version row and its audit row. Returns nothing; the caller commits.

    Raises ``IntegrityError`` when a concurrent request committed the same Idempotency-Key first (the
    jobs' unique index): nothing is written, the caller rolls back and answers with that job."""
    params = {"of_etp": etp_id, "incisos": list(incisos), **_prefixed(_AUDIT_PREFIX, audit_row)}
    params.update((_JOB_PREFIX + name, getattr(job, name)) for name in _JOB_COLUMNS)
    if snapshot is None:
        conn.execute(_REQUEST_WRITE, params)
        return
    params.update(_prefixed(_VERSION_PREFIX, snapshot.version))
    params.update(_prefixed(_VERSION_AUDIT_PREFIX, snapshot.audit))
    conn.execute(_REQUEST_WRITE_WITH_SNAPSHOT, params)


# --------------------------------------------------------------------------------------------------
# The worker
# --------------------------------------------------------------------------------------------------

# Whether a section's text grounds the numbers of the others: a person wrote or edited it, or reviewed
# it — ``section_quality.person_approved`` in SQL (an untouched AI or offline draft grounds nothing).
_GROUNDS = or_(
    _S.c.provenance == "human",
    and_(_S.c.provenance.is_(None), or_(_S.c.ai_generated.is_(False), _S.c.status == "edited")),
    _S.c.reviewed_at.is_not(None),
    _S.c.status == "approved",
)
# (inciso, content, grounds) of the ETP's sections up to the one drafted, as one JSON array
_SECTION_TEXTS = (
    select(
        func.coalesce(
            func.json_agg(aggregate_order_by(func.json_build_array(_S.c.inciso, _S.c.content, _GROUNDS), _S.c.inciso)),
            literal_column("'[]'::json"),
        )
    )
    .where(_S.c.etp_id == _ETPS.c.id, _S.c.inciso <= bindparam("context_inciso"))
    .scalar_subquery()
    .label("sections")
)


class WorkerReads:
    """The worker's two reads of a section's draft, for the ETP fact columns the drafting service
    gives a draft (``drafting._FACT_COLUMNS``: which facts a draft sees is its business, how they are
    read is this module's). Built once, at import of the drafting service."""

    def __init__(self, fact_columns: Sequence[ColumnElement[Any]]) -> None:
        self._context = (
            select(_JOBS.c.state, _ETPS.c.id.label("etp_id"), *fact_columns, _SECTION_TEXTS)
            .select_from(_JOBS.outerjoin(_ETPS, _ETPS.c.id == _JOBS.c.etp_id))
            .where(_JOBS.c.id == bindparam("job_id"))
        )
        self._lock_for_store = (
            select(
                _JOBS.c.state,
                _JOBS.c.etp_id,
                _JOBS.c.organization_id,
                _JOBS.c.created_by,
                _JOBS.c.result,
                _SECTIONS.c.id.label("section_id"),
                _SECTIONS.c.version,
                _SECTIONS.c.status,
                _SECTIONS.c.content,
                *fact_columns,
                _SECTION_TEXTS,
            )
            .join_from(_JOBS, _ETPS, _ETPS.c.id == _JOBS.c.etp_id)
            .join(_SECTIONS, (_SECTIONS.c.etp_id == _ETPS.c.id) & (_SECTIONS.c.inciso == bindparam("inciso")))
            .where(_JOBS.c.id == bindparam("job_id"))
            .with_for_update()
        )

    def read_context(self, conn: Connection, *, job_id: uuid.UUID, inciso: int) -> Row | None:
        """What a draft of ``inciso`` starts from, in one statement and no lock: the job's ``state``,
        its ``etp_id`` (None once the ETP was deleted), the fact columns and ``sections``, the
        ``[inciso, content, grounds]`` triples of the ETP's sections up to ``inciso``. None when the job is gone."""
        return conn.execute(self._context, {"job_id": job_id, "context_inciso": inciso}).first()

    def lock_for_store(self, conn: Connection, *, job_id: uuid.UUID, inciso: int, next_inciso: int = 0) -> Row | None:
        """The first statement of a store's transaction: the job, the ETP row and the section ``inciso``
        locked ``FOR UPDATE`` in that order, with what the store decides on (the job's ``state``,
        ``etp_id``, ``organization_id``, ``created_by`` and ``result``; the section's ``section_id``,
        ``version``, ``status`` and ``content``) and, for the job's next section ``next_inciso`` (0:
        none), what :meth:`read_context` would read for it — its sections as they were before this
        store. None when the job or its ETP is gone."""
        params = {"job_id": job_id, "inciso": inciso, "context_inciso": next_inciso}
        return conn.execute(self._lock_for_store, params).first()


_APPLY_DRAFT = (
    update(_SECTIONS)
    .where(_SECTIONS.c.id == bindparam("section_id"))
    .values(
        content=bindparam("draft_text"),
        status="drafted",
        ai_generated=True,
        provenance=bindparam("draft_provenance"),
        drafting_notes=bindparam("draft_notes"),
        quality=bindparam("draft_quality"),
        suggestion=None,
        suggestion_provenance=None,
        suggestion_notes=None,
        version=_SECTIONS.c.version + 1,
        updated_at=bindparam("write_time"),
        updated_by=bindparam("draft_user"),
        # a new text: the review and the acknowledged findings were about the old one (sections.clear_review)
        reviewed_by=None,
        reviewed_by_name=None,
        reviewed_at=None,
        acknowledgements=None,
    )
)
_SUGGESTION_VALUES: dict[str, Any] = {
    "suggestion": bindparam("draft_text"),
    "suggestion_provenance": bindparam("draft_provenance"),
    "suggestion_notes": bindparam("draft_notes"),
}
_SUGGEST = update(_SECTIONS).where(_SECTIONS.c.id == bindparam("section_id")).values(**_SUGGESTION_VALUES)
# ... and give the section back the status it had before the request
_SUGGEST_RELEASE = (
    update(_SECTIONS)
    .where(_SECTIONS.c.id == bindparam("section_id"))
    .values(**_SUGGESTION_VALUES, status=bindparam("status_before"))
)
# The ETP's completion counters moved by the section's change, and its version bumped: under the ETP
# row's lock (lock_for_store) they stay what sections.recompute_completion would count.
_FILL_CHANGE = (
    update(_ETPS)
    .where(_ETPS.c.id == bindparam("fill_etp"))
    .values(
        filled_count=_ETPS.c.filled_count + bindparam("fill_delta"),
        mandatory_filled_count=_ETPS.c.mandatory_filled_count + bindparam("fill_mandatory_delta"),
        version=_ETPS.c.version + 1,
        updated_at=bindparam("fill_time"),
    )
)
_JOB_PROGRESS = (
    update(_JOBS)
    .where(_JOBS.c.id == bindparam("job_id"))
    .values(
        result=bindparam("job_result"),
        progress=bindparam("job_progress"),
        model=bindparam("job_model"),
        tokens_in=_JOBS.c.tokens_in + bindparam("add_tokens_in"),
        tokens_out=_JOBS.c.tokens_out + bindparam("add_tokens_out"),
        cost_usd=_JOBS.c.cost_usd + bindparam("add_cost_usd"),
        updated_at=bindparam("write_time"),
    )
)
# The store's one statement, by what becomes of the draft: the audit row's INSERT with the section's
# UPDATE, the ETP's (only when the section's text changes) and the job's as CTEs.
_STORE = {
    "content": _audit_insert(_AUDIT_PREFIX)
    .add_cte(_APPLY_DRAFT.cte("section_write"))
    .add_cte(_FILL_CHANGE.cte("etp_write"))
    .add_cte(_JOB_PROGRESS.cte("job_write")),
    "suggestion_release": _audit_insert(_AUDIT_PREFIX)
    .add_cte(_SUGGEST_RELEASE.cte("section_write"))
    .add_cte(_JOB_PROGRESS.cte("job_write")),
    "suggestion": _audit_insert(_AUDIT_PREFIX)
    .add_cte(_SUGGEST.cte("section_write"))
    .add_cte(_JOB_PROGRESS.cte("job_write")),
}


@dataclass(frozen=True)
class JobProgress:
    """What one stored section does to its job's row: its new ``result`` and ``progress``, the model
    that drafted, and the usage to add to the job's totals."""

    job_id: uuid.UUID
    result: dict[str, Any]
    progress: int
    model: str | None
    tokens_in: int
    tokens_out: int
    cost_usd: Decimal

    def params(self) -> dict[str, Any]:
        return {
            "job_id": self.job_id,
            "job_result": self.result,
            "job_progress": self.progress,
            "job_model": self.model,
            "add_tokens_in": self.tokens_in,
            "add_tokens_out": self.tokens_out,
            "add_cost_usd": self.cost_usd,
        }


def store_draft(
    conn: Connection,
    *,
    section_id: uuid.UUID,
    etp_id: uuid.UUID,
    inciso: int,
    text: str,
    quality: dict[str, Any] | None,
    drafted_by: uuid.UUID | None,
    was_filled: bool,
    now: datetime,
    job: JobProgress,
    audit_row: Mapping[str, Any],
    provenance: str = "ai",
    notes: list[dict[str, str]] | None = None,
) -> None:
    """The draft becomes the section's text, in one statement: the section (``text``, status
    ``drafted``, AI flag, ``provenance`` and the draft's ``notes``, ``quality``, no suggestion, its
    version bumped, ``drafted_by``), the ETP's
    completion counters moved by the change (``was_filled``: the section held text before) with its
    version bumped, the job's progress, the audit row. Run after :meth:`WorkerReads.lock_for_store`,
    in its transaction; returns nothing, the caller commits."""
    delta, mandatory_delta = completion_delta(inciso, was_filled=was_filled, filled=True)
    params = {
        "section_id": section_id,
        "draft_text": text,
        "draft_provenance": provenance,
        "draft_notes": notes or None,
        "write_time": now,
        "draft_quality": quality,
        "draft_user": drafted_by,
        "fill_etp": etp_id,
        "fill_time": now,
        "fill_delta": delta,
        "fill_mandatory_delta": mandatory_delta,
        **job.params(),
        **_prefixed(_AUDIT_PREFIX, audit_row),
    }
    conn.execute(_STORE["content"], params)


def store_suggestion(
    conn: Connection,
    *,
    section_id: uuid.UUID,
    text: str,
    release_to: str | None,
    now: datetime,
    job: JobProgress,
    audit_row: Mapping[str, Any],
    provenance: str = "ai",
    notes: list[dict[str, str]] | None = None,
) -> None:
    """The draft is kept as the section's suggestion (a person's text stays) with its ``provenance``
    and ``notes``, in one statement with the
    job's progress and the audit row; with ``release_to``, the section, still marked ``drafting``,
    gets that status back. The ETP's row is not written. Run after
    :meth:`WorkerReads.lock_for_store`, in its transaction; returns nothing, the caller commits."""
    params = {
        "section_id": section_id,
        "draft_text": text,
        "draft_provenance": provenance,
        "draft_notes": notes or None,
        "write_time": now,
        **job.params(),
    }
    params.update(_prefixed(_AUDIT_PREFIX, audit_row))
    if release_to is None:
        conn.execute(_STORE["suggestion"], params)
    else:
        params["status_before"] = release_to
        conn.execute(_STORE["suggestion_release"], params)
