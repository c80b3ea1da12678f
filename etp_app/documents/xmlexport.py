"""The ETP as XML (namespace ``urn:etp-express:etp:1``) and the XML Schema it validates against.

The vocabulary is the JSON export's (same names, same values: decimal strings for money, ISO dates),
so one description serves both. Absent optional facts are left out rather than written empty. Every
text goes through lxml, which escapes it; characters XML 1.0 cannot carry are removed beforehand
(:func:`etp_app.documents.markdown.clean_text`). Section content keeps its newlines: it is element
text, never an attribute.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from etp_app.documents.jsonexport import SCHEMA_VERSION, export_dict
from etp_app.documents.model import DocumentModel

NAMESPACE = "urn:etp-express:etp:1"
_NS = f"{{{NAMESPACE}}}"

# The ETP's scalar fields, in the order the XSD sequence fixes (responsavel_tecnico and campos are
# structured and placed explicitly).
_SCALARS_BEFORE = (
    "id",
    "title",
    "objeto",
    "status",
    "template_type",
    "template_name",
    "version_label",
    "organization_name",
    "numero_processo",
    "orgao",
    "uasg",
    "unidade_requisitante",
)
_SCALARS_AFTER = (
    "data_elaboracao",
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
)


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
    for name in _SCALARS_BEFORE:
        if etp[name] is not None:
            _el(node, name, _scalar(etp[name]))
    responsavel = etp["responsavel_tecnico"]
    if responsavel is not None:
        person = _el(node, "responsavel_tecnico")
        for name in ("nome", "matricula"):
            if responsavel[name] is not None:
                _el(person, name, responsavel[name])
    for name in _SCALARS_AFTER:
        if etp[name] is not None:
            _el(node, name, _scalar(etp[name]))
    campos = _el(node, "campos")
    labels = etp["campos_labels"]
    for name, value in etp["campos"].items():
        attrs = {"name": name, "type": _campo_type(value) if value is not None else "null"}
        if name in labels:
            attrs["label"] = labels[name]
        _el(campos, "campo", None if value is None else _scalar(value), **attrs)

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
        )
        _el(section, "title", s["title"])
        _el(section, "content", s["content"])
        if s["justification"] is not None:
            _el(section, "justification", s["justification"])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


XSD = f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- ETP Express: Estudo Técnico Preliminar (art. 18 da Lei 14.133/2021), exportação XML {SCHEMA_VERSION} -->
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:etp="{NAMESPACE}"
           targetNamespace="{NAMESPACE}" elementFormDefault="qualified" attributeFormDefault="unqualified">

  <xs:simpleType name="NonBlank">
    <xs:restriction base="xs:string"><xs:pattern value="[\\s\\S]*\\S[\\s\\S]*"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="ShortText">
    <xs:restriction base="xs:string"><xs:maxLength value="300"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="LongText">
    <xs:restriction base="xs:string"><xs:maxLength value="50000"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="Money">
    <xs:restriction base="xs:string"><xs:pattern value="[0-9]{{1,16}}(\\.[0-9]{{1,2}})?"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="Quantity">
    <xs:restriction base="xs:string"><xs:pattern value="[0-9]{{1,14}}(\\.[0-9]{{1,4}})?"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="Uasg">
    <xs:restriction base="xs:string"><xs:pattern value="[0-9]{{6}}"/></xs:restriction>
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
  <xs:simpleType name="SectionStatus">
    <xs:restriction base="xs:string">
      <xs:enumeration value="empty"/><xs:enumeration value="drafting"/><xs:enumeration value="drafted"/>
      <xs:enumeration value="edited"/><xs:enumeration value="approved"/>
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
      <xs:element name="id" type="xs:string"/>
      <xs:element name="title" type="etp:NonBlank"/>
      <xs:element name="objeto" type="etp:NonBlank"/>
      <xs:element name="status" type="etp:EtpStatus"/>
      <xs:element name="template_type" type="etp:TemplateType"/>
      <xs:element name="template_name" type="xs:string"/>
      <xs:element name="version_label" type="xs:string"/>
      <xs:element name="organization_name" type="xs:string"/>
      <xs:element name="numero_processo" type="xs:string" minOccurs="0"/>
      <xs:element name="orgao" type="etp:ShortText" minOccurs="0"/>
      <xs:element name="uasg" type="etp:Uasg" minOccurs="0"/>
      <xs:element name="unidade_requisitante" type="etp:ShortText" minOccurs="0"/>
      <xs:element name="responsavel_tecnico" minOccurs="0">
        <xs:complexType>
          <xs:sequence>
            <xs:element name="nome" type="xs:string" minOccurs="0"/>
            <xs:element name="matricula" type="xs:string" minOccurs="0"/>
          </xs:sequence>
        </xs:complexType>
      </xs:element>
      <xs:element name="data_elaboracao" type="xs:date" minOccurs="0"/>
      <xs:element name="quantidade_estimada" type="etp:Quantity" minOccurs="0"/>
      <xs:element name="unidade_medida" type="xs:string" minOccurs="0"/>
      <xs:element name="valor_estimado" type="etp:Money" minOccurs="0"/>
      <xs:element name="valor_unitario" type="etp:Money" minOccurs="0"/>
      <xs:element name="prazo_execucao_dias" minOccurs="0">
        <xs:simpleType>
          <xs:restriction base="xs:nonNegativeInteger"><xs:maxInclusive value="36500"/></xs:restriction>
        </xs:simpleType>
      </xs:element>
      <xs:element name="nivel_risco" type="etp:NivelRisco" minOccurs="0"/>
      <xs:element name="dotacao_orcamentaria" type="etp:ShortText" minOccurs="0"/>
      <xs:element name="descricao_necessidade" type="etp:LongText" minOccurs="0"/>
      <xs:element name="requisitos" type="etp:LongText" minOccurs="0"/>
      <xs:element name="riscos" type="etp:LongText" minOccurs="0"/>
      <xs:element name="campos">
        <xs:complexType>
          <xs:sequence>
            <xs:element name="campo" type="etp:Campo" minOccurs="0" maxOccurs="unbounded"/>
          </xs:sequence>
        </xs:complexType>
        <xs:unique name="UniqueFieldName">
          <xs:selector xpath="etp:campo"/>
          <xs:field xpath="@name"/>
        </xs:unique>
      </xs:element>
    </xs:sequence>
  </xs:complexType>

  <xs:complexType name="Section">
    <xs:sequence>
      <xs:element name="title" type="etp:NonBlank"/>
      <xs:element name="content" type="xs:string"/>
      <xs:element name="justification" type="xs:string" minOccurs="0"/>
    </xs:sequence>
    <xs:attribute name="inciso" type="etp:Inciso" use="required"/>
    <xs:attribute name="code" type="etp:IncisoCode" use="required"/>
    <xs:attribute name="mandatory" type="xs:boolean" use="required"/>
    <xs:attribute name="ai_generated" type="xs:boolean" use="required"/>
    <xs:attribute name="status" type="etp:SectionStatus" use="required"/>
  </xs:complexType>

  <xs:element name="etp_export">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="generated_at" type="xs:dateTime"/>
        <xs:element name="ai_notice" type="etp:NonBlank"/>
        <xs:element name="has_ai_content" type="xs:boolean"/>
        <xs:element name="etp" type="etp:Etp"/>
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
