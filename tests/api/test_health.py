"""Health, liveness, readiness and metrics, against real PostgreSQL and Redis, and with each one down."""

from __future__ import annotations

import contextlib
import time
import uuid
from datetime import datetime

import pytest

CLOSED_REDIS = "redis://127.0.0.1:1/0"
CLOSED_POSTGRES = "postgresql+psycopg2://postgres@127.0.0.1:1/etp_down"


@contextlib.contextmanager
def separate_app(app, app_config, monkeypatch, **overrides):
    """A second app built like the suite's, with some settings replaced (e.g. a dependency that is down).

    Flask-Limiter, flask-smorest's Api and Celery's default app are process-wide: the rate-limit
    storage stays the suite's, and the suite's Celery is made the default again afterwards.
    """
    from etp_app import create_app
    from etp_app.extensions import db

    config = {**app_config, **overrides}
    monkeypatch.setenv("DATABASE_URL", config["SQLALCHEMY_DATABASE_URI"])
    monkeypatch.setenv("REDIS_URL", config["REDIS_URL"])
    other = create_app(config, env_name="testing")
    try:
        yield other
    finally:
        with other.app_context():
            db.engine.dispose()
        celery_app = app.extensions.get("celery")
        if celery_app is not None:
            celery_app.set_default()


def _assert_health_shape(body: dict) -> None:
    assert set(body) >= {"status", "timestamp", "uptime", "version", "database", "redis", "workers"}
    datetime.fromisoformat(body["timestamp"])
    assert body["uptime"] >= 0
    for dep in ("database", "redis"):
        assert body[dep]["status"] in {"up", "down", "unknown"}
        assert "latency_ms" in body[dep]
    assert set(body["workers"]) == {"status", "count"}


def test_health_is_healthy_with_postgres_and_redis(client, app):
    resp = client.get("/api/health")
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    _assert_health_shape(body)
    assert body["status"] == "healthy"
    assert body["version"] == app.config["APP_VERSION"]
    assert body["database"]["status"] == "up" and body["database"]["latency_ms"] >= 0
    assert body["redis"]["status"] == "up" and body["redis"]["latency_ms"] >= 0
    assert resp.headers["Cache-Control"] == "no-store"


def test_live_checks_no_dependency(client):
    resp = client.get("/api/health/live")
    assert resp.status_code == 200
    assert resp.get_json() == {"status": "alive"}


def test_ready_when_database_redis_and_migrations_are_at_head(client):
    resp = client.get("/api/health/ready")
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["status"] == "ready" and body["failed"] == []
    migrations = body["checks"]["migrations"]
    assert migrations["status"] == "up"
    assert migrations["current"] == migrations["head"] and len(migrations["head"]) == 1


def test_health_routes_are_exempt_from_the_rate_limiter(client):
    # Rate-limited routes carry X-RateLimit-* headers (headers_enabled); exempt routes do not.
    limited = client.get("/api/openapi.json")
    assert "X-RateLimit-Limit" in limited.headers
    for path in ("/api/health", "/api/health/live", "/api/health/ready"):
        resp = client.get(path)
        assert resp.status_code == 200
        assert "X-RateLimit-Limit" not in resp.headers, path


def test_degraded_while_redis_is_down_and_crud_still_served(app, app_config, client, make_user, monkeypatch):
    has_auth = any(rule.rule == "/api/v1/auth/login" for rule in app.url_map.iter_rules())
    token = None
    if has_auth:  # logged in while Redis is up, then used while it is down
        _, api = make_user(
            f"degraded-{uuid.uuid4().hex[:8]}@saude{uuid.uuid4().hex[:4]}.gov.br", name="Servidora Degradada"
        )
        token = api.token

    with separate_app(
        app,
        app_config,
        monkeypatch,
        REDIS_URL=CLOSED_REDIS,
        CELERY_BROKER_URL=CLOSED_REDIS,
        CELERY_RESULT_BACKEND=CLOSED_REDIS,
    ) as down:
        c = down.test_client()
        started = time.monotonic()
        resp = c.get("/api/health")
        elapsed = time.monotonic() - started
        assert resp.status_code == 200, resp.get_json()
        body = resp.get_json()
        _assert_health_shape(body)
        assert body["status"] == "degraded"
        assert body["database"]["status"] == "up"
        assert body["redis"]["status"] == "down"
        assert body["workers"] == {"status": "unknown", "count": None}
        assert elapsed < 2.0

        ready = c.get("/api/health/ready")
        assert ready.status_code == 503
        assert ready.get_json()["failed"] == ["redis"]

        if token:
            me = c.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
            assert me.status_code == 200, me.get_json()
            assert me.get_json()["email"].startswith("degraded-")


