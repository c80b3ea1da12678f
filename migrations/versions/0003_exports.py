"""Exports: records of exported documents (PDF, DOCX, JSON, XML); the bytes live in storage

Revision ID: 0003_exports
Revises: 0002_versions
Create Date: 2026-11-29 13:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0003_exports"
down_revision = "0002_versions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "exports",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("etp_id", sa.Uuid(), nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("format", sa.String(length=4), nullable=False),
        sa.Column("status", sa.String(length=8), server_default="pending", nullable=False),
        sa.Column("etp_version", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=300), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=True),
        sa.Column("content_type", sa.String(length=120), nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("ready_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("format IN ('pdf', 'docx', 'json', 'xml')", name=op.f("ck_exports_format_valid")),
        sa.CheckConstraint("status IN ('pending', 'ready', 'failed', 'expired')", name=op.f("ck_exports_status_valid")),
        sa.CheckConstraint("size >= 0", name=op.f("ck_exports_size_nonnegative")),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_exports_created_by_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["etp_id"], ["etps.id"], name=op.f("fk_exports_etp_id_etps"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], name=op.f("fk_exports_job_id_jobs"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_exports_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exports")),
    )
    with op.batch_alter_table("exports", schema=None) as batch_op:
        batch_op.create_index("ix_exports_etp_created", ["etp_id", "created_at"], unique=False)
        batch_op.create_index("ix_exports_org_created", ["organization_id", "created_at"], unique=False)
        batch_op.create_index("ix_exports_status_expires", ["status", "expires_at"], unique=False)
        batch_op.create_index("uq_exports_job", ["job_id"], unique=True)


def downgrade():
    with op.batch_alter_table("exports", schema=None) as batch_op:
        batch_op.drop_index("uq_exports_job")
        batch_op.drop_index("ix_exports_status_expires")
        batch_op.drop_index("ix_exports_org_created")
        batch_op.drop_index("ix_exports_etp_created")

    op.drop_table("exports")
