"""Issue 10 §4 through the API: a section PUT answers with the fresh quality report of the text it
saves, pending placeholders weigh on the score, a person's figures are not called invented, and the
report says what moved the score."""

from __future__ import annotations

import re

from tests.helpers.jobs import create_etp, section, wait_job

PLACEHOLDER = re.compile(r"\[a preencher:[^\]]*\]")

PENDING_VIII = (
    "**Decisão**: a contratação será realizada [a preencher: em item único ou em lotes].\n\n"
    "- **Viabilidade técnica**: [a preencher: se os itens podem ser fornecidos separadamente]\n"
    "- **Economia de escala**: [a preencher: efeito da divisão sobre os preços]\n"
    "- **Competição**: [a preencher: efeito sobre o número de fornecedores aptos]\n\n"
    "A decisão considera os critérios do art. 40 da Lei 14.133/2021."
)
FILLED_VIII = (
    "A contratação será realizada em lote único. Os notebooks são padronizados e a divisão em lotes "
    "não amplia a competição. O lote único também simplifica a gestão do contrato e da garantia, "
    "conforme o art. 40 da Lei 14.133/2021."
)


def _url(etp_id: str, inciso: int) -> str:
    return f"/api/v1/etps/{etp_id}/sections/{inciso}"


def _put(api, etp_id: str, inciso: int, content: str):
    etag = api.get(_url(etp_id, inciso)).headers["ETag"]
    resp = api.put(_url(etp_id, inciso), json={"content": content}, headers={"If-Match": etag})
    assert resp.status_code == 200, resp.get_json()
    return resp


def _codes(report: dict) -> set[str]:
    return {w["code"] for w in report["warnings"]}


def test_put_answers_with_the_fresh_report_of_the_text_it_saves(make_user):
    _, api = make_user()
    etp = create_etp(api)

    pending = _put(api, etp["id"], 8, PENDING_VIII).get_json()["quality"]
    assert pending["metrics"]["placeholders"] == 4
    [w] = [w for w in pending["warnings"] if w["code"] == "placeholder_pending"]
    assert w["severity"] == "warning"
    entry = next(e for e in pending["score_breakdown"] if e["code"] == "placeholder_pending")
    assert entry["count"] == 4 and entry["penalty"] >= 50  # 4 of 5 statements still to write
    assert pending["score"] <= 20
    assert pending["score"] == max(0, 100 - sum(e["penalty"] for e in pending["score_breakdown"]))

    resp = _put(api, etp["id"], 8, FILLED_VIII)
    filled = resp.get_json()["quality"]
    assert "placeholder_pending" not in _codes(filled) and filled["metrics"]["placeholders"] == 0
    assert filled["score"] > pending["score"]
    # the answer, the stored section and an explicit check agree: the report is never stale
    assert api.get(_url(etp["id"], 8)).get_json()["quality"] == filled
    assert api.post(f"{_url(etp['id'], 8)}/check", json={}).get_json() == filled
    assert api.get(_url(etp["id"], 8)).headers["ETag"] == resp.headers["ETag"]  # the check wrote no new version

    emptied = _put(api, etp["id"], 8, "").get_json()["quality"]
    assert _codes(emptied) == {"empty"} and emptied["score"] == 0

    # an optional element left out with a justification is in order, not an empty-section error
    etag = api.get(_url(etp["id"], 3)).headers["ETag"]
    justified = api.put(
        _url(etp["id"], 3),
        json={"justification": "Não há requisitos além das especificações do termo de referência."},
        headers={"If-Match": etag},
    )
    assert justified.status_code == 200, justified.get_json()
    report = justified.get_json()["quality"]
    assert _codes(report) == {"absence_justified"} and report["score"] == 100


def test_put_report_compares_numbers_with_the_facts_and_the_other_sections(make_user):
    _, api = make_user()
    etp = create_etp(api)  # 120 unidades × R$ 4.000,00 = R$ 480.000,00
    _put(api, etp["id"], 1, "A necessidade envolve 412 chamados de manutenção em 2025.")
    text = (
        "Conclui-se que a contratação de 120 unidades, por R$ 480.000,00, é viável: ela resolve os 412 "
        "chamados e a reserva de R$ 75.000,00 cobre a instalação."
    )
    report = _put(api, etp["id"], 13, text).get_json()["quality"]
    notes = [w for w in report["warnings"] if w["code"] in ("unsourced_value", "unsourced_number")]
    # only the value found in no fact and no other section asks for its source, and it costs nothing
    assert [n["code"] for n in notes] == ["unsourced_value"] and "R$ 75.000,00" in notes[0]["message"]
    assert notes[0]["severity"] == "info" and "indique a fonte" in notes[0]["message"]
    assert "[a preencher" not in notes[0]["message"]
    assert not _codes(report) & {"possible_invented_value", "possible_invented_number"}
    entry = next(e for e in report["score_breakdown"] if e["code"] == "unsourced_value")
    assert entry == {"code": "unsourced_value", "severity": "info", "penalty": 0, "count": 1}


def test_filling_a_drafted_section_with_real_facts_never_lowers_its_score(make_user, start_worker):
    """Issue 10: filling section I's placeholders with the person's own figures took it from 88 to 74."""
    _, api = make_user()
    start_worker()
    etp = create_etp(api)
    job = api.post(f"{_url(etp['id'], 1)}/draft", json={})
    assert job.status_code == 202, job.get_json()
    assert wait_job(api, job.get_json()["id"])["state"] == "succeeded"
    drafted = section(api, etp["id"], 1)
    markers = PLACEHOLDER.findall(drafted["content"])
    assert markers and drafted["quality"]["metrics"]["placeholders"] == len(markers)
    assert "placeholder_pending" in _codes(drafted["quality"])

    facts = iter(
        (
            "a Coordenação de Atenção Básica",
            "em 2025 foram abertos 412 chamados de manutenção e 37 equipamentos ficaram parados",
            "o atendimento de 18 unidades de saúde continua sem interrupção",
            "as 18 unidades perdem o acesso ao prontuário eletrônico",
        )
    )
    content = PLACEHOLDER.sub(lambda _m: next(facts, "dado confirmado pela unidade requisitante"), drafted["content"])
    resp = _put(api, etp["id"], 1, content)
    edited = resp.get_json()
    report = edited["quality"]
    assert report["metrics"]["placeholders"] == 0
    assert report["score"] > drafted["quality"]["score"]
    assert not _codes(report) & {"possible_invented_value", "possible_invented_number"}
    notes = [w for w in report["warnings"] if w["code"] == "unsourced_number"]
    assert notes and all(w["severity"] == "info" and "indique a fonte" in w["message"] for w in notes)
    assert all(e["penalty"] == 0 for e in report["score_breakdown"] if e["code"] == "unsourced_number")
    assert api.post(f"{_url(etp['id'], 1)}/check", json={}).get_json() == report
