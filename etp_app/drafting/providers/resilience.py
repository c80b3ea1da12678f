"""What makes a provider call dependable: retries with backoff, a circuit breaker and a completion
cache shared by every worker through Redis, and cost estimates.

:class:`ResilientProvider` composes them around any provider with ``name``, ``model`` and
``complete(prompt)``. Redis is an optimisation and a safety net here, never a dependency of a draft:
when Redis fails, the cache misses, the breaker lets the call through, and a warning is logged.

Logs carry the model, status, attempt, delay and breaker name only: no prompt text, no key.
"""
from __future__ import annotations

import enum
import hashlib
import json
import logging
import math
import random
import re
import time
import uuid
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Callable, Mapping, Protocol, TypeVar

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
                        attempt, exc.status, exc.retry_after, max_delay,
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


# KEYS: open, tripped, probe. ARGV: probe_ttl_ms.
# Returns {code, ttl_ms}: 0 closed, 1 open (ttl of the open period), 2 half-open and this caller holds
# the probe, 3 half-open with a probe already in flight (its remaining ttl).
_BEFORE_CALL = """
local open_ttl = redis.call('PTTL', KEYS[1])
if open_ttl > 0 then return {1, open_ttl} end
if open_ttl == -1 then redis.call('DEL', KEYS[1]) end
if redis.call('EXISTS', KEYS[2]) == 1 then
  if redis.call('SET', KEYS[3], '1', 'NX', 'PX', ARGV[1]) then return {2, 0} end
  return {3, redis.call('PTTL', KEYS[3])}
end
return {0, 0}
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
    sliding window of ``window_seconds`` and any success resets the count. ``failure_threshold``
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

    def before_call(self) -> None:
        """Return when a call may go out; raise :class:`ProviderUnavailable` when the circuit is open
        or a half-open probe is already in flight."""
        code, ttl_ms = self._before_call(keys=[self._k_open, self._k_tripped, self._k_probe],
                                         args=[int(self.probe_ttl_seconds * 1000)])
        code, ttl_ms = int(code), int(ttl_ms)
        if code in (0, 2):
            if code == 2:
                logger.info("circuit breaker half-open; probing name=%s", self.name)
            return
        if code == 3:  # the probe answers within a request timeout; do not promise more than a period
            ttl_ms = min(ttl_ms if ttl_ms > 0 else self.open_seconds * 1000, self.open_seconds * 1000)
        seconds = _whole_seconds(ttl_ms)
        raise ProviderUnavailable(
            f"O provedor de IA está indisponível; tente novamente em {seconds} s.", retry_after=float(seconds)
        )

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
        digest = hashlib.sha256(prompt.cache_key_material(model).encode("utf-8")).hexdigest()
        return f"{self.prefix}{digest}"

    def get(self, prompt: Prompt, model: str) -> Completion | None:
        started = time.perf_counter()
        raw = self.redis.get(self.key_for(prompt, model))
        if raw is None:
            return None
        try:
            data = json.loads(raw)
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
        payload = json.dumps(
            {
                "v": self._VERSION,
                "text": completion.text,
                "model": completion.model,
                "provider": completion.provider,
                "tokens_in": completion.tokens_in,
                "tokens_out": completion.tokens_out,
                "stored_at": int(time.time()),
            },
            ensure_ascii=False,
        )
        self.redis.set(self.key_for(prompt, model), payload, ex=self.ttl_seconds)
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
        if use_cache and cache is not None:
            hit = self._redis_op("cache_get", lambda: cache.get(prompt, self.model), None)
            if hit is not None:
                logger.info("completion cache hit model=%s", self.model)
                return hit
        completion = retry_call(
            lambda: self._attempt(prompt),
            max_attempts=self.max_attempts,
            base_delay=self.base_delay,
            max_delay=self.max_delay,
            sleep=self._sleep,
            rng=self._rng,
        )
        if cache is not None:
            self._redis_op("cache_set", lambda: cache.set(prompt, self.model, completion), False)
        return completion

    def _attempt(self, prompt: Prompt) -> Completion:
        breaker = self.breaker
        if breaker is not None:
            self._redis_op("breaker_check", breaker.before_call, None)  # ProviderUnavailable propagates
        try:
            completion = self.inner.complete(prompt)
        except ProviderError as exc:
            # 400-class answers and unusable outputs prove the provider is up: they do not trip it
            if breaker is not None:
                if exc.retryable:
                    if self._redis_op("breaker_failure", breaker.record_failure, False):
                        logger.warning("circuit breaker opened name=%s open_seconds=%s",
                                       breaker.name, breaker.open_seconds)
                else:
                    self._redis_op("breaker_success", breaker.record_success, None)
            raise
        except BaseException:
            # interrupted (time limit, shutdown) or a bug: no verdict on the provider
            if breaker is not None:
                self._redis_op("breaker_release", breaker.release_probe, None)
            raise
        if breaker is not None:
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
                operation, self.model, self.redis_backoff_seconds, type(exc).__name__,
            )
            return default
