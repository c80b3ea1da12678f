"""Quality checks of one section: each check, the score, the metrics and the AI notice."""

from __future__ import annotations

from decimal import Decimal

import pytest

from etp_app.drafting import quality
from etp_app.drafting.catalog import AI_NOTICE
from etp_app.drafting.quality import NOTICE_LINE, check_section, ensure_ai_notice, has_ai_notice

FACTS = (
    "Aquisição de notebooks para as unidades regionais",
    "120.0000",
    "unidade",
    "480000.00",
    "4000.00",
    "2026-01-31",
    "23000.012345/2024-11",
    "90",
)
GOOD_VI = (
    "O valor estimado da contratação é de R$ 480.000,00, com valor unitário de referência de R$ 4.000,00 "
    "para 120 unidades. A estimativa resulta de pesquisa de preços no Painel de Preços e em contratações "
    "públicas anteriores, conforme o art. 23 da Lei 14.133/2021."
)


def codes(report) -> list[str]:
    return [w["code"] for w in report.warnings]


def of_code(report, code: str) -> list[dict]:
    return [w for w in report.warnings if w["code"] == code]


# --- report shape ----------------------------------------------------------------------------


def test_good_section_is_clean():
    report = check_section(6, GOOD_VI, inputs=FACTS, is_ai_draft=True)
    assert report.warnings == []
    assert report.score == 100
    assert report.metrics["words"] > 30 and report.metrics["sentences"] == 2
    assert report.metrics["citations"] == 1
    assert set(report.metrics) >= {
        "words",
        "sentences",
        "flesch",
        "flesch_band",
        "avg_sentence_words",
        "placeholders",
        "citations",
    }


def test_warnings_have_the_documented_shape():
    report = check_section(13, "O melhor do mercado. Aqui está o texto.", is_ai_draft=True)
    assert report.warnings
    for w in report.warnings:
        shape = {"code", "severity", "message", "excerpt"}
        assert shape <= set(w) <= shape | {"kind"}  # number findings say the kind of value (issue 15)
        assert w["severity"] in ("error", "warning", "info")
        assert w["message"] and len(w["excerpt"]) <= 200


def test_empty_text_gives_one_warning():
    for text in ("", "   \n", NOTICE_LINE):
        report = check_section(13, text)
        assert codes(report) == ["empty"] and report.score == 0
        assert "obrigatório" in report.warnings[0]["message"]


def test_a_justified_absence_is_no_empty_section_error():
    report = check_section(3, "", justified=True)
    assert codes(report) == ["absence_justified"] and report.score == 100
    assert report.warnings[0]["severity"] == "info"
    assert report.to_dict()["score_breakdown"] == [
        {"code": "absence_justified", "severity": "info", "penalty": 0, "count": 1}
    ]
    assert codes(check_section(4, "", justified=True)) == ["empty"]  # a mandatory element has no way out


def test_unknown_inciso_is_rejected():
    with pytest.raises(ValueError):
        check_section(14, "texto")


def test_deterministic():
    text = GOOD_VI + " O preço é R$ 9.999,00, o melhor do mercado. Tendo em vista que outrossim."
    first = check_section(6, text, inputs=FACTS, is_ai_draft=True).to_dict()
    assert check_section(6, text, inputs=FACTS, is_ai_draft=True).to_dict() == first


def test_errors_weigh_more_than_warnings():
    with_warning = check_section(6, GOOD_VI + " É a solução de última geração.", inputs=FACTS)
    with_error = check_section(6, GOOD_VI + " O art. 250 da Lei 14.133/2021 se aplica.", inputs=FACTS)
    assert 100 > with_warning.score > with_error.score


def test_errors_come_first():
    report = check_section(13, "Tendo em vista que é de última geração, o art. 250 da Lei 14.133/2021 se aplica.")
    severities = [w["severity"] for w in report.warnings]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)


# --- citations -------------------------------------------------------------------------------


def test_citation_checks_are_included():
    report = check_section(6, GOOD_VI + " Vale o art. 250 da Lei 14.133/2021 e a Lei 8.666/1993.", inputs=FACTS)
    assert of_code(report, "citation_article_out_of_range")[0]["severity"] == "error"
    assert of_code(report, "citation_revoked")[0]["severity"] == "warning"


