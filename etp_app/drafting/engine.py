"""The drafting engine: one section draft from a DraftContext, checked, with its provenance and notes.

The provider is the offline drafter when no OpenAI key or compatible server is configured, else the
OpenAI SDK behind a Redis-backed cache, a circuit breaker shared by all workers and a retry loop.

A draft's text is only the document: the AI notice, the offline drafter's remarks and the template's
guidance are not written into it. They travel beside it — ``DraftResult.provenance`` (``ai`` or
``offline``: what the section's label and the exports say) and ``DraftResult.notes`` (what the
author reads beside the editor) — so they never reach an exported document.

A provider's draft whose check finds what a servant must never sign unread — an article beyond the
norm, a revoked or impossible norm, a money value found in no input (:func:`repair_findings`) — is
sent back once with those findings listed (:func:`~etp_app.drafting.prompts.build_repair_prompt`,
the cache bypassed) and the draft with fewer of them is kept (:func:`choose_draft`); both reports
travel in ``DraftResult.repair`` and the tokens of both calls are counted. The offline drafter
never invents, so its drafts are not repaired.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from etp_app.drafting import grounding, hygiene, quality, templates
from etp_app.drafting.offline import OfflineDrafter
from etp_app.drafting.prompts import build_prompt, build_repair_prompt
from etp_app.drafting.providers.breaker import CircuitBreaker
from etp_app.drafting.providers.cache import CompletionCache
from etp_app.drafting.providers.costs import CostTable
from etp_app.drafting.providers.resilience import ResilientProvider
from etp_app.drafting.types import Completion, DraftContext, DraftNote, Prompt, ProviderError, QualityReport

# What the AI path tells the author when hygiene changed the text it sent (Prompt.findings codes).
_FINDING_NOTES = {
    hygiene.INSTRUCTION_OVERRIDE: (
        "warning",
        "Trechos dos dados ou das instruções que tentavam mudar as regras da redação foram "
        "neutralizados e não foram seguidos. Confira o texto.",
    ),
    hygiene.PERSONAL_DATA_REDACTED: (
        "note",
        "Dados pessoais foram omitidos do texto enviado à IA. Confira nomes e documentos no rascunho.",
    ),
}

# What a repair asks for besides every error-level finding (article beyond the norm, impossible norm,
# AI-assistant leakage): two warnings that weigh as much in a draft nobody has read yet — a revoked
# norm cited as current law and a money value found in no input.
REPAIR_WARNING_CODES = frozenset({"citation_revoked", "possible_invented_value"})
REPAIRED = "repaired"
ORIGINAL = "original"
_REPAIRED_NOTE = (
    "A primeira minuta da IA tinha {problems} pela verificação automática (citações de normas ou "
    "valores sem fonte nos dados do ETP) e foi refeita para corrigi-los. Confira o texto."
)


def _probe_wait(config: dict[str, Any]) -> float:
    """``BREAKER_PROBE_WAIT_SECONDS``; unset, the provider's timeout plus 5 s (the probe's verdict)."""
    raw = config.get("BREAKER_PROBE_WAIT_SECONDS")
    if raw is None or raw == "":
        return float(config.get("OPENAI_TIMEOUT") or 60.0) + 5.0
    return max(0.0, float(raw))


@dataclass(frozen=True)
class EngineSettings:
    provider: str = "offline"  # "offline" or "openai"
    api_key: str = ""
    model: str = "gpt-4.1-nano"
    base_url: str | None = None
    timeout: float = 60.0
    redact_personal_data: bool = True
    cache_ttl_seconds: int = 7 * 86400
    max_attempts: int = 4
    retry_base_delay: float = 0.5
    retry_max_delay: float = 20.0
    breaker_threshold: int = 5
    breaker_window_seconds: float = 60.0
    breaker_open_seconds: float = 30.0
    # how long a caller waits for the half-open probe's verdict (above the timeout: the probe's answer)
    breaker_probe_wait_seconds: float = 65.0
    repair: bool = True  # ask the provider once more when its draft has repair findings

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> EngineSettings:
        choice = (config.get("DRAFTING_PROVIDER") or "auto").lower()
        has_remote = bool(config.get("OPENAI_API_KEY") or config.get("OPENAI_BASE_URL"))
        provider = "openai" if choice == "openai" or (choice == "auto" and has_remote) else "offline"
        return cls(
            provider=provider,
            api_key=config.get("OPENAI_API_KEY") or "",
            model=config.get("OPENAI_MODEL") or "gpt-4.1-nano",
            base_url=config.get("OPENAI_BASE_URL") or None,
            timeout=float(config.get("OPENAI_TIMEOUT") or 60.0),
            redact_personal_data=bool(config.get("DRAFTING_REDACT_PII", True)),
            cache_ttl_seconds=int(config.get("DRAFTING_CACHE_TTL") or 7 * 86400),
            max_attempts=int(config.get("OPENAI_MAX_ATTEMPTS") or 4),
            retry_base_delay=float(config.get("OPENAI_RETRY_BASE_DELAY") or 0.5),
            retry_max_delay=float(config.get("OPENAI_RETRY_MAX_DELAY") or 20.0),
            breaker_threshold=int(config.get("BREAKER_FAILURE_THRESHOLD") or 5),
            breaker_window_seconds=float(config.get("BREAKER_WINDOW_SECONDS") or 60),
            breaker_open_seconds=float(config.get("BREAKER_OPEN_SECONDS") or 30),
            breaker_probe_wait_seconds=_probe_wait(config),
            repair=bool(config.get("DRAFTING_REPAIR", True)),
        )


@dataclass(frozen=True)
class DraftResult:
    text: str  # the draft: only the document (no notice, guidance or remark for the author)
    completion: Completion
    quality: dict[str, Any]
    findings: tuple[str, ...]
    cost_usd: Decimal
    provenance: str = "ai"  # "ai" (generative AI) or "offline" (the template drafter): catalog.PROVENANCES
    notes: tuple[DraftNote, ...] = ()  # for the author, beside the text (types.NOTE_KINDS)
    # the repair of a provider's draft, when one was asked for: {attempted, kept, before, after,
    # findings_before, findings_after, error?} (see DraftEngine._repair)
    repair: dict[str, Any] | None = None

    def notes_json(self) -> list[dict[str, str]]:
        """The notes as stored on the section and in the job's result."""
        return [note.to_dict() for note in self.notes]


