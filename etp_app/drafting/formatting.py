"""pt-BR presentation of ETP facts: money, numbers, dates, and a parsed, cleaned view of the facts.

``EtpFacts`` turns the plain ``DraftContext.facts`` dict into typed values with every user-supplied
string already passed through input hygiene, so the prompt builder and the offline drafter read the
same facts the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from etp_app import etp_fields
from etp_app.drafting.hygiene import prepare_user_text
from etp_app.etp_fields import Kind

SHORT_TEXT_MAX_CHARS = 300
LONG_TEXT_MAX_CHARS = 4000
_CENT = Decimal("0.01")
# a single lowercase word ending in an unaccented vowel pluralizes with "s" (unidade, caixa, posto)
_FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
_SIMPLE_NOUN = re.compile(r"^[a-zç]+[aeo]$")

NIVEL_RISCO_LABELS = {"baixo": "baixo", "medio": "médio", "alto": "alto"}


def to_decimal(value: Any) -> Decimal | None:
    """``value`` as a finite Decimal, or None when absent, blank or not a number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        number = value
    else:
        text = str(value).strip()
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
    return number if number.is_finite() else None


def lower_first(label: str) -> str:
    """``"Garantia (meses)" -> "garantia (meses)"``, but acronyms stay: ``"UASG" -> "UASG"``."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


_PREPOSITIONS = frozenset({"de", "do", "da", "dos", "das", "por", "em", "para"})
_PLURAL_RULES = (("ão", "ões"), ("m", "ns"), ("r", "res"), ("z", "zes"))
_SINGULAR_RULES = (("ões", "ão"), ("ns", "m"), ("res", "r"), ("zes", "z"))
_PLURAL_WORD = re.compile(r"^[a-zç]+[aeo]s$")
_PLAIN_WORD = re.compile(r"^[a-zãõç]+$")


def _word_plural(word: str) -> str:
    if _SIMPLE_NOUN.match(word):
        return word + "s"
    for ending, plural in _PLURAL_RULES:
        if word.endswith(ending) and _PLAIN_WORD.match(word):
            return word[: -len(ending)] + plural
    return word


def _word_singular(word: str) -> str:
    for ending, singular in _SINGULAR_RULES:  # before the plain "-s": "computadores", not "computadore"
        if word.endswith(ending) and len(word) > len(ending) + 2 and _PLAIN_WORD.match(word):
            return word[: -len(ending)] + singular
    if _PLURAL_WORD.match(word) and len(word) > 3:
        return word[:-1]
    return word


def _inflect_unit(unit: str, inflect: Any) -> str:
    """``unit`` with its head noun (and a following adjective) inflected by ``inflect``; words after a
    preposition stay: "posto de trabalho" -> "postos de trabalho", "metro quadrado" -> "metros
    quadrados". Symbols and capitalized units ("m²", "kWh", "CATMAT") are left as they are."""
    words = unit.split(" ")
    out = []
    for i, word in enumerate(words):
        if word in _PREPOSITIONS or (i > 0 and words[i - 1] in _PREPOSITIONS) or i > 1:
            out.extend(words[i:])
            break
        if i == 1 and not _PLAIN_WORD.match(words[0]):
            out.extend(words[i:])
            break
        out.append(inflect(word))
    return " ".join(out)


def unit_plural(unit: str) -> str:
    """The plural of a unit of measure as a person writes it ("unidade" -> "unidades", "posto de
    trabalho" -> "postos de trabalho", "refeição" -> "refeições"); already plural units stay."""
    return _inflect_unit(unit, _word_plural)


def unit_singular(unit: str) -> str:
    """The singular of a unit for "por …" ("postos de trabalho" -> "posto de trabalho", "unidades" ->
    "unidade"); already singular units stay."""
    return _inflect_unit(unit, _word_singular)


def unit_for(quantity: Decimal | int, unit: str) -> str:
    """``unit`` agreeing with ``quantity``: singular for exactly 1, plural otherwise."""
    return unit_singular(unit) if quantity == 1 else unit_plural(unit_singular(unit))


