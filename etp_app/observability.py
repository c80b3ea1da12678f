"""Sentry for the API and the Celery processes, and the scrubbing every event and log line goes through.

Sentry starts only when ``SENTRY_DSN`` is set, with the Flask, Celery and SQLAlchemy integrations,
``SENTRY_TRACES_SAMPLE_RATE`` and ``release`` = the deployed git SHA (``APP_VERSION``, else
``git rev-parse HEAD`` once per process). What leaves the process is scrubbed:

- no local variables in stack frames (they hold prompts, ETP text and personal data), no request
  bodies, no cookies, and only an allowlist of request headers (never ``Authorization``);
- keys that name a secret (password, token, api key, authorization, cookie, DSN...) or prompt/document
  text (prompt, messages, instructions, content, suggestion...) are replaced by ``[Filtered]``;
- strings lose JWTs, bearer/basic credentials, ``sk-`` API keys, passwords inside URLs and
  ``password=...`` pairs, and every configured secret value (SECRET_KEY, JWT_SECRET, OPENAI_API_KEY,
  SMTP_PASSWORD, METRICS_TOKEN, the database/Redis passwords, Flower's password).

``scrub_text`` is also applied to every JSON log line (``etp_app.logging_setup``).
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FILTERED = "[Filtered]"
ALERT_LOGGER = "etp_app.ops.alerts"  # explicit Sentry reports log here; not sent to Sentry a second time

# Keys whose value is a secret, wherever they appear in an event (substring, case-insensitive).
_SECRET_KEY_PARTS = (
    "password",
    "passwd",
    "secret",
    "token",
    "api_key",
    "apikey",
    "api-key",
    "authorization",
    "cookie",
    "jwt",
    "credential",
    "private_key",
    "dsn",
    "session",
    "signature",
)
# Keys whose value is prompt or document text (exact names, case-insensitive).
_TEXT_KEYS = frozenset(
    {
        "prompt",
        "prompts",
        "messages",
        "instructions",
        "content",
        "current_content",
        "suggestion",
        "text",
        "body",
        "facts",
        "earlier_sections",
        "snapshot",
        "draft",
        "params",
        "system",
        "raw_data",
        "query_string",
    }
)
# Request headers that may be kept (everything else, Authorization and Cookie first, is dropped).
_HEADER_ALLOWLIST = frozenset(
    {
        "host",
        "user-agent",
        "content-type",
        "content-length",
        "accept",
        "accept-language",
        "x-request-id",
        "idempotency-key",
        "if-match",
    }
)

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*"), FILTERED),  # JWT
    (re.compile(r"(?i)\b(bearer|basic)(\s+)[A-Za-z0-9._~+/=-]{6,}"), r"\1\2" + FILTERED),
    (re.compile(r"\bsk-[A-Za-z0-9_-]{8,}"), FILTERED),  # OpenAI-style keys
    (re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^/\s:@]*:)[^@\s/]+@"), r"\1" + FILTERED + "@"),  # URL password
    (
        re.compile(r"(?i)\b(password|passwd|pwd|secret|token|api[_-]?key)(\s*[=:]\s*)(['\"]?)[^\s'\",;&]+"),
        r"\1\2\3" + FILTERED,
    ),
)
_MIN_SECRET_LENGTH = 8

_lock = threading.Lock()
_known_secrets: tuple[str, ...] = ()
_sentry_dsn: str | None = None


# --------------------------------------------------------------------------------------------------
# Scrubbing
# --------------------------------------------------------------------------------------------------


def _secret_values(config: Mapping[str, Any], env: Mapping[str, str]) -> set[str]:
    """The configured secrets, to be removed verbatim from anything that leaves the process."""
    from sqlalchemy.engine import make_url

    values: set[str] = set()
    for key in ("SECRET_KEY", "JWT_SECRET_KEY", "OPENAI_API_KEY", "SMTP_PASSWORD", "METRICS_TOKEN"):
        value = config.get(key)
        if isinstance(value, str):
            values.add(value)
    for key in ("SQLALCHEMY_DATABASE_URI", "REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
        url = config.get(key)
        if isinstance(url, str) and url:
            try:
                password = make_url(url).password
            except Exception:  # noqa: BLE001 - an unparsable URL has no password to find
                password = None
            if password:
                values.add(str(password))
    flower = env.get("FLOWER_BASIC_AUTH") or ""
    for pair in flower.split(","):
        if ":" in pair:
            values.add(pair.split(":", 1)[1])
    for key in ("SENTRY_DSN",):
        dsn = config.get(key) or ""
        match = re.match(r"^[a-z]+://([^:@/]+)", dsn)
        if match:
            values.add(match.group(1))  # the DSN's public key
    return {v for v in values if len(v) >= _MIN_SECRET_LENGTH}


def remember_secrets(config: Mapping[str, Any], env: Mapping[str, str] | None = None) -> None:
    """Add this app's secret values to the process-wide list ``scrub_text`` removes."""
    global _known_secrets
    found = _secret_values(config, os.environ if env is None else env)
    with _lock:
        # longest first, so a secret containing another is replaced whole
        _known_secrets = tuple(sorted(set(_known_secrets) | found, key=len, reverse=True))


