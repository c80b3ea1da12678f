"""Hostile input gets a clear 4xx, on every route (issue 11 §4).

Observed 500s without logging in: JSON nested ~1,000 levels, a lone surrogate ("\\ud800") in a
password, name or title, a NUL byte in drafting ``instructions`` and in the organization's name,
``monthly_token_budget`` 10^12 (the column is a 32-bit integer), an integer of 10^30 in ``campos``,
and tokens signed with the real key but without ``org`` or with a non-UUID ``sub``.

The focused tests pin each answer; the walk sends the hostile payloads to every operation of
/api/openapi.json, with and without a token, and asserts no 5xx.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import jwt as pyjwt
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etp_app.jsonprovider import JSON_BAD_CHARS, HostileJSONError, check_json_value, loads_request_json
from tests.api.test_portuguese_messages import SKIP, Spec, _path_value, _type_of, assert_portuguese
from tests.helpers.api import create_etp, etag_of

DEEP = "[" * 1000 + "]" * 1000
DEEP_OBJECT = '{"a": ' * 1000 + "1" + "}" * 1000
SURROGATE = "\ud800"
NUL = "nome\x00oculto"
HUGE = 10**30


def _raw(api, method: str, url: str, payload: str, headers: dict | None = None):
    return api.client.open(
        url, method=method, data=payload, content_type="application/json", headers=api._headers(headers)
    )


def _assert_refused(resp, where: str, status: tuple[int, ...] = (400,)) -> dict:
    assert resp.status_code in status, (where, resp.status_code, resp.get_data(as_text=True)[:300])
    body = assert_portuguese(resp, where)
    assert body["code"] == resp.status_code and body["message"], body
    return body


# --------------------------------------------------------------------------------------------------
# The JSON guard
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", [DEEP, DEEP_OBJECT], ids=["array", "object"])
def test_deeply_nested_json_is_a_400_on_login_and_etp_writes(client, make_user, payload):
    from tests.conftest import ApiClient

    anonymous = ApiClient(client)
    body = _assert_refused(_raw(anonymous, "POST", "/api/v1/auth/login", payload), "login")
    assert "aninhado" in body["errors"]["_schema"][0]
    _, api = make_user()
    _assert_refused(_raw(api, "POST", "/api/v1/etps", payload), "create ETP")
    etp = create_etp(api)
    wrapped = '{"title": ' + payload + "}"
    _assert_refused(
        _raw(api, "PATCH", f"/api/v1/etps/{etp['id']}", wrapped, {"If-Match": etag_of(api, etp["id"])}), "patch ETP"
    )


def test_nesting_within_the_limit_is_validated_as_usual(make_user):
    _, api = make_user()
    nested = "[" * 60 + "]" * 60
    resp = _raw(api, "POST", "/api/v1/etps", '{"title": ' + nested + ', "objeto": "O"}')
    assert resp.status_code == 422, resp.get_json()
    assert "title" in resp.get_json()["errors"]


def test_lone_surrogates_are_a_422_on_their_field(client, make_user):
    from tests.conftest import ApiClient

    anonymous = ApiClient(client)
    login = json.dumps({"email": "a@b.gov.br", "password": SURROGATE})
    body = _assert_refused(_raw(anonymous, "POST", "/api/v1/auth/login", login), "login password", (422,))
    assert body["errors"] == {"password": [JSON_BAD_CHARS]}
    register = json.dumps({"email": "novo@orgao.gov.br", "password": "Senha-Forte-2026!", "name": "Ana" + SURROGATE})
    body = _assert_refused(_raw(anonymous, "POST", "/api/v1/auth/register", register), "register name", (422,))
    assert set(body["errors"]) == {"name"}
    _, api = make_user()
    title = json.dumps({"title": "ETP " + SURROGATE, "objeto": "O"})
    body = _assert_refused(_raw(api, "POST", "/api/v1/etps", title), "ETP title", (422,))
    assert set(body["errors"]) == {"title"}
    nested = json.dumps({"title": "T", "objeto": "O", "campos": {"local_entrega": ["a", SURROGATE]}})
    body = _assert_refused(_raw(api, "POST", "/api/v1/etps", nested), "nested", (422,))
    assert body["errors"] == {"campos": {"local_entrega": {"1": [JSON_BAD_CHARS]}}}
    key = json.dumps({"title": "T", "objeto": "O", "campos": {SURROGATE: 1}})
    _assert_refused(_raw(api, "POST", "/api/v1/etps", key), "surrogate in a key", (400,))
    bare = json.dumps(SURROGATE)
    _assert_refused(_raw(api, "POST", "/api/v1/etps", bare), "bare string", (400,))


def test_nul_bytes_are_a_422_on_their_field(make_user):
    _, api = make_user()
    org = _raw(api, "PATCH", "/api/v1/organization", json.dumps({"name": NUL}))
    body = _assert_refused(org, "organization name", (422,))
    assert body["errors"] == {"name": [JSON_BAD_CHARS]}
    etp = create_etp(api)
    draft = json.dumps({"instructions": "Seja breve" + "\x00"})
    resp = _raw(api, "POST", f"/api/v1/etps/{etp['id']}/sections/1/draft", draft)
    body = _assert_refused(resp, "drafting instructions", (422,))
    assert set(body["errors"]) == {"instructions"}
    assert api.get("/api/v1/organization").get_json()["name"] != NUL


def test_valid_unicode_still_passes(make_user):
    _, api = make_user()
    etp = create_etp(api, title="Aquisição de café ☕ e 𝔸 (plano astral)")
    assert etp["title"] == "Aquisição de café ☕ e 𝔸 (plano astral)"


# --------------------------------------------------------------------------------------------------
# Integers within their columns
# --------------------------------------------------------------------------------------------------


def test_column_integer_bounds_follow_the_column_type():
    import sqlalchemy as sa

    from etp_app.api.common import column_integer_bounds, column_range
    from etp_app.models.user import Organization

    assert column_integer_bounds(sa.Column(sa.SmallInteger)) == (-(2**15), 2**15 - 1)
    assert column_integer_bounds(sa.Column(sa.Integer)) == (-(2**31), 2**31 - 1)
    assert column_integer_bounds(sa.Column(sa.BigInteger)) == (-(2**63), 2**63 - 1)
    assert column_integer_bounds(Organization.monthly_token_budget) == (-(2**31), 2**31 - 1)
    bounded = column_range(Organization.monthly_token_budget, at_least=0)
    assert (bounded.min, bounded.max) == (0, 2**31 - 1)
    with pytest.raises(TypeError):
        column_integer_bounds(sa.Column(sa.String))


def test_monthly_token_budget_beyond_its_column_is_a_422(make_user):
    _, api = make_user()
    resp = api.patch("/api/v1/organization", json={"monthly_token_budget": 10**12})
    body = _assert_refused(resp, "budget 10^12", (422,))
    assert body["errors"]["monthly_token_budget"] == [f"Deve ser maior ou igual a 0 e menor ou igual a {2**31 - 1}."]
    resp = api.patch("/api/v1/organization", json={"monthly_token_budget": 2**31 - 1})
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["monthly_token_budget"] == 2**31 - 1


@pytest.mark.parametrize(
    ("template_type", "campos", "field"),
    [
        ("bens", {"garantia_meses": HUGE}, "garantia_meses"),
        ("bens", {"garantia_meses": str(HUGE)}, "garantia_meses"),
        ("bens", {"garantia_meses": 2**31}, "garantia_meses"),
        ("bens", {"garantia_meses": "9" * 5000}, "garantia_meses"),
        ("servicos", {"area_m2": HUGE}, "area_m2"),
        ("servicos", {"area_m2": "1e30"}, "area_m2"),
    ],
)
def test_huge_numbers_in_campos_are_a_422(make_user, template_type, campos, field):
    _, api = make_user()
    body = json.dumps({"title": "T", "objeto": "O", "template_type": template_type, "campos": campos})
    resp = _raw(api, "POST", "/api/v1/etps", body)
    body = _assert_refused(resp, f"campos {campos!r:.60}", (422,))
    assert set(body["errors"]["campos"]) == {field}


def test_sane_numbers_in_campos_are_accepted(make_user):
    _, api = make_user()
    etp = create_etp(api, template_type="bens", campos={"garantia_meses": 2**31 - 1})
    assert etp["campos"]["garantia_meses"] == 2**31 - 1
    obra = create_etp(api, template_type="servicos", campos={"area_m2": "123456789012345.5"})
    assert obra["campos"]["area_m2"] == "123456789012345.5"


# --------------------------------------------------------------------------------------------------
# Tokens signed with the real key but claims the app never writes
# --------------------------------------------------------------------------------------------------


def _signed(app, **claims: Any) -> str:
    now = int(time.time())
    return pyjwt.encode(
        {
            "jti": str(uuid.uuid4()),
            "type": "access",
            "fresh": False,
            "iat": now,
            "nbf": now,
            "exp": now + 600,
            **claims,
        },
        app.config["JWT_SECRET_KEY"],
        algorithm=app.config.get("JWT_ALGORITHM", "HS256"),
    )


def _forged_cases(uid: str, org: str, sid: str) -> dict[str, dict[str, Any]]:
    return {
        "no org": {"sub": uid, "sid": sid, "role": "member"},
        "non-UUID sub": {"sub": "admin", "sid": sid, "org": org, "role": "member"},
        "non-UUID org": {"sub": uid, "sid": sid, "org": "x", "role": "member"},
        "unknown role": {"sub": uid, "sid": sid, "org": org, "role": "deus"},
        "no role": {"sub": uid, "sid": sid, "org": org},
        "numeric sub": {"sub": 12, "sid": sid, "org": org, "role": "member"},
        "no jti": {"sub": uid, "sid": sid, "org": org, "role": "member", "jti": None},
        "string iat_precise": {"sub": uid, "sid": sid, "org": org, "role": "member", "iat_precise": "ontem"},
        "huge iat_precise": {"sub": uid, "sid": sid, "org": org, "role": "member", "iat_precise": 10**400},
        "no sid": {"sub": uid, "org": org, "role": "member"},
        "non-UUID sid": {"sub": uid, "sid": "sessao", "org": org, "role": "member"},
    }


def test_tokens_with_missing_or_malformed_claims_are_a_401(app, client, make_user):
    user, api = make_user()
    org = api.get("/api/v1/organization").get_json()["id"]
    sid = pyjwt.decode(api.token, options={"verify_signature": False})["sid"]  # the user's live session
    good = _signed(app, sub=user["id"], sid=sid, org=org, role="org_admin")
    assert client.get("/api/v1/etps", headers={"Authorization": f"Bearer {good}"}).status_code == 200
    for case, claims in _forged_cases(user["id"], org, sid).items():
        token = _signed(app, **claims)
        for method, url in (
            ("GET", "/api/v1/etps"),
            ("GET", "/api/v1/auth/me"),
            ("GET", "/api/v1/organization"),
            ("POST", "/api/v1/auth/logout"),
        ):
            resp = client.open(url, method=method, headers={"Authorization": f"Bearer {token}"})
            body = _assert_refused(resp, f"{case}: {method} {url}", (401,))
            assert body["message"] == "Token inválido."


def test_refresh_tokens_with_malformed_claims_are_a_401(app, client):
    for claims in ({"sub": "nao-e-uuid"}, {"sub": str(uuid.uuid4()), "jti": 5}):
        token = _signed(app, type="refresh", **claims)
        resp = client.post("/api/v1/auth/refresh", headers={"Authorization": f"Bearer {token}"})
        _assert_refused(resp, f"refresh {claims}", (401,))


# --------------------------------------------------------------------------------------------------
# The walk: every operation, with and without a token
# --------------------------------------------------------------------------------------------------


def _hostile_value(prop: dict, kind: str) -> Any:
    match _type_of(prop):
        case "string":
            return {"surrogate": "x" + SURROGATE, "nul": NUL}.get(kind, "x")
        case "integer" | "number":
            return HUGE if kind != "negative" else -HUGE
        case "object":
            return {"a": HUGE, "b": NUL}
        case "array":
            return [HUGE, NUL]
    return HUGE


def _hostile_bodies(spec: Spec, operation: dict) -> list[tuple[str, str]]:
    bodies = [
        ("deep array", DEEP),
        ("deep object", DEEP_OBJECT),
        ("huge integer", str(HUGE)),
        ("long integer", "9" * 5000),
    ]
    schema = spec.body_schema(operation)
    if schema is None:
        return bodies
    props = schema.get("properties", {})
    for kind in ("surrogate", "nul", "huge", "negative"):
        payload = {name: _hostile_value(spec.resolve(p), kind) for name, p in props.items()}
        bodies.append((f"{kind} in every field", json.dumps(payload)))
    bodies.append(("deep field", "{" + ", ".join(f'"{name}": {DEEP}' for name in props) + "}"))
    return bodies


def _hostile_queries(params: list[dict]) -> list[tuple[str, dict]]:
    query = [p for p in params if p.get("in") == "query"]
    if not query:
        return []
    return [
        (kind, {p["name"]: value for p in query})
        for kind, value in (
            ("query NUL", NUL),
            ("query surrogate-ish", "\udcff".encode("utf-8", "surrogatepass")),
            ("query huge", str(HUGE)),
        )
    ]


def test_hostile_payloads_to_every_operation_never_answer_5xx(client, make_user):
    from tests.conftest import ApiClient

    spec = Spec(client.get("/api/openapi.json").get_json())
    _, org_admin = make_user()
    _, system_admin = make_user(role="system_admin")
    etp_id = create_etp(org_admin)["id"]
    anonymous = ApiClient(client)
    seen = 0
    for path, item in spec.document["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete") or (method, path) in SKIP:
                continue
            params = operation.get("parameters", []) + item.get("parameters", [])
            url = path
            for param in params:
                if param.get("in") == "path":
                    value = etp_id if param["name"] == "etp_id" else _path_value(param)
                    url = url.replace("{" + param["name"] + "}", value)
            authenticated = system_admin if path.startswith("/api/v1/admin") else org_admin
            for api in (authenticated, anonymous):
                who = "token" if api is authenticated else "anonymous"
                headers = {"If-Match": '"0-0"'}
                if method in ("post", "put", "patch"):
                    for case, payload in _hostile_bodies(spec, operation):
                        resp = _raw(api, method.upper(), url, payload, headers)
                        assert_portuguese(resp, f"{method.upper()} {path} ({who}, {case})")
                for case, query in _hostile_queries(params):
                    resp = api.client.open(
                        url, method=method.upper(), query_string=query, headers=api._headers(headers)
                    )
                    assert_portuguese(resp, f"{method.upper()} {path} ({who}, {case})")
            seen += 1
    assert seen >= 50, seen


# --------------------------------------------------------------------------------------------------
# The guard itself, property-based: odd Unicode and any nesting
# --------------------------------------------------------------------------------------------------

_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4),
    max_leaves=30,
)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text())
def test_the_request_json_loader_refuses_only_with_its_own_errors(text):
    try:
        loads_request_json(text)
    except (json.JSONDecodeError, HostileJSONError):
        pass


@settings(max_examples=300, derandomize=True, deadline=None)
@given(_JSON_VALUES, st.integers(min_value=0, max_value=80))
def test_what_passes_the_guard_can_be_answered(value, depth):
    for _ in range(depth):
        value = [value]
    try:
        check_json_value(value)
    except HostileJSONError:
        return
    encoded = orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS) if _fits_64_bits(value) else b""
    assert b"\\u0000" not in encoded
    assert loads_request_json(json.dumps(value)) == value


def _fits_64_bits(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, list, dict)):
        return True
    if isinstance(value, int):
        return -(2**63) <= value < 2**64
    items = value.values() if isinstance(value, dict) else value
    return all(_fits_64_bits(item) for item in items)
