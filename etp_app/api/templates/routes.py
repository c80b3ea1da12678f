"""Contract-type templates: their type-specific fields and per-section guidance (read-only)."""

from __future__ import annotations

from etp_app.api.common import ApiBlueprint, bearer_auth, error_responses
from etp_app.api.templates.schemas import TemplateSchema, TemplateSummarySchema
from etp_app.drafting.templates import TEMPLATE_TYPES, TEMPLATES
from etp_app.errors import NotFound
from etp_app.security import authenticated

blp = ApiBlueprint(
    "templates",
    __name__,
    url_prefix="/api/v1/templates",
    description="Modelos por tipo de contratação: campos específicos e orientação por seção.",
)


def _summary(template) -> dict:
    data = template.to_dict()
    data.pop("guidance", None)
    return data


@blp.route("", methods=["GET"])
@authenticated()
@bearer_auth(blp)
@error_responses(blp, 401)
@blp.response(200, TemplateSummarySchema(many=True))
def list_templates():
    """Os quatro modelos (bens, servicos, obras, ti), com seus campos específicos"""
    return [_summary(TEMPLATES[t]) for t in TEMPLATE_TYPES]


@blp.route("/<string:template_type>", methods=["GET"])
@authenticated()
@bearer_auth(blp)
@error_responses(blp, 401, 404)
@blp.response(200, TemplateSchema)
def get_template(template_type: str):
    """Um modelo completo, com a orientação de redação de cada uma das 13 seções"""
    template = TEMPLATES.get(template_type)
    if template is None:
        raise NotFound("Modelo não encontrado. Tipos: " + ", ".join(TEMPLATE_TYPES) + ".")
    return template.to_dict()
