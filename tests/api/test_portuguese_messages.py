"""Everything a user reads is Brazilian Portuguese (issue 10 §6): the validation messages of
marshmallow and webargs, the bodies of werkzeug's errors, status names inside messages.

The walk sends bad input of several kinds to every operation of the OpenAPI document and asserts
that no message that comes back is one of the libraries' English defaults; the focused tests pin
the Portuguese ones.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from werkzeug.exceptions import default_exceptions

from tests.helpers.api import create_etp, etag_of

# The English defaults of marshmallow, webargs, werkzeug and Flask-Limiter that used to reach users.
KNOWN_ENGLISH = (
    "Invalid JSON body",
    "Not a valid",
    "Missing data for required field",
    "Field may not be null",
    "Unknown field",
    "Invalid input type",
    "Invalid type",
    "Invalid value",
    "Invalid input",
    "Must be one of",
    "Must be greater",
    "Must be less",
    "Must be equal",
    "Length must be",
    "Shorter than minimum length",
    "Longer than maximum length",
    "String does not match expected pattern",
    "Special numeric values",
    "cannot be formatted",
    "Number too large",
    "One or more of the choices",
    "The requested URL was not found",
    "The method is not allowed",
    "The browser (or proxy) sent a request",
    "The server does not support the media type",
    "The data value transmitted exceeds the capacity limit",
    "Too Many Requests",
    "per 1 minute",
    "Precondition",
)
# English words as words of a sentence (not inside a header name such as Content-Length or `code`).
ENGLISH_WORDS = re.compile(
    r"(?<![\w`-])(the|is|not|must|may|field|valid|invalid|value|required|missing|length|shorter|longer|input|"
    r"unknown|between|greater|less|equal|should|please)(?![\w`-])",
    re.IGNORECASE,
)
WRONG_TYPE = {"string": 12345, "integer": "abc", "number": "abc", "boolean": "talvez", "array": "x", "object": "x"}


def _strings(value: Any) -> list[str]:
    """Every message string of an error body (``errors`` values, never its keys: field names)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _english_in(text: str) -> str | None:
    for phrase in KNOWN_ENGLISH:
        if phrase.lower() in text.lower():
            return phrase
    match = ENGLISH_WORDS.search(text)
    return match.group(0) if match else None


def assert_portuguese(resp, where: str) -> dict:
    assert resp.status_code < 500, (where, resp.status_code, resp.get_data(as_text=True)[:300])
    if resp.status_code < 400:
        return {}
    body = resp.get_json()
    assert body and isinstance(body.get("message"), str), (where, resp.get_data(as_text=True)[:300])
    for text in [body["message"], *_strings(body.get("errors") or {})]:
        english = _english_in(text)
        assert english is None, f"{where}: English ({english!r}) in {text!r}"
    return body


class Spec:
    def __init__(self, document: dict):
        self.document = document

    def resolve(self, node: dict) -> dict:
        while isinstance(node, dict) and "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            node = self.document["components"]["schemas"][name]
        if isinstance(node, dict) and "allOf" in node:
            merged: dict = {"properties": {}, "required": []}
            for part in node["allOf"]:
                part = self.resolve(part)
                merged["properties"].update(part.get("properties", {}))
                merged["required"] += part.get("required", [])
            return merged
        return node

    def body_schema(self, operation: dict) -> dict | None:
        content = (operation.get("requestBody") or {}).get("content", {})
        schema = (content.get("application/json") or {}).get("schema")
        return self.resolve(schema) if schema else None


def _type_of(prop: dict) -> str | None:
    kind = prop.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    return kind


def _semantic_bad(prop: dict) -> Any:
    """A value of the right JSON type that the field still refuses (format, enum, limits)."""
    kind, fmt = _type_of(prop), prop.get("format")
    if prop.get("enum"):
        return "valor-que-nao-existe" if kind == "string" else -999
    if kind == "string":
        if fmt == "email":
            return "nao-e-email"
        if fmt == "uuid":
            return "nao-e-uuid"
        if fmt == "date":
            return "31/12/2026"
        if fmt == "date-time":
            return "ontem"
        if "maxLength" in prop:
            return "a" * (prop["maxLength"] + 1)
    if kind in ("integer", "number"):
        if "minimum" in prop:
            return prop["minimum"] - 1
        if "maximum" in prop:
            return prop["maximum"] + 1
    if kind == "array" and "maxItems" in prop:
        return [1] * (prop["maxItems"] + 1)
    return None


def _path_value(param: dict) -> str:
    schema = param.get("schema") or {}
    if _type_of(schema) == "integer":
        return "1"
    if schema.get("format") == "uuid" or param["name"].endswith("_id"):
        return str(uuid.uuid4())
    return "bens"


# Routes whose call would end the walk's session (logout) or delete its account.
SKIP = {("post", "/api/v1/auth/logout"), ("delete", "/api/v1/users/me")}


