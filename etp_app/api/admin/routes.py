"""System administrators: backups of the whole database (list, and a backup now as a job)."""

from __future__ import annotations

from flask import url_for

from etp_app.api.admin.schemas import BackupSchema
from etp_app.api.common import ApiBlueprint, IdempotencyHeaderSchema, bearer_auth, error_responses
from etp_app.api.jobs.schemas import JobSchema
from etp_app.security import authenticated, current_identity
from etp_app.services import backups

blp = ApiBlueprint(
    "admin",
    __name__,
    url_prefix="/api/v1/admin",
    description="Administração do sistema: backups do banco de dados (administrador do sistema)",
)


@blp.route("/backups")
@authenticated(role="system_admin")
@bearer_auth(blp)
@error_responses(blp, 401, 403)
@blp.response(200, BackupSchema(many=True))
@blp.paginate()
def list_backups(pagination_parameters):
    """Backups, mais recentes primeiro: arquivo, tamanho, SHA-256, duração, verificação e restauração."""
    rows, total = backups.list_backups(page=pagination_parameters.page, page_size=pagination_parameters.page_size)
    pagination_parameters.item_count = total
    return rows


@blp.route("/backups", methods=["POST"])
@authenticated(role="system_admin")
@bearer_auth(blp)
@error_responses(blp, 401, 403, 409, 503)
@blp.arguments(IdempotencyHeaderSchema, location="headers", as_kwargs=True)
@blp.response(202, JobSchema)
def create_backup(idempotency_key: str | None = None):
    """Faz um backup agora (pg_dump verificado). Responde 202 com o trabalho; acompanhe em Location."""
    job, _created = backups.request_backup(current_identity(), idempotency_key=idempotency_key)
    return job, 202, {"Location": url_for("jobs.get_job", job_id=job.id)}
