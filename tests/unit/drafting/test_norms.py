"""Local norms table, citation extraction in its Portuguese forms and citation verification."""

from __future__ import annotations

import datetime

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
        "decreto-11462-2023",
    ],
)
def test_known_norms_without_size_are_never_sized(key):
    norm = NORMS[key]
    assert norm.articles is None
    assert norm.status == "in_force"
    assert verify_citations(f"Conforme o art. 999 da {norm.label}, aplica-se.") == []


# the last article of norms whose size is certain (session 7: every sized norm is judged)
SIZED = [
    ("lei-12305-2010", "da Lei nº 12.305/2010", 57),
    ("lei-8078-1990", "do Código de Defesa do Consumidor", 119),
    ("lei-12527-2011", "da Lei nº 12.527, de 18 de novembro de 2011", 47),
    ("lc-123-2006", "da Lei Complementar nº 123/2006", 89),
    ("lei-13303-2016", "da Lei das Estatais", 97),
    ("lei-9784-1999", "da Lei 9.784/99", 70),
    ("decreto-10024-2019", "do Decreto nº 10.024/2019", 61),
    ("lei-10406-2002", "do Código Civil", 2046),
    ("lc-101-2000", "da LRF", 75),
]


@pytest.mark.parametrize("key, cited, last", SIZED)
def test_a_sized_norm_holds_its_last_article_and_not_the_next(key, cited, last):
    def written(n: int) -> str:  # "art. 2.047", as the law writes thousands
        return f"{n:,}".replace(",", ".")

    assert NORMS[key].articles == last
    assert verify_citations(f"A contratação observa o art. {written(last)} {cited}.") == []
    [w] = verify_citations(f"A contratação observa o art. {written(last + 1)} {cited}.")
    assert (w["code"], w["severity"]) == ("citation_article_out_of_range", "error")
    assert f"a norma tem {written(last)} artigos" in w["message"]


@pytest.mark.parametrize(
    "text, article",
    [
        ("A destinação dos entulhos seguirá o art. 61 da Lei 12.305/2010.", 61),
        ("A Política Nacional de Resíduos Sólidos, em seu art. 72, impõe a logística reversa.", 72),
        ("Os arts. 33 e 58 da Lei nº 12.305/2010 tratam dos acordos setoriais.", 58),
        ("O fornecedor responde na forma do art. 140 da Lei 8.078/1990.", 140),
        ("O pedido de acesso seguirá o art. 52 da LAI.", 52),
        ("O tratamento diferenciado decorre do art. 95 da LC 123/2006.", 95),
    ],
)
def test_invented_articles_of_sized_norms_in_their_written_forms(text, article):
    found = [w for w in verify_citations(text) if w["code"] == "citation_article_out_of_range"]
    assert len(found) == 1 and f"O art. {article} d" in found[0]["message"], (text, found)


def test_the_message_gives_the_norm_its_article_and_thousands_their_dot():
    [w] = verify_citations("O prazo segue o art. 62 do Decreto nº 10.024/2019.")
    assert w["message"].startswith("O art. 62 do Decreto 10.024/2019 não existe: a norma tem 61 artigos.")
    [w] = verify_citations("A responsabilidade segue o art. 2.050 do Código Civil.")
    assert w["message"].startswith("O art. 2.050 da Lei 10.406/2002 não existe: a norma tem 2.046 artigos.")


@pytest.mark.parametrize(
    "text",
    [
        "Conforme o art. 18 da Lei 14.133/2021 e o art. 9º da Lei 12.305/2010, o art. 150 trata da matéria.",
        "A Lei 12.305/2010 e a Lei 14.133/2021 orientam o estudo; o art. 144 prevê a remuneração variável.",
        "Observa-se a Lei 8.078/1990 e o art. 170 da Constituição Federal.",
    ],
)
def test_a_bare_article_is_read_in_the_norm_of_its_sentence_that_holds_it(text):
    assert not [w for w in verify_citations(text) if w["code"] == "citation_article_out_of_range"], text


