"""provenance: who wrote each section's text, and the drafter's notes kept beside it, not in it

Adds ``sections.provenance`` / ``suggestion_provenance`` (human, ai, offline) and
``drafting_notes`` / ``suggestion_notes`` (JSONB ``[{kind, text}]``), and moves the scaffolding the
drafter used to write into the texts out of ``content`` and ``suggestion`` into the notes.

Only what the drafter wrote, character for character, is taken out: the offline drafter's first
line, the template's guidance blockquote, the requester's instructions block, section VI's
"**Atenção:** …" paragraph and the AI notice line the engine appended (``etp_app/drafting/offline.py``
and ``engine.py`` before this revision). Each is matched as a whole paragraph, so a person's own
sentences are never touched. The strings are copied here, not imported: a migration must keep
meaning what it meant when it was written.

Revision ID: 0006_provenance
Revises: 0005_approval
Create Date: 2026-12-01 23:45:00.000000

"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "0006_provenance"
down_revision = "0005_approval"
branch_labels = None
depends_on = None

PROVENANCES = ("human", "ai", "offline")

# --- what the drafter wrote before this revision ---------------------------------------------------
OLD_OFFLINE_NOTICE = "_Rascunho gerado pelo redator offline (sem IA generativa) a partir dos dados do ETP._"
OLD_AI_NOTICE_LINE = (
    "> **Aviso:** Conteúdo elaborado com o auxílio de inteligência artificial. Deve ser revisado e "
    "validado por um servidor responsável antes de qualquer uso oficial."
)
OLD_WARNING = (
    "**Atenção:** o produto da quantidade estimada pelo valor unitário de referência não corresponde "
    "ao valor total informado; revise a memória de cálculo antes da aprovação."
)
OLD_INSTRUCTIONS_HEAD = (
    "**Observações do solicitante** (registradas para a revisão; o redator offline não as aplica ao texto):"
)
_GUIDANCE_RX = re.compile(
    r"> \*\*Orientação do modelo(?: \((?P<source>[^\n]*)\))? para completar esta seção\*\*\n>\n> (?P<text>[^\n]*)"
)

# --- the notes they become (the wording of the drafter after this revision) ------------------------
NEW_OFFLINE_NOTICE = (
    "Rascunho gerado pelo redator offline (sem IA generativa) a partir do modelo e dos dados do ETP. "
    "Complete os marcadores [a preencher: …] e revise o texto antes da aprovação."
)
NEW_WARNING = (
    "O produto da quantidade estimada pelo valor unitário de referência não corresponde ao valor "
    "total informado. Revise a memória de cálculo antes da aprovação."
)
NEW_INSTRUCTIONS_HEAD = (
    "Observações do solicitante (registradas para a revisão; o redator offline não as aplica ao texto):"
)
_MARKERS = (OLD_OFFLINE_NOTICE, OLD_AI_NOTICE_LINE, OLD_WARNING, OLD_INSTRUCTIONS_HEAD, "> **Orientação do modelo")


def _guidance_note(source: str | None, text: str) -> str:
    return f"Orientação do modelo{f' ({source})' if source else ''} para completar esta seção: {text}"


def split_scaffolding(text: str) -> tuple[str, list[dict[str, str]], bool]:
    """``text`` without the drafter's scaffolding paragraphs, the notes they become, and whether the
    offline drafter's first line was there (the text is an offline draft)."""
    paragraphs = text.split("\n\n")
    kept: list[str] = []
    notes: list[dict[str, str]] = []
    offline = False
    i = 0
    while i < len(paragraphs):
        paragraph = paragraphs[i]
        stripped = paragraph.strip()
        guidance = _GUIDANCE_RX.fullmatch(stripped)
        if stripped == OLD_OFFLINE_NOTICE:
            offline = True
            notes.insert(0, {"kind": "note", "text": NEW_OFFLINE_NOTICE})
        elif stripped == OLD_AI_NOTICE_LINE:
            pass  # the AI notice is the section's provenance label now
        elif stripped == OLD_WARNING:
            notes.append({"kind": "warning", "text": NEW_WARNING})
        elif guidance is not None:
            notes.append({"kind": "guidance", "text": _guidance_note(guidance["source"], guidance["text"])})
        elif stripped == OLD_INSTRUCTIONS_HEAD and i + 1 < len(paragraphs) and paragraphs[i + 1].startswith(">"):
            quoted = paragraphs[i + 1].split("\n")
            if all(line.startswith(">") for line in quoted):
                lines = [line[2:] if line.startswith("> ") else line[1:] for line in quoted]
                notes.append({"kind": "note", "text": NEW_INSTRUCTIONS_HEAD + "\n" + "\n".join(lines)})
                i += 2
                continue
            kept.append(paragraph)
        else:
            kept.append(paragraph)
        i += 1
    if len(kept) == len(paragraphs):
        return text, notes, offline  # nothing of the drafter's: the text stays byte for byte
    return "\n\n".join(kept).strip(), notes, offline


