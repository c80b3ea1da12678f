"""Where each number came from (issue 15 §2), in real Chromium: the quality panel of a section a
person wrote lists the values the checks recognized — the estimated value as given by the ETP's
field, the unit price × quantity as calculated, an amount found nowhere marked "Sem fonte nos dados
do ETP" in words — behind a disclosure opened from the keyboard, and the page stays accessible."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e import keyboard
from tests.e2e.a11y import assert_accessible
from tests.e2e.conftest import LIST_HEADING
from tests.helpers.jobs import ETP

pytestmark = pytest.mark.e2e

TEXT = (
    "O valor estimado da contratação é de R$ 480.000,00, correspondente a 120 unidades a R$ 4.000,00 "
    "cada, e a alternativa de locação custaria R$ 612.000,00 no mesmo período."
)


def test_the_quality_panel_says_where_each_number_came_from(web_stack, verified_user, page, tmp_path):
    user = verified_user()
    resp = web_stack.api("/api/v1/etps", "POST", ETP, user["token"])
    assert resp.status_code == 201, resp.text
    etp_id = resp.json()["id"]
    section = web_stack.api(f"/api/v1/etps/{etp_id}/sections/6", token=user["token"])
    put = web_stack.api(
        f"/api/v1/etps/{etp_id}/sections/6",
        "PUT",
        {"content": TEXT},
        user["token"],
        headers={"If-Match": section.headers["ETag"]},
    )
    assert put.status_code == 200, put.text

    page.goto("/entrar")
    page.get_by_label(re.compile(r"^E-mail")).fill(user["email"])
    page.get_by_label(re.compile(r"^Senha")).fill(user["password"])
    page.get_by_role("button", name="Entrar", exact=True).click()
    expect(page.get_by_role("heading", level=1, name=LIST_HEADING)).to_be_visible()
    page.goto(f"/etps/{etp_id}/secoes/6")
    expect(page.get_by_role("heading", level=1, name=re.compile(r"^VI — "))).to_be_visible()

    summary = page.locator("summary", has_text="De onde vêm os números")
    expect(summary).to_contain_text("1 sem fonte nos dados do ETP")
    keyboard.activate(page, re.compile(r"^De onde vêm os números"))  # Tab to the summary, Enter opens it
    values = page.locator(".etp-values__item")
    expect(values.first).to_contain_text("R$ 612.000,00")
    expect(values.first).to_contain_text("Sem fonte nos dados do ETP")
    expect(page.locator(".etp-values__item", has_text="R$ 480.000,00")).to_contain_text("Com fonte")
    page.locator(".etp-values").screenshot(path=str(tmp_path / "values.png"))
    page.screenshot(path=str(tmp_path / "editor.png"), full_page=True)
    assert_accessible(page, "quality panel with the value sources open")
