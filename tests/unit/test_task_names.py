"""Task names and queues are declared once (etp_app/task_names.py); the workers never import their
entry point. Pure Python: no database, broker or worker."""

from __future__ import annotations

import ast
from pathlib import Path

from config.celery import TASK_ROUTES, beat_schedule, celery_settings, hard_time_limits
from etp_app import task_names
from etp_app.models import JOB_KINDS

ROOT = Path(__file__).resolve().parents[2]
WORKERS = ROOT / "workers"


def _worker_modules() -> list[Path]:
    return sorted(WORKERS.rglob("*.py"))


def _imported_modules(tree: ast.AST) -> set[str]:
    """Every module an ``import`` or ``from ... import`` names, at any depth (function-local too)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_no_worker_module_imports_the_worker_entry_point():
    """celery_worker.py imports workers/: a module under workers/ importing it back is a cycle.
    import-linter cannot say it (celery_worker is a top-level module, not a package)."""
    modules = _worker_modules()
    assert modules, "no module found under workers/"
    offenders = {
        path.relative_to(ROOT).as_posix(): sorted(
            name
            for name in _imported_modules(ast.parse(path.read_text(), str(path)))
            if name.split(".")[0] == "celery_worker"
        )
        for path in modules
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_import_check_sees_function_local_imports():
    tree = ast.parse("def f():\n    from celery_worker import app\n\ndef g():\n    import celery_worker.x\n")
    assert _imported_modules(tree) == {"celery_worker", "celery_worker.x"}


def test_every_task_decorator_takes_its_name_from_task_names():
    declared = {value: name for name, value in vars(task_names).items() if name.isupper() and isinstance(value, str)}
    seen: set[str] = set()
    for path in _worker_modules():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "shared_task"):
                continue
            (name,) = [k.value for k in node.keywords if k.arg == "name"]
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            assert isinstance(name, ast.Attribute) and isinstance(name.value, ast.Name), where
            assert name.value.id == "task_names" and name.attr in vars(task_names), where
            seen.add(getattr(task_names, name.attr))
    assert seen == set(task_names.QUEUE_OF_TASK), "a declared task has no worker, or a task has no queue"
    assert set(declared) >= seen


def test_names_on_the_wire_are_unchanged():
    """Renaming one needs the two-release deployment of etp_app/task_names.py's docstring."""
    assert task_names.QUEUE_OF_TASK == {
        "workers.tasks.drafting.draft_section": "drafting",
        "workers.tasks.drafting.draft_etp": "drafting",
        "workers.tasks.exports.render_export": "exports",
        "workers.tasks.maintenance.run_backup": "maintenance",
        "workers.tasks.maintenance.scheduled_backup": "maintenance",
        "workers.tasks.maintenance.verify_restore": "maintenance",
        "workers.tasks.maintenance.purge_expired_exports": "maintenance",
        "workers.tasks.maintenance.purge_expired_tokens": "maintenance",
        "workers.tasks.maintenance.sweep_jobs": "maintenance",
        "workers.tasks.maintenance.reap_stuck_jobs": "maintenance",
        "workers.tasks.maintenance.purge_trash": "maintenance",
        "workers.tasks.mail.send_mail": "mail",
    }
    assert task_names.QUEUES == ("drafting", "exports", "maintenance", "mail")
    assert task_names.DEFAULT_QUEUE == "drafting"


def test_every_job_kind_has_a_task_and_a_queue():
    assert tuple(task_names.TASK_FOR_KIND) == JOB_KINDS
    assert task_names.QUEUE_FOR_KIND == {
        "draft_section": "drafting",
        "draft_etp": "drafting",
        "export": "exports",
        "backup": "maintenance",
    }
    assert task_names.JOB_TASKS == frozenset(task_names.TASK_FOR_KIND.values())
    assert set(task_names.QUEUE_OF_TASK.values()) == set(task_names.QUEUES)


def test_celery_settings_are_built_from_the_declaration():
    settings = celery_settings({"CELERY_BROKER_URL": "redis://x"}, {})
    assert settings["task_routes"] is TASK_ROUTES
    assert {name: route["queue"] for name, route in TASK_ROUTES.items()} == task_names.QUEUE_OF_TASK
    assert [q.name for q in settings["task_queues"]] == list(task_names.QUEUES)
    assert settings["task_default_queue"] == "drafting"
    assert list(settings["task_annotations"]) == ["workers.tasks.maintenance.run_backup"]
    for name, entry in beat_schedule({}).items():
        assert entry["options"]["queue"] == task_names.QUEUE_OF_TASK[entry["task"]] == "maintenance", name


def test_hard_time_limits_by_job_kind():
    class Conf:
        task_time_limit = 960
        task_annotations = {"workers.tasks.maintenance.run_backup": {"soft_time_limit": 1740, "time_limit": 1800}}

    limits, default = hard_time_limits(Conf())
    assert default == 960
    assert limits == {"draft_section": 960, "draft_etp": 960, "export": 960, "backup": 1800}
