"""Request rules of issue 10 §6: an Idempotency-Key replays a job only for the same request (route,
target and body; otherwise 422), and the suggestion routes answer with the section's ETag."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from etp_app.extensions import db
from etp_app.models import Job, Section
from tests.helpers.api import create_etp

REUSED = (
    "Esta Idempotency-Key já foi usada em outra requisição (outro corpo, rota ou destino). "
    "Use uma chave nova para cada requisição diferente; repita a mesma chave só para repetir a mesma requisição."
)


def _queued(app, queue: str) -> int:
    from etp_app.redis_client import get_redis

    with app.app_context():
        return get_redis().client.llen(queue)


def _assert_reused(resp):
    assert resp.status_code == 422, resp.get_json()
    body = resp.get_json()
    assert body["message"] == REUSED
    assert body["errors"] == {"Idempotency-Key": ["Chave já usada em outra requisição."]}


def test_section_draft_key_replays_only_the_same_body(app, make_user):
    _, api = make_user()
    etp = create_etp(api)
    url = f"/api/v1/etps/{etp['id']}/sections/1/draft"
    key = {"Idempotency-Key": "rascunho-secao-1"}
    first = api.post(url, json={"instructions": "Cite o PCA."}, headers=key)
    assert first.status_code == 202
    again = api.post(url, json={"instructions": "Cite o PCA.", "regenerate": False}, headers=key)
    assert again.status_code == 202 and again.get_json()["id"] == first.get_json()["id"]  # defaults: same body
    _assert_reused(api.post(url, json={"instructions": "Outra orientação."}, headers=key))
    _assert_reused(api.post(url, json={"instructions": "Cite o PCA.", "regenerate": True}, headers=key))
    _assert_reused(api.post(f"/api/v1/etps/{etp['id']}/sections/2/draft", json={}, headers=key))  # other target
    _assert_reused(api.post(f"/api/v1/etps/{etp['id']}/draft", json={}, headers=key))  # other route
    other = create_etp(api)
    _assert_reused(api.post(f"/api/v1/etps/{other['id']}/sections/1/draft", json={}, headers=key))
    _assert_reused(api.post(f"/api/v1/etps/{etp['id']}/exports", json={"format": "pdf"}, headers=key))
    assert _queued(app, "drafting") == 1  # nothing else queued
    with app.app_context():
        jobs = db.session.scalars(select(Job).where(Job.idempotency_key == "rascunho-secao-1")).all()
        assert len(jobs) == 1 and len(jobs[0].request_fingerprint) == 64
        db.session.remove()
    sections = {s["inciso"]: s["status"] for s in api.get(f"/api/v1/etps/{etp['id']}/sections").get_json()}
    assert sections[1] == "drafting" and sections[2] == "empty"


def test_etp_draft_key_compares_the_incisos_asked_for(app, make_user):
    _, api = make_user()
    etp = create_etp(api)
    url = f"/api/v1/etps/{etp['id']}/draft"
    key = {"Idempotency-Key": "rascunho-etp"}
    first = api.post(url, json={"incisos": [4, 1]}, headers=key)
    assert first.status_code == 202
    assert api.post(url, json={"incisos": [4, 1]}, headers=key).get_json()["id"] == first.get_json()["id"]
    _assert_reused(api.post(url, json={"incisos": [4, 1, 6]}, headers=key))
    _assert_reused(api.post(url, json={}, headers=key))  # "every empty section" is another request
    assert _queued(app, "drafting") == 1


def test_a_draft_without_key_stores_no_fingerprint(app, make_user):
    _, api = make_user()
    etp = create_etp(api)
    job = api.post(f"/api/v1/etps/{etp['id']}/sections/3/draft", json={}).get_json()
    with app.app_context():
        assert db.session.get(Job, uuid.UUID(job["id"])).request_fingerprint is None
        db.session.remove()


def test_export_key_replays_only_the_same_request(app, make_user, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "STORAGE_DIR", str(tmp_path / "storage"))
    _, api = make_user()
    etp = create_etp(api)
    url = f"/api/v1/etps/{etp['id']}/exports"
    key = {"Idempotency-Key": "exportacao-1"}
    first = api.post(url, json={"format": "pdf"}, headers=key)
    assert first.status_code == 202
    assert api.post(url, json={"format": "pdf"}, headers=key).get_json()["id"] == first.get_json()["id"]
    _assert_reused(api.post(url, json={"format": "docx"}, headers=key))
    other = create_etp(api)
    _assert_reused(api.post(f"/api/v1/etps/{other['id']}/exports", json={"format": "pdf"}, headers=key))
    _assert_reused(api.post(f"/api/v1/etps/{etp['id']}/sections/1/draft", json={}, headers=key))
    assert _queued(app, "exports") == 1 and _queued(app, "drafting") == 0


def test_backup_key_used_for_a_draft_is_422(app, make_user):
    _, admin = make_user(role="system_admin")
    etp = create_etp(admin)
    key = {"Idempotency-Key": "chave-compartilhada"}
    assert admin.post(f"/api/v1/etps/{etp['id']}/sections/1/draft", json={}, headers=key).status_code == 202
    _assert_reused(admin.post("/api/v1/admin/backups", headers=key))
    one = admin.post("/api/v1/admin/backups", headers={"Idempotency-Key": "backup-1"})
    two = admin.post("/api/v1/admin/backups", headers={"Idempotency-Key": "backup-1"})
    assert one.status_code == two.status_code == 202 and one.get_json()["id"] == two.get_json()["id"]


def test_a_job_from_before_fingerprints_replays_on_kind_and_target(app, make_user):
    """Jobs created before migration 0008 have no fingerprint: same kind and ETP replay, others 422."""
    _, api = make_user()
    etp = create_etp(api)
    key = {"Idempotency-Key": "antiga"}
    first = api.post(f"/api/v1/etps/{etp['id']}/sections/1/draft", json={"instructions": "A"}, headers=key)
    with app.app_context():
        db.session.get(Job, uuid.UUID(first.get_json()["id"])).request_fingerprint = None
        db.session.commit()
        db.session.remove()
    again = api.post(f"/api/v1/etps/{etp['id']}/sections/1/draft", json={"instructions": "B"}, headers=key)
    assert again.status_code == 202 and again.get_json()["id"] == first.get_json()["id"]
    _assert_reused(api.post(f"/api/v1/etps/{etp['id']}/draft", json={}, headers=key))


def _with_suggestion(app, etp_id, inciso: int, text: str) -> None:
    with app.app_context():
        section = db.session.scalar(
            select(Section).where(Section.etp_id == uuid.UUID(etp_id), Section.inciso == inciso)
        )
        section.suggestion = text
        db.session.commit()
        db.session.remove()


def test_accept_and_discard_suggestion_answer_with_the_section_etag(app, make_user):
    _, api = make_user()
    etp = create_etp(api)
    url = f"/api/v1/etps/{etp['id']}/sections/1"
    put = api.put(url, json={"content": "Texto da pessoa."}, headers={"If-Match": api.get(url).headers["ETag"]})
    assert put.status_code == 200

    _with_suggestion(app, etp["id"], 1, "Texto sugerido pela IA.")
    accepted = api.post(f"{url}/suggestion/accept", json={})
    assert accepted.status_code == 200, accepted.get_json()
    etag = accepted.headers["ETag"]
    assert etag and etag == api.get(url).headers["ETag"] and etag != put.headers["ETag"]
    # the ETag is good for the next write
    resp = api.put(url, json={"content": "Texto revisto."}, headers={"If-Match": etag})
    assert resp.status_code == 200, resp.get_json()

    _with_suggestion(app, etp["id"], 1, "Outra sugestão.")
    discarded = api.post(f"{url}/suggestion/discard", json={})
    assert discarded.status_code == 200, discarded.get_json()
    assert discarded.headers["ETag"] == api.get(url).headers["ETag"]
    resp = api.put(url, json={"content": "Texto final."}, headers={"If-Match": discarded.headers["ETag"]})
    assert resp.status_code == 200, resp.get_json()


def test_suggestion_routes_document_the_etag_header(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    for action in ("accept", "discard"):
        ok = paths[f"/api/v1/etps/{{etp_id}}/sections/{{inciso}}/suggestion/{action}"]["post"]["responses"]["200"]
        assert "ETag" in ok.get("headers", {}), action


def test_an_accepted_suggestion_answers_with_the_quality_report_of_the_accepted_text(app, make_user):
    _, api = make_user()
    etp = create_etp(api)
    url = f"/api/v1/etps/{etp['id']}/sections/8"
    put = api.put(
        url,
        json={"content": "O objeto é indivisível: um só contrato de limpeza atende todas as unidades."},
        headers={"If-Match": api.get(url).headers["ETag"]},
    )
    assert put.status_code == 200
    assert "placeholder_pending" not in {w["code"] for w in put.get_json()["quality"]["warnings"]}

    _with_suggestion(app, etp["id"], 8, "A contratação será [a preencher: parcelamento em lotes ou itens].")
    accepted = api.post(f"{url}/suggestion/accept", json={})
    assert accepted.status_code == 200, accepted.get_json()
    report = accepted.get_json()["quality"]
    assert "placeholder_pending" in {w["code"] for w in report["warnings"]}, report
    assert report == api.get(url).get_json()["quality"]
