"""What grounds a draft's numbers: the texts a person gave, each labelled with where it came from.

A value in a section is trusted when a person gave it: the ETP's fields (``valor_estimado``,
``campos.vigencia_meses``…), the instructions of the request, or another section's text that a person
wrote or approved (``EarlierSection.grounds``). An earlier section still holding an untouched AI draft
grounds nothing — otherwise a value the model invented in section IV would make the same invented
value in section VI look sourced (AI text laundering AI text) — but it is kept, marked, so that the
report can say when a value's only support is another AI draft. What the value model computes from
the fields (the total, the number of periods, posts, the deliveries over the term) is a fact too,
with its calculation; so is the number of items a field names one by one ("Varas de Parnaíba, Picos,
Floriano e Oeiras" grounds "quatro varas"), labelled with that field. Both only ground a count: they
are no term of a calculation memo (``Input.factor``).

Each input is a :class:`Input`: a ``str`` (so every caller that only wants the texts keeps working)
that carries its ``source`` (a field key, ``"instruções"``, ``"section IV"``), whether it ``grounds``
and, for a computed value, the calculation it is ``derived`` from. Plain strings given to the checks
are taken as a person's inputs of unknown source.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from etp_app.drafting import values
from etp_app.drafting.types import DraftContext

INSTRUCTIONS_SOURCE = "instruções"
CURRENT_SOURCE = "texto atual"


class Input(str):
    """One text the checks compare a section's numbers with, and where it came from."""

    source: str | None
    grounds: bool
    derived: str | None
    factor: bool

    def __new__(
        cls,
        text: str,
        source: str | None = None,
        *,
        grounds: bool = True,
        derived: str | None = None,
        factor: bool = True,
    ) -> Input:
        self = super().__new__(cls, text)
        self.source = source
        self.grounds = grounds
        self.derived = derived
        self.factor = factor  # False: a count read off a list, never a term of a calculation memo
        return self


def section_source(code: str) -> str:
    """How the provenance names another section: ``"section IV"`` (the web app translates it)."""
    return f"section {code}"


def source_of(item: str) -> tuple[str | None, bool, str | None]:
    """``(source, grounds, derived)`` of an input: a plain string is a person's, of unknown source."""
    if isinstance(item, Input):
        return item.source, item.grounds, item.derived
    return None, True, None


def _walk(value: Any, key: str) -> Iterator[Input]:
    if value is None:
        return
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _walk(item, f"{key}.{name}" if key else str(name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _walk(item, key)
    else:
        yield Input(str(value), key or None)


# An enumeration a person wrote: items split by commas or semicolons, the last two joined by "e"
# ("Parnaíba, Picos, Floriano e Oeiras"); each item a short proper name (capitalised), so that prose
# clauses and lists of features ("suporte técnico e transferência de conhecimento") are no list
_SENTENCE_RX = re.compile(r"[.:!?\n]+(?:\s|$)")
_ITEM_SPLIT_RX = re.compile(r"\s*[,;]\s*")
_LAST_AND_RX = re.compile(r"\s+e\s+")
_MAX_ITEM_WORDS = 6
_MIN_ITEMS = 4  # "A, B e C" is too common a phrase, and three too common a count


def _is_name(item: str) -> bool:
    words = item.split()
    return 0 < len(words) <= _MAX_ITEM_WORDS and words[0][:1].isupper()


def _enumeration_count(sentence: str) -> int | None:
    """How many items the list in ``sentence`` names ("…, X e Y", a short tail such as "no Piauí" may
    follow): the items back from "X e Y" while they are short names; the sentence's first part may
    be long, since it carries the lead-in words of the first item ("Atendem-se as Varas de A")."""
    parts = _ITEM_SPLIT_RX.split(sentence.strip())
    joined = [i for i, part in enumerate(parts) if _LAST_AND_RX.search(part)]
    if not joined:
        return None
    last = _LAST_AND_RX.split(parts[joined[-1]])
    if len(last) != 2 or not all(_is_name(part) for part in last):
        return None
    count = 2
    for index in range(joined[-1] - 1, -1, -1):
        item = parts[index]
        # the first part carries the lead-in words: its last word names the first item
        if not (_is_name(item) or (index == 0 and item.split() and item.split()[-1][:1].isupper())):
            break
        count += 1
    return count if count >= _MIN_ITEMS else None


def enumeration_counts(text: str) -> tuple[int, ...]:
    """The number of items of each enumeration in ``text``: "sete varas" is grounded by a field that
    lists the seven varas by name, though it states no seven. The facts of an ETP are read again for
    each of its sections: the counts of a text are kept (a plain ``str`` key)."""
    return _enumeration_counts(str(text))


@functools.lru_cache(maxsize=2048)
def _enumeration_counts(text: str) -> tuple[int, ...]:
    out = []
    for sentence in _SENTENCE_RX.split(text):
        count = _enumeration_count(sentence)
        if count is not None:
            out.append(count)
    return tuple(out)


def _counts_of(items: list[Input]) -> Iterator[Input]:
    """A count for each enumeration of a person's field, labelled with that field."""
    for item in items:
        for count in enumeration_counts(item):
            yield Input(f"{count} itens", item.source, factor=False)


def _derived_input(text: str, formula: str) -> Input:
    if formula == values.DELIVERIES_FORMULA:  # "doze lotes": grounds a count, multiplies nothing
        return Input(f"{text} itens", formula, derived=formula, factor=False)
    return Input(text, formula, derived=formula)


def inputs_of(ctx: DraftContext) -> list[Input]:
    """Every text a draft (or a check) of ``ctx.inciso`` may compare its numbers with, labelled: the
    facts by their keys, the value model's results with their calculation, the other sections (those
    not written or approved by a person marked as not grounding), the instructions and the section's
    current text."""
    out = list(_walk(ctx.facts, ""))
    out.extend(_counts_of(out))
    out.extend(_derived_input(text, formula) for text, formula in values.derived_values(ctx.facts))
    out.extend(Input(s.content, section_source(s.code), grounds=s.grounds) for s in ctx.earlier_sections)
    if ctx.instructions:
        out.append(Input(ctx.instructions, INSTRUCTIONS_SOURCE))
        out.extend(Input(f"{n} itens", INSTRUCTIONS_SOURCE, factor=False) for n in enumeration_counts(ctx.instructions))
    if ctx.current_content:
        out.append(Input(ctx.current_content, CURRENT_SOURCE, grounds=ctx.current_grounds))
    return out