def test_keys_are_consistent():
    for key, norm in NORMS.items():
        assert norm.key == key
        assert norm.kind in (
            "lei",
            "decreto",
            "decreto_lei",
            "in",
            "portaria",
            "resolucao",
            "acordao",
            "abnt",
            "constituicao",
        )
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
    assert c.norm_key == "decreto-lei-200-1967" and NORMS[c.norm_key].kind == "decreto_lei"
    [unknown] = extract_citations("O Decreto-Lei nº 1.234/1970 trata do tema.")
    assert unknown.norm_key is None and unknown.cited == "Decreto-Lei 1.234/1970"


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


def test_unknown_federal_norm_is_a_warning_naming_it_not_an_error():
    [w] = verify_citations("Aplica-se a Lei nº 14.150/2021 ao caso.")
    assert (w["code"], w["severity"]) == ("citation_unverified", "warning")
    assert w["message"].startswith("Norma não encontrada na base: Lei 14.150/2021 — confira número e ano.")


def test_unknown_instrucao_normativa_is_unverified():
    assert codes("Conforme a IN SEGES/ME nº 99/2022.") == ["citation_unverified"]


def test_local_norms_stay_an_info():
    [w] = verify_citations("Aplica-se a Lei Estadual nº 10.520/2002 ao caso.")
    assert (w["code"], w["severity"]) == ("citation_unverified", "info")


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


# --- issue 15: every norm an ETP cites, unknown and impossible ones --------------------------

TODAY = datetime.date(2026, 12, 4)


def found(text: str) -> list[tuple[str, str]]:
    return [(w["code"], w["severity"]) for w in verify_citations(text, today=TODAY)]


def _as_cited(norm) -> str:
    """A citation of ``norm`` the way an ETP writes it."""
    if norm.kind == "lei":
        return ("Lei Complementar" if norm.key.startswith("lc-") else "Lei") + f" nº {norm.number}/{norm.year}"
    if norm.kind in ("decreto", "decreto_lei"):
        return f"{'Decreto-Lei' if norm.kind == 'decreto_lei' else 'Decreto'} nº {norm.number}/{norm.year}"
    if norm.kind == "resolucao" and norm.issuer == "ANVISA":
        return f"RDC ANVISA nº {norm.number}/{norm.year}"
    if norm.kind in ("in", "portaria", "resolucao"):
        prefix = {"in": "Instrução Normativa", "portaria": "Portaria", "resolucao": "Resolução"}[norm.kind]
        return f"{prefix} {norm.issuer} nº {norm.number}/{norm.year}"
    if norm.kind == "acordao":
        return f"Acórdão nº {norm.number}/{norm.year}-TCU-{norm.body}"
    return norm.label


def test_every_norm_of_the_table_is_found_as_cited_and_never_judged_impossible():
    for key, norm in NORMS.items():
        if norm.kind == "constituicao":
            continue
        text = f"Conforme {_as_cited(norm)}, a contratação segue o rito."
        assert [c.norm_key for c in extract_citations(text)] == [key], text
        assert not [w for w in verify_citations(text, today=TODAY) if w["code"] == "citation_impossible"], text


