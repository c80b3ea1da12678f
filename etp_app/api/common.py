"""Shared HTTP helpers for the API blueprints.

- ``ErrorSchema``: the one error envelope ``{code, status, message, errors}``, for documentation.
- ``error_responses(blp, *codes)``: documents alternative error responses with ``ErrorSchema``.
- ``BEARER_AUTH`` / ``bearer_auth``: the OpenAPI security requirement of authenticated operations.
- ETag helpers: ETags are built from ``(id, version)`` counters, never by hashing a body, and
  ``if_match_versions`` turns an ``If-Match`` header into the versions a write may apply to.
- ``ApiBlueprint``: a smorest Blueprint whose ``X-Pagination`` metadata carries ``page_size``
  (API.md: ``{"total", "total_pages", "page", "page_size", ...}``).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

import marshmallow as ma
import sqlalchemy as sa
from flask import request
from flask_smorest import Blueprint
from webargs.core import missing
from webargs.flaskparser import FlaskParser, abort, is_json_request

from etp_app.errors import PreconditionRequired
from etp_app.jsonprovider import HostileJSONError, loads_request_json

# --------------------------------------------------------------------------------------------------
# Portuguese validation messages
#
# Everything a user reads is Brazilian Portuguese, and marshmallow's and webargs' default messages
# ("Not a valid email address.", "Missing data for required field.", "Invalid JSON body.") reach the
# user through the error envelope's ``errors``. A field copies its class's ``default_error_messages``
# when it is built (when its schema class is declared) and a validator reads its class's messages
# when it fails, so the Portuguese defaults are set on the library's classes here, once, before any
# API schema is declared: ``etp_app/api/__init__.py`` imports this module first, and every schema
# lives under ``etp_app.api``. A message a schema sets itself (``error=`` / ``error_messages=``)
# still wins.
# --------------------------------------------------------------------------------------------------

_F = ma.fields
_V = ma.validate
_SPECIAL_NUMBER = "Valores especiais (NaN ou infinito) não são aceitos."
_DATETIME_HINT = "use o formato ISO 8601 (ex.: 2026-03-01T10:00:00-03:00)"
PORTUGUESE_FIELD_MESSAGES: dict[type, dict[str, str]] = {
    _F.Field: {
        "required": "Campo obrigatório.",
        "null": "Este campo não aceita nulo.",
        "validator_failed": "Valor inválido.",
    },
    _F.Nested: {"type": "Tipo inválido: envie um objeto JSON."},
    _F.List: {"invalid": "Envie uma lista."},
    _F.Tuple: {"invalid": "Envie uma lista."},
    _F.String: {"invalid": "Envie um texto.", "invalid_utf8": "Texto com codificação UTF-8 inválida."},
    _F.UUID: {"invalid_uuid": "Identificador (UUID) inválido."},
    _F.Number: {"invalid": "Envie um número.", "too_large": "Número grande demais."},
    _F.Integer: {"invalid": "Envie um número inteiro."},
    _F.Float: {"special": _SPECIAL_NUMBER},
    _F.Decimal: {"special": _SPECIAL_NUMBER},
    _F.Boolean: {"invalid": "Envie true ou false."},
    _F.DateTime: {
        "invalid": f"Data e hora inválidas: {_DATETIME_HINT}.",
        "invalid_awareness": f"Data e hora inválidas: {_DATETIME_HINT}.",
        "format": "Não foi possível formatar o valor como data e hora.",
    },
    _F.NaiveDateTime: {"invalid_awareness": "Informe a data e hora sem fuso horário."},
    _F.AwareDateTime: {"invalid_awareness": f"Informe a data e hora com fuso horário: {_DATETIME_HINT}."},
    _F.Date: {
        "invalid": "Data inválida: use o formato AAAA-MM-DD.",
        "format": "Não foi possível formatar o valor como data.",
    },
    _F.Time: {"invalid": "Horário inválido: use o formato HH:MM[:SS].", "format": "Horário inválido."},
    _F.TimeDelta: {"invalid": "Duração inválida.", "format": "Duração inválida."},
    _F.Mapping: {"invalid": "Envie um objeto JSON."},
    _F.Url: {"invalid": "URL inválida."},
    _F.Email: {"invalid": "E-mail inválido."},
    _F.IP: {"invalid_ip": "Endereço IP inválido."},
    _F.IPv4: {"invalid_ip": "Endereço IPv4 inválido."},
    _F.IPv6: {"invalid_ip": "Endereço IPv6 inválido."},
    _F.IPInterface: {"invalid_ip_interface": "Interface IP inválida."},
    _F.IPv4Interface: {"invalid_ip_interface": "Interface IPv4 inválida."},
    _F.IPv6Interface: {"invalid_ip_interface": "Interface IPv6 inválida."},
    _F.Enum: {"unknown": "Use um de: {choices}."},
}
PORTUGUESE_SCHEMA_MESSAGES = {"type": "Tipo inválido: envie um objeto JSON.", "unknown": "Campo desconhecido."}
PORTUGUESE_VALIDATOR_MESSAGES: dict[type, dict[str, str]] = {
    _V.URL: {"default_message": "URL inválida."},
    _V.Email: {"default_message": "E-mail inválido."},
    _V.Range: {
        "message_min": "Deve ser {min_op} {{min}}.",
        "message_max": "Deve ser {max_op} {{max}}.",
        "message_all": "Deve ser {min_op} {{min}} e {max_op} {{max}}.",
        "message_gte": "maior ou igual a",
        "message_gt": "maior que",
        "message_lte": "menor ou igual a",
        "message_lt": "menor que",
    },
    _V.Length: {
        "message_min": "Tamanho mínimo: {min}.",
        "message_max": "Tamanho máximo: {max}.",
        "message_all": "O tamanho deve ficar entre {min} e {max}.",
        "message_equal": "O tamanho deve ser {equal}.",
    },
    _V.Equal: {"default_message": "Deve ser igual a {other}."},
    _V.Regexp: {"default_message": "Formato inválido."},
    _V.Predicate: {"default_message": "Valor inválido."},
    _V.NoneOf: {"default_message": "Valor inválido."},
    _V.OneOf: {"default_message": "Use um de: {choices}."},
    _V.ContainsOnly: {"default_message": "Uma ou mais opções não estão entre as aceitas: {choices}."},
    _V.ContainsNoneOf: {"default_message": "Uma ou mais opções estão entre as recusadas: {values}."},
}
INVALID_JSON_MESSAGE = "O corpo da requisição não é um JSON válido."
HOSTILE_TEXT_MESSAGE = "Os dados enviados contêm caracteres não permitidos."
INVALID_JSON_DETAIL = "JSON inválido: confira aspas, vírgulas e chaves (e a codificação UTF-8)."


def install_portuguese_messages() -> None:
    """Set the Portuguese defaults on marshmallow's field, schema and validator classes (idempotent).

    Only a class's own messages are replaced (a subclass inherits the rest), so the keys each class
    formats (``{choices}``, ``{min}``) keep working."""
    for cls, messages in PORTUGUESE_FIELD_MESSAGES.items():
        cls.default_error_messages = {**cls.__dict__.get("default_error_messages", {}), **messages}
    ma.Schema._default_error_messages = {**ma.Schema._default_error_messages, **PORTUGUESE_SCHEMA_MESSAGES}
    for cls, attributes in PORTUGUESE_VALIDATOR_MESSAGES.items():
        for name, text in attributes.items():
            setattr(cls, name, text)


install_portuguese_messages()


class PortugueseParser(FlaskParser):
    """webargs' Flask parser with Portuguese messages: a body that is not JSON answers 400 with a
    message people read, not "Invalid JSON body."."""

    DEFAULT_VALIDATION_MESSAGE = "Valor inválido."

    def _handle_invalid_json_error(self, error: json.JSONDecodeError | UnicodeDecodeError, req, *args, **kwargs):
        abort(400, exc=error, message=INVALID_JSON_MESSAGE, messages={"json": [INVALID_JSON_DETAIL]})

    def _raw_load_json(self, req) -> Any:
        """webargs' JSON body loading with the guard of ``loads_request_json`` (nesting limit, no
        NUL bytes or lone surrogates), before any schema sees the body: too deep (or a refused key)
        answers 400; a refused string answers 422 on its field, in marshmallow's shape."""
        if not is_json_request(req):
            return missing
        data = req.get_data(cache=True)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise json.JSONDecodeError(
                f"Bytes decoding error : {exc.reason}", doc=str(exc.object), pos=exc.start
            ) from exc
        try:
            return loads_request_json(text)
        except HostileJSONError as exc:
            if not exc.path:  # the document as a whole: too deep, a refused key or a refused bare string
                abort(400, exc=exc, message=INVALID_JSON_MESSAGE, messages={"json": [str(exc)]})
            errors: dict[str, Any] = {exc.path[-1]: [str(exc)]}
            for key in reversed(exc.path[:-1]):
                errors = {key: errors}
            abort(422, exc=exc, message=HOSTILE_TEXT_MESSAGE, messages={"json": errors})