# --- invented numbers ------------------------------------------------------------------------


def test_invented_money_value_is_flagged_and_known_one_is_not():
    text = "O valor estimado é de R$ 480.000,00, mas há reserva de R$ 2.000.000,00 para o exercício."
    report = check_section(6, text, inputs=("480000.00",), is_ai_draft=True)
    [w] = of_code(report, "possible_invented_value")
    assert w["severity"] == "warning"
    assert "R$ 2.000.000,00" in w["message"] and "R$ 2.000.000,00" in w["excerpt"]
    assert "480.000" not in w["message"]


@pytest.mark.parametrize(
    "written",
    [
        "R$ 480.000,00",
        "R$480000,00",
        "480.000,00 reais",
        "R$ 480 mil",
        "R$ 0,48 milhão",
        "R$ 480000.00",
    ],
)
def test_money_forms_are_normalised(written):
    report = check_section(6, f"O total é {written} conforme a pesquisa.", inputs=("480000.00",), is_ai_draft=True)
    assert "possible_invented_value" not in codes(report)


def test_million_form_and_english_decimals():
    inputs = ("1200000.00", "1234567.89")
    text = "O teto é de R$ 1,2 milhão e o total de R$ 1.234.567,89."
    assert "possible_invented_value" not in codes(check_section(6, text, inputs=inputs, is_ai_draft=True))


def test_percentages_are_compared():
    text = "O reajuste previsto é de 15% e a margem de preferência é de 20%."
    [w] = of_code(check_section(6, text, inputs=("margem: 20",), is_ai_draft=True), "possible_invented_number")
    assert "15%" in w["message"]


def test_calculation_memo_values_derived_from_inputs_are_accepted():
    text = "Memória de cálculo: 120 unidades × R$ 4.000,00 = R$ 480.000,00."
    report = check_section(4, text, inputs=("120", "4000.00"), is_ai_draft=True)
    assert not {"possible_invented_value", "possible_invented_number"} & set(codes(report))


def test_citation_list_marker_and_placeholder_numbers_are_ignored():
    text = (
        "1. Conforme o art. 18, § 1º, inciso VI, da Lei nº 14.133, de 1º de abril de 2021, e a "
        "IN SEGES/ME nº 65/2021, o valor é [a preencher: valor com 3 cotações de 2025].\n"
        "2. O item 4.2 do Anexo 3 detalha a ABNT NBR 15.247 e o Acórdão 1.234/2019.\n"
        "3. O 2º semestre concentra a entrega."
    )
    report = check_section(6, text, inputs=FACTS, is_ai_draft=True)
    assert not {"possible_invented_value", "possible_invented_number"} & set(codes(report))


def test_dates_and_identifiers_are_compared():
    text = "O processo 23000.012345/2024-11, de 31/01/2026, substitui o processo 99999.000001/2020-01."
    report = check_section(1, text, inputs=FACTS, is_ai_draft=True)
    [w] = of_code(report, "possible_invented_number")
    assert "99999.000001/2020-01" in w["message"]


def test_number_findings_are_source_notes_for_human_text_and_skipped_without_inputs():
    text = "A necessidade envolve 37 unidades administrativas."
    [note] = of_code(check_section(1, text, inputs=FACTS), "unsourced_number")
    assert note["severity"] == "info" and "indique a fonte" in note["message"]
    assert "possible_invented_number" not in codes(check_section(1, text, inputs=FACTS))
    assert of_code(check_section(1, text, is_ai_draft=True), "possible_invented_number")[0]["severity"] == "warning"
    assert not {"possible_invented_number", "unsourced_number"} & set(codes(check_section(1, text)))


def test_a_persons_figures_cost_nothing_and_are_never_called_invented():
    """Issue 10: a person's own figures were "possibly invented" and took points from the score."""
    text = (
        "Há necessidade de atender 1.450 visitantes por dia, com 38 reclamações registradas e reserva "
        "de R$ 2.000.000,00 no orçamento."
    )
    person = check_section(1, text, inputs=FACTS)
    assert {w["code"] for w in person.warnings} == {"unsourced_number", "unsourced_value"}
    assert {w["severity"] for w in person.warnings} == {"info"}
    assert person.score == 100
    assert all(e["penalty"] == 0 for e in person.to_dict()["score_breakdown"])
    [value] = of_code(person, "unsourced_value")
    assert "R$ 2.000.000,00" in value["message"] and "indique a fonte" in value["message"]


