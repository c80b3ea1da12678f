"""Drafting jobs end to end: API → PostgreSQL job row → Redis → a real Celery worker → PostgreSQL."""

from __future__ import annotations

import uuid

import pytest

from tests.helpers.jobs import create_etp, job_of, openai_env, section, wait_job
from tests.helpers.polling import wait_for


def test_offline_section_draft_completes_with_notice_and_quality(make_user, start_worker):
    _, api = make_user()
    start_worker()
    etp = create_etp(api)
    resp = api.post(f"/api/v1/etps/{etp['id']}/sections/1/draft", json={})
    assert resp.status_code == 202
    job = resp.get_json()
    assert resp.headers["Location"].endswith(f"/api/v1/jobs/{job['id']}")
    assert job["state"] == "queued" and job["kind"] == "draft_section" and job["inciso"] == 1
    assert section(api, etp["id"], 1)["status"] == "drafting"

    done = wait_job(api, job["id"])
    assert done["state"] == "succeeded", done
    assert done["progress"] == 100 and done["attempts"] == 1
    assert done["result"]["sections"]["I"]["applied"] == "content"
    s = section(api, etp["id"], 1)
    assert s["status"] == "drafted" and s["ai_generated"] is True
    # the text is the document only: no AI notice (no AI wrote it), no remark of the offline drafter
    assert "inteligência artificial" not in s["content"] and "offline" not in s["content"].lower()
    assert s["provenance"] == "offline" and s["ai_notice"] is None
    assert s["provenance_label"] == "Rascunho gerado a partir do modelo, sem IA generativa"
    assert any("redator offline" in n["text"] for n in s["drafting_notes"] if n["kind"] == "note")
    assert isinstance(s["quality"]["score"], int)
    etp_now = api.get(f"/api/v1/etps/{etp['id']}").get_json()
    assert etp_now["completion"]["filled"] == 1 and etp_now["completion"]["mandatory_filled"] == 1


def test_whole_etp_draft_in_order_uses_earlier_sections(make_user, start_worker, fake):
    _, api = make_user()
    start_worker(env=openai_env(fake))
    etp = create_etp(api)
    resp = api.post(f"/api/v1/etps/{etp['id']}/draft", json={"instructions": "Seja objetivo."})
    assert resp.status_code == 202
    done = wait_job(api, resp.get_json()["id"])
    assert done["state"] == "succeeded", done
    assert sorted(done["result"]["succeeded"]) == sorted(
        ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII"]
    )
    assert done["usage"]["tokens_in"] > 0 and done["usage"]["model"] == "gpt-4.1-nano"
    prompts = [r.body["messages"][1]["content"] for r in fake.requests]
    assert len(prompts) == 13
    # inciso order, and each later prompt carries the text drafted for the first section
    assert "Descrição da necessidade" in prompts[0]
    first_draft = section(api, etp["id"], 1)["content"].split("\n")[0][:40]
    assert first_draft and all(first_draft in p for p in prompts[1:])
    etp_now = api.get(f"/api/v1/etps/{etp['id']}").get_json()
    assert etp_now["completion"] == {"mandatory_filled": 5, "mandatory_total": 5, "filled": 13, "total": 13}


def test_redraft_of_a_drafted_section_keeps_the_completion_counters(make_user, start_worker, fake):
    """The counters move by the section's change (filled stays filled): no recount, same figures."""
    _, api = make_user()
    start_worker(env=openai_env(fake))
    etp = create_etp(api)
    url = f"/api/v1/etps/{etp['id']}/sections/4/draft"
    assert wait_job(api, api.post(url, json={}).get_json()["id"])["state"] == "succeeded"
    after_first = api.get(f"/api/v1/etps/{etp['id']}").get_json()
    assert after_first["completion"]["filled"] == 1 and after_first["completion"]["mandatory_filled"] == 1
    first_text = section(api, etp["id"], 4)["content"]
    again = wait_job(api, api.post(url, json={"regenerate": True, "instructions": "Mais curto."}).get_json()["id"])
    assert again["state"] == "succeeded" and again["result"]["sections"]["IV"]["applied"] == "content"
    after_second = api.get(f"/api/v1/etps/{etp['id']}").get_json()
    assert after_second["completion"] == after_first["completion"]
    assert after_second["version"] > after_first["version"]  # the ETP's representation changed
    assert section(api, etp["id"], 4)["content"] != first_text
    # a person empties the section: the counters go back down
    put = api.put(
        f"/api/v1/etps/{etp['id']}/sections/4",
        json={"content": ""},
        headers={"If-Match": section_etag(api, etp["id"], 4)},
    )
    assert put.status_code == 200
    assert api.get(f"/api/v1/etps/{etp['id']}").get_json()["completion"]["filled"] == 0


