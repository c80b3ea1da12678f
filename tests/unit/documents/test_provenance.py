"""Exports say who wrote each section (issue 10 §2): a person, AI reviewed or not, or the offline
drafter from the template — in the PDF and DOCX section marker, and in the JSON and XML exports."""

from __future__ import annotations

import io
import json
import re

from docx import Document
from jsonschema import Draft202012Validator
from lxml import etree
from pypdf import PdfReader

from etp_app.documents.docx import render_docx
from etp_app.documents.jsonexport import JSON_SCHEMA, render_json
from etp_app.documents.pdf import render_pdf
from etp_app.documents.presentation import section_marker
from etp_app.documents.xmlexport import NAMESPACE, XSD, render_xml
from etp_app.drafting.catalog import PROVENANCE_LABELS
from tests.fakes.documents import sample_document, with_section

LABELS = {
    1: ("human", False, PROVENANCE_LABELS["human"]),
    3: ("ai", True, PROVENANCE_LABELS["ai_reviewed"]),
    4: ("ai", False, PROVENANCE_LABELS["ai"]),
    5: ("offline", False, PROVENANCE_LABELS["offline"]),
}


def labelled_document():
    doc = sample_document(ai=False)
    for inciso, (provenance, reviewed, _) in LABELS.items():
        doc = with_section(doc, inciso, provenance=provenance, reviewed=reviewed, ai_generated=provenance != "human")
    return doc


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_marker_says_who_wrote_the_text():
    doc = labelled_document()
    by_inciso = {s.inciso: s for s in doc.sections}
    for inciso, (_, _, label) in LABELS.items():
        assert section_marker(by_inciso[inciso]).endswith(f" · {label}")
    assert "auxílio de IA" not in section_marker(by_inciso[5])  # the offline drafter is no AI
    assert section_marker(by_inciso[1], filled=False).startswith("Elemento")
    assert "·" not in section_marker(by_inciso[1], filled=False)


def test_pdf_and_docx_print_each_label():
    doc = labelled_document()
    pdf = squash(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(doc))).pages))
    docx = squash("\n".join(p.text for p in Document(io.BytesIO(render_docx(doc))).paragraphs))
    for text in (pdf, docx):
        for _, _, label in LABELS.values():
            assert label in text, label
        assert "texto elaborado com auxílio de inteligência artificial" not in text


def test_json_and_xml_carry_the_provenance_per_section():
    doc = labelled_document()
    payload = json.loads(render_json(doc))
    Draft202012Validator(JSON_SCHEMA).validate(payload)
    sections = {s["inciso"]: s for s in payload["sections"]}
    for inciso, (provenance, _, label) in LABELS.items():
        assert (sections[inciso]["provenance"], sections[inciso]["provenance_label"]) == (provenance, label)
    assert sections[2]["provenance"] is None and sections[2]["provenance_label"] is None  # empty
    assert payload["has_ai_content"] is True

    root = etree.fromstring(render_xml(doc))
    etree.XMLSchema(etree.fromstring(XSD.encode("utf-8"))).assertValid(root)
    ns = {"e": NAMESPACE}
    fifth = root.find("e:sections/e:section[@inciso='5']", ns)
    assert fifth.get("provenance") == "offline"
    assert fifth.findtext("e:provenance_label", namespaces=ns) == PROVENANCE_LABELS["offline"]


def test_offline_drafts_are_not_ai_content():
    doc = sample_document(ai=False)
    for s in doc.sections:
        doc = with_section(doc, s.inciso, provenance="offline", ai_generated=True)
    assert doc.has_ai_content is False
    assert json.loads(render_json(doc))["has_ai_content"] is False


def test_old_callers_without_provenance_keep_the_ai_flag_meaning():
    doc = sample_document(ai=True)
    assert doc.has_ai_content is True
    filled = next(s for s in doc.sections if s.content.strip())
    assert filled.provenance_label == PROVENANCE_LABELS["ai"]
