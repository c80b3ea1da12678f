"""Prometheus metrics of ETP Express, and how they cross process and container boundaries.

Three sources end up in one scrape of ``/api/metrics/prometheus``:

1. **API process metrics** (``etp_http_requests_total``, ``etp_http_request_duration_seconds``):
   plain ``prometheus_client`` metrics observed in a request hook, labelled by the *route rule*
   (``/api/v1/etps/<uuid:etp_id>``, never the raw path) and status. Under gunicorn they use
   prometheus_client's multiprocess mode: ``config/gunicorn.conf.py`` sets ``PROMETHEUS_MULTIPROC_DIR``
   before the workers start, cleans it, and marks dead workers; the scrape aggregates every worker.
2. **Worker metrics** (``etp_job_duration_seconds``, ``etp_provider_latency_seconds``,
   ``etp_provider_tokens_total``, ``etp_backup_failures_total``): observed in the Celery workers,
   which run in *other containers* (docker-compose, Railway). A shared directory cannot cross
   containers, so these are "shared" metrics kept in Redis — which every process already reaches
   (it is the broker) — as one hash per metric (``HINCRBY`` per bucket, ``HINCRBYFLOAT`` for sums).
   The API renders them at scrape time as ordinary counters and histograms. Writes are best effort
   with Redis's short timeouts: a metric never fails a job.
3. **State read at scrape time** from PostgreSQL and Redis (``etp_jobs`` by kind and state,
   ``etp_queue_depth``, the age of the last good backup...): gauges computed per scrape in
   ``etp_app.api.health.checks``, so they are right whichever process changed the state.
"""

from __future__ import annotations

import collections
import json
import logging
import math
import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from flask import Flask, g, request
from prometheus_client import Counter, Histogram

log = logging.getLogger(__name__)

SHARED_KEY_PREFIX = "etp:metrics:"
_INF = float("inf")

# --------------------------------------------------------------------------------------------------
# 1. API process metrics (multiprocess-safe under gunicorn)
# --------------------------------------------------------------------------------------------------

