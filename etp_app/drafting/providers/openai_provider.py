"""Chat-completion drafting through the official OpenAI SDK (or any OpenAI-compatible server).

One call, no retries: the SDK client is built with ``max_retries=0`` because retries, the circuit
breaker and the cache (the last two shared by every worker) are put around it by
:class:`etp_app.drafting.providers.resilience.ResilientProvider`.
Every SDK failure becomes a :class:`ProviderError` whose ``message`` is pt-BR text safe to show a
user (never the key, never the prompt) and whose ``retryable`` flag drives the retry loop.

The request goes through the SDK client (its auth headers, timeouts, connection pool and error
classes) with ``client.post("/chat/completions", ...)`` and the JSON answer is read here: the same
bytes go out as with ``client.chat.completions.create``, without the per-call cost of the SDK's
request-parameter transformation and response model construction (about half the CPU of a call).

Logs carry the model, HTTP status, latency and token counts only.
"""

from __future__ import annotations

import email.utils
import json
import logging
import math
import time
from collections.abc import Mapping
from typing import Any, Literal, NoReturn

import httpx2
import openai
import orjson
from openai import OpenAI, Timeout

from etp_app.drafting.types import Completion, Prompt, ProviderError

logger = logging.getLogger(__name__)

DEFAULT_MODEL = "gpt-4.1-nano"
OPENAI_BASE_URL = "https://api.openai.com/v1"
DEFAULT_TIMEOUT_SECONDS = 60.0

TokenLimitParam = Literal["max_completion_tokens", "max_tokens"]

# HTTP statuses worth another attempt besides 429 and 5xx (the SDK's own retry policy does the same)
_RETRYABLE_4XX = frozenset({408, 409})

CHAT_COMPLETIONS_PATH = "/chat/completions"


class InvalidOutputError(ProviderError):
    """The provider answered 200 but the answer is unusable (no choices, empty text, content filter,
    refusal). Not retryable in the same call and never cached."""

    invalid_output = True

    def __init__(self, message: str, *, status: int | None = 200):
        super().__init__(message, retryable=False, status=status, cause="resposta inutilizável do provedor de IA")


