"""The start guard and the sweep's decisions, on the real PostgreSQL and Redis of the suite (no worker).

A job starts only when it is queued, or running with an expired lease and attempts left — in one
conditional UPDATE, so two deliveries cannot both win. The sweep re-publishes running jobs whose lease
expired and queued jobs past the grace, and fails (releasing their sections) the ones out of attempts.
"""

from __future__ import annotations

import json
import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

from tests.helpers.jobs import create_etp, job_of, section


def _now() -> datetime:
    return datetime.now(UTC)


def _queued_etp_draft(api, incisos=(1, 2, 3)) -> tuple[dict, dict]:
    etp = create_etp(api)
    resp = api.post(f"/api/v1/etps/{etp['id']}/draft", json={"incisos": list(incisos)})
    assert resp.status_code == 202, resp.get_json()
    return etp, resp.get_json()


def _set(app, job_id, **values) -> None:
    from etp_app.extensions import db

    sets = ", ".join(f"{k} = :{k}" for k in values)
    with app.app_context():
        db.session.execute(text(f"UPDATE jobs SET {sets} WHERE id = :job"), {**values, "job": uuid.UUID(job_id)})
        db.session.commit()
        db.session.remove()


def _row(app, job_id):
    from etp_app.extensions import db
    from etp_app.models import Job

    with app.app_context():
        job = db.session.get(Job, uuid.UUID(job_id))
        row = {
            c: getattr(job, c)
            for c in ("state", "attempts", "worker", "lease_expires_at", "heartbeat_at", "updated_at", "error")
        }
        db.session.remove()
        return row


def _queued_messages(app, queue: str = "drafting") -> list[str]:
    """Task ids of the messages waiting in a queue (kombu's Redis transport: one list per queue)."""
    from etp_app.redis_client import get_redis

    with app.app_context():
        raw = get_redis().client.lrange(queue, 0, -1)
    return [json.loads(m)["headers"]["id"] for m in raw]


def _clear_queue(app, queue: str = "drafting") -> None:
    from etp_app.redis_client import get_redis

    with app.app_context():
        get_redis().client.delete(queue)


# --- the start guard ----------------------------------------------------------------------------


def test_a_queued_job_starts_once_under_a_lease_and_a_second_delivery_does_nothing(app, make_user):
    from etp_app.extensions import db
    from etp_app.services import jobs

    _, api = make_user()
    _, job = _queued_etp_draft(api)
    jid = uuid.UUID(job["id"])
    with app.app_context():
        before = _now()
        started = jobs.start(jid, "worker-a")
        assert started is not None and started[0]["incisos"] == [1, 2, 3]
        again = jobs.start(jid, "worker-b")  # a duplicate delivery while the lease is live
        assert again is None
        db.session.remove()
    row = _row(app, job["id"])
    assert row["state"] == "running" and row["attempts"] == 1 and row["worker"] == "worker-a"
    assert row["lease_expires_at"] >= before + timedelta(seconds=app.config["JOB_LEASE_SECONDS"] - 1)


def test_a_running_job_with_an_expired_lease_is_taken_over_and_counts_an_attempt(app, make_user):
    from etp_app.extensions import db
    from etp_app.services import jobs

    _, api = make_user()
    _, job = _queued_etp_draft(api)
    jid = uuid.UUID(job["id"])
    with app.app_context():
        assert jobs.start(jid, "worker-a") is not None
        db.session.remove()
    _set(app, job["id"], lease_expires_at=_now() - timedelta(seconds=1))
    with app.app_context():
        assert jobs.start(jid, "worker-b") is not None
        db.session.remove()
    row = _row(app, job["id"])
    assert row["state"] == "running" and row["attempts"] == 2 and row["worker"] == "worker-b"
    assert row["lease_expires_at"] > _now()


def test_a_live_lease_is_respected_by_begin_too_even_out_of_attempts(app, make_user):
    """The slow path (exports, backups): a live lease wins over the out-of-attempts failure."""
    from etp_app.extensions import db
    from etp_app.services import jobs

    _, api = make_user()
    _, job = _queued_etp_draft(api)
    jid = uuid.UUID(job["id"])
    with app.app_context():
        assert jobs.start(jid, "worker-a") is not None
        db.session.remove()
    _set(app, job["id"], attempts=3, max_attempts=3)
    with app.app_context():
        assert jobs.begin(jid, "worker-b") is None
        db.session.remove()
    assert _row(app, job["id"])["state"] == "running"  # still the live run's


