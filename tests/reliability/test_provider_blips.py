"""Provider blips do not fail jobs (issue 14 §3), with a real worker (threads, 8) and the fake
OpenAI server, on the production breaker and retry defaults (5 failed calls in 60 s, 4 attempts):

* a blip of five 500s with five whole-ETP drafts in flight: the retries absorb it, the circuit stays
  closed, all five succeed and every section is written once;
* the provider down long enough to open the circuit, five jobs submitted: each waits (back to
  ``queued``, what it stored kept) instead of failing its sections; when the provider is back the
  five meet the half-open circuit together, wait for its one probe and all succeed;
* the provider down for good: a job that waited longer than ``JOB_MAX_DEFER_SECONDS`` fails with
  the real cause (a timeout), not "indisponível".
"""

from __future__ import annotations

import time

import redis

from etp_app.drafting.providers.breaker import BreakerState, CircuitBreaker
from tests.fakes.fake_openai import Behaviour
from tests.helpers.jobs import create_etp, job_of, openai_env, section, wait_job
from tests.helpers.polling import wait_for
from tests.reliability.writes import section_writes

ALL = list(range(1, 14))


def _env(fake, **extra) -> dict[str, str]:
    # the repair call is another helper's feature: off, so that each section is one provider call
    return openai_env(fake, DRAFTING_REPAIR="false", **extra)


def _breaker(infra, fake) -> CircuitBreaker:
    """The worker's breaker, read from the test (the engine names it after the provider's URL)."""
    return CircuitBreaker(redis.Redis.from_url(infra["redis_url"]), f"openai:{fake.base_url}")


def _submit(api, count: int, first: int = 1) -> tuple[list[str], list[str]]:
    """``count`` whole-ETP drafts, each of its own ETP (distinct titles: distinct prompts, no cache hit)."""
    etps, jobs = [], []
    for n in range(first, first + count):
        etp = create_etp(api, title=f"Aquisição de notebooks, lote {n}")
        resp = api.post(f"/api/v1/etps/{etp['id']}/draft", json={})
        assert resp.status_code == 202, resp.get_json()
        etps.append(etp["id"])
        jobs.append(resp.get_json()["id"])
    return etps, jobs


def _stored(api, job_id: str) -> int:
    return len(((job_of(api, job_id).get("result") or {}).get("sections")) or {})


def _all_written_once(app, api, etps: list[str], jobs: list[str], timeout: float) -> None:
    for job_id in jobs:
        done = wait_job(api, job_id, timeout=timeout)
        assert done["state"] == "succeeded", done
        assert len(done["result"]["succeeded"]) == 13 and not done["result"]["failed"]
    for etp_id in etps:
        assert section_writes(app, etp_id) == ([2] * 13, 13)  # created at 1, written once each
        assert all(section(api, etp_id, i)["status"] == "drafted" for i in ALL)


def test_a_blip_of_five_500s_with_five_etp_drafts_in_flight_fails_none(app, infra, make_user, start_worker, fake):
    _, api = make_user()
    worker = start_worker(queues="drafting", concurrency=8, env=_env(fake))
    fake.latency = 0.1
    etps, jobs = _submit(api, 5)
    assert fake.wait_for_requests(5, timeout=30), "the five drafts did not start"
    blip_at = fake.request_count
    fake.script(*["server_error"] * 5)  # the next five requests, whichever jobs send them

    _all_written_once(app, api, etps, jobs, timeout=60)

    behaviours = [r.behaviour for r in fake.requests]
    assert behaviours.count("server_error") == 5 and fake.request_count == 65 + 5
    assert blip_at < 65 - 5  # the blip came while the drafts were in flight
    assert all(job_of(api, j)["attempts"] == 1 for j in jobs)  # absorbed by the retries: no deferral
    assert "circuit breaker opened" not in worker.log_path.read_text(errors="replace")
    assert _breaker(infra, fake).state() is BreakerState.CLOSED


