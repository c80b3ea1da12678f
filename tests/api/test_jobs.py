"""The job ledger through the API, without a worker: the row comes first, the message second."""

from __future__ import annotations

import uuid

import pytest

from etp_app import create_app
from tests.helpers.jobs import create_etp


def _queued_messages(app) -> int:
    from etp_app.redis_client import get_redis

    with app.app_context():
        return get_redis().client.llen("drafting")


def test_draft_request_creates_job_row_then_message(app, make_user):
    _, api = make_user()
    etp = create_etp(api)
    resp = api.post(f"/api/v1/etps/{etp['id']}/draft", json={"incisos": [4, 1]})
    assert resp.status_code == 202
    job = resp.get_json()
    uuid.UUID(job["id"])
    assert job["state"] == "queued" and job["progress"] == 0 and job["kind"] == "draft_etp"
    assert _queued_messages(app) == 1
    listed = api.get("/api/v1/jobs", query_string={"etp_id": etp["id"]})
    assert listed.status_code == 200 and [j["id"] for j in listed.get_json()] == [job["id"]]
    assert "X-Pagination" in listed.headers
    sections = {s["inciso"]: s["status"] for s in api.get(f"/api/v1/etps/{etp['id']}/sections").get_json()}
    assert sections[1] == sections[4] == "drafting" and sections[2] == "empty"


def test_idempotency_key_returns_the_same_job(app, make_user):
    _, api = make_user()
    etp = create_etp(api)
    headers = {"Idempotency-Key": "draft-etp-42"}
    first = api.post(f"/api/v1/etps/{etp['id']}/sections/1/draft", json={}, headers=headers)
    second = api.post(f"/api/v1/etps/{etp['id']}/sections/1/draft", json={}, headers=headers)
    assert first.status_code == second.status_code == 202
    assert first.get_json()["id"] == second.get_json()["id"]
    assert _queued_messages(app) == 1
    other = api.post(f"/api/v1/etps/{etp['id']}/draft", json={}, headers=headers)
    assert other.status_code == 422


@pytest.mark.parametrize("missed_checks", [1, 2])
def test_concurrent_requests_with_one_idempotency_key_get_one_job(app, make_user, monkeypatch, missed_checks):
    """Two requests with the same key racing: the loser's early checks (before the ETP lock: 1; also
    after it: 2, as when the two name different sections) see no job yet. The same request still
    answers with the winner's job; another request (another section: a different target, issue 10
    §6) answers 422 once the key is seen at the insert. Either way it writes and queues nothing."""
    from etp_app.services import jobs

    _, api = make_user()
    etp = create_etp(api)
    headers = {"Idempotency-Key": f"race-{missed_checks}"}
    first = api.post(f"/api/v1/etps/{etp['id']}/sections/1/draft", json={}, headers=headers)
    assert first.status_code == 202
    real, calls, missed = jobs.find_idempotent, [], missed_checks

    def racing(identity, key, *args, **kwargs):
        calls.append(key)
        return None if len(calls) <= missed else real(identity, key, *args, **kwargs)

    monkeypatch.setattr(jobs, "find_idempotent", racing)
    # 1: the same section, already marked by the winner (the check after the lock must see the job);
    # 2: another section (only the unique key at the insert tells)
    second = api.post(f"/api/v1/etps/{etp['id']}/sections/{missed_checks}/draft", json={}, headers=headers)
    if missed_checks == 1:
        assert second.status_code == 202, second.get_json()
        assert second.get_json()["id"] == first.get_json()["id"]
    else:
        assert second.status_code == 422, second.get_json()
        assert "Idempotency-Key" in second.get_json()["errors"]
    assert len(calls) == missed_checks + 1
    assert _queued_messages(app) == 1
    statuses = {s["inciso"]: s["status"] for s in api.get(f"/api/v1/etps/{etp['id']}/sections").get_json()}
    assert statuses[1] == "drafting" and statuses[2] == "empty"  # the loser marked nothing
    # the same key for another ETP: 422, also when the key is seen only at the insert
    other = create_etp(api)
    calls.clear()
    missed = 2
    assert api.post(f"/api/v1/etps/{other['id']}/sections/1/draft", json={}, headers=headers).status_code == 422
    assert _queued_messages(app) == 1


def test_section_already_drafting_is_409(make_user):
    _, api = make_user()
    etp = create_etp(api)
    assert api.post(f"/api/v1/etps/{etp['id']}/sections/2/draft", json={}).status_code == 202
    again = api.post(f"/api/v1/etps/{etp['id']}/sections/2/draft", json={})
    assert again.status_code == 409 and again.get_json()["code"] == 409


def test_cancel_queued_job_restores_sections(make_user):
    _, api = make_user()
    etp = create_etp(api)
    job = api.post(f"/api/v1/etps/{etp['id']}/draft", json={}).get_json()
    resp = api.post(f"/api/v1/jobs/{job['id']}/cancel", json={})
    assert resp.status_code == 200 and resp.get_json()["state"] == "cancelled"
    assert resp.get_json()["finished_at"]
    statuses = {s["status"] for s in api.get(f"/api/v1/etps/{etp['id']}/sections").get_json()}
    assert statuses == {"empty"}
    assert api.post(f"/api/v1/jobs/{job['id']}/cancel", json={}).status_code == 409


