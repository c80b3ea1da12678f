"""Schemas of the organizations' administration (system administrators) and of the requests to
create an organization."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from etp_app.api.users.schemas import NormalizedEmail, Text
from etp_app.models import GRANTABLE_ROLES, ORGANIZATION_REQUEST_STATUSES
from etp_app.services import organizations

_DOMAINS_DOC = (
    "domínios de e-mail da organização (ex.: saude.gov.br). Normalizados (IDNA, minúsculas); recusados os "
    "que misturam alfabetos, os de webmail público e os que imitam um domínio já cadastrado"
)
_Domain = Text(validate=validate.Length(min=1, max=253))


class AdminOrganizationUsageSchema(Schema):
    members = fields.Integer(metadata={"description": "pessoas ativas na organização"})
    etps = fields.Integer(metadata={"description": "ETPs da organização"})
    drafts_month = fields.Integer(metadata={"description": "redações por IA pedidas neste mês (UTC)"})
    tokens_month = fields.Integer(metadata={"description": "tokens de IA usados neste mês (entrada + saída)"})


class AdminOrganizationSchema(Schema):
    id = fields.UUID(dump_only=True)
    name = fields.String(dump_only=True)
    domains = fields.List(fields.String(), dump_only=True, metadata={"description": "domínios de e-mail"})
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)
    usage = fields.Method(
        "_usage",
        dump_only=True,
        metadata={"description": "uso da organização: pessoas ativas, ETPs e IA neste mês"},
    )

    def _usage(self, org):
        usage = getattr(org, "admin_usage", None)
        if usage is None:
            usage = organizations.admin_usage([org.id]).get(org.id)
        return AdminOrganizationUsageSchema().dump(usage) if usage is not None else None


class AdminOrganizationCreateSchema(Schema):
    name = Text(required=True, validate=validate.Length(min=2, max=200), metadata={"example": "Prefeitura de Alfa"})
    domains = fields.List(
        _Domain,
        required=True,
        validate=validate.Length(max=20),
        metadata={"description": _DOMAINS_DOC, "example": ["prefeitura-alfa.gov.br"]},
    )


class AdminOrganizationUpdateSchema(Schema):
    name = Text(validate=validate.Length(min=2, max=200))
    domains = fields.List(
        _Domain,
        validate=validate.Length(max=20),
        metadata={"description": "substitui a lista inteira de domínios. " + _DOMAINS_DOC},
    )


class AdminOrganizationQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    q = Text(validate=validate.Length(max=200), metadata={"description": "trecho do nome ou de um domínio"})


class AdminInvitationCreateSchema(Schema):
    email = NormalizedEmail(required=True)
    role = fields.String(
        load_default="org_admin",
        validate=validate.OneOf(GRANTABLE_ROLES),
        metadata={"description": "perfil na organização (padrão: org_admin, para o primeiro administrador)"},
    )


class OrganizationRequestSchema(Schema):
    id = fields.UUID(dump_only=True)
    name = fields.String(dump_only=True)
    domains = fields.List(fields.String(), dump_only=True)
    justification = fields.String(dump_only=True)
    status = fields.String(dump_only=True, metadata={"enum": list(ORGANIZATION_REQUEST_STATUSES)})
    requester_id = fields.UUID(dump_only=True)
    reason = fields.String(dump_only=True, allow_none=True, metadata={"description": "motivo da recusa"})
    organization_id = fields.UUID(
        dump_only=True, allow_none=True, metadata={"description": "a organização criada na aprovação"}
    )
    decided_at = fields.DateTime(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)


class AdminOrganizationRequestSchema(OrganizationRequestSchema):
    requester = fields.Method("_requester", dump_only=True, metadata={"description": "quem pediu: {id, name, email}"})
    decided_by = fields.UUID(dump_only=True, allow_none=True)

    def _requester(self, row):
        user = getattr(row, "requester", None)
        return None if user is None else {"id": str(user.id), "name": user.name, "email": user.email}


class OrganizationRequestCreateSchema(Schema):
    name = Text(required=True, validate=validate.Length(min=2, max=200), metadata={"example": "Prefeitura de Beta"})
    domains = fields.List(
        _Domain,
        required=True,
        validate=validate.Length(min=1, max=20),
        metadata={"description": _DOMAINS_DOC, "example": ["prefeitura-beta.gov.br"]},
    )
    justification = Text(
        required=True,
        validate=validate.Length(min=1, max=2000),
        metadata={"description": "por que a organização deve ser criada, e o seu papel nela"},
    )


class OrganizationRequestQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    status = fields.String(validate=validate.OneOf(ORGANIZATION_REQUEST_STATUSES))


class OrganizationRequestRejectSchema(Schema):
    reason = Text(required=True, validate=validate.Length(min=1, max=2000), metadata={"description": "motivo"})
