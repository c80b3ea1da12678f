"""The drafter repairs its own errors (issue 15 §3), at unit level: which findings send a draft back,
which of the two drafts is kept, the repair prompt, and the engine's loop with a scripted provider
(the worker-level loop against the fake OpenAI server is tests/workers/test_repair_loop.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from etp_app.drafting import prompts
from etp_app.drafting.engine import (
    ORIGINAL,
    REPAIRED,
    DraftEngine,
    EngineSettings,
    choose_draft,
    merge_completions,
    repair_findings,
)
from etp_app.drafting.providers.costs import CostTable
from etp_app.drafting.types import Completion, DraftContext, Prompt, ProviderError, ProviderUnavailable, QualityReport
from tests.fakes.fake_openai import REPAIR_MARKER, PlantedErrors

FACTS = {
    "title": "Aquisição de notebooks para a Secretaria de Saúde",
    "objeto": "Aquisição de 120 notebooks para as unidades básicas de saúde",
    "orgao": "Secretaria Municipal de Saúde",
    "template_type": "ti",
    "quantidade_estimada": "120",
    "unidade_medida": "unidade",
    "valor_estimado": "480000.00",
    "valor_unitario": "4000.00",
    "descricao_necessidade": "Os computadores atuais têm mais de oito anos e falham com frequência.",
}
CLEAN = (
    "A Secretaria Municipal de Saúde precisa substituir os computadores das unidades básicas de saúde, "
    "que têm mais de oito anos de uso e falham com frequência, o que atrasa o atendimento da população. "
    "A contratação atende ao interesse público, nos termos do art. 18 da Lei 14.133/2021."
)
INVENTED = " O valor de referência é de R$ 987.654,32, conforme o art. 250 da Lei 14.133/2021."
MODEL = "gpt-4.1-nano"


def _warning(code: str, severity: str, **extra: str) -> dict[str, str]:
    return {"code": code, "severity": severity, "message": "m", "excerpt": "", **extra}


def _report(score: int, *warnings: dict[str, str]) -> QualityReport:
    return QualityReport(score=score, warnings=list(warnings))


# --- which findings send a draft back --------------------------------------------------------------


def test_errors_revoked_norms_and_invented_money_send_a_draft_back():
    warnings = [
        _warning("citation_article_out_of_range", "error"),
        _warning("citation_impossible", "error"),  # any error-level finding, whatever its code
        _warning("citation_revoked", "warning"),
        _warning("possible_invented_value", "warning"),
        _warning("possible_invented_number", "warning", kind="money"),
    ]
    assert repair_findings(warnings) == warnings


def test_other_findings_do_not():
    warnings = [
        _warning("possible_invented_number", "warning", kind="percentage"),
        _warning("possible_invented_number", "warning"),
        _warning("citation_unverified", "info"),
        _warning("placeholder_pending", "warning"),
        _warning("marketing_claim", "warning"),
        _warning("unsourced_value", "info"),
    ]
    assert repair_findings(warnings) == []


# --- which draft is kept ------------------------------------------------------------------------------


def test_fewer_repair_findings_win_whatever_the_score():
    error = _warning("citation_article_out_of_range", "error")
    money = _warning("possible_invented_value", "warning")
    assert choose_draft(_report(60, error, money), _report(40, money)) == REPAIRED
    assert choose_draft(_report(90, money), _report(95, error, money)) == ORIGINAL


def test_with_as_many_findings_the_higher_score_wins_and_a_full_tie_keeps_the_original():
    error = _warning("citation_article_out_of_range", "error")
    assert choose_draft(_report(67, error), _report(75, error)) == REPAIRED
    assert choose_draft(_report(75, error), _report(67, error)) == ORIGINAL
    assert choose_draft(_report(75, error), _report(75, error)) == ORIGINAL


def test_merged_completion_counts_both_calls_and_keeps_the_chosen_text():
    first = Completion("primeira", MODEL, "openai", tokens_in=900, tokens_out=120, cached=True, latency_ms=2.0)
    second = Completion("segunda", MODEL, "openai", tokens_in=1300, tokens_out=110, latency_ms=40.0)
    merged = merge_completions(first, second, kept=second)
    assert (merged.text, merged.tokens_in, merged.tokens_out, merged.latency_ms) == ("segunda", 2200, 230, 42.0)
    assert merged.cached is False  # the repair reached the provider
    assert merge_completions(first, second, kept=first).text == "primeira"


# --- the repair prompt --------------------------------------------------------------------------------


def _first_prompt() -> Prompt:
    return prompts.build_prompt(DraftContext(inciso=1, facts=FACTS))


def test_repair_prompt_lists_the_findings_in_portuguese_after_the_first_prompt():
    first = _first_prompt()
    findings = [
        {
            "code": "citation_article_out_of_range",
            "severity": "error",
            "message": "O art. 250 da Lei 14.133/2021 não existe: a norma tem 194 artigos. Confira o dispositivo citado.",
            "excerpt": "conforme o art. 250 da Lei 14.133/2021",
        },
        {
            "code": "possible_invented_value",
            "severity": "warning",
            "message": 'O valor "R$ 987.654,32" não aparece nos dados do ETP nem nas instruções. '
            "Confirme-o com os dados do ETP ou cite a fonte (pesquisa de preços, contrato anterior, cotação).",
            "excerpt": "referência é de R$ 987.654,32, conforme",
        },
    ]
    repair = prompts.build_repair_prompt(first, CLEAN + INVENTED, findings, inciso=1)

    assert repair.system == first.system and repair.user.startswith(first.user)
    assert (repair.temperature, repair.max_tokens, repair.findings) == (
        first.temperature,
        first.max_tokens,
        first.findings,
    )
    assert f"<{prompts.REPAIR_DRAFT_TAG}>" in repair.user and CLEAN + INVENTED in repair.user
    assert "1. O art. 250 da Lei 14.133/2021 não existe: a norma tem 194 artigos." in repair.user
    assert '2. O valor "R$ 987.654,32" não aparece nos dados do ETP nem nas instruções.' in repair.user
    assert 'Trecho: "conforme o art. 250 da Lei 14.133/2021"' in repair.user
    # the person-facing advice stays out: a model told to "cite the source" may invent one
    assert "Confirme" not in repair.user and "cotação" not in repair.user
    assert prompts.PLACEHOLDER_FORMAT in repair.user.split(first.user, 1)[1]
    # no check internals: codes and severities are not words the model should read
    for internal in ("citation_article_out_of_range", "possible_invented_value", "severity", "error"):
        assert internal not in repair.user.split(first.user, 1)[1]
    assert prompts.build_repair_prompt(first, CLEAN + INVENTED, findings, inciso=1) == repair


def test_repair_prompt_bounds_the_list_and_keeps_the_draft_inside_its_block():
    first = _first_prompt()
    many = [{"message": f"O valor número {n} não consta dos dados.", "excerpt": ""} for n in range(20)]
    draft = f"Texto </{prompts.REPAIR_DRAFT_TAG}> com fim falso."
    repair = prompts.build_repair_prompt(first, draft, many, inciso=1)
    tail = repair.user.split(first.user, 1)[1]
    assert f"{prompts.REPAIR_MAX_PROBLEMS}. " in tail and f"{prompts.REPAIR_MAX_PROBLEMS + 1}. " not in tail
    assert f"outros {20 - prompts.REPAIR_MAX_PROBLEMS} problemas" in tail
    assert tail.count(f"</{prompts.REPAIR_DRAFT_TAG}>") == 1


def test_the_fake_server_recognizes_the_repair_prompt():
    repair = prompts.build_repair_prompt(_first_prompt(), CLEAN, [{"message": "x"}], inciso=1)
    assert REPAIR_MARKER == f"<{prompts.REPAIR_DRAFT_TAG}>" and REPAIR_MARKER in repair.user
    planted = PlantedErrors(INVENTED, fixed=" Valor: [a preencher: valor de referência].")
    first_reply = planted.reply([{"role": "user", "content": _first_prompt().user}])
    repaired_reply = planted.reply([{"role": "user", "content": repair.user}])
    assert first_reply.endswith(INVENTED) and INVENTED not in repaired_reply
    # answered as the first request was, errors fixed
    assert repaired_reply == first_reply.removesuffix(INVENTED) + " Valor: [a preencher: valor de referência]."
    unfixed = PlantedErrors(INVENTED, fixed=None).reply([{"role": "user", "content": repair.user}])
    assert unfixed == first_reply


# --- the engine's loop with a scripted provider -------------------------------------------------------


@dataclass
class ScriptedProvider:
    """Answers each call with the next text (or raises it), recording prompts and cache use."""

    answers: list[str | Exception]
    name: str = "openai"
    model: str = MODEL
    calls: list[tuple[Prompt, bool]] = field(default_factory=list)

    def complete(self, prompt: Prompt, *, use_cache: bool = True) -> Completion:
        self.calls.append((prompt, use_cache))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return Completion(answer, self.model, "openai", tokens_in=len(prompt.user) // 4, tokens_out=len(answer) // 4)


def _engine(*answers: str | Exception, repair: bool = True) -> tuple[DraftEngine, ScriptedProvider]:
    provider = ScriptedProvider(list(answers))
    return DraftEngine(EngineSettings(provider="openai", repair=repair), provider=provider), provider


def _draft(engine: DraftEngine, **kw):
    return engine.draft(DraftContext(inciso=1, facts=FACTS), template_type="ti", **kw)


def _codes(report: dict) -> set[str]:
    return {w["code"] for w in report["warnings"]}


def _expected_cost(*calls: tuple[int, int]) -> Decimal:
    table = CostTable()
    return sum((table.estimate_cost(MODEL, i, o) for i, o in calls), Decimal("0"))


def test_a_draft_with_an_invented_article_and_value_is_repaired_and_both_calls_counted():
    engine, provider = _engine(CLEAN + INVENTED, CLEAN + " O valor de referência é [a preencher: valor].")
    result = _draft(engine)

    assert len(provider.calls) == 2
    (first_prompt, first_cache), (repair_prompt, repair_cache) = provider.calls
    assert first_cache is True and repair_cache is False  # the repair bypasses the cache
    assert "O art. 250 da Lei 14.133/2021 não existe" in repair_prompt.user
    assert "R$ 987.654,32" in repair_prompt.user.split(first_prompt.user, 1)[1]

    assert result.text == CLEAN + " O valor de referência é [a preencher: valor]."
    repair = result.repair
    assert repair is not None
    assert (repair["attempted"], repair["kept"], repair["findings_before"], repair["findings_after"]) == (
        True,
        REPAIRED,
        2,
        0,
    )
    assert {"citation_article_out_of_range", "possible_invented_value"} <= _codes(repair["before"])
    assert repair["after"] == result.quality and not repair_findings(result.quality["warnings"])
    # the scripted provider counts a token per 4 characters of prompt (in) and of answer (out)
    calls = [
        (len(first_prompt.user) // 4, len(CLEAN + INVENTED) // 4),
        (len(repair_prompt.user) // 4, len(result.text) // 4),
    ]
    assert result.completion.tokens_in == calls[0][0] + calls[1][0]
    assert result.completion.tokens_out == calls[0][1] + calls[1][1]
    assert result.cost_usd == _expected_cost(*calls) > _expected_cost(calls[0])
    assert any("foi refeita" in note.text for note in result.notes)


def test_a_repair_that_makes_things_worse_keeps_the_first_draft():
    worse = CLEAN + INVENTED + " Há ainda o art. 300 da Lei 14.133/2021."
    engine, provider = _engine(CLEAN + INVENTED, worse)
    result = _draft(engine)
    assert len(provider.calls) == 2
    assert result.text == CLEAN + INVENTED
    assert result.repair is not None and result.repair["kept"] == ORIGINAL
    assert result.repair["findings_after"] > result.repair["findings_before"]
    assert result.quality == result.repair["before"]
    # the first draft is kept, the tokens of both calls are still counted
    assert result.completion.tokens_out == len(CLEAN + INVENTED) // 4 + len(worse) // 4
    assert not any("foi refeita" in note.text for note in result.notes)


@pytest.mark.parametrize(
    "failure",
    [ProviderError("O provedor falhou.", retryable=True), ProviderUnavailable("Provedor indisponível.")],
)
def test_a_failed_repair_keeps_the_first_draft_and_says_why(failure):
    engine, provider = _engine(CLEAN + INVENTED, failure)
    result = _draft(engine)
    assert len(provider.calls) == 2 and result.text == CLEAN + INVENTED
    assert result.repair is not None
    assert (result.repair["kept"], result.repair["after"], result.repair["error"]) == (ORIGINAL, None, failure.message)
    assert result.completion.tokens_out == len(CLEAN + INVENTED) // 4


def test_an_empty_repair_keeps_the_first_draft():
    engine, _ = _engine(CLEAN + INVENTED, "   ")
    result = _draft(engine)
    assert result.text == CLEAN + INVENTED and result.repair is not None
    assert result.repair["kept"] == ORIGINAL and "vazio" in result.repair["error"]


def test_a_clean_draft_makes_one_call():
    engine, provider = _engine(CLEAN)
    result = _draft(engine)
    assert len(provider.calls) == 1 and result.repair is None and result.text == CLEAN


def test_regenerate_still_bypasses_the_cache_of_the_first_call():
    engine, provider = _engine(CLEAN)
    _draft(engine, regenerate=True)
    assert provider.calls[0][1] is False


def test_repair_can_be_turned_off():
    engine, provider = _engine(CLEAN + INVENTED, repair=False)
    result = _draft(engine)
    assert len(provider.calls) == 1 and result.repair is None
    assert "citation_article_out_of_range" in _codes(result.quality)


def test_the_offline_drafter_is_never_repaired():
    result = DraftEngine(EngineSettings()).draft(DraftContext(inciso=1, facts=FACTS), template_type="ti")
    assert result.provenance == "offline" and result.repair is None


@pytest.mark.parametrize(("value", "expected"), [(None, True), (True, True), (False, False)])
def test_setting_from_config(value, expected):
    config = {} if value is None else {"DRAFTING_REPAIR": value}
    assert EngineSettings.from_config(config).repair is expected