@pytest.mark.parametrize("is_ai_draft", [True, False])
def test_number_advice_never_asks_for_a_placeholder_over_a_value(is_ai_draft):
    numbers = " ".join(f"Item com {n} unidades." for n in range(101, 101 + quality.MAX_NUMBER_WARNINGS + 3))
    text = f"O valor é de R$ 2.000.000,00 em 15/03/2025. {numbers}"
    report = check_section(6, text, inputs=FACTS, is_ai_draft=is_ai_draft)
    findings = [w for w in report.warnings if w["code"].startswith(("possible_invented", "unsourced"))]
    assert len(findings) == quality.MAX_NUMBER_WARNINGS + 1  # the rest in one summary
    for w in findings:
        assert "[a preencher" not in w["message"] and "substitua" not in w["message"].lower()
    messages = " ".join(w["message"] for w in findings)
    if is_ai_draft:
        assert "Confirme-o com os dados do ETP ou cite a fonte" in messages
        assert 'A data "15/03/2025"' in messages and "Confirme-a com os dados do ETP" in messages
    else:
        assert "indique a fonte" in messages and "Confirme" not in messages


# --- wording ---------------------------------------------------------------------------------


def test_marketing_claims():
    text = (
        "A solução é o melhor do mercado, líder de mercado, 100% segura, sem riscos, revolucionária, de "
        "última geração, incomparável e de qualidade superior, com garantia total."
    )
    report = check_section(3, text)
    # publicity words stay marketing; the absolute ones are absolute claims with their kind (claims.py)
    assert len(of_code(report, "marketing_claim")) == 2
    kinds = sorted(w["kind"] for w in of_code(report, "absolute_claim"))
    assert kinds == ["guarantee", "guarantee", "superiority", "superiority", "superiority", "superiority", "totality"]
    assert "possible_invented_number" not in codes(report)


def test_measured_risk_statement_is_not_marketing():
    assert "marketing_claim" not in codes(check_section(3, "A contratação segue sem riscos relevantes identificados."))


def test_ai_leakage():
    text = "Claro! Aqui está a seção. Como um modelo de linguagem, não tenho acesso aos dados. Espero ter ajudado."
    report = check_section(1, text, is_ai_draft=True)
    leaks = of_code(report, "ai_leakage")
    assert len(leaks) == 5 and {w["severity"] for w in leaks} == {"error"}
    assert of_code(check_section(1, "As an AI, I cannot do it."), "ai_leakage")[0]["severity"] == "warning"


def test_nonstandard_placeholders_and_lorem_ipsum_are_leakage():
    report = check_section(1, "A demanda é de [inserir quantidade] unidades. Lorem ipsum dolor.")
    messages = " ".join(w["message"] for w in of_code(report, "ai_leakage"))
    assert "[a preencher" in messages and "Lorem ipsum" in messages


def test_jargon_with_suggestion():
    text = (
        "Tendo em vista que a demanda cresceu, outrossim, a nível de órgão, via de regra o estoque "
        "supramencionado acaba."
    )
    report = check_section(1, text)
    jargon = of_code(report, "jargon")
    assert {w["severity"] for w in jargon} == {"info"}
    assert len(jargon) == 4 + 1  # "tendo em vista que" is reported once, not also as "tendo em vista"
    tendo = next(w for w in jargon if "Tendo em vista que" in w["message"])
    assert '"porque"' in tendo["message"]
    assert any('"além disso"' in w["message"] for w in jargon)


def test_repeated_sentence():
    sentence = "A contratação garante a continuidade do atendimento ao público."
    report = check_section(1, f"{sentence} A demanda cresce. {sentence}")
    [w] = of_code(report, "repetition")
    assert "2 vezes" in w["message"]


def test_repeated_word_run():
    run = "conforme o plano de contratações anual aprovado pela autoridade competente"
    text = (
        f"A compra foi prevista {run} em janeiro. O serviço consta {run} desde março. "
        f"A manutenção foi incluída {run} no último ciclo."
    )
    [w] = of_code(check_section(2, text), "repetition")
    assert "3 vezes" in w["message"]


