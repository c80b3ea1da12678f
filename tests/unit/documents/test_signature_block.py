"""Issue 10 §1: the exported documents name who planned and who approves (a signature block with
names, roles, place and date, the approver and the approval date when approved), and anything not
approved says "Minuta — não aprovada" instead of "Aprovado"; JSON and XML carry the approval and team."""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace

import pytest
from docx import Document
from jsonschema import Draft202012Validator
from lxml import etree
from pypdf import PdfReader

from etp_app.documents.docx import render_docx
from etp_app.documents.jsonexport import JSON_SCHEMA, parse_json_export, render_json
from etp_app.documents.pdf import render_pdf
from etp_app.documents.presentation import DRAFT_NOTE, SIGNATURES_TITLE, signature_block, status_label
from etp_app.documents.xmlexport import NAMESPACE, XSD, render_xml
from tests.fakes.documents import APPROVAL_STATEMENT, sample_document

NS = {"e": NAMESPACE}


def _pdf_text(doc) -> str:
    reader = PdfReader(io.BytesIO(render_pdf(doc)))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))


def _docx_text(doc) -> str:
    document = Document(io.BytesIO(render_docx(doc)))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_block_of_an_approved_etp_names_team_authority_place_date_and_approver():
    block = signature_block(sample_document(status="approved"))
    assert [(p.name, p.function) for p in block.team] == [
        ("Maria da Conceição Araújo", "Área requisitante"),
        ("João Pedro Lima", "Área técnica"),
    ]
    assert block.team[0].role == "Coordenadora" and block.team[0].matricula == "1234567-8"
    assert block.authority is not None and block.authority.role == "Secretária de Estado da Educação"
    assert (
        block.place_date
        == "Secretaria de Estado da Educação — SEDUC — Coordenação de Tecnologia Educacional, 20/03/2026"
    )
    assert block.approval == "Aprovado por Ana Beatriz Souza em 20/03/2026 às 14:00 (horário de Brasília)."
    assert block.statement == APPROVAL_STATEMENT and block.missing == ()


def test_a_draft_is_a_minuta_and_a_block_without_people_says_so():
    doc = replace(sample_document(), equipe_planejamento=[], autoridade_nome=None, autoridade_cargo=None)
    block = signature_block(doc)
    assert block.approval.startswith(DRAFT_NOTE) and block.statement is None
    assert block.missing == ("Equipe de planejamento não informada.", "Autoridade competente não informada.")
    assert block.place_date.endswith(", 14/03/2026")  # the elaboration date until it is approved
    assert status_label(doc) == "Minuta — não aprovada (rascunho)"
    assert status_label(replace(doc, status="in_review")) == "Minuta — não aprovada (em revisão)"
    assert status_label(replace(doc, status="archived")) == "Minuta — não aprovada (arquivado)"


@pytest.mark.parametrize("render", [_pdf_text, _docx_text], ids=["pdf", "docx"])
def test_pdf_and_docx_print_the_signature_block(render):
    approved = render(sample_document(status="approved"))
    for expected in (
        SIGNATURES_TITLE,
        "Maria da Conceição Araújo",
        "Coordenadora · Área requisitante · Matrícula 1234567-8",
        "João Pedro Lima",
        "Analista de TI · Área técnica",
        "Ana Beatriz Souza",
        "Secretária de Estado da Educação · Autoridade competente",
        "Aprovado por Ana Beatriz Souza em 20/03/2026 às 14:00 (horário de Brasília).",
        APPROVAL_STATEMENT,
        "Aprovado em 20/03/2026 por Ana Beatriz Souza",
    ):
        assert expected in approved, expected
    assert "Minuta" not in approved
    draft = render(sample_document())
    assert "Minuta — não aprovada" in draft and "Aprovado por" not in draft and "Aprovado em" not in draft


def test_json_and_xml_carry_the_approval_and_the_team():
    approved = json.loads(render_json(sample_document(status="approved")))
    Draft202012Validator(JSON_SCHEMA).validate(approved)
    assert approved["approval"] == {
        "approved_by_name": "Ana Beatriz Souza",
        "approved_at": "2026-03-20T17:00:00+00:00",
        "statement": APPROVAL_STATEMENT,
        "label": "Aprovado em 20/03/2026 por Ana Beatriz Souza",
    }
    assert approved["etp"]["equipe_planejamento"][1] == {
        "nome": "João Pedro Lima",
        "cargo": "Analista de TI",
        "papel": "area_tecnica",
        "matricula": None,
    }
    assert approved["etp"]["autoridade_competente"] == {
        "nome": "Ana Beatriz Souza",
        "cargo": "Secretária de Estado da Educação",
    }
    draft = json.loads(render_json(sample_document()))
    assert draft["approval"] is None
    # the team survives an import; an export made before the team existed still imports
    imported = parse_json_export(render_json(sample_document()))["etp"]
    assert imported["equipe_planejamento"] == draft["etp"]["equipe_planejamento"]
    del draft["etp"]["equipe_planejamento"], draft["etp"]["autoridade_competente"], draft["approval"]
    assert "equipe_planejamento" not in parse_json_export(json.dumps(draft).encode())["etp"]

    schema = etree.XMLSchema(etree.fromstring(XSD.encode()))
    for doc in (sample_document(), sample_document(status="approved")):
        xml = etree.fromstring(render_xml(doc))
        schema.assertValid(xml)
    people = xml.findall("e:etp/e:equipe_planejamento/e:pessoa", NS)
    assert [p.findtext("e:nome", namespaces=NS) for p in people] == ["Maria da Conceição Araújo", "João Pedro Lima"]
    assert people[1].find("e:matricula", NS) is None
    assert xml.findtext("e:approval/e:approved_by_name", namespaces=NS) == "Ana Beatriz Souza"
    assert xml.findtext("e:approval/e:statement", namespaces=NS) == APPROVAL_STATEMENT
