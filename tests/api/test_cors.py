"""The web app on its own origin (frontend/Dockerfile, the compose `frontend` service): the API answers
it with CORS for the origins of CORS_ORIGINS only, with credentials (the refresh cookie goes with
`credentials: "include"`) and the headers the app reads exposed; production refuses `*`."""

from __future__ import annotations

import pytest

from config.settings import ConfigError, get_config
from etp_app.extensions import db

APP_ORIGIN = "http://localhost:8080"


@pytest.fixture
def cors_client(app, app_config):
    from etp_app import create_app

    other = create_app({**app_config, "CORS_ORIGINS": [APP_ORIGIN]}, env_name="testing")
    yield other.test_client()
    with other.app_context():
        db.engine.dispose()


def test_the_app_origin_gets_a_credentialed_preflight(cors_client):
    resp = cors_client.options(
        "/api/v1/auth/refresh",
        headers={
            "Origin": APP_ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "X-CSRF-TOKEN, X-Token-Transport, Content-Type",
        },
    )
    assert resp.status_code == 200
    assert resp.headers["Access-Control-Allow-Origin"] == APP_ORIGIN
    assert resp.headers["Access-Control-Allow-Credentials"] == "true"
    allowed = resp.headers["Access-Control-Allow-Headers"].lower()
    assert "x-csrf-token" in allowed and "x-token-transport" in allowed


def test_answers_expose_the_headers_the_app_reads(cors_client):
    resp = cors_client.get("/api/health/live", headers={"Origin": APP_ORIGIN})
    assert resp.headers["Access-Control-Allow-Origin"] == APP_ORIGIN
    assert resp.headers["Access-Control-Allow-Credentials"] == "true"
    exposed = {h.strip().lower() for h in resp.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"etag", "x-pagination", "retry-after", "content-disposition"} <= exposed


def test_another_origin_gets_no_cors_headers(cors_client):
    resp = cors_client.get("/api/health/live", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in resp.headers
    assert "Access-Control-Allow-Credentials" not in resp.headers


@pytest.mark.parametrize("origins", ["*", "localhost:8080", "https://etp.example.gov.br/app"])
def test_production_refuses_what_is_not_an_origin(origins):
    env = {
        "SECRET_KEY": "s" * 40,
        "JWT_SECRET": "j" * 40,
        "DATABASE_URL": "postgresql://x@127.0.0.1/x",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "APP_URL": "https://etp.example.gov.br",
    }
    assert get_config("production", {**env, "CORS_ORIGINS": "https://app.etp.example.gov.br"})["CORS_ORIGINS"]
    with pytest.raises(ConfigError, match="CORS_ORIGINS"):
        get_config("production", {**env, "CORS_ORIGINS": origins})
