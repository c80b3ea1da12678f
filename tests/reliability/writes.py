"""What the reliability tests count of an ETP after a fault: how often each section was written."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select


def section_writes(app, etp_id: str) -> tuple[list[int], int]:
    """(version of each section, in inciso order; number of ``section.draft`` audit rows) of one ETP,
    read through ``app`` (the test's app, or one pointed at a private PostgreSQL)."""
    from etp_app.extensions import db
    from etp_app.models import AuditLog, Section

    with app.app_context():
        eid = uuid.UUID(etp_id)
        versions = list(
            db.session.scalars(select(Section.version).where(Section.etp_id == eid).order_by(Section.inciso))
        )
        writes = db.session.scalar(
            select(func.count()).select_from(AuditLog).where(AuditLog.action == "section.draft", AuditLog.etp_id == eid)
        )
        db.session.remove()
    return versions, int(writes or 0)
