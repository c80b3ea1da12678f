"""The whole beginning of a servant's work in one browser session (issue 12 §5): register → confirm the
e-mail from the mail's link → sign in → no organization yet: ask to join the one of the e-mail's
domain → an org admin approves → the ETP list → the wizard → "Redigir todas as seções vazias" →
the progress panel until all 13 sections are drafted. What follows on the same path (a draft that
arrives as a suggestion, accept, approval blocked with links, fix, approve) is
tests/e2e/test_drafting.py's main test."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.a11y import assert_accessible
from tests.e2e.conftest import LIST_HEADING
from tests.e2e.test_accounts import _mail_link
from tests.helpers.polling import wait_for

pytestmark = pytest.mark.e2e

JOB_TIMEOUT_MS = 90_000


def test_register_join_wizard_and_draft_all_sections(page, web_stack, verified_user):
    admin = verified_user(name="Ana Administradora")
    domain = admin["email"].split("@", 1)[1]
    email = f"servidora@{domain}"
    password = "Compras-Publicas-2026"
    web_stack.fake_openai.latency = 0.4

    # register and confirm
    page.goto("/cadastro")
    page.get_by_label(re.compile(r"^Nome completo")).fill("Clara Servidora")
    page.get_by_label(re.compile(r"^E-mail")).fill(email)
    page.get_by_label(re.compile(r"^Senha")).fill(password)
    page.get_by_label(re.compile(r"^Confirme a senha")).fill(password)
    page.get_by_role("button", name="Criar conta").click()
    expect(page.get_by_role("heading", level=1, name="Confira seu e-mail")).to_be_visible()
    page.goto(_mail_link(web_stack, email, "verify_email"))
    expect(page.get_by_role("heading", level=1, name="E-mail confirmado")).to_be_visible()

    # sign in: confirmed but in no organization, so the app offers to join the domain's one
    page.get_by_role("link", name="Entrar", exact=True).click()
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_label("Senha", exact=True).fill(password)
    page.get_by_role("button", name="Entrar", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Entrar em uma organização")).to_be_visible()
    assert_accessible(page, "conta sem organização")
    page.get_by_label("Mensagem para o administrador (opcional)").fill("Setor de compras")
    page.get_by_role("button", name=re.compile(r"^Pedir para entrar em ")).click()
    expect(page.get_by_text(re.compile(r"^Pedido enviado"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"Aguardando a decisão de um administrador"))).to_be_visible()

    # the org admin approves (their own pages are part 2 of the web app: through the API here)
    def pending() -> str | None:
        resp = web_stack.api("/api/v1/organization/join-requests", token=admin["token"])
        assert resp.status_code == 200, resp.text
        items = [r for r in resp.json() if (r.get("requester") or {}).get("email") == email]
        return str(items[0]["id"]) if items else None

    request_id = wait_for(pending, timeout=15, message="the join request")
    approved = web_stack.api(
        f"/api/v1/organization/join-requests/{request_id}/approve", "POST", {"role": "member"}, admin["token"]
    )
    assert approved.status_code == 200, approved.text

    # a reload: the session comes back from the refresh cookie, now with the organization
    page.reload()
    expect(page.get_by_role("heading", level=1, name=LIST_HEADING)).to_be_visible()
    main = page.locator("main")
    main.get_by_role("link", name="Criar o primeiro ETP").click()

    # the wizard, five steps
    expect(page.get_by_role("heading", level=1, name="Novo ETP")).to_be_visible()
    page.get_by_text("Bens e materiais", exact=True).click()
    page.get_by_role("button", name=re.compile("Próxima etapa")).click()
    page.get_by_label(re.compile("^Título")).fill("Cadeiras para as escolas")
    page.get_by_label(re.compile("^Objeto")).fill("Aquisição de 240 cadeiras escolares para a rede municipal")
    page.get_by_label("UASG", exact=True).fill("987654")
    page.get_by_role("button", name=re.compile("Próxima etapa")).click()
    page.get_by_label("Quantidade estimada").fill("240")
    page.get_by_label("Unidade de medida").fill("unidade")
    page.get_by_label("Valor unitário").fill("R$ 2.000,00")
    page.get_by_label("Valor total estimado").fill("R$ 480.000,00")
    page.get_by_role("button", name=re.compile("Próxima etapa")).click()
    page.get_by_label("Descrição da necessidade").fill("As escolas municipais têm cadeiras quebradas.")
    page.get_by_role("button", name=re.compile("Próxima etapa")).click()
    expect(page.get_by_role("heading", level=2, name=re.compile(r"^Etapa 5 de 5"))).to_be_visible()
    page.get_by_role("button", name=re.compile("Criar ETP")).click()

    # the overview: draft every empty section and watch it happen
    expect(page.get_by_role("heading", level=1, name="Cadeiras para as escolas")).to_be_visible()
    expect(page.get_by_text("R$ 480.000,00")).to_be_visible()
    page.get_by_role("button", name="Redigir todas as seções vazias").click()
    expect(page).to_have_url(re.compile(r"[?&]tarefa=[0-9a-f-]{36}"))
    rows = page.get_by_role("list", name="Andamento por seção").get_by_role("listitem")
    expect(rows).to_have_count(13)
    expect(page.get_by_text("13 de 13 seções prontas", exact=True)).to_be_visible(timeout=JOB_TIMEOUT_MS)
    expect(page.get_by_test_id("anuncio-redacao")).to_contain_text("Redação concluída.")
    nav = page.get_by_role("navigation", name="Seções do ETP")
    for code in ("I", "IV", "VI", "XIII"):
        expect(nav.get_by_role("link", name=re.compile(rf"^{code} — ")).locator("xpath=..")).to_contain_text(
            "Redigida pela IA"
        )
    expect(page.locator("dd").filter(has_text="5 de 5 obrigatórias · 13 de 13")).to_be_visible()
    assert_accessible(page, "visão geral após redigir as 13 seções")
