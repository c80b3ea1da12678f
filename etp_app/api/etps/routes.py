"""ETPs and their 13 sections (API.md "ETPs and sections").

Every route is scoped to the caller's organization (another organization's ids answer 404), every
write needs a writer role (viewers: 403), and the ETag of an ETP or a section is built from its id and
version counter. PATCH of an ETP and PUT of a section require If-Match (428 when absent, 412 when
stale); DELETE, status changes, section reviews and acknowledgements honour If-Match when sent.
"""

from __future__ import annotations

import re
import uuid

from flask import url_for
from flask.views import MethodView

from etp_app.api.common import (
    ETAG_HEADER_DOC,
    IF_MATCH_OPTIONAL_DOC,
    IF_MATCH_REQUIRED_DOC,
    LOCATION_HEADER_DOC,
    ApiBlueprint,
    bearer_auth,
    error_responses,
    if_match_versions,
    make_etag,
)
from etp_app.api.etps.schemas import (
    AcknowledgeSchema,
    ApprovalReadinessSchema,
    EtpCreateSchema,
    EtpListQuerySchema,
    EtpSchema,
    EtpUpdateSchema,
    EtpWithSectionsSchema,
    SectionSchema,
    SectionUpdateSchema,
    StatusChangeSchema,
    section_etag,
)
from etp_app.errors import NotFound
from etp_app.security import authenticated, current_identity
from etp_app.services import approval, etps, sections, trash

blp = ApiBlueprint(
    "etps",
    __name__,
    url_prefix="/api/v1/etps",
    description="Estudos Técnicos Preliminares (art. 18 da Lei 14.133/2021) e suas 13 seções.",
)

ETAG_HEADERS = {"ETag": ETAG_HEADER_DOC}
# A schema instance, not the class: webargs would build a new schema object on every request.
LIST_QUERY_SCHEMA = EtpListQuerySchema()


def _etp_headers(etp) -> dict[str, str]:
    return {"ETag": make_etag(etp.id, version=etp.version)}


def _check_inciso(inciso: int) -> None:
    if not 1 <= inciso <= 13:
        raise NotFound("Seção não encontrada: o inciso vai de 1 a 13.")


@blp.route("")
class EtpCollection(MethodView):
    @authenticated()
    @bearer_auth(blp)
    @error_responses(blp, 401)
    @blp.arguments(LIST_QUERY_SCHEMA, location="query")
    @blp.response(200, EtpSchema(many=True))
    @blp.paginate()
    def get(self, query, pagination_parameters):
        """ETPs da organização

        Filtros: `status`, `template_type`, `q` (busca textual em título e objeto, em português:
        "computador" encontra "aquisição de computadores"; ordena por relevância) e `created_by`
        (`me` ou um UUID). Sem `q`, os atualizados mais recentemente primeiro. Paginação por `page` e
        `page_size` (máx. 100), metadados no cabeçalho `X-Pagination`. As seções não vêm na lista.
        """
        identity = current_identity()
        created_by = query.get("created_by")
        if created_by == "me":
            created_by = identity.user_id
        elif created_by:
            created_by = uuid.UUID(created_by)
        filters = etps.EtpFilters(
            status=query.get("status"),
            template_type=query.get("template_type"),
            q=query.get("q"),
            created_by=created_by,
        )
        rows, total = etps.list_etps(
            identity.organization_id,
            filters,
            page=pagination_parameters.page,
            page_size=pagination_parameters.page_size,
        )
        pagination_parameters.item_count = total
        return rows

    @authenticated(write=True)
    @bearer_auth(blp)
    @error_responses(blp, 401, 403, 422)
    @blp.arguments(EtpCreateSchema)
    @blp.response(201, EtpWithSectionsSchema, headers={"ETag": ETAG_HEADER_DOC, "Location": LOCATION_HEADER_DOC})
    def post(self, data):
        """Cria um ETP (rascunho) com as 13 seções

        Só `title` e `objeto` são obrigatórios; `template_type` padrão: `bens`. Valores em reais e a
        quantidade são textos decimais exatos ("1234.56"). `campos` é validado pelo modelo do tipo de
        contratação (GET /api/v1/templates/<type>).
        """
        etp, section_rows = etps.create_etp(current_identity(), data)
        headers = _etp_headers(etp)
        headers["Location"] = url_for("etps.EtpResource", etp_id=etp.id)
        return (etp, section_rows), headers


