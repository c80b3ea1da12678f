"""OpenAIProvider through the real OpenAI SDK against the local fake server: request shape, usage,
latency and the mapping of every failure to a ProviderError a user can read."""

from __future__ import annotations

import email.utils
import logging
import socket
import time
from concurrent.futures import ThreadPoolExecutor

import httpx2
import pytest
from openai import OpenAI

from etp_app.drafting.providers.openai_provider import (
    InvalidOutputError,
    OpenAIProvider,
    parse_retry_after,
)
from etp_app.drafting.types import Prompt, ProviderError
from tests.fakes.fake_openai import Behaviour, FakeOpenAIServer, count_tokens, render_reply

API_KEY = "sk-test-provider-secret-0123456789"
SECRET_PROMPT = "Pregão para aquisição de 120 notebooks para a Secretaria de Saúde, processo 4471/2026"


@pytest.fixture
def prompt() -> Prompt:
    return Prompt(
        system="Você redige Estudos Técnicos Preliminares conforme a Lei 14.133/2021.",
        user=f"Redija a seção I (Descrição da necessidade). Objeto: {SECRET_PROMPT}.",
        temperature=0.3,
        max_tokens=800,
    )


def make_provider(fake: FakeOpenAIServer, *, timeout: float = 5.0, **kwargs: object) -> OpenAIProvider:
    return OpenAIProvider(api_key=API_KEY, model="gpt-4.1-nano", base_url=fake.base_url, timeout=timeout, **kwargs)


def test_success_returns_text_usage_and_latency(fake: FakeOpenAIServer, prompt: Prompt) -> None:
    provider = make_provider(fake)

    completion = provider.complete(prompt)

    messages = [{"role": "system", "content": prompt.system}, {"role": "user", "content": prompt.user}]
    assert completion.text == render_reply(messages)
    assert completion.provider == "openai"
    assert completion.model == "gpt-4.1-nano"
    assert completion.cached is False
    assert completion.tokens_in == sum(count_tokens(m["content"]) + 4 for m in messages)
    assert completion.tokens_out == count_tokens(completion.text)
    assert completion.latency_ms > 0
    assert fake.request_count == 1
    request = fake.last_request
    assert request is not None
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    assert request.body["model"] == "gpt-4.1-nano"
    assert request.body["messages"] == messages
    assert request.body["temperature"] == 0.3
    # a compatible server (base_url given) gets the field every such server understands
    assert request.body["max_tokens"] == 800
    assert "max_completion_tokens" not in request.body


@pytest.mark.parametrize("token_limit_param", ["max_tokens", "max_completion_tokens"])
def test_sends_what_chat_completions_create_sends(
    fake: FakeOpenAIServer, prompt: Prompt, token_limit_param: str
) -> None:
    """The provider skips the SDK's parameter transformation, not the request it makes."""
    make_provider(fake, token_limit_param=token_limit_param).complete(prompt)  # type: ignore[arg-type]
    sdk = OpenAI(api_key=API_KEY, base_url=fake.base_url, max_retries=0, timeout=5.0)
    sdk.chat.completions.create(  # type: ignore[call-overload]
        model="gpt-4.1-nano",
        messages=[{"role": "system", "content": prompt.system}, {"role": "user", "content": prompt.user}],
        temperature=prompt.temperature,
        **{token_limit_param: prompt.max_tokens},
    )
    sdk.close()

    ours, reference = fake.requests
    assert (ours.method, ours.path) == (reference.method, reference.path)
    assert list(ours.body.items()) == list(reference.body.items())  # same fields, same order
    different = {
        name
        for name in ours.headers.keys() | reference.headers.keys()
        if ours.headers.get(name) != reference.headers.get(name)
    }
    assert different <= {"idempotency-key"}  # a fresh key per request, as the SDK does


def test_token_limit_field_follows_the_endpoint(fake: FakeOpenAIServer, prompt: Prompt) -> None:
    official = OpenAIProvider(api_key=API_KEY)
    assert official.token_limit_param == "max_completion_tokens"
    assert official.model == "gpt-4.1-nano"

    make_provider(fake, token_limit_param="max_completion_tokens").complete(prompt)

    assert fake.last_request is not None
    assert fake.last_request.body["max_completion_tokens"] == 800
    assert "max_tokens" not in fake.last_request.body


def test_official_endpoint_ignores_base_url_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    provider = OpenAIProvider(api_key=API_KEY)
    assert "api.openai.com" in repr(provider)


def test_compatible_server_needs_no_key(fake: FakeOpenAIServer, prompt: Prompt) -> None:
    provider = OpenAIProvider(api_key="", model="llama3.1:8b", base_url=fake.base_url + "/")

    completion = provider.complete(prompt)

    assert completion.text
    assert completion.model == "llama3.1:8b"


