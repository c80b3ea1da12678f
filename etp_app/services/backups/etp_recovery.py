"""One ETP back from a backup (``flask backup recover-etp <id> --from <backup>``): the scenario of an
accidental deletion whose trash period is over, recovered without touching anything else.

The backup (``pg_dump`` custom format) is restored into a scratch database on the app's server; the
ETP's row, its sections and its versions are read there as JSON and written into the live database in
one transaction, through ``json_populate_record(set)`` of the live tables (so every type round-trips
as PostgreSQL reads it, and only the columns both schemas share are copied; generated columns are
recomputed). References to people who no longer exist become NULL (as ON DELETE SET NULL would have
made them); the ETP's organization must exist. Refused when the ETP exists live and is not in the
trash; an ETP in the trash is replaced by the backup's copy. The scratch database is always dropped.
Exports are not recovered: their files follow their own retention. The recovery is audited
(``etp.recover``, no actor: an operator's command).
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

import psycopg2
from sqlalchemy import text
from sqlalchemy.engine import make_url

from etp_app.extensions import db
from etp_app.models import Etp, EtpVersion, Section
from etp_app.services import audit
from etp_app.services.backups.core import SCRATCH_PREFIX, BackupError, _admin_url, _now, backup_settings
from etp_app.services.backups.databases import _create_database, _drop_database, _pg_restore
from etp_app.services.backups.files import sha256_of
from etp_app.services.backups.recovery import plan_restore
from etp_app.services.backups.tools import tools_for_engine

STAGE = "recover_etp"
# The tables copied, parent first, and the column that ties each to the ETP.
TABLES = ((Etp.__table__, "id"), (Section.__table__, "etp_id"), (EtpVersion.__table__, "etp_id"))


@dataclass(frozen=True)
class RecoveredEtp:
    etp_id: uuid.UUID
    title: str
    organization_id: uuid.UUID
    sections: int
    versions: int
    replaced_trashed: bool
    backup_file: str
    duration_seconds: float


def _user_columns(table) -> list[str]:
    return [c.name for c in table.columns if any(fk.column.table.name == "users" for fk in c.foreign_keys)]


def _columns(conn: Any, table: str) -> set[str]:
    """The table's insertable columns (generated ones excluded) in a database, by a DB-API connection."""
    with conn.cursor() as cur:
        cur.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = %s"
            " AND is_generated = 'NEVER'",
            (table,),
        )
        return {r[0] for r in cur.fetchall()}


def _read_scratch(url: str, etp_id: uuid.UUID) -> dict[str, tuple[set[str], list[dict[str, Any]]]]:
    conn = psycopg2.connect(url.replace("postgresql+psycopg2://", "postgresql://", 1), connect_timeout=10)
    try:
        out: dict[str, tuple[set[str], list[dict[str, Any]]]] = {}
        with conn.cursor() as cur:
            for table, key in TABLES:
                cols = _columns(conn, table.name)
                if not cols:
                    raise BackupError(f"o backup não tem a tabela {table.name}", stage=STAGE)
                cur.execute(
                    f"SELECT row_to_json(t) FROM {table.name} t WHERE t.{key} = %s",  # noqa: S608 - fixed names
                    (str(etp_id),),
                )
                out[table.name] = (cols, [r[0] for r in cur.fetchall()])
        return out
    finally:
        conn.close()


def recover_etp(etp_id: uuid.UUID, backup: str) -> RecoveredEtp:
    """Bring the ETP ``etp_id`` (with its sections and versions) back from ``backup`` (an id, a file
    name in BACKUP_DIR or a path) into the live database. Raises BackupError with the reason."""
    clock = time.monotonic()
    settings = backup_settings()
    admin_url = _admin_url(settings)
    scratch = f"{SCRATCH_PREFIX}etp_{_now():%Y%m%d%H%M%S}_{uuid.uuid4().hex[:6]}"
    plan = plan_restore(backup, scratch)
    if not plan.path.is_file():
        raise BackupError(f"arquivo não encontrado: {plan.path}", stage=STAGE)
    meta = plan.metadata or {}
    if meta.get("sha256") and sha256_of(plan.path) != meta["sha256"]:
        raise BackupError(f"SHA-256 de {plan.path.name} não confere com o registro do backup", stage=STAGE)
    _refuse_if_live(etp_id)  # before minutes of restoring: the common refusal answers at once
    tools = tools_for_engine(settings=settings)
    db.session.rollback()  # no transaction stays open during the restore
    _create_database(admin_url, scratch)
    try:
        scratch_url = make_url(admin_url).set(database=scratch).render_as_string(hide_password=False)
        _pg_restore(tools, plan.path, scratch_url, scratch, settings, STAGE)
        found = _read_scratch(scratch_url, etp_id)
    finally:
        _drop_database(admin_url, scratch)
    if not found[Etp.__table__.name][1]:
        raise BackupError(f"o ETP {etp_id} não está no backup {plan.path.name}", stage=STAGE)
    try:
        result = _write(etp_id, found, plan.path.name)
    except BaseException:
        db.session.rollback()  # nothing of it stays: one transaction
        raise
    return RecoveredEtp(**result, backup_file=plan.path.name, duration_seconds=round(time.monotonic() - clock, 3))


