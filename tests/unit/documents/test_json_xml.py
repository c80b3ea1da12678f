"""JSON export (schema, round trip) and XML export (XSD)."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from jsonschema import Draft202012Validator
from lxml import etree

from etp_app.documents.jsonexport import JSON_SCHEMA, SCHEMA_VERSION, parse_json_export, render_json
from etp_app.documents.xmlexport import NAMESPACE, XSD, render_xml
from etp_app.drafting.catalog import AI_NOTICE, ROMAN
from tests.fakes.documents import sample_document, with_section

NS = {"e": NAMESPACE}
INJECTION = "Texto <script>alert(1)</script> & <font color=red>x</font> ]]> \"aspas\" 'simples'\nnova linha"


@pytest.fixture(scope="module")
def xsd() -> etree.XMLSchema:
    return etree.XMLSchema(etree.fromstring(XSD.encode("utf-8")))


def sparse_document():
    """Only what an ETP must have: every optional fact absent."""
    return replace(
        sample_document(ai=False),
        numero_processo=None,
        orgao=None,
        uasg=None,
        unidade_requisitante=None,
        responsavel_nome=None,
        responsavel_matricula=None,
        data_elaboracao=None,
        quantidade_estimada=None,
        unidade_medida=None,
        valor_estimado=None,
        valor_unitario=None,
        prazo_execucao_dias=None,
        nivel_risco=None,
        dotacao_orcamentaria=None,
        descricao_necessidade=None,
        requisitos=None,
        riscos=None,
        campos={},
        campos_labels={},
    )


# --- JSON ------------------------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(JSON_SCHEMA)
    assert JSON_SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert JSON_SCHEMA["additionalProperties"] is False
    assert JSON_SCHEMA["properties"]["etp"]["additionalProperties"] is False


@pytest.mark.parametrize(
    "doc",
    [sample_document(), sample_document(status="approved"), sparse_document()],
    ids=["draft", "approved", "sparse"],
)
def test_export_validates_against_the_schema(doc):
    Draft202012Validator(JSON_SCHEMA).validate(json.loads(render_json(doc)))


def test_money_dates_and_envelope():
    data = render_json(sample_document())
    payload = json.loads(data)
    assert payload["schema_version"] == SCHEMA_VERSION
    assert payload["generated_at"] == "2026-03-20T17:45:00+00:00"
    assert payload["ai_notice"] == AI_NOTICE and payload["has_ai_content"] is True
    etp = payload["etp"]
    assert etp["valor_estimado"] == "1234567.89" and etp["valor_unitario"] == "10288.07"
    assert etp["quantidade_estimada"] == "120"
    assert etp["data_elaboracao"] == "2026-03-14"
    assert etp["responsavel_tecnico"] == {"nome": "Maria da Conceição Araújo", "matricula": "1234567-8"}
    assert [s["code"] for s in payload["sections"]] == list(ROMAN)
    # UTF-8 text, not \\u escapes
    assert "Aquisição".encode() in data and b"\\u00e7" not in data


def test_money_keeps_cents_and_quantities_drop_trailing_zeros():
    doc = replace(
        sample_document(),
        valor_estimado=Decimal("1000"),
        valor_unitario=Decimal("0.5"),
        quantidade_estimada=Decimal("12.5000"),
    )
    etp = json.loads(render_json(doc))["etp"]
    assert (etp["valor_estimado"], etp["valor_unitario"], etp["quantidade_estimada"]) == ("1000.00", "0.50", "12.5")


def test_campos_values_are_json_native():
    doc = replace(
        sample_document(),
        campos={
            "garantia_meses": 36,
            "assistencia_tecnica": True,
            "bdi_percentual": Decimal("22.50"),
            "inicio": date(2026, 5, 1),
            "nota": None,
            "media": float("nan"),
        },
    )
    campos = json.loads(render_json(doc))["etp"]["campos"]
    assert campos == {
        "garantia_meses": 36,
        "assistencia_tecnica": True,
        "bdi_percentual": "22.50",
        "inicio": "2026-05-01",
        "nota": None,
        "media": None,
    }


def test_naive_generation_time_is_taken_as_utc():
    doc = replace(sample_document(), generated_at=datetime(2026, 3, 20, 17, 45))
    assert json.loads(render_json(doc))["generated_at"] == "2026-03-20T17:45:00+00:00"
    doc = replace(doc, generated_at=datetime(2026, 3, 20, 14, 45, tzinfo=timezone(timedelta(hours=-3))))
    assert json.loads(render_json(doc))["generated_at"] == "2026-03-20T14:45:00-03:00"


def test_round_trip_returns_the_fields_and_sections():
    doc = with_section(sample_document(), 5, content=INJECTION)
    imported = parse_json_export(render_json(doc))
    etp = imported["etp"]
    assert etp == {
        "title": doc.title,
        "objeto": doc.objeto,
        "numero_processo": doc.numero_processo,
        "orgao": doc.orgao,
        "uasg": doc.uasg,
        "unidade_requisitante": doc.unidade_requisitante,
        "responsavel_tecnico": {"nome": doc.responsavel_nome, "matricula": doc.responsavel_matricula},
        "data_elaboracao": "2026-03-14",
        "template_type": "bens",
        "quantidade_estimada": "120",
        "unidade_medida": doc.unidade_medida,
        "valor_estimado": "1234567.89",
        "valor_unitario": "10288.07",
        "periodicidade_preco": "unico",
        "numero_periodos": None,
        "prazo_execucao_dias": 90,
        "nivel_risco": "medio",
        "dotacao_orcamentaria": doc.dotacao_orcamentaria,
        "descricao_necessidade": doc.descricao_necessidade,
        "requisitos": doc.requisitos,
        "riscos": doc.riscos,
        "campos": doc.campos,
        "equipe_planejamento": doc.equipe_planejamento,
        "autoridade_competente": {"nome": doc.autoridade_nome, "cargo": doc.autoridade_cargo},
    }
    assert Decimal(etp["valor_estimado"]) == doc.valor_estimado
    assert imported["sections"] == [
        {"inciso": s.inciso, "content": s.content, "justification": s.justification} for s in doc.sections
    ]


def test_round_trip_output_is_accepted_by_the_create_route_schemas():
    from etp_app.api.etps.schemas import EtpCreateSchema, SectionUpdateSchema

    imported = parse_json_export(render_json(sample_document()))
    loaded = EtpCreateSchema().load(imported["etp"])
    assert loaded["valor_estimado"] == Decimal("1234567.89")
    for section in imported["sections"]:
        SectionUpdateSchema().load({"content": section["content"], "justification": section["justification"]})


def test_sparse_round_trip():
    imported = parse_json_export(render_json(sparse_document()))
    assert imported["etp"]["uasg"] is None and imported["etp"]["responsavel_tecnico"] is None
    assert imported["etp"]["campos"] == {}


def _broken(mutate) -> bytes:
    payload = json.loads(render_json(sample_document()))
    mutate(payload)
    return json.dumps(payload).encode("utf-8")


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda p: p["etp"].update(uasg="12345"), "etp.uasg: valor '12345' inválido: a UASG tem exatamente 6 dígitos"),
        (lambda p: p["etp"].update(uasg="１２３４５６"), "a UASG tem exatamente 6 dígitos"),
        (lambda p: p["etp"].update(uasg="123456\n"), "a UASG tem exatamente 6 dígitos"),
        (lambda p: p["etp"].update(valor_estimado=1234567.89), "etp.valor_estimado: deve ser texto ou nulo"),
        (lambda p: p["etp"].update(valor_estimado="1.234.567,89"), "use um valor decimal em texto"),
        (lambda p: p["etp"].update(valor_estimado="10.5\n"), "etp.valor_estimado: valor '10.5\\n' inválido"),
        (lambda p: p["etp"].update(data_elaboracao="2026-02-30"), "etp.data_elaboracao: valor '2026-02-30' inválido"),
        (lambda p: p["etp"].pop("title"), "etp: campo obrigatório ausente: title"),
        (lambda p: p["etp"].update(title=""), "etp.title: não pode ficar em branco"),
        (lambda p: p["etp"].update(template_type="software"), "etp.template_type: valor 'software' inválido"),
        (lambda p: p.update(extra=1), "campo(s) não previsto(s) no esquema: 'extra'"),
        (lambda p: p["sections"].pop(), "sections: deve conter exatamente 13 seções (recebidas 12)"),
        (lambda p: p["sections"].reverse(), "sections[0].inciso: deve ser 1, recebido 13"),
        (lambda p: p.update(schema_version="2.0"), "schema_version: deve ser '1.0'"),
        (lambda p: p["etp"]["campos"].update({"Nome Inválido": 1}), "nomes de campos usam letras minúsculas"),
    ],
)
def test_invalid_exports_raise_readable_errors(mutate, message):
    with pytest.raises(ValueError) as excinfo:
        parse_json_export(_broken(mutate))
    assert str(excinfo.value).startswith("Exportação de ETP inválida: ")
    assert message in str(excinfo.value)


def test_not_json_and_not_utf8():
    with pytest.raises(ValueError, match="não é um JSON válido"):
        parse_json_export(b'{"etp": ')
    with pytest.raises(ValueError, match="UTF-8"):
        parse_json_export('{"etp": "ação"}'.encode("latin-1"))
    with pytest.raises(ValueError, match="deve ser objeto"):
        parse_json_export(b"[]")


def test_many_errors_are_summarized():
    def wreck(payload):
        for key in list(payload["etp"]):
            payload["etp"][key] = 12345678901234567890 if key != "campos" else {}

    with pytest.raises(ValueError, match=r"\(e mais \d+ erro\(s\)\)\.$"):
        parse_json_export(_broken(wreck))


# --- XML -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "doc",
    [sample_document(), sample_document(status="approved"), sparse_document()],
    ids=["draft", "approved", "sparse"],
)
def test_xml_validates_against_the_xsd(doc, xsd):
    root = etree.fromstring(render_xml(doc))
    assert xsd.validate(root), xsd.error_log


def test_xml_content_namespace_and_encoding(xsd):
    doc = with_section(replace(sample_document(), title="Título <b>x</b> & \x01 ação"), 5, content=INJECTION)
    data = render_xml(doc)
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert "Título".encode() in data
    root = etree.fromstring(data)
    assert xsd.validate(root), xsd.error_log
    assert root.tag == f"{{{NAMESPACE}}}etp_export"
    assert root.findtext("e:etp/e:title", namespaces=NS) == "Título <b>x</b> &  ação"
    assert root.findtext("e:etp/e:valor_estimado", namespaces=NS) == "1234567.89"
    assert root.findtext("e:etp/e:uasg", namespaces=NS) == "926754"
    assert root.findtext("e:ai_notice", namespaces=NS) == AI_NOTICE
    sections = root.findall("e:sections/e:section", namespaces=NS)
    assert [s.get("code") for s in sections] == list(ROMAN)
    assert sections[4].findtext("e:content", namespaces=NS) == INJECTION
    assert sections[1].findtext("e:justification", namespaces=NS) == doc.sections[1].justification
    campo = root.find("e:etp/e:campos/e:campo[@name='garantia_meses']", namespaces=NS)
    assert (campo.text, campo.get("type"), campo.get("label")) == ("36", "integer", "Garantia (meses)")


def test_xsd_rejects_what_the_schema_forbids(xsd):
    root = etree.fromstring(render_xml(sample_document()))
    bad_uasg = copy.deepcopy(root)
    bad_uasg.find("e:etp/e:uasg", namespaces=NS).text = "12345"
    assert not xsd.validate(bad_uasg)
    bad_money = copy.deepcopy(root)
    bad_money.find("e:etp/e:valor_estimado", namespaces=NS).text = "1.234.567,89"
    assert not xsd.validate(bad_money)
    twelve = copy.deepcopy(root)
    sections = twelve.find("e:sections", namespaces=NS)
    sections.remove(sections[-1])
    assert not xsd.validate(twelve)
    duplicate = copy.deepcopy(root)
    duplicate.findall("e:sections/e:section", namespaces=NS)[1].set("inciso", "1")
    assert not xsd.validate(duplicate)
