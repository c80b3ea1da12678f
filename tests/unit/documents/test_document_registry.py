"""etp_app.documents: the renderer registry (lazy imports) and download file names."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from etp_app.documents import RENDERERS, filename_for
from tests.fakes.documents import sample_document

ROOT = Path(__file__).resolve().parents[3]


def test_registry_formats_media_types_and_extensions():
    assert {fmt: (r.media_type, r.extension) for fmt, r in RENDERERS.items()} == {
        "pdf": ("application/pdf", "pdf"),
        "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
        "json": ("application/json", "json"),
        "xml": ("application/xml", "xml"),
    }
    render, media_type, extension = RENDERERS["json"]  # unpacks like a plain tuple
    assert (render.__name__, media_type, extension) == ("render_json", "application/json", "json")


@pytest.mark.parametrize(
    ("fmt", "magic"), [("pdf", b"%PDF-"), ("docx", b"PK\x03\x04"), ("json", b"{"), ("xml", b"<?xml")]
)
def test_every_renderer_produces_its_format(fmt, magic):
    assert RENDERERS[fmt].render(sample_document(words_per_section=80)).startswith(magic)


def test_importing_the_package_loads_no_rendering_library():
    code = (
        "import sys, etp_app.documents; "
        "print(sorted(m for m in ('reportlab', 'docx', 'lxml', 'jsonschema', 'markdown_it') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_filename_from_process_number_and_title():
    doc = replace(sample_document(), numero_processo="23000.012345/2026-11", title="Aquisição de notebooks")
    assert filename_for(doc, "pdf") == "ETP_23000-012345-2026-11_aquisicao-de-notebooks.pdf"
    assert filename_for(doc, ".DOCX") == "ETP_23000-012345-2026-11_aquisicao-de-notebooks.docx"


def test_filename_is_ascii_bounded_and_cut_at_a_word():
    doc = replace(
        sample_document(),
        numero_processo="23000.012345/2026-11",
        title="Contratação de serviços contínuos de limpeza, conservação e higienização predial, com "
        "fornecimento de materiais, equipamentos e mão de obra — todas as unidades ção ção",
    )
    name = filename_for(doc, "pdf")
    assert name.isascii() and len(name) <= 120 and name.endswith(".pdf")
    stem = name.removesuffix(".pdf")
    assert not stem.endswith("-")
    assert "contratacao-de-servicos-continuos" in stem
    assert set(stem) <= set("ETP_-0123456789abcdefghijklmnopqrstuvwxyz")


def test_filename_without_process_or_usable_title():
    doc = replace(sample_document(), numero_processo=None, title="Aquisição")
    assert filename_for(doc, "xml") == "ETP_aquisicao.xml"
    doc = replace(sample_document(), numero_processo="  //  ", title="«»…")
    assert filename_for(doc, "json") == "ETP_5f0c9a7e-2b1d-4c61-9a53-0d7e4b1f2a90.json"


def test_filename_neutralizes_path_and_header_tricks():
    doc = replace(sample_document(), numero_processo="../../etc/passwd", title='x"; filename="evil.exe\r\n')
    name = filename_for(doc, "pdf")
    assert name == "ETP_etc-passwd_x-filename-evil-exe.pdf"


@pytest.mark.parametrize("ext", ["", "p/df", "pdf\n", "../x", "a" * 9])
def test_filename_rejects_bad_extensions(ext):
    with pytest.raises(ValueError):
        filename_for(sample_document(), ext)
