from marshmallow import Schema, fields, validate

# the check's report is the section's `quality` object: one documented schema for both
from etp_app.api.etps.schemas import QualityReportSchema, QualityWarningSchema  # noqa: F401

MAX_INSTRUCTIONS = 4000


class SectionDraftRequestSchema(Schema):
    instructions = fields.String(
        load_default="",
        validate=validate.Length(max=MAX_INSTRUCTIONS),
        metadata={"description": "Orientações do usuário para esta redação"},
    )
    regenerate = fields.Boolean(load_default=False, metadata={"description": "Ignora o cache e gera um novo texto"})


class EtpDraftRequestSchema(SectionDraftRequestSchema):
    incisos = fields.List(
        fields.Integer(validate=validate.Range(min=1, max=13)),
        validate=validate.Length(min=1, max=13),
        metadata={"description": "Incisos a redigir (padrão: todas as seções vazias)"},
    )