@blp.route("/<uuid:etp_id>")
class EtpResource(MethodView):
    @authenticated()
    @bearer_auth(blp)
    @error_responses(blp, 401, 404)
    @blp.response(200, EtpSchema, headers=ETAG_HEADERS)
    def get(self, etp_id):
        """Um ETP (sem as seções), com ETag"""
        row = etps.get_etp(current_identity().organization_id, etp_id)
        return row, _etp_headers(row)

    @authenticated(write=True)
    @bearer_auth(blp)
    @error_responses(blp, 401, 403, 404, 409, 412, 422, 428)
    @blp.doc(parameters=[IF_MATCH_REQUIRED_DOC])
    @blp.arguments(EtpUpdateSchema, required=False)
    @blp.response(200, EtpSchema, headers=ETAG_HEADERS)
    def patch(self, data, etp_id):
        """Altera campos do ETP

        Exige `If-Match` com o ETag atual (428 sem ele, 412 se desatualizado). Só os campos enviados
        mudam; `campos` substitui o objeto inteiro e é revalidado quando `template_type` muda. ETP
        aprovado ou arquivado é somente leitura (409): reabra-o antes (status `draft`). O status
        muda por POST /status.
        """
        versions = if_match_versions(etp_id)
        etp = etps.update_etp(current_identity(), etp_id, data, versions)
        return etp, _etp_headers(etp)

    @authenticated(write=True)
    @bearer_auth(blp)
    @error_responses(blp, 401, 403, 404, 409, 412)
    @blp.doc(parameters=[IF_MATCH_OPTIONAL_DOC])
    @blp.response(204)
    def delete(self, etp_id):
        """Move o ETP para a lixeira

        O ETP sai de todas as listas, buscas e leituras (404), com suas seções, versões, exportações e
        trabalhos; os trabalhos em andamento são cancelados. Fica na lixeira da organização por
        `TRASH_RETENTION_DAYS` dias (padrão 30): um administrador da organização pode restaurá-lo
        inteiro ou excluí-lo de vez (`/api/v1/trash`); depois do prazo, é excluído automaticamente.
        ETP aprovado só pode ser excluído por administrador da organização; para os demais perfis,
        409 (arquive em vez de excluir).
        """
        trash.move_to_trash(current_identity(), etp_id, if_match_versions(etp_id, required=False))
        return None


@blp.route("/<uuid:etp_id>/status", methods=["POST"])
@authenticated(write=True)
@bearer_auth(blp)
@error_responses(
    blp,
    401,
    403,
    404,
    409,
    412,
    422,
    e403="Sem permissão para a transição: quem aprova é definido pela organização (perfil ou autoridade "
    "competente); quem aprova não pode ser o único autor do ETP (separação de funções)",
    e409="Transição não permitida, ou impedimentos à aprovação em `errors` (por seção e campo)",
)
@blp.doc(parameters=[IF_MATCH_OPTIONAL_DOC])
@blp.arguments(StatusChangeSchema)
@blp.response(200, EtpSchema, headers=ETAG_HEADERS)
def change_status(data, etp_id):
    """Muda o status do ETP

    Transições: draft → in_review, in_review → draft, in_review → approved, draft/in_review/approved →
    archived, approved/archived → draft (reabrir; administrador da organização). Outras: 409.

    **Aprovação** (`{"status": "approved", "statement": "Aprovo o presente ETP…"}`): registra quem
    aprova (id e nome), a data e a declaração (`statement`, obrigatória: 422 sem ela), que aparecem em
    `approval` e no bloco de assinaturas dos documentos. Aprova quem a organização define
    (`approvers` em PATCH /api/v1/organization: administradores e autoridades competentes, por padrão);
    com `separation_of_duties` (padrão), quem aprova não pode ser o único autor do ETP (403). Impedimentos
    (409, `errors` por seção ou campo, os mesmos de GET /approval): seção obrigatória vazia ou opcional
    sem texto nem justificativa (art. 18, § 2º); marcador "[a preencher: …]" pendente; campo obrigatório
    do tipo de contratação vazio (`campos.<nome>`); achado de nível erro sem ciência; seção preenchida
    não revisada após a última alteração; texto redigido por IA nunca revisado. Aprovar o ETP marca como
    aprovadas as seções justificadas. Reabrir (approved → draft) limpa o registro da aprovação (a trilha
    de auditoria e a versão da aprovação o guardam).
    """
    etp = etps.change_status(
        current_identity(),
        etp_id,
        data["status"],
        if_match_versions(etp_id, required=False),
        statement=data.get("statement"),
    )
    return etp, _etp_headers(etp)


