"""ETP versions: listing, diff and restore of the numbered snapshots ``services.snapshots`` writes.

Snapshots (every ETP field and all 13 sections as JSON) are written by ``snapshots``, below the
section service in the layers, so that every writer records its version in its own transaction: an
explicit save point (here), a person's saves (coalesced per author and section, or per author for the
facts), drafts, accepted suggestions, acknowledged findings, status changes, approval and restores.

Restore writes every editable ETP field and every section's text back in one transaction, after a
``before_restore`` snapshot of the current state: sections keep their identities (rows are updated in
place). It brings back text and facts, never a person's act: the lifecycle ``status`` of the ETP
changes only through POST /status (approval rules, roles), a section saved as ``approved`` comes back
``edited`` or ``drafted`` (by its provenance), and the review marks and acknowledgements of every
restored section are cleared — they were about the text the restore replaced.
"""

from __future__ import annotations

import difflib
import re
import uuid
from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row, func, select

from etp_app import etp_fields
from etp_app.drafting.catalog import ALL_INCISOS, BY_INCISO
from etp_app.errors import Conflict, NotFound
from etp_app.extensions import db
from etp_app.models import Etp, EtpVersion
from etp_app.security import Identity
from etp_app.services import audit
from etp_app.services.etp_access import NOT_FOUND_MESSAGE, STATUS_LABELS, check_version, live_etp, lock_etp
from etp_app.services.sections import clear_review, recompute_completion
from etp_app.services.snapshots import build_snapshot, field_from_json, sections_of, take_snapshot

VERSION_NOT_FOUND = "Versão não encontrada."
MAX_VERSION_NUMBER = 2**31 - 1  # etp_versions.number is an INTEGER column
CURRENT = "current"

# Editable ETP columns, in the order of the ETP shape (responsavel_tecnico split in two columns).
RESTORABLE_FIELDS = etp_fields.RESTORABLE_COLUMNS
# Compared by the diff: the editable fields and the lifecycle status.
DIFF_FIELDS = RESTORABLE_FIELDS + ("status",)

RESTORE_READ_ONLY = (
    "ETP aprovado ou arquivado não pode ser restaurado: um administrador da organização deve "
    "reabri-lo como rascunho antes."
)
RESTORE_WHILE_DRAFTING = (
    "Há uma redação por IA em andamento neste ETP (seções {codes}): aguarde o fim do "
    "trabalho ou cancele-o antes de restaurar uma versão."
)


def _now() -> datetime:
    return datetime.now(UTC)


# --------------------------------------------------------------------------------------------------
# Reads
# --------------------------------------------------------------------------------------------------


def _ensure_etp(organization_id: uuid.UUID, etp_id: uuid.UUID) -> None:
    found = db.session.scalar(select(Etp.id).where(Etp.id == etp_id, live_etp(organization_id)))
    if found is None:
        raise NotFound(NOT_FOUND_MESSAGE)


def list_versions(organization_id: uuid.UUID, etp_id: uuid.UUID, *, page: int, page_size: int) -> tuple[list[Any], int]:
    """A page of the ETP's versions, newest first, without their snapshots; and the total."""
    _ensure_etp(organization_id, etp_id)
    t = EtpVersion.__table__.c
    total = db.session.scalar(select(func.count()).select_from(EtpVersion).where(t.etp_id == etp_id)) or 0
    offset = (page - 1) * page_size
    if offset >= total:  # also keeps a huge page number away from OFFSET (BIGINT)
        return [], total
    rows = db.session.execute(
        select(t.number, t.label, t.reason, t.scope, t.created_at, t.updated_at, t.created_by)
        .where(t.etp_id == etp_id)
        .order_by(t.number.desc())
        .limit(page_size)
        .offset(offset)
    ).all()
    return list(rows), total


def _version(etp_id: uuid.UUID, number: int) -> EtpVersion:
    if not 1 <= number <= MAX_VERSION_NUMBER:
        raise NotFound(VERSION_NOT_FOUND)
    version = db.session.scalar(select(EtpVersion).where(EtpVersion.etp_id == etp_id, EtpVersion.number == number))
    if version is None:
        raise NotFound(VERSION_NOT_FOUND)
    return version


