"""AI providers and what makes them dependable.

``retry`` (backoff with jitter), ``breaker`` (the circuit breaker shared through Redis), ``cache``
(the completion cache shared through Redis), ``costs`` (price estimates) and ``resilience``
(``ResilientProvider``, composing the first three); their public names are re-exported here.
``OpenAIProvider`` (official SDK, any OpenAI-compatible server) is loaded on first use so that
importing the resilience pieces does not import the OpenAI SDK.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from etp_app.drafting.providers.breaker import BreakerState, CircuitBreaker
from etp_app.drafting.providers.cache import CompletionCache
from etp_app.drafting.providers.costs import CostEstimate, CostTable, ModelPrice
from etp_app.drafting.providers.resilience import CompletionProvider, ResilientProvider
from etp_app.drafting.providers.retry import retry_call

if TYPE_CHECKING:
    from etp_app.drafting.providers.openai_provider import InvalidOutputError, OpenAIProvider

__all__ = [
    "BreakerState",
    "CircuitBreaker",
    "CompletionCache",
    "CompletionProvider",
    "CostEstimate",
    "CostTable",
    "InvalidOutputError",
    "ModelPrice",
    "OpenAIProvider",
    "ResilientProvider",
    "retry_call",
]

_LAZY = {"OpenAIProvider", "InvalidOutputError"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from etp_app.drafting.providers import openai_provider

        return getattr(openai_provider, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
