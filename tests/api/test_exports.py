"""Exports through the API, with the export job run in-process (no Celery worker) and a stand-in
renderer, so the HTTP contract is tested apart from the renderers: 202 + job on the `exports` queue,
history, record, download headers, 409 while pending, 410 after expiry or a lost file, the purge,
tenancy and viewers. tests/workers/test_export_jobs.py runs the real renderers in a real worker."""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select, update

from tests.helpers.jobs import create_etp

FILE_NAME = "ETP 23000.012345-2026-11 - Aquisição de notebooks.json"


def _fake_render(doc) -> bytes:
    return json.dumps(
        {
            "etp_id": doc.etp_id,
            "title": doc.title,
            "version": doc.version_label,
            "sections": [s.code for s in doc.sections],
        },
        ensure_ascii=False,
    ).encode()


@pytest.fixture
def storage_dir(app, tmp_path, monkeypatch) -> Path:
    root = tmp_path / "storage"
    monkeypatch.setitem(app.config, "STORAGE_DIR", str(root))
    return root


@pytest.fixture
def renderers(monkeypatch):
    """Stand-in renderers for every format (the real ones are exercised by the worker tests)."""
    from etp_app import documents

    calls: list[str] = []

    def make(fmt):
        def render(doc):
            calls.append(fmt)
            return _fake_render(doc)

        return render

    fake = {
        fmt: (make(fmt), ct, fmt)
        for fmt, ct in (
            ("pdf", "application/pdf"),
            ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            ("json", "application/json"),
            ("xml", "application/xml"),
        )
    }
    monkeypatch.setattr(documents, "RENDERERS", fake, raising=False)
    monkeypatch.setattr(
        documents, "filename_for", lambda doc, ext: FILE_NAME.replace(".json", f".{ext}"), raising=False
    )
    return calls


def _queued(app, queue: str = "exports") -> int:
    from etp_app.redis_client import get_redis

    with app.app_context():
        return get_redis().client.llen(queue)


def run_job(app, job_id: str) -> None:
    """Do what the worker does, in this process."""
    from etp_app.services import exports

    with app.app_context():
        try:
            exports.run_export_job(uuid.UUID(job_id))
        except exports.ExportError as exc:
            exports.fail_export_job(uuid.UUID(job_id), exc.message)


def export_now(app, api, etp_id: str, fmt: str = "json") -> dict:
    resp = api.post(f"/api/v1/etps/{etp_id}/exports", json={"format": fmt})
    assert resp.status_code == 202, resp.get_json()
    run_job(app, resp.get_json()["id"])
    job = api.get(f"/api/v1/jobs/{resp.get_json()['id']}").get_json()
    assert job["state"] == "succeeded", job
    return job


def _set_export(app, export_id: str, **values) -> None:
    from etp_app.extensions import db
    from etp_app.models import Export

    with app.app_context():
        db.session.execute(update(Export).where(Export.id == uuid.UUID(export_id)).values(**values))
        db.session.commit()


def _export_row(app, export_id: str):
    from etp_app.extensions import db
    from etp_app.models import Export

    with app.app_context():
        return db.session.get(Export, uuid.UUID(export_id))


# --- request -------------------------------------------------------------------------------------


