"""The organization's administration pages in real Chromium against the real stack (issue 13 §3):
/organizacao/pessoas — the people list (search, role filter in the URL), invite someone (the e-mail
in the outbox), change another person's role, one's own row locked, deactivate with the dialog
(the person's sessions end), approve a join request, the API's refusal shown as it words it, a
role change by keyboard only — and /organizacao/modelos, the four contract types' templates. axe on
every state."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.a11y import assert_accessible
from tests.e2e.conftest import sign_in
from tests.e2e.keyboard import LOADED_JS, activate, focused, tab_to
from tests.e2e.test_reflow import _OVERFLOW_JS, SIZES
from tests.helpers.polling import wait_for

pytestmark = pytest.mark.e2e

PEOPLE = "/organizacao/pessoas"


def _domain(user: dict) -> str:
    return user["email"].split("@", 1)[1]


def _open_people(page) -> None:
    page.goto(PEOPLE)
    expect(page.get_by_role("heading", level=1, name="Pessoas")).to_be_visible()
    expect(page.get_by_text("Carregando as pessoas…")).to_have_count(0)


def _row(page, name: str):
    return page.locator("main table").first.locator("tbody tr").filter(has_text=name)


def _orgless_join_request(app, web_stack, email: str, name: str, organization_id: str) -> None:
    """A verified account without an organization asks to join the one of its e-mail's domain."""
    from etp_app.extensions import db
    from etp_app.services import joining
    from tests.conftest import DEFAULT_PASSWORD

    with app.app_context():
        joining.provision_user(None, email=email, name=name, password=DEFAULT_PASSWORD, source="test")
        db.session.remove()
    token = web_stack.login(email, DEFAULT_PASSWORD)
    resp = web_stack.api(
        "/api/v1/join-requests",
        "POST",
        {"organization_id": organization_id, "message": "Sou do setor de compras"},
        token,
    )
    assert resp.status_code == 201, resp.text