def parse_retry_after(headers: Mapping[str, str] | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from ``retry-after-ms``, or ``Retry-After`` as seconds or an HTTP date.

    ``headers`` must look names up case-insensitively (``httpx`` headers do). Returns None when the
    headers say nothing usable (absent, garbage, negative or not finite)."""
    if not headers:
        return None
    raw_ms = headers.get("retry-after-ms")
    if raw_ms:
        try:
            value = float(raw_ms) / 1000.0
        except ValueError:
            value = math.nan
        if math.isfinite(value) and value >= 0:
            return value
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        parsed = email.utils.parsedate_tz(raw)
        if parsed is None:
            return None
        value = email.utils.mktime_tz(parsed) - (time.time() if now is None else now)
        return max(0.0, value)
    return value if math.isfinite(value) and value >= 0 else None


def _seconds_ptbr(seconds: float) -> str:
    return f"{seconds:g}".replace(".", ",")


def _token_count(value: Any) -> int:
    """A usage count as reported, 0 when absent or not a number."""
    try:
        return int(value or 0)
    except (TypeError, ValueError, OverflowError):
        return 0


class OpenAIProvider:
    """Drafts through the Chat Completions endpoint (system + user messages), sending what
    ``chat.completions.create`` would send.

    ``base_url`` points the client at any OpenAI-compatible server (Ollama, vLLM, LM Studio); without
    it the official endpoint is used, never an ``OPENAI_BASE_URL`` left in the environment.
    ``timeout`` bounds connect, write, pool wait and each read, in seconds. ``token_limit_param``
    names the output-limit field: by default ``max_completion_tokens`` on the official API (where
    ``max_tokens`` is deprecated and rejected by reasoning models) and ``max_tokens`` elsewhere
    (what every compatible server understands).
    """

    name = "openai"

    def __init__(
        self,
        *,
        api_key: str,
        model: str = DEFAULT_MODEL,
        base_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT_SECONDS,
        token_limit_param: TokenLimitParam | None = None,
        organization: str | None = None,
    ) -> None:
        if not model:
            raise ValueError("model is required")
        if not (timeout > 0 and math.isfinite(timeout)):
            raise ValueError("timeout must be a positive number of seconds")
        if not api_key and base_url is None:
            raise ValueError("api_key is required for the OpenAI API (OPENAI_API_KEY)")
        self.model = model
        self.base_url = base_url.rstrip("/") if base_url else None
        self.timeout = float(timeout)
        self.token_limit_param: TokenLimitParam = token_limit_param or (
            "max_tokens" if self.base_url else "max_completion_tokens"
        )
        self._client = OpenAI(
            # local servers ignore the key, but the SDK wants one and would read OPENAI_API_KEY
            api_key=api_key or "not-required",
            organization=organization,
            base_url=self.base_url or OPENAI_BASE_URL,
            timeout=Timeout(connect=self.timeout, read=self.timeout, write=self.timeout, pool=self.timeout),
            max_retries=0,
        )

    def __repr__(self) -> str:  # never shows the key
        return f"OpenAIProvider(model={self.model!r}, base_url={self.base_url or OPENAI_BASE_URL!r})"

    def close(self) -> None:
        """Release pooled connections (the worker keeps one provider for its whole life)."""
        self._client.close()

    def complete(self, prompt: Prompt) -> Completion:
        # the keys in the order ``chat.completions.create`` sends them: the request bytes are the same
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [
                {"role": "system", "content": prompt.system},
                {"role": "user", "content": prompt.user},
            ],
            self.token_limit_param: prompt.max_tokens,
            "temperature": prompt.temperature,
        }
        started = time.perf_counter()
        try:
            response = self._client.post(
                CHAT_COMPLETIONS_PATH,
                body=body,
                cast_to=httpx2.Response,  # the SDK hands the answer over unparsed (errors still raise)
                options={"security": {"bearer_auth": True}},  # the credentials ``create`` sends
            )
        except openai.OpenAIError as exc:
            latency_ms = (time.perf_counter() - started) * 1000
            error = self._map_error(exc)
            logger.warning(
                "openai completion failed model=%s status=%s retryable=%s latency_ms=%.0f error=%s",
                self.model,
                error.status,
                error.retryable,
                latency_ms,
                type(exc).__name__,
            )
            raise error from exc
        data = self._decode(response)
        latency_ms = (time.perf_counter() - started) * 1000
        text = self._extract_text(data)
        usage = data.get("usage")
        if not isinstance(usage, dict):
            usage = {}
        tokens_in = _token_count(usage.get("prompt_tokens"))
        tokens_out = _token_count(usage.get("completion_tokens"))
        served_model = data.get("model")
        if not isinstance(served_model, str) or not served_model:
            served_model = self.model
        logger.info(
            "openai completion ok model=%s latency_ms=%.0f tokens_in=%d tokens_out=%d",
            served_model,
            latency_ms,
            tokens_in,
            tokens_out,
        )
        return Completion(
            text=text,
            model=served_model,
            provider=self.name,
            tokens_in=tokens_in,
            tokens_out=tokens_out,
            cached=False,
            latency_ms=latency_ms,
        )

    def _decode(self, response: httpx2.Response) -> dict[str, Any]:
        """The JSON object of a 2xx answer; a body that is not JSON is an :class:`InvalidOutputError`
        (a JSON value that is not an object reads as an answer without choices)."""
        try:
            data = orjson.loads(response.content)
        except orjson.JSONDecodeError:
            try:  # JSON in another declared charset: rare enough for the slow path
                data = json.loads(response.text)
            except ValueError:
                self._invalid(
                    "O provedor de IA retornou uma resposta em formato inesperado.",
                    reason="not_json",
                    status=response.status_code,
                )
        return data if isinstance(data, dict) else {}

    def _extract_text(self, data: dict[str, Any]) -> str:
        choices = data.get("choices")
        if not choices or not isinstance(choices, list):
            self._invalid(
                "O provedor de IA retornou uma resposta sem conteúdo (nenhuma alternativa gerada).", reason="no_choices"
            )
        choice = choices[0] if isinstance(choices[0], dict) else {}
        finish_reason = choice.get("finish_reason")
        message = choice.get("message")
        if not isinstance(message, dict):
            message = {}
        if finish_reason == "content_filter":
            self._invalid(
                "O provedor de IA bloqueou a resposta pelo filtro de conteúdo; "
                "revise as instruções e os dados da seção e tente novamente.",
                reason="content_filter",
            )
        if message.get("refusal"):
            self._invalid(
                "O modelo de IA recusou-se a redigir esta seção; revise as instruções e tente novamente.",
                reason="refusal",
            )
        content = message.get("content")
        if not isinstance(content, str) or not content.strip():
            self._invalid("O provedor de IA retornou um texto vazio.", reason="empty_content")
        if finish_reason == "length":
            logger.warning("openai completion truncated at the token limit model=%s", self.model)
        return content.strip()

    def _invalid(self, message: str, *, reason: str, status: int = 200) -> NoReturn:
        logger.warning("openai completion unusable model=%s reason=%s", self.model, reason)
        raise InvalidOutputError(message, status=status) from None

    def _map_error(self, exc: openai.OpenAIError) -> ProviderError:
        if isinstance(exc, openai.APITimeoutError):
            return ProviderError(
                f"O provedor de IA não respondeu dentro do tempo limite ({_seconds_ptbr(self.timeout)} s).",
                retryable=True,
                cause="tempo esgotado ao chamar o provedor de IA",
            )
        if isinstance(exc, openai.APIConnectionError):
            return ProviderError(
                "Não foi possível conectar ao provedor de IA (falha de rede).",
                retryable=True,
                cause="falha de rede ao conectar ao provedor de IA",
            )
        if isinstance(exc, openai.APIResponseValidationError):
            return InvalidOutputError(
                "O provedor de IA retornou uma resposta em formato inesperado.", status=exc.status_code
            )
        if isinstance(exc, openai.APIStatusError):
            return self._map_status(exc)
        return ProviderError("Falha inesperada ao chamar o provedor de IA.", retryable=False)

    def _map_status(self, exc: openai.APIStatusError) -> ProviderError:
        status = exc.status_code
        headers = exc.response.headers
        retry_after = parse_retry_after(headers)
        code = exc.code or ""
        should_retry = (headers.get("x-should-retry") or "").lower()
        if status == 429:
            if code == "insufficient_quota":
                return ProviderError(
                    "Cota da API OpenAI esgotada; verifique o plano e o faturamento da conta (429).",
                    retryable=False,
                    status=status,
                )
            return ProviderError(
                "Limite de requisições do provedor de IA atingido (429).",
                retryable=should_retry != "false",
                status=status,
                retry_after=retry_after,
            )
        if status >= 500 or status in _RETRYABLE_4XX:
            return ProviderError(
                f"O provedor de IA está com falha temporária ({status}).",
                retryable=should_retry != "false",
                status=status,
                retry_after=retry_after,
            )
        if status == 401:
            message = "Chave da API OpenAI inválida ou sem permissão (401)."
        elif status == 403:
            message = "Acesso negado pelo provedor de IA: a chave não tem permissão para este modelo ou região (403)."
        elif status == 404:
            message = f'Modelo "{self.model}" não encontrado no provedor de IA (404).'
        elif status == 400 and code == "context_length_exceeded":
            message = "O texto enviado excede o limite de contexto do modelo de IA (400)."
        elif status == 400:
            message = "O provedor de IA rejeitou a requisição: parâmetros inválidos para o modelo (400)."
        elif status == 422:
            message = "O provedor de IA não conseguiu processar a requisição (422)."
        else:
            message = f"O provedor de IA recusou a requisição ({status})."
        return ProviderError(message, retryable=False, status=status)
