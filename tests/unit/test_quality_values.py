"""Issue 15 §1–2: the numbers a section states, each found with its kind, flagged when no input gives
it, trusted when it is the same value written another way, derived from the facts or the law's own
numbering, and listed in the report's ``values`` with where it came from."""

from __future__ import annotations

from typing import Any

import pytest

from etp_app.drafting import grounding, quality, values
from etp_app.drafting.engine import flatten_inputs
from etp_app.drafting.types import DraftContext

FACTS: dict[str, Any] = {
    "objeto": "Aquisição de notebooks para as unidades regionais",
    "numero_processo": "23038.014527/2025-61",
    "uasg": "153080",
    "data_elaboracao": "2026-01-31",
    "quantidade_estimada": "240.0000",
    "unidade_medida": "unidade",
    "valor_estimado": "480000.00",
    "valor_unitario": "2000.00",
    "periodicidade_preco": "unico",
    "prazo_execucao_dias": 90,
    "dotacao_orcamentaria": "Programa de Trabalho 12.364.5013.20RK.0053",
    "campos": {"garantia_meses": 36, "usuarios": 1200, "taxa_administracao": "0.15"},
}
INSTRUCTIONS = "Prever garantia contratual de 5% do valor do contrato."


def report(text: str, *, ai: bool = True, facts: dict | None = None, instructions: str = INSTRUCTIONS):
    ctx = DraftContext(inciso=7, facts=facts or FACTS, instructions=instructions)
    return quality.check_section(7, text, inputs=flatten_inputs(ctx), is_ai_draft=ai, facts=facts or FACTS)


def number_findings(r) -> list[dict]:
    return [w for w in r.warnings if w["code"].startswith(("possible_invented", "unsourced", "value_only"))]


def value(r, text: str) -> dict:
    return next(v for v in r.values if v["text"] == text)


@pytest.mark.parametrize(
    ("sentence", "found", "kind"),
    [
        ("A taxa de ocupação chegou a 83% no último ano.", "83%", "percentage"),
        ("A taxa de ocupação chegou a 12 por cento no último ano.", "12 por cento", "percentage"),
        ("A taxa de ocupação chegou a doze por cento no último ano.", "doze por cento", "percentage"),
        ("No pico da obra, 38 operários trabalharão no canteiro.", "38 operários", "count"),
        ("Foram registradas 1.127 ocorrências no sistema.", "1.127 ocorrências", "count"),
        ("A entrega ocorrerá em 12 dias úteis.", "12 dias úteis", "duration"),
        ("O prazo de 30 (trinta) dias corre da assinatura.", "30 (trinta) dias", "duration"),
        ("O suporte atenderá em até 36 horas.", "36 horas", "duration"),
        ("A vigência será de quarenta e oito meses.", "quarenta e oito meses", "duration"),
        ("O canteiro ocupará 120 m² do estacionamento.", "120 m²", "area"),
        ("O canteiro ocupará 90 metros quadrados do estacionamento.", "90 metros quadrados", "area"),
        ("A área total é de 3 hectares.", "3 hectares", "area"),
        ("Serão descartadas 1,2 tonelada de entulho.", "1,2 tonelada", "weight"),
        ("Cada equipamento pesa 150 kg.", "150 kg", "weight"),
        ("O gerador consome 90 litros de diesel.", "90 litros", "volume"),
        ("O reservatório terá 12 m³.", "12 m³", "volume"),
        ("A vistoria ocorreu em 15/03/2025.", "15/03/2025", "date"),
        ("A vistoria ocorreu em 15.03.2025.", "15.03.2025", "date"),
        ("A vistoria ocorreu em 15 de março de 2025.", "15 de março de 2025", "date"),
        ("A vistoria ocorreu em 1º de abril de 2025.", "1º de abril de 2025", "date"),
        ("A vistoria ocorreu em março de 2025.", "março de 2025", "date"),
        ("A entrega ocorrerá no segundo semestre de 2027.", "segundo semestre de 2027", "date"),
        ("A cotação foi de R$ 1.234,56.", "R$ 1.234,56", "money"),
        ("O contrato anterior custou R$ 1,2 milhão.", "R$ 1,2 milhão", "money"),
        ("O contrato anterior custou R$ 3 milhões.", "R$ 3 milhões", "money"),
        ("O contrato anterior custou 750 mil reais.", "750 mil reais", "money"),
        ("O contrato anterior custou R$ 750 mil.", "R$ 750 mil", "money"),
        ("O contrato anterior custou quinhentos mil reais.", "quinhentos mil reais", "money"),
    ],
)
def test_an_invented_value_is_flagged_with_its_exact_text_and_kind(sentence, found, kind):
    r = report(sentence)
    [w] = number_findings(r)
    assert w["kind"] == kind and f'"{found}"' in w["message"] and w["severity"] == "warning"
    assert w["code"] == ("possible_invented_value" if kind == "money" else "possible_invented_number")
    assert value(r, found) == {"text": found, "kind": kind, "status": "unsupported"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Serão adquiridos duzentos e quarenta notebooks.",  # 240, written out
        "Serão adquiridos 240 (duzentos e quarenta) notebooks.",
        "O valor estimado é de R$ 480 mil.",  # 480000.00
        "O valor estimado é de quatrocentos e oitenta mil reais.",
        "O valor estimado é de R$ 480.000,00 (quatrocentos e oitenta mil reais).",
        "O valor estimado é de R$ 0,48 milhão.",
        "A solução atenderá 1,2 mil usuários.",  # 1200
        "A taxa de administração é de 15%.",  # 0.15
        "A garantia será de 3 anos.",  # 36 meses
        "A garantia será de trinta e seis meses.",
        "A execução levará 3 meses.",  # 90 dias
        "O valor unitário de R$ 2.000,00 multiplicado por 240 unidades dá R$ 480.000,00.",
        "O valor mensal equivalente é de R$ 40.000,00.",  # 480000 ÷ 12
        "A garantia contratual de 5% corresponde a R$ 24.000,00.",  # 5% (instructions) of the total
        "Nos termos do art. 75, inciso II, e do art. 18, § 1º, da Lei nº 14.133, de 1º de abril de 2021.",
        "Conforme os arts. 6º, inciso XLI, e 17, § 2º, da Lei nº 14.133/2021.",
        "O Processo nº 23038.014527/2025-61, da UASG 153080, instrui a contratação.",
        # a small count in words of the study's own parts is discourse ("três cotações" is a fact: below)
        "Foram analisadas duas alternativas, por três critérios, e descartadas duas outras soluções.",
    ],
)
def test_a_value_given_another_way_derived_or_the_laws_own_is_not_flagged(sentence):
    assert number_findings(report(sentence)) == []


