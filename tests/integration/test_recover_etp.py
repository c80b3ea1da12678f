"""``flask backup recover-etp <id> --from <backup>`` (issue 14 §4): one ETP, with its sections and
versions, back from a real backup (pg_dump + pg_restore into a scratch database) into the live
database, and nothing else touched."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select, text

from tests.helpers.api import create_etp, put_section


@pytest.fixture
def backup_dir(app, tmp_path, monkeypatch):
    directory = tmp_path / "backups"
    monkeypatch.setitem(app.config, "BACKUP_DIR", str(directory))
    return directory


def _backup(app) -> str:
    from etp_app.extensions import db
    from etp_app.services import backups

    with app.app_context():
        row = backups.create_backup(trigger="cli")
        assert row.status == "succeeded", row.error
        name = row.file_name
        db.session.remove()
    return name


def _scratch_databases(app) -> list[str]:
    from etp_app.extensions import db

    with app.app_context():
        names = list(
            db.session.scalars(text("SELECT datname FROM pg_database WHERE datname LIKE 'etp_restore_check_etp%'"))
        )
        db.session.remove()
    return names


def test_recover_etp_from_a_backup_brings_back_only_that_etp(app, make_user, backup_dir):
    from etp_app.extensions import db
    from etp_app.models import AuditLog

    _, api = make_user()  # the organization's first user: its org admin
    lost = create_etp(api, title="ETP que será perdido", objeto="Aquisição de mesas")
    put_section(api, lost["id"], 1, content="Necessidade: mesas para as salas de reunião.")
    assert api.post(f"/api/v1/etps/{lost['id']}/versions", json={"label": "Antes do backup"}).status_code == 201
    other = create_etp(api, title="Outro ETP", objeto="Aquisição de cadeiras")
    versions = api.get(f"/api/v1/etps/{lost['id']}/versions").get_json()
    sections = api.get(f"/api/v1/etps/{lost['id']}/sections").get_json()
    file_name = _backup(app)

    # after the backup: another ETP changes, a new one is created, the first is deleted for good
    resp = api.patch(
        f"/api/v1/etps/{other['id']}",
        json={"title": "Outro ETP, alterado depois do backup"},
        headers={"If-Match": api.get(f"/api/v1/etps/{other['id']}").headers["ETag"]},
    )
    assert resp.status_code == 200
    newer = create_etp(api, title="Criado depois do backup")
    assert api.delete(f"/api/v1/etps/{lost['id']}").status_code == 204
    assert api.delete(f"/api/v1/trash/{lost['id']}").status_code == 204
    assert api.get(f"/api/v1/etps/{lost['id']}").status_code == 404

    runner = app.test_cli_runner()
    result = runner.invoke(args=["backup", "recover-etp", lost["id"], "--from", file_name])
    assert result.exit_code == 0, result.output
    assert f"recovered ETP {lost['id']}" in result.output and "13 sections" in result.output
    assert f"{len(versions)} versions" in result.output

    got = api.get(f"/api/v1/etps/{lost['id']}")
    assert got.status_code == 200 and got.get_json()["title"] == "ETP que será perdido"
    assert api.get(f"/api/v1/etps/{lost['id']}/versions").get_json() == versions
    restored = api.get(f"/api/v1/etps/{lost['id']}/sections").get_json()
    assert [(s["inciso"], s["content"], s["version"]) for s in restored] == [
        (s["inciso"], s["content"], s["version"]) for s in sections
    ]
    # nothing else moved: the later change and the later ETP stay, nothing came back twice
    assert api.get(f"/api/v1/etps/{other['id']}").get_json()["title"] == "Outro ETP, alterado depois do backup"
    listed = {e["id"] for e in api.get("/api/v1/etps").get_json()}
    assert listed == {lost["id"], other["id"], newer["id"]}
    # searchable again (the generated tsvector is recomputed)
    assert [e["id"] for e in api.get("/api/v1/etps?q=mesas").get_json()] == [lost["id"]]
    with app.app_context():
        row = db.session.scalars(
            select(AuditLog).where(AuditLog.etp_id == uuid.UUID(lost["id"]), AuditLog.action == "etp.recover")
        ).one()
        assert row.after["backup"] == file_name and row.after["sections"] == 13
        db.session.remove()

    # exists live, not in the trash: refused, nothing changed
    refused = runner.invoke(args=["backup", "recover-etp", lost["id"], "--from", file_name])
    assert refused.exit_code != 0 and "não está na lixeira" in refused.output

    # in the trash: the backup's copy replaces it and it is live again
    put_section(api, lost["id"], 2, content="Texto escrito depois do backup.")
    assert api.delete(f"/api/v1/etps/{lost['id']}").status_code == 204
    again = runner.invoke(args=["backup", "recover-etp", lost["id"], "--from", file_name])
    assert again.exit_code == 0, again.output
    assert "replaced its copy in the trash" in again.output
    assert api.get(f"/api/v1/etps/{lost['id']}/sections/2").get_json()["content"] == ""
    assert api.get("/api/v1/trash").get_json() == []

    # an ETP the backup does not hold
    missing = runner.invoke(args=["backup", "recover-etp", newer["id"], "--from", file_name])
    assert missing.exit_code != 0
    unknown = str(uuid.uuid4())
    missing = runner.invoke(args=["backup", "recover-etp", unknown, "--from", file_name])
    assert missing.exit_code != 0 and "não está no backup" in missing.output
    assert _scratch_databases(app) == []  # every scratch database was dropped
