"""AI drafting: queue drafts of one section or of the whole ETP (202 + Job), quality checks, suggestions."""

from __future__ import annotations

import uuid

from flask import url_for

from etp_app.api.common import ETAG_HEADER_DOC, ApiBlueprint, IdempotencyHeaderSchema, bearer_auth, error_responses
from etp_app.api.drafting.schemas import (
    EtpDraftRequestSchema,
    QualityReportSchema,
    SectionDraftRequestSchema,
)
from etp_app.api.etps.schemas import SectionSchema, section_etag
from etp_app.api.jobs.schemas import JobSchema
from etp_app.security import authenticated, current_identity
from etp_app.services import drafting, quality_checks

blp = ApiBlueprint("drafting", __name__, url_prefix="/api/v1/etps", description="Redação assistida por IA")


def _accepted(job):
    """202 with the job and where to poll it (a repeated Idempotency-Key with the same request gets
    the same job; with another body or target the service answers 422)."""
    return job, 202, {"Location": url_for("jobs.get_job", job_id=job.id)}


@blp.route("/<uuid:etp_id>/sections/<int:inciso>/draft", methods=["POST"])
@authenticated(write=True)
@bearer_auth(blp)
@error_responses(blp, 401, 403, 404, 409, 422, 429, 503)
@blp.arguments(IdempotencyHeaderSchema, location="headers", as_kwargs=True)
@blp.arguments(SectionDraftRequestSchema, required=False)
@blp.response(202, JobSchema)
def draft_section(body, etp_id: uuid.UUID, inciso: int, idempotency_key: str | None = None):
    """Pede a redação de uma seção por IA. Responde 202 com o trabalho; acompanhe em Location."""
    job, _created = drafting.request_section_draft(
        current_identity(),
        etp_id,
        inciso,
        instructions=body.get("instructions", ""),
        regenerate=body.get("regenerate", False),
        idempotency_key=idempotency_key,
    )
    return _accepted(job)


@blp.route("/<uuid:etp_id>/draft", methods=["POST"])
@authenticated(write=True)
@bearer_auth(blp)
@error_responses(blp, 401, 403, 404, 409, 422, 429, 503)
@blp.arguments(IdempotencyHeaderSchema, location="headers", as_kwargs=True)
@blp.arguments(EtpDraftRequestSchema, required=False)
@blp.response(202, JobSchema)
def draft_etp(body, etp_id: uuid.UUID, idempotency_key: str | None = None):
    """Redige várias seções (padrão: todas as vazias) em ordem de inciso, cada uma vendo as anteriores."""
    job, _created = drafting.request_etp_draft(
        current_identity(),
        etp_id,
        incisos=body.get("incisos"),
        instructions=body.get("instructions", ""),
        regenerate=body.get("regenerate", False),
        idempotency_key=idempotency_key,
    )
    return _accepted(job)


@blp.route("/<uuid:etp_id>/sections/<int:inciso>/check", methods=["POST"])
@authenticated()
@bearer_auth(blp)
@error_responses(blp, 401, 404)
@blp.response(200, QualityReportSchema)
def check_section(etp_id: uuid.UUID, inciso: int):
    """Verificação determinística de qualidade do texto atual da seção (sem chamada de IA)."""
    return quality_checks.check_section(current_identity(), etp_id, inciso)


@blp.route("/<uuid:etp_id>/sections/<int:inciso>/suggestion/accept", methods=["POST"])
@authenticated(write=True)
@bearer_auth(blp)
@error_responses(blp, 401, 403, 404, 409)
@blp.response(200, SectionSchema, headers={"ETag": ETAG_HEADER_DOC})
def accept_suggestion(etp_id: uuid.UUID, inciso: int):
    """Troca o texto da seção pela sugestão guardada (rascunho de IA que não sobrescreveu o seu).

    Responde com a seção e o seu `ETag` atual (o mesmo de GET), para a próxima escrita em `If-Match`.
    """
    section = drafting.accept_suggestion(current_identity(), etp_id, inciso)
    return section, {"ETag": section_etag(etp_id, inciso, section.version)}


@blp.route("/<uuid:etp_id>/sections/<int:inciso>/suggestion/discard", methods=["POST"])
@authenticated(write=True)
@bearer_auth(blp)
@error_responses(blp, 401, 403, 404, 409)
@blp.response(200, SectionSchema, headers={"ETag": ETAG_HEADER_DOC})
def discard_suggestion(etp_id: uuid.UUID, inciso: int):
    """Descarta a sugestão guardada na seção.

    Responde com a seção e o seu `ETag` atual (o mesmo de GET), para a próxima escrita em `If-Match`.
    """
    section = drafting.discard_suggestion(current_identity(), etp_id, inciso)
    return section, {"ETag": section_etag(etp_id, inciso, section.version)}
