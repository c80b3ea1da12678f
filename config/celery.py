"""Celery settings for long work: late acks, prefetch 1, soft < hard time limit < visibility timeout."""
from __future__ import annotations

from typing import Any, Mapping

from kombu import Queue

QUEUES = ("drafting", "exports", "maintenance")

# Tasks are sent by name from the API (etp_app never imports workers/); routes resolve by name.
TASK_ROUTES = {
    "workers.tasks.drafting.*": {"queue": "drafting"},
    "workers.tasks.exports.*": {"queue": "exports"},
    "workers.tasks.maintenance.*": {"queue": "maintenance"},
}


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    return int(raw) if raw not in (None, "") else default


def celery_settings(flask_config: Mapping[str, Any], env: Mapping[str, str]) -> dict[str, Any]:
    soft = _int(env, "CELERY_SOFT_TIME_LIMIT", 900)
    hard = _int(env, "CELERY_TIME_LIMIT", soft + 60)
    visibility = _int(env, "CELERY_VISIBILITY_TIMEOUT", max(3600, hard * 2))
    if not soft < hard < visibility:
        raise ValueError(
            "Celery limits must satisfy CELERY_SOFT_TIME_LIMIT < CELERY_TIME_LIMIT < CELERY_VISIBILITY_TIMEOUT "
            f"(got {soft} < {hard} < {visibility})"
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
        "task_publish_retry_policy": {"max_retries": 2, "interval_start": 0, "interval_step": 0.2,
                                      "interval_max": 0.5},
        "worker_cancel_long_running_tasks_on_connection_loss": True,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "task_soft_time_limit": soft,
        "task_time_limit": hard,
        "task_default_queue": "drafting",
        "task_queues": [Queue(name) for name in QUEUES],
        "task_routes": TASK_ROUTES,
        "task_serializer": "json",
        "accept_content": ["json"],
        "worker_send_task_events": True,
        "task_send_sent_event": True,
        "worker_hijack_root_logger": False,
        "timezone": env.get("CELERY_TIMEZONE", "America/Sao_Paulo"),
        "enable_utc": True,
    }
