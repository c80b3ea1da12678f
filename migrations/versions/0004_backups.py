"""backups: one row per pg_dump, with its checksum, row counts and restore check

Revision ID: 0004_backups
Revises: 0003_exports
Create Date: 2026-11-29 15:00:00.000000

"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "0004_backups"
down_revision = "0003_exports"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "backups",
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("trigger", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), server_default="running", nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("duration_seconds", sa.Float(), nullable=True),
        sa.Column("pg_dump_version", sa.String(length=100), nullable=True),
        sa.Column("server_version", sa.String(length=100), nullable=True),
        sa.Column("table_counts", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("toc_entries", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("restore_checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("restore_check", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("status IN ('running', 'succeeded', 'failed')", name=op.f("ck_backups_status_valid")),
        sa.CheckConstraint("trigger IN ('schedule', 'api', 'cli')", name=op.f("ck_backups_trigger_valid")),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_backups_created_by_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], name=op.f("fk_backups_job_id_jobs"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_backups")),
    )
    with op.batch_alter_table("backups", schema=None) as batch_op:
        batch_op.create_index("ix_backups_started_at", ["started_at"], unique=False)
        batch_op.create_index("ix_backups_status", ["status"], unique=False)


def downgrade():
    with op.batch_alter_table("backups", schema=None) as batch_op:
        batch_op.drop_index("ix_backups_status")
        batch_op.drop_index("ix_backups_started_at")

    op.drop_table("backups")
