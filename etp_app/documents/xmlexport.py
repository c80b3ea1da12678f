"""The ETP as XML (namespace ``urn:etp-express:etp:1``) and the XML Schema it validates against.

The vocabulary is the JSON export's (same names, same values: decimal strings for money, ISO dates),
so one description serves both. Absent optional facts are left out rather than written empty. Every
text goes through lxml, which escapes it; characters XML 1.0 cannot carry are removed beforehand
(:func:`etp_app.documents.markdown.clean_text`). Section content keeps its newlines: it is element
text, never an attribute. The ``etp`` element's children follow the JSON export's keys, in order; the
XSD's sequence for them is built from the field declaration (:mod:`etp_app.etp_fields`), the simple
types it names (Money, Uasg, NivelRisco ...) are written out below.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from etp_app import etp_fields
from etp_app.documents.jsonexport import JSON_SCHEMA, SCHEMA_VERSION, export_dict
from etp_app.documents.model import DocumentModel
from etp_app.etp_fields import EtpField, Kind, Member

NAMESPACE = "urn:etp-express:etp:1"
_NS = f"{{{NAMESPACE}}}"


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, _NS + tag, attrs)
    if text is not None:
        element.text = text
    return element


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _campo_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "decimal"
    return "string"


def render_xml(doc: DocumentModel) -> bytes:
    """The ETP as UTF-8 XML with an XML declaration."""
    data = export_dict(doc)
    root = etree.Element(_NS + "etp_export", {"schema_version": SCHEMA_VERSION}, nsmap={None: NAMESPACE})
    _el(root, "generated_at", data["generated_at"])
    _el(root, "ai_notice", data["ai_notice"])
    _el(root, "has_ai_content", _scalar(data["has_ai_content"]))

    etp = data["etp"]
    node = _el(root, "etp")
    labels = etp["campos_labels"]  # written as the label attributes of the campos
    for name, value in etp.items():  # the export's order is the XSD sequence's
        kind = etp_fields.BY_NAME[name].kind if name in etp_fields.BY_NAME else None
        if kind is Kind.TEMPLATE_FIELDS:
            campos = _el(node, name)
            for key, campo in value.items():
                attrs = {"name": key, "type": _campo_type(campo) if campo is not None else "null"}
                if key in labels:
                    attrs["label"] = labels[key]
                _el(campos, "campo", None if campo is None else _scalar(campo), **attrs)
        elif kind is Kind.PERSON:
            if value is not None:
                person = _el(node, name)
                for key, text in value.items():
                    if text is not None:
                        _el(person, key, text)
        elif kind is Kind.PEOPLE:
            people = _el(node, name)
            for member in value:
                person = _el(people, "pessoa")
                for key, text in member.items():
                    if text is not None:
                        _el(person, key, text)
        elif value is not None and name != "campos_labels":
            _el(node, name, _scalar(value))

    approval = data["approval"]
    if approval is not None:
        act = _el(root, "approval")
        for key, text in approval.items():
            if text is not None:
                _el(act, key, text)

    sections = _el(root, "sections")
    for s in data["sections"]:
        section = _el(
            sections,
            "section",
            inciso=str(s["inciso"]),
            code=s["code"],
            mandatory=_scalar(s["mandatory"]),
            ai_generated=_scalar(s["ai_generated"]),
            status=s["status"],
            **({"provenance": s["provenance"]} if s["provenance"] else {}),
        )
        _el(section, "title", s["title"])
        if s["provenance_label"]:
            _el(section, "provenance_label", s["provenance_label"])
        _el(section, "content", s["content"])
        if s["justification"] is not None:
            _el(section, "justification", s["justification"])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --- the XSD ---------------------------------------------------------------------------------

# The Etp element's sequence is the export's keys in order: the document's own facts, then the fields.
_HEAD_TYPES = {
    "id": "xs:string",
    "status": "etp:EtpStatus",
    "template_name": "xs:string",
    "version_label": "xs:string",
    "organization_name": "xs:string",
}
_CAMPOS_TYPE = """  <xs:complexType>
    <xs:sequence>
      <xs:element name="campo" type="etp:Campo" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
  </xs:complexType>
  <xs:unique name="UniqueFieldName">
    <xs:selector xpath="etp:campo"/>
    <xs:field xpath="@name"/>
  </xs:unique>"""


def _text_type(max_length: int | None) -> str:
    """The two text sizes the XSD names are bounded; texts of other sizes are plain strings."""
    if max_length == etp_fields.SHORT_TEXT_MAX:
        return "etp:ShortText"
    return "etp:LongText" if max_length == etp_fields.LONG_TEXT_MAX else "xs:string"


def _named_type(f: EtpField) -> str | None:
    """The XSD type of field ``f`` when it is a named one (None: the element declares its own)."""
    match f.kind:
        case Kind.TEXT | Kind.LONG_TEXT:
            if f.required:
                return "etp:NonBlank"
            return f"etp:{f.type_name}" if f.pattern else _text_type(f.max_length)
        case Kind.DATE:
            return "xs:date"
        case Kind.QUANTITY:
            return "etp:Quantity"
        case Kind.MONEY:
            return "etp:Money"
        case Kind.CHOICE:
            return f"etp:{f.type_name}"
    return None


def _own_type(f: EtpField) -> str:
    """The anonymous type an element of field ``f`` declares (unindented lines)."""
    match f.kind:
        case Kind.INTEGER:
            base = "xs:nonNegativeInteger" if f.minimum == 0 else "xs:integer"
            low = f'<xs:minInclusive value="{f.minimum}"/>' if f.minimum else ""
            high = f'<xs:maxInclusive value="{f.maximum}"/>' if f.maximum is not None else ""
            return f"""  <xs:simpleType>
    <xs:restriction base="{base}">{low}{high}</xs:restriction>
  </xs:simpleType>"""
        case Kind.PERSON:
            parts = "\n".join(
                f'      <xs:element name="{p.key}" type="{_text_type(p.max_length)}" minOccurs="0"/>' for p in f.parts
            )
            return f"""  <xs:complexType>
    <xs:sequence>
{parts}
    </xs:sequence>
  </xs:complexType>"""
        case Kind.TEMPLATE_FIELDS:
            return _CAMPOS_TYPE
        case Kind.PEOPLE:
            members = "\n".join(_member_element(m) for m in f.members)
            return f"""  <xs:complexType>
    <xs:sequence>
      <xs:element name="pessoa" minOccurs="0" maxOccurs="{f.max_items or "unbounded"}">
        <xs:complexType>
          <xs:sequence>
{members}
          </xs:sequence>
        </xs:complexType>
      </xs:element>
    </xs:sequence>
  </xs:complexType>"""
    raise ValueError(f"no XSD type for {f.kind.value} fields ({f.name})")


def _member_element(m: Member) -> str:
    """One key of a PEOPLE field's person: a text, or an enumeration of its codes (left out when null)."""
    occurs = "" if m.required else ' minOccurs="0"'
    if not m.choices:
        kind = "etp:NonBlank" if m.required else _text_type(m.max_length)
        return f'            <xs:element name="{m.key}" type="{kind}"{occurs}/>'
    values = "".join(f'<xs:enumeration value="{c}"/>' for c in m.choices)
    return (
        f'            <xs:element name="{m.key}"{occurs}>\n'
        f'              <xs:simpleType><xs:restriction base="xs:string">{values}</xs:restriction></xs:simpleType>\n'
        "            </xs:element>"
    )


