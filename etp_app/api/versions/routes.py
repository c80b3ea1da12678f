"""Versions of an ETP (API.md "Versions"): numbered snapshots, their diff, and restore.

Every route is scoped to the caller's organization (another organization's ETP answers 404). Reading
is open to every role; saving a version and restoring one need a writer role (viewers: 403).
"""

from __future__ import annotations

from flask import url_for

from etp_app.api.common import (
    ETAG_HEADER_DOC,
    IF_MATCH_REQUIRED_DOC,
    LOCATION_HEADER_DOC,
    ApiBlueprint,
    bearer_auth,
    error_responses,
    if_match_versions,
    make_etag,
)
from etp_app.api.etps.schemas import EtpSchema
from etp_app.api.versions.authors import with_authors, with_field_labels
from etp_app.api.versions.schemas import VersionCreateSchema, VersionDetailSchema, VersionDiffSchema, VersionSchema
from etp_app.security import authenticated, current_identity
from etp_app.services import versions

blp = ApiBlueprint(
    "versions",
    __name__,
    url_prefix="/api/v1",
    description="Versões do ETP: pontos de salvamento, comparação (diff) e restauração.",
)

BASE = "/etps/<uuid:etp_id>/versions"


@blp.route(BASE, methods=["GET"])
@authenticated()
@bearer_auth(blp)
@error_responses(blp, 401, 404)
@blp.response(200, VersionSchema(many=True))
@blp.paginate()
def list_versions(etp_id, pagination_parameters):
    """Versões do ETP, da mais recente para a mais antiga (sem os snapshots)

    Versões são criadas por ponto de salvamento explícito (`manual`), pelas edições de pessoas
    (`edit`: cada sessão de digitação de uma pessoa numa seção, ou nos dados do ETP, é uma só
    versão, atualizada a cada salvamento feito em até `VERSION_COALESCE_SECONDS` segundos do
    anterior — veja `updated_at`), antes e depois da redação do ETP inteiro por IA e antes da redação
    de uma seção (`before_draft`), ao aceitar uma sugestão (`suggestion`), ao reconhecer um
    apontamento de qualidade (`acknowledgement`), em cada mudança de status (`status`), na
    aprovação (`approval`) e antes de cada restauração (`before_restore`). `scope` diz a parte do
    ETP que a versão registra (código da seção ou `fields`). Paginação por `page` e `page_size`,
    metadados no cabeçalho `X-Pagination`.
    """
    rows, total = versions.list_versions(
        current_identity().organization_id,
        etp_id,
        page=pagination_parameters.page,
        page_size=pagination_parameters.page_size,
    )
    pagination_parameters.item_count = total
    return with_authors(rows)


@blp.route(BASE, methods=["POST"])
@authenticated(write=True)
@bearer_auth(blp)
@error_responses(blp, 401, 403, 404, 422)
@blp.arguments(VersionCreateSchema)
@blp.response(201, VersionSchema, headers={"Location": LOCATION_HEADER_DOC})
def create_version(data, etp_id):
    """Cria um ponto de salvamento (versão `manual`) com o estado atual do ETP e das 13 seções"""
    version = versions.create_version(current_identity(), etp_id, data["label"])
    location = url_for("versions.get_version", etp_id=etp_id, number=version.number)
    return with_authors([version])[0], {"Location": location}


@blp.route(BASE + "/<int:number>", methods=["GET"])
@authenticated()
@bearer_auth(blp)
@error_responses(blp, 401, 404)
@blp.response(200, VersionDetailSchema)
def get_version(etp_id, number):
    """Uma versão, com o snapshot: todos os campos do ETP e as 13 seções"""
    version = versions.get_version(current_identity().organization_id, etp_id, number)
    return with_authors([version], snapshot=True)[0]


@blp.route(BASE + "/<int:a>/diff/<int:b>", methods=["GET"])
@authenticated()
@bearer_auth(blp)
@error_responses(blp, 401, 404)
@blp.response(200, VersionDiffSchema)
def diff_versions(etp_id, a, b):
    """O que mudou da versão `a` para a versão `b`

    `fields`: só os campos do ETP que mudaram, `{campo: {before, after, label}}`, resumidos em
    `fields_summary` ("3 campos alterados"). `sections`: só as seções com mudança, cada uma com um
    resumo (`summary`, por exemplo "+120 / −40 palavras; status alterado"), a diferença palavra a
    palavra do conteúdo (`ops`, a forma compacta `unified` e as contagens `words_added` /
    `words_removed`) e as mudanças de justificativa, status, marca de IA e sugestão (`null` quando
    não mudaram).
    """
    return with_field_labels(versions.diff_versions(current_identity().organization_id, etp_id, a, b))


@blp.route(BASE + "/<int:a>/diff/current", methods=["GET"])
@authenticated()
@bearer_auth(blp)
@error_responses(blp, 401, 404)
@blp.response(200, VersionDiffSchema)
def diff_version_with_current(etp_id, a):
    """O que mudou da versão `a` até o estado atual do ETP (mesmo formato do diff entre versões)"""
    return with_field_labels(versions.diff_versions(current_identity().organization_id, etp_id, a, versions.CURRENT))


@blp.route(BASE + "/<int:number>/restore", methods=["POST"])
@authenticated(write=True)
@bearer_auth(blp)
@error_responses(blp, 401, 403, 404, 409, 412, 428)
@blp.doc(parameters=[IF_MATCH_REQUIRED_DOC])
@blp.response(200, EtpSchema, headers={"ETag": ETAG_HEADER_DOC})
def restore_version(etp_id, number):
    """Restaura os dados do ETP e o texto das 13 seções como estavam na versão `number`

    Exige `If-Match` com o ETag atual do ETP, como toda escrita (428 sem ele, 412 se desatualizado).
    Numa só transação: guarda antes o estado atual como nova versão (`before_restore`, para desfazer),
    devolve todos os campos do ETP e, em cada seção, o conteúdo, a justificativa, a sugestão, a
    marca de IA, a procedência do texto e as notas do redator (as seções mantêm suas identidades), e
    recalcula o `completion`. Restaura texto e dados, nunca atos de pessoas: o status do ETP não muda
    (use POST /status); uma seção guardada como `approved` volta como `drafted` (texto de rascunho,
    por IA ou pelo modelo) ou `edited` (texto de pessoa); as seções restauradas voltam sem marca de
    revisão nem reconhecimento de apontamentos (precisam ser revisadas de novo). ETP aprovado ou
    arquivado: 409 (reabra-o antes); redação por IA em andamento: 409.
    """
    etp = versions.restore_version(current_identity(), etp_id, number, if_match_versions(etp_id))
    return etp, {"ETag": make_etag(etp.id, version=etp.version)}
