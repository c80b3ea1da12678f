"""The audit trail: a row for every mutation (through the API), filters and pagination, the CSV
export (parsed back; formula injection guarded), organization scoping, roles, and append-only."""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import DEFAULT_PASSWORD, ApiClient
from tests.helpers.api import approve, create_etp, etag_of, fill_for_approval, org_users, put_section

AUDIT = "/api/v1/audit"
EXPORT = "/api/v1/audit/export"


def entries(api, **query) -> list[dict]:
    resp = api.get(AUDIT, query_string={"page_size": 100, **query})
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def parse_csv(resp, delimiter=";") -> list[dict]:
    raw = resp.get_data()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM for Excel"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=delimiter))


@pytest.fixture
def world(app, client, make_user):
    users = org_users(make_user, "member")
    (admin_user, admin), (member_user, member) = users["org_admin"], users["member"]
    return {
        "app": app,
        "client": client,
        "admin": admin,
        "admin_user": admin_user,
        "member": member,
        "member_user": member_user,
    }


def _member_email(world) -> str:
    return world["member"].get("/api/v1/auth/me").get_json()["email"]


# --------------------------------------------------------------------------------------------------
# one audit row per mutation, through the API
# --------------------------------------------------------------------------------------------------
# Each case performs one mutation as the member (or the admin) and returns
# (expected action, actor key, target id, etp id) for the newest row of that action.


def _etp(world):
    return create_etp(world["member"])["id"]


def case_login(world):
    resp = world["client"].post(
        "/api/v1/auth/login", json={"email": _member_email(world), "password": DEFAULT_PASSWORD}
    )
    assert resp.status_code == 200
    return "auth.login", "member_user", world["member_user"]["id"], None


def case_login_failed(world):
    resp = world["client"].post("/api/v1/auth/login", json={"email": _member_email(world), "password": "errada-123"})
    assert resp.status_code == 401
    return "auth.login_failed", "member_user", world["member_user"]["id"], None


def case_logout(world):
    assert world["member"].post("/api/v1/auth/logout", json={}).status_code == 204
    # the target is the session that ended (tests/api/test_sessions.py checks which)
    return "auth.logout", "member_user", None, None


def case_password_change(world):
    resp = world["member"].post(
        "/api/v1/auth/change-password",
        json={"current_password": DEFAULT_PASSWORD, "new_password": "Outra-Senha-Forte-77!"},
    )
    assert resp.status_code == 200, resp.get_json()
    return "auth.password_changed", "member_user", world["member_user"]["id"], None


def case_role_change(world):
    resp = world["admin"].patch(f"/api/v1/users/{world['member_user']['id']}", json={"role": "viewer"})
    assert resp.status_code == 200
    return "user.role_changed", "admin_user", world["member_user"]["id"], None


def case_etp_create(world):
    eid = _etp(world)
    return "etp.create", "member_user", eid, eid


def case_etp_update(world):
    eid = _etp(world)
    resp = world["member"].patch(
        f"/api/v1/etps/{eid}", json={"orgao": "Novo"}, headers={"If-Match": etag_of(world["member"], eid)}
    )
    assert resp.status_code == 200
    return "etp.update", "member_user", eid, eid


def case_etp_delete(world):
    eid = _etp(world)
    assert world["member"].delete(f"/api/v1/etps/{eid}").status_code == 204
    return "etp.trash", "member_user", eid, eid


def case_etp_restore(world):
    eid = _etp(world)
    assert world["member"].delete(f"/api/v1/etps/{eid}").status_code == 204
    assert world["admin"].post(f"/api/v1/trash/{eid}/restore").status_code == 200
    return "etp.restore", "admin_user", eid, eid


def case_etp_purge(world):
    eid = _etp(world)
    assert world["member"].delete(f"/api/v1/etps/{eid}").status_code == 204
    assert world["admin"].delete(f"/api/v1/trash/{eid}").status_code == 204
    return "etp.purge", "admin_user", eid, eid


