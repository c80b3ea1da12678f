"""ETP Express: the Flask application factory."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from config import get_config


def create_app(config: Mapping[str, Any] | None = None, *, env_name: str | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=False)
    app.config.update(get_config(env_name))
    if config:
        app.config.update(config)

    register_logging(app)
    register_observability(app)
    register_json(app)
    register_extensions(app)
    register_request_hooks(app)
    register_errors(app)
    register_blueprints(app)
    register_docs(app)
    register_cli(app)
    register_web_app(app)
    register_proxies(app)
    return app


def register_web_app(app: Flask) -> None:
    """The built web app at / (WEB_APP_DIR), in front of the API (etp_app/webapp.py)."""
    from etp_app.webapp import init_web_app

    init_web_app(app)


def register_proxies(app: Flask) -> None:
    """The client's real address behind the proxies in FORWARDED_ALLOW_IPS (etp_app/proxies.py)."""
    from etp_app.proxies import TrustedProxies

    app.wsgi_app = TrustedProxies(app.wsgi_app, app.config.get("FORWARDED_ALLOW_IPS") or "")  # type: ignore[method-assign]


def register_logging(app: Flask) -> None:
    from etp_app.logging_setup import configure_logging

    configure_logging(app.config["LOG_LEVEL"])


def register_observability(app: Flask) -> None:
    """Sentry (when SENTRY_DSN is set) and the Prometheus request metrics (etp_app/metrics.py)."""
    from etp_app import metrics
    from etp_app.observability import init_sentry

    init_sentry(app.config)
    metrics.init_app(app)


def register_json(app: Flask) -> None:
    from etp_app.jsonprovider import OrjsonProvider

    app.json = OrjsonProvider(app)


def register_extensions(app: Flask) -> None:
    from etp_app.extensions import api, db, jwt, limiter, migrate
    from etp_app.redis_client import init_redis
    from etp_app.security import init_security

    db.init_app(app)
    migrate.init_app(app, db, directory=str(_migrations_dir()))
    jwt.init_app(app)
    init_security(app)
    init_redis(app)
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["REDIS_URL"])
    app.config.setdefault(
        "RATELIMIT_STORAGE_OPTIONS",
        {
            "socket_timeout": app.config["REDIS_SOCKET_TIMEOUT"],
            "socket_connect_timeout": app.config["REDIS_SOCKET_TIMEOUT"],
        },
    )
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "etp-rl")
    app.config["RATELIMIT_DEFAULT"] = app.config["RATELIMIT_DEFAULT"]
    limiter.init_app(app)
    from etp_app.extensions import celery_init_app

    celery_init_app(app)
    from etp_app.api.common import ErrorSchema

    api.ERROR_SCHEMA = ErrorSchema  # document our one envelope as the default error response
    api.init_app(app, spec_kwargs={"info": {"description": _API_DESCRIPTION}})
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
    if app.config.get("CORS_ORIGINS"):
        from flask_cors import CORS

        CORS(
            app,
            origins=app.config["CORS_ORIGINS"],
            # the web app on another origin sends the refresh cookie (credentials: "include")
            supports_credentials=True,
            expose_headers=["ETag", "X-Pagination", "Location", "X-Request-ID", "Retry-After", "Content-Disposition"],
        )


def register_request_hooks(app: Flask) -> None:
    from etp_app.http import init_request_hooks

    init_request_hooks(app)


def register_errors(app: Flask) -> None:
    from etp_app.errors import register_error_handlers

    register_error_handlers(app)


def register_blueprints(app: Flask) -> None:
    from etp_app.api import register_api

    register_api(app)


def register_docs(app: Flask) -> None:
    from etp_app.api.docs import register_swagger_assets

    register_swagger_assets(app)


def register_cli(app: Flask) -> None:
    from etp_app.cli import register_commands

    register_commands(app)


def _migrations_dir():
    from pathlib import Path

    return Path(__file__).resolve().parent.parent / "migrations"


_API_DESCRIPTION = (
    "ETP Express: elaboração assistida por IA do Estudo Técnico Preliminar (Lei 14.133/2021, art. 18). "
    "Autentique-se em /api/v1/auth/login e envie `Authorization: Bearer <access_token>`. "
    "Qualquer rota pode responder 503 com `Retry-After` (no envelope de erro) enquanto o banco de dados, "
    "o Redis ou a fila estão indisponíveis: repita a requisição depois desse intervalo."
)
