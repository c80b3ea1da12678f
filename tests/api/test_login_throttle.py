"""Issue 11 §3: login throttling without a lock anyone can trigger (services/login_throttle.py).

Regressions of the observations: five wrong passwords for a real account locked it for 15 minutes
from ANY address (the right password refused too) while an unknown account kept answering 401 —
which told the two apart and let anyone lock any known user out. Now failures are counted per
(e-mail, address) and per address with growing delays, identically for known and unknown e-mails.
Client addresses vary through ``REMOTE_ADDR`` (FORWARDED_ALLOW_IPS trusts only 127.0.0.1 here).
"""

from __future__ import annotations

import base64
import json
import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import event, select, update

from etp_app.extensions import db
from etp_app.models import AuditLog, LoginThrottle, User
from tests.conftest import DEFAULT_PASSWORD
from tests.helpers.polling import wait_for

LOGIN = "/api/v1/auth/login"
WRONG = "Senha-Errada-2026!"
ATTACKER = "203.0.113.66"
OWNER = "198.51.100.10"


def _login(client, email, password=DEFAULT_PASSWORD, address="127.0.0.1"):
    return client.post(LOGIN, json={"email": email, "password": password}, environ_overrides={"REMOTE_ADDR": address})


def _unknown_email() -> str:
    return f"ninguem-{uuid.uuid4().hex[:8]}@orgao-{uuid.uuid4().hex[:6]}.gov.br"


def _keys(app, email, address):
    from etp_app.services import login_throttle

    with app.test_request_context():
        return login_throttle.keys_for(email, address)


def _row(app, key) -> LoginThrottle | None:
    with app.app_context():
        row = db.session.get(LoginThrottle, key)
        db.session.expunge_all()
        return row


def _end_blocks(app, email, address):
    """The blocks of (email, address) and of the address end now (no sleeping)."""
    keys = _keys(app, email, address)
    with app.app_context():
        db.session.execute(
            update(LoginThrottle)
            .where(
                LoginThrottle.key.in_((keys.account_address, keys.address)), LoginThrottle.blocked_until.is_not(None)
            )
            .values(blocked_until=datetime.now(UTC) - timedelta(seconds=1))
        )
        db.session.commit()


def _view(resp) -> tuple:
    """What a client sees of a login answer: status, body, and a 429's Retry-After (the other answers
    carry the route rate limit's headers, which depend on the address's window, not the account)."""
    return resp.status_code, resp.get_json(), resp.headers.get("Retry-After") if resp.status_code == 429 else None


def _queued(kind: str) -> list[dict]:
    """The mails of ``kind`` waiting on the ``mail`` queue (no worker is consuming it)."""
    from etp_app.redis_client import get_redis

    out = []
    for raw in get_redis().client.lrange("mail", 0, -1):
        envelope = json.loads(raw)
        _args, kwargs, _embed = json.loads(base64.b64decode(envelope["body"]))
        if kwargs["kind"] == kind:
            out.append(kwargs["params"])
    return out


def _audit(app, action) -> list[AuditLog]:
    with app.app_context():
        rows = db.session.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.created_at)).all()
        db.session.expunge_all()
    return list(rows)


def _failures_audit(app, reason=None) -> list[AuditLog]:
    return [r for r in _audit(app, "auth.login_failed") if reason is None or r.after["reason"] == reason]


# --------------------------------------------------------------------------- no lock anyone can trigger


def test_failures_from_one_address_never_stop_the_owner_signing_in_from_another(app, client, make_user):
    """Regression: five wrong passwords from anywhere locked the account for 15 minutes."""
    user, _ = make_user()
    for _ in range(5):
        assert _login(client, user["email"], WRONG, ATTACKER).status_code == 401
    for _ in range(3):  # the attacker keeps trying: throttled, not counted
        assert _login(client, user["email"], WRONG, ATTACKER).status_code == 429

    # the right password from the attacker's address during the block: 429 (it is THAT address)
    blocked = _login(client, user["email"], DEFAULT_PASSWORD, ATTACKER)
    assert blocked.status_code == 429
    assert 25 <= int(blocked.headers["Retry-After"]) <= 30

    # the owner, from another address: in, at once
    owner = _login(client, user["email"], DEFAULT_PASSWORD, OWNER)
    assert owner.status_code == 200, owner.get_json()
    assert owner.get_json()["access_token"]

    # and the owner's success does not lift the attacker's block
    assert _login(client, user["email"], DEFAULT_PASSWORD, ATTACKER).status_code == 429
    assert _failures_audit(app, "throttled")


