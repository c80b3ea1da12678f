"""The versions page in real Chromium against the real stack (issue 13 §1): a section edited in the
editor, a save point "v1" made by keyboard only, a second edit, the word diff of v1 against the current
text, the restore of v1 after a confirmation that says what will change, and then — in the same
single-page session, so through the caches the restore invalidates — the section editor with the
restored text and the timeline with the version the restore created; axe on the timeline, the diff and
the dialog. A viewer sees the timeline and the comparison without write controls."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e import keyboard
from tests.e2e.a11y import assert_accessible
from tests.e2e.conftest import LIST_HEADING

pytestmark = pytest.mark.e2e

ETP = {
    "title": "Manutenção dos elevadores da sede",
    "objeto": "Serviço de manutenção preventiva e corretiva de elevadores",
}
SECTION_II = "II — Previsão no plano de contratações anual"
FIRST_TEXT = "A contratação consta do PCA de 2026, item 42, com recursos da fonte 100."
SECOND_TEXT = "A contratação consta do PCA de 2027, item 57, com recursos da fonte 100 e da fonte 150."


def _create_etp(web_stack, user: dict[str, Any]) -> str:
    resp = web_stack.api("/api/v1/etps", "POST", ETP, user["token"])
    assert resp.status_code == 201, resp.text
    return str(resp.json()["id"])


def _versions(web_stack, user: dict[str, Any], etp_id: str) -> list[dict[str, Any]]:
    resp = web_stack.api(f"/api/v1/etps/{etp_id}/versions", token=user["token"])
    assert resp.status_code == 200, resp.text
    return list(resp.json())


def _section_content(web_stack, user: dict[str, Any], etp_id: str, inciso: int) -> str:
    resp = web_stack.api(f"/api/v1/etps/{etp_id}/sections/{inciso}", token=user["token"])
    assert resp.status_code == 200, resp.text
    return str(resp.json()["content"])


def _signed_in(page, user: dict[str, Any]):
    page.goto("/entrar")
    page.get_by_label(re.compile(r"^E-mail")).fill(user["email"])
    page.get_by_label(re.compile(r"^Senha")).fill(user["password"])
    page.get_by_role("button", name="Entrar", exact=True).click()
    expect(page.get_by_role("heading", level=1, name=LIST_HEADING)).to_be_visible()
    return page


def _side_nav(page):
    return page.get_by_role("navigation", name="Seções do ETP")


def _edit_section_ii(page, text: str) -> None:
    _side_nav(page).get_by_role("link", name=re.compile(r"^II — Previsão")).click()
    expect(page.get_by_role("heading", level=1, name=SECTION_II)).to_be_visible()
    page.get_by_label("Texto da seção", exact=True).fill(text)
    expect(page.locator("#estado-salvamento")).to_have_text(re.compile(r"Salvo às \d{2}:\d{2}"))


def _open_versions(page) -> None:
    _side_nav(page).get_by_role("link", name="Versões").click()
    expect(page.get_by_role("heading", level=1, name="Versões do ETP")).to_be_visible()
    expect(page.get_by_role("list", name="Linha do tempo")).to_be_visible()


def _item(page, label: str):
    return (
        page.get_by_role("list", name="Linha do tempo")
        .get_by_role("listitem")
        .filter(has=page.get_by_role("heading", level=3, name=re.compile(rf"^Versão \d+ — {re.escape(label)}$")))
    )


def test_save_compare_and_restore_a_version_then_the_editor_shows_the_restored_text(web_stack, verified_user, page):
    user = verified_user()
    etp_id = _create_etp(web_stack, user)
    page = _signed_in(page, user)
    page.goto(f"/etps/{etp_id}")
    _edit_section_ii(page, FIRST_TEXT)

    # a save point by keyboard only: tab to the label, type it, tab to the button, press Enter
    _open_versions(page)
    assert_accessible(page, "versões: linha do tempo")
    keyboard.type_into(page, "Nome da versão", "v1", exact=True)
    keyboard.activate(page, "Salvar versão", exact=True)
    expect(page.get_by_role("status").filter(has_text=re.compile(r"Versão \d+ salva: v1\."))).to_be_visible()
    v1 = _item(page, "v1")
    expect(v1).to_be_visible()
    expect(v1).to_contain_text("Ponto de salvamento")
    expect(v1).to_contain_text(f"por {user['name']} (você)")
    saved = next(v for v in _versions(web_stack, user, etp_id) if v["label"] == "v1")
    number = saved["number"]
    assert saved["reason"] == "manual" and saved["created_by_name"] == user["name"]

    # a second edit, then v1 against the current text: the section's word diff
    _edit_section_ii(page, SECOND_TEXT)
    _open_versions(page)
    _item(page, "v1").get_by_role("button", name="Comparar com o estado atual").click()
    expect(page).to_have_url(re.compile(rf"/versoes\?a={number}&b=current"))
    result = page.get_by_role("heading", level=3, name=f"Diferenças da versão {number} para o estado atual")
    expect(result).to_be_visible()
    section = page.get_by_role("region", name=SECTION_II)
    expect(section).to_be_visible()
    expect(section).to_contain_text(re.compile(r"\+\d+ / −\d+ palavras"))
    expect(section.locator("del").filter(has_text="2026,").first).to_be_visible()
    expect(section.locator("ins").filter(has_text="2027,").first).to_be_visible()
    expect(section.locator("del .visually-hidden").first).to_have_text("[removido: ")
    # side by side on a wide screen; inline by the toggle, kept in the URL
    expect(section.get_by_text(f"Versão {number}", exact=True)).to_be_visible()
    expect(section.get_by_text("Estado atual", exact=True)).to_be_visible()
    assert_accessible(page, "versões: diferenças lado a lado")
    page.get_by_text("Em linha (um só texto)").click()
    expect(page).to_have_url(re.compile(r"modo=linha"))
    expect(section.get_by_text("Estado atual", exact=True)).to_have_count(0)
    expect(section.locator("ins").filter(has_text="2027,").first).to_be_visible()
    assert_accessible(page, "versões: diferenças em linha")
    page.reload()
    expect(page.get_by_role("radio", name="Em linha (um só texto)")).to_be_checked()
    expect(page.get_by_role("region", name=SECTION_II).locator("del").first).to_be_visible()

    # restore v1: the dialog says what will change, then the restore runs
    _item(page, "v1").get_by_role("button", name="Restaurar esta versão").click()
    dialog = page.get_by_role("dialog", name=f"Restaurar a versão {number}?")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading", name="O que vai mudar")).to_be_visible()
    expect(
        dialog.get_by_role("listitem").filter(has_text=re.compile(rf"^{re.escape(SECTION_II)}: \+\d+ / −\d+ palavras$"))
    ).to_be_visible()
    assert_accessible(page, "versões: diálogo de restauração")
    dialog.get_by_role("button", name=f"Restaurar a versão {number}").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("status").filter(has_text=f"Versão {number} restaurada.")).to_be_visible()
    before_restore = _item(page, f"Antes de restaurar a versão {number}")
    expect(before_restore).to_be_visible()
    expect(before_restore).to_contain_text("Antes de uma restauração")
    assert _section_content(web_stack, user, etp_id, 2) == FIRST_TEXT

    # the same page session: the editor's cached section was invalidated by the restore
    _side_nav(page).get_by_role("link", name=re.compile(r"^II — Previsão")).click()
    expect(page.get_by_role("heading", level=1, name=SECTION_II)).to_be_visible()
    expect(page.get_by_label("Texto da seção", exact=True)).to_have_value(FIRST_TEXT)
    _open_versions(page)
    expect(_item(page, f"Antes de restaurar a versão {number}")).to_be_visible()
    # the restore compared again with the current text: nothing differs from v1 any more
    _item(page, "v1").get_by_role("button", name="Comparar com o estado atual").click()
    expect(page.get_by_text(f"Nenhuma diferença entre a versão {number} e o estado atual.")).to_be_visible()


def test_a_viewer_sees_the_timeline_and_the_diff_without_write_controls(web_stack, verified_user, page):
    admin = verified_user()
    etp_id = _create_etp(web_stack, admin)
    resp = web_stack.api(f"/api/v1/etps/{etp_id}/versions", "POST", {"label": "Marco inicial"}, admin["token"])
    assert resp.status_code == 201, resp.text
    domain = admin["email"].split("@", 1)[1]
    viewer = verified_user(role="viewer", email=f"leitora@{domain}", name="Lia Leitora")
    page = _signed_in(page, viewer)
    page.goto(f"/etps/{etp_id}/versoes")
    expect(page.get_by_role("heading", level=1, name="Versões do ETP")).to_be_visible()
    item = _item(page, "Marco inicial")
    expect(item).to_contain_text(f"por {admin['name']}")
    expect(page.get_by_text(re.compile("Seu perfil na organização é de leitura"))).to_be_visible()
    expect(page.get_by_label("Nome da versão")).to_have_count(0)
    expect(page.get_by_role("button", name="Restaurar esta versão")).to_have_count(0)
    item.get_by_role("button", name="Comparar com o estado atual").click()
    expect(page.get_by_text(re.compile(r"Nenhuma diferença entre a versão \d+ e o estado atual\."))).to_be_visible()
    assert_accessible(page, "versões: leitura (perfil de consulta)")


def test_the_diff_reflows_at_320_px(web_stack, verified_user, new_context):
    user = verified_user()
    etp_id = _create_etp(web_stack, user)
    token = user["token"]
    url = f"/api/v1/etps/{etp_id}/sections/2"
    etag = web_stack.api(url, token=token).headers["ETag"]
    resp = web_stack.api(url, "PUT", {"content": FIRST_TEXT}, token, headers={"If-Match": etag})
    assert resp.status_code == 200, resp.text
    resp = web_stack.api(f"/api/v1/etps/{etp_id}/versions", "POST", {"label": "v1"}, token)
    assert resp.status_code == 201, resp.text
    number = resp.json()["number"]
    etag = web_stack.api(url, token=token).headers["ETag"]
    long_word = "Secretaria-Municipal-de-Infraestrutura-Urbana-e-Obras-Públicas-do-Município"
    resp = web_stack.api(url, "PUT", {"content": f"{SECOND_TEXT} {long_word}"}, token, headers={"If-Match": etag})
    assert resp.status_code == 200, resp.text

    page = new_context(viewport={"width": 320, "height": 720}).new_page()
    _signed_in(page, user)
    page.goto(f"/etps/{etp_id}/versoes?a={number}&b=current")
    section = page.get_by_role("region", name=SECTION_II)
    expect(section.locator("ins").first).to_be_visible()
    # narrow screen: the inline view by default (one text with the marks)
    expect(page.get_by_role("radio", name="Em linha (um só texto)")).to_be_checked()
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"horizontal scroll at 320 px: {widths}"
    clipped = page.evaluate(
        "() => [...document.querySelectorAll('main .br-button')]"
        ".filter((b) => b.scrollWidth > b.clientWidth + 1).map((b) => b.textContent.trim())"
    )
    assert clipped == [], f"buttons whose text is cut at 320 px: {clipped}"
    assert_accessible(page, "versões: diferenças a 320 px")
