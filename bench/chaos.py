"""Chaos harness (issue 14 §6): faults injected one at a time under a load of whole-ETP drafts and reads.

Every fault runs on a fresh stack of its own, on production defaults: a private PostgreSQL and a
private Redis with AOF (as in docker-compose; started here on private ports and faulted on purpose,
never the machine's servers), gunicorn from ``config/gunicorn.conf.py``, a drafting worker
(``-P threads -c 16``, queues drafting and mail), an exports/maintenance worker (``-c 4``), one beat —
the same command lines as ``scripts/entrypoint.sh``, restarted when they exit on their own as
docker-compose's ``restart: unless-stopped`` would (each such exit is reported) — and the fake
OpenAI server (``tests/fakes/fake_openai.py``) as the ``openai`` provider. ``APP_ENV=production``; the only settings
changed from the defaults are the provider's address and key, the secrets production demands and the
HTTP rate limits (every request of the load comes from one address).

The faults (``--faults a,b,...``):

a. the drafting worker SIGKILLed mid-job (after some job stored 3 sections), a new one started 2 s later;
b. PostgreSQL stopped for 30 s, then started;
c. PostgreSQL restarted in 0.2 s (stopped, started again 0.2 s later);
d. Redis killed and restarted empty (its AOF removed: a failover to an empty replica);
e. a provider blip: the fake answers 500 five times, with jobs in flight;
f. a half-open burst: the provider answers 500 until the circuit breaker opens, comes back, and 5
   drafts are sent as soon as the breaker's open period ends (half-open).

For each fault: ``--jobs`` (20; ``--quick``: 10, and a recovery deadline of 120 s instead of 240 s)
fresh ETPs get one whole-ETP draft each, half before the fault (so jobs are in flight when it hits)
and half during it (right after it for the instant faults c, d, e; for f: while the provider is down,
and the burst after); 4 reader threads read ETPs and jobs throughout. A draft POST that is not answered 202 is retried (same Idempotency-Key, after
Retry-After) until accepted or the recovery deadline. After the fault ends the harness waits up to the
recovery deadline for every job to finish, then prints:

- jobs: submitted (answered 202), in the database, succeeded, failed (with their errors), **lost**
  (queued or running with no progress during the last ``LOST_AFTER_SECONDS`` of the deadline), still
  progressing, **duplicated** (jobs with an inciso whose ``section.draft`` audit rows number more than
  one, and the extra writes), **stuck** (sections still locked in ``drafting`` at the end);
- API status counts of reads and draft POSTs, before, during and after the fault (0: no answer);
- time to recovery: the API (last failed read after the fault ended) and the jobs (all finished).

Goal (issue 14): 0 lost, 0 duplicated, 0 stuck, API 5xx only as 503, jobs finished within the deadline.
The harness reports what it sees and exits non-zero when a goal is missed.

    .venv/bin/python bench/chaos.py [--faults a,b,c,d,e,f] [--jobs N] [--quick] [--port-base P]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.dr_drill import (  # noqa: E402 - the repository root is put on the path first
    ApiServer,
    Http,
    PrivatePostgres,
    PrivateRedis,
    _stop_group,
    fmt,
    free_port,
    login,
    wait_until,
)
from tests.fakes.fake_openai import FakeOpenAIServer  # noqa: E402

DATABASE_NAME = "etp_chaos"
LOST_AFTER_SECONDS = 30.0
READERS = 4
FAULTS = {
    "a": "worker de redação morto (SIGKILL) no meio de um trabalho; outro iniciado 2 s depois",
    "b": "PostgreSQL parado por 30 s",
    "c": "PostgreSQL reiniciado em 0,2 s",
    "d": "Redis morto e reiniciado vazio",
    "e": "instabilidade do provedor: 5 respostas 500",
    "f": "rajada em meia-abertura: provedor fora até o disjuntor abrir, de volta, 5 redações logo depois",
}
PHASES = ("antes", "durante", "depois")


def say(message: str) -> None:
    print(f"[caos] {message}", flush=True)


# --------------------------------------------------------------------------------------------------
# The stack
# --------------------------------------------------------------------------------------------------


@dataclass
class CeleryProcess:
    """A Celery worker or beat with the command line of ``scripts/entrypoint.sh``."""

    name: str
    argv: list[str]
    env: dict[str, str]
    log_path: Path
    ready_line: str
    proc: subprocess.Popen[bytes] | None = None
    intentional: bool = False  # stopped or killed by the harness: the supervisor leaves it down

    def start(self, timeout: float = 90.0) -> CeleryProcess:
        self.intentional = False
        offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                self.argv, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

        def ready() -> bool:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} terminou ao iniciar:\n{self.tail()}")
            with open(self.log_path, "rb") as fh:
                fh.seek(offset)
                return self.ready_line.encode() in fh.read()

        wait_until(ready, timeout, f"{self.name} ficar pronto", interval=0.2)
        return self

    def kill(self) -> None:
        self.intentional = True
        _stop_group(self.proc, signal.SIGKILL)

    def stop(self) -> None:
        self.intentional = True
        _stop_group(self.proc)

    def exited_by_itself(self) -> int | None:
        """The exit code when the process ended without the harness asking it to, else None."""
        if self.intentional or self.proc is None:
            return None
        return self.proc.poll()

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


class Stack:
    """PostgreSQL, Redis (AOF), the fake provider, gunicorn, two workers and beat, all of this run.

    A supervisor thread plays docker-compose's ``restart: unless-stopped``: a worker or beat that exits
    on its own is started again, and every such exit is reported (``exits``) — a process that dies on
    a fault is a finding even when a restart policy hides it."""

    def __init__(self, workdir: Path, port_base: int | None, latency: float) -> None:
        self.workdir = workdir
        ports = [port_base + i for i in range(3)] if port_base is not None else [free_port() for _ in range(3)]
        self.pg = PrivatePostgres(workdir, ports[0])
        self.redis = PrivateRedis(workdir, ports[1], appendonly=True)
        self.api_port = ports[2]
        self.fake = FakeOpenAIServer(latency=latency)
        self.api: ApiServer | None = None
        self.drafting: CeleryProcess | None = None
        self.exports: CeleryProcess | None = None
        self.beat: CeleryProcess | None = None
        self.database_url = ""
        self.accounts: dict[str, tuple[str, str]] = {}
        self._workers_started = 0
        self.exits: list[str] = []
        self._started_at = time.monotonic()
        self._stopping = threading.Event()
        self._supervisor: threading.Thread | None = None
        # production refuses known or short secrets: random ones, the same for every process of the stack
        self._secret = secrets.token_urlsafe(48)
        self._jwt = secrets.token_urlsafe(48)

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "APP_ENV": "production",
            "SECRET_KEY": self._secret,
            "JWT_SECRET": self._jwt,
            "APP_URL": "https://caos.etp-express.invalid",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis.url,
            "DRAFTING_PROVIDER": "openai",
            "OPENAI_API_KEY": "sk-chaos-not-a-real-key",
            "OPENAI_BASE_URL": self.fake.base_url,
            "RATELIMIT_DEFAULT": "1000000 per minute",
            "RATELIMIT_AUTH": "100000 per minute",
            "BACKUP_DIR": str(self.workdir / "backups"),
            "STORAGE_DIR": str(self.workdir / "storage"),
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
            "SENTRY_DSN": "",
        }

    def start(self) -> Stack:
        from etp_app import devservices

        self.pg.start()
        self.redis.start()
        self.fake.start()
        self.database_url = devservices.ensure_database(self.pg.admin_url, DATABASE_NAME)
        self._flask("db", "upgrade")
        credentials = self.workdir / "credentials.txt"
        self._flask("seed-demo", "--credentials-file", str(credentials))
        for line in credentials.read_text().splitlines():
            parts = line.split()
            if len(parts) >= 3 and "@" in parts[1]:
                self.accounts[parts[0]] = (parts[1], parts[2])
        self.api = ApiServer(self.api_port, self.env(), self.workdir / "api.log").start()
        self.drafting = self.start_drafting_worker()
        self.exports = self._worker("exports", "exports,maintenance,mail", 4).start()
        self.beat = CeleryProcess(
            "beat",
            [sys.executable, "-m", "celery", "-A", "celery_worker:celery", "beat", "--loglevel", "INFO"]
            + ["--schedule", str(self.workdir / "celerybeat-schedule")],
            self.env(),
            self.workdir / "beat.log",
            "beat: Starting...",
        ).start()
        self._started_at = time.monotonic()
        self._supervisor = threading.Thread(target=self._supervise, name="supervisor", daemon=True)
        self._supervisor.start()
        return self

    def _supervise(self) -> None:
        while not self._stopping.wait(1.0):
            if self.api is not None and self.api.proc is not None and self.api.proc.poll() is not None:
                self.exits.append(f"a API (gunicorn) terminou sozinha (código {self.api.proc.returncode})")
                self._restart(self.api.start)
            for proc in (self.drafting, self.exports, self.beat):
                code = proc.exited_by_itself() if proc is not None else None
                if proc is not None and code is not None:
                    at = fmt(time.monotonic() - self._started_at)
                    self.exits.append(f"{proc.name} terminou sozinho (código {code}) aos {at} s; reiniciado")
                    self._restart(proc.start)

    def _restart(self, start: Any) -> None:
        try:
            start()
        except RuntimeError as exc:
            self.exits.append(f"reinício falhou: {exc}")

    def _flask(self, *args: str) -> None:
        proc = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi:app", *args],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=300,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"flask {' '.join(args)} falhou:\n{(proc.stderr + proc.stdout)[-2000:]}")

    def _worker(self, role: str, queues: str, concurrency: int) -> CeleryProcess:
        self._workers_started += 1
        name = f"{role}{self._workers_started}"
        argv = [sys.executable, "-m", "celery", "-A", "celery_worker:celery", "worker", "--loglevel", "INFO"]
        argv += ["--hostname", f"{name}@%h", "--queues", queues, "--pool", "threads"]
        argv += ["--concurrency", str(concurrency)]
        return CeleryProcess(name, argv, self.env(), self.workdir / f"worker-{name}.log", " ready.")

    def start_drafting_worker(self) -> CeleryProcess:
        return self._worker("drafting", "drafting,mail", 16).start()

    def stop(self) -> None:
        self._stopping.set()
        if self._supervisor is not None:
            self._supervisor.join(timeout=120)
        for proc in (self.beat, self.exports, self.drafting):
            if proc is not None:
                proc.stop()
        if self.api is not None:
            self.api.stop()
        self.fake.stop()
        self.redis.stop()
        with contextlib.suppress(RuntimeError, subprocess.SubprocessError):
            self.pg.stop("immediate")

    def breaker_keys(self) -> list[str]:
        """The circuit breaker's keys in Redis (``etp:breaker:{openai:<url>}:<part>``)."""
        import redis

        client = redis.Redis.from_url(self.redis.url, socket_timeout=2)
        return sorted(k.decode() for k in client.scan_iter("etp:breaker:*"))


