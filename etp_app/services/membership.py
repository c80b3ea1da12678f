"""Joining an organization: invitations and join requests — the only two ways in.

An e-mail domain only SUGGESTS an organization (``organization_domains``): registering and
verifying an e-mail of an organization's domain gives an account without an organization, which
can do nothing there until one of these lets it in.

* **Invitations.** An org admin of the organization (``invite``), a system administrator
  (``POST /api/v1/admin/organizations/<id>/invitations``) or an operator (``flask invite``,
  ``flask create-organization --admin-email``) invites an e-mail address with a role — viewer,
  member or org_admin, never system_admin, and never above the inviter's own role
  (:func:`create_invitation`). The mail (kind ``invitation``, built in the worker) names the
  organization, the role and who invited, with the link ``/convite?token=<raw>`` valid
  ``INVITATION_TTL_SECONDS`` (7 days). Only the SHA-256 of the raw token is stored; every new link
  of an invitation (a resend) replaces the previous one. An operator's command creates the token
  itself (:func:`issue_invitation_token`) and prints the link instead of mailing it.
  Accepting (:func:`accept_invitation`): with no account for the invited e-mail, one is created,
  verified (the link proved the mailbox), in the organization with the role; an existing account
  without an organization joins it (its e-mail becomes verified); an account that never verified
  its e-mail is taken over by the link's holder (new name and password, every earlier token
  revoked), so whoever registered the address before its owner gains nothing; an account already in
  an organization answers 409. A used, revoked or expired link answers 422.
* **Join requests.** A verified account without an organization sees the organization of its
  e-mail's domain (:func:`suggestions`) and may ask to join it (and only it: any other id is 404);
  the org admins are mailed (kind ``join_request_received``); one of them approves it with a role or
  rejects it (with an optional reason), and the requester is mailed the decision
  (``join_request_decided``).

Joining revokes the account's access tokens (they say "no organization"): the next refresh or
login carries the organization and role. Other pending join requests of the account are cancelled.
Every step is audited (ids only, never an e-mail address).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, TypeGuard
from zoneinfo import ZoneInfo

from flask import current_app
from marshmallow import ValidationError, validate
from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from etp_app import domains
from etp_app.errors import Conflict, Forbidden, NotFound, UnprocessableEntity
from etp_app.extensions import db
from etp_app.models import GRANTABLE_ROLES, Invitation, JoinRequest, Organization, User
from etp_app.models.user import ROLE_RANK
from etp_app.security import Identity
from etp_app.services import accounts, audit, mail, organizations, paging, passwords, sessions

INVITATION_PATH = "/convite"
JOIN_REQUESTS_PATH = "/organizacao/pedidos-de-entrada"
SIGN_IN_PATH = "/entrar"
BRASILIA = ZoneInfo("America/Sao_Paulo")
# at most this many org admins are mailed about one join request
MAX_ADMINS_MAILED = 50

ROLE_LABELS = {
    "viewer": "leitura (consulta os ETPs, sem alterar)",
    "member": "membro (escreve e edita ETPs)",
    "org_admin": "administrador da organização",
    "system_admin": "administrador do sistema",
}

INVALID_INVITATION = "Convite inválido, expirado, revogado ou já utilizado. Peça um novo convite a quem o enviou."
INVITATION_NOT_FOUND = "Convite não encontrado."
JOIN_REQUEST_NOT_FOUND = "Pedido de entrada não encontrado."
NOT_SUGGESTED = (
    "Organização não encontrada entre as sugeridas para o seu e-mail: peça um convite a um administrador dela."
)
ALREADY_IN_ORGANIZATION = "Sua conta já faz parte de uma organização."
IN_ANOTHER_ORGANIZATION = (
    "A conta com este e-mail já faz parte de outra organização, e uma conta pertence a uma organização só. "
    "Para mudar de organização, exclua a conta atual ou peça a quem convidou um convite para outro e-mail."
)
ROLE_ABOVE_OWN = "Você não pode conceder um perfil acima do seu."
NO_SYSTEM_ADMIN = "Convites e pedidos de entrada não concedem o perfil de administrador do sistema."


def _now() -> datetime:
    return datetime.now(UTC)


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _invitation_ttl() -> int:
    return int(current_app.config["INVITATION_TTL_SECONDS"])


def validity_text(expires_at: datetime, now: datetime | None = None) -> str:
    """When a link stops working, for a person: "até 09/12/2026 às 14:30 (horário de Brasília), em 7 dias"."""
    seconds = max(60.0, (expires_at - (now or _now())).total_seconds())
    if seconds >= 86400:
        amount, unit = round(seconds / 86400), ("dia", "dias")
    elif seconds >= 3600:
        amount, unit = round(seconds / 3600), ("hora", "horas")
    else:
        amount, unit = round(seconds / 60), ("minuto", "minutos")
    local = expires_at.astimezone(BRASILIA)
    return f"até {local:%d/%m/%Y} às {local:%H:%M} (horário de Brasília), em {amount} {unit[amount != 1]}"


def _check_grant(role: str, granter_role: str | None, *, field: str = "role") -> None:
    """422 for a role that joining cannot grant (system_admin, or unknown); 403 above ``granter_role``."""
    if role not in GRANTABLE_ROLES:
        message = NO_SYSTEM_ADMIN if role == "system_admin" else "Perfil inválido."
        raise UnprocessableEntity(message, errors={field: [f"Use um de: {', '.join(GRANTABLE_ROLES)}."]})
    if granter_role is not None and ROLE_RANK[role] > ROLE_RANK.get(granter_role, -1):
        raise Forbidden(ROLE_ABOVE_OWN)


_email_validator = validate.Email(error="E-mail inválido.")


def _clean_email(email: str) -> str:
    """The canonical address (``accounts.normalize_email``), or 422 when it is not one an account can have."""
    canonical = accounts.normalize_email(email)
    try:
        _email_validator(canonical)
        domains.email_domain(canonical)
    except (ValidationError, domains.InvalidDomain):
        raise UnprocessableEntity("E-mail inválido.", errors={"email": ["E-mail inválido."]}) from None
    return canonical


def _lock_user(user_id: uuid.UUID) -> User | None:
    return db.session.execute(
        select(User).where(User.id == user_id).with_for_update(of=User).execution_options(populate_existing=True)
    ).scalar_one_or_none()


def _active(user: User | None) -> TypeGuard[User]:
    return user is not None and user.deleted_at is None and user.is_active


def _cancel_other_requests(user: User, *, except_id: uuid.UUID | None = None) -> None:
    """Close the pending join requests of ``user``, who just joined an organization."""
    conditions = [JoinRequest.requester_id == user.id, JoinRequest.status == "pending"]
    if except_id is not None:
        conditions.append(JoinRequest.id != except_id)
    db.session.execute(
        update(JoinRequest)
        .where(*conditions)
        .values(status="cancelled", reason="Você entrou em uma organização.", decided_at=_now())
        .execution_options(synchronize_session=False)
    )


def _join(user: User, organization_id: uuid.UUID, role: str, *, actor_id: uuid.UUID | None, via: str) -> None:
    """Put ``user`` (locked, without an organization) in the organization with ``role``; the caller commits."""
    before = {"organization_id": None, "role": user.role}
    user.organization_id = organization_id
    user.organization = db.session.get(Organization, organization_id)  # the session keeps objects after commit
    if user.role != "system_admin":  # a platform administrator keeps the platform role
        user.role = role
    if user.email_verified_at is None:
        user.email_verified_at = _now()
    audit.record(
        "user.joined_organization",
        organization_id=organization_id,
        actor_id=actor_id,
        target_type="user",
        target_id=user.id,
        before=before,
        after={"organization_id": organization_id, "role": user.role, "via": via},
    )
    # its access tokens say "no organization": cut them, the next refresh reads the new claims
    sessions.revoke_user(user, "organization_joined", access_only=True)


# --------------------------------------------------------------------------- invitations


def create_invitation(
    organization_id: uuid.UUID,
    email: str,
    role: str,
    invited_by: uuid.UUID | None = None,
    *,
    notify: bool | None = None,
) -> Invitation:
    """Invite ``email`` to the organization with ``role``; commits. The invitation.

    ``invited_by``: the user who invites (an org admin of the organization or a system
    administrator); nobody grants a role above their own. None: an operator on the server's terminal.
    ``notify``: queue the invitation mail (default: when ``invited_by`` is given; an operator's
    command prints the link of :func:`issue_invitation_token` instead — a mail would replace it).

    404 for an unknown organization; 422 for an invalid e-mail or a role joining cannot grant; 409
    when the person is already in the organization or a pending invitation to the address exists (an
    expired one is replaced).
    """
    org = db.session.get(Organization, organization_id)
    if org is None:
        raise NotFound("Organização não encontrada.")
    email = _clean_email(email)
    inviter = db.session.get(User, invited_by) if invited_by is not None else None
    if invited_by is not None and not _active(inviter):
        raise Forbidden("Conta de quem convida indisponível.")
    _check_grant(role, inviter.role if inviter is not None else None)

    member = db.session.scalar(
        select(User.id).where(User.email == email, User.organization_id == org.id, User.deleted_at.is_(None))
    )
    if member is not None:
        raise Conflict("Esta pessoa já faz parte da organização.", errors={"email": ["Já faz parte da organização."]})
    now = _now()
    pending = db.session.execute(
        select(Invitation)
        .where(Invitation.organization_id == org.id, Invitation.email == email, Invitation.recorded_status == "pending")
        .with_for_update(of=Invitation)
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if pending is not None:
        if pending.expires_at > now:
            raise Conflict(
                "Já há um convite pendente para este e-mail: reenvie-o ou revogue-o antes de criar outro.",
                errors={"email": ["Já há um convite pendente para este e-mail."]},
            )
        pending.recorded_status = "expired"
        db.session.flush()
    invitation = Invitation(
        organization_id=org.id,
        email=email,
        role=role,
        recorded_status="pending",
        invited_by=invited_by,
        expires_at=now + timedelta(seconds=_invitation_ttl()),
    )
    db.session.add(invitation)
    try:
        db.session.flush()
    except IntegrityError:  # a concurrent invitation of the same address
        db.session.rollback()
        raise Conflict(
            "Já há um convite pendente para este e-mail.", errors={"email": ["Já há um convite pendente."]}
        ) from None
    audit.record(
        "invitation.created",
        organization_id=org.id,
        actor_id=invited_by,
        target_type="invitation",
        target_id=invitation.id,
        after={"role": role, "expires_at": invitation.expires_at},
    )
    db.session.commit()
    if notify is None:
        notify = invited_by is not None
    if notify:
        mail.enqueue("invitation", invitation_id=str(invitation.id))
    return invitation


def issue_invitation_token(invitation: Invitation) -> str:
    """A new link token for a pending invitation (the previous link stops working); commits. The raw
    token: for the invitation mail, or printed by an operator's command. 409 when it is not pending."""
    row = _lock_invitation(invitation.id)
    if row is None or row.status != "pending":
        raise Conflict("Este convite não está mais pendente.")
    raw = secrets.token_urlsafe(32)
    row.token_hash = _hash_token(raw)
    db.session.commit()
    return raw


