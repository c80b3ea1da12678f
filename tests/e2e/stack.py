"""The real stack a browser talks to: gunicorn serving the built web app and the API, a real Celery
worker, the fake OpenAI-compatible provider, against a given PostgreSQL database and Redis DB.

One copy for the end-to-end fixtures (tests/e2e/conftest.py) and the web benchmark (bench/web.py).
Debian's chromium is the browser (never a downloaded one): :func:`chromium_path` and
:data:`CHROMIUM_ARGS` are how both launch it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import requests

from tests.fakes.fake_openai import FakeOpenAIServer
from tests.helpers.workers import WorkerProcess

ROOT = Path(__file__).resolve().parents[2]
DIST_INDEX = ROOT / "frontend" / "dist" / "index.html"
WEB_SCRIPT = ROOT / "scripts" / "web.py"
GUNICORN_CONF = ROOT / "config" / "gunicorn.conf.py"

# Without the background-networking flags the closed network refuses many connections (and the
# browser would try to reach Google's update and sync services at start).
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

WORKER_QUEUES = "drafting,exports,maintenance,mail"  # maintenance: backups started from /sistema/backups
UNLIMITED = "100000 per minute"


class StackError(RuntimeError):
    pass


def chromium_path() -> str:
    """``ETP_CHROMIUM``, else Debian's ``/usr/bin/chromium`` (``scripts/web.py browser`` installs it)."""
    path = os.environ.get("ETP_CHROMIUM") or "/usr/bin/chromium"
    if not (Path(path).is_file() and os.access(path, os.X_OK)):
        hint = f"`{sys.executable} scripts/web.py browser`" if WEB_SCRIPT.exists() else "`apt-get install -y chromium`"
        raise StackError(f"Chromium not found at {path}: install it with {hint} or set ETP_CHROMIUM")
    return path


