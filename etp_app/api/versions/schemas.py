"""Schemas of the version routes (API.md "Version": number, label, reason, created_at, created_by;
a single version also carries its snapshot)."""

from __future__ import annotations

from marshmallow import Schema, fields

from etp_app.api.etps.schemas import Text, _PtSchema

REASONS = (
    "manual",
    "edit",
    "before_draft",
    "after_draft",
    "suggestion",
    "acknowledgement",
    "status",
    "approval",
    "before_restore",
)
REASON_DESCRIPTION = (
    "Por que a versão existe: `manual` (ponto de salvamento), `edit` (edição de uma pessoa numa "
    "seção ou nos dados do ETP; salvamentos seguidos da mesma pessoa na mesma parte, em poucos "
    "minutos, atualizam a mesma versão), `before_draft` / `after_draft` (antes / depois da redação "
    "do ETP inteiro por IA; `before_draft` também antes da redação de uma seção), `suggestion` "
    "(sugestão aceita), `acknowledgement` (apontamento de qualidade reconhecido), `status` (mudança "
    "de status), `approval` (aprovação), `before_restore` (estado substituído por uma restauração)."
)


class VersionCreateSchema(_PtSchema):
    label = Text(
        required=True,
        non_blank=True,
        max_length=200,
        metadata={"description": "Nome do ponto de salvamento.", "example": "Antes da revisão jurídica"},
    )


class VersionSchema(Schema):
    number = fields.Integer(metadata={"description": "1, 2, 3… por ETP.", "minimum": 1})
    label = fields.String(allow_none=True, metadata={"example": "Edição da seção IV por Maria Souza"})
    reason = fields.String(
        metadata={
            "description": REASON_DESCRIPTION,
            "enum": list(REASONS),
            "example": "edit",
        }
    )
    scope = fields.String(
        allow_none=True,
        metadata={
            "description": "A parte do ETP cujo trabalho a versão registra: o código da seção (I a XIII) ou "
            "`fields` (os dados do ETP); `null` para versões do ETP inteiro.",
            "example": "IV",
        },
    )
    created_at = fields.DateTime()
    updated_at = fields.DateTime(
        metadata={
            "description": "Último salvamento que a versão recebeu: igual a `created_at`, salvo em versões "
            "`edit`, atualizadas no lugar a cada salvamento da mesma sessão de digitação."
        }
    )
    created_by = fields.UUID(allow_none=True)
    created_by_name = fields.String(
        allow_none=True,
        metadata={
            "description": 'Nome atual de quem criou a versão ("Usuário removido" após exclusão LGPD); '
            "`null` quando a versão não tem autor.",
            "example": "Maria Souza",
        },
    )


class SnapshotSectionSchema(Schema):
    inciso = fields.Integer()
    content = fields.String()
    justification = fields.String(allow_none=True)
    status = fields.String()
    suggestion = fields.String(allow_none=True)
    ai_generated = fields.Boolean()
    quality = fields.Dict(allow_none=True)
    provenance = fields.String(
        allow_none=True,
        metadata={"description": "Quem escreveu o texto: `human`, `ai` ou `offline` (null: sem texto)."},
    )
    drafting_notes = fields.List(fields.Dict(), allow_none=True, metadata={"description": "Notas do redator."})
    suggestion_provenance = fields.String(allow_none=True)
    suggestion_notes = fields.List(fields.Dict(), allow_none=True)


class SnapshotSchema(Schema):
    schema = fields.Integer(metadata={"description": "Versão do formato do snapshot."})
    etp = fields.Dict(
        metadata={
            "description": "Todos os campos do ETP (valores em texto decimal exato, datas "
            "ISO), status, completion, created_by, created_at, updated_at."
        }
    )
    sections = fields.List(fields.Nested(SnapshotSectionSchema), metadata={"description": "As 13 seções."})


class VersionDetailSchema(VersionSchema):
    snapshot = fields.Nested(SnapshotSchema)


class ChangeSchema(Schema):
    before = fields.Raw(allow_none=True)
    after = fields.Raw(allow_none=True)


class FieldChangeSchema(ChangeSchema):
    label = fields.String(metadata={"description": "Nome do campo, como uma pessoa o lê.", "example": "Objeto"})


class DiffOpSchema(Schema):
    op = fields.String(metadata={"enum": ["equal", "delete", "insert"]})
    text = fields.String()


class ContentDiffSchema(Schema):
    ops = fields.List(
        fields.Nested(DiffOpSchema),
        metadata={
            "description": "Diferença palavra a palavra: `equal` + `delete` recompõem o texto anterior; "
            "`equal` + `insert`, o novo."
        },
    )
    unified = fields.String(
        metadata={
            "description": "Forma compacta (estilo `git diff --word-diff`): [-removido-] {+incluído+}, trechos "
            "iguais resumidos com …"
        }
    )
    words_added = fields.Integer(metadata={"description": "Palavras incluídas.", "example": 120})
    words_removed = fields.Integer(metadata={"description": "Palavras removidas.", "example": 40})


class SectionDiffSchema(Schema):
    inciso = fields.Integer()
    code = fields.String()
    title = fields.String()
    summary = fields.String(
        metadata={
            "description": "Resumo da mudança da seção, para quem percorre a lista: palavras incluídas / "
            "removidas e as demais partes alteradas.",
            "example": "+120 / −40 palavras; status alterado",
        }
    )
    content = fields.Nested(ContentDiffSchema, allow_none=True, metadata={"description": "null: sem mudança."})
    justification = fields.Nested(ChangeSchema, allow_none=True)
    status = fields.Nested(ChangeSchema, allow_none=True)
    ai_generated = fields.Nested(ChangeSchema, allow_none=True)
    suggestion = fields.Nested(ChangeSchema, allow_none=True)


class VersionDiffSchema(Schema):
    a = fields.Raw(metadata={"description": "Número da versão de origem."})
    b = fields.Raw(metadata={"description": "Número da versão de destino, ou `current` (estado atual)."})
    fields_ = fields.Dict(
        data_key="fields",
        keys=fields.String(),
        values=fields.Nested(FieldChangeSchema),
        attribute="fields",
        metadata={"description": "Só os campos do ETP que mudaram: {campo: {before, after, label}}."},
    )
    fields_summary = fields.String(
        metadata={"description": "Quantos campos do ETP mudaram.", "example": "3 campos alterados"}
    )
    sections = fields.List(
        fields.Nested(SectionDiffSchema),
        metadata={"description": "Só as seções com alguma mudança, em ordem de inciso."},
    )
