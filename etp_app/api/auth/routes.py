"""Accounts: register, e-mail verification, login, refresh, logout, me, change / forgot / reset password."""

from __future__ import annotations

from flask import Response, current_app, request
from flask_jwt_extended import get_jwt, get_jwt_request_location, jwt_required

from etp_app.api.auth.schemas import (
    AuthResultSchema,
    ChangePasswordSchema,
    ForgotPasswordSchema,
    LoginSchema,
    LogoutSchema,
    MeSchema,
    MessageSchema,
    ProfileUpdateSchema,
    RefreshResultSchema,
    RegisterSchema,
    ResendVerificationSchema,
    ResetPasswordSchema,
    TokenPairSchema,
    VerifyEmailSchema,
)
from etp_app.api.auth.transport import (
    CSRF_HEADER_DOC,
    TRANSPORT_HEADER_DOC,
    clear_refresh_cookies,
    deliver,
    uses_refresh_cookie,
    wants_cookie,
)
from etp_app.api.common import BEARER_AUTH, ApiBlueprint, error_responses
from etp_app.errors import TooManyRequests
from etp_app.extensions import limiter
from etp_app.security import authenticated, client_ip, current_identity
from etp_app.services import accounts, joining, sessions

blp = ApiBlueprint("auth", __name__, url_prefix="/api/v1/auth", description="Contas: cadastro, login, tokens e senhas")
SECURITY = BEARER_AUTH


def auth_rate_limit() -> str:
    return current_app.config["RATELIMIT_AUTH"]


@blp.route("/register", methods=["POST"])
@limiter.limit(auth_rate_limit, key_func=client_ip)
@blp.arguments(RegisterSchema)
@blp.response(202, MessageSchema)
@error_responses(blp, 400, 415, 429, 503, e422="Dados inválidos, domínio de e-mail recusado ou senha fraca (por campo)")
def register(body):
    """Cria uma conta (sem organização) e envia o link de confirmação do e-mail.

    Responde sempre **202** com a mesma mensagem, exista ou não uma conta com este e-mail (sem
    enumeração de contas): para um e-mail já cadastrado e confirmado, o dono recebe um aviso com
    links para entrar ou redefinir a senha, e nada muda na conta.

    A conta não faz nada até o e-mail ser confirmado (`POST /api/v1/auth/verify-email`). Ela não
    entra em nenhuma organização pelo domínio do e-mail: só por convite de um administrador da
    organização ou por pedido de entrada aprovado. O campo `organization` de versões anteriores é
    aceito e ignorado.
    """
    return {"message": accounts.register(email=body["email"], password=body["password"], name=body["name"])}, 202


@blp.route("/verify-email", methods=["POST"])
@limiter.limit(auth_rate_limit, key_func=client_ip)
@blp.arguments(VerifyEmailSchema)
@blp.response(200, MessageSchema)
@error_responses(blp, 400, 415, 429, e422="Link inválido, expirado ou já usado (campo token)")
def verify_email(body):
    """Confirma o e-mail da conta com o token do link enviado (`/verificar-email?token=...`).

    O link é de uso único e vale por 48 horas (EMAIL_VERIFICATION_TTL_SECONDS). Um novo cadastro do
    mesmo e-mail (com outra senha) invalida os links anteriores. Depois de confirmar, a pessoa pode
    entrar.
    """
    return {"message": joining.verify_email(body["token"])}


@blp.route("/resend-verification", methods=["POST"])
@limiter.limit(auth_rate_limit, key_func=client_ip)
@blp.arguments(ResendVerificationSchema)
@blp.response(202, MessageSchema)
@error_responses(blp, 400, 415, 429, 503)
def resend_verification(body):
    """Pede um novo link de confirmação do e-mail.

    Responde sempre 202 com a mesma mensagem, exista a conta ou não; o e-mail só é enviado a uma
    conta que ainda aguarda a confirmação.
    """
    return {"message": joining.resend_verification(body["email"])}, 202


