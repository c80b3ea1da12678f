"""Who is calling: JWT claims, the revocation check and role rules.

Access tokens carry the user's organization and role, so a request needs no database read to know
who is calling. Every token (access and refresh) also carries ``sid``, its login session
(``auth_sessions``, services/sessions.py).

Revocation never fails open. PostgreSQL is the source of truth: ``users.tokens_valid_after`` and
``users.access_tokens_valid_after`` (every token, or every access token, issued at or before them is
revoked), ``users.is_active``/``deleted_at`` and ``auth_sessions.revoked_at``. Redis caches that state,
not revocations: ``etp:auth:user:<uid>`` (the user's cut-offs and whether the account is active) and
``etp:auth:session:<sid>`` (live or revoked), each for ``AUTH_CACHE_SECONDS`` (default 30). A request
on a cache hit costs one Redis MGET; on a miss, or while Redis is down, one PostgreSQL query (users
LEFT JOIN auth_sessions), after which the cache is filled when Redis answers (SET NX: a fill never
overwrites what an invalidation wrote). A revocation writes PostgreSQL and, after the commit, marks
the user's cache entry stale (read PostgreSQL until it expires) and the sessions' entries revoked
(services/sessions.py). So a revocation is visible at once; the only stale window is a Redis that
answers reads but missed the invalidation (it was unreachable at that moment), bounded by
``AUTH_CACHE_SECONDS``. With Redis and PostgreSQL both down the answer is 503, never a pass.

A token without ``sid`` (issued before sessions existed) is refused (401): everyone logs in again
once after the release that introduced sessions.

``authenticated`` verifies the access token with one PyJWT decode (``verify_access_token``) instead
of flask-jwt-extended's ``verify_jwt_in_request``, which decodes the same token four times (twice
unverified to choose the key and read the header, once for the header again, once verified): the
same checks, the same errors and loaders, and ``get_jwt()`` reads the result as usual.
"""

from __future__ import annotations

import math
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

import jwt as pyjwt
from flask import Flask, current_app, g, request
from flask_jwt_extended import get_jwt, verify_jwt_in_request
from flask_jwt_extended.config import config as jwt_config
from flask_jwt_extended.exceptions import (
    InvalidHeaderError,
    JWTDecodeError,
    NoAuthorizationError,
    RevokedTokenError,
    WrongTokenError,
)
from sqlalchemy import and_, select
from sqlalchemy.exc import SQLAlchemyError

from etp_app.errors import Forbidden, ServiceUnavailable, envelope
from etp_app.extensions import db, jwt
from etp_app.models.session import AuthSession
from etp_app.models.user import ROLE_RANK, User
from etp_app.redis_client import safe_call

# The revocation state cache (see the module docstring). User entry: "<tokens_valid_after>|
# <access_tokens_valid_after>|<1 active, 0 not>" (epoch seconds, empty for none) or AUTH_CACHE_STALE;
# session entry: AUTH_SESSION_LIVE or AUTH_SESSION_REVOKED.
AUTH_USER_KEY = "etp:auth:user:{uid}"
AUTH_SESSION_KEY = "etp:auth:session:{sid}"
AUTH_CACHE_STALE = "-"
AUTH_SESSION_LIVE = "1"
AUTH_SESSION_REVOKED = "0"
REVOCATION_CHECK_UNAVAILABLE = (
    "Não foi possível verificar a sua sessão agora (banco de dados indisponível); tente novamente em instantes."
)

# The ``org`` claim of an account that has not joined an organization yet (the nil UUID).
NO_ORGANIZATION = "00000000-0000-0000-0000-000000000000"
NO_ORGANIZATION_ID = uuid.UUID(NO_ORGANIZATION)
ORGLESS_FORBIDDEN = "Sua conta ainda não faz parte de uma organização: aceite um convite ou peça para entrar em uma."


@dataclass(frozen=True, slots=True)
class Identity:
    user_id: uuid.UUID
    organization_id: uuid.UUID
    role: str

    @property
    def has_organization(self) -> bool:
        return self.organization_id != NO_ORGANIZATION_ID

    @property
    def can_write(self) -> bool:
        return ROLE_RANK[self.role] >= ROLE_RANK["member"]

    @property
    def is_org_admin(self) -> bool:
        return ROLE_RANK[self.role] >= ROLE_RANK["org_admin"]

    @property
    def is_system_admin(self) -> bool:
        return self.role == "system_admin"


