"""Login sessions, refresh-token rotation and revocation that never fails open (issue 11, §2).

Real PostgreSQL and Redis; "Redis down" is a second app pointed at a closed port (the suite's Redis
keeps running), sharing the suite's database.
"""

from __future__ import annotations

import contextlib
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta

import jwt as pyjwt
import pytest
from sqlalchemy import event, select, update

from etp_app.extensions import db
from etp_app.models import AuditLog, AuthSession, User
from tests.conftest import DEFAULT_PASSWORD, ApiClient
from tests.helpers.api import org_users

CLOSED_REDIS = "redis://127.0.0.1:1/0"
CLOSED_POSTGRES = "postgresql+psycopg2://postgres@127.0.0.1:1/etp_down"
NEW_PASSWORD = "Outra-Senha-Boa-2027"
ORGLESS_MESSAGE = "Sua conta ainda não faz parte de uma organização: aceite um convite ou peça para entrar em uma."


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _login(client, email, password=DEFAULT_PASSWORD, user_agent="pytest") -> dict:
    resp = client.post(
        "/api/v1/auth/login", json={"email": email, "password": password}, headers={"User-Agent": user_agent}
    )
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def _refresh(client, refresh_token):
    return client.post("/api/v1/auth/refresh", headers=_bearer(refresh_token))


def _me(client, access_token) -> int:
    return client.get("/api/v1/auth/me", headers=_bearer(access_token)).status_code


def _claims(token: str) -> dict:
    return pyjwt.decode(token, options={"verify_signature": False})


def _session_row(app, sid: str) -> AuthSession:
    with app.app_context():
        row = db.session.get(AuthSession, uuid.UUID(sid))
        db.session.expunge_all()
        return row


def _audit(app, action: str) -> list[AuditLog]:
    with app.app_context():
        rows = db.session.scalars(select(AuditLog).where(AuditLog.action == action)).all()
        db.session.expunge_all()
        return list(rows)


def _issue_tokens(app, user_id) -> dict:
    from etp_app.services import accounts

    with app.app_context():
        tokens = accounts.issue_tokens(db.session.get(User, user_id))
        db.session.remove()
    return tokens


def _assert_401(resp) -> dict:
    assert resp.status_code == 401, resp.get_json()
    body = resp.get_json()
    assert body["code"] == 401 and isinstance(body["message"], str)
    return body


@contextlib.contextmanager
def separate_app(app, app_config, monkeypatch, **overrides):
    """A second app like the suite's with some settings replaced (a dependency that is down). The
    rate-limit storage stays the suite's; the suite's Celery is made the default again afterwards."""
    from etp_app import create_app

    config = {**app_config, **overrides}
    monkeypatch.setenv("DATABASE_URL", config["SQLALCHEMY_DATABASE_URI"])
    monkeypatch.setenv("REDIS_URL", config["REDIS_URL"])
    other = create_app(config, env_name="testing")
    try:
        yield other
    finally:
        with other.app_context():
            db.engine.dispose()
        celery_app = app.extensions.get("celery")
        if celery_app is not None:
            celery_app.set_default()


@pytest.fixture
def redis_down(app, app_config, monkeypatch):
    with separate_app(
        app,
        app_config,
        monkeypatch,
        REDIS_URL=CLOSED_REDIS,
        CELERY_BROKER_URL=CLOSED_REDIS,
        CELERY_RESULT_BACKEND=CLOSED_REDIS,
    ) as down:
        yield down


# --------------------------------------------------------------------------- rotation


def test_refresh_rotates_the_refresh_token_within_one_session(app, client, make_user):
    user, _ = make_user()
    first = _login(client, user["email"])
    sid = _claims(first["refresh_token"])["sid"]
    assert _claims(first["access_token"])["sid"] == sid

    second = _refresh(client, first["refresh_token"]).get_json()
    assert set(second) == {"access_token", "refresh_token", "expires_in"}
    third = _refresh(client, second["refresh_token"]).get_json()
    assert set(third) == {"access_token", "refresh_token", "expires_in"}
    jtis = {_claims(t["refresh_token"])["jti"] for t in (first, second, third)}
    assert len(jtis) == 3
    assert {_claims(t[k])["sid"] for t in (second, third) for k in ("access_token", "refresh_token")} == {sid}
    assert _me(client, third["access_token"]) == 200

    row = _session_row(app, sid)
    assert row.current_jti == _claims(third["refresh_token"])["jti"]
    assert row.previous_jti == _claims(second["refresh_token"])["jti"]
    assert row.revoked_at is None and row.rotated_at is not None


