"""The OpenAPI document and the Swagger UI served from the app's own files (no CDN)."""

from __future__ import annotations

import re
from html.parser import HTMLParser


def test_openapi_document_is_valid_openapi_3_with_the_bearer_scheme(client):
    resp = client.get("/api/openapi.json")
    assert resp.status_code == 200
    assert resp.mimetype == "application/json"
    spec = resp.get_json()
    assert spec["openapi"].startswith("3.")
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
    }

    from openapi_spec_validator import validate

    validate(spec)  # raises on any structural error


def test_openapi_document_lists_the_operations_routes(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    for path in ("/api/health", "/api/health/live", "/api/health/ready", "/api/metrics", "/api/metrics/prometheus"):
        assert path in paths, path


class _AssetCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in {"src", "href"} and value:
                self.urls.append(value)


def test_swagger_ui_uses_only_local_assets(client):
    resp = client.get("/api/docs")
    assert resp.status_code == 200
    assert resp.mimetype == "text/html"
    html = resp.get_data(as_text=True)
    assert not re.search(r"""(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}""", html, re.IGNORECASE), (
        "the docs page must not reference any external host"
    )
    collector = _AssetCollector()
    collector.feed(html)
    assert collector.urls, "the page loads Swagger UI's script and stylesheet"
    for url in collector.urls:
        assert url.startswith("/"), url
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert len(asset.get_data()) > 1000, url
    assert any(u.endswith("swagger-ui-bundle.js") for u in collector.urls)
    assert any(u.endswith("swagger-ui.css") for u in collector.urls)
    assert '"/api/openapi.json"' in html


def test_missing_swagger_asset_is_a_404_envelope(client):
    resp = client.get("/api/docs/assets/no-such-file.js")
    assert resp.status_code == 404
    assert resp.get_json()["code"] == 404
