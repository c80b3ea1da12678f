"""Exports of an ETP (PDF, DOCX, JSON, XML): ask for one (202 + Job), history, record, download.

Every member of the organization may export, viewers included: exporting reads the ETP and changes
nothing in it. Another organization's ETPs and exports answer 404.
"""

from __future__ import annotations

import unicodedata
import uuid
from urllib.parse import quote

from flask import send_file, url_for

from etp_app.api.common import LOCATION_HEADER_DOC, ApiBlueprint, IdempotencyHeaderSchema, bearer_auth, error_responses
from etp_app.api.exports.schemas import ExportRequestSchema, ExportSchema
from etp_app.api.jobs.schemas import JobSchema
from etp_app.security import authenticated, current_identity
from etp_app.services import exports

blp = ApiBlueprint(
    "exports",
    __name__,
    url_prefix="/api/v1",
    description="Exportação do ETP em PDF, DOCX, JSON e XML (trabalhos em segundo plano)",
)

DOWNLOAD_HEADERS = {
    "Content-Disposition": {
        "description": "attachment; filename=\"...\"; filename*=UTF-8''...",
        "schema": {"type": "string"},
    },
    "ETag": {"description": "SHA-256 do arquivo", "schema": {"type": "string"}},
}


@blp.route("/etps/<uuid:etp_id>/exports", methods=["POST"])
@authenticated()
@bearer_auth(blp)
@error_responses(blp, 401, 404, 422, 503)
@blp.arguments(IdempotencyHeaderSchema, location="headers", as_kwargs=True)
@blp.arguments(ExportRequestSchema)
@blp.response(202, JobSchema, headers={"Location": LOCATION_HEADER_DOC})
def create_export(body, etp_id: uuid.UUID, idempotency_key: str | None = None):
    """Pede a exportação do ETP (pdf, docx, json ou xml)

    Responde 202 com o trabalho (kind `export`); acompanhe-o em `Location`. Quando termina, o
    `result` do trabalho traz `export_id`, `download_url`, `size`, `sha256` e `file_name`. Perfis de
    leitura também podem exportar. `Idempotency-Key` repetida com o mesmo corpo devolve o mesmo
    trabalho; com outro corpo ou outro ETP, 422.
    """
    job, _created = exports.request_export(current_identity(), etp_id, body["format"], idempotency_key=idempotency_key)
    return job, 202, {"Location": url_for("jobs.get_job", job_id=job.id)}


@blp.route("/etps/<uuid:etp_id>/exports", methods=["GET"])
@authenticated()
@bearer_auth(blp)
@error_responses(blp, 401, 404)
@blp.response(200, ExportSchema(many=True))
@blp.paginate()
def list_exports(etp_id: uuid.UUID, pagination_parameters):
    """Histórico de exportações do ETP, mais recentes primeiro (paginado)."""
    rows, total = exports.list_for_etp(
        current_identity(), etp_id, page=pagination_parameters.page, page_size=pagination_parameters.page_size
    )
    pagination_parameters.item_count = total
    return rows


@blp.route("/exports/<uuid:export_id>", methods=["GET"])
@authenticated()
@bearer_auth(blp)
@error_responses(blp, 401, 404)
@blp.response(200, ExportSchema)
def get_export(export_id: uuid.UUID):
    """Uma exportação: status, tamanho, SHA-256, validade e `download_url` (quando pronta)."""
    return exports.get_for(current_identity(), export_id)


@blp.route("/exports/<uuid:export_id>/download", methods=["GET"])
@authenticated()
@bearer_auth(blp)
@error_responses(blp, 401, 404, 409, 410, 503)
@blp.response(
    200,
    {"type": "string", "format": "binary"},
    content_type="application/octet-stream",
    description="O arquivo, com o Content-Type do formato (application/pdf, ...).",
    headers=DOWNLOAD_HEADERS,
)
def download_export(export_id: uuid.UUID):
    """Baixa o arquivo da exportação

    409 enquanto a exportação está sendo gerada (ou se falhou); 410 depois que expirou
    (`EXPORT_RETENTION_DAYS`) ou se o arquivo não está mais disponível. `If-None-Match` com o ETag
    (SHA-256) responde 304.
    """
    download = exports.open_download(current_identity(), export_id)
    try:
        response = send_file(
            download.stream,
            mimetype=download.content_type,
            as_attachment=True,
            download_name=ascii_file_name(download.file_name),
            etag=download.sha256,
            conditional=True,
        )
    except BaseException:
        download.stream.close()
        raise
    response.headers["Content-Disposition"] = content_disposition(download.file_name)
    if response.status_code == 200:
        response.content_length = download.size
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def ascii_file_name(name: str) -> str:
    """The file name in plain ASCII (accents dropped), safe inside a quoted header parameter."""
    simple = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    simple = "".join(c if c.isprintable() and c not in '"\\/;' else "_" for c in simple).strip(" .")
    if not simple or simple.startswith("."):
        suffix = name.rsplit(".", 1)[-1] if "." in name else "bin"
        simple = f"exportacao.{''.join(c for c in suffix if c.isascii() and c.isalnum()) or 'bin'}"
    return simple


def content_disposition(name: str) -> str:
    """``attachment`` with the ASCII name and the exact UTF-8 name (RFC 6266 / RFC 5987)."""
    return f"attachment; filename=\"{ascii_file_name(name)}\"; filename*=UTF-8''{quote(name, safe='!#$&+-.^_`|~')}"
