"""Worker lifecycle hooks: fresh DB connections after fork, a clean session after every task."""
from __future__ import annotations

import logging

from celery.signals import task_postrun, worker_process_init

log = logging.getLogger(__name__)


@worker_process_init.connect
def _dispose_engine_after_fork(**_kwargs) -> None:
    """Connections inherited from the parent process must never be shared with it."""
    from flask import current_app

    from etp_app.extensions import db

    try:
        app = current_app._get_current_object()
    except RuntimeError:
        from celery_worker import app
    with app.app_context():
        db.engine.dispose(close=False)


@task_postrun.connect
def _remove_session(**_kwargs) -> None:
    from etp_app.extensions import db

    try:
        db.session.remove()
    except RuntimeError:  # no app context: nothing to clean
        pass