def test_known_and_unknown_accounts_answer_the_same_sequence(app, client, make_user):
    """Regression: a known account answered 429 "Conta bloqueada" after five failures, an unknown one
    kept answering 401. Now the same statuses, bodies and Retry-After over 8 failures (each from
    its own address, so that the two sequences share no counter)."""
    user, _ = make_user()
    unknown = _unknown_email()

    def run(email, address):
        seen = []
        for _ in range(5):
            seen.append(_view(_login(client, email, WRONG, address)))
        for _ in range(2):
            seen.append(_view(_login(client, email, WRONG, address)))
        for _ in range(3):  # failures 6, 7, 8: each after the block ends, each answered, then blocked longer
            _end_blocks(app, email, address)
            seen.append(_view(_login(client, email, WRONG, address)))
            seen.append(_view(_login(client, email, DEFAULT_PASSWORD, address)))
        return seen

    known = run(user["email"], "192.0.2.1")
    stranger = run(unknown, "192.0.2.2")
    assert known == stranger

    statuses = [status for status, _body, _retry in known]
    assert statuses == [401] * 5 + [429] * 2 + [401, 429] * 3
    retry_afters = [int(retry) for _status, _body, retry in known if retry is not None]
    expected = [30, 30, 60, 120, 240]
    assert all(e - 5 <= r <= e for r, e in zip(retry_afters, expected, strict=True)), retry_afters
    for status, body, _retry in known:
        if status == 429:  # nothing about an account: it is this address
            assert "conta" not in body["message"].lower() and "endereço" in body["message"]


def test_known_and_unknown_failures_run_the_same_statements(app, client, make_user):
    """The timing of the two paths: the same SQL (the unknown e-mail burns a password verification,
    tests/api/test_auth.py), for a counted failure and for a throttled attempt."""
    user, _ = make_user()
    unknown = _unknown_email()

    def statements(email, address):
        seen: list[str] = []

        def record(conn, cursor, statement, parameters, context, executemany):
            seen.append(statement)

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", record)
        try:
            for _ in range(6):
                _login(client, email, WRONG, address)
        finally:
            event.remove(engine, "before_cursor_execute", record)
        return seen

    known = statements(user["email"], "192.0.2.11")
    stranger = statements(unknown, "192.0.2.12")
    assert known == stranger
    assert any("login_throttles" in s and s.lstrip().upper().startswith("INSERT") for s in known)


@pytest.mark.slow
def test_known_and_unknown_failures_take_the_same_time(app, client, make_user):
    """Median of 10 failed logins each (alternating, each from its own address): within a generous
    bound — a path without the password hash (~9 ms against ~150 ms) falls far outside it."""
    user, _ = make_user()
    known, stranger = [], []
    for i in range(10):
        for email, times in ((user["email"], known), (_unknown_email(), stranger)):
            started = time.perf_counter()
            assert _login(client, email, WRONG, f"192.0.2.{100 + i}").status_code == 401
            times.append(time.perf_counter() - started)
    k, u = statistics.median(known), statistics.median(stranger)
    assert abs(k - u) < 0.35 * max(k, u), (k, u)


def test_deactivated_account_with_the_right_password_answers_and_counts_like_a_wrong_one(app, client, make_user):
    user, _ = make_user()
    with app.app_context():
        db.session.execute(update(User).where(User.email == user["email"]).values(is_active=False))
        db.session.commit()
    unknown = _unknown_email()
    deactivated = [_view(_login(client, user["email"], DEFAULT_PASSWORD, "192.0.2.21")) for _ in range(6)]
    stranger = [_view(_login(client, unknown, DEFAULT_PASSWORD, "192.0.2.22")) for _ in range(6)]
    assert deactivated == stranger
    assert [status for status, _b, _r in deactivated] == [401] * 5 + [429]
    assert _failures_audit(app, "inactive")


