"""Request and response bodies of the auth routes."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from etp_app.api.users.schemas import NormalizedEmail, Password, Text, UserSchema


class RegisterSchema(Schema):
    email = NormalizedEmail(required=True)
    password = Password(
        metadata={
            "format": "password",
            "description": "mínimo de 10 caracteres, com pelo menos 3 tipos entre minúsculas, maiúsculas, "
            "números e símbolos; sem o seu nome ou e-mail; não pode ser uma senha comum",
        }
    )
    name = Text(required=True, validate=validate.Length(min=1, max=200))
    organization = Text(
        validate=validate.Length(min=2, max=200),
        metadata={"description": "nome da organização a criar, quando o domínio do e-mail ainda não tem uma"},
    )


class LoginSchema(Schema):
    email = NormalizedEmail(required=True)
    password = Password()


class AuthResultSchema(Schema):
    user = fields.Nested(UserSchema, dump_only=True)
    access_token = fields.String(dump_only=True)
    refresh_token = fields.String(dump_only=True)


class TokenPairSchema(Schema):
    access_token = fields.String(dump_only=True)
    refresh_token = fields.String(dump_only=True)


class AccessTokenSchema(Schema):
    access_token = fields.String(dump_only=True)


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
