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

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

import marshmallow as ma
from flask import request
from flask_smorest import Blueprint

from etp_app.errors import PreconditionRequired

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
        metadata={"description": "Repetir a requisição com a mesma chave devolve o mesmo trabalho."},
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
    """smorest Blueprint whose ``X-Pagination`` header always carries ``page`` and ``page_size``."""

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
