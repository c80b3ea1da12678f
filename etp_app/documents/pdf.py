"""The ETP as a PDF, laid out in-process with ReportLab platypus (no browser).

A4 with ABNT-like margins. Cover with the ETP's facts and the AI notice in a box; a table of contents
with page numbers (two layout passes, ``multiBuild``); the type-specific fields; the 13 sections in
inciso order under their statutory titles; an annex of the legal references cited. Every page carries
"Página X de Y", the generation time and the document's version in its footer, PDF bookmarks mirror
the table of contents, and a diagonal "RASCUNHO" watermark sits under the text unless the ETP is
approved.

Text: every string from the ETP (user or AI written) reaches ReportLab's paragraph markup only through
:func:`_escape` (``&``, ``<``, ``>``), so markup in the content prints literally. The font is Bitstream
Vera Sans, a TrueType font shipped inside ReportLab (no system fonts needed) and embedded as a subset;
it covers Portuguese (ç, ã, õ, º, ª, §, —, “ ”); the few characters it lacks are transliterated
(``→`` as ``->``, ``CO₂`` as ``CO2``) or shown as ``?``.
"""

from __future__ import annotations

import io
import itertools
import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import Paragraph as _RLParagraph
from reportlab.platypus.doctemplate import IndexingFlowable
from reportlab.platypus.flowables import HRFlowable
from reportlab.platypus.tableofcontents import TableOfContents

from etp_app.documents import markdown as md
from etp_app.documents import presentation as p
from etp_app.documents.model import DocumentModel

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_TOP, MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_RIGHT = 3 * cm, 3 * cm, 2 * cm, 2 * cm
CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT

FONT = "ETPSans"
FONT_BOLD = "ETPSans-Bold"
FONT_ITALIC = "ETPSans-Italic"
FONT_BOLD_ITALIC = "ETPSans-BoldItalic"
MONO = "Courier"  # a standard PDF font; code text goes through the same glyph check as the rest

INK = colors.HexColor("#1A1A1A")
MUTED = colors.HexColor("#5A5A5A")
RULE = colors.HexColor("#9AA5B1")
HEAD_FILL = colors.HexColor("#E8EEF4")
NOTICE_FILL = colors.HexColor("#FFF4D6")
NOTICE_EDGE = colors.HexColor("#C98A00")
PLACEHOLDER = colors.HexColor("#A61B1B")
WATERMARK = colors.Color(0.55, 0.55, 0.55, alpha=0.18)

_FONT_FILES = {FONT: "Vera.ttf", FONT_BOLD: "VeraBd.ttf", FONT_ITALIC: "VeraIt.ttf", FONT_BOLD_ITALIC: "VeraBI.ttf"}
# Transliterations for characters Vera lacks (anything else is decomposed with NFKD when that helps)
_FALLBACKS = {
    "→": "->",
    "←": "<-",
    "↔": "<->",
    "⇒": "=>",
    "⇐": "<=",
    "⇔": "<=>",
    "↑": "^",
    "↓": "v",
    "✓": "(ok)",
    "✔": "(ok)",
    "✗": "(x)",
    "✘": "(x)",
    "☐": "[ ]",
    "☑": "[x]",
    "☒": "[x]",
    "‣": "•",
    "◦": "•",
    "▪": "•",
    "■": "•",
    "●": "•",
    "○": "•",
    "−": "-",
    "‐": "-",
    "‑": "-",
    "\u202f": "\u00a0",
    "\u2009": " ",
    "\u200a": " ",
    "\u200b": "",
    "\u2060": "",
    "\ufeff": "",
}


# --- layout passes --------------------------------------------------------------------------


class _LayoutCanvas(Canvas):
    """The canvas of the first layout pass. Its output is always thrown away (the table of contents
    and the page count are only known after it), so paragraphs skip drawing on it."""

    layout_only = True


def _canvas_maker() -> Callable[..., Canvas]:
    passes = itertools.count()

    def make(*args: Any, **kwargs: Any) -> Canvas:
        return (_LayoutCanvas if next(passes) == 0 else Canvas)(*args, **kwargs)

    return make


class Paragraph(_RLParagraph):
    """ReportLab's paragraph, drawn only on canvases whose output is kept (see :class:`_LayoutCanvas`).
    Split parts keep the class. ``toc_entry`` (level, text, bookmark key) marks a heading for the table
    of contents and the PDF outline."""

    toc_entry: tuple[int, str, str] | None = None

    def draw(self) -> None:
        if getattr(self.canv, "layout_only", False):
            return
        super().draw()


