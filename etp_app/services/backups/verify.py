"""Reading a backup back: ``pg_restore --list`` must read the archive's table of contents with data for
every table (``verify_archive``), the operator's check of one file against its row or manifest
(``verify_backup``), and the weekly restore check (``verify_restore``): the newest good backup restored
into a scratch database, every table's row count compared with the counts taken at dump time."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Collection
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from etp_app.extensions import db
from etp_app.models.backup import Backup
from etp_app.services.backups.core import (
    SCRATCH_PREFIX,
    BackupError,
    BackupSettings,
    _admin_url,
    _database_url,
    _now,
    backup_settings,
)
from etp_app.services.backups.databases import (
    _count_rows_psycopg,
    _create_database,
    _drop_database,
    _pg_restore,
    compare_counts,
)
from etp_app.services.backups.files import manifest_of, read_manifest, sha256_of
from etp_app.services.backups.records import find_backup, latest_available
from etp_app.services.backups.reporting import _report
from etp_app.services.backups.tools import PgTools, _run, libpq_env, tools_for_engine

# the package's one logger name, the one operators' log filters match
log = logging.getLogger(__package__)


def verify_archive(
    path: Path,
    *,
    tools: PgTools | None = None,
    expected_tables: Collection[str] | None = None,
    settings: BackupSettings | None = None,
) -> int:
    """``pg_restore --list``: the archive's table of contents reads, with data for every table."""
    settings = settings or backup_settings()
    tools = tools or tools_for_engine(settings=settings)
    proc = _run([tools.pg_restore, "--list", str(path)], libpq_env(_database_url()), settings.timeout_seconds, "verify")
    entries = [line for line in proc.stdout.splitlines() if line.strip() and not line.startswith(";")]
    if not entries:
        raise BackupError("pg_restore --list não encontrou nenhuma entrada no arquivo", stage="verify")
    if expected_tables:
        data = set()
        for line in entries:
            match = re.search(r"\bTABLE DATA (\S+) (\S+) ", line)
            if match:
                data.add(f"{match.group(1)}.{match.group(2)}")
        missing = sorted(set(expected_tables) - data)
        if missing:
            raise BackupError("o arquivo não tem os dados de: " + ", ".join(missing[:10]), stage="verify")
    return len(entries)


def verify_backup(backup_id_or_path: str) -> dict[str, Any]:
    """Operator check of one backup: the file exists, its SHA-256 matches the row (or the manifest
    beside it), its TOC reads with data for every table it recorded."""
    backup = find_backup(backup_id_or_path)
    path = Path(backup.path) if backup is not None else Path(backup_id_or_path)
    if backup is None and not path.is_absolute():
        candidate = backup_settings().directory / path
        path = candidate if candidate.is_file() else path
    if not path.is_file():
        raise BackupError(f"arquivo não encontrado: {path}", stage="verify")
    meta = manifest_of(backup) if backup is not None else read_manifest(path)
    digest = sha256_of(path)
    if meta is not None and meta.get("sha256") and digest != meta["sha256"]:
        raise BackupError(
            f"SHA-256 não confere para {path.name}: esperado {meta['sha256']}, obtido {digest}", stage="verify"
        )
    expected = (meta.get("table_counts") or {}).keys() if meta is not None else None
    toc = verify_archive(path, expected_tables=expected)
    return {
        "file": str(path),
        "sha256": digest,
        "toc_entries": toc,
        "known": meta is not None,
        "backup_id": str(backup.id) if backup is not None else (meta or {}).get("id"),
    }


def verify_restore(backup_id: uuid.UUID | None = None) -> Backup:
    """Restore a backup (default: the newest good one) into a scratch database and compare every
    table's row count with the counts taken at dump time. The result goes into ``restore_check``."""
    settings = backup_settings()
    backup = db.session.get(Backup, backup_id) if backup_id else latest_available()
    if backup is None:
        exc = BackupError("nenhum backup disponível para a verificação de restauração", stage="restore_check")
        _report(exc)
        raise exc
    backup_id = backup.id
    clock = time.monotonic()
    scratch = f"{SCRATCH_PREFIX}{_now():%Y%m%d%H%M%S}_{uuid.uuid4().hex[:6]}"
    admin_url = _admin_url(settings)
    result: dict[str, Any]
    db.session.rollback()  # no transaction stays open during the restore
    try:
        path = Path(backup.path)
        if not path.is_file():
            raise BackupError(f"arquivo {backup.file_name} não encontrado", stage="restore_check")
        if backup.sha256 and sha256_of(path) != backup.sha256:
            raise BackupError(f"SHA-256 de {backup.file_name} não confere", stage="restore_check")
        tools = tools_for_engine(settings=settings)
        _create_database(admin_url, scratch)
        try:
            scratch_url = make_url(admin_url).set(database=scratch).render_as_string(hide_password=False)
            _pg_restore(tools, path, scratch_url, scratch, settings, "restore_check")
            found = _count_rows_psycopg(scratch_url)
        finally:
            _drop_database(admin_url, scratch)
        result = compare_counts(backup.table_counts or {}, found)
        if not result["ok"]:
            details = ", ".join(f"{t}: {v['expected']}→{v['found']}" for t, v in list(result["mismatches"].items())[:5])
            missing = ", ".join(result["missing"][:5])
            raise BackupError(
                "contagens divergentes após restaurar"
                + (f" ({details})" if details else "")
                + (f"; ausentes: {missing}" if missing else ""),
                stage="restore_check",
            )
    except BackupError as exc:
        result = {"ok": False, "error": exc.message}
        _store_check(backup_id, result, time.monotonic() - clock, scratch)
        _report(exc, backup=db.session.get(Backup, backup_id))
        return db.session.get_one(Backup, backup_id)
    except Exception as exc:  # noqa: BLE001 - reported like any failed check
        failure = BackupError(f"erro inesperado ({exc.__class__.__name__})", stage="restore_check")
        _store_check(backup_id, {"ok": False, "error": failure.message}, time.monotonic() - clock, scratch)
        _report(failure, backup=db.session.get(Backup, backup_id), exc_info=exc)
        return db.session.get_one(Backup, backup_id)
    row = _store_check(backup_id, result, time.monotonic() - clock, scratch)
    log.info("restore check of backup %s ok: %d tables, %d rows", backup_id, result["tables"], result["rows"])
    return row


def _store_check(backup_id: uuid.UUID, result: dict[str, Any], elapsed: float, scratch: str) -> Backup:
    db.session.rollback()
    row = db.session.get_one(Backup, backup_id, with_for_update=True, populate_existing=True)
    row.restore_checked_at = _now()
    row.restore_check = {**result, "duration_seconds": round(elapsed, 3), "scratch_database": scratch}
    db.session.commit()
    return row
