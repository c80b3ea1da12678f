"""Every Celery task by name, the queue it is routed to, and the job kind it runs: declared once.

The API sends tasks by name (``etp_app`` never imports ``workers/``), the workers register them under
these names (``@shared_task(name=...)``), ``config/celery.py`` builds the queues, routes, annotations
and beat entries from them and ``workers/signals.py`` knows from them which tasks carry a job id. The
module imports nothing (its package, ``etp_app``, brings Flask, which every process that sends or runs
a task has loaded anyway).

A name is a wire format, not a Python path: it travels in every queued message, in beat's schedule
and in the workers' log lines, and a worker only runs a message whose name it has registered. That is
why the names keep their historical ``workers.tasks.<module>.<function>`` spelling even when a
function moves. Renaming a task (or moving it to another queue) is a deployment in two releases:

1. Release one declares both names here (each with its queue), registers the task under both (a
   second ``shared_task`` with the old name that calls the new one) and sends only the new name;
   deploy the workers first, then the API and beat, so every message sent finds a worker that knows it.
2. Before release two drops the old name, the old name's messages must be gone: wait until no message
   with it is queued or unacknowledged (the queue lengths in Flower or ``GET /api/metrics``, the
   ``unacked`` hash in Redis), or stop the API and beat, let the workers drain the queues and empty
   them. A worker rejects a message whose name it has not registered (logged as an unregistered
   task): the message is lost and the job it carried stays ``queued`` for good.
"""

from __future__ import annotations

DRAFTING_QUEUE = "drafting"
EXPORTS_QUEUE = "exports"
MAINTENANCE_QUEUE = "maintenance"
MAIL_QUEUE = "mail"
# Every queue a worker may consume; a deployment runs workers that cover all of them.
QUEUES = (DRAFTING_QUEUE, EXPORTS_QUEUE, MAINTENANCE_QUEUE, MAIL_QUEUE)
# Where a message goes when nothing routes it (Celery's task_default_queue).
DEFAULT_QUEUE = DRAFTING_QUEUE

DRAFT_SECTION = "workers.tasks.drafting.draft_section"
DRAFT_ETP = "workers.tasks.drafting.draft_etp"
RENDER_EXPORT = "workers.tasks.exports.render_export"
RUN_BACKUP = "workers.tasks.maintenance.run_backup"
SCHEDULED_BACKUP = "workers.tasks.maintenance.scheduled_backup"
VERIFY_RESTORE = "workers.tasks.maintenance.verify_restore"
PURGE_EXPIRED_EXPORTS = "workers.tasks.maintenance.purge_expired_exports"
PURGE_EXPIRED_TOKENS = "workers.tasks.maintenance.purge_expired_tokens"
# The sweep of lost jobs (services/job_leases.py) took over the reaper's role. The reaper's name stays
# registered (it runs the sweep) for the messages an older beat still sends: release one of a rename.
SWEEP_JOBS = "workers.tasks.maintenance.sweep_jobs"
REAP_STUCK_JOBS = "workers.tasks.maintenance.reap_stuck_jobs"
PURGE_TRASH = "workers.tasks.maintenance.purge_trash"
MAIL_SEND = "workers.tasks.mail.send_mail"

# The queue of every task (Celery's task_routes are built from it).
QUEUE_OF_TASK: dict[str, str] = {
    DRAFT_SECTION: DRAFTING_QUEUE,
    DRAFT_ETP: DRAFTING_QUEUE,
    RENDER_EXPORT: EXPORTS_QUEUE,
    RUN_BACKUP: MAINTENANCE_QUEUE,
    SCHEDULED_BACKUP: MAINTENANCE_QUEUE,
    VERIFY_RESTORE: MAINTENANCE_QUEUE,
    PURGE_EXPIRED_EXPORTS: MAINTENANCE_QUEUE,
    PURGE_EXPIRED_TOKENS: MAINTENANCE_QUEUE,
    SWEEP_JOBS: MAINTENANCE_QUEUE,
    REAP_STUCK_JOBS: MAINTENANCE_QUEUE,
    PURGE_TRASH: MAINTENANCE_QUEUE,
    MAIL_SEND: MAIL_QUEUE,
}

# The task that runs each job kind (``etp_app.models.JOB_KINDS``); its message's task id is the job id.
TASK_FOR_KIND: dict[str, str] = {
    "draft_section": DRAFT_SECTION,
    "draft_etp": DRAFT_ETP,
    "export": RENDER_EXPORT,
    "backup": RUN_BACKUP,
}
QUEUE_FOR_KIND: dict[str, str] = {kind: QUEUE_OF_TASK[task] for kind, task in TASK_FOR_KIND.items()}
# Tasks whose task id is a job id (``jobs.enqueue`` sends task_id = job id).
JOB_TASKS = frozenset(TASK_FOR_KIND.values())
