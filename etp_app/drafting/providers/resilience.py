"""What makes a provider call dependable: :class:`ResilientProvider` puts the retry loop
(:mod:`.retry`), the circuit breaker (:mod:`.breaker`) and the completion cache (:mod:`.cache`),
the last two shared by every worker through Redis, around any provider with ``name``, ``model``
and ``complete(prompt)``.

Redis is an optimisation and a safety net here, never a dependency of a draft:
when Redis fails, the cache misses, the breaker lets the call through, and a warning is logged.
A call that misses the cache and finds the circuit closed with no failure counted costs two round
trips to Redis: the cache lookup together with the breaker's state, then the cache write.

Logs carry the model, status, attempt, delay and breaker name only: no prompt text, no key.
"""

from __future__ import annotations

import functools
import logging
import random
import time
from collections.abc import Callable
from typing import Protocol, TypeVar

from redis.exceptions import RedisError

from etp_app.drafting.providers.breaker import Admission, CircuitBreaker
from etp_app.drafting.providers.cache import CompletionCache
from etp_app.drafting.providers.retry import retry_call
from etp_app.drafting.types import Completion, Prompt, ProviderError

logger = logging.getLogger(__name__)

T = TypeVar("T")

# What the cache lookup answers when Redis is skipped: no hit, no peek at the breaker, no key.
_LOOKUP_SKIPPED: tuple[Completion | None, tuple[int, int] | None, str | None] = (None, None, None)


class CompletionProvider(Protocol):
    """What :class:`ResilientProvider` wraps (``OpenAIProvider`` and the offline provider fit)."""

    name: str
    model: str

    def complete(self, prompt: Prompt) -> Completion: ...


class ResilientProvider:
    """``inner`` behind the cache, the circuit breaker and the retry loop.

    ``complete(prompt)``: a cache hit returns at once; otherwise each attempt first asks the breaker
    (open: :class:`ProviderUnavailable`, no request; half-open with a probe in flight: it waits for
    the probe's verdict), then calls ``inner``; retryable failures are retried with backoff, and a
    call whose retries are all spent counts as one failure for the breaker (the failure that opens
    it comes out as :class:`ProviderUnavailable`, with the cause), so a blip the retries absorb never
    opens it; a half-open probe's failed attempt opens it again at once. A valid answer is stored
    in the cache.
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
            hit, peek, key = self._redis_op("cache_get", lambda: self._lookup(cache, prompt), _LOOKUP_SKIPPED)
            if hit is not None:
                logger.info("completion cache hit model=%s", self.model)
                return hit
            if peek is not None:
                peeked.append(peek)
        try:
            completion = retry_call(
                lambda: self._attempt(prompt, peeked.pop() if peeked else None),
                max_attempts=self.max_attempts,
                base_delay=self.base_delay,
                max_delay=self.max_delay,
                sleep=self._sleep,
                rng=self._rng,
            )
        except ProviderError as exc:
            if exc.retryable and self.breaker is not None:
                self._count_failed_call(self.breaker, exc)
            raise
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

    def _count_failed_call(self, breaker: CircuitBreaker, exc: ProviderError) -> None:
        """A call spent its retries on retryable failures: count it; when that opens the circuit,
        raise :class:`ProviderUnavailable` (with the cause and the open period) instead."""
        if self._redis_op("breaker_failure", lambda: breaker.record_failure(exc.cause), False):
            logger.warning(
                "circuit breaker opened name=%s open_seconds=%s status=%s",
                breaker.name,
                breaker.open_seconds,
                exc.status,
            )
            raise breaker.unavailable(exc.cause, breaker.open_seconds) from exc

    def _attempt(self, prompt: Prompt, peek: tuple[int, int] | None) -> Completion:
        breaker = self.breaker
        # whether the breaker needs to hear of a success (or get its probe back); due when unknown
        admission = Admission.COUNTED
        if breaker is not None:
            check = breaker.before_call if peek is None else functools.partial(breaker.before_call_peeked, *peek)
            admission = self._redis_op("breaker_check", check, Admission.COUNTED)  # ProviderUnavailable propagates
        try:
            completion = self.inner.complete(prompt)
        except ProviderError as exc:
            # 400-class answers and unusable outputs prove the provider is up: they do not trip it
            if breaker is not None:
                if exc.retryable:
                    if admission is Admission.PROBE:
                        self._probe_failed(breaker, exc)
                elif admission.verdict_due:
                    self._redis_op("breaker_success", breaker.record_success, None)
            raise
        except BaseException:
            # interrupted (time limit, shutdown) or a bug: no verdict on the provider
            if breaker is not None and admission is Admission.PROBE:
                self._redis_op("breaker_release", breaker.release_probe, None)
            raise
        if breaker is not None and admission.verdict_due:
            self._redis_op("breaker_success", breaker.record_success, None)
        return completion

    def _probe_failed(self, breaker: CircuitBreaker, exc: ProviderError) -> None:
        """The half-open probe failed: the circuit opens again, and this call stops here (its retries
        would only find it open) with :class:`ProviderUnavailable`."""
        if self._redis_op("breaker_probe_failure", lambda: breaker.record_probe_failure(exc.cause), False):
            logger.warning(
                "circuit breaker opened again: the probe failed name=%s open_seconds=%s status=%s",
                breaker.name,
                breaker.open_seconds,
                exc.status,
            )
            raise breaker.unavailable(exc.cause, breaker.open_seconds) from exc

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
