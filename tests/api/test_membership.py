"""Joining an organization: invitations and join requests (issue 11 §1), the only two ways in.

The issue's observation: registering an e-mail of an organization's domain made a member with write
access. Now such an account (registered and verified) is not a member — 403 on the ETP routes,
the organization's ETPs unreadable — until an org admin's invitation or an approved join request.

Mails are queued with ``mail.enqueue`` (recorded here); the tests run the real builders in-process
(``mail.build``) to read the links. tests/workers/test_membership_end_to_end.py runs the same flows
through a real worker and the outbox.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from flask_jwt_extended import decode_token
from sqlalchemy import select, update

from etp_app.extensions import db
from etp_app.models import AuditLog, Invitation, JoinRequest, User
from etp_app.security import NO_ORGANIZATION, ORGLESS_FORBIDDEN
from etp_app.services import joining, mail, membership
from tests.conftest import DEFAULT_PASSWORD, ApiClient
from tests.helpers.api import create_etp, new_domain, org_users

NEW_PASSWORD = "Outra-Senha-Boa-2026!"


@pytest.fixture
def sent(monkeypatch):
    """The mails queued by the request path: [(kind, params)] (nothing is published)."""
    queued: list[tuple[str, dict]] = []
    monkeypatch.setattr(mail, "enqueue", lambda kind, **params: queued.append((kind, params)))
    return queued


def _build(app, kind: str, params: dict) -> mail.Message | None:
    with app.app_context():
        message = mail.build(kind, params)
        db.session.remove()
    return message


def _token_of(message: mail.Message) -> str:
    assert message.link is not None
    parts = urlsplit(message.link)
    assert parts.path == "/convite"
    return parse_qs(parts.query)["token"][0]


def _invite(app, admin: ApiClient, email: str, role: str = "member", sent=None) -> tuple[dict, str]:
    """POST an invitation, then run its mail's builder: (invitation json, raw token of the link)."""
    resp = admin.post("/api/v1/organization/invitations", json={"email": email, "role": role})
    assert resp.status_code == 201, resp.get_json()
    invitation = resp.get_json()
    if sent is not None:
        assert ("invitation", {"invitation_id": invitation["id"]}) in sent
    message = _build(app, "invitation", {"invitation_id": invitation["id"]})
    assert message is not None
    return invitation, _token_of(message)


def _orgless(app, client, email: str | None = None, *, password: str = DEFAULT_PASSWORD, name: str = "Pessoa Nova"):
    """A verified account without an organization, logged in: (user json, ApiClient, login body)."""
    email = email or f"pessoa-{uuid.uuid4().hex[:8]}@{new_domain()}"
    with app.app_context():
        joining.provision_user(None, email=email, name=name, password=password, source="test")
        db.session.remove()
    resp = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    return body["user"], ApiClient(client, body["access_token"]), body


def _register_and_verify(app, client, email: str, password: str = DEFAULT_PASSWORD):
    """What anyone can do with an e-mail of the domain: register through the API and verify it."""
    resp = client.post("/api/v1/auth/register", json={"email": email, "password": password, "name": "Intruso"})
    assert resp.status_code == 202, resp.get_json()
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email.lower()))
        assert user is not None and user.organization_id is None
        raw = joining.issue_verification_token(user)
        db.session.remove()
    assert client.post("/api/v1/auth/verify-email", json={"token": raw}).status_code == 200
    resp = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    return body, ApiClient(client, body["access_token"])


def _claims(app, token: str) -> dict:
    with app.app_context():
        return decode_token(token)


def _domain_of(user: dict) -> str:
    return user["email"].rpartition("@")[2]


# --------------------------------------------------------------------------- the issue's observation