def test_people_invite_role_deactivate_and_join_request(page, app, web_stack, verified_user, signed_in_page):
    admin = verified_user(name="Ana Administradora")
    domain = _domain(admin)
    verified_user(role="member", email=f"bruno@{domain}", name="Bruno Membro")
    carla = verified_user(role="member", email=f"carla@{domain}", name="Carla Leitora")
    carla_token = carla["token"]
    _orgless_join_request(app, web_stack, f"davi@{domain}", "Davi Pedinte", admin["organization_id"])

    signed_in_page(admin)
    _open_people(page)
    main = page.locator("main")
    expect(_row(page, "Ana Administradora")).to_contain_text("Administrador da organização")
    expect(_row(page, "Bruno Membro")).to_contain_text("Membro")
    expect(_row(page, "Bruno Membro")).to_contain_text("Ativa")
    expect(_row(page, "Bruno Membro")).to_contain_text("E-mail confirmado")
    expect(main.get_by_text("3 pessoas")).to_be_visible()
    assert_accessible(page, "pessoas da organização")

    # one's own row: locked, and it says why
    own = _row(page, "Ana Administradora")
    expect(own.get_by_role("button", name="Alterar perfil de Ana Administradora")).to_be_disabled()
    expect(own.get_by_role("button", name=re.compile("a conta de Ana Administradora"))).to_be_disabled()
    expect(own.get_by_text(re.compile("ninguém altera o próprio perfil"))).to_be_visible()

    # search and role filter live in the URL
    main.get_by_label("Buscar por nome ou e-mail").fill("carla")
    main.get_by_role("button", name="Buscar").click()
    expect(page).to_have_url(re.compile(r"q=carla"))
    expect(main.get_by_text("1 pessoa", exact=True)).to_be_visible()
    expect(_row(page, "Bruno Membro")).to_have_count(0)
    page.reload()
    expect(_row(page, "Carla Leitora")).to_be_visible()
    expect(main.get_by_label("Buscar por nome ou e-mail")).to_have_value("carla")
    main.get_by_label("Buscar por nome ou e-mail").fill("")
    main.get_by_role("button", name="Buscar").click()
    main.get_by_label("Perfil", exact=True).select_option("org_admin")
    expect(page).to_have_url(re.compile(r"role=org_admin"))
    expect(_row(page, "Ana Administradora")).to_be_visible()
    expect(_row(page, "Bruno Membro")).to_have_count(0)
    main.get_by_label("Perfil", exact=True).select_option("")
    expect(_row(page, "Bruno Membro")).to_be_visible()

    # change another person's role
    _row(page, "Carla Leitora").get_by_role("button", name="Alterar perfil de Carla Leitora").click()
    dialog = page.get_by_role("dialog", name="Alterar perfil de Carla Leitora")
    expect(dialog).to_be_visible()
    assert_accessible(page, "diálogo de alteração de perfil")
    dialog.get_by_label("Novo perfil").select_option("viewer")
    dialog.get_by_role("button", name="Salvar perfil").click()
    expect(dialog).to_be_hidden()
    expect(main.get_by_text("O perfil de Carla Leitora agora é Leitura.")).to_be_visible()
    expect(_row(page, "Carla Leitora")).to_contain_text("Leitura")
    listed = web_stack.api("/api/v1/users?q=carla", token=admin["token"]).json()
    assert [u["role"] for u in listed] == ["viewer"]

    # deactivate someone: the dialog says the sessions end; they do
    _row(page, "Carla Leitora").get_by_role("button", name="Desativar a conta de Carla Leitora").click()
    dialog = page.get_by_role("dialog", name="Desativar a conta de Carla Leitora?")
    expect(dialog.get_by_text(re.compile("todas as sessões abertas terminam agora"))).to_be_visible()
    assert_accessible(page, "diálogo de desativação")
    dialog.get_by_role("button", name="Desativar conta").click()
    expect(dialog).to_be_hidden()
    expect(main.get_by_text(re.compile("A conta de Carla Leitora foi desativada"))).to_be_visible()
    expect(_row(page, "Carla Leitora")).to_contain_text("Inativa")
    assert web_stack.api("/api/v1/etps", token=carla_token).status_code == 401

    # invite someone: the e-mail leaves with the link
    invited = f"nova-{uuid.uuid4().hex[:6]}@{domain}"
    main.get_by_label("E-mail da pessoa").fill(invited)
    main.get_by_label("Perfil do convidado").select_option("member")
    main.get_by_role("button", name="Enviar convite").click()
    expect(main.get_by_text(re.compile(rf"{re.escape(invited)} recebe o convite como Membro"))).to_be_visible()
    invitations = main.get_by_role("region", name="Tabela de convites (rolável)")
    expect(invitations.get_by_role("cell", name=invited, exact=True)).to_be_visible()

    def mail():
        return [m for m in web_stack.outbox(invited) if m.get("kind") == "invitation" and m.get("link")]

    mails = wait_for(mail, timeout=30, interval=0.2, message="the invitation mail")
    assert "/convite?token=" in mails[0]["link"]
    assert_accessible(page, "convite enviado")

    # inviting the same e-mail again: the API's 409, in its words
    main.get_by_label("E-mail da pessoa").fill(invited)
    main.get_by_role("button", name="Enviar convite").click()
    expect(main.get_by_role("alert").filter(has_text="Não foi possível concluir")).to_be_visible()
    assert_accessible(page, "convite recusado")

    # resend, then revoke with a confirmation
    invitations.get_by_role("button", name=f"Reenviar o convite de {invited}").click()
    expect(main.get_by_text(re.compile(rf"Convite reenviado para {re.escape(invited)}"))).to_be_visible()
    wait_for(lambda: len(mail()) >= 2, timeout=30, interval=0.2, message="the resent invitation mail")
    invitations.get_by_role("button", name=f"Revogar o convite de {invited}").click()
    dialog = page.get_by_role("dialog", name=f"Revogar o convite de {invited}?")
    dialog.get_by_role("button", name="Revogar convite").click()
    expect(dialog).to_be_hidden()
    expect(main.get_by_text(re.compile(rf"O convite de {re.escape(invited)} foi revogado"))).to_be_visible()
    expect(main.get_by_text("Nenhum convite nesta situação.")).to_be_visible()

    # approve a join request with a role
    requests = main.get_by_role("list", name="Pedidos aguardando decisão")
    expect(requests.get_by_text("Sou do setor de compras")).to_be_visible()
    requests.get_by_role("button", name="Aprovar o pedido de Davi Pedinte").click()
    dialog = page.get_by_role("dialog", name="Aprovar o pedido de Davi Pedinte")
    assert_accessible(page, "diálogo de aprovação de pedido")
    dialog.get_by_label("Perfil na organização").select_option("viewer")
    dialog.get_by_role("button", name="Aprovar e dar acesso").click()
    expect(main.get_by_text("Davi Pedinte entrou na organização como Leitura.")).to_be_visible()
    expect(main.get_by_text("Nenhum pedido aguardando decisão.")).to_be_visible()
    expect(_row(page, "Davi Pedinte")).to_contain_text("Leitura")

    # organization settings: a 422 on its field, then a saved change
    name_field = main.get_by_label(re.compile("^Nome da organização"))
    name_field.fill("X")
    main.get_by_role("button", name="Salvar configurações").click()
    expect(main.get_by_role("link", name=re.compile("^Nome da organização:"))).to_be_visible()
    expect(name_field).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "configurações com erro")
    name_field.fill("Prefeitura de Teste")
    main.get_by_label("Somente autoridades competentes").check()
    main.get_by_role("button", name="Salvar configurações").click()
    expect(main.get_by_text("Configurações salvas.")).to_be_visible()
    org = web_stack.api("/api/v1/organization", token=admin["token"]).json()
    assert (org["name"], org["approvers"]) == ("Prefeitura de Teste", "autoridade_competente")


