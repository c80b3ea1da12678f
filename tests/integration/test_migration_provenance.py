"""Migration 0006 (issue 10 §2): the scaffolding the old drafter wrote into section texts moves to the
notes, exactly and only it; every text gets its provenance. Real PostgreSQL, own database: upgrade
to 0005, the rows the old code left, upgrade to 0006, then downgrade and upgrade again."""

from __future__ import annotations

import importlib.util
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

MIGRATION = Path(__file__).resolve().parents[2] / "migrations" / "versions" / "0006_provenance.py"


def _migration():
    loaded = importlib.util.spec_from_file_location("migration_0006", MIGRATION)
    assert loaded is not None and loaded.loader is not None
    module = importlib.util.module_from_spec(loaded)
    loaded.loader.exec_module(module)
    return module


m = _migration()

PERSON = "A unidade atende 40 mil pessoas. Atenção: o estoque acaba em março."
GUIDANCE = "Descreva os postos, a jornada e a produtividade adotada."
# What the offline drafter wrote before 0006 (offline.py and engine.ensure_ai_notice at that time).
OLD_OFFLINE = "\n\n".join(
    [
        m.OLD_OFFLINE_NOTICE,
        "O valor total estimado da contratação é de **R$ 500.000,00**.",
        m.OLD_WARNING,
        "_Fundamentação: art. 18, §1º, inciso VI, da Lei 14.133/2021 e art. 23 da Lei 14.133/2021._",
        f"> **Orientação do modelo (Serviços) para completar esta seção**\n>\n> {GUIDANCE}",
        f"{m.OLD_INSTRUCTIONS_HEAD}\n\n> Destaque a economia.\n>\n> Seja breve.",
        m.OLD_AI_NOTICE_LINE,
    ]
)
NEW_OFFLINE_CONTENT = (
    "O valor total estimado da contratação é de **R$ 500.000,00**.\n\n"
    "_Fundamentação: art. 18, §1º, inciso VI, da Lei 14.133/2021 e art. 23 da Lei 14.133/2021._"
)
NEW_OFFLINE_NOTES = [
    {"kind": "note", "text": m.NEW_OFFLINE_NOTICE},
    {"kind": "warning", "text": m.NEW_WARNING},
    {"kind": "guidance", "text": f"Orientação do modelo (Serviços) para completar esta seção: {GUIDANCE}"},
    {"kind": "note", "text": f"{m.NEW_INSTRUCTIONS_HEAD}\nDestaque a economia.\n\nSeja breve."},
]


def test_split_takes_exactly_the_scaffolding():
    content, notes, offline = m.split_scaffolding(OLD_OFFLINE)
    assert (content, notes, offline) == (NEW_OFFLINE_CONTENT, NEW_OFFLINE_NOTES, True)
    # a person's words are never touched, even when they look alike
    assert m.split_scaffolding(PERSON) == (PERSON, [], False)
    quoted = f"{m.OLD_OFFLINE_NOTICE} foi a linha que o sistema escrevia."
    assert m.split_scaffolding(quoted) == (quoted, [], False)
    ai = "Texto de IA.\n\n" + m.OLD_AI_NOTICE_LINE
    assert m.split_scaffolding(ai) == ("Texto de IA.", [], False)


def test_join_puts_the_notes_back_in_the_old_places():
    again = m.join_scaffolding(NEW_OFFLINE_CONTENT, NEW_OFFLINE_NOTES, ai_notice=True)
    assert m.split_scaffolding(again) == (NEW_OFFLINE_CONTENT, NEW_OFFLINE_NOTES, True)
    assert m.join_scaffolding(PERSON, None, ai_notice=False) == PERSON


@pytest.fixture(scope="module")
def db_url(infra):
    from etp_app.devservices import drop_database, ensure_database

    name = f"etp_test_prov_{uuid.uuid4().hex[:8]}"
    url = ensure_database(infra["admin_url"], name, recreate=True)
    yield url.replace("postgresql://", "postgresql+psycopg2://", 1)
    drop_database(infra["admin_url"], name)


