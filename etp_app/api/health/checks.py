"""Dependency probes for the health, readiness and metrics routes.

Every probe has its own short timeout and the probes of one request run in parallel under a hard
deadline (``PROBE_DEADLINE_SECONDS``), so ``/api/health`` answers in about a second even when a
dependency hangs instead of refusing connections. A probe still running from an earlier request is
joined, never started twice, so a hung dependency cannot pile up threads.

Nothing here reads configuration at import time; per-app state lives in ``app.extensions``.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, wait
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import redis
from flask import Flask

from etp_app.services import jobs as jobs_service
from etp_app.task_names import QUEUES

log = logging.getLogger(__name__)

PROBE_DEADLINE_SECONDS = 1.0
DB_STATEMENT_TIMEOUT_MS = 800
REDIS_TIMEOUT_SECONDS = 0.5
WORKER_PING_TIMEOUT_SECONDS = 0.5
WORKERS_CACHE_SECONDS = 10.0
DEFAULT_CELERY_QUEUES = QUEUES
# kombu's Redis transport keeps one list per priority step: "<queue>" and "<queue>\x06\x16<step>".
_KOMBU_PRIORITY_SEP = "\x06\x16"
_KOMBU_PRIORITY_STEPS = (3, 6, 9)

EXTENSION_KEY = "etp_health"
PROCESS_STARTED_MONOTONIC = time.monotonic()
PROCESS_STARTED_AT = datetime.now(UTC)

UP, DOWN, UNKNOWN = "up", "down", "unknown"


def utcnow() -> datetime:
    return datetime.now(UTC)


def uptime_seconds() -> float:
    return round(time.monotonic() - PROCESS_STARTED_MONOTONIC, 3)


# --------------------------------------------------------------------------------------------------
# Per-app state; probes run on daemon threads
# --------------------------------------------------------------------------------------------------


def _spawn(fn: Callable[[], dict[str, Any]]) -> Future:
    """Run ``fn`` on a daemon thread: a probe stuck on a dead peer never blocks shutdown or a fork."""
    future: Future = Future()

    def runner() -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(fn())
        except BaseException as exc:  # handed to the caller through the future
            future.set_exception(exc)

    threading.Thread(target=runner, name="etp-health-probe", daemon=True).start()
    return future


@dataclass
class HealthState:
    """What the probes of one app keep between requests."""

    redis_client: redis.Redis
    broker_client: redis.Redis | None  # None when the Celery broker is not Redis
    lock: threading.Lock = field(default_factory=threading.Lock)
    inflight: dict[str, Future] = field(default_factory=dict)
    workers_cached: tuple[float, dict[str, Any]] | None = None


def _redis_client(url: str) -> redis.Redis:
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return redis.Redis.from_url(
        url,
        socket_timeout=REDIS_TIMEOUT_SECONDS,
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        retry=Retry(NoBackoff(), 0),
        decode_responses=True,
    )


_state_lock = threading.Lock()


def state_for(app: Flask) -> HealthState:
    state = app.extensions.get(EXTENSION_KEY)
    if state is not None:
        return state
    with _state_lock:
        state = app.extensions.get(EXTENSION_KEY)
        if state is not None:
            return state
        redis_url = app.config["REDIS_URL"]
        redis_client = _redis_client(redis_url)
        broker_url = app.config.get("CELERY_BROKER_URL") or redis_url
        broker: redis.Redis | None = None
        if broker_url == redis_url:
            broker = redis_client
        elif broker_url.startswith(("redis://", "rediss://", "unix://")):
            broker = _redis_client(broker_url)
        state = HealthState(redis_client=redis_client, broker_client=broker)
        app.extensions[EXTENSION_KEY] = state
    return state


def _submit(state: HealthState, name: str, fn: Callable[[], dict[str, Any]]) -> Future:
    """Start probe ``name`` unless the same probe is still running from an earlier request."""
    with state.lock:
        running = state.inflight.get(name)
        if running is not None and not running.done():
            return running
        future = _spawn(fn)
        state.inflight[name] = future
        return future


def start_probes(
    state: HealthState, probes: dict[str, Callable[[], dict[str, Any]]], deadline: float = PROBE_DEADLINE_SECONDS
) -> tuple[dict[str, Future], float]:
    """Start the probes in parallel; returns their futures and the absolute deadline to collect them."""
    futures = {name: _submit(state, name, fn) for name, fn in probes.items()}
    return futures, time.monotonic() + deadline


def collect_probes(futures: dict[str, Future], deadline_at: float) -> dict[str, dict[str, Any]]:
    """Wait for the probes until the deadline; a probe that misses it reports ``timeout``."""
    wait(futures.values(), timeout=max(0.0, deadline_at - time.monotonic()))
    results: dict[str, dict[str, Any]] = {}
    for name, future in futures.items():
        try:
            results[name] = future.result(timeout=0)
        except FutureTimeout:
            results[name] = {"status": DOWN, "latency_ms": None, "error": "timeout"}
        except Exception as exc:  # a probe never raises, but a crash must not become a 500
            log.warning("health probe %s crashed: %s", name, exc.__class__.__name__)
            results[name] = {"status": DOWN, "latency_ms": None, "error": "error"}
    return results


def run_probes(
    state: HealthState, probes: dict[str, Callable[[], dict[str, Any]]], deadline: float = PROBE_DEADLINE_SECONDS
) -> dict[str, dict[str, Any]]:
    futures, deadline_at = start_probes(state, probes, deadline)
    return collect_probes(futures, deadline_at)


def _elapsed_ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)


# --------------------------------------------------------------------------------------------------
# Probes: each returns {"status": "up"|"down", "latency_ms": float|None, "error"?: str, ...}
# --------------------------------------------------------------------------------------------------


def database_probe(engine: Any, *, with_revision: bool = False) -> Callable[[], dict[str, Any]]:
    """``SELECT 1`` (and the applied Alembic revisions) under a short statement timeout."""
    from sqlalchemy.exc import SQLAlchemyError

    def probe() -> dict[str, Any]:
        started = time.perf_counter()
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql(f"SET LOCAL statement_timeout = {DB_STATEMENT_TIMEOUT_MS}")
                conn.exec_driver_sql("SELECT 1").scalar()
                result: dict[str, Any] = {"status": UP, "latency_ms": _elapsed_ms(started)}
                if with_revision:
                    exists = conn.exec_driver_sql("SELECT to_regclass('alembic_version') IS NOT NULL").scalar()
                    revisions: list[str] = []
                    if exists:
                        revisions = sorted(
                            r for (r,) in conn.exec_driver_sql("SELECT version_num FROM alembic_version")
                        )
                    result["revisions"] = revisions
                return result
        except SQLAlchemyError as exc:
            log.warning("health: database unreachable: %s", exc.__class__.__name__)
            return {"status": DOWN, "latency_ms": _elapsed_ms(started), "error": "unreachable"}

    return probe


def redis_probe(client: redis.Redis) -> Callable[[], dict[str, Any]]:
    def probe() -> dict[str, Any]:
        started = time.perf_counter()
        try:
            client.ping()
            return {"status": UP, "latency_ms": _elapsed_ms(started)}
        except (redis.RedisError, OSError) as exc:
            log.warning("health: redis unreachable: %s", exc.__class__.__name__)
            return {"status": DOWN, "latency_ms": _elapsed_ms(started), "error": "unreachable"}

    return probe


def workers_status(app: Flask, state: HealthState) -> dict[str, Any]:
    """Celery workers answering a ping, cached for ``WORKERS_CACHE_SECONDS``.

    ``unknown`` (count ``null``) while the app has no Celery or the ping could not be sent in time.
    """
    celery_app = app.extensions.get("celery")
    if celery_app is None:
        return {"status": UNKNOWN, "count": None}
    now = time.monotonic()
    cached = state.workers_cached
    if cached is not None and cached[0] > now:
        return cached[1]

    def ping() -> dict[str, Any]:
        # kombu retries a broadcast forever while the broker is down: ask the broker first.
        if state.broker_client is not None:
            try:
                state.broker_client.ping()
            except (redis.RedisError, OSError):
                return {"status": UNKNOWN, "count": None}
        try:
            replies = celery_app.control.ping(timeout=WORKER_PING_TIMEOUT_SECONDS) or []
        except Exception as exc:  # broker errors come from kombu/redis/amqp alike
            log.warning("health: worker ping failed: %s", exc.__class__.__name__)
            return {"status": UNKNOWN, "count": None}
        count = len(replies)
        return {"status": UP if count else DOWN, "count": count}

    result = run_probes(state, {"workers": ping}, deadline=WORKER_PING_TIMEOUT_SECONDS + 0.4)["workers"]
    if "error" in result:  # the ping itself missed the deadline
        result = {"status": UNKNOWN, "count": None}
    state.workers_cached = (time.monotonic() + WORKERS_CACHE_SECONDS, result)
    return result


# --------------------------------------------------------------------------------------------------
# Migrations
# --------------------------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def migration_heads(directory: str) -> tuple[str, ...]:
    """The head revision(s) of the migration scripts (read from disk once per process)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", directory)
    return tuple(sorted(ScriptDirectory.from_config(cfg).get_heads()))


