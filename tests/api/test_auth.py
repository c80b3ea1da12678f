"""Auth routes through the test client, on real PostgreSQL and Redis."""

from __future__ import annotations

import hashlib
import re
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from etp_app.extensions import db
from etp_app.models import AuditLog, Organization, PasswordResetToken, User
from etp_app.services.accounts import INVALID_CREDENTIALS as GENERIC_401
from tests.conftest import DEFAULT_PASSWORD, ApiClient

NEW_PASSWORD = "Outra-Senha-Boa-2027"


def _domain() -> str:
    return f"orgao-{uuid.uuid4().hex[:8]}.gov.br"


def _register(client, email, password=DEFAULT_PASSWORD, name="Servidora Teste", **extra):
    return client.post("/api/v1/auth/register", json={"email": email, "password": password, "name": name, **extra})


def _login(client, email, password=DEFAULT_PASSWORD):
    return client.post("/api/v1/auth/login", json={"email": email, "password": password})


def _user_row(app, email) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge_all()
        return user


def _set_user(app, email, **values):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        for key, value in values.items():
            setattr(user, key, value)
        db.session.commit()


def _audit(app, action, **filters):
    with app.app_context():
        query = select(AuditLog).where(AuditLog.action == action)
        for key, value in filters.items():
            query = query.where(getattr(AuditLog, key) == value)
        rows = db.session.scalars(query.order_by(AuditLog.created_at)).all()
        db.session.expunge_all()
        return rows


def _bearer(token):
    return {"Authorization": f"Bearer {token}"}


def _assert_envelope(resp, code):
    assert resp.status_code == code, resp.get_json()
    body = resp.get_json()
    assert body["code"] == code
    assert isinstance(body["status"], str) and isinstance(body["message"], str)
    return body


# --------------------------------------------------------------------------- register


def test_register_answers_202_and_creates_an_unverified_account_without_organization(app, client):
    domain = _domain()
    resp = _register(client, f"chefe@{domain}", organization="Secretaria de Saúde")  # "organization" is ignored
    assert resp.status_code == 202, resp.get_json()
    assert set(resp.get_json()) == {"message"}
    assert "e-mail" in resp.get_json()["message"]
    stored = _user_row(app, f"chefe@{domain}")
    assert stored.organization_id is None and stored.email_verified_at is None
    assert stored.password_hash.startswith("$argon2id$") and DEFAULT_PASSWORD not in stored.password_hash
    with app.app_context():
        assert db.session.scalar(select(Organization).where(Organization.name == "Secretaria de Saúde")) is None
    rows = _audit(app, "auth.register", actor_id=stored.id)
    assert len(rows) == 1 and rows[0].after == {"outcome": "created"}
    assert DEFAULT_PASSWORD not in str(rows[0].after)


def test_register_gives_no_tokens_and_no_role_in_any_organization(app, client):
    domain = _domain()
    resp = _register(client, f"chefe@{domain}")
    assert "access_token" not in resp.get_json() and "user" not in resp.get_json()
    with app.app_context():
        assert db.session.scalar(select(Organization.id).limit(1)) is None  # no organization was created


def test_register_normalizes_email(app, client):
    domain = _domain()
    resp = _register(client, f"  Maria.Souza@{domain.upper()}.  ")
    assert resp.status_code == 202, resp.get_json()
    assert _user_row(app, f"maria.souza@{domain}") is not None


def test_register_known_email_answers_exactly_like_a_new_one(app, client, make_user):
    user, _ = make_user()
    new = _register(client, f"nova@{_domain()}")
    known = _register(client, user["email"].upper())
    assert (known.status_code, known.get_json()) == (new.status_code, new.get_json()) == (202, new.get_json())
    # nothing changed in the existing, verified account: its password still works
    assert _login(client, user["email"]).status_code == 200


