"""The trash in real Chromium against the real stack (issue 14 §4): an ETP deleted from its facts page
(the confirmation says it goes to the trash for the configured days) leaves the list, shows in the
organization's trash with who deleted it, and comes back whole when restored; axe on every state."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.a11y import assert_accessible

pytestmark = pytest.mark.e2e

TITLE = "Manutenção predial do anexo"


def _create_etp(web_stack, token: str) -> dict:
    resp = web_stack.api(
        "/api/v1/etps", "POST", {"title": TITLE, "objeto": "Serviço de manutenção predial preventiva"}, token=token
    )
    assert resp.status_code == 201, resp.text
    etp = resp.json()
    url = f"/api/v1/etps/{etp['id']}/sections/1"
    etag = web_stack.api(url, token=token).headers["ETag"]
    resp = web_stack.api(
        url,
        "PUT",
        {"content": "Necessidade: manter o anexo em condições de uso."},
        token=token,
        headers={"If-Match": etag},
    )
    assert resp.status_code == 200, resp.text
    return etp


def test_delete_an_etp_find_it_in_the_trash_and_restore_it(page, web_stack, verified_user, signed_in_page):
    admin = verified_user(role="org_admin")
    etp = _create_etp(web_stack, admin["token"])
    signed_in_page(admin)
    main = page.locator("main")

    page.goto(f"/etps/{etp['id']}/dados")
    main.get_by_role("button", name=re.compile("Excluir ETP")).click()
    dialog = page.get_by_role("dialog", name="Excluir o ETP?")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("vai para a lixeira da organização por 30 dias")
    assert_accessible(page, "confirmação de exclusão do ETP")
    dialog.get_by_role("button", name=re.compile("Mover para a lixeira")).click()

    expect(page).to_have_url(re.compile(r"/etps$"))
    expect(main.get_by_role("link", name=TITLE)).to_have_count(0)
    assert web_stack.api(f"/api/v1/etps/{etp['id']}", token=admin["token"]).status_code == 404

    page.goto("/organizacao/lixeira")
    expect(page.get_by_role("heading", level=1, name="Lixeira")).to_be_visible()
    expect(page.get_by_role("link", name="Lixeira")).to_have_attribute("aria-current", "page")
    row = main.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text(admin["name"])
    assert_accessible(page, "lixeira com um ETP")

    row.get_by_role("button", name=f"Restaurar {TITLE}").click()
    expect(main.get_by_text(re.compile(f"“{TITLE}” foi restaurado"))).to_be_visible()
    expect(main.get_by_text("A lixeira está vazia.")).to_be_visible()
    assert_accessible(page, "lixeira vazia após restaurar")

    page.goto(f"/etps/{etp['id']}")
    expect(page.get_by_role("heading", level=1, name=re.compile(TITLE))).to_be_visible()
    section = web_stack.api(f"/api/v1/etps/{etp['id']}/sections/1", token=admin["token"]).json()
    assert section["content"].startswith("Necessidade: manter o anexo")
