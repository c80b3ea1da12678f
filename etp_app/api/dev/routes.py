"""Development and testing only: the mail outbox, where every e-mail lands when SMTP is not set.

``etp_app.api.register_api`` registers this blueprint only when ``APP_ENV`` is development or
testing: in production the route does not exist (404) and is not in the OpenAPI document.
"""

from __future__ import annotations

from etp_app.api.common import ApiBlueprint, error_responses
from etp_app.api.dev.schemas import OutboxMailSchema, OutboxQuerySchema
from etp_app.services import mail

blp = ApiBlueprint(
    "dev",
    __name__,
    url_prefix="/api/v1/dev",
    description="Somente em desenvolvimento e testes: a caixa de saída de e-mails",
)


@blp.route("/outbox")
@error_responses(blp, 422)
@blp.arguments(OutboxQuerySchema, location="query")
@blp.response(200, OutboxMailSchema(many=True))
def list_outbox(query):
    """E-mails gerados pela aplicação, mais recentes primeiro (filtro opcional `to`).

    Só existe em desenvolvimento e testes (em produção: 404). Sem SMTP configurado, as mensagens
    (texto e link, com o token) ficam aqui em vez de serem enviadas; enviadas por SMTP, aparecem só
    os metadados. Não exige autenticação: o ambiente de desenvolvimento não guarda dados reais."""
    return mail.list_outbox(to=query.get("to"), limit=query["limit"])
