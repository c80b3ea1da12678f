"""The end-to-end harness itself: the live stack keeps working across the tests' state cleaning
(tables truncated, Redis flushed), its worker drafts through the fake provider, mail reaches the
outbox, and the accessibility check fails on a page that breaks its rules."""

from __future__ import annotations

import pytest

from tests.e2e import keyboard
from tests.e2e.a11y import assert_accessible
from tests.helpers.jobs import ETP
from tests.helpers.polling import wait_for

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("round_", [1, 2])
def test_the_worker_drafts_after_every_state_cleaning(web_stack, verified_user, round_):
    """Twice: the second run comes after a TRUNCATE and a FLUSHDB made while the stack was running."""
    user = verified_user()
    token = user["token"]
    etp = web_stack.api("/api/v1/etps", "POST", ETP, token)
    assert etp.status_code == 201, etp.text
    job = web_stack.api(f"/api/v1/etps/{etp.json()['id']}/sections/1/draft", "POST", {}, token)
    assert job.status_code == 202, job.text

    def finished():
        state = web_stack.api(f"/api/v1/jobs/{job.json()['id']}", token=token).json()
        return state if state["state"] in {"succeeded", "failed", "cancelled"} else None

    done = wait_for(finished, timeout=60, message=f"the draft job of round {round_}")
    assert done["state"] == "succeeded", done
    assert web_stack.fake_openai.request_count >= 1  # the worker used the fake provider, not offline
    section = web_stack.api(f"/api/v1/etps/{etp.json()['id']}/sections/1", token=token).json()
    assert section["provenance"] != "offline" and section["content"]


def test_outbox_has_the_reset_link(web_stack, verified_user):
    user = verified_user()
    resp = web_stack.api("/api/v1/auth/forgot-password", "POST", {"email": user["email"]})
    assert resp.status_code in (200, 202), resp.text
    mails = wait_for(lambda: web_stack.outbox(to=user["email"]), timeout=30, message="the reset mail")
    text = " ".join(str(v) for v in mails[0].values())
    assert web_stack.base_url + "/redefinir-senha" in text, mails[0]


def test_assert_accessible_reports_what_is_wrong(page):
    page.set_content(
        '<html lang="en"><body><h1>Um</h1><h1>Dois</h1><img src="x.png">'
        '<button></button><input id="campo"></body></html>'
    )
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page, "página quebrada de propósito")
    message = str(failure.value)
    assert "página quebrada de propósito" in message
    for expected in ("button-name", "image-alt", "lang> is 'en'", "exactly one h1", "no main landmark", "skip link"):
        assert expected in message, (expected, message)


def test_assert_accessible_passes_a_page_that_follows_the_rules(page):
    page.set_content(
        '<html lang="pt-BR"><head><title>Página</title></head><body>'
        '<a href="#conteudo">Ir para o conteúdo principal</a>'
        '<main id="conteudo"><h1>Título</h1><label for="c">Nome</label><input id="c"></main>'
        "</body></html>"
    )
    assert_accessible(page, "página correta")


def test_keyboard_helpers_tab_to_a_control_and_activate_it(page):
    page.set_content(
        '<html lang="pt-BR"><body><a href="#c">Ir para o conteúdo principal</a><main id="c">'
        '<label for="nome">Nome</label><input id="nome">'
        '<button type="button" onclick="this.textContent=\'Salvo\'">Salvar</button></main></body></html>'
    )
    assert keyboard.tab_to(page, "Ir para o conteúdo")["tag"] == "a"
    assert keyboard.type_into(page, "Nome", "Ana")["tag"] == "input"
    assert page.get_by_label("Nome").input_value() == "Ana"
    keyboard.activate(page, "Salvar", exact=True)
    assert page.get_by_role("button").text_content() == "Salvo"
    with pytest.raises(AssertionError, match="not reached with 5"):
        keyboard.tab_to(page, "Excluir", max_tabs=5)