# --------------------------------------------------------------------------------------------------
# Integer bounds from the model's columns
# --------------------------------------------------------------------------------------------------

_INTEGER_BITS = (("SmallInteger", 16), ("BigInteger", 64), ("Integer", 32))


def column_integer_bounds(column: Any) -> tuple[int, int]:
    """The (min, max) an integer column holds: SmallInteger 16, Integer 32, BigInteger 64 bits."""
    sql_type = getattr(column, "type", None)
    if sql_type is None:  # an ORM attribute (Model.field)
        sql_type = column.property.columns[0].type
    for name, bits in _INTEGER_BITS:
        if isinstance(sql_type, getattr(sa, name)):
            return -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
    raise TypeError(f"not an integer column: {column!r}")


def column_range(column: Any, *, at_least: int | None = None, at_most: int | None = None) -> ma.validate.Range:
    """A Range validator within what ``column`` holds (``at_least``/``at_most`` narrow it)."""
    low, high = column_integer_bounds(column)
    return ma.validate.Range(
        min=low if at_least is None else max(low, at_least), max=high if at_most is None else min(high, at_most)
    )


# --------------------------------------------------------------------------------------------------
# Error envelope
# --------------------------------------------------------------------------------------------------


class ApiErrorSchema(ma.Schema):
    """The error envelope of every error response (named ``ApiError`` in the OpenAPI document, so
    it does not clash with flask-smorest's own ``Error`` component of the default response)."""

    code = ma.fields.Integer(required=True, metadata={"description": "Código HTTP.", "example": 404})
    status = ma.fields.String(required=True, metadata={"description": "Frase HTTP.", "example": "Not Found"})
    message = ma.fields.String(required=True, metadata={"description": "Mensagem para a pessoa usuária (pt-BR)."})
    errors = ma.fields.Dict(
        keys=ma.fields.String(),
        metadata={
            "description": "Erros por campo: {campo: [mensagens]} (objetos aninhados para campos "
            "compostos, p.ex. campos.garantia_meses)."
        },
    )