# --------------------------------------------------------------------------------------------------
# Load and observation
# --------------------------------------------------------------------------------------------------


@dataclass
class Submission:
    etp_id: str
    wave: str
    key: str = field(default_factory=lambda: f"caos-{uuid.uuid4()}")
    job_id: str | None = None
    attempts: int = 0
    not_before: float = 0.0


class Load:
    """Reader threads and the draft submitter; every answer is counted under the current phase."""

    def __init__(self, base: str, token: str, etp_ids: list[str]) -> None:
        self.base, self.token = base, token
        self.etp_ids = etp_ids
        self.phase = "antes"
        self.counts: dict[tuple[str, str], Counter[int]] = {}
        self.failed_reads: list[float] = []  # monotonic times of reads not answered 2xx
        self.pending: list[Submission] = []
        self.submissions: list[Submission] = []
        self.lock = threading.Lock()
        self.stop_event = threading.Event()
        self.threads: list[threading.Thread] = []

    def count(self, kind: str, status: int) -> None:
        with self.lock:
            self.counts.setdefault((self.phase, kind), Counter())[status] += 1
            if kind == "leitura" and not 200 <= status < 300:
                self.failed_reads.append(time.monotonic())

    def start(self) -> None:
        for n in range(READERS):
            self.threads.append(threading.Thread(target=self._read, name=f"reader-{n}", daemon=True))
        self.threads.append(threading.Thread(target=self._submit_loop, name="submitter", daemon=True))
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self.stop_event.set()
        for thread in self.threads:
            thread.join(timeout=40)

    def submit(self, etp_ids: list[str], wave: str) -> None:
        with self.lock:
            for etp_id in etp_ids:
                sub = Submission(etp_id, wave)
                self.submissions.append(sub)
                self.pending.append(sub)

    def all_accepted(self) -> bool:
        with self.lock:
            return not self.pending

    def _read(self) -> None:
        http = Http(self.base, self.token, timeout=15)
        rng = random.Random()
        while not self.stop_event.is_set():
            with self.lock:
                jobs = [s.job_id for s in self.submissions if s.job_id]
            if jobs and rng.random() < 0.5:
                path = f"/api/v1/jobs/{rng.choice(jobs)}"
            else:
                path = f"/api/v1/etps/{rng.choice(self.etp_ids)}"
            self.count("leitura", http.status("GET", path))
            self.stop_event.wait(0.05)

    def _submit_loop(self) -> None:
        http = Http(self.base, self.token, timeout=15)
        while not self.stop_event.is_set():
            with self.lock:
                due = [s for s in self.pending if s.not_before <= time.monotonic()]
            for sub in due:
                self._submit_one(http, sub)
            self.stop_event.wait(0.1)

    def _submit_one(self, http: Http, sub: Submission) -> None:
        sub.attempts += 1
        try:
            resp = http.request("POST", f"/api/v1/etps/{sub.etp_id}/draft", {}, {"Idempotency-Key": sub.key})
            status, retry_after = resp.status, resp.headers.get("Retry-After")
        except OSError:
            status, retry_after = 0, None
        self.count("pedido de redação", status)
        with self.lock:
            if status == 202 and isinstance(resp.body, dict):
                sub.job_id = str(resp.body["id"])
                self.pending.remove(sub)
            elif status in (409, 422, 403, 404):  # refused for good: nothing to retry
                self.pending.remove(sub)
            else:
                wait = min(5.0, float(retry_after)) if retry_after and retry_after.isdigit() else 1.0
                sub.not_before = time.monotonic() + wait


