"""Composition root of the worker: builds the Flask app and exposes its Celery.

celery -A celery_worker:celery worker -Q drafting -P threads -c 16
"""

from etp_app import create_app

app = create_app()
celery = app.extensions["celery"]

import workers  # noqa: E402,F401  (registers tasks and signal handlers)
