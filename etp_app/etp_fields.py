"""The ETP's editable fields, declared once: name, kind, pt-BR label, size, and where each one goes.

Everything that lists the fields a person edits reads :data:`FIELDS`: the input and output schemas
of the API (and so the OpenAPI document), the columns the read paths select, the audit of create and
update, version snapshots, their diff and restore, the facts given to the drafter, the document
model, the JSON export with its JSON Schema and the JSON import, the XML export with its XSD. Their
order is the order of the ETP shape (API.md) and of the exports.

The module is plain Python (no Flask, SQLAlchemy or marshmallow): the drafting core and the document
renderers, which may import none of those, read it too.

Adding a field takes:

1. an :class:`EtpField` in :data:`FIELDS`, at its place in the order (kind, label, size, nullability;
   ``description`` documents it in the API);
2. its column in ``etp_app/models/etp.py`` and an Alembic migration;
3. its typed attribute in the two plain-data views the type checker reads, ``DocumentModel``
   (``documents/model.py``) and ``EtpFacts`` (``drafting/formatting.py``), its line in the
   hand-written fast serializer ``etp_json`` (``api/etps/schemas.py``) and in ``etp_facts``
   (``services/drafting.py``), which lists the drafting facts by hand too;
4. whatever is genuinely particular to it: a line of the drafting prompt's facts block, a row of
   the document cover, the offline drafter's prose, API.md.

``tests/unit/test_etp_fields.py`` fails until 2 and 3 agree with the declaration. Everything else
(schemas, OpenAPI, read columns, audit, snapshots and restore, drafting facts, JSON and XML exports,
JSON Schema, XSD, import) follows from it. A new kind needs its case in each of those builders: they
raise ``ValueError`` at import for a kind they do not know.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

TEMPLATE_TYPES = ("bens", "servicos", "obras", "ti")
NIVEIS_RISCO = ("baixo", "medio", "alto")
# The period a unit price covers (etp_app/drafting/values.py: the value model): once, per month, per year.
PERIODICIDADES = ("unico", "mensal", "anual")

SHORT_TEXT_MAX = 300  # the common String(300); the XSD names it ShortText
LONG_TEXT_MAX = 50_000  # Text columns: what the API accepts
MONEY_PLACES, MONEY_INTEGER_DIGITS = 2, 16  # Numeric(18, 2)
QUANTITY_PLACES, QUANTITY_INTEGER_DIGITS = 4, 14  # Numeric(18, 4)
PRAZO_MAX_DIAS = 36_500
# Periods of a unit price: 35 years of months, the longest term Lei 14.133/2021 allows (art. 110).
NUMERO_PERIODOS_MAX = 420


class Kind(str, Enum):
    """What a field holds, which decides its column type, validation, JSON form and rendering."""

    TEXT = "text"  # String(max_length); a ``pattern`` makes it a code (the UASG)
    LONG_TEXT = "long_text"  # Text, at most LONG_TEXT_MAX characters from the API
    DATE = "date"  # Date; ISO text in JSON
    MONEY = "money"  # Numeric(18, 2), in R$; an exact decimal string in JSON, never a number
    QUANTITY = "quantity"  # Numeric(18, 4); an exact decimal string in JSON
    INTEGER = "integer"  # Integer between ``minimum`` and ``maximum`` (in ``unit``)
    CHOICE = "choice"  # String, one of ``choices``
    PERSON = "person"  # an object {key: text} in the API, one column per :class:`Part`
    TEMPLATE_FIELDS = "template_fields"  # JSONB object, validated by the template of the ETP's type
    PEOPLE = "people"  # JSONB list of people, each an object with the keys of the field's ``members``


DECIMAL_KINDS = frozenset({Kind.MONEY, Kind.QUANTITY})
_PLACES = {Kind.MONEY: MONEY_PLACES, Kind.QUANTITY: QUANTITY_PLACES}
_INTEGER_DIGITS = {Kind.MONEY: MONEY_INTEGER_DIGITS, Kind.QUANTITY: QUANTITY_INTEGER_DIGITS}


@dataclass(frozen=True)
class Part:
    """One member of a PERSON field: its key in the API object and the text column that stores it."""

    key: str
    column: str
    label: str
    max_length: int
    description: str | None = None


@dataclass(frozen=True)
class Member:
    """One key of each person in a PEOPLE field: a text (``max_length``) or, with ``choices``, a code."""

    key: str
    label: str
    max_length: int = SHORT_TEXT_MAX
    required: bool = False
    choices: tuple[str, ...] = ()
    description: str | None = None


@dataclass(frozen=True)
class EtpField:
    """One editable field. ``name`` is its key in the API, the exports and the drafting facts, and its
    column unless it has ``parts``. The flags say which copies carry it (all of them, today)."""

    name: str
    kind: Kind
    label: str  # pt-BR, as a person reads it (prompt, document cover)
    max_length: int | None = None  # TEXT: the String(n) size; LONG_TEXT: LONG_TEXT_MAX
    nullable: bool = True
    required: bool = False  # on create (a required text must not be blank); PATCH never requires
    choices: tuple[str, ...] = ()  # CHOICE
    pattern: str = ""  # TEXT: a regular expression the whole value must match ("": any text)
    minimum: int | None = None  # INTEGER
    maximum: int | None = None  # INTEGER
    unit: str | None = None  # INTEGER: what it counts, for messages ("dias")
    description: str | None = None  # the API documentation of the input field
    parts: tuple[Part, ...] = ()  # PERSON
    members: tuple[Member, ...] = ()  # PEOPLE: the keys of each person
    max_items: int | None = None  # PEOPLE: how many people at most
    audited: bool = True  # its changes are in the audit rows of create and update
    restorable: bool = True  # kept in version snapshots, compared by their diff, written back by restore
    in_document: bool = True  # in the document model: PDF, DOCX, JSON and XML exports, JSON import
    drafting_fact: bool = True  # given to the drafter (prompt and offline drafter)
    # what an absent value means where the field may be missing (a version snapshot or an export made
    # before the field existed): restore writes it, so a NOT NULL column never receives None
    default: Any = None

    @property
    def columns(self) -> tuple[str, ...]:
        """The ETP columns that store the field."""
        return tuple(p.column for p in self.parts) if self.parts else (self.name,)

    @property
    def type_name(self) -> str:
        """``"nivel_risco" -> "NivelRisco"``: the name of the field's own type (XSD, API schemas)."""
        return "".join(word.capitalize() for word in self.name.split("_"))

    @property
    def places(self) -> int:
        """Decimal places of a MONEY or QUANTITY field."""
        return _PLACES[self.kind]

    @property
    def integer_digits(self) -> int:
        """Digits before the point a MONEY or QUANTITY column holds."""
        return _INTEGER_DIGITS[self.kind]

    @property
    def quantum(self) -> Decimal:
        """``Decimal("0.01")`` for money, ``Decimal("0.0001")`` for quantities."""
        return Decimal(1).scaleb(-self.places)

    @property
    def decimal_pattern(self) -> str:
        """:func:`decimal_pattern` of the field's kind."""
        return decimal_pattern(self.kind)


