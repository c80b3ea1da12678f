"""The machine's ceiling for bench/api.py: a bare Flask endpoint returning a constant.

Served by gunicorn with the API's own settings (``config/gunicorn.conf.py``), so the only difference
from the measured API routes is the application work itself (token check, revocation lookup, rate
limiter, database read, serialization, hooks):

    gunicorn -c config/gunicorn.conf.py bench.bare_app:app

No extensions, no hooks, no database: one route, one constant JSON body.
"""

from __future__ import annotations

from flask import Flask

BODY = b'{"status":"ok"}'

app = Flask(__name__)


@app.get("/bare")
def bare():
    return app.response_class(BODY, mimetype="application/json")
