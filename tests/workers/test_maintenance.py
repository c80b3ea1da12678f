"""Maintenance on real workers: beat entries and routes resolve to registered tasks, backup jobs run
end to end (API and beat), the weekly restore check, housekeeping, the reaper of stuck jobs, and a
graceful worker shutdown mid-job."""

from __future__ import annotations

import os
import signal
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from tests.helpers.jobs import create_etp, job_of, openai_env, section, wait_job
from tests.helpers.polling import wait_for


@pytest.fixture
def backup_env(app, tmp_path, monkeypatch):
    directory = tmp_path / "backups"
    monkeypatch.setitem(app.config, "BACKUP_DIR", str(directory))
    return {"BACKUP_DIR": str(directory)}


def _send(app, name: str, *args, task_id: str | None = None) -> str:
    task_id = task_id or str(uuid.uuid4())
    app.extensions["celery"].send_task(name, args=list(args), task_id=task_id, queue="maintenance")
    return task_id


# --------------------------------------------------------------------------------------------------
# Wiring: every beat entry and every job kind resolves to a registered task on the right queue
# --------------------------------------------------------------------------------------------------


def test_beat_entries_and_task_routes_resolve_to_registered_tasks(app):
    import celery_worker

    try:
        celery = celery_worker.celery
        schedule = celery.conf.beat_schedule
        router = celery.amqp.Router()
        assert set(schedule) == {
            "backup-daily",
            "backup-restore-check-weekly",
            "purge-expired-exports",
            "purge-expired-tokens",
            "purge-trash",
            "sweep-jobs",
        }
        for name, entry in schedule.items():
            assert entry["task"] in celery.tasks, f"beat entry {name} names an unregistered task"
            assert router.route({}, entry["task"], (), {})["queue"].name == "maintenance", name
            assert entry["options"]["queue"] == "maintenance" and entry["options"]["expires"] > 0

        from etp_app.task_names import QUEUE_FOR_KIND, TASK_FOR_KIND

        for kind, task in TASK_FOR_KIND.items():
            assert task in celery.tasks, f"job kind {kind} is sent to an unregistered task {task}"
            assert router.route({}, task, (), {})["queue"].name == QUEUE_FOR_KIND[kind]

        daily = schedule["backup-daily"]["schedule"]
        assert daily.hour == {3} and daily.minute == {0}
        assert str(celery.conf.timezone) == "America/Sao_Paulo"
        weekly = schedule["backup-restore-check-weekly"]["schedule"]
        assert len(weekly.day_of_week) == 1
        annotations = celery.conf.task_annotations
        limits = annotations["workers.tasks.maintenance.run_backup"]
        visibility = celery.conf.broker_transport_options["visibility_timeout"]
        assert limits["soft_time_limit"] < limits["time_limit"] < visibility
    finally:
        app.extensions["celery"].set_default()


def test_backup_schedule_is_configurable():
    from config.celery import beat_schedule

    at_0130 = beat_schedule({"BACKUP_HOUR": "1", "BACKUP_MINUTE": "30"})["backup-daily"]["schedule"]
    assert at_0130.hour == {1} and at_0130.minute == {30}
    cron = beat_schedule({"BACKUP_CRON": "15 2 * * 1-5", "RESTORE_CHECK_CRON": "0 5 * * 3"})
    assert cron["backup-daily"]["schedule"].hour == {2} and cron["backup-daily"]["schedule"].day_of_week == {
        1,
        2,
        3,
        4,
        5,
    }
    assert cron["backup-restore-check-weekly"]["schedule"].day_of_week == {3}
    with pytest.raises(ValueError, match="5 fields"):
        beat_schedule({"BACKUP_CRON": "every day"})
    with pytest.raises(ValueError, match="out of range"):
        beat_schedule({"BACKUP_HOUR": "25"})


def test_backup_limits_fit_under_the_visibility_timeout():
    from config.celery import celery_settings

    small = celery_settings(
        {"CELERY_BROKER_URL": "redis://x"},
        {"CELERY_SOFT_TIME_LIMIT": "4", "CELERY_TIME_LIMIT": "5", "CELERY_VISIBILITY_TIMEOUT": "6"},
    )
    limits = small["task_annotations"]["workers.tasks.maintenance.run_backup"]
    assert limits["time_limit"] < 6
    longer = celery_settings({"CELERY_BROKER_URL": "redis://x"}, {"BACKUP_TIME_LIMIT": "7200"})
    assert longer["broker_transport_options"]["visibility_timeout"] > 7200  # the default grows with it
    with pytest.raises(ValueError, match="BACKUP_TIME_LIMIT"):
        celery_settings(
            {"CELERY_BROKER_URL": "redis://x"}, {"BACKUP_TIME_LIMIT": "7200", "CELERY_VISIBILITY_TIMEOUT": "3600"}
        )


# --------------------------------------------------------------------------------------------------
# Backups through real workers
# --------------------------------------------------------------------------------------------------