@blp.route("/<uuid:etp_id>/approval", methods=["GET"])
@authenticated()
@bearer_auth(blp)
@error_responses(blp, 401, 404)
@blp.response(200, ApprovalReadinessSchema)
def approval_readiness(etp_id):
    """O que impede a aprovação do ETP agora

    As mesmas regras da aprovação (POST /status com `approved`), sem tentar: `ready` quando o conteúdo
    pode ser aprovado, `blockers` por seção (código do inciso) e campo (`campos.<nome>`), e se quem
    consulta pode aprovar (`can_approve`, `approver_problem`: perfil, autoridade competente, separação
    de funções). `authors`: quem criou o ETP e quem escreveu seus dados ou o texto de alguma seção.
    """
    return approval.readiness(current_identity(), etp_id)


@blp.route("/<uuid:etp_id>/sections", methods=["GET"])
@authenticated()
@bearer_auth(blp)
@error_responses(blp, 401, 404)
@blp.response(200, SectionSchema(many=True))
def list_sections(etp_id):
    """As 13 seções do ETP, em ordem de inciso (cada uma com seu `etag`)"""
    return sections.list_sections(current_identity().organization_id, etp_id)


@blp.route("/<uuid:etp_id>/sections/<int:inciso>")
class SectionResource(MethodView):
    @authenticated()
    @bearer_auth(blp)
    @error_responses(blp, 401, 404)
    @blp.response(200, SectionSchema, headers=ETAG_HEADERS)
    def get(self, etp_id, inciso):
        """Uma seção (inciso 1 a 13), com ETag"""
        _check_inciso(inciso)
        section = sections.get_section(current_identity().organization_id, etp_id, inciso)
        return section, {"ETag": section_etag(etp_id, inciso, section.version)}

    @authenticated(write=True)
    @bearer_auth(blp)
    @error_responses(blp, 401, 403, 404, 409, 412, 422, 428)
    @blp.doc(parameters=[IF_MATCH_REQUIRED_DOC])
    @blp.arguments(SectionUpdateSchema)
    @blp.response(200, SectionSchema, headers=ETAG_HEADERS)
    def put(self, data, etp_id, inciso):
        """Edita o conteúdo e/ou a justificativa de ausência de uma seção

        Exige `If-Match` com o ETag da seção (428 sem ele, 412 se desatualizado). Status passa a
        `edited` (conteúdo preenchido) ou `empty`. Justificativa só vale para seções não
        obrigatórias (422 nas obrigatórias I, IV, VI, VIII e XIII). Atualiza o `completion` do ETP.
        ETP aprovado ou arquivado: 409.
        """
        _check_inciso(inciso)
        versions = if_match_versions(etp_id, inciso)
        section = sections.update_section(current_identity(), etp_id, inciso, data, versions)
        return section, {"ETag": section_etag(etp_id, inciso, section.version)}


