"""Login sessions, refresh-token rotation and token revocation.

One login is one session (``auth_sessions`` row, the ``sid`` claim of all its tokens) and one
refresh-token family: only the refresh token whose ``jti`` is the session's ``current_jti`` may be
used. Using it rotates the family (``refresh``): a new refresh token replaces it, and its ``jti``
becomes ``previous_jti``. Presenting an older refresh token of the family again means it was copied
(theft detection): the whole session is revoked (reason ``reuse_detected``), every token of it is
refused from then on, and the answer is 401. A session's lifetime slides: each rotation gives it the
refresh token's lifetime (``JWT_REFRESH_TOKEN_EXPIRES``) again.

PostgreSQL is the source of truth of revocation (``users.tokens_valid_after``,
``users.access_tokens_valid_after``, ``auth_sessions.revoked_at``); Redis caches it
(etp_app/security.py explains the cache and its one bounded stale window). Revocations here write
PostgreSQL in the caller's transaction and queue the cache invalidation, which runs after the
transaction commits (an ``after_commit`` hook): nothing is invalidated for a change that was rolled
back, and a revocation never needs Redis (with Redis down it still takes effect: the check then
reads PostgreSQL).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from flask import current_app, has_request_context, request
from flask_jwt_extended import create_access_token, create_refresh_token, decode_token
from flask_jwt_extended.exceptions import JWTExtendedException
from jwt import PyJWTError
from sqlalchemy import CursorResult, delete, event, or_, select, update
from sqlalchemy.orm import Session

from etp_app.errors import NotFound, Unauthorized, UnprocessableEntity
from etp_app.extensions import db
from etp_app.models import AuthSession, User
from etp_app.redis_client import safe_call
from etp_app.security import (
    AUTH_CACHE_STALE,
    AUTH_SESSION_KEY,
    AUTH_SESSION_REVOKED,
    AUTH_USER_KEY,
    Identity,
    check_claims,
    claims_for,
    client_ip,
)
from etp_app.services import audit

SESSION_ENDED = "Sessão encerrada: faça login novamente."
ACCOUNT_UNAVAILABLE = "Conta indisponível: faça login novamente."
REUSE_DETECTED = (
    "Este refresh token já foi usado e substituído. Por segurança, a sessão foi encerrada em todos os "
    "aparelhos que a usavam: faça login novamente. Se não foi você, troque sua senha."
)
SESSION_NOT_FOUND = "Sessão não encontrada."
# revoked sessions are kept this long for the sessions' history and audits, then deleted
SESSION_KEEP = timedelta(days=30)

_PENDING_KEY = "etp_auth_cache_invalidations"


def _now() -> datetime:
    return datetime.now(UTC)


def _refresh_lifetime() -> timedelta:
    value = current_app.config.get("JWT_REFRESH_TOKEN_EXPIRES")
    return value if isinstance(value, timedelta) else timedelta(days=7)


def _grace() -> timedelta:
    return timedelta(seconds=int(current_app.config.get("REFRESH_REUSE_GRACE_SECONDS", 10)))


# --------------------------------------------------------------------------- cache invalidation


def _pending() -> dict[str, set[str]]:
    return db.session.info.setdefault(_PENDING_KEY, {"users": set(), "sessions": set()})


@event.listens_for(Session, "after_commit")
def _invalidate_after_commit(session: Session) -> None:
    """After a commit that revoked something: mark the users' cache entries stale (the check reads
    PostgreSQL until they expire) and the sessions' entries revoked. Redis down: nothing to do, the
    check reads PostgreSQL too."""
    pending = session.info.pop(_PENDING_KEY, None)
    if not pending or not (pending["users"] or pending["sessions"]):
        return
    ttl = int(current_app.config.get("AUTH_CACHE_SECONDS") or 30)

    def write(client: Any) -> None:
        pipe = client.pipeline(transaction=False)
        for uid in pending["users"]:
            pipe.set(AUTH_USER_KEY.format(uid=uid), AUTH_CACHE_STALE, ex=ttl)
        for sid in pending["sessions"]:
            pipe.set(AUTH_SESSION_KEY.format(sid=sid), AUTH_SESSION_REVOKED, ex=ttl)
        pipe.execute()

    safe_call(write, None)


# --------------------------------------------------------------------------- issuing


def _access_token(user_id: str, claims: dict[str, str], sid: str) -> str:
    return create_access_token(identity=user_id, additional_claims={**claims, "sid": sid})


def _refresh_token(user_id: str, sid: str, jti: str, expires_at: datetime) -> str:
    return create_refresh_token(
        identity=user_id, additional_claims={"sid": sid, "jti": jti, "exp": int(expires_at.timestamp())}
    )


def _client() -> tuple[str | None, str | None]:
    if not has_request_context():
        return None, None
    user_agent = (request.user_agent.string or "")[:300] or None
    return user_agent, client_ip()[:64] or None


def start(user: User) -> dict[str, str]:
    """Open a session for ``user`` (a login) and return its token pair; commits (the session row, and
    whatever the caller left pending). The tokens are created after the commit, so they are issued
    after any revocation the caller committed."""
    now = _now()
    user_agent, ip_address = _client()
    row = AuthSession(
        id=uuid.uuid4(),
        user_id=user.id,
        created_at=now,
        last_used_at=now,
        expires_at=now + _refresh_lifetime(),
        current_jti=str(uuid.uuid4()),
        user_agent=user_agent,
        ip_address=ip_address,
    )
    db.session.add(row)
    user_id, claims = str(user.id), claims_for(user)
    sid, jti, expires_at = str(row.id), row.current_jti, row.expires_at
    db.session.commit()
    return {
        "access_token": _access_token(user_id, claims, sid),
        "refresh_token": _refresh_token(user_id, sid, jti, expires_at),
    }


def _can_log_in(user: User | None) -> bool:
    return user is not None and user.deleted_at is None and user.is_active


def _issued_at(claims: dict) -> float:
    return float(claims.get("iat_precise", claims.get("iat", 0)))


def refresh(claims: dict) -> dict[str, str]:
    """Rotate the session of a refresh token (its claims, already verified and checked against the
    revocation state): ``{access_token, refresh_token}`` with the user's current organization and
    role, read from the database.

    Under the session row's lock (``SELECT ... FOR UPDATE``), so two concurrent refreshes cannot both
    rotate: the second one sees the first one's rotation.

    - The family's current refresh token: rotated (a new refresh token, the used one becomes the
      previous one).
    - The immediately previous refresh token, within ``REFRESH_REUSE_GRACE_SECONDS`` (default 10) of
      its rotation: two tabs or requests that refreshed at the same moment with the same token. The
      loser gets a new access token only (no ``refresh_token`` in the answer): the winner's answer
      carries the family's new refresh token (the web app keeps it in a cookie both share).
    - Any other refresh token of the family (older, or the previous one after the grace): reuse of a
      token that was already replaced, so a copy exists. The whole session is revoked (reason
      ``reuse_detected``, audit ``auth.refresh_reuse_detected``) and the answer is 401.
    """
    sid, uid, jti = uuid.UUID(claims["sid"]), uuid.UUID(claims["sub"]), claims["jti"]
    row = db.session.execute(
        select(AuthSession).where(AuthSession.id == sid).with_for_update().execution_options(populate_existing=True)
    ).scalar_one_or_none()
    now = _now()  # after the lock: a refresh that waited for a concurrent one sees its rotation's time
    if row is None or row.user_id != uid or row.revoked_at is not None or row.expires_at <= now:
        raise Unauthorized(SESSION_ENDED)
    user = db.session.get(User, uid, populate_existing=True)
    if user is None or not _can_log_in(user):
        raise Unauthorized(ACCOUNT_UNAVAILABLE)
    if user.tokens_valid_after is not None and _issued_at(claims) <= user.tokens_valid_after.timestamp():
        raise Unauthorized(SESSION_ENDED)
    user_id, user_claims = str(user.id), claims_for(user)

    if jti == row.current_jti:
        row.previous_jti, row.current_jti, row.rotated_at = jti, str(uuid.uuid4()), now
        row.last_used_at = now
        row.expires_at = now + _refresh_lifetime()
        new_jti, expires_at = row.current_jti, row.expires_at
        db.session.commit()
        return {
            "access_token": _access_token(user_id, user_claims, str(sid)),
            "refresh_token": _refresh_token(user_id, str(sid), new_jti, expires_at),
        }
    if jti == row.previous_jti and row.rotated_at is not None and now - row.rotated_at <= _grace():
        row.last_used_at = now
        db.session.commit()
        return {"access_token": _access_token(user_id, user_claims, str(sid))}

    _revoke_rows([row.id], user.id, "reuse_detected", now)
    audit.record(
        "auth.refresh_reuse_detected",
        organization_id=user.organization_id,
        actor_id=user.id,
        target_type="session",
        target_id=row.id,
        after={"session_id": row.id, "rotated_at": row.rotated_at},
    )
    db.session.commit()
    raise Unauthorized(REUSE_DETECTED)


# --------------------------------------------------------------------------- revoking


def _revoke_rows(session_ids: list[uuid.UUID], user_id: uuid.UUID, reason: str, now: datetime) -> list[uuid.UUID]:
    """Revoke the user's live sessions among ``session_ids``; the ids actually revoked."""
    if not session_ids:
        return []
    revoked = list(
        db.session.scalars(
            update(AuthSession)
            .where(AuthSession.id.in_(session_ids), AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
            .values(revoked_at=now, revoked_reason=reason)
            .returning(AuthSession.id)
            .execution_options(synchronize_session=False)
        )
    )
    _pending()["sessions"].update(str(s) for s in revoked)
    return revoked


def revoke_user(user: User, reason: str, *, access_only: bool = False) -> None:
    """Revoke every token of ``user`` issued up to now: all of them and every session (password
    change or reset, deactivation, LGPD deletion, "sair de todos os dispositivos"), or only the access
    tokens (a role or organization change: the next refresh reads the new claims from the database).

    Writes PostgreSQL in the caller's transaction; the caller commits (the cache is invalidated after
    the commit). Works with Redis down."""
    now = _now()
    if access_only:
        user.access_tokens_valid_after = now
    else:
        user.tokens_valid_after = now
        db.session.execute(
            update(AuthSession)
            .where(AuthSession.user_id == user.id, AuthSession.revoked_at.is_(None))
            .values(revoked_at=now, revoked_reason=reason)
            .execution_options(synchronize_session=False)
        )
    _pending()["users"].add(str(user.id))


def revoke_session(session_id: uuid.UUID, *, user_id: uuid.UUID, reason: str) -> bool:
    """Revoke one session of ``user_id`` (its access and refresh tokens); False when it is not one of
    the user's live sessions. The caller commits."""
    return bool(_revoke_rows([session_id], user_id, reason, _now()))


def _decode_refresh_token(token: str, user_id: uuid.UUID) -> dict | None:
    """The claims of a refresh token of ``user_id`` given in a body, or None when it has already
    expired (nothing left to revoke); 422 for anything else (malformed, forged claims, another
    account's, an access token)."""
    error = UnprocessableEntity(
        "Refresh token inválido.", errors={"refresh_token": ["Não é um refresh token válido desta conta."]}
    )
    try:
        claims = decode_token(token, allow_expired=True)
        check_claims(claims)
    except (PyJWTError, JWTExtendedException, ValueError, KeyError, TypeError, OverflowError):
        raise error from None
    if claims.get("type") != "refresh" or claims.get("sub") != str(user_id):
        raise error
    if float(claims["exp"]) <= _now().timestamp():
        return None
    return claims


def logout(identity: Identity, access_claims: dict, refresh_token: str | None = None) -> None:
    """End the calling session: its access and refresh tokens are refused from now on. A refresh
    token given in the body (of the same account) has its session ended too."""
    body_claims = _decode_refresh_token(refresh_token, identity.user_id) if refresh_token else None
    sid = uuid.UUID(access_claims["sid"])
    session_ids = [sid]
    if body_claims is not None and uuid.UUID(body_claims["sid"]) != sid:
        session_ids.append(uuid.UUID(body_claims["sid"]))
    revoked = _revoke_rows(session_ids, identity.user_id, "logout", _now())
    audit.record(
        "auth.logout",
        organization_id=identity.organization_id if identity.has_organization else None,
        actor_id=identity.user_id,
        target_type="session",
        target_id=sid,
        after={"refresh_token_revoked": True, "sessions_revoked": revoked},
    )
    db.session.commit()


def logout_all(identity: Identity) -> None:
    """Sign out everywhere ("sair de todos os dispositivos"): every session and token of the caller."""
    user = db.session.get(User, identity.user_id)
    if user is None or not _can_log_in(user):
        raise Unauthorized(ACCOUNT_UNAVAILABLE)
    revoke_user(user, "logout_all")
    audit.record(
        "auth.logout_all",
        organization_id=user.organization_id,
        actor_id=user.id,
        target_type="user",
        target_id=user.id,
    )
    db.session.commit()


def list_sessions(identity: Identity) -> list[AuthSession]:
    """The caller's live sessions (not revoked, not expired), newest first."""
    return list(
        db.session.scalars(
            select(AuthSession)
            .where(
                AuthSession.user_id == identity.user_id,
                AuthSession.revoked_at.is_(None),
                AuthSession.expires_at > _now(),
            )
            .order_by(AuthSession.created_at.desc(), AuthSession.id)
        )
    )


def end_session(identity: Identity, session_id: uuid.UUID) -> None:
    """Revoke one of the caller's sessions (204 also when it had already ended); 404 for a session
    that is not theirs."""
    owner = db.session.scalar(select(AuthSession.user_id).where(AuthSession.id == session_id))
    if owner != identity.user_id:
        raise NotFound(SESSION_NOT_FOUND)
    if revoke_session(session_id, user_id=identity.user_id, reason="revoked"):
        audit.record(
            "auth.session_revoked",
            organization_id=identity.organization_id if identity.has_organization else None,
            actor_id=identity.user_id,
            target_type="session",
            target_id=session_id,
        )
    db.session.commit()


# --------------------------------------------------------------------------- housekeeping


def purge_ended_sessions(now: datetime | None = None) -> int:
    """Delete sessions expired or revoked for more than ``SESSION_KEEP`` (30 days)."""
    cutoff = (now or _now()) - SESSION_KEEP
    result = cast(
        "CursorResult[Any]",
        db.session.execute(
            delete(AuthSession).where(or_(AuthSession.expires_at < cutoff, AuthSession.revoked_at < cutoff))
        ),
    )
    db.session.commit()
    return int(result.rowcount or 0)
