"""The version routes name the people behind the versions (``created_by_name``, the current name: an
anonymized person reads "Usuário removido") and label each changed field of a diff in Portuguese —
what the web app's timeline and comparison show, since a member cannot list the organization's
users."""

from __future__ import annotations

from tests.conftest import DEFAULT_PASSWORD
from tests.helpers.api import create_etp, etag_of, new_domain, put_section


def versions_url(etp_id, suffix="") -> str:
    return f"/api/v1/etps/{etp_id}/versions{suffix}"


def test_list_detail_and_save_point_carry_the_authors_name(make_user):
    domain = new_domain()
    admin, admin_api = make_user(f"chefe@{domain}", name="Ana Chefe")
    member, member_api = make_user(f"membro@{domain}", name="Bruno Membro")
    eid = create_etp(admin_api)["id"]

    created = member_api.post(versions_url(eid), json={"label": "Do Bruno"})
    assert created.status_code == 201
    assert created.get_json()["created_by_name"] == "Bruno Membro"
    assert created.get_json()["created_by"] == member["id"]
    admin_api.post(versions_url(eid), json={"label": "Da Ana"})

    listed = member_api.get(versions_url(eid)).get_json()
    assert [(v["label"], v["created_by_name"]) for v in listed] == [
        ("Da Ana", "Ana Chefe"),
        ("Do Bruno", "Bruno Membro"),
    ]
    assert all("snapshot" not in v for v in listed)

    detail = member_api.get(versions_url(eid, "/2")).get_json()
    assert detail["created_by_name"] == "Ana Chefe" and detail["created_by"] == admin["id"]
    assert len(detail["snapshot"]["sections"]) == 13


def test_an_anonymized_author_reads_as_removed(make_user):
    domain = new_domain()
    _, admin_api = make_user(f"chefe@{domain}", name="Ana Chefe")
    _, member_api = make_user(f"membro@{domain}", name="Bruno Membro")
    eid = create_etp(admin_api)["id"]
    member_api.post(versions_url(eid), json={"label": "Do Bruno"})
    assert member_api.delete("/api/v1/users/me", json={"password": DEFAULT_PASSWORD}).status_code == 204

    listed = admin_api.get(versions_url(eid)).get_json()
    assert [v["created_by_name"] for v in listed] == ["Usuário removido"]


def test_diff_labels_each_changed_field_in_portuguese(make_user):
    _, api = make_user()
    eid = create_etp(api)["id"]
    api.post(versions_url(eid), json={"label": "antes"})
    resp = api.patch(
        f"/api/v1/etps/{eid}",
        json={"objeto": "Aquisição de notebooks de alto desempenho", "responsavel_tecnico": {"nome": "Carla"}},
        headers={"If-Match": etag_of(api, eid)},
    )
    assert resp.status_code == 200, resp.get_json()
    put_section(api, eid, 1, content="Necessidade nova.")

    diff = api.get(versions_url(eid, "/1/diff/current")).get_json()
    assert diff["fields"]["objeto"] == {
        "before": "Aquisição de computadores portáteis",
        "after": "Aquisição de notebooks de alto desempenho",
        "label": "Objeto",
    }
    assert diff["fields"]["responsavel_nome"]["label"] == "Responsável técnico — Nome"
    assert [s["code"] for s in diff["sections"]] == ["I"]

    later = api.post(versions_url(eid), json={"label": "depois"}).get_json()["number"]
    between = api.get(versions_url(eid, f"/1/diff/{later}")).get_json()
    assert between["fields"]["objeto"]["label"] == "Objeto"
    assert {name: change["label"] for name, change in between["fields"].items()} == {
        "objeto": "Objeto",
        "responsavel_nome": "Responsável técnico — Nome",
    }
