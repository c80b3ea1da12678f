"""The polling surface: jobs of the caller's organization, and their cancel."""

from __future__ import annotations

import uuid

from etp_app.api.common import ApiBlueprint, bearer_auth, error_responses
from etp_app.api.jobs.schemas import JobQuerySchema, JobSchema, UsageSchema
from etp_app.security import authenticated, current_identity
from etp_app.services import drafting, jobs

blp = ApiBlueprint("jobs", __name__, url_prefix="/api/v1", description="Trabalhos em segundo plano (polling)")


@blp.route("/jobs")
@authenticated()
@bearer_auth(blp)
@error_responses(blp, 401, 422)
@blp.arguments(JobQuerySchema, location="query")
@blp.response(200, JobSchema(many=True))
@blp.paginate()
def list_jobs(query, pagination_parameters):
    """Trabalhos da organização, mais recentes primeiro (filtros: etp_id, kind, state)."""
    rows, total = jobs.list_for(
        current_identity(), page=pagination_parameters.page, page_size=pagination_parameters.page_size, **query
    )
    pagination_parameters.item_count = total
    return rows


@blp.route("/jobs/<uuid:job_id>")
@authenticated()
@bearer_auth(blp)
@error_responses(blp, 401, 404)
@blp.response(200, JobSchema)
def get_job(job_id: uuid.UUID):
    """Estado de um trabalho: queued → running → succeeded | failed | cancelled."""
    return jobs.get_for(current_identity(), job_id)


@blp.route("/jobs/<uuid:job_id>/cancel", methods=["POST"])
@authenticated(write=True)
@bearer_auth(blp)
@error_responses(blp, 401, 403, 404, 409)
@blp.response(200, JobSchema)
def cancel_job(job_id: uuid.UUID):
    """Cancela um trabalho na fila ou em execução; as seções ficam como estavam."""
    return jobs.cancel(current_identity(), job_id)


@blp.route("/usage")
@authenticated()
@bearer_auth(blp)
@error_responses(blp, 401)
@blp.response(200, UsageSchema)
def usage():
    """Tokens de IA e custo estimado da organização (mês corrente e total)."""
    return drafting.usage_for(current_identity().organization_id)