@pytest.mark.parametrize(
    "password, fragment",
    [
        ("curta1!A", "10 caracteres"),
        ("somenteminusculas", "3 destes tipos"),
        ("Senha@2024!", "muito comum"),
        ("Servidora-2026!", "nome"),  # contains the name "Servidora Teste"
    ],
)
def test_register_weak_password_is_422_with_field_errors(app, client, password, fragment):
    email = f"fraca@{_domain()}"
    body = _assert_envelope(_register(client, email, password=password), 422)
    assert any(fragment in message for message in body["errors"]["password"]), body
    assert _user_row(app, email) is None


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"email": "not-an-email", "password": DEFAULT_PASSWORD, "name": "X"}, "email"),
        ({"password": DEFAULT_PASSWORD, "name": "X"}, "email"),
        ({"email": "a@b.gov.br", "password": DEFAULT_PASSWORD, "name": "   "}, "name"),
        ({"email": "a@b.gov.br", "password": DEFAULT_PASSWORD, "name": "X", "role": "system_admin"}, "role"),
        ({"email": "a@b.gov.br", "password": DEFAULT_PASSWORD, "name": "Nul\x00byte"}, "name"),
        ({"email": "a@b.gov.br", "password": 12345678901, "name": "X"}, "password"),
    ],
)
def test_register_invalid_input_is_422(client, payload, field):
    body = _assert_envelope(client.post("/api/v1/auth/register", json=payload), 422)
    assert field in body["errors"]


def test_malformed_json_is_400_and_wrong_content_type_is_415(client):
    resp = client.post("/api/v1/auth/login", data='{"email": ', content_type="application/json")
    _assert_envelope(resp, 400)
    resp = client.post(
        "/api/v1/auth/login", data="email=a@b.c&password=x", content_type="application/x-www-form-urlencoded"
    )
    _assert_envelope(resp, 415)


def test_json_body_that_is_not_an_object_is_rejected(client):
    resp = client.post("/api/v1/auth/login", json=["a@b.gov.br", "x"])
    assert resp.status_code in (400, 422)
    assert resp.get_json()["code"] == resp.status_code


# --------------------------------------------------------------------------- login


def test_login_returns_user_and_tokens_and_records_audit(app, client, make_user):
    user, _ = make_user()
    resp = _login(client, user["email"])
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["user"]["id"] == user["id"] and body["user"]["last_login_at"]
    assert body["access_token"] and body["refresh_token"]
    assert client.get("/api/v1/auth/me", headers=_bearer(body["access_token"])).status_code == 200
    assert _audit(app, "auth.login", actor_id=uuid.UUID(user["id"]))


def test_wrong_password_and_unknown_email_get_the_same_401(app, client, make_user):
    user, _ = make_user()
    wrong = _login(client, user["email"], "Senha-Errada-2026!")
    unknown = _login(client, f"ninguem@{_domain()}", "Senha-Errada-2026!")
    body_wrong = _assert_envelope(wrong, 401)
    body_unknown = _assert_envelope(unknown, 401)
    assert body_wrong == body_unknown
    assert body_wrong["message"] == GENERIC_401

    failures = _audit(app, "auth.login_failed")
    assert len(failures) == 2
    known = [row for row in failures if row.actor_id == uuid.UUID(user["id"])]
    assert len(known) == 1 and known[0].after["reason"] == "wrong_password"
    assert known[0].organization_id == uuid.UUID(user["organization"]["id"])
    anonymous = [row for row in failures if row.actor_id is None]
    assert len(anonymous) == 1 and anonymous[0].after["reason"] == "unknown_account"
    for row in failures:
        assert "Senha-Errada" not in str(row.after) and "ninguem" not in str(row.after)


def test_unknown_email_still_runs_an_argon2_verify(client, monkeypatch):
    from etp_app.services import passwords

    burned = []
    monkeypatch.setattr(passwords, "burn_verification_time", lambda pw: burned.append(True))
    assert _login(client, f"ninguem@{_domain()}", "Qualquer-Coisa-1").status_code == 401
    assert burned == [True]


def test_inactive_or_deleted_users_cannot_log_in(app, client, make_user):
    inactive, _ = make_user()
    deleted, _ = make_user()
    _set_user(app, inactive["email"], is_active=False)
    _set_user(app, deleted["email"], deleted_at=datetime.now(UTC))
    assert _assert_envelope(_login(client, inactive["email"]), 401)["message"] == GENERIC_401
    assert _assert_envelope(_login(client, deleted["email"]), 401)["message"] == GENERIC_401


def test_login_rehashes_password_stored_with_old_parameters(app, client, make_user):
    user, _ = make_user()
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(DEFAULT_PASSWORD)
    _set_user(app, user["email"], password_hash=weak)
    assert _login(client, user["email"]).status_code == 200
    stored = _user_row(app, user["email"]).password_hash
    assert stored != weak and "m=65536,t=3,p=4" in stored


# --------------------------------------------------------------------------- throttling (tests/api/test_login_throttle.py)