def join_scaffolding(text: str, notes: list[dict[str, str]] | None, *, ai_notice: bool) -> str:
    """The old layout of a text from its notes (the downgrade): the offline line first, the
    warning, guidance and instructions after the text, the AI notice last."""
    head: list[str] = []
    tail: list[str] = []
    for note in notes or []:
        body = note.get("text") or ""
        if note.get("kind") == "note" and body == NEW_OFFLINE_NOTICE:
            head.append(OLD_OFFLINE_NOTICE)
        elif note.get("kind") == "warning" and body == NEW_WARNING:
            tail.append(OLD_WARNING)
        elif note.get("kind") == "guidance":
            match = re.fullmatch(r"Orientação do modelo(?: \((?P<s>.*)\))? para completar esta seção: (?P<t>.*)", body)
            if match is not None:
                source = f" ({match['s']})" if match["s"] else ""
                tail.append(f"> **Orientação do modelo{source} para completar esta seção**\n>\n> {match['t']}")
        elif note.get("kind") == "note" and body.startswith(NEW_INSTRUCTIONS_HEAD + "\n"):
            lines = body[len(NEW_INSTRUCTIONS_HEAD) + 1 :].split("\n")
            quoted = "\n".join(f"> {line}" if line else ">" for line in lines)
            tail.append(f"{OLD_INSTRUCTIONS_HEAD}\n\n{quoted}")
    blocks = [*head, text, *tail] if text.strip() else []
    if blocks and ai_notice:
        blocks.append(OLD_AI_NOTICE_LINE)
    return "\n\n".join(blocks)


_SECTIONS = sa.table(
    "sections",
    sa.column("id", sa.Uuid()),
    sa.column("content", sa.Text()),
    sa.column("status", sa.String()),
    sa.column("suggestion", sa.Text()),
    sa.column("ai_generated", sa.Boolean()),
    sa.column("provenance", sa.String()),
    sa.column("drafting_notes", postgresql.JSONB()),
    sa.column("suggestion_provenance", sa.String()),
    sa.column("suggestion_notes", postgresql.JSONB()),
)


def _has_text(text: str | None) -> bool:
    return bool(text and text.strip())


def upgrade():
    with op.batch_alter_table("sections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("provenance", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("drafting_notes", postgresql.JSONB(astext_type=sa.Text()), nullable=True))
        batch_op.add_column(sa.Column("suggestion_provenance", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("suggestion_notes", postgresql.JSONB(astext_type=sa.Text()), nullable=True))
        batch_op.create_check_constraint(op.f("ck_sections_provenance_valid"), f"provenance IN {PROVENANCES!r}")
        batch_op.create_check_constraint(
            op.f("ck_sections_suggestion_provenance_valid"), f"suggestion_provenance IN {PROVENANCES!r}"
        )

    conn = op.get_bind()
    s = _SECTIONS.c
    # Every text-holding section gets a provenance; only those with a marker need their text read.
    # A person's edit (status "edited") made the text theirs; an untouched AI draft keeps "ai" unless
    # the offline line below says it came from the template drafter.
    conn.execute(
        _SECTIONS.update()
        .where(s.content.op("~")(r"\S"))
        .values(
            provenance=sa.case((s.status == "edited", "human"), (s.ai_generated.is_(True), "ai"), else_="human"),
            ai_generated=sa.and_(s.ai_generated.is_(True), s.status != "edited"),
        )
    )
    conn.execute(_SECTIONS.update().where(s.suggestion.op("~")(r"\S")).values(suggestion_provenance="ai"))
    marked = sa.or_(*(s.content.contains(m) for m in _MARKERS), *(s.suggestion.contains(m) for m in _MARKERS))
    rows = conn.execute(sa.select(s.id, s.content, s.suggestion, s.provenance).where(marked)).all()
    for row in rows:
        values: dict[str, Any] = {}
        if row.content:
            content, notes, offline = split_scaffolding(row.content)
            if content != row.content or notes:
                values["content"] = content
                values["drafting_notes"] = notes or None
                if offline and row.provenance == "ai":
                    values["provenance"] = "offline"
        if row.suggestion:
            suggestion, notes, offline = split_scaffolding(row.suggestion)
            if suggestion != row.suggestion or notes:
                values["suggestion"] = suggestion or None
                values["suggestion_notes"] = notes or None
                if offline:
                    values["suggestion_provenance"] = "offline"
        if values:
            conn.execute(_SECTIONS.update().where(s.id == row.id).values(**values))


def downgrade():
    # Lossy only in layout, never in text: the notes go back into the texts in the old drafter's
    # places (the offline line first, the rest after the text; section VI's warning sat after its
    # opening paragraph and comes back after the text), the AI notice line is appended to AI and
    # offline drafts, and the "ai_generated" flag the upgrade cleared on sections a person had
    # edited stays cleared (which sections those were is not kept).
    conn = op.get_bind()
    s = _SECTIONS.c
    rows = conn.execute(
        sa.select(
            s.id, s.content, s.suggestion, s.provenance, s.drafting_notes, s.suggestion_provenance, s.suggestion_notes
        ).where(sa.or_(s.provenance.in_(("ai", "offline")), s.drafting_notes.isnot(None), s.suggestion.isnot(None)))
    ).all()
    for row in rows:
        values: dict[str, Any] = {}
        drafted = row.provenance in ("ai", "offline")
        if row.content is not None and (row.drafting_notes or drafted):
            values["content"] = join_scaffolding(row.content, row.drafting_notes, ai_notice=drafted)
        if row.suggestion:
            values["suggestion"] = join_scaffolding(row.suggestion, row.suggestion_notes, ai_notice=True)
        if values:
            conn.execute(_SECTIONS.update().where(s.id == row.id).values(**values))
    with op.batch_alter_table("sections", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_sections_suggestion_provenance_valid"), type_="check")
        batch_op.drop_constraint(op.f("ck_sections_provenance_valid"), type_="check")
        batch_op.drop_column("suggestion_notes")
        batch_op.drop_column("suggestion_provenance")
        batch_op.drop_column("drafting_notes")
        batch_op.drop_column("provenance")
