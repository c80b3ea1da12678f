"""LGPD (Lei 13.709/2018) rights of the person using the system: access to their personal data
(art. 18, II) and its elimination (art. 18, VI).

Deletion anonymizes the person instead of deleting the row: the organization's ETPs, jobs and the
append-only audit trail keep pointing at the same id, which no longer leads to a name or an e-mail.
The audit trail holds ids only, so it never needs rewriting.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Text, and_, delete, or_, select, update

from etp_app.errors import Conflict, UnprocessableEntity
from etp_app.extensions import db
from etp_app.models import AuditLog, EmailVerificationToken, Etp, Job, Organization, PasswordResetToken, Section, User
from etp_app.security import Identity
from etp_app.services import accounts, audit, login_throttle, mail, membership, sessions

ANONYMOUS_NAME = "Usuário removido"
ANONYMOUS_EMAIL = "removido-{id}@anonimizado.invalid"
LAST_ADMIN_MESSAGE = (
    "Você é a última pessoa administradora ativa da organização, que ainda tem outros membros "
    "ativos: promova outra pessoa a administradora (PATCH /api/v1/users/<id> com role "
    "org_admin) antes de excluir sua conta."
)
WRONG_PASSWORD = "Senha incorreta."


def _now() -> datetime:
    return datetime.now(UTC)


def unusable_password_hash() -> str:
    """A value no password verifies against (not an Argon2 hash at all), unique per account."""
    return "!anonimizado!" + secrets.token_hex(32)


# --------------------------------------------------------------------------------------------------
# Access: the person's data as JSON
# --------------------------------------------------------------------------------------------------


def export_personal_data(identity: Identity) -> dict[str, Any]:
    """Everything the system keeps about the caller: profile, organization, role, timestamps, what
    they did (audit entries as actor), what was done to their account by others, the ETPs they
    created and the jobs they started (plain values; the route's schema renders the JSON).
    Audited as ``lgpd.export``."""
    user = accounts.current_user(identity)
    # None: an account that has not joined an organization yet
    org = db.session.get(Organization, user.organization_id) if user.organization_id is not None else None
    a = AuditLog.__table__.c
    own = db.session.execute(
        select(a.action, a.target_type, a.target_id, a.etp_id, a.ip, a.user_agent, a.created_at)
        .where(a.actor_id == user.id)
        .order_by(a.created_at, a.id)
    ).all()
    # Changes others made to this account (role, deactivation): no IP or user agent, those are the
    # other person's data.
    about = db.session.execute(
        select(a.action, a.created_at)
        .where(a.target_type == "user", a.target_id == str(user.id), or_(a.actor_id.is_(None), a.actor_id != user.id))
        .order_by(a.created_at, a.id)
    ).all()
    etps = db.session.execute(
        select(Etp.id, Etp.title, Etp.status, Etp.created_at)
        .where(Etp.created_by == user.id, Etp.organization_id == user.organization_id)
        .order_by(Etp.created_at, Etp.id)
    ).all()
    jobs = db.session.execute(
        select(Job.id, Job.kind, Job.state, Job.etp_id, Job.created_at, Job.finished_at)
        .where(Job.created_by == user.id)
        .order_by(Job.created_at, Job.id)
    ).all()
    data = {
        "generated_at": _now(),
        "user": {
            "id": user.id,
            "email": user.email,
            "name": user.name,
            "role": user.role,
            "is_active": user.is_active,
            "created_at": user.created_at,
            "updated_at": user.updated_at,
            "last_login_at": user.last_login_at,
            "password_changed_at": user.password_changed_at,
        },
        "organization": {"id": org.id, "name": org.name, "domains": org.domains} if org is not None else None,
        "audit_entries": [
            {
                "action": r.action,
                "target_type": r.target_type,
                "target_id": r.target_id,
                "etp_id": r.etp_id,
                "ip": r.ip,
                "user_agent": r.user_agent,
                "created_at": r.created_at,
            }
            for r in own
        ],
        "audit_entries_about_me": [{"action": r.action, "created_at": r.created_at} for r in about],
        "etps_created": [{"id": r.id, "title": r.title, "status": r.status, "created_at": r.created_at} for r in etps],
        "jobs": [
            {
                "id": r.id,
                "kind": r.kind,
                "state": r.state,
                "etp_id": r.etp_id,
                "created_at": r.created_at,
                "finished_at": r.finished_at,
            }
            for r in jobs
        ],
        # join requests sent and invitations received
        **membership.personal_data(user),
    }
    audit.record(
        "lgpd.export",
        organization_id=user.organization_id,
        actor_id=user.id,
        target_type="user",
        target_id=user.id,
        after={"audit_entries": len(own), "etps_created": len(etps), "jobs": len(jobs)},
    )
    db.session.commit()
    return data


# --------------------------------------------------------------------------------------------------
# Elimination: anonymize the account
# --------------------------------------------------------------------------------------------------


def _lock_organization(organization_id: uuid.UUID) -> None:
    """Serialize admin-affecting changes per organization (organization row, then user rows: the
    same order as accounts.update_user), so the last-admin rule cannot be raced."""
    db.session.execute(select(Organization.id).where(Organization.id == organization_id).with_for_update())


def _is_last_admin_with_members(user: User) -> bool:
    if user.role != "org_admin":
        return False
    active = and_(
        User.organization_id == user.organization_id,
        User.id != user.id,
        User.is_active.is_(True),
        User.deleted_at.is_(None),
    )
    other_admin = db.session.execute(select(User.id).where(active, User.role == "org_admin").limit(1)).first()
    if other_admin is not None:
        return False
    other_member = db.session.execute(select(User.id).where(active).limit(1)).first()
    return other_member is not None


def _anonymize_signatures(user_id: uuid.UUID) -> None:
    """The name kept beside the person's reviews, acknowledgements and approvals (services/approval.py
    keeps it as it was when they signed) goes with the account: the acts stay, under the anonymous id."""
    db.session.execute(
        update(Section)
        .where(Section.reviewed_by == user_id)
        .values(reviewed_by_name=ANONYMOUS_NAME, version=Section.version + 1)
    )
    db.session.execute(
        update(Etp).where(Etp.approved_by == user_id).values(approved_by_name=ANONYMOUS_NAME, version=Etp.version + 1)
    )
    marker = str(user_id)
    for section in db.session.scalars(
        select(Section).where(Section.acknowledgements.cast(Text).contains(marker)).with_for_update()
    ):
        acks = {
            code: {**ack, "by_name": ANONYMOUS_NAME} if ack.get("by") == marker else ack
            for code, ack in (section.acknowledgements or {}).items()
        }
        section.acknowledgements = acks
        section.version = section.version + 1


def delete_account(identity: Identity, *, password: str) -> None:
    """Anonymize the caller's account after checking their password.

    E-mail, name and password hash are replaced, ``deleted_at`` set and the account deactivated;
    pending password-reset tokens are removed and every session and token of the person is revoked in
    the same transaction (PostgreSQL: it works with Redis down). The ETPs and jobs the person created
    stay with the organization under the now anonymous id.

    A wrong password answers 422 on field ``password`` (the token is valid; as in change-password)
    and counts as a failed login of the account from the caller's address (services/login_throttle.py;
    429 while that pair is throttled). The last active org admin of an organization with other
    active members gets 409: promote someone first.
    """
    user = accounts.current_user(identity)
    now = _now()
    keys = accounts.confirm_password(
        user,
        password,
        now=now,
        failed_action="lgpd.delete_failed",
        wrong_reason="wrong_password",
        wrong=UnprocessableEntity("A senha informada está incorreta.", errors={"password": [WRONG_PASSWORD]}),
    )

    if user.organization_id is not None:
        _lock_organization(user.organization_id)
    locked = accounts._lock_user(user.id)
    if locked is None or locked.deleted_at is not None:  # deleted concurrently
        raise Conflict("Esta conta já foi excluída.")
    user = locked
    if _is_last_admin_with_members(user):
        raise Conflict(LAST_ADMIN_MESSAGE, errors={"role": ["Última pessoa administradora ativa da organização."]})

    before = {"role": user.role, "is_active": user.is_active}
    mail.forget_recipient(user.email)  # the mails kept for this address (names, links) go too
    membership.forget_person(user)  # join requests (messages) and invitations to this address
    user.email = ANONYMOUS_EMAIL.format(id=user.id)
    user.name = ANONYMOUS_NAME
    user.password_hash = unusable_password_hash()
    user.is_active = False
    user.deleted_at = now
    login_throttle.clear(keys)
    db.session.execute(delete(PasswordResetToken).where(PasswordResetToken.user_id == user.id))
    db.session.execute(delete(EmailVerificationToken).where(EmailVerificationToken.user_id == user.id))
    _anonymize_signatures(user.id)
    audit.record(
        "lgpd.account_deleted",
        organization_id=user.organization_id,
        actor_id=user.id,
        target_type="user",
        target_id=user.id,
        before=before,
        after={"anonymized": True, "is_active": False},
    )
    sessions.revoke_user(user, "account_deleted")
    db.session.commit()
