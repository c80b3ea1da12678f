"""Backups on real PostgreSQL: pg_dump with counts from the same snapshot, verification, restore
checks, retention, failure reporting, and a disaster-recovery round trip (drop the database, restore
it, compare every table's contents)."""

from __future__ import annotations

import logging
import os
import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg2
import pytest
from sqlalchemy import select, text

from etp_app.devservices import drop_database, ensure_database


@pytest.fixture
def backup_dir(app, tmp_path, monkeypatch):
    directory = tmp_path / "backups"
    monkeypatch.setitem(app.config, "BACKUP_DIR", str(directory))
    return directory


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


def _shared_metric(app, name: str) -> dict[str, str]:
    from etp_app.redis_client import get_redis

    with app.app_context():
        return get_redis().client.hgetall(f"etp:metrics:{name}")


def _server_major(app) -> int:
    from etp_app.extensions import db

    with app.app_context(), db.engine.connect() as conn:
        return int(conn.exec_driver_sql("SHOW server_version_num").scalar()) // 10000


# --------------------------------------------------------------------------------------------------
# Binaries
# --------------------------------------------------------------------------------------------------


def test_pg_dump_is_at_least_the_server_major_and_the_closest_one(app):
    from etp_app.services.backups import BackupError, candidate_bin_dirs, select_tools
    from etp_app.services.backups.tools import _tool_version

    major = _server_major(app)
    tools = select_tools(major)
    assert tools.major >= major
    available = sorted({v[0] for d in candidate_bin_dirs() if (v := _tool_version(str(d / "pg_dump")))})
    assert tools.major == min(m for m in available if m >= major), (tools, available)
    assert Path(tools.pg_restore).parent == Path(tools.pg_dump).parent
    newest = max(available)
    assert select_tools(newest).major == newest
    with pytest.raises(BackupError, match=f">= {newest + 1}"):
        select_tools(newest + 1)


def test_pg_bin_dir_older_than_the_server_is_refused(app):
    from etp_app.services.backups import BackupError, select_tools

    tools = select_tools(_server_major(app))
    with pytest.raises(BackupError, match="older than the server"):
        select_tools(tools.major + 1, configured=str(Path(tools.pg_dump).parent))


# --------------------------------------------------------------------------------------------------
# Create and verify
# --------------------------------------------------------------------------------------------------


def _seed(app, make_user, n_etps: int = 2) -> None:
    _, api = make_user(organization="Prefeitura de Teste")
    for i in range(n_etps):
        resp = api.post("/api/v1/etps", json={"title": f"ETP {i}", "objeto": f"Aquisição de itens {i}"})
        assert resp.status_code == 201, resp.get_json()


def test_backup_is_written_hashed_counted_and_verified(app, make_user, backup_dir, ctx):
    from etp_app.extensions import db
    from etp_app.models import Backup
    from etp_app.services import backups

    _seed(app, make_user)
    expected = backups.count_rows(db.session.connection())
    db.session.rollback()
    row = backups.create_backup(trigger="cli")
    assert row.status == "succeeded", row.error
    path = Path(row.path)
    assert path.parent == backup_dir.resolve() and path.is_file()
    assert re.fullmatch(r"etp-backup-\d{8}T\d{6}Z-[0-9a-f]{8}\.dump", row.file_name)
    assert row.size_bytes == path.stat().st_size > 0
    assert row.sha256 == backups.sha256_of(path)
    assert row.duration_seconds is not None and row.duration_seconds >= 0
    assert row.verified_at is not None and row.toc_entries > 10
    assert row.pg_dump_version.startswith("pg_dump (PostgreSQL)")
    # counts come from pg_dump's snapshot: every table, and the backup's own row as "running"
    expected["public.backups"] = 1
    assert row.table_counts == expected
    assert row.table_counts["public.sections"] == 26 and row.table_counts["public.etps"] == 2
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert not list(backup_dir.glob("*.partial"))
    stored = db.session.get(Backup, row.id)
    assert stored.status == "succeeded" and stored.trigger == "cli"
    report = backups.verify_backup(str(row.id))
    assert report["sha256"] == row.sha256 and report["known"]
    # the manifest beside the dump describes it without the database
    manifest = backups.read_manifest(path)
    assert manifest["sha256"] == row.sha256 and manifest["table_counts"] == row.table_counts
    assert manifest["id"] == str(row.id) and manifest["status"] == "succeeded"