@dataclass
class JobView:
    state: str
    progress: int
    sections: int
    error: str | None
    attempts: int
    changed_at: float


class Observer:
    """Reads the jobs of this fault's ETPs straight from PostgreSQL (the harness's own connection)."""

    def __init__(self, database_url: str, etp_ids: list[str]) -> None:
        self.url = database_url
        self.etp_ids = etp_ids
        self.jobs: dict[str, JobView] = {}

    def _query(self, sql: str) -> list[tuple[Any, ...]] | None:
        import psycopg2

        try:
            conn = psycopg2.connect(self.url, connect_timeout=3)
        except psycopg2.Error:
            return None
        try:
            with conn.cursor() as cur:
                cur.execute(sql, {"ids": self.etp_ids})
                return list(cur.fetchall())
        except psycopg2.Error:
            return None
        finally:
            conn.close()

    def poll(self) -> bool:
        rows = self._query(
            "SELECT id::text, state, progress, (SELECT count(*) FROM jsonb_object_keys(coalesce(result->'sections', "
            "'{}'::jsonb))), error, attempts FROM jobs WHERE kind = 'draft_etp' AND etp_id::text = ANY(%(ids)s)"
        )
        if rows is None:
            return False
        now = time.monotonic()
        for job_id, state, progress, sections, error, attempts in rows:
            old = self.jobs.get(job_id)
            moved = old is None or (old.state, old.progress, old.sections, old.attempts) != (
                state,
                progress,
                sections,
                attempts,
            )
            changed = now if moved or old is None else old.changed_at
            self.jobs[job_id] = JobView(state, progress, sections, error, attempts, changed)
        return True

    def all_finished(self, expected: int) -> bool:
        terminal = [j for j in self.jobs.values() if j.state in ("succeeded", "failed", "cancelled")]
        return len(self.jobs) >= expected and len(terminal) == len(self.jobs)

    def max_sections(self) -> int:
        return max((j.sections for j in self.jobs.values() if j.state == "running"), default=0)

    def any_running(self) -> bool:
        return any(j.state == "running" for j in self.jobs.values())

    def duplicates(self) -> tuple[int, int]:
        """(jobs with an inciso written more than once, extra writes) from the ``section.draft`` audit rows."""
        rows = self._query(
            "SELECT after->>'job_id', after->>'inciso', count(*) FROM audit_log WHERE action = 'section.draft' "
            "AND etp_id::text = ANY(%(ids)s) GROUP BY 1, 2 HAVING count(*) > 1"
        )
        if rows is None:
            return -1, -1
        return len({row[0] for row in rows}), sum(int(row[2]) - 1 for row in rows)

    def locked_sections(self) -> int:
        rows = self._query("SELECT count(*) FROM sections WHERE status = 'drafting' AND etp_id::text = ANY(%(ids)s)")
        return -1 if rows is None else int(rows[0][0])


