"""Benchmark: how many planted invented facts and citations the quality checks catch, and at what cost.

Runs the deterministic checks (``etp_app.drafting.quality.check_section``) over the labelled corpus in
``tests/data/trust/`` (schema and matching rule: ``tests/data/trust/README.md``). Every section is
checked alone, as an AI draft, on an ETP holding only its fact set's facts and instructions, with the
inputs the drafting engine builds (``engine.flatten_inputs`` of a context with no earlier section),
exactly as ``DraftEngine.draft`` calls the check.

Prints recall per kind of planted error, overall recall, the false-flag rate (a clean section with
any fact or citation warning, :data:`FACT_OR_CITATION_CODES`) and the median time to check a
3,000-character section. ``--verbose`` lists each missed error and each false flag.

    .venv/bin/python bench/trust.py [--verbose] [--check] [--runs 15]

Exit code 0, unless ``--check``: then 1 when a goal (:data:`GOALS`) of recall or false flags is not
met. The speed goal is printed but not enforced (the shared machine's load makes it noisy).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from etp_app.drafting import catalog, quality, values  # noqa: E402
from etp_app.drafting.engine import flatten_inputs  # noqa: E402
from etp_app.drafting.types import DraftContext  # noqa: E402
from etp_app.etp_fields import TEMPLATE_TYPES  # noqa: E402

CORPUS_DIR = ROOT / "tests" / "data" / "trust"

# The kinds of planted errors (issue 15 §1), in report order. README.md defines each one.
FACT_KINDS = ("percentage", "count", "duration", "area", "weight", "volume", "date", "money")
CLAIM_KINDS = (
    "claim_uniqueness",
    "claim_certainty",
    "claim_guarantee",
    "claim_perfection",
    "claim_totality",
    "claim_superiority",
)
CITATION_KINDS = ("norm_unknown", "norm_impossible", "article_out_of_range", "norm_revoked")
KINDS = FACT_KINDS + CLAIM_KINDS + CITATION_KINDS

# Which warnings are "fact or citation" warnings: the only ones that catch a planted error, and the
# ones that make a clean section falsely flagged. Any severity counts (an unverified norm is an
# info today and a warning once issue 15 lands). Codes are listed one by one, and whole families by
# prefix so that a code the checks add later in the same family counts without editing this list.
FACT_OR_CITATION_CODES = frozenset(
    {
        # invented numbers and money (AI draft) and a person's figures without source
        "possible_invented_number",
        "possible_invented_value",
        "unsourced_number",
        "unsourced_value",
        "value_only_in_ai_draft",
        "value_mismatch",
        # absolute and marketing claims
        "marketing_claim",
        "absolute_claim",
        "unsupported_claim",
        # legal citations
        "citation_unverified",
        "citation_article_out_of_range",
        "citation_revoked",
        "citation_year_mismatch",
        "citation_unknown",
        "citation_impossible",
    }
)
FACT_OR_CITATION_PREFIXES = ("citation_", "norm_", "possible_invented_", "unsourced_", "absolute_", "invented_")


def is_fact_or_citation(code: str) -> bool:
    """Whether a warning code is one of the fact or citation warnings (see above)."""
    return code in FACT_OR_CITATION_CODES or code.startswith(FACT_OR_CITATION_PREFIXES)


@dataclass(frozen=True)
class Goals:
    overall_recall: float = 0.97
    kind_recall: float = 0.90
    false_flag_rate: float = 0.03
    median_ms: float = 5.0


GOALS = Goals()
SPEED_SECTION_CHARS = 3000
MIN_SECTION_CHARS, MAX_SECTION_CHARS = 600, 3000
# planted errors of one section never overlap nor touch (each warning catches at most one of them)
MIN_ERROR_GAP = 1
_SECTION_KEYS = {"id", "inciso", "clean", "text", "errors"}
_ERROR_KEYS = {"kind", "span", "variant", "note"}
_SET_KEYS = {"id", "template_type", "summary", "facts", "instructions", "sections"}


# --- corpus ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlantedError:
    section_id: str
    inciso: int
    kind: str
    span: str
    start: int
    end: int
    variant: str = ""


@dataclass(frozen=True)
class CorpusSection:
    id: str
    fact_set: str
    inciso: int
    clean: bool
    text: str
    errors: tuple[PlantedError, ...]


@dataclass(frozen=True)
class FactSet:
    id: str
    template_type: str
    facts: dict[str, Any]
    instructions: str
    sections: tuple[CorpusSection, ...]
    path: Path


def _inciso(value: Any) -> int:
    if isinstance(value, int):
        return value
    return catalog.ROMAN.index(str(value).strip().upper()) + 1


def _load_section(set_id: str, raw: Mapping[str, Any]) -> CorpusSection:
    text = str(raw["text"])
    inciso = _inciso(raw["inciso"])
    errors = []
    for item in raw.get("errors") or []:
        span = str(item["span"])
        start = text.find(span)
        errors.append(
            PlantedError(
                section_id=str(raw["id"]),
                inciso=inciso,
                kind=str(item["kind"]),
                span=span,
                start=start,
                end=start + len(span) if start != -1 else -1,
                variant=str(item.get("variant") or ""),
            )
        )
    return CorpusSection(str(raw["id"]), set_id, inciso, bool(raw.get("clean")), text, tuple(errors))


def load_corpus(directory: Path = CORPUS_DIR) -> list[FactSet]:
    """Every fact set of the corpus (``*.yaml`` files, sorted by name)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    fact_sets = []
    for path in sorted(directory.glob("*.yaml")):
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        set_id = str(raw["id"])
        fact_sets.append(
            FactSet(
                id=set_id,
                template_type=str(raw["template_type"]),
                facts=dict(raw["facts"]),
                instructions=str(raw.get("instructions") or "").strip(),
                sections=tuple(_load_section(set_id, s) for s in raw["sections"]),
                path=path,
            )
        )
    return fact_sets


