"""Every audit action the API records has a Portuguese label on the audit page
(frontend/src/features/admin/audit/labels.ts): a new action must not reach an org admin as a code."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LABELS = ROOT / "frontend" / "src" / "features" / "admin" / "audit" / "labels.ts"
_RECORDED = (
    re.compile(r'audit\.record\(\s*(?:action=)?\s*"([a-z_]+\.[a-z_.]+)"'),
    re.compile(r'\baction="([a-z_]+\.[a-z_.]+)"'),
)


def test_every_recorded_action_has_a_label():
    recorded: set[str] = set()
    for path in (ROOT / "etp_app").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for pattern in _RECORDED:
            recorded.update(pattern.findall(text))
    labelled = set(re.findall(r'^\s*"([a-z_]+\.[a-z_.]+)":', LABELS.read_text(encoding="utf-8"), re.MULTILINE))
    assert len(recorded) >= 40, sorted(recorded)  # the scan itself still finds the API's actions
    assert not recorded - labelled, f"ações sem rótulo em {LABELS.name}: {sorted(recorded - labelled)}"
