"""Joining an organization (issue 11 §1) and register's part of §3: registration creates an account
that can do nothing until its e-mail is verified and that belongs to no organization; organizations
are created by a system administrator (or an approved request) with normalized, non-confusable
domains; a known e-mail registers exactly like an unknown one.

Invitations and join requests (the ways IN) are tests/api/test_membership.py's.
"""

from __future__ import annotations

import base64
import json
import os
import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from etp_app.extensions import db
from etp_app.models import (
    AuditLog,
    EmailVerificationToken,
    MailOutbox,
    Organization,
    OrganizationDomain,
    OrganizationRequest,
    User,
)
from etp_app.security import ORGLESS_FORBIDDEN
from tests.conftest import DEFAULT_PASSWORD, ApiClient
from tests.helpers.api import create_etp, new_domain
from tests.helpers.polling import wait_for

CYRILLIC_A = "\u0430"
WORKER_APP_URL = "https://etp.teste.gov.br"
UNVERIFIED_LOGIN = "confirme primeiro o seu e-mail"


# --------------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------------


def _register(client, email, password=DEFAULT_PASSWORD, name="Pessoa Nova", **extra):
    return client.post("/api/v1/auth/register", json={"email": email, "password": password, "name": name, **extra})


def _login(client, email, password=DEFAULT_PASSWORD):
    return client.post("/api/v1/auth/login", json={"email": email, "password": password})


def _user(app, email) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge_all()
        db.session.remove()
        return user


def _count(app, model, *conditions) -> int:
    with app.app_context():
        try:
            return db.session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0
        finally:
            db.session.remove()


def _audit_actions(app) -> list[str]:
    with app.app_context():
        try:
            return list(db.session.scalars(select(AuditLog.action).order_by(AuditLog.created_at)))
        finally:
            db.session.remove()


def _issue_verification(app, email) -> str:
    """A verification token as the worker's mail builder creates it (the raw token is in the mail)."""
    from etp_app.services import joining

    with app.app_context():
        try:
            user = db.session.scalar(select(User).where(User.email == email))
            assert user is not None
            return joining.issue_verification_token(user)
        finally:
            db.session.remove()


def _verify(client, token):
    return client.post("/api/v1/auth/verify-email", json={"token": token})


def _queued_mail(app) -> list[tuple[str, dict]]:
    """The (kind, params) of the mails waiting on the ``mail`` queue (no worker runs in these tests)."""
    from etp_app.redis_client import get_redis

    out = []
    with app.app_context():
        for raw in get_redis().client.lrange("mail", 0, -1):
            envelope = json.loads(raw)
            _args, kwargs, _embed = json.loads(base64.b64decode(envelope["body"]))
            out.append((kwargs["kind"], kwargs["params"]))
    out.reverse()  # kombu LPUSHes: oldest last
    return out


def _token_of(link: str) -> str:
    return parse_qs(urlsplit(link).query)["token"][0]


def _orgless_api(app, client, make_user, email=None) -> tuple[dict, ApiClient]:
    """A verified account without an organization, logged in."""
    from etp_app.services import joining

    email = email or f"sem-orgao-{uuid.uuid4().hex[:6]}@{new_domain()}"
    with app.app_context():
        joining.provision_user(None, email=email, name="Pessoa Sem Órgão", password=DEFAULT_PASSWORD)
        db.session.remove()
    resp = _login(client, email)
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()["user"], ApiClient(client, resp.get_json()["access_token"])


@pytest.fixture
def sysadmin(make_user):
    return make_user(f"root@{new_domain()}", role="system_admin")[1]


@pytest.fixture
def alfa(make_user):
    """The observed set-up: "Prefeitura Alfa" (domain prefeitura-alfa.gov.br), its org admin and an ETP."""
    admin_user, admin = make_user("chefe@prefeitura-alfa.gov.br", organization="Prefeitura Alfa")
    etp = create_etp(admin, title="ETP reservado da Prefeitura Alfa")
    return {"admin": admin, "admin_user": admin_user, "etp": etp}


# --------------------------------------------------------------------------------------------------
# Regression: registering with an organization's domain does not make a member (issue 11, §1)
# --------------------------------------------------------------------------------------------------