ErrorSchema = ApiErrorSchema

ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "Requisição malformada (JSON inválido ou parâmetros incorretos).",
    401: "Token ausente, inválido, expirado ou revogado.",
    403: "Autenticado, mas sem permissão (perfil de leitura ou papel insuficiente).",
    404: "Não encontrado (ou pertence a outra organização).",
    409: "A operação conflita com o estado atual do recurso.",
    412: "If-Match desatualizado: o recurso foi alterado por outra pessoa.",
    413: "Corpo da requisição acima do limite.",
    415: "Tipo de conteúdo não suportado: envie application/json.",
    422: "Dados inválidos; `errors` traz as mensagens por campo.",
    428: "Cabeçalho If-Match obrigatório.",
    429: "Limite de requisições excedido (veja Retry-After).",
    503: "Dependência indisponível.",
}

BEARER_AUTH: list[dict[str, list[str]]] = [{"bearerAuth": []}]


def error_responses(blp: Blueprint, *codes: int, **descriptions: str) -> Callable:
    """Decorator documenting each status in ``codes`` as an alternative response with ErrorSchema.

    ``e404="..."`` (and so on) replaces the default description of one status for this route."""

    def decorator(func: Callable) -> Callable:
        for code in codes:
            description = descriptions.get(f"e{code}") or ERROR_DESCRIPTIONS.get(code)
            func = blp.alt_response(code, schema=ErrorSchema, description=description)(func)
        return func

    return decorator


class IdempotencyHeaderSchema(ma.Schema):
    """The optional ``Idempotency-Key`` header of the routes that start a job."""

    class Meta:
        unknown = ma.EXCLUDE

    idempotency_key = ma.fields.String(
        data_key="Idempotency-Key",
        validate=ma.validate.Length(min=1, max=200),
        metadata={
            "description": "Repetir a mesma requisição (mesma rota, destino e corpo) com a mesma chave devolve o "
            "mesmo trabalho; a mesma chave com outro corpo, rota ou destino responde 422.",
            "example": "3f9d2c1e-rascunho-secao-1",
        },
    )


def bearer_auth(blp: Blueprint) -> Callable:
    """Decorator documenting that the operation needs ``Authorization: Bearer <access token>``."""
    return blp.doc(security=BEARER_AUTH)


# --------------------------------------------------------------------------------------------------
# ETag / If-Match
# --------------------------------------------------------------------------------------------------

