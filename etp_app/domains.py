"""E-mail and organization domains: one canonical form, refusal of look-alikes.

Pure functions (no Flask, no database): the services pass the domains already registered.

* :func:`normalize` turns what a person typed (upper case, a trailing dot, the A-label
  ``xn--...`` form or the Unicode U-label form) into the canonical form stored in
  ``organization_domains.domain`` and compared everywhere: lower case, IDNA 2008 with UTS 46
  mapping, Unicode labels (U-labels), no trailing dot. It refuses any letter outside ASCII and the
  Latin letters the .br registry accepts in domain names (á à â ã é ê í ó ô õ ú ü ç), so a label
  mixing scripts — a Cyrillic "а" inside "prefeitura-аlfa" — never reaches the database.
* :func:`skeleton` is the confusable skeleton of a canonical domain (accents stripped, 0→o,
  1/i→l, rn→m, vv→w): two different domains with the same skeleton look alike to a person.
  :func:`check_not_confusable` refuses a new domain that imitates one already registered.

Errors are :class:`InvalidDomain` with a Portuguese message meant for the field that held the domain.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import idna

# The letters the .br registry accepts in a domain name besides ASCII (registro.br, "IDN").
BR_LATIN_LETTERS = frozenset("áàâãéêíóôõúüç")
MAX_DOMAIN_LENGTH = 253

# Public webmail providers: a domain of these never identifies an organization.
WEBMAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.com.br",
        "outlook.com",
        "outlook.com.br",
        "live.com",
        "live.com.br",
        "msn.com",
        "yahoo.com",
        "yahoo.com.br",
        "ymail.com",
        "rocketmail.com",
        "uol.com.br",
        "bol.com.br",
        "terra.com.br",
        "ig.com.br",
        "globo.com",
        "globomail.com",
        "r7.com",
        "zipmail.com.br",
        "oi.com.br",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "protonmail.com",
        "proton.me",
        "pm.me",
        "zoho.com",
        "gmx.com",
        "gmx.net",
        "mail.com",
        "yandex.com",
        "tutanota.com",
    }
)

_ASCII_LABEL_CHAR = re.compile(r"[a-z0-9-]")
_CONFUSABLE_CHARS = str.maketrans({"0": "o", "1": "l", "i": "l", "|": "l"})
_CONFUSABLE_SEQUENCES = (("rn", "m"), ("vv", "w"))


class InvalidDomain(ValueError):
    """A domain that cannot be used; ``message`` is the Portuguese text for the field."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _script_of(char: str) -> str:
    """The script of a letter as Unicode names it ("LATIN", "CYRILLIC", "GREEK"...)."""
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else "DESCONHECIDO"


def _check_label(label: str, shown: str) -> None:
    """Only ASCII letters, digits, hyphens and the .br Latin letters; never two scripts in a label."""
    refused = [c for c in label if not _ASCII_LABEL_CHAR.fullmatch(c) and c not in BR_LATIN_LETTERS]
    if not refused:
        return
    scripts = {_script_of(c) for c in label if c.isalpha()}
    if len(scripts) > 1:
        raise InvalidDomain(
            f"O domínio {shown} mistura alfabetos diferentes (letras que parecem latinas mas não são): "
            "use apenas letras latinas."
        )
    listed = ", ".join(sorted(set(refused)))
    raise InvalidDomain(
        f"O domínio {shown} tem caracteres não permitidos ({listed}): use letras sem acento, números, hífen "
        "ou as letras acentuadas aceitas pelo registro .br (á à â ã é ê í ó ô õ ú ü ç)."
    )


def normalize(raw: str) -> str:
    """The canonical form of a domain (lower-case U-labels, no trailing dot), or :class:`InvalidDomain`."""
    text = unicodedata.normalize("NFC", (raw or "").strip())
    shown = text or "informado"
    if text.endswith("."):
        text = text[:-1]
    if not text:
        raise InvalidDomain("Informe o domínio.")
    if "." not in text:
        raise InvalidDomain(f"O domínio {shown} está incompleto: informe-o com a terminação (por exemplo, .gov.br).")
    try:
        mapped = idna.uts46_remap(text, std3_rules=True, transitional=False)
    except idna.IDNAError:
        raise InvalidDomain(f"O domínio {shown} não é válido.") from None
    labels = mapped.split(".")
    unicode_labels = []
    for label in labels:
        if not label:
            raise InvalidDomain(f"O domínio {shown} não é válido: há um ponto sobrando.")
        if label.startswith("xn--"):
            try:
                label = idna.decode(label)
            except (idna.IDNAError, UnicodeError):
                raise InvalidDomain(f"O domínio {shown} não é válido.") from None
        _check_label(label, shown)
        unicode_labels.append(label)
    canonical = ".".join(unicode_labels)
    try:
        ascii_form = idna.encode(canonical).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        raise InvalidDomain(f"O domínio {shown} não é válido.") from None
    if len(ascii_form) > MAX_DOMAIN_LENGTH:
        raise InvalidDomain(f"O domínio {shown} é longo demais.")
    if unicode_labels[-1].isdigit():
        raise InvalidDomain(f"O domínio {shown} não é válido.")
    return canonical


def is_webmail(domain: str) -> bool:
    """A public webmail provider's domain (gmail.com, outlook.com, uol.com.br...)."""
    return domain in WEBMAIL_DOMAINS


def to_ascii(domain: str) -> str:
    """The A-label (``xn--``) form of a canonical domain, for protocols that need ASCII."""
    return idna.encode(domain).decode("ascii")


def email_domain(email: str) -> str:
    """The canonical domain of an e-mail address, or :class:`InvalidDomain`."""
    local, sep, domain = (email or "").strip().rpartition("@")
    if not sep or not local:
        raise InvalidDomain("E-mail inválido.")
    return normalize(domain)


def skeleton(domain: str) -> str:
    """What a canonical domain looks like to a reader: accents dropped, look-alike characters merged."""
    decomposed = unicodedata.normalize("NFD", domain.lower())
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    text = text.translate(_CONFUSABLE_CHARS)
    for sequence, replacement in _CONFUSABLE_SEQUENCES:
        text = text.replace(sequence, replacement)
    return text


def imitated(domain: str, existing: Iterable[str]) -> str | None:
    """The registered domain that ``domain`` imitates (same skeleton, different text), if any."""
    target = skeleton(domain)
    for other in existing:
        if other != domain and skeleton(other) == target:
            return other
    return None


def check_not_confusable(domain: str, existing: Iterable[str]) -> None:
    """Refuse a new domain that looks like one already registered while differing from it."""
    other = imitated(domain, existing)
    if other is not None:
        raise InvalidDomain(f"O domínio {domain} parece imitar o domínio já cadastrado {other}.")