# --- fonts and text --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _unsupported_chars() -> re.Pattern[str]:
    """Registers the Vera family once and returns a pattern of the characters it cannot show."""
    font_dir = Path(reportlab.__file__).resolve().parent / "fonts"
    supported: set[int] | None = None
    for name, filename in _FONT_FILES.items():
        font = TTFont(name, str(font_dir / filename))
        pdfmetrics.registerFont(font)
        cmap = set(font.face.charToGlyph)
        supported = cmap if supported is None else supported & cmap
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC)
    codes = sorted((supported or set()) | {0x0A, 0x09})
    ranges: list[str] = []
    start = prev = codes[0]
    for code in [*codes[1:], -1]:
        if code == prev + 1:
            prev = code
            continue
        ranges.append(re.escape(chr(start)) + ("-" + re.escape(chr(prev)) if prev > start else ""))
        start = prev = code
    return re.compile("[^" + "".join(ranges) + "]")


def _substitute(match: re.Match[str]) -> str:
    char = match.group()
    if char in _FALLBACKS:
        return _FALLBACKS[char]
    decomposed = unicodedata.normalize("NFKD", char)
    if decomposed != char and not _unsupported_chars().search(decomposed):
        return decomposed
    return "?"


def _glyph_safe(text: str) -> str:
    return _unsupported_chars().sub(_substitute, text)


def _escape(text: str) -> str:
    """Plain text as ReportLab paragraph markup: glyph-safe, ``&``, ``<`` and ``>`` escaped."""
    text = _glyph_safe(text)
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _plain(text: str | None) -> str:
    """A user string (fact, label) as paragraph markup; line breaks kept."""
    return _escape(md.clean_text(text)).replace("\n", "<br/>")


def _markup(spans: Sequence[md.Span]) -> str:
    parts: list[str] = []
    for span in spans:
        if span.is_break:
            parts.append("<br/>")
            continue
        text = _escape(span.text)
        if span.code:
            text = f'<font face="{MONO}">{text}</font>'
        if span.strike:
            text = f"<strike>{text}</strike>"
        if span.italic:
            text = f"<i>{text}</i>"
        if span.bold:
            text = f"<b>{text}</b>"
        parts.append(text)
    return "".join(parts)


# --- styles ----------------------------------------------------------------------------------


