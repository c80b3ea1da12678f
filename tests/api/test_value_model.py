"""The value model through the API (issue 10 §3): the fields of a continuous contract, the read-only
``calculo_valor``, its rules (422s, never a 500), the drafting of IV and VI through a real worker, and
the exports that carry and show the calculation. Real PostgreSQL."""

from __future__ import annotations

import io
import json
import uuid

from docx import Document
from pypdf import PdfReader

from etp_app.documents.docx import render_docx
from etp_app.documents.jsonexport import parse_json_export, render_json
from etp_app.documents.pdf import render_pdf
from etp_app.documents.xmlexport import render_xml
from etp_app.services.exports import load_document
from tests.helpers.api import create_etp
from tests.helpers.jobs import section, wait_job

MEMO = "12 postos de trabalho × R$ 8.233,33 × 12 meses = R$ 1.185.599,52"

# The cleaning-services ETP for a city hall, every field filled.
LIMPEZA = {
    "title": "Serviços contínuos de limpeza da sede da Prefeitura",
    "objeto": "Contratação de serviços contínuos de limpeza e conservação predial da sede da Prefeitura",
    "numero_processo": "2026.000123",
    "orgao": "Prefeitura Municipal de Exemplo",
    "unidade_requisitante": "Secretaria de Administração",
    "responsavel_tecnico": {"nome": "Ana Lima", "matricula": "12345"},
    "data_elaboracao": "2026-11-20",
    "template_type": "servicos",
    "quantidade_estimada": "12",
    "unidade_medida": "posto de trabalho",
    "valor_unitario": "8233.33",
    "valor_estimado": "1185600.00",
    "periodicidade_preco": "mensal",
    "prazo_execucao_dias": 365,
    "nivel_risco": "medio",
    "dotacao_orcamentaria": "3.3.90.37 — Locação de mão de obra",
    "descricao_necessidade": "A sede tem 6.000 m² e o contrato atual termina em fevereiro.",
    "campos": {
        "natureza_continuada": True,
        "dedicacao_exclusiva": True,
        "vigencia_meses": 12,
        "area_m2": "6000",
        "produtividade_m2_posto": "500",
        "postos_trabalho": 12,
    },
}


def _patch(api, etp: dict, **fields):
    return api.patch(f"/api/v1/etps/{etp['id']}", json=fields, headers={"If-Match": etp["etag"]})


def test_a_continuous_contract_shows_its_calculation(make_user):
    _, api = make_user()
    etp = create_etp(api, **LIMPEZA)
    assert etp["periodicidade_preco"] == "mensal" and etp["numero_periodos"] is None  # derived
    assert etp["calculo_valor"] == {
        "valor_unitario": "8233.33",
        "quantidade": "12",
        "periodicidade": "mensal",
        "numero_periodos": 12,
        "origem_periodos": "vigencia_meses",  # the term in months wins over the 365 days
        "total_calculado": "1185599.52",
        "valor_estimado": "1185600.00",
        "diferenca": "0.48",
        "tolerancia": "1.44",
        "consistente": True,
        "memoria": MEMO,
    }
    # the same on GET and in the list
    assert api.get(f"/api/v1/etps/{etp['id']}").get_json()["calculo_valor"]["memoria"] == MEMO
    listed = api.get("/api/v1/etps").get_json()
    items = listed["items"] if isinstance(listed, dict) else listed
    assert next(e for e in items if e["id"] == etp["id"])["calculo_valor"]["consistente"] is True


def test_a_new_etp_is_one_off_by_default(make_user):
    _, api = make_user()
    etp = create_etp(api, quantidade_estimada="120", valor_unitario="4000.00", valor_estimado="480000.00")
    assert etp["periodicidade_preco"] == "unico" and etp["numero_periodos"] is None
    calc = etp["calculo_valor"]
    assert (calc["periodicidade"], calc["numero_periodos"], calc["origem_periodos"]) == ("unico", 1, "unico")
    assert calc["memoria"] == "120 × R$ 4.000,00 = R$ 480.000,00" and calc["consistente"] is True


