"""Deterministic quality checks for one ETP section (plain text in, :class:`QualityReport` out).

Every warning is ``{code, severity, message, excerpt}`` with a pt-BR message a person can act on:
legal citations (see :mod:`norms`), numbers and money values found in no input, marketing claims,
AI-assistant leakage, repetition, readability, bureaucratic jargon, elements the inciso requires and
pending ``[a preencher: …]`` placeholders. No I/O, no randomness, no model calls.

The score rewards the work done on the text, so that filling a section in never lowers it:

- ``score = max(0, 100 − Σ penalty)``; ``score_breakdown`` lists, per ``(code, severity)``, how many
  findings there are and how many points they took, so a person sees what moved the score.
- An error costs 25 and a warning 8. Infos are hints: 2 each, 10 at most all together.
- Pending placeholders (``placeholder_pending``, a warning) cost what they leave undone: 8 per marker
  or, when more, the share of the section's statements (sentences, list items and lines, headings
  left out) that still hold a marker, as points out of 100, whichever is larger. A section with half
  of its statements pending therefore scores 50 at most, and one that is almost all markers close
  to 0 (without this rule, six markers in section VIII cost 2 points and it scored 98).
- Numbers and values missing from the ETP's facts: in an AI draft they are warnings
  (``possible_invented_*``: the model may have made them up, so the advice is to confirm them
  against the facts or cite their source); in text a person wrote they are infos that cost nothing
  (``unsourced_*``, "indique a fonte"): the person knows the figure, the report only asks for its
  source. No advice ever says to put a placeholder back over a value.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from etp_app.drafting import catalog, norms, readability, values
from etp_app.drafting.formatting import format_brl
from etp_app.drafting.types import QualityReport

SEVERITY_PENALTY: dict[str, int] = {"error": 25, "warning": 8, "info": 2}
INFO_PENALTY_CAP = 10  # infos are hints: together they never cost more than this
PLACEHOLDER_PENALTY = SEVERITY_PENALTY["warning"]  # per pending marker (see the module docstring)
# notes that ask for a source of a person's figure: reported, never scored
UNSCORED_CODES = frozenset({"unsourced_value", "unsourced_number"})
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}
LOW_READABILITY = 25.0  # Flesch-PT below this is "muito difícil"
MIN_WORDS_FOR_READABILITY = 30
SHORT_SENTENCE_WORDS = 20  # above this average, advise shorter sentences
NGRAM_SIZE = 8
NGRAM_MIN_REPEATS = 3
MIN_REPEATED_SENTENCE_WORDS = 6
MAX_NUMBER_WARNINGS = 10
MAX_LONG_SENTENCE_WARNINGS = 5
MAX_NGRAM_WARNINGS = 3
MAX_REPEATED_SENTENCE_WARNINGS = 5

NOTICE_LINE = f"> **Aviso:** {catalog.AI_NOTICE}"

_ACCENTED = "áàâãäéèêëíìîïóòôõöúùûüçÁÀÂÃÄÉÈÊËÍÌÎÏÓÒÔÕÖÚÙÛÜÇ"
_PLAIN = "aaaaaeeeeiiiiooooouuuucAAAAAEEEEIIIIOOOOOUUUUC"
_FOLD = str.maketrans(_ACCENTED, _PLAIN)
# byte table folding Latin-1 text in one C call: lower case, accents removed
_FOLD_BYTES = bytes(
    ord(folded) if len(folded) == 1 and ord(folded) < 256 else b
    for b, folded in ((b, chr(b).translate(_FOLD).lower()) for b in range(256))
)
_NON_LATIN1 = re.compile(r"[^\x00-\xff]")


def _fold(text: str) -> str:
    """Lower-case, accent-free copy of ``text`` with the same length (offsets stay valid)."""
    folded = text.encode("latin-1", "replace").translate(_FOLD_BYTES).decode("latin-1")
    if text.isascii() or not _NON_LATIN1.search(text):
        return folded
    chars = list(folded)  # put back (lower-cased) what Latin-1 cannot hold: “ ” — • ’
    for m in _NON_LATIN1.finditer(text):
        lower = m.group().lower()
        chars[m.start()] = lower if len(lower) == 1 else m.group()
    return "".join(chars)


def _warning(code: str, severity: str, message: str, excerpt: str = "") -> dict[str, Any]:
    return {"code": code, "severity": severity, "message": message, "excerpt": excerpt}


def _excerpt(text: str, start: int, end: int, width: int = 40) -> str:
    """The span with up to ``width`` characters of context on each side, on one line."""
    a, b = max(0, start - width), min(len(text), end + width)
    if a > 0:
        space = text.find(" ", a, start)
        a = space + 1 if space != -1 else a
    if b < len(text):
        space = text.rfind(" ", end, b)
        b = space if space != -1 else b
    snippet = " ".join(text[a:b].split())
    return f"{'…' if a > 0 else ''}{snippet}{'…' if b < len(text) else ''}"


def _clip(text: str, size: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= size else flat[: size - 1].rstrip() + "…"


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with the spans blanked by spaces (same length)."""
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def _split_leading_group(pattern: str) -> list[str]:
    """``(?:a|b)rest`` as ``[arest, brest]`` (recursively), so that each pattern starts with a literal;
    any other pattern as ``[pattern]``."""
    if not pattern.startswith("(?:"):
        return [pattern]
    depth, i, start, alternatives = 1, 3, 3, []
    while i < len(pattern) and depth:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 1:
            alternatives.append(pattern[start:i])
            start = i + 1
        i += 1
    if depth or pattern[i : i + 1] in ("?", "*", "+", "{"):
        return [pattern]
    alternatives.append(pattern[start : i - 1])
    rest = pattern[i:]
    return [p for alternative in alternatives for p in _split_leading_group(alternative + rest)]


class _Phrases:
    """Regex alternatives matched at word starts. Each runs on its own: a pattern that starts with a
    literal is found by the engine's fast prefix scan, which one big alternation would defeat."""

    def __init__(self, patterns: Sequence[str], flags: int = 0) -> None:
        self.patterns = tuple(patterns)
        self._compiled = tuple(
            (index, re.compile(part, flags))
            for index, pattern in enumerate(self.patterns)
            for part in _split_leading_group(pattern)
        )

    @staticmethod
    def _word_start(text: str, i: int) -> bool:
        return i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")

    def finditer(self, text: str) -> list[tuple[int, re.Match[str]]]:
        """``(pattern index, match)`` in text order; of overlapping matches the first and longest wins."""
        found = sorted(
            (
                (index, m)
                for index, rx in self._compiled
                for m in rx.finditer(text)
                if self._word_start(text, m.start())
            ),
            key=lambda item: (item[1].start(), -item[1].end()),
        )
        kept: list[tuple[int, re.Match[str]]] = []
        end = -1
        for index, m in found:
            if m.start() >= end:
                kept.append((index, m))
                end = m.end()
        return kept

    def search(self, text: str) -> bool:
        return any(self._word_start(text, m.start()) for _, rx in self._compiled for m in rx.finditer(text))