def test_official_api_requires_a_key() -> None:
    with pytest.raises(ValueError, match="api_key"):
        OpenAIProvider(api_key="")


@pytest.mark.parametrize("timeout", [0, -1, float("inf")])
def test_timeout_must_be_positive_and_finite(timeout: float) -> None:
    with pytest.raises(ValueError, match="timeout"):
        OpenAIProvider(api_key=API_KEY, timeout=timeout)


def test_rate_limit_is_retryable_with_retry_after(fake: FakeOpenAIServer, prompt: Prompt) -> None:
    fake.script("rate_limit")

    with pytest.raises(ProviderError) as raised:
        make_provider(fake).complete(prompt)

    error = raised.value
    assert error.retryable is True
    assert error.status == 429
    assert error.retry_after == 1.0
    assert error.message == "Limite de requisições do provedor de IA atingido (429)."


def test_retry_after_ms_takes_precedence(fake: FakeOpenAIServer, prompt: Prompt) -> None:
    fake.script(Behaviour("rate_limit", headers={"retry-after-ms": "250", "Retry-After": "7"}))

    with pytest.raises(ProviderError) as raised:
        make_provider(fake).complete(prompt)

    assert raised.value.retry_after == pytest.approx(0.25)


def test_exhausted_quota_is_not_retryable(fake: FakeOpenAIServer, prompt: Prompt) -> None:
    body = {
        "error": {
            "message": "You exceeded your current quota.",
            "type": "insufficient_quota",
            "param": None,
            "code": "insufficient_quota",
        }
    }
    fake.script(Behaviour("rate_limit", body=body))

    with pytest.raises(ProviderError) as raised:
        make_provider(fake).complete(prompt)

    assert raised.value.retryable is False
    assert raised.value.status == 429
    assert "Cota da API OpenAI esgotada" in raised.value.message


def test_server_error_is_retryable(fake: FakeOpenAIServer, prompt: Prompt) -> None:
    fake.script(Behaviour("server_error", headers={"Retry-After": "2"}))

    with pytest.raises(ProviderError) as raised:
        make_provider(fake).complete(prompt)

    assert raised.value.retryable is True
    assert raised.value.status == 500
    assert raised.value.retry_after == 2.0
    assert "falha temporária (500)" in raised.value.message


def test_server_saying_do_not_retry_is_obeyed(fake: FakeOpenAIServer, prompt: Prompt) -> None:
    fake.script(Behaviour("server_error", headers={"x-should-retry": "false"}))

    with pytest.raises(ProviderError) as raised:
        make_provider(fake).complete(prompt)

    assert raised.value.retryable is False


def test_timeout_is_retryable_with_a_clear_message(fake: FakeOpenAIServer, prompt: Prompt) -> None:
    fake.mode = "timeout"
    provider = make_provider(fake, timeout=0.3)

    started = time.monotonic()
    with pytest.raises(ProviderError) as raised:
        provider.complete(prompt)
    elapsed = time.monotonic() - started

    assert raised.value.retryable is True
    assert raised.value.status is None
    assert raised.value.message == "O provedor de IA não respondeu dentro do tempo limite (0,3 s)."
    assert 0.25 <= elapsed < fake.hang_seconds


def test_connection_refused_is_retryable(prompt: Prompt) -> None:
    with socket.socket() as sock:  # a port nobody listens on once the socket is closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    provider = OpenAIProvider(api_key=API_KEY, base_url=f"http://127.0.0.1:{port}/v1", timeout=2)

    with pytest.raises(ProviderError) as raised:
        provider.complete(prompt)

    assert raised.value.retryable is True
    assert raised.value.message == "Não foi possível conectar ao provedor de IA (falha de rede)."


def test_unauthorized_is_final_and_says_so(fake: FakeOpenAIServer, prompt: Prompt) -> None:
    fake.script("unauthorized")

    with pytest.raises(ProviderError) as raised:
        make_provider(fake).complete(prompt)

    assert raised.value.retryable is False
    assert raised.value.status == 401
    assert raised.value.message == "Chave da API OpenAI inválida ou sem permissão (401)."
    assert API_KEY not in str(raised.value)


def test_bad_request_is_final(fake: FakeOpenAIServer, prompt: Prompt) -> None:
    fake.script("bad_request")

    with pytest.raises(ProviderError) as raised:
        make_provider(fake).complete(prompt)

    assert raised.value.retryable is False
    assert raised.value.status == 400
    assert "(400)" in raised.value.message