def migrations_check(app: Flask, db_result: dict[str, Any]) -> dict[str, Any]:
    directory = app.extensions["migrate"].directory
    heads = list(migration_heads(str(directory)))
    if db_result.get("status") != UP:
        return {"status": UNKNOWN, "current": None, "head": heads, "error": "database unreachable"}
    current = db_result.get("revisions") or []
    if current == heads:
        return {"status": UP, "current": current, "head": heads}
    return {
        "status": DOWN,
        "current": current,
        "head": heads,
        "error": "database schema is not at the migration head; run `flask db upgrade`",
    }


# --------------------------------------------------------------------------------------------------
# Metrics (best effort: each part is null when its source does not answer)
# --------------------------------------------------------------------------------------------------


def process_metrics() -> dict[str, Any]:
    import psutil

    proc = psutil.Process()
    with proc.oneshot():
        memory = proc.memory_info()
        try:
            fds: int | None = proc.num_fds()
        except (AttributeError, psutil.Error):
            fds = None
        return {
            "pid": proc.pid,
            "memory_rss_bytes": memory.rss,
            "memory_vms_bytes": memory.vms,
            "threads": proc.num_threads(),
            "open_fds": fds,
            "cpu_seconds": round(sum(proc.cpu_times()[:2]), 3),
        }


