"""PATCH /api/v1/auth/me: a person corrects their own name (LGPD, art. 18, III), and only that."""

from __future__ import annotations

import uuid

from tests.helpers.api import org_users

ME = "/api/v1/auth/me"


def audit_actions(app, user_id):
    from sqlalchemy import select

    from etp_app.extensions import db
    from etp_app.models import AuditLog

    with app.app_context():
        rows = [
            (r.action, r.actor_id, r.before, r.after)
            for r in db.session.scalars(
                select(AuditLog).where(AuditLog.target_id == str(user_id)).order_by(AuditLog.created_at, AuditLog.id)
            )
        ]
        db.session.remove()
    return rows


def test_own_name_is_changed_trimmed_and_audited(app, make_user):
    user, api = make_user(name="Maria Servidora")
    resp = api.patch(ME, json={"name": "  Maria da Silva Servidora  "})
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["name"] == "Maria da Silva Servidora"
    assert body["email"] == user["email"] and body["role"] == user["role"]
    assert api.get(ME).get_json()["name"] == "Maria da Silva Servidora"

    changes = [row for row in audit_actions(app, user["id"]) if row[0] == "user.profile_updated"]
    assert changes == [
        (
            "user.profile_updated",
            uuid.UUID(user["id"]),
            {"name": "Maria Servidora"},
            {"name": "Maria da Silva Servidora"},
        )
    ]

    # the same name again changes nothing and records nothing
    assert api.patch(ME, json={"name": "Maria da Silva Servidora"}).status_code == 200
    assert len([row for row in audit_actions(app, user["id"]) if row[0] == "user.profile_updated"]) == 1


def test_blank_or_too_long_name_is_refused_with_a_field_message(make_user):
    _, api = make_user(name="Maria Servidora")
    for name in ("   ", "x" * 201):
        resp = api.patch(ME, json={"name": name})
        assert resp.status_code == 422, resp.get_json()
        assert "name" in resp.get_json()["errors"]
    resp = api.patch(ME, json={})
    assert resp.status_code == 422
    assert "name" in resp.get_json()["errors"]
    assert api.get(ME).get_json()["name"] == "Maria Servidora"


def test_role_and_other_fields_cannot_be_changed_here(make_user):
    users = org_users(make_user, "member")
    _, member = users["member"]
    resp = member.patch(ME, json={"name": "Outra", "role": "org_admin"})
    assert resp.status_code == 422
    assert "role" in resp.get_json()["errors"]
    me = member.get(ME).get_json()
    assert me["role"] == "member" and me["name"] != "Outra"


def test_without_a_token_it_is_401(client):
    resp = client.patch(ME, json={"name": "Ninguém"})
    assert resp.status_code == 401
    assert resp.get_json()["message"]
