"""Prometheus metrics: HTTP requests by route rule, the workers' metrics (job duration, provider latency
and tokens) after a real job, backup gauges, and gunicorn's multiprocess mode."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.helpers.jobs import create_etp, openai_env, wait_job
from tests.helpers.polling import wait_for

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "metrics-token-for-tests-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def scrape(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "METRICS_TOKEN", TOKEN)

    def get() -> dict[tuple[str, tuple], float]:
        resp = client.get("/api/metrics/prometheus", headers=AUTH)
        assert resp.status_code == 200
        return samples(resp.get_data(as_text=True))

    return get


def samples(text: str) -> dict[tuple[str, tuple], float]:
    out = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            out[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return out


def value(found: dict, name: str, **labels) -> float | None:
    return found.get((name, tuple(sorted(labels.items()))))


# --------------------------------------------------------------------------------------------------
# HTTP metrics: route rules, never raw paths
# --------------------------------------------------------------------------------------------------


def test_http_requests_are_counted_by_route_rule_and_status(make_user, client, scrape):
    _, api = make_user()
    rule = "/api/v1/etps/<uuid:etp_id>"
    before = scrape()
    ids = [uuid.uuid4() for _ in range(3)]
    for etp_id in ids:
        assert api.get(f"/api/v1/etps/{etp_id}").status_code == 404
    etp = create_etp(api)
    assert api.get(f"/api/v1/etps/{etp['id']}").status_code == 200
    assert client.get("/api/nothing-here/12345").status_code == 404
    after = scrape()
    count = lambda found, **kw: value(found, "etp_http_requests_total", **kw) or 0.0  # noqa: E731
    assert (
        count(after, method="GET", route=rule, status="404") - count(before, method="GET", route=rule, status="404")
        == 3
    )
    assert (
        count(after, method="GET", route=rule, status="200") - count(before, method="GET", route=rule, status="200")
        == 1
    )
    assert count(after, method="GET", route="<unmatched>", status="404") >= 1
    latency = value(after, "etp_http_request_duration_seconds_count", method="GET", route=rule)
    assert latency is not None and latency >= 4
    text = client.get("/api/metrics/prometheus", headers=AUTH).get_data(as_text=True)
    assert not any(str(i) in text for i in ids) and etp["id"] not in text  # no raw paths, no ids


# --------------------------------------------------------------------------------------------------
# Backups
# --------------------------------------------------------------------------------------------------


def test_backup_age_is_infinite_without_a_good_backup_then_measured(app, scrape):
    from etp_app.extensions import db
    from etp_app.models import Backup

    found = scrape()
    assert value(found, "etp_backup_last_success_age_seconds") == float("inf")
    finished = datetime.now(UTC) - timedelta(hours=1)
    with app.app_context():
        db.session.add(
            Backup(
                trigger="schedule",
                status="succeeded",
                file_name="etp-backup-a.dump",
                path="/x/a",
                size_bytes=4096,
                sha256="ab" * 32,
                started_at=finished - timedelta(seconds=30),
                finished_at=finished,
                restore_checked_at=finished,
                restore_check={"ok": True},
            )
        )
        db.session.add(
            Backup(
                trigger="schedule",
                status="failed",
                file_name="etp-backup-b.dump",
                path="/x/b",
                error="pg_dump",
                started_at=finished + timedelta(minutes=30),
                finished_at=finished + timedelta(minutes=31),
            )
        )
        db.session.commit()
    found = scrape()
    age = value(found, "etp_backup_last_success_age_seconds")
    assert 3590 < age < 3700
    assert value(found, "etp_backup_last_success_timestamp_seconds") == pytest.approx(finished.timestamp())
    assert value(found, "etp_backup_last_size_bytes") == 4096
    assert value(found, "etp_backup_restore_check_ok") == 1.0


def test_backup_status_in_the_json_metrics(app, make_user):
    _, admin = make_user(role="system_admin")
    body = admin.get("/api/metrics").get_json()
    assert body["backups"]["last_success_at"] is None and body["backups"]["last_status"] is None


# --------------------------------------------------------------------------------------------------
# Shared (worker) metrics: stored in Redis, rendered by the API
# --------------------------------------------------------------------------------------------------


def test_shared_histograms_and_counters_render_cumulatively(app, scrape):
    from etp_app import metrics

    with app.app_context():
        for seconds in (0.3, 0.7, 4.0, 9999.0):
            metrics.observe_job_duration("export", "succeeded", seconds)
        metrics.BACKUP_FAILURES.inc(stage="dump")
        metrics.BACKUP_FAILURES.inc(stage="dump")
    found = scrape()
    bucket = lambda le: value(found, "etp_job_duration_seconds_bucket", kind="export", state="succeeded", le=le)  # noqa: E731
    assert bucket("0.5") == 1 and bucket("1.0") == 2 and bucket("5.0") == 3 and bucket("3600.0") == 3
    assert bucket("+Inf") == 4
    assert value(found, "etp_job_duration_seconds_count", kind="export", state="succeeded") == 4
    assert value(found, "etp_job_duration_seconds_sum", kind="export", state="succeeded") == pytest.approx(10004.0)
    assert value(found, "etp_backup_failures_total", stage="dump") == 2
    assert value(found, "etp_shared_metrics_up") == 1


def test_shared_metrics_never_fail_the_caller_when_redis_is_down(app, monkeypatch):
    from etp_app import metrics
    from etp_app.redis_client import get_redis

    with app.app_context():
        holder = get_redis()
        monkeypatch.setattr(
            holder, "client", __import__("redis").Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)
        )
        metrics.observe_job_duration("export", "failed", 1.0)  # no exception
        metrics.BACKUP_FAILURES.inc(stage="verify")


def test_worker_write_buffer_sends_in_order_from_its_thread_and_on_flush(app, scrape):
    """In a worker, job threads queue their metric writes; the buffer's thread sends them to Redis."""
    from etp_app import metrics

    buffer = metrics.WriteBuffer(interval=0.05)
    stage, later = f"buffered-{uuid.uuid4().hex[:8]}", f"flushed-{uuid.uuid4().hex[:8]}"  # series of this test only
    with app.app_context():
        holder = __import__("etp_app.redis_client", fromlist=["get_redis"]).get_redis()
        buffer.add(holder, (metrics.JOB_DURATION.ops(2.0, kind=stage, state="succeeded"),))
        buffer.add(holder, (metrics.BACKUP_FAILURES.ops(stage=stage), metrics.BACKUP_FAILURES.ops(stage=stage)))

    def sent():
        found = scrape()
        return found if value(found, "etp_backup_failures_total", stage=stage) == 2 else None

    found = wait_for(sent, timeout=10, message="the buffered metrics sent by the background thread")
    assert value(found, "etp_job_duration_seconds_count", kind=stage, state="succeeded") == 1  # sent before
    with app.app_context():  # flush() sends what is still queued, at once
        buffer.add(holder, (metrics.BACKUP_FAILURES.ops(stage=later),))
        buffer.flush()
    assert value(scrape(), "etp_backup_failures_total", stage=later) == 1