def test_readability_checks():
    convoluted = (
        "Considerando a imprescindibilidade da operacionalização institucionalizada dos procedimentos "
        "administrativos correlacionados à contratualização, consubstanciada na regulamentação infralegal "
        "superveniente, evidencia-se a indispensabilidade da implementação tempestiva das providências "
        "organizacionais preconizadas pela Administração, notadamente no que concerne à racionalização "
        "orçamentária e à compatibilização interinstitucional das responsabilidades fiscalizatórias e "
        "da necessidade."
    )
    report = check_section(1, convoluted)
    assert "low_readability" in codes(report)
    assert report.metrics["flesch_band"] == "muito difícil"
    long_text = "A necessidade " + " ".join(["envolve"] * 45) + " o órgão."
    assert "long_sentence" in codes(check_section(1, long_text))
    assert not {"low_readability", "long_sentence"} & set(codes(check_section(6, GOOD_VI, inputs=FACTS)))


# --- required elements -----------------------------------------------------------------------


def missing(inciso: int, text: str) -> list[str]:
    return [w["message"] for w in check_section(inciso, text).warnings if w["code"] == "missing_element"]


def test_conclusion_required_in_xiii():
    assert len(missing(13, "A equipe analisou o mercado e os custos envolvidos na aquisição.")) == 1
    assert missing(13, "Conclui-se que a contratação é viável e adequada à necessidade.") == []
    assert missing(13, "Recomenda-se a contratação, pois atende ao interesse público.") == []
    assert missing(13, "A contratação não é viável neste exercício.") == []


def test_quantities_and_memo_required_in_iv():
    assert len(missing(4, "Serão adquiridos equipamentos para as unidades.")) == 2
    [only] = missing(4, "Serão adquiridas 120 unidades de notebooks.")
    assert "memória de cálculo" in only
    assert missing(4, "Serão adquiridas 120 unidades, calculadas pelo histórico de consumo de 10 por mês.") == []


def test_values_and_price_sources_required_in_vi():
    assert len(missing(6, "O valor foi estimado pela área técnica.")) == 2
    [only] = missing(6, "O valor estimado é de R$ 480.000,00.")
    assert "fontes" in only
    assert missing(6, GOOD_VI) == []


def test_parceling_decision_required_in_viii():
    assert len(missing(8, "O objeto envolve notebooks e monitores.")) == 1
    assert missing(8, "A contratação será realizada em lote único, pela padronização.") == []
    assert missing(8, "O objeto não será parcelado, pois os itens são interdependentes.") == []


def test_need_required_in_i():
    assert len(missing(1, "Os notebooks serão entregues na sede.")) == 1
    assert missing(1, "Há necessidade de substituir os notebooks, que falham com frequência.") == []


def test_two_alternatives_required_in_v():
    assert len(missing(5, "Foi analisada a aquisição dos equipamentos.")) == 1
    assert missing(5, "Compararam-se a aquisição e a locação dos equipamentos.") == []
    assert missing(5, "Alternativa 1: compra direta. Alternativa 2: outsourcing de impressão.") == []
    assert missing(5, "Não se aplica, pois o objeto tem fornecedor exclusivo comprovado.") == []


def test_optional_sections_have_no_element_checks():
    assert missing(7, "Os equipamentos serão instalados pela contratada.") == []


def test_placeholders_are_counted():
    text = "O valor é [a preencher: valor unitário] e a data é [a preencher: data da pesquisa]."
    report = check_section(6, text)
    [w] = of_code(report, "placeholder_pending")
    assert w["severity"] == "warning" and w["message"].startswith("2 marcadores")
    assert report.metrics["placeholders"] == 2
    # the placeholder text does not satisfy the element checks
    assert len(of_code(report, "missing_element")) == 2


