"""Section Markdown parsed into a small, renderer-neutral block model.

Section text (written by people or drafted by AI) is CommonMark with GitHub pipe tables. The PDF and
DOCX renderers never see Markdown or HTML: they walk the blocks below, whose text is plain Unicode,
and escape it for their own target (ReportLab paragraph markup, WordprocessingML).

Parsing uses markdown-it-py (the CommonMark reference port, already in the dependency tree) with raw
HTML disabled, so ``<script>`` or ``<font color=red>`` in a section stays literal text. A hand parser
would be a little faster, but emphasis, nested lists, escapes and tables have many edge cases that the
CommonMark implementation already gets right; parsing a full 19,500-word ETP takes a few tens of ms.

Supported: paragraphs with bold, italic, strikethrough and inline code; hard line breaks; bullet and
numbered lists (nested; renderers indent up to :data:`MAX_LIST_DEPTH` levels); pipe tables with column
alignment; headings (demoted below the section title); blockquotes; horizontal rules; code blocks.
Links keep their text and show the address after it; images keep their description.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

MAX_LIST_DEPTH = 3  # list nesting the renderers indent; deeper items stay at this level
MAX_HEADING_LEVEL = 4  # headings inside a section are demoted, then capped here
Align = Literal["left", "center", "right"]

# Characters no document format should carry: C0/C1 controls (tab and newline excepted), bidi
# embedding/override/isolate controls (they can make text read differently from what it says), lone
# surrogates and the two non-characters XML forbids.
_INVALID_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str | None) -> str:
    """``text`` safe for every output format: NFC-normalized (so "c" + combining cedilla becomes one
    "ç" glyph), CR/LF and lone CR turned into LF, control and bidi-override characters and lone
    surrogates removed."""
    if not text:
        return ""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVALID_CHARS.sub("", text)
    return text if text.isascii() else unicodedata.normalize("NFC", text)


# --- the block model -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Span:
    """A run of plain text with its inline style. ``text == "\\n"`` is a hard line break."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    strike: bool = False

    @property
    def is_break(self) -> bool:
        return self.text == "\n"


Inline = tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Paragraph:
    spans: Inline


@dataclass(frozen=True, slots=True)
class Heading:
    level: int  # 2..MAX_HEADING_LEVEL once demoted below the section title (level 1)
    spans: Inline


@dataclass(frozen=True, slots=True)
class ListItem:
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class ListBlock:
    ordered: bool
    start: int
    items: tuple[ListItem, ...]


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]  # every row has len(header) cells
    align: tuple[Align | None, ...]

    @property
    def columns(self) -> int:
        return len(self.header)


@dataclass(frozen=True, slots=True)
class Quote:
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class CodeBlock:
    text: str


@dataclass(frozen=True, slots=True)
class Rule:
    pass


Block = Paragraph | Heading | ListBlock | Table | Quote | CodeBlock | Rule


def plain_text(spans: Sequence[Span]) -> str:
    """The spans' text without styling (line breaks as spaces)."""
    return "".join(" " if s.is_break else s.text for s in spans)


# --- parsing ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # "commonmark" with raw HTML off: HTML blocks and inline tags become text tokens
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
        ["table", "strikethrough"]
    )


def parse_markdown(text: str | None, *, demote: int = 1) -> tuple[Block, ...]:
    """The blocks of ``text`` (Markdown). Headings are demoted by ``demote`` levels (a ``#`` inside a
    section becomes a level-2 heading under the section title) and capped at
    :data:`MAX_HEADING_LEVEL`. All text is cleaned with :func:`clean_text`; nothing is escaped."""
    source = clean_text(text)
    if not source.strip():
        return ()
    tokens = _parser().parse(source)
    if _dropped_lines(source, tokens):
        # markdown-it stops at its nesting limit (quotes or lists nested ~10 deep) and drops the rest of
        # that container: print such text literally rather than lose part of it
        return _literal(source)
    blocks, _ = _blocks(tokens, 0, demote, closing=None)
    return tuple(blocks)


# Block tokens that hold text: every source line with text belongs to one of them, except link
# reference definitions, which print nothing by design. A line of list or quote markers only (an empty
# item) holds no text.
_LEAF_BLOCKS = frozenset({"paragraph_open", "heading_open", "fence", "code_block", "hr", "table_open"})
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:")
_MARKERS_ONLY = re.compile(r"^(?:\s*(?:[-+*>]|[0-9]{1,9}[.)]))*\s*$")


def _dropped_lines(source: str, tokens: list[Token]) -> bool:
    """Whether the parser left a non-blank line of ``source`` out of every block."""
    lines = source.split("\n")
    covered = bytearray(len(lines))
    for tok in tokens:
        if tok.type in _LEAF_BLOCKS and tok.map:
            start, end = tok.map
            covered[start:end] = b"\x01" * (end - start)
    return any(
        not covered[i] and not _MARKERS_ONLY.match(line) and not _REFERENCE_DEFINITION.match(line)
        for i, line in enumerate(lines)
    )


