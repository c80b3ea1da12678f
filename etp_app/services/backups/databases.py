"""The databases a backup is read from and restored into: every table's row count (the record of what a
backup holds, and the check after a restore), and an admin connection that creates and drops a
database and restores an archive into it.

The restore side talks psycopg2 directly rather than through the app's engine: a scratch or target
database is not the app's, and ``CREATE``/``DROP DATABASE`` cannot run inside a transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import psycopg2
from psycopg2 import sql
from psycopg2.extensions import connection as PgConnection
from sqlalchemy import text
from sqlalchemy.engine import Connection

from etp_app.services.backups.core import BackupSettings
from etp_app.services.backups.tools import PgTools, _run, libpq_env

_TABLES_SQL = """
SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
ORDER BY 1, 2
"""


def _quote(schema: str, table: str) -> str:
    return '"' + schema.replace('"', '""') + '"."' + table.replace('"', '""') + '"'


def count_rows(conn: Connection) -> dict[str, int]:
    """Every user table's row count, ``{"schema.table": n}``, through a SQLAlchemy connection."""
    tables = conn.execute(text(_TABLES_SQL)).all()
    return {
        f"{schema}.{table}": int(conn.execute(text(f"SELECT count(*) FROM {_quote(schema, table)}")).scalar_one())
        for schema, table in tables
    }


def _count_rows_psycopg(url: str) -> dict[str, int]:
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


def _admin_connect(admin_url: str) -> PgConnection:
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
    conn = _admin_connect(admin_url)
    try:
        with conn.cursor() as cur:
            if drop_first:
                cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            cur.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name)))
    finally:
        conn.close()


def _drop_database(admin_url: str, name: str) -> None:
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
