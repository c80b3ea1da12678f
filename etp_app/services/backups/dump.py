"""Making a backup: ``pg_dump`` in custom format of an exported snapshot, hashed, verified, recorded.

``pg_dump`` reads an exported snapshot (``--snapshot``) of a REPEATABLE READ transaction in which every
table's row count was taken, so ``table_counts`` describes exactly what the file holds. The file is
written under a temporary name, fsynced, hashed (SHA-256), renamed, and then ``pg_restore --list`` must
read it with data for every table; a file that fails any step is removed and the row marked failed.
Retention runs after each good backup.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from pathlib import Path

from etp_app.extensions import db
from etp_app.models.backup import Backup
from etp_app.services.backups.core import (
    PARTIAL_SUFFIX,
    BackupError,
    BackupSettings,
    _database_url,
    _now,
    backup_settings,
)
from etp_app.services.backups.databases import count_rows
from etp_app.services.backups.files import (
    _discard,
    _ensure_directory,
    _fsync,
    _write_manifest,
    file_name_for,
    sha256_of,
)
from etp_app.services.backups.reporting import _report
from etp_app.services.backups.retention import apply_retention
from etp_app.services.backups.tools import PgTools, _run, libpq_env, select_tools, server_version
from etp_app.services.backups.verify import verify_archive

# the package's one logger name, the one operators' log filters match
log = logging.getLogger(__package__)


def create_backup(*, trigger: str, job_id: uuid.UUID | None = None, created_by: uuid.UUID | None = None) -> Backup:
    """Dump the database, verify the file and record it. Returns the row (succeeded or failed)."""
    settings = backup_settings()
    started = _now()
    backup_id = uuid.uuid4()
    name = file_name_for(started, backup_id)
    backup = Backup(
        id=backup_id,
        job_id=job_id,
        created_by=created_by,
        trigger=trigger,
        status="running",
        file_name=name,
        path=str(settings.directory / name),
        started_at=started,
    )
    db.session.add(backup)
    db.session.commit()
    clock = time.monotonic()
    partial = settings.directory / (name + PARTIAL_SUFFIX)
    try:
        _ensure_directory(settings.directory)
        tools, server, counts = _dump(settings, partial)
        _fsync(partial)
        size = partial.stat().st_size
        digest = sha256_of(partial)
        final = settings.directory / name
        os.replace(partial, final)
        os.chmod(final, 0o600)
        toc = verify_archive(final, tools=tools, expected_tables=counts.keys(), settings=settings)
    except BackupError as exc:
        _discard(partial)
        _discard(settings.directory / name)  # a file that failed verification is no backup
        return _record_failure(backup_id, exc, time.monotonic() - clock)
    except Exception as exc:  # noqa: BLE001 - any other failure is still a failed backup, reported
        _discard(partial)
        _discard(settings.directory / name)
        return _record_failure(
            backup_id, BackupError(f"erro inesperado ({exc.__class__.__name__})"), time.monotonic() - clock, cause=exc
        )
    db.session.rollback()
    row = db.session.get_one(Backup, backup_id, with_for_update=True, populate_existing=True)
    row.status = "succeeded"
    row.error = None
    row.size_bytes = size
    row.sha256 = digest
    row.duration_seconds = round(time.monotonic() - clock, 3)
    row.pg_dump_version = tools.version[:100]
    row.server_version = server[:100]
    row.table_counts = counts
    row.toc_entries = toc
    row.finished_at = _now()
    row.verified_at = row.finished_at
    db.session.commit()
    try:
        _write_manifest(Path(row.path), row)
    except OSError as exc:  # the dump is good; only the offline copy of its metadata is missing
        log.warning("backup %s: manifest not written (%s)", backup_id, exc.strerror)
    log.info(
        "backup %s written: %s (%d bytes, %d tables, %.1f s)", backup_id, name, size, len(counts), row.duration_seconds
    )
    try:
        apply_retention()
    except Exception as exc:  # noqa: BLE001 - retention must not turn a good backup into a failure
        log.warning("backup retention failed: %s", exc.__class__.__name__)
        db.session.rollback()
    return row


def _dump(settings: BackupSettings, target: Path) -> tuple[PgTools, str, dict[str, int]]:
    """Count rows and run pg_dump on one exported snapshot, so the counts describe the file."""
    engine = db.engine
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")
            conn.exec_driver_sql("SET LOCAL statement_timeout = 0")
            major, server = server_version(conn)
            tools = select_tools(major, settings.pg_bin_dir)
            snapshot = conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar()
            counts = count_rows(conn)
            argv = [
                tools.pg_dump,
                "--format=custom",
                f"--compress={settings.compress_level}",
                "--no-password",
                f"--snapshot={snapshot}",
                "--lock-wait-timeout=120000",
                f"--file={target}",
            ]
            _run(argv, libpq_env(_database_url()), settings.timeout_seconds, "dump")
    return tools, server, counts


def _record_failure(
    backup_id: uuid.UUID, exc: BackupError, elapsed: float, *, cause: BaseException | None = None
) -> Backup:
    db.session.rollback()
    row = db.session.get_one(Backup, backup_id, with_for_update=True, populate_existing=True)
    row.status = "failed"
    row.error = exc.message[:2000]
    row.duration_seconds = round(elapsed, 3)
    row.finished_at = _now()
    db.session.commit()
    _report(exc, backup=row, exc_info=cause)
    return row