def test_post_creates_pending_export_and_job_on_exports_queue(app, make_user, storage_dir):
    user, api = make_user()
    etp = create_etp(api)
    resp = api.post(f"/api/v1/etps/{etp['id']}/exports", json={"format": "pdf"})
    assert resp.status_code == 202, resp.get_json()
    job = resp.get_json()
    assert job["kind"] == "export" and job["state"] == "queued" and job["etp_id"] == etp["id"]
    assert resp.headers["Location"].endswith(f"/api/v1/jobs/{job['id']}")
    assert _queued(app, "exports") == 1 and _queued(app, "drafting") == 0

    history = api.get(f"/api/v1/etps/{etp['id']}/exports")
    assert history.status_code == 200 and "X-Pagination" in history.headers
    [record] = history.get_json()
    assert record["format"] == "pdf" and record["status"] == "pending"
    assert record["job_id"] == job["id"] and record["download_url"] is None
    assert record["size"] is None and record["sha256"] is None
    assert record["etp_version"] == etp_version(api, etp["id"]) and record["created_by"] == user["id"]
    created = datetime.fromisoformat(record["created_at"])
    assert datetime.fromisoformat(record["expires_at"]) - created == timedelta(days=90)
    assert api.get(f"/api/v1/exports/{record['id']}").get_json() == record

    pending = api.get(f"/api/v1/exports/{record['id']}/download")
    assert pending.status_code == 409
    assert "sendo gerada" in pending.get_json()["message"]


def etp_version(api, etp_id: str) -> int:
    return int(api.get(f"/api/v1/etps/{etp_id}").headers["ETag"].strip('"').rsplit("-", 1)[1])


def test_bad_format_is_422(app, make_user, storage_dir):
    _, api = make_user()
    etp = create_etp(api)
    for body in ({"format": "odt"}, {"format": ""}, {}, {"format": 3}):
        resp = api.post(f"/api/v1/etps/{etp['id']}/exports", json=body)
        assert resp.status_code == 422, body
        assert "format" in resp.get_json()["errors"]
    assert _queued(app) == 0
    assert api.get(f"/api/v1/etps/{etp['id']}/exports").get_json() == []


def test_unknown_etp_is_404(make_user, storage_dir):
    _, api = make_user()
    missing = uuid.uuid4()
    assert api.post(f"/api/v1/etps/{missing}/exports", json={"format": "pdf"}).status_code == 404
    assert api.get(f"/api/v1/etps/{missing}/exports").status_code == 404
    assert api.get(f"/api/v1/exports/{missing}").status_code == 404
    assert api.get(f"/api/v1/exports/{missing}/download").status_code == 404


def test_idempotency_key_returns_the_same_job(app, make_user, storage_dir):
    _, api = make_user()
    etp = create_etp(api)
    headers = {"Idempotency-Key": "export-pdf-1"}
    first = api.post(f"/api/v1/etps/{etp['id']}/exports", json={"format": "pdf"}, headers=headers)
    second = api.post(f"/api/v1/etps/{etp['id']}/exports", json={"format": "pdf"}, headers=headers)
    assert first.status_code == second.status_code == 202
    assert first.get_json()["id"] == second.get_json()["id"]
    assert second.headers["Location"] == first.headers["Location"]
    assert _queued(app) == 1
    assert len(api.get(f"/api/v1/etps/{etp['id']}/exports").get_json()) == 1
    other = api.post(f"/api/v1/etps/{etp['id']}/exports", json={"format": "docx"}, headers=headers)
    assert other.status_code == 422 and "Idempotency-Key" in other.get_json()["errors"]


def test_unauthenticated_is_401(client, make_user, storage_dir):
    _, api = make_user()
    etp = create_etp(api)
    assert client.post(f"/api/v1/etps/{etp['id']}/exports", json={"format": "pdf"}).status_code == 401
    assert client.get(f"/api/v1/etps/{etp['id']}/exports").status_code == 401


# --- tenancy and roles -----------------------------------------------------------------------------


def test_other_organizations_get_404_everywhere(app, make_user, storage_dir, renderers):
    _, owner = make_user()
    _, stranger = make_user()
    etp = create_etp(owner)
    job = export_now(app, owner, etp["id"])
    export_id = job["result"]["export_id"]

    assert stranger.post(f"/api/v1/etps/{etp['id']}/exports", json={"format": "pdf"}).status_code == 404
    assert stranger.get(f"/api/v1/etps/{etp['id']}/exports").status_code == 404
    assert stranger.get(f"/api/v1/exports/{export_id}").status_code == 404
    download = stranger.get(f"/api/v1/exports/{export_id}/download")
    assert download.status_code == 404 and download.get_json()["code"] == 404
    assert stranger.get(f"/api/v1/jobs/{job['id']}").status_code == 404
    assert owner.get(f"/api/v1/exports/{export_id}/download").status_code == 200


