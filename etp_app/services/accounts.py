"""Accounts and organizations: register, login, tokens, passwords, password reset, user management.

Every use case here owns its transaction and commits once. Token revocation (Redis cut-offs) runs
after the commit, so a failed commit never leaves a user logged out for nothing, and new tokens are
issued after the revocation, so they survive it.

Lockout state lives in the ``users`` row (``failed_logins``, ``first_failed_at``, ``locked_until``),
not in Redis, so it holds while Redis is down. Failures are counted under a row lock.
"""

from __future__ import annotations

import hashlib
import math
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, TypeGuard

from flask import current_app
from flask_jwt_extended import create_access_token, create_refresh_token, decode_token
from flask_jwt_extended.exceptions import JWTExtendedException
from jwt import PyJWTError
from marshmallow import ValidationError, validate
from sqlalchemy import func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import IntegrityError

from etp_app.errors import Conflict, Forbidden, NotFound, TooManyRequests, Unauthorized, UnprocessableEntity
from etp_app.extensions import db
from etp_app.models import Organization, PasswordResetToken, User
from etp_app.security import Identity, claims_for, revoke_token, revoke_user_tokens
from etp_app.services import audit, mailer, passwords

INVALID_CREDENTIALS = "E-mail ou senha incorretos."
INVALID_RESET_TOKEN = "Link de redefinição inválido, expirado ou já utilizado. Peça um novo."
FORGOT_PASSWORD_MESSAGE = (
    "Se houver uma conta com este e-mail, enviaremos um link para redefinir a senha. Verifique sua caixa de entrada."
)
WEAK_PASSWORD = "A senha não atende à política de senhas."

# Public webmail providers: registrants from these never claim the domain for an organization.
WEBMAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.com.br",
        "outlook.com",
        "outlook.com.br",
        "live.com",
        "live.com.br",
        "msn.com",
        "yahoo.com",
        "yahoo.com.br",
        "ymail.com",
        "rocketmail.com",
        "uol.com.br",
        "bol.com.br",
        "terra.com.br",
        "ig.com.br",
        "globo.com",
        "globomail.com",
        "r7.com",
        "zipmail.com.br",
        "oi.com.br",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "protonmail.com",
        "proton.me",
        "pm.me",
        "zoho.com",
        "gmx.com",
        "gmx.net",
        "mail.com",
        "yandex.com",
        "tutanota.com",
    }
)

_email_validator = validate.Email(error="E-mail inválido.")


# --------------------------------------------------------------------------- helpers


def _now() -> datetime:
    return datetime.now(UTC)


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[1] if "@" in email else ""


def is_webmail(domain: str) -> bool:
    return domain in WEBMAIL_DOMAINS


def _seconds(value: Any, default: int) -> int:
    if isinstance(value, timedelta):
        return max(1, int(value.total_seconds()))
    if isinstance(value, (int, float)) and value > 0:
        return int(value)
    return default


def _refresh_ttl() -> int:
    """How long a revocation cut-off must live: as long as the longest-lived token."""
    config = current_app.config
    return max(
        _seconds(config.get("JWT_REFRESH_TOKEN_EXPIRES"), 30 * 86400),
        _seconds(config.get("JWT_ACCESS_TOKEN_EXPIRES"), 900),
    )


def _access_ttl() -> int:
    return _seconds(current_app.config.get("JWT_ACCESS_TOKEN_EXPIRES"), 900)


def _lockout_seconds() -> int:
    return int(current_app.config["LOGIN_LOCKOUT_SECONDS"])


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _check_policy(password: str, *, email: str, name: str, field: str) -> None:
    problems = passwords.policy_problems(password, email=email, name=name)
    if problems:
        raise UnprocessableEntity(WEAK_PASSWORD, errors={field: problems})


def _find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def _can_log_in(user: User | None) -> TypeGuard[User]:
    """An account that exists, is not deleted and is active (narrows ``User | None`` for the callers)."""
    return user is not None and user.deleted_at is None and user.is_active


def _lock_user(user_id: uuid.UUID) -> User | None:
    """Re-read the user row under ``FOR UPDATE`` (fresh values, not the session's copy)."""
    return db.session.execute(
        select(User).where(User.id == user_id).with_for_update(of=User).execution_options(populate_existing=True)
    ).scalar_one_or_none()