def test_kinds_do_not_ground_each_other():
    """36 horas is no 36 meses; 38 operários is no digit run inside the process number."""
    r = report("O suporte resolverá chamados em até 36 horas, com 38 operários e 12 dias úteis de prazo.")
    flagged = {w["kind"]: w for w in number_findings(r)}
    assert set(flagged) == {"duration", "count"}
    assert {v["text"] for v in r.values if v["status"] == "unsupported"} == {
        "36 horas",
        "38 operários",
        "12 dias úteis",
    }
    # ... while the same figure with its own unit is grounded, by the field that states it
    assert value(report("A garantia será de 36 meses."), "36 meses") == {
        "text": "36 meses",
        "kind": "duration",
        "status": "grounded",
        "source": "campos.garantia_meses",
    }


def test_a_resolution_deadline_is_no_norm_number():
    [w] = number_findings(report("A resolução dos chamados ocorrerá em até 36 horas."))
    assert w["kind"] == "duration" and '"36 horas"' in w["message"]


def test_the_report_lists_each_value_with_its_source_or_calculation():
    text = (
        "O valor estimado é de R$ 480.000,00, para 240 unidades a R$ 2.000,00, ou R$ 40.000,00 por mês, "
        "com garantia contratual de 5% e 83% de disponibilidade, no Processo nº 23038.014527/2025-61."
    )
    r = report(text)
    assert value(r, "R$ 480.000,00") == {
        "text": "R$ 480.000,00",
        "kind": "money",
        "status": "grounded",
        "source": "valor_estimado",
    }
    assert value(r, "240 unidades")["source"] == "quantidade_estimada"
    assert value(r, "5%") == {"text": "5%", "kind": "percentage", "status": "grounded", "source": "instruções"}
    monthly = value(r, "R$ 40.000,00")
    assert monthly["status"] == "derived" and monthly["derived"] == "valor_estimado ÷ 12 meses"
    assert value(r, "83%")["status"] == "unsupported"
    assert value(r, "23038.014527/2025-61")["source"] == "numero_processo"
    assert r.to_dict()["values"] == r.values
    assert [w["kind"] for w in number_findings(r)] == ["percentage"]


def test_the_value_models_results_are_derived_with_their_calculation():
    facts = {**FACTS, "valor_estimado": None}  # the total is the model's: 240 × R$ 2.000,00
    r = report("O total é de R$ 480.000,00.", facts=facts)
    assert value(r, "R$ 480.000,00") == {
        "text": "R$ 480.000,00",
        "kind": "money",
        "status": "derived",
        "derived": "quantidade_estimada × valor_unitario",
    }


def test_a_persons_figures_are_source_notes_with_their_kind():
    r = report("A vistoria de 15/03/2025 mediu 500 m² de área útil.", ai=False)
    notes = number_findings(r)
    assert {w["code"] for w in notes} == {"unsourced_number"} and {w["kind"] for w in notes} == {"date", "area"}
    assert all(w["severity"] == "info" for w in notes) and r.score == 100


def test_an_empty_section_lists_no_values():
    assert quality.check_section(4, "", inputs=["120"], is_ai_draft=True).to_dict()["values"] == []


# --- held-out classes (session 7): counts in words, units, short forms, dates, rounding ----------


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("A pesquisa consultou cinco distribuidoras da região.", "cinco distribuidoras"),
        ("O almoxarifado recebeu quatro caminhões de material.", "quatro caminhões"),
        ("A contratada manterá três técnicos residentes no campus.", "três técnicos"),
        ("O parque conta com oito servidores físicos dedicados.", "oito servidores"),
        ("Foram obtidas três cotações junto ao mercado.", "três cotações"),
    ],
)
def test_a_small_count_in_words_of_things_is_a_figure(sentence, found):
    [w] = number_findings(report(sentence))
    assert w["kind"] == "count" and f'"{found}"' in w["message"]


@pytest.mark.parametrize(
    "sentence",
    [
        "O estudo comparou três cenários e duas hipóteses de demanda.",
        "A escolha se apoia em quatro critérios e cinco motivos técnicos.",
        "A execução se divide em duas etapas, em três lotes e sob dois regimes distintos.",
        "Há duas formas de atender a necessidade, com três principais riscos.",
    ],
)
def test_a_small_count_of_the_studys_own_parts_is_discourse(sentence):
    assert number_findings(report(sentence)) == []


@pytest.mark.parametrize(
    ("facts_extra", "sentence", "found"),
    [
        ({"especificacao": "Arroz tipo 1 e feijão tipo 1."}, "O arroz virá em pacotes de 1 kg.", "1 kg"),
        ({"local": "Bloco 2, sala 14."}, "O reservatório terá 2 m³.", "2 m³"),
        ({"riscos": "Risco 3: chuvas."}, "A remoção levará 3 dias.", "3 dias"),
    ],
)
def test_a_bare_number_of_prose_grounds_no_measure(facts_extra, sentence, found):
    facts = {**FACTS, "campos": {**FACTS["campos"], **facts_extra}}
    [w] = number_findings(report(sentence, facts=facts))
    assert f'"{found}"' in w["message"]
    # ... while it still grounds a share or a count of the section, as before
    assert number_findings(report("A margem é de 14%.", facts=facts, instructions="margem: 14")) == []


@pytest.mark.parametrize(
    ("sentence", "found", "kind"),
    [
        ("Serão recolhidos 12 mil quilos de resíduos.", "12 mil quilos", "weight"),
        ("O tanque armazenará 2,5 mil litros de água.", "2,5 mil litros", "volume"),
        ("O terreno tem 3 mil metros quadrados.", "3 mil metros quadrados", "area"),
        ("O sistema guarda 48 mil prontuários.", "48 mil prontuários", "count"),
    ],
)
def test_a_thousand_with_its_unit_is_that_measure(sentence, found, kind):
    [w] = number_findings(report(sentence))
    assert w["kind"] == kind and f'"{found}"' in w["message"]


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("O contrato anterior custou R$ 2,5 mi.", "R$ 2,5 mi"),
        ("O orçamento do programa é de R$ 1,3 bi.", "R$ 1,3 bi"),
        ("A economia foi de R$ 7 mi no período.", "R$ 7 mi"),
    ],
)
def test_the_short_forms_of_millions_and_billions_are_money(sentence, found):
    [w] = number_findings(report(sentence))
    assert w["kind"] == "money" and f'"{found}"' in w["message"]