def test_intruder_with_the_organizations_domain_does_not_become_a_member(app, client, alfa):
    resp = _register(client, "Intruso@PREFEITURA-ALFA.GOV.BR", name="Intruso")
    assert resp.status_code == 202 and set(resp.get_json()) == {"message"}
    assert "access_token" not in resp.get_json()

    row = _user(app, "intruso@prefeitura-alfa.gov.br")
    assert row is not None and row.organization_id is None and row.email_verified_at is None

    # cannot log in before proving the mailbox
    before = _login(client, "intruso@prefeitura-alfa.gov.br")
    assert before.status_code == 401, before.get_json()
    assert UNVERIFIED_LOGIN in before.get_json()["message"]

    # after verifying: an account without an organization, which reads nothing of Alfa's
    assert _verify(client, _issue_verification(app, "intruso@prefeitura-alfa.gov.br")).status_code == 200
    login = _login(client, "intruso@prefeitura-alfa.gov.br")
    assert login.status_code == 200, login.get_json()
    assert login.get_json()["user"]["organization"] is None
    intruder = ApiClient(client, login.get_json()["access_token"])
    me = intruder.get("/api/v1/auth/me").get_json()
    assert me["organization"] is None and me["email_verified"] is True and me["role"] != "org_admin"

    etp_id = alfa["etp"]["id"]
    for method, url in (
        ("get", "/api/v1/etps"),
        ("get", f"/api/v1/etps/{etp_id}"),
        ("get", f"/api/v1/etps/{etp_id}/sections"),
        ("get", "/api/v1/organization"),
        ("get", "/api/v1/users"),
    ):
        resp = getattr(intruder, method)(url)
        assert resp.status_code == 403, (url, resp.get_json())
        assert resp.get_json()["message"] == ORGLESS_FORBIDDEN
    put = intruder.put(f"/api/v1/etps/{etp_id}/sections/1", json={"content": "invadido"}, headers={"If-Match": "*"})
    assert put.status_code == 403
    sections = alfa["admin"].get(f"/api/v1/etps/{etp_id}/sections/1").get_json()
    assert sections["content"] != "invadido"
    users = alfa["admin"].get("/api/v1/users").get_json()
    assert [u["email"] for u in users] == ["chefe@prefeitura-alfa.gov.br"]


def test_first_registrant_of_a_new_domain_does_not_become_org_admin(app, client):
    domain = new_domain()
    assert _register(client, f"primeira@{domain}", organization="Órgão que ninguém criou").status_code == 202
    row = _user(app, f"primeira@{domain}")
    assert row.organization_id is None and row.role != "org_admin"
    assert _count(app, Organization) == 0 and _count(app, OrganizationDomain) == 0

    assert _verify(client, _issue_verification(app, f"primeira@{domain}")).status_code == 200
    api = ApiClient(client, _login(client, f"primeira@{domain}").get_json()["access_token"])
    assert api.get("/api/v1/auth/me").get_json()["organization"] is None
    for url in ("/api/v1/users", "/api/v1/organization", "/api/v1/audit", "/api/v1/etps"):
        assert api.get(url).status_code == 403, url
    assert api.post("/api/v1/etps", json={"title": "x", "objeto": "y"}).status_code == 403
    # a second registrant of the same domain finds no organization either
    assert _register(client, f"segunda@{domain}").status_code == 202
    assert _user(app, f"segunda@{domain}").organization_id is None
    assert _count(app, Organization) == 0


def test_a_cyrillic_look_alike_domain_is_refused_at_register(app, client, alfa):
    email = f"intruso@prefeitura-{CYRILLIC_A}lfa.gov.br"
    resp = _register(client, email)
    assert resp.status_code == 422
    body = resp.get_json()
    assert body["errors"]["email"][0].startswith("E-mail inválido")
    assert "alfabetos" in body["errors"]["email"][0]
    assert _count(app, User) == 1 and _count(app, Organization) == 1  # only Alfa and its admin


def test_register_stores_the_canonical_domain_so_every_spelling_is_one_account(app, client):
    assert _register(client, "Ana@XN--PREFEITURA-LFA-5GB.GOV.BR").status_code == 202
    assert _user(app, "ana@prefeitura-álfa.gov.br") is not None
    assert _register(client, "ana@prefeitura-álfa.gov.br.").status_code == 202  # the same account
    assert _count(app, User) == 1


# --------------------------------------------------------------------------------------------------
# Regression: register answers the same for a known and an unknown e-mail (issue 11, §3)
# --------------------------------------------------------------------------------------------------


