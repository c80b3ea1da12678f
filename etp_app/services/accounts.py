"""Accounts and organizations: register, login, tokens, passwords, password reset, user management.

Every use case here owns its transaction and commits once. Token revocation (services/sessions.py)
is written in that transaction (PostgreSQL is its source of truth), so a failed commit never leaves a
user logged out for nothing, and new tokens are issued after the commit, so they survive it.

Failed password checks are counted per (e-mail, address), per address and per e-mail in PostgreSQL
(services/login_throttle.py): growing delays for the pair or the address that keeps failing, never a
lock of the account, and the same answers for a known and an unknown e-mail.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, TypeGuard

from marshmallow import ValidationError, validate
from sqlalchemy import case, func, literal, literal_column, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from etp_app import domains
from etp_app.errors import Conflict, Forbidden, NotFound, Unauthorized, UnprocessableEntity
from etp_app.extensions import db
from etp_app.models import Organization, PasswordResetToken, User
from etp_app.security import Identity
from etp_app.services import audit, login_throttle, mail, paging, passwords, sessions

INVALID_CREDENTIALS = (
    "E-mail ou senha incorretos. Se você acabou de se cadastrar, confirme primeiro o seu e-mail pelo link que "
    "enviamos (ou peça um novo link de confirmação)."
)
INVALID_RESET_TOKEN = "Link de redefinição inválido, expirado ou já utilizado. Peça um novo."
FORGOT_PASSWORD_MESSAGE = (
    "Se houver uma conta com este e-mail, enviaremos um link para redefinir a senha. Verifique sua caixa de entrada."
)
WEAK_PASSWORD = "A senha não atende à política de senhas."

_email_validator = validate.Email(error="E-mail inválido.")


# --------------------------------------------------------------------------- helpers


def _now() -> datetime:
    return datetime.now(UTC)


def normalize_email(email: str) -> str:
    """Lower case, and the domain in its canonical form (``etp_app.domains``: IDNA, no trailing dot),
    so ``Maria@XN--...`` and ``maria@...`` name one account. A domain that cannot be normalized is
    only lower-cased (no account can have it: registration refuses it)."""
    text = (email or "").strip().lower()
    local, sep, domain = text.rpartition("@")
    if not sep:
        return text
    try:
        return f"{local}@{domains.normalize(domain)}"
    except domains.InvalidDomain:
        return text


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
    """Open a login session for ``user`` and return its ``{access_token, refresh_token}``; commits
    (services/sessions.py)."""
    return sessions.start(user)


def _invalidate_reset_tokens(user_id: uuid.UUID, now: datetime) -> None:
    db.session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == user_id, PasswordResetToken.used_at.is_(None))
        .values(used_at=now)
    )


# --------------------------------------------------------------------------- register / login / tokens


REGISTER_MESSAGE = (
    "Cadastro recebido. Enviamos um e-mail para o endereço informado: siga as instruções dele para "
    "ativar a conta (confira também a caixa de spam)."
)


def _register_statement(*, email: str, name: str, password_hash: str, now: datetime):
    """One statement for every registration: insert the account, or (an e-mail already registered)
    return the existing one. An existing account that never verified its e-mail takes the new
    password and name (it could do nothing yet: the latest registrant, who is mailed the link,
    owns it); a verified one is never touched. Rows: (id, state) with state "created",
    "unverified" or "verified"."""
    inserted = (
        pg_insert(User)
        .values(
            id=uuid.uuid4(),
            organization_id=None,
            email=email,
            name=name,
            password_hash=password_hash,
            role="member",
            is_active=True,
            password_changed_at=now,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_update(
            index_elements=[User.email],
            set_={"password_hash": password_hash, "name": name, "password_changed_at": now, "updated_at": now},
            where=(User.email_verified_at.is_(None) & User.deleted_at.is_(None)),
        )
        .returning(
            User.id,
            case((literal_column("xmax") == literal_column("0"), "created"), else_="unverified").label("state"),
        )
        .cte("registered")
    )
    existing = select(User.id, literal("verified").label("state")).where(
        User.email == email, ~select(inserted.c.id).exists()
    )
    return select(inserted.c.id, inserted.c.state).union_all(existing)


def register(*, email: str, password: str, name: str) -> str:
    """Register an account, answering the same (status, body and cost) whether or not the e-mail is
    already registered (no enumeration): both paths check the password policy, hash the password,
    run the same statement and queue one mail.

    - new e-mail: the account is created without an organization and unverified (it can do nothing
      until its e-mail is verified) and the "verify_email" mail carries the link;
    - an account that never verified its e-mail: "verify_email" again (with the new password);
    - a verified account: the owner is told someone tried ("account_exists"), nothing changes.

    Organizations are never joined here: only by an invitation or an approved request.
    """
    email = normalize_email(email)
    name = name.strip()
    _check_policy(password, email=email, name=name, field="password")
    password_hash = passwords.hash_password(password)
    now = _now()
    row = db.session.execute(
        _register_statement(email=email, name=name[:200], password_hash=password_hash, now=now)
    ).one_or_none()
    # no row only in a race with a concurrent change of that account: answer as for a known e-mail
    user_id, state = (row.id, row.state) if row is not None else (None, "unknown")
    audit.record(
        "auth.register",
        organization_id=None,
        actor_id=user_id,
        target_type="user",
        target_id=user_id,
        after={"outcome": state},
    )
    db.session.commit()
    if state in ("created", "unverified"):
        mail.enqueue("verify_email", user_id=str(user_id))
    else:
        mail.enqueue("account_exists", email=email)
    return REGISTER_MESSAGE


def _audit_login_failed(user: User | None, reason: str, **details: Any) -> None:
    audit.record(
        "auth.login_failed",
        organization_id=user.organization_id if user else None,
        actor_id=user.id if user else None,
        target_type="user" if user else None,
        target_id=user.id if user else None,
        after={"reason": reason, **details},
    )


def login(*, email: str, password: str) -> tuple[User, dict]:
    """Check the password and open a session.

    Every failure answers the same 401 — unknown e-mail, wrong password, deactivated or deleted
    account (the right password of a deactivated account too) — and is counted the same way by
    ``services.login_throttle`` (per e-mail and address, never per account row): the throttled pair
    or address answers 429 with ``Retry-After`` before any password is checked, identically for a
    known and an unknown e-mail. The unknown e-mail burns a password verification's time.

    An account whose e-mail is not verified yet answers that same 401, counted the same way, even with
    its right password: register stores the caller's password for an unknown or unverified e-mail and
    changes nothing for a verified one, so a distinct answer here would let anyone tell, by
    registering an e-mail with a password of theirs and logging in with it, whether a verified account
    exists. The 401's text tells a new registrant to confirm the e-mail first (the link can be asked
    again at ``/auth/resend-verification``).
    """
    email = normalize_email(email)
    now = _now()
    keys = login_throttle.keys_for(email)
    user = _find_by_email(email)

    wait = login_throttle.blocked_for(keys, now)
    if wait is not None:
        _audit_login_failed(user, "throttled", retry_after=wait)
        db.session.commit()
        raise login_throttle.throttled_error(wait)

    if user is None or user.deleted_at is not None:
        passwords.burn_verification_time(password)
        reason: str | None = "deleted_account" if user else "unknown_account"
    elif not passwords.verify_password(user.password_hash, password):
        reason = "wrong_password"
    elif not user.is_active:
        reason = "inactive"  # the right password: answered and counted like a wrong one
    elif user.email_verified_at is None:
        reason = "email_not_verified"  # likewise (see above)
    else:
        reason = None
    if reason is not None or user is None:
        failure = login_throttle.record_failure(keys, now)
        _audit_login_failed(user, reason or "unknown_account", **failure.audit())
        db.session.commit()
        login_throttle.alert_owner(failure)
        raise Unauthorized(INVALID_CREDENTIALS)

    login_throttle.clear(keys)

    user.last_login_at = now
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    audit.record(
        "auth.login", organization_id=user.organization_id, actor_id=user.id, target_type="user", target_id=user.id
    )
    db.session.commit()
    return user, issue_tokens(user)


def current_user(identity: Identity) -> User:
    user = db.session.get(User, identity.user_id)
    if not _can_log_in(user):
        raise Unauthorized("Conta indisponível: faça login novamente.")
    return user


def update_own_profile(identity: Identity, *, name: str) -> User:
    """The caller corrects their own name (LGPD, art. 18, III); audited as ``user.profile_updated``.
    Role, situation and permissions stay with the org admins (``update_user``)."""
    user = current_user(identity)
    if name == user.name:
        return user
    before, after = audit.summarize_change({"name": user.name}, {"name": name})
    user.name = name
    audit.record(
        "user.profile_updated",
        organization_id=user.organization_id,
        actor_id=user.id,
        target_type="user",
        target_id=user.id,
        before=before,
        after=after,
    )
    db.session.commit()
    return user


# --------------------------------------------------------------------------- passwords


def confirm_password(
    user: User, password: str, *, now: datetime, failed_action: str, wrong_reason: str, wrong: Exception
) -> login_throttle.Keys:
    """Check the password a signed-in person typed to confirm an action, as a login would count it:
    429 while the (account, caller address) pair is throttled; a wrong one counts as a failed login
    (services/login_throttle.py), is audited as ``failed_action`` and raises ``wrong``. Commits on
    failure. Returns the pair's counters (a success clears them)."""
    keys = login_throttle.keys_for(user.email)
    wait = login_throttle.blocked_for(keys, now)
    if wait is not None:
        audit.record(
            failed_action,
            organization_id=user.organization_id,
            actor_id=user.id,
            target_type="user",
            target_id=user.id,
            after={"reason": "throttled", "retry_after": wait},
        )
        db.session.commit()
        raise login_throttle.throttled_error(wait)
    if not passwords.verify_password(user.password_hash, password):
        failure = login_throttle.record_failure(keys, now)
        audit.record(
            failed_action,
            organization_id=user.organization_id,
            actor_id=user.id,
            target_type="user",
            target_id=user.id,
            after={"reason": wrong_reason, **failure.audit()},
        )
        db.session.commit()
        login_throttle.alert_owner(failure)
        raise wrong
    return keys


