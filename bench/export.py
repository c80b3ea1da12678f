"""Benchmark: a full ETP (13 sections of ~1,500 words with lists and tables) to PDF and DOCX in-process,
against the same content as HTML printed to PDF by headless Chromium (the original product's route).

Reports median wall and CPU times of ``render_pdf`` and ``render_docx`` (after a warm-up), the page
counts, and for Chromium the median wall time of the whole process invocation (a fresh profile per
run, as an export job would start it) with the peak memory of its process tree; then the ratio
Chromium / ReportLab. Goals: PDF <= 1.0 s, DOCX <= 0.3 s, Chromium at least 3x slower than the PDF.

    .venv/bin/python bench/export.py [--runs 7] [--chromium-runs 5] [--no-chromium] [--readme]

``--readme`` replaces the "## Export (bench/export.py)" section of bench/README.md with the figures
(the rest of the file is left as it is). Chromium is Debian's ``chromium`` package
(``apt-get install -y chromium``); without it, that part is skipped.
"""

from __future__ import annotations

import argparse
import html
import io
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from etp_app.documents.model import DocumentModel

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

README = ROOT / "bench" / "README.md"
SECTION_HEADING = "## Export (bench/export.py)"
WORDS_PER_SECTION = 1500
GOAL_PDF_S = 1.0
GOAL_DOCX_S = 0.3
GOAL_RATIO = 3.0
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-pdf-header-footer",
)


@dataclass(frozen=True)
class Timing:
    wall: list[float]
    cpu: list[float]

    @property
    def wall_median(self) -> float:
        return statistics.median(self.wall)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)

    @property
    def wall_min(self) -> float:
        return min(self.wall)


def full_document() -> DocumentModel:
    """The benchmark ETP: all 13 sections filled (~19,500 words), Markdown lists and tables."""
    from tests.fakes.documents import sample_document, section_markdown, with_section

    doc = sample_document(words_per_section=WORDS_PER_SECTION)
    return with_section(
        doc, 2, content=section_markdown(2, WORDS_PER_SECTION), justification=None, ai_generated=True, status="drafted"
    )


def measure(render: Callable[[], bytes], runs: int) -> tuple[Timing, bytes]:
    output = render()  # warm-up: imports, font registration, parser set-up
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        output = render()
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started)
    return Timing(wall, cpu), output


def pdf_pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


# --- the same content as HTML ----------------------------------------------------------------

_CSS = """
@page { size: A4; margin: 3cm 2cm 2cm 3cm;
  @bottom-left { content: "%(footer)s"; font-size: 8pt; color: #5a5a5a; }
  @bottom-right { content: "Página " counter(page) " de " counter(pages); font-size: 8pt; color: #5a5a5a; } }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; line-height: 1.45; color: #1a1a1a; }
p { text-align: justify; margin: 0 0 6pt; }
h1 { font-size: 13.5pt; margin: 14pt 0 3pt; break-after: avoid; }
h2, h3, h4 { font-size: 11pt; break-after: avoid; }
.cover { text-align: center; break-after: page; }
.marker { font-size: 8.5pt; font-style: italic; color: #5a5a5a; }
.notice { border: 1.2pt solid #c98a00; background: #fff4d6; padding: 8pt 10pt; text-align: left; }
table { border-collapse: collapse; width: 100%%; margin: 4pt 0 10pt; font-size: 9pt; }
th, td { border: 0.5pt solid #9aa5b1; padding: 3pt 4pt; vertical-align: top; text-align: left; }
th { background: #e8eef4; }
.toc { break-after: page; }
.watermark { position: fixed; top: 40%%; left: 0; width: 100%%; text-align: center; font-size: 110pt;
  font-weight: bold; color: rgba(140, 140, 140, 0.18); transform: rotate(-52deg); z-index: -1; }
.unfilled { color: #a61b1b; font-weight: bold; }
"""


