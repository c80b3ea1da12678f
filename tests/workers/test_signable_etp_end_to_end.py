"""Issue 10 end to end, through the real HTTP API and real workers: a member drafts a cleaning-services
ETP offline, replaces every pending "[a preencher: …]" marker with real text, acknowledges the error-level
findings left, every filled section is reviewed by a person and an org admin (not an author) approves it.
Before that work the approval is refused (409 naming the blockers); after it, it succeeds. The exported
PDF and DOCX then hold only the document — no placeholder, no drafting guidance, no scaffolding, no
"Minuta" — and do hold the signature block and per-section provenance labels that tell the truth; the
JSON export carries the approval and the provenance."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from etp_app.drafting.catalog import BY_INCISO, PROVENANCE_LABELS
from tests.helpers.api import APPROVAL_STATEMENT, approve, audit_actions, org_users, review_section
from tests.helpers.jobs import section, wait_job

TEAM = [
    {"nome": "Joana Prado", "cargo": "Diretora de Serviços Gerais", "papel": "requisitante", "matricula": "4521"},
    {"nome": "Rafael Nunes", "cargo": "Engenheiro Civil", "papel": "area_tecnica", "matricula": "3310"},
    {"nome": "Sílvia Moura", "cargo": "Pregoeira", "papel": "outro"},
]
AUTHORITY = {"nome": "Helena Barbosa", "cargo": "Secretária Municipal de Administração"}

CLEANING_ETP = {
    "title": "Contratação de serviços de limpeza e conservação predial",
    "objeto": "Contratação de serviços contínuos de limpeza, asseio e conservação predial, com dedicação "
    "exclusiva de mão de obra, para os prédios da Prefeitura Municipal de Vila Serena",
    "numero_processo": "4821.000317/2026-04",
    "orgao": "Prefeitura Municipal de Vila Serena",
    "uasg": "985512",
    "unidade_requisitante": "Secretaria Municipal de Administração",
    "responsavel_tecnico": {"nome": "Joana Prado", "matricula": "4521"},
    "data_elaboracao": "2026-03-10",
    "template_type": "servicos",
    "quantidade_estimada": "12",
    "unidade_medida": "posto de trabalho",
    "valor_unitario": "8233.33",
    "periodicidade_preco": "mensal",
    "valor_estimado": "1185599.52",
    "prazo_execucao_dias": 365,
    "nivel_risco": "medio",
    "dotacao_orcamentaria": "04.122.0001.2001 — 3.3.90.37",
    "descricao_necessidade": "Os prédios da Prefeitura (sede, anexo administrativo e almoxarifado) somam 7.200 m² "
    "de áreas internas que precisam de limpeza diária; o contrato atual termina em junho e não pode ser "
    "prorrogado.",
    "requisitos": "Equipe uniformizada, materiais e equipamentos fornecidos pela contratada, produtos com "
    "registro na Anvisa e coleta seletiva dos resíduos.",
    "riscos": "Interrupção do serviço na transição de contratos; faltas de empregados sem reposição.",
    "campos": {
        "natureza_continuada": True,
        "dedicacao_exclusiva": True,
        "postos_trabalho": 12,
        "descricao_postos": "12 postos de servente de limpeza, 44 horas semanais, de segunda a sexta.",
        "convencao_coletiva": "CCT 2026 SEAC/SIEMACO — registro MTE RS000123/2026",
        "data_base_categoria": "2026-01-01",
        "produtividade_referencia": "600 m² por servente por dia para áreas administrativas (IN SEGES 5/2017).",
        "area_m2": "7200",
        "produtividade_m2_posto": "600",
        "instrumento_medicao_resultado": True,
        "vigencia_meses": 12,
        "local_prestacao": "Praça da Matriz, 100 — Centro, Vila Serena",
        "horario_prestacao": "Segunda a sexta, das 7h às 16h",
        "conta_vinculada": True,
    },
    "equipe_planejamento": TEAM,
    "autoridade_competente": AUTHORITY,
}

# What the drafts must never bring to a signed document: markers, guidance, the drafter's own notes.
FORBIDDEN = (
    "[a preencher",
    "Orientação do modelo",
    "Rascunho gerado pelo redator offline",
    "revise a memória de cálculo antes da aprovação",
    "Minuta — não aprovada",
)
HUMAN = PROVENANCE_LABELS["human"]
OFFLINE = PROVENANCE_LABELS["offline"]
OFFLINE_REVIEWED = PROVENANCE_LABELS["offline_reviewed"]
PLACEHOLDER = re.compile(r"\[\s*a\s+preencher\s*:([^\]]*)\]", re.I)
# "do mesmo diploma" names no norm the checker can bind, so it reads art. 200 as one of Lei
# 14.133/2021 (194 articles): an error-level finding the person knows is wrong and acknowledges.
LOCAL_RULE = (
    "A execução observa a Lei 14.133/2021 quanto à fiscalização. A Lei Orgânica Municipal fixa o expediente "
    "das repartições, e o horário de prestação segue o art. 200 do mesmo diploma."
)
FINDING_CODE = re.compile(r"Achado de nível erro sem ciência registrada \[([a-z0-9_]+)\]")


@pytest.fixture
def storage_dir(app, tmp_path, monkeypatch) -> Path:
    """One storage directory for the API (this process) and the worker (a subprocess)."""
    root = tmp_path / "storage"
    monkeypatch.setitem(app.config, "STORAGE_DIR", str(root))
    return root


def _real_text(match: re.Match) -> str:
    """What a person writes where the drafter left a gap: the fact itself, in words (no invented
    figures: the numbers of this ETP are in its facts)."""
    hint = match.group(1).lower()
    if "pca" in hint or "plano" in hint:
        return "item previsto no Plano de Contratações Anual de 2026 da Prefeitura"
    if "fonte" in hint or "pesquisa" in hint or "preço" in hint or "preco" in hint:
        return "pesquisa de preços em contratos de outros municípios e no Painel de Preços"
    if "contrato" in hint:
        return "contrato de limpeza vigente, que termina em junho de 2026"
    if "risco" in hint:
        return "a interrupção do serviço, mitigada pela transição planejada com o contrato atual"
    return "informação confirmada pela equipe de planejamento com a Secretaria de Administração"


def _blockers(api, eid) -> dict[str, list[str]]:
    resp = api.get(f"/api/v1/etps/{eid}/approval")
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()["blockers"]


def _put(api, eid, inciso, content) -> dict:
    url = f"/api/v1/etps/{eid}/sections/{inciso}"
    current = api.get(url)
    assert current.status_code == 200
    resp = api.put(url, json={"content": content}, headers={"If-Match": current.headers["ETag"]})
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def _export(api, eid, fmt) -> bytes:
    resp = api.post(f"/api/v1/etps/{eid}/exports", json={"format": fmt})
    assert resp.status_code == 202, resp.get_json()
    job = wait_job(api, resp.get_json()["id"], timeout=120)
    assert job["state"] == "succeeded", job
    download = api.get(job["result"]["download_url"])
    assert download.status_code == 200, download.get_data(as_text=True)[:300]
    return download.get_data()


def _pdf_text(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in pages))


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return re.sub(r"\s+", " ", "\n".join(parts))


def _section_chunks(text: str) -> dict[int, str]:
    """The text of each section in the document body: from its heading to the next one. A heading is
    "<code> — <title>" followed by its marker ("Elemento …"), which a table of contents would not have."""
    starts = {}
    for inciso, spec in BY_INCISO.items():
        heading = re.sub(r"\s+", " ", f"{spec.code} — {spec.title}")
        found = [m.start() for m in re.finditer(re.escape(heading) + r"\s*Elemento", text)]
        assert found, (inciso, heading)
        starts[inciso] = found[-1]
    order = sorted(starts, key=starts.get)
    assert order == sorted(order), "sections out of order in the document"
    ends = [starts[i] for i in order[1:]] + [len(text)]
    return {inciso: text[starts[inciso] : end] for inciso, end in zip(order, ends, strict=True)}


def test_a_drafted_reviewed_acknowledged_approved_etp_exports_a_signable_document(
    app, make_user, start_worker, storage_dir
):
    users = org_users(make_user, "member")
    _, member = users["member"]
    admin_user, admin = users["org_admin"]
    start_worker(queues="drafting,exports", env={"STORAGE_DIR": str(storage_dir)}, concurrency=2)

    created = member.post("/api/v1/etps", json=CLEANING_ETP)
    assert created.status_code == 201, created.get_json()
    etp = created.get_json()
    eid = etp["id"]

    # 1. the whole ETP drafted offline by the worker
    resp = member.post(f"/api/v1/etps/{eid}/draft", json={})
    assert resp.status_code == 202, resp.get_json()
    job = wait_job(member, resp.get_json()["id"], timeout=240)
    assert job["state"] == "succeeded", job
    drafted = {i: section(member, eid, i) for i in range(1, 14)}
    for inciso, s in drafted.items():
        assert s["content"].strip() and s["provenance"] == "offline", (inciso, s["provenance"])
        assert s["provenance_label"] == OFFLINE and s["review"] is None
        for phrase in ("Orientação do modelo", "Rascunho gerado pelo redator offline", "revise a memória"):
            assert phrase not in s["content"], (inciso, phrase)

    # 2. approval refused: pending markers, unreviewed drafts (409 naming the blockers per section)
    assert member.post(f"/api/v1/etps/{eid}/status", json={"status": "in_review"}).status_code == 200
    refused = approve(admin, eid)
    assert refused.status_code == 409, refused.get_json()
    errors = refused.get_json()["errors"]
    assert "O ETP não pode ser aprovado" in refused.get_json()["message"], refused.get_json()
    assert set(errors) == {spec.code for spec in BY_INCISO.values()}, errors  # every draft is unreviewed
    assert all(any("nunca revisado por uma pessoa" in m for m in msgs) for msgs in errors.values()), errors
    with_markers = {i for i, s in drafted.items() if PLACEHOLDER.search(s["content"])}
    for inciso in with_markers:
        assert any("[a preencher: …]" in m for m in errors[BY_INCISO[inciso].code]), (inciso, errors)
    assert errors == _blockers(admin, eid)
    # back to draft: the author fills the gaps
    assert member.post(f"/api/v1/etps/{eid}/status", json={"status": "draft"}).status_code == 200

    # 3. the person fills every gap with real text: those sections become theirs
    # (in VII the person also cites the municipal rule on working hours, which the checker reads as an
    # article of Lei 14.133/2021: an error-level finding the person acknowledges instead of "fixing")
    rewritten: set[int] = set()
    for inciso in sorted(with_markers | {7}):
        text = PLACEHOLDER.sub(_real_text, drafted[inciso]["content"])
        if inciso == 7:
            text += "\n\n" + LOCAL_RULE
        saved = _put(member, eid, inciso, text)
        assert "[a preencher" not in saved["content"]
        assert (saved["provenance"], saved["provenance_label"]) == ("human", HUMAN), inciso
        rewritten.add(inciso)
    vii_errors = {w["code"] for w in section(member, eid, 7)["quality"]["warnings"] if w["severity"] == "error"}
    assert vii_errors, "the person's VII should carry an error-level finding to acknowledge"
    only_reviewed = set(range(1, 14)) - rewritten

    # 4. what is left blocking, resolved as a person would: acknowledge error findings, review the texts
    acknowledged = []
    for key, messages in _blockers(admin, eid).items():
        assert not key.startswith("campos."), (key, messages)  # every required field of the type is filled
        inciso = next(i for i, spec in BY_INCISO.items() if spec.code == key)
        for message in messages:
            assert "[a preencher" not in message, (key, message)
            match = FINDING_CODE.search(message)
            if match:
                code = match.group(1)
                ack = member.post(
                    f"/api/v1/etps/{eid}/sections/{inciso}/findings/{code}/acknowledge",
                    json={"reason": "O art. 200 é da Lei Orgânica Municipal, não da Lei 14.133/2021."},
                )
                assert ack.status_code == 200, ack.get_json()
                assert code in {a["code"] for a in ack.get_json()["acknowledgements"]}, ack.get_json()
                acknowledged.append((key, code))
    assert {code for key, code in acknowledged if key == "VII"} == vii_errors, (acknowledged, vii_errors)
    left = _blockers(admin, eid)
    assert all(all("revis" in m for m in msgs) for msgs in left.values()), left  # only the reviews remain
    for inciso in range(1, 14):
        reviewed = review_section(admin, eid, inciso)
        assert reviewed["review"] is not None
        expected = HUMAN if inciso in rewritten else OFFLINE_REVIEWED
        assert reviewed["provenance_label"] == expected, (inciso, reviewed["provenance_label"])
    kept = section(member, eid, 7)["acknowledgements"]  # a review is no change of the text: the ciência holds
    assert {a["code"] for a in kept} == vii_errors and all(a["reason"] and a["by_name"] for a in kept), kept
    assert "section.finding_acknowledged" in audit_actions(app, eid)
    readiness = admin.get(f"/api/v1/etps/{eid}/approval").get_json()
    assert readiness["blockers"] == {} and readiness["ready"] is True, readiness
    assert readiness["can_approve"] is True, readiness

    # 5. an org admin who wrote nothing approves, with a statement
    assert member.post(f"/api/v1/etps/{eid}/status", json={"status": "in_review"}).status_code == 200
    approved = approve(admin, eid)
    assert approved.status_code == 200, approved.get_json()
    body = approved.get_json()
    assert body["status"] == "approved"
    assert body["approval"]["statement"] == APPROVAL_STATEMENT, body["approval"]

    # 6. the exports: the document only, signed, with the truth about who wrote each section
    for fmt in ("pdf", "docx"):
        data = _export(admin, eid, fmt)
        text = _pdf_text(data) if fmt == "pdf" else _docx_text(data)
        for phrase in FORBIDDEN:
            assert phrase not in text, (fmt, phrase)
        for person in TEAM:
            assert person["nome"] in text and person["cargo"] in text, (fmt, person)
        assert AUTHORITY["nome"] in text and AUTHORITY["cargo"] in text, fmt
        assert f"Aprovado por {admin_user['name']} em " in text, fmt
        assert APPROVAL_STATEMENT in text, fmt
        chunks = _section_chunks(text)
        for inciso, chunk in chunks.items():
            if inciso in rewritten:
                assert HUMAN in chunk and OFFLINE not in chunk, (fmt, inciso, chunk[:300])
            else:
                assert OFFLINE_REVIEWED in chunk and HUMAN not in chunk, (fmt, inciso, chunk[:300])
        # the unreviewed offline label appears only inside the reviewed one
        assert text.count(OFFLINE) == text.count(OFFLINE_REVIEWED) == len(only_reviewed), fmt

    exported = json.loads(_export(admin, eid, "json"))
    assert exported["etp"]["status"] == "approved"
    approval = exported["approval"]
    assert approval["approved_by_name"] == admin_user["name"] and approval["statement"] == APPROVAL_STATEMENT
    assert approval["approved_at"]
    assert exported["has_ai_content"] is False
    by_inciso = {s["inciso"]: s for s in exported["sections"]}
    for inciso in range(1, 14):
        s = by_inciso[inciso]
        assert "[a preencher" not in s["content"]
        if inciso in rewritten:
            assert (s["provenance"], s["provenance_label"]) == ("human", HUMAN), (inciso, s)
        else:
            assert (s["provenance"], s["provenance_label"]) == ("offline", OFFLINE_REVIEWED), (inciso, s)
