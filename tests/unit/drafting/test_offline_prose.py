"""The offline drafter's prose (issue 10 §2): only the document in the text, readable by its own
check, no doubled punctuation, the unit agreeing with the quantity — over every inciso, every
template and sparse as well as full facts."""

from __future__ import annotations

import re

import pytest

from etp_app.drafting import quality
from etp_app.drafting.catalog import AI_NOTICE, ALL_INCISOS
from etp_app.drafting.engine import DraftEngine, EngineSettings, flatten_inputs
from etp_app.drafting.formatting import EtpFacts, unit_for, unit_plural, unit_singular
from etp_app.drafting.offline import OfflineDrafter
from etp_app.drafting.templates import TEMPLATE_TYPES
from etp_app.drafting.types import NOTE_KINDS, DraftContext

CAMPOS = {
    "bens": {
        "garantia_meses": 36,
        "local_entrega": "Almoxarifado Central",
        "forma_fornecimento": "sistema_registro_precos",
    },
    "servicos": {"natureza_continuada": True, "postos_trabalho": 12, "conta_vinculada": True, "vigencia_meses": 12},
    "obras": {"bdi_percentual": "24.15", "base_referencia_precos": "sinapi", "licenca_ambiental": "licenca_previa"},
    "ti": {"enquadramento_in94": "servicos_computacao_nuvem", "trata_dados_pessoais": True},
}


def full_facts(template_type: str) -> dict:
    """Every fact an ETP can hold (as in test_offline.py), with the type's fields; texts end with a
    period as people type them, which a sentence around them must not double."""
    return {
        "title": "Aquisição de notebooks",
        "objeto": "Aquisição de 120 notebooks para as unidades regionais.",  # a person's final period
        "numero_processo": "23000.012345/2024-11",
        "orgao": "Ministério da Gestão",
        "uasg": "160123",
        "unidade_requisitante": "Coordenação-Geral de TI",
        "responsavel_tecnico": {"nome": "Maria Souza", "matricula": "1234567"},
        "data_elaboracao": "2026-01-31",
        "template_type": template_type,
        "quantidade_estimada": "120.0000",
        "unidade_medida": "unidade",
        "valor_estimado": "480000.00",
        "valor_unitario": "4000.00",
        "prazo_execucao_dias": 90,
        "nivel_risco": "medio",
        "dotacao_orcamentaria": "Programa 0032, ação 2000.",
        "descricao_necessidade": "Os equipamentos atuais têm mais de oito anos e falham com frequência.",
        "requisitos": "Processador de 8 núcleos e 16 GB de memória.",
        "riscos": "Atraso na entrega.",
        "campos": CAMPOS[template_type],
    }


SCAFFOLDING = (
    "Rascunho gerado",
    "redator offline",
    "Orientação do modelo",
    "Observações do solicitante",
    "Atenção",
    "revise a memória",
    "antes da aprovação",
    AI_NOTICE,
    "inteligência artificial",
)


def sparse_facts(template_type: str) -> dict:
    return {"title": "Contratação", "objeto": "Contratação de serviços de limpeza", "template_type": template_type}


FACT_SETS = {"full": full_facts, "sparse": sparse_facts}
CASES = [(t, i, kind) for t in (*TEMPLATE_TYPES, "") for i in ALL_INCISOS for kind in FACT_SETS]


def _context(template_type: str, inciso: int, kind: str, instructions: str = "") -> DraftContext:
    facts = FACT_SETS[kind](template_type or "bens")
    if not template_type:
        facts = {k: v for k, v in facts.items() if k not in ("template_type", "campos")}
    return DraftContext(inciso=inciso, facts=facts, instructions=instructions)


@pytest.mark.parametrize("template_type, inciso, kind", CASES)
def test_the_text_is_only_the_document(template_type, inciso, kind):
    ctx = _context(template_type, inciso, kind, instructions="Destaque a economia.")
    completion = OfflineDrafter().draft(ctx, None)
    for phrase in SCAFFOLDING:
        assert phrase not in completion.text, f"{phrase!r} in inciso {inciso} ({template_type or '-'}, {kind})"
    assert not re.search(r"^>", completion.text, flags=re.M), "no blockquote addressed to the author"
    assert completion.notes and {n.kind for n in completion.notes} <= set(NOTE_KINDS)
    assert any("Destaque a economia." in n.text for n in completion.notes)


_DOUBLED = re.compile(r"[.;:,!?][ \t]*[.;:,!?]")


@pytest.mark.parametrize("template_type, inciso, kind", CASES)
def test_never_doubles_punctuation(template_type, inciso, kind):
    text = OfflineDrafter().draft(_context(template_type, inciso, kind), None).text
    plain = re.sub(r"\*\*|(?<!\w)_|_(?!\w)", "", text)  # emphasis marks sit between the signs
    doubled = [plain[max(0, m.start() - 30) : m.end() + 10] for m in _DOUBLED.finditer(plain)]
    assert not doubled, f"inciso {inciso} ({template_type or '-'}, {kind}): {doubled}"


@pytest.mark.parametrize("template_type, inciso, kind", CASES)
def test_passes_its_own_readability_check(template_type, inciso, kind):
    ctx = _context(template_type, inciso, kind)
    text = OfflineDrafter().draft(ctx, None).text
    report = quality.check_section(inciso, text, inputs=flatten_inputs(ctx), is_ai_draft=True)
    found = [w for w in report.warnings if w["code"] in ("low_readability", "long_sentence")]
    assert not found, f"inciso {inciso} ({template_type or '-'}, {kind}): {found} {report.metrics}"


def test_the_engine_keeps_provenance_and_notes_beside_the_text():
    result = DraftEngine(EngineSettings()).draft(DraftContext(inciso=6, facts=full_facts("bens")), template_type="bens")
    assert result.provenance == "offline"
    assert AI_NOTICE not in result.text and "**Aviso:**" not in result.text
    assert result.notes_json()[0]["kind"] == "note"
    assert [n["kind"] for n in result.notes_json()].count("guidance") == 1


@pytest.mark.parametrize(
    "unit, one, many",
    [
        ("unidade", "unidade", "unidades"),
        ("posto de trabalho", "posto de trabalho", "postos de trabalho"),
        ("postos de trabalho", "posto de trabalho", "postos de trabalho"),
        ("metro quadrado", "metro quadrado", "metros quadrados"),
        ("refeição", "refeição", "refeições"),
        ("item", "item", "itens"),
        ("computador", "computador", "computadores"),
        ("licença de software", "licença de software", "licenças de software"),
        ("m²", "m²", "m²"),
        ("kWh", "kWh", "kWh"),
    ],
)
def test_units_agree_with_the_quantity(unit, one, many):
    assert unit_for(1, unit) == one and unit_for(12, unit) == many
    assert unit_singular(many) == one and unit_plural(one) == many


def test_the_draft_agrees_with_the_unit():
    facts = dict(
        full_facts("servicos"),
        quantidade_estimada="12",
        unidade_medida="postos de trabalho",
        valor_unitario="40000.00",
        valor_estimado="480000.00",
    )
    assert EtpFacts.from_facts(facts).quantidade_label == "12 postos de trabalho"
    valor = OfflineDrafter().draft(DraftContext(inciso=6, facts=facts), None).text
    assert "por posto de trabalho" in valor and "por postos" not in valor
    one = dict(facts, quantidade_estimada="1", valor_estimado="40000.00")
    assert "**1 posto de trabalho**" in OfflineDrafter().draft(DraftContext(inciso=4, facts=one), None).text
