"""No Docker engine runs here: the deploy files are tested as files. They parse; the services,
commands, modules and paths they name exist; the health paths they probe answer in the app; and the
entry point really starts Flower behind basic auth and validates a deployment's environment."""

from __future__ import annotations

import base64
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import tomllib
import urllib.error
import urllib.request
from importlib import import_module
from pathlib import Path

import pytest
import yaml

from tests.helpers.polling import wait_for

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "scripts" / "entrypoint.sh"
APP_SERVICES = ("migrate", "api", "worker-drafting", "worker-exports", "beat", "flower")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def dockerfile() -> list[str]:
    """Instructions of the Dockerfile, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    return [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]


def entrypoint_roles() -> set[str]:
    text = ENTRYPOINT.read_text()
    body = text[text.index('case "$role" in') :]
    return set(re.findall(r"^\s{4}([a-z-]+)\)", body, re.M))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _venv_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLOWER_", "PROMETHEUS_"))}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env


# --------------------------------------------------------------------------------------------------
# Dockerfile
# --------------------------------------------------------------------------------------------------


def test_dockerfile_is_multi_stage_non_root_with_healthcheck(dockerfile):
    froms = [line for line in dockerfile if line.startswith("FROM ")]
    assert len(froms) >= 2 and any(" AS build" in f for f in froms)
    runtime = dockerfile[dockerfile.index(froms[-1]) :]
    assert any(line.startswith("COPY --from=build") for line in runtime)
    users = [line.split()[1] for line in runtime if line.startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
    healthcheck = next(line for line in runtime if line.startswith("HEALTHCHECK "))
    assert "/app/scripts/entrypoint.sh" in healthcheck and '"healthcheck"' in healthcheck
    assert 'ENTRYPOINT ["/app/scripts/entrypoint.sh"]' in runtime
    assert 'CMD ["api"]' in runtime
    assert "api" in entrypoint_roles()
    assert os.access(ENTRYPOINT, os.X_OK)
    assert "EXPOSE 8000" in runtime and any("PORT=8000" in line for line in runtime)


def test_image_builds_the_web_app_and_serves_it_precompressed(dockerfile):
    froms = [line for line in dockerfile if line.startswith("FROM ")]
    web = next(line for line in froms if line.endswith(" AS web"))
    stage = dockerfile[dockerfile.index(web) : dockerfile.index(froms[froms.index(web) + 1])]
    assert "RUN npm ci --no-audit --no-fund" in stage and "RUN npm run build" in stage
    runtime = dockerfile[dockerfile.index(froms[-1]) :]
    assert "COPY --from=web --chown=etp:etp /web/dist /app/frontend/dist" in runtime
    assert any("whitenoise.compress /app/frontend/dist" in line for line in runtime)
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert "frontend/node_modules" in ignored and "frontend/dist" in ignored


def test_image_ships_a_pg_dump_matching_the_compose_server(dockerfile, compose):
    server_major = compose["services"]["postgres"]["image"].split(":")[1].split(".")[0]
    arg = next(line for line in dockerfile if line.startswith("ARG PG_CLIENT_MAJOR="))
    assert arg.split("=")[1] == server_major
    assert any("postgresql-client-${PG_CLIENT_MAJOR}" in line for line in dockerfile)
    env = " ".join(line for line in dockerfile if line.startswith("ENV "))
    assert "BACKUP_DIR=/app/instance/backups" in env
    assert any("mkdir -p /app/instance/backups" in line and "chown" in line for line in dockerfile)


def test_dockerignore_keeps_secrets_and_state_out_of_the_image():
    ignored = (ROOT / ".dockerignore").read_text().split()
    for entry in (".env", ".git", "instance", "backups"):
        assert entry in ignored


# --------------------------------------------------------------------------------------------------
# docker-compose.yml
# --------------------------------------------------------------------------------------------------


def test_compose_services_images_and_dependencies(compose):
    services = compose["services"]
    assert set(services) >= {"postgres", "redis", *APP_SERVICES}
    assert services["postgres"]["image"] == "postgres:15"
    assert services["redis"]["image"] == "redis:7"
    for name in ("postgres", "redis"):
        assert services[name]["healthcheck"]["test"]
    for name in APP_SERVICES:
        service = services[name]
        assert service["image"] == "etp-express:latest" and service["build"]["context"] == "."
        assert service["command"][0] in entrypoint_roles(), name
        deps = service["depends_on"]
        assert deps["redis"]["condition"] == "service_healthy", name
        if name != "flower":
            assert deps["postgres"]["condition"] == "service_healthy", name
        if name not in ("migrate", "flower"):
            assert deps["migrate"]["condition"] == "service_completed_successfully", name
        if name != "migrate":
            test = service["healthcheck"]["test"]
            assert test[:3] == ["CMD", "/app/scripts/entrypoint.sh", "healthcheck"], name
            assert test[3] in entrypoint_roles() or test[3] in ("api", "worker", "beat", "flower")


def test_compose_workers_cover_every_queue_and_backups_have_a_volume(compose):
    from etp_app.task_names import QUEUES

    services = compose["services"]
    queues = {
        name: services[name]["environment"]["CELERY_QUEUES"].split(",")
        for name in services
        if services[name].get("command") == ["worker"]
    }
    assert queues == {"worker-drafting": ["drafting", "mail"], "worker-exports": ["exports", "maintenance", "mail"]}
    # every queue is consumed; mail (short, latency-sensitive) by both workers, the others by one
    assert {q for qs in queues.values() for q in qs} == set(QUEUES)
    for name in queues:
        env = services[name]["environment"]
        assert env["CELERY_POOL"] == "threads" and env["CELERY_WORKER_NAME"]
        assert int(str(services[name]["stop_grace_period"]).rstrip("s")) >= 60  # warm shutdown time
    backup_dir = services["worker-exports"]["environment"]["BACKUP_DIR"]
    assert f"backups:{backup_dir}" in services["worker-exports"]["volumes"]
    storage = services["api"]["environment"]["STORAGE_DIR"]
    assert f"storage:{storage}" in services["api"]["volumes"]
    assert f"storage:{storage}" in services["worker-exports"]["volumes"]
    assert {"pgdata", "redisdata", "backups", "storage"} <= set(compose["volumes"])


def test_compose_runs_exactly_one_beat_and_flower_needs_basic_auth(compose):
    services = compose["services"]
    beats = [name for name, s in services.items() if s.get("command") == ["beat"]]
    assert beats == ["beat"]
    assert services["beat"]["deploy"]["replicas"] == 1
    flower = services["flower"]
    assert flower["environment"]["FLOWER_BASIC_AUTH"].startswith("${FLOWER_BASIC_AUTH:?")
    assert flower["ports"] == ["${FLOWER_HOST_PORT:-5555}:5555"]
    for name in APP_SERVICES:
        env = services[name].get("environment", {})
        assert env["SECRET_KEY"].startswith("${SECRET_KEY:?") and env["APP_ENV"] == "production"


def test_compose_health_paths_answer_in_the_app(client):
    text = ENTRYPOINT.read_text()
    paths = set(re.findall(r'http_ok "http://127\.0\.0\.1:\$\{PORT:-8000\}(/[^"]+)"', text))
    assert paths == {"/api/health/live"}
    for path in paths:
        assert client.get(path).status_code == 200


# --------------------------------------------------------------------------------------------------
# railway.toml
# --------------------------------------------------------------------------------------------------


def test_railway_builds_the_dockerfile_migrates_first_and_gates_on_readiness(client):
    config = tomllib.loads((ROOT / "railway.toml").read_text())
    assert config["build"]["builder"] == "DOCKERFILE"
    assert (ROOT / config["build"]["dockerfilePath"]).is_file()
    deploy = config["deploy"]
    pre = shlex.split(" ".join(deploy["preDeployCommand"]))
    assert pre == ["/app/scripts/entrypoint.sh", "migrate"]
    start = shlex.split(deploy["startCommand"])
    assert start[0] == "/app/scripts/entrypoint.sh" and start[1] in entrypoint_roles() and start[1] == "api"
    resp = client.get(deploy["healthcheckPath"])
    assert resp.status_code == 200, resp.get_json()
    assert deploy["healthcheckTimeout"] >= 30


# --------------------------------------------------------------------------------------------------
# The entry point and what it names
# --------------------------------------------------------------------------------------------------


def test_entrypoint_parses_and_names_existing_modules(app):
    assert subprocess.run(["sh", "-n", str(ENTRYPOINT)]).returncode == 0
    text = ENTRYPOINT.read_text()
    assert entrypoint_roles() >= {"api", "worker", "beat", "flower", "migrate", "validate", "backup", "healthcheck"}
    module, attr = re.search(r"CELERY_APP=(\S+)", text).group(1).split(":")
    assert module == "celery_worker" and attr == "celery"
    assert (ROOT / "celery_worker.py").is_file()
    assert import_module("wsgi").app is not None
    assert (ROOT / "config" / "gunicorn.conf.py").is_file() and (ROOT / "scripts" / "validate_env.py").is_file()
    assert "--basic-auth" not in text  # Flower's password stays off the command line
    app.extensions["celery"].set_default()


def test_dev_runner_starts_beat_and_flower_with_generated_basic_auth(monkeypatch, tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import dev
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    monkeypatch.delenv("FLOWER_BASIC_AUTH", raising=False)
    monkeypatch.setenv("FLOWER_PORT", "5999")
    specs = {s.name: s for s in dev.child_specs(5000, "127.0.0.1", tmp_path)}
    assert list(specs) == ["api", "worker", "beat", "flower"]
    assert specs["beat"].argv[-4:-2] == ["-s", str(tmp_path / "celerybeat-schedule")]
    auth = specs["flower"].env["FLOWER_BASIC_AUTH"]
    user, password = auth.split(":", 1)
    assert user == "dev" and len(password) >= 20
    assert password not in " ".join(specs["flower"].argv) and password in specs["flower"].banner
    assert specs["flower"].ready_url == "http://127.0.0.1:5999/healthcheck"
    assert "--address=127.0.0.1" in specs["flower"].argv
    monkeypatch.setenv("FLOWER_BASIC_AUTH", "ops:a-long-operator-password")
    flower = {s.name: s for s in dev.child_specs(5000, "127.0.0.1", tmp_path)}["flower"]
    assert flower.env["FLOWER_BASIC_AUTH"] == "ops:a-long-operator-password"
    assert "a-long-operator-password" not in flower.banner
    monkeypatch.setenv("ETP_DEV_FLOWER", "0")
    monkeypatch.setenv("ETP_DEV_BEAT", "0")
    assert [s.name for s in dev.child_specs(5000, "127.0.0.1", tmp_path)] == ["api", "worker"]


def _production_env(infra, tmp_path, **extra) -> dict[str, str]:
    values = dict(
        APP_ENV="production",
        SECRET_KEY="s" * 10 + "-production-secret-0123456789abcdef",
        JWT_SECRET="j" * 10 + "-production-jwt-secret-0123456789ab",
        DATABASE_URL=infra["database_url"],
        REDIS_URL=infra["redis_url"],
        APP_URL="https://etp.example.gov.br",
        BACKUP_DIR=str(tmp_path / "backups"),
        SENTRY_DSN="https://abc123@o1.ingest.example/42",
        METRICS_TOKEN="m" * 40,
        FLOWER_BASIC_AUTH="ops:Very-Long-Random-Passw0rd",
    )
    return _venv_env(**{**values, **extra})


def test_validate_env_accepts_a_complete_deployment_and_names_what_is_wrong(infra, tmp_path):
    ok = subprocess.run(
        [str(ENTRYPOINT), "validate", "worker"],
        env=_production_env(infra, tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "environment OK" in ok.stdout
    assert (tmp_path / "backups").is_dir()

    from scripts.validate_env import validate

    env = _production_env(infra, tmp_path)
    env.update(
        SECRET_KEY="changeme",
        FLOWER_BASIC_AUTH="admin:admin",
        BACKUP_CRON="at three",
        BACKUP_RETENTION_DAYS="0",
        SENTRY_DSN="not-a-dsn",
        SENTRY_TRACES_SAMPLE_RATE="2",
        REDIS_URL="http://redis:6379",
    )
    errors = {f.variable for f in validate(env, "flower") if f.level == "error"}
    assert {
        "SECRET_KEY",
        "FLOWER_BASIC_AUTH",
        "BACKUP_RETENTION_DAYS",
        "SENTRY_DSN",
        "SENTRY_TRACES_SAMPLE_RATE",
        "REDIS_URL",
    } <= errors
    assert "BACKUP_CRON" in {f.variable for f in validate(env, "beat") if f.level == "error"}
    blocked = tmp_path / "file"
    blocked.write_text("x")
    worker = {
        f.variable
        for f in validate({**_production_env(infra, tmp_path), "BACKUP_DIR": str(blocked / "b")}, "worker")
        if f.level == "error"
    }
    assert worker == {"BACKUP_DIR"}
    checked = validate(_production_env(infra, tmp_path), "worker", connections=True)
    assert not [f for f in checked if f.level == "error"], checked


def test_production_processes_refuse_to_start_with_a_broken_environment(infra, tmp_path):
    env = _production_env(infra, tmp_path, JWT_SECRET="secret")
    result = subprocess.run([str(ENTRYPOINT), "beat"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "JWT_SECRET" in result.stderr and "refusing to start" in result.stderr


def _http(url: str, auth: str | None = None) -> int:
    request = urllib.request.Request(url)
    if auth:
        request.add_header("Authorization", "Basic " + base64.b64encode(auth.encode()).decode())
    try:
        with urllib.request.urlopen(request, timeout=3) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, OSError):
        return 0


def test_entrypoint_starts_flower_behind_basic_auth(infra, tmp_path):
    port = _free_port()
    auth = "ops:Flower-Test-Passw0rd-123"
    env = _venv_env(
        APP_ENV="testing",
        DATABASE_URL=infra["database_url"],
        REDIS_URL=infra["redis_url"],
        FLOWER_BASIC_AUTH=auth,
        FLOWER_PORT=str(port),
        LOG_LEVEL="WARNING",
    )
    refused = subprocess.run(
        [str(ENTRYPOINT), "flower"],
        env={k: v for k, v in env.items() if k != "FLOWER_BASIC_AUTH"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert refused.returncode == 1 and "FLOWER_BASIC_AUTH" in refused.stderr
    proc = subprocess.Popen(
        [str(ENTRYPOINT), "flower"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: _http(f"{base}/healthcheck") == 200, timeout=60, interval=0.2, message="Flower")
        assert _http(f"{base}/") == 401
        assert _http(f"{base}/", "ops:wrong-password") == 401
        assert _http(f"{base}/", auth) == 200
        cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes().decode(errors="replace")
        assert "Flower-Test-Passw0rd" not in cmdline
        health = subprocess.run([str(ENTRYPOINT), "healthcheck", "flower"], env=env, timeout=30)
        assert health.returncode == 0
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_env_template_documents_the_operations_variables():
    template = (ROOT / ".env.template").read_text()
    for name in (
        "BACKUP_DIR",
        "BACKUP_RETENTION_DAYS",
        "BACKUP_HOUR",
        "BACKUP_MINUTE",
        "BACKUP_CRON",
        "RESTORE_CHECK_CRON",
        "BACKUP_SOFT_TIME_LIMIT",
        "BACKUP_TIME_LIMIT",
        "BACKUP_TIMEOUT_SECONDS",
        "PG_BIN_DIR",
        "BACKUP_SCRATCH_DATABASE_URL",
        "REAPER_MARGIN_SECONDS",
        "JOB_LEASE_SECONDS",
        "JOB_HEARTBEAT_SECONDS",
        "JOB_SWEEP_SECONDS",
        "JOB_QUEUED_GRACE_SECONDS",
        "FLOWER_BASIC_AUTH",
        "SENTRY_DSN",
        "SENTRY_TRACES_SAMPLE_RATE",
        "SENTRY_ENVIRONMENT",
        "METRICS_TOKEN",
        "PROMETHEUS_MULTIPROC_DIR",
        "VALIDATE_ENV",
        "CELERY_WORKER_NAME",
    ):
        assert re.search(rf"^# {name}=", template, re.M), name