# --------------------------------------------------------------------------- progressive delays


def test_progressive_delays_double_up_to_the_cap(app, client, make_user):
    user, _ = make_user()
    for _ in range(4):
        assert _login(client, user["email"], WRONG, ATTACKER).status_code == 401
    delays = []
    for _ in range(8):  # failures 5 .. 12, each after the previous block ended
        assert _login(client, user["email"], WRONG, ATTACKER).status_code == 401
        blocked = _login(client, user["email"], WRONG, ATTACKER)
        assert blocked.status_code == 429
        delays.append(int(blocked.headers["Retry-After"]))
        _end_blocks(app, user["email"], ATTACKER)
    expected = [30, 60, 120, 240, 480, 900, 900, 900]  # LOGIN_MAX_DELAY_SECONDS caps it
    assert all(e - 5 <= d <= e for d, e in zip(delays, expected, strict=True)), delays
    pair = _row(app, _keys(app, user["email"], ATTACKER).account_address)
    assert pair.failures == 12


def test_blocked_attempts_are_not_counted_and_keep_their_retry_after(app, client, make_user):
    user, _ = make_user()
    for _ in range(5):
        _login(client, user["email"], WRONG, ATTACKER)
    answers = [_login(client, user["email"], WRONG, ATTACKER) for _ in range(10)]
    assert {a.status_code for a in answers} == {429}
    assert all(25 <= int(a.headers["Retry-After"]) <= 30 for a in answers)
    assert _row(app, _keys(app, user["email"], ATTACKER).account_address).failures == 5
    message = answers[0].get_json()["message"]
    assert "Aguarde 30 segundos" in message or "Aguarde 29 segundos" in message


def test_a_quiet_window_after_the_block_forgets_the_failures(app, client, make_user):
    user, _ = make_user()
    for _ in range(6):
        _login(client, user["email"], WRONG, ATTACKER)
        _end_blocks(app, user["email"], ATTACKER)
    keys = _keys(app, user["email"], ATTACKER)
    assert _row(app, keys.account_address).failures == 6
    # a whole window (900 s) without failures after the block ended: the next failure counts 1
    long_ago = datetime.now(UTC) - timedelta(seconds=901)
    with app.app_context():
        db.session.execute(
            update(LoginThrottle)
            .where(LoginThrottle.key == keys.account_address)
            .values(window_started_at=long_ago, last_failure_at=long_ago, blocked_until=long_ago)
        )
        db.session.commit()
    assert _login(client, user["email"], WRONG, ATTACKER).status_code == 401
    assert _row(app, keys.account_address).failures == 1


def test_the_window_passing_while_throttled_does_not_give_free_attempts_back(app, client, make_user):
    """A throttled pair keeps its count while failures keep coming (the window since its first
    failure passing is not enough): the next failure blocks longer."""
    user, _ = make_user()
    for _ in range(5):
        _login(client, user["email"], WRONG, ATTACKER)
    keys = _keys(app, user["email"], ATTACKER)
    with app.app_context():
        db.session.execute(
            update(LoginThrottle)
            .where(LoginThrottle.key == keys.account_address)
            .values(
                window_started_at=datetime.now(UTC) - timedelta(seconds=1000),
                blocked_until=datetime.now(UTC) - timedelta(seconds=1),
            )
        )
        db.session.commit()
    assert _login(client, user["email"], WRONG, ATTACKER).status_code == 401
    assert _row(app, keys.account_address).failures == 6
    assert 55 <= int(_login(client, user["email"], WRONG, ATTACKER).headers["Retry-After"]) <= 60


# --------------------------------------------------------------------------- per address


def test_an_address_failing_for_many_accounts_is_throttled_for_all_of_them(app, client, make_user):
    """30 failures from one address (LOGIN_ADDRESS_FREE_ATTEMPTS), one per e-mail, known or not."""
    users = [make_user()[0] for _ in range(3)]
    emails = [u["email"] for u in users] + [_unknown_email() for _ in range(27)]
    for email in emails:
        assert _login(client, email, WRONG, ATTACKER).status_code == 401
    fresh = _login(client, _unknown_email(), WRONG, ATTACKER)
    assert fresh.status_code == 429
    assert 25 <= int(fresh.headers["Retry-After"]) <= 30
    # a known account with its right password, from that address: 429 too; from another: in
    assert _login(client, users[0]["email"], DEFAULT_PASSWORD, ATTACKER).status_code == 429
    assert _login(client, users[0]["email"], DEFAULT_PASSWORD, OWNER).status_code == 200
    # no single (e-mail, address) pair reached its own threshold
    assert _row(app, _keys(app, users[0]["email"], ATTACKER).account_address).failures == 1


