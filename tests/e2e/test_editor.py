"""The section editor in real Chromium: autosave with If-Match and "Salvo às", the 412 conflict between
two browser contexts merged with nothing lost, a session revoked mid-edit recovered from the local
backup, a keyboard-only edit from the side navigation, and the accessibility of each state."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e import keyboard
from tests.e2e.a11y import assert_accessible
from tests.e2e.conftest import LIST_HEADING
from tests.helpers.jobs import ETP

pytestmark = pytest.mark.e2e

SECTION_II = "II — Previsão no plano de contratações anual"
SECTION_III = "III — Requisitos da contratação"


def _create_etp(web_stack, user: dict[str, Any]) -> str:
    resp = web_stack.api("/api/v1/etps", "POST", ETP, user["token"])
    assert resp.status_code == 201, resp.text
    return str(resp.json()["id"])


def _section(web_stack, user: dict[str, Any], etp_id: str, inciso: int) -> dict[str, Any]:
    resp = web_stack.api(
        f"/api/v1/etps/{etp_id}/sections/{inciso}", token=web_stack.login(user["email"], user["password"])
    )
    assert resp.status_code == 200, resp.text
    return dict(resp.json())


def _open_section(page, etp_id: str, inciso: int, heading: str):
    page.goto(f"/etps/{etp_id}/secoes/{inciso}")
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    return page.get_by_label("Texto da seção", exact=True)


def _save_status(page):
    return page.locator("#estado-salvamento")


def _sign_in_form(page, user: dict[str, Any]) -> None:
    # the labels start with "E-mail" / "Senha" (a required field adds "(obrigatório)" to its label)
    page.get_by_label(re.compile(r"^E-mail")).fill(user["email"])
    page.get_by_label(re.compile(r"^Senha")).fill(user["password"])
    page.get_by_role("button", name="Entrar", exact=True).click()


def _signed_in(page, user: dict[str, Any]):
    page.goto("/entrar")
    _sign_in_form(page, user)
    expect(page.get_by_role("heading", level=1, name=LIST_HEADING)).to_be_visible()
    return page


def test_edit_autosaves_and_the_text_survives_a_reload(web_stack, verified_user, page):
    user = verified_user()
    etp_id = _create_etp(web_stack, user)
    page = _signed_in(page, user)
    editor = _open_section(page, etp_id, 2, SECTION_II)
    nav = page.get_by_role("navigation", name="Seções do ETP")
    expect(nav.get_by_role("link", name=re.compile(r"^II — Previsão"))).to_have_attribute("aria-current", "page")
    assert_accessible(page, "editor da seção")

    editor.fill("A contratação consta do PCA de 2026, item 42.")
    expect(_save_status(page)).to_have_text(re.compile(r"Salvo às \d{2}:\d{2}"))
    assert _section(web_stack, user, etp_id, 2)["content"] == "A contratação consta do PCA de 2026, item 42."

    page.reload()
    expect(page.get_by_label("Texto da seção", exact=True)).to_have_value(
        "A contratação consta do PCA de 2026, item 42."
    )
    expect(nav.get_by_role("link", name=re.compile(r"^II — Previsão")).locator("xpath=..")).to_contain_text("Editada")

    page.get_by_role("button", name="Visualizar").click()
    expect(page.get_by_role("heading", name="Visualização")).to_be_visible()
    expect(page.locator(".etp-editor__preview")).to_contain_text("item 42")
    assert_accessible(page, "editor com a visualização aberta")


def test_two_contexts_conflict_and_the_merge_keeps_both_texts(web_stack, verified_user, new_context):
    user = verified_user()
    etp_id = _create_etp(web_stack, user)
    first = _signed_in(new_context().new_page(), user)
    second = _signed_in(new_context().new_page(), user)
    editor_1 = _open_section(first, etp_id, 3, SECTION_III)
    editor_2 = _open_section(second, etp_id, 3, SECTION_III)

    # the first person saves (blur saves at once); the second one, still on the text as it was, types
    editor_1.fill("Texto da primeira pessoa.")
    editor_1.blur()
    expect(_save_status(first)).to_have_text(re.compile(r"Salvo às"))
    editor_2.click()
    second.keyboard.type("Texto da segunda pessoa.")

    dialog = second.get_by_role("dialog", name="Outra pessoa salvou esta seção")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading", name="Seu texto")).to_be_visible()
    expect(dialog.get_by_role("heading", name=re.compile(r"^Texto salvo por .+ às \d{2}:\d{2}$"))).to_be_visible()
    expect(dialog.locator(".etp-diff ins").first).to_be_visible()
    assert_accessible(second, "editor com o diálogo de conflito aberto")

    dialog.get_by_role("button", name="Mesclar").click()
    merged = dialog.get_by_label("Texto mesclado")
    expect(merged).to_have_value(re.compile(r"Texto da segunda pessoa\.[\s\S]*Texto da primeira pessoa\."))
    dialog.get_by_role("button", name="Salvar o texto mesclado").click()
    expect(dialog).to_be_hidden()
    expect(_save_status(second)).to_have_text(re.compile(r"Salvo às"))

    saved = _section(web_stack, user, etp_id, 3)["content"]
    assert "Texto da primeira pessoa." in saved and "Texto da segunda pessoa." in saved, saved


def test_session_revoked_mid_edit_loses_nothing(web_stack, verified_user, page):
    user = verified_user()
    etp_id = _create_etp(web_stack, user)
    page = _signed_in(page, user)
    editor = _open_section(page, etp_id, 2, SECTION_II)
    editor.fill("Primeira parte, salva.")
    expect(_save_status(page)).to_have_text(re.compile(r"Salvo às"))

    # the same person signs out everywhere from another device; this tab still holds unsaved text
    other = web_stack.login(user["email"], user["password"])
    assert web_stack.api("/api/v1/auth/logout-all", "POST", token=other).status_code == 204
    editor.press("End")
    page.keyboard.type(" Segunda parte, ainda não salva.")

    expect(page).to_have_url(re.compile(r"/entrar\?proximo="))
    expect(page.get_by_text(re.compile(r"Sua sessão expirou ou foi encerrada"))).to_be_visible()
    _sign_in_form(page, user)

    expect(page.get_by_role("heading", level=1, name=SECTION_II)).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"Recuperamos um texto não salvo de \d{2}/\d{2}/\d{4} às \d{2}:\d{2}"))
    ).to_be_visible()
    page.get_by_role("button", name="Restaurar").click()
    expect(page.get_by_label("Texto da seção", exact=True)).to_have_value(
        "Primeira parte, salva. Segunda parte, ainda não salva."
    )
    expect(_save_status(page)).to_have_text(re.compile(r"Salvo às"))
    assert _section(web_stack, user, etp_id, 2)["content"] == "Primeira parte, salva. Segunda parte, ainda não salva."
    assert page.evaluate("() => Object.keys(localStorage).filter((k) => k.startsWith('etp-draft:'))") == []


def test_keyboard_only_edit_from_the_side_navigation(web_stack, verified_user, page):
    user = verified_user()
    etp_id = _create_etp(web_stack, user)
    page = _signed_in(page, user)
    _open_section(page, etp_id, 1, "I — Descrição da necessidade")

    keyboard.activate(page, re.compile(r"^III — Requisitos da contratação"))
    expect(page.get_by_role("heading", level=1, name=SECTION_III)).to_be_visible()
    keyboard.type_into(page, "Texto da seção", "Requisitos técnicos mínimos", exact=True)
    keyboard.activate(page, "Título", exact=True, backwards=True)  # the toolbar, one Shift+Tab stop before the field
    expect(page.get_by_label("Texto da seção", exact=True)).to_have_value("## Requisitos técnicos mínimos")
    page.keyboard.type(" de desempenho")  # the toolbar gave the focus back to the text
    expect(_save_status(page)).to_have_text(re.compile(r"Salvo às"))
    assert _section(web_stack, user, etp_id, 3)["content"] == "## Requisitos técnicos mínimos de desempenho"


def test_archived_etp_opens_read_only(web_stack, verified_user, page):
    user = verified_user()
    etp_id = _create_etp(web_stack, user)
    put = web_stack.api(f"/api/v1/etps/{etp_id}/sections/2", token=user["token"])
    resp = web_stack.api(
        f"/api/v1/etps/{etp_id}/sections/2",
        "PUT",
        {"content": "## Plano anual\n\nItem **42** do PCA."},
        user["token"],
        headers={"If-Match": put.headers["ETag"]},
    )
    assert resp.status_code == 200, resp.text
    assert (
        web_stack.api(f"/api/v1/etps/{etp_id}/status", "POST", {"status": "archived"}, user["token"]).status_code == 200
    )
    page = _signed_in(page, user)
    page.goto(f"/etps/{etp_id}/secoes/2")
    expect(page.get_by_role("heading", level=1, name=SECTION_II)).to_be_visible()
    expect(page.get_by_text(re.compile(r"Este ETP está arquivado"))).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Plano anual")).to_be_visible()
    expect(page.get_by_label("Texto da seção", exact=True)).to_have_count(0)
    assert_accessible(page, "seção somente leitura")


def test_narrow_screen_stacks_the_side_navigation_above_the_editor(web_stack, verified_user, new_context):
    user = verified_user()
    etp_id = _create_etp(web_stack, user)
    context = new_context(viewport={"width": 320, "height": 720})
    page = _signed_in(context.new_page(), user)
    _open_section(page, etp_id, 4, "IV — Estimativa das quantidades")
    nav = page.get_by_role("navigation", name="Seções do ETP").bounding_box()
    editor = page.get_by_label("Texto da seção", exact=True).bounding_box()
    assert nav and editor
    assert nav["y"] + nav["height"] <= editor["y"], (nav, editor)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
