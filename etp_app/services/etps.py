"""ETP use cases: create (with its 13 sections), read, list and search, update, delete, lifecycle.

Every query is scoped to the caller's organization: an id of another organization is "not found".
Each use case that writes commits once, with its audit row. Writers lock the ETP row first and its
sections second (the same order everywhere, so concurrent writers never deadlock), and bump
``Etp.version`` whenever the ETP's representation changes: the ETag is built from it.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Row, bindparam, func, select
from sqlalchemy.sql import Select

from etp_app import etp_fields
from etp_app.drafting.catalog import ALL_INCISOS, BY_INCISO
from etp_app.drafting.templates import validate_campos
from etp_app.errors import Conflict, Forbidden, NotFound, UnprocessableEntity
from etp_app.extensions import db
from etp_app.models import Etp, Section
from etp_app.models.user import ROLE_RANK
from etp_app.security import Identity
from etp_app.services import audit
from etp_app.services.etp_access import (
    NOT_FOUND_MESSAGE,
    STATUS_LABELS,
    check_version,
    ensure_editable,
    has_text,
    lock_etp,
)
from etp_app.services.reads import read_only
from etp_app.services.versions import take_snapshot

# The columns a person edits whose changes the audit rows record (declared in etp_fields).
AUDITED_FIELDS = etp_fields.AUDITED_COLUMNS

# Columns the read paths select: everything the ETP shape needs, never the tsvector. Plain Core
# table columns (not ORM attributes): rows come back without the ORM's per-statement overhead.
_ETPS = Etp.__table__
READ_COLUMNS = tuple(
    _ETPS.c[name]
    for name in (
        "id",
        *etp_fields.COLUMNS,
        "status",
        "filled_count",
        "mandatory_filled_count",
        "version",
        "created_at",
        "updated_at",
        "created_by",
    )
)

# Lifecycle: (from, to) -> minimum role.
TRANSITIONS: dict[tuple[str, str], str] = {
    ("draft", "in_review"): "member",
    ("in_review", "draft"): "member",
    ("in_review", "approved"): "org_admin",
    ("draft", "archived"): "member",
    ("in_review", "archived"): "member",
    ("approved", "archived"): "member",
    ("approved", "draft"): "org_admin",
    ("archived", "draft"): "org_admin",
}
MISSING_MANDATORY = "Seção obrigatória sem conteúdo."
MISSING_OPTIONAL = "Preencha a seção ou justifique sua ausência."


def _now() -> datetime:
    return datetime.now(UTC)


# --------------------------------------------------------------------------------------------------
# Reads
# --------------------------------------------------------------------------------------------------

_GET_STMT: Select | None = None


def _get_stmt() -> Select:
    global _GET_STMT
    if _GET_STMT is None:
        _GET_STMT = select(*READ_COLUMNS).where(
            _ETPS.c.id == bindparam("etp_id"), _ETPS.c.organization_id == bindparam("org_id")
        )
    return _GET_STMT


def get_etp(organization_id: uuid.UUID, etp_id: uuid.UUID) -> Row:
    """One ETP of the organization, as a row of READ_COLUMNS: one SELECT, no relationship loads."""
    params = {"etp_id": etp_id, "org_id": organization_id}
    row = read_only(lambda conn: conn.execute(_get_stmt(), params).first())
    if row is None:
        raise NotFound(NOT_FOUND_MESSAGE)
    return row


@dataclass(frozen=True)
class EtpFilters:
    status: str | None = None
    template_type: str | None = None
    q: str | None = None
    created_by: uuid.UUID | None = None


def list_etps(
    organization_id: uuid.UUID, filters: EtpFilters, *, page: int, page_size: int
) -> tuple[Sequence[Row], int]:
    """A page of the organization's ETPs and the total: one query for the page, one for the count.

    With ``q``, ETPs whose title/objeto match ``websearch_to_tsquery('portuguese', q)``, best rank
    first; otherwise most recently updated first.
    """
    c = _ETPS.c
    conditions = [c.organization_id == organization_id]
    if filters.status:
        conditions.append(c.status == filters.status)
    if filters.template_type:
        conditions.append(c.template_type == filters.template_type)
    if filters.created_by:
        conditions.append(c.created_by == filters.created_by)
    order: list[Any] = []
    q = (filters.q or "").replace("\x00", " ").strip()
    if q:
        query = func.websearch_to_tsquery("portuguese", q)
        conditions.append(c.search.op("@@")(query))
        order.append(func.ts_rank(c.search, query).desc())
    order += [c.updated_at.desc(), c.id.desc()]
    page_stmt = (
        select(*READ_COLUMNS).where(*conditions).order_by(*order).limit(page_size).offset((page - 1) * page_size)
    )
    count_stmt = select(func.count()).select_from(_ETPS).where(*conditions)

    def run(conn: Connection) -> tuple[Sequence[Row], int]:
        rows = conn.execute(page_stmt).all()
        if page == 1 and len(rows) < page_size:
            return rows, len(rows)  # the page holds everything: no count query needed
        return rows, conn.execute(count_stmt).scalar() or 0

    return read_only(run)


# --------------------------------------------------------------------------------------------------
# Writes
# --------------------------------------------------------------------------------------------------


def _flatten(data: dict[str, Any]) -> dict[str, Any]:
    """Input fields -> column values (responsavel_tecnico split into its two columns)."""
    values = {k: v for k, v in data.items() if k != "responsavel_tecnico"}
    if "responsavel_tecnico" in data:
        rt = data["responsavel_tecnico"]
        if rt is None:
            values["responsavel_nome"] = None
            values["responsavel_matricula"] = None
        else:
            if "nome" in rt:
                values["responsavel_nome"] = rt["nome"]
            if "matricula" in rt:
                values["responsavel_matricula"] = rt["matricula"]
    return values


def _validate_campos(template_type: str, campos: dict[str, Any]) -> None:
    errors = validate_campos(template_type, campos)
    if errors:
        raise UnprocessableEntity(
            f"Campos específicos inválidos para o tipo de contratação '{template_type}'.",
            errors={"campos": errors},
        )


def _snapshot(etp: Etp) -> dict[str, Any]:
    return {name: getattr(etp, name) for name in AUDITED_FIELDS}


def create_etp(identity: Identity, data: dict[str, Any]) -> tuple[Etp, list[Section]]:
    """A draft ETP with its 13 empty sections, in one transaction."""
    values = _flatten(data)
    values.setdefault("template_type", "bens")
    values["campos"] = values.get("campos") or {}
    _validate_campos(values["template_type"], values["campos"])
    now = _now()
    etp = Etp(
        id=uuid.uuid4(),
        organization_id=identity.organization_id,
        created_by=identity.user_id,
        status="draft",
        filled_count=0,
        mandatory_filled_count=0,
        version=1,
        created_at=now,
        updated_at=now,
        **values,
    )
    sections = [
        Section(
            id=uuid.uuid4(),
            etp_id=etp.id,
            inciso=inciso,
            content="",
            status="empty",
            ai_generated=False,
            version=1,
            updated_at=now,
            updated_by=identity.user_id,
        )
        for inciso in ALL_INCISOS
    ]
    db.session.add(etp)
    db.session.add_all(sections)
    audit.record(
        "etp.create",
        organization_id=identity.organization_id,
        actor_id=identity.user_id,
        target_type="etp",
        target_id=etp.id,
        etp_id=etp.id,
        after={k: v for k, v in _snapshot(etp).items() if v is not None and v != {}},
    )
    db.session.commit()
    return etp, sections


def update_etp(identity: Identity, etp_id: uuid.UUID, data: dict[str, Any], if_match: Collection[int] | None) -> Etp:
    """Partial update of the structured fields (``campos`` is replaced as a whole)."""
    etp = lock_etp(identity.organization_id, etp_id)
    check_version(etp.version, if_match)
    ensure_editable(etp)
    values = _flatten(data)
    if "template_type" in values or "campos" in values:
        _validate_campos(values.get("template_type", etp.template_type), values.get("campos", etp.campos or {}))
    before = _snapshot(etp)
    changed = {k: v for k, v in values.items() if before.get(k) != v}
    if not changed:
        db.session.commit()  # nothing to write: release the lock, keep the loaded state
        return etp
    for name, value in changed.items():
        setattr(etp, name, value)
    etp.version = etp.version + 1
    etp.updated_at = _now()
    old, new = audit.summarize_change({k: before[k] for k in changed}, changed)
    audit.record(
        "etp.update",
        organization_id=identity.organization_id,
        actor_id=identity.user_id,
        target_type="etp",
        target_id=etp.id,
        etp_id=etp.id,
        before=old,
        after=new,
    )
    db.session.commit()
    return etp


def delete_etp(identity: Identity, etp_id: uuid.UUID, if_match: Collection[int] | None = None) -> None:
    """Delete the ETP and its sections. An approved ETP is deleted only by an org admin."""
    etp = lock_etp(identity.organization_id, etp_id)
    check_version(etp.version, if_match)
    if etp.status == "approved" and not identity.is_org_admin:
        raise Conflict(
            "ETP aprovado não pode ser excluído: arquive em vez de excluir.", errors={"status": ["ETP aprovado."]}
        )
    audit.record(
        "etp.delete",
        organization_id=identity.organization_id,
        actor_id=identity.user_id,
        target_type="etp",
        target_id=etp.id,
        etp_id=etp.id,
        before={"title": etp.title, "status": etp.status, "version": etp.version},
    )
    db.session.delete(etp)  # sections go with it (ON DELETE CASCADE; passive_deletes)
    db.session.commit()


def missing_for_approval(sections: Iterable[Section]) -> dict[str, list[str]]:
    """Art. 18 §1/§2 of Lei 14.133/2021: I, IV, VI, VIII and XIII filled; every other section
    filled or carrying a justification of its absence. Keyed by inciso code, in inciso order."""
    by_inciso = {s.inciso: s for s in sections}
    missing: dict[str, list[str]] = {}
    for inciso in ALL_INCISOS:
        s = by_inciso.get(inciso)
        spec = BY_INCISO[inciso]
        if s is not None and has_text(s.content):
            continue
        if spec.mandatory:
            missing[spec.code] = [MISSING_MANDATORY]
        elif s is None or not has_text(s.justification):
            missing[spec.code] = [MISSING_OPTIONAL]
    return missing


def change_status(
    identity: Identity, etp_id: uuid.UUID, new_status: str, if_match: Collection[int] | None = None
) -> Etp:
    """Move the ETP through its lifecycle (see TRANSITIONS); approval approves every section."""
    etp = lock_etp(identity.organization_id, etp_id)
    check_version(etp.version, if_match)
    old_status = etp.status
    if new_status == old_status:
        raise Conflict(
            f"O ETP já está com status {STATUS_LABELS[old_status]}.",
            errors={"status": [f"Status atual: {old_status}."]},
        )
    needed_role = TRANSITIONS.get((old_status, new_status))
    if needed_role is None:
        allowed = sorted(to for (frm, to) in TRANSITIONS if frm == old_status)
        raise Conflict(
            f"Transição não permitida: de {STATUS_LABELS[old_status]} para {STATUS_LABELS[new_status]}.",
            errors={"status": ["A partir de " + old_status + ", são permitidos: " + ", ".join(allowed) + "."]},
        )
    if ROLE_RANK[identity.role] < ROLE_RANK[needed_role]:
        if new_status == "approved":
            raise Forbidden("Somente um administrador da organização pode aprovar o ETP.")
        raise Forbidden("Somente um administrador da organização pode reabrir um ETP aprovado ou arquivado.")
    if new_status == "approved":
        sections = list(
            db.session.scalars(
                select(Section).where(Section.etp_id == etp.id).order_by(Section.inciso).with_for_update()
            )
        )
        missing = missing_for_approval(sections)
        if missing:
            raise Conflict(
                "O ETP não pode ser aprovado: faltam as seções " + ", ".join(missing) + " (art. 18, §§ 1º e 2º, "
                "da Lei 14.133/2021: incisos I, IV, VI, VIII e XIII obrigatórios; os demais preenchidos ou "
                "com justificativa da ausência).",
                errors=missing,
            )
        now = _now()
        for s in sections:
            if s.status != "approved":
                s.status = "approved"
                s.version = s.version + 1
                s.updated_at = now
                s.updated_by = identity.user_id
    etp.status = new_status
    etp.version = etp.version + 1
    etp.updated_at = _now()
    if new_status == "approved":  # the approved text, kept as a version
        take_snapshot(etp, reason="approval", actor_id=identity.user_id, sections=sections)
    audit.record(
        "etp.status",
        organization_id=identity.organization_id,
        actor_id=identity.user_id,
        target_type="etp",
        target_id=etp.id,
        etp_id=etp.id,
        before={"status": old_status},
        after={"status": new_status},
    )
    db.session.commit()
    return etp
