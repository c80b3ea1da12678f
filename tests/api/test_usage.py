"""GET /api/v1/usage: the month's totals and budget with what is left, and where the month's tokens
went — by person (org admins only), by ETP and by day — from one aggregate query, scoped to the
caller's organization."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event

from tests.helpers.jobs import create_etp

USAGE = "/api/v1/usage"


def _month_start(now: datetime) -> datetime:
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _add_jobs(app, *jobs: dict) -> None:
    from etp_app.extensions import db
    from etp_app.models import Job

    with app.app_context():
        for spec in jobs:
            db.session.add(Job(state="succeeded", params={}, **spec))
        db.session.commit()
        db.session.remove()


def _set_budget(app, org_id: str, budget: int | None) -> None:
    from etp_app.extensions import db
    from etp_app.models import Organization

    with app.app_context():
        org = db.session.get(Organization, uuid.UUID(org_id))
        assert org is not None
        org.monthly_token_budget = budget
        db.session.commit()
        db.session.remove()


@pytest.fixture
def team(app, make_user):
    admin_user, admin = make_user(name="Ana Administradora")
    domain = admin_user["email"].split("@", 1)[1]
    member_user, member = make_user(f"bruno@{domain}", name="Bruno Membro")
    return {
        "org": admin_user["organization"]["id"],
        "admin_user": admin_user,
        "admin": admin,
        "member_user": member_user,
        "member": member,
    }


def test_usage_by_user_by_etp_and_by_day_with_the_remaining_budget(app, make_user, team):
    org = uuid.UUID(team["org"])
    admin_id, member_id = uuid.UUID(team["admin_user"]["id"]), uuid.UUID(team["member_user"]["id"])
    big = create_etp(team["admin"], title="ETP grande")
    small = create_etp(team["member"], title="ETP pequeno")
    now = datetime.now(UTC)
    start = _month_start(now)
    first_day = start + timedelta(minutes=5)
    _add_jobs(
        app,
        # this month: the admin drafts the big ETP on the 1st and now; the member the small one now
        dict(organization_id=org, created_by=admin_id, etp_id=uuid.UUID(big["id"]), kind="draft_etp",
             tokens_in=1000, tokens_out=500, cost_usd=Decimal("0.010000"), created_at=first_day),
        dict(organization_id=org, created_by=admin_id, etp_id=uuid.UUID(big["id"]), kind="draft_section",
             tokens_in=200, tokens_out=100, cost_usd=Decimal("0.002500"), created_at=now),
        dict(organization_id=org, created_by=member_id, etp_id=uuid.UUID(small["id"]), kind="draft_section",
             tokens_in=300, tokens_out=100, cost_usd=Decimal("0.001000"), created_at=now),
        # the member's draft of the big ETP, last month: only in all_time
        dict(organization_id=org, created_by=member_id, etp_id=uuid.UUID(big["id"]), kind="draft_section",
             tokens_in=9000, tokens_out=9000, cost_usd=Decimal("1.000000"), created_at=start - timedelta(hours=1)),
        # an export of this month: no tokens, not a drafting job
        dict(organization_id=org, created_by=member_id, etp_id=uuid.UUID(small["id"]), kind="export",
             created_at=now),
    )  # fmt: skip
    # another organization's usage this month never shows
    other_user, other = make_user(name="Outra Pessoa")
    other_etp = create_etp(other, title="ETP de outra organização")
    _add_jobs(
        app,
        dict(organization_id=uuid.UUID(other_user["organization"]["id"]), created_by=uuid.UUID(other_user["id"]),
             etp_id=uuid.UUID(other_etp["id"]), kind="draft_section", tokens_in=77777, tokens_out=1, created_at=now),
    )  # fmt: skip
    _set_budget(app, team["org"], 5000)

    resp = team["admin"].get(USAGE)
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["month"] == {"tokens_in": 1500, "tokens_out": 700, "cost_usd": "0.013500", "jobs": 3}
    assert body["all_time"]["tokens_in"] == 10500 and body["all_time"]["jobs"] == 4
    assert body["monthly_token_budget"] == 5000
    assert body["tokens_used"] == 2200 and body["remaining"] == 2800
    assert datetime.fromisoformat(body["month_start"]) == start
    assert datetime.fromisoformat(body["month_end"]) > now

    assert body["by_user"] == [
        {"id": str(admin_id), "name": "Ana Administradora", "tokens_in": 1200, "tokens_out": 600, "tokens": 1800,
         "cost_usd": "0.012500", "jobs": 2},
        {"id": str(member_id), "name": "Bruno Membro", "tokens_in": 300, "tokens_out": 100, "tokens": 400,
         "cost_usd": "0.001000", "jobs": 1},
    ]  # fmt: skip
    assert body["by_user_others"] is None
    assert [(r["id"], r["title"], r["tokens"], r["jobs"]) for r in body["by_etp"]] == [
        (big["id"], "ETP grande", 1800, 2),
        (small["id"], "ETP pequeno", 400, 1),
    ]
    assert body["by_etp_others"] is None

    days = body["daily"]
    assert [d["date"] for d in days] == [
        (start.date() + timedelta(days=n)).isoformat() for n in range((now.date() - start.date()).days + 1)
    ]
    by_date = {d["date"]: d for d in days}
    assert sum(d["tokens"] for d in days) == 2200 and sum(d["jobs"] for d in days) == 3
    if now.date() == start.date():
        assert by_date[now.date().isoformat()]["tokens"] == 2200
    else:
        assert by_date[start.date().isoformat()]["tokens"] == 1500
        assert by_date[now.date().isoformat()] == {
            "date": now.date().isoformat(), "tokens_in": 500, "tokens_out": 200, "tokens": 700,
            "cost_usd": "0.003500", "jobs": 2,
        }  # fmt: skip


def test_member_sees_the_etps_and_days_but_not_the_people(app, team):
    etp = create_etp(team["member"], title="ETP do membro")
    _add_jobs(
        app,
        dict(organization_id=uuid.UUID(team["org"]), created_by=uuid.UUID(team["member_user"]["id"]),
             etp_id=uuid.UUID(etp["id"]), kind="draft_section", tokens_in=10, tokens_out=5,
             created_at=datetime.now(UTC)),
    )  # fmt: skip
    body = team["member"].get(USAGE).get_json()
    assert body["by_user"] is None and body["by_user_others"] is None
    assert [r["title"] for r in body["by_etp"]] == ["ETP do membro"]
    assert body["daily"][-1]["tokens"] == 15
    # no budget: nothing "remaining" to show
    assert body["monthly_token_budget"] is None and body["remaining"] is None and body["tokens_used"] == 15


def test_an_empty_month_has_zero_days_and_no_rows(team):
    body = team["admin"].get(USAGE).get_json()
    assert body["by_user"] == [] and body["by_etp"] == [] and body["by_etp_others"] is None
    assert body["daily"] and all(d["tokens"] == 0 and d["cost_usd"] == "0.000000" for d in body["daily"])
    assert body["tokens_used"] == 0


def test_budget_used_up_leaves_zero_not_a_negative(app, team):
    _add_jobs(
        app,
        dict(organization_id=uuid.UUID(team["org"]), created_by=uuid.UUID(team["admin_user"]["id"]),
             kind="draft_section", tokens_in=900, tokens_out=300, created_at=datetime.now(UTC)),
    )  # fmt: skip
    _set_budget(app, team["org"], 1000)
    body = team["admin"].get(USAGE).get_json()
    assert body["tokens_used"] == 1200 and body["remaining"] == 0
    # a job of a deleted ETP (etp_id SET NULL) is a row without id or title
    assert body["by_etp"] == [
        {"id": None, "title": None, "tokens_in": 900, "tokens_out": 300, "tokens": 1200, "cost_usd": "0.000000",
         "jobs": 1}
    ]  # fmt: skip


def test_beyond_the_top_n_the_rest_is_one_others_row(app, make_user, team, monkeypatch):
    from etp_app.services import usage

    monkeypatch.setattr(usage, "TOP_N", 2)
    org = uuid.UUID(team["org"])
    domain = team["admin_user"]["email"].split("@", 1)[1]
    people = [uuid.UUID(team["admin_user"]["id"]), uuid.UUID(team["member_user"]["id"])]
    for n in range(2):
        user, _ = make_user(f"pessoa{n}@{domain}", name=f"Pessoa {n}")
        people.append(uuid.UUID(user["id"]))
    etps = [uuid.UUID(create_etp(team["admin"], title=f"ETP {n}")["id"]) for n in range(4)]
    now = datetime.now(UTC)
    # person n drafts ETP n with (n + 1) × 100 tokens in
    _add_jobs(
        app,
        *[
            dict(organization_id=org, created_by=people[n], etp_id=etps[n], kind="draft_section",
                 tokens_in=(n + 1) * 100, tokens_out=0, cost_usd=Decimal("0.001"), created_at=now)
            for n in range(4)
        ],
    )  # fmt: skip
    body = team["admin"].get(USAGE).get_json()
    assert [r["tokens"] for r in body["by_user"]] == [400, 300]
    assert body["by_user_others"] == {
        "count": 2, "tokens_in": 300, "tokens_out": 0, "tokens": 300, "cost_usd": "0.002000", "jobs": 2,
    }  # fmt: skip
    assert [r["title"] for r in body["by_etp"]] == ["ETP 3", "ETP 2"]
    assert body["by_etp_others"]["count"] == 2 and body["by_etp_others"]["tokens"] == 300


def _statements_of(app, call) -> int:
    from etp_app.extensions import db

    count = 0

    def before(*_args, **_kwargs):
        nonlocal count
        count += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", before)
    return count


def test_the_number_of_queries_does_not_grow_with_people_or_etps(app, make_user, team):
    org = uuid.UUID(team["org"])
    domain = team["admin_user"]["email"].split("@", 1)[1]
    now = datetime.now(UTC)

    def add(n: int) -> None:
        user, api = make_user(f"autor{n}-{uuid.uuid4().hex[:6]}@{domain}", name=f"Autor {n}")
        etp = create_etp(team["admin"], title=f"ETP {n}")
        _add_jobs(
            app,
            dict(organization_id=org, created_by=uuid.UUID(user["id"]), etp_id=uuid.UUID(etp["id"]),
                 kind="draft_section", tokens_in=10, tokens_out=1, created_at=now),
        )  # fmt: skip

    add(0)
    few = _statements_of(app, lambda: team["admin"].get(USAGE))
    for n in range(1, 6):
        add(n)
    resp = None

    def call():
        nonlocal resp
        resp = team["admin"].get(USAGE)

    many = _statements_of(app, call)
    assert resp is not None
    body = resp.get_json()
    assert len(body["by_user"]) == 6 and len(body["by_etp"]) == 6
    assert many == few


def test_usage_needs_a_token(client):
    assert client.get(USAGE).status_code == 401