def test_the_short_forms_ground_the_figure_they_round():
    assert number_findings(report("O valor estimado é de R$ 0,48 mi.")) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "A garantia corresponderá a R$ 1,2 milhão.",  # 240 × 5 (the share's whole reading) is no memo
        "O seguro custará R$ 2.400.000,00.",  # 480000 × 5
        "Serão 1.200 unidades de reposição.",  # 240 × 5 as a count
    ],
)
def test_a_share_multiplies_only_as_a_fraction(sentence):
    facts = {**FACTS, "campos": {**FACTS["campos"], "usuarios": None}}  # 1200 users would ground it
    assert len(number_findings(report(sentence, facts=facts))) == 1


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("O contrato vigente expira em 1º/7/2025.", "1º/7/2025"),
        ("O contrato vigente expira em 1º.9.2026.", "1º.9.2026"),
        ("A renovação ocorrerá em fev/2027.", "fev/2027"),
        ("A renovação ocorrerá em set./26.", "set./26"),
        ("A renovação ocorrerá em nov. de 2026.", "nov. de 2026"),
        ("A renovação ocorrerá em agosto/27.", "agosto/27"),
    ],
)
def test_ordinal_days_and_abbreviated_months_are_dates(sentence, found):
    [w] = number_findings(report(sentence))
    assert w["kind"] == "date" and f'"{found}"' in w["message"]


@pytest.mark.parametrize(
    "sentence",
    [
        "A entrega está prevista para jan/2026.",  # data_elaboracao 2026-01-31
        "A entrega está prevista para jan./26.",
        "O estudo foi concluído em 31º/1/2026.",
    ],
)
def test_abbreviated_months_match_the_facts_dates(sentence):
    assert number_findings(report(sentence)) == []


def test_month_abbreviations_are_words_without_a_slash_or_full_stop():
    r = report("O navio cruzou o mar de 2025 milhas, e a equipe saiu em set de 2025 passos.")
    assert all(v["kind"] != "date" for v in r.values)


@pytest.mark.parametrize(
    ("schedule", "sentence"),
    [
        ("Fase 1 (45 dias): fundações – 20%; Fase 2 (75 dias): estrutura – 80%.", "A fundação levará 45 dias."),
        ("Marco 1 (2 meses): projeto; Marco 2 (4 meses): implantação.", "A implantação durará 4 meses."),
        ("Lote 1 (800 m²) e Lote 2 (1.200 m²).", "O segundo lote soma 1.200 m²."),
    ],
)
def test_a_parenthesis_with_digits_in_a_field_states_its_own_values(schedule, sentence):
    facts = {**FACTS, "campos": {**FACTS["campos"], "cronograma": schedule}}
    assert number_findings(report(sentence, facts=facts)) == []


@pytest.mark.parametrize(
    ("unit", "quantity", "sentence"),
    [
        ("quilograma", "36000", "Serão adquiridas 36 toneladas de gêneros."),
        ("metro quadrado", "25000", "A área a roçar é de 2,5 hectares."),
        ("litro", "12000", "O consumo anual é de 12 m³ de combustível."),
        ("tonelada", "4.5", "Serão coletados 4.500 kg de recicláveis."),
    ],
)
def test_the_quantity_is_the_measure_its_unit_names(unit, quantity, sentence):
    facts = {**FACTS, "unidade_medida": unit, "quantidade_estimada": quantity, "valor_estimado": None}
    assert number_findings(report(sentence, facts=facts)) == []
    wrong = sentence.replace("36 ", "37 ").replace("2,5 ", "3,5 ").replace("12 m³", "14 m³").replace("4.500", "4.700")
    assert len(number_findings(report(wrong, facts=facts))) == 1


@pytest.mark.parametrize(
    "sentence",
    [
        "O valor estimado é de aproximadamente R$ 479,7 mil.",  # 479.660,00
        "O valor estimado gira em torno de R$ 479.700,00.",  # "em torno de": rounded to the hundred
        "O valor estimado é de R$ 0,48 milhão.",  # a short form is the figure rounded as written
        "Serão adquiridos cerca de 240 notebooks, por volta de R$ 0,5 milhão.",
        "Atenderá a aproximadamente 1.200 usuários, ~15% deles em regime remoto.",
        "O valor unitário fica na casa dos R$ 2 mil.",
    ],
)
def test_a_rounded_restatement_is_grounded_to_its_precision(sentence):
    facts = {**FACTS, "valor_estimado": "479660.00"}
    assert number_findings(report(sentence, facts=facts)) == []


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("O valor estimado é de aproximadamente R$ 482 mil.", "R$ 482 mil"),  # 480 mil is 2 mil off
        ("O valor estimado é de cerca de R$ 470.000,00.", "R$ 470.000,00"),
        ("O valor estimado é de R$ 0,49 milhão.", "R$ 0,49 milhão"),  # a short form rounds, no further
        ("Atenderá a cerca de 1.300 usuários.", "1.300 usuários"),
    ],
)
def test_rounding_goes_no_further_than_the_precision_written(sentence, found):
    [w] = number_findings(report(sentence))
    assert f'"{found}"' in w["message"]


def test_a_one_off_price_states_no_period_of_one():
    """The single period of a one-off price is no figure: "1 hora" is still checked."""
    [w] = number_findings(report("O atendimento começará em até 1 hora."))
    assert w["kind"] == "duration" and '"1 hora"' in w["message"]


SERVICE_FACTS = {
    **FACTS,
    "objeto": "Licenciamento de plataforma de correio eletrônico",
    "quantidade_estimada": "500.0000",
    "valor_unitario": "120.00",
    "valor_estimado": "180000.00",
    "periodicidade_preco": "anual",
    "numero_periodos": 3,
    "campos": {"garantia_meses": 36},
}


