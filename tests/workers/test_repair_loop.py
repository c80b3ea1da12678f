"""The drafter repairs its own errors (issue 15 §3) through a real worker and the fake OpenAI server:
the fake plants an invented article and an invented value in its first answer and fixes them (or
not) when the repair prompt comes; the job's result carries both reports and its usage both calls."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from etp_app.drafting.providers.costs import CostTable
from tests.fakes.fake_openai import REPAIR_MARKER, FakeOpenAIServer, count_tokens
from tests.helpers.jobs import create_etp, openai_env, section, wait_job

INVENTED = "O valor de referência é de R$ 987.654,32, conforme o art. 250 da Lei 14.133/2021."
FIXED = "O valor de referência é [a preencher: valor de referência da pesquisa de preços]."
MODEL = "gpt-4.1-nano"


def _draft(api, etp_id: str, inciso: int = 1) -> dict[str, Any]:
    resp = api.post(f"/api/v1/etps/{etp_id}/sections/{inciso}/draft", json={})
    assert resp.status_code == 202, resp.get_json()
    done = wait_job(api, resp.get_json()["id"])
    assert done["state"] == "succeeded", done
    return done


def _codes(report: dict[str, Any]) -> set[str]:
    return {w["code"] for w in report["warnings"]}


def _usage_of(fake: FakeOpenAIServer, requests) -> tuple[int, int]:
    """The tokens the fake billed for ``requests`` (its own count: words and marks, +4 per message)."""
    tokens_in = tokens_out = 0
    for request in requests:
        messages = request.body["messages"]
        tokens_in += sum(count_tokens(m["content"]) + 4 for m in messages)
        assert fake.planted is not None
        tokens_out += count_tokens(fake.planted.reply(messages))
    return tokens_in, tokens_out


def _user_prompt(request) -> str:
    return next(m["content"] for m in request.body["messages"] if m["role"] == "user")


def test_a_planted_invented_article_is_repaired_and_both_calls_are_counted(make_user, start_worker, fake):
    fake.plant_errors(INVENTED, fixed=FIXED)
    _, api = make_user()
    start_worker(env=openai_env(fake))
    etp = create_etp(api)
    done = _draft(api, etp["id"])

    first, second = fake.requests
    assert fake.request_count == 2
    assert REPAIR_MARKER not in _user_prompt(first) and REPAIR_MARKER in _user_prompt(second)
    repair_request = _user_prompt(second).split(REPAIR_MARKER, 1)[1]
    assert "O art. 250 da Lei 14.133/2021 não existe" in repair_request and "R$ 987.654,32" in repair_request
    assert "[a preencher:" in repair_request

    outcome = done["result"]["sections"]["I"]
    repair = outcome["repair"]
    assert (repair["attempted"], repair["kept"], repair["findings_after"]) == (True, "repaired", 0)
    assert repair["findings_before"] >= 2
    assert {"citation_article_out_of_range", "possible_invented_value"} <= _codes(repair["before"])
    assert not {"citation_article_out_of_range", "possible_invented_value"} & _codes(repair["after"])
    assert outcome["quality"] == repair["after"]
    assert outcome["cached"] is False

    s = section(api, etp["id"], 1)
    assert "art. 250" not in s["content"] and "R$ 987.654,32" not in s["content"]
    assert s["content"].endswith(FIXED) and s["quality"]["score"] == repair["after"]["score"]
    assert any("foi refeita" in note["text"] for note in s["drafting_notes"])

    # the job's usage and cost count both calls
    tokens_in, tokens_out = _usage_of(fake, [first, second])
    usage = done["usage"]
    assert (usage["tokens_in"], usage["tokens_out"]) == (tokens_in, tokens_out)
    one_call = CostTable().estimate_cost(MODEL, *_usage_of(fake, [first]))
    expected = CostTable().estimate_cost(MODEL, *_usage_of(fake, [first])) + CostTable().estimate_cost(
        MODEL, *_usage_of(fake, [second])
    )
    assert abs(Decimal(usage["cost_usd"]) - expected) < Decimal("0.000001") and expected > one_call


def test_a_repair_that_fixes_nothing_keeps_the_first_draft_and_skips_the_cache(make_user, start_worker, fake):
    fake.plant_errors(INVENTED, fixed=None)  # the repair answers with the same text
    _, api = make_user()
    start_worker(env=openai_env(fake))
    etp = create_etp(api)
    done = _draft(api, etp["id"])
    assert fake.request_count == 2
    repair = done["result"]["sections"]["I"]["repair"]
    assert repair["kept"] == "original" and repair["findings_after"] == repair["findings_before"] >= 2
    assert done["result"]["sections"]["I"]["quality"] == repair["before"]
    assert section(api, etp["id"], 1)["content"].endswith(INVENTED)

    # the same prompt on another ETP: the first draft comes from the cache, the repair reaches the fake
    other = create_etp(api)
    again = _draft(api, other["id"])
    assert fake.request_count == 3 and REPAIR_MARKER in _user_prompt(fake.requests[-1])
    assert again["result"]["sections"]["I"]["repair"]["kept"] == "original"
    # a cache hit costs nothing: only the repair's tokens are counted
    tokens_in, tokens_out = _usage_of(fake, [fake.requests[-1]])
    assert (again["usage"]["tokens_in"], again["usage"]["tokens_out"]) == (tokens_in, tokens_out)


def test_a_clean_draft_makes_one_call(make_user, start_worker, fake):
    _, api = make_user()
    start_worker(env=openai_env(fake))
    etp = create_etp(api)
    done = _draft(api, etp["id"])
    assert fake.request_count == 1
    assert "repair" not in done["result"]["sections"]["I"]


def test_repair_turned_off_keeps_the_first_draft_with_one_call(make_user, start_worker, fake):
    fake.plant_errors(INVENTED, fixed=FIXED)
    _, api = make_user()
    start_worker(env=openai_env(fake, DRAFTING_REPAIR="false"))
    etp = create_etp(api)
    done = _draft(api, etp["id"])
    assert fake.request_count == 1
    outcome = done["result"]["sections"]["I"]
    assert "repair" not in outcome and "citation_article_out_of_range" in _codes(outcome["quality"])
