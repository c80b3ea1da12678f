"""A local SMTP server for tests: speaks enough of RFC 5321 for ``smtplib`` (EHLO/HELO, MAIL, RCPT,
DATA, RSET, NOOP, QUIT) and keeps every accepted message, parsed.

Usage::

    with FakeSMTPServer() as smtp:
        smtp.fail_next(2)          # the next two deliveries get "451 try again later"
        ... SMTP_HOST=127.0.0.1, SMTP_PORT=smtp.port, SMTP_USE_TLS=false ...
        smtp.wait_for(1)
        assert smtp.messages[0]["To"] == "ana@exemplo.gov.br"

No TLS and no AUTH (the app is configured without them against it). One thread per connection.
"""

from __future__ import annotations

import socketserver
import threading
import time
from email import message_from_bytes, policy
from email.message import EmailMessage


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def _reply(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        fake = self.server.fake
        self._reply("220 fake-smtp ESMTP ready")
        sender: str | None = None
        recipients: list[str] = []
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            line = raw.decode("ascii", "replace").rstrip("\r\n")
            verb = line.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.wfile.write(b"250-fake-smtp\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
                self.wfile.flush()
            elif verb == "HELO":
                self._reply("250 fake-smtp")
            elif verb == "MAIL":
                if fake._take_failure():
                    self._reply("451 4.3.0 try again later")
                    continue
                sender, recipients = line.split(":", 1)[1].strip(), []
                self._reply("250 OK")
            elif verb == "RCPT":
                recipients.append(line.split(":", 1)[1].strip().strip("<>"))
                self._reply("250 OK")
            elif verb == "DATA":
                self._reply("354 end data with <CR><LF>.<CR><LF>")
                chunks: list[bytes] = []
                while True:
                    data = self.rfile.readline()
                    if not data or data in (b".\r\n", b".\n"):
                        break
                    chunks.append(data[1:] if data.startswith(b"..") else data)
                fake._keep(sender, recipients, b"".join(chunks))
                self._reply("250 OK queued")
            elif verb == "RSET":
                sender, recipients = None, []
                self._reply("250 OK")
            elif verb == "NOOP":
                self._reply("250 OK")
            elif verb == "QUIT":
                self._reply("221 bye")
                return
            else:
                self._reply("502 command not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    fake: FakeSMTPServer


class FakeSMTPServer:
    def __init__(self, host: str = "127.0.0.1"):
        self._server = _Server((host, 0), _Handler)
        self._server.fake = self
        self.host = host
        self.port = self._server.server_address[1]
        self.messages: list[EmailMessage] = []
        self.envelopes: list[dict] = []
        self.attempts = 0  # MAIL commands received, refused or not
        self._failures = 0
        self._always_fail = False
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def fail_next(self, count: int) -> None:
        """Answer ``451`` to the next ``count`` deliveries."""
        with self._lock:
            self._failures = count

    def fail_always(self, value: bool = True) -> None:
        with self._lock:
            self._always_fail = value

    def _take_failure(self) -> bool:
        with self._lock:
            self.attempts += 1
            if self._always_fail:
                return True
            if self._failures > 0:
                self._failures -= 1
                return True
            return False

    def _keep(self, sender: str | None, recipients: list[str], data: bytes) -> None:
        message = message_from_bytes(data, policy=policy.default)
        with self._lock:
            self.envelopes.append({"from": sender, "to": list(recipients)})
            self.messages.append(message)  # type: ignore[arg-type]  # policy.default builds EmailMessage

    def wait_for(self, count: int, timeout: float = 30.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.05)
        raise AssertionError(f"timed out after {timeout}s waiting for {count} message(s); got {len(self.messages)}")

    def __enter__(self) -> FakeSMTPServer:
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-smtp", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)
