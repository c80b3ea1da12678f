"""Reading the audit trail: filtered, paginated queries and a streamed CSV export.

Always scoped to the caller's organization. The trail holds ids, never names or e-mails; the
actor's current name is joined in at read time (so an anonymized person shows as anonymized).
Nothing here writes to ``audit_log``: the table is append-only (a trigger rejects UPDATE/DELETE).
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select

from etp_app.extensions import db
from etp_app.models import AuditLog, User
from etp_app.security import Identity
from etp_app.services import audit

CSV_COLUMNS = (
    "id",
    "created_at",
    "action",
    "actor_id",
    "actor_name",
    "target_type",
    "target_id",
    "etp_id",
    "ip",
    "user_agent",
    "before",
    "after",
)
CSV_BATCH = 1000
# Cells a spreadsheet would read as a formula (OWASP "CSV injection"): = + - @, and tab / CR, which
# some spreadsheets strip before looking at the first character.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


@dataclass(frozen=True)
class AuditFilters:
    actor: uuid.UUID | None = None
    action: str | None = None
    etp_id: uuid.UUID | None = None
    since: datetime | None = None
    until: datetime | None = None


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _conditions(organization_id: uuid.UUID, filters: AuditFilters) -> list[Any]:
    c = AuditLog.__table__.c
    conditions: list[Any] = [c.organization_id == organization_id]
    if filters.actor:
        conditions.append(c.actor_id == filters.actor)
    action = (filters.action or "").strip()
    if action:
        # "etp." or "etp.*": every action under that prefix; otherwise the exact action
        if action.endswith("*"):
            conditions.append(c.action.like(_escape_like(action[:-1]) + "%", escape="\\"))
        elif action.endswith("."):
            conditions.append(c.action.like(_escape_like(action) + "%", escape="\\"))
        else:
            conditions.append(c.action == action)
    if filters.etp_id:
        conditions.append(c.etp_id == filters.etp_id)
    if filters.since:
        conditions.append(c.created_at >= filters.since)
    if filters.until:
        conditions.append(c.created_at <= filters.until)
    return conditions


def _select(conditions: list[Any]):
    c = AuditLog.__table__.c
    u = User.__table__.c
    return (
        select(
            c.id,
            c.created_at,
            c.action,
            c.actor_id,
            u.name.label("actor_name"),
            c.target_type,
            c.target_id,
            c.etp_id,
            c.ip,
            c.user_agent,
            c.before,
            c.after,
        )
        .select_from(
            AuditLog.__table__.outerjoin(
                User.__table__, and_(u.id == c.actor_id, u.organization_id == c.organization_id)
            )
        )
        .where(*conditions)
    )


def list_entries(identity: Identity, filters: AuditFilters, *, page: int, page_size: int) -> tuple[list[Any], int]:
    """A page of the organization's audit entries, newest first, and the total."""
    c = AuditLog.__table__.c
    conditions = _conditions(identity.organization_id, filters)
    offset = (page - 1) * page_size
    total = None
    if page > 1:  # count first: a page past the end (or beyond BIGINT) never reaches OFFSET
        total = db.session.scalar(select(func.count()).select_from(AuditLog).where(*conditions)) or 0
        if offset >= total:
            return [], total
    rows = db.session.execute(
        _select(conditions).order_by(c.created_at.desc(), c.id.desc()).limit(page_size).offset(offset)
    ).all()
    if total is None:
        if len(rows) < page_size:
            total = len(rows)
        else:
            total = db.session.scalar(select(func.count()).select_from(AuditLog).where(*conditions)) or 0
    return list(rows), total


def _iter_rows(organization_id: uuid.UUID, filters: AuditFilters) -> Iterator[Any]:
    """Every matching row, newest first, in keyset batches (no long-lived cursor, bounded memory)."""
    c = AuditLog.__table__.c
    conditions = _conditions(organization_id, filters)
    after: tuple[datetime, uuid.UUID] | None = None
    while True:
        page_conditions = list(conditions)
        if after is not None:
            created_at, row_id = after
            page_conditions.append(or_(c.created_at < created_at, and_(c.created_at == created_at, c.id < row_id)))
        rows = db.session.execute(
            _select(page_conditions).order_by(c.created_at.desc(), c.id.desc()).limit(CSV_BATCH)
        ).all()
        db.session.rollback()  # end the read transaction between batches
        yield from rows
        if len(rows) < CSV_BATCH:
            return
        after = (rows[-1].created_at, rows[-1].id)


def safe_cell(value: Any) -> str:
    """A CSV cell as text; a text a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    elif isinstance(value, datetime):
        text = value.isoformat()
    else:
        text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def start_csv_export(identity: Identity, filters: AuditFilters, *, delimiter: str = ",") -> Iterator[str]:
    """Record who exported the trail (with the filters), commit, and return the CSV text chunks."""
    audit.record(
        "audit.export",
        organization_id=identity.organization_id,
        actor_id=identity.user_id,
        target_type="audit",
        after={"format": "csv", **{k: v for k, v in vars(filters).items() if v}},
    )
    db.session.commit()
    return csv_lines(identity, filters, delimiter=delimiter)


def csv_lines(identity: Identity, filters: AuditFilters, *, delimiter: str = ",") -> Iterator[str]:
    """The CSV export as text chunks: a UTF-8 BOM (for Excel), the header row, then one row per entry."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        return text

    writer.writerow(CSV_COLUMNS)
    yield BOM + flush()
    count = 0
    for row in _iter_rows(identity.organization_id, filters):
        writer.writerow([safe_cell(getattr(row, column)) for column in CSV_COLUMNS])
        count += 1
        if count % 200 == 0:
            yield flush()
    rest = flush()
    if rest:
        yield rest