# --------------------------------------------------------------------------------------------------
# One fault
# --------------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    fault: str
    submitted: int = 0
    in_database: int = 0
    succeeded: int = 0
    failed: int = 0
    cancelled: int = 0
    lost_queued: int = 0
    lost_running: int = 0
    progressing: int = 0
    duplicated_jobs: int = 0
    extra_writes: int = 0
    locked_sections: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    attempts: Counter[int] = field(default_factory=Counter)  # runs per job: 2 = resumed once
    statuses: dict[str, dict[str, dict[int, int]]] = field(default_factory=dict)
    api_recovery: float | None = None
    jobs_recovery: float | None = None
    burst: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    process_exits: int = 0

    @property
    def lost(self) -> int:
        return self.lost_queued + self.lost_running

    def goals_met(self) -> bool:
        five_hundreds = [
            status
            for phases in self.statuses.values()
            for counts in phases.values()
            for status in counts
            if status >= 500 and status != 503
        ]
        return (
            self.lost == 0
            and self.duplicated_jobs == 0
            and self.locked_sections == 0
            and self.progressing == 0
            and not five_hundreds
            and self.jobs_recovery is not None
        )


@dataclass
class Settings:
    jobs: int
    deadline: float
    latency: float
    port_base: int | None
    keep: bool


