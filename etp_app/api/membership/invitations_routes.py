"""Invitations: an org admin invites people to the organization; the invited person inspects and
accepts the invitation from the e-mailed link (services/membership.py)."""

from __future__ import annotations

import uuid

from flask import current_app

from etp_app.api.auth.schemas import AuthResultSchema
from etp_app.api.auth.transport import TRANSPORT_HEADER_DOC, deliver
from etp_app.api.common import ApiBlueprint, bearer_auth, error_responses
from etp_app.api.membership.schemas import (
    InvitationAcceptSchema,
    InvitationCreateSchema,
    InvitationPreviewSchema,
    InvitationQuerySchema,
    InvitationSchema,
    InvitationTokenSchema,
)
from etp_app.extensions import limiter
from etp_app.security import authenticated, client_ip, current_identity
from etp_app.services import membership

blp = ApiBlueprint(
    "invitations",
    __name__,
    url_prefix="/api/v1",
    description="Convites: a forma de entrar em uma organização por iniciativa de um administrador dela",
)


def _auth_rate_limit() -> str:
    return current_app.config["RATELIMIT_AUTH"]


@blp.route("/organization/invitations", methods=["POST"])
@authenticated(role="org_admin")
@bearer_auth(blp)
@error_responses(
    blp,
    400,
    401,
    403,
    409,
    415,
    503,
    e403="Somente administradores da organização convidam; ninguém concede perfil acima do seu",
    e409="A pessoa já faz parte da organização, ou já há um convite pendente para o e-mail",
    e422="E-mail inválido ou perfil que convites não concedem (system_admin)",
    e503="Fila de e-mails indisponível: o convite foi criado; reenvie-o depois",
)
@blp.arguments(InvitationCreateSchema)
@blp.response(201, InvitationSchema)
def create_invitation(body):
    """Convida uma pessoa (pelo e-mail) para a sua organização, com um perfil.

    O convite vai por e-mail, com o link `/convite?token=...` (válido por INVITATION_TTL_SECONDS,
    7 dias por padrão), que diz a organização, o perfil e quem convidou. Perfis: `viewer`,
    `member` ou `org_admin` — nunca `system_admin`, nem acima do seu. Esta é (com o pedido de
    entrada aprovado) a única forma de entrar na organização: o domínio do e-mail não dá acesso.
    """
    return membership.invite(current_identity(), email=body["email"], role=body["role"])


@blp.route("/organization/invitations", methods=["GET"])
@authenticated(role="org_admin")
@bearer_auth(blp)
@error_responses(blp, 401, 403)
@blp.arguments(InvitationQuerySchema, location="query")
@blp.response(200, InvitationSchema(many=True))
@blp.paginate()
def list_invitations(query, pagination_parameters):
    """Os convites da sua organização, mais recentes primeiro (filtro `status`).

    Paginação com `page` e `page_size`; os totais vêm no cabeçalho `X-Pagination`.
    """
    rows, total = membership.list_invitations(
        current_identity(),
        status=query.get("status"),
        page=pagination_parameters.page,
        page_size=pagination_parameters.page_size,
    )
    pagination_parameters.item_count = total
    return rows


@blp.route("/organization/invitations/<uuid:invitation_id>", methods=["DELETE"])
@authenticated(role="org_admin")
@bearer_auth(blp)
@error_responses(
    blp,
    401,
    403,
    404,
    409,
    e404="Convite não encontrado (ou de outra organização)",
    e409="O convite já foi aceito",
)
@blp.response(204)
def revoke_invitation(invitation_id: uuid.UUID):
    """Revoga um convite: o link deixa de valer. Revogar um convite já revogado ou vencido não muda nada."""
    membership.revoke_invitation(current_identity(), invitation_id)


@blp.route("/organization/invitations/<uuid:invitation_id>/resend", methods=["POST"])
@authenticated(role="org_admin")
@bearer_auth(blp)
@error_responses(
    blp,
    401,
    403,
    404,
    409,
    503,
    e404="Convite não encontrado (ou de outra organização)",
    e409="O convite já foi aceito, revogado ou substituído",
)
@blp.response(202, InvitationSchema)
def resend_invitation(invitation_id: uuid.UUID):
    """Reenvia o convite com um novo link, válido por mais INVITATION_TTL_SECONDS (também para um
    convite cujo link venceu); o link anterior deixa de valer."""
    return membership.resend_invitation(current_identity(), invitation_id)


@blp.route("/auth/invitations/inspect", methods=["POST"])
@limiter.limit(_auth_rate_limit, key_func=client_ip)
@error_responses(blp, 400, 415, 429, e422="Convite inválido, expirado, revogado ou já utilizado (campo token)")
@blp.arguments(InvitationTokenSchema)
@blp.response(200, InvitationPreviewSchema)
def inspect_invitation(body):
    """O que o convite do link oferece: a organização, o perfil, o e-mail convidado e se já existe
    uma conta com ele (`account_exists`: quando false, a página pede nome e senha). Não precisa de
    token de acesso e não gasta o convite."""
    return membership.inspect_invitation(body["token"])


@blp.route("/auth/invitations/accept", methods=["POST"])
@limiter.limit(_auth_rate_limit, key_func=client_ip)
@error_responses(
    blp,
    400,
    409,
    415,
    429,
    e409="A conta com o e-mail convidado já faz parte de uma organização, ou está desativada",
    e422="Convite inválido, expirado, revogado ou já utilizado (campo token); ou nome e senha ausentes "
    "ou senha fora da política, quando a conta é criada",
)
@blp.doc(parameters=[TRANSPORT_HEADER_DOC])
@blp.arguments(InvitationAcceptSchema)
@blp.response(200, AuthResultSchema)
def accept_invitation(body):
    """Aceita o convite do link e entra: devolve a pessoa e um par de tokens já com a organização.

    - Sem conta com o e-mail convidado: cria a conta (informe `name` e `password`), com o e-mail já
      confirmado (o link chegou nele), na organização e com o perfil do convite.
    - Com uma conta confirmada e sem organização: ela entra na organização (`name` e `password`
      são ignorados).
    - Com uma conta cujo e-mail nunca foi confirmado: quem abriu o link provou ser dono do e-mail,
      então a conta recebe o nome e a senha informados (obrigatórios) e entra, confirmada.
    - Com uma conta que já faz parte de uma organização: 409 (uma conta pertence a uma só).
    - Link usado, revogado ou vencido: 422.
    """
    user, tokens = membership.accept_invitation(body["token"], name=body.get("name"), password=body.get("password"))
    return deliver({"user": user, **tokens})