def test_a_corrupted_or_altered_file_fails_verification(app, backup_dir, ctx):
    from etp_app.services import backups

    row = backups.create_backup(trigger="cli")
    assert row.status == "succeeded", row.error
    path = Path(row.path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(backups.BackupError, match="SHA-256"):
        backups.verify_backup(str(row.id))
    with pytest.raises(backups.BackupError, match="pg_restore"):
        backups.verify_archive(path)  # the truncated archive itself does not read


def test_failed_backup_is_recorded_logged_and_counted(app, tmp_path, monkeypatch, caplog, ctx):
    from etp_app.services import backups

    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    monkeypatch.setitem(app.config, "BACKUP_DIR", str(not_a_dir / "backups"))
    with caplog.at_level(logging.ERROR, logger="etp_app.ops.alerts"):
        row = backups.create_backup(trigger="cli")
    assert row.status == "failed"
    assert "BACKUP_DIR" in row.error and row.finished_at is not None
    assert any(r.levelno == logging.ERROR and "Backup failure (dump)" in r.getMessage() for r in caplog.records)
    assert float(_shared_metric(app, "etp_backup_failures_total")['["dump"]']) == 1.0


def test_pg_dump_failure_is_a_failed_backup_without_partial_file(app, backup_dir, monkeypatch, ctx):
    from etp_app.services import backups

    real = backups.select_tools

    def broken(major, configured=None):
        tools = real(major, configured)
        return backups.PgTools("/bin/false", tools.pg_restore, tools.major, tools.version)

    monkeypatch.setattr(backups.dump, "select_tools", broken)  # looked up where the dump runs
    row = backups.create_backup(trigger="cli")
    assert row.status == "failed" and "terminou com código 1" in row.error
    assert list(backup_dir.iterdir()) == []


# --------------------------------------------------------------------------------------------------
# Restore check
# --------------------------------------------------------------------------------------------------


def _scratch_databases(infra) -> list[str]:
    conn = psycopg2.connect(infra["admin_url"])
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT datname FROM pg_database WHERE datname LIKE 'etp\\_restore\\_check\\_%'")
            return [r[0] for r in cur.fetchall()]
    finally:
        conn.close()


def test_restore_check_restores_into_scratch_and_compares_every_table(app, make_user, backup_dir, infra, ctx):
    from etp_app.extensions import db
    from etp_app.models import Backup
    from etp_app.services import backups

    _seed(app, make_user, n_etps=1)
    row = backups.create_backup(trigger="schedule")
    before = set(_scratch_databases(infra))
    checked = backups.verify_restore()
    assert checked.id == row.id
    check = checked.restore_check
    assert check["ok"] is True, check
    assert check["tables"] == len(row.table_counts) and check["rows"] == sum(row.table_counts.values())
    assert check["mismatches"] == {} and check["missing"] == []
    assert checked.restore_checked_at is not None
    assert set(_scratch_databases(infra)) == before  # the scratch database is dropped

    # a backup whose file lost rows (here: the recorded counts disagree) fails the check, reported
    stored = db.session.get(Backup, row.id)
    stored.table_counts = {**stored.table_counts, "public.etps": 99}
    db.session.commit()
    failed = backups.verify_restore(row.id)
    assert failed.restore_check["ok"] is False
    assert "public.etps: 99→1" in failed.restore_check["error"]
    assert float(_shared_metric(app, "etp_backup_failures_total")['["restore_check"]']) == 1.0
    assert set(_scratch_databases(infra)) == before


def test_restore_check_without_any_backup_is_a_reported_failure(app, backup_dir, ctx):
    from etp_app.services import backups

    with pytest.raises(backups.BackupError, match="nenhum backup"):
        backups.verify_restore()
    assert float(_shared_metric(app, "etp_backup_failures_total")['["restore_check"]']) == 1.0


# --------------------------------------------------------------------------------------------------
# Retention
# --------------------------------------------------------------------------------------------------


def test_retention_deletes_old_files_marks_rows_and_keeps_the_newest_good_one(app, backup_dir, monkeypatch, ctx):
    from etp_app.extensions import db
    from etp_app.models import Backup
    from etp_app.services import backups

    monkeypatch.setitem(app.config, "BACKUP_RETENTION_DAYS", 30)
    old1 = backups.create_backup(trigger="schedule")
    old2 = backups.create_backup(trigger="schedule")
    now = datetime.now(UTC)
    for row, age in ((old1, 40), (old2, 35)):
        stored = db.session.get(Backup, row.id)
        stored.started_at = stored.finished_at = now - timedelta(days=age)
    db.session.commit()
    stray_old = backup_dir / "etp-backup-20200101T030000Z-0123abcd.dump"
    stray_old.write_bytes(b"x")
    os.utime(stray_old, (0, 0))
    foreign = backup_dir / "keep-me.txt"
    foreign.write_text("not ours")
    os.utime(foreign, (0, 0))

    # both are past retention, but old2 is the newest good backup: it stays
    assert backups.apply_retention(now) == {"deleted": 1, "stray_files": 1}
    assert not Path(old1.path).exists() and Path(old2.path).exists()
    assert not backups.manifest_path(Path(old1.path)).exists() and backups.manifest_path(Path(old2.path)).exists()
    assert db.session.get(Backup, old1.id).deleted_at is not None
    assert db.session.get(Backup, old2.id).deleted_at is None
    assert not stray_old.exists() and foreign.exists()

    # a fresh backup runs retention itself: now old2 goes too
    fresh = backups.create_backup(trigger="schedule")
    assert fresh.status == "succeeded"
    assert not Path(old2.path).exists() and db.session.get(Backup, old2.id).deleted_at is not None
    assert Path(fresh.path).exists()
    assert backups.latest_available().id == fresh.id


# --------------------------------------------------------------------------------------------------
# Disaster recovery: fill, back up, DROP the database, recreate, restore, compare every table
# --------------------------------------------------------------------------------------------------


@pytest.fixture
def dr_app(infra, app, app_config, tmp_path):
    """An app on its own database (the suite's database is never dropped)."""
    from flask_migrate import upgrade

    from etp_app import create_app
    from etp_app.extensions import db

    name = f"etp_test_dr_{uuid.uuid4().hex[:8]}"
    url = ensure_database(infra["admin_url"], name, recreate=True).replace("postgresql://", "postgresql+psycopg2://", 1)
    application = create_app(
        {**app_config, "SQLALCHEMY_DATABASE_URI": url, "BACKUP_DIR": str(tmp_path / "dr")}, env_name="testing"
    )
    with application.app_context():
        upgrade()
    application.config["DR_DATABASE"] = name
    yield application
    with application.app_context():
        db.engine.dispose()
    drop_database(infra["admin_url"], name)
    app.extensions["celery"].set_default()  # Celery's default app is process-wide


def _fill(application) -> None:
    """A few organizations, users, ETPs with sections, jobs and audit rows, through the API."""
    from etp_app.extensions import db
    from etp_app.models import Job
    from etp_app.services import joining, organizations

    client = application.test_client()
    for org in range(3):
        with application.app_context():
            organization = organizations.provision(name=f"Órgão {org}", domain_names=[f"orgao{org}.gov.br"])
            for person in range(2):
                joining.provision_user(
                    organization,
                    email=f"pessoa{person}@orgao{org}.gov.br",
                    password="Senha-Forte-2026!",
                    name=f"Pessoa {person} Órgão {org}",
                    role="org_admin" if person == 0 else "member",
                )
            db.session.remove()
        for person in range(2):
            resp = client.post(
                "/api/v1/auth/login",
                json={"email": f"pessoa{person}@orgao{org}.gov.br", "password": "Senha-Forte-2026!"},
            )
            assert resp.status_code == 200, resp.get_json()
            token = resp.get_json()["access_token"]
            headers = {"Authorization": f"Bearer {token}"}
            for n in range(2):
                etp = client.post(
                    "/api/v1/etps",
                    headers=headers,
                    json={
                        "title": f"ETP {org}-{person}-{n}",
                        "objeto": f"Contratação de serviços nº {n} — ç ã é",
                        "valor_estimado": "123456.78",
                        "template_type": "servicos",
                    },
                )
                assert etp.status_code == 201, etp.get_json()
                etp_id = etp.get_json()["id"]
                sec = client.get(f"/api/v1/etps/{etp_id}/sections/1", headers=headers)
                put = client.put(
                    f"/api/v1/etps/{etp_id}/sections/1",
                    headers={**headers, "If-Match": sec.headers["ETag"]},
                    json={"content": f"Necessidade descrita pela pessoa {person}.\nSegunda linha."},
                )
                assert put.status_code == 200, put.get_json()
    with application.app_context():
        for state in ("succeeded", "failed", "queued"):
            db.session.add(Job(kind="export", state=state, params={"format": "pdf"}, result={"ok": state}))
        db.session.commit()


def _fingerprints(url: str) -> dict[str, tuple[int, str]]:
    """Every table's row count and md5 of its rows in a stable order, and every sequence's value."""
    conn = psycopg2.connect(url.replace("postgresql+psycopg2://", "postgresql://", 1))
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT schemaname, tablename FROM pg_tables "
                "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2"
            )
            out = {}
            for schema, table in cur.fetchall():
                q = f'"{schema}"."{table}"'
                cur.execute(
                    f"SELECT count(*), coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') FROM {q} t"
                )
                out[f"{schema}.{table}"] = tuple(cur.fetchone())
            cur.execute("SELECT schemaname || '.' || sequencename, coalesce(last_value, 0) FROM pg_sequences")
            for name, value in cur.fetchall():
                out[f"sequence:{name}"] = (int(value), "")
            return out
    finally:
        conn.close()