@pytest.mark.parametrize(
    "sentence",
    [
        "O contrato terá 3 anos de vigência.",
        "O pagamento será feito em três parcelas anuais.",
        "O preço cobre três períodos anuais de uso.",
        "Serão 3 faturas, uma por exercício.",
    ],
)
def test_the_number_of_periods_grounds_periods_of_the_price(sentence):
    assert number_findings(report(sentence, facts=SERVICE_FACTS)) == []


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("A plataforma replicará os dados em três regiões geográficas.", "três regiões"),
        ("O integrador alocará 3 analistas dedicados.", "3 analistas"),
        ("A solução exige três certificados digitais.", "três certificados"),
    ],
)
def test_the_number_of_periods_counts_nothing_else(sentence, found):
    [w] = number_findings(report(sentence, facts=SERVICE_FACTS))
    assert w["kind"] == "count" and f'"{found}"' in w["message"]


@pytest.mark.parametrize(
    ("sentence", "found", "kind"),
    [
        ("A inadimplência caiu 4 pontos percentuais.", "4 pontos percentuais", "percentage"),
        ("A adesão subiu sete pontos percentuais.", "sete pontos percentuais", "percentage"),
        ("A adesão subiu 1,5 ponto percentual.", "1,5 ponto percentual", "percentage"),
        ("O chamado crítico será atendido em 4 h.", "4 h", "duration"),
        ("A janela de manutenção é de 45 min.", "45 min", "duration"),
    ],
)
def test_percentage_points_and_short_time_units_have_their_kind(sentence, found, kind):
    [w] = number_findings(report(sentence))
    assert w["kind"] == kind and f'"{found}"' in w["message"]


def test_short_time_units_match_the_long_ones():
    facts = {**FACTS, "campos": {**FACTS["campos"], "sla": "atendimento em 2 horas e janela de 30 minutos"}}
    assert number_findings(report("O atendimento ocorrerá em 2 h, com janela de 30 min.", facts=facts)) == []
    assert number_findings(report("Há três pontos a destacar.")) == []  # points of the text, no share


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("O contrato atual vigora até 07/2026.", "07/2026"),
        ("A data-base do orçamento é 03/2025.", "03/2025"),
        ("A migração ocorrerá entre 09/2026 e 11/2026.", "09/2026"),
    ],
)
def test_a_month_in_digits_after_a_word_of_time_is_a_date(sentence, found):
    r = report(sentence)
    assert value(r, found)["kind"] == "date"
    assert any(w["kind"] == "date" and f'"{found}"' in w["message"] for w in number_findings(r))


@pytest.mark.parametrize(
    "sentence",
    [
        "A entrega ocorrerá até 01/2026.",  # data_elaboracao 2026-01-31: its month
        "O Pregão nº 05/2024 e o Contrato 11/2023 não se confundem com datas.",
    ],
)
def test_a_month_in_digits_matches_a_date_and_instrument_numbers_stay_numbers(sentence):
    r = report(sentence)
    assert all(v["kind"] != "date" or v["status"] == "grounded" for v in r.values)
    assert all(w["kind"] != "date" for w in number_findings(r))


# --- holdout 2 classes: counts in words, money in words, bounds, per-unit values, compound terms ---

# a schedule whose prose holds bare numbers (weeks 1 to 7): labels of a plan, no count of anything
SCHEDULE_FACTS = {
    **FACTS,
    "campos": {
        "garantia_meses": 36,
        "usuarios": 1200,
        "cronograma": "Semana 1: mobilização; semanas 2 a 4: montagem; semanas 5 e 7: testes e entrega.",
    },
}


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("A obra inclui piso, alambrado, sete bebedouros e paisagismo.", "sete bebedouros"),
        ("Serão instalados refletores, cinco chuveiros e sinalização tátil.", "cinco chuveiros"),
        ("O lote reúne mesas, quatro catracas e duas cancelas na portaria.", "quatro catracas"),
    ],
)
def test_a_count_in_words_is_not_grounded_by_a_bare_number_of_prose(sentence, found):
    [w, *_] = [w for w in number_findings(report(sentence, facts=SCHEDULE_FACTS)) if f'"{found}"' in w["message"]]
    assert w["kind"] == "count"


@pytest.mark.parametrize(
    ("given", "sentence", "found"),
    [
        (
            "A equipe terá de 4 a 6 vigilantes por turno.",
            "Serão quatro vigilantes no turno da noite.",
            "quatro vigilantes",
        ),
        ("O atendimento levará entre 30 e 45 dias.", "O atendimento levará 30 dias.", "30 dias"),
        ("Serão 2 ou 3 caminhões por dia.", "Dois caminhões farão a coleta.", "Dois caminhões"),
    ],
)
def test_both_ends_of_a_range_in_the_inputs_state_what_the_last_one_names(given, sentence, found):
    r = report(sentence, instructions=given)
    assert value(r, found)["status"] == "grounded" and number_findings(r) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "O pagamento será de 20% na primeira etapa e 80% nas duas últimas.",
        "Os três primeiros já foram entregues.",
        "Dos lotes analisados, os dois seguintes foram descartados.",
    ],
)
def test_a_number_before_a_modifier_alone_counts_nothing_new(sentence):
    r = report(sentence, instructions="Pagamento de 20% e 80%.")
    assert number_findings(r) == []


def test_a_modifier_before_a_unit_keeps_the_measure():
    r = report("Nos três primeiros meses, a equipe será treinada.")  # prazo 90 dias: 3 meses
    assert value(r, "três primeiros meses") == {
        "text": "três primeiros meses",
        "kind": "duration",
        "status": "grounded",
        "source": "prazo_execucao_dias",
    }