def _throttle_rows(app, email, address="127.0.0.1"):
    """The (e-mail, address) counter of ``email`` from ``address`` (None when there is none)."""
    from etp_app.models import LoginThrottle
    from etp_app.services import login_throttle

    with app.test_request_context():
        keys = login_throttle.keys_for(email, address)
        row = db.session.get(LoginThrottle, keys.account_address)
        db.session.expunge_all()
        return row


def _move_throttle(app, email, address="127.0.0.1", **values):
    from etp_app.models import LoginThrottle
    from etp_app.services import login_throttle

    with app.test_request_context():
        keys = login_throttle.keys_for(email, address)
        for key in (keys.account_address, keys.address, keys.account):
            row = db.session.get(LoginThrottle, key)
            for name, value in values.items():
                setattr(row, name, value)
        db.session.commit()


def test_five_failures_throttle_the_address_even_for_the_right_password(app, client, make_user):
    user, _ = make_user()
    for _ in range(5):
        assert _login(client, user["email"], "Senha-Errada-2026!").status_code == 401
    throttled = _login(client, user["email"])  # the right password, from the same address
    body = _assert_envelope(throttled, 429)
    assert 25 <= int(throttled.headers["Retry-After"]) <= 30
    assert "endereço" in body["message"] and "conta" not in body["message"].lower()
    row = _throttle_rows(app, user["email"])
    assert row.failures == 5 and row.blocked_until is not None

    # The block passes (no sleeping: move it into the past).
    _move_throttle(app, user["email"], blocked_until=datetime.now(UTC) - timedelta(seconds=1))
    assert _login(client, user["email"]).status_code == 200
    assert _throttle_rows(app, user["email"]) is None  # a success clears the pair's counter


def test_throttling_does_not_depend_on_redis(app, client, make_user):
    user, _ = make_user()
    from etp_app.redis_client import get_redis

    for _ in range(5):
        _login(client, user["email"], "Senha-Errada-2026!")
        with app.app_context():
            get_redis().client.flushdb()  # whatever Redis held is gone
    assert _login(client, user["email"]).status_code == 429


def test_success_resets_the_failure_counter(app, client, make_user):
    user, _ = make_user()
    for _ in range(4):
        assert _login(client, user["email"], "Senha-Errada-2026!").status_code == 401
    assert _login(client, user["email"]).status_code == 200
    for _ in range(4):
        assert _login(client, user["email"], "Senha-Errada-2026!").status_code == 401
    assert _login(client, user["email"]).status_code == 200


def test_failures_older_than_the_window_do_not_count(app, client, make_user):
    user, _ = make_user()
    for _ in range(4):
        _login(client, user["email"], "Senha-Errada-2026!")
    sixteen_minutes_ago = datetime.now(UTC) - timedelta(minutes=16)
    _move_throttle(app, user["email"], window_started_at=sixteen_minutes_ago, last_failure_at=sixteen_minutes_ago)
    assert _login(client, user["email"], "Senha-Errada-2026!").status_code == 401  # starts a new window
    assert _throttle_rows(app, user["email"]).failures == 1
    assert _login(client, user["email"]).status_code == 200


# --------------------------------------------------------------------------- refresh / logout / me


def test_refresh_returns_a_working_access_token(client, make_user):
    user, _ = make_user()
    tokens = _login(client, user["email"]).get_json()
    resp = client.post("/api/v1/auth/refresh", headers=_bearer(tokens["refresh_token"]))
    assert resp.status_code == 200
    assert set(resp.get_json()) == {"access_token", "refresh_token", "expires_in"}  # the refresh token rotates
    assert resp.get_json()["refresh_token"] != tokens["refresh_token"]
    assert client.get("/api/v1/auth/me", headers=_bearer(resp.get_json()["access_token"])).status_code == 200


def test_token_types_are_not_interchangeable(client, make_user):
    user, _ = make_user()
    tokens = _login(client, user["email"]).get_json()
    _assert_envelope(client.post("/api/v1/auth/refresh", headers=_bearer(tokens["access_token"])), 401)
    _assert_envelope(client.get("/api/v1/auth/me", headers=_bearer(tokens["refresh_token"])), 401)
    _assert_envelope(client.get("/api/v1/auth/me"), 401)
    _assert_envelope(client.get("/api/v1/auth/me", headers=_bearer("not.a.jwt")), 401)


def test_refresh_for_deactivated_user_is_401(app, client, make_user):
    user, _ = make_user()
    tokens = _login(client, user["email"]).get_json()
    _set_user(app, user["email"], is_active=False)
    _assert_envelope(client.post("/api/v1/auth/refresh", headers=_bearer(tokens["refresh_token"])), 401)


