"""Sections through the HTTP API: read, edit with If-Match, justification rules, completion counters,
approval of one section, and the read-only rule of approved/archived ETPs."""

from __future__ import annotations

import uuid

import pytest

from tests.helpers.api import audit_actions, create_etp, fill_for_approval, org_users, put_section


def _url(etp_id, inciso=None):
    base = f"/api/v1/etps/{etp_id}/sections"
    return base if inciso is None else f"{base}/{inciso}"


def test_list_sections_in_inciso_order_with_catalog_data(make_user):
    _, api = make_user()
    etp = create_etp(api)
    resp = api.get(_url(etp["id"]))
    assert resp.status_code == 200
    sections = resp.get_json()
    assert [s["inciso"] for s in sections] == list(range(1, 14))
    assert sections[12]["code"] == "XIII" and sections[12]["title"] == "Posicionamento conclusivo"
    keys = {
        "inciso",
        "code",
        "title",
        "mandatory",
        "content",
        "justification",
        "status",
        "suggestion",
        "quality",
        "updated_at",
        "updated_by",
        "ai_generated",
        "etag",
    }
    assert keys <= set(sections[0])
    assert sections[0]["ai_generated"] is False and sections[0]["ai_notice"] is None


def test_get_section_with_etag_and_404_outside_1_13(make_user):
    _, api = make_user()
    etp = create_etp(api)
    resp = api.get(_url(etp["id"], 4))
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["code"] == "IV" and body["mandatory"] is True
    assert resp.headers["ETag"] == body["etag"]
    for bad in (0, 14, 99999999999999999999):
        assert api.get(_url(etp["id"], bad)).status_code == 404
    assert api.get(_url(etp["id"]) + "/-1").status_code == 404
    assert api.get(_url(etp["id"]) + "/IV").status_code == 404
    assert api.get(_url(uuid.uuid4(), 1)).status_code == 404


def test_put_updates_content_status_and_completion(make_user):
    user, api = make_user()
    etp = create_etp(api)
    eid = etp["id"]
    etp_etag = etp["etag"]
    url = _url(eid, 1)
    etag = api.get(url).headers["ETag"]
    resp = api.put(url, json={"content": "A Secretaria não tem notebooks suficientes."}, headers={"If-Match": etag})
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["status"] == "edited" and body["updated_by"] == user["id"]
    assert resp.headers["ETag"] != etag and resp.headers["ETag"] == body["etag"]
    got = api.get(f"/api/v1/etps/{eid}")
    assert got.get_json()["completion"] == {"mandatory_filled": 1, "mandatory_total": 5, "filled": 1, "total": 13}
    assert got.headers["ETag"] != etp_etag  # the ETP's completion changed: a new ETP version

    put_section(api, eid, 2, content="Item 42 do PCA 2026.")
    put_section(api, eid, 13, content="A contratação é viável.")
    assert api.get(f"/api/v1/etps/{eid}").get_json()["completion"] == {
        "mandatory_filled": 2,
        "mandatory_total": 5,
        "filled": 3,
        "total": 13,
    }

    # emptying a section (whitespace only counts as empty) lowers the counters again
    emptied = put_section(api, eid, 1, content="  \n\t\u00a0 ")
    assert emptied["status"] == "empty"
    assert api.get(f"/api/v1/etps/{eid}").get_json()["completion"] == {
        "mandatory_filled": 1,
        "mandatory_total": 5,
        "filled": 2,
        "total": 13,
    }


def test_put_requires_if_match_and_rejects_stale(make_user):
    _, api = make_user()
    eid = create_etp(api)["id"]
    url = _url(eid, 3)
    old = api.get(url).headers["ETag"]
    assert api.put(url, json={"content": "x"}).status_code == 428
    assert api.put(url, json={"content": "x"}, headers={"If-Match": '"whatever"'}).status_code == 412
    # the ETP's ETag is not the section's
    etp_etag = api.get(f"/api/v1/etps/{eid}").headers["ETag"]
    assert api.put(url, json={"content": "x"}, headers={"If-Match": etp_etag}).status_code == 412
    assert api.put(url, json={"content": "primeira"}, headers={"If-Match": old}).status_code == 200
    stale = api.put(url, json={"content": "segunda"}, headers={"If-Match": old})
    assert stale.status_code == 412 and stale.get_json()["code"] == 412
    assert api.get(url).get_json()["content"] == "primeira"
    # another section's tag does not apply here
    other = api.get(_url(eid, 5)).headers["ETag"]
    assert api.put(url, json={"content": "terceira"}, headers={"If-Match": other}).status_code == 412


