"""The ETP as a Word document (DOCX), built with python-docx.

Same structure as the PDF: cover with the facts table and the AI notice in a shaded box, a table of
contents field, the type-specific fields, the 13 sections under "Heading 1" (Word's navigation pane
lists them; Markdown headings inside a section become "Heading 2".."Heading 4"), the annex of the legal
references cited. A4 with ABNT-like margins (top/left 3 cm, bottom/right 2 cm), Arial 12 with 1.5 line
spacing for the body, proofing language pt-BR. The footer shows the generation time, the version and
"Página X de Y" (PAGE/NUMPAGES fields, computed by Word and LibreOffice). Unless the ETP is approved,
every page carries a diagonal "RASCUNHO" watermark (a VML text shape in the header, the construct Word
itself writes for watermarks) and the header says "RASCUNHO — documento não aprovado" in red.

Speed: python-docx's object API is slow per element (``paragraph.style = ...`` scans every style of
the document; ``run.text`` walks each character), so the configured template (styles, page set-up) is
built once per process and the body is written as WordprocessingML elements through lxml. Text only
ever becomes element text, which lxml escapes: Markdown and HTML in a section never become markup.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import quoteattr

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.styles.styles import Styles
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from etp_app.documents import markdown as md
from etp_app.documents import presentation as p
from etp_app.documents.model import DocumentModel

FONT = "Arial"
MONO = "Courier New"
PAGE_WIDTH, PAGE_HEIGHT = Cm(21), Cm(29.7)
MARGIN_TOP, MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_RIGHT = Cm(3), Cm(3), Cm(2), Cm(2)
CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
CONTENT_TWIPS = CONTENT_WIDTH // 635  # EMU -> twentieths of a point

INK = RGBColor(0x1A, 0x1A, 0x1A)
MUTED = RGBColor(0x5A, 0x5A, 0x5A)
ALERT = "A61B1B"
HEAD_FILL = "E8EEF4"
NOTICE_FILL = "FFF4D6"
NOTICE_EDGE = "C98A00"
RULE = "9AA5B1"

_VML_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word"'
)
# The watermark Word writes (Design > Watermark): a WordArt text-path shape anchored in the header.
_WATERMARK_RUN = f"""<w:r {_VML_NS}><w:rPr><w:noProof/></w:rPr><w:pict>
<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"
 path="m@7,l@8,m@5,21600l@6,21600e">
<v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/>
<v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/>
<v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/>
<v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>
<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800"
 o:connectangles="270,180,90,0"/>
<v:textpath on="t" fitshape="t"/>
<v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>
<o:lock v:ext="edit" text="t" shapetype="t"/>
</v:shapetype>
<v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s2049" type="#_x0000_t136"
 style="position:absolute;margin-left:0;margin-top:0;width:470pt;height:117.5pt;rotation:315;z-index:-251655168;mso-wrap-edited:f;mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin"
 o:allowincell="f" fillcolor="silver" stroked="f">
