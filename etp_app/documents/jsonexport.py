"""The ETP as JSON, its published JSON Schema, and the parser that imports an export as a new ETP.

Shape (``schema_version`` "1.0")::

    {"schema_version": "1.0", "generated_at": "2026-03-20T17:45:00+00:00", "ai_notice": "...",
     "has_ai_content": true,
     "etp": {"id", "title", "objeto", "status", "template_type", "template_name", "version_label",
             "organization_name", "numero_processo", "orgao", "uasg", "unidade_requisitante",
             "responsavel_tecnico": {"nome", "matricula"} | null, "data_elaboracao": "2026-03-14",
             "quantidade_estimada": "120", "unidade_medida", "valor_estimado": "1234567.89",
             "valor_unitario", "prazo_execucao_dias": 90, "nivel_risco", "dotacao_orcamentaria",
             "descricao_necessidade", "requisitos", "riscos", "campos": {...}, "campos_labels": {...}},
     "sections": [13 × {"inciso", "code", "title", "mandatory", "content", "justification",
                        "ai_generated", "status", "provenance", "provenance_label"}]}

Every ETP key is always present (``null`` when absent); money and quantities are decimal strings (never
JSON numbers), dates ISO-8601. Section ``content`` is the stored Markdown as is (the document only: a
draft's notes are not part of it); ``provenance`` (human, ai, offline; null when empty) and
``provenance_label`` say who wrote it, per section. ``has_ai_content`` is true when a section's text
came from generative AI. Older exports without the provenance keys still import. The ETP names its
planning team (``equipe_planejamento``: [{nome, cargo, papel, matricula}]) and approving authority
(``autoridade_competente``: {nome, cargo}) — optional in the schema (:data:`ADDED_LATER`), so exports
from before them still import — and ``approval`` ({approved_by_name, approved_at, statement, label},
null unless approved) records the approval act.
The ETP object's fields, their JSON Schema and the fields the import takes are built from the
declaration in :mod:`etp_app.etp_fields`, in its order, after the facts that head the document.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from etp_app import etp_fields
from etp_app.documents.markdown import clean_text
from etp_app.documents.model import DocumentModel
from etp_app.documents.presentation import status_label
from etp_app.drafting.catalog import AI_NOTICE, PROVENANCES, ROMAN
from etp_app.etp_fields import EtpField, Kind

SCHEMA_VERSION = "1.0"
SCHEMA_ID = "urn:etp-express:etp-export:json:1"
ETP_STATUSES = ("draft", "in_review", "approved", "archived")
SECTION_STATUSES = ("empty", "drafting", "drafted", "edited", "approved")

# [0-9] rather than \d: Python's \d also matches other scripts' digits
_UASG_FIELD = etp_fields.BY_NAME["uasg"]
MONEY_PATTERN = f"^{etp_fields.decimal_pattern(Kind.MONEY)}$"
QUANTITY_PATTERN = f"^{etp_fields.decimal_pattern(Kind.QUANTITY)}$"
UASG_PATTERN = f"^{_UASG_FIELD.pattern}$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
FIELD_NAME_PATTERN = r"^[a-z][a-z0-9_]{0,59}$"


# --- the schema ------------------------------------------------------------------------------


def _text(max_length: int | None = None, *, nullable: bool = True, min_length: int = 0) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": ["string", "null"] if nullable else "string"}
    if min_length:
        schema["minLength"] = min_length
    if max_length is not None:
        schema["maxLength"] = max_length
    return schema


def _pattern(pattern: str, description: str, **extra: Any) -> dict[str, Any]:
    return {"type": ["string", "null"], "pattern": pattern, "description": description, **extra}


# The UASG, the one coded text, has its own description (and hint, in _PATTERN_HINTS).
_SPECIAL_PROPERTIES = {
    _UASG_FIELD.name: _pattern(
        UASG_PATTERN, "UASG: 6 dígitos.", minLength=_UASG_FIELD.max_length, maxLength=_UASG_FIELD.max_length
    ),
}


def _property(f: EtpField) -> dict[str, Any]:
    """The JSON Schema of field ``f`` in the export."""
    if f.name in _SPECIAL_PROPERTIES:
        return _SPECIAL_PROPERTIES[f.name]
    match f.kind:
        case Kind.TEXT | Kind.LONG_TEXT:
            return _text(f.max_length, nullable=f.nullable, min_length=1 if f.required else 0)
        case Kind.DATE:
            return _pattern(DATE_PATTERN, "Data ISO (AAAA-MM-DD).", format="date")
        case Kind.QUANTITY:
            return _pattern(f"^{f.decimal_pattern}$", f"Quantidade decimal em texto (até {f.places} casas).")
        case Kind.MONEY:
            return _pattern(f"^{f.decimal_pattern}$", f"{f.label} em R$, decimal em texto.")
        case Kind.INTEGER:
            return {"type": ["integer", "null"], "minimum": f.minimum, "maximum": f.maximum}
        case Kind.CHOICE:
            return {"enum": [*f.choices, None] if f.nullable else list(f.choices)}
        case Kind.PERSON:
            return {
                "type": ["object", "null"],
                "additionalProperties": False,
                "required": [p.key for p in f.parts],
                "properties": {p.key: _text(p.max_length) for p in f.parts},
            }
        case Kind.TEMPLATE_FIELDS:
            return {
                "type": "object",
                "propertyNames": {"pattern": FIELD_NAME_PATTERN},
                "additionalProperties": {"type": ["string", "number", "boolean", "null"]},
            }
        case Kind.PEOPLE:
            return {
                "type": "array",
                "maxItems": f.max_items,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": [m.key for m in f.members],
                    "properties": {
                        m.key: (
                            {"enum": list(m.choices) if m.required else [*m.choices, None]}
                            if m.choices
                            else _text(m.max_length, nullable=not m.required, min_length=1 if m.required else 0)
                        )
                        for m in f.members
                    },
                },
            }
    raise ValueError(f"no JSON Schema for {f.kind.value} fields ({f.name})")


# The export's ETP object: the facts that head the document, then every other field in its declared
# order (template_type sits with template_name), then the labels of the type-specific fields.
_HEAD = ("id", "title", "objeto", "status", "template_type", "template_name", "version_label", "organization_name")


def _in_export_order(head: dict[str, Any], by_field: dict[str, Any]) -> dict[str, Any]:
    """``head`` and ``by_field`` (values keyed by field name) merged in the export's key order."""
    merged = {name: head[name] if name in head else by_field[name] for name in _HEAD}
    merged.update((name, value) for name, value in by_field.items() if name not in merged)
    return merged


