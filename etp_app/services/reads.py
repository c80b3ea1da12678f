"""Read-only statements run the cheapest safe way (shared by the ETP read paths and the drafting worker)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from etp_app.extensions import db

if TYPE_CHECKING:
    from sqlalchemy.engine.interfaces import DBAPIConnection

T = TypeVar("T")


def read_only(run: Callable[[Connection], T]) -> T:
    """Run the read-only ``run(connection)`` the cheapest safe way.

    Inside a unit of work that already holds a transaction (a write that reads back), on the ORM
    session's connection, so the read sees what that unit of work has not committed yet.

    Otherwise on a pooled connection of its own, outside the ORM session, in driver-level autocommit
    for the duration of the read: one round trip per statement, with no BEGIN before it and no
    ROLLBACK after it (psycopg2 sends neither in autocommit, and the pool's reset on return finds
    no transaction to roll back). Each statement sees the data committed when it starts, exactly
    what it would see in a READ COMMITTED transaction. SQLAlchemy's own connection ping toggles
    autocommit the same way; the connection goes back to the pool as it came.

    A connection found dead (database restarted, idle connection cut by the network) is invalidated
    by SQLAlchemy together with every pooled connection older than the failure, and the read, being
    idempotent, is retried once on a fresh connection.
    """
    session = db.session
    if session.registry.has() and session().in_transaction():
        return run(session.connection())
    for attempt in (1, 2):
        try:
            with db.engine.connect() as conn:
                # a checked-out connection always holds its DBAPI connection (None only once closed)
                dbapi_connection = cast("DBAPIConnection", conn.connection.dbapi_connection)
                dbapi_connection.autocommit = True
                try:
                    return run(conn)
                finally:
                    if not dbapi_connection.closed:
                        dbapi_connection.autocommit = False
        except DBAPIError as exc:
            if attempt == 2 or not exc.connection_invalidated:
                raise
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises
