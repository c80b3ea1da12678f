"""LGPD: the person's data export (GET /api/v1/users/me/export) and account deletion by
anonymization (DELETE /api/v1/users/me): contents, effects, tokens, last-admin rule, audit."""

from __future__ import annotations

import uuid

import pytest

from tests.conftest import DEFAULT_PASSWORD
from tests.helpers.api import create_etp, org_users

EXPORT = "/api/v1/users/me/export"
ME = "/api/v1/users/me"


def db_user(app, user_id):
    from etp_app.extensions import db
    from etp_app.models import User

    with app.app_context():
        user = db.session.get(User, uuid.UUID(str(user_id)))
        data = {c.name: getattr(user, c.name) for c in User.__table__.columns}
        db.session.remove()
    return data


def audit_rows(app, action, **where):
    from sqlalchemy import select

    from etp_app.extensions import db
    from etp_app.models import AuditLog

    with app.app_context():
        query = select(AuditLog).where(AuditLog.action == action)
        for key, value in where.items():
            query = query.where(getattr(AuditLog, key) == value)
        rows = [
            {
                "actor_id": r.actor_id,
                "target_id": r.target_id,
                "before": r.before,
                "after": r.after,
                "organization_id": r.organization_id,
            }
            for r in db.session.scalars(query)
        ]
        db.session.remove()
    return rows


# --------------------------------------------------------------------------------------------------
# export
# --------------------------------------------------------------------------------------------------


def test_export_contains_profile_organization_audit_etps_and_jobs(app, client, make_user):
    users = org_users(make_user, "member")
    admin_user, admin = users["org_admin"]
    member_user, member = users["member"]
    email = member.get("/api/v1/auth/me").get_json()["email"]
    etp = create_etp(member, title="ETP da servidora")
    create_etp(admin, title="ETP de outra pessoa")
    job = member.post(f"/api/v1/etps/{etp['id']}/sections/1/draft", json={}).get_json()
    assert (
        client.post(
            "/api/v1/auth/login",
            json={"email": email, "password": DEFAULT_PASSWORD},
            headers={"User-Agent": "Navegador LGPD/1.0"},
        ).status_code
        == 200
    )
    assert admin.patch(f"/api/v1/users/{member_user['id']}", json={"name": "Maria Servidora"}).status_code == 200

    resp = member.get(EXPORT)
    assert resp.status_code == 200
    data = resp.get_json()
    assert set(data) == {
        "generated_at",
        "user",
        "organization",
        "audit_entries",
        "audit_entries_about_me",
        "etps_created",
        "jobs",
        "join_requests",
        "invitations",
    }
    assert data["join_requests"] == [] and data["invitations"] == []
    profile = data["user"]
    assert profile["id"] == member_user["id"] and profile["email"] == email
    assert profile["name"] == "Maria Servidora" and profile["role"] == "member" and profile["is_active"] is True
    for stamp in ("created_at", "updated_at", "last_login_at", "password_changed_at"):
        assert profile[stamp], stamp
    assert "password_hash" not in profile and "password" not in str(profile).lower().replace("password_changed_at", "")
    assert data["organization"]["id"] == member_user["organization"]["id"]
    assert data["organization"]["name"] == member_user["organization"]["name"]

    actions = [e["action"] for e in data["audit_entries"]]
    assert actions[:1] == ["auth.login"]  # the test's accounts are provisioned, then log in
    assert {"etp.create", "section.draft_requested", "auth.login"} <= set(actions)
    login = next(e for e in reversed(data["audit_entries"]) if e["action"] == "auth.login")  # the explicit one
    assert login["ip"] == "127.0.0.1" and login["user_agent"] == "Navegador LGPD/1.0" and login["created_at"]
    created = next(e for e in data["audit_entries"] if e["action"] == "etp.create")
    assert created["target_type"] == "etp" and created["target_id"] == etp["id"] and created["etp_id"] == etp["id"]
    # what others did to the account, without their IP or user agent
    assert [e["action"] for e in data["audit_entries_about_me"]] == ["user.provisioned", "user.updated"]
    assert set(data["audit_entries_about_me"][1]) == {"action", "created_at"}

    assert [(e["id"], e["title"]) for e in data["etps_created"]] == [(etp["id"], "ETP da servidora")]
    assert [(j["id"], j["kind"], j["state"]) for j in data["jobs"]] == [(job["id"], "draft_section", "queued")]

    (row,) = audit_rows(app, "lgpd.export")
    assert str(row["actor_id"]) == member_user["id"] and row["after"]["etps_created"] == 1