class _Styles:
    """Paragraph styles, built once per process (ReportLab styles are immutable in use)."""

    def __init__(self) -> None:
        base = ParagraphStyle(
            "body", fontName=FONT, fontSize=10.5, leading=15, textColor=INK, alignment=TA_JUSTIFY, spaceAfter=6
        )
        self.body = base
        self.small = ParagraphStyle("small", base, fontSize=8.5, leading=11, alignment=TA_LEFT, spaceAfter=0)
        self.marker = ParagraphStyle("marker", self.small, fontName=FONT_ITALIC, textColor=MUTED, spaceAfter=8)
        self.label = ParagraphStyle("label", self.small, fontName=FONT_BOLD, fontSize=9, leading=12)
        self.value = ParagraphStyle("value", self.small, fontSize=9, leading=12)
        self.cell = ParagraphStyle("cell", self.small, fontSize=9, leading=11.5)
        self.cell_head = ParagraphStyle("cell_head", self.cell, fontName=FONT_BOLD)
        self.cells = {
            (head, align): ParagraphStyle(
                f"cell_{head}_{align}", self.cell_head if head else self.cell, alignment=alignment
            )
            for head in (False, True)
            for align, alignment in (("left", TA_LEFT), ("center", TA_CENTER), ("right", TA_RIGHT))
        }
        self.org = ParagraphStyle(
            "org",
            base,
            fontName=FONT_BOLD,
            fontSize=11,
            leading=14,
            alignment=TA_CENTER,
            textColor=MUTED,
            spaceAfter=28,
        )
        self.kind = ParagraphStyle(
            "kind", base, fontName=FONT_BOLD, fontSize=20, leading=26, alignment=TA_CENTER, spaceAfter=4
        )
        self.basis = ParagraphStyle("basis", base, fontSize=10, alignment=TA_CENTER, textColor=MUTED, spaceAfter=26)
        self.title = ParagraphStyle(
            "title", base, fontName=FONT_BOLD, fontSize=15, leading=20, alignment=TA_CENTER, spaceAfter=10
        )
        self.objeto = ParagraphStyle("objeto", base, fontSize=10.5, alignment=TA_CENTER, spaceAfter=18)
        self.notice_title = ParagraphStyle(
            "notice_title", base, fontName=FONT_BOLD, fontSize=10, leading=13, spaceAfter=3, alignment=TA_LEFT
        )
        self.notice = ParagraphStyle("notice", base, fontSize=10, leading=13.5, spaceAfter=0, alignment=TA_LEFT)
        self.h1 = ParagraphStyle(
            "h1",
            base,
            fontName=FONT_BOLD,
            fontSize=13.5,
            leading=18,
            alignment=TA_LEFT,
            spaceBefore=14,
            spaceAfter=3,
            keepWithNext=1,
        )
        self.h_sub = {
            2: ParagraphStyle(
                "h2",
                base,
                fontName=FONT_BOLD,
                fontSize=11.5,
                leading=15,
                alignment=TA_LEFT,
                spaceBefore=8,
                spaceAfter=4,
                keepWithNext=1,
            ),
            3: ParagraphStyle(
                "h3",
                base,
                fontName=FONT_BOLD,
                fontSize=10.5,
                leading=14,
                alignment=TA_LEFT,
                spaceBefore=6,
                spaceAfter=3,
                keepWithNext=1,
            ),
            4: ParagraphStyle(
                "h4",
                base,
                fontName=FONT_BOLD_ITALIC,
                fontSize=10.5,
                leading=14,
                alignment=TA_LEFT,
                spaceBefore=4,
                spaceAfter=2,
                keepWithNext=1,
            ),
        }
        self.toc_title = ParagraphStyle("toc_title", self.h1, spaceBefore=0, spaceAfter=12)
        self.toc = [
            ParagraphStyle(
                "toc0",
                base,
                fontSize=10.5,
                leading=16,
                alignment=TA_LEFT,
                spaceAfter=0,
                leftIndent=0,
                firstLineIndent=0,
                rightIndent=24,
            )
        ]
        self.placeholder = ParagraphStyle("placeholder", base, fontName=FONT_BOLD, textColor=PLACEHOLDER)
        self.justification_label = ParagraphStyle(
            "justification_label", base, fontName=FONT_BOLD_ITALIC, alignment=TA_LEFT, spaceAfter=3
        )
        self.quote = ParagraphStyle("quote", base, fontName=FONT_ITALIC, textColor=MUTED, leftIndent=20, rightIndent=12)
        self.code = ParagraphStyle(
            "code",
            base,
            fontName=MONO,
            fontSize=9,
            leading=11.5,
            alignment=TA_LEFT,
            leftIndent=12,
            backColor=colors.HexColor("#F3F3F3"),
            borderPadding=4,
            spaceBefore=4,
            spaceAfter=10,
        )
        self.annex_note = ParagraphStyle("annex_note", self.small, textColor=MUTED, spaceBefore=6)
        self._lists: dict[tuple[int, bool], ParagraphStyle] = {}

    def list_item(self, depth: int, continuation: bool = False) -> ParagraphStyle:
        """Style of a list item paragraph at ``depth`` (0-based, capped); a continuation paragraph
        of an item is indented like its text, without a bullet."""
        depth = min(depth, md.MAX_LIST_DEPTH - 1)
        key = (depth, continuation)
        style = self._lists.get(key)
        if style is None:
            style = ParagraphStyle(
                f"list_{depth}_{int(continuation)}",
                self.body,
                alignment=TA_LEFT,
                leftIndent=20 + 18 * depth,
                bulletIndent=6 + 18 * depth,
                bulletFontName=FONT,
                spaceAfter=3,
            )
            self._lists[key] = style
        return style


@lru_cache(maxsize=1)
def _styles() -> _Styles:
    _unsupported_chars()  # the fonts must be registered before styles are used
    return _Styles()


# --- Markdown blocks to flowables ------------------------------------------------------------

_BULLETS = ("•", "–", "·")


def _table_style(header: bool) -> TableStyle:
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL))
    return TableStyle(commands)


_MARKDOWN_TABLE_STYLE = _table_style(header=True)