def scrub_text(text: str) -> str:
    """Remove credentials and known secret values from one string."""
    if not text:
        return text
    for secret in _known_secrets:
        if secret in text:
            text = text.replace(secret, FILTERED)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _sensitive_key(key: Any) -> bool:
    if not isinstance(key, str):
        return False
    lowered = key.lower()
    return lowered in _TEXT_KEYS or any(part in lowered for part in _SECRET_KEY_PARTS)


def scrub(value: Any, _depth: int = 0) -> Any:
    """Scrub a JSON-like structure: sensitive keys replaced, every string cleaned."""
    if _depth > 40:
        return FILTERED
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            if _sensitive_key(key) and item not in (None, "", [], {}):
                out[key] = FILTERED
            else:
                out[key] = scrub(item, _depth + 1)
        return out
    if isinstance(value, (list, tuple)):
        return [scrub(item, _depth + 1) for item in value]
    return value


def _scrub_request(request: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key in ("url", "method"):
        if key in request:
            clean[key] = scrub_text(str(request[key]).split("?", 1)[0])
    headers = request.get("headers") or {}
    if isinstance(headers, Mapping):
        clean["headers"] = {k: scrub_text(str(v)) for k, v in headers.items() if str(k).lower() in _HEADER_ALLOWLIST}
    return clean


def _scrub_frames(event: dict[str, Any]) -> None:
    def frames_of(container: Any) -> Iterable[dict[str, Any]]:
        if isinstance(container, Mapping):
            stacktrace = container.get("stacktrace")
            if isinstance(stacktrace, Mapping):
                yield from (f for f in stacktrace.get("frames") or () if isinstance(f, dict))

    for exc in (event.get("exception") or {}).get("values") or ():
        for frame in frames_of(exc):
            frame.pop("vars", None)
    for thread in (event.get("threads") or {}).get("values") or ():
        for frame in frames_of(thread):
            frame.pop("vars", None)


def scrub_event(event: dict[str, Any], hint: Any = None) -> dict[str, Any]:
    """Sentry ``before_send`` / ``before_send_transaction``: nothing secret or personal leaves."""
    try:
        _scrub_frames(event)
        if isinstance(event.get("request"), Mapping):
            event["request"] = _scrub_request(dict(event["request"]))
        event.pop("user", None)
        for crumb in (event.get("breadcrumbs") or {}).get("values") or ():
            if isinstance(crumb, dict) and crumb.get("category") == "query":
                crumb.pop("data", None)
        request = event.pop("request", None)
        cleaned = scrub(event)
        if request is not None:
            cleaned["request"] = request
        return cleaned
    except Exception:  # noqa: BLE001 - never send an event we could not clean
        log.warning("sentry event dropped: scrubbing failed")
        return None  # type: ignore[return-value]


def scrub_breadcrumb(crumb: dict[str, Any], hint: Any = None) -> dict[str, Any] | None:
    if crumb.get("category") == "query":
        crumb.pop("data", None)
    return scrub(crumb)


# --------------------------------------------------------------------------------------------------
# Release and component
# --------------------------------------------------------------------------------------------------

_REPO_ROOT = Path(__file__).resolve().parent.parent
_PLACEHOLDER_VERSIONS = frozenset({"", "dev", "unknown"})


@lru_cache(maxsize=4)
def release(app_version: str | None = None) -> str:
    """The deployed git SHA: ``APP_VERSION`` when set, else ``git rev-parse HEAD`` (once), else "dev"."""
    if app_version and app_version.strip().lower() not in _PLACEHOLDER_VERSIONS:
        return app_version.strip()
    try:
        out = subprocess.run(
            ["git", "-C", str(_REPO_ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=2, check=True
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "dev"
    return out if re.fullmatch(r"[0-9a-f]{40}", out) else "dev"


def component(argv: list[str] | None = None) -> str:
    """Which process this is: api, worker, beat, flower or cli (a Sentry tag)."""
    args = [os.path.basename(a) for a in (sys.argv if argv is None else argv)]
    joined = " ".join(args)
    if "celery" in joined:
        for name in ("beat", "flower", "worker"):
            if name in args:
                return name
        return "worker"
    if "gunicorn" in joined:
        return "api"
    if args and args[0] in ("flask", "flask.exe"):
        return "cli"
    return "api"


# --------------------------------------------------------------------------------------------------
# Sentry
# --------------------------------------------------------------------------------------------------


def init_sentry(config: Mapping[str, Any]) -> bool:
    """Start Sentry once per process when ``SENTRY_DSN`` is set. Returns whether it is on."""
    global _sentry_dsn
    remember_secrets(config)
    dsn = (config.get("SENTRY_DSN") or "").strip()
    if not dsn:
        return False
    with _lock:
        if _sentry_dsn == dsn:
            return True
        import sentry_sdk
        from sentry_sdk.integrations.celery import CeleryIntegration
        from sentry_sdk.integrations.flask import FlaskIntegration
        from sentry_sdk.integrations.logging import LoggingIntegration, ignore_logger
        from sentry_sdk.integrations.sqlalchemy import SqlalchemyIntegration

        rate = float(config.get("SENTRY_TRACES_SAMPLE_RATE") or 0.0)
        sentry_sdk.init(
            dsn=dsn,
            release=release(config.get("APP_VERSION")),
            environment=os.environ.get("SENTRY_ENVIRONMENT") or config.get("ENV_NAME") or "production",
            integrations=[
                FlaskIntegration(transaction_style="url"),
                CeleryIntegration(monitor_beat_tasks=False),
                SqlalchemyIntegration(),
                LoggingIntegration(level=logging.INFO, event_level=logging.ERROR),
            ],
            traces_sample_rate=min(1.0, max(0.0, rate)),
            send_default_pii=False,
            include_local_variables=False,
            max_request_body_size="never",
            before_send=scrub_event,
            before_send_transaction=scrub_event,
            before_breadcrumb=scrub_breadcrumb,
        )
        sentry_sdk.set_tag("component", component())
        ignore_logger(ALERT_LOGGER)
        _sentry_dsn = dsn
    log.info("sentry enabled (traces sample rate %.2f)", rate)
    return True


def sentry_enabled() -> bool:
    return _sentry_dsn is not None


def report_failure(
    message: str,
    *,
    exc: BaseException | None = None,
    fingerprint: list[str] | None = None,
    tags: Mapping[str, Any] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> None:
    """An operational failure (a backup, a restore check): an ERROR log line and a Sentry event."""
    logging.getLogger(ALERT_LOGGER).error(
        "%s", message, exc_info=exc if exc is not None else None, extra={"alert_tags": dict(tags or {})}
    )
    if _sentry_dsn is None:
        return
    import sentry_sdk

    with sentry_sdk.new_scope() as scope:
        scope.level = "error"
        for key, value in (tags or {}).items():
            scope.set_tag(key, str(value))
        for key, value in (extra or {}).items():
            scope.set_extra(key, value)
        if fingerprint:
            scope.fingerprint = fingerprint
        if exc is not None:
            scope.set_extra("summary", message)
            sentry_sdk.capture_exception(exc)
        else:
            sentry_sdk.capture_message(message, level="error")
