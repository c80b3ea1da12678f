"""The caller's organization: its settings (name, monthly AI token budget, approval policy: separation of
duties and who may approve, read by services/approval.py)."""

from __future__ import annotations

from typing import Any

from etp_app.errors import NotFound
from etp_app.extensions import db
from etp_app.models import Organization
from etp_app.security import Identity
from etp_app.services import audit

EDITABLE = ("name", "monthly_token_budget", "separation_of_duties", "approvers")


def get_for(identity: Identity) -> Organization:
    org = db.session.get(Organization, identity.organization_id)
    if org is None:
        raise NotFound("Organização não encontrada.")
    return org


def update(identity: Identity, changes: dict[str, Any]) -> Organization:
    org = db.session.get(Organization, identity.organization_id, with_for_update=True)
    if org is None:
        raise NotFound("Organização não encontrada.")
    before = {k: getattr(org, k) for k in EDITABLE}
    for key in EDITABLE:
        if key in changes:
            setattr(org, key, changes[key])
    after = {k: getattr(org, k) for k in EDITABLE}
    old, new = audit.summarize_change(before, after)
    if new:
        audit.record(
            "organization.update",
            organization_id=org.id,
            actor_id=identity.user_id,
            target_type="organization",
            target_id=org.id,
            before=old,
            after=new,
        )
    db.session.commit()
    return org