def test_export_shows_only_the_callers_data(make_user):
    _, a = make_user()
    _, b = make_user()
    create_etp(a, title="de A")
    data = b.get(EXPORT).get_json()
    assert data["etps_created"] == [] and data["jobs"] == []
    assert {e["action"] for e in data["audit_entries"]} == {"auth.login"}


def test_export_requires_authentication(client):
    assert client.get(EXPORT).status_code == 401


# --------------------------------------------------------------------------------------------------
# deletion
# --------------------------------------------------------------------------------------------------


def test_delete_anonymizes_keeps_etps_revokes_tokens_and_is_audited(app, client, make_user):
    users = org_users(make_user, "member")
    _, admin = users["org_admin"]
    member_user, member = users["member"]
    email = member.get("/api/v1/auth/me").get_json()["email"]
    login = client.post("/api/v1/auth/login", json={"email": email, "password": DEFAULT_PASSWORD}).get_json()
    etp = create_etp(member, title="ETP que fica com a organização")

    resp = member.delete(ME, json={"password": DEFAULT_PASSWORD})
    assert resp.status_code == 204 and resp.get_data() == b""

    row = db_user(app, member_user["id"])
    assert row["email"] == f"removido-{member_user['id']}@anonimizado.invalid"
    assert row["name"] == "Usuário removido"
    assert row["deleted_at"] is not None and row["is_active"] is False
    assert not row["password_hash"].startswith("$argon2")
    from etp_app.services import passwords

    assert not passwords.verify_password(row["password_hash"], DEFAULT_PASSWORD)

    # the organization keeps the ETP, still pointing at the (now anonymous) id
    kept = admin.get(f"/api/v1/etps/{etp['id']}")
    assert kept.status_code == 200 and kept.get_json()["created_by"] == member_user["id"]
    assert email not in str(admin.get("/api/v1/users").get_json())

    # every token is revoked and the old credentials no longer log in
    assert member.get("/api/v1/auth/me").status_code == 401
    assert member.get("/api/v1/etps").status_code == 401
    assert (
        client.post("/api/v1/auth/refresh", headers={"Authorization": f"Bearer {login['refresh_token']}"}).status_code
        == 401
    )
    assert client.post("/api/v1/auth/login", json={"email": email, "password": DEFAULT_PASSWORD}).status_code == 401

    (audited,) = audit_rows(app, "lgpd.account_deleted")
    assert str(audited["actor_id"]) == member_user["id"] and audited["target_id"] == member_user["id"]
    assert email not in str(audited) and "Servidora" not in str(audited)
    # the audit trail shows the anonymized name for the person's earlier actions
    entries = admin.get("/api/v1/audit", query_string={"actor": member_user["id"], "action": "etp.create"})
    assert entries.get_json()[0]["actor_name"] == "Usuário removido"

    # the e-mail address is free again: a new, separate account
    again = client.post("/api/v1/auth/register", json={"email": email, "password": DEFAULT_PASSWORD, "name": "Nova"})
    assert again.status_code == 202
    from sqlalchemy import select

    from etp_app.extensions import db
    from etp_app.models import User

    with app.app_context():
        fresh = db.session.scalar(select(User).where(User.email == email))
        assert fresh is not None and str(fresh.id) != member_user["id"]
        assert fresh.organization_id is None and fresh.email_verified_at is None
        db.session.remove()


