"""requests: the fingerprint of the request that created a job, for Idempotency-Key reuse

A repeated POST with the same ``Idempotency-Key`` returns the job of the first request only when it
is the same request (route, target and body); ``jobs.request_fingerprint`` is the SHA-256 of those,
compared on replay. Jobs created before this revision keep NULL: their replay falls back to the
comparison of kind and target the API made before (the body they were made from is not stored, so
no fingerprint can be computed for them).

Revision ID: 0008_requests
Revises: 0007_value_model
Create Date: 2026-12-01 23:45:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0008_requests"
down_revision = "0007_value_model"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("jobs", sa.Column("request_fingerprint", sa.String(length=64), nullable=True))


def downgrade():
    # Lossy only in what cannot be kept without the column: the fingerprints themselves (keys then
    # replay on kind and target alone, as before this revision). No user text lives in it.
    op.drop_column("jobs", "request_fingerprint")
