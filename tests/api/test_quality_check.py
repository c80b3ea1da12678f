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


def _plant(app, etp_id: str, inciso: int, **columns) -> None:
    """Give a section columns the worker writes (an AI draft, a pending suggestion) without a job."""
    with app.app_context():
        s = db.session.scalar(select(Section).where(Section.etp_id == uuid.UUID(etp_id), Section.inciso == inciso))
        for name, value in columns.items():
            setattr(s, name, value)
        db.session.commit()
        db.session.remove()


def _check(api, etp_id: str, inciso: int) -> dict:
    resp = api.post(f"/api/v1/etps/{etp_id}/sections/{inciso}/check", json={})
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def _value(report: dict, text: str) -> dict:
    return next(v for v in report["values"] if v["text"] == text)


def test_only_what_a_person_gave_grounds_and_the_report_says_where_each_value_came_from(app, make_user):
    """Issue 15 §1–2: an untouched AI draft of section IV grounds nothing in section VI (its values are
    reported as found only there); reviewed, a section grounds like a person's text — an accepted
    suggestion nobody reviewed does not: taking a draft is not checking it."""
    _, api = make_user()
    etp = create_etp(api)  # 120 unidades × R$ 4.000,00 = R$ 480.000,00
    eid = etp["id"]
    _plant(
        app,
        eid,
        4,
        content="Serão adquiridas 150 unidades, em 24 meses, ao custo de R$ 600.000,00.",
        provenance="ai",
        ai_generated=True,
        status="drafted",
    )
    _put(api, eid, 6, "O valor estimado é de R$ 480.000,00; a alternativa ampliada custaria R$ 600.000,00.")

    report = _check(api, eid, 6)
    [only_ai] = [w for w in report["warnings"] if w["code"] == "value_only_in_ai_draft"]
    assert only_ai["kind"] == "money" and "R$ 600.000,00" in only_ai["message"] and "seção IV" in only_ai["message"]
    assert only_ai["severity"] == "info"  # section VI is a person's text: the note costs nothing
    assert not {w["code"] for w in report["warnings"]} & {"unsourced_value", "possible_invented_value"}
    assert _value(report, "R$ 480.000,00") == {
        "text": "R$ 480.000,00",
        "kind": "money",
        "status": "grounded",
        "source": "valor_estimado",
    }
    assert _value(report, "R$ 600.000,00") == {
        "text": "R$ 600.000,00",
        "kind": "money",
        "status": "ai_only",
        "source": "section IV",
    }

    # a person reviews section IV: its values now ground section VI's
    etag = api.get(f"/api/v1/etps/{eid}/sections/4").headers["ETag"]
    assert api.post(f"/api/v1/etps/{eid}/sections/4/review", headers={"If-Match": etag}).status_code == 200
    report = _check(api, eid, 6)
    assert "value_only_in_ai_draft" not in {w["code"] for w in report["warnings"]}
    assert _value(report, "R$ 600.000,00")["status"] == "grounded"
    assert _value(report, "R$ 600.000,00")["source"] == "section IV"

    # an accepted suggestion is still an AI draft until a person reviews it
    _plant(app, eid, 5, suggestion="A locação custaria R$ 720.000,00 no período.", suggestion_provenance="ai")
    _put(api, eid, 13, "Conclui-se que a compra, por R$ 480.000,00, é viável frente aos R$ 720.000,00 da locação.")
    assert _value(_check(api, eid, 13), "R$ 720.000,00")["status"] == "unsupported"
    assert api.post(f"/api/v1/etps/{eid}/sections/5/suggestion/accept").status_code == 200
    accepted = _value(_check(api, eid, 13), "R$ 720.000,00")
    assert accepted["status"] == "ai_only" and accepted["source"] == "section V"
    etag = api.get(f"/api/v1/etps/{eid}/sections/5").headers["ETag"]
    assert api.post(f"/api/v1/etps/{eid}/sections/5/review", headers={"If-Match": etag}).status_code == 200
    reviewed = _value(_check(api, eid, 13), "R$ 720.000,00")
    assert reviewed["status"] == "grounded" and reviewed["source"] == "section V"


def test_the_openapi_spec_documents_the_values_of_the_report(client):
    schemas = client.get("/api/openapi.json").get_json()["components"]["schemas"]
    report = next(s for name, s in schemas.items() if name.startswith("QualityReport"))
    assert "values" in report["properties"]
    value = next(s for name, s in schemas.items() if name.startswith("QualityValue"))
    assert set(value["properties"]) == {"text", "kind", "status", "source", "derived"}
    assert value["properties"]["status"]["enum"] == ["grounded", "derived", "ai_only", "unsupported"]
    warning = next(s for name, s in schemas.items() if name.startswith("QualityWarning"))
    assert "kind" in warning["properties"]
