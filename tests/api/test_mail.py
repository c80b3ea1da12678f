"""Issue 11 §5 (mail that works everywhere) and forgot-password's part of §3.

Before: without SMTP the user was told to check the inbox while the link only reached a log line with
its token hidden, pointing at localhost:3000; forgot-password answered in ~9 ms for an unknown e-mail
and ~337 ms for a known one (the mail was built and sent inside the request).

Now the request only queues ``{"email": ...}`` on the ``mail`` queue; a worker looks the account up,
creates the token and delivers through SMTP or the ``mail_outbox`` table (listed in development and
testing by ``GET /api/v1/dev/outbox``). The worker-backed tests start a real Celery worker.
"""

from __future__ import annotations

import base64
import json
import logging
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from etp_app.extensions import db
from etp_app.models import MailOutbox, PasswordResetToken, User
from etp_app.services import mail
from tests.conftest import DEFAULT_PASSWORD
from tests.fakes.smtp_server import FakeSMTPServer
from tests.helpers.polling import wait_for

ROOT = Path(__file__).resolve().parents[2]
NEW_PASSWORD = "Outra-Senha-Forte-2027!"
WORKER_APP_URL = "https://etp.teste.gov.br"


def _forgot(client, email):
    return client.post("/api/v1/auth/forgot-password", json={"email": email})


def _reset(client, token, password=NEW_PASSWORD):
    return client.post("/api/v1/auth/reset-password", json={"token": token, "new_password": password})


def _login(client, email, password=DEFAULT_PASSWORD):
    return client.post("/api/v1/auth/login", json={"email": email, "password": password})


def _token_of(link: str) -> str:
    return parse_qs(urlsplit(link).query)["token"][0]


def _unknown_email() -> str:
    return f"ninguem-{uuid.uuid4().hex[:8]}@orgao{uuid.uuid4().hex[:6]}.gov.br"


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model)) or 0


def _outbox(app, to: str | None = None) -> list[MailOutbox]:
    with app.app_context():
        try:
            return mail.list_outbox(to=to)
        finally:
            db.session.remove()


def _queued_mail_messages() -> list[dict]:
    """The Celery messages waiting on the ``mail`` queue (kombu's Redis list), decoded."""
    from etp_app.redis_client import get_redis

    out = []
    for raw in get_redis().client.lrange("mail", 0, -1):
        envelope = json.loads(raw)
        args, kwargs, _embed = json.loads(base64.b64decode(envelope["body"]))
        out.append({"task": envelope["headers"]["task"], "args": args, "kwargs": kwargs, "raw": raw})
    return out


def _deliver_now(app, kind: str, **params) -> mail.Message | None:
    """Build and deliver one mail in this process (the builder's rules; the worker path is below)."""
    with app.app_context():
        try:
            message = mail.build(kind, params)
            if message is not None:
                mail.deliver(message)
            return message
        finally:
            db.session.remove()


# --------------------------------------------------------------------------- the request path


def test_forgot_password_does_no_mail_work_in_the_request(app, client, make_user):
    """Regression: the reset token was created and the mail sent inside the request (known only)."""
    user, _ = make_user()
    with app.app_context():
        assert _queued_mail_messages() == []
    stranger = _unknown_email()
    known = _forgot(client, user["email"])
    unknown = _forgot(client, stranger)
    assert known.status_code == unknown.status_code == 202
    assert known.get_json() == unknown.get_json()
    assert "Verifique sua caixa de entrada" in known.get_json()["message"]
    # nothing was built synchronously: no token, no mail
    assert _count(app, PasswordResetToken) == 0
    assert _count(app, MailOutbox) == 0
    with app.app_context():
        queued = _queued_mail_messages()
    # one message each, of the same shape; the params carry the e-mail only (no token, no id)
    assert [m["task"] for m in queued] == ["workers.tasks.mail.send_mail"] * 2
    assert sorted(m["kwargs"]["params"]["email"] for m in queued) == sorted([user["email"], stranger])
    for message in queued:
        assert message["kwargs"]["kind"] == "password_reset"
        assert set(message["kwargs"]["params"]) == {"email"}
        assert b"token" not in base64.b64decode(json.loads(message["raw"])["body"])


