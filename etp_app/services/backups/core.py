"""What every backup step shares: ``BackupError``, the settings, the file-name rules, the database URLs
and the clock.

Settings are read when called (the app config first, then the environment), so a test or an operator
changing ``BACKUP_DIR`` takes effect on the next backup without a restart.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy.engine import make_url

REPO_ROOT = Path(__file__).resolve().parents[3]
FILE_PREFIX = "etp-backup-"
FILE_SUFFIX = ".dump"
FILE_RE = re.compile(r"^etp-backup-(\d{8}T\d{6}Z)-[0-9a-f]{8}\.dump$")
PARTIAL_SUFFIX = ".partial"
SCRATCH_PREFIX = "etp_restore_check_"


class BackupError(Exception):
    """A backup step failed; ``stage`` is dump, verify or restore_check."""

    def __init__(self, message: str, *, stage: str = "dump"):
        super().__init__(message)
        self.message = message
        self.stage = stage


@dataclass(frozen=True)
class BackupSettings:
    directory: Path
    retention_days: int
    timeout_seconds: int
    pg_bin_dir: str | None
    scratch_admin_url: str | None
    compress_level: int


def _setting(config: Mapping[str, Any], env: Mapping[str, str], name: str, default: Any = None) -> Any:
    value = config.get(name)
    if value in (None, ""):
        value = env.get(name)
    return default if value in (None, "") else value


def backup_settings(config: Mapping[str, Any] | None = None, env: Mapping[str, str] | None = None) -> BackupSettings:
    config = current_app.config if config is None else config
    env = os.environ if env is None else env
    raw_dir = Path(str(_setting(config, env, "BACKUP_DIR", "instance/backups"))).expanduser()
    directory = raw_dir if raw_dir.is_absolute() else (REPO_ROOT / raw_dir)
    retention = int(_setting(config, env, "BACKUP_RETENTION_DAYS", 30))
    if retention < 1:
        raise BackupError(f"BACKUP_RETENTION_DAYS must be at least 1, got {retention}")
    return BackupSettings(
        directory=directory.resolve(),
        retention_days=retention,
        # each pg_dump/pg_restore run ends before the task's soft time limit (default 1740 s)
        timeout_seconds=int(
            _setting(
                config,
                env,
                "BACKUP_TIMEOUT_SECONDS",
                max(60, int(_setting(config, env, "BACKUP_SOFT_TIME_LIMIT", 1740)) - 60),
            )
        ),
        pg_bin_dir=_setting(config, env, "PG_BIN_DIR"),
        scratch_admin_url=_setting(config, env, "BACKUP_SCRATCH_DATABASE_URL"),
        compress_level=int(_setting(config, env, "BACKUP_COMPRESS_LEVEL", 6)),
    )


def _database_url() -> str:
    return current_app.config["SQLALCHEMY_DATABASE_URI"]


def _admin_url(settings: BackupSettings) -> str:
    """A URL to a maintenance database on the server where scratch databases are created."""
    if settings.scratch_admin_url:
        return settings.scratch_admin_url
    return make_url(_database_url()).set(database="postgres").render_as_string(hide_password=False)


def _now() -> datetime:
    return datetime.now(UTC)