def pool_metrics(engine: Any) -> dict[str, Any]:
    pool = engine.pool
    out: dict[str, Any] = {"class": type(pool).__name__}
    for key, attr in (
        ("size", "size"),
        ("checked_in", "checkedin"),
        ("checked_out", "checkedout"),
        ("overflow", "overflow"),
    ):
        fn = getattr(pool, attr, None)
        out[key] = fn() if callable(fn) else None
    if out["overflow"] is not None:  # QueuePool counts from -pool_size; report overflow connections open
        out["overflow"] = max(0, out["overflow"])
    return out


def celery_queue_names(app: Flask) -> tuple[str, ...]:
    celery_app = app.extensions.get("celery")
    queues = getattr(getattr(celery_app, "conf", None), "task_queues", None) if celery_app else None
    names = tuple(q.name for q in queues or () if getattr(q, "name", None))
    return names or DEFAULT_CELERY_QUEUES


def queue_depths(app: Flask, state: HealthState) -> dict[str, int | None]:
    """Messages waiting per Celery queue (Redis LLEN over the priority lists), ``None`` if unknown."""
    names = celery_queue_names(app)
    client = state.broker_client
    if client is None:
        return {name: None for name in names}
    try:
        pipe = client.pipeline(transaction=False)
        for name in names:
            pipe.llen(name)
            for step in _KOMBU_PRIORITY_STEPS:
                pipe.llen(f"{name}{_KOMBU_PRIORITY_SEP}{step}")
        values = pipe.execute()
    except (redis.RedisError, OSError) as exc:
        log.warning("metrics: queue depth unavailable: %s", exc.__class__.__name__)
        return {name: None for name in names}
    per_queue = 1 + len(_KOMBU_PRIORITY_STEPS)
    return {name: int(sum(values[i * per_queue : (i + 1) * per_queue])) for i, name in enumerate(names)}


def metrics_snapshot(app: Flask, engine: Any) -> dict[str, Any]:
    state = state_for(app)
    futures, deadline_at = start_probes(
        state, {"database": database_probe(engine), "redis": redis_probe(state.redis_client)}
    )
    workers = workers_status(app, state)
    checks = collect_probes(futures, deadline_at)
    db_up = checks["database"]["status"] == UP
    redis_up = checks["redis"]["status"] == UP
    broker_up = redis_up if state.broker_client is state.redis_client else True
    return {
        "timestamp": utcnow(),
        "version": app.config.get("APP_VERSION", "dev"),
        "uptime": uptime_seconds(),
        "started_at": PROCESS_STARTED_AT,
        "process": process_metrics(),
        "database": {**_public(checks["database"]), "pool": pool_metrics(engine)},
        "redis": _public(checks["redis"]),
        "jobs": jobs_service.counts(engine) if db_up else None,
        "backups": backup_status(engine) if db_up else None,
        "queues": queue_depths(app, state) if broker_up else {n: None for n in celery_queue_names(app)},
        "workers": workers,
    }


def backup_status(engine: Any) -> dict[str, Any] | None:
    """The last good backup and the last restore check (``None`` when they cannot be read)."""
    from sqlalchemy.exc import SQLAlchemyError

    from etp_app.services.backups import status_for_metrics

    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SET LOCAL statement_timeout = 2000")
            return status_for_metrics(conn)
    except SQLAlchemyError as exc:
        log.warning("metrics: backup status unavailable: %s", exc.__class__.__name__)
        return None


def _public(result: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in result.items() if k in ("status", "latency_ms", "error")}


# --------------------------------------------------------------------------------------------------
# Prometheus text exposition
# --------------------------------------------------------------------------------------------------


