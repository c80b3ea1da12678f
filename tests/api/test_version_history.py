"""Versions of human work (issue 10 §5), through the HTTP API on real PostgreSQL: a person's saves
coalesced into one version per session of typing (per author and section, or per author for the
facts), single-section drafts, accepted suggestions, acknowledged findings and status changes make
versions; restore requires If-Match and never brings review or approval marks back; the diff
summarises each change in words."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from etp_app.extensions import db
from etp_app.models import EtpVersion, Section
from tests.helpers.api import audit_actions, create_etp, etag_of, new_domain, put_section


def versions_url(etp_id, suffix="") -> str:
    return f"/api/v1/etps/{etp_id}/versions{suffix}"


def history(api, etp_id) -> list[dict]:
    resp = api.get(versions_url(etp_id), query_string={"page_size": 100})
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def snapshot(api, etp_id, number) -> dict:
    resp = api.get(versions_url(etp_id, f"/{number}"))
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()["snapshot"]


def patch(api, etp_id, **fields) -> dict:
    resp = api.patch(f"/api/v1/etps/{etp_id}", json=fields, headers={"If-Match": etag_of(api, etp_id)})
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def save(api, etp_id, label="marco") -> dict:
    resp = api.post(versions_url(etp_id), json={"label": label})
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def restore(api, etp_id, number, **kwargs):
    headers = kwargs.pop("headers", {"If-Match": etag_of(api, etp_id)})
    return api.post(versions_url(etp_id, f"/{number}/restore"), headers=headers, **kwargs)


def age_versions(app, etp_id, seconds: int) -> None:
    """Move the ETP's versions ``seconds`` into the past, as if that time had passed since each save."""
    with app.app_context():
        db.session.execute(
            update(EtpVersion)
            .where(EtpVersion.etp_id == uuid.UUID(etp_id))
            .values(
                updated_at=EtpVersion.updated_at - timedelta(seconds=seconds),
                created_at=EtpVersion.created_at - timedelta(seconds=seconds),
            )
        )
        db.session.commit()
        db.session.remove()


def set_section(app, etp_id, inciso, **values) -> None:
    """Put a section in a state no single API call makes (a worker's draft, a review) directly."""
    from etp_app.services.sections import recompute_completion

    with app.app_context():
        section = db.session.scalar(
            select(Section).where(Section.etp_id == uuid.UUID(etp_id), Section.inciso == inciso)
        )
        for name, value in values.items():
            setattr(section, name, value)
        section.version += 1
        recompute_completion(section.etp_id)
        db.session.commit()
        db.session.remove()


@pytest.fixture
def pair(make_user):
    """Two people of one organization, with names: Maria (org admin) and João (member)."""
    domain = new_domain()
    maria = make_user(f"maria@{domain}", name="Maria Souza")
    joao = make_user(f"joao@{domain}", name="João Lima")
    return maria, joao


# --------------------------------------------------------------------------------------------------
# a person's saves, coalesced
# --------------------------------------------------------------------------------------------------


def test_a_session_of_typing_in_one_section_is_one_version(app, pair):
    (maria, api), _ = pair
    eid = create_etp(api)["id"]
    put_section(api, eid, 4, content="Quantidade: 12 postos.")
    (first,) = history(api, eid)
    assert first["reason"] == "edit" and first["scope"] == "IV" and first["number"] == 1
    assert first["label"] == "Edição da seção IV por Maria Souza" and first["created_by"] == maria["id"]
    put_section(api, eid, 4, content="Quantidade: 12 postos de trabalho.")
    put_section(api, eid, 4, content="Quantidade: 12 postos de trabalho, 44 horas semanais.")
    (only,) = history(api, eid)  # the same version, updated in place
    assert only["number"] == 1 and only["created_at"] == first["created_at"]
    assert datetime.fromisoformat(only["updated_at"]) > datetime.fromisoformat(first["updated_at"])
    snap = snapshot(api, eid, 1)
    assert snap["sections"][3]["content"] == "Quantidade: 12 postos de trabalho, 44 horas semanais."
    assert snap["etp"]["completion"]["filled"] == 1
    assert audit_actions(app, eid).count("version.create") == 1  # one version, one creation
    assert audit_actions(app, eid).count("section.update") == 3  # every save audited


def test_a_save_after_the_coalescing_window_starts_a_new_version(app, pair):
    (_, api), _ = pair
    eid = create_etp(api)["id"]
    put_section(api, eid, 4, content="Primeira sessão.")
    age_versions(app, eid, app.config["VERSION_COALESCE_SECONDS"] + 1)
    put_section(api, eid, 4, content="Segunda sessão, minutos depois.")
    versions = history(api, eid)
    assert [(v["number"], v["reason"], v["scope"]) for v in versions] == [(2, "edit", "IV"), (1, "edit", "IV")]
    assert snapshot(api, eid, 1)["sections"][3]["content"] == "Primeira sessão."
    assert snapshot(api, eid, 2)["sections"][3]["content"] == "Segunda sessão, minutos depois."


