"""The polling surface: jobs of the caller's organization, and their cancel."""

from __future__ import annotations

import uuid

from flask import Response, request

from etp_app.api.common import ApiBlueprint, bearer_auth, error_responses
from etp_app.api.jobs.schemas import JobQuerySchema, JobSchema, UsageReportSchema
from etp_app.security import authenticated, current_identity
from etp_app.services import jobs
from etp_app.services import usage as usage_report

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


JOB_ETAG_DOC = {
    "description": "Versão do estado do trabalho (estado, progresso, tentativas, atualização): envie-a em "
    "If-None-Match no próximo polling.",
    "schema": {"type": "string"},
}
IF_NONE_MATCH_DOC = {
    "name": "If-None-Match",
    "in": "header",
    "required": False,
    "description": "O ETag da última resposta: 304 sem corpo enquanto o trabalho não mudou.",
    "schema": {"type": "string"},
}


POLL_CACHE_CONTROL = "private, no-cache"


def job_etag(job) -> str:
    """A strong ETag of what a poll shows changing: state, progress, attempts and ``updated_at``
    (every write of the job moves it), from the row already read: no extra query."""
    stamp = int(job.updated_at.timestamp() * 1_000_000) if job.updated_at is not None else 0
    return f'"{job.id.hex}-{job.state}-{job.progress}-{job.attempts}-{stamp:x}"'


@blp.route("/jobs/<uuid:job_id>")
@authenticated()
@bearer_auth(blp)
@error_responses(blp, 401, 404)
@blp.doc(parameters=[IF_NONE_MATCH_DOC])
@blp.alt_response(
    304, description="O trabalho não mudou desde o ETag de If-None-Match (sem corpo)", headers={"ETag": JOB_ETAG_DOC}
)
@blp.response(200, JobSchema, headers={"ETag": JOB_ETAG_DOC})
def get_job(job_id: uuid.UUID):
    """Estado de um trabalho: queued → running → succeeded | failed | cancelled.

    Cada resposta traz um `ETag`; com `If-None-Match` igual a ele, a resposta é **304** sem corpo
    enquanto nada mudou (o polling barato do aplicativo web).
    """
    job = jobs.get_for(current_identity(), job_id)
    etag = job_etag(job)
    # "private, no-cache" (not the API's no-store): the browser keeps the last answer and revalidates
    # every poll with If-None-Match by itself, so the web app's polling gets 304s with no code of its own.
    headers = {"ETag": etag, "Cache-Control": POLL_CACHE_CONTROL}
    # Werkzeug's parsed If-None-Match: weak comparison (RFC 9110 §13.1.2), lists and "*"
    if request.if_none_match.contains_weak(etag.strip('"')):
        response = Response(status=304)
        response.headers.update(headers)
        return response
    return job, headers


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
@blp.response(200, UsageReportSchema)
def usage():
    """Tokens de IA e custo estimado da organização: o mês corrente, o total e o orçamento

    O mês (UTC) com o orçamento mensal de tokens (`monthly_token_budget`, definido pelo administrador em
    PATCH /api/v1/organization), o que já foi usado (`tokens_used`) e o que resta (`remaining`); e para
    onde foram os tokens do mês: por pessoa (`by_user`, somente para administradores da organização),
    por ETP (`by_etp`) — os maiores primeiro, o resto somado em `by_user_others` / `by_etp_others` — e
    por dia (`daily`, do dia 1º até hoje). O custo é uma estimativa em dólares (US$) pelos preços do
    modelo.
    """
    return usage_report.report(current_identity())