@blp.route("/login", methods=["POST"])
@limiter.limit(auth_rate_limit, key_func=client_ip)
@blp.doc(parameters=[TRANSPORT_HEADER_DOC])
@blp.arguments(LoginSchema)
@blp.response(200, AuthResultSchema)
@error_responses(
    blp,
    400,
    401,
    415,
    429,
    e401=(
        "E-mail ou senha incorretos (a mesma resposta para conta inexistente, desativada, com e-mail não "
        "confirmado ou senha errada)"
    ),
    e429="Muitas tentativas sem sucesso deste e-mail ou deste endereço, ou limite de requisições: veja Retry-After",
)
def login(body):
    """Entra com e-mail e senha; devolve a pessoa e o par de tokens.

    Toda falha responde **401** com a mesma mensagem, exista a conta ou não (senha errada, conta
    inexistente, desativada ou excluída). Não há bloqueio da conta: as falhas são contadas por
    e-mail e endereço de origem. A partir da 5ª falha em 15 minutos (LOGIN_FREE_ATTEMPTS,
    LOGIN_WINDOW_SECONDS), cada nova tentativa deste e-mail **a partir deste endereço** responde
    **429** com `Retry-After` durante um atraso que dobra a cada falha (30 s, 60 s, 120 s ... até 15
    minutos) — mesmo com a senha certa; de outro endereço, o dono entra normalmente. Um endereço com
    30 falhas (qualquer e-mail, LOGIN_ADDRESS_FREE_ATTEMPTS) passa pelo mesmo atraso. Com 10 falhas
    do mesmo e-mail (LOGIN_ALERT_FAILURES), o dono recebe um e-mail com um link de redefinição de
    senha. Um login com sucesso zera a contagem deste e-mail neste endereço.

    Conta com o e-mail ainda não confirmado: mesmo com a senha certa responde o mesmo **401** (e conta
    como falha) — uma resposta diferente diria, a quem cadastrasse um e-mail com uma senha sua e
    tentasse entrar com ela, se já existe uma conta confirmada. A mensagem lembra de confirmar o
    e-mail; um novo link pode ser pedido em `POST /api/v1/auth/resend-verification`.
    """
    try:
        user, tokens = accounts.login(email=body["email"], password=body["password"])
    except TooManyRequests:
        _keep_own_retry_after()
        raise
    return deliver({"user": user, **tokens})


def _keep_own_retry_after() -> None:
    """A throttled login's 429 keeps its own Retry-After. Flask-Limiter sets Retry-After on every
    answer of a route it limits to the later of the answer's value and the reset of the route
    limit's window (here not breached), which would turn a 30 s block into up to 60 s, varying with
    the window; without the route limit's state for this request it adds no header to this answer."""
    limiter.context.view_rate_limit = None


@blp.route("/refresh", methods=["POST"])
@limiter.limit(auth_rate_limit, key_func=client_ip)
@blp.doc(
    security=SECURITY,
    description=(
        "Envie o **refresh token** como Bearer; ou, no aplicativo web, sem `Authorization`: o cookie "
        "`etp_refresh` autentica e o cabeçalho `X-CSRF-TOKEN` deve trazer o valor do cookie `etp_csrf` "
        "(401 sem ele ou com outro valor). Renovado pelo cookie, o próximo refresh token volta em cookie; "
        "um 401 desta rota apaga os dois cookies."
    ),
    parameters=[TRANSPORT_HEADER_DOC, CSRF_HEADER_DOC],
)
@jwt_required(refresh=True, locations=["headers", "cookies"])
@blp.response(200, RefreshResultSchema)
@error_responses(
    blp,
    401,
    429,
    e401="Refresh token inválido, expirado ou revogado; ou já usado e substituído (a sessão é encerrada)",
)
def refresh():
    """Renova os tokens: novo access token (com o perfil atual, lido do banco) e novo refresh token.

    O refresh token é de uso único: cada renovação devolve o próximo, e o usado deixa de valer.
    Reapresentar um refresh token já substituído encerra a sessão inteira (401), pois indica uma
    cópia do token. Exceção: duas renovações simultâneas com o mesmo token (duas abas) — a que
    chega até alguns segundos depois recebe só um novo `access_token`, sem `refresh_token`.
    """
    by_cookie = get_jwt_request_location() == "cookies" or wants_cookie()
    return deliver(sessions.refresh(get_jwt()), cookie=by_cookie)


