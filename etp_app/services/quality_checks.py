"""On-demand, deterministic quality check of a section's current text (no AI call).

The report is the one a section PUT stores (:func:`section_quality.fresh_report`): a check right
after a save answers the same.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from etp_app.errors import NotFound
from etp_app.extensions import db
from etp_app.models import Etp, Section
from etp_app.security import Identity
from etp_app.services.drafting import EDITABLE_ETP_STATUSES
from etp_app.services.etp_access import live_etp
from etp_app.services.section_quality import fresh_report


def check_section(identity: Identity, etp_id: uuid.UUID, inciso: int) -> dict[str, Any]:
    """Run the checks; the report is stored on the section when the caller may edit it."""
    if not 1 <= inciso <= 13:
        raise NotFound("Seção não encontrada: o inciso vai de 1 a 13.")
    etp = db.session.scalar(select(Etp).where(Etp.id == etp_id, live_etp(identity.organization_id)))
    if etp is None:
        raise NotFound("ETP não encontrado.")
    target = db.session.scalar(select(Section).where(Section.etp_id == etp.id, Section.inciso == inciso))
    if target is None:  # an ETP is created with its 13 sections: only a concurrent delete gets here
        raise NotFound("ETP não encontrado.")
    report = fresh_report(etp, target)
    if identity.can_write and etp.status in EDITABLE_ETP_STATUSES:
        target.quality = report
        db.session.commit()
    else:
        db.session.rollback()
    return report