def case_etp_status(world):
    eid = _etp(world)
    assert world["member"].post(f"/api/v1/etps/{eid}/status", json={"status": "in_review"}).status_code == 200
    return "etp.status", "member_user", eid, eid


def case_section_edit(world):
    eid = _etp(world)
    put_section(world["member"], eid, 1, content="Texto.")
    return "section.update", "member_user", None, eid


def case_section_approve(world):
    eid = _etp(world)
    put_section(world["member"], eid, 1, content="Texto.")
    assert world["admin"].post(f"/api/v1/etps/{eid}/sections/1/approve").status_code == 200
    return "section.review", "admin_user", None, eid  # /approve is the old name of the review act


def case_section_draft(world):
    eid = _etp(world)
    assert world["member"].post(f"/api/v1/etps/{eid}/sections/2/draft", json={}).status_code == 202
    return "section.draft_requested", "member_user", None, eid


def case_etp_draft(world):
    eid = _etp(world)
    assert world["member"].post(f"/api/v1/etps/{eid}/draft", json={}).status_code == 202
    return "etp.draft_requested", "member_user", None, eid


def case_job_cancel(world):
    eid = _etp(world)
    job = world["member"].post(f"/api/v1/etps/{eid}/sections/2/draft", json={}).get_json()
    assert world["member"].post(f"/api/v1/jobs/{job['id']}/cancel").status_code == 200
    return "job.cancel", "member_user", job["id"], eid


def case_approval(world):
    eid = create_etp(world["member"])["id"]  # written by a member: the admin approving is not its only author
    fill_for_approval(world["member"], eid)
    world["admin"].post(f"/api/v1/etps/{eid}/status", json={"status": "in_review"})
    assert approve(world["admin"], eid).status_code == 200
    return "etp.status", "admin_user", eid, eid


def case_version_save(world):
    eid = _etp(world)
    assert world["member"].post(f"/api/v1/etps/{eid}/versions", json={"label": "marco"}).status_code == 201
    return "version.create", "member_user", None, eid


def case_version_restore(world):
    eid = _etp(world)
    world["member"].post(f"/api/v1/etps/{eid}/versions", json={"label": "marco"})
    etag = world["member"].get(f"/api/v1/etps/{eid}").headers["ETag"]  # restore requires If-Match
    resp = world["member"].post(f"/api/v1/etps/{eid}/versions/1/restore", headers={"If-Match": etag})
    assert resp.status_code == 200
    return "version.restore", "member_user", None, eid


def case_lgpd_export(world):
    assert world["member"].get("/api/v1/users/me/export").status_code == 200
    return "lgpd.export", "member_user", world["member_user"]["id"], None


def case_lgpd_delete(world):
    resp = world["member"].delete("/api/v1/users/me", json={"password": DEFAULT_PASSWORD})
    assert resp.status_code == 204, resp.get_json()
    return "lgpd.account_deleted", "member_user", world["member_user"]["id"], None


def case_audit_export(world):
    assert world["admin"].get(EXPORT).status_code == 200
    return "audit.export", "admin_user", None, None


# (Registering is audited as "auth.register" with no organization: the account belongs to none until
# it is invited or its join request is approved; tests/api/test_joining.py checks those rows.)
CASES = [
    case_login,
    case_login_failed,
    case_logout,
    case_password_change,
    case_role_change,
    case_etp_create,
    case_etp_update,
    case_etp_delete,
    case_etp_restore,
    case_etp_purge,
    case_etp_status,
    case_section_edit,
    case_section_approve,
    case_section_draft,
    case_etp_draft,
    case_job_cancel,
    case_approval,
    case_version_save,
    case_version_restore,
    case_lgpd_export,
    case_lgpd_delete,
    case_audit_export,
]