def test_me_returns_the_user_shape(client, make_user):
    user, api = make_user(name="Maria da Silva")
    resp = api.get("/api/v1/auth/me")
    assert resp.status_code == 200
    me = resp.get_json()
    assert me["id"] == user["id"] and me["name"] == "Maria da Silva" and me["role"] == "org_admin"
    assert set(me["organization"]) == {"id", "name", "domains"}
    assert me["email_verified"] is True
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", me["created_at"])
    assert me["created_at"].endswith("+00:00") or me["created_at"].endswith("Z")


def test_logout_revokes_the_access_token(app, client, make_user):
    user, api = make_user()
    assert api.get("/api/v1/auth/me").status_code == 200
    resp = api.post("/api/v1/auth/logout")
    assert resp.status_code == 204 and resp.data == b""
    _assert_envelope(api.get("/api/v1/auth/me"), 401)
    _assert_envelope(api.post("/api/v1/auth/logout"), 401)
    assert _audit(app, "auth.logout", actor_id=uuid.UUID(user["id"]))


def test_logout_with_refresh_token_revokes_both(client, make_user):
    user, _ = make_user()
    tokens = _login(client, user["email"]).get_json()
    other = _login(client, user["email"]).get_json()  # another session stays valid
    api = ApiClient(client, tokens["access_token"])
    assert api.post("/api/v1/auth/logout", json={"refresh_token": tokens["refresh_token"]}).status_code == 204
    _assert_envelope(client.post("/api/v1/auth/refresh", headers=_bearer(tokens["refresh_token"])), 401)
    assert client.post("/api/v1/auth/refresh", headers=_bearer(other["refresh_token"])).status_code == 200
    assert client.get("/api/v1/auth/me", headers=_bearer(other["access_token"])).status_code == 200


def test_logout_rejects_a_refresh_token_of_someone_else_or_garbage(client, make_user):
    _, api = make_user()
    victim, _ = make_user()
    victim_tokens = _login(client, victim["email"]).get_json()
    body = _assert_envelope(
        api.post("/api/v1/auth/logout", json={"refresh_token": victim_tokens["refresh_token"]}), 422
    )
    assert "refresh_token" in body["errors"]
    assert client.post("/api/v1/auth/refresh", headers=_bearer(victim_tokens["refresh_token"])).status_code == 200
    _assert_envelope(api.post("/api/v1/auth/logout", json={"refresh_token": "garbage"}), 422)
    _assert_envelope(api.post("/api/v1/auth/logout", json={"refresh_token": victim_tokens["access_token"]}), 422)
    _assert_envelope(api.post("/api/v1/auth/logout", json={"unknown": 1}), 422)
    assert api.get("/api/v1/auth/me").status_code == 200  # nothing was revoked by the rejected calls


# --------------------------------------------------------------------------- change password


