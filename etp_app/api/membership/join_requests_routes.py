"""Join requests: a verified account without an organization asks to join the organization its
e-mail's domain suggests; an org admin of it approves or rejects (services/membership.py)."""

from __future__ import annotations

import uuid

from etp_app.api.common import ApiBlueprint, bearer_auth, error_responses
from etp_app.api.membership.schemas import (
    JoinRequestApproveSchema,
    JoinRequestCreateSchema,
    JoinRequestQuerySchema,
    JoinRequestRejectSchema,
    JoinRequestSchema,
    MyJoinRequestSchema,
    OrganizationRefSchema,
)
from etp_app.security import authenticated, current_identity
from etp_app.services import membership

blp = ApiBlueprint(
    "join_requests",
    __name__,
    url_prefix="/api/v1",
    description="Pedidos de entrada: quem tem e-mail confirmado do domínio de uma organização pede para entrar; "
    "um administrador dela aprova ou recusa",
)


@blp.route("/organizations/suggestions", methods=["GET"])
@authenticated(allow_orgless=True)
@bearer_auth(blp)
@error_responses(blp, 401)
@blp.response(200, OrganizationRefSchema(many=True))
def suggestions():
    """As organizações cujo domínio é o do seu e-mail confirmado: para onde você pode pedir para entrar.

    A sugestão não dá acesso: só entra quem um administrador aprovar (ou convidar). Lista vazia
    quando a conta já faz parte de uma organização ou o domínio não é de nenhuma.
    """
    return membership.suggestions(current_identity())


@blp.route("/join-requests", methods=["POST"])
@authenticated(allow_orgless=True)
@bearer_auth(blp)
@error_responses(
    blp,
    400,
    401,
    404,
    409,
    415,
    503,
    e404="A organização não está entre as sugeridas para o seu e-mail",
    e409="A conta já faz parte de uma organização, ou já há um pedido seu aguardando nesta organização",
)
@blp.arguments(JoinRequestCreateSchema)
@blp.response(201, MyJoinRequestSchema)
def create_join_request(body):
    """Pede para entrar em uma organização sugerida (`GET /api/v1/organizations/suggestions`).

    Os administradores da organização recebem um e-mail; você recebe outro com a decisão. Depois
    da aprovação, o próximo refresh do token (ou login) já traz a organização.
    """
    return membership.create_join_request(
        current_identity(), organization_id=body["organization_id"], message=body.get("message")
    )


@blp.route("/join-requests/mine", methods=["GET"])
@authenticated(allow_orgless=True)
@bearer_auth(blp)
@error_responses(blp, 401)
@blp.response(200, MyJoinRequestSchema(many=True))
def my_join_requests():
    """Os seus pedidos de entrada, mais recentes primeiro."""
    return membership.list_my_join_requests(current_identity())


@blp.route("/join-requests/<uuid:request_id>", methods=["DELETE"])
@authenticated(allow_orgless=True)
@bearer_auth(blp)
@error_responses(blp, 401, 404, 409, e404="Pedido não encontrado (ou de outra pessoa)", e409="Pedido já analisado")
@blp.response(204)
def cancel_join_request(request_id: uuid.UUID):
    """Cancela um pedido seu que ainda aguarda análise."""
    membership.cancel_join_request(current_identity(), request_id)


@blp.route("/organization/join-requests", methods=["GET"])
@authenticated(role="org_admin")
@bearer_auth(blp)
@error_responses(blp, 401, 403)
@blp.arguments(JoinRequestQuerySchema, location="query")
@blp.response(200, JoinRequestSchema(many=True))
@blp.paginate()
def list_join_requests(query, pagination_parameters):
    """Os pedidos de entrada na sua organização, mais antigos primeiro (filtro `status`, ex.: pending).

    Paginação com `page` e `page_size`; os totais vêm no cabeçalho `X-Pagination`.
    """
    rows, total = membership.list_join_requests(
        current_identity(),
        status=query.get("status"),
        page=pagination_parameters.page,
        page_size=pagination_parameters.page_size,
    )
    pagination_parameters.item_count = total
    return rows


@blp.route("/organization/join-requests/<uuid:request_id>/approve", methods=["POST"])
@authenticated(role="org_admin")
@bearer_auth(blp)
@error_responses(
    blp,
    400,
    401,
    403,
    404,
    409,
    415,
    503,
    e403="Perfil acima do seu",
    e404="Pedido não encontrado (ou de outra organização)",
    e409="Pedido já analisado, ou a conta que pediu não está disponível ou já entrou em uma organização",
    e422="Perfil que pedidos de entrada não concedem (system_admin)",
)
@blp.arguments(JoinRequestApproveSchema, required=False)
@blp.response(200, JoinRequestSchema)
def approve_join_request(body, request_id: uuid.UUID):
    """Aprova o pedido: a pessoa entra na organização com o perfil `role` (padrão `member`; nunca
    acima do seu) e recebe um e-mail. O próximo refresh do token dela já traz a organização."""
    return membership.approve_join_request(current_identity(), request_id, role=body.get("role", "member"))


@blp.route("/organization/join-requests/<uuid:request_id>/reject", methods=["POST"])
@authenticated(role="org_admin")
@bearer_auth(blp)
@error_responses(
    blp,
    400,
    401,
    403,
    404,
    409,
    415,
    503,
    e404="Pedido não encontrado (ou de outra organização)",
    e409="Pedido já analisado",
)
@blp.arguments(JoinRequestRejectSchema, required=False)
@blp.response(200, JoinRequestSchema)
def reject_join_request(body, request_id: uuid.UUID):
    """Recusa o pedido; o motivo (opcional) vai por e-mail a quem pediu."""
    return membership.reject_join_request(current_identity(), request_id, reason=body.get("reason"))