def flatten_inputs(ctx: DraftContext) -> list[str]:
    """Every text the draft may compare its numbers with, each a :class:`grounding.Input` (a ``str``
    labelled with its source): the facts, the value model's results, the other sections, the
    instructions and the current text. An earlier section a person neither wrote nor approved is
    there marked as not grounding: the check says when a value's only support is that AI draft."""
    return list(grounding.inputs_of(ctx))


def repair_findings(warnings: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The findings of a check that a provider's draft is sent back for: every error and the
    warnings of :data:`REPAIR_WARNING_CODES` (a money value counts under any number code that names
    its kind ``money``)."""
    return [w for w in warnings if _needs_repair(w)]


def _needs_repair(warning: Mapping[str, Any]) -> bool:
    code = str(warning.get("code") or "")
    if warning.get("severity") == "error" or code in REPAIR_WARNING_CODES:
        return True
    return code.startswith("possible_invented") and warning.get("kind") == "money"


def choose_draft(before: QualityReport, after: QualityReport) -> str:
    """Which draft to keep, :data:`REPAIRED` or :data:`ORIGINAL`: the one with fewer repair findings;
    with as many, the one with the higher score. On a full tie the original stays: the repair gained
    nothing a check can see, and a text should change only for a reason the author can be shown."""
    found_before, found_after = len(repair_findings(before.warnings)), len(repair_findings(after.warnings))
    if found_after != found_before:
        return REPAIRED if found_after < found_before else ORIGINAL
    return REPAIRED if after.score > before.score else ORIGINAL


def merge_completions(first: Completion, second: Completion, *, kept: Completion) -> Completion:
    """One completion that accounts for two provider calls: ``kept``'s text and model, the tokens and
    latency of both (what the job, the usage and the metrics count), cached only if both were."""
    return replace(
        kept,
        tokens_in=first.tokens_in + second.tokens_in,
        tokens_out=first.tokens_out + second.tokens_out,
        latency_ms=first.latency_ms + second.latency_ms,
        cached=first.cached and second.cached,
        notes=first.notes,
    )


def _check(ctx: DraftContext, body: str, inputs: list[str]) -> QualityReport:
    """The check of a provider's (or the offline drafter's) draft of ``ctx.inciso``."""
    return quality.check_section(ctx.inciso, body, inputs=inputs, is_ai_draft=True, facts=ctx.facts)


def _body(completion: Completion) -> str:
    # a model that wrote the AI notice anyway: the notice is the section's label, not its text
    return quality.strip_ai_notice(completion.text).strip()


class DraftEngine:
    def __init__(self, settings: EngineSettings, redis_client: Any = None, provider: Any = None):
        self.settings = settings
        self._offline = OfflineDrafter()
        self._provider = provider
        self._costs: CostTable | None = None
        if provider is None and settings.provider == "openai":
            self._provider = self._build_remote(settings, redis_client)

    @property
    def provider_name(self) -> str:
        return "offline" if self._provider is None else self._provider.name

    @staticmethod
    def _build_remote(settings: EngineSettings, redis_client: Any):
        # the OpenAI SDK is heavy and unused by the offline drafter: imported only when a remote provider is built
        from etp_app.drafting.providers.openai_provider import OpenAIProvider

        inner = OpenAIProvider(
            api_key=settings.api_key, model=settings.model, base_url=settings.base_url, timeout=settings.timeout
        )
        breaker = cache = None
        if redis_client is not None:
            breaker = CircuitBreaker(
                redis_client,
                f"openai:{settings.base_url or 'api'}",
                failure_threshold=settings.breaker_threshold,
                window_seconds=settings.breaker_window_seconds,
                open_seconds=settings.breaker_open_seconds,
                probe_wait_seconds=settings.breaker_probe_wait_seconds,
                probe_ttl_seconds=max(120.0, 2 * settings.timeout),
            )
            cache = CompletionCache(redis_client, ttl_seconds=settings.cache_ttl_seconds)
        return ResilientProvider(
            inner,
            breaker=breaker,
            cache=cache,
            max_attempts=settings.max_attempts,
            base_delay=settings.retry_base_delay,
            max_delay=settings.retry_max_delay,
        )

    def draft(self, ctx: DraftContext, *, template_type: str, regenerate: bool = False) -> DraftResult:
        try:
            guidance = templates.get_template(template_type).guidance.get(ctx.inciso)
        except KeyError:
            guidance = None
        findings: tuple[str, ...] = ()
        prompt: Prompt | None = None
        if self._provider is None:
            completion = self._offline.draft(ctx, guidance)
        else:
            prompt = build_prompt(ctx, template_guidance=guidance, redact=self.settings.redact_personal_data)
            findings = prompt.findings
            completion = self._provider.complete(prompt, use_cache=not regenerate)
        body = _body(completion)
        if not body:
            raise ProviderError("O provedor de IA devolveu um texto vazio.", retryable=False)
        inputs = flatten_inputs(ctx)
        report = _check(ctx, body, inputs)
        cost = self._cost(completion)
        notes = list(completion.notes)
        repair: dict[str, Any] | None = None
        if prompt is not None and self.settings.repair and repair_findings(report.warnings):
            body, report, completion, cost, repair = self._repair(ctx, prompt, body, report, completion, inputs)
            if repair["kept"] == REPAIRED:
                count = repair["findings_before"]
                problems = "1 problema grave apontado" if count == 1 else f"{count} problemas graves apontados"
                notes.append(DraftNote("note", _REPAIRED_NOTE.format(problems=problems)))
        for code in dict.fromkeys(findings):
            if code in _FINDING_NOTES:
                kind, text = _FINDING_NOTES[code]
                notes.append(DraftNote(kind, text))
        return DraftResult(
            text=body,
            completion=completion,
            quality=report.to_dict(),
            findings=findings,
            cost_usd=cost,
            provenance="offline" if completion.provider == "offline" else "ai",
            notes=tuple(notes),
            repair=repair,
        )

    def _repair(
        self,
        ctx: DraftContext,
        prompt: Prompt,
        body: str,
        report: QualityReport,
        completion: Completion,
        inputs: list[str],
    ) -> tuple[str, QualityReport, Completion, Decimal, dict[str, Any]]:
        """Ask the provider once more to fix the repair findings of ``body``; return the kept draft's
        text, report, completion (counting both calls) and cost, with the repair's record.

        The repair skips the cache (the first answer may itself be a cached one, and a repair of it
        must reach the provider) and its answer is checked against the same inputs. A repair that
        fails (the provider errs, answers nothing) keeps the first draft: it was paid for and is no
        worse than before; the record says why."""
        before = report.to_dict()
        found_before = len(repair_findings(report.warnings))
        record: dict[str, Any] = {
            "attempted": True,
            "kept": ORIGINAL,
            "findings_before": found_before,
            "findings_after": None,
            "before": before,
            "after": None,
        }
        repair_prompt = build_repair_prompt(prompt, body, repair_findings(report.warnings), inciso=ctx.inciso)
        try:
            second = self._provider.complete(repair_prompt, use_cache=False)
        except ProviderError as exc:
            record["error"] = exc.message
            return body, report, completion, self._cost(completion), record
        cost = self._cost(completion) + self._cost(second)
        repaired = _body(second)
        if not repaired:
            record["error"] = "O provedor de IA devolveu um texto vazio na correção."
            return body, report, merge_completions(completion, second, kept=completion), cost, record
        after = _check(ctx, repaired, inputs)
        record["after"] = after.to_dict()
        record["findings_after"] = len(repair_findings(after.warnings))
        record["kept"] = choose_draft(report, after)
        if record["kept"] == REPAIRED:
            return repaired, after, merge_completions(completion, second, kept=second), cost, record
        return body, report, merge_completions(completion, second, kept=completion), cost, record

    def _cost(self, completion: Completion) -> Decimal:
        if completion.provider == "offline" or completion.cached:
            return Decimal("0")
        if self._costs is None:
            self._costs = CostTable()
        return self._costs.estimate_cost(completion.model, completion.tokens_in, completion.tokens_out)
