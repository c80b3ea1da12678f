"""The value model of an ETP: how procurement prices what it buys, and the calculations it allows.

A one-off purchase is priced per unit (120 notebooks × R$ 4.000,00); a continuous service is priced
per unit *per period* over the contract's periods (12 postos × R$ 8.233,33 por mês × 12 meses). So
the estimated total is ``valor_unitario × quantidade_estimada × numero_periodos``, where the period
is ``periodicidade_preco`` (``unico``: one period; ``mensal``; ``anual``).

The number of periods, when the ETP does not state it, comes from the contract's duration, in this
order (the first that gives a whole number of periods wins):

1. ``campos.vigencia_meses`` (the services template's initial term in months): the term a
   continuous service is priced over, the number procurement actually uses;
2. ``prazo_execucao_dias``, counting 30 days a month and 365 days a year (commercial months).

A duration that is not a whole number of periods (18 months priced per year) gives no number: the
model never invents one, and the calculation says what is missing.

The stated total is *consistent* when it is within rounding of the unit price: a unit price kept to
the cent differs from the exact quotient ``total ÷ (quantidade × períodos)`` by at most half a cent
(a cent when the spreadsheet truncated instead of rounding), so the totals may differ by up to
``quantidade × períodos × R$ 0,01`` (:data:`TOLERANCE_PER_UNIT_PERIOD`; never less than one cent).
The issue's ETP: 12 × 12 × R$ 8.233,33 = R$ 1.185.599,52 against R$ 1.185.600,00 — R$ 0,48 apart,
within R$ 1,44: consistent. A total off by more is a real mismatch and section VI's check warns.

Section IV can compute the number of posts of a service priced by productivity: area ÷ productivity
per post, rounded up (a fraction of a post is a whole post to hire), with its memo.

Plain Python (the drafting core): the API (``calculo_valor``), the quality check of VI, the offline
drafter and the documents all read this one calculation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import Any

from etp_app.drafting.formatting import format_brl, format_number_br, to_decimal, unit_for, unit_singular

UNICO = "unico"
CENT = Decimal("0.01")
TOLERANCE_PER_UNIT_PERIOD = CENT
DAYS_PER_PERIOD = {"mensal": 30, "anual": 365}
MONTHS_PER_PERIOD = {"mensal": 1, "anual": 12}
PERIOD_WORDS = {"mensal": ("mês", "meses"), "anual": ("ano", "anos")}
# the total quantity of a price per period over the term: a count, never a term of a memo
DELIVERIES_FORMULA = "quantidade_estimada × número de períodos"
PERIODICIDADE_LABELS = {"unico": "pagamento único", "mensal": "mensal", "anual": "anual"}
# Where the number of periods came from (``origem_periodos`` in the API).
ORIGEM_LABELS = {
    "unico": "preço único",
    "informado": "informado no ETP",
    "vigencia_meses": "vigência do contrato (campos.vigencia_meses)",
    "prazo_execucao_dias": "prazo de execução (prazo_execucao_dias)",
}


def whole_number(value: Any) -> int | None:
    """A positive whole number from a fact (int, integral Decimal or digit text), else None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    number = to_decimal(value)
    if number is None or number <= 0 or number != number.to_integral_value():
        return None
    return int(number)


def unit_label(unidade: str | None, quantidade: Decimal) -> str:
    """The unit agreeing with the quantity (``formatting.unit_for``, the drafter's one grammar):
    ``"posto de trabalho"`` → ``"postos de trabalho"`` for 12."""
    return unit_for(quantidade, unidade) if unidade else ""


def quantity_text(quantidade: Decimal, unidade: str | None) -> str:
    """``"12 postos"``: the quantity in pt-BR format with its unit (when there is one)."""
    label = unit_label(unidade, quantidade)
    number = format_number_br(quantidade)
    return f"{number} {label}" if label else number


