"""ETP versions through the HTTP API: save points and automatic snapshots (before a draft, on status
changes and approval, before a restore), list / get / diff shapes, restore (exact round trip, sections
keep their identities, one transaction, If-Match required), roles and tenant isolation. The versions
of a person's saves (coalesced) are in test_version_history.py."""

from __future__ import annotations

import json
import random
import uuid

import pytest

from etp_app.services.versions import unified_word_diff, word_diff
from tests.helpers.api import (
    APPROVAL_STATEMENT,
    FULL,
    audit_actions,
    create_etp,
    etag_of,
    fill_for_approval,
    org_users,
    put_section,
)

# Per-representation fields that legitimately change on every write (the edit counters).
VOLATILE_ETP = {"version", "etag", "updated_at"}
VOLATILE_SECTION = {"version", "etag", "updated_at", "updated_by"}


def versions_url(etp_id, suffix="") -> str:
    return f"/api/v1/etps/{etp_id}/versions{suffix}"


def save(api, etp_id, label="Ponto de salvamento") -> dict:
    resp = api.post(versions_url(etp_id), json={"label": label})
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def list_versions(api, etp_id, **query) -> list[dict]:
    resp = api.get(versions_url(etp_id), query_string=query)
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def full_state(api, etp_id) -> tuple[dict, list[dict]]:
    etp = api.get(f"/api/v1/etps/{etp_id}")
    sections = api.get(f"/api/v1/etps/{etp_id}/sections")
    assert etp.status_code == 200 and sections.status_code == 200
    return etp.get_json(), sections.get_json()


def section_ids(app, etp_id) -> dict[int, str]:
    from sqlalchemy import select

    from etp_app.extensions import db
    from etp_app.models import Section

    with app.app_context():
        rows = db.session.execute(select(Section.inciso, Section.id).where(Section.etp_id == uuid.UUID(etp_id))).all()
        db.session.remove()
    return {inciso: str(sid) for inciso, sid in rows}


def patch(api, etp_id, **fields) -> dict:
    resp = api.patch(f"/api/v1/etps/{etp_id}", json=fields, headers={"If-Match": etag_of(api, etp_id)})
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def status(api, etp_id, new_status) -> None:
    body = {"status": new_status, **({"statement": APPROVAL_STATEMENT} if new_status == "approved" else {})}
    resp = api.post(f"/api/v1/etps/{etp_id}/status", json=body)
    assert resp.status_code == 200, resp.get_json()


def restore(api, etp_id, number, headers=None):
    """POST …/restore with the ETP's current ETag in If-Match (required, like every other write)."""
    headers = headers if headers is not None else {"If-Match": etag_of(api, etp_id)}
    return api.post(versions_url(etp_id, f"/{number}/restore"), headers=headers)


@pytest.fixture
def team(make_user):
    return org_users(make_user, "member", "viewer")


# --------------------------------------------------------------------------------------------------
# save points and snapshots
# --------------------------------------------------------------------------------------------------


