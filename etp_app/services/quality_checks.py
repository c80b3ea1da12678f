"""On-demand, deterministic quality check of a section's current text (no AI call)."""
from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from etp_app.drafting import catalog, quality
from etp_app.drafting.engine import flatten_inputs
from etp_app.drafting.types import DraftContext, EarlierSection
from etp_app.errors import NotFound
from etp_app.extensions import db
from etp_app.models import Etp, Section
from etp_app.security import Identity
from etp_app.services.drafting import EDITABLE_ETP_STATUSES, etp_facts


def check_section(identity: Identity, etp_id: uuid.UUID, inciso: int) -> dict[str, Any]:
    """Run the checks; the report is stored on the section when the caller may edit it."""
    if not 1 <= inciso <= 13:
        raise NotFound("Seção não encontrada: o inciso vai de 1 a 13.")
    etp = db.session.scalar(select(Etp).where(Etp.id == etp_id, Etp.organization_id == identity.organization_id))
    if etp is None:
        raise NotFound("ETP não encontrado.")
    sections = db.session.scalars(select(Section).where(Section.etp_id == etp.id).order_by(Section.inciso)).all()
    target = next(s for s in sections if s.inciso == inciso)
    ctx = DraftContext(
        inciso=inciso,
        facts=etp_facts(etp),
        earlier_sections=tuple(
            EarlierSection(s.inciso, catalog.ROMAN[s.inciso - 1], catalog.spec(s.inciso).title, s.content)
            for s in sections if s.inciso != inciso and s.is_filled
        ),
    )
    report = quality.check_section(inciso, target.content or "", inputs=flatten_inputs(ctx),
                                   is_ai_draft=target.ai_generated).to_dict()
    if identity.can_write and etp.status in EDITABLE_ETP_STATUSES:
        target.quality = report
        db.session.commit()
    else:
        db.session.rollback()
    return report
