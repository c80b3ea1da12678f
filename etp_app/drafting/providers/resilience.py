"""What makes a provider call dependable: retries with backoff, a circuit breaker and a completion
cache shared by every worker through Redis, and cost estimates.

:class:`ResilientProvider` composes them around any provider with ``name``, ``model`` and
``complete(prompt)``. Redis is an optimisation and a safety net here, never a dependency of a draft:
when Redis fails, the cache misses, the breaker lets the call through, and a warning is logged.
A call that misses the cache and finds the circuit closed with no failure counted costs two round
trips to Redis: the cache lookup together with the breaker's state, then the cache write.

Logs carry the model, status, attempt, delay and breaker name only: no prompt text, no key.
"""

from __future__ import annotations

import enum
import functools
import hashlib
import logging
import math
import random
import re
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Protocol, TypeVar

import orjson
from redis.exceptions import RedisError

from etp_app.drafting.types import Completion, Prompt, ProviderError, ProviderUnavailable

logger = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_CACHE_TTL_SECONDS = 7 * 24 * 3600
DEFAULT_CACHE_PREFIX = "etp:llmcache:"
DEFAULT_BREAKER_PREFIX = "etp:breaker:"


class CompletionProvider(Protocol):
    """What :class:`ResilientProvider` wraps (``OpenAIProvider`` and the offline provider fit)."""

    name: str
    model: str

    def complete(self, prompt: Prompt) -> Completion: ...


# -- retries -----------------------------------------------------------------------------------------


def backoff_delay(attempt: int, *, base_delay: float, max_delay: float, rng: Callable[[], float]) -> float:
    """Full jitter: uniform in [0, min(max_delay, base_delay * 2**(attempt-1))] after ``attempt``."""
    ceiling = min(max_delay, base_delay * (2 ** min(attempt - 1, 32)))
    return max(0.0, rng() * ceiling)


def retry_call(
    fn: Callable[[], T],
    *,
    max_attempts: int = 4,
    base_delay: float = 0.5,
    max_delay: float = 20.0,
    sleep: Callable[[float], None] = time.sleep,
    rng: Callable[[], float] = random.random,
) -> T:
    """Call ``fn`` until it returns, retrying only retryable :class:`ProviderError`.

    Waits follow exponential backoff with full jitter, but never less than the provider's
    ``retry_after``. A ``retry_after`` longer than ``max_delay`` is not worth holding a worker for:
    the error is raised at once, as is any non-retryable error. After ``max_attempts`` calls the
    last error is raised unchanged.
    """
    if max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")
    if base_delay < 0 or max_delay < 0:
        raise ValueError("delays must not be negative")
    attempt = 0
    while True:
        attempt += 1
        try:
            return fn()
        except ProviderError as exc:
            if not exc.retryable:
                raise
            if attempt >= max_attempts:
                logger.warning("provider call failed; giving up attempts=%d status=%s", attempt, exc.status)
                raise
            delay = backoff_delay(attempt, base_delay=base_delay, max_delay=max_delay, rng=rng)
            if exc.retry_after is not None:
                if exc.retry_after > max_delay:
                    logger.warning(
                        "provider asked to wait longer than allowed; giving up attempt=%d status=%s "
                        "retry_after=%.1f max_delay=%.1f",
                        attempt,
                        exc.status,
                        exc.retry_after,
                        max_delay,
                    )
                    raise
                delay = max(delay, exc.retry_after)
            logger.info("provider call failed; retrying attempt=%d status=%s delay=%.2f", attempt, exc.status, delay)
            sleep(delay)


# -- circuit breaker ---------------------------------------------------------------------------------


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


# -- completion cache --------------------------------------------------------------------------------


def _is_plain_number(value: Any) -> bool:
    return type(value) is int or (type(value) is float and math.isfinite(value))