@blp.after_request
def _clear_cookies(response: Response) -> Response:
    """Logout's answer expires the web app's cookies, whatever its status or the transport; so does a
    refresh by cookie answered 401 (expired, revoked, reused, bad CSRF: the cookies are useless)."""
    endpoint = request.endpoint
    if endpoint == f"{blp.name}.logout" or (
        endpoint == f"{blp.name}.refresh" and response.status_code == 401 and uses_refresh_cookie()
    ):
        clear_refresh_cookies(response)
    return response


@blp.route("/logout", methods=["POST"])
@blp.doc(security=SECURITY)
@authenticated(allow_orgless=True)
@blp.arguments(LogoutSchema, required=False)
@blp.response(204)
@error_responses(blp, 400, 401, 415, e422="refresh_token inválido ou de outra conta")
def logout(body):
    """Encerra a sessão do token usado: o access token e o refresh token dela deixam de valer.

    Um `refresh_token` enviado no corpo (da mesma conta) tem a sessão dele encerrada também. A resposta
    apaga os cookies do aplicativo web (`etp_refresh`, `etp_csrf`).
    """
    sessions.logout(current_identity(), get_jwt(), body.get("refresh_token"))


@blp.route("/me", methods=["GET"])
@blp.doc(security=SECURITY)
@authenticated(allow_orgless=True)
@blp.response(200, MeSchema)
@error_responses(blp, 401)
def me():
    """A pessoa autenticada e sua organização (`null` enquanto a conta não entrou em nenhuma:
    aceite um convite ou peça para entrar em uma) e se o e-mail foi confirmado."""
    return accounts.current_user(current_identity())


@blp.route("/me", methods=["PATCH"])
@blp.doc(security=SECURITY)
@authenticated(allow_orgless=True)
@blp.arguments(ProfileUpdateSchema)
@blp.response(200, MeSchema)
@error_responses(blp, 400, 401, 415, e422="Nome vazio ou com mais de 200 caracteres")
def update_me(body):
    """Corrige o meu nome (LGPD, art. 18, III). Perfil de acesso, situação e permissões são alterados
    pela administração da organização (`PATCH /api/v1/users/<id>`); o e-mail não muda por aqui."""
    return accounts.update_own_profile(current_identity(), name=body["name"])


@blp.route("/change-password", methods=["POST"])
@blp.doc(security=SECURITY, parameters=[TRANSPORT_HEADER_DOC])
@authenticated(allow_orgless=True)
@blp.arguments(ChangePasswordSchema)
@blp.response(200, TokenPairSchema)
@error_responses(
    blp,
    400,
    401,
    415,
    429,
    e422="Senha atual incorreta (campo current_password) ou nova senha fora da política (new_password)",
    e429="Muitas senhas incorretas desta conta a partir deste endereço: aguarde o Retry-After",
)
def change_password(body):
    """Troca a senha: revoga todos os tokens anteriores e devolve um par novo.

    Senha atual incorreta responde **422** (campo `current_password`), não 401: o token continua
    válido, e a tentativa conta como um login sem sucesso desta conta a partir deste endereço (veja
    `POST /api/v1/auth/login`: atrasos crescentes, 429 com Retry-After).
    """
    return deliver(
        accounts.change_password(
            current_identity(), current_password=body["current_password"], new_password=body["new_password"]
        )
    )


@blp.route("/forgot-password", methods=["POST"])
@limiter.limit(auth_rate_limit, key_func=client_ip)
@blp.arguments(ForgotPasswordSchema)
@blp.response(202, MessageSchema)
@error_responses(blp, 400, 415, 429, 503)
def forgot_password(body):
    """Pede um link de redefinição de senha.

    Responde sempre 202 com a mesma mensagem (e no mesmo tempo), exista a conta ou não: o pedido só
    entra na fila de e-mails; um worker procura a conta e envia o link (uso único, válido por
    PASSWORD_RESET_TTL_SECONDS, uma hora por padrão). Sem SMTP configurado, a mensagem fica na caixa
    de saída (tabela mail_outbox; em desenvolvimento, GET /api/v1/dev/outbox e uma linha no console).
    503 quando a fila está indisponível (igual para qualquer e-mail).
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
    """Define uma nova senha com o token do link; revoga todas as sessões e zera as tentativas sem
    sucesso da conta a partir deste endereço."""
    accounts.reset_password(token=body["token"], new_password=body["new_password"])