OFFLINE_VIII = """A decisão sobre a divisão do objeto em itens ou lotes considera os critérios abaixo.

**Decisão**: a contratação será realizada [a preencher: em item único, em itens separados ou em lotes].

**Critérios considerados**

- **Viabilidade técnica da divisão do objeto**: [a preencher: se os itens podem ser executados separadamente]
- **Economia de escala**: [a preencher: efeito da divisão ou do agrupamento sobre os preços]
- **Ampliação da competição**: [a preencher: efeito sobre o número de fornecedores aptos]
- **Gestão e fiscalização**: [a preencher: efeito sobre a gestão contratual e a responsabilidade técnica]

**Justificativa**

[a preencher: por que a forma escolhida é a mais vantajosa para a Administração]

_Fundamentação: art. 18, §1º, inciso VIII, da Lei 14.133/2021 e arts. 40 e 47 da Lei 14.133/2021._"""


def test_a_section_almost_all_placeholders_scores_low():
    """Issue 10: section VIII with six markers in eight statements scored 98."""
    report = check_section(8, OFFLINE_VIII, inputs=FACTS, is_ai_draft=True)
    assert report.metrics["placeholders"] == 6
    assert report.metrics["pending_share"] == 0.75  # 6 of 8 statements; the two headings left out
    [w] = of_code(report, "placeholder_pending")
    assert w["severity"] == "warning" and "75% das frases" in w["message"]
    entry = next(e for e in report.to_dict()["score_breakdown"] if e["code"] == "placeholder_pending")
    assert entry == {"code": "placeholder_pending", "severity": "warning", "penalty": 75, "count": 6}
    assert report.score <= 25


STATEMENTS = (
    "A sede recebe o público em dois turnos.",
    "O almoxarifado guarda os materiais de consumo.",
    "A equipe técnica acompanha a entrega dos bens.",
    "O contrato atual termina no fim do exercício.",
    "Os servidores usam os equipamentos todos os dias.",
    "A manutenção corretiva ficou mais frequente.",
    "O setor financeiro confirmou a reserva orçamentária.",
    "A unidade de saúde pediu prioridade na entrega.",
    "O transporte dos itens fica a cargo da contratada.",
    "A garantia cobre defeitos de fabricação.",
)


def test_placeholder_penalty_follows_the_share_of_the_section_they_are():
    scores = []
    for pending in range(0, 11, 2):
        text = " ".join(
            f"{s[:-1]}, conforme [a preencher: documento de referência]." if i < pending else s
            for i, s in enumerate(STATEMENTS)
        )
        report = check_section(7, text)
        scores.append(report.score)
        assert report.score <= 100 - 10 * pending  # never more than the share still to write
        if pending:
            entry = next(e for e in report.to_dict()["score_breakdown"] if e["code"] == "placeholder_pending")
            assert entry["count"] == pending and entry["penalty"] == max(8 * pending, 10 * pending)
    assert scores == sorted(scores, reverse=True) and scores[0] == 100 and scores[-1] == 0


def test_one_placeholder_in_a_long_section_costs_a_warning():
    text = " ".join(f"A unidade {name} registrou aumento da demanda no último ano." for name in "ABCDEFGHIJKLMNOPQRST")
    text += " O responsável é [a preencher: nome do responsável]."
    report = check_section(1, text)
    entry = next(e for e in report.to_dict()["score_breakdown"] if e["code"] == "placeholder_pending")
    assert entry["penalty"] == quality.PLACEHOLDER_PENALTY == 8 and entry["count"] == 1


OFFLINE_I = """**Identificação da demanda**

- **Objeto**: Aquisição de notebooks para as unidades regionais
- **Unidade requisitante**: [a preencher: unidade requisitante]
- **Processo**: 23000.012345/2024-11

**Problema a resolver**

Os computadores atuais têm mais de oito anos e falham com frequência.

**Evidências da necessidade**

- [a preencher: volume de demandas, usuários atendidos, ocorrências e custos atuais]

**Interesse público**

A contratação atende ao interesse público na medida em que [a preencher: benefícios para o público atendido].

**Consequências da não contratação**

Caso a contratação não seja realizada, [a preencher: impactos previstos sobre as atividades da unidade].

_Fundamentação: art. 18, §1º, inciso I, da Lei 14.133/2021._"""

