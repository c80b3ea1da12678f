"""Organizations: the caller's organization settings (name, monthly AI token budget, approval policy:
separation of duties and who may approve, read by services/approval.py), and the system
administrators' side: creating organizations with their e-mail domains, listing and editing them."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from etp_app import domains
from etp_app.errors import Conflict, NotFound, UnprocessableEntity
from etp_app.extensions import db
from etp_app.models import Etp, Job, Organization, OrganizationDomain, User
from etp_app.security import Identity
from etp_app.services import audit, paging

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


# --------------------------------------------------------------------------- system administrators
#
# Organizations are created by a system administrator (or by the approval of an organization
# request, services/joining.py), never claimed by whoever registers first with an e-mail of a
# domain. Their domains only SUGGEST the organization to verified registrants (services/membership.py).


def _invalid_domain(field: str, message: str) -> UnprocessableEntity:
    return UnprocessableEntity(message, errors={field: [message]})


def clean_domains(
    raw: Iterable[str],
    *,
    field: str = "domains",
    organization_id: uuid.UUID | None = None,
    allow_empty: bool = False,
) -> list[str]:
    """Canonical, deduplicated domains for ``organization_id`` (None: a new organization).

    422 for an invalid, mixed-script or public-webmail domain, or one that imitates a domain of
    another organization; 409 for a domain that already belongs to another organization.
    """
    cleaned: list[str] = []
    for item in raw:
        try:
            domain = domains.normalize(item)
        except domains.InvalidDomain as exc:
            raise _invalid_domain(field, exc.message) from None
        if domains.is_webmail(domain):
            raise _invalid_domain(
                field,
                f"O domínio {domain} é de um provedor de e-mail público: não identifica uma organização.",
            )
        if domain not in cleaned:
            cleaned.append(domain)
    if not cleaned:
        if allow_empty:
            return cleaned
        raise _invalid_domain(field, "Informe ao menos um domínio.")
    registered = db.session.execute(select(OrganizationDomain.domain, OrganizationDomain.organization_id)).all()
    others = {row.domain for row in registered if row.organization_id != organization_id}
    for domain in cleaned:
        if domain in others:
            raise Conflict(
                f"O domínio {domain} já pertence a outra organização.",
                errors={field: [f"O domínio {domain} já pertence a outra organização."]},
            )
        try:
            domains.check_not_confusable(domain, others)
        except domains.InvalidDomain as exc:
            raise _invalid_domain(field, exc.message) from None
    return cleaned


def _clean_name(name: str | None) -> str:
    cleaned = (name or "").strip()
    if not cleaned:
        raise UnprocessableEntity("Informe o nome da organização.", errors={"name": ["Campo obrigatório."]})
    return cleaned[:200]


def _set_domains(org: Organization, wanted: list[str]) -> None:
    current = set(
        db.session.scalars(select(OrganizationDomain.domain).where(OrganizationDomain.organization_id == org.id))
    )
    removed = current - set(wanted)
    if removed:
        db.session.execute(
            delete(OrganizationDomain).where(
                OrganizationDomain.organization_id == org.id, OrganizationDomain.domain.in_(removed)
            )
        )
    for domain in wanted:
        if domain not in current:
            db.session.add(OrganizationDomain(organization_id=org.id, domain=domain))
    try:
        db.session.flush()
    except IntegrityError:
        # a concurrent request registered the same domain between the check and the insert
        db.session.rollback()
        raise Conflict(
            "Um dos domínios acabou de ser cadastrado para outra organização.",
            errors={"domains": ["Um dos domínios acabou de ser cadastrado para outra organização."]},
        ) from None
    db.session.expire(org, ["domain_rows"])


def provision(
    *,
    name: str,
    domain_names: Iterable[str],
    actor_id: uuid.UUID | None = None,
    source: str = "system_admin",
    allow_no_domain: bool = False,
    commit: bool = True,
) -> Organization:
    """Create an organization with its domains (system administrator, operator command, approved
    request, demo seed, the test suite). Audited as ``organization.created``. Without a domain
    (``allow_no_domain``) nobody is suggested it: people join only by invitation."""
    name = _clean_name(name)
    wanted = clean_domains(domain_names, allow_empty=allow_no_domain)
    org = Organization(name=name)
    db.session.add(org)
    db.session.flush()
    _set_domains(org, wanted)
    audit.record(
        "organization.created",
        organization_id=org.id,
        actor_id=actor_id,
        target_type="organization",
        target_id=org.id,
        after={"name": name, "domains": wanted, "source": source},
    )
    if commit:
        db.session.commit()
    return org


def find_by_domain(domain: str) -> Organization | None:
    """The organization a canonical domain belongs to, if any."""
    return db.session.scalar(
        select(Organization).join(OrganizationDomain).where(OrganizationDomain.domain == domain).limit(1)
    )


def admin_list(*, q: str | None = None, page: int = 1, page_size: int = 10) -> tuple[list[Organization], int]:
    """Every organization (system administrator), by name; ``q`` matches the name or a domain."""
    conditions = []
    if q and q.strip():
        pattern = f"%{paging.escape_like(q.strip())}%"
        conditions.append(
            or_(
                Organization.name.ilike(pattern, escape="\\"),
                Organization.id.in_(
                    select(OrganizationDomain.organization_id).where(
                        OrganizationDomain.domain.ilike(pattern, escape="\\")
                    )
                ),
            )
        )
    return paging.page_of(
        Organization,
        conditions,
        order_by=(Organization.name, Organization.id),
        options=(selectinload(Organization.domain_rows),),
        page=page,
        page_size=page_size,
    )


def admin_get(organization_id: uuid.UUID) -> Organization:
    org = db.session.get(Organization, organization_id)
    if org is None:
        raise NotFound("Organização não encontrada.")
    return org


def admin_update(identity: Identity, organization_id: uuid.UUID, changes: dict[str, Any]) -> Organization:
    """Rename an organization or replace its domains (system administrator)."""
    org = db.session.get(Organization, organization_id, with_for_update=True)
    if org is None:
        raise NotFound("Organização não encontrada.")
    before = {"name": org.name, "domains": org.domains}
    if "name" in changes:
        org.name = _clean_name(changes["name"])
    if "domains" in changes:
        _set_domains(org, clean_domains(changes["domains"], organization_id=org.id, allow_empty=True))
    after = {"name": org.name, "domains": org.domains}
    old, new = audit.summarize_change(before, after)
    if new:
        audit.record(
            "organization.admin_updated",
            organization_id=org.id,
            actor_id=identity.user_id,
            target_type="organization",
            target_id=org.id,
            before=old,
            after=new,
        )
    db.session.commit()
    return org


DRAFT_KINDS = ("draft_section", "draft_etp")


def admin_usage(organization_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, dict[str, int]]:
    """What each organization uses (system administrators' list): active people, ETPs, and AI
    drafting this month (jobs and tokens), in three grouped queries for the whole page."""
    ids = list(organization_ids)
    out = {org_id: {"members": 0, "etps": 0, "drafts_month": 0, "tokens_month": 0} for org_id in ids}
    if not ids:
        return out
    members = db.session.execute(
        select(User.organization_id, func.count())
        .where(User.organization_id.in_(ids), User.is_active.is_(True), User.deleted_at.is_(None))
        .group_by(User.organization_id)
    ).all()
    etps = db.session.execute(
        select(Etp.organization_id, func.count()).where(Etp.organization_id.in_(ids)).group_by(Etp.organization_id)
    ).all()
    now = datetime.now(UTC)
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    drafts = db.session.execute(
        select(
            Job.organization_id,
            func.count(),
            func.coalesce(func.sum(Job.tokens_in), 0) + func.coalesce(func.sum(Job.tokens_out), 0),
        )
        .where(Job.organization_id.in_(ids), Job.kind.in_(DRAFT_KINDS), Job.created_at >= month_start)
        .group_by(Job.organization_id)
    ).all()
    for org_id, count in members:
        if org_id in out:
            out[org_id]["members"] = int(count)
    for org_id, count in etps:
        out[org_id]["etps"] = int(count)
    for org_id, count, tokens in drafts:
        if org_id in out:
            out[org_id]["drafts_month"] = int(count)
            out[org_id]["tokens_month"] = int(tokens)
    return out
