"""Environment-driven settings classes: development, testing, production.

``get_config()`` reads the environment when called, never at import time, and production refuses to
start with a clear message when a secret is missing or still a known default, when the database or
Redis URL is missing, or when ``APP_URL`` (the web app's address, in every e-mail link) is not https.
"""

from __future__ import annotations

import ipaddress
import os
import select
import time
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import orjson
from sqlalchemy import event, exc
from sqlalchemy.pool import QueuePool

DEV_SECRET = "dev-only-insecure-secret-change-me"
KNOWN_DEFAULT_SECRETS = frozenset(
    {
        "",
        DEV_SECRET,
        "changeme",
        "change-me",
        "secret",
        "secret-key",
        "your-secret-key",
        "jwt-secret",
        "dev",
        "development",
        "test",
        "please-change-me",
    }
)
MIN_SECRET_LENGTH = 32
# Storage backends the export service knows (etp_app/services/storage.py: BACKENDS).
STORAGE_BACKENDS = ("local",)


class ConfigError(RuntimeError):
    """The configuration cannot run safely; the message says what to fix."""


def normalize_database_url(url: str | None) -> str | None:
    """Accept the ``postgres://`` scheme some platforms (Railway, Heroku) hand out."""
    if not url:
        return url
    if url.startswith("postgres://"):
        return "postgresql+psycopg2://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        return "postgresql+psycopg2://" + url[len("postgresql://") :]
    return url


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be an integer, got {raw!r}") from None


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from None


PING_AFTER_IDLE_SECONDS = 10.0


class IdlePingQueuePool(QueuePool):
    """A QueuePool that tests a connection on checkout only when it may be dead.

    ``pool_pre_ping`` sends ``SELECT 1`` before every checkout: a whole extra round trip to
    PostgreSQL on each request (a GET of an ETP is otherwise one). Here a connection is pinged first
    only when it sat idle for longer than ``PING_AFTER_IDLE_SECONDS`` (what a proxy's idle timeout or
    a silent network cut leaves dead) or when its socket has something to read although no statement
    is running on it: a server that restarts, shuts down or terminates the backend sends its FATAL
    message and closes the socket, which a zero-timeout ``poll()`` sees without any round trip (a
    system call of about a microsecond). So the first request after a PostgreSQL restart — a write
    as much as a read — gets a live connection, not a dead one used moments before the restart. A
    connection whose ping fails is replaced before anyone uses it (SQLAlchemy's documented
    pessimistic handling: ``DisconnectionError`` from a checkout listener makes the pool reconnect).
    A connection that dies while in use is caught by SQLAlchemy's disconnect detection, which
    invalidates it and every older pooled connection; the API answers that request 503 with
    Retry-After (``etp_app.errors``), the read paths retry once (``etp_app.services.reads``), the
    workers retry the unit of work (``etp_app.services.job_retry``), and ``pool_recycle`` bounds
    every connection's age.
    """


_IDLE_SINCE = "etp_idle_since"


@event.listens_for(IdlePingQueuePool, "checkin")
def _mark_idle(dbapi_connection: Any, connection_record: Any) -> None:
    connection_record.info[_IDLE_SINCE] = time.monotonic()


def _server_spoke(dbapi_connection: Any) -> bool:
    """The idle connection's socket is readable, hung up or in error: the server closed it (or sent
    something unasked, which is as good a reason to ping). True too when the socket is gone."""
    try:
        fd = dbapi_connection.fileno()
    except Exception:  # noqa: BLE001 - a closed connection has no socket: ping (and replace) it
        return True
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLPRI)
    return bool(poller.poll(0))


