"""The worker's entry point registers exactly the declared tasks (etp_app/task_names.py), routes each
to its declared queue and hands its Flask app to the signal hooks. No worker process is started."""

from __future__ import annotations

from etp_app import task_names


def test_registered_tasks_are_the_declared_ones_on_their_queues(app):
    import celery_worker

    try:
        celery = celery_worker.celery
        router = celery.amqp.Router()
        registered = {name for name in celery.tasks if not name.startswith("celery.")}
        assert registered == set(task_names.QUEUE_OF_TASK)
        for name, queue in task_names.QUEUE_OF_TASK.items():
            assert router.route({}, name, (), {})["queue"].name == queue, name
    finally:
        app.extensions["celery"].set_default()


def test_signal_hooks_outside_an_app_context_use_the_entry_points_app(app):
    import celery_worker
    from workers import signals

    try:
        assert signals._flask_app() is celery_worker.app
        with app.app_context():
            assert signals._flask_app() is app  # inside a context: that context's app
    finally:
        app.extensions["celery"].set_default()
