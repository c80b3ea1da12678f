"""The web app's refresh token in an HttpOnly cookie, with a double-submit CSRF value (issue 12, §3).

``X-Token-Transport: cookie`` on the routes that return tokens moves the refresh token from the body
into ``etp_refresh`` (HttpOnly, SameSite=Strict, Path=/api/v1/auth) and its csrf claim into
``etp_csrf`` (readable, Path=/); a refresh by the cookie needs ``X-CSRF-TOKEN``. The Bearer flow is
unchanged.
"""

from __future__ import annotations

import uuid
from urllib.parse import parse_qs, urlsplit

import jwt as pyjwt
import pytest

from config.settings import get_config
from etp_app.extensions import db
from etp_app.models import AuthSession
from etp_app.services import mail
from tests.conftest import DEFAULT_PASSWORD

COOKIE = {"X-Token-Transport": "cookie"}
REFRESH = "etp_refresh"
CSRF = "etp_csrf"
CSRF_MESSAGE = "Token CSRF ausente ou inválido."


def _set_cookies(resp) -> dict[str, dict[str, str]]:
    """The Set-Cookie headers of an answer: name -> {"value": ..., attribute (lower case): value}."""
    out: dict[str, dict[str, str]] = {}
    for header in resp.headers.getlist("Set-Cookie"):
        first, *attrs = [part.strip() for part in header.split(";")]
        name, _, value = first.partition("=")
        entry = {"value": value}
        for attr in attrs:
            key, _, val = attr.partition("=")
            entry[key.lower()] = val or "true"
        out[name] = entry
    return out


def _claims(token: str) -> dict:
    return pyjwt.decode(token, options={"verify_signature": False})


def _login(client, email, headers=None):
    return client.post("/api/v1/auth/login", json={"email": email, "password": DEFAULT_PASSWORD}, headers=headers)


def _cookie_login(client, email) -> tuple[dict, dict[str, dict[str, str]]]:
    resp = _login(client, email, COOKIE)
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json(), _set_cookies(resp)


def _cookie_refresh(client, csrf: str | None):
    headers = {} if csrf is None else {"X-CSRF-TOKEN": csrf}
    return client.post("/api/v1/auth/refresh", headers=headers)


def _assert_cleared(resp) -> None:
    cookies = _set_cookies(resp)
    for name, path in ((REFRESH, "/api/v1/auth"), (CSRF, "/")):
        assert name in cookies, resp.headers.getlist("Set-Cookie")
        assert cookies[name]["value"] == "" and cookies[name]["max-age"] == "0"
        assert cookies[name]["path"] == path


def test_login_in_cookie_mode_sets_the_cookies_and_keeps_the_refresh_token_out_of_the_body(app, client, make_user):
    user, _ = make_user()
    body, cookies = _cookie_login(client, user["email"])
    assert body.get("refresh_token") is None
    assert body["access_token"] and body["user"]["email"] == user["email"]
    assert body["expires_in"] == int(app.config["JWT_ACCESS_TOKEN_EXPIRES"].total_seconds())

    refresh, csrf = cookies[REFRESH], cookies[CSRF]
    lifetime = str(int(app.config["JWT_REFRESH_TOKEN_EXPIRES"].total_seconds()))
    assert refresh["httponly"] == "true" and refresh["samesite"] == "Strict"
    assert refresh["path"] == "/api/v1/auth" and refresh["max-age"] == lifetime
    assert "httponly" not in csrf and csrf["samesite"] == "Strict"
    assert csrf["path"] == "/" and csrf["max-age"] == lifetime
    # testing configuration: plain http, so not Secure
    assert "secure" not in refresh and "secure" not in csrf

    claims = _claims(refresh["value"])
    assert claims["type"] == "refresh" and claims["csrf"] == csrf["value"]
    assert claims["sid"] == _claims(body["access_token"])["sid"]


def test_cookies_are_secure_outside_development_and_testing(app, client, make_user, monkeypatch):
    env = {
        "SECRET_KEY": "s" * 40,
        "JWT_SECRET": "j" * 40,
        "DATABASE_URL": "postgresql://x@127.0.0.1/x",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "APP_URL": "https://etp.example.gov.br",
    }
    assert get_config("production", env)["REFRESH_COOKIE_SECURE"] is True
    assert get_config("development", env)["REFRESH_COOKIE_SECURE"] is False
    assert get_config("testing", env)["REFRESH_COOKIE_SECURE"] is False
    assert get_config("production", {**env, "REFRESH_COOKIE_SECURE": "false"})["REFRESH_COOKIE_SECURE"] is False

    monkeypatch.setitem(app.config, "REFRESH_COOKIE_SECURE", True)
    user, _ = make_user()
    _, cookies = _cookie_login(client, user["email"])
    assert cookies[REFRESH]["secure"] == "true" and cookies[CSRF]["secure"] == "true"


