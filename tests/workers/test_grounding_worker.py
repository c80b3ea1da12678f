"""Only what a person gave grounds a draft (issue 15 §1), through a real worker: in a whole-ETP draft,
a number the AI invented in section I does not become grounded in section II because section I's
untouched AI draft holds it — section II's report says its only support is that draft. Once a person
reviews section I, a redraft of section II finds the number grounded there."""

from __future__ import annotations

from typing import Any

from tests.helpers.jobs import create_etp, openai_env, section, wait_job

# a count with its noun that is in no fact of the ETP create_etp makes
INVENTED = "Serão mantidas 37 unidades de reserva técnica."


def _warnings(report: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [w for w in report["warnings"] if w["code"] == code]


def test_an_ai_draft_grounds_nothing_in_the_next_section_until_a_person_reviews_it(make_user, start_worker, fake):
    fake.plant_errors(INVENTED, fixed=None)
    _, api = make_user()
    start_worker(env=openai_env(fake))
    etp = create_etp(api)
    resp = api.post(f"/api/v1/etps/{etp['id']}/draft", json={"incisos": [1, 2]})
    assert resp.status_code == 202, resp.get_json()
    done = wait_job(api, resp.get_json()["id"])
    assert done["state"] == "succeeded", done

    first = done["result"]["sections"]["I"]["quality"]
    assert any("37 unidades" in w["message"] for w in first["warnings"] if w["code"].startswith("possible_invented"))
    second = done["result"]["sections"]["II"]["quality"]
    [only_ai] = _warnings(second, "value_only_in_ai_draft")
    assert "37" in only_ai["message"] and "seção I" in only_ai["message"]
    value = next(v for v in second["values"] if "37" in v["text"])
    assert (value["status"], value["source"]) == ("ai_only", "section I")

    # a draft of section II alone (its context read from the database, not from the job's last store)
    resp = api.post(f"/api/v1/etps/{etp['id']}/sections/2/draft", json={"regenerate": True})
    assert resp.status_code == 202, resp.get_json()
    alone = wait_job(api, resp.get_json()["id"])
    assert alone["state"] == "succeeded", alone
    assert _warnings(alone["result"]["sections"]["II"]["quality"], "value_only_in_ai_draft")

    # a person reviews section I: its numbers now ground a new draft of section II
    etag = api.get(f"/api/v1/etps/{etp['id']}/sections/1").headers["ETag"]
    assert api.post(f"/api/v1/etps/{etp['id']}/sections/1/review", headers={"If-Match": etag}).status_code == 200
    resp = api.post(f"/api/v1/etps/{etp['id']}/sections/2/draft", json={"regenerate": True, "instructions": "Revise."})
    assert resp.status_code == 202, resp.get_json()
    redone = wait_job(api, resp.get_json()["id"])
    assert redone["state"] == "succeeded", redone
    report = redone["result"]["sections"]["II"]["quality"]
    assert not _warnings(report, "value_only_in_ai_draft")
    value = next(v for v in report["values"] if "37" in v["text"])
    assert (value["status"], value["source"]) == ("grounded", "section I")
    assert section(api, etp["id"], 2)["content"]
