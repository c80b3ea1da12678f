"""The caller's login sessions: list, end one, end all ("sair de todos os dispositivos")."""

from __future__ import annotations

import uuid

from flask import Response, request
from flask_jwt_extended import get_jwt

from etp_app.api.auth.transport import clear_refresh_cookies
from etp_app.api.common import BEARER_AUTH, ApiBlueprint, error_responses
from etp_app.api.sessions.schemas import SessionSchema
from etp_app.security import authenticated, current_identity
from etp_app.services import sessions

blp = ApiBlueprint(
    "sessions",
    __name__,
    url_prefix="/api/v1/auth",
    description="Sessões: os aparelhos em que você está conectado, e como encerrá-las",
)
SECURITY = BEARER_AUTH


@blp.after_request
def _clear_cookies(response: Response) -> Response:
    """Logout-all's answer expires the web app's cookies (etp_refresh, etp_csrf), whatever its status."""
    if request.endpoint == f"{blp.name}.logout_all":
        clear_refresh_cookies(response)
    return response


@blp.route("/sessions", methods=["GET"])
@blp.doc(security=SECURITY)
@authenticated(allow_orgless=True)
@blp.response(200, SessionSchema(many=True))
@error_responses(blp, 401)
def list_sessions():
    """Suas sessões ativas (um login cada), da mais recente para a mais antiga.

    `current` marca a sessão do token desta requisição. Uma sessão termina no logout, quando é
    encerrada aqui, na troca ou redefinição de senha, ou quando expira sem ser renovada.
    """
    current = uuid.UUID(get_jwt()["sid"])
    return [
        {
            "id": row.id,
            "created_at": row.created_at,
            "last_used_at": row.last_used_at,
            "expires_at": row.expires_at,
            "user_agent": row.user_agent,
            "ip_address": row.ip_address,
            "current": row.id == current,
        }
        for row in sessions.list_sessions(current_identity())
    ]


@blp.route("/sessions/<uuid:session_id>", methods=["DELETE"])
@blp.doc(security=SECURITY)
@authenticated(allow_orgless=True)
@blp.response(204)
@error_responses(blp, 401, 404, e404="Sessão inexistente ou de outra pessoa")
def end_session(session_id):
    """Encerra uma das suas sessões: o access token e o refresh token dela deixam de valer na hora.

    Encerrar uma sessão que já terminou também responde 204.
    """
    sessions.end_session(current_identity(), session_id)


@blp.route("/logout-all", methods=["POST"])
@blp.doc(security=SECURITY)
@authenticated(allow_orgless=True)
@blp.response(204)
@error_responses(blp, 401)
def logout_all():
    """Sair de todos os dispositivos: encerra todas as suas sessões, inclusive esta.

    Todos os seus tokens (access e refresh) deixam de valer; entre de novo com e-mail e senha. A
    resposta apaga os cookies do aplicativo web (`etp_refresh`, `etp_csrf`).
    """
    sessions.logout_all(current_identity())