def test_stated_periods_win_and_a_mismatch_is_reported(make_user):
    _, api = make_user()
    etp = create_etp(api, **LIMPEZA)
    resp = _patch(api, etp, numero_periodos=24)
    assert resp.status_code == 200, resp.get_json()
    calc = resp.get_json()["calculo_valor"]
    assert (calc["numero_periodos"], calc["origem_periodos"]) == (24, "informado")
    assert calc["total_calculado"] == "2371199.04" and calc["consistente"] is False


def test_value_model_rules_are_422_in_portuguese(make_user):
    _, api = make_user()
    one_off = create_etp(api)
    resp = _patch(api, one_off, numero_periodos=12)  # a one-off price has one period
    assert resp.status_code == 422
    body = resp.get_json()
    assert "numero_periodos" in body["errors"] and "período" in body["errors"]["numero_periodos"][0]
    for bad in (
        {"periodicidade_preco": "semanal"},
        {"periodicidade_preco": None},
        {"numero_periodos": 0},
        {"numero_periodos": 421},
        {"numero_periodos": "12"},
    ):
        resp = api.post("/api/v1/etps", json={"title": "T", "objeto": "O", **bad})
        assert resp.status_code == 422, bad
        assert set(resp.get_json()["errors"]) == set(bad)
    assert api.post("/api/v1/etps", json={"title": "T", "objeto": "O", "numero_periodos": 3}).status_code == 422


def test_switching_to_one_off_clears_the_periods(make_user):
    _, api = make_user()
    etp = create_etp(api, **dict(LIMPEZA, numero_periodos=12))
    assert etp["numero_periodos"] == 12
    resp = _patch(api, etp, periodicidade_preco="unico")
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["numero_periodos"] is None and body["calculo_valor"]["numero_periodos"] == 1
    back = _patch(api, body, periodicidade_preco="mensal").get_json()  # the term, not a stale 1
    assert (
        back["calculo_valor"]["numero_periodos"] == 12 and back["calculo_valor"]["origem_periodos"] == "vigencia_meses"
    )


def test_the_fields_are_audited_and_restorable(app, make_user):
    _, api = make_user()
    etp = create_etp(api, **LIMPEZA)
    version = api.post(f"/api/v1/etps/{etp['id']}/versions", json={"label": "mensal"})
    assert version.status_code == 201, version.get_json()
    current = api.get(f"/api/v1/etps/{etp['id']}").get_json()
    changed = _patch(api, current, periodicidade_preco="anual", campos={**LIMPEZA["campos"], "vigencia_meses": 24})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["calculo_valor"]["numero_periodos"] == 2
    audit = api.get(f"/api/v1/audit?etp_id={etp['id']}&action=etp.update").get_json()
    rows = audit["items"] if isinstance(audit, dict) else audit
    assert any("periodicidade_preco" in json.dumps(r, ensure_ascii=False) for r in rows)
    snapshot = api.get(f"/api/v1/etps/{etp['id']}/versions/{version.get_json()['number']}").get_json()
    assert snapshot["snapshot"]["etp"]["periodicidade_preco"] == "mensal"


