"""Flask commands for operators."""
from __future__ import annotations

import click
from flask import Flask


def register_commands(app: Flask) -> None:
    @app.cli.command("create-admin")
    @click.option("--email", required=True)
    @click.option("--name", required=True)
    @click.option("--organization", "organization_name", required=True)
    @click.password_option()
    def create_admin(email: str, name: str, organization_name: str, password: str) -> None:
        """Create a system administrator (and its organization when new)."""
        from etp_app.errors import DomainError
        from etp_app.services.accounts import create_system_admin

        try:
            user = create_system_admin(email=email, name=name, organization_name=organization_name,
                                       password=password)
        except DomainError as exc:
            details = "; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in (exc.errors or {}).items())
            raise click.ClickException(exc.message + (f" ({details})" if details else "")) from None
        click.echo(f"system admin {user.email} created ({user.id})")