def _table(table: md.Table, st: _Styles) -> Table:
    aligns = [a or "left" for a in table.align]
    data = [[Paragraph(_markup(cell), st.cells[True, aligns[c]]) for c, cell in enumerate(table.header)]]
    for row in table.rows:
        data.append([Paragraph(_markup(cell), st.cells[False, aligns[c]]) for c, cell in enumerate(row)])
    return Table(
        data,
        colWidths=[CONTENT_WIDTH * f for f in p.column_fractions(table)],
        repeatRows=1,
        splitInRow=1,
        style=_MARKDOWN_TABLE_STYLE,
        hAlign="LEFT",
        spaceBefore=4,
        spaceAfter=10,
    )


def _list(block: md.ListBlock, depth: int, st: _Styles, out: list[Flowable]) -> None:
    for k, item in enumerate(block.items):
        bullet = f"{block.start + k}." if block.ordered else _BULLETS[min(depth, len(_BULLETS) - 1)]
        for j, child in enumerate(item.blocks or (md.Paragraph(()),)):
            if isinstance(child, md.Paragraph):
                if j == 0:
                    out.append(Paragraph(_markup(child.spans), st.list_item(depth), bulletText=bullet))
                else:  # a further paragraph of the item, indented like its text
                    out.append(Paragraph(_markup(child.spans), st.list_item(depth, continuation=True)))
                continue
            if j == 0:  # an item opening with a nested list or a table: its marker on a line of its own
                out.append(Paragraph("&nbsp;", st.list_item(depth), bulletText=bullet))
            if isinstance(child, md.ListBlock):
                _list(child, depth + 1, st, out)
            else:
                _blocks((child,), st, out, depth=depth)
    if depth == 0:
        out.append(Spacer(1, 4))


def _blocks(blocks: Sequence[md.Block], st: _Styles, out: list[Flowable], depth: int = 0, quote: bool = False) -> None:
    body = st.quote if quote else st.body
    for block in blocks:
        if isinstance(block, md.Paragraph):
            out.append(Paragraph(_markup(block.spans), body))
        elif isinstance(block, md.ListBlock):
            _list(block, depth, st, out)
        elif isinstance(block, md.Table):
            out.append(_table(block, st))
        elif isinstance(block, md.Heading):
            out.append(Paragraph(_markup(block.spans), st.h_sub[min(max(block.level, 2), md.MAX_HEADING_LEVEL)]))
        elif isinstance(block, md.Quote):
            _blocks(block.blocks, st, out, depth=depth, quote=True)
        elif isinstance(block, md.CodeBlock):
            lines = (_escape(line).replace("  ", "&nbsp; ") for line in block.text.split("\n"))
            out.append(Paragraph("<br/>".join(lines), st.code))
        elif isinstance(block, md.Rule):
            out.append(HRFlowable(width="100%", thickness=0.6, color=RULE, spaceBefore=4, spaceAfter=8))


# --- document parts --------------------------------------------------------------------------


def _heading(text: str, st: _Styles, key: str, level: int = 0) -> Paragraph:
    heading = Paragraph(_escape(text), st.h1)
    heading.toc_entry = (level, text, key)
    return heading


def _facts_table(rows: list[tuple[str, str]], st: _Styles, label_width: float) -> Table:
    data = [[Paragraph(_plain(label), st.label), Paragraph(_plain(value), st.value)] for label, value in rows]
    return Table(
        data,
        colWidths=[label_width, CONTENT_WIDTH - label_width],
        splitInRow=1,
        hAlign="LEFT",
        style=TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("LINEABOVE", (0, 0), (-1, 0), 0.8, RULE),
                ("BACKGROUND", (0, 0), (0, -1), HEAD_FILL),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        ),
    )


def _notice_box(st: _Styles, doc: DocumentModel) -> Table:
    title, notice = p.document_notice(doc)
    content = [Paragraph(_escape(title), st.notice_title), Paragraph(_escape(notice), st.notice)]
    return Table(
        [[content]],
        colWidths=[CONTENT_WIDTH],
        hAlign="LEFT",
        style=TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, NOTICE_EDGE),
                ("BACKGROUND", (0, 0), (-1, -1), NOTICE_FILL),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 9),
            ]
        ),
    )


