#!/usr/bin/env python3
"""Check the environment a deployment of ETP Express needs, before a process starts.

    python scripts/validate_env.py [--role api|worker|beat|flower|migrate] [--check-connections] [--json]

Exit status 0 when nothing is wrong (warnings allowed), 1 on any error. Each finding names the
variable and what to do. ``scripts/entrypoint.sh`` runs it before every production process.

Checks: APP_ENV; the production settings (secrets present, long and not a known default; DATABASE_URL
and REDIS_URL present and well formed); Celery time limits; the beat schedule (BACKUP_CRON, BACKUP_HOUR/
MINUTE, RESTORE_CHECK_CRON); backups (BACKUP_RETENTION_DAYS, BACKUP_DIR writable, pg_dump/pg_restore
present) for the worker; FLOWER_BASIC_AUTH for Flower; Sentry (SENTRY_DSN form, traces sample rate);
METRICS_TOKEN; mail (APP_URL https, SMTP_HOST); the AI provider. ``--check-connections`` also connects
to PostgreSQL and Redis and checks that pg_dump is at least the server's major version.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ROLES = ("api", "worker", "beat", "flower", "migrate")
WEAK_PASSWORDS = frozenset(
    {
        "admin",
        "password",
        "senha",
        "changeme",
        "change-me",
        "flower",
        "secret",
        "123456",
        "12345678",
        "etp",
        "dev",
        "test",
    }
)
MIN_FLOWER_PASSWORD = 12
MIN_TOKEN_LENGTH = 32


@dataclass(frozen=True)
class Finding:
    level: str  # "error" or "warning"
    variable: str
    message: str


def _err(variable: str, message: str) -> Finding:
    return Finding("error", variable, message)


def _warn(variable: str, message: str) -> Finding:
    return Finding("warning", variable, message)


def _int(env: Mapping[str, str], name: str) -> int | None:
    raw = env.get(name)
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except ValueError:
        return None


# --------------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------------


def check_settings(env: Mapping[str, str]) -> Iterable[Finding]:
    from config.settings import ConfigError, get_config

    app_env = (env.get("APP_ENV") or env.get("FLASK_ENV") or "").lower()
    if app_env != "production":
        yield _warn(
            "APP_ENV",
            f"is {app_env or 'unset'!r}; a deployment runs with APP_ENV=production "
            "(secrets are then required and checked)",
        )
    try:
        get_config("production", env)
    except ConfigError as exc:
        for problem in str(exc).removeprefix("Refusing to start in production: ").rstrip(".").split("; "):
            variable = problem.split()[0] if problem.split() else "config"
            yield _err(variable, problem)
    except Exception as exc:  # noqa: BLE001 - any other settings error is still reported by name
        yield _err("config", f"settings cannot be built: {exc}")


def check_urls(env: Mapping[str, str]) -> Iterable[Finding]:
    db_url = env.get("DATABASE_URL") or ""
    if db_url:
        parts = urlsplit(db_url)
        if parts.scheme.split("+")[0] not in ("postgres", "postgresql"):
            yield _err("DATABASE_URL", f"must be a postgresql:// URL, got scheme {parts.scheme!r}")
        elif not parts.path.strip("/"):
            yield _err("DATABASE_URL", "names no database (…/etp_express)")
        elif not (parts.hostname or "host=" in parts.query):
            yield _err("DATABASE_URL", "names no host")
    for name in ("REDIS_URL", "CELERY_BROKER_URL"):
        url = env.get(name) or ""
        if url and urlsplit(url).scheme not in ("redis", "rediss", "unix"):
            yield _err(name, f"must be a redis://, rediss:// or unix:// URL, got {urlsplit(url).scheme!r}")


def check_celery(env: Mapping[str, str], role: str) -> Iterable[Finding]:
    from config.celery import beat_schedule, celery_settings

    try:
        celery_settings({"CELERY_BROKER_URL": env.get("REDIS_URL") or "redis://localhost"}, env)
    except ValueError as exc:
        yield _err("CELERY_TIME_LIMIT", str(exc))
    if role in ("beat", "worker"):
        try:
            beat_schedule(env)
        except ValueError as exc:
            variable = (
                "BACKUP_CRON"
                if "BACKUP_CRON" in str(exc)
                else ("RESTORE_CHECK_CRON" if "RESTORE_CHECK" in str(exc) else "BACKUP_HOUR")
            )
            yield _err(variable, str(exc))
        tz = env.get("CELERY_TIMEZONE")
        if tz:
            try:
                from zoneinfo import ZoneInfo

                ZoneInfo(tz)
            except Exception:  # noqa: BLE001 - ZoneInfoNotFoundError or a bad key
                yield _err("CELERY_TIMEZONE", f"{tz!r} is not a known time zone (e.g. America/Sao_Paulo)")


def check_backups(env: Mapping[str, str], role: str) -> Iterable[Finding]:
    raw = env.get("BACKUP_RETENTION_DAYS")
    if raw not in (None, ""):
        days = _int(env, "BACKUP_RETENTION_DAYS")
        if days is None or days < 1:
            yield _err("BACKUP_RETENTION_DAYS", f"must be a whole number of days >= 1, got {raw!r}")
        elif days < 7:
            yield _warn("BACKUP_RETENTION_DAYS", f"keeps only {days} days of backups")
    if role != "worker":
        return
    if "maintenance" not in (env.get("CELERY_QUEUES") or "drafting,exports,maintenance").split(","):
        return  # this worker does not run backups
    from etp_app.services.backups import backup_settings, candidate_bin_dirs

    try:
        settings = backup_settings({}, env)
    except Exception as exc:  # noqa: BLE001 - reported with its message
        yield _err("BACKUP_DIR", str(exc))
        return
    directory = settings.directory
    try:
        directory.mkdir(parents=True, exist_ok=True)
        probe = directory / ".validate-env-probe"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        yield _err(
            "BACKUP_DIR",
            f"{directory} is not writable by this user ({exc.strerror}); mount a volume the process can write",
        )
    if not env.get("BACKUP_DIR"):
        yield _warn(
            "BACKUP_DIR",
            f"unset: backups go to {directory}; in a container mount a persistent volume "
            "there (and copy backups off the host)",
        )
    configured = env.get("PG_BIN_DIR")
    dirs = candidate_bin_dirs(configured)
    if not any((d / "pg_dump").exists() and (d / "pg_restore").exists() for d in dirs):
        yield _err(
            "PG_BIN_DIR",
            "pg_dump/pg_restore not found: install postgresql-client (same major version as "
            "the server or newer) or set PG_BIN_DIR",
        )


def check_flower(env: Mapping[str, str], role: str) -> Iterable[Finding]:
    auth = env.get("FLOWER_BASIC_AUTH") or ""
    if not auth:
        if role == "flower":
            yield _err("FLOWER_BASIC_AUTH", "is required to start Flower: user:password (several: comma-separated)")
        return
    for pair in auth.split(","):
        user, sep, password = pair.partition(":")
        if not sep or not user or not password:
            yield _err("FLOWER_BASIC_AUTH", "must be user:password (several: comma-separated)")
        elif password.lower() in WEAK_PASSWORDS or len(password) < MIN_FLOWER_PASSWORD:
            yield _err(
                "FLOWER_BASIC_AUTH",
                f"the password of {user!r} is weak: use at least {MIN_FLOWER_PASSWORD} random characters",
            )


def check_observability(env: Mapping[str, str]) -> Iterable[Finding]:
    dsn = env.get("SENTRY_DSN") or ""
    if not dsn:
        yield _warn("SENTRY_DSN", "unset: errors and failed backups reach only the logs")
    elif not re.fullmatch(r"https?://[^:@/\s]+(:[^@/\s]*)?@[^/\s]+/(.+/)?\d+", dsn):
        yield _err("SENTRY_DSN", "is not a Sentry DSN (https://<key>@<host>/<project id>)")
    rate = env.get("SENTRY_TRACES_SAMPLE_RATE")
    if rate not in (None, ""):
        try:
            if not 0.0 <= float(rate) <= 1.0:
                raise ValueError
        except ValueError:
            yield _err("SENTRY_TRACES_SAMPLE_RATE", f"must be a number from 0.0 to 1.0, got {rate!r}")
    token = env.get("METRICS_TOKEN") or ""
    if token and len(token) < MIN_TOKEN_LENGTH:
        yield _err("METRICS_TOKEN", f"is shorter than {MIN_TOKEN_LENGTH} characters")
    if not token:
        yield _warn("METRICS_TOKEN", "unset: only system administrators' tokens can read /api/metrics/prometheus")


def check_mail(env: Mapping[str, str]) -> Iterable[Finding]:
    """APP_URL's https is a production setting (check_settings); here: is there an SMTP server."""
    if not (env.get("SMTP_HOST") or "").strip():
        yield _warn(
            "SMTP_HOST",
            "unset: e-mails (password reset, e-mail verification, invitations) are kept in the mail_outbox "
            "table and NOT sent; GET /api/health reports mail: outbox",
        )
    elif _int(env, "SMTP_PORT") is None and env.get("SMTP_PORT"):
        yield _err("SMTP_PORT", f"must be a port number, got {env['SMTP_PORT']!r}")