def _key_material(prompt: Prompt, model: str) -> bytes:
    """``prompt.cache_key_material(model)`` as UTF-8, byte for byte, with the strings escaped by
    orjson (the same escapes as ``json.dumps(..., ensure_ascii=False)``, several times faster on a
    prompt of a few KB). Anything but plain strings and finite numbers takes the reference path."""
    system, user = prompt.system, prompt.user
    temperature, max_tokens = prompt.temperature, prompt.max_tokens
    if (
        type(model) is str
        and type(system) is str
        and type(user) is str
        and _is_plain_number(temperature)
        and _is_plain_number(max_tokens)
    ):
        try:
            return b"".join(
                (
                    b'{"m": ',
                    orjson.dumps(model),
                    b', "s": ',
                    orjson.dumps(system),
                    b', "t": ',
                    repr(temperature).encode(),  # json.dumps writes numbers with repr
                    b', "u": ',
                    orjson.dumps(user),
                    b', "x": ',
                    repr(max_tokens).encode(),
                    b"}",
                )
            )
        except orjson.JSONEncodeError:  # e.g. a lone surrogate: the reference path decides
            pass
    return prompt.cache_key_material(model).encode("utf-8")


class CompletionCache:
    """Completions keyed by sha256 of ``prompt.cache_key_material(model)``, kept ``ttl_seconds``.

    Same prompt and model, same text: drafting a section twice with the same facts costs one call.
    A hit comes back with ``cached=True`` and zero tokens (it cost nothing this time). Only usable
    text is stored: :meth:`set` refuses empty or whitespace-only text.
    """

    _VERSION = 1

    def __init__(
        self,
        redis_client: Any,
        ttl_seconds: int = DEFAULT_CACHE_TTL_SECONDS,
        prefix: str = DEFAULT_CACHE_PREFIX,
    ) -> None:
        if ttl_seconds <= 0:
            raise ValueError("ttl_seconds must be positive")
        self.redis = redis_client
        self.ttl_seconds = int(ttl_seconds)
        self.prefix = prefix

    def key_for(self, prompt: Prompt, model: str) -> str:
        digest = hashlib.sha256(_key_material(prompt, model)).hexdigest()
        return f"{self.prefix}{digest}"

    def get(self, prompt: Prompt, model: str) -> Completion | None:
        started = time.perf_counter()
        return self.lookup(self.key_for(prompt, model), model, started=started)

    def lookup(self, key: str, model: str, *, started: float | None = None) -> Completion | None:
        """:meth:`get` under a key already computed by :meth:`key_for`."""
        if started is None:
            started = time.perf_counter()
        return self.decode(self.redis.get(key), model, started=started)

    def queue_get(self, pipe: Any, key: str) -> None:
        """Queue the read of ``key`` on ``pipe`` (a pipeline on this cache's Redis client), to share a
        round trip with other commands; give its reply to :meth:`decode`."""
        pipe.get(key)

    def decode(self, raw: bytes | str | None, model: str, *, started: float) -> Completion | None:
        """The entry read from Redis (None: absent) as a cache hit, or None when it is absent or
        unreadable. ``started`` (``time.perf_counter()``) dates the lookup for ``latency_ms``."""
        if raw is None:
            return None
        try:
            data = orjson.loads(raw)
            if data.get("v") != self._VERSION or not str(data["text"]).strip():
                return None
            completion = Completion(
                text=str(data["text"]),
                model=str(data["model"]),
                provider=str(data["provider"]),
                tokens_in=0,
                tokens_out=0,
                cached=True,
                latency_ms=(time.perf_counter() - started) * 1000,
            )
        except (ValueError, TypeError, KeyError, AttributeError):
            logger.warning("unreadable completion cache entry ignored model=%s", model)
            return None
        return completion

    def set(self, prompt: Prompt, model: str, completion: Completion) -> bool:
        """Store ``completion``; False (and nothing stored) when its text is empty or blank."""
        if not completion.text or not completion.text.strip():
            return False
        return self.store(self.key_for(prompt, model), completion)

    def store(self, key: str, completion: Completion) -> bool:
        """:meth:`set` under a key already computed by :meth:`key_for`."""
        if not completion.text or not completion.text.strip():
            return False
        payload = orjson.dumps(
            {
                "v": self._VERSION,
                "text": completion.text,
                "model": completion.model,
                "provider": completion.provider,
                "tokens_in": completion.tokens_in,
                "tokens_out": completion.tokens_out,
                "stored_at": int(time.time()),
            }
        )
        self.redis.set(key, payload, ex=self.ttl_seconds)
        return True

    def delete(self, prompt: Prompt, model: str) -> None:
        self.redis.delete(self.key_for(prompt, model))