FILLED_I = (
    OFFLINE_I.replace("[a preencher: unidade requisitante]", "Coordenação de Tecnologia da Informação")
    .replace(
        "[a preencher: volume de demandas, usuários atendidos, ocorrências e custos atuais]",
        "Em 2025 foram abertos 412 chamados de manutenção, com 37 equipamentos parados por mais de 15 dias.",
    )
    .replace("[a preencher: benefícios para o público atendido]", "mantém o atendimento nas unidades")
    .replace("[a preencher: impactos previstos sobre as atividades da unidade]", "o atendimento será interrompido")
)


def test_filling_placeholders_with_real_facts_never_lowers_the_score():
    """Issue 10: filling section I's markers with the person's own figures took it from 88 to 74."""
    drafted = check_section(1, OFFLINE_I, inputs=FACTS, is_ai_draft=True)
    assert of_code(drafted, "placeholder_pending")
    filled = check_section(1, FILLED_I, inputs=FACTS, is_ai_draft=False)  # a person's save
    assert filled.metrics["placeholders"] == 0
    assert filled.score > drafted.score
    assert not {"possible_invented_number", "possible_invented_value"} & set(codes(filled))
    assert len(of_code(filled, "unsourced_number")) >= 3
    # filling marker by marker: every step keeps or raises the score
    steps = [OFFLINE_I]
    for marker in quality._PLACEHOLDER_RX.findall(OFFLINE_I):
        steps.append(steps[-1].replace(marker, "dado informado pela unidade, 12 ocorrências", 1))
    step_scores = [check_section(1, t, inputs=FACTS).score for t in steps]
    assert step_scores == sorted(step_scores)


def test_score_breakdown_says_what_moved_the_score():
    text = (
        "Tendo em vista que a demanda cresceu, outrossim, a nível de órgão, via de regra o estoque "
        "supramencionado acaba, destarte hodiernamente é de última geração. Aplica-se o art. 250 da Lei 14.133/2021."
    )
    report = check_section(1, text).to_dict()
    breakdown = report["score_breakdown"]
    assert {tuple(sorted(e)) for e in breakdown} == {("code", "count", "penalty", "severity")}
    by_code = {(e["code"], e["severity"]): e for e in breakdown}
    assert by_code[("citation_article_out_of_range", "error")]["penalty"] == 25
    assert by_code[("marketing_claim", "warning")]["penalty"] == 8
    jargon = by_code[("jargon", "info")]
    assert jargon["count"] == 7 and jargon["penalty"] == quality.INFO_PENALTY_CAP  # infos capped at 10
    assert report["score"] == 100 - sum(e["penalty"] for e in breakdown)
    assert [e["penalty"] for e in breakdown] == sorted((e["penalty"] for e in breakdown), reverse=True)
    assert sum(e["count"] for e in breakdown) == len(report["warnings"])
    assert check_section(6, GOOD_VI, inputs=FACTS).to_dict()["score_breakdown"] == []
    empty = check_section(4, "").to_dict()
    assert empty["score"] == 0 and empty["score_breakdown"] == [
        {"code": "empty", "severity": "error", "penalty": 100, "count": 1}
    ]


# --- AI notice -------------------------------------------------------------------------------


def test_ensure_ai_notice_is_idempotent():
    once = ensure_ai_notice("Texto da seção.")
    assert once == f"Texto da seção.\n\n> **Aviso:** {AI_NOTICE}"
    assert ensure_ai_notice(once) == once
    assert ensure_ai_notice(once + "\n") == once
    assert once.count(AI_NOTICE) == 1 and has_ai_notice(once)
    assert not has_ai_notice("Texto da seção.")


def test_ensure_ai_notice_moves_the_notice_to_the_end():
    text = f"Primeiro parágrafo.\n\n> **Aviso:** {AI_NOTICE}\n\nSegundo parágrafo."
    result = ensure_ai_notice(text)
    assert result.endswith(NOTICE_LINE) and result.count(AI_NOTICE) == 1
    assert ensure_ai_notice("") == NOTICE_LINE


def test_notice_is_not_checked_as_content():
    report = check_section(6, ensure_ai_notice(GOOD_VI), inputs=FACTS, is_ai_draft=True)
    assert report.warnings == [] and report.metrics["ai_notice"] is True
    assert report.metrics["words"] == check_section(6, GOOD_VI, inputs=FACTS).metrics["words"]


# --- memoized input values -------------------------------------------------------------------

