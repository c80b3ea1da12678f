"""PostgreSQL unreachable is a 503 with Retry-After in the error envelope, never a 500 (issue 14 §2),
and the first request after a restart does not fail on a dead pooled connection.

The database "down" is a second app pointed at a closed port (Redis stays the suite's, so the
session cache answers and the request reaches the route); the "restart" is every backend of this
test database's pooled connections terminated (``pg_terminate_backend``: what a restart does to
each connection), the server itself left alone.
"""

from __future__ import annotations

import contextlib
import logging

from sqlalchemy import text

from etp_app.errors import DATABASE_UNAVAILABLE_MESSAGE
from tests.helpers.jobs import ETP, create_etp
from tests.helpers.polling import wait_for

CLOSED_POSTGRES = "postgresql+psycopg2://postgres@127.0.0.1:1/etp_down"


@contextlib.contextmanager
def database_down(app, app_config, monkeypatch):
    """A second app like the suite's whose database does not answer (the suite's Celery made the
    default again afterwards)."""
    from etp_app import create_app
    from etp_app.extensions import db

    config = {**app_config, "SQLALCHEMY_DATABASE_URI": CLOSED_POSTGRES}
    monkeypatch.setenv("DATABASE_URL", CLOSED_POSTGRES)
    other = create_app(config, env_name="testing")
    try:
        yield other.test_client()
    finally:
        with other.app_context():
            db.engine.dispose()
        app.extensions["celery"].set_default()


def _assert_503(resp, message: str = DATABASE_UNAVAILABLE_MESSAGE) -> None:
    assert resp.status_code == 503, (resp.status_code, resp.get_json())
    assert 1 <= int(resp.headers["Retry-After"]) <= 60
    body = resp.get_json()
    assert body == {"code": 503, "status": "Service Unavailable", "message": message}


def test_reads_and_writes_answer_503_with_retry_after_when_postgres_is_unreachable(
    app, app_config, make_user, monkeypatch, caplog
):
    _, api = make_user()
    etp = create_etp(api)
    headers = {"Authorization": f"Bearer {api.token}"}
    assert api.get("/api/v1/auth/me").status_code == 200  # the session's state is cached in Redis
    etag = api.get(f"/api/v1/etps/{etp['id']}").headers["ETag"]
    with database_down(app, app_config, monkeypatch) as down, caplog.at_level(logging.WARNING):
        _assert_503(down.get("/api/v1/etps", headers=headers))
        _assert_503(down.get(f"/api/v1/etps/{etp['id']}", headers=headers))
        _assert_503(down.get(f"/api/v1/etps/{etp['id']}/sections/1", headers=headers))
        _assert_503(down.post("/api/v1/etps", json=ETP, headers=headers))
        edit = {**headers, "If-Match": etag}
        _assert_503(down.patch(f"/api/v1/etps/{etp['id']}", json={"title": "Outro título"}, headers=edit))
        _assert_503(down.post(f"/api/v1/etps/{etp['id']}/draft", json={}, headers=headers))
        _assert_503(down.post("/api/v1/auth/login", json={"email": "x@orgao.gov.br", "password": "Senha-Forte-2026!"}))
    assert not [r for r in caplog.records if r.getMessage() == "unhandled error"]  # no 500 logged


def test_a_session_that_cannot_be_checked_is_503_with_retry_after(app, app_config, make_user, monkeypatch):
    """Without the session's state in Redis the revocation check reads PostgreSQL: 503, never a pass."""
    from etp_app.redis_client import get_redis

    _, api = make_user()
    with app.app_context():
        get_redis().client.flushdb()  # nothing cached: the check must ask the database
    with database_down(app, app_config, monkeypatch) as down:
        resp = down.get("/api/v1/etps", headers={"Authorization": f"Bearer {api.token}"})
    assert resp.status_code == 503 and "sessão" in resp.get_json()["message"]
    assert 1 <= int(resp.headers["Retry-After"]) <= 60


def _terminate_pooled_backends(app) -> None:
    """End every other backend of this test database, as a restart does, and wait until they are gone."""
    import psycopg2

    from etp_app.extensions import db

    with app.app_context():
        url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        dbname = db.engine.url.database
    admin = psycopg2.connect(url)
    admin.autocommit = True
    try:
        with admin.cursor() as cur:
            cur.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                (dbname,),
            )
            terminated = cur.rowcount

            def gone() -> bool:
                cur.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", (dbname,)
                )
                return cur.fetchone()[0] == 0

            wait_for(gone, timeout=10, message="the terminated backends to exit")
    finally:
        admin.close()
    assert terminated >= 1  # the pool held connections to kill


def test_the_first_read_and_write_after_a_restart_get_a_live_connection(app, make_user):
    from etp_app.extensions import db

    _, api = make_user()
    etp = create_etp(api)
    assert api.get(f"/api/v1/etps/{etp['id']}").status_code == 200  # the pool's connections, just used
    with app.app_context():
        assert db.engine.pool.checkedin() >= 1

    _terminate_pooled_backends(app)
    read = api.get(f"/api/v1/etps/{etp['id']}")
    assert read.status_code == 200, read.get_json()

    _terminate_pooled_backends(app)
    write = api.post("/api/v1/etps", json={**ETP, "title": "Depois do reinício"})
    assert write.status_code == 201, write.get_json()

    _terminate_pooled_backends(app)
    with app.app_context():  # the workers' path: a bare checkout, then a statement
        assert db.session.execute(text("SELECT 1")).scalar() == 1
        db.session.remove()
