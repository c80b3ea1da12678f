"""Section Markdown -> block model (etp_app.documents.markdown)."""

from __future__ import annotations

from etp_app.documents.markdown import (
    MAX_HEADING_LEVEL,
    CodeBlock,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    Rule,
    Span,
    Table,
    clean_text,
    parse_markdown,
    plain_text,
)


def only(blocks, kind):
    assert len(blocks) == 1, blocks
    assert isinstance(blocks[0], kind), blocks[0]
    return blocks[0]


def test_paragraph_with_inline_styles_keeps_portuguese_text():
    para = only(parse_markdown("A **contratação** é *necessária*, ver `art. 18` e ~~revogado~~ aqui."), Paragraph)
    assert para.spans == (
        Span("A "),
        Span("contratação", bold=True),
        Span(" é "),
        Span("necessária", italic=True),
        Span(", ver "),
        Span("art. 18", code=True),
        Span(" e "),
        Span("revogado", strike=True),
        Span(" aqui."),
    )


def test_nested_bold_italic_and_soft_and_hard_breaks():
    para = only(parse_markdown("***ambos*** linha\nseguinte  \nnova linha"), Paragraph)
    assert para.spans[0] == Span("ambos", bold=True, italic=True)
    assert plain_text(para.spans) == "ambos linha seguinte nova linha"
    assert any(s.is_break for s in para.spans)


def test_bullet_list_with_one_nested_level_and_numbered_list_start():
    blocks = parse_markdown(
        "- compatibilidade\n- garantia:\n  - 36 meses\n  - on-site\n- selo\n\n3. terceiro\n4. quarto\n"
    )
    assert [type(b) for b in blocks] == [ListBlock, ListBlock]
    bullets, numbers = blocks
    assert not bullets.ordered and len(bullets.items) == 3
    second = bullets.items[1].blocks
    assert plain_text(second[0].spans) == "garantia:"
    nested = second[1]
    assert isinstance(nested, ListBlock) and [plain_text(i.blocks[0].spans) for i in nested.items] == [
        "36 meses",
        "on-site",
    ]
    assert numbers.ordered and numbers.start == 3 and len(numbers.items) == 2


def test_pipe_table_with_alignment_and_ragged_rows():
    table = only(
        parse_markdown("| Região | Quantidade | Valor |\n|:--|:-:|--:|\n| Norte | 38 | R$ 390.928,83 |\n| Leste |\n"),
        Table,
    )
    assert table.columns == 3
    assert [plain_text(c) for c in table.header] == ["Região", "Quantidade", "Valor"]
    assert table.align == ("left", "center", "right")
    assert [plain_text(c) for c in table.rows[0]] == ["Norte", "38", "R$ 390.928,83"]
    assert [plain_text(c) for c in table.rows[1]] == ["Leste", "", ""]


def test_headings_are_demoted_and_capped():
    blocks = parse_markdown("# Contexto\n\n## Dados\n\n###### Detalhe")
    assert [(b.level, plain_text(b.spans)) for b in blocks] == [
        (2, "Contexto"),
        (3, "Dados"),
        (MAX_HEADING_LEVEL, "Detalhe"),
    ]
    assert only(parse_markdown("# Título", demote=0), Heading).level == 1


def test_quote_rule_and_code_block():
    blocks = parse_markdown("> citação **forte**\n\n---\n\n```\nlinha 1\n  linha 2\n```")
    assert [type(b) for b in blocks] == [Quote, Rule, CodeBlock]
    assert plain_text(blocks[0].blocks[0].spans) == "citação forte"
    assert blocks[2].text == "linha 1\n  linha 2"


def test_raw_html_is_literal_text_never_markup():
    blocks = parse_markdown(
        "<script>alert(1)</script>\n\nTexto <font color=red>vermelho</font> e <b>negrito</b> &amp; fim"
    )
    assert [plain_text(b.spans) for b in blocks] == [
        "<script>alert(1)</script>",
        "Texto <font color=red>vermelho</font> e <b>negrito</b> & fim",
    ]
    assert all(not s.bold for b in blocks for s in b.spans)


def test_links_show_their_address_and_images_their_description():
    para = only(
        parse_markdown(
            "Veja [o painel](https://paineldeprecos.planejamento.gov.br) e "
            "<https://www.gov.br> ![gráfico de consumo](x.png)"
        ),
        Paragraph,
    )
    assert plain_text(para.spans) == (
        "Veja o painel (https://paineldeprecos.planejamento.gov.br) e https://www.gov.br [imagem: gráfico de consumo]"
    )


def test_backslash_escapes_are_text():
    para = only(parse_markdown(r"\*não é ênfase\* e 2 \* 3"), Paragraph)
    assert para.spans == (Span("*não é ênfase* e 2 * 3"),)


def test_empty_and_blank_text_give_no_blocks():
    assert parse_markdown("") == ()
    assert parse_markdown(None) == ()
    assert parse_markdown(" \n\t\n") == ()


def test_clean_text_removes_what_no_format_can_carry():
    text = "Descri" + "c\u0327a\u0303o" + "\x00\x07\x1b\u202e\ud800 linha\r\noutra\rfim\tok"
    assert clean_text(text) == "Descrição linha\noutra\nfim\tok"
    assert clean_text(None) == ""


def test_control_characters_do_not_reach_the_blocks():
    para = only(parse_markdown("Valor\x0b estimado\x00 em R$ 1.234.567,89"), Paragraph)
    assert plain_text(para.spans) == "Valor estimado em R$ 1.234.567,89"


def test_text_beyond_the_parsers_nesting_limit_is_kept_literally():
    source = "> " * 30 + "citação funda\n\ndepois"
    blocks = parse_markdown(source)
    assert "citação funda" in plain_text(blocks[0].spans)
    assert plain_text(blocks[-1].spans) == "depois"
    deep_list = "\n".join("  " * d + f"- nível {d}" for d in range(14))
    text = " ".join(plain_text(b.spans) for b in parse_markdown(deep_list))
    assert all(f"nível {d}" in text for d in range(14))


def test_empty_list_items_and_reference_definitions_are_not_mistaken_for_lost_text():
    blocks = parse_markdown("- \n  - aninhado\n-\n\n[1]: https://www.gov.br\n\nVeja [o portal][1].")
    assert isinstance(blocks[0], ListBlock) and len(blocks[0].items) == 2
    assert plain_text(blocks[-1].spans) == "Veja o portal (https://www.gov.br)."