def corpus_problems(directory: Path = CORPUS_DIR) -> list[str]:
    """What is wrong with the corpus files (schema, spans, lengths, facts); empty when valid."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    problems: list[str] = []
    seen_ids: set[str] = set()
    for path in sorted(directory.glob("*.yaml")):
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        where = path.name
        if (
            not isinstance(raw, dict)
            or set(raw) - _SET_KEYS
            or not {"id", "template_type", "facts", "sections"} <= set(raw)
        ):
            problems.append(f"{where}: keys must be {sorted(_SET_KEYS)} (id, template_type, facts, sections required)")
            continue
        if raw["template_type"] not in TEMPLATE_TYPES:
            problems.append(f"{where}: template_type {raw['template_type']!r} is not one of {TEMPLATE_TYPES}")
        facts = raw["facts"]
        if not isinstance(facts, dict) or facts.get("template_type") != raw["template_type"]:
            problems.append(f"{where}: facts.template_type must equal the set's template_type")
            continue
        if values.from_facts(facts).consistente is False:
            problems.append(f"{where}: valor_estimado does not match valor_unitario × quantidade × períodos")
        for section in raw["sections"]:
            problems += _section_problems(where, section, seen_ids)
    return problems


def _section_problems(where: str, section: Any, seen_ids: set[str]) -> list[str]:
    if not isinstance(section, dict) or set(section) != _SECTION_KEYS:
        return [f"{where}: a section must have exactly the keys {sorted(_SECTION_KEYS)}"]
    sid = str(section["id"])
    out: list[str] = []
    if sid in seen_ids:
        out.append(f"{where}: duplicate section id {sid}")
    seen_ids.add(sid)
    if str(section["inciso"]).upper() not in catalog.ROMAN:
        out.append(f"{sid}: inciso {section['inciso']!r} is not I–XIII")
    text = str(section["text"])
    if not MIN_SECTION_CHARS <= len(text) <= MAX_SECTION_CHARS:
        out.append(f"{sid}: {len(text)} characters (must be {MIN_SECTION_CHARS}–{MAX_SECTION_CHARS})")
    errors = section["errors"] or []
    if bool(section["clean"]) == bool(errors):
        out.append(f"{sid}: a clean section has no errors, and a section with errors is not clean")
    positions = []
    for item in errors:
        if not isinstance(item, dict) or set(item) - _ERROR_KEYS or not {"kind", "span"} <= set(item):
            out.append(f"{sid}: an error has kind, span and optionally variant, note")
            continue
        if item["kind"] not in KINDS:
            out.append(f"{sid}: unknown kind {item['kind']!r}")
        span = str(item["span"])
        count = text.count(span)
        if count != 1:
            out.append(f"{sid}: span {span!r} found {count} times in the text (must be exactly once)")
            continue
        start = text.find(span)
        positions.append((start, start + len(span), span))
    positions.sort()
    for (_, end, left), (start, _, right) in zip(positions, positions[1:], strict=False):
        if start - end < MIN_ERROR_GAP:
            out.append(f"{sid}: spans {left!r} and {right!r} overlap or touch")
    return out


# --- checking and matching -------------------------------------------------------------------


def check_inputs(fact_set: FactSet, inciso: int) -> list[str]:
    """What the engine gives the check of a draft of ``inciso`` on an ETP holding only these facts."""
    ctx = DraftContext(inciso=inciso, facts=fact_set.facts, instructions=fact_set.instructions)
    return flatten_inputs(ctx)


def check(fact_set: FactSet, inciso: int, text: str, inputs: Sequence[str] | None = None) -> dict[str, Any]:
    """The report of ``text`` checked as an AI draft of ``inciso`` (``DraftEngine.draft``'s call)."""
    report = quality.check_section(
        inciso,
        text,
        inputs=list(check_inputs(fact_set, inciso) if inputs is None else inputs),
        is_ai_draft=True,
        facts=fact_set.facts,
    )
    return report.to_dict()


_QUOTED_RX = re.compile(r'"([^"\n]{1,200})"|“([^”\n]{1,200})”')
_SPACE_RX = re.compile(r"\s+")


def _flatten(text: str) -> tuple[str, list[int]]:
    """``text`` with each whitespace run as one space, and the offset in ``text`` of each character."""
    flat: list[str] = []
    where: list[int] = []
    for m in re.finditer(r"\s+|\S+", text):
        if m.group().isspace():
            flat.append(" ")
            where.append(m.start())
        else:
            flat.append(m.group())
            where.extend(range(m.start(), m.end()))
    return "".join(flat), where


def _find_all(flat: str, needle: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` in ``flat`` of every occurrence of ``needle`` (whitespace-normalised) in flat[lo:hi]."""
    needle = _SPACE_RX.sub(" ", needle).strip()
    if not needle:
        return []
    hi = len(flat) if hi is None else hi
    found = []
    i = flat.find(needle, lo, hi)
    while i != -1:
        found.append((i, i + len(needle)))
        i = flat.find(needle, i + 1, hi)
    return found


def warning_ranges(text: str, warning: Mapping[str, Any]) -> list[tuple[int, int]]:
    """Where in ``text`` a warning points (README.md, "Matching"): its ``start``/``end`` (or ``span``)
    when it carries a position; otherwise each place its excerpt (without the "…" marks) is found,
    narrowed to the text the message quotes when that quote lies inside the excerpt."""
    start, end = warning.get("start"), warning.get("end")
    if isinstance(start, int) and isinstance(end, int):
        return [(start, end)]
    span = warning.get("span")
    if isinstance(span, (list, tuple)) and len(span) == 2 and all(isinstance(v, int) for v in span):
        return [(span[0], span[1])]
    excerpt = str(warning.get("excerpt") or "").strip().strip("…").strip()
    if not excerpt:
        return []
    flat, where = _flatten(text)
    windows = _find_all(flat, excerpt) or _find_all(flat.lower(), excerpt.lower())  # a re-cased excerpt
    quotes = [a or b for a, b in _QUOTED_RX.findall(str(warning.get("message") or ""))]
    ranges: list[tuple[int, int]] = []
    for lo, hi in windows:
        narrowed = [r for q in quotes for r in _find_all(flat, q, lo, hi)]
        ranges.extend((where[a], where[b - 1] + 1) for a, b in (narrowed or [(lo, hi)]))
    return ranges


@dataclass
class SectionResult:
    section: CorpusSection
    flags: list[dict[str, Any]]  # fact or citation warnings
    caught: list[PlantedError] = field(default_factory=list)
    missed: list[PlantedError] = field(default_factory=list)
    unlabelled: list[dict[str, Any]] = field(default_factory=list)  # flags on no planted error


def evaluate(fact_set: FactSet, section: CorpusSection) -> SectionResult:
    report = check(fact_set, section.inciso, section.text)
    flags = [w for w in report["warnings"] if is_fact_or_citation(str(w.get("code", "")))]
    result = SectionResult(section, flags)
    located = [warning_ranges(section.text, w) for w in flags]
    candidates = [
        [i for i, ranges in enumerate(located) if any(a < e.end and e.start < b for a, b in ranges)]
        for e in section.errors
    ]
    owner = _match(candidates)
    for k, error in enumerate(section.errors):
        (result.caught if k in owner.values() else result.missed).append(error)
    hit = {i for c in candidates for i in c}
    result.unlabelled = [w for i, w in enumerate(flags) if i not in hit and section.errors]
    return result


def _match(candidates: Sequence[Sequence[int]]) -> dict[int, int]:
    """A maximum matching of planted errors to the warnings overlapping them (``candidates[k]``: the
    warnings over error ``k``), each warning catching at most one error: ``{warning: error}``.
    Augmenting paths (Kuhn); a section has a handful of errors and warnings."""
    owner: dict[int, int] = {}

    def assign(k: int, seen: set[int]) -> bool:
        for i in candidates[k]:
            if i in seen:
                continue
            seen.add(i)
            if i not in owner or assign(owner[i], seen):
                owner[i] = k
                return True
        return False

    for k in range(len(candidates)):
        assign(k, set())
    return owner


@dataclass
class Measurement:
    fact_sets: int
    types: Counter[str]
    sections: int
    clean_sections: int
    errors: int
    by_kind: dict[str, tuple[int, int]]  # kind -> (caught, planted)
    overall_recall: float
    false_flags: list[SectionResult]
    false_flag_rate: float
    missed: list[PlantedError]
    unlabelled: list[tuple[str, dict[str, Any]]]
    median_ms: float | None = None
    speed_samples: int = 0

    def kind_recall(self, kind: str) -> float:
        caught, planted = self.by_kind.get(kind, (0, 0))
        return caught / planted if planted else 0.0

    def failures(self, goals: Goals = GOALS) -> list[str]:
        """The recall and false-flag goals not met (speed is reported, not enforced)."""
        out = []
        if self.overall_recall < goals.overall_recall:
            out.append(f"recall total {self.overall_recall:.1%} < {goals.overall_recall:.0%}")
        for kind in KINDS:
            if self.kind_recall(kind) < goals.kind_recall:
                out.append(f"recall de {kind} {self.kind_recall(kind):.1%} < {goals.kind_recall:.0%}")
        if self.false_flag_rate > goals.false_flag_rate:
            out.append(f"falsos alertas {self.false_flag_rate:.1%} > {goals.false_flag_rate:.0%}")
        return out


def measure(fact_sets: Sequence[FactSet], *, speed_runs: int = 0) -> Measurement:
    """Recall, false flags and (with ``speed_runs``) the median check time of the corpus."""
    results = [evaluate(fs, s) for fs in fact_sets for s in fs.sections]
    planted = Counter(e.kind for r in results for e in r.section.errors)
    caught = Counter(e.kind for r in results for e in r.caught)
    clean = [r for r in results if r.section.clean]
    false_flags = [r for r in clean if r.flags]
    total = sum(planted.values())
    m = Measurement(
        fact_sets=len(fact_sets),
        types=Counter(fs.template_type for fs in fact_sets),
        sections=len(results),
        clean_sections=len(clean),
        errors=total,
        by_kind={kind: (caught[kind], planted[kind]) for kind in KINDS},
        overall_recall=sum(caught.values()) / total if total else 0.0,
        false_flags=false_flags,
        false_flag_rate=len(false_flags) / len(clean) if clean else 0.0,
        missed=[e for r in results for e in r.missed],
        unlabelled=[(r.section.id, w) for r in results for w in r.unlabelled],
    )
    if speed_runs:
        m.median_ms, m.speed_samples = median_check_ms(fact_sets, runs=speed_runs)
    return m


def speed_sections(fact_sets: Sequence[FactSet], size: int = SPEED_SECTION_CHARS) -> list[tuple[FactSet, int, str]]:
    """Sections of ``size`` characters made of each fact set's texts, cut at a sentence end."""
    out = []
    for fs in fact_sets:
        buffer, inciso = "", fs.sections[0].inciso
        for section in fs.sections:
            buffer = f"{buffer}\n\n{section.text}" if buffer else section.text
            while len(buffer) >= size:
                cut = buffer.rfind(". ", 0, size) + 1 or size
                out.append((fs, inciso, buffer[:cut].strip()))
                buffer, inciso = buffer[cut:].strip(), section.inciso
    return out


def median_check_ms(fact_sets: Sequence[FactSet], runs: int = 15) -> tuple[float, int]:
    """Median wall time (ms) of ``check_section`` on 3,000-character sections, inputs built once (as
    the engine does), after one warm-up check of each."""
    samples: list[float] = []
    cases = [(fs, inciso, text, check_inputs(fs, inciso)) for fs, inciso, text in speed_sections(fact_sets)]
    for fs, inciso, text, inputs in cases:
        quality.check_section(inciso, text, inputs=inputs, is_ai_draft=True, facts=fs.facts)
    for _ in range(runs):
        for fs, inciso, text, inputs in cases:
            t0 = time.perf_counter()
            quality.check_section(inciso, text, inputs=inputs, is_ai_draft=True, facts=fs.facts)
            samples.append((time.perf_counter() - t0) * 1000)
    return (statistics.median(samples) if samples else 0.0), len(samples)


# --- report ----------------------------------------------------------------------------------


def _pct(value: float) -> str:
    return f"{value * 100:5.1f} %"


def _met(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def render(m: Measurement, *, verbose: bool = False, goals: Goals = GOALS) -> str:
    types = ", ".join(f"{t} {m.types.get(t, 0)}" for t in TEMPLATE_TYPES)
    lines = [
        f"Trust corpus: {m.fact_sets} fact sets ({types}), {m.sections} sections "
        f"({m.clean_sections} clean, {m.sections - m.clean_sections} with planted errors), {m.errors} planted errors",
        "",
        f"{'kind':<22} {'caught':>6} / {'planted':<7} {'recall':>8}   goal",
    ]
    for kind in KINDS:
        caught, planted = m.by_kind[kind]
        recall = m.kind_recall(kind)
        lines.append(
            f"{kind:<22} {caught:>6} / {planted:<7} {_pct(recall):>8}   ≥ {goals.kind_recall:.0%} "
            f"{_met(recall >= goals.kind_recall)}"
        )
    caught_total = sum(c for c, _ in m.by_kind.values())
    lines += [
        f"{'overall':<22} {caught_total:>6} / {m.errors:<7} {_pct(m.overall_recall):>8}   ≥ {goals.overall_recall:.0%} "
        f"{_met(m.overall_recall >= goals.overall_recall)}",
        "",
        f"false flags: {len(m.false_flags)} / {m.clean_sections} clean sections ({_pct(m.false_flag_rate).strip()})"
        f"   goal ≤ {goals.false_flag_rate:.0%} {_met(m.false_flag_rate <= goals.false_flag_rate)}",
    ]
    if m.median_ms is not None:
        lines.append(
            f"speed: median {m.median_ms:.2f} ms to check a {SPEED_SECTION_CHARS:,}-character section "
            f"({m.speed_samples} checks)   goal ≤ {goals.median_ms:g} ms {_met(m.median_ms <= goals.median_ms)}".replace(
                ",", "."
            )
        )
    lines.append(f"flags on no planted error in sections with errors: {len(m.unlabelled)}")
    if verbose:
        lines += ["", f"missed errors ({len(m.missed)}):"]
        for e in sorted(m.missed, key=lambda e: (KINDS.index(e.kind), e.section_id)):
            variant = f" ({e.variant})" if e.variant else ""
            lines.append(f"  {e.kind:<22} {e.section_id} [{catalog.ROMAN[e.inciso - 1]}]: {e.span!r}{variant}")
        misses_by_variant = Counter(f"{e.kind}: {e.variant}" for e in m.missed if e.variant)
        if misses_by_variant:
            lines.append("  missed by variant: " + "; ".join(f"{k} ×{n}" for k, n in misses_by_variant.most_common()))
        lines += ["", f"false flags ({len(m.false_flags)} clean sections):"]
        for r in m.false_flags:
            for w in r.flags:
                lines.append(f"  {r.section.id}: {w['code']} ({w['severity']}) {w.get('excerpt') or w['message']!r}")
        lines += ["", "flags on no planted error (sections with errors; not counted as false flags):"]
        by_section: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for sid, w in m.unlabelled:
            by_section[sid].append(w)
        for sid, ws in by_section.items():
            for w in ws:
                lines.append(f"  {sid}: {w['code']} {w.get('excerpt') or w['message']!r}")
    return "\n".join(lines)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="list each missed error and each false flag")
    parser.add_argument("--check", action="store_true", help="exit 1 when a recall or false-flag goal is not met")
    parser.add_argument("--runs", type=int, default=15, help="timed passes over the 3,000-character sections")
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR, help="directory of the corpus files")
    args = parser.parse_args(list(argv) if argv is not None else None)
    problems = corpus_problems(args.corpus)
    if problems:
        print("The corpus is invalid:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 2
    m = measure(load_corpus(args.corpus), speed_runs=args.runs)
    print(render(m, verbose=args.verbose))
    if args.check and m.failures():
        print("\nGoals not met: " + "; ".join(m.failures()), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
