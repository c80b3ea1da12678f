"""Test fixtures: a real PostgreSQL database and a real Redis, created for this run.

The machine's PostgreSQL/Redis on 127.0.0.1 when they answer, else embedded ones under instance/.
Each pytest process gets its own database (and Redis DB number), migrated with ``flask db upgrade``.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from tests.fakes.fake_openai import FakeOpenAIServer
from tests.helpers.workers import WorkerProcess

ROOT = Path(__file__).resolve().parent.parent
TEST_DB_NAME = os.environ.get("ETP_TEST_DB_NAME") or f"etp_test_{os.getpid()}"


@pytest.fixture(scope="session")
def infra():
    """Database and Redis URLs for this test run (created here, dropped at the end)."""
    from etp_app.devservices import drop_database, ensure_database, postgres_admin_url, redis_url

    instance = ROOT / "instance" / "test"
    admin_url, pg_server = postgres_admin_url(instance)
    db_url = ensure_database(admin_url, TEST_DB_NAME, recreate=True)
    redis_db = int(os.environ.get("ETP_TEST_REDIS_DB") or 1 + os.getpid() % 10)
    r_url, r_server = redis_url(instance, redis_db)
    import redis

    redis.Redis.from_url(r_url).flushdb()
    yield {"database_url": db_url, "redis_url": r_url, "admin_url": admin_url}
    drop_database(admin_url, TEST_DB_NAME)
    del pg_server, r_server


def _test_config(infra) -> dict:
    return {
        "SQLALCHEMY_DATABASE_URI": infra["database_url"].replace("postgresql://", "postgresql+psycopg2://", 1),
        "REDIS_URL": infra["redis_url"],
        "CELERY_BROKER_URL": infra["redis_url"],
        "CELERY_RESULT_BACKEND": infra["redis_url"],
        "RATELIMIT_STORAGE_URI": infra["redis_url"],
        "RATELIMIT_DEFAULT": "100000 per minute",
        "RATELIMIT_AUTH": "100000 per minute",
    }


@pytest.fixture(scope="session")
def app_config(infra) -> dict:
    return _test_config(infra)


@pytest.fixture(scope="session")
def app(infra, app_config):
    os.environ.setdefault("DATABASE_URL", app_config["SQLALCHEMY_DATABASE_URI"])
    os.environ.setdefault("REDIS_URL", infra["redis_url"])
    from flask_migrate import upgrade

    from etp_app import create_app

    application = create_app(app_config, env_name="testing")
    with application.app_context():
        upgrade()
    return application


@pytest.fixture(autouse=True)
def _clean_state(request):
    """Empty every table and the Redis DB before each test that uses the app."""
    if "app" not in request.fixturenames:
        yield
        return
    application = request.getfixturevalue("app")
    from sqlalchemy import text

    from etp_app.extensions import db
    from etp_app.redis_client import get_redis

    with application.app_context():
        tables = ", ".join(t.name for t in reversed(db.metadata.sorted_tables))
        db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.session.commit()
        get_redis().client.flushdb()
        from etp_app.extensions import limiter

        limiter.reset()
    yield
    with application.app_context():
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


class ApiClient:
    """Thin JSON client over Flask's test client, with an optional bearer token."""

    def __init__(self, client, token: str | None = None):
        self.client = client
        self.token = token

    def _headers(self, headers: dict | None) -> dict:
        out = dict(headers or {})
        if self.token:
            out.setdefault("Authorization", f"Bearer {self.token}")
        return out

    def get(self, url, headers=None, **kw):
        return self.client.get(url, headers=self._headers(headers), **kw)

    def delete(self, url, headers=None, **kw):
        return self.client.delete(url, headers=self._headers(headers), **kw)

    def post(self, url, json=None, headers=None, **kw):
        return self.client.post(url, json=json, headers=self._headers(headers), **kw)

    def put(self, url, json=None, headers=None, **kw):
        return self.client.put(url, json=json, headers=self._headers(headers), **kw)

    def patch(self, url, json=None, headers=None, **kw):
        return self.client.patch(url, json=json, headers=self._headers(headers), **kw)


