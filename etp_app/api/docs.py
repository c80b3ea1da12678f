"""Swagger UI served from the app's own static files (no CDN: government networks are often closed)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, send_from_directory

ASSETS_URL = "/api/docs/assets/"


def _swagger_ui_dir() -> Path:
    import swagger_ui_bundle

    return Path(swagger_ui_bundle.swagger_ui_path)


def register_swagger_assets(app: Flask) -> None:
    directory = _swagger_ui_dir()
    bp = Blueprint("swagger_assets", __name__)

    @bp.get(ASSETS_URL + "<path:filename>")
    def swagger_asset(filename: str):
        return send_from_directory(directory, filename, max_age=86400)

    app.register_blueprint(bp)