def test_the_coalescing_window_is_a_setting(app, pair, monkeypatch):
    (_, api), _ = pair
    monkeypatch.setitem(app.config, "VERSION_COALESCE_SECONDS", 0)  # 0: every save is a version
    eid = create_etp(api)["id"]
    put_section(api, eid, 1, content="Um.")
    put_section(api, eid, 1, content="Dois.")
    assert [v["number"] for v in history(api, eid)] == [2, 1]


def test_only_the_newest_version_coalesces(pair):
    (_, api), _ = pair
    eid = create_etp(api)["id"]
    put_section(api, eid, 1, content="Necessidade.")
    put_section(api, eid, 4, content="Quantidade.")
    put_section(api, eid, 1, content="Necessidade, revista.")  # back to I: IV's version is newer
    versions = history(api, eid)
    assert [(v["number"], v["scope"]) for v in versions] == [(3, "I"), (2, "IV"), (1, "I")]
    # a version never holds a state later than the next one's
    assert snapshot(api, eid, 1)["sections"][0]["content"] == "Necessidade."
    assert snapshot(api, eid, 2)["sections"][0]["content"] == "Necessidade."
    assert snapshot(api, eid, 3)["sections"][0]["content"] == "Necessidade, revista."


def test_a_save_point_or_another_author_closes_the_session(pair):
    (_, maria), (_, joao) = pair
    eid = create_etp(maria)["id"]
    put_section(maria, eid, 4, content="Texto da Maria.")
    save(maria, eid, "revisão jurídica")
    put_section(maria, eid, 4, content="Texto da Maria, depois do marco.")
    put_section(joao, eid, 4, content="Texto do João.")
    put_section(joao, eid, 4, content="Texto do João, corrigido.")
    versions = history(maria, eid)
    assert [(v["number"], v["reason"]) for v in versions] == [(4, "edit"), (3, "edit"), (2, "manual"), (1, "edit")]
    assert versions[0]["label"] == "Edição da seção IV por João Lima"
    assert versions[1]["label"] == "Edição da seção IV por Maria Souza"
    assert snapshot(maria, eid, 2)["sections"][3]["content"] == "Texto da Maria."  # the save point kept its state
    assert snapshot(maria, eid, 4)["sections"][3]["content"] == "Texto do João, corrigido."


def test_edits_of_the_facts_coalesce_per_author(pair):
    (_, api), _ = pair
    eid = create_etp(api)["id"]
    patch(api, eid, orgao="Prefeitura Municipal")
    patch(api, eid, uasg="123456", valor_estimado="1185600.00")
    (version,) = history(api, eid)
    assert version["reason"] == "edit" and version["scope"] == "fields"
    assert version["label"] == "Edição dos dados do ETP por Maria Souza"
    snap = snapshot(api, eid, 1)["etp"]
    assert (snap["orgao"], snap["uasg"], snap["valor_estimado"]) == ("Prefeitura Municipal", "123456", "1185600.00")
    put_section(api, eid, 1, content="Necessidade.")
    patch(api, eid, orgao="Prefeitura Municipal de Exemplo")  # a section edit came in between
    assert [(v["number"], v["scope"]) for v in history(api, eid)] == [(3, "fields"), (2, "I"), (1, "fields")]


def test_saves_that_change_nothing_make_no_version(pair):
    (_, api), _ = pair
    eid = create_etp(api, orgao="Órgão")["id"]
    patch(api, eid, orgao="Órgão")
    put_section(api, eid, 2, justification="Fora do PCA.")
    put_section(api, eid, 2, justification="Fora do PCA.")
    assert [(v["number"], v["scope"]) for v in history(api, eid)] == [(1, "II")]


# --------------------------------------------------------------------------------------------------
# the other acts that make versions
# --------------------------------------------------------------------------------------------------


def test_single_section_draft_keeps_the_state_it_starts_from(pair):
    (_, api), _ = pair
    eid = create_etp(api)["id"]
    put_section(api, eid, 6, content="Valor estimado pela pesquisa de preços.")
    resp = api.post(f"/api/v1/etps/{eid}/sections/6/draft", json={})  # no worker: stays queued
    assert resp.status_code == 202, resp.get_json()
    newest = history(api, eid)[0]
    assert (newest["number"], newest["reason"], newest["scope"]) == (2, "before_draft", "VI")
    assert newest["label"] == "Antes da redação da seção VI por IA"
    snap = snapshot(api, eid, 2)
    assert snap["sections"][5]["content"] == "Valor estimado pela pesquisa de preços."
    assert snap["sections"][5]["status"] == "edited"  # before the request marked it "drafting"


