"""Slowing password guessing down without handing anyone a lock (issue 11 §3).

Every failed password check (login, change-password's current password, the password that confirms
an LGPD deletion) counts, in one multi-row upsert of ``login_throttles`` (PostgreSQL: it holds while
Redis is down), against three counters:

- **(e-mail, address)**: from the ``LOGIN_FREE_ATTEMPTS``-th failure (5) on, the pair is blocked
  for a delay that doubles with each further failure — ``LOGIN_BASE_DELAY_SECONDS`` (30 s), 60 s,
  120 s ... up to ``LOGIN_MAX_DELAY_SECONDS`` (900 s). While blocked, every attempt of that e-mail
  from that address answers 429 with ``Retry-After``, the right password too (it is that address);
  the owner signing in from another address is never refused because of it.
- **address** (every e-mail): the same progression from ``LOGIN_ADDRESS_FREE_ATTEMPTS`` (30).
- **e-mail** (every address): never blocks; when it reaches ``LOGIN_ALERT_FAILURES`` (10) the mail
  "login_alert" is queued for the owner (a reset link), at most once per window.

A counter forgets its failures once ``LOGIN_WINDOW_SECONDS`` (900 s) have passed since its first
one while it is below its threshold (a busy shared address does not pile up the day's typos), and,
once throttled, only after a whole window without failures after its last block ends (a patient
attacker does not get free attempts back by waiting out each block). A success clears the
(e-mail, address) counter.

Counters are keyed by the NORMALIZED E-MAIL, never by the account: an unknown e-mail is counted,
blocked and answered exactly like a known one (same statements, same status, body and
``Retry-After``), and the login_alert builder (services/account_mail.py) finds no account in the
worker, so nothing tells the two apart. Keys are HMAC-SHA256 digests (keyed by ``SECRET_KEY``):
the table holds no e-mail and no address. An IPv6 client counts by its /64 network (one host
controls that many addresses).

Attempts refused while blocked are not counted (the answer is already a 429, and the block does not
grow under a flood: ``Retry-After`` stays true). The per-route rate limit (``RATELIMIT_AUTH``, per
client address) stays in front of all this.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app, has_request_context
from sqlalchemy import Interval, and_, case, delete, func, literal, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from etp_app.errors import ServiceUnavailable, TooManyRequests
from etp_app.extensions import db
from etp_app.models.throttle import LoginThrottle
from etp_app.security import client_ip
from etp_app.services import mail

log = logging.getLogger(__name__)

BLOCKING_KINDS = ("account_address", "address")


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Settings:
    free_attempts: int
    address_free_attempts: int
    alert_failures: int
    window: int
    base_delay: int
    max_delay: int

    @classmethod
    def current(cls) -> Settings:
        config = current_app.config
        return cls(
            free_attempts=max(1, int(config["LOGIN_FREE_ATTEMPTS"])),
            address_free_attempts=max(1, int(config["LOGIN_ADDRESS_FREE_ATTEMPTS"])),
            alert_failures=max(1, int(config["LOGIN_ALERT_FAILURES"])),
            window=max(1, int(config["LOGIN_WINDOW_SECONDS"])),
            base_delay=max(1, int(config["LOGIN_BASE_DELAY_SECONDS"])),
            max_delay=max(1, int(config["LOGIN_MAX_DELAY_SECONDS"])),
        )

    def threshold(self, kind: str) -> int:
        return {
            "account_address": self.free_attempts,
            "address": self.address_free_attempts,
            "account": self.alert_failures,
        }[kind]

    def delay(self, failures: int, kind: str) -> int | None:
        """The block after the ``failures``-th failure of a counter of ``kind`` (None: no block)."""
        if kind not in BLOCKING_KINDS or failures < self.threshold(kind):
            return None
        return min(self.max_delay, self.base_delay * 2 ** min(failures - self.threshold(kind), 30))


@dataclass(frozen=True)
class Keys:
    """The counters of one e-mail from one address."""

    email: str
    account_address: str
    address: str
    account: str


@dataclass(frozen=True)
class Failure:
    """One counted failure: the (e-mail, address) count, the block it started (seconds, or None)
    and whether the owner is to be mailed now."""

    email: str
    failures: int
    blocked_for: int | None
    alert: bool

    def audit(self) -> dict[str, Any]:
        return {"failures": self.failures, "blocked_seconds": self.blocked_for}


def _digest(text: str) -> str:
    secret = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    return hmac.new(secret, text.encode("utf-8"), hashlib.sha256).hexdigest()


def address_bucket(address: str) -> str:
    """The address a counter is kept for: IPv4 as is, IPv6 by its /64 network (an IPv4-mapped IPv6
    address as its IPv4), anything else (no address known) as given."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return address.strip()[:64] or "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def keys_for(email: str, address: str | None = None) -> Keys:
    """The counters of the normalized ``email`` from ``address`` (default: the request's client
    address, trusted-proxy aware)."""
    if address is None:
        address = client_ip() if has_request_context() else "local"
    bucket = address_bucket(address)
    return Keys(
        email=email,
        account_address=_digest(f"acct:{email}|{bucket}"),
        address=_digest(f"ip:{bucket}"),
        account=_digest(f"email:{email}"),
    )


# --------------------------------------------------------------------------- checking


def _wait_text(seconds: int) -> str:
    if seconds < 120:
        return "1 segundo" if seconds == 1 else f"{seconds} segundos"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minutos"