def _cover(doc: DocumentModel, st: _Styles) -> list[Flowable]:
    story: list[Flowable] = [
        Paragraph(_plain(doc.organization_name.upper()), st.org),
        Paragraph(_escape(p.DOCUMENT_KIND.upper()), st.kind),
        Paragraph(_escape(p.LEGAL_BASIS), st.basis),
        Paragraph(_plain(doc.title), st.title),
        Paragraph("<b>" + _escape(p.status_label(doc)) + "</b>", st.basis),
    ]
    if doc.objeto and doc.objeto.strip():
        story.append(Paragraph("<b>Objeto:</b> " + _plain(doc.objeto), st.objeto))
    story += [
        _facts_table(p.cover_facts(doc), st, 4.6 * cm),
        Spacer(1, 16),
        _notice_box(st, doc),
    ]
    return story


def _campos(doc: DocumentModel, st: _Styles) -> list[Flowable]:
    story: list[Flowable] = [
        _heading(p.CAMPOS_TITLE, st, "campos"),
        Paragraph(f"Tipo de contratação: {_plain(doc.template_name)}", st.marker),
    ]
    rows = p.campos_rows(doc)
    if rows:
        story.append(_facts_table(rows, st, 5.4 * cm))
    else:
        story.append(Paragraph("Nenhum campo específico do tipo de contratação foi informado.", st.body))
    return story


def _sections(doc: DocumentModel, st: _Styles) -> list[Flowable]:
    story: list[Flowable] = []
    for view in p.section_views(doc):
        story.append(CondPageBreak(4 * cm))
        story.append(_heading(view.heading, st, f"sec{view.section.inciso}"))
        story.append(Paragraph(_escape(view.marker), st.marker))
        if view.state == "justified":
            story.append(Paragraph(_escape(p.JUSTIFICATION_LABEL), st.justification_label))
        if view.state == "unfilled":
            story.append(Paragraph(_escape(view.placeholder or p.UNFILLED), st.placeholder))
        else:
            _blocks(view.blocks, st, story)
    return story


def _signatory(person: p.Signatory, st: _Styles) -> list[Flowable]:
    details = " · ".join(x for x in (person.role, person.function) if x)
    if person.matricula:
        details += f" · Matrícula {person.matricula}"
    return [
        Spacer(1, 22),
        Paragraph(_escape(p.SIGNATURE_LINE), st.body),
        Paragraph("<b>" + _escape(person.name) + "</b>", st.body),
        Paragraph(_escape(details), st.marker),
    ]


def _signatures(doc: DocumentModel, st: _Styles) -> list[Flowable]:
    block = p.signature_block(doc)
    story: list[Flowable] = [CondPageBreak(8 * cm), _heading(p.SIGNATURES_TITLE, st, "signatures")]
    story.append(Paragraph(_escape(block.place_date), st.body))
    for note in block.missing:
        story.append(Paragraph(_escape(note), st.placeholder))
    for person in block.team:
        story += _signatory(person, st)
    story += [Spacer(1, 16), Paragraph("<b>" + _escape(block.approval) + "</b>", st.body)]
    if block.statement:
        story.append(Paragraph("Declaração: “" + _escape(block.statement) + "”", st.body))
    if block.authority is not None:
        story += _signatory(block.authority, st)
    return story


def _annex(doc: DocumentModel, st: _Styles) -> list[Flowable]:
    story: list[Flowable] = [CondPageBreak(5 * cm), _heading(f"Anexo — {p.ANNEX_TITLE}", st, "annex")]
    norms = p.cited_norms(doc)
    if not norms:
        story.append(Paragraph(_escape(p.ANNEX_EMPTY), st.body))
        return story
    header = [Paragraph(_escape(h), st.cell_head) for h in p.ANNEX_HEADER]
    data = [header] + [[Paragraph(_escape(v), st.cell) for v in norm.row] for norm in norms]
    widths = [0.30, 0.30, 0.22, 0.18]
    style = _table_style(header=True)
    for row, norm in enumerate(norms, start=1):
        if norm.revoked:
            style.add("TEXTCOLOR", (1, row), (1, row), PLACEHOLDER)
    story.append(
        Table(
            data, colWidths=[CONTENT_WIDTH * w for w in widths], repeatRows=1, splitInRow=1, style=style, hAlign="LEFT"
        )
    )
    story.append(
        Paragraph(
            "Situação conforme a base de normas do ETP Express. Norma revogada citada como vigente deve ser "
            "substituída pelo dispositivo correspondente da Lei 14.133/2021; norma fora da base deve ter "
            "número, ano e vigência conferidos por quem revisa o documento.",
            st.annex_note,
        )
    )
    return story