DEFAULT_PASSWORD = "Senha-Forte-2026!"


@pytest.fixture
def make_user(app, client):
    """A verified user in the organization of the e-mail's domain, logged in through the API.

    Returns (user_json, ApiClient with its access token). The organization of the domain is created
    (``organizations.provision``, named ``organization`` or after the domain) when it does not exist
    yet; a public webmail address gets an organization of its own. The first user of a new
    organization is its org admin, the next ones members; ``role`` sets the role explicitly.
    """

    def factory(
        email: str | None = None,
        *,
        role: str | None = None,
        organization: str | None = None,
        password: str = DEFAULT_PASSWORD,
        name: str = "Servidora Teste",
    ):
        from etp_app import domains
        from etp_app.extensions import db
        from etp_app.services import accounts, joining, organizations

        email = accounts.normalize_email(email or f"user-{uuid.uuid4().hex[:10]}@orgao{uuid.uuid4().hex[:6]}.gov.br")
        with app.app_context():
            domain = domains.email_domain(email)
            org = None if domains.is_webmail(domain) else organizations.find_by_domain(domain)
            created = org is None
            if org is None:
                org = organizations.provision(
                    name=organization or (f"Organização de {name}" if domains.is_webmail(domain) else domain),
                    domain_names=[] if domains.is_webmail(domain) else [domain],
                    source="test",
                    allow_no_domain=domains.is_webmail(domain),
                )
            joining.provision_user(
                org,
                email=email,
                name=name,
                password=password,
                role=role or ("org_admin" if created else "member"),
                source="test",
            )
            db.session.remove()
        resp = client.post("/api/v1/auth/login", json={"email": email, "password": password})
        assert resp.status_code == 200, resp.get_json()
        data = resp.get_json()
        return data["user"], ApiClient(client, data["access_token"])

    return factory


# --------------------------------------------------------------------------------------------------
# Real workers and the fake OpenAI-compatible provider, for any tier that needs them
# --------------------------------------------------------------------------------------------------


@pytest.fixture
def start_worker(app, infra, tmp_path_factory):
    """Start real Celery workers; every worker started by the test is stopped at its end."""
    started: list[WorkerProcess] = []
    log_dir = tmp_path_factory.mktemp("workers")

    def factory(**kw) -> WorkerProcess:
        worker = WorkerProcess(app, infra, log_dir=log_dir, **kw).start()
        started.append(worker)
        return worker

    yield factory
    for worker in started:
        worker.stop()


@pytest.fixture
def fake():
    """A local OpenAI-compatible server (tests/fakes/fake_openai.py), stopped at the test's end."""
    with FakeOpenAIServer() as server:
        yield server


# --------------------------------------------------------------------------------------------------
# Markers: `make test PYTEST_ARGS="-m 'not slow'"` is the fast loop
# --------------------------------------------------------------------------------------------------

# Tiers whose every test is slow: real subprocesses (workers, gunicorn, pg_dump) or long generated runs.
_SLOW_DIRS = ("tests/workers/", "tests/integration/")
_SLOW_FILES = ("tests/api/test_schemathesis.py",)


def pytest_collection_modifyitems(config, items):
    """``worker``: the test starts a real Celery worker; ``slow``: it takes seconds, not milliseconds."""
    for item in items:
        path = Path(str(item.fspath)).resolve().relative_to(ROOT).as_posix()
        uses_worker = "start_worker" in getattr(item, "fixturenames", ())
        if uses_worker:
            item.add_marker(pytest.mark.worker)
        if uses_worker or path.startswith(_SLOW_DIRS) or path in _SLOW_FILES:
            item.add_marker(pytest.mark.slow)
