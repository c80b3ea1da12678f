"""Export jobs end to end: API → PostgreSQL (export + job rows) → Redis `exports` queue → a real Celery
worker running the real renderers → storage → download through the API."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.helpers.jobs import ETP, create_etp, wait_job

SECTION_I = (
    "As unidades básicas de saúde usam computadores com mais de oito anos de uso.\n\n"
    "- falhas frequentes de disco;\n- sistemas sem atualização de segurança.\n"
)


@pytest.fixture
def storage_dir(app, tmp_path, monkeypatch) -> Path:
    """One storage directory for the API (this process) and the worker (a subprocess)."""
    root = tmp_path / "storage"
    monkeypatch.setitem(app.config, "STORAGE_DIR", str(root))
    return root


def _fill_section(api, etp_id: str, inciso: int, content: str) -> None:
    current = api.get(f"/api/v1/etps/{etp_id}/sections/{inciso}")
    resp = api.put(
        f"/api/v1/etps/{etp_id}/sections/{inciso}",
        json={"content": content},
        headers={"If-Match": current.headers["ETag"]},
    )
    assert resp.status_code == 200, resp.get_json()


def _download(api, record: dict):
    resp = api.get(record["download_url"])
    assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
    return resp


def _file_name(disposition: str) -> str:
    """The UTF-8 file name of a Content-Disposition header (its filename* parameter)."""
    assert disposition.startswith("attachment;")
    assert 'filename="' in disposition
    encoded = disposition.split("filename*=UTF-8''", 1)[1].split(";", 1)[0]
    return unquote(encoded)


def test_real_worker_exports_json_pdf_docx_and_xml(app, make_user, start_worker, storage_dir):
    _, api = make_user()
    start_worker(queues="exports", env={"STORAGE_DIR": str(storage_dir)}, concurrency=2)
    etp = create_etp(api)
    _fill_section(api, etp["id"], 1, SECTION_I)

    queued = {}
    for fmt in ("json", "pdf", "docx", "xml"):
        resp = api.post(f"/api/v1/etps/{etp['id']}/exports", json={"format": fmt})
        assert resp.status_code == 202, resp.get_json()
        assert resp.get_json()["kind"] == "export"
        queued[fmt] = resp.get_json()["id"]

    records = {}
    for fmt, job_id in queued.items():
        job = wait_job(api, job_id, timeout=90)
        assert job["state"] == "succeeded", job
        result = job["result"]
        assert result["format"] == fmt and result["size"] > 0 and len(result["sha256"]) == 64
        record = api.get(f"/api/v1/exports/{result['export_id']}").get_json()
        assert record["status"] == "ready" and record["download_url"] == result["download_url"]
        assert record["file_name"] == result["file_name"] and record["sha256"] == result["sha256"]
        records[fmt] = record

    bodies = {}
    for fmt, record in records.items():
        resp = _download(api, record)
        body = resp.get_data()
        bodies[fmt] = body
        assert hashlib.sha256(body).hexdigest() == record["sha256"]
        assert len(body) == record["size"]
        assert resp.headers["ETag"] == f'"{record["sha256"]}"'
        assert resp.headers["Content-Type"].split(";")[0] == record["content_type"]
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        name = _file_name(resp.headers["Content-Disposition"])
        assert name == record["file_name"] and name.endswith(f".{fmt}")
        # built from the process number and the title
        digits = "".join(c for c in ETP["numero_processo"] if c.isdigit())
        assert digits[:5] in name and digits[-4:] in "".join(c for c in name if c.isdigit())
        assert "notebooks" in name.lower()

    assert records["pdf"]["content_type"] == "application/pdf"
    assert bodies["pdf"].startswith(b"%PDF")
    assert records["json"]["content_type"].startswith("application/json")
    document = json.loads(bodies["json"])
    flat = json.dumps(document, ensure_ascii=False)
    assert etp["title"] in flat and ETP["numero_processo"] in flat and etp["id"] in flat
    assert "oito anos de uso" in flat
    assert zipfile.is_zipfile(io.BytesIO(bodies["docx"]))
    assert records["docx"]["content_type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert b"<" in bodies["xml"][:100] and etp["title"].encode() in bodies["xml"]

    history = api.get(f"/api/v1/etps/{etp['id']}/exports").get_json()
    assert [e["id"] for e in history] == [records[f]["id"] for f in ("xml", "docx", "pdf", "json")]
    files = sorted(p.name for p in storage_dir.rglob("*") if p.is_file())
    assert files == sorted(f"{r['id']}.{fmt}" for fmt, r in records.items())


def test_deleted_etp_cancels_its_export_and_redelivery_of_a_finished_job_does_nothing(
    app, make_user, start_worker, storage_dir
):
    _, api = make_user()  # the organization's first user: its org admin (may purge the trash)
    etp = create_etp(api)
    first = api.post(f"/api/v1/etps/{etp['id']}/exports", json={"format": "json"}).get_json()
    doomed_etp = create_etp(api, title="ETP excluído antes da exportação")
    doomed = api.post(f"/api/v1/etps/{doomed_etp['id']}/exports", json={"format": "pdf"}).get_json()
    assert api.delete(f"/api/v1/etps/{doomed_etp['id']}").status_code == 204  # to the trash
    assert api.get(f"/api/v1/jobs/{doomed['id']}").status_code == 404  # the job left with its ETP
    assert api.delete(f"/api/v1/trash/{doomed_etp['id']}").status_code == 204  # purged for good

    start_worker(queues="exports", env={"STORAGE_DIR": str(storage_dir)}, concurrency=1)
    job = wait_job(api, first["id"])
    assert job["state"] == "succeeded", job
    cancelled = wait_job(api, doomed["id"])  # visible again once its ETP is gone (etp_id NULL)
    assert cancelled["state"] == "cancelled"
    assert "lixeira" in cancelled["error"] and "Traceback" not in cancelled["error"]
    [path] = [p for p in storage_dir.rglob("*") if p.is_file()]
    assert path.name == f"{job['result']['export_id']}.json"
    mtime = path.stat().st_mtime_ns

    # redelivery of the finished job, then one more job behind it on the same single-slot worker:
    # once the later job is done, the redelivered message has been handled (FIFO queue, prefetch 1)
    with app.app_context():
        app.extensions["celery"].send_task(
            "workers.tasks.exports.render_export", args=[job["id"]], task_id=job["id"], queue="exports"
        )
    later = wait_job(api, api.post(f"/api/v1/etps/{etp['id']}/exports", json={"format": "json"}).get_json()["id"])
    assert later["state"] == "succeeded"
    again = api.get(f"/api/v1/jobs/{job['id']}").get_json()
    assert again["attempts"] == 1 and again["result"] == job["result"] and again["state"] == "succeeded"
    assert path.stat().st_mtime_ns == mtime
    assert len(api.get(f"/api/v1/etps/{etp['id']}/exports").get_json()) == 2