def test_etp_moved_to_trash_while_drafting_cancels_the_job_cleanly(make_user, start_worker, fake):
    _, api = make_user()  # the first user of a new organization: its org admin, who may restore
    start_worker(env=openai_env(fake))
    etp = create_etp(api)
    fake.latency = 1.0
    job = api.post(f"/api/v1/etps/{etp['id']}/draft", json={}).get_json()
    assert fake.wait_for_requests(1, timeout=20)
    assert api.delete(f"/api/v1/etps/{etp['id']}").status_code == 204
    assert api.get(f"/api/v1/jobs/{job['id']}").status_code == 404  # it left with its ETP
    assert api.post(f"/api/v1/trash/{etp['id']}/restore").status_code == 200
    done = wait_job(api, job["id"])
    assert done["state"] == "cancelled" and "lixeira" in done["error"]
    # the worker stops at the cancellation: no section is left drafting, no further provider call
    wait_for(
        lambda: all(section(api, etp["id"], i)["status"] != "drafting" for i in range(1, 14)),
        timeout=20,
        message="sections released",
    )
    assert fake.request_count <= 2


def test_partial_failure_keeps_other_drafts_and_redraft_takes_only_failed(make_user, start_worker, fake):
    _, api = make_user()
    start_worker(env=openai_env(fake, OPENAI_MAX_ATTEMPTS=1))
    etp = create_etp(api)
    fake.script("success", "success", "success", "bad_request")  # IV fails with a 400
    done = wait_job(api, api.post(f"/api/v1/etps/{etp['id']}/draft", json={}).get_json()["id"])
    assert done["state"] == "failed"
    assert done["result"]["failed"] == ["IV"]
    assert "IV" in done["error"] and "Traceback" not in done["error"]
    assert len(done["result"]["succeeded"]) == 12
    iv = section(api, etp["id"], 4)
    assert iv["status"] == "empty" and iv["content"] == ""

    count_before = fake.request_count
    again = wait_job(api, api.post(f"/api/v1/etps/{etp['id']}/draft", json={}).get_json()["id"])
    assert again["state"] == "succeeded"
    assert list(again["result"]["sections"]) == ["IV"]
    assert fake.request_count == count_before + 1


def test_each_section_drafts_from_its_own_fresh_context_after_a_failure(make_user, start_worker, fake):
    """A section's context comes from the store of the section before it; after a failed section the
    next one reads its own (here: its current text, which the prompt must carry)."""
    _, api = make_user()
    start_worker(env=openai_env(fake, OPENAI_MAX_ATTEMPTS=1))
    etp = create_etp(api)
    for inciso, text in (
        (2, "Texto escrito pela pessoa na seção dois."),
        (3, "Texto escrito pela pessoa na seção três."),
    ):
        put = api.put(
            f"/api/v1/etps/{etp['id']}/sections/{inciso}",
            json={"content": text},
            headers={"If-Match": section_etag(api, etp["id"], inciso)},
        )
        assert put.status_code == 200
    fake.script("success", "bad_request", "success")  # II fails
    done = wait_job(api, api.post(f"/api/v1/etps/{etp['id']}/draft", json={"incisos": [1, 2, 3]}).get_json()["id"])
    assert done["result"]["failed"] == ["II"] and sorted(done["result"]["succeeded"]) == ["I", "III"]
    prompts = [r.body["messages"][1]["content"] for r in fake.requests]
    assert "Texto escrito pela pessoa na seção dois." in prompts[1]  # II's own current text
    assert "Texto escrito pela pessoa na seção três." in prompts[2]  # III's, after II failed
    assert section(api, etp["id"], 1)["content"].split("\n")[0][:40] in prompts[2]  # and I as drafted
    assert section(api, etp["id"], 3)["content"] == "Texto escrito pela pessoa na seção três."
    assert done["result"]["sections"]["III"]["applied"] == "suggestion"


def test_retry_after_429_then_success(make_user, start_worker, fake):
    _, api = make_user()
    start_worker(env=openai_env(fake))
    etp = create_etp(api)
    fake.script("rate_limit", "server_error", "success")
    done = wait_job(api, api.post(f"/api/v1/etps/{etp['id']}/sections/6/draft", json={}).get_json()["id"])
    assert done["state"] == "succeeded", done
    assert fake.request_count == 3


