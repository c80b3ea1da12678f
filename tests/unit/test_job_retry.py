"""Infrastructure errors are not job failures (issue 14 §2): ``services/job_retry.py`` and what
``workers/jobrun.py`` does with it, against the test database — a job given back keeps what it
stored and gets its attempt back, a deferral is bounded by ``JOB_MAX_DEFER_SECONDS`` with its cause
as the error, an unreachable database publishes the message again instead of consuming it, and a
section's store survives its connection being cut (``pg_terminate_backend``, what a restart does to
every connection). The broker is replaced by a recorder: no worker runs here.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from etp_app import task_names
from etp_app.services import job_retry
from tests.helpers.jobs import create_etp
from workers import jobrun
from workers.tasks import drafting as drafting_tasks

WORKER = "test-host:1:1"
OTHER_WORKER = "test-host:2:2"


def _db_error() -> OperationalError:
    return OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))


@pytest.fixture
def published(monkeypatch):
    """What run_job publishes again: (task, job id, countdown, request id)."""
    sent: list[tuple[str, uuid.UUID, float, str | None]] = []

    def publish(task, job_id, countdown, request_id=None):
        sent.append((task, job_id, countdown, request_id))
        return True

    monkeypatch.setattr(job_retry, "publish", publish)
    return sent


@pytest.fixture
def in_a_task(monkeypatch):
    """run_job as a worker runs it: inside the drafting task, whose message carries a request id."""
    task = SimpleNamespace(name=task_names.DRAFT_ETP, request=SimpleNamespace(request_id="req-42", headers={}))
    monkeypatch.setattr(jobrun, "current_task", task)
    return task


@pytest.fixture
def no_heartbeat(monkeypatch):
    class Beat:
        def stop(self):
            pass

    monkeypatch.setattr(jobrun.job_leases, "heartbeat", lambda job_id, worker: Beat())


@pytest.fixture
def draft_job(app, make_user):
    """A queued whole-ETP draft of I–III (no worker runs: it stays queued) -> (job id, etp id)."""
    _, api = make_user()
    etp = create_etp(api)
    resp = api.post(f"/api/v1/etps/{etp['id']}/draft", json={"incisos": [1, 2, 3]})
    assert resp.status_code == 202, resp.get_json()
    return uuid.UUID(resp.get_json()["id"]), uuid.UUID(etp["id"])


def _job(app, job_id):
    from etp_app.extensions import db
    from etp_app.models import Job

    with app.app_context():
        job = db.session.get(Job, job_id)
        db.session.expunge(job)
        db.session.remove()
    return job


def _update(app, job_id, **values):
    from etp_app.extensions import db
    from etp_app.models import Job

    with app.app_context():
        job = db.session.get(Job, job_id)
        for name, value in values.items():
            setattr(job, name, value)
        db.session.commit()
        db.session.remove()


def _start(app, job_id, worker=WORKER):
    from etp_app.extensions import db
    from etp_app.services import jobs

    with app.app_context():
        started = jobs.start(job_id, worker)
        db.session.remove()
    assert started is not None


def _statuses(app, etp_id) -> list[str]:
    from etp_app.extensions import db
    from etp_app.models import Section

    with app.app_context():
        rows = list(db.session.scalars(select(Section.status).where(Section.etp_id == etp_id).order_by(Section.inciso)))
        db.session.remove()
    return rows


def _draft_writes(app, etp_id) -> int:
    from etp_app.extensions import db
    from etp_app.models import AuditLog

    with app.app_context():
        count = db.session.scalar(
            select(func.count())
            .select_from(AuditLog)
            .where(AuditLog.action == "section.draft", AuditLog.etp_id == etp_id)
        )
        db.session.remove()
    return int(count or 0)


# --- give_back ----------------------------------------------------------------------------------


def test_give_back_returns_the_attempt_and_keeps_what_the_job_stored(app, draft_job):
    job_id, _ = draft_job
    _start(app, job_id)
    stored = {"sections": {"I": {"status": "succeeded"}}}
    _update(app, job_id, result=stored)
    with app.app_context():
        assert job_retry.give_back(job_id, WORKER, None) == "draft_etp"
    job = _job(app, job_id)
    assert (job.state, job.attempts, job.worker, job.lease_expires_at) == ("queued", 0, None, None)
    assert job.result == stored  # nothing recorded for a retry in place, nothing lost


def test_a_deferral_records_its_reason_and_counts(app, draft_job):
    job_id, _ = draft_job
    _start(app, job_id)
    with app.app_context():
        assert job_retry.give_back(job_id, WORKER, "O provedor de IA está falhando.") == "draft_etp"
    first = _job(app, job_id).result["retry"]
    _start(app, job_id)
    with app.app_context():
        job_retry.give_back(job_id, WORKER, "O banco de dados ficou indisponível.")
    retry = _job(app, job_id).result["retry"]
    assert retry["count"] == 2 and retry["since"] == first["since"]  # waiting counts from the first
    assert retry["reason"] == "O banco de dados ficou indisponível."
    assert _job(app, job_id).attempts == 0


def test_give_back_leaves_a_live_run_of_another_worker_and_a_finished_job(app, draft_job):
    job_id, _ = draft_job
    _start(app, job_id, OTHER_WORKER)
    with app.app_context():
        assert job_retry.give_back(job_id, WORKER, None) is None
    job = _job(app, job_id)
    assert (job.state, job.worker, job.attempts) == ("running", OTHER_WORKER, 1)

    _update(app, job_id, state="succeeded", finished_at=datetime.now(UTC))
    with app.app_context():
        assert job_retry.give_back(job_id, OTHER_WORKER, None) is None
    assert _job(app, job_id).state == "succeeded"


def test_give_back_queues_a_run_whose_lease_expired_without_returning_its_attempt(app, draft_job):
    """The delivery after a dead run met the database error before it could start the job."""
    job_id, _ = draft_job
    _start(app, job_id, OTHER_WORKER)
    _update(app, job_id, lease_expires_at=datetime.now(UTC) - timedelta(seconds=1))
    with app.app_context():
        assert job_retry.give_back(job_id, WORKER, None) == "draft_etp"
    job = _job(app, job_id)
    assert (job.state, job.worker, job.attempts) == ("queued", None, 1)  # the dead run's attempt counts


def test_a_job_waiting_longer_than_the_bound_fails_with_the_cause_and_releases_its_sections(app, draft_job):
    job_id, etp_id = draft_job
    _start(app, job_id)
    since = datetime.now(UTC) - timedelta(seconds=app.config["JOB_MAX_DEFER_SECONDS"] + 5)
    cause = "O provedor de IA está falhando (última falha: erro 500 do provedor de IA)."
    _update(app, job_id, result={"retry": {"since": since.isoformat(), "count": 7, "reason": cause}})
    assert _statuses(app, etp_id)[:3] == ["drafting"] * 3
    with app.app_context():
        assert job_retry.give_back(job_id, WORKER, cause) is None
    job = _job(app, job_id)
    assert job.state == "failed" and job.finished_at is not None
    assert cause in job.error and "15 min" in job.error and job.error.endswith("Peça-o novamente.")
    assert _statuses(app, etp_id)[:3] == ["empty"] * 3  # released


def test_a_job_that_went_on_since_its_last_wait_starts_a_new_wait(app, draft_job):
    """The bound is on one wait: a long job that waited once, then drafted more sections, is not
    failed at its next wait because its first one began long ago."""
    job_id, _ = draft_job
    _start(app, job_id)
    since = datetime.now(UTC) - timedelta(seconds=app.config["JOB_MAX_DEFER_SECONDS"] + 5)
    cause = "O provedor de IA está falhando (última falha: erro 500 do provedor de IA)."
    _update(app, job_id, progress=46, result={"retry": {"since": since.isoformat(), "count": 1, "progress": 15}})
    with app.app_context():
        assert job_retry.give_back(job_id, WORKER, cause) == "draft_etp"
    job = _job(app, job_id)
    assert job.state == "queued"
    retry = job.result["retry"]
    assert retry["progress"] == 46 and retry["count"] == 2
    assert datetime.fromisoformat(retry["since"]) > since + timedelta(seconds=60)  # a new clock


def test_give_back_when_reachable_waits_with_backoff(app, draft_job, monkeypatch):
    import time

    job_id, _ = draft_job
    real = job_retry.give_back
    failures = iter([_db_error(), _db_error()])

    def flaky(*args):
        error = next(failures, None)
        if error is not None:
            raise error
        return real(*args)

    monkeypatch.setattr(job_retry, "give_back", flaky)
    slept: list[float] = []
    with app.app_context():
        reached = job_retry.give_back_when_reachable(job_id, WORKER, None, time.monotonic() + 30, sleep=slept.append)
        assert reached == (True, "draft_etp")
        assert slept == [0.25, 0.5]

        monkeypatch.setattr(job_retry, "give_back", lambda *a: (_ for _ in ()).throw(_db_error()))
        slept.clear()
        assert job_retry.give_back_when_reachable(job_id, WORKER, None, time.monotonic() + 1, sleep=slept.append) == (
            False,
            None,
        )
        assert slept == [0.25, 0.5]  # the next wait (1 s) would pass the deadline

        monkeypatch.setattr(job_retry, "give_back", lambda *a: (_ for _ in ()).throw(KeyError("bug")))
        with pytest.raises(KeyError):  # a bug is not retried
            job_retry.give_back_when_reachable(job_id, WORKER, None, time.monotonic() + 1, sleep=slept.append)


def test_what_is_transient():
    assert job_retry.is_transient(_db_error())
    assert not job_retry.is_transient(IntegrityError("INSERT", {}, Exception("duplicate key")))
    assert not job_retry.is_transient(KeyError("x"))
    import kombu.exceptions

    assert job_retry.is_transient(kombu.exceptions.OperationalError("broker down"))


def test_retry_unit_once(app):
    calls: list[int] = []

    def unit():
        calls.append(1)
        if len(calls) == 1:
            raise _db_error()
        return "stored"

    with app.app_context():
        assert job_retry.retry_unit_once(unit, what="test") == "stored" and len(calls) == 2

        calls.clear()
        with pytest.raises(OperationalError):  # twice: the task's own retry takes over
            job_retry.retry_unit_once(lambda: calls.append(1) or (_ for _ in ()).throw(_db_error()), what="test")
        assert len(calls) == 2

        calls.clear()
        with pytest.raises(KeyError):  # not a database error: not retried
            job_retry.retry_unit_once(lambda: calls.append(1) or (_ for _ in ()).throw(KeyError("x")), what="test")
        assert len(calls) == 1


# --- run_job ------------------------------------------------------------------------------------


def _work(app, outcomes):
    """A job's work that starts the job as the services do, then does what ``outcomes`` says for
    each run in turn: raise, or finish the job with its result."""
    from etp_app.extensions import db
    from etp_app.services import jobs

    runs: list[int] = []

    def work(job_id):
        runs.append(1)
        started = jobs.start(job_id)
        if started is None:
            return
        outcome = outcomes[min(len(runs), len(outcomes)) - 1]
        if isinstance(outcome, BaseException):
            raise outcome
        job = jobs.lock_running(job_id)
        result = dict(job.result or {})
        result.pop("retry", None)
        jobs.succeed(job, {**result, **outcome})
        db.session.commit()

    return work, runs


def test_a_database_error_mid_job_resumes_in_place_with_the_attempt_returned(app, draft_job, no_heartbeat, published):
    job_id, _ = draft_job
    work, runs = _work(app, [_db_error(), {"done": True}])
    with app.app_context():
        jobrun.run_job(str(job_id), work, drafting_tasks._FAILURES)
    job = _job(app, job_id)
    assert len(runs) == 2 and job.state == "succeeded" and job.result == {"done": True}
    assert job.attempts == 1  # the interrupted run gave its attempt back
    assert published == []  # resumed in the same task: nothing to publish


def test_an_unreachable_database_publishes_the_message_again(
    app, draft_job, no_heartbeat, published, in_a_task, monkeypatch
):
    job_id, _ = draft_job
    _start(app, job_id, jobrun.job_leases.worker_id())  # running here when the database went away

    def unreachable(*_args):
        raise _db_error()

    monkeypatch.setattr(job_retry, "give_back", unreachable)
    monkeypatch.setitem(app.config, "JOB_DB_RETRY_SECONDS", 1)
    with app.app_context():
        jobrun.run_job(str(job_id), lambda _jid: (_ for _ in ()).throw(_db_error()), drafting_tasks._FAILURES)
        lease = float(jobrun.job_leases.lease_seconds())
    # the message is not consumed for nothing: published again for when the lease has expired
    assert published == [(task_names.DRAFT_ETP, job_id, lease, "req-42")]
    assert _job(app, job_id).state == "running"  # nothing could be written; the next delivery starts it


def test_database_errors_again_and_again_defer_the_job_bounded(app, draft_job, no_heartbeat, published, in_a_task):
    job_id, _ = draft_job
    work, runs = _work(app, [_db_error()])  # every run meets it
    with app.app_context():
        jobrun.run_job(str(job_id), work, drafting_tasks._FAILURES)
        lease = float(jobrun.job_leases.lease_seconds())
    job = _job(app, job_id)
    assert len(runs) == jobrun.MAX_RESUMES_IN_PLACE + 1
    assert (job.state, job.attempts) == ("queued", 0)
    assert job.result["retry"]["reason"] == job_retry.DATABASE_UNAVAILABLE  # bounded by JOB_MAX_DEFER_SECONDS
    assert published == [(task_names.DRAFT_ETP, job_id, lease, "req-42")]


def test_retry_later_gives_the_job_back_and_publishes_it_with_the_countdown(
    app, draft_job, no_heartbeat, published, in_a_task
):
    job_id, etp_id = draft_job
    reason = "O provedor de IA está falhando (última falha: tempo esgotado ao chamar o provedor de IA)."
    work, _ = _work(app, [job_retry.RetryLater(reason, 12)])
    with app.app_context():
        jobrun.run_job(str(job_id), work, drafting_tasks._FAILURES)
    job = _job(app, job_id)
    assert (job.state, job.attempts, job.result["retry"]["reason"]) == ("queued", 0, reason)
    assert published == [(task_names.DRAFT_ETP, job_id, 12.0, "req-42")]
    assert _statuses(app, etp_id)[:3] == ["drafting"] * 3  # still its own: it runs again

    # a countdown past the sweep's queued grace is cut under it (the sweep would publish it sooner)
    published.clear()
    work, _ = _work(app, [job_retry.RetryLater(reason, 3600)])
    with app.app_context():
        jobrun.run_job(str(job_id), work, drafting_tasks._FAILURES)
    assert published[0][2] == app.config["JOB_QUEUED_GRACE_SECONDS"] - 5


def test_retry_later_past_the_bound_fails_the_job_with_the_cause(app, draft_job, no_heartbeat, published, in_a_task):
    job_id, etp_id = draft_job
    cause = "O provedor de IA está falhando (última falha: erro 500 do provedor de IA)."
    since = datetime.now(UTC) - timedelta(seconds=app.config["JOB_MAX_DEFER_SECONDS"] + 1)
    _update(app, job_id, result={"retry": {"since": since.isoformat(), "count": 3, "reason": cause}})
    work, _ = _work(app, [job_retry.RetryLater(cause, 10)])
    with app.app_context():
        jobrun.run_job(str(job_id), work, drafting_tasks._FAILURES)
    job = _job(app, job_id)
    assert job.state == "failed" and cause in job.error
    assert published == []  # not run again
    assert _statuses(app, etp_id)[:3] == ["empty"] * 3


def test_a_failure_is_recorded_once_the_database_answers_again(app, draft_job, no_heartbeat, monkeypatch):
    from etp_app.services import jobs

    job_id, _ = draft_job
    real = jobs.fail_by_id
    attempts: list[int] = []

    def flaky(jid, message):
        attempts.append(1)
        if len(attempts) == 1:
            raise _db_error()
        real(jid, message)

    failures = jobrun.JobFailures(**{**vars(drafting_tasks._FAILURES), "record": flaky})
    work, _ = _work(app, [KeyError("bug")])
    with app.app_context():
        jobrun.run_job(str(job_id), work, failures)
    job = _job(app, job_id)
    assert len(attempts) == 2 and job.state == "failed" and job.error == drafting_tasks.UNEXPECTED_MESSAGE


# --- a whole-ETP draft whose connection is cut ---------------------------------------------------


def _cut_my_connection(app) -> None:
    """Terminate the backend of the session's connection, as a restart does (from another one)."""
    from etp_app.extensions import db

    pid = db.session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar()
    with db.engine.connect() as other:
        other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})


