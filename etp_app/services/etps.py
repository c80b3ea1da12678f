"""ETP use cases: create (with its 13 sections), read, list and search, update, lifecycle (deleting
moves an ETP to the trash: services/trash.py).

Every query is scoped to the caller's organization: an id of another organization is "not found".
Each use case that writes commits once, with its audit row. Writers lock the ETP row first and its
sections second (the same order everywhere, so concurrent writers never deadlock), and bump
``Etp.version`` whenever the ETP's representation changes: the ETag is built from it.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Row, bindparam, func, select
from sqlalchemy.sql import Select

from etp_app import etp_fields
from etp_app.drafting.catalog import ALL_INCISOS
from etp_app.drafting.templates import validate_campos
from etp_app.errors import Conflict, Forbidden, NotFound, UnprocessableEntity
from etp_app.extensions import db
from etp_app.models import Etp, Section
from etp_app.models.user import ROLE_RANK
from etp_app.security import Identity
from etp_app.services import approval, audit
from etp_app.services.etp_access import (
    NOT_FOUND_MESSAGE,
    STATUS_LABELS,
    check_version,
    ensure_editable,
    live_etp,
    lock_etp,
)
from etp_app.services.reads import read_only
from etp_app.services.snapshots import FIELDS_SCOPE, record_edit, status_label, take_snapshot

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
        "approved_by",
        "approved_by_name",
        "approved_at",
        "approval_statement",
    )
)

# Lifecycle: (from, to) -> minimum role. Who approves (in_review -> approved) is the organization's
# policy instead (services/approval.py): "member" here only says a writer is needed.
TRANSITIONS: dict[tuple[str, str], str] = {
    ("draft", "in_review"): "member",
    ("in_review", "draft"): "member",
    ("in_review", "approved"): "member",
    ("draft", "archived"): "member",
    ("in_review", "archived"): "member",
    ("approved", "archived"): "member",
    ("approved", "draft"): "org_admin",
    ("archived", "draft"): "org_admin",
}


def _now() -> datetime:
    return datetime.now(UTC)


# --------------------------------------------------------------------------------------------------
# Reads
# --------------------------------------------------------------------------------------------------

_GET_STMT: Select | None = None


def _get_stmt() -> Select:
    global _GET_STMT
    if _GET_STMT is None:
        _GET_STMT = select(*READ_COLUMNS).where(_ETPS.c.id == bindparam("etp_id"), live_etp(bindparam("org_id")))
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
    conditions = [live_etp(organization_id)]
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


_PERSON_FIELDS = tuple(f for f in etp_fields.FIELDS if f.parts)
_PEOPLE_FIELDS = tuple(f for f in etp_fields.FIELDS if f.kind is etp_fields.Kind.PEOPLE)


def _flatten(data: dict[str, Any]) -> dict[str, Any]:
    """Input fields -> column values: a PERSON (responsavel_tecnico, autoridade_competente) split into
    its columns (only the parts sent change), each person of a PEOPLE list (equipe_planejamento) with
    every key of the declaration (null when not given), its texts trimmed."""
    person_names = {f.name for f in _PERSON_FIELDS}
    values = {k: v for k, v in data.items() if k not in person_names}
    for f in _PERSON_FIELDS:
        if f.name not in data:
            continue
        given = data[f.name]
        for part in f.parts:
            if given is None:
                values[part.column] = None
            elif part.key in given:
                values[part.column] = given[part.key]
    for f in _PEOPLE_FIELDS:
        if f.name in values:
            values[f.name] = [
                {m.key: (person.get(m.key) or "").strip() or None for m in f.members} for person in values[f.name] or []
            ]
    return values


def _validate_campos(template_type: str, campos: dict[str, Any]) -> None:
    errors = validate_campos(template_type, campos)
    if errors:
        raise UnprocessableEntity(
            f"Campos específicos inválidos para o tipo de contratação '{template_type}'.",
            errors={"campos": errors},
        )


def _value_model(values: dict[str, Any], periodicidade: str, numero_periodos: int | None) -> None:
    """The rule of the value model (``drafting/values.py``) on the columns about to be written,
    given the ETP's current ``periodicidade`` and ``numero_periodos``: a one-off price covers exactly
    one period, so ``numero_periodos`` above 1 with ``unico`` is refused, and with ``unico`` it is
    stored as NULL — a later switch to ``mensal`` then derives the periods from the contract's
    duration instead of keeping a stale 1."""
    periodicidade = values.get("periodicidade_preco", periodicidade)
    if periodicidade != "unico":
        return
    numero = values.get("numero_periodos", numero_periodos)
    if "numero_periodos" in values and numero is not None and numero != 1:
        raise UnprocessableEntity(
            "O número de períodos não confere com a periodicidade do preço.",
            errors={
                "numero_periodos": [
                    "Com periodicidade 'unico' (pagamento único) há exatamente 1 período: informe 'mensal' "
                    "ou 'anual' em periodicidade_preco para um preço por período."
                ]
            },
        )
    if numero is not None:
        values["numero_periodos"] = None


def _snapshot(etp: Etp) -> dict[str, Any]:
    return {name: getattr(etp, name) for name in AUDITED_FIELDS}


def create_etp(identity: Identity, data: dict[str, Any]) -> tuple[Etp, list[Section]]:
    """A draft ETP with its 13 empty sections, in one transaction."""
    values = _flatten(data)
    values.setdefault("template_type", "bens")
    values["campos"] = values.get("campos") or {}
    _validate_campos(values["template_type"], values["campos"])
    values.setdefault("periodicidade_preco", "unico")  # every price is one-off until said otherwise
    _value_model(values, "unico", None)
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
    _value_model(values, etp.periodicidade_preco, etp.numero_periodos)
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
    # a version of the person's work: one per session of editing the facts (coalesced)
    record_edit(etp, actor_id=identity.user_id, scope=FIELDS_SCOPE)
    db.session.commit()
    return etp


def change_status(
    identity: Identity,
    etp_id: uuid.UUID,
    new_status: str,
    if_match: Collection[int] | None = None,
    *,
    statement: str | None = None,
) -> Etp:
    """Move the ETP through its lifecycle (see TRANSITIONS).

    Approval (services/approval.py) is refused with 403 when the organization's policy does not let
    the caller approve or when they are the ETP's only author (separation of duties), 422 without a
    ``statement``, and 409 naming every blocker per section and field. It records the approver (id and
    name), the date and the statement, marks the remaining (justified) sections approved and keeps the
    approved text as a version. Reopening an approved ETP (to draft) clears the approval record: the
    audit trail and the approval version keep it."""
    etp = lock_etp(identity.organization_id, etp_id)
    check_version(etp.version, if_match)
    old_status = etp.status
    if new_status == old_status:
        raise Conflict(
            f"O ETP já está com status {STATUS_LABELS[old_status]}.",
            errors={"status": [f"Status atual: {STATUS_LABELS[old_status]}."]},
        )
    needed_role = TRANSITIONS.get((old_status, new_status))
    if needed_role is None:
        allowed = sorted(to for (frm, to) in TRANSITIONS if frm == old_status)
        raise Conflict(
            f"Transição não permitida: de {STATUS_LABELS[old_status]} para {STATUS_LABELS[new_status]}.",
            errors={
                "status": [
                    f"A partir de {STATUS_LABELS[old_status]}, são permitidos: "
                    + ", ".join(f"{STATUS_LABELS[to]} (`{to}`)" for to in allowed)
                    + "."
                ]
            },
        )
    sections: list[Section] = []
    who: approval.Approver | None = None
    if new_status == "approved":
        who = approval.approver(identity)  # the organization's policy, not a fixed role
        if not who.allowed:
            raise Forbidden(who.problem or "Você não pode aprovar ETPs nesta organização.")
        if not (statement or "").strip():
            raise UnprocessableEntity(
                "Informe a declaração de aprovação (statement): ela é registrada com o seu nome e a data.",
                errors={"statement": ["Obrigatório para aprovar o ETP."]},
            )
        sections = list(
            db.session.scalars(
                select(Section).where(Section.etp_id == etp.id).order_by(Section.inciso).with_for_update()
            )
        )
        problem = approval.separation_problem(who, approval.authors(etp, sections))
        if problem:
            raise Forbidden(problem)
        found = approval.blockers(etp, sections)
        if found:
            raise Conflict(approval.blocked_message(found), errors=found)
    elif ROLE_RANK[identity.role] < ROLE_RANK[needed_role]:
        raise Forbidden("Somente um administrador da organização pode reabrir um ETP aprovado ou arquivado.")
    now = _now()
    if who is not None:
        for s in sections:  # the justified sections, which have no text to review, are approved with the ETP
            if s.status != "approved":
                s.status = "approved"
                s.version = s.version + 1
        etp.approved_by = identity.user_id
        etp.approved_by_name = who.name
        etp.approved_at = now
        etp.approval_statement = " ".join((statement or "").split())
    elif old_status == "approved" and new_status == "draft":
        etp.approved_by = etp.approved_by_name = etp.approved_at = etp.approval_statement = None
    etp.status = new_status
    etp.version = etp.version + 1
    etp.updated_at = now
    if new_status == "approved":  # the approved text, kept as a version
        take_snapshot(etp, reason="approval", actor_id=identity.user_id, sections=sections)
    else:  # every other transition too: the state the ETP had when it moved ("Status: em revisão")
        take_snapshot(etp, reason="status", actor_id=identity.user_id, label=status_label(new_status))
    after: dict[str, Any] = {"status": new_status}
    if who is not None:
        after.update(approved_by_name=who.name, statement=etp.approval_statement)
    audit.record(
        "etp.status",
        organization_id=identity.organization_id,
        actor_id=identity.user_id,
        target_type="etp",
        target_id=etp.id,
        etp_id=etp.id,
        before={"status": old_status},
        after=after,
    )
    db.session.commit()
    return etp