def throttled_error(seconds: int) -> TooManyRequests:
    """The 429 of a blocked (e-mail, address) or address: says nothing about the account."""
    return TooManyRequests(
        "Muitas tentativas sem sucesso a partir deste endereço. "
        f"Aguarde {_wait_text(seconds)} e tente novamente, ou redefina sua senha.",
        retry_after=seconds,
    )


def blocked_for(keys: Keys, now: datetime | None = None) -> int | None:
    """Seconds until this e-mail may be tried again from this address (None: not blocked)."""
    now = now or _now()
    until = db.session.scalar(
        select(func.max(LoginThrottle.blocked_until)).where(
            LoginThrottle.key.in_((keys.account_address, keys.address)), LoginThrottle.blocked_until > now
        )
    )
    if until is None:
        return None
    return max(1, math.ceil((until - now).total_seconds()))


# --------------------------------------------------------------------------- counting


def _initial_row(key: str, kind: str, settings: Settings, now: datetime) -> dict[str, Any]:
    delay = settings.delay(1, kind)
    alert = kind == "account" and settings.alert_failures <= 1
    return {
        "key": key,
        "kind": kind,
        "failures": 1,
        "window_started_at": now,
        "last_failure_at": now,
        "blocked_until": now + timedelta(seconds=delay) if delay is not None else None,
        "notified_at": now if alert else None,
    }


def record_failure(keys: Keys, now: datetime | None = None) -> Failure:
    """Count one failed password check for the e-mail from the address (one statement; the caller
    commits, then calls :func:`alert_owner`)."""
    now = now or _now()
    settings = Settings.current()
    row = LoginThrottle.__table__.c
    window_ago = now - timedelta(seconds=settings.window)
    now_value = literal(now, type_=row.window_started_at.type)

    threshold = case(
        (row.kind == "account_address", settings.free_attempts),
        (row.kind == "address", settings.address_free_attempts),
        else_=settings.alert_failures,
    )
    quiet_since = func.coalesce(row.blocked_until, row.last_failure_at, row.window_started_at)
    restart = or_(and_(row.window_started_at <= window_ago, row.failures < threshold), quiet_since <= window_ago)
    failures = case((restart, 1), else_=row.failures + 1)
    delay = func.least(settings.max_delay, settings.base_delay * func.power(2, func.least(failures - threshold, 30)))
    blocked_until = case(
        (
            and_(row.kind.in_(BLOCKING_KINDS), failures >= threshold),
            now_value + func.make_interval(0, 0, 0, 0, 0, 0, delay, type_=Interval()),
        ),
        else_=None,
    )
    notified_at = case(
        (
            and_(
                row.kind == "account",
                failures >= threshold,
                or_(row.notified_at.is_(None), row.notified_at <= window_ago),
            ),
            now_value,
        ),
        else_=row.notified_at,
    )

    kinds = {keys.account_address: "account_address", keys.address: "address", keys.account: "account"}
    # rows in key order: two transactions upserting overlapping keys lock them in the same order
    values = [_initial_row(key, kinds[key], settings, now) for key in sorted(kinds)]
    statement = (
        pg_insert(LoginThrottle)
        .values(values)
        .on_conflict_do_update(
            index_elements=[row.key],
            set_={
                "failures": failures,
                "window_started_at": case((restart, now_value), else_=row.window_started_at),
                "last_failure_at": now_value,
                "blocked_until": blocked_until,
                "notified_at": notified_at,
            },
        )
        .returning(row.key, row.failures, row.blocked_until, row.notified_at)
    )
    counted = {r.key: r for r in db.session.execute(statement)}
    pair = counted[keys.account_address]
    blocks = [r.blocked_until for key, r in counted.items() if kinds[key] in BLOCKING_KINDS and r.blocked_until]
    longest = max(blocks, default=None)
    account = counted[keys.account]
    return Failure(
        email=keys.email,
        failures=int(pair.failures),
        blocked_for=max(1, math.ceil((longest - now).total_seconds())) if longest is not None else None,
        alert=account.notified_at is not None and account.notified_at == now,
    )


def alert_owner(failure: Failure) -> None:
    """After the commit: queue "login_alert" when this failure crossed the e-mail's threshold. The
    worker finds the account (or nothing, for an unknown e-mail). A broker outage does not change the
    answer of the failed attempt (a 401 stays a 401 for every e-mail): it is logged."""
    if not failure.alert:
        return
    try:
        mail.enqueue("login_alert", email=failure.email)
    except ServiceUnavailable:
        log.warning("login_alert not queued: the broker is unavailable")


def clear(keys: Keys) -> None:
    """A success: the (e-mail, address) counter starts again (the caller commits)."""
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.key == keys.account_address))


# --------------------------------------------------------------------------- housekeeping


def purge(now: datetime | None = None) -> int:
    """Delete the counters that would start again anyway (their window, block, quiet window and
    quiet window are over); commits. Returns how many went."""
    now = now or _now()
    settings = Settings.current()
    keep = timedelta(seconds=settings.window)
    row = LoginThrottle.__table__.c
    latest = func.greatest(row.window_started_at, row.last_failure_at, row.blocked_until, row.notified_at)
    result = db.session.execute(delete(LoginThrottle).where(latest < now - keep))
    db.session.commit()
    return int(getattr(result, "rowcount", 0) or 0)
