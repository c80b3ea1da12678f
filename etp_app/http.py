"""Request hooks shared by every route: request ids, the default rate limit, content-type rule,
security headers."""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

from flask import Flask, current_app, g, jsonify, request
from werkzeug.exceptions import TooManyRequests

from etp_app.errors import envelope
from etp_app.extensions import limiter
from etp_app.redis_client import get_redis
from etp_app.request_context import bind_request_id, current_request_id

_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._\-]{1,128}$")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


def init_request_hooks(app: Flask) -> None:
    @app.before_request
    def _assign_request_id():
        incoming = request.headers.get("X-Request-ID", "")
        bind_request_id(incoming if _REQUEST_ID_RE.match(incoming) else uuid.uuid4().hex)

    init_default_rate_limit(app)

    @app.before_request
    def _require_json_bodies():
        if request.method not in _BODY_METHODS:
            return None
        has_body = (request.content_length or 0) > 0 or request.headers.get("Transfer-Encoding") == "chunked"
        if not has_body:
            return None
        if request.mimetype != "application/json":
            response = jsonify(envelope(415, "Tipo de conteúdo não suportado: envie application/json."))
            response.status_code = 415
            return response
        return None

    @app.after_request
    def _response_headers(response):
        headers = response.headers
        headers["X-Request-ID"] = current_request_id() or ""
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "no-referrer")
        # JSON answers load nothing and are never framed; the docs page sets its own policy first
        headers.setdefault("Content-Security-Policy", API_CSP)
        headers.setdefault("X-Frame-Options", "DENY")
        hsts = current_app.config.get("HSTS_HEADER")
        if hsts:
            headers.setdefault("Strict-Transport-Security", hsts)
        if request.path.startswith("/api/v1/"):
            headers.setdefault("Cache-Control", "no-store")
        return response


# --------------------------------------------------------------------------------------------------
# The default rate limit (RATELIMIT_DEFAULT), in one Redis round trip
#
# Flask-Limiter declares every limit: the defaults from RATELIMIT_DEFAULT, the routes' own
# (``@limiter.limit`` on the auth routes) and the exemptions (``limiter.exempt``, health). It also
# enforces them, but its per-request work for a route under the default limit (resolving the
# route's limits, three storage calls with the fixed window or two with the sliding window counter,
# the header computation) was the largest cost of GET one ETP: ~0.6 ms of CPU per request under
# gunicorn, a third of the request. So for the routes whose only limits are the defaults, the limits
# Flask-Limiter resolves for the route (once per route: they are static) are enforced here, with one
# Lua script that counts the hit in every window and returns what the X-RateLimit-* headers need;
# a request filter tells Flask-Limiter to leave those requests alone. Routes with limits of their
# own, and any limit this does not reproduce exactly (cost, exempt_when, deduct_when, per-method
# lists, meta or application limits), stay with Flask-Limiter.
#
# Same semantics as Flask-Limiter's fixed window: a counter per client key, scope (the route) and
# limit, whose window starts at its first hit; the request that takes a counter past its limit
# answers 429 with Retry-After. The headers name the limit closest to exhaustion. While Redis is
# unreachable the default limit is not enforced (the API serves degraded, as for the token
# blocklist); the auth routes keep Flask-Limiter's in-memory fallback.
# --------------------------------------------------------------------------------------------------

DEFAULT_LIMIT_KEY = "etp_default_rate_limit"

# KEYS[i]: the counter of limit i; ARGV[i]: its window in seconds. Returns count_1, ttl_ms_1, ...
_HIT_SCRIPT = """
local out = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('EXPIRE', key, ARGV[i]) end
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    redis.call('EXPIRE', key, ARGV[i])
    ttl = tonumber(ARGV[i]) * 1000
  end
  out[#out + 1] = count
  out[#out + 1] = ttl
end
return out
"""

_HEADER_CONFIG = (
    ("RATELIMIT_HEADER_LIMIT", "X-RateLimit-Limit"),
    ("RATELIMIT_HEADER_REMAINING", "X-RateLimit-Remaining"),
    ("RATELIMIT_HEADER_RESET", "X-RateLimit-Reset"),
    ("RATELIMIT_HEADER_RETRY_AFTER", "Retry-After"),
)


