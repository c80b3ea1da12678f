"""Exports of an ETP as PDF, DOCX, JSON or XML: ask for one (API side), render it (worker side),
download it, and purge it when it expires.

The request adds the export record (``pending``) and its job in one transaction, commits, then sends
the message. The worker reads the ETP and its 13 sections in a short transaction, renders with no
transaction open, writes the bytes to storage atomically, and then in one transaction marks the export
``ready``, the job ``succeeded`` and adds the ``export.create`` audit row. A failure leaves the export
``failed``, the job failed with a message for people, and no file behind.

Anyone in the organization may export, viewers included: exporting reads the ETP and changes nothing
in it. Exports expire ``EXPORT_RETENTION_DAYS`` after they were asked for; ``purge_expired`` (run by
Celery beat) marks them ``expired`` and deletes their files; a download after that answers 410.
"""

from __future__ import annotations

import io
import logging
import os
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, BinaryIO

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from etp_app import documents, etp_fields
from etp_app.documents.model import DocSection, DocumentModel
from etp_app.drafting import catalog, templates
from etp_app.errors import Conflict, Gone, NotFound, ServiceUnavailable, UnprocessableEntity
from etp_app.extensions import db
from etp_app.models import Etp, Job, Organization, Section
from etp_app.models.export import EXPORT_FORMATS, Export
from etp_app.security import Identity
from etp_app.services import accounts, audit, jobs
from etp_app.services.etp_access import live_etp
from etp_app.services.storage import ObjectMissing, Storage, StorageError, get_storage

log = logging.getLogger(__name__)

DOWNLOAD_PATH = "/api/v1/exports/{export_id}/download"
STORAGE_PREFIX = "exports"
FORMAT_LABELS = {"pdf": "PDF", "docx": "DOCX", "json": "JSON", "xml": "XML"}
# A file under exports/ without its record (the ETP was deleted) is removed after this grace period.
ORPHAN_GRACE = timedelta(hours=1)

ETP_NOT_FOUND = "ETP não encontrado."
EXPORT_NOT_FOUND = "Exportação não encontrada."
PENDING_MESSAGE = (
    "A exportação ainda está sendo gerada. Acompanhe o trabalho indicado em `job_id` e "
    "baixe o arquivo quando ela estiver pronta (status `ready`)."
)
FAILED_MESSAGE = "A exportação falhou e não há arquivo para baixar. Peça uma nova exportação do ETP."
FAILED_WITH_REASON = "A exportação falhou e não há arquivo para baixar: {reason}"
EXPIRED_MESSAGE = (
    "Esta exportação expirou em {date} (os arquivos ficam disponíveis por {days} dias) e "
    "não pode mais ser baixada. Peça uma nova exportação do ETP."
)
MISSING_MESSAGE = (
    "O arquivo desta exportação não está mais disponível no armazenamento. Peça uma nova exportação do ETP."
)
ETP_GONE_MESSAGE = "O ETP foi excluído antes que a exportação fosse gerada."
CANCELLED_MESSAGE = "A exportação foi cancelada."
RENDER_FAILED_MESSAGE = (
    "Não foi possível gerar o documento {label} deste ETP. A equipe foi notificada; "
    "tente novamente mais tarde ou escolha outro formato."
)
STORAGE_FAILED_MESSAGE = (
    "Não foi possível gravar o arquivo da exportação (armazenamento indisponível). Tente novamente em instantes."
)


