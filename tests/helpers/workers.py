"""Real Celery workers for wiring tests: subprocesses against the test PostgreSQL and Redis.

Never eager mode: a worker process consumes the same Redis queues the API publishes to. Tests poll the
job row with a deadline.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class WorkerProcess:
    def __init__(
        self,
        app,
        infra,
        *,
        env: dict[str, str] | None = None,
        queues: str = "drafting,mail",
        concurrency: int = 4,
        log_dir: Path,
    ):
        self.app = app
        self.name = f"test-{uuid.uuid4().hex[:8]}@localhost"
        self.env = {
            **os.environ,
            "APP_ENV": "testing",
            "DATABASE_URL": infra["database_url"],
            "REDIS_URL": infra["redis_url"],
            "CELERY_BROKER_URL": infra["redis_url"],
            "DRAFTING_PROVIDER": "offline",
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        self.queues = queues
        self.concurrency = concurrency
        self.log_path = log_dir / f"{self.name.split('@')[0]}.log"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 45.0) -> WorkerProcess:
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "celery_worker:celery",
                "worker",
                "-Q",
                self.queues,
                "-P",
                "threads",
                "-c",
                str(self.concurrency),
                "-n",
                self.name,
                "--without-mingle",
                "--without-gossip",
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
        celery = self.app.extensions["celery"]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"worker exited early:\n{self.log()}")
            if celery.control.ping(destination=[self.name], timeout=0.5):
                return self
        raise RuntimeError(f"worker not ready in {timeout}s:\n{self.log()}")

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-6000:]
        except OSError:
            return ""

    def kill(self) -> None:
        """SIGKILL: the worker dies mid-task with its message unacknowledged."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
