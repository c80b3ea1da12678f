"""User management: org-scoped listing and role changes."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest
from flask_jwt_extended import decode_token
from sqlalchemy import select

from etp_app.extensions import db
from etp_app.models import AuditLog, Organization, OrganizationDomain, User
from etp_app.services import accounts, passwords
from tests.conftest import DEFAULT_PASSWORD, ApiClient


def _domain() -> str:
    return f"orgao-{uuid.uuid4().hex[:8]}.gov.br"


def _bearer(token):
    return {"Authorization": f"Bearer {token}"}


def _login(client, email, password=DEFAULT_PASSWORD):
    resp = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    return resp


def _envelope(resp, code):
    assert resp.status_code == code, resp.get_json()
    body = resp.get_json()
    assert body["code"] == code and body["message"]
    return body


@pytest.fixture(scope="session")
def password_hash():
    """One production-strength hash of DEFAULT_PASSWORD, reused to seed users quickly."""
    return passwords.hash_password(DEFAULT_PASSWORD)


@pytest.fixture
def seed(app, client, password_hash):
    """Insert an organization and its users directly (registration has its own tests in test_auth)."""

    def factory(domain: str, people: list[tuple[str, str, str]]):
        out = []
        with app.app_context():
            organization = Organization(name=f"Órgão {domain}")
            db.session.add(organization)
            db.session.flush()
            db.session.add(OrganizationDomain(organization_id=organization.id, domain=domain))
            rows = []
            for local, name, role in people:
                user = User(
                    organization_id=organization.id,
                    email=f"{local}@{domain}",
                    name=name,
                    password_hash=password_hash,
                    role=role,
                    email_verified_at=datetime.now(UTC),
                )
                db.session.add(user)
                rows.append(user)
            db.session.commit()
            for user in rows:
                tokens = accounts.issue_tokens(user)
                as_json = {
                    "id": str(user.id),
                    "email": user.email,
                    "name": user.name,
                    "role": user.role,
                    "organization": {"id": str(organization.id)},
                }
                out.append((as_json, ApiClient(client, tokens["access_token"])))
        return out

    return factory


@pytest.fixture
def org(seed):
    """An organization with an admin, two members and a viewer."""
    domain = _domain()
    (admin, admin_api), m0, m1, (viewer, viewer_api) = seed(
        domain,
        [
            ("admin", "Ana Admin", "org_admin"),
            ("membro0", "Membro Numero0", "member"),
            ("membro1", "Membro Numero1", "member"),
            ("leitor", "Lia Leitora", "viewer"),
        ],
    )
    return {
        "domain": domain,
        "admin": admin,
        "admin_api": admin_api,
        "members": [m0[0], m1[0]],
        "member_apis": [m0[1], m1[1]],
        "viewer": viewer,
        "viewer_api": viewer_api,
    }


@pytest.fixture
def other_org(seed):
    (admin, api), (member, _) = seed(
        _domain(), [("admin", "Outra Admin", "org_admin"), ("membro", "Outro Membro", "member")]
    )
    return {"admin": admin, "admin_api": api, "member": member}


# --------------------------------------------------------------------------- list


def test_list_users_only_shows_the_callers_organization(org, other_org):
    resp = org["admin_api"].get("/api/v1/users")
    assert resp.status_code == 200
    users = resp.get_json()
    ids = {u["id"] for u in users}
    expected = {org["admin"]["id"], org["viewer"]["id"], *(m["id"] for m in org["members"])}
    assert ids == expected
    assert other_org["admin"]["id"] not in ids and other_org["member"]["id"] not in ids
    assert {u["organization"]["id"] for u in users} == {org["admin"]["organization"]["id"]}
    pagination = json.loads(resp.headers["X-Pagination"])
    assert pagination["total"] == 4 and pagination["page"] == 1

    other = other_org["admin_api"].get("/api/v1/users").get_json()
    assert {u["id"] for u in other} == {other_org["admin"]["id"], other_org["member"]["id"]}


def test_list_users_filters_and_paginates(org):
    api = org["admin_api"]
    members = api.get("/api/v1/users?role=member").get_json()
    assert {u["id"] for u in members} == {m["id"] for m in org["members"]}
    by_name = api.get("/api/v1/users?q=leitora").get_json()
    assert [u["id"] for u in by_name] == [org["viewer"]["id"]]
    by_email = api.get(f"/api/v1/users?q=MEMBRO1@{org['domain']}").get_json()
    assert [u["id"] for u in by_email] == [org["members"][1]["id"]]
    assert api.get("/api/v1/users?q=%25").get_json() == []  # LIKE wildcards are literal

    first = api.get("/api/v1/users?page=1&page_size=3")
    second = api.get("/api/v1/users?page=2&page_size=3")
    meta = json.loads(first.headers["X-Pagination"])
    assert meta["total"] == 4 and meta["total_pages"] == 2 and meta["page_size"] == 3
    assert len(first.get_json()) == 3 and len(second.get_json()) == 1
    all_ids = {u["id"] for u in first.get_json()} | {u["id"] for u in second.get_json()}
    assert len(all_ids) == 4
    assert api.get("/api/v1/users?page=100000").get_json() == []
    assert api.get("/api/v1/users?page=999999999999").status_code == 422


def test_list_users_rejects_bad_filters(org):
    _envelope(org["admin_api"].get("/api/v1/users?role=chefe"), 422)
    _envelope(org["admin_api"].get("/api/v1/users?page=0"), 422)
    _envelope(org["admin_api"].get("/api/v1/users?page_size=1000"), 422)


def test_members_and_viewers_cannot_list_users(org, client):
    _envelope(org["member_apis"][0].get("/api/v1/users"), 403)
    _envelope(org["viewer_api"].get("/api/v1/users"), 403)
    _envelope(client.get("/api/v1/users"), 401)


def test_system_admin_lists_only_their_own_organization(make_user, other_org):
    domain = _domain()
    make_user(f"chefe@{domain}")
    sysadmin, api = make_user(f"root@{domain}", role="system_admin")
    ids = {u["id"] for u in api.get("/api/v1/users").get_json()}
    assert sysadmin["id"] in ids and other_org["member"]["id"] not in ids


# --------------------------------------------------------------------------- patch: tenancy and rules


def test_patch_user_of_another_organization_is_404(org, other_org, app):
    target = other_org["member"]
    resp = org["admin_api"].patch(f"/api/v1/users/{target['id']}", json={"role": "viewer"})
    _envelope(resp, 404)
    with app.app_context():
        assert db.session.get(User, uuid.UUID(target["id"])).role == "member"


def test_patch_unknown_or_malformed_id_is_404(org):
    _envelope(org["admin_api"].patch(f"/api/v1/users/{uuid.uuid4()}", json={"role": "viewer"}), 404)
    _envelope(org["admin_api"].patch("/api/v1/users/123", json={"role": "viewer"}), 404)
    _envelope(org["admin_api"].patch("/api/v1/users/not-a-uuid", json={"role": "viewer"}), 404)


def test_nobody_changes_their_own_role(org, make_user):
    _envelope(org["admin_api"].patch(f"/api/v1/users/{org['admin']['id']}", json={"role": "member"}), 403)
    sysadmin, sys_api = make_user(f"root@{org['domain']}", role="system_admin")
    _envelope(sys_api.patch(f"/api/v1/users/{sysadmin['id']}", json={"role": "org_admin"}), 403)
    # renaming oneself is fine
    resp = org["admin_api"].patch(f"/api/v1/users/{org['admin']['id']}", json={"name": "Ana Administradora"})
    assert resp.status_code == 200 and resp.get_json()["name"] == "Ana Administradora"


def test_admin_cannot_deactivate_themselves(org):
    _envelope(org["admin_api"].patch(f"/api/v1/users/{org['admin']['id']}", json={"is_active": False}), 403)


def test_members_and_viewers_cannot_patch(org):
    target = org["members"][1]["id"]
    _envelope(org["member_apis"][0].patch(f"/api/v1/users/{target}", json={"role": "viewer"}), 403)
    _envelope(org["viewer_api"].patch(f"/api/v1/users/{target}", json={"role": "viewer"}), 403)


def test_org_admin_cannot_grant_or_touch_system_admin(org, make_user):
    member = org["members"][0]
    _envelope(org["admin_api"].patch(f"/api/v1/users/{member['id']}", json={"role": "system_admin"}), 403)
    sysadmin, _ = make_user(f"root@{org['domain']}", role="system_admin")
    _envelope(org["admin_api"].patch(f"/api/v1/users/{sysadmin['id']}", json={"role": "member"}), 403)
    _envelope(org["admin_api"].patch(f"/api/v1/users/{sysadmin['id']}", json={"is_active": False}), 403)


def test_system_admin_may_grant_system_admin(org, make_user):
    _, sys_api = make_user(f"root@{org['domain']}", role="system_admin")
    member = org["members"][0]
    resp = sys_api.patch(f"/api/v1/users/{member['id']}", json={"role": "system_admin"})
    assert resp.status_code == 200 and resp.get_json()["role"] == "system_admin"


def test_last_org_admin_cannot_be_demoted_or_deactivated(org, make_user, client):
    _, sys_api = make_user(f"root@{org['domain']}", role="system_admin")
    admin_id = org["admin"]["id"]
    _envelope(sys_api.patch(f"/api/v1/users/{admin_id}", json={"role": "member"}), 409)
    _envelope(sys_api.patch(f"/api/v1/users/{admin_id}", json={"is_active": False}), 409)

    # with a second org admin, the first one may be demoted
    second = org["members"][0]
    assert org["admin_api"].patch(f"/api/v1/users/{second['id']}", json={"role": "org_admin"}).status_code == 200
    second_api = ApiClient(client, _login(client, second["email"]).get_json()["access_token"])
    resp = second_api.patch(f"/api/v1/users/{admin_id}", json={"role": "member"})
    assert resp.status_code == 200 and resp.get_json()["role"] == "member"
    # and now the second is the last one
    _envelope(sys_api.patch(f"/api/v1/users/{second['id']}", json={"role": "viewer"}), 409)


@pytest.mark.parametrize(
    "payload",
    [{"role": "chefe"}, {"unknown": 1}, {"name": ""}, {"name": "   "}, {"is_active": "talvez"}, {"email": "x@y.z"}],
)
def test_patch_invalid_body_is_422(org, payload):
    body = _envelope(org["admin_api"].patch(f"/api/v1/users/{org['members'][0]['id']}", json=payload), 422)
    assert body["errors"]


def test_patch_malformed_json_is_400_and_form_is_415(org):
    url = f"/api/v1/users/{org['members'][0]['id']}"
    _envelope(org["admin_api"].patch(url, data="{", content_type="application/json"), 400)
    _envelope(org["admin_api"].patch(url, data="role=viewer", content_type="application/x-www-form-urlencoded"), 415)


# --------------------------------------------------------------------------- role change effects


def test_role_change_revokes_access_tokens_and_refresh_picks_up_new_role(app, client, org):
    member = org["members"][0]
    tokens = _login(client, member["email"]).get_json()
    assert client.get("/api/v1/auth/me", headers=_bearer(tokens["access_token"])).status_code == 200

    resp = org["admin_api"].patch(f"/api/v1/users/{member['id']}", json={"role": "viewer"})
    assert resp.status_code == 200
    assert resp.get_json()["role"] == "viewer"

    _envelope(client.get("/api/v1/auth/me", headers=_bearer(tokens["access_token"])), 401)
    refreshed = client.post("/api/v1/auth/refresh", headers=_bearer(tokens["refresh_token"]))
    assert refreshed.status_code == 200
    new_access = refreshed.get_json()["access_token"]
    with app.app_context():
        assert decode_token(new_access)["role"] == "viewer"
    me = client.get("/api/v1/auth/me", headers=_bearer(new_access))
    assert me.status_code == 200 and me.get_json()["role"] == "viewer"

    with app.app_context():
        rows = db.session.scalars(
            select(AuditLog).where(AuditLog.action == "user.role_changed", AuditLog.target_id == member["id"])
        ).all()
        assert len(rows) == 1
        row = rows[0]
        assert row.actor_id == uuid.UUID(org["admin"]["id"])
        assert row.organization_id == uuid.UUID(org["admin"]["organization"]["id"])
        assert row.before == {"role": "member"} and row.after == {"role": "viewer"}


def test_role_change_leaves_other_users_sessions_alone(client, org):
    untouched = org["member_apis"][1]
    org["admin_api"].patch(f"/api/v1/users/{org['members'][0]['id']}", json={"role": "viewer"})
    assert untouched.get("/api/v1/auth/me").status_code == 200
    assert org["admin_api"].get("/api/v1/users").status_code == 200


def test_promotion_gives_admin_rights_after_refresh(client, org):
    member = org["members"][0]
    tokens = _login(client, member["email"]).get_json()
    _envelope(client.get("/api/v1/users", headers=_bearer(tokens["access_token"])), 403)
    org["admin_api"].patch(f"/api/v1/users/{member['id']}", json={"role": "org_admin"})
    access = client.post("/api/v1/auth/refresh", headers=_bearer(tokens["refresh_token"])).get_json()["access_token"]
    assert client.get("/api/v1/users", headers=_bearer(access)).status_code == 200


def test_deactivation_revokes_every_token_and_blocks_login(app, client, org):
    member = org["members"][0]
    tokens = _login(client, member["email"]).get_json()
    resp = org["admin_api"].patch(f"/api/v1/users/{member['id']}", json={"is_active": False})
    assert resp.status_code == 200 and resp.get_json()["is_active"] is False
    _envelope(client.get("/api/v1/auth/me", headers=_bearer(tokens["access_token"])), 401)
    _envelope(client.post("/api/v1/auth/refresh", headers=_bearer(tokens["refresh_token"])), 401)
    _envelope(_login(client, member["email"]), 401)
    with app.app_context():
        assert (
            db.session.scalar(
                select(AuditLog).where(AuditLog.action == "user.deactivated", AuditLog.target_id == member["id"])
            )
            is not None
        )

    # reactivation lets them back in
    assert org["admin_api"].patch(f"/api/v1/users/{member['id']}", json={"is_active": True}).status_code == 200
    assert _login(client, member["email"]).status_code == 200


def test_noop_patch_changes_nothing_and_writes_no_audit(app, org):
    member = org["members"][0]
    resp = org["admin_api"].patch(f"/api/v1/users/{member['id']}", json={"role": "member"})
    assert resp.status_code == 200 and resp.get_json()["role"] == "member"
    with app.app_context():
        assert (
            db.session.scalar(
                select(AuditLog).where(AuditLog.target_id == member["id"], AuditLog.action.like("user.%"))
            )
            is None
        )


def test_openapi_documents_user_routes(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    get = paths["/api/v1/users"]["get"]
    assert get["security"] == [{"bearerAuth": []}]
    assert {"401", "403"} <= set(get["responses"])
    patch = paths["/api/v1/users/{user_id}"]["patch"]
    assert {"403", "404", "409"} <= set(patch["responses"])


# --------------------------------------------------------------------------- operators


def test_create_admin_command_creates_a_system_admin(app, client):
    runner = app.test_cli_runner()
    email = f"Root@{_domain()}"
    result = runner.invoke(
        args=[
            "create-admin",
            "--email",
            email,
            "--name",
            "Raiz Operadora",
            "--organization",
            "Ministério da Gestão",
            "--password",
            DEFAULT_PASSWORD,
        ]
    )
    assert result.exit_code == 0, result.output
    assert "system admin" in result.output
    resp = _login(client, email.lower())
    assert resp.status_code == 200
    user = resp.get_json()["user"]
    assert user["role"] == "system_admin"
    assert user["organization"]["name"] == "Ministério da Gestão" and user["organization"]["domains"] == []

    # a second admin for the same organization name joins it; a duplicate e-mail or weak password fails
    again = runner.invoke(
        args=[
            "create-admin",
            "--email",
            f"outra@{_domain()}",
            "--name",
            "Outra Raiz",
            "--organization",
            "ministério da gestão",
            "--password",
            DEFAULT_PASSWORD,
        ]
    )
    assert again.exit_code == 0, again.output
    with app.app_context():
        orgs = {u.organization_id for u in db.session.scalars(select(User).where(User.role == "system_admin"))}
        assert len(orgs) == 1
    duplicate = runner.invoke(
        args=[
            "create-admin",
            "--email",
            email,
            "--name",
            "X Y",
            "--organization",
            "Outra",
            "--password",
            DEFAULT_PASSWORD,
        ]
    )
    assert duplicate.exit_code != 0
    weak = runner.invoke(
        args=[
            "create-admin",
            "--email",
            f"fraca@{_domain()}",
            "--name",
            "X Y",
            "--organization",
            "Outra",
            "--password",
            "123",
        ]
    )
    assert weak.exit_code != 0