@pytest.mark.parametrize(
    "text, key",
    [
        ("Portaria SEGES/ME nº 8.678, de 19 de julho de 2021", "portaria-seges-me-8678-2021"),
        ("Portaria nº 938/2022 da SEGES/ME", "portaria-seges-me-938-2022"),
        ("Resolução CONAMA nº 307/2002", "resolucao-conama-307-2002"),
        ("Resolução do CONAMA nº 307, de 5 de julho de 2002", "resolucao-conama-307-2002"),
        ("Resolução nº 400/2021 do CNJ", "resolucao-cnj-400-2021"),
        ("RDC ANVISA nº 222/2018", "resolucao-anvisa-222-2018"),
        ("Resolução da Diretoria Colegiada – RDC nº 50/2002", "resolucao-anvisa-50-2002"),
        ("Acórdão nº 2.622/2013-TCU-Plenário", "acordao-tcu-2622-2013-plenario"),
        ("Acórdão 2622/2013 – Plenário", "acordao-tcu-2622-2013-plenario"),
        ("Acórdão TCU nº 1.214/2013 – Plenário", "acordao-tcu-1214-2013-plenario"),
        ("ABNT NBR 9050:2020", "nbr-9050"),
        ("NBR 14.565", "nbr-14565"),
        ("ABNT NBR ISO/IEC 27001:2022", "iso-27001"),
        ("ISO 9001", "iso-9001"),
        ("IN 01/2010 SLTI", "in-slti-mp-1-2010"),
        ("Instrução Normativa nº 65, de 7 de julho de 2021, da Secretaria de Gestão", "in-seges-me-65-2021"),
        ("Instrução Normativa Conjunta MP/CGU nº 1/2016", "in-mp-cgu-1-2016"),
        ("IN nº 5/2017 da SEGES/MPDG", "in-seges-mp-5-2017"),
        ("Decreto nº 10.024/2019", "decreto-10024-2019"),
        ("Código Civil", "lei-10406-2002"),
    ],
)
def test_norm_forms_of_issue_15(text, key):
    citations = extract_citations(f"Conforme {text}, a contratação segue o rito.")
    assert [c.norm_key for c in citations] == [key]
    assert found(f"Conforme {text}, a contratação segue o rito.") == []


@pytest.mark.parametrize(
    "text, key, label",
    [
        ("IN SEGES/ME nº 5/2017", "in-seges-mp-5-2017", "IN SEGES/MP 5/2017"),
        ("Instrução Normativa SEGES/ME nº 3/2018", "in-seges-mp-3-2018", "IN SEGES/MP 3/2018"),
    ],
)
def test_a_known_norm_under_a_ministry_that_did_not_exist_that_year_is_corrected(text, key, label):
    """The same secretariat under its later ministry: the norm is found, and the servant is told which
    ministry issued it that year (the ME existed from 2019 to 2022)."""
    sentence = f"Conforme {text}, a contratação segue o rito."
    assert [c.norm_key for c in extract_citations(sentence)] == [key]
    [warning] = verify_citations(sentence)
    assert warning["code"] == "citation_issuer_mismatch" and warning["severity"] == "warning"
    assert label in warning["message"] and "2019 a 2022" in warning["message"]


@pytest.mark.parametrize(
    "text, cited",
    [
        ("Conforme a Portaria SEGES/ME nº 1.234/2022.", "Portaria SEGES/ME 1.234/2022"),
        ("Conforme a Resolução CONAMA nº 499/2020.", "Resolução CONAMA 499/2020"),
        ("Conforme o Acórdão nº 1.234/2019-TCU-Plenário.", "Acórdão 1.234/2019-TCU-Plenário"),
        ("A instalação seguirá a ABNT NBR 99999.", "ABNT NBR 99999"),
        ("Conforme a IN SGD/ME nº 47/2021.", "IN SGD/ME 47/2021"),
        ("Conforme a Portaria TRE-AP nº 1.417/2025.", "Portaria TRE-AP 1.417/2025"),
        ("Conforme o Decreto-Lei nº 1.234/1970.", "Decreto-Lei 1.234/1970"),
    ],
)
def test_a_federal_norm_outside_the_table_is_named_in_a_warning(text, cited):
    [w] = verify_citations(text, today=TODAY)
    assert (w["code"], w["severity"]) == ("citation_unverified", "warning")
    assert w["message"].startswith(f"Norma não encontrada na base: {cited} — confira número e ano.")


