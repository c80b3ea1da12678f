"""Accounts in real Chromium (issue 12 §3, §4): register → confirm the e-mail from the outbox link →
join by an org admin's invitation → sign out and in → a reload keeps the session by the HttpOnly
refresh cookie (no token in Web Storage) → change password → sign out; a wrong password answered
with the API's message; forgot / reset password; the accessibility of each page and state."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.a11y import assert_accessible
from tests.e2e.conftest import LIST_HEADING
from tests.helpers.polling import wait_for

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "Licitacao-Segura-2027"
JWT = re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]+")


def _mail_link(web_stack, to: str, kind: str) -> str:
    """The link of the newest mail of ``kind`` to ``to`` (the worker builds mails: poll for it)."""

    def find() -> str | None:
        for mail in web_stack.outbox(to):
            if mail.get("kind") == kind and mail.get("link"):
                return str(mail["link"])
        return None

    link = wait_for(find, timeout=30, interval=0.2, message=f"a {kind} mail to {to}")
    assert link.startswith(web_stack.base_url), link
    return link


def _sign_in_form(page, email: str, password: str) -> None:
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_label("Senha", exact=True).fill(password)
    page.get_by_role("button", name="Entrar", exact=True).click()


def _no_token_in_web_storage(page) -> None:
    stored = page.evaluate(
        """() => [localStorage, sessionStorage].flatMap((store) =>
             Object.keys(store).map((key) => `${key}=${store.getItem(key)}`))"""
    )
    leaked = [entry for entry in stored if JWT.search(entry) or "token" in entry.lower()]
    assert not leaked, leaked


def _refresh_cookie(page) -> dict[str, Any]:
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert "etp_refresh" in cookies, sorted(cookies)
    return cookies["etp_refresh"]


def test_register_confirm_join_reload_change_password_and_sign_out(page, web_stack, verified_user):
    email = f"nova-{uuid.uuid4().hex[:8]}@exemplo{uuid.uuid4().hex[:6]}.gov.br"
    password = "Compras-Publicas-2026"

    # register
    page.goto("/cadastro")
    expect(page.get_by_role("heading", level=1, name="Criar conta")).to_be_visible()
    assert_accessible(page, "cadastro")
    page.get_by_label(re.compile(r"^Nome completo")).fill("Nova Servidora")
    page.get_by_label(re.compile(r"^E-mail")).fill(email)
    page.get_by_label(re.compile(r"^Senha")).fill(password)
    page.get_by_label(re.compile(r"^Confirme a senha")).fill(password)
    page.get_by_role("button", name="Criar conta").click()
    expect(page.get_by_role("heading", level=1, name="Confira seu e-mail")).to_be_visible()
    expect(page.get_by_role("button", name="Reenviar e-mail de confirmação")).to_be_visible()
    assert_accessible(page, "cadastro concluído (confira seu e-mail)")

    # the link of the mail confirms the e-mail
    page.goto(_mail_link(web_stack, email, "verify_email"))
    expect(page.get_by_role("heading", level=1, name="E-mail confirmado")).to_be_visible()
    expect(page.get_by_role("link", name="Entrar", exact=True)).to_be_visible()
    assert_accessible(page, "e-mail confirmado")

    # confirmed but in no organization: an org admin invites the account, the link joins it
    admin = verified_user()
    invited = web_stack.api(
        "/api/v1/organization/invitations", "POST", {"email": email, "role": "member"}, admin["token"]
    )
    assert invited.status_code == 201, invited.text
    page.goto(_mail_link(web_stack, email, "invitation"))
    expect(page.get_by_role("heading", level=1, name=re.compile(r"^Convite para "))).to_be_visible()
    expect(page.get_by_text("Membro (escreve ETPs)")).to_be_visible()
    assert_accessible(page, "convite")
    page.get_by_role("button", name="Aceitar o convite").click()
    expect(page.get_by_role("heading", level=1, name=LIST_HEADING)).to_be_visible()

    # sign out, then in through the login page
    page.get_by_role("button", name="Sair", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Entrar no ETP Express")).to_be_visible()
    _sign_in_form(page, email, password)
    expect(page.get_by_role("heading", level=1, name=LIST_HEADING)).to_be_visible()
    assert re.search(r"/etps$", page.url), page.url

    # the refresh token is an HttpOnly, SameSite=Strict cookie of the refresh route; nothing in storage
    cookie = _refresh_cookie(page)
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Strict"
    assert cookie["path"] == "/api/v1/auth"
    assert page.evaluate("() => document.cookie").find("etp_refresh") == -1
    _no_token_in_web_storage(page)

    # a reload restores the session by that cookie
    page.reload()
    expect(page.get_by_role("heading", level=1, name=LIST_HEADING)).to_be_visible()
    _no_token_in_web_storage(page)

    # change the password: "Meus dados" in the header, then its link to the password and sessions
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Meus dados").click()
    page.get_by_role("link", name="Trocar a senha e ver as sessões").click()
    expect(page.get_by_role("heading", level=1, name="Senha e sessões")).to_be_visible()
    expect(page.get_by_role("table", name="Suas sessões ativas")).to_be_visible()
    assert_accessible(page, "senha e sessões")
    page.get_by_label(re.compile(r"^Senha atual")).fill(password)
    page.get_by_label(re.compile(r"^Nova senha")).fill(NEW_PASSWORD)
    page.get_by_label(re.compile(r"^Confirme a nova senha")).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Salvar a nova senha").click()
    expect(page.get_by_text(re.compile(r"As suas outras sessões .* foram encerradas"))).to_be_visible()
    assert_accessible(page, "senha alterada")
    assert web_stack.api("/api/v1/auth/login", "POST", {"email": email, "password": password}).status_code == 401
    # this tab goes on with the new pair: a reload still restores the session
    page.reload()
    expect(page.get_by_role("heading", level=1, name="Senha e sessões")).to_be_visible()

    # sign out: the login page, with the notice, and no session left to restore
    page.get_by_role("button", name="Sair", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Entrar no ETP Express")).to_be_visible()
    expect(page.get_by_text("Você saiu do ETP Express.")).to_be_visible()
    assert re.search(r"/entrar$", page.url), page.url
    page.goto("/etps")
    expect(page.get_by_role("heading", level=1, name="Entrar no ETP Express")).to_be_visible()
    _sign_in_form(page, email, NEW_PASSWORD)
    expect(page.get_by_role("heading", level=1, name=LIST_HEADING)).to_be_visible()


def test_a_wrong_password_shows_the_api_message(page, web_stack, verified_user):
    user = verified_user(role="member")
    expected = web_stack.api("/api/v1/auth/login", "POST", {"email": user["email"], "password": "errada-1"})
    assert expected.status_code == 401
    message = expected.json()["message"]

    page.goto("/entrar?proximo=//evil.example/")
    _sign_in_form(page, user["email"], "errada-2")
    expect(page.get_by_role("alert").filter(has_text=message)).to_be_visible()
    expect(page.get_by_label("Senha", exact=True)).to_have_value("")
    assert_accessible(page, "entrada com senha errada")
    # the right password then signs in, and `proximo` pointing at another host is ignored
    _sign_in_form(page, user["email"], user["password"])
    expect(page.get_by_role("heading", level=1, name=LIST_HEADING)).to_be_visible()
    assert page.url == f"{web_stack.base_url}/etps", page.url


def test_forgot_and_reset_password(page, web_stack, verified_user):
    user = verified_user(role="member")

    page.goto("/entrar")
    expect(page.get_by_role("heading", level=1, name="Entrar no ETP Express")).to_be_visible()
    assert_accessible(page, "página de entrada")
    page.get_by_role("link", name="Esqueci minha senha").click()
    expect(page.get_by_role("heading", level=1, name="Esqueci minha senha")).to_be_visible()
    assert_accessible(page, "esqueci minha senha")
    page.get_by_label(re.compile(r"^E-mail")).fill(user["email"])
    page.get_by_role("button", name="Enviar o link").click()
    expect(page.get_by_role("heading", level=1, name="Confira seu e-mail")).to_be_visible()
    confirmation = page.get_by_role("status").filter(has_text="Se houver uma conta com este e-mail")
    expect(confirmation).to_be_visible()
    assert_accessible(page, "pedido de redefinição recebido")

    # an e-mail without an account gets the very same page
    page.get_by_role("button", name="Pedir de novo").click()
    page.get_by_label(re.compile(r"^E-mail")).fill(f"ninguem-{uuid.uuid4().hex[:6]}@exemplo.gov.br")
    page.get_by_role("button", name="Enviar o link").click()
    expect(page.get_by_role("heading", level=1, name="Confira seu e-mail")).to_be_visible()

    page.goto(_mail_link(web_stack, user["email"], "password_reset"))
    expect(page.get_by_role("heading", level=1, name="Redefinir senha")).to_be_visible()
    assert_accessible(page, "redefinir senha")
    page.get_by_label(re.compile(r"^Nova senha")).fill(NEW_PASSWORD)
    page.get_by_label(re.compile(r"^Confirme a nova senha")).fill("Outra-Coisa-2027")
    page.get_by_role("button", name="Salvar a nova senha").click()
    expect(page.get_by_role("link", name=re.compile(r"^Confirme a nova senha: "))).to_be_visible()
    assert_accessible(page, "redefinir senha com o resumo de erros")
    page.get_by_label(re.compile(r"^Confirme a nova senha")).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Salvar a nova senha").click()
    expect(page.get_by_role("heading", level=1, name="Senha redefinida")).to_be_visible()

    page.get_by_role("link", name="Entrar", exact=True).click()
    _sign_in_form(page, user["email"], NEW_PASSWORD)
    expect(page.get_by_role("heading", level=1, name=LIST_HEADING)).to_be_visible()
