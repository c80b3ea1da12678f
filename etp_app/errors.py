"""Domain errors that carry their HTTP status, and the one error envelope for the whole API:
``{"code": <status>, "status": "<reason>", "message": "<human text>", "errors": {...}}``.

A dependency that does not answer is not a bug: every 503 carries ``Retry-After``, and a database
that is unreachable (refused or dropped connection, a restarting server, a pool with no connection
to give) answers 503 on any route instead of the 500 of an unexpected error.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from flask import Flask, jsonify
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class DomainError(Exception):
    status_code = 400

    def __init__(self, message: str, *, errors: dict[str, Any] | None = None, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors
        self.headers = headers or {}


class BadRequest(DomainError):
    status_code = 400


class Unauthorized(DomainError):
    status_code = 401


class Forbidden(DomainError):
    status_code = 403


class NotFound(DomainError):
    status_code = 404


class Conflict(DomainError):
    status_code = 409


class Gone(DomainError):
    status_code = 410


class PreconditionFailed(DomainError):
    status_code = 412


class UnprocessableEntity(DomainError):
    status_code = 422


class PreconditionRequired(DomainError):
    status_code = 428


class TooManyRequests(DomainError):
    status_code = 429

    def __init__(self, message: str, *, retry_after: int, **kw: Any):
        super().__init__(message, **kw)
        self.headers["Retry-After"] = str(max(1, int(retry_after)))


class ServiceUnavailable(DomainError):
    status_code = 503


# What a client waits before trying again after a 503 that does not say otherwise: long enough for
# a database restart or a Redis failover, short enough for a person at the screen.
RETRY_AFTER_SECONDS = 5
DATABASE_UNAVAILABLE_MESSAGE = "O banco de dados está temporariamente indisponível; tente novamente em instantes."

# Errors of the connection to PostgreSQL, not of the statement: a refused or dropped connection, a
# server restarting or shutting down, a cancelled statement or a deadlock (psycopg2's
# OperationalError family), a closed connection used again, the pool's checkout validation failing,
# no pooled connection free within ``pool_timeout``.
_DATABASE_UNAVAILABLE = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.DisconnectionError,
    sa_exc.TimeoutError,
)


def is_database_unavailable(exc: BaseException | None) -> bool:
    """The database could not run the statement now (it, or the connection, is the cause — not
    the statement): worth a retry later. Also an error raised ``from`` one."""
    for _ in range(3):  # the error itself, or what it was raised from
        if exc is None:
            return False
        if isinstance(exc, _DATABASE_UNAVAILABLE):
            return True
        if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
            return True
        exc = exc.__cause__
    return False


def envelope(code: int, message: str | None = None, errors: dict[str, Any] | None = None) -> dict[str, Any]:
    try:
        phrase = HTTPStatus(code).phrase
    except ValueError:
        phrase = "Error"
    body: dict[str, Any] = {"code": code, "status": phrase, "message": message or phrase}
    if errors:
        body["errors"] = errors
    return body


def _respond(code: int, message: str | None, errors: dict[str, Any] | None, headers: dict[str, str] | None):
    response = jsonify(envelope(code, message, errors))
    response.status_code = code
    for key, value in (headers or {}).items():
        response.headers[key] = value
    if code == 503 and "Retry-After" not in response.headers:
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


_DEFAULT_MESSAGES = {
    400: "A requisição está malformada (JSON inválido ou parâmetros incorretos).",
    401: "Autenticação necessária.",
    403: "Você não tem permissão para esta ação.",
    404: "Recurso não encontrado.",
    405: "Método não permitido para este recurso.",
    406: "Formato de resposta não disponível: aceite application/json.",
    408: "A requisição demorou demais para chegar; tente novamente.",
    409: "A operação conflita com o estado atual do recurso.",
    410: "O recurso expirou e não está mais disponível.",
    411: "Informe o cabeçalho Content-Length.",
    412: "O recurso foi alterado por outra pessoa; recarregue e tente novamente.",
    413: "O corpo da requisição excede o tamanho máximo permitido.",
    414: "O endereço da requisição é longo demais.",
    415: "Tipo de conteúdo não suportado: envie application/json.",
    416: "Intervalo solicitado indisponível.",
    422: "Os dados enviados não são válidos.",
    428: "Envie o cabeçalho If-Match com o ETag atual do recurso.",
    429: "Muitas requisições; aguarde e tente novamente.",
    431: "Cabeçalhos da requisição grandes demais.",
    500: "Erro interno. A equipe foi notificada; tente novamente mais tarde.",
    501: "Operação não implementada neste servidor.",
    502: "Um serviço do qual a API depende respondeu com erro; tente novamente em instantes.",
    503: "Serviço temporariamente indisponível; tente novamente em instantes.",
    504: "Um serviço do qual a API depende não respondeu a tempo; tente novamente em instantes.",
}
# Any other status: werkzeug's description is English, so never shown.
_FALLBACK_CLIENT_MESSAGE = "Não foi possível atender a requisição."
_FALLBACK_SERVER_MESSAGE = "O servidor não conseguiu atender a requisição; tente novamente mais tarde."


def handle_http_exception(exc: HTTPException):
    code = exc.code or 500
    if code == 500 and is_database_unavailable(getattr(exc, "original_exception", None)):
        return handle_database_unavailable(exc.original_exception)  # type: ignore[attr-defined]
    data = getattr(exc, "data", None) or {}
    errors = data.get("errors")
    messages = data.get("messages")  # webargs: {"json": {"field": ["msg"]}}
    if messages and not errors:
        errors = {}
        for location_errors in messages.values():
            if isinstance(location_errors, dict):
                errors.update(location_errors)
            else:
                errors.setdefault("_schema", []).extend(
                    location_errors if isinstance(location_errors, list) else [location_errors]
                )
    message = data.get("message")
    if not message:
        message = _DEFAULT_MESSAGES.get(code) or (_FALLBACK_SERVER_MESSAGE if code >= 500 else _FALLBACK_CLIENT_MESSAGE)
    headers = dict(data.get("headers") or {})
    if code == 405 and exc.get_headers():
        headers.update({k: v for k, v in exc.get_headers() if k.lower() == "allow"})
    if code == 429:
        retry_after = getattr(exc, "retry_after", None) or headers.get("Retry-After")
        headers["Retry-After"] = str(retry_after or 60)
    return _respond(code, message, errors, headers)


def handle_domain_error(exc: DomainError):
    return _respond(exc.status_code, exc.message, exc.errors, exc.headers)


def handle_database_unavailable(exc: BaseException):
    """503 + Retry-After: the request may succeed as it is once the database answers again."""
    log.warning("database unavailable: %s", exc.__class__.__name__)
    return _respond(503, DATABASE_UNAVAILABLE_MESSAGE, None, None)


def handle_unexpected(exc: Exception):
    if isinstance(exc, HTTPException):
        return handle_http_exception(exc)
    if is_database_unavailable(exc):
        return handle_database_unavailable(exc)
    log.exception("unhandled error")
    return _respond(500, _DEFAULT_MESSAGES[500], None, None)


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(Exception, handle_unexpected)