# --- AI notice -------------------------------------------------------------------------------

_NOTICE_BODY = r"\s+(?:>\s*)?".join(map(re.escape, catalog.AI_NOTICE.split()))
_NOTICE_RX = re.compile(_NOTICE_BODY)
_NOTICE_LINE_RX = re.compile(rf"^[ \t]*(?:>[ \t]*)?(?:\*\*Aviso:?\*\*:?[ \t]*)?{_NOTICE_BODY}[ \t]*(?:\n|$)", re.M)


def has_ai_notice(text: str) -> bool:
    """Whether ``text`` carries the AI notice (``catalog.AI_NOTICE``), however it is wrapped."""
    return _NOTICE_RX.search(text) is not None


def strip_ai_notice(text: str) -> str:
    """``text`` without its AI notice line(s): what later prompts and checks should read."""
    return _NOTICE_LINE_RX.sub("", text).rstrip()


def ensure_ai_notice(text: str) -> str:
    """``text`` ending with the AI notice as a blockquote line ``> **Aviso:** …``, exactly once.

    Idempotent: notice lines found elsewhere are moved to the end; a notice embedded in other prose is
    left where it is.
    """
    body = _NOTICE_LINE_RX.sub("", text).rstrip()
    if has_ai_notice(body):
        return text
    return f"{body}\n\n{NOTICE_LINE}" if body else NOTICE_LINE


# --- numbers and money -----------------------------------------------------------------------

_MONTHS = {
    "janeiro": 1,
    "fevereiro": 2,
    "marco": 3,
    "abril": 4,
    "maio": 5,
    "junho": 6,
    "julho": 7,
    "agosto": 8,
    "setembro": 9,
    "outubro": 10,
    "novembro": 11,
    "dezembro": 12,
}
_DATE_RX = re.compile(
    r"(?<![\w/.-])(?:(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"
    r"|(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})"
    r"|(?P<td>\d{1,2})\s*[º°]?\s+de\s+(?P<tm>janeiro|fevereiro|mar[çc]o|abril|maio|junho|julho|agosto"
    r"|setembro|outubro|novembro|dezembro)\s+de\s+(?P<ty>\d{4}))(?![\w/-])",
    re.I,
)
# identifiers with "/" or "-" (processo, CNPJ, CEP...): compared by their digits
_IDENT_RX = re.compile(r"(?<![\w.,/-])\d[\d.]*(?:[/-][\d.]+)+(?![\w/-])")
_NUMBER_RX = re.compile(
    r"""
    (?<![\w.,/-])
    (?P<money>(?:R|US)\$\s*)?
    (?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?)
    (?P<ord>[º°ª])?
    (?P<unit>(?-i:GB|TB|MB|KB|GHz|MHz|Mbps|Gbps|kg|km|cm|mm|ml|kWh|kW|m²|m³|m2|m3|m|h|W|V|L|l|x))?
    (?![\w/]|[.,]\d)
    (?:\s*(?P<mult>mil|milh[õo]es|milh[ãa]o|bilh[õo]es|bilh[ãa]o)\b)?
    (?P<pct>\s*%|\s+por\s+cento\b)?
    (?P<reais>\s+(?:de\s+)?reais\b)?
    """,
    re.X | re.I,
)
_DIGITS_RX = re.compile(r"\d+")
_MULTIPLIERS = (("milh", Decimal(10) ** 6), ("bilh", Decimal(10) ** 9), ("mil", Decimal(1000)))  # longest first
_CENT = Decimal("0.01")
_ONE = Decimal(1)

# numbers that are references, not facts: other legal instruments, technical standards, labels
# ("item 4.2", "Anexo 3", "Alternativa 2"), "§ 2º" and list markers / numbered headings
_IGNORED_NUMBER_WORDS = _Phrases(
    (  # on folded text
        r"(?:portaria|resolucao|acordao|sumula|medida\s+provisoria|emenda\s+constitucional"
        r"|nota\s+tecnica|parecer|oficio|memorando|decisao\s+normativa|mp\s+n|ec\s+n)"
        r"[^\d\n]{0,30}?\d[\d.]*(?:\s*/\s*\d{2,4})?",
        r"(?:abnt|iso|iec|nbr|ieee|rfc|ansi)(?:\s*(?:/\s*)?(?:iso|iec|nbr))*\s*\d[\d.:-]*",
        r"(?:itens|item|subitens|subitem|clausula|anexo|tabela|quadro|figura|grafico|secao|capitulo"
        r"|alternativa|opcao|cenario|lote|grupo|etapa|fase|inciso|alinea|paragrafo)"
        r"\s*(?:n[º°o]\.?\s*)?\d{1,3}(?:\.\d{1,3})*[º°ª]?",
    )
)
_IGNORED_NUMBER_MARKS = re.compile(
    r"§+\s*\d{1,3}\s*[º°]?"
    r"|^[ \t]*(?:>[ \t]*)?(?:#{1,6}[ \t]*)?(?:[-*•][ \t]*)?"
    r"(?:\d{1,2}(?:\.\d{1,2})*(?:[.)]|(?=[ \t]+[-–—][ \t]))|\d{1,2}(?:\.\d{1,2})+(?=[ \t]+[A-ZÀ-Ý]))",
    re.M,
)
_PLACEHOLDER_RX = re.compile(r"\[\s*a\s+preencher\s*:[^\]]*\]", re.I)
_ANY_PLACEHOLDER_RX = re.compile(r"\[\s*(?:a\s+preencher|inserir|insira|insert)\b[^\]]*\]", re.I)


def pending_placeholders(text: str | None) -> list[str]:
    """The pending ``[a preencher: …]`` markers of ``text``, as written: the same pattern the checks
    count, for the approval rule (services/approval.py) that refuses a document with gaps."""
    return [m.group() for m in _PLACEHOLDER_RX.finditer(text or "")]


@dataclass(frozen=True)
class _Number:
    start: int
    end: int
    raw: str
    values: tuple[Decimal | str, ...]  # candidate readings; str for dates ("d:2026-01-31") and ids
    money: bool
    label: str  # how the message names it: "valor", "número", "data", "identificador"


def _readings(num: str) -> tuple[Decimal, ...]:
    """Every plausible value of a written number: "1.234.567,89", "1234567.89", "480.000"."""
    try:
        dot, comma = num.rfind("."), num.rfind(",")
        if dot != -1 and comma != -1:
            plain = num.replace(".", "").replace(",", ".") if comma > dot else num.replace(",", "")
            return (Decimal(plain),)
        sep = "." if dot != -1 else "," if comma != -1 else ""
        if not sep:
            return (Decimal(num),)
        parts = num.split(sep)
        if len(parts) > 2:
            return (Decimal("".join(parts)),)
        whole, frac = parts
        decimal = Decimal(f"{whole}.{frac}")
        # "480.000" is pt-BR thousands, "1,234" may be English thousands: keep both readings
        return (Decimal(whole + frac), decimal) if len(frac) == 3 else (decimal,)
    except InvalidOperation:  # pragma: no cover - the regexes only pass digits
        return ()


