"""The trust corpora (tests/data/trust*/) and the measurement bench/trust.py makes of them (issue 15 §4).

The corpora are validated here (schema, counts, spans); the goal test runs the same measurement as
the benchmark on each and asserts the goals of issue 15: overall recall ≥ 97 %, every kind ≥ 90 %,
false flags ≤ 3 %. ``tests/data/trust/`` is the main corpus; the ``trust_holdout*`` ones were each
written later by someone who had not seen the checks, measured once held out (bench/README.md) and
kept as regression sets.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_bench():
    spec = importlib.util.spec_from_file_location("bench_trust", ROOT / "bench" / "trust.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_trust"] = module
    spec.loader.exec_module(module)
    return module


trust = _load_bench()


@pytest.fixture(scope="module")
def corpus():
    return trust.load_corpus()


HELD_OUT = sorted(p for p in (ROOT / "tests" / "data").glob("trust_holdout*") if p.is_dir())


def test_corpus_files_are_valid():
    assert trust.corpus_problems() == []


@pytest.mark.parametrize("directory", HELD_OUT, ids=lambda p: p.name)
def test_every_held_out_corpus_is_valid_and_covers_every_kind(directory):
    assert trust.corpus_problems(directory) == []
    fact_sets = trust.load_corpus(directory)
    assert {fs.template_type for fs in fact_sets} == {"bens", "servicos", "obras", "ti"}
    errors = [e for fs in fact_sets for s in fs.sections for e in s.errors]
    assert set(Counter(e.kind for e in errors)) == set(trust.KINDS)


def test_corpus_covers_every_type_and_kind(corpus):
    assert len(corpus) >= 8
    assert {fs.template_type for fs in corpus} == {"bens", "servicos", "obras", "ti"}
    sections = [s for fs in corpus for s in fs.sections]
    errors = [e for s in sections for e in s.errors]
    assert len(errors) >= 150
    assert sum(1 for s in sections if s.clean) >= 50
    per_kind = Counter(e.kind for e in errors)
    assert set(per_kind) == set(trust.KINDS)
    assert min(per_kind.values()) >= 10, per_kind  # a per-kind recall needs more than a handful


def test_every_span_is_in_its_section_verbatim(corpus):
    for fs in corpus:
        for section in fs.sections:
            assert section.clean == (not section.errors), section.id
            for error in section.errors:
                assert error.start != -1, (section.id, error.span)
                assert section.text[error.start : error.end] == error.span
                assert section.text.count(error.span) == 1, (section.id, error.span)
            assert trust.MIN_SECTION_CHARS <= len(section.text) <= trust.MAX_SECTION_CHARS, section.id


def test_a_broken_corpus_is_reported(tmp_path):
    good = next(iter(sorted((ROOT / "tests" / "data" / "trust").glob("*.yaml"))))
    text = good.read_text(encoding="utf-8")
    first_span = next(line.split("span:", 1)[1].strip() for line in text.splitlines() if "span:" in line)
    (tmp_path / good.name).write_text(
        text.replace(f"span: {first_span}", "span: texto que não está na seção", 1), encoding="utf-8"
    )
    problems = trust.corpus_problems(tmp_path)
    assert any("texto que não está na seção" in p for p in problems)


# --- the matching rule (README.md, "Matching") ------------------------------------------------


TEXT = "A locação custaria R$ 640,00 por unidade e a entrega ocorreria em 18/02/2025, sem atraso."


def test_a_position_wins_over_the_excerpt():
    warning = {"code": "possible_invented_value", "excerpt": "", "message": "", "start": 19, "end": 28}
    assert trust.warning_ranges(TEXT, warning) == [(19, 28)]


def test_an_excerpt_is_narrowed_to_the_quoted_text():
    warning = {
        "code": "possible_invented_value",
        "message": 'O valor "R$ 640,00" não aparece nos dados do ETP.',
        "excerpt": "…A locação custaria R$ 640,00 por unidade e a…",
    }
    [(a, b)] = trust.warning_ranges(TEXT, warning)
    assert TEXT[a:b] == "R$ 640,00"


def test_an_excerpt_without_a_quote_is_its_whole_window():
    warning = {"code": "citation_unverified", "message": "Norma não encontrada.", "excerpt": "entrega  ocorreria"}
    [(a, b)] = trust.warning_ranges(TEXT, warning)
    assert TEXT[a:b] == "entrega ocorreria"


def test_an_excerpt_not_in_the_text_points_nowhere():
    assert trust.warning_ranges(TEXT, {"code": "x", "message": "", "excerpt": "outro texto"}) == []
    assert trust.warning_ranges(TEXT, {"code": "x", "message": "", "excerpt": ""}) == []


def test_each_warning_catches_one_error_at_most():
    # two errors under one warning: one caught; a second warning over both frees the other
    assert sorted(trust._match([[0], [0]]).values()) == [0]
    assert sorted(trust._match([[0], [0, 1]]).values()) == [0, 1]
    assert sorted(trust._match([[0, 1], [0]]).values()) == [0, 1]


def test_fact_or_citation_codes():
    for code in ("possible_invented_number", "citation_unverified", "absolute_claim", "marketing_claim"):
        assert trust.is_fact_or_citation(code)
    assert trust.is_fact_or_citation("citation_impossible_norm")  # a family, by prefix
    for code in ("long_sentence", "jargon", "missing_element", "placeholder_pending", "repetition"):
        assert not trust.is_fact_or_citation(code)


# --- the goals ---------------------------------------------------------------------------------


def test_recall_and_false_flags_meet_the_goals(corpus):
    m = trust.measure(corpus)
    assert m.failures() == [], trust.render(m, verbose=True)


@pytest.mark.parametrize("directory", HELD_OUT, ids=lambda p: p.name)
def test_recall_and_false_flags_meet_the_goals_on_every_held_out_corpus(directory):
    m = trust.measure(trust.load_corpus(directory))
    assert m.failures() == [], trust.render(m, verbose=True)
