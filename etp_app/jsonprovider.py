"""orjson-backed JSON for Flask: faster responses, exact decimals as strings, ISO-8601 datetimes.

Also the guard every JSON request body passes (``check_json_value`` / ``loads_request_json``): a
nesting limit, and no NUL bytes or lone surrogates in any string (PostgreSQL, bcrypt and the
encoders refuse them later with a 500). The caller answers ``HostileJSONError`` with a 400.
"""

from __future__ import annotations

import json
import re
import uuid
from decimal import Decimal
from typing import Any

import orjson
from flask.json.provider import JSONProvider


def _default(obj: Any) -> Any:
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    if isinstance(obj, uuid.UUID):
        return str(obj)
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")


MAX_JSON_DEPTH = 64
_FORBIDDEN_CHARS = re.compile("[\x00\ud800-\udfff]")
JSON_TOO_DEEP = f"JSON aninhado demais: use no máximo {MAX_JSON_DEPTH} níveis de objetos e listas."
JSON_BAD_CHARS = "Texto com caractere não permitido (byte nulo ou substituto Unicode isolado)."
JSON_BAD_KEY = "Nome de campo com caractere não permitido (byte nulo ou substituto Unicode isolado)."


class HostileJSONError(ValueError):
    """A JSON document the API refuses before validation; ``str(exc)`` is the pt-BR message.

    ``path`` locates a refused string value (keys and list indexes, outermost first); it is None
    when the document as a whole is refused (too deep, a refused key)."""

    def __init__(self, message: str, path: tuple[str, ...] | None = None):
        super().__init__(message)
        self.path = path


def _has_forbidden_chars(text: str) -> bool:
    return "\x00" in text or (not text.isascii() and _FORBIDDEN_CHARS.search(text) is not None)


def check_json_value(value: Any, max_depth: int = MAX_JSON_DEPTH) -> None:
    """Raise ``HostileJSONError`` when ``value`` nests deeper than ``max_depth`` or has a string
    (value or key) with a NUL byte or a lone surrogate. Iterative: no recursion on hostile input."""
    stack: list[tuple[Any, int, tuple[str, ...]]] = [(value, 0, ())]
    while stack:
        node, depth, path = stack.pop()
        if isinstance(node, str):
            if _has_forbidden_chars(node):
                raise HostileJSONError(JSON_BAD_CHARS, path)
        elif isinstance(node, (dict, list)):
            if depth >= max_depth:
                raise HostileJSONError(JSON_TOO_DEEP)
            if isinstance(node, dict):
                for key, item in node.items():
                    if isinstance(key, str) and _has_forbidden_chars(key):
                        raise HostileJSONError(JSON_BAD_KEY)
                    stack.append((item, depth + 1, (*path, str(key))))
            else:
                stack.extend((item, depth + 1, (*path, str(i))) for i, item in enumerate(node))


def loads_request_json(text: str) -> Any:
    """``json.loads`` for request bodies, with ``check_json_value``'s guard. Nesting deep enough
    to exhaust the parser's recursion is refused as too deep; numbers too long to convert (Python's
    digit limit) as invalid JSON (``json.JSONDecodeError``)."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise HostileJSONError(JSON_TOO_DEEP) from None
    except json.JSONDecodeError:
        raise
    except ValueError as exc:  # e.g. an integer beyond sys.get_int_max_str_digits()
        raise json.JSONDecodeError(str(exc), text, 0) from None
    check_json_value(value)
    return value


class OrjsonProvider(JSONProvider):
    def dumps(self, obj: Any, **kwargs: Any) -> str:
        return orjson.dumps(obj, default=_default, option=orjson.OPT_NON_STR_KEYS).decode()

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        value = orjson.loads(s)  # refuses lone surrogates and invalid UTF-8 itself
        check_json_value(value)
        return value

    def response(self, *args: Any, **kwargs: Any):
        obj = self._prepare_response_obj(args, kwargs)
        return self._app.response_class(
            orjson.dumps(obj, default=_default, option=orjson.OPT_NON_STR_KEYS), mimetype="application/json"
        )