def test_save_point_snapshots_every_field_and_all_13_sections(make_user):
    user, api = make_user()
    etp = create_etp(api, **FULL)
    put_section(api, etp["id"], 1, content="Necessidade: equipamentos obsoletos.")
    put_section(api, etp["id"], 2, justification="Fora do PCA deste exercício.")

    resp = api.post(versions_url(etp["id"]), json={"label": "Antes da revisão jurídica"})
    assert resp.status_code == 201
    created = resp.get_json()
    assert set(created) == {
        "number",
        "label",
        "reason",
        "scope",
        "created_at",
        "updated_at",
        "created_by",
        "created_by_name",
    }
    assert created["number"] == 3 and created["reason"] == "manual"  # the two edits made versions 1 and 2
    assert created["scope"] is None and created["updated_at"] == created["created_at"]
    assert created["label"] == "Antes da revisão jurídica" and created["created_by"] == user["id"]
    assert resp.headers["Location"].endswith(versions_url(etp["id"], "/3"))

    one = api.get(versions_url(etp["id"], "/3"))
    assert one.status_code == 200
    body = one.get_json()
    assert {k: body[k] for k in created} == created
    snap = body["snapshot"]["etp"]
    for field in (
        "title",
        "objeto",
        "numero_processo",
        "orgao",
        "uasg",
        "unidade_requisitante",
        "data_elaboracao",
        "template_type",
        "unidade_medida",
        "prazo_execucao_dias",
        "nivel_risco",
        "dotacao_orcamentaria",
        "descricao_necessidade",
        "requisitos",
        "riscos",
        "campos",
    ):
        assert snap[field] == FULL[field], field
    # money and quantities as exact decimal strings, never floats
    assert snap["valor_estimado"] == "1234567.89" and snap["valor_unitario"] == "10288.07"
    assert snap["quantidade_estimada"] == "120.0000"
    assert snap["responsavel_nome"] == "Maria Souza" and snap["responsavel_matricula"] == "1234567"
    assert snap["status"] == "draft" and snap["id"] == etp["id"]
    sections = body["snapshot"]["sections"]
    assert [s["inciso"] for s in sections] == list(range(1, 14))
    assert set(sections[0]) >= {"inciso", "content", "justification", "status", "suggestion", "ai_generated"}
    assert sections[0]["content"] == "Necessidade: equipamentos obsoletos." and sections[0]["status"] == "edited"
    assert sections[1]["justification"] == "Fora do PCA deste exercício." and sections[1]["content"] == ""
    assert sections[2] == {
        "inciso": 3,
        "content": "",
        "justification": None,
        "status": "empty",
        "suggestion": None,
        "ai_generated": False,
        "quality": None,
        "provenance": None,
        "drafting_notes": None,
        "suggestion_provenance": None,
        "suggestion_notes": None,
    }


def test_save_point_validates_the_label(make_user):
    _, api = make_user()
    eid = create_etp(api)["id"]
    for body in ({}, {"label": ""}, {"label": "   "}, {"label": "x" * 201}, {"label": "ok", "extra": 1}):
        resp = api.post(versions_url(eid), json=body)
        assert resp.status_code == 422, body
        assert resp.get_json()["code"] == 422
    assert list_versions(api, eid) == []


def test_numbers_per_etp_and_list_newest_first_paginated_without_snapshots(make_user):
    _, api = make_user()
    a = create_etp(api)["id"]
    b = create_etp(api)["id"]
    for label in ("um", "dois", "três"):
        save(api, a, label)
    assert save(api, b, "outro ETP")["number"] == 1  # numbering is per ETP

    resp = api.get(versions_url(a), query_string={"page_size": 2})
    assert resp.status_code == 200
    page = resp.get_json()
    assert [v["number"] for v in page] == [3, 2]
    assert [v["label"] for v in page] == ["três", "dois"]
    assert all("snapshot" not in v for v in page)
    meta = json.loads(resp.headers["X-Pagination"])
    assert meta["total"] == 3 and meta["total_pages"] == 2 and meta["page_size"] == 2
    assert [v["number"] for v in list_versions(api, a, page=2, page_size=2)] == [1]
    assert list_versions(api, a, page=3, page_size=2) == []
    assert list_versions(api, a, page=100_000) == []  # far past the end: empty, never a database error
    assert api.get(versions_url(a), query_string={"page": 10**24}).status_code == 422


def test_whole_etp_draft_takes_a_before_draft_snapshot_at_once(app, make_user):
    _, api = make_user()
    eid = create_etp(api)["id"]
    put_section(api, eid, 1, content="Texto escrito pela servidora.")
    resp = api.post(f"/api/v1/etps/{eid}/draft", json={})
    assert resp.status_code == 202, resp.get_json()
    versions = list_versions(api, eid)
    assert [(v["number"], v["reason"]) for v in versions] == [(2, "before_draft"), (1, "edit")]
    assert versions[0]["scope"] is None and versions[0]["label"] == "Antes da redação do ETP por IA"
    snap = api.get(versions_url(eid, "/2")).get_json()["snapshot"]
    # the state the draft starts from: no section is marked "drafting" yet
    assert [s["status"] for s in snap["sections"]] == ["edited"] + ["empty"] * 12
    assert snap["sections"][0]["content"] == "Texto escrito pela servidora."
    assert "version.create" in audit_actions(app, eid)


