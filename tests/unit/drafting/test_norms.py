"""Local norms table, citation extraction in its Portuguese forms and citation verification."""

from __future__ import annotations

import pytest

from etp_app.drafting.norms import NORMS, extract_citations, get_norm, verify_citations


def codes(text: str) -> list[str]:
    return [w["code"] for w in verify_citations(text)]


# --- the table -------------------------------------------------------------------------------


def test_certain_facts_of_the_table():
    lei = get_norm("lei-14133-2021")
    assert (lei.label, lei.status, lei.articles, lei.kind) == ("Lei 14.133/2021", "in_force", 194, "lei")
    assert (NORMS["lei-13709-2018"].status, NORMS["lei-13709-2018"].articles) == ("in_force", 65)
    assert (NORMS["lei-8666-1993"].status, NORMS["lei-8666-1993"].articles) == ("revoked", 126)
    assert NORMS["lei-8666-1993"].revoked_by == "lei-14133-2021"
    assert (NORMS["lei-10520-2002"].status, NORMS["lei-10520-2002"].articles) == ("revoked", 13)
    assert NORMS["lei-12462-2011"].revoked_in_part and NORMS["lei-12462-2011"].revoked_by == "lei-14133-2021"


@pytest.mark.parametrize(
    "key",
    [
        "in-seges-me-58-2022",
        "in-seges-me-65-2021",
        "decreto-10947-2022",
        "in-sgd-me-94-2022",
        "in-seges-mp-5-2017",
        "lc-123-2006",
        "lei-8078-1990",
        "lei-12527-2011",
        "decreto-11462-2023",
    ],
)
def test_known_norms_without_size_are_never_sized(key):
    norm = NORMS[key]
    assert norm.articles is None
    assert norm.status == "in_force"


def test_keys_are_consistent():
    for key, norm in NORMS.items():
        assert norm.key == key
        assert norm.kind in ("lei", "decreto", "in", "constituicao")
        assert (norm.status == "revoked") == (norm.revoked_by is not None)
        assert norm.revoked_by is None or norm.revoked_by in NORMS


# --- extraction ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, key",
    [
        ("Lei nº 14.133, de 1º de abril de 2021", "lei-14133-2021"),
        ("Lei 14.133/2021", "lei-14133-2021"),
        ("Lei Federal nº 14.133/21", "lei-14133-2021"),
        ("Lei n.º 14.133/2021", "lei-14133-2021"),
        ("lei 14133/2021", "lei-14133-2021"),
        ("Nova Lei de Licitações e Contratos", "lei-14133-2021"),
        ("Decreto nº 10.947/2022", "decreto-10947-2022"),
        ("Decreto nº 10.947, de 25 de janeiro de 2022", "decreto-10947-2022"),
        ("IN SEGES/ME nº 65/2021", "in-seges-me-65-2021"),
        ("Instrução Normativa SEGES/ME nº 58, de 8 de agosto de 2022", "in-seges-me-58-2022"),
        ("IN nº 5/2017 da SEGES/MP", "in-seges-mp-5-2017"),
        ("IN SGD/ME nº 94/2022", "in-sgd-me-94-2022"),
        ("Lei Complementar nº 123, de 14 de dezembro de 2006", "lc-123-2006"),
        ("LC 123/2006", "lc-123-2006"),
        ("LGPD", "lei-13709-2018"),
        ("Lei 8.666/93", "lei-8666-1993"),
    ],
)
def test_norm_forms(text, key):
    citations = extract_citations(f"Conforme {text}, a contratação segue o rito.")
    assert [c.norm_key for c in citations] == [key]
    assert citations[0].article is None


def test_article_with_paragraph_and_inciso():
    text = "O estudo atende ao art. 18, § 1º, inciso I, da Lei 14.133/2021."
    [c] = extract_citations(text)
    assert (c.norm_key, c.article, c.paragraph, c.inciso) == ("lei-14133-2021", 18, "§ 1º", "I")
    assert text[c.span[0] : c.span[1]] == c.raw == "art. 18, § 1º, inciso I, da Lei 14.133/2021"


def test_inciso_before_the_article():
    [c] = extract_citations("Aplica-se o inciso II do art. 75 da Lei 14.133/2021.")
    assert (c.norm_key, c.article, c.inciso) == ("lei-14133-2021", 75, "II")


def test_several_articles_of_one_norm():
    citations = extract_citations("Nos termos dos arts. 40 e 47 da Lei nº 14.133/2021, o objeto foi dividido.")
    assert [(c.norm_key, c.article) for c in citations] == [("lei-14133-2021", 40), ("lei-14133-2021", 47)]


def test_singular_article_does_not_swallow_following_numbers():
    [c, _] = extract_citations("Conforme o art. 75, 2 servidores e a Lei 14.133/2021 indicam.")
    assert c.article == 75


def test_article_binds_to_nearest_norm_in_the_sentence():
    citations = extract_citations("Segundo a IN SEGES/ME nº 65/2021, o art. 5º admite cotações.")
    article = next(c for c in citations if c.article is not None)
    assert (article.norm_key, article.article) == ("in-seges-me-65-2021", 5)