def test_known_email_gets_the_same_status_and_body_and_the_owner_is_mailed(app, client, make_user):
    owner, _ = make_user()
    unknown = f"nova-{uuid.uuid4().hex[:6]}@{new_domain()}"
    new = _register(client, unknown)
    known = _register(client, owner["email"].upper(), password="Outra-Senha-Boa-2027", name="Outro Nome")
    assert new.status_code == known.status_code == 202
    assert new.get_json() == known.get_json()
    assert set(new.headers.keys()) - {"X-Request-ID", "Content-Length"} == set(known.headers.keys()) - {
        "X-Request-ID",
        "Content-Length",
    }
    assert new.headers["Content-Length"] == known.headers["Content-Length"]

    created = _user(app, unknown)
    assert _queued_mail(app) == [
        ("verify_email", {"user_id": str(created.id)}),
        ("account_exists", {"email": owner["email"]}),
    ]
    # the verified account is untouched: same password, name and organization
    stored = _user(app, owner["email"])
    assert stored.name == "Servidora Teste" and str(stored.organization_id) == owner["organization"]["id"]
    assert _login(client, owner["email"]).status_code == 200
    assert _login(client, owner["email"], "Outra-Senha-Boa-2027").status_code == 401
    assert [row.after for row in _register_audit(app)] == [{"outcome": "created"}, {"outcome": "verified"}]


def _register_audit(app) -> list[AuditLog]:
    with app.app_context():
        rows = list(
            db.session.scalars(select(AuditLog).where(AuditLog.action == "auth.register").order_by(AuditLog.created_at))
        )
        db.session.expunge_all()
        db.session.remove()
        return rows


def test_known_and_unknown_email_take_the_same_time(app, client, make_user):
    """Both paths check the policy, hash the password (same cost), run one statement and queue one
    mail: the medians of 10 interleaved registrations each stay within a generous bound."""
    owner, _ = make_user()
    _register(client, f"aquecimento@{new_domain()}")  # warm-up: first-request costs
    known_times, unknown_times = [], []
    for _ in range(10):
        start = time.perf_counter()
        assert _register(client, owner["email"]).status_code == 202
        known_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        assert _register(client, f"nova-{uuid.uuid4().hex[:8]}@{new_domain()}").status_code == 202
        unknown_times.append(time.perf_counter() - start)
    known, unknown = statistics.median(known_times), statistics.median(unknown_times)
    # the old code answered a known e-mail in ~1 ms (409 before hashing) and a new one in ~100+ ms
    assert abs(known - unknown) < max(0.04, 0.35 * unknown), (known_times, unknown_times)
    assert known > 0.5 * unknown, (known, unknown)


def test_an_unverified_account_registered_again_takes_the_new_password_and_gets_a_new_link(app, client):
    email = f"pendente@{new_domain()}"
    assert _register(client, email, password="Primeira-Senha-2026").status_code == 202
    first = _user(app, email)
    assert _register(client, email, password="Segunda-Senha-2026", name="Nome Novo").status_code == 202
    second = _user(app, email)
    assert second.id == first.id and second.password_hash != first.password_hash and second.name == "Nome Novo"
    assert _queued_mail(app) == [("verify_email", {"user_id": str(first.id)})] * 2
    assert [row.after for row in _register_audit(app)] == [{"outcome": "created"}, {"outcome": "unverified"}]
    assert _verify(client, _issue_verification(app, email)).status_code == 200
    assert _login(client, email, "Primeira-Senha-2026").status_code == 401
    assert _login(client, email, "Segunda-Senha-2026").status_code == 200


def test_register_still_checks_the_password_policy_for_a_known_email(client, make_user):
    owner, _ = make_user()
    weak_known = _register(client, owner["email"], password="curta")
    weak_new = _register(client, f"nova@{new_domain()}", password="curta")
    assert weak_known.status_code == weak_new.status_code == 422
    assert weak_known.get_json() == weak_new.get_json()


# --------------------------------------------------------------------------------------------------
# E-mail verification
# --------------------------------------------------------------------------------------------------