def _lock_invitation(invitation_id: uuid.UUID) -> Invitation | None:
    return db.session.execute(
        select(Invitation)
        .where(Invitation.id == invitation_id)
        .with_for_update(of=Invitation)
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()


def organization_by_reference(reference: str) -> Organization:
    """The organization named by its id or by one of its domains (operators' commands); 404 otherwise."""
    text = (reference or "").strip()
    org: Organization | None = None
    try:
        org = db.session.get(Organization, uuid.UUID(text))
    except ValueError:
        try:
            org = organizations.find_by_domain(domains.normalize(text))
        except domains.InvalidDomain:
            org = None
    if org is None:
        raise NotFound(f"Organização não encontrada: {text!r} (informe o id ou um domínio dela).")
    return org


def invite(identity: Identity, *, email: str, role: str) -> Invitation:
    """An org admin invites someone to their own organization (the mail is queued)."""
    return create_invitation(identity.organization_id, email, role, invited_by=identity.user_id)


def _status_condition(status: str) -> Any:
    now = _now()
    if status == "pending":
        return and_(Invitation.recorded_status == "pending", Invitation.expires_at > now)
    if status == "expired":
        return or_(
            Invitation.recorded_status == "expired",
            and_(Invitation.recorded_status == "pending", Invitation.expires_at <= now),
        )
    return Invitation.recorded_status == status


def list_invitations(
    identity: Identity, *, status: str | None = None, page: int = 1, page_size: int = 20
) -> tuple[list[Invitation], int]:
    """The invitations of the caller's organization, newest first (``status``: only those)."""
    conditions = [Invitation.organization_id == identity.organization_id]
    if status:
        conditions.append(_status_condition(status))
    order = (Invitation.created_at.desc(), Invitation.id)
    return paging.page_of(Invitation, conditions, order_by=order, page=page, page_size=page_size)


def _own_invitation(identity: Identity, invitation_id: uuid.UUID) -> Invitation:
    """An invitation of the caller's organization, locked; another organization's is 404."""
    row = _lock_invitation(invitation_id)
    if row is None or row.organization_id != identity.organization_id:
        raise NotFound(INVITATION_NOT_FOUND)
    return row


def revoke_invitation(identity: Identity, invitation_id: uuid.UUID) -> None:
    """Revoke an invitation (its link stops working). Revoking one already revoked or expired
    changes nothing; an accepted one answers 409 (the person is in: change their role or
    deactivate them instead)."""
    row = _own_invitation(identity, invitation_id)
    if row.recorded_status == "accepted":
        raise Conflict("Este convite já foi aceito: para tirar o acesso, altere ou desative a conta da pessoa.")
    if row.recorded_status == "pending":
        row.recorded_status = "revoked"
        row.revoked_at = _now()
        row.revoked_by = identity.user_id
        audit.record(
            "invitation.revoked",
            organization_id=row.organization_id,
            actor_id=identity.user_id,
            target_type="invitation",
            target_id=row.id,
        )
    db.session.commit()


def resend_invitation(identity: Identity, invitation_id: uuid.UUID) -> Invitation:
    """Mail a new link (the previous one stops working) valid ``INVITATION_TTL_SECONDS`` again,
    also for a pending invitation whose link expired. 409 when accepted, revoked or replaced."""
    row = _own_invitation(identity, invitation_id)
    if row.recorded_status != "pending":
        raise Conflict(
            {
                "accepted": "Este convite já foi aceito.",
                "revoked": "Este convite foi revogado: crie um novo.",
            }.get(row.recorded_status, "Este convite foi substituído por um mais recente.")
        )
    inviter = db.session.get(User, identity.user_id)
    _check_grant(row.role, inviter.role if inviter is not None else identity.role)
    row.expires_at = _now() + timedelta(seconds=_invitation_ttl())
    audit.record(
        "invitation.resent",
        organization_id=row.organization_id,
        actor_id=identity.user_id,
        target_type="invitation",
        target_id=row.id,
        after={"expires_at": row.expires_at},
    )
    db.session.commit()
    mail.enqueue("invitation", invitation_id=str(row.id))
    return row


def _invitation_by_token(token: str, *, lock: bool) -> Invitation:
    query = select(Invitation).where(Invitation.token_hash == _hash_token(token or ""))
    if lock:
        query = query.with_for_update(of=Invitation).execution_options(populate_existing=True)
    row = db.session.execute(query).scalar_one_or_none()
    if row is None or row.status != "pending":
        raise UnprocessableEntity(INVALID_INVITATION, errors={"token": [INVALID_INVITATION]})
    return row


def _account_for(email: str, *, lock: bool) -> User | None:
    query = select(User).where(User.email == email)
    if lock:
        query = query.with_for_update(of=User).execution_options(populate_existing=True)
    return db.session.execute(query).scalar_one_or_none()


def inspect_invitation(token: str) -> dict[str, Any]:
    """What the invitation page shows: the organization, the role, the e-mail and whether an
    account (a verified one) exists for it — when it does not, the page asks for a name and a
    password. 422 for a used, revoked, expired or unknown link."""
    row = _invitation_by_token(token, lock=False)
    user = _account_for(row.email, lock=False)
    account_exists = user is not None and user.deleted_at is None and user.email_verified_at is not None
    result = {
        "organization": {"id": row.organization.id, "name": row.organization.name},
        "role": row.role,
        "email": row.email,
        "account_exists": account_exists,
        "expires_at": row.expires_at,
    }
    return result


def _required_for_new_account(name: str | None, password: str | None, email: str) -> tuple[str, str]:
    errors: dict[str, list[str]] = {}
    cleaned = (name or "").strip()
    if not cleaned:
        errors["name"] = ["Informe seu nome para criar a conta."]
    if not password:
        errors["password"] = ["Escolha uma senha para criar a conta."]
    if errors:
        raise UnprocessableEntity("Para criar a conta, informe nome e senha.", errors=errors)
    assert password is not None
    problems = passwords.policy_problems(password, email=email, name=cleaned)
    if problems:
        raise UnprocessableEntity(accounts.WEAK_PASSWORD, errors={"password": problems})
    return cleaned[:200], password


def accept_invitation(
    token: str, *, name: str | None = None, password: str | None = None
) -> tuple[User, dict[str, str]]:
    """Accept an invitation with its link's token; the account and a new token pair.

    - No account with the invited e-mail: ``name`` and ``password`` (policy checked) are required;
      the account is created verified, in the organization with the role.
    - A verified account without an organization: it joins (``name``/``password`` are ignored).
    - An account that never verified its e-mail: whoever registered it never proved the mailbox, the
      link's holder did: it is treated as a new account (name and password required and replaced,
      every earlier token revoked) and joins, verified.
    - An account in an organization (this one or another), deactivated or deleted: 409.
    - A used, revoked, expired or unknown token: 422.
    """
    row = _invitation_by_token(token, lock=True)
    user = _account_for(row.email, lock=True)
    now = _now()
    if user is not None and user.deleted_at is None and user.organization_id is not None:
        if user.organization_id == row.organization_id:
            raise Conflict("Você já faz parte desta organização: entre com seu e-mail e senha.")
        raise Conflict(IN_ANOTHER_ORGANIZATION)
    if user is not None and (user.deleted_at is not None or not user.is_active):
        raise Conflict("A conta com este e-mail está desativada: fale com quem convidou.")

    if user is None:
        clean_name, clean_password = _required_for_new_account(name, password, row.email)
        user = User(
            organization_id=None,
            email=row.email,
            name=clean_name,
            password_hash=passwords.hash_password(clean_password),
            role=row.role,
            is_active=True,
            password_changed_at=now,
            email_verified_at=now,
        )
        db.session.add(user)
        try:
            db.session.flush()
        except IntegrityError:  # a registration of the same e-mail committed meanwhile
            db.session.rollback()
            raise Conflict("Uma conta com este e-mail acabou de ser criada: abra o link do convite de novo.") from None
        audit.record(
            "user.created_by_invitation",
            organization_id=row.organization_id,
            actor_id=user.id,
            target_type="user",
            target_id=user.id,
        )
    elif user.email_verified_at is None:
        clean_name, clean_password = _required_for_new_account(name, password, row.email)
        user.name = clean_name
        user.password_hash = passwords.hash_password(clean_password)
        user.password_changed_at = now
        sessions.revoke_user(user, "invitation_took_over")

    _join(user, row.organization_id, row.role, actor_id=user.id, via="invitation")
    row.recorded_status = "accepted"
    row.accepted_at = now
    row.accepted_by = user.id
    _cancel_other_requests(user)
    audit.record(
        "invitation.accepted",
        organization_id=row.organization_id,
        actor_id=user.id,
        target_type="invitation",
        target_id=row.id,
        after={"user_id": user.id, "role": user.role},
    )
    db.session.commit()
    return user, accounts.issue_tokens(user)


@mail.kind("invitation")
def build_invitation(params: dict[str, Any]) -> mail.Message | None:
    """The invitation mail with a new link (nothing when the invitation is no longer pending)."""
    try:
        invitation_id = uuid.UUID(str(params.get("invitation_id")))
    except ValueError:
        return None
    row = _lock_invitation(invitation_id)
    if row is None or row.status != "pending":
        db.session.rollback()
        return None
    raw = secrets.token_urlsafe(32)
    row.token_hash = _hash_token(raw)
    row.last_sent_at = _now()
    org_name = row.organization.name
    inviter = row.inviter
    if inviter is None:
        who = "A administração do ETP Express"
    elif inviter.organization_id == row.organization_id:
        who = f"{inviter.name} ({inviter.email})"
    else:
        who = f"{inviter.name}, da administração do ETP Express,"
    validity = validity_text(row.expires_at)
    to, role = row.email, row.role
    db.session.commit()
    link = mail.app_link(INVITATION_PATH, token=raw)
    body = (
        "Olá.\n\n"
        f"{who} convidou você para a organização {org_name} no ETP Express, "
        f"com o perfil {ROLE_LABELS[role]}.\n\n"
        "Para aceitar, abra o link abaixo. Se você ainda não tem conta, vai escolher seu nome e uma senha; "
        "se já tem uma conta com este e-mail, ela entra na organização.\n\n"
        f"{link}\n\n"
        f"O link vale {validity} e só pode ser usado uma vez; se um novo convite for "
        "enviado, só o mais recente vale.\n\n"
        "Se você não esperava este convite, ignore esta mensagem."
    )
    return mail.Message(
        to=to, subject=f"Convite para a organização {org_name} no ETP Express", body_text=body, link=link
    )


# --------------------------------------------------------------------------- join requests


def _suggested(user: User) -> list[Organization]:
    if user.organization_id is not None or user.email_verified_at is None:
        return []
    try:
        domain = domains.email_domain(user.email)
    except domains.InvalidDomain:
        return []
    if domains.is_webmail(domain):
        return []
    org = organizations.find_by_domain(domain)
    return [org] if org is not None else []


def suggestions(identity: Identity) -> list[Organization]:
    """The organizations whose domain is the caller's verified e-mail's domain (empty once the
    account is in an organization). A suggestion grants nothing: it is where a join request may go."""
    return _suggested(accounts.current_user(identity))


def create_join_request(identity: Identity, *, organization_id: uuid.UUID, message: str | None = None) -> JoinRequest:
    """Ask to join a suggested organization (any other: 404); its org admins are mailed."""
    user = accounts.current_user(identity)
    if user.organization_id is not None:
        raise Conflict(ALREADY_IN_ORGANIZATION)
    if organization_id not in {org.id for org in _suggested(user)}:
        raise NotFound(NOT_SUGGESTED)
    text = (message or "").strip() or None
    row = JoinRequest(organization_id=organization_id, requester_id=user.id, message=text, status="pending")
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict("Você já tem um pedido de entrada nesta organização aguardando análise.") from None
    audit.record(
        "join_request.created",
        organization_id=organization_id,
        actor_id=user.id,
        target_type="join_request",
        target_id=row.id,
    )
    admins = list(
        db.session.scalars(
            select(User.id)
            .where(
                User.organization_id == organization_id,
                User.role.in_(("org_admin", "system_admin")),
                User.is_active.is_(True),
                User.deleted_at.is_(None),
            )
            .order_by(User.created_at, User.id)
            .limit(MAX_ADMINS_MAILED)
        )
    )
    db.session.commit()
    for admin_id in admins:
        mail.enqueue("join_request_received", join_request_id=str(row.id), admin_id=str(admin_id))
    return row


def list_my_join_requests(identity: Identity) -> list[JoinRequest]:
    return list(
        db.session.scalars(
            select(JoinRequest)
            .where(JoinRequest.requester_id == identity.user_id)
            .order_by(JoinRequest.created_at.desc(), JoinRequest.id)
        )
    )


def pending_join_requests(user_id: uuid.UUID) -> int:
    """How many of the account's join requests wait for a decision."""
    return int(
        db.session.scalar(
            select(func.count())
            .select_from(JoinRequest)
            .where(JoinRequest.requester_id == user_id, JoinRequest.status == "pending")
        )
        or 0
    )


def _lock_join_request(request_id: uuid.UUID) -> JoinRequest | None:
    return db.session.execute(
        select(JoinRequest)
        .where(JoinRequest.id == request_id)
        .with_for_update(of=JoinRequest)
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()


def cancel_join_request(identity: Identity, request_id: uuid.UUID) -> None:
    """The requester withdraws a pending request (someone else's: 404; decided: 409)."""
    row = _lock_join_request(request_id)
    if row is None or row.requester_id != identity.user_id:
        raise NotFound(JOIN_REQUEST_NOT_FOUND)
    if row.status != "pending":
        raise Conflict("Este pedido já foi analisado ou cancelado.")
    row.status = "cancelled"
    row.decided_at = _now()
    audit.record(
        "join_request.cancelled",
        organization_id=row.organization_id,
        actor_id=identity.user_id,
        target_type="join_request",
        target_id=row.id,
    )
    db.session.commit()


def list_join_requests(
    identity: Identity, *, status: str | None = None, page: int = 1, page_size: int = 20
) -> tuple[list[JoinRequest], int]:
    """The join requests to the caller's organization, oldest first (``status``: only those)."""
    conditions = [JoinRequest.organization_id == identity.organization_id]
    if status:
        conditions.append(JoinRequest.status == status)
    order = (JoinRequest.created_at, JoinRequest.id)
    return paging.page_of(JoinRequest, conditions, order_by=order, page=page, page_size=page_size)


def _pending_for_organization(identity: Identity, request_id: uuid.UUID) -> JoinRequest:
    row = _lock_join_request(request_id)
    if row is None or row.organization_id != identity.organization_id:
        raise NotFound(JOIN_REQUEST_NOT_FOUND)
    if row.status != "pending":
        raise Conflict("Este pedido já foi analisado ou cancelado.")
    return row


def approve_join_request(identity: Identity, request_id: uuid.UUID, *, role: str = "member") -> JoinRequest:
    """An org admin lets the requester in with ``role`` (not above the admin's own); the requester is
    mailed. 409 when the requester's account is no longer available or already joined one."""
    row = _pending_for_organization(identity, request_id)
    _check_grant(role, identity.role)
    requester = _lock_user(row.requester_id)
    if requester is None or not _active(requester):
        raise Conflict("A conta que fez o pedido não está mais ativa: recuse o pedido.")
    if requester.organization_id is not None:
        raise Conflict("A conta que fez o pedido já entrou em uma organização: recuse o pedido.")
    now = _now()
    _join(requester, row.organization_id, role, actor_id=identity.user_id, via="join_request")
    row.status = "approved"
    row.role = requester.role
    row.decided_by = identity.user_id
    row.decided_at = now
    _cancel_other_requests(requester, except_id=row.id)
    audit.record(
        "join_request.approved",
        organization_id=row.organization_id,
        actor_id=identity.user_id,
        target_type="join_request",
        target_id=row.id,
        after={"requester_id": requester.id, "role": requester.role},
    )
    db.session.commit()
    mail.enqueue("join_request_decided", join_request_id=str(row.id))
    return row


def reject_join_request(identity: Identity, request_id: uuid.UUID, *, reason: str | None = None) -> JoinRequest:
    """An org admin turns the request down (the reason, optional, is mailed to the requester)."""
    row = _pending_for_organization(identity, request_id)
    row.status = "rejected"
    row.reason = (reason or "").strip() or None
    row.decided_by = identity.user_id
    row.decided_at = _now()
    audit.record(
        "join_request.rejected",
        organization_id=row.organization_id,
        actor_id=identity.user_id,
        target_type="join_request",
        target_id=row.id,
    )
    db.session.commit()
    mail.enqueue("join_request_decided", join_request_id=str(row.id))
    return row


def _join_request_param(params: dict[str, Any]) -> JoinRequest | None:
    try:
        return db.session.get(JoinRequest, uuid.UUID(str(params.get("join_request_id"))))
    except ValueError:
        return None


@mail.kind("join_request_received")
def build_join_request_received(params: dict[str, Any]) -> mail.Message | None:
    """Tells one org admin that someone asks to join (nothing once it was decided, or when the
    recipient is no longer an active admin of the organization)."""
    row = _join_request_param(params)
    if row is None or row.status != "pending":
        return None
    try:
        admin = db.session.get(User, uuid.UUID(str(params.get("admin_id"))))
    except ValueError:
        return None
    if (
        not _active(admin)
        or admin.organization_id != row.organization_id
        or ROLE_RANK[admin.role] < ROLE_RANK["org_admin"]
    ):
        return None
    requester, org_name = row.requester, row.organization.name
    link = mail.app_link(JOIN_REQUESTS_PATH)
    note = f"\nMensagem de {requester.name}:\n{row.message}\n" if row.message else ""
    body = (
        f"Olá, {admin.name}.\n\n"
        f"{requester.name} ({requester.email}) pediu para entrar na organização {org_name} no ETP Express. "
        "O e-mail da pessoa foi confirmado e é do domínio da organização, mas isso não dá acesso: "
        "só entra quem um administrador aprovar.\n"
        f"{note}\n"
        "Para aprovar (escolhendo o perfil) ou recusar, abra:\n\n"
        f"{link}\n\n"
        "Se você não reconhece esta pessoa, recuse o pedido."
    )
    return mail.Message(
        to=admin.email, subject=f"Pedido de entrada em {org_name}: {requester.name}", body_text=body, link=link
    )


@mail.kind("join_request_decided")
def build_join_request_decided(params: dict[str, Any]) -> mail.Message | None:
    """Tells the requester that the request was approved (sign in again) or rejected (and why)."""
    row = _join_request_param(params)
    if row is None or row.status not in ("approved", "rejected"):
        return None
    user = row.requester
    if user is None or user.deleted_at is not None:
        return None
    org_name = row.organization.name
    link = mail.app_link(SIGN_IN_PATH)
    if row.status == "approved":
        subject = f"Pedido aprovado: você faz parte de {org_name}"
        body = (
            f"Olá, {user.name}.\n\n"
            f"Seu pedido para entrar na organização {org_name} no ETP Express foi aprovado, com o perfil "
            f"{ROLE_LABELS[row.role or 'member']}. Entre de novo para trabalhar nos ETPs da organização:\n\n"
            f"{link}\n"
        )
    else:
        subject = f"Pedido de entrada em {org_name} não aprovado"
        reason = f"Motivo: {row.reason}\n\n" if row.reason else ""
        body = (
            f"Olá, {user.name}.\n\n"
            f"Seu pedido para entrar na organização {org_name} no ETP Express não foi aprovado.\n\n"
            f"{reason}"
            "Se você faz parte da organização, peça um convite a um administrador dela.\n\n"
            f"{link}\n"
        )
    return mail.Message(to=user.email, subject=subject, body_text=body, link=link)


# --------------------------------------------------------------------------- LGPD


def personal_data(user: User) -> dict[str, Any]:
    """The person's join requests and the invitations addressed to them (LGPD access)."""
    requests = db.session.scalars(
        select(JoinRequest).where(JoinRequest.requester_id == user.id).order_by(JoinRequest.created_at)
    ).all()
    invitations = db.session.scalars(
        select(Invitation).where(Invitation.email == user.email).order_by(Invitation.created_at)
    ).all()
    return {
        "join_requests": [
            {
                "id": r.id,
                "organization_id": r.organization_id,
                "message": r.message,
                "status": r.status,
                "role": r.role,
                "reason": r.reason,
                "created_at": r.created_at,
                "decided_at": r.decided_at,
            }
            for r in requests
        ],
        "invitations": [
            {
                "id": i.id,
                "organization_id": i.organization_id,
                "role": i.role,
                "status": i.status,
                "created_at": i.created_at,
                "accepted_at": i.accepted_at,
            }
            for i in invitations
        ],
    }


def forget_person(user: User) -> None:
    """LGPD deletion: the person's join requests (their messages) and the invitations addressed to
    their e-mail go. Call before the e-mail is anonymized; the caller commits."""
    db.session.execute(delete(JoinRequest).where(JoinRequest.requester_id == user.id))
    db.session.execute(delete(Invitation).where(Invitation.email == user.email))