@event.listens_for(IdlePingQueuePool, "checkout")
def _ping_if_idle(dbapi_connection: Any, connection_record: Any, connection_proxy: Any) -> None:
    idle_since = connection_record.info.get(_IDLE_SINCE)
    if idle_since is None:
        return  # just connected
    if time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS and not _server_spoke(dbapi_connection):
        return  # used moments ago, and the server has not closed it since
    autocommit = dbapi_connection.autocommit
    try:
        dbapi_connection.autocommit = True  # a bare SELECT 1: no BEGIN / ROLLBACK around it
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # noqa: BLE001 - any failure means: do not hand this one out
        raise exc.DisconnectionError(f"idle connection failed its ping: {error.__class__.__name__}") from error
    finally:
        if not dbapi_connection.closed:
            dbapi_connection.autocommit = autocommit


def _json_dumps(value: Any) -> str:
    """JSON/JSONB parameters with orjson (several times faster than ``json.dumps`` on the job and
    quality documents the workers write). Like ``json.dumps`` it writes non-string keys as strings
    and refuses what JSON cannot hold (a ``Decimal``, for one) with a ``TypeError``."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def _engine_options(env: Mapping[str, str]) -> dict[str, Any]:
    """SQLAlchemy engine options (psycopg2 on PostgreSQL).

    Dead connections are kept away by ``IdlePingQueuePool`` instead of ``pool_pre_ping`` (one round
    trip less per checkout, the same protection against a restarted server), and ``pool_recycle``
    replaces connections before proxies and firewalls cut them for idleness.
    """
    return {
        "poolclass": IdlePingQueuePool,
        "pool_pre_ping": False,
        "pool_size": _int(env, "DB_POOL_SIZE", 5),
        "max_overflow": _int(env, "DB_MAX_OVERFLOW", 10),
        "pool_recycle": 1800,
        "pool_timeout": 5,
        "json_serializer": _json_dumps,
        "json_deserializer": orjson.loads,
        "connect_args": {
            "connect_timeout": 3,
            "application_name": "etp-express",
            "options": f"-c statement_timeout={_int(env, 'DB_STATEMENT_TIMEOUT_MS', 15000)}",
        },
    }


def _base(env: Mapping[str, str]) -> dict[str, Any]:
    redis_url = env.get("REDIS_URL") or ""
    return {
        "ENV_NAME": "base",
        "SECRET_KEY": env.get("SECRET_KEY", ""),
        "JWT_SECRET_KEY": env.get("JWT_SECRET", ""),
        "JWT_ACCESS_TOKEN_EXPIRES": timedelta(seconds=_int(env, "JWT_ACCESS_EXPIRES", 900)),
        "JWT_REFRESH_TOKEN_EXPIRES": timedelta(seconds=_int(env, "JWT_REFRESH_EXPIRES", 7 * 86400)),
        "JWT_ALGORITHM": "HS256",
        "JWT_TOKEN_LOCATION": ["headers"],
        # the web app's refresh token travels in an HttpOnly cookie (header X-Token-Transport: cookie),
        # read only by the refresh route, with a double-submit CSRF value (api/auth/transport.py)
        "JWT_REFRESH_COOKIE_NAME": "etp_refresh",
        "JWT_REFRESH_COOKIE_PATH": "/api/v1/auth",
        "JWT_REFRESH_CSRF_COOKIE_NAME": "etp_csrf",
        "JWT_REFRESH_CSRF_COOKIE_PATH": "/",
        "JWT_REFRESH_CSRF_HEADER_NAME": "X-CSRF-TOKEN",
        "JWT_COOKIE_CSRF_PROTECT": True,
        "JWT_CSRF_CHECK_FORM": False,
        "JWT_COOKIE_SAMESITE": "Strict",
        # Secure cookies: on unless APP_ENV is development or testing (plain http on 127.0.0.1)
        "REFRESH_COOKIE_SECURE": _bool(env.get("REFRESH_COOKIE_SECURE"), True),
        # Domain of the two refresh cookies (api/auth/transport.py): unset, the API's host only; the
        # parent domain (etp.example.gov.br) when the web app is on a sibling subdomain, so its script
        # can read etp_csrf and the cookies reach the API
        "JWT_COOKIE_DOMAIN": (env.get("REFRESH_COOKIE_DOMAIN") or "").strip() or None,
        # the built web app the API serves at / (etp_app/webapp.py); `make web` builds it
        "WEB_APP_DIR": str(Path(env.get("WEB_APP_DIR") or default_web_app_dir()).expanduser().resolve()),
        # a refresh token used again within this many seconds of its rotation (two tabs refreshing at
        # once) gets an access token instead of revoking its session (services/sessions.py)
        "REFRESH_REUSE_GRACE_SECONDS": max(0, _int(env, "REFRESH_REUSE_GRACE_SECONDS", 10)),
        # how long Redis caches a user's token cut-offs and a session's state (the only stale window)
        "AUTH_CACHE_SECONDS": max(1, _int(env, "AUTH_CACHE_SECONDS", 30)),
        "SQLALCHEMY_DATABASE_URI": normalize_database_url(env.get("DATABASE_URL")),
        "SQLALCHEMY_TRACK_MODIFICATIONS": False,
        "SQLALCHEMY_ENGINE_OPTIONS": _engine_options(env),
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": env.get("CELERY_BROKER_URL") or redis_url,
        "CELERY_RESULT_BACKEND": env.get("CELERY_RESULT_BACKEND") or redis_url,
        "REDIS_SOCKET_TIMEOUT": _float(env, "REDIS_SOCKET_TIMEOUT", 0.5),
        "OPENAI_API_KEY": env.get("OPENAI_API_KEY", ""),
        "OPENAI_MODEL": env.get("OPENAI_MODEL") or "gpt-4.1-nano",
        "OPENAI_BASE_URL": env.get("OPENAI_BASE_URL") or None,
        "OPENAI_TIMEOUT": _float(env, "OPENAI_TIMEOUT", 60.0),
        "OPENAI_MAX_ATTEMPTS": _int(env, "OPENAI_MAX_ATTEMPTS", 4),
        "OPENAI_RETRY_BASE_DELAY": _float(env, "OPENAI_RETRY_BASE_DELAY", 0.5),
        "OPENAI_RETRY_MAX_DELAY": _float(env, "OPENAI_RETRY_MAX_DELAY", 20.0),
        # auto: OpenAI when OPENAI_API_KEY or OPENAI_BASE_URL is set, else the offline drafter
        "DRAFTING_PROVIDER": env.get("DRAFTING_PROVIDER", "auto"),
        "DRAFTING_REDACT_PII": _bool(env.get("DRAFTING_REDACT_PII"), True),
        "DRAFTING_CACHE_TTL": _int(env, "DRAFTING_CACHE_TTL", 7 * 86400),
        # a provider's draft with an invented article, a revoked or impossible norm or an invented value
        # is sent back once to be fixed (drafting/engine.py); false: keep the first draft as it came
        "DRAFTING_REPAIR": _bool(env.get("DRAFTING_REPAIR"), True),
        "BREAKER_FAILURE_THRESHOLD": _int(env, "BREAKER_FAILURE_THRESHOLD", 5),
        "BREAKER_WINDOW_SECONDS": _float(env, "BREAKER_WINDOW_SECONDS", 60.0),
        "BREAKER_OPEN_SECONDS": _float(env, "BREAKER_OPEN_SECONDS", 30.0),
        # half-open, the callers other than the probe wait this long for its verdict (default: the
        # provider's timeout plus 5 s) instead of failing; 0: they fail at once
        "BREAKER_PROBE_WAIT_SECONDS": max(
            0.0, _float(env, "BREAKER_PROBE_WAIT_SECONDS", _float(env, "OPENAI_TIMEOUT", 60.0) + 5.0)
        ),
        "JOB_MAX_ATTEMPTS": _int(env, "JOB_MAX_ATTEMPTS", 3),
        # A running job's lease (services/job_leases.py): its worker renews it every
        # JOB_HEARTBEAT_SECONDS; the sweep (beat, every JOB_SWEEP_SECONDS) re-publishes a running job
        # whose lease expired (its worker died) and a queued one older than JOB_QUEUED_GRACE_SECONDS
        # (its message may be lost). With the defaults a job of a killed worker resumes within 60 s.
        "JOB_LEASE_SECONDS": max(2, _int(env, "JOB_LEASE_SECONDS", 30)),
        "JOB_HEARTBEAT_SECONDS": max(1, _int(env, "JOB_HEARTBEAT_SECONDS", 5)),
        "JOB_SWEEP_SECONDS": max(1, _int(env, "JOB_SWEEP_SECONDS", 15)),
        "JOB_QUEUED_GRACE_SECONDS": max(1, _int(env, "JOB_QUEUED_GRACE_SECONDS", 60)),
        # Infrastructure errors are not job failures (services/job_retry.py): a worker waits this long
        # for an unreachable database before publishing the job's message again, and a job that keeps
        # waiting (database, open provider circuit) is failed with the cause after JOB_MAX_DEFER_SECONDS.
        "JOB_DB_RETRY_SECONDS": max(1, _int(env, "JOB_DB_RETRY_SECONDS", 20)),
        "JOB_MAX_DEFER_SECONDS": max(1, _int(env, "JOB_MAX_DEFER_SECONDS", 900)),
        # a person's saves of one section (or of the ETP's facts) less than this apart are one version
        "VERSION_COALESCE_SECONDS": max(0, _int(env, "VERSION_COALESCE_SECONDS", 300)),
        **_storage(env),
        "SENTRY_DSN": env.get("SENTRY_DSN", ""),
        "SENTRY_TRACES_SAMPLE_RATE": _float(env, "SENTRY_TRACES_SAMPLE_RATE", 0.0),
        # the web app's own Sentry DSN (built in as VITE_SENTRY_DSN): its ingest origin joins the
        # app's CSP connect-src (etp_app/webapp.py)
        "WEB_SENTRY_DSN": env.get("WEB_SENTRY_DSN") or env.get("VITE_SENTRY_DSN") or "",
        "CORS_ORIGINS": [o.strip() for o in env.get("CORS_ORIGINS", "").split(",") if o.strip()],
        "MAX_CONTENT_LENGTH": _int(env, "MAX_CONTENT_LENGTH", 1024 * 1024),
        # the proxies whose X-Forwarded-For is believed (gunicorn reads the same variable)
        "FORWARDED_ALLOW_IPS": env.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        # Strict-Transport-Security: production only (see _production)
        "HSTS_HEADER": "",
        "RATELIMIT_DEFAULT": env.get("RATELIMIT_DEFAULT", "600 per minute"),
        "RATELIMIT_AUTH": env.get("RATELIMIT_AUTH", "20 per minute"),
        "RATELIMIT_ENABLED": _bool(env.get("RATELIMIT_ENABLED"), True),
        # login throttling (services/login_throttle.py): failures per (e-mail, address) before the
        # growing delays (BASE, doubled per failure, capped at MAX), per address (every e-mail), per
        # e-mail before its owner is mailed, the window they are counted in
        "LOGIN_FREE_ATTEMPTS": _int(env, "LOGIN_FREE_ATTEMPTS", 5),
        "LOGIN_ADDRESS_FREE_ATTEMPTS": _int(env, "LOGIN_ADDRESS_FREE_ATTEMPTS", 30),
        "LOGIN_ALERT_FAILURES": _int(env, "LOGIN_ALERT_FAILURES", 10),
        "LOGIN_WINDOW_SECONDS": _int(env, "LOGIN_WINDOW_SECONDS", 900),
        "LOGIN_BASE_DELAY_SECONDS": _int(env, "LOGIN_BASE_DELAY_SECONDS", 30),
        "LOGIN_MAX_DELAY_SECONDS": _int(env, "LOGIN_MAX_DELAY_SECONDS", 900),
        "PASSWORD_RESET_TTL_SECONDS": _int(env, "PASSWORD_RESET_TTL_SECONDS", 3600),
        # how long an e-mail verification link (/verificar-email) stays valid
        "EMAIL_VERIFICATION_TTL_SECONDS": _int(env, "EMAIL_VERIFICATION_TTL_SECONDS", 48 * 3600),
        # how long an invitation link (/convite) stays valid; a resend gives it this long again
        "INVITATION_TTL_SECONDS": max(60, _int(env, "INVITATION_TTL_SECONDS", 7 * 86400)),
        # the web app's address: every link in an e-mail starts with it (/redefinir-senha, /verificar-email, ...)
        "APP_URL": (env.get("APP_URL") or f"http://127.0.0.1:{_int(env, 'PORT', 5000)}").rstrip("/"),
        "SMTP_HOST": env.get("SMTP_HOST", ""),
        "SMTP_PORT": _int(env, "SMTP_PORT", 587),
        "SMTP_USER": env.get("SMTP_USER", ""),
        "SMTP_PASSWORD": env.get("SMTP_PASSWORD", ""),
        "SMTP_FROM": env.get("SMTP_FROM", "ETP Express <nao-responda@etpexpress.gov.br>"),
        "SMTP_USE_TLS": _bool(env.get("SMTP_USE_TLS"), True),
        # first wait before a failed SMTP delivery is retried (then doubled, five retries)
        "MAIL_RETRY_BASE_SECONDS": max(0.0, _float(env, "MAIL_RETRY_BASE_SECONDS", 30.0)),
        # rows of mail_outbox (recipients, and in the outbox the texts) older than this are deleted
        "MAIL_OUTBOX_RETENTION_DAYS": max(1, _int(env, "MAIL_OUTBOX_RETENTION_DAYS", 30)),
        # days a deleted ETP stays in its organization's trash (restorable) before beat purges it
        "TRASH_RETENTION_DAYS": max(1, _int(env, "TRASH_RETENTION_DAYS", 30)),
        "METRICS_TOKEN": env.get("METRICS_TOKEN", ""),
        "APP_VERSION": env.get("APP_VERSION") or env.get("RAILWAY_GIT_COMMIT_SHA") or "dev",
        "LOG_LEVEL": env.get("LOG_LEVEL", "INFO"),
        # flask-smorest / OpenAPI
        "API_TITLE": "ETP Express API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api",
        "OPENAPI_JSON_PATH": "openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "docs",
        "OPENAPI_SWAGGER_UI_URL": "/api/docs/assets/",
        "OPENAPI_SWAGGER_UI_CONFIG": {"persistAuthorization": True},
        "JSON_SORT_KEYS": False,
    }


def default_web_app_dir() -> str:
    """``<repo>/frontend/dist``: where ``vite build`` writes the web app."""
    return str(Path(__file__).resolve().parent.parent / "frontend" / "dist")


def default_storage_dir() -> str:
    """``<repo>/instance/storage``, resolved when the settings are built (never at import)."""
    return str(Path(__file__).resolve().parent.parent / "instance" / "storage")


def _storage(env: Mapping[str, str]) -> dict[str, Any]:
    """Exported documents: where their bytes live and how long they are kept."""
    retention = _int(env, "EXPORT_RETENTION_DAYS", 90)
    if retention < 1:
        raise ConfigError(f"EXPORT_RETENTION_DAYS must be at least 1, got {retention}")
    backend = (env.get("STORAGE_BACKEND") or "local").strip().lower()
    if backend not in STORAGE_BACKENDS:
        raise ConfigError(
            f"STORAGE_BACKEND {backend!r} is not available: use one of {', '.join(STORAGE_BACKENDS)} "
            "(another backend implements etp_app.services.storage.Storage and is registered in BACKENDS)"
        )
    storage_dir = env.get("STORAGE_DIR") or default_storage_dir()
    return {
        "EXPORT_RETENTION_DAYS": retention,
        "EXPORT_PURGE_BATCH": max(1, _int(env, "EXPORT_PURGE_BATCH", 500)),
        "STORAGE_BACKEND": backend,
        "STORAGE_DIR": str(Path(storage_dir).expanduser().resolve()),
    }


def _development(env: Mapping[str, str]) -> dict[str, Any]:
    cfg = _base(env)
    cfg.update(ENV_NAME="development", DEBUG=False)
    cfg["REFRESH_COOKIE_SECURE"] = _bool(env.get("REFRESH_COOKIE_SECURE"), False)
    cfg["SECRET_KEY"] = cfg["SECRET_KEY"] or DEV_SECRET
    cfg["JWT_SECRET_KEY"] = cfg["JWT_SECRET_KEY"] or DEV_SECRET
    return cfg


def _testing(env: Mapping[str, str]) -> dict[str, Any]:
    cfg = _development(env)
    cfg.update(ENV_NAME="testing", TESTING=True)
    return cfg


def _production(env: Mapping[str, str]) -> dict[str, Any]:
    cfg = _base(env)
    cfg.update(ENV_NAME="production", DEBUG=False, TESTING=False)
    cfg["HSTS_HEADER"] = f"max-age={max(0, _int(env, 'HSTS_MAX_AGE', 31536000))}; includeSubDomains"
    problems: list[str] = []
    for var, key in (("SECRET_KEY", "SECRET_KEY"), ("JWT_SECRET", "JWT_SECRET_KEY")):
        value = cfg[key]
        if not value:
            problems.append(f"{var} is not set")
        elif value.strip().lower() in KNOWN_DEFAULT_SECRETS:
            problems.append(
                f"{var} is a known default value; generate one with "
                "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`"
            )
        elif len(value) < MIN_SECRET_LENGTH:
            problems.append(f"{var} is shorter than {MIN_SECRET_LENGTH} characters")
    if not cfg["SQLALCHEMY_DATABASE_URI"]:
        problems.append("DATABASE_URL is not set")
    if not cfg["REDIS_URL"]:
        problems.append("REDIS_URL is not set")
    for entry in (e.strip() for e in cfg["FORWARDED_ALLOW_IPS"].split(",")):
        try:
            if entry and entry != "*":
                ipaddress.ip_network(entry, strict=False)
        except ValueError:
            problems.append(f"FORWARDED_ALLOW_IPS entry {entry!r} is not an address or network")
    for origin in cfg["CORS_ORIGINS"]:
        parts = urlsplit(origin)
        if origin == "*" or parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
            problems.append(
                f"CORS_ORIGINS entry {origin!r} is not an origin (scheme://host[:port]); "
                "credentialed requests (the refresh cookie) rule out '*'"
            )
    if not env.get("APP_URL"):
        problems.append("APP_URL is not set (the https:// address of the web app, used in every e-mail link)")
    elif urlsplit(cfg["APP_URL"]).scheme != "https" or not urlsplit(cfg["APP_URL"]).hostname:
        problems.append(f"APP_URL must be an https:// address, got {cfg['APP_URL']!r}")
    if problems:
        raise ConfigError("Refusing to start in production: " + "; ".join(problems) + ".")
    return cfg


_BUILDERS = {"development": _development, "testing": _testing, "production": _production}


def get_config(name: str | None = None, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Build the settings for ``name`` (default: ``APP_ENV``, else development) from ``env``."""
    env = os.environ if env is None else env
    name = (name or env.get("APP_ENV") or env.get("FLASK_ENV") or "development").lower()
    builder = _BUILDERS.get(name)
    if builder is None:
        raise ConfigError(f"Unknown APP_ENV {name!r}: use one of {', '.join(sorted(_BUILDERS))}")
    cfg = builder(env)
    if not cfg["SQLALCHEMY_DATABASE_URI"]:
        raise ConfigError("DATABASE_URL is not set. `make run` starts an embedded PostgreSQL and sets it.")
    if not cfg["REDIS_URL"]:
        raise ConfigError("REDIS_URL is not set. `make run` starts an embedded Redis and sets it.")
    return cfg
