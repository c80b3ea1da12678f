"""Contract-type templates through the HTTP API."""

from __future__ import annotations

from tests.helpers.api import org_users


def test_list_the_four_templates(make_user):
    _, api = make_user()
    resp = api.get("/api/v1/templates")
    assert resp.status_code == 200
    templates = resp.get_json()
    assert [t["type"] for t in templates] == ["bens", "servicos", "obras", "ti"]
    for t in templates:
        assert t["name"] and t["description"] and t["fields"]
        assert "guidance" not in t
        f = t["fields"][0]
        assert set(f) == {"name", "label", "kind", "required", "help", "choices", "choice_labels"}


def test_get_one_template_with_guidance_for_13_sections(make_user):
    _, api = make_user()
    resp = api.get("/api/v1/templates/obras")
    assert resp.status_code == 200
    t = resp.get_json()
    assert t["type"] == "obras"
    assert [g["inciso"] for g in t["guidance"]] == list(range(1, 14))
    assert t["guidance"][5]["code"] == "VI" and t["guidance"][5]["guidance"]
    assert t["guidance"][0]["title"] == "Descrição da necessidade"
    enums = [f for f in t["fields"] if f["kind"] == "enum"]
    assert enums and all(f["choices"] for f in enums)
    # every choice has the text a person reads (the web app's select shows it, not the code)
    assert all(set(f["choice_labels"]) == set(f["choices"]) and all(f["choice_labels"].values()) for f in enums)


def test_unknown_template_is_404(make_user):
    _, api = make_user()
    resp = api.get("/api/v1/templates/software")
    assert resp.status_code == 404 and resp.get_json()["code"] == 404


def test_templates_need_a_token_but_any_role(client, make_user):
    assert client.get("/api/v1/templates").status_code == 401
    assert client.get("/api/v1/templates/bens").status_code == 401
    _, viewer = org_users(make_user, "viewer")["viewer"]
    assert viewer.get("/api/v1/templates/ti").status_code == 200


def test_template_fields_drive_etp_validation(make_user):
    """A field the template documents is accepted in an ETP's campos; its kind is enforced."""
    _, api = make_user()
    ti = api.get("/api/v1/templates/ti").get_json()
    enum_field = next(f for f in ti["fields"] if f["kind"] == "enum")
    ok = api.post(
        "/api/v1/etps",
        json={
            "title": "T",
            "objeto": "O",
            "template_type": "ti",
            "campos": {enum_field["name"]: enum_field["choices"][0]},
        },
    )
    assert ok.status_code == 201, ok.get_json()
    bad = api.post(
        "/api/v1/etps",
        json={"title": "T", "objeto": "O", "template_type": "ti", "campos": {enum_field["name"]: "nao-existe"}},
    )
    assert bad.status_code == 422 and enum_field["name"] in bad.get_json()["errors"]["campos"]
