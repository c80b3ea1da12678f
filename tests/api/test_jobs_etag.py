"""Job polling with ETag / If-None-Match (issue 12, §6): 304 without a body while nothing changed."""

from __future__ import annotations

import uuid

from sqlalchemy import update

from etp_app.extensions import db
from etp_app.models import Job
from tests.helpers.jobs import create_etp


def _queued_job(api) -> dict:
    etp = create_etp(api)
    resp = api.post(f"/api/v1/etps/{etp['id']}/draft", json={"incisos": [1, 2]})
    assert resp.status_code == 202, resp.get_json()
    return resp.get_json()


def _poll(api, job_id, etag=None):
    return api.get(f"/api/v1/jobs/{job_id}", headers={"If-None-Match": etag} if etag else None)


def test_poll_sends_a_strong_etag_and_304_while_nothing_changes(make_user):
    _, api = make_user()
    job = _queued_job(api)
    first = _poll(api, job["id"])
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"') and not etag.startswith("W/")
    assert first.get_json()["state"] == "queued"
    assert _poll(api, job["id"]).headers["ETag"] == etag  # stable

    again = _poll(api, job["id"], etag)
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == etag
    # the browser may keep the answer but must revalidate each poll (so fetch() sees the 304s as 200s)
    assert first.headers["Cache-Control"] == again.headers["Cache-Control"] == "private, no-cache"
    # a list of tags, a weak form of it, and * match too
    for header in (f'"x", {etag}', f"W/{etag}", "*"):
        assert _poll(api, job["id"], header).status_code == 304, header
    assert _poll(api, job["id"], '"outro"').status_code == 200


def test_a_change_of_state_or_progress_gives_a_new_etag(app, make_user):
    _, api = make_user()
    job = _queued_job(api)
    etag = _poll(api, job["id"]).headers["ETag"]

    with app.app_context():
        row = db.session.get(Job, uuid.UUID(job["id"]))
        assert row is not None
        row.state, row.progress = "running", 50
        db.session.commit()
        db.session.remove()
    changed = _poll(api, job["id"], etag)
    assert changed.status_code == 200
    assert changed.get_json()["state"] == "running" and changed.get_json()["progress"] == 50
    running = changed.headers["ETag"]
    assert running != etag
    assert _poll(api, job["id"], running).status_code == 304

    # any other write of the row (a result, a worker's write) moves updated_at, and so the ETag
    with app.app_context():
        db.session.execute(update(Job).where(Job.id == uuid.UUID(job["id"])).values(result={"sections": {}}))
        db.session.commit()
        db.session.remove()
    later = _poll(api, job["id"], running)
    assert later.status_code == 200 and later.headers["ETag"] != running


def test_cancel_changes_the_etag(make_user):
    _, api = make_user()
    job = _queued_job(api)
    etag = _poll(api, job["id"]).headers["ETag"]
    assert api.post(f"/api/v1/jobs/{job['id']}/cancel").status_code == 200
    resp = _poll(api, job["id"], etag)
    assert resp.status_code == 200 and resp.get_json()["state"] == "cancelled"


def test_etag_of_another_organizations_job_is_a_404(make_user):
    _, api = make_user()
    _, other = make_user()
    job = _queued_job(api)
    etag = _poll(api, job["id"]).headers["ETag"]
    resp = _poll(other, job["id"], etag)
    assert resp.status_code == 404 and "ETag" not in resp.headers


def test_the_spec_documents_the_304(client):
    spec = client.get("/api/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/jobs/{job_id}"]["get"]
    assert "304" in operation["responses"]
    assert "ETag" in operation["responses"]["304"]["headers"]
    assert "ETag" in operation["responses"]["200"]["headers"]
    assert any(p["name"] == "If-None-Match" and p["in"] == "header" for p in operation["parameters"])
