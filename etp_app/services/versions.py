"""ETP versions: numbered snapshots of every ETP field and all 13 sections, their diff, and restore.

A snapshot is plain JSON (money and quantities as exact decimal strings, dates as ISO text) stored
in ``etp_versions.snapshot``. Numbers run 1, 2, 3… per ETP and are assigned while the ETP row is
locked, so two concurrent save points of one ETP never race for a number. Snapshots are taken on an
explicit save point, before and after a whole-ETP AI draft, before a restore and on approval; the
automatic ones join the transaction of the change that caused them (``take_snapshot``).

Restore writes every editable ETP field and every section back in one transaction, after a
``before_restore`` snapshot of the current state: sections keep their identities (rows are updated in
place). The lifecycle ``status`` of the ETP is recorded in snapshots but never restored: it changes
only through POST /status (approval rules, roles).
"""

from __future__ import annotations

import difflib
import re
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import Row, bindparam, func, insert, select

from etp_app import etp_fields
from etp_app.drafting.catalog import ALL_INCISOS, BY_INCISO
from etp_app.errors import Conflict, NotFound
from etp_app.extensions import db
from etp_app.models import AuditLog, Etp, EtpVersion, Section
from etp_app.security import Identity
from etp_app.services import audit
from etp_app.services.etp_access import NOT_FOUND_MESSAGE, STATUS_LABELS, check_version, lock_etp
from etp_app.services.sections import recompute_completion

SNAPSHOT_SCHEMA = 1
VERSION_NOT_FOUND = "Versão não encontrada."
MAX_VERSION_NUMBER = 2**31 - 1  # etp_versions.number is an INTEGER column
CURRENT = "current"

# Editable ETP columns, in the order of the ETP shape (responsavel_tecnico split in two columns).
RESTORABLE_FIELDS = etp_fields.RESTORABLE_COLUMNS
# Compared by the diff: the editable fields and the lifecycle status.
DIFF_FIELDS = RESTORABLE_FIELDS + ("status",)
SECTION_FIELDS = ("content", "justification", "status", "suggestion", "ai_generated", "quality")

DEFAULT_LABELS = {
    "before_draft": "Antes da redação do ETP por IA",
    "after_draft": "Depois da redação do ETP por IA",
    "approval": "ETP aprovado",
}
RESTORE_READ_ONLY = (
    "ETP aprovado ou arquivado não pode ser restaurado: um administrador da organização deve "
    "reabri-lo (status draft) antes."
)
RESTORE_WHILE_DRAFTING = (
    "Há uma redação por IA em andamento neste ETP (seções {codes}): aguarde o fim do "
    "trabalho ou cancele-o antes de restaurar uma versão."
)


def _now() -> datetime:
    return datetime.now(UTC)


# --------------------------------------------------------------------------------------------------
# Snapshots
# --------------------------------------------------------------------------------------------------


# A column's value in a snapshot's JSON and back, by the kind etp_fields declares for it.
_field_to_json = etp_fields.snapshot_value
_field_from_json = etp_fields.column_value


def _section_json(section: Section) -> dict[str, Any]:
    return {
        "inciso": section.inciso,
        "content": section.content or "",
        "justification": section.justification,
        "status": section.status,
        "suggestion": section.suggestion,
        "ai_generated": bool(section.ai_generated),
        "quality": section.quality,
    }


def build_snapshot(etp: Etp, sections: Iterable[Section]) -> dict[str, Any]:
    """Every field of the ETP and its 13 sections as JSON-able values (money as exact strings)."""
    fields = {name: _field_to_json(name, getattr(etp, name)) for name in RESTORABLE_FIELDS}
    fields["status"] = etp.status
    return {
        "schema": SNAPSHOT_SCHEMA,
        "etp": {
            "id": str(etp.id),
            **fields,
            "completion": {"filled": etp.filled_count, "mandatory_filled": etp.mandatory_filled_count},
            "created_by": str(etp.created_by) if etp.created_by else None,
            "created_at": etp.created_at.isoformat() if etp.created_at else None,
            "updated_at": etp.updated_at.isoformat() if etp.updated_at else None,
            "version": etp.version,
        },
        "sections": [_section_json(s) for s in sorted(sections, key=lambda s: s.inciso)],
    }


def _sections_of(etp_id: uuid.UUID, *, lock: bool = False) -> list[Section]:
    stmt = select(Section).where(Section.etp_id == etp_id).order_by(Section.inciso)
    if lock:
        stmt = stmt.with_for_update()
    return list(db.session.scalars(stmt.execution_options(populate_existing=True)))


# The columns of a version row as a snapshot writes it: the keys of SnapshotRows.version.
VERSION_COLUMNS = ("id", "etp_id", "number", "label", "reason", "snapshot", "created_by", "created_at")


class SnapshotRows(NamedTuple):
    """The two rows a snapshot writes, as ``{column: value}``: the version (:data:`VERSION_COLUMNS`)
    and its audit row (``audit.ROW_COLUMNS``)."""

    version: dict[str, Any]
    audit: dict[str, Any]