def test_jobs_of_another_organization_are_404(make_user):
    _, owner = make_user()
    _, stranger = make_user()
    etp = create_etp(owner)
    job = owner.post(f"/api/v1/etps/{etp['id']}/sections/1/draft", json={}).get_json()
    assert stranger.get(f"/api/v1/jobs/{job['id']}").status_code == 404
    assert stranger.post(f"/api/v1/jobs/{job['id']}/cancel", json={}).status_code == 404
    assert stranger.get("/api/v1/jobs").get_json() == []
    assert stranger.post(f"/api/v1/etps/{etp['id']}/sections/1/draft", json={}).status_code == 404
    assert stranger.post(f"/api/v1/etps/{etp['id']}/draft", json={}).status_code == 404
    assert stranger.post(f"/api/v1/etps/{etp['id']}/sections/1/check", json={}).status_code == 404
    assert owner.get(f"/api/v1/jobs/{job['id']}").get_json()["state"] == "queued"


def test_viewer_cannot_draft_or_cancel(make_user):
    admin, api = make_user()
    etp = create_etp(api)
    job = api.post(f"/api/v1/etps/{etp['id']}/sections/1/draft", json={}).get_json()
    domain = admin["email"].split("@")[1]
    _, viewer = make_user(f"leitor@{domain}", role="viewer")
    assert viewer.post(f"/api/v1/etps/{etp['id']}/sections/2/draft", json={}).status_code == 403
    assert viewer.post(f"/api/v1/jobs/{job['id']}/cancel", json={}).status_code == 403
    assert viewer.get(f"/api/v1/jobs/{job['id']}").status_code == 200


def test_bad_draft_input(make_user):
    _, api = make_user()
    etp = create_etp(api)
    assert api.post(f"/api/v1/etps/{etp['id']}/draft", json={"incisos": [14]}).status_code == 422
    assert api.post(f"/api/v1/etps/{etp['id']}/draft", json={"foo": 1}).status_code == 422
    assert api.post(f"/api/v1/etps/{etp['id']}/sections/14/draft", json={}).status_code == 404
    assert api.post(f"/api/v1/etps/{etp['id']}/sections/1/draft", json={"instructions": "x" * 5000}).status_code == 422
    assert api.get("/api/v1/jobs/not-a-uuid").status_code == 404
    assert api.get(f"/api/v1/jobs/{uuid.uuid4()}").status_code == 404


def test_nothing_to_draft_is_409(make_user):
    _, api = make_user()
    etp = create_etp(api)
    for inciso in range(1, 14):
        etag = api.get(f"/api/v1/etps/{etp['id']}/sections/{inciso}").headers["ETag"]
        resp = api.put(
            f"/api/v1/etps/{etp['id']}/sections/{inciso}",
            json={"content": f"Texto {inciso}."},
            headers={"If-Match": etag},
        )
        assert resp.status_code == 200
    assert api.post(f"/api/v1/etps/{etp['id']}/draft", json={}).status_code == 409


def test_broker_down_marks_job_failed_and_answers_503(app_config, make_user):
    _, api = make_user()
    etp = create_etp(api)
    broken = create_app({**app_config, "CELERY_BROKER_URL": "redis://127.0.0.1:1/0"}, env_name="testing")
    client = broken.test_client()
    headers = {"Authorization": f"Bearer {api.token}"}
    resp = client.post(f"/api/v1/etps/{etp['id']}/sections/1/draft", json={}, headers=headers)
    assert resp.status_code == 503
    body = resp.get_json()
    job_id = body["errors"]["job_id"][0]
    job = api.get(f"/api/v1/jobs/{job_id}").get_json()
    assert job["state"] == "failed" and "enfileirar" in job["error"]
    assert api.get(f"/api/v1/etps/{etp['id']}/sections/1").get_json()["status"] == "empty"


def test_token_budget_refuses_new_drafting(app, make_user):
    user, api = make_user()
    etp = create_etp(api)
    from etp_app.extensions import db
    from etp_app.models import Job, Organization

    with app.app_context():
        org = db.session.get(Organization, uuid.UUID(user["organization"]["id"]))
        org.monthly_token_budget = 1000
        db.session.add(
            Job(
                organization_id=org.id,
                kind="draft_section",
                state="succeeded",
                tokens_in=800,
                tokens_out=300,
                params={},
            )
        )
        db.session.commit()
    resp = api.post(f"/api/v1/etps/{etp['id']}/sections/1/draft", json={})
    assert resp.status_code == 429
    assert "orçamento" in resp.get_json()["message"].lower() and resp.headers["Retry-After"]
    usage = api.get("/api/v1/usage").get_json()
    assert usage["month"]["tokens_in"] == 800 and usage["monthly_token_budget"] == 1000


def test_org_admin_sets_token_budget(make_user):
    admin, api = make_user()
    org = api.get("/api/v1/organization").get_json()
    assert org["monthly_token_budget"] is None and org["usage"]["month"]["tokens_in"] == 0
    resp = api.patch("/api/v1/organization", json={"monthly_token_budget": 50000})
    assert resp.status_code == 200 and resp.get_json()["monthly_token_budget"] == 50000
    assert api.patch("/api/v1/organization", json={"monthly_token_budget": -1}).status_code == 422
    assert api.patch("/api/v1/organization", json={"monthly_token_budget": "10"}).status_code == 422
    domain = admin["email"].split("@")[1]
    _, member = make_user(f"membro@{domain}")
    assert member.patch("/api/v1/organization", json={"monthly_token_budget": None}).status_code == 403
    assert member.get("/api/v1/organization").get_json()["monthly_token_budget"] == 50000
