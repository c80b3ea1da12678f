"""Document renderers: PDF, DOCX, JSON and XML, pure functions from a document model to bytes.

``RENDERERS[fmt]`` gives ``(render, media_type, extension)``. The renderer modules are imported on
first use, so importing this package does not load ReportLab, python-docx or lxml.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Callable
from typing import NamedTuple

from etp_app.documents.model import DocSection, DocumentModel

Render = Callable[[DocumentModel], bytes]


class Renderer(NamedTuple):
    render: Render
    media_type: str
    extension: str


def _lazy(module: str, function: str) -> Render:
    """A renderer that imports ``etp_app.documents.<module>`` when first called."""

    def render(doc: DocumentModel) -> bytes:
        implementation: Render = getattr(importlib.import_module(f"etp_app.documents.{module}"), function)
        return implementation(doc)

    render.__name__ = render.__qualname__ = function
    render.__doc__ = f"``etp_app.documents.{module}.{function}``, imported on first use."
    return render


RENDERERS: dict[str, Renderer] = {
    "pdf": Renderer(_lazy("pdf", "render_pdf"), "application/pdf", "pdf"),
    "docx": Renderer(
        _lazy("docx", "render_docx"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    "json": Renderer(_lazy("jsonexport", "render_json"), "application/json", "json"),
    "xml": Renderer(_lazy("xmlexport", "render_xml"), "application/xml", "xml"),
}

FILENAME_MAX_CHARS = 120
_PROCESS_MAX_CHARS = 40
_EXTENSION = re.compile(r"[a-z0-9]{1,8}")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_NOT_PROCESS = re.compile(r"[^A-Za-z0-9]+")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _truncate_words(slug: str, limit: int) -> str:
    """``slug`` cut at a hyphen so that it has at most ``limit`` characters."""
    if len(slug) <= limit:
        return slug
    cut = slug[: limit + 1]
    return (cut.rsplit("-", 1)[0] if "-" in cut else cut[:limit]).strip("-")


def filename_for(doc: DocumentModel, ext: str) -> str:
    """A safe ASCII file name for a download: ``ETP_<process>_<title slug>.<ext>``, e.g.
    ``ETP_23000-012345-2026-11_aquisicao-de-notebooks.pdf``. Accents are removed, anything but
    letters and digits becomes a hyphen, and the whole name has at most :data:`FILENAME_MAX_CHARS`
    characters (the title is cut at a word boundary). Without a usable process number or title, the
    ETP id stands in."""
    extension = ext.lower().lstrip(".")
    if not _EXTENSION.fullmatch(extension):
        raise ValueError(f"invalid file extension: {ext!r}")
    process = _NOT_PROCESS.sub("-", _ascii(doc.numero_processo or "")).strip("-")[:_PROCESS_MAX_CHARS].strip("-")
    title = _NOT_SLUG.sub("-", _ascii(doc.title or "").lower()).strip("-")
    parts = ["ETP"] + ([process] if process else [])
    room = FILENAME_MAX_CHARS - len("_".join(parts)) - len(extension) - 2  # "_" before the title, "."
    title = _truncate_words(title, room)
    if title:
        parts.append(title)
    elif not process:
        parts.append(_NOT_SLUG.sub("-", _ascii(doc.etp_id).lower()).strip("-")[:36] or "documento")
    return "_".join(parts) + "." + extension


__all__ = ["RENDERERS", "DocSection", "DocumentModel", "Renderer", "filename_for"]
