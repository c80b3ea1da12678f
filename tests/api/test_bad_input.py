"""Generic bad input, answered at the app level in the one error envelope, never with a stack trace."""

from __future__ import annotations

import json
import re
import uuid

import pytest

LOGIN = "/api/v1/auth/login"
ENVELOPE_KEYS = {"code", "status", "message"}


def _assert_envelope(resp, code: int) -> dict:
    assert resp.status_code == code, (resp.status_code, resp.get_data(as_text=True)[:500])
    assert resp.mimetype == "application/json"
    body = resp.get_json()
    assert ENVELOPE_KEYS <= set(body), body
    assert body["code"] == code
    assert isinstance(body["message"], str) and body["message"]
    assert "Traceback" not in resp.get_data(as_text=True)
    return body


@pytest.fixture
def require_login_route(app):
    if not any(rule.rule == LOGIN for rule in app.url_map.iter_rules()):
        pytest.fail(f"{LOGIN} is part of the API contract and must exist")


def test_body_over_the_limit_is_413(app, client, require_login_route):
    limit = app.config["MAX_CONTENT_LENGTH"]
    assert limit == 1024 * 1024
    payload = json.dumps({"email": "a@b.gov.br", "password": "x" * (limit + 10)})
    resp = client.post(LOGIN, data=payload, content_type="application/json")
    _assert_envelope(resp, 413)


def test_wrong_content_type_is_415(client, require_login_route):
    resp = client.post(LOGIN, data="email=a@b.gov.br&password=x", content_type="application/x-www-form-urlencoded")
    _assert_envelope(resp, 415)
    resp = client.post(LOGIN, data='{"email": "a@b.gov.br"}', content_type="text/plain")
    _assert_envelope(resp, 415)


def test_malformed_json_is_400(client, require_login_route):
    resp = client.post(LOGIN, data='{"email": "a@b.gov.br", "password": ', content_type="application/json")
    _assert_envelope(resp, 400)


def test_unknown_fields_are_422_with_field_errors(client, require_login_route):
    resp = client.post(LOGIN, json={"email": "a@b.gov.br", "password": "Senha-Forte-2026!", "admin": True})
    body = _assert_envelope(resp, 422)
    assert "admin" in json.dumps(body.get("errors", {}))


def test_unknown_route_is_a_404_envelope(client):
    _assert_envelope(client.get("/api/v1/no-such-resource"), 404)
    _assert_envelope(client.post("/definitely/not/here"), 404)  # a GET there is the web app (tests/api/test_webapp.py)


def test_method_not_allowed_is_a_405_envelope(client):
    resp = client.delete("/api/health")
    _assert_envelope(resp, 405)
    assert "GET" in resp.headers["Allow"]


@pytest.mark.parametrize(
    "path",
    ["/api/v1/etps/not-a-uuid", "/api/v1/etps/123", "/api/v1/jobs/not-a-uuid", "/api/v1/etps/not-a-uuid/sections"],
)
def test_an_id_that_is_not_a_uuid_is_404(make_user, path):
    _, api = make_user()
    _assert_envelope(api.get(path), 404)


def test_a_well_formed_unknown_uuid_is_404(make_user):
    _, api = make_user()
    _assert_envelope(api.get(f"/api/v1/etps/{uuid.uuid4()}"), 404)


def test_request_id_is_echoed(client):
    resp = client.get("/api/health/live", headers={"X-Request-ID": "req-abc.123_XYZ"})
    assert resp.headers["X-Request-ID"] == "req-abc.123_XYZ"


@pytest.mark.parametrize("incoming", [None, "", "has spaces", "x" * 200, 'quote"inside', "ü-unicode"])
def test_request_id_is_generated_when_absent_or_invalid(client, incoming):
    headers = {} if incoming is None else {"X-Request-ID": incoming}
    resp = client.get("/api/health/live", headers=headers)
    generated = resp.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated), generated
    assert generated != incoming


def test_error_responses_carry_the_request_id(client):
    resp = client.get("/api/v1/no-such-resource", headers={"X-Request-ID": "trace-me-404"})
    assert resp.status_code == 404
    assert resp.headers["X-Request-ID"] == "trace-me-404"


def test_unexpected_exception_is_a_500_envelope_without_stack_trace(app, app_config, monkeypatch, caplog):
    """A throwaway route on a separately built app (a plain Flask rule: the shared OpenAPI spec is untouched)."""
    from etp_app import create_app
    from etp_app.extensions import db

    monkeypatch.setenv("DATABASE_URL", app_config["SQLALCHEMY_DATABASE_URI"])
    monkeypatch.setenv("REDIS_URL", app_config["REDIS_URL"])
    other = create_app(app_config, env_name="testing")

    def explode():
        raise RuntimeError("segredo interno: senha=hunter2 em /srv/etp/app.py")

    other.add_url_rule("/api/v1/_explode", "explode_for_test", explode)
    try:
        resp = other.test_client().get("/api/v1/_explode", headers={"X-Request-ID": "boom-1"})
        body = _assert_envelope(resp, 500)
        text = resp.get_data(as_text=True)
        assert "hunter2" not in text and "RuntimeError" not in text and "/srv/etp" not in text
        assert body["status"] == "Internal Server Error"
        assert resp.headers["X-Request-ID"] == "boom-1"
        # the details go to the log, for operators
        assert any("unhandled" in r.getMessage() for r in caplog.records)
    finally:
        with other.app_context():
            db.engine.dispose()
        celery_app = app.extensions.get("celery")
        if celery_app is not None:
            celery_app.set_default()


def test_absurd_page_numbers_are_422_not_500(make_user):
    _, api = make_user()
    for url in ("/api/v1/etps", "/api/v1/jobs"):
        resp = api.get(url, query_string={"page": 10**24})
        assert resp.status_code == 422, (url, resp.get_json())
        assert api.get(url, query_string={"page": 100_000}).status_code == 200