def test_put_validation(make_user):
    _, api = make_user()
    eid = create_etp(api)["id"]
    url = _url(eid, 2)
    h = {"If-Match": api.get(url).headers["ETag"]}
    unchanged = api.put(url, json={}, headers=h)  # nothing to change: 200, same version
    assert unchanged.status_code == 200 and unchanged.headers["ETag"] == h["If-Match"]
    assert api.put(url, json={"content": "x", "status": "approved"}, headers=h).status_code == 422
    assert api.put(url, json={"content": 12}, headers=h).status_code == 422
    assert api.put(url, json={"content": "nul \x00"}, headers=h).status_code == 422
    assert api.put(url, data="x", headers={**h, "Content-Type": "text/plain"}).status_code == 415
    assert api.put(url, data='{"content": ', headers={**h, "Content-Type": "application/json"}).status_code == 400


def test_justification_only_for_non_mandatory_sections(make_user):
    _, api = make_user()
    eid = create_etp(api)["id"]
    url = _url(eid, 4)
    h = {"If-Match": api.get(url).headers["ETag"]}
    resp = api.put(url, json={"justification": "Não se aplica."}, headers=h)
    assert resp.status_code == 422 and "justification" in resp.get_json()["errors"]
    assert api.get(url).get_json()["justification"] is None
    body = put_section(api, eid, 11, justification="Não há contratações correlatas.")
    assert body["justification"] == "Não há contratações correlatas." and body["status"] == "empty"
    # a justification is not content: completion is unchanged
    assert api.get(f"/api/v1/etps/{eid}").get_json()["completion"]["filled"] == 0
    cleared = put_section(api, eid, 11, justification=None)
    assert cleared["justification"] is None


def test_sections_of_approved_or_archived_etp_are_read_only(make_user):
    _, admin = make_user()
    eid = create_etp(admin)["id"]
    put_section(admin, eid, 3, content="Requisitos.")
    assert admin.post(f"/api/v1/etps/{eid}/status", json={"status": "archived"}).status_code == 200
    url = _url(eid, 3)
    resp = admin.put(url, json={"content": "novo"}, headers={"If-Match": admin.get(url).headers["ETag"]})
    assert resp.status_code == 409
    assert admin.post(url + "/approve").status_code == 409
    assert admin.get(url).get_json()["content"] == "Requisitos."


def test_approve_one_section(app, make_user):
    """POST …/approve, the old name of the review act (tests/api/test_approval.py covers /review)."""
    users = org_users(make_user, "member", "viewer")
    _, admin = users["org_admin"]
    _, member = users["member"]
    eid = create_etp(member)["id"]
    url = _url(eid, 1)
    # empty mandatory section cannot be approved
    resp = admin.post(url + "/approve")
    assert resp.status_code == 409 and resp.get_json()["errors"] == {"I": ["Seção obrigatória sem conteúdo."]}
    put_section(member, eid, 1, content="Necessidade.")
    assert users["viewer"][1].post(url + "/approve").status_code == 403  # reviewing is a write: not viewers
    before = admin.get(url).headers["ETag"]
    assert admin.post(url + "/approve", headers={"If-Match": '"old-1"'}).status_code == 412
    resp = admin.post(url + "/approve", headers={"If-Match": before})
    assert resp.status_code == 200 and resp.get_json()["status"] == "approved"
    assert resp.headers["ETag"] != before
    again = admin.post(url + "/approve")
    assert again.status_code == 200 and again.headers["ETag"] == resp.headers["ETag"]  # idempotent
    # a justified optional section can be approved too
    put_section(member, eid, 2, justification="Demanda superveniente, fora do PCA.")
    assert admin.post(_url(eid, 2) + "/approve").status_code == 200
    # editing a reviewed section returns it to edited, without its review
    edited = put_section(member, eid, 1, content="Necessidade revista.")
    assert edited["status"] == "edited" and edited["review"] is None
    assert audit_actions(app, eid).count("section.review") == 2