ETAG_HEADER_DOC = {"description": "Versão atual do recurso, para enviar em If-Match.", "schema": {"type": "string"}}
LOCATION_HEADER_DOC = {"description": "URL do recurso criado.", "schema": {"type": "string"}}
IF_MATCH_REQUIRED_DOC = {
    "name": "If-Match",
    "in": "header",
    "required": True,
    "description": "ETag atual do recurso (de GET ou da última escrita). Ausente: 428; desatualizado: 412.",
    "schema": {"type": "string", "minLength": 1},
}
IF_MATCH_OPTIONAL_DOC = dict(
    IF_MATCH_REQUIRED_DOC, required=False, description="Opcional: ETag atual do recurso; desatualizado: 412."
)


def _etag_prefix(parts: tuple[Any, ...]) -> str:
    return '"' + "-".join(p.hex if isinstance(p, uuid.UUID) else str(p) for p in parts) + "-"


def make_etag(*parts: Any, version: int) -> str:
    """A strong ETag ``"<part>-...-<version>"`` (UUIDs as hex): cheap, and stable for a version."""
    return f'{_etag_prefix(parts)}{version}"'


def _parse_if_match(header: str) -> list[str]:
    tags = []
    for raw in header.split(","):
        tag = raw.strip()
        if tag.startswith("W/"):
            tag = tag[2:]
        if tag:
            tags.append(tag)
    return tags


def if_match_versions(*parts: Any, required: bool = True) -> frozenset[int] | None:
    """The versions the client's ``If-Match`` accepts for the resource named by ``parts``.

    ``None`` means no precondition (``If-Match: *``, or the header is absent and not required).
    A missing header when ``required`` raises 428. Tags of other resources or that cannot be parsed
    yield no version, so the write answers 412.
    """
    header = request.headers.get("If-Match")
    if header is None or not header.strip():
        if required:
            raise PreconditionRequired(
                "Envie o cabeçalho If-Match com o ETag atual do recurso (obtido no GET ou na última alteração)."
            )
        return None
    prefix = _etag_prefix(parts)
    versions: set[int] = set()
    for tag in _parse_if_match(header):
        if tag == "*":
            return None
        if tag.startswith(prefix) and tag.endswith('"'):
            number = tag[len(prefix) : -1]
            if number.isascii() and number.isdigit() and len(number) < 12:
                versions.add(int(number))
    return frozenset(versions)


# --------------------------------------------------------------------------------------------------
# Blueprint with API.md's pagination metadata
# --------------------------------------------------------------------------------------------------


class ApiBlueprint(Blueprint):
    """smorest Blueprint whose ``X-Pagination`` header always carries ``page`` and ``page_size``, and
    whose arguments are parsed with Portuguese messages (``PortugueseParser``)."""

    ARGUMENTS_PARSER = PortugueseParser()

    DEFAULT_PAGINATION_PARAMETERS = {"page": 1, "page_size": 20, "max_page_size": 100}
    MAX_PAGE = 100_000  # beyond it an OFFSET only burns the database's time (or overflows it)

    def paginate(self, pager=None, *, page=None, page_size=None, max_page_size=None):
        """smorest's paginate, refusing absurd page numbers with 422 before they reach SQL."""
        outer = super().paginate(pager, page=page, page_size=page_size, max_page_size=max_page_size)

        def decorator(func: Callable) -> Callable:
            @wraps(func)
            def bounded(*args: Any, **kwargs: Any) -> Any:
                params = kwargs.get("pagination_parameters")
                if params is not None and params.page > self.MAX_PAGE:
                    from etp_app.errors import UnprocessableEntity

                    raise UnprocessableEntity(
                        "Página fora do intervalo.", errors={"page": [f"Use no máximo {self.MAX_PAGE}."]}
                    )
                return func(*args, **kwargs)

            return outer(bounded)

        return decorator

    @staticmethod
    def _make_pagination_metadata(page: int, page_size: int, item_count: int) -> dict[str, Any]:
        total_pages = 0 if item_count == 0 else (item_count - 1) // page_size + 1
        meta: dict[str, Any] = {"total": item_count, "total_pages": total_pages, "page": page, "page_size": page_size}
        if total_pages:
            meta["first_page"] = 1
            meta["last_page"] = total_pages
            if 1 < page <= total_pages + 1:
                meta["previous_page"] = page - 1
            if page < total_pages:
                meta["next_page"] = page + 1
        return meta

    def _document_pagination_metadata(self, spec, resp_doc):
        resp_doc.setdefault("headers", {})[self.PAGINATION_HEADER_NAME] = {
            "description": "Metadados de paginação (JSON).",
            "schema": {"type": "string"},
            "example": '{"total": 42, "total_pages": 3, "page": 1, "page_size": 20, '
            '"first_page": 1, "last_page": 3, "next_page": 2}',
        }