def _refuse_if_live(etp_id: uuid.UUID) -> None:
    deleted_at = db.session.execute(text("SELECT deleted_at, true FROM etps WHERE id = :id"), {"id": etp_id}).first()
    db.session.rollback()
    if deleted_at is not None and deleted_at[0] is None:
        raise BackupError(f"o ETP {etp_id} existe no banco e não está na lixeira: nada foi alterado", stage=STAGE)


def _write(etp_id: uuid.UUID, found: dict[str, tuple[set[str], list[dict[str, Any]]]], file_name: str) -> dict:
    """The copy, in one transaction of the live database (the ETP row locked first)."""
    session = db.session
    conn = session.connection()
    live = conn.connection.dbapi_connection
    existing = session.execute(text("SELECT deleted_at FROM etps WHERE id = :id FOR UPDATE"), {"id": etp_id}).first()
    if existing is not None and existing[0] is None:
        raise BackupError(f"o ETP {etp_id} existe no banco e não está na lixeira: nada foi alterado", stage=STAGE)
    etp_row = found[Etp.__table__.name][1][0]
    org = session.execute(text("SELECT 1 FROM organizations WHERE id = :id"), {"id": etp_row["organization_id"]})
    if org.first() is None:
        raise BackupError(
            f"a organização {etp_row['organization_id']} do ETP não existe mais no banco: nada foi alterado",
            stage=STAGE,
        )
    if existing is not None:  # in the trash: the backup's copy replaces it (its rows go with it)
        session.execute(text("DELETE FROM etps WHERE id = :id"), {"id": etp_id})
    user_ids = {
        str(v)
        for table, _key in TABLES
        for row in found[table.name][1]
        for col in _user_columns(table)
        if (v := row.get(col))
    }
    present = set()
    if user_ids:
        present = {
            str(r[0])
            for r in session.execute(
                text("SELECT id FROM users WHERE id = ANY(CAST(:ids AS uuid[]))"), {"ids": sorted(user_ids)}
            )
        }
    counts: dict[str, int] = {}
    for table, _key in TABLES:
        backup_cols, rows = found[table.name]
        cols = sorted(backup_cols & _columns(live, table.name))
        for row in rows:
            for col in _user_columns(table):
                if row.get(col) and str(row[col]) not in present:
                    row[col] = None
            if table is Etp.__table__:
                row["deleted_at"] = row["deleted_by"] = None  # it comes back live
        if rows:
            col_list = ", ".join(f'"{c}"' for c in cols)
            session.execute(
                text(
                    f"INSERT INTO {table.name} ({col_list}) SELECT {col_list} "  # noqa: S608 - fixed names
                    f"FROM json_populate_recordset(NULL::{table.name}, CAST(:rows AS json))"
                ),
                {"rows": json.dumps(rows)},
            )
        counts[table.name] = len(rows)
    audit.record(
        "etp.recover",
        organization_id=uuid.UUID(str(etp_row["organization_id"])),
        actor_id=None,
        target_type="etp",
        target_id=etp_id,
        etp_id=etp_id,
        after={
            "backup": file_name,
            "sections": counts[Section.__table__.name],
            "versions": counts[EtpVersion.__table__.name],
            "replaced_trashed": existing is not None,
        },
    )
    session.commit()
    return {
        "etp_id": etp_id,
        "title": etp_row["title"],
        "organization_id": uuid.UUID(str(etp_row["organization_id"])),
        "sections": counts[Section.__table__.name],
        "versions": counts[EtpVersion.__table__.name],
        "replaced_trashed": existing is not None,
    }
