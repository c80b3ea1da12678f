"""The dump file on disk and the manifest beside it: names, SHA-256, fsync, ``BACKUP_DIR`` checks and
removal of a file that is no backup.

The manifest (``<dump>.json``) repeats the backup's row, so a dump's checksum and row counts survive the
loss of the database that recorded them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from etp_app.models.backup import Backup
from etp_app.services.backups.core import FILE_PREFIX, FILE_SUFFIX, PARTIAL_SUFFIX, BackupError

# the package's one logger name, the one operators' log filters match
log = logging.getLogger(__package__)


def file_name_for(started_at: datetime, backup_id: uuid.UUID) -> str:
    return f"{FILE_PREFIX}{started_at.astimezone(UTC):%Y%m%dT%H%M%SZ}-{backup_id.hex[:8]}{FILE_SUFFIX}"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


MANIFEST_FIELDS = (
    "id",
    "file_name",
    "status",
    "trigger",
    "size_bytes",
    "sha256",
    "duration_seconds",
    "pg_dump_version",
    "server_version",
    "table_counts",
    "toc_entries",
    "started_at",
    "finished_at",
    "verified_at",
)


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def manifest_of(backup: Backup) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in MANIFEST_FIELDS:
        value = getattr(backup, name)
        out[name] = (
            value.isoformat() if isinstance(value, datetime) else str(value) if isinstance(value, uuid.UUID) else value
        )
    return out


def _write_manifest(path: Path, backup: Backup) -> None:
    """``<dump>.json`` beside the dump: its checksum and row counts survive the loss of the database."""
    target = manifest_path(path)
    tmp = target.with_name(target.name + PARTIAL_SUFFIX)
    tmp.write_text(json.dumps(manifest_of(backup), ensure_ascii=False, indent=1, sort_keys=True))
    os.chmod(tmp, 0o600)
    os.replace(tmp, target)


def read_manifest(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(manifest_path(path).read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("file_name") == path.name else None


def _ensure_directory(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise BackupError(f"BACKUP_DIR {directory} não pode ser criado ({exc.strerror})") from None
    if not os.access(directory, os.W_OK | os.X_OK):
        raise BackupError(f"BACKUP_DIR {directory} não permite escrita")


def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _discard(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        log.warning("could not remove partial backup %s: %s", path.name, exc.strerror)
