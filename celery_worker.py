"""Composition root of the worker: builds the Flask app and exposes its Celery.

celery -A celery_worker:celery worker -Q drafting -P threads -c 16

Nothing under workers/ imports this module (it imports them): what they need from it, the Flask app,
is handed to them here.
"""

from etp_app import create_app

app = create_app()
celery = app.extensions["celery"]

import workers  # noqa: E402  (registers tasks and signal handlers)

workers.signals.init_app(app)