def test_backup_requested_by_the_api_runs_in_the_worker(app, make_user, start_worker, backup_env):
    from etp_app.extensions import db
    from etp_app.models import Backup

    _, admin = make_user(role="system_admin")
    start_worker(queues="maintenance", env=backup_env)
    resp = admin.post("/api/v1/admin/backups")
    assert resp.status_code == 202
    done = wait_job(admin, resp.get_json()["id"])
    assert done["state"] == "succeeded", done
    result = done["result"]
    assert result["status"] == "succeeded" and result["sha256"] and result["size_bytes"] > 0
    with app.app_context():
        row = db.session.get(Backup, uuid.UUID(result["backup_id"]))
        assert row.job_id == uuid.UUID(done["id"]) and row.trigger == "api"
        assert Path(row.path).is_file() and Path(row.path).parent == Path(backup_env["BACKUP_DIR"]).resolve()
    listed = admin.get("/api/v1/admin/backups").get_json()
    assert listed[0]["id"] == result["backup_id"] and listed[0]["available"] is True


def test_failed_backup_job_says_why(app, make_user, start_worker, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    _, admin = make_user(role="system_admin")
    start_worker(queues="maintenance", env={"BACKUP_DIR": str(blocker / "backups")})
    done = wait_job(admin, admin.post("/api/v1/admin/backups").get_json()["id"])
    assert done["state"] == "failed"
    assert done["error"].startswith("O backup falhou: BACKUP_DIR")
    assert "Traceback" not in done["error"]
    assert done["result"]["status"] == "failed"


def test_beat_backup_creates_one_job_even_when_delivered_twice_and_runs_it(app, start_worker, backup_env):
    from etp_app.extensions import db
    from etp_app.models import Backup, Job

    worker = start_worker(queues="maintenance", env=backup_env)
    beat_message = str(uuid.uuid4())
    _send(app, "workers.tasks.maintenance.scheduled_backup", task_id=beat_message)

    def finished_backup_job():
        with app.app_context():
            job = db.session.scalar(select(Job).where(Job.kind == "backup"))
            db.session.remove()
            return job if job is not None and job.is_terminal else None

    job = wait_for(finished_backup_job, timeout=60, message="the scheduled backup job")
    assert job.state == "succeeded", job.error
    assert job.organization_id is None and job.params["trigger"] == "schedule"
    _send(app, "workers.tasks.maintenance.scheduled_backup", task_id=beat_message)  # delivered again
    wait_for(lambda: "already requested" in worker.log(), timeout=30, message="the second delivery to be skipped")
    with app.app_context():
        assert db.session.query(Job).filter_by(kind="backup").count() == 1
        backups = db.session.scalars(select(Backup)).all()
        assert len(backups) == 1 and backups[0].trigger == "schedule" and backups[0].status == "succeeded"
        db.session.remove()


def test_weekly_restore_check_runs_in_the_worker(app, start_worker, backup_env):
    from etp_app.extensions import db
    from etp_app.models import Backup
    from etp_app.services import backups

    with app.app_context():
        row = backups.create_backup(trigger="schedule")
        assert row.status == "succeeded", row.error
    start_worker(queues="maintenance", env=backup_env)
    _send(app, "workers.tasks.maintenance.verify_restore")

    def checked():
        with app.app_context():
            found = db.session.get(Backup, row.id)
            db.session.remove()
            return found if found.restore_checked_at else None

    found = wait_for(checked, timeout=60, message="the restore check")
    assert found.restore_check["ok"] is True, found.restore_check
    assert found.restore_check["tables"] == len(row.table_counts)


# --------------------------------------------------------------------------------------------------
# Housekeeping
# --------------------------------------------------------------------------------------------------


def test_sweep_fails_jobs_stuck_past_the_hard_limit_and_releases_sections(app, make_user, start_worker):
    """The old reaper's rule, folded into the sweep: a running row unchanged for longer than its hard
    limit plus the margin is failed even while a lease says it lives; a fresh one under a live lease stays."""
    from etp_app.extensions import db
    from etp_app.models import Backup, Etp, Job

    _, api = make_user()
    etp = create_etp(api)
    etp_id = uuid.UUID(etp["id"])
    with app.app_context():
        org = db.session.get(Etp, etp_id).organization_id
        stuck = Job(
            kind="draft_section",
            state="running",
            etp_id=etp_id,
            inciso=1,
            attempts=1,
            organization_id=org,
            params={"incisos": [1], "previous_status": {"1": "empty"}},
        )
        alive = Job(
            kind="draft_section",
            state="running",
            etp_id=etp_id,
            inciso=2,
            attempts=1,
            worker="elsewhere",
            lease_expires_at=datetime.now(UTC) + timedelta(hours=1),
            organization_id=org,
            params={"incisos": [2], "previous_status": {"2": "empty"}},
        )
        stuck_backup = Backup(
            trigger="schedule",
            status="running",
            file_name="etp-backup-x.dump",
            path="/nonexistent/etp-backup-x.dump",
            started_at=datetime.now(UTC) - timedelta(hours=2),
        )
        db.session.add_all([stuck, alive, stuck_backup])
        db.session.execute(
            text("UPDATE sections SET status = 'drafting' WHERE etp_id = :e AND inciso IN (1, 2)"), {"e": etp_id}
        )
        db.session.commit()
        db.session.execute(
            text("UPDATE jobs SET updated_at = now() - interval '30 seconds' WHERE id = :j"), {"j": stuck.id}
        )
        db.session.commit()
        stuck_id, alive_id, backup_id = stuck.id, alive.id, stuck_backup.id
    # hard limit 5 s + margin 2 s: the job untouched for 30 s is stuck, the fresh one is not
    start_worker(
        queues="maintenance",
        env={
            "CELERY_SOFT_TIME_LIMIT": "4",
            "CELERY_TIME_LIMIT": "5",
            "CELERY_VISIBILITY_TIMEOUT": "6",
            "REAPER_MARGIN_SECONDS": "2",
        },
    )
    _send(app, "workers.tasks.maintenance.sweep_jobs")
    reaped = wait_job(api, str(stuck_id), timeout=30)
    assert reaped["state"] == "failed"
    assert "mais de 7 s" in reaped["error"] and "interrompido" in reaped["error"]
    assert job_of(api, str(alive_id))["state"] == "running"
    assert section(api, etp["id"], 1)["status"] == "empty"  # released
    assert section(api, etp["id"], 2)["status"] == "drafting"  # still owned by the live job
    with app.app_context():
        assert db.session.get(Backup, backup_id).status == "failed"
        db.session.remove()


def test_expired_reset_tokens_and_ended_sessions_are_purged(app, make_user):
    from etp_app.extensions import db
    from etp_app.models import AuthSession, PasswordResetToken
    from etp_app.services import housekeeping

    user, _ = make_user()
    now = datetime.now(UTC)
    with app.app_context():
        uid = uuid.UUID(user["id"])
        db.session.add_all(
            [
                PasswordResetToken(user_id=uid, token_hash="a" * 64, expires_at=now - timedelta(minutes=1)),
                PasswordResetToken(
                    user_id=uid,
                    token_hash="b" * 64,
                    expires_at=now + timedelta(hours=1),
                    used_at=now - timedelta(days=2),
                ),
                PasswordResetToken(user_id=uid, token_hash="c" * 64, expires_at=now + timedelta(hours=1)),
            ]
        )
        db.session.commit()
        assert housekeeping.purge_expired_reset_tokens() == 2
        assert [t.token_hash for t in db.session.scalars(select(PasswordResetToken))] == ["c" * 64]

        def session(jti, *, expires_days, revoked_days=None):
            revoked_at = now - timedelta(days=revoked_days) if revoked_days is not None else None
            return AuthSession(
                user_id=uid,
                expires_at=now + timedelta(days=expires_days),
                revoked_at=revoked_at,
                revoked_reason="logout" if revoked_at else None,
                current_jti=jti,
            )

        live = session("live", expires_days=7)
        db.session.add_all(
            [
                live,
                session("expired-long-ago", expires_days=-31),
                session("revoked-long-ago", expires_days=7, revoked_days=31),
                session("revoked-recently", expires_days=7, revoked_days=1),
                session("expired-recently", expires_days=-1),
            ]
        )
        db.session.commit()
        # the user's login session (make_user logs in) stays too
        assert housekeeping.purge_ended_sessions() == 2
        left = set(db.session.scalars(select(AuthSession.current_jti)))
        assert {"live", "revoked-recently", "expired-recently"} <= left
        assert not left & {"expired-long-ago", "revoked-long-ago"}


def test_expired_exports_are_purged_by_the_exports_service(app, monkeypatch):
    from etp_app.services import exports, housekeeping

    calls = []
    monkeypatch.setattr(exports, "purge_expired", lambda: calls.append(1) or 3)
    with app.app_context():
        assert housekeeping.purge_expired_exports() == 3
    assert calls == [1]
    monkeypatch.undo()
    with app.app_context():
        assert housekeeping.purge_expired_exports() == 0  # the real one, on an empty table


# --------------------------------------------------------------------------------------------------
# Graceful shutdown
# --------------------------------------------------------------------------------------------------


def test_sigterm_mid_job_lets_the_running_job_finish(app, make_user, start_worker, fake):
    """Warm shutdown: the worker stops taking messages, waits for the running task, acks it, exits."""
    _, api = make_user()
    worker = start_worker(env=openai_env(fake))
    etp = create_etp(api)
    fake.latency = 3.0
    job = api.post(f"/api/v1/etps/{etp['id']}/sections/2/draft", json={}).get_json()
    assert fake.wait_for_requests(1, timeout=20)
    assert job_of(api, job["id"])["state"] == "running"
    os.killpg(worker.proc.pid, signal.SIGTERM)
    assert worker.proc.wait(timeout=40) == 0, worker.log()
    done = job_of(api, job["id"])
    assert done["state"] == "succeeded", done
    assert done["attempts"] == 1
    assert section(api, etp["id"], 2)["status"] == "drafted"
    from etp_app.redis_client import get_redis

    with app.app_context():  # acknowledged: nothing left to redeliver
        client = get_redis().client
        assert client.llen("drafting") == 0 and client.hlen("unacked") == 0