def get_version(organization_id: uuid.UUID, etp_id: uuid.UUID, number: int) -> EtpVersion:
    """One version of an ETP of the organization, with its snapshot (404 otherwise)."""
    _ensure_etp(organization_id, etp_id)
    return _version(etp_id, number)


def current_snapshot(organization_id: uuid.UUID, etp_id: uuid.UUID) -> dict[str, Any]:
    """The live state of the ETP, in the snapshot format (no version is stored)."""
    etp = db.session.scalar(select(Etp).where(Etp.id == etp_id, live_etp(organization_id)))
    if etp is None:
        raise NotFound(NOT_FOUND_MESSAGE)
    return build_snapshot(etp, sections_of(etp.id))


# --------------------------------------------------------------------------------------------------
# Diff
# --------------------------------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"\S+\s*|\s+")
_CONTEXT_WORDS = 6
_AUTOJUNK_FROM = 5000  # tokens: above this, difflib's junk heuristic keeps long texts fast


def _tokens(text: str) -> list[str]:
    """Words with their trailing whitespace: joining the tokens gives the text back exactly."""
    return _TOKEN_RE.findall(text or "")


def word_diff(before: str, after: str) -> list[dict[str, str]]:
    """Word-level diff as ops ``{"op": "equal"|"delete"|"insert", "text": ...}``.

    Concatenating the ``equal`` and ``delete`` texts gives ``before``; ``equal`` and ``insert``
    give ``after``. A replaced run is a delete followed by an insert; adjacent ops of one kind merge.
    """
    a, b = _tokens(before), _tokens(after)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=len(a) + len(b) > _AUTOJUNK_FROM)
    ops: list[dict[str, str]] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if ops and ops[-1]["op"] == op:
            ops[-1]["text"] += text
        else:
            ops.append({"op": op, "text": text})

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("equal", "".join(a[i1:i2]))
        else:
            add("delete", "".join(a[i1:i2]))
            add("insert", "".join(b[j1:j2]))
    return ops


def unified_word_diff(
    ops: list[dict[str, str]], *, from_label: str, to_label: str, context: int = _CONTEXT_WORDS
) -> str:
    """A compact unified-style rendering of ``ops`` (git's ``--word-diff=plain``): removed words as
    ``[-…-]``, added words as ``{+…+}``, unchanged runs shortened to ``context`` words around
    each change, with " … " where words were left out."""
    out: list[str] = []
    for index, op in enumerate(ops):
        text = op["text"]
        if op["op"] == "delete":
            out.append(f"[-{text}-]")
        elif op["op"] == "insert":
            out.append(f"{{+{text}+}}")
        else:
            words = _tokens(text)
            first, last = index == 0, index == len(ops) - 1
            keep_head = 0 if first else context
            keep_tail = 0 if last else context
            if len(words) <= keep_head + keep_tail or (first and last):
                out.append(text)
                continue
            head = "".join(words[:keep_head])
            tail = "".join(words[len(words) - keep_tail :]) if keep_tail else ""
            out.append(head + ("… " if head or tail else "…") + tail)
    return f"--- {from_label}\n+++ {to_label}\n" + "".join(out)


def word_counts(ops: list[dict[str, str]]) -> tuple[int, int]:
    """(words added, words removed) by ``ops``: the words of the ``insert`` and ``delete`` runs."""
    added = sum(len(op["text"].split()) for op in ops if op["op"] == "insert")
    removed = sum(len(op["text"].split()) for op in ops if op["op"] == "delete")
    return added, removed


def words_summary(added: int, removed: int) -> str:
    """ "+120 / −40 palavras": what a reader scanning a list of changes needs first."""
    return f"+{added} / −{removed} palavras"


def fields_summary(count: int) -> str:
    """ "3 campos alterados", "1 campo alterado", "nenhum campo alterado"."""
    if count == 0:
        return "nenhum campo alterado"
    return "1 campo alterado" if count == 1 else f"{count} campos alterados"