def test_section_draft_takes_a_before_draft_snapshot_of_its_section(make_user):
    _, api = make_user()
    eid = create_etp(api)["id"]
    assert api.post(f"/api/v1/etps/{eid}/sections/1/draft", json={}).status_code == 202
    (version,) = list_versions(api, eid)
    assert (version["number"], version["reason"], version["scope"]) == (1, "before_draft", "I")
    assert version["label"] == "Antes da redação da seção I por IA"


def test_refused_whole_etp_draft_leaves_no_snapshot(make_user):
    _, api = make_user()
    eid = create_etp(api)["id"]
    for inciso in range(1, 14):
        put_section(api, eid, inciso, content=f"Seção {inciso}.")
    before = list_versions(api, eid, page_size=100)
    assert {v["reason"] for v in before} == {"edit"}
    assert api.post(f"/api/v1/etps/{eid}/draft", json={}).status_code == 409  # nothing left to draft
    assert list_versions(api, eid, page_size=100) == before


def test_approval_takes_a_snapshot_of_the_approved_etp(team):
    _, admin = team["org_admin"]
    eid = create_etp(admin)["id"]
    fill_for_approval(team["member"][1], eid)  # a co-author: the approver is not the only author
    status(admin, eid, "in_review")
    newest = list_versions(admin, eid)[0]
    assert (newest["reason"], newest["label"]) == ("status", "Status: em revisão")  # every transition
    status(admin, eid, "approved")
    versions = list_versions(admin, eid)
    assert [(v["number"], v["reason"]) for v in versions[:2]] == [
        (newest["number"] + 1, "approval"),
        (newest["number"], "status"),
    ]
    snap = admin.get(versions_url(eid, f"/{newest['number'] + 1}")).get_json()["snapshot"]
    assert snap["etp"]["status"] == "approved"
    assert {s["status"] for s in snap["sections"]} == {"approved"}


def test_refused_approval_leaves_no_snapshot(team):
    _, admin = team["org_admin"]
    eid = create_etp(team["member"][1])["id"]  # not the approver's alone: refused for its content (409)
    status(admin, eid, "in_review")
    refused = admin.post(f"/api/v1/etps/{eid}/status", json={"status": "approved", "statement": APPROVAL_STATEMENT})
    assert refused.status_code == 409
    assert [v["reason"] for v in list_versions(admin, eid)] == ["status"]  # the move to in_review only


# --------------------------------------------------------------------------------------------------
# diff
# --------------------------------------------------------------------------------------------------


def _apply(ops, side: str) -> str:
    keep = {"before": ("equal", "delete"), "after": ("equal", "insert")}[side]
    return "".join(op["text"] for op in ops if op["op"] in keep)


