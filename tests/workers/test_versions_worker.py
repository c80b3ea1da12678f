"""Versions and audit rows written on the worker side, with a real Celery worker: the snapshot after a
whole-ETP draft (taken when the job finishes, in the job's last transaction), the "before" snapshot of
a single-section draft and the version of an accepted suggestion, and the audit row of a finished
export."""

from __future__ import annotations

import pytest

from tests.helpers.jobs import create_etp, section, wait_job


def test_whole_etp_draft_is_bracketed_by_before_and_after_snapshots(make_user, start_worker):
    user, api = make_user()
    start_worker(queues="drafting", concurrency=2)
    etp = create_etp(api)
    resp = api.post(f"/api/v1/etps/{etp['id']}/draft", json={"incisos": [1, 2, 3]})
    assert resp.status_code == 202
    job = resp.get_json()
    done = wait_job(api, job["id"])
    assert done["state"] == "succeeded", done

    versions = api.get(f"/api/v1/etps/{etp['id']}/versions").get_json()
    assert [(v["number"], v["reason"]) for v in versions] == [(2, "after_draft"), (1, "before_draft")]
    assert {v["created_by"] for v in versions} == {user["id"]}  # the after snapshot is the job owner's

    before = api.get(f"/api/v1/etps/{etp['id']}/versions/1").get_json()["snapshot"]
    after = api.get(f"/api/v1/etps/{etp['id']}/versions/2").get_json()["snapshot"]
    assert [s["status"] for s in before["sections"][:3]] == ["empty"] * 3
    assert [s["status"] for s in after["sections"][:3]] == ["drafted"] * 3
    assert all(s["ai_generated"] for s in after["sections"][:3])
    assert after["sections"][0]["content"] == section(api, etp["id"], 1)["content"]
    assert after["etp"]["completion"]["filled"] == 3

    diff = api.get(f"/api/v1/etps/{etp['id']}/versions/1/diff/2").get_json()
    assert [s["code"] for s in diff["sections"]] == ["I", "II", "III"]
    assert all(s["status"] == {"before": "empty", "after": "drafted"} for s in diff["sections"])
    assert all(op["op"] == "insert" for s in diff["sections"] for op in s["content"]["ops"])

    # the draft can be undone by restoring the snapshot taken before it
    etag = api.get(f"/api/v1/etps/{etp['id']}").headers["ETag"]
    assert api.post(f"/api/v1/etps/{etp['id']}/versions/1/restore", headers={"If-Match": etag}).status_code == 200
    assert section(api, etp["id"], 1)["content"] == "" and section(api, etp["id"], 1)["status"] == "empty"
    assert api.get(f"/api/v1/etps/{etp['id']}").get_json()["completion"]["filled"] == 0


def _restore(api, etp_id, number) -> dict:
    etag = api.get(f"/api/v1/etps/{etp_id}").headers["ETag"]
    resp = api.post(f"/api/v1/etps/{etp_id}/versions/{number}/restore", headers={"If-Match": etag})
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def _history(api, etp_id) -> list[tuple[int, str, str | None]]:
    versions = api.get(f"/api/v1/etps/{etp_id}/versions").get_json()
    return [(v["number"], v["reason"], v["scope"]) for v in versions]


def test_single_section_drafts_and_accepted_suggestions_are_versions(make_user, start_worker):
    """A single-section draft keeps the state it starts from (so it can be undone), and accepting the
    suggestion a draft left over a person's text is a version of its own."""
    _, api = make_user()
    start_worker(queues="drafting", concurrency=1)
    eid = create_etp(api)["id"]

    # an empty section drafted by a real worker: undone by restoring the "before" snapshot
    job = api.post(f"/api/v1/etps/{eid}/sections/1/draft", json={}).get_json()
    assert wait_job(api, job["id"])["state"] == "succeeded"
    assert section(api, eid, 1)["status"] == "drafted"
    assert _history(api, eid) == [(1, "before_draft", "I")]

    # a person's text: the draft becomes a suggestion, accepting it makes a version
    url = f"/api/v1/etps/{eid}/sections/4"
    own = "Quantidade definida pela servidora: 120 unidades, conforme levantamento das unidades."
    resp = api.put(url, json={"content": own}, headers={"If-Match": api.get(url).headers["ETag"]})
    assert resp.status_code == 200, resp.get_json()
    job = api.post(f"/api/v1/etps/{eid}/sections/4/draft", json={}).get_json()
    done = wait_job(api, job["id"])
    assert done["state"] == "succeeded" and done["result"]["sections"]["IV"]["applied"] == "suggestion"
    suggested = section(api, eid, 4)["suggestion"]
    assert suggested and section(api, eid, 4)["content"] == own
    assert api.post(f"/api/v1/etps/{eid}/sections/4/suggestion/accept").status_code == 200
    assert _history(api, eid) == [
        (4, "suggestion", "IV"),
        (3, "before_draft", "IV"),
        (2, "edit", "IV"),
        (1, "before_draft", "I"),
    ]
    accepted = api.get(f"/api/v1/etps/{eid}/versions/4").get_json()["snapshot"]["sections"][3]
    assert accepted["content"] == suggested and accepted["suggestion"] is None

    # the person's text comes back from the snapshot before the draft, the first draft is undone
    _restore(api, eid, 3)
    assert section(api, eid, 4)["content"] == own and section(api, eid, 4)["status"] == "edited"
    _restore(api, eid, 1)
    assert section(api, eid, 1)["content"] == "" and section(api, eid, 1)["status"] == "empty"
    assert section(api, eid, 4)["content"] == ""


@pytest.fixture
def storage_dir(app, tmp_path, monkeypatch):
    """One export storage directory for the API (this process) and the worker (a subprocess)."""
    root = tmp_path / "storage"
    monkeypatch.setitem(app.config, "STORAGE_DIR", str(root))
    return root


def test_finished_export_is_in_the_audit_trail(make_user, start_worker, storage_dir):
    user, api = make_user()  # first registrant of a domain: org admin, may read the trail
    start_worker(queues="exports", env={"STORAGE_DIR": str(storage_dir)}, concurrency=1)
    etp = create_etp(api)
    resp = api.post(f"/api/v1/etps/{etp['id']}/exports", json={"format": "pdf"})
    assert resp.status_code == 202, resp.get_json()
    done = wait_job(api, resp.get_json()["id"])
    assert done["state"] == "succeeded", (done["error"], done["result"])
    rows = api.get("/api/v1/audit", query_string={"action": "export.", "etp_id": etp["id"]}).get_json()
    assert [r["action"] for r in rows] == ["export.create"]
    assert rows[0]["actor_id"] == user["id"] and rows[0]["after"]["format"] == "pdf"
