"""job leases

A running job holds a lease on its row: the worker running it (``worker``) renews
``lease_expires_at`` every few seconds (``heartbeat_at`` is the last beat). The sweep
(workers.tasks.maintenance) re-publishes ``running`` jobs whose lease expired and fails those
without attempts left; the partial index serves its scan of non-terminal jobs.

Revision ID: 0015_job_leases
Revises: 0014_invitations
Create Date: 2026-12-03 16:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0015_job_leases"
down_revision = "0014_invitations"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("jobs", sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("jobs", sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("jobs", sa.Column("worker", sa.Text(), nullable=True))
    op.create_index(
        "ix_jobs_sweep",
        "jobs",
        ["state", "lease_expires_at"],
        postgresql_where=sa.text("state IN ('queued', 'running')"),
    )


def downgrade():
    op.drop_index("ix_jobs_sweep", table_name="jobs")
    op.drop_column("jobs", "worker")
    op.drop_column("jobs", "heartbeat_at")
    op.drop_column("jobs", "lease_expires_at")
