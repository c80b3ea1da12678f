"""Issue 15 §1: only what a person gave grounds a draft's numbers. An earlier section still holding an
untouched AI draft grounds nothing (AI text must not launder AI text), and the report says when a
value's only support is such a draft."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from etp_app.drafting import grounding, quality, values
from etp_app.drafting.engine import flatten_inputs
from etp_app.drafting.types import DraftContext, EarlierSection
from etp_app.services.drafting import build_draft_context
from etp_app.services.section_quality import check_inputs, person_approved

FACTS = {
    "objeto": "Aquisição de notebooks",
    "quantidade_estimada": "120",
    "valor_unitario": "4000.00",
    "valor_estimado": "480000.00",
    "responsavel_tecnico": {"nome": "Ana", "matricula": "2174530"},
    "campos": {"vigencia_meses": 12},
}
IV_TEXT = "Serão adquiridas 150 unidades, ao custo de R$ 600.000,00, em 24 meses."
VI_TEXT = "O valor estimado é de R$ 480.000,00; a alternativa ampliada custaria R$ 600.000,00 em 24 meses."


def section_iv(grounds: bool) -> EarlierSection:
    return EarlierSection(4, "IV", "Estimativa das quantidades", IV_TEXT, grounds=grounds)


def check_vi(grounds: bool, *, ai: bool = True):
    # checked as section VII, which requires no element: only the number findings weigh on the score
    ctx = DraftContext(inciso=7, facts=FACTS, earlier_sections=(section_iv(grounds),))
    return quality.check_section(7, VI_TEXT, inputs=flatten_inputs(ctx), is_ai_draft=ai, facts=FACTS)


def test_inputs_are_labelled_with_their_source():
    ctx = DraftContext(
        inciso=6,
        facts=FACTS,
        earlier_sections=(section_iv(False),),
        instructions="Use 5%.",
        current_content="Texto antigo.",
        current_grounds=False,
    )
    inputs = flatten_inputs(ctx)
    assert all(isinstance(i, str) for i in inputs)  # callers that only want the texts keep working
    labelled = {(grounding.source_of(i)[0], str(i)) for i in inputs}
    assert {("valor_estimado", "480000.00"), ("campos.vigencia_meses", "12")} <= labelled
    assert ("responsavel_tecnico.matricula", "2174530") in labelled
    assert ("instruções", "Use 5%.") in labelled
    by_source = {grounding.source_of(i)[0]: grounding.source_of(i) for i in inputs}
    assert by_source["section IV"] == ("section IV", False, None)  # an AI draft: grounds nothing
    assert by_source["texto atual"][1] is False
    derived = [grounding.source_of(i) for i in inputs if grounding.source_of(i)[2]]
    assert ("quantidade_estimada × valor_unitario", True, "quantidade_estimada × valor_unitario") in derived
    assert grounding.source_of("texto simples") == (None, True, None)


def test_an_untouched_ai_draft_grounds_nothing_and_the_report_says_so():
    report = check_vi(grounds=False)
    only_ai = [w for w in report.warnings if w["code"] == quality.AI_ONLY_CODE]
    assert {w["kind"] for w in only_ai} == {"money", "duration"}
    assert all(w["severity"] == "warning" and "seção IV" in w["message"] for w in only_ai)
    assert not [w for w in report.warnings if w["code"].startswith("possible_invented")]
    assert {v["text"]: (v["status"], v.get("source")) for v in report.values} == {
        "R$ 480.000,00": ("grounded", "valor_estimado"),
        "R$ 600.000,00": ("ai_only", "section IV"),
        "24 meses": ("ai_only", "section IV"),
    }
    assert report.score == 100 - 2 * quality.SEVERITY_PENALTY["warning"]


def test_a_section_a_person_wrote_or_approved_grounds():
    report = check_vi(grounds=True)
    assert not [w for w in report.warnings if w["code"].startswith(("possible_invented", "value_only"))]
    assert {v["text"]: (v["status"], v.get("source")) for v in report.values}["R$ 600.000,00"] == (
        "grounded",
        "section IV",
    )


def test_in_a_persons_text_the_note_costs_nothing():
    report = check_vi(grounds=False, ai=False)
    notes = [w for w in report.warnings if w["code"] == quality.AI_ONLY_CODE]
    assert notes and all(w["severity"] == "info" for w in notes)
    assert report.score == 100
    assert all(e["penalty"] == 0 for e in report.score_breakdown if e["code"] == quality.AI_ONLY_CODE)


def test_a_redraft_does_not_ground_itself_on_its_own_ai_text():
    ctx = DraftContext(inciso=6, facts=FACTS, current_content="Custo de R$ 999.000,00.", current_grounds=False)
    report = quality.check_section(6, "Custo de R$ 999.000,00.", inputs=flatten_inputs(ctx), is_ai_draft=True)
    assert [w["code"] for w in report.warnings if w.get("kind")] == [quality.AI_ONLY_CODE]


class _Row:
    """An ETP row: the fact columns the context reads, None unless given."""

    def __init__(self, **columns: Any) -> None:
        self.__dict__.update(columns)

    def __getattr__(self, name: str) -> None:
        return None


def test_the_context_carries_whether_each_section_grounds():
    row = _Row(valor_estimado=Decimal("480000.00"), quantidade_estimada=Decimal("120"), campos={})
    ctx = build_draft_context(
        row, [(4, IV_TEXT, False), (1, "Texto da pessoa.", True), (2, "Antigo."), (6, "X", False)], 6
    )
    assert [(s.inciso, s.grounds) for s in ctx.earlier_sections] == [(1, True), (2, True), (4, False)]
    assert ctx.current_content == "X" and ctx.current_grounds is False
    assert ctx.facts["valor_estimado"] == "480000.00"
    others = check_inputs(FACTS, 6, [(4, IV_TEXT, False), (6, VI_TEXT, True), (1, "   ", True)])
    sections = [grounding.source_of(i) for i in others if (grounding.source_of(i)[0] or "").startswith("section")]
    assert sections == [("section IV", False, None)]  # the section's own text and blank ones left out


def test_who_counts_as_a_person():
    def row(**kw: Any) -> SimpleNamespace:
        base = {"id": "s1", "provenance": "ai", "ai_generated": True, "status": "drafted", "reviewed_at": None}
        return SimpleNamespace(**{**base, **kw})

    assert not person_approved(row())  # an untouched AI draft
    assert not person_approved(row(provenance="offline"))
    assert person_approved(row(provenance="human", status="edited"))  # written or edited by a person
    assert person_approved(row(reviewed_at="2026-12-01T10:00:00Z", status="approved"))  # reviewed
    assert not person_approved(row(status="drafted"))  # an accepted suggestion nobody reviewed
    assert person_approved(row(provenance=None, ai_generated=False, status="edited"))  # before provenance


def test_the_value_model_names_its_calculations():
    facts = {
        "quantidade_estimada": "12",
        "valor_unitario": "8233.33",
        "periodicidade_preco": "mensal",
        "valor_estimado": "1185600.00",
        "campos": {"vigencia_meses": 12, "area_m2": "7000", "produtividade_m2_posto": "500"},
    }
    derived = dict(values.derived_values(facts))
    assert derived["12"] == "campos.vigencia_meses"
    assert derived["1185599.52"] == "quantidade_estimada × valor_unitario × número de períodos"
    assert derived["0.48"].startswith("valor_estimado − ")
    assert derived["14"] == "campos.area_m2 ÷ campos.produtividade_m2_posto"
    assert values.derived_numbers(facts) == tuple(derived)