def decimal_pattern(kind: Kind) -> str:
    """The unanchored regular expression of a MONEY or QUANTITY text, ``[0-9]`` rather than ``\\d``
    (Python's ``\\d`` also matches other scripts' digits): the JSON Schema and the XSD state it."""
    return rf"[0-9]{{1,{_INTEGER_DIGITS[kind]}}}(\.[0-9]{{1,{_PLACES[kind]}}})?"


FIELDS: tuple[EtpField, ...] = (
    EtpField("title", Kind.TEXT, "Título", SHORT_TEXT_MAX, nullable=False, required=True, description="Título do ETP."),
    EtpField(
        "objeto",
        Kind.LONG_TEXT,
        "Objeto",
        LONG_TEXT_MAX,
        nullable=False,
        required=True,
        description="O que será contratado.",
    ),
    EtpField("numero_processo", Kind.TEXT, "Número do processo", 60),
    EtpField("orgao", Kind.TEXT, "Órgão/entidade", SHORT_TEXT_MAX, description="Órgão ou entidade."),
    EtpField(
        "uasg",
        Kind.TEXT,
        "UASG",
        6,
        pattern="[0-9]{6}",
        description="Unidade Administrativa de Serviços Gerais: 6 dígitos.",
    ),
    EtpField("unidade_requisitante", Kind.TEXT, "Unidade requisitante", SHORT_TEXT_MAX),
    EtpField(
        "responsavel_tecnico",
        Kind.PERSON,
        "Responsável técnico",
        parts=(
            Part("nome", "responsavel_nome", "Nome", 200, "Nome do responsável técnico."),
            Part("matricula", "responsavel_matricula", "Matrícula", 60, "Matrícula funcional."),
        ),
    ),
    EtpField("data_elaboracao", Kind.DATE, "Data de elaboração"),
    EtpField(
        "template_type",
        Kind.CHOICE,
        "Tipo de contratação",
        nullable=False,
        choices=TEMPLATE_TYPES,
        description="Tipo de contratação (modelo).",
    ),
    EtpField("quantidade_estimada", Kind.QUANTITY, "Quantidade estimada", description="Quantidade (até 4 casas)."),
    EtpField("unidade_medida", Kind.TEXT, "Unidade de medida", 60),
    EtpField(
        "valor_estimado",
        Kind.MONEY,
        "Valor total estimado",
        description="Valor total estimado em R$ (texto decimal).",
    ),
    EtpField("valor_unitario", Kind.MONEY, "Valor unitário", description="Valor unitário em R$ (texto decimal)."),
    EtpField(
        "periodicidade_preco",
        Kind.CHOICE,
        "Periodicidade do preço unitário",
        nullable=False,
        choices=PERIODICIDADES,
        default="unico",
        description="Período a que o valor unitário se refere: `unico` (pagamento único, padrão), `mensal` "
        "(ex.: preço por posto por mês) ou `anual`. O total estimado é valor unitário × quantidade × "
        "número de períodos (veja `calculo_valor`).",
    ),
    EtpField(
        "numero_periodos",
        Kind.INTEGER,
        "Número de períodos",
        minimum=1,
        maximum=NUMERO_PERIODOS_MAX,
        unit="períodos",
        description="Quantos períodos (meses ou anos) o preço unitário cobre. Nulo: derivado da duração do "
        "contrato — `campos.vigencia_meses` e, na falta dela, `prazo_execucao_dias` (30 dias por mês, 365 por "
        "ano). Com periodicidade `unico`, é sempre 1.",
    ),
    EtpField("prazo_execucao_dias", Kind.INTEGER, "Prazo de execução", minimum=0, maximum=PRAZO_MAX_DIAS, unit="dias"),
    EtpField("nivel_risco", Kind.CHOICE, "Nível de risco", choices=NIVEIS_RISCO),
    EtpField("dotacao_orcamentaria", Kind.TEXT, "Dotação orçamentária", SHORT_TEXT_MAX),
    EtpField("descricao_necessidade", Kind.LONG_TEXT, "Descrição da necessidade", LONG_TEXT_MAX),
    EtpField(
        "requisitos",
        Kind.LONG_TEXT,
        "Requisitos",
        LONG_TEXT_MAX,
        description="Requisitos conhecidos (texto livre).",
    ),
    EtpField("riscos", Kind.LONG_TEXT, "Riscos", LONG_TEXT_MAX, description="Riscos conhecidos (texto livre)."),
    EtpField(
        "campos",
        Kind.TEMPLATE_FIELDS,
        "Dados específicos da contratação",
        nullable=False,
        description="Campos específicos do tipo de contratação (veja "
        "GET /api/v1/templates/<type>). No PATCH, substitui o objeto inteiro.",
    ),
)