def test_section_edit_audited_without_copying_the_text(app, make_user):
    _, api = make_user()
    eid = create_etp(api)["id"]
    put_section(api, eid, 6, content="R$ 100.000,00 conforme painel de preços.")
    from sqlalchemy import select

    from etp_app.extensions import db
    from etp_app.models import AuditLog

    with app.app_context():
        row = db.session.scalar(
            select(AuditLog).where(AuditLog.action == "section.update", AuditLog.etp_id == uuid.UUID(eid))
        )
        assert row.before["status"] == "empty" and row.after["status"] == "edited"
        assert row.after["inciso"] == "VI" and row.after["content_chars"] == 40
        db.session.remove()


def test_completion_counter_matches_python_whitespace_rule():
    from etp_app.services.etp_access import has_text
    from etp_app.services.sections import _PY_WHITESPACE

    assert not has_text(_PY_WHITESPACE)
    assert all(ch.isspace() for ch in _PY_WHITESPACE) and " " in _PY_WHITESPACE and "\u3000" in _PY_WHITESPACE


@pytest.mark.parametrize("content", ["\u2003\u3000", "\u00a0", "x"])
def test_sql_and_python_agree_on_filled(make_user, content):
    _, api = make_user()
    eid = create_etp(api)["id"]
    put_section(api, eid, 7, content=content)
    filled = api.get(f"/api/v1/etps/{eid}").get_json()["completion"]["filled"]
    assert filled == (1 if content.strip() else 0)


def test_full_approval_flow_counts(make_user):
    _, admin = make_user()
    eid = create_etp(admin)["id"]
    fill_for_approval(admin, eid)
    etp = admin.get(f"/api/v1/etps/{eid}").get_json()
    assert etp["completion"] == {"mandatory_filled": 5, "mandatory_total": 5, "filled": 5, "total": 13}


def test_oversized_bodies_are_refused_without_5xx(make_user):
    _, api = make_user()
    eid = create_etp(api)["id"]
    url = _url(eid, 5)
    h = {"If-Match": api.get(url).headers["ETag"]}
    too_long = api.put(url, json={"content": "a" * 200_001}, headers=h)
    assert too_long.status_code == 422 and "content" in too_long.get_json()["errors"]
    too_big = api.put(url, json={"content": "a" * 1_100_000}, headers=h)
    assert too_big.status_code == 413 and too_big.get_json()["code"] == 413


def test_concurrent_edits_serialize_on_the_etp_row(app, make_user):
    """Parallel PUTs: with one If-Match exactly one wins (412 for the other); edits of different
    sections all land and the denormalized completion counts every one of them."""
    from concurrent.futures import ThreadPoolExecutor

    from tests.conftest import ApiClient

    _, api = make_user()
    eid = create_etp(api)["id"]
    token = api.token

    def put(inciso, etag, text):
        client = ApiClient(app.test_client(), token)
        return client.put(_url(eid, inciso), json={"content": text}, headers={"If-Match": etag}).status_code

    etag = api.get(_url(eid, 1)).headers["ETag"]
    with ThreadPoolExecutor(max_workers=4) as pool:
        codes = sorted(pool.map(lambda i: put(1, etag, f"versão {i}"), range(4)))
    assert codes == [200, 412, 412, 412]

    etags = {i: api.get(_url(eid, i)).headers["ETag"] for i in range(2, 10)}
    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(lambda i: put(i, etags[i], f"seção {i}"), range(2, 10)))
    assert codes == [200] * 8
    completion = api.get(f"/api/v1/etps/{eid}").get_json()["completion"]
    assert completion["filled"] == 9 and completion["mandatory_filled"] == 4  # I, IV, VI, VIII