def test_verification_token_is_single_use_hashed_and_audited(app, client):
    email = f"verifica@{new_domain()}"
    _register(client, email)
    raw = _issue_verification(app, email)
    with app.app_context():
        stored = db.session.scalars(select(EmailVerificationToken.token_hash)).all()
        db.session.remove()
    assert raw not in stored and len(stored) == 1 and len(stored[0]) == 64  # sha256 hex, never the raw token
    resp = _verify(client, raw)
    assert resp.status_code == 200 and "confirmado" in resp.get_json()["message"]
    assert _user(app, email).email_verified_at is not None
    again = _verify(client, raw)
    assert again.status_code == 422 and "token" in again.get_json()["errors"]
    assert "auth.email_verified" in _audit_actions(app)


def test_a_registration_again_voids_the_links_sent_before_it(app, client):
    email = f"de-novo@{new_domain()}"
    _register(client, email, password="Primeira-Senha-2026")
    first, second = _issue_verification(app, email), _issue_verification(app, email)
    _register(client, email, password="Segunda-Senha-2026")  # someone registers the unverified e-mail again
    assert _verify(client, first).status_code == 422
    assert _verify(client, second).status_code == 422
    latest = _issue_verification(app, email)
    assert _verify(client, latest).status_code == 200
    assert _login(client, email, "Segunda-Senha-2026").status_code == 200


def test_every_link_of_one_registration_works_and_verifying_spends_them_all(app, client):
    email = f"dois-links@{new_domain()}"
    _register(client, email)
    first, second = _issue_verification(app, email), _issue_verification(app, email)  # e.g. a login sent one
    assert _verify(client, first).status_code == 200
    assert _verify(client, second).status_code == 422
    assert _count(app, EmailVerificationToken, EmailVerificationToken.used_at.is_(None)) == 0