def test_a_verified_registrant_of_the_domain_is_not_a_member_until_invited(app, client, make_user, sent):
    admin_user, admin = make_user(f"chefe@{new_domain()}")
    domain = _domain_of(admin_user)
    etp = create_etp(admin)

    body, intruder = _register_and_verify(app, client, f"Intruso@{domain.upper()}")
    assert body["user"]["organization"] is None and body["user"]["email_verified"] is True
    assert _claims(app, body["access_token"])["org"] == NO_ORGANIZATION
    listing = intruder.get("/api/v1/etps")
    assert listing.status_code == 403 and listing.get_json()["message"] == ORGLESS_FORBIDDEN
    assert intruder.get(f"/api/v1/etps/{etp['id']}").status_code in (403, 404)
    assert intruder.put(f"/api/v1/etps/{etp['id']}/sections/1", json={"content": "x"}).status_code in (403, 404)
    me = intruder.get("/api/v1/auth/me").get_json()
    assert me["organization"] is None and me["role"] != "org_admin"

    _invitation, token = _invite(app, admin, body["user"]["email"], "member", sent)
    preview = client.post("/api/v1/auth/invitations/inspect", json={"token": token}).get_json()
    assert preview["account_exists"] is True and preview["organization"]["name"] == admin_user["organization"]["name"]
    resp = client.post("/api/v1/auth/invitations/accept", json={"token": token})
    assert resp.status_code == 200, resp.get_json()
    joined = resp.get_json()
    assert joined["user"]["organization"]["id"] == admin_user["organization"]["id"]
    assert joined["user"]["role"] == "member"

    member = ApiClient(client, joined["access_token"])
    assert [e["id"] for e in member.get("/api/v1/etps").get_json()] == [etp["id"]]
    assert member.get(f"/api/v1/etps/{etp['id']}").status_code == 200
    # the orgless access token from before the join is revoked; a refresh carries the organization
    assert intruder.get("/api/v1/auth/me").status_code == 401
    refreshed = client.post("/api/v1/auth/refresh", headers={"Authorization": f"Bearer {body['refresh_token']}"})
    assert refreshed.status_code == 200
    assert _claims(app, refreshed.get_json()["access_token"])["org"] == admin_user["organization"]["id"]


def test_a_verified_registrant_joins_only_through_an_approved_join_request(app, client, make_user, sent):
    admin_user, admin = make_user(f"chefe@{new_domain()}")
    org_id = admin_user["organization"]["id"]
    etp = create_etp(admin)
    body, requester = _register_and_verify(app, client, f"servidora@{_domain_of(admin_user)}")

    suggestions = requester.get("/api/v1/organizations/suggestions")
    assert suggestions.status_code == 200
    assert suggestions.get_json() == [{"id": org_id, "name": admin_user["organization"]["name"]}]
    resp = requester.post("/api/v1/join-requests", json={"organization_id": org_id, "message": "Sou da TI."})
    assert resp.status_code == 201, resp.get_json()
    request_id = resp.get_json()["id"]
    assert resp.get_json()["status"] == "pending"
    assert ("join_request_received", {"join_request_id": request_id, "admin_id": admin_user["id"]}) in sent
    # a pending request grants nothing
    assert requester.get("/api/v1/etps").status_code == 403
    assert requester.get(f"/api/v1/etps/{etp['id']}").status_code in (403, 404)
    assert requester.get("/api/v1/auth/me").get_json()["organization"] is None

    pending = admin.get("/api/v1/organization/join-requests", query_string={"status": "pending"})
    assert pending.status_code == 200
    (row,) = pending.get_json()
    assert row["requester"]["email"] == body["user"]["email"] and row["message"] == "Sou da TI."
    resp = admin.post(f"/api/v1/organization/join-requests/{request_id}/approve", json={"role": "viewer"})
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["status"] == "approved" and resp.get_json()["role"] == "viewer"
    assert ("join_request_decided", {"join_request_id": request_id}) in sent

    assert requester.get("/api/v1/etps").status_code == 401  # the orgless access token was cut
    refreshed = client.post("/api/v1/auth/refresh", headers={"Authorization": f"Bearer {body['refresh_token']}"})
    assert refreshed.status_code == 200
    viewer = ApiClient(client, refreshed.get_json()["access_token"])
    assert [e["id"] for e in viewer.get("/api/v1/etps").get_json()] == [etp["id"]]
    assert viewer.get(f"/api/v1/etps/{etp['id']}").status_code == 200
    assert viewer.post("/api/v1/etps", json={"title": "T", "objeto": "O"}).status_code == 403  # viewer: read only
    mine = viewer.get("/api/v1/join-requests/mine").get_json()
    assert [(r["id"], r["status"], r["organization"]["id"]) for r in mine] == [(request_id, "approved", org_id)]