def test_reuse_of_a_replaced_refresh_token_revokes_the_whole_family(app, client, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "REFRESH_REUSE_GRACE_SECONDS", 0)
    user, _ = make_user()
    stolen = _login(client, user["email"])
    other = _login(client, user["email"])  # another device: another family
    rotated = _refresh(client, stolen["refresh_token"]).get_json()
    assert _me(client, rotated["access_token"]) == 200

    body = _assert_401(_refresh(client, stolen["refresh_token"]))
    assert "já foi usado" in body["message"] and "faça login novamente" in body["message"]
    # both tokens of the family (and the ones before them) are refused from now on
    _assert_401(_refresh(client, rotated["refresh_token"]))
    _assert_401(client.get("/api/v1/auth/me", headers=_bearer(rotated["access_token"])))
    _assert_401(client.get("/api/v1/auth/me", headers=_bearer(stolen["access_token"])))
    # the other session is untouched
    assert _me(client, other["access_token"]) == 200
    assert _refresh(client, other["refresh_token"]).status_code == 200

    row = _session_row(app, _claims(stolen["refresh_token"])["sid"])
    assert row.revoked_at is not None and row.revoked_reason == "reuse_detected"
    events = _audit(app, "auth.refresh_reuse_detected")
    assert len(events) == 1 and events[0].actor_id == uuid.UUID(user["id"])


def test_an_older_token_than_the_previous_one_is_reuse_even_within_the_grace(client, make_user):
    user, _ = make_user()
    first = _login(client, user["email"])
    second = _refresh(client, first["refresh_token"]).get_json()
    third = _refresh(client, second["refresh_token"]).get_json()
    _assert_401(_refresh(client, first["refresh_token"]))  # two rotations ago: a copy
    _assert_401(_refresh(client, third["refresh_token"]))
    _assert_401(client.get("/api/v1/auth/me", headers=_bearer(third["access_token"])))


def test_grace_window_gives_the_previous_token_an_access_token_only(app, client, make_user):
    user, _ = make_user()
    first = _login(client, user["email"])
    winner = _refresh(client, first["refresh_token"]).get_json()

    loser = _refresh(client, first["refresh_token"])  # a second tab, at the same moment
    assert loser.status_code == 200, loser.get_json()
    assert set(loser.get_json()) == {"access_token", "expires_in"}
    assert _me(client, loser.get_json()["access_token"]) == 200
    assert _me(client, winner["access_token"]) == 200
    # the family goes on with the winner's refresh token
    after = _refresh(client, winner["refresh_token"]).get_json()
    assert set(after) == {"access_token", "refresh_token", "expires_in"}

    # once the grace is over, the previous token is a reuse
    sid = _claims(first["refresh_token"])["sid"]
    with app.app_context():
        db.session.execute(
            update(AuthSession)
            .where(AuthSession.id == uuid.UUID(sid))
            .values(rotated_at=datetime.now(UTC) - timedelta(seconds=11))
        )
        db.session.commit()
    _assert_401(_refresh(client, winner["refresh_token"]))  # previous of `after`, 11 s ago
    _assert_401(_refresh(client, after["refresh_token"]))
    assert _session_row(app, sid).revoked_reason == "reuse_detected"