@pytest.mark.parametrize(
    "mode, expected",
    [
        ("unauthorized", "401"),
        ("malformed", ""),
    ],
)
def test_non_retryable_failure_leaves_section_as_it_was(make_user, start_worker, fake, mode, expected):
    _, api = make_user()
    start_worker(env=openai_env(fake))
    etp = create_etp(api)
    put = api.put(
        f"/api/v1/etps/{etp['id']}/sections/2",
        json={"content": "Texto do servidor."},
        headers={"If-Match": section_etag(api, etp["id"], 2)},
    )
    assert put.status_code == 200, put.get_json()
    before = section(api, etp["id"], 2)
    fake.mode = mode
    done = wait_job(api, api.post(f"/api/v1/etps/{etp['id']}/sections/2/draft", json={}).get_json()["id"])
    assert done["state"] == "failed"
    assert fake.request_count == 1  # not retried
    assert done["error"] and expected in done["error"] and "Traceback" not in done["error"]
    after = section(api, etp["id"], 2)
    assert after["content"] == before["content"] and after["status"] == before["status"] == "edited"
    assert after["suggestion"] is None
    # an invalid output is never cached: the same request reaches the provider again
    fake.mode = "success"
    again = wait_job(api, api.post(f"/api/v1/etps/{etp['id']}/sections/2/draft", json={}).get_json()["id"])
    assert again["state"] == "succeeded" and fake.request_count == 2


def section_etag(api, etp_id: str, inciso: int) -> str:
    return api.get(f"/api/v1/etps/{etp_id}/sections/{inciso}").headers["ETag"]


def test_person_edit_during_draft_wins_and_draft_becomes_suggestion(make_user, start_worker, fake):
    _, api = make_user()
    start_worker(env=openai_env(fake))
    etp = create_etp(api)
    fake.latency = 1.5
    job = api.post(f"/api/v1/etps/{etp['id']}/sections/1/draft", json={}).get_json()
    assert fake.wait_for_requests(1, timeout=20)
    put = api.put(
        f"/api/v1/etps/{etp['id']}/sections/1",
        json={"content": "Texto que eu escrevi."},
        headers={"If-Match": section_etag(api, etp["id"], 1)},
    )
    assert put.status_code == 200, put.get_json()
    done = wait_job(api, job["id"])
    assert done["state"] == "succeeded"
    outcome = done["result"]["sections"]["I"]
    assert outcome["applied"] == "suggestion" and outcome["suggestion"]
    s = section(api, etp["id"], 1)
    assert s["content"] == "Texto que eu escrevi." and s["status"] == "edited"
    assert s["suggestion"] == outcome["suggestion"]
    # the person may accept it
    accepted = api.post(f"/api/v1/etps/{etp['id']}/sections/1/suggestion/accept", json={})
    assert accepted.status_code == 200
    s = section(api, etp["id"], 1)
    assert s["content"] == outcome["suggestion"] and s["suggestion"] is None


def test_cache_hit_and_regenerate(make_user, start_worker, fake):
    _, api = make_user()
    start_worker(env=openai_env(fake))
    etp = create_etp(api)
    url = f"/api/v1/etps/{etp['id']}/sections/3/draft"
    first = wait_job(api, api.post(url, json={}).get_json()["id"])
    assert first["state"] == "succeeded" and fake.request_count == 1
    # redraft with identical inputs: the section now holds the AI draft, which is context for itself
    # only as current text, so ask with the same instructions on a fresh ETP to hit the cache
    etp2 = create_etp(api)
    second = wait_job(api, api.post(f"/api/v1/etps/{etp2['id']}/sections/3/draft", json={}).get_json()["id"])
    assert second["state"] == "succeeded"
    assert second["result"]["sections"]["III"]["cached"] is True and fake.request_count == 1
    etp3 = create_etp(api)
    third = wait_job(
        api, api.post(f"/api/v1/etps/{etp3['id']}/sections/3/draft", json={"regenerate": True}).get_json()["id"]
    )
    assert third["result"]["sections"]["III"]["cached"] is False and fake.request_count == 2


