"""Exports in real Chromium against the real stack (issue 13 §2): a PDF export followed from the queue
to the end (the worker held at its last step so the progress is observable), its preview in the
browser's own viewer (an iframe on a blob: URL, allowed by the app's CSP), the download through the
authenticated API (a real file starting with %PDF, under the export's name), the history row; a
DOCX export by keyboard; an export made to expire (expires_at in the past) answering 410 in the browser and
exported again; the notice of an export that ends while the person is on another page, whose link
goes back; axe on each state."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import text, update

from tests.e2e import keyboard
from tests.e2e.a11y import assert_accessible
from tests.helpers.jobs import ETP

pytestmark = pytest.mark.e2e

JOB_TIMEOUT_MS = 60_000  # a real render in the worker on a loaded machine
SIZE = r"\(\d+(,\d)? (bytes|KB|MB)\)"
NARROW = {"width": 320, "height": 720}
WIDE = {"width": 1280, "height": 800}

# WCAG 1.4.10 at 320 px: what sticks out to the right of the viewport outside a horizontally
# scrollable ancestor (the history table's region may scroll; nothing else may).
_OVERFLOW_JS = """
() => {
  const vw = document.documentElement.clientWidth;
  const scrollsX = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p).overflowX;
      if (s === 'auto' || s === 'scroll') return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1 || r.right <= 0) continue;
    if (r.right > vw + 1 && !scrollsX(el)) out.push(el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + ' → ' + Math.round(r.right));
  }
  return { vw, scrollWidth: document.documentElement.scrollWidth, overflow: out.slice(0, 8) };
}
"""


def _create_etp(web_stack, user: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    resp = web_stack.api("/api/v1/etps", "POST", {**ETP, **overrides}, user["token"])
    assert resp.status_code == 201, resp.text
    return dict(resp.json())


def _exports(web_stack, user: dict[str, Any], etp_id: str) -> list[dict[str, Any]]:
    resp = web_stack.api(f"/api/v1/etps/{etp_id}/exports", token=user["token"])
    assert resp.status_code == 200, resp.text
    return list(resp.json())


@contextmanager
def _worker_held_before_finishing(app) -> Iterator[None]:
    """Holds the real worker at its last step: the export's job is ``running`` (the file rendered)
    until the block ends. The worker records the export in the audit log in the transaction that
    finishes the job; a SHARE lock on that table makes the INSERT wait (nothing else the browser
    does here writes to it)."""
    from etp_app.extensions import db

    with app.app_context():
        connection = db.engine.connect()
        transaction = connection.begin()
        try:
            connection.execute(text("SET LOCAL lock_timeout = '60s'"))
            connection.execute(text("LOCK TABLE audit_log IN SHARE MODE"))
            yield
        finally:
            transaction.rollback()
            connection.close()


def _expire(app, export_id: str) -> None:
    from etp_app.extensions import db
    from etp_app.models import Export

    with app.app_context():
        db.session.execute(
            update(Export)
            .where(Export.id == uuid.UUID(export_id))
            .values(expires_at=datetime.now(UTC) - timedelta(days=1))
        )
        db.session.commit()


def _choose(page, label: str) -> None:
    radio = page.get_by_role("radio", name=re.compile(rf"^{re.escape(label)}"))
    radio.locator("xpath=following-sibling::label").click()  # the design system draws its own radio
    expect(radio).to_be_checked()


def _job_panel(page, fmt: str):
    return page.get_by_role("region", name=f"Exportação em {fmt}")


def _download(page, button) -> tuple[str, bytes]:
    with page.expect_download() as info:
        button.click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def _assert_reflows(page, state: str) -> None:
    page.set_viewport_size(NARROW)
    try:
        found = page.evaluate(_OVERFLOW_JS)
        assert found["scrollWidth"] <= found["vw"] and not found["overflow"], (state, found)
        assert_accessible(page, f"{state} a 320 px")
    finally:
        page.set_viewport_size(WIDE)


def _csp_violations(console, page) -> list[str]:
    return [line for line in console(page) if "Content Security Policy" in line]


def test_pdf_export_progress_preview_download_and_history(app, page, web_stack, verified_user, signed_in_page, console):
    user = verified_user(name="Ana Exportadora")
    etp = _create_etp(web_stack, user)
    signed_in_page(user)
    page.goto(f"/etps/{etp['id']}/exportar")

    expect(page.get_by_role("heading", level=1, name="Exportar o ETP")).to_be_visible()
    expect(page.get_by_role("radio")).to_have_count(4)
    expect(page.get_by_role("radio", name=re.compile("^PDF"))).to_be_checked()
    expect(page.get_by_text("Este ETP ainda não foi exportado.")).to_be_visible()
    assert_accessible(page, "exportar: escolha do formato, sem histórico")

    with _worker_held_before_finishing(app):
        page.get_by_role("button", name="Exportar em PDF").click()
        panel = _job_panel(page, "PDF")
        expect(panel).to_be_visible()
        expect(page).to_have_url(re.compile(r"\?tarefa=[0-9a-f-]{36}$"))
        # the worker has the job (running) and cannot finish it yet: the progress and the cancel button
        expect(panel.get_by_text("Em andamento", exact=True)).to_be_visible(timeout=JOB_TIMEOUT_MS)
        expect(panel.get_by_role("progressbar")).to_be_visible()
        expect(panel.get_by_text(re.compile("^Tempo decorrido: "))).to_be_visible()
        expect(panel.get_by_role("button", name="Cancelar a exportação")).to_be_enabled()
        history = page.get_by_role("table")
        expect(history.get_by_role("row").nth(1)).to_contain_text("Sendo gerada")
        assert_accessible(page, "exportar: exportação em andamento")

    download_button = panel.get_by_role("button", name=re.compile(rf"^Baixar ETP em PDF {SIZE}$"))
    expect(download_button).to_be_visible(timeout=JOB_TIMEOUT_MS)
    expect(panel.get_by_text("Concluído", exact=True)).to_be_visible()
    expect(panel.get_by_role("button", name="Cancelar a exportação")).to_have_count(0)
    record = _exports(web_stack, user, etp["id"])[0]
    assert record["status"] == "ready" and record["format"] == "pdf"
    expect(panel.get_by_text(record["file_name"], exact=True)).to_be_visible()

    # the preview: the browser's own viewer on a blob: URL of the file (the CSP allows frame-src blob:)
    panel.get_by_role("button", name="Pré-visualizar o PDF").click()
    preview = page.get_by_role("region", name="Pré-visualização do PDF")
    frame = preview.locator("iframe")
    expect(frame).to_have_attribute("src", re.compile(r"^blob:"))
    expect(frame).to_have_attribute("title", f"Pré-visualização de {record['file_name']}")
    src = frame.get_attribute("src")
    page.wait_for_function("(src) => [...document.querySelectorAll('iframe')].some((f) => f.src === src)", arg=src)
    assert any(f.url == src for f in page.frames), [f.url for f in page.frames]
    # the fallback for browsers without an inline viewer: a link saving the same blob
    fallback = preview.get_by_role("link", name=f"baixe {record['file_name']}")
    expect(fallback).to_have_attribute("href", src or "")
    expect(fallback).to_have_attribute("download", record["file_name"])
    assert_accessible(page, "exportar: PDF pronto, com a pré-visualização")

    # the download button: through the API with the Bearer token, saved under the export's name
    name, data = _download(page, download_button)
    assert name == record["file_name"] and name.endswith(".pdf")
    assert data.startswith(b"%PDF") and len(data) == record["size"]

    # the history row
    row = page.get_by_role("table").get_by_role("row").nth(1)
    expect(row).to_contain_text("PDF")
    expect(row).to_contain_text("Ana Exportadora (você)")
    expect(row).to_contain_text("Pronta")
    expect(row).to_contain_text(re.compile(r"expira em \d{2}/\d{2}/\d{4}"))
    expect(row.get_by_role("button", name=re.compile(r"^Baixar ETP em PDF, versão \d+"))).to_be_visible()
    _assert_reflows(page, "exportar: PDF pronto, pré-visualização e histórico")
    assert not _csp_violations(console, page), _csp_violations(console, page)


def test_docx_export_by_keyboard_downloads_a_word_file(page, web_stack, verified_user, signed_in_page):
    user = verified_user()
    etp = _create_etp(web_stack, user)
    signed_in_page(user)
    page.goto(f"/etps/{etp['id']}/exportar")

    # keyboard only: the radio group is one Tab stop, the arrows choose, Enter exports and downloads
    keyboard.tab_to(page, re.compile("^PDF"))
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name=re.compile("^DOCX"))).to_be_checked()
    keyboard.activate(page, "Exportar em DOCX")
    panel = _job_panel(page, "DOCX")
    button = panel.get_by_role("button", name=re.compile(rf"^Baixar ETP em DOCX {SIZE}$"))
    expect(button).to_be_visible(timeout=JOB_TIMEOUT_MS)
    expect(panel.get_by_role("button", name="Pré-visualizar o PDF")).to_have_count(0)
    assert_accessible(page, "exportar: DOCX pronto")
    with page.expect_download() as info:
        keyboard.activate(page, re.compile("^Baixar ETP em DOCX"))
    name, data = info.value.suggested_filename, Path(info.value.path()).read_bytes()
    record = _exports(web_stack, user, etp["id"])[0]
    assert name == record["file_name"] and name.endswith(".docx")
    assert data.startswith(b"PK") and len(data) == record["size"]  # a DOCX is a zip
    expect(page.get_by_role("table").get_by_role("row").nth(1)).to_contain_text("DOCX")


def test_an_expired_export_says_so_and_exports_again(app, page, web_stack, verified_user, signed_in_page):
    user = verified_user()
    etp = _create_etp(web_stack, user)
    signed_in_page(user)
    page.goto(f"/etps/{etp['id']}/exportar")
    page.get_by_role("button", name="Exportar em PDF").click()
    expect(_job_panel(page, "PDF").get_by_role("button", name=re.compile("^Baixar ETP em PDF"))).to_be_visible(
        timeout=JOB_TIMEOUT_MS
    )
    first = _exports(web_stack, user, etp["id"])[0]
    page.get_by_role("button", name="Fechar o painel").click()
    expect(page).not_to_have_url(re.compile("tarefa="))

    # the retention ends while the page is open: the row still says "Pronta", the download answers 410
    _expire(app, first["id"])
    row = page.get_by_role("table").get_by_role("row").nth(1)
    expect(row).to_contain_text("Pronta")
    row.get_by_role("button", name=re.compile("^Baixar ETP em PDF")).click()
    alert = row.get_by_role("alert")
    expect(alert).to_contain_text("expirou")
    expect(row).to_contain_text("expirado")  # the history read again
    expect(row).to_contain_text("Expirada")
    assert_accessible(page, "exportar: exportação expirada (410)")

    row.get_by_role("button", name="Exportar novamente em PDF").click()
    panel = _job_panel(page, "PDF")
    button = panel.get_by_role("button", name=re.compile(rf"^Baixar ETP em PDF {SIZE}$"))
    expect(button).to_be_visible(timeout=JOB_TIMEOUT_MS)
    records = _exports(web_stack, user, etp["id"])
    assert [r["status"] for r in records] == ["ready", "expired"] and records[0]["id"] != first["id"]
    name, data = _download(page, button)
    assert data.startswith(b"%PDF") and name == records[0]["file_name"]
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows).to_have_count(3)
    expect(rows.nth(1)).to_contain_text("Pronta")
    expect(rows.nth(2)).to_contain_text("expirado")


def test_a_notice_when_the_export_ends_on_another_page_links_back(app, page, web_stack, verified_user, signed_in_page):
    user = verified_user()
    etp = _create_etp(web_stack, user, title="Limpeza predial da sede")
    signed_in_page(user)
    page.goto(f"/etps/{etp['id']}/exportar")

    notices = page.get_by_role("status", name="Avisos de tarefas")
    with _worker_held_before_finishing(app):
        page.get_by_role("button", name="Exportar em PDF").click()
        expect(_job_panel(page, "PDF").get_by_text("Em andamento", exact=True)).to_be_visible(timeout=JOB_TIMEOUT_MS)
        # elsewhere: the ETP's overview, through the side nav
        page.get_by_role("link", name="Visão geral").click()
        expect(page).to_have_url(re.compile(rf"/etps/{etp['id']}$"))
        expect(notices).to_be_empty()

    expect(notices).to_contain_text(
        "A exportação em PDF do ETP “Limpeza predial da sede” terminou.", timeout=JOB_TIMEOUT_MS
    )
    assert_accessible(page, "aviso de exportação terminada em outra página")
    _assert_reflows(page, "aviso de exportação terminada em outra página")
    # a reload keeps it (sessionStorage)
    page.reload()
    expect(notices).to_contain_text("A exportação em PDF do ETP “Limpeza predial da sede” terminou.")

    notices.get_by_role("link", name="Abrir a página de exportação").click()
    expect(page).to_have_url(re.compile(rf"/etps/{etp['id']}/exportar\?tarefa=[0-9a-f-]{{36}}$"))
    expect(
        _job_panel(page, "PDF").get_by_role("button", name=re.compile(rf"^Baixar ETP em PDF {SIZE}$"))
    ).to_be_visible()
    expect(page.get_by_role("status", name="Avisos de tarefas")).to_have_count(0)  # nothing left to follow

    # a second one, dismissed instead
    with _worker_held_before_finishing(app):
        _choose(page, "JSON")
        page.get_by_role("button", name="Exportar em JSON").click()
        expect(_job_panel(page, "JSON").get_by_text("Em andamento", exact=True)).to_be_visible(timeout=JOB_TIMEOUT_MS)
        page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Meus ETPs").click()
    expect(notices).to_contain_text("A exportação em JSON", timeout=JOB_TIMEOUT_MS)
    notices.get_by_role("button", name=re.compile("^Dispensar o aviso")).click()
    expect(page.get_by_role("status", name="Avisos de tarefas")).to_have_count(0)
