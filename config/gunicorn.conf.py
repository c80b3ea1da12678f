"""gunicorn settings for the API: ``gunicorn -c config/gunicorn.conf.py wsgi:app``.

Every value can be overridden from the environment (names below); ``GUNICORN_CMD_ARGS`` still wins
over this file for ad-hoc changes. The API's own requests are short (slow work runs as Celery jobs),
so threads per worker absorb I/O waits on PostgreSQL and Redis while processes use every core.

Tuned with ``bench/api.py`` (figures in bench/README.md): gthread keeps client connections alive
(the sync worker cannot). One process per core with 4 threads served GET one ETP at 16 connections
with the shortest tails on 2 cores (p99 34-58 ms over 5 runs against 38-88 ms with 3 workers, at
the same throughput); the former default of 2 x cores + 1 = 5 spent the most CPU per request and had
the longest tails (p99 78-83 ms): each process holds its own GIL, and more processes than cores only
add context switches and database connections.
"""

from __future__ import annotations

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


_cpus = multiprocessing.cpu_count()

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{_int('PORT', 5000)}"
# WEB_CONCURRENCY is the name platforms (Railway, Heroku) set; GUNICORN_WORKERS is ours.
workers = _int("GUNICORN_WORKERS", _int("WEB_CONCURRENCY", _cpus))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = _int("GUNICORN_THREADS", 4)
backlog = _int("GUNICORN_BACKLOG", 2048)

# A worker silent this long is killed and replaced; graceful_timeout bounds a restart or SIGTERM.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Recycle workers now and then (bounds slow leaks); the jitter keeps them from restarting together.
# A worker boots in ~1 s of CPU (imports and create_app: the app is not preloaded) while the other
# carries its connections, so recycling must stay rare at full load: 5,000 restarted each worker
# every ~10 s at ~1,000 req/s (and every second on the bare app). 100,000: every ~3 minutes per
# worker at the benchmark's load, every few hours at real traffic.
max_requests = _int("GUNICORN_MAX_REQUESTS", 100000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 10000)

# Heartbeat files on tmpfs: a worker blocked on a slow disk is not mistaken for a hung one.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None

# Behind a platform proxy, trust X-Forwarded-* only from the addresses it comes from. The app reads
# the same variable (config/settings.py, etp_app/proxies.py) to key the rate limit on the real client.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips


def _drop_server_header() -> None:
    """No ``Server: gunicorn`` banner: gunicorn has no setting for it (it writes the line itself in
    ``Response.default_headers``), so that method is wrapped, once, in the master before the fork."""
    from gunicorn.http import wsgi

    original = wsgi.Response.default_headers
    if getattr(original, "etp_no_server", False):
        return

    def default_headers(self):
        return [line for line in original(self) if not line.lower().startswith("server:")]

    default_headers.etp_no_server = True  # type: ignore[attr-defined]
    wsgi.Response.default_headers = default_headers  # type: ignore[method-assign]


_drop_server_header()

loglevel = os.environ.get("GUNICORN_LOG_LEVEL", os.environ.get("LOG_LEVEL", "info")).lower()
errorlog = "-"
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG", "").lower() in {"1", "true", "yes", "on"} else None
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}o)s'

# gunicorn's runtime control socket (``gunicornc``) only when asked for: its default path is shared
# per user, so several servers on one machine (tests, benchmarks, `make run`) would collide.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True

# The app is created in each worker (not preloaded): no database connection or Redis socket is
# shared across a fork.
preload_app = False


# ==================================================================================================
# Prometheus multiprocess mode — owned by operations (etp_app/metrics.py). Keep this block last: its
# hooks chain onto any ``on_starting`` / ``on_exit`` / ``child_exit`` defined above instead of replacing them.
#
# Every gunicorn worker writes its HTTP metrics to files in PROMETHEUS_MULTIPROC_DIR and the scrape
# (/api/metrics/prometheus) aggregates them. The directory is set here, before any worker imports
# prometheus_client (the app is not preloaded), so the workers inherit it: the operator's value when
# set, else a private directory on tmpfs. It is emptied when the master starts (files of an earlier
# run would be counted again), a dead worker's live gauges are dropped, and a directory created here
# is removed when the master exits.
# ==================================================================================================


def _prometheus_multiproc_dir() -> tuple[str, bool]:
    import tempfile

    configured = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or os.environ.get("prometheus_multiproc_dir")
    if configured:  # the operator's, or ours from before a config reload (SIGHUP)
        path, created = configured, os.environ.get("ETP_PROMETHEUS_DIR_OWNED") == configured
    else:
        base = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else tempfile.gettempdir()
        path, created = os.path.join(base, f"etp-prometheus-{os.getpid()}"), True
        os.environ["ETP_PROMETHEUS_DIR_OWNED"] = path
    os.makedirs(path, mode=0o700, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = path
    return path, created


_PROMETHEUS_DIR, _PROMETHEUS_DIR_CREATED = _prometheus_multiproc_dir()


def _prometheus_on_starting(server):  # noqa: ARG001 - gunicorn's hook signature
    """Master start (not on reload): forget the metric files of an earlier run."""
    import glob

    for path in glob.glob(os.path.join(_PROMETHEUS_DIR, "*.db")):
        try:
            os.remove(path)
        except OSError:
            pass


def _prometheus_child_exit(server, worker):  # noqa: ARG001 - gunicorn's hook signature
    """A worker died or was recycled: drop its live gauges (its counters stay in the sums)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid, _PROMETHEUS_DIR)


def _prometheus_on_exit(server):  # noqa: ARG001 - gunicorn's hook signature
    if _PROMETHEUS_DIR_CREATED:
        import shutil

        shutil.rmtree(_PROMETHEUS_DIR, ignore_errors=True)


def _chain_hook(previous, hook):
    if not callable(previous):
        return hook

    def chained(*args):
        previous(*args)
        hook(*args)

    return chained


on_starting = _chain_hook(globals().get("on_starting"), _prometheus_on_starting)
child_exit = _chain_hook(globals().get("child_exit"), _prometheus_child_exit)
on_exit = _chain_hook(globals().get("on_exit"), _prometheus_on_exit)