def document_html(doc: DocumentModel) -> str:
    """The ETP as one HTML page with the PDF's structure (Markdown rendered by markdown-it, HTML off)."""
    from markdown_it import MarkdownIt

    from etp_app.documents import presentation as p
    from etp_app.drafting.quality import strip_ai_notice

    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    e = html.escape

    def rows(pairs: list[tuple[str, str]]) -> str:
        return "".join(f"<tr><th>{e(label)}</th><td>{e(value)}</td></tr>" for label, value in pairs)

    views = p.section_views(doc)
    parts = [
        "<!doctype html><html lang='pt-BR'><head><meta charset='utf-8'>",
        f"<title>{e(doc.title)}</title><style>{_CSS % {'footer': p.footer_left(doc).replace(chr(34), '')}}</style>",
        "</head><body>",
        "" if doc.is_approved else f"<div class='watermark'>{p.DRAFT_MARK}</div>",
        "<section class='cover'>",
        f"<p><b>{e(doc.organization_name.upper())}</b></p><h1>{e(p.DOCUMENT_KIND.upper())}</h1>",
        f"<p>{e(p.LEGAL_BASIS)}</p><h2>{e(doc.title)}</h2><p><b>Objeto:</b> {e(doc.objeto)}</p>",
        f"<table>{rows(p.cover_facts(doc))}</table>",
        f"<div class='notice'><b>{e(p.AI_NOTICE_TITLE)}</b><br>{e(p.AI_NOTICE)}</div></section>",
        f"<section class='toc'><h1>{e(p.TOC_TITLE)}</h1><ol>",
        f"<li><a href='#campos'>{e(p.CAMPOS_TITLE)}</a></li>",
        *(f"<li><a href='#s{v.section.inciso}'>{e(v.heading)}</a></li>" for v in views),
        f"<li><a href='#annex'>Anexo — {e(p.ANNEX_TITLE)}</a></li></ol></section>",
        f"<h1 id='campos'>{e(p.CAMPOS_TITLE)}</h1><table>{rows(p.campos_rows(doc))}</table>",
    ]
    for view in views:
        section = view.section
        parts.append(f"<h1 id='s{section.inciso}'>{e(view.heading)}</h1><p class='marker'>{e(view.marker)}</p>")
        if view.state == "filled":
            parts.append(md.render(strip_ai_notice(section.content)))
        elif view.state == "justified":
            parts.append(f"<p><i>{e(p.JUSTIFICATION_LABEL)}</i></p>{md.render(section.justification or '')}")
        else:
            parts.append(f"<p class='unfilled'>{e(view.placeholder or p.UNFILLED)}</p>")
    parts.append(f"<h1 id='annex'>Anexo — {e(p.ANNEX_TITLE)}</h1><table><tr>")
    parts.append("".join(f"<th>{e(h)}</th>" for h in p.ANNEX_HEADER) + "</tr>")
    parts += ["<tr>" + "".join(f"<td>{e(v)}</td>" for v in n.row) + "</tr>" for n in p.cited_norms(doc)]
    parts.append("</table></body></html>")
    return "".join(parts)


def _pss(pid: int) -> int | None:
    """Proportional set size of ``pid`` in bytes (shared pages split among their users), from
    /proc/<pid>/smaps_rollup; None when unavailable."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


def tree_memory(pid: int) -> tuple[int, int]:
    """(PSS, RSS) summed over ``pid`` and its descendants. RSS counts the shared libraries and shared
    memory of Chromium's processes once per process; PSS splits them, so its sum is the real footprint."""
    import psutil

    try:
        process = psutil.Process(pid)
        members = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0, 0
    pss = rss = 0
    for member in members:
        try:
            rss += member.memory_info().rss
        except psutil.Error:
            continue
        pss += _pss(member.pid) or 0
    return pss, rss


@dataclass(frozen=True)
class ChromiumResult:
    walls: list[float]
    peak_pss: int
    peak_rss: int
    pages: int
    version: str

    @property
    def median(self) -> float:
        return statistics.median(self.walls)


def run_chromium(binary: str, doc: DocumentModel, runs: int) -> ChromiumResult:
    with tempfile.TemporaryDirectory(prefix="etp-html-") as tmp:
        html_path = Path(tmp) / "etp.html"
        html_path.write_text(document_html(doc), encoding="utf-8")
        walls, (pss, rss), pdf = chromium_print(binary, html_path, runs)
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    return ChromiumResult(walls, pss, rss, pdf_pages(pdf), version.splitlines()[-1] if version else "chromium")


def chromium_print(binary: str, html_path: Path, runs: int) -> tuple[list[float], tuple[int, int], bytes]:
    """Wall times of whole ``chromium --print-to-pdf`` invocations (warm-up excluded), the peak PSS and
    RSS summed over the browser's process tree (sampled every 20 ms), and the last PDF."""
    walls: list[float] = []
    peak_pss = peak_rss = 0
    output = b""
    for run in range(runs + 1):
        with tempfile.TemporaryDirectory(prefix="etp-chromium-") as tmp:
            pdf_path = Path(tmp) / "etp.pdf"
            command = [
                binary,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={tmp}/profile",
                f"--print-to-pdf={pdf_path}",
                html_path.as_uri(),
            ]
            started = time.perf_counter()
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            samples: list[tuple[int, int]] = []
            done = threading.Event()

            def sample(
                pid: int = process.pid, out: list[tuple[int, int]] = samples, stop: threading.Event = done
            ) -> None:
                while not stop.wait(0.02):
                    out.append(tree_memory(pid))

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            code = process.wait(timeout=120)
            elapsed = time.perf_counter() - started
            done.set()
            sampler.join()
            if code != 0 or not pdf_path.exists():
                raise RuntimeError(f"chromium exited with {code} and no PDF")
            output = pdf_path.read_bytes()
            if run:  # the first run warms the disk cache
                walls.append(elapsed)
                peak_pss = max([peak_pss, *(pss for pss, _ in samples)])
                peak_rss = max([peak_rss, *(rss for _, rss in samples)])
    return walls, (peak_pss, peak_rss), output


# --- report ----------------------------------------------------------------------------------


