"""etp_app.domains: one canonical form for every way of writing a domain, refusal of look-alikes."""

from __future__ import annotations

import pytest

from etp_app import domains

CYRILLIC_A = "\u0430"  # "а", looks like the Latin "a"


@pytest.mark.parametrize(
    "raw, canonical",
    [
        ("prefeitura-alfa.gov.br", "prefeitura-alfa.gov.br"),
        ("PREFEITURA-ALFA.GOV.BR", "prefeitura-alfa.gov.br"),
        ("  Prefeitura-Alfa.Gov.Br.  ", "prefeitura-alfa.gov.br"),  # spaces and the trailing dot
        ("prefeitura-álfa.gov.br", "prefeitura-álfa.gov.br"),  # U-label kept as typed
        ("PREFEITURA-ÁLFA.GOV.BR", "prefeitura-álfa.gov.br"),
        ("xn--prefeitura-lfa-5gb.gov.br", "prefeitura-álfa.gov.br"),  # the A-label names the same domain
        ("XN--PREFEITURA-LFA-5GB.GOV.BR", "prefeitura-álfa.gov.br"),
        ("prefeitura-a\u0301lfa.gov.br", "prefeitura-álfa.gov.br"),  # decomposed accent (NFD)
        ("ｓａｕｄｅ.gov.br", "saude.gov.br"),  # full-width letters map to ASCII (UTS 46)
        ("são-joão.sp.gov.br", "são-joão.sp.gov.br"),
        ("câmara.leg.br", "câmara.leg.br"),
        ("ministério-ç.gov.br", "ministério-ç.gov.br"),
        ("sub.domínio.gov.br", "sub.domínio.gov.br"),
        ("orgao123.gov.br", "orgao123.gov.br"),
    ],
)
def test_normalize_gives_one_canonical_form(raw, canonical):
    assert domains.normalize(raw) == canonical


def test_the_a_label_and_the_u_label_round_trip():
    assert domains.to_ascii("prefeitura-álfa.gov.br") == "xn--prefeitura-lfa-5gb.gov.br"
    assert domains.normalize(domains.to_ascii("são-joão.sp.gov.br")) == "são-joão.sp.gov.br"


def test_a_cyrillic_letter_in_a_latin_label_is_refused_as_mixed_script():
    with pytest.raises(domains.InvalidDomain) as raised:
        domains.normalize(f"prefeitura-{CYRILLIC_A}lfa.gov.br")
    assert "mistura alfabetos" in raised.value.message


def test_the_a_label_of_a_mixed_script_domain_is_refused_too():
    import idna

    disguised = idna.encode(f"prefeitura-{CYRILLIC_A}lfa.gov.br").decode()  # xn--prefeitura-lfa-...
    with pytest.raises(domains.InvalidDomain):
        domains.normalize(disguised)


@pytest.mark.parametrize(
    "raw",
    [
        "пример.рф",  # only Cyrillic
        "παράδειγμα.gov.br",  # Greek
        "例え.jp",  # Japanese
        "straße.de",  # Latin, but not a letter the .br registry accepts
        "ñandú.gov.br",
        "prefeitura-ålfa.gov.br",
    ],
)
def test_letters_outside_ascii_and_the_br_latin_set_are_refused(raw):
    with pytest.raises(domains.InvalidDomain) as raised:
        domains.normalize(raw)
    assert "não permitidos" in raised.value.message or "mistura" in raised.value.message


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        ".",
        "localhost",
        "gov..br",
        "-orgao.gov.br",
        "orgao-.gov.br",
        "org ao.gov.br",
        "org_ao.gov.br",
        "1.2.3.4",
        "a" * 64 + ".gov.br",
        ("a" * 60 + ".") * 5 + "br",
        "orgao@gov.br",
    ],
)
def test_malformed_domains_are_refused_with_a_portuguese_message(raw):
    with pytest.raises(domains.InvalidDomain) as raised:
        domains.normalize(raw)
    assert raised.value.message and "domínio" in raised.value.message.lower()


def test_email_domain_normalizes_the_part_after_the_last_at():
    assert domains.email_domain("Maria@Saude.GOV.BR") == "saude.gov.br"
    assert domains.email_domain("a@xn--prefeitura-lfa-5gb.gov.br") == "prefeitura-álfa.gov.br"
    with pytest.raises(domains.InvalidDomain):
        domains.email_domain("sem-arroba")
    with pytest.raises(domains.InvalidDomain):
        domains.email_domain(f"intruso@prefeitura-{CYRILLIC_A}lfa.gov.br")


@pytest.mark.parametrize(
    "look_alike",
    [
        "prefeitura-a1fa.gov.br",  # 1 for l
        "prefeitura-aifa.gov.br",  # i for l (I and l look alike in many fonts)
        "prefeitura-álfa.gov.br",  # an accent added
        "prefeltura-alfa.gov.br",
    ],
)
def test_a_look_alike_of_a_registered_domain_is_refused(look_alike):
    registered = ["prefeitura-alfa.gov.br", "saude.gov.br"]
    assert domains.imitated(look_alike, registered) == "prefeitura-alfa.gov.br"
    with pytest.raises(domains.InvalidDomain) as raised:
        domains.check_not_confusable(look_alike, registered)
    assert "parece imitar o domínio já cadastrado prefeitura-alfa.gov.br" in raised.value.message


def test_more_confusable_pairs():
    assert domains.skeleton("modelo.gov.br") == domains.skeleton("rnodelo.gov.br")
    assert domains.skeleton("vvebsite.gov.br") == domains.skeleton("website.gov.br")
    assert domains.skeleton("0rgao.gov.br") == domains.skeleton("orgao.gov.br")
    assert domains.skeleton("câmara.leg.br") == domains.skeleton("camara.leg.br")


def test_the_same_domain_and_unrelated_domains_are_not_look_alikes():
    registered = ["prefeitura-alfa.gov.br"]
    domains.check_not_confusable("prefeitura-alfa.gov.br", registered)  # itself: not an imitation
    domains.check_not_confusable("prefeitura-beta.gov.br", registered)
    domains.check_not_confusable("saude.gov.br", registered)
    assert domains.imitated("prefeitura-beta.gov.br", registered) is None


def test_webmail_domains_are_known():
    assert domains.is_webmail("gmail.com") and domains.is_webmail("uol.com.br")
    assert not domains.is_webmail("saude.gov.br")