def test_accepted_suggestion_is_a_version(app, pair):
    (_, api), _ = pair
    eid = create_etp(api)["id"]
    put_section(api, eid, 6, content="Texto da servidora.")
    set_section(app, eid, 6, suggestion="Texto sugerido pela IA.", suggestion_provenance="ai")
    resp = api.post(f"/api/v1/etps/{eid}/sections/6/suggestion/accept")
    assert resp.status_code == 200, resp.get_json()
    newest = history(api, eid)[0]
    assert (newest["reason"], newest["scope"], newest["label"]) == ("suggestion", "VI", "Sugestão aceita na seção VI")
    s6 = snapshot(api, eid, newest["number"])["sections"][5]
    assert (s6["content"], s6["suggestion"], s6["provenance"]) == ("Texto sugerido pela IA.", None, "ai")


def test_status_changes_are_versions(make_user):
    _, api = make_user()
    eid = create_etp(api)["id"]
    for new_status in ("in_review", "draft", "archived"):
        resp = api.post(f"/api/v1/etps/{eid}/status", json={"status": new_status})
        assert resp.status_code == 200, resp.get_json()
    versions = history(api, eid)
    assert [(v["reason"], v["label"]) for v in versions] == [
        ("status", "Status: arquivado"),
        ("status", "Status: rascunho"),
        ("status", "Status: em revisão"),
    ]
    assert snapshot(api, eid, versions[0]["number"])["etp"]["status"] == "archived"
    resp = api.post(f"/api/v1/etps/{eid}/status", json={"status": "approved"})  # refused: archived
    assert resp.status_code == 409
    assert len(history(api, eid)) == 3


def test_acknowledged_finding_is_a_version(app, pair):
    from etp_app.drafting import quality
    from etp_app.security import Identity
    from etp_app.services import sections

    (maria, api), _ = pair
    eid = create_etp(api)["id"]
    text = "A contratação observa o art. 999 da Lei 14.133/2021 e atende à necessidade da secretaria."
    put_section(api, eid, 1, content=text)
    errors = [w for w in quality.check_section(1, text).warnings if w["severity"] == "error"]
    assert errors, "the text has an error-level finding to acknowledge"
    before = len(history(api, eid))
    identity = Identity(
        user_id=uuid.UUID(maria["id"]), organization_id=uuid.UUID(maria["organization"]["id"]), role="org_admin"
    )
    with app.test_request_context():
        sections.acknowledge_finding(identity, uuid.UUID(eid), 1, errors[0]["code"], "Dispositivo conferido.")
        db.session.remove()
    versions = history(api, eid)
    assert len(versions) == before + 1
    assert (versions[0]["reason"], versions[0]["scope"]) == ("acknowledgement", "I")
    assert versions[0]["label"] == "Apontamento de qualidade reconhecido na seção I"


# --------------------------------------------------------------------------------------------------
# restore
# --------------------------------------------------------------------------------------------------


def test_restore_requires_if_match(pair):
    (_, api), _ = pair
    eid = create_etp(api)["id"]
    number = save(api, eid)["number"]
    stale = etag_of(api, eid)
    patch(api, eid, title="Título novo")
    count = len(history(api, eid))
    missing = api.post(versions_url(eid, f"/{number}/restore"))
    assert missing.status_code == 428 and missing.get_json()["code"] == 428
    assert "If-Match" in missing.get_json()["message"]
    assert restore(api, eid, number, headers={"If-Match": stale}).status_code == 412
    assert api.get(f"/api/v1/etps/{eid}").get_json()["title"] == "Título novo"
    assert len(history(api, eid)) == count  # nothing written, not even the before_restore snapshot
    resp = restore(api, eid, number)
    assert resp.status_code == 200 and resp.get_json()["title"] == "Aquisição de notebooks"
    doc = api.get("/api/openapi.json").get_json()
    op = doc["paths"]["/api/v1/etps/{etp_id}/versions/{number}/restore"]["post"]
    assert any(p["name"] == "If-Match" and p["required"] for p in op["parameters"])
    assert "428" in op["responses"]


