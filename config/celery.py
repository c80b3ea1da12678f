"""Celery settings for long work: late acks, prefetch 1, soft < hard time limit < visibility timeout.

Also the beat schedule (run exactly one beat): the daily backup, the weekly restore check and the
housekeeping entries, every one routed to the ``maintenance`` queue.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from celery.schedules import crontab
from kombu import Queue

from etp_app import task_names

# Tasks are sent by name from the API (etp_app never imports workers/); routes resolve by name.
TASK_ROUTES = {name: {"queue": queue} for name, queue in task_names.QUEUE_OF_TASK.items()}


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    return int(raw) if raw not in (None, "") else default


def celery_settings(flask_config: Mapping[str, Any], env: Mapping[str, str]) -> dict[str, Any]:
    soft = _int(env, "CELERY_SOFT_TIME_LIMIT", 900)
    hard = _int(env, "CELERY_TIME_LIMIT", soft + 60)
    visibility = _int(env, "CELERY_VISIBILITY_TIMEOUT", max(3600, hard * 2, backup_time_limits(env)[1] * 2))
    backup_soft, backup_hard = backup_time_limits(env, visibility)
    if not soft < hard < visibility:
        raise ValueError(
            "Celery limits must satisfy CELERY_SOFT_TIME_LIMIT < CELERY_TIME_LIMIT < CELERY_VISIBILITY_TIMEOUT "
            f"(got {soft} < {hard} < {visibility})"
        )
    if not backup_soft < backup_hard < visibility:
        raise ValueError(
            "Backup limits must satisfy BACKUP_SOFT_TIME_LIMIT < BACKUP_TIME_LIMIT < CELERY_VISIBILITY_TIMEOUT "
            f"(got {backup_soft} < {backup_hard} < {visibility})"
        )
    transport = {
        "visibility_timeout": visibility,
        # sweep for messages of dead workers every N seconds (kombu's default is ~100 s)
        "unacked_restore_interval": _int(env, "CELERY_RESTORE_INTERVAL", 10),
        "unacked_restore_throttle": 1,
        "socket_timeout": 10,
        "socket_connect_timeout": 5,
    }
    return {
        "broker_url": flask_config["CELERY_BROKER_URL"],
        # The job ledger in PostgreSQL holds results: Celery's result backend is not used for status.
        "result_backend": None,
        "task_ignore_result": True,
        "broker_transport_options": transport,
        "broker_connection_retry_on_startup": True,
        "broker_connection_timeout": 2,
        # A request must not hang on a dead broker: try briefly, then the job is marked failed (503).
        "task_publish_retry_policy": {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5},
        "worker_cancel_long_running_tasks_on_connection_loss": True,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "task_soft_time_limit": soft,
        "task_time_limit": hard,
        "task_default_queue": task_names.DEFAULT_QUEUE,
        "task_queues": [Queue(name) for name in task_names.QUEUES],
        "task_routes": TASK_ROUTES,
        # pg_dump of a large database may take longer than a draft: its own limits
        "task_annotations": {task_names.RUN_BACKUP: {"soft_time_limit": backup_soft, "time_limit": backup_hard}},
        "beat_schedule": beat_schedule(env),
        "beat_max_loop_interval": 60,
        "task_serializer": "json",
        "accept_content": ["json"],
        "worker_send_task_events": True,  # Flower sees every task from its receipt by a worker
        # No "task-sent" event: it is a second Redis round trip in every request that queues a job
        # (about 1.5 ms of a draft POST), and queued jobs are visible in the job ledger (GET /jobs)
        # and as queue lengths in Flower's broker view.
        "task_send_sent_event": False,
        "worker_hijack_root_logger": False,
        "timezone": env.get("CELERY_TIMEZONE", "America/Sao_Paulo"),
        "enable_utc": True,
    }


# --------------------------------------------------------------------------------------------------
# Per-kind hard limits (the backup reaper's yardstick) and the beat schedule
# --------------------------------------------------------------------------------------------------


def backup_time_limits(env: Mapping[str, str], visibility: int | None = None) -> tuple[int, int]:
    """Soft and hard limits of a backup (default 1740 / 1800 s). Left at their defaults, they shrink
    to fit under an explicitly small ``CELERY_VISIBILITY_TIMEOUT``; set explicitly, they are checked."""
    soft = _int(env, "BACKUP_SOFT_TIME_LIMIT", 1740)
    hard = _int(env, "BACKUP_TIME_LIMIT", soft + 60)
    explicit = env.get("BACKUP_SOFT_TIME_LIMIT") or env.get("BACKUP_TIME_LIMIT")
    if not explicit and visibility is not None and hard >= visibility:
        hard = max(2, visibility - 1)
        soft = max(1, hard - max(1, min(60, hard // 10)))
    return soft, hard


def hard_time_limits(conf: Any) -> tuple[dict[str, int], int]:
    """``({job kind: hard limit}, default hard limit)`` of a configured Celery app."""
    default = int(conf.task_time_limit or 0)
    annotations = conf.task_annotations or {}
    if isinstance(annotations, (list, tuple)):
        annotations = next((a for a in annotations if isinstance(a, Mapping)), {})
    limits = {
        kind: int((annotations.get(task) or {}).get("time_limit") or default)
        for kind, task in task_names.TASK_FOR_KIND.items()
    }
    return limits, default


def _cron(spec: str, name: str) -> crontab:
    parts = spec.split()
    if len(parts) != 5:
        raise ValueError(f"{name} must have 5 fields (minute hour day-of-month month day-of-week), got {spec!r}")
    minute, hour, day_of_month, month_of_year, day_of_week = parts
    return crontab(
        minute=minute, hour=hour, day_of_month=day_of_month, month_of_year=month_of_year, day_of_week=day_of_week
    )


def backup_crontab(env: Mapping[str, str]) -> crontab:
    """``BACKUP_CRON`` ("m h dom mon dow"), else ``BACKUP_HOUR``:``BACKUP_MINUTE`` daily (default 03:00),
    in ``CELERY_TIMEZONE`` (default America/Sao_Paulo)."""
    if env.get("BACKUP_CRON"):
        return _cron(env["BACKUP_CRON"], "BACKUP_CRON")
    hour, minute = _int(env, "BACKUP_HOUR", 3), _int(env, "BACKUP_MINUTE", 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError(f"BACKUP_HOUR/BACKUP_MINUTE out of range: {hour}:{minute}")
    return crontab(minute=minute, hour=hour)


def beat_schedule(env: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """Every entry names a maintenance task and carries its queue (``etp_app.task_names``).

    ``expires`` drops a message no worker took in time: the next run replaces it.
    """
    # the sweep of lost jobs (services/job_leases.py), which also does the old reaper's work
    sweep_every = max(1, _int(env, "JOB_SWEEP_SECONDS", 15))
    return {
        "backup-daily": _entry(task_names.SCHEDULED_BACKUP, backup_crontab(env), expires=6 * 3600),
        "backup-restore-check-weekly": _entry(
            task_names.VERIFY_RESTORE,
            _cron(env.get("RESTORE_CHECK_CRON") or "30 4 * * 0", "RESTORE_CHECK_CRON"),
            expires=12 * 3600,
        ),
        "purge-expired-exports": _entry(task_names.PURGE_EXPIRED_EXPORTS, crontab(minute=17), expires=3000),
        "purge-expired-tokens": _entry(task_names.PURGE_EXPIRED_TOKENS, crontab(minute=47), expires=3000),
        "purge-trash": _entry(task_names.PURGE_TRASH, crontab(minute=27), expires=3000),
        "sweep-jobs": _entry(task_names.SWEEP_JOBS, float(sweep_every), expires=max(5, sweep_every * 2)),
    }


def _entry(task: str, schedule: crontab | float, *, expires: int) -> dict[str, Any]:
    return {
        "task": task,
        "schedule": schedule,
        "options": {"queue": task_names.QUEUE_OF_TASK[task], "expires": expires},
    }
