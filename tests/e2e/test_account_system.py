"""The "Meus dados" page, the legal pages and the system administration in real Chromium against the real stack
(issue 13 §4 and §5): the profile with the name corrected, the LGPD export downloaded and read back,
the account deleted with the password (a wrong one refused; afterwards the login fails); the privacy
notice and the terms without login; a system admin's health page and a backup made from the browser
by the real worker (pg_dump); a member kept out of the system pages. axe on every state."""

from __future__ import annotations

import json
import re
import time

import pytest
from playwright.sync_api import expect

from tests.conftest import DEFAULT_PASSWORD
from tests.e2e.a11y import assert_accessible
from tests.e2e.keyboard import tab_to

pytestmark = pytest.mark.e2e

BACKUP_TIMEOUT_MS = 90_000  # pg_dump, read back and verified by the worker, on a busy machine


def _until(check, what: str, timeout: float = 15.0) -> None:
    """Polls ``check`` until it holds (the mail leaves through the worker), failing after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: não aconteceu em {timeout} s")
        time.sleep(0.2)


def _reflows_at_320(page) -> None:
    """WCAG 1.4.10: at 320 CSS px the page itself does not scroll sideways (wide tables scroll inside
    their own region)."""
    page.set_viewport_size({"width": 320, "height": 800})
    width = page.evaluate("() => document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 800})
    assert width <= 320, f"a página rola na horizontal a 320 px ({width} px)"


def _main(page):
    return page.locator("main")


def test_my_data_shows_the_profile_exports_the_data_and_deletes_the_account(
    page, verified_user, signed_in_page, web_stack
):
    user = verified_user(role="member", name="Maria Servidora")
    signed_in_page(user)
    page.goto("/conta")
    main = _main(page)
    expect(page.get_by_role("heading", level=1, name="Meus dados")).to_be_visible()
    expect(main.get_by_text(user["email"], exact=True)).to_be_visible()
    expect(main.get_by_text("Membro", exact=True)).to_be_visible()
    expect(main.get_by_role("link", name=re.compile("Trocar a senha e ver as sessões"))).to_have_attribute(
        "href", "/conta/senha"
    )
    assert_accessible(page, "meus dados")
    _reflows_at_320(page)

    # the name is corrected (PATCH /api/v1/auth/me) and the API keeps it
    main.get_by_role("button", name="Corrigir o nome").click()
    page.get_by_label(re.compile("^Seu nome")).fill("Maria da Silva Servidora")
    assert_accessible(page, "meus dados, corrigindo o nome")
    main.get_by_role("button", name="Salvar o nome").click()
    expect(main.get_by_role("status").filter(has_text="Seu nome foi corrigido")).to_be_visible()
    expect(main.get_by_text("Maria da Silva Servidora", exact=True)).to_be_visible()
    me = web_stack.api("/api/v1/auth/me", token=user["token"])
    assert me.status_code == 200 and me.json()["name"] == "Maria da Silva Servidora"

    # the LGPD export: a JSON file with this account's data
    with page.expect_download() as download_info:
        main.get_by_role("button", name="Baixar meus dados").click()
    download = download_info.value
    assert download.suggested_filename == "meus-dados-etp-express.json"
    with open(download.path(), encoding="utf-8") as handle:
        data = json.load(handle)
    assert data["user"]["email"] == user["email"]
    assert data["user"]["name"] == "Maria da Silva Servidora"
    assert data["organization"]["id"] == user["organization_id"]
    expect(main.get_by_role("status").filter(has_text="meus-dados-etp-express.json")).to_be_visible()
    assert_accessible(page, "meus dados, exportação baixada")

    # deletion: the dialog opens and closes by keyboard, says what goes and what stays; a wrong
    # password is refused
    tab_to(page, "Excluir minha conta", exact=True)
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Excluir a sua conta?")
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(main.get_by_role("button", name="Excluir minha conta")).to_be_focused()
    main.get_by_role("button", name="Excluir minha conta").click()
    expect(dialog).to_be_visible()
    expect(dialog.get_by_text(re.compile("trilha de auditoria"))).to_be_visible()
    expect(dialog.get_by_text(re.compile("Os ETPs que você criou"))).to_be_visible()
    assert_accessible(page, "diálogo de exclusão da conta")
    dialog.get_by_label(re.compile("^Sua senha atual")).fill("Senha-Errada-2026!")
    dialog.get_by_role("button", name="Excluir definitivamente").click()
    expect(dialog.get_by_role("alert").filter(has_text="Senha incorreta")).to_be_visible()
    expect(dialog.get_by_label(re.compile("^Sua senha atual"))).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "diálogo de exclusão, senha incorreta")
    assert web_stack.api("/api/v1/auth/me", token=user["token"]).status_code == 200

    dialog.get_by_label(re.compile("^Sua senha atual")).fill(user["password"])
    dialog.get_by_role("button", name="Excluir definitivamente").click()
    expect(page).to_have_url(re.compile(r"/entrar(\?|$)"))
    expect(page.get_by_text(re.compile("Sua conta foi excluída"))).to_be_visible()
    assert_accessible(page, "login depois da exclusão da conta")

    # the account is gone: its token and its password no longer work
    assert web_stack.api("/api/v1/auth/me", token=user["token"]).status_code == 401
    login = web_stack.api("/api/v1/auth/login", "POST", {"email": user["email"], "password": user["password"]})
    assert login.status_code == 401
    page.get_by_label("E-mail").fill(user["email"])
    page.get_by_label("Senha").fill(user["password"])
    page.get_by_role("button", name="Entrar", exact=True).click()
    expect(_main(page).get_by_role("alert")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/entrar"))


def test_privacy_notice_and_terms_are_public(page):
    page.goto("/privacidade")
    expect(page.get_by_role("heading", level=1, name="Aviso de privacidade")).to_be_visible()
    main = _main(page)
    expect(main.get_by_text(re.compile("Lei nº 13.709/2018")).first).to_be_visible()
    expect(main.get_by_role("heading", level=2, name=re.compile("Cookies"))).to_be_visible()
    expect(main.get_by_text("etp_refresh", exact=True)).to_be_visible()
    expect(main.get_by_role("region", name="Prazos de guarda dos dados")).to_be_visible()
    assert_accessible(page, "aviso de privacidade (sem login)")
    _reflows_at_320(page)

    page.goto("/termos")
    expect(page.get_by_role("heading", level=1, name="Termos de uso")).to_be_visible()
    expect(_main(page).get_by_text(re.compile("Todo texto deve ser lido, conferido e ajustado"))).to_be_visible()
    assert_accessible(page, "termos de uso (sem login)")
    _reflows_at_320(page)


def test_system_admin_sees_health_makes_a_backup_and_invites_to_an_organization(
    page, verified_user, signed_in_page, web_stack
):
    admin = verified_user(role="system_admin")
    signed_in_page(admin)
    page.goto("/sistema/saude")
    expect(page.get_by_role("heading", level=1, name="Saúde da plataforma")).to_be_visible()
    main = _main(page)
    checks = main.get_by_role("region", name="Verificações dos serviços")
    database = checks.get_by_role("row", name=re.compile("Banco de dados"))
    expect(database).to_contain_text("Funcionando")
    expect(checks.get_by_role("row", name=re.compile("Redis"))).to_contain_text("Funcionando")
    expect(checks.get_by_role("row", name=re.compile("Workers"))).to_contain_text("Funcionando")
    expect(checks.get_by_role("row", name=re.compile("Migrações"))).to_contain_text("Em dia")
    expect(main.get_by_text("Saudável")).to_be_visible()
    assert_accessible(page, "saúde da plataforma")
    _reflows_at_320(page)
    main.get_by_role("button", name="Atualizar agora").click()
    expect(main.get_by_role("button", name="Atualizar agora")).to_be_enabled()

    page.get_by_role("navigation", name="Administração do sistema").get_by_role("link", name="Backups").click()
    expect(page.get_by_role("heading", level=1, name="Backups")).to_be_visible()
    expect(main.get_by_text(re.compile("Nenhum backup ainda"))).to_be_visible()
    assert_accessible(page, "backups, lista vazia")
    tab_to(page, "Fazer backup agora", exact=True)
    page.keyboard.press("Enter")
    expect(main.get_by_text("Backup concluído")).to_be_visible(timeout=BACKUP_TIMEOUT_MS)
    table = main.get_by_role("region", name="Lista de backups")
    row = table.get_by_role("row").nth(1)
    expect(row).to_contain_text("Concluído")
    expect(row).to_contain_text("Manual (web/API)")
    expect(row).to_contain_text(re.compile(r"Verificado em"))
    row.get_by_text(re.compile(r"^[0-9a-f]{12}…$")).click()
    expect(row.get_by_text(re.compile(r"^[0-9a-f]{64}$"))).to_be_visible()
    assert_accessible(page, "backups, backup concluído")

    page.get_by_role("navigation", name="Administração do sistema").get_by_role("link", name="Organizações").click()
    expect(page.get_by_role("heading", level=1, name="Organizações")).to_be_visible()
    expect(main.get_by_text("Nenhum pedido aguardando análise.")).to_be_visible()
    organizations = main.get_by_role("region", name="Lista de organizações")
    own = organizations.get_by_role("row").nth(1)
    expect(own).to_contain_text("0 redações · 0 tokens")
    assert_accessible(page, "organizações")

    # the first administrator of an organization is invited from here (the e-mail leaves)
    own.get_by_role("button", name=re.compile("^Convidar uma pessoa para")).click()
    dialog = page.get_by_role("dialog", name=re.compile("^Convidar para"))
    expect(dialog.get_by_label("Perfil na organização")).to_have_value("org_admin")
    dialog.get_by_label(re.compile("^E-mail de quem será convidado")).fill("primeira-chefe@exemplo-convite.gov.br")
    assert_accessible(page, "organizações, convite")
    dialog.get_by_role("button", name="Enviar o convite").click()
    expect(main.get_by_text(re.compile("Convite enviado para primeira-chefe@exemplo-convite.gov.br"))).to_be_visible()
    expect(dialog).to_be_hidden()
    _until(lambda: len(web_stack.outbox("primeira-chefe@exemplo-convite.gov.br")) == 1, "o e-mail do convite")


def test_member_opening_the_system_pages_sees_restricted_access(page, verified_user, signed_in_page):
    signed_in_page(verified_user(role="member"))
    page.goto("/sistema/saude")
    expect(page.get_by_role("heading", level=1, name="Acesso restrito")).to_be_visible()
    expect(_main(page).get_by_text("Funcionando")).to_have_count(0)
    assert_accessible(page, "saúde da plataforma, acesso restrito")


def _organization_request(app, web_stack, email: str, name: str, organization: str, domain: str) -> str:
    """A verified account without an organization asks the system admins to create one; its token."""
    from etp_app.extensions import db
    from etp_app.services import joining

    with app.app_context():
        joining.provision_user(None, email=email, name=name, password=DEFAULT_PASSWORD, source="test")
        db.session.remove()
    token = web_stack.login(email, DEFAULT_PASSWORD)
    resp = web_stack.api(
        "/api/v1/organization-requests",
        "POST",
        {"name": organization, "domains": [domain], "justification": "Somos o setor de compras do município."},
        token,
    )
    assert resp.status_code == 201, resp.text
    return token


def test_system_admin_approves_and_rejects_organization_requests(page, app, web_stack, verified_user, signed_in_page):
    _organization_request(app, web_stack, "joao@gama-e2e.gov.br", "João Gama", "Prefeitura de Gama", "gama-e2e.gov.br")
    _organization_request(
        app, web_stack, "rita@delta-e2e.gov.br", "Rita Delta", "Prefeitura de Delta", "delta-e2e.gov.br"
    )
    signed_in_page(verified_user(role="system_admin"))
    page.goto("/sistema/organizacoes")
    main = _main(page)
    gama = main.get_by_role("article", name="Prefeitura de Gama")
    expect(gama).to_contain_text("João Gama <joao@gama-e2e.gov.br>")
    expect(gama).to_contain_text("gama-e2e.gov.br")
    assert_accessible(page, "organizações, pedidos aguardando")

    gama.get_by_role("button", name="Aprovar o pedido de Prefeitura de Gama").click()
    expect(main.get_by_text(re.compile("A organização “Prefeitura de Gama” foi criada"))).to_be_visible()
    expect(gama).to_have_count(0)
    expect(
        main.get_by_role("region", name="Lista de organizações").get_by_role(
            "row", name=re.compile("Prefeitura de Gama")
        )
    ).to_contain_text("gama-e2e.gov.br")
    me = web_stack.api("/api/v1/auth/me", token=web_stack.login("joao@gama-e2e.gov.br", DEFAULT_PASSWORD)).json()
    assert me["role"] == "org_admin" and me["organization"]["name"] == "Prefeitura de Gama"

    delta = main.get_by_role("article", name="Prefeitura de Delta")
    delta.get_by_role("button", name="Recusar o pedido de Prefeitura de Delta").click()
    dialog = page.get_by_role("dialog", name=re.compile("Recusar o pedido de “Prefeitura de Delta”"))
    dialog.get_by_label(re.compile("^Motivo da recusa")).fill("O domínio não pertence ao município.")
    assert_accessible(page, "organizações, recusa de pedido")
    dialog.get_by_role("button", name="Recusar o pedido").click()
    expect(main.get_by_text(re.compile("O pedido de “Prefeitura de Delta” foi recusado"))).to_be_visible()
    expect(main.get_by_text("Nenhum pedido aguardando análise.")).to_be_visible()
    _until(
        lambda: any(
            "O domínio não pertence ao município." in json.dumps(m, ensure_ascii=False)
            for m in web_stack.outbox("rita@delta-e2e.gov.br")
        ),
        "o e-mail com o motivo da recusa",
    )