def test_disaster_recovery_drop_the_database_and_restore_it(dr_app, infra):
    from etp_app.extensions import db

    _fill(dr_app)
    url = dr_app.config["SQLALCHEMY_DATABASE_URI"]
    name = dr_app.config["DR_DATABASE"]
    before = _fingerprints(url)
    assert before["public.organizations"][0] == 3 and before["public.users"][0] == 6
    assert before["public.etps"][0] == 12 and before["public.sections"][0] == 12 * 13
    assert before["public.audit_log"][0] > 0 and before["public.jobs"][0] == 3

    runner = dr_app.test_cli_runner()
    created = runner.invoke(args=["backup", "create"])
    assert created.exit_code == 0, created.output + repr(created.exception)
    file = re.search(r"ok: (\S+\.dump)", created.output).group(1)

    # disaster: the database is gone, an empty one is created in its place
    with dr_app.app_context():
        db.engine.dispose()
    drop_database(infra["admin_url"], name)
    ensure_database(infra["admin_url"], name)
    assert _fingerprints(url) == {}

    refused = runner.invoke(args=["backup", "restore", file, "--target-db", name])
    assert refused.exit_code != 0 and "--yes" in refused.output
    restored = runner.invoke(args=["backup", "restore", file, "--target-db", name, "--yes"])
    assert restored.exit_code == 0, restored.output + repr(restored.exception)
    assert "from the manifest" in restored.output  # the database that knew the backup is gone
    assert "row counts match" in restored.output

    after = _fingerprints(url)
    backups_before = before.pop("public.backups")
    backups_after = after.pop("public.backups")
    assert after == before  # every other table, row by row, and every sequence
    assert backups_before[0] == 0 and backups_after[0] == 1
    with dr_app.app_context():
        from etp_app.models import Backup

        row = db.session.scalar(select(Backup))
        assert row.status == "succeeded" and row.sha256 and Path(row.path).name in file  # its own history
        db.session.execute(text("SELECT 1 FROM alembic_version"))
        db.session.remove()
    resp = dr_app.test_client().post(
        "/api/v1/auth/login", json={"email": "pessoa0@orgao0.gov.br", "password": "Senha-Forte-2026!"}
    )
    assert resp.status_code == 200, resp.get_json()