def _section_summary(entry: dict[str, Any], added: int, removed: int) -> str:
    parts = []
    if entry["content"] is not None:
        parts.append(words_summary(added, removed))
    if entry["justification"] is not None:
        parts.append("justificativa alterada")
    if entry["status"] is not None:
        parts.append("status alterado")
    if entry["ai_generated"] is not None:
        parts.append("marca de IA alterada")
    if entry["suggestion"] is not None:
        parts.append("sugestão alterada")
    return "; ".join(parts)


def _label(number: int | str) -> str:
    return "atual" if number == CURRENT else f"versão {number}"


def diff_snapshots(before: dict[str, Any], after: dict[str, Any], *, a: int | str, b: int | str) -> dict[str, Any]:
    """Changed ETP fields ``{field: {before, after}}`` with their count in words (``fields_summary``)
    and, per changed section, its word diff with the words added and removed, the changed
    justification / status / AI flag / suggestion (``null`` where that part did not change) and a
    one-line ``summary`` ("+120 / −40 palavras; status alterado")."""
    fa, fb = before.get("etp", {}), after.get("etp", {})
    fields: dict[str, dict[str, Any]] = {}
    for name in DIFF_FIELDS:
        if fa.get(name) != fb.get(name):
            fields[name] = {"before": fa.get(name), "after": fb.get(name)}

    sa = {s["inciso"]: s for s in before.get("sections", [])}
    sb = {s["inciso"]: s for s in after.get("sections", [])}
    sections: list[dict[str, Any]] = []
    for inciso in ALL_INCISOS:
        x, y = sa.get(inciso, {}), sb.get(inciso, {})

        def changed(key: str, x: dict[str, Any] = x, y: dict[str, Any] = y) -> dict[str, Any] | None:
            return None if x.get(key) == y.get(key) else {"before": x.get(key), "after": y.get(key)}

        content = None
        added = removed = 0
        if (x.get("content") or "") != (y.get("content") or ""):
            ops = word_diff(x.get("content") or "", y.get("content") or "")
            added, removed = word_counts(ops)
            content = {
                "ops": ops,
                "unified": unified_word_diff(ops, from_label=_label(a), to_label=_label(b)),
                "words_added": added,
                "words_removed": removed,
            }
        entry = {
            "inciso": inciso,
            "code": BY_INCISO[inciso].code,
            "title": BY_INCISO[inciso].title,
            "content": content,
            "justification": changed("justification"),
            "status": changed("status"),
            "ai_generated": changed("ai_generated"),
            "suggestion": changed("suggestion"),
        }
        if any(entry[k] is not None for k in ("content", "justification", "status", "ai_generated", "suggestion")):
            entry["summary"] = _section_summary(entry, added, removed)
            sections.append(entry)
    return {"a": a, "b": b, "fields": fields, "fields_summary": fields_summary(len(fields)), "sections": sections}


def diff_versions(organization_id: uuid.UUID, etp_id: uuid.UUID, a: int, b: int | str) -> dict[str, Any]:
    """What changed from version ``a`` to version ``b`` (or to the live state when ``b`` is "current")."""
    _ensure_etp(organization_id, etp_id)
    before = _version(etp_id, a).snapshot
    after = current_snapshot(organization_id, etp_id) if b == CURRENT else _version(etp_id, int(b)).snapshot
    return diff_snapshots(before, after, a=a, b=b)


# --------------------------------------------------------------------------------------------------
# Writes
# --------------------------------------------------------------------------------------------------


def create_version(identity: Identity, etp_id: uuid.UUID, label: str) -> Row:
    """An explicit save point (reason ``manual``) of the ETP's current state."""
    etp = lock_etp(identity.organization_id, etp_id)
    version = take_snapshot(etp, reason="manual", actor_id=identity.user_id, label=label)
    db.session.commit()
    return version


def _restored_provenance(data: dict[str, Any]) -> str | None:
    """The provenance a restored text comes back with: the snapshot's, or — for a snapshot taken
    before provenance was kept — what its AI flag says (an AI text of then is an AI text)."""
    if not (data.get("content") or "").strip():
        return None
    if "provenance" in data:
        return data["provenance"]
    return "ai" if data.get("ai_generated") else "human"


def _restored_suggestion_provenance(data: dict[str, Any]) -> str | None:
    if not data.get("suggestion"):
        return None
    return data.get("suggestion_provenance", "ai")


