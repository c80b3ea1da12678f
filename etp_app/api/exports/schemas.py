from marshmallow import Schema, fields, validate

from etp_app.models.export import EXPORT_FORMATS, EXPORT_STATUSES


class ExportRequestSchema(Schema):
    format = fields.String(
        required=True,
        validate=validate.OneOf(
            EXPORT_FORMATS, error="Formato de exportação inválido. Use um de: " + ", ".join(EXPORT_FORMATS) + "."
        ),
        metadata={"description": "Formato do documento: pdf, docx, json ou xml", "example": "pdf"},
    )


class ExportSchema(Schema):
    id = fields.UUID(dump_only=True)
    etp_id = fields.UUID()
    job_id = fields.UUID(allow_none=True, metadata={"description": "Trabalho que gera o arquivo (polling em /jobs)"})
    format = fields.String(metadata={"enum": list(EXPORT_FORMATS)})
    status = fields.String(
        metadata={
            "enum": list(EXPORT_STATUSES),
            "description": "pending (sendo gerada), ready (pronta para baixar), failed, expired (arquivo removido)",
        }
    )
    size = fields.Integer(allow_none=True, metadata={"description": "Tamanho do arquivo em bytes"})
    sha256 = fields.String(allow_none=True, metadata={"description": "SHA-256 do arquivo (também o ETag do download)"})
    file_name = fields.String(allow_none=True)
    content_type = fields.String(allow_none=True)
    etp_version = fields.Integer(metadata={"description": "Versão do ETP exportada"})
    error = fields.String(allow_none=True, metadata={"description": "Motivo da falha, para pessoas"})
    created_by = fields.UUID(allow_none=True)
    created_by_name = fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"description": "Nome de quem pediu a exportação (nulo se a conta foi removida)"},
    )
    created_at = fields.DateTime()
    ready_at = fields.DateTime(allow_none=True)
    expires_at = fields.DateTime(metadata={"description": "Depois desta data o download responde 410"})
    download_url = fields.String(allow_none=True, metadata={"description": "Nulo até a exportação ficar pronta"})
