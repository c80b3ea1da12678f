"""Schemas of the system administrators' routes (backups)."""

from __future__ import annotations

from marshmallow import Schema, fields

from etp_app.models.backup import BACKUP_STATUSES, BACKUP_TRIGGERS


class BackupSchema(Schema):
    id = fields.UUID(dump_only=True)
    status = fields.String(metadata={"enum": list(BACKUP_STATUSES)})
    trigger = fields.String(metadata={"enum": list(BACKUP_TRIGGERS), "description": "schedule (beat), api or cli"})
    file_name = fields.String()
    available = fields.Boolean(
        attribute="is_available", metadata={"description": "Good backup whose file retention has not removed"}
    )
    size_bytes = fields.Integer(allow_none=True)
    sha256 = fields.String(allow_none=True)
    duration_seconds = fields.Float(allow_none=True)
    pg_dump_version = fields.String(allow_none=True)
    server_version = fields.String(allow_none=True)
    tables = fields.Method("_tables", metadata={"description": "Tables in the dump"})
    rows = fields.Method("_rows", metadata={"description": "Rows in the dump (counted on its snapshot)"})
    table_counts = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        allow_none=True,
        metadata={"description": "Row count of every table at dump time"},
    )
    toc_entries = fields.Integer(allow_none=True, metadata={"description": "Entries read by pg_restore --list"})
    error = fields.String(allow_none=True, metadata={"description": "Why it failed (no internal details)"})
    job_id = fields.UUID(allow_none=True)
    started_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)
    verified_at = fields.DateTime(allow_none=True)
    restore_checked_at = fields.DateTime(allow_none=True)
    restore_check = fields.Dict(
        allow_none=True,
        metadata={"description": "Last full restore into a scratch database: ok, tables, rows, mismatches"},
    )
    deleted_at = fields.DateTime(allow_none=True, metadata={"description": "File removed by retention"})

    def _tables(self, backup):
        return len(backup.table_counts or {}) if backup.table_counts is not None else None

    def _rows(self, backup):
        return sum(int(v) for v in backup.table_counts.values()) if backup.table_counts is not None else None