def test_bad_input_to_every_operation_answers_in_portuguese(client, make_user):
    spec = Spec(client.get("/api/openapi.json").get_json())
    _, org_admin = make_user()
    _, system_admin = make_user(role="system_admin")
    seen = 0
    for path, item in spec.document["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete") or (method, path) in SKIP:
                continue
            api = system_admin if path.startswith("/api/v1/admin") else org_admin
            params = operation.get("parameters", []) + item.get("parameters", [])
            url = path
            for param in params:
                if param.get("in") == "path":
                    url = url.replace("{" + param["name"] + "}", _path_value(param))
            send = getattr(api, method)
            headers = {"If-Match": '"0-0"'}
            cases: list[tuple[str, Any]] = []

            body = spec.body_schema(operation)
            if body is not None:
                props = body.get("properties", {})
                wrong = {name: WRONG_TYPE[_type_of(p)] for name, p in props.items() if _type_of(p) in WRONG_TYPE}
                semantic = {name: v for name, p in props.items() if (v := _semantic_bad(p)) is not None}
                for case, payload in (
                    ("malformed JSON", '{"a": '),
                    ("array body", "[1, 2]"),
                    ("wrong types + unknown field", json.dumps({**wrong, "campo_inexistente": 1})),
                    ("refused values", json.dumps(semantic) if semantic else None),
                    ("missing required", "{}" if body.get("required") else None),
                ):
                    if payload is not None:
                        resp = send(url, data=payload, content_type="application/json", headers=headers)
                        assert_portuguese(resp, f"{method.upper()} {path} ({case})")
                        cases.append((case, resp.status_code))
                # not JSON at all
                resp = api.client.open(
                    url, method=method.upper(), data="a=1", content_type="text/plain", headers=api._headers(headers)
                )
                assert_portuguese(resp, f"{method.upper()} {path} (text/plain)")

            query = [p for p in params if p.get("in") == "query"]
            if query and method == "get":
                wrong_query = {}
                for p in query:
                    kind = _type_of(p.get("schema") or {})
                    fmt = (p.get("schema") or {}).get("format")
                    if kind in ("integer", "number"):
                        wrong_query[p["name"]] = "abc"
                    elif fmt in ("uuid", "date-time", "date") or (p.get("schema") or {}).get("enum"):
                        wrong_query[p["name"]] = "nao-serve"
                if wrong_query:
                    resp = send(url, query_string=wrong_query)
                    assert_portuguese(resp, f"GET {path} (wrong query types)")
                    cases.append(("wrong query", resp.status_code))
                if any(p["name"] == "page_size" for p in query):
                    resp = send(url, query_string={"page_size": 1000})
                    assert_portuguese(resp, f"GET {path} (page_size over the limit)")

            if method == "get" and "{" in path:  # a well-formed id that does not exist: 404 in Portuguese
                assert_portuguese(send(url), f"GET {path} (unknown id)")
            seen += 1
            assert all(code >= 400 for _, code in cases), (method, path, cases)
    assert seen > 40  # the walk covered the document, not a handful of routes


def test_validation_messages_are_the_portuguese_ones(client, make_user):
    _, api = make_user()
    etp = create_etp(api)

    resp = client.post("/api/v1/auth/register", json={"email": "nao-e-email", "password": "x", "name": "A"})
    body = assert_portuguese(resp, "register")
    assert resp.status_code == 422 and body["errors"]["email"] == ["E-mail inválido."]

    resp = client.post("/api/v1/auth/login", data='{"email": ', content_type="application/json")
    body = assert_portuguese(resp, "malformed JSON")
    assert resp.status_code == 400
    assert body["message"] == "O corpo da requisição não é um JSON válido."

    resp = client.post("/api/v1/auth/login", json={"email": "a@b.gov.br", "password": "x", "admin": True})
    body = assert_portuguese(resp, "unknown field")
    assert body["errors"]["admin"] == ["Campo desconhecido."]

    resp = client.post("/api/v1/auth/login", json={"password": "x"})
    assert assert_portuguese(resp, "required")["errors"]["email"] == ["Campo obrigatório."]

    resp = api.post("/api/v1/etps", json=[1])
    assert resp.status_code == 422 and assert_portuguese(resp, "array body")

    resp = api.get("/api/v1/etps", query_string={"page_size": 1000})
    body = assert_portuguese(resp, "page_size")
    assert resp.status_code == 422
    assert body["errors"]["page_size"] == ["Deve ser maior ou igual a 1 e menor ou igual a 100."]

    resp = api.post(f"/api/v1/etps/{etp['id']}/exports", json={"format": "odt"})
    body = assert_portuguese(resp, "export format")
    assert body["errors"]["format"] == ["Formato de exportação inválido. Use um de: pdf, docx, json, xml."]

    resp = api.post(f"/api/v1/etps/{etp['id']}/draft", json={"incisos": [0], "regenerate": "talvez"})
    body = assert_portuguese(resp, "draft body")
    assert body["errors"]["regenerate"] == ["Envie true ou false."]
    assert body["errors"]["incisos"] == {"0": ["Deve ser maior ou igual a 1 e menor ou igual a 13."]}

    resp = api.get("/api/v1/jobs", query_string={"etp_id": "x", "state": "zzz"})
    body = assert_portuguese(resp, "jobs query")
    assert body["errors"]["etp_id"] == ["Identificador (UUID) inválido."]
    assert body["errors"]["state"][0].startswith("Use um de: queued, running")

    resp = api.get("/api/v1/audit", query_string={"since": "ontem"})
    assert assert_portuguese(resp, "audit since")["errors"]["since"][0].startswith("Data e hora inválidas")


