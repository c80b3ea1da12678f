"""Demonstration accounts for a fresh development database (``make run``, ``flask seed-demo``).

When the database has no user at all, :func:`seed_if_empty` creates the organization
"Prefeitura de Exemplo" (domain exemplo.gov.br) with an org admin and a member, and a system
administrator in an operator organization of its own ("Operação do ETP Express", no domain: system
administrators run the platform, they are not members of a public body). Every account is verified
and gets a random password, written to a file readable only by its owner (``instance/dev-credentials.txt``
for ``make run``) and returned so the caller can print it. A database with any user is never touched.
"""

from __future__ import annotations

import os
import secrets
import string
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, text

from etp_app.extensions import db
from etp_app.models import User
from etp_app.services import joining, organizations, passwords

DEMO_ORGANIZATION = "Prefeitura de Exemplo"
DEMO_DOMAIN = "exemplo.gov.br"
OPERATOR_ORGANIZATION = "Operação do ETP Express"
# (e-mail, name, role, organization: "demo" or "operator")
DEMO_ACCOUNTS = (
    (f"admin@{DEMO_DOMAIN}", "Administradora de Exemplo", "org_admin", "demo"),
    (f"membro@{DEMO_DOMAIN}", "Servidor de Exemplo", "member", "demo"),
    (f"sistema@{DEMO_DOMAIN}", "Administração do Sistema", "system_admin", "operator"),
)
_SEED_LOCK = 0x45545044  # pg_advisory_xact_lock key: two runners never seed twice


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: str
    organization: str
    password: str


def _random_password(email: str, name: str) -> str:
    """16 random characters with lower and upper case, digits and a symbol (passes the policy)."""
    alphabet = string.ascii_letters + string.digits
    while True:
        core = "".join(secrets.choice(alphabet) for _ in range(14))
        candidate = f"{core[:7]}-{secrets.choice(string.digits)}{core[7:]}"
        if not passwords.policy_problems(candidate, email=email, name=name):
            return candidate


def credentials_text(accounts: list[DemoAccount]) -> str:
    lines = [
        "Contas de demonstração do ETP Express (somente desenvolvimento; geradas em um banco vazio).",
        "Apague este arquivo quando não precisar mais dele.",
        "",
    ]
    for account in accounts:
        lines.append(f"{account.role:<13} {account.email:<28} {account.password}   ({account.organization})")
    return "\n".join(lines) + "\n"


def write_credentials(path: Path, accounts: list[DemoAccount]) -> None:
    """Write the credentials file, readable and writable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(credentials_text(accounts))
    os.chmod(path, 0o600)


def seed_if_empty(credentials_path: Path | None = None) -> list[DemoAccount] | None:
    """Create the demo organization and accounts when the database has no user; None otherwise."""
    db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SEED_LOCK})
    if db.session.scalar(select(User.id).limit(1)) is not None:
        db.session.rollback()
        return None
    demo = organizations.provision(name=DEMO_ORGANIZATION, domain_names=[DEMO_DOMAIN], source="demo", commit=False)
    operator = organizations.provision(
        name=OPERATOR_ORGANIZATION, domain_names=[], source="demo", allow_no_domain=True, commit=False
    )
    created: list[DemoAccount] = []
    for email, name, role, which in DEMO_ACCOUNTS:
        org = demo if which == "demo" else operator
        password = _random_password(email, name)
        joining.provision_user(org, email=email, name=name, password=password, role=role, source="demo", commit=False)
        created.append(DemoAccount(email=email, name=name, role=role, organization=org.name, password=password))
    db.session.commit()
    if credentials_path is not None:
        write_credentials(credentials_path, created)
    return created
