"""The organization's usage and budget and its audit trail in real Chromium against the real stack (issue
13 §3): after a drafting job run by the real worker against the fake OpenAI (which counts tokens), the
usage page shows the month's tokens by person and by ETP and the daily chart; the org admin sets the
budget (by mouse, and by keyboard only) and sees it saved and what is left; the audit trail filtered
by action and by period, paged, an entry's before/after as a table, and the CSV downloaded with the
same filters. axe on every state."""

from __future__ import annotations

import codecs
import csv
import io
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e import keyboard
from tests.e2e.a11y import assert_accessible
from tests.helpers.jobs import ETP
from tests.helpers.polling import wait_for

pytestmark = pytest.mark.e2e

JOB_TIMEOUT = 90.0  # one section drafted by the worker at the fake's latency, on a busy machine


def _team(verified_user) -> tuple[dict[str, Any], dict[str, Any]]:
    admin = verified_user(name="Ana Administradora")
    domain = admin["email"].split("@", 1)[1]
    author = verified_user(role="member", email=f"bruna@{domain}", name="Bruna Autora")
    return admin, author


def _create_etp(web_stack, user: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    resp = web_stack.api("/api/v1/etps", "POST", {**ETP, **overrides}, user["token"])
    assert resp.status_code == 201, resp.text
    return dict(resp.json())


def _draft_section(web_stack, user: dict[str, Any], etp_id: str) -> dict[str, Any]:
    resp = web_stack.api(f"/api/v1/etps/{etp_id}/sections/1/draft", "POST", {}, user["token"])
    assert resp.status_code == 202, resp.text
    job_id = resp.json()["id"]

    def finished():
        job = web_stack.api(f"/api/v1/jobs/{job_id}", token=user["token"]).json()
        return job if job["state"] in ("succeeded", "failed", "cancelled") else None

    job = wait_for(finished, timeout=JOB_TIMEOUT, interval=0.2, message=f"draft job {job_id}")
    assert job["state"] == "succeeded", job
    return dict(job)


def _usage(web_stack, user: dict[str, Any]) -> dict[str, Any]:
    resp = web_stack.api("/api/v1/usage", token=user["token"])
    assert resp.status_code == 200, resp.text
    return dict(resp.json())


def _pt_int(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def test_usage_page_after_a_draft_shows_the_breakdown_and_the_budget_is_set_and_removed(
    page, verified_user, signed_in_page, web_stack
):
    admin, author = _team(verified_user)
    etp = _create_etp(web_stack, author, title="Notebooks para a Secretaria de Saúde")
    _draft_section(web_stack, author, etp["id"])
    used = _usage(web_stack, admin)["tokens_used"]
    assert used > 0, "the fake OpenAI reports the tokens of its answers"

    signed_in_page(admin)
    page.goto("/organizacao/consumo")
    main = page.locator("main")
    expect(page.get_by_role("heading", level=1, name="Consumo e orçamento")).to_be_visible()
    expect(main.get_by_role("navigation", name="Administração da organização")).to_be_visible()
    expect(main.get_by_text(re.compile(r"Sem limite: a organização não tem orçamento mensal definido"))).to_be_visible()
    expect(main.get_by_text("Tokens no mês", exact=True).locator("xpath=following-sibling::dd[1]")).to_have_text(
        _pt_int(used)
    )

    # the daily chart, with its text alternative in words and as a table
    chart = main.get_by_role("img", name=re.compile("Gráfico de barras dos tokens por dia"))
    expect(chart).to_be_visible()
    expect(chart.locator("rect")).to_have_count(1)
    expect(main.locator("figcaption")).to_contain_text(f"{_pt_int(used)} tokens em 1 dia com uso")
    main.get_by_text("Ver os dados do gráfico em tabela").click()
    today = datetime.now(UTC).date()
    expect(main.get_by_role("region", name="Tokens por dia do mês").get_by_role("row")).to_have_count(today.day + 1)

    # by person and by ETP
    people = main.get_by_role("region", name="Por pessoa")
    bruna = people.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Bruna Autora"))
    expect(bruna.get_by_role("cell").first).to_have_text(_pt_int(used))
    expect(bruna.get_by_role("cell").last).to_have_text(re.compile(r"^US\$ \d+,\d{2,4}$"))
    by_etp = main.get_by_role("region", name="Por ETP")
    link = by_etp.get_by_role("link", name="Notebooks para a Secretaria de Saúde")
    expect(link).to_have_attribute("href", f"/etps/{etp['id']}")
    assert_accessible(page, "consumo do mês sem orçamento")

    # the org admin sets a budget: saved, and what is left is budget − used
    budget = used * 10
    field = main.get_by_label("Orçamento mensal (tokens)")
    field.fill(_pt_int(budget))
    main.get_by_role("button", name="Salvar orçamento").click()
    expect(
        main.get_by_role("status").filter(has_text=f"Orçamento salvo: {_pt_int(budget)} tokens por mês.")
    ).to_be_visible()
    expect(main.get_by_test_id("orcamento-restante")).to_have_text(f"{_pt_int(budget - used)} tokens")
    meter = main.get_by_role("meter", name="Uso do orçamento mensal")
    expect(meter).to_have_attribute(
        "aria-valuetext", re.compile(rf"^{re.escape(_pt_int(used))} de {re.escape(_pt_int(budget))} tokens usados")
    )
    expect(main.get_by_text("Dentro do orçamento do mês.", exact=False)).to_be_visible()
    org = web_stack.api("/api/v1/organization", token=admin["token"]).json()
    assert org["monthly_token_budget"] == budget
    assert_accessible(page, "consumo com orçamento definido")

    # a value the API refuses (beyond the column's range) comes back as the field's message
    field.fill("99999999999")
    main.get_by_role("button", name="Salvar orçamento").click()
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(main.locator(".feedback.danger")).to_be_visible()
    assert_accessible(page, "consumo com o orçamento recusado")
    assert web_stack.api("/api/v1/organization", token=admin["token"]).json()["monthly_token_budget"] == budget

    # a reload keeps it; then the limit is removed
    page.reload()
    expect(main.get_by_test_id("orcamento-restante")).to_have_text(f"{_pt_int(budget - used)} tokens")
    main.get_by_role("button", name="Remover o limite").click()
    expect(main.get_by_role("status").filter(has_text="Limite removido")).to_be_visible()
    expect(main.get_by_role("meter")).to_have_count(0)
    assert web_stack.api("/api/v1/organization", token=admin["token"]).json()["monthly_token_budget"] is None


def test_budget_change_by_keyboard_only(page, verified_user, signed_in_page, web_stack):
    admin, author = _team(verified_user)
    etp = _create_etp(web_stack, author)
    _draft_section(web_stack, author, etp["id"])
    used = _usage(web_stack, admin)["tokens_used"]
    signed_in_page(admin)
    page.goto("/organizacao/consumo")
    expect(page.get_by_role("heading", level=1, name="Consumo e orçamento")).to_be_visible()

    keyboard.type_into(page, "Orçamento mensal (tokens)", str(used))  # the budget exactly used up
    keyboard.activate(page, "Salvar orçamento")
    main = page.locator("main")
    expect(
        main.get_by_role("status").filter(has_text=f"Orçamento salvo: {_pt_int(used)} tokens por mês.")
    ).to_be_visible()
    expect(main.get_by_test_id("orcamento-restante")).to_have_text("0 tokens")
    expect(main.get_by_text(re.compile("Orçamento esgotado: novas redações por IA ficam bloqueadas"))).to_be_visible()
    assert web_stack.api("/api/v1/organization", token=admin["token"]).json()["monthly_token_budget"] == used
    assert_accessible(page, "consumo com o orçamento esgotado")
    # and the API enforces it: a new draft is refused
    resp = web_stack.api(f"/api/v1/etps/{etp['id']}/sections/2/draft", "POST", {}, author["token"])
    assert resp.status_code == 429


def _patch_title(web_stack, user: dict[str, Any], etp_id: str, title: str) -> None:
    etag = web_stack.api(f"/api/v1/etps/{etp_id}", token=user["token"]).headers["ETag"]
    resp = web_stack.api(f"/api/v1/etps/{etp_id}", "PATCH", {"title": title}, user["token"], headers={"If-Match": etag})
    assert resp.status_code == 200, resp.text


def _entries(page):
    return page.locator("main").locator(".etp-audit-list > li")


def test_audit_trail_filtered_by_action_and_period_paged_with_before_after_and_csv(
    page, verified_user, signed_in_page, web_stack
):
    admin, author = _team(verified_user)
    # 22 ETPs created by the author: two pages of "ETP criado" (20 a page)
    etps = [_create_etp(web_stack, author, title=f"Contratação número {n:02d}") for n in range(22)]
    _patch_title(web_stack, author, etps[0]["id"], "Contratação de limpeza predial")

    signed_in_page(admin)
    page.goto("/organizacao/auditoria")
    main = page.locator("main")
    expect(page.get_by_role("heading", level=1, name="Trilha de auditoria")).to_be_visible()
    expect(_entries(page).first).to_be_visible()
    assert_accessible(page, "trilha de auditoria sem filtros")

    # the before/after of the title change, readable
    update = main.get_by_role("article", name="Dados do ETP alterados")
    expect(update).to_have_count(1)
    title_row = update.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Título"))
    expect(title_row.get_by_role("cell")).to_have_text(["Contratação número 00", "Contratação de limpeza predial"])
    expect(update.get_by_text("Bruna Autora", exact=True)).to_be_visible()
    expect(update.get_by_role("link", name="Contratação de limpeza predial")).to_have_attribute(
        "href", f"/etps/{etps[0]['id']}"
    )

    # by action: "ETP criado", 22 entries in two pages, the filter in the URL
    main.get_by_label("Ação", exact=True).select_option(label="ETP criado")
    main.get_by_role("button", name="Filtrar").click()
    expect(page).to_have_url(re.compile(r"action=etp\.create"))
    expect(main.get_by_text("22 entradas com estes filtros")).to_be_visible()
    expect(_entries(page)).to_have_count(20)
    expect(main.get_by_role("article", name="Dados do ETP alterados")).to_have_count(0)
    pager = main.get_by_role("navigation", name="Paginação da trilha de auditoria")
    expect(pager.get_by_text("Página 1 de 2")).to_be_visible()
    assert_accessible(page, "trilha filtrada por ação")
    pager.get_by_role("button", name=re.compile("Próxima")).click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(pager.get_by_text("Página 2 de 2")).to_be_visible()
    expect(_entries(page)).to_have_count(2)
    # the oldest two, newest first
    oldest_title = _entries(page).first.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Título"))
    expect(oldest_title).to_contain_text("Contratação número 01")
    assert_accessible(page, "trilha filtrada, página 2")

    # a reload keeps the filters
    page.reload()
    expect(main.get_by_label("Ação", exact=True)).to_have_value("etp.create")
    expect(pager.get_by_text("Página 2 de 2")).to_be_visible()

    # by period: a month long past has nothing; today has everything
    main.get_by_label("De", exact=True).fill("2020-01-01")
    main.get_by_label("Até", exact=True).fill("2020-01-31")
    main.get_by_role("button", name="Filtrar").click()
    expect(page).to_have_url(re.compile(r"since=2020-01-01"))
    expect(page).to_have_url(re.compile(r"until=2020-01-31"))
    expect(main.get_by_text(re.compile("Nenhuma entrada corresponde aos filtros"))).to_be_visible()
    assert_accessible(page, "trilha sem entradas no período")
    local_today = datetime.now().date()
    main.get_by_label("De", exact=True).fill((local_today - timedelta(days=1)).isoformat())
    main.get_by_label("Até", exact=True).fill(local_today.isoformat())
    main.get_by_role("button", name="Filtrar").click()
    expect(main.get_by_text("22 entradas com estes filtros")).to_be_visible()

    # the CSV of the same filters, downloaded with the session (not a bare link)
    with page.expect_download() as download_info:
        main.get_by_role("button", name="Exportar CSV").click()
    download = download_info.value
    assert re.fullmatch(r"auditoria-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    with open(download.path(), "rb") as handle:
        raw = handle.read()
    assert raw.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][:3] == ["Data e hora", "Ação", "Quem"]
    assert len(rows) == 1 + 22 and {row[1] for row in rows[1:]} == {"etp.create"}
    assert all(row[2] == "Bruna Autora" for row in rows[1:])
    expect(
        main.get_by_role("status").filter(has_text=f"O arquivo {download.suggested_filename} foi baixado.")
    ).to_be_visible()
    assert_accessible(page, "trilha com o CSV baixado")

    # the export itself is in the trail
    audit = web_stack.api("/api/v1/audit?action=audit.export", token=admin["token"]).json()
    assert len(audit) == 1 and audit[0]["after"]["action"] == "etp.create"