def test_restore_never_brings_review_or_approval_marks_back(app, pair):
    (maria, api), _ = pair
    eid = create_etp(api)["id"]
    put_section(api, eid, 1, content="Texto de pessoa, revisado.")
    put_section(api, eid, 4, content="Rascunho de IA, revisado.")
    reviewed = {
        "status": "approved",
        "reviewed_by": uuid.UUID(maria["id"]),
        "reviewed_by_name": "Maria Souza",
        "reviewed_at": datetime.fromisoformat("2026-12-01T12:00:00+00:00"),
        "acknowledgements": {"citation_article_out_of_range": {"reason": "conferido"}},
    }
    set_section(app, eid, 1, **reviewed)
    set_section(app, eid, 4, provenance="ai", ai_generated=True, **reviewed)
    number = save(api, eid, "com revisões")["number"]
    snap = snapshot(api, eid, number)
    assert [snap["sections"][i]["status"] for i in (0, 3)] == ["approved", "approved"]
    put_section(api, eid, 1, content="Texto reescrito.")
    put_section(api, eid, 4, content="Outro texto.")

    resp = restore(api, eid, number)
    assert resp.status_code == 200, resp.get_json()
    s1, s4 = (api.get(f"/api/v1/etps/{eid}/sections/{i}").get_json() for i in (1, 4))
    assert s1["content"] == "Texto de pessoa, revisado." and s4["content"] == "Rascunho de IA, revisado."
    assert s1["status"] == "edited" and s4["status"] == "drafted"  # by their provenance, never approved
    assert s4["ai_generated"] is True
    with app.app_context():
        rows = db.session.scalars(
            select(Section).where(Section.etp_id == uuid.UUID(eid), Section.inciso.in_((1, 4)))
        ).all()
        for row in rows:
            assert (row.reviewed_by, row.reviewed_by_name, row.reviewed_at, row.acknowledgements) == (
                None,
                None,
                None,
                None,
            )
            assert row.provenance == ("human" if row.inciso == 1 else "ai")
        db.session.remove()
    assert api.get(f"/api/v1/etps/{eid}").get_json()["status"] == "draft"


def test_restore_of_an_old_snapshot_without_provenance_uses_its_ai_flag(app, pair):
    (_, api), _ = pair
    eid = create_etp(api)["id"]
    number = save(api, eid)["number"]
    with app.app_context():  # a snapshot written before provenance was kept, taken on approval
        version = db.session.scalar(
            select(EtpVersion).where(EtpVersion.etp_id == uuid.UUID(eid), EtpVersion.number == number)
        )
        data = dict(version.snapshot)
        sections = []
        for s in data["sections"]:
            s = {k: v for k, v in s.items() if k not in ("provenance", "suggestion_provenance")}
            if s["inciso"] in (2, 3):
                s.update(content=f"Texto {s['inciso']}.", status="approved", ai_generated=s["inciso"] == 3)
            sections.append(s)
        data["sections"] = sections
        version.snapshot = data
        db.session.commit()
        db.session.remove()
    assert restore(api, eid, number).status_code == 200
    s2, s3 = (api.get(f"/api/v1/etps/{eid}/sections/{i}").get_json() for i in (2, 3))
    assert (s2["status"], s3["status"]) == ("edited", "drafted")
    with app.app_context():
        got = dict(
            db.session.execute(
                select(Section.inciso, Section.provenance).where(
                    Section.etp_id == uuid.UUID(eid), Section.inciso.in_((2, 3))
                )
            ).all()
        )
        db.session.remove()
    assert got == {2: "human", 3: "ai"}


# --------------------------------------------------------------------------------------------------
# diff summaries
# --------------------------------------------------------------------------------------------------


def test_diff_summarises_words_per_section_and_changed_fields(pair):
    (_, api), _ = pair
    eid = create_etp(api)["id"]
    put_section(api, eid, 1, content="um dois três quatro cinco")
    put_section(api, eid, 2, justification="Fora do PCA.")
    a = save(api, eid, "antes")["number"]
    patch(api, eid, orgao="Prefeitura", uasg="123456", prazo_execucao_dias=365)
    put_section(api, eid, 1, content="um dois seis sete oito nove cinco")
    put_section(api, eid, 2, justification="Não consta do PCA de 2026.")
    diff = api.get(versions_url(eid, f"/{a}/diff/current")).get_json()
    assert diff["fields_summary"] == "3 campos alterados"
    s1, s2 = diff["sections"]
    assert (s1["content"]["words_added"], s1["content"]["words_removed"]) == (4, 2)
    assert s1["summary"] == "+4 / −2 palavras"
    assert s2["content"] is None and s2["summary"] == "justificativa alterada"
    same = api.get(versions_url(eid, f"/{a}/diff/{a}")).get_json()
    assert same["fields_summary"] == "nenhum campo alterado" and same["sections"] == []
    patch(api, eid, title="Outro")
    b = save(api, eid, "depois")["number"]
    one = api.get(versions_url(eid, f"/{b - 2}/diff/{b}")).get_json()  # from before the title's edit
    assert one["fields_summary"] == "1 campo alterado"


def test_diff_summary_of_a_new_section_counts_every_word(make_user):
    _, api = make_user()
    eid = create_etp(api)["id"]
    a = save(api, eid)["number"]
    put_section(api, eid, 13, content="Conclusão: a contratação é viável.")
    (s13,) = api.get(versions_url(eid, f"/{a}/diff/current")).get_json()["sections"]
    assert s13["summary"] == "+5 / −0 palavras; status alterado"
