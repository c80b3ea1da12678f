"""Reading the audit trail: filtered, paginated queries and a streamed CSV export.

Always scoped to the caller's organization. The trail holds ids, never names or e-mails; the
actor's current name is joined in at read time (so an anonymized person shows as anonymized).
Nothing here writes to ``audit_log``: the table is append-only (a trigger rejects UPDATE/DELETE).

The CSV is made for the spreadsheet of a Brazilian public servant, who opens it with a double
click: ``;`` between columns (what a Portuguese-locale Excel or LibreOffice expects; ``,`` on
request), a UTF-8 BOM (so accents survive), Portuguese headers, dates as dd/mm/aaaa hh:mm in
America/Sao_Paulo, and the before/after summary of each entry as one readable cell
("campo: antes → depois; …") instead of JSON. The JSON API keeps the machine-readable shapes.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import and_, func, or_, select

from etp_app.extensions import db
from etp_app.models import AuditLog, User
from etp_app.security import Identity
from etp_app.services import audit
from etp_app.services.etp_access import SECTION_STATUS_LABELS, STATUS_LABELS
from etp_app.services.jobs import JOB_STATE_LABELS

# The CSV's header, in Portuguese (the cells: ``csv_row``).
CSV_HEADER = (
    "Data e hora",
    "Ação",
    "Quem",
    "Id de quem fez",
    "Tipo do alvo",
    "Id do alvo",
    "Id do ETP",
    "IP",
    "Navegador (user agent)",
    "Alterações",
    "Id da entrada",
)
CSV_DEFAULT_DELIMITER = ";"
CSV_DATE_FORMAT = "%d/%m/%Y %H:%M"
CSV_TIME_ZONE = "America/Sao_Paulo"
EMPTY_VALUE = "—"
# Codes shown as the labels people read, per target type and summary key (the JSON API keeps codes).
VALUE_LABELS: dict[str | None, dict[str, Mapping[str, str]]] = {
    "etp": {"status": STATUS_LABELS},
    "section": {"status": SECTION_STATUS_LABELS},
    "job": {"state": JOB_STATE_LABELS},
}
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


def local_zone() -> tzinfo:
    """America/Sao_Paulo, where the people who read the trail are (UTC if the zone database is missing)."""
    try:
        return ZoneInfo(CSV_TIME_ZONE)
    except ZoneInfoNotFoundError:
        return UTC


def local_datetime(moment: datetime | None, zone: tzinfo | None = None) -> str:
    """dd/mm/aaaa hh:mm in America/Sao_Paulo: what a Portuguese spreadsheet reads as a date."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone or local_zone()).strftime(CSV_DATE_FORMAT)


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """A summary as ``{dotted key: leaf value}`` in its own order (``{"fields": {"title": …}}`` →
    ``fields.title``); an empty object is one empty leaf."""
    if not isinstance(value, dict):
        return {prefix: value}
    if not value:
        return {prefix: None} if prefix else {}
    out: dict[str, Any] = {}
    for key, item in value.items():
        out.update(_flatten(item, f"{prefix}.{key}" if prefix else str(key)))
    return out


def readable_value(value: Any, labels: Mapping[str, str] | None = None) -> str:
    """One value of a summary as people read it: a status as its label, sim/não, lists joined, one line."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY_VALUE
    if labels and isinstance(value, str) and value in labels:
        return labels[value]
    if isinstance(value, bool):
        return "sim" if value else "não"
    if isinstance(value, list):
        return ", ".join(readable_value(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))
    return " ".join(str(value).split())


def describe_change(before: Any, after: Any, value_labels: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """The before/after summaries of an entry as one cell: ``campo: antes → depois; …``.

    A field with the same value on both sides shows once (``inciso: I``); an entry with only an
    "after" (a creation) lists its values; a field that only had a "before" shows ``antes → —``.
    ``value_labels`` maps a key to the labels of its codes (``status``: draft → rascunho)."""
    old = _flatten(before) if before is not None else {}
    new = _flatten(after) if after is not None else {}
    value_labels = value_labels or {}
    parts = []
    for key in [*old, *(k for k in new if k not in old)]:
        label = f"{key}: " if key else ""
        labels = value_labels.get(key)
        if key in old and key in new:
            if old[key] == new[key]:
                parts.append(label + readable_value(new[key], labels))
            else:
                parts.append(f"{label}{readable_value(old[key], labels)} → {readable_value(new[key], labels)}")
        elif key in new:
            value = readable_value(new[key], labels)
            parts.append(label + value if before is None else f"{label}{EMPTY_VALUE} → {value}")
        else:
            parts.append(f"{label}{readable_value(old[key], labels)} → {EMPTY_VALUE}")
    return "; ".join(parts)


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


def csv_row(row: Any, zone: tzinfo) -> list[str]:
    """One audit entry as the CSV's cells (``CSV_HEADER`` order), each guarded by ``safe_cell``."""
    cells = (
        local_datetime(row.created_at, zone),
        row.action,
        row.actor_name,
        row.actor_id,
        row.target_type,
        row.target_id,
        row.etp_id,
        row.ip,
        row.user_agent,
        describe_change(row.before, row.after, VALUE_LABELS.get(row.target_type)),
        row.id,
    )
    return [safe_cell(cell) for cell in cells]


def start_csv_export(
    identity: Identity, filters: AuditFilters, *, delimiter: str = CSV_DEFAULT_DELIMITER
) -> Iterator[str]:
    """Record who exported the trail (with the filters), commit, and return the CSV text chunks."""
    audit.record(
        "audit.export",
        organization_id=identity.organization_id,
        actor_id=identity.user_id,
        target_type="audit",
        after={"format": "csv", "separator": delimiter, **{k: v for k, v in vars(filters).items() if v}},
    )
    db.session.commit()
    return csv_lines(identity, filters, delimiter=delimiter)


def csv_lines(identity: Identity, filters: AuditFilters, *, delimiter: str = CSV_DEFAULT_DELIMITER) -> Iterator[str]:
    """The CSV export as text chunks: a UTF-8 BOM (for Excel), the header row, then one row per entry."""
    zone = local_zone()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        return text

    writer.writerow(CSV_HEADER)
    yield BOM + flush()
    count = 0
    for row in _iter_rows(identity.organization_id, filters):
        writer.writerow(csv_row(row, zone))
        count += 1
        if count % 200 == 0:
            yield flush()
    rest = flush()
    if rest:
        yield rest
