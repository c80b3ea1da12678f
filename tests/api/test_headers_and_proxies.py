"""Issue 11 §6: security headers (API answers, the docs page, HSTS in production) and the client's
address behind trusted proxies (FORWARDED_ALLOW_IPS): separate rate-limit buckets, no spoofing."""

from __future__ import annotations

import base64
import hashlib
import random
import re

import pytest

from config.settings import ConfigError, get_config
from etp_app.proxies import TrustedProxies

PROXY = "10.9.8.7"


def _inline_scripts(html: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", html, re.DOTALL)


# --------------------------------------------------------------------------- headers


def test_api_answers_forbid_framing_and_loading_anything(client):
    resp = client.get("/api/v1/auth/me")
    assert resp.status_code == 401
    csp = resp.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"] == "no-referrer"
    assert "Strict-Transport-Security" not in resp.headers  # testing: HSTS is production's


def test_docs_page_policy_allows_swagger_ui_and_only_its_own_inline_script(client):
    resp = client.get("/api/docs")
    assert resp.status_code == 200
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in resp.headers["Content-Security-Policy"].split(";")
    )
    assert directives["default-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    script_src = directives["script-src"].split()
    assert "'self'" in script_src
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    scripts = _inline_scripts(resp.get_data(as_text=True))
    assert scripts, "flask-smorest's page bootstraps Swagger UI inline"
    for body in scripts:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in script_src
    assert "'self'" in directives["connect-src"]  # Swagger UI fetches /api/openapi.json
    assert "data:" in directives["img-src"]  # its icons are data: SVGs
    assert "'self'" in directives["style-src"]


def test_hsts_only_in_production():
    env = {
        "DATABASE_URL": "postgresql://u@h/db",
        "REDIS_URL": "redis://h:6379/0",
        "SECRET_KEY": "s" * 40,
        "JWT_SECRET": "j" * 40,
        "APP_URL": "https://etp.example.gov.br",
    }
    assert get_config("development", env)["HSTS_HEADER"] == ""
    assert get_config("testing", env)["HSTS_HEADER"] == ""
    production = get_config("production", env)["HSTS_HEADER"]
    assert production.startswith("max-age=31536000") and "includeSubDomains" in production
    assert get_config("production", {**env, "HSTS_MAX_AGE": "600"})["HSTS_HEADER"].startswith("max-age=600;")
    with pytest.raises(ConfigError, match="FORWARDED_ALLOW_IPS"):
        get_config("production", {**env, "FORWARDED_ALLOW_IPS": "proxy.internal"})


def test_hsts_header_is_sent_when_configured(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "HSTS_HEADER", "max-age=31536000; includeSubDomains")
    resp = client.get("/api/v1/auth/me")
    assert resp.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


# --------------------------------------------------------------------------- trusted proxies


@pytest.mark.parametrize(
    ("allowed", "peer", "forwarded", "expected"),
    [
        ("10.0.0.0/8", "10.1.2.3", "203.0.113.5", "203.0.113.5"),
        # the client's own claim is left of what the trusted proxy appended
        ("10.0.0.0/8", "10.1.2.3", "1.2.3.4, 203.0.113.5", "203.0.113.5"),
        # two trusted hops (CDN then load balancer), both listed
        ("10.0.0.0/8", "10.1.2.3", "1.2.3.4, 203.0.113.5, 10.4.5.6", "203.0.113.5"),
        # an untrusted peer cannot choose its address
        ("10.0.0.0/8", "198.51.100.7", "203.0.113.5", "198.51.100.7"),
        ("", "127.0.0.1", "203.0.113.5", "127.0.0.1"),
        # * trusts any peer for one hop: the entry its proxy appended
        ("*", "198.51.100.7", "1.2.3.4, 203.0.113.5", "203.0.113.5"),
        # garbage in the header: the peer
        ("10.0.0.0/8", "10.1.2.3", "not-an-address", "10.1.2.3"),
        ("10.0.0.0/8", "10.1.2.3", "", "10.1.2.3"),
    ],
)
def test_client_address_behind_proxies(allowed, peer, forwarded, expected):
    assert TrustedProxies(None, allowed).client_address(peer, forwarded) == expected


def _random_ip() -> str:
    return f"203.0.{random.randint(0, 255)}.{random.randint(1, 254)}"


@pytest.fixture
def limited_app(app, app_config):
    from etp_app import create_app
    from etp_app.extensions import db

    # the auth routes' limit (Flask-Limiter's); the default limit (etp_app/http.py) uses the same key
    limited = create_app(
        {**app_config, "RATELIMIT_AUTH": "2 per minute", "FORWARDED_ALLOW_IPS": PROXY}, env_name="testing"
    )
    yield limited
    with limited.app_context():
        db.engine.dispose()
    if "celery" in app.extensions:  # create_app made the new app's Celery the default one
        app.extensions["celery"].set_default()


def _get(client, peer: str, forwarded: str | None = None):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    body = {"email": f"ninguem-{random.randint(0, 10**9)}@example.com", "password": "senha-errada-123"}
    return client.post("/api/v1/auth/login", json=body, headers=headers, environ_base={"REMOTE_ADDR": peer})


def test_two_clients_behind_one_trusted_proxy_get_separate_rate_limit_buckets(limited_app):
    client = limited_app.test_client()
    first, second = _random_ip(), _random_ip()
    assert [_get(client, PROXY, first).status_code for _ in range(2)] == [401, 401]
    blocked = _get(client, PROXY, first)
    assert blocked.status_code == 429
    assert blocked.get_json()["message"]
    # the other client behind the same proxy has its own bucket
    assert _get(client, PROXY, second).status_code == 401
    assert _get(client, PROXY, f"{second}, 10.9.8.7").status_code == 401  # the proxy itself is skipped


def test_a_client_cannot_spoof_its_address_with_x_forwarded_for(limited_app):
    client = limited_app.test_client()
    direct = _random_ip().replace("203.0.", "198.51.")  # not a trusted proxy
    codes = [_get(client, direct, _random_ip()).status_code for _ in range(3)]
    assert codes == [401, 401, 429]  # one bucket, whatever the header claims
    # behind the trusted proxy, a forged entry before the proxy's own is ignored too
    behind = _random_ip()
    codes = [_get(client, PROXY, f"{_random_ip()}, {behind}").status_code for _ in range(3)]
    assert codes == [401, 401, 429]