def test_diff_lists_changed_fields_and_word_level_section_changes(make_user):
    _, api = make_user()
    eid = create_etp(api, valor_estimado="1000.00", orgao="Órgão A")["id"]
    put_section(api, eid, 1, content="A secretaria precisa de computadores novos para as unidades de saúde.")
    put_section(api, eid, 3, content="Texto que permanece igual.")
    v1 = save(api, eid, "v1")["number"]
    patch(api, eid, title="Aquisição de notebooks modernos", valor_estimado="2500.50")
    put_section(api, eid, 1, content="A secretaria precisa de notebooks novos para as unidades básicas de saúde.")
    put_section(api, eid, 2, justification="Não consta do PCA.")
    v2 = save(api, eid, "v2")["number"]

    resp = api.get(versions_url(eid, f"/{v1}/diff/{v2}"))
    assert resp.status_code == 200
    diff = resp.get_json()
    assert diff["a"] == v1 and diff["b"] == v2
    assert diff["fields_summary"] == "2 campos alterados"
    assert diff["fields"] == {
        "title": {"before": "Aquisição de notebooks", "after": "Aquisição de notebooks modernos", "label": "Título"},
        "valor_estimado": {"before": "1000.00", "after": "2500.50", "label": "Valor total estimado"},
    }
    assert [s["inciso"] for s in diff["sections"]] == [1, 2]  # section III did not change
    s1, s2 = diff["sections"]
    assert s1["code"] == "I" and s1["justification"] is None and s1["status"] is None
    assert s1["summary"] == "+2 / −1 palavras" and s2["summary"] == "justificativa alterada"
    ops = s1["content"]["ops"]
    assert {op["op"] for op in ops} == {"equal", "delete", "insert"}
    assert _apply(ops, "before") == "A secretaria precisa de computadores novos para as unidades de saúde."
    assert _apply(ops, "after") == "A secretaria precisa de notebooks novos para as unidades básicas de saúde."
    assert [op["text"].strip() for op in ops if op["op"] != "equal"] == ["computadores", "notebooks", "básicas"]
    unified = s1["content"]["unified"]
    assert unified.startswith(f"--- versão {v1}\n+++ versão {v2}\n")
    assert "[-computadores -]{+notebooks +}" in unified and "{+básicas +}" in unified
    assert s2["content"] is None
    assert s2["justification"] == {"before": None, "after": "Não consta do PCA."}

    # the reverse diff swaps before and after
    back = api.get(versions_url(eid, f"/{v2}/diff/{v1}")).get_json()
    assert back["fields"]["title"] == {
        "before": "Aquisição de notebooks modernos",
        "after": "Aquisição de notebooks",
        "label": "Título",
    }


def test_diff_against_the_current_state(make_user):
    _, api = make_user()
    eid = create_etp(api)["id"]
    save(api, eid, "v1")
    assert api.get(versions_url(eid, "/1/diff/current")).get_json() == {
        "a": 1,
        "b": "current",
        "fields": {},
        "fields_summary": "nenhum campo alterado",
        "sections": [],
    }
    put_section(api, eid, 13, content="Conclusão: a contratação é viável.")
    diff = api.get(versions_url(eid, "/1/diff/current")).get_json()
    assert diff["b"] == "current" and diff["fields"] == {}
    (s13,) = diff["sections"]
    assert s13["inciso"] == 13 and s13["status"] == {"before": "empty", "after": "edited"}
    assert s13["content"]["ops"] == [{"op": "insert", "text": "Conclusão: a contratação é viável."}]
    assert "+++ atual" in s13["content"]["unified"]


def test_diff_of_missing_versions_is_404(make_user):
    _, api = make_user()
    eid = create_etp(api)["id"]
    save(api, eid)
    for suffix in ("/1/diff/2", "/2/diff/1", "/0/diff/1", "/99999999999/diff/1", "/2/diff/current"):
        resp = api.get(versions_url(eid, suffix))
        assert resp.status_code == 404, suffix
        assert resp.get_json()["code"] == 404


def test_word_diff_reconstructs_both_texts():
    rng = random.Random(14133)
    vocabulary = ["contratação", "de", "serviços", "bens", "R$", "1.234,56", "\n", "  ", "art.", "18", "§1º", "—"]
    for _ in range(200):
        a = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 40)))
        b = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 40)))
        ops = word_diff(a, b)
        assert _apply(ops, "before") == a and _apply(ops, "after") == b
        assert all(op["text"] for op in ops)
        assert all(x["op"] != y["op"] for x, y in zip(ops, ops[1:], strict=False))  # adjacent ops merged
    assert word_diff("igual", "igual") == [{"op": "equal", "text": "igual"}]
    long_equal = " ".join(f"p{i}" for i in range(50))
    text = unified_word_diff(word_diff(long_equal + " fim", long_equal + " final"), from_label="a", to_label="b")
    assert "…" in text and "p0 " not in text and "[-fim-]{+final+}" in text


# --------------------------------------------------------------------------------------------------
# restore
# --------------------------------------------------------------------------------------------------


def _strip(etp: dict, sections: list[dict]) -> tuple[dict, list[dict]]:
    return (
        {k: v for k, v in etp.items() if k not in VOLATILE_ETP},
        [{k: v for k, v in s.items() if k not in VOLATILE_SECTION} for s in sections],
    )


