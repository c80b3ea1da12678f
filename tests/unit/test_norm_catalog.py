"""Shape of the norm catalog (etp_app/drafting/norm_catalog.py): well-formed entries, plausible
years, numbers as written, no duplicates, and revoking norms that the catalog or the table knows."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from etp_app.drafting import norm_catalog as cat
from etp_app.drafting.norms import NORMS

MIN_YEAR, MAX_YEAR = 1940, 2026
_NUMBER = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})*")  # "14.133", "605", "1.000"; never "14133" nor "0605"
_STANDARD = re.compile(r"[1-9]\d{3,4}")  # "5410", "14561", "60529"
_BODIES = {"Plenário", "1ª Câmara", "2ª Câmara"}
_KINDS = {"lei", "decreto", "decreto_lei", "in", "portaria", "resolucao"}
_WITHOUT_ISSUER = {"lei", "decreto", "decreto_lei"}

# (tuple name, arity, positions of the number and the year, position of the issuer or None)
_SHAPES = {
    "LEIS": (4, 0, 1, None),
    "LEIS_COMPLEMENTARES": (4, 0, 1, None),
    "DECRETOS": (3, 0, 1, None),
    "DECRETOS_LEI": (4, 0, 1, None),
    "INSTRUCOES_NORMATIVAS": (3, 1, 2, 0),
    "PORTARIAS": (3, 1, 2, 0),
    "RESOLUCOES": (3, 1, 2, 0),
    "ACORDAOS_TCU": (3, 0, 1, None),
}


def _number_ok(number: object) -> bool:
    return isinstance(number, str) and _NUMBER.fullmatch(number) is not None


def _year_ok(year: object) -> bool:
    return isinstance(year, int) and not isinstance(year, bool) and MIN_YEAR <= year <= MAX_YEAR


def test_module_is_pure_data() -> None:
    tree = ast.parse(Path(cat.__file__).read_text(encoding="utf-8"))
    imports = [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
    assert all(isinstance(n, ast.ImportFrom) and n.module == "__future__" for n in imports)
    for node in tree.body:
        assert isinstance(node, ast.Expr | ast.ImportFrom | ast.Assign | ast.AnnAssign), ast.dump(node)[:80]


@pytest.mark.parametrize("name", sorted(_SHAPES))
def test_issued_norms_are_well_formed(name: str) -> None:
    arity, num_at, year_at, issuer_at = _SHAPES[name]
    entries = getattr(cat, name)
    assert isinstance(entries, tuple) and entries
    for entry in entries:
        assert isinstance(entry, tuple) and len(entry) == arity, entry
        assert _number_ok(entry[num_at]), entry
        assert _year_ok(entry[year_at]), entry
        if issuer_at is not None:
            issuer = entry[issuer_at]
            assert isinstance(issuer, str) and issuer.strip() == issuer and issuer, entry
    assert len(set(entries)) == len(entries), f"duplicate entries in {name}"


@pytest.mark.parametrize("name", ["LEIS", "LEIS_COMPLEMENTARES", "DECRETOS_LEI"])
def test_nicknames_and_articles(name: str) -> None:
    for _number, _year, nickname, articles in getattr(cat, name):
        assert nickname is None or (isinstance(nickname, str) and nickname.strip() == nickname and nickname)
        assert articles is None or (isinstance(articles, int) and articles > 0)
    keys = [(number, year) for number, year, _, _ in getattr(cat, name)]
    assert len(set(keys)) == len(keys), f"the same norm twice in {name}"


def test_decretos_articles() -> None:
    for _number, _year, articles in cat.DECRETOS:
        assert articles is None or (isinstance(articles, int) and articles > 0)
    keys = [(number, year) for number, year, _ in cat.DECRETOS]
    assert len(set(keys)) == len(keys)


def test_acordaos_name_their_colegiado() -> None:
    for _number, _year, body in cat.ACORDAOS_TCU:
        assert body in _BODIES
    keys = [(number, year) for number, year, _ in cat.ACORDAOS_TCU]
    assert len(set(keys)) == len(keys)


def test_standards() -> None:
    assert isinstance(cat.ABNT_NBR, tuple) and cat.ABNT_NBR
    for number in cat.ABNT_NBR:
        assert isinstance(number, str) and _STANDARD.fullmatch(number), number
    assert len(set(cat.ABNT_NBR)) == len(cat.ABNT_NBR)
    for entry in cat.ISO_IEC:
        assert isinstance(entry, tuple) and len(entry) == 2, entry
        family, number = entry
        assert family in {"ISO", "IEC"}
        assert isinstance(number, str) and _STANDARD.fullmatch(number), entry
    assert len(set(cat.ISO_IEC)) == len(cat.ISO_IEC)


def _label(kind: str, issuer: str | None, number: str, year: int) -> str:
    if kind == "lei":
        return f"Lei {number}/{year}"
    if kind == "lc":
        return f"Lei Complementar {number}/{year}"
    if kind == "decreto":
        return f"Decreto {number}/{year}"
    if kind == "decreto_lei":
        return f"Decreto-Lei {number}/{year}"
    if kind == "in":
        return f"IN {issuer} {number}/{year}"
    if kind == "portaria":
        return f"Portaria {issuer} {number}/{year}"
    prefix = "RDC" if issuer == "ANVISA" else "Resolução"
    return f"{prefix} {issuer} {number}/{year}"


def _catalog_labels() -> dict[str, int]:
    """Every norm the catalog lists as in force (label -> year), plus the revoked ones."""
    labels: dict[str, int] = {}
    for number, year, *_ in cat.LEIS:
        labels[_label("lei", None, number, year)] = year
    for number, year, *_ in cat.LEIS_COMPLEMENTARES:
        labels[_label("lc", None, number, year)] = year
    for number, year, _ in cat.DECRETOS:
        labels[_label("decreto", None, number, year)] = year
    for number, year, *_ in cat.DECRETOS_LEI:
        labels[_label("decreto_lei", None, number, year)] = year
    for kind, name in (("in", "INSTRUCOES_NORMATIVAS"), ("portaria", "PORTARIAS"), ("resolucao", "RESOLUCOES")):
        for issuer, number, year in getattr(cat, name):
            labels[_label(kind, issuer, number, year)] = year
    for kind, issuer, number, year, _ in cat.REVOKED:
        labels[_label(kind, issuer, number, year)] = year
    return labels


def test_revoked_entries() -> None:
    assert cat.REVOKED
    known = _catalog_labels() | {n.label: n.year for n in NORMS.values() if n.year is not None}
    seen = set()
    for entry in cat.REVOKED:
        assert isinstance(entry, tuple) and len(entry) == 5, entry
        kind, issuer, number, year, revoked_by = entry
        assert kind in _KINDS, entry
        if kind in _WITHOUT_ISSUER:
            assert issuer is None, entry
        else:
            assert isinstance(issuer, str) and issuer.strip() == issuer and issuer, entry
        assert _number_ok(number) and _year_ok(year), entry
        assert isinstance(revoked_by, str) and revoked_by, entry
        assert revoked_by in known, f"{entry}: the revoking norm is neither in the catalog nor in NORMS"
        assert known[revoked_by] >= year, f"{entry}: revoked by an older norm"
        key = (kind, issuer, number, year)
        assert key not in seen, f"duplicate revoked entry {entry}"
        seen.add(key)


def test_revoked_norms_are_not_listed_as_in_force() -> None:
    in_force = (
        {("lei", None, n, y) for n, y, *_ in cat.LEIS}
        | {("decreto", None, n, y) for n, y, _ in cat.DECRETOS}
        | {("decreto_lei", None, n, y) for n, y, *_ in cat.DECRETOS_LEI}
    )
    for kind, name in (("in", "INSTRUCOES_NORMATIVAS"), ("portaria", "PORTARIAS"), ("resolucao", "RESOLUCOES")):
        in_force |= {(kind, issuer, n, y) for issuer, n, y in getattr(cat, name)}
    for kind, issuer, number, year, _ in cat.REVOKED:
        assert (kind, issuer, number, year) not in in_force


def test_revoked_here_is_not_in_force_in_the_table() -> None:
    """A norm the catalog calls revoked must not sit in norms.py's table as in force."""
    by_label = {n.label: n for n in NORMS.values()}
    for kind, issuer, number, year, _ in cat.REVOKED:
        norm = by_label.get(_label(kind, issuer, number, year))
        assert norm is None or norm.status == "revoked", norm


def test_size() -> None:
    total = sum(len(getattr(cat, name)) for name in _SHAPES) + len(cat.ABNT_NBR) + len(cat.ISO_IEC)
    assert total + len(cat.REVOKED) >= 400
