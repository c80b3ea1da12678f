"""The quality report of a section's current text, where the text changes and where it is checked.

A section PUT stores the report of the text it saves, in its own transaction, so the answer and the
stored report are never stale; ``POST .../check`` (:mod:`quality_checks`) runs the same function, so
both agree. This module sits below :mod:`sections` (which calls it) and imports nothing of the
service stack: only the models, the ETP's fields and the drafting core.
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


def is_ai_text(section: Section) -> bool:
    """Whether the section's text is still a drafter's (AI or offline): drafted, or accepted from a
    suggestion, and not saved over by a person since. Once a person saves it (``provenance`` human)
    every number in it is theirs, so the check asks for its source instead of calling it invented.
    A row without provenance (no text, or written before provenance existed) falls back to the AI
    flag and the ``edited`` status a person's save sets."""
    if section.provenance is not None:
        return section.provenance != "human"
    return bool(section.ai_generated) and section.status != "edited"


def check_inputs(facts: dict[str, Any], inciso: int, sections: list[tuple[int, str | None]]) -> list[str]:
    """What the check of ``inciso`` compares the text's numbers with: the ETP's ``facts``
    (:func:`etp_fields.drafting_facts`) and the other filled sections (AI notice removed). The
    section's own text is left out: it cannot vouch for its own numbers."""
    others = tuple(
        EarlierSection(number, catalog.ROMAN[number - 1], catalog.spec(number).title, quality.strip_ai_notice(content))
        for number, content in sorted(sections, key=lambda pair: pair[0])
        if number != inciso and content and content.strip()
    )
    return flatten_inputs(DraftContext(inciso=inciso, facts=facts, earlier_sections=others))


def fresh_report(etp: Etp, section: Section, sections: Sequence[Section] | None = None) -> dict[str, Any]:
    """The quality report of ``section``'s current text. The other sections' texts come from
    ``sections`` when the caller has read them already, else from one query."""
    others: list[tuple[int, str | None]]
    if sections is not None:
        others = [(s.inciso, s.content) for s in sections if s.inciso != section.inciso]
    else:
        rows = db.session.execute(
            select(Section.inciso, Section.content).where(Section.etp_id == etp.id, Section.inciso != section.inciso)
        ).all()
        others = [(r.inciso, r.content) for r in rows]
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