class ExportError(Exception):
    """A failure of one export, with the message people will read on the job and the export."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _now() -> datetime:
    return datetime.now(UTC)


def download_path(export_id: uuid.UUID | str) -> str:
    return DOWNLOAD_PATH.format(export_id=export_id)


def storage_key(organization_id: uuid.UUID, export_id: uuid.UUID, fmt: str) -> str:
    return f"{STORAGE_PREFIX}/{organization_id}/{export_id}.{fmt}"


def retention_days() -> int:
    return int(current_app.config.get("EXPORT_RETENTION_DAYS", 90))


# --- the record as the API shows it --------------------------------------------------------------


@dataclass(frozen=True)
class ExportRecord:
    """An export with its effective status: a ``ready`` export past ``expires_at`` is ``expired``, and a
    ``pending`` one whose job was cancelled or failed outside the worker (enqueue failure) is ``failed``."""

    id: uuid.UUID
    etp_id: uuid.UUID
    job_id: uuid.UUID | None
    format: str
    status: str
    etp_version: int
    file_name: str | None
    content_type: str | None
    size: int | None
    sha256: str | None
    error: str | None
    created_by: uuid.UUID | None
    created_at: datetime
    ready_at: datetime | None
    expires_at: datetime
    created_by_name: str | None = None

    @property
    def download_url(self) -> str | None:
        return download_path(self.id) if self.status == "ready" else None


def effective_status(export: Export, job_state: str | None, now: datetime) -> tuple[str, str | None]:
    """(status, error) as the API reports them."""
    if export.status == "expired" or export.expires_at <= now:
        return "expired", export.error
    if export.status == "pending" and job_state in ("failed", "cancelled"):
        return "failed", export.error or FAILED_MESSAGE
    return export.status, export.error


def _record(export: Export, job_state: str | None, now: datetime, created_by_name: str | None = None) -> ExportRecord:
    status, error = effective_status(export, job_state, now)
    return ExportRecord(
        id=export.id,
        etp_id=export.etp_id,
        job_id=export.job_id,
        format=export.format,
        status=status,
        etp_version=export.etp_version,
        file_name=export.file_name,
        content_type=export.content_type,
        size=export.size,
        sha256=export.sha256,
        error=error,
        created_by=export.created_by,
        created_at=export.created_at,
        ready_at=export.ready_at,
        expires_at=export.expires_at,
        created_by_name=created_by_name,
    )


def _with_job_state():
    return select(Export, Job.state).outerjoin(Job, Job.id == Export.job_id)


# --- API side ------------------------------------------------------------------------------------


def request_export(
    identity: Identity, etp_id: uuid.UUID, fmt: str, *, idempotency_key: str | None = None
) -> tuple[Job, bool]:
    """Queue an export of the ETP. Returns (job, created) — created False for a repeated request."""
    if fmt not in EXPORT_FORMATS:
        raise UnprocessableEntity(
            "Formato de exportação inválido.", errors={"format": [f"Use um de: {', '.join(EXPORT_FORMATS)}."]}
        )
    existing = _idempotent(identity, idempotency_key, etp_id, fmt)
    if existing is not None:
        return existing, False

    # FOR KEY SHARE: the ETP cannot be deleted until the export row referencing it is committed.
    etp = db.session.execute(
        select(Etp.id, Etp.version)
        .where(Etp.id == etp_id, live_etp(identity.organization_id))
        .with_for_update(read=True, key_share=True)
    ).first()
    if etp is None:
        raise NotFound(ETP_NOT_FOUND)

    now = _now()
    export_id = uuid.uuid4()
    job = jobs.create(
        identity,
        "export",
        etp_id=etp_id,
        params={"export_id": str(export_id), "format": fmt},
        idempotency_key=idempotency_key,
        request_fingerprint=_fingerprint(etp_id, fmt) if idempotency_key else None,
    )
    db.session.flush()  # the job row first: the export references it
    db.session.add(
        Export(
            id=export_id,
            organization_id=identity.organization_id,
            etp_id=etp_id,
            job_id=job.id,
            created_by=identity.user_id,
            format=fmt,
            status="pending",
            etp_version=etp.version,
            storage_key=storage_key(identity.organization_id, export_id, fmt),
            created_at=now,
            updated_at=now,
            expires_at=now + timedelta(days=retention_days()),
        )
    )
    try:
        db.session.commit()
    except IntegrityError:
        # the same Idempotency-Key sent twice at once: the other request's job won
        db.session.rollback()
        existing = _idempotent(identity, idempotency_key, etp_id, fmt)
        if existing is None:
            raise
        return existing, False

    try:
        jobs.enqueue(job)
    except ServiceUnavailable:
        _mark_failed(export_id, jobs.ENQUEUE_FAILED_MESSAGE)
        db.session.commit()
        raise
    return job, True


def _fingerprint(etp_id: uuid.UUID, fmt: str) -> str:
    """The export request as ``jobs.request_fingerprint`` sees it: route, ETP and body."""
    return jobs.request_fingerprint("export", {"etp_id": str(etp_id)}, {"format": fmt})


def _idempotent(identity: Identity, key: str | None, etp_id: uuid.UUID, fmt: str) -> Job | None:
    """The job of an earlier export request with this key; 422 when the key named another request
    (jobs older than fingerprints are compared on kind, ETP and format)."""
    if not key:
        return None
    return jobs.find_idempotent(
        identity,
        key,
        _fingerprint(etp_id, fmt),
        legacy_match=lambda job: (
            job.kind == "export" and job.etp_id == etp_id and (job.params or {}).get("format") == fmt
        ),
    )


def list_for_etp(
    identity: Identity, etp_id: uuid.UUID, *, page: int = 1, page_size: int = 20
) -> tuple[list[ExportRecord], int]:
    """The ETP's exports, newest first."""
    found = db.session.scalar(select(Etp.id).where(Etp.id == etp_id, live_etp(identity.organization_id)))
    if found is None:
        raise NotFound(ETP_NOT_FOUND)
    scope = (Export.etp_id == etp_id, Export.organization_id == identity.organization_id)
    total = db.session.scalar(select(func.count()).select_from(Export).where(*scope))
    rows = db.session.execute(
        _with_job_state()
        .where(*scope)
        .order_by(Export.created_at.desc(), Export.id.desc())
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).all()
    now = _now()
    names = accounts.user_names(export.created_by for export, _state in rows)
    return [_record(export, state, now, names.get(export.created_by)) for export, state in rows], int(total or 0)