def test_expired_or_unknown_verification_tokens_are_422(app, client):
    email = f"expira@{new_domain()}"
    _register(client, email)
    new = _issue_verification(app, email)
    assert _verify(client, "nao-existe").status_code == 422
    with app.app_context():
        db.session.execute(
            EmailVerificationToken.__table__.update().values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
        db.session.commit()
        db.session.remove()
    resp = _verify(client, new)
    assert resp.status_code == 422 and "expirado" in resp.get_json()["message"]
    assert _user(app, email).email_verified_at is None
    assert _verify(client, "").status_code == 422
    assert client.post("/api/v1/auth/verify-email", json={}).status_code == 422


def test_verification_ttl_is_configurable(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "EMAIL_VERIFICATION_TTL_SECONDS", 3600)
    email = f"ttl@{new_domain()}"
    _register(client, email)
    _issue_verification(app, email)
    with app.app_context():
        (row,) = db.session.scalars(select(EmailVerificationToken)).all()
        left = (row.expires_at - datetime.now(UTC)).total_seconds()
        db.session.remove()
    assert 3500 < left <= 3600


def test_resend_verification_answers_the_same_for_any_email(app, client, make_user):
    verified, _ = make_user()
    pending = f"pendente@{new_domain()}"
    _register(client, pending)
    answers = [
        client.post("/api/v1/auth/resend-verification", json={"email": email})
        for email in (pending, verified["email"], f"ninguem@{new_domain()}")
    ]
    assert {(r.status_code, json.dumps(r.get_json())) for r in answers} == {(202, json.dumps(answers[0].get_json()))}
    assert client.post("/api/v1/auth/resend-verification", json={"email": "nao-e-email"}).status_code == 422


def test_the_verify_email_builder_sends_only_to_accounts_that_still_wait(app, client, make_user):
    from etp_app.services import mail

    verified, _ = make_user()
    pending = f"pendente@{new_domain()}"
    _register(client, pending)
    pending_id = str(_user(app, pending).id)
    with app.app_context():
        try:
            message = mail.build("verify_email", {"user_id": pending_id})
            assert message is not None and message.to == pending
            assert message.link.startswith(app.config["APP_URL"] + "/verificar-email?token=")
            assert message.link in message.body_text and "2 dias" in message.body_text
            assert mail.build("verify_email", {"email": pending.upper()}) is not None  # resend's params
            assert mail.build("verify_email", {"email": verified["email"]}) is None
            assert mail.build("verify_email", {"email": "ninguem@orgao.gov.br"}) is None
            assert mail.build("verify_email", {"user_id": "nao-e-uuid"}) is None
            assert mail.build("verify_email", {"user_id": str(uuid.uuid4())}) is None
        finally:
            db.session.remove()
    assert _verify(client, _token_of(message.link)).status_code == 200


# --------------------------------------------------------------------------------------------------
# The account without an organization: what it may do
# --------------------------------------------------------------------------------------------------


def test_an_orgless_account_reaches_only_its_own_account_routes(app, client, make_user):
    user, api = _orgless_api(app, client, make_user)
    me = api.get("/api/v1/auth/me")
    assert me.status_code == 200 and me.get_json()["organization"] is None
    assert me.get_json()["email_verified"] is True and me.get_json()["pending_join_requests"] == 0
    export = api.get("/api/v1/users/me/export")
    assert export.status_code == 200 and export.get_json()["organization"] is None
    assert api.get("/api/v1/auth/sessions").status_code == 200
    assert api.get("/api/v1/organization-requests").status_code == 200
    for url in ("/api/v1/etps", "/api/v1/templates", "/api/v1/jobs", "/api/v1/organization", "/api/v1/audit"):
        resp = api.get(url)
        assert resp.status_code == 403 and resp.get_json()["message"] == ORGLESS_FORBIDDEN, url
    changed = api.post(
        "/api/v1/auth/change-password",
        json={"current_password": DEFAULT_PASSWORD, "new_password": "Outra-Senha-Boa-2027"},
    )
    assert changed.status_code == 200, changed.get_json()
    api = ApiClient(client, changed.get_json()["access_token"])
    assert api.delete("/api/v1/users/me", json={"password": "Outra-Senha-Boa-2027"}).status_code == 204
    assert _user(app, user["email"]) is None  # anonymized: the e-mail is gone


# --------------------------------------------------------------------------------------------------
# System administrators: organizations and their domains
# --------------------------------------------------------------------------------------------------


def test_system_admin_creates_lists_and_edits_organizations(app, client, sysadmin):
    resp = sysadmin.post(
        "/api/v1/admin/organizations",
        json={"name": "Prefeitura Beta", "domains": ["PREFEITURA-BETA.GOV.BR.", "xn--cmara-beta-34a.leg.br"]},
    )
    assert resp.status_code == 201, resp.get_json()
    org = resp.get_json()
    assert org["name"] == "Prefeitura Beta"
    assert org["domains"] == ["câmara-beta.leg.br", "prefeitura-beta.gov.br"]

    listed = sysadmin.get("/api/v1/admin/organizations", query_string={"page_size": 1})
    assert listed.status_code == 200 and len(listed.get_json()) == 1
    assert json.loads(listed.headers["X-Pagination"])["total"] == 2  # Beta and the system admin's own
    found = sysadmin.get("/api/v1/admin/organizations", query_string={"q": "câmara-beta"}).get_json()
    assert [o["id"] for o in found] == [org["id"]]

    patched = sysadmin.patch(
        f"/api/v1/admin/organizations/{org['id']}", json={"name": "Município de Beta", "domains": ["beta.gov.br"]}
    )
    assert patched.status_code == 200, patched.get_json()
    assert patched.get_json()["name"] == "Município de Beta" and patched.get_json()["domains"] == ["beta.gov.br"]
    assert sysadmin.patch(f"/api/v1/admin/organizations/{uuid.uuid4()}", json={"name": "X Y"}).status_code == 404
    actions = _audit_actions(app)
    assert "organization.created" in actions and "organization.admin_updated" in actions


def test_organization_domains_are_validated(app, sysadmin):
    assert (
        sysadmin.post(
            "/api/v1/admin/organizations", json={"name": "Prefeitura Alfa", "domains": ["prefeitura-alfa.gov.br"]}
        ).status_code
        == 201
    )

    def create(domain):
        return sysadmin.post("/api/v1/admin/organizations", json={"name": "Outra", "domains": [domain]})

    taken = create("PREFEITURA-ALFA.gov.br")
    assert taken.status_code == 409 and "já pertence" in taken.get_json()["message"]
    for domain, fragment in (
        (f"prefeitura-{CYRILLIC_A}lfa.gov.br", "alfabetos"),
        ("prefeitura-a1fa.gov.br", "parece imitar o domínio já cadastrado prefeitura-alfa.gov.br"),
        ("prefeitura-álfa.gov.br", "parece imitar"),
        ("gmail.com", "e-mail público"),
        ("sem-ponto", "incompleto"),
    ):
        resp = create(domain)
        assert resp.status_code == 422, (domain, resp.get_json())
        assert any(fragment in m for m in resp.get_json()["errors"]["domains"]), (domain, resp.get_json())
    assert _count(app, Organization, Organization.name == "Outra") == 0


def test_only_system_admins_manage_organizations(app, client, make_user):
    _, admin = make_user()
    org_id = admin.get("/api/v1/organization").get_json()["id"]
    _, orgless = _orgless_api(app, client, make_user)
    for api in (admin, orgless):
        assert api.get("/api/v1/admin/organizations").status_code == 403
        assert api.post("/api/v1/admin/organizations", json={"name": "X Y", "domains": []}).status_code == 403
        assert api.patch(f"/api/v1/admin/organizations/{org_id}", json={"name": "X Y"}).status_code == 403
        assert api.get("/api/v1/admin/organization-requests").status_code == 403
    assert client.get("/api/v1/admin/organizations").status_code == 401


def test_me_counts_the_pending_join_requests(app, client, make_user):
    from etp_app.services import organizations

    domain = new_domain()
    with app.app_context():
        org_id = str(organizations.provision(name="Órgão Sugerido", domain_names=[domain]).id)
        db.session.remove()
    _, api = _orgless_api(app, client, make_user, email=f"quer-entrar@{domain}")
    assert api.get("/api/v1/auth/me").get_json()["pending_join_requests"] == 0
    assert api.post("/api/v1/join-requests", json={"organization_id": org_id}).status_code == 201
    assert api.get("/api/v1/auth/me").get_json()["pending_join_requests"] == 1


def test_system_admin_invites_the_first_org_admin(app, client, sysadmin):
    org = sysadmin.post(
        "/api/v1/admin/organizations", json={"name": "Prefeitura Épsilon", "domains": ["epsilon.gov.br"]}
    ).get_json()
    resp = sysadmin.post(f"/api/v1/admin/organizations/{org['id']}/invitations", json={"email": "Chefe@EPSILON.gov.br"})
    assert resp.status_code == 201, resp.get_json()
    invitation = resp.get_json()
    assert invitation["email"] == "chefe@epsilon.gov.br" and invitation["role"] == "org_admin"
    assert invitation["status"] == "pending" and invitation["organization_id"] == org["id"]
    assert _queued_mail(app) == [("invitation", {"invitation_id": invitation["id"]})]
    again = sysadmin.post(
        f"/api/v1/admin/organizations/{org['id']}/invitations", json={"email": "chefe@epsilon.gov.br"}
    )
    assert again.status_code == 409
    unknown = sysadmin.post(f"/api/v1/admin/organizations/{uuid.uuid4()}/invitations", json={"email": "a@b.gov.br"})
    assert unknown.status_code == 404
    bad_role = sysadmin.post(
        f"/api/v1/admin/organizations/{org['id']}/invitations",
        json={"email": "x@epsilon.gov.br", "role": "system_admin"},
    )
    assert bad_role.status_code == 422


# --------------------------------------------------------------------------------------------------
# Organization requests
# --------------------------------------------------------------------------------------------------

REQUEST = {"name": "Prefeitura Gama", "domains": ["prefeitura-gama.gov.br"], "justification": "Sou a secretária."}


def test_an_approved_request_creates_the_organization_and_its_admin(app, client, make_user, sysadmin):
    user, api = _orgless_api(app, client, make_user)
    created = api.post("/api/v1/organization-requests", json=REQUEST)
    assert created.status_code == 201, created.get_json()
    request_id = created.get_json()["id"]
    assert created.get_json()["status"] == "pending" and created.get_json()["domains"] == ["prefeitura-gama.gov.br"]
    duplicate = api.post("/api/v1/organization-requests", json={**REQUEST, "name": "Outra"})
    assert duplicate.status_code == 409
    assert [r["id"] for r in api.get("/api/v1/organization-requests").get_json()] == [request_id]

    pending = sysadmin.get("/api/v1/admin/organization-requests", query_string={"status": "pending"}).get_json()
    assert [r["id"] for r in pending] == [request_id] and pending[0]["requester"]["email"] == user["email"]

    approved = sysadmin.post(f"/api/v1/admin/organization-requests/{request_id}/approve")
    assert approved.status_code == 200, approved.get_json()
    assert approved.get_json()["status"] == "approved" and approved.get_json()["organization_id"]
    assert sysadmin.post(f"/api/v1/admin/organization-requests/{request_id}/approve").status_code == 409
    assert sysadmin.post(f"/api/v1/admin/organization-requests/{uuid.uuid4()}/approve").status_code == 404

    # the requester's next login (or refresh) carries the new organization, as its org admin
    login = _login(client, user["email"]).get_json()
    assert login["user"]["role"] == "org_admin"
    assert login["user"]["organization"]["id"] == approved.get_json()["organization_id"]
    assert login["user"]["organization"]["domains"] == ["prefeitura-gama.gov.br"]
    admin = ApiClient(client, login["access_token"])
    create_etp(admin)
    assert ("organization_request_decided", {"request_id": request_id}) in _queued_mail(app)
    actions = _audit_actions(app)
    assert {"organization_request.created", "organization_request.approved", "user.joined_organization"} <= set(actions)


def test_a_rejected_request_keeps_the_reason_and_changes_nothing(app, client, make_user, sysadmin):
    user, api = _orgless_api(app, client, make_user)
    request_id = api.post("/api/v1/organization-requests", json=REQUEST).get_json()["id"]
    assert sysadmin.post(f"/api/v1/admin/organization-requests/{request_id}/reject", json={}).status_code == 422
    rejected = sysadmin.post(
        f"/api/v1/admin/organization-requests/{request_id}/reject", json={"reason": "A prefeitura já existe."}
    )
    assert rejected.status_code == 200 and rejected.get_json()["reason"] == "A prefeitura já existe."
    assert sysadmin.post(f"/api/v1/admin/organization-requests/{request_id}/approve").status_code == 409
    assert _user(app, user["email"]).organization_id is None
    assert _count(app, OrganizationDomain, OrganizationDomain.domain == "prefeitura-gama.gov.br") == 0
    assert sysadmin.get("/api/v1/admin/organization-requests", query_string={"status": "pending"}).get_json() == []
    # once decided, a new request may be sent
    assert api.post("/api/v1/organization-requests", json=REQUEST).status_code == 201


def test_organization_requests_are_for_verified_accounts_without_an_organization(app, client, make_user, alfa):
    from etp_app.services import accounts

    _, member = make_user()
    assert member.post("/api/v1/organization-requests", json=REQUEST).status_code == 409
    _, orgless = _orgless_api(app, client, make_user)
    for domains, code in ((["prefeitura-a1fa.gov.br"], 422), (["prefeitura-alfa.gov.br"], 409), ([], 422)):
        resp = orgless.post("/api/v1/organization-requests", json={**REQUEST, "domains": domains})
        assert resp.status_code == code, (domains, resp.get_json())
    # an unverified account holding a token (it cannot log in, but should it hold one) is refused
    email = f"pendente@{new_domain()}"
    _register(client, email)
    with app.app_context():
        token = accounts.issue_tokens(db.session.scalar(select(User).where(User.email == email)))["access_token"]
        db.session.remove()
    resp = ApiClient(client, token).post("/api/v1/organization-requests", json=REQUEST)
    assert resp.status_code == 403 and "Confirme seu e-mail" in resp.get_json()["message"]
    assert _count(app, OrganizationRequest) == 0


# --------------------------------------------------------------------------------------------------
# Operators: flask commands and the demo seed
# --------------------------------------------------------------------------------------------------


def test_create_organization_command(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["create-organization", "--name", "Secretaria Delta", "--domain", "DELTA.gov.br", "--domain", "d.gov.br"]
    )
    assert result.exit_code == 0, result.output
    assert "d.gov.br, delta.gov.br" in result.output
    again = runner.invoke(args=["create-organization", "--name", "Outra", "--domain", "delta.gov.br"])
    assert again.exit_code != 0 and "já pertence" in again.output
    bad = runner.invoke(args=["create-organization", "--name", "Outra", "--domain", f"delt{CYRILLIC_A}.gov.br"])
    assert bad.exit_code != 0 and "alfabetos" in bad.output


def test_create_organization_command_invites_its_first_admin_and_prints_the_link(app, client):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "create-organization",
            "--name",
            "Prefeitura Zeta",
            "--domain",
            "zeta.gov.br",
            "--admin-email",
            "chefe@zeta.gov.br",
        ]
    )
    assert result.exit_code == 0, result.output
    link = next(line for line in result.output.splitlines() if "/convite?token=" in line)
    assert link.startswith(app.config["APP_URL"] + "/convite?token=")
    inspected = client.post("/api/v1/auth/invitations/inspect", json={"token": _token_of(link)})
    assert inspected.status_code == 200, inspected.get_json()
    assert inspected.get_json()["organization"]["name"] == "Prefeitura Zeta"
    assert inspected.get_json()["role"] == "org_admin" and inspected.get_json()["email"] == "chefe@zeta.gov.br"
    assert _queued_mail(app) == []  # the operator got the link: no mail replaces it


