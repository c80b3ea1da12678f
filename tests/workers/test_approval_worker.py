"""Issue 10 §1 through a real worker: an AI draft is never approvable until a person reviews it; a
draft over a reviewed text waits as a suggestion (the review holds), and accepting it clears the
review; an approved ETP exported by the worker prints its signature block, a draft one "Minuta"."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from tests.helpers.api import APPROVAL_STATEMENT, MANDATORY, approve, org_users, put_section, review_section
from tests.helpers.jobs import create_etp, section, wait_job

TEAM = [
    {"nome": "Ana Lima", "cargo": "Coordenadora de Compras", "papel": "requisitante", "matricula": "123"},
    {"nome": "Bruno Reis", "cargo": "Analista de TI", "papel": "area_tecnica"},
]


@pytest.fixture
def storage_dir(app, tmp_path, monkeypatch) -> Path:
    """One storage directory for the API (this process) and the worker (a subprocess)."""
    root = tmp_path / "storage"
    monkeypatch.setitem(app.config, "STORAGE_DIR", str(root))
    return root


def _draft(api, eid, inciso) -> dict:
    resp = api.post(f"/api/v1/etps/{eid}/sections/{inciso}/draft", json={})
    assert resp.status_code == 202, resp.get_json()
    job = wait_job(api, resp.get_json()["id"], timeout=90)
    assert job["state"] == "succeeded", job
    return job


def _blockers(api, eid) -> dict:
    resp = api.get(f"/api/v1/etps/{eid}/approval")
    assert resp.status_code == 200
    return resp.get_json()["blockers"]


def _export_text(api, eid, fmt) -> str:
    resp = api.post(f"/api/v1/etps/{eid}/exports", json={"format": fmt})
    assert resp.status_code == 202, resp.get_json()
    job = wait_job(api, resp.get_json()["id"], timeout=90)
    assert job["state"] == "succeeded", job
    data = api.get(job["result"]["download_url"]).data
    if fmt == "pdf":
        pages = PdfReader(io.BytesIO(data)).pages
        return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in pages))
    document = Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


def test_a_worker_draft_needs_a_review_and_a_draft_over_a_reviewed_text_keeps_it(make_user, start_worker):
    users = org_users(make_user, "member")
    _, member = users["member"]
    _, admin = users["org_admin"]
    start_worker()
    eid = create_etp(member)["id"]
    _draft(member, eid, 1)
    drafted = section(member, eid, 1)
    assert drafted["status"] == "drafted" and drafted["review"] is None
    blocker = _blockers(admin, eid)["I"]
    assert any("nunca revisado por uma pessoa" in m for m in blocker), blocker

    review_section(admin, eid, 1)
    job = _draft(member, eid, 1)  # over a reviewed text: the draft waits as a suggestion
    assert job["result"]["sections"]["I"]["applied"] == "suggestion"
    kept = section(member, eid, 1)
    assert kept["review"] is not None and kept["content"] == drafted["content"] and kept["suggestion"]
    assert not any("revis" in m for m in _blockers(admin, eid).get("I", []))

    accepted = member.post(f"/api/v1/etps/{eid}/sections/1/suggestion/accept")
    assert accepted.status_code == 200, accepted.get_json()
    assert accepted.get_json()["review"] is None
    assert any("nunca revisado" in m for m in _blockers(admin, eid)["I"])


def test_worker_exports_carry_the_signature_block_or_the_minuta_mark(make_user, start_worker, storage_dir):
    users = org_users(make_user, "member")
    _, member = users["member"]
    admin_user, admin = users["org_admin"]
    start_worker(queues="exports", env={"STORAGE_DIR": str(storage_dir)}, concurrency=2)
    eid = create_etp(
        member,
        equipe_planejamento=TEAM,
        autoridade_competente={"nome": "Carla Dias", "cargo": "Secretária Municipal"},
        campos={"enquadramento_in94": "bens_tic"},
    )["id"]
    for inciso in range(1, 14):
        if inciso in MANDATORY:
            put_section(member, eid, inciso, content=f"Texto revisado do inciso {inciso}, sem lacunas.")
        else:
            put_section(member, eid, inciso, justification="Não se aplica a esta contratação.")
    draft_pdf = _export_text(member, eid, "pdf")
    assert "Minuta — não aprovada" in draft_pdf and "Aprovado por" not in draft_pdf
    assert "Ana Lima" in draft_pdf and "Carla Dias" in draft_pdf

    for inciso in MANDATORY:
        review_section(admin, eid, inciso)
    assert member.post(f"/api/v1/etps/{eid}/status", json={"status": "in_review"}).status_code == 200
    resp = approve(admin, eid)
    assert resp.status_code == 200, resp.get_json()
    for fmt in ("pdf", "docx"):
        text = _export_text(admin, eid, fmt)
        assert "Minuta" not in text, fmt
        assert f"Aprovado por {admin_user['name']} em " in text, fmt
        assert APPROVAL_STATEMENT in text, fmt
        for expected in ("Ana Lima", "Coordenadora de Compras · Área requisitante", "Bruno Reis", "Carla Dias"):
            assert expected in text, (fmt, expected)
        assert "[a preencher" not in text, fmt