def test_refresh_by_cookie_with_the_csrf_value_rotates_into_a_new_cookie(app, client, make_user):
    user, _ = make_user()
    _, cookies = _cookie_login(client, user["email"])
    first = cookies[REFRESH]["value"]

    resp = _cookie_refresh(client, cookies[CSRF]["value"])
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body.get("refresh_token") is None and body["expires_in"] > 0
    assert client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"}).status_code == 200
    rotated = _set_cookies(resp)
    assert rotated[REFRESH]["value"] != first and rotated[REFRESH]["httponly"] == "true"
    assert _claims(rotated[REFRESH]["value"])["csrf"] == rotated[CSRF]["value"]
    assert _claims(rotated[REFRESH]["value"])["sid"] == _claims(first)["sid"]
    with app.app_context():
        row = db.session.get(AuthSession, uuid.UUID(_claims(first)["sid"]))
        assert row is not None and row.previous_jti == _claims(first)["jti"]
        db.session.remove()

    # the test client now holds the rotated cookies: the next refresh uses the new CSRF value
    assert _cookie_refresh(client, rotated[CSRF]["value"]).status_code == 200


@pytest.mark.parametrize("csrf", [None, "", "valor-errado"], ids=["missing", "empty", "wrong"])
def test_refresh_by_cookie_without_the_right_csrf_value_is_401_and_clears_the_cookies(client, make_user, csrf):
    user, _ = make_user()
    _cookie_login(client, user["email"])
    resp = _cookie_refresh(client, csrf)
    assert resp.status_code == 401
    body = resp.get_json()
    assert body["code"] == 401 and body["message"] == CSRF_MESSAGE
    _assert_cleared(resp)


def test_csrf_value_of_another_session_is_refused(client, make_user, app):
    user, _ = make_user()
    _, mine = _cookie_login(client, user["email"])
    other = app.test_client()
    _, theirs = _cookie_login(other, user["email"])
    assert theirs[CSRF]["value"] != mine[CSRF]["value"]
    resp = _cookie_refresh(client, theirs[CSRF]["value"])
    assert resp.status_code == 401 and resp.get_json()["message"] == CSRF_MESSAGE


def test_reuse_of_a_replaced_cookie_revokes_the_session(app, client, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "REFRESH_REUSE_GRACE_SECONDS", 0)
    user, _ = make_user()
    _, stolen = _cookie_login(client, user["email"])
    rotated = _set_cookies(_cookie_refresh(client, stolen[CSRF]["value"]))
    assert REFRESH in rotated

    # a copy of the first cookie presented again (another browser holding it)
    thief = app.test_client()
    thief.set_cookie(REFRESH, stolen[REFRESH]["value"], path="/api/v1/auth")
    resp = _cookie_refresh(thief, stolen[CSRF]["value"])
    assert resp.status_code == 401 and "já foi usado" in resp.get_json()["message"]
    _assert_cleared(resp)
    # the whole family is gone: the legitimate browser's rotated cookie too
    resp = _cookie_refresh(client, rotated[CSRF]["value"])
    assert resp.status_code == 401
    _assert_cleared(resp)
    with app.app_context():
        row = db.session.get(AuthSession, uuid.UUID(_claims(stolen[REFRESH]["value"])["sid"]))
        assert row is not None and row.revoked_reason == "reuse_detected"
        db.session.remove()


def test_refresh_by_cookie_within_the_grace_gives_an_access_token_and_keeps_the_cookie(client, make_user, app):
    user, _ = make_user()
    _, first = _cookie_login(client, user["email"])
    winner = _cookie_refresh(client, first[CSRF]["value"])
    assert winner.status_code == 200

    tab = app.test_client()  # a second tab that still had the first cookie, at the same moment
    tab.set_cookie(REFRESH, first[REFRESH]["value"], path="/api/v1/auth")
    loser = _cookie_refresh(tab, first[CSRF]["value"])
    assert loser.status_code == 200, loser.get_json()
    assert loser.get_json()["access_token"] and loser.get_json().get("refresh_token") is None
    assert REFRESH not in _set_cookies(loser)


