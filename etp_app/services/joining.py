"""The account before it belongs to an organization: e-mail verification, requests to create an
organization, and provisioning verified accounts (operators, demo seed, tests).

* **Verification** (mail kind ``verify_email``, built in the worker): a single-use link
  ``/verificar-email?token=`` valid ``EMAIL_VERIFICATION_TTL_SECONDS`` (48 h). Only the SHA-256 of the
  raw token is stored; the raw token exists only in the mail (never in the broker message or an
  API answer). Every link sent for the current registration works (a login attempt or a resend
  sends another one without voiding the first mail's); registering the unverified e-mail again
  sets a new password and voids the earlier links (``password_fingerprint``), so a link only ever
  verifies the registration it was sent for. Verifying spends every link of the account.
* **Organization requests**: a verified account without an organization asks the system
  administrators to create one (name, domains, justification); approval creates the organization
  with its domains and makes the requester its org admin; rejection keeps the reason. Every step is
  audited, and the requester is mailed the decision (kind ``organization_request_decided``).

Joining an existing organization (invitations, join requests, suggestions) is ``services.membership``.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from etp_app.errors import Conflict, Forbidden, NotFound, UnprocessableEntity
from etp_app.extensions import db
from etp_app.models import (
    ROLES,
    EmailVerificationToken,
    Organization,
    OrganizationRequest,
    User,
)
from etp_app.security import Identity
from etp_app.services import accounts, audit, mail, organizations, paging, passwords, sessions

VERIFY_PATH = "/verificar-email"
VERIFIED_MESSAGE = "E-mail confirmado. Agora você pode entrar."
INVALID_VERIFICATION = "Link de confirmação inválido, expirado ou já utilizado. Peça um novo."
RESEND_MESSAGE = (
    "Se houver uma conta com este e-mail aguardando confirmação, enviaremos um novo link. "
    "Verifique sua caixa de entrada."
)


def _now() -> datetime:
    return datetime.now(UTC)


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _verification_ttl() -> int:
    return int(current_app.config["EMAIL_VERIFICATION_TTL_SECONDS"])


def _validity(seconds: int) -> str:
    if seconds % 86400 == 0:
        days = seconds // 86400
        return "1 dia" if days == 1 else f"{days} dias"
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return "1 hora" if hours == 1 else f"{hours} horas"
    minutes = max(1, seconds // 60)
    return "1 minuto" if minutes == 1 else f"{minutes} minutos"


# --------------------------------------------------------------------------- e-mail verification


def _unverified_account(params: dict[str, Any]) -> User | None:
    """The account named by ``user_id`` (register, login) or ``email`` (resend) when it still waits
    for its verification: exists, active, not deleted, not verified."""
    user: User | None = None
    if params.get("user_id"):
        try:
            user = db.session.get(User, uuid.UUID(str(params["user_id"])))
        except ValueError:
            return None
    elif params.get("email"):
        user = db.session.scalar(select(User).where(User.email == accounts.normalize_email(str(params["email"]))))
    if user is None or user.deleted_at is not None or not user.is_active or user.email_verified_at is not None:
        return None
    return user


def _password_fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode("utf-8")).hexdigest()


def issue_verification_token(user: User) -> str:
    """A new verification token for ``user``, tied to its current password (a later registration
    with a new password voids it); commits. The raw token."""
    now = _now()
    raw = secrets.token_urlsafe(32)
    db.session.add(
        EmailVerificationToken(
            user_id=user.id,
            token_hash=_hash_token(raw),
            password_fingerprint=_password_fingerprint(user),
            expires_at=now + timedelta(seconds=_verification_ttl()),
        )
    )
    audit.record(
        "auth.email_verification_sent",
        organization_id=user.organization_id,
        actor_id=user.id,
        target_type="user",
        target_id=user.id,
    )
    db.session.commit()
    return raw


@mail.kind("verify_email")
def build_verify_email(params: dict[str, Any]) -> mail.Message | None:
    """The verification link of an account that still waits for it (else nothing is sent)."""
    user = _unverified_account(params)
    if user is None:
        return None
    link = mail.app_link(VERIFY_PATH, token=issue_verification_token(user))
    validity = _validity(_verification_ttl())
    body = (
        f"Olá, {user.name}.\n\n"
        "Recebemos um cadastro no ETP Express com este e-mail. Para confirmar que o e-mail é seu e "
        "ativar a conta, abra o link abaixo:\n\n"
        f"{link}\n\n"
        f"O link vale por {validity} e só pode ser usado uma vez.\n\n"
        "Depois de confirmar, para trabalhar nos ETPs de uma organização você precisa de um convite de um "
        "administrador dela, ou de um pedido de entrada aprovado.\n\n"
        "Se você não fez este cadastro, ignore esta mensagem: a conta não será ativada."
    )
    return mail.Message(
        to=user.email, subject="Confirme seu e-mail no ETP Express", body_text=body, link=link, kind="verify_email"
    )


def verify_email(token: str) -> str:
    """Spend a verification token: the account's e-mail is verified. 422 when invalid, expired or used."""
    invalid = UnprocessableEntity(INVALID_VERIFICATION, errors={"token": [INVALID_VERIFICATION]})
    now = _now()
    row = db.session.execute(
        select(EmailVerificationToken)
        .where(EmailVerificationToken.token_hash == _hash_token(token or ""))
        .with_for_update()
    ).scalar_one_or_none()
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise invalid
    user = db.session.execute(
        select(User).where(User.id == row.user_id).with_for_update(of=User).execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if user is None or user.deleted_at is not None or not user.is_active:
        raise invalid
    if row.password_fingerprint != _password_fingerprint(user):
        raise invalid  # the e-mail was registered again (new password) after this link was sent
    db.session.execute(
        update(EmailVerificationToken)
        .where(EmailVerificationToken.user_id == user.id, EmailVerificationToken.used_at.is_(None))
        .values(used_at=now)
    )
    if user.email_verified_at is None:
        user.email_verified_at = now
    audit.record(
        "auth.email_verified",
        organization_id=user.organization_id,
        actor_id=user.id,
        target_type="user",
        target_id=user.id,
    )
    db.session.commit()
    return VERIFIED_MESSAGE


def resend_verification(email: str) -> str:
    """Queue a new verification link; the answer (and its cost) is the same for any e-mail: the
    worker looks the account up and sends only to an existing account that still waits."""
    mail.enqueue("verify_email", email=accounts.normalize_email(email))
    return RESEND_MESSAGE


# --------------------------------------------------------------------------- provisioning


def provision_user(
    organization: Organization | None,
    *,
    email: str,
    name: str,
    password: str,
    role: str = "member",
    actor_id: uuid.UUID | None = None,
    source: str = "operator",
    commit: bool = True,
) -> User:
    """A verified account created by an operator (demo seed, test suite), in ``organization`` (or
    none) with ``role``. Audited as ``user.provisioned``. 409 when the e-mail is taken."""
    email = accounts.normalize_email(email)
    if role not in ROLES:
        raise UnprocessableEntity("Perfil inválido.", errors={"role": [f"Use um de: {', '.join(ROLES)}."]})
    problems = passwords.policy_problems(password, email=email, name=name)
    if problems:
        raise UnprocessableEntity(accounts.WEAK_PASSWORD + " " + " ".join(problems), errors={"password": problems})
    now = _now()
    user = User(
        organization_id=organization.id if organization is not None else None,
        email=email,
        name=name.strip()[:200],
        password_hash=passwords.hash_password(password),
        role=role,
        is_active=True,
        password_changed_at=now,
        email_verified_at=now,
    )
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(
            f"Já existe uma conta com o e-mail {email}.", errors={"email": ["E-mail já cadastrado."]}
        ) from None
    audit.record(
        "user.provisioned",
        organization_id=user.organization_id,
        actor_id=actor_id,
        target_type="user",
        target_id=user.id,
        after={"role": role, "organization_id": user.organization_id, "source": source},
    )
    if commit:
        db.session.commit()
    return user


# --------------------------------------------------------------------------- organization requests


def _requester(identity: Identity) -> User:
    user = accounts.current_user(identity)
    if user.email_verified_at is None:
        raise Forbidden("Confirme seu e-mail antes de pedir a criação de uma organização.")
    if user.organization_id is not None:
        raise Conflict("Sua conta já faz parte de uma organização.")
    return user


def create_request(identity: Identity, *, name: str, domains: list[str], justification: str) -> OrganizationRequest:
    """A verified account without an organization asks for one (one pending request at a time)."""
    user = _requester(identity)
    name = (name or "").strip()
    if not name:
        raise UnprocessableEntity("Informe o nome da organização.", errors={"name": ["Campo obrigatório."]})
    justification = (justification or "").strip()
    if not justification:
        raise UnprocessableEntity(
            "Explique por que a organização deve ser criada.", errors={"justification": ["Campo obrigatório."]}
        )
    cleaned = organizations.clean_domains(domains)
    row = OrganizationRequest(
        requester_id=user.id, name=name[:200], domains=cleaned, justification=justification, status="pending"
    )
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(
            "Você já tem um pedido de criação de organização aguardando análise.",
            errors={"name": ["Já existe um pedido seu aguardando análise."]},
        ) from None
    audit.record(
        "organization_request.created",
        organization_id=None,
        actor_id=user.id,
        target_type="organization_request",
        target_id=row.id,
        after={"name": row.name, "domains": cleaned},
    )
    db.session.commit()
    return row


def list_own_requests(identity: Identity) -> list[OrganizationRequest]:
    return list(
        db.session.scalars(
            select(OrganizationRequest)
            .where(OrganizationRequest.requester_id == identity.user_id)
            .order_by(OrganizationRequest.created_at.desc(), OrganizationRequest.id)
        )
    )


def list_requests(
    *, status: str | None = None, page: int = 1, page_size: int = 10
) -> tuple[list[OrganizationRequest], int]:
    """Requests for the system administrators, oldest pending first within a status."""
    conditions = [OrganizationRequest.status == status] if status else []
    order = (OrganizationRequest.created_at, OrganizationRequest.id)
    return paging.page_of(OrganizationRequest, conditions, order_by=order, page=page, page_size=page_size)


def _pending_request(request_id: uuid.UUID) -> OrganizationRequest:
    row = db.session.execute(
        select(OrganizationRequest)
        .where(OrganizationRequest.id == request_id)
        .with_for_update(of=OrganizationRequest)
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if row is None:
        raise NotFound("Pedido não encontrado.")
    if row.status != "pending":
        raise Conflict("Este pedido já foi analisado.")
    return row


def _revoke_orgless_access(user: User) -> None:
    """The requester's access tokens say "no organization": cut them, the next refresh reads the new one."""
    sessions.revoke_user(user, "organization_joined", access_only=True)


def approve_request(identity: Identity, request_id: uuid.UUID) -> OrganizationRequest:
    """Create the organization with the requested domains; the requester becomes its org admin."""
    row = _pending_request(request_id)
    requester = db.session.execute(
        select(User)
        .where(User.id == row.requester_id)
        .with_for_update(of=User)
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if requester is None or requester.deleted_at is not None or not requester.is_active:
        raise Conflict("A conta que fez o pedido não está mais ativa: rejeite o pedido.")
    if requester.organization_id is not None:
        raise Conflict("A conta que fez o pedido já entrou em uma organização: rejeite o pedido.")
    org = organizations.provision(
        name=row.name, domain_names=row.domains, actor_id=identity.user_id, source="organization_request", commit=False
    )
    before_role = requester.role
    requester.organization_id = org.id
    if requester.role != "system_admin":
        requester.role = "org_admin"
    row.status = "approved"
    row.decided_by = identity.user_id
    row.decided_at = _now()
    row.organization_id = org.id
    audit.record(
        "organization_request.approved",
        organization_id=org.id,
        actor_id=identity.user_id,
        target_type="organization_request",
        target_id=row.id,
        after={"organization_id": org.id, "requester_id": requester.id},
    )
    audit.record(
        "user.joined_organization",
        organization_id=org.id,
        actor_id=identity.user_id,
        target_type="user",
        target_id=requester.id,
        before={"organization_id": None, "role": before_role},
        after={"organization_id": org.id, "role": requester.role, "via": "organization_request"},
    )
    _revoke_orgless_access(requester)
    db.session.commit()
    mail.enqueue("organization_request_decided", request_id=str(row.id))
    return row


def reject_request(identity: Identity, request_id: uuid.UUID, *, reason: str) -> OrganizationRequest:
    reason = (reason or "").strip()
    if not reason:
        raise UnprocessableEntity("Informe o motivo da recusa.", errors={"reason": ["Campo obrigatório."]})
    row = _pending_request(request_id)
    row.status = "rejected"
    row.reason = reason
    row.decided_by = identity.user_id
    row.decided_at = _now()
    audit.record(
        "organization_request.rejected",
        organization_id=None,
        actor_id=identity.user_id,
        target_type="organization_request",
        target_id=row.id,
        after={"requester_id": row.requester_id},
    )
    db.session.commit()
    mail.enqueue("organization_request_decided", request_id=str(row.id))
    return row


@mail.kind("organization_request_decided")
def build_request_decided(params: dict[str, Any]) -> mail.Message | None:
    """Tells the requester that the organization was created (sign in again) or why it was not."""
    try:
        row = db.session.get(OrganizationRequest, uuid.UUID(str(params.get("request_id"))))
    except ValueError:
        return None
    if row is None or row.status == "pending":
        return None
    user = db.session.get(User, row.requester_id)
    if user is None or user.deleted_at is not None:
        return None
    link = mail.app_link("/entrar")
    if row.status == "approved":
        subject = f"Organização criada: {row.name}"
        body = (
            f"Olá, {user.name}.\n\n"
            f"Seu pedido foi aprovado: a organização {row.name} foi criada no ETP Express e você é o "
            "administrador dela. Entre de novo para começar a trabalhar e convidar as pessoas da equipe:\n\n"
            f"{link}\n"
        )
    else:
        subject = f"Pedido de organização não aprovado: {row.name}"
        body = (
            f"Olá, {user.name}.\n\n"
            f"Seu pedido para criar a organização {row.name} no ETP Express não foi aprovado.\n\n"
            f"Motivo: {row.reason}\n\n"
            "Se a sua organização já existe no ETP Express, peça um convite a um administrador dela.\n\n"
            f"{link}\n"
        )
    return mail.Message(to=user.email, subject=subject, body_text=body, link=link, kind="organization_request_decided")
