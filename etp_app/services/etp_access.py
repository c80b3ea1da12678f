"""Access to one ETP for a writer: find it in the caller's organization and lock it, check the client's
If-Match, refuse writes to a read-only ETP — and the messages those answers carry.

Every use case that writes an ETP or its sections (etps, sections, versions, drafting) starts with these
steps, so they live low in the services' layers (see the import-linter contracts in pyproject.toml):
each of those modules imports them from here, and none of them has to import another use-case module
just to lock a row.

Lock order, everywhere: the ETP row first (:func:`lock_etp`), then its sections. Concurrent writers of
one ETP queue on its row and never deadlock on its sections.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, and_, select

from etp_app.errors import Conflict, NotFound, PreconditionFailed
from etp_app.extensions import db
from etp_app.models import Etp

NOT_FOUND_MESSAGE = "ETP não encontrado."
STALE_MESSAGE = "O ETP foi alterado por outra pessoa desde a sua última leitura. Recarregue e tente novamente."
READ_ONLY_STATUSES = frozenset({"approved", "archived"})
READ_ONLY_MESSAGE = (
    "ETP aprovado ou arquivado é somente leitura: para alterá-lo, um administrador da "
    "organização deve reabri-lo como rascunho."
)
# How statuses read in messages (the codes stay in the ``status`` fields).
STATUS_LABELS = {"draft": "rascunho", "in_review": "em revisão", "approved": "aprovado", "archived": "arquivado"}
SECTION_STATUS_LABELS = {
    "empty": "vazia",
    "drafting": "em redação",
    "drafted": "redigida",
    "edited": "editada",
    "approved": "aprovada",
}


def has_text(value: str | None) -> bool:
    """Whether a section's text counts as filled: anything but whitespace (the SQL twin is
    ``sections.FILLED_PATTERN``)."""
    return bool(value and value.strip())


def live_etp(organization_id: uuid.UUID | Any) -> ColumnElement[bool]:
    """The condition every read and write of ETPs uses: the ETP belongs to the organization and is not
    in the trash (services/trash.py). A trashed ETP is "not found" everywhere but in the trash."""
    return and_(Etp.organization_id == organization_id, Etp.deleted_at.is_(None))


def lock_etp(organization_id: uuid.UUID, etp_id: uuid.UUID) -> Etp:
    """The ETP row of the organization (not in the trash), locked FOR UPDATE for the rest of the
    transaction."""
    etp = db.session.scalar(
        select(Etp)
        .where(Etp.id == etp_id, live_etp(organization_id))
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if etp is None:
        raise NotFound(NOT_FOUND_MESSAGE)
    return etp


def check_version(current: int, if_match: Collection[int] | None, message: str = STALE_MESSAGE) -> None:
    """412 unless ``current`` is one of the versions the client's If-Match named (None: no precondition)."""
    if if_match is not None and current not in if_match:
        raise PreconditionFailed(message)


def ensure_editable(etp: Etp) -> None:
    """409 for an approved or archived ETP: only reopening it (POST /status, org admins) makes it editable."""
    if etp.status in READ_ONLY_STATUSES:
        raise Conflict(READ_ONLY_MESSAGE, errors={"status": [f"ETP {STATUS_LABELS[etp.status]}."]})
