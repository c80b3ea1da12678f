"""System administrators: organizations (create with their e-mail domains, list, edit, invite the
first org admin) and the requests to create an organization (list, approve, reject).

Organizations are never claimed by whoever registers first with an e-mail of their domain: they are
created here, by ``flask create-organization``, or by approving a request."""

from __future__ import annotations

import uuid

from etp_app.api.common import ApiBlueprint, bearer_auth, error_responses
from etp_app.api.membership.schemas import InvitationSchema
from etp_app.api.organizations_admin.schemas import (
    AdminInvitationCreateSchema,
    AdminOrganizationCreateSchema,
    AdminOrganizationQuerySchema,
    AdminOrganizationRequestSchema,
    AdminOrganizationSchema,
    AdminOrganizationUpdateSchema,
    OrganizationRequestQuerySchema,
    OrganizationRequestRejectSchema,
)
from etp_app.security import authenticated, current_identity
from etp_app.services import joining, membership, organizations

blp = ApiBlueprint(
    "organizations_admin",
    __name__,
    url_prefix="/api/v1/admin",
    description="Administração do sistema: organizações, seus domínios e pedidos de criação (administrador do sistema)",
)


@blp.route("/organizations", methods=["POST"])
@authenticated(role="system_admin")
@bearer_auth(blp)
@error_responses(
    blp,
    400,
    401,
    403,
    409,
    415,
    e409="Um dos domínios já pertence a outra organização",
    e422="Nome ausente, domínio inválido, de webmail público ou que imita um domínio já cadastrado",
)
@blp.arguments(AdminOrganizationCreateSchema)
@blp.response(201, AdminOrganizationSchema)
def create_organization(body):
    """Cria uma organização com seus domínios de e-mail.

    Os domínios só **sugerem** a organização a quem se cadastra com eles (e confirma o e-mail);
    ninguém entra sem convite ou pedido de entrada aprovado. Para o primeiro administrador, use
    `POST /api/v1/admin/organizations/<id>/invitations`.
    """
    identity = current_identity()
    return organizations.provision(
        name=body["name"], domain_names=body["domains"], actor_id=identity.user_id, allow_no_domain=True
    )


@blp.route("/organizations", methods=["GET"])
@authenticated(role="system_admin")
@bearer_auth(blp)
@error_responses(blp, 401, 403)
@blp.arguments(AdminOrganizationQuerySchema, location="query")
@blp.response(200, AdminOrganizationSchema(many=True))
@blp.paginate()
def list_organizations(query, pagination_parameters):
    """Todas as organizações, por nome (filtro `q`: trecho do nome ou de um domínio), com o uso de
    cada uma (`usage`: pessoas ativas, ETPs, redações e tokens de IA neste mês).

    Paginação com `page` e `page_size`; os totais vêm no cabeçalho `X-Pagination`.
    """
    rows, total = organizations.admin_list(
        q=query.get("q"), page=pagination_parameters.page, page_size=pagination_parameters.page_size
    )
    usage = organizations.admin_usage(org.id for org in rows)  # one batch for the page (schema's `usage`)
    for org in rows:
        org.admin_usage = usage[org.id]
    pagination_parameters.item_count = total
    return rows


@blp.route("/organizations/<uuid:organization_id>", methods=["PATCH"])
@authenticated(role="system_admin")
@bearer_auth(blp)
@error_responses(
    blp,
    400,
    401,
    403,
    404,
    409,
    415,
    e409="Um dos domínios já pertence a outra organização",
    e422="Nome ou domínio inválido",
)
@blp.arguments(AdminOrganizationUpdateSchema)
@blp.response(200, AdminOrganizationSchema)
def update_organization(body, organization_id: uuid.UUID):
    """Renomeia a organização ou substitui a lista de domínios (`domains` substitui a lista inteira)."""
    return organizations.admin_update(current_identity(), organization_id, body)


@blp.route("/organizations/<uuid:organization_id>/invitations", methods=["POST"])
@authenticated(role="system_admin")
@bearer_auth(blp)
@error_responses(
    blp, 400, 401, 403, 404, 409, 415, 503, e409="Já há um convite pendente ou a pessoa já é da organização"
)
@blp.arguments(AdminInvitationCreateSchema)
@blp.response(201, InvitationSchema)
def invite(body, organization_id: uuid.UUID):
    """Convida uma pessoa para a organização (por padrão como `org_admin`: o primeiro administrador).

    O convite vai por e-mail, com o link `/convite?token=...`; a pessoa cria a conta (ou entra com
    a que já tem, sem organização) ao aceitá-lo.
    """
    identity = current_identity()
    return membership.create_invitation(organization_id, body["email"], body["role"], invited_by=identity.user_id)


@blp.route("/organization-requests", methods=["GET"])
@authenticated(role="system_admin")
@bearer_auth(blp)
@error_responses(blp, 401, 403)
@blp.arguments(OrganizationRequestQuerySchema, location="query")
@blp.response(200, AdminOrganizationRequestSchema(many=True))
@blp.paginate()
def list_organization_requests(query, pagination_parameters):
    """Pedidos de criação de organização, mais antigos primeiro (filtro `status`: pending, approved, rejected)."""
    rows, total = joining.list_requests(
        status=query.get("status"), page=pagination_parameters.page, page_size=pagination_parameters.page_size
    )
    pagination_parameters.item_count = total
    return rows


@blp.route("/organization-requests/<uuid:request_id>/approve", methods=["POST"])
@authenticated(role="system_admin")
@bearer_auth(blp)
@error_responses(
    blp,
    401,
    403,
    404,
    409,
    503,
    e409="Pedido já analisado, conta que pediu indisponível ou já em uma organização, ou domínio já cadastrado",
    e422="Um dos domínios passou a imitar um domínio já cadastrado",
)
@blp.response(200, AdminOrganizationRequestSchema)
def approve_organization_request(request_id: uuid.UUID):
    """Aprova o pedido: cria a organização com os domínios pedidos, e quem pediu vira o `org_admin`
    dela (o próximo refresh do token já traz a organização). A pessoa recebe um e-mail."""
    return joining.approve_request(current_identity(), request_id)


@blp.route("/organization-requests/<uuid:request_id>/reject", methods=["POST"])
@authenticated(role="system_admin")
@bearer_auth(blp)
@error_responses(blp, 400, 401, 403, 404, 409, 415, 503, e409="Pedido já analisado")
@blp.arguments(OrganizationRequestRejectSchema)
@blp.response(200, AdminOrganizationRequestSchema)
def reject_organization_request(body, request_id: uuid.UUID):
    """Recusa o pedido com um motivo, que vai por e-mail a quem pediu."""
    return joining.reject_request(current_identity(), request_id, reason=body["reason"])
