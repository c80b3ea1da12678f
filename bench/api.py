"""Benchmark: the API under gunicorn with the production config, against the machine's ceiling.

What runs (``make bench`` or ``.venv/bin/python bench/api.py``):

1. ``wrk`` is located (or installed with apt-get when running as root), else the run stops and says
   how to install it.
2. A bench database ``etp_bench_api`` is (re)created on the machine's PostgreSQL (embedded one when
   none answers on 127.0.0.1) and migrated with ``flask db upgrade``; a Redis DB of its own is
   flushed.
3. Two gunicorn servers start with ``config/gunicorn.conf.py`` exactly as deployed: the API
   (``wsgi:app``) with ``APP_ENV=production``, secrets generated for this run, ``DATABASE_URL`` and
   ``REDIS_URL``; and the bare app (``bench.bare_app:app``, one Flask route returning a constant).
   The only setting changed from production is ``RATELIMIT_DEFAULT`` (10,000,000 per minute): the
   rate limiter still runs on every request (its Redis counter included) but never rejects.
4. Seeding: two organizations, each with a verified org admin, are provisioned as an operator would
   (``organizations.provision``; registering no longer creates organizations), then everything else
   goes through the API: 20 ETPs in the first (the benchmarked list page) and 40 more in the second,
   so organization scoping has rows to filter out.
5. For each round, sequentially: every endpoint (bare ceiling, GET one ETP, GET the list) at every
   connection count (16, 64): a warm-up, then a fixed measurement. ``wrk`` runs with a Lua ``done()``
   hook that prints requests, errors and the latency percentiles p50/p90/p95/p99. Rounds interleave
   the endpoints, so the ratio to the ceiling is taken side by side under the same machine load.
6. Medians over the rounds are printed as a table and written, with every run, to
   ``bench/results/api-<timestamp>.json``. The CPU time used by everything outside the benchmark
   (other people's tests, say) is sampled during each measurement and reported as "other load".

Job polling (``--only job-poll``, issue 12 §6): one drafting job is created (no worker runs, so it
stays queued) and GET /api/v1/jobs/<id> is measured without and with ``If-None-Match`` (then 304 with
no body). Its goal is p95 <= 5 ms at the lowest connection count (``--connections 1,16``: at one
connection the latency is the server's time, with no queueing behind other requests).

Options: ``--duration`` (s, default 10), ``--warmup`` (s, default 3), ``--rounds`` (default 3),
``--connections`` (default 16,64), ``--wrk-threads`` (default 2), ``--wrk PATH``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BENCH_DB = "etp_bench_api"
BENCH_REDIS_DB = 14
GUNICORN_CONF = ROOT / "config" / "gunicorn.conf.py"
RESULTS_DIR = ROOT / "bench" / "results"
RATELIMIT_FOR_BENCH = "10000000 per minute"
PASSWORD = "Estudo-Tecnico-Forte-2026!"
GOAL_RPS = 1000.0
GOAL_P99_MS = 40.0
# job polling (issue 12, §6): GET one job, with and without If-None-Match, p95 at one connection
GOAL_JOB_POLL_P95_MS = 5.0
JOB_POLL_TARGETS = ("job", "job304")
SEEDED_ETPS = 20
OTHER_ORG_ETPS = 40

# wrk calls done() once at the end; latencies are in microseconds.
WRK_REPORT_LUA = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH_JSON {\"requests\":%d,\"duration_us\":%d,\"bytes\":%d,\"connect_errors\":%d,"
    .. "\"read_errors\":%d,\"write_errors\":%d,\"status_errors\":%d,\"timeouts\":%d,"
    .. "\"p50_us\":%d,\"p90_us\":%d,\"p95_us\":%d,\"p99_us\":%d,\"max_us\":%d,\"mean_us\":%.1f}\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean))
end
"""


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


class BenchError(RuntimeError):
    pass


# --------------------------------------------------------------------------------------------------
# wrk
# --------------------------------------------------------------------------------------------------