def test_forgot_password_normalizes_the_email_it_queues(app, client, make_user):
    user, _ = make_user()
    assert _forgot(client, "  " + user["email"].upper() + " ").status_code == 202
    with app.app_context():
        (queued,) = _queued_mail_messages()
    assert queued["kwargs"]["params"] == {"email": user["email"]}


def test_forgot_password_takes_the_same_time_for_known_and_unknown_emails(app, client, make_user):
    """Regression: ~9 ms for an unknown e-mail against ~337 ms for a known one."""
    user, _ = make_user()
    for _ in range(3):  # warm up the broker connection and the route
        _forgot(client, user["email"])
        _forgot(client, _unknown_email())

    def timed(email: str) -> float:
        started = time.perf_counter()
        resp = _forgot(client, email)
        elapsed = time.perf_counter() - started
        assert resp.status_code == 202
        return elapsed

    known, unknown = [], []
    for _ in range(15):  # interleaved, so drift of the machine's load hits both alike
        known.append(timed(user["email"]))
        unknown.append(timed(_unknown_email()))
    difference_ms = abs(statistics.median(known) - statistics.median(unknown)) * 1000
    assert difference_ms < 25, (statistics.median(known), statistics.median(unknown))
    assert _count(app, PasswordResetToken) == 0


def test_forgot_password_answers_503_alike_when_the_broker_is_down(app, client, make_user, monkeypatch):
    from kombu.exceptions import OperationalError

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis. Connection refused.")

    user, _ = make_user()
    monkeypatch.setattr(app.extensions["celery"], "send_task", broker_down)
    known = _forgot(client, user["email"])
    unknown = _forgot(client, _unknown_email())
    assert known.status_code == unknown.status_code == 503
    assert known.get_json() == unknown.get_json()
    assert known.get_json()["message"] == mail.ENQUEUE_FAILED_MESSAGE


def test_enqueue_refuses_params_that_are_not_json(app):
    with app.test_request_context():
        with pytest.raises(TypeError):
            mail.enqueue("password_reset", email=uuid.uuid4())


# --------------------------------------------------------------------------- links and builders


def test_app_link_builds_on_app_url(app, monkeypatch):
    monkeypatch.setitem(app.config, "APP_URL", "https://etp.prefeitura.gov.br")
    with app.app_context():
        assert (
            mail.app_link("/redefinir-senha", token="a b+c")
            == "https://etp.prefeitura.gov.br/redefinir-senha?token=a+b%2Bc"
        )
        assert mail.app_link("/") == "https://etp.prefeitura.gov.br/"
        with pytest.raises(ValueError):
            mail.app_link("redefinir-senha")


def test_app_url_defaults_to_the_address_make_run_serves():
    from config import get_config

    env = {"DATABASE_URL": "postgresql://u@h/db", "REDIS_URL": "redis://h:6379/0"}
    assert get_config("development", env)["APP_URL"] == "http://127.0.0.1:5000"
    assert get_config("development", {**env, "PORT": "8080"})["APP_URL"] == "http://127.0.0.1:8080"
    assert get_config("testing", {**env, "APP_URL": "https://etp.gov.br/"})["APP_URL"] == "https://etp.gov.br"
    assert "PASSWORD_RESET_URL" not in get_config("development", env)


def test_production_requires_an_https_app_url():
    from config import ConfigError, get_config

    env = {
        "DATABASE_URL": "postgresql://u@h/db",
        "REDIS_URL": "redis://h:6379/0",
        "SECRET_KEY": "s" * 40,
        "JWT_SECRET": "j" * 40,
    }
    with pytest.raises(ConfigError, match="APP_URL is not set"):
        get_config("production", env)
    with pytest.raises(ConfigError, match="APP_URL must be an https"):
        get_config("production", {**env, "APP_URL": "http://etp.gov.br"})
    assert get_config("production", {**env, "APP_URL": "https://etp.gov.br"})["APP_URL"] == "https://etp.gov.br"


