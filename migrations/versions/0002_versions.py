"""ETP versions: numbered JSONB snapshots of an ETP and its 13 sections

Revision ID: 0002_versions
Revises: 0001_initial
Create Date: 2026-11-29 12:00:00.000000

"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "0002_versions"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "etp_versions",
        sa.Column("etp_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=True),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("snapshot", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_etp_versions_created_by_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["etp_id"], ["etps.id"], name=op.f("fk_etp_versions_etp_id_etps"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_etp_versions")),
        sa.UniqueConstraint("etp_id", "number", name="uq_etp_versions_etp_number"),
    )


def downgrade():
    op.drop_table("etp_versions")