def locate_wrk(explicit: str | None) -> str:
    """The wrk binary: --wrk, else PATH, else installed with apt-get when we are root."""
    if explicit:
        if not (Path(explicit).is_file() and os.access(explicit, os.X_OK)):
            raise BenchError(f"--wrk {explicit}: not an executable file")
        return explicit
    found = shutil.which("wrk")
    if found:
        return found
    apt = shutil.which("apt-get")
    if apt and os.geteuid() == 0:
        log("wrk not found: installing it with apt-get (Debian package 'wrk')")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = [apt, "install", "-y", "-q", "wrk"]
        if subprocess.run(install, env=env, stdout=subprocess.DEVNULL).returncode != 0:
            subprocess.run([apt, "update", "-q"], env=env, stdout=subprocess.DEVNULL)
            subprocess.run(install, env=env, stdout=subprocess.DEVNULL)
        found = shutil.which("wrk")
        if found:
            return found
    raise BenchError(
        "wrk (the HTTP load generator) is not installed and could not be installed here. Install it "
        "and run again: `sudo apt-get install wrk` (Debian/Ubuntu), `brew install wrk` (macOS), or "
        "build it from its sources; or pass --wrk /path/to/wrk."
    )


def wrk_version(wrk: str) -> str:
    out = subprocess.run([wrk, "--version"], capture_output=True, text=True)
    return (out.stdout or out.stderr).splitlines()[0].strip() if (out.stdout or out.stderr) else "unknown"


# --------------------------------------------------------------------------------------------------
# CPU accounting (how busy the machine was apart from this benchmark)
# --------------------------------------------------------------------------------------------------


def _system_busy_seconds() -> float:
    import psutil

    t = psutil.cpu_times()
    return sum(t) - t.idle - getattr(t, "iowait", 0.0)


def _cpu_by_pid(pids: list[int]) -> dict[int, float]:
    """CPU seconds of each of these processes and of their descendants (reaped children included)."""
    import psutil

    seconds: dict[int, float] = {}
    for pid in pids:
        try:
            root = psutil.Process(pid)
            procs = [root] + root.children(recursive=True)
        except psutil.NoSuchProcess:
            continue
        for proc in procs:
            if proc.pid in seconds:
                continue
            try:
                t = proc.cpu_times()
            except psutil.NoSuchProcess:
                continue
            seconds[proc.pid] = t.user + t.system + t.children_user + t.children_system
    return seconds


