"""Password hashing and the password policy (pure functions, no app)."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from etp_app.services import passwords


def test_hash_is_argon2id_with_production_parameters_and_verifies():
    hashed = passwords.hash_password("Senha-Forte-2026!")
    assert hashed.startswith("$argon2id$")
    assert "m=65536,t=3,p=4" in hashed
    assert "Senha-Forte-2026!" not in hashed
    assert passwords.verify_password(hashed, "Senha-Forte-2026!")
    assert not passwords.verify_password(hashed, "senha-forte-2026!")
    assert not passwords.needs_rehash(hashed)


def test_two_hashes_of_the_same_password_differ():
    assert passwords.hash_password("Senha-Forte-2026!") != passwords.hash_password("Senha-Forte-2026!")


def test_verify_never_raises_on_garbage_hash():
    assert passwords.verify_password("not-a-hash", "whatever") is False
    assert passwords.verify_password("", "whatever") is False
    assert passwords.needs_rehash("not-a-hash") is True


def test_hash_with_weaker_parameters_needs_rehash():
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("Senha-Forte-2026!")
    assert passwords.verify_password(weak, "Senha-Forte-2026!")  # still verifies...
    assert passwords.needs_rehash(weak)  # ...but the login will store a stronger hash


def test_burn_verification_time_runs_a_real_verify(monkeypatch):
    calls = []
    real = passwords.verify_password
    monkeypatch.setattr(passwords, "verify_password", lambda h, p: calls.append(h) or real(h, p))
    passwords.burn_verification_time("anything")
    assert calls and calls[0].startswith("$argon2id$")


@pytest.mark.parametrize(
    "password",
    [
        "Senha-Forte-2026!",
        "correct horse Battery staple",  # lower + upper + symbol (spaces)
        "Licitação#Compras9",
        "amarelo-azul-verde-42",  # lower + symbol + digit
        "ZEBRA.TROMBONE.77",  # upper + symbol + digit
    ],
)
def test_acceptable_passwords(password):
    assert passwords.policy_problems(password, email="maria.silva@saude.gov.br", name="Maria Silva") == []


def test_too_short():
    problems = passwords.policy_problems("Ab1!xyz")
    assert any("10 caracteres" in p for p in problems)


def test_too_long():
    problems = passwords.policy_problems("Ab1!" * 100)
    assert any("no máximo" in p for p in problems)


@pytest.mark.parametrize("password", ["abcdefghijkl", "abcdefgh1234", "ABCDEFGH!!!!", "1234567890!!"])
def test_needs_three_character_classes(password):
    problems = passwords.policy_problems(password)
    assert any("3 destes tipos" in p for p in problems)


@pytest.mark.parametrize(
    "password, email, name",
    [
        ("Xmaria.silva#99", "maria.silva@saude.gov.br", "Outra Pessoa"),
        ("Silva-Forte-2026", "ms@saude.gov.br", "Maria Silva"),
        ("JOSÉ!seguro2026", "jp@saude.gov.br", "José Pereira"),  # accents and case do not matter
        ("xx-MariaSilva-99", "ms@saude.gov.br", "Maria Silva"),  # the name written together
    ],
)
def test_must_not_contain_email_local_part_or_name(password, email, name):
    problems = passwords.policy_problems(password, email=email, name=name)
    assert any("nome" in p for p in problems), problems


def test_short_name_parts_are_not_forbidden():
    # "Ana" (3 letters) is too common a substring to forbid
    assert passwords.policy_problems("Banana-Split-2026", email="ana@x.gov.br", name="Ana Lu") == []


@pytest.mark.parametrize(
    "password", ["Password123", "P@ssw0rd2024", "Senha@2024!", "Brasil#12345", "Qwerty123456!", "1234567890"]
)
def test_common_passwords_are_refused(password):
    problems = passwords.policy_problems(password)
    assert any("muito comum" in p for p in problems), problems


def test_common_word_inside_a_long_passphrase_is_fine():
    assert passwords.policy_problems("Amor!83920571xQ") == []


def test_character_classes_counts_unicode_letters():
    assert passwords.character_classes("ção") == 1
    assert passwords.character_classes("Ção1") == 3
    assert passwords.character_classes("Ção1 ") == 4
