"""The ETP's editable fields are declared once (etp_app.etp_fields); these tests hold every copy that
cannot simply be derived from the declaration to it: the ORM columns, the typed views of the renderers
(DocumentModel) and of the drafter (EtpFacts), the hand-written fast serializer, the drafting facts of
the services, the XSD's simple types. A field added to the declaration and forgotten in one of them
fails here; the derived copies (schemas, snapshot, exports) are checked by round trips of every field.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from lxml import etree
from marshmallow import ValidationError
from sqlalchemy import CheckConstraint, Date, Integer, Numeric, String, Text
from sqlalchemy.dialects.postgresql import JSONB

from etp_app import etp_fields
from etp_app.api.etps.schemas import EtpCreateSchema, EtpSchema, EtpUpdateSchema, etp_json
from etp_app.documents.jsonexport import JSON_SCHEMA, export_dict, parse_json_export, render_json
from etp_app.documents.model import DocumentModel
from etp_app.documents.xmlexport import NAMESPACE, XSD, render_xml
from etp_app.drafting.formatting import EtpFacts
from etp_app.drafting.templates import TEMPLATE_TYPES, TEMPLATES
from etp_app.etp_fields import FIELDS, EtpField, Kind
from etp_app.models import Etp
from etp_app.services.drafting import etp_facts
from etp_app.services.etps import AUDITED_FIELDS, READ_COLUMNS
from etp_app.services.versions import DIFF_FIELDS, RESTORABLE_FIELDS, build_snapshot
from tests.fakes.documents import sample_document

NAMES = [f.name for f in FIELDS]
# Columns of the ETP that are not fields a person edits.
NOT_EDITABLE = {
    "id",
    "organization_id",
    "created_by",
    "status",
    "filled_count",
    "mandatory_filled_count",
    "version",
    "search",
    "created_at",
    "updated_at",
    # the approval act (services/approval.py), written by POST /status, never edited
    "approved_by",
    "approved_by_name",
    "approved_at",
    "approval_statement",
    # the trash (services/trash.py): set by DELETE, cleared by a restore, never edited
    "deleted_at",
    "deleted_by",
}
# A value matching each pattern a TEXT field may declare (a new pattern needs its sample here).
PATTERN_SAMPLES = {"[0-9]{6}": "160001"}


def _text_sample(label: str, max_length: int | None) -> str:
    return f"{label} de exemplo"[: max_length or None]


def column_samples() -> dict[str, Any]:
    """A valid, non-empty value of every editable column, as the ORM holds it."""
    values: dict[str, Any] = {}
    for f in FIELDS:
        match f.kind:
            case Kind.TEXT:
                values[f.name] = PATTERN_SAMPLES[f.pattern] if f.pattern else _text_sample(f.label, f.max_length)
            case Kind.LONG_TEXT:
                values[f.name] = f"{f.label}: primeira linha.\nSegunda linha."
            case Kind.DATE:
                values[f.name] = date(2026, 3, 14)
            case Kind.MONEY:
                values[f.name] = Decimal("1234567.89")
            case Kind.QUANTITY:
                values[f.name] = Decimal("10.5")
            case Kind.INTEGER:
                values[f.name] = ((f.minimum or 0) + (f.maximum or 100)) // 2
            case Kind.CHOICE:
                values[f.name] = f.choices[-1]
            case Kind.PERSON:
                values.update((p.column, _text_sample(p.label, p.max_length)) for p in f.parts)
            case Kind.TEMPLATE_FIELDS:
                values[f.name] = {"garantia_meses": 36, "local_entrega": "Almoxarifado"}
            case Kind.PEOPLE:
                values[f.name] = [
                    {m.key: m.choices[-1] if m.choices else _text_sample(m.label, m.max_length) for m in f.members}
                ]
            case _:
                raise AssertionError(f"no sample for {f.kind}")
    return values


def api_samples() -> dict[str, Any]:
    """The same values as a client sends them (JSON): decimals and dates as text, the person as an object."""
    columns = column_samples()
    out: dict[str, Any] = {}
    for f in FIELDS:
        if f.parts:
            out[f.name] = {p.key: columns[p.column] for p in f.parts}
        else:
            value = columns[f.name]
            out[f.name] = format(value, "f") if isinstance(value, Decimal) else value
            if isinstance(value, date):
                out[f.name] = value.isoformat()
    return out


def flatten(data: dict[str, Any]) -> dict[str, Any]:
    """Input fields -> columns (what the ETP service does with a loaded payload)."""
    columns: dict[str, Any] = {}
    for name, value in data.items():
        f = etp_fields.BY_NAME[name]
        if f.parts:
            columns.update((p.column, value[p.key]) for p in f.parts)
        else:
            columns[name] = value
    return columns


def etp_row(**overrides: Any) -> types.SimpleNamespace:
    """A row with exactly the columns the read paths select."""
    now = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
    values = {
        "id": uuid.uuid4(),
        **column_samples(),
        "status": "draft",
        "filled_count": 3,
        "mandatory_filled_count": 2,
        "version": 7,
        "created_at": now,
        "updated_at": now,
        "created_by": uuid.uuid4(),
        "approved_by": None,
        "approved_by_name": None,
        "approved_at": None,
        "approval_statement": None,
    }
    values.update(overrides)
    assert set(values) == {c.name for c in READ_COLUMNS}
    return types.SimpleNamespace(**values)


# --- the declaration -----------------------------------------------------------------------------


def test_names_are_unique_and_columns_cover_the_fields():
    assert len(set(NAMES)) == len(NAMES)
    assert len(set(etp_fields.COLUMNS)) == len(etp_fields.COLUMNS)
    assert set(etp_fields.COLUMN_KINDS) == set(etp_fields.COLUMNS)
    for f in FIELDS:
        assert f.label and f.label[0].isupper(), f.name  # a pt-BR label for every field
        assert (f.kind is Kind.PERSON) == bool(f.parts), f.name
        assert (f.kind is Kind.CHOICE) == bool(f.choices), f.name
        assert f.max_length is not None or f.kind not in (Kind.TEXT, Kind.LONG_TEXT), f.name
        assert not f.required or not f.nullable, f.name


def test_choices_agree_with_the_template_catalog():
    assert etp_fields.TEMPLATE_TYPES == TEMPLATE_TYPES == tuple(TEMPLATES)
    assert etp_fields.BY_NAME["template_type"].choices == TEMPLATE_TYPES


def test_service_lists_are_the_declared_columns():
    assert [c.name for c in READ_COLUMNS][1 : 1 + len(etp_fields.COLUMNS)] == list(etp_fields.COLUMNS)
    assert set(AUDITED_FIELDS) == set(etp_fields.COLUMNS)
    assert RESTORABLE_FIELDS == etp_fields.COLUMNS
    assert DIFF_FIELDS == (*etp_fields.COLUMNS, "status")


# --- the ORM model -------------------------------------------------------------------------------


def _checks(table) -> list[str]:
    return [str(c.sqltext) for c in table.constraints if isinstance(c, CheckConstraint)]


def _column_kinds() -> list[tuple[str, Kind, EtpField, int | None]]:
    out = []
    for f in FIELDS:
        if f.parts:
            out += [(p.column, Kind.TEXT, f, p.max_length) for p in f.parts]
        else:
            out.append((f.name, f.kind, f, f.max_length))
    return out


def test_every_etp_column_is_declared_or_known_not_to_be_editable():
    table_columns = {c.name for c in Etp.__table__.c}
    assert table_columns - NOT_EDITABLE == set(etp_fields.COLUMNS)


@pytest.mark.parametrize(("column", "kind", "field", "max_length"), _column_kinds(), ids=lambda v: str(v))
def test_model_column_agrees_with_the_declaration(column, kind, field, max_length):
    col = Etp.__table__.c[column]
    checks = _checks(Etp.__table__)
    assert col.nullable == (field.nullable or bool(field.parts))
    match kind:
        case Kind.TEXT:
            assert type(col.type) is String and col.type.length == max_length
        case Kind.LONG_TEXT:
            assert isinstance(col.type, Text)
        case Kind.DATE:
            assert isinstance(col.type, Date)
        case Kind.MONEY | Kind.QUANTITY:
            assert isinstance(col.type, Numeric)
            assert (col.type.precision, col.type.scale) == (field.integer_digits + field.places, field.places)
            assert f"{column} >= 0" in checks  # the API refuses negative amounts too
        case Kind.INTEGER:
            assert isinstance(col.type, Integer)
            if field.minimum == 0:
                assert f"{column} >= 0" in checks
        case Kind.CHOICE:
            assert type(col.type) is String and col.type.length >= max(map(len, field.choices))
            assert f"{column} IN {field.choices!r}" in checks
        case Kind.TEMPLATE_FIELDS | Kind.PEOPLE:
            assert isinstance(col.type, JSONB)
    if field.pattern and not field.parts:
        assert f"{column} ~ '^{field.pattern}$'" in checks


# --- the typed views -----------------------------------------------------------------------------

_PYTHON_TYPES = {
    Kind.TEXT: str,
    Kind.LONG_TEXT: str,
    Kind.CHOICE: str,
    Kind.DATE: date,
    Kind.MONEY: Decimal,
    Kind.QUANTITY: Decimal,
    Kind.INTEGER: int,
}


def _expected_type(kind: Kind, nullable: bool) -> Any:
    base = _PYTHON_TYPES[kind]
    return base | None if nullable else base


def test_document_model_has_one_typed_attribute_per_document_column():
    hints = typing.get_type_hints(DocumentModel)
    own = {"etp_id", "status", "template_name", "version_label", "generated_at", "organization_name"}
    own |= {"sections", "campos_labels", "approved_by_name", "approved_at", "approval_statement"}
    assert set(hints) - own == set(etp_fields.DOCUMENT_COLUMNS)
    for column, kind, field, _ in _column_kinds():
        if kind is Kind.TEMPLATE_FIELDS:
            assert hints[column] == dict[str, Any]
        elif kind is Kind.PEOPLE:
            assert hints[column] == list[dict[str, Any]]
        else:
            assert hints[column] == _expected_type(kind, field.nullable or bool(field.parts)), column


def test_etp_facts_has_one_typed_attribute_per_drafting_column():
    hints = typing.get_type_hints(EtpFacts)
    assert set(hints) - {"findings"} == set(etp_fields.DRAFTING_COLUMNS)
    for column, kind, _, _ in _column_kinds():
        if column not in etp_fields.DRAFTING_COLUMNS:
            continue  # not given to the drafter (the planning team, the approving authority)
        if kind is Kind.TEMPLATE_FIELDS:
            assert hints[column] == Mapping[str, Any]
        else:
            assert hints[column] == _expected_type(kind, True), column  # absent facts are None


# --- the API -------------------------------------------------------------------------------------


def test_input_schemas_take_exactly_the_declared_fields():
    create, update = EtpCreateSchema(), EtpUpdateSchema()
    assert set(create.fields) == set(update.fields) == set(NAMES)
    assert {n for n, f in create.fields.items() if f.required} == {f.name for f in FIELDS if f.required}
    assert not any(f.required for f in update.fields.values())


@pytest.mark.parametrize("schema", [EtpCreateSchema, EtpUpdateSchema])
def test_every_field_round_trips_through_the_input_schema(schema):
    loaded = schema().load(json.loads(json.dumps(api_samples())))
    assert flatten(loaded) == column_samples()


@pytest.mark.parametrize("field", [f for f in FIELDS if f.kind in (Kind.TEXT, Kind.LONG_TEXT)], ids=lambda f: f.name)
def test_texts_are_refused_beyond_the_column_size(field):
    longest = PATTERN_SAMPLES[field.pattern] if field.pattern else "x" * (field.max_length or 0)
    assert EtpCreateSchema().load(dict(api_samples(), **{field.name: longest}))[field.name] == longest
    with pytest.raises(ValidationError) as caught:
        EtpCreateSchema().load(dict(api_samples(), **{field.name: longest + "1"}))
    assert field.name in caught.value.messages


@pytest.mark.parametrize("field", [f for f in FIELDS if f.parts], ids=lambda f: f.name)
def test_person_parts_are_refused_beyond_their_column_size(field):
    for part in field.parts:
        person = {part.key: "x" * part.max_length}
        assert EtpCreateSchema().load(dict(api_samples(), **{field.name: person}))[field.name] == person
        with pytest.raises(ValidationError) as caught:
            EtpCreateSchema().load(dict(api_samples(), **{field.name: {part.key: "x" * (part.max_length + 1)}}))
        assert part.key in caught.value.messages[field.name]


@pytest.mark.parametrize("field", [f for f in FIELDS if f.kind in etp_fields.DECIMAL_KINDS], ids=lambda f: f.name)
def test_decimals_are_refused_beyond_the_column_precision(field):
    for text in ("1." + "1" * (field.places + 1), "9" * (field.integer_digits + 1), "-1"):
        with pytest.raises(ValidationError) as caught:
            EtpCreateSchema().load(dict(api_samples(), **{field.name: text}))
        assert field.name in caught.value.messages
    largest = "9" * field.integer_digits + "." + "9" * field.places
    assert EtpCreateSchema().load(dict(api_samples(), **{field.name: largest}))[field.name] == Decimal(largest)


@pytest.mark.parametrize("field", [f for f in FIELDS if f.kind is Kind.INTEGER], ids=lambda f: f.name)
def test_integers_are_refused_out_of_their_range(field):
    for value in (field.minimum - 1, field.maximum + 1):
        with pytest.raises(ValidationError):
            EtpCreateSchema().load(dict(api_samples(), **{field.name: value}))


def test_output_schema_and_fast_serializer_list_the_fields_in_declared_order():
    row = etp_row()
    assert list(EtpSchema().fields)[1 : 1 + len(NAMES)] == NAMES
    assert list(etp_json(row))[1 : 1 + len(NAMES)] == NAMES
    assert EtpSchema().dump(row) == EtpSchema().generic_dump(row)
    empty = etp_row(**{c: None for c in etp_fields.COLUMNS if etp_fields.COLUMN_KINDS[c] is not Kind.TEMPLATE_FIELDS})
    assert EtpSchema().dump(empty) == EtpSchema().generic_dump(empty)


def test_the_etp_shape_round_trips_into_the_input_schema():
    shape = etp_json(etp_row())
    loaded = EtpUpdateSchema().load({name: shape[name] for name in NAMES})
    assert flatten(loaded) == column_samples()


# --- version snapshots ---------------------------------------------------------------------------


@pytest.mark.parametrize("column", etp_fields.RESTORABLE_COLUMNS)
def test_every_column_round_trips_through_a_snapshot(column):
    value = column_samples()[column]
    stored = json.loads(json.dumps(etp_fields.snapshot_value(column, value)))
    assert etp_fields.column_value(column, stored) == value
    # an absent value restores as the field's empty value: {} for the template fields, [] for a list
    # of people, the declared default otherwise (a snapshot from before the value model: "unico")
    field = etp_fields.BY_NAME.get(column)
    kind = etp_fields.COLUMN_KINDS[column]
    absent = {Kind.TEMPLATE_FIELDS: {}, Kind.PEOPLE: []}.get(kind, field.default if field is not None else None)
    assert etp_fields.column_value(column, etp_fields.snapshot_value(column, None)) == absent


def test_a_snapshot_holds_every_restorable_column():
    etp = Etp(id=uuid.uuid4(), status="draft", version=3, **column_samples())
    snapshot = json.loads(json.dumps(build_snapshot(etp, [])))
    restored = {c: etp_fields.column_value(c, snapshot["etp"][c]) for c in etp_fields.RESTORABLE_COLUMNS}
    assert restored == column_samples()
    assert snapshot["etp"]["valor_estimado"] == "1234567.89"  # decimals keep the column's places
    assert snapshot["etp"]["quantidade_estimada"] == "10.5000"


# --- drafting facts ------------------------------------------------------------------------------


def test_drafting_facts_are_the_declared_fields_and_the_service_builds_the_same():
    row = etp_row()
    facts = etp_fields.drafting_facts(row)
    assert list(facts) == [f.name for f in etp_fields.DRAFTING_FIELDS]
    assert etp_facts(row) == facts
    empty = etp_row(**{c: None for c in etp_fields.COLUMNS})
    assert etp_facts(empty) == etp_fields.drafting_facts(empty)


def test_every_drafting_fact_round_trips_into_etp_facts():
    parsed = EtpFacts.from_facts(json.loads(json.dumps(etp_fields.drafting_facts(etp_row()))))
    samples = column_samples()
    assert {c: getattr(parsed, c) for c in etp_fields.DRAFTING_COLUMNS} == {
        c: samples[c] for c in etp_fields.DRAFTING_COLUMNS
    }
    assert parsed.findings == ()


# --- documents and exports -----------------------------------------------------------------------


def _document() -> DocumentModel:
    return dataclasses.replace(sample_document(), **column_samples())


def test_every_document_field_round_trips_through_the_json_export_and_import():
    doc = _document()
    imported = parse_json_export(render_json(doc))["etp"]
    assert list(imported) == [f.name for f in etp_fields.DOCUMENT_FIELDS]
    assert flatten(EtpCreateSchema().load(imported)) == column_samples()


def test_json_schema_describes_every_exported_key():
    exported = export_dict(_document())["etp"]
    assert list(JSON_SCHEMA["properties"]["etp"]["properties"]) == list(exported)
    assert {f.name for f in etp_fields.DOCUMENT_FIELDS} <= set(exported)


def _xsd_tree() -> etree._Element:
    return etree.fromstring(XSD.encode("utf-8"))


def test_xml_export_carries_every_document_field_and_validates():
    doc = _document()
    root = etree.fromstring(render_xml(doc))
    assert etree.XMLSchema(_xsd_tree()).validate(root)
    etp = root.find(f"{{{NAMESPACE}}}etp")
    exported = export_dict(doc)["etp"]
    children = [child.tag.removeprefix(f"{{{NAMESPACE}}}") for child in etp]
    assert children == [k for k in exported if k != "campos_labels"]
    for f in etp_fields.DOCUMENT_FIELDS:
        element = etp.find(f"{{{NAMESPACE}}}{f.name}")
        if f.parts:
            assert {c.tag.removeprefix(f"{{{NAMESPACE}}}"): c.text for c in element} == exported[f.name]
        elif f.kind is Kind.PEOPLE:
            people = [{c.tag.removeprefix(f"{{{NAMESPACE}}}"): c.text for c in person} for person in element]
            assert people == exported[f.name]
        elif f.kind is not Kind.TEMPLATE_FIELDS:
            assert element.text == str(exported[f.name])


def test_xsd_named_types_agree_with_the_declaration():
    xs = "{http://www.w3.org/2001/XMLSchema}"
    simple = {t.get("name"): t for t in _xsd_tree().iter(f"{xs}simpleType") if t.get("name")}
    for f in FIELDS:
        if f.kind is Kind.CHOICE:
            values = [e.get("value") for e in simple[f.type_name].iter(f"{xs}enumeration")]
            assert tuple(values) == f.choices
        if f.pattern:
            assert simple[f.type_name].find(f"{xs}restriction/{xs}pattern").get("value") == f.pattern
    for kind, name in ((Kind.MONEY, "Money"), (Kind.QUANTITY, "Quantity")):
        pattern = simple[name].find(f"{xs}restriction/{xs}pattern").get("value")
        assert pattern == etp_fields.decimal_pattern(kind)
