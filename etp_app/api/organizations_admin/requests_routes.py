"""Requests to create an organization, by a verified account that has not joined one yet."""

from __future__ import annotations

from etp_app.api.common import ApiBlueprint, bearer_auth, error_responses
from etp_app.api.organizations_admin.schemas import OrganizationRequestCreateSchema, OrganizationRequestSchema
from etp_app.security import authenticated, current_identity
from etp_app.services import joining

blp = ApiBlueprint(
    "organization_requests",
    __name__,
    url_prefix="/api/v1",
    description="Pedidos de criação de organização (conta confirmada que ainda não faz parte de uma)",
)


@blp.route("/organization-requests", methods=["POST"])
@authenticated(allow_orgless=True)
@bearer_auth(blp)
@error_responses(
    blp,
    400,
    401,
    403,
    409,
    415,
    e403="E-mail ainda não confirmado",
    e409="A conta já faz parte de uma organização, já tem um pedido aguardando, ou um domínio já é de outra organização",
    e422="Nome, justificativa ou domínio inválido (ou de webmail público, ou que imita um domínio já cadastrado)",
)
@blp.arguments(OrganizationRequestCreateSchema)
@blp.response(201, OrganizationRequestSchema)
def create_organization_request(body):
    """Pede aos administradores do sistema a criação de uma organização com os domínios informados.

    Se a organização já existe no ETP Express, peça para entrar nela
    (`GET /api/v1/organizations/suggestions`) ou um convite a um administrador dela. Na aprovação,
    quem pediu vira o `org_admin` da nova organização.
    """
    return joining.create_request(
        current_identity(), name=body["name"], domains=body["domains"], justification=body["justification"]
    )


@blp.route("/organization-requests", methods=["GET"])
@authenticated(allow_orgless=True)
@bearer_auth(blp)
@error_responses(blp, 401)
@blp.response(200, OrganizationRequestSchema(many=True))
def list_my_organization_requests():
    """Os pedidos de criação de organização de quem chama, mais recentes primeiro."""
    return joining.list_own_requests(current_identity())