def fmt_s(seconds: float) -> str:
    return f"{seconds:.3f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs per in-process renderer")
    parser.add_argument("--chromium-runs", type=int, default=5, help="measured Chromium invocations")
    parser.add_argument("--no-chromium", action="store_true", help="skip the Chromium comparison")
    parser.add_argument("--readme", action="store_true", help=f"write the figures into {README.relative_to(ROOT)}")
    args = parser.parse_args()

    from etp_app.documents.docx import render_docx
    from etp_app.documents.pdf import render_pdf

    doc = full_document()
    words = sum(len(s.content.split()) for s in doc.sections)
    pdf_timing, pdf = measure(lambda: render_pdf(doc), args.runs)
    docx_timing, docx = measure(lambda: render_docx(doc), args.runs)
    pages = pdf_pages(pdf)

    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    chromium = run_chromium(binary, doc, args.chromium_runs) if binary and not args.no_chromium else None

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    load = os.getloadavg()
    lines = [
        f"Machine: {os.cpu_count()} CPUs, load average {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} when the "
        f"report was written (other work was running); Python {platform.python_version()}.",
        "",
        f"Document: 13 sections, {words} words of Markdown (paragraphs, bullet lists with a nested level, "
        "numbered lists, pipe tables), cover facts, type-specific fields, annex of cited norms.",
        "",
        "| renderer | median wall | fastest | median CPU | runs | output | goal |",
        "|---|---:|---:|---:|---:|---|---|",
        f"| PDF, ReportLab platypus (in-process) | {fmt_s(pdf_timing.wall_median)} | {fmt_s(pdf_timing.wall_min)} "
        f"| {fmt_s(pdf_timing.cpu_median)} | {args.runs} | {pages} pages, {len(pdf) // 1024} KiB "
        f"| ≤ {GOAL_PDF_S:.1f} s: {verdict(pdf_timing.wall_median <= GOAL_PDF_S)} |",
        f"| DOCX, python-docx (in-process) | {fmt_s(docx_timing.wall_median)} | {fmt_s(docx_timing.wall_min)} "
        f"| {fmt_s(docx_timing.cpu_median)} | {args.runs} | {len(docx) // 1024} KiB (pages: laid out by the word "
        f"processor) | ≤ {GOAL_DOCX_S:.1f} s: {verdict(docx_timing.wall_median <= GOAL_DOCX_S)} |",
    ]
    if chromium:
        ratio = chromium.median / pdf_timing.wall_median
        ratio_fastest = min(chromium.walls) / pdf_timing.wall_min
        lines += [
            f"| HTML → PDF, headless Chromium (whole process) | {fmt_s(chromium.median)} "
            f"| {fmt_s(min(chromium.walls))} | — | {args.chromium_runs} | {chromium.pages} pages; peak memory "
            f"of its processes: {chromium.peak_pss / 2**20:.0f} MiB PSS ({chromium.peak_rss / 2**20:.0f} MiB "
            "summed RSS) | — |",
            "",
            f"Chromium / ReportLab PDF: **{ratio:.1f}×** on medians, {ratio_fastest:.1f}× on the fastest runs "
            f"(goal ≥ {GOAL_RATIO:.0f}×: {verdict(min(ratio, ratio_fastest) >= GOAL_RATIO)}). {chromium.version}.",
        ]
    else:
        lines += ["", "Chromium comparison skipped (no `chromium` on PATH, or --no-chromium)."]
    walls = [
        f"PDF: {', '.join(f'{t:.3f}' for t in pdf_timing.wall)}",
        f"DOCX: {', '.join(f'{t:.3f}' for t in docx_timing.wall)}",
    ]
    if chromium:
        walls.append(f"Chromium: {', '.join(f'{t:.3f}' for t in chromium.walls)}")
    lines += ["", "Every wall time (s) — " + "; ".join(walls) + "."]
    report = "\n".join(lines)
    print(report)
    if args.readme:
        write_readme(report)
        print(f"\nwritten to {README.relative_to(ROOT)}")
    return 0


_README_INTRO = """Median of in-process runs after a warm-up (`time.perf_counter`, CPU with `time.process_time`). The
Chromium row times the whole `chromium --headless --print-to-pdf` process per export (fresh profile,
flags in the script), as the original product ran it, with the same content as one HTML page; its
peak memory is summed over the browser's processes, sampled every 20 ms: PSS (shared pages split
among the processes, the real footprint) and RSS (shared pages counted once per process). Re-run:
`.venv/bin/python bench/export.py --readme` (needs `apt-get install -y chromium` for the comparison).
"""


def write_readme(report: str) -> None:
    """Replace (or append) this benchmark's section of bench/README.md, leaving the others alone.
    The file is read right before it is written: other benchmarks own the other sections."""
    section = f"{SECTION_HEADING}\n\n{_README_INTRO}\n{report}\n"
    text = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    start = text.find(SECTION_HEADING)
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        following = text.find("\n## ", start + len(SECTION_HEADING))
        end = len(text) if following == -1 else following + 1
        text = text[:start] + section + ("\n" + text[end:] if following != -1 else "")
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
