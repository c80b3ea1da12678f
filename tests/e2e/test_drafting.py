"""Drafting in real Chromium: "Redigir todas as seções vazias" with the live progress panel (the job
in ``?tarefa=``, resumed after a reload), a single-section draft that arrives as a suggestion because
a person edited the section meanwhile, accepting it, the approval blocked by an empty mandatory section
(links to it), the fix and the approval by another person, the read-only approved ETP; a keyboard-only
run of the drafting path; the accessibility of each state."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e import keyboard
from tests.e2e.a11y import assert_accessible
from tests.helpers.jobs import ETP
from tests.helpers.polling import wait_for

pytestmark = pytest.mark.e2e

DRAFT_ALL = "Redigir todas as seções vazias"
JOB_TIMEOUT_MS = 90_000  # a whole-ETP draft at the latency set below, with room for a loaded machine
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII"]
CLEAN_TEXT = (
    "Texto revisado pela equipe de planejamento da contratação para o elemento {code} do estudo, "
    "com as informações levantadas junto à unidade requisitante."
)


def _create_etp(web_stack, user: dict[str, Any]) -> str:
    # with the type-specific field the approval of a "ti" ETP requires
    body = {**ETP, "campos": {"enquadramento_in94": "bens_tic"}}
    resp = web_stack.api("/api/v1/etps", "POST", body, user["token"])
    assert resp.status_code == 201, resp.text
    return str(resp.json()["id"])


def _token(web_stack, user: dict[str, Any]) -> str:
    return web_stack.login(user["email"], user["password"])


def _section(web_stack, token: str, etp_id: str, inciso: int) -> dict[str, Any]:
    resp = web_stack.api(f"/api/v1/etps/{etp_id}/sections/{inciso}", token=token)
    assert resp.status_code == 200, resp.text
    return dict(resp.json())


def _put_section(web_stack, token: str, etp_id: str, inciso: int, content: str) -> None:
    etag = _section(web_stack, token, etp_id, inciso)["etag"]
    resp = web_stack.api(
        f"/api/v1/etps/{etp_id}/sections/{inciso}", "PUT", {"content": content}, token, headers={"If-Match": etag}
    )
    assert resp.status_code == 200, resp.text


def _make_approvable_but_section_i(web_stack, token: str, etp_id: str) -> None:
    """Every section a person's reviewed text (what a servant does section by section in the editor,
    which tests/e2e/test_editor.py covers), then the mandatory section I emptied."""
    for inciso in range(1, 14):
        _put_section(web_stack, token, etp_id, inciso, CLEAN_TEXT.format(code=ROMAN[inciso - 1]))
        resp = web_stack.api(f"/api/v1/etps/{etp_id}/sections/{inciso}/review", "POST", None, token)
        assert resp.status_code == 200, resp.text
    _put_section(web_stack, token, etp_id, 1, "")


def _team(verified_user) -> tuple[dict[str, Any], dict[str, Any]]:
    """An approver (the organization's admin) and an author (a member of the same organization):
    separation of duties keeps the only author from approving."""
    approver = verified_user(name="Ana Aprovadora")
    domain = approver["email"].split("@", 1)[1]
    author = verified_user(role="member", email=f"autora@{domain}", name="Bruna Autora")
    return approver, author


def _rows(page):
    return page.get_by_role("list", name="Andamento por seção").get_by_role("listitem")


def _nav_item(page, code: str):
    nav = page.get_by_role("navigation", name="Seções do ETP")
    return nav.get_by_role("link", name=re.compile(rf"^{code} — ")).locator("xpath=..")


def test_draft_all_suggestion_accept_blocked_approval_fix_and_approve(
    web_stack, verified_user, signed_in_page, new_context
):
    approver, author = _team(verified_user)
    etp_id = _create_etp(web_stack, author)
    web_stack.fake_openai.latency = 0.8  # 13 sections ≈ 10 s: the progress is there to be watched
    page = signed_in_page(author)

    # the overview: the ETP's facts and the draft-all button
    page.goto(f"/etps/{etp_id}")
    expect(page.get_by_role("heading", level=1, name=ETP["title"])).to_be_visible()
    expect(page.get_by_text("R$ 480.000,00")).to_be_visible()
    expect(page.locator("dd").filter(has_text="0 de 5 obrigatórias · 0 de 13")).to_be_visible()
    page.get_by_label("Instruções para a IA (opcional)").fill("Use linguagem simples.")
    page.get_by_role("button", name=DRAFT_ALL).click()

    # the job in the URL; rows change while it runs; the side nav's tags follow without a reload
    expect(page).to_have_url(re.compile(r"[?&]tarefa=[0-9a-f-]{36}"))
    job_id = re.search(r"tarefa=([0-9a-f-]{36})", page.url).group(1)  # type: ignore[union-attr]
    expect(_rows(page)).to_have_count(13)
    expect(_rows(page).first).to_contain_text(re.compile(r"Em redação|Redigida"))
    expect(_rows(page).last).to_contain_text("Aguardando")
    assert_accessible(page, "visão geral com a redação em andamento")
    expect(_rows(page).nth(1)).to_contain_text("Redigida", timeout=JOB_TIMEOUT_MS)
    expect(_nav_item(page, "I")).to_contain_text("Redigida pela IA")
    live = page.get_by_test_id("anuncio-redacao")
    expect(live).to_contain_text(re.compile(r"Seção I+ redigida\."))

    # a reload resumes watching the same job
    page.reload()
    expect(page).to_have_url(re.compile(rf"tarefa={job_id}"))
    expect(_rows(page)).to_have_count(13)
    expect(page.get_by_text("13 de 13 seções prontas", exact=True)).to_be_visible(timeout=JOB_TIMEOUT_MS)
    expect(live).to_contain_text("Redação concluída.")
    expect(page.get_by_text("Redação concluída. Revise cada texto antes de usá-lo.")).to_be_visible()
    expect(_nav_item(page, "XIII")).to_contain_text("Redigida pela IA")
    expect(page.locator("dd").filter(has_text="5 de 5 obrigatórias · 13 de 13")).to_be_visible()
    expect(page.get_by_role("note", name="Seções redigidas por IA a revisar")).to_contain_text(
        "13 seções foram redigidas"
    )
    expect(page.get_by_role("button", name=DRAFT_ALL)).to_be_enabled()

    # every section has content now: a second draft-all is a clear 409
    page.get_by_role("button", name=DRAFT_ALL).click()
    expect(page.get_by_text(re.compile(r"Todas as seções já têm conteúdo"))).to_be_visible()

    # a single-section draft while the person edits that section: the draft arrives as a suggestion
    web_stack.fake_openai.latency = 4.0
    page.get_by_role("navigation", name="Seções do ETP").get_by_role("link", name=re.compile(r"^II — ")).click()
    expect(page.get_by_role("heading", level=1, name=re.compile(r"^II — "))).to_be_visible()
    expect(page.get_by_role("note", name="Aviso de conteúdo gerado por IA")).to_contain_text("inteligência artificial")
    page.get_by_role("button", name="Redigir com IA").click()
    expect(page).to_have_url(re.compile(r"/secoes/2\?tarefa="))
    expect(page.get_by_role("button", name="Cancelar a redação")).to_be_visible()
    expect(_nav_item(page, "II")).to_contain_text("Em redação")
    editor = page.get_by_label("Texto da seção", exact=True)
    editor.fill("Texto escrito pela autora enquanto a IA redigia.")
    expect(page.locator("#estado-salvamento")).to_have_text(re.compile(r"Salvo às \d{2}:\d{2}"))
    suggestion = page.get_by_role("region", name="Sugestão da IA")
    expect(suggestion).to_be_visible(timeout=JOB_TIMEOUT_MS)
    expect(
        page.get_by_text("O texto da seção foi mantido: o rascunho da IA ficou como sugestão para você revisar.")
    ).to_be_visible()
    expect(editor).to_have_value("Texto escrito pela autora enquanto a IA redigia.")
    expect(suggestion.locator("ins").first).to_be_visible()
    assert_accessible(page, "editor com a sugestão da IA")
    suggested = _section(web_stack, _token(web_stack, author), etp_id, 2)["suggestion"]
    suggestion.get_by_role("button", name="Aceitar a sugestão").click()
    expect(suggestion).to_be_hidden()
    wait_for(
        lambda: _section(web_stack, _token(web_stack, author), etp_id, 2)["content"] == suggested,
        timeout=15,
        message="the accepted suggestion as the section's text",
    )

    # the sections made approvable except the mandatory section I, then sent to review
    _make_approvable_but_section_i(web_stack, _token(web_stack, author), etp_id)
    page.goto(f"/etps/{etp_id}")
    page.get_by_role("button", name="Enviar para revisão").click()
    expect(page.get_by_text("ETP enviado para revisão.")).to_be_visible()

    # the approver: blocked, with links to the blocking section
    approver_page = new_context().new_page()
    signed_in_page(approver, approver_page)
    approver_page.goto(f"/etps/{etp_id}")
    expect(approver_page.get_by_role("heading", level=1, name=ETP["title"])).to_be_visible()
    approver_page.get_by_role("button", name="Aprovar", exact=True).click()
    dialog = approver_page.get_by_role("dialog", name="Aprovar o ETP")
    expect(dialog).to_be_visible()
    blocker = dialog.get_by_role("link", name=re.compile(r"^Seção I — "))
    expect(blocker).to_be_visible()
    expect(dialog).to_contain_text("Seção obrigatória sem conteúdo.")
    expect(dialog.get_by_role("button", name="Confirmar a aprovação")).to_be_disabled()
    assert_accessible(approver_page, "aprovação bloqueada por seção obrigatória vazia")

    # the fix: the link opens section I; the text written, saved and reviewed
    blocker.click()
    expect(approver_page.get_by_role("heading", level=1, name=re.compile(r"^I — "))).to_be_visible()
    approver_page.get_by_label("Texto da seção", exact=True).fill(CLEAN_TEXT.format(code="I"))
    expect(approver_page.locator("#estado-salvamento")).to_have_text(re.compile(r"Salvo às"))
    approver_page.get_by_role("button", name="Aprovar seção").click()
    expect(approver_page.get_by_text("Seção aprovada: a revisão foi registrada.")).to_be_visible()

    # approved, then read-only everywhere
    approver_page.get_by_role("navigation", name="Seções do ETP").get_by_role("link", name="Visão geral").click()
    approver_page.get_by_role("button", name="Aprovar", exact=True).click()
    expect(dialog.get_by_text(re.compile(r"Nada impede a aprovação"))).to_be_visible()
    dialog.get_by_role("button", name="Confirmar a aprovação").click()
    expect(approver_page.get_by_text(re.compile(r"Aprovado em \d{2}/\d{2}/\d{4} por Ana Aprovadora\."))).to_be_visible()
    expect(approver_page.get_by_role("button", name=DRAFT_ALL)).to_have_count(0)
    expect(approver_page.get_by_role("button", name="Verificar todas")).to_have_count(0)
    assert_accessible(approver_page, "visão geral do ETP aprovado, somente leitura")
    approver_page.get_by_role("navigation", name="Seções do ETP").get_by_role(
        "link", name=re.compile(r"^IV — ")
    ).click()
    expect(approver_page.get_by_role("button", name="Redigir com IA")).to_be_disabled()
    assert web_stack.api(f"/api/v1/etps/{etp_id}", token=_token(web_stack, author)).json()["status"] == "approved"


def test_keyboard_only_drafting_path(web_stack, verified_user, page):
    user = verified_user()
    etp_id = _create_etp(web_stack, user)
    page.goto("/entrar")
    keyboard.type_into(page, "E-mail", user["email"], exact=True)
    keyboard.type_into(page, "Senha", user["password"], exact=True)
    keyboard.activate(page, "Entrar", exact=True)
    expect(page.get_by_role("heading", level=1, name="Estudos Técnicos Preliminares")).to_be_visible()
    page.goto(f"/etps/{etp_id}")
    expect(page.get_by_role("heading", level=1, name=ETP["title"])).to_be_visible()

    keyboard.type_into(page, "Instruções para a IA (opcional)", "Seja objetivo.", exact=True)
    keyboard.activate(page, DRAFT_ALL, exact=True)
    expect(page).to_have_url(re.compile(r"tarefa="))
    expect(page.get_by_text("13 de 13 seções prontas", exact=True)).to_be_visible(timeout=JOB_TIMEOUT_MS)
    keyboard.activate(page, "Abrir a seção IV", exact=True)
    expect(page.get_by_role("heading", level=1, name=re.compile(r"^IV — "))).to_be_visible()
    expect(page.get_by_role("note", name="Aviso de conteúdo gerado por IA")).to_be_visible()

    # one section again, from its editor, by keyboard: the person's text is kept, the draft suggested
    keyboard.type_into(page, "Texto da seção", " Complemento da autora.", exact=True)
    expect(page.locator("#estado-salvamento")).to_have_text(re.compile(r"Salvo às"))
    keyboard.activate(page, "Redigir com IA", exact=True, backwards=True)
    suggestion = page.get_by_role("region", name="Sugestão da IA")
    expect(suggestion).to_be_visible(timeout=JOB_TIMEOUT_MS)
    keyboard.activate(page, "Descartar", exact=True)
    expect(suggestion).to_be_hidden()


def test_cancel_a_running_draft(web_stack, verified_user, signed_in_page):
    user = verified_user()
    etp_id = _create_etp(web_stack, user)
    web_stack.fake_openai.latency = 1.5
    page = signed_in_page(user)
    page.goto(f"/etps/{etp_id}")
    page.get_by_role("button", name=DRAFT_ALL).click()
    expect(_rows(page).first).to_contain_text("Redigida", timeout=JOB_TIMEOUT_MS)
    page.get_by_role("button", name="Cancelar").click()
    expect(page.get_by_text("Redação cancelada: as seções não redigidas ficaram como estavam.")).to_be_visible()
    expect(page.get_by_test_id("anuncio-redacao")).to_contain_text("Redação cancelada.")
    expect(page.get_by_role("button", name="Cancelar")).to_have_count(0)
    token = _token(web_stack, user)
    wait_for(
        lambda: all(_section(web_stack, token, etp_id, i)["status"] != "drafting" for i in range(1, 14)),
        timeout=30,
        message="the sections released by the cancel",
    )
    page.get_by_role("button", name="Fechar o painel").click()
    expect(page).not_to_have_url(re.compile(r"tarefa="))
    expect(page.get_by_role("button", name=DRAFT_ALL)).to_be_enabled()
