"""Outgoing e-mail: queued by the request, built and delivered by a worker, never lost without SMTP.

The request path only calls :func:`enqueue` (one Celery message on the ``mail`` queue, the same cost
whether or not an account exists: it never looks the recipient up). The worker runs the message's
*kind*: a builder registered with ``@mail.kind("name")`` looks the account up, creates the token it
needs (committed) and returns a :class:`Message`, or None when there is nothing to send (an unknown
e-mail). :func:`deliver` then hands the message to its backend:

- **SMTP** when ``SMTP_HOST`` is set. The ``mail_outbox`` row keeps the metadata (kind, recipient,
  subject, times, last error); the body and the link (which carries a token) are kept only while the
  mail waits for a retry, and erased once it is sent or given up.
- **The outbox** otherwise (development, tests, a deployment whose mail is not configured yet): the
  ``mail_outbox`` row IS the mail, body and link included. In development the worker logs one INFO
  line per mail (``e-mail para <to>: <subject> — <link>``, shown by ``make run``'s console) and
  ``GET /api/v1/dev/outbox`` lists them; in production every such mail, and the worker's start, log a
  WARNING that mail is not configured (never the link: it carries a token), and ``GET /api/health``
  reports ``"mail": "outbox"``.

A failed SMTP delivery raises :class:`DeliveryFailed`; the worker task retries only the sending of the
stored row (:func:`retry_delivery`), with backoff, so a retry never creates a second token.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import logging
import smtplib
import ssl
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any
from urllib.parse import urlencode

from flask import current_app
from sqlalchemy import delete, func, select

from etp_app.errors import ServiceUnavailable
from etp_app.extensions import db
from etp_app.logging_setup import UNSCRUBBED
from etp_app.models import MailOutbox
from etp_app.request_context import current_request_id
from etp_app.task_names import MAIL_QUEUE, MAIL_SEND

log = logging.getLogger(__name__)

SMTP_TIMEOUT_SECONDS = 10
ENQUEUE_FAILED_MESSAGE = "Não foi possível enviar o e-mail agora (fila indisponível). Tente novamente em instantes."
NOT_CONFIGURED_WARNING = (
    "mail is not configured (SMTP_HOST is empty): e-mails are kept in the mail_outbox table and NOT sent; "
    "set SMTP_HOST (and SMTP_USER/SMTP_PASSWORD/SMTP_FROM) to send them"
)

# The modules whose import registers mail kinds (the worker imports those that exist).
KIND_MODULES = (
    "etp_app.services.account_mail",
    "etp_app.services.accounts",
    "etp_app.services.joining",
    "etp_app.services.membership",
)


@dataclass(frozen=True)
class Message:
    """A plain-text e-mail: ``link`` is its main action link (None when it has none)."""

    to: str
    subject: str
    body_text: str
    link: str | None = None
    kind: str = ""


Builder = Callable[[dict[str, Any]], Message | None]
_BUILDERS: dict[str, Builder] = {}


class UnknownMailKind(LookupError):
    """No builder is registered under this kind (a message of a newer release, or a typo)."""


class DeliveryFailed(Exception):
    """The SMTP server refused or could not be reached; the row ``outbox_id`` waits for a retry."""

    def __init__(self, outbox_id: uuid.UUID, cause: BaseException):
        super().__init__(f"mail {outbox_id} not delivered: {cause.__class__.__name__}")
        self.outbox_id = outbox_id
        self.cause = cause


# --------------------------------------------------------------------------- the request side


def enqueue(kind: str, **params: Any) -> None:
    """Queue the mail ``kind`` with ``params`` (JSON values: ids as str); the worker builds and sends it.

    Nothing else happens here (no lookup of the recipient), so every caller pays the same. A broker
    outage answers 503 (the same for every caller); params that are not JSON are a programming error
    (TypeError)."""
    json.dumps(params)
    try:
        current_app.extensions["celery"].send_task(
            MAIL_SEND,
            kwargs={"kind": kind, "params": params},
            queue=MAIL_QUEUE,
            headers={"request_id": current_request_id()},
        )
    except Exception as exc:  # noqa: BLE001 - any broker failure means the mail will never be sent
        log.error("mail %s not queued: %s", kind, exc.__class__.__name__)
        raise ServiceUnavailable(ENQUEUE_FAILED_MESSAGE) from None


def app_link(path: str, **query: Any) -> str:
    """A link into the web app: ``APP_URL`` + ``path`` (+ ``?`` + the urlencoded ``query``)."""
    if not path.startswith("/"):
        raise ValueError(f"app_link path must start with '/', got {path!r}")
    base = str(current_app.config["APP_URL"]).rstrip("/")
    return base + path + (f"?{urlencode(query)}" if query else "")


# --------------------------------------------------------------------------- kinds (the worker side)


def kind(name: str) -> Callable[[Builder], Builder]:
    """Register ``fn(params) -> Message | None`` as the builder of the mail kind ``name``.

    The builder runs in the worker, inside the app context; it may create tokens and commit.
    Returning None means there is nothing to send (e.g. no account with that e-mail)."""

    def register(fn: Builder) -> Builder:
        existing = _BUILDERS.get(name)
        if existing is not None and _qualname(existing) != _qualname(fn):
            raise ValueError(f"mail kind {name!r} is already registered by {_qualname(existing)}")
        _BUILDERS[name] = fn
        return fn

    return register


def _qualname(fn: Callable[..., Any]) -> str:
    return f"{getattr(fn, '__module__', '?')}.{getattr(fn, '__qualname__', repr(fn))}"


def load_kinds() -> tuple[str, ...]:
    """Import the modules of ``KIND_MODULES`` that exist (an error inside one raises); the kinds known."""
    for name in KIND_MODULES:
        if _module_exists(name):
            importlib.import_module(name)
    return tuple(sorted(_BUILDERS))


def _module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError as exc:  # a parent package is missing too (not an error inside one)
        if exc.name and (name == exc.name or name.startswith(exc.name + ".")):
            return False
        raise


def build(kind_name: str, params: Mapping[str, Any]) -> Message | None:
    """Run the builder of ``kind_name``; its message (kind filled in), or None when nothing is to be sent."""
    if kind_name not in _BUILDERS:
        load_kinds()
    builder = _BUILDERS.get(kind_name)
    if builder is None:
        raise UnknownMailKind(f"no mail kind {kind_name!r} (known: {', '.join(sorted(_BUILDERS)) or 'none'})")
    message = builder(dict(params))
    if message is None:
        return None
    if not isinstance(message, Message):
        raise TypeError(f"mail kind {kind_name!r} returned {type(message).__name__}, not Message or None")
    return message if message.kind else replace(message, kind=kind_name)


# --------------------------------------------------------------------------- delivery


def _now() -> datetime:
    return datetime.now(UTC)


def channel(config: Mapping[str, Any] | None = None) -> str:
    """How mail leaves: ``"smtp"`` when ``SMTP_HOST`` is set, else ``"outbox"``."""
    config = current_app.config if config is None else config
    return "smtp" if config.get("SMTP_HOST") else "outbox"


def _production(config: Mapping[str, Any]) -> bool:
    return config.get("ENV_NAME") == "production"


def warn_if_not_configured() -> bool:
    """At a worker's start: a WARNING when production has no SMTP (True when it warned)."""
    config = current_app.config
    if _production(config) and channel(config) == "outbox":
        log.warning(NOT_CONFIGURED_WARNING)
        return True
    return False


