"""How a token pair reaches the client: in the body (Bearer clients), or, for the web app, the refresh
token in an HttpOnly cookie.

A browser client sends ``X-Token-Transport: cookie`` on the routes that return tokens. The answer's
body then has no ``refresh_token``; instead it sets

- ``etp_refresh`` (JWT_REFRESH_COOKIE_NAME): the refresh JWT; HttpOnly, SameSite=Strict,
  Path=/api/v1/auth (only the refresh and logout routes receive it);
- ``etp_csrf`` (JWT_REFRESH_CSRF_COOKIE_NAME): the refresh JWT's ``csrf`` claim, readable by the
  page's script, SameSite=Strict, Path=/. ``POST /api/v1/auth/refresh`` authenticated by the cookie
  requires it back in the ``X-CSRF-TOKEN`` header (double submit, flask-jwt-extended's check).

Both live as long as the refresh token (JWT_REFRESH_TOKEN_EXPIRES) and are Secure unless
REFRESH_COOKIE_SECURE is off (development and testing). Access tokens are never read from cookies.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Response, after_this_request, current_app, request
from flask_jwt_extended import get_csrf_token

TRANSPORT_HEADER = "X-Token-Transport"


TRANSPORT_HEADER_DOC = {
    "name": TRANSPORT_HEADER,
    "in": "header",
    "required": False,
    "description": "`cookie` (aplicativo web): o refresh token vai no cookie HttpOnly `etp_refresh` (Path=/api/v1/auth) "
    "e o valor CSRF no cookie `etp_csrf`, em vez do corpo",
    "schema": {"type": "string", "enum": ["cookie"]},
}
CSRF_HEADER_DOC = {
    "name": "X-CSRF-TOKEN",
    "in": "header",
    "required": False,
    "description": "obrigatório na renovação pelo cookie `etp_refresh`: o valor do cookie `etp_csrf`",
    "schema": {"type": "string"},
}


def wants_cookie() -> bool:
    """The client asked for the refresh token in a cookie (``X-Token-Transport: cookie``)."""
    return request.headers.get(TRANSPORT_HEADER, "").strip().lower() == "cookie"


def _seconds(key: str, default: int) -> int:
    value = current_app.config.get(key)
    return int(value.total_seconds()) if isinstance(value, timedelta) else default


def access_expires_in() -> int:
    """Seconds until an access token issued now expires."""
    return _seconds("JWT_ACCESS_TOKEN_EXPIRES", 900)


def _cookie_args(path_key: str) -> dict[str, Any]:
    config = current_app.config
    return {
        "path": config[path_key],
        "secure": bool(config.get("REFRESH_COOKIE_SECURE", True)),
        "samesite": "Strict",
        "domain": config.get("JWT_COOKIE_DOMAIN") or None,
    }


def _write_cookies(response: Response, refresh: str, csrf: str, **lifetime: Any) -> None:
    """Both cookies with the same lifetime (``max_age``, and ``expires`` to expire them)."""
    config = current_app.config
    response.set_cookie(
        config["JWT_REFRESH_COOKIE_NAME"], refresh, httponly=True, **lifetime, **_cookie_args("JWT_REFRESH_COOKIE_PATH")
    )
    response.set_cookie(
        config["JWT_REFRESH_CSRF_COOKIE_NAME"],
        csrf,
        httponly=False,
        **lifetime,
        **_cookie_args("JWT_REFRESH_CSRF_COOKIE_PATH"),
    )


def set_refresh_cookies(response: Response, refresh_token: str) -> None:
    max_age = _seconds("JWT_REFRESH_TOKEN_EXPIRES", 7 * 86400)
    _write_cookies(response, refresh_token, get_csrf_token(refresh_token), max_age=max_age)


def clear_refresh_cookies(response: Response) -> Response:
    """Expire both cookies (Max-Age=0, the paths they were set with)."""
    _write_cookies(response, "", "", max_age=0, expires=0)
    return response


def deliver(result: dict[str, Any], *, cookie: bool | None = None) -> dict[str, Any]:
    """The body of an answer carrying tokens: ``expires_in`` added; in cookie mode (``cookie``, else
    the request's ``X-Token-Transport``) the ``refresh_token`` moved from the body into the cookies.
    A result without a refresh token (a refresh within the reuse grace) leaves the cookies as they
    are: the concurrent refresh that won set the family's next one."""
    body = dict(result)
    if "access_token" in body:
        body["expires_in"] = access_expires_in()
    if cookie if cookie is not None else wants_cookie():
        refresh_token = body.pop("refresh_token", None)
        if refresh_token:

            @after_this_request
            def _set(response: Response) -> Response:
                set_refresh_cookies(response, refresh_token)
                return response

    return body


def uses_refresh_cookie() -> bool:
    """The request authenticates by the refresh cookie: it has one and no Authorization header."""
    header = current_app.config.get("JWT_HEADER_NAME", "Authorization")
    return bool(request.cookies.get(current_app.config["JWT_REFRESH_COOKIE_NAME"])) and not request.headers.get(header)