def _cpu_delta(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU used between two snapshots of unrelated processes (PostgreSQL backends, Redis): processes
    seen twice count their difference, processes born in between count whole."""
    return sum(max(0.0, value - before.get(pid, 0.0)) for pid, value in after.items())


def _service_pids() -> list[int]:
    """PostgreSQL backends serving the bench database, and the Redis server: part of the work."""
    import psutil

    pids = []
    for proc in psutil.process_iter(["name", "cmdline"]):
        try:
            cmd = " ".join(proc.info["cmdline"] or [])
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        if f" {BENCH_DB} " in f" {cmd} " or (proc.info["name"] or "").startswith("redis-server"):
            pids.append(proc.pid)
    return pids


def _own_child_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # wrk, once reaped
    return usage.ru_utime + usage.ru_stime


@dataclass
class CpuWindow:
    """CPU used during one measurement: by the server under test (gunicorn master and workers), by
    the services it calls (the PostgreSQL backends of the bench database, the Redis server), by wrk,
    and by everything else on the machine (other people's work: the "other load")."""

    server_pids: list[int]
    service_pids: list[int] = field(default_factory=list)
    start_wall: float = 0.0
    start_busy: float = 0.0
    start_server: float = 0.0
    start_services: dict[int, float] = field(default_factory=dict)
    start_children: float = 0.0

    def start(self) -> None:
        self.service_pids = _service_pids()
        self.start_wall = time.monotonic()
        self.start_busy = _system_busy_seconds()
        # A process tree: totals (a worker recycled by gunicorn moves into its master's reaped-children
        # times, so the sum stays continuous)
        self.start_server = sum(_cpu_by_pid(self.server_pids).values())
        self.start_services = _cpu_by_pid(self.service_pids)
        self.start_children = _own_child_cpu_seconds()

    def stop(self, requests: int) -> dict[str, float]:
        wall = time.monotonic() - self.start_wall
        busy = _system_busy_seconds() - self.start_busy
        server = sum(_cpu_by_pid(self.server_pids).values()) - self.start_server
        services = _cpu_delta(self.start_services, _cpu_by_pid(_service_pids()))
        wrk = _own_child_cpu_seconds() - self.start_children
        ours = server + services + wrk
        per_request = 1000.0 / max(1, requests)
        return {
            "wall_s": round(wall, 2),
            "machine_busy_cores": round(busy / wall, 2),
            "server_cores": round(server / wall, 2),
            "services_cores": round(services / wall, 2),
            "wrk_cores": round(wrk / wall, 2),
            "other_load_cores": round(max(0.0, busy - ours) / wall, 2),
            "server_cpu_ms_per_request": round(server * per_request, 3),
            "services_cpu_ms_per_request": round(services * per_request, 3),
        }


# --------------------------------------------------------------------------------------------------
# Services, servers, seeding
# --------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(
    method: str, url: str, body: Any = None, token: str | None = None, timeout: float = 10.0
) -> tuple[int, dict[str, str], Any]:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
            return resp.status, dict(resp.headers.items()), json.loads(raw) if raw else None
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        try:
            payload = json.loads(raw) if raw else None
        except ValueError:
            payload = raw.decode(errors="replace")
        return exc.code, dict(exc.headers.items()), payload


@dataclass
class Server:
    name: str
    app: str
    port: int
    env: dict[str, str]
    ready_path: str
    log_file: Path
    proc: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        gunicorn = Path(sys.executable).parent / "gunicorn"
        argv = [str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]
        argv += ["-c", str(GUNICORN_CONF), self.app]
        env = {**os.environ, **self.env, "HOST": "127.0.0.1", "PORT": str(self.port), "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            argv,
            cwd=str(ROOT),
            env=env,
            stdout=self.log_file.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise BenchError(f"{self.name} server exited with code {self.proc.returncode}; see {self.log_file}")
            try:
                with urllib.request.urlopen(self.base + self.ready_path, timeout=2) as resp:
                    if resp.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.2)
        raise BenchError(f"{self.name} server not ready after {timeout:.0f} s; see {self.log_file}")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(40)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def prepare_services() -> tuple[str, str, str]:
    """(admin URL, bench database URL, Redis URL): a fresh migrated database, an empty Redis DB."""
    from etp_app.devservices import ensure_database, postgres_admin_url, redis_url

    instance = ROOT / "instance" / "bench"
    admin_url, pg_server = postgres_admin_url(instance)
    if pg_server is not None:
        _keep_alive.append(pg_server)
    db_url = ensure_database(admin_url, BENCH_DB, recreate=True)
    r_url, r_server = redis_url(instance, BENCH_REDIS_DB)
    if r_server is not None:
        _keep_alive.append(r_server)
    import redis

    redis.Redis.from_url(r_url).flushdb()
    return admin_url, db_url, r_url


_keep_alive: list[object] = []  # embedded servers live as long as this process


def production_env(db_url: str, r_url: str) -> dict[str, str]:
    return {
        "APP_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "JWT_SECRET": secrets.token_urlsafe(48),
        "DATABASE_URL": db_url,
        "REDIS_URL": r_url,
        "APP_URL": "https://etp.bench.invalid",  # production requires the web app's https address
        "RATELIMIT_DEFAULT": RATELIMIT_FOR_BENCH,
    }


def migrate(env: dict[str, str], log_file: Path) -> None:
    with log_file.open("ab") as out:
        result = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi:app", "db", "upgrade"],
            cwd=str(ROOT),
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    if result.returncode != 0:
        raise BenchError(f"migration failed; see {log_file}")


def _etp_body(i: int, org: str) -> dict[str, Any]:
    return {
        "title": f"Aquisição de computadores para a unidade {i:02d} ({org})",
        "objeto": "Aquisição de microcomputadores desktop, monitores e periféricos para substituição do "
        "parque tecnológico obsoleto das unidades de atendimento ao público.",
        "numero_processo": f"23000.{100000 + i}/2026-{i % 90 + 10}",
        "orgao": "Ministério da Gestão e da Inovação em Serviços Públicos",
        "uasg": "160001",
        "unidade_requisitante": "Coordenação-Geral de Tecnologia da Informação",
        "responsavel_tecnico": {"nome": "Maria da Silva", "matricula": f"SIAPE {1200000 + i}"},
        "data_elaboracao": "2026-03-10",
        "template_type": "bens",
        "quantidade_estimada": str(50 + i),
        "unidade_medida": "unidade",
        "valor_estimado": f"{(50 + i) * 4899.9:.2f}",
        "valor_unitario": "4899.90",
        "prazo_execucao_dias": 90,
        "nivel_risco": "medio",
        "dotacao_orcamentaria": "Programa 0032, Ação 2000, Natureza 4.4.90.52",
        "descricao_necessidade": "Os equipamentos atuais têm mais de oito anos de uso, sem garantia, e "
        "comprometem a continuidade do atendimento. " * 3,
    }


# Organizations are created by operators (never by registering): the bench provisions its accounts
# the way `flask create-organization` does, in a process with the server's environment.
PROVISION_SCRIPT = """
import sys
from wsgi import app
from etp_app.services import joining, organizations
email, organization, password = sys.argv[1:4]
with app.app_context():
    org = organizations.provision(name=organization, domain_names=[email.rsplit("@", 1)[1]], source="bench")
    joining.provision_user(org, email=email, name="Ana Pereira", password=password, role="org_admin", source="bench")
"""


def register(base: str, env: dict[str, str], log_file: Path, email: str, organization: str) -> str:
    """A verified org admin of a new organization (the e-mail's domain); its access token."""
    with log_file.open("ab") as out:
        result = subprocess.run(
            [sys.executable, "-c", PROVISION_SCRIPT, email, organization, PASSWORD],
            cwd=str(ROOT),
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    if result.returncode != 0:
        raise BenchError(f"provisioning {email} failed; see {log_file}")
    return login(base, email)[0]


def login(base: str, email: str) -> tuple[str, float]:
    """A fresh access token and the time (epoch) it expires."""
    status, _, body = http("POST", base + "/api/v1/auth/login", {"email": email, "password": PASSWORD})
    if status != 200:
        raise BenchError(f"login {email}: {status} {body}")
    token = body["access_token"]
    import base64

    payload = token.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return token, float(claims["exp"])


def seed(base: str, env: dict[str, str], log_file: Path) -> tuple[str, str]:
    """Two organizations; returns (email of the benchmarked user, id of one of its ETPs)."""
    email = "bench@orgaobench.gov.br"
    token = register(base, env, log_file, email, "Órgão do Benchmark")
    ids = []
    for i in range(SEEDED_ETPS):
        status, _, body = http("POST", base + "/api/v1/etps", _etp_body(i, "bench"), token)
        if status != 201:
            raise BenchError(f"create ETP: {status} {body}")
        ids.append(body["id"])
    other = register(base, env, log_file, "outra@outroorgao.gov.br", "Outro Órgão")
    for i in range(OTHER_ORG_ETPS):
        status, _, body = http("POST", base + "/api/v1/etps", _etp_body(i, "outro"), other)
        if status != 201:
            raise BenchError(f"create ETP (other organization): {status} {body}")
    return email, ids[len(ids) // 2]


# --------------------------------------------------------------------------------------------------
# Measurement
# --------------------------------------------------------------------------------------------------


@dataclass
class Target:
    key: str
    label: str
    server: Server
    path: str
    authenticated: bool
    headers: dict[str, str] = field(default_factory=dict)


def create_poll_job(base: str, token: str) -> tuple[str, str]:
    """A drafting job to poll (no worker runs here, so it stays queued: every conditional poll is a
    304) and its ETag; (job id, ETag)."""
    status, _, listed = http("GET", base + "/api/v1/etps?page_size=1", token=token)
    if status != 200 or not listed:
        raise BenchError(f"list ETPs for the job: {status} {listed}")
    status, _, job = http("POST", base + f"/api/v1/etps/{listed[0]['id']}/draft", {"incisos": [1]}, token)
    if status != 202:
        raise BenchError(f"create a drafting job: {status} {job}")
    status, headers, _ = http("GET", base + f"/api/v1/jobs/{job['id']}", token=token)
    if status != 200 or not headers.get("ETag"):
        raise BenchError(f"GET the job: {status} {headers.get('ETag')}")
    return job["id"], headers["ETag"]


def check_job_targets(plain: Target, conditional: Target, token: str) -> None:
    """GET one job answers 200 with its ETag; with If-None-Match = that ETag, 304 without a body."""
    req = urllib.request.Request(conditional.server.base + conditional.path, method="GET")
    req.add_header("Authorization", f"Bearer {token}")
    for name, value in conditional.headers.items():
        req.add_header(name, value)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            raise BenchError(f"GET job with If-None-Match answered {resp.status}, expected 304")
    except urllib.error.HTTPError as exc:
        if exc.code != 304 or exc.read():
            raise BenchError(f"GET job with If-None-Match answered {exc.code}, expected an empty 304") from None
    status, headers, body = http("GET", plain.server.base + plain.path, token=token)
    if status != 200 or headers.get("ETag") != conditional.headers["If-None-Match"] or not body.get("state"):
        raise BenchError(f"GET job: {status} {headers.get('ETag')} {str(body)[:200]}")


def check_targets(one: Target, many: Target, token: str) -> None:
    """The benchmarked requests answer what the contract says before any load is applied."""
    status, headers, body = http("GET", one.server.base + one.path, token=token)
    if status != 200 or not headers.get("ETag") or body.get("id") is None:
        raise BenchError(f"GET one ETP: {status} {headers.get('ETag')} {str(body)[:200]}")
    status, headers, body = http("GET", many.server.base + many.path, token=token)
    pagination = json.loads(headers.get("X-Pagination") or "{}")
    if status != 200 or len(body) != SEEDED_ETPS or pagination.get("total") != SEEDED_ETPS:
        raise BenchError(f"GET list: {status}, {len(body) if isinstance(body, list) else body}, {pagination}")
    status, _, _ = http("GET", one.server.base + one.path)
    if status != 401:
        raise BenchError(f"GET one ETP without a token answered {status}, expected 401")


def run_wrk(
    wrk: str,
    lua: Path,
    url: str,
    connections: int,
    threads: int,
    seconds: float,
    token: str | None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    argv = [
        wrk,
        "-t",
        str(min(threads, connections)),
        "-c",
        str(connections),
        "-d",
        f"{seconds:g}s",
        "--timeout",
        "5s",
        "-s",
        str(lua),
    ]
    if token:
        argv += ["-H", f"Authorization: Bearer {token}"]
    for name, value in (headers or {}).items():
        argv += ["-H", f"{name}: {value}"]
    argv.append(url)
    out = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 60)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("BENCH_JSON ")), None)
    if out.returncode != 0 or line is None:
        raise BenchError(f"wrk failed ({out.returncode}): {out.stdout[-500:]} {out.stderr[-500:]}")
    raw = json.loads(line[len("BENCH_JSON ") :])
    errors = raw["connect_errors"] + raw["read_errors"] + raw["write_errors"] + raw["timeouts"]
    return {
        "requests": raw["requests"],
        "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p90_ms": round(raw["p90_us"] / 1000, 2),
        "p95_ms": round(raw["p95_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "max_ms": round(raw["max_us"] / 1000, 2),
        "mean_ms": round(raw["mean_us"] / 1000, 2),
        "non_2xx": raw["status_errors"],
        "socket_errors": errors,
    }


def gunicorn_settings(env: dict[str, str]) -> dict[str, Any]:
    """The settings config/gunicorn.conf.py gave the servers (read in a child, which may set up
    directories of its own for the hooks it defines: a throwaway one here)."""
    keys = (
        "workers",
        "worker_class",
        "threads",
        "keepalive",
        "timeout",
        "graceful_timeout",
        "max_requests",
        "max_requests_jitter",
        "backlog",
        "preload_app",
    )
    with tempfile.TemporaryDirectory(prefix="etp-bench-conf-") as scratch:
        code = (
            "import json, runpy, sys; v = runpy.run_path(sys.argv[1]); "
            f"print(json.dumps({{k: v.get(k) for k in {keys!r}}}))"
        )
        out = subprocess.run(
            [sys.executable, "-c", code, str(GUNICORN_CONF)],
            capture_output=True,
            text=True,
            env={**os.environ, **env, "PROMETHEUS_MULTIPROC_DIR": scratch},
            cwd=str(ROOT),
        )
    return json.loads(out.stdout) if out.returncode == 0 else {"error": out.stderr[-300:]}


def median(values: list[float]) -> float:
    return round(statistics.median(values), 2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds measured per run (default 10)")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of warm-up before each run (default 3)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over every cell; medians reported (default 3)")
    parser.add_argument("--connections", default="16,64", help="comma-separated connection counts (default 16,64)")
    parser.add_argument("--wrk-threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--wrk", help="path of the wrk binary (default: PATH, else apt-get install)")
    parser.add_argument(
        "--only",
        help="comma-separated subset of: bare,one,list,job,job304 (job-poll = job,job304: GET one job, "
        "without and with If-None-Match)",
    )
    args = parser.parse_args()
    connections = [int(c) for c in args.connections.split(",") if c.strip()]

    wrk = locate_wrk(args.wrk)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    log_file = RESULTS_DIR / f"api-{stamp}.log"
    log(f"wrk: {wrk} ({wrk_version(wrk)}); server logs: {log_file.relative_to(ROOT)}")

    admin_url, db_url, r_url = prepare_services()
    env = production_env(db_url, r_url)
    log(f"bench database {BENCH_DB} created; Redis {r_url}; migrating")
    migrate(env, log_file)

    load_before = os.getloadavg()
    api = Server("api", "wsgi:app", free_port(), env, "/api/health/live", log_file)
    bare = Server("bare", "bench.bare_app:app", free_port(), {"APP_ENV": "production"}, "/bare", log_file)
    lua_dir = Path(tempfile.mkdtemp(prefix="etp-bench-"))
    lua = lua_dir / "report.lua"
    lua.write_text(WRK_REPORT_LUA)
    runs: list[dict[str, Any]] = []
    try:
        for server in (api, bare):
            server.start()
        for server in (api, bare):
            server.wait_ready()
        log(f"servers up: api {api.base}, bare {bare.base}; seeding")
        email, etp_id = seed(api.base, env, log_file)
        token, token_exp = login(api.base, email)
        one = Target("one", "GET /api/v1/etps/<id>", api, f"/api/v1/etps/{etp_id}", True)
        many = Target("list", "GET /api/v1/etps (20 items)", api, "/api/v1/etps?page_size=20", True)
        check_targets(one, many, token)
        job_id, job_etag = create_poll_job(api.base, token)
        job = Target("job", "GET /api/v1/jobs/<id> (200)", api, f"/api/v1/jobs/{job_id}", True)
        job304 = Target(
            "job304", "GET job, If-None-Match (304)", api, f"/api/v1/jobs/{job_id}", True, {"If-None-Match": job_etag}
        )
        check_job_targets(job, job304, token)
        targets = [Target("bare", "bare Flask constant (ceiling)", bare, "/bare", False), one, many, job, job304]
        if args.only:
            wanted = {w.strip() for w in args.only.split(",")}
            if "job-poll" in wanted:
                wanted |= set(JOB_POLL_TARGETS)
            targets = [t for t in targets if t.key in wanted]
        cell_seconds = args.warmup + args.duration
        for rnd in range(1, args.rounds + 1):
            for target in targets:
                for conns in connections:
                    if target.authenticated and token_exp - time.time() < cell_seconds + 60:
                        token, token_exp = login(api.base, email)
                    url = target.server.base + target.path
                    tok = token if target.authenticated else None
                    if args.warmup > 0:
                        run_wrk(wrk, lua, url, conns, args.wrk_threads, args.warmup, tok, target.headers)
                    window = CpuWindow([target.server.proc.pid])
                    window.start()
                    result = run_wrk(wrk, lua, url, conns, args.wrk_threads, args.duration, tok, target.headers)
                    cpu = window.stop(result["requests"])
                    run = {"round": rnd, "target": target.key, "connections": conns, **result, "cpu": cpu}
                    runs.append(run)
                    log(
                        f"round {rnd} {target.key:<6} c={conns:<3} {result['rps']:>8.1f} req/s  "
                        f"p50 {result['p50_ms']:6.2f}  p95 {result['p95_ms']:6.2f}  p99 {result['p99_ms']:6.2f} ms"
                        f"  non-2xx {result['non_2xx']}  errors {result['socket_errors']}"
                        f"  cpu/req {cpu['server_cpu_ms_per_request']:.2f}+{cpu['services_cpu_ms_per_request']:.2f} ms"
                        f"  other load {cpu['other_load_cores']:.2f} cores"
                    )
    finally:
        for server in (api, bare):
            server.stop()
        shutil.rmtree(lua_dir, ignore_errors=True)
        try:
            from etp_app.devservices import drop_database

            drop_database(admin_url, BENCH_DB)
        except Exception as exc:  # the figures matter more than the clean-up
            log(f"could not drop {BENCH_DB}: {exc}")

    summary = summarize(runs, targets, connections)
    print_table(summary, targets, connections)
    failures = [r for r in runs if r["non_2xx"] or r["socket_errors"]]
    goal = summary.get("one", {}).get(16)
    goal_met = bool(goal) and goal["rps"] >= GOAL_RPS and goal["p99_ms"] <= GOAL_P99_MS
    # job polling: server time = the latency at one connection (no queueing behind other requests)
    poll_cells = {key: summary.get(key, {}).get(min(connections)) for key in JOB_POLL_TARGETS}
    poll_measured = {key: cell for key, cell in poll_cells.items() if cell}
    poll_met = bool(poll_measured) and all(c["p95_ms"] <= GOAL_JOB_POLL_P95_MS for c in poll_measured.values())
    report = {
        "started_at": stamp,
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "loadavg_before": [round(x, 2) for x in load_before],
            "loadavg_after": [round(x, 2) for x in os.getloadavg()],
            "median_other_load_cores": median([r["cpu"]["other_load_cores"] for r in runs]) if runs else None,
        },
        "settings": {
            "gunicorn": gunicorn_settings(env),
            "app_env": "production",
            "ratelimit_default": RATELIMIT_FOR_BENCH,
            "wrk": wrk_version(wrk),
            "wrk_threads": args.wrk_threads,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "rounds": args.rounds,
        },
        "summary": {k: {str(c): v for c, v in cells.items()} for k, cells in summary.items()},
        "goal": {
            "target": "GET one ETP at 16 connections",
            "rps_min": GOAL_RPS,
            "p99_ms_max": GOAL_P99_MS,
            "met": goal_met,
        },
        "job_poll_goal": {
            "target": f"GET one job, with and without If-None-Match, at {min(connections)} connection(s)",
            "p95_ms_max": GOAL_JOB_POLL_P95_MS,
            "measured": {k: {"p50_ms": c["p50_ms"], "p95_ms": c["p95_ms"]} for k, c in poll_measured.items()},
            "met": poll_met if poll_measured else None,
        },
        "runs": runs,
    }
    if runs:
        others = [r["cpu"]["other_load_cores"] for r in runs]
        print(
            f"Machine: {os.cpu_count()} CPUs; load average {report['machine']['loadavg_before'][0]} before, "
            f"{report['machine']['loadavg_after'][0]} after; CPU used by everything else during the "
            f"measurements: median {median(others)} cores (min {min(others)}, max {max(others)}); wrk used "
            f"{median([r['cpu']['wrk_cores'] for r in runs])} cores."
        )
        print(f"gunicorn: {report['settings']['gunicorn']}")
        print()
    out = RESULTS_DIR / f"api-{stamp}.json"
    out.write_text(json.dumps(report, indent=2))
    log(f"results: {out.relative_to(ROOT)}")
    if goal:
        log(
            f"goal (GET one ETP, 16 connections: >= {GOAL_RPS:.0f} req/s, p99 <= {GOAL_P99_MS:.0f} ms): "
            + ("met" if goal_met else "NOT met")
        )
    if poll_measured:
        figures = ", ".join(
            f"{key} p50 {c['p50_ms']:.2f} / p95 {c['p95_ms']:.2f} ms" for key, c in poll_measured.items()
        )
        log(
            f"goal (job poll at {min(connections)} connection(s): p95 <= {GOAL_JOB_POLL_P95_MS:.0f} ms): "
            + ("met" if poll_met else "NOT met")
            + f" ({figures})"
        )
    if failures:
        log(f"{len(failures)} run(s) had non-2xx answers or socket errors: see the JSON")
        return 1
    return 0


def summarize(runs: list[dict[str, Any]], targets: list[Target], connections: list[int]) -> dict[str, dict[int, Any]]:
    summary: dict[str, dict[int, Any]] = {}
    for target in targets:
        for conns in connections:
            cell = [r for r in runs if r["target"] == target.key and r["connections"] == conns]
            if not cell:
                continue
            summary.setdefault(target.key, {})[conns] = {
                "rps": median([r["rps"] for r in cell]),
                "p50_ms": median([r["p50_ms"] for r in cell]),
                "p95_ms": median([r["p95_ms"] for r in cell]),
                "p99_ms": median([r["p99_ms"] for r in cell]),
                "rps_min": min(r["rps"] for r in cell),
                "rps_max": max(r["rps"] for r in cell),
                "server_cpu_ms_per_request": median([r["cpu"]["server_cpu_ms_per_request"] for r in cell]),
                "services_cpu_ms_per_request": median([r["cpu"]["services_cpu_ms_per_request"] for r in cell]),
                "other_load_cores": median([r["cpu"]["other_load_cores"] for r in cell]),
                "runs": len(cell),
            }
    # Ratio to the ceiling, per round (side by side), then the median of those ratios.
    if "bare" in summary:
        for key, cells in summary.items():
            for conns, cell in cells.items():
                ratios = []
                for r in runs:
                    if r["target"] != key or r["connections"] != conns:
                        continue
                    ceiling = next(
                        (
                            b
                            for b in runs
                            if b["target"] == "bare" and b["connections"] == conns and b["round"] == r["round"]
                        ),
                        None,
                    )
                    if ceiling and ceiling["rps"]:
                        ratios.append(r["rps"] / ceiling["rps"])
                if ratios:
                    cell["ratio_to_bare"] = round(statistics.median(ratios), 3)
    return summary


def print_table(summary: dict[str, dict[int, Any]], targets: list[Target], connections: list[int]) -> None:
    header = f"{'endpoint':<32} {'conns':>5} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'vs bare':>8}"
    print()
    print("Medians over the rounds (req/s range min-max in the JSON):")
    print(header)
    print("-" * len(header))
    for target in targets:
        for conns in connections:
            cell = summary.get(target.key, {}).get(conns)
            if not cell:
                continue
            ratio = cell.get("ratio_to_bare")
            ratio_text = f"{ratio * 100:.0f} %" if ratio is not None else "-"
            print(
                f"{target.label:<32} {conns:>5} {cell['rps']:>9.1f} {cell['p50_ms']:>8.2f} "
                f"{cell['p95_ms']:>8.2f} {cell['p99_ms']:>8.2f} {ratio_text:>8}"
            )
    print()


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as exc:
        print(f"[bench] error: {exc}", file=sys.stderr)
        sys.exit(2)
