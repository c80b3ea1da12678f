"""Schemas of the ETP and section routes: what comes in (validated, unknown fields refused) and the
shapes that go out (API.md: ETP and Section). Messages a person reads are in pt-BR."""

from __future__ import annotations

import math
import re
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from marshmallow import RAISE, Schema, ValidationError, fields, pre_dump, pre_load, validate

from etp_app import etp_fields
from etp_app.api.common import make_etag
from etp_app.drafting import values
from etp_app.drafting.catalog import AI_NOTICE, BY_INCISO, MANDATORY_INCISOS, PROVENANCES, SECTIONS, provenance_label
from etp_app.drafting.types import NOTE_KINDS
from etp_app.etp_fields import EtpField, Kind
from etp_app.models import ETP_STATUSES, SECTION_STATUSES, TEMPLATE_TYPES

# Column sizes (etp_app.etp_fields for the ETP's fields): longer values are refused with 422, never a 500.
LONG_TEXT_MAX = etp_fields.LONG_TEXT_MAX
SECTION_TEXT_MAX = 200_000

_PT_FIELD_MESSAGES = {
    "required": "Campo obrigatório.",
    "null": "Este campo não pode ser nulo.",
    "validator_failed": "Valor inválido.",
}


class _PtSchema(Schema):
    class Meta:
        unknown = RAISE

    error_messages = {
        "unknown": "Campo desconhecido.",
        "type": "Envie um objeto JSON.",
    }


# --------------------------------------------------------------------------------------------------
# Fields
# --------------------------------------------------------------------------------------------------


NO_NUL_PATTERN = r"^[^\u0000]*$"
NON_BLANK_PATTERN = r"^[^\u0000]*[^\s\u0000][^\u0000]*$"


