"""Shapes of the contract-type templates (bens, servicos, obras, ti)."""

from __future__ import annotations

from marshmallow import Schema, fields

from etp_app.drafting.templates import FIELD_KINDS, TEMPLATE_TYPES


class TemplateFieldSchema(Schema):
    name = fields.String(metadata={"description": "Chave do campo em `campos` do ETP."})
    label = fields.String()
    kind = fields.String(metadata={"enum": list(FIELD_KINDS)})
    required = fields.Boolean(metadata={"description": "Obrigatório para o tipo de contratação."})
    help = fields.String()
    choices = fields.List(fields.String(), metadata={"description": "Opções, quando `kind` = enum."})
    choice_labels = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        metadata={"description": "O texto de cada opção para quem lê (`choices` → rótulo), quando `kind` = enum."},
    )


class TemplateSummarySchema(Schema):
    type = fields.String(metadata={"enum": list(TEMPLATE_TYPES)})
    name = fields.String()
    description = fields.String()
    fields = fields.List(fields.Nested(TemplateFieldSchema))


class SectionGuidanceSchema(Schema):
    inciso = fields.Integer(metadata={"minimum": 1, "maximum": 13})
    code = fields.String(metadata={"example": "IV"})
    title = fields.String()
    guidance = fields.String(metadata={"description": "Orientação de redação para a seção neste tipo."})


class TemplateSchema(TemplateSummarySchema):
    guidance = fields.List(
        fields.Nested(SectionGuidanceSchema), metadata={"description": "Orientação por seção (incisos I a XIII)."}
    )
