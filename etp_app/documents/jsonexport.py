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
                        "ai_generated", "status"}]}

Every ETP key is always present (``null`` when absent); money and quantities are decimal strings (never
JSON numbers), dates ISO-8601. Section ``content`` is the stored Markdown as is, AI-notice line included.
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

from etp_app.documents.markdown import clean_text
from etp_app.documents.model import DocumentModel
from etp_app.drafting.catalog import AI_NOTICE, ROMAN

SCHEMA_VERSION = "1.0"
SCHEMA_ID = "urn:etp-express:etp-export:json:1"
ETP_STATUSES = ("draft", "in_review", "approved", "archived")
TEMPLATE_TYPES = ("bens", "servicos", "obras", "ti")
NIVEIS_RISCO = ("baixo", "medio", "alto")
SECTION_STATUSES = ("empty", "drafting", "drafted", "edited", "approved")
PRAZO_MAX_DIAS = 36_500

# [0-9] rather than \d: Python's \d also matches other scripts' digits
_MONEY = r"[0-9]{1,16}(\.[0-9]{1,2})?"
_QUANTITY = r"[0-9]{1,14}(\.[0-9]{1,4})?"
_UASG = r"[0-9]{6}"
MONEY_PATTERN = f"^{_MONEY}$"
QUANTITY_PATTERN = f"^{_QUANTITY}$"
UASG_PATTERN = f"^{_UASG}$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
FIELD_NAME_PATTERN = r"^[a-z][a-z0-9_]{0,59}$"
_CENT = Decimal("0.01")
_QUANTUM = Decimal("0.0001")


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


_ETP_PROPERTIES: dict[str, Any] = {
    "id": {"type": "string", "minLength": 1, "maxLength": 64},
    "title": _text(300, nullable=False, min_length=1),
    "objeto": _text(50_000, nullable=False, min_length=1),
    "status": {"enum": list(ETP_STATUSES)},
    "template_type": {"enum": list(TEMPLATE_TYPES)},
    "template_name": {"type": "string"},
    "version_label": {"type": "string"},
    "organization_name": {"type": "string"},
    "numero_processo": _text(60),
    "orgao": _text(300),
    "uasg": _pattern(UASG_PATTERN, "UASG: 6 dígitos.", minLength=6, maxLength=6),
    "unidade_requisitante": _text(300),
    "responsavel_tecnico": {
        "type": ["object", "null"],
        "additionalProperties": False,
        "required": ["nome", "matricula"],
        "properties": {"nome": _text(200), "matricula": _text(60)},
    },
    "data_elaboracao": _pattern(DATE_PATTERN, "Data ISO (AAAA-MM-DD).", format="date"),
    "quantidade_estimada": _pattern(QUANTITY_PATTERN, "Quantidade decimal em texto (até 4 casas)."),
    "unidade_medida": _text(60),
    "valor_estimado": _pattern(MONEY_PATTERN, "Valor total estimado em R$, decimal em texto."),
    "valor_unitario": _pattern(MONEY_PATTERN, "Valor unitário em R$, decimal em texto."),
    "prazo_execucao_dias": {"type": ["integer", "null"], "minimum": 0, "maximum": PRAZO_MAX_DIAS},
    "nivel_risco": {"enum": [*NIVEIS_RISCO, None]},
    "dotacao_orcamentaria": _text(300),
    "descricao_necessidade": _text(50_000),
    "requisitos": _text(50_000),
    "riscos": _text(50_000),
    "campos": {
        "type": "object",
        "propertyNames": {"pattern": FIELD_NAME_PATTERN},
        "additionalProperties": {"type": ["string", "number", "boolean", "null"]},
    },
    "campos_labels": {
        "type": "object",
        "propertyNames": {"pattern": FIELD_NAME_PATTERN},
        "additionalProperties": {"type": "string"},
    },
}

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
            "required": list(_ETP_PROPERTIES),
            "properties": _ETP_PROPERTIES,
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