def change_password(identity: Identity, *, current_password: str, new_password: str) -> dict[str, str]:
    """Set a new password, revoke every earlier token of the user and return fresh tokens.

    A wrong current password answers 422 (field ``current_password``), not 401: the caller's token is
    valid, and a 401 would make clients treat it as an expired session. It counts as a failed login
    of the account from the caller's address (services/login_throttle.py), so a stolen access token
    cannot be used to guess the password faster than a login could; while that pair is throttled
    the answer is 429.
    """
    user = current_user(identity)
    now = _now()
    keys = confirm_password(
        user,
        current_password,
        now=now,
        failed_action="auth.password_change_failed",
        wrong_reason="wrong_current_password",
        wrong=UnprocessableEntity(
            "A senha atual está incorreta.", errors={"current_password": ["Senha atual incorreta."]}
        ),
    )
    _check_policy(new_password, email=user.email, name=user.name, field="new_password")
    if passwords.verify_password(user.password_hash, new_password):
        raise UnprocessableEntity(WEAK_PASSWORD, errors={"new_password": ["A nova senha deve ser diferente da atual."]})

    user.password_hash = passwords.hash_password(new_password)
    user.password_changed_at = now
    login_throttle.clear(keys)
    _invalidate_reset_tokens(user.id, now)
    audit.record(
        "auth.password_changed",
        organization_id=user.organization_id,
        actor_id=user.id,
        target_type="user",
        target_id=user.id,
    )
    sessions.revoke_user(user, "password_changed")
    db.session.commit()
    return issue_tokens(user)


