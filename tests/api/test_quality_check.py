"""POST .../sections/<inciso>/check: deterministic checks of the current text, stored on the section."""

from __future__ import annotations

from tests.helpers.jobs import create_etp


def _put(api, etp_id: str, inciso: int, content: str) -> None:
    etag = api.get(f"/api/v1/etps/{etp_id}/sections/{inciso}").headers["ETag"]
    resp = api.put(f"/api/v1/etps/{etp_id}/sections/{inciso}", json={"content": content}, headers={"If-Match": etag})
    assert resp.status_code == 200, resp.get_json()


def test_check_reports_and_stores_warnings(make_user):
    admin, api = make_user()
    etp = create_etp(api)  # valor_estimado 480000.00
    _put(
        api,
        etp["id"],
        6,
        "O valor estimado é de R$ 2.000.000,00, conforme art. 250 da Lei 14.133/2021 e a Lei 8.666/1993.",
    )
    resp = api.post(f"/api/v1/etps/{etp['id']}/sections/6/check", json={})
    assert resp.status_code == 200
    codes = {w["code"] for w in resp.get_json()["warnings"]}
    assert {"citation_article_out_of_range", "citation_revoked"} <= codes
    assert codes & {"possible_invented_value", "possible_invented_number"}
    stored = api.get(f"/api/v1/etps/{etp['id']}/sections/6").get_json()["quality"]
    assert stored == resp.get_json()

    # a value that is in the ETP's facts is not flagged
    _put(api, etp["id"], 6, "O valor estimado é de R$ 480.000,00.")
    codes = {w["code"] for w in api.post(f"/api/v1/etps/{etp['id']}/sections/6/check", json={}).get_json()["warnings"]}
    assert not codes & {"possible_invented_value", "possible_invented_number"}

    # a viewer gets the report, but it is not stored
    _, viewer = make_user(f"leitor@{admin['email'].split('@')[1]}", role="viewer")
    _put(api, etp["id"], 13, "Texto sem conclusão.")
    assert viewer.post(f"/api/v1/etps/{etp['id']}/sections/13/check", json={}).status_code == 200
    assert api.get(f"/api/v1/etps/{etp['id']}/sections/13").get_json()["quality"] is None
    assert api.post(f"/api/v1/etps/{etp['id']}/sections/14/check", json={}).status_code == 404