CENTS_FACTS = {**FACTS, "valor_unitario": "87.35", "valor_estimado": "20964.00"}  # 240 × 87,35


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("O preço de oitenta e sete reais e trinta e cinco centavos é o de referência.",
         "oitenta e sete reais e trinta e cinco centavos"),
        ("O total de vinte mil, novecentos e sessenta e quatro reais cabe na dotação.",
         "vinte mil, novecentos e sessenta e quatro reais"),
        ("Cada unidade custará oitenta e sete reais e trinta e cinco centavos, com frete.",
         "oitenta e sete reais e trinta e cinco centavos"),
    ],
)  # fmt: skip
def test_money_in_words_with_centavos_is_one_value(sentence, found):
    r = report(sentence, facts=CENTS_FACTS)
    assert value(r, found)["status"] == "grounded"
    assert number_findings(r) == []
    assert [v["text"] for v in r.values] == [found]  # the centavos are no count of their own


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("O preço de oitenta e sete reais e noventa centavos é o de referência.",
         "oitenta e sete reais e noventa centavos"),
        ("A diferença de trinta e cinco centavos por unidade foi desprezada.", "trinta e cinco centavos"),
        ("Um milhão e duzentos mil reais e dez centavos é o teto.", "Um milhão e duzentos mil reais e dez centavos"),
    ],
)  # fmt: skip
def test_an_invented_amount_in_words_is_flagged_as_money(sentence, found):
    [w] = number_findings(report(sentence, facts=CENTS_FACTS))
    assert w["kind"] == "money" and f'"{found}"' in w["message"]


WORKS_FACTS = {
    **FACTS,
    "quantidade_estimada": "1.0000",
    "unidade_medida": "serviço",
    "valor_unitario": "2473918.46",
    "valor_estimado": "2473918.46",
    "prazo_execucao_dias": 540,
    "campos": {"area_intervencao_m2": "1870.00", "bdi_percentual": "22.12"},
}


@pytest.mark.parametrize(
    "sentence",
    [
        "O investimento soma pouco mais de R$ 2,47 milhões.",  # cut to the digits written
        "O investimento fica um pouco acima de R$ 2,4 milhões.",
        "O investimento chega a quase R$ 2,48 milhões.",
        "O investimento fica pouco abaixo de R$ 2,5 milhões.",
    ],
)
def test_a_bound_grounds_the_figure_cut_to_its_digits(sentence):
    assert number_findings(report(sentence, facts=WORKS_FACTS)) == []


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("O investimento soma pouco mais de R$ 2,48 milhões.", "R$ 2,48 milhões"),  # it is less
        ("O investimento chega a quase R$ 2,47 milhões.", "R$ 2,47 milhões"),  # it is more
        ("O investimento passa de mais de R$ 2,5 milhões.", "R$ 2,5 milhões"),
    ],
)
def test_a_bound_on_the_wrong_side_is_flagged(sentence, found):
    [w] = number_findings(report(sentence, facts=WORKS_FACTS))
    assert f'"{found}"' in w["message"]


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("O custo por metro quadrado é de R$ 1.322,95.", "R$ 1.322,95"),
        ("O custo é de R$ 1.322,96 por m² construído.", "R$ 1.322,96"),  # rounded up a hair: a cent
        ("O custo é de cerca de R$ 1.323 por metro quadrado.", "R$ 1.323"),
        ("O custo é de aproximadamente R$ 1,32 mil por m².", "R$ 1,32 mil"),
    ],
)
def test_a_total_per_unit_of_area_is_derived(sentence, found):
    r = report(sentence, facts=WORKS_FACTS)
    assert value(r, found)["status"] == "derived"
    assert value(r, found)["derived"] == "valor_estimado ÷ campos.area_intervencao_m2"


def test_a_total_per_person_served_is_derived():
    r = report("O investimento equivale a R$ 400,00 por usuário atendido.")  # 480.000 ÷ 1.200 usuários
    assert value(r, "R$ 400,00")["status"] == "derived"


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("O custo é de cerca de R$ 1 mil por metro quadrado.", "R$ 1 mil"),  # too coarse to be a memo
        ("O custo por metro quadrado é de R$ 1.322,80.", "R$ 1.322,80"),
        ("O custo é de cerca de R$ 1.400 por metro quadrado.", "R$ 1.400"),
    ],
)
def test_a_per_unit_value_off_the_quotient_is_flagged(sentence, found):
    [w] = number_findings(report(sentence, facts=WORKS_FACTS))
    assert w["kind"] == "money" and f'"{found}"' in w["message"]


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("A execução levará 1 ano e 6 meses.", "1 ano e 6 meses"),  # 540 dias
        ("A execução levará um ano e seis meses.", "um ano e seis meses"),
        ("A execução levará 1 ano e 180 dias.", "1 ano e 180 dias"),
    ],
)
def test_a_compound_duration_is_one_value(sentence, found):
    r = report(sentence, facts=WORKS_FACTS)
    assert [v["text"] for v in r.values] == [found]
    assert value(r, found)["status"] == "grounded" and number_findings(r) == []


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("A execução levará 1 ano e 3 meses.", "1 ano e 3 meses"),  # neither 540 dias nor its parts
        ("A execução levará 2 anos e 6 meses.", "2 anos e 6 meses"),
        ("O atendimento levará 2 horas e 30 minutos.", "2 horas e 30 minutos"),
    ],
)
def test_a_wrong_compound_duration_is_flagged_whole(sentence, found):
    [w] = number_findings(report(sentence, facts=WORKS_FACTS))
    assert w["kind"] == "duration" and f'"{found}"' in w["message"]


def test_two_terms_joined_by_e_are_no_compound_when_the_second_is_a_whole_unit_or_more():
    r = report("A vigência será de 36 meses e 90 dias de prazo de entrega.")  # garantia 36, prazo 90
    assert [v["text"] for v in r.values] == ["36 meses", "90 dias"]
    assert number_findings(r) == []


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("O BDI adotado é de 22,12%.", False),
        ("O BDI adotado é de cerca de 22%.", False),
        ("O BDI adotado é de aproximadamente 22,1%.", False),
        ("O BDI adotado é de 22%.", True),  # stated as exact, it is not the 22,12 % of the facts
        ("O BDI adotado é de 22,1%.", True),
    ],
)
def test_a_share_is_rounded_only_with_an_approximation_marker(sentence, flagged):
    assert bool(number_findings(report(sentence, facts=WORKS_FACTS))) is flagged


# --- codes, measures, counts per period, years (holdout 3) ------------------------------------------