_FINDING_CODE_RE = re.compile(r"[a-z][a-z0-9_]{0,59}")


def _review(etp_id, inciso):
    _check_inciso(inciso)
    section = sections.review_section(
        current_identity(), etp_id, inciso, if_match_versions(etp_id, inciso, required=False)
    )
    return section, {"ETag": section_etag(etp_id, inciso, section.version)}


@blp.route("/<uuid:etp_id>/sections/<int:inciso>/review", methods=["POST"])
@authenticated(write=True)
@bearer_auth(blp)
@error_responses(blp, 401, 403, 404, 409, 412)
@blp.doc(parameters=[IF_MATCH_OPTIONAL_DOC])
@blp.response(200, SectionSchema, headers=ETAG_HEADERS)
def review_section(etp_id, inciso):
    """Revisa uma seção (quem tem permissão de escrita)

    Registra que uma pessoa revisou o texto atual: `review` da seção passa a dizer quem e quando
    ("Revisado por … em …") e o status vira `approved`. A aprovação do ETP exige a revisão de toda
    seção preenchida (e de todo texto redigido por IA) após a sua última alteração. Qualquer mudança
    posterior do texto — edição (PUT), rascunho gravado pela IA, sugestão aceita, restauração de
    versão — apaga a revisão e as ciências de achados. A seção precisa ter conteúdo (ou, se não for
    obrigatória, justificativa de ausência) e não estar em redação; senão 409. Repetir não muda nada.
    Revisar não é escrever: `updated_by` continua sendo quem escreveu o texto.
    """
    return _review(etp_id, inciso)


@blp.route("/<uuid:etp_id>/sections/<int:inciso>/approve", methods=["POST"])
@authenticated(write=True)
@bearer_auth(blp)
@error_responses(blp, 401, 403, 404, 409, 412)
@blp.doc(parameters=[IF_MATCH_OPTIONAL_DOC])
@blp.response(200, SectionSchema, headers=ETAG_HEADERS)
def approve_section(etp_id, inciso):
    """Revisa uma seção (nome antigo de /review)

    O mesmo ato de POST .../sections/<inciso>/review, mantido por compatibilidade: registra a revisão
    do texto atual por quem chama (permissão de escrita). A aprovação é do ETP inteiro (POST /status).
    """
    return _review(etp_id, inciso)


@blp.route("/<uuid:etp_id>/sections/<int:inciso>/findings/<string:code>/acknowledge", methods=["POST"])
@authenticated(write=True)
@bearer_auth(blp)
@error_responses(blp, 401, 403, 404, 409, 412, 422)
@blp.doc(parameters=[IF_MATCH_OPTIONAL_DOC])
@blp.arguments(AcknowledgeSchema)
@blp.response(200, SectionSchema, headers=ETAG_HEADERS)
def acknowledge_finding(data, etp_id, inciso, code):
    """Registra ciência de um achado de nível erro

    Para um achado de nível `error` da verificação do texto atual (p.ex. `citation_revoked`) que pode
    ficar como está, uma pessoa registra ciência com um motivo curto (`reason`, até 500 caracteres). A
    ciência fica na seção (`acknowledgements`) e na trilha de auditoria, e o achado deixa de impedir a
    aprovação. Vale para o texto atual: qualquer mudança do texto apaga as ciências (o achado, se
    continuar, precisa de nova ciência). 404 se o texto atual não tem achado de nível erro com esse
    código; registrar o mesmo motivo de novo não muda nada.
    """
    _check_inciso(inciso)
    if _FINDING_CODE_RE.fullmatch(code) is None:
        raise NotFound("Achado não encontrado: o código tem letras minúsculas, dígitos e _ (ex.: citation_revoked).")
    section = sections.acknowledge_finding(
        current_identity(),
        etp_id,
        inciso,
        code,
        data["reason"],
        if_match_versions(etp_id, inciso, required=False),
    )
    return section, {"ETag": section_etag(etp_id, inciso, section.version)}