def _get(identity: Identity, export_id: uuid.UUID) -> tuple[Export, str | None]:
    row = db.session.execute(
        _with_job_state()
        .join(Etp, Etp.id == Export.etp_id)
        .where(
            Export.id == export_id, Export.organization_id == identity.organization_id, live_etp(Export.organization_id)
        )
    ).first()
    if row is None:
        raise NotFound(EXPORT_NOT_FOUND)
    return row[0], row[1]


def get_for(identity: Identity, export_id: uuid.UUID) -> ExportRecord:
    export, state = _get(identity, export_id)
    name = accounts.user_names([export.created_by]).get(export.created_by) if export.created_by else None
    return _record(export, state, _now(), name)


@dataclass(frozen=True)
class Download:
    export_id: uuid.UUID
    stream: BinaryIO  # the caller closes it (the HTTP response does, once sent)
    size: int
    file_name: str
    content_type: str
    sha256: str


def open_download(identity: Identity, export_id: uuid.UUID, *, storage: Storage | None = None) -> Download:
    """The file of a ready export. 404 other organizations, 409 pending or failed, 410 expired or lost."""
    export, state = _get(identity, export_id)
    now = _now()
    status, error = effective_status(export, state, now)
    if status == "pending":
        raise Conflict(PENDING_MESSAGE)
    if status == "failed":
        raise Conflict(FAILED_WITH_REASON.format(reason=error) if error and error != FAILED_MESSAGE else FAILED_MESSAGE)
    if status == "expired":
        raise Gone(_expired_message(export.expires_at))
    storage = storage or get_storage()
    try:
        stream = storage.open(export.storage_key)
    except ObjectMissing:
        log.warning("export %s is ready but its file %s is missing; marking it expired", export.id, export.storage_key)
        db.session.execute(
            update(Export)
            .where(Export.id == export.id, Export.status == "ready")
            .values(status="expired", expired_at=now, updated_at=now)
        )
        db.session.commit()
        raise Gone(MISSING_MESSAGE) from None
    except StorageError as exc:
        log.error("export %s: storage unavailable: %s", export.id, exc)
        raise ServiceUnavailable(
            "O armazenamento de arquivos está indisponível. Tente novamente em instantes."
        ) from None
    log.debug("export %s (%s) downloaded by user %s", export.id, export.format, identity.user_id)
    return Download(
        export_id=export.id,
        stream=stream,
        size=_stream_size(stream, export.size),
        file_name=export.file_name or f"exportacao.{export.format}",
        content_type=export.content_type or "application/octet-stream",
        sha256=export.sha256 or "",
    )


def _stream_size(stream: BinaryIO, recorded: int | None) -> int:
    """The size of the stored object as it is now (the Content-Length must match the bytes sent)."""
    try:
        return os.fstat(stream.fileno()).st_size
    except (AttributeError, OSError, io.UnsupportedOperation):
        return int(recorded or 0)


