"""Contract templates: shape, guidance for every inciso, and validation of type-specific fields."""

from __future__ import annotations

import ast
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from etp_app.drafting.catalog import ALL_INCISOS, spec
from etp_app.drafting.templates import (
    CHOICE_LABELS,
    FIELD_KINDS,
    TEMPLATE_TYPES,
    TEMPLATES,
    FieldSpec,
    format_campo,
    get_template,
    missing_required,
    validate_campos,
)

DRAFTING_DIR = Path(__file__).resolve().parents[3] / "etp_app" / "drafting"


def test_the_four_contract_types_exist_in_order():
    assert TEMPLATE_TYPES == ("bens", "servicos", "obras", "ti")
    assert set(TEMPLATES) == set(TEMPLATE_TYPES)
    for template_type in TEMPLATE_TYPES:
        assert get_template(template_type).type == template_type


def test_unknown_template_raises_key_error():
    with pytest.raises(KeyError):
        get_template("locacao")
    with pytest.raises(KeyError):
        get_template(None)  # type: ignore[arg-type]


@pytest.mark.parametrize("template_type", TEMPLATE_TYPES)
def test_guidance_is_specific_pt_br_text_for_all_13_incisos(template_type):
    template = get_template(template_type)
    assert sorted(template.guidance) == list(ALL_INCISOS)
    texts = list(template.guidance.values())
    assert len(set(texts)) == 13, "each inciso needs its own guidance"
    for inciso, text in template.guidance.items():
        assert len(text) >= 120, f"guidance for inciso {inciso} is too thin"
        assert "8.666" not in text and "10.520" not in text  # revoked laws are never suggested


def test_guidance_differs_between_types_and_mentions_their_specifics():
    assert get_template("bens").guidance[6] != get_template("obras").guidance[6]
    assert "SINAPI" in get_template("obras").guidance[6]
    assert "BDI" in get_template("obras").guidance[6]
    assert "convenção coletiva" in get_template("servicos").guidance[6]
    assert "PDTIC" in get_template("ti").guidance[2]
    assert "CATMAT" in get_template("bens").guidance[2]


@pytest.mark.parametrize("template_type", TEMPLATE_TYPES)
def test_to_dict_shape(template_type):
    data = get_template(template_type).to_dict()
    assert set(data) == {"type", "name", "description", "fields", "guidance"}
    assert data["type"] == template_type
    assert [g["inciso"] for g in data["guidance"]] == list(range(1, 14))
    assert data["guidance"][3]["code"] == "IV"
    assert data["guidance"][12]["title"] == spec(13).title
    assert all(g["guidance"] for g in data["guidance"])
    assert data["fields"], "every type has type-specific fields"
    for field in data["fields"]:
        assert {"name", "label", "kind", "required", "help", "choices"} <= set(field)
        assert field["kind"] in FIELD_KINDS
        if field["kind"] == "enum":
            assert field["choices"]
            assert all(c in CHOICE_LABELS for c in field["choices"])


def test_type_specific_fields_follow_the_domain():
    names = {t: {f.name for f in get_template(t).fields} for t in TEMPLATE_TYPES}
    assert {"codigo_catmat", "garantia_meses", "local_entrega", "prazo_entrega_dias"} <= names["bens"]
    assert {"natureza_continuada", "postos_trabalho", "convencao_coletiva", "produtividade_referencia"} <= names[
        "servicos"
    ]
    assert {
        "base_referencia_precos",
        "bdi_percentual",
        "art_rrt",
        "cronograma_fisico_financeiro",
        "licenca_ambiental",
    } <= names["obras"]
    assert {
        "niveis_servico",
        "seguranca_informacao",
        "conformidade_lgpd",
        "integracao_sistemas",
        "enquadramento_in94",
    } <= names["ti"]


def test_field_spec_rejects_inconsistent_definitions():
    with pytest.raises(ValueError):
        FieldSpec("x", "X", "float")
    with pytest.raises(ValueError):
        FieldSpec("x", "X", "enum")  # enum without choices
    assert FieldSpec("x", "X", "integer").to_dict()["choices"] == []