def _xsd_element(f: EtpField) -> str:
    """The element of field ``f`` (optional when the field may be null: absent facts are left out)."""
    occurs = ' minOccurs="0"' if f.nullable else ""
    named = _named_type(f)
    if named is not None:
        return f'<xs:element name="{f.name}" type="{named}"{occurs}/>'
    return f'<xs:element name="{f.name}"{occurs}>\n{_own_type(f)}\n</xs:element>'


def _etp_sequence() -> str:
    elements = [
        _xsd_element(etp_fields.BY_NAME[key])
        if key in etp_fields.BY_NAME
        else f'<xs:element name="{key}" type="{_HEAD_TYPES[key]}"/>'
        for key in JSON_SCHEMA["properties"]["etp"]["properties"]
        if key != "campos_labels"  # the campos' label attributes
    ]
    return "\n".join("      " + line for element in elements for line in element.split("\n"))


_ETP_SEQUENCE = _etp_sequence()

XSD = f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- ETP Express: Estudo Técnico Preliminar (art. 18 da Lei 14.133/2021), exportação XML {SCHEMA_VERSION} -->
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:etp="{NAMESPACE}"
           targetNamespace="{NAMESPACE}" elementFormDefault="qualified" attributeFormDefault="unqualified">

  <xs:simpleType name="NonBlank">
    <xs:restriction base="xs:string"><xs:pattern value="[\\s\\S]*\\S[\\s\\S]*"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="ShortText">
    <xs:restriction base="xs:string"><xs:maxLength value="{etp_fields.SHORT_TEXT_MAX}"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="LongText">
    <xs:restriction base="xs:string"><xs:maxLength value="{etp_fields.LONG_TEXT_MAX}"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="Money">
    <xs:restriction base="xs:string"><xs:pattern value="{etp_fields.decimal_pattern(Kind.MONEY)}"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="Quantity">
    <xs:restriction base="xs:string"><xs:pattern value="{etp_fields.decimal_pattern(Kind.QUANTITY)}"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="Uasg">
    <xs:restriction base="xs:string"><xs:pattern value="{etp_fields.BY_NAME["uasg"].pattern}"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="EtpStatus">
    <xs:restriction base="xs:string">
      <xs:enumeration value="draft"/><xs:enumeration value="in_review"/>
      <xs:enumeration value="approved"/><xs:enumeration value="archived"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="TemplateType">
    <xs:restriction base="xs:string">
      <xs:enumeration value="bens"/><xs:enumeration value="servicos"/>
      <xs:enumeration value="obras"/><xs:enumeration value="ti"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="NivelRisco">
    <xs:restriction base="xs:string">
      <xs:enumeration value="baixo"/><xs:enumeration value="medio"/><xs:enumeration value="alto"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="PeriodicidadePreco">
    <xs:restriction base="xs:string">
      <xs:enumeration value="unico"/><xs:enumeration value="mensal"/><xs:enumeration value="anual"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="SectionStatus">
    <xs:restriction base="xs:string">
      <xs:enumeration value="empty"/><xs:enumeration value="drafting"/><xs:enumeration value="drafted"/>
      <xs:enumeration value="edited"/><xs:enumeration value="approved"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="Provenance">
    <xs:restriction base="xs:string">
      <xs:enumeration value="human"/><xs:enumeration value="ai"/><xs:enumeration value="offline"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="Inciso">
    <xs:restriction base="xs:int"><xs:minInclusive value="1"/><xs:maxInclusive value="13"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="IncisoCode">
    <xs:restriction base="xs:string"><xs:pattern value="I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII|XIII"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="FieldName">
    <xs:restriction base="xs:string"><xs:pattern value="[a-z][a-z0-9_]{{0,59}}"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="FieldType">
    <xs:restriction base="xs:string">
      <xs:enumeration value="string"/><xs:enumeration value="integer"/><xs:enumeration value="decimal"/>
      <xs:enumeration value="boolean"/><xs:enumeration value="null"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:complexType name="Campo">
    <xs:simpleContent>
      <xs:extension base="xs:string">
        <xs:attribute name="name" type="etp:FieldName" use="required"/>
        <xs:attribute name="type" type="etp:FieldType" use="required"/>
        <xs:attribute name="label" type="xs:string"/>
      </xs:extension>
    </xs:simpleContent>
  </xs:complexType>

  <xs:complexType name="Etp">
    <xs:sequence>
{_ETP_SEQUENCE}
    </xs:sequence>
  </xs:complexType>

  <xs:complexType name="Section">
    <xs:sequence>
      <xs:element name="title" type="etp:NonBlank"/>
      <xs:element name="provenance_label" type="etp:NonBlank" minOccurs="0"/>
      <xs:element name="content" type="xs:string"/>
      <xs:element name="justification" type="xs:string" minOccurs="0"/>
    </xs:sequence>
    <xs:attribute name="inciso" type="etp:Inciso" use="required"/>
    <xs:attribute name="code" type="etp:IncisoCode" use="required"/>
    <xs:attribute name="mandatory" type="xs:boolean" use="required"/>
    <xs:attribute name="ai_generated" type="xs:boolean" use="required"/>
    <xs:attribute name="status" type="etp:SectionStatus" use="required"/>
    <xs:attribute name="provenance" type="etp:Provenance" use="optional"/>
  </xs:complexType>

  <xs:element name="etp_export">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="generated_at" type="xs:dateTime"/>
        <xs:element name="ai_notice" type="etp:NonBlank"/>
        <xs:element name="has_ai_content" type="xs:boolean"/>
        <xs:element name="etp" type="etp:Etp"/>
        <xs:element name="approval" minOccurs="0">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="approved_by_name" type="xs:string" minOccurs="0"/>
              <xs:element name="approved_at" type="xs:dateTime" minOccurs="0"/>
              <xs:element name="statement" type="xs:string" minOccurs="0"/>
              <xs:element name="label" type="etp:NonBlank"/>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        <xs:element name="sections">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="section" type="etp:Section" minOccurs="13" maxOccurs="13"/>
            </xs:sequence>
          </xs:complexType>
          <xs:unique name="UniqueInciso">
            <xs:selector xpath="etp:section"/>
            <xs:field xpath="@inciso"/>
          </xs:unique>
        </xs:element>
      </xs:sequence>
      <xs:attribute name="schema_version" type="xs:string" fixed="{SCHEMA_VERSION}" use="required"/>
    </xs:complexType>
  </xs:element>
</xs:schema>
"""
