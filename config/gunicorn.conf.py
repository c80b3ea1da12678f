"""gunicorn settings for the API: ``gunicorn -c config/gunicorn.conf.py wsgi:app``.

Every value can be overridden from the environment (names below); ``GUNICORN_CMD_ARGS`` still wins
over this file for ad-hoc changes. The API's own requests are short (slow work runs as Celery jobs),
so threads per worker absorb I/O waits on PostgreSQL and Redis while processes use every core.
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
workers = _int("GUNICORN_WORKERS", _int("WEB_CONCURRENCY", _cpus * 2 + 1))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = _int("GUNICORN_THREADS", 4)
backlog = _int("GUNICORN_BACKLOG", 2048)

# A worker silent this long is killed and replaced; graceful_timeout bounds a restart or SIGTERM.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Recycle workers now and then (bounds slow leaks); the jitter keeps them from restarting together.
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 500)

# Heartbeat files on tmpfs: a worker blocked on a slow disk is not mistaken for a hung one.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None

# Behind a platform proxy, trust X-Forwarded-* only from the addresses it comes from.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips

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


def child_exit(server, worker):  # noqa: ARG001 - gunicorn's hook signature
    """Prometheus multiprocess mode: drop a dead worker's live gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
