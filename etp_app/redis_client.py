"""The app's Redis connection, with short timeouts and a fail-fast window while Redis is down.

Redis holds the cache of the token revocation state (PostgreSQL is its source of truth:
etp_app/security.py), rate-limit counters and caches. When it is unreachable the API keeps serving
CRUD (health says ``degraded``): callers pass a default to ``safe_call``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

import redis
from flask import Flask, current_app
from redis.backoff import NoBackoff
from redis.retry import Retry

log = logging.getLogger(__name__)
T = TypeVar("T")

EXTENSION_KEY = "etp_redis"
DOWN_BACKOFF_SECONDS = 2.0


class RedisHolder:
    def __init__(self, url: str, socket_timeout: float):
        self.client = redis.Redis.from_url(
            url,
            # fail fast: redis-py's default retries would stall every request while Redis is down
            retry=Retry(NoBackoff(), 0),
            socket_timeout=socket_timeout,
            socket_connect_timeout=socket_timeout,
            health_check_interval=30,
            decode_responses=True,
        )
        self._down_until = 0.0

    def safe_call(self, fn: Callable[[redis.Redis], T], default: T) -> T:
        """Run ``fn(client)``; on a Redis failure return ``default`` and skip Redis for a moment."""
        now = time.monotonic()
        if now < self._down_until:
            return default
        try:
            return fn(self.client)
        except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
            self._down_until = now + DOWN_BACKOFF_SECONDS
            log.warning("redis unavailable, serving degraded: %s", exc.__class__.__name__)
            return default

    @property
    def seems_down(self) -> bool:
        return time.monotonic() < self._down_until


def init_redis(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = RedisHolder(app.config["REDIS_URL"], app.config["REDIS_SOCKET_TIMEOUT"])


def get_redis() -> RedisHolder:
    return current_app.extensions[EXTENSION_KEY]


def safe_call(fn: Callable[[redis.Redis], T], default: Any) -> T:
    return get_redis().safe_call(fn, default)
