"""AI usage of an organization for the usage and budget page: the month's totals and budget, and where
the month's tokens went — by person, by ETP and by day.

The breakdown is one aggregate query over the month's drafting jobs (``GROUPING SETS``: the author,
the ETP and the UTC day, each a grouping of the same scan), with the names and titles joined in, so
the cost of a request does not grow with the number of people or ETPs. Only the largest ``TOP_N``
people and ETPs are listed; the rest is summed into one "others" row.

Months and days are UTC, as the budget check of ``drafting`` counts them. The breakdown
by person is for org admins only: the list of the organization's people is theirs to see
(``GET /api/v1/users``); the other rows are the organization's, which every member reads.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, and_, cast, func, select, tuple_

from etp_app.extensions import db
from etp_app.models import Etp, Job, User
from etp_app.security import Identity
from etp_app.services import drafting

TOP_N = 10
# the kinds that call the AI provider: the only jobs with tokens
DRAFTING_KINDS = ("draft_section", "draft_etp")
_COST_QUANTUM = Decimal("0.000001")

# GROUPING(created_by, etp_id, day): the bit of a column is 1 when the row's grouping set leaves it out
_BY_USER = 0b011
_BY_ETP = 0b101
_BY_DAY = 0b110


def _cost(value: Any) -> str:
    return str(Decimal(value or 0).quantize(_COST_QUANTUM))


def _amounts(tokens_in: Any, tokens_out: Any, cost: Any, jobs: Any) -> dict[str, Any]:
    tokens_in, tokens_out = int(tokens_in or 0), int(tokens_out or 0)
    return {
        "tokens_in": tokens_in,
        "tokens_out": tokens_out,
        "tokens": tokens_in + tokens_out,
        "cost_usd": _cost(cost),
        "jobs": int(jobs or 0),
    }


def _top(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The ``TOP_N`` largest rows (tokens, then cost, then jobs) and the sum of the rest (None when none)."""
    rows.sort(key=lambda r: (r["tokens"], Decimal(r["cost_usd"]), r["jobs"]), reverse=True)
    head, rest = rows[:TOP_N], rows[TOP_N:]
    if not rest:
        return head, None
    others = _amounts(
        sum(r["tokens_in"] for r in rest),
        sum(r["tokens_out"] for r in rest),
        sum(Decimal(r["cost_usd"]) for r in rest),
        sum(r["jobs"] for r in rest),
    )
    return head, {"count": len(rest), **others}


def _month_end(month_start: datetime) -> datetime:
    return (month_start.replace(day=28) + timedelta(days=4)).replace(day=1)


def breakdown(organization_id: uuid.UUID, month_start: datetime, today: date) -> dict[str, Any]:
    """The month's drafting usage by author, by ETP and by day (every day from the 1st to ``today``)."""
    day = cast(func.timezone("UTC", Job.created_at), Date)
    grouping = func.grouping(Job.created_by, Job.etp_id, day)
    query = (
        select(
            grouping.label("grouping"),
            Job.created_by,
            User.name,
            Job.etp_id,
            Etp.title,
            day.label("day"),
            func.sum(Job.tokens_in),
            func.sum(Job.tokens_out),
            func.sum(Job.cost_usd),
            func.count(),
        )
        .select_from(Job)
        .outerjoin(User, and_(User.id == Job.created_by, User.organization_id == Job.organization_id))
        .outerjoin(Etp, and_(Etp.id == Job.etp_id, Etp.organization_id == Job.organization_id))
        .where(
            Job.organization_id == organization_id,
            Job.kind.in_(DRAFTING_KINDS),
            Job.created_at >= month_start,
            Job.created_at < _month_end(month_start),
        )
        .group_by(
            func.grouping_sets(
                tuple_(Job.created_by, User.name),
                tuple_(Job.etp_id, Etp.title),
                tuple_(day),
            )
        )
    )
    users: list[dict[str, Any]] = []
    etps: list[dict[str, Any]] = []
    days: dict[date, dict[str, Any]] = {}
    for row in db.session.execute(query):
        amounts = _amounts(*row[6:10])
        if row.grouping == _BY_USER:
            # no name: the author left the organization (or, without an id, the account is gone)
            users.append({"id": row.created_by, "name": row.name, **amounts})
        elif row.grouping == _BY_ETP:
            # a job whose ETP was deleted has none (``etp_id`` SET NULL)
            etps.append({"id": row.etp_id, "title": row.title, **amounts})
        elif row.grouping == _BY_DAY and row.day is not None:
            days[row.day] = amounts
    by_user, user_others = _top(users)
    by_etp, etp_others = _top(etps)
    first = month_start.date()
    daily = [
        {"date": first + timedelta(days=n), **days.get(first + timedelta(days=n), _amounts(0, 0, 0, 0))}
        for n in range((today - first).days + 1)
    ]
    return {
        "by_user": by_user,
        "by_user_others": user_others,
        "by_etp": by_etp,
        "by_etp_others": etp_others,
        "daily": daily,
    }


def report(identity: Identity) -> dict[str, Any]:
    """The organization's usage (``drafting.usage_for``: the month's and all-time totals, the budget)
    with the budget's remaining tokens and the month's breakdown."""
    totals = drafting.usage_for(identity.organization_id)
    month_start = datetime.fromisoformat(totals["month_start"])  # the same instant the totals used
    month_end = _month_end(month_start)
    # the month of the totals, even when the clock turned to the next one meanwhile
    today = min(max(datetime.now(UTC).date(), month_start.date()), (month_end - timedelta(days=1)).date())
    used = totals["month"]["tokens_in"] + totals["month"]["tokens_out"]
    budget = totals["monthly_token_budget"]
    parts = breakdown(identity.organization_id, month_start, today)
    if not identity.is_org_admin:
        parts["by_user"] = None
        parts["by_user_others"] = None
    return {
        **totals,
        "month_end": month_end.isoformat(),
        "tokens_used": used,
        "remaining": None if budget is None else max(budget - used, 0),
        **parts,
    }