def test_validate_env_warns_when_smtp_is_not_configured():
    from scripts.validate_env import check_mail

    assert [f.variable for f in check_mail({})] == ["SMTP_HOST"]
    assert list(check_mail({"SMTP_HOST": "smtp.gov.br", "SMTP_PORT": "587"})) == []
    assert [f.level for f in check_mail({"SMTP_HOST": "smtp.gov.br", "SMTP_PORT": "x"})] == ["error"]


@pytest.mark.parametrize("kind", ["password_reset", "account_exists", "login_alert"])
def test_account_mails_carry_a_working_reset_link_on_app_url(app, client, make_user, monkeypatch, kind):
    monkeypatch.setitem(app.config, "APP_URL", "https://etp.prefeitura.gov.br")
    user, _ = make_user()
    message = _deliver_now(app, kind, email=user["email"])
    assert message is not None and message.kind == kind and message.to == user["email"]
    assert message.link.startswith("https://etp.prefeitura.gov.br/redefinir-senha?token=")
    assert message.link in message.body_text
    assert "60 minutos" in message.body_text  # PASSWORD_RESET_TTL_SECONDS = 3600
    (row,) = _outbox(app, to=user["email"])
    assert (row.kind, row.delivered_via, row.link, row.body_text) == (kind, "outbox", message.link, message.body_text)
    assert _reset(client, _token_of(message.link)).status_code == 204
    assert _login(client, user["email"], NEW_PASSWORD).status_code == 200


@pytest.mark.parametrize("kind", ["password_reset", "account_exists", "login_alert"])
def test_account_mails_send_nothing_for_unknown_inactive_or_deleted_accounts(app, make_user, kind):
    inactive, _ = make_user()
    deleted, _ = make_user()
    with app.app_context():
        db.session.get(User, uuid.UUID(inactive["id"])).is_active = False
        db.session.get(User, uuid.UUID(deleted["id"])).deleted_at = func.now()
        db.session.commit()
    for email in (_unknown_email(), inactive["email"], deleted["email"]):
        assert _deliver_now(app, kind, email=email) is None
    assert _count(app, MailOutbox) == 0
    assert _count(app, PasswordResetToken) == 0


def test_a_newer_reset_mail_spends_the_older_link(app, client, make_user):
    user, _ = make_user()
    first = _deliver_now(app, "password_reset", email=user["email"])
    second = _deliver_now(app, "login_alert", email=user["email"])
    assert _reset(client, _token_of(first.link)).status_code == 422
    assert _reset(client, _token_of(second.link)).status_code == 204


def test_account_exists_and_login_alert_texts_say_what_happened(app, make_user):
    user, _ = make_user()
    exists = _deliver_now(app, "account_exists", email=user["email"])
    assert "Alguém tentou criar uma conta" in exists.body_text and "Nenhuma conta nova foi criada" in exists.body_text
    alert = _deliver_now(app, "login_alert", email=user["email"])
    assert "muitas tentativas de entrar" in alert.body_text and "não foi bloqueada" in alert.body_text


def test_unknown_kind_and_a_builder_returning_something_else_fail_loudly(app, monkeypatch):
    with app.app_context():
        with pytest.raises(mail.UnknownMailKind):
            mail.build("no_such_kind", {})
    monkeypatch.setitem(mail._BUILDERS, "broken_kind", lambda params: "not a message")
    with app.app_context():
        with pytest.raises(TypeError):
            mail.build("broken_kind", {})


def test_a_kind_name_cannot_be_taken_by_another_builder(monkeypatch):
    mail.load_kinds()
    monkeypatch.setattr(mail, "_BUILDERS", dict(mail._BUILDERS))  # whatever happens, the registry is restored
    with pytest.raises(ValueError, match="already registered"):
        mail.kind("password_reset")(lambda params: None)