def create_etps(api: Http, count: int) -> list[str]:
    ids = []
    for n in range(count):
        etp = api.ok(
            "POST",
            "/api/v1/etps",
            {
                # unique facts: identical prompts would be answered from the completion cache
                "title": f"Caos {uuid.uuid4().hex[:8]} — aquisição de notebooks {n + 1}",
                "objeto": f"Aquisição de {100 + n} notebooks para as unidades de saúde",
                "template_type": "ti",
                "quantidade_estimada": str(100 + n),
                "unidade_medida": "unidade",
                "valor_estimado": f"{400000 + n}.00",
                "descricao_necessidade": "Os computadores atuais têm mais de oito anos e falham com frequência.",
            },
        ).body
        ids.append(str(etp["id"]))
    return ids


def run_fault(letter: str, settings: Settings, workdir: Path) -> Outcome:
    stack = Stack(workdir, settings.port_base, settings.latency)
    outcome = Outcome(letter)
    try:
        say(f"({letter}) subindo a pilha: PostgreSQL, Redis (AOF), gunicorn, 2 workers, beat, provedor simulado")
        stack.start()
        assert stack.api is not None
        admin = login(stack.api.base, *stack.accounts["org_admin"])
        burst_size = 5 if letter == "f" else 0
        etp_ids = create_etps(admin, settings.jobs + burst_size)
        load = Load(stack.api.base, admin.token or "", etp_ids)
        observer = Observer(stack.database_url, etp_ids)
        load.start()
        try:
            fault_end = inject(letter, stack, load, observer, etp_ids, settings, outcome)
            load.phase = "depois"
            deadline = fault_end + settings.deadline
            expected = len(etp_ids)
            while time.monotonic() < deadline:
                observer.poll()
                if load.all_accepted() and observer.all_finished(expected):
                    outcome.jobs_recovery = time.monotonic() - fault_end
                    break
                time.sleep(0.5)
            observer.poll()
            # reads go on a little after the jobs: the "after" counts show the API steady again
            time.sleep(2)
        finally:
            load.stop()
        summarize(outcome, load, observer, fault_end, settings)
        outcome.notes.append(f"provedor simulado: {stack.fake.request_count} chamadas")
        outcome.notes.extend(stack.exits)
        outcome.process_exits = len(stack.exits)
    finally:
        stack.stop()
        if settings.keep:
            say(f"({letter}) logs em {workdir}")
    return outcome


