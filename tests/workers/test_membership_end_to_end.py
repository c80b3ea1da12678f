"""Joining an organization end to end, with a real Celery worker delivering to the mail outbox.

1. An org admin invites a new address -> the "invitation" mail lands in the outbox -> the link is
   inspected and accepted (a new account) -> the new member lists the organization's ETPs.
2. Someone registers with the organization's domain -> verifies the e-mail -> is suggested the
   organization -> asks to join -> the org admins are mailed -> one approves -> the requester is
   mailed -> the next refresh and login carry the organization -> the new member creates an ETP.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from flask_jwt_extended import decode_token

from tests.conftest import ApiClient
from tests.helpers.api import create_etp, new_domain
from tests.helpers.polling import wait_for

PASSWORD = "Chave-Longa-Forte-2026!"


def _mail(client, to: str, kind: str) -> dict:
    """Wait for the newest mail of ``kind`` to ``to`` in the outbox (GET /api/v1/dev/outbox)."""

    def found():
        resp = client.get("/api/v1/dev/outbox", query_string={"to": to})
        assert resp.status_code == 200
        return next((m for m in resp.get_json() if m["kind"] == kind), None)

    return wait_for(found, timeout=45, interval=0.2, message=f"the {kind} mail to {to}")


def _token(link: str, path: str) -> str:
    parts = urlsplit(link)
    assert parts.path == path, link
    return parse_qs(parts.query)["token"][0]


def test_an_invited_person_accepts_and_lists_the_organizations_etps(app, client, make_user, start_worker):
    admin_user, admin = make_user(f"chefe@{new_domain()}", name="Carla Chefe")
    etp = create_etp(admin)
    start_worker()
    email = "nova.servidora@prefeitura-exemplo.gov.br"
    resp = admin.post("/api/v1/organization/invitations", json={"email": email, "role": "member"})
    assert resp.status_code == 201, resp.get_json()

    invitation_mail = _mail(client, email, "invitation")
    assert admin_user["organization"]["name"] in invitation_mail["subject"]
    assert "Carla Chefe" in invitation_mail["body_text"] and invitation_mail["link"] in invitation_mail["body_text"]
    token = _token(invitation_mail["link"], "/convite")

    preview = client.post("/api/v1/auth/invitations/inspect", json={"token": token})
    assert preview.status_code == 200
    assert preview.get_json()["account_exists"] is False and preview.get_json()["role"] == "member"
    resp = client.post(
        "/api/v1/auth/invitations/accept", json={"token": token, "name": "Joana Lima", "password": PASSWORD}
    )
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["user"]["organization"]["id"] == admin_user["organization"]["id"]

    member = ApiClient(client, resp.get_json()["access_token"])
    listing = member.get("/api/v1/etps")
    assert listing.status_code == 200 and [e["id"] for e in listing.get_json()] == [etp["id"]]
    assert member.get(f"/api/v1/etps/{etp['id']}").status_code == 200


def test_register_verify_ask_to_join_approve_and_work(app, client, make_user, start_worker):
    domain = new_domain()
    admin_user, admin = make_user(f"chefe@{domain}")
    org = admin_user["organization"]
    start_worker()

    email = f"servidora@{domain}"
    resp = client.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD, "name": "Servidora"})
    assert resp.status_code == 202
    verify_token = _token(_mail(client, email, "verify_email")["link"], "/verificar-email")
    assert client.post("/api/v1/auth/verify-email", json={"token": verify_token}).status_code == 200
    login = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert login.status_code == 200, login.get_json()
    assert login.get_json()["user"]["organization"] is None
    requester = ApiClient(client, login.get_json()["access_token"])
    assert requester.get("/api/v1/etps").status_code == 403  # the domain grants nothing

    assert requester.get("/api/v1/organizations/suggestions").get_json() == [{"id": org["id"], "name": org["name"]}]
    resp = requester.post("/api/v1/join-requests", json={"organization_id": org["id"], "message": "Sou da TI."})
    assert resp.status_code == 201, resp.get_json()
    request_id = resp.get_json()["id"]
    notice = _mail(client, admin_user["email"], "join_request_received")
    assert email in notice["body_text"] and "Sou da TI." in notice["body_text"]

    resp = admin.post(f"/api/v1/organization/join-requests/{request_id}/approve", json={"role": "member"})
    assert resp.status_code == 200, resp.get_json()
    decision = _mail(client, email, "join_request_decided")
    assert "aprovado" in decision["subject"] and org["name"] in decision["body_text"]

    refreshed = client.post(
        "/api/v1/auth/refresh", headers={"Authorization": f"Bearer {login.get_json()['refresh_token']}"}
    )
    assert refreshed.status_code == 200, refreshed.get_json()
    with app.app_context():
        claims = decode_token(refreshed.get_json()["access_token"])
    assert (claims["org"], claims["role"]) == (org["id"], "member")
    again = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert again.status_code == 200 and again.get_json()["user"]["organization"]["id"] == org["id"]

    member = ApiClient(client, refreshed.get_json()["access_token"])
    created = create_etp(member, title="ETP da nova servidora")
    assert [e["id"] for e in admin.get("/api/v1/etps").get_json()] == [created["id"]]
