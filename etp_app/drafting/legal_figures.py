"""The law's own figures: the shares, terms and sums that Lei 14.133/2021 (and the LC 123/2006 it
refers to) fixes, which an ETP restates without any fact of the purchase behind them — "garantia de
5% do valor inicial do contrato" (art. 98), "acréscimos de até 25%" (art. 125), "recurso em 3 dias
úteis" (art. 165), the dispensa limits updated each year by decree (art. 182).

A figure of the section is the law's when its value is one of these and the sentence speaks of the
matter the article rules ("garantia", "acréscimo", "recurso"…): the same 5 % as a market share or a
discount is an invented fact like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class LegalFigure:
    kind: str  # the kind of the value as quality.py reads it: "percentage", "duration", "money"
    value: Decimal  # as written: 5 for "5%", 3 for "3 dias úteis", in reais for money
    unit: str  # of a duration, the folded unit's prefix ("dia", "mes", "ano"); "" otherwise
    matter: re.Pattern[str]  # what the sentence speaks of (folded text)
    source: str  # how the provenance names it


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_GUARANTEE = _rx(r"garantia|caucao|seguro-garantia|fianca")
_CHANGES = _rx(r"acresc|supress|alterac|aditiv")
_PENALTY = _rx(r"multa|sanc|penalidade")
_PREFERENCE = _rx(r"margem\s+de\s+preferencia")
_APPEAL = _rx(r"recurso|impugnac|reconsiderac|esclarecimento|contrarrazo")
_BIDDING_TERM = _rx(r"proposta|publicac|divulgac|edital|prazo\s+minimo|abertura|aviso")
_TERM = _rx(r"vigencia|prorroga|continu|contrato")
_ANNUAL = _rx(r"ata\s+de\s+registro|registro\s+de\s+precos|reajust|repactua|anualidade|interregno")
_SMALL_BUSINESS = _rx(r"exclusiv|microempresa|pequeno\s+porte|\bme\b|\bepp\b|\bcotas?\s+(?:reservad|de\s+ate)")
_WAIVER = _rx(r"dispensa|art(?:igo|\.)?\s*75")
_LARGE = _rx(r"grande\s+vulto")


def _f(kind: str, value: str, matter: re.Pattern[str], source: str, unit: str = "") -> LegalFigure:
    return LegalFigure(kind, Decimal(value), unit, matter, source)


LEGAL_FIGURES: tuple[LegalFigure, ...] = (
    _f("percentage", "5", _GUARANTEE, "Lei 14.133/2021, art. 98"),
    _f("percentage", "10", _GUARANTEE, "Lei 14.133/2021, art. 98, parágrafo único"),
    _f("percentage", "30", _GUARANTEE, "Lei 14.133/2021, art. 99"),
    _f("percentage", "25", _CHANGES, "Lei 14.133/2021, art. 125"),
    _f("percentage", "50", _CHANGES, "Lei 14.133/2021, art. 125"),
    _f("percentage", "0.5", _PENALTY, "Lei 14.133/2021, art. 156, § 3º"),
    _f("percentage", "30", _PENALTY, "Lei 14.133/2021, art. 156, § 3º"),
    _f("percentage", "10", _PREFERENCE, "Lei 14.133/2021, art. 26"),
    _f("percentage", "20", _PREFERENCE, "Lei 14.133/2021, art. 26, § 2º"),
    _f("percentage", "25", _SMALL_BUSINESS, "Lei Complementar 123/2006, art. 48, III"),
    _f("duration", "3", _APPEAL, "Lei 14.133/2021, arts. 164 e 165", "dias uteis"),
    *(
        _f("duration", d, _BIDDING_TERM, "Lei 14.133/2021, art. 55", "dias uteis")
        for d in ("8", "10", "15", "25", "35", "60")
    ),
    _f("duration", "5", _TERM, "Lei 14.133/2021, art. 106", "ano"),
    _f("duration", "10", _TERM, "Lei 14.133/2021, arts. 107 e 108", "ano"),
    _f("duration", "1", _ANNUAL, "Lei 14.133/2021, arts. 84 e 92, § 3º", "ano"),
    _f("duration", "12", _ANNUAL, "Lei 14.133/2021, arts. 84 e 92, § 3º", "mes"),
    _f("money", "80000", _SMALL_BUSINESS, "Lei Complementar 123/2006, art. 48, I"),
    # the dispensa limits of art. 75, I and II, as enacted and as updated by decree (art. 182)
    *(
        _f("money", v, _WAIVER, f"Lei 14.133/2021, art. 75 ({label})")
        for v, label in (
            ("100000", "redação original"),
            ("50000", "redação original"),
            ("108040.82", "Decreto 10.922/2021"),
            ("54020.41", "Decreto 10.922/2021"),
            ("114416.65", "Decreto 11.317/2022"),
            ("57208.33", "Decreto 11.317/2022"),
            ("119812.02", "Decreto 11.871/2023"),
            ("59906.02", "Decreto 11.871/2023"),
            ("125451.15", "Decreto 12.343/2024"),
            ("62725.59", "Decreto 12.343/2024"),
        )
    ),
    _f("money", "200000000", _LARGE, "Lei 14.133/2021, art. 6º, XXII"),
)

_BY_VALUE: dict[tuple[str, Decimal], tuple[LegalFigure, ...]] = {}
for _figure in LEGAL_FIGURES:
    _BY_VALUE[(_figure.kind, _figure.value)] = (*_BY_VALUE.get((_figure.kind, _figure.value), ()), _figure)


def legal_source(kind: str, value: Decimal, unit: str, sentence: str) -> str | None:
    """The article that fixes ``value`` (of ``kind``, a duration in ``unit``) when ``sentence`` (folded)
    speaks of its matter; None otherwise."""
    for figure in _BY_VALUE.get((kind, value), ()):
        if figure.unit and not unit.startswith(figure.unit):
            continue
        if figure.matter.search(sentence):
            return figure.source
    return None