def deliver(message: Message) -> MailOutbox:
    """Record ``message`` in ``mail_outbox`` and deliver it (SMTP, or the row itself); commits.

    Raises :class:`DeliveryFailed` when SMTP fails: the row keeps the message for
    :func:`retry_delivery`."""
    config = current_app.config
    via = channel(config)
    row = MailOutbox(
        kind=message.kind,
        to_email=message.to,
        subject=message.subject,
        body_text=message.body_text,
        link=message.link,
        delivered_via=via,
        sent_at=_now() if via == "outbox" else None,
    )
    db.session.add(row)
    db.session.commit()
    if via == "outbox":
        if _production(config):
            log.warning("%s (mail %s, kind %s)", NOT_CONFIGURED_WARNING, row.id, row.kind)
        else:
            # not scrubbed: the link's token is the point of this line (development and tests only)
            log.info(
                "e-mail para %s: %s — %s",
                row.to_email,
                row.subject,
                row.link or "(sem link)",
                extra={UNSCRUBBED: True},
            )
        return row
    _send_row(row, config)
    return row


def retry_delivery(outbox_id: uuid.UUID) -> MailOutbox | None:
    """Send a row that failed before; None when there is nothing left to send (sent, or given up)."""
    row = db.session.get(MailOutbox, outbox_id)
    if row is None or row.sent_at is not None or row.body_text is None:
        return None
    _send_row(row, current_app.config)
    return row