CODE_FACTS = {
    **FACTS,
    "campos": {**FACTS["campos"], "codigo_catmat": "451230"},
    "responsavel_tecnico": {"nome": "Ana Souza", "matricula": "40871"},
}


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        # R$ 480.000,00 ÷ CATMAT 451230, ÷ UASG 153080 and ÷ matrícula 40871, each cut to the cent
        ("O preço foi confirmado por cotação de R$ 1,06 por unidade.", "R$ 1,06"),
        ("A proposta recebida indicou R$ 3,13 por licença.", "R$ 3,13"),
        ("O fornecedor ofertou R$ 11,74 por item.", "R$ 11,74"),
    ],
)
def test_a_code_field_is_no_term_of_a_calculation(sentence, found):
    r = report(sentence, facts=CODE_FACTS)
    [w] = number_findings(r)
    assert f'"{found}"' in w["message"] and value(r, found)["status"] == "unsupported"


def test_a_code_field_still_grounds_the_code():
    r = report("Os itens seguem o CATMAT 451230, a UASG 153080 e a matrícula 40871.", facts=CODE_FACTS)
    assert number_findings(r) == []


TURMAS_FACTS = {**FACTS, "campos": {**FACTS["campos"], "turmas": 3}}


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        # 36 ÷ 3 and 90 ÷ 3 as numbers, but 36 meses ÷ 3 is no 12 horas; 90 dias is 2.160 horas, and
        # 2.160 ÷ its own 90 is no 24 horas
        ("A garantia de 36 meses vale para as 3 turmas, e cada turma terá 12 horas de capacitação.", "12 horas"),
        ("No prazo de 90 dias haverá 3 turmas, com 30 horas de aulas cada.", "30 horas"),
        ("A garantia de 36 meses abrange as 3 turmas, com visita técnica a cada 108 dias.", "108 dias"),
        ("No prazo de 90 dias, o chamado será atendido em até 24 horas.", "24 horas"),
    ],
)
def test_a_measure_is_derived_only_in_its_own_unit(sentence, found):
    r = report(sentence, facts=TURMAS_FACTS)
    [w] = number_findings(r)
    assert f'"{found}"' in w["message"] and w["kind"] == "duration"


@pytest.mark.parametrize(
    ("sentence", "found", "derived"),
    [
        ("O prazo de 90 dias se divide entre as 3 turmas, cada uma em 30 dias.", "30 dias", "90 dias ÷ campos.turmas"),
        ("A garantia de 36 meses é paga em 3 turmas de 12 meses.", "12 meses", "36 meses ÷ campos.turmas"),
        ("O prazo de 90 dias cobre as 3 turmas, de 720 horas cada.", "720 horas", "90 dias ÷ campos.turmas"),
    ],
)
def test_a_measure_over_a_count_is_derived_across_units(sentence, found, derived):
    r = report(sentence, facts=TURMAS_FACTS)
    assert number_findings(r) == []
    assert value(r, found) == {"text": found, "kind": "duration", "status": "derived", "derived": derived}


YEAR_QUANTITY = {**FACTS, "quantidade_estimada": "250000.0000", "prazo_execucao_dias": 365}


@pytest.mark.parametrize(
    ("facts", "sentence", "found", "derived"),
    [
        (
            YEAR_QUANTITY,
            "A entrega média será de aproximadamente 20.800 unidades mensais.",
            "20.800 unidades",
            "12 meses",
        ),
        (YEAR_QUANTITY, "Haverá uma média de 20.833 unidades ao mês.", "20.833 unidades", "12 meses"),
        (YEAR_QUANTITY, "As entregas somarão perto de 20,8 mil unidades a cada mês.", "20,8 mil unidades", "12 meses"),
        (
            {**FACTS, "quantidade_estimada": "50000.0000", "campos": {"vigencia_meses": 24}},
            "Serão distribuídos aproximadamente 2,08 mil kits por mês.",
            "2,08 mil kits",
            "24 meses",
        ),
        (
            {**FACTS, "quantidade_estimada": "250000.0000", "prazo_execucao_dias": 730},
            "O consumo será de cerca de 125 mil unidades por ano.",
            "125 mil unidades",
            "2 anos",
        ),
    ],
)
def test_a_count_per_period_is_the_quantity_over_the_periods(facts, sentence, found, derived):
    r = report(sentence, facts=facts)
    assert number_findings(r) == []
    assert value(r, found)["derived"] == f"quantidade_estimada ÷ {derived}"


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("As entregas somarão cerca de 25 mil unidades por mês.", "25 mil unidades"),  # 250.000 ÷ 12 is 20.833
        ("Haverá uma média de 20.900 unidades ao mês.", "20.900 unidades"),  # exact, and off by 67
        ("Serão entregues cerca de 20,8 mil unidades por semana.", "20,8 mil unidades"),  # not per month
    ],
)
def test_a_count_per_period_off_the_quotient_is_flagged(sentence, found):
    r = report(sentence, facts=YEAR_QUANTITY)
    [w] = number_findings(r)
    assert f'"{found}"' in w["message"] and w["kind"] == "count"


def test_an_approximate_count_the_section_divides_by_its_months_is_derived():
    r = report(
        "Os 250.000 comprimidos, distribuídos nos doze meses da ata, dão em média cerca de 20,8 mil comprimidos.",
        facts={**YEAR_QUANTITY, "campos": {"vigencia_meses": 12}},
    )
    assert number_findings(r) == []
    assert value(r, "20,8 mil comprimidos")["status"] == "derived"


HISTORY_FACTS = {**FACTS, "campos": {**FACTS["campos"], "historico": "Em 2023 foram atendidos 1.200 usuários."}}


@pytest.mark.parametrize(
    "sentence",
    [
        "Em 2023 consumiram-se R$ 480.000,00 em notebooks.",
        "Desde 2023 atendem 1.200 usuários.",
        "No exercício de 2023 registraram 1.200 usuários.",
    ],
)
def test_a_year_after_a_word_of_time_counts_no_verb(sentence):
    r = report(sentence, facts=HISTORY_FACTS)
    assert number_findings(r) == []
    assert value(r, "2023")["kind"] == "number"


