"""the mail outbox

Every e-mail the worker handles leaves a row in ``mail_outbox``. Without SMTP (development, tests, a
deployment whose mail is not configured yet) the row is the mail: subject, plain-text body and the
main link, readable through ``GET /api/v1/dev/outbox`` in development and testing. Sent through SMTP,
only the metadata is kept (no body, no link: a link carries a token).

Revision ID: 0013_mail_outbox
Revises: 0012_login_throttle
Create Date: 2026-12-02 13:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0013_mail_outbox"
down_revision = "0012_login_throttle"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "mail_outbox",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("to_email", sa.String(length=320), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=True),
        sa.Column("link", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("delivered_via", sa.String(length=10), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.String(length=200), nullable=True),
        sa.CheckConstraint("delivered_via IN ('smtp', 'outbox')", name=op.f("ck_mail_outbox_delivered_via_valid")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_outbox")),
    )
    op.create_index("ix_mail_outbox_created_at", "mail_outbox", ["created_at"], unique=False)
    op.create_index("ix_mail_outbox_to_email_created_at", "mail_outbox", ["to_email", "created_at"], unique=False)


def downgrade():
    op.drop_index("ix_mail_outbox_to_email_created_at", table_name="mail_outbox")
    op.drop_index("ix_mail_outbox_created_at", table_name="mail_outbox")
    op.drop_table("mail_outbox")