_ETP_PROPERTIES: dict[str, Any] = _in_export_order(
    {
        "id": {"type": "string", "minLength": 1, "maxLength": 64},
        "status": {"enum": list(ETP_STATUSES)},
        "template_name": {"type": "string"},
        "version_label": {"type": "string"},
        "organization_name": {"type": "string"},
    },
    {f.name: _property(f) for f in etp_fields.DOCUMENT_FIELDS},
) | {
    "campos_labels": {
        "type": "object",
        "propertyNames": {"pattern": FIELD_NAME_PATTERN},
        "additionalProperties": {"type": "string"},
    },
}

# Fields exports made before them do not carry: optional in the schema, so those exports still import.
ADDED_LATER = ("equipe_planejamento", "autoridade_competente", "periodicidade_preco", "numero_periodos")

_SECTION: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["inciso", "code", "title", "mandatory", "content", "justification", "ai_generated", "status"],
    "properties": {
        "inciso": {"type": "integer", "minimum": 1, "maximum": 13},
        "code": {"enum": list(ROMAN)},
        "title": {"type": "string", "minLength": 1},
        "mandatory": {"type": "boolean"},
        "content": {"type": "string", "maxLength": 200_000},
        "justification": _text(50_000),
        "ai_generated": {"type": "boolean"},
        "status": {"enum": list(SECTION_STATUSES)},
        "provenance": {"enum": [*PROVENANCES, None]},
        "provenance_label": _text(200),
    },
}