def test_logout_clears_the_cookies_and_ends_the_session(client, make_user):
    user, _ = make_user()
    body, cookies = _cookie_login(client, user["email"])
    resp = client.post("/api/v1/auth/logout", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert resp.status_code == 204
    _assert_cleared(resp)
    resp = client.post("/api/v1/auth/refresh", headers={"X-CSRF-TOKEN": cookies[CSRF]["value"]})
    assert resp.status_code == 401  # the cookie is gone from the client; the session is revoked anyway


def test_logout_clears_the_cookies_even_when_its_token_is_refused(client, make_user):
    user, _ = make_user()
    _cookie_login(client, user["email"])
    for path in ("/api/v1/auth/logout", "/api/v1/auth/logout-all"):
        resp = client.post(path, headers={"Authorization": "Bearer expirado-ou-invalido"})
        assert resp.status_code == 401
        _assert_cleared(resp)


def test_other_auth_answers_leave_the_cookies_alone(client, make_user):
    user, api = make_user()
    _cookie_login(client, user["email"])
    for resp in (api.get("/api/v1/auth/me"), api.get("/api/v1/auth/sessions"), client.get("/api/v1/auth/me")):
        assert "Set-Cookie" not in resp.headers, resp.headers.getlist("Set-Cookie")


def test_the_spec_documents_the_transport_headers(client):
    spec = client.get("/api/openapi.json").get_json()
    for path in (
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/change-password",
        "/api/v1/auth/invitations/accept",
    ):
        names = {p["name"] for p in spec["paths"][path]["post"].get("parameters", []) if p["in"] == "header"}
        assert "X-Token-Transport" in names, path
    refresh = spec["paths"]["/api/v1/auth/refresh"]["post"]["parameters"]
    assert any(p["name"] == "X-CSRF-TOKEN" for p in refresh)
    for schema in ("AuthResult", "TokenPair", "RefreshResult"):
        body = spec["components"]["schemas"][schema]
        assert "refresh_token" not in body.get("required", []) and "expires_in" in body["properties"]


def test_logout_all_clears_the_cookies(client, make_user):
    user, _ = make_user()
    body, cookies = _cookie_login(client, user["email"])
    resp = client.post("/api/v1/auth/logout-all", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert resp.status_code == 204
    _assert_cleared(resp)
    replay = client.application.test_client()
    replay.set_cookie(REFRESH, cookies[REFRESH]["value"], path="/api/v1/auth")
    resp = _cookie_refresh(replay, cookies[CSRF]["value"])
    assert resp.status_code == 401
    _assert_cleared(resp)


def test_access_tokens_are_never_read_from_cookies(client, make_user):
    user, _ = make_user()
    body, _ = _cookie_login(client, user["email"])
    client.set_cookie("access_token_cookie", body["access_token"], path="/")
    client.set_cookie(REFRESH, body["access_token"], path="/")
    resp = client.get("/api/v1/auth/me")
    assert resp.status_code == 401
    # an access token in the refresh cookie is not a refresh token
    assert client.post("/api/v1/auth/refresh", headers={"X-CSRF-TOKEN": "x"}).status_code == 401


def test_change_password_in_cookie_mode_sets_new_cookies(client, make_user):
    user, api = make_user()
    resp = api.post(
        "/api/v1/auth/change-password",
        json={"current_password": DEFAULT_PASSWORD, "new_password": "Outra-Senha-Boa-2027"},
        headers=COOKIE,
    )
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json().get("refresh_token") is None and resp.get_json()["expires_in"] > 0
    cookies = _set_cookies(resp)
    assert _cookie_refresh(client, cookies[CSRF]["value"]).status_code == 200


def test_bearer_flow_is_unchanged(client, make_user):
    user, _ = make_user()
    resp = _login(client, user["email"])
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["refresh_token"] and body["expires_in"] > 0
    assert "Set-Cookie" not in resp.headers

    resp = client.post("/api/v1/auth/refresh", headers={"Authorization": f"Bearer {body['refresh_token']}"})
    assert resp.status_code == 200, resp.get_json()
    assert set(resp.get_json()) == {"access_token", "refresh_token", "expires_in"}
    assert "Set-Cookie" not in resp.headers
    # a Bearer refresh that fails sets no cookie either
    resp = client.post("/api/v1/auth/refresh", headers={"Authorization": "Bearer nao-e-um-token"})
    assert resp.status_code == 401 and "Set-Cookie" not in resp.headers
    resp = client.post("/api/v1/auth/refresh")
    assert resp.status_code == 401 and resp.get_json()["message"].startswith("Autenticação necessária")


def test_invitation_accept_in_cookie_mode(app, client, make_user, monkeypatch):
    monkeypatch.setattr(mail, "enqueue", lambda kind, **params: None)
    _, admin = make_user(f"chefe@orgao{uuid.uuid4().hex[:6]}.gov.br")
    email = f"convidada-{uuid.uuid4().hex[:8]}@orgao{uuid.uuid4().hex[:6]}.gov.br"
    resp = admin.post("/api/v1/organization/invitations", json={"email": email, "role": "member"})
    assert resp.status_code == 201, resp.get_json()
    with app.app_context():
        message = mail.build("invitation", {"invitation_id": resp.get_json()["id"]})
        db.session.remove()
    assert message is not None and message.link is not None
    token = parse_qs(urlsplit(message.link).query)["token"][0]

    resp = client.post(
        "/api/v1/auth/invitations/accept",
        json={"token": token, "name": "Convidada", "password": DEFAULT_PASSWORD},
        headers=COOKIE,
    )
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json().get("refresh_token") is None and resp.get_json()["expires_in"] > 0
    cookies = _set_cookies(resp)
    assert cookies[REFRESH]["httponly"] == "true"
    assert _cookie_refresh(client, cookies[CSRF]["value"]).status_code == 200
