"""Request and response bodies of invitations and join requests."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from etp_app.api.users.schemas import NormalizedEmail, Text
from etp_app.models import GRANTABLE_ROLES, INVITATION_STATUSES, JOIN_REQUEST_STATUSES

_ROLE_DOC = "perfil na organização: viewer (leitura), member (escreve) ou org_admin; nunca acima do seu"


class OrganizationRefSchema(Schema):
    id = fields.UUID(dump_only=True)
    name = fields.String(dump_only=True)


class PersonRefSchema(Schema):
    id = fields.UUID(dump_only=True)
    name = fields.String(dump_only=True)
    email = fields.String(dump_only=True)


# --------------------------------------------------------------------------- invitations


class InvitationCreateSchema(Schema):
    email = NormalizedEmail(required=True)
    role = fields.String(required=True, validate=validate.OneOf(GRANTABLE_ROLES), metadata={"description": _ROLE_DOC})


class InvitationQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    status = fields.String(
        validate=validate.OneOf(INVITATION_STATUSES), metadata={"description": "somente os convites neste estado"}
    )


class InvitationSchema(Schema):
    id = fields.UUID(dump_only=True)
    organization_id = fields.UUID(dump_only=True)
    email = fields.String(dump_only=True)
    role = fields.String(dump_only=True, metadata={"enum": list(GRANTABLE_ROLES)})
    status = fields.String(
        dump_only=True,
        metadata={
            "enum": list(INVITATION_STATUSES),
            "description": "pending (aguardando), accepted (aceito), revoked (revogado), expired (o link venceu)",
        },
    )
    created_at = fields.DateTime(dump_only=True)
    expires_at = fields.DateTime(dump_only=True, metadata={"description": "até quando o link vale"})
    invited_by = fields.UUID(
        dump_only=True, allow_none=True, metadata={"description": "quem convidou (null: um operador do sistema)"}
    )
    invited_by_name = fields.String(dump_only=True, allow_none=True)
    last_sent_at = fields.DateTime(
        dump_only=True, allow_none=True, metadata={"description": "quando o último e-mail do convite saiu"}
    )
    accepted_at = fields.DateTime(dump_only=True, allow_none=True)
    revoked_at = fields.DateTime(dump_only=True, allow_none=True)


_TOKEN = {"description": "o token do link do convite (/convite?token=...)"}


class InvitationTokenSchema(Schema):
    token = Text(required=True, validate=validate.Length(min=1, max=200), metadata=_TOKEN)


class InvitationPreviewSchema(Schema):
    organization = fields.Nested(OrganizationRefSchema, dump_only=True)
    role = fields.String(dump_only=True, metadata={"enum": list(GRANTABLE_ROLES)})
    email = fields.String(dump_only=True, metadata={"description": "o e-mail convidado"})
    account_exists = fields.Boolean(
        dump_only=True,
        metadata={
            "description": "já há uma conta confirmada com este e-mail (ela entra na organização); false: "
            "informe nome e senha ao aceitar, para criar a conta"
        },
    )
    expires_at = fields.DateTime(dump_only=True)


class InvitationAcceptSchema(Schema):
    token = Text(required=True, validate=validate.Length(min=1, max=200), metadata=_TOKEN)
    name = Text(
        validate=validate.Length(min=1, max=200),
        metadata={"description": "seu nome: obrigatório quando ainda não há conta com o e-mail convidado"},
    )
    password = Text(
        strip=False,
        load_only=True,
        validate=validate.Length(min=1, max=256),
        metadata={
            "format": "password",
            "description": "a senha da nova conta (segue a política de senhas): obrigatória quando ainda não há "
            "conta com o e-mail convidado; ignorada quando a conta já existe",
        },
    )


# --------------------------------------------------------------------------- join requests


class JoinRequestCreateSchema(Schema):
    organization_id = fields.UUID(
        required=True, metadata={"description": "uma das organizações de GET /api/v1/organizations/suggestions"}
    )
    message = Text(
        validate=validate.Length(max=1000),
        metadata={"description": "opcional: quem você é e por que quer entrar (para os administradores)"},
    )


class JoinRequestQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    status = fields.String(
        validate=validate.OneOf(JOIN_REQUEST_STATUSES), metadata={"description": "somente os pedidos neste estado"}
    )


_STATUS_DOC = {
    "enum": list(JOIN_REQUEST_STATUSES),
    "description": "pending (aguardando), approved (aprovado), rejected (recusado), cancelled (cancelado por quem "
    "pediu, ou porque a pessoa entrou em uma organização)",
}


class MyJoinRequestSchema(Schema):
    id = fields.UUID(dump_only=True)
    organization = fields.Nested(OrganizationRefSchema, dump_only=True)
    message = fields.String(dump_only=True, allow_none=True)
    status = fields.String(dump_only=True, metadata=_STATUS_DOC)
    role = fields.String(dump_only=True, allow_none=True, metadata={"description": "o perfil concedido na aprovação"})
    reason = fields.String(dump_only=True, allow_none=True, metadata={"description": "motivo da recusa"})
    created_at = fields.DateTime(dump_only=True)
    decided_at = fields.DateTime(dump_only=True, allow_none=True)


class JoinRequestSchema(MyJoinRequestSchema):
    requester = fields.Nested(PersonRefSchema, dump_only=True, metadata={"description": "quem pediu"})
    decided_by = fields.UUID(dump_only=True, allow_none=True)


class JoinRequestApproveSchema(Schema):
    role = fields.String(
        load_default="member",
        validate=validate.OneOf(GRANTABLE_ROLES),
        metadata={"description": _ROLE_DOC + " (padrão: member)"},
    )


class JoinRequestRejectSchema(Schema):
    reason = Text(
        validate=validate.Length(max=2000),
        metadata={"description": "opcional: o motivo, enviado por e-mail a quem pediu"},
    )