def _number_from_match(m: re.Match[str]) -> _Number:
    values: list[Decimal | str] = list(_readings(m.group("num")))
    mult = (m.group("mult") or "").lower()
    if mult:
        factor = next(f for prefix, f in _MULTIPLIERS if mult.startswith(prefix))
        values = [v * factor for v in values if isinstance(v, Decimal)]
    if m.group("pct"):
        values += [v / 100 for v in values if isinstance(v, Decimal)]
    money = bool(m.group("money") or m.group("reais"))
    return _Number(m.start(), m.end(), m.group().strip(), tuple(values), money, "valor" if money else "número")


def _date_value(m: re.Match[str]) -> tuple[str, tuple[int, int, int]] | None:
    if m.group("y"):
        y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    elif m.group("iy"):
        y, mo, d = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
    else:
        y, mo, d = int(m.group("ty")), _MONTHS[_fold(m.group("tm"))], int(m.group("td"))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"d:{y:04d}-{mo:02d}-{d:02d}", (y, mo, d)


def _scan_numbers(text: str, ignored: Sequence[tuple[int, int]] = ()) -> list[_Number]:
    """Dates, identifiers and numbers of ``text`` outside the ``ignored`` spans, in order."""
    blocked = bytearray(len(text))
    for a, b in ignored:
        blocked[a:b] = b"\x01" * (b - a)
    found: list[_Number] = []

    def free(a: int, b: int) -> bool:
        return blocked.find(1, a, b) == -1

    def take(a: int, b: int) -> None:
        blocked[a:b] = b"\x01" * (b - a)

    for m in _DATE_RX.finditer(text):
        value = _date_value(m)
        if value and free(m.start(), m.end()):
            found.append(_Number(m.start(), m.end(), m.group(), (value[0],), False, "data"))
            take(m.start(), m.end())
    for m in _IDENT_RX.finditer(text):
        digits = "".join(_DIGITS_RX.findall(m.group()))
        if len(digits) >= 6 and free(m.start(), m.end()):
            found.append(_Number(m.start(), m.end(), m.group(), (f"id:{digits}",), False, "identificador"))
            take(m.start(), m.end())
    for m in _NUMBER_RX.finditer(text):
        if not free(m.start(), m.end()):
            continue
        number = _number_from_match(m)
        if m.group("ord") and all(isinstance(v, Decimal) and v <= 12 for v in number.values):
            continue  # "2º semestre", "1ª etapa"
        found.append(number)
    found.sort(key=lambda n: n.start)
    return found


# Memoization of _values_of: the inputs of a section (facts, earlier sections) come back in the check
# of every later section, so what each input states is extracted once per worker. Longer inputs are
# scanned every time, so a few huge texts cannot pin memory in the cache.
VALUES_CACHE_SIZE = 1024
VALUES_CACHE_MAX_TEXT_CHARS = 16_000


def _values_of(item: str) -> tuple[frozenset[Decimal | str], frozenset[Decimal]]:
    """What one input states (see :func:`_known_values`): its known values, and its plain numbers
    usable as calculation factors (0, 1 and values of 10¹² or more excluded)."""
    known: set[Decimal | str] = set()
    factors: set[Decimal] = set()
    for n in _scan_numbers(item):
        known.update(n.values)
        if n.label in ("valor", "número"):
            factors.update(v for v in n.values if isinstance(v, Decimal))
    for m in _DATE_RX.finditer(item):
        value = _date_value(m)
        if value:
            known.update(Decimal(part) for part in value[1])
    known.update(Decimal(d) for d in _DIGITS_RX.findall(item))
    usable = frozenset(v for v in factors if v not in (0, 1) and abs(v) < 10**12)
    return frozenset(known), usable


_values_of_cached = lru_cache(maxsize=VALUES_CACHE_SIZE)(_values_of)


def _known_values(inputs: Iterable[str]) -> tuple[set[Decimal | str], list[Decimal]]:
    """Every value the inputs state (numbers in all their readings, dates and their parts,
    identifiers, every bare run of digits), and the plain numbers among them that a calculation memo
    may multiply or divide (dates and identifiers excluded), smallest first. Each input's values are
    memoized (immutable), so a caller only ever gets fresh containers."""
    known: set[Decimal | str] = set()
    factors: set[Decimal] = set()
    for item in inputs:
        if not item:
            continue
        values, usable = _values_of(item) if len(item) > VALUES_CACHE_MAX_TEXT_CHARS else _values_of_cached(item)
        known |= values
        factors |= usable
    return known, sorted(factors, key=abs)


def _derived(x: Decimal, factors: Sequence[Decimal], known: set[Decimal | str]) -> bool:
    """Whether ``x`` is the product or the quotient of two known values (calculation memos)."""
    for a in factors:
        b = (x / a).quantize(_CENT)
        if b in known and abs(a * b - x) <= _CENT:
            return True
        product = x * a
        for b in (product.quantize(_ONE), product.quantize(_CENT)):
            if b in known and abs(b / a - x) < Decimal("0.005"):
                return True
    return False


def _number_warnings(
    text: str,
    ignored: Sequence[tuple[int, int]],
    inputs: Sequence[str],
    is_ai_draft: bool,
) -> list[dict[str, Any]]:
    known, factors = _known_values(inputs)
    severity = "warning" if is_ai_draft else "info"
    warnings: list[dict[str, Any]] = []
    reported: set[str] = set()
    extra = 0
    for n in _scan_numbers(text, ignored):
        if any(v in known for v in n.values):
            continue
        if any(isinstance(v, Decimal) and _derived(v, factors, known) for v in n.values):
            continue
        ident = " ".join(n.raw.split())
        if ident in reported:
            continue
        reported.add(ident)
        if len(reported) > MAX_NUMBER_WARNINGS:
            extra += 1
            continue
        feminine = n.label == "data"
        article, pronoun = ("A", "a") if feminine else ("O", "o")
        sources = "(pesquisa de preços, contrato anterior, cotação)" if n.money else "(documento, levantamento, norma)"
        if is_ai_draft:  # the model may have made it up: check it, or say where it comes from
            code = "possible_invented_value" if n.money else "possible_invented_number"
            message = (
                f'{article} {n.label} "{ident}" não aparece nos dados do ETP nem nas instruções. '
                f"Confirme-{pronoun} com os dados do ETP ou cite a fonte {sources}."
            )
        else:  # a person's figure: only its source is missing
            code = "unsourced_value" if n.money else "unsourced_number"
            message = f'{article} {n.label} "{ident}" não consta dos dados do ETP: indique a fonte {sources}.'
        warnings.append(_warning(code, severity, message, _excerpt(text, n.start, n.end)))
    if extra:
        warnings.append(
            _warning(
                "possible_invented_number" if is_ai_draft else "unsourced_number",
                severity,
                f"Outros {extra} números ou valores não aparecem nos dados do ETP. "
                + (
                    "Confirme cada um com os dados do ETP ou cite a fonte."
                    if is_ai_draft
                    else "Indique a fonte de cada um."
                ),
            )
        )
    return warnings