def _expired_message(expires_at: datetime) -> str:
    try:
        from zoneinfo import ZoneInfo

        local = expires_at.astimezone(ZoneInfo("America/Sao_Paulo"))
    except Exception:  # noqa: BLE001 - no tz database: the UTC date is still right to the day
        local = expires_at
    return EXPIRED_MESSAGE.format(date=local.strftime("%d/%m/%Y"), days=retention_days())


# --- the document model --------------------------------------------------------------------------


def document_model(
    etp: Etp, sections: Iterable[Section], organization_name: str, *, generated_at: datetime
) -> DocumentModel:
    """The renderers' input: the ETP's facts, its 13 sections in inciso order under their statutory
    titles (a missing row counts as an empty section), the template's name and field labels."""
    by_inciso = {s.inciso: s for s in sections}
    doc_sections = []
    for inciso in catalog.ALL_INCISOS:
        spec = catalog.spec(inciso)
        row = by_inciso.get(inciso)
        doc_sections.append(
            DocSection(
                inciso=inciso,
                code=spec.code,
                title=spec.title,
                mandatory=spec.mandatory,
                content=(row.content if row is not None else "") or "",
                justification=row.justification if row is not None else None,
                ai_generated=bool(row.ai_generated) if row is not None else False,
                status=row.status if row is not None else "empty",
                provenance=row.provenance if row is not None else None,
                reviewed=row is not None and row.reviewed_at is not None,
            )
        )
    try:
        template = templates.get_template(etp.template_type)
    except KeyError:
        template_name, labels = etp.template_type, {}
    else:
        template_name, labels = template.name, {f.name: f.label for f in template.fields}
    facts = {name: getattr(etp, name) for name in etp_fields.DOCUMENT_COLUMNS}  # the declared fields
    facts["campos"] = dict(etp.campos or {})
    return DocumentModel(
        **facts,
        etp_id=str(etp.id),
        status=etp.status,
        template_name=template_name,
        version_label=f"versão {etp.version}",
        generated_at=generated_at,
        organization_name=organization_name,
        sections=tuple(doc_sections),
        campos_labels=labels,
        # the approval act, only while approved (a reopened ETP is a draft again: "Minuta")
        approved_by_name=etp.approved_by_name if etp.status == "approved" else None,
        approved_at=etp.approved_at if etp.status == "approved" else None,
        approval_statement=etp.approval_statement if etp.status == "approved" else None,
    )


def load_document(etp_id: uuid.UUID, *, now: datetime | None = None) -> tuple[DocumentModel, int] | None:
    """Read the ETP, its sections and its organization's name as one consistent picture (the ETP row
    is share-locked while the sections are read: edits lock it first) and end the transaction.
    Returns (document, ETP version) or None when the ETP no longer exists."""
    etp = db.session.scalar(select(Etp).where(Etp.id == etp_id, Etp.deleted_at.is_(None)).with_for_update(read=True))
    if etp is None:
        db.session.rollback()
        return None
    sections = db.session.scalars(select(Section).where(Section.etp_id == etp_id).order_by(Section.inciso)).all()
    org_name = db.session.scalar(select(Organization.name).where(Organization.id == etp.organization_id)) or ""
    doc = document_model(etp, sections, org_name, generated_at=now or _now())
    version = etp.version
    db.session.rollback()  # release the lock and the connection before rendering
    return doc, version


# --- worker side ---------------------------------------------------------------------------------


def result_for(export: Export) -> dict[str, Any]:
    """The finished job's result: what was exported and where to download it."""
    return {
        "export_id": str(export.id),
        "format": export.format,
        "download_url": download_path(export.id),
        "size": export.size,
        "sha256": export.sha256,
        "file_name": export.file_name,
        "content_type": export.content_type,
        "etp_version": export.etp_version,
        "expires_at": export.expires_at.isoformat(),
    }