@pytest.mark.parametrize("case", CASES, ids=[c.__name__[5:] for c in CASES])
def test_every_mutation_leaves_an_audit_row(world, case):
    action, actor_key, target_id, etp_id = case(world)
    rows = entries(world["admin"], action=action)
    assert rows, f"no audit row for {action}"
    row = rows[0]
    assert row["action"] == action
    assert row["actor_id"] == world[actor_key]["id"]
    if target_id is not None:
        assert row["target_id"] == target_id
    if etp_id is not None:
        assert row["etp_id"] == etp_id
    assert row["ip"] == "127.0.0.1"
    assert row["user_agent"]
    created = datetime.fromisoformat(row["created_at"])
    assert created.tzinfo is not None and abs(datetime.now(UTC) - created) < timedelta(minutes=5)
    assert set(row) == {
        "id",
        "created_at",
        "action",
        "actor_id",
        "actor_name",
        "target_type",
        "target_id",
        "etp_id",
        "ip",
        "user_agent",
        "before",
        "after",
    }


def test_update_rows_carry_a_before_after_summary_of_what_changed(world):
    eid = _etp(world)
    world["member"].patch(
        f"/api/v1/etps/{eid}",
        json={"orgao": "Órgão novo", "title": "Aquisição de notebooks"},
        headers={"If-Match": etag_of(world["member"], eid)},
    )
    (row,) = entries(world["admin"], action="etp.update")
    assert row["before"] == {"orgao": None} and row["after"] == {"orgao": "Órgão novo"}
    assert row["actor_name"] == "Servidora Teste"


# --------------------------------------------------------------------------------------------------
# filters, ordering, pagination, roles, scoping
# --------------------------------------------------------------------------------------------------


def test_filters_actor_action_prefix_etp_and_time_window(world):
    admin, member = world["admin"], world["member"]
    e1 = create_etp(member)["id"]
    e2 = create_etp(admin)["id"]
    put_section(member, e1, 1, content="Um.")
    put_section(admin, e2, 1, content="Dois.")

    everything = entries(admin)
    stamps = [r["created_at"] for r in everything]
    assert stamps == sorted(stamps, reverse=True)  # newest first

    mine = entries(admin, actor=world["member_user"]["id"])
    assert mine and all(r["actor_id"] == world["member_user"]["id"] for r in mine)
    assert {"etp.create", "section.update", "auth.login"} <= {r["action"] for r in mine}

    assert [r["etp_id"] for r in entries(admin, action="etp.create")] == [e2, e1]
    prefixed = entries(admin, action="etp.")
    assert {r["action"] for r in prefixed} == {"etp.create"}
    assert {r["action"] for r in entries(admin, action="section.*")} == {"section.update"}
    assert entries(admin, action="etp") == []  # exact match only without a trailing "." or "*"

    only_e1 = entries(admin, etp_id=e1)
    # the section's save made a version too (issue 10 §5: a person's saves are versions)
    assert {r["action"] for r in only_e1} == {"etp.create", "section.update", "version.create"} and all(
        r["etp_id"] == e1 for r in only_e1
    )
    assert [r["action"] for r in entries(admin, etp_id=e1, action="section.update")] == ["section.update"]

    future = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    past = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    assert entries(admin, since=future) == []
    assert len(entries(admin, since=past)) == len(everything)
    assert entries(admin, until=past) == []
    oldest = everything[-1]["created_at"]
    assert {r["id"] for r in entries(admin, until=oldest)} >= {everything[-1]["id"]}  # inclusive


def test_pagination_with_x_pagination(world):
    for _ in range(3):
        _etp(world)
    resp = world["admin"].get(AUDIT, query_string={"action": "etp.create", "page_size": 2})
    meta = json.loads(resp.headers["X-Pagination"])
    assert len(resp.get_json()) == 2 and meta["total"] == 3 and meta["total_pages"] == 2
    second = world["admin"].get(AUDIT, query_string={"action": "etp.create", "page_size": 2, "page": 2}).get_json()
    assert len(second) == 1
    assert second[0]["id"] not in {r["id"] for r in resp.get_json()}
    far = world["admin"].get(AUDIT, query_string={"page": 100_000})
    assert far.status_code == 200 and far.get_json() == []
    assert world["admin"].get(AUDIT, query_string={"page": 10**24}).status_code == 422  # never an OFFSET beyond BIGINT