def give_up(outbox_id: uuid.UUID) -> None:
    """The retries are spent: erase the body and the link (its token is never sent); commits."""
    row = db.session.get(MailOutbox, outbox_id)
    if row is None or row.sent_at is not None:
        return
    row.body_text = None
    row.link = None
    db.session.commit()
    log.error("mail %s (kind %s) not delivered after every retry: %s", row.id, row.kind, row.error)


def _send_row(row: MailOutbox, config: Mapping[str, Any]) -> None:
    try:
        send_smtp(config, row.to_email, row.subject, row.body_text or "")
    except (smtplib.SMTPException, OSError) as exc:
        row.error = exc.__class__.__name__[:200]
        db.session.commit()
        log.warning(
            "could not send mail %s via %s:%s: %s",
            row.id,
            config["SMTP_HOST"],
            config["SMTP_PORT"],
            exc.__class__.__name__,
        )
        raise DeliveryFailed(row.id, exc) from exc
    row.sent_at = _now()
    row.error = None
    row.body_text = None
    row.link = None
    db.session.commit()
    log.info("mail %s (kind %s) sent via SMTP", row.id, row.kind)


def send_smtp(config: Mapping[str, Any], to_email: str, subject: str, body: str) -> None:
    """Hand one plain-text message to the SMTP server (implicit TLS on 465, else STARTTLS unless
    ``SMTP_USE_TLS`` is false; login when ``SMTP_USER`` is set). Raises SMTPException/OSError."""
    message = EmailMessage()
    message["From"] = config["SMTP_FROM"]
    message["To"] = to_email
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="etpexpress")
    message.set_content(body)

    host, port = config["SMTP_HOST"], int(config["SMTP_PORT"])
    if port == 465:
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            host, port, timeout=SMTP_TIMEOUT_SECONDS, context=ssl.create_default_context()
        )
    else:
        smtp = smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT_SECONDS)
    with smtp:
        if port != 465 and config.get("SMTP_USE_TLS", True):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("SMTP_USER"):
            smtp.login(config["SMTP_USER"], config.get("SMTP_PASSWORD", ""))
        smtp.send_message(message)


# --------------------------------------------------------------------------- reading and pruning the outbox


def list_outbox(*, to: str | None = None, limit: int = 50) -> list[MailOutbox]:
    """The newest rows first (``to``: only the mails to that address, case-insensitive)."""
    query = select(MailOutbox).order_by(MailOutbox.created_at.desc(), MailOutbox.id.desc()).limit(limit)
    if to:
        query = query.where(func.lower(MailOutbox.to_email) == to.strip().lower())
    return list(db.session.scalars(query))


def forget_recipient(email: str) -> int:
    """Delete every row addressed to ``email`` (LGPD account deletion); the caller commits."""
    result = db.session.execute(delete(MailOutbox).where(func.lower(MailOutbox.to_email) == email.strip().lower()))
    return int(getattr(result, "rowcount", 0) or 0)


def purge_old(now: datetime | None = None) -> int:
    """Delete rows older than ``MAIL_OUTBOX_RETENTION_DAYS`` (default 30); commits. How many."""
    days = int(current_app.config.get("MAIL_OUTBOX_RETENTION_DAYS") or 30)
    cutoff = (now or _now()) - timedelta(days=days)
    result = db.session.execute(delete(MailOutbox).where(MailOutbox.created_at < cutoff))
    db.session.commit()
    return int(getattr(result, "rowcount", 0) or 0)
