"""Migration 0007 (the value model) on real PostgreSQL, own database: ETPs stored before it become
one-off prices (``unico``, one period) with every value kept, the new rules hold in the database,
and downgrade drops the two columns and nothing else."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, exc, inspect, text

BEFORE, AFTER = "0006_provenance", "0007_value_model"


@pytest.fixture(scope="module")
def migr_app(infra, app, app_config):
    """An app on an empty database of its own (the suite's database is migrated to the head)."""
    from etp_app import create_app
    from etp_app.devservices import drop_database, ensure_database
    from etp_app.extensions import db

    name = f"etp_test_vm_{uuid.uuid4().hex[:8]}"
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


def test_existing_etps_become_one_off_prices(migr_app):
    application, url = migr_app
    _migrate(application, "upgrade", BEFORE)
    engine = create_engine(url)
    org, etp = uuid.uuid4(), uuid.uuid4()
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO organizations (id, name) VALUES (:id, 'Prefeitura')"), {"id": org})
            conn.execute(
                text(
                    "INSERT INTO etps (id, organization_id, title, objeto, template_type, status, quantidade_estimada,"
                    " valor_unitario, valor_estimado, campos) VALUES (:id, :org, 'Limpeza', 'Serviços de limpeza',"
                    " 'servicos', 'draft', 12, 8233.33, 1185600.00, '{\"vigencia_meses\": 12}')"
                ),
                {"id": etp, "org": org},
            )
        _migrate(application, "upgrade", AFTER)
        with engine.begin() as conn:
            row = conn.execute(
                text(
                    "SELECT periodicidade_preco, numero_periodos, valor_estimado, valor_unitario, campos"
                    " FROM etps WHERE id = :id"
                ),
                {"id": etp},
            ).one()
        assert row.periodicidade_preco == "unico" and row.numero_periodos is None  # one-off: one period
        assert str(row.valor_estimado) == "1185600.00" and str(row.valor_unitario) == "8233.33"
        assert row.campos == {"vigencia_meses": 12}

        for statement in (
            "UPDATE etps SET periodicidade_preco = 'semanal' WHERE id = :id",
            "UPDATE etps SET numero_periodos = 0 WHERE id = :id",
            "UPDATE etps SET periodicidade_preco = NULL WHERE id = :id",
        ):
            with pytest.raises(exc.IntegrityError), engine.begin() as conn:
                conn.execute(text(statement), {"id": etp})
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE etps SET periodicidade_preco = 'mensal', numero_periodos = 12 WHERE id = :id"), {"id": etp}
            )

        _migrate(application, "downgrade", BEFORE)
        columns = {c["name"] for c in inspect(engine).get_columns("etps")}
        assert not columns & {"periodicidade_preco", "numero_periodos"}
        with engine.begin() as conn:
            kept = conn.execute(text("SELECT valor_estimado, title FROM etps WHERE id = :id"), {"id": etp}).one()
        assert str(kept.valor_estimado) == "1185600.00" and kept.title == "Limpeza"
        _migrate(application, "upgrade", "head")
    finally:
        engine.dispose()