MEMO_INPUTS = FACTS + (
    "O valor estimado é de R$ 1.234.567,89 (1,5 milhão de reais), com 15% de reserva, em 20 de janeiro "
    "de 2026; processo 23000.012345/2024-11; 480 mil reais; 3 x R$ 4.000,00 = R$ 12.000,00.",
    "Prazo de 90 dias a contar de 31/01/2026; 2º semestre; 0 e 1 unidade; 10.000.000.000.000 de itens.",
    "",
)


def reference_known_values(inputs):
    """``_known_values`` as it was before memoization."""
    known, factors = set(), set()
    for item in inputs:
        if not item:
            continue
        atomic = quality._ATOMIC_RX.fullmatch(item) is not None
        for n in quality._scan_numbers(item):
            known.update(n.values)
            known.update(n.implied)  # a date states its month and half-year too
            # operands: a field's number, or a number of prose that says what it counts (issue 15)
            if n.label in ("valor", "número") and (atomic or n.kind not in ("number", "date", "identifier")):
                # a share multiplies only as a fraction ("15%" is 0,15, never 15)
                readings = n.values[len(n.values) // 2 :] if n.kind == "percentage" else n.values
                factors.update(v for v in readings if isinstance(v, Decimal))
        for m in quality._DATE_RX.finditer(item):
            value = quality._date_value(m)
            if value:
                known.update(Decimal(part) for part in value[1])
        known.update(Decimal(d) for d in quality._DIGITS_RX.findall(item))
    usable = sorted((v for v in factors if v not in (0, 1) and abs(v) < 10**12), key=abs)
    return known, usable


def test_known_values_match_the_reference_cold_and_warm():
    quality._values_of_cached.cache_clear()
    expected = reference_known_values(MEMO_INPUTS)
    assert quality._known_values(MEMO_INPUTS) == expected  # cold
    assert quality._known_values(MEMO_INPUTS) == expected  # warm
    assert quality._values_of_cached.cache_info().hits >= len(MEMO_INPUTS) - 1
    for i in range(len(MEMO_INPUTS)):  # any subset and order gives the same as the reference
        subset = MEMO_INPUTS[i:] + MEMO_INPUTS[:i]
        assert quality._known_values(subset[: i + 1]) == reference_known_values(subset[: i + 1])


def test_known_values_cannot_be_altered_through_a_result():
    known, factors = quality._known_values(MEMO_INPUTS)
    expected = (set(known), list(factors))
    known.add(Decimal("999"))
    known.clear()
    factors.append(Decimal("7"))
    assert quality._known_values(MEMO_INPUTS) == expected
    values, usable, figures, labels = quality._values_of_cached(MEMO_INPUTS[-2])
    assert all(isinstance(part, frozenset) for part in (values, usable, figures, labels))


def test_huge_inputs_are_not_cached():
    big = "Valor de R$ 4.000,00 por unidade. " * (quality.VALUES_CACHE_MAX_TEXT_CHARS // 30)
    before = quality._values_of_cached.cache_info().currsize
    assert quality._known_values([big]) == reference_known_values([big])
    assert quality._values_of_cached.cache_info().currsize == before


def test_check_section_is_the_same_cold_warm_and_uncached(monkeypatch):
    text = (
        GOOD_VI + " A reserva técnica é de R$ 61.728,39, e o valor de R$ 999.999,00 não consta dos dados. "
        "Outro valor: 3 x R$ 4.000,00 = R$ 12.000,00, em 20 de janeiro de 2026."
    )
    quality._values_of_cached.cache_clear()
    cold = [check_section(6, text, inputs=MEMO_INPUTS, is_ai_draft=ai).to_dict() for ai in (False, True)]
    warm = [check_section(6, text, inputs=MEMO_INPUTS, is_ai_draft=ai).to_dict() for ai in (False, True)]
    monkeypatch.setattr(quality, "_values_of_cached", quality._values_of)
    uncached = [check_section(6, text, inputs=MEMO_INPUTS, is_ai_draft=ai).to_dict() for ai in (False, True)]
    assert cold == warm == uncached
    flagged = [w["excerpt"] for w in cold[1]["warnings"] if w["code"] == "possible_invented_value"]
    assert any("999.999,00" in e for e in flagged) and not any("12.000,00" in e for e in flagged)
