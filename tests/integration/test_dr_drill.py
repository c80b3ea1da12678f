"""The disaster-recovery drill (``make dr-drill``, scripts/dr_drill.py) end to end, on a small data set.

Each run starts its own PostgreSQL and Redis on private ports (the drill DROPs its database), the API
under gunicorn, creates ETPs through HTTP, backs up, destroys, restores and checks. The three runs:
a clean recovery (zero loss, RTO printed), a damaged newest backup (skipped for the previous good one)
and data written after the backup (reported as lost: the loss check is not vacuous).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DRILL_TIMEOUT = 240
# three consecutive ports per run (PostgreSQL, Redis, API); ETP_DR_DRILL_PORT_BASE moves them
PORT_BASE = int(os.environ.get("ETP_DR_DRILL_PORT_BASE") or 56420)

pytestmark = pytest.mark.slow


def _drill(*args: str, offset: int) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL")}
    return subprocess.run(
        [sys.executable, "scripts/dr_drill.py", "--port-base", str(PORT_BASE + offset), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=DRILL_TIMEOUT,
    )


def _table_diffs(output: str) -> dict[str, tuple[int, int]]:
    rows = re.findall(r"^\[ensaio\]\s+(public\.\w+)\s+(\d+) →\s+(\d+)\s+[+-]\d+", output, re.M)
    return {table: (int(before), int(after)) for table, before, after in rows}


def test_drill_restores_with_zero_loss_and_prints_the_rto():
    proc = _drill("--etps", "3", offset=0)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    rto = re.search(r"Tempo de recuperação \(RTO\): (\d+),(\d) s", out)
    assert rto, out
    assert 0 < float(f"{rto.group(1)}.{rto.group(2)}") < DRILL_TIMEOUT
    assert "Linhas perdidas desde o backup: 0; tabelas com diferença não explicada: 0" in out
    diffs = _table_diffs(out)
    assert diffs["public.etps"] == (3, 3) and diffs["public.sections"] == (39, 39), out
    assert diffs["public.users"][0] == diffs["public.users"][1] > 0
    assert all(before == after for before, after in diffs.values()), diffs
    assert "row counts match the backup's" in out  # flask backup restore compared with the manifest
    assert "ENSAIO APROVADO" in out


def test_a_damaged_newest_backup_is_skipped_for_the_previous_good_one():
    proc = _drill("--etps", "2", "--corrupt-newest", offset=3)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    taken = re.findall(r"backup (etp-backup-\S+\.dump): \d+ bytes", out)
    assert len(taken) == 2 and taken[0] < taken[1], out
    assert f"backup ignorado: {taken[1]} (SHA-256 não confere com o manifesto)" in out
    assert f"restaurando o backup bom mais recente: {taken[0]}" in out
    diffs = _table_diffs(out)
    assert diffs["public.backups"] == (2, 1)  # the damaged backup's own row is the only difference
    assert "esperado: 1 backup(s) mais novo(s) que o restaurado" in out
    assert diffs["public.etps"] == (2, 2)
    assert "ENSAIO APROVADO" in out


def test_data_written_after_the_backup_is_reported_lost_and_fails_the_drill():
    proc = _drill("--etps", "1", "--write-after-backup", "1", offset=6)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    diffs = _table_diffs(out)
    assert diffs["public.etps"] == (2, 1) and diffs["public.sections"] == (26, 13), out
    assert re.search(r"public\.etps\s+2 →\s+1\s+-1\s+← PERDA", out)
    assert "ENSAIO REPROVADO" in out
