"""login throttling per (account, address) and per address

Replaces the account lockout (``users.failed_logins``, ``first_failed_at``, ``locked_until``: five
failures from anywhere locked the owner out) with the counters of ``login_throttles``
(services/login_throttle.py): failures per (e-mail, address) and per address slow that pair or that
address down with growing delays, per e-mail they only mail the owner. The old lockout state is
dropped: an account locked at upgrade time is unlocked.

Revision ID: 0012_login_throttle
Revises: 0011_joining
Create Date: 2026-12-02 13:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012_login_throttle"
down_revision = "0011_joining"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "login_throttles",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("failures", sa.Integer(), server_default="0", nullable=False),
        sa.Column("window_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "kind IN ('account_address', 'address', 'account')", name=op.f("ck_login_throttles_kind_valid")
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttles")),
    )
    op.drop_column("users", "locked_until")
    op.drop_column("users", "first_failed_at")
    op.drop_column("users", "failed_logins")


def downgrade():
    # The counters go (the older code locks accounts from its own columns, which start clean).
    op.add_column("users", sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False))
    op.add_column("users", sa.Column("first_failed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("users", sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
    op.drop_table("login_throttles")
