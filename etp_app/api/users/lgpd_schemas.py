"""Schemas of the LGPD routes (GET /api/v1/users/me/export, DELETE /api/v1/users/me)."""

from __future__ import annotations

from marshmallow import Schema, fields

from etp_app.api.users.schemas import Password


class AccountDeleteSchema(Schema):
    password = Password(metadata={"format": "password", "description": "Senha atual, para confirmar a exclusão."})


class PersonalUserSchema(Schema):
    id = fields.UUID()
    email = fields.String()
    name = fields.String()
    role = fields.String()
    is_active = fields.Boolean()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    last_login_at = fields.DateTime(allow_none=True)
    password_changed_at = fields.DateTime(allow_none=True)


class PersonalOrganizationSchema(Schema):
    id = fields.UUID()
    name = fields.String()
    domains = fields.List(fields.String())


class PersonalAuditEntrySchema(Schema):
    action = fields.String()
    target_type = fields.String(allow_none=True)
    target_id = fields.String(allow_none=True)
    etp_id = fields.UUID(allow_none=True)
    ip = fields.String(allow_none=True)
    user_agent = fields.String(allow_none=True)
    created_at = fields.DateTime()


class AuditAboutMeSchema(Schema):
    action = fields.String()
    created_at = fields.DateTime()


class PersonalEtpSchema(Schema):
    id = fields.UUID()
    title = fields.String()
    status = fields.String()
    created_at = fields.DateTime()


class PersonalJobSchema(Schema):
    id = fields.UUID()
    kind = fields.String()
    state = fields.String()
    etp_id = fields.UUID(allow_none=True)
    created_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)


class PersonalJoinRequestSchema(Schema):
    id = fields.UUID()
    organization_id = fields.UUID()
    message = fields.String(allow_none=True)
    status = fields.String()
    role = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)
    created_at = fields.DateTime()
    decided_at = fields.DateTime(allow_none=True)


class PersonalInvitationSchema(Schema):
    id = fields.UUID()
    organization_id = fields.UUID()
    role = fields.String()
    status = fields.String()
    created_at = fields.DateTime()
    accepted_at = fields.DateTime(allow_none=True)


class PersonalDataSchema(Schema):
    generated_at = fields.DateTime()
    user = fields.Nested(PersonalUserSchema)
    organization = fields.Nested(
        PersonalOrganizationSchema,
        allow_none=True,
        metadata={"description": "null enquanto a conta não entrou em uma organização"},
    )
    audit_entries = fields.List(
        fields.Nested(PersonalAuditEntrySchema),
        metadata={"description": "O que a pessoa fez: ação, alvo, IP, user agent e quando."},
    )
    audit_entries_about_me = fields.List(
        fields.Nested(AuditAboutMeSchema),
        metadata={"description": "O que outras pessoas fizeram na conta (p.ex. mudança de perfil)."},
    )
    etps_created = fields.List(fields.Nested(PersonalEtpSchema))
    jobs = fields.List(fields.Nested(PersonalJobSchema))
    join_requests = fields.List(
        fields.Nested(PersonalJoinRequestSchema), metadata={"description": "Pedidos de entrada em organizações."}
    )
    invitations = fields.List(
        fields.Nested(PersonalInvitationSchema), metadata={"description": "Convites recebidos (para o seu e-mail)."}
    )
