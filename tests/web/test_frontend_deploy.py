"""The frontend's own deployment (issue 13, §6), checked as far as a machine without a Docker engine
allows.

- frontend/nginx's configuration, rendered the way the nginx image's entrypoint renders it (source
  ``18-etp-env.envsh``, then ``envsubst`` on each ``templates/*.template`` into ``conf.d/``), is
  valid for Debian's nginx (``nginx -t``; ``scripts/web.py nginx`` installs it, ``make test`` runs
  that), with and without a cross-origin API, a Sentry DSN and HSTS.
- That nginx, started as an unprivileged user on a free port, serves a built app (WEB_APP_DIR or
  frontend/dist) with the API's own security headers and CSP (etp_app/webapp.py ``web_headers``:
  compared, not copied), index.html ``no-cache``, hashed assets immutable and gzipped, the SPA
  fallback for client routes, real 404s for missing files, and no source map or dotfile.
- docker-compose.yml and the two railway.toml files parse and name their services; the Dockerfile
  builds with the VITE_* arguments, deletes source maps and runs as a non-root user.
- Sentry's SDK is a lazy chunk: not part of the first load.
"""

from __future__ import annotations

import gzip
import http.client
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from etp_app.webapp import web_csp, web_headers

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "frontend"
NGINX_DIR = FRONTEND / "nginx"
ENVSH = NGINX_DIR / "18-etp-env.envsh"
TEMPLATES = NGINX_DIR / "templates"
DSN = "https://0123abcd@o4501.ingest.us.sentry.io/4502"
SENTRY_ORIGIN = "https://o4501.ingest.us.sentry.io"
API_URL = "https://api.etp.example.gov.br/"
HSTS = "max-age=31536000; includeSubDomains"
# the variables the image's entrypoint substitutes (frontend/Dockerfile's NGINX_ENVSUBST_FILTER)
SUBSTITUTED = re.compile(r"^(PORT|ETP_[A-Z_]+)$")
SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options")
INSTALL_HINT = f"`{sys.executable} scripts/web.py nginx` (apt-get install nginx)"


def _nginx() -> str:
    path = shutil.which("nginx") or "/usr/sbin/nginx"
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        pytest.fail(f"nginx não encontrado: instale com {INSTALL_HINT}")
    return path


def _envsubst() -> str:
    path = shutil.which("envsubst")
    if path is None:
        pytest.fail(f"envsubst não encontrado (pacote gettext-base): instale com {INSTALL_HINT}")
    return path


def _unprivileged() -> pwd.struct_passwd | None:
    """The user nginx runs as when these tests run as root (nginx must not run as root here, as in
    the image); None when they already run unprivileged."""
    if os.geteuid() != 0:
        return None
    return pwd.getpwnam("nobody")


def render(out: Path, env: dict[str, str], web_root: Path | None = None) -> dict[str, str]:
    """Render frontend/nginx into ``out`` (nginx.conf, mime.types, conf.d/) like the image does at
    start: source the envsh, then envsubst the templates with only the filtered variables. The main
    configuration's absolute paths (/tmp, /dev/stdout, /dev/stderr) are moved under ``out`` so it
    runs beside other tests. Returns the environment the templates saw."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "conf.d").mkdir(exist_ok=True)
    (out / "tmp").mkdir(exist_ok=True)
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env}
    base.setdefault("ETP_WEB_ROOT", str(web_root or out / "www"))
    proc = subprocess.run(
        ["sh", "-c", f'. "{ENVSH}" && env'], env=base, capture_output=True, text=True, timeout=30, check=False
    )
    assert proc.returncode == 0, f"18-etp-env.envsh falhou: {proc.stderr}"
    seen = dict(line.split("=", 1) for line in proc.stdout.splitlines() if "=" in line)
    names = " ".join(f"${{{name}}}" for name in seen if SUBSTITUTED.match(name))
    for template in TEMPLATES.rglob("*.template"):
        target = out / "conf.d" / template.relative_to(TEMPLATES).with_suffix("")
        rendered = subprocess.run(
            [_envsubst(), names],
            input=template.read_text(encoding="utf-8"),
            env=seen,
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout
        target.write_text(rendered, encoding="utf-8")
    main = (NGINX_DIR / "nginx.conf").read_text(encoding="utf-8")
    main = main.replace("/tmp/", f"{out / 'tmp'}/")
    main = main.replace("/dev/stdout", str(out / "access.log")).replace("/dev/stderr", str(out / "error.log"))
    (out / "nginx.conf").write_text(main, encoding="utf-8")
    shutil.copy("/etc/nginx/mime.types" if Path("/etc/nginx/mime.types").is_file() else "/dev/null", out / "mime.types")
    return seen


def _hand_over(path: Path, user: pwd.struct_passwd | None) -> None:
    """Make ``path`` (and everything under it) the unprivileged user's."""
    if user is None:
        return
    for item in [path, *path.rglob("*")]:
        os.chown(item, user.pw_uid, user.pw_gid, follow_symlinks=False)