def _run_with_cuts(app, monkeypatch, job_id, cut_on: set[int]) -> int:
    """Run the real drafting job (offline engine) with the store's connection cut on the given calls
    of its unit of work (1-based); how many times the unit ran."""
    from etp_app.drafting.engine import DraftEngine, EngineSettings
    from etp_app.services import drafting

    real = drafting._store_draft_once
    calls: list[int] = []

    def store(*args, **kwargs):
        calls.append(1)
        if len(calls) in cut_on:
            _cut_my_connection(app)
        return real(*args, **kwargs)

    monkeypatch.setattr(drafting, "_store_draft_once", store)
    engine = DraftEngine(EngineSettings())
    with app.app_context():
        jobrun.run_job(str(job_id), lambda jid: drafting.run_draft_job(jid, engine), drafting_tasks._FAILURES)
    return len(calls)


def _resumed(caplog) -> int:
    return sum("waiting for the database" in r.getMessage() for r in caplog.records if r.name == "workers.jobrun")


def test_a_sections_store_survives_a_cut_connection(app, draft_job, no_heartbeat, monkeypatch, caplog):
    job_id, etp_id = draft_job
    with caplog.at_level("WARNING"):
        stores = _run_with_cuts(app, monkeypatch, job_id, cut_on={2})  # section II's store meets a dead connection
    assert stores == 4  # I, II (cut), II again on a fresh connection, III
    assert _resumed(caplog) == 0  # the store's own retry did it: the job never left its run
    job = _job(app, job_id)
    assert job.state == "succeeded", job.error
    assert sorted(job.result["succeeded"]) == ["I", "II", "III"] and "retry" not in job.result
    assert job.attempts == 1
    assert _draft_writes(app, etp_id) == 3  # each section written once
    assert _statuses(app, etp_id)[:3] == ["drafted"] * 3


def test_a_store_cut_twice_resumes_the_job_at_its_section(app, draft_job, no_heartbeat, monkeypatch, published, caplog):
    """The store's retry meets a dead connection too: the task resumes the job in place, at section
    II, with I kept — no section failed, none written twice, the attempt given back."""
    job_id, etp_id = draft_job
    with caplog.at_level("WARNING"):
        stores = _run_with_cuts(app, monkeypatch, job_id, cut_on={2, 3})
    assert stores == 5  # I, II (cut), II again (cut), then the job resumed: II, III
    assert _resumed(caplog) == 1
    job = _job(app, job_id)
    assert job.state == "succeeded", job.error
    assert sorted(job.result["succeeded"]) == ["I", "II", "III"] and job.result["failed"] == []
    assert job.attempts == 1 and published == []
    assert _draft_writes(app, etp_id) == 3
    assert _statuses(app, etp_id)[:3] == ["drafted"] * 3