def test_wrong_or_missing_password_is_422_and_changes_nothing(app, make_user):
    user, api = make_user()
    before = db_user(app, user["id"])
    resp = api.delete(ME, json={"password": "não-é-a-senha"})
    assert resp.status_code == 422
    assert resp.get_json()["errors"] == {"password": ["Senha incorreta."]}
    assert api.delete(ME, json={}).status_code == 422
    assert api.delete(ME).status_code in (415, 422)
    after = db_user(app, user["id"])
    assert {k: after[k] for k in ("email", "name", "password_hash", "deleted_at", "is_active")} == {
        k: before[k] for k in ("email", "name", "password_hash", "deleted_at", "is_active")
    }
    # counts as a failed login of the account from this address, like a wrong current password
    with app.test_request_context():
        from etp_app.extensions import db
        from etp_app.models import LoginThrottle
        from etp_app.services import login_throttle

        counter = db.session.get(LoginThrottle, login_throttle.keys_for(user["email"], "127.0.0.1").account_address)
        assert counter is not None and counter.failures == 1
        db.session.remove()
    assert api.get("/api/v1/auth/me").status_code == 200
    assert audit_rows(app, "lgpd.delete_failed")
    assert not audit_rows(app, "lgpd.account_deleted")


def test_last_active_admin_with_members_must_promote_someone_first(app, make_user):
    users = org_users(make_user, "member")
    admin_user, admin = users["org_admin"]
    member_user, _ = users["member"]
    resp = admin.delete(ME, json={"password": DEFAULT_PASSWORD})
    assert resp.status_code == 409
    assert "promova" in resp.get_json()["message"].lower()
    assert db_user(app, admin_user["id"])["deleted_at"] is None
    assert admin.get("/api/v1/auth/me").status_code == 200

    assert admin.patch(f"/api/v1/users/{member_user['id']}", json={"role": "org_admin"}).status_code == 200
    assert admin.delete(ME, json={"password": DEFAULT_PASSWORD}).status_code == 204
    assert db_user(app, admin_user["id"])["deleted_at"] is not None


def test_sole_member_admin_may_delete_the_account(app, make_user):
    user, api = make_user()  # the only person of the organization
    etp = create_etp(api)
    assert api.delete(ME, json={"password": DEFAULT_PASSWORD}).status_code == 204
    from etp_app.extensions import db
    from etp_app.models import Etp

    with app.app_context():
        assert db.session.get(Etp, uuid.UUID(etp["id"])) is not None
        db.session.remove()


def test_deletion_revokes_every_token_with_redis_down(app, client, make_user, monkeypatch):
    """Revocation lives in PostgreSQL: with Redis down the deletion goes through (no 503) and every
    token of the person is refused, then and once Redis is back."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    from etp_app.redis_client import get_redis

    user, api = make_user()
    refresh = client.post("/api/v1/auth/login", json={"email": user["email"], "password": DEFAULT_PASSWORD})
    refresh_token = refresh.get_json()["refresh_token"]
    with app.app_context():
        holder = get_redis()
    closed = redis.Redis.from_url("redis://127.0.0.1:1/0", retry=Retry(NoBackoff(), 0), socket_connect_timeout=0.2)
    monkeypatch.setattr(holder, "client", closed)
    resp = api.delete(ME, json={"password": DEFAULT_PASSWORD})
    assert resp.status_code == 204, resp.get_json()
    row = db_user(app, user["id"])
    assert row["deleted_at"] is not None and row["is_active"] is False
    assert audit_rows(app, "lgpd.account_deleted")
    assert api.get("/api/v1/auth/me").status_code == 401
    assert client.post("/api/v1/auth/refresh", headers={"Authorization": f"Bearer {refresh_token}"}).status_code == 401
    monkeypatch.undo()
    assert api.get("/api/v1/auth/me").status_code == 401
    assert client.post("/api/v1/auth/refresh", headers={"Authorization": f"Bearer {refresh_token}"}).status_code == 401


def test_me_routes_do_not_collide_with_user_id_routes(make_user):
    users = org_users(make_user, "member")
    _, admin = users["org_admin"]
    member_user, _ = users["member"]
    assert admin.patch(ME, json={"name": "x"}).status_code == 405  # /me is not a user id
    assert admin.delete(f"/api/v1/users/{member_user['id']}", json={"password": DEFAULT_PASSWORD}).status_code == 405
    assert admin.get(EXPORT).get_json()["user"]["id"] != member_user["id"]


@pytest.mark.parametrize("method", ["get", "delete"])
def test_lgpd_routes_require_authentication(client, method):
    url = EXPORT if method == "get" else ME
    kwargs = {"json": {"password": DEFAULT_PASSWORD}} if method == "delete" else {}
    assert getattr(client, method)(url, **kwargs).status_code == 401
