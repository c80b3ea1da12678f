"""The audit trail (org admins): filtered, paginated queries and a CSV export, always scoped to the
caller's organization. Read-only: no route updates or deletes an audit entry (and a database trigger
rejects UPDATE and DELETE on ``audit_log``)."""

from __future__ import annotations

from datetime import datetime

from flask import Response, stream_with_context

from etp_app.api.audit.schemas import AuditEntrySchema, AuditExportQuerySchema, AuditQuerySchema
from etp_app.api.common import ApiBlueprint, bearer_auth, error_responses
from etp_app.security import authenticated, current_identity
from etp_app.services import audit_queries

blp = ApiBlueprint(
    "audit",
    __name__,
    url_prefix="/api/v1",
    description="Trilha de auditoria da organização (administradores): consulta e exportação CSV.",
)

CSV_DOC = {
    "type": "string",
    "description": "CSV UTF-8 com BOM, separado por `;` (ou `,` com `sep=,`); primeira linha: cabeçalho ("
    + "; ".join(audit_queries.CSV_HEADER)
    + ").",
    "example": ";".join(audit_queries.CSV_HEADER) + "\r\n"
    "01/03/2026 10:15;etp.update;Maria Souza;6f1c…;etp;0b7e…;0b7e…;10.0.0.7;Mozilla/5.0;"
    "orgao: Ministério A → Ministério B;9a2d…\r\n",
}


def _filters(query: dict) -> audit_queries.AuditFilters:
    return audit_queries.AuditFilters(
        actor=query.get("actor"),
        action=query.get("action"),
        etp_id=query.get("etp_id"),
        since=query.get("since"),
        until=query.get("until"),
    )


def _today() -> str:
    return datetime.now(audit_queries.local_zone()).date().isoformat()


@blp.route("/audit", methods=["GET"])
@authenticated(role="org_admin")
@bearer_auth(blp)
@error_responses(blp, 401, 403, 422)
@blp.arguments(AuditQuerySchema, location="query")
@blp.response(200, AuditEntrySchema(many=True))
@blp.paginate()
def list_audit(query, pagination_parameters):
    """Entradas da trilha de auditoria da organização, mais recentes primeiro

    Filtros: `actor` (UUID), `action` (exata, ou prefixo como `etp.`), `etp_id`, `since` e `until`
    (instantes ISO 8601, inclusive). Paginação por `page` e `page_size`, metadados em `X-Pagination`.
    Cada entrada traz quem (id e nome atual), o quê, em quê, IP, user agent, quando e o resumo
    antes/depois. Somente administradores da organização.
    """
    rows, total = audit_queries.list_entries(
        current_identity(), _filters(query), page=pagination_parameters.page, page_size=pagination_parameters.page_size
    )
    pagination_parameters.item_count = total
    return rows


@blp.route("/audit/export", methods=["GET"])
@authenticated(role="org_admin")
@bearer_auth(blp)
@error_responses(blp, 401, 403, 422)
@blp.arguments(AuditExportQuerySchema, location="query")
@blp.response(200, CSV_DOC, content_type="text/csv", description="Arquivo CSV (anexo).")
def export_audit(query):
    """Exporta a trilha de auditoria em CSV (mesmos filtros da consulta)

    Feito para abrir direto numa planilha em português: colunas separadas por `;` (use `sep=,` para
    vírgula), UTF-8 com BOM, cabeçalho em português, datas em dd/mm/aaaa hh:mm (horário de
    Brasília) e o resumo antes/depois de cada entrada numa coluna legível ("campo: antes → depois;
    …"). `format=csv` (único disponível). Células que começariam com `=`, `+`, `-` ou `@` recebem um
    apóstrofo antes, para que a planilha não as execute como fórmula. A própria exportação fica
    registrada na trilha.
    """
    delimiter = query.get("sep") or query.get("separator") or audit_queries.CSV_DEFAULT_DELIMITER
    lines = audit_queries.start_csv_export(current_identity(), _filters(query), delimiter=delimiter)
    body = (chunk.encode("utf-8") for chunk in lines)
    return Response(
        stream_with_context(body),
        headers={
            "Content-Disposition": f'attachment; filename="auditoria-{_today()}.csv"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
        content_type="text/csv; charset=utf-8",
    )
