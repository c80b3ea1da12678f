"""A local fake of the OpenAI Chat Completions API, for tests and benchmarks.

It speaks enough of ``POST /v1/chat/completions`` for the official SDK to run its real code path
(HTTP, JSON parsing, error classes, headers) without internet. Each request consumes the next
scripted behaviour, or the default ``mode`` once the script is empty:

- ``"success"``: 200 with a deterministic pt-BR text derived from the prompt and coherent usage counts;
- ``"rate_limit"``: 429 with ``Retry-After: 1`` (override with :class:`Behaviour` headers);
- ``"server_error"``: 500;
- ``"timeout"``: waits ``hang_seconds`` before answering, longer than any sane client timeout;
- ``"malformed"``: 200 with ``choices: []``;
- ``"empty"``: 200 with whitespace-only content;
- ``"content_filter"``: 200 with ``finish_reason: "content_filter"`` and no content;
- ``"unauthorized"``: 401; ``"bad_request"``: 400.

Usage::

    with FakeOpenAIServer() as fake:
        fake.script("rate_limit", "success")
        client = OpenAI(api_key="test", base_url=fake.base_url, max_retries=0)
        ...
        assert fake.request_count == 2

or the ``fake_openai`` fixture (``from tests.fakes.fake_openai import fake_openai`` in a conftest).
``latency`` adds a fixed delay to every answer, for benchmarks. Requests are served concurrently
(one thread per connection).

``plant_errors(text)`` appends ``text`` (say, an invented article and an invented price) to every
successful reply, for the drafter's repair loop: a request whose user message holds
:data:`REPAIR_MARKER` (the repair prompt's draft block) is answered as the request before the marker
would be, with ``fixed`` in place of ``text`` (``fixed=None``: the same errors again)::

    fake.plant_errors("Conforme o art. 250 da Lei 14.133/2021.", fixed="Conforme o art. 18 da Lei 14.133/2021.")
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

import pytest

BEHAVIOURS = frozenset(
    {
        "success",
        "rate_limit",
        "server_error",
        "timeout",
        "malformed",
        "empty",
        "content_filter",
        "unauthorized",
        "bad_request",
    }
)
CHAT_PATHS = frozenset({"/v1/chat/completions", "/chat/completions"})
# where a repair prompt (etp_app/drafting/prompts.py build_repair_prompt) starts its own blocks
REPAIR_MARKER = "<minuta_a_corrigir>"
_TOKEN_RE = re.compile(r"\w+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Behaviour:
    """One scripted answer. ``headers`` override or add response headers (e.g. a ``Retry-After`` of
    ``"2"``, an HTTP date, or ``{"retry-after-ms": "150"}``); ``body`` replaces the JSON payload (e.g.
    a 429 whose error code is ``insufficient_quota``); ``latency`` overrides the server's."""

    kind: str
    headers: Mapping[str, str] = field(default_factory=dict)
    body: Any = None
    latency: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in BEHAVIOURS:
            raise ValueError(f"unknown behaviour {self.kind!r}; expected one of {sorted(BEHAVIOURS)}")


@dataclass(frozen=True)
class PlantedErrors:
    """What :meth:`FakeOpenAIServer.plant_errors` set: ``text`` added to first drafts, ``fixed`` (or
    ``text`` again when None) to answers of requests holding ``marker``."""

    text: str
    fixed: str | None = ""
    marker: str = REPAIR_MARKER

    def reply(self, messages: list[dict[str, Any]]) -> str:
        """The success reply with the planted errors: a repair request is answered as its first
        request was (the user message cut at ``marker``), with the errors fixed or kept."""
        user = "\n".join(str(m.get("content") or "") for m in messages if m.get("role") == "user")
        if self.marker not in user:
            return f"{render_reply(messages)} {self.text}"
        first = [m for m in messages if m.get("role") != "user"]
        first.append({"role": "user", "content": user.split(self.marker, 1)[0].rstrip()})
        tail = self.text if self.fixed is None else self.fixed
        return f"{render_reply(first)} {tail}".rstrip()


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]  # names lower-cased
    body: Any  # decoded JSON, or the raw text when the body is not JSON
    behaviour: str
    received_at: float


def count_tokens(text: str) -> int:
    """A deterministic stand-in for a tokenizer: words and punctuation marks."""
    return len(_TOKEN_RE.findall(text))