@pytest.fixture(scope="module")
def migr_app(db_url, app, app_config):
    from etp_app import create_app
    from etp_app.extensions import db

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DATABASE_URL", db_url)
        application = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": db_url}, env_name="testing")
    yield application
    with application.app_context():
        db.engine.dispose()
    if app.extensions.get("celery") is not None:  # Celery's default app is process-wide
        app.extensions["celery"].set_default()


def _db(migr_app, *args: str) -> None:
    result = migr_app.test_cli_runner().invoke(args=["db", *args])
    assert result.exit_code == 0, result.output + repr(result.exception)


def test_upgrade_moves_scaffolding_to_notes_and_sets_provenance(migr_app, db_url):
    _db(migr_app, "upgrade", "0005_approval")
    engine = create_engine(db_url)
    org, etp = uuid.uuid4(), uuid.uuid4()
    rows = {  # inciso: (content, status, ai_generated, suggestion)
        1: (PERSON, "edited", False, None),
        2: ("Texto de IA.\n\n" + m.OLD_AI_NOTICE_LINE, "drafted", True, None),
        3: ("Era IA, uma pessoa reescreveu.\n\n" + m.OLD_AI_NOTICE_LINE, "edited", True, OLD_OFFLINE),
        6: (OLD_OFFLINE, "drafted", True, None),
        7: ("", "empty", False, None),
    }
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO organizations (id, name, domain) VALUES (:id, 'Prefeitura', :domain)"),
            {"id": org, "domain": f"p{org.hex[:8]}.gov.br"},
        )
        conn.execute(
            text(
                "INSERT INTO etps (id, organization_id, title, objeto, template_type, status) "
                "VALUES (:id, :org, 'ETP', 'Objeto', 'servicos', 'draft')"
            ),
            {"id": etp, "org": org},
        )
        for inciso, (content, status, ai, suggestion) in rows.items():
            conn.execute(
                text(
                    "INSERT INTO sections (id, etp_id, inciso, content, status, ai_generated, suggestion, "
                    "version, updated_at) VALUES (:id, :etp, :inciso, :content, :status, :ai, :suggestion, 1, now())"
                ),
                {
                    "id": uuid.uuid4(),
                    "etp": etp,
                    "inciso": inciso,
                    "content": content,
                    "status": status,
                    "ai": ai,
                    "suggestion": suggestion,
                },
            )
    _db(migr_app, "upgrade", "0006_provenance")

    def read():
        with engine.connect() as conn:
            return {
                r.inciso: r
                for r in conn.execute(
                    text(
                        "SELECT inciso, content, ai_generated, provenance, drafting_notes, suggestion, "
                        "suggestion_provenance, suggestion_notes FROM sections WHERE etp_id = :etp"
                    ),
                    {"etp": etp},
                )
            }

    after = read()
    assert (after[1].content, after[1].provenance, after[1].drafting_notes) == (PERSON, "human", None)
    assert (after[2].content, after[2].provenance, after[2].ai_generated) == ("Texto de IA.", "ai", True)
    # a person's edit made the text theirs: the AI flag goes with it
    assert (after[3].content, after[3].provenance, after[3].ai_generated) == (
        "Era IA, uma pessoa reescreveu.",
        "human",
        False,
    )
    assert (after[3].suggestion, after[3].suggestion_provenance, after[3].suggestion_notes) == (
        NEW_OFFLINE_CONTENT,
        "offline",
        NEW_OFFLINE_NOTES,
    )
    assert (after[6].content, after[6].provenance, after[6].drafting_notes) == (
        NEW_OFFLINE_CONTENT,
        "offline",
        NEW_OFFLINE_NOTES,
    )
    assert (after[7].content, after[7].provenance) == ("", None)

    # downgrade gives the old layout back (text never lost), and upgrading again is the same state
    _db(migr_app, "downgrade", "0005_approval")
    with engine.connect() as conn:
        old6 = conn.execute(text("SELECT content FROM sections WHERE etp_id = :etp AND inciso = 6"), {"etp": etp})
        restored = old6.scalar_one()
    assert m.split_scaffolding(restored) == (NEW_OFFLINE_CONTENT, NEW_OFFLINE_NOTES, True)
    _db(migr_app, "upgrade", "0006_provenance")
    again = read()
    assert again == after
    engine.dispose()