def test_concurrent_refreshes_with_one_token_rotate_once(app, make_user):
    """The session row is locked: two refreshes of the same token at once never both rotate."""
    user, _ = make_user()
    first = _login(app.test_client(), user["email"])
    results: list = []
    barrier = threading.Barrier(4)

    def refresh_once():
        client = app.test_client()
        barrier.wait()
        resp = _refresh(client, first["refresh_token"])
        results.append((resp.status_code, resp.get_json()))

    threads = [threading.Thread(target=refresh_once) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert [code for code, _ in results] == [200] * 4, results
    rotated = [body for _, body in results if "refresh_token" in body]
    assert len(rotated) == 1, results
    sid = _claims(first["refresh_token"])["sid"]
    assert _session_row(app, sid).current_jti == _claims(rotated[0]["refresh_token"])["jti"]
    assert _refresh(app.test_client(), rotated[0]["refresh_token"]).status_code == 200


# --------------------------------------------------------------------------- logout and sessions


def test_logout_revokes_the_sessions_refresh_token(app, client, make_user):
    """Issue 11: a plain logout (no body) left the 7-day refresh token alive."""
    user, _ = make_user()
    tokens = _login(client, user["email"])
    other = _login(client, user["email"])
    resp = client.post("/api/v1/auth/logout", headers=_bearer(tokens["access_token"]))
    assert resp.status_code == 204, resp.get_json()
    _assert_401(_refresh(client, tokens["refresh_token"]))
    _assert_401(client.get("/api/v1/auth/me", headers=_bearer(tokens["access_token"])))
    assert _me(client, other["access_token"]) == 200
    assert _refresh(client, other["refresh_token"]).status_code == 200
    row = _session_row(app, _claims(tokens["access_token"])["sid"])
    assert row.revoked_reason == "logout"


def test_logout_with_the_refresh_token_of_another_session_ends_both(client, make_user):
    user, _ = make_user()
    one = _login(client, user["email"])
    two = _login(client, user["email"])
    resp = client.post(
        "/api/v1/auth/logout", json={"refresh_token": two["refresh_token"]}, headers=_bearer(one["access_token"])
    )
    assert resp.status_code == 204
    _assert_401(_refresh(client, two["refresh_token"]))
    _assert_401(client.get("/api/v1/auth/me", headers=_bearer(two["access_token"])))


def _forged_refresh(app, **claims) -> str:
    now = int(time.time())
    payload = {"jti": str(uuid.uuid4()), "type": "refresh", "fresh": False, "iat": now, "exp": now + 600, **claims}
    return pyjwt.encode(payload, app.config["JWT_SECRET_KEY"], algorithm="HS256")


def test_logout_body_with_forged_claims_is_422_not_500(app, client, make_user):
    user, _ = make_user()
    tokens = _login(client, user["email"])
    sid = _claims(tokens["access_token"])["sid"]
    forged = {
        "non-numeric exp": _forged_refresh(app, sub=user["id"], sid=sid, exp="amanhã"),
        "list exp": _forged_refresh(app, sub=user["id"], sid=sid, exp=[1]),
        "no sid": _forged_refresh(app, sub=user["id"]),
        "non-UUID sid": _forged_refresh(app, sub=user["id"], sid="x"),
        "huge exp": _forged_refresh(app, sub=user["id"], sid=sid, exp=10**400),
    }
    for case, token in forged.items():
        resp = client.post(
            "/api/v1/auth/logout", json={"refresh_token": token}, headers=_bearer(tokens["access_token"])
        )
        assert resp.status_code == 422, (case, resp.status_code, resp.get_json())
        assert "refresh_token" in resp.get_json()["errors"], case
    assert _me(client, tokens["access_token"]) == 200  # the refused logouts revoked nothing


def test_tokens_without_a_session_id_are_refused(app, client, make_user):
    user, api = make_user()
    claims = _claims(api.token)
    del claims["sid"]
    token = pyjwt.encode(claims, app.config["JWT_SECRET_KEY"], algorithm="HS256")
    body = _assert_401(client.get("/api/v1/etps", headers=_bearer(token)))
    assert body["message"] == "Token inválido."
    refresh = _forged_refresh(app, sub=user["id"])
    _assert_401(_refresh(client, refresh))


def test_sessions_list_and_revoke_one(app, client, make_user):
    user, _ = make_user()
    laptop = _login(client, user["email"], user_agent="Firefox no notebook")
    phone = _login(client, user["email"], user_agent="Safari no celular")
    api = ApiClient(client, laptop["access_token"])

    resp = api.get("/api/v1/auth/sessions")
    assert resp.status_code == 200, resp.get_json()
    listed = resp.get_json()
    mine = {_claims(laptop["access_token"])["sid"], _claims(phone["access_token"])["sid"]}
    assert mine <= {s["id"] for s in listed}
    by_id = {s["id"]: s for s in listed}
    laptop_sid, phone_sid = _claims(laptop["access_token"])["sid"], _claims(phone["access_token"])["sid"]
    assert by_id[laptop_sid]["current"] is True and by_id[phone_sid]["current"] is False
    assert by_id[laptop_sid]["user_agent"] == "Firefox no notebook"
    assert by_id[phone_sid]["user_agent"] == "Safari no celular"
    assert by_id[phone_sid]["ip_address"] == "127.0.0.1"
    assert set(by_id[phone_sid]) == {
        "id",
        "created_at",
        "last_used_at",
        "expires_at",
        "user_agent",
        "ip_address",
        "current",
    }
    created = [s["created_at"] for s in listed]
    assert created == sorted(created, reverse=True)  # newest first
    assert listed.index(by_id[phone_sid]) < listed.index(by_id[laptop_sid])

    assert api.delete(f"/api/v1/auth/sessions/{phone_sid}").status_code == 204
    _assert_401(client.get("/api/v1/auth/me", headers=_bearer(phone["access_token"])))
    _assert_401(_refresh(client, phone["refresh_token"]))
    assert phone_sid not in {s["id"] for s in api.get("/api/v1/auth/sessions").get_json()}
    assert api.delete(f"/api/v1/auth/sessions/{phone_sid}").status_code == 204  # already ended
    assert _me(client, laptop["access_token"]) == 200
    assert _audit(app, "auth.session_revoked")


def test_another_users_session_is_404_and_stays_alive(client, make_user):
    me, _ = make_user()
    victim, _ = make_user()
    mine = _login(client, me["email"])
    theirs = _login(client, victim["email"])
    api = ApiClient(client, mine["access_token"])
    their_sid = _claims(theirs["access_token"])["sid"]
    assert their_sid not in {s["id"] for s in api.get("/api/v1/auth/sessions").get_json()}
    resp = api.delete(f"/api/v1/auth/sessions/{their_sid}")
    assert resp.status_code == 404 and resp.get_json()["message"] == "Sessão não encontrada."
    assert api.delete(f"/api/v1/auth/sessions/{uuid.uuid4()}").status_code == 404
    assert _me(client, theirs["access_token"]) == 200
    assert _refresh(client, theirs["refresh_token"]).status_code == 200


def test_logout_all_ends_every_session(app, client, make_user):
    user, _ = make_user()
    sessions = [_login(client, user["email"]) for _ in range(3)]
    resp = client.post("/api/v1/auth/logout-all", headers=_bearer(sessions[0]["access_token"]))
    assert resp.status_code == 204, resp.get_json()
    for tokens in sessions:
        _assert_401(client.get("/api/v1/auth/me", headers=_bearer(tokens["access_token"])))
        _assert_401(_refresh(client, tokens["refresh_token"]))
    again = _login(client, user["email"])
    assert client.get("/api/v1/auth/sessions", headers=_bearer(again["access_token"])).get_json()[0]["current"]
    assert len(client.get("/api/v1/auth/sessions", headers=_bearer(again["access_token"])).get_json()) == 1
    assert _audit(app, "auth.logout_all")
    with app.app_context():
        assert db.session.scalar(select(User.tokens_valid_after).where(User.id == uuid.UUID(user["id"])))


def test_session_routes_work_for_an_account_without_organization(app, client):
    from etp_app.services import accounts, passwords

    with app.app_context():
        user = User(
            organization_id=None,
            email=f"sem-org-{uuid.uuid4().hex[:8]}@gmail.com",
            name="Pessoa Sem Organização",
            password_hash=passwords.hash_password(DEFAULT_PASSWORD),
            role="member",
            is_active=True,
        )
        db.session.add(user)
        db.session.commit()
        user_id = user.id
        tokens = accounts.issue_tokens(user)
        db.session.remove()
    assert _claims(tokens["access_token"])["org"] == "00000000-0000-0000-0000-000000000000"
    api = ApiClient(client, tokens["access_token"])
    resp = api.get("/api/v1/etps")
    assert resp.status_code == 403 and resp.get_json()["message"] == ORGLESS_MESSAGE
    listed = api.get("/api/v1/auth/sessions")
    assert listed.status_code == 200 and listed.get_json()[0]["current"] is True
    refreshed = _refresh(client, tokens["refresh_token"]).get_json()
    assert _claims(refreshed["access_token"])["org"] == "00000000-0000-0000-0000-000000000000"
    other = ApiClient(client, refreshed["access_token"])
    assert other.post("/api/v1/auth/logout-all").status_code == 204
    _assert_401(other.get("/api/v1/auth/sessions"))
    again = _issue_tokens(app, user_id)
    assert ApiClient(client, again["access_token"]).post("/api/v1/auth/logout").status_code == 204
    _assert_401(_refresh(client, again["refresh_token"]))


# --------------------------------------------------------------------------- the cache


def test_revocation_is_visible_at_once_with_the_cache_warm(app, client, make_user):
    from etp_app.redis_client import get_redis

    user, _ = make_user()
    tokens = _login(client, user["email"])
    sid = _claims(tokens["access_token"])["sid"]
    for _ in range(3):
        assert client.get("/api/v1/etps", headers=_bearer(tokens["access_token"])).status_code == 200
    with app.app_context():
        redis = get_redis().client
        assert redis.get(f"etp:auth:session:{sid}") == "1"
        assert redis.get(f"etp:auth:user:{user['id']}").endswith("|1")
        assert 0 < redis.ttl(f"etp:auth:session:{sid}") <= app.config["AUTH_CACHE_SECONDS"]

    assert client.post("/api/v1/auth/logout", headers=_bearer(tokens["access_token"])).status_code == 204
    _assert_401(client.get("/api/v1/etps", headers=_bearer(tokens["access_token"])))
    with app.app_context():
        assert get_redis().client.get(f"etp:auth:session:{sid}") == "0"

    # a user-wide revocation (password change) with the cache warm
    again = _login(client, user["email"])
    assert _me(client, again["access_token"]) == 200
    resp = client.post(
        "/api/v1/auth/change-password",
        json={"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD},
        headers=_bearer(again["access_token"]),
    )
    assert resp.status_code == 200, resp.get_json()
    _assert_401(client.get("/api/v1/etps", headers=_bearer(again["access_token"])))
    _assert_401(_refresh(client, again["refresh_token"]))
    assert client.get("/api/v1/etps", headers=_bearer(resp.get_json()["access_token"])).status_code == 200


def test_role_change_with_the_cache_warm_cuts_access_tokens_only(app, client, make_user):
    users = org_users(make_user, "member")
    member, _ = users["member"]
    _, admin = users["org_admin"]
    tokens = _login(client, member["email"])
    assert _me(client, tokens["access_token"]) == 200  # warm
    assert admin.patch(f"/api/v1/users/{member['id']}", json={"role": "viewer"}).status_code == 200
    _assert_401(client.get("/api/v1/auth/me", headers=_bearer(tokens["access_token"])))
    refreshed = _refresh(client, tokens["refresh_token"])
    assert refreshed.status_code == 200
    assert _claims(refreshed.get_json()["access_token"])["role"] == "viewer"
    assert _me(client, refreshed.get_json()["access_token"]) == 200


def test_a_cache_hit_reads_no_database(app, client, make_user):
    """The per-request check costs one Redis round trip once the cache is warm."""
    from etp_app.security import revocation_state

    user, _ = make_user()
    tokens = _login(client, user["email"])
    sid = _claims(tokens["access_token"])["sid"]
    statements: list[str] = []
    with app.test_request_context():
        engine = db.engine

        def count(conn, cursor, statement, *args):
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", count)
        try:
            assert revocation_state(user["id"], sid).session_live  # miss: PostgreSQL, then filled
            assert len(statements) == 1
            state = revocation_state(user["id"], sid)
            assert state.session_live and state.active
            assert len(statements) == 1  # hit: Redis only
        finally:
            event.remove(engine, "before_cursor_execute", count)


def test_an_emptied_cache_falls_back_to_postgres(app, client, make_user):
    from etp_app.redis_client import get_redis

    user, _ = make_user()
    tokens = _login(client, user["email"])
    assert client.post("/api/v1/auth/logout", headers=_bearer(tokens["access_token"])).status_code == 204
    with app.app_context():
        get_redis().client.flushdb()  # whatever Redis held is gone
    _assert_401(client.get("/api/v1/auth/me", headers=_bearer(tokens["access_token"])))
    _assert_401(_refresh(client, tokens["refresh_token"]))


# --------------------------------------------------------------------------- Redis down


def test_revocation_holds_with_redis_down(app, client, make_user, redis_down):
    """Issue 11: with Redis down, a logged-out access token, a refresh token revoked at logout and the
    tokens of a user who changed password and was then deactivated all answered 200."""
    users = org_users(make_user, "member")
    member, _ = users["member"]
    admin_user, _ = users["org_admin"]
    down = redis_down.test_client()

    # logged out while Redis is down (the revocation itself needs no Redis)
    logged_out = _login(client, admin_user["email"])
    assert client.get("/api/v1/etps", headers=_bearer(logged_out["access_token"])).status_code == 200  # cached
    assert down.post("/api/v1/auth/logout", headers=_bearer(logged_out["access_token"])).status_code == 204
    _assert_401(down.get("/api/v1/etps", headers=_bearer(logged_out["access_token"])))
    _assert_401(_refresh(down, logged_out["refresh_token"]))

    # a logout done while Redis was up, checked while it is down
    up_logout = _login(client, admin_user["email"])
    assert client.post("/api/v1/auth/logout", headers=_bearer(up_logout["access_token"])).status_code == 204
    _assert_401(down.get("/api/v1/etps", headers=_bearer(up_logout["access_token"])))
    _assert_401(_refresh(down, up_logout["refresh_token"]))

    # changed password, then deactivated, both while Redis is down
    old = _login(client, member["email"])
    changed = down.post(
        "/api/v1/auth/change-password",
        json={"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD},
        headers=_bearer(old["access_token"]),
    )
    assert changed.status_code == 200, changed.get_json()
    new = changed.get_json()
    _assert_401(down.get("/api/v1/etps", headers=_bearer(old["access_token"])))
    _assert_401(_refresh(down, old["refresh_token"]))
    assert down.get("/api/v1/etps", headers=_bearer(new["access_token"])).status_code == 200

    admin_tokens = _login(client, admin_user["email"])
    deactivated = down.patch(
        f"/api/v1/users/{member['id']}", json={"is_active": False}, headers=_bearer(admin_tokens["access_token"])
    )
    assert deactivated.status_code == 200, deactivated.get_json()
    for token in (old["access_token"], new["access_token"]):
        _assert_401(down.get("/api/v1/etps", headers=_bearer(token)))
    for token in (old["refresh_token"], new["refresh_token"]):
        _assert_401(_refresh(down, token))

    # a valid token keeps working: the ETP list answers
    listed = down.get("/api/v1/etps", headers=_bearer(admin_tokens["access_token"]))
    assert listed.status_code == 200, listed.get_json()
    refreshed = _refresh(down, admin_tokens["refresh_token"])
    assert refreshed.status_code == 200 and set(refreshed.get_json()) == {"access_token", "refresh_token", "expires_in"}


def test_sessions_routes_work_with_redis_down(client, make_user, redis_down):
    user, _ = make_user()
    one = _login(client, user["email"])
    two = _login(client, user["email"])
    down = redis_down.test_client()
    two_sid = _claims(two["access_token"])["sid"]
    assert down.delete(f"/api/v1/auth/sessions/{two_sid}", headers=_bearer(one["access_token"])).status_code == 204
    _assert_401(down.get("/api/v1/auth/me", headers=_bearer(two["access_token"])))
    assert down.post("/api/v1/auth/logout-all", headers=_bearer(one["access_token"])).status_code == 204
    _assert_401(down.get("/api/v1/auth/me", headers=_bearer(one["access_token"])))


def test_redis_and_postgres_down_is_503_never_a_pass(app, app_config, client, make_user, monkeypatch):
    user, _ = make_user()
    tokens = _login(client, user["email"])
    with separate_app(
        app,
        app_config,
        monkeypatch,
        REDIS_URL=CLOSED_REDIS,
        CELERY_BROKER_URL=CLOSED_REDIS,
        CELERY_RESULT_BACKEND=CLOSED_REDIS,
        SQLALCHEMY_DATABASE_URI=CLOSED_POSTGRES,
    ) as down:
        resp = down.test_client().get("/api/v1/auth/sessions", headers=_bearer(tokens["access_token"]))
        assert resp.status_code == 503, resp.get_json()
        assert "sessão" in resp.get_json()["message"]


def test_session_settings_defaults_and_overrides():
    from config.settings import get_config

    env = {"DATABASE_URL": "postgresql://u@h/db", "REDIS_URL": "redis://h:6379/0"}
    cfg = get_config("development", env)
    assert cfg["AUTH_CACHE_SECONDS"] == 30 and cfg["REFRESH_REUSE_GRACE_SECONDS"] == 10
    cfg = get_config("development", {**env, "AUTH_CACHE_SECONDS": "5", "REFRESH_REUSE_GRACE_SECONDS": "0"})
    assert cfg["AUTH_CACHE_SECONDS"] == 5 and cfg["REFRESH_REUSE_GRACE_SECONDS"] == 0