HTTP_REQUESTS = Counter(
    "etp_http_requests_total",
    "HTTP requests served, by method, route rule and status",
    ["method", "route", "status"],
)
HTTP_LATENCY = Histogram(
    "etp_http_request_duration_seconds",
    "Time to produce the response, by method and route rule",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
UNMATCHED_ROUTE = "<unmatched>"


def init_app(app: Flask) -> None:
    """Time every request and count it by route rule (``<unmatched>`` for unknown paths)."""

    @app.before_request
    def _metrics_start() -> None:
        g._etp_metrics_started = time.perf_counter()

    @app.after_request
    def _metrics_observe(response):
        try:
            rule = request.url_rule.rule if request.url_rule is not None else UNMATCHED_ROUTE
            method = request.method
            HTTP_REQUESTS.labels(method, rule, str(response.status_code)).inc()
            started = g.get("_etp_metrics_started")
            if started is not None:
                HTTP_LATENCY.labels(method, rule).observe(time.perf_counter() - started)
        except Exception:  # noqa: BLE001 - a metric never breaks a response
            log.debug("http metric not recorded", exc_info=True)
        return response


# --------------------------------------------------------------------------------------------------
# 2. Shared metrics: observed anywhere (workers), stored in Redis, rendered by the API
# --------------------------------------------------------------------------------------------------


class _Shared:
    kind = ""

    def __init__(self, name: str, documentation: str, labelnames: Sequence[str]):
        self.name = name
        self.documentation = documentation
        self.labelnames = tuple(labelnames)
        self.key = SHARED_KEY_PREFIX + name

    def _labels(self, labels: Mapping[str, Any]) -> str:
        missing = set(self.labelnames) - set(labels)
        extra = set(labels) - set(self.labelnames)
        if missing or extra:
            raise ValueError(f"{self.name}: labels must be exactly {self.labelnames}")
        return json.dumps([str(labels[n]) for n in self.labelnames], ensure_ascii=False, separators=(",", ":"))


class SharedCounter(_Shared):
    kind = "counter"

    def inc(self, amount: float = 1.0, **labels: Any) -> None:
        _write(self.ops(amount, **labels))

    def ops(self, amount: float = 1.0, **labels: Any) -> Callable[[Any], None]:
        """The Redis writes of :meth:`inc`, to batch with others in one round trip (``_write``)."""
        if amount < 0:
            raise ValueError("counters only go up")
        field = self._labels(labels)
        return lambda pipe: pipe.hincrbyfloat(self.key, field, float(amount))

    def families(self, raw: Mapping[str, str]):
        from prometheus_client.core import CounterMetricFamily

        family = CounterMetricFamily(self.name, self.documentation, labels=list(self.labelnames))
        for field, value in sorted(raw.items()):
            try:
                family.add_metric(json.loads(field), float(value))
            except (ValueError, TypeError):
                continue
        return family


class SharedHistogram(_Shared):
    kind = "histogram"

    def __init__(self, name: str, documentation: str, labelnames: Sequence[str], buckets: Sequence[float]):
        super().__init__(name, documentation, labelnames)
        self.buckets = tuple(sorted(float(b) for b in buckets if not math.isinf(b)))

    def _bucket_for(self, value: float) -> str:
        for upper in self.buckets:
            if value <= upper:
                return _le(upper)
        return "+Inf"

    def observe(self, value: float, **labels: Any) -> None:
        _write(self.ops(value, **labels))

    def ops(self, value: float, **labels: Any) -> Callable[[Any], None]:
        """The Redis writes of :meth:`observe`, to batch with others in one round trip (``_write``)."""
        value = max(0.0, float(value))
        field = self._labels(labels)

        def ops(pipe):
            pipe.hincrby(self.key, f"{field}|le={self._bucket_for(value)}", 1)
            pipe.hincrby(self.key, f"{field}|count", 1)
            pipe.hincrbyfloat(self.key, f"{field}|sum", value)

        return ops

    def families(self, raw: Mapping[str, str]):
        from prometheus_client.core import HistogramMetricFamily

        series: dict[str, dict[str, Any]] = {}
        for field, value in raw.items():
            labels, _, part = field.rpartition("|")
            entry = series.setdefault(labels, {"buckets": {}, "sum": 0.0, "count": 0})
            try:
                if part.startswith("le="):
                    entry["buckets"][part[3:]] = entry["buckets"].get(part[3:], 0) + int(float(value))
                elif part == "sum":
                    entry["sum"] = float(value)
                elif part == "count":
                    entry["count"] = int(float(value))
            except ValueError:
                continue
        family = HistogramMetricFamily(self.name, self.documentation, labels=list(self.labelnames))
        for labels, entry in sorted(series.items()):
            try:
                label_values = json.loads(labels)
            except ValueError:
                continue
            edges = sorted({*(float(le) for le in entry["buckets"] if le != "+Inf"), *self.buckets})
            cumulative, running = [], 0
            for edge in edges:
                running += entry["buckets"].get(_le(edge), 0)
                cumulative.append((_le(edge), float(running)))
            cumulative.append(("+Inf", float(max(entry["count"], running + entry["buckets"].get("+Inf", 0)))))
            family.add_metric(label_values, cumulative, sum_value=entry["sum"])
        return family


def _le(value: float) -> str:
    return repr(float(value))


def _send(holder: Any, ops: Sequence[Callable[[Any], None]]) -> None:
    """Run Redis writes of shared metrics in one pipelined round trip; best effort, never raises."""

    def run(client):
        pipe = client.pipeline(transaction=False)
        for op in ops:
            op(pipe)
        pipe.execute()
        return True

    try:
        holder.safe_call(run, False)
    except Exception as exc:  # noqa: BLE001 - a metric never fails the work it measures
        log.warning("shared metric not recorded: %s", exc.__class__.__name__)


class WriteBuffer:
    """Shared-metric writes of a worker process, sent by one background thread: every ``interval``
    seconds one pipeline carries what the job threads observed, in the order they observed it.

    A drafting thread then spends no Redis round trip (and no wait for the interpreter lock after
    it) on its metrics. Writes still waiting when the process dies are lost, as a metric may be;
    ``flush()`` at worker shutdown sends the rest.
    """

    def __init__(self, interval: float = 0.25):
        self.interval = interval
        self._items: collections.deque[tuple[Any, tuple[Callable[[Any], None], ...]]] = collections.deque()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid = os.getpid()

    def add(self, holder: Any, ops: tuple[Callable[[Any], None], ...]) -> None:
        if self._pid != os.getpid() or self._thread is None:  # first write, or in a forked child
            with self._lock:
                if self._pid != os.getpid():
                    self._items.clear()
                    self._thread, self._pid = None, os.getpid()
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name="etp-metrics", daemon=True)
                    self._thread.start()
        self._items.append((holder, ops))

    def flush(self) -> None:
        """Send what is queued: one pipeline per Redis connection holder, in order."""
        batches: dict[int, tuple[Any, list[Callable[[Any], None]]]] = {}
        while self._items:
            holder, ops = self._items.popleft()
            batches.setdefault(id(holder), (holder, []))[1].extend(ops)
        for holder, ops in batches.values():
            _send(holder, ops)

    def _run(self) -> None:
        while True:
            time.sleep(self.interval)
            self.flush()