def issue_tokens(user: User) -> dict[str, str]:
    identity = str(user.id)
    return {
        "access_token": create_access_token(identity=identity, additional_claims=claims_for(user)),
        "refresh_token": create_refresh_token(identity=identity),
    }


def _locked_error(user: User, now: datetime) -> TooManyRequests:
    assert user.locked_until is not None, "only called for a locked account"
    seconds_left = max(1, math.ceil((user.locked_until - now).total_seconds()))
    minutes = max(1, math.ceil(seconds_left / 60))
    return TooManyRequests(
        "Conta bloqueada temporariamente após muitas tentativas de login sem sucesso. "
        f"Tente novamente em {minutes} minuto(s) ou redefina sua senha.",
        retry_after=seconds_left,
    )


def _is_locked(user: User, now: datetime) -> bool:
    return user.locked_until is not None and user.locked_until > now


def _register_failure(user_id: uuid.UUID, now: datetime) -> User:
    """Count one failed password check; lock the account at the configured number of failures."""
    user = _lock_user(user_id)
    assert user is not None
    window = timedelta(seconds=_lockout_seconds())
    if user.first_failed_at is None or now - user.first_failed_at > window:
        user.failed_logins = 1
        user.first_failed_at = now
    else:
        user.failed_logins += 1
    if user.failed_logins >= int(current_app.config["LOGIN_MAX_FAILURES"]):
        user.locked_until = now + window
        user.failed_logins = 0
        user.first_failed_at = None
    return user


def _clear_lockout(user: User) -> None:
    user.failed_logins = 0
    user.first_failed_at = None
    user.locked_until = None


def _invalidate_reset_tokens(user_id: uuid.UUID, now: datetime) -> None:
    db.session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == user_id, PasswordResetToken.used_at.is_(None))
        .values(used_at=now)
    )


# --------------------------------------------------------------------------- register / login / tokens


def _organization_for(email: str, name: str, organization_name: str | None) -> tuple[Organization, bool]:
    """The organization a registrant joins, and whether it was created for them."""
    domain = email_domain(email)
    if is_webmail(domain):
        org = Organization(name=organization_name or f"Organização de {name}"[:200], domain=None)
        db.session.add(org)
        db.session.flush()
        return org, True
    # Atomic "get or create" on the unique domain: concurrent first registrants of a domain end up
    # in one organization (the loser of the race joins as member).
    new_id = db.session.scalar(
        pg_insert(Organization)
        .values(id=uuid.uuid4(), name=organization_name or domain, domain=domain)
        .on_conflict_do_nothing(index_elements=[Organization.domain])
        .returning(Organization.id)
    )
    existing = db.session.scalar(
        select(Organization).where(Organization.domain == domain).execution_options(populate_existing=True)
    )
    assert existing is not None, "inserted above or by the concurrent winner, and organizations are never deleted"
    return existing, new_id is not None


def register(*, email: str, password: str, name: str, organization_name: str | None = None) -> tuple[User, dict]:
    email = normalize_email(email)
    name = name.strip()
    organization_name = (organization_name or "").strip() or None
    _check_policy(password, email=email, name=name, field="password")
    if _find_by_email(email) is not None:
        raise Conflict("Já existe uma conta com este e-mail.", errors={"email": ["E-mail já cadastrado."]})
    password_hash = passwords.hash_password(password)

    org, created = _organization_for(email, name, organization_name)
    role = "org_admin" if created else "member"
    user = User(
        organization_id=org.id,
        email=email,
        name=name,
        password_hash=password_hash,
        role=role,
        is_active=True,
        password_changed_at=_now(),
        last_login_at=_now(),
    )
    user.organization = org
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict("Já existe uma conta com este e-mail.", errors={"email": ["E-mail já cadastrado."]}) from None
    audit.record(
        "auth.register",
        organization_id=org.id,
        actor_id=user.id,
        target_type="user",
        target_id=user.id,
        after={"role": role, "organization_id": org.id, "organization_created": created},
    )
    db.session.commit()
    return user, issue_tokens(user)


