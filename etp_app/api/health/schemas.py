"""Response schemas of the operations routes (health, readiness, metrics)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

CHECK_STATUSES = ("up", "down", "unknown")


class DependencyCheckSchema(Schema):
    status = fields.String(
        required=True,
        validate=validate.OneOf(CHECK_STATUSES),
        metadata={"description": "up, down, or unknown when it could not be checked"},
    )
    latency_ms = fields.Float(allow_none=True, metadata={"description": "Round trip of the probe, in ms"})
    error = fields.String(metadata={"description": "Why the check failed (no internal details)"})


class WorkersCheckSchema(Schema):
    status = fields.String(
        required=True,
        validate=validate.OneOf(CHECK_STATUSES),
        metadata={
            "description": "up when at least one Celery worker answers a ping, "
            "down when none does, unknown when not checked"
        },
    )
    count = fields.Integer(allow_none=True, metadata={"description": "Workers answering (cached ~10 s)"})


class HealthSchema(Schema):
    status = fields.String(
        required=True,
        validate=validate.OneOf(("healthy", "degraded", "unhealthy")),
        metadata={
            "description": "healthy; degraded while Redis is down (CRUD still "
            "served); unhealthy (503) when PostgreSQL is down"
        },
    )
    timestamp = fields.DateTime(required=True)
    uptime = fields.Float(required=True, metadata={"description": "Seconds since this process started"})
    version = fields.String(required=True)
    database = fields.Nested(DependencyCheckSchema, required=True)
    redis = fields.Nested(DependencyCheckSchema, required=True)
    workers = fields.Nested(WorkersCheckSchema, required=True)
    mail = fields.String(
        required=True,
        validate=validate.OneOf(("smtp", "outbox")),
        metadata={
            "description": "smtp: e-mail is sent through SMTP_HOST; outbox: SMTP is not configured, "
            "e-mails stay in the mail_outbox table (not sent) — not a failure of health"
        },
    )


class LiveSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(("alive",)))


class MigrationCheckSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(CHECK_STATUSES))
    current = fields.List(
        fields.String(),
        allow_none=True,
        metadata={"description": "Revisions recorded in the database's alembic_version"},
    )
    head = fields.List(fields.String(), required=True, metadata={"description": "Head revision(s) on disk"})
    error = fields.String()


class ReadyChecksSchema(Schema):
    database = fields.Nested(DependencyCheckSchema, required=True)
    redis = fields.Nested(DependencyCheckSchema, required=True)
    migrations = fields.Nested(MigrationCheckSchema, required=True)


class ReadySchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(("ready", "not_ready")))
    timestamp = fields.DateTime(required=True)
    checks = fields.Nested(ReadyChecksSchema, required=True)
    failed = fields.List(
        fields.String(), required=True, metadata={"description": "Names of the checks that failed (empty when ready)"}
    )


class ProcessMetricsSchema(Schema):
    pid = fields.Integer(required=True)
    memory_rss_bytes = fields.Integer(required=True)
    memory_vms_bytes = fields.Integer(required=True)
    threads = fields.Integer(required=True)
    open_fds = fields.Integer(allow_none=True)
    cpu_seconds = fields.Float(required=True, metadata={"description": "User + system CPU time"})


class PoolMetricsSchema(Schema):
    class_ = fields.String(data_key="class", attribute="class", required=True)
    size = fields.Integer(allow_none=True)
    checked_in = fields.Integer(allow_none=True)
    checked_out = fields.Integer(allow_none=True)
    overflow = fields.Integer(allow_none=True)


class DatabaseMetricsSchema(DependencyCheckSchema):
    pool = fields.Nested(PoolMetricsSchema, required=True)


class JobMetricsSchema(Schema):
    by_state = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    by_kind = fields.Dict(
        keys=fields.String(), values=fields.Dict(keys=fields.String(), values=fields.Integer()), required=True
    )
    total = fields.Integer(required=True)


class BackupMetricsSchema(Schema):
    last_success_at = fields.DateTime(allow_none=True, metadata={"description": "Newest good backup"})
    last_success_age_seconds = fields.Float(allow_none=True)
    last_success_size_bytes = fields.Integer(allow_none=True)
    last_status = fields.String(allow_none=True, metadata={"description": "Status of the newest backup"})
    last_restore_check_at = fields.DateTime(allow_none=True)
    last_restore_check_ok = fields.Boolean(allow_none=True)


class MetricsSchema(Schema):
    timestamp = fields.DateTime(required=True)
    version = fields.String(required=True)
    uptime = fields.Float(required=True, metadata={"description": "Seconds since this process started"})
    started_at = fields.DateTime(required=True)
    process = fields.Nested(ProcessMetricsSchema, required=True)
    database = fields.Nested(DatabaseMetricsSchema, required=True)
    redis = fields.Nested(DependencyCheckSchema, required=True)
    jobs = fields.Nested(
        JobMetricsSchema,
        allow_none=True,
        required=True,
        metadata={"description": "Jobs in the ledger; null while the database is down"},
    )
    backups = fields.Nested(
        BackupMetricsSchema,
        allow_none=True,
        required=True,
        metadata={"description": "The last good backup; null while the database is down"},
    )
    queues = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(allow_none=True),
        required=True,
        metadata={"description": "Messages waiting per Celery queue (null when unknown)"},
    )
    workers = fields.Nested(WorkersCheckSchema, required=True)
