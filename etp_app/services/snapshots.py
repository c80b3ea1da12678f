"""Writing ETP versions: the snapshot of an ETP's fields and 13 sections, the numbered version row
with its audit row, and the coalescing of a person's saves into one version per session of typing.

This module sits below ``sections`` in the services' layers (pyproject.toml) so that every writer of
an ETP — a section edit (``sections``), an edit of the facts or a status change (``etps``), a draft
request or an accepted suggestion (``drafting``), a save point or a restore (``versions``) — records
its version in its own transaction without importing a use-case module above it. ``versions`` keeps
the reads: listing, diff and restore.

A snapshot is plain JSON (money and quantities as exact decimal strings, dates as ISO text) stored
in ``etp_versions.snapshot``. Numbers run 1, 2, 3… per ETP and are assigned while the ETP row is
locked (every caller locks it first), so two concurrent writers of one ETP never race for a number.

Which versions exist, by ``reason`` (``scope`` names the section code, or ``fields`` for the ETP's
facts, when a version records the work on one part only):

- ``manual``: a save point; ``before_draft`` / ``after_draft``: around a whole-ETP draft, and before
  a single-section draft (scope: the section); ``approval``; ``before_restore``;
- ``edit``: a person's save of a section or of the facts, coalesced (:func:`record_edit`);
- ``suggestion``: an accepted AI suggestion; ``acknowledgement``: a quality finding acknowledged;
  ``status``: any other lifecycle transition.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from flask import current_app, has_app_context
from sqlalchemy import Row, bindparam, func, insert, literal_column, select, true, update

from etp_app import etp_fields
from etp_app.drafting.catalog import BY_INCISO
from etp_app.extensions import db
from etp_app.models import AuditLog, EtpVersion, Section, User
from etp_app.services import audit
from etp_app.services.etp_access import STATUS_LABELS

SNAPSHOT_SCHEMA = 1
# The section columns a snapshot keeps (and a restore writes back): the text, its provenance and the
# drafter's notes beside it. Review marks and acknowledgements are not kept: they were about the text
# at the time, and a restored text has not been reviewed yet.
SECTION_FIELDS = (
    "content",
    "justification",
    "status",
    "suggestion",
    "ai_generated",
    "quality",
    "provenance",
    "drafting_notes",
    "suggestion_provenance",
    "suggestion_notes",
)
# The columns of a version row as a snapshot writes it: the keys of SnapshotRows.version.
VERSION_COLUMNS = (
    "id",
    "etp_id",
    "number",
    "label",
    "reason",
    "scope",
    "snapshot",
    "created_by",
    "created_at",
    "updated_at",
)
LABEL_MAX = 200  # etp_versions.label is VARCHAR(200)
# The scope of a version of the ETP's facts (a section's version has the section's code).
FIELDS_SCOPE = "fields"
DEFAULT_COALESCE_SECONDS = 300

DEFAULT_LABELS = {
    "before_draft": "Antes da redação do ETP por IA",
    "after_draft": "Depois da redação do ETP por IA",
    "approval": "ETP aprovado",
}

_VERSIONS = EtpVersion.__table__


def _now() -> datetime:
    return datetime.now(UTC)


# --------------------------------------------------------------------------------------------------
# Labels (what a person reads in the list of versions)
# --------------------------------------------------------------------------------------------------


def section_code(inciso: int) -> str:
    return BY_INCISO[inciso].code


def _fit(label: str) -> str:
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…"


def edit_label(scope: str, author: str | None) -> str:
    """ "Edição da seção IV por Maria Souza" / "Edição dos dados do ETP por Maria Souza"."""
    what = "dos dados do ETP" if scope == FIELDS_SCOPE else f"da seção {scope}"
    return _fit(f"Edição {what} por {author}" if author else f"Edição {what}")


def section_draft_label(inciso: int) -> str:
    return f"Antes da redação da seção {section_code(inciso)} por IA"


def suggestion_label(inciso: int) -> str:
    return f"Sugestão aceita na seção {section_code(inciso)}"


def acknowledgement_label(inciso: int) -> str:
    return f"Apontamento de qualidade reconhecido na seção {section_code(inciso)}"


def status_label(status: str) -> str:
    return f"Status: {STATUS_LABELS.get(status, status)}"


# --------------------------------------------------------------------------------------------------
# Snapshots
# --------------------------------------------------------------------------------------------------

# A column's value in a snapshot's JSON and back, by the kind etp_fields declares for it.
field_to_json = etp_fields.snapshot_value
field_from_json = etp_fields.column_value


def _section_json(section: Any) -> dict[str, Any]:
    return {
        "inciso": section.inciso,
        "content": section.content or "",
        "justification": section.justification,
        "status": section.status,
        "suggestion": section.suggestion,
        "ai_generated": bool(section.ai_generated),
        "quality": section.quality,
        "provenance": section.provenance,
        "drafting_notes": section.drafting_notes,
        "suggestion_provenance": section.suggestion_provenance,
        "suggestion_notes": section.suggestion_notes,
    }


def build_snapshot(etp: Any, sections: Iterable[Any]) -> dict[str, Any]:
    """Every field of the ETP and its 13 sections as JSON-able values (money as exact strings).
    ``etp`` and ``sections`` are ORM objects or rows with the same columns."""
    fields = {name: field_to_json(name, getattr(etp, name)) for name in etp_fields.RESTORABLE_COLUMNS}
    fields["status"] = etp.status
    return {
        "schema": SNAPSHOT_SCHEMA,
        "etp": {
            "id": str(etp.id),
            **fields,
            "completion": {"filled": etp.filled_count, "mandatory_filled": etp.mandatory_filled_count},
            "created_by": str(etp.created_by) if etp.created_by else None,
            "created_at": etp.created_at.isoformat() if etp.created_at else None,
            "updated_at": etp.updated_at.isoformat() if etp.updated_at else None,
            "version": etp.version,
        },
        "sections": [_section_json(s) for s in sorted(sections, key=lambda s: s.inciso)],
    }


def sections_of(etp_id: uuid.UUID, *, lock: bool = False) -> list[Section]:
    """The ETP's 13 sections, fresh from the database (in inciso order)."""
    stmt = select(Section).where(Section.etp_id == etp_id).order_by(Section.inciso)
    if lock:
        stmt = stmt.with_for_update()
    return list(db.session.scalars(stmt.execution_options(populate_existing=True)))