@pytest.mark.parametrize(
    "text, reason",
    [
        ("Conforme a IN SEGES/ME nº 12/2005.", "Ministério da Economia"),
        ("Conforme a Portaria MGI nº 44/2021.", "criado em 2023"),
        ("Conforme a Resolução CNJ nº 10/2003.", "2005"),
        ("Conforme a Resolução CONAMA nº 12/1975.", "1981"),
        ("Conforme a RDC ANVISA nº 10/1995.", "1999"),
        ("Conforme a IN RFB nº 99/2003.", "2007"),
        ("Conforme a IN SEGES/MP nº 3/2020.", "Ministério da Economia"),
        ("Conforme a Lei Complementar nº 950/2020.", "leis complementares"),
        ("Conforme a Lei nº 19.000/2021.", "leis federais de 2021"),
        ("Conforme a Lei nº 9.999/2020.", "leis federais de 2020"),
        ("Conforme o Decreto nº 1.234/2020.", "decretos federais de 2020"),
        ("Conforme o Decreto-Lei nº 5.000/1995.", "decretos-leis"),
        ("Conforme a IN SEGES/ME nº 999/2022.", "SEGES"),
        ("Conforme a Resolução CONAMA nº 950/2020.", "CONAMA"),
        ("Conforme a IN SEGES/MGI nº 55/2031.", "2031"),
        ("Conforme a ABNT NBR 5410:2030.", "2030"),
    ],
)
def test_an_impossible_norm_is_an_error_saying_why(text, reason):
    [w] = verify_citations(text, today=TODAY)
    assert (w["code"], w["severity"]) == ("citation_impossible", "error")
    assert w["message"].startswith("Norma inexistente: ") and reason in w["message"]


def test_a_plausible_unknown_number_is_not_impossible():
    assert (
        found("Conforme a Lei nº 14.150/2021 e o Decreto nº 11.000/2022.") == [("citation_unverified", "warning")] * 2
    )


def test_an_instrucao_normativa_without_issuer_that_fits_several_is_fine():
    [c] = extract_citations("Observada a IN nº 1/2019, o plano foi elaborado.")
    assert c.norm_key is None and c.ambiguous
    assert found("Observada a IN nº 1/2019, o plano foi elaborado.") == []


def test_other_courts_and_local_norms_are_an_info():
    assert found("Conforme o Acórdão nº 1.234/2019 do TCE-SP e o Decreto Municipal nº 55/2020.") == [
        ("citation_unverified", "info"),
        ("citation_unverified", "info"),
    ]


def test_revoked_decree_and_instrucao_normativa():
    [w] = verify_citations("A ata seguirá o Decreto nº 7.892/2013.", today=TODAY)
    assert (w["code"], w["severity"]) == ("citation_revoked", "warning")
    assert w["message"].startswith("O Decreto 7.892/2013 foi revogado pelo Decreto 11.462/2023.")
    assert found("O estudo segue a IN SEGES/ME nº 40/2020.") == [("citation_revoked", "warning")]
    assert found("A IN SEGES/ME nº 40/2020 foi revogada pela IN SEGES/ME nº 58/2022.") == []


# --- the table grown with the sector norms ETPs cite (session 7) --------------------------------


