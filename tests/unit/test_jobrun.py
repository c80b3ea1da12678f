"""The one failure wrapper of the job tasks (workers/jobrun.py): which message is recorded, and when
an error is reported. Pure Python: fake recorders, no database or worker."""

from __future__ import annotations

import logging
import operator
import uuid

import pytest
from celery.exceptions import SoftTimeLimitExceeded

from etp_app.services import backups, exports, jobs
from workers.jobrun import JobFailures, run_job
from workers.tasks import drafting as drafting_tasks
from workers.tasks import exports as export_tasks
from workers.tasks import maintenance as maintenance_tasks

JOB_ID = "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"


class Expected(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class FakeHeartbeat:
    """Stands in for the lease's heartbeat thread (services/job_leases.py: it needs a database)."""

    def __init__(self, job_id, worker):
        self.job_id, self.worker, self.stopped = job_id, worker, False

    def stop(self):
        self.stopped = True


@pytest.fixture(autouse=True)
def beats(monkeypatch):
    started: list[FakeHeartbeat] = []

    def heartbeat(job_id, worker):
        started.append(FakeHeartbeat(job_id, worker))
        return started[-1]

    monkeypatch.setattr("workers.jobrun.job_leases.heartbeat", heartbeat)
    return started


@pytest.fixture
def calls():
    return []


def _failures(calls, **overrides) -> JobFailures:
    def record(job_id, message):
        calls.append(("record", job_id, message))

    def report(job_id, exc):
        calls.append(("report", job_id, type(exc).__name__))
        logging.getLogger("test.jobrun").exception("job %s failed unexpectedly", job_id)

    fields = {
        "record": record,
        "time_limit_message": "tempo",
        "unexpected_message": "inesperado",
        "report_unexpected": report,
    }
    return JobFailures(**{**fields, **overrides})


def _raise(exc):
    def work(_job_id):
        raise exc

    return work


def test_success_records_nothing(calls):
    seen = []
    run_job(JOB_ID, seen.append, _failures(calls))
    assert seen == [uuid.UUID(JOB_ID)] and calls == []


@pytest.mark.parametrize("exc", [None, SoftTimeLimitExceeded(), KeyError("x"), Expected("e")])
def test_the_lease_is_renewed_while_the_job_runs_and_stopped_however_it_ends(calls, beats, exc):
    from etp_app.services import job_leases

    running = []

    def work(job_id):
        running.append([b.stopped for b in beats])
        if exc is not None:
            raise exc

    run_job(JOB_ID, work, _failures(calls, expected=(Expected,)))
    assert running == [[False]]  # one heartbeat, running while the work ran
    (beat,) = beats
    assert beat.job_id == uuid.UUID(JOB_ID) and beat.stopped
    assert beat.worker == job_leases.worker_id()  # the name jobs.start gives the lease, same thread


def test_soft_time_limit_records_the_time_limit_message_without_a_report(calls):
    run_job(JOB_ID, _raise(SoftTimeLimitExceeded()), _failures(calls))
    assert calls == [("record", uuid.UUID(JOB_ID), "tempo")]


def test_unexpected_error_is_reported_inside_the_except_then_recorded(calls, caplog):
    with caplog.at_level(logging.ERROR, logger="test.jobrun"):
        run_job(JOB_ID, _raise(KeyError("x")), _failures(calls))
    assert calls == [("report", uuid.UUID(JOB_ID), "KeyError"), ("record", uuid.UUID(JOB_ID), "inesperado")]
    (record,) = caplog.records
    assert record.exc_info and record.exc_info[0] is KeyError  # log.exception saw the error


def test_expected_error_records_its_own_message_without_a_report(calls):
    failures = _failures(calls, expected=(Expected,), expected_message=operator.attrgetter("message"))
    run_job(JOB_ID, _raise(Expected("arquivo grande demais")), failures)
    assert calls == [("record", uuid.UUID(JOB_ID), "arquivo grande demais")]


def test_expected_error_raised_from_the_time_limit_records_the_time_limit_message(calls):
    def work(_job_id):
        try:
            raise SoftTimeLimitExceeded()
        except SoftTimeLimitExceeded as exc:
            raise Expected("falha ao gravar") from exc

    run_job(JOB_ID, work, _failures(calls, expected=(Expected,)))
    assert calls == [("record", uuid.UUID(JOB_ID), "tempo")]


def test_without_expected_errors_a_service_error_is_unexpected(calls):
    run_job(JOB_ID, _raise(Expected("x")), _failures(calls))
    assert [c[0] for c in calls] == ["report", "record"] and calls[-1][2] == "inesperado"


def test_the_job_kinds_keep_their_messages_and_recorders():
    assert drafting_tasks._FAILURES == JobFailures(
        record=jobs.fail_by_id,
        time_limit_message="A redação excedeu o tempo limite e foi interrompida. Tente novamente.",
        unexpected_message="Erro inesperado durante a redação. A equipe foi notificada; tente novamente.",
        report_unexpected=drafting_tasks._report,
    )
    assert export_tasks._FAILURES == JobFailures(
        record=exports.fail_export_job,
        time_limit_message="A geração do documento excedeu o tempo limite e foi interrompida. Tente novamente.",
        unexpected_message="Erro inesperado durante a exportação. A equipe foi notificada; tente novamente.",
        report_unexpected=export_tasks._report,
        expected=(exports.ExportError,),
        expected_message=export_tasks._FAILURES.expected_message,
    )
    assert export_tasks._FAILURES.expected_message(exports.ExportError("PDF inválido")) == "PDF inválido"
    assert maintenance_tasks._FAILURES == JobFailures(
        record=jobs.fail_by_id,
        time_limit_message=(
            "O backup excedeu o tempo limite e foi interrompido. Verifique o tamanho do banco e tente novamente."
        ),
        unexpected_message="Erro inesperado durante o backup. A equipe foi notificada; tente novamente.",
        report_unexpected=maintenance_tasks._report,
    )


def test_a_backup_error_is_reported_once_by_the_backup_service(monkeypatch):
    reports, records = [], []
    monkeypatch.setattr(backups, "run_backup_job", _raise(OSError("disco")))
    monkeypatch.setattr(backups, "report_unexpected", lambda exc, *, job_id: reports.append((type(exc), job_id)))
    failures = maintenance_tasks._FAILURES
    monkeypatch.setattr(
        maintenance_tasks, "_FAILURES", JobFailures(**{**vars(failures), "record": lambda *a: records.append(a)})
    )
    maintenance_tasks.run_backup.run(JOB_ID)
    assert reports == [(OSError, uuid.UUID(JOB_ID))]  # the service logs it and sends it to Sentry
    assert records == [(uuid.UUID(JOB_ID), maintenance_tasks.UNEXPECTED_MESSAGE)]


def test_unexpected_draft_and_export_errors_are_logged_by_their_task_module(caplog):
    for module in (drafting_tasks, export_tasks):
        try:
            raise KeyError("x")
        except KeyError as exc:
            with caplog.at_level(logging.ERROR, logger=module.__name__):
                module._report(uuid.UUID(JOB_ID), exc)
    assert [(r.name, r.levelno, r.getMessage(), r.exc_info[0]) for r in caplog.records] == [
        ("workers.tasks.drafting", logging.ERROR, f"draft job {JOB_ID} failed unexpectedly", KeyError),
        ("workers.tasks.exports", logging.ERROR, f"export job {JOB_ID} failed unexpectedly", KeyError),
    ]
