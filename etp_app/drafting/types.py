"""Plain data shared by the drafting core (prompts, providers, quality checks).

The service layer builds these from ORM rows; nothing in ``etp_app.drafting`` sees the ORM.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class EarlierSection:
    """Another section's text, as a draft or a check of this one may read it. ``grounds``: a person
    wrote or approved the text (wrote or edited it, or reviewed it), so its values
    count as given; an untouched AI draft grounds nothing (the checks only say when a value's sole
    support is such a draft: ``drafting.grounding``)."""

    inciso: int
    code: str
    title: str
    content: str
    grounds: bool = True


@dataclass(frozen=True)
class DraftContext:
    """Everything a draft of one section may use. ``facts`` holds the ETP's structured fields as
    plain JSON-able values (money as decimal strings), e.g. ``{"title": ..., "objeto": ...,
    "numero_processo": ..., "orgao": ..., "uasg": ..., "unidade_requisitante": ...,
    "responsavel_tecnico": {"nome": ..., "matricula": ...}, "data_elaboracao": "2026-01-31",
    "template_type": "bens", "quantidade_estimada": "120", "unidade_medida": "unidade",
    "valor_estimado": "480000.00", "valor_unitario": "4000.00", "prazo_execucao_dias": 90,
    "nivel_risco": "medio", "dotacao_orcamentaria": ..., "descricao_necessidade": ...,
    "campos": {...type-specific...}}``. Missing facts are absent or None."""

    inciso: int
    facts: dict[str, Any]
    earlier_sections: tuple[EarlierSection, ...] = ()
    instructions: str = ""
    current_content: str = ""  # the section's text today (a redraft may improve it)
    current_grounds: bool = True  # the current text is a person's (or approved by one): its values ground


@dataclass(frozen=True)
class Prompt:
    system: str
    user: str
    temperature: float
    max_tokens: int
    # what hygiene found in user-supplied text (e.g. "instruction_override", "zero_width_removed")
    findings: tuple[str, ...] = ()

    def cache_key_material(self, model: str) -> str:
        import json

        return json.dumps(
            {"m": model, "s": self.system, "u": self.user, "t": self.temperature, "x": self.max_tokens},
            sort_keys=True,
            ensure_ascii=False,
        )


# The kinds of a draft's notes: the template's guidance for completing the section, the drafter's
# own remarks (how the draft was made, the requester's instructions it did not apply) and warnings
# addressed to the author (e.g. figures that do not add up).
NOTE_KINDS = ("guidance", "note", "warning")


@dataclass(frozen=True)
class DraftNote:
    """One remark of a draft for its author. Kept beside the section's text, never inside it: the
    text is the document (what an export prints), the notes are the drafter talking to the author."""

    kind: str  # one of NOTE_KINDS
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "text": self.text}


@dataclass(frozen=True)
class Completion:
    text: str
    model: str
    provider: str  # "openai" or "offline"
    tokens_in: int = 0
    tokens_out: int = 0
    cached: bool = False
    latency_ms: float = 0.0
    notes: tuple[DraftNote, ...] = ()  # the drafter's notes for the author (not part of ``text``)


@dataclass
class QualityReport:
    score: int  # 0-100
    warnings: list[dict[str, Any]] = field(default_factory=list)  # {code, severity, message, excerpt?}
    metrics: dict[str, Any] = field(default_factory=dict)  # readability, words, sentences...
    # what moved the score: {code, severity, penalty, count} per kind of finding (see drafting.quality)
    score_breakdown: list[dict[str, Any]] = field(default_factory=list)
    # where each value the number check recognized came from: {text, kind, status, source?, derived?}
    values: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "score_breakdown": [dict(entry) for entry in self.score_breakdown],
            "warnings": list(self.warnings),
            "metrics": dict(self.metrics),
            "values": [dict(entry) for entry in self.values],
        }


class ProviderError(Exception):
    """A provider call failed. ``retryable`` for 429/5xx/timeouts; ``retry_after`` in seconds when the
    provider said so. ``message`` is human text (pt-BR or en) safe to show a user: no stack trace,
    no key. ``cause`` names what failed in a few pt-BR words ("tempo esgotado ao chamar o provedor de
    IA", "erro 500 do provedor de IA", "limite de requisições (429)"): it travels with the circuit
    breaker's open state, so a job that waits for the provider keeps the real reason."""

    def __init__(
        self,
        message: str,
        *,
        retryable: bool,
        status: int | None = None,
        retry_after: float | None = None,
        cause: str | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.retryable = retryable
        self.status = status
        self.retry_after = retry_after
        self.cause = cause or provider_failure_cause(status)


def provider_failure_cause(status: int | None) -> str:
    """The cause of a failure known only by its HTTP status (None: no answer at all)."""
    if status == 429:
        return "limite de requisições (429)"
    if status is None:
        return "falha de comunicação com o provedor de IA"
    return f"erro {status} do provedor de IA"


class ProviderUnavailable(ProviderError):
    """The circuit breaker is open: fail fast without calling the provider. ``cause`` is the last
    failure that kept it open (what a waiting job reports), ``retry_after`` the time it stays open."""

    def __init__(self, message: str, retry_after: float | None = None, *, cause: str | None = None):
        super().__init__(
            message,
            retryable=False,
            status=503,
            retry_after=retry_after,
            cause=cause or "falhas repetidas do provedor de IA",
        )
