"""The caller's organization: settings and AI usage."""

from __future__ import annotations

from etp_app.api.common import ApiBlueprint, bearer_auth, error_responses
from etp_app.api.organization.schemas import OrganizationSchema, OrganizationUpdateSchema, OrganizationWithUsageSchema
from etp_app.security import authenticated, current_identity
from etp_app.services import drafting, organizations

blp = ApiBlueprint("organization", __name__, url_prefix="/api/v1", description="Organização do usuário")


@blp.route("/organization")
@authenticated()
@bearer_auth(blp)
@error_responses(blp, 401)
@blp.response(200, OrganizationWithUsageSchema)
def get_organization():
    """A organização de quem chama, com o uso de IA do mês e o orçamento mensal de tokens."""
    identity = current_identity()
    org = organizations.get_for(identity)
    return {
        "id": org.id,
        "name": org.name,
        "domains": org.domains,
        "created_at": org.created_at,
        "monthly_token_budget": org.monthly_token_budget,
        "separation_of_duties": org.separation_of_duties,
        "approvers": org.approvers,
        "usage": drafting.usage_for(org.id),
    }


@blp.route("/organization", methods=["PATCH"])
@authenticated(role="org_admin")
@bearer_auth(blp)
@error_responses(blp, 401, 403, 422)
@blp.arguments(OrganizationUpdateSchema)
@blp.response(200, OrganizationSchema)
def update_organization(changes):
    """Altera as configurações da organização (administrador da organização)

    O nome, o orçamento mensal de tokens de IA e a política de aprovação de ETPs: `separation_of_duties`
    (quem aprova não pode ser o único autor; padrão true) e `approvers` (quem pode aprovar: `org_admin`,
    `member` ou `autoridade_competente`). Cada mudança fica na trilha de auditoria.
    """
    return organizations.update(current_identity(), changes)