# --------------------------------------------------------------------------------------------------
# After a real job in a real worker
# --------------------------------------------------------------------------------------------------


def test_series_appear_after_a_drafting_job_runs_in_a_real_worker(make_user, start_worker, fake, scrape):
    _, api = make_user()
    start_worker(env=openai_env(fake))
    etp = create_etp(api)
    job = api.post(f"/api/v1/etps/{etp['id']}/sections/1/draft", json={}).get_json()
    done = wait_job(api, job["id"])
    assert done["state"] == "succeeded", done
    usage = done["usage"]

    def scraped():
        found = scrape()
        return (
            found if value(found, "etp_job_duration_seconds_count", kind="draft_section", state="succeeded") else None
        )

    found = wait_for(scraped, timeout=15, message="the job duration observed by the worker")
    assert value(found, "etp_jobs", kind="draft_section", state="succeeded") == 1.0
    assert value(found, "etp_job_duration_seconds_count", kind="draft_section", state="succeeded") == 1.0
    assert value(found, "etp_job_duration_seconds_sum", kind="draft_section", state="succeeded") > 0
    model = usage["model"]
    assert value(found, "etp_provider_latency_seconds_count", provider="openai", model=model, cached="false") == 1.0
    assert (
        value(found, "etp_provider_tokens_total", provider="openai", model=model, direction="in") == usage["tokens_in"]
    )
    assert (
        value(found, "etp_provider_tokens_total", provider="openai", model=model, direction="out")
        == usage["tokens_out"]
    )
    assert value(found, "etp_queue_depth", queue="drafting") == 0.0


# --------------------------------------------------------------------------------------------------
# gunicorn: several worker processes, one aggregated scrape
# --------------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, headers: dict | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    except (urllib.error.URLError, OSError):
        return 0, ""


def test_gunicorn_workers_are_aggregated_in_multiprocess_mode(infra, app):
    port = _free_port()
    env = {key: v for key, v in os.environ.items() if not key.lower().startswith("prometheus_multiproc")}
    env.update(
        {
            "APP_ENV": "testing",
            "DATABASE_URL": infra["database_url"],
            "REDIS_URL": infra["redis_url"],
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "GUNICORN_WORKERS": "2",
            "GUNICORN_THREADS": "2",
            "METRICS_TOKEN": TOKEN,
            "LOG_LEVEL": "WARNING",
            "GUNICORN_MAX_REQUESTS": "0",
        }
    )
    gunicorn = Path(sys.executable).parent / "gunicorn"
    proc = subprocess.Popen(
        [str(gunicorn), "-c", "config/gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    multiproc_dir = None
    try:
        wait_for(
            lambda: _get(f"{base}/api/health/live")[0] == 200, timeout=60, interval=0.2, message="gunicorn to serve"
        )
        multiproc_dir = Path("/dev/shm" if os.access("/dev/shm", os.W_OK) else "/tmp") / f"etp-prometheus-{proc.pid}"
        for _ in range(40):
            assert _get(f"{base}/api/health/live")[0] == 200
        status, text = _get(f"{base}/api/metrics/prometheus", AUTH)
        assert status == 200, text
        found = samples(text)
        # every request counted once, whichever worker served it (+1: the readiness poll's success)
        served = value(found, "etp_http_requests_total", method="GET", route="/api/health/live", status="200")
        assert served == 41
        assert multiproc_dir.is_dir()
        pids = {p.name.split("_")[-1].split(".")[0] for p in multiproc_dir.glob("*.db")}
        assert len(pids) >= 1
        assert value(found, "etp_jobs", kind="backup", state="queued") == 0.0  # scrape-time gauges too
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    assert multiproc_dir is not None and not multiproc_dir.exists()  # removed with the master
