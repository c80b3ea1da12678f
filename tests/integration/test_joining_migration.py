"""Migration 0011 (joining) on real PostgreSQL, own database: the domains of existing organizations
move to ``organization_domains``, existing accounts count as verified, and downgrade gives every
organization one domain back and every account without an organization an organization of its own."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, exc, inspect, text

BEFORE, AFTER = "0010_sessions", "0011_joining"


@pytest.fixture(scope="module")
def migr_app(infra, app, app_config):
    """An app on an empty database of its own (the suite's database is migrated to the head)."""
    from etp_app import create_app
    from etp_app.devservices import drop_database, ensure_database
    from etp_app.extensions import db

    name = f"etp_test_join_{uuid.uuid4().hex[:8]}"
    url = ensure_database(infra["admin_url"], name, recreate=True).replace("postgresql://", "postgresql+psycopg2://", 1)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DATABASE_URL", url)
        mp.setenv("REDIS_URL", app_config["REDIS_URL"])
        application = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": url}, env_name="testing")
    yield application, url
    with application.app_context():
        db.engine.dispose()
    if app.extensions.get("celery") is not None:  # Celery's default app is process-wide
        app.extensions["celery"].set_default()
    drop_database(infra["admin_url"], name)


def _migrate(application, command: str, revision: str) -> None:
    result = application.test_cli_runner().invoke(args=["db", command, revision])
    assert result.exit_code == 0, result.output + repr(result.exception)


def _insert_user(conn, org, email):
    user = uuid.uuid4()
    conn.execute(
        text(
            "INSERT INTO users (id, organization_id, email, name, password_hash, role)"
            " VALUES (:id, :org, :email, 'Pessoa', 'x', 'member')"
        ),
        {"id": user, "org": org, "email": email},
    )
    return user


def test_domains_move_and_existing_accounts_are_verified_then_downgrade_restores(migr_app):
    application, url = migr_app
    _migrate(application, "upgrade", BEFORE)
    engine = create_engine(url)
    alfa, webmail = uuid.uuid4(), uuid.uuid4()
    try:
        with engine.begin() as conn:
            conn.execute(
                text("INSERT INTO organizations (id, name, domain) VALUES (:id, 'Alfa', 'prefeitura-alfa.gov.br')"),
                {"id": alfa},
            )
            conn.execute(text("INSERT INTO organizations (id, name) VALUES (:id, 'Ana (gmail)')"), {"id": webmail})
            chefe = _insert_user(conn, alfa, "chefe@prefeitura-alfa.gov.br")
            _insert_user(conn, webmail, "ana@gmail.com")
        _migrate(application, "upgrade", AFTER)

        with engine.begin() as conn:
            domains = conn.execute(text("SELECT organization_id, domain FROM organization_domains")).all()
            assert [(row.organization_id, row.domain) for row in domains] == [(alfa, "prefeitura-alfa.gov.br")]
            unverified = conn.execute(text("SELECT count(*) FROM users WHERE email_verified_at IS NULL")).scalar()
            assert unverified == 0
            # accounts without an organization are allowed now; a domain belongs to one organization
            conn.execute(
                text(
                    "INSERT INTO users (id, email, name, password_hash, role)"
                    " VALUES (:id, 'nova@x.gov.br', 'Nova', 'x', 'member')"
                ),
                {"id": uuid.uuid4()},
            )
        with pytest.raises(exc.IntegrityError), engine.begin() as conn:
            conn.execute(
                text("INSERT INTO organization_domains (id, organization_id, domain) VALUES (:id, :org, :d)"),
                {"id": uuid.uuid4(), "org": webmail, "d": "prefeitura-alfa.gov.br"},
            )
        assert "domain" not in {c["name"] for c in inspect(engine).get_columns("organizations")}

        _migrate(application, "downgrade", BEFORE)
        with engine.begin() as conn:
            back = conn.execute(text("SELECT domain FROM organizations WHERE id = :id"), {"id": alfa}).scalar()
            assert back == "prefeitura-alfa.gov.br"
            orgless = conn.execute(text("SELECT count(*) FROM users WHERE organization_id IS NULL")).scalar()
            assert orgless == 0
            own = conn.execute(
                text(
                    "SELECT o.name FROM users u JOIN organizations o ON o.id = u.organization_id"
                    " WHERE u.email = 'nova@x.gov.br'"
                )
            ).scalar()
            assert own == "Organização de Nova"
            kept = conn.execute(text("SELECT organization_id FROM users WHERE id = :id"), {"id": chefe}).scalar()
            assert kept == alfa
        tables = set(inspect(engine).get_table_names())
        assert not {"organization_domains", "email_verification_tokens", "organization_requests"} & tables
        _migrate(application, "upgrade", "head")
    finally:
        engine.dispose()