class SnapshotRows(NamedTuple):
    """The two rows a snapshot writes, as ``{column: value}``: the version (:data:`VERSION_COLUMNS`)
    and its audit row (``audit.ROW_COLUMNS``)."""

    version: dict[str, Any]
    audit: dict[str, Any]


def snapshot_rows(
    etp: Any,
    *,
    reason: str,
    actor_id: uuid.UUID | None,
    number: int,
    label: str | None = None,
    scope: str | None = None,
    sections: Iterable[Any] | None = None,
) -> SnapshotRows:
    """Version ``number`` of ``etp`` (an ORM ``Etp`` or a row with the same columns) and its audit row,
    for :func:`take_snapshot` or for a statement that writes them with the change they precede (the
    draft request, ``services.drafting_sql``). The caller holds the ETP row lock (``FOR UPDATE``) for
    the rest of its transaction: that lock serializes the numbering and every writer of the ETP's
    sections (they all lock the ETP first)."""
    db.session.flush()  # pending changes of the caller belong to the snapshot
    if sections is None:
        sections = sections_of(etp.id)
    label = _fit(label) if label is not None else DEFAULT_LABELS.get(reason)
    version_id = uuid.uuid4()
    now = _now()
    version = {
        "id": version_id,
        "etp_id": etp.id,
        "number": number,
        "label": label,
        "reason": reason,
        "scope": scope,
        "snapshot": build_snapshot(etp, sections),
        "created_by": actor_id,
        "created_at": now,
        "updated_at": now,
    }
    after = {"number": number, "reason": reason, "label": label}
    if scope is not None:
        after["scope"] = scope
    audit_row = audit.row_values(
        "version.create",
        organization_id=etp.organization_id,
        actor_id=actor_id,
        target_type="version",
        target_id=version_id,
        etp_id=etp.id,
        after=after,
    )
    return SnapshotRows(version, audit_row)


# take_snapshot's two statements. The next number, read while the ETP row is locked ...
_NEXT_NUMBER = select(
    select(func.coalesce(func.max(_VERSIONS.c.number), 0) + 1)
    .where(_VERSIONS.c.etp_id == bindparam("next_version_of"))
    .scalar_subquery()
)
# ... then the version row and its audit row in one statement (the audit INSERT as a CTE), returning
# the version's columns but its snapshot. Parameters are named <prefix><column> so that none is named
# like a column of a table written: SQLAlchemy would take such a key as one more column to SET.
_VERSION_PREFIX = "version_"
_AUDIT_PREFIX = "version_audit_"
_RETURNED = tuple(_VERSIONS.c[name] for name in VERSION_COLUMNS if name != "snapshot")
_TAKE_SNAPSHOT = select(
    insert(_VERSIONS)
    .values(**{name: bindparam(_VERSION_PREFIX + name) for name in VERSION_COLUMNS})
    .returning(*_RETURNED)
    .cte("version_write")
).add_cte(
    insert(AuditLog.__table__)
    .values(**{name: bindparam(_AUDIT_PREFIX + name) for name in audit.ROW_COLUMNS})
    .cte("version_audit_write")
)


