"""The drafting write statements and the snapshot's: SQLAlchemy treats an execution parameter named
like a column of a table the statement writes as one more column to SET, so none of theirs may be."""

from __future__ import annotations

import pytest
from sqlalchemy.dialects import postgresql

from etp_app.models import AuditLog, Etp, EtpVersion, Job, Section
from etp_app.services import drafting_sql, snapshots

WRITTEN_COLUMNS = {
    c.name
    for table in (Section.__table__, Etp.__table__, Job.__table__, AuditLog.__table__, EtpVersion.__table__)
    for c in table.c
}


@pytest.mark.parametrize("variant", sorted(drafting_sql._STORE))
def test_store_statement_parameters_name_no_written_column(variant):
    compiled = drafting_sql._STORE[variant].compile(dialect=postgresql.psycopg2.dialect())
    assert not set(compiled.params) & WRITTEN_COLUMNS
    sql = str(compiled)
    assert sql.count("UPDATE sections SET") == 1 and sql.count("UPDATE jobs SET") == 1
    assert "etp_id=" not in sql.split("INSERT INTO audit_log")[0]  # no section or job changes its ETP
    assert ("UPDATE etps SET" in sql) == (variant == "content")  # counters move only when the text does


@pytest.mark.parametrize("with_snapshot", [False, True])
def test_request_write_parameters_name_no_written_column(with_snapshot):
    stmt = drafting_sql._REQUEST_WRITE_WITH_SNAPSHOT if with_snapshot else drafting_sql._REQUEST_WRITE
    compiled = stmt.compile(dialect=postgresql.psycopg2.dialect())
    assert not set(compiled.params) & WRITTEN_COLUMNS
    sql = str(compiled)
    assert "INSERT INTO jobs" in sql and "UPDATE sections SET status=" in sql
    assert sql.count("INSERT INTO audit_log") == (2 if with_snapshot else 1)  # the version's audit row too
    assert ("INSERT INTO etp_versions" in sql) == with_snapshot


@pytest.mark.parametrize("name", ["_TAKE_SNAPSHOT", "_NEWEST_WITH_AUTHOR", "_COALESCE"])
def test_snapshot_statement_parameters_name_no_written_column(name):
    compiled = getattr(snapshots, name).compile(dialect=postgresql.psycopg2.dialect())
    assert not set(compiled.params) & WRITTEN_COLUMNS