def test_restore_round_trip_returns_exactly_the_earlier_state(app, make_user):
    _, api = make_user()
    eid = create_etp(api, **FULL)["id"]
    put_section(api, eid, 1, content="Necessidade original.\n\n- item um\n- item dois")
    put_section(api, eid, 2, justification="Fora do PCA.")
    put_section(api, eid, 13, content="Conclusão original.")
    earlier_etp, earlier_sections = full_state(api, eid)
    ids = section_ids(app, eid)
    v1 = save(api, eid, "estado bom")["number"]

    # change everything a person can change
    patch(
        api,
        eid,
        title="Outro título",
        objeto="Outro objeto",
        numero_processo=None,
        orgao="Outro órgão",
        uasg="123456",
        unidade_requisitante=None,
        responsavel_tecnico={"nome": "João", "matricula": None},
        data_elaboracao="2027-01-02",
        quantidade_estimada="7.5",
        unidade_medida="caixa",
        valor_estimado="99.99",
        valor_unitario=None,
        prazo_execucao_dias=5,
        nivel_risco="alto",
        dotacao_orcamentaria=None,
        descricao_necessidade="Outra",
        requisitos=None,
        riscos="Outros riscos",
        campos={"garantia_meses": 12},
    )
    put_section(api, eid, 1, content="")
    put_section(api, eid, 2, justification="")
    put_section(api, eid, 4, content="Conteúdo novo do inciso IV.")
    put_section(api, eid, 13, content="Conclusão reescrita.")
    changed_etp, changed_sections = full_state(api, eid)
    assert _strip(changed_etp, changed_sections) != _strip(earlier_etp, earlier_sections)

    resp = restore(api, eid, v1)
    assert resp.status_code == 200, resp.get_json()
    restored = resp.get_json()
    assert resp.headers["ETag"] == restored["etag"] != changed_etp["etag"]
    now_etp, now_sections = full_state(api, eid)
    assert {k: v for k, v in restored.items() if k not in VOLATILE_ETP} == {
        k: v for k, v in now_etp.items() if k not in VOLATILE_ETP
    }
    a, b = _strip(now_etp, now_sections), _strip(earlier_etp, earlier_sections)
    for field in earlier_etp:
        if field not in VOLATILE_ETP:
            assert a[0][field] == b[0][field], field
    for got, want in zip(a[1], b[1], strict=False):
        for field in want:
            assert got[field] == want[field], (got["inciso"], field)
    assert now_etp["version"] > changed_etp["version"]  # the ETag moved on: stale If-Match writes get 412
    assert section_ids(app, eid) == ids  # sections kept their identities

    # the state the restore replaced was saved first, so the restore can be undone
    versions = list_versions(api, eid)
    saved = versions[0]
    assert saved["reason"] == "before_restore" and saved["number"] > v1
    assert saved["label"] == f"Antes de restaurar a versão {v1}"
    undo = restore(api, eid, saved["number"])
    assert undo.status_code == 200
    assert _strip(*full_state(api, eid)) == _strip(changed_etp, changed_sections)
    assert audit_actions(app, eid).count("version.restore") == 2


def test_restore_brings_back_ai_flags_and_suggestions(app, make_user):
    """Fields no API write sets directly (ai_generated, suggestion, quality) come back too."""
    from sqlalchemy import select

    from etp_app.extensions import db
    from etp_app.models import Section
    from etp_app.services.sections import recompute_completion

    _, api = make_user()
    eid = create_etp(api)["id"]
    with app.app_context():  # the state a worker's draft leaves (AI text, a pending suggestion, a report)
        s = db.session.scalar(select(Section).where(Section.etp_id == uuid.UUID(eid), Section.inciso == 5))
        s.content, s.status, s.ai_generated = "Rascunho de IA.", "drafted", True
        s.suggestion, s.quality = "Outra sugestão.", {"score": 80}
        recompute_completion(s.etp_id)
        db.session.commit()
        db.session.remove()
    before = _strip(*full_state(api, eid))
    number = save(api, eid, "com IA")["number"]
    put_section(api, eid, 5, content="Texto de uma pessoa.")
    assert restore(api, eid, number).status_code == 200
    after = _strip(*full_state(api, eid))
    assert after == before
    s5 = after[1][4]
    assert (s5["ai_generated"], s5["status"], s5["suggestion"], s5["quality"]) == (
        True,
        "drafted",
        "Outra sugestão.",
        {"score": 80},
    )