class _SnapshotCollector:
    """Yields the app's gauges from one metrics snapshot (collected per scrape)."""

    def __init__(self, snapshot: dict[str, Any]):
        self.snapshot = snapshot

    def collect(self):
        from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily

        snap = self.snapshot
        info = InfoMetricFamily("etp_build", "ETP Express build information")
        info.add_metric([], {"version": str(snap["version"])})
        yield info
        yield GaugeMetricFamily("etp_uptime_seconds", "Seconds since this API process started", value=snap["uptime"])
        yield GaugeMetricFamily(
            "etp_process_memory_rss_bytes",
            "Resident memory of this API process",
            value=snap["process"]["memory_rss_bytes"],
        )
        up = GaugeMetricFamily(
            "etp_dependency_up", "1 when the dependency answers its health probe", labels=["dependency"]
        )
        latency = GaugeMetricFamily(
            "etp_dependency_latency_seconds", "Latency of the last health probe", labels=["dependency"]
        )
        for dep in ("database", "redis"):
            check = snap[dep]
            up.add_metric([dep], 1.0 if check["status"] == UP else 0.0)
            if check.get("latency_ms") is not None:
                latency.add_metric([dep], check["latency_ms"] / 1000.0)
        yield up
        yield latency
        pool = GaugeMetricFamily("etp_db_pool_connections", "Database pool connections by state", labels=["state"])
        for key in ("size", "checked_in", "checked_out", "overflow"):
            value = snap["database"]["pool"].get(key)
            if value is not None:
                pool.add_metric([key], float(value))
        yield pool
        jobs = GaugeMetricFamily("etp_jobs", "Jobs in the ledger by kind and state", labels=["kind", "state"])
        if snap["jobs"] is not None:
            for kind, states in snap["jobs"]["by_kind"].items():
                for state, count in states.items():
                    jobs.add_metric([kind, state], float(count))
        yield jobs
        depth = GaugeMetricFamily("etp_queue_depth", "Messages waiting in each Celery queue", labels=["queue"])
        for queue, count in snap["queues"].items():
            if count is not None:
                depth.add_metric([queue], float(count))
        yield depth
        workers = snap["workers"]
        if workers.get("count") is not None:
            yield GaugeMetricFamily("etp_workers", "Celery workers answering a ping", value=workers["count"])
        yield from self._backups(snap.get("backups"))

    @staticmethod
    def _backups(backups: dict[str, Any] | None):
        from prometheus_client.core import GaugeMetricFamily

        if backups is None:
            return
        age = backups.get("last_success_age_seconds")
        # +Inf when no good backup exists: an "age above N hours" alert fires from the first scrape
        yield GaugeMetricFamily(
            "etp_backup_last_success_age_seconds",
            "Seconds since the newest good (verified, not pruned) backup finished",
            value=float("inf") if age is None else float(age),
        )
        if backups.get("last_success_at") is not None:
            yield GaugeMetricFamily(
                "etp_backup_last_success_timestamp_seconds",
                "Unix time the newest good backup finished",
                value=backups["last_success_at"].timestamp(),
            )
        if backups.get("last_success_size_bytes") is not None:
            yield GaugeMetricFamily(
                "etp_backup_last_size_bytes",
                "Size of the newest good backup",
                value=float(backups["last_success_size_bytes"]),
            )
        if backups.get("last_restore_check_ok") is not None:
            yield GaugeMetricFamily(
                "etp_backup_restore_check_ok",
                "1 when the last restore check matched every table's row count",
                value=1.0 if backups["last_restore_check_ok"] else 0.0,
            )
            yield GaugeMetricFamily(
                "etp_backup_last_restore_check_timestamp_seconds",
                "Unix time of the last restore check",
                value=backups["last_restore_check_at"].timestamp(),
            )


class _RegistryProxy:
    """Re-exports another registry (the default one, or the multiprocess one under gunicorn)."""

    def __init__(self, registry: Any):
        self.registry = registry

    def collect(self):
        yield from self.registry.collect()


def prometheus_exposition(
    snapshot: dict[str, Any], accept_header: str | None, app: Flask | None = None
) -> tuple[bytes, str]:
    """Render the app gauges, the workers' shared metrics (from Redis, see ``etp_app.metrics``) and
    every metric on the process registry (or the gunicorn multiprocess one)."""
    from prometheus_client import REGISTRY, CollectorRegistry
    from prometheus_client.exposition import choose_encoder

    from etp_app.metrics import SharedCollector

    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        shared = CollectorRegistry(auto_describe=False)
        multiprocess.MultiProcessCollector(shared)
        registry.register(_RegistryProxy(shared))
    else:
        registry.register(_RegistryProxy(REGISTRY))
    registry.register(_SnapshotCollector(snapshot))
    if app is not None and snapshot["redis"]["status"] == UP:
        registry.register(SharedCollector(state_for(app).redis_client))
    encoder, content_type = choose_encoder(accept_header or "")
    return encoder(registry), content_type