JSON_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": SCHEMA_ID,
    "title": "Estudo Técnico Preliminar (ETP Express) — exportação JSON",
    "description": "Um ETP (art. 18 da Lei 14.133/2021) com os 13 elementos em ordem de inciso. Valores "
    "monetários e quantidades são decimais em texto; datas no formato ISO-8601.",
    "type": "object",
    "additionalProperties": False,
    "required": ["schema_version", "generated_at", "ai_notice", "has_ai_content", "etp", "sections"],
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION},
        "generated_at": {
            "type": "string",
            "format": "date-time",
            "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"
            r"(Z|[+-][0-9]{2}:[0-9]{2})$",
        },
        "ai_notice": {"type": "string", "minLength": 1},
        "has_ai_content": {"type": "boolean"},
        "etp": {
            "type": "object",
            "additionalProperties": False,
            "required": [name for name in _ETP_PROPERTIES if name not in ADDED_LATER],
            "properties": _ETP_PROPERTIES,
        },
        "approval": {
            "description": "A aprovação do ETP (quem aprovou, quando, a declaração); nula se não aprovado.",
            "type": ["object", "null"],
            "additionalProperties": False,
            "required": ["approved_by_name", "approved_at", "statement", "label"],
            "properties": {
                "approved_by_name": _text(200),
                "approved_at": {"type": ["string", "null"], "format": "date-time"},
                "statement": _text(5000),
                "label": {"type": "string", "minLength": 1},
            },
        },
        "sections": {
            "type": "array",
            "minItems": 13,
            "maxItems": 13,
            # the 13 elements in inciso order: position k holds inciso k+1
            "prefixItems": [
                {"$ref": "#/$defs/section", "properties": {"inciso": {"const": k + 1}, "code": {"const": ROMAN[k]}}}
                for k in range(13)
            ],
            "items": False,
        },
    },
    "$defs": {"section": _SECTION},
}

_VALIDATOR = Draft202012Validator(JSON_SCHEMA, format_checker=FormatChecker())


# --- rendering -------------------------------------------------------------------------------


def _str(value: str | None) -> str | None:
    return None if value is None else clean_text(value)


def _decimal(f: EtpField, value: Decimal | None) -> str | None:
    """Money with all its places (``"1234.50"``), a quantity without trailing zeros (``"10.5"``)."""
    if value is None:
        return None
    text = format(value.quantize(f.quantum, rounding=ROUND_HALF_UP), "f")
    if f.kind is Kind.QUANTITY and "." in text:
        return text.rstrip("0").rstrip(".")
    return text


def _campo(value: Any) -> str | int | float | bool | None:
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return format(value, "f") if value.is_finite() else None
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return clean_text(str(value))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _value(f: EtpField, doc: DocumentModel) -> Any:
    """Field ``f`` of ``doc`` as the export writes it."""
    match f.kind:
        case Kind.TEXT | Kind.LONG_TEXT:
            return _str(getattr(doc, f.name))
        case Kind.DATE:
            day = getattr(doc, f.name)
            return day.isoformat() if day else None
        case Kind.MONEY | Kind.QUANTITY:
            return _decimal(f, getattr(doc, f.name))
        case Kind.INTEGER | Kind.CHOICE:
            return getattr(doc, f.name)
        case Kind.PERSON:
            parts = {p.key: getattr(doc, p.column) for p in f.parts}
            return {key: _str(text) for key, text in parts.items()} if any(parts.values()) else None
        case Kind.TEMPLATE_FIELDS:
            return {name: _campo(value) for name, value in sorted(getattr(doc, f.name).items())}
        case Kind.PEOPLE:
            return [{m.key: _str(person.get(m.key)) for m in f.members} for person in getattr(doc, f.name) or []]
    raise ValueError(f"no export value for {f.kind.value} fields ({f.name})")


