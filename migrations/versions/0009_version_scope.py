"""version scope: what part of the ETP a version records, and when it was last updated in place

A person's saves of one section (or of the ETP's facts) coalesce into one version per session of
typing: ``scope`` names the section code (I…XIII) or ``fields``, ``updated_at`` moves with each save
the version takes in place. Existing versions are whole-ETP versions (scope NULL) whose last update is
their creation.

Revision ID: 0009_version_scope
Revises: 0008_requests
Create Date: 2026-12-01 23:55:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009_version_scope"
down_revision = "0008_requests"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("etp_versions", sa.Column("scope", sa.String(length=10), nullable=True))
    op.add_column(
        "etp_versions",
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True),
    )
    op.execute("UPDATE etp_versions SET updated_at = created_at")
    op.alter_column("etp_versions", "updated_at", nullable=False)


def downgrade():
    # Lossless for the snapshots: a coalesced version keeps its latest state; only the metadata of
    # the coalescing (scope, last update time) goes, which nothing below this revision reads.
    op.drop_column("etp_versions", "updated_at")
    op.drop_column("etp_versions", "scope")
