"""Sentry, structured logs and request ids across processes.

A local fake of Sentry's ingest (envelopes POSTed to /api/<project>/envelope/) receives the events of
a real worker started with SENTRY_DSN; every byte it receives is searched for the secrets the worker
knew (database password, API key, Flask/JWT secrets, the caller's JWT) and for prompt text.
"""

from __future__ import annotations

import gzip
import json
import logging
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli
import pytest
from sqlalchemy.engine import make_url

from tests.fakes.fake_openai import Behaviour
from tests.helpers.jobs import ETP, openai_env, wait_job
from tests.helpers.polling import wait_for

PASSWORD = "Pg-Passw0rd-Marker-5f1c9e"
API_KEY = "sk-apikey-marker-0123456789abcdef"
SECRET_KEY = "flask-secret-marker-8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d"
JWT_SECRET = "jwt-secret-marker-1f2e3d4c5b6a7988796a5b4c3d2e1f0a"
PROMPT_OBJETO = "OBJETO-PROMPT-MARKER-7f3a compra de cadeiras ergonômicas"
PROMPT_INSTRUCTIONS = "INSTRUCOES-PROMPT-MARKER-9c1d cite a norma ABNT"
RELEASE = "0123456789abcdef0123456789abcdef01234567"


class FakeSentry:
    """Accepts Sentry envelopes and keeps them (decompressed) for inspection."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []
        self.paths: list[str] = []
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 - stdlib naming
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                encoding = (self.headers.get("Content-Encoding") or "").lower()
                if encoding == "br":  # sentry-sdk compresses with brotli when the module is installed
                    body = brotli.decompress(body)
                elif encoding == "gzip":
                    body = gzip.decompress(body)
                elif encoding == "deflate":
                    body = zlib.decompress(body)
                with fake._lock:
                    fake.bodies.append(body)
                    fake.paths.append(self.path)
                payload = b"{}"
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def dsn(self) -> str:
        return f"http://publickey0f1e2d3c4b5a6978@127.0.0.1:{self.server.server_address[1]}/42"

    def __enter__(self) -> FakeSentry:
        self.thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def raw(self) -> bytes:
        with self._lock:
            return b"\n".join(self.bodies)

    def events(self) -> list[dict]:
        found = []
        with self._lock:
            bodies = list(self.bodies)
        for body in bodies:
            found.extend(parse_envelope(body))
        return found


def parse_envelope(body: bytes) -> list[dict]:
    """The ``event`` items of one envelope (header line, then item header + payload pairs)."""
    events = []
    _, _, rest = body.partition(b"\n")
    while rest.strip():
        header_line, _, rest = rest.partition(b"\n")
        header = json.loads(header_line)
        length = header.get("length")
        if length is not None:
            payload, rest = rest[:length], rest[length:].lstrip(b"\n")
        else:
            payload, _, rest = rest.partition(b"\n")
        if header.get("type") == "event":
            events.append(json.loads(payload))
    return events


@pytest.fixture
def sentry():
    with FakeSentry() as server:
        yield server


def _worker_env(infra, sentry: FakeSentry, **extra) -> dict[str, str]:
    url = make_url(infra["database_url"]).set(password=PASSWORD).render_as_string(hide_password=False)
    return {
        "SENTRY_DSN": sentry.dsn,
        "APP_VERSION": RELEASE,
        "DATABASE_URL": url,
        "SECRET_KEY": SECRET_KEY,
        "JWT_SECRET": JWT_SECRET,
        "OPENAI_API_KEY": API_KEY,
        **extra,
    }


def _assert_no_secrets(raw: bytes, *extra: str) -> None:
    text = raw.decode("utf-8", errors="replace")
    for secret in (
        PASSWORD,
        API_KEY,
        SECRET_KEY,
        JWT_SECRET,
        PROMPT_OBJETO.split()[0],
        PROMPT_INSTRUCTIONS.split()[0],
        *extra,
    ):
        assert secret not in text, f"{secret[:12]}... leaked to Sentry"
    assert "Bearer " not in text and "eyJ" not in text  # no token of any kind


# --------------------------------------------------------------------------------------------------
# Sentry from a real worker
# --------------------------------------------------------------------------------------------------


def test_failed_backup_in_a_real_worker_reaches_sentry_without_secrets(
    app, infra, make_user, start_worker, sentry, tmp_path
):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    worker = start_worker(queues="maintenance", env=_worker_env(infra, sentry, BACKUP_DIR=str(blocker / "backups")))
    _, admin = make_user(role="system_admin")
    resp = admin.post("/api/v1/admin/backups", headers={"X-Request-ID": "req-sentry-backup-42"})
    assert resp.status_code == 202 and resp.headers["X-Request-ID"] == "req-sentry-backup-42"
    job = wait_job(admin, resp.get_json()["id"])
    assert job["state"] == "failed"

    def backup_event():
        return next((e for e in sentry.events() if (e.get("tags") or {}).get("backup_stage") == "dump"), None)

    event = wait_for(backup_event, timeout=30, message="the backup failure event")
    assert event["level"] == "error"
    assert "Backup failure (dump)" in json.dumps(event)
    assert event["release"] == RELEASE and event["environment"] == "testing"
    tags = event["tags"]
    assert tags["request_id"] == "req-sentry-backup-42"  # the API request that asked for it
    assert tags["job_id"] == job["id"] and tags["component"] == "worker"
    assert sentry.paths[0] == "/api/42/envelope/"
    _assert_no_secrets(sentry.raw(), admin.token)

    # the worker's JSON log lines of this task carry the request id and the task (= job) id
    lines = [json.loads(line) for line in worker.log().splitlines() if line.startswith("{")]
    tagged = [line for line in lines if line.get("task_id") == job["id"]]
    assert tagged and all(line["request_id"] == "req-sentry-backup-42" for line in tagged)
    assert any(line["level"] == "ERROR" and "Backup failure" in line["msg"] for line in tagged)
    _assert_no_secrets(worker.log().encode(), admin.token)


def test_unexpected_drafting_error_reaches_sentry_without_prompt_text(
    app, infra, make_user, start_worker, sentry, fake
):
    """A provider answer that breaks the code (a usage count beyond what the job ledger's INTEGER
    column holds) is a bug: the job fails with a human message and Sentry gets the stack trace —
    without local variables (the prompt), keys or passwords."""
    body = {
        "id": "chatcmpl-x",
        "object": "chat.completion",
        "created": 0,
        "model": "gpt-4.1-nano",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": "Texto."}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 2**40, "completion_tokens": 1, "total_tokens": 2**40 + 1},
    }
    fake.mode = Behaviour("success", body=body)
    start_worker(env={**openai_env(fake), **_worker_env(infra, sentry)})
    _, api = make_user()
    etp = api.post("/api/v1/etps", json={**ETP, "objeto": PROMPT_OBJETO}).get_json()
    resp = api.post(
        f"/api/v1/etps/{etp['id']}/sections/1/draft",
        json={"instructions": PROMPT_INSTRUCTIONS},
        headers={"X-Request-ID": "req-sentry-draft-7"},
    )
    job = wait_job(api, resp.get_json()["id"])
    assert job["state"] == "failed" and "Traceback" not in job["error"]
    assert fake.request_count >= 1
    assert PROMPT_INSTRUCTIONS.split()[0] in json.dumps(fake.requests[0].body)  # the prompt did carry it

    def draft_event():
        for event in sentry.events():
            for exc in (event.get("exception") or {}).get("values") or ():
                if exc.get("type") in ("DataError", "NumericValueOutOfRange"):
                    return event
        return None

    event = wait_for(draft_event, timeout=30, message="the drafting error event")
    assert event["tags"]["request_id"] == "req-sentry-draft-7"
    frames = [f for exc in event["exception"]["values"] for f in (exc.get("stacktrace") or {}).get("frames") or ()]
    assert frames and all("vars" not in f for f in frames)
    _assert_no_secrets(sentry.raw(), api.token)


# --------------------------------------------------------------------------------------------------
# The scrubber itself
# --------------------------------------------------------------------------------------------------


def test_scrub_event_removes_secrets_bodies_headers_locals_and_prompt_fields():
    from etp_app.observability import FILTERED, remember_secrets, scrub_event

    remember_secrets(
        {
            "SECRET_KEY": SECRET_KEY,
            "OPENAI_API_KEY": API_KEY,
            "SQLALCHEMY_DATABASE_URI": f"postgresql+psycopg2://etp:{PASSWORD}@db:5432/etp",
        },
        env={},
    )
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ"
    event = {
        "message": f"failed for postgresql://etp:{PASSWORD}@db/etp with token {jwt} and key {API_KEY}",
        "request": {
            "url": "https://api/x?token=abc",
            "method": "POST",
            "data": {"password": "p4ssw0rd!"},
            "cookies": {"s": "1"},
            "headers": {"Authorization": f"Bearer {jwt}", "X-Request-ID": "r1", "Cookie": "a=b"},
        },
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "value": f"bad secret={SECRET_KEY}",
                    "stacktrace": {"frames": [{"function": "f", "vars": {"prompt": PROMPT_OBJETO}}]},
                }
            ]
        },
        "extra": {
            "password": "hunter2-long",
            "instructions": PROMPT_INSTRUCTIONS,
            "messages": [{"content": "x"}],
            "celery-job": {"args": ["id"]},
            "note": f"Basic dXNlcjpwYXNzd29yZA== and {SECRET_KEY}",
        },
        "breadcrumbs": {
            "values": [
                {"category": "query", "message": "SELECT 1", "data": {"db.params": ["x"]}},
                {"category": "log", "message": f"login with password={PASSWORD}"},
            ]
        },
        "user": {"email": "a@b.gov.br", "ip_address": "10.0.0.1"},
    }
    clean = scrub_event(event)
    text = json.dumps(clean)
    for secret in (
        PASSWORD,
        API_KEY,
        SECRET_KEY,
        jwt,
        "p4ssw0rd!",
        "hunter2-long",
        PROMPT_OBJETO,
        PROMPT_INSTRUCTIONS,
        "dXNlcjpwYXNzd29yZA==",
        "a@b.gov.br",
        "10.0.0.1",
        "db.params",
    ):
        assert secret not in text, secret
    assert clean["request"] == {"url": "https://api/x", "method": "POST", "headers": {"X-Request-ID": "r1"}}
    assert clean["extra"]["password"] == FILTERED and clean["extra"]["instructions"] == FILTERED
    assert "vars" not in clean["exception"]["values"][0]["stacktrace"]["frames"][0]
    assert clean["exception"]["values"][0]["type"] == "ValueError"


def test_json_logs_are_scrubbed_and_carry_the_task_context(capsys):
    from etp_app.logging_setup import JsonFormatter, RequestIdFilter, bind_task_context, clear_task_context
    from etp_app.observability import remember_secrets

    remember_secrets({"OPENAI_API_KEY": API_KEY}, env={})
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("tests.observability.json")
    logger.handlers[:] = [handler]
    logger.propagate = False
    bind_task_context(task_id="task-1", task_name="workers.tasks.x", request_id="req-1")
    try:
        logger.warning("calling with key %s and Authorization: Bearer abc.def-ghi_jkl", API_KEY)
    finally:
        clear_task_context()
    logger.warning("outside any task")
    first, second = [json.loads(line) for line in capsys.readouterr().err.strip().splitlines()]
    assert API_KEY not in first["msg"] and "abc.def-ghi_jkl" not in first["msg"]
    assert first["task_id"] == "task-1" and first["task"] == "workers.tasks.x" and first["request_id"] == "req-1"
    assert "task_id" not in second and "request_id" not in second


def test_release_is_app_version_else_the_git_sha():
    import re

    from etp_app.observability import release

    assert release("abc123def") == "abc123def"
    sha = release("dev")
    assert sha == "dev" or re.fullmatch(r"[0-9a-f]{40}", sha)


def test_sentry_stays_off_without_a_dsn(app):
    from etp_app.observability import init_sentry

    assert init_sentry({**app.config, "SENTRY_DSN": ""}) is False
