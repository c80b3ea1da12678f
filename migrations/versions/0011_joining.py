"""joining an organization: verified e-mail, domains, invitations, join and organization requests

* ``users.email_verified_at``: NULL until the owner follows the verification link; every account
  that existed before this revision is backfilled as verified (at its creation time).
* ``users.organization_id`` becomes nullable: a verified account that has not joined an
  organization yet (it joins by invitation or an approved join request, never by its domain).
* ``organization_domains`` replaces ``organizations.domain`` (an organization may have several
  domains; each domain belongs to one organization). Existing domains are moved over.
* ``email_verification_tokens``: single-use, expiring, stored as SHA-256, tied to the password the
  registration set (registering again voids the earlier links).
* ``organization_requests``: a verified account without an organization asks the system
  administrators to create one.

Revision ID: 0011_joining
Revises: 0010_sessions
Create Date: 2026-12-02 13:00:00.000000

"""

import uuid

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "0011_joining"
down_revision = "0010_sessions"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("email_verified_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE users SET email_verified_at = created_at")
    op.alter_column("users", "organization_id", existing_type=sa.Uuid(), nullable=True)

    op.create_table(
        "organization_domains",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("domain", sa.String(length=253), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_organization_domains_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization_domains")),
        sa.UniqueConstraint("domain", name=op.f("uq_organization_domains_domain")),
    )
    op.create_index(
        op.f("ix_organization_domains_organization_id"), "organization_domains", ["organization_id"], unique=False
    )
    # The old column held lower-case ASCII domains taken from registrants' e-mails (already canonical
    # for every domain the old code could store: it lower-cased and never decoded xn-- labels).
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, lower(domain) FROM organizations WHERE domain IS NOT NULL")).all()
    for org_id, domain in rows:
        bind.execute(
            sa.text("INSERT INTO organization_domains (id, organization_id, domain) VALUES (:id, :org, :domain)"),
            {"id": uuid.uuid4(), "org": org_id, "domain": domain.rstrip(".")},
        )
    op.drop_constraint(op.f("uq_organizations_domain"), "organizations", type_="unique")
    op.drop_column("organizations", "domain")

    op.create_table(
        "email_verification_tokens",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("password_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_email_verification_tokens_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_verification_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_email_verification_tokens_token_hash")),
    )
    op.create_index(
        op.f("ix_email_verification_tokens_user_id"), "email_verification_tokens", ["user_id"], unique=False
    )

    op.create_table(
        "organization_requests",
        sa.Column("requester_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("domains", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), server_default="pending", nullable=False),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("organization_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'rejected')", name=op.f("ck_organization_requests_status_valid")
        ),
        sa.ForeignKeyConstraint(
            ["requester_id"],
            ["users.id"],
            name=op.f("fk_organization_requests_requester_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["users.id"], name=op.f("fk_organization_requests_decided_by_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_organization_requests_organization_id_organizations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization_requests")),
    )
    op.create_index(
        op.f("ix_organization_requests_requester_id"), "organization_requests", ["requester_id"], unique=False
    )
    op.create_index(
        "ix_organization_requests_status_created_at", "organization_requests", ["status", "created_at"], unique=False
    )
    op.create_index(
        "uq_organization_requests_pending_requester",
        "organization_requests",
        ["requester_id"],
        unique=True,
        postgresql_where=sa.text("status = 'pending'"),
    )


def downgrade():
    # Lossy where the old schema cannot hold it: the requests and verification tokens go; an
    # organization keeps one of its domains (the first registered); the verification state is
    # dropped (the old code had none). An account without an organization gets an organization of
    # its own, as the old code gave registrants of public webmail domains.
    op.drop_index("uq_organization_requests_pending_requester", table_name="organization_requests")
    op.drop_index("ix_organization_requests_status_created_at", table_name="organization_requests")
    op.drop_index(op.f("ix_organization_requests_requester_id"), table_name="organization_requests")
    op.drop_table("organization_requests")
    op.drop_index(op.f("ix_email_verification_tokens_user_id"), table_name="email_verification_tokens")
    op.drop_table("email_verification_tokens")

    op.add_column("organizations", sa.Column("domain", sa.String(length=253), nullable=True))
    op.execute(
        """
        UPDATE organizations o SET domain = d.domain
        FROM (SELECT DISTINCT ON (organization_id) organization_id, domain
              FROM organization_domains ORDER BY organization_id, created_at, domain) d
        WHERE d.organization_id = o.id
        """
    )
    op.create_unique_constraint(op.f("uq_organizations_domain"), "organizations", ["domain"])
    op.drop_index(op.f("ix_organization_domains_organization_id"), table_name="organization_domains")
    op.drop_table("organization_domains")

    bind = op.get_bind()
    orgless = bind.execute(sa.text("SELECT id, name FROM users WHERE organization_id IS NULL")).all()
    for user_id, name in orgless:
        org_id = uuid.uuid4()
        bind.execute(
            sa.text("INSERT INTO organizations (id, name) VALUES (:id, :name)"),
            {"id": org_id, "name": f"Organização de {name}"[:200]},
        )
        bind.execute(sa.text("UPDATE users SET organization_id = :org WHERE id = :id"), {"org": org_id, "id": user_id})
    op.alter_column("users", "organization_id", existing_type=sa.Uuid(), nullable=False)
    op.drop_column("users", "email_verified_at")