def check_drafting(env: Mapping[str, str]) -> Iterable[Finding]:
    provider = (env.get("DRAFTING_PROVIDER") or "auto").lower()
    if provider not in ("auto", "openai", "offline"):
        yield _err("DRAFTING_PROVIDER", f"must be auto, openai or offline, got {provider!r}")
    elif provider == "openai" and not (env.get("OPENAI_API_KEY") or env.get("OPENAI_BASE_URL")):
        yield _err("OPENAI_API_KEY", "DRAFTING_PROVIDER=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL)")
    elif provider == "auto" and not (env.get("OPENAI_API_KEY") or env.get("OPENAI_BASE_URL")):
        yield _warn("OPENAI_API_KEY", "unset: the offline drafter writes the drafts")


def check_connections(env: Mapping[str, str], role: str) -> Iterable[Finding]:
    server_major = None
    if env.get("DATABASE_URL"):
        try:
            import psycopg2

            from config.settings import normalize_database_url

            url = normalize_database_url(env["DATABASE_URL"]).replace("postgresql+psycopg2://", "postgresql://", 1)
            conn = psycopg2.connect(url, connect_timeout=5)
            try:
                server_major = int(conn.server_version) // 10000
            finally:
                conn.close()
        except Exception as exc:  # noqa: BLE001 - reported, never with the URL (it holds the password)
            yield _err("DATABASE_URL", f"PostgreSQL did not answer ({exc.__class__.__name__})")
    if env.get("REDIS_URL"):
        try:
            import redis

            redis.Redis.from_url(env["REDIS_URL"], socket_timeout=3, socket_connect_timeout=3).ping()
        except Exception as exc:  # noqa: BLE001
            yield _err("REDIS_URL", f"Redis did not answer ({exc.__class__.__name__})")
    if role == "worker" and server_major is not None:
        from etp_app.services.backups import BackupError, select_tools

        try:
            select_tools(server_major, env.get("PG_BIN_DIR"))
        except BackupError as exc:
            yield _err("PG_BIN_DIR", exc.message)