class DefaultRateLimit:
    """Enforces, for the routes whose only limits are the defaults, the limits Flask-Limiter
    resolves for them (see the note above)."""

    def __init__(self, app: Flask):
        self.limiter = limiter
        # Limits that apply across routes, or a breach callback, stay entirely with Flask-Limiter.
        self.enabled = bool(app.config.get("RATELIMIT_ENABLED", True)) and not any(
            app.config.get(key) for key in ("RATELIMIT_APPLICATION", "RATELIMIT_META", "RATELIMIT_ON_BREACH_CALLBACK")
        )
        self.prefix = app.config.get("RATELIMIT_KEY_PREFIX") or ""
        self.header_names = tuple(app.config.get(key) or default for key, default in _HEADER_CONFIG)
        self._plans: dict[str, tuple[Any, ...]] = {}
        self._script: Any = None

    def plan(self, endpoint: str | None) -> tuple[Any, ...]:
        """The default limits this class enforces for ``endpoint`` (empty: Flask-Limiter's)."""
        if not endpoint or not self.enabled:
            return ()
        plan = self._plans.get(endpoint)
        if plan is None:
            plan = self._plans[endpoint] = self._resolve(endpoint)
        return plan

    def _resolve(self, endpoint: str) -> tuple[Any, ...]:
        app = current_app._get_current_object()
        if endpoint not in app.view_functions or endpoint.rsplit(".", 1)[-1] == "static":
            return ()
        manager = self.limiter.limit_manager
        if manager.application_limits:
            return ()
        defaults, decorated = manager.resolve_limits(app, endpoint, request.blueprint)
        if decorated or not defaults:
            return ()  # the route's own limits, or exempt: Flask-Limiter's business
        if not all(self._reproducible(lim) for lim in defaults):
            return ()
        return tuple(defaults)

    @staticmethod
    def _reproducible(lim: Any) -> bool:
        return (
            lim.exempt_when is None
            and lim.deduct_when is None
            and lim.on_breach is None
            and lim.cost == 1
            and lim.methods is None
            and not lim.meta_limits
        )

    def handles_current_request(self) -> bool:
        return bool(self.plan(request.endpoint))

    def hit(self) -> None:
        """Count the request in each window; 429 when one is exhausted."""
        plan = self.plan(request.endpoint)
        if not plan:
            return
        endpoint, method = request.endpoint or "", request.method
        keys, windows = [], []
        for lim in plan:
            identifiers = [lim.key_func(), lim.scope_for(endpoint, method)]
            if self.prefix:
                identifiers.insert(0, self.prefix)
            keys.append(lim.limit.key_for(*identifiers))
            windows.append(lim.limit.get_expiry())
        holder = get_redis()
        if self._script is None:
            self._script = holder.client.register_script(_HIT_SCRIPT)
        result = holder.safe_call(lambda client: self._script(keys=keys, args=windows, client=client), None)
        if result is None:
            return  # Redis unreachable: serve without the default limit (see the note above)
        now = time.time()
        shown = None  # (remaining, amount, reset_at)
        breached = False
        for i, lim in enumerate(plan):
            amount = lim.limit.amount
            count, ttl_ms = int(result[2 * i]), int(result[2 * i + 1])
            remaining = max(0, amount - count)
            reset_at = int(now + ttl_ms / 1000.0 + 1)
            breached = breached or count > amount
            if shown is None or remaining < shown[0]:
                shown = (remaining, amount, reset_at)
        g._etp_rate_limit = shown
        if breached:
            raise TooManyRequests(retry_after=max(1, shown[2] - int(now)))

    def add_headers(self, response):
        shown = g.pop("_etp_rate_limit", None)
        if shown is not None:
            remaining, amount, reset_at = shown
            limit_name, remaining_name, reset_name, retry_name = self.header_names
            headers = response.headers
            headers[limit_name] = str(amount)
            headers[remaining_name] = str(remaining)
            headers[reset_name] = str(reset_at)
            if retry_name not in headers:  # a 429 already carries its own
                headers[retry_name] = str(max(0, int(reset_at - time.time())))
        return response


def _flask_limiter_skips() -> bool:
    """Flask-Limiter request filter: the requests ``DefaultRateLimit`` limits itself."""
    state = current_app.extensions.get(DEFAULT_LIMIT_KEY)
    return state is not None and state.handles_current_request()


_registered_filters: set[int] = set()


def init_default_rate_limit(app: Flask) -> None:
    state = DefaultRateLimit(app)
    app.extensions[DEFAULT_LIMIT_KEY] = state
    if id(state.limiter) not in _registered_filters:  # one filter per (process-wide) Limiter
        state.limiter.request_filter(_flask_limiter_skips)
        _registered_filters.add(id(state.limiter))
    app.before_request(state.hit)
    app.after_request(state.add_headers)