def request_password_reset(email: str) -> str:
    """Queue the "password_reset" mail; the answer (and its cost) is the same whether or not the account
    exists: the worker looks the account up and creates the token (``services.account_mail``)."""
    mail.enqueue("password_reset", email=normalize_email(email))
    return FORGOT_PASSWORD_MESSAGE


def reset_password(*, token: str, new_password: str) -> None:
    """Spend a reset token: new password, every token of the user revoked, and the failed logins of
    the account from this address forgotten (the link proved the mailbox)."""
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
    login_throttle.clear(login_throttle.keys_for(user.email))
    row.used_at = now
    _invalidate_reset_tokens(user.id, now)
    audit.record(
        "auth.password_reset",
        organization_id=user.organization_id,
        actor_id=user.id,
        target_type="user",
        target_id=user.id,
    )
    sessions.revoke_user(user, "password_reset")
    db.session.commit()


# --------------------------------------------------------------------------- user management


def list_users(
    identity: Identity, *, role: str | None = None, q: str | None = None, page: int = 1, page_size: int = 10
) -> tuple[list[User], int]:
    """Users of the caller's organization (deleted accounts excluded), ordered by name."""
    conditions = [User.organization_id == identity.organization_id, User.deleted_at.is_(None)]
    if role:
        conditions.append(User.role == role)
    if q and q.strip():
        pattern = f"%{paging.escape_like(q.strip())}%"
        conditions.append(or_(User.name.ilike(pattern, escape="\\"), User.email.ilike(pattern, escape="\\")))
    return paging.page_of(User, conditions, order_by=(User.name, User.email, User.id), page=page, page_size=page_size)


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
        sessions.revoke_user(target, "deactivated")
    elif "role" in wanted:
        # access tokens carry the role: cut them; the next refresh reads the new role from the database
        sessions.revoke_user(target, "role_changed", access_only=True)
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
        org = Organization(name=organization_name[:200])
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
        # created by an operator on the server's terminal: no mailbox proof to wait for
        email_verified_at=_now(),
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


def user_names(user_ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    """The current name of each person, in one query (an anonymized account reads "Usuário
    removido"; unknown ids are left out): for answers that store only an author's id."""
    wanted = {user_id for user_id in user_ids if user_id is not None}
    if not wanted:
        return {}
    rows = db.session.execute(select(User.id, User.name).where(User.id.in_(wanted))).all()
    return {user_id: name for user_id, name in rows}