def test_ipv6_clients_count_by_their_64_network(app):
    from etp_app.services import login_throttle

    assert login_throttle.address_bucket("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
    assert login_throttle.address_bucket("::ffff:198.51.100.7") == "198.51.100.7"
    assert login_throttle.address_bucket("198.51.100.7") == "198.51.100.7"
    assert login_throttle.address_bucket("unknown") == "unknown"
    same = _keys(app, "a@b.gov.br", "2001:db8:1:2::1"), _keys(app, "a@b.gov.br", "2001:db8:1:2:ffff::9")
    assert same[0] == same[1]
    assert _keys(app, "a@b.gov.br", "2001:db8:1:3::1") != same[0]


# --------------------------------------------------------------------------- success, storage


def test_a_success_clears_the_pair_but_not_the_address_counter(app, client, make_user):
    user, _ = make_user()
    keys = _keys(app, user["email"], ATTACKER)
    for _ in range(4):
        assert _login(client, user["email"], WRONG, ATTACKER).status_code == 401
    assert _login(client, user["email"], DEFAULT_PASSWORD, ATTACKER).status_code == 200
    assert _row(app, keys.account_address) is None
    assert _row(app, keys.address).failures == 4
    for _ in range(4):
        assert _login(client, user["email"], WRONG, ATTACKER).status_code == 401
    assert _login(client, user["email"], DEFAULT_PASSWORD, ATTACKER).status_code == 200


def test_counters_hold_no_email_or_address(app, client, make_user):
    user, _ = make_user()
    _login(client, user["email"], WRONG, ATTACKER)
    _login(client, _unknown_email(), WRONG, ATTACKER)
    with app.app_context():
        rows = db.session.scalars(select(LoginThrottle)).all()
        db.session.expunge_all()
    assert {r.kind for r in rows} == {"account_address", "address", "account"}
    assert len(rows) == 5  # two pairs, one address, two e-mails
    for r in rows:
        assert len(r.key) == 64 and all(c in "0123456789abcdef" for c in r.key)
        assert user["email"] not in r.key and ATTACKER not in r.key


def test_throttling_holds_with_redis_unreachable(app, client, make_user, monkeypatch):
    """The counters live in PostgreSQL: with the app's Redis unreachable the throttling is the same."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    from etp_app.redis_client import get_redis

    user, _ = make_user()
    with app.app_context():
        holder = get_redis()
    closed = redis.Redis.from_url("redis://127.0.0.1:1/0", retry=Retry(NoBackoff(), 0), socket_connect_timeout=0.2)
    monkeypatch.setattr(holder, "client", closed)
    for _ in range(5):
        assert _login(client, user["email"], WRONG, ATTACKER).status_code == 401
    blocked = _login(client, user["email"], DEFAULT_PASSWORD, ATTACKER)
    assert blocked.status_code == 429 and 25 <= int(blocked.headers["Retry-After"]) <= 30
    assert _login(client, user["email"], DEFAULT_PASSWORD, OWNER).status_code == 200


def test_housekeeping_purges_counters_whose_window_and_block_are_over(app, client, make_user):
    from etp_app.services import housekeeping

    user, _ = make_user()
    for _ in range(5):
        _login(client, user["email"], WRONG, ATTACKER)  # blocked for 30 s
    _login(client, _unknown_email(), WRONG, OWNER)
    with app.app_context():
        assert housekeeping.purge_login_throttles() == 0  # all live
        later = datetime.now(UTC) + timedelta(seconds=901)
        # a window after the last failures: every counter but the blocked pair (its block ends later)
        assert housekeeping.purge_login_throttles(later) == 5
        assert db.session.scalars(select(LoginThrottle.kind)).all() == ["account_address"]
        assert housekeeping.purge_login_throttles(later + timedelta(seconds=31)) == 1
        assert db.session.scalars(select(LoginThrottle)).all() == []


# --------------------------------------------------------------------------- change-password, LGPD


def test_wrong_current_password_in_change_password_is_throttled_per_address(app, client, make_user):
    user, api = make_user()
    body = {"current_password": WRONG, "new_password": "Outra-Senha-Boa-2027"}
    for _ in range(5):
        assert api.post("/api/v1/auth/change-password", json=body).status_code == 422
    resp = api.post("/api/v1/auth/change-password", json={**body, "current_password": DEFAULT_PASSWORD})
    assert resp.status_code == 429 and 25 <= int(resp.headers["Retry-After"]) <= 30
    assert [r.after["reason"] for r in _audit(app, "auth.password_change_failed")] == ["wrong_current_password"] * 5 + [
        "throttled"
    ]
    assert _login(client, user["email"], DEFAULT_PASSWORD, OWNER).status_code == 200


def test_wrong_password_confirming_an_account_deletion_is_throttled_per_address(app, client, make_user):
    user, api = make_user()
    for _ in range(5):
        assert api.delete("/api/v1/users/me", json={"password": WRONG}).status_code == 422
    resp = api.delete("/api/v1/users/me", json={"password": DEFAULT_PASSWORD})
    assert resp.status_code == 429 and 25 <= int(resp.headers["Retry-After"]) <= 30
    assert [r.after["reason"] for r in _audit(app, "lgpd.delete_failed")] == ["wrong_password"] * 5 + ["throttled"]
    with app.app_context():
        assert db.session.scalar(select(User.deleted_at).where(User.email == user["email"])) is None
        db.session.remove()
    assert _login(client, user["email"], DEFAULT_PASSWORD, OWNER).status_code == 200


# --------------------------------------------------------------------------- alerting the owner


def test_login_alert_is_queued_once_per_window_for_known_and_unknown_emails(app, client, make_user):
    """At LOGIN_ALERT_FAILURES (10) failures of one e-mail across addresses: one "login_alert"
    queued, the same for an unknown e-mail (the worker finds nobody to mail), once per window."""
    user, _ = make_user()
    unknown = _unknown_email()
    for email in (user["email"], unknown):
        for i in range(9):
            _login(client, email, WRONG, f"192.0.2.{30 + i % 3}")
    with app.app_context():
        assert _queued("login_alert") == []
    for email in (user["email"], unknown):
        _login(client, email, WRONG, "192.0.2.40")
    with app.app_context():
        assert sorted(m["email"] for m in _queued("login_alert")) == sorted([user["email"], unknown])
    for _ in range(5):  # more failures in the same window: nothing more
        _login(client, user["email"], WRONG, "192.0.2.41")
    with app.app_context():
        assert len(_queued("login_alert")) == 2
        # a window later, the attack still going: one more
        account = _keys(app, user["email"], "192.0.2.41").account
        db.session.execute(
            update(LoginThrottle)
            .where(LoginThrottle.key == account)
            .values(notified_at=datetime.now(UTC) - timedelta(seconds=901))
        )
        db.session.commit()
    _login(client, user["email"], WRONG, "192.0.2.42")
    with app.app_context():
        assert sorted(m["email"] for m in _queued("login_alert")) == sorted([user["email"], user["email"], unknown])


def test_a_broker_outage_does_not_change_the_answer_of_the_failure_that_alerts(app, client, make_user, monkeypatch):
    from etp_app.errors import ServiceUnavailable
    from etp_app.services import mail

    def broken(kind, **params):
        raise ServiceUnavailable("fila indisponível")

    monkeypatch.setattr(mail, "enqueue", broken)
    user, _ = make_user()
    answers = [_login(client, user["email"], WRONG, f"192.0.2.{50 + i % 3}").status_code for i in range(10)]
    assert answers == [401] * 10


def _mail_worker(start_worker):
    return start_worker(queues="mail", concurrency=1, env={"APP_URL": "https://etp.exemplo.gov.br"})


def _outbox(app, to):
    from etp_app.services import mail

    with app.app_context():
        try:
            return mail.list_outbox(to=to)
        finally:
            db.session.remove()


def test_login_alert_mail_reaches_the_owner_once_and_nothing_for_an_unknown_email(app, client, make_user, start_worker):
    user, _ = make_user()
    unknown = _unknown_email()
    _mail_worker(start_worker)
    for i in range(14):
        _login(client, user["email"], WRONG, f"192.0.2.{60 + i % 4}")
        _login(client, unknown, WRONG, f"192.0.2.{70 + i % 4}")
    # one worker thread, FIFO: once this later mail is in, every alert queued before it was handled
    # (a verification mail to someone else: a reset mail would spend the alert's reset link)
    sentinel = _unverified_user(app)
    assert client.post("/api/v1/auth/resend-verification", json={"email": sentinel}).status_code == 202
    wait_for(lambda: _outbox(app, sentinel), timeout=60, message="the sentinel mail")
    alerts = [m for m in _outbox(app, user["email"]) if m.kind == "login_alert"]
    assert len(alerts) == 1
    assert alerts[0].link.startswith("https://etp.exemplo.gov.br/redefinir-senha?token=")
    assert "não foi bloqueada" in alerts[0].body_text
    assert _outbox(app, unknown) == []
    # the link works, and the new password signs in even from the attacked addresses
    token = parse_qs(urlsplit(alerts[0].link).query)["token"][0]
    new_password = "Outra-Senha-Boa-2027"
    reset = client.post("/api/v1/auth/reset-password", json={"token": token, "new_password": new_password})
    assert reset.status_code == 204
    assert _login(client, user["email"], new_password, OWNER).status_code == 200


# --------------------------------------------------------------------------- unverified e-mail


def _unverified_user(app) -> str:
    from etp_app.services import joining

    email = f"nova-{uuid.uuid4().hex[:8]}@orgao-{uuid.uuid4().hex[:6]}.gov.br"
    with app.app_context():
        user = joining.provision_user(None, email=email, name="Pessoa Nova", password=DEFAULT_PASSWORD)
        user.email_verified_at = None
        db.session.commit()
        db.session.remove()
    return email


def test_unverified_account_with_the_right_password_answers_like_a_wrong_one(app, client):
    """Register stores the caller's password for an unknown or unverified e-mail and changes nothing
    for a verified one: a distinct answer to the right password of an unverified account would tell,
    by registering an e-mail and logging in with that password, whether a verified account exists."""
    email = _unverified_user(app)
    unknown = f"ninguem-{uuid.uuid4().hex[:8]}@orgao-{uuid.uuid4().hex[:6]}.gov.br"
    right = _login(client, email, DEFAULT_PASSWORD, OWNER)
    wrong = _login(client, email, WRONG, OWNER)
    nobody = _login(client, unknown, DEFAULT_PASSWORD, OWNER)
    assert right.status_code == wrong.status_code == nobody.status_code == 401
    assert right.get_json() == wrong.get_json() == nobody.get_json()
    assert "confirme primeiro o seu e-mail" in right.get_json()["message"]
    assert "access_token" not in right.get_json()
    with app.app_context():
        assert _queued("verify_email") == []  # the request path is the same as a failure's: no mail
    assert len(_failures_audit(app, "email_not_verified")) == 1
    # counted like any failure (the pair's counter holds both attempts)
    assert _row(app, _keys(app, email, OWNER).account_address).failures == 2


def test_resent_verification_link_works_after_a_refused_login(app, client, start_worker):
    email = _unverified_user(app)
    _mail_worker(start_worker)
    assert _login(client, email, DEFAULT_PASSWORD, OWNER).status_code == 401
    assert client.post("/api/v1/auth/resend-verification", json={"email": email}).status_code == 202
    (row,) = wait_for(lambda: _outbox(app, email), timeout=60, message="the verification mail")
    assert row.kind == "verify_email"
    assert row.link.startswith("https://etp.exemplo.gov.br/verificar-email?token=")
    token = parse_qs(urlsplit(row.link).query)["token"][0]
    assert client.post("/api/v1/auth/verify-email", json={"token": token}).status_code == 200
    assert _login(client, email, DEFAULT_PASSWORD, OWNER).status_code == 200
