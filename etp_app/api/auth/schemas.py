"""Request and response bodies of the auth routes."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from etp_app.api.users.schemas import NormalizedEmail, Password, RegistrationEmail, Text, UserSchema
from etp_app.services import membership


class RegisterSchema(Schema):
    email = RegistrationEmail(required=True)
    password = Password(
        metadata={
            "format": "password",
            "description": "mínimo de 10 caracteres, com pelo menos 3 tipos entre minúsculas, maiúsculas, "
            "números e símbolos; sem o seu nome ou e-mail; não pode ser uma senha comum",
        }
    )
    name = Text(required=True, validate=validate.Length(min=1, max=200))
    organization = Text(
        validate=validate.Length(max=200),
        metadata={
            "description": "ignorado (versões anteriores criavam a organização do domínio): organizações são "
            "criadas por um administrador do sistema",
            "deprecated": True,
        },
    )


class LoginSchema(Schema):
    email = NormalizedEmail(required=True)
    password = Password()


_REFRESH_IN_COOKIE = (
    "ausente com o cabeçalho `X-Token-Transport: cookie` (aplicativo web): o refresh token vai no cookie "
    "HttpOnly `etp_refresh` e o valor CSRF no cookie `etp_csrf`"
)
_EXPIRES_IN = {
    "description": "segundos até o access token expirar (renove antes com POST /api/v1/auth/refresh)",
    "example": 900,
}


class AuthResultSchema(Schema):
    user = fields.Nested(UserSchema, dump_only=True)
    access_token = fields.String(dump_only=True)
    refresh_token = fields.String(dump_only=True, allow_none=True, metadata={"description": _REFRESH_IN_COOKIE})
    expires_in = fields.Integer(dump_only=True, metadata=_EXPIRES_IN)


class TokenPairSchema(Schema):
    access_token = fields.String(dump_only=True)
    refresh_token = fields.String(dump_only=True, allow_none=True, metadata={"description": _REFRESH_IN_COOKIE})
    expires_in = fields.Integer(dump_only=True, metadata=_EXPIRES_IN)


class RefreshResultSchema(Schema):
    access_token = fields.String(dump_only=True)
    refresh_token = fields.String(
        dump_only=True,
        allow_none=True,
        metadata={
            "description": "o próximo refresh token da sessão (o enviado deixa de valer); ausente quando a "
            "renovação chegou junto com outra do mesmo token (duas abas), e quando " + _REFRESH_IN_COOKIE
        },
    )
    expires_in = fields.Integer(dump_only=True, metadata=_EXPIRES_IN)


class LogoutSchema(Schema):
    refresh_token = Text(
        validate=validate.Length(min=1, max=4096),
        metadata={"description": "opcional: o refresh token desta sessão, revogado junto com o access token"},
    )


class ChangePasswordSchema(Schema):
    current_password = Password()
    new_password = Password(metadata={"format": "password", "description": "segue a política de senhas"})


class ForgotPasswordSchema(Schema):
    email = NormalizedEmail(required=True)


class MessageSchema(Schema):
    message = fields.String(dump_only=True)


class ResetPasswordSchema(Schema):
    token = Text(
        required=True,
        validate=validate.Length(min=1, max=200),
        metadata={"description": "o token recebido no link de redefinição"},
    )
    new_password = Password(metadata={"format": "password", "description": "segue a política de senhas"})


class VerifyEmailSchema(Schema):
    token = Text(
        required=True,
        validate=validate.Length(min=1, max=200),
        metadata={"description": "o token recebido no link de confirmação (/verificar-email?token=...)"},
    )


class ResendVerificationSchema(Schema):
    email = NormalizedEmail(required=True)


class ProfileUpdateSchema(Schema):
    name = Text(
        required=True,
        validate=validate.Length(min=1, max=200),
        metadata={"description": "Seu nome, como aparece para a organização", "example": "Maria da Silva"},
    )


class MeSchema(UserSchema):
    """The caller's own account: the user, plus what an account without an organization waits for."""

    pending_join_requests = fields.Method(
        "_pending_join_requests",
        dump_only=True,
        metadata={"type": "integer", "description": "pedidos de entrada em organizações aguardando decisão"},
    )

    def _pending_join_requests(self, user) -> int:
        return membership.pending_join_requests(user.id)
