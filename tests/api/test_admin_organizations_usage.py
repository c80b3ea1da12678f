"""GET /api/v1/admin/organizations: each organization with its usage (active people, ETPs, AI drafting
this month), counted per organization and never mixed between them."""

from __future__ import annotations

import uuid

from sqlalchemy import update

from tests.helpers.api import create_etp, new_domain, org_users

LIST = "/api/v1/admin/organizations"


def _set_tokens(app, job_id, tokens_in, tokens_out):
    from etp_app.extensions import db
    from etp_app.models import Job

    with app.app_context():
        db.session.execute(
            update(Job).where(Job.id == uuid.UUID(job_id)).values(tokens_in=tokens_in, tokens_out=tokens_out)
        )
        db.session.commit()
        db.session.remove()


def test_each_organization_comes_with_its_usage(app, make_user):
    _, root = make_user(f"root@{new_domain()}", role="system_admin")
    alfa = org_users(make_user, "member")
    _, alfa_admin = alfa["org_admin"]
    first = create_etp(alfa_admin, title="ETP um")
    create_etp(alfa_admin, title="ETP dois")
    job = alfa_admin.post(f"/api/v1/etps/{first['id']}/sections/1/draft", json={}).get_json()
    _set_tokens(app, job["id"], 1200, 300)
    beta_user, beta_admin = make_user(f"chefe@{new_domain()}")
    create_etp(beta_admin, title="ETP da Beta")

    resp = root.get(LIST, query_string={"page_size": 50})
    assert resp.status_code == 200, resp.get_json()
    by_id = {org["id"]: org for org in resp.get_json()}
    alfa_org = alfa["org_admin"][0]["organization"]["id"]
    assert by_id[alfa_org]["usage"] == {"members": 2, "etps": 2, "drafts_month": 1, "tokens_month": 1500}
    assert by_id[beta_user["organization"]["id"]]["usage"] == {
        "members": 1,
        "etps": 1,
        "drafts_month": 0,
        "tokens_month": 0,
    }

    # a deactivated person no longer counts as a member
    member_id = alfa["member"][0]["id"]
    assert alfa_admin.patch(f"/api/v1/users/{member_id}", json={"is_active": False}).status_code == 200
    again = {org["id"]: org for org in root.get(LIST, query_string={"page_size": 50}).get_json()}
    assert again[alfa_org]["usage"]["members"] == 1


def test_a_single_organization_answer_carries_its_usage_too(make_user):
    _, root = make_user(f"root@{new_domain()}", role="system_admin")
    resp = root.post(LIST, json={"name": "Prefeitura Gama", "domains": [new_domain()]})
    assert resp.status_code == 201, resp.get_json()
    assert resp.get_json()["usage"] == {"members": 0, "etps": 0, "drafts_month": 0, "tokens_month": 0}