def test_a_member_or_viewer_cannot_invite_nor_see_invitations_or_join_requests(app, make_user):
    users = org_users(make_user, "member", "viewer")
    for role in ("member", "viewer"):
        api = users[role][1]
        resp = api.post("/api/v1/organization/invitations", json={"email": "x@exemplo.gov.br", "role": "viewer"})
        assert resp.status_code == 403, role
        assert api.get("/api/v1/organization/invitations").status_code == 403
        assert api.get("/api/v1/organization/join-requests").status_code == 403


def test_an_org_admin_cannot_grant_system_admin_nor_above_their_own_role(app, client, make_user, sent):
    users = org_users(make_user, "member")
    admin_user, admin = users["org_admin"]
    resp = admin.post("/api/v1/organization/invitations", json={"email": "x@exemplo.gov.br", "role": "system_admin"})
    assert resp.status_code == 422 and "role" in resp.get_json()["errors"]
    # org_admin (equal to their own) is allowed
    assert (
        admin.post(
            "/api/v1/organization/invitations", json={"email": "y@exemplo.gov.br", "role": "org_admin"}
        ).status_code
        == 201
    )

    _body, requester = _register_and_verify(app, client, f"nova@{_domain_of(admin_user)}")
    org_id = admin_user["organization"]["id"]
    request_id = requester.post("/api/v1/join-requests", json={"organization_id": org_id}).get_json()["id"]
    resp = admin.post(f"/api/v1/organization/join-requests/{request_id}/approve", json={"role": "system_admin"})
    assert resp.status_code == 422

    # the service rule behind every caller (the system administrators' route, operators): nobody
    # grants a role above their own
    member_id = uuid.UUID(users["member"][0]["id"])
    with app.app_context():
        from etp_app.errors import Forbidden, UnprocessableEntity

        with pytest.raises(Forbidden):
            membership.create_invitation(uuid.UUID(org_id), "z@exemplo.gov.br", "org_admin", invited_by=member_id)
        with pytest.raises(UnprocessableEntity):
            membership.create_invitation(uuid.UUID(org_id), "z@exemplo.gov.br", "system_admin")
        db.session.remove()


def test_another_organizations_invitation_and_join_request_ids_answer_404(app, client, make_user, sent):
    a_user, a_admin = make_user(f"chefe@{new_domain()}")
    _b_user, b_admin = make_user(f"chefe@{new_domain()}")
    invitation, _token = _invite(app, a_admin, "convidada@exemplo.gov.br")
    _body, requester = _register_and_verify(app, client, f"nova@{_domain_of(a_user)}")
    request_id = requester.post(
        "/api/v1/join-requests", json={"organization_id": a_user["organization"]["id"]}
    ).get_json()["id"]

    assert b_admin.delete(f"/api/v1/organization/invitations/{invitation['id']}").status_code == 404
    assert b_admin.post(f"/api/v1/organization/invitations/{invitation['id']}/resend").status_code == 404
    assert b_admin.post(f"/api/v1/organization/join-requests/{request_id}/approve", json={}).status_code == 404
    assert b_admin.post(f"/api/v1/organization/join-requests/{request_id}/reject", json={}).status_code == 404
    assert b_admin.get("/api/v1/organization/invitations").get_json() == []
    assert b_admin.get("/api/v1/organization/join-requests").get_json() == []
    # someone else's join request cannot be cancelled
    _other, other, _login = _orgless(app, client)
    assert other.delete(f"/api/v1/join-requests/{request_id}").status_code == 404
    # and the originals are untouched
    assert a_admin.get("/api/v1/organization/invitations").get_json()[0]["status"] == "pending"
    assert a_admin.get("/api/v1/organization/join-requests").get_json()[0]["status"] == "pending"


# --------------------------------------------------------------------------- invitations