# The planning team's roles (papel): the requesting unit, the technical area, anyone else.
PAPEIS_EQUIPE = ("requisitante", "area_tecnica", "outro")
PAPEL_LABELS = {"requisitante": "Área requisitante", "area_tecnica": "Área técnica", "outro": "Outro"}
EQUIPE_MAX = 30

# Who plans and who approves: after the facts of the procurement, printed in the signature block.
FIELDS += (
    EtpField(
        "equipe_planejamento",
        Kind.PEOPLE,
        "Equipe de planejamento da contratação",
        nullable=False,
        members=(
            Member("nome", "Nome", 200, required=True, description="Nome completo."),
            Member("cargo", "Cargo/função", 200, description="Cargo ou função."),
            Member(
                "papel",
                "Papel",
                required=True,
                choices=PAPEIS_EQUIPE,
                description="`requisitante` (área requisitante), `area_tecnica` ou `outro`.",
            ),
            Member("matricula", "Matrícula", 60, description="Matrícula funcional."),
        ),
        max_items=EQUIPE_MAX,
        drafting_fact=False,
        description="Equipe de planejamento (requisitante, área técnica, outros), impressa no bloco de "
        "assinaturas dos documentos exportados. No PATCH, substitui a lista inteira.",
    ),
    EtpField(
        "autoridade_competente",
        Kind.PERSON,
        "Autoridade competente",
        parts=(
            Part("nome", "autoridade_nome", "Nome", 200, "Nome da autoridade que aprova o ETP."),
            Part("cargo", "autoridade_cargo", "Cargo", 200, "Cargo da autoridade."),
        ),
        drafting_fact=False,
        description="Autoridade competente que aprova o ETP (nome, cargo), impressa no bloco de assinaturas.",
    ),
)

