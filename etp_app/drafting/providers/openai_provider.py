"""Chat-completion drafting through the official OpenAI SDK (or any OpenAI-compatible server).

One call, no retries: the SDK client is built with ``max_retries=0`` because retries, the circuit
breaker and the cache live in :mod:`etp_app.drafting.providers.resilience`, shared by every worker.
Every SDK failure becomes a :class:`ProviderError` whose ``message`` is pt-BR text safe to show a
user (never the key, never the prompt) and whose ``retryable`` flag drives the retry loop.

Logs carry the model, HTTP status, latency and token counts only.
"""
from __future__ import annotations

import email.utils
import logging
import math
import time
from typing import Any, Literal, Mapping, NoReturn

import openai
from openai import OpenAI, Timeout

from etp_app.drafting.types import Completion, Prompt, ProviderError

logger = logging.getLogger(__name__)

DEFAULT_MODEL = "gpt-4.1-nano"
OPENAI_BASE_URL = "https://api.openai.com/v1"
DEFAULT_TIMEOUT_SECONDS = 60.0

TokenLimitParam = Literal["max_completion_tokens", "max_tokens"]

# HTTP statuses worth another attempt besides 429 and 5xx (the SDK's own retry policy does the same)
_RETRYABLE_4XX = frozenset({408, 409})


class InvalidOutputError(ProviderError):
    """The provider answered 200 but the answer is unusable (no choices, empty text, content filter,
    refusal). Not retryable in the same call and never cached."""

    invalid_output = True

    def __init__(self, message: str, *, status: int | None = 200):
        super().__init__(message, retryable=False, status=status)


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


class OpenAIProvider:
    """Drafts with ``chat.completions.create`` (system + user messages).

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
        params: dict[str, Any] = {
            "model": self.model,
            "messages": [
                {"role": "system", "content": prompt.system},
                {"role": "user", "content": prompt.user},
            ],
            "temperature": prompt.temperature,
            self.token_limit_param: prompt.max_tokens,
        }
        started = time.perf_counter()
        try:
            response = self._client.chat.completions.create(**params)
        except openai.OpenAIError as exc:
            latency_ms = (time.perf_counter() - started) * 1000
            error = self._map_error(exc)
            logger.warning(
                "openai completion failed model=%s status=%s retryable=%s latency_ms=%.0f error=%s",
                self.model, error.status, error.retryable, latency_ms, type(exc).__name__,
            )
            raise error from exc
        latency_ms = (time.perf_counter() - started) * 1000
        text = self._extract_text(response)
        usage = getattr(response, "usage", None)
        tokens_in = int(getattr(usage, "prompt_tokens", 0) or 0)
        tokens_out = int(getattr(usage, "completion_tokens", 0) or 0)
        served_model = getattr(response, "model", None) or self.model
        logger.info(
            "openai completion ok model=%s latency_ms=%.0f tokens_in=%d tokens_out=%d",
            served_model, latency_ms, tokens_in, tokens_out,
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

    def _extract_text(self, response: Any) -> str:
        choices = getattr(response, "choices", None)
        if not choices:
            self._invalid("O provedor de IA retornou uma resposta sem conteúdo (nenhuma alternativa gerada).",
                          reason="no_choices")
        choice = choices[0]
        finish_reason = getattr(choice, "finish_reason", None)
        message = getattr(choice, "message", None)
        if finish_reason == "content_filter":
            self._invalid("O provedor de IA bloqueou a resposta pelo filtro de conteúdo; "
                          "revise as instruções e os dados da seção e tente novamente.", reason="content_filter")
        if getattr(message, "refusal", None):
            self._invalid("O modelo de IA recusou-se a redigir esta seção; "
                          "revise as instruções e tente novamente.", reason="refusal")
        content = getattr(message, "content", None)
        if not isinstance(content, str) or not content.strip():
            self._invalid("O provedor de IA retornou um texto vazio.", reason="empty_content")
        if finish_reason == "length":
            logger.warning("openai completion truncated at the token limit model=%s", self.model)
        return content.strip()

    def _invalid(self, message: str, *, reason: str) -> NoReturn:
        logger.warning("openai completion unusable model=%s reason=%s", self.model, reason)
        raise InvalidOutputError(message)

    def _map_error(self, exc: openai.OpenAIError) -> ProviderError:
        if isinstance(exc, openai.APITimeoutError):
            return ProviderError(
                f"O provedor de IA não respondeu dentro do tempo limite ({_seconds_ptbr(self.timeout)} s).",
                retryable=True,
            )
        if isinstance(exc, openai.APIConnectionError):
            return ProviderError("Não foi possível conectar ao provedor de IA (falha de rede).", retryable=True)
        if isinstance(exc, openai.APIResponseValidationError):
            return InvalidOutputError("O provedor de IA retornou uma resposta em formato inesperado.",
                                      status=exc.status_code)
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
                    retryable=False, status=status,
                )
            return ProviderError(
                "Limite de requisições do provedor de IA atingido (429).",
                retryable=should_retry != "false", status=status, retry_after=retry_after,
            )
        if status >= 500 or status in _RETRYABLE_4XX:
            return ProviderError(
                f"O provedor de IA está com falha temporária ({status}).",
                retryable=should_retry != "false", status=status, retry_after=retry_after,
            )
        if status == 401:
            message = "Chave da API OpenAI inválida ou sem permissão (401)."
        elif status == 403:
            message = "Acesso negado pelo provedor de IA: a chave não tem permissão para este modelo ou região (403)."
        elif status == 404:
            message = f"Modelo \"{self.model}\" não encontrado no provedor de IA (404)."
        elif status == 400 and code == "context_length_exceeded":
            message = "O texto enviado excede o limite de contexto do modelo de IA (400)."
        elif status == 400:
            message = "O provedor de IA rejeitou a requisição: parâmetros inválidos para o modelo (400)."
        elif status == 422:
            message = "O provedor de IA não conseguiu processar a requisição (422)."
        else:
            message = f"O provedor de IA recusou a requisição ({status})."
        return ProviderError(message, retryable=False, status=status)
