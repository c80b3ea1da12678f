"""Unbound extension singletons, bound to the app in ``create_app``."""

from __future__ import annotations

from flask_jwt_extended import JWTManager
from flask_limiter import Limiter
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _rate_limit_key() -> str:
    from etp_app.security import rate_limit_key

    return rate_limit_key()


db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate()
jwt = JWTManager()
api = Api()
limiter = Limiter(key_func=_rate_limit_key, headers_enabled=True)


def celery_init_app(app):
    """Create the app's Celery (Flask's documented pattern): every task runs inside an app context."""
    import os

    from celery import Celery, Task

    from config.celery import celery_settings

    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.import_name, task_cls=FlaskTask)
    celery_app.config_from_object(celery_settings(app.config, os.environ))
    celery_app.conf.update(app.config.get("CELERY_OVERRIDES") or {})
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app
