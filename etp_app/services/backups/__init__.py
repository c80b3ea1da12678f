"""Backups: ``pg_dump`` in custom format, verified, counted, checked by a full restore, and pruned.

A backup is trustworthy only when it can be read back and holds what the database held:

- ``pg_dump`` reads an exported snapshot (``--snapshot``) of a REPEATABLE READ transaction in which
  every table's row count was taken, so ``table_counts`` describes exactly what the file holds;
- the file is written under a temporary name, fsynced, hashed (SHA-256) and only then renamed;
- ``pg_restore --list`` must read its table of contents, with a ``TABLE DATA`` entry for every table;
- weekly, the newest backup is restored into a scratch database and every table's row count is
  compared with ``table_counts`` (``verify_restore``);
- retention (``BACKUP_RETENTION_DAYS``, default 30) deletes old files and marks their rows, but never
  the newest good backup.

A failure is reported three ways: an ERROR log line and a Sentry event (``observability.report_failure``)
and ``etp_backup_failures_total{stage}``.

The package, one module per seam (each imports only the ones above it, never this ``__init__``):

- ``core``: ``BackupError``, settings, file-name rules, database URLs, the clock;
- ``tools``: which ``pg_dump``/``pg_restore`` to run, their libpq environment, the runner;
- ``files``: the dump file and its manifest; ``databases``: row counts and admin connections;
- ``records``: shared reads of the ``backups`` table; ``reporting``: how a failure is reported;
- ``verify``: reading a backup back, and the restore check; ``retention``: pruning;
- ``dump``: making a backup; ``recovery``: the operator's restore (not ``restore``, which would hide
  the function ``restore`` re-exported here);
- ``jobs``: backups as jobs for the API, beat and the worker, and the status for ``/api/metrics``.

Callers use ``etp_app.services.backups.X``: this module re-exports the public names. A test that
replaces a function patches it in the submodule that looks it up (e.g. ``backups.dump.select_tools``).
"""

from __future__ import annotations

from etp_app.services.backups.core import (
    FILE_PREFIX,
    FILE_RE,
    FILE_SUFFIX,
    PARTIAL_SUFFIX,
    REPO_ROOT,
    SCRATCH_PREFIX,
    BackupError,
    BackupSettings,
    backup_settings,
)
from etp_app.services.backups.databases import compare_counts, count_rows
from etp_app.services.backups.dump import create_backup
from etp_app.services.backups.files import (
    MANIFEST_FIELDS,
    file_name_for,
    manifest_of,
    manifest_path,
    read_manifest,
    sha256_of,
)
from etp_app.services.backups.jobs import (
    ACTIVE_JOB_STATES,
    FAILED_MESSAGE,
    reap_stuck_backups,
    request_backup,
    request_scheduled_backup,
    run_backup_job,
    status_for_metrics,
)
from etp_app.services.backups.records import find_backup, latest_available, list_backups
from etp_app.services.backups.recovery import RestorePlan, plan_restore, restore
from etp_app.services.backups.reporting import report_unexpected
from etp_app.services.backups.retention import apply_retention
from etp_app.services.backups.tools import (
    PgTools,
    candidate_bin_dirs,
    libpq_env,
    select_tools,
    server_version,
    tools_for_engine,
)
from etp_app.services.backups.verify import verify_archive, verify_backup, verify_restore

__all__ = [
    "ACTIVE_JOB_STATES",
    "FAILED_MESSAGE",
    "FILE_PREFIX",
    "FILE_RE",
    "FILE_SUFFIX",
    "MANIFEST_FIELDS",
    "PARTIAL_SUFFIX",
    "REPO_ROOT",
    "SCRATCH_PREFIX",
    "BackupError",
    "BackupSettings",
    "PgTools",
    "RestorePlan",
    "apply_retention",
    "backup_settings",
    "candidate_bin_dirs",
    "compare_counts",
    "count_rows",
    "create_backup",
    "file_name_for",
    "find_backup",
    "latest_available",
    "libpq_env",
    "list_backups",
    "manifest_of",
    "manifest_path",
    "plan_restore",
    "read_manifest",
    "reap_stuck_backups",
    "report_unexpected",
    "request_backup",
    "request_scheduled_backup",
    "restore",
    "run_backup_job",
    "select_tools",
    "server_version",
    "sha256_of",
    "status_for_metrics",
    "tools_for_engine",
    "verify_archive",
    "verify_backup",
    "verify_restore",
]