@pytest.mark.parametrize(
    "text, key",
    [
        ("O cardápio seguirá o art. 12 da Lei nº 11.947, de 16 de junho de 2009.", "lei-11947-2009"),
        ("A compra da agricultura familiar observa a Lei 11.326/2006.", "lei-11326-2006"),
        ("A execução do PNAE obedece à Resolução CD/FNDE nº 6/2020.", "resolucao-cd-fnde-6-2020"),
        (
            "Conforme a Resolução FNDE nº 6/2020, os cardápios serão elaborados por nutricionista.",
            "resolucao-cd-fnde-6-2020",
        ),
        ("O manejo do amianto atenderá à Resolução CONAMA nº 348/2004.", "resolucao-conama-348-2004"),
        ("Os resíduos de saúde seguirão a Resolução Conama nº 358/2005.", "resolucao-conama-358-2005"),
        ("O licenciamento observará a Resolução CONAMA nº 237/1997.", "resolucao-conama-237-1997"),
        ("A cozinha atenderá à RDC ANVISA nº 275/2002.", "resolucao-anvisa-275-2002"),
        ("A rotulagem nutricional seguirá a RDC nº 429/2020 da Anvisa.", "resolucao-anvisa-429-2020"),
        (
            "O responsável técnico emitirá ART, nos termos da Resolução CONFEA nº 1.025/2009.",
            "resolucao-confea-1025-2009",
        ),
        ("O arquiteto emitirá RRT conforme a Resolução CAU/BR nº 91/2014.", "resolucao-cau-br-91-2014"),
        ("A calha será dimensionada pela ABNT NBR 10844.", "nbr-10844"),
        ("A impermeabilização seguirá a NBR 9574:2008.", "nbr-9574"),
        ("Os extintores atenderão à ABNT NBR 12962.", "nbr-12962"),
        ("A instalação fotovoltaica seguirá a ABNT NBR 16690:2019.", "nbr-16690"),
        ("O fornecedor terá certificação ABNT NBR ISO 22000.", "iso-22000"),
        ("O quadro de distribuição atenderá à IEC 61439.", "iec-61439"),
        ("A segurança da informação observará a IN GSI/PR nº 1/2020.", "in-gsi-pr-1-2020"),
        ("O cadastro no SICAF segue a IN SEGES/MP nº 3/2018.", "in-seges-mp-3-2018"),
        ("O regulamento da Lei de Acesso é o Decreto nº 7.724/2012.", "decreto-7724-2012"),
        ("A prevenção de incêndio obedecerá à Lei nº 13.425/2017.", "lei-13425-2017"),
        ("O ISS retido seguirá a Lei Complementar nº 116/2003.", "lc-116-2003"),
        ("O BDI foi analisado à luz do Acórdão nº 325/2007-TCU-Plenário.", "acordao-tcu-325-2007-plenario"),
    ],
)
def test_sector_norms_are_in_the_table(text, key):
    assert key in [c.norm_key for c in extract_citations(text)]
    assert [w for w in verify_citations(text) if w["code"] == "citation_unverified"] == []


@pytest.mark.parametrize(
    "text, revoked_by",
    [
        ("A vigilância armada seguirá a Lei nº 7.102/1983.", "Lei 14.967/2024"),
        ("Os rótulos seguirão a RDC ANVISA nº 259/2002.", "RDC ANVISA 727/2022"),
        ("Os cardápios observarão a Resolução CD/FNDE nº 26/2013.", "Resolução CD/FNDE 6/2020"),
        ("A gestão dos resíduos seguirá o Decreto nº 7.404/2010.", "Decreto 10.936/2022"),
    ],
)
def test_revoked_sector_norms_name_what_replaced_them(text, revoked_by):
    [w] = [w for w in verify_citations(text) if w["code"] == "citation_revoked"]
    assert revoked_by in w["message"]


@pytest.mark.parametrize(
    "text",
    [
        "Serão exigidos atestados de execução anterior, e a habilitação seguirá a Lei nº 8.666/1993.",
        "A habilitação seguirá a Lei nº 8.666, de 21 de junho de 1993, com prova de capacidade anterior.",
        "A pregoeira, que já atuou em certames antigos, conduzirá o rito da Lei nº 10.520/2002.",
    ],
)
def test_an_unrelated_anterior_or_antigo_in_the_sentence_keeps_the_revoked_warning(text):
    assert "citation_revoked" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Na antiga Lei nº 8.666/1993, o tema tinha outro tratamento.",
        "A lei anterior (Lei nº 8.666/1993) admitia a carta-convite.",
        "O pregão era anteriormente regido pela Lei nº 10.520/2002.",
        "À época, vigorava a Lei nº 8.666/1993.",
    ],
)
def test_a_revoked_norm_presented_as_history_is_fine(text):
    assert "citation_revoked" not in codes(text)


def test_a_revoked_norm_named_by_nickname_and_number_shows_the_number():
    text = "Aplicam-se as regras do Regime Diferenciado de Contratações Públicas, da Lei nº 12.462/2011, às obras."
    [w] = [w for w in verify_citations(text) if w["code"] == "citation_revoked"]
    assert "12.462/2011" in w["excerpt"]
    [alone] = [w for w in verify_citations("As obras seguirão o Regime Diferenciado de Contratações Públicas.")]
    assert alone["code"] == "citation_revoked" and "Regime Diferenciado" in alone["excerpt"]
