"""The mail task (queue ``mail``): build the message of a kind, then deliver it (SMTP or the outbox).

Thin like every task: ``etp_app.services.mail`` does the work. The builder runs once (it may create a
token and commit it); a failed SMTP delivery leaves a ``mail_outbox`` row that the retries send, so a
retry never creates a second token. Retries: ``MAIL_MAX_RETRIES`` (5) with exponential backoff from
``MAIL_RETRY_BASE_SECONDS`` (default 30 s: 30, 60, 120, 240, 480 s), then the mail is given up (logged
at ERROR, its body and link erased). Late acknowledgement like every task: a worker that dies before
the row was written redelivers the message and the builder runs again (a second, newer link; the
reset builder invalidates the older one).
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from celery import shared_task
from flask import current_app

from etp_app import task_names
from etp_app.services import mail

log = logging.getLogger(__name__)

MAIL_MAX_RETRIES = 5


def retry_countdown(retries: int) -> float:
    """Seconds before retry number ``retries + 1``: base, 2×base, 4×base ... (capped at an hour)."""
    base = float(current_app.config.get("MAIL_RETRY_BASE_SECONDS", 30.0))
    return min(3600.0, base * (2**retries))


@shared_task(name=task_names.MAIL_SEND, bind=True, max_retries=MAIL_MAX_RETRIES, acks_late=True)
def send_mail(self, kind: str, params: dict[str, Any], outbox_id: str | None = None) -> str | None:
    """Build the mail ``kind`` from ``params`` and deliver it; with ``outbox_id``, only resend that row."""
    try:
        if outbox_id is None:
            message = mail.build(kind, params)
            if message is None:
                return None
            row = mail.deliver(message)
        else:
            resent = mail.retry_delivery(uuid.UUID(outbox_id))
            if resent is None:
                return None
            row = resent
    except mail.DeliveryFailed as failure:
        if self.request.retries >= self.max_retries:
            mail.give_up(failure.outbox_id)
            return None
        raise self.retry(
            kwargs={"kind": kind, "params": params, "outbox_id": str(failure.outbox_id)},
            countdown=retry_countdown(self.request.retries),
            exc=failure.cause,
        ) from None
    return str(row.id)