def inject(
    letter: str, stack: Stack, load: Load, observer: Observer, etp_ids: list[str], settings: Settings, outcome: Outcome
) -> float:
    """Submit the first wave, inject the fault, submit the second wave; returns when the fault ended."""
    half = max(1, settings.jobs // 2)
    first, second = etp_ids[:half], etp_ids[half : settings.jobs]
    if letter == "f":
        return half_open_burst(stack, load, observer, etp_ids, settings, outcome)
    load.submit(first, "onda 1")
    need = 3 if letter == "a" else 1

    def in_flight() -> bool:
        observer.poll()
        return observer.max_sections() >= need

    wait_until(in_flight, 120, f"um trabalho com {need} seção(ões) redigida(s)", interval=0.2)
    load.phase = "durante"
    if letter == "a":
        assert stack.drafting is not None
        stack.drafting.kill()
        outcome.notes.append(f"worker morto com um trabalho em {observer.max_sections()} de 13 seções")
        load.submit(second, "onda 2")
        time.sleep(2)  # the fault itself: the worker stays dead for 2 s
        stack.drafting = stack.start_drafting_worker()
    elif letter == "b":
        stack.pg.stop("fast")
        load.submit(second, "onda 2")
        time.sleep(30)  # the fault itself: PostgreSQL down for 30 s
        stack.pg.start()
    elif letter == "c":
        stack.pg.stop("fast")
        time.sleep(0.2)  # the fault itself: a 0.2 s restart
        stack.pg.start()
        load.submit(second, "onda 2")
    elif letter == "d":
        stack.redis.restart_empty()
        load.submit(second, "onda 2")
    elif letter == "e":
        stack.fake.script(*["server_error"] * 5)
        wait_until(lambda: stack.fake.pending_script == 0, 60, "as 5 respostas 500 serem consumidas", interval=0.1)
        load.submit(second, "onda 2")
    return time.monotonic()


def half_open_burst(
    stack: Stack, load: Load, observer: Observer, etp_ids: list[str], settings: Settings, outcome: Outcome
) -> float:
    """Provider down until the breaker opens, back up, and 5 drafts as soon as its open period ends."""
    half = max(1, settings.jobs // 2)
    load.submit(etp_ids[:half], "onda 1")
    wait_until(lambda: observer.poll() and observer.any_running(), 60, "um trabalho em execução", interval=0.2)
    load.phase = "durante"
    stack.fake.mode = "server_error"
    down = time.monotonic()
    load.submit(etp_ids[half : settings.jobs], "onda 2")
    wait_until(lambda: any(k.endswith(":open") for k in stack.breaker_keys()), 120, "o disjuntor abrir", interval=0.2)
    outcome.notes.append(f"disjuntor aberto {fmt(time.monotonic() - down)} s depois de o provedor cair")
    stack.fake.mode = "success"
    back = time.monotonic()
    wait_until(
        lambda: not any(k.endswith(":open") for k in stack.breaker_keys()), 120, "o disjuntor meio-aberto", interval=0.1
    )
    outcome.notes.append(f"meia-abertura {fmt(time.monotonic() - back)} s depois de o provedor voltar")
    burst = etp_ids[settings.jobs :]
    load.submit(burst, "rajada")
    return back


def summarize(outcome: Outcome, load: Load, observer: Observer, fault_end: float, settings: Settings) -> None:
    now = time.monotonic()
    outcome.submitted = sum(1 for s in load.submissions if s.job_id)
    outcome.in_database = len(observer.jobs)
    for view in observer.jobs.values():
        outcome.attempts[view.attempts] += 1
        if view.state == "succeeded":
            outcome.succeeded += 1
        elif view.state == "failed":
            outcome.failed += 1
            outcome.errors[(view.error or "(sem mensagem)")[:140]] += 1
        elif view.state == "cancelled":
            outcome.cancelled += 1
        elif now - view.changed_at >= LOST_AFTER_SECONDS:
            if view.state == "queued":
                outcome.lost_queued += 1
            else:
                outcome.lost_running += 1
        else:
            outcome.progressing += 1
    outcome.duplicated_jobs, outcome.extra_writes = observer.duplicates()
    outcome.locked_sections = observer.locked_sections()
    unaccepted = [s for s in load.submissions if not s.job_id]
    if unaccepted:
        outcome.notes.append(f"{len(unaccepted)} pedido(s) de redação nunca aceito(s) (202) até o prazo")
    for (phase, kind), counts in load.counts.items():
        outcome.statuses.setdefault(kind, {})[phase] = dict(sorted(counts.items()))
    later = [t for t in load.failed_reads if t >= fault_end]
    earlier = [t for t in load.failed_reads if t < fault_end]
    outcome.api_recovery = (max(later) - fault_end) if later else (0.0 if earlier else None)
    burst_ids = {s.job_id for s in load.submissions if s.wave == "rajada" and s.job_id}
    if burst_ids:
        states = Counter(observer.jobs[j].state for j in burst_ids if j in observer.jobs)
        outcome.burst = dict(states)


def print_outcome(outcome: Outcome, settings: Settings) -> None:
    o = outcome
    say(f"== ({o.fault}) {FAULTS[o.fault]} ==")
    for note in o.notes:
        say(f"   {note}")
    say(
        f"   trabalhos: submetidos {o.submitted} (202), no banco {o.in_database}, concluídos {o.succeeded}, "
        f"falharam {o.failed}, cancelados {o.cancelled}"
    )
    say(
        f"   perdidos {o.lost} (na fila {o.lost_queued}, em execução sem progresso {o.lost_running}), "
        f"ainda progredindo {o.progressing}, duplicados {o.duplicated_jobs} ({o.extra_writes} escrita(s) a mais), "
        f"seções presas em 'drafting' {o.locked_sections}"
    )
    say(f"   execuções por trabalho (tentativas: quantos): {dict(sorted(o.attempts.items()))}")
    for error, count in o.errors.most_common(4):
        say(f"   erro ×{count}: {error}")
    if o.burst:
        say(f"   rajada de 5 após a meia-abertura: {dict(o.burst)}")
    for kind, phases in o.statuses.items():
        shown = "; ".join(f"{phase} {phases[phase]}" for phase in PHASES if phase in phases)
        say(f"   API, {kind}: {shown}")
    api = (
        "sem falhas de leitura"
        if o.api_recovery is None
        else f"última leitura com falha {fmt(o.api_recovery)} s após o fim da falha"
    )
    jobs = (
        f"todos os trabalhos terminados {fmt(o.jobs_recovery)} s após o fim da falha"
        if o.jobs_recovery is not None
        else f"trabalhos NÃO terminaram em {fmt(settings.deadline)} s"
    )
    say(f"   recuperação: API — {api}; {jobs}")
    verdict = "ATINGIDAS" if o.goals_met() else "NÃO atingidas"
    if o.process_exits:
        verdict += f" (atenção: {o.process_exits} processo(s) terminaram sozinhos e foram reiniciados)"
    say(f"   metas (0 perdidos, 0 duplicados, 0 presos, 5xx só 503): {verdict}")


@contextlib.contextmanager
def workdir_for(keep: bool) -> Iterator[Path]:
    directory = Path(tempfile.mkdtemp(prefix="etp-chaos-"))
    try:
        yield directory
    finally:
        if not keep:
            shutil.rmtree(directory, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--faults", default=",".join(FAULTS), help="faltas a injetar, ex.: a,b,e (padrão: todas)")
    parser.add_argument("--jobs", type=int, help="redações de ETP inteiro por falta (padrão: 20; --quick: 10)")
    parser.add_argument("--quick", action="store_true", help="menos trabalhos e prazo de recuperação de 120 s")
    parser.add_argument("--deadline", type=float, help="prazo de recuperação em s (padrão: 240; --quick: 120)")
    parser.add_argument("--latency", type=float, default=1.0, help="latência do provedor simulado por chamada (s)")
    parser.add_argument("--port-base", type=int, help="portas P (PostgreSQL), P+1 (Redis), P+2 (API)")
    parser.add_argument("--keep", action="store_true", help="manter os diretórios (logs) de cada falta")
    parser.add_argument("--json", dest="json_path", help="gravar os resultados em JSON neste arquivo")
    args = parser.parse_args(argv)
    letters = [f.strip() for f in args.faults.split(",") if f.strip()]
    unknown = [f for f in letters if f not in FAULTS]
    if unknown or not letters:
        parser.error(f"faltas desconhecidas: {', '.join(unknown) or '(nenhuma)'}; use {','.join(FAULTS)}")
    settings = Settings(
        jobs=args.jobs or (10 if args.quick else 20),
        deadline=args.deadline or (120.0 if args.quick else 240.0),
        latency=args.latency,
        port_base=args.port_base,
        keep=args.keep,
    )
    if settings.jobs < 2:
        parser.error("--jobs precisa ser pelo menos 2 (metade antes, metade durante a falta)")
    outcomes = []
    for letter in letters:
        with workdir_for(args.keep) as workdir:
            try:
                outcome = run_fault(letter, settings, workdir)
            except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
                say(f"({letter}) INTERROMPIDO: {exc}")
                outcome = Outcome(letter, notes=[f"interrompido: {exc}"])
        print_outcome(outcome, settings)
        outcomes.append(outcome)
    if args.json_path:
        Path(args.json_path).write_text(
            json.dumps([_as_json(o) for o in outcomes], ensure_ascii=False, indent=1, default=str)
        )
    return 0 if all(o.goals_met() for o in outcomes) else 1


def _as_json(outcome: Outcome) -> dict[str, Any]:
    data = {k: v for k, v in outcome.__dict__.items()}
    data["errors"] = dict(outcome.errors)
    data["attempts"] = dict(outcome.attempts)
    data["lost"] = outcome.lost
    data["goals_met"] = outcome.goals_met()
    return data


if __name__ == "__main__":
    sys.exit(main())
