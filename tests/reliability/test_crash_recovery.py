"""Jobs survive crashes (issue 14 §1), with real workers, a real beat and the fake OpenAI provider.

* a worker SIGKILLed mid whole-ETP draft, on the default settings: another worker resumes the job at
  its next section within 60 s of the kill; each section is written once, its tokens counted once;
* a running job's message published again by hand: one run, one write per section, tokens once —
  and when the second delivery does take over (the first run's lease expired while it was alive),
  the store skips the incisos the job already holds;
* Redis loses its data with jobs queued (a private redis-server, killed and restarted empty): the
  sweep publishes them again, they complete and no section stays locked.
"""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from etp_app import task_names
from tests.helpers.jobs import create_etp, job_of, openai_env, section, wait_job
from tests.helpers.polling import wait_for
from tests.reliability.writes import section_writes

ALL = list(range(1, 14))


def _stored(api, job_id: str) -> int:
    return len(((job_of(api, job_id).get("result") or {}).get("sections")) or {})


def _tokens_of_distinct_prompts(fake) -> tuple[int, int]:
    """(distinct prompts the provider saw, their prompt tokens): what a job counts when each section
    is counted once — a prompt asked twice (the interrupted section, a duplicate run) counts once."""
    from tests.fakes.fake_openai import count_tokens

    prompts = {json.dumps(r.body["messages"], sort_keys=True) for r in fake.requests if r.path.endswith("/completions")}
    tokens = sum(sum(count_tokens(str(m.get("content") or "")) + 4 for m in json.loads(p)) for p in prompts)
    return len(prompts), tokens


def _job_tokens(app, job_id: str) -> int:
    from etp_app.extensions import db
    from etp_app.models import Job

    with app.app_context():
        tokens = db.session.get(Job, uuid.UUID(job_id)).tokens_in
        db.session.remove()
    return tokens


def test_a_worker_sigkilled_mid_etp_draft_resumes_on_another_within_60s_on_defaults(
    app, make_user, start_worker, start_beat, fake
):
    _, api = make_user()
    etp = create_etp(api)
    fake.latency = 3.0  # 13 sections: ~40 s of drafting, so the kill lands mid-job
    first = start_worker(queues="drafting", env=openai_env(fake))  # no JOB_* setting: the defaults
    resp = api.post(f"/api/v1/etps/{etp['id']}/draft", json={})
    assert resp.status_code == 202, resp.get_json()
    job_id = resp.get_json()["id"]
    wait_for(lambda: job_of(api, job_id)["state"] == "running", timeout=30, message="the first worker to start it")
    # the second worker (and the maintenance queue the sweep runs on) and beat, on the defaults too
    start_worker(queues="drafting,maintenance", env=openai_env(fake))
    start_beat(env=openai_env(fake))
    wait_for(lambda: _stored(api, job_id) >= 3, timeout=60, message="3 sections stored")
    first.kill()
    killed_at = time.monotonic()
    at_kill = _stored(api, job_id)
    assert at_kill < 13, "the job ended before the kill: nothing to resume"
    fake.latency = 0.2

    done = wait_job(api, job_id, timeout=90)
    elapsed = time.monotonic() - killed_at
    assert done["state"] == "succeeded", done
    print(f"killed after {at_kill} of 13 sections; the job completed {elapsed:.1f} s after the kill")
    assert elapsed < 60, f"resumed and completed {elapsed:.1f} s after the kill"
    assert done["attempts"] == 2
    assert (
        sorted(done["result"]["succeeded"]) == sorted(done["result"]["sections"])
        and len(done["result"]["sections"]) == 13
    )

    versions, writes = section_writes(app, etp["id"])
    assert versions == [2] * 13  # created at 1, written once each
    assert writes == 13
    distinct, tokens = _tokens_of_distinct_prompts(fake)
    assert distinct == 13
    assert _job_tokens(app, job_id) == tokens  # the interrupted section's tokens counted once
    assert all(section(api, etp["id"], i)["status"] == "drafted" for i in ALL)


def _republish(app, job_id: str) -> None:
    app.extensions["celery"].send_task(
        task_names.DRAFT_ETP, args=[job_id], task_id=job_id, queue=task_names.DRAFTING_QUEUE
    )


def test_a_running_jobs_message_published_again_is_ignored(app, make_user, start_worker, fake):
    _, api = make_user()
    etp = create_etp(api)
    fake.latency = 0.5
    worker = start_worker(queues="drafting", concurrency=4, env=openai_env(fake))
    job_id = api.post(f"/api/v1/etps/{etp['id']}/draft", json={}).get_json()["id"]
    wait_for(lambda: _stored(api, job_id) >= 2, timeout=60, message="2 sections stored")
    _republish(app, job_id)
    wait_for(lambda: "delivery ignored" in worker.log(), timeout=30, message="the duplicate delivery to be ignored")

    done = wait_job(api, job_id, timeout=90)
    assert done["state"] == "succeeded", done
    assert done["attempts"] == 1  # one run
    assert fake.request_count == 13  # the second delivery called no provider
    versions, writes = section_writes(app, etp["id"])
    assert versions == [2] * 13 and writes == 13
    assert _job_tokens(app, job_id) == _tokens_of_distinct_prompts(fake)[1]