def test_bare_article_is_bound_to_lei_14133_only_when_it_is_the_only_norm():
    only = extract_citations("A Lei 14.133/2021 rege a contratação. O artigo 75, II permite a dispensa.")
    article = next(c for c in only if c.article is not None)
    assert (article.norm_key, article.article, article.inciso) == ("lei-14133-2021", 75, "II")

    mixed = extract_citations("A Lei 14.133/2021 e a IN SEGES/ME nº 65/2021 se aplicam. O artigo 75, II permite.")
    assert next(c for c in mixed if c.article is not None).norm_key is None

    alone = extract_citations("O artigo 75, II permite a dispensa.")
    assert [(c.norm_key, c.cited, c.article) for c in alone] == [(None, None, 75)]


def test_decreto_lei_is_not_a_lei():
    [c] = extract_citations("O Decreto-Lei nº 200/1967 organiza a Administração.")
    assert c.norm_key is None and c.cited == "Decreto-Lei 200/1967"


def test_state_law_is_not_the_federal_one():
    [c] = extract_citations("A Lei Estadual nº 10.520/2002 trata do tema.")
    assert c.norm_key is None and c.cited == "Lei Estadual 10.520/2002"


def test_plain_words_are_not_citations():
    assert extract_citations("Foram comprados artigos de escritório, 120 unidades, em 2024.") == []


# --- verification ----------------------------------------------------------------------------


def test_article_beyond_the_law_is_an_error():
    [w] = verify_citations("O art. 250 da Lei 14.133/2021 exige o estudo.")
    assert (w["code"], w["severity"]) == ("citation_article_out_of_range", "error")
    assert "194" in w["message"] and "art. 250" in w["excerpt"]


def test_last_article_is_fine():
    assert verify_citations("O art. 194 da Lei 14.133/2021 trata da vigência.") == []


def test_bare_out_of_range_article_in_a_14133_text_is_caught():
    text = "A Lei 14.133/2021 é a base deste estudo. O art. 250 trata do tema."
    assert "citation_article_out_of_range" in codes(text)


def test_unbound_article_is_not_judged():
    assert verify_citations("O art. 250 trata do tema.") == []


def test_revoked_law_is_a_warning_naming_the_revoking_law():
    [w] = verify_citations("A contratação se fundamenta no art. 24, II, da Lei 8.666/1993.")
    assert (w["code"], w["severity"]) == ("citation_revoked", "warning")
    assert "Lei 14.133/2021" in w["message"]


def test_revoked_law_cited_twice_warns_once():
    assert codes("Segundo a Lei 8.666/1993, art. 3º, e a Lei 8.666/93, art. 7º, há regras.") == ["citation_revoked"]


def test_revoked_law_cited_as_history_is_fine():
    assert verify_citations("A Lei 8.666/1993 foi revogada pela Lei 14.133/2021.") == []


def test_pregao_and_rdc():
    assert codes("A licitação seguirá a Lei 10.520/2002.") == ["citation_revoked"]
    [w] = verify_citations("Aplica-se o Regime Diferenciado de Contratações Públicas.")
    assert w["code"] == "citation_revoked" and "em grande parte" in w["message"]


def test_article_of_norm_with_unknown_size_is_not_judged():
    assert verify_citations("O art. 99 da IN SEGES/ME nº 65/2021 disciplina a pesquisa.") == []


def test_article_of_revoked_law_beyond_its_size():
    assert codes("Conforme o art. 130 da Lei 8.666/1993.") == [
        "citation_article_out_of_range",
        "citation_revoked",
    ]


def test_unknown_norm_is_unverified_info_not_an_error():
    [w] = verify_citations("Aplica-se a Lei nº 9.999/2020 ao caso.")
    assert (w["code"], w["severity"]) == ("citation_unverified", "info")
    assert "Lei 9.999/2020" in w["message"]


def test_unknown_instrucao_normativa_is_unverified():
    assert codes("Conforme a IN SEGES/ME nº 999/2022.") == ["citation_unverified"]


def test_wrong_year_of_a_known_law():
    [w] = verify_citations("Conforme a Lei 14.133/2022, o estudo é obrigatório.")
    assert w["code"] == "citation_year_mismatch" and "2021" in w["message"]


def test_constitution_articles_are_not_judged_against_lei_14133():
    text = "A Lei 14.133/2021 regulamenta o art. 37, XXI, da Constituição Federal e o art. 225 da CF/88."
    assert verify_citations(text) == []


def test_lgpd_size():
    assert codes("O tratamento observa o art. 7º da LGPD.") == []
    assert codes("O tratamento observa o art. 70 da Lei 13.709/2018.") == ["citation_article_out_of_range"]


@pytest.mark.parametrize(
    "text",
    [
        "A execução observa a Lei 14.133/2021. O horário segue o art. 200 da Lei Orgânica Municipal.",
        "Conforme a Lei 14.133/2021 e o art. 5º, inciso XXXIII, da Constituição Federal.",
        "A Lei 14.133/2021 rege a contratação; o art. 300 do Código Civil trata da garantia.",
        "Nos termos da Lei 14.133/2021 e do art. 250 da Lei Complementar Municipal nº 12.",
    ],
)
def test_an_article_of_a_named_norm_outside_the_table_is_not_read_as_one_of_lei_14133(text):
    assert not [w for w in verify_citations(text) if w["code"] == "citation_article_out_of_range"], text


def test_an_unbound_article_still_reads_as_lei_14133_when_it_is_the_only_norm_cited():
    found = verify_citations("A Lei 14.133/2021 rege a contratação. O art. 250 trata da fiscalização.")
    assert [w["code"] for w in found] == ["citation_article_out_of_range"]
