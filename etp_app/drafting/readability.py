"""Readability of Brazilian Portuguese text: syllables, sentences and the Flesch index adapted to
Portuguese by Martins et al. (1996):

    248.835 − 1.015 × (words / sentences) − 84.6 × (syllables / words)

Bands (Martins et al.): 75–100 muito fácil, 50–75 fácil, 25–50 difícil, below 25 muito difícil.
Words are runs of letters (hyphenated compounds count once); numbers and symbols are not words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

LONG_SENTENCE_WORDS = 40

BANDS: tuple[tuple[float, str], ...] = (
    (75.0, "muito fácil"),
    (50.0, "fácil"),
    (25.0, "difícil"),
    (float("-inf"), "muito difícil"),
)

# --- syllables -------------------------------------------------------------------------------

_VOWELS = frozenset("aeiouáéíóúâêôãõàüy")
_WEAK = frozenset("iuy")  # unaccented i/u: glides next to another vowel
_NASAL_DIPHTHONG_HEAD = frozenset("ãõ")  # ão, ãe, õe, ãi
_CLOSING_CONSONANTS = frozenset("lmnrz")  # after i/u they force a hiatus: ca-ir, ra-iz, a-in-da
_SILENT_U = re.compile(r"(?<=[qg])[uü](?=[aeioáéíóâêôãõ])")  # qu/gu + vowel: the u is no nucleus
_VOWEL_GROUP = re.compile(r"[aeiouáéíóúâêôãõàüy]+")
_HAS_LETTER = re.compile(r"[^\W\d_]")


def _group_nuclei(group: str, word: str, end: int) -> int:
    """Syllable nuclei in a run of vowels, ``word[end]`` being the letter after the run."""
    after = word[end : end + 2]
    closes = after == "nh" or (
        bool(after) and after[0] in _CLOSING_CONSONANTS and (len(after) == 1 or after[1] not in _VOWELS)
    )
    nuclei = 1
    prev_is_glide = False
    last = len(group) - 1
    for k in range(1, len(group)):
        v, prev = group[k], group[k - 1]
        joins = False
        if not prev_is_glide:
            if v in _WEAK and v != prev:
                # falling diphthong (pai, céu, muito, riu) unless a closing consonant follows the
                # glide at the end of the run (ca-ir, ra-i-nha, ru-im, con-tri-bu-in-te)
                joins = not (k == last and closes)
            elif prev in _NASAL_DIPHTHONG_HEAD and v in "eo":
                joins = True  # pão, mãe, põe
        if joins:
            prev_is_glide = True
        else:
            nuclei += 1
            prev_is_glide = False
    return nuclei


@lru_cache(maxsize=16384)
def count_syllables(word: str) -> int:
    """Orthographic syllables of a Portuguese word (0 when it has no letter).

    Vowel groups are split by diphthong and hiatus rules: i/u glide after a vowel (pai, muito) but
    accented í/ú are nuclei (sa-ú-de, pa-ís); i/u before a vowel start a new syllable (his-tó-ri-a);
    two strong vowels are a hiatus (po-e-ta); ão/ãe/õe are diphthongs; the u of qu/gu before a vowel
    is silent (quais = 1, á-gua = 2).
    """
    w = word.lower()
    if not _HAS_LETTER.search(w):
        return 0
    w = _SILENT_U.sub("", w)
    n = 0
    for m in _VOWEL_GROUP.finditer(w):
        n += 1 if m.end() - m.start() == 1 else _group_nuclei(m.group(), w, m.end())
    return max(n, 1)


# --- words and sentences ---------------------------------------------------------------------

# a run of letters, hyphenated compounds once; "R$"/"US$" are currency signs, not words
WORD_RE = re.compile(r"(?>[^\W\d_]+(?:[-'’][^\W\d_]+)*)(?!\$)")
_WORD_PART = re.compile(r"[^\W\d_]+")

# Tokens ending in "." that do not end a sentence (compared lower-case, without the final dot).
ABBREVIATIONS = frozenset(
    """
    art arts inc incs al als par parág pág págs p pp fl fls n nº n.º núm num cf ex obs aprox ref refs
    vol cap caps sr sra srs sras dr dra drs dras prof profa exmo exma ilmo ilma sec séc min máx mín
    tel av ed org coord e.g i.e a.c d.c s.a jan fev mar abr jun jul ago set out nov dez
    """.split()
)

# A boundary candidate: a newline, or terminal punctuation followed by space or end of text.
_CANDIDATE = re.compile(r"(?P<nl>[ \t]*\n\s*)|(?P<p>[.!?…]+)[\"'”’)\]]*(?=\s|$)")
_LIST_OR_HEADING = re.compile(r"(?:[-*•>#]|\d{1,2}[.)]\s|[a-z]\)\s|\|)")


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the single "." at ``dot`` closes an abbreviation, an initial or a list number."""
    start = dot
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    token = text[start:dot].lstrip("(\"'“[").lower()
    if not token:
        return False
    if token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
        return True
    if token.isdigit() and len(token) <= 2:  # "1." opening a list item
        line_start = text.rfind("\n", 0, start) + 1
        return not text[line_start:start].strip()
    return False


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the sentences of ``text``, trimmed of surrounding whitespace.

    A sentence ends at ".", "!", "?" or "…" followed by a space and a non-lower-case character, except
    after abbreviations ("art.", "nº.", "Sr.", "inc."), initials and list numbers; dots inside numbers
    ("R$ 1.234,56", "Lei 14.133/2021") never end one. Blank lines, list items, headings and table
    rows also end a sentence.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    size = len(text)
    for m in _CANDIDATE.finditer(text):
        if m.group("nl") is not None:
            nxt = m.end()
            if nxt < size and m.group("nl").count("\n") == 1:
                line_start = text.rfind("\n", 0, m.start()) + 1
                this_line = text[line_start : m.start()].lstrip()
                prev_char = text[m.start() - 1] if m.start() else ""
                wrapped = (
                    text[nxt].islower()
                    and (prev_char.isalpha() or prev_char in ",;")
                    and not _LIST_OR_HEADING.match(this_line)
                )
                if wrapped:  # a paragraph wrapped over two lines
                    continue
            cut = m.start()
        else:
            nxt = m.end()
            while nxt < size and text[nxt].isspace():
                nxt += 1
            if nxt < size and text[nxt].islower():
                continue
            if m.group("p") == "." and _is_abbreviation(text, m.start()):
                continue
            cut = m.end()
        _add_span(text, start, cut, spans)
        start = m.end()
    _add_span(text, start, size, spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and any(c.isalnum() for c in text[start:end]):
        spans.append((start, end))


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (see :func:`sentence_spans`)."""
    return [text[a:b] for a, b in sentence_spans(text)]


def words(text: str) -> list[str]:
    """Words of ``text``: runs of letters, hyphenated compounds counted once, numbers excluded."""
    return WORD_RE.findall(text)


def word_syllables(word: str) -> int:
    """Syllables of a word, summing the parts of a hyphenated compound."""
    if "-" not in word and "'" not in word and "’" not in word:
        return count_syllables(word)
    return sum(count_syllables(p) for p in _WORD_PART.findall(word))


# --- Flesch ----------------------------------------------------------------------------------


def flesch_pt(n_words: int, n_sentences: int, n_syllables: int) -> float | None:
    """Flesch reading ease adapted to Portuguese (Martins et al. 1996); None without words."""
    if n_words <= 0 or n_sentences <= 0:
        return None
    return 248.835 - 1.015 * (n_words / n_sentences) - 84.6 * (n_syllables / n_words)


def flesch_band(score: float | None) -> str | None:
    """The pt-BR band of a Flesch-PT score ("muito fácil", "fácil", "difícil", "muito difícil")."""
    if score is None:
        return None
    for floor, label in BANDS:
        if score >= floor:
            return label
    return BANDS[-1][1]  # pragma: no cover - the last floor is -inf


@dataclass(frozen=True)
class LongSentence:
    start: int
    end: int
    words: int
    text: str


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    syllables: int
    flesch: float | None  # raw score, not clamped; None when the text has no words
    band: str | None
    avg_sentence_words: float
    avg_syllables_per_word: float
    long_sentences: tuple[LongSentence, ...]


def analyze(
    text: str,
    *,
    long_sentence_words: int = LONG_SENTENCE_WORDS,
    sentences: Sequence[tuple[int, int]] | None = None,
) -> Readability:
    """Counts, Flesch-PT score and band, and the sentences longer than ``long_sentence_words``.
    ``sentences`` may carry ``sentence_spans(text)`` when already computed."""
    n_words = n_syllables = n_sentences = 0
    long: list[LongSentence] = []
    for start, end in sentence_spans(text) if sentences is None else sentences:
        sentence_words = WORD_RE.findall(text, start, end)
        if not sentence_words:
            continue
        n_sentences += 1
        n_words += len(sentence_words)
        n_syllables += sum(word_syllables(w) for w in sentence_words)
        if len(sentence_words) > long_sentence_words:
            long.append(LongSentence(start, end, len(sentence_words), text[start:end]))
    score = flesch_pt(n_words, n_sentences, n_syllables)
    return Readability(
        words=n_words,
        sentences=n_sentences,
        syllables=n_syllables,
        flesch=score,
        band=flesch_band(score),
        avg_sentence_words=n_words / n_sentences if n_sentences else 0.0,
        avg_syllables_per_word=n_syllables / n_words if n_words else 0.0,
        long_sentences=tuple(long),
    )


def long_sentences(text: str, limit: int = LONG_SENTENCE_WORDS) -> list[LongSentence]:
    """Sentences with more than ``limit`` words."""
    return list(analyze(text, long_sentence_words=limit).long_sentences)
