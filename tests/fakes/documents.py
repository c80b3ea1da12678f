"""A realistic ETP as a :class:`DocumentModel`, for renderer tests and the export benchmark.

``sample_document()`` builds a "bens" ETP (120 notebooks, R$ 1.234.567,89) with all 13 sections in
inciso order: Markdown paragraphs with emphasis, bullet lists with a nested level, numbered lists and
pipe tables; inciso II left empty with a justification of absence; citations of art. 18 and art. 23
of Lei 14.133/2021, of the revoked Lei 8.666/1993, of IN SEGES/ME 65/2021 and of Lei 12.305/2010.
AI-drafted sections end with the stored AI-notice line, as the drafting engine writes them.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from etp_app.documents.model import DocSection, DocumentModel
from etp_app.drafting.catalog import SECTIONS
from etp_app.drafting.quality import ensure_ai_notice

GENERATED_AT = datetime(2026, 3, 20, 17, 45, tzinfo=UTC)  # 20/03/2026 14:45 in Brasília
TITLE = "Aquisição de notebooks para as escolas da rede estadual"
NUMERO_PROCESSO = "23000.012345/2026-11"
VALOR_ESTIMADO = Decimal("1234567.89")
JUSTIFICATION_II = (
    "A aquisição não consta do plano de contratações anual de 2026 porque decorre de demanda "
    "superveniente: a ampliação do ensino em tempo integral foi aprovada após a consolidação do PCA. "
    "A inclusão será feita na revisão de junho, nos termos do Decreto 10.947/2022."
)

# Opening sentences of each section: the statutory subject, with the citations the tests look for.
_OPENINGS: dict[int, str] = {
    1: "Nos termos do art. 18 da Lei 14.133/2021, esta seção descreve a necessidade: as escolas da rede "
    "estadual atendem 18.400 estudantes com laboratórios de informática cujos equipamentos têm, em "
    "média, nove anos de uso e não recebem mais atualizações de segurança.",
    2: "A contratação está prevista no plano de contratações anual de 2026, item 87, com o código "
    "CATMAT 451899, conforme o Decreto 10.947/2022.",
    3: "Os requisitos foram definidos por desempenho e função, sem indicação de marca, com garantia "
    "mínima de **36 meses** e assistência técnica *on-site* em todo o território do Estado.",
    4: "A quantidade de 120 unidades resulta da memória de cálculo abaixo, que considera o número de "
    "salas atendidas, o ciclo de reposição de cinco anos e o estoque existente no almoxarifado.",
    5: "O levantamento de mercado comparou compra, locação e comodato. A antiga Lei 8.666/1993 não "
    "rege mais esta contratação; a análise segue a Lei 14.133/2021 e os painéis públicos de preços.",
    6: "O valor estimado foi apurado conforme o art. 23 da Lei 14.133/2021 e a IN SEGES/ME 65/2021, com "
    "consulta ao Painel de Preços, a contratações similares e a cotações de fornecedores.",
    7: "A solução compreende o fornecimento dos notebooks com carregador, mochila, garantia de 36 meses, "
    "assistência técnica e recebimento provisório e definitivo pela comissão designada.",
    8: "O objeto será dividido em dois itens, por região de entrega, o que amplia a competição sem "
    "perder a economia de escala, conforme os arts. 40 e 47 da Lei 14.133/2021.",
    9: "Espera-se reduzir em 40% o tempo de indisponibilidade dos laboratórios e eliminar as aquisições "
    "emergenciais de peças de reposição dos equipamentos antigos.",
    10: "Antes da assinatura, a Administração designará o gestor e os fiscais do contrato e promoverá a "
    "capacitação de ambos no acompanhamento de entregas parceladas.",
    11: "Há interdependência com a contratação de rede sem fio das escolas (processo 23000.009876/2026-01), "
    "que precisa estar concluída antes da entrega do segundo lote.",
    12: "Os impactos ambientais serão mitigados com exigência de selo de eficiência energética, "
    "embalagens recicláveis e logística reversa dos equipamentos substituídos, nos termos da "
    "Lei 12.305/2010.",
    13: "Conclui-se que a contratação é viável e adequada para atender à necessidade descrita, com o "
    "valor total estimado de R$ 1.234.567,89 para 120 unidades.",
}

_SENTENCES = (
    "A equipe de planejamento consultou as unidades escolares e consolidou as demandas em planilha "
    "própria, anexada ao processo.",
    "Os dados de uso dos laboratórios foram extraídos do sistema de agendamento e cobrem os últimos três exercícios.",
    "A diretoria pedagógica confirmou que as atividades de programação e de avaliação digital dependem de "
    "equipamentos atualizados.",
    "O histórico de chamados de manutenção mostra crescimento contínuo das falhas de disco e de bateria.",
    "A solução escolhida preserva a padronização do parque e simplifica a gestão de imagens de sistema.",
    "As especificações foram comparadas com as de contratações semelhantes de outros órgãos estaduais.",
    "A garantia estendida reduz o custo total de propriedade ao longo do ciclo de vida dos equipamentos.",
    "O recebimento será feito por amostragem, com verificação de funcionamento e de conformidade com as "
    "especificações.",
    "Os riscos identificados constam da matriz de riscos, com as respectivas medidas de tratamento.",
    "A fiscalização contará com roteiro de verificação e registro fotográfico das entregas em cada escola.",
    "A distribuição por região considera a distância entre as escolas e o almoxarifado central.",
    "Não foram identificadas soluções de mercado que atendam à necessidade com custo inferior.",
    "As quantidades poderão ser ajustadas na execução, observados os limites legais de acréscimo.",
    "O cronograma prevê entregas em até 90 dias, em duas etapas, conforme a capacidade de instalação.",
    "Os servidores responsáveis pelo recebimento serão orientados sobre os critérios de aceitação.",
    "A comunidade escolar será informada sobre o calendário de substituição dos equipamentos.",
)


def _bullet_list(n: int) -> str:
    return (
        f"Critérios observados nesta etapa ({n}):\n\n"
        "- compatibilidade com o sistema de gestão escolar e com a rede das escolas;\n"
        "- garantia mínima de 36 meses, com atendimento *on-site*;\n"
        "  - substituição do equipamento em até 5 dias úteis;\n"
        "  - peças de reposição originais ou equivalentes;\n"
        "- eficiência energética comprovada por selo ou certificação;\n"
        "- **vedação** de indicação de marca sem justificativa técnica."
    )


def _numbered_list(n: int) -> str:
    return (
        f"Etapas previstas ({n}):\n\n"
        "1. levantamento das salas e dos pontos de energia;\n"
        "2. entrega e conferência dos equipamentos no almoxarifado;\n"
        "3. instalação da imagem padrão e tombamento patrimonial;\n"
        "4. distribuição às escolas e treinamento dos professores."
    )


def _table(n: int) -> str:
    return (
        f"Quadro {n} — composição por região:\n\n"
        "| Região | Escolas | Quantidade | Valor estimado |\n"
        "|:--|--:|--:|--:|\n"
        "| Norte | 14 | 38 | R$ 390.928,83 |\n"
        "| Centro-Sul | 19 | 52 | R$ 534.979,42 |\n"
        "| Leste | 11 | 30 | R$ 308.659,64 |\n"
        "| **Total** | **44** | **120** | **R$ 1.234.567,89** |"
    )


def section_markdown(inciso: int, words: int) -> str:
    """Markdown of about ``words`` words for ``inciso``: the opening, then paragraphs of sentences with
    a bullet list (nested level), a numbered list and a table among them every ~250 words."""
    parts = [_OPENINGS[inciso]]
    count = len(_OPENINGS[inciso].split())
    sentences = itertools.cycle(_SENTENCES[inciso % len(_SENTENCES) :] + _SENTENCES[: inciso % len(_SENTENCES)])
    kinds = (_bullet_list, _numbered_list, _table)
    extras = itertools.cycle(kinds[inciso % 3 :] + kinds[: inciso % 3])  # sections differ in structure
    since_extra = 0
    n = 0
    while count < words:
        paragraph = " ".join(next(sentences) for _ in range(4))
        parts.append(paragraph)
        added = len(paragraph.split())
        count += added
        since_extra += added
        if since_extra >= 200 and count < words:
            n += 1
            block = next(extras)(n)
            parts.append(block)
            count += len(block.split())
            since_extra = 0
    return "\n\n".join(parts)


APPROVED_AT = datetime(2026, 3, 20, 17, 0, tzinfo=UTC)  # 14:00 in Brasília
APPROVAL_STATEMENT = "Aprovo o presente ETP: a aquisição é viável e adequada à necessidade."


def sample_document(status: str = "draft", words_per_section: int = 300, ai: bool = True) -> DocumentModel:
    """A full ETP (all 13 sections) of type "bens"; inciso II is empty and justified."""
    sections = []
    for s in SECTIONS:
        if s.inciso == 2:
            sections.append(
                DocSection(
                    inciso=2,
                    code=s.code,
                    title=s.title,
                    mandatory=s.mandatory,
                    content="",
                    justification=JUSTIFICATION_II,
                    ai_generated=False,
                    status="empty",
                )
            )
            continue
        content = section_markdown(s.inciso, words_per_section)
        sections.append(
            DocSection(
                inciso=s.inciso,
                code=s.code,
                title=s.title,
                mandatory=s.mandatory,
                content=ensure_ai_notice(content) if ai else content,
                justification=None,
                ai_generated=ai,
                status="approved" if status == "approved" else ("drafted" if ai else "edited"),
            )
        )
    return DocumentModel(
        etp_id="5f0c9a7e-2b1d-4c61-9a53-0d7e4b1f2a90",
        title=TITLE,
        objeto="Aquisição de 120 notebooks educacionais, com garantia de 36 meses e assistência técnica, "
        "para os laboratórios de informática das escolas da rede estadual.",
        status=status,
        template_type="bens",
        template_name="Bens e materiais",
        version_label="versão 4",
        generated_at=GENERATED_AT,
        organization_name="Secretaria de Estado da Educação de Goiás",
        sections=tuple(sections),
        numero_processo=NUMERO_PROCESSO,
        orgao="Secretaria de Estado da Educação — SEDUC",
        uasg="926754",
        unidade_requisitante="Coordenação de Tecnologia Educacional",
        responsavel_nome="Maria da Conceição Araújo",
        responsavel_matricula="1234567-8",
        data_elaboracao=date(2026, 3, 14),
        quantidade_estimada=Decimal("120"),
        unidade_medida="unidade",
        valor_estimado=VALOR_ESTIMADO,
        valor_unitario=Decimal("10288.07"),
        prazo_execucao_dias=90,
        nivel_risco="medio",
        dotacao_orcamentaria="12.361.1021.2045 — 4.4.90.52",
        descricao_necessidade="Laboratórios com equipamentos obsoletos, sem atualizações de segurança.",
        requisitos="Garantia de 36 meses; assistência técnica on-site; selo de eficiência energética.",
        riscos="Atraso na entrega; incompatibilidade com a rede das escolas.",
        campos={
            "codigo_catmat": "451899",
            "especificacao_tecnica": "Notebook com processador de 8 núcleos, 16 GB de memória, SSD de "
            "512 GB e tela de 14 polegadas.",
            "forma_fornecimento": "entrega_parcelada",
            "local_entrega": "Almoxarifado Central — Rua das Acácias, 120, Goiânia/GO",
            "prazo_entrega_dias": 90,
            "garantia_meses": 36,
            "assistencia_tecnica": True,
            "exige_amostra": False,
        },
        campos_labels={
            "codigo_catmat": "Código CATMAT",
            "especificacao_tecnica": "Especificação técnica resumida",
            "forma_fornecimento": "Forma de fornecimento",
            "local_entrega": "Local de entrega",
            "prazo_entrega_dias": "Prazo de entrega (dias)",
            "garantia_meses": "Garantia (meses)",
            "assistencia_tecnica": "Exige assistência técnica",
            "exige_amostra": "Exige amostra ou prova de conceito",
        },
        equipe_planejamento=[
            {
                "nome": "Maria da Conceição Araújo",
                "cargo": "Coordenadora",
                "papel": "requisitante",
                "matricula": "1234567-8",
            },
            {"nome": "João Pedro Lima", "cargo": "Analista de TI", "papel": "area_tecnica", "matricula": None},
        ],
        autoridade_nome="Ana Beatriz Souza",
        autoridade_cargo="Secretária de Estado da Educação",
        approved_by_name="Ana Beatriz Souza" if status == "approved" else None,
        approved_at=APPROVED_AT if status == "approved" else None,
        approval_statement=APPROVAL_STATEMENT if status == "approved" else None,
    )


def with_section(doc: DocumentModel, inciso: int, **changes: Any) -> DocumentModel:
    """``doc`` with the section of ``inciso`` changed (``content=...``, ``justification=...``)."""
    sections = tuple(replace(s, **changes) if s.inciso == inciso else s for s in doc.sections)
    return replace(doc, sections=sections)