def login(*, email: str, password: str) -> tuple[User, dict]:
    email = normalize_email(email)
    now = _now()
    user = _find_by_email(email)

    if user is None or user.deleted_at is not None:
        passwords.burn_verification_time(password)
        audit.record(
            "auth.login_failed",
            organization_id=user.organization_id if user else None,
            actor_id=user.id if user else None,
            target_type="user" if user else None,
            target_id=user.id if user else None,
            after={"reason": "deleted_account" if user else "unknown_account"},
        )
        db.session.commit()
        raise Unauthorized(INVALID_CREDENTIALS)

    if _is_locked(user, now):
        audit.record(
            "auth.login_failed",
            organization_id=user.organization_id,
            actor_id=user.id,
            target_type="user",
            target_id=user.id,
            after={"reason": "locked"},
        )
        db.session.commit()
        raise _locked_error(user, now)

    if not passwords.verify_password(user.password_hash, password):
        counted = _register_failure(user.id, now)
        audit.record(
            "auth.login_failed",
            organization_id=user.organization_id,
            actor_id=user.id,
            target_type="user",
            target_id=user.id,
            after={
                "reason": "wrong_password",
                "failed_logins": counted.failed_logins,
                "locked_until": counted.locked_until,
            },
        )
        db.session.commit()
        raise Unauthorized(INVALID_CREDENTIALS)

    if not user.is_active:
        audit.record(
            "auth.login_failed",
            organization_id=user.organization_id,
            actor_id=user.id,
            target_type="user",
            target_id=user.id,
            after={"reason": "inactive"},
        )
        db.session.commit()
        raise Unauthorized(INVALID_CREDENTIALS)

    _clear_lockout(user)
    user.last_login_at = now
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    audit.record(
        "auth.login", organization_id=user.organization_id, actor_id=user.id, target_type="user", target_id=user.id
    )
    db.session.commit()
    return user, issue_tokens(user)


def refresh_access_token(user_id: uuid.UUID) -> str:
    """A new access token with the user's current organization and role, read from the database."""
    user = db.session.get(User, user_id)
    if not _can_log_in(user):
        raise Unauthorized("Conta indisponível: faça login novamente.")
    return create_access_token(identity=str(user.id), additional_claims=claims_for(user))


def _decode_refresh_token(token: str, user_id: uuid.UUID) -> dict | None:
    """The refresh token's claims, or None when it has already expired (nothing left to revoke)."""
    error = UnprocessableEntity(
        "Refresh token inválido.", errors={"refresh_token": ["Não é um refresh token válido desta conta."]}
    )
    try:
        claims = decode_token(token, allow_expired=True)
    except (PyJWTError, JWTExtendedException, ValueError, KeyError, TypeError):
        raise error from None
    if claims.get("type") != "refresh" or claims.get("sub") != str(user_id):
        raise error
    if float(claims.get("exp", 0)) <= _now().timestamp():
        return None
    return claims


def logout(identity: Identity, access_claims: dict, refresh_token: str | None = None) -> None:
    refresh_claims = _decode_refresh_token(refresh_token, identity.user_id) if refresh_token else None
    audit.record(
        "auth.logout",
        organization_id=identity.organization_id,
        actor_id=identity.user_id,
        target_type="user",
        target_id=identity.user_id,
        after={"refresh_token_revoked": refresh_claims is not None},
    )
    revoke_token(access_claims["jti"], float(access_claims["exp"]))
    if refresh_claims is not None:
        revoke_token(refresh_claims["jti"], float(refresh_claims["exp"]))
    db.session.commit()


def current_user(identity: Identity) -> User:
    user = db.session.get(User, identity.user_id)
    if not _can_log_in(user):
        raise Unauthorized("Conta indisponível: faça login novamente.")
    return user


# --------------------------------------------------------------------------- passwords


def change_password(identity: Identity, *, current_password: str, new_password: str) -> dict[str, str]:
    """Set a new password, revoke every earlier token of the user and return fresh tokens.

    A wrong current password answers 422 (field ``current_password``), not 401: the caller's token is
    valid, and a 401 would make clients treat it as an expired session. It counts as a failed login
    toward the lockout, so a stolen access token cannot be used to guess the password.
    """
    user = current_user(identity)
    now = _now()
    if _is_locked(user, now):
        raise _locked_error(user, now)
    if not passwords.verify_password(user.password_hash, current_password):
        counted = _register_failure(user.id, now)
        audit.record(
            "auth.password_change_failed",
            organization_id=user.organization_id,
            actor_id=user.id,
            target_type="user",
            target_id=user.id,
            after={
                "reason": "wrong_current_password",
                "failed_logins": counted.failed_logins,
                "locked_until": counted.locked_until,
            },
        )
        db.session.commit()
        raise UnprocessableEntity(
            "A senha atual está incorreta.", errors={"current_password": ["Senha atual incorreta."]}
        )
    _check_policy(new_password, email=user.email, name=user.name, field="new_password")
    if passwords.verify_password(user.password_hash, new_password):
        raise UnprocessableEntity(WEAK_PASSWORD, errors={"new_password": ["A nova senha deve ser diferente da atual."]})

    user.password_hash = passwords.hash_password(new_password)
    user.password_changed_at = now
    _clear_lockout(user)
    _invalidate_reset_tokens(user.id, now)
    audit.record(
        "auth.password_changed",
        organization_id=user.organization_id,
        actor_id=user.id,
        target_type="user",
        target_id=user.id,
    )
    revoke_user_tokens(user.id, _refresh_ttl())
    db.session.commit()
    return issue_tokens(user)


