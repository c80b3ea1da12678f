"""the trash of ETPs

Deleting an ETP moves it to its organization's trash (``deleted_at``, ``deleted_by``): it leaves every
read, keeps its sections, versions and exports, can be restored by an org admin and is purged (deleted
for good) after ``TRASH_RETENTION_DAYS``. The partial index serves the trash listing and beat's purge.

Revision ID: 0016_etp_trash
Revises: 0015_job_leases
Create Date: 2026-12-03 16:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0016_etp_trash"
down_revision = "0015_job_leases"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("etps", sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("etps", sa.Column("deleted_by", sa.Uuid(), nullable=True))
    op.create_foreign_key(
        op.f("fk_etps_deleted_by_users"), "etps", "users", ["deleted_by"], ["id"], ondelete="SET NULL"
    )
    op.create_index(
        "ix_etps_trash",
        "etps",
        ["organization_id", "deleted_at"],
        postgresql_where=sa.text("deleted_at IS NOT NULL"),
    )


def downgrade():
    op.drop_index("ix_etps_trash", table_name="etps")
    op.drop_constraint(op.f("fk_etps_deleted_by_users"), "etps", type_="foreignkey")
    op.drop_column("etps", "deleted_by")
    op.drop_column("etps", "deleted_at")