def ensure_built() -> Path:
    """``frontend/dist/index.html``: built once with ``scripts/web.py build`` when it is missing (or
    the ``index.html`` of ``WEB_APP_DIR``, which must exist, when that points at another build)."""
    other = os.environ.get("WEB_APP_DIR")
    if other and Path(other).resolve() != DIST_INDEX.parent.resolve():
        if not (Path(other) / "index.html").is_file():
            raise StackError(f"WEB_APP_DIR={other} has no index.html")
        return Path(other) / "index.html"
    if DIST_INDEX.exists():
        return DIST_INDEX
    if not WEB_SCRIPT.exists():
        raise StackError(
            f"{DIST_INDEX.relative_to(ROOT)} is missing and scripts/web.py does not exist to build it: "
            "build the web app first (`cd frontend && npm ci && npm run build`)"
        )
    result = subprocess.run([sys.executable, str(WEB_SCRIPT), "build"], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0 or not DIST_INDEX.exists():
        raise StackError(
            f"`scripts/web.py build` failed (exit {result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    return DIST_INDEX


def dist_is_stale() -> bool:
    """A source of the app is newer than its build (``scripts/web.py``'s own stamp rule). False when
    ``WEB_APP_DIR`` points the server at another build."""
    other = os.environ.get("WEB_APP_DIR")
    if not WEB_SCRIPT.exists() or (other and Path(other).resolve() != DIST_INDEX.parent.resolve()):
        return False
    import importlib.util

    spec = importlib.util.spec_from_file_location("etp_web_script", WEB_SCRIPT)
    if spec is None or spec.loader is None:
        return False
    module = sys.modules.get(spec.name)
    if module is None:
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
        spec.loader.exec_module(module)
    try:
        return bool(module.needs_build(module.Layout()))
    except (AttributeError, OSError):
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(predicate, timeout: float, message: str, interval: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise StackError(f"timed out after {timeout:.0f}s waiting for {message}")
        time.sleep(interval)


class WebStack:
    """gunicorn (``config/gunicorn.conf.py``) + a Celery worker + the fake provider.

    ``app`` (a Flask app with the same broker) is only used to ping the worker; without one a bare
    Celery client on ``redis_url`` does it. ``app_env`` is ``testing`` for the tests (the dev outbox
    route exists) and may be ``production`` for a benchmark (then ``env`` must carry the secrets and
    an https ``APP_URL``).
    """

    def __init__(
        self,
        *,
        database_url: str,
        redis_url: str,
        log_dir: Path,
        app: Any = None,
        app_env: str = "testing",
        env: dict[str, str] | None = None,
        worker: bool = True,
        fake_latency: float = 0.25,
        gunicorn_workers: int = 2,
        gunicorn_threads: int = 4,
    ):
        self.database_url = database_url
        self.redis_url = redis_url
        self.log_dir = Path(log_dir)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.app = app
        self.app_env = app_env
        self.extra_env = dict(env or {})
        self.with_worker = worker
        self.fake_openai = FakeOpenAIServer(latency=fake_latency)
        self.gunicorn_workers = gunicorn_workers
        self.gunicorn_threads = gunicorn_threads
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.server_log = self.log_dir / "gunicorn.log"
        self.proc: subprocess.Popen | None = None
        self.worker: WorkerProcess | None = None
        self.http = requests.Session()

    # ---------------------------------------------------------------------------------------------
    # environment shared by the server and the worker
    # ---------------------------------------------------------------------------------------------

    def provider_env(self) -> dict[str, str]:
        self.fake_openai.start()  # idempotent: its address is part of the environment
        return {
            "DRAFTING_PROVIDER": "openai",
            "OPENAI_API_KEY": "sk-test-not-a-real-key",
            "OPENAI_BASE_URL": self.fake_openai.base_url,
            "OPENAI_TIMEOUT": "5",
            "OPENAI_RETRY_BASE_DELAY": "0.05",
            "OPENAI_RETRY_MAX_DELAY": "3",
        }

    def common_env(self) -> dict[str, str]:
        env = {
            "APP_ENV": self.app_env,
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "CELERY_BROKER_URL": self.redis_url,
            "CELERY_RESULT_BACKEND": self.redis_url,
            "RATELIMIT_STORAGE_URI": self.redis_url,
            "RATELIMIT_DEFAULT": UNLIMITED,
            "RATELIMIT_AUTH": UNLIMITED,
            "APP_URL": self.base_url,
            "STORAGE_DIR": str(self.log_dir / "storage"),
            "BACKUP_DIR": str(self.log_dir / "backups"),
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            **self.provider_env(),
        }
        env.update(self.extra_env)
        return env

    # ---------------------------------------------------------------------------------------------
    # lifecycle
    # ---------------------------------------------------------------------------------------------

    def start(self, timeout: float = 90.0) -> WebStack:
        ensure_built()
        self.fake_openai.start()
        try:
            self._start_server(timeout)
            if self.with_worker:
                self._start_worker()
        except BaseException:
            self.stop()
            raise
        return self

    def _start_server(self, timeout: float) -> None:
        env = {k: v for k, v in os.environ.items() if not k.lower().startswith("prometheus_multiproc")}
        env.pop("ETP_PROMETHEUS_DIR_OWNED", None)
        env.update(self.common_env())
        env.update(
            {
                "HOST": "127.0.0.1",
                "PORT": str(self.port),
                "GUNICORN_WORKERS": str(self.gunicorn_workers),
                "GUNICORN_THREADS": str(self.gunicorn_threads),
            }
        )
        gunicorn = Path(sys.executable).parent / "gunicorn"
        argv = [str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]
        with self.server_log.open("ab") as log:
            self.proc = subprocess.Popen(
                [*argv, "-c", str(GUNICORN_CONF), "wsgi:app"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

        def ready() -> bool:
            if self.proc is not None and self.proc.poll() is not None:
                raise StackError(f"gunicorn exited with code {self.proc.returncode}:\n{self.server_log_tail()}")
            try:
                return self.http.get(self.base_url + "/api/health/live", timeout=2).status_code == 200
            except requests.RequestException:
                return False

        _wait(ready, timeout, f"gunicorn on {self.base_url} (log: {self.server_log})", interval=0.2)

    def _start_worker(self) -> None:
        app = self.app
        if app is None:
            from celery import Celery

            app = SimpleNamespace(extensions={"celery": Celery(broker=self.redis_url)})
        env = {k: v for k, v in self.common_env().items() if k not in {"DATABASE_URL", "REDIS_URL"}}
        self.worker = WorkerProcess(
            app,
            {"database_url": self.database_url, "redis_url": self.redis_url},
            env=env,
            queues=WORKER_QUEUES,
            log_dir=self.log_dir,
        ).start()

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()
            self.worker = None
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.proc = None
        self.fake_openai.stop()
        self.http.close()

    def __enter__(self) -> WebStack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def server_log_tail(self, chars: int = 6000) -> str:
        try:
            return self.server_log.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    # ---------------------------------------------------------------------------------------------
    # talking to the API directly
    # ---------------------------------------------------------------------------------------------

    def api(
        self,
        path: str,
        method: str = "GET",
        json: Any = None,
        token: str | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 15.0,
    ) -> requests.Response:
        """One request to the live server (``path`` from the root: ``/api/v1/etps``)."""
        out = dict(headers or {})
        if token:
            out["Authorization"] = f"Bearer {token}"
        return requests.request(method, self.base_url + path, json=json, headers=out, timeout=timeout)

    def login(self, email: str, password: str) -> str:
        """An access token for the account (``POST /api/v1/auth/login``)."""
        resp = self.api("/api/v1/auth/login", "POST", {"email": email, "password": password})
        if resp.status_code != 200:
            raise StackError(f"login {email}: {resp.status_code} {resp.text[:500]}")
        return str(resp.json()["access_token"])

    def outbox(self, to: str | None = None) -> list[dict[str, Any]]:
        """The mails the app sent, newest first (``GET /api/v1/dev/outbox``; testing only)."""
        resp = self.api("/api/v1/dev/outbox" + (f"?to={requests.utils.quote(to)}" if to else ""))
        resp.raise_for_status()
        return list(resp.json())