def export_dict(doc: DocumentModel) -> dict[str, Any]:
    """The JSON-ready export of ``doc`` (what :func:`render_json` serializes)."""
    etp = _in_export_order(
        {
            "id": doc.etp_id,
            "status": doc.status,
            "template_name": clean_text(doc.template_name),
            "version_label": clean_text(doc.version_label),
            "organization_name": clean_text(doc.organization_name),
        },
        {f.name: _value(f, doc) for f in etp_fields.DOCUMENT_FIELDS},
    )
    etp["campos_labels"] = {name: clean_text(label) for name, label in sorted(doc.campos_labels.items())}
    sections = [
        {
            "inciso": s.inciso,
            "code": s.code,
            "title": clean_text(s.title),
            "mandatory": s.mandatory,
            "content": clean_text(s.content),
            "justification": _str(s.justification),
            "ai_generated": s.ai_generated,
            "status": s.status,
            "provenance": s.text_provenance,
            "provenance_label": s.provenance_label,
        }
        for s in sorted(doc.sections, key=lambda s: s.inciso)
    ]
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": _aware(doc.generated_at).isoformat(),
        "ai_notice": AI_NOTICE,
        "has_ai_content": doc.has_ai_content,
        "etp": etp,
        "approval": approval_dict(doc),
        "sections": sections,
    }


def approval_dict(doc: DocumentModel) -> dict[str, Any] | None:
    """The approval act as the JSON and XML exports carry it (None unless approved)."""
    if not doc.is_approved:
        return None
    return {
        "approved_by_name": _str(doc.approved_by_name),
        "approved_at": _aware(doc.approved_at).isoformat() if doc.approved_at else None,
        "statement": _str(doc.approval_statement),
        "label": status_label(doc),
    }