@pytest.mark.parametrize(
    "query",
    [
        {"actor": "não-é-uuid"},
        {"etp_id": "1"},
        {"since": "ontem"},
        {"since": "2026-02-01T00:00:00Z", "until": "2026-01-01T00:00:00Z"},
        {"action": "etp.update'; DROP TABLE audit_log; --"},
        {"action": "x" * 61},
    ],
)
def test_bad_filters_are_422(world, query):
    for url in (AUDIT, EXPORT):
        resp = world["admin"].get(url, query_string=query)
        assert resp.status_code == 422, (url, query)
        assert resp.get_json()["code"] == 422


def test_naive_datetimes_are_read_as_utc_and_any_offset_is_accepted(world):
    _etp(world)
    naive_past = (datetime.now(UTC) - timedelta(hours=1)).replace(tzinfo=None).isoformat()
    assert entries(world["admin"], since=naive_past, action="etp.create")
    # ISO allows offsets PostgreSQL refuses (beyond ±15:59): converted to UTC first
    assert entries(
        world["admin"], since="2000-01-01T00:00:00-21:14", until="9999-12-31T00:00:00+23:00", action="etp.create"
    )
    assert world["admin"].get(AUDIT, query_string={"since": "0001-01-01T00:00:00+23:00"}).status_code == 422


def test_only_org_admins_query_or_export(world, make_user, client):
    _, viewer = make_user(f"viewer@{_member_email(world).split('@')[1]}", role="viewer")
    for api in (world["member"], viewer):
        assert api.get(AUDIT).status_code == 403
        assert api.get(EXPORT).status_code == 403
        assert api.get(AUDIT, query_string={"since": "ontem"}).status_code == 403  # 403 before 422
    assert client.get(AUDIT).status_code == 401
    assert client.get(EXPORT).status_code == 401


def test_audit_is_scoped_to_the_callers_organization(world, make_user):
    _, other_admin = make_user()  # admin of another organization
    foreign_etp = create_etp(other_admin)["id"]
    mine = _etp(world)
    ours = entries(world["admin"])
    theirs = entries(other_admin)
    assert ours and theirs
    assert not {r["id"] for r in ours} & {r["id"] for r in theirs}
    assert foreign_etp not in {r["etp_id"] for r in ours}
    assert mine not in {r["etp_id"] for r in theirs}
    # filtering on the other organization's ids finds nothing
    assert entries(world["admin"], etp_id=foreign_etp) == []
    other_id = other_admin.get("/api/v1/auth/me").get_json()["id"]
    assert entries(world["admin"], actor=other_id) == []
    rows = parse_csv(world["admin"].get(EXPORT, query_string={"etp_id": foreign_etp}))
    assert rows == []
    exported = parse_csv(world["admin"].get(EXPORT))
    assert foreign_etp not in {r["Id do ETP"] for r in exported}


# --------------------------------------------------------------------------------------------------
# CSV export
# --------------------------------------------------------------------------------------------------