def test_provider_down_opens_the_circuit_and_five_jobs_succeed_once_it_is_back(
    app, infra, make_user, start_worker, fake
):
    """Three whole-ETP drafts are mid-way when the provider goes down; a fourth and a single-section
    draft are asked for while it is down. All five wait; all five succeed once it is back, the three
    going on at the section where they stopped."""
    _, api = make_user()
    worker = start_worker(queues="drafting", concurrency=8, env=_env(fake, BREAKER_OPEN_SECONDS=3))
    breaker = _breaker(infra, fake)
    fake.latency = 0.3
    etps, jobs = _submit(api, 3)
    wait_for(lambda: all(_stored(api, j) >= 2 for j in jobs), timeout=60, message="2 sections stored by each")
    fake.mode, fake.latency = "server_error", 0.0
    down_at, before_down = time.monotonic(), fake.request_count
    more_etps, more_jobs = _submit(api, 1, first=4)
    single_etp = create_etp(api, title="Aquisição de notebooks, lote 5")
    resp = api.post(f"/api/v1/etps/{single_etp['id']}/sections/4/draft", json={})
    assert resp.status_code == 202, resp.get_json()
    etps, jobs = etps + more_etps, jobs + more_jobs
    waiting = [*jobs, resp.get_json()["id"]]

    wait_for(lambda: breaker.state() is BreakerState.OPEN, timeout=30, message="the circuit to open")
    opened_after, failed_requests = time.monotonic() - down_at, fake.request_count - before_down
    # every job waits, queued with its reason, instead of failing its sections; what it stored stays
    wait_for(
        lambda: all(
            (j := job_of(api, job_id))["state"] == "queued" and (j["result"] or {}).get("retry") for job_id in waiting
        ),
        timeout=30,
        message="the five jobs to wait for the provider",
    )
    stored_while_down = [_stored(api, j) for j in jobs]
    assert all(n >= 2 for n in stored_while_down[:3]) and stored_while_down[3] == 0
    reason = job_of(api, waiting[-1])["result"]["retry"]["reason"]
    assert reason == "O provedor de IA está falhando (última falha: erro 500 do provedor de IA)."
    assert all(section(api, e, 13)["status"] == "drafting" for e in etps)  # still theirs, not failed
    assert section(api, single_etp["id"], 4)["status"] == "drafting"
    print(f"circuit opened {opened_after:.1f} s after the outage began, after {failed_requests} failed requests")
    assert failed_requests <= 5 * 4 + 5 * 4  # five calls' attempts, plus those in flight meanwhile
    wait_for(lambda: fake.request_count > before_down + failed_requests, timeout=15, message="a half-open probe")

    # the provider is back; its first answer (the probe) is slow, so the others find it in flight
    fake.script(Behaviour("success", latency=2.0))
    fake.mode = "success"

    _all_written_once(app, api, etps, jobs, timeout=90)
    single = wait_job(api, waiting[-1], timeout=30)
    assert single["state"] == "succeeded" and single["result"]["succeeded"] == ["IV"], single
    assert section_writes(app, single_etp["id"]) == ([1, 1, 1, 2] + [1] * 9, 1)
    assert [r.behaviour for r in fake.requests].count("success") == 4 * 13 + 1  # one call per section
    log = worker.log_path.read_text(errors="replace")
    waited = log.count("circuit breaker half-open; waiting for the probe")
    failed_in_all = [r.behaviour for r in fake.requests].count("server_error")
    print(f"{failed_in_all} failed requests in all; half-open: {waited} caller(s) waited for the probe")
    assert waited >= 1  # half-open, callers waited for the probe instead of failing
    assert breaker.state() is BreakerState.CLOSED


def test_a_job_that_waits_too_long_fails_with_the_real_cause(app, make_user, start_worker, fake):
    _, api = make_user()
    start_worker(
        queues="drafting",
        concurrency=8,
        env=_env(fake, OPENAI_TIMEOUT="0.3", BREAKER_OPEN_SECONDS=3, JOB_MAX_DEFER_SECONDS=60),
    )
    fake.mode = "timeout"  # the provider never answers in time
    etp = create_etp(api)
    resp = api.post(f"/api/v1/etps/{etp['id']}/sections/4/draft", json={})
    assert resp.status_code == 202
    job_id = resp.get_json()["id"]
    wait_for(
        lambda: (job_of(api, job_id)["result"] or {}).get("retry"),
        timeout=30,
        message="the job to wait for the provider",
    )

    done = wait_job(api, job_id, timeout=100)

    assert done["state"] == "failed", done
    assert "tempo esgotado ao chamar o provedor de IA" in done["error"], done["error"]
    assert "indisponível" not in done["error"].split(":", 1)[1]  # the cause, not a generic word
    assert section(api, etp["id"], 4)["status"] == "empty"  # released