def test_werkzeug_error_bodies_are_portuguese(app, client, make_user):
    """Every HTTP error werkzeug can raise answers in Portuguese, whatever its English description."""
    from etp_app.errors import handle_http_exception

    with app.test_request_context("/api/v1/etps"):
        for code, exc_class in default_exceptions.items():
            resp = handle_http_exception(exc_class())
            body = resp.get_json()
            assert body["code"] == code and body["message"] != exc_class.description, code
            assert _english_in(body["message"]) is None, (code, body["message"])
    # and through the app: 404, 405, 413, 415, 429 (Retry-After kept)
    assert_portuguese(client.get("/api/v1/nao-existe"), "404")
    assert client.get("/api/v1/nao-existe").get_json()["message"] == "Recurso não encontrado."
    assert client.delete("/api/health").get_json()["message"] == "Método não permitido para este recurso."
    big = json.dumps({"email": "a@b.gov.br", "password": "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)})
    resp = client.post("/api/v1/auth/login", data=big, content_type="application/json")
    assert resp.status_code == 413 and resp.get_json()["message"] == (
        "O corpo da requisição excede o tamanho máximo permitido."
    )
    resp = client.post("/api/v1/auth/login", data="a", content_type="text/plain")
    assert resp.status_code == 415 and assert_portuguese(resp, "415")
    with app.test_request_context("/api/v1/etps"):
        from flask_limiter.errors import RateLimitExceeded
        from limits import parse

        class _Limit:
            limit = parse("5 per minute")
            error_message = None

        resp = handle_http_exception(RateLimitExceeded(_Limit()))
        assert resp.status_code == 429 and resp.headers["Retry-After"]
        assert resp.get_json()["message"] == "Muitas requisições; aguarde e tente novamente."


def test_status_names_in_messages_are_portuguese_labels(make_user):
    _, api = make_user()
    etp = create_etp(api)
    url = f"/api/v1/etps/{etp['id']}/status"

    resp = api.post(url, json={"status": "draft"})
    body = assert_portuguese(resp, "same status")
    assert resp.status_code == 409
    assert body["message"] == "O ETP já está com status rascunho."
    assert body["errors"]["status"] == ["Status atual: rascunho."]

    assert api.post(url, json={"status": "archived"}, headers={"If-Match": etag_of(api, etp["id"])}).status_code == 200
    resp = api.post(url, json={"status": "in_review"})
    body = assert_portuguese(resp, "transition")
    assert resp.status_code == 409
    assert body["message"] == "Transição não permitida: de arquivado para em revisão."
    assert body["errors"]["status"] == ["A partir de arquivado, são permitidos: rascunho (`draft`)."]
    assert api.get(f"/api/v1/etps/{etp['id']}").get_json()["status"] == "archived"  # the code stays in the field
    resp = api.patch(f"/api/v1/etps/{etp['id']}", json={"orgao": "X"}, headers={"If-Match": etag_of(api, etp["id"])})
    body = assert_portuguese(resp, "read-only")
    assert resp.status_code == 409 and "draft" not in body["message"] and "rascunho" in body["message"]

    other = create_etp(api)
    job = api.post(f"/api/v1/etps/{other['id']}/draft", json={}).get_json()
    assert api.post(f"/api/v1/jobs/{job['id']}/cancel", json={}).status_code == 200
    resp = api.post(f"/api/v1/jobs/{job['id']}/cancel", json={})
    body = assert_portuguese(resp, "cancel twice")
    assert resp.status_code == 409 and body["message"] == "O trabalho já terminou: está cancelado."
    assert resp.status_code == 409 and api.get(f"/api/v1/jobs/{job['id']}").get_json()["state"] == "cancelled"


def test_status_labels_cover_every_status():
    from etp_app.models import ETP_STATUSES, JOB_STATES, SECTION_STATUSES
    from etp_app.services.etp_access import SECTION_STATUS_LABELS, STATUS_LABELS
    from etp_app.services.jobs import JOB_STATE_LABELS

    assert set(STATUS_LABELS) == set(ETP_STATUSES)
    assert [STATUS_LABELS[s] for s in ("draft", "in_review", "approved", "archived")] == [
        "rascunho",
        "em revisão",
        "aprovado",
        "arquivado",
    ]
    assert set(SECTION_STATUS_LABELS) == set(SECTION_STATUSES)
    assert [SECTION_STATUS_LABELS[s] for s in ("empty", "drafting", "drafted", "edited", "approved")] == [
        "vazia",
        "em redação",
        "redigida",
        "editada",
        "aprovada",
    ]
    assert set(JOB_STATE_LABELS) == set(JOB_STATES)
