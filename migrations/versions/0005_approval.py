"""approval: section reviews, acknowledged findings, approver and statement, planning team, organization approval policy

Revision ID: 0005_approval
Revises: 0004_backups
Create Date: 2026-12-01 23:45:00.000000

Adds columns only; no stored text is rewritten. Existing rows get: no review on any section (a
person must review each filled section before the next approval), no acknowledgement, an empty
planning team and no approving authority, no approval record (an ETP approved before this migration
keeps its status; its approver is in the audit trail), organizations with separation of duties on
and org admins as approvers (the rule the API had), users without the autoridade competente mark.

Downgrade drops the columns: the reviews, acknowledgements, approval records (approver, date,
statement), planning teams, approving authorities and approval policies are lost — unavoidably, the
old schema has nowhere to keep them; the audit trail still holds the review, acknowledgement and
approval acts. Section texts and every other column are untouched.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "0005_approval"
down_revision = "0004_backups"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("sections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reviewed_by", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("reviewed_by_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("acknowledgements", postgresql.JSONB(astext_type=sa.Text()), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_sections_reviewed_by_users"), "users", ["reviewed_by"], ["id"], ondelete="SET NULL"
        )
    with op.batch_alter_table("etps", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "equipe_planejamento",
                postgresql.JSONB(astext_type=sa.Text()),
                server_default="[]",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("autoridade_nome", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("autoridade_cargo", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("approved_by", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("approved_by_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("approval_statement", sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_etps_approved_by_users"), "users", ["approved_by"], ["id"], ondelete="SET NULL"
        )
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("separation_of_duties", sa.Boolean(), server_default="true", nullable=False))
        batch_op.add_column(sa.Column("approvers", sa.String(length=30), server_default="org_admin", nullable=False))
        batch_op.create_check_constraint(
            batch_op.f("ck_organizations_approvers_valid"),
            "approvers IN ('org_admin', 'member', 'autoridade_competente')",
        )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("autoridade_competente", sa.Boolean(), server_default="false", nullable=False))


def downgrade():
    # Lossy by necessity (see the module docstring): the approval data has no column to go back to.
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("autoridade_competente")
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_organizations_approvers_valid"), type_="check")
        batch_op.drop_column("approvers")
        batch_op.drop_column("separation_of_duties")
    with op.batch_alter_table("etps", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_etps_approved_by_users"), type_="foreignkey")
        batch_op.drop_column("approval_statement")
        batch_op.drop_column("approved_at")
        batch_op.drop_column("approved_by_name")
        batch_op.drop_column("approved_by")
        batch_op.drop_column("autoridade_cargo")
        batch_op.drop_column("autoridade_nome")
        batch_op.drop_column("equipe_planejamento")
    with op.batch_alter_table("sections", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_sections_reviewed_by_users"), type_="foreignkey")
        batch_op.drop_column("acknowledgements")
        batch_op.drop_column("reviewed_at")
        batch_op.drop_column("reviewed_by_name")
        batch_op.drop_column("reviewed_by")
