"""Smoke test of the run command's embedded path: `scripts/dev.py run` with ETP_FORCE_EMBEDDED=1
starts an embedded PostgreSQL and Redis under its instance dir, migrates, serves a healthy API, and
stops everything it started on SIGINT (Ctrl-C)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.helpers.polling import wait_for

ROOT = Path(__file__).resolve().parents[2]
START_DEADLINE_SECONDS = 150
STOP_DEADLINE_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get_json(url: str) -> tuple[int, dict | None]:
    try:
        with urllib.request.urlopen(url, timeout=3) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        try:
            return exc.code, json.loads(exc.read())
        except ValueError:
            return exc.code, None
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return 0, None


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.3):
            return True
    except OSError:
        return False


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie still answers kill(0): look at its state
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        return state != "Z"
    except OSError:
        return False


def _assert_banner_is_last(output: str, instance: Path) -> None:
    """Start-up output is the runner's own lines, with no migration-plugin lines or warnings, and the
    URLs come last: the children's chatter is in instance/logs until the banner is out."""
    startup = output[: output.index("[dev] Logs ")].splitlines()
    noisy = [line for line in startup if "alembic" in line or "warning" in line.lower()]
    assert not noisy, f"noise before the banner: {noisy}"
    banner_start = next(i for i, line in enumerate(startup) if "ETP Express is up" in line)
    assert all(line.startswith("[dev] ") for line in startup[banner_start:]), startup[banner_start:]
    children_lines = [line for line in startup if not line.startswith("[dev] ")]
    assert not children_lines, f"child output before the banner: {children_lines[:5]}"
    for name in ("api", "worker", "beat", "flower"):
        assert (instance / "logs" / f"{name}.log").stat().st_size > 0, f"{name} writes its log"


def _post_json(url: str, body: dict) -> int:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _assert_mail_reaches_the_console(api_port: int, log_path: Path) -> None:
    """Without SMTP, an e-mail is one plain line on the console with its whole link on APP_URL (the
    address printed), and it is listed by the development outbox route."""
    base = f"http://127.0.0.1:{api_port}"
    output = log_path.read_text()
    assert "[dev] E-mail   sem SMTP" in output and f"{base}/api/v1/dev/outbox" in output
    email = f"console-{os.getpid()}@exemplo-console.gov.br"
    registered = _post_json(
        f"{base}/api/v1/auth/register", {"email": email, "password": "Senha-Forte-2026!", "name": "Ana"}
    )
    assert registered in (201, 202), registered
    assert _post_json(f"{base}/api/v1/auth/forgot-password", {"email": email}) == 202

    def mail_line():
        return next(
            (x for x in log_path.read_text().splitlines() if x.startswith(f"[mail] e-mail para {email}: ")), None
        )

    line = wait_for(mail_line, timeout=30, message="the e-mail's line on the console")
    assert f" — {base}/" in line and "token=" in line and "[FILTERED]" not in line, line
    status, listed = _get_json(f"{base}/api/v1/dev/outbox?to={email}")
    assert status == 200 and listed and any(line.endswith(m["link"]) for m in listed), (line, listed)