def periods_text(periodicidade: str, numero: int) -> str:
    """``"12 meses"``, ``"1 ano"``."""
    singular, plural = PERIOD_WORDS[periodicidade]
    return f"{numero} {singular if numero == 1 else plural}"


@dataclass(frozen=True)
class Periods:
    """The number of periods a unit price covers and where it came from (:data:`ORIGEM_LABELS`);
    ``numero`` is None when neither the ETP nor its duration gives a whole number."""

    numero: int | None
    origem: str | None


def resolve_periods(
    periodicidade: str | None,
    numero_periodos: Any = None,
    vigencia_meses: Any = None,
    prazo_execucao_dias: Any = None,
) -> Periods:
    """The number of periods: one for a one-off price; else the stated number; else the contract's
    duration (``vigencia_meses`` first, then ``prazo_execucao_dias``) when it is a whole number of
    periods."""
    if not periodicidade or periodicidade == UNICO or periodicidade not in MONTHS_PER_PERIOD:
        return Periods(1, "unico")
    stated = whole_number(numero_periodos)
    if stated is not None:
        return Periods(stated, "informado")
    months = whole_number(vigencia_meses)
    if months is not None and months % MONTHS_PER_PERIOD[periodicidade] == 0:
        return Periods(months // MONTHS_PER_PERIOD[periodicidade], "vigencia_meses")
    days = whole_number(prazo_execucao_dias)
    if days is not None and days % DAYS_PER_PERIOD[periodicidade] == 0:
        return Periods(days // DAYS_PER_PERIOD[periodicidade], "prazo_execucao_dias")
    return Periods(None, None)


def _money_json(value: Decimal | None) -> str | None:
    return None if value is None else format(value.quantize(CENT, rounding=ROUND_HALF_UP), "f")


def _quantity_json(value: Decimal | None) -> str | None:
    if value is None:
        return None
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class ValueCalculation:
    """The estimated total as the value model computes it, beside the total the ETP states."""

    valor_unitario: Decimal | None
    quantidade: Decimal | None
    unidade_medida: str | None
    periodicidade: str
    numero_periodos: int | None
    origem_periodos: str | None
    valor_estimado: Decimal | None

    @property
    def exact_total(self) -> Decimal | None:
        """unit × quantity × periods, unrounded; None while a factor is missing."""
        if self.valor_unitario is None or self.quantidade is None or self.numero_periodos is None:
            return None
        return self.valor_unitario * self.quantidade * self.numero_periodos

    @property
    def total_calculado(self) -> Decimal | None:
        """:attr:`exact_total` to the cent (half up)."""
        exact = self.exact_total
        return None if exact is None else exact.quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def tolerancia(self) -> Decimal | None:
        """How far the stated total may be from the computed one: R$ 0,01 per unit and period."""
        if self.quantidade is None or self.numero_periodos is None:
            return None
        return max(CENT, (self.quantidade * self.numero_periodos * TOLERANCE_PER_UNIT_PERIOD).quantize(CENT))

    @property
    def diferenca(self) -> Decimal | None:
        """stated total − computed total, to the cent (None when either is unknown)."""
        exact = self.exact_total
        if exact is None or self.valor_estimado is None:
            return None
        return (self.valor_estimado - exact).quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def consistente(self) -> bool | None:
        """Whether the stated total is the computed one within :attr:`tolerancia`; None when there is
        nothing to compare (a factor or the stated total is missing)."""
        exact, tolerance = self.exact_total, self.tolerancia
        if exact is None or tolerance is None or self.valor_estimado is None:
            return None
        return abs(self.valor_estimado - exact) <= tolerance

    @property
    def memoria(self) -> str | None:
        """``"12 postos × R$ 8.233,33 × 12 meses = R$ 1.185.599,52"``: the calculation in pt-BR,
        None while a factor is missing (nothing is guessed)."""
        total = self.total_calculado
        if total is None:
            return None
        assert self.quantidade is not None and self.valor_unitario is not None and self.numero_periodos is not None
        parts = [quantity_text(self.quantidade, self.unidade_medida), format_brl(self.valor_unitario)]
        if self.periodicidade != UNICO:
            parts.append(periods_text(self.periodicidade, self.numero_periodos))
        return " × ".join(parts) + f" = {format_brl(total)}"

    @property
    def unit_price_label(self) -> str:
        """What the unit price is per: ``"por posto por mês"``, ``"por unidade"`` (the unit in the
        singular, however the ETP spells it: "por posto de trabalho", never "por postos")."""
        unit = unit_singular(self.unidade_medida) if self.unidade_medida else "unidade"
        if self.periodicidade == UNICO:
            return f"por {unit}"
        return f"por {unit} por {PERIOD_WORDS[self.periodicidade][0]}"

    def to_json(self) -> dict[str, Any]:
        """The API's ``calculo_valor`` (decimals as exact text, like every amount of the API)."""
        return {
            "valor_unitario": _money_json(self.valor_unitario),
            "quantidade": _quantity_json(self.quantidade),
            "periodicidade": self.periodicidade,
            "numero_periodos": self.numero_periodos,
            "origem_periodos": self.origem_periodos,
            "total_calculado": _money_json(self.total_calculado),
            "valor_estimado": _money_json(self.valor_estimado),
            "diferenca": _money_json(self.diferenca),
            "tolerancia": _money_json(self.tolerancia),
            "consistente": self.consistente,
            "memoria": self.memoria,
        }


def calculate(
    *,
    valor_unitario: Any = None,
    quantidade_estimada: Any = None,
    unidade_medida: str | None = None,
    periodicidade_preco: str | None = None,
    numero_periodos: Any = None,
    campos: Mapping[str, Any] | None = None,
    prazo_execucao_dias: Any = None,
    valor_estimado: Any = None,
) -> ValueCalculation:
    """The value model of an ETP from its facts (Decimals or decimal texts; a missing periodicity is
    a one-off price, as every ETP stored before the model had)."""
    periodicidade = periodicidade_preco if periodicidade_preco in PERIODICIDADE_LABELS else UNICO
    periods = resolve_periods(periodicidade, numero_periodos, (campos or {}).get("vigencia_meses"), prazo_execucao_dias)
    unidade = unidade_medida.strip() if isinstance(unidade_medida, str) and unidade_medida.strip() else None
    return ValueCalculation(
        valor_unitario=to_decimal(valor_unitario),
        quantidade=to_decimal(quantidade_estimada),
        unidade_medida=unidade,
        periodicidade=periodicidade,
        numero_periodos=periods.numero,
        origem_periodos=periods.origem,
        valor_estimado=to_decimal(valor_estimado),
    )


_FACT_NAMES = (
    "valor_unitario",
    "quantidade_estimada",
    "unidade_medida",
    "periodicidade_preco",
    "numero_periodos",
    "campos",
    "prazo_execucao_dias",
    "valor_estimado",
)


def from_facts(facts: Mapping[str, Any]) -> ValueCalculation:
    """:func:`calculate` over a mapping keyed like the API and ``DraftContext.facts``."""
    return calculate(**{name: facts.get(name) for name in _FACT_NAMES})


def from_object(obj: Any) -> ValueCalculation:
    """:func:`calculate` over an object with those attributes (an ORM ``Etp``, a read row, the
    document model, ``EtpFacts``)."""
    return calculate(**{name: getattr(obj, name, None) for name in _FACT_NAMES})


# --- quantities (section IV) -------------------------------------------------------------------


@dataclass(frozen=True)
class PostsCalculation:
    """Posts of a service sized by productivity: area ÷ productivity per post, rounded up."""

    area_m2: Decimal
    produtividade_m2_posto: Decimal

    @property
    def quotient(self) -> Decimal:
        return self.area_m2 / self.produtividade_m2_posto

    @property
    def postos(self) -> int:
        return int(self.quotient.to_integral_value(rounding=ROUND_CEILING))

    @property
    def memoria(self) -> str:
        """``"6.000 m² ÷ 500 m² por posto = 12 postos"`` (with the rounding when there is one)."""
        head = f"{format_number_br(self.area_m2)} m² ÷ {format_number_br(self.produtividade_m2_posto)} m² por posto"
        postos = self.postos
        label = "posto" if postos == 1 else "postos"
        if self.quotient == postos:
            return f"{head} = {postos} {label}"
        return f"{head} = {format_number_br(self.quotient, 2)}, arredondado para cima: {postos} {label}"


def posts_from_area(campos: Mapping[str, Any] | None) -> PostsCalculation | None:
    """The posts the type-specific fields allow computing (``area_m2`` and ``produtividade_m2_posto``,
    both positive), else None."""
    campos = campos or {}
    area = to_decimal(campos.get("area_m2")) if not isinstance(campos.get("area_m2"), bool) else None
    productivity = campos.get("produtividade_m2_posto")
    per_post = to_decimal(productivity) if not isinstance(productivity, bool) else None
    if area is None or per_post is None or area <= 0 or per_post <= 0:
        return None
    return PostsCalculation(area, per_post)


# how the number of periods follows from the ETP (``origem_periodos``), as the provenance names it
_PERIODS_FORMULA = {
    "informado": "numero_periodos",
    "vigencia_meses": "campos.vigencia_meses",
    "prazo_execucao_dias": "prazo_execucao_dias",
}


def derived_values(facts: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """The numbers the value model computes from ``facts`` (totals, periods, posts) as decimal texts,
    each with the calculation that gives it in the facts' own keys (``"quantidade_estimada ×
    valor_unitario"``): the quality check knows them as facts, so a memo that states them is not
    taken for an invented value, and its provenance says how each one was derived."""
    out: list[tuple[str, str]] = []
    calc = from_facts(facts)
    # a one-off price has one period, which is no figure of the ETP: stating "1" as derived made any
    # "1 kg" or "1 ano" of a draft look computed
    if calc.numero_periodos is not None and calc.origem_periodos in _PERIODS_FORMULA:
        source = _PERIODS_FORMULA[calc.origem_periodos]
        if calc.origem_periodos != "informado":
            if calc.origem_periodos == "vigencia_meses":
                divisor = MONTHS_PER_PERIOD[calc.periodicidade]
            else:
                divisor = DAYS_PER_PERIOD[calc.periodicidade]
            source = f"{source} ÷ {divisor}" if divisor != 1 else source
        out.append((str(calc.numero_periodos), source))
        # a quantity bought every period sums to quantity × periods over the term ("um lote mensal
        # por doze meses, totalizando doze lotes"): the count of deliveries is a computed fact
        if calc.periodicidade != UNICO and calc.quantidade is not None:
            deliveries = (calc.quantidade * calc.numero_periodos).normalize()
            out.append((format(deliveries, "f"), DELIVERIES_FORMULA))
    total, difference = calc.total_calculado, calc.diferenca
    product = "quantidade_estimada × valor_unitario"
    if calc.periodicidade != UNICO:
        product += " × número de períodos"
    if total is not None:
        out.append((format(total, "f"), product))
    if difference:
        out.append((format(abs(difference), "f"), f"valor_estimado − {product}"))
    campos = facts.get("campos")
    posts = posts_from_area(campos if isinstance(campos, Mapping) else None)
    if posts is not None:
        formula = "campos.area_m2 ÷ campos.produtividade_m2_posto"
        out.append((str(posts.postos), formula))
        out.append((format(posts.quotient.quantize(CENT, rounding=ROUND_HALF_UP), "f"), formula))
    return tuple(out)


def derived_numbers(facts: Mapping[str, Any]) -> tuple[str, ...]:
    """The numbers of :func:`derived_values`, without their calculations."""
    return tuple(value for value, _ in derived_values(facts))
