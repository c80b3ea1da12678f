"""User management inside the caller's organization (org admins and up)."""

from __future__ import annotations

import uuid

from etp_app.api.common import BEARER_AUTH, ApiBlueprint, ErrorSchema, error_responses
from etp_app.api.users.lgpd_schemas import AccountDeleteSchema, PersonalDataSchema
from etp_app.api.users.schemas import UserQuerySchema, UserSchema, UserUpdateSchema
from etp_app.security import authenticated, current_identity
from etp_app.services import accounts, lgpd

blp = ApiBlueprint(
    "users",
    __name__,
    url_prefix="/api/v1/users",
    description="Pessoas da organização: listagem e perfis de acesso (administradores)",
)
SECURITY = BEARER_AUTH


@blp.route("", methods=["GET"])
@blp.doc(security=SECURITY)
@authenticated(role="org_admin")
@blp.arguments(UserQuerySchema, location="query")
@blp.response(200, UserSchema(many=True))
@blp.paginate()
@error_responses(blp, 401, 403, e403="Somente administradores da organização listam pessoas")
def list_users(query, pagination_parameters):
    """Pessoas da organização de quem chama, por nome (filtros: `role`, `q` em nome ou e-mail).

    Paginação com `page` e `page_size`; os totais vêm no cabeçalho `X-Pagination`.
    """
    users, total = accounts.list_users(
        current_identity(),
        role=query.get("role"),
        q=query.get("q"),
        page=pagination_parameters.page,
        page_size=pagination_parameters.page_size,
    )
    pagination_parameters.item_count = total
    return users


@blp.route("/<uuid:user_id>", methods=["PATCH"])
@blp.doc(security=SECURITY)
@authenticated(role="org_admin")
@blp.arguments(UserUpdateSchema)
@blp.response(200, UserSchema)
@error_responses(
    blp,
    400,
    401,
    403,
    404,
    409,
    415,
    e403="Alterar o próprio perfil ou a própria permissão de autoridade competente, conceder system_admin ou alterar um system_admin sem sê-lo",
    e409="Rebaixar ou desativar o último administrador da organização",
)
def update_user(body, user_id: uuid.UUID):
    """Altera perfil (`role`), nome, situação (`is_active`) ou permissão de uma pessoa da organização.

    `autoridade_competente`: a permissão de aprovar ETPs conforme a política da organização
    (`approvers` em PATCH /api/v1/organization). Ninguém altera o próprio perfil nem a própria permissão. A mudança de perfil revoga os access tokens da pessoa (vale no
    próximo refresh); a desativação revoga todos os seus tokens.
    """
    return accounts.update_user(current_identity(), user_id, body)


# --------------------------------------------------------------------------- LGPD (Lei 13.709/2018)
# "/me" is a literal segment; "/<uuid:user_id>" only matches UUIDs, so the two never collide.


@blp.route("/me/export", methods=["GET"])
@authenticated(allow_orgless=True)
@blp.doc(security=SECURITY)
@blp.response(200, PersonalDataSchema)
@error_responses(blp, 401)
def export_my_data():
    """Meus dados pessoais (LGPD, art. 18, II): perfil, organização, perfil de acesso, datas, minhas
    entradas na trilha de auditoria (ação, alvo, IP, quando), ETPs que criei e trabalhos que iniciei.

    A exportação fica registrada na trilha de auditoria.
    """
    return lgpd.export_personal_data(current_identity())


@blp.route("/me", methods=["DELETE"])
@authenticated(allow_orgless=True)
@blp.doc(security=SECURITY)
@blp.arguments(AccountDeleteSchema)
@blp.response(204)
@error_responses(
    blp,
    400,
    401,
    409,
    415,
    429,
    e409="Última pessoa administradora ativa de uma organização com outros membros: promova alguém antes",
    e429="Muitas senhas incorretas desta conta a partir deste endereço: aguarde o Retry-After",
)
@blp.alt_response(422, schema=ErrorSchema, description="Senha incorreta (campo password) ou corpo inválido")
@blp.alt_response(503, schema=ErrorSchema, description="Serviço de sessões indisponível: nada foi alterado")
def delete_my_account(body):
    """Exclui minha conta (LGPD, art. 18, VI): anonimiza nome, e-mail e senha, desativa a conta e
    revoga todos os tokens. Os ETPs que criei continuam com a organização.

    Exige a senha atual no corpo (`{"password": ...}`); senha incorreta responde 422 (campo
    `password`) e conta como tentativa de login sem sucesso desta conta a partir deste endereço
    (atrasos crescentes, 429 com Retry-After; veja `POST /api/v1/auth/login`). A última pessoa administradora
    ativa de uma organização que tem outros membros ativos recebe 409: promova alguém antes.
    """
    lgpd.delete_account(current_identity(), password=body["password"])
