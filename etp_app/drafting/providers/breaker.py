"""The circuit breaker shared by every worker through Redis.

Its state lives in Redis keys under one hash tag, and each transition is a single Lua script or
command, so that all worker processes see one circuit and race safely on it.
:meth:`CircuitBreaker.queue_peek` lets the closed-circuit check ride on another pipeline (the
completion cache lookup) instead of a round trip of its own. Logs carry the breaker name only.
"""

from __future__ import annotations

import enum
import logging
import math
import uuid
from typing import Any

from etp_app.drafting.types import ProviderUnavailable

logger = logging.getLogger(__name__)

DEFAULT_BREAKER_PREFIX = "etp:breaker:"


class BreakerState(str, enum.Enum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


# KEYS: open, tripped, probe, failures. ARGV: probe_ttl_ms.
# Returns {code, ttl_ms, failures}: code 0 closed (failures: 1 when some are counted in the window,
# else 0), 1 open (ttl of the open period), 2 half-open and this caller holds the probe, 3 half-open
# with a probe already in flight (its remaining ttl).
_BEFORE_CALL = """
local open_ttl = redis.call('PTTL', KEYS[1])
if open_ttl > 0 then return {1, open_ttl, 0} end
if open_ttl == -1 then redis.call('DEL', KEYS[1]) end
if redis.call('EXISTS', KEYS[2]) == 1 then
  if redis.call('SET', KEYS[3], '1', 'NX', 'PX', ARGV[1]) then return {2, 0, 0} end
  return {3, redis.call('PTTL', KEYS[3]), 0}
end
return {0, 0, redis.call('EXISTS', KEYS[4])}
"""

# KEYS: failures, open, tripped, probe. ARGV: threshold, window_ms, open_ms, tripped_ttl_ms, member.
# Returns the failures counted in the window; -1 when this failure opened the circuit (threshold
# reached, or the half-open probe failed); -2 when it was open already (a call that left before).
_RECORD_FAILURE = """
if redis.call('EXISTS', KEYS[3]) == 1 then
  if redis.call('EXISTS', KEYS[2]) == 1 then return -2 end
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  redis.call('SET', KEYS[3], '1', 'PX', ARGV[4])
  redis.call('DEL', KEYS[4])
  return -1
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now, ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
local count = redis.call('ZCARD', KEYS[1])
if count >= tonumber(ARGV[1]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  redis.call('SET', KEYS[3], '1', 'PX', ARGV[4])
  redis.call('DEL', KEYS[1], KEYS[4])
  return -1
end
return count
"""


def _whole_seconds(ms: int | float) -> int:
    return max(1, math.ceil(ms / 1000))


class CircuitBreaker:
    """A circuit breaker whose state lives in Redis, so every worker process sees the same circuit.

    Closed: calls pass; each retryable-class failure (429, 5xx, timeout, connection) is counted in a
    sliding window of ``window_seconds`` and any success resets the count (a call admitted while the
    circuit was closed with no failure counted has nothing to reset: :meth:`before_call` says so, and
    its success is not written). ``failure_threshold``
    failures in the window open it for ``open_seconds``: calls fail fast with
    :class:`ProviderUnavailable`. Then it is half-open: exactly one caller gets the probe (SET NX,
    held at most ``probe_ttl_seconds`` in case that worker dies, so keep it above the provider's
    timeout); a success closes the circuit, a failure opens it again. Every transition is one Lua
    script or one command, atomic across workers (Redis >= 5, scripts read the server's clock).
    """

    def __init__(
        self,
        redis_client: Any,
        name: str,
        failure_threshold: int = 5,
        window_seconds: float = 60,
        open_seconds: float = 30,
        *,
        probe_ttl_seconds: float = 120,
        key_prefix: str = DEFAULT_BREAKER_PREFIX,
    ) -> None:
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        if window_seconds <= 0 or open_seconds <= 0 or probe_ttl_seconds <= 0:
            raise ValueError("window_seconds, open_seconds and probe_ttl_seconds must be positive")
        self.redis = redis_client
        self.name = name
        self.failure_threshold = failure_threshold
        self.window_seconds = window_seconds
        self.open_seconds = open_seconds
        self.probe_ttl_seconds = probe_ttl_seconds
        base = f"{key_prefix}{{{name}}}"  # hash tag: all keys of one breaker share a cluster slot
        self._k_failures = f"{base}:failures"
        self._k_open = f"{base}:open"
        self._k_tripped = f"{base}:tripped"  # set while open or half-open
        self._k_probe = f"{base}:probe"
        self._before_call = redis_client.register_script(_BEFORE_CALL)
        self._record_failure = redis_client.register_script(_RECORD_FAILURE)

    @property
    def keys(self) -> tuple[str, ...]:
        return (self._k_failures, self._k_open, self._k_tripped, self._k_probe)

    def before_call(self) -> bool:
        """Return when a call may go out; raise :class:`ProviderUnavailable` when the circuit is open
        or a half-open probe is already in flight.

        The answer says whether the call's success must be recorded (:meth:`record_success`): True
        when failures are counted or this caller holds the half-open probe, False when the circuit is
        closed with nothing for a success to clear."""
        code, ttl_ms, failures = self._before_call(
            keys=[self._k_open, self._k_tripped, self._k_probe, self._k_failures],
            args=[int(self.probe_ttl_seconds * 1000)],
        )
        code, ttl_ms = int(code), int(ttl_ms)
        if code == 0:
            return bool(int(failures))
        if code == 2:
            logger.info("circuit breaker half-open; probing name=%s", self.name)
            return True
        if code == 3:  # the probe answers within a request timeout; do not promise more than a period
            ttl_ms = min(ttl_ms if ttl_ms > 0 else self.open_seconds * 1000, self.open_seconds * 1000)
        seconds = _whole_seconds(ttl_ms)
        raise ProviderUnavailable(
            f"O provedor de IA está indisponível; tente novamente em {seconds} s.", retry_after=float(seconds)
        )

    def queue_peek(self, pipe: Any) -> None:
        """Queue on ``pipe`` (a pipeline on this breaker's Redis client) the two reads that settle
        :meth:`before_call` while the circuit is closed, so that they share a round trip with other
        commands (the completion cache lookup); give their replies to :meth:`before_call_peeked`."""
        pipe.exists(self._k_open, self._k_tripped)
        pipe.exists(self._k_failures)

    def before_call_peeked(self, tripped: int, failures: int) -> bool:
        """:meth:`before_call` from the replies of :meth:`queue_peek`: a closed circuit answers at once
        (the same answer the script gives while nothing is tripped); an open or half-open one runs
        the whole check, probe and all."""
        if not int(tripped):
            return bool(int(failures))
        return self.before_call()

    def record_success(self) -> None:
        """The provider answered: close the circuit and forget past failures."""
        self.redis.delete(*self.keys)

    def record_failure(self) -> bool:
        """Count a retryable-class failure; True when this failure opened the circuit."""
        result = int(
            self._record_failure(
                keys=[self._k_failures, self._k_open, self._k_tripped, self._k_probe],
                args=[
                    self.failure_threshold,
                    int(self.window_seconds * 1000),
                    int(self.open_seconds * 1000),
                    int(max(self.open_seconds * 10, 3600) * 1000),
                    uuid.uuid4().hex,
                ],
            )
        )
        return result == -1

    def release_probe(self) -> None:
        """Give the half-open probe back without a verdict (the call ended neither way, e.g. a
        task time limit interrupted it), so the next caller may probe at once."""
        self.redis.delete(self._k_probe)

    def state(self) -> BreakerState:
        """The state as seen now (for health checks and tests)."""
        pipe = self.redis.pipeline(transaction=False)
        pipe.exists(self._k_open)
        pipe.exists(self._k_tripped)
        is_open, is_tripped = pipe.execute()
        if is_open:
            return BreakerState.OPEN
        return BreakerState.HALF_OPEN if is_tripped else BreakerState.CLOSED

    def reset(self) -> None:
        """Close the circuit by hand (admin action, tests)."""
        self.redis.delete(*self.keys)
