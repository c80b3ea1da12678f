from marshmallow import Schema, fields, validate

from etp_app.api.common import column_range
from etp_app.api.jobs.schemas import UsageSchema
from etp_app.models.user import APPROVER_POLICIES, Organization

_SEPARATION_DOC = (
    "Separação de funções: quem aprova um ETP não pode ser o seu único autor (quem o criou e quem "
    "escreveu seus dados ou o texto de alguma seção). Padrão: true."
)
_APPROVERS_DOC = (
    "Quem pode aprovar ETPs: `org_admin` (padrão: administradores da organização e usuários com a "
    "permissão de autoridade competente), `member` (qualquer membro com permissão de escrita) ou "
    "`autoridade_competente` (somente usuários com essa permissão, concedida por um administrador em "
    "PATCH /api/v1/users/<id>)."
)


class OrganizationSchema(Schema):
    id = fields.UUID()
    name = fields.String()
    domains = fields.List(
        fields.String(),
        dump_only=True,
        metadata={"description": "domínios de e-mail da organização (cadastrados por um administrador do sistema)"},
    )
    monthly_token_budget = fields.Integer(
        allow_none=True, metadata={"description": "Limite mensal de tokens de IA (nulo: sem limite)"}
    )
    separation_of_duties = fields.Boolean(metadata={"description": _SEPARATION_DOC})
    approvers = fields.String(metadata={"enum": list(APPROVER_POLICIES), "description": _APPROVERS_DOC})
    created_at = fields.DateTime()


class OrganizationUpdateSchema(Schema):
    name = fields.String(validate=validate.Length(min=2, max=200))
    # the column is a 32-bit Integer: a larger budget must be a 422, not a database error
    monthly_token_budget = fields.Integer(
        allow_none=True, strict=True, validate=column_range(Organization.monthly_token_budget, at_least=0)
    )
    separation_of_duties = fields.Boolean(metadata={"description": _SEPARATION_DOC, "example": True})
    approvers = fields.String(
        validate=validate.OneOf(
            APPROVER_POLICIES, error="Valor inválido. Opções: " + ", ".join(APPROVER_POLICIES) + "."
        ),
        metadata={"description": _APPROVERS_DOC, "example": "autoridade_competente"},
    )


class OrganizationWithUsageSchema(OrganizationSchema):
    usage = fields.Nested(UsageSchema)