def _group_thousands(integer_digits: str) -> str:
    head = len(integer_digits) % 3 or 3
    groups = [integer_digits[:head]] + [integer_digits[i : i + 3] for i in range(head, len(integer_digits), 3)]
    return ".".join(groups)


def format_brl(value: Decimal | str | int) -> str:
    """Money in Brazilian format: ``Decimal("1234567.891") -> "R$ 1.234.567,89"`` (half-up cents).

    Raises ``ValueError`` when ``value`` is not a finite number."""
    number = to_decimal(value)
    if number is None:
        raise ValueError(f"not a monetary value: {value!r}")
    cents = number.quantize(_CENT, rounding=ROUND_HALF_UP)
    sign = "-" if cents < 0 else ""
    integer, _, fraction = f"{abs(cents):f}".partition(".")
    return f"{sign}R$ {_group_thousands(integer)},{fraction or '00'}"


def format_number_br(value: Decimal | str | int, max_decimals: int = 4) -> str:
    """A number in Brazilian format without superfluous zeros: ``"1234.5000" -> "1.234,5"``.

    Raises ``ValueError`` when ``value`` is not a finite number."""
    number = to_decimal(value)
    if number is None:
        raise ValueError(f"not a number: {value!r}")
    number = number.quantize(Decimal(1).scaleb(-max_decimals), rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    integer, _, fraction = f"{abs(number):f}".partition(".")
    fraction = fraction.rstrip("0")
    return f"{sign}{_group_thousands(integer)}" + (f",{fraction}" if fraction else "")


def to_date(value: Any) -> dt.date | None:
    """``value`` as a date (``date``, ``datetime`` or ISO ``YYYY-MM-DD`` text), or None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def format_date_br(value: dt.date | str) -> str:
    """A date as ``dd/mm/aaaa``; raises ``ValueError`` when ``value`` is not a date."""
    parsed = to_date(value)
    if parsed is None:
        raise ValueError(f"not a date: {value!r}")
    return parsed.strftime("%d/%m/%Y")


def _to_int(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    number = to_decimal(value)
    return int(number) if number is not None and number == number.to_integral_value() else None


def _drafting_columns(*kinds: Kind) -> tuple[str, ...]:
    """The columns of the drafting facts of these kinds, in declaration order."""
    return tuple(c for c in etp_fields.DRAFTING_COLUMNS if etp_fields.COLUMN_KINDS[c] in kinds)


@dataclass(frozen=True)
class EtpFacts:
    """The ETP's facts, typed and cleaned. Absent or blank facts are None. One attribute per drafting
    fact column of :mod:`etp_app.etp_fields` (``tests/unit/test_etp_fields.py`` checks they agree)."""

    title: str | None = None
    objeto: str | None = None
    numero_processo: str | None = None
    orgao: str | None = None
    uasg: str | None = None
    unidade_requisitante: str | None = None
    responsavel_nome: str | None = None
    responsavel_matricula: str | None = None
    data_elaboracao: dt.date | None = None
    template_type: str | None = None
    quantidade_estimada: Decimal | None = None
    unidade_medida: str | None = None
    valor_estimado: Decimal | None = None
    valor_unitario: Decimal | None = None
    periodicidade_preco: str | None = None  # the value model (drafting/values.py)
    numero_periodos: int | None = None
    prazo_execucao_dias: int | None = None
    nivel_risco: str | None = None
    dotacao_orcamentaria: str | None = None
    descricao_necessidade: str | None = None
    requisitos: str | None = None
    riscos: str | None = None
    campos: Mapping[str, Any] = field(default_factory=dict)  # strings cleaned, others as given
    findings: tuple[str, ...] = ()  # hygiene findings over all user-supplied strings

    # How each drafting fact is parsed, by the kind etp_app.etp_fields declares for its column. The
    # short texts come first, then the choices: the order findings have always been reported in.
    _SHORT = _drafting_columns(Kind.TEXT) + _drafting_columns(Kind.CHOICE)
    _LONG = _drafting_columns(Kind.LONG_TEXT)
    _DECIMALS = _drafting_columns(*etp_fields.DECIMAL_KINDS)
    _DATES = _drafting_columns(Kind.DATE)
    _INTEGERS = _drafting_columns(Kind.INTEGER)
    _PERSONS = tuple(f for f in etp_fields.DRAFTING_FIELDS if f.parts)

    @classmethod
    def from_facts(cls, facts: Mapping[str, Any] | None, *, redact: bool = False) -> EtpFacts:
        """Parse ``DraftContext.facts``. Every string goes through :func:`clean_user_text` (and
        :func:`redact_personal_data` when ``redact``), via the memoized :func:`prepare_user_text`;
        money and quantities become Decimals."""
        facts = dict(facts or {})
        findings: list[str] = []

        def clean(value: Any, max_chars: int) -> str | None:
            if value is None or isinstance(value, (dict, list, tuple)):
                return None
            text, found = prepare_user_text(str(value), max_chars, redact=redact)  # memoized
            findings.extend(found)
            return text or None

        for person in cls._PERSONS:  # {"nome": ...} as in the API, or its columns
            given = facts.get(person.name)
            if isinstance(given, Mapping):
                for part in person.parts:
                    facts.setdefault(part.column, given.get(part.key))

        values: dict[str, Any] = {}
        for name in cls._SHORT:
            values[name] = clean(facts.get(name), SHORT_TEXT_MAX_CHARS)
        for name in cls._LONG:
            values[name] = clean(facts.get(name), LONG_TEXT_MAX_CHARS)
        if values["nivel_risco"] is not None:
            values["nivel_risco"] = values["nivel_risco"].lower()
        for name in cls._DECIMALS:
            values[name] = to_decimal(facts.get(name))

        campos: dict[str, Any] = {}
        raw_campos = facts.get("campos")
        if isinstance(raw_campos, Mapping):
            for key in sorted(raw_campos, key=str):
                value = raw_campos[key]
                if not (isinstance(key, str) and _FIELD_NAME.match(key)):
                    continue  # field names are identifiers; anything else is not a fact
                if isinstance(value, str):
                    value = clean(value, LONG_TEXT_MAX_CHARS)
                elif not isinstance(value, (bool, int, float, Decimal)):
                    continue  # nested structures are not type-specific facts
                if value is not None and value != "":
                    campos[key] = value

        for name in cls._DATES:
            values[name] = to_date(facts.get(name))
        for name in cls._INTEGERS:
            values[name] = _to_int(facts.get(name))
        return cls(**values, campos=campos, findings=tuple(dict.fromkeys(findings)))

    # ---- presentation helpers ---------------------------------------------------------------

    @property
    def nivel_risco_label(self) -> str | None:
        if self.nivel_risco is None:
            return None
        return NIVEL_RISCO_LABELS.get(self.nivel_risco, self.nivel_risco)

    @property
    def quantidade_label(self) -> str | None:
        """``"120 unidades"``-style text, or None when the quantity is missing."""
        if self.quantidade_estimada is None:
            return None
        number = format_number_br(self.quantidade_estimada)
        if not self.unidade_medida:
            return number
        return f"{number} {unit_for(self.quantidade_estimada, self.unidade_medida)}"

    @property
    def prazo_label(self) -> str | None:
        if self.prazo_execucao_dias is None:
            return None
        return f"{self.prazo_execucao_dias} {'dia' if self.prazo_execucao_dias == 1 else 'dias'}"

    @property
    def responsavel_label(self) -> str | None:
        if not self.responsavel_nome:
            return None
        if self.responsavel_matricula:
            return f"{self.responsavel_nome} (matrícula {self.responsavel_matricula})"
        return self.responsavel_nome