def test_a_second_run_beside_a_live_one_stores_each_section_once(app, make_user, start_worker, fake):
    """The lease of a live run lapsed (say, a database blip kept its beats out): the next delivery
    takes the job over while the first run is still drafting. Both draft; each inciso is stored once."""
    from etp_app.extensions import db

    _, api = make_user()
    etp = create_etp(api)
    fake.latency = 0.5
    worker = start_worker(queues="drafting", concurrency=4, env=openai_env(fake))
    job_id = api.post(f"/api/v1/etps/{etp['id']}/draft", json={}).get_json()["id"]
    wait_for(lambda: _stored(api, job_id) >= 2, timeout=60, message="2 sections stored")
    with app.app_context():
        db.session.execute(
            text("UPDATE jobs SET lease_expires_at = :t WHERE id = :j"),
            {"t": datetime.now(UTC) - timedelta(seconds=1), "j": uuid.UUID(job_id)},
        )
        db.session.commit()
        db.session.remove()
    _republish(app, job_id)

    done = wait_job(api, job_id, timeout=90)
    assert done["state"] == "succeeded", done
    assert done["attempts"] == 2  # the second delivery did run
    assert fake.request_count > 13  # both runs drafted...
    versions, writes = section_writes(app, etp["id"])
    assert versions == [2] * 13 and writes == 13  # ...but each section was written once
    assert _job_tokens(app, job_id) == _tokens_of_distinct_prompts(fake)[1]  # and counted once
    assert "already stored by another delivery" in worker.log()


def test_redis_emptied_with_queued_jobs_the_sweep_republishes_them(
    app, infra, make_user, start_worker, start_beat, private_redis
):
    from etp_app import create_app
    from etp_app.extensions import db

    user, _ = make_user(password="Senha-Forte-2026!")
    private = {
        "SQLALCHEMY_DATABASE_URI": infra["database_url"].replace("postgresql://", "postgresql+psycopg2://", 1),
        "REDIS_URL": private_redis.url,
        "CELERY_BROKER_URL": private_redis.url,
        "CELERY_RESULT_BACKEND": private_redis.url,
        # the limiter is one module-level extension: its storage stays the suite's for every app
        "RATELIMIT_STORAGE_URI": infra["redis_url"],
        "RATELIMIT_DEFAULT": "100000 per minute",
        "RATELIMIT_AUTH": "100000 per minute",
    }
    other = create_app(private, env_name="testing")  # the API under test, on the private Redis
    try:
        client = other.test_client()
        login = client.post("/api/v1/auth/login", json={"email": user["email"], "password": "Senha-Forte-2026!"})
        assert login.status_code == 200, login.get_json()
        headers = {"Authorization": f"Bearer {login.get_json()['access_token']}"}
        etps, job_ids = [], []
        for _ in range(3):
            resp = client.post("/api/v1/etps", json=_etp_body(), headers=headers)
            assert resp.status_code == 201, resp.get_json()
            etps.append(resp.get_json()["id"])
            resp = client.post(f"/api/v1/etps/{etps[-1]}/draft", json={"incisos": [1, 2, 3]}, headers=headers)
            assert resp.status_code == 202, resp.get_json()
            job_ids.append(resp.get_json()["id"])

        private_redis.restart_empty()  # every queued message is gone
        import redis

        assert redis.Redis.from_url(private_redis.url).llen(task_names.DRAFTING_QUEUE) == 0
        for etp_id in etps:
            assert _statuses(client, headers, etp_id) == ["drafting"] * 3  # locked by the lost jobs

        env = {"JOB_QUEUED_GRACE_SECONDS": "4", "JOB_SWEEP_SECONDS": "2"}  # short, to keep the suite fast
        on_private = {**infra, "redis_url": private_redis.url}
        from tests.helpers.workers import WorkerProcess

        worker = WorkerProcess(
            other, on_private, queues="drafting,maintenance", env=env, log_dir=private_redis.dir
        ).start()
        try:
            start_beat(env=env, infra_override=on_private)
            for job_id in job_ids:
                done = wait_for(
                    lambda job_id=job_id: (
                        (j := client.get(f"/api/v1/jobs/{job_id}", headers=headers).get_json())["state"]
                        in ("succeeded", "failed", "cancelled")
                        and j
                    ),
                    timeout=90,
                    message=f"lost job {job_id} to finish",
                )
                assert done["state"] == "succeeded", done
                assert done["attempts"] == 1
            assert "queued past the grace: re-published" in worker.log()
        finally:
            worker.stop()
        for etp_id in etps:
            assert _statuses(client, headers, etp_id) == ["drafted"] * 3  # none left locked
            versions, writes = section_writes(app, etp_id)
            assert versions[:3] == [2, 2, 2] and writes == 3
    finally:
        app.extensions["celery"].set_default()  # create_app made the private app's Celery the default
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


def _etp_body() -> dict:
    from tests.helpers.jobs import ETP

    return dict(ETP)


def _statuses(client, headers, etp_id: str) -> list[str]:
    out = []
    for i in (1, 2, 3):
        resp = client.get(f"/api/v1/etps/{etp_id}/sections/{i}", headers=headers)
        assert resp.status_code == 200, resp.get_json()
        out.append(resp.get_json()["status"])
    return out
