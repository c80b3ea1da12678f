"""Bodies of the session routes."""

from __future__ import annotations

from marshmallow import Schema, fields


class SessionSchema(Schema):
    id = fields.UUID(dump_only=True, metadata={"description": "identificador da sessão (o `sid` dos seus tokens)"})
    created_at = fields.DateTime(dump_only=True, metadata={"description": "quando o login foi feito"})
    last_used_at = fields.DateTime(dump_only=True, metadata={"description": "última renovação do token"})
    expires_at = fields.DateTime(dump_only=True, metadata={"description": "quando expira, se não for renovada"})
    user_agent = fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"description": "navegador ou aplicativo do login", "example": "Mozilla/5.0 (X11; Linux x86_64)"},
    )
    ip_address = fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"description": "endereço de origem do login", "example": "203.0.113.7"},
    )
    current = fields.Boolean(dump_only=True, metadata={"description": "é a sessão do token usado nesta requisição"})
