"""Password hashing (argon2id) and the password policy.

Hashing uses argon2-cffi with the RFC 9106 "low memory" profile (argon2id, t=3, m=64 MiB, p=4):
about 0.1 s per hash on a small server, which is what makes offline guessing expensive. The same
parameters run in tests. When the parameters change, ``needs_rehash`` tells the login to store a
new hash (rehash on login).

Policy (``policy_problems``): at least 10 characters (at most 256), at least 3 of the 4 classes
lower case / upper case / digit / symbol, not containing the e-mail's local part or the person's
name, and not one of a short list of common passwords.
"""

from __future__ import annotations

import functools
import re
import secrets
import unicodedata

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 10
MAX_LENGTH = 256
MIN_CLASSES = 3
# parts of the e-mail or name shorter than this are too common to forbid ("ana", "jo")
MIN_PERSONAL_TOKEN = 4
# at most this many digits/symbols around a common word still count as that common word
MAX_DECORATION = 8
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "@": "a", "$": "s", "5": "s", "7": "t"})

_HASHER = PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY)

# A short list of the passwords (and stems) most used in Brazil and worldwide, normalized
# (lower case, no accents). A password equal to one of these, or to one of them followed by
# digits and symbols only, is refused.
COMMON_PASSWORDS = frozenset(
    {
        "123456",
        "1234567",
        "12345678",
        "123456789",
        "1234567890",
        "12345678910",
        "0123456789",
        "987654321",
        "9876543210",
        "111111",
        "1111111111",
        "000000",
        "0000000000",
        "123123",
        "123321",
        "654321",
        "666666",
        "121212",
        "112233",
        "password",
        "passw0rd",
        "password1",
        "password123",
        "p@ssw0rd",
        "p@ssword",
        "qwerty",
        "qwerty123",
        "qwertyuiop",
        "asdfghjkl",
        "zxcvbnm",
        "abc123",
        "abcdef",
        "abcd1234",
        "iloveyou",
        "admin",
        "administrador",
        "administrator",
        "root",
        "welcome",
        "letmein",
        "monkey",
        "dragon",
        "football",
        "baseball",
        "master",
        "sunshine",
        "princess",
        "trustno1",
        "starwars",
        "senha",
        "senha123",
        "senha1234",
        "senha12345",
        "minhasenha",
        "mudar123",
        "mudar",
        "trocar",
        "alterar",
        "acesso",
        "acessar",
        "brasil",
        "brasil123",
        "flamengo",
        "corinthians",
        "palmeiras",
        "saopaulo",
        "vasco",
        "gremio",
        "cruzeiro",
        "santos",
        "botafogo",
        "fluminense",
        "internacional",
        "deus",
        "jesus",
        "jesuscristo",
        "amor",
        "teamo",
        "eusouodono",
        "governo",
        "prefeitura",
        "servidor",
        "servidora",
        "publico",
        "licitacao",
        "etpexpress",
        "etp",
    }
)


def hasher() -> PasswordHasher:
    return _HASHER


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches; never raises on a wrong password or a malformed hash."""
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    try:
        return _HASHER.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


@functools.lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _HASHER.hash(secrets.token_urlsafe(24))


def burn_verification_time(password: str) -> None:
    """Verify against a throwaway hash, so an unknown account costs the same time as a known one."""
    verify_password(_dummy_hash(), password)


def _fold(text: str) -> str:
    """Lower case without accents: 'José' -> 'jose'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def character_classes(password: str) -> int:
    lower = any(c.islower() for c in password)
    upper = any(c.isupper() for c in password)
    digit = any(c.isdigit() for c in password)
    symbol = any(not c.isalnum() for c in password)
    return lower + upper + digit + symbol


def _personal_tokens(email: str | None, name: str | None) -> list[str]:
    tokens: list[str] = []
    if email:
        local = _fold(email.split("@", 1)[0])
        if len(local) >= MIN_PERSONAL_TOKEN:
            tokens.append(local)
        tokens.extend(t for t in re.split(r"[^0-9a-z]+", local) if len(t) >= MIN_PERSONAL_TOKEN)
    if name:
        folded = _fold(name)
        tokens.extend(t for t in re.split(r"[^0-9a-z]+", folded) if len(t) >= MIN_PERSONAL_TOKEN)
        joined = re.sub(r"[^0-9a-z]+", "", folded)
        if len(joined) >= MIN_PERSONAL_TOKEN:
            tokens.append(joined)
    return list(dict.fromkeys(tokens))


def _is_common(folded: str) -> bool:
    if folded in COMMON_PASSWORDS:
        return True
    # a common word decorated with a few digits/symbols: "Senha@2024!", "Brasil#1234", "P@ssw0rd123"
    stem = re.sub(r"[^a-z]+$", "", re.sub(r"^[^a-z]+", "", folded))
    if not stem or len(folded) - len(stem) > MAX_DECORATION:
        return False
    leet = stem.translate(_LEET)
    return stem in COMMON_PASSWORDS or leet in COMMON_PASSWORDS


def policy_problems(password: str, *, email: str | None = None, name: str | None = None) -> list[str]:
    """Human messages (pt-BR) for every rule ``password`` breaks; empty when it is acceptable."""
    problems: list[str] = []
    if len(password) < MIN_LENGTH:
        problems.append(f"A senha deve ter pelo menos {MIN_LENGTH} caracteres.")
    if len(password) > MAX_LENGTH:
        problems.append(f"A senha deve ter no máximo {MAX_LENGTH} caracteres.")
    if character_classes(password) < MIN_CLASSES:
        problems.append(
            "A senha deve combinar pelo menos 3 destes tipos: letras minúsculas, letras maiúsculas, números e símbolos."
        )
    folded = _fold(password)
    compact = re.sub(r"[^0-9a-z]+", "", folded)
    for token in _personal_tokens(email, name):
        if token in folded or token in compact:
            problems.append("A senha não pode conter seu nome nem a parte do e-mail antes do @.")
            break
    if _is_common(folded):
        problems.append("Esta senha é muito comum e fácil de adivinhar; escolha outra.")
    return problems