@pytest.mark.parametrize(
    ("kind", "fragment"),
    [
        ("malformed", "nenhuma alternativa"),
        ("empty", "texto vazio"),
        ("content_filter", "filtro de conteúdo"),
    ],
)
def test_unusable_output_is_a_final_invalid_output(
    fake: FakeOpenAIServer, prompt: Prompt, kind: str, fragment: str
) -> None:
    fake.script(kind)

    with pytest.raises(ProviderError) as raised:
        make_provider(fake).complete(prompt)

    error = raised.value
    assert isinstance(error, InvalidOutputError)
    assert error.invalid_output is True
    assert error.retryable is False
    assert fragment in error.message


def test_refusal_is_a_final_invalid_output(fake: FakeOpenAIServer, prompt: Prompt) -> None:
    body = {
        "id": "chatcmpl-refusal",
        "object": "chat.completion",
        "created": 1,
        "model": "gpt-4.1-nano",
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": None, "refusal": "I can't help with that."},
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 6, "total_tokens": 16},
    }
    fake.script(Behaviour("success", body=body))

    with pytest.raises(InvalidOutputError) as raised:
        make_provider(fake).complete(prompt)

    assert raised.value.retryable is False
    assert raised.value.status == 200
    assert "recusou-se a redigir" in raised.value.message


def test_answer_without_usage_or_model_still_drafts(fake: FakeOpenAIServer, prompt: Prompt) -> None:
    body = {
        "choices": [
            {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "  Texto da seção.  "}}
        ]
    }
    fake.script(Behaviour("success", body=body))

    completion = make_provider(fake).complete(prompt)

    assert completion.text == "Texto da seção."
    assert completion.model == "gpt-4.1-nano"
    assert (completion.tokens_in, completion.tokens_out) == (0, 0)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"<html>Bad gateway</html>", "formato inesperado"),  # a proxy's page with a 200
        (b'{"choices": [', "formato inesperado"),  # cut short
        (b'["not", "an", "object"]', "nenhuma alternativa"),
    ],
)
def test_answer_that_is_not_a_json_object_is_a_final_invalid_output(
    fake: FakeOpenAIServer, prompt: Prompt, monkeypatch: pytest.MonkeyPatch, content: bytes, fragment: str
) -> None:
    provider = make_provider(fake)
    request = httpx2.Request("POST", fake.base_url + "/chat/completions")
    answer = httpx2.Response(200, content=content, request=request)
    monkeypatch.setattr(provider._client, "post", lambda *args, **kwargs: answer)

    with pytest.raises(InvalidOutputError) as raised:
        provider.complete(prompt)

    assert raised.value.retryable is False
    assert raised.value.status == 200
    assert fragment in raised.value.message


def test_concurrent_calls_share_one_provider(prompt: Prompt) -> None:
    workers = 16
    with FakeOpenAIServer(latency=0.3) as slow:
        provider = make_provider(slow)
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=workers) as pool:
            completions = list(pool.map(lambda _: provider.complete(prompt), range(workers)))
        elapsed = time.monotonic() - started

    assert len({c.text for c in completions}) == 1
    assert slow.request_count == workers
    assert elapsed < 0.3 * workers / 4  # served in parallel, not one after another


def test_logs_carry_no_key_and_no_prompt(
    fake: FakeOpenAIServer, prompt: Prompt, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake.script("success", "rate_limit", "unauthorized", "malformed")
    provider = make_provider(fake)
    provider.complete(prompt)
    for _ in range(3):
        with pytest.raises(ProviderError):
            provider.complete(prompt)

    ours = [r for r in caplog.records if r.name.startswith("etp_app")]
    assert len(ours) >= 4
    for record in caplog.records:
        text = record.getMessage()
        assert API_KEY not in text
        assert SECRET_PROMPT not in text
        assert prompt.system not in text
    assert API_KEY not in repr(provider)


def test_parse_retry_after_variants() -> None:
    now = 1_800_000_000.0
    http_date = email.utils.formatdate(now + 30, usegmt=True)

    assert parse_retry_after({"retry-after": "3"}) == 3.0
    assert parse_retry_after({"retry-after": "0.5"}) == 0.5
    assert parse_retry_after({"retry-after": http_date}, now=now) == pytest.approx(30, abs=1)
    assert parse_retry_after({"retry-after": email.utils.formatdate(now - 60, usegmt=True)}, now=now) == 0.0
    assert parse_retry_after({"retry-after-ms": "1500", "retry-after": "9"}) == 1.5
    assert parse_retry_after({"retry-after-ms": "garbage", "retry-after": "9"}) == 9.0
    assert parse_retry_after({"retry-after": "soon"}) is None
    assert parse_retry_after({"retry-after": "-4"}) is None
    assert parse_retry_after({}) is None
    assert parse_retry_after(None) is None