def _literal(source: str) -> tuple[Block, ...]:
    """``source`` as plain paragraphs (split at blank lines, line breaks kept), no markup read."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n[ \t]*\n", source):
        lines = [line.rstrip() for line in chunk.strip("\n").split("\n")]
        spans: list[Span] = []
        for line in lines:
            if spans:
                spans.append(Span("\n"))
            spans.append(Span(line))
        if any(line.strip() for line in lines):
            blocks.append(Paragraph(tuple(spans)))
    return tuple(blocks)


def _blocks(tokens: list[Token], i: int, demote: int, closing: str | None) -> tuple[list[Block], int]:
    """Blocks from ``tokens[i:]`` up to the token of type ``closing`` (consumed); returns the index
    after it."""
    out: list[Block] = []
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        kind = tok.type
        if kind == closing:
            return out, i + 1
        if kind == "paragraph_open":
            spans = _inline(tokens[i + 1])
            if spans:
                out.append(Paragraph(spans))
            i += 3
        elif kind == "heading_open":
            level = min(int(tok.tag[1:]) + demote, MAX_HEADING_LEVEL)
            spans = _inline(tokens[i + 1])
            if spans:
                out.append(Heading(level, spans))
            i += 3
        elif kind in ("bullet_list_open", "ordered_list_open"):
            block, i = _list(tokens, i, demote)
            out.append(block)
        elif kind == "blockquote_open":
            inner, i = _blocks(tokens, i + 1, demote, "blockquote_close")
            if inner:
                out.append(Quote(tuple(inner)))
        elif kind == "table_open":
            table, i = _table(tokens, i + 1)
            if table is not None:
                out.append(table)
        elif kind in ("fence", "code_block"):
            code = tok.content.rstrip("\n")
            if code.strip():
                out.append(CodeBlock(code))
            i += 1
        elif kind == "hr":
            out.append(Rule())
            i += 1
        else:
            i += 1  # a closing token of an enclosing structure handled by the caller, or unknown
    return out, i


def _list(tokens: list[Token], i: int, demote: int) -> tuple[ListBlock, int]:
    opener = tokens[i]
    ordered = opener.type == "ordered_list_open"
    close = "ordered_list_close" if ordered else "bullet_list_close"
    start = int(opener.attrs.get("start", 1)) if ordered else 1
    items: list[ListItem] = []
    i += 1
    while i < len(tokens) and tokens[i].type != close:
        if tokens[i].type == "list_item_open":
            inner, i = _blocks(tokens, i + 1, demote, "list_item_close")
            items.append(ListItem(tuple(inner)))
        else:
            i += 1
    return ListBlock(ordered, start, tuple(items)), i + 1


_ALIGN: dict[str, Align] = {"text-align:left": "left", "text-align:center": "center", "text-align:right": "right"}


def _table(tokens: list[Token], i: int) -> tuple[Table | None, int]:
    header: list[Inline] = []
    align: list[Align | None] = []
    rows: list[list[Inline]] = []
    row: list[Inline] | None = None
    in_head = False
    while i < len(tokens) and tokens[i].type != "table_close":
        tok = tokens[i]
        kind = tok.type
        if kind == "thead_open":
            in_head = True
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            if in_head:
                header = row
            else:
                rows.append(row)
            row = None
        elif kind in ("th_open", "td_open") and row is not None:
            if in_head:
                align.append(_ALIGN.get(str(tok.attrs.get("style", ""))))
            row.append(_inline(tokens[i + 1]))
            i += 2  # the inline token and the cell's closing token
        i += 1
    if not header:
        return None, i + 1
    width = len(header)
    body = tuple(tuple((r + [()] * width)[:width]) for r in rows)
    return Table(tuple(header), body, tuple(align)), i + 1


def _inline(tok: Token) -> Inline:
    """The spans of an ``inline`` token: adjacent runs of equal style merged, ends trimmed."""
    spans: list[Span] = []
    bold = italic = strike = 0
    link_href: list[str] = []
    link_text: list[str] = []

    def add(text: str, *, code: bool = False) -> None:
        if not text:
            return
        if link_href:
            link_text.append(text)
        style = (bold > 0, italic > 0, code, strike > 0)
        if (
            spans
            and not spans[-1].is_break
            and text != "\n"
            and (spans[-1].bold, spans[-1].italic, spans[-1].code, spans[-1].strike) == style
        ):
            spans[-1] = Span(spans[-1].text + text, *style)
        else:
            spans.append(Span(text, *style))

    for child in tok.children or ():
        kind = child.type
        if kind == "text":
            add(child.content)
        elif kind == "softbreak":
            add(" ")
        elif kind == "hardbreak":
            add("\n")
        elif kind == "code_inline":
            add(child.content, code=True)
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "s_open":
            strike += 1
        elif kind == "s_close":
            strike -= 1
        elif kind == "link_open":
            link_href.append(str(child.attrs.get("href", "")))
            link_text.clear()
        elif kind == "link_close" and link_href:
            href = link_href.pop()
            shown = "".join(link_text).strip()
            if href and href not in (shown, "mailto:" + shown):
                add(f" ({href})")
        elif kind == "image":
            alt = child.content or "".join(c.content for c in child.children or ())
            add(f"[imagem: {alt}]" if alt else "[imagem]")
        elif child.content:  # html_inline (off) and any future token: its text, never markup
            add(child.content)
    # trim the paragraph's outer whitespace; drop empty runs left over
    while spans and (spans[0].is_break or not spans[0].text.strip()):
        spans.pop(0)
    while spans and (spans[-1].is_break or not spans[-1].text.strip()):
        spans.pop()
    if spans:
        first, last = spans[0], spans[-1]
        spans[0] = Span(first.text.lstrip(), first.bold, first.italic, first.code, first.strike)
        last = spans[-1]
        spans[-1] = Span(last.text.rstrip(), last.bold, last.italic, last.code, last.strike)
    return tuple(spans)