def test_an_open_circuit_makes_the_job_wait_and_it_finishes_when_the_provider_is_back(make_user, start_worker, fake):
    """Issue 14 §3: a job meeting an open circuit is not failed section by section; it goes back to
    the queue with the cause, keeps its sections, and completes once the provider answers again."""
    _, api = make_user()
    start_worker(env=openai_env(fake, OPENAI_MAX_ATTEMPTS=1, BREAKER_FAILURE_THRESHOLD=2, BREAKER_OPEN_SECONDS=3))
    etp = create_etp(api)
    fake.mode = "server_error"
    job_id = api.post(f"/api/v1/etps/{etp['id']}/draft", json={}).get_json()["id"]
    wait_for(lambda: fake.request_count >= 2, timeout=30, message="two failed calls")
    wait_for(
        lambda: (j := job_of(api, job_id))["state"] == "queued" and bool((j["result"] or {}).get("retry")),
        timeout=30,
        message="the job to wait for the provider",
    )
    job = job_of(api, job_id)
    assert "erro 500 do provedor de IA" in job["result"]["retry"]["reason"]
    assert not (job["result"].get("sections") or {})  # nothing failed, nothing stored
    statuses = {s["status"] for s in api.get(f"/api/v1/etps/{etp['id']}/sections").get_json()}
    assert statuses == {"drafting"}  # still the job's: it goes on when the provider is back

    fake.mode = "success"
    done = wait_job(api, job_id, timeout=90)
    assert done["state"] == "succeeded", done
    assert len(done["result"]["succeeded"]) == 13 and "retry" not in done["result"]
    statuses = {s["status"] for s in api.get(f"/api/v1/etps/{etp['id']}/sections").get_json()}
    assert statuses == {"drafted"}


def test_cancel_running_job_leaves_remaining_sections(make_user, start_worker, fake):
    _, api = make_user()
    start_worker(env=openai_env(fake))
    etp = create_etp(api)
    fake.latency = 0.6
    job = api.post(f"/api/v1/etps/{etp['id']}/draft", json={}).get_json()
    assert fake.wait_for_requests(2, timeout=20)
    resp = api.post(f"/api/v1/jobs/{job['id']}/cancel", json={})
    assert resp.status_code == 200 and resp.get_json()["state"] == "cancelled"
    assert api.post(f"/api/v1/jobs/{job['id']}/cancel", json={}).status_code == 409
    drafted_at_cancel = {
        s["inciso"] for s in api.get(f"/api/v1/etps/{etp['id']}/sections").get_json() if s["status"] == "drafted"
    }
    # the in-flight section finishes at the provider but is discarded; nothing else is drafted
    wait_for(lambda: fake.request_count >= len(drafted_at_cancel) + 1, timeout=10)
    final = job_of(api, job["id"])
    assert final["state"] == "cancelled"
    sections = api.get(f"/api/v1/etps/{etp['id']}/sections").get_json()
    assert {s["inciso"] for s in sections if s["status"] == "drafted"} == drafted_at_cancel
    assert all(s["status"] in ("drafted", "empty") for s in sections)
    assert fake.request_count < 13


def test_worker_killed_mid_job_completes_after_restart_with_one_update(app, make_user, start_worker, fake):
    """SIGKILL mid-draft; the unacknowledged message comes back to a new worker after the visibility
    timeout — the backstop, not the recovery path (the sweep is: tests/reliability) — and finds the
    job's lease expired; the job finishes and the section is written exactly once."""
    _, api = make_user()
    limits = {
        "CELERY_SOFT_TIME_LIMIT": "4",
        "CELERY_TIME_LIMIT": "5",
        "CELERY_VISIBILITY_TIMEOUT": "6",
        "CELERY_RESTORE_INTERVAL": "1",
        # the lease lapses before the message comes back (a live lease would make the delivery a no-op)
        "JOB_LEASE_SECONDS": "2",
        "JOB_HEARTBEAT_SECONDS": "1",
    }
    first = start_worker(env=openai_env(fake, **limits))
    etp = create_etp(api)
    fake.latency = 3.0
    job = api.post(f"/api/v1/etps/{etp['id']}/sections/1/draft", json={}).get_json()
    assert fake.wait_for_requests(1, timeout=20)
    assert job_of(api, job["id"])["state"] == "running"
    first.kill()
    fake.latency = 0.0
    start_worker(env=openai_env(fake, **limits))
    done = wait_job(api, job["id"], timeout=60)
    assert done["state"] == "succeeded", done
    assert done["attempts"] == 2
    s = section(api, etp["id"], 1)
    assert s["status"] == "drafted"

    from sqlalchemy import func, select

    from etp_app.extensions import db
    from etp_app.models import AuditLog, Section

    with app.app_context():
        row = db.session.scalar(select(Section).where(Section.etp_id == uuid.UUID(etp["id"]), Section.inciso == 1))
        assert row.version == 2  # created at 1, written once
        writes = db.session.scalar(
            select(func.count())
            .select_from(AuditLog)
            .where(AuditLog.action == "section.draft", AuditLog.etp_id == uuid.UUID(etp["id"]))
        )
        assert writes == 1