# --- phrase tables ---------------------------------------------------------------------------
# Patterns run on the folded text (lower case, no accents).

_MARKETING_RX = _Phrases(
    (
        r"(?:o|a|os|as)\s+melhor(?:es)?\s+(?:[\w-]+\s+){0,3}?(?:d[oe]|no)\s+mercado\b",
        r"melhor(?:es)?\s+(?:[\w-]+\s+){0,2}?do\s+(?:mundo|brasil|pais)\b",
        r"lider(?:es)?\s+(?:(?:de|do|no)\s+mercado|absolut[oa]s?)\b",
        r"numero\s+(?:1|um)\s+do\s+mercado\b",
        r"garantia\s+total\b",
        r"100\s*%\s+(?:segur|confiave|garantid|eficaz|eficiente|livre)\w*",
        r"totalmente\s+(?:segur[oa]s?|infalive(?:l|is)|garantid[oa]s?)\b",
        r"sem\s+(?:nenhum\s+|qualquer\s+)?riscos?\b(?!\s+(?:relevantes?|significativ|identificad|aparentes?"
        r"|adicionais|conhecidos|residuais|de\s))",
        r"risco\s+zero\b",
        r"revolucionari[oa]s?\b",
        r"de\s+ultima\s+geracao\b",
        r"(?:incompara|iniguala|imbati|insupera|infali)ve(?:l|is)\b",
        r"qualidade\s+(?:superior|inquestionave(?:l|is))\b",
        r"altissima\s+qualidade\b",
        r"sem\s+precedentes\b",
        r"o\s+que\s+ha\s+de\s+mais\s+moderno\b",
        r"tecnologia\s+de\s+ponta\b",
        r"solucao\s+definitiva\b",
        r"(?:o|a)\s+mais\s+avancad[oa]\s+do\s+mercado\b",
        r"(?:excelencia|perfeicao)\s+absoluta\b",
    )
)

_LEAKAGE_RX = _Phrases(
    (
        r"como\s+(?:um|uma)\s+(?:modelo\s+de\s+linguagem|ia|inteligencia\s+artificial|assistente)\b",
        r"nao\s+(?:tenho\s+acesso|(?:posso|consigo)\s+(?:acessar|navegar|consultar\s+a\s+internet))\b",
        r"(?:minha|meu)\s+(?:data\s+de\s+corte|conhecimento\s+(?:e\s+limitado|vai\s+ate))\b",
        r"as\s+(?:an\s+ai|a\s+(?:large\s+)?language\s+model)\b",
        r"i\s+(?:cannot|can'?t)\b",
        r"i'?m\s+sorry\b",
        r"here\s+(?:is|are)\b",
        r"aqui\s+est(?:a|ao)\b",
        r"(?:claro|certamente|sure)!",
        r"espero\s+(?:ter\s+ajudado|que\s+(?:isso|isto|este\s+texto|esta\s+resposta)\s+(?:ajude|seja\s+util))\b",
        r"(?:se|caso)\s+precisar\s+de\s+(?:mais\s+alguma\s+coisa|ajustes|algo\s+mais)\b",
        r"sinta-se\s+a\s+vontade\b",
        r"posso\s+ajudar\b",
        r"fico\s+a\s+disposicao\b",
        r"lorem\s+ipsum\b",
    )
)
# "[inserir ...]" placeholders and an opening "Claro, ..." / "Certamente! ..." at the start of a line
_LEAKAGE_MARKS_RX = re.compile(
    r"\[\s*(?:inserir|insira|insert)\b|^[ \t]*(?:claro|certamente|com\s+certeza)\s*[!,]", re.M
)

# (pattern on folded text, suggestion in pt-BR)
JARGON: tuple[tuple[str, str], ...] = (
    (r"no\s+sentido\s+de", '"para"'),
    (r"tendo\s+em\s+vista\s+que", '"porque" ou "como"'),
    (r"tendo\s+em\s+vista", '"considerando" ou "por causa de"'),
    (r"outrossim", '"além disso"'),
    (r"destarte", '"assim"'),
    (r"hodiernamente", '"atualmente"'),
    (r"em\s+que\s+pese", '"embora" ou "apesar de"'),
    (r"a\s+nivel\s+de", '"em" ou "no âmbito de"'),
    (r"via\s+de\s+regra", '"em geral"'),
    (r"consubstanci\w*", '"fundamentar" ou "basear"'),
    (r"precipuamente", '"principalmente"'),
    (r"(?:supra|retro)(?:mencionad|citad|referid)[oa]s?", '"citado" ou "mencionado"'),
    (r"(?:mister\s+se\s+faz|faz-se\s+mister)", '"é necessário"'),
    (r"(?:isto|isso)\s+posto", '"assim" ou "por isso"'),
    (r"no\s+que\s+(?:tange|concerne)\s+a[os]?", '"quanto a" ou "sobre"'),
    (r"com\s+vistas\s+a[os]?", '"para"'),
    (r"com\s+o\s+fito\s+de", '"para"'),
    (r"a\s+fim\s+de\s+que", '"para que"'),
    (r"haja\s+vista", '"porque" ou "considerando"'),
    (r"porquanto", '"porque"'),
    (r"conquanto", '"embora"'),
    (r"mormente", '"principalmente"'),
    (r"nao\s+obstante", '"apesar de" ou "embora"'),
    (r"(?:em\s+face\s+d[eoa]s?|face\s+a[os]?)", '"diante de" ou "por causa de"'),
    (r"no\s+bojo\s+d[oa]s?", '"em" ou "dentro de"'),
    (r"em\s+sede\s+de", '"em"'),
    (r"sob\s+a\s+egide\s+d[oa]", '"segundo" ou "conforme"'),
    (r"(?:cumpre|impende|urge)\s+(?:salientar|destacar|ressaltar|registrar)", "dizer diretamente o que importa"),
    (r"por\s+oportuno", "dizer diretamente o que importa"),
    (r"data\s+venia", "omitir a expressão"),
    (r"in\s+casu", '"neste caso"'),
    (r"sobremaneira", '"muito"'),
    (r"doravante", '"a partir de agora"'),
    (r"exarad[oa]s?", '"emitido"'),
    (r"aludid[oa]s?", '"citado"'),
)
_JARGON_RX = _Phrases([rf"{pattern}\b" for pattern, _ in JARGON])