# -- cost --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelPrice:
    """USD per one million tokens."""

    input_per_million: Decimal
    output_per_million: Decimal


@dataclass(frozen=True)
class CostEstimate:
    usd: Decimal
    model: str
    known_model: bool  # False: no price for this model, ``usd`` is 0 and means "unknown", not "free"


PRICES_AS_OF = "2025-06"
DEFAULT_PRICES: Mapping[str, ModelPrice] = MappingProxyType(
    {
        # OpenAI list prices (standard tier) per 1M tokens, input / output
        "gpt-4.1": ModelPrice(Decimal("2.00"), Decimal("8.00")),
        "gpt-4.1-mini": ModelPrice(Decimal("0.40"), Decimal("1.60")),
        "gpt-4.1-nano": ModelPrice(Decimal("0.10"), Decimal("0.40")),
        "gpt-4o": ModelPrice(Decimal("2.50"), Decimal("10.00")),
        "gpt-4o-mini": ModelPrice(Decimal("0.15"), Decimal("0.60")),
    }
)
_SNAPSHOT_SUFFIX = re.compile(r"-\d{4}-\d{2}-\d{2}$")
_MILLION = Decimal(1_000_000)


class CostTable:
    """Estimated cost of a call. Dated snapshots (``gpt-4.1-nano-2025-04-14``) use their family's
    price; any other unknown model costs 0 with ``known_model=False``. Prices are list prices as of
    :data:`PRICES_AS_OF`; pass ``prices`` to override or extend them."""

    def __init__(self, prices: Mapping[str, ModelPrice] | None = None) -> None:
        table = dict(DEFAULT_PRICES)
        if prices:
            table.update({name.lower(): price for name, price in prices.items()})
        self._prices: Mapping[str, ModelPrice] = MappingProxyType(table)

    @property
    def prices(self) -> Mapping[str, ModelPrice]:
        return self._prices

    def price_for(self, model: str) -> ModelPrice | None:
        name = (model or "").strip().lower()
        price = self._prices.get(name)
        if price is None:
            price = self._prices.get(_SNAPSHOT_SUFFIX.sub("", name))
        return price

    def is_known(self, model: str) -> bool:
        return self.price_for(model) is not None

    def estimate(self, model: str, tokens_in: int, tokens_out: int) -> CostEstimate:
        if tokens_in < 0 or tokens_out < 0:
            raise ValueError("token counts must not be negative")
        price = self.price_for(model)
        if price is None:
            return CostEstimate(usd=Decimal(0), model=model, known_model=False)
        usd = (Decimal(tokens_in) * price.input_per_million + Decimal(tokens_out) * price.output_per_million) / _MILLION
        return CostEstimate(usd=usd, model=model, known_model=True)

    def estimate_cost(self, model: str, tokens_in: int, tokens_out: int) -> Decimal:
        """USD for one call; ``Decimal(0)`` for an unknown model (see :meth:`estimate` for the flag)."""
        return self.estimate(model, tokens_in, tokens_out).usd


# -- composition -------------------------------------------------------------------------------------


