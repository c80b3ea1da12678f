"""The ETP list, the new-ETP wizard and the facts form in real Chromium against the real stack (issue 12
§4: ETP list, New ETP): empty state → wizard through the five steps → the ETP created → back in the
list with its completion; full-text search; the API's 422 on the error summary; the facts form;
axe on every state."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.a11y import assert_accessible

pytestmark = pytest.mark.e2e

ETP_URL = re.compile(r"/etps/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _next(page) -> None:
    page.get_by_role("button", name=re.compile("Próxima etapa")).click()


def _step(page, number: int):
    heading = page.get_by_role("heading", level=2, name=re.compile(rf"^Etapa {number} de 5"))
    expect(heading).to_be_visible()
    return heading


def _wizard_to_identification(page) -> None:
    main = page.locator("main")
    main.get_by_role("link", name=re.compile("Criar o primeiro ETP|Novo ETP")).first.click()
    expect(page.get_by_role("heading", level=1, name="Novo ETP")).to_be_visible()
    _step(page, 1)
    # the four templates, each with what it adds
    expect(page.get_by_role("radio")).to_have_count(4)
    page.get_by_text("Serviços", exact=True).click()
    expect(page.get_by_role("radio", name=re.compile("^Serviços"))).to_be_checked()


def test_wizard_creates_an_etp_found_in_the_list_with_its_completion(page, verified_user, signed_in_page):
    signed_in_page(verified_user())
    main = page.locator("main")
    expect(main.get_by_text("art. 18 da Lei 14.133/2021")).to_be_visible()
    expect(main.get_by_role("link", name="Criar o primeiro ETP")).to_be_visible()
    assert_accessible(page, "lista de ETPs vazia")

    _wizard_to_identification(page)
    assert_accessible(page, "assistente, etapa 1 (tipo de contratação)")
    _next(page)

    _step(page, 2)
    # the client knows title and objeto are required: "next" stays on the step and says so
    _next(page)
    _step(page, 2)
    expect(page.get_by_label(re.compile("^Título"))).to_have_attribute("aria-invalid", "true")
    page.get_by_label(re.compile("^Título")).fill("Jardinagem do campus")
    page.get_by_label(re.compile("^Objeto")).fill("Serviço contínuo de jardinagem e paisagismo do campus universitário")
    page.get_by_label("Número do processo").fill("23000.000456/2026-10")
    page.get_by_label("UASG", exact=True).fill("160001")
    page.get_by_label("Órgão ou entidade").fill("Universidade Federal Exemplo")
    page.get_by_label("Nome do responsável técnico").fill("Ana Lima")
    assert_accessible(page, "assistente, etapa 2 (identificação)")
    _next(page)

    _step(page, 3)
    page.get_by_label("Quantidade estimada").fill("12")
    page.get_by_label("Unidade de medida").fill("mês")
    page.get_by_label("Valor unitário").fill("R$ 8.233,33")
    page.get_by_label("Valor total estimado").fill("R$ 98.799,96")
    assert_accessible(page, "assistente, etapa 3 (quantidades e valores)")
    _next(page)

    _step(page, 4)
    page.get_by_label("Descrição da necessidade").fill("Os jardins do campus precisam de manutenção contínua.")
    page.get_by_label("Nível de risco").select_option("baixo")
    assert_accessible(page, "assistente, etapa 4 (necessidade e riscos)")
    _next(page)

    _step(page, 5)
    expect(page.get_by_role("group", name=re.compile("Serviço de natureza continuada"))).to_be_visible()
    page.get_by_role("group", name=re.compile("Serviço de natureza continuada")).get_by_text("Sim", exact=True).click()
    page.get_by_label(re.compile(r"^Área a atender")).fill("12.500,5")
    assert_accessible(page, "assistente, etapa 5 (dados específicos)")
    page.get_by_role("button", name=re.compile("Criar ETP")).click()
    expect(page).to_have_url(ETP_URL)

    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Meus ETPs").click()
    expect(page.get_by_role("heading", level=1, name="Estudos Técnicos Preliminares")).to_be_visible()
    row = main.get_by_role("row", name=re.compile("Jardinagem do campus"))
    expect(row).to_contain_text("0 de 5 obrigatórias · 0 de 13")
    expect(row).to_contain_text("Em elaboração")
    expect(row).to_contain_text("23000.000456/2026-10")
    assert_accessible(page, "lista de ETPs com um ETP")

    # the API's full-text search, by a word of the objeto, kept in the URL
    main.get_by_label("Buscar por título ou objeto").fill("paisagismo")
    main.get_by_role("button", name="Buscar").click()
    expect(page).to_have_url(re.compile(r"/etps\?q=paisagismo$"))
    expect(main.get_by_role("link", name="Jardinagem do campus")).to_be_visible()
    main.get_by_label("Buscar por título ou objeto").fill("encanamento")
    main.get_by_role("button", name="Buscar").click()
    expect(main.get_by_text("Nenhum ETP corresponde à busca")).to_be_visible()
    assert_accessible(page, "lista de ETPs, busca sem resultado")
    page.reload()
    expect(main.get_by_label("Buscar por título ou objeto")).to_have_value("encanamento")
    expect(main.get_by_text("Nenhum ETP corresponde à busca")).to_be_visible()
    main.get_by_role("button", name="Limpar filtros").click()
    expect(main.get_by_role("link", name="Jardinagem do campus")).to_be_visible()


def test_a_422_from_the_api_shows_the_error_summary_linking_to_the_field(page, verified_user, signed_in_page):
    signed_in_page(verified_user())
    _wizard_to_identification(page)
    _next(page)
    _step(page, 2)
    page.get_by_label(re.compile("^Título")).fill("Compra de cadeiras")
    page.get_by_label(re.compile("^Objeto")).fill("Aquisição de cadeiras de escritório")
    page.get_by_label("UASG", exact=True).fill("12345")  # the client lets it through; the API wants 6 digits
    for number in (3, 4, 5):
        _next(page)
        _step(page, number)
    page.get_by_role("button", name=re.compile("Criar ETP")).click()

    summary = page.get_by_role("alert").filter(has_text="Corrija os campos abaixo")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    _step(page, 2)  # the wizard went back to the step of the field
    link = summary.get_by_role("link", name=re.compile("^UASG: "))
    expect(link).to_have_attribute("href", "#campo-uasg")
    expect(page.get_by_label("UASG", exact=True)).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "assistente com o resumo de erros da API")
    link.click()
    expect(page.get_by_label("UASG", exact=True)).to_be_focused()
    expect(page).to_have_url(re.compile(r"/etps/novo$"))


def test_facts_form_saves_with_if_match(page, verified_user, signed_in_page, web_stack):
    user = verified_user()
    created = web_stack.api(
        "/api/v1/etps",
        "POST",
        {"title": "Reforma do bloco B", "objeto": "Reforma da cobertura do bloco B", "template_type": "obras"},
        token=user["token"],
    )
    assert created.status_code == 201, created.text
    etp_id = created.json()["id"]
    signed_in_page(user)
    page.goto(f"/etps/{etp_id}/dados")
    expect(page.get_by_role("heading", level=1, name="Dados do ETP")).to_be_visible()
    title = page.get_by_label(re.compile("^Título"))
    expect(title).to_have_value("Reforma do bloco B")
    expect(page.get_by_label(re.compile("^Natureza da intervenção"))).to_be_visible()  # the obras template
    assert_accessible(page, "formulário de dados do ETP")

    page.get_by_label("Valor total estimado").fill("R$ 250.000,00")
    page.get_by_role("button", name=re.compile("Salvar dados")).click()
    expect(page.get_by_text(re.compile(r"Dados salvos às \d\d:\d\d"))).to_be_visible()
    saved = web_stack.api(f"/api/v1/etps/{etp_id}", token=user["token"]).json()
    assert saved["valor_estimado"] == "250000.00"

    # an impossible value the client lets through: the API's 422 lands on the field
    page.get_by_label("Prazo de execução (dias)").fill("99999")
    page.get_by_role("button", name=re.compile("Salvar dados")).click()
    summary = page.get_by_role("alert").filter(has_text="Corrija os campos abaixo")
    expect(summary).to_be_focused()
    expect(page.get_by_label("Prazo de execução (dias)")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "formulário de dados com o resumo de erros")


def test_facts_form_412_shows_both_versions_and_keeps_mine_over_theirs(page, verified_user, signed_in_page, web_stack):
    user = verified_user()
    created = web_stack.api(
        "/api/v1/etps", "POST", {"title": "Compra de toner", "objeto": "Aquisição de toner"}, token=user["token"]
    )
    assert created.status_code == 201, created.text
    etp_id = created.json()["id"]
    signed_in_page(user)
    page.goto(f"/etps/{etp_id}/dados")
    title = page.get_by_label(re.compile("^Título"))
    expect(title).to_have_value("Compra de toner")

    # someone else saves while this form is open
    current = web_stack.api(f"/api/v1/etps/{etp_id}", token=user["token"])
    other = web_stack.api(
        f"/api/v1/etps/{etp_id}",
        "PATCH",
        {"title": "Toner para as impressoras do bloco A", "riscos": "Atraso na entrega"},
        token=user["token"],
        headers={"If-Match": current.headers["ETag"]},
    )
    assert other.status_code == 200, other.text

    title.fill("Compra de toner e cilindros")
    page.get_by_role("button", name=re.compile("Salvar dados")).click()
    conflict = page.get_by_role("alert", name="Outra pessoa salvou este ETP antes de você")
    expect(conflict).to_be_visible()
    row = conflict.get_by_role("row", name=re.compile("Título"))
    expect(row).to_contain_text("Compra de toner e cilindros")
    expect(row).to_contain_text("Toner para as impressoras do bloco A")
    expect(title).to_have_value("Compra de toner e cilindros")  # nothing typed is lost
    assert_accessible(page, "formulário de dados com o conflito (412)")

    conflict.get_by_role("button", name=re.compile("Usar os meus dados")).click()
    expect(page.get_by_text(re.compile(r"Dados salvos às"))).to_be_visible()
    saved = web_stack.api(f"/api/v1/etps/{etp_id}", token=user["token"]).json()
    assert saved["title"] == "Compra de toner e cilindros"
    assert saved["riscos"] == "Atraso na entrega"  # the other person's change to a field not edited here stays
    expect(page.get_by_label("Riscos", exact=True)).to_have_value("Atraso na entrega")
