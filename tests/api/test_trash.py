"""The trash of ETPs (issue 14 §4): DELETE moves an ETP to the trash, every read skips it, org admins
list, restore, purge and empty the trash, and beat's task purges what stayed past the retention."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from etp_app.extensions import db
from etp_app.models import AuditLog, Etp, EtpVersion, Export, Job, Section
from tests.helpers.api import audit_actions, create_etp, org_users, put_section


def _count(app, model, etp_id) -> int:
    with app.app_context():
        n = db.session.scalar(select(func.count()).select_from(model).where(model.etp_id == uuid.UUID(etp_id)))
        db.session.remove()
    return int(n or 0)


def _with_history(api) -> dict:
    """An ETP with a written section, a named version and an export (queued job)."""
    etp = create_etp(api, title="Aquisição de cadeiras ergonômicas", objeto="Cadeiras para o atendimento")
    put_section(api, etp["id"], 1, content="Necessidade: cadeiras adequadas ao atendimento ao público.")
    assert api.post(f"/api/v1/etps/{etp['id']}/versions", json={"label": "Antes da lixeira"}).status_code == 201
    resp = api.post(f"/api/v1/etps/{etp['id']}/exports", json={"format": "json"})
    assert resp.status_code == 202, resp.get_json()
    etp["job_id"] = resp.get_json()["id"]  # the export job
    return etp


def _age_trash(app, etp_id, days: int) -> None:
    with app.app_context():
        db.session.execute(
            update(Etp).where(Etp.id == uuid.UUID(etp_id)).values(deleted_at=datetime.now(UTC) - timedelta(days=days))
        )
        db.session.commit()
        db.session.remove()


def test_delete_moves_to_trash_and_every_read_skips_it(app, make_user):
    users = org_users(make_user, "member")
    _, admin = users["org_admin"]
    _, member = users["member"]
    etp = _with_history(member)
    eid = etp["id"]
    versions_before = _count(app, EtpVersion, eid)
    exports_before = member.get(f"/api/v1/etps/{eid}/exports").get_json()
    assert len(exports_before) == 1

    assert member.delete(f"/api/v1/etps/{eid}").status_code == 204
    for url in (
        f"/api/v1/etps/{eid}",
        f"/api/v1/etps/{eid}/sections",
        f"/api/v1/etps/{eid}/sections/1",
        f"/api/v1/etps/{eid}/versions",
        f"/api/v1/etps/{eid}/exports",
        f"/api/v1/etps/{eid}/approval",
        f"/api/v1/jobs/{etp['job_id']}",
        f"/api/v1/exports/{exports_before[0]['id']}",
    ):
        assert member.get(url).status_code == 404, url
    assert member.get("/api/v1/etps").get_json() == []
    assert member.get("/api/v1/etps?q=cadeiras").get_json() == []
    assert all(j["id"] != etp["job_id"] for j in member.get("/api/v1/jobs").get_json())
    # writes find nothing either, and a second delete is 404
    assert member.post(f"/api/v1/etps/{eid}/exports", json={"format": "pdf"}).status_code == 404
    assert member.post(f"/api/v1/etps/{eid}/status", json={"status": "in_review"}).status_code == 404
    assert member.delete(f"/api/v1/etps/{eid}").status_code == 404
    # nothing was deleted: rows stay, its unfinished job is cancelled, the audit says etp.trash
    assert _count(app, Section, eid) == 13 and _count(app, EtpVersion, eid) == versions_before
    assert _count(app, Export, eid) == 1
    with app.app_context():
        job = db.session.get(Job, uuid.UUID(etp["job_id"]))
        assert job is not None and job.state == "cancelled" and "lixeira" in (job.error or "")
        db.session.remove()
    assert "etp.trash" in audit_actions(app, eid)

    listed = admin.get("/api/v1/trash")
    assert listed.status_code == 200
    [item] = listed.get_json()
    assert item["id"] == eid and item["title"] == "Aquisição de cadeiras ergonômicas"
    assert item["deleted_by"] == users["member"][0]["id"] and item["deleted_by_name"]
    deleted_at = datetime.fromisoformat(item["deleted_at"])
    assert datetime.fromisoformat(item["purge_at"]) - deleted_at == timedelta(days=30)
    assert "X-Pagination" in listed.headers


def test_restore_brings_sections_versions_and_exports_back(app, make_user):
    users = org_users(make_user, "member")
    _, admin = users["org_admin"]
    _, member = users["member"]
    etp = _with_history(member)
    eid = etp["id"]
    versions = member.get(f"/api/v1/etps/{eid}/versions").get_json()
    assert member.delete(f"/api/v1/etps/{eid}").status_code == 204

    resp = admin.post(f"/api/v1/trash/{eid}/restore")
    assert resp.status_code == 200 and resp.get_json()["id"] == eid
    assert member.get(f"/api/v1/etps/{eid}").status_code == 200
    assert member.get(f"/api/v1/etps/{eid}/sections/1").get_json()["content"].startswith("Necessidade")
    assert member.get(f"/api/v1/etps/{eid}/versions").get_json() == versions
    assert len(member.get(f"/api/v1/etps/{eid}/exports").get_json()) == 1
    assert [e["id"] for e in member.get("/api/v1/etps").get_json()] == [eid]
    assert admin.get("/api/v1/trash").get_json() == []
    assert admin.post(f"/api/v1/trash/{eid}/restore").status_code == 404  # not in the trash any more
    actions = audit_actions(app, eid)
    assert actions.index("etp.trash") < actions.index("etp.restore")


def test_purge_deletes_for_good_and_empty_clears_the_trash(app, make_user):
    users = org_users(make_user)
    _, admin = users["org_admin"]
    one, two, three = (create_etp(admin, title=f"ETP {n}") for n in (1, 2, 3))
    for etp in (one, two, three):
        assert admin.delete(f"/api/v1/etps/{etp['id']}").status_code == 204
    assert len(admin.get("/api/v1/trash").get_json()) == 3

    assert admin.delete(f"/api/v1/trash/{one['id']}").status_code == 204
    assert admin.delete(f"/api/v1/trash/{one['id']}").status_code == 404
    assert _count(app, Section, one["id"]) == 0
    with app.app_context():
        assert db.session.get(Etp, uuid.UUID(one["id"])) is None
        db.session.remove()
    # a live ETP is not in the trash: purging it is 404 and it stays
    live = create_etp(admin, title="Vivo")
    assert admin.delete(f"/api/v1/trash/{live['id']}").status_code == 404

    resp = admin.delete("/api/v1/trash")
    assert resp.status_code == 200 and resp.get_json() == {"purged": 2}
    assert admin.get("/api/v1/trash").get_json() == []
    assert [e["id"] for e in admin.get("/api/v1/etps").get_json()] == [live["id"]]
    for etp in (one, two, three):
        assert audit_actions(app, etp["id"])[-1] == "etp.purge"


def test_beat_task_purges_only_what_passed_the_retention(app, make_user):
    from workers.tasks.maintenance import purge_trash

    users = org_users(make_user)
    _, admin = users["org_admin"]
    old, recent = create_etp(admin, title="Antigo"), create_etp(admin, title="Recente")
    for etp in (old, recent):
        assert admin.delete(f"/api/v1/etps/{etp['id']}").status_code == 204
    _age_trash(app, old["id"], 31)
    _age_trash(app, recent["id"], 29)

    with app.app_context():
        purged = purge_trash.run()
        db.session.remove()
    assert purged == [old["id"]]
    assert [e["id"] for e in admin.get("/api/v1/trash").get_json()] == [recent["id"]]
    with app.app_context():
        row = db.session.scalars(
            select(AuditLog).where(AuditLog.etp_id == uuid.UUID(old["id"]), AuditLog.action == "etp.purge")
        ).one()
        assert row.actor_id is None and row.after == {"reason": "retention", "actor": "sistema"}
        db.session.remove()
    # the retention is a setting
    app.config["TRASH_RETENTION_DAYS"] = 7
    _age_trash(app, recent["id"], 8)
    try:
        with app.app_context():
            assert purge_trash.run() == [recent["id"]]
            db.session.remove()
    finally:
        app.config["TRASH_RETENTION_DAYS"] = 30


def test_trash_is_for_org_admins_and_scoped_to_the_organization(app, make_user):
    users = org_users(make_user, "member", "viewer")
    _, admin = users["org_admin"]
    _, member = users["member"]
    _, viewer = users["viewer"]
    etp = create_etp(member)
    assert viewer.delete(f"/api/v1/etps/{etp['id']}").status_code == 403
    assert member.delete(f"/api/v1/etps/{etp['id']}").status_code == 204
    for api in (member, viewer):
        assert api.get("/api/v1/trash").status_code == 403
        assert api.post(f"/api/v1/trash/{etp['id']}/restore").status_code == 403
        assert api.delete(f"/api/v1/trash/{etp['id']}").status_code == 403
        assert api.delete("/api/v1/trash").status_code == 403
    body = member.get("/api/v1/trash").get_json()
    assert body["message"]  # the error envelope, in Portuguese

    _, other_admin = org_users(make_user)["org_admin"]
    assert other_admin.get("/api/v1/trash").get_json() == []
    assert other_admin.post(f"/api/v1/trash/{etp['id']}/restore").status_code == 404
    assert other_admin.delete(f"/api/v1/trash/{etp['id']}").status_code == 404
    assert other_admin.delete("/api/v1/trash").get_json() == {"purged": 0}
    assert [e["id"] for e in admin.get("/api/v1/trash").get_json()] == [etp["id"]]
    assert admin.get(f"/api/v1/trash/{uuid.uuid4()}").status_code in (404, 405)
    assert admin.post(f"/api/v1/trash/{uuid.uuid4()}/restore").status_code == 404


def test_trash_paginates(make_user):
    _, admin = org_users(make_user)["org_admin"]
    for n in range(3):
        etp = create_etp(admin, title=f"ETP {n}")
        assert admin.delete(f"/api/v1/etps/{etp['id']}").status_code == 204
    resp = admin.get("/api/v1/trash?page=2&page_size=2")
    assert resp.status_code == 200 and len(resp.get_json()) == 1
    assert '"total": 3' in resp.headers["X-Pagination"] or '"total":3' in resp.headers["X-Pagination"]


def test_policy_tells_everyone_the_retention(app, make_user):
    users = org_users(make_user, "viewer")
    admin_policy = users["org_admin"][1].get("/api/v1/trash/policy")
    assert admin_policy.status_code == 200
    assert admin_policy.get_json() == {"retention_days": 30, "can_manage": True}
    assert users["viewer"][1].get("/api/v1/trash/policy").get_json() == {"retention_days": 30, "can_manage": False}
