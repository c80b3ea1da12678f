"""Outgoing e-mail: SMTP when ``SMTP_HOST`` is configured, else the message goes to the log.

Without SMTP (development, closed networks during set-up) the password-reset link is written to the
log at WARNING level so an operator can hand it over. Nothing here ever logs a password, and a
failing SMTP server never breaks the request that asked for the mail (the caller already answered
the same way whether or not an account exists).
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from flask import current_app

log = logging.getLogger(__name__)

SMTP_TIMEOUT_SECONDS = 10


def reset_link(base_url: str, token: str) -> str:
    """``base_url`` with ``token=<token>`` added to its query string."""
    parts = urlsplit(base_url)
    query = f"{parts.query}&" if parts.query else ""
    return urlunsplit(parts._replace(query=query + urlencode({"token": token})))


def send_password_reset(to_email: str, name: str, token: str, ttl_seconds: int) -> bool:
    """Send the reset link to ``to_email``; return True when it was handed to SMTP or logged."""
    config = current_app.config
    link = reset_link(config["PASSWORD_RESET_URL"], token)
    minutes = max(1, ttl_seconds // 60)
    subject = "ETP Express: redefinição de senha"
    body = (
        f"Olá, {name}.\n\n"
        "Recebemos um pedido para redefinir a senha da sua conta no ETP Express.\n"
        f"Para escolher uma nova senha, abra o link abaixo (válido por {minutes} minutos, uma única vez):\n\n"
        f"{link}\n\n"
        "Se você não fez este pedido, ignore esta mensagem: sua senha continua a mesma.\n"
    )
    if not config.get("SMTP_HOST"):
        log.warning("SMTP not configured: password reset link for %s: %s", to_email, link)
        return True
    return send_mail(config, to_email, subject, body)


def send_mail(config: Mapping[str, Any], to_email: str, subject: str, body: str) -> bool:
    message = EmailMessage()
    message["From"] = config["SMTP_FROM"]
    message["To"] = to_email
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="etpexpress")
    message.set_content(body)

    host, port = config["SMTP_HOST"], int(config["SMTP_PORT"])
    try:
        if port == 465:
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                host, port, timeout=SMTP_TIMEOUT_SECONDS, context=ssl.create_default_context()
            )
        else:
            smtp = smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT_SECONDS)
        with smtp:
            if port != 465 and config.get("SMTP_USE_TLS", True):
                smtp.starttls(context=ssl.create_default_context())
            if config.get("SMTP_USER"):
                smtp.login(config["SMTP_USER"], config.get("SMTP_PASSWORD", ""))
            smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as exc:
        log.error("could not send e-mail to %s via %s:%s: %s", to_email, host, port, exc.__class__.__name__)
        return False
    log.info("e-mail %r sent to %s", subject, to_email)
    return True