def test_seed_demo_creates_the_demo_accounts_once(app, client, tmp_path):
    runner = app.test_cli_runner()
    path = tmp_path / "dev-credentials.txt"
    result = runner.invoke(args=["seed-demo", "--credentials-file", str(path)])
    assert result.exit_code == 0, result.output
    assert "contas de demonstração" in result.output
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    lines = [line.split() for line in path.read_text().splitlines() if "@exemplo.gov.br" in line]
    by_role = {parts[0]: (parts[1], parts[2]) for parts in lines}
    assert set(by_role) == {"org_admin", "member", "system_admin"}
    for role, (email, password) in by_role.items():
        assert password in result.output
        login = _login(client, email, password)
        assert login.status_code == 200, login.get_json()
        assert login.get_json()["user"]["role"] == role
    admin_org = _login(client, *by_role["org_admin"]).get_json()["user"]["organization"]
    assert admin_org["name"] == "Prefeitura de Exemplo" and admin_org["domains"] == ["exemplo.gov.br"]
    # never on a database with users, and random passwords
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code != 0 and _count(app, User) == 3
    from etp_app.services import demo

    with app.app_context():
        assert demo.seed_if_empty() is None
        db.session.remove()
    assert len({password for _, password in by_role.values()}) == 3


# --------------------------------------------------------------------------------------------------
# With a real worker: register -> the mail in the outbox -> verify -> login -> orgless
# --------------------------------------------------------------------------------------------------