def nginx_test(conf_dir: Path) -> subprocess.CompletedProcess[str]:
    user = _unprivileged()
    _hand_over(conf_dir, user)
    return subprocess.run(
        [_nginx(), "-t", "-q", "-e", str(conf_dir / "error.log"), "-c", str(conf_dir / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        user=user.pw_uid if user else None,
        group=user.pw_gid if user else None,
    )


@pytest.fixture
def workdir() -> Iterator[Path]:
    """A scratch directory nginx (another user here) can read: pytest's own are private to root."""
    path = Path(tempfile.mkdtemp(prefix="etp-nginx-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


# --------------------------------------------------------------------------------------------------
# The configuration
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"VITE_API_URL": API_URL, "VITE_SENTRY_DSN": DSN, "PORT": "9123"},
        {"HSTS_MAX_AGE": "0"},
    ],
    ids=["defaults", "cross-origin-api-and-sentry", "no-hsts"],
)
def test_the_rendered_configuration_is_valid(workdir, env):
    conf = workdir
    (conf / "www").mkdir()
    seen = render(conf, env)
    proc = nginx_test(conf)
    assert proc.returncode == 0, (
        f"nginx -t falhou:\n{proc.stderr}\n{(conf / 'error.log').read_text() if (conf / 'error.log').exists() else ''}"
    )
    site = (conf / "conf.d" / "etp.conf").read_text(encoding="utf-8")
    assert f"listen {env.get('PORT', '8080')};" in site
    assert "${" not in site and "${" not in (conf / "conf.d" / "etp-headers.inc").read_text(encoding="utf-8")
    assert seen["ETP_HSTS"] == ("" if env.get("HSTS_MAX_AGE") == "0" else HSTS)


def test_the_csp_is_the_apis_and_grows_with_the_api_and_sentry_origins(tmp_path):
    same_origin = render(tmp_path / "a", {})
    assert same_origin["ETP_CSP"] == web_csp({})
    with_sentry = render(tmp_path / "b", {"VITE_SENTRY_DSN": DSN})
    assert with_sentry["ETP_CSP"] == web_csp({"WEB_SENTRY_DSN": DSN})
    assert f"connect-src 'self' {SENTRY_ORIGIN};" in with_sentry["ETP_CSP"]
    assert "0123abcd" not in with_sentry["ETP_CSP"]  # the DSN's key is not part of the origin
    cross = render(tmp_path / "c", {"VITE_SENTRY_DSN": DSN, "VITE_API_URL": API_URL})
    assert f"connect-src 'self' https://api.etp.example.gov.br {SENTRY_ORIGIN};" in cross["ETP_CSP"]
    # everything but connect-src is the API's policy, directive for directive
    strip = re.compile(r"connect-src [^;]*")
    assert strip.sub("", cross["ETP_CSP"]) == strip.sub("", web_csp({}))


@pytest.mark.parametrize(
    ("name", "value"),
    [("VITE_API_URL", "api.etp.example.gov.br"), ("VITE_SENTRY_DSN", "ftp://x@y/1"), ("HSTS_MAX_AGE", "um ano")],
)
def test_an_unusable_setting_stops_the_container(tmp_path, name, value):
    proc = subprocess.run(
        ["sh", "-c", f'. "{ENVSH}"; echo chegou-ao-fim'],
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), name: value},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert proc.returncode != 0
    assert "chegou-ao-fim" not in proc.stdout
    assert name in proc.stderr