def test_change_password_revokes_old_tokens_and_returns_working_new_ones(app, client, make_user):
    user, _ = make_user()
    old = _login(client, user["email"]).get_json()
    api = ApiClient(client, old["access_token"])
    resp = api.post(
        "/api/v1/auth/change-password", json={"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert resp.status_code == 200, resp.get_json()
    new = resp.get_json()
    assert set(new) == {"access_token", "refresh_token", "expires_in"}

    _assert_envelope(client.get("/api/v1/auth/me", headers=_bearer(old["access_token"])), 401)
    _assert_envelope(client.post("/api/v1/auth/refresh", headers=_bearer(old["refresh_token"])), 401)
    assert client.get("/api/v1/auth/me", headers=_bearer(new["access_token"])).status_code == 200
    assert client.post("/api/v1/auth/refresh", headers=_bearer(new["refresh_token"])).status_code == 200

    assert _login(client, user["email"]).status_code == 401
    assert _login(client, user["email"], NEW_PASSWORD).status_code == 200
    assert _audit(app, "auth.password_changed", actor_id=uuid.UUID(user["id"]))
    assert _user_row(app, user["email"]).password_changed_at is not None


def test_change_password_wrong_current_is_422_and_keeps_the_session(app, client, make_user):
    user, api = make_user()
    resp = api.post(
        "/api/v1/auth/change-password", json={"current_password": "Nao-E-Esta-2026", "new_password": NEW_PASSWORD}
    )
    body = _assert_envelope(resp, 422)
    assert "current_password" in body["errors"]
    assert api.get("/api/v1/auth/me").status_code == 200
    assert _login(client, user["email"]).status_code == 200
    assert _audit(app, "auth.password_change_failed", actor_id=uuid.UUID(user["id"]))


def test_change_password_wrong_current_counts_as_failed_logins_from_the_callers_address(client, make_user):
    user, api = make_user()
    for _ in range(5):
        resp = api.post(
            "/api/v1/auth/change-password", json={"current_password": "Nao-E-Esta-2026", "new_password": NEW_PASSWORD}
        )
        assert resp.status_code == 422
    resp = api.post(
        "/api/v1/auth/change-password", json={"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD}
    )
    _assert_envelope(resp, 429)
    assert 25 <= int(resp.headers["Retry-After"]) <= 30
    assert _login(client, user["email"]).status_code == 429  # the same (account, address)
    # the owner elsewhere is not refused
    other = client.post(
        "/api/v1/auth/login",
        json={"email": user["email"], "password": DEFAULT_PASSWORD},
        environ_overrides={"REMOTE_ADDR": "198.51.100.20"},
    )
    assert other.status_code == 200


@pytest.mark.parametrize("new_password", ["curta", "semclassesnenhuma", DEFAULT_PASSWORD])
def test_change_password_policy_applies(client, make_user, new_password):
    user, api = make_user()
    resp = api.post(
        "/api/v1/auth/change-password", json={"current_password": DEFAULT_PASSWORD, "new_password": new_password}
    )
    body = _assert_envelope(resp, 422)
    assert "new_password" in body["errors"]
    assert _login(client, user["email"]).status_code == 200


def test_change_password_requires_authentication(client):
    resp = client.post(
        "/api/v1/auth/change-password", json={"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD}
    )
    _assert_envelope(resp, 401)


# --------------------------------------------------------------------------- forgot / reset password


@pytest.fixture
def sent_mail(monkeypatch):
    """Build and deliver the queued mails in the request's process and capture their reset tokens.

    For the reset rules only: the real queue, worker and outbox are tests/api/test_mail.py's."""
    from etp_app.services import mail

    outbox: list[dict] = []

    def deliver_now(kind, **params):
        message = mail.build(kind, params)
        if message is not None:
            mail.deliver(message)
            token = parse_qs(urlsplit(message.link).query)["token"][0]
            outbox.append({"to": message.to, "token": token, "kind": kind})

    monkeypatch.setattr(mail, "enqueue", deliver_now)
    return outbox


def _forgot(client, email):
    return client.post("/api/v1/auth/forgot-password", json={"email": email})


def _reset(client, token, password=NEW_PASSWORD):
    return client.post("/api/v1/auth/reset-password", json={"token": token, "new_password": password})


def test_forgot_password_same_answer_for_unknown_email(app, client, make_user, sent_mail):
    user, _ = make_user()
    known = _forgot(client, user["email"])
    unknown = _forgot(client, f"ninguem@{_domain()}")
    assert known.status_code == unknown.status_code == 202
    assert known.get_json() == unknown.get_json()
    assert [m["to"] for m in sent_mail] == [user["email"]]
    with app.app_context():
        rows = db.session.scalars(select(PasswordResetToken)).all()
        assert len(rows) == 1
        row = rows[0]
        assert row.token_hash == hashlib.sha256(sent_mail[0]["token"].encode()).hexdigest()
        assert sent_mail[0]["token"] not in row.token_hash
        assert timedelta(minutes=59) < row.expires_at - datetime.now(UTC) <= timedelta(hours=1)
    assert _audit(app, "auth.password_reset_requested", actor_id=uuid.UUID(user["id"]))


def test_reset_password_flow_is_single_use_and_revokes_sessions(app, client, make_user, sent_mail):
    user, api = make_user()
    refresh = _login(client, user["email"]).get_json()["refresh_token"]
    _forgot(client, user["email"])
    token = sent_mail[-1]["token"]

    assert _reset(client, token).status_code == 204
    assert _login(client, user["email"]).status_code == 401
    assert _login(client, user["email"], NEW_PASSWORD).status_code == 200
    _assert_envelope(api.get("/api/v1/auth/me"), 401)
    _assert_envelope(client.post("/api/v1/auth/refresh", headers=_bearer(refresh)), 401)
    assert _audit(app, "auth.password_reset", actor_id=uuid.UUID(user["id"]))

    again = _assert_envelope(_reset(client, token, "Terceira-Senha-2028"), 422)
    assert "token" in again["errors"]
    assert _login(client, user["email"], NEW_PASSWORD).status_code == 200


def test_reset_token_expired_unknown_and_used_get_the_same_error(app, client, make_user, sent_mail):
    user, _ = make_user()
    _forgot(client, user["email"])
    token = sent_mail[-1]["token"]
    with app.app_context():
        row = db.session.scalar(select(PasswordResetToken))
        row.expires_at = datetime.now(UTC) - timedelta(seconds=1)
        db.session.commit()
    expired = _assert_envelope(_reset(client, token), 422)
    unknown = _assert_envelope(_reset(client, "x" * 43), 422)
    assert expired == unknown
    assert _login(client, user["email"]).status_code == 200  # the password did not change


def test_new_reset_request_invalidates_earlier_tokens(client, make_user, sent_mail):
    user, _ = make_user()
    _forgot(client, user["email"])
    _forgot(client, user["email"])
    first, second = sent_mail[0]["token"], sent_mail[1]["token"]
    assert first != second
    _assert_envelope(_reset(client, first), 422)
    assert _reset(client, second).status_code == 204


def test_reset_password_policy_applies_and_keeps_token_usable(client, make_user, sent_mail):
    user, _ = make_user()
    _forgot(client, user["email"])
    token = sent_mail[-1]["token"]
    body = _assert_envelope(_reset(client, token, "fraca"), 422)
    assert "new_password" in body["errors"]
    assert _reset(client, token).status_code == 204


def test_reset_password_unlocks_the_account(app, client, make_user, sent_mail):
    user, _ = make_user()
    for _ in range(5):
        _login(client, user["email"], "Senha-Errada-2026!")
    assert _login(client, user["email"]).status_code == 429
    _forgot(client, user["email"])
    assert _reset(client, sent_mail[-1]["token"]).status_code == 204
    assert _login(client, user["email"], NEW_PASSWORD).status_code == 200


# --------------------------------------------------------------------------- rate limit and docs


def test_auth_rate_limit_answers_429_with_retry_after(app, app_config):
    from etp_app import create_app

    limited = create_app({**app_config, "RATELIMIT_AUTH": "3 per minute"}, env_name="testing")
    try:
        client = limited.test_client()
        email = f"limite-{uuid.uuid4().hex[:6]}@{_domain()}"
        with limited.app_context():
            from etp_app.services import joining

            joining.provision_user(None, email=email, name="Servidora Teste", password=DEFAULT_PASSWORD)
        first = _login(client, email)
        assert first.status_code == 200
        for _ in range(2):
            assert _login(client, email).status_code == 200
        resp = _login(client, email)  # the 4th attempt, with the right password
        body = _assert_envelope(resp, 429)
        assert body["status"] == "Too Many Requests"
        assert 1 <= int(resp.headers["Retry-After"]) <= 60
        # the limit is per route: other routes keep the (high) global default
        me = client.get("/api/v1/auth/me", headers=_bearer(first.get_json()["access_token"]))
        assert me.status_code == 200
    finally:
        with limited.app_context():
            db.engine.dispose()
        if "celery" in app.extensions:  # create_app made the new app's Celery the default one
            app.extensions["celery"].set_default()


def test_openapi_documents_auth_routes(client):
    spec = client.get("/api/openapi.json").get_json()
    paths = spec["paths"]
    for path in (
        "/api/v1/auth/register",
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/auth/change-password",
        "/api/v1/auth/forgot-password",
        "/api/v1/auth/reset-password",
        "/api/v1/auth/verify-email",
        "/api/v1/auth/resend-verification",
    ):
        assert "post" in paths[path], path
    assert "get" in paths["/api/v1/auth/me"]
    assert paths["/api/v1/auth/me"]["get"]["security"] == [{"bearerAuth": []}]
    assert "401" in paths["/api/v1/auth/me"]["get"]["responses"]
    assert "security" not in paths["/api/v1/auth/login"]["post"]
    assert {"401", "429"} <= set(paths["/api/v1/auth/login"]["post"]["responses"])
    assert "202" in paths["/api/v1/auth/forgot-password"]["post"]["responses"]
    assert "202" in paths["/api/v1/auth/register"]["post"]["responses"]
    assert "201" not in paths["/api/v1/auth/register"]["post"]["responses"]
    assert "409" not in paths["/api/v1/auth/register"]["post"]["responses"]
    assert "bearerAuth" in spec["components"]["securitySchemes"]
