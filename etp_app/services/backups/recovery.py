"""The operator's restore (``flask backup restore``): plan it (what the target is, whether it exists or
is the live database, where the backup's checksum and counts come from), then restore the archive into
the target database on the app's server and compare every table's row count with the backup's.

In a disaster the database that recorded the backup may be gone: then the manifest beside the file
stands in for its row.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg2
from psycopg2 import errors
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from etp_app.extensions import db
from etp_app.services.backups.core import BackupError, _admin_url, _database_url, backup_settings
from etp_app.services.backups.databases import (
    _admin_connect,
    _count_rows_psycopg,
    _create_database,
    _database_exists,
    _pg_restore,
    compare_counts,
)
from etp_app.services.backups.files import manifest_of, read_manifest, sha256_of
from etp_app.services.backups.records import find_backup
from etp_app.services.backups.tools import select_tools
from etp_app.services.backups.verify import verify_archive


@dataclass
class RestorePlan:
    path: Path
    target_db: str
    exists: bool
    is_live: bool
    metadata: dict[str, Any] | None  # the backup's row, or its manifest when the database is gone
    source: str | None  # "database", "manifest" or None (an unknown file)


def plan_restore(file: str, target_db: str) -> RestorePlan:
    """What ``restore`` would do (for the operator's confirmation)."""
    settings = backup_settings()
    path = Path(file).expanduser()
    if not path.is_absolute():
        candidate = settings.directory / path
        path = candidate if candidate.is_file() else path.resolve()
    live = make_url(_database_url()).database
    metadata, source = None, None
    try:  # in a disaster the database (or its backups table) may be gone: then the manifest speaks
        row = find_backup(str(path))
        if row is not None:
            metadata, source = manifest_of(row), "database"
    except SQLAlchemyError:
        db.session.rollback()
    if metadata is None:
        metadata = read_manifest(path)
        source = "manifest" if metadata is not None else None
    return RestorePlan(
        path=path,
        target_db=target_db,
        exists=_database_exists(_admin_url(settings), target_db),
        is_live=target_db == live,
        metadata=metadata,
        source=source,
    )


def restore(plan: RestorePlan, *, replace: bool) -> dict[str, Any]:
    """Restore ``plan.path`` into ``plan.target_db`` on the app's server (created; dropped first only
    with ``replace``). Checks the archive (and its SHA-256 when the backup is known) first; afterwards
    compares every table's row count with the backup's."""
    settings = backup_settings()
    if not plan.path.is_file():
        raise BackupError(f"arquivo não encontrado: {plan.path}", stage="restore")
    meta = plan.metadata or {}
    if meta.get("sha256") and sha256_of(plan.path) != meta["sha256"]:
        raise BackupError(f"SHA-256 de {plan.path.name} não confere com o registro do backup", stage="restore")
    if plan.exists and not replace:
        raise BackupError(f"o banco {plan.target_db} já existe; confirme a substituição", stage="restore")
    admin_url = _admin_url(settings)
    conn = _admin_connect(admin_url)
    try:
        major = int(conn.server_version) // 10000
    finally:
        conn.close()
    tools = select_tools(major, settings.pg_bin_dir)
    verify_archive(plan.path, tools=tools, settings=settings)
    expected = dict(meta.get("table_counts") or {}) if meta.get("table_counts") is not None else None
    db.session.remove()
    if plan.is_live:
        db.engine.dispose()
    clock = time.monotonic()
    _create_database(admin_url, plan.target_db, drop_first=plan.exists)
    target_url = make_url(admin_url).set(database=plan.target_db).render_as_string(hide_password=False)
    _pg_restore(tools, plan.path, target_url, plan.target_db, settings, "restore")
    found = _count_rows_psycopg(target_url)
    report: dict[str, Any] = {
        "target_db": plan.target_db,
        "tables": len(found),
        "metadata": plan.source,
        "rows": int(sum(found.values())),
        "duration_seconds": round(time.monotonic() - clock, 3),
    }
    if expected is not None:
        report["check"] = compare_counts(expected, found)
    if meta.get("id") and meta.get("status") == "succeeded":
        report["backup_row_updated"] = _record_in_restored(target_url, meta)
    return report


def _record_in_restored(url: str, meta: Mapping[str, Any]) -> bool:
    """The dump holds its own ``backups`` row as it was mid-dump (``running``): write its outcome into
    the restored database, so the history there shows the backup it came from as good."""
    conn = psycopg2.connect(url.replace("postgresql+psycopg2://", "postgresql://", 1), connect_timeout=10)
    try:
        with conn, conn.cursor() as cur:
            cur.execute(
                "UPDATE backups SET status = 'succeeded', error = NULL, size_bytes = %s, sha256 = %s,"
                " duration_seconds = %s, pg_dump_version = %s, server_version = %s, table_counts = %s::jsonb,"
                " toc_entries = %s, finished_at = %s, verified_at = %s WHERE id = %s AND status = 'running'",
                (
                    meta.get("size_bytes"),
                    meta.get("sha256"),
                    meta.get("duration_seconds"),
                    meta.get("pg_dump_version"),
                    meta.get("server_version"),
                    json.dumps(meta.get("table_counts")),
                    meta.get("toc_entries"),
                    meta.get("finished_at"),
                    meta.get("verified_at"),
                    str(meta["id"]),
                ),
            )
            return cur.rowcount == 1
    except errors.UndefinedTable:
        return False
    finally:
        conn.close()
