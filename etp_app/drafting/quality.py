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
  source. No advice ever says to put a placeholder back over a value. A value whose only support is
  another section's AI draft nobody approved (``drafting.grounding``) is ``value_only_in_ai_draft``,
  scored like the others (an info at no cost in a person's text).

Each number finding carries the ``kind`` of the value (money, percentage, date, duration, area,
weight, volume, count, number, identifier), and the report's ``values`` lists every value recognized
with its provenance: ``grounded`` (with the ``source`` that states it), ``derived`` (with the
calculation), ``ai_only`` or ``unsupported``. A value is grounded when an input states it in any
reading — digits or words, "R$ 480 mil" for 480000.00, "15%" for 0.15, a duration in another unit —
with a kind it may match (a bare number any run of digits; "36 horas" never "36 meses"); derived when
it is a calculation memo's product or quotient (see ``_GLOBAL_DERIVED_KINDS``); the law's numbering
(citations, incisos, parágrafos, "arts. 6º e 17, § 2º") is not a value at all. A value written as
rounded — after "cerca de", "aproximadamente", "~"…, or in a short form like "R$ 1,09 milhão" — is
grounded by a figure within half a unit of its last digit, after "pouco mais de" or "quase" by one
up to a whole unit on that side (the figure cut to the digits written; :meth:`_Grounds.rounded_origin`); the
quantity is also the measure ``unidade_medida`` names (36.000 quilogramas are "36 toneladas").
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, NamedTuple

from etp_app.drafting import catalog, claims, grounding, legal_figures, norms, readability, values
from etp_app.drafting.formatting import format_brl, format_number_br
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


def _by_first_letter(words: Iterable[str]) -> str:
    """``(?:c(?<!\\w.)(?:inquenta|inco|em)|d…)``: each word as a branch that starts with its letter, the
    word boundary before it tested after that letter: the engine then skips ahead to the candidate
    letters instead of trying the alternatives at every position (a few hundred microseconds less per
    section)."""
    groups: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        groups.setdefault(word[0], []).append(word[1:])
    return "(?:{})".format("|".join(f"{c}(?<!\\w.)(?:{'|'.join(rests)})" for c, rests in groups.items()))


_MONTH_NAMES = r"janeiro|fevereiro|mar[çc]o|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro"
# 15/03/2025, 15.03.2025, 15-03-2025, 2025-03-15, 15 de março de 2025, 1º de abril de 2025
# on folded text (lower case, no accents, same offsets: :func:`_fold`), so no case-insensitive search
_DATE_RX = re.compile(
    r"(?<![\w/.-])(?:(?P<d>\d{1,2})[º°]?(?P<sep>[/.-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})"
    r"|(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})"
    rf"|(?P<td>\d{{1,2}})\s*[º°]?\s+de\s+(?P<tm>{_MONTH_NAMES})\s+de\s+(?P<ty>\d{{4}}))(?![\w/-])"
)
# a month of a year (março de 2025, março/2025) and a half-year (primeiro semestre de 2026, 2º semestre/2026)
# both on folded text (lower case, no accents: "marco" is março), only when it names a month or a semester
_MONTH_WORDS = tuple(_MONTHS)
# the three-letter abbreviations (fev/2026, set./25, "jan. de 2026"): only before "/" or after a full
# stop, where "mar", "set" and "out" cannot be the words they also are
_MONTH_ABBREVIATIONS = {name[:3]: number for name, number in _MONTHS.items()}
_MONTH_YEAR_RX = re.compile(
    rf"(?P<mm>{_by_first_letter(_MONTH_WORDS)})\s*(?:de\s+|/\s*)(?P<my>\d{{4}}|(?<=/)\d{{2}})(?![\w/-])"
    rf"|(?P<ab>{_by_first_letter(_MONTH_ABBREVIATIONS)})(?:\.?\s*/\s*|\.\s*(?:de\s+)?)(?P<ay>\d{{4}}|(?<=/)\d{{2}})(?![\w/-])"
)
# a month as digits ("até 07/2026", "data-base: 01/2025"), only after a word that leads to a time
# (never "Pregão nº 05/2024" nor "Contrato 11/2023", which are numbers of instruments)
_NUMERIC_MONTH_RX = re.compile(r"(?<![\w/.,-])(?P<nm>0[1-9]|1[0-2])/(?P<ny>20\d{2})(?![\w/-])")
_MONTH_LEAD_RX = re.compile(
    r"(?:(?<!\w)(?:em|ate|desde|partir\s+de|a|apos|antes\s+de|entre|e|ou|base|inicio|termino|fim|referencia"
    r"|competencia|mes|vigente|vigencia|previst[oa]s?\s+para|data-base|data\s+base)\s*:?\s+|[:(]\s*)\Z"
)
_SEMESTER_RX = re.compile(
    r"(?P<h>primeiro|segundo|[12]\s*[º°o])\s+semestre\s*(?:de\s+|/\s*|do\s+(?:ano|exercicio)\s+de\s+)"
    r"(?P<sy>\d{4})(?![\w/-])"
)
# identifiers with "/" or "-" (processo, CNPJ, CEP...): compared by their digits
# (the boundary before the first digit tested after it: the engine skips ahead to the digits)
_IDENT_RX = re.compile(r"\d(?<![\w.,/-]\d)[\d.]*(?:[/-][\d.]+)+(?![\w/-])")
_NUMBER_RX = re.compile(
    r"""
    (?<![\w.,/-])
    (?P<money>(?:R|US)\$\s*)?
    (?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?)
    (?P<ord>[º°ª])?
    (?P<unit>(?-i:GB|TB|MB|KB|GHz|MHz|Mbps|Gbps|kg|km|cm|mm|ml|kWh|kW|m²|m³|m2|m3|m|h|W|V|L|l|x))?
    (?![\w/]|[.,]\d)
    (?:\s*(?P<mult>(?:mil|milh[õo]es|milh[ãa]o|bilh[õo]es|bilh[ãa]o)\b|(?(money)(?:mi|bi)\b|(?!))))?
    (?P<pct>\s*%|\s+por\s+cento\b|\s+pontos?\s+percentua(?:l|is)\b)?
    (?P<reais>\s+(?:de\s+)?reais\b)?
    """,
    re.X | re.I,
)
_DIGITS_RX = re.compile(r"\d+")
# longest first; "R$ 2,5 mi" and "R$ 1,2 bi" (only after "R$": the newsroom short forms of money)
_MULTIPLIERS = (
    ("milh", Decimal(10) ** 6),
    ("bilh", Decimal(10) ** 9),
    ("mil", Decimal(1000)),
    ("mi", Decimal(10) ** 6),
    ("bi", Decimal(10) ** 9),
)
_CENT = Decimal("0.01")
_ONE = Decimal(1)

# The kinds of value the number check tells apart (the ``kind`` of its warnings and of the report's
# ``values``), with how a message names each one: (noun, feminine).
KIND_NOUNS: dict[str, tuple[str, bool]] = {
    "money": ("valor", False),
    "percentage": ("percentual", False),
    "date": ("data", True),
    "duration": ("prazo", False),
    "area": ("área", True),
    "weight": ("peso", False),
    "volume": ("volume", False),
    "count": ("quantidade", True),
    "number": ("número", False),
    "identifier": ("identificador", False),
}
AI_ONLY_CODE = "value_only_in_ai_draft"
MAX_VALUES = 60  # values listed in a report's provenance
# units written against the number ("500m²", "24h") and the kind they give; others (GB, GHz) are specs
_ATTACHED_KINDS = {
    "kg": "weight",
    "m²": "area",
    "m2": "area",
    "m³": "volume",
    "m3": "volume",
    "L": "volume",
    "l": "volume",
    "ml": "volume",
    "h": "duration",
}
# What follows a number (on folded text) and makes it a duration, an area, a volume, a weight or a
# count of a noun: "30 (trinta) dias úteis", "6.000 metros quadrados", "120 notebooks".
_NOT_NOUNS = (
    "de|do|da|dos|das|e|ou|a|o|as|os|em|no|na|nos|nas|ao|aos|para|por|pelo|pela|com|sem|que|se|reais"
    "|mil|milhao|milhoes|bilhao|bilhoes|ate|sobre|entre|contra|como|mais|menos|cada|foi|foram|sao"
    "|e|esta|este|essa|esse|isto|ja|nao|sera|serao|apos|desde|durante|conforme|segundo|salvo"
)
# a modifier between a number and what it counts ("os dois últimos meses"); alone ("nos dois
# últimos") it counts nothing the sentence names again, so the number has no noun
_TAIL_MODIFIER = r"(?:ultim|primeir|demais|seguint|restant|proxim|referid|mencionad|citad)[a-z]*(?!\w)"
_TAIL_RX = re.compile(
    rf"[ \t]*(?P<paren>\([^)\n]{{1,200}}\)[ \t]*)?(?:{_TAIL_MODIFIER}\s+)?(?:"
    r"(?P<duration>(?:horas?|h(?![\w)])|minutos?|min(?!\w)|dias?(?:\s+(?:uteis|corridos|consecutivos))?|semanas?|quinzenas?"
    r"|meses|mes|anos?|bimestres?|trimestres?|semestres?)(?!\w))"
    r"|(?P<area>(?:m²|m2|km²|km2|metros?\s+quadrados?|quilometros?\s+quadrados?|hectares?|ha)(?!\w))"
    r"|(?P<volume>(?:m³|m3|metros?\s+cubicos?|litros?|mililitros?|ml|l)(?!\w))"
    r"|(?P<weight>(?:kg|quilos?|quilogramas?|toneladas?|gramas?|t|g)(?!\w))"
    # "254 do tipo split": a count of things of a type
    rf"|(?P<count>(?:d[oa]s?\s+(?=(?:tipo|modelo|categoria|classe|padrao)(?!\w)))?"
    rf"(?!(?:{_NOT_NOUNS})(?!\w)|{_TAIL_MODIFIER})[a-z][a-z-]{{2,}}))"
)
_PAREN_RX = re.compile(r"[ \t]*\([^)\n]{1,200}\)")
_WORD_MONEY_RX = re.compile(r"\s+(?:de\s+)?reais(?!\w)")
_WORD_PCT_RX = re.compile(r"\s+(?:por\s+cento|pontos?\s+percentua(?:l|is))(?!\w)")
# numbers written out ("duzentos e quarenta", "quinhentos mil"): value of each word
_NUMBER_WORDS: dict[str, int] = {
    "zero": 0, "um": 1, "uma": 1, "dois": 2, "duas": 2, "tres": 3, "quatro": 4, "cinco": 5, "seis": 6,
    "sete": 7, "oito": 8, "nove": 9, "dez": 10, "onze": 11, "doze": 12, "treze": 13, "quatorze": 14,
    "catorze": 14, "quinze": 15, "dezesseis": 16, "dezessete": 17, "dezoito": 18, "dezenove": 19,
    "vinte": 20, "trinta": 30, "quarenta": 40, "cinquenta": 50, "sessenta": 60, "setenta": 70,
    "oitenta": 80, "noventa": 90, "cem": 100, "cento": 100, "duzentos": 200, "duzentas": 200,
    "trezentos": 300, "trezentas": 300, "quatrocentos": 400, "quatrocentas": 400, "quinhentos": 500,
    "quinhentas": 500, "seiscentos": 600, "seiscentas": 600, "setecentos": 700, "setecentas": 700,
    "oitocentos": 800, "oitocentas": 800, "novecentos": 900, "novecentas": 900,
}  # fmt: skip
_SCALE_WORDS: dict[str, int] = {"mil": 10**3, "milhao": 10**6, "milhoes": 10**6, "bilhao": 10**9, "bilhoes": 10**9}


_NUMBER_WORD = _by_first_letter([*_NUMBER_WORDS, *_SCALE_WORDS]) + "(?!\\w)"
# groups joined by "e", by a space or, after a scale word, by a comma ("oitocentos mil, trezentos")
_AFTER_SCALE = "|".join(f"(?<={word})" for word in _SCALE_WORDS)
_WORD_NUMBER_RX = re.compile(rf"{_NUMBER_WORD}(?:(?:\s+e\s+|(?:{_AFTER_SCALE}),\s*|\s+){_NUMBER_WORD})*")
_WORD_CENTS_ONLY_RX = re.compile(r"\s+centavos?(?!\w)")  # "setenta e cinco centavos": R$ 0,75
_WORD_CENTS_RX = re.compile(rf"\s+e\s+(?P<cents>{_NUMBER_WORD}(?:\s+e\s+{_NUMBER_WORD})*)\s+centavos?(?!\w)")
# a number the law's own numbering follows ("arts. 6º e 17, § 2º"; "17 da Lei"): an article, not a fact
_LAW_TAIL_RX = re.compile(
    r"[º°]?\s*,?\s*(?:§|(?:caput|incisos?|paragrafos?|alineas?)(?!\w)|(?:da|do)\s+(?:lei|decreto|instrucao|in)(?!\w))"
)
_WORD_RUN_SPLIT = re.compile(r"\s+")
# What a small written-out count may count without stating a fact (on folded text): the parts of the
# study itself (alternatives, criteria, stages, lots, reasons, documents), not things in the world,
# optionally after a modifier ("duas outras soluções", "três principais riscos")
_DISCOURSE_COUNT_RX = re.compile(
    r"[ \t]*(?:(?:outr|nov|divers|distint|diferent|possive|principa|primeir|ultim|demais|grand)[a-z]*\s+)?"
    r"(?:alternativas?|solucao|solucoes|opcao|opcoes|cenarios?|hipoteses?|possibilidades?|abordage(?:m|ns)"
    r"|estrategias?|modelos?|modalidades?|regimes?|formas?|maneiras?|modos?|vias?|tipos?|categorias?|classes?"
    r"|nive(?:l|is)|criterios?|aspectos?|fator(?:es)?|motivos?|raz(?:ao|oes)|eixos?|objetivos?"
    r"|finalidades?|premissas?|requisitos?|elementos?|pontos?(?!\s+percentua)|dimens(?:ao|oes)|etapas?|fases?|lotes?|ite(?:m|ns)"
    r"|grupos?|vez(?:es)?|partes?|vertentes?|frentes?|pilar(?:es)?|medidas?|aco(?:es)?|acao|riscos?"
    r"|vantage(?:m|ns)|desvantage(?:m|ns)|beneficios?|problemas?|quest(?:ao|oes)|perguntas?|seco(?:es)?"
    r"|secao|incisos?|paragrafos?|artigos?|capitulos?|anexos?|exemplos?|sentidos?|lados?"
    r"|momentos?|camadas?|blocos?\s+de\s+(?:analise|requisitos)"
    # the object's own parts as the study divides it ("as duas atividades compartilham a mesma base")
    r"|atividades?|parcelas?|naturezas?|componentes?|escopos?|subobjetos?|entregas?)(?!\w)"
)

# numbers that are references, not facts: other legal instruments, technical standards, labels
# ("item 4.2", "Anexo 3", "Alternativa 2"), "§ 2º" and list markers / numbered headings
_IGNORED_NUMBER_WORDS = _Phrases(
    (  # on folded text
        # numbered as an instrument ("nº 12", "12/2020"): "a resolução em até 36 horas" is no norm
        r"(?:portaria|resolucao|acordao|sumula|medida\s+provisoria|emenda\s+constitucional"
        r"|nota\s+tecnica|parecer|oficio|memorando|decisao\s+normativa|mp|ec)"
        r"(?:\s+[\w/.-]+){0,3}?\s*(?:n[º°o]\.?\s*\d[\d.]*(?:\s*/\s*\d{2,4})?|\d[\d.]*\s*/\s*\d{2,4})",
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
    label: str  # "valor", "número", "data", "identificador": which values may be calculation factors
    kind: str = "number"  # KIND_NOUNS: what the warning and the provenance call it
    # what the value also states without being stated by it: the month and half-year of a date
    implied: tuple[str, ...] = ()
    flagged: bool = True  # a small written-out count of the study's parts ("duas alternativas") is prose
    unit: str = ""  # of a measure, as written (folded): "dias uteis", "m²", "toneladas"


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


# A measure in its kind's canonical unit (hours, m², kg, litres), so that "1 ano" matches "12 meses"
# and "90 dias" matches "3 meses" but "36 horas" never matches "36 meses": (unit prefix, factors) in
# the order they are tried; a month counts 30 days (commercial) or a twelfth of 365, a year 365 days
# or 12 commercial months.
_UNIT_SCALES: dict[str, tuple[tuple[str, tuple[Decimal, ...]], ...]] = {
    "duration": (
        ("min", (Decimal(1) / 60,)),
        ("hora", (_ONE,)),
        ("h", (_ONE,)),
        ("dia", (Decimal(24),)),
        ("semana", (Decimal(168),)),
        ("quinzena", (Decimal(360),)),
        ("mes", (Decimal(720), Decimal(730))),
        ("bimestre", (Decimal(1440),)),
        ("trimestre", (Decimal(2160),)),
        ("semestre", (Decimal(4320),)),
        ("ano", (Decimal(8760), Decimal(8640))),
    ),
    "area": (("ha", (Decimal(10_000),)), ("hectare", (Decimal(10_000),)), ("km", (Decimal(10**6),)), ("", (_ONE,))),
    "weight": (
        ("kg", (_ONE,)),
        ("quilo", (_ONE,)),
        ("t", (Decimal(1000),)),
        ("g", (Decimal("0.001"),)),
        ("", (_ONE,)),
    ),
    "volume": (
        ("ml", (Decimal("0.001"),)),
        ("mililitro", (Decimal("0.001"),)),
        ("m", (Decimal(1000),)),
        ("", (_ONE,)),
    ),
}
# a field whose key names its unit ("prazo_execucao_dias", "campos.vigencia_meses", "area_m2"): its
# number is that measure
_KEY_UNITS = (
    ("_dias", "duration", "dia"),
    ("_meses", "duration", "mes"),
    ("_anos", "duration", "ano"),
    ("_horas", "duration", "hora"),
    ("_m2", "area", "m2"),
)


def _scales(kind: str, unit: str) -> tuple[Decimal, ...]:
    unit = unit.lower()
    return next((factors for prefix, factors in _UNIT_SCALES[kind] if unit.startswith(prefix)), (_ONE,))


def _figure_keys(
    n: _Number, hint: tuple[str, str] | None = None, *, implied: bool = False
) -> list[tuple[str, Decimal | str]]:
    """What a number states as a figure: ``(kind, value)`` pairs, a measure in its canonical unit, a
    bare number (or a field's number with no unit, or a date, an identifier) under ``"number"``.
    ``hint``: the kind and unit of a field whose key names them; ``implied``: with what a date also
    states (its month and half-year: an input's date grounds "março de 2025", not the reverse)."""
    kind, unit = (hint if hint and n.kind == "number" else (n.kind, n.unit)) if n.kind != "date" else ("number", "")
    if kind == "identifier":
        kind = "number"
    if kind in _UNIT_SCALES:
        factors = _scales(kind, unit)
        return [(kind, v * f) for v in n.values if isinstance(v, Decimal) for f in factors]
    if kind == "count" and (measure := _measure_noun(unit)):
        return [(measure, v) for v in n.values]  # "14 polegadas" grounds "tela de 14 polegadas", not "14 salas"
    return [(kind, v) for v in (*n.values, *(n.implied if implied else ()))]


# nouns that measure rather than count: a figure with one of them is that measure, not a count of
# anything ("8 núcleos", "14 polegadas", "600 watts")
_MEASURE_NOUN_RX = re.compile(
    r"(polegada|nucleo|bit|byte|gigabyte|megabyte|terabyte|watt|volt|ampere|kva|kwh|quilowatt|hertz|mbps|gbps|kbps"
    r"|quilometro|metro|centimetro|milimetro|grau|lumen|lumens|decibe|rpm|btu|lux|psi|kgf|mpa|cavalo|cilindrada|ppm"
    r"|pixel|megapixel|gigahertz|megahertz|amperes?-hora|mah)(?:s|is|es)?(?:-[a-z]+)?"
)


def _measure_noun(noun: str) -> str:
    """``"measure:<noun>"`` when ``noun`` (folded) is a unit of measure, else ``""``."""
    m = _MEASURE_NOUN_RX.fullmatch(noun)
    return f"measure:{m.group(1)}" if m else ""


def _tail(folded: str, end: int) -> tuple[str, int, str] | None:
    """``(kind, end, unit)`` of the unit or noun right after a number ending at ``end``, if any."""
    t = _TAIL_RX.match(folded, end)
    if t is None or t.lastgroup in (None, "paren"):
        return None
    kind = t.lastgroup
    return kind, t.end(), t.group(kind)


# a year after a word of time ("em 2024 consumiram", "desde 2019 atendem"): what follows is the sentence's
# verb, not a noun the year counts; a count of thousands is written with its separator ("2.024 pacientes")
_YEAR_RX = re.compile(r"(?:19[5-9]|20\d)\d")
_YEAR_LEAD_RX = re.compile(
    r"(?<!\w)(?:em|desde|ate|durante|no|apos|e|(?:ano|exercicio|inicio|fim|final|meados)\s+de)\s+\Z"
)


def _is_year(m: re.Match[str], folded: str) -> bool:
    return (
        _YEAR_RX.fullmatch(m.group("num")) is not None
        and not (m.group("money") or m.group("mult") or m.group("pct") or m.group("ord"))
        and _YEAR_LEAD_RX.search(folded, max(0, m.start() - 24), m.start()) is not None
    )


def _number_from_match(m: re.Match[str], folded: str | None = None) -> _Number:
    values: list[Decimal | str] = list(_readings(m.group("num")))
    mult = (m.group("mult") or "").lower()
    if mult:
        factor = next(f for prefix, f in _MULTIPLIERS if mult.startswith(prefix))
        values = [v * factor for v in values if isinstance(v, Decimal)]
    if m.group("pct"):
        values += [v / 100 for v in values if isinstance(v, Decimal)]
    money = bool(m.group("money") or m.group("reais"))
    label = "valor" if money else "número"
    end, kind = m.end(), "money" if money else "percentage" if m.group("pct") else "number"
    unit = m.group("unit")
    if kind == "number" and unit in _ATTACHED_KINDS:
        kind = _ATTACHED_KINDS[unit]
    elif kind == "number" and not unit and folded is not None:  # "12 mil quilos", "48 mil arquivos"
        tail = _tail(folded, end)
        if tail is not None and not (tail[0] == "count" and _is_year(m, folded)):
            kind, end, unit = tail
    raw = " ".join(m.string[m.start() : end].split())
    measure = unit if (kind in _UNIT_SCALES or kind == "count") and unit else ""
    return _Number(m.start(), end, raw, tuple(values), money, label, kind, unit=measure)


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


def _month_keys(y: int, mo: int) -> tuple[str, str]:
    """The month and the half-year a date falls in, as the values a date implies."""
    return f"m:{y:04d}-{mo:02d}", f"s:{y:04d}-{1 if mo <= 6 else 2}"


def _words_value(words: Sequence[str]) -> int:
    """The value of a written-out number ("dois milhões e quinhentos mil" → 2500000)."""
    total = current = 0
    for word in words:
        if word == "e":
            continue
        scale = _SCALE_WORDS.get(word)
        if scale is None:
            current += _NUMBER_WORDS[word]
        else:
            total += max(current, 1) * scale
            current = 0
    return total + current


def _word_number(text: str, folded: str, m: re.Match[str]) -> _Number | None:
    """A written-out number with what follows it: money ("quinhentos mil reais"), a percentage
    ("doze por cento"), a measure ("trinta dias") or a count ("duzentos e quarenta notebooks"). "um"
    and "uma" alone are articles, but for the first part of a compound duration ("um ano e seis
    meses"); "cento" alone is the end of "por cento"."""
    words = _WORD_RUN_SPLIT.split(m.group().replace(",", " "))
    if len(words) == 1 and words[0] in ("um", "uma", "cento"):
        tail = _tail(folded, m.end()) if words[0] != "cento" else None
        if tail is None or tail[0] != "duration" or not _COMPOUND_NEXT_RX.match(folded, tail[1]):
            return None
    value = Decimal(_words_value(words))
    end, kind, unit = m.end(), "number", ""
    values: list[Decimal | str] = [value]
    if money := _WORD_MONEY_RX.match(folded, end):
        kind, end = "money", money.end()
        if cents := _WORD_CENTS_RX.match(folded, end):  # "... reais e quarenta e dois centavos"
            value += Decimal(_words_value(_WORD_RUN_SPLIT.split(cents.group("cents")))) / 100
            values, end = [value], cents.end()
    elif cents_only := _WORD_CENTS_ONLY_RX.match(folded, end):
        kind, end, values = "money", cents_only.end(), [value / 100]
    elif pct := _WORD_PCT_RX.match(folded, end):
        kind, end = "percentage", pct.end()
        values.append(value / 100)
    elif tail := _tail(folded, end):
        kind, end, unit = tail
    raw = " ".join(text[m.start() : end].split())
    # a written-out count below ten of the study's own parts ("duas alternativas", "três etapas") is
    # discourse; of anything else ("seis empresas", "dois links dedicados") a figure like any other
    discourse = kind == "count" and value < 10 and _DISCOURSE_COUNT_RX.match(folded, m.end()) is not None
    flagged = value > 1 and kind != "number" and not discourse
    label = "valor" if kind == "money" else "número"
    return _Number(m.start(), end, raw, tuple(values), kind == "money", label, kind, (), flagged, unit)


def _scan_numbers(text: str, ignored: Sequence[tuple[int, int]] = ()) -> list[_Number]:
    """Dates, identifiers and numbers (in digits or written out) of ``text`` outside the ``ignored``
    spans, in order."""
    blocked = bytearray(len(text))
    for a, b in ignored:
        blocked[a:b] = b"\x01" * (b - a)
    found: list[_Number] = []
    folded = _fold(text)

    def free(a: int, b: int) -> bool:
        return blocked.find(1, a, b) == -1

    def take(a: int, b: int) -> None:
        blocked[a:b] = b"\x01" * (b - a)

    def add_date(a: int, b: int, key: str, implied: tuple[str, ...]) -> None:
        found.append(_Number(a, b, " ".join(text[a:b].split()), (key,), False, "data", "date", implied))
        take(a, b)

    for m in _DATE_RX.finditer(folded):
        value = _date_value(m)
        if value and free(m.start(), m.end()):
            add_date(m.start(), m.end(), value[0], _month_keys(value[1][0], value[1][1]))
    if any(month in folded for month in _MONTH_ABBREVIATIONS):
        for m in _MONTH_YEAR_RX.finditer(folded):
            if free(m.start(), m.end()):
                if m.group("mm"):
                    year, month_number = m.group("my"), _MONTHS[m.group("mm")]
                else:
                    year, month_number = m.group("ay"), _MONTH_ABBREVIATIONS[m.group("ab")]
                full_year = int(year) + (2000 if len(year) == 2 else 0)  # "fev/26" is February 2026
                month, semester = _month_keys(full_year, month_number)
                add_date(m.start(), m.end(), month, (semester,))
    if "semestre" in folded:
        for m in _SEMESTER_RX.finditer(folded):
            if free(m.start(), m.end()):
                half = 1 if m.group("h")[0] in "1p" else 2
                add_date(m.start(), m.end(), f"s:{int(m.group('sy')):04d}-{half}", ())
    for m in _NUMERIC_MONTH_RX.finditer(folded):
        if free(m.start(), m.end()) and _MONTH_LEAD_RX.search(folded, max(0, m.start() - 24), m.start()):
            month, semester = _month_keys(int(m.group("ny")), int(m.group("nm")))
            add_date(m.start(), m.end(), month, (semester,))
    for m in _IDENT_RX.finditer(text):
        digits = "".join(_DIGITS_RX.findall(m.group()))
        if len(digits) >= 6 and free(m.start(), m.end()):
            raw = m.group().rstrip(".")  # the full stop that ends the sentence is not the number's
            found.append(
                _Number(m.start(), m.start() + len(raw), raw, (f"id:{digits}",), False, "identificador", "identifier")
            )
            take(m.start(), m.end())
    for m in _NUMBER_RX.finditer(text):
        if not free(m.start(), m.end()):
            continue
        number = _number_from_match(m, folded)
        if m.group("ord") and all(isinstance(v, Decimal) and v <= 12 for v in number.values):
            continue  # "2º semestre", "1ª etapa"
        if number.kind == "number" and _LAW_TAIL_RX.match(folded, number.end):
            continue  # "arts. 6º e 17, § 2º, da Lei": the law's numbering
        found.append(number)
        take(m.start(), number.end)
        # "R$ 4.000,00 (quatro mil reais)": the same value written out; a parenthesis holding digits
        # states values of its own ("Etapa 1 (30 dias)"), so it is scanned
        paren = _PAREN_RX.match(text, number.end)
        if paren is not None and not _DIGITS_RX.search(paren.group()):
            take(paren.start(), paren.end())
    if _WORD_NUMBER_RX.search(folded):
        # a written-out value may run past its own words ("... reais e quarenta centavos"): what it took
        # is no second number
        word_end = 0
        for m in _WORD_NUMBER_RX.finditer(folded):
            if m.start() >= word_end and free(m.start(), m.end()):
                word_number = _word_number(text, folded, m)
                if word_number is not None:
                    found.append(word_number)
                    word_end = word_number.end
    found.sort(key=lambda n: n.start)
    return _join_durations(text, folded, found) if sum(n.kind == "duration" for n in found) > 1 else found


_DURATION_JOIN_RX = re.compile(r"\s+e\s+")
_COMPOUND_NEXT_RX = re.compile(rf"\s+e\s+(?:\d|{_NUMBER_WORD})")


def _join_durations(text: str, folded: str, found: list[_Number]) -> list[_Number]:
    """A compound duration ("1 ano e 6 meses", "2 horas e 30 minutos") is one value, the sum of its
    parts in hours (every reading of each part: a year of 365 days or of 12 commercial months): "18
    meses" states it, neither "1 ano" nor "6 meses" alone does."""
    out: list[_Number] = []
    for n in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == n.kind == "duration"
            and prev.unit
            and n.unit
            and _DURATION_JOIN_RX.fullmatch(folded, prev.end, n.start)
            and (hours := [v * f for v in n.values if isinstance(v, Decimal) for f in _scales("duration", n.unit)])
            and max(hours) < min(_scales("duration", prev.unit))  # less than one unit of the first part
        ):
            prev_hours = [v * f for v in prev.values if isinstance(v, Decimal) for f in _scales("duration", prev.unit)]
            total = tuple(dict.fromkeys(a + b for a in prev_hours for b in hours))
            raw = " ".join(text[prev.start : n.end].split())
            out[-1] = replace(prev, end=n.end, raw=raw, values=total, unit="horas", flagged=prev.flagged or n.flagged)
        else:
            out.append(n)
    return out


# Memoization of _values_of: the inputs of a section (facts, earlier sections) come back in the check
# of every later section, so what each input states is extracted once per worker. Longer inputs are
# scanned every time, so a few huge texts cannot pin memory in the cache.
VALUES_CACHE_SIZE = 1024
VALUES_CACHE_MAX_TEXT_CHARS = 16_000
# a field holding only a value (an amount, a date, an identifier), not prose that mentions one
_ATOMIC_RX = re.compile(r"[\d\s.,/:-]+")
# the figure kind of a bare number in an input's prose: it may ground a share, a count or an amount
# of the section, never a measure with its unit ("tipo 1" is no "1 kg")
_LOOSE = "loose"
# how a value written as approximate relates to the figure (:meth:`_Grounds.rounded_origin`)
_ROUND, _ABOVE, _BELOW = "round", "above", "below"


class _InputValues(NamedTuple):
    """What one input states: ``known``, every value in all its readings with the parts of its dates
    and every bare run of digits (what a bare number of the text may match); ``factors``, the figures
    a calculation memo may combine — a field's number, or a number that says what it counts (money, a
    percentage, a measure, a count); a year, a spec ("16 GB") or a stray number of prose is no
    operand — 0, 1 and values of 10¹² or more excluded; ``figures``, its numbers, dates and
    identifiers as ``(kind, value)`` (:func:`_figure_keys`): what a value with a kind must match, so
    that a run of digits inside a process number grounds no count and "36 meses" no "36 horas"."""

    known: frozenset[Decimal | str]
    factors: frozenset[Decimal]
    figures: frozenset[tuple[str, Decimal | str]]
    labels: frozenset[Decimal] = frozenset()  # numbers of prose that name a thing ("item 37", "Wi-Fi 6")


def _key_unit(source: str | None) -> tuple[str, str] | None:
    """The kind and unit a field's key names (``prazo_execucao_dias``: a duration in days)."""
    if source:
        for suffix, kind, unit in _KEY_UNITS:
            if source.endswith(suffix):
                return kind, unit
    return None


_RANGE_JOIN_RX = re.compile(r"\s*(?:a|e|ou|ate|-|–)\s*")


def _range_kin(text: str, n: _Number, following: Sequence[_Number]) -> tuple[str, str] | None:
    """The kind and unit of the number that closes a range or a pair opened by the bare ``n`` ("de 4
    a 6 pessoas", "entre 30 e 45 dias"): both ends state what the last one names."""
    if not following or following[0].kind in ("number", "date", "identifier"):
        return None
    nxt = following[0]
    if _RANGE_JOIN_RX.fullmatch(_fold(text[n.end : nxt.start])) is None:
        return None
    return nxt.kind, nxt.unit


def _values_of(item: str, hint: tuple[str, str] | None = None) -> _InputValues:
    """What one input states (:class:`_InputValues`); ``hint``: the unit its field's key names."""
    text = str(item)
    atomic = _ATOMIC_RX.fullmatch(text) is not None
    figures: set[tuple[str, Decimal | str]] = set()
    factors: set[Decimal] = set()
    known: set[Decimal | str] = set()
    numbers = _scan_numbers(text)
    for i, n in enumerate(numbers):
        known.update(n.values)
        known.update(n.implied)
        if atomic or n.kind != "number":
            figures.update(_figure_keys(n, hint if atomic else None, implied=True))
        else:  # a bare number in prose ("tipo 1", "margem: 20"): a share or a count maybe, no measure
            figures.update((_LOOSE, v) for v in n.values if isinstance(v, Decimal))
            if (kin := _range_kin(text, n, numbers[i + 1 : i + 2])) is not None:
                figures.update(_figure_keys(n, kin))  # "de 4 a 6 pessoas": 4 pessoas too
        if n.label in ("valor", "número") and (atomic or n.kind not in ("number", "date", "identifier")):
            # a share multiplies as a fraction: "5%" is 0,05, never 5 (500.000 × 5 is no memo)
            readings = n.values[len(n.values) // 2 :] if n.kind == "percentage" else n.values
            factors.update(v for v in readings if isinstance(v, Decimal))
    for m in _DATE_RX.finditer(_fold(text)):
        value = _date_value(m)
        if value:
            known.update(Decimal(part) for part in value[1])
    known.update(Decimal(d) for d in _DIGITS_RX.findall(text))
    usable = frozenset(v for v in factors if v not in (0, 1) and abs(v) < 10**12)
    labels = frozenset() if atomic else frozenset(Decimal(m.group(1)) for m in _LABEL_NUMBER_RX.finditer(_fold(text)))
    return _InputValues(frozenset(known), usable, frozenset(figures), labels)


_values_of_cached = lru_cache(maxsize=VALUES_CACHE_SIZE)(_values_of)


def _input_values(item: str, hint: tuple[str, str] | None = None) -> _InputValues:
    # a plain ``str`` key: a labelled input (grounding.Input) and the same text share one entry
    text = str(item)
    return _values_of(text, hint) if len(text) > VALUES_CACHE_MAX_TEXT_CHARS else _values_of_cached(text, hint)


def _known_values(inputs: Iterable[str]) -> tuple[set[Decimal | str], list[Decimal]]:
    """Every value the inputs state (:attr:`_InputValues.known`) and the figures among them a
    calculation memo may multiply or divide, smallest first. Each input's values are memoized
    (immutable), so a caller only ever gets fresh containers."""
    known: set[Decimal | str] = set()
    factors: set[Decimal] = set()
    for item in inputs:
        if not item:
            continue
        values = _input_values(item)
        known |= values.known
        factors |= values.factors
    return known, sorted(factors, key=abs)


@dataclass(frozen=True)
class _Origin:
    """Where a known value comes from: a source name (field key, "instruções", "section IV"; None for
    an unlabelled input) and, for a value the value model computes, its calculation."""

    source: str | None
    derived: str | None = None


_Key = tuple[str, Decimal | str]

# a number that names a thing of prose rather than measuring it: "item 37", "lote 2", "sala 14", "tipo 1"
_LABEL_WORD = (
    r"(?<![\w-])(?:item|itens|lote|etapa|bloco|sala|fase|grupo|anexo|secao|clausula|tipo|risco|nivel|classe"
    r"|categoria|versao|andar|pavimento|modulo|edicao|rodada|faixa|zona|quadra|posto|ala|box|predio|torre"
    r"|wi-fi|wifi|cat|usb|windows|office|android|ios|geracao|release|pcie|ddr|hdmi|ipv|tls|sata|bluetooth|padrao"
    r"|n[o\u00ba\u00b0]|numero|codigo)\s*(?:n[o\u00ba\u00b0.]*\s*)?"
)
_LABEL_NUMBER_RX = re.compile(rf"{_LABEL_WORD}(\d{{1,4}})(?![\d.,]\d)")
_LABEL_BEFORE_RX = re.compile(rf"{_LABEL_WORD}$")


_TIMES_BEFORE_RX = re.compile(r"(?:×|\*|(?<=\d)\s+x)\s*$")


def _factor_origin(folded: str, n: _Number, grounds: _Grounds) -> _Origin | None:
    """Where a person gave the number a multiplication sign puts right before ``n`` ("420 × 30
    assinaturas mensais": the 30 months, whatever noun the product ends with)."""
    if n.kind not in ("count", "number") or not _TIMES_BEFORE_RX.search(folded, max(0, n.start - 12), n.start):
        return None
    wanted = {v for v in n.values if isinstance(v, Decimal)}
    return next((o for (kind, v), o in grounds.person_figures.items() if v in wanted and kind != _LOOSE), None)


def _law_origin(folded: str, n: _Number, sentences: Sequence[tuple[int, int]], starts: Sequence[int]) -> _Origin | None:
    """The article of the law that fixes ``n`` (legal_figures.py), read in its sentence (``sentences``:
    :func:`readability.sentence_spans` of the text, ``starts`` their starts)."""
    if n.kind not in ("percentage", "duration", "money") or not n.values or not isinstance(n.values[0], Decimal):
        return None
    k = bisect_right(starts, n.start) - 1
    lo, hi = sentences[k] if k >= 0 else (0, len(folded))
    source = legal_figures.legal_source(n.kind, n.values[0], n.unit, folded[lo:hi])
    return _Origin(source) if source else None


def _quantity_unit(inputs: Iterable[str]) -> tuple[str, str] | None:
    """The kind and unit of ``quantidade_estimada`` when ``unidade_medida`` names a measure
    ("quilograma", "metro quadrado", "litro"): 36.000 of them is then "36 toneladas" too."""
    for item in inputs:
        if grounding.source_of(item)[0] == "unidade_medida":
            tail = _tail(_fold(f" {item.strip()}"), 0)
            if tail is not None and tail[0] in _UNIT_SCALES:
                return tail[0], tail[2]
    return None


# The number of periods a price covers (``numero_periodos``, or the value model's periods from the
# term): periods of the price's periodicity, so "3" grounds "3 anos" and "três parcelas anuais" but
# not "três zonas de disponibilidade"
_PERIODS = "periods"
_PERIOD_UNITS = {"anual": ("duration", "ano"), "mensal": ("duration", "mes")}
_PERIOD_SOURCES = ("numero_periodos", "prazo_execucao_dias ÷", "campos.vigencia_meses ÷")
_PERIOD_NOUN_RX = re.compile(
    r"(?:parcelas?|periodos?|pagamentos?|faturas?|mensalidades?|anuidades?|exercicios?|renovacao|renovacoes"
    r"|prorrogacao|prorrogacoes|ciclos?|medicoes|medicao|competencias?)(?!\w)"
)


# a field holding a code, not a quantity (``campos.codigo_catmat``, ``uasg``, a matrícula): its value
# grounds the same code in the text but is no term of a calculation (R$ 210.000,00 ÷ CATMAT 267530 is
# no unit price)
_CODE_KEY_PARTS = frozenset(
    {"codigo", "cod", "catmat", "catser", "uasg", "matricula", "cnpj", "cpf", "cep", "processo", "protocolo", "siafi"}
)
_KEY_SPLIT_RX = re.compile(r"[._]")


def _is_code_key(source: str | None) -> bool:
    return bool(source) and not _CODE_KEY_PARTS.isdisjoint(_KEY_SPLIT_RX.split(source or ""))


def _periods_unit(inputs: Iterable[str]) -> tuple[str, str] | None:
    """The duration one period of the price is (``periodicidade_preco`` anual or mensal), if any."""
    for item in inputs:
        if grounding.source_of(item)[0] == "periodicidade_preco":
            return _PERIOD_UNITS.get(item.strip())
    return None


# A count per period ("20,8 mil comprimidos por mês", "1.500 atendimentos mensais") on folded text,
# and the fields whose duration is the term such a count divides the quantity by
# after the count and its complement ("3,1 mil pontos de função por ano")
_PER_MONTH_RX = re.compile(
    r"(?:\s+d[eoa]s?\s+[a-z]+)?[ \t]*(?:(?:por|ao|a\s+cada|em\s+cada|cada)\s+mes|/\s*mes|mensa(?:l|is))(?!\w)"
)
_PER_YEAR_RX = re.compile(
    r"(?:\s+d[eoa]s?\s+[a-z]+)?[ \t]*(?:(?:por|ao|a\s+cada|em\s+cada|cada)\s+ano|/\s*ano|anua(?:l|is))(?!\w)"
)
_TERM_SOURCES = ("prazo_execucao_dias", "vigencia_meses")
_HOURS_PER_MONTH = (Decimal(720), Decimal(730))
_HOURS_PER_YEAR = (Decimal(8640), Decimal(8760))


class _Grounds:
    """The values the inputs state, split by whether a person gave them (``person``: value → origin of
    the first input stating it; ``person_figures`` the same for :attr:`_InputValues.figures`) or only
    an AI draft nobody approved (``ai_only``, by figure), and the person's figures a calculation memo
    may combine (``factors``, smallest first)."""

    def __init__(self, inputs: Iterable[str]) -> None:
        person: dict[Decimal | str, _Origin] = {}
        figures: dict[_Key, _Origin] = {}
        prose_bare: set[_Key] = set()  # numbers that label a thing in prose ("item 37", "lote 2")
        stated_bare: set[_Key] = set()  # … and those an input states otherwise ("margem: 14")
        ai_only: dict[_Key, _Origin] = {}
        factors: set[Decimal] = set()
        prose_factors: set[Decimal] = set()  # figures only a field's prose states ("seis delas")
        quantities: set[Decimal] = set()  # the quantity field's values: what a count per period divides
        term_hours: set[Decimal] = set()  # the term's duration, in hours
        # the first input stating a value names its source, a field holding only the value before
        # prose that mentions it
        ordered = [item for item in inputs if item]
        ordered = [i for i in ordered if _ATOMIC_RX.fullmatch(i)] + [i for i in ordered if not _ATOMIC_RX.fullmatch(i)]
        quantity_unit, periods_unit = _quantity_unit(ordered), _periods_unit(ordered)
        for item in reversed(ordered):
            source, grounds, derived = grounding.source_of(item)
            values = _input_values(item, _key_unit(source))
            if quantity_unit is not None and source == "quantidade_estimada":
                measured = _input_values(item, quantity_unit)  # also as the measure it is
                values = values._replace(figures=values.figures | measured.figures)
            elif periods_unit is not None and source and source.startswith(_PERIOD_SOURCES):
                periods = {(_PERIODS, v) for kind, v in values.figures if kind == "number"}
                values = values._replace(figures=_input_values(item, periods_unit).figures | periods)
            origin = _Origin(source, derived)
            if grounds:
                person.update(dict.fromkeys(values.known, origin))
                figures.update(dict.fromkeys(values.figures, origin))
                for k in values.figures:
                    if k[0] in ("number", _LOOSE, "count"):
                        (prose_bare if k[1] in values.labels else stated_bare).add(k)
                if not _is_code_key(source) and getattr(item, "factor", True):
                    (factors if _ATOMIC_RX.fullmatch(item) else prose_factors).update(values.factors)
                if source == "quantidade_estimada":
                    quantities.update(v for kind, v in values.figures if kind == "number" and isinstance(v, Decimal))
                elif source and source.endswith(_TERM_SOURCES):
                    term_hours.update(v for kind, v in values.figures if kind == "duration" and isinstance(v, Decimal))
            else:
                ai_only.update(dict.fromkeys(values.figures, origin))
        self.person = person
        self.person_figures = figures
        self._prose_bare = frozenset(prose_bare - stated_bare)
        self.ai_only = ai_only
        self.factors = sorted(factors, key=abs)
        self.prose_factors = frozenset(prose_factors - factors)
        self.factor_set = frozenset(factors | prose_factors)
        self._by_kind: dict[str, list[Decimal]] | None = None  # person figures by kind, sorted (on demand)
        self._quantities = quantities
        self._term_hours = term_hours

    def counts(self) -> list[Decimal]:
        """The counts a person gave (the quantity field and every count of the inputs), sorted."""
        counts = {v for kind, v in self.person_figures if kind == "count" and isinstance(v, Decimal)}
        return sorted(counts | self._quantities)

    def term_periods(self, hours: Sequence[Decimal] = (*_HOURS_PER_MONTH, *_HOURS_PER_YEAR)) -> set[Decimal]:
        """The term (``prazo_execucao_dias``, ``vigencia_meses``) in whole periods of ``hours`` (default:
        months and years): what a total of the term is split by ("o custo anual" of a 24-month contract
        is the total ÷ 2)."""
        return {
            q for total in self._term_hours for h in hours if (q := total / h) == q.to_integral_value() and 1 < q <= 600
        }

    def per_period(self, folded: str, n: _Number) -> list[Decimal]:
        """The numbers of periods a count followed by "por mês" or "por ano" may be the quantity over:
        the months of a year and those of the term (``prazo_execucao_dias``, ``vigencia_meses``), or
        the term's years; none when nothing per period follows ``n``."""
        if _PER_MONTH_RX.match(folded, n.end):
            hours, found = _HOURS_PER_MONTH, {_MONTHS_PER_YEAR}
        elif _PER_YEAR_RX.match(folded, n.end):
            hours, found = _HOURS_PER_YEAR, set()
        else:
            return []
        return sorted(found | self.term_periods(hours))

    @staticmethod
    def keys(n: _Number) -> list[_Key]:
        """The figures a value of the text may match: its own kind, or a number of no kind."""
        own = _figure_keys(n)
        if n.kind in ("number", "date", "identifier"):
            return own
        bare = [v for v in n.values if isinstance(v, Decimal)]
        typed = n.kind == "count" and n.unit.startswith(("do ", "da ", "dos ", "das "))  # "quatro do tipo van"
        loose = [] if n.kind in _UNIT_SCALES or (n.kind == "count" and not typed) else [(_LOOSE, v) for v in bare]
        periods: list[_Key] = []
        if n.kind == "count" and _PERIOD_NOUN_RX.match(_fold(n.raw.split()[-1]).lower()):
            periods = [(_PERIODS, v) for v in bare]
        return own + [("number", v) for v in bare] + loose + periods

    def origin(self, n: _Number, labelled: bool = False) -> _Origin | None:
        """Where a person gave the value of ``n``: a bare number may match any run of digits of the
        inputs, a value with a kind only a figure of theirs of that kind (or of none). ``labelled``:
        ``n`` itself names a thing ("Quadra 104 Norte"), which the same label of an input grounds."""
        if n.kind == "number":
            return next((self.person[v] for v in n.values if v in self.person), None)
        # a share, a sum or a count is no number that labels a thing of prose: "37 por cento" is not
        # the "item 37" of the plan, "14 salas" not the "lote 14"
        strict = n.kind in ("percentage", "money", "count") and not labelled
        return next(
            (
                self.person_figures[k]
                for k in self.keys(n)
                if k in self.person_figures and not (strict and k in self._prose_bare)
            ),
            None,
        )

    def ai_origin(self, n: _Number) -> _Origin | None:
        return next((self.ai_only[k] for k in self.keys(n) if k in self.ai_only), None)

    def rounded_origin(self, n: _Number, bound: str = _ROUND) -> _Origin | None:
        """Where a person gave a value that ``n`` states rounded to its own precision ("cerca de R$ 1,09
        milhão" for R$ 1.089.000,00, "389,7 mil" for 389.685,60): a figure of its kind (or a bare one)
        within half a unit of its last significant digit; after "mais de" (``bound`` :data:`_ABOVE`)
        up to a whole unit above it instead, the figure cut to that digit ("pouco mais de R$ 1,28
        milhão" for R$ 1.286.450,73), after "quase" (:data:`_BELOW`) up to a whole unit below it."""
        if self._by_kind is None:
            by_kind: dict[str, list[Decimal]] = {}
            for kind, value in self.person_figures:
                if isinstance(value, Decimal):
                    by_kind.setdefault(kind, []).append(value)
            self._by_kind = {kind: sorted(found) for kind, found in by_kind.items()}
        factors = _scales(n.kind, n.unit) if n.kind in _UNIT_SCALES else (_ONE,)
        # a measure rounds a figure of its own kind only: "5 mil litros" is no rounding of R$ 5.250,00
        kinds = ((n.kind, factors),) if n.kind in _UNIT_SCALES else ((n.kind, factors), ("number", (_ONE,)))
        for v in n.values:
            exponent = v.normalize().as_tuple().exponent if isinstance(v, Decimal) and v else None
            if not isinstance(v, Decimal) or not isinstance(exponent, int):
                continue
            if bound != _ROUND and n.kind != "money" and abs(v) < 10:
                continue  # "menos de 3 horas" is no bound of the "2 horas" of another fact
            half = Decimal(10) ** exponent / 2
            # [v − half, v + half]; a bound: [v, v + unit] or [v − unit, v]
            center = v + half if bound == _ABOVE else v - half if bound == _BELOW else v
            for kind, scales in kinds:
                for f in scales:
                    near = _near(self._by_kind.get(kind, ()), center * f, half * f)
                    if near is None or (n.kind == "money" and abs(near - v * f) > abs(v * f) * _ROUNDED_MONEY_MAX_GAP):
                        continue
                    origin = self.person_figures[(kind, near)]
                    if n.kind != "money" and (origin.source or "").startswith("valor"):
                        continue  # "cerca de 5 mil usuários" rounds no price
                    if _is_code_key(origin.source):
                        continue  # nor the UASG 453120 a "450 mil assinaturas"
                    return origin
        return None

    def name(self, value: Decimal, extra: Mapping[Decimal, str]) -> str:
        """How a calculation names a term: the field key (or calculation) of a figure the inputs give,
        the text of one of the section's own shares ("5%"), the months of a year, else the number."""
        if value in self.factor_set:
            # a bare run of digits names no twelve: "0012" of a budget line is not the year's months
            origin = self.person_figures.get(("number", value))
            if origin is None and value != _MONTHS_PER_YEAR:
                origin = self.person.get(value)
            if origin is not None and not (origin.source or "").startswith("section"):
                if origin.derived or origin.source:
                    return origin.derived or origin.source or ""
        if value in extra:
            return extra[value]
        if value == _MONTHS_PER_YEAR:
            return "12 meses"
        return format_number_br(value)


# a sum of money stated rounded is the fact it rounds only when within 5 % of it: "cerca de R$ 3
# milhões" rounds anything from R$ 2,5 to 3,5 milhões, so another amount ("a reforma custaria cerca
# de R$ 3 milhões") would pass for the estimated R$ 3.486.920,55
_ROUNDED_MONEY_MAX_GAP = Decimal("0.05")


# Calculation memos: money and bare numbers may be derived from any two figures of the inputs
# (quantity × unit price, the total split by months — a year's 12 months included —, a share of a
# value); a count, a share or a measure only from grounded figures the section itself states ("1.200
# licenças por 3 anos, o que totaliza 3.600 licenças-ano"), since the quotient of two unrelated fields
# is a coincidence, not a source.
_GLOBAL_DERIVED_KINDS = frozenset({"money", "number"})
LOCAL_DERIVED_MIN = 10
_MONTHS_PER_YEAR = Decimal(12)
_HALF_CENT = Decimal("0.005")
_PERCENT_TOLERANCE = Decimal("0.00005")  # a share is derived when it is the ratio to 0,01 %


def _near(sorted_values: Sequence[Decimal], target: Decimal, tolerance: Decimal) -> Decimal | None:
    """A value of ``sorted_values`` within ``tolerance`` of ``target``, if any."""
    i = bisect_left(sorted_values, target - tolerance)
    if i < len(sorted_values) and sorted_values[i] <= target + tolerance:
        return sorted_values[i]
    return None


def _derivation(
    x: Decimal,
    factors: Sequence[Decimal],
    operands: Sequence[Decimal],
    tolerance: Decimal = _HALF_CENT,
    quotient_tolerance: Decimal | None = None,
) -> tuple[Decimal, str, Decimal] | None:
    """``(b, "×" | "÷", a)`` when ``x`` is, within ``tolerance`` (half a cent: ``x`` as written),
    ``b × a`` or ``b ÷ a`` for ``a`` among ``factors`` and ``b`` among ``operands`` (sorted), else None.
    ``quotient_tolerance`` (default ``tolerance``): how far a quotient may be, a price per unit being
    often cut to the cent by the spreadsheet rather than rounded (R$ 1.030,80 for 1.030,8099…)."""
    if not x or abs(x) >= 10**15:
        return None
    qt = tolerance if quotient_tolerance is None else max(tolerance, quotient_tolerance)
    for a in factors:
        b = _near(operands, x / a, abs(tolerance / a))  # x = b × a (a square is no memo: 2 × 2)
        if b is not None and b != x and b != a:
            return b, "×", a
        if abs(a) <= 1:  # a share multiplies (5% × valor); dividing by one is no memo
            continue
        b = _near(operands, x * a, abs(qt * a))  # x = b ÷ a
        if b is not None and b != x:
            return b, "÷", a
    return None


# A value stated as rounded: after an approximation marker ("cerca de", "aproximadamente", "~"), or
# in the short form of digits and a scale word ("R$ 1,09 milhão", "2,6 mil m²"), which is the figure
# to the precision written (folded text)
_APPROX_BEFORE_RX = re.compile(
    r"(?:(?:cerca|em\s+torno|por\s+volta|ao\s+redor|perto|proximo|(?:da|na)\s+ordem|na\s+casa)"
    r"\s+(?:de|d[oa]s?|a|aos?|as)|aproximadamente|aprox\.|mais\s+ou\s+menos|~|≈)\s*$"
)
# a bound: the figure is a little above ("pouco mais de", "acima de") or below ("quase", "pouco menos de")
_BOUND_BEFORE_RX = re.compile(
    r"(?:(?P<above>(?:um\s+)?(?:pouco\s+)?(?:mais\s+de|acima\s+de|superior\s+a))"
    r"|(?:(?:um\s+)?(?:pouco\s+)?(?:menos\s+de|abaixo\s+de|inferior\s+a)|quase))\s*(?:r\$\s*)?$"
)
_COMPACT_RX = re.compile(r"\d\s*(?:mil|milh|bilh|mi|bi)(?!\w)|\d\s*(?:milhao|milhoes|bilhao|bilhoes)", re.I)


def _approximation(text: str, n: _Number) -> str | None:
    """How ``n`` is stated when not as exact: :data:`_ROUND` (after "cerca de", or in the short form
    "R$ 1,09 milhão"), :data:`_ABOVE` (after "mais de": the figure is at least it, often cut to the
    digits written) or :data:`_BELOW` (after "quase", "menos de"); None when it is stated as exact."""
    before = _fold(text[max(0, n.start - 30) : n.start])
    bound = _BOUND_BEFORE_RX.search(before)
    if bound is not None:
        return _ABOVE if bound.group("above") else _BELOW
    if _COMPACT_RX.search(_fold(n.raw)) or _APPROX_BEFORE_RX.search(before):
        return _ROUND
    return None


# a rounded value is a calculation's result to its precision only when that precision is fine enough
# (three significant digits, "cerca de R$ 1.031 por m²"): "cerca de R$ 1 mil" would match half the
# quotients of the facts
_ROUNDED_DERIVED_MAX_ERROR = Decimal("0.005")


def _stated_tolerance(text: str, n: _Number, v: Decimal | str) -> Decimal:
    """How far a calculation's result may be from ``v`` as ``n`` states it: half a cent, or, for a
    value written as approximate (:func:`_approximation`), half a unit of its last significant digit
    (a whole unit after "mais de" or "quase") when that is within 0,5 % of it."""
    approximation = _approximation(text, n) if isinstance(v, Decimal) and v else None
    if approximation is None or not isinstance(v, Decimal):
        return _HALF_CENT
    exponent = v.normalize().as_tuple().exponent
    if not isinstance(exponent, int):
        return _HALF_CENT
    error = Decimal(10) ** exponent / (2 if approximation == _ROUND else 1)
    return max(_HALF_CENT, error) if error <= abs(v) * _ROUNDED_DERIVED_MAX_ERROR else _HALF_CENT


# A percentage stated as a change ("reduzir em 35% os encaminhamentos", "redução de 12%", "ampliar a
# cobertura em 20%"): a result the section promises, which an input grounds only when it states that
# share as a change too. A share of something else ("etapa 1: 35 % do valor") that happens to have the
# same figure is no source for it (folded text: the words just before the figure, within its clause)
_CHANGE_WORD = (
    r"(?<![a-z])(?:reduz|reduc|diminu|aument|ampli|cresc|acresc|decresc|queda|econom|ganho|melhor|"
    r"baix|encolh|expan)[a-z]*"
)
_CHANGE_BEFORE_RX = re.compile(
    rf"{_CHANGE_WORD}(?:\s+(?:em|de|para|ate|cerca|aproximadamente)(?!\w))*\s*$"
    rf"|{_CHANGE_WORD}(?:\s+[^\s,;.:]+){{1,5}}\s+em(?:\s+ate)?\s*$"
)
# in an input, the share counts as a change when a change word is near it, before or after ("meta de
# 35% de redução", "reduzir em 35%")
_CHANGE_NEAR_RX = re.compile(_CHANGE_WORD)
_CHANGE_WINDOW = 40


def _is_change(folded: str, n: _Number) -> bool:
    """Whether the percentage ``n`` is stated as a change (:data:`_CHANGE_BEFORE_RX`)."""
    return n.kind == "percentage" and _CHANGE_BEFORE_RX.search(folded[max(0, n.start - 60) : n.start]) is not None


def _states_change(inputs: Sequence[str], n: _Number) -> bool:
    """Whether an input a person gave states the share of ``n`` as a change (a change word within
    :data:`_CHANGE_WINDOW` characters of it)."""
    own = {v for v in n.values if isinstance(v, Decimal)}
    for item in inputs:
        if not grounding.source_of(item)[1] or "%" not in item and "cento" not in item:
            continue
        folded = _fold(item).lower()
        for m in _scan_numbers(item):
            if m.kind == "percentage" and own.intersection(m.values):
                around = folded[max(0, m.start - _CHANGE_WINDOW) : m.end + _CHANGE_WINDOW]
                if _CHANGE_NEAR_RX.search(around):
                    return True
    return False


def _section_name(source: str | None) -> str:
    """How a message names the section a value was found in: "section IV" is "na seção IV"."""
    if source and source.startswith("section "):
        return f"na seção {source.removeprefix('section ')}"
    return "em outro rascunho de IA"


def _number_warning(n: _Number, ident: str, text: str, is_ai_draft: bool, ai: _Origin | None) -> dict[str, Any]:
    noun, feminine = KIND_NOUNS[n.kind]
    article, pronoun = ("A", "a") if feminine else ("O", "o")
    sources = "(pesquisa de preços, contrato anterior, cotação)" if n.money else "(documento, levantamento, norma)"
    severity = "warning" if is_ai_draft else "info"
    if ai is not None:  # found only in another AI draft nobody has approved: no source at all
        code = AI_ONLY_CODE
        message = (
            f'{article} {noun} "{ident}" só aparece {_section_name(ai.source)}, um rascunho de IA ainda não '
            f"revisado por uma pessoa, que não serve de fonte. Confirme-{pronoun} com os dados do ETP ou cite a "
            f"fonte {sources}."
        )
    elif is_ai_draft:  # the model may have made it up: check it, or say where it comes from
        code = "possible_invented_value" if n.money else "possible_invented_number"
        message = (
            f'{article} {noun} "{ident}" não aparece nos dados do ETP nem nas instruções. '
            f"Confirme-{pronoun} com os dados do ETP ou cite a fonte {sources}."
        )
    else:  # a person's figure: only its source is missing
        code = "unsourced_value" if n.money else "unsourced_number"
        message = f'{article} {noun} "{ident}" não consta dos dados do ETP: indique a fonte {sources}.'
    warning = _warning(code, severity, message, _excerpt(text, n.start, n.end))
    warning["kind"] = n.kind
    return warning


def _number_findings(
    text: str,
    ignored: Sequence[tuple[int, int]],
    inputs: Sequence[str],
    is_ai_draft: bool,
    sentences: Sequence[tuple[int, int]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The warnings for the numbers of ``text`` no person gave, and the provenance of every value
    recognized (``values`` of the report: text, kind, status and its source or calculation);
    ``sentences``: :func:`readability.sentence_spans` of ``text``."""
    grounds = _Grounds(inputs)
    folded = _fold(text)
    numbers: list[_Number] = []
    seen: set[str] = set()
    for n in _scan_numbers(text, ignored):  # each value once, as first written
        ident = " ".join(n.raw.split())
        if ident not in seen:
            seen.add(ident)
            numbers.append(n)
    starts = [a for a, _ in sentences]
    origins = {
        id(n): grounds.origin(n, _LABEL_BEFORE_RX.search(folded, max(0, n.start - 20), n.start) is not None)
        or _law_origin(folded, n, sentences, starts)
        for n in numbers
    }
    for n in numbers:  # a promised change is grounded only by a change (see _CHANGE_BEFORE_RX)
        found = origins[id(n)]
        if found is not None and not found.derived and _is_change(folded, n) and not _states_change(inputs, n):
            origins[id(n)] = None
    for n in numbers:
        if origins[id(n)] is None and n.kind not in ("date", "identifier"):
            approximation = _approximation(text, n)
            if approximation is not None:
                origins[id(n)] = grounds.rounded_origin(n, approximation)
    # the text's own percentages may be applied to a known value ("5% do valor estimado"): each is
    # judged on its own, so the result of applying it is a derived value, not a second finding
    percentages = {v: n.raw for n in numbers if n.kind == "percentage" for v in n.values[1:] if isinstance(v, Decimal)}
    # a figure only the prose of a field states ("seis delas", "item 37") is a term of a memo the
    # section shows: stated there too; otherwise R$ 2.316.000,00 ÷ "seis" would ground any R$ 386 mil
    shown = grounds.prose_factors & {v for n in numbers for v in n.values if isinstance(v, Decimal)}
    money_factors = sorted({*grounds.factors, *shown, *percentages, _MONTHS_PER_YEAR}, key=abs)
    # the term in months and years splits or multiplies a person's figure ("o custo anual" of a 24-month
    # contract), never a share of the text (32 % × 10 meses is no R$ 3,20)
    term_periods = sorted(grounds.term_periods())
    person_operands = sorted({*grounds.factors, *shown})
    shares = sorted(v for v in percentages if 0 < v <= 1)
    stated_money: set[Decimal] = set()  # the section's sums already grounded or derived, in order
    operands = sorted({*grounds.factors, *shown, *percentages})
    # the figures of the text a person gave (a bare number only when an input states it as a number,
    # not as a run of digits inside a code): the terms a memo of the section may combine
    trusted = {
        v
        for n in numbers
        if origins[id(n)] is not None and n.kind not in ("date", "identifier")
        for v in n.values
        if isinstance(v, Decimal)
        and v not in (0, 1)
        and (n.kind != "number" or ("number", v) in grounds.person_figures)
    }
    # the same figures' measures in their canonical unit, by kind: what a measure is derived from; and
    # their numbers as written, by kind: a measure's factor is a figure of another kind ("dez dias" is
    # 240 horas, and 240 ÷ its own 10 is no 24 horas)
    trusted_measures: dict[str, set[Decimal]] = {}
    trusted_by_kind: dict[str, set[Decimal]] = {}
    measure_names: dict[Decimal, str] = {}  # a canonical measure → the section's text of it ("90 dias")
    for n in numbers:
        if origins[id(n)] is not None and n.kind in _UNIT_SCALES:
            trusted_measures.setdefault(n.kind, set()).update(v for _, v in _figure_keys(n) if isinstance(v, Decimal))
            trusted_by_kind.setdefault(n.kind, set()).update(v for v in n.values if isinstance(v, Decimal))
            measure_names.update((v, n.raw) for _, v in _figure_keys(n) if isinstance(v, Decimal))

    def _kind_elsewhere(v: Decimal, kind: str) -> bool:
        """Whether ``v`` is also the number of a trusted figure of a kind other than ``kind``."""
        return any(v in values for other, values in trusted_by_kind.items() if other != kind) or any(
            v in m.values
            for m in numbers
            if origins[id(m)] is not None and m.kind in ("count", "number", "percentage", "money")
        )

    def derive(n: _Number) -> tuple[Decimal, str, Decimal] | None:
        if n.kind in ("date", "identifier"):
            return None
        own = {v for v in n.values if isinstance(v, Decimal)}
        if n.kind in _GLOBAL_DERIVED_KINDS:
            factors = money_factors if n.kind == "money" else sorted({*grounds.factors, *shown}, key=abs)
            quotient = _CENT if n.kind == "money" else None
            candidates = [(v, factors, operands, _stated_tolerance(text, n, v), quotient) for v in n.values]
            if n.kind == "money" and term_periods:
                candidates += [
                    (v, term_periods, person_operands, _stated_tolerance(text, n, v), quotient) for v in n.values
                ]
            if n.kind == "money" and stated_money and shares:
                # a share of a sum the section itself grounded or derived ("a glosa de 2% da fatura mensal
                # de R$ 48.300,00 corresponde a R$ 966,00")
                candidates += [(v, shares, sorted(stated_money), _stated_tolerance(text, n, v), None) for v in own]
        elif n.kind == "percentage":  # the share as the ratio of two figures, to 0,01 %
            local = sorted(trusted - own)
            candidates = [(v, local, local, _PERCENT_TOLERANCE, None) for v in n.values[1:]]
        elif n.kind in _UNIT_SCALES:
            # a measure is another measure of its kind times or over a number ("3 etapas de 30 dias",
            # "36 toneladas em 12 meses"), compared in the canonical unit: 48 meses ÷ 3 is no 16 horas
            measures = sorted(trusted_measures.get(n.kind, set()) - {v for _, v in _figure_keys(n)})
            same_kind = trusted_by_kind.get(n.kind, set())
            local = sorted(v for v in trusted - own if v not in same_kind or _kind_elsewhere(v, n.kind))
            candidates = [
                (v * f, local, measures, _stated_tolerance(text, n, v) * f, None)
                for v in own
                if abs(v) >= LOCAL_DERIVED_MIN
                for f in _scales(n.kind, n.unit)
            ]
        else:  # below ten, a product of the section's small numbers is a coincidence (4 = 8 ÷ 2)
            local = sorted(trusted - own)
            candidates = [
                (v, local, local, _stated_tolerance(text, n, v), None) for v in own if abs(v) >= LOCAL_DERIVED_MIN
            ]
            if n.kind == "count" and (months := grounds.per_period(folded, n)):
                # "cerca de 20,8 mil comprimidos por mês": the quantity a person gave over the months of
                # the term; a count per period is cut to the unit, or, below ten, stated with its
                # fraction ("1,5 evento por mês" for 18 eventos in 12 meses)
                counts = grounds.counts()
                candidates += [
                    (v, months, counts, _stated_tolerance(text, n, v), _ONE) for v in own if abs(v) >= LOCAL_DERIVED_MIN
                ]
                candidates += [
                    (v, months, counts, _stated_tolerance(text, n, v), None)
                    for v in own
                    if abs(v) < LOCAL_DERIVED_MIN and v != v.to_integral_value()
                ]
        return next(
            (d for v, f, o, tol, qt in candidates if isinstance(v, Decimal) if (d := _derivation(v, f, o, tol, qt))),
            None,
        )

    def term_name(n: _Number, value: Decimal, measures: Mapping[Decimal, str]) -> str:
        """How the calculation of ``n`` names a term: a measure by the section's text of it (its value
        is in the canonical unit), a number of periods by its unit ("2 anos"), else :meth:`_Grounds.name`."""
        if n.kind in _UNIT_SCALES and value in measures:
            return measures[value]
        if n.kind == "count" and value in grounds.per_period(folded, n) and value != _MONTHS_PER_YEAR:
            return f"{format_number_br(value)} {'meses' if _PER_MONTH_RX.match(folded, n.end) else 'anos'}"
        return grounds.name(value, percentages)

    warnings: list[dict[str, Any]] = []
    provenance: list[dict[str, Any]] = []
    reported = extra = 0
    for n in numbers:
        ident = " ".join(n.raw.split())
        entry: dict[str, Any] = {"text": ident, "kind": n.kind}
        origin = origins[id(n)]
        if origin is not None:
            entry["status"] = "derived" if origin.derived else "grounded"
            if origin.derived:
                entry["derived"] = origin.derived
            elif origin.source:
                entry["source"] = origin.source
        elif (derivation := derive(n)) is not None:
            a, op, b = derivation
            entry["status"] = "derived"
            entry["derived"] = f"{term_name(n, a, measure_names)} {op} {term_name(n, b, measure_names)}"
        elif (factor := _factor_origin(folded, n, grounds)) is not None:
            entry["status"] = "grounded"  # "420 × 30 assinaturas": a term of the section's own product
            if factor.source:
                entry["source"] = factor.source
        elif n.flagged:
            ai = grounds.ai_origin(n)
            entry["status"] = "ai_only" if ai is not None else "unsupported"
            if ai is not None and ai.source:
                entry["source"] = ai.source
            reported += 1
            if reported <= MAX_NUMBER_WARNINGS:
                warnings.append(_number_warning(n, ident, text, is_ai_draft, ai))
            else:
                extra += 1
        else:
            continue  # prose ("duas alternativas"), neither a finding nor a value to source
        if n.kind == "money" and entry.get("status") in ("grounded", "derived"):
            stated_money.update(v for v in n.values if isinstance(v, Decimal) and v)
        if len(provenance) < MAX_VALUES:
            provenance.append(entry)
    if extra:
        severity = "warning" if is_ai_draft else "info"
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
    return warnings, provenance


# --- phrase tables ---------------------------------------------------------------------------
# Patterns run on the folded text (lower case, no accents).

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
    """Warnings for absolute claims (``absolute_claim``, with their ``kind``: uniqueness, certainty,
    guarantee, perfection, totality, superiority; see :mod:`claims`) and publicity wording
    (``marketing_claim``), and the spans they cover (their numbers, as in "100 %", are no facts).
    The same wording repeated is reported once."""
    warnings: list[dict[str, Any]] = []
    spans: list[tuple[int, int]] = []
    seen: set[str] = set()
    for claim in claims.find_claims(folded):
        spans.append((claim.start, claim.end))
        key = " ".join(folded[claim.start : claim.end].split())
        if key in seen:
            continue
        seen.add(key)
        found = " ".join(body[claim.start : claim.end].split())
        excerpt = _excerpt(body, claim.start, claim.end)
        if claim.kind is None:
            warnings.append(_warning("marketing_claim", "warning", claims.marketing_message(found), excerpt))
        else:
            warning = _warning("absolute_claim", "warning", claims.claim_message(claim.kind, found), excerpt)
            warning["kind"] = claim.kind
            warnings.append(warning)
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
        if code in UNSCORED_CODES or (code == AI_ONLY_CODE and severity == "info"):
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
    sections, instructions; :func:`engine.flatten_inputs` labels each with its source and whether it
    grounds, see :mod:`grounding`): numbers and money values found in none of them are flagged (unless
    they are the product or quotient of two of them, as in a calculation memo), and ``values`` of the
    report says where each one came from. With ``is_ai_draft`` those
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
    provenance: list[dict[str, Any]] = []
    if inputs or is_ai_draft:
        ignored = [c.span for c in citations] + bracket_spans + marketing_spans
        ignored += [(m.start(), m.end()) for _, m in _IGNORED_NUMBER_WORDS.finditer(folded)]
        ignored += [(m.start(), m.end()) for m in _IGNORED_NUMBER_MARKS.finditer(masked)]
        number_warnings, provenance = _number_findings(masked, ignored, list(inputs), is_ai_draft, sentences)
        warnings += number_warnings
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
    return QualityReport(score=score, warnings=warnings, metrics=metrics, score_breakdown=breakdown, values=provenance)
