"""Drafts hold only the document, and each section says who wrote its text (issue 10 §2), through a
real worker: the notes of a draft beside the text, the provenance of the text and what a person's
edit, an accepted or a discarded suggestion do to them."""

from __future__ import annotations

from tests.helpers.api import put_section
from tests.helpers.jobs import create_etp, openai_env, section, wait_job

SCAFFOLDING = (
    "Rascunho gerado",
    "redator offline",
    "Orientação do modelo",
    "Observações do solicitante",
    "Atenção:",
    "inteligência artificial",
)
OFFLINE_LABEL = "Rascunho gerado a partir do modelo, sem IA generativa"
HUMAN_LABEL = "Texto elaborado por pessoa"
AI_LABEL = "Texto redigido com auxílio de IA, ainda não revisado"


def _draft(api, etp_id: str, inciso: int, **body) -> dict:
    resp = api.post(f"/api/v1/etps/{etp_id}/sections/{inciso}/draft", json=body)
    assert resp.status_code == 202, resp.get_json()
    done = wait_job(api, resp.get_json()["id"])
    assert done["state"] == "succeeded", done
    return done


def test_offline_draft_keeps_its_notes_beside_the_text(make_user, start_worker):
    _, api = make_user()
    start_worker()
    # VI with a total that does not add up: the drafter's warning is for the author, not the document
    etp = create_etp(api, template_type="servicos", valor_estimado="500000.00")
    done = _draft(api, etp["id"], 6, instructions="Destaque a economia.")
    outcome = done["result"]["sections"]["VI"]
    s = section(api, etp["id"], 6)

    for phrase in SCAFFOLDING:
        assert phrase not in s["content"], phrase
    kinds = [n["kind"] for n in s["drafting_notes"]]
    assert kinds[0] == "note" and "guidance" in kinds and "warning" in kinds
    guidance = next(n["text"] for n in s["drafting_notes"] if n["kind"] == "guidance")
    assert guidance.startswith("Orientação do modelo (Serviços")
    assert any("Destaque a economia." in n["text"] for n in s["drafting_notes"])
    # the job's result carries the same notes and provenance, per section
    assert outcome["notes"] == s["drafting_notes"] and outcome["provenance"] == "offline"
    assert (s["provenance"], s["provenance_label"], s["ai_notice"], s["ai_generated"]) == (
        "offline",
        OFFLINE_LABEL,
        None,
        True,
    )


def test_a_persons_rewrite_makes_the_text_theirs_and_keeps_the_notes(make_user, start_worker):
    _, api = make_user()
    start_worker()
    etp = create_etp(api)
    _draft(api, etp["id"], 1)
    drafted = section(api, etp["id"], 1)
    assert drafted["provenance"] == "offline" and drafted["drafting_notes"]

    edited = put_section(api, etp["id"], 1, content="A unidade precisa de computadores novos: os atuais falham.")
    assert (edited["provenance"], edited["provenance_label"], edited["ai_generated"], edited["ai_notice"]) == (
        "human",
        HUMAN_LABEL,
        False,
        None,
    )
    assert edited["drafting_notes"] == drafted["drafting_notes"]  # until the next draft

    emptied = put_section(api, etp["id"], 1, content="")
    assert emptied["provenance"] is None and emptied["provenance_label"] is None


def test_suggestion_carries_its_provenance_and_notes_until_accepted(make_user, start_worker):
    _, api = make_user()
    start_worker()
    etp = create_etp(api)
    put_section(api, etp["id"], 3, content="Requisitos escritos por uma pessoa.")
    done = _draft(api, etp["id"], 3)
    assert done["result"]["sections"]["III"]["applied"] == "suggestion"
    s = section(api, etp["id"], 3)
    assert s["provenance"] == "human" and s["content"] == "Requisitos escritos por uma pessoa."
    assert s["suggestion_provenance"] == "offline" and s["suggestion_notes"]
    assert not any(phrase in s["suggestion"] for phrase in SCAFFOLDING)
    assert s["drafting_notes"] == []  # the person's text had no draft notes; the suggestion's wait

    resp = api.post(f"/api/v1/etps/{etp['id']}/sections/3/suggestion/accept")
    assert resp.status_code == 200, resp.get_json()
    accepted = resp.get_json()
    assert (accepted["provenance"], accepted["provenance_label"], accepted["ai_generated"]) == (
        "offline",
        OFFLINE_LABEL,
        True,
    )
    assert accepted["drafting_notes"] == s["suggestion_notes"]
    assert accepted["suggestion_provenance"] is None and accepted["suggestion_notes"] == []


def test_discarded_suggestion_takes_its_notes_along(make_user, start_worker):
    _, api = make_user()
    start_worker()
    etp = create_etp(api)
    put_section(api, etp["id"], 5, content="Levantamento feito pela equipe.")
    _draft(api, etp["id"], 5)
    resp = api.post(f"/api/v1/etps/{etp['id']}/sections/5/suggestion/discard")
    assert resp.status_code == 200, resp.get_json()
    s = resp.get_json()
    assert s["suggestion"] is None and s["suggestion_provenance"] is None and s["suggestion_notes"] == []
    assert s["provenance"] == "human"


def test_ai_draft_is_labelled_ai_with_the_ai_notice_outside_the_text(make_user, start_worker, fake):
    _, api = make_user()
    start_worker(env=openai_env(fake))
    etp = create_etp(api)
    done = _draft(api, etp["id"], 2)
    s = section(api, etp["id"], 2)
    assert done["result"]["sections"]["II"]["provenance"] == "ai"
    assert (s["provenance"], s["provenance_label"], s["ai_generated"]) == ("ai", AI_LABEL, True)
    assert s["ai_notice"] and s["ai_notice"] not in s["content"]
    assert "**Aviso:**" not in s["content"]
