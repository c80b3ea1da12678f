"""HTTP only: one flask-smorest Blueprint per resource."""

from __future__ import annotations

from importlib import import_module

from flask import Flask

# First, before any schema is declared: sets marshmallow's and webargs' messages in Portuguese.
from etp_app.api import common  # noqa: F401

# Each module exposes ``blp`` (a flask_smorest.Blueprint). Order sets the order in the OpenAPI spec.
BLUEPRINT_MODULES = (
    "etp_app.api.auth.routes",
    "etp_app.api.sessions.routes",
    "etp_app.api.users.routes",
    "etp_app.api.organization.routes",
    "etp_app.api.membership.invitations_routes",
    "etp_app.api.membership.join_requests_routes",
    "etp_app.api.etps.routes",
    "etp_app.api.trash.routes",
    "etp_app.api.drafting.routes",
    "etp_app.api.templates.routes",
    "etp_app.api.jobs.routes",
    "etp_app.api.versions.routes",
    "etp_app.api.exports.routes",
    "etp_app.api.audit.routes",
    "etp_app.api.admin.routes",
    "etp_app.api.organizations_admin.routes",
    "etp_app.api.organizations_admin.requests_routes",
    "etp_app.api.health.routes",
)
# Registered only in development and testing (absent in production: 404, not in the OpenAPI spec).
DEV_BLUEPRINT_MODULES = ("etp_app.api.dev.routes",)
DEV_ENVIRONMENTS = ("development", "testing")


def register_api(app: Flask) -> None:
    from etp_app.extensions import api

    names = BLUEPRINT_MODULES
    if app.config.get("ENV_NAME") in DEV_ENVIRONMENTS:
        names += DEV_BLUEPRINT_MODULES
    for name in names:
        module = import_module(name)
        api.register_blueprint(module.blp)