def request_password_reset(email: str) -> str:
    """Create a reset token and send it; the answer is the same whether or not the account exists."""
    email = normalize_email(email)
    user = _find_by_email(email)
    if not _can_log_in(user):
        return FORGOT_PASSWORD_MESSAGE
    now = _now()
    ttl = int(current_app.config["PASSWORD_RESET_TTL_SECONDS"])
    raw = secrets.token_urlsafe(32)
    _invalidate_reset_tokens(user.id, now)
    db.session.add(
        PasswordResetToken(user_id=user.id, token_hash=_hash_token(raw), expires_at=now + timedelta(seconds=ttl))
    )
    audit.record(
        "auth.password_reset_requested",
        organization_id=user.organization_id,
        actor_id=user.id,
        target_type="user",
        target_id=user.id,
    )
    db.session.commit()
    mailer.send_password_reset(user.email, user.name, raw, ttl)
    return FORGOT_PASSWORD_MESSAGE


def reset_password(*, token: str, new_password: str) -> None:
    """Spend a reset token: new password, lockout cleared, every token of the user revoked."""
    invalid = UnprocessableEntity(INVALID_RESET_TOKEN, errors={"token": [INVALID_RESET_TOKEN]})
    now = _now()
    row = db.session.execute(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == _hash_token(token)).with_for_update()
    ).scalar_one_or_none()
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise invalid
    user = _lock_user(row.user_id)
    if not _can_log_in(user):
        raise invalid
    _check_policy(new_password, email=user.email, name=user.name, field="new_password")

    user.password_hash = passwords.hash_password(new_password)
    user.password_changed_at = now
    _clear_lockout(user)
    row.used_at = now
    _invalidate_reset_tokens(user.id, now)
    audit.record(
        "auth.password_reset",
        organization_id=user.organization_id,
        actor_id=user.id,
        target_type="user",
        target_id=user.id,
    )
    revoke_user_tokens(user.id, _refresh_ttl())
    db.session.commit()


# --------------------------------------------------------------------------- user management


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_users(
    identity: Identity, *, role: str | None = None, q: str | None = None, page: int = 1, page_size: int = 10
) -> tuple[list[User], int]:
    """Users of the caller's organization (deleted accounts excluded), ordered by name."""
    conditions = [User.organization_id == identity.organization_id, User.deleted_at.is_(None)]
    if role:
        conditions.append(User.role == role)
    if q and q.strip():
        pattern = f"%{_escape_like(q.strip())}%"
        conditions.append(or_(User.name.ilike(pattern, escape="\\"), User.email.ilike(pattern, escape="\\")))
    total = db.session.scalar(select(func.count()).select_from(User).where(*conditions)) or 0
    offset = (page - 1) * page_size
    if offset >= total:
        return [], total
    users = db.session.scalars(
        select(User).where(*conditions).order_by(User.name, User.email, User.id).offset(offset).limit(page_size)
    ).all()
    return list(users), total