# --------------------------------------------------------------------------------------------------
# nginx serving a built app
# --------------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _built_dist() -> Path:
    path = Path(os.environ["WEB_APP_DIR"]) if os.environ.get("WEB_APP_DIR") else FRONTEND / "dist"
    if not (path / "index.html").is_file():
        subprocess.run([sys.executable, str(ROOT / "scripts" / "web.py"), "build"], check=True, cwd=ROOT)
    assert (path / "index.html").is_file(), f"{path} não tem index.html"
    return path


class Served:
    def __init__(self, port: int, www: Path):
        self.port = port
        self.www = www

    def get(self, path: str, method: str = "GET", headers: dict[str, str] | None = None) -> tuple[Any, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request(method, path, headers=headers or {})
            response = conn.getresponse()
            return response, response.read()
        finally:
            conn.close()


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    """Debian's nginx, unprivileged, with the rendered configuration (production-like: HSTS, a
    Sentry DSN) serving a copy of the built app plus a stray source map and a build stamp, which
    must not be served."""
    work = Path(tempfile.mkdtemp(prefix="etp-nginx-serve-"))
    work.chmod(0o755)
    www = work / "www"
    shutil.copytree(_built_dist(), www)
    assets = www / "assets"
    script = next(p for p in sorted(assets.glob("index-*.js")))
    (assets / f"{script.name}.map").write_text('{"version":3,"sources":["segredo.ts"]}', encoding="utf-8")
    (www / "painel.js.map").write_text("{}", encoding="utf-8")
    (www / ".etp-built").write_text("stamp\n", encoding="utf-8")
    port = _free_port()
    render(work, {"PORT": str(port), "VITE_SENTRY_DSN": DSN}, web_root=www)
    user = _unprivileged()
    _hand_over(work, user)
    log = open(work / "nginx.out", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [_nginx(), "-e", str(work / "error.log"), "-c", str(work / "nginx.conf"), "-g", "daemon off;"],
        stdout=log,
        stderr=subprocess.STDOUT,
        user=user.pw_uid if user else None,
        group=user.pw_gid if user else None,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                pytest.fail(f"nginx saiu ({proc.returncode}): {(work / 'error.log').read_text(errors='replace')}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("nginx não respondeu em 30 s")
                time.sleep(0.1)
        yield Served(port, www)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
        log.close()
        shutil.rmtree(work, ignore_errors=True)


def _expected_headers() -> dict[str, str]:
    return dict(web_headers({"WEB_SENTRY_DSN": DSN, "HSTS_HEADER": HSTS}))


def _assert_security_headers(response) -> None:
    for name, value in _expected_headers().items():
        assert response.getheader(name) == value, f"{name}: {response.getheader(name)!r}"


def test_the_root_is_index_html_not_cached_with_the_apis_security_headers(served):
    response, body = served.get("/")
    assert response.status == 200
    assert body == (served.www / "index.html").read_bytes()
    assert response.getheader("Cache-Control") == "no-cache"
    assert response.getheader("Content-Type", "").startswith("text/html")
    _assert_security_headers(response)
    csp = response.getheader("Content-Security-Policy")
    assert "frame-ancestors 'none'" in csp and "script-src 'self';" in csp
    assert f"connect-src 'self' {SENTRY_ORIGIN};" in csp
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Strict-Transport-Security") == HSTS
    assert "nginx/" not in (response.getheader("Server") or "")  # no version


def test_head_of_the_root_is_the_health_check(served):
    response, body = served.get("/", method="HEAD")
    assert response.status == 200 and body == b""
    assert response.getheader("Cache-Control") == "no-cache"


@pytest.mark.parametrize("path", ["/etps/abc", "/etps/12/secoes/4", "/organizacao/pessoas", "/entrar?proximo=/etps"])
def test_client_routes_get_the_app_shell(served, path):
    response, body = served.get(path)
    assert response.status == 200
    assert body == (served.www / "index.html").read_bytes()
    assert response.getheader("Cache-Control") == "no-cache"
    _assert_security_headers(response)


def test_hashed_assets_are_immutable_and_gzipped(served):
    script = next(p.name for p in sorted((served.www / "assets").glob("index-*.js")))
    response, body = served.get(f"/assets/{script}", headers={"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    assert response.getheader("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in (response.getheader("Vary") or "")
    assert gzip.decompress(body) == (served.www / "assets" / script).read_bytes()
    assert response.getheader("Content-Type", "").split(";")[0] in ("application/javascript", "text/javascript")
    _assert_security_headers(response)
    plain, raw = served.get(f"/assets/{script}")
    assert plain.getheader("Content-Encoding") is None
    assert raw == (served.www / "assets" / script).read_bytes()


def test_a_stylesheet_is_immutable_too(served):
    sheet = next(p.name for p in sorted((served.www / "assets").glob("index-*.css")))
    response, _ = served.get(f"/assets/{sheet}", headers={"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    assert response.getheader("Content-Type", "").startswith("text/css")


@pytest.mark.parametrize("path", ["/assets/missing.js", "/assets/nada/aqui.css", "/favicon.ico", "/etps/1/x.pdf"])
def test_a_missing_file_is_a_real_404_not_the_app(served, path):
    response, body = served.get(path)
    assert response.status == 404
    assert b'<div id="root">' not in body
    assert "Página não encontrada".encode() in body
    assert response.getheader("Cache-Control") == "no-store"
    _assert_security_headers(response)


def test_no_source_map_or_dotfile_is_served(served):
    script = next(p.name for p in sorted((served.www / "assets").glob("index-*.js")))
    for path in (f"/assets/{script}.map", "/painel.js.map", "/.etp-built", "/assets/.etp-built"):
        assert (served.www / path.lstrip("/")).exists() or path == "/assets/.etp-built"
        response, body = served.get(path)
        assert response.status == 404, path
        assert b"segredo.ts" not in body and b"stamp" not in body


# --------------------------------------------------------------------------------------------------
# docker-compose, Railway, the Dockerfile
# --------------------------------------------------------------------------------------------------


def _compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_has_the_frontend_service_after_a_healthy_api():
    services = _compose()["services"]
    assert {
        "postgres",
        "redis",
        "migrate",
        "api",
        "worker-drafting",
        "worker-exports",
        "beat",
        "flower",
        "frontend",
    } <= set(services)
    frontend = services["frontend"]
    assert frontend["build"]["context"] in ("frontend", "./frontend")
    assert "VITE_API_URL" in frontend["build"]["args"]
    assert frontend["depends_on"]["api"]["condition"] == "service_healthy"
    assert any(str(port).endswith(":8080") for port in frontend["ports"])
    assert services["api"]["healthcheck"]["test"]


def test_railway_files_name_both_services():
    api = tomllib.loads((ROOT / "railway.toml").read_text(encoding="utf-8"))
    assert api["build"]["dockerfilePath"] == "Dockerfile"
    assert api["deploy"]["healthcheckPath"] == "/api/health/ready"
    assert "frontend/railway.toml" in (ROOT / "railway.toml").read_text(encoding="utf-8")
    web = tomllib.loads((FRONTEND / "railway.toml").read_text(encoding="utf-8"))
    assert web["build"]["builder"] == "DOCKERFILE"
    assert (ROOT / web["build"]["dockerfilePath"]).is_file() or (FRONTEND / web["build"]["dockerfilePath"]).is_file()
    assert web["deploy"]["healthcheckPath"] == "/"


def _stages(dockerfile: str) -> list[str]:
    """The Dockerfile's stages, each as its text (FROM line included)."""
    parts = re.split(r"(?m)^(?=FROM )", dockerfile)
    return [part for part in parts if part.startswith("FROM ")]


def test_the_dockerfile_builds_with_the_vite_arguments_and_serves_as_non_root():
    text = (FRONTEND / "Dockerfile").read_text(encoding="utf-8")
    stages = _stages(text)
    assert len(stages) >= 2, "multi-stage: a Node build stage and the nginx stage"
    build_text, serve = "".join(stages[:-1]), stages[-1]
    assert re.search(r"FROM \S*node:20", text) or "NODE_IMAGE=node:20" in text
    for arg in ("VITE_API_URL", "VITE_SENTRY_DSN", "VITE_RELEASE", "SOURCEMAPS"):
        assert re.search(rf"(?m)^ARG {arg}\b", build_text), arg
    assert "npm ci" in build_text and "npm run build" in build_text
    assert re.search(r"find [^\n]*-name '\*\.map' -delete", build_text)  # maps never reach nginx
    assert "nginx-unprivileged" in text
    user = re.findall(r"(?m)^USER (\S+)", serve)
    assert user and user[-1] not in ("root", "0")
    assert re.search(r"(?m)^HEALTHCHECK (?:.*\\\n)*.*http://127\.0\.0\.1:\$\{PORT:-8080\}/", serve)
    assert "18-etp-env.envsh" in serve and "templates" in serve
    ignore = (FRONTEND / ".dockerignore").read_text(encoding="utf-8").split()
    assert {"node_modules", "dist"} <= {line.strip("/") for line in ignore}


def test_the_sentry_sdk_is_not_part_of_the_first_load():
    dist = _built_dist()
    index = (dist / "index.html").read_text(encoding="utf-8")
    pending = re.findall(r'(?:src|href)="/assets/([\w.-]+\.(?:js|css))"', index)
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        if name.endswith(".js"):
            code = (dist / "assets" / name).read_text(encoding="utf-8")
            pending.extend(re.findall(r'(?:\bfrom|\bimport)\s*"\./([\w.-]+\.js)"', code))
    first_load = "".join((dist / "assets" / name).read_text(encoding="utf-8") for name in seen)
    assert "sentry.javascript" not in first_load
    sdk = [p for p in (dist / "assets").glob("sentry-sdk-*.js")]
    assert len(sdk) == 1 and sdk[0].name not in seen
    assert "sentry.javascript" in sdk[0].read_text(encoding="utf-8")


# --------------------------------------------------------------------------------------------------
# scripts/web.py: nginx for these tests, the release for Sentry
# --------------------------------------------------------------------------------------------------


def _web_script():
    import importlib.util

    spec = importlib.util.spec_from_file_location("etp_web_script_deploy", ROOT / "scripts" / "web.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_web_script_nginx_step_finds_the_binaries_or_says_how_to_install_them(monkeypatch, capsys):
    web = _web_script()
    monkeypatch.setattr(web, "_which_any", lambda name: f"/usr/sbin/{name}")
    assert web.nginx() == 0
    monkeypatch.setattr(web, "_which_any", lambda name: None)
    monkeypatch.setattr(web.os, "geteuid", lambda: 1000)  # not root: no apt-get, only the hint
    assert web.nginx() == 1
    assert "apt-get install nginx gettext-base" in capsys.readouterr().out


def test_web_script_knows_the_commit_it_builds_as_sentrys_release(tmp_path, monkeypatch):
    web = _web_script()
    if (ROOT / ".git").exists():
        assert re.fullmatch(r"[0-9a-f]{7,40}", web.git_short_sha())
    monkeypatch.setattr(web, "ROOT", tmp_path)  # no git repository there: no release, no error
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert web.git_short_sha() == ""


# --------------------------------------------------------------------------------------------------
# The API's side: the browser DSN in its configuration and its app's CSP; cross-origin cookies
# --------------------------------------------------------------------------------------------------


def test_the_apis_settings_read_the_browser_dsn_and_the_cookie_domain():
    from config.settings import get_config

    urls = {"DATABASE_URL": "postgresql://etp@127.0.0.1:1/nada", "REDIS_URL": "redis://127.0.0.1:1/0"}
    plain = get_config("testing", urls)
    assert plain["WEB_SENTRY_DSN"] == "" and plain["JWT_COOKIE_DOMAIN"] is None
    assert "connect-src 'self';" in web_csp(plain)
    built = get_config("testing", {**urls, "VITE_SENTRY_DSN": DSN, "REFRESH_COOKIE_DOMAIN": " etp.example.gov.br "})
    assert built["WEB_SENTRY_DSN"] == DSN
    assert f"connect-src 'self' {SENTRY_ORIGIN};" in web_csp(built)
    assert built["JWT_COOKIE_DOMAIN"] == "etp.example.gov.br"
    own = get_config(
        "testing", {**urls, "VITE_SENTRY_DSN": DSN, "WEB_SENTRY_DSN": "https://k@o9.ingest.de.sentry.io/1"}
    )
    assert "connect-src 'self' https://o9.ingest.de.sentry.io;" in web_csp(own)
