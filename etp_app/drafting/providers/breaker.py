"""The circuit breaker shared by every worker through Redis.

Its state lives in Redis keys under one hash tag, and each transition is a single Lua script or
command, so that all worker processes see one circuit and race safely on it.
:meth:`CircuitBreaker.queue_peek` lets the closed-circuit check ride on another pipeline (the
completion cache lookup) instead of a round trip of its own. Logs carry the breaker name only.

It counts *calls* that failed after their retries, not attempts: a blip of a few 500s is absorbed by
the retry loop and never opens the circuit, while a provider that is really down fails every call's
last attempt and opens it after ``failure_threshold`` such calls. The cause of the failure that
opened it is kept beside the open state, so every worker's :class:`ProviderUnavailable` (and the job
that waits because of it) names the real reason: a timeout, a 500, a 429.
"""

from __future__ import annotations

import enum
import logging
import math
import time
import uuid
from typing import Any

from etp_app.drafting.types import ProviderUnavailable

logger = logging.getLogger(__name__)

DEFAULT_BREAKER_PREFIX = "etp:breaker:"


class BreakerState(str, enum.Enum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


DEFAULT_UNAVAILABLE_CAUSE = "falhas repetidas do provedor de IA"


class Admission(enum.IntEnum):
    """How :meth:`CircuitBreaker.before_call` let a call out; truthy when its verdict is due.

    ``CLEAR``: closed with no failure counted (a success has nothing to clear: it is not written);
    ``COUNTED``: closed with failures counted (a success clears them); ``PROBE``: half-open and this
    caller holds the probe (its failure opens the circuit again at once, its success closes it)."""

    CLEAR = 0
    COUNTED = 1
    PROBE = 2

    @property
    def verdict_due(self) -> bool:
        return self is not Admission.CLEAR


# KEYS: open, tripped, probe, failures, cause. ARGV: probe_ttl_ms.
# Returns {code, ttl_ms, failures, cause}: code 0 closed (failures: 1 when some are counted in the
# window, else 0), 1 open (ttl of the open period), 2 half-open and this caller holds the probe, 3
# half-open with a probe already in flight (its remaining ttl). ``cause``: what opened it ('' if none).
_BEFORE_CALL = """
local open_ttl = redis.call('PTTL', KEYS[1])
if open_ttl > 0 then return {1, open_ttl, 0, redis.call('GET', KEYS[5]) or ''} end
if open_ttl == -1 then redis.call('DEL', KEYS[1]) end
if redis.call('EXISTS', KEYS[2]) == 1 then
  if redis.call('SET', KEYS[3], '1', 'NX', 'PX', ARGV[1]) then return {2, 0, 0, ''} end
  return {3, redis.call('PTTL', KEYS[3]), 0, redis.call('GET', KEYS[5]) or ''}
end
return {0, 0, redis.call('EXISTS', KEYS[4]), ''}
"""

# KEYS: failures, open, tripped, probe, cause. ARGV: threshold, window_ms, open_ms, tripped_ttl_ms,
# member, cause. A call failed after its retries. Returns the failed calls counted in the window; -1
# when this failure opened the circuit (threshold reached, or it came while half-open); -2 when it was
# open already (a call that left before).
_RECORD_FAILURE = """
if redis.call('EXISTS', KEYS[3]) == 1 then
  if redis.call('EXISTS', KEYS[2]) == 1 then return -2 end
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  redis.call('SET', KEYS[3], '1', 'PX', ARGV[4])
  redis.call('SET', KEYS[5], ARGV[6], 'PX', ARGV[4])
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
  redis.call('SET', KEYS[5], ARGV[6], 'PX', ARGV[4])
  redis.call('DEL', KEYS[1], KEYS[4])
  return -1
end
return count
"""

# KEYS: open, tripped, probe, cause. ARGV: open_ms, tripped_ttl_ms, cause. The half-open probe's
# attempt failed. Returns -1 when this opened the circuit again, -2 when it was open already, 0 when it
# closed meanwhile (another caller's success): then the failure is only an attempt of a call, not counted.
_RECORD_PROBE_FAILURE = """
if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
if redis.call('EXISTS', KEYS[1]) == 1 then return -2 end
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
redis.call('SET', KEYS[4], ARGV[3], 'PX', ARGV[2])
redis.call('DEL', KEYS[3])
return -1
"""


def _whole_seconds(ms: int | float) -> int:
    return max(1, math.ceil(ms / 1000))


def _text(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value or "")


class CircuitBreaker:
    """A circuit breaker whose state lives in Redis, so every worker process sees the same circuit.

    Closed: calls pass; each *call* that failed after its retries with a retryable-class error (429,
    5xx, timeout, connection) is counted in a sliding window of ``window_seconds``
    (:meth:`record_failure`, with its cause) and any success resets the count (a call admitted while
    the circuit was closed with no failure counted has nothing to reset: :meth:`before_call` says so,
    and its success is not written). ``failure_threshold`` failed calls in the window open it for
    ``open_seconds``: calls fail fast with :class:`ProviderUnavailable`, which names the cause of the
    failure that opened it. Then it is half-open: exactly one caller gets the probe (SET NX, held at
    most ``probe_ttl_seconds`` in case that worker dies, so keep it above the provider's timeout); a
    success closes the circuit, a failure of the probe's attempt opens it again at once
    (:meth:`record_probe_failure`). The other callers wait for the probe's verdict, polling every
    ``poll_seconds`` for at most ``probe_wait_seconds`` (keep it above the provider's timeout and
    within the task's soft time limit; 0: fail at once): closed, they all go on; opened again, they
    fail fast. Every transition is one Lua script or one command, atomic across workers (Redis >= 5,
    scripts read the server's clock).

    With the defaults (5 calls, 4 attempts each, 0.5 s base backoff) a provider that answers 500 at
    once opens the circuit about 2-4 s after five calls started failing (~20 requests, plus the
    attempts other calls in flight make meanwhile); a provider that times out does after about four
    timeouts of each of five calls. A blip of fewer 500s than one call's attempts opens nothing.
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
        probe_wait_seconds: float = 65,
        poll_seconds: float = 0.1,
        key_prefix: str = DEFAULT_BREAKER_PREFIX,
    ) -> None:
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        if window_seconds <= 0 or open_seconds <= 0 or probe_ttl_seconds <= 0 or poll_seconds <= 0:
            raise ValueError("window_seconds, open_seconds, probe_ttl_seconds and poll_seconds must be positive")
        if probe_wait_seconds < 0:
            raise ValueError("probe_wait_seconds must not be negative")
        self.redis = redis_client
        self.name = name
        self.failure_threshold = failure_threshold
        self.window_seconds = window_seconds
        self.open_seconds = open_seconds
        self.probe_ttl_seconds = probe_ttl_seconds
        self.probe_wait_seconds = probe_wait_seconds
        self.poll_seconds = poll_seconds
        base = f"{key_prefix}{{{name}}}"  # hash tag: all keys of one breaker share a cluster slot
        self._k_failures = f"{base}:failures"
        self._k_open = f"{base}:open"
        self._k_tripped = f"{base}:tripped"  # set while open or half-open
        self._k_probe = f"{base}:probe"
        self._k_cause = f"{base}:cause"  # the cause of the failure that opened it, while tripped
        self._before_call = redis_client.register_script(_BEFORE_CALL)
        self._record_failure = redis_client.register_script(_RECORD_FAILURE)
        self._record_probe_failure = redis_client.register_script(_RECORD_PROBE_FAILURE)

    @property
    def keys(self) -> tuple[str, ...]:
        return (self._k_failures, self._k_open, self._k_tripped, self._k_probe, self._k_cause)

    @property
    def _tripped_ttl_ms(self) -> int:
        return int(max(self.open_seconds * 10, 3600) * 1000)

    def before_call(self) -> Admission:
        """Return when a call may go out; raise :class:`ProviderUnavailable` when the circuit is open,
        or when it is half-open and the probe in flight gives no verdict within
        ``probe_wait_seconds`` (or opens it again).

        The answer says whether the call's success must be recorded (:meth:`record_success`): truthy
        when failures are counted or this caller holds the half-open probe, ``CLEAR`` when the circuit
        is closed with nothing for a success to clear."""
        deadline: float | None = None
        while True:
            code, ttl_ms, failures, cause = self._before_call(
                keys=[self._k_open, self._k_tripped, self._k_probe, self._k_failures, self._k_cause],
                args=[int(self.probe_ttl_seconds * 1000)],
            )
            code, ttl_ms = int(code), int(ttl_ms)
            if code == 0:
                return Admission.COUNTED if int(failures) else Admission.CLEAR
            if code == 2:
                logger.info("circuit breaker half-open; probing name=%s", self.name)
                return Admission.PROBE
            if code == 1:
                raise self.unavailable(_text(cause), ttl_ms / 1000)
            # code 3: a probe is in flight; its verdict comes within a request timeout: wait for it
            now = time.monotonic()
            if deadline is None:
                deadline = now + self.probe_wait_seconds
                if self.probe_wait_seconds > 0:
                    logger.info("circuit breaker half-open; waiting for the probe name=%s", self.name)
            if now >= deadline:
                # do not promise more than a period
                wait_ms = min(ttl_ms if ttl_ms > 0 else self.open_seconds * 1000, self.open_seconds * 1000)
                raise self.unavailable(_text(cause), wait_ms / 1000)
            time.sleep(min(self.poll_seconds, deadline - now))

    def unavailable(self, cause: str | None, seconds: float) -> ProviderUnavailable:
        """The error of a call the open circuit stops: its cause, and when to try again."""
        cause = cause or DEFAULT_UNAVAILABLE_CAUSE
        whole = _whole_seconds(seconds * 1000)
        return ProviderUnavailable(
            f"O provedor de IA está indisponível (última falha: {cause}); tente novamente em {whole} s.",
            retry_after=float(whole),
            cause=cause,
        )

    def queue_peek(self, pipe: Any) -> None:
        """Queue on ``pipe`` (a pipeline on this breaker's Redis client) the two reads that settle
        :meth:`before_call` while the circuit is closed, so that they share a round trip with other
        commands (the completion cache lookup); give their replies to :meth:`before_call_peeked`."""
        pipe.exists(self._k_open, self._k_tripped)
        pipe.exists(self._k_failures)

    def before_call_peeked(self, tripped: int, failures: int) -> Admission:
        """:meth:`before_call` from the replies of :meth:`queue_peek`: a closed circuit answers at once
        (the same answer the script gives while nothing is tripped); an open or half-open one runs
        the whole check, probe (and wait for it) and all."""
        if not int(tripped):
            return Admission.COUNTED if int(failures) else Admission.CLEAR
        return self.before_call()

    def record_success(self) -> None:
        """The provider answered: close the circuit and forget past failures."""
        self.redis.delete(*self.keys)

    def record_failure(self, cause: str | None = None) -> bool:
        """Count a call that failed after its retries with a retryable-class error (``cause``: its
        :attr:`ProviderError.cause`); True when this failure opened the circuit."""
        result = int(
            self._record_failure(
                keys=[self._k_failures, self._k_open, self._k_tripped, self._k_probe, self._k_cause],
                args=[
                    self.failure_threshold,
                    int(self.window_seconds * 1000),
                    int(self.open_seconds * 1000),
                    self._tripped_ttl_ms,
                    uuid.uuid4().hex,
                    cause or DEFAULT_UNAVAILABLE_CAUSE,
                ],
            )
        )
        return result == -1

    def record_probe_failure(self, cause: str | None = None) -> bool:
        """The half-open probe's attempt failed with a retryable-class error: open the circuit again
        for a whole period. True when the circuit is open now (False: another caller's success closed
        it meanwhile, so this failure is just an attempt of a call, left to the retry loop)."""
        result = int(
            self._record_probe_failure(
                keys=[self._k_open, self._k_tripped, self._k_probe, self._k_cause],
                args=[int(self.open_seconds * 1000), self._tripped_ttl_ms, cause or DEFAULT_UNAVAILABLE_CAUSE],
            )
        )
        return result != 0

    def release_probe(self) -> None:
        """Give the half-open probe back without a verdict (the call ended neither way, e.g. a
        task time limit interrupted it), so the next caller (a waiting one) may probe at once."""
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