def validate(env: Mapping[str, str], role: str = "api", *, connections: bool = False) -> list[Finding]:
    if role not in ROLES:
        return [_err("role", f"unknown role {role!r}: one of {', '.join(ROLES)}")]
    findings: list[Finding] = []
    for check in (
        check_settings(env),
        check_urls(env),
        check_celery(env, role),
        check_backups(env, role),
        check_flower(env, role),
        check_observability(env),
        check_mail(env),
        check_drafting(env),
    ):
        findings.extend(check)
    if connections:
        findings.extend(check_connections(env, role))
    return findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--role", default=os.environ.get("ETP_ROLE", "api"), choices=ROLES)
    parser.add_argument(
        "--check-connections",
        action="store_true",
        help="also connect to PostgreSQL and Redis (and match pg_dump to the server)",
    )
    parser.add_argument("--json", action="store_true", help="print the findings as JSON")
    parser.add_argument("--quiet", action="store_true", help="print only errors")
    args = parser.parse_args(argv)
    findings = validate(os.environ, args.role, connections=args.check_connections)
    errors = [f for f in findings if f.level == "error"]
    if args.json:
        print(
            json.dumps(
                {"role": args.role, "ok": not errors, "findings": [asdict(f) for f in findings]},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for finding in findings:
            if args.quiet and finding.level != "error":
                continue
            print(
                f"{finding.level.upper():7} {finding.variable}: {finding.message}",
                file=sys.stderr if finding.level == "error" else sys.stdout,
            )
        if not args.quiet or errors:
            summary = "environment OK" if not errors else f"{len(errors)} error(s): refusing to start"
            print(f"validate_env ({args.role}): {summary}", file=sys.stderr if errors else sys.stdout)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
