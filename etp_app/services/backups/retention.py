"""Retention: backups older than ``BACKUP_RETENTION_DAYS`` (default 30) lose their files and their rows
are marked deleted, but the newest good backup is always kept, however old; our own stray files in
``BACKUP_DIR`` (stale partials, unrecorded dumps, orphan manifests) go too. Nothing outside
``BACKUP_DIR`` or not named like a backup is ever removed."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from etp_app.extensions import db
from etp_app.models.backup import Backup
from etp_app.services.backups.core import FILE_PREFIX, FILE_RE, FILE_SUFFIX, PARTIAL_SUFFIX, _now, backup_settings
from etp_app.services.backups.files import manifest_path
from etp_app.services.backups.records import latest_available

# the package's one logger name, the one operators' log filters match
log = logging.getLogger(__package__)


def apply_retention(now: datetime | None = None) -> dict[str, int]:
    """Delete backup files older than the retention (never the newest good one) and mark their rows;
    also remove our own stale partial files and unrecorded dumps past the retention."""
    settings = backup_settings()
    now = now or _now()
    cutoff = now - timedelta(days=settings.retention_days)
    newest = latest_available()
    rows = db.session.scalars(
        select(Backup)
        .where(Backup.status == "succeeded", Backup.deleted_at.is_(None), Backup.started_at < cutoff)
        .with_for_update(skip_locked=True)
    ).all()
    deleted = 0
    for row in rows:
        if newest is not None and row.id == newest.id:
            continue
        _unlink_inside(settings.directory, Path(row.path))
        _unlink_inside(settings.directory, manifest_path(Path(row.path)))
        row.deleted_at = now
        deleted += 1
    known = set(db.session.scalars(select(Backup.file_name)).all())
    db.session.commit()
    orphans = 0
    if settings.directory.is_dir():
        for entry in settings.directory.iterdir():
            if not entry.is_file():
                continue
            mtime = datetime.fromtimestamp(entry.stat().st_mtime, UTC)
            if entry.name.endswith(PARTIAL_SUFFIX) and FILE_RE.match(entry.name[: -len(PARTIAL_SUFFIX)]):
                if mtime < now - timedelta(seconds=settings.timeout_seconds * 2):
                    _unlink_inside(settings.directory, entry)
                    orphans += 1
            elif FILE_RE.match(entry.name) and entry.name not in known and mtime < cutoff:
                _unlink_inside(settings.directory, entry)
                _unlink_inside(settings.directory, manifest_path(entry))
                orphans += 1
            elif (
                entry.name.endswith(FILE_SUFFIX + ".json")
                and FILE_RE.match(entry.name[:-5])
                and not entry.with_name(entry.name[:-5]).exists()
                and mtime < cutoff
            ):
                _unlink_inside(settings.directory, entry)  # a manifest whose dump is gone
    if deleted or orphans:
        log.info(
            "backup retention: %d backups and %d stray files removed (older than %d days)",
            deleted,
            orphans,
            settings.retention_days,
        )
    return {"deleted": deleted, "stray_files": orphans}


def _unlink_inside(directory: Path, path: Path) -> None:
    """Remove a file only when it is one of ours inside BACKUP_DIR."""
    try:
        resolved = path.resolve()
    except OSError:
        return
    if resolved.parent != directory.resolve() or not resolved.name.startswith(FILE_PREFIX):
        log.warning("backup retention skipped %s: outside BACKUP_DIR", path.name)
        return
    try:
        resolved.unlink()
    except FileNotFoundError:
        pass