@pytest.mark.parametrize("final_status", ["approved", "archived"])
def test_restore_refused_on_approved_or_archived_etp(app, team, final_status):
    _, admin = team["org_admin"]
    eid = create_etp(admin)["id"]
    save(admin, eid, "rascunho")
    fill_for_approval(team["member"][1], eid)  # a co-author: the approver is not the only author
    status(admin, eid, "in_review")
    status(admin, eid, "approved")
    if final_status == "archived":
        status(admin, eid, "archived")
    before = full_state(admin, eid)
    count = len(list_versions(admin, eid))
    resp = restore(admin, eid, 1)
    assert resp.status_code == 409
    body = resp.get_json()
    assert body["code"] == 409 and "reabri" in body["message"]
    assert full_state(admin, eid) == before
    assert len(list_versions(admin, eid)) == count  # no before_restore snapshot was kept
    # reopened, the same restore works
    status(admin, eid, "draft")
    assert restore(admin, eid, 1).status_code == 200


def test_restore_refused_while_a_whole_etp_draft_runs(make_user):
    _, api = make_user()
    eid = create_etp(api)["id"]
    save(api, eid, "v1")
    assert api.post(f"/api/v1/etps/{eid}/draft", json={}).status_code == 202  # no worker: stays queued
    resp = restore(api, eid, 1)
    assert resp.status_code == 409 and "andamento" in resp.get_json()["message"]


def test_restore_requires_if_match_and_a_version_that_exists(make_user):
    _, api = make_user()
    eid = create_etp(api)["id"]
    save(api, eid)
    stale = etag_of(api, eid)
    patch(api, eid, title="Novo título")
    assert api.post(versions_url(eid, "/1/restore")).status_code == 428  # like every other write
    assert restore(api, eid, 1, headers={"If-Match": stale}).status_code == 412
    assert api.get(f"/api/v1/etps/{eid}").get_json()["title"] == "Novo título"
    assert restore(api, eid, 7).status_code == 404
    assert restore(api, eid, 99999999999).status_code == 404
    assert restore(api, eid, 1).status_code == 200
    assert api.get(f"/api/v1/etps/{eid}").get_json()["title"] == "Aquisição de notebooks"


def test_the_trash_keeps_the_versions_and_purging_deletes_them(app, make_user):
    from sqlalchemy import func, select

    from etp_app.extensions import db
    from etp_app.models import EtpVersion

    def count() -> int:
        with app.app_context():
            n = db.session.scalar(
                select(func.count()).select_from(EtpVersion).where(EtpVersion.etp_id == uuid.UUID(eid))
            )
            db.session.remove()
        return int(n or 0)

    _, api = make_user()  # the organization's first user: its org admin
    eid = create_etp(api)["id"]
    save(api, eid)
    save(api, eid)
    kept = count()
    assert kept >= 2
    assert api.delete(f"/api/v1/etps/{eid}").status_code == 204
    assert api.get(versions_url(eid)).status_code == 404
    assert count() == kept  # in the trash: restorable with its versions
    assert api.delete(f"/api/v1/trash/{eid}").status_code == 204
    assert count() == 0


# --------------------------------------------------------------------------------------------------
# roles, audit and tenants
# --------------------------------------------------------------------------------------------------