def test_accepting_creates_a_verified_account_with_the_invited_role(app, client, make_user, sent):
    admin_user, admin = make_user(f"chefe@{new_domain()}")
    email = f"nova-{uuid.uuid4().hex[:6]}@outro-orgao.gov.br"
    invitation, token = _invite(app, admin, email, "org_admin", sent)
    assert invitation["status"] == "pending" and invitation["invited_by"] == admin_user["id"]
    assert invitation["invited_by_name"] == admin_user["name"]
    expires = datetime.fromisoformat(invitation["expires_at"]) - datetime.fromisoformat(invitation["created_at"])
    assert abs(expires - timedelta(days=7)) < timedelta(seconds=5)

    preview = client.post("/api/v1/auth/invitations/inspect", json={"token": token})
    assert preview.status_code == 200
    assert preview.get_json() | {"expires_at": None} == {
        "organization": {"id": admin_user["organization"]["id"], "name": admin_user["organization"]["name"]},
        "role": "org_admin",
        "email": email,
        "account_exists": False,
        "expires_at": None,
    }
    missing = client.post("/api/v1/auth/invitations/accept", json={"token": token})
    assert missing.status_code == 422 and set(missing.get_json()["errors"]) == {"name", "password"}
    weak = client.post("/api/v1/auth/invitations/accept", json={"token": token, "name": "Ana", "password": "123"})
    assert weak.status_code == 422 and "password" in weak.get_json()["errors"]

    resp = client.post(
        "/api/v1/auth/invitations/accept", json={"token": token, "name": "Ana Lima", "password": NEW_PASSWORD}
    )
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["user"]["email"] == email and body["user"]["name"] == "Ana Lima"
    assert body["user"]["role"] == "org_admin" and body["user"]["email_verified"] is True
    assert body["user"]["organization"]["id"] == admin_user["organization"]["id"]
    assert _claims(app, body["access_token"])["org"] == admin_user["organization"]["id"]
    new_admin = ApiClient(client, body["access_token"])
    assert new_admin.get("/api/v1/organization/invitations").status_code == 200
    assert client.post("/api/v1/auth/login", json={"email": email, "password": NEW_PASSWORD}).status_code == 200

    # single use; the list shows it accepted
    again = client.post("/api/v1/auth/invitations/accept", json={"token": token, "name": "X", "password": NEW_PASSWORD})
    assert again.status_code == 422 and "token" in again.get_json()["errors"]
    assert client.post("/api/v1/auth/invitations/inspect", json={"token": token}).status_code == 422
    (listed,) = admin.get("/api/v1/organization/invitations").get_json()
    assert listed["status"] == "accepted" and listed["accepted_at"]
    with app.app_context():
        actions = set(db.session.scalars(select(AuditLog.action)))
        db.session.remove()
    assert {"invitation.created", "invitation.accepted", "user.joined_organization"} <= actions


def test_an_account_already_in_another_organization_gets_409_and_keeps_the_invitation(app, client, make_user, sent):
    _a_user, a_admin = make_user(f"chefe@{new_domain()}")
    b_user, _b_api = make_user(f"pessoa@{new_domain()}")
    invitation, token = _invite(app, a_admin, b_user["email"])
    preview = client.post("/api/v1/auth/invitations/inspect", json={"token": token}).get_json()
    assert preview["account_exists"] is True
    resp = client.post("/api/v1/auth/invitations/accept", json={"token": token})
    assert resp.status_code == 409
    assert "outra organização" in resp.get_json()["message"]
    assert a_admin.get("/api/v1/organization/invitations").get_json()[0]["status"] == "pending"


def test_a_member_invited_again_to_their_own_organization_gets_409(app, make_user, sent):
    users = org_users(make_user, "member")
    admin = users["org_admin"][1]
    resp = admin.post("/api/v1/organization/invitations", json={"email": users["member"][0]["email"], "role": "viewer"})
    assert resp.status_code == 409


