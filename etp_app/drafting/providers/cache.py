"""The completion cache shared by every worker through Redis.

Same prompt and model, same text: an entry is keyed by the sha256 of the prompt's key material and
holds only usable text. Reads and writes can be queued on a caller's pipeline
(:meth:`CompletionCache.queue_get`, :meth:`CompletionCache.decode`) so that a lookup shares its
round trip with the circuit breaker's check. Logs carry the model only, never the prompt.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from typing import Any

import orjson

from etp_app.drafting.types import Completion, Prompt

logger = logging.getLogger(__name__)

DEFAULT_CACHE_TTL_SECONDS = 7 * 24 * 3600
DEFAULT_CACHE_PREFIX = "etp:llmcache:"


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
