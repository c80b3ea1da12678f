"""Schemas of the audit trail routes."""

from __future__ import annotations

from datetime import UTC

from marshmallow import Schema, ValidationError, fields, validate, validates_schema


class UtcDateTime(fields.AwareDateTime):
    """An ISO 8601 instant (no offset: UTC), converted to UTC: PostgreSQL refuses offsets beyond
    ±15:59, which ISO text may carry."""

    def __init__(self, **kwargs):
        super().__init__(default_timezone=UTC, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            return moment.astimezone(UTC)
        except (OverflowError, ValueError):
            raise ValidationError("Data fora do intervalo aceito.") from None


ACTION_DESCRIPTION = (
    "Ação exata (`etp.update`) ou prefixo terminado em `.` ou `*` (`etp.`, `auth.*`) para todas as ações do grupo."
)


class AuditQuerySchema(Schema):
    actor = fields.UUID(metadata={"description": "Id (UUID) de quem fez a ação."})
    action = fields.String(
        validate=[
            validate.Length(min=1, max=60),
            validate.Regexp(
                r"^[a-z0-9_.*]+$", error="Use letras minúsculas, dígitos, `_`, `.` e `*` (ex.: `etp.` ou `etp.update`)."
            ),
        ],
        metadata={"description": ACTION_DESCRIPTION},
    )
    etp_id = fields.UUID(metadata={"description": "Só as entradas deste ETP."})
    since = UtcDateTime(
        metadata={
            "description": "A partir deste instante, inclusive (ISO 8601, ex.: 2026-03-01T00:00:00-03:00; sem fuso: "
            "UTC)."
        }
    )
    until = UtcDateTime(metadata={"description": "Até este instante, inclusive (ISO 8601; sem fuso: UTC)."})

    @validates_schema
    def _range(self, data, **kwargs):
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise ValidationError("`since` deve ser anterior a `until`.", field_name="since")


class AuditExportQuerySchema(AuditQuerySchema):
    format = fields.String(load_default="csv", validate=validate.OneOf(["csv"], error="Formato disponível: csv."))
    sep = fields.String(
        validate=validate.OneOf([",", ";"], error="Use `;` ou `,`."),
        metadata={
            "description": "Separador de colunas: `;` (padrão, o que a planilha em português espera) ou `,`.",
            "example": ",",
        },
    )
    separator = fields.String(
        validate=validate.OneOf([",", ";"], error="Use `;` ou `,`."),
        metadata={"description": "Nome antigo de `sep` (aceito; `sep` prevalece quando vierem os dois)."},
    )


class AuditEntrySchema(Schema):
    id = fields.UUID()
    created_at = fields.DateTime()
    action = fields.String(metadata={"example": "etp.update"})
    actor_id = fields.UUID(allow_none=True)
    actor_name = fields.String(
        allow_none=True,
        metadata={"description": 'Nome atual de quem fez a ação ("Usuário removido" após exclusão LGPD).'},
    )
    target_type = fields.String(allow_none=True)
    target_id = fields.String(allow_none=True)
    etp_id = fields.UUID(allow_none=True)
    ip = fields.String(allow_none=True)
    user_agent = fields.String(allow_none=True)
    before = fields.Dict(allow_none=True, metadata={"description": "Resumo do estado anterior (só o que mudou)."})
    after = fields.Dict(allow_none=True, metadata={"description": "Resumo do estado posterior (só o que mudou)."})
