"""Infrastructure errors are not job failures (issue 14 §2), on a private PostgreSQL the test faults:

* down for 30 s under load — whole-ETP drafts in flight on a real worker (``-P threads``, the fake
  OpenAI server with latency) and API reads and writes all along: after recovery every job has
  succeeded (0 lost, 0 stuck), no section is left ``drafting``, each section was written once, and
  every API answer during the outage was a 503 with Retry-After (or a 2xx), never a 500;
* restarted in 0.2 s (``pg_ctl restart -m fast``) mid-job: the job succeeds with its 13 sections,
  and the next API read and write succeed.

The API under test is an app of the suite pointed at the private server; workers and beat run as
subprocesses against it (Redis stays the suite's: it is not faulted here). Default job settings.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections import Counter

from sqlalchemy import func, select

from tests.helpers.jobs import ETP, openai_env
from tests.helpers.polling import wait_for
from tests.helpers.workers import WorkerProcess
from tests.reliability.writes import section_writes

PASSWORD = "Senha-Forte-2026!"
DRAFTS_IN_FLIGHT = 4
OUTAGE_SECONDS = 30.0


@contextlib.contextmanager
def api_on(app, infra, private_postgres):
    """The API on the private PostgreSQL (a database migrated to the head), with a logged-in org
    admin: ``(app, client, headers, infra for the subprocesses)``."""
    from flask_migrate import upgrade

    from etp_app import create_app
    from etp_app.devservices import ensure_database
    from etp_app.extensions import db
    from etp_app.services import joining, organizations

    database_url = ensure_database(private_postgres.admin_url, "etp_outage")
    config = {
        "SQLALCHEMY_DATABASE_URI": database_url.replace("postgresql://", "postgresql+psycopg2://", 1),
        "REDIS_URL": infra["redis_url"],
        "CELERY_BROKER_URL": infra["redis_url"],
        "CELERY_RESULT_BACKEND": infra["redis_url"],
        # the limiter is one module-level extension: its storage stays the suite's for every app
        "RATELIMIT_STORAGE_URI": infra["redis_url"],
        "RATELIMIT_DEFAULT": "100000 per minute",
        "RATELIMIT_AUTH": "100000 per minute",
    }
    other = create_app(config, env_name="testing")
    try:
        with other.app_context():
            upgrade()
            org = organizations.provision(name="outage.gov.br", domain_names=["outage.gov.br"], source="test")
            joining.provision_user(
                org,
                email="servidora@outage.gov.br",
                name="Servidora",
                password=PASSWORD,
                role="org_admin",
                source="test",
            )
            db.session.remove()
        client = other.test_client()
        login = client.post("/api/v1/auth/login", json={"email": "servidora@outage.gov.br", "password": PASSWORD})
        assert login.status_code == 200, login.get_json()
        headers = {"Authorization": f"Bearer {login.get_json()['access_token']}"}
        yield other, client, headers, {**infra, "database_url": database_url}
    finally:
        app.extensions["celery"].set_default()  # create_app made the private app's Celery the default
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


def _etp(client, headers, n: int) -> str:
    # distinct facts per ETP: the drafts' prompts differ, so the completion cache serves none of them
    body = {**ETP, "title": f"{ETP['title']} — lote {n}", "objeto": f"{ETP['objeto']}, lote {n}"}
    resp = client.post("/api/v1/etps", json=body, headers=headers)
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()["id"]


def _draft(client, headers, etp_id: str) -> str:
    resp = client.post(f"/api/v1/etps/{etp_id}/draft", json={}, headers=headers)
    assert resp.status_code == 202, resp.get_json()
    return resp.get_json()["id"]


def _jobs(other, job_ids) -> dict[str, tuple[str, int, int]]:
    """Per job: (state, sections stored, attempts), read from the database."""
    from etp_app.extensions import db
    from etp_app.models import Job

    with other.app_context():
        rows = db.session.scalars(select(Job).where(Job.id.in_([uuid.UUID(j) for j in job_ids]))).all()
        out = {str(j.id): (j.state, len((j.result or {}).get("sections") or {}), j.attempts) for j in rows}
        db.session.remove()
    return out


def _leftovers(other) -> tuple[int, int]:
    """(jobs still queued or running, sections still marked ``drafting``) in the whole database."""
    from etp_app.extensions import db
    from etp_app.models import Job, Section

    with other.app_context():
        open_jobs = db.session.scalar(select(func.count()).select_from(Job).where(Job.state.in_(("queued", "running"))))
        drafting = db.session.scalar(select(func.count()).select_from(Section).where(Section.status == "drafting"))
        db.session.remove()
    return int(open_jobs or 0), int(drafting or 0)


def _all_finished(other, job_ids) -> dict | None:
    states = _jobs(other, job_ids)
    return states if all(s[0] in ("succeeded", "failed", "cancelled") for s in states.values()) else None


class Load:
    """API traffic during a fault: reads (an ETP, a section, a job, the list) and writes (a new ETP,
    a draft request), each answer's status counted; a 5xx other than 503, or a 503 without
    Retry-After, is kept with its body."""

    def __init__(self, client, headers, etp_id: str, job_id: str):
        self.client, self.headers = client, headers
        self.reads = (f"/api/v1/etps/{etp_id}", f"/api/v1/etps/{etp_id}/sections/4", f"/api/v1/jobs/{job_id}")
        self.statuses: Counter[str] = Counter()
        self.bad: list[tuple[str, int, object]] = []

    def _count(self, what: str, resp) -> None:
        self.statuses[f"{what} {resp.status_code}"] += 1
        no_retry_after = resp.status_code == 503 and not resp.headers.get("Retry-After")
        if (resp.status_code >= 500 and resp.status_code != 503) or no_retry_after:
            self.bad.append((what, resp.status_code, resp.get_json(silent=True)))

    def round(self, n: int) -> None:
        for path in self.reads:
            self._count("GET", self.client.get(path, headers=self.headers))
        self._count("GET", self.client.get("/api/v1/etps", headers=self.headers))
        body = {**ETP, "title": f"Durante a falha {n}"}
        self._count("POST", self.client.post("/api/v1/etps", json=body, headers=self.headers))

    def during(self, seconds: float) -> int:
        """Rounds of traffic for ``seconds``, paced (about 4 rounds a second); how many ran."""
        deadline = time.monotonic() + seconds
        rounds = 0
        while time.monotonic() < deadline:
            self.round(rounds)
            rounds += 1
            time.sleep(0.25)  # pacing the load, not waiting for a state
        return rounds


def test_postgres_down_30s_under_load_loses_no_job_and_answers_503_never_500(
    app, infra, fake, start_beat, private_postgres
):
    with api_on(app, infra, private_postgres) as (other, client, headers, on_private):
        fake.latency = 1.0  # 13 sections: ~15 s of drafting per job, so the outage lands mid-job
        worker = WorkerProcess(
            other,
            on_private,
            queues="drafting,maintenance",
            concurrency=8,
            env=openai_env(fake),
            log_dir=private_postgres.dir,
        ).start()
        try:
            start_beat(env=openai_env(fake), infra_override=on_private)  # the sweep, on the defaults
            etps = [_etp(client, headers, n) for n in range(DRAFTS_IN_FLIGHT)]
            job_ids = [_draft(client, headers, etp_id) for etp_id in etps]
            wait_for(
                lambda: all(s[0] == "running" and s[1] >= 2 for s in _jobs(other, job_ids).values()),
                timeout=60,
                message="every draft running with 2 sections stored",
            )
            at_stop = _jobs(other, job_ids)
            load = Load(client, headers, etps[0], job_ids[0])

            private_postgres.stop()
            stopped = time.monotonic()
            rounds = load.during(OUTAGE_SECONDS)
            private_postgres.start()
            back = time.monotonic()
            outage = back - stopped
            during = dict(load.statuses)
            fake.latency = 0.3

            first_ok = wait_for(
                lambda: client.get(f"/api/v1/etps/{etps[0]}", headers=headers).status_code == 200 and time.monotonic(),
                timeout=30,
                message="the API to answer again",
            )
            finished = wait_for(lambda: _all_finished(other, job_ids), timeout=120, message="every draft to finish")
            recovered = time.monotonic() - back
            after = Load(client, headers, etps[0], job_ids[0])
            after.round(0)
            open_jobs, drafting = _leftovers(other)
            writes = {etp_id: section_writes(other, etp_id) for etp_id in etps}
        finally:
            worker_log = worker.log_path.read_text(errors="replace")
            worker.stop()

    paths = {
        what: worker_log.count(line)
        for what, line in (
            ("stores retried", "retrying once on a fresh connection"),
            ("waits for the database", "waiting for the database"),
            ("messages published again", "message published again"),
            ("sweep re-publications", "lost by worker"),
            ("deliveries ignored", "delivery ignored"),
        )
    }
    print(
        f"\nworker: {paths}"
        f"\noutage {outage:.1f} s with {DRAFTS_IN_FLIGHT} whole-ETP drafts in flight "
        f"(sections stored at the stop: {sorted(s[1] for s in at_stop.values())}); "
        f"API during the outage ({rounds} rounds): {during}; first 200 {first_ok - back:.1f} s after the restart; "
        f"every draft finished {recovered:.1f} s after it; attempts {sorted(s[2] for s in finished.values())}; "
        f"jobs open {open_jobs}, sections drafting {drafting}"
    )
    assert not load.bad, load.bad  # never a 500, never a 503 without Retry-After
    assert sum(n for key, n in during.items() if key.endswith(" 503")) > 0, during  # the outage was seen
    assert not after.bad and all(key.endswith(("200", "201")) for key in after.statuses), after.statuses
    lost = [j for j, s in finished.items() if s[0] != "succeeded" or s[1] != 13]
    assert not lost, (finished, worker_log)
    assert (open_jobs, drafting) == (0, 0)  # nothing stuck, no section locked
    for etp_id, (versions, count) in writes.items():
        assert versions == [2] * 13 and count == 13, (etp_id, versions, count)  # each section written once
    assert paths["messages published again"] > 0  # the unreachable database did not consume a message


def test_a_fast_restart_mid_job_is_invisible(app, infra, fake, private_postgres):
    with api_on(app, infra, private_postgres) as (other, client, headers, on_private):
        fake.latency = 0.5
        worker = WorkerProcess(
            other, on_private, queues="drafting", concurrency=4, env=openai_env(fake), log_dir=private_postgres.dir
        ).start()
        try:
            etp_id = _etp(client, headers, 0)
            job_id = _draft(client, headers, etp_id)
            wait_for(lambda: _jobs(other, [job_id])[job_id][1] >= 3, timeout=60, message="3 sections stored")
            assert client.get(f"/api/v1/etps/{etp_id}", headers=headers).status_code == 200  # pooled, just used
            started = time.monotonic()
            private_postgres.restart()
            took = time.monotonic() - started
            read = client.get(f"/api/v1/etps/{etp_id}", headers=headers)
            write = client.post("/api/v1/etps", json={**ETP, "title": "Logo após o reinício"}, headers=headers)
            done = wait_for(lambda: _all_finished(other, [job_id]), timeout=90, message="the draft to finish")[job_id]
            versions, writes = section_writes(other, etp_id)
        finally:
            worker_log = worker.log()
            worker.stop()
    print(f"\nrestart took {took:.2f} s; next read {read.status_code}, next write {write.status_code}; job {done}")
    assert read.status_code == 200, read.get_json()
    assert write.status_code == 201, write.get_json()
    assert done[0] == "succeeded" and done[1] == 13, (done, worker_log)
    assert versions == [2] * 13 and writes == 13