def snapshot_rows(
    etp: Any,
    *,
    reason: str,
    actor_id: uuid.UUID | None,
    number: int,
    label: str | None = None,
    sections: Iterable[Any] | None = None,
) -> SnapshotRows:
    """Version ``number`` of ``etp`` (an ORM ``Etp`` or a row with the same columns) and its audit row,
    for :func:`take_snapshot` or for a statement that writes them with the change they precede (the
    draft request, ``services.drafting_sql``). The caller holds the ETP row lock (``FOR UPDATE``) for
    the rest of its transaction: that lock serializes the numbering and every writer of the ETP's
    sections (they all lock the ETP first)."""
    db.session.flush()  # pending changes of the caller belong to the snapshot
    if sections is None:
        sections = _sections_of(etp.id)
    label = label if label is not None else DEFAULT_LABELS.get(reason)
    version_id = uuid.uuid4()
    version = {
        "id": version_id,
        "etp_id": etp.id,
        "number": number,
        "label": label,
        "reason": reason,
        "snapshot": build_snapshot(etp, sections),
        "created_by": actor_id,
        "created_at": _now(),
    }
    audit_row = audit.row_values(
        "version.create",
        organization_id=etp.organization_id,
        actor_id=actor_id,
        target_type="version",
        target_id=version_id,
        etp_id=etp.id,
        after={"number": number, "reason": reason, "label": label},
    )
    return SnapshotRows(version, audit_row)


# take_snapshot's two statements. The next number, read while the ETP row is locked ...
_VERSIONS = EtpVersion.__table__
_NEXT_NUMBER = select(
    select(func.coalesce(func.max(_VERSIONS.c.number), 0) + 1)
    .where(_VERSIONS.c.etp_id == bindparam("next_version_of"))
    .scalar_subquery()
)
# ... then the version row and its audit row in one statement (the audit INSERT as a CTE), returning
# the version's columns but its snapshot. Parameters are named <prefix><column> so that none is named
# like a column of a table written: SQLAlchemy would take such a key as one more column to SET.
_VERSION_PREFIX = "version_"
_AUDIT_PREFIX = "version_audit_"
_TAKE_SNAPSHOT = select(
    insert(_VERSIONS)
    .values(**{name: bindparam(_VERSION_PREFIX + name) for name in VERSION_COLUMNS})
    .returning(*(_VERSIONS.c[name] for name in VERSION_COLUMNS if name != "snapshot"))
    .cte("version_write")
).add_cte(
    insert(AuditLog.__table__)
    .values(**{name: bindparam(_AUDIT_PREFIX + name) for name in audit.ROW_COLUMNS})
    .cte("version_audit_write")
)


def take_snapshot(
    etp: Any,
    *,
    reason: str,
    actor_id: uuid.UUID | None,
    label: str | None = None,
    sections: Iterable[Any] | None = None,
) -> Row:
    """Insert the next numbered version of ``etp`` and its audit row in the session's transaction (the
    caller commits; see :func:`snapshot_rows`). Returns the version's row (without the snapshot)."""
    number: int = db.session.execute(_NEXT_NUMBER, {"next_version_of": etp.id}).scalar_one()
    rows = snapshot_rows(etp, reason=reason, actor_id=actor_id, number=number, label=label, sections=sections)
    params = {_VERSION_PREFIX + name: value for name, value in rows.version.items()}
    params.update((_AUDIT_PREFIX + name, value) for name, value in rows.audit.items())
    return db.session.connection().execute(_TAKE_SNAPSHOT, params).one()


# --------------------------------------------------------------------------------------------------
# Reads
# --------------------------------------------------------------------------------------------------


def _ensure_etp(organization_id: uuid.UUID, etp_id: uuid.UUID) -> None:
    found = db.session.scalar(select(Etp.id).where(Etp.id == etp_id, Etp.organization_id == organization_id))
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
        select(t.number, t.label, t.reason, t.created_at, t.created_by)
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
    etp = db.session.scalar(select(Etp).where(Etp.id == etp_id, Etp.organization_id == organization_id))
    if etp is None:
        raise NotFound(NOT_FOUND_MESSAGE)
    return build_snapshot(etp, _sections_of(etp.id))


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


def _label(number: int | str) -> str:
    return "atual" if number == CURRENT else f"versão {number}"


def diff_snapshots(before: dict[str, Any], after: dict[str, Any], *, a: int | str, b: int | str) -> dict[str, Any]:
    """Changed ETP fields ``{field: {before, after}}`` and, per changed section, its word diff and
    changed justification / status / AI flag (``null`` where that part did not change)."""
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
        if (x.get("content") or "") != (y.get("content") or ""):
            ops = word_diff(x.get("content") or "", y.get("content") or "")
            content = {"ops": ops, "unified": unified_word_diff(ops, from_label=_label(a), to_label=_label(b))}
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
            sections.append(entry)
    return {"a": a, "b": b, "fields": fields, "sections": sections}


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


def _restored_section_status(data: dict[str, Any]) -> str:
    """A snapshot taken while a draft ran shows ``drafting``; no job will end that on a restored
    section, so it comes back as what its content says."""
    status = data.get("status") or "empty"
    if status != "drafting":
        return status
    if not (data.get("content") or "").strip():
        return "empty"
    return "drafted" if data.get("ai_generated") else "edited"


def restore_version(identity: Identity, etp_id: uuid.UUID, number: int, if_match: Any = None) -> Etp:
    """Bring the ETP and its 13 sections back to version ``number``, in one transaction.

    Takes a ``before_restore`` snapshot of the current state first, so a restore can itself be undone.
    Sections are updated in place (same ids); only those whose values differ get a new version.
    """
    etp = lock_etp(identity.organization_id, etp_id)
    check_version(etp.version, if_match)
    if etp.status in ("approved", "archived"):
        raise Conflict(RESTORE_READ_ONLY, errors={"status": [f"ETP {STATUS_LABELS[etp.status]}."]})
    target = _version(etp.id, number)
    sections = _sections_of(etp.id, lock=True)
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
        value = _field_from_json(name, fields.get(name))
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
        }
        if all(getattr(section, key) == value for key, value in wanted.items()):
            continue
        for key, value in wanted.items():
            setattr(section, key, value)
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
