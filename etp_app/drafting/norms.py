"""A local table of norms and the legal-citation checks built on it.

Only facts known for certain are judged: article numbers are checked only for norms whose size is
in the table, revoked norms get a warning, and a norm missing from the table is "unverified", never
"false". :func:`extract_citations` reads the usual Portuguese forms ("Lei nº 14.133, de 1º de abril
de 2021", "Lei Federal nº 14.133/21", "arts. 40 e 47 da Lei 14.133/2021", "artigo 75, II",
"IN SEGES/ME nº 65/2021", "Instrução Normativa SEGES/ME nº 58, de 8 de agosto de 2022", "LGPD").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from etp_app.drafting.readability import sentence_spans

NormKind = Literal["lei", "decreto", "in", "constituicao"]
NormStatus = Literal["in_force", "revoked"]


@dataclass(frozen=True)
class Norm:
    key: str
    label: str  # how messages name it: "Lei 14.133/2021"
    number: str  # as usually written: "14.133"
    year: int
    kind: NormKind  # a Lei Complementar is a "lei" whose key starts with "lc-"
    status: NormStatus
    articles: int | None  # size of the norm when known for certain; None: never judged
    revoked_by: str | None = None  # key of the revoking norm
    revoked_in_part: bool = False  # status "revoked" but parts remain in force (Lei 12.462/2011)
    issuer: str | None = None  # issuing body of an instrução normativa: "SEGES/ME"
    nickname: str | None = None  # "LGPD"


_LEI_14133 = "lei-14133-2021"

NORMS: dict[str, Norm] = {
    n.key: n
    for n in (
        Norm(
            _LEI_14133,
            "Lei 14.133/2021",
            "14.133",
            2021,
            "lei",
            "in_force",
            194,
            nickname="Nova Lei de Licitações e Contratos",
        ),
        Norm("lei-13709-2018", "Lei 13.709/2018", "13.709", 2018, "lei", "in_force", 65, nickname="LGPD"),
        Norm("lei-8666-1993", "Lei 8.666/1993", "8.666", 1993, "lei", "revoked", 126, revoked_by=_LEI_14133),
        Norm(
            "lei-10520-2002",
            "Lei 10.520/2002",
            "10.520",
            2002,
            "lei",
            "revoked",
            13,
            revoked_by=_LEI_14133,
            nickname="Lei do Pregão",
        ),
        Norm(
            "lei-12462-2011",
            "Lei 12.462/2011",
            "12.462",
            2011,
            "lei",
            "revoked",
            None,
            revoked_by=_LEI_14133,
            revoked_in_part=True,
            nickname="RDC",
        ),
        Norm(
            "lei-8078-1990",
            "Lei 8.078/1990",
            "8.078",
            1990,
            "lei",
            "in_force",
            None,
            nickname="Código de Defesa do Consumidor",
        ),
        Norm("lei-12527-2011", "Lei 12.527/2011", "12.527", 2011, "lei", "in_force", None, nickname="LAI"),
        Norm(
            "lei-12305-2010",
            "Lei 12.305/2010",
            "12.305",
            2010,
            "lei",
            "in_force",
            None,
            nickname="Política Nacional de Resíduos Sólidos",
        ),
        Norm("lei-4320-1964", "Lei 4.320/1964", "4.320", 1964, "lei", "in_force", None),
        Norm(
            "lc-123-2006",
            "Lei Complementar 123/2006",
            "123",
            2006,
            "lei",
            "in_force",
            None,
            nickname="Estatuto da Microempresa",
        ),
        Norm("lc-101-2000", "Lei Complementar 101/2000", "101", 2000, "lei", "in_force", None, nickname="LRF"),
        Norm("decreto-10947-2022", "Decreto 10.947/2022", "10.947", 2022, "decreto", "in_force", None),
        Norm("decreto-11462-2023", "Decreto 11.462/2023", "11.462", 2023, "decreto", "in_force", None),
        Norm("decreto-11246-2022", "Decreto 11.246/2022", "11.246", 2022, "decreto", "in_force", None),
        Norm("decreto-7746-2012", "Decreto 7.746/2012", "7.746", 2012, "decreto", "in_force", None),
        Norm("in-seges-me-58-2022", "IN SEGES/ME 58/2022", "58", 2022, "in", "in_force", None, issuer="SEGES/ME"),
        Norm("in-seges-me-65-2021", "IN SEGES/ME 65/2021", "65", 2021, "in", "in_force", None, issuer="SEGES/ME"),
        Norm("in-seges-me-73-2022", "IN SEGES/ME 73/2022", "73", 2022, "in", "in_force", None, issuer="SEGES/ME"),
        Norm("in-seges-me-81-2022", "IN SEGES/ME 81/2022", "81", 2022, "in", "in_force", None, issuer="SEGES/ME"),
        Norm("in-sgd-me-94-2022", "IN SGD/ME 94/2022", "94", 2022, "in", "in_force", None, issuer="SGD/ME"),
        Norm("in-seges-mp-5-2017", "IN SEGES/MP 5/2017", "5", 2017, "in", "in_force", None, issuer="SEGES/MP"),
        Norm("cf-1988", "Constituição Federal de 1988", "", 1988, "constituicao", "in_force", None, nickname="CF/88"),
    )
}


def get_norm(key: str) -> Norm:
    """The norm with ``key``; KeyError when absent."""
    return NORMS[key]


# (series, number) -> key for laws and decrees, whose federal numbering is unique across years.
_BY_NUMBER: dict[tuple[str, int], str] = {
    (n.key.split("-", 1)[0], int(n.number.replace(".", ""))): n.key
    for n in NORMS.values()
    if n.kind in ("lei", "decreto")
}
_INS: tuple[Norm, ...] = tuple(n for n in NORMS.values() if n.kind == "in")


@dataclass(frozen=True)
class Citation:
    norm_key: str | None  # None: unknown norm, or an article bound to no norm
    raw: str  # the citation as written
    article: int | None = None
    paragraph: str | None = None  # "§ 1º", "parágrafo único"
    inciso: str | None = None  # "I", "XXI"
    span: tuple[int, int] = (0, 0)
    cited: str | None = None  # the norm as cited, normalised ("Lei 9.999/2020"); None if unbound
    cited_year: int | None = None  # the year written in the citation, if any


# --- norm mentions ---------------------------------------------------------------------------

_NO = r"(?:n(?:\.\s*)?[º°o]\.?\s*|n\.\s*|n[úu]mero\s+)?"
_NUM = r"(?P<num>\d{1,3}(?:\.\d{3})+|\d{1,6})(?![\d.,]\d)"
_DATE = (
    r"(?:\s*/\s*(?P<y2>\d{4}|\d{2})(?!\d)"
    r"|,?\s+de\s+(?:\d{1,2}\s*[º°o]?\s+de\s+[a-zç]+\s+de\s+)?(?P<y1>\d{4})(?!\d))?"
)
_ISSUER = r"(?-i:[A-Z]{2,}(?:\s*/\s*[A-Z]{2,})?)"

_NUMBERED: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("decreto-lei", re.compile(rf"\bDecreto[-‐\s]Lei\s+(?:Federal\s+)?{_NO}{_NUM}{_DATE}", re.I)),
    (
        "lei",
        re.compile(
            rf"(?<![-‐\w])Lei\s+(?P<q>(?:(?:Federal|Complementar|Estadual|Municipal|Distrital|Ordin[áa]ria)\s+){{0,2}})"
            rf"{_NO}{_NUM}{_DATE}",
            re.I,
        ),
    ),
    ("lc", re.compile(rf"\b(?-i:LC)\s*{_NO}{_NUM}{_DATE}", re.I)),
    (
        "decreto",
        re.compile(
            rf"\bDecreto\s+(?P<q>(?:Federal|Estadual|Municipal|Distrital|Legislativo)\s+)?{_NO}{_NUM}{_DATE}", re.I
        ),
    ),
    (
        "in",
        re.compile(
            rf"(?:\b(?-i:IN)|\bInstru[çc][ãa]o\s+Normativa)\s+(?:(?P<issuer>{_ISSUER})\s+)?{_NO}{_NUM}{_DATE}"
            rf"(?:\s*,?\s*d[ao]\s+(?P<issuer2>{_ISSUER})(?![\w/]))?",
            re.I,
        ),
    ),
)

_NICKNAME_TABLE: tuple[tuple[str, str], ...] = (
    (r"\bLGPD\b", "lei-13709-2018"),
    (r"(?i:\bLei\s+Geral\s+de\s+Prote[çc][ãa]o\s+de\s+Dados(?:\s+Pessoais)?)", "lei-13709-2018"),
    (r"\bNLLC\b", _LEI_14133),
    (r"(?i:\bNova\s+Lei\s+de\s+Licita[çc][õo]es(?:\s+e\s+Contratos(?:\s+Administrativos)?)?)", _LEI_14133),
    (r"(?i:\bLei\s+do\s+Preg[ãa]o\b)", "lei-10520-2002"),
    (r"(?i:\bRegime\s+Diferenciado\s+de\s+Contrata[çc][õo]es(?:\s+P[úu]blicas)?)", "lei-12462-2011"),
    (r"\bLAI\b", "lei-12527-2011"),
    (r"(?i:\bLei\s+de\s+Acesso\s+[àa]\s+Informa[çc][ãa]o)", "lei-12527-2011"),
    (r"\bCDC\b", "lei-8078-1990"),
    (r"(?i:\bC[óo]digo\s+de\s+Defesa\s+do\s+Consumidor)", "lei-8078-1990"),
    (r"\bLRF\b", "lc-101-2000"),
    (r"(?i:\bLei\s+de\s+Responsabilidade\s+Fiscal)", "lc-101-2000"),
    (
        r"(?i:\bEstatuto\s+(?:Nacional\s+)?da\s+Microempresa(?:\s+e\s+(?:da\s+)?Empresa\s+de\s+Pequeno\s+Porte)?)",
        "lc-123-2006",
    ),
    (r"(?i:\bPol[íi]tica\s+Nacional\s+de\s+Res[íi]duos\s+S[óo]lidos)", "lei-12305-2010"),
    (
        r"\bConstitui[çc][ãa]o(?:\s+(?:Federal|da\s+Rep[úu]blica(?:\s+Federativa\s+do\s+Brasil)?))?"
        r"(?:\s+de\s+1988)?(?!\s+(?:Estadual|do\s+Estado|Municipal))",
        "cf-1988",
    ),
    (r"\bCF(?:/(?:19)?88)?\b(?!\.)", "cf-1988"),
)
# every nickname starts a word with one of these letters: the lookahead spares the alternation
_NICKNAMES = re.compile(
    r"(?=\b[CEILNPRceilnpr])(?:" + "|".join(f"(?P<n{i}>{p})" for i, (p, _) in enumerate(_NICKNAME_TABLE)) + ")"
)


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    key: str | None
    cited: str
    year: int | None


def _year(m: re.Match[str]) -> int | None:
    y = m.group("y1") or m.group("y2")
    if not y:
        return None
    value = int(y)
    if len(y) == 2:
        value += 2000 if value <= 30 else 1900
    return value


def _fmt_number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _issuer(raw: str | None) -> str | None:
    return re.sub(r"\s+", "", raw).upper() if raw else None


def _issuer_matches(cited: str, known: str) -> bool:
    cited_parts, known_parts = cited.split("/"), known.split("/")
    return known_parts[: len(cited_parts)] == cited_parts


def _resolve(series: str, m: re.Match[str]) -> _Mention:
    number = int(m.group("num").replace(".", ""))
    year = _year(m)
    year_part = f"/{year}" if year else ""
    key: str | None = None
    if series == "in":
        issuer = _issuer(m.group("issuer") or m.group("issuer2"))
        cited = f"IN {issuer + ' ' if issuer else ''}{number}{year_part}"
        candidates = [
            n
            for n in _INS
            if int(n.number) == number
            and (year is None or n.year == year)
            and (issuer is None or _issuer_matches(issuer, n.issuer or ""))
        ]
        if len(candidates) == 1:
            key = candidates[0].key
    elif series == "decreto-lei":
        cited = f"Decreto-Lei {_fmt_number(number)}{year_part}"
    else:
        qualifiers = (m.groupdict().get("q") or "").lower()
        local = any(q in qualifiers for q in ("estadual", "municipal", "distrital", "legislativo"))
        if series == "lc" or "complementar" in qualifiers:
            series, label = "lc", "Lei Complementar"
        else:
            label = "Decreto" if series == "decreto" else "Lei"
        if local:
            label += " " + next(
                q for q in ("Estadual", "Municipal", "Distrital", "Legislativo") if q.lower() in qualifiers
            )
        cited = f"{label} {_fmt_number(number)}{year_part}"
        if not local:
            key = _BY_NUMBER.get((series, number))
    return _Mention(m.start(), m.end(), key, cited, year)


def _norm_mentions(text: str) -> list[_Mention]:
    found: list[_Mention] = [_resolve(series, m) for series, rx in _NUMBERED for m in rx.finditer(text)]
    for m in _NICKNAMES.finditer(text):
        key = _NICKNAME_TABLE[int((m.lastgroup or "n0")[1:])][1]
        found.append(_Mention(m.start(), m.end(), key, NORMS[key].label, None))
    found.sort(key=lambda x: (x.start, -x.end))
    mentions: list[_Mention] = []
    for mention in found:
        if mentions and mention.start < mentions[-1].end:
            continue  # overlaps an earlier, longer mention ("Decreto-Lei 200" vs "Lei 200")
        mentions.append(mention)
    return mentions


# --- articles --------------------------------------------------------------------------------

_ART_NUM = r"\d{1,3}(?:\.\d{3})?(?:\s*[º°ª]|o\b)?(?:\s*-\s*(?-i:[A-Z])\b)?"
_ROMAN = r"(?-i:[IVXLC]+)\b"
_PARAGRAPH_RX = r"§§?\s*\d+\s*[º°o]?(?:\s*e\s*\d+\s*[º°o]?)*|par[áa]grafo\s+[úu]nico"
_ALINEA_RX = r"al[íi]neas?\s*[\"“]?[a-z][\"”]?(?!\w)"
_PREFIX = rf"(?:(?:inc(?:iso|\.)\s*{_ROMAN}|{_PARAGRAPH_RX}|{_ALINEA_RX})\s*,?\s*(?:d[oa]s?\s+|,\s*))+"
# "art. 18" / "arts. 40" / "artigo 75", and a "inciso I do" / "§ 1º do" before it
_ARTICLE = re.compile(rf"\b(?P<word>arts?\b\.?|artigos?\b)\s*(?P<first>{_ART_NUM})", re.I)
_PREFIX_BEFORE = re.compile(rf"(?<![\w§])(?:{_PREFIX})$", re.I)
_PREFIX_WINDOW = 120
# further articles after a plural: "arts. 40 e 47", "arts. 74 a 76", "artigos 5º, 6º e 7º"
_MORE = re.compile(rf"(?:\s*(?:,|e|a|ou|até)\s*{_ART_NUM}(?![\d/]))+", re.I)
# "§ 1º", "inciso I", "II", "alínea a", "caput" after the article
_DETAIL = re.compile(
    rf"(?:\s*,?\s*(?:{_PARAGRAPH_RX}|inc(?:isos?|s?\.)\s*{_ROMAN}|{_ROMAN}|{_ALINEA_RX}|caput))+", re.I
)
_ART_VALUE = re.compile(r"\d{1,3}(?:\.\d{3})?")
_PARAGRAPH = re.compile(_PARAGRAPH_RX, re.I)
_INCISO = re.compile(rf"(?:inc(?:isos?|s?\.)\s*)?({_ROMAN})", re.I)
_BINDING_GAP = re.compile(r"[\s,]*(?:(?:d[oa]s?|n[oa]s?|em)\s+)?(?:(?:referid|citad|mencionad|mesm)[oa]\s+)?", re.I)
# An article followed by the name of a norm with no number the table could know ("art. 200 da Lei
# Orgânica Municipal", "art. 5º da Constituição"): it belongs to that norm, never to a law cited
# elsewhere in the text.
_NAMED_NORM_AFTER = re.compile(
    r"[\s,]*(?:d[oa]s?|n[oa]s?)\s+(?:Lei\s+Org[âa]nica|Constitui[çc][ãa]o|C[óo]digo|Regimento|Estatuto|"
    r"Lei\s+(?:Complementar\s+)?(?:Municipal|Estadual|Distrital))\b",
    re.I,
)


@dataclass(frozen=True)
class _ArticleRef:
    start: int
    end: int
    articles: tuple[int, ...]
    paragraph: str | None
    inciso: str | None


def _article_number(raw: str) -> int:
    m = _ART_VALUE.match(raw)
    return int(m.group().replace(".", "")) if m else 0


def _article_refs(text: str) -> list[_ArticleRef]:
    refs: list[_ArticleRef] = []
    for m in _ARTICLE.finditer(text):
        start, end = m.start(), m.end()
        prefix = _PREFIX_BEFORE.search(text, max(0, start - _PREFIX_WINDOW), start)
        if prefix:
            start = prefix.start()
        numbers = [m.group("first")]
        if m.group("word").lower().startswith(("arts", "artigos")):
            more = _MORE.match(text, end)
            if more:
                numbers += _ART_VALUE.findall(more.group())
                end = more.end()
        detail = _DETAIL.match(text, end)
        if detail:
            end = detail.end()
        details = " ".join(filter(None, (prefix and prefix.group(), detail and detail.group())))
        paragraph = _PARAGRAPH.search(details)
        inciso = _INCISO.search(_PARAGRAPH.sub(" ", details))
        refs.append(
            _ArticleRef(
                start=start,
                end=end,
                articles=tuple(_article_number(n) for n in numbers),
                paragraph=re.sub(r"\s+", " ", paragraph.group()) if paragraph else None,
                inciso=inciso.group(1) if inciso else None,
            )
        )
    return refs


def extract_citations(text: str, *, sentences: Sequence[tuple[int, int]] | None = None) -> list[Citation]:
    """Every legal citation in ``text``, in order: one per article cited (bound to its norm) and one
    per norm mentioned without an article. A range ("arts. 74 a 76") gives its two ends.

    An article followed by its norm ("art. 18 da Lei 14.133/2021") is bound to it; otherwise to the
    nearest norm in the same sentence; otherwise to Lei 14.133/2021 only when that is the one norm the
    whole text mentions. An article that cannot be bound keeps ``norm_key=None`` and ``cited=None``.
    ``sentences`` may carry ``readability.sentence_spans(text)`` when already computed.
    """
    mentions = _norm_mentions(text)
    starts = [mn.start for mn in mentions]
    sentences = sentence_spans(text) if sentences is None else sentences
    sentence_starts = [s for s, _ in sentences]
    only_14133 = bool(mentions) and all(mn.key == _LEI_14133 for mn in mentions)
    used: set[int] = set()
    out: list[tuple[int, Citation]] = []
    for ref in _article_refs(text):
        bound: _Mention | None = None
        named_after: re.Match[str] | None = None
        key: str | None
        cited: str | None
        year: int | None
        end = ref.end
        i = bisect.bisect_left(starts, end)
        if i < len(mentions) and _BINDING_GAP.fullmatch(text, end, mentions[i].start):
            bound, end = mentions[i], mentions[i].end
            used.add(i)
        elif named_after := _NAMED_NORM_AFTER.match(text, end):
            bound = None  # "art. 300 do Código Civil": its own norm, whatever else the sentence cites
        else:
            bound = _nearest_in_sentence(ref.start, ref.end, mentions, sentences, sentence_starts)
        if bound is not None:
            key, cited, year = bound.key, bound.cited, bound.year
        elif named_after is not None:  # an article of a norm outside the table: unverified, not false
            key, cited, year = None, None, None
        elif only_14133:
            key, cited, year = _LEI_14133, NORMS[_LEI_14133].label, None
        else:
            key = cited = year = None
        for article in ref.articles:
            out.append(
                (
                    ref.start,
                    Citation(
                        norm_key=key,
                        raw=text[ref.start : end].strip(),
                        article=article,
                        paragraph=ref.paragraph,
                        inciso=ref.inciso,
                        span=(ref.start, end),
                        cited=cited,
                        cited_year=year,
                    ),
                )
            )
    for i, mn in enumerate(mentions):
        if i not in used:
            out.append(
                (
                    mn.start,
                    Citation(
                        norm_key=mn.key,
                        raw=text[mn.start : mn.end],
                        span=(mn.start, mn.end),
                        cited=mn.cited,
                        cited_year=mn.year,
                    ),
                )
            )
    out.sort(key=lambda item: item[0])
    return [c for _, c in out]


def _nearest_in_sentence(
    start: int,
    end: int,
    mentions: Sequence[_Mention],
    sentences: Sequence[tuple[int, int]],
    sentence_starts: Sequence[int],
) -> _Mention | None:
    k = bisect.bisect_right(sentence_starts, start) - 1
    if k < 0:
        return None
    s_start, s_end = sentences[k]
    best: _Mention | None = None
    best_distance = 0
    for mn in mentions:
        if mn.end <= s_start or mn.start >= s_end:
            continue
        distance = mn.start - end if mn.start >= end else start - mn.end
        if best is None or distance < best_distance:
            best, best_distance = mn, distance
    return best


# --- verification ----------------------------------------------------------------------------

# Words showing that a revoked norm is cited as history, not as the law in force.
_HISTORICAL = re.compile(
    r"revoga|substitu[íi]|antig[oa]|anterior(?:mente)?|sob\s+a\s+[ée]gide|regime\s+(?:legal\s+)?anterior"
    r"|legisla[çc][ãa]o\s+(?:anterior|revogada)|vig[êe]ncia\s+da",
    re.I,
)


def _warning(code: str, severity: str, message: str, excerpt: str) -> dict[str, Any]:
    return {"code": code, "severity": severity, "message": message, "excerpt": excerpt[:120]}


def verify_citations(
    text: str,
    *,
    citations: Sequence[Citation] | None = None,
    sentences: Sequence[tuple[int, int]] | None = None,
) -> list[dict[str, Any]]:
    """Warnings about the legal citations of ``text`` (``{code, severity, message, excerpt}``).

    - ``citation_article_out_of_range`` (error): article beyond the known size of the norm;
    - ``citation_revoked`` (warning): a revoked norm cited as current law (not when the sentence
      presents it as history: "revogada", "antiga", "substituída"...);
    - ``citation_year_mismatch`` (warning): a known law or decree cited with another year;
    - ``citation_unverified`` (info): a norm missing from the local table.
    Pass ``citations`` and ``sentences`` (``readability.sentence_spans(text)``) when already computed.
    """
    sentences = sentence_spans(text) if sentences is None else sentences
    cites = extract_citations(text, sentences=sentences) if citations is None else citations
    sentence_starts = [s for s, _ in sentences]
    warnings: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()

    def once(code: str, ident: str) -> bool:
        if (code, ident) in seen:
            return False
        seen.add((code, ident))
        return True

    for c in cites:
        if c.norm_key is None:
            if c.cited is not None and once("citation_unverified", c.cited):
                warnings.append(
                    _warning(
                        "citation_unverified",
                        "info",
                        f'A norma "{c.cited}" não consta da base local e não pôde ser verificada. '
                        "Confira número, ano e vigência antes de usar a citação.",
                        c.raw,
                    )
                )
            continue
        norm = NORMS[c.norm_key]
        if (
            c.cited_year
            and norm.kind in ("lei", "decreto")
            and c.cited_year != norm.year
            and once("citation_year_mismatch", norm.key)
        ):
            warnings.append(
                _warning(
                    "citation_year_mismatch",
                    "warning",
                    f"A {norm.label.rsplit('/', 1)[0]} é de {norm.year}, mas a citação indica {c.cited_year}. "
                    f"Corrija o ano para {norm.label}.",
                    c.raw,
                )
            )
        if (
            c.article is not None
            and norm.articles is not None
            and not 1 <= c.article <= norm.articles
            and once("citation_article_out_of_range", f"{norm.key}:{c.article}")
        ):
            warnings.append(
                _warning(
                    "citation_article_out_of_range",
                    "error",
                    f"O art. {c.article} da {norm.label} não existe: a norma tem {norm.articles} artigos. "
                    "Confira o dispositivo citado.",
                    c.raw,
                )
            )
        if (
            norm.status == "revoked"
            and not _historical(text, c.span[0], sentences, sentence_starts)
            and once("citation_revoked", norm.key)
        ):
            by = NORMS[norm.revoked_by].label if norm.revoked_by else "norma posterior"
            name = f"{norm.label} ({norm.nickname})" if norm.nickname else norm.label
            if norm.revoked_in_part:
                message = (
                    f"A {name} foi revogada em grande parte pela {by}. Verifique se o dispositivo "
                    f"citado ainda está em vigor ou cite a {by}."
                )
            else:
                message = (
                    f"A {name} foi revogada pela {by}. Cite o dispositivo correspondente da {by} "
                    "ou deixe claro que a referência é apenas histórica."
                )
            warnings.append(_warning("citation_revoked", "warning", message, c.raw))
    return warnings


def _historical(text: str, pos: int, sentences: Sequence[tuple[int, int]], starts: Sequence[int]) -> bool:
    k = bisect.bisect_right(starts, pos) - 1
    if k < 0:
        return False
    s_start, s_end = sentences[k]
    return _HISTORICAL.search(text, s_start, s_end) is not None
