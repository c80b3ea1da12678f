"""Tenant isolation: another organization's ETP ids answer 404 on every route that takes one, and
nothing changes. Never leak existence: an existing foreign id answers exactly like a random one."""

from __future__ import annotations

import uuid

import pytest
from flask import url_for

from tests.helpers.api import create_etp, org_users, put_section


@pytest.fixture
def two_orgs(make_user):
    """Org A with an ETP in review (some sections filled), and the admin of another org B."""
    a = org_users(make_user, "member")
    _, owner = a["org_admin"]
    etp = create_etp(owner, orgao="Órgão A", valor_estimado="1000.00")
    put_section(owner, etp["id"], 1, content="Necessidade de A.")
    put_section(owner, etp["id"], 2, justification="Fora do PCA.")
    assert owner.post(f"/api/v1/etps/{etp['id']}/status", json={"status": "in_review"}).status_code == 200
    _, intruder = make_user()  # first registrant of another domain: admin of org B (the strongest role)
    return owner, intruder, etp["id"]


def _state(app, owner, etp_id) -> dict:
    """Everything an intruder could change: the ETP, its sections, audit rows and jobs."""
    from sqlalchemy import func, select

    from etp_app.extensions import db
    from etp_app.models import AuditLog, Job

    etp = owner.get(f"/api/v1/etps/{etp_id}")
    sections = owner.get(f"/api/v1/etps/{etp_id}/sections")
    assert etp.status_code == 200 and sections.status_code == 200
    with app.app_context():
        audits = db.session.scalar(
            select(func.count()).select_from(AuditLog).where(AuditLog.etp_id == uuid.UUID(etp_id))
        )
        jobs = db.session.scalar(select(func.count()).select_from(Job).where(Job.etp_id == uuid.UUID(etp_id)))
        db.session.remove()
    return {
        "etp": etp.get_json(),
        "etag": etp.headers["ETag"],
        "sections": sections.get_json(),
        "audits": audits,
        "jobs": jobs,
    }


def test_every_etp_route_answers_404_to_another_organization(app, two_orgs):
    owner, intruder, eid = two_orgs
    before = _state(app, owner, eid)
    etag = before["etag"]
    s_etag = owner.get(f"/api/v1/etps/{eid}/sections/1").headers["ETag"]
    base = f"/api/v1/etps/{eid}"
    calls = {
        "GET etp": intruder.get(base),
        "PATCH etp": intruder.patch(base, json={"orgao": "Invasor"}, headers={"If-Match": etag}),
        "PATCH etp (If-Match *)": intruder.patch(base, json={"orgao": "Invasor"}, headers={"If-Match": "*"}),
        "DELETE etp": intruder.delete(base),
        "POST status draft": intruder.post(f"{base}/status", json={"status": "draft"}),
        "POST status approved": intruder.post(f"{base}/status", json={"status": "approved"}),
        "POST status archived": intruder.post(f"{base}/status", json={"status": "archived"}),
        "GET sections": intruder.get(f"{base}/sections"),
        "GET section": intruder.get(f"{base}/sections/1"),
        "PUT section": intruder.put(f"{base}/sections/1", json={"content": "Invasor"}, headers={"If-Match": s_etag}),
        "PUT section (If-Match *)": intruder.put(
            f"{base}/sections/3", json={"content": "Invasor"}, headers={"If-Match": "*"}
        ),
        "POST section approve": intruder.post(f"{base}/sections/1/approve"),
    }
    wrong = {name: r.status_code for name, r in calls.items() if r.status_code != 404}
    assert wrong == {}
    assert all(r.get_json()["code"] == 404 for r in calls.values())
    assert _state(app, owner, eid) == before


def test_foreign_ids_are_answered_like_missing_ids(app, two_orgs):
    """Every rule of the app with <etp_id>, every method: a foreign id answers exactly like a random
    id (no existence leak), never 2xx or 5xx, and the owner's data is unchanged afterwards."""
    owner, intruder, eid = two_orgs
    before = _state(app, owner, eid)
    rules = [r for r in app.url_map.iter_rules() if "etp_id" in r.arguments]
    assert len(rules) >= 5

    def url(rule, etp_id):
        values = {}
        for arg in rule.arguments:
            converter = type(rule._converters[arg]).__name__
            if arg == "etp_id":
                values[arg] = etp_id
            elif converter == "IntegerConverter":
                values[arg] = 1
            elif converter == "UUIDConverter":
                values[arg] = uuid.uuid4()
            else:
                values[arg] = "x"
        with app.test_request_context():
            return url_for(rule.endpoint, **values)

    bodies = [
        {},
        {"status": "archived"},
        {"content": "Invasor", "justification": "Invasor"},
        {"orgao": "Invasor"},
        {"format": "json"},
        {"label": "v"},
    ]
    checked = 0
    for rule in rules:
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for body in bodies if method in ("POST", "PUT", "PATCH") else [None]:
                headers = {"If-Match": "*"}
                kwargs = {"headers": headers}
                if body is not None:
                    kwargs["json"] = body
                foreign = getattr(intruder, method.lower())(url(rule, eid), **kwargs)
                missing = getattr(intruder, method.lower())(url(rule, uuid.uuid4()), **kwargs)
                where = f"{method} {rule.rule} {body}"
                assert foreign.status_code == missing.status_code, where
                assert foreign.status_code < 500 and not 200 <= foreign.status_code < 300, where
                checked += 1
    assert checked >= 12
    assert _state(app, owner, eid) == before


def test_list_and_search_show_only_the_callers_organization(two_orgs):
    owner, intruder, eid = two_orgs
    mine = create_etp(intruder, title="ETP de B", objeto="Aquisição de computadores de B")
    listed = intruder.get("/api/v1/etps").get_json()
    assert [e["id"] for e in listed] == [mine["id"]]
    searched = intruder.get("/api/v1/etps", query_string={"q": "computadores"}).get_json()
    assert [e["id"] for e in searched] == [mine["id"]]
    assert [e["id"] for e in owner.get("/api/v1/etps").get_json()] == [eid]
    # created_by of someone of another organization finds nothing
    owner_id = owner.get(f"/api/v1/etps/{eid}").get_json()["created_by"]
    assert intruder.get("/api/v1/etps", query_string={"created_by": owner_id}).get_json() == []


def test_members_of_the_same_organization_share_etps(make_user):
    users = org_users(make_user, "member", "viewer")
    _, admin = users["org_admin"]
    _, member = users["member"]
    _, viewer = users["viewer"]
    eid = create_etp(admin)["id"]
    assert member.get(f"/api/v1/etps/{eid}").status_code == 200
    assert viewer.get(f"/api/v1/etps/{eid}/sections/13").status_code == 200
    put_section(member, eid, 13, content="Conclusão do membro.")
    assert admin.get(f"/api/v1/etps/{eid}/sections/13").get_json()["content"] == "Conclusão do membro."