def test_the_api_refusal_is_shown_when_the_admin_lost_the_role(page, web_stack, verified_user, signed_in_page):
    """Another admin demotes this one while the page is open: the next change is refused (403) and the
    page says so in the API's words, keeping the dialog open."""
    admin = verified_user(name="Ana Administradora")
    domain = _domain(admin)
    other = verified_user(role="org_admin", email=f"otavio@{domain}", name="Otávio Admin")
    verified_user(role="member", email=f"bruno@{domain}", name="Bruno Membro")
    signed_in_page(admin)
    _open_people(page)
    expect(_row(page, "Bruno Membro")).to_be_visible()

    demoted = web_stack.api(f"/api/v1/users/{admin['id']}", "PATCH", {"role": "member"}, other["token"])
    assert demoted.status_code == 200, demoted.text

    _row(page, "Bruno Membro").get_by_role("button", name="Alterar perfil de Bruno Membro").click()
    dialog = page.get_by_role("dialog", name="Alterar perfil de Bruno Membro")
    dialog.get_by_label("Novo perfil").select_option("org_admin")
    dialog.get_by_role("button", name="Salvar perfil").click()
    refusal = dialog.get_by_role("alert")
    expect(refusal).to_contain_text("A alteração foi recusada")
    expect(refusal).to_contain_text("Você não tem permissão para esta ação.")  # the API's message
    expect(refusal).to_contain_text("Se o seu perfil mudou")
    assert_accessible(page, "alteração recusada pela API")
    listed = web_stack.api("/api/v1/users?q=bruno", token=other["token"]).json()
    assert [u["role"] for u in listed] == ["member"]