def _restored_section_status(data: dict[str, Any]) -> str:
    """What a restored section's status says about its text, never about a person's act: a
    snapshot's ``approved`` (taken on approval) is not an approval of the draft ETP it is restored
    into, and its ``drafting`` (taken while a draft ran) would never be ended by a job. Both come back
    as their text's origin: ``drafted`` for a draft (AI or offline), ``edited`` for a person's text."""
    if not (data.get("content") or "").strip():
        return "empty"
    status = data.get("status") or "empty"
    if status in ("drafted", "edited"):
        return status
    return "drafted" if _restored_provenance(data) in ("ai", "offline") else "edited"


def restore_version(identity: Identity, etp_id: uuid.UUID, number: int, if_match: Collection[int] | None) -> Etp:
    """Bring the ETP's facts and its 13 sections' texts back to version ``number``, in one transaction.

    ``if_match``: the ETP versions the client's If-Match accepts (the route requires the header, as
    for every other write; None only for ``If-Match: *``). Takes a ``before_restore`` snapshot of the
    current state first, so a restore can itself be undone. Sections are updated in place (same ids);
    only those whose values differ get a new version, come back without review marks and with a
    status their text's origin gives (see :func:`_restored_section_status`).
    """
    etp = lock_etp(identity.organization_id, etp_id)
    check_version(etp.version, if_match)
    if etp.status in ("approved", "archived"):
        raise Conflict(RESTORE_READ_ONLY, errors={"status": [f"ETP {STATUS_LABELS[etp.status]}."]})
    target = _version(etp.id, number)
    sections = sections_of(etp.id, lock=True)
    drafting = [BY_INCISO[s.inciso].code for s in sections if s.status == "drafting"]
    if drafting:
        raise Conflict(
            RESTORE_WHILE_DRAFTING.format(codes=", ".join(drafting)),
            errors={"sections": [f"Seção {code} em redação." for code in drafting]},
        )

    saved = take_snapshot(
        etp,
        reason="before_restore",
        actor_id=identity.user_id,
        label=f"Antes de restaurar a versão {number}",
        sections=sections,
    )
    snapshot = target.snapshot
    fields = snapshot.get("etp", {})
    before_fields = {name: getattr(etp, name) for name in RESTORABLE_FIELDS}
    for name in RESTORABLE_FIELDS:
        value = field_from_json(name, fields.get(name))
        if getattr(etp, name) != value:
            setattr(etp, name, value)

    now = _now()
    by_inciso = {s["inciso"]: s for s in snapshot.get("sections", [])}
    changed_sections: list[str] = []
    for section in sections:
        data = by_inciso.get(section.inciso)
        if data is None:
            continue
        wanted = {
            "content": data.get("content") or "",
            "justification": data.get("justification"),
            "status": _restored_section_status(data),
            "suggestion": data.get("suggestion"),
            "ai_generated": bool(data.get("ai_generated")),
            "quality": data.get("quality"),
            "provenance": _restored_provenance(data),
            "drafting_notes": data.get("drafting_notes"),
            "suggestion_provenance": _restored_suggestion_provenance(data),
            "suggestion_notes": data.get("suggestion_notes"),
        }
        if all(getattr(section, key) == value for key, value in wanted.items()):
            continue  # the same text: its review (of this very text) still holds
        for key, value in wanted.items():
            setattr(section, key, value)
        clear_review(section)  # the review and acknowledgements were about the text it replaces
        section.version = section.version + 1
        section.updated_at = now
        section.updated_by = identity.user_id
        changed_sections.append(BY_INCISO[section.inciso].code)

    recompute_completion(etp.id)  # bumps the ETP's version (its ETag) and updated_at
    old, new = audit.summarize_change(before_fields, {name: getattr(etp, name) for name in RESTORABLE_FIELDS})
    audit.record(
        "version.restore",
        organization_id=identity.organization_id,
        actor_id=identity.user_id,
        target_type="version",
        target_id=target.id,
        etp_id=etp.id,
        before={"fields": old, "saved_as": saved.number},
        after={"fields": new, "restored": number, "sections": changed_sections},
    )
    db.session.commit()
    return etp
