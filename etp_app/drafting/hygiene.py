"""Input hygiene for user-supplied text that goes into prompts.

``clean_user_text`` normalizes Unicode, strips invisible and control characters, bounds the size and
neutralizes instruction-override (prompt-injection) attempts in Portuguese and English: the offending
sentence is kept, but as inert quoted text (``[trecho neutralizado: "..."]``), so the rest of the
user's text survives and a reviewer can still see what was written. ``redact_personal_data`` replaces
CPFs, e-mail addresses and Brazilian phone numbers with placeholders.

Both are pure functions of their input, and a drafting worker sees the same texts many times (the
earlier sections of an ETP go into the prompt of every later section), so ``prepare_user_text``
memoizes the cleaning (and optional redaction) of one text in a bounded, thread-safe LRU cache.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

# Tags that delimit blocks of the drafting prompt; user text must not open or close them.
PROMPT_BLOCK_TAGS: tuple[str, ...] = (
    "dados_do_etp",
    "campos_especificos",
    "inciso",
    "orientacao_do_modelo",
    "texto_atual_da_secao",
    "secoes_anteriores",
    "secao",
    "instrucoes_do_usuario",
)

NEUTRALIZED_PREFIX = "[trecho neutralizado: "
TRUNCATION_MARKER = " [… texto truncado por limite de tamanho]"

# finding codes
INSTRUCTION_OVERRIDE = "instruction_override"
ZERO_WIDTH_REMOVED = "zero_width_removed"
BIDI_CONTROL_REMOVED = "bidi_control_removed"
UNICODE_TAGS_REMOVED = "unicode_tags_removed"
CONTROL_CHARS_REMOVED = "control_chars_removed"
TRUNCATED = "truncated"
PERSONAL_DATA_REDACTED = "personal_data_redacted"

# Memoization of prepare_user_text: entries kept (about 30 ETPs of 13 sections), and the longest text
# worth keeping (longer texts are cleaned every time, so a few huge inputs cannot pin much memory).
CACHE_SIZE = 1024
CACHE_MAX_TEXT_CHARS = 16_000

# NFKC would turn "1º" into "1o" and "m²" into "m2"; these characters are kept as written.
_NFKC_PRESERVED = re.compile("([ºª¹²³])")

_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Candidates for removal: C0/C1 controls (except \t and \n), format characters (Cf: zero-width,
# bidi, soft hyphen, BOM, tags...), Hangul fillers and variation selectors. Each candidate is then
# classified by unicodedata, so the class only needs to be a superset.
_REMOVABLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891"
    "\u08e2\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f"
    "\ufeff\uffa0\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e007f\U000e0100-\U000e01ef]"
)
_LINE_SEPARATORS = {"\r\n": "\n", "\r": "\n", "\u2028": "\n", "\u2029": "\n", "\u0085": "\n"}


def _accent(pattern: str) -> str:
    """Make the vowels and ``c`` of a plain lowercase pattern accent-tolerant (users often type
    Portuguese without diacritics). Only bare letters are rewritten, so write classes yourself."""
    table = {"a": "[aáàâã]", "e": "[eéê]", "i": "[ií]", "o": "[oóôõ]", "u": "[uúü]", "c": "[cç]"}
    out: list[str] = []
    escaped = False
    depth = 0  # inside [...]
    for ch in pattern:
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            out.append(ch)
            escaped = True
        elif ch == "[":
            depth += 1
            out.append(ch)
        elif ch == "]":
            depth -= 1
            out.append(ch)
        elif depth == 0 and ch in table:
            out.append(table[ch])
        else:
            out.append(ch)
    return "".join(out)


_PT_OVERRIDE_VERB = (
    r"(?:ignor\w*|desconsider\w*|esquec\w*|esqueç\w*|desprez\w*|descart\w*|abandon\w*|"
    r"sobrescrev\w*|anul\w*|revogu\w*|nao\s+(?:siga|sigas|obedeca|considere|respeite)|"
    r"pare\s+de\s+(?:seguir|obedecer))"
)
_PT_OBJECT = (
    r"(?:instrucoes|instrucao|orientacoes|regras|diretrizes|comandos|ordens|mensagens|"
    r"restricoes|prompts?|configuracoes)"
)
_PT_QUALIFIER = (
    r"(?:anteriores|anterior|acima|previas|precedentes|iniciais|originais|recebidas|dadas|"
    r"d[oe]\s+sistema|que\s+(?:voce|tu)\s+(?:recebeu|tem|tinha|recebestes?))"
)
_PT_DETERMINER = r"(?:(?:todas|todos|quaisquer)\s+)?(?:(?:as|os|a|o|suas|seus|sua|seu|tuas|teus|estas|essas)\s+)?"

_INJECTION_PATTERNS: tuple[str, ...] = (
    # --- Portuguese -----------------------------------------------------------------------
    _accent(rf"\b{_PT_OVERRIDE_VERB}\s+{_PT_DETERMINER}{_PT_OBJECT}\s+{_PT_QUALIFIER}\b"),
    _accent(rf"\b{_PT_OVERRIDE_VERB}\s+(?:todas|todos|quaisquer)\s+(?:as\s+|os\s+)?{_PT_OBJECT}\b"),
    _accent(
        r"\b(?:desconsider\w*|esquec\w*|esqueç\w*|ignor\w*)\s+(?:tudo\s+)?(?:o\s+|aquilo\s+)?que\s+"
        r"(?:(?:lhe|te|me)\s+)?(?:foi|foram|era|tinha\s+sido|esta)\s+"
        r"(?:dito|escrito|informado|instruido|pedido|solicitado|orientado|definido|acima)"
    ),
    _accent(r"\b(?:esquec\w*|esqueç\w*|desconsider\w*|ignor\w*)\s+tudo\b"),
    _accent(
        r"\b(?:a\s+partir\s+de\s+agora|de\s+agora\s+em\s+diante)\s*,?\s+(?:voce|tu)\s+"
        r"(?:e|es|sera|seras|deve|deves|vai|passa|passara|atuara)\b"
    ),
    _accent(r"\b(?:voce|tu)\s+agora\s+(?:e|es|sera|seras)\b"),
    _accent(r"\bagora\s+(?:voce|tu)\s+(?:e|es|sera|seras)\s+(?:um|uma|o|a)\b"),
    # role play, only as an imperative that opens a sentence ("o contratado atuará como" is fine)
    _accent(
        r"(?:^|(?<=[.!?;:\n]))[ \t]*(?:por\s+favor\s*,?\s*)?(?:aja|atue|comporte-se|"
        r"finja\s+(?:ser|que)|faca\s+de\s+conta|assuma\s+o\s+papel|interprete\s+o\s+papel)\b"
    ),
    _accent(r"\bprompt\s+(?:d[oe]\s+sistema|inicial|original|oculto)\b"),
    _accent(
        r"\b(?:revele|mostre|exiba|repita|imprima|divulgue|informe)\s+(?:o\s+|a\s+|as\s+|os\s+)?"
        r"(?:seu|sua|suas|seus|tua|tuas|teu|teus)\s+(?:prompt|instrucoes|regras|diretrizes|"
        r"configuracoes)\b"
    ),
    _accent(r"\b(?:revele|mostre|exiba|repita|imprima|divulgue)\s+o\s+prompt\b"),
    _accent(r"\bnovas\s+(?:instrucoes|regras|ordens|diretrizes)\s*:"),
    _accent(r"\bmodo\s+(?:desenvolvedor|developer|dan|irrestrito|deus|sem\s+filtros?)\b"),
    # --- English --------------------------------------------------------------------------
    r"\b(?:ignore|disregard|forget|override|bypass|skip)\s+(?:all\s+|any\s+)?(?:(?:the|your|my|of\s+the|"
    r"these|those)\s+)?(?:previous|prior|above|earlier|preceding|initial|original|system|foregoing)\s+"
    r"(?:instructions?|prompts?|rules|directions|directives|messages|context|guidelines)\b",
    r"\b(?:ignore|disregard|forget)\s+(?:all|everything|any)\s+(?:(?:the|your|previous|prior|above)\s+)*"
    r"(?:instructions?|rules|prompts?|above|before|you\s+(?:were|have\s+been)\s+told)\b",
    r"\bforget\s+everything\b",
    r"\byou\s+are\s+now\b",
    r"\bfrom\s+now\s+on\s*,?\s+you\b",
    r"(?:^|(?<=[.!?;:\n]))[ \t]*(?:please\s*,?\s*)?(?:act\s+as|pretend\s+(?:to\s+be|you\s+are|that)|"
    r"roleplay\s+as)\b",
    r"\bsystem\s+(?:prompt|message|instructions?)\b",
    r"\b(?:developer|dan|god)\s+mode\b",
    r"\bdo\s+anything\s+now\b",
    r"\bjailbreak\w*\b",
    r"\b(?:reveal|print|show|repeat|output)\s+(?:your|the)\s+(?:(?:system|initial|hidden)\s+)?"
    r"(?:prompt|instructions)\b",
    r"\bnew\s+(?:instructions|rules|task)\s*:",
    # --- role markers and chat-template tokens ----------------------------------------------
    r"^[ \t]*#{1,6}[ \t]*(?:system|assistant|user|developer|sistema|assistente|usu[aá]rio)[ \t]*:?[ \t]*$",
    r"^[ \t]*(?:system|assistant|developer)[ \t]*:",
    r"<\|[a-z_]{2,30}\|>",
    r"\[/?INST\]",
    r"<</?SYS>>",
    r"</?[ \t]*(?:system|assistant|developer|instructions?|" + "|".join(PROMPT_BLOCK_TAGS) + r")\b[^<>\n]{0,80}>",
)

_INJECTION = re.compile("|".join(f"(?:{p})" for p in _INJECTION_PATTERNS), re.IGNORECASE | re.MULTILINE)
# From the end of an override phrase to the end of its sentence (or line): the payload that follows
# "ignore the previous instructions and ..." is neutralized with it.
_SENTENCE_REST = re.compile(r"[^\n]{0,400}?(?:[.!?](?=\s|$)|(?=\n)|$)|[^\n]{0,400}")
_EXISTING_MARKER = re.compile(r"\[trecho neutralizado: \"[^\"\[\]\n]*\"\]")
_INERT = str.maketrans({'"': "'", "[": "(", "]": ")", "<": "‹", ">": "›"})


# --- prefilter ------------------------------------------------------------------------------------
# ``_INJECTION`` has no literal prefix, so the engine tries all its alternatives at every position of
# every text: that scan dominates the cleaning of a text. ``_may_contain_injection`` rejects, at a
# fraction of the cost, texts in which no alternative can match; only the others are scanned.
#
# Why it never rejects a text ``_INJECTION`` matches:
# 1. ``_skeleton`` maps each character on its own (see its docstring), in order. Every character that
#    ``_INJECTION`` (IGNORECASE) accepts for a letter L, written as a plain letter or as an ``_accent``
#    class such as ``[aáàâã]`` (or a narrower class like ``[aá]``), maps to exactly L: "Á" -> "a",
#    "Ç" -> "c", "İ" -> "i", "ſ" -> "s", the Kelvin sign -> "k"; the dotless "ı", which IGNORECASE
#    takes for "i" but NFKD keeps, is replaced by "i" first. ASCII characters map to themselves (lower
#    case), and each ``\s`` character to ASCII whitespace or to nothing (U+2028, U+0085...), which
#    ``_WS`` allows. test_hygiene checks these facts over every code point.
# 2. So where an alternative matches, the skeleton holds, in the same order, its literal letters and
#    ASCII punctuation, with each ``\s``/``[ \t]`` gap reduced to ``_WS``. A trigger ``(stem,
#    pattern)`` fires when ``stem`` occurs in the skeleton and ``pattern`` (if any) matches at or after
#    its first occurrence. Each alternative of ``_INJECTION_PATTERNS`` has a trigger that such a match
#    fires:
#    - PT overrides ("ignore/desconsidere/esqueça/despreze/sobrescreva/revogue ... instruções
#      anteriores", "... tudo", "... o que foi dito"): the verb stem. The weaker stems ("descart",
#      "abandon", "anul"; "não siga/obedeça/considere/respeite"; "pare de seguir/obedecer") need one
#      of the objects those two alternatives require (instruc, orientac, regras, diretrizes, comandos,
#      ordens, mensagens, restric, prompt, configurac) after them, as do "revele/mostre/exiba/repita/
#      imprima/divulgue/informe ... prompt|instruções|regras|diretrizes|configurações" and "novas
#      instruções|regras|ordens|diretrizes:";
#    - "a partir de agora, você", "de agora em diante, tu", "você agora é", "agora você é um":
#      "agora", blanks, an optional comma, then "voce", "tu", "e" (é, és, em diante) or "sera";
#    - role play (aja, atue, comporte-se, finja, faça de conta, assuma/interprete o papel): the verb
#      not preceded by a letter other than "r": the alternative starts a line or follows one of
#      [.!?;:\n], then only blanks and an optional "por favor," come before the verb;
#    - "prompt do sistema|inicial|original|oculto": "prompt"; "modo desenvolvedor|developer|dan|
#      irrestrito|deus|sem filtros": "modo", blanks, that word;
#    - English: the verbs ignore (stem "ignor"), disregard, forget, override, bypass, skip; "you"
#      (you are now; from now on, you); "act" + blanks + "as", pretend, roleplay; "system" (system
#      prompt|message|instructions); "developer mode", "dan|god" + blanks + "mode"; "anything" (do
#      anything now); "jailbreak"; reveal/print/show/repeat/output ... "prompt" or "instruction";
#      "new" + blanks + instructions|rules|task;
#    - role markers and tokens: "#" + blanks + system|assistant|user|developer|sistema|assistente|
#      usuário + blanks, optional ":" and blanks to the end of the line; "system", "assistant",
#      "developer" (before ":"); "<|"; "inst]" of [INST] and [/INST]; "sys>>" of <<SYS>> and
#      <</SYS>>; "<", optional "/", blanks and a reserved tag name.
# Over-matching only costs time: the full scan decides.

_WS = rb"[\x09-\x0d\x1c-\x20]*"  # what \s+, \s*, [ \t]* leave in the skeleton
_OBJECTS = re.compile(rb"instruc|orientac|regras|diretrizes|comandos|ordens|mensagens|restric|prompt|configurac")
_ROLE_PLAY = re.compile(rb"(?<![a-qs-z])(?:aja|atue|comporte-se|finja|faca|assuma|interprete)")
_DAN_GOD_MODE = re.compile(rb"(?:dan|god)" + _WS + rb"mode")
_TRIGGERS: tuple[tuple[bytes, re.Pattern[bytes] | None], ...] = (
    # Portuguese
    *((stem, None) for stem in (b"ignor", b"desconsider", b"esquec", b"desprez", b"sobrescrev", b"revogu")),
    *(
        (stem, _OBJECTS)
        for stem in (
            b"descart",
            b"abandon",
            b"anul",
            b"siga",
            b"obedec",
            b"considere",
            b"respeite",
            b"seguir",
            b"revele",
            b"mostre",
            b"exiba",
            b"repita",
            b"imprima",
            b"divulgue",
            b"informe",
            b"novas",
        )
    ),
    (b"agora", re.compile(rb"agora" + _WS + rb",?" + _WS + rb"(?:voce|tu|e|sera)")),
    *((stem, _ROLE_PLAY) for stem in (b"aja", b"atue", b"comporte-se", b"finja", b"faca", b"assuma", b"interprete")),
    (b"prompt", None),
    (b"modo", re.compile(rb"modo" + _WS + rb"(?:desenvolvedor|developer|dan|irrestrito|deus|sem)")),
    # English
    *(
        (stem, None)
        for stem in (
            b"disregard",
            b"forget",
            b"override",
            b"bypass",
            b"skip",
            b"you",
            b"pretend",
            b"roleplay",
            b"system",
            b"assistant",
            b"developer",
            b"anything",
            b"jailbreak",
            b"instruction",
        )
    ),
    (b"act", re.compile(rb"act" + _WS + rb"as")),
    (b"dan", _DAN_GOD_MODE),
    (b"god", _DAN_GOD_MODE),
    (b"new", re.compile(rb"new" + _WS + rb"(?:instructions|rules|task)")),
    # role markers and chat-template tokens
    (
        b"#",
        re.compile(
            rb"#[ \t]*(?:system|assistant|user|developer|sistema|assistente|usuario)"
            rb"[ \t]*:?[ \t]*(?:\n|\Z)"
        ),
    ),
    (b"<|", None),
    (b"inst]", None),
    (b"sys>>", None),
    (
        b"<",
        re.compile(
            rb"</?[ \t]*(?:system|assistant|developer|instruction|" + "|".join(PROMPT_BLOCK_TAGS).encode() + rb")"
        ),
    ),
)


def _skeleton(text: str) -> bytes:
    """Lower-case ASCII skeleton of ``text`` for the prefilter: NFKD, lower case, non-ASCII dropped
    ("Instruções" -> b"instrucoes"), with the dotless "ı" read as "i".

    The skeleton of a text is the concatenation of the skeletons of its characters: NFKD only reorders
    combining marks (all non-ASCII, so dropped), and lower case maps characters one by one (the
    context-dependent final sigma is non-ASCII too).
    """
    return unicodedata.normalize("NFKD", text.replace("ı", "i")).lower().encode("ascii", "ignore")


def _may_contain_injection(text: str) -> bool:
    """False only when ``_INJECTION`` cannot match ``text`` (see the prefilter notes above)."""
    skeleton = _skeleton(text)
    for stem, pattern in _TRIGGERS:
        at = skeleton.find(stem)
        if at != -1 and (pattern is None or pattern.search(skeleton, at) is not None):
            return True
    return False


@dataclass
class CleanText:
    """Text ready to go into a prompt, and what hygiene found in it (finding codes, no duplicates)."""

    text: str
    findings: list[str] = field(default_factory=list)


def _normalize(text: str) -> str:
    parts = _NFKC_PRESERVED.split(text)
    return "".join(p if _NFKC_PRESERVED.fullmatch(p) else unicodedata.normalize("NFKC", p) for p in parts)


def _strip_invisible(text: str, findings: list[str]) -> str:
    for separator, replacement in _LINE_SEPARATORS.items():
        text = text.replace(separator, replacement)
    found: set[str] = set()

    def remove(match: re.Match[str]) -> str:
        ch = match.group(0)
        if ch in _BIDI:
            found.add(BIDI_CONTROL_REMOVED)
        elif "\U000e0000" <= ch <= "\U000e007f":
            found.add(UNICODE_TAGS_REMOVED)
        elif unicodedata.category(ch) == "Cc":
            found.add(CONTROL_CHARS_REMOVED)
        else:
            found.add(ZERO_WIDTH_REMOVED)
        return ""

    text = _REMOVABLE.sub(remove, text)
    for code in (ZERO_WIDTH_REMOVED, BIDI_CONTROL_REMOVED, UNICODE_TAGS_REMOVED, CONTROL_CHARS_REMOVED):
        if code in found:
            findings.append(code)
    return text


def _tidy_whitespace(text: str) -> str:
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _truncate(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text
    if max_chars <= 2 * len(TRUNCATION_MARKER):
        return text[:max_chars]
    cut = text[: max_chars - len(TRUNCATION_MARKER)]
    boundary = max(cut.rfind(" "), cut.rfind("\n"))
    if boundary >= len(cut) * 0.8:  # prefer a word boundary when one is near
        cut = cut[:boundary]
    return cut.rstrip() + TRUNCATION_MARKER


def _neutralize(text: str) -> tuple[str, bool]:
    """Wrap every instruction-override sentence as inert quoted text; True when any was found."""
    if not _may_contain_injection(text):
        return text, False
    protected = [m.span() for m in _EXISTING_MARKER.finditer(text)]

    def inside_marker(pos: int) -> bool:
        return any(start <= pos < end for start, end in protected)

    spans: list[tuple[int, int]] = []
    found = False
    for match in _INJECTION.finditer(text):
        found = True
        start = match.start()
        while start < match.end() and text[start] in " \t\n":
            start += 1
        if inside_marker(start):
            continue  # already neutralized (hygiene is idempotent)
        rest = _SENTENCE_REST.match(text, match.end())
        end = rest.end() if rest else match.end()
        for p_start, p_end in protected:  # never cut an existing marker in half
            if p_start < end <= p_end:
                end = p_start
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    if not spans:
        return text, found
    out: list[str] = []
    cursor = 0
    for start, end in spans:
        out.append(text[cursor:start])
        phrase = text[start:end].strip().translate(_INERT)
        out.append(f'{NEUTRALIZED_PREFIX}"{phrase}"]')
        cursor = end
    out.append(text[cursor:])
    return "".join(out), found


def clean_user_text(text: str, max_chars: int) -> CleanText:
    """Make user-supplied ``text`` safe to embed in a prompt.

    NFKC normalization (keeping º, ª, ², ³), removal of zero-width, bidi, tag and control characters
    (``\\n`` and ``\\t`` stay), at most one blank line in a row, truncation to ``max_chars`` with a
    marker, and neutralization of instruction-override attempts. ``max_chars`` bounds the user's
    text; neutralization markers may add a few characters to it. Memoized (see
    :func:`prepare_user_text`); the returned object is the caller's own.
    """
    if max_chars < 1:
        raise ValueError("max_chars must be positive")
    if not text:
        return CleanText("", [])
    cleaned, findings = prepare_user_text(str(text), max_chars)
    return CleanText(cleaned, list(findings))


def prepare_user_text(text: str, max_chars: int, *, redact: bool = False) -> tuple[str, tuple[str, ...]]:
    """:func:`clean_user_text` and, with ``redact``, :func:`redact_personal_data` over ``text``: the
    text and the finding codes (``personal_data_redacted`` last when something was redacted).

    Memoized in a bounded LRU cache keyed by ``(text, max_chars, redact)``; the result is immutable,
    so no caller can alter what another one gets. Texts over ``CACHE_MAX_TEXT_CHARS`` characters are
    not cached.
    """
    if max_chars < 1:
        raise ValueError("max_chars must be positive")
    if len(text) > CACHE_MAX_TEXT_CHARS:
        return _prepare(text, max_chars, redact)
    return _prepare_cached(text, max_chars, redact)


def _prepare(text: str, max_chars: int, redact: bool) -> tuple[str, tuple[str, ...]]:
    findings: list[str] = []
    if not text:
        return "", ()
    result = _strip_invisible(_normalize(text), findings)
    result = _tidy_whitespace(result)
    if len(result) > max_chars:
        result = _truncate(result, max_chars)
        findings.append(TRUNCATED)
    result, overridden = _neutralize(result)
    if overridden:
        findings.append(INSTRUCTION_OVERRIDE)
    if redact:
        result, counts = redact_personal_data(result)
        if counts:
            findings.append(PERSONAL_DATA_REDACTED)
    return result, tuple(findings)


_prepare_cached = lru_cache(maxsize=CACHE_SIZE, typed=True)(_prepare)


# --------------------------------------------------------------------------------------------------
# personal data
# --------------------------------------------------------------------------------------------------

CPF_PLACEHOLDER = "[CPF removido]"
EMAIL_PLACEHOLDER = "[e-mail removido]"
PHONE_PLACEHOLDER = "[telefone removido]"

_CPF = re.compile(r"(?<![\w./-])(\d{3})\.?(\d{3})\.?(\d{3})-?(\d{2})(?![\w/-]|[.,]\d)")
_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}\b"
)
# Brazilian phones with area code: "(61) 99876-5432", "61 3333-4444", "+55 11 98765 4321"; and mobile
# numbers without area code written as "99876-5432". Bare digit runs are left alone (they are usually
# process or document numbers).
_PHONE = re.compile(
    r"(?<![\w/.,-])(?:"
    r"(?:\+\s?55[\s-]?)?(?:\(\s?[1-9]{2}\s?\)|[1-9]{2})[\s-]?"
    r"(?:9\s?\d{4}|(?!(?:19|20)\d{2}[\s-](?:19|20)\d{2}(?!\d))[2-5]\d{3})[\s-]?\d{4}"
    r"|9\d{4}-\d{4}"
    r")(?![\w/-]|[.,]\d)"
)
# Cheap necessary conditions, searched first: the patterns above start with a lookbehind, so the
# engine tries them at every position, while these start with a digit and skip the rest of the text.
# Every CPF match contains an unanchored _CPF_HINT match (the same digits and separators), every
# phone match ends with four digits, an optional blank or hyphen and four more digits ("9 8765-4321",
# "3333-4444", "98765-4321"), and every e-mail contains "@".
_CPF_HINT = re.compile(r"\d{3}\.?\d{3}\.?\d{3}-?\d{2}")
_PHONE_HINT = re.compile(r"\d{4}[\s-]?\d{4}")


def cpf_is_valid(digits: str) -> bool:
    """True when ``digits`` (11 digits, no punctuation) carries valid CPF check digits."""
    if len(digits) != 11 or not digits.isdigit() or digits == digits[0] * 11:
        return False
    numbers = [int(d) for d in digits]
    for size in (9, 10):
        total = sum(n * w for n, w in zip(numbers[:size], range(size + 1, 1, -1), strict=False))
        if (total * 10) % 11 % 10 != numbers[size]:
            return False
    return True


def redact_personal_data(text: str) -> tuple[str, dict[str, int]]:
    """Replace CPFs (only with valid check digits), e-mails and Brazilian phone numbers with
    placeholders. Returns the new text and counts by kind (``cpf``, ``email``, ``telefone``) for the
    kinds found. CNPJs and process numbers are left intact."""
    counts: dict[str, int] = {}

    def cpf(match: re.Match[str]) -> str:
        if not cpf_is_valid("".join(match.groups())):
            return match.group(0)
        counts["cpf"] = counts.get("cpf", 0) + 1
        return CPF_PLACEHOLDER

    def email(_: re.Match[str]) -> str:
        counts["email"] = counts.get("email", 0) + 1
        return EMAIL_PLACEHOLDER

    def phone(match: re.Match[str]) -> str:
        value = match.group(0)
        if not any(ch in value for ch in "()+ -"):
            return value
        counts["telefone"] = counts.get("telefone", 0) + 1
        return PHONE_PLACEHOLDER

    if _CPF_HINT.search(text):
        text = _CPF.sub(cpf, text)
    if "@" in text:
        text = _EMAIL.sub(email, text)
    if _PHONE_HINT.search(text):
        text = _PHONE.sub(phone, text)
    return text, counts