def test_unhealthy_503_fast_when_postgres_is_down(app, app_config, monkeypatch):
    with separate_app(app, app_config, monkeypatch, SQLALCHEMY_DATABASE_URI=CLOSED_POSTGRES) as down:
        c = down.test_client()
        started = time.monotonic()
        resp = c.get("/api/health")
        elapsed = time.monotonic() - started
        assert resp.status_code == 503, resp.get_json()
        body = resp.get_json()
        _assert_health_shape(body)
        assert body["status"] == "unhealthy"
        assert body["database"]["status"] == "down"
        assert body["database"]["error"] == "unreachable"  # no driver message leaks to the public
        assert body["redis"]["status"] == "up"
        assert elapsed < 3.0

        assert c.get("/api/health/live").status_code == 200
        ready = c.get("/api/health/ready")
        assert ready.status_code == 503
        assert set(ready.get_json()["failed"]) == {"database", "migrations"}


def test_ready_503_when_the_database_is_not_at_the_migration_head(app, app_config, infra, monkeypatch):
    from etp_app.devservices import drop_database, ensure_database

    name = f"etp_test_empty_{uuid.uuid4().hex[:8]}"
    url = ensure_database(infra["admin_url"], name)
    try:
        with separate_app(
            app,
            app_config,
            monkeypatch,
            SQLALCHEMY_DATABASE_URI=url.replace("postgresql://", "postgresql+psycopg2://", 1),
        ) as fresh:
            c = fresh.test_client()
            resp = c.get("/api/health/ready")
            assert resp.status_code == 503, resp.get_json()
            body = resp.get_json()
            assert body["status"] == "not_ready"
            assert body["failed"] == ["migrations"]
            assert body["checks"]["migrations"]["current"] == []
            assert len(body["checks"]["migrations"]["head"]) == 1
            # the process itself is fine and its dependencies answer
            assert c.get("/api/health").get_json()["status"] == "healthy"
    finally:
        drop_database(infra["admin_url"], name)


class _FakeControl:
    def __init__(self, replies, delay: float = 0.0):
        self.replies = replies
        self.delay = delay
        self.calls = 0

    def ping(self, timeout: float):
        self.calls += 1
        time.sleep(self.delay)
        return self.replies


class _FakeCelery:
    def __init__(self, control: _FakeControl):
        self.control = control
        self.conf = type("Conf", (), {"task_queues": None})()


def test_workers_counted_and_cached(app, client, monkeypatch):
    from etp_app.api.health import checks

    control = _FakeControl([{"celery@a": {"ok": "pong"}}, {"celery@b": {"ok": "pong"}}])
    monkeypatch.setitem(app.extensions, "celery", _FakeCelery(control))
    monkeypatch.setattr(checks.state_for(app), "workers_cached", None)
    first = client.get("/api/health").get_json()["workers"]
    second = client.get("/api/health").get_json()["workers"]
    assert first == second == {"status": "up", "count": 2}
    assert control.calls == 1  # the second answer came from the ~10 s cache


def test_a_hanging_worker_ping_does_not_slow_health(app, client, monkeypatch):
    from etp_app.api.health import checks

    monkeypatch.setitem(app.extensions, "celery", _FakeCelery(_FakeControl([], delay=3.0)))
    monkeypatch.setattr(checks.state_for(app), "workers_cached", None)
    started = time.monotonic()
    resp = client.get("/api/health")
    assert time.monotonic() - started < 1.5
    assert resp.status_code == 200
    assert resp.get_json()["workers"] == {"status": "unknown", "count": None}


def test_workers_unknown_without_celery(app, client, monkeypatch):
    from etp_app.api.health import checks

    monkeypatch.delitem(app.extensions, "celery", raising=False)
    monkeypatch.setattr(checks.state_for(app), "workers_cached", None)
    assert client.get("/api/health").get_json()["workers"] == {"status": "unknown", "count": None}


# ------------------------------------------------------------------------------------------------
# Metrics
# ------------------------------------------------------------------------------------------------