# --- page furniture --------------------------------------------------------------------------


def _fit(text: str, font: str, size: float, width: float) -> str:
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


class _EtpDocTemplate(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, doc: DocumentModel) -> None:
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN_LEFT,
            rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=_glyph_safe(md.clean_text(doc.title)),
            author=_glyph_safe(md.clean_text(doc.organization_name)),
            subject=f"{p.DOCUMENT_KIND} — {p.LEGAL_BASIS}",
            creator="ETP Express",
            lang="pt-BR",
        )
        self.etp = doc
        self.total_pages: int | None = None  # of the previous layout pass (see _PageCount)
        self.header = _fit(_glyph_safe(p.header_text(doc)), FONT, 8, CONTENT_WIDTH)
        self.footer = _glyph_safe(p.footer_left(doc))
        frame = Frame(
            MARGIN_LEFT,
            MARGIN_BOTTOM,
            CONTENT_WIDTH,
            PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        self.addPageTemplates(
            [
                PageTemplate("cover", [frame], onPage=self._cover_page),
                PageTemplate("body", [frame], onPage=self._body_page),
            ]
        )

    def afterFlowable(self, flowable: Flowable) -> None:
        entry = getattr(flowable, "toc_entry", None)
        if entry is None:
            return
        level, text, key = entry
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(_glyph_safe(text), key, level=level)
        self.notify("TOCEntry", (level, _escape(text), self.page, key))

    def _watermark(self, canvas: Canvas) -> None:
        if self.etp.is_approved:
            return
        canvas.saveState()
        canvas.setFillColor(WATERMARK)
        canvas.setFont(FONT_BOLD, 110)
        canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        canvas.rotate(52)
        canvas.drawCentredString(0, -38, p.DRAFT_MARK)
        canvas.restoreState()

    def _footer(self, canvas: Canvas) -> None:
        canvas.saveState()
        y = MARGIN_BOTTOM - 1.1 * cm
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_LEFT, y + 10, PAGE_WIDTH - MARGIN_RIGHT, y + 10)
        canvas.setFont(FONT, 8)
        canvas.setFillColor(MUTED)
        label = p.page_label(self.page, self.total_pages or self.page)
        canvas.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, y, label)
        room = CONTENT_WIDTH - pdfmetrics.stringWidth(label, FONT, 8) - 12
        canvas.drawString(MARGIN_LEFT, y, _fit(self.footer, FONT, 8, room))
        canvas.restoreState()

    def _cover_page(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        self._watermark(canvas)
        self._footer(canvas)

    def _body_page(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        self._watermark(canvas)
        self._footer(canvas)
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(MUTED)
        y = PAGE_HEIGHT - MARGIN_TOP + 0.9 * cm
        canvas.drawString(MARGIN_LEFT, y, self.header)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_LEFT, y - 4, PAGE_WIDTH - MARGIN_RIGHT, y - 4)
        canvas.restoreState()


class _PageCount(IndexingFlowable):
    """An invisible indexing flowable (the TOC's mechanism) that keeps ``multiBuild`` passing until
    the page count is stable: each pass draws "Página X de Y" with the count of the pass before, so
    the last pass, whose count equals that one, is right on every page."""

    def __init__(self, template: _EtpDocTemplate) -> None:
        super().__init__()
        self.template = template
        self._stable = False

    def isSatisfied(self) -> bool:
        return self._stable

    def beforeBuild(self) -> None:
        self._stable = False

    def afterBuild(self) -> None:
        pages = self.template.page
        self._stable = pages == self.template.total_pages
        self.template.total_pages = pages

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        return None


def render_pdf(doc: DocumentModel) -> bytes:
    """The ETP as PDF bytes (A4)."""
    st = _styles()
    toc = TableOfContents(levelStyles=st.toc, dotsMinLevel=0)
    story: list[Flowable] = _cover(doc, st)
    story += [NextPageTemplate("body"), PageBreak(), Paragraph(_escape(p.TOC_TITLE), st.toc_title), toc, PageBreak()]
    story += _campos(doc, st)
    story += _sections(doc, st)
    story += _signatures(doc, st)
    story += _annex(doc, st)
    buffer = io.BytesIO()
    template = _EtpDocTemplate(buffer, doc)
    template.multiBuild([_PageCount(template), *story], canvasmaker=_canvas_maker())
    return buffer.getvalue()