def test_viewers_may_export_and_download(app, make_user, storage_dir, renderers):
    """Exporting reads the ETP and changes nothing in it, so read-only profiles may export."""
    admin, api = make_user()
    etp = create_etp(api)
    _, viewer = make_user(f"leitor@{admin['email'].split('@')[1]}", role="viewer")
    job = export_now(app, viewer, etp["id"], "docx")
    assert job["result"]["format"] == "docx"
    assert viewer.get(job["result"]["download_url"]).status_code == 200
    assert [e["id"] for e in api.get(f"/api/v1/etps/{etp['id']}/exports").get_json()] == [job["result"]["export_id"]]
    assert viewer.post(f"/api/v1/jobs/{job['id']}/cancel", json={}).status_code == 403


# --- the finished export and its download ----------------------------------------------------------


def test_finished_export_result_record_download_and_audit(app, make_user, storage_dir, renderers):
    user, api = make_user()
    etp = create_etp(api)
    job = export_now(app, api, etp["id"], "json")
    result = job["result"]
    assert set(result) >= {"export_id", "format", "download_url", "size", "sha256", "file_name"}
    assert result["download_url"] == f"/api/v1/exports/{result['export_id']}/download"
    assert result["file_name"] == FILE_NAME and job["progress"] == 100

    record = api.get(f"/api/v1/exports/{result['export_id']}").get_json()
    assert record["status"] == "ready" and record["download_url"] == result["download_url"]
    assert record["size"] == result["size"] and record["sha256"] == result["sha256"]
    assert record["content_type"] == "application/json" and record["error"] is None

    resp = api.get(result["download_url"])
    assert resp.status_code == 200
    body = resp.get_data()
    assert resp.mimetype == "application/json"
    assert hashlib.sha256(body).hexdigest() == record["sha256"] and len(body) == record["size"]
    assert int(resp.headers["Content-Length"]) == record["size"]
    assert resp.headers["ETag"] == f'"{record["sha256"]}"'
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    disposition = resp.headers["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert 'filename="ETP 23000.012345-2026-11 - Aquisicao de notebooks.json"' in disposition
    assert "filename*=UTF-8''ETP%2023000.012345-2026-11%20-%20Aquisi%C3%A7%C3%A3o%20de%20notebooks.json" in disposition
    document = json.loads(body)
    assert document["title"] == etp["title"] and document["sections"][0] == "I"
    assert len(document["sections"]) == 13

    again = api.get(result["download_url"], headers={"If-None-Match": resp.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""

    files = [p for p in storage_dir.rglob("*") if p.is_file()]
    assert [p.name for p in files] == [f"{result['export_id']}.json"]

    from etp_app.extensions import db
    from etp_app.models import AuditLog

    with app.app_context():
        rows = db.session.scalars(select(AuditLog).where(AuditLog.action == "export.create")).all()
    assert len(rows) == 1
    assert str(rows[0].etp_id) == etp["id"] and str(rows[0].actor_id) == user["id"]
    assert rows[0].target_id == result["export_id"] and rows[0].after["format"] == "json"


def test_history_newest_first_and_paginated(app, make_user, storage_dir, renderers):
    _, api = make_user()
    etp = create_etp(api)
    ids = [export_now(app, api, etp["id"], fmt)["result"]["export_id"] for fmt in ("json", "pdf", "xml")]
    listed = api.get(f"/api/v1/etps/{etp['id']}/exports")
    assert [e["id"] for e in listed.get_json()] == ids[::-1]
    assert {e["status"] for e in listed.get_json()} == {"ready"}
    page = api.get(f"/api/v1/etps/{etp['id']}/exports", query_string={"page": 2, "page_size": 2})
    assert [e["id"] for e in page.get_json()] == [ids[0]]
    meta = json.loads(page.headers["X-Pagination"])
    assert meta["total"] == 3 and meta["total_pages"] == 2 and meta["page"] == 2 and meta["page_size"] == 2


def test_history_and_record_name_who_asked_for_the_export(app, make_user, storage_dir, renderers):
    user, api = make_user()
    etp = create_etp(api)
    export_id = export_now(app, api, etp["id"], "pdf")["result"]["export_id"]
    listed = api.get(f"/api/v1/etps/{etp['id']}/exports").get_json()
    assert [(e["created_by"], e["created_by_name"]) for e in listed] == [(user["id"], user["name"])]
    record = api.get(f"/api/v1/exports/{export_id}").get_json()
    assert record["created_by_name"] == user["name"]

    from etp_app.extensions import db
    from etp_app.models import Export

    with app.app_context():  # the person's account is gone (ondelete SET NULL): no name, no error
        db.session.execute(update(Export).where(Export.id == uuid.UUID(export_id)).values(created_by=None))
        db.session.commit()
    record = api.get(f"/api/v1/exports/{export_id}").get_json()
    assert record["created_by"] is None and record["created_by_name"] is None


def test_redelivered_job_is_not_rendered_again(app, make_user, storage_dir, renderers):
    _, api = make_user()
    etp = create_etp(api)
    job = export_now(app, api, etp["id"], "pdf")
    path = storage_dir / "exports" / job_id_org(app, job) / f"{job['result']['export_id']}.pdf"
    before = path.stat().st_mtime_ns
    run_job(app, job["id"])
    assert renderers == ["pdf"]
    assert path.stat().st_mtime_ns == before
    assert api.get(f"/api/v1/jobs/{job['id']}").get_json()["attempts"] == 1


def job_id_org(app, job) -> str:
    return str(_export_row(app, job["result"]["export_id"]).organization_id)


# --- failures ------------------------------------------------------------------------------------


def test_renderer_failure_fails_job_and_export_and_leaves_no_file(app, make_user, storage_dir, monkeypatch, renderers):
    from etp_app import documents

    def broken(doc):
        raise RuntimeError("font table corrupted")

    monkeypatch.setitem(documents.RENDERERS, "pdf", (broken, "application/pdf", "pdf"))
    _, api = make_user()
    etp = create_etp(api)
    job_id = api.post(f"/api/v1/etps/{etp['id']}/exports", json={"format": "pdf"}).get_json()["id"]
    run_job(app, job_id)
    job = api.get(f"/api/v1/jobs/{job_id}").get_json()
    assert job["state"] == "failed"
    assert "PDF" in job["error"] and "font table" not in job["error"] and "Traceback" not in job["error"]
    [record] = api.get(f"/api/v1/etps/{etp['id']}/exports").get_json()
    assert record["status"] == "failed" and record["error"] == job["error"] and record["download_url"] is None
    resp = api.get(f"/api/v1/exports/{record['id']}/download")
    assert resp.status_code == 409 and "falhou" in resp.get_json()["message"]
    assert not [p for p in storage_dir.rglob("*") if p.is_file()]


def test_storage_failure_is_a_failed_job_with_a_human_message(app, make_user, storage_dir, renderers):
    storage_dir.parent.mkdir(parents=True, exist_ok=True)
    storage_dir.write_text("a file where the storage directory should be")
    _, api = make_user()
    etp = create_etp(api)
    job_id = api.post(f"/api/v1/etps/{etp['id']}/exports", json={"format": "xml"}).get_json()["id"]
    run_job(app, job_id)
    job = api.get(f"/api/v1/jobs/{job_id}").get_json()
    assert job["state"] == "failed" and "armazenamento" in job["error"]
    assert api.get(f"/api/v1/etps/{etp['id']}/exports").get_json()[0]["status"] == "failed"


def test_cancelled_export_is_reported_failed_and_never_rendered(app, make_user, storage_dir, renderers):
    _, api = make_user()
    etp = create_etp(api)
    job_id = api.post(f"/api/v1/etps/{etp['id']}/exports", json={"format": "pdf"}).get_json()["id"]
    assert api.post(f"/api/v1/jobs/{job_id}/cancel", json={}).status_code == 200
    [record] = api.get(f"/api/v1/etps/{etp['id']}/exports").get_json()
    assert record["status"] == "failed" and record["download_url"] is None
    assert api.get(f"/api/v1/exports/{record['id']}/download").status_code == 409
    run_job(app, job_id)  # the message arrives anyway
    assert renderers == []
    row = _export_row(app, record["id"])
    assert row.status == "failed" and row.error == "A exportação foi cancelada."


def test_enqueue_failure_is_503_and_export_failed(app, make_user, storage_dir, monkeypatch):
    celery = app.extensions["celery"]

    def refuse(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(celery, "send_task", refuse)
    _, api = make_user()
    etp = create_etp(api)
    resp = api.post(f"/api/v1/etps/{etp['id']}/exports", json={"format": "pdf"})
    assert resp.status_code == 503
    [record] = api.get(f"/api/v1/etps/{etp['id']}/exports").get_json()
    assert record["status"] == "failed" and "enfileirar" in record["error"]


# --- expiry ----------------------------------------------------------------------------------------


def test_expired_export_is_410_and_purge_removes_file(app, make_user, storage_dir, renderers):
    from etp_app.services import exports

    _, api = make_user()
    etp = create_etp(api)
    kept = export_now(app, api, etp["id"], "pdf")["result"]
    old = export_now(app, api, etp["id"], "json")["result"]
    files = {p.name for p in storage_dir.rglob("*") if p.is_file()}
    assert files == {f"{kept['export_id']}.pdf", f"{old['export_id']}.json"}

    past = datetime.now(UTC) - timedelta(minutes=5)
    _set_export(app, old["export_id"], expires_at=past)
    record = api.get(f"/api/v1/exports/{old['export_id']}").get_json()
    assert record["status"] == "expired" and record["download_url"] is None
    resp = api.get(old["download_url"])
    assert resp.status_code == 410
    body = resp.get_json()
    assert body["code"] == 410 and "expirou" in body["message"] and "nova exportação" in body["message"]
    assert past.astimezone(timezone(timedelta(hours=-3))).strftime("%d/%m/%Y") in body["message"]

    with app.app_context():
        assert exports.purge_expired() == 1
        assert exports.purge_expired() == 0  # idempotent
    assert {p.name for p in storage_dir.rglob("*") if p.is_file()} == {f"{kept['export_id']}.pdf"}
    row = _export_row(app, old["export_id"])
    assert row.status == "expired" and row.expired_at is not None
    assert api.get(old["download_url"]).status_code == 410
    assert api.get(kept["download_url"]).status_code == 200


def test_purge_is_batch_limited(app, make_user, storage_dir, renderers):
    from etp_app.services import exports

    _, api = make_user()
    etp = create_etp(api)
    ids = [export_now(app, api, etp["id"], "json")["result"]["export_id"] for _ in range(3)]
    for export_id in ids:
        _set_export(app, export_id, expires_at=datetime.now(UTC) - timedelta(days=1))
    with app.app_context():
        assert exports.purge_expired(batch=2) == 2
        assert exports.purge_expired(batch=2) == 1
        assert exports.purge_expired(batch=2) == 0
    assert not [p for p in storage_dir.rglob("*") if p.is_file()]


def test_missing_file_is_410_and_marks_the_export_expired(app, make_user, storage_dir, renderers):
    _, api = make_user()
    etp = create_etp(api)
    result = export_now(app, api, etp["id"], "docx")["result"]
    [path] = [p for p in storage_dir.rglob("*") if p.is_file()]
    path.unlink()
    resp = api.get(result["download_url"])
    assert resp.status_code == 410 and "não está mais disponível" in resp.get_json()["message"]
    assert _export_row(app, result["export_id"]).status == "expired"
    assert api.get(f"/api/v1/exports/{result['export_id']}").get_json()["status"] == "expired"


def test_deleted_etp_leaves_no_files_after_purge(app, make_user, storage_dir, renderers):
    from etp_app.services import exports

    _, api = make_user()
    etp = create_etp(api)
    result = export_now(app, api, etp["id"], "pdf")["result"]
    [path] = [p for p in storage_dir.rglob("*") if p.is_file()]
    assert api.delete(f"/api/v1/etps/{etp['id']}").status_code == 204
    assert api.get(f"/api/v1/exports/{result['export_id']}").status_code == 404
    with app.app_context():  # in the trash the export is kept, file and all (restorable)
        exports.purge_expired(now=datetime.now(UTC) + timedelta(hours=2))
        assert path.exists()
    assert api.delete(f"/api/v1/trash/{etp['id']}").status_code == 204  # purged: its exports go with it
    with app.app_context():
        exports.purge_expired()  # inside the grace period: kept
        assert path.exists()
        exports.purge_expired(now=datetime.now(UTC) + timedelta(hours=2))
    assert not path.exists()


def test_settings_defaults(app):
    from config import get_config

    cfg = get_config("testing", {"DATABASE_URL": "postgresql://x@h/db", "REDIS_URL": "redis://h/0"})
    assert cfg["EXPORT_RETENTION_DAYS"] == 90 and cfg["STORAGE_BACKEND"] == "local"
    assert os.path.isabs(cfg["STORAGE_DIR"]) and cfg["STORAGE_DIR"].endswith(os.path.join("instance", "storage"))
    cfg = get_config(
        "testing",
        {
            "DATABASE_URL": "postgresql://x@h/db",
            "REDIS_URL": "redis://h/0",
            "EXPORT_RETENTION_DAYS": "7",
            "STORAGE_DIR": "relative/dir",
        },
    )
    assert cfg["EXPORT_RETENTION_DAYS"] == 7 and os.path.isabs(cfg["STORAGE_DIR"])
    from config import ConfigError

    with pytest.raises(ConfigError, match="STORAGE_BACKEND"):
        get_config(
            "testing", {"DATABASE_URL": "postgresql://x@h/db", "REDIS_URL": "redis://h/0", "STORAGE_BACKEND": "ftp"}
        )
    with pytest.raises(ConfigError, match="EXPORT_RETENTION_DAYS"):
        get_config(
            "testing", {"DATABASE_URL": "postgresql://x@h/db", "REDIS_URL": "redis://h/0", "EXPORT_RETENTION_DAYS": "0"}
        )


def test_local_storage_is_atomic_and_rejects_unsafe_keys(tmp_path):
    from etp_app.services.storage import LocalStorage, ObjectMissing

    storage = LocalStorage(tmp_path)
    stored = storage.put("exports/org/a.pdf", b"%PDF-1.7 first")
    assert stored.size == 14 and stored.sha256 == hashlib.sha256(b"%PDF-1.7 first").hexdigest()
    storage.put("exports/org/a.pdf", b"%PDF-1.7 second")
    with storage.open("exports/org/a.pdf") as fh:
        assert fh.read() == b"%PDF-1.7 second"
    assert sorted(p.name for p in (tmp_path / "exports" / "org").iterdir()) == ["a.pdf"]  # no temp files
    assert [o.key for o in storage.iter_objects("exports")] == ["exports/org/a.pdf"]
    for bad in ("../etc/passwd", "/etc/passwd", "exports/../../x", "exports/.hidden", "", "a//b"):
        with pytest.raises(ValueError):
            storage.put(bad, b"x")
    assert storage.delete("exports/org/a.pdf") is True
    assert storage.delete("exports/org/a.pdf") is False
    with pytest.raises(ObjectMissing):
        storage.open("exports/org/a.pdf")