def run_export_job(job_id: uuid.UUID, *, storage: Storage | None = None) -> None:
    """Worker entry: render the export of the job once (a redelivered finished job does nothing).

    Raises ``ExportError`` (with the message for people) when rendering or storing fails; the task
    then calls ``fail_export_job``.
    """
    job = jobs.begin(job_id)
    if job is None:
        _settle_terminal_job(job_id, storage)
        return
    export_id = uuid.UUID(str((job.params or {}).get("export_id")))
    export = db.session.get(Export, export_id, populate_existing=True)
    if export is None:  # the ETP was deleted, its exports with it
        db.session.rollback()
        raise ExportError(ETP_GONE_MESSAGE)
    if export.status == "ready":  # rendered by an earlier delivery: just finish the job
        _finish_ready(job_id, export_id)
        return
    fmt, key = export.format, export.storage_key
    db.session.rollback()

    loaded = load_document(export.etp_id)
    if loaded is None:
        raise ExportError(ETP_GONE_MESSAGE)
    doc, version = loaded
    try:
        render, content_type, ext = documents.RENDERERS[fmt]
        data = render(doc)
        file_name = documents.filename_for(doc, ext)
    except Exception as exc:
        log.exception("export %s: the %s renderer failed", export_id, fmt)
        raise ExportError(RENDER_FAILED_MESSAGE.format(label=FORMAT_LABELS.get(fmt, fmt))) from exc

    storage = storage or get_storage()
    try:
        stored = storage.put(key, data)
    except StorageError as exc:
        log.error("export %s: storage write failed: %s", export_id, exc)
        raise ExportError(STORAGE_FAILED_MESSAGE) from exc
    try:
        kept = _store_result(job_id, export_id, stored.size, stored.sha256, file_name, content_type, version)
    except BaseException:
        db.session.rollback()
        _delete_quietly(storage, key)
        raise
    if not kept:
        _delete_quietly(storage, key)


def _store_result(
    job_id: uuid.UUID, export_id: uuid.UUID, size: int, sha256: str, file_name: str, content_type: str, version: int
) -> bool:
    """Export ready, job succeeded, audit row: one transaction. False when the job was cancelled or
    the export vanished meanwhile (the caller removes the file)."""
    job = jobs.lock_running(job_id)
    export = db.session.get(Export, export_id, with_for_update=True, populate_existing=True)
    if job is None or export is None:
        if export is not None and export.status == "pending":  # the job ended meanwhile (cancelled)
            state, error = db.session.execute(select(Job.state, Job.error).where(Job.id == job_id)).one()
            _fail_export(export, CANCELLED_MESSAGE if state == "cancelled" else (error or FAILED_MESSAGE))
        if job is not None:  # the export vanished with its ETP
            jobs.fail(job, ETP_GONE_MESSAGE)
        db.session.commit()
        return False
    now = _now()
    export.status = "ready"
    export.size = size
    export.sha256 = sha256
    export.file_name = file_name
    export.content_type = content_type
    export.etp_version = version
    export.error = None
    export.ready_at = now
    export.updated_at = now
    jobs.succeed(job, result_for(export))
    audit.record(
        "export.create",
        organization_id=export.organization_id,
        actor_id=job.created_by,
        target_type="export",
        target_id=export.id,
        etp_id=export.etp_id,
        after={
            "format": export.format,
            "etp_version": version,
            "size": size,
            "sha256": sha256,
            "file_name": file_name,
            "job_id": str(job.id),
        },
    )
    db.session.commit()
    return True


def _finish_ready(job_id: uuid.UUID, export_id: uuid.UUID) -> None:
    job = jobs.lock_running(job_id)
    export = db.session.get(Export, export_id)
    if job is not None and export is not None:
        jobs.succeed(job, result_for(export))
    db.session.commit()


def _settle_terminal_job(job_id: uuid.UUID, storage: Storage | None) -> None:
    """A delivery of a job that is already over (cancelled, out of attempts): its export, if still
    pending, fails with the job's message, and no file stays behind."""
    row = db.session.execute(
        select(Export, Job.state, Job.error)
        .join(Job, Job.id == Export.job_id)
        .where(Export.job_id == job_id)
        .with_for_update(of=Export)
    ).first()
    if row is None or row[0].status != "pending" or row[1] not in ("failed", "cancelled"):
        db.session.rollback()
        return
    export, state, error = row
    key = export.storage_key
    _fail_export(export, CANCELLED_MESSAGE if state == "cancelled" else (error or FAILED_MESSAGE))
    db.session.commit()
    _delete_quietly(storage or get_storage(), key)


