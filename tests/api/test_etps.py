"""ETPs through the HTTP API: creation with 13 sections, exact money, validation, list and search,
If-Match on PATCH, delete, lifecycle and its audit trail."""

from __future__ import annotations

import json
import uuid

import pytest

from tests.helpers.api import (
    APPROVAL_STATEMENT,
    FULL,
    MANDATORY,
    approve,
    audit_actions,
    create_etp,
    etag_of,
    fill_for_approval,
    org_users,
    put_section,
    review_section,
)

# --------------------------------------------------------------------------------------------------
# create
# --------------------------------------------------------------------------------------------------


def test_create_returns_13_empty_sections_and_zero_completion(make_user):
    user, api = make_user()
    resp = api.post("/api/v1/etps", json={"title": "ETP mínimo", "objeto": "Serviço de limpeza"})
    assert resp.status_code == 201
    etp = resp.get_json()
    assert resp.headers["Location"].endswith(f"/api/v1/etps/{etp['id']}")
    assert resp.headers["ETag"] == etp["etag"]
    assert etp["status"] == "draft" and etp["template_type"] == "bens"
    assert etp["completion"] == {"mandatory_filled": 0, "mandatory_total": 5, "filled": 0, "total": 13}
    assert etp["created_by"] == user["id"]
    assert etp["responsavel_tecnico"] == {"nome": None, "matricula": None}
    assert etp["campos"] == {}
    sections = etp["sections"]
    assert [s["inciso"] for s in sections] == list(range(1, 14))
    assert [s["code"] for s in sections][:4] == ["I", "II", "III", "IV"]
    assert all(s["status"] == "empty" and s["content"] == "" for s in sections)
    assert [s["inciso"] for s in sections if s["mandatory"]] == list(MANDATORY)
    assert sections[0]["title"] == "Descrição da necessidade"
    # the Location answers with the same ETP
    again = api.get(resp.headers["Location"])
    assert again.status_code == 200 and again.get_json()["id"] == etp["id"]
    assert "sections" not in again.get_json()


def test_create_all_fields_round_trip_exactly(make_user):
    _, api = make_user()
    etp = create_etp(api, **{k: v for k, v in FULL.items()})
    got = api.get(f"/api/v1/etps/{etp['id']}").get_json()
    for key, value in FULL.items():
        assert got[key] == value, key
    assert got["valor_estimado"] == "1234567.89"
    assert got["quantidade_estimada"] == "120"


def test_money_is_exact_decimal_string(make_user):
    _, api = make_user()
    etp = create_etp(api, valor_estimado="0.1", valor_unitario="99999999999999.99", quantidade_estimada="2.5")
    assert etp["valor_estimado"] == "0.10"
    assert etp["valor_unitario"] == "99999999999999.99"
    assert etp["quantidade_estimada"] == "2.5"


@pytest.mark.parametrize(
    "field, value",
    [
        ("valor_estimado", "1.005"),  # more than 2 decimal places: refused, never rounded
        ("valor_estimado", 1234.5),  # a JSON float is already inexact
        ("valor_estimado", "-1.00"),
        ("valor_estimado", "1e3"),
        ("valor_estimado", "12,50"),
        ("valor_estimado", "NaN"),
        ("valor_unitario", "10000000000000000.00"),  # beyond Numeric(18, 2)
        ("quantidade_estimada", "1.00001"),
        ("uasg", "12345"),
        ("uasg", "1234567"),
        ("uasg", "12345a"),
        ("uasg", "123456\n"),
        ("template_type", "software"),
        ("nivel_risco", "altissimo"),
        ("data_elaboracao", "15/03/2026"),
        ("prazo_execucao_dias", -1),
        ("prazo_execucao_dias", "30"),
        ("responsavel_tecnico", {"nome": "X", "cpf": "1"}),
        ("title", "   "),
        ("title", "a" * 301),
        ("objeto", "com \x00 nul"),
        ("status", "approved"),
        ("desconhecido", 1),
    ],
)
def test_create_rejects_bad_fields_with_422(make_user, field, value):
    _, api = make_user()
    body = {"title": "ETP", "objeto": "Objeto"}
    body[field] = value
    resp = api.post("/api/v1/etps", json=body)
    assert resp.status_code == 422, resp.get_json()
    data = resp.get_json()
    assert data["code"] == 422 and field in data["errors"], data