def test_metrics_require_a_token(client):
    for path in ("/api/metrics", "/api/metrics/prometheus"):
        resp = client.get(path)
        assert resp.status_code == 401
        assert resp.get_json()["code"] == 401


def test_metrics_refuse_users_who_are_not_system_admins(make_user):
    _, member = make_user()
    _, org_admin = make_user(role="org_admin")
    for api in (member, org_admin):
        resp = api.get("/api/metrics")
        assert resp.status_code == 403
        assert resp.get_json()["code"] == 403


def test_metrics_json_for_a_system_admin(app, make_user):
    from etp_app.extensions import db
    from etp_app.models import Job

    with app.app_context():
        db.session.add_all(
            [
                Job(kind="backup", state="queued"),
                Job(kind="backup", state="queued"),
                Job(kind="export", state="failed", error="falhou"),
            ]
        )
        db.session.commit()
    _, admin = make_user(role="system_admin")
    resp = admin.get("/api/metrics")
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["process"]["memory_rss_bytes"] > 0
    assert body["uptime"] >= 0
    assert body["database"]["status"] == "up"
    assert body["database"]["pool"]["size"] >= 1
    assert body["jobs"]["by_state"]["queued"] == 2
    assert body["jobs"]["by_state"]["failed"] == 1
    assert body["jobs"]["by_kind"]["backup"]["queued"] == 2
    assert body["jobs"]["total"] == 3
    assert set(body["queues"]) >= {"drafting", "exports", "maintenance"}
    assert all(isinstance(v, int) and v >= 0 for v in body["queues"].values())


def test_metrics_queue_depth_counts_waiting_messages(app, make_user):
    from etp_app.redis_client import get_redis

    with app.app_context():
        get_redis().client.rpush("exports", "m1", "m2")
        get_redis().client.rpush("exports\x06\x163", "m3")
    _, admin = make_user(role="system_admin")
    assert admin.get("/api/metrics").get_json()["queues"]["exports"] == 3


def test_metrics_accept_the_operators_metrics_token(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "METRICS_TOKEN", "metrics-token-for-tests-0123456789")
    ok = client.get("/api/metrics", headers={"Authorization": "Bearer metrics-token-for-tests-0123456789"})
    assert ok.status_code == 200, ok.get_json()
    wrong = client.get("/api/metrics", headers={"Authorization": "Bearer metrics-token-for-tests-wrong"})
    assert wrong.status_code == 401


def test_prometheus_text_format(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "METRICS_TOKEN", "metrics-token-for-tests-0123456789")
    resp = client.get("/api/metrics/prometheus", headers={"Authorization": "Bearer metrics-token-for-tests-0123456789"})
    assert resp.status_code == 200
    assert resp.mimetype == "text/plain"
    text = resp.get_data(as_text=True)
    for series in (
        'etp_dependency_up{dependency="database"} 1.0',
        'etp_dependency_up{dependency="redis"} 1.0',
        "etp_uptime_seconds",
        'etp_jobs{kind="draft_section",state="queued"} 0.0',
        'etp_queue_depth{queue="drafting"}',
        "etp_build_info{",
        "process_resident_memory_bytes",
    ):
        assert series in text, series
    from prometheus_client.parser import text_string_to_metric_families

    names = {family.name for family in text_string_to_metric_families(text)}
    assert {"etp_dependency_up", "etp_jobs", "etp_queue_depth", "etp_db_pool_connections"} <= names


def test_prometheus_openmetrics_when_asked(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "METRICS_TOKEN", "metrics-token-for-tests-0123456789")
    resp = client.get(
        "/api/metrics/prometheus",
        headers={
            "Authorization": "Bearer metrics-token-for-tests-0123456789",
            "Accept": "application/openmetrics-text; version=1.0.0",
        },
    )
    assert resp.status_code == 200
    assert resp.mimetype == "application/openmetrics-text"
    assert resp.get_data(as_text=True).rstrip().endswith("# EOF")


@pytest.mark.parametrize(
    "path", ["/api/health", "/api/health/live", "/api/health/ready", "/api/metrics", "/api/metrics/prometheus"]
)
def test_operations_routes_are_documented(client, path):
    spec = client.get("/api/openapi.json").get_json()
    operation = spec["paths"][path]["get"]
    assert "200" in operation["responses"]
    if path.startswith("/api/metrics"):
        assert operation["security"] == [{"bearerAuth": []}]
        assert {"401", "403"} <= set(operation["responses"])
    else:
        assert operation["security"] == []