def fail_export_job(job_id: uuid.UUID, message: str, *, storage: Storage | None = None) -> None:
    """Record a failure (render error, storage error, time limit, unexpected error) in its own
    transaction: job failed, export failed, the file (complete or not) removed."""
    db.session.rollback()
    job = db.session.get(Job, job_id, with_for_update=True, populate_existing=True)
    if job is None:
        db.session.rollback()
        return
    export = db.session.scalar(select(Export).where(Export.job_id == job_id).with_for_update())
    if not job.is_terminal:
        jobs.fail(job, message)
    key = None
    if export is not None and export.status == "pending":
        key = export.storage_key
        _fail_export(export, message)
    db.session.commit()
    if key:
        _delete_quietly(storage or get_storage(), key)


def _fail_export(export: Export, message: str) -> None:
    export.status = "failed"
    export.error = message
    export.updated_at = _now()


def _mark_failed(export_id: uuid.UUID, message: str) -> None:
    db.session.execute(
        update(Export)
        .where(Export.id == export_id, Export.status == "pending")
        .values(status="failed", error=message, updated_at=_now())
    )


def _delete_quietly(storage: Storage, key: str) -> None:
    try:
        storage.delete(key)
    except (StorageError, ValueError) as exc:
        log.error("could not delete %s from storage: %s", key, exc)


# --- expiry ----------------------------------------------------------------------------------------


def purge_expired(now: datetime | None = None, *, batch: int | None = None, storage: Storage | None = None) -> int:
    """Mark exports past ``expires_at`` as ``expired`` and delete their files; return how many were
    expired. Idempotent and batch-limited (``EXPORT_PURGE_BATCH`` rows per call; rows locked by another
    purge are skipped). Also removes files whose record is gone (the ETP was deleted) and leftovers of
    interrupted writes, both after a grace period. Scheduled on Celery beat."""
    now = now or _now()
    limit = batch or int(current_app.config.get("EXPORT_PURGE_BATCH", 500))
    storage = storage or get_storage()
    rows: Sequence[Export] = db.session.scalars(
        select(Export)
        .where(Export.status != "expired", Export.expires_at <= now)
        .order_by(Export.expires_at, Export.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    expired = 0
    for export in rows:
        # the file goes first: if deleting fails the row stays as it is and the next run tries again
        try:
            storage.delete(export.storage_key)
        except (StorageError, ValueError) as exc:
            log.error("purge: could not delete %s: %s", export.storage_key, exc)
            continue
        export.status = "expired"
        export.expired_at = now
        export.updated_at = now
        expired += 1
    db.session.commit()
    orphans = purge_orphan_files(now, batch=limit, storage=storage)
    if expired or orphans:
        log.info("purge: %d export(s) expired, %d orphan file(s) removed", expired, orphans)
    return expired


def purge_orphan_files(now: datetime | None = None, *, batch: int = 500, storage: Storage | None = None) -> int:
    """Delete files under ``exports/`` that no export record names (their ETP was deleted, taking its
    exports along) and leftovers of interrupted writes, when older than ``ORPHAN_GRACE``. Scans every
    file (in chunks of ``batch``, one query each) and removes at most ``batch`` orphans per call.
    Returns how many files were removed."""
    now = now or _now()
    storage = storage or get_storage()
    cutoff = now - ORPHAN_GRACE
    removed = storage.discard_incomplete(cutoff)
    orphans_removed = 0
    chunk: dict[uuid.UUID, str] = {}

    def sweep() -> None:
        nonlocal orphans_removed
        known = set(db.session.scalars(select(Export.id).where(Export.id.in_(list(chunk)))))
        db.session.rollback()
        for export_id, key in chunk.items():
            if export_id in known or orphans_removed >= batch:
                continue
            try:
                if storage.delete(key):
                    orphans_removed += 1
            except (StorageError, ValueError) as exc:
                log.error("purge: could not delete orphan %s: %s", key, exc)
        chunk.clear()

    for info in storage.iter_objects(STORAGE_PREFIX):
        if info.modified_at > cutoff:
            continue
        stem = info.key.rsplit("/", 1)[-1].split(".", 1)[0]
        try:
            chunk[uuid.UUID(stem)] = info.key
        except ValueError:
            continue
        if len(chunk) >= batch:
            sweep()
            if orphans_removed >= batch:
                break
    if chunk:
        sweep()
    return removed + orphans_removed
