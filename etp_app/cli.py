"""Flask commands for operators."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup


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
            user = create_system_admin(email=email, name=name, organization_name=organization_name, password=password)
        except DomainError as exc:
            details = "; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in (exc.errors or {}).items())
            raise click.ClickException(exc.message + (f" ({details})" if details else "")) from None
        click.echo(f"system admin {user.email} created ({user.id})")

    @app.cli.command("create-organization")
    @click.option("--name", required=True, help="The organization's name.")
    @click.option("--domain", "domain_names", multiple=True, help="An e-mail domain of it (repeat for more).")
    @click.option("--admin-email", help="Invite this person as its first org admin and print the link.")
    def create_organization(name: str, domain_names: tuple[str, ...], admin_email: str | None) -> None:
        """Create an organization with its e-mail domains (and invite its first org admin).

        Domains only suggest the organization to people who register with them; nobody joins
        without an invitation or an approved join request.
        """
        from etp_app.errors import DomainError
        from etp_app.services import organizations

        try:
            org = organizations.provision(name=name, domain_names=domain_names, source="cli", allow_no_domain=True)
            click.echo(f"organization {org.name} created ({org.id}); domains: {', '.join(org.domains) or '-'}")
            if admin_email:
                from etp_app.services import mail, membership

                invitation = membership.create_invitation(org.id, admin_email, "org_admin", invited_by=None)
                link = mail.app_link("/convite", token=membership.issue_invitation_token(invitation))
                until = f"{invitation.expires_at:%Y-%m-%d %H:%M %Z}"
                click.echo(f"invitation for {invitation.email} as org_admin, valid until {until}:")
                click.echo(link)
        except DomainError as exc:
            raise click.ClickException(_domain_error_text(exc)) from None

    @app.cli.command("invite")
    @click.option("--organization", "organization_ref", required=True, help="Its id or one of its domains.")
    @click.option("--email", required=True, help="Who is invited.")
    @click.option(
        "--role",
        type=click.Choice(["viewer", "member", "org_admin"]),
        default="member",
        show_default=True,
        help="The role the invitation grants.",
    )
    def invite(organization_ref: str, email: str, role: str) -> None:
        """Invite someone to an organization and print the invitation link (no mail is sent).

        The link (/convite?token=...) is valid INVITATION_TTL_SECONDS (7 days); hand it to the person.
        """
        from etp_app.errors import DomainError
        from etp_app.services import mail, membership

        try:
            org = membership.organization_by_reference(organization_ref)
            invitation = membership.create_invitation(org.id, email, role, invited_by=None)
            link = mail.app_link(membership.INVITATION_PATH, token=membership.issue_invitation_token(invitation))
        except DomainError as exc:
            raise click.ClickException(_domain_error_text(exc)) from None
        until = f"{invitation.expires_at:%Y-%m-%d %H:%M %Z}"
        click.echo(f"invitation for {invitation.email} to {org.name} as {role}, valid until {until}:")
        click.echo(link)

    @app.cli.command("seed-demo")
    @click.option(
        "--credentials-file",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Also write the passwords to this file (mode 0600).",
    )
    def seed_demo(credentials_file: Path | None) -> None:
        """Create the demo organization and accounts (random passwords) when the database has no user."""
        from etp_app.services import demo

        created = demo.seed_if_empty(credentials_file)
        if created is None:
            raise click.ClickException("the database already has users: nothing was created")
        click.echo("contas de demonstração:")
        for account in created:
            click.echo(f"  {account.role:<13} {account.email:<28} {account.password}")
        if credentials_file is not None:
            click.echo(f"(also written to {credentials_file})")

    app.cli.add_command(backup_group)


def _domain_error_text(exc) -> str:
    details = "; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in (exc.errors or {}).items())
    return exc.message + (f" ({details})" if details and details != exc.message else "")


# AppGroup: every subcommand runs inside the app context.
backup_group = AppGroup("backup", help='Backups of the database: create, list, verify, restore (README, "Operations").')


def _fail(exc: Exception) -> click.ClickException:
    message = getattr(exc, "message", None) or str(exc)
    return click.ClickException(message)


@backup_group.command("create")
def backup_create() -> None:
    """pg_dump now (custom format) into BACKUP_DIR, verified with pg_restore --list."""
    from etp_app.services import backups

    row = backups.create_backup(trigger="cli")
    if row.status != "succeeded":
        raise click.ClickException(f"backup failed: {row.error}")
    click.echo(f"backup {row.id} ok: {row.path}")
    click.echo(
        f"  size {row.size_bytes} bytes, sha256 {row.sha256}, {row.duration_seconds:.1f} s, "
        f"{len(row.table_counts or {})} tables, {sum((row.table_counts or {}).values())} rows"
    )


@backup_group.command("list")
@click.option("--limit", default=20, show_default=True, help="How many backups, newest first.")
def backup_list(limit: int) -> None:
    """Backups with status, size, SHA-256 and the last restore check."""
    from etp_app.services import backups

    rows, total = backups.list_backups(page=1, page_size=max(1, limit))
    if not rows:
        click.echo("no backups yet")
        return
    for row in rows:
        check = row.restore_check or {}
        restore = "-" if not row.restore_checked_at else ("restore ok" if check.get("ok") else "RESTORE FAILED")
        state = "deleted (retention)" if row.deleted_at else row.status
        size = f"{row.size_bytes:>12}" if row.size_bytes is not None else f"{'-':>12}"
        click.echo(
            f"{row.started_at:%Y-%m-%d %H:%M:%S%z}  {state:<20} {size}  {row.file_name}  "
            f"{(row.sha256 or '-')[:12]}  {restore}" + (f"  error: {row.error}" if row.error else "")
        )
    click.echo(f"({len(rows)} of {total})")


@backup_group.command("verify")
@click.argument("backup", required=False)
@click.option(
    "--restore",
    "full_restore",
    is_flag=True,
    help="Also restore it into a scratch database and compare every table's row count.",
)
def backup_verify(backup: str | None, full_restore: bool) -> None:
    """Check a backup (id, file name or path; default: the newest good one): file present, SHA-256
    matches, pg_restore --list reads it; with --restore, a full restore check."""
    from etp_app.services import backups

    if backup is None:
        latest = backups.latest_available()
        if latest is None:
            raise click.ClickException("no good backup to verify")
        backup = str(latest.id)
    try:
        report = backups.verify_backup(backup)
    except backups.BackupError as exc:
        raise _fail(exc) from None
    click.echo(
        f"ok: {report['file']} sha256 {report['sha256']} ({report['toc_entries']} TOC entries)"
        + ("" if report["known"] else " — not a recorded backup: no checksum to compare")
    )
    if full_restore:
        recorded = backups.find_backup(backup)
        if recorded is None:
            raise click.ClickException(
                "--restore needs a backup recorded in this database (its row counts are the reference)"
            )
        row = backups.verify_restore(recorded.id)
        check = row.restore_check or {}
        if not check.get("ok"):
            raise click.ClickException(f"restore check failed: {check.get('error') or check}")
        click.echo(
            f"restore check ok: {check['tables']} tables, {check['rows']} rows, {check['duration_seconds']:.1f} s"
        )


@backup_group.command("recover-etp")
@click.argument("etp_id", type=click.UUID)
@click.option("--from", "backup", required=True, help="The backup: its id, file name in BACKUP_DIR, or a path.")
def backup_recover_etp(etp_id, backup: str) -> None:
    """Bring one ETP (with its sections and versions) back from a backup into the live database.

    The backup is restored into a scratch database (dropped afterwards) and only that ETP's rows are
    copied, in one transaction; nothing else changes. Refused when the ETP exists and is not in the
    trash (an ETP in the trash is replaced by the backup's copy).
    """
    from etp_app.services.backups import BackupError
    from etp_app.services.backups.etp_recovery import recover_etp

    try:
        report = recover_etp(etp_id, backup)
    except BackupError as exc:
        raise _fail(exc) from None
    click.echo(
        f'recovered ETP {report.etp_id} "{report.title}" (organization {report.organization_id}) from '
        f"{report.backup_file}: {report.sections} sections, {report.versions} versions"
        + (" (replaced its copy in the trash)" if report.replaced_trashed else "")
        + f", in {report.duration_seconds:.1f} s"
    )


@backup_group.command("restore")
@click.argument("file")
@click.option("--target-db", required=True, help="Database to restore into, on the app's server. Created when missing.")
@click.option(
    "--yes", is_flag=True, help="Confirm replacing an existing database (DROPs it first; required for the live one)."
)
def backup_restore(file: str, target_db: str, yes: bool) -> None:
    """Restore FILE (a path, or a file name in BACKUP_DIR) into --target-db.

    Restoring into a new database needs nothing else; replacing an existing database — above all the
    live one — needs --yes. The archive (and its SHA-256 when it is a recorded backup) is checked first.
    """
    from etp_app.services import backups

    try:
        plan = backups.plan_restore(file, target_db)
    except backups.BackupError as exc:
        raise _fail(exc) from None
    if plan.exists and not yes:
        what = "the LIVE database of this app" if plan.is_live else "an existing database"
        raise click.ClickException(
            f"{target_db} is {what}: restoring drops it and everything in it. Re-run with --yes to confirm, "
            "or pass a new --target-db name."
        )
    click.echo(f"restoring {plan.path} into {target_db}" + (" (replacing it)" if plan.exists else " (new)"))
    if plan.source is None:
        click.echo("warning: no record or manifest of this file: its checksum and row counts cannot be checked")
    elif plan.source == "manifest":
        click.echo("checksum and row counts from the manifest beside the file (no record in the database)")
    try:
        report = backups.restore(plan, replace=yes)
    except backups.BackupError as exc:
        raise _fail(exc) from None
    click.echo(f"restored: {report['tables']} tables, {report['rows']} rows in {report['duration_seconds']:.1f} s")
    check = report.get("check")
    if check is not None:
        if not check["ok"]:
            raise click.ClickException(f"row counts differ from the backup's: {check}")
        click.echo("row counts match the backup's")
