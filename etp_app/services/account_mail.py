"""The account mails (built in the worker, see ``etp_app.services.mail``): password reset, someone tried
to register an existing e-mail, many failed logins.

The request that asked for one of them only queued ``{"email": ...}``; here the account is looked up.
No account (or a deleted or deactivated one): nothing is sent, and the request answered exactly as
for a real account. Each mail carries a fresh single-use reset link (``/redefinir-senha?token=``):
creating it spends every older unused reset token of the account, so only the newest link works.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app

from etp_app.extensions import db
from etp_app.models import PasswordResetToken, User
from etp_app.services import accounts, audit, mail

RESET_PATH = "/redefinir-senha"


def _now() -> datetime:
    return datetime.now(UTC)


def _reset_ttl_seconds() -> int:
    return int(current_app.config["PASSWORD_RESET_TTL_SECONDS"])


def _validity(seconds: int) -> str:
    """``"60 minutos"``, ``"2 horas"``, ``"1 dia"``: how long a link is valid, in words."""
    if seconds % 86400 == 0:
        days = seconds // 86400
        return f"{days} dia" if days == 1 else f"{days} dias"
    if seconds % 3600 == 0 and seconds >= 7200:
        return f"{seconds // 3600} horas"
    minutes = max(1, seconds // 60)
    return f"{minutes} minuto" if minutes == 1 else f"{minutes} minutos"


def _account(params: dict[str, Any]) -> User | None:
    """The account of ``params["email"]`` when it may sign in (exists, active, not deleted)."""
    user = accounts._find_by_email(accounts.normalize_email(str(params.get("email") or "")))
    return user if accounts._can_log_in(user) else None


def issue_reset_link(user: User, *, reason: str) -> str:
    """A new reset token for ``user`` (older unused ones spent), audited; commits. Its link."""
    now = _now()
    raw = secrets.token_urlsafe(32)
    accounts._invalidate_reset_tokens(user.id, now)
    db.session.add(
        PasswordResetToken(
            user_id=user.id,
            token_hash=accounts._hash_token(raw),
            expires_at=now + timedelta(seconds=_reset_ttl_seconds()),
        )
    )
    audit.record(
        "auth.password_reset_requested",
        organization_id=user.organization_id,
        actor_id=user.id,
        target_type="user",
        target_id=user.id,
        after={"reason": reason},
    )
    db.session.commit()
    return mail.app_link(RESET_PATH, token=raw)


@mail.kind("password_reset")
def password_reset(params: dict[str, Any]) -> mail.Message | None:
    """``{email}``: the owner asked to reset the password (``POST /auth/forgot-password``)."""
    user = _account(params)
    if user is None:
        return None
    link = issue_reset_link(user, reason="forgot_password")
    validity = _validity(_reset_ttl_seconds())
    return mail.Message(
        to=user.email,
        subject="ETP Express: redefinição de senha",
        body_text=(
            f"Olá, {user.name}.\n\n"
            "Recebemos um pedido para redefinir a senha da sua conta no ETP Express.\n"
            f"Para escolher uma nova senha, abra o link abaixo (válido por {validity}, uma única vez):\n\n"
            f"{link}\n\n"
            "Se você não fez este pedido, ignore esta mensagem: sua senha continua a mesma.\n"
        ),
        link=link,
    )


@mail.kind("account_exists")
def account_exists(params: dict[str, Any]) -> mail.Message | None:
    """``{email}``: someone tried to create an account with an e-mail that already has one."""
    user = _account(params)
    if user is None:
        return None
    link = issue_reset_link(user, reason="register_existing")
    validity = _validity(_reset_ttl_seconds())
    return mail.Message(
        to=user.email,
        subject="ETP Express: tentativa de criar uma conta com o seu e-mail",
        body_text=(
            f"Olá, {user.name}.\n\n"
            "Alguém tentou criar uma conta no ETP Express com este e-mail, mas ele já tem uma conta.\n"
            "Nenhuma conta nova foi criada e nada mudou na sua.\n\n"
            f"Se foi você, entre com a sua senha em {mail.app_link('/')} ou, se não lembra dela, "
            f"redefina a senha pelo link abaixo (válido por {validity}, uma única vez):\n\n"
            f"{link}\n\n"
            "Se não foi você, ignore esta mensagem: sua senha continua a mesma.\n"
        ),
        link=link,
    )


@mail.kind("login_alert")
def login_alert(params: dict[str, Any]) -> mail.Message | None:
    """``{email}``: many failed sign-in attempts on the account (``auth.login`` throttling)."""
    user = _account(params)
    if user is None:
        return None
    link = issue_reset_link(user, reason="login_alert")
    validity = _validity(_reset_ttl_seconds())
    return mail.Message(
        to=user.email,
        subject="ETP Express: muitas tentativas de entrar na sua conta",
        body_text=(
            f"Olá, {user.name}.\n\n"
            "Houve muitas tentativas de entrar na sua conta do ETP Express com uma senha errada.\n"
            "Sua conta não foi bloqueada: de outro endereço, você continua entrando normalmente; "
            "do endereço das tentativas, cada nova tentativa espera um pouco mais.\n\n"
            "Se foi você e esqueceu a senha, redefina-a pelo link abaixo "
            f"(válido por {validity}, uma única vez):\n\n"
            f"{link}\n\n"
            "Se não foi você, alguém pode estar tentando adivinhar sua senha: use uma senha longa e "
            "exclusiva deste sistema. Se quiser trocá-la, use o mesmo link.\n"
        ),
        link=link,
    )
