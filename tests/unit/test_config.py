"""Settings: production refuses to start on insecure or incomplete configuration."""

from __future__ import annotations

import secrets

import pytest

from config import ConfigError, get_config
from config.settings import DEV_SECRET, normalize_database_url

STRONG_SECRET = secrets.token_urlsafe(48)
STRONG_JWT = secrets.token_urlsafe(48)


def production_env(**overrides):
    env = {
        "SECRET_KEY": STRONG_SECRET,
        "JWT_SECRET": STRONG_JWT,
        "DATABASE_URL": "postgresql://etp:pw@db.internal:5432/etp",
        "REDIS_URL": "redis://cache.internal:6379/0",
        "APP_URL": "https://etp.prefeitura.gov.br",
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def test_production_starts_with_complete_configuration():
    cfg = get_config("production", production_env())
    assert cfg["ENV_NAME"] == "production"
    assert cfg["DEBUG"] is False and cfg["TESTING"] is False
    assert cfg["SECRET_KEY"] == STRONG_SECRET
    assert cfg["JWT_SECRET_KEY"] == STRONG_JWT
    assert cfg["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg2://etp:pw@db.internal:5432/etp"
    assert cfg["REDIS_URL"] == "redis://cache.internal:6379/0"
    assert cfg["CELERY_BROKER_URL"] == "redis://cache.internal:6379/0"


@pytest.mark.parametrize("var", ["SECRET_KEY", "JWT_SECRET"])
def test_production_refuses_missing_secret(var):
    with pytest.raises(ConfigError) as info:
        get_config("production", production_env(**{var: None}))
    assert f"{var} is not set" in str(info.value)
    assert "Refusing to start in production" in str(info.value)


@pytest.mark.parametrize("var", ["SECRET_KEY", "JWT_SECRET"])
@pytest.mark.parametrize("value", [DEV_SECRET, "changeme", "secret", "  Secret-Key  "])
def test_production_refuses_known_default_secret(var, value):
    with pytest.raises(ConfigError) as info:
        get_config("production", production_env(**{var: value}))
    assert f"{var} is a known default value" in str(info.value)


@pytest.mark.parametrize("var", ["SECRET_KEY", "JWT_SECRET"])
def test_production_refuses_short_secret(var):
    with pytest.raises(ConfigError) as info:
        get_config("production", production_env(**{var: "a-random-but-short-secret"}))
    assert f"{var} is shorter than 32 characters" in str(info.value)


def test_production_refuses_empty_secret():
    with pytest.raises(ConfigError) as info:
        get_config("production", production_env(SECRET_KEY=""))
    assert "SECRET_KEY is not set" in str(info.value)


@pytest.mark.parametrize("var", ["DATABASE_URL", "REDIS_URL"])
def test_production_refuses_missing_urls(var):
    with pytest.raises(ConfigError) as info:
        get_config("production", production_env(**{var: None}))
    assert f"{var} is not set" in str(info.value)


def test_production_lists_every_problem_at_once():
    with pytest.raises(ConfigError) as info:
        get_config("production", {})
    message = str(info.value)
    for expected in (
        "SECRET_KEY is not set",
        "JWT_SECRET is not set",
        "DATABASE_URL is not set",
        "REDIS_URL is not set",
    ):
        assert expected in message


def test_platform_postgres_scheme_is_accepted():
    cfg = get_config("production", production_env(DATABASE_URL="postgres://u:p@host:5432/railway"))
    assert cfg["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg2://u:p@host:5432/railway"


@pytest.mark.parametrize(
    "url, expected",
    [
        ("postgres://u@h/db", "postgresql+psycopg2://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg2://u@h/db"),
        ("postgresql+psycopg2://u@h/db", "postgresql+psycopg2://u@h/db"),
        (None, None),
        ("", ""),
    ],
)
def test_normalize_database_url(url, expected):
    assert normalize_database_url(url) == expected


def test_development_falls_back_to_dev_secret_but_production_never_does():
    env = {"DATABASE_URL": "postgresql://u@h/db", "REDIS_URL": "redis://h:6379/0"}
    assert get_config("development", env)["SECRET_KEY"] == DEV_SECRET
    with pytest.raises(ConfigError):
        get_config("production", env)


def test_every_environment_needs_database_and_redis():
    with pytest.raises(ConfigError, match="DATABASE_URL is not set"):
        get_config("development", {"REDIS_URL": "redis://h:6379/0"})
    with pytest.raises(ConfigError, match="REDIS_URL is not set"):
        get_config("testing", {"DATABASE_URL": "postgresql://u@h/db"})


def test_environment_chosen_by_app_env():
    env = production_env(APP_ENV="production")
    assert get_config(None, env)["ENV_NAME"] == "production"
    with pytest.raises(ConfigError, match="Refusing to start in production"):
        get_config(None, {**env, "SECRET_KEY": "changeme"})


def test_unknown_environment_is_refused():
    with pytest.raises(ConfigError, match="Unknown APP_ENV"):
        get_config("staging", production_env())


def test_bad_integer_names_the_variable():
    with pytest.raises(ConfigError, match="JWT_ACCESS_EXPIRES must be an integer"):
        get_config("production", production_env(JWT_ACCESS_EXPIRES="fifteen"))


def test_create_app_refuses_insecure_production(monkeypatch):
    from etp_app import create_app

    for var in ("SECRET_KEY", "JWT_SECRET"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@127.0.0.1:1/db")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        create_app(env_name="production")


def test_config_is_read_when_called_not_at_import(monkeypatch):
    env = production_env()
    first = get_config("production", env)
    env["REDIS_URL"] = "redis://other:6379/3"
    assert get_config("production", env)["REDIS_URL"] == "redis://other:6379/3"
    assert first["REDIS_URL"] == "redis://cache.internal:6379/0"
