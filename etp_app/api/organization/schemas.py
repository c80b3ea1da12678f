from marshmallow import Schema, fields, validate

from etp_app.api.jobs.schemas import UsageSchema


class OrganizationSchema(Schema):
    id = fields.UUID()
    name = fields.String()
    domain = fields.String(allow_none=True)
    monthly_token_budget = fields.Integer(
        allow_none=True, metadata={"description": "Limite mensal de tokens de IA (nulo: sem limite)"}
    )
    created_at = fields.DateTime()


class OrganizationUpdateSchema(Schema):
    name = fields.String(validate=validate.Length(min=2, max=200))
    monthly_token_budget = fields.Integer(allow_none=True, strict=True, validate=validate.Range(min=0, max=10**12))


class OrganizationWithUsageSchema(OrganizationSchema):
    usage = fields.Nested(UsageSchema)