def _outbox(app, to: str) -> list[MailOutbox]:
    from etp_app.services import mail

    with app.app_context():
        try:
            return mail.list_outbox(to=to)
        finally:
            db.session.remove()


def test_register_verify_login_end_to_end_with_a_worker(app, client, make_user, start_worker):
    owner, _ = make_user()
    start_worker(queues="mail", concurrency=1, env={"APP_URL": WORKER_APP_URL})
    email = f"ponta-a-ponta@{new_domain()}"
    assert _register(client, email).status_code == 202
    (row,) = wait_for(lambda: _outbox(app, email), timeout=30, message="the verify_email mail in the outbox")
    assert row.kind == "verify_email" and row.link.startswith(f"{WORKER_APP_URL}/verificar-email?token=")
    assert row.link in row.body_text

    assert _login(client, email).status_code == 401  # not verified yet: answered like a wrong password
    assert _verify(client, _token_of(row.link)).status_code == 200
    login = _login(client, email)
    assert login.status_code == 200
    api = ApiClient(client, login.get_json()["access_token"])
    resp = api.get("/api/v1/etps")
    assert resp.status_code == 403 and resp.get_json()["message"] == ORGLESS_FORBIDDEN

    # the owner of a known e-mail is told someone tried, with a reset link; the account is unchanged
    assert _register(client, owner["email"], password="Outra-Senha-Boa-2027").status_code == 202
    (told,) = wait_for(lambda: _outbox(app, owner["email"]), timeout=30, message="the account_exists mail")
    assert told.kind == "account_exists" and "/redefinir-senha?token=" in told.link
    assert _login(client, owner["email"]).status_code == 200


def test_organization_request_decision_is_mailed_with_a_worker(app, client, make_user, sysadmin, start_worker):
    user, api = _orgless_api(app, client, make_user)
    start_worker(queues="mail", concurrency=1, env={"APP_URL": WORKER_APP_URL})
    request_id = api.post("/api/v1/organization-requests", json=REQUEST).get_json()["id"]
    reason = "Já existe uma organização para este órgão."
    assert (
        sysadmin.post(f"/api/v1/admin/organization-requests/{request_id}/reject", json={"reason": reason}).status_code
        == 200
    )
    (row,) = wait_for(lambda: _outbox(app, user["email"]), timeout=30, message="the decision mail")
    assert row.kind == "organization_request_decided" and reason in row.body_text
    assert "Prefeitura Gama" in row.subject