def _write(rows: SnapshotRows) -> Row:
    params = {_VERSION_PREFIX + name: value for name, value in rows.version.items()}
    params.update((_AUDIT_PREFIX + name, value) for name, value in rows.audit.items())
    return db.session.connection().execute(_TAKE_SNAPSHOT, params).one()


def take_snapshot(
    etp: Any,
    *,
    reason: str,
    actor_id: uuid.UUID | None,
    label: str | None = None,
    scope: str | None = None,
    sections: Iterable[Any] | None = None,
) -> Row:
    """Insert the next numbered version of ``etp`` and its audit row in the session's transaction (the
    caller commits; see :func:`snapshot_rows`). Returns the version's row (without the snapshot)."""
    number: int = db.session.execute(_NEXT_NUMBER, {"next_version_of": etp.id}).scalar_one()
    return _write(
        snapshot_rows(etp, reason=reason, actor_id=actor_id, number=number, label=label, scope=scope, sections=sections)
    )


# --------------------------------------------------------------------------------------------------
# A person's saves, coalesced
# --------------------------------------------------------------------------------------------------

# The ETP's newest version (NULLs when it has none) and the author's name, in one statement: a
# one-row FROM joined to the newest version LATERAL, with the name as a scalar subquery.
_USERS = User.__table__
_ONE_ROW = select(literal_column("1").label("one")).subquery("one_row")
_NEWEST = (
    select(
        _VERSIONS.c.id,
        _VERSIONS.c.number,
        _VERSIONS.c.reason,
        _VERSIONS.c.scope,
        _VERSIONS.c.created_by,
        _VERSIONS.c.updated_at,
    )
    .where(_VERSIONS.c.etp_id == bindparam("newest_of"))
    .order_by(_VERSIONS.c.number.desc())
    .limit(1)
    .lateral("newest")
)
_NEWEST_WITH_AUTHOR = select(
    select(_USERS.c.name).where(_USERS.c.id == bindparam("author_id")).scalar_subquery().label("author_name"),
    _NEWEST.c.id,
    _NEWEST.c.number,
    _NEWEST.c.reason,
    _NEWEST.c.scope,
    _NEWEST.c.created_by,
    _NEWEST.c.updated_at,
).select_from(_ONE_ROW.outerjoin(_NEWEST, true()))
_COALESCE = (
    update(_VERSIONS)
    .where(_VERSIONS.c.id == bindparam("coalesce_into"))
    .values(snapshot=bindparam("coalesced_snapshot"), updated_at=bindparam("coalesce_time"))
    .returning(*_RETURNED)
)


def coalesce_seconds() -> int:
    """``VERSION_COALESCE_SECONDS``: how long after a person's last save of a section (or of the
    facts) their next save still belongs to the same version. 0 turns coalescing off."""
    if not has_app_context():
        return DEFAULT_COALESCE_SECONDS
    return max(0, int(current_app.config.get("VERSION_COALESCE_SECONDS", DEFAULT_COALESCE_SECONDS)))


def record_edit(etp: Any, *, actor_id: uuid.UUID, scope: str, sections: Iterable[Any] | None = None) -> Row:
    """The version of a person's save of one section (``scope``: its code) or of the ETP's facts
    (``scope``: :data:`FIELDS_SCOPE`), in the caller's transaction, after the change.

    A session of typing is one version: when the ETP's newest version is an ``edit`` of the same
    scope by the same person, saved less than :func:`coalesce_seconds` ago, that version takes the
    new state in place (its number stays, ``updated_at`` moves); otherwise a new version is inserted
    with its ``version.create`` audit row. Only the newest version is ever updated, so a version
    never holds a state later than the one after it, and a save point, a draft or another person's
    edit in between always closes the session. An in-place update writes no audit row of its own:
    the save that caused it has its audit row (``section.update`` / ``etp.update``) in the same
    transaction. The caller holds the ETP row lock, which serializes this read-then-write."""
    conn = db.session.connection()
    newest = conn.execute(_NEWEST_WITH_AUTHOR, {"newest_of": etp.id, "author_id": actor_id}).one()
    window = coalesce_seconds()
    now = _now()
    if (
        newest.id is not None
        and newest.reason == "edit"
        and newest.scope == scope
        and newest.created_by == actor_id
        and window > 0
        and now - newest.updated_at <= timedelta(seconds=window)
    ):
        db.session.flush()
        snapshot = build_snapshot(etp, sections if sections is not None else sections_of(etp.id))
        params = {"coalesce_into": newest.id, "coalesced_snapshot": snapshot, "coalesce_time": now}
        return conn.execute(_COALESCE, params).one()
    rows = snapshot_rows(
        etp,
        reason="edit",
        actor_id=actor_id,
        number=(newest.number or 0) + 1,
        label=edit_label(scope, newest.author_name),
        scope=scope,
        sections=sections,
    )
    return _write(rows)