def test_role_change_by_keyboard_only(page, web_stack, verified_user, signed_in_page):
    admin = verified_user(name="Ana Administradora")
    verified_user(role="member", email=f"bruno@{_domain(admin)}", name="Bruno Membro")
    signed_in_page(admin)
    _open_people(page)
    expect(_row(page, "Bruno Membro")).to_be_visible()

    activate(page, "Alterar perfil de Bruno Membro")
    dialog = page.get_by_role("dialog", name="Alterar perfil de Bruno Membro")
    expect(dialog).to_be_visible()
    tab_to(page, "Novo perfil")
    assert (focused(page) or {}).get("tag") == "select"
    # on a focused closed <select>, ArrowDown picks the next option (Membro → Administrador)
    page.keyboard.press("ArrowDown")
    expect(dialog.get_by_label("Novo perfil")).to_have_value("org_admin")
    activate(page, "Salvar perfil")
    expect(dialog).to_be_hidden()
    expect(page.get_by_text("O perfil de Bruno Membro agora é Administrador da organização.")).to_be_visible()
    # the focus went back to the button that opened the dialog
    assert (focused(page) or {}).get("name") == "Alterar perfil de Bruno Membro"
    listed = web_stack.api("/api/v1/users?q=bruno", token=admin["token"]).json()
    assert [u["role"] for u in listed] == ["org_admin"]


def test_templates_page_lists_the_four_types_and_their_fields(page, verified_user, signed_in_page):
    signed_in_page(verified_user())
    page.goto("/organizacao/modelos")
    expect(page.get_by_role("heading", level=1, name="Modelos de ETP")).to_be_visible()
    types = page.get_by_role("navigation", name="Tipos de contratação")
    expect(types.get_by_role("link")).to_have_count(4)
    detail = page.locator("main section[aria-labelledby='modelo-titulo']")
    expect(detail.get_by_role("heading", level=2)).to_have_text("Bens e materiais")
    expect(detail.get_by_text(re.compile(r"^\d+ campos? próprios?$"))).to_be_visible()
    expect(detail.get_by_text("Tipo de resposta:").first).to_be_visible()
    expect(detail.locator("details").first).to_be_visible()
    assert_accessible(page, "modelos: bens")

    types.get_by_role("link", name=re.compile("^Obras")).click()
    expect(page).to_have_url(re.compile(r"tipo=obras"))
    expect(detail.get_by_role("heading", level=2)).to_have_text(re.compile("^Obras"))
    expect(detail.get_by_text("Opções:").first).to_be_visible()
    expect(detail.locator("details")).to_have_count(13)
    detail.locator("details summary").first.click()
    assert_accessible(page, "modelos: obras, orientação aberta")


def test_people_page_with_data_reflows_at_320px(app, web_stack, new_context, verified_user):
    """The people page with every section filled (people, a pending invitation, a join request) and the
    templates page fit 320 CSS px: wide tables scroll inside their own labelled region."""
    admin = verified_user(name="Ana Administradora")
    domain = _domain(admin)
    verified_user(role="member", email=f"bruno.com.um.nome.longo@{domain}", name="Bruno de Albuquerque Membro")
    invited = web_stack.api(
        "/api/v1/organization/invitations", "POST", {"email": f"convidada@{domain}", "role": "viewer"}, admin["token"]
    )
    assert invited.status_code == 201, invited.text
    _orgless_join_request(app, web_stack, f"davi@{domain}", "Davi Pedinte", admin["organization_id"])
    page = new_context(**SIZES["320px"]).new_page()
    sign_in(page, admin)
    _fits(page, PEOPLE, "Pessoas")
    expect(page.get_by_role("region", name="Tabela de convites (rolável)")).to_be_visible()
    expect(page.get_by_role("list", name="Pedidos aguardando decisão")).to_be_visible()
    _fits(page, "/organizacao/modelos?tipo=obras", "Modelos de ETP")


def _fits(page, url: str, heading: str) -> None:
    """The page itself (its h1, not a transient state) has nothing sticking out of the viewport."""
    page.goto(url)
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    page.wait_for_function(LOADED_JS)
    found = page.evaluate(_OVERFLOW_JS)
    assert found["scrollWidth"] <= found["vw"] and not found["overflow"], f"{url} at 320px: {found}"
    assert_accessible(page, f"{url} a 320px")
