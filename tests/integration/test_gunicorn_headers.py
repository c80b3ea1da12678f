"""A real gunicorn (config/gunicorn.conf.py) sends no ``Server`` banner, and the app's security
headers reach the client (issue 11 §6)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from tests.helpers.polling import wait_for

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}
    except (urllib.error.URLError, OSError):
        return 0, {}


def test_gunicorn_sends_no_server_banner(infra, app):
    port = _free_port()
    env = {key: v for key, v in os.environ.items() if not key.lower().startswith("prometheus_multiproc")}
    env.update(
        {
            "APP_ENV": "testing",
            "DATABASE_URL": infra["database_url"],
            "REDIS_URL": infra["redis_url"],
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "GUNICORN_WORKERS": "1",
            "GUNICORN_THREADS": "1",
            "LOG_LEVEL": "WARNING",
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
    try:
        wait_for(lambda: _get(f"{base}/api/health/live")[0] == 200, timeout=60, interval=0.2, message="gunicorn")
        for path, expected in (("/api/health/live", 200), ("/api/v1/etps", 401), ("/api/docs", 200)):
            status, headers = _get(base + path)
            assert status == expected, path
            assert "server" not in headers, (path, headers.get("server"))
            assert headers["x-frame-options"] == "DENY", path
            assert "frame-ancestors 'none'" in headers["content-security-policy"], path
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