def update_user(identity: Identity, user_id: uuid.UUID, changes: dict[str, Any]) -> User:
    """Change another user's role, name, active flag or autoridade competente permission (who may
    approve ETPs, services/approval.py), under the organization's rules."""
    if "role" in changes or "is_active" in changes:
        # Serialize admin-affecting changes per organization (always organization row, then user
        # row), so two admins demoting each other concurrently cannot both pass the last-admin check.
        db.session.execute(select(Organization.id).where(Organization.id == identity.organization_id).with_for_update())
    target = db.session.execute(
        select(User)
        .where(User.id == user_id, User.organization_id == identity.organization_id, User.deleted_at.is_(None))
        .with_for_update(of=User)
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if target is None:
        raise NotFound("Usuário não encontrado.")

    current = {
        "role": target.role,
        "name": target.name,
        "is_active": target.is_active,
        "autoridade_competente": target.autoridade_competente,
    }
    wanted = {k: v for k, v in changes.items() if k in current and v != current[k]}
    if not wanted:
        return target

    is_self = target.id == identity.user_id
    if "role" in wanted and is_self:
        raise Forbidden("Ninguém pode alterar o próprio perfil de acesso.")
    if "is_active" in wanted and is_self:
        raise Forbidden("Você não pode desativar a própria conta.")
    if "autoridade_competente" in wanted and is_self:
        raise Forbidden("Ninguém pode alterar a própria permissão de autoridade competente.")
    if not identity.is_system_admin:
        if target.role == "system_admin":
            raise Forbidden("Somente um administrador do sistema pode alterar outro administrador do sistema.")
        if wanted.get("role") == "system_admin":
            raise Forbidden("Somente um administrador do sistema pode conceder este perfil.")

    # An organization always keeps an active org_admin (system admins manage the platform, not
    # the organization's day to day, so they do not count).
    loses_admin = (
        target.role == "org_admin"
        and target.is_active
        and (("role" in wanted and wanted["role"] != "org_admin") or wanted.get("is_active") is False)
    )
    if loses_admin:
        other_admins = db.session.execute(
            select(User.id)
            .where(
                User.organization_id == target.organization_id,
                User.id != target.id,
                User.role == "org_admin",
                User.is_active.is_(True),
                User.deleted_at.is_(None),
            )
            .limit(1)
        ).all()
        if not other_admins:
            raise Conflict("Este é o último administrador da organização: promova outra pessoa antes.")

    for key, value in wanted.items():
        setattr(target, key, value)
    before, after = audit.summarize_change(current, {**current, **wanted})
    if "role" in wanted:
        action = "user.role_changed"
    elif "autoridade_competente" in wanted:
        action = "user.permission_changed"
    elif "is_active" in wanted:
        action = "user.deactivated" if wanted["is_active"] is False else "user.reactivated"
    else:
        action = "user.updated"
    audit.record(
        action,
        organization_id=target.organization_id,
        actor_id=identity.user_id,
        target_type="user",
        target_id=target.id,
        before=before,
        after=after,
    )
    if wanted.get("is_active") is False:
        revoke_user_tokens(target.id, _refresh_ttl())
    elif "role" in wanted:
        # access tokens carry the role: cut them; the next refresh reads the new role from the database
        revoke_user_tokens(target.id, _access_ttl(), access_only=True)
    db.session.commit()
    return target


# --------------------------------------------------------------------------- operators


def create_system_admin(*, email: str, name: str, organization_name: str, password: str) -> User:
    """Create a system administrator in the organization named ``organization_name`` (created if new)."""
    email = normalize_email(email)
    name = (name or "").strip()
    organization_name = (organization_name or "").strip()
    try:
        _email_validator(email)
    except ValidationError:
        raise UnprocessableEntity(f"E-mail inválido: {email!r}.", errors={"email": ["E-mail inválido."]}) from None
    if not name:
        raise UnprocessableEntity("Informe o nome.", errors={"name": ["Campo obrigatório."]})
    if not organization_name:
        raise UnprocessableEntity("Informe a organização.", errors={"organization": ["Campo obrigatório."]})
    problems = passwords.policy_problems(password, email=email, name=name)
    if problems:
        raise UnprocessableEntity(WEAK_PASSWORD + " " + " ".join(problems), errors={"password": problems})
    if _find_by_email(email) is not None:
        raise Conflict(f"Já existe uma conta com o e-mail {email}.")

    org = db.session.scalar(
        select(Organization)
        .where(func.lower(Organization.name) == organization_name.lower())
        .order_by(Organization.created_at)
        .limit(1)
    )
    created = org is None
    if org is None:
        org = Organization(name=organization_name[:200], domain=None)
        db.session.add(org)
        db.session.flush()
    user = User(
        organization_id=org.id,
        email=email,
        name=name[:200],
        password_hash=passwords.hash_password(password),
        role="system_admin",
        is_active=True,
        password_changed_at=_now(),
    )
    user.organization = org
    db.session.add(user)
    db.session.flush()
    audit.record(
        "user.system_admin_created",
        organization_id=org.id,
        actor_id=None,
        target_type="user",
        target_id=user.id,
        after={"role": "system_admin", "organization_created": created},
    )
    db.session.commit()
    return user