def test_csv_export_has_header_bom_attachment_and_the_filtered_rows(world):
    eid = _etp(world)
    put_section(world["member"], eid, 1, content="Texto com acentuação: ção, ã, é.")
    resp = world["admin"].get(EXPORT, query_string={"format": "csv", "etp_id": eid})
    assert resp.status_code == 200
    assert resp.mimetype == "text/csv" and resp.mimetype_params.get("charset") == "utf-8"
    disposition = resp.headers["Content-Disposition"]
    assert re.fullmatch(r'attachment; filename="auditoria-\d{4}-\d{2}-\d{2}\.csv"', disposition), disposition
    raw = resp.get_data()
    header = raw.decode("utf-8-sig").splitlines()[0]
    # `;` by default, Portuguese headers: what a Portuguese-locale spreadsheet opens right (issue 10 §6)
    assert header == (
        "Data e hora;Ação;Quem;Id de quem fez;Tipo do alvo;Id do alvo;Id do ETP;IP;Navegador (user agent);"
        "Alterações;Id da entrada"
    )
    rows = parse_csv(resp)
    listed = entries(world["admin"], etp_id=eid)
    assert [r["Ação"] for r in rows] == [r["action"] for r in listed]
    assert [r["Id da entrada"] for r in rows] == [r["id"] for r in listed]
    assert {r["Ação"] for r in rows} >= {"etp.create", "section.update"}  # (+ version.create: §5)
    row = next(r for r in rows if r["Ação"] == "section.update")
    assert row["Id de quem fez"] == world["member_user"]["id"] and row["Id do ETP"] == eid and row["IP"] == "127.0.0.1"
    assert row["Quem"] == "Servidora Teste"
    assert "inciso: I" in row["Alterações"] and "{" not in row["Alterações"]  # readable text, not JSON


def test_csv_export_comma_separator_on_request_and_unknown_format(world):
    _etp(world)
    resp = world["admin"].get(EXPORT, query_string={"sep": ",", "action": "etp.create"})
    assert resp.status_code == 200
    assert resp.get_data().decode("utf-8-sig").splitlines()[0].startswith("Data e hora,Ação,Quem,")
    rows = parse_csv(resp, delimiter=",")
    assert [r["Ação"] for r in rows] == ["etp.create"]
    # the former spelling of the parameter still works; `sep` wins when both come
    legacy = world["admin"].get(EXPORT, query_string={"separator": ",", "action": "etp.create"})
    assert [r["Ação"] for r in parse_csv(legacy, delimiter=",")] == ["etp.create"]
    both = world["admin"].get(EXPORT, query_string={"sep": ";", "separator": ",", "action": "etp.create"})
    assert [r["Ação"] for r in parse_csv(both)] == ["etp.create"]
    bad = world["admin"].get(EXPORT, query_string={"sep": "|"})
    assert bad.status_code == 422 and bad.get_json()["errors"]["sep"] == ["Use `;` ou `,`."]
    fmt = world["admin"].get(EXPORT, query_string={"format": "xlsx"})
    assert fmt.status_code == 422 and fmt.get_json()["errors"]["format"] == ["Formato disponível: csv."]


def test_csv_export_dates_in_brasilia_and_changes_as_readable_text(world):
    """dd/mm/aaaa hh:mm in America/Sao_Paulo; before/after as "campo: antes → depois" with the
    Portuguese labels of status codes (the JSON API keeps the codes)."""
    from zoneinfo import ZoneInfo

    member = world["member"]
    eid = _etp(world)
    resp = member.post(f"/api/v1/etps/{eid}/status", json={"status": "in_review"})
    assert resp.status_code == 200, resp.get_json()
    resp = member.patch(
        f"/api/v1/etps/{eid}", json={"orgao": "Ministério B"}, headers={"If-Match": etag_of(member, eid)}
    )
    assert resp.status_code == 200, resp.get_json()
    rows = parse_csv(world["admin"].get(EXPORT, query_string={"etp_id": eid}))
    listed = {r["id"]: r for r in entries(world["admin"], etp_id=eid)}
    for row in rows:
        assert re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", row["Data e hora"]), row["Data e hora"]
        moment = datetime.fromisoformat(listed[row["Id da entrada"]]["created_at"])
        assert row["Data e hora"] == moment.astimezone(ZoneInfo("America/Sao_Paulo")).strftime("%d/%m/%Y %H:%M")
    by_action = {r["Ação"]: r for r in rows}
    assert by_action["etp.status"]["Alterações"] == "status: rascunho → em revisão"
    assert listed[by_action["etp.status"]["Id da entrada"]]["after"] == {"status": "in_review"}  # codes in JSON
    assert by_action["etp.update"]["Alterações"] == "orgao: — → Ministério B"
    created = by_action["etp.create"]["Alterações"]
    assert "title: Aquisição de notebooks" in created and "→" not in created