def _assert_demo_accounts(api_port: int, instance: Path, output: str) -> None:
    """A fresh database gets the demo accounts: said in the banner, passwords in a 0600 file, and
    they sign in (the org admin in "Prefeitura de Exemplo")."""
    path = instance / "dev-credentials.txt"
    assert "[dev] Contas de demonstração" in output and str(path) in output
    assert path.stat().st_mode & 0o777 == 0o600
    rows = [line.split() for line in path.read_text().splitlines() if "@exemplo.gov.br" in line]
    accounts = {parts[0]: (parts[1], parts[2]) for parts in rows}
    assert set(accounts) == {"org_admin", "member", "system_admin"}
    for email, password in accounts.values():
        assert f"{email}" in output and password in output
    email, password = accounts["org_admin"]
    request = urllib.request.Request(
        f"http://127.0.0.1:{api_port}/api/v1/auth/login",
        data=json.dumps({"email": email, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as resp:
        user = json.loads(resp.read())["user"]
    assert user["role"] == "org_admin" and user["organization"]["name"] == "Prefeitura de Exemplo"


@pytest.mark.timeout(START_DEADLINE_SECONDS + STOP_DEADLINE_SECONDS + 60)
def test_run_command_embedded_path_comes_up_healthy_and_stops_everything(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    api_port, redis_port, flower_port = _free_port(), _free_port(), _free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "APP_ENV"}
    }
    env.update(
        {
            "ETP_FORCE_EMBEDDED": "1",
            "ETP_INSTANCE_DIR": str(instance),
            "ETP_EMBEDDED_REDIS_PORT": str(redis_port),
            "PORT": str(api_port),
            "FLOWER_PORT": str(flower_port),
            "GUNICORN_WORKERS": "2",
            "PYTHONUNBUFFERED": "1",
        }
    )
    log_path = tmp_path / "run.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "dev.py"), "run"],
            cwd=str(ROOT),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    pg_pid = None
    try:
        deadline = time.monotonic() + START_DEADLINE_SECONDS
        status, body = 0, None
        while time.monotonic() < deadline:
            assert proc.poll() is None, f"run command exited early:\n{log_path.read_text()[-4000:]}"
            status, body = _get_json(f"http://127.0.0.1:{api_port}/api/health")
            if status == 200 and body and body.get("status") == "healthy":
                break
            time.sleep(0.25)
        assert status == 200 and body and body["status"] == "healthy", (
            f"no healthy answer in {START_DEADLINE_SECONDS} s (last {status} {body}):\n{log_path.read_text()[-4000:]}"
        )
        assert body["database"]["status"] == "up" and body["redis"]["status"] == "up"

        # the embedded services are the ones answering
        pidfile = instance / "postgres" / "postmaster.pid"
        assert pidfile.exists(), "PostgreSQL runs from the instance dir"
        pg_pid = int(pidfile.read_text().splitlines()[0])
        assert _pid_alive(pg_pid)
        assert _port_open(redis_port), "the embedded Redis listens on the requested port"
        ready_status, ready = _get_json(f"http://127.0.0.1:{api_port}/api/health/ready")
        assert ready_status == 200 and ready["checks"]["migrations"]["status"] == "up", ready

        docs = urllib.request.urlopen(f"http://127.0.0.1:{api_port}/api/docs", timeout=3)
        assert docs.status == 200
        # the banner follows once every child (worker, beat, Flower too) is up
        deadline = time.monotonic() + START_DEADLINE_SECONDS
        while "ETP Express is up" not in log_path.read_text() and time.monotonic() < deadline:
            assert proc.poll() is None, f"run command exited early:\n{log_path.read_text()[-4000:]}"
            time.sleep(0.25)
        output = log_path.read_text()
        web_line = f"[dev] Aplicativo web: http://127.0.0.1:{api_port}/"
        assert web_line in output, "it prints the web app's address"
        assert output.index(web_line) < output.index("ETP Express is up"), "the web app's address comes first"
        assert f"http://127.0.0.1:{api_port}/api/docs" in output, "it prints where the docs are"
        assert f"http://127.0.0.1:{flower_port}" in output, "it prints where Flower is"
        wait_for(lambda: "[dev] Logs " in log_path.read_text(), timeout=10, message="the banner's last line")
        _assert_banner_is_last(log_path.read_text(), instance)
        _assert_mail_reaches_the_console(api_port, log_path)
        _assert_demo_accounts(api_port, instance, log_path.read_text())

        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=STOP_DEADLINE_SECONDS)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()

    assert proc.returncode == 0, log_path.read_text()[-4000:]
    stop_deadline = time.monotonic() + 10
    while time.monotonic() < stop_deadline and (
        (pg_pid and _pid_alive(pg_pid)) or _port_open(api_port) or _port_open(redis_port)
    ):
        time.sleep(0.1)
    assert not (pg_pid and _pid_alive(pg_pid)), "the embedded PostgreSQL was stopped"
    assert not (instance / "postgres" / "postmaster.pid").exists()
    assert not _port_open(redis_port), "the embedded Redis was stopped"
    assert not _port_open(api_port), "the API was stopped"
    output = log_path.read_text()
    assert "embedded PostgreSQL stopped" in output and "embedded Redis stopped" in output