class Text(fields.String):
    """A string PostgreSQL can store: no NUL characters; optional non-blank rule."""

    default_error_messages = {
        **_PT_FIELD_MESSAGES,
        "invalid": "Deve ser um texto.",
        "nul": "O texto não pode conter o caractere NUL.",
        "blank": "Não pode ficar em branco.",
    }

    def __init__(self, *, max_length: int | None = None, non_blank: bool = False, **kwargs: Any):
        self.non_blank = non_blank
        validators = list(kwargs.pop("validate", None) or [])
        metadata = dict(kwargs.pop("metadata", None) or {})
        if max_length is not None:
            validators.append(validate.Length(max=max_length, error=f"Deve ter no máximo {max_length} caracteres."))
            metadata["maxLength"] = max_length
        # documented as JSON Schema patterns: no NUL character; non-blank texts need a visible one
        metadata.setdefault("pattern", NON_BLANK_PATTERN if non_blank else NO_NUL_PATTERN)
        if non_blank:
            metadata.setdefault("minLength", 1)
        super().__init__(validate=validators, metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise self.make_error("nul")
        if self.non_blank and not text.strip():
            raise self.make_error("blank")
        return text


class Choice(fields.String):
    default_error_messages = {**_PT_FIELD_MESSAGES, "invalid": "Deve ser um texto."}

    def __init__(self, choices: tuple[str, ...], **kwargs: Any):
        super().__init__(
            validate=validate.OneOf(choices, error="Valor inválido. Opções: " + ", ".join(choices) + "."),
            **kwargs,
        )


_DECIMAL_TEXT_RE = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


class ExactDecimal(fields.Decimal):
    """An exact decimal sent and returned as a string ("123456.78"); never a float.

    Refuses JSON numbers (a fractional one is already inexact when parsed), negative values, more
    decimal places than the column keeps and values beyond the column's size: nothing is rounded.
    """

    default_error_messages = {
        **_PT_FIELD_MESSAGES,
        "invalid": 'Deve ser um número decimal em texto, com ponto como separador (ex.: "1234.56").',
        "number": 'Envie o valor como texto decimal (ex.: "1234.56"), não como número JSON: números JSON '
        "fracionários são imprecisos.",
        "negative": "Não pode ser negativo.",
        "places": "Use no máximo {places} casas decimais.",
        "too_large": "Valor acima do máximo permitido ({digits} dígitos inteiros).",
    }

    def __init__(self, *, places: int, integer_digits: int, trim_zeros: bool = False, **kwargs: Any):
        self.integer_digits = integer_digits
        self.trim_zeros = trim_zeros
        kwargs.setdefault("metadata", {})
        example = "1234.56" if places == 2 else "10.5"
        kwargs["metadata"] = {
            "type": "string",
            "format": "decimal",
            "example": example,
            "pattern": rf"^[0-9]{{1,{integer_digits}}}(\.[0-9]{{1,{places}}})?$",
            **kwargs["metadata"],
        }
        super().__init__(places=places, as_string=True, allow_nan=False, **kwargs)
        self._quantum = Decimal(1).scaleb(-places)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            raise self.make_error("number")
        if not isinstance(value, str):
            raise self.make_error("invalid")
        if len(value) > 64 or not _DECIMAL_TEXT_RE.fullmatch(value):
            raise self.make_error("invalid")  # also NaN, Infinity, exponents, commas, spaces
        number = Decimal(value)
        if number < 0:
            raise self.make_error("negative")
        if number.adjusted() >= self.integer_digits:
            raise self.make_error("too_large", digits=self.integer_digits)
        quantized = number.quantize(self._quantum)
        if quantized != number:
            raise self.make_error("places", places=self.places)
        return quantized if not quantized.is_zero() else Decimal(0).quantize(self._quantum)

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        return format(value.normalize() if self.trim_zeros else value.quantize(self._quantum), "f")


class StrictInteger(fields.Integer):
    default_error_messages = {
        **_PT_FIELD_MESSAGES,
        "invalid": "Deve ser um número inteiro.",
        "too_large": "Número grande demais.",
    }

    def __init__(self, **kwargs: Any):
        super().__init__(strict=True, **kwargs)


class IsoDate(fields.Date):
    default_error_messages = {
        **_PT_FIELD_MESSAGES,
        "invalid": "Deve ser uma data no formato AAAA-MM-DD.",
        "format": "Data inválida.",
    }


def _has_nul_or_non_finite(value: Any, depth: int = 0) -> str | None:
    if depth > 8:
        return "Estrutura aninhada demais."
    if isinstance(value, str):
        return "O texto não pode conter o caractere NUL." if "\x00" in value else None
    if isinstance(value, float) and not math.isfinite(value):
        return "Números devem ser finitos."
    if isinstance(value, dict):
        for key, item in value.items():
            problem = _has_nul_or_non_finite(key, depth + 1) or _has_nul_or_non_finite(item, depth + 1)
            if problem:
                return problem
    if isinstance(value, list):
        for item in value:
            problem = _has_nul_or_non_finite(item, depth + 1)
            if problem:
                return problem
    return None


class Campos(fields.Dict):
    """The type-specific fields of the ETP's template (validated against the template by the service)."""

    default_error_messages = {
        **_PT_FIELD_MESSAGES,
        "invalid": "Deve ser um objeto com os campos do tipo de contratação.",
    }

    def __init__(self, **kwargs: Any):
        super().__init__(keys=fields.String(), values=fields.Raw(allow_none=True), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        result = super()._deserialize(value, attr, data, **kwargs)
        problem = _has_nul_or_non_finite(result)
        if problem:
            raise ValidationError(problem)
        return result


UASG_RE = re.compile(etp_fields.BY_NAME["uasg"].pattern)


def _uasg_valid(value: str) -> bool:
    if UASG_RE.fullmatch(value) is None:
        raise ValidationError("A UASG tem exatamente 6 dígitos.")
    return True


def _uasg_field(f: EtpField) -> Text:
    """The UASG: a code whose pattern states its size, with its own message and example."""
    return Text(
        allow_none=f.nullable,
        validate=[_uasg_valid],
        metadata={"description": f.description, "pattern": f"^{f.pattern}$", "example": "160001"},
    )


# --------------------------------------------------------------------------------------------------
# Input
# --------------------------------------------------------------------------------------------------


# Built from the declaration in etp_app.etp_fields; only the UASG has validation of its own.
_SPECIAL_INPUT = {"uasg": _uasg_field}


def _person_schema(f: EtpField) -> type[Schema]:
    """The object of a PERSON field (``ResponsavelTecnicoSchema``): one text per part."""
    return _PtSchema.from_dict(
        {
            p.key: Text(max_length=p.max_length, allow_none=True, metadata={"description": p.description})
            for p in f.parts
        },
        name=f"{f.type_name}Schema",
    )


def _people_schema(f: EtpField) -> type[Schema]:
    """One person of a PEOPLE field (``EquipePlanejamentoMemberSchema``): its texts and codes."""
    members: dict[str, fields.Field] = {}
    for m in f.members:
        meta = {"description": m.description} if m.description else {}
        if m.choices:
            members[m.key] = Choice(m.choices, required=m.required, allow_none=not m.required, metadata=meta)
        else:
            members[m.key] = Text(
                max_length=m.max_length,
                required=m.required,
                non_blank=m.required,
                allow_none=not m.required,
                metadata=meta,
            )
    return _PtSchema.from_dict(members, name=f"{f.type_name}MemberSchema")


def _people_field(f: EtpField, metadata: dict[str, Any]) -> fields.Field:
    example = [{"nome": "Ana Lima", "cargo": "Analista", "papel": "requisitante", "matricula": "12345"}]
    return fields.List(
        fields.Nested(_people_schema(f), error_messages={**_PT_FIELD_MESSAGES, "type": "Cada pessoa é um objeto."}),
        validate=validate.Length(max=f.max_items, error=f"No máximo {f.max_items} pessoas."),
        error_messages={**_PT_FIELD_MESSAGES, "invalid": "Deve ser uma lista de pessoas."},
        metadata={**metadata, "example": example},
    )


def _input_field(f: EtpField, *, on_create: bool = False) -> fields.Field:
    """The input field of ``f``. A field required on create is documented in the create schema only
    (the update schema states just its rules)."""
    if f.name in _SPECIAL_INPUT:
        return _SPECIAL_INPUT[f.name](f)
    metadata = {"description": f.description} if f.description and (on_create or not f.required) else {}
    match f.kind:
        case Kind.TEXT | Kind.LONG_TEXT:
            return Text(
                required=f.required and on_create,
                non_blank=f.required,
                max_length=f.max_length,
                allow_none=f.nullable,
                metadata=metadata,
            )
        case Kind.DATE:
            return IsoDate(allow_none=f.nullable, metadata=metadata)
        case Kind.CHOICE:
            return Choice(f.choices, allow_none=f.nullable, metadata=metadata)
        case Kind.MONEY | Kind.QUANTITY:
            return ExactDecimal(
                places=f.places,
                integer_digits=f.integer_digits,
                trim_zeros=f.kind is Kind.QUANTITY,
                allow_none=f.nullable,
                metadata=metadata,
            )
        case Kind.INTEGER:
            unit = f" {f.unit}" if f.unit else ""
            return StrictInteger(
                allow_none=f.nullable,
                validate=validate.Range(
                    min=f.minimum, max=f.maximum, error=f"Deve estar entre {f.minimum} e {f.maximum}{unit}."
                ),
                metadata=metadata,
            )
        case Kind.PERSON:
            return fields.Nested(_person_schema(f), allow_none=f.nullable, metadata=metadata)
        case Kind.TEMPLATE_FIELDS:
            return Campos(metadata=metadata)
        case Kind.PEOPLE:
            return _people_field(f, metadata)
    raise ValueError(f"no input field for {f.kind.value} fields ({f.name})")


class _EtpInputSchema(_PtSchema):
    """An ETP's editable fields (create and update): the lifecycle status is not one of them."""

    @pre_load
    def _status_is_not_a_field(self, data, **kwargs):
        if isinstance(data, dict) and "status" in data:
            raise ValidationError({"status": ["Use POST /api/v1/etps/<id>/status para mudar o status."]})
        return data


# The fields required on create (title, objeto) come last, after the ones create and update share.
_REQUIRED_ON_CREATE = tuple(f for f in etp_fields.FIELDS if f.required)
_EtpFieldsSchema = _EtpInputSchema.from_dict(
    {f.name: _input_field(f) for f in etp_fields.FIELDS if not f.required}, name="_EtpFieldsSchema"
)
EtpCreateSchema = _EtpFieldsSchema.from_dict(
    {f.name: _input_field(f, on_create=True) for f in _REQUIRED_ON_CREATE}, name="EtpCreateSchema"
)
EtpUpdateSchema = _EtpFieldsSchema.from_dict(
    {f.name: _input_field(f) for f in _REQUIRED_ON_CREATE}, name="EtpUpdateSchema"
)


CREATED_BY_PATTERN = r"^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"
CREATED_BY_RE = re.compile(CREATED_BY_PATTERN[:-1] + r"\Z")


class EtpListQuerySchema(Schema):
    status = Choice(ETP_STATUSES)
    template_type = Choice(TEMPLATE_TYPES)
    q = fields.String(
        validate=validate.Length(max=200, error="Deve ter no máximo 200 caracteres."),
        metadata={
            "description": "Busca textual em título e objeto (português; sintaxe de "
            'websearch: "frase exata", -excluir, or).'
        },
    )
    created_by = Text(
        max_length=36,
        validate=[validate.Regexp(CREATED_BY_RE, error="Use `me` ou um UUID.")],
        metadata={"description": "`me` ou o id (UUID) de quem criou.", "pattern": CREATED_BY_PATTERN},
    )


STATEMENT_MAX = 2000
ACK_REASON_MAX = 500


class StatusChangeSchema(_PtSchema):
    status = Choice(ETP_STATUSES, required=True)
    statement = Text(
        max_length=STATEMENT_MAX,
        non_blank=True,
        metadata={
            "description": "Declaração de quem aprova: obrigatória para `approved`, ignorada nas demais "
            "transições. Registrada com o nome e a data da aprovação e impressa no documento.",
            "example": "Aprovo o presente ETP: a contratação é viável e adequada à necessidade descrita.",
        },
    )


class AcknowledgeSchema(_PtSchema):
    reason = Text(
        required=True,
        non_blank=True,
        max_length=ACK_REASON_MAX,
        metadata={
            "description": "Por que o achado pode ficar como está (fica na seção e na trilha de auditoria).",
            "example": "A Lei 8.666/1993 é citada como histórico da contratação anterior, não como base legal.",
        },
    )


class ApprovalReadinessSchema(Schema):
    """Whether the ETP can be approved now and, if not, what blocks it."""

    ready = fields.Boolean(metadata={"description": "Nada impede a aprovação do conteúdo."})
    blockers = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={
            "description": "Impedimentos por seção (código do inciso) ou campo (`campos.<nome>`), em português, "
            "com a regra. São os mesmos `errors` do 409 de POST /status.",
            "example": {
                "VIII": ['Há 6 marcadores "[a preencher: …]" pendentes: substitua-os pelas informações reais.'],
                "campos.natureza_continuada": ["Campo obrigatório do tipo de contratação não preenchido."],
            },
        },
    )
    can_approve = fields.Boolean(
        metadata={"description": "Quem consulta pode aprovar este ETP (perfil/permissão e separação de funções)."}
    )
    approver_problem = fields.String(
        allow_none=True, metadata={"description": "Por que quem consulta não pode aprovar, quando for o caso."}
    )
    authors = fields.List(
        fields.UUID(), metadata={"description": "Autores do ETP: quem o criou e quem escreveu seções."}
    )


class SectionUpdateSchema(_PtSchema):
    content = Text(max_length=SECTION_TEXT_MAX, metadata={"description": "Texto da seção."})
    justification = Text(
        max_length=LONG_TEXT_MAX,
        allow_none=True,
        metadata={"description": "Por que o elemento (não obrigatório) está ausente do ETP."},
    )


# --------------------------------------------------------------------------------------------------
# Output
#
# The schemas below are the documented contract (OpenAPI) of the ETP and Section shapes. Their
# ``dump`` goes through hand-written serializers (``etp_json`` / ``section_json``) that build the same
# JSON-ready dicts about 10x faster than marshmallow's generic field walk (GET one ETP has a
# throughput goal). ``generic_dump`` keeps marshmallow's own path, and the tests assert both agree.
# --------------------------------------------------------------------------------------------------

_MANDATORY_TOTAL = len(MANDATORY_INCISOS)
_TOTAL = len(SECTIONS)
_CENT = Decimal("0.01")


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def money_text(value: Decimal | None) -> str | None:
    return None if value is None else format(value.quantize(_CENT), "f")


def quantity_text(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


_BRASILIA = ZoneInfo("America/Sao_Paulo")


def _br_moment(value: datetime) -> str:
    """``"01/12/2026 às 20:50"``: a moment as a person in Brasília reads it."""
    return value.astimezone(_BRASILIA).strftime("%d/%m/%Y às %H:%M")


def approval_json(obj: Any) -> dict[str, Any] | None:
    """The approval act of an ETP (who, when, the statement), None while it is not approved."""
    if obj.approved_at is None:
        return None
    name = obj.approved_by_name or "pessoa removida"
    return {
        "approved_by": _str(obj.approved_by),
        "approved_by_name": obj.approved_by_name,
        "approved_at": obj.approved_at.isoformat(),
        "statement": obj.approval_statement,
        "label": f"Aprovado por {name} em {_br_moment(obj.approved_at)} (horário de Brasília)",
    }


def review_json(section: Any) -> dict[str, Any] | None:
    """A section's review mark ("revisado por … em …"), None when its current text was not reviewed."""
    if section.reviewed_at is None:
        return None
    name = section.reviewed_by_name or "pessoa removida"
    return {
        "reviewed_by": _str(section.reviewed_by),
        "reviewer_name": section.reviewed_by_name,
        "reviewed_at": section.reviewed_at.isoformat(),
        "label": f"Revisado por {name} em {_br_moment(section.reviewed_at)} (horário de Brasília)",
    }


def acknowledgements_json(section: Any) -> list[dict[str, Any]]:
    """The findings of the current text a person acknowledged, in code order."""
    return [{"code": code, **ack} for code, ack in sorted((section.acknowledgements or {}).items())]


def etp_json(obj: Any) -> dict[str, Any]:
    """The ETP shape (API.md) as JSON-ready values, from an ORM Etp or a row with the same names.

    One line per field of etp_app.etp_fields, in its order, written out: a loop over the declaration
    would cost the hot path; tests/unit/test_etp_fields.py fails when a field is missing here."""
    return {
        "id": str(obj.id),
        "title": obj.title,
        "objeto": obj.objeto,
        "numero_processo": obj.numero_processo,
        "orgao": obj.orgao,
        "uasg": obj.uasg,
        "unidade_requisitante": obj.unidade_requisitante,
        "responsavel_tecnico": {"nome": obj.responsavel_nome, "matricula": obj.responsavel_matricula},
        "data_elaboracao": _iso(obj.data_elaboracao),
        "template_type": obj.template_type,
        "quantidade_estimada": quantity_text(obj.quantidade_estimada),
        "unidade_medida": obj.unidade_medida,
        "valor_estimado": money_text(obj.valor_estimado),
        "valor_unitario": money_text(obj.valor_unitario),
        "periodicidade_preco": obj.periodicidade_preco,
        "numero_periodos": obj.numero_periodos,
        "prazo_execucao_dias": obj.prazo_execucao_dias,
        "nivel_risco": obj.nivel_risco,
        "dotacao_orcamentaria": obj.dotacao_orcamentaria,
        "descricao_necessidade": obj.descricao_necessidade,
        "requisitos": obj.requisitos,
        "riscos": obj.riscos,
        "campos": obj.campos if obj.campos is not None else {},
        "equipe_planejamento": obj.equipe_planejamento if obj.equipe_planejamento is not None else [],
        "autoridade_competente": {"nome": obj.autoridade_nome, "cargo": obj.autoridade_cargo},
        "calculo_valor": values.from_object(obj).to_json(),
        "status": obj.status,
        "completion": {
            "mandatory_filled": obj.mandatory_filled_count,
            "mandatory_total": _MANDATORY_TOTAL,
            "filled": obj.filled_count,
            "total": _TOTAL,
        },
        "version": obj.version,
        "etag": make_etag(obj.id, version=obj.version),
        "created_at": _iso(obj.created_at),
        "updated_at": _iso(obj.updated_at),
        "created_by": _str(obj.created_by),
        "approval": approval_json(obj),
    }


def section_etag(etp_id: uuid.UUID, inciso: int, version: int) -> str:
    return make_etag(etp_id, inciso, version=version)


def section_provenance(section: Any) -> str | None:
    """Who wrote the section's current text (catalog.PROVENANCES), None while it is empty. A filled
    row without one (written before the column, or by a test) says it through its AI flag."""
    if section.provenance is not None:
        return section.provenance
    if not (section.content or "").strip():
        return None
    return "ai" if section.ai_generated else "human"


def _notes(notes: Any) -> list[dict[str, str]]:
    return list(notes) if notes else []


def section_json(section: Any) -> dict[str, Any]:
    """The Section shape (API.md) as JSON-ready values, with the catalog's code/title/mandatory."""
    spec = BY_INCISO[section.inciso]
    provenance = section_provenance(section)
    return {
        "inciso": section.inciso,
        "code": spec.code,
        "title": spec.title,
        "mandatory": spec.mandatory,
        "content": section.content,
        "justification": section.justification,
        "status": section.status,
        "suggestion": section.suggestion,
        "quality": section.quality,
        "ai_generated": bool(section.ai_generated),
        "ai_notice": AI_NOTICE if provenance == "ai" else None,
        "provenance": provenance,
        "provenance_label": provenance_label(provenance, reviewed=section.reviewed_at is not None),
        "drafting_notes": _notes(section.drafting_notes),
        "suggestion_provenance": section.suggestion_provenance if section.suggestion else None,
        "suggestion_notes": _notes(section.suggestion_notes) if section.suggestion else [],
        "version": section.version,
        "etag": section_etag(section.etp_id, section.inciso, section.version),
        "updated_at": _iso(section.updated_at),
        "updated_by": _str(section.updated_by),
        "review": review_json(section),
        "acknowledgements": acknowledgements_json(section),
    }


class _FastDumpSchema(Schema):
    """A documented output schema whose dump uses a hand-written serializer (see the note above)."""

    @staticmethod
    def serialize(obj: Any) -> dict[str, Any]:
        raise NotImplementedError

    def dump(self, obj: Any, *, many: bool | None = None):
        many = self.many if many is None else many
        if many:
            return [self.serialize(item) for item in obj]
        return self.serialize(obj)

    def generic_dump(self, obj: Any, *, many: bool | None = None):
        """marshmallow's own field-by-field dump, for tests against ``dump``."""
        return super().dump(obj, many=many)


class CompletionSchema(Schema):
    mandatory_filled = fields.Integer(metadata={"description": "Seções obrigatórias preenchidas."})
    mandatory_total = fields.Integer(metadata={"description": "Seções obrigatórias (5)."})
    filled = fields.Integer(metadata={"description": "Seções preenchidas."})
    total = fields.Integer(metadata={"description": "Seções (13)."})


def _person_out_schema(f: EtpField) -> type[Schema]:
    """The object of a PERSON field in the ETP shape (``ResponsavelTecnicoOutSchema``)."""
    return Schema.from_dict({p.key: fields.String(allow_none=True) for p in f.parts}, name=f"{f.type_name}OutSchema")


def _output_field(f: EtpField) -> fields.Field:
    """The documented field of ``f`` in the ETP shape (what ``etp_json`` writes for it)."""
    match f.kind:
        case Kind.TEXT | Kind.LONG_TEXT:
            return fields.String(allow_none=f.nullable)
        case Kind.DATE:
            return fields.Date(allow_none=f.nullable)
        case Kind.CHOICE:
            return Choice(f.choices, allow_none=f.nullable)
        case Kind.MONEY | Kind.QUANTITY:
            return ExactDecimal(
                places=f.places,
                integer_digits=f.integer_digits,
                trim_zeros=f.kind is Kind.QUANTITY,
                allow_none=f.nullable,
            )
        case Kind.INTEGER:
            return fields.Integer(allow_none=f.nullable)
        case Kind.PERSON:
            return fields.Nested(_person_out_schema(f))  # always an object, its parts may be null
        case Kind.TEMPLATE_FIELDS:
            return fields.Dict(keys=fields.String())
        case Kind.PEOPLE:
            return fields.List(
                fields.Nested(
                    Schema.from_dict(
                        {m.key: fields.String(allow_none=not m.required) for m in f.members},
                        name=f"{f.type_name}MemberOutSchema",
                    )
                )
            )
    raise ValueError(f"no output field for {f.kind.value} fields ({f.name})")


_PERSON_FIELDS = tuple(f for f in etp_fields.FIELDS if f.parts)
_NOT_ATTRIBUTES = ("completion", "etag", "sections", "approval", "calculo_valor", *(f.name for f in _PERSON_FIELDS))


class CalculoValorSchema(Schema):
    """The value model's calculation (read-only, ``etp_app/drafting/values.py``): unit price ×
    quantity × periods beside the stated total, and whether they agree within rounding."""

    valor_unitario = fields.String(
        allow_none=True, metadata={"format": "decimal", "example": "8233.33", "description": "Valor unitário (R$)."}
    )
    quantidade = fields.String(
        allow_none=True, metadata={"format": "decimal", "example": "12", "description": "Quantidade estimada."}
    )
    periodicidade = Choice(
        etp_fields.PERIODICIDADES,
        metadata={"example": "mensal", "description": "Período do valor unitário (`unico` se não informado)."},
    )
    numero_periodos = fields.Integer(
        allow_none=True,
        metadata={
            "example": 12,
            "description": "Períodos considerados: 1 para `unico`; o informado; ou o derivado da duração do "
            "contrato (nulo quando nenhum dá um número inteiro de períodos).",
        },
    )
    origem_periodos = fields.String(
        allow_none=True,
        validate=validate.OneOf(tuple(values.ORIGEM_LABELS)),
        metadata={
            "example": "vigencia_meses",
            "description": "De onde vem o número de períodos: `unico`, `informado`, `vigencia_meses` "
            "(campos.vigencia_meses, que prevalece) ou `prazo_execucao_dias` (30 dias por mês, 365 por ano).",
        },
    )
    total_calculado = fields.String(
        allow_none=True,
        metadata={
            "format": "decimal",
            "example": "1185599.52",
            "description": "valor unitário × quantidade × períodos, em R$ arredondado ao centavo (nulo se falta "
            "um fator).",
        },
    )
    valor_estimado = fields.String(
        allow_none=True,
        metadata={"format": "decimal", "example": "1185600.00", "description": "Valor total estimado informado."},
    )
    diferenca = fields.String(
        allow_none=True,
        metadata={"format": "decimal", "example": "0.48", "description": "Valor informado − valor calculado (R$)."},
    )
    tolerancia = fields.String(
        allow_none=True,
        metadata={
            "format": "decimal",
            "example": "1.44",
            "description": "Diferença aceita como arredondamento do valor unitário: R$ 0,01 por unidade e "
            "período (no mínimo R$ 0,01).",
        },
    )
    consistente = fields.Boolean(
        allow_none=True,
        metadata={
            "example": True,
            "description": "Se o valor informado confere com o calculado dentro da tolerância (nulo se não há "
            "o que comparar).",
        },
    )
    memoria = fields.String(
        allow_none=True,
        metadata={
            "example": "12 postos × R$ 8.233,33 × 12 meses = R$ 1.185.599,52",
            "description": "Memória de cálculo do valor, em português (nula se falta um fator).",
        },
    )


class ApprovalSchema(Schema):
    """The approval act (POST /status with `approved`): who approved, when, and their statement."""

    approved_by = fields.UUID(allow_none=True, metadata={"description": "Quem aprovou (nulo se a conta foi removida)."})
    approved_by_name = fields.String(allow_none=True, metadata={"description": "Nome de quem aprovou, na data."})
    approved_at = fields.DateTime()
    statement = fields.String(
        allow_none=True,
        metadata={"description": "Declaração de quem aprovou.", "example": "Aprovo o ETP, que atende à necessidade."},
    )
    label = fields.String(metadata={"example": "Aprovado por Ana Lima em 01/12/2026 às 20:50 (horário de Brasília)"})


class DraftNoteSchema(Schema):
    """One note of a draft for its author: kept beside the text, never in it."""

    kind = fields.String(
        validate=validate.OneOf(NOTE_KINDS),
        metadata={
            "example": "guidance",
            "description": "`guidance` (orientação do modelo para completar a seção), `note` (observação do "
            "redator, como as instruções que o redator offline não aplica) ou `warning` (alerta ao autor, "
            "como valores que não conferem).",
        },
    )
    text = fields.String(
        metadata={"example": "Orientação do modelo (Serviços) para completar esta seção: descreva os postos…"}
    )


class ReviewSchema(Schema):
    """A person's review of the section's current text; cleared by any change of the text."""

    reviewed_by = fields.UUID(allow_none=True)
    reviewer_name = fields.String(allow_none=True, metadata={"description": "Nome de quem revisou, na data."})
    reviewed_at = fields.DateTime()
    label = fields.String(metadata={"example": "Revisado por Ana Lima em 01/12/2026 às 20:50 (horário de Brasília)"})


class AcknowledgementSchema(Schema):
    """A finding of level `error` a person acknowledged, with their reason (kept in the audit trail too)."""

    code = fields.String(metadata={"example": "citation_revoked"})
    reason = fields.String(metadata={"example": "Citação histórica, mantida de propósito."})
    message = fields.String(allow_none=True, metadata={"description": "O achado, como estava ao registrar a ciência."})
    by = fields.UUID(allow_none=True)
    by_name = fields.String(allow_none=True)
    at = fields.String(metadata={"format": "date-time"})


class _EtpShape(_FastDumpSchema):
    """ETP (API.md). `version`/`etag` repeat the ETag header, for clients editing from a list."""

    serialize = staticmethod(etp_json)

    @pre_dump
    def _shape(self, obj, **kwargs):  # generic_dump only: raw attribute values, marshmallow formats them
        data = {name: getattr(obj, name) for name in self.fields if name not in _NOT_ATTRIBUTES}
        data["campos"] = data["campos"] if data["campos"] is not None else {}
        data["equipe_planejamento"] = data["equipe_planejamento"] if data["equipe_planejamento"] is not None else []
        data["calculo_valor"] = values.from_object(obj).to_json()
        for f in _PERSON_FIELDS:
            data[f.name] = {p.key: getattr(obj, p.column) for p in f.parts}
        data["completion"] = {
            "mandatory_filled": obj.mandatory_filled_count,
            "mandatory_total": 5,
            "filled": obj.filled_count,
            "total": 13,
        }
        data["etag"] = make_etag(obj.id, version=obj.version)
        fast = approval_json(obj)
        data["approval"] = None if fast is None else {**fast, "approved_at": obj.approved_at}
        return data


# The ETP shape: its id, the editable fields as etp_app.etp_fields declares them, what the service keeps.
EtpSchema = _EtpShape.from_dict(
    {
        "id": fields.UUID(),
        **{f.name: _output_field(f) for f in etp_fields.FIELDS},
        "calculo_valor": fields.Nested(
            CalculoValorSchema,
            dump_only=True,
            metadata={
                "description": "Cálculo do valor (somente leitura): valor unitário × quantidade × número de "
                "períodos, comparado ao valor total estimado."
            },
        ),
        "status": Choice(ETP_STATUSES),
        "completion": fields.Nested(CompletionSchema),
        "version": fields.Integer(metadata={"description": "Contador de versões de edição (base do ETag)."}),
        "etag": fields.String(metadata={"description": "O mesmo valor do cabeçalho ETag."}),
        "created_at": fields.DateTime(),
        "updated_at": fields.DateTime(),
        "created_by": fields.UUID(allow_none=True),
        "approval": fields.Nested(
            ApprovalSchema,
            allow_none=True,
            metadata={"description": "A aprovação (quem, quando, declaração); nula enquanto não aprovado."},
        ),
    },
    name="EtpSchema",
)


_SEVERITIES = ("error", "warning", "info")


class QualityWarningSchema(Schema):
    """One finding of the quality checks (etp_app/drafting/quality.py)."""

    code = fields.String(metadata={"example": "placeholder_pending", "description": "Código estável do achado."})
    severity = fields.String(
        validate=validate.OneOf(_SEVERITIES),
        metadata={"example": "warning", "description": "`error`, `warning` ou `info`."},
    )
    message = fields.String(
        metadata={
            "example": '2 marcadores "[a preencher: …]" ainda pendentes em 40% das frases: complete as '
            "informações antes da aprovação.",
            "description": "O que fazer, em português.",
        }
    )
    excerpt = fields.String(allow_none=True, metadata={"description": "Trecho do texto onde o achado está."})
    kind = fields.String(
        metadata={
            "example": "money",
            "description": "O tipo do achado, quando o código tem tipos. Nos achados de números "
            "(`possible_invented_*`, `unsourced_*`, `value_only_in_ai_draft`), o tipo do valor: `money`, "
            "`percentage`, `date`, `duration`, `area`, `weight`, `volume`, `count`, `number` ou `identifier`. "
            "Em `absolute_claim`, o tipo da afirmação absoluta: `uniqueness`, `certainty`, `guarantee`, "
            "`perfection`, `totality` ou `superiority`. "
            "Ausente nos achados sem tipo e em relatórios antigos.",
        }
    )


_VALUE_KINDS = ("money", "percentage", "date", "duration", "area", "weight", "volume", "count", "number", "identifier")
_VALUE_STATUSES = ("grounded", "derived", "ai_only", "unsupported")


class QualityValueSchema(Schema):
    """One value the number check recognized in the text, and where it came from (issue 15 §2)."""

    text = fields.String(metadata={"example": "R$ 540.000,00", "description": "O valor como está escrito no texto."})
    kind = fields.String(validate=validate.OneOf(_VALUE_KINDS), metadata={"example": "money"})
    status = fields.String(
        validate=validate.OneOf(_VALUE_STATUSES),
        metadata={
            "example": "grounded",
            "description": "`grounded`: dado por uma pessoa (campo do ETP, instruções, seção escrita ou aprovada "
            "por pessoa) ou fixado pela própria lei; `derived`: calculado a partir desses dados; `ai_only`: só "
            "aparece em outro rascunho de "
            "IA ainda não revisado (não serve de fonte); `unsupported`: não aparece em nenhuma fonte.",
        },
    )
    source = fields.String(
        metadata={
            "example": "valor_estimado",
            "description": "De onde veio: a chave do campo do ETP (`valor_estimado`, `campos.vigencia_meses`), "
            "`instruções`, `section IV` ou o dispositivo legal que fixa o número (`Lei 14.133/2021, art. 98` para "
            "a garantia de 5%, quando a frase trata de garantia). Em `ai_only`, a seção de IA onde aparece. "
            "Ausente quando não há fonte.",
        }
    )
    derived = fields.String(
        metadata={
            "example": "quantidade_estimada × valor_unitario",
            "description": "Em `derived`: o cálculo que dá o valor, nas chaves dos campos (ou nos números usados).",
        }
    )


class ScoreBreakdownSchema(Schema):
    """What moved the score: one entry per kind of finding."""

    code = fields.String(metadata={"example": "placeholder_pending"})
    severity = fields.String(validate=validate.OneOf(_SEVERITIES), metadata={"example": "warning"})
    penalty = fields.Integer(
        metadata={
            "minimum": 0,
            "example": 40,
            "description": "Pontos que esses achados tiraram da nota (0 para notas sem custo, como "
            "`unsourced_value`: um número escrito por pessoa que só pede a fonte).",
        }
    )
    count = fields.Integer(
        metadata={
            "minimum": 1,
            "example": 2,
            "description": "Quantos achados há desse tipo (em `placeholder_pending`, os marcadores pendentes).",
        }
    )


class QualityReportSchema(Schema):
    """The report of the deterministic checks of a section's text: computed on every draft, by a
    section PUT (on the text it saves) and by ``POST .../check``."""

    score = fields.Integer(
        metadata={
            "minimum": 0,
            "maximum": 100,
            "example": 52,
            "description": "100 menos a soma das penalidades (`score_breakdown`): erro 25, aviso 8, informação 2 "
            "(no máximo 10 somadas); marcadores pendentes custam 8 cada ou a parcela das frases que ainda os "
            "contêm (metade das frases pendentes: nota até 50), o que for maior; número sem fonte em texto "
            "escrito por pessoa não custa nada.",
        }
    )
    score_breakdown = fields.List(
        fields.Nested(ScoreBreakdownSchema),
        metadata={"description": "O que moveu a nota, do maior peso ao menor. Ausente em relatórios antigos."},
    )
    warnings = fields.List(fields.Nested(QualityWarningSchema), metadata={"description": "Os achados, erros primeiro."})
    metrics = fields.Dict(
        metadata={
            "description": "Medidas do texto: `words`, `sentences`, `flesch`, `flesch_band`, `avg_sentence_words`, "
            "`long_sentences`, `placeholders`, `pending_share` (0–1: parcela das frases com marcador pendente), "
            "`citations`, `ai_notice`."
        }
    )
    values = fields.List(
        fields.Nested(QualityValueSchema),
        metadata={
            "description": "Os valores (dinheiro, percentuais, datas, prazos, medidas, quantidades) reconhecidos "
            "no texto, na ordem em que aparecem, com a origem de cada um. Ausente em relatórios antigos."
        },
    )


class _StoredQualityReport(fields.Nested):
    """The section's stored report, documented as :class:`QualityReportSchema` and written as stored
    (the fast and the generic dump agree whatever keys an older or newer report holds)."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return value


class SectionSchema(_FastDumpSchema):
    """Section (API.md), plus who wrote its text (`provenance`, `provenance_label`; `ai_generated` /
    `ai_notice` kept for compatibility), the last draft's notes for the author beside the text
    (`drafting_notes`; the pending suggestion's in `suggestion_notes`) and its `version` / `etag`
    (for If-Match on PUT)."""

    inciso = fields.Integer(metadata={"minimum": 1, "maximum": 13})
    code = fields.String(metadata={"example": "IV"})
    title = fields.String()
    mandatory = fields.Boolean()
    content = fields.String()
    justification = fields.String(allow_none=True)
    status = Choice(SECTION_STATUSES)
    suggestion = fields.String(allow_none=True)
    quality = _StoredQualityReport(
        QualityReportSchema,
        allow_none=True,
        metadata={
            "description": "Relatório das verificações de qualidade do texto atual (nulo antes da primeira): "
            "cada PUT o recalcula sobre o texto que grava, e a resposta já o traz."
        },
    )
    ai_generated = fields.Boolean(
        metadata={
            "description": "Compatibilidade: verdadeiro só quando o texto atual é um rascunho (IA ou redator "
            "offline) que nenhuma pessoa reescreveu. Prefira `provenance`."
        }
    )
    ai_notice = fields.String(
        allow_none=True,
        metadata={
            "description": "Aviso de conteúdo gerado com inteligência artificial, quando o texto atual veio de IA "
            "generativa (`provenance` = `ai`); nulo para texto de pessoa e para rascunho do redator offline."
        },
    )
    provenance = fields.String(
        allow_none=True,
        validate=validate.OneOf(PROVENANCES),
        metadata={
            "example": "ai",
            "description": "Quem escreveu o texto atual: `human` (uma pessoa), `ai` (IA generativa) ou `offline` "
            "(redator offline, a partir do modelo, sem IA generativa); nulo enquanto a seção está vazia. Um "
            "PUT de novo conteúdo torna o texto `human`; aceitar a sugestão traz a procedência dela.",
        },
    )
    provenance_label = fields.String(
        allow_none=True,
        metadata={
            "example": "Texto redigido com auxílio de IA, ainda não revisado",
            "description": "A procedência em português, considerando a revisão por pessoa (`review`): o que as "
            "exportações imprimem na seção.",
        },
    )
    drafting_notes = fields.List(
        fields.Nested(DraftNoteSchema),
        metadata={
            "description": "Notas do último rascunho para o autor (orientação do modelo, observações do redator, "
            "alertas), mostradas ao lado do editor. Não fazem parte de `content` nem das exportações; uma "
            "edição da pessoa as mantém até o próximo rascunho."
        },
    )
    suggestion_provenance = fields.String(
        allow_none=True,
        validate=validate.OneOf(PROVENANCES),
        metadata={"example": "offline", "description": "Procedência da sugestão pendente (`ai` ou `offline`)."},
    )
    suggestion_notes = fields.List(
        fields.Nested(DraftNoteSchema),
        metadata={"description": "Notas do rascunho guardado como sugestão; passam à seção se ela for aceita."},
    )
    version = fields.Integer()
    etag = fields.String(metadata={"description": "ETag da seção, para If-Match no PUT."})
    updated_at = fields.DateTime()
    updated_by = fields.UUID(allow_none=True)
    review = fields.Nested(
        ReviewSchema,
        allow_none=True,
        metadata={"description": "Revisão do texto atual por uma pessoa; nula se o texto mudou desde então."},
    )
    acknowledgements = fields.List(
        fields.Nested(AcknowledgementSchema),
        metadata={"description": "Achados de nível erro do texto atual com ciência registrada."},
    )

    serialize = staticmethod(section_json)

    @pre_dump
    def _shape(self, obj, **kwargs):  # generic_dump only: raw attribute values plus the catalog
        spec = BY_INCISO[obj.inciso]
        data = {
            name: getattr(obj, name)
            for name in (
                "inciso",
                "content",
                "justification",
                "status",
                "suggestion",
                "quality",
                "ai_generated",
                "version",
                "updated_at",
                "updated_by",
            )
        }
        provenance = section_provenance(obj)
        data.update(
            code=spec.code,
            title=spec.title,
            mandatory=spec.mandatory,
            ai_notice=AI_NOTICE if provenance == "ai" else None,
            provenance=provenance,
            provenance_label=provenance_label(provenance, reviewed=obj.reviewed_at is not None),
            drafting_notes=_notes(obj.drafting_notes),
            suggestion_provenance=obj.suggestion_provenance if obj.suggestion else None,
            suggestion_notes=_notes(obj.suggestion_notes) if obj.suggestion else [],
            etag=make_etag(obj.etp_id, obj.inciso, version=obj.version),
        )
        review = review_json(obj)
        data["review"] = None if review is None else {**review, "reviewed_at": obj.reviewed_at}
        data["acknowledgements"] = acknowledgements_json(obj)
        return data


def etp_with_sections_json(obj: Any) -> dict[str, Any]:
    etp, sections = obj
    data = etp_json(etp)
    data["sections"] = [section_json(s) for s in sections]
    return data


class EtpWithSectionsSchema(EtpSchema):
    """ETP plus its 13 sections (the answer of POST /api/v1/etps)."""

    sections = fields.List(fields.Nested(SectionSchema))

    serialize = staticmethod(etp_with_sections_json)

    @pre_dump
    def _shape(self, obj, **kwargs):  # generic_dump only
        etp, sections = obj
        data = EtpSchema._shape(self, etp)
        data["sections"] = list(sections)
        return data