_buffer: WriteBuffer | None = None


def buffer_writes(interval: float = 0.25) -> WriteBuffer:
    """Send this process's shared-metric writes from a background thread (Celery workers)."""
    global _buffer
    if _buffer is None:
        _buffer = WriteBuffer(interval)
    return _buffer


def flush_writes() -> None:
    if _buffer is not None:
        _buffer.flush()


def _write(*ops: Callable[[Any], None]) -> None:
    """Record Redis writes of shared metrics: queued for the background thread in a worker (see
    :func:`buffer_writes`), else sent at once in one round trip. Best effort, never raises."""
    try:
        from flask import has_app_context

        if not has_app_context():
            return
        from etp_app.redis_client import get_redis

        holder = get_redis()
        if _buffer is not None:
            _buffer.add(holder, ops)
        else:
            _send(holder, ops)
    except Exception as exc:  # noqa: BLE001 - a metric never fails the work it measures
        log.warning("shared metric not recorded: %s", exc.__class__.__name__)


JOB_DURATION = SharedHistogram(
    "etp_job_duration_seconds",
    "Time from a job's start to its end, by kind and final state (worker)",
    ["kind", "state"],
    buckets=(0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600),
)
PROVIDER_LATENCY = SharedHistogram(
    "etp_provider_latency_seconds",
    "Latency of one AI completion, by provider, model and cache hit",
    ["provider", "model", "cached"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120),
)
PROVIDER_TOKENS = SharedCounter(
    "etp_provider_tokens_total",
    "Tokens of AI completions, by provider, model and direction (in/out)",
    ["provider", "model", "direction"],
)
BACKUP_FAILURES = SharedCounter(
    "etp_backup_failures_total",
    "Failed backups and restore checks, by stage (dump, verify, restore_check)",
    ["stage"],
)
SHARED_METRICS: tuple[_Shared, ...] = (JOB_DURATION, PROVIDER_LATENCY, PROVIDER_TOKENS, BACKUP_FAILURES)


def observe_completion(completion: Any) -> None:
    """One AI completion finished (drafting service): its latency and tokens."""
    provider = str(getattr(completion, "provider", "unknown") or "unknown")
    model = str(getattr(completion, "model", "unknown") or "unknown")[:100]
    cached = "true" if getattr(completion, "cached", False) else "false"
    ops = [
        PROVIDER_LATENCY.ops(
            (getattr(completion, "latency_ms", 0.0) or 0.0) / 1000.0, provider=provider, model=model, cached=cached
        )
    ]
    for direction, attr in (("in", "tokens_in"), ("out", "tokens_out")):
        tokens = int(getattr(completion, attr, 0) or 0)
        if tokens > 0:
            ops.append(PROVIDER_TOKENS.ops(tokens, provider=provider, model=model, direction=direction))
    _write(*ops)  # the three metrics in one write


def observe_job_duration(kind: str, state: str, seconds: float) -> None:
    JOB_DURATION.observe(seconds, kind=kind, state=state)


class SharedCollector:
    """Renders the shared metrics from Redis at scrape time (one pipelined HGETALL per metric)."""

    def __init__(self, client: Any, metrics: Iterable[_Shared] = SHARED_METRICS):
        self.client = client
        self.metrics = tuple(metrics)

    def collect(self):
        from prometheus_client.core import GaugeMetricFamily

        up = GaugeMetricFamily(
            "etp_shared_metrics_up", "1 when the workers' metrics could be read from Redis for this scrape"
        )
        try:
            pipe = self.client.pipeline(transaction=False)
            for metric in self.metrics:
                pipe.hgetall(metric.key)
            raws = pipe.execute()
        except Exception as exc:  # noqa: BLE001 - Redis down: the rest of the scrape still answers
            log.warning("metrics: shared metrics unavailable: %s", exc.__class__.__name__)
            up.add_metric([], 0.0)
            yield up
            return
        up.add_metric([], 1.0)
        yield up
        for metric, raw in zip(self.metrics, raws, strict=False):
            yield metric.families({_text(k): _text(v) for k, v in (raw or {}).items()})


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