def test_load_kinds_skips_missing_modules_and_raises_on_broken_ones(monkeypatch, tmp_path):
    kinds = mail.load_kinds()
    assert {"password_reset", "account_exists", "login_alert"} <= set(kinds)
    monkeypatch.setattr(mail, "KIND_MODULES", ("etp_mail_test_missing.kinds",))
    mail.load_kinds()  # a module that does not exist (a feature not shipped yet) is skipped
    package = tmp_path / "etp_mail_test_broken"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "kinds.py").write_text("import a_module_that_does_not_exist\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(mail, "KIND_MODULES", ("etp_mail_test_broken.kinds",))
    try:
        with pytest.raises(ModuleNotFoundError, match="a_module_that_does_not_exist"):
            mail.load_kinds()
    finally:
        for name in ("etp_mail_test_broken.kinds", "etp_mail_test_broken"):
            sys.modules.pop(name, None)


# --------------------------------------------------------------------------- delivery backends


def test_outbox_delivery_logs_one_short_line_with_the_link_in_development(app, caplog):
    message = mail.Message(
        to="ana@exemplo.gov.br", subject="Assunto", body_text="Texto", link="https://x/y?token=t", kind="test"
    )
    with app.app_context(), caplog.at_level(logging.INFO, logger="etp_app.services.mail"):
        row = mail.deliver(message)
        assert row.delivered_via == "outbox" and row.sent_at is not None
    lines = [r for r in caplog.records if r.name == "etp_app.services.mail"]
    assert [(r.levelname, r.getMessage()) for r in lines] == [
        ("INFO", "e-mail para ana@exemplo.gov.br: Assunto — https://x/y?token=t")
    ]


def test_only_the_outbox_line_escapes_the_log_scrubber():
    """Regression: the link reached the log with its token hidden (the scrubber removes token=...)."""
    from etp_app.logging_setup import UNSCRUBBED, JsonFormatter

    def formatted(**extra) -> str:
        record = logging.LogRecord(
            "etp_app.services.mail", logging.INFO, __file__, 1, "link %s", ("/r?token=abc123",), None
        )
        record.__dict__.update(extra)
        return json.loads(JsonFormatter().format(record))["msg"]

    assert formatted() != "link /r?token=abc123"  # every other line is scrubbed
    assert formatted(**{UNSCRUBBED: True}) == "link /r?token=abc123"


def test_make_run_console_shows_the_outbox_line_as_plain_text():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import dev
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    record = {
        "ts": "2026-12-02T10:00:00.000Z",
        "level": "INFO",
        "logger": "etp_app.services.mail",
        "msg": "e-mail para ana@exemplo.gov.br: ETP Express: redefinição de senha — http://127.0.0.1:5000/redefinir-senha?token=t",
        "task_id": "x",
    }
    raw = json.dumps(record, ensure_ascii=False).encode() + b"\n"
    assert dev.console_line(raw) == (f"[mail] {record['msg']}\n").encode()
    other = json.dumps({**record, "msg": "mail 1 sent via SMTP"}).encode() + b"\n"
    assert dev.console_line(other) == other
    assert dev.console_line(b"celery@host ready.\n") == b"celery@host ready.\n"


def test_production_without_smtp_warns_and_never_logs_the_link(app, caplog, monkeypatch):
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    message = mail.Message(
        to="ana@exemplo.gov.br", subject="Assunto", body_text="Texto", link="https://x/y?token=segredo", kind="test"
    )
    with app.app_context(), caplog.at_level(logging.INFO, logger="etp_app.services.mail"):
        assert mail.warn_if_not_configured() is True
        mail.deliver(message)
    lines = [r for r in caplog.records if r.name == "etp_app.services.mail"]
    assert [r.levelname for r in lines] == ["WARNING", "WARNING"]
    assert all("not configured" in r.getMessage() for r in lines)
    assert "segredo" not in caplog.text
    # the mail is kept (an operator can still read it in the table)
    (row,) = _outbox(app)
    assert row.link == message.link
    monkeypatch.setitem(app.config, "SMTP_HOST", "smtp.gov.br")
    with app.app_context():
        assert mail.warn_if_not_configured() is False


def test_smtp_delivery_keeps_only_metadata(app, monkeypatch):
    with FakeSMTPServer() as smtp:
        for key, value in {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": smtp.port, "SMTP_USE_TLS": False}.items():
            monkeypatch.setitem(app.config, key, value)
        message = mail.Message(
            to="ana@exemplo.gov.br", subject="Redefinição", body_text="Olá, Ana.\nLink: https://x/?token=t", kind="k"
        )
        with app.app_context():
            row = mail.deliver(message)
        (received,) = smtp.wait_for(1)
    assert received["To"] == "ana@exemplo.gov.br" and received["Subject"] == "Redefinição"
    assert received["From"] == app.config["SMTP_FROM"]
    assert "Olá, Ana." in received.get_content()
    assert smtp.envelopes[0]["to"] == ["ana@exemplo.gov.br"]
    (stored,) = _outbox(app)
    assert stored.id == row.id and stored.delivered_via == "smtp" and stored.sent_at is not None
    assert (stored.body_text, stored.link, stored.error) == (None, None, None)


def test_smtp_failure_keeps_the_mail_for_a_retry_then_gives_up(app, monkeypatch):
    with FakeSMTPServer() as smtp:
        for key, value in {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": smtp.port, "SMTP_USE_TLS": False}.items():
            monkeypatch.setitem(app.config, key, value)
        smtp.fail_next(1)
        message = mail.Message(to="ana@exemplo.gov.br", subject="S", body_text="B", link="https://x/?token=t", kind="k")
        with app.app_context():
            with pytest.raises(mail.DeliveryFailed) as failure:
                mail.deliver(message)
            row = db.session.get(MailOutbox, failure.value.outbox_id)
            assert (row.sent_at, row.body_text, row.error) == (None, "B", "SMTPSenderRefused")
            assert mail.retry_delivery(row.id) is not None  # the second attempt goes through
            assert mail.retry_delivery(row.id) is None  # already sent: a redelivered retry sends nothing
        assert len(smtp.wait_for(1)) == 1
        smtp.fail_always()
        with app.app_context():
            with pytest.raises(mail.DeliveryFailed) as failure:
                mail.deliver(message)
            mail.give_up(failure.value.outbox_id)
            row = db.session.get(MailOutbox, failure.value.outbox_id)
            assert (row.sent_at, row.body_text, row.link) == (None, None, None)
            assert mail.retry_delivery(row.id) is None


def test_smtp_unreachable_is_a_delivery_failure(app, monkeypatch):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", closed_port)
    with app.app_context():
        with pytest.raises(mail.DeliveryFailed) as failure:
            mail.deliver(mail.Message(to="a@b.gov.br", subject="S", body_text="B", kind="k"))
        assert isinstance(failure.value.cause, OSError)


# --------------------------------------------------------------------------- dev outbox route and health


def test_dev_outbox_lists_mails_newest_first_with_a_to_filter(app, client, make_user):
    ana, _ = make_user()
    bia, _ = make_user()
    _deliver_now(app, "password_reset", email=ana["email"])
    _deliver_now(app, "login_alert", email=bia["email"])
    _deliver_now(app, "account_exists", email=ana["email"])
    resp = client.get("/api/v1/dev/outbox")
    assert resp.status_code == 200
    listed = resp.get_json()
    assert [(m["to"], m["kind"]) for m in listed] == [
        (ana["email"], "account_exists"),
        (bia["email"], "login_alert"),
        (ana["email"], "password_reset"),
    ]
    only_ana = client.get("/api/v1/dev/outbox", query_string={"to": ana["email"].upper()}).get_json()
    assert [m["kind"] for m in only_ana] == ["account_exists", "password_reset"]
    newest = only_ana[0]
    assert newest["link"] in newest["body_text"] and newest["delivered_via"] == "outbox"
    assert set(newest) == {
        "id",
        "kind",
        "to",
        "subject",
        "body_text",
        "link",
        "delivered_via",
        "created_at",
        "sent_at",
        "error",
    }
    assert len(client.get("/api/v1/dev/outbox", query_string={"limit": 1}).get_json()) == 1
    bad = client.get("/api/v1/dev/outbox", query_string={"limit": 0})
    assert bad.status_code == 422 and "limit" in str(bad.get_json()["errors"])


def test_dev_outbox_does_not_exist_in_production(app, app_config, monkeypatch):
    from etp_app import create_app
    from etp_app.extensions import api

    # create_app re-initializes the shared smorest Api (its app, config and spec): put them back after
    saved = (api._app, api.config, api.spec)

    for key, value in {
        "SECRET_KEY": "s" * 48,
        "JWT_SECRET": "j" * 48,
        "APP_URL": "https://etp.prefeitura.gov.br",
        "DATABASE_URL": app_config["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": app_config["REDIS_URL"],
    }.items():
        monkeypatch.setenv(key, value)
    production = create_app(app_config, env_name="production")
    try:
        assert production.config["ENV_NAME"] == "production"
        client = production.test_client()
        resp = client.get("/api/v1/dev/outbox")
        assert resp.status_code == 404
        assert resp.get_json()["code"] == 404  # the app's envelope, like any unknown route
        paths = client.get("/api/openapi.json").get_json()["paths"]
        assert not [p for p in paths if p.startswith("/api/v1/dev")]
        assert client.get("/api/health").get_json()["mail"] == "outbox"
    finally:
        with production.app_context():
            db.engine.dispose()
        app.extensions["celery"].set_default()
        api._app, api.config, api.spec = saved
    suite = app.test_client()
    assert suite.get("/api/v1/dev/outbox").status_code == 200
    assert "/api/v1/dev/outbox" in suite.get("/api/openapi.json").get_json()["paths"]


def test_health_reports_how_mail_leaves(app, client, monkeypatch):
    body = client.get("/api/health").get_json()
    assert body["mail"] == "outbox" and body["status"] in ("healthy", "degraded")
    monkeypatch.setitem(app.config, "SMTP_HOST", "smtp.prefeitura.gov.br")
    assert client.get("/api/health").get_json()["mail"] == "smtp"


def test_deleting_the_account_deletes_its_mails(app, make_user):
    """LGPD: the outbox keeps names and links; the person's deletion takes them too."""
    from etp_app.services.housekeeping import purge_old_mail

    user, api = make_user()
    other, _ = make_user()
    _deliver_now(app, "password_reset", email=user["email"])
    _deliver_now(app, "password_reset", email=other["email"])
    assert api.delete("/api/v1/users/me", json={"password": DEFAULT_PASSWORD}).status_code == 204
    assert [m.to_email for m in _outbox(app)] == [other["email"]]
    with app.app_context():
        assert purge_old_mail() == 0  # younger than MAIL_OUTBOX_RETENTION_DAYS (30)
        assert purge_old_mail(datetime.now(UTC) + timedelta(days=31)) == 1
    assert _outbox(app) == []


# --------------------------------------------------------------------------- with a real worker


def _mail_worker(start_worker, **env):
    return start_worker(queues="mail", concurrency=1, env={"APP_URL": WORKER_APP_URL, **env})


def test_worker_delivers_the_known_accounts_reset_mail_and_nothing_for_an_unknown_one(
    app, client, make_user, start_worker
):
    user, _ = make_user()
    unknown = _unknown_email()
    worker = _mail_worker(start_worker)
    # FIFO on one thread: once the known account's mail is in, the unknown one was handled before it
    assert _forgot(client, unknown).status_code == 202
    assert _forgot(client, user["email"]).status_code == 202
    (row,) = wait_for(lambda: _outbox(app, to=user["email"]), timeout=30, message="the reset mail in the outbox")
    assert row.kind == "password_reset" and row.delivered_via == "outbox"
    assert row.link.startswith(f"{WORKER_APP_URL}/redefinir-senha?token=")
    assert row.link in row.body_text
    assert [m.to_email for m in _outbox(app)] == [user["email"]]  # nothing for the unknown e-mail
    listed = client.get("/api/v1/dev/outbox", query_string={"to": user["email"]}).get_json()
    assert [m["link"] for m in listed] == [row.link]
    # the link works: reset, then the new password signs in
    assert _reset(client, _token_of(row.link)).status_code == 204
    assert _login(client, user["email"], NEW_PASSWORD).status_code == 200
    # `make run`'s console shows the worker's one line per mail, with the whole link (token included)
    line = wait_for(
        lambda: next((x for x in worker.log().splitlines() if f"e-mail para {user['email']}: " in x), None),
        timeout=10,
        message="the outbox log line",
    )
    assert row.link in line
    assert f"e-mail para {unknown}" not in worker.log()


def test_worker_sends_through_smtp_and_retries_only_the_sending(app, client, make_user, start_worker):
    user, _ = make_user()
    with FakeSMTPServer() as smtp:
        smtp.fail_next(2)  # the first two deliveries are refused (451): the task retries
        _mail_worker(
            start_worker,
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=str(smtp.port),
            SMTP_USE_TLS="false",
            MAIL_RETRY_BASE_SECONDS="0.2",
        )
        assert _forgot(client, user["email"]).status_code == 202
        (received,) = smtp.wait_for(1, timeout=60)
        assert smtp.attempts == 3
    assert received["To"] == user["email"] and "redefinição de senha" in received["Subject"]
    body = received.get_content()
    link = next(word for word in body.split() if word.startswith(f"{WORKER_APP_URL}/redefinir-senha?token="))
    # the builder ran once: one token, and the retries re-sent the same link
    assert _count(app, PasswordResetToken) == 1

    def sent_row():
        rows = _outbox(app, to=user["email"])
        return rows if rows and rows[0].sent_at is not None else None

    (row,) = wait_for(sent_row, timeout=10, message="the smtp row marked sent")
    assert (row.delivered_via, row.body_text, row.link, row.error) == ("smtp", None, None, None)
    assert _reset(client, _token_of(link)).status_code == 204


def test_worker_gives_up_after_five_retries(app, client, make_user, start_worker):
    user, _ = make_user()
    with FakeSMTPServer() as smtp:
        smtp.fail_always()
        worker = _mail_worker(
            start_worker,
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=str(smtp.port),
            SMTP_USE_TLS="false",
            MAIL_RETRY_BASE_SECONDS="0.05",
        )
        assert _forgot(client, user["email"]).status_code == 202
        wait_for(lambda: "not delivered after every retry" in worker.log(), timeout=60, message="the give-up line")
        assert smtp.attempts == 6  # the first try and five retries
    (row,) = _outbox(app, to=user["email"])
    assert (row.sent_at, row.body_text, row.link, row.error) == (None, None, None, "SMTPSenderRefused")
    assert _count(app, PasswordResetToken) == 1


def test_production_worker_warns_at_start_when_mail_is_not_configured(start_worker):
    worker = start_worker(
        queues="mail",
        concurrency=1,
        env={"APP_ENV": "production", "SECRET_KEY": "s" * 48, "JWT_SECRET": "j" * 48, "APP_URL": WORKER_APP_URL},
    )
    wait_for(lambda: "mail is not configured" in worker.log(), timeout=10, message="the start-up warning")
    (line,) = [x for x in worker.log().splitlines() if "mail is not configured" in x]
    assert json.loads(line)["level"] == "WARNING"