# --- required elements -----------------------------------------------------------------------

_NEED_RX = _Phrases(
    (
        r"(?:necessidade|demanda|problema|carencia|deficit|insuficien|atender|atendimento|interesse\s+publico"
        r"|precisa|prejuizo|defasad|obsolet|esgotad)",
    )
)
_UNIT_WORDS = (
    r"unidades?|und|un|itens|item|pecas?|kits?|caixas?|pacotes?|resmas?|litros?|l|ml|kg|g|t|toneladas?"
    r"|m|m2|m²|m3|m³|metros?(?:\s+quadrados|\s+cubicos)?|km|horas?|h|dias?|mes(?:es)?|anos?|postos?|licencas?"
    r"|usuarios?|estacoes|equipamentos?|computadores?|notebooks?|servidor(?:es)?|pessoas?|refeicoes|diarias"
    r"|exemplares|servicos?|modulos?|conjuntos?|pares?|rolos?|frascos?|galoes|cartuchos?|toners?"
    r"|impressoras?|veiculos?|viagens?|visitas?|atendimentos?|chamados?|gb|tb|mbps|gbps|pontos\s+de\s+funcao"
    r"|ust|[a-z]{3,}s"
)
_QUANTITY_RX = re.compile(rf"\b\d[\d.,]*\s*(?:\([^)\n]{{1,60}}\)\s*)?(?:{_UNIT_WORDS})\b")
_CALC_MEMO_RX = _Phrases(
    (
        r"memoria\s+(?:de|do)\s+calculo",
        r"calcul",
        r"estimad[oa]s?\s+(?:a\s+partir|com\s+base)",
        r"com\s+base\s+(?:n[oa]s?|em)\s+(?:historico|consumo|media|levantamento|demanda|numero|quantitativo|serie)",
        r"historico\s+de\s+consumo",
        r"consumo\s+(?:medio|mensal|anual|historico)",
        r"media\s+(?:mensal|anual|historica)",
        r"multiplicad",
        r"resultando\s+em\b",
    )
)
_FORMULA_RX = re.compile(r"\d\s*(?:x|×|\*)\s*(?:r\$\s*)?\d|=\s*(?:r\$\s*)?\d")
_MONEY_RX = re.compile(r"(?:r|us)\$\s*\d|\d\s*(?:mil\s+|milh(?:ao|oes)\s+|bilh(?:ao|oes)\s+)?(?:de\s+)?reais\b")
_PRICE_SOURCE_RX = _Phrases(
    (
        r"painel\s+de\s+(?:precos|compras)",
        r"contratac(?:oes|ao)\s+(?:publicas?\s+)?(?:anteriores?|similares|semelhantes|correlatas)",
        r"cotac",
        r"orcamentos?\s+(?:de|junto\s+a|com)\s+fornecedores",
        r"pesquisa\s+de\s+(?:precos|mercado)",
        r"banco\s+de\s+precos",
        r"(?:sinapi|sicro|pncp)\b",
        r"compras\.gov|comprasnet",
        r"portal\s+nacional\s+de\s+contratacoes",
        r"midia\s+especializada",
        r"tabelas?\s+de\s+referencia",
        r"art(?:igo|\.)?\s*23\b",
        r"seges/me\s+(?:n\S*\s*)?65\b",
        r"atas?\s+de\s+registro\s+de\s+precos",
        r"notas?\s+fisca(?:l|is)",
    )
)
_PARCELING_RX = _Phrases(
    (
        r"(?:sera|serao|deve(?:ra|m|rao)?|vai|ira|foi|foram)\s+(?:ser\s+)?(?:[\w-]+\s+){0,3}?"
        r"(?:parcelad|dividid|agrupad|adjudicad|fracionad)",
        r"(?:lote|item|grupo)\s+unico\b",
        r"unico\s+(?:lote|item|grupo)\b",
        r"por\s+(?:item|itens|lote|lotes|grupo)\b",
        r"em\s+(?:\d+|dois|duas|tres|quatro|cinco|seis|sete|oito|nove|dez)\s+(?:lotes|itens|grupos)\b",
        r"(?:opta-se|optou-se|decide-se|decidiu-se|adota-se|adotou-se|recomenda-se|justifica-se)\W+(?:[\w-]+\W+){0,5}?"
        r"(?:parcel|divis|lote|agrupa|fraciona)",
        r"parcelamento\s+(?:e|sera|foi|mostra-se|se\s+mostra|revela-se|nao\s+e|nao\s+se)\b",
        r"havera\s+(?:o\s+)?parcelamento\b",
        r"adjudicacao\s+(?:global|por\s+(?:item|lote|grupo))",
        r"indivisi(?:bilidade|ve(?:l|is))\b",
        r"contratacao\s+(?:global|integral|conjunta)\b",
    )
)
_CONCLUSION_RX = _Phrases(
    (
        r"(?:e|sao|se\s+mostra|mostra-se|se\s+revela|revela-se|considera-se|consideramos|torna-se|afigura-se)\s+"
        r"(?:[\w-]+\s+){0,2}?(?:viave(?:l|is)|inviave(?:l|is)|adequad[oa]s?|recomendave(?:l|is)|oportun[oa]s?)\b",
        r"conclu(?:i-se|imos|ir|sao|indo)\b",
        r"recomenda-se\s+(?:a|o)\s+(?:contratacao|aquisicao|prosseguimento|continuidade)",
        r"manifesta(?:mos|-se)\s+(?:favoravelmente|pela|contrariamente)",
        r"(?:posicionamento|parecer|manifestacao|opiniao)\s+(?:e\s+)?(?:favoravel|contrari[oa]|desfavoravel)",
        r"opina-se\b",
        r"declara(?:mos|-se)\s+(?:a\s+)?(?:viabilidade|inviabilidade)",
        r"(?:somos|e)\s+favorave(?:l|is)\b",
    )
)
_ABSENCE_RX = re.compile(r"\bnao\s+se\s+aplica\b|\bdispensad[oa]\b|\binaplicave(?:l|is)\b")
_ALT_LABEL_RX = re.compile(r"\b(?:alternativa|opcao|cenario|solucao)\s+(?:n\S*\s*)?(\d{1,2}|[a-e]\b|i{1,3}\b|iv\b|v\b)")
_ALT_COUNT_RX = re.compile(
    r"\b(?:duas|dois|tres|quatro|cinco|seis|[2-9])\s+(?:alternativas|opcoes|solucoes|cenarios|possibilidades)\b"
)
_MODALITIES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        r"\b(?:compra|aquisicao|adquirir)\b",
        r"\b(?:locacao|aluguel|alugar|arrendamento|leasing)\b",
        r"\bcomodato\b",
        r"\b(?:outsourcing|terceirizacao|servico\s+gerenciado|como\s+servico|assinatura|saas|contratacao\s+de\s+servicos?)\b",
        r"\b(?:desenvolvimento\s+(?:interno|proprio)|execucao\s+direta|solucao\s+propria|equipe\s+propria|meios\s+proprios)\b",
        r"\b(?:software\s+livre|codigo\s+aberto)\b",
        r"\b(?:nuvem|cloud)\b",
        r"\badesao\s+a\s+ata\b",
        r"\b(?:manter|manutencao\s+d[oa])\s+(?:a\s+)?(?:situacao|cenario|solucao)\s+atual\b|\bnao\s+contratar\b",
    )
)
_LIST_ITEM_RX = re.compile(r"^[ \t]*(?:[-*•]|\d{1,2}[.)]|[a-e]\))[ \t]+\S", re.M)
_ALT_WORD_RX = re.compile(r"\b(?:alternativa|opcao|opcoes|solucao|solucoes|cenario)")