def test_revoked_expired_and_replaced_links_answer_422(app, client, make_user, sent):
    _admin_user, admin = make_user(f"chefe@{new_domain()}")
    revoked, revoked_token = _invite(app, admin, "revogada@exemplo.gov.br")
    assert admin.delete(f"/api/v1/organization/invitations/{revoked['id']}").status_code == 204
    assert admin.delete(f"/api/v1/organization/invitations/{revoked['id']}").status_code == 204  # idempotent
    for route in ("inspect", "accept"):
        resp = client.post(
            f"/api/v1/auth/invitations/{route}", json={"token": revoked_token, "name": "A", "password": NEW_PASSWORD}
        )
        assert resp.status_code == 422, route
    assert admin.post(f"/api/v1/organization/invitations/{revoked['id']}/resend").status_code == 409

    expired, expired_token = _invite(app, admin, "vencida@exemplo.gov.br")
    with app.app_context():
        db.session.execute(
            update(Invitation)
            .where(Invitation.id == uuid.UUID(expired["id"]))
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
        db.session.commit()
    resp = client.post(
        "/api/v1/auth/invitations/accept", json={"token": expired_token, "name": "V", "password": NEW_PASSWORD}
    )
    assert resp.status_code == 422
    listing = admin.get("/api/v1/organization/invitations", query_string={"page_size": 1})
    assert json.loads(listing.headers["X-Pagination"])["total"] == 2 and len(listing.get_json()) == 1
    listed = {i["id"]: i["status"] for i in admin.get("/api/v1/organization/invitations").get_json()}
    assert listed == {revoked["id"]: "revoked", expired["id"]: "expired"}
    filtered = admin.get("/api/v1/organization/invitations", query_string={"status": "expired"}).get_json()
    assert [i["id"] for i in filtered] == [expired["id"]]

    # a resend gives a fresh validity and a new link; the old link stops working
    sent.clear()
    resp = admin.post(f"/api/v1/organization/invitations/{expired['id']}/resend")
    assert resp.status_code == 202 and resp.get_json()["status"] == "pending"
    assert sent == [("invitation", {"invitation_id": expired["id"]})]
    message = _build(app, "invitation", {"invitation_id": expired["id"]})
    new_token = _token_of(message)
    assert new_token != expired_token
    assert client.post("/api/v1/auth/invitations/inspect", json={"token": expired_token}).status_code == 422
    resp = client.post(
        "/api/v1/auth/invitations/accept", json={"token": new_token, "name": "V", "password": NEW_PASSWORD}
    )
    assert resp.status_code == 200, resp.get_json()
    # an accepted invitation can be neither revoked nor resent
    assert admin.delete(f"/api/v1/organization/invitations/{expired['id']}").status_code == 409
    assert admin.post(f"/api/v1/organization/invitations/{expired['id']}/resend").status_code == 409


def test_one_pending_invitation_per_address_and_an_expired_one_is_replaced(app, client, make_user, sent):
    _admin_user, admin = make_user(f"chefe@{new_domain()}")
    first, first_token = _invite(app, admin, "Dupla@Exemplo.gov.br")
    assert first["email"] == "dupla@exemplo.gov.br"
    resp = admin.post("/api/v1/organization/invitations", json={"email": "dupla@exemplo.gov.br", "role": "viewer"})
    assert resp.status_code == 409
    with app.app_context():
        db.session.execute(
            update(Invitation)
            .where(Invitation.id == uuid.UUID(first["id"]))
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
        db.session.commit()
    second, second_token = _invite(app, admin, "dupla@exemplo.gov.br", "viewer")
    statuses = {i["id"]: i["status"] for i in admin.get("/api/v1/organization/invitations").get_json()}
    assert statuses == {first["id"]: "expired", second["id"]: "pending"}
    assert admin.post(f"/api/v1/organization/invitations/{first['id']}/resend").status_code == 409
    assert client.post("/api/v1/auth/invitations/inspect", json={"token": first_token}).status_code == 422
    assert client.post("/api/v1/auth/invitations/inspect", json={"token": second_token}).get_json()["role"] == "viewer"


def test_whoever_preregistered_an_unverified_account_loses_it_to_the_invited_mailbox(app, client, make_user, sent):
    """Account pre-hijacking: someone registers the address before its owner (never verifying it);
    the invitation's link proves the mailbox, so the owner sets name and password and the
    squatter's password stops working."""
    _admin_user, admin = make_user(f"chefe@{new_domain()}")
    email = f"dona-{uuid.uuid4().hex[:6]}@exemplo.gov.br"
    squatter_password = "Tomada-De-Conta-77!"
    resp = client.post("/api/v1/auth/register", json={"email": email, "password": squatter_password, "name": "Invasor"})
    assert resp.status_code == 202
    _invitation, token = _invite(app, admin, email)
    assert client.post("/api/v1/auth/invitations/inspect", json={"token": token}).get_json()["account_exists"] is False
    assert client.post("/api/v1/auth/invitations/accept", json={"token": token}).status_code == 422
    resp = client.post(
        "/api/v1/auth/invitations/accept", json={"token": token, "name": "Dona", "password": NEW_PASSWORD}
    )
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["user"]["name"] == "Dona"
    assert client.post("/api/v1/auth/login", json={"email": email, "password": squatter_password}).status_code == 401
    assert client.post("/api/v1/auth/login", json={"email": email, "password": NEW_PASSWORD}).status_code == 200


def test_accepting_an_invitation_closes_the_pending_join_requests(app, client, make_user, sent):
    a_user, _a_admin = make_user(f"chefe@{new_domain()}")
    _b_user, b_admin = make_user(f"chefe@{new_domain()}")
    body, requester = _register_and_verify(app, client, f"pessoa@{_domain_of(a_user)}")
    request_id = requester.post(
        "/api/v1/join-requests", json={"organization_id": a_user["organization"]["id"]}
    ).get_json()["id"]
    _invitation, token = _invite(app, b_admin, body["user"]["email"])
    assert client.post("/api/v1/auth/invitations/accept", json={"token": token}).status_code == 200
    with app.app_context():
        row = db.session.get(JoinRequest, uuid.UUID(request_id))
        assert row is not None and row.status == "cancelled"
        db.session.remove()


def test_invitation_mail_names_the_organization_the_role_and_who_invited(app, make_user, sent):
    admin_user, admin = make_user(f"chefe@{new_domain()}", name="Carla Chefe")
    resp = admin.post("/api/v1/organization/invitations", json={"email": "leitora@exemplo.gov.br", "role": "viewer"})
    message = _build(app, "invitation", {"invitation_id": resp.get_json()["id"]})
    assert message is not None and message.kind == "invitation" and message.to == "leitora@exemplo.gov.br"
    org_name = admin_user["organization"]["name"]
    assert org_name in message.subject
    assert org_name in message.body_text and "Carla Chefe" in message.body_text
    assert (
        membership.ROLE_LABELS["viewer"] in message.body_text
        and "(horário de Brasília), em 7 dias" in message.body_text
    )
    assert message.link in message.body_text
    assert message.link.startswith(app.config["APP_URL"] + "/convite?token=")
    # a revoked invitation sends nothing (a mail still queued when it was revoked)
    admin.delete(f"/api/v1/organization/invitations/{resp.get_json()['id']}")
    assert _build(app, "invitation", {"invitation_id": resp.get_json()["id"]}) is None
    assert _build(app, "invitation", {"invitation_id": "nao-e-uuid"}) is None


def test_an_operators_invitation_is_not_mailed_and_the_system_admins_one_is(app, client, make_user, sent):
    admin_user, _admin = make_user(f"chefe@{new_domain()}")
    org_id = uuid.UUID(admin_user["organization"]["id"])
    with app.app_context():
        invitation = membership.create_invitation(org_id, "operador@exemplo.gov.br", "org_admin")
        assert sent == []  # an operator's command prints the link of issue_invitation_token instead
        printed = membership.issue_invitation_token(invitation)
        db.session.remove()
    preview = client.post("/api/v1/auth/invitations/inspect", json={"token": printed})
    assert preview.status_code == 200 and preview.get_json()["role"] == "org_admin"
    message = _build(app, "invitation", {"invitation_id": str(invitation.id)})
    assert message is not None and "A administração do ETP Express convidou" in message.body_text
    # a newer link replaces the printed one
    assert client.post("/api/v1/auth/invitations/inspect", json={"token": printed}).status_code == 422

    _sys_user, system_admin = make_user(f"plataforma@{new_domain()}", role="system_admin")
    resp = system_admin.post(
        f"/api/v1/admin/organizations/{org_id}/invitations", json={"email": "primeira@exemplo.gov.br"}
    )
    assert resp.status_code == 201, resp.get_json()
    assert ("invitation", {"invitation_id": resp.get_json()["id"]}) in sent
    message = _build(app, "invitation", {"invitation_id": resp.get_json()["id"]})
    assert message is not None and "da administração do ETP Express" in message.body_text


def test_flask_invite_prints_a_working_link(app, client, make_user):
    admin_user, _admin = make_user(f"chefe@{new_domain()}")
    domain = _domain_of(admin_user)
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["invite", "--organization", domain.upper(), "--email", "cli@exemplo.gov.br", "--role", "viewer"]
    )
    assert result.exit_code == 0, result.output
    link = result.output.strip().splitlines()[-1]
    assert link.startswith(app.config["APP_URL"] + "/convite?token=")
    token = parse_qs(urlsplit(link).query)["token"][0]
    preview = client.post("/api/v1/auth/invitations/inspect", json={"token": token}).get_json()
    assert preview["role"] == "viewer" and preview["organization"]["id"] == admin_user["organization"]["id"]
    by_id = runner.invoke(
        args=["invite", "--organization", admin_user["organization"]["id"], "--email", "cli2@exemplo.gov.br"]
    )
    assert by_id.exit_code == 0 and "as member" in by_id.output
    unknown = runner.invoke(args=["invite", "--organization", "nenhum.gov.br", "--email", "x@exemplo.gov.br"])
    assert unknown.exit_code != 0 and "Organização não encontrada" in unknown.output
    # helper B's `flask create-organization --admin-email` uses the same two functions
    created = runner.invoke(
        args=[
            "create-organization",
            "--name",
            "Câmara de Teste",
            "--domain",
            new_domain(),
            "--admin-email",
            "chefe@camara.gov.br",
        ]
    )
    assert created.exit_code == 0, created.output
    first_admin_token = parse_qs(urlsplit(created.output.strip().splitlines()[-1]).query)["token"][0]
    preview = client.post("/api/v1/auth/invitations/inspect", json={"token": first_admin_token}).get_json()
    assert (preview["organization"]["name"], preview["role"]) == ("Câmara de Teste", "org_admin")
    bad_role = runner.invoke(
        args=["invite", "--organization", domain, "--email", "x@exemplo.gov.br", "--role", "system_admin"]
    )
    assert bad_role.exit_code != 0


# --------------------------------------------------------------------------- join requests


def test_join_requests_go_only_to_a_suggested_organization(app, client, make_user, sent):
    a_user, _a_admin = make_user(f"chefe@{new_domain()}")
    b_user, _b_admin = make_user(f"chefe@{new_domain()}")
    _body, requester = _register_and_verify(app, client, f"pessoa@{_domain_of(a_user)}")
    for org_id in (b_user["organization"]["id"], str(uuid.uuid4())):
        resp = requester.post("/api/v1/join-requests", json={"organization_id": org_id})
        assert resp.status_code == 404, org_id
    # a domain no organization has, and a public webmail address: nothing is suggested
    _u, stranger, _b = _orgless(app, client, f"alguem@{new_domain()}")
    assert stranger.get("/api/v1/organizations/suggestions").get_json() == []
    _u, webmail, _b = _orgless(app, client, f"alguem-{uuid.uuid4().hex[:6]}@gmail.com")
    assert webmail.get("/api/v1/organizations/suggestions").get_json() == []
    # a member of an organization is suggested nothing and cannot ask
    assert _a_admin.get("/api/v1/organizations/suggestions").get_json() == []
    resp = _a_admin.post("/api/v1/join-requests", json={"organization_id": a_user["organization"]["id"]})
    assert resp.status_code == 409
    assert [kind for kind, _params in sent if kind.startswith("join_request")] == []


def test_one_pending_request_per_organization_cancel_and_reject(app, client, make_user, sent):
    admin_user, admin = make_user(f"chefe@{new_domain()}")
    org_id = admin_user["organization"]["id"]
    _body, requester = _register_and_verify(app, client, f"pessoa@{_domain_of(admin_user)}")
    first = requester.post("/api/v1/join-requests", json={"organization_id": org_id}).get_json()
    assert requester.post("/api/v1/join-requests", json={"organization_id": org_id}).status_code == 409
    assert requester.delete(f"/api/v1/join-requests/{first['id']}").status_code == 204
    assert requester.delete(f"/api/v1/join-requests/{first['id']}").status_code == 409
    assert admin.post(f"/api/v1/organization/join-requests/{first['id']}/approve", json={}).status_code == 409

    second = requester.post("/api/v1/join-requests", json={"organization_id": org_id, "message": "De novo"})
    assert second.status_code == 201
    sent.clear()
    resp = admin.post(
        f"/api/v1/organization/join-requests/{second.get_json()['id']}/reject",
        json={"reason": "Não identificamos você."},
    )
    assert resp.status_code == 200 and resp.get_json()["status"] == "rejected"
    assert sent == [("join_request_decided", {"join_request_id": second.get_json()["id"]})]
    mine = requester.get("/api/v1/join-requests/mine").get_json()
    assert [(r["status"], r["reason"]) for r in mine] == [("rejected", "Não identificamos você."), ("cancelled", None)]
    assert requester.get("/api/v1/etps").status_code == 403
    message = _build(app, "join_request_decided", {"join_request_id": second.get_json()["id"]})
    assert (
        message is not None
        and "não foi aprovado" in message.body_text
        and "Não identificamos você." in message.body_text
    )
    statuses = [r["status"] for r in admin.get("/api/v1/organization/join-requests").get_json()]
    assert statuses == ["cancelled", "rejected"]


def test_join_request_mails_tell_the_admins_and_the_requester(app, client, make_user, sent):
    users = org_users(make_user, "member")
    admin_user, admin = users["org_admin"]
    second_admin, _ = make_user(f"outra-chefe@{_domain_of(admin_user)}", role="org_admin")
    body, requester = _register_and_verify(app, client, f"pessoa@{_domain_of(admin_user)}")
    request_id = requester.post(
        "/api/v1/join-requests", json={"organization_id": admin_user["organization"]["id"], "message": "Sou do RH."}
    ).get_json()["id"]
    mailed = sorted(p["admin_id"] for kind, p in sent if kind == "join_request_received")
    assert mailed == sorted([admin_user["id"], second_admin["id"]])  # the org admins, not the member
    message = _build(app, "join_request_received", {"join_request_id": request_id, "admin_id": admin_user["id"]})
    assert message is not None and message.to == admin_user["email"]
    assert body["user"]["email"] in message.body_text and "Sou do RH." in message.body_text
    assert admin_user["organization"]["name"] in message.subject
    member_id = users["member"][0]["id"]
    assert _build(app, "join_request_received", {"join_request_id": request_id, "admin_id": member_id}) is None

    admin.post(f"/api/v1/organization/join-requests/{request_id}/approve", json={"role": "member"})
    decided = _build(app, "join_request_decided", {"join_request_id": request_id})
    assert decided is not None and decided.to == body["user"]["email"] and "aprovado" in decided.subject
    assert membership.ROLE_LABELS["member"] in decided.body_text
    # once decided, the admins' notice is no longer sent (a mail still queued)
    assert _build(app, "join_request_received", {"join_request_id": request_id, "admin_id": admin_user["id"]}) is None


def test_orgless_accounts_reach_only_their_own_routes(app, client):
    _user, orgless, _body = _orgless(app, client)
    for url in (
        "/api/v1/auth/me",
        "/api/v1/auth/sessions",
        "/api/v1/organizations/suggestions",
        "/api/v1/join-requests/mine",
    ):
        assert orgless.get(url).status_code == 200, url
    for url in (
        "/api/v1/etps",
        "/api/v1/organization",
        "/api/v1/organization/invitations",
        "/api/v1/organization/join-requests",
        "/api/v1/users",
    ):
        resp = orgless.get(url)
        assert resp.status_code == 403 and resp.get_json()["message"] == ORGLESS_FORBIDDEN, url


def test_lgpd_deletion_removes_join_requests_and_invitations_of_the_person(app, client, make_user, sent):
    admin_user, admin = make_user(f"chefe@{new_domain()}")
    body, requester = _register_and_verify(app, client, f"pessoa@{_domain_of(admin_user)}")
    requester.post("/api/v1/join-requests", json={"organization_id": admin_user["organization"]["id"], "message": "Oi"})
    _other_user, other_admin = make_user(f"chefe@{new_domain()}")
    _invite(app, other_admin, body["user"]["email"])
    export = requester.get("/api/v1/users/me/export")
    assert export.status_code == 200
    data = export.get_json()
    assert [r["message"] for r in data["join_requests"]] == ["Oi"]
    assert [i["status"] for i in data["invitations"]] == ["pending"]
    resp = requester.delete("/api/v1/users/me", json={"password": DEFAULT_PASSWORD})
    assert resp.status_code == 204, resp.get_json()
    with app.app_context():
        assert db.session.scalars(select(JoinRequest)).all() == []
        assert db.session.scalars(select(Invitation)).all() == []
        db.session.remove()
