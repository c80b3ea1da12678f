"""The DOCX renderer, read back with python-docx."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from etp_app.documents.docx import render_docx
from etp_app.drafting.catalog import AI_NOTICE, SECTIONS
from tests.fakes.documents import JUSTIFICATION_II, NUMERO_PROCESSO, TITLE, sample_document, with_section

SECTION_HEADINGS = [f"{s.code} — {s.title}" for s in SECTIONS]
VML = "urn:schemas-microsoft-com:vml"


def body_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def header_xml(document) -> str:
    return document.sections[0].header._element.xml


@pytest.fixture(scope="module")
def draft_bytes() -> bytes:
    return render_docx(sample_document(status="draft"))


@pytest.fixture(scope="module")
def draft(draft_bytes):
    return Document(io.BytesIO(draft_bytes))


@pytest.fixture(scope="module")
def approved():
    return Document(io.BytesIO(render_docx(sample_document(status="approved"))))


def test_is_a_valid_docx_package(draft_bytes):
    with zipfile.ZipFile(io.BytesIO(draft_bytes)) as package:
        names = set(package.namelist())
        assert {"word/document.xml", "word/styles.xml", "word/numbering.xml", "[Content_Types].xml"} <= names
        assert package.testzip() is None


def test_sections_use_real_heading_styles_in_order(draft):
    headings = [p.text for p in draft.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "Dados específicos da contratação",
        *SECTION_HEADINGS,
        "Equipe de planejamento e aprovação",  # the signature block (issue 10 §1)
        "Anexo — Referências legais citadas",
    ]


def test_markdown_headings_are_demoted_below_the_section():
    doc = with_section(sample_document(), 3, content="# Contexto\n\nTexto.\n\n## Detalhe\n\nMais.")
    document = Document(io.BytesIO(render_docx(doc)))
    styles = {p.text: p.style.name for p in document.paragraphs}
    assert styles["Contexto"] == "Heading 2" and styles["Detalhe"] == "Heading 3"


def test_a4_page_with_abnt_margins(draft):
    section = draft.sections[0]

    def cm(length) -> float:  # stored in twips: compare at 0.01 cm
        return round(length.cm, 2)

    assert (cm(section.page_width), cm(section.page_height)) == (21.0, 29.7)
    assert (cm(section.top_margin), cm(section.left_margin)) == (3.0, 3.0)
    assert (cm(section.bottom_margin), cm(section.right_margin)) == (2.0, 2.0)


def test_body_style_is_arial_12_with_one_and_a_half_spacing(draft):
    normal = draft.styles["Normal"]
    assert normal.font.name == "Arial"
    assert normal.font.size == Pt(12)
    assert normal.paragraph_format.line_spacing == 1.5
    assert normal.element.rPr.find(qn("w:lang")).get(qn("w:val")) == "pt-BR"


def test_cover_facts_are_a_table(draft):
    facts = {row.cells[0].text: row.cells[1].text for row in draft.tables[0].rows}
    assert facts["Processo nº"] == NUMERO_PROCESSO
    assert facts["UASG"] == "926754"
    assert facts["Órgão/entidade"] == "Secretaria de Estado da Educação — SEDUC"
    assert facts["Unidade requisitante"] == "Coordenação de Tecnologia Educacional"
    assert facts["Responsável técnico"] == "Maria da Conceição Araújo (matrícula 1234567-8)"
    assert facts["Data de elaboração"] == "14/03/2026"
    assert facts["Tipo de contratação"] == "Bens e materiais"
    assert facts["Valor estimado"] == "R$ 1.234.567,89"
    assert facts["Situação"] == "Minuta — não aprovada (rascunho)"  # issue 10 §1: never "Aprovado" unapproved
    assert TITLE in [p.text for p in draft.paragraphs]


def test_ai_notice_in_a_shaded_one_cell_table(draft):
    boxes = [t for t in draft.tables if len(t.rows) == 1 and len(t.columns) == 1 and AI_NOTICE in t.cell(0, 0).text]
    assert len(boxes) == 1
    shading = boxes[0].cell(0, 0)._tc.tcPr.find(qn("w:shd"))
    assert shading is not None and shading.get(qn("w:fill")) == "FFF4D6"
    assert body_text(draft).count(AI_NOTICE) == 1  # the stored per-section notice lines are stripped


def test_type_specific_fields_table(draft):
    campos = next(t for t in draft.tables if t.cell(0, 0).text == "Código CATMAT")
    rows = {row.cells[0].text: row.cells[1].text for row in campos.rows}
    assert rows["Garantia (meses)"] == "36"
    assert rows["Exige assistência técnica"] == "sim"
    assert rows["Forma de fornecimento"] == "entregas parceladas conforme a demanda"


def test_markdown_tables_and_lists(draft):
    quadro = [t for t in draft.tables if t.cell(0, 0).text == "Região"]
    assert quadro, "no Markdown table rendered"
    assert [c.text for c in quadro[0].rows[-1].cells] == ["Total", "44", "120", "R$ 1.234.567,89"]
    assert quadro[0].rows[-1].cells[0].paragraphs[0].runs[0].bold
    assert quadro[0].rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    styles = {p.style.name for p in draft.paragraphs}
    assert {"List Bullet", "List Bullet 2", "List Number"} <= styles
    assert "**" not in body_text(draft)


def test_each_numbered_list_restarts(draft):
    numbering = draft.part.numbering_part.element
    firsts = [p for p in draft.paragraphs if p.text.startswith("levantamento das salas")]
    assert len(firsts) >= 2
    num_ids = {p._p.pPr.numPr.numId.val for p in firsts}
    assert len(num_ids) == len(firsts)  # a numbering instance per list
    for num_id in num_ids:
        start = numbering.num_having_numId(num_id).find(qn("w:lvlOverride")).find(qn("w:startOverride"))
        assert start.get(qn("w:val")) == "1"


def test_justification_and_unfilled_sections():
    doc = with_section(sample_document(), 11, content="", justification=None)
    text = body_text(Document(io.BytesIO(render_docx(doc))))
    assert "Justificativa da ausência do elemento (art. 18, § 2º, da Lei 14.133/2021):" in text
    assert JUSTIFICATION_II in text
    assert "[seção não preenchida] — falta a justificativa da ausência deste elemento." in text


def test_annex_lists_lei_8666_as_revoked(draft):
    annex = next(t for t in draft.tables if t.cell(0, 0).text == "Norma")
    rows = {row.cells[0].text: row.cells[1].text for row in annex.rows[1:]}
    assert rows["Lei 8.666/1993"] == "revogada pela Lei 14.133/2021"
    assert rows["Lei 14.133/2021"] == "em vigor"


def test_draft_has_watermark_and_red_marker(draft):
    xml = header_xml(draft)
    assert "Minuta — não aprovada" in xml
    shapes = draft.sections[0].header._element.findall(f".//{{{VML}}}textpath")
    assert [s.get("string") for s in shapes if s.get("string")] == ["MINUTA"]
    marker = next(r for p in draft.sections[0].header.paragraphs for r in p.runs if "Minuta" in r.text)
    assert str(marker.font.color.rgb) == "A61B1B"


def test_approved_has_no_draft_marker(approved):
    assert "MINUTA" not in header_xml(approved) and "Minuta" not in header_xml(approved)
    assert "Minuta" not in body_text(approved)
    assert approved.sections[0].header._element.findall(f".//{{{VML}}}shape") == []


def test_footer_has_page_fields_generation_time_and_version(draft):
    footer = draft.sections[0].footer
    instructions = [i.text.strip() for i in footer._element.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    text = footer.paragraphs[0].text
    assert "Gerado em 20/03/2026 14:45 (horário de Brasília) · versão 4" in text
    assert "Página 1 de 1" in text  # the fields' results until Word computes them


def test_table_of_contents_field_lists_the_headings(draft):
    instructions = [i.text for i in draft.element.body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith("TOC ") for i in instructions)
    toc = [p.text for p in draft.paragraphs if p.style.name == "toc 1" and p.text]
    assert toc == [
        "Dados específicos da contratação",
        *SECTION_HEADINGS,
        "Equipe de planejamento e aprovação",
        "Anexo — Referências legais citadas",
    ]


def test_core_properties(draft):
    props = draft.core_properties
    assert props.title == TITLE
    assert props.language == "pt-BR"
    assert props.author == "Secretaria de Estado da Educação de Goiás"


def test_injection_and_control_characters_are_plain_text():
    content = (
        "Texto <script>alert(1)</script> e <font color=red>vermelho</font> &amp; <w:p/> ]]>\x00\x0b\n\n"
        "| a | <b>x</b> |\n|--|--|\n| y | z |"
    )
    doc = replace(with_section(sample_document(), 3, content=content), title="Título <b>x</b> & \x01")
    document = Document(io.BytesIO(render_docx(doc)))
    text = body_text(document)
    assert "Texto <script>alert(1)</script> e <font color=red>vermelho</font> & <w:p/> ]]>" in text
    assert "Título <b>x</b> &" in text
    assert "<b>x</b>" in [c.text for t in document.tables for row in t.rows for c in row.cells]


def test_non_ascii_everywhere(draft):
    text = body_text(draft)
    for snippet in ("ção", "§", "º", "—", "Goiás", "Araújo", "Acácias"):
        assert snippet in text, snippet
