"""Schemas for users and organizations (also used by the auth blueprint)."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from etp_app import domains
from etp_app.models import ROLES

NUL_ERROR = "Caracteres de controle não são permitidos."


class Text(fields.String):
    """A string that refuses NUL characters (PostgreSQL cannot store them) and optionally strips."""

    def __init__(self, *args, strip: bool = True, **kwargs):
        self.strip = strip
        super().__init__(*args, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise ValidationError(NUL_ERROR)
        return text.strip() if self.strip else text


class Password(Text):
    """A password as typed: never stripped, never dumped, bounded so hashing cannot be abused."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validate", validate.Length(min=1, max=256))
        kwargs.setdefault("metadata", {"format": "password"})
        super().__init__(strip=False, required=True, load_only=True, **kwargs)


class NormalizedEmail(fields.Email):
    """An e-mail address, stripped and lower-cased before validation."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validate", validate.Length(max=254))
        kwargs.setdefault("metadata", {"example": "maria.silva@saude.gov.br"})
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            if "\x00" in value:
                raise ValidationError(NUL_ERROR)
            value = value.strip().lower()
        return super()._deserialize(value, attr, data, **kwargs)


class RegistrationEmail(NormalizedEmail):
    """An e-mail address whose domain is valid and in its canonical form (``etp_app.domains``): a
    mixed-script or look-alike letter in the domain is refused with "E-mail inválido."."""

    def _deserialize(self, value, attr, data, **kwargs):
        email = super()._deserialize(value, attr, data, **kwargs)
        local, at, domain = email.rpartition("@")
        if not at or not local:
            return email  # not an address at all: the Email validator says so
        try:
            canonical = domains.normalize(domain)
        except domains.InvalidDomain as exc:
            raise ValidationError(f"E-mail inválido: {exc.message}") from None
        return f"{local}@{canonical}"


class OrganizationSummarySchema(Schema):
    id = fields.UUID(dump_only=True)
    name = fields.String(dump_only=True)
    domains = fields.List(
        fields.String(),
        dump_only=True,
        metadata={
            "description": "domínios de e-mail da organização: sugerem a organização a quem se cadastra com "
            "eles, nunca dão acesso"
        },
    )


class UserSchema(Schema):
    id = fields.UUID(dump_only=True)
    email = fields.String(dump_only=True)
    name = fields.String(dump_only=True)
    role = fields.String(dump_only=True, metadata={"enum": list(ROLES)})
    is_active = fields.Boolean(dump_only=True)
    autoridade_competente = fields.Boolean(
        dump_only=True, metadata={"description": "Pode aprovar ETPs como autoridade competente."}
    )
    organization = fields.Nested(
        OrganizationSummarySchema,
        dump_only=True,
        allow_none=True,
        metadata={"description": "null enquanto a conta não entrou em uma organização (convite ou pedido aprovado)"},
    )
    email_verified = fields.Function(
        lambda user: user.email_verified_at is not None,
        dump_only=True,
        metadata={"type": "boolean", "description": "o e-mail foi confirmado pelo link enviado"},
    )
    created_at = fields.DateTime(dump_only=True)
    last_login_at = fields.DateTime(dump_only=True, allow_none=True)


class UserQuerySchema(Schema):
    """Filters of the user list (``page`` and ``page_size`` belong to the pagination arguments)."""

    class Meta:
        unknown = EXCLUDE

    role = fields.String(validate=validate.OneOf(ROLES), metadata={"description": "somente este perfil"})
    q = Text(validate=validate.Length(max=200), metadata={"description": "trecho do nome ou do e-mail"})


class UserUpdateSchema(Schema):
    role = fields.String(validate=validate.OneOf(ROLES))
    name = Text(validate=validate.Length(min=1, max=200))
    is_active = fields.Boolean(metadata={"description": "false desativa a conta e revoga seus tokens"})
    autoridade_competente = fields.Boolean(
        metadata={
            "description": "Permissão de autoridade competente: aprova ETPs conforme a política da organização "
            "(`approvers` em PATCH /api/v1/organization)."
        }
    )
