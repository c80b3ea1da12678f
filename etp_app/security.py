"""Who is calling: JWT claims, the Redis token blocklist and role rules.

Access tokens carry the user's organization and role, so a request needs no database read to know
who is calling. Revocation lives in Redis: one key per revoked token (logout) and per-user cut-off
times (password change, role change, deletion) that revoke every token issued before them. One MGET
per request checks all of them.

``authenticated`` verifies the access token with one PyJWT decode (``verify_access_token``) instead
of flask-jwt-extended's ``verify_jwt_in_request``, which decodes the same token four times (twice
unverified to choose the key and read the header, once for the header again, once verified): the
same checks, the same errors and loaders, and ``get_jwt()`` reads the result as usual.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

import jwt as pyjwt
from flask import Flask, g, request
from flask_jwt_extended import get_jwt, verify_jwt_in_request
from flask_jwt_extended.config import config as jwt_config
from flask_jwt_extended.exceptions import (
    InvalidHeaderError,
    JWTDecodeError,
    NoAuthorizationError,
    RevokedTokenError,
    WrongTokenError,
)

from etp_app.errors import Forbidden, ServiceUnavailable, envelope
from etp_app.extensions import jwt
from etp_app.models.user import ROLE_RANK
from etp_app.redis_client import safe_call

REVOKED_KEY = "etp:jwt:revoked:{jti}"
CUTOFF_ALL_KEY = "etp:jwt:cutoff:{uid}"  # every token issued before this time is revoked
CUTOFF_ACCESS_KEY = "etp:jwt:cutoff-access:{uid}"  # access tokens only (role change: refresh to pick it up)


@dataclass(frozen=True, slots=True)
class Identity:
    user_id: uuid.UUID
    organization_id: uuid.UUID
    role: str

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
    return {"org": str(user.organization_id), "role": user.role}


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


def authenticated(role: str | None = None, write: bool = False) -> Callable:
    """Require a valid access token; optionally a minimum role, or a role that may write."""

    def decorator(fn: Callable) -> Callable:
        @wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            verify_access_token()
            ident = current_identity()
            if write and not ident.can_write:
                raise Forbidden("Perfil de leitura: você pode consultar, mas não alterar.")
            if role is not None and ROLE_RANK[ident.role] < ROLE_RANK[role]:
                raise Forbidden("Você não tem permissão para esta ação.")
            return fn(*args, **kwargs)

        wrapper._etp_auth = True  # type: ignore[attr-defined]
        return wrapper

    return decorator


REVOCATION_UNAVAILABLE = (
    "Não foi possível revogar as sessões agora (serviço de sessões indisponível). Nada foi alterado; "
    "tente novamente em instantes."
)


def revoke_token(jti: str, expires_at: float) -> None:
    """Revoke one token until it expires. Raises 503 when the blocklist cannot be written: a logout
    that did not take effect must not answer success."""
    ttl = max(1, int(expires_at - time.time()) + 1)
    if not safe_call(lambda r: bool(r.set(REVOKED_KEY.format(jti=jti), "1", ex=ttl)), False):
        raise ServiceUnavailable(REVOCATION_UNAVAILABLE)


def revoke_user_tokens(user_id: uuid.UUID | str, ttl_seconds: int, *, access_only: bool = False) -> None:
    """Revoke every token of the user issued up to now (all, or access tokens only); 503 when the
    blocklist cannot be written. Call it before committing the change that needs it."""
    key = (CUTOFF_ACCESS_KEY if access_only else CUTOFF_ALL_KEY).format(uid=user_id)
    now = time.time()
    if not safe_call(lambda r: bool(r.set(key, repr(now), ex=max(1, ttl_seconds))), False):
        raise ServiceUnavailable(REVOCATION_UNAVAILABLE)


def _is_uuid(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_claims(payload: dict) -> None:
    """Refuse (401, "Token inválido.") a token whose claims this app did not write: every token
    carries a UUID ``sub``, a string ``jti`` and numeric ``exp``/``iat``(``_precise``); an access
    token also a UUID ``org`` and a known ``role``. A token signed with the real key but missing
    one, or with a malformed one, must not reach the code that reads them (a 500)."""
    valid = (
        _is_uuid(payload.get("sub"))
        and isinstance(payload.get("jti"), str)
        and _is_number(payload.get("exp"))
        and all(_is_number(payload[key]) for key in ("iat", "iat_precise") if key in payload)
        and payload.get("type", "access") in ("access", "refresh")
    )
    if valid and payload.get("type", "access") == "access":
        valid = _is_uuid(payload.get("org")) and isinstance(payload.get("role"), str) and payload["role"] in ROLE_RANK
    if not valid:
        raise JWTDecodeError("Missing or malformed claims")


def _is_revoked(_header: dict, payload: dict) -> bool:
    check_claims(payload)
    uid = payload["sub"]
    keys = [
        REVOKED_KEY.format(jti=payload["jti"]),
        CUTOFF_ALL_KEY.format(uid=uid),
        CUTOFF_ACCESS_KEY.format(uid=uid),
    ]
    revoked, cutoff_all, cutoff_access = safe_call(lambda r: r.mget(keys), (None, None, None))
    if revoked:
        return True
    issued = float(payload.get("iat_precise", payload.get("iat", 0)))
    if cutoff_all and issued <= float(cutoff_all):
        return True
    if cutoff_access and payload.get("type") == "access" and issued <= float(cutoff_access):
        return True
    return False


def _jwt_error(message: str, code: int = 401):
    from flask import jsonify

    response = jsonify(envelope(code, message))
    response.status_code = code
    if code == 401:
        response.headers["WWW-Authenticate"] = "Bearer"
    return response


def init_security(app: Flask) -> None:
    jwt.token_in_blocklist_loader(_is_revoked)
    jwt.additional_claims_loader(lambda _identity: {"iat_precise": time.time()})
    jwt.unauthorized_loader(lambda reason: _jwt_error("Autenticação necessária: envie um token Bearer."))
    jwt.invalid_token_loader(lambda reason: _jwt_error("Token inválido."))
    jwt.expired_token_loader(lambda h, p: _jwt_error("Token expirado: renove-o com o refresh token."))
    jwt.revoked_token_loader(lambda h, p: _jwt_error("Token revogado: faça login novamente."))
    jwt.needs_fresh_token_loader(lambda h, p: _jwt_error("É necessário um login recente."))
    jwt.user_lookup_error_loader(lambda h, p: _jwt_error("Usuário não encontrado."))


def client_ip() -> str:
    return request.remote_addr or "unknown"


def rate_limit_key() -> str:
    return client_ip()