@pytest.mark.parametrize(
    ("sentence", "found", "kind"),
    [
        ("Em 2030 ocorreram falhas.", "2030", "number"),  # a year no input states
        ("Foram entregues 2023 notebooks.", "2023 notebooks", "count"),  # no word of time before it
        ("Em 2.023 notebooks houve falhas.", "2.023 notebooks", "count"),  # a count with its separator
    ],
)
def test_a_year_is_still_checked_and_a_count_stays_a_count(sentence, found, kind):
    r = report(sentence, facts=HISTORY_FACTS)
    [w] = number_findings(r)
    assert f'"{found}"' in w["message"] and w["kind"] == kind


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        # a plan for 2025–2027 states its years: its goals "previstas para 2027" are no invention
        ("As metas do PDTIC estão previstas para 2027.", False),
        ("O plano vigora até 2027.", False),
        ("O plano vigora até 2028.", True),
    ],
)
def test_a_year_of_a_plans_period_grounds_that_year(sentence, flagged):
    facts = {**FACTS, "campos": {**FACTS["campos"], "alinhamento_pdtic": "Ação 2.1 do PDTIC 2025–2027"}}
    assert bool(number_findings(report(sentence, facts=facts))) == flagged


# a rounded sum grounds the fact it rounds only when close to it (5 %): with one significant digit,
# "cerca de R$ 2 milhões" would round anything from R$ 1,5 to 2,5 milhões, so another amount of the
# study passed for the estimated R$ 2.473.918,46
@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("Uma reforma do prédio alugado sairia por volta de R$ 2 milhões.", "R$ 2 milhões"),
        ("Comprar um imóvel pronto custaria aproximadamente R$ 2 milhões.", "R$ 2 milhões"),
        ("A alternativa modular exigiria mais de R$ 2 milhões de investimento.", "R$ 2 milhões"),
        ("A locação do imóvel atual somaria quase R$ 3 milhões.", "R$ 3 milhões"),
    ],
)
def test_a_coarse_round_sum_far_from_the_fact_is_flagged(sentence, found):
    [w] = number_findings(report(sentence, facts=WORKS_FACTS))
    assert f'"{found}"' in w["message"]


@pytest.mark.parametrize(
    "sentence",
    [
        "O investimento previsto é de cerca de R$ 2,5 milhões.",  # 1 % off: its rounding
        "Em números redondos, a obra custa aproximadamente R$ 2,47 milhões.",
        "A obra custará em torno de R$ 2.474 mil.",
    ],
)
def test_a_round_sum_close_to_the_fact_stays_grounded(sentence):
    assert number_findings(report(sentence, facts=WORKS_FACTS)) == []


# a percentage stated as a change (a result promised) is not grounded by the same figure stated as a
# share of something else ("etapa 1: 35 % do valor")
SCHEDULE_FACTS: dict[str, Any] = {
    **WORKS_FACTS,
    "campos": {
        **WORKS_FACTS["campos"],
        "cronograma_fisico_financeiro": "Etapa 1: fundações, 35 % do valor; etapa 2: cobertura, 40 % do valor.",
    },
}


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("A nova sede deve reduzir em 35% o tempo de espera dos pacientes.", "35%"),
        ("Espera-se uma queda de 40% nas faltas às consultas agendadas.", "40%"),
        ("O projeto pretende ampliar a cobertura vacinal do bairro em 35%.", "35%"),
        ("Haverá economia de 40 por cento no consumo de energia.", "40 por cento"),
    ],
)
def test_a_promised_change_is_not_grounded_by_a_share_of_the_same_figure(sentence, found):
    [w] = number_findings(report(sentence, facts=SCHEDULE_FACTS))
    assert f'"{found}"' in w["message"]


@pytest.mark.parametrize(
    ("instructions", "sentence"),
    [
        ("Meta: redução de 35% nas filas.", "A nova sede deve reduzir em 35% o tempo de espera."),
        ("Prever aumento de 40% da capacidade.", "A obra permitirá ampliar os atendimentos em 40%."),
        ("Objetivo: 35% de economia de energia.", "Espera-se diminuir em 35% o consumo de energia."),
    ],
)
def test_a_promised_change_the_inputs_state_as_a_change_is_grounded(instructions, sentence):
    assert number_findings(report(sentence, facts=SCHEDULE_FACTS, instructions=instructions)) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "A primeira etapa, que concentra 35% do valor, cobre as fundações.",
        "A segunda etapa responde por 40% do orçamento da obra.",
        "Na etapa 1 (35 % do valor) serão executadas as fundações.",
    ],
)
def test_a_share_the_schedule_states_stays_grounded(sentence):
    assert number_findings(report(sentence, facts=SCHEDULE_FACTS)) == []


# a small written-out count of the object's own parts is discourse about the study, not a fact
@pytest.mark.parametrize(
    "sentence",
    [
        "Optou-se pelo item único, pois as três atividades dependem da mesma equipe técnica.",
        "As duas parcelas do objeto serão executadas pelo mesmo fornecedor.",
        "O objeto reúne duas naturezas de serviço que não se separam sem prejuízo.",
        "Os dois componentes da solução compartilham a mesma infraestrutura.",
        "As três entregas previstas seguem o mesmo padrão de qualidade.",
    ],
)
def test_a_small_count_of_the_objects_own_parts_is_prose(sentence):
    assert number_findings(report(sentence)) == []


def test_a_count_of_things_in_the_world_is_still_flagged():
    [w] = number_findings(report("A equipe consultou três imobiliárias da cidade sobre imóveis disponíveis."))
    assert '"três imobiliárias"' in w["message"]


# a count is grounded by a field that names its items one by one ("…, X e Y"), the field its source
LIST_FACTS: dict[str, Any] = {
    **FACTS,
    "campos": {
        **FACTS["campos"],
        "locais_entrega": "Escolas Estaduais de Itabuna, Ilhéus, Jequié, Vitória da Conquista e Porto Seguro",
        "integracao_sistemas": "Portal gov.br, SIAFI e SIAPE por API.",
    },
}


@pytest.mark.parametrize(
    "sentence",
    [
        "Os equipamentos serão distribuídos às cinco escolas atendidas no sul do estado.",
        "A entrega ocorrerá em 5 municípios, conforme o cronograma de cada unidade.",
        "Cada uma das cinco unidades receberá a sua parcela do lote de notebooks.",
    ],
)
def test_a_count_of_the_items_a_field_enumerates_is_grounded_by_that_field(sentence):
    r = report(sentence, facts=LIST_FACTS)
    assert number_findings(r) == []
    [entry] = [v for v in r.values if v["kind"] == "count"]
    assert entry["source"] == "campos.locais_entrega"


