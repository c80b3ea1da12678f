"""Estimated cost of a provider call from list prices per million tokens.

Kept apart from the call path: a draft's cost is recorded for budgets and reports, and an unknown
model is flagged as unknown rather than priced as free.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType


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
