"""Operations routes: health, liveness, readiness and metrics (version-neutral, under ``/api``).

Health routes need no token and are exempt from the rate limiter (load balancers and orchestrators
poll them). Metrics need a system administrator's token or the ``METRICS_TOKEN`` bearer.
"""

from __future__ import annotations

import hmac

from flask import Response, current_app, request
from flask_jwt_extended import verify_jwt_in_request
from flask_smorest import Blueprint

from etp_app.api.common import error_responses
from etp_app.api.health import checks
from etp_app.api.health.schemas import HealthSchema, LiveSchema, MetricsSchema, ReadySchema
from etp_app.errors import Forbidden
from etp_app.extensions import db, limiter
from etp_app.security import current_identity
from etp_app.services import mail

blp = Blueprint(
    "health", __name__, url_prefix="/api", description="Operações: saúde, prontidão e métricas da API (sem versão)."
)
limiter.exempt(blp)

_NO_AUTH: list = []
_METRICS_AUTH = [{"bearerAuth": []}]


@blp.route("/health")
@blp.doc(security=_NO_AUTH, summary="Estado da API e de suas dependências")
@blp.response(200, HealthSchema, description="healthy, or degraded while Redis is down")
@blp.alt_response(503, schema=HealthSchema, description="unhealthy: PostgreSQL is unreachable")
def health():
    """PostgreSQL, Redis and Celery workers, each under a short timeout (about 1 s in all); and how
    e-mail leaves (``mail``: ``smtp``, or ``outbox`` when SMTP is not configured: not a failure)."""
    app = current_app._get_current_object()
    state = checks.state_for(app)
    futures, deadline_at = checks.start_probes(
        state,
        {
            "database": checks.database_probe(db.engine),
            "redis": checks.redis_probe(state.redis_client),
        },
    )
    workers = checks.workers_status(app, state)
    results = checks.collect_probes(futures, deadline_at)
    database, redis_ = results["database"], results["redis"]
    if database["status"] != checks.UP:
        status, code = "unhealthy", 503
    elif redis_["status"] != checks.UP:
        status, code = "degraded", 200
    else:
        status, code = "healthy", 200
    body = {
        "status": status,
        "timestamp": checks.utcnow(),
        "uptime": checks.uptime_seconds(),
        "version": app.config.get("APP_VERSION", "dev"),
        "database": database,
        "redis": redis_,
        "workers": workers,
        "mail": mail.channel(app.config),
    }
    return body, code, {"Cache-Control": "no-store"}


@blp.route("/health/live")
@blp.doc(security=_NO_AUTH, summary="O processo está de pé (sem checar dependências)")
@blp.response(200, LiveSchema)
def live():
    """Liveness: answers while the process serves requests; checks no dependency."""
    return {"status": "alive"}, 200, {"Cache-Control": "no-store"}


@blp.route("/health/ready")
@blp.doc(security=_NO_AUTH, summary="Pronta para receber tráfego")
@blp.response(200, ReadySchema, description="PostgreSQL and Redis answer and the schema is at the migration head")
@blp.alt_response(503, schema=ReadySchema, description="A check failed: `failed` names which")
def ready():
    """Readiness: PostgreSQL answers, Redis answers, and the database is at the migration head."""
    app = current_app._get_current_object()
    state = checks.state_for(app)
    results = checks.run_probes(
        state,
        {
            "database-revision": checks.database_probe(db.engine, with_revision=True),
            "redis": checks.redis_probe(state.redis_client),
        },
    )
    db_result = results["database-revision"]
    migrations = checks.migrations_check(app, db_result)
    found = {
        "database": {k: v for k, v in db_result.items() if k != "revisions"},
        "redis": results["redis"],
        "migrations": migrations,
    }
    failed = [name for name, result in found.items() if result["status"] != checks.UP]
    body = {
        "status": "not_ready" if failed else "ready",
        "timestamp": checks.utcnow(),
        "checks": found,
        "failed": failed,
    }
    return body, 503 if failed else 200, {"Cache-Control": "no-store"}


def _require_metrics_access() -> None:
    """A system administrator's access token, or the operators' ``METRICS_TOKEN`` as a bearer."""
    expected = current_app.config.get("METRICS_TOKEN") or ""
    scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
    if expected and scheme.lower() == "bearer" and hmac.compare_digest(presented.strip().encode(), expected.encode()):
        return
    verify_jwt_in_request()
    if not current_identity().is_system_admin:
        raise Forbidden("Métricas são restritas a administradores do sistema.")


@blp.route("/metrics")
@blp.doc(security=_METRICS_AUTH, summary="Métricas da API em JSON (administrador do sistema)")
@blp.response(200, MetricsSchema)
@error_responses(blp, 401, 403)
def metrics():
    """Memory, database pool, uptime, jobs by state, Celery queue depth and the last good backup
    (each part best effort)."""
    _require_metrics_access()
    snapshot = checks.metrics_snapshot(current_app._get_current_object(), db.engine)
    return snapshot, 200, {"Cache-Control": "no-store"}


@blp.route("/metrics/prometheus")
@blp.doc(
    security=_METRICS_AUTH,
    summary="Métricas no formato de exposição do Prometheus (administrador do sistema)",
    responses={
        "200": {
            "description": "Prometheus text exposition format (OpenMetrics when asked through Accept)",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        }
    },
)
@error_responses(blp, 401, 403)
def metrics_prometheus():
    """Process gauges plus the app's: dependencies up, DB pool, jobs by kind and state, queue depth,
    age of the last good backup; HTTP requests by route; the workers' job duration, provider latency
    and tokens, and backup failures (kept in Redis by the workers)."""
    _require_metrics_access()
    app = current_app._get_current_object()
    snapshot = checks.metrics_snapshot(app, db.engine)
    payload, content_type = checks.prometheus_exposition(snapshot, request.headers.get("Accept"), app)
    return Response(payload, status=200, content_type=content_type, headers={"Cache-Control": "no-store"})