def claims_for(user: Any) -> dict[str, str]:
    org = NO_ORGANIZATION if user.organization_id is None else str(user.organization_id)
    return {"org": org, "role": user.role}


def current_identity() -> Identity:
    ident = g.get("_etp_identity")
    if ident is None:
        claims = get_jwt()
        ident = Identity(uuid.UUID(claims["sub"]), uuid.UUID(claims["org"]), claims["role"])
        g._etp_identity = ident
    return ident


def _bearer_token() -> str:
    """The token of ``Authorization: Bearer <token>``, with flask-jwt-extended's rules and errors."""
    header_name, header_type = jwt_config.header_name, jwt_config.header_type
    value = request.headers.get(header_name, "").strip()
    if not value:
        raise NoAuthorizationError(f"Missing '{header_name}' Header")
    if not header_type:
        return value
    candidates = [part for part in value.split(",") if part.split()[:1] == [header_type]]
    if len(candidates) != 1:
        raise NoAuthorizationError(
            f"Missing '{header_type}' type in '{header_name}' header. Expected '{header_name}: {header_type} <JWT>'"
        )
    parts = candidates[0].split()
    if len(parts) != 2:
        raise InvalidHeaderError(f"Bad {header_name} header. Expected '{header_name}: {header_type} <JWT>'")
    return parts[1]


def verify_access_token() -> None:
    """Verify the request's access token (Authorization header) with a single decode.

    What ``verify_jwt_in_request()`` checks for an access token in the header: signature and
    algorithm, ``exp``/``nbf``/``iat`` (with the configured leeway), audience and issuer when
    configured, the identity claim, the token type (a refresh token is refused), the blocklist
    (``_is_revoked``: one Redis MGET). Failures raise flask-jwt-extended's or PyJWT's exceptions,
    answered by the loaders of ``init_security``. On success the header and claims are stored where
    flask-jwt-extended's ``get_jwt()`` / ``get_jwt_header()`` read them.

    The app reads tokens from the header only, with one static key and no user loader
    (``init_security``); any other token location falls back to ``verify_jwt_in_request()``.
    """
    if request.method in jwt_config.exempt_methods or tuple(jwt_config.token_location) != ("headers",):
        verify_jwt_in_request()
        return
    token = _bearer_token()
    decode_kwargs = {
        "key": jwt_config.decode_key,
        "algorithms": jwt_config.decode_algorithms,
        "audience": jwt_config.decode_audience,
        "issuer": jwt_config.decode_issuer,
        "leeway": jwt_config.leeway,
        "options": {"verify_aud": jwt_config.decode_audience is not None, "verify_sub": jwt_config.verify_sub},
    }
    try:
        decoded = pyjwt.decode_complete(token, **decode_kwargs)
    except pyjwt.ExpiredSignatureError as exc:
        # flask-jwt-extended's handler hands the expired token's header and claims to its loader
        expired = pyjwt.decode_complete(
            token, **{**decode_kwargs, "options": {**decode_kwargs["options"], "verify_exp": False}}
        )
        exc.jwt_header, exc.jwt_data = expired["header"], expired["payload"]  # type: ignore[attr-defined]
        raise
    header, claims = decoded["header"], decoded["payload"]
    identity_claim = jwt_config.identity_claim_key
    if identity_claim not in claims:
        raise JWTDecodeError(f"Missing claim: {identity_claim}")
    claims.setdefault("type", "access")
    claims.setdefault("fresh", False)
    claims.setdefault("jti", None)
    if claims["type"] == "refresh":
        raise WrongTokenError("Only non-refresh tokens are allowed")
    if _is_revoked(header, claims):
        raise RevokedTokenError(header, claims)
    # Where flask-jwt-extended keeps the verified token of the request (read by get_jwt()).
    g._jwt_extended_jwt_user = None
    g._jwt_extended_jwt_header = header
    g._jwt_extended_jwt = claims
    g._jwt_extended_jwt_location = "headers"