def test_readable_changes_of_nested_and_removed_values():
    from etp_app.services.audit_queries import describe_change

    assert describe_change({"a": 1, "same": "x"}, {"a": 2, "same": "x"}) == "a: 1 → 2; same: x"
    assert describe_change({"title": "T", "status": "draft"}, None) == "title: T → —; status: draft → —"
    assert describe_change(None, {"ok": True, "tags": ["a", "b"]}) == "ok: sim; tags: a, b"
    assert describe_change({"fields": {"objeto": "A"}}, {"fields": {"objeto": "B"}}) == "fields.objeto: A → B"
    assert (
        describe_change(
            {"status": "drafted"}, {"status": "approved"}, {"status": {"drafted": "redigida", "approved": "aprovada"}}
        )
        == "status: redigida → aprovada"
    )
    assert describe_change({"t": "linha 1\nlinha 2"}, {"t": None}) == "t: linha 1 linha 2 → —"
    assert describe_change(None, None) == ""


@pytest.mark.parametrize("agent", ['=HYPERLINK("http://mal.example","clique")', "+1+1", "-2+3", "@SUM(1,1)", "\t=1+1"])
def test_csv_export_guards_against_formula_injection(world, agent):
    member = ApiClient(world["client"], world["member"].token)
    eid = create_etp(member)["id"]
    resp = member.patch(
        f"/api/v1/etps/{eid}", json={"orgao": "=1+1"}, headers={"If-Match": etag_of(member, eid), "User-Agent": agent}
    )
    assert resp.status_code == 200
    rows = parse_csv(world["admin"].get(EXPORT, query_string={"action": "etp.update"}))
    (row,) = rows
    assert row["Navegador (user agent)"] == "'" + agent
    assert row["Navegador (user agent)"][0] == "'"
    for cell in (v for r in rows for v in r.values()):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_large_csv_export_streams_every_row(app, world):
    """More rows than one keyset batch: none lost or repeated across batches."""
    from etp_app.extensions import db
    from etp_app.models import AuditLog
    from etp_app.services import audit_queries

    org_id = uuid.UUID(world["admin"].get("/api/v1/auth/me").get_json()["organization"]["id"])
    total = audit_queries.CSV_BATCH + 7
    with app.app_context():
        same_time = datetime.now(UTC) - timedelta(minutes=1)  # ties on created_at cross a batch
        db.session.add_all(
            AuditLog(organization_id=org_id, action="test.bulk", target_type="x", created_at=same_time)
            for _ in range(total)
        )
        db.session.commit()
        db.session.remove()
    rows = parse_csv(world["admin"].get(EXPORT, query_string={"action": "test.bulk"}))
    assert len(rows) == total and len({r["Id da entrada"] for r in rows}) == total


# --------------------------------------------------------------------------------------------------
# append-only
# --------------------------------------------------------------------------------------------------


def test_database_trigger_rejects_update_and_delete(app, world):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from etp_app.extensions import db

    _etp(world)
    with app.app_context():
        for statement in ("UPDATE audit_log SET action = 'forjado'", "DELETE FROM audit_log"):
            with pytest.raises(DBAPIError, match="append-only"):
                db.session.execute(text(statement))
            db.session.rollback()
        assert db.session.execute(text("SELECT count(*) FROM audit_log WHERE action = 'forjado'")).scalar() == 0
        db.session.remove()
    assert entries(world["admin"], action="etp.create")


def test_no_route_writes_to_the_audit_trail(app, world):
    audit_rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/api/v1/audit")]
    assert audit_rules
    assert all(r.methods - {"HEAD", "OPTIONS"} == {"GET"} for r in audit_rules)
    row_id = entries(world["admin"])[0]["id"]
    for method in ("post", "put", "patch", "delete"):
        assert getattr(world["admin"], method)(f"{AUDIT}/{row_id}").status_code in (404, 405)
        assert getattr(world["admin"], method)(AUDIT).status_code == 405
