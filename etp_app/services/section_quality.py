"""The quality report of a section's current text, where the text changes and where it is checked.

A section PUT stores the report of the text it saves, in its own transaction, so the answer and the
stored report are never stale; ``POST .../check`` (:mod:`quality_checks`) runs the same function, so
both agree. This module sits below :mod:`sections` (which calls it) and imports nothing of the
service stack: only the models, the ETP's fields and the drafting core.

Only what a person gave grounds a section's numbers (``drafting.grounding``): the ETP's fields, the
instructions and the other sections a person wrote or approved (:func:`person_approved`). Another
section still holding an untouched AI draft grounds nothing; the report says when a value's only
support is such a draft (``value_only_in_ai_draft``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from etp_app import etp_fields
from etp_app.drafting import catalog, quality
from etp_app.drafting.engine import flatten_inputs
from etp_app.drafting.types import DraftContext, EarlierSection
from etp_app.extensions import db
from etp_app.models import Etp, Section

# what the report reads of the other sections: their text and what tells whether a person gave it
GROUND_COLUMNS = (
    Section.id,
    Section.inciso,
    Section.content,
    Section.provenance,
    Section.ai_generated,
    Section.status,
    Section.reviewed_at,
)


def is_ai_text(section: Any) -> bool:
    """Whether the section's text is still a drafter's (AI or offline): drafted, or accepted from a
    suggestion, and not saved over by a person since. Once a person saves it (``provenance`` human)
    every number in it is theirs, so the check asks for its source instead of calling it invented.
    A row without provenance (no text, or written before provenance existed) falls back to the AI
    flag and the ``edited`` status a person's save sets."""
    if section.provenance is not None:
        return section.provenance != "human"
    return bool(section.ai_generated) and section.status != "edited"


def person_approved(section: Any) -> bool:
    """Whether the section's text counts as given by a person, and so grounds the others' numbers: a
    person wrote or edited it (:func:`is_ai_text` false) or reviewed it ("revisado por …", cleared by
    every later change of the text). An untouched AI draft grounds nothing — an accepted suggestion
    included: taking a draft is not checking it; its review is. The worker reads the same rule in SQL
    (``drafting_sql``)."""
    return not is_ai_text(section) or section.reviewed_at is not None or section.status == "approved"


def check_inputs(
    facts: dict[str, Any], inciso: int, sections: Sequence[tuple[int, str | None] | tuple[int, str | None, bool]]
) -> list[str]:
    """What the check of ``inciso`` compares the text's numbers with: the ETP's ``facts``
    (:func:`etp_fields.drafting_facts`) and the other filled sections (AI notice removed), given as
    ``(inciso, content)`` or ``(inciso, content, grounds)`` (``grounds`` false: an AI draft no person
    approved, which grounds nothing). The section's own text is left out: it cannot vouch for its own
    numbers."""
    others = tuple(
        EarlierSection(
            entry[0],
            catalog.ROMAN[entry[0] - 1],
            catalog.spec(entry[0]).title,
            quality.strip_ai_notice(entry[1] or ""),
            grounds=bool(entry[2]) if len(entry) > 2 else True,
        )
        for entry in sorted(sections, key=lambda item: item[0])
        if entry[0] != inciso and entry[1] and entry[1].strip()
    )
    return flatten_inputs(DraftContext(inciso=inciso, facts=facts, earlier_sections=others))


def sections_with_grounds(sections: Sequence[Any]) -> list[tuple[int, str | None, bool]]:
    """``(inciso, content, grounds)`` of ``sections`` (ORM rows or rows of the same columns):
    ``grounds`` is :func:`person_approved`."""
    return [(s.inciso, s.content, person_approved(s)) for s in sections]


def fresh_report(etp: Etp, section: Section, sections: Sequence[Section] | None = None) -> dict[str, Any]:
    """The quality report of ``section``'s current text. The other sections come from ``sections``
    when the caller has read them already, else from one query."""
    rows: Sequence[Any] = (
        sections
        if sections is not None
        else db.session.execute(
            select(*GROUND_COLUMNS).where(Section.etp_id == etp.id, Section.inciso != section.inciso)
        ).all()
    )
    others = sections_with_grounds([s for s in rows if s.inciso != section.inciso])
    facts = etp_fields.drafting_facts(etp)
    report = quality.check_section(
        section.inciso,
        section.content or "",
        inputs=check_inputs(facts, section.inciso, others),
        is_ai_draft=is_ai_text(section),
        facts=facts,
        justified=bool(section.justification and section.justification.strip()),
    )
    return report.to_dict()
