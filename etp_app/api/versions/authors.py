"""Names for the people behind versions and the labels of the ETP's fields, added to the version
routes' answers: a version stores its author's id only, and members cannot list the organization's
users (GET /users is for org admins), so the timeline would otherwise show no one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from etp_app import etp_fields
from etp_app.services import accounts

VERSION_KEYS = ("number", "label", "reason", "scope", "created_at", "updated_at", "created_by")


def _field_labels() -> dict[str, str]:
    """The pt-BR label of every column the diff compares: a person's part reads "Responsável
    técnico — Nome"; the lifecycle status is "Status"."""
    labels: dict[str, str] = {"status": "Status"}
    for field in etp_fields.FIELDS:
        if field.parts:
            for part in field.parts:
                labels[part.column] = f"{field.label} — {part.label}"
        else:
            labels[field.name] = field.label
    return labels


FIELD_LABELS = _field_labels()


def with_authors(items: Iterable[Any], *, snapshot: bool = False) -> list[dict[str, Any]]:
    """Versions (rows or models) as dicts with ``created_by_name`` (``snapshot`` too when asked)."""
    items = list(items)
    names = accounts.user_names(item.created_by for item in items)
    out = []
    for item in items:
        data = {key: getattr(item, key) for key in VERSION_KEYS}
        data["created_by_name"] = names.get(item.created_by) if item.created_by else None
        if snapshot:
            data["snapshot"] = item.snapshot
        out.append(data)
    return out


def with_field_labels(diff: Mapping[str, Any]) -> dict[str, Any]:
    """The diff with each changed field's pt-BR ``label`` beside its ``before`` / ``after``."""
    fields = {name: {**change, "label": FIELD_LABELS.get(name, name)} for name, change in diff["fields"].items()}
    return {**diff, "fields": fields}