def _has_two_alternatives(folded: str) -> bool:
    """Two labelled alternatives, "três alternativas", two solution types named, or a list of options."""
    if len(set(_ALT_LABEL_RX.findall(folded))) >= 2 or _ALT_COUNT_RX.search(folded):
        return True
    if sum(1 for rx in _MODALITIES if rx.search(folded)) >= 2:
        return True
    return len(_LIST_ITEM_RX.findall(folded)) >= 2 and _ALT_WORD_RX.search(folded) is not None


def _value_warnings(facts: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Section VI against the ETP's value model (``drafting/values.py``): the stated total must be
    unit price × quantity × periods within rounding of the unit price (R$ 0,01 per unit and period),
    so a service priced per post per month over the contract's months is not a mismatch, and a real
    mismatch is a warning with the calculation. A price per period whose number of periods neither
    the ETP nor the contract's duration gives cannot be checked: an info says what to fill."""
    calc = values.from_facts(facts)
    if calc.consistente is False:
        assert calc.valor_estimado is not None and calc.diferenca is not None and calc.tolerancia is not None
        return [
            _warning(
                "value_mismatch",
                "warning",
                f"O valor total estimado ({format_brl(calc.valor_estimado)}) não corresponde ao "
                f"cálculo {calc.memoria} (diferença de {format_brl(abs(calc.diferenca))}, acima da "
                f"tolerância de arredondamento de {format_brl(calc.tolerancia)}). Revise nos dados do "
                "ETP a quantidade, o valor unitário, a periodicidade do preço ou o número de períodos.",
            )
        ]
    if calc.periodicidade != values.UNICO and calc.numero_periodos is None and calc.valor_unitario is not None:
        word = values.PERIOD_WORDS[calc.periodicidade][1]
        return [
            _warning(
                "value_periods_missing",
                "info",
                f"O preço é {values.PERIODICIDADE_LABELS[calc.periodicidade]}, mas o número de {word} não "
                "foi informado nem decorre da vigência ou do prazo de execução: informe-o (número de "
                "períodos) para que o valor total possa ser conferido.",
            )
        ]
    return []


def _missing(message: str) -> dict[str, Any]:
    return _warning("missing_element", "warning", message)


def _element_warnings(inciso: int, folded: str) -> list[dict[str, Any]]:
    """``missing_element`` warnings for what the inciso requires (I, IV, V, VI, VIII and XIII)."""
    out: list[dict[str, Any]] = []
    if inciso == 1 and not _NEED_RX.search(folded):
        out.append(
            _missing(
                "Descreva a necessidade: o problema a resolver, quem o sofre e o interesse "
                "público atendido (art. 18, § 1º, I)."
            )
        )
    elif inciso == 4:
        if not _QUANTITY_RX.search(folded):
            out.append(_missing('Informe cada quantidade com sua unidade de medida (ex.: "120 unidades").'))
        if not (_CALC_MEMO_RX.search(folded) or _FORMULA_RX.search(folded)):
            out.append(
                _missing(
                    "Inclua a memória de cálculo das quantidades (histórico de consumo, usuários "
                    "atendidos, ciclo de reposição) e os documentos de suporte."
                )
            )
    elif inciso == 5 and not _ABSENCE_RX.search(folded) and not _has_two_alternatives(folded):
        out.append(
            _missing(
                "Apresente ao menos duas alternativas (ex.: compra, locação, serviço, execução "
                "direta) comparadas em custo e mérito técnico, e por que a escolhida prevalece."
            )
        )
    elif inciso == 6:
        if not _MONEY_RX.search(folded):
            out.append(
                _missing("Informe o valor estimado da contratação e os preços unitários de referência em reais (R$).")
            )
        if not _PRICE_SOURCE_RX.search(folded):
            out.append(
                _missing(
                    "Indique as fontes da pesquisa de preços (painel de preços, contratações "
                    "públicas anteriores, cotações de fornecedores — art. 23 da Lei 14.133/2021) "
                    "e suas datas."
                )
            )
    elif inciso == 8 and not _PARCELING_RX.search(folded):
        out.append(
            _missing(
                "Declare se a contratação será parcelada (itens ou lotes) ou não, e por quê "
                "(economia de escala, competitividade, indivisibilidade técnica)."
            )
        )
    elif inciso == 13 and not _CONCLUSION_RX.search(folded):
        out.append(
            _missing(
                "Inclua um posicionamento conclusivo: declare se a contratação é (ou não é) "
                "viável e adequada ao atendimento da necessidade."
            )
        )
    return out


# --- repetition ------------------------------------------------------------------------------

_WORD_RX = readability.WORD_RE


def _repetition_warnings(
    text: str,
    folded: str,
    sentences: Sequence[tuple[int, int]],
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    sentence_keys: list[tuple[int, int, str]] = []
    counts: Counter[str] = Counter()
    for a, b in sentences:
        words = _WORD_RX.findall(folded, a, b)
        if len(words) >= MIN_REPEATED_SENTENCE_WORDS:
            key = " ".join(words)
            counts[key] += 1
            sentence_keys.append((a, b, key))
    covered = bytearray(len(text))  # characters inside sentences reported as repeated
    reported: set[str] = set()
    for a, b, key in sentence_keys:
        if counts[key] < 2:
            continue
        covered[a:b] = b"\x01" * (b - a)
        if key in reported:
            continue
        reported.add(key)
        if len(reported) <= MAX_REPEATED_SENTENCE_WARNINGS:
            out.append(
                _warning(
                    "repetition",
                    "warning",
                    f"A mesma frase aparece {counts[key]} vezes. Mantenha uma só ocorrência.",
                    _clip(text[a:b]),
                )
            )
    if len(reported) > MAX_REPEATED_SENTENCE_WARNINGS:
        out.append(
            _warning(
                "repetition",
                "warning",
                f"Outras {len(reported) - MAX_REPEATED_SENTENCE_WARNINGS} frases aparecem repetidas. "
                "Revise o texto e mantenha uma só ocorrência de cada.",
            )
        )

    matches = list(_WORD_RX.finditer(folded))
    tokens = [m.group() for m in matches]
    gram_counts = Counter(zip(*(tokens[k:] for k in range(NGRAM_SIZE)), strict=False))
    frequent = {gram for gram, n in gram_counts.items() if n >= NGRAM_MIN_REPEATS}
    grams: dict[tuple[str, ...], list[int]] = {}
    if frequent:
        for i in range(len(tokens) - NGRAM_SIZE + 1):
            gram = tuple(tokens[i : i + NGRAM_SIZE])
            if gram in frequent:
                grams.setdefault(gram, []).append(i)
    run_end = -1  # last token of the repeated run being merged
    runs = 0
    for positions in sorted(grams.values()):
        first = positions[0]
        last = first + NGRAM_SIZE - 1
        if first <= run_end:  # the same repeated run, one word further
            run_end = max(run_end, last)
            continue
        run_end = last
        start, end = matches[first].start(), matches[last].end()
        if covered[start] and covered[end - 1]:
            continue
        runs += 1
        if runs > MAX_NGRAM_WARNINGS:
            break
        out.append(
            _warning(
                "repetition",
                "warning",
                f"Um trecho de {NGRAM_SIZE} ou mais palavras se repete {len(positions)} vezes. "
                "Reescreva para evitar a repetição.",
                _clip(text[start:end]),
            )
        )
    return out


# --- the check -------------------------------------------------------------------------------


def _marketing_warnings(body: str, folded: str) -> tuple[list[dict[str, Any]], list[tuple[int, int]]]:
    """Warnings for categorical marketing claims, and the spans they cover."""
    warnings: list[dict[str, Any]] = []
    spans: list[tuple[int, int]] = []
    seen: set[str] = set()
    for _, m in _MARKETING_RX.finditer(folded):
        spans.append((m.start(), m.end()))
        key = " ".join(m.group().split())
        if key in seen:
            continue
        seen.add(key)
        found = " ".join(body[m.start() : m.end()].split())
        warnings.append(
            _warning(
                "marketing_claim",
                "warning",
                f'Afirmação publicitária: "{found}". Um ETP deve ser técnico e verificável: troque por '
                "critério mensurável, norma ou dado de desempenho.",
                _excerpt(body, m.start(), m.end()),
            )
        )
    return warnings, spans


def _leakage_warnings(body: str, folded: str, is_ai_draft: bool) -> list[dict[str, Any]]:
    matches = [m for _, m in _LEAKAGE_RX.finditer(folded)] + list(_LEAKAGE_MARKS_RX.finditer(folded))
    matches.sort(key=lambda m: m.start())
    warnings: list[dict[str, Any]] = []
    seen: set[str] = set()
    for m in matches:
        key = " ".join(m.group().split())
        if key in seen:
            continue
        seen.add(key)
        found = " ".join(body[m.start() : m.end()].split())
        if found.startswith("["):
            message = f'Marcador fora do padrão: "{found}…". Preencha a informação ou use "[a preencher: …]".'
        else:
            message = (
                f'Trecho típico de resposta de assistente de IA: "{found}". Remova-o: o texto do '
                "ETP não deve conter falas do modelo."
            )
        warnings.append(
            _warning("ai_leakage", "error" if is_ai_draft else "warning", message, _excerpt(body, m.start(), m.end()))
        )
    return warnings


def _jargon_warnings(body: str, folded: str) -> list[dict[str, Any]]:
    warnings: list[dict[str, Any]] = []
    seen: set[int] = set()
    for index, m in _JARGON_RX.finditer(folded):
        if index in seen:
            continue
        seen.add(index)
        found = " ".join(body[m.start() : m.end()].split())
        warnings.append(
            _warning(
                "jargon",
                "info",
                f'Expressão burocrática "{found}": prefira {JARGON[index][1]}.',
                _excerpt(body, m.start(), m.end()),
            )
        )
    return warnings


def _readability_warnings(stats: readability.Readability) -> list[dict[str, Any]]:
    warnings: list[dict[str, Any]] = []
    if stats.flesch is not None and stats.words >= MIN_WORDS_FOR_READABILITY and stats.flesch < LOW_READABILITY:
        if stats.avg_sentence_words > SHORT_SENTENCE_WORDS:
            advice = "Divida as frases longas e prefira palavras mais simples."
        else:
            advice = "As frases já são curtas: prefira palavras mais simples e menos termos técnicos seguidos."
        warnings.append(
            _warning(
                "low_readability",
                "warning",
                f"Legibilidade baixa: índice Flesch {stats.flesch:.0f} ({stats.band}), com média de "
                f"{stats.avg_sentence_words:.0f} palavras por frase. {advice}",
            )
        )
    for long in stats.long_sentences[:MAX_LONG_SENTENCE_WARNINGS]:
        warnings.append(
            _warning(
                "long_sentence",
                "warning",
                f"Frase com {long.words} palavras (recomendado: até {readability.LONG_SENTENCE_WORDS}). "
                "Divida-a em frases menores.",
                _clip(long.text),
            )
        )
    return warnings


def _placeholder_warning(
    body: str, placeholders: Sequence[tuple[int, int]], pending_share: float
) -> list[dict[str, Any]]:
    if not placeholders:
        return []
    n = len(placeholders)
    plural = n > 1
    share = f" em {pending_share:.0%} das frases" if pending_share >= 0.005 else ""
    return [
        _warning(
            "placeholder_pending",
            "warning",
            f'{n} marcador{"es" if plural else ""} "[a preencher: …]" ainda pendente{"s" if plural else ""}'
            f"{share}: complete as informações antes da aprovação.",
            _clip(body[placeholders[0][0] : placeholders[0][1]]),
        )
    ]


# a statement that is only a heading ("## Título", "**Critérios**") is no content of its own
_HEADING_RX = re.compile(r"#{1,6}[ \t]+\S.*|\*\*[^*\n]+\*\*:?|__[^_\n]+__:?")


def _pending_share(body: str, placeholders: Sequence[tuple[int, int]]) -> float:
    """The share (0–1) of the statements of ``body`` (sentences, list items, lines; headings left
    out) that hold a pending placeholder. Each marker is read as one word, so punctuation inside it
    neither splits nor ends a statement."""
    if not placeholders:
        return 0.0
    chars = list(body)
    for a, b in placeholders:
        chars[a:b] = "x" * (b - a)
    filled = "".join(chars)
    statements = [(a, b) for a, b in readability.sentence_spans(filled) if not _HEADING_RX.fullmatch(filled, a, b)]
    pending = sum(1 for a, b in statements if any(pa < b and pb > a for pa, pb in placeholders))
    return pending / max(len(statements), pending, 1)


def _placeholder_penalty(count: int, pending_share: float) -> int:
    """8 points per pending marker, or the pending share of the statements out of 100 if larger."""
    if not count:
        return 0
    return min(100, max(PLACEHOLDER_PENALTY * count, math.ceil(round(100 * pending_share, 6))))


def _score(
    warnings: Sequence[dict[str, Any]], *, placeholders: int, pending_share: float
) -> tuple[int, list[dict[str, Any]]]:
    """The score and its breakdown (see the module docstring). ``warnings`` come sorted by severity,
    so the cap of the infos is spent in report order."""
    entries: dict[tuple[str, str], dict[str, Any]] = {}
    info_left = INFO_PENALTY_CAP
    total = 0
    for w in warnings:
        code, severity = w["code"], w["severity"]
        if code in UNSCORED_CODES:
            penalty = 0
        elif code == "placeholder_pending":
            penalty = _placeholder_penalty(placeholders, pending_share)
        elif severity == "info":
            penalty = min(SEVERITY_PENALTY["info"], info_left)
            info_left -= penalty
        else:
            penalty = SEVERITY_PENALTY[severity]
        entry = entries.setdefault((code, severity), {"code": code, "severity": severity, "penalty": 0, "count": 0})
        entry["penalty"] += penalty
        entry["count"] += placeholders if code == "placeholder_pending" else 1
        total += penalty
    breakdown = sorted(entries.values(), key=lambda e: (-e["penalty"], SEVERITY_ORDER[e["severity"]]))
    return max(0, 100 - total), breakdown


def check_section(
    inciso: int,
    text: str,
    *,
    inputs: list[str] | tuple[str, ...] = (),
    is_ai_draft: bool = False,
    facts: Mapping[str, Any] | None = None,
    justified: bool = False,
) -> QualityReport:
    """Check the text of the section for ``inciso`` (1–13).

    ``facts`` (``DraftContext.facts``) gives section VI its value-model check (:func:`_value_warnings`).
    ``justified``: the section carries a justification of its absence, so an optional one without text
    is in order (an ``absence_justified`` info, score 100), not an empty-section error.

    ``inputs`` holds every text the draft was allowed to use (ETP facts flattened to strings, earlier
    sections, instructions): numbers and money values found in none of them are flagged (unless they
    are the product or quotient of two of them, as in a calculation memo). With ``is_ai_draft`` those
    findings are warnings, AI-assistant leakage is an error and the number check runs even without
    inputs; for text a person wrote the numbers are ``unsourced_*`` infos asking for the source, at
    no cost, leakage is a warning, and numbers are only compared when inputs exist. The AI notice
    itself is ignored. ``score`` is 100 minus 25 per error, 8 per warning and 2 per info (infos cost
    at most 10 in total); pending placeholders and a person's figures are scored as the module
    docstring says, and ``score_breakdown`` tells what took each point.
    """
    spec = catalog.spec(inciso)
    body = _NOTICE_LINE_RX.sub("", text)
    if has_ai_notice(body):  # a notice inside other prose: blank it, keep the offsets
        body = _NOTICE_RX.sub(lambda m: " " * len(m.group()), body)
    if not body.strip():
        if justified and not spec.mandatory:  # art. 18 § 2º: an optional element may be left out, with reasons
            score = 100
            warnings = [
                _warning(
                    "absence_justified",
                    "info",
                    f'A seção "{spec.title}" não tem texto e sua ausência está justificada (art. 18, § 2º, '
                    "da Lei 14.133/2021).",
                )
            ]
            breakdown = [{"code": "absence_justified", "severity": "info", "penalty": 0, "count": 1}]
        else:
            required = (
                "É um elemento obrigatório (art. 18, § 2º, da Lei 14.133/2021)."
                if spec.mandatory
                else "Se o elemento não se aplica, justifique a ausência (art. 18, § 2º, da Lei 14.133/2021)."
            )
            score = 0
            warnings = [_warning("empty", "error", f'A seção "{spec.title}" está vazia. {required}')]
            breakdown = [{"code": "empty", "severity": "error", "penalty": 100, "count": 1}]
        return QualityReport(
            score=score,
            warnings=warnings,
            score_breakdown=breakdown,
            metrics={
                "words": 0,
                "sentences": 0,
                "flesch": None,
                "flesch_band": None,
                "avg_sentence_words": 0.0,
                "long_sentences": 0,
                "placeholders": 0,
                "pending_share": 0.0,
                "citations": 0,
                "ai_notice": has_ai_notice(text),
            },
        )

    placeholders = [(m.start(), m.end()) for m in _PLACEHOLDER_RX.finditer(body)]
    bracket_spans = [(m.start(), m.end()) for m in _ANY_PLACEHOLDER_RX.finditer(body)]
    masked = _mask(body, bracket_spans)  # text outside "[a preencher: …]" / "[inserir …]"
    folded_body = _fold(body)
    folded = _mask(folded_body, bracket_spans)
    sentences = readability.sentence_spans(masked)
    citations = norms.extract_citations(masked, sentences=sentences)

    warnings = norms.verify_citations(masked, citations=citations, sentences=sentences)
    marketing, marketing_spans = _marketing_warnings(body, folded)
    warnings += marketing
    if inputs or is_ai_draft:
        ignored = [c.span for c in citations] + bracket_spans + marketing_spans
        ignored += [(m.start(), m.end()) for _, m in _IGNORED_NUMBER_WORDS.finditer(folded)]
        ignored += [(m.start(), m.end()) for m in _IGNORED_NUMBER_MARKS.finditer(masked)]
        warnings += _number_warnings(masked, ignored, [str(i) for i in inputs], is_ai_draft)
    warnings += _leakage_warnings(body, folded_body, is_ai_draft)
    warnings += _repetition_warnings(masked, folded, sentences)
    stats = readability.analyze(masked, sentences=sentences)
    warnings += _readability_warnings(stats)
    warnings += _jargon_warnings(body, folded)
    warnings += _element_warnings(inciso, folded)
    if inciso == 6 and facts is not None:
        warnings += _value_warnings(facts)
    pending_share = _pending_share(body, placeholders)
    warnings += _placeholder_warning(body, placeholders, pending_share)

    warnings.sort(key=lambda w: SEVERITY_ORDER[w["severity"]])
    metrics = {
        "words": stats.words,
        "sentences": stats.sentences,
        "flesch": round(stats.flesch, 1) if stats.flesch is not None else None,
        "flesch_band": stats.band,
        "avg_sentence_words": round(stats.avg_sentence_words, 1),
        "long_sentences": len(stats.long_sentences),
        "placeholders": len(placeholders),
        "pending_share": round(pending_share, 3),
        "citations": len(citations),
        "ai_notice": has_ai_notice(text),
    }
    score, breakdown = _score(warnings, placeholders=len(placeholders), pending_share=pending_share)
    return QualityReport(score=score, warnings=warnings, metrics=metrics, score_breakdown=breakdown)