def _money(value: Decimal | None) -> str | None:
    return None if value is None else format(value.quantize(_CENT, rounding=ROUND_HALF_UP), "f")


def _quantity(value: Decimal | None) -> str | None:
    if value is None:
        return None
    text = format(value.quantize(_QUANTUM, rounding=ROUND_HALF_UP), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


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


def export_dict(doc: DocumentModel) -> dict[str, Any]:
    """The JSON-ready export of ``doc`` (what :func:`render_json` serializes)."""
    responsavel = None
    if doc.responsavel_nome or doc.responsavel_matricula:
        responsavel = {"nome": _str(doc.responsavel_nome), "matricula": _str(doc.responsavel_matricula)}
    etp = {
        "id": doc.etp_id,
        "title": clean_text(doc.title),
        "objeto": clean_text(doc.objeto),
        "status": doc.status,
        "template_type": doc.template_type,
        "template_name": clean_text(doc.template_name),
        "version_label": clean_text(doc.version_label),
        "organization_name": clean_text(doc.organization_name),
        "numero_processo": _str(doc.numero_processo),
        "orgao": _str(doc.orgao),
        "uasg": _str(doc.uasg),
        "unidade_requisitante": _str(doc.unidade_requisitante),
        "responsavel_tecnico": responsavel,
        "data_elaboracao": doc.data_elaboracao.isoformat() if doc.data_elaboracao else None,
        "quantidade_estimada": _quantity(doc.quantidade_estimada),
        "unidade_medida": _str(doc.unidade_medida),
        "valor_estimado": _money(doc.valor_estimado),
        "valor_unitario": _money(doc.valor_unitario),
        "prazo_execucao_dias": doc.prazo_execucao_dias,
        "nivel_risco": doc.nivel_risco,
        "dotacao_orcamentaria": _str(doc.dotacao_orcamentaria),
        "descricao_necessidade": _str(doc.descricao_necessidade),
        "requisitos": _str(doc.requisitos),
        "riscos": _str(doc.riscos),
        "campos": {name: _campo(value) for name, value in sorted(doc.campos.items())},
        "campos_labels": {name: clean_text(label) for name, label in sorted(doc.campos_labels.items())},
    }
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
        }
        for s in sorted(doc.sections, key=lambda s: s.inciso)
    ]
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": _aware(doc.generated_at).isoformat(),
        "ai_notice": AI_NOTICE,
        "has_ai_content": doc.has_ai_content,
        "etp": etp,
        "sections": sections,
    }


def render_json(doc: DocumentModel) -> bytes:
    """The ETP as UTF-8 JSON (indented, non-ASCII characters kept as they are)."""
    return json.dumps(export_dict(doc), ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


# --- import ----------------------------------------------------------------------------------

_CREATE_FIELDS = (
    "title",
    "objeto",
    "numero_processo",
    "orgao",
    "uasg",
    "unidade_requisitante",
    "responsavel_tecnico",
    "data_elaboracao",
    "template_type",
    "quantidade_estimada",
    "unidade_medida",
    "valor_estimado",
    "valor_unitario",
    "prazo_execucao_dias",
    "nivel_risco",
    "dotacao_orcamentaria",
    "descricao_necessidade",
    "requisitos",
    "riscos",
    "campos",
)
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
# In Python a final "$" also matches before a trailing newline; these are checked with fullmatch.
_SCHEMA_PATTERNS = {
    "valor_estimado": MONEY_PATTERN,
    "valor_unitario": MONEY_PATTERN,
    "quantidade_estimada": QUANTITY_PATTERN,
    "uasg": UASG_PATTERN,
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
        "etp": {name: etp[name] for name in _CREATE_FIELDS},
        "sections": [
            {"inciso": s["inciso"], "content": s["content"], "justification": s["justification"]}
            for s in payload["sections"]
        ],
    }
