"""Retries of a provider call: exponential backoff with full jitter, bounded by ``Retry-After``.

Only a :class:`ProviderError` flagged ``retryable`` (429, 5xx, timeout, connection) is tried again;
anything else goes straight to the caller. The clock and the randomness are parameters so that
tests and benchmarks wait for nothing. Logs carry the attempt, status and delay only.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from etp_app.drafting.types import ProviderError

logger = logging.getLogger(__name__)

T = TypeVar("T")


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
