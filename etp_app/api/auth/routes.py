"""Accounts: register, login, refresh, logout, me, change / forgot / reset password."""

from __future__ import annotations

import uuid

from flask import current_app
from flask_jwt_extended import get_jwt, get_jwt_identity, jwt_required

from etp_app.api.auth.schemas import (
    AccessTokenSchema,
    AuthResultSchema,
    ChangePasswordSchema,
    ForgotPasswordSchema,
    LoginSchema,
    LogoutSchema,
    MessageSchema,
    RegisterSchema,
    ResetPasswordSchema,
    TokenPairSchema,
)
from etp_app.api.common import BEARER_AUTH, ApiBlueprint, error_responses
from etp_app.api.users.schemas import UserSchema
from etp_app.extensions import limiter
from etp_app.security import authenticated, client_ip, current_identity
from etp_app.services import accounts

blp = ApiBlueprint("auth", __name__, url_prefix="/api/v1/auth", description="Contas: cadastro, login, tokens e senhas")
SECURITY = BEARER_AUTH


def auth_rate_limit() -> str:
    return current_app.config["RATELIMIT_AUTH"]


@blp.route("/register", methods=["POST"])
@limiter.limit(auth_rate_limit, key_func=client_ip)
@blp.arguments(RegisterSchema)
@blp.response(201, AuthResultSchema)
@error_responses(
    blp,
    400,
    409,
    415,
    429,
    e409="Já existe uma conta com este e-mail",
    e422="Dados inválidos ou senha fraca (erros por campo)",
)
def register(body):
    """Cria uma conta.

    Entra na organização cujo domínio é o do e-mail, como `member`; sem ela, cria uma organização
    (com o nome em `organization`, ou derivado do domínio) e faz de quem se cadastra o `org_admin`.
    E-mails de webmail público (gmail.com, hotmail.com, uol.com.br...) nunca reivindicam o domínio.
    """
    user, tokens = accounts.register(
        email=body["email"], password=body["password"], name=body["name"], organization_name=body.get("organization")
    )
    return {"user": user, **tokens}


@blp.route("/login", methods=["POST"])
@limiter.limit(auth_rate_limit, key_func=client_ip)
@blp.arguments(LoginSchema)
@blp.response(200, AuthResultSchema)
@error_responses(
    blp,
    400,
    401,
    415,
    429,
    e401="E-mail ou senha incorretos (mesma mensagem para conta inexistente)",
    e429="Conta bloqueada após 5 falhas em 15 minutos, ou limite de requisições: veja Retry-After",
)
def login(body):
    """Entra com e-mail e senha; devolve a pessoa e o par de tokens."""
    user, tokens = accounts.login(email=body["email"], password=body["password"])
    return {"user": user, **tokens}


@blp.route("/refresh", methods=["POST"])
@limiter.limit(auth_rate_limit, key_func=client_ip)
@blp.doc(security=SECURITY, description="Envie o **refresh token** como Bearer.")
@jwt_required(refresh=True)
@blp.response(200, AccessTokenSchema)
@error_responses(blp, 401, 429)
def refresh():
    """Novo access token, com o perfil atual da pessoa lido do banco."""
    return {"access_token": accounts.refresh_access_token(uuid.UUID(get_jwt_identity()))}


@blp.route("/logout", methods=["POST"])
@blp.doc(security=SECURITY)
@authenticated()
@blp.arguments(LogoutSchema, required=False)
@blp.response(204)
@error_responses(blp, 400, 401, 415, e422="refresh_token inválido ou de outra conta")
def logout(body):
    """Revoga o access token usado (e o refresh token, se enviado no corpo)."""
    accounts.logout(current_identity(), get_jwt(), body.get("refresh_token"))


@blp.route("/me", methods=["GET"])
@blp.doc(security=SECURITY)
@authenticated()
@blp.response(200, UserSchema)
@error_responses(blp, 401)
def me():
    """A pessoa autenticada e sua organização."""
    return accounts.current_user(current_identity())


@blp.route("/change-password", methods=["POST"])
@blp.doc(security=SECURITY)
@authenticated()
@blp.arguments(ChangePasswordSchema)
@blp.response(200, TokenPairSchema)
@error_responses(
    blp,
    400,
    401,
    415,
    429,
    e422="Senha atual incorreta (campo current_password) ou nova senha fora da política (new_password)",
    e429="Conta bloqueada por tentativas sem sucesso: veja Retry-After",
)
def change_password(body):
    """Troca a senha: revoga todos os tokens anteriores e devolve um par novo.

    Senha atual incorreta responde **422** (campo `current_password`), não 401: o token continua
    válido, e a tentativa conta para o bloqueio por tentativas sem sucesso.
    """
    return accounts.change_password(
        current_identity(), current_password=body["current_password"], new_password=body["new_password"]
    )


@blp.route("/forgot-password", methods=["POST"])
@limiter.limit(auth_rate_limit, key_func=client_ip)
@blp.arguments(ForgotPasswordSchema)
@blp.response(202, MessageSchema)
@error_responses(blp, 400, 415, 429)
def forgot_password(body):
    """Pede um link de redefinição de senha.

    Responde sempre 202 com a mesma mensagem, exista a conta ou não. O link (uso único, válido por
    uma hora) vai por e-mail quando há SMTP configurado; senão, é escrito no log do servidor.
    """
    return {"message": accounts.request_password_reset(body["email"])}


@blp.route("/reset-password", methods=["POST"])
@limiter.limit(auth_rate_limit, key_func=client_ip)
@blp.arguments(ResetPasswordSchema)
@blp.response(204)
@error_responses(
    blp, 400, 415, 429, e422="Token inválido, expirado ou já usado (campo token), ou senha fora da política"
)
def reset_password(body):
    """Define uma nova senha com o token do link; revoga todas as sessões e desbloqueia a conta."""
    accounts.reset_password(token=body["token"], new_password=body["new_password"])