def render_reply(messages: list[dict[str, Any]]) -> str:
    """Deterministic pt-BR text derived from the prompt: the same prompt always gets the same reply."""
    system = "\n".join(str(m.get("content") or "") for m in messages if m.get("role") == "system")
    user = "\n".join(str(m.get("content") or "") for m in messages if m.get("role") == "user")
    digest = hashlib.sha256(f"{system}\x00{user}".encode()).hexdigest()[:8]
    subject = " ".join(user.split()[:12]) or "sem instruções"
    return (
        f"Minuta gerada pelo servidor simulado (ref. {digest}). Considerando a solicitação "
        f'"{subject}", a Administração demonstra a necessidade da contratação e o interesse '
        "público envolvido, nos termos do art. 18 da Lei 14.133/2021."
    )


def _error_body(message: str, type_: str, code: str | None) -> dict[str, Any]:
    return {"error": {"message": message, "type": type_, "param": None, "code": code}}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like the real API; every answer has a Content-Length
    disable_nagle_algorithm = True  # headers and body go out at once: no 40 ms delayed-ACK stalls
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Silence the default stderr access log."""

    def do_POST(self) -> None:  # noqa: N802 - stdlib naming
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        fake = self.server.fake
        path = self.path.split("?", 1)[0]
        if path not in CHAT_PATHS:
            self._send_json(HTTPStatus.NOT_FOUND, _error_body(f"Unknown path {path}", "invalid_request_error", None))
            return
        try:
            body: Any = json.loads(raw.decode("utf-8")) if raw else {}
        except (UnicodeDecodeError, json.JSONDecodeError):
            body = raw.decode("utf-8", errors="replace")
        behaviour = fake._next_behaviour()
        headers = {name.lower(): value for name, value in self.headers.items()}
        fake._record(RecordedRequest("POST", path, headers, body, behaviour.kind, time.time()))
        try:
            self._answer(behaviour, body if isinstance(body, dict) else {})
        except (BrokenPipeError, ConnectionResetError):
            # the client gave up (its timeout fired): nothing left to answer
            self.close_connection = True

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        body = _error_body("Only POST /v1/chat/completions is faked", "invalid_request_error", None)
        self._send_json(HTTPStatus.NOT_FOUND, body)

    def _answer(self, behaviour: Behaviour, body: dict[str, Any]) -> None:
        fake = self.server.fake
        kind = behaviour.kind
        latency = fake.latency if behaviour.latency is None else behaviour.latency
        if kind == "timeout":
            latency = max(latency, fake.hang_seconds)
        if latency > 0 and fake._stopping.wait(latency):
            self.close_connection = True
            return
        model = str(body.get("model") or "gpt-4.1-nano")
        status, payload, headers = self._response_for(kind, model, body)
        headers.update(behaviour.headers)
        self._send_json(status, payload if behaviour.body is None else behaviour.body, headers)

    def _response_for(self, kind: str, model: str, body: dict[str, Any]) -> tuple[HTTPStatus, Any, dict[str, str]]:
        if kind == "rate_limit":
            return (
                HTTPStatus.TOO_MANY_REQUESTS,
                _error_body("Rate limit reached for requests", "requests", "rate_limit_exceeded"),
                {"Retry-After": "1"},
            )
        if kind == "server_error":
            return (
                HTTPStatus.INTERNAL_SERVER_ERROR,
                _error_body("The server had an error while processing your request.", "server_error", None),
                {},
            )
        if kind == "unauthorized":
            return (
                HTTPStatus.UNAUTHORIZED,
                _error_body("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"),
                {},
            )
        if kind == "bad_request":
            return (
                HTTPStatus.BAD_REQUEST,
                _error_body("Invalid request.", "invalid_request_error", "invalid_value"),
                {},
            )
        if kind == "malformed":
            return HTTPStatus.OK, self._completion(model, body, choices=[]), {}
        if kind == "empty":
            return HTTPStatus.OK, self._completion(model, body, content="   \n"), {}
        if kind == "content_filter":
            return HTTPStatus.OK, self._completion(model, body, content=None, finish_reason="content_filter"), {}
        # "success", and "timeout" whose answer nobody is waiting for any more
        messages: list[dict[str, Any]] = body["messages"] if isinstance(body.get("messages"), list) else []
        planted = self.server.fake.planted
        content = render_reply(messages) if planted is None else planted.reply(messages)
        return HTTPStatus.OK, self._completion(model, body, content=content), {}

    def _completion(
        self,
        model: str,
        body: dict[str, Any],
        *,
        content: str | None = "",
        finish_reason: str = "stop",
        choices: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        messages = body.get("messages") if isinstance(body.get("messages"), list) else []
        prompt_tokens = sum(count_tokens(str(m.get("content") or "")) + 4 for m in messages if isinstance(m, dict))
        completion_tokens = count_tokens(content or "")
        if choices is None:
            choices = [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content, "refusal": None},
                    "finish_reason": finish_reason,
                    "logprobs": None,
                }
            ]
        return {
            "id": f"chatcmpl-fake-{self.server.fake.request_count}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": choices,
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
            "system_fingerprint": "fp_fake",
        }

    def _send_json(self, status: HTTPStatus, payload: Any, headers: Mapping[str, str] | None = None) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-request-id", f"req_fake_{self.server.fake.request_count}")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256  # benchmarks open many connections at once
    fake: FakeOpenAIServer


class FakeOpenAIServer:
    """An OpenAI-compatible HTTP server on 127.0.0.1 (random free port) run in a background thread."""

    def __init__(
        self,
        *,
        mode: str = "success",
        latency: float = 0.0,
        hang_seconds: float = 5.0,
        log_size: int = 200,
    ) -> None:
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._stopping = threading.Event()
        self._script: deque[Behaviour] = deque()
        self._log: deque[RecordedRequest] = deque(maxlen=log_size)
        self._count = 0
        self._mode = Behaviour(mode)
        self._planted: PlantedErrors | None = None
        self.latency = latency
        self.hang_seconds = hang_seconds
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------------

    def start(self) -> FakeOpenAIServer:
        if self._httpd is not None:
            return self
        self._stopping.clear()
        httpd = _Server(("127.0.0.1", 0), _Handler)
        httpd.fake = self
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-openai", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        self._stopping.set()  # wakes handlers sleeping for latency/timeouts
        httpd.shutdown()
        httpd.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("the fake OpenAI server is not running")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """What to pass as ``base_url`` to the SDK (it appends ``/chat/completions``)."""
        return f"http://127.0.0.1:{self.port}/v1"

    # -- behaviour ---------------------------------------------------------------------------------

    @property
    def mode(self) -> str:
        """The behaviour used once the script is empty."""
        return self._mode.kind

    @mode.setter
    def mode(self, value: str | Behaviour) -> None:
        behaviour = value if isinstance(value, Behaviour) else Behaviour(value)
        with self._lock:
            self._mode = behaviour

    def script(self, *behaviours: str | Behaviour) -> None:
        """Queue behaviours for the next requests, in order, e.g. ``script("rate_limit", "success")``."""
        queued = [b if isinstance(b, Behaviour) else Behaviour(b) for b in behaviours]
        with self._lock:
            self._script.extend(queued)

    def plant_errors(self, text: str | None, *, fixed: str | None = "", marker: str = REPAIR_MARKER) -> None:
        """Append ``text`` to every successful reply from now on, and answer a request holding
        ``marker`` with ``fixed`` instead (``""``: the errors removed; None: the same errors again).
        ``plant_errors(None)`` stops planting."""
        planted = None if text is None else PlantedErrors(text, fixed, marker)
        with self._lock:
            self._planted = planted

    @property
    def planted(self) -> PlantedErrors | None:
        with self._lock:
            return self._planted

    def reset(self, mode: str = "success") -> None:
        """Clear the script, the request log, the counter and the planted errors; set the default mode."""
        behaviour = Behaviour(mode)
        with self._lock:
            self._script.clear()
            self._log.clear()
            self._count = 0
            self._mode = behaviour
            self._planted = None

    def _next_behaviour(self) -> Behaviour:
        with self._lock:
            return self._script.popleft() if self._script else self._mode

    # -- request log -------------------------------------------------------------------------------

    def _record(self, request: RecordedRequest) -> None:
        with self._arrived:
            self._count += 1
            self._log.append(request)
            self._arrived.notify_all()

    @property
    def request_count(self) -> int:
        with self._lock:
            return self._count

    @property
    def requests(self) -> list[RecordedRequest]:
        """The last ``log_size`` requests, oldest first."""
        with self._lock:
            return list(self._log)

    @property
    def last_request(self) -> RecordedRequest | None:
        with self._lock:
            return self._log[-1] if self._log else None

    @property
    def pending_script(self) -> int:
        with self._lock:
            return len(self._script)

    def wait_for_requests(self, count: int, timeout: float = 5.0) -> bool:
        """Block until at least ``count`` requests arrived (True) or ``timeout`` passed (False)."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while self._count < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._arrived.wait(remaining)
            return True


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAIServer]:
    """A running fake OpenAI server, stopped after the test."""
    with FakeOpenAIServer() as server:
        yield server
