"""The audit trail: every mutation adds one append-only row in the same transaction as the change."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import has_request_context, request
from sqlalchemy import bindparam, insert

from etp_app.extensions import db
from etp_app.models import AuditLog


def _plain(value: Any) -> Any:
    if isinstance(value, (uuid.UUID, Decimal)):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def summarize_change(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Keep only the keys whose values changed, as JSON-able values."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: _plain(before.get(k)) for k in keys}, {k: _plain(after.get(k)) for k in keys}


# The columns of an audit row as this module writes it (created_at is the database's default): the
# keys of row_values().
ROW_COLUMNS = (
    "id",
    "organization_id",
    "actor_id",
    "action",
    "target_type",
    "target_id",
    "etp_id",
    "ip",
    "user_agent",
    "before",
    "after",
)
_PREFIX = "audit_"
_INSERT = insert(AuditLog.__table__).values(**{name: bindparam(_PREFIX + name) for name in ROW_COLUMNS})


def row_values(
    action: str,
    *,
    organization_id: uuid.UUID | None,
    actor_id: uuid.UUID | None,
    target_type: str | None = None,
    target_id: Any = None,
    etp_id: uuid.UUID | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One audit row as ``{column: value}`` (see :data:`ROW_COLUMNS`), with the request's IP and user
    agent when there is a request: for :func:`record`, and for a statement that writes the row
    together with the change it records (``services.drafting_sql``)."""
    ip = user_agent = None
    if has_request_context():
        ip = request.remote_addr
        user_agent = (request.user_agent.string or "")[:300] or None
    return {
        "id": uuid.uuid4(),
        "organization_id": organization_id,
        "actor_id": actor_id,
        "action": action,
        "target_type": target_type,
        "target_id": str(target_id) if target_id is not None else None,
        "etp_id": etp_id,
        "ip": ip,
        "user_agent": user_agent,
        "before": _plain(before) if before else None,
        "after": _plain(after) if after else None,
    }


def record(action: str, **fields: Any) -> None:
    """Insert an audit row in the current session's transaction; the calling use case commits it with
    its change (or rolls both back). A plain INSERT on the session's connection: no ORM object to
    track and flush. ``fields`` are those of :func:`row_values`."""
    row = row_values(action, **fields)
    db.session.connection().execute(_INSERT, {_PREFIX + name: value for name, value in row.items()})
