"""The value model (etp_app/drafting/values.py): unit price × quantity × periods, its tolerance, the
periods derived from the contract's duration, the posts from area ÷ productivity — and how section
VI's check and the offline drafter's IV and VI use it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from etp_app.drafting import quality, values
from etp_app.drafting.engine import flatten_inputs
from etp_app.drafting.offline import OfflineDrafter
from etp_app.drafting.types import DraftContext

# The issue's cleaning-services ETP: 12 posts at R$ 8.233,33 per post per month over 12 months.
LIMPEZA = {
    "title": "Serviços de limpeza da sede da Prefeitura",
    "objeto": "Contratação de serviços contínuos de limpeza e conservação predial",
    "template_type": "servicos",
    "quantidade_estimada": "12.0000",
    "unidade_medida": "posto de trabalho",
    "valor_unitario": "8233.33",
    "valor_estimado": "1185600.00",
    "periodicidade_preco": "mensal",
    "numero_periodos": None,
    "prazo_execucao_dias": 365,
    "campos": {
        "natureza_continuada": True,
        "vigencia_meses": 12,
        "area_m2": "6000",
        "produtividade_m2_posto": "500",
    },
}


def draft(inciso: int, facts: dict):
    return OfflineDrafter().draft(DraftContext(inciso=inciso, facts=facts), None)


def check_vi(text: str, facts: dict, *, is_ai_draft: bool = True):
    ctx = DraftContext(inciso=6, facts=facts)
    return quality.check_section(6, text, inputs=flatten_inputs(ctx), is_ai_draft=is_ai_draft, facts=facts)


# ---- the calculation ----------------------------------------------------------------------------


def test_the_issue_etp_is_consistent_within_the_rounding_of_the_unit_price():
    calc = values.from_facts(LIMPEZA)
    assert calc.numero_periodos == 12 and calc.origem_periodos == "vigencia_meses"
    assert calc.total_calculado == Decimal("1185599.52")
    assert calc.diferenca == Decimal("0.48") and calc.tolerancia == Decimal("1.44")
    assert calc.consistente is True
    assert calc.memoria == "12 postos de trabalho × R$ 8.233,33 × 12 meses = R$ 1.185.599,52"
    assert calc.to_json() == {
        "valor_unitario": "8233.33",
        "quantidade": "12",
        "periodicidade": "mensal",
        "numero_periodos": 12,
        "origem_periodos": "vigencia_meses",
        "total_calculado": "1185599.52",
        "valor_estimado": "1185600.00",
        "diferenca": "0.48",
        "tolerancia": "1.44",
        "consistente": True,
        "memoria": "12 postos de trabalho × R$ 8.233,33 × 12 meses = R$ 1.185.599,52",
    }


@pytest.mark.parametrize(
    ("total", "consistent"),
    [
        ("1185599.52", True),
        ("1185600.96", True),  # exactly the tolerance: 144 × R$ 0,01 above
        ("1185598.08", True),  # and below
        ("1185600.97", False),  # a cent beyond it
        ("98800.00", False),  # the monthly total given as the contract's total
        ("1185600.00", True),
    ],
)
def test_tolerance_is_a_cent_per_unit_and_period(total, consistent):
    assert values.from_facts(dict(LIMPEZA, valor_estimado=total)).consistente is consistent


def test_one_off_price_is_quantity_times_unit_price():
    calc = values.calculate(
        valor_unitario="4000.00", quantidade_estimada="120", unidade_medida="unidade", valor_estimado="480000.00"
    )
    assert (calc.periodicidade, calc.numero_periodos, calc.origem_periodos) == ("unico", 1, "unico")
    assert calc.memoria == "120 unidades × R$ 4.000,00 = R$ 480.000,00" and calc.consistente is True
    # a one-off price ignores the duration: 90 days of delivery are not 3 months of price
    assert values.calculate(valor_unitario="1", quantidade_estimada="1", prazo_execucao_dias=90).numero_periodos == 1
    # a monthly price over months is not a one-off price: without the period the total does not add up
    monthly = values.from_facts(dict(LIMPEZA, periodicidade_preco="unico"))
    assert monthly.total_calculado == Decimal("98799.96") and monthly.consistente is False


def test_nothing_is_compared_or_guessed_while_a_factor_is_missing():
    for missing in ("valor_unitario", "quantidade_estimada", "valor_estimado"):
        calc = values.from_facts(dict(LIMPEZA, **{missing: None}))
        assert calc.consistente is None
    calc = values.from_facts(dict(LIMPEZA, campos={}, prazo_execucao_dias=None))
    assert calc.numero_periodos is None and calc.total_calculado is None and calc.memoria is None
    assert calc.to_json()["consistente"] is None


@pytest.mark.parametrize(
    ("periodicidade", "numero", "vigencia", "prazo", "expected"),
    [
        ("mensal", 24, 12, 365, (24, "informado")),  # the stated number wins
        ("mensal", None, 12, 730, (12, "vigencia_meses")),  # the term in months wins over the days
        ("mensal", None, None, 360, (12, "prazo_execucao_dias")),  # 30 days a month
        ("mensal", None, None, 365, (None, None)),  # 365 days are not whole months: not guessed
        ("anual", None, 36, None, (3, "vigencia_meses")),
        ("anual", None, 18, 730, (2, "prazo_execucao_dias")),  # 18 months are not whole years
        ("anual", None, None, 400, (None, None)),
        ("unico", 5, 12, 365, (1, "unico")),
        (None, None, 12, None, (1, "unico")),  # ETPs from before the model: one-off
    ],
)
def test_periods_from_the_contract_duration(periodicidade, numero, vigencia, prazo, expected):
    periods = values.resolve_periods(periodicidade, numero, vigencia, prazo)
    assert (periods.numero, periods.origem) == expected


def test_unit_agrees_with_the_quantity():
    assert values.quantity_text(Decimal("12"), "posto de trabalho") == "12 postos de trabalho"
    assert values.quantity_text(Decimal("1"), "posto de trabalho") == "1 posto de trabalho"
    assert values.quantity_text(Decimal("2.5"), "m²") == "2,5 m²"
    assert values.quantity_text(Decimal("3"), None) == "3"
    assert values.periods_text("anual", 1) == "1 ano" and values.periods_text("mensal", 12) == "12 meses"


def test_posts_from_area_and_productivity_round_up():
    exact = values.posts_from_area({"area_m2": 6000, "produtividade_m2_posto": "500"})
    assert exact is not None and exact.postos == 12
    assert exact.memoria == "6.000 m² ÷ 500 m² por posto = 12 postos"
    rounded = values.posts_from_area({"area_m2": "6100", "produtividade_m2_posto": 500})
    assert rounded is not None and rounded.postos == 13
    assert rounded.memoria == "6.100 m² ÷ 500 m² por posto = 12,2, arredondado para cima: 13 postos"
    for campos in ({"area_m2": 6000}, {"area_m2": 6000, "produtividade_m2_posto": 0}, {}, None):
        assert values.posts_from_area(campos) is None


# ---- section VI's check -------------------------------------------------------------------------

MEMO_VI = (
    "O valor total estimado é de R$ 1.185.600,00, com valor unitário de R$ 8.233,33 por posto de "
    "trabalho por mês, conforme pesquisa no Painel de Preços e cotações de fornecedores.\n\n"
    "**Cálculo**: 12 postos de trabalho × R$ 8.233,33 × 12 meses = R$ 1.185.599,52."
)


def test_no_false_warning_for_a_service_priced_per_month():
    report = check_vi(MEMO_VI, LIMPEZA)
    codes = {w["code"] for w in report.warnings}
    assert "value_mismatch" not in codes
    # the memo's computed total is known to the number check: not an invented value
    assert not [w for w in report.warnings if "1.185.599,52" in w["message"] + w.get("excerpt", "")]


def test_a_real_mismatch_still_warns_with_the_calculation():
    report = check_vi(MEMO_VI, dict(LIMPEZA, valor_estimado="98800.00"))
    [mismatch] = [w for w in report.warnings if w["code"] == "value_mismatch"]
    assert mismatch["severity"] == "warning"
    assert "R$ 98.800,00" in mismatch["message"]
    assert "12 postos de trabalho × R$ 8.233,33 × 12 meses = R$ 1.185.599,52" in mismatch["message"]
    # the same check for a one-off purchase whose total is not quantity × unit price
    one_off = {"quantidade_estimada": "120", "valor_unitario": "4000.00", "valor_estimado": "500000.00"}
    assert "value_mismatch" in {w["code"] for w in check_vi(MEMO_VI, one_off, is_ai_draft=False).warnings}
    # only section VI carries it, and only when the check is given the facts
    other = quality.check_section(4, MEMO_VI, facts=dict(LIMPEZA, valor_estimado="98800.00"))
    assert "value_mismatch" not in {w["code"] for w in other.warnings}
    assert "value_mismatch" not in {w["code"] for w in quality.check_section(6, MEMO_VI).warnings}


def test_a_price_per_period_without_periods_asks_for_them():
    facts = dict(LIMPEZA, campos={"natureza_continuada": True}, prazo_execucao_dias=None)
    [info] = [w for w in check_vi(MEMO_VI, facts).warnings if w["code"] == "value_periods_missing"]
    assert info["severity"] == "info" and "número de meses" in info["message"]


# ---- the offline drafter ------------------------------------------------------------------------


def test_offline_iv_computes_the_posts_with_its_memo():
    facts = dict(LIMPEZA, quantidade_estimada=None)
    text = draft(4, facts).text
    assert "**Critério de cálculo**: 6.000 m² ÷ 500 m² por posto = 12 postos" in text
    assert "**12 postos de trabalho**" in text
    assert "Critério de cálculo**: [a preencher" not in text
    assert "Número de postos de trabalho**: [a preencher" not in text  # the calculation gave them
    # without area and productivity the criterion stays for the author to fill
    bare = draft(4, dict(LIMPEZA, campos={"natureza_continuada": True})).text
    assert "**Critério de cálculo**: [a preencher:" in bare


def test_offline_iv_notes_posts_that_differ_from_the_calculation():
    facts = dict(LIMPEZA, campos={**LIMPEZA["campos"], "postos_trabalho": 10})
    completion = draft(4, facts)
    assert any("(10)" in n.text and "12 postos" in n.text for n in completion.notes if n.kind == "warning")


def test_offline_vi_memo_row_has_the_periods_and_no_warning():
    completion = draft(6, LIMPEZA)
    text = completion.text
    assert "| 1 | 12 postos de trabalho | R$ 8.233,33 | 12 meses | R$ 1.185.600,00 |" in text
    assert "**Cálculo**: 12 postos de trabalho × R$ 8.233,33 × 12 meses = R$ 1.185.599,52." in text
    assert "por posto de trabalho por mês" in text
    assert "corresponde ao produto da quantidade estimada" in text
    assert not [n for n in completion.notes if n.kind == "warning"]
    report = check_vi(text, LIMPEZA)
    assert not [w for w in report.warnings if w["code"].startswith(("value_", "possible_invented"))]


def test_offline_vi_leaves_a_real_mismatch_to_a_warning_note():
    completion = draft(6, dict(LIMPEZA, valor_estimado="98800.00"))
    assert "1.185.599,52" not in completion.text  # no computed figure contradicting the stated total
    assert "| 1 | 12 postos de trabalho | R$ 8.233,33 | 12 meses | R$ 98.800,00 |" in completion.text
    [warning] = [n for n in completion.notes if n.kind == "warning"]
    assert "R$ 98.800,00" in warning.text and "R$ 1.185.599,52" in warning.text
