"""The organization's trash of ETPs (org admins): list, restore, purge one, empty.

Deleting an ETP (DELETE /api/v1/etps/<id>) moves it here; see services/trash.py. Only org admins see
and act on the trash (others 403); an id of another organization, or of an ETP not in the trash, is
404. Whoever deleted an ETP and is not an admin asks an admin to restore it: the trash is the
organization's control over what is kept, like the audit trail.
"""

from __future__ import annotations

from flask.views import MethodView

from etp_app.api.common import ApiBlueprint, bearer_auth, error_responses
from etp_app.api.trash.schemas import TrashedEtpSchema, TrashEmptiedSchema, TrashPolicySchema, TrashRestoredSchema
from etp_app.security import authenticated, current_identity
from etp_app.services import trash

blp = ApiBlueprint(
    "trash",
    __name__,
    url_prefix="/api/v1/trash",
    description="Lixeira de ETPs da organização (administradores): restaurar ou excluir de vez.",
)


@blp.route("")
class TrashCollection(MethodView):
    @authenticated(role="org_admin")
    @bearer_auth(blp)
    @error_responses(blp, 401, 403)
    @blp.response(200, TrashedEtpSchema(many=True))
    @blp.paginate()
    def get(self, pagination_parameters):
        """ETPs na lixeira da organização, excluídos mais recentemente primeiro

        Cada item traz o título, o status, quem excluiu e quando, e a data a partir da qual será
        excluído de vez (`purge_at`: `TRASH_RETENTION_DAYS` dias após a exclusão, padrão 30).
        Paginação por `page` e `page_size`, metadados em `X-Pagination`. Somente administradores da
        organização.
        """
        items, total = trash.list_trash(
            current_identity().organization_id,
            page=pagination_parameters.page,
            page_size=pagination_parameters.page_size,
        )
        pagination_parameters.item_count = total
        return items

    @authenticated(role="org_admin")
    @bearer_auth(blp)
    @error_responses(blp, 401, 403)
    @blp.response(200, TrashEmptiedSchema)
    def delete(self):
        """Esvazia a lixeira

        Exclui de vez todos os ETPs na lixeira da organização, com suas seções, versões e exportações
        (cada exclusão fica na trilha de auditoria como `etp.purge`). Não pode ser desfeito.
        """
        return {"purged": trash.empty(current_identity())}


@blp.route("/policy", methods=["GET"])
@authenticated()
@bearer_auth(blp)
@error_responses(blp, 401)
@blp.response(200, TrashPolicySchema)
def policy():
    """Por quanto tempo um ETP excluído fica na lixeira

    Para qualquer pessoa autenticada (a confirmação de exclusão diz o prazo): `retention_days` e se
    quem consulta pode ver e restaurar a lixeira (`can_manage`: administradores da organização).
    """
    return {"retention_days": trash.retention_days(), "can_manage": current_identity().is_org_admin}


@blp.route("/<uuid:etp_id>/restore", methods=["POST"])
@authenticated(role="org_admin")
@bearer_auth(blp)
@error_responses(blp, 401, 403, 404)
@blp.response(200, TrashRestoredSchema)
def restore(etp_id):
    """Restaura um ETP da lixeira

    O ETP volta como estava, com suas seções, versões e exportações (`etp.restore` na trilha de
    auditoria); os trabalhos cancelados na exclusão não voltam. 404 se o ETP não está na lixeira da
    organização.
    """
    return trash.restore(current_identity(), etp_id)


@blp.route("/<uuid:etp_id>", methods=["DELETE"])
@authenticated(role="org_admin")
@bearer_auth(blp)
@error_responses(blp, 401, 403, 404)
@blp.response(204)
def purge(etp_id):
    """Exclui de vez um ETP da lixeira

    Apaga o ETP com suas seções, versões e exportações (`etp.purge` na trilha de auditoria). Não pode
    ser desfeito. 404 se o ETP não está na lixeira da organização.
    """
    trash.purge(current_identity(), etp_id)
    return None
