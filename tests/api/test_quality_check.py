"""POST .../sections/<inciso>/check: deterministic checks of the current text, stored on the section."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from etp_app.extensions import db
from etp_app.models import Section
from tests.helpers.jobs import create_etp


def _put(api, etp_id: str, inciso: int, content: str) -> None:
    etag = api.get(f"/api/v1/etps/{etp_id}/sections/{inciso}").headers["ETag"]
    resp = api.put(f"/api/v1/etps/{etp_id}/sections/{inciso}", json={"content": content}, headers={"If-Match": etag})
    assert resp.status_code == 200, resp.get_json()


def test_check_reports_and_stores_warnings(app, make_user):
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
    # a person's value missing from the facts asks for its source; it is not called invented
    assert "unsourced_value" in codes and not codes & {"possible_invented_value", "possible_invented_number"}
    stored = api.get(f"/api/v1/etps/{etp['id']}/sections/6").get_json()["quality"]
    assert stored == resp.get_json()

    # a value that is in the ETP's facts is not flagged
    _put(api, etp["id"], 6, "O valor estimado é de R$ 480.000,00.")
    codes = {w["code"] for w in api.post(f"/api/v1/etps/{etp['id']}/sections/6/check", json={}).get_json()["warnings"]}
    assert not codes & {"possible_invented_value", "possible_invented_number", "unsourced_value"}

    # a viewer gets the report, but it is not stored. A PUT now stores the report of its text (until
    # issue 10 it stored none and this asserted ``quality is None``), so a marker report is planted
    # to see that the viewer's check leaves it alone.
    _, viewer = make_user(f"leitor@{admin['email'].split('@')[1]}", role="viewer")
    _put(api, etp["id"], 13, "Texto sem conclusão.")
    with app.app_context():
        s = db.session.scalar(select(Section).where(Section.etp_id == uuid.UUID(etp["id"]), Section.inciso == 13))
        s.quality = {"score": 1}
        db.session.commit()
        db.session.remove()
    viewed = viewer.post(f"/api/v1/etps/{etp['id']}/sections/13/check", json={})
    assert viewed.status_code == 200 and viewed.get_json()["score"] == 100 and "score_breakdown" in viewed.get_json()
    assert api.get(f"/api/v1/etps/{etp['id']}/sections/13").get_json()["quality"] == {"score": 1}
    assert api.post(f"/api/v1/etps/{etp['id']}/sections/14/check", json={}).status_code == 404