def render_json(doc: DocumentModel) -> bytes:
    """The ETP as UTF-8 JSON (indented, non-ASCII characters kept as they are)."""
    return json.dumps(export_dict(doc), ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


# --- import ----------------------------------------------------------------------------------

_CREATE_FIELDS = tuple(f.name for f in etp_fields.DOCUMENT_FIELDS)  # what POST /api/v1/etps takes
_MAX_REPORTED_ERRORS = 10


def _where(path: Iterable[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(documento)"


_PATTERN_HINTS = {
    UASG_PATTERN: "a UASG tem exatamente 6 dígitos",
    MONEY_PATTERN: 'use um valor decimal em texto com até 2 casas e ponto como separador (ex.: "1234567.89")',
    QUANTITY_PATTERN: 'use uma quantidade decimal em texto com até 4 casas (ex.: "120")',
    DATE_PATTERN: "use a data no formato AAAA-MM-DD",
    FIELD_NAME_PATTERN: "nomes de campos usam letras minúsculas, dígitos e _",
}
# In Python a final "$" also matches before a trailing newline; these are checked with fullmatch
# (money first, then quantities, then coded texts: the order their messages come in).
_SCHEMA_PATTERNS = {
    f.name: _ETP_PROPERTIES[f.name]["pattern"]
    for kind in (Kind.MONEY, Kind.QUANTITY, Kind.TEXT)
    for f in etp_fields.DOCUMENT_FIELDS
    if f.kind is kind and "pattern" in _ETP_PROPERTIES[f.name]
}
_EXACT = {name: re.compile(pattern[1:-1]) for name, pattern in _SCHEMA_PATTERNS.items()}


def _describe(error: ValidationError) -> str:
    """A pt-BR message for one schema violation."""
    where = _where(error.absolute_path)
    kind, value, expected = error.validator, error.instance, error.validator_value
    if kind == "required":
        missing = [name for name in expected if isinstance(value, dict) and name not in value]
        return f"{where}: campo obrigatório ausente: {', '.join(missing)}"
    if kind == "additionalProperties" and isinstance(value, dict):
        extra = sorted(set(value) - set(error.schema.get("properties", {})))
        return f"{where}: campo(s) não previsto(s) no esquema: {', '.join(map(repr, extra))}"
    if kind == "items":
        return f"{where}: itens além dos 13 elementos previstos"
    if kind == "pattern" or (kind in ("minLength", "maxLength") and where == "etp.uasg"):
        pattern = expected if kind == "pattern" else UASG_PATTERN
        return f"{where}: valor {value!r} inválido: {_PATTERN_HINTS.get(pattern, 'formato inválido')}"
    if kind == "type":
        names = {
            "string": "texto",
            "integer": "número inteiro",
            "number": "número",
            "boolean": "booleano",
            "object": "objeto",
            "array": "lista",
            "null": "nulo",
        }
        types = [str(t) for t in (expected if isinstance(expected, list) else [expected])]
        return f"{where}: deve ser {' ou '.join(names.get(t, t) for t in types)}"
    if kind == "enum":
        options = ", ".join("null" if o is None else str(o) for o in expected)
        return f"{where}: valor {value!r} inválido; opções: {options}"
    if kind == "const":
        return f"{where}: deve ser {expected!r}, recebido {value!r}"
    if kind in ("minItems", "maxItems"):
        return f"{where}: deve conter exatamente 13 seções (recebidas {len(value)})"
    if kind in ("minimum", "maximum"):
        return f"{where}: valor {value!r} fora do intervalo permitido"
    if kind == "minLength":
        return f"{where}: não pode ficar em branco"
    if kind == "maxLength":
        return f"{where}: texto longo demais (máximo de {expected} caracteres)"
    if kind == "format":
        form = "data e hora ISO-8601" if expected == "date-time" else "data válida no formato AAAA-MM-DD"
        return f"{where}: valor {value!r} inválido: use {form}"
    return f"{where}: {error.message}"


def validation_errors(payload: Any) -> list[str]:
    """pt-BR messages for every way ``payload`` violates :data:`JSON_SCHEMA` (empty when valid),
    plus the checks a regular expression cannot express portably (real dates, exact decimals)."""
    errors = sorted(_VALIDATOR.iter_errors(payload), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
    messages = list(dict.fromkeys(_describe(e) for e in errors))
    if messages:
        return messages
    etp = payload["etp"]
    for name, exact in _EXACT.items():
        if etp[name] is not None and exact.fullmatch(etp[name]) is None:
            messages.append(f"etp.{name}: valor {etp[name]!r} inválido: {_PATTERN_HINTS[_SCHEMA_PATTERNS[name]]}")
    try:
        datetime.fromisoformat(payload["generated_at"].replace("Z", "+00:00"))
    except ValueError:
        messages.append(f"generated_at: data e hora inválidas: {payload['generated_at']!r}")
    if etp["data_elaboracao"] is not None:
        try:
            date.fromisoformat(etp["data_elaboracao"])
        except ValueError:
            messages.append(f"etp.data_elaboracao: data inválida: {etp['data_elaboracao']!r}")
    return messages


def parse_json_export(data: bytes) -> dict[str, Any]:
    """Validate an export (:func:`render_json`'s output) and return what creating a new ETP from it
    takes: ``{"etp": {...the fields of POST /api/v1/etps...}, "sections": [{"inciso", "content",
    "justification"} × 13]}``. Raises ``ValueError`` with pt-BR messages when ``data`` is not a valid
    export."""
    try:
        payload = json.loads(data)
    except UnicodeDecodeError:
        raise ValueError("O arquivo não está codificado em UTF-8.") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"O arquivo não é um JSON válido (linha {exc.lineno}, coluna {exc.colno}).") from None
    messages = validation_errors(payload)
    if messages:
        shown = messages[:_MAX_REPORTED_ERRORS]
        more = len(messages) - len(shown)
        suffix = f" (e mais {more} erro(s))" if more else ""
        raise ValueError("Exportação de ETP inválida: " + "; ".join(shown) + suffix + ".")
    etp = payload["etp"]
    return {
        "etp": {name: etp[name] for name in _CREATE_FIELDS if name in etp},
        "sections": [
            {"inciso": s["inciso"], "content": s["content"], "justification": s["justification"]}
            for s in payload["sections"]
        ],
    }
