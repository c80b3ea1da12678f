"""Schemas of the trash routes."""

from __future__ import annotations

from marshmallow import Schema, fields


class TrashedEtpSchema(Schema):
    id = fields.UUID(required=True, metadata={"description": "Id do ETP."})
    title = fields.String(required=True, metadata={"description": "Título do ETP."})
    status = fields.String(required=True, metadata={"description": "Status que o ETP tinha ao ser excluído."})
    deleted_at = fields.DateTime(required=True, metadata={"description": "Quando foi movido para a lixeira."})
    deleted_by = fields.UUID(allow_none=True, metadata={"description": "Id de quem o excluiu."})
    deleted_by_name = fields.String(allow_none=True, metadata={"description": "Nome atual de quem o excluiu."})
    purge_at = fields.DateTime(
        required=True,
        metadata={"description": "A partir de quando será excluído de vez (exclusão + `TRASH_RETENTION_DAYS`)."},
    )


class TrashRestoredSchema(Schema):
    id = fields.UUID(required=True, metadata={"description": "Id do ETP restaurado."})
    title = fields.String(required=True)
    status = fields.String(required=True)


class TrashEmptiedSchema(Schema):
    purged = fields.Integer(required=True, metadata={"description": "Quantos ETPs foram excluídos de vez."})


class TrashPolicySchema(Schema):
    retention_days = fields.Integer(
        required=True, metadata={"description": "Dias que um ETP excluído fica na lixeira (`TRASH_RETENTION_DAYS`)."}
    )
    can_manage = fields.Boolean(
        required=True, metadata={"description": "Se quem consulta vê a lixeira e pode restaurar (administradores)."}
    )