def test_viewer_reads_versions_but_cannot_save_or_restore(team):
    _, admin = team["org_admin"]
    _, member = team["member"]
    _, viewer = team["viewer"]
    eid = create_etp(admin)["id"]
    save(member, eid, "do membro")
    assert [v["label"] for v in list_versions(viewer, eid)] == ["do membro"]
    assert viewer.get(versions_url(eid, "/1")).status_code == 200
    assert viewer.get(versions_url(eid, "/1/diff/current")).status_code == 200
    for resp in (
        viewer.post(versions_url(eid), json={"label": "x"}),
        viewer.post(versions_url(eid, "/1/restore")),
        restore(viewer, eid, 1),
        viewer.post(versions_url(eid), json={}),
    ):  # 403 comes before validation and before the If-Match precondition
        assert resp.status_code == 403
    assert len(list_versions(admin, eid)) == 1
    assert restore(member, eid, 1).status_code == 200


def test_version_routes_require_authentication(client, make_user):
    _, api = make_user()
    eid = create_etp(api)["id"]
    save(api, eid)
    for method, suffix in (
        ("get", ""),
        ("post", ""),
        ("get", "/1"),
        ("get", "/1/diff/1"),
        ("get", "/1/diff/current"),
        ("post", "/1/restore"),
    ):
        resp = getattr(client, method)(versions_url(eid, suffix), json={} if method == "post" else None)
        assert resp.status_code == 401, (method, suffix)


def test_save_and_restore_are_audited_with_actor_and_numbers(app, make_user):
    from sqlalchemy import select

    from etp_app.extensions import db
    from etp_app.models import AuditLog

    user, api = make_user()
    eid = create_etp(api)["id"]
    save(api, eid, "marco")
    patch(api, eid, title="Mudou")
    assert restore(api, eid, 1).status_code == 200
    with app.app_context():
        rows = db.session.scalars(
            select(AuditLog).where(AuditLog.etp_id == uuid.UUID(eid), AuditLog.action.like("version.%"))
        ).all()
        by_action = {}
        for row in rows:
            by_action.setdefault(row.action, []).append(row)
        assert sorted((r.after["number"], r.after["reason"]) for r in by_action["version.create"]) == [
            (1, "manual"),
            (2, "edit"),  # the PATCH of the title
            (3, "before_restore"),
        ]
        (restored,) = by_action["version.restore"]
        assert str(restored.actor_id) == user["id"] and restored.after["restored"] == 1
        assert restored.before["fields"] == {"title": "Mudou"}
        assert restored.after["fields"] == {"title": "Aquisição de notebooks"}
        db.session.remove()


def test_every_version_route_answers_404_to_another_organization(app, make_user):
    _, owner = make_user()
    eid = create_etp(owner)["id"]
    save(owner, eid, "v1")
    patch(owner, eid, title="Depois")
    save(owner, eid, "v2")
    owner_etag = etag_of(owner, eid)
    _, intruder = make_user()  # admin of another organization
    before = (full_state(owner, eid), list_versions(owner, eid), audit_actions(app, eid))
    calls = {
        "list": intruder.get(versions_url(eid)),
        "create": intruder.post(versions_url(eid), json={"label": "invasor"}),
        "get": intruder.get(versions_url(eid, "/1")),
        "diff": intruder.get(versions_url(eid, "/1/diff/2")),
        "diff current": intruder.get(versions_url(eid, "/1/diff/current")),
        "restore": intruder.post(versions_url(eid, "/1/restore"), headers={"If-Match": owner_etag}),
        "restore If-Match *": intruder.post(versions_url(eid, "/1/restore"), headers={"If-Match": "*"}),
    }
    assert {name: r.status_code for name, r in calls.items()} == {name: 404 for name in calls}
    # without If-Match, the precondition answers first: the same 428 as for an id that does not exist
    no_header = intruder.post(versions_url(eid, "/1/restore"))
    assert no_header.status_code == 428
    assert no_header.get_json() == intruder.post(versions_url(uuid.uuid4(), "/1/restore")).get_json()
    assert all(r.get_json()["code"] == 404 and "snapshot" not in r.get_json() for r in calls.values())
    # answered exactly like an id that does not exist
    missing = intruder.get(versions_url(uuid.uuid4(), "/1"))
    assert missing.get_json() == calls["get"].get_json()
    assert (full_state(owner, eid), list_versions(owner, eid), audit_actions(app, eid)) == before