BY_NAME: dict[str, EtpField] = {f.name: f for f in FIELDS}
LABELS: dict[str, str] = {f.name: f.label for f in FIELDS}


def _columns(fields: Iterable[EtpField]) -> tuple[str, ...]:
    return tuple(column for f in fields for column in f.columns)


# Every editable column, in the order of the ETP shape (responsavel_tecnico as its two columns).
COLUMNS = _columns(FIELDS)
# The kind of each column (a PERSON's columns are texts).
COLUMN_KINDS: dict[str, Kind] = {column: Kind.TEXT if f.parts else f.kind for f in FIELDS for column in f.columns}
# Audit rows list the scalar fields first, then the PERSON columns (the order they always had).
AUDITED_COLUMNS = tuple(f.name for f in FIELDS if f.audited and not f.parts) + tuple(
    p.column for f in FIELDS if f.audited for p in f.parts
)
RESTORABLE_COLUMNS = _columns(f for f in FIELDS if f.restorable)
DOCUMENT_FIELDS = tuple(f for f in FIELDS if f.in_document)
DOCUMENT_COLUMNS = _columns(DOCUMENT_FIELDS)
DRAFTING_FIELDS = tuple(f for f in FIELDS if f.drafting_fact)
DRAFTING_COLUMNS = _columns(DRAFTING_FIELDS)
_DEFAULTS = {f.name: f.default for f in FIELDS if f.default is not None}
_QUANTUM = {column: BY_NAME[column].quantum for column, kind in COLUMN_KINDS.items() if kind in DECIMAL_KINDS}


# --- values --------------------------------------------------------------------------------------


def snapshot_value(column: str, value: Any) -> Any:
    """A column's value as the JSON of a version snapshot: decimals as exact strings with the
    column's places, dates as ISO text, the template fields as a plain dict."""
    if value is None:
        return None
    kind = COLUMN_KINDS[column]
    if kind in DECIMAL_KINDS:
        return format(Decimal(value).quantize(_QUANTUM[column]), "f")
    if kind is Kind.DATE:
        return value.isoformat()
    if kind is Kind.TEMPLATE_FIELDS:
        return dict(value)
    if kind is Kind.PEOPLE:
        return [dict(person) for person in value]
    return value


def column_value(column: str, value: Any) -> Any:
    """The inverse of :func:`snapshot_value`: what restore writes back into the column (absent
    template fields are an empty object, the column is NOT NULL; an absent field with a ``default``,
    from a snapshot taken before it existed, is that default: a one-off price)."""
    kind = COLUMN_KINDS[column]
    if value is None:
        if kind is Kind.PEOPLE:
            return []  # a snapshot from before the planning team existed: nobody named yet
        return {} if kind is Kind.TEMPLATE_FIELDS else _DEFAULTS.get(column)
    if kind in DECIMAL_KINDS:
        return Decimal(value)
    if kind is Kind.DATE:
        return date.fromisoformat(value)
    if kind is Kind.TEMPLATE_FIELDS:
        return dict(value)
    if kind is Kind.PEOPLE:
        return [dict(person) for person in value]
    return value


def _fact(f: EtpField, row: Any) -> Any:
    if f.parts:
        return {p.key: getattr(row, p.column) for p in f.parts}
    value = getattr(row, f.name)
    if f.kind is Kind.TEMPLATE_FIELDS:
        return dict(value or {})
    if value is None:
        return None
    if f.kind in DECIMAL_KINDS:
        return format(value, "f")
    if f.kind is Kind.DATE:
        return value.isoformat()
    return value


def drafting_facts(row: Any) -> dict[str, Any]:
    """The drafting facts of an ETP (an ORM ``Etp`` or a row with its column names) as plain JSON-able
    values, keyed as in the API: decimals as strings as stored, dates as ISO text, the PERSON as its
    object. This is ``DraftContext.facts``."""
    return {f.name: _fact(f, row) for f in DRAFTING_FIELDS}
