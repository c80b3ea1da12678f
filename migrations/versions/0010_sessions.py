"""auth sessions: refresh-token families and per-user token cut-offs

PostgreSQL becomes the source of truth of token revocation (Redis only caches it):
``users.tokens_valid_after`` / ``users.access_tokens_valid_after`` revoke every token (or every access
token) issued at or before them, and ``auth_sessions`` holds one row per login (the ``sid`` claim of
its tokens) with the only refresh token of the family that may still be used. Tokens issued before
this revision carry no ``sid`` and are refused: everyone logs in again once.

Revision ID: 0010_sessions
Revises: 0009_version_scope
Create Date: 2026-12-02 13:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010_sessions"
down_revision = "0009_version_scope"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("tokens_valid_after", sa.DateTime(timezone=True), nullable=True))
    op.add_column("users", sa.Column("access_tokens_valid_after", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "auth_sessions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_reason", sa.String(length=40), nullable=True),
        sa.Column("current_jti", sa.String(length=64), nullable=False),
        sa.Column("previous_jti", sa.String(length=64), nullable=True),
        sa.Column("rotated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("user_agent", sa.String(length=300), nullable=True),
        sa.Column("ip_address", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_auth_sessions_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_sessions")),
    )
    op.create_index("ix_auth_sessions_user_id_created_at", "auth_sessions", ["user_id", "created_at"])
    op.create_index("ix_auth_sessions_expires_at", "auth_sessions", ["expires_at"])


def downgrade():
    # Lossless for the data that predates this revision; the sessions and cut-offs go (the older
    # code revokes through Redis only and would not read them).
    op.drop_index("ix_auth_sessions_expires_at", table_name="auth_sessions")
    op.drop_index("ix_auth_sessions_user_id_created_at", table_name="auth_sessions")
    op.drop_table("auth_sessions")
    op.drop_column("users", "access_tokens_valid_after")
    op.drop_column("users", "tokens_valid_after")