@pytest.mark.parametrize(
    "sentence, found",
    [
        ("Os equipamentos serão distribuídos às seis escolas atendidas.", "seis escolas"),
        ("A solução replica os dados em três regiões de nuvem.", "três regiões"),  # a list of three: no ground
        ("A garantia dos equipamentos será de cinco anos.", "cinco anos"),  # a count, never a duration
    ],
)
def test_an_enumeration_grounds_only_its_own_count(sentence, found):
    [w] = number_findings(report(sentence, facts=LIST_FACTS))
    assert f'"{found}"' in w["message"]


@pytest.mark.parametrize(
    "text, counts",
    [
        ("Atendem-se os campi de Sobral, Crato, Iguatu e Quixadá, no Ceará.", [4]),
        ("Unidade Centro; Unidade Norte; Unidade Sul; Almoxarifado e Arquivo", [5]),
        ("Inclui limpeza, conservação, jardinagem e copeiragem.", []),  # features, not names
        ("O serviço, prestado há anos pelo tribunal sem nenhuma interrupção relevante, inclui A e B.", []),
    ],
)
def test_enumeration_counts_reads_lists_of_names_only(text, counts):
    assert list(grounding.enumeration_counts(text)) == counts


# a quantity priced per period sums to quantity × periods over the term: a derived count
MONTHLY_FACTS: dict[str, Any] = {
    **FACTS,
    "quantidade_estimada": "2.0000",
    "unidade_medida": "kit mensal",
    "valor_unitario": "1500.00",
    "valor_estimado": "36000.00",
    "periodicidade_preco": "mensal",
    "campos": {"vigencia_meses": 12},
}


@pytest.mark.parametrize(
    "sentence",
    [
        "Dois kits por mês durante doze meses resultam em 24 kits no contrato.",
        "A execução prevê, ao todo, vinte e quatro remessas ao almoxarifado.",
        "Serão recebidas 24 entregas no período de vigência.",
    ],
)
def test_the_deliveries_over_the_term_are_a_derived_count(sentence):
    r = report(sentence, facts=MONTHLY_FACTS)
    assert number_findings(r) == []
    assert any(v.get("derived") == values.DELIVERIES_FORMULA for v in r.values)


@pytest.mark.parametrize(
    "sentence, found",
    [
        ("O prazo de execução será de 24 meses.", "24 meses"),  # a count of deliveries is no duration
        ("Serão recebidas 26 entregas no período de vigência.", "26 entregas"),
        ("Cada kit custará R$ 1.250,00.", "R$ 1.250,00"),  # 30.000 ÷ 24: no memo of the count
    ],
)
def test_the_deliveries_count_grounds_nothing_else(sentence, found):
    [w] = number_findings(report(sentence, facts=MONTHLY_FACTS))
    assert f'"{found}"' in w["message"]


# --- the law's own figures, measures, prose numbers and the term's periods ----------------------

LAW_FACTS: dict[str, Any] = {
    **FACTS,
    "descricao_necessidade": "Seis das onze ambulâncias têm mais de dez anos; o plano lista o item 37.",
    "requisitos": "Tela de 14 polegadas, processador de 8 núcleos.",
}


@pytest.mark.parametrize(
    ("sentence", "found", "source"),
    [
        ("Será exigida garantia de execução de 5% do valor inicial do contrato.", "5%", "art. 98"),
        ("Os acréscimos e supressões ficam limitados a 25% do valor inicial.", "25%", "art. 125"),
        ("O prazo de recurso é de 3 dias úteis da intimação.", "3 dias úteis", "165"),
        ("A ata de registro de preços terá vigência de 1 ano.", "1 ano", "84"),
        ("O contrato de serviço contínuo terá vigência de até 5 anos.", "5 anos", "art. 106"),
        ("A multa moratória não excederá 30% do valor do contrato.", "30%", "art. 156"),
        ("Cabe a dispensa do art. 75, II, até R$ 62.725,59 em 2025.", "R$ 62.725,59", "Decreto 12.343/2024"),
        ("A participação será exclusiva de ME e EPP, por ser inferior a R$ 80.000,00.", "R$ 80.000,00", "art. 48"),
    ],
)
def test_the_laws_own_figures_are_grounded_by_their_article(sentence, found, source):
    r = report(sentence, facts=LAW_FACTS, instructions="")
    assert number_findings(r) == []
    entry = value(r, found)
    assert entry["status"] == "grounded" and source in entry["source"], entry


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("O fornecedor concede desconto de 5% sobre o preço de tabela.", "5%"),
        ("O aviso aos usuários será dado com antecedência de 15 dias.", "15 dias"),
        ("O preço do item caiu para R$ 62.725,59 no último pregão.", "R$ 62.725,59"),
    ],
)
def test_the_same_figures_on_another_matter_are_invented(sentence, found):
    r = report(sentence, facts=LAW_FACTS, instructions="")
    assert [w for w in number_findings(r) if found in w["excerpt"]], r.warnings


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("Serão atendidas 14 salas de aula no campus.", "14 salas"),  # 14 polegadas measures a screen
        ("A pesquisa indicou 37 por cento de satisfação.", "37 por cento"),  # "item 37" of the plan
        ("O reservatório comporta 5 mil litros.", "5 mil litros"),  # no rounding of R$ 2.000,00
        ("A manutenção custou R$ 80 mil ao ano.", "R$ 80 mil"),  # R$ 480.000,00 ÷ "seis" of prose
    ],
)
def test_coincidences_with_other_kinds_and_prose_numbers_ground_nothing(sentence, found):
    r = report(sentence, facts=LAW_FACTS, instructions="")
    assert [w for w in number_findings(r) if found in w["excerpt"]], (sentence, r.values)


def test_a_measure_of_the_facts_grounds_the_same_measure():
    r = report("Os equipamentos terão tela de 14 polegadas e 8 núcleos.", facts=LAW_FACTS, instructions="")
    assert number_findings(r) == []


def test_a_total_over_the_terms_years_or_months_is_derived():
    facts = {
        **FACTS,
        "valor_estimado": "2575731.84",
        "valor_unitario": "13415.27",
        "quantidade_estimada": "8.0000",
        "periodicidade_preco": "mensal",
        "campos": {"vigencia_meses": 24},
    }
    r = report("O custo anual do contrato é de R$ 1.287.865,92.", facts=facts, instructions="")
    assert number_findings(r) == [] and value(r, "R$ 1.287.865,92")["status"] == "derived"