def authenticated(role: str | None = None, write: bool = False, allow_orgless: bool = False) -> Callable:
    """Require a valid access token; optionally a minimum role, or a role that may write.

    An account that has not joined an organization yet (``org`` = ``NO_ORGANIZATION``) is refused
    (403) unless the route says ``allow_orgless=True`` (its own account, sessions, joining)."""

    def decorator(fn: Callable) -> Callable:
        @wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            verify_access_token()
            ident = current_identity()
            if not allow_orgless and not ident.has_organization:
                raise Forbidden(ORGLESS_FORBIDDEN)
            if write and not ident.can_write:
                raise Forbidden("Perfil de leitura: você pode consultar, mas não alterar.")
            if role is not None and ROLE_RANK[ident.role] < ROLE_RANK[role]:
                raise Forbidden("Você não tem permissão para esta ação.")
            return fn(*args, **kwargs)

        wrapper._etp_auth = True  # type: ignore[attr-defined]
        return wrapper

    return decorator


def _is_uuid(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


# A timestamp claim (seconds since the epoch) this app could have written: finite, and within
# ±10^12 s (tens of thousands of years), so reading it as a float never overflows.
_MAX_TIMESTAMP = 10**12


def _is_number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return (isinstance(value, int) or math.isfinite(value)) and -_MAX_TIMESTAMP < value < _MAX_TIMESTAMP


def check_claims(payload: dict) -> None:
    """Refuse (401, "Token inválido.") a token whose claims this app did not write: every token
    carries a UUID ``sub``, a UUID ``sid`` (its session), a string ``jti`` and numeric
    ``exp``/``iat``(``_precise``); an access token also a UUID ``org`` and a known ``role``. A token
    signed with the real key but missing one, or with a malformed one, must not reach the code that
    reads them (a 500). A token without ``sid`` predates sessions and is refused the same way."""
    valid = (
        _is_uuid(payload.get("sub"))
        and _is_uuid(payload.get("sid"))
        and isinstance(payload.get("jti"), str)
        and _is_number(payload.get("exp"))
        and all(_is_number(payload[key]) for key in ("iat", "iat_precise") if key in payload)
        and payload.get("type", "access") in ("access", "refresh")
    )
    if valid and payload.get("type", "access") == "access":
        valid = _is_uuid(payload.get("org")) and isinstance(payload.get("role"), str) and payload["role"] in ROLE_RANK
    if not valid:
        raise JWTDecodeError("Missing or malformed claims")


@dataclass(frozen=True, slots=True)
class RevocationState:
    """What decides whether a token of one user and one session is still good (module docstring)."""

    active: bool
    tokens_valid_after: float | None
    access_tokens_valid_after: float | None
    session_live: bool

    def revokes(self, payload: dict) -> bool:
        if not (self.active and self.session_live):
            return True
        issued = float(payload.get("iat_precise", payload.get("iat", 0)))
        if self.tokens_valid_after is not None and issued <= self.tokens_valid_after:
            return True
        return (
            payload.get("type", "access") == "access"
            and self.access_tokens_valid_after is not None
            and issued <= self.access_tokens_valid_after
        )


def encode_user_state(active: bool, tokens_valid_after: float | None, access_tokens_valid_after: float | None) -> str:
    def stamp(value: float | None) -> str:
        return "" if value is None else repr(value)

    return f"{stamp(tokens_valid_after)}|{stamp(access_tokens_valid_after)}|{1 if active else 0}"


def _decode_user_state(value: str | None) -> tuple[bool, float | None, float | None] | None:
    """A cached user entry, or None for a miss (absent, marked stale, or unreadable)."""
    if not value or value == AUTH_CACHE_STALE:
        return None
    parts = value.split("|")
    if len(parts) != 3 or parts[2] not in ("0", "1"):
        return None
    try:
        return parts[2] == "1", float(parts[0]) if parts[0] else None, float(parts[1]) if parts[1] else None
    except ValueError:
        return None


def _epoch(value: Any) -> float | None:
    return None if value is None else value.timestamp()


def load_revocation_state(user_id: uuid.UUID, session_id: uuid.UUID) -> RevocationState:
    """The state from PostgreSQL, in one query (the source of truth). 503 when it cannot be read:
    never a pass."""
    query = (
        select(
            User.is_active,
            User.deleted_at,
            User.tokens_valid_after,
            User.access_tokens_valid_after,
            AuthSession.id,
            AuthSession.revoked_at,
        )
        .select_from(User)
        .outerjoin(AuthSession, and_(AuthSession.id == session_id, AuthSession.user_id == User.id))
        .where(User.id == user_id)
    )
    try:
        row = db.session.execute(query).one_or_none()
    except SQLAlchemyError:
        db.session.rollback()
        raise ServiceUnavailable(REVOCATION_CHECK_UNAVAILABLE) from None
    if row is None:  # no such user
        return RevocationState(False, None, None, False)
    is_active, deleted_at, valid_after, access_valid_after, sid, revoked_at = row
    return RevocationState(
        active=bool(is_active) and deleted_at is None,
        tokens_valid_after=_epoch(valid_after),
        access_tokens_valid_after=_epoch(access_valid_after),
        session_live=sid is not None and revoked_at is None,
    )


def _cache_seconds() -> int:
    return int(current_app.config.get("AUTH_CACHE_SECONDS") or 30)


def revocation_state(user_id: str, session_id: str) -> RevocationState:
    """The state of one user and session: Redis first (one MGET), PostgreSQL on a miss or while
    Redis is down; a miss answered by Redis is filled (SET NX, never over an invalidation)."""
    user_key, session_key = AUTH_USER_KEY.format(uid=user_id), AUTH_SESSION_KEY.format(sid=session_id)
    cached: Any = safe_call(lambda r: r.mget((user_key, session_key)), None)
    if cached is not None:
        user_value, session_value = cached
        user_state = _decode_user_state(user_value)
        if user_state is not None and session_value in (AUTH_SESSION_LIVE, AUTH_SESSION_REVOKED):
            return RevocationState(*user_state, session_live=session_value == AUTH_SESSION_LIVE)
    state = load_revocation_state(uuid.UUID(user_id), uuid.UUID(session_id))
    if cached is not None:
        ttl = _cache_seconds()

        def fill(r: Any) -> None:
            pipe = r.pipeline(transaction=False)
            if user_value is None:  # absent; a stale marker stays until it expires
                encoded = encode_user_state(state.active, state.tokens_valid_after, state.access_tokens_valid_after)
                pipe.set(user_key, encoded, ex=ttl, nx=True)
            if session_value is None:
                live = AUTH_SESSION_LIVE if state.session_live else AUTH_SESSION_REVOKED
                pipe.set(session_key, live, ex=ttl, nx=True)
            pipe.execute()

        safe_call(fill, None)
    return state


def _is_revoked(_header: dict, payload: dict) -> bool:
    check_claims(payload)
    return revocation_state(payload["sub"], payload["sid"]).revokes(payload)


def _jwt_error(message: str, code: int = 401):
    from flask import jsonify

    response = jsonify(envelope(code, message))
    response.status_code = code
    if code == 401:
        response.headers["WWW-Authenticate"] = "Bearer"
    return response


CSRF_INVALID = "Token CSRF ausente ou inválido."


def _unauthorized(reason: str):
    """No token, or (a refresh by cookie) a missing or wrong X-CSRF-TOKEN: flask-jwt-extended hands
    both to the unauthorized loader, the CSRF ones with a reason naming CSRF."""
    if "CSRF" in reason:
        return _jwt_error(CSRF_INVALID)
    return _jwt_error("Autenticação necessária: envie um token Bearer.")


def init_security(app: Flask) -> None:
    jwt.token_in_blocklist_loader(_is_revoked)
    jwt.additional_claims_loader(lambda _identity: {"iat_precise": time.time()})
    jwt.unauthorized_loader(_unauthorized)
    jwt.invalid_token_loader(lambda reason: _jwt_error("Token inválido."))
    jwt.expired_token_loader(lambda h, p: _jwt_error("Token expirado: renove-o com o refresh token."))
    jwt.revoked_token_loader(lambda h, p: _jwt_error("Token revogado: faça login novamente."))
    jwt.needs_fresh_token_loader(lambda h, p: _jwt_error("É necessário um login recente."))
    jwt.user_lookup_error_loader(lambda h, p: _jwt_error("Usuário não encontrado."))


def client_ip() -> str:
    return request.remote_addr or "unknown"


def rate_limit_key() -> str:
    return client_ip()
