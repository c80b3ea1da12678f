from marshmallow import Schema, fields, validate

from etp_app.drafting.catalog import ROMAN
from etp_app.models import JOB_KINDS, JOB_STATES
from etp_app.services.usage import TOP_N


class JobUsageSchema(Schema):
    model = fields.String(allow_none=True)
    tokens_in = fields.Integer()
    tokens_out = fields.Integer()
    cost_usd = fields.Decimal(as_string=True)


class JobSchema(Schema):
    id = fields.UUID(dump_only=True)
    kind = fields.String(metadata={"enum": list(JOB_KINDS)})
    state = fields.String(metadata={"enum": list(JOB_STATES)})
    progress = fields.Integer(metadata={"description": "0–100"})
    etp_id = fields.UUID(allow_none=True)
    inciso = fields.Integer(allow_none=True)
    code = fields.Method("_code", metadata={"description": "inciso em algarismos romanos"})
    incisos = fields.Method(
        "_incisos",
        metadata={
            "type": "array",
            "items": {"type": "integer"},
            "description": "As seções (1–13) que uma redação escreve, na ordem; vazio nos outros trabalhos.",
        },
    )
    attempts = fields.Integer()
    max_attempts = fields.Integer()
    result = fields.Dict(
        allow_none=True,
        metadata={
            "description": "Resultado do trabalho. Numa redação, `sections` traz por seção (`I`…`XIII`) o "
            "desfecho: `status`, `applied` (`content` ou `suggestion`), `quality`, `provider`, `model`, "
            "`provenance` (`ai` ou `offline`) e `notes` — as notas do rascunho para o autor "
            "(`[{kind: guidance|note|warning, text}]`), que ficam fora do texto. Quando a minuta da IA "
            "tinha erros graves (artigo inexistente, norma revogada ou impossível, valor sem fonte) e foi "
            "devolvida uma vez ao provedor para correção, `repair` traz `attempted`, `kept` (`repaired` ou "
            "`original`: a minuta com menos erros graves), `findings_before`, `findings_after`, os dois "
            "relatórios (`before`, `after`) e `error` se a correção falhou; os tokens contam as duas chamadas.",
            "example": {
                "sections": {
                    "VI": {
                        "status": "succeeded",
                        "applied": "content",
                        "provenance": "offline",
                        "notes": [{"kind": "warning", "text": "O valor total informado não corresponde ao cálculo…"}],
                    }
                }
            },
        },
    )
    error = fields.String(allow_none=True, metadata={"description": "mensagem para pessoas, nunca um stack trace"})
    usage = fields.Method("_usage")
    created_at = fields.DateTime()
    started_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)
    updated_at = fields.DateTime()

    def _code(self, job):
        return ROMAN[job.inciso - 1] if job.inciso else None

    def _incisos(self, job):
        incisos = (job.params or {}).get("incisos") or ([job.inciso] if job.inciso else [])
        return [int(i) for i in incisos]

    def _usage(self, job):
        return {
            "model": job.model,
            "tokens_in": job.tokens_in,
            "tokens_out": job.tokens_out,
            "cost_usd": format(job.cost_usd or 0, "f"),
        }


class JobQuerySchema(Schema):
    etp_id = fields.UUID()
    kind = fields.String(validate=validate.OneOf(JOB_KINDS))
    state = fields.String(validate=validate.OneOf(JOB_STATES))


class UsagePeriodSchema(Schema):
    tokens_in = fields.Integer()
    tokens_out = fields.Integer()
    cost_usd = fields.String()
    jobs = fields.Integer()


class UsageSchema(Schema):
    month = fields.Nested(UsagePeriodSchema)
    all_time = fields.Nested(UsagePeriodSchema)
    monthly_token_budget = fields.Integer(allow_none=True)
    month_start = fields.String()


class UsageAmountsSchema(Schema):
    tokens_in = fields.Integer(metadata={"description": "tokens enviados ao modelo (prompt)"})
    tokens_out = fields.Integer(metadata={"description": "tokens gerados pelo modelo"})
    tokens = fields.Integer(metadata={"description": "tokens_in + tokens_out (o que conta no orçamento)"})
    cost_usd = fields.String(metadata={"description": "custo estimado em dólares (decimal)", "example": "0.012345"})
    jobs = fields.Integer(metadata={"description": "redações pedidas"})


class UsageByUserSchema(UsageAmountsSchema):
    id = fields.UUID(allow_none=True, metadata={"description": "a pessoa que pediu as redações (nulo: conta excluída)"})
    name = fields.String(
        allow_none=True,
        metadata={"description": 'nome atual ("Usuário removido" após exclusão LGPD; nulo: fora da organização)'},
    )


class UsageByEtpSchema(UsageAmountsSchema):
    id = fields.UUID(allow_none=True, metadata={"description": "o ETP redigido (nulo: ETP excluído)"})
    title = fields.String(allow_none=True)


class UsageOthersSchema(UsageAmountsSchema):
    count = fields.Integer(metadata={"description": "quantas pessoas ou ETPs a linha soma"})


class UsageDaySchema(UsageAmountsSchema):
    date = fields.Date(metadata={"description": "o dia (UTC)"})


class UsageReportSchema(UsageSchema):
    month_end = fields.String(metadata={"description": "início do mês seguinte (UTC): quando o orçamento recomeça"})
    tokens_used = fields.Integer(metadata={"description": "tokens do mês que contam no orçamento"})
    remaining = fields.Integer(
        allow_none=True, metadata={"description": "tokens restantes do orçamento do mês (nulo: sem orçamento)"}
    )
    by_user = fields.List(
        fields.Nested(UsageByUserSchema),
        allow_none=True,
        metadata={
            "description": f"o mês por pessoa, as {TOP_N} que mais usaram primeiro (somente administradores "
            "da organização; nulo para os demais)"
        },
    )
    by_user_others = fields.Nested(
        UsageOthersSchema, allow_none=True, metadata={"description": "as demais pessoas somadas (nulo: nenhuma)"}
    )
    by_etp = fields.List(
        fields.Nested(UsageByEtpSchema), metadata={"description": f"o mês por ETP, os {TOP_N} maiores primeiro"}
    )
    by_etp_others = fields.Nested(
        UsageOthersSchema, allow_none=True, metadata={"description": "os demais ETPs somados (nulo: nenhum)"}
    )
    daily = fields.List(
        fields.Nested(UsageDaySchema), metadata={"description": "cada dia do mês (UTC) até hoje, também os sem uso"}
    )