def test_openapi_documents_the_fields_and_the_calculation(client):
    spec = client.get("/api/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    etp = schemas["Etp"]["properties"]
    assert etp["periodicidade_preco"]["enum"] == ["unico", "mensal", "anual"]
    assert "calculo_valor" in etp and etp["calculo_valor"].get("readOnly") is True
    calc = schemas["CalculoValor"]["properties"]
    assert calc["memoria"]["example"] == "12 postos × R$ 8.233,33 × 12 meses = R$ 1.185.599,52"
    assert {"total_calculado", "consistente", "tolerancia", "origem_periodos"} <= set(calc)
    create = schemas["EtpCreate"]["properties"]
    assert create["numero_periodos"]["minimum"] == 1 and "vigencia_meses" in create["numero_periodos"]["description"]
    assert "calculo_valor" not in create


def test_exports_carry_the_fields_and_show_the_calculation(app, make_user):
    _, api = make_user()
    etp = create_etp(api, **LIMPEZA)
    with app.app_context():
        loaded = load_document(uuid.UUID(etp["id"]))
    assert loaded is not None
    doc, _ = loaded
    exported = json.loads(render_json(doc))
    assert exported["etp"]["periodicidade_preco"] == "mensal" and exported["etp"]["numero_periodos"] is None
    assert parse_json_export(render_json(doc))["etp"]["periodicidade_preco"] == "mensal"  # the import takes it
    # an export made before the value model still imports, as a one-off price
    for name in ("periodicidade_preco", "numero_periodos"):
        del exported["etp"][name]
    older = parse_json_export(json.dumps(exported, ensure_ascii=False).encode("utf-8"))["etp"]
    assert "periodicidade_preco" not in older
    recreated = api.post("/api/v1/etps", json={k: v for k, v in older.items() if k in LIMPEZA})
    assert recreated.status_code == 201, recreated.get_json()
    assert recreated.get_json()["calculo_valor"]["periodicidade"] == "unico"
    xml = render_xml(doc).decode("utf-8")
    assert "<periodicidade_preco>mensal</periodicidade_preco>" in xml.replace("etp:", "")
    pdf = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(render_pdf(doc))).pages[:2])
    assert "mensal, por 12 meses" in pdf
    assert MEMO.replace(" ", "") in pdf.replace(" ", "")
    docx = Document(io.BytesIO(render_docx(doc)))
    cover = {row.cells[0].text: row.cells[1].text for row in docx.tables[0].rows}
    assert cover["Cálculo do valor"] == MEMO
    assert cover["Periodicidade do preço unitário"] == "mensal, por 12 meses"


def test_offline_drafts_of_iv_and_vi_use_the_value_model(make_user, start_worker):
    _, api = make_user()
    start_worker()
    etp = create_etp(api, **dict(LIMPEZA, quantidade_estimada=None))
    for inciso in (4, 6):
        job = api.post(f"/api/v1/etps/{etp['id']}/sections/{inciso}/draft", json={})
        assert job.status_code == 202
        assert wait_job(api, job.get_json()["id"])["state"] == "succeeded"
    iv = section(api, etp["id"], 4)
    assert "**Critério de cálculo**: 6.000 m² ÷ 500 m² por posto = 12 postos" in iv["content"]
    vi = section(api, etp["id"], 6)
    assert "[a preencher: quantidade]" in vi["content"]  # no quantity: the total is not computed
    codes = {w["code"] for w in vi["quality"]["warnings"]}
    assert "value_mismatch" not in codes

    # with the quantity: the memo row with the periods, and no false warning
    full = create_etp(api, **LIMPEZA)
    job = api.post(f"/api/v1/etps/{full['id']}/sections/6/draft", json={})
    assert wait_job(api, job.get_json()["id"])["state"] == "succeeded"
    vi = section(api, full["id"], 6)
    assert "| 1 | 12 postos de trabalho | R$ 8.233,33 | 12 meses | R$ 1.185.600,00 |" in vi["content"]
    assert f"**Cálculo**: {MEMO}." in vi["content"]
    codes = {w["code"] for w in vi["quality"]["warnings"]}
    assert not codes & {"value_mismatch", "possible_invented_value"}

    # a real mismatch: the check of VI warns, with the calculation
    wrong = create_etp(api, **dict(LIMPEZA, valor_estimado="98800.00"))
    job = api.post(f"/api/v1/etps/{wrong['id']}/sections/6/draft", json={})
    assert wait_job(api, job.get_json()["id"])["state"] == "succeeded"
    vi = section(api, wrong["id"], 6)
    [mismatch] = [w for w in vi["quality"]["warnings"] if w["code"] == "value_mismatch"]
    assert MEMO in mismatch["message"]
    assert "1.185.599,52" not in vi["content"]
    checked = api.post(f"/api/v1/etps/{wrong['id']}/sections/6/check", json={}).get_json()
    assert "value_mismatch" in {w["code"] for w in checked["warnings"]}