<v:fill opacity=".45"/>
<v:textpath style="font-family:&quot;{FONT}&quot;;font-size:1pt" string={{text}}/>
<w10:wrap anchorx="margin" anchory="margin"/>
</v:shape>
</w:pict></w:r>"""

_W = {
    name: qn(f"w:{name}")
    for name in (
        "p",
        "pPr",
        "pStyle",
        "keepNext",
        "numPr",
        "ilvl",
        "numId",
        "pBdr",
        "bottom",
        "jc",
        "r",
        "rPr",
        "rFonts",
        "b",
        "i",
        "strike",
        "color",
        "t",
        "br",
        "tab",
        "fldChar",
        "instrText",
        "tbl",
        "tblPr",
        "tblStyle",
        "tblW",
        "tblBorders",
        "tblLayout",
        "tblLook",
        "tblGrid",
        "gridCol",
        "tr",
        "trPr",
        "tblHeader",
        "cantSplit",
        "tc",
        "tcPr",
        "tcW",
        "shd",
        "val",
        "w",
        "type",
        "fill",
        "sz",
        "space",
        "fldCharType",
        "ascii",
        "hAnsi",
        "cs",
        "eastAsia",
        "top",
        "left",
        "right",
        "insideH",
        "insideV",
    )
}
_XML_SPACE = qn("xml:space")
_ALIGN = {"left": "left", "center": "center", "right": "right", None: None}


# --- the template: styles and page set-up, built once ----------------------------------------


def _set_fonts(rpr_parent: Any, name: str) -> None:
    """Set every script slot of ``rFonts`` to ``name`` and drop theme fonts (which would win).
    ``rpr_parent``: an element with run properties (``w:style``, ``w:r``)."""
    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.find(_W["rFonts"])
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(_W[attr], name)


def _paragraph_style(
    styles: Styles,
    name: str,
    *,
    size: float,
    align: WD_ALIGN_PARAGRAPH,
    italic: bool = False,
    bold: bool = False,
    color: RGBColor | None = None,
    space_before: float = 0,
    space_after: float = 6,
    spacing: float = 1.5,
) -> ParagraphStyle:
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles["Normal"]
    style.font.size = Pt(size)
    style.font.italic = italic
    style.font.bold = bold
    if color is not None:
        style.font.color.rgb = color
    fmt = style.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(space_before)
    fmt.space_after = Pt(space_after)
    fmt.line_spacing = spacing
    return style


def _configure(document: DocxDocument) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.size = Pt(12)
    normal.font.color.rgb = INK
    _set_fonts(normal.element, FONT)
    fmt = normal.paragraph_format
    fmt.line_spacing = 1.5
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(6)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "pt-BR")
    lang.set(qn("w:eastAsia"), "pt-BR")
    normal.element.get_or_add_rPr().append(lang)

    for level, size, italic in ((1, 14, False), (2, 12, False), (3, 12, True), (4, 12, True)):
        heading = styles[f"Heading {level}"]
        _set_fonts(heading.element, FONT)
        heading.font.size = Pt(size)
        heading.font.bold = True
        heading.font.italic = italic
        heading.font.color.rgb = INK
        heading_fmt = heading.paragraph_format
        heading_fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
        heading_fmt.space_before = Pt(18 if level == 1 else 10)
        heading_fmt.space_after = Pt(6)
        heading_fmt.line_spacing = 1.15
        heading_fmt.keep_with_next = True

    title = styles["Title"]
    _set_fonts(title.element, FONT)
    title.font.size = Pt(20)
    title.font.bold = True
    title.font.color.rgb = INK
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = 1.15
    title.paragraph_format.space_after = Pt(4)
    title_ppr = title.element.get_or_add_pPr()
    for border in title_ppr.findall(_W["pBdr"]):  # the template rules the title off; the cover does not
        title_ppr.remove(border)

    _paragraph_style(styles, "ETP Centralizado", size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph_style(
        styles, "ETP Título", size=15, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_before=12, spacing=1.15
    )
    _paragraph_style(
        styles,
        "ETP Marcador",
        size=9,
        italic=True,
        color=MUTED,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        space_after=8,
        spacing=1.0,
    )
    _paragraph_style(
        styles, "ETP Tabela", size=10, align=WD_ALIGN_PARAGRAPH.LEFT, space_before=2, space_after=2, spacing=1.0
    )
    _paragraph_style(styles, "ETP Nota", size=9, color=MUTED, align=WD_ALIGN_PARAGRAPH.LEFT, space_after=0, spacing=1.0)
    _paragraph_style(
        styles, "ETP Título do sumário", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, space_after=12, spacing=1.15
    )
    toc = _paragraph_style(styles, "toc 1", size=12, align=WD_ALIGN_PARAGRAPH.LEFT, space_after=2, spacing=1.15)
    toc.paragraph_format.tab_stops.add_tab_stop(CONTENT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    _set_fonts(styles["Quote"].element, FONT)
    code = styles["macro"]
    _set_fonts(code.element, MONO)
    code.font.size = Pt(10)
    for name in ("Header", "Footer"):
        style = styles[name]
        ppr = style.element.get_or_add_pPr()
        for tabs in ppr.findall(qn("w:tabs")):  # the template's stops are for Letter paper
            ppr.remove(tabs)
        style.paragraph_format.tab_stops.add_tab_stop(CONTENT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        style.font.size = Pt(8)
        style.font.color.rgb = MUTED
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        style.paragraph_format.line_spacing = 1.0
        style.paragraph_format.space_after = Pt(0)
    for name in (
        "List Bullet",
        "List Bullet 2",
        "List Bullet 3",
        "List Number",
        "List Number 2",
        "List Number 3",
        "List Continue",
        "List Continue 2",
        "List Continue 3",
    ):
        styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        styles[name].paragraph_format.space_after = Pt(3)

    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.left_margin = MARGIN_TOP, MARGIN_LEFT
    section.bottom_margin, section.right_margin = MARGIN_BOTTOM, MARGIN_RIGHT
    section.header_distance, section.footer_distance = Cm(1.5), Cm(1)


@dataclass(frozen=True)
class _StyleIds:
    centered: str
    title: str
    doc_title: str
    marker: str
    cell: str
    note: str
    toc_title: str
    toc: str
    quote: str
    code: str
    table: str
    headings: tuple[str, ...]  # Heading 1..4
    bullets: tuple[str, ...]  # one style per list level (MAX_LIST_DEPTH)
    numbers: tuple[str, ...]
    continued: tuple[str, ...]
    number_abstracts: tuple[int, ...]  # abstractNumId behind List Number, 2, 3


@lru_cache(maxsize=1)
def _template() -> tuple[bytes, _StyleIds]:
    """The configured empty document (saved) and the ids of the styles the body uses."""
    document = Document()
    _configure(document)
    styles = document.styles

    def sid(name: str) -> str:
        return str(styles[name].style_id)

    def ids(*names: str) -> tuple[str, ...]:
        return tuple(sid(name) for name in names)

    numbering = document.part.numbering_part.element
    abstracts = tuple(
        int(numbering.num_having_numId(styles[name].element.pPr.numPr.numId.val).abstractNumId.val)
        for name in ("List Number", "List Number 2", "List Number 3")
    )
    style_ids = _StyleIds(
        centered=sid("ETP Centralizado"),
        title=sid("Title"),
        doc_title=sid("ETP Título"),
        marker=sid("ETP Marcador"),
        cell=sid("ETP Tabela"),
        note=sid("ETP Nota"),
        toc_title=sid("ETP Título do sumário"),
        toc=sid("toc 1"),
        quote=sid("Quote"),
        code=sid("macro"),
        table=sid("Table Grid"),
        headings=ids("Heading 1", "Heading 2", "Heading 3", "Heading 4"),
        bullets=ids("List Bullet", "List Bullet 2", "List Bullet 3"),
        numbers=ids("List Number", "List Number 2", "List Number 3"),
        continued=ids("List Continue", "List Continue 2", "List Continue 3"),
        number_abstracts=abstracts,
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), style_ids


# --- the body, written as WordprocessingML ---------------------------------------------------


@dataclass(frozen=True)
class _Cell:
    spans: Sequence[md.Span]
    bold: bool = False
    fill: str | None = None
    align: str | None = None
    color: str | None = None


def _plain_cell(text: str, *, bold: bool = False, fill: str | None = None, color: str | None = None) -> _Cell:
    return _Cell((md.Span(md.clean_text(text)),), bold=bold, fill=fill, color=color)


class _Body:
    """Appends paragraphs and tables to the document body, before its final ``sectPr``."""

    def __init__(self, document: DocxDocument, ids: _StyleIds) -> None:
        self.document = document
        self.ids = ids
        self.body = document.element.body
        self.end = self.body.sectPr  # new content goes before it
        self.numbering = document.part.numbering_part.element

    def _append(self, element: etree._Element) -> None:
        self.end.addprevious(element)

    # paragraphs and runs
    def p(
        self,
        style: str | None = None,
        *,
        align: str | None = None,
        num_id: int | None = None,
        border_below: bool = False,
    ) -> etree._Element:
        paragraph = OxmlElement("w:p")
        if style or align or num_id is not None or border_below:
            ppr = etree.SubElement(paragraph, _W["pPr"])
            if style:
                etree.SubElement(ppr, _W["pStyle"]).set(_W["val"], style)
            if num_id is not None:
                num_pr = etree.SubElement(ppr, _W["numPr"])
                etree.SubElement(num_pr, _W["ilvl"]).set(_W["val"], "0")
                etree.SubElement(num_pr, _W["numId"]).set(_W["val"], str(num_id))
            if border_below:
                bottom = etree.SubElement(etree.SubElement(ppr, _W["pBdr"]), _W["bottom"])
                for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", RULE)):
                    bottom.set(_W[key], value)
            if align:
                etree.SubElement(ppr, _W["jc"]).set(_W["val"], align)
        self._append(paragraph)
        return paragraph

    @staticmethod
    def runs(
        paragraph: etree._Element, spans: Sequence[md.Span], *, bold: bool = False, color: str | None = None
    ) -> None:
        for span in spans:
            run = etree.SubElement(paragraph, _W["r"])
            if span.is_break:
                etree.SubElement(run, _W["br"])
                continue
            if span.code or span.bold or bold or span.italic or span.strike or color:
                rpr = etree.SubElement(run, _W["rPr"])
                if span.code:
                    fonts = etree.SubElement(rpr, _W["rFonts"])
                    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
                        fonts.set(_W[attr], MONO)
                if span.bold or bold:
                    etree.SubElement(rpr, _W["b"])
                if span.italic:
                    etree.SubElement(rpr, _W["i"])
                if span.strike:
                    etree.SubElement(rpr, _W["strike"])
                if color:
                    etree.SubElement(rpr, _W["color"]).set(_W["val"], color)
            _Body._text(run, span.text)

    @staticmethod
    def _text(run: etree._Element, text: str) -> None:
        """Text into ``run``: tabs and line breaks as their elements, spaces preserved."""
        for k, line in enumerate(text.split("\n")):
            if k:
                etree.SubElement(run, _W["br"])
            for j, piece in enumerate(line.split("\t")):
                if j:
                    etree.SubElement(run, _W["tab"])
                if piece:
                    t = etree.SubElement(run, _W["t"])
                    t.text = piece
                    if piece[0] == " " or piece[-1] == " ":
                        t.set(_XML_SPACE, "preserve")

    def text(
        self,
        text: str,
        style: str | None = None,
        *,
        bold: bool = False,
        align: str | None = None,
        color: str | None = None,
    ) -> etree._Element:
        paragraph = self.p(style, align=align)
        if text:
            self.runs(paragraph, (md.Span(md.clean_text(text)),), bold=bold, color=color)
        return paragraph

    def page_break(self) -> None:
        run = etree.SubElement(self.p(), _W["r"])
        etree.SubElement(run, _W["br"]).set(_W["type"], "page")

    def field_char(self, paragraph: etree._Element, kind: str) -> None:
        etree.SubElement(etree.SubElement(paragraph, _W["r"]), _W["fldChar"]).set(_W["fldCharType"], kind)

    def field_begin(self, paragraph: etree._Element, instruction: str) -> None:
        """Open a complex field: what follows, up to a ``field_char(..., "end")``, is its current result."""
        self.field_char(paragraph, "begin")
        instr = etree.SubElement(etree.SubElement(paragraph, _W["r"]), _W["instrText"])
        instr.set(_XML_SPACE, "preserve")
        instr.text = f" {instruction} "
        self.field_char(paragraph, "separate")

    # numbering: each ordered list restarts at its own start
    def new_list_number(self, level: int, start: int) -> int:
        num = self.numbering.add_num(self.ids.number_abstracts[level])
        num.add_lvlOverride(ilvl=0).add_startOverride(start)
        return int(num.numId)

    # tables
    def table(
        self,
        rows: Sequence[Sequence[_Cell]],
        fractions: Sequence[float],
        *,
        header: bool,
        grid: bool = True,
        edge: tuple[str, int] | None = None,
    ) -> etree._Element:
        """A table at the text width. ``grid``: the "Table Grid" style's lines; ``edge`` (color,
        size in eighths of a point): an outer border of that color instead, for a box."""
        widths = [round(CONTENT_TWIPS * f) for f in fractions]
        tbl = OxmlElement("w:tbl")
        tbl_pr = etree.SubElement(tbl, _W["tblPr"])
        if grid:
            etree.SubElement(tbl_pr, _W["tblStyle"]).set(_W["val"], self.ids.table)
        tbl_w = etree.SubElement(tbl_pr, _W["tblW"])
        tbl_w.set(_W["w"], str(sum(widths)))
        tbl_w.set(_W["type"], "dxa")
        etree.SubElement(tbl_pr, _W["jc"]).set(_W["val"], "center")
        if edge is not None:
            borders = etree.SubElement(tbl_pr, _W["tblBorders"])
            for side in ("top", "left", "bottom", "right"):
                line = etree.SubElement(borders, _W[side])
                for key, value in (("val", "single"), ("sz", str(edge[1])), ("space", "0"), ("color", edge[0])):
                    line.set(_W[key], value)
        etree.SubElement(tbl_pr, _W["tblLayout"]).set(_W["type"], "fixed")
        tbl_grid = etree.SubElement(tbl, _W["tblGrid"])
        for width in widths:
            etree.SubElement(tbl_grid, _W["gridCol"]).set(_W["w"], str(width))
        for r, row in enumerate(rows):
            tr = etree.SubElement(tbl, _W["tr"])
            if header and r == 0:
                etree.SubElement(etree.SubElement(tr, _W["trPr"]), _W["tblHeader"])
            for cell, width in zip(row, widths, strict=True):
                tc = etree.SubElement(tr, _W["tc"])
                tc_pr = etree.SubElement(tc, _W["tcPr"])
                tc_w = etree.SubElement(tc_pr, _W["tcW"])
                tc_w.set(_W["w"], str(width))
                tc_w.set(_W["type"], "dxa")
                if cell.fill:
                    shd = etree.SubElement(tc_pr, _W["shd"])
                    shd.set(_W["val"], "clear")
                    shd.set(qn("w:color"), "auto")
                    shd.set(_W["fill"], cell.fill)
                paragraph = etree.SubElement(tc, _W["p"])
                ppr = etree.SubElement(paragraph, _W["pPr"])
                etree.SubElement(ppr, _W["pStyle"]).set(_W["val"], self.ids.cell)
                if cell.align and cell.align != "left":
                    etree.SubElement(ppr, _W["jc"]).set(_W["val"], cell.align)
                self.runs(paragraph, cell.spans, bold=cell.bold, color=cell.color)
        self._append(tbl)
        return tbl

    def table_gap(self) -> None:
        """An empty small paragraph: Word merges adjacent tables and glues text to them otherwise."""
        self.p(self.ids.note)

    # Markdown
    def blocks(self, blocks: Sequence[md.Block], depth: int = 0, quote: bool = False) -> None:
        ids = self.ids
        for block in blocks:
            if isinstance(block, md.Paragraph):
                self.runs(self.p(ids.quote if quote else None), block.spans)
            elif isinstance(block, md.ListBlock):
                self.list(block, depth)
            elif isinstance(block, md.Table):
                aligns = [_ALIGN[a] for a in block.align]
                rows = [
                    [_Cell(cell, bold=True, fill=HEAD_FILL, align=aligns[c]) for c, cell in enumerate(block.header)]
                ]
                rows += [[_Cell(cell, align=aligns[c]) for c, cell in enumerate(row)] for row in block.rows]
                self.table(rows, p.column_fractions(block), header=True)
                self.table_gap()
            elif isinstance(block, md.Heading):
                self.runs(self.p(ids.headings[min(max(block.level, 2), md.MAX_HEADING_LEVEL) - 1]), block.spans)
            elif isinstance(block, md.Quote):
                self.blocks(block.blocks, depth, quote=True)
            elif isinstance(block, md.CodeBlock):
                self.runs(self.p(ids.code), (md.Span(block.text),))
            elif isinstance(block, md.Rule):
                self.p(border_below=True)

    def list(self, block: md.ListBlock, depth: int) -> None:
        level = min(depth, md.MAX_LIST_DEPTH - 1)
        style = (self.ids.numbers if block.ordered else self.ids.bullets)[level]
        num_id = self.new_list_number(level, block.start) if block.ordered else None
        for item in block.items:
            for k, child in enumerate(item.blocks or (md.Paragraph(()),)):
                if isinstance(child, md.Paragraph):
                    if k == 0:
                        paragraph = self.p(style, num_id=num_id)
                    else:  # a further paragraph of the item, indented like its text
                        paragraph = self.p(self.ids.continued[level])
                    self.runs(paragraph, child.spans)
                    continue
                if k == 0:  # an item opening with a nested list or a table: its marker on a line of its own
                    self.p(style, num_id=num_id)
                if isinstance(child, md.ListBlock):
                    self.list(child, depth + 1)
                else:
                    self.blocks((child,), depth)


# --- document parts --------------------------------------------------------------------------


def _facts_table(body: _Body, rows: list[tuple[str, str]], label_fraction: float) -> None:
    cells = [[_plain_cell(label, bold=True, fill=HEAD_FILL), _plain_cell(value)] for label, value in rows]
    body.table(cells, (label_fraction, 1 - label_fraction), header=False)


def _cover(body: _Body, doc: DocumentModel) -> None:
    ids = body.ids
    body.text(md.clean_text(doc.organization_name).upper(), ids.centered, bold=True)
    body.p(ids.centered)
    body.text(p.DOCUMENT_KIND.upper(), ids.title)
    body.text(p.LEGAL_BASIS, ids.centered)
    body.text(doc.title, ids.doc_title)
    body.text(p.status_label(doc), ids.centered, bold=True)
    if doc.objeto and doc.objeto.strip():
        objeto = body.p(ids.centered)
        body.runs(objeto, (md.Span("Objeto: ", bold=True), md.Span(md.clean_text(doc.objeto))))
    _facts_table(body, p.cover_facts(doc), 0.31)
    body.table_gap()
    title, text = p.document_notice(doc)
    notice = [[_Cell((md.Span(title, bold=True), md.Span("\n"), md.Span(text)), fill=NOTICE_FILL)]]
    body.table(notice, (1.0,), header=False, grid=False, edge=(NOTICE_EDGE, 12))


def _toc(body: _Body, entries: list[str]) -> None:
    """A TOC field over the "Heading 1" paragraphs whose current result lists ``entries``; Word adds
    the page numbers when the field is updated."""
    body.text(p.TOC_TITLE, body.ids.toc_title)
    for k, entry in enumerate(entries):
        paragraph = body.p(body.ids.toc)
        if k == 0:
            body.field_begin(paragraph, 'TOC \\o "1-1" \\h \\z \\u')
        body.runs(paragraph, (md.Span(entry),))
    body.field_char(body.p(body.ids.toc), "end")
    body.text("Para numerar as páginas do sumário no Word, clique nele e pressione F9.", body.ids.note)


def _campos(body: _Body, doc: DocumentModel) -> None:
    body.text(p.CAMPOS_TITLE, body.ids.headings[0])
    body.text(f"Tipo de contratação: {md.clean_text(doc.template_name)}", body.ids.marker)
    rows = p.campos_rows(doc)
    if rows:
        _facts_table(body, rows, 0.375)
        body.table_gap()
    else:
        body.text("Nenhum campo específico do tipo de contratação foi informado.")


def _sections(body: _Body, views: list[p.SectionView]) -> None:
    for view in views:
        body.text(view.heading, body.ids.headings[0])
        body.text(view.marker, body.ids.marker)
        if view.state == "justified":
            body.runs(body.p(), (md.Span(p.JUSTIFICATION_LABEL, bold=True, italic=True),))
        if view.state == "unfilled":
            body.text(view.placeholder or p.UNFILLED, bold=True, color=ALERT)
        else:
            body.blocks(view.blocks)


def _signatory(body: _Body, person: p.Signatory) -> None:
    details = " · ".join(x for x in (person.role, person.function) if x)
    if person.matricula:
        details += f" · Matrícula {person.matricula}"
    body.p()
    body.text(p.SIGNATURE_LINE)
    body.text(person.name, bold=True)
    body.text(details, body.ids.marker)


def _signatures(body: _Body, doc: DocumentModel) -> None:
    block = p.signature_block(doc)
    body.text(p.SIGNATURES_TITLE, body.ids.headings[0])
    body.text(block.place_date)
    for note in block.missing:
        body.text(note, bold=True, color=ALERT)
    for person in block.team:
        _signatory(body, person)
    body.p()
    body.text(block.approval, bold=True)
    if block.statement:
        body.text(f"Declaração: “{block.statement}”")
    if block.authority is not None:
        _signatory(body, block.authority)


def _annex(body: _Body, doc: DocumentModel) -> None:
    body.text(f"Anexo — {p.ANNEX_TITLE}", body.ids.headings[0])
    norms = p.cited_norms(doc)
    if not norms:
        body.text(p.ANNEX_EMPTY)
        return
    rows = [[_plain_cell(h, bold=True, fill=HEAD_FILL) for h in p.ANNEX_HEADER]]
    rows += [
        [
            _plain_cell(value, bold=norm.revoked and c == 1, color=ALERT if norm.revoked and c == 1 else None)
            for c, value in enumerate(norm.row)
        ]
        for norm in norms
    ]
    body.table(rows, (0.30, 0.30, 0.22, 0.18), header=True)
    body.table_gap()
    body.text(
        "Situação conforme a base de normas do ETP Express. Norma revogada citada como vigente deve ser "
        "substituída pelo dispositivo correspondente da Lei 14.133/2021; norma fora da base deve ter "
        "número, ano e vigência conferidos por quem revisa o documento.",
        body.ids.note,
    )


def _header_footer(document: DocxDocument, doc: DocumentModel) -> None:
    section = document.sections[0]
    section.header.paragraphs[0].add_run(p.header_text(doc))
    if not doc.is_approved:
        mark = section.header.add_paragraph()
        run = mark.add_run(p.DRAFT_NOTE)
        run.bold = True
        run.font.size = Pt(9)
        run.font.color.rgb = RGBColor.from_string(ALERT)
        mark._p.append(parse_xml(_WATERMARK_RUN.format(text=quoteattr(p.DRAFT_MARK))))

    footer: DocxParagraph = section.footer.paragraphs[0]
    footer.add_run(p.footer_left(doc) + "\t")
    footer.add_run("Página ")
    for instruction, after in (("PAGE", " de "), ("NUMPAGES", "")):
        _footer_field(footer, instruction)
        if after:
            footer.add_run(after)


def _footer_field(paragraph: DocxParagraph, instruction: str) -> None:
    """A PAGE/NUMPAGES field showing "1" until the reader computes it."""

    def char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(_W["fldCharType"], kind)
        paragraph.add_run()._r.append(element)

    char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(_XML_SPACE, "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    char("separate")
    paragraph.add_run("1")
    char("end")


def _properties(document: DocxDocument, doc: DocumentModel) -> None:
    props = document.core_properties
    props.title = md.clean_text(doc.title)[:255]
    props.subject = f"{p.DOCUMENT_KIND} — {p.LEGAL_BASIS}"
    props.author = md.clean_text(doc.organization_name)[:255]
    props.language = "pt-BR"
    props.comments = p.document_notice(doc)[1]
    generated = doc.generated_at if doc.generated_at.tzinfo else doc.generated_at.replace(tzinfo=UTC)
    props.created = props.modified = generated.astimezone(UTC).replace(tzinfo=None)
    props.revision = 1
    props.last_modified_by = "ETP Express"


def render_docx(doc: DocumentModel) -> bytes:
    """The ETP as DOCX bytes."""
    template, ids = _template()
    document = Document(io.BytesIO(template))
    body = _Body(document, ids)
    views = p.section_views(doc)
    _cover(body, doc)
    body.page_break()
    _toc(body, [p.CAMPOS_TITLE] + [v.heading for v in views] + [p.SIGNATURES_TITLE, f"Anexo — {p.ANNEX_TITLE}"])
    body.page_break()
    _campos(body, doc)
    _sections(body, views)
    _signatures(body, doc)
    _annex(body, doc)
    _header_footer(document, doc)
    _properties(document, doc)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