def test_an_expired_lease_without_attempts_left_fails_the_job_and_releases_its_sections(app, make_user):
    from etp_app.extensions import db
    from etp_app.services import jobs

    _, api = make_user()
    etp, job = _queued_etp_draft(api)
    jid = uuid.UUID(job["id"])
    assert section(api, etp["id"], 2)["status"] == "drafting"
    _set(app, job["id"], state="running", attempts=3, lease_expires_at=_now() - timedelta(seconds=5))
    with app.app_context():
        assert jobs.start(jid, "worker-b") is None
        db.session.remove()
    done = job_of(api, job["id"])
    assert done["state"] == "failed" and "não será tentado novamente" in done["error"]
    assert [section(api, etp["id"], i)["status"] for i in (1, 2, 3)] == ["empty", "empty", "empty"]


def test_two_deliveries_racing_on_a_queued_job_start_it_once(app, make_user):
    from etp_app.extensions import db
    from etp_app.services import jobs

    _, api = make_user()
    _, job = _queued_etp_draft(api)
    jid = uuid.UUID(job["id"])
    barrier = threading.Barrier(4)
    wins: list[str] = []

    def deliver(name: str) -> None:
        with app.app_context():
            barrier.wait(timeout=10)
            if jobs.start(jid, name) is not None:
                wins.append(name)
            db.session.remove()

    threads = [threading.Thread(target=deliver, args=(f"worker-{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(wins) == 1, wins
    row = _row(app, job["id"])
    assert row["attempts"] == 1 and row["worker"] == wins[0]


# --- the heartbeat --------------------------------------------------------------------------------


def test_a_beat_renews_only_the_lease_of_its_own_worker_and_leaves_updated_at(app, make_user):
    from etp_app.extensions import db
    from etp_app.services import job_leases, jobs

    _, api = make_user()
    _, job = _queued_etp_draft(api)
    jid = uuid.UUID(job["id"])
    with app.app_context():
        jobs.start(jid, "worker-a")
        db.session.remove()
    _set(app, job["id"], lease_expires_at=_now() + timedelta(seconds=1))
    before = _row(app, job["id"])
    with app.app_context():
        assert job_leases.renew(jid, "worker-b", 30) is False  # not its job
        assert job_leases.renew(jid, "worker-a", 30) is True
    after = _row(app, job["id"])
    assert after["lease_expires_at"] > before["lease_expires_at"] + timedelta(seconds=20)
    assert after["heartbeat_at"] > before["heartbeat_at"]
    assert after["updated_at"] == before["updated_at"]  # a beat is not progress: the stuck rule stays true


def test_the_heartbeat_thread_beats_until_stopped(app, make_user):
    from etp_app.extensions import db
    from etp_app.services import job_leases, jobs
    from tests.helpers.polling import wait_for

    _, api = make_user()
    _, job = _queued_etp_draft(api)
    jid = uuid.UUID(job["id"])
    with app.app_context():
        jobs.start(jid, "worker-a")
        db.session.remove()
        first = _row(app, job["id"])["heartbeat_at"]
        beat = job_leases.Heartbeat(app=app, job_id=jid, worker="worker-a", every=0.2, seconds=30).start()
        try:
            wait_for(lambda: _row(app, job["id"])["heartbeat_at"] > first, timeout=10, message="a beat")
        finally:
            beat.stop()
    assert beat._thread is not None and not beat._thread.is_alive()


# --- the sweep's decisions ------------------------------------------------------------------------


def _rules(grace=60, stuck=1080):
    from etp_app.services import job_leases

    return job_leases.SweepRules(grace=timedelta(seconds=grace), stuck_after={}, default_stuck_after=stuck)


@pytest.mark.parametrize(
    ("state", "lease_in", "attempts", "age", "expected"),
    [
        ("running", 10, 1, 5, None),  # live lease: it runs somewhere
        ("running", -1, 1, 5, "requeue"),  # its worker died, attempts left
        ("running", None, 1, 5, "requeue"),  # started before leases existed
        ("running", -1, 3, 5, "fail"),  # died on its last attempt
        ("running", 10, 1, 2000, "stuck"),  # beating but unchanged past the hard limit + margin
        ("queued", None, 0, 5, None),  # young: its message is surely on its way
        ("queued", None, 0, 90, "republish"),  # older than the grace: its message may be lost
        ("succeeded", None, 1, 5000, None),
        ("failed", -100, 1, 5000, None),
        ("cancelled", None, 1, 5000, None),
    ],
)
def test_sweep_decisions(state, lease_in, attempts, age, expected):
    from etp_app.models import Job
    from etp_app.services import job_leases

    now = _now()
    job = Job(
        kind="draft_etp",
        state=state,
        attempts=attempts,
        max_attempts=3,
        lease_expires_at=None if lease_in is None else now + timedelta(seconds=lease_in),
        updated_at=now - timedelta(seconds=age),
    )
    assert job_leases.decide(job, now, _rules()) == expected


def test_the_sweep_republishes_lost_jobs_fails_spent_ones_and_releases_their_sections(app, make_user):
    from etp_app.extensions import db
    from etp_app.services import job_leases

    _, api = make_user()
    _, live = _queued_etp_draft(api, (1,))
    lost_etp, lost = _queued_etp_draft(api, (2, 3))
    spent_etp, spent = _queued_etp_draft(api, (4, 5))
    _, old_queued = _queued_etp_draft(api, (6,))
    _, young_queued = _queued_etp_draft(api, (7,))
    now = _now()
    _set(app, live["id"], state="running", attempts=1, worker="w", lease_expires_at=now + timedelta(seconds=30))
    _set(app, lost["id"], state="running", attempts=1, worker="w", lease_expires_at=now - timedelta(seconds=2))
    _set(app, spent["id"], state="running", attempts=3, worker="w", lease_expires_at=now - timedelta(seconds=2))
    _set(app, old_queued["id"], updated_at=now - timedelta(seconds=120))
    _clear_queue(app)  # Redis lost the messages

    with app.app_context():
        report = job_leases.sweep(_rules(grace=60), now)
        db.session.remove()
    assert report.requeued == [uuid.UUID(lost["id"])]
    assert report.republished == [uuid.UUID(old_queued["id"])]
    assert report.failed == [uuid.UUID(spent["id"])]
    assert sorted(_queued_messages(app)) == sorted([lost["id"], old_queued["id"]])

    lost_row = _row(app, lost["id"])
    assert lost_row["state"] == "queued" and lost_row["lease_expires_at"] is None and lost_row["attempts"] == 1
    assert section(api, lost_etp["id"], 2)["status"] == "drafting"  # still the job's: it will resume
    assert _row(app, live["id"])["state"] == "running"
    assert _row(app, young_queued["id"])["state"] == "queued"

    failed = job_of(api, spent["id"])
    assert failed["state"] == "failed"
    assert "interrompido 3 vezes" in failed["error"] and "liberadas" in failed["error"]
    assert [section(api, spent_etp["id"], i)["status"] for i in (4, 5)] == ["empty", "empty"]
    # the sections of the lost job are free again: no "Todas as seções já têm conteúdo" 409
    again = api.post(f"/api/v1/etps/{spent_etp['id']}/draft", json={})
    assert again.status_code == 202, again.get_json()

    # a second sweep right away publishes nothing more: the grace of a re-published job starts again
    _clear_queue(app)
    with app.app_context():
        second = job_leases.sweep(_rules(grace=60), now + timedelta(seconds=1))
        db.session.remove()
    assert second.requeued == second.republished == second.failed == []
    assert _queued_messages(app) == []


def test_the_sweep_fails_a_stuck_job_even_with_a_live_lease(app, make_user):
    from etp_app.extensions import db
    from etp_app.services import job_leases

    _, api = make_user()
    etp, job = _queued_etp_draft(api, (1,))
    now = _now()
    _set(
        app,
        job["id"],
        state="running",
        attempts=1,
        worker="w",
        lease_expires_at=now + timedelta(seconds=30),
        updated_at=now - timedelta(seconds=60),
    )
    with app.app_context():
        report = job_leases.sweep(_rules(stuck=50), now)
        db.session.remove()
    assert report.failed == [uuid.UUID(job["id"])]
    failed = job_of(api, job["id"])
    assert failed["state"] == "failed" and "mais de 50 s" in failed["error"]
    assert section(api, etp["id"], 1)["status"] == "empty"


def test_the_sweep_skips_a_row_locked_by_a_live_transaction(app, make_user):
    from etp_app.extensions import db
    from etp_app.models import Job
    from etp_app.services import job_leases

    _, api = make_user()
    _, job = _queued_etp_draft(api, (1,))
    now = _now()
    _set(app, job["id"], state="running", attempts=1, worker="w", lease_expires_at=now - timedelta(seconds=2))
    with app.app_context():
        holder = db.engine.connect()
        tx = holder.begin()
        holder.execute(select(Job.id).where(Job.id == uuid.UUID(job["id"])).with_for_update())
        try:
            report = job_leases.sweep(_rules(), now)
        finally:
            tx.rollback()
            holder.close()
        db.session.remove()
    assert report.requeued == [] and _row(app, job["id"])["state"] == "running"
