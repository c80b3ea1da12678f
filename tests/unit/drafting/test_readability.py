"""Portuguese syllables, sentence splitting and the Flesch index of Martins et al. (1996)."""

from __future__ import annotations

import pytest

from etp_app.drafting.readability import (
    analyze,
    count_syllables,
    flesch_band,
    flesch_pt,
    long_sentences,
    split_sentences,
    word_syllables,
    words,
)


@pytest.mark.parametrize(
    "word, expected",
    [
        ("casa", 2),
        ("computador", 4),
        ("licitação", 4),
        ("pão", 1),
        ("saúde", 3),
        ("contratação", 4),
        ("país", 2),
        ("quais", 1),
        ("mãe", 1),
        ("põe", 1),
        ("informações", 4),
        ("opinião", 4),
        ("poeta", 3),
        ("leão", 2),
        ("muito", 2),
        ("herói", 2),
        ("ideia", 3),
        ("rainha", 3),
        ("cair", 2),
        ("raiz", 2),
        ("ainda", 3),
        ("ruim", 2),
        ("água", 2),
        ("guerra", 2),
        ("equipamento", 5),
        ("Uruguai", 3),
        ("necessidade", 5),
        ("LICITAÇÃO", 4),
    ],
)
def test_syllables(word, expected):
    assert count_syllables(word) == expected


def test_syllables_of_non_words():
    assert count_syllables("123") == 0
    assert count_syllables("§") == 0
    assert count_syllables("nº") == 1  # a letter without vowel still is one unit


def test_hyphenated_word_counts_its_parts():
    assert word_syllables("ar-condicionado") == 1 + 6
    assert words("O ar-condicionado custa R$ 1.234,56 ou US$ 300.") == ["O", "ar-condicionado", "custa", "ou"]


def test_sentences_ignore_abbreviations_and_numbers():
    text = (
        "Conforme o art. 18, § 1º, inc. I, da Lei 14.133/2021, o valor é R$ 1.234,56. "
        "O Sr. Silva aprovou o item nº. 5 do anexo. Arts. 40 e 47 tratam do parcelamento! "
        "Será viável? Sim, etc. e tal."
    )
    assert split_sentences(text) == [
        "Conforme o art. 18, § 1º, inc. I, da Lei 14.133/2021, o valor é R$ 1.234,56.",
        "O Sr. Silva aprovou o item nº. 5 do anexo.",
        "Arts. 40 e 47 tratam do parcelamento!",
        "Será viável?",
        "Sim, etc. e tal.",
    ]


def test_sentences_split_on_lists_and_paragraphs():
    text = "Itens previstos:\n1. Notebooks\n2. Monitores\n\nFim do texto"
    assert split_sentences(text) == ["Itens previstos:", "1. Notebooks", "2. Monitores", "Fim do texto"]


def test_wrapped_line_stays_one_sentence():
    assert split_sentences("A contratação atende\nà necessidade do órgão.") == [
        "A contratação atende\nà necessidade do órgão."
    ]


def test_flesch_formula():
    assert flesch_pt(10, 1, 20) == pytest.approx(248.835 - 1.015 * 10 - 84.6 * 2)
    assert flesch_pt(0, 0, 0) is None


@pytest.mark.parametrize(
    "score, band",
    [
        (100.0, "muito fácil"),
        (75.0, "muito fácil"),
        (60.0, "fácil"),
        (50.0, "fácil"),
        (30.0, "difícil"),
        (25.0, "difícil"),
        (10.0, "muito difícil"),
        (-20.0, "muito difícil"),
        (None, None),
    ],
)
def test_bands(score, band):
    assert flesch_band(score) == band


SIMPLE = "O gato bebe água. A casa é azul. Eu leio um livro. O sol está forte hoje."
CONVOLUTED = (
    "Considerando a imprescindibilidade da operacionalização institucionalizada dos procedimentos "
    "administrativos correlacionados à contratualização, consubstanciada na regulamentação infralegal "
    "superveniente, evidencia-se a indispensabilidade da implementação tempestiva das providências "
    "organizacionais preconizadas pela Administração, notadamente no que concerne à racionalização "
    "orçamentária e à compatibilização interinstitucional das responsabilidades fiscalizatórias."
)


def test_simple_text_reads_easier_than_convoluted_text():
    simple, convoluted = analyze(SIMPLE), analyze(CONVOLUTED)
    assert simple.flesch is not None and convoluted.flesch is not None
    assert simple.band == "muito fácil" and simple.flesch > 75
    assert convoluted.band == "muito difícil" and convoluted.flesch < 25
    assert (simple.sentences, simple.words) == (4, 17)
    assert convoluted.sentences == 1


def test_empty_text():
    stats = analyze("   ")
    assert (stats.words, stats.sentences, stats.flesch, stats.band) == (0, 0, None, None)


def test_long_sentences():
    forty = " ".join(["palavra"] * 40) + "."
    forty_one = " ".join(["palavra"] * 41) + "."
    found = long_sentences(f"{forty} {forty_one.capitalize()}")
    assert [s.words for s in found] == [41]
    assert analyze(forty).long_sentences == ()