def test_valid_campos_have_no_errors():
    assert validate_campos("bens", {}) == {}
    assert (
        validate_campos(
            "bens",
            {
                "codigo_catmat": "451234",
                "garantia_meses": 36,
                "prazo_entrega_dias": "30",  # digit strings from HTML forms are accepted
                "forma_fornecimento": "sistema_registro_precos",
                "assistencia_tecnica": True,
                "historico_consumo": None,  # None means "not informed"
            },
        )
        == {}
    )
    assert (
        validate_campos(
            "obras",
            {
                "bdi_percentual": "25.50",
                "data_base_orcamento": "2025-11-01",
                "desonerado": False,
                "area_intervencao_m2": Decimal("1250.5"),
            },
        )
        == {}
    )
    assert validate_campos("servicos", {"data_base_categoria": date(2025, 1, 1)}) == {}
    assert validate_campos("ti", {"disponibilidade_percentual": 99.5}) == {}


def test_invalid_campos_report_pt_br_errors_per_field():
    errors = validate_campos(
        "bens",
        {
            "garantia_meses": "doze",
            "prazo_entrega_dias": -1,
            "assistencia_tecnica": "sim",
            "forma_fornecimento": "leilao",
            "bdi_percentual": 20,  # a field of another type
            "local_entrega": ["a", "b"],
        },
    )
    assert set(errors) == {
        "garantia_meses",
        "prazo_entrega_dias",
        "assistencia_tecnica",
        "forma_fornecimento",
        "bdi_percentual",
        "local_entrega",
    }
    assert "inteiro" in errors["garantia_meses"][0]
    assert "verdadeiro ou falso" in errors["assistencia_tecnica"][0]
    assert "sistema_registro_precos" in errors["forma_fornecimento"][0]
    assert "desconhecido" in errors["bdi_percentual"][0]


def test_integer_rejects_booleans_and_decimal_bounds():
    assert "garantia_meses" in validate_campos("bens", {"garantia_meses": True})
    assert "garantia_meses" in validate_campos("bens", {"garantia_meses": 1.5})
    assert "bdi_percentual" in validate_campos("obras", {"bdi_percentual": "120"})
    assert "bdi_percentual" in validate_campos("obras", {"bdi_percentual": "NaN"})
    assert "area_intervencao_m2" in validate_campos("obras", {"area_intervencao_m2": "-3"})
    assert "data_base_orcamento" in validate_campos("obras", {"data_base_orcamento": "2025-02-30"})
    assert "data_base_orcamento" in validate_campos("obras", {"data_base_orcamento": "01/02/2025"})


def test_validate_with_unknown_type_or_non_dict():
    assert "template_type" in validate_campos("locacao", {})
    assert "campos" in validate_campos("bens", ["garantia_meses"])  # type: ignore[arg-type]


def test_missing_required():
    assert missing_required("servicos", {}) == ["natureza_continuada"]
    assert missing_required("servicos", {"natureza_continuada": False}) == []
    assert missing_required("ti", {"enquadramento_in94": "  "}) == ["enquadramento_in94"]
    assert missing_required("bens", None) == []


def test_format_campo():
    obras, servicos = get_template("obras"), get_template("servicos")
    assert format_campo(obras.field("bdi_percentual"), "25.50") == "25,5%"
    assert format_campo(obras.field("regime_execucao"), "empreitada_preco_global") == "empreitada por preço global"
    assert format_campo(obras.field("data_base_orcamento"), "2025-11-01") == "01/11/2025"
    assert format_campo(servicos.field("natureza_continuada"), True) == "sim"
    assert format_campo(servicos.field("postos_trabalho"), 12) == "12"


def test_drafting_modules_import_neither_flask_nor_orm():
    forbidden = ("flask", "sqlalchemy", "flask_sqlalchemy", "etp_app.models", "etp_app.extensions")
    for name in ("templates.py", "hygiene.py", "prompts.py", "offline.py", "formatting.py"):
        tree = ast.parse((DRAFTING_DIR / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            else:
                continue
            for module in modules:
                assert not any(module == f or module.startswith(f + ".") for f in forbidden), f"{name} imports {module}"
