from marshmallow import Schema, fields, validate

from etp_app.models import MAIL_DELIVERY_CHANNELS


class OutboxQuerySchema(Schema):
    to = fields.Email(metadata={"description": "só as mensagens para este e-mail"})
    limit = fields.Integer(
        load_default=50,
        validate=validate.Range(min=1, max=200, error="Use um limite entre 1 e 200."),
        metadata={"description": "quantas mensagens (1–200, padrão 50)"},
    )


class OutboxMailSchema(Schema):
    id = fields.UUID(dump_only=True)
    kind = fields.String(metadata={"description": "tipo da mensagem (password_reset, verify_email, invitation...)"})
    to = fields.String(attribute="to_email")
    subject = fields.String()
    body_text = fields.String(allow_none=True, metadata={"description": "o texto da mensagem (só na caixa de saída)"})
    link = fields.String(allow_none=True, metadata={"description": "o link principal da mensagem, com o token"})
    delivered_via = fields.String(metadata={"enum": list(MAIL_DELIVERY_CHANNELS)})
    created_at = fields.DateTime()
    sent_at = fields.DateTime(allow_none=True)
    error = fields.String(allow_none=True)