def test_create_requires_title_and_objeto(make_user):
    _, api = make_user()
    resp = api.post("/api/v1/etps", json={})
    assert resp.status_code == 422
    assert set(resp.get_json()["errors"]) == {"title", "objeto"}


def test_money_must_be_sent_as_text(make_user):
    _, api = make_user()
    for value in (1500, 1500.5, True, " 1500 ", "1.500,00"):
        resp = api.post("/api/v1/etps", json={"title": "T", "objeto": "O", "valor_estimado": value})
        assert resp.status_code == 422 and "valor_estimado" in resp.get_json()["errors"]
    assert create_etp(api, valor_estimado="1500")["valor_estimado"] == "1500.00"


def test_campos_validated_against_the_template(make_user):
    _, api = make_user()
    resp = api.post(
        "/api/v1/etps",
        json={
            "title": "T",
            "objeto": "O",
            "template_type": "bens",
            "campos": {"garantia_meses": "muitos", "inexistente": 1},
        },
    )
    assert resp.status_code == 422
    errors = resp.get_json()["errors"]["campos"]
    assert set(errors) == {"garantia_meses", "inexistente"}
    ok = create_etp(api, template_type="ti", campos={})
    assert ok["template_type"] == "ti"


def test_malformed_json_400_and_wrong_content_type_415(make_user):
    _, api = make_user()
    resp = api.post("/api/v1/etps", data="{not json", headers={"Content-Type": "application/json"})
    assert resp.status_code == 400 and resp.get_json()["code"] == 400
    resp = api.post("/api/v1/etps", data="title=x", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert resp.status_code == 415
    resp = api.post("/api/v1/etps", json=["not", "an", "object"])
    assert resp.status_code == 422


def test_non_uuid_id_is_404(make_user):
    _, api = make_user()
    assert api.get("/api/v1/etps/123").status_code == 404
    assert api.get(f"/api/v1/etps/{uuid.uuid4()}").status_code == 404


def test_requires_authentication(client):
    assert client.get("/api/v1/etps").status_code == 401
    assert client.post("/api/v1/etps", json={"title": "x"}).status_code == 401


# --------------------------------------------------------------------------------------------------
# list and search
# --------------------------------------------------------------------------------------------------


def test_list_paginates_with_x_pagination(make_user):
    _, api = make_user()
    ids = [create_etp(api, title=f"ETP {i}")["id"] for i in range(5)]
    resp = api.get("/api/v1/etps", query_string={"page": 1, "page_size": 2})
    assert resp.status_code == 200
    meta = json.loads(resp.headers["X-Pagination"])
    assert meta["total"] == 5 and meta["total_pages"] == 3 and meta["page"] == 1 and meta["page_size"] == 2
    assert meta["next_page"] == 2
    first = resp.get_json()
    assert [e["id"] for e in first] == ids[::-1][:2]  # most recently updated first
    assert all("sections" not in e for e in first)
    page3 = api.get("/api/v1/etps", query_string={"page": 3, "page_size": 2})
    assert [e["id"] for e in page3.get_json()] == [ids[0]]
    assert api.get("/api/v1/etps", query_string={"page_size": 1000}).status_code == 422
    assert api.get("/api/v1/etps", query_string={"page": 0}).status_code == 422


def test_list_filters_status_template_and_created_by(make_user):
    users = org_users(make_user, "member")
    _, admin = users["org_admin"]
    _, member = users["member"]
    a = create_etp(admin, template_type="ti")
    b = create_etp(member, template_type="obras")
    resp = member.post(f"/api/v1/etps/{b['id']}/status", json={"status": "in_review"})
    assert resp.status_code == 200

    def ids(**query):
        r = member.get("/api/v1/etps", query_string=query)
        assert r.status_code == 200, r.get_json()
        return {e["id"] for e in r.get_json()}

    assert ids() == {a["id"], b["id"]}
    assert ids(status="in_review") == {b["id"]}
    assert ids(status="draft") == {a["id"]}
    assert ids(template_type="ti") == {a["id"]}
    assert ids(created_by="me") == {b["id"]}
    assert ids(created_by=users["org_admin"][0]["id"]) == {a["id"]}
    assert member.get("/api/v1/etps", query_string={"status": "xyz"}).status_code == 422
    assert member.get("/api/v1/etps", query_string={"created_by": "someone"}).status_code == 422
    assert member.get("/api/v1/etps", query_string={"created_by": "me\n"}).status_code == 422
    assert member.get("/api/v1/etps", query_string={"created_by": users["member"][0]["id"] + "\n"}).status_code == 422


def test_full_text_search_in_portuguese(make_user):
    _, api = make_user()
    pcs = create_etp(api, title="Equipamentos de informática", objeto="Aquisição de computadores para laboratório")
    create_etp(api, title="Limpeza predial", objeto="Contratação de serviços de limpeza e conservação")
    found = api.get("/api/v1/etps", query_string={"q": "computador"}).get_json()
    assert [e["id"] for e in found] == [pcs["id"]]
    found = api.get("/api/v1/etps", query_string={"q": "serviço de limpeza"}).get_json()
    assert len(found) == 1 and found[0]["title"] == "Limpeza predial"
    assert api.get("/api/v1/etps", query_string={"q": "helicóptero"}).get_json() == []
    # websearch syntax never errors, even when odd
    assert api.get("/api/v1/etps", query_string={"q": '"computador -or ('}).status_code == 200


def test_search_ranks_better_matches_first(make_user):
    _, api = make_user()
    weak = create_etp(api, title="Mobiliário", objeto="Mesas e um computador")
    strong = create_etp(api, title="Computadores", objeto="Computadores e acessórios de computador")
    api.patch(f"/api/v1/etps/{weak['id']}", json={"orgao": "X"}, headers={"If-Match": weak["etag"]})
    found = api.get("/api/v1/etps", query_string={"q": "computadores"}).get_json()
    assert [e["id"] for e in found] == [strong["id"], weak["id"]]


# --------------------------------------------------------------------------------------------------
# PATCH and If-Match
# --------------------------------------------------------------------------------------------------


def test_patch_requires_if_match_and_rejects_stale(make_user):
    _, api = make_user()
    etp = create_etp(api)
    url = f"/api/v1/etps/{etp['id']}"
    missing = api.patch(url, json={"orgao": "Órgão A"})
    assert missing.status_code == 428 and "If-Match" in missing.get_json()["message"]
    stale = api.patch(url, json={"orgao": "Órgão A"}, headers={"If-Match": '"0123-99"'})
    assert stale.status_code == 412 and stale.get_json()["code"] == 412
    assert "Recarregue" in stale.get_json()["message"]
    fresh = api.patch(url, json={"orgao": "Órgão A", "valor_estimado": "10.50"}, headers={"If-Match": etp["etag"]})
    assert fresh.status_code == 200, fresh.get_json()
    body = fresh.get_json()
    assert body["orgao"] == "Órgão A" and body["valor_estimado"] == "10.50"
    assert fresh.headers["ETag"] != etp["etag"] and fresh.headers["ETag"] == body["etag"]
    assert api.get(url).headers["ETag"] == fresh.headers["ETag"]
    # the old ETag is now stale
    again = api.patch(url, json={"orgao": "Órgão B"}, headers={"If-Match": etp["etag"]})
    assert again.status_code == 412
    assert api.get(url).get_json()["orgao"] == "Órgão A"
    # If-Match: * and a list containing the current tag are accepted
    star = api.patch(url, json={"orgao": "Órgão C"}, headers={"If-Match": "*"})
    assert star.status_code == 200
    listed = api.patch(url, json={"orgao": "Órgão D"}, headers={"If-Match": f'"x-1", {star.headers["ETag"]}'})
    assert listed.status_code == 200


def test_patch_partial_update_and_nested_responsavel(make_user):
    _, api = make_user()
    etp = create_etp(api, **FULL)
    url = f"/api/v1/etps/{etp['id']}"
    resp = api.patch(
        url, json={"responsavel_tecnico": {"nome": "João"}, "uasg": None}, headers={"If-Match": etp["etag"]}
    )
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["responsavel_tecnico"] == {"nome": "João", "matricula": "1234567"}
    assert body["uasg"] is None
    assert body["valor_estimado"] == FULL["valor_estimado"] and body["title"] == FULL["title"]


def test_patch_validation(make_user):
    _, api = make_user()
    etp = create_etp(api, campos={"garantia_meses": 12})
    url = f"/api/v1/etps/{etp['id']}"
    h = {"If-Match": etp["etag"]}
    assert api.patch(url, json={"uasg": "12345"}, headers=h).status_code == 422
    assert api.patch(url, json={"title": None}, headers=h).status_code == 422
    assert api.patch(url, json={"status": "approved"}, headers=h).status_code == 422
    assert api.patch(url, json={"id": str(uuid.uuid4())}, headers=h).status_code == 422
    # changing the type re-validates the stored campos
    resp = api.patch(url, json={"template_type": "obras"}, headers=h)
    assert resp.status_code == 422 and "garantia_meses" in resp.get_json()["errors"]["campos"]
    from etp_app.drafting.templates import get_template

    choice = get_template("obras").field("natureza_intervencao").choices[0]
    resp = api.patch(url, json={"template_type": "obras", "campos": {"natureza_intervencao": choice}}, headers=h)
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["template_type"] == "obras"
    # nothing changed after the failed attempts but the one successful PATCH
    assert api.get(url).get_json()["version"] == etp["version"] + 1


def test_patch_without_changes_keeps_the_version(app, make_user):
    _, api = make_user()
    etp = create_etp(api, orgao="Órgão")
    resp = api.patch(f"/api/v1/etps/{etp['id']}", json={"orgao": "Órgão"}, headers={"If-Match": etp["etag"]})
    assert resp.status_code == 200 and resp.headers["ETag"] == etp["etag"]
    assert audit_actions(app, etp["id"]) == ["etp.create"]


def test_approved_etp_is_read_only(make_user):
    users = org_users(make_user, "member")
    _, admin = users["org_admin"]
    etp = create_etp(admin)
    fill_for_approval(users["member"][1], etp["id"])  # a co-author: the approver is not the only author
    assert admin.post(f"/api/v1/etps/{etp['id']}/status", json={"status": "in_review"}).status_code == 200
    assert approve(admin, etp["id"]).status_code == 200
    url = f"/api/v1/etps/{etp['id']}"
    resp = admin.patch(url, json={"orgao": "X"}, headers={"If-Match": etag_of(admin, etp["id"])})
    assert resp.status_code == 409
    # reopening (back to draft) makes it editable again
    assert admin.post(f"{url}/status", json={"status": "draft"}).status_code == 200
    resp = admin.patch(url, json={"orgao": "X"}, headers={"If-Match": etag_of(admin, etp["id"])})
    assert resp.status_code == 200


# --------------------------------------------------------------------------------------------------
# DELETE
# --------------------------------------------------------------------------------------------------


def test_delete_moves_etp_to_the_trash_with_its_sections(app, make_user):
    _, api = make_user()
    etp = create_etp(api)
    resp = api.delete(f"/api/v1/etps/{etp['id']}")
    assert resp.status_code == 204 and resp.data == b""
    assert api.get(f"/api/v1/etps/{etp['id']}").status_code == 404
    assert api.get(f"/api/v1/etps/{etp['id']}/sections").status_code == 404
    assert api.delete(f"/api/v1/etps/{etp['id']}").status_code == 404
    from sqlalchemy import func, select

    from etp_app.extensions import db
    from etp_app.models import Section

    with app.app_context():  # kept in the trash (tests/api/test_trash.py), not deleted
        assert (
            db.session.scalar(select(func.count()).select_from(Section).where(Section.etp_id == uuid.UUID(etp["id"])))
            == 13
        )
        db.session.remove()
    assert audit_actions(app, etp["id"])[-1] == "etp.trash"


def test_delete_honours_if_match_when_sent(make_user):
    _, api = make_user()
    etp = create_etp(api)
    assert api.delete(f"/api/v1/etps/{etp['id']}", headers={"If-Match": '"stale-7"'}).status_code == 412
    assert api.delete(f"/api/v1/etps/{etp['id']}", headers={"If-Match": etp["etag"]}).status_code == 204


def test_approved_etp_deleted_only_by_org_admin(make_user):
    users = org_users(make_user, "member")
    _, admin = users["org_admin"]
    _, member = users["member"]
    etp = create_etp(member)
    fill_for_approval(member, etp["id"])
    assert member.post(f"/api/v1/etps/{etp['id']}/status", json={"status": "in_review"}).status_code == 200
    assert approve(admin, etp["id"]).status_code == 200
    resp = member.delete(f"/api/v1/etps/{etp['id']}")
    assert resp.status_code == 409 and "arquive em vez de excluir" in resp.get_json()["message"]
    assert admin.delete(f"/api/v1/etps/{etp['id']}").status_code == 204


# --------------------------------------------------------------------------------------------------
# lifecycle
# --------------------------------------------------------------------------------------------------


def _status(api, etp_id, status):
    body = {"status": status, **({"statement": APPROVAL_STATEMENT} if status == "approved" else {})}
    return api.post(f"/api/v1/etps/{etp_id}/status", json=body)


def test_approval_refused_with_missing_incisos_then_granted(app, make_user):
    users = org_users(make_user, "member")
    _, admin = users["org_admin"]
    _, member = users["member"]
    etp = create_etp(member)
    eid = etp["id"]
    assert _status(member, eid, "in_review").status_code == 200
    refused = _status(admin, eid, "approved")
    assert refused.status_code == 409
    errors = refused.get_json()["errors"]
    assert errors["IV"] == ["Seção obrigatória sem conteúdo."]
    assert errors["II"] == ["Preencha a seção ou justifique sua ausência."]
    assert set(errors) == {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII"}
    assert "IV" in refused.get_json()["message"]

    # fill the mandatory ones and some optional ones; justify one optional; leave the rest
    for inciso in MANDATORY:
        put_section(member, eid, inciso, content="Texto.")
    put_section(member, eid, 2, justification="A contratação não consta do PCA por ser demanda superveniente.")
    put_section(member, eid, 3, content="Requisitos.")
    refused = _status(admin, eid, "approved")
    assert refused.status_code == 409
    errors = refused.get_json()["errors"]
    missing = {code for code, messages in errors.items() if "Preencha a seção ou justifique sua ausência." in messages}
    assert missing == {"V", "VII", "IX", "X", "XI", "XII"}
    assert set(errors) - missing == {"I", "III", "IV", "VI", "VIII", "XIII"}  # written, not yet reviewed
    for inciso in (5, 7, 9, 10, 11, 12):
        put_section(member, eid, inciso, justification="Não se aplica.")
    # every written section must be reviewed by a person after its last change
    refused = _status(admin, eid, "approved")
    assert refused.status_code == 409
    assert set(refused.get_json()["errors"]) == {"I", "III", "IV", "VI", "VIII", "XIII"}
    assert all("revisão" in m[0] for m in refused.get_json()["errors"].values())
    for inciso in (*MANDATORY, 3):
        review_section(member, eid, inciso)

    # members submit for review but cannot approve (the organization's default policy)
    assert _status(member, eid, "approved").status_code == 403
    approved = _status(admin, eid, "approved")
    assert approved.status_code == 200, approved.get_json()
    assert approved.get_json()["status"] == "approved"
    assert approved.get_json()["completion"] == {"mandatory_filled": 5, "mandatory_total": 5, "filled": 6, "total": 13}
    sections = admin.get(f"/api/v1/etps/{eid}/sections").get_json()
    assert {s["status"] for s in sections} == {"approved"}
    assert "etp.status" in audit_actions(app, eid)


def test_transitions_allowed_and_refused(make_user):
    users = org_users(make_user, "member")
    _, admin = users["org_admin"]
    _, member = users["member"]
    eid = create_etp(member)["id"]
    assert _status(member, eid, "approved").status_code == 409  # draft -> approved: not a transition
    assert _status(member, eid, "draft").status_code == 409  # already draft
    assert _status(member, eid, "in_review").status_code == 200
    assert _status(member, eid, "draft").status_code == 200  # sent back
    assert _status(member, eid, "archived").status_code == 200
    assert _status(member, eid, "in_review").status_code == 409  # archived -> in_review: no
    assert _status(member, eid, "draft").status_code == 403  # reopening needs an org admin
    resp = _status(admin, eid, "draft")
    assert resp.status_code == 200 and resp.get_json()["status"] == "draft"
    assert _status(member, eid, "bogus").status_code == 422
    assert member.post(f"/api/v1/etps/{eid}/status", json={}).status_code == 422


def test_status_change_bumps_etag_and_honours_if_match(make_user):
    _, api = make_user()
    etp = create_etp(api)
    url = f"/api/v1/etps/{etp['id']}/status"
    assert api.post(url, json={"status": "in_review"}, headers={"If-Match": '"nope-1"'}).status_code == 412
    resp = api.post(url, json={"status": "in_review"}, headers={"If-Match": etp["etag"]})
    assert resp.status_code == 200 and resp.headers["ETag"] != etp["etag"]


def test_archived_and_approved_can_be_archived_and_reopened(make_user):
    users = org_users(make_user, "member")
    _, admin = users["org_admin"]
    eid = create_etp(admin)["id"]
    fill_for_approval(users["member"][1], eid)  # a co-author: the approver is not the only author
    assert _status(admin, eid, "in_review").status_code == 200
    assert _status(admin, eid, "approved").status_code == 200
    assert _status(admin, eid, "in_review").status_code == 409  # approved -> in_review: no
    assert _status(admin, eid, "archived").status_code == 200
    assert _status(admin, eid, "draft").status_code == 200


# --------------------------------------------------------------------------------------------------
# roles and audit
# --------------------------------------------------------------------------------------------------


def test_viewer_reads_but_every_write_is_403(make_user):
    users = org_users(make_user, "viewer")
    _, admin = users["org_admin"]
    _, viewer = users["viewer"]
    etp = create_etp(admin)
    eid = etp["id"]
    assert viewer.get("/api/v1/etps").status_code == 200
    assert viewer.get(f"/api/v1/etps/{eid}").status_code == 200
    assert viewer.get(f"/api/v1/etps/{eid}/sections").status_code == 200
    assert viewer.get(f"/api/v1/etps/{eid}/sections/1").status_code == 200
    etag = etp["etag"]
    s_etag = admin.get(f"/api/v1/etps/{eid}/sections/1").headers["ETag"]
    writes = [
        viewer.post("/api/v1/etps", json={"title": "T", "objeto": "O"}),
        viewer.patch(f"/api/v1/etps/{eid}", json={"orgao": "X"}, headers={"If-Match": etag}),
        viewer.delete(f"/api/v1/etps/{eid}"),
        viewer.post(f"/api/v1/etps/{eid}/status", json={"status": "in_review"}),
        viewer.put(f"/api/v1/etps/{eid}/sections/1", json={"content": "x"}, headers={"If-Match": s_etag}),
        viewer.post(f"/api/v1/etps/{eid}/sections/1/approve"),
    ]
    assert [r.status_code for r in writes] == [403] * len(writes)
    assert all(r.get_json()["code"] == 403 for r in writes)
    after = admin.get(f"/api/v1/etps/{eid}")
    assert after.headers["ETag"] == etag and after.get_json()["status"] == "draft"


def test_audit_rows_for_create_update_status_and_section(app, make_user):
    _, api = make_user()
    etp = create_etp(api)
    eid = etp["id"]
    api.patch(f"/api/v1/etps/{eid}", json={"orgao": "Novo órgão"}, headers={"If-Match": etp["etag"]})
    put_section(api, eid, 1, content="Necessidade.")
    _status(api, eid, "in_review")
    actions = audit_actions(app, eid)
    assert [a for a in actions if a != "version.create"] == ["etp.create", "etp.update", "section.update", "etp.status"]
    assert actions.count("version.create") == 3  # each of the three writes is a version (issue 10 §5)

    from sqlalchemy import select

    from etp_app.extensions import db
    from etp_app.models import AuditLog

    with app.app_context():
        row = db.session.scalar(
            select(AuditLog).where(AuditLog.action == "etp.update", AuditLog.etp_id == uuid.UUID(eid))
        )
        assert row.before == {"orgao": None} and row.after == {"orgao": "Novo órgão"}
        db.session.remove()


def test_openapi_documents_security_and_errors(client):
    spec = client.get("/api/openapi.json").get_json()
    for path, ops in spec["paths"].items():
        if not (path.startswith("/api/v1/etps") or path.startswith("/api/v1/templates")):
            continue
        for method, op in ops.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            if path.endswith(("/draft", "/check", "/accept", "/discard")):
                continue  # drafting routes live in another blueprint
            assert op.get("security") == [{"bearerAuth": []}], (method, path)
            assert "401" in op["responses"], (method, path)
    patch = spec["paths"]["/api/v1/etps/{etp_id}"]["patch"]
    assert {"404", "409", "412", "422", "428"} <= set(patch["responses"])
    money = spec["components"]["schemas"]["Etp"]["properties"]["valor_estimado"]
    assert money["type"] == "string"


def test_fast_serializers_match_marshmallow_generic_dump(app, make_user):
    """The hand-written serializers behind EtpSchema/SectionSchema.dump give exactly what
    marshmallow's field-by-field dump of the documented schema gives."""
    from sqlalchemy import select

    from etp_app.api.etps.schemas import EtpSchema, EtpWithSectionsSchema, SectionSchema
    from etp_app.extensions import db
    from etp_app.models import Etp, Section
    from etp_app.services.etps import READ_COLUMNS

    _, api = make_user()
    full = create_etp(api, **dict(FULL, quantidade_estimada="2.5000", valor_estimado="10"))
    bare = create_etp(api)
    put_section(api, full["id"], 4, content="Quantidades.")
    with app.app_context():
        for eid in (full["id"], bare["id"]):
            orm = db.session.get(Etp, uuid.UUID(eid))
            row = db.session.execute(select(*READ_COLUMNS).where(Etp.id == orm.id)).one()
            sections = list(
                db.session.scalars(select(Section).where(Section.etp_id == orm.id).order_by(Section.inciso))
            )
            sections[1].ai_generated = True  # exercise the AI notice (not flushed)
            for obj in (orm, row):
                assert EtpSchema().dump(obj) == EtpSchema().generic_dump(obj)
            assert EtpSchema(many=True).dump([row, orm]) == EtpSchema(many=True).generic_dump([row, orm])
            assert SectionSchema(many=True).dump(sections) == SectionSchema(many=True).generic_dump(sections)
            pair = (orm, sections)
            assert EtpWithSectionsSchema().dump(pair) == EtpWithSectionsSchema().generic_dump(pair)
        db.session.rollback()
        db.session.remove()
    assert full["quantidade_estimada"] == "2.5" and full["valor_estimado"] == "10.00"


def _statements_during(app, call) -> list[str]:
    from sqlalchemy import event

    from etp_app.extensions import db

    seen: list[str] = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", listener)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return [s for s in seen if s.lstrip().upper().startswith(("SELECT", "UPDATE", "INSERT", "DELETE"))]


def test_reads_are_one_select_each_no_n_plus_one(app, make_user):
    _, api = make_user()
    ids = [create_etp(api, title=f"ETP {i}")["id"] for i in range(22)]
    one = _statements_during(app, lambda: api.get(f"/api/v1/etps/{ids[0]}"))
    assert len(one) == 1 and "sections" not in one[0] and "search" not in one[0].split("FROM")[0]
    page = _statements_during(app, lambda: api.get("/api/v1/etps", query_string={"page_size": 20}))
    assert len(page) == 2  # the page and the count; sections never loaded
    assert all("sections" not in s for s in page)
    small = _statements_during(app, lambda: api.get("/api/v1/etps", query_string={"page_size": 50}))
    assert len(small) == 1  # everything fits in the first page: no count query
    sections = _statements_during(app, lambda: api.get(f"/api/v1/etps/{ids[0]}/sections"))
    assert len(sections) == 1
