"""GET | POST /api/v1/admin/backups: system administrators only; POST answers 202 with a backup Job
(the job row first, then the message on the maintenance queue)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest


def _queued_messages(app, queue: str = "maintenance") -> list[dict]:
    from etp_app.redis_client import get_redis

    with app.app_context():
        return [json.loads(raw) for raw in get_redis().client.lrange(queue, 0, -1)]


def test_backups_need_a_token(client):
    assert client.get("/api/v1/admin/backups").status_code == 401
    assert client.post("/api/v1/admin/backups").status_code == 401


@pytest.mark.parametrize("role", ["viewer", "member", "org_admin"])
def test_backups_are_for_system_admins_only(make_user, role):
    _, api = make_user(role=role)
    for resp in (api.get("/api/v1/admin/backups"), api.post("/api/v1/admin/backups")):
        assert resp.status_code == 403, resp.get_json()
        assert resp.get_json()["code"] == 403


def test_post_answers_202_with_a_backup_job_and_queues_it(app, make_user):
    admin_user, admin = make_user(role="system_admin")
    resp = admin.post("/api/v1/admin/backups", headers={"X-Request-ID": "req-backup-0001"})
    assert resp.status_code == 202, resp.get_json()
    job = resp.get_json()
    assert job["kind"] == "backup" and job["state"] == "queued" and job["progress"] == 0
    assert resp.headers["Location"].endswith(f"/api/v1/jobs/{job['id']}")
    assert admin.get(resp.headers["Location"]).get_json()["id"] == job["id"]  # pollable by the admin

    messages = _queued_messages(app)
    assert len(messages) == 1
    headers = messages[0]["headers"]
    assert headers["task"] == "workers.tasks.maintenance.run_backup"
    assert headers["id"] == job["id"]
    assert headers["request_id"] == "req-backup-0001"  # carried to the worker's logs

    from etp_app.extensions import db
    from etp_app.models import AuditLog, Job

    with app.app_context():
        row = db.session.get(Job, uuid.UUID(job["id"]))
        assert row.params == {"trigger": "api"} and str(row.created_by) == admin_user["id"]
        assert db.session.query(AuditLog).filter_by(action="backup.requested").count() == 1


def test_a_second_backup_while_one_is_queued_is_409(app, make_user):
    _, admin = make_user(role="system_admin")
    first = admin.post("/api/v1/admin/backups")
    assert first.status_code == 202
    second = admin.post("/api/v1/admin/backups")
    assert second.status_code == 409
    assert second.get_json()["errors"]["job_id"] == [first.get_json()["id"]]
    assert len(_queued_messages(app)) == 1


def test_idempotency_key_returns_the_same_job(app, make_user):
    _, admin = make_user(role="system_admin")
    one = admin.post("/api/v1/admin/backups", headers={"Idempotency-Key": "backup-2026-11-29"})
    two = admin.post("/api/v1/admin/backups", headers={"Idempotency-Key": "backup-2026-11-29"})
    assert one.status_code == two.status_code == 202
    assert one.get_json()["id"] == two.get_json()["id"]
    assert len(_queued_messages(app)) == 1


def test_broker_down_marks_the_job_failed_and_answers_503(app, make_user, monkeypatch):
    _, admin = make_user(role="system_admin")
    celery = app.extensions["celery"]

    def refuse(*_a, **_kw):
        raise ConnectionError("broker down")

    monkeypatch.setattr(celery, "send_task", refuse)
    resp = admin.post("/api/v1/admin/backups")
    assert resp.status_code == 503
    job_id = resp.get_json()["errors"]["job_id"][0]
    assert admin.get(f"/api/v1/jobs/{job_id}").get_json()["state"] == "failed"


def test_get_lists_backups_newest_first_with_pagination(app, make_user):
    from etp_app.extensions import db
    from etp_app.models import Backup

    now = datetime.now(UTC)
    with app.app_context():
        for i in range(3):
            started = now - timedelta(days=i)
            db.session.add(
                Backup(
                    trigger="schedule",
                    status="succeeded" if i != 1 else "failed",
                    file_name=f"etp-backup-{started:%Y%m%dT%H%M%SZ}-0000000{i}.dump",
                    path=f"/backups/{i}.dump",
                    size_bytes=1000 + i if i != 1 else None,
                    sha256=("ab" * 32) if i != 1 else None,
                    duration_seconds=1.5,
                    table_counts={"public.etps": 2, "public.users": 3} if i != 1 else None,
                    error="pg_dump terminou com código 1" if i == 1 else None,
                    started_at=started,
                    finished_at=started + timedelta(seconds=2),
                    restore_checked_at=started if i == 0 else None,
                    restore_check={"ok": True, "tables": 2, "rows": 5} if i == 0 else None,
                )
            )
        db.session.commit()
    _, admin = make_user(role="system_admin")
    resp = admin.get("/api/v1/admin/backups?page_size=2")
    assert resp.status_code == 200, resp.get_json()
    page = resp.get_json()
    assert len(page) == 2
    assert json.loads(resp.headers["X-Pagination"])["total"] == 3
    newest, failed = page
    assert newest["status"] == "succeeded" and newest["available"] is True
    assert newest["tables"] == 2 and newest["rows"] == 5 and newest["size_bytes"] == 1000
    assert newest["restore_check"]["ok"] is True
    assert failed["status"] == "failed" and failed["available"] is False and failed["error"]
    assert failed["tables"] is None
    assert "path" not in newest  # the server's file layout stays on the server


def test_admin_routes_are_documented(client):
    spec = client.get("/api/openapi.json").get_json()
    ops = spec["paths"]["/api/v1/admin/backups"]
    assert "202" in ops["post"]["responses"] and "200" in ops["get"]["responses"]
    assert ops["post"]["security"] == [{"bearerAuth": []}]
