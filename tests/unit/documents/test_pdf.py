"""The PDF renderer, read back with pypdf."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from pypdf import PdfReader

from etp_app.documents.pdf import render_pdf
from etp_app.drafting.catalog import AI_NOTICE, SECTIONS
from tests.fakes.documents import JUSTIFICATION_II, NUMERO_PROCESSO, TITLE, sample_document, with_section

INJECTION = (
    "Conteúdo com <script>alert(1)</script> e <font color=red>texto vermelho</font>, "
    "<para>marcação</para> & entidades &lt;b&gt;.\n\n| coluna | <b>célula</b> |\n|--|--|\n| <i>x</i> | y |"
)


def read(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def draft_pdf() -> bytes:
    return render_pdf(sample_document(status="draft"))


@pytest.fixture(scope="module")
def draft_pages(draft_pdf) -> list[str]:
    return read(draft_pdf)


@pytest.fixture(scope="module")
def approved_pages() -> list[str]:
    return read(render_pdf(sample_document(status="approved")))


def test_is_an_a4_pdf_with_metadata(draft_pdf):
    reader = PdfReader(io.BytesIO(draft_pdf))
    assert draft_pdf.startswith(b"%PDF-")
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)
    assert reader.metadata.title == TITLE


def test_embeds_a_truetype_font_subset(draft_pdf):
    assert b"/FontFile2" in draft_pdf  # an embedded TrueType program
    fonts = {str(f["/BaseFont"]) for f in PdfReader(io.BytesIO(draft_pdf)).pages[0]["/Resources"]["/Font"].values()}
    assert {"BitstreamVeraSans-Roman", "BitstreamVeraSans-Bold"} <= {name.split("+")[-1] for name in fonts}


def test_cover_shows_the_facts_in_brazilian_format(draft_pages):
    cover = squash(draft_pages[0])
    for expected in (
        "ESTUDO TÉCNICO PRELIMINAR",
        "Aquisição de notebooks para as escolas da rede estadual",
        f"Processo nº {NUMERO_PROCESSO}",
        "Órgão/entidade Secretaria de Estado da Educação — SEDUC",
        "UASG 926754",
        "Unidade requisitante Coordenação de Tecnologia Educacional",
        "Responsável técnico Maria da Conceição Araújo (matrícula 1234567-8)",
        "Data de elaboração 14/03/2026",
        "Tipo de contratação Bens e materiais",
        "Valor estimado R$ 1.234.567,89",
        "Valor unitário R$ 10.288,07",
        "Quantidade estimada 120 unidades",
        "Prazo de execução 90 dias",
        "Nível de risco médio",
        "Secretaria de Estado da Educação de Goiás",
        "Situação Minuta — não aprovada (rascunho)",
    ):
        assert expected in cover, expected


def test_cover_carries_the_ai_notice_box(draft_pages):
    cover = squash(draft_pages[0])
    assert "Aviso sobre o uso de inteligência artificial" in cover
    assert AI_NOTICE in cover


def test_without_ai_content_the_cover_says_no_ai_wrote_it():
    """Issue 10 §2: the notice follows the sections; a document no AI wrote must not claim it."""
    from etp_app.documents.presentation import NO_AI_NOTICE

    cover = squash(read(render_pdf(sample_document(ai=False)))[0])
    assert NO_AI_NOTICE in cover and AI_NOTICE not in cover


def test_the_stored_notice_line_is_not_repeated_per_section(draft_pages):
    text = squash(" ".join(draft_pages))
    assert text.count(AI_NOTICE) == 1
    assert "Aviso:" not in text


def test_draft_watermark_on_every_page(draft_pages):
    assert all("MINUTA" in page for page in draft_pages)


def test_no_watermark_once_approved(approved_pages):
    assert not any("MINUTA" in page or "Minuta" in page for page in approved_pages)
    assert "Situação Aprovado em 20/03/2026 por Ana Beatriz Souza" in squash(approved_pages[0])


def test_footer_page_numbers_generation_time_and_version(draft_pages):
    total = len(draft_pages)
    assert total > 5
    for number, page in enumerate(draft_pages, start=1):
        assert f"Página {number} de {total}" in page
        assert "Gerado em 20/03/2026 14:45 (horário de Brasília) · versão 4" in page


def test_sections_in_inciso_order_with_statutory_titles(draft_pages):
    body = squash(" ".join(draft_pages[2:]))
    positions = [body.index(f"{s.code} — {s.title}") for s in SECTIONS]
    assert positions == sorted(positions)


def test_mandatory_and_optional_markers(draft_pages):
    body = squash(" ".join(draft_pages[2:]))
    assert body.count("Elemento obrigatório (art. 18, § 2º, da Lei 14.133/2021)") == 5
    assert "Elemento não obrigatório" in body


def test_bookmarks_point_at_the_pages_of_the_headings(draft_pdf, draft_pages):
    reader = PdfReader(io.BytesIO(draft_pdf))
    entries = [(item.title, reader.get_destination_page_number(item) + 1) for item in reader.outline]
    assert [title for title, _ in entries] == (
        ["Dados específicos da contratação"]
        + [f"{s.code} — {s.title}" for s in SECTIONS]
        + ["Equipe de planejamento e aprovação", "Anexo — Referências legais citadas"]  # the signature block
    )
    for title, page in entries:
        assert title in squash(draft_pages[page - 1]), (title, page)


def test_table_of_contents_has_the_real_page_numbers(draft_pdf, draft_pages):
    reader = PdfReader(io.BytesIO(draft_pdf))
    toc = squash(draft_pages[1])
    assert "Sumário" in toc
    # each entry's dot leader and page number are drawn before its text
    numbers = [int(n) for n in re.findall(r"(?:\. )+(\d+)", toc)]
    assert numbers == [reader.get_destination_page_number(item) + 1 for item in reader.outline]


def test_justification_of_an_absent_optional_section(draft_pages):
    body = squash(" ".join(draft_pages))
    assert "Justificativa da ausência do elemento (art. 18, § 2º, da Lei 14.133/2021):" in body
    assert squash(JUSTIFICATION_II) in body


def test_unfilled_sections_are_marked():
    doc = with_section(
        with_section(sample_document(), 11, content="", justification=None), 4, content="", justification=None
    )
    body = squash(" ".join(read(render_pdf(doc))))
    assert "[seção não preenchida] — falta a justificativa da ausência deste elemento." in body
    assert "[seção não preenchida] — elemento obrigatório pendente de preenchimento." in body


def test_type_specific_fields_table(draft_pages):
    body = squash(" ".join(draft_pages))
    for expected in (
        "Dados específicos da contratação",
        "Código CATMAT 451899",
        "Garantia (meses) 36",
        "Exige assistência técnica sim",
        "Exige amostra ou prova de conceito não",
        "Forma de fornecimento entregas parceladas conforme a demanda",
    ):
        assert expected in body, expected


def test_markdown_lists_and_tables_render_as_text(draft_pages):
    body = " ".join(draft_pages)
    assert "• compatibilidade com o sistema de gestão escolar" in body
    assert "– substituição do equipamento em até 5 dias úteis;" in body
    assert re.search(r"1\.\s*levantamento das salas", body)
    assert "R$ 1.234.567,89" in body and "Centro-Sul" in body
    assert "**" not in body and "|--" not in body


def test_annex_lists_cited_norms_with_status(draft_pages):
    annex = squash(draft_pages[-1])
    assert "Anexo — Referências legais citadas" in annex
    assert re.search(r"Lei 8\.666/1993 revogada pela Lei 14\.133/2021", annex)
    assert re.search(r"Lei 14\.133/2021 em vigor arts\. 18, 23, 40 e 47", annex)
    assert "IN SEGES/ME 65/2021 em vigor" in annex
    assert "Decreto 10.947/2022 em vigor — II" in annex


def test_portuguese_glyphs_survive(draft_pages):
    text = " ".join(draft_pages)
    for glyph in ("ção", "§", "º", "—", "ã", "õ", "ê", "ú", "à"):
        assert glyph in text, glyph


def test_ordinal_feminine_and_missing_glyphs():
    doc = with_section(sample_document(), 3, content="A 1ª etapa → CO₂ ✓ fim.")
    body = squash(" ".join(read(render_pdf(doc))))
    assert "A 1ª etapa -> CO2 (ok) fim." in body


def test_injection_attempts_print_literally():
    doc = replace(
        with_section(sample_document(), 3, content=INJECTION),
        title="Título <b>sem negrito</b> & <font size=40>grande</font>",
        orgao="<img src=x onerror=alert(1)>",
    )
    pages = read(render_pdf(doc))
    body = squash(" ".join(pages))
    assert "<script>alert(1)</script>" in body
    assert "<font color=red>texto vermelho</font>" in body
    assert "<para>marcação</para> & entidades <b>." in body
    assert "Título <b>sem negrito</b> & <font size=40>grande</font>" in body
    assert "<img src=x onerror=alert(1)>" in body
    assert "<b>célula</b>" in body and "<i>x</i>" in body


def test_hostile_layout_does_not_break_rendering():
    huge_cell = " ".join(["palavra"] * 4000)
    content = (
        "x" * 5000
        + "\n\n"
        + f"| a | b |\n|--|--|\n| {huge_cell} | y |\n\n"
        + "\n".join("  " * min(d, 8) + f"- nível {d}" for d in range(12))
        + "\n\n"
        + "> " * 30
        + "citação funda"
        + "\n\n```\n"
        + "código " * 500
        + "\n```\n\x00\x08\u202e"
    )
    doc = replace(with_section(sample_document(), 1, content=content), campos={"especificacao_tecnica": huge_cell})
    pages = read(render_pdf(doc))
    assert "citação funda" in " ".join(pages)


def test_empty_document_facts_are_marked_not_invented():
    doc = replace(
        sample_document(),
        numero_processo=None,
        orgao=None,
        uasg=None,
        unidade_requisitante=None,
        responsavel_nome=None,
        responsavel_matricula=None,
        data_elaboracao=None,
        valor_estimado=None,
        valor_unitario=None,
        quantidade_estimada=None,
        prazo_execucao_dias=None,
        nivel_risco=None,
        dotacao_orcamentaria=None,
        campos={},
        campos_labels={},
    )
    pages = read(render_pdf(doc))
    cover = squash(pages[0])
    assert "Processo nº [não informado]" in cover and "UASG [não informado]" in cover
    assert "Valor estimado [não informado]" in cover
    assert "Nenhum campo específico do tipo de contratação foi informado." in squash(" ".join(pages))
