"""On-demand, deterministic quality check of a section's current text (no AI call)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from sqlalchemy import select

from etp_app.drafting import quality
from etp_app.drafting.engine import flatten_inputs
from etp_app.errors import NotFound
from etp_app.extensions import db
from etp_app.models import Etp, Section
from etp_app.security import Identity
from etp_app.services.drafting import EDITABLE_ETP_STATUSES, draft_context


def check_section(identity: Identity, etp_id: uuid.UUID, inciso: int) -> dict[str, Any]:
    """Run the checks; the report is stored on the section when the caller may edit it."""
    if not 1 <= inciso <= 13:
        raise NotFound("Seção não encontrada: o inciso vai de 1 a 13.")
    etp = db.session.scalar(select(Etp).where(Etp.id == etp_id, Etp.organization_id == identity.organization_id))
    if etp is None:
        raise NotFound("ETP não encontrado.")
    target = db.session.scalar(select(Section).where(Section.etp_id == etp.id, Section.inciso == inciso))
    if target is None:  # an ETP is created with its 13 sections: only a concurrent delete gets here
        raise NotFound("ETP não encontrado.")
    ctx = draft_context(etp, inciso, earlier_only=False)
    # the section's own text is what is checked, not an input that could vouch for its numbers
    inputs = flatten_inputs(replace(ctx, current_content=""))
    report = quality.check_section(
        inciso, target.content or "", inputs=inputs, is_ai_draft=target.ai_generated
    ).to_dict()
    if identity.can_write and etp.status in EDITABLE_ETP_STATUSES:
        target.quality = report
        db.session.commit()
    else:
        db.session.rollback()
    return report
