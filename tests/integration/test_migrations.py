"""Migrations: one head; `flask db upgrade` builds everything on an empty database; models and
migrations agree; downgrade to base and upgrade again both work. Real PostgreSQL, own database."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import inspect, text


@pytest.fixture(scope="module")
def empty_db(infra):
    from etp_app.devservices import drop_database, ensure_database

    name = f"etp_test_migr_{uuid.uuid4().hex[:8]}"
    url = ensure_database(infra["admin_url"], name, recreate=True)
    yield url.replace("postgresql://", "postgresql+psycopg2://", 1)
    drop_database(infra["admin_url"], name)


@pytest.fixture(scope="module")
def migr_app(empty_db, app, app_config):
    """An app on the empty database (the suite's own database is migrated already)."""
    from etp_app import create_app
    from etp_app.extensions import db

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DATABASE_URL", empty_db)
        mp.setenv("REDIS_URL", app_config["REDIS_URL"])
        application = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": empty_db}, env_name="testing")
    yield application
    with application.app_context():
        db.engine.dispose()
    if app.extensions.get("celery") is not None:  # Celery's default app is process-wide
        app.extensions["celery"].set_default()


def _script_directory(application):
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(application.extensions["migrate"].directory))
    return ScriptDirectory.from_config(cfg)


def _tables(application) -> set[str]:
    from etp_app.extensions import db

    with application.app_context():
        return set(inspect(db.engine).get_table_names())


def _model_tables() -> set[str]:
    from etp_app.extensions import db

    return {t.name for t in db.metadata.sorted_tables}


def test_exactly_one_head(migr_app):
    heads = _script_directory(migr_app).get_heads()
    assert len(heads) == 1, f"migrations must have exactly one head, found {heads}"


def test_every_revision_chains_down_to_base(migr_app):
    script = _script_directory(migr_app)
    revisions = list(script.walk_revisions("base", "heads"))
    assert revisions, "there is at least the initial migration"
    assert [r for r in revisions if r.down_revision is None] == [revisions[-1]]


def test_flask_db_upgrade_builds_everything_on_an_empty_database(migr_app):
    assert _tables(migr_app) == set()
    result = migr_app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output + repr(result.exception)
    tables = _tables(migr_app)
    assert _model_tables() <= tables, f"missing: {_model_tables() - tables}"
    assert "alembic_version" in tables
    from etp_app.extensions import db

    head = _script_directory(migr_app).get_current_head()
    with migr_app.app_context(), db.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head


def test_models_and_migrations_agree(migr_app):
    """Autogenerate against the migrated database finds nothing to do."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from etp_app.extensions import db

    with migr_app.app_context():
        assert "alembic_version" in _tables(migr_app), "runs after the upgrade test"
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
    assert diff == [], "models and migrations disagree; run `flask db migrate`:\n" + "\n".join(map(repr, diff))


def test_downgrade_to_base_and_upgrade_again(migr_app):
    runner = migr_app.test_cli_runner()
    result = runner.invoke(args=["db", "downgrade", "base"])
    assert result.exit_code == 0, result.output + repr(result.exception)
    assert _tables(migr_app) <= {"alembic_version"}
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output + repr(result.exception)
    assert _model_tables() <= _tables(migr_app)


def test_health_ready_agrees_after_upgrade(migr_app):
    resp = migr_app.test_client().get("/api/health/ready")
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["checks"]["migrations"]["status"] == "up"