class ResilientProvider:
    """``inner`` behind the cache, the circuit breaker and the retry loop.

    ``complete(prompt)``: a cache hit returns at once; otherwise each attempt first asks the breaker
    (open: :class:`ProviderUnavailable`, no request), then calls ``inner``; retryable failures are
    counted by the breaker and retried with backoff; a valid answer is stored in the cache.
    ``use_cache=False`` (the user asked to regenerate) skips the lookup but still stores the fresh
    answer. Without ``breaker`` or ``cache`` that step is skipped.

    Redis trouble never fails a draft: the failed operation is skipped with a warning, and for the
    next ``redis_backoff_seconds`` the cache and breaker are bypassed, so an outage costs one slow
    Redis call per window instead of one per operation.

    Round trips: when the breaker and the cache share a Redis client, the cache lookup also reads
    the breaker's state (one pipeline), which settles the first attempt's check while the circuit is
    closed; a success is written to the breaker only when it has something to clear (see
    :meth:`CircuitBreaker.before_call`).
    """

    def __init__(
        self,
        inner: CompletionProvider,
        *,
        breaker: CircuitBreaker | None = None,
        cache: CompletionCache | None = None,
        max_attempts: int = 4,
        base_delay: float = 0.5,
        max_delay: float = 20.0,
        sleep: Callable[[float], None] = time.sleep,
        rng: Callable[[], float] = random.random,
        redis_backoff_seconds: float = 5.0,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.inner = inner
        self.breaker = breaker
        self.cache = cache
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.redis_backoff_seconds = redis_backoff_seconds
        self._sleep = sleep
        self._rng = rng
        self._redis_down_until = 0.0

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def model(self) -> str:
        return self.inner.model

    def complete(self, prompt: Prompt, *, use_cache: bool = True) -> Completion:
        cache = self.cache
        key: str | None = None
        peeked: list[tuple[int, int]] = []  # the breaker's state read with the lookup: first attempt only
        if use_cache and cache is not None:
            hit, peek, key = self._redis_op("cache_get", lambda: self._lookup(cache, prompt), (None, None, None))
            if hit is not None:
                logger.info("completion cache hit model=%s", self.model)
                return hit
            if peek is not None:
                peeked.append(peek)
        completion = retry_call(
            lambda: self._attempt(prompt, peeked.pop() if peeked else None),
            max_attempts=self.max_attempts,
            base_delay=self.base_delay,
            max_delay=self.max_delay,
            sleep=self._sleep,
            rng=self._rng,
        )
        if cache is not None:
            store_key = key  # computed by the lookup, unless the lookup was skipped
            self._redis_op(
                "cache_set", lambda: cache.store(store_key or cache.key_for(prompt, self.model), completion), False
            )
        return completion

    def _lookup(self, cache: CompletionCache, prompt: Prompt) -> tuple[Completion | None, tuple[int, int] | None, str]:
        """The cached completion (or None), the breaker's peek when it shares the cache's Redis client
        (read in the same round trip), and the cache key."""
        started = time.perf_counter()
        key = cache.key_for(prompt, self.model)
        breaker = self.breaker
        if breaker is None or breaker.redis is not cache.redis:
            return cache.lookup(key, self.model, started=started), None, key
        pipe = cache.redis.pipeline(transaction=False)
        cache.queue_get(pipe, key)
        breaker.queue_peek(pipe)
        raw, tripped, failures = pipe.execute()
        return cache.decode(raw, self.model, started=started), (tripped, failures), key

    def _attempt(self, prompt: Prompt, peek: tuple[int, int] | None) -> Completion:
        breaker = self.breaker
        # whether the breaker needs to hear of a success (or get its probe back); True when unknown
        verdict_due = True
        if breaker is not None:
            check = breaker.before_call if peek is None else functools.partial(breaker.before_call_peeked, *peek)
            verdict_due = self._redis_op("breaker_check", check, True)  # ProviderUnavailable propagates
        try:
            completion = self.inner.complete(prompt)
        except ProviderError as exc:
            # 400-class answers and unusable outputs prove the provider is up: they do not trip it
            if breaker is not None:
                if exc.retryable:
                    if self._redis_op("breaker_failure", breaker.record_failure, False):
                        logger.warning(
                            "circuit breaker opened name=%s open_seconds=%s", breaker.name, breaker.open_seconds
                        )
                elif verdict_due:
                    self._redis_op("breaker_success", breaker.record_success, None)
            raise
        except BaseException:
            # interrupted (time limit, shutdown) or a bug: no verdict on the provider
            if breaker is not None and verdict_due:
                self._redis_op("breaker_release", breaker.release_probe, None)
            raise
        if breaker is not None and verdict_due:
            self._redis_op("breaker_success", breaker.record_success, None)
        return completion

    def _redis_op(self, operation: str, fn: Callable[[], T], default: T) -> T:
        """Run a cache or breaker operation; on a Redis failure log, skip Redis for a while and
        return ``default``."""
        if time.monotonic() < self._redis_down_until:
            return default
        try:
            return fn()
        except RedisError as exc:
            self._redis_down_until = time.monotonic() + self.redis_backoff_seconds
            logger.warning(
                "redis unavailable; drafting continues without cache and circuit breaker "
                "operation=%s model=%s skip_seconds=%.1f error=%s",
                operation,
                self.model,
                self.redis_backoff_seconds,
                type(exc).__name__,
            )
            return default
