"""Contract-type templates: type-specific fields and per-section drafting guidance.

Four templates (``bens``, ``servicos``, ``obras``, ``ti``) change which extra fields an ETP asks for
(stored in the ETP's ``campos``) and the guidance the drafting uses for each of the 13 incisos of
art. 18, §1º, da Lei 14.133/2021. Plain data only: no Flask, no ORM.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from etp_app.drafting.catalog import ALL_INCISOS, spec
from etp_app.drafting.formatting import format_date_br, format_number_br, to_date, to_decimal

FIELD_KINDS = ("string", "text", "integer", "decimal", "boolean", "date", "enum")
STRING_MAX_CHARS = 300
TEXT_MAX_CHARS = 10_000
_INTEGER_RE = re.compile(r"^\s*\d+\s*$")
# Integers of ``campos``: a quantity of days, months or units, never beyond a 32-bit integer (a
# 10^30 or a 5,000-digit string is no answer to any field, and breaks what formats or stores it).
CAMPO_INTEGER_MAX = 2**31 - 1
# Decimals of ``campos``: at most this many digits before the point (the money columns' range).
CAMPO_DECIMAL_MAX_DIGITS = 15
_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# pt-BR labels of enum choices, for forms and drafted text
CHOICE_LABELS: dict[str, str] = {
    # bens
    "entrega_unica": "entrega única",
    "entrega_parcelada": "entregas parceladas conforme a demanda",
    "sistema_registro_precos": "Sistema de Registro de Preços",
    # obras
    "obra_nova": "obra nova",
    "reforma": "reforma",
    "ampliacao": "ampliação",
    "servico_engenharia_comum": "serviço comum de engenharia",
    "servico_engenharia_especial": "serviço especial de engenharia",
    "empreitada_preco_unitario": "empreitada por preço unitário",
    "empreitada_preco_global": "empreitada por preço global",
    "empreitada_integral": "empreitada integral",
    "contratacao_por_tarefa": "contratação por tarefa",
    "contratacao_integrada": "contratação integrada",
    "contratacao_semi_integrada": "contratação semi-integrada",
    "fornecimento_e_prestacao_servico_associado": "fornecimento e prestação de serviço associado",
    "anteprojeto": "anteprojeto",
    "projeto_basico": "projeto básico",
    "projeto_executivo": "projeto executivo",
    "sinapi": "SINAPI",
    "sicro": "SICRO",
    "sinapi_e_sicro": "SINAPI e SICRO",
    "outra_tabela_oficial": "outra tabela oficial de referência",
    "nao_exigido": "não exigido",
    "licenca_previa": "licença prévia",
    "licenca_instalacao": "licença de instalação",
    "licenca_operacao": "licença de operação",
    "em_obtencao": "em obtenção",
    # ti
    "bens_tic": "aquisição de bens de TIC",
    "servicos_tic": "contratação de serviços de TIC",
    "licenciamento_software": "licenciamento de software",
    "servicos_computacao_nuvem": "serviços de computação em nuvem",
    "desenvolvimento_sustentacao_sistemas": "desenvolvimento e sustentação de sistemas",
    "outro": "outro enquadramento",
    "on_premises": "infraestrutura própria do órgão (on-premises)",
    "nuvem_publica": "nuvem pública",
    "nuvem_hibrida": "nuvem híbrida",
    "software_como_servico": "software como serviço (SaaS)",
    "nao_aplicavel": "não aplicável",
    "preco_fixo_por_entrega": "preço fixo por entrega",
    "ponto_de_funcao": "ponto de função",
    "licenca_ou_assinatura": "licença ou assinatura",
    "consumo_de_recursos": "consumo de recursos",
    "outra": "outra métrica",
}


@dataclass(frozen=True)
class FieldSpec:
    """One type-specific field of an ETP. Numeric fields hold non-negative values; names ending in
    ``_percentual`` hold a percentage between 0 and 100."""

    name: str
    label: str
    kind: str  # "string" | "text" | "integer" | "decimal" | "boolean" | "date" | "enum"
    required: bool = False
    help: str = ""
    choices: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in FIELD_KINDS:
            raise ValueError(f"unknown field kind {self.kind!r} for {self.name!r}")
        if (self.kind == "enum") != bool(self.choices):
            raise ValueError(f"field {self.name!r}: choices are required for enums and only for enums")

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "kind": self.kind,
            "required": self.required,
            "help": self.help,
            "choices": list(self.choices),
            "choice_labels": {c: CHOICE_LABELS.get(c, c) for c in self.choices},
        }


@dataclass(frozen=True)
class ContractTemplate:
    """A contract type: its type-specific fields and pt-BR guidance for each of the 13 incisos."""

    type: str
    name: str
    description: str
    fields: tuple[FieldSpec, ...]
    guidance: dict[int, str]  # inciso -> pt-BR guidance for that section, for all 13 incisos

    def __post_init__(self) -> None:
        if sorted(self.guidance) != list(ALL_INCISOS):
            raise ValueError(f"template {self.type!r} must give guidance for incisos 1..13")
        names = [f.name for f in self.fields]
        if len(names) != len(set(names)):
            raise ValueError(f"template {self.type!r} has duplicate field names")

    def field(self, name: str) -> FieldSpec:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "name": self.name,
            "description": self.description,
            "fields": [f.to_dict() for f in self.fields],
            "guidance": [
                {
                    "inciso": inciso,
                    "code": spec(inciso).code,
                    "title": spec(inciso).title,
                    "guidance": self.guidance[inciso],
                }
                for inciso in ALL_INCISOS
            ],
        }


# --------------------------------------------------------------------------------------------------
# bens / materiais
# --------------------------------------------------------------------------------------------------

_BENS = ContractTemplate(
    type="bens",
    name="Bens e materiais",
    description=(
        "Aquisição de bens e materiais de consumo ou permanentes, com identificação no catálogo "
        "CATMAT, garantia, prazo e local de entrega."
    ),
    fields=(
        FieldSpec(
            "codigo_catmat",
            "Código CATMAT",
            "string",
            help="Código do item no Catálogo de Materiais (CATMAT) do Compras.gov.br. "
            "Havendo vários itens, informe-os separados por vírgula.",
        ),
        FieldSpec(
            "especificacao_tecnica",
            "Especificação técnica resumida",
            "text",
            help="Características essenciais do bem, sem indicar marca ou modelo.",
        ),
        FieldSpec(
            "forma_fornecimento",
            "Forma de fornecimento",
            "enum",
            choices=("entrega_unica", "entrega_parcelada", "sistema_registro_precos"),
            help="Entrega única, entregas parceladas conforme demanda ou Sistema de Registro de Preços.",
        ),
        FieldSpec(
            "local_entrega",
            "Local de entrega",
            "string",
            help="Endereço completo do almoxarifado ou da unidade recebedora.",
        ),
        FieldSpec(
            "prazo_entrega_dias",
            "Prazo de entrega (dias)",
            "integer",
            help="Prazo máximo, em dias corridos, contado do recebimento da nota de empenho "
            "ou da ordem de fornecimento.",
        ),
        FieldSpec(
            "garantia_meses",
            "Garantia (meses)",
            "integer",
            help="Prazo de garantia do fabricante ou do fornecedor, em meses.",
        ),
        FieldSpec(
            "assistencia_tecnica",
            "Exige assistência técnica",
            "boolean",
            help="Marque se o fornecedor deve prestar assistência técnica durante a garantia.",
        ),
        FieldSpec(
            "vida_util_anos",
            "Vida útil estimada (anos)",
            "integer",
            help="Vida útil esperada do bem permanente, usada no ciclo de reposição.",
        ),
        FieldSpec(
            "exige_amostra",
            "Exige amostra ou prova de conceito",
            "boolean",
            help="Marque se a aceitação da proposta dependerá da análise de amostra.",
        ),
        FieldSpec(
            "historico_consumo",
            "Histórico de consumo",
            "text",
            help="Quantidades consumidas ou adquiridas nos últimos exercícios, com a fonte "
            "(sistema de almoxarifado, contratos anteriores).",
        ),
        FieldSpec(
            "criterios_sustentabilidade",
            "Critérios de sustentabilidade",
            "text",
            help="Exigências de eficiência energética, materiais recicláveis, embalagens, "
            "certificações ambientais e logística reversa.",
        ),
    ),
    guidance={
        1: "Descreva o problema do ponto de vista do serviço público: que atividade fica prejudicada "
        "sem os bens, quais unidades e quantos usuários são afetados e desde quando. Traga "
        "evidências — estoque zerado ou abaixo do mínimo, equipamentos obsoletos ou fora de "
        "garantia, chamados de manutenção, aumento de demanda — e diga o que acontece se a "
        "aquisição não for feita.",
        2: "Informe o número do item no plano de contratações anual (PCA) do exercício e o código "
        "CATMAT correspondente. Se a aquisição não constar do PCA, explique o motivo (demanda "
        "superveniente, por exemplo) e a providência para sua inclusão, nos termos do Decreto "
        "10.947/2022.",
        3: "Liste os requisitos do bem por desempenho e função, não por marca: dimensões, capacidade, "
        "normas técnicas (ABNT, INMETRO) aplicáveis, garantia mínima, assistência técnica, prazo "
        "e local de entrega e critérios de sustentabilidade. Indicação de marca ou exigência de "
        "amostra só com justificativa técnica expressa.",
        4: "Apresente a quantidade de cada item com sua unidade de fornecimento e a memória de "
        "cálculo: histórico de consumo dos últimos exercícios, número de usuários ou postos "
        "atendidos, ciclo de reposição pela vida útil e estoque existente. Se houver Sistema de "
        "Registro de Preços, justifique as quantidades máxima e mínima.",
        5: "Compare ao menos duas alternativas — compra, locação, comodato, outsourcing ou outro "
        "tipo de bem — quanto ao custo total de propriedade (aquisição, manutenção, consumo de "
        "energia, descarte) e ao atendimento técnico. Consulte contratações semelhantes de outros "
        "órgãos e o catálogo CATMAT.",
        6: "Apresente o valor unitário e o total de cada item e a memória de cálculo. Documente a "
        "pesquisa de preços conforme o art. 23 da Lei 14.133/2021 e a IN SEGES/ME 65/2021: "
        "Painel de Preços, contratações similares de outros órgãos, mídia especializada, "
        "cotações de fornecedores e notas fiscais, com as datas. Informe o método estatístico "
        "usado (média, mediana ou menor preço).",
        7: "Descreva a solução completa: o bem, acessórios, embalagem, transporte, entrega, "
        "instalação quando houver, garantia, assistência técnica e forma de recebimento "
        "provisório e definitivo. Indique como o bem será armazenado, distribuído e mantido ao "
        "longo da vida útil.",
        8: "Em compras, o parcelamento em itens é a regra quando técnica e economicamente viável "
        "(art. 40 da Lei 14.133/2021). Justifique o agrupamento em lote apenas se houver ganho "
        "de escala, padronização ou dependência técnica entre os itens, e avalie a reserva de "
        "cotas para microempresas e empresas de pequeno porte.",
        9: "Indique resultados mensuráveis: redução do custo unitário, menor tempo de "
        "indisponibilidade dos equipamentos, economia de energia, redução de estoque parado ou "
        "do número de aquisições emergenciais. Sempre que possível, informe a situação atual que "
        "servirá de linha de base.",
        10: "Liste o que a Administração precisa fazer antes da assinatura: designação e capacitação "
        "do gestor e dos fiscais e adequação do espaço de armazenagem ou da rede elétrica. "
        "Defina também o fluxo de recebimento e de tombamento patrimonial e o eventual "
        "desfazimento dos bens substituídos.",
        11: "Identifique contratações que dependem desta ou das quais esta depende — instalação, "
        "manutenção, insumos, licenças, mobiliário — ou declare expressamente que não há "
        "contratações correlatas ou interdependentes.",
        12: "Descreva os impactos ambientais do bem ao longo do ciclo de vida e as medidas "
        "mitigadoras: eficiência energética (selo Procel ou equivalente), materiais recicláveis "
        "e embalagens reduzidas. Preveja a logística reversa de pilhas, baterias, lâmpadas e "
        "eletrônicos e a destinação adequada dos bens substituídos.",
        13: "Conclua de forma expressa se a aquisição é viável e adequada para atender à necessidade "
        "descrita, retomando a necessidade, a solução escolhida, a quantidade e o valor "
        "estimados. Se houver ressalvas ou condicionantes, indique-as.",
    },
)

# --------------------------------------------------------------------------------------------------
# serviços
# --------------------------------------------------------------------------------------------------

_SERVICOS = ContractTemplate(
    type="servicos",
    name="Serviços",
    description=(
        "Contratação de serviços, contínuos ou não, com ou sem dedicação exclusiva de mão de obra: "
        "postos de trabalho, produtividade, convenção coletiva e medição de resultados."
    ),
    fields=(
        FieldSpec(
            "natureza_continuada",
            "Serviço de natureza continuada",
            "boolean",
            required=True,
            help="Marque se o serviço atende necessidade permanente ou prolongada da Administração.",
        ),
        FieldSpec(
            "dedicacao_exclusiva",
            "Dedicação exclusiva de mão de obra",
            "boolean",
            help="Marque se os empregados do contratado ficam à disposição exclusiva do órgão nas suas dependências.",
        ),
        FieldSpec(
            "postos_trabalho",
            "Número de postos de trabalho",
            "integer",
            help="Quantidade total de postos, quando a contratação for por postos.",
        ),
        FieldSpec(
            "descricao_postos",
            "Descrição dos postos",
            "text",
            help="Categorias profissionais, jornada e quantidade de cada posto.",
        ),
        FieldSpec(
            "convencao_coletiva",
            "Convenção ou acordo coletivo",
            "string",
            help="Instrumento coletivo de referência (sindicatos e número de registro no "
            "Mediador do Ministério do Trabalho).",
        ),
        FieldSpec(
            "data_base_categoria",
            "Data-base da categoria",
            "date",
            help="Data-base do instrumento coletivo, relevante para a repactuação.",
        ),
        FieldSpec(
            "produtividade_referencia",
            "Produtividade de referência",
            "text",
            help="Índice de produtividade adotado (por exemplo, área em m² por servente por dia) e sua fonte.",
        ),
        FieldSpec(
            "area_m2",
            "Área a atender (m²)",
            "decimal",
            help="Área total em m² que o serviço atende (por exemplo, a área a limpar): com a produtividade por "
            "posto, dá o número de postos.",
        ),
        FieldSpec(
            "produtividade_m2_posto",
            "Produtividade por posto (m² por posto)",
            "decimal",
            help="Área em m² que um posto de trabalho atende: a área a atender dividida por ela, arredondada "
            "para cima, é o número de postos.",
        ),
        FieldSpec(
            "instrumento_medicao_resultado",
            "Adota instrumento de medição de resultado",
            "boolean",
            help="Marque se o pagamento será vinculado a indicadores de qualidade e resultado.",
        ),
        FieldSpec(
            "vigencia_meses",
            "Vigência inicial (meses)",
            "integer",
            help="Prazo de vigência inicial do contrato, em meses.",
        ),
        FieldSpec("local_prestacao", "Local de prestação", "string", help="Endereço(s) onde o serviço será prestado."),
        FieldSpec(
            "horario_prestacao",
            "Horário de prestação",
            "string",
            help="Dias e horários de execução (por exemplo, segunda a sexta, das 7h às 19h).",
        ),
        FieldSpec(
            "conta_vinculada",
            "Conta-depósito vinculada",
            "boolean",
            help="Marque se serão depositadas provisões trabalhistas em conta vinculada.",
        ),
    ),
    guidance={
        1: "Descreva a atividade que precisa ser executada, por que ela não pode ou não deve ser "
        "realizada por servidores do quadro e quem depende dela. Use dados: área atendida, "
        "volume de demandas, ocorrências e custos do contrato atual, se houver, e o risco de "
        "interrupção do serviço. Se for serviço contínuo, demonstre a necessidade permanente ou "
        "prolongada.",
        2: "Indique o item do plano de contratações anual (PCA) que prevê o serviço. Em "
        "prorrogação ou nova contratação de serviço contínuo, registre a vigência do contrato "
        "atual; se não houver previsão no PCA, justifique e indique como será incluída, nos "
        "termos do Decreto 10.947/2022.",
        3: "Defina o serviço pelos resultados esperados: escopo, rotinas e frequências, horários, "
        "qualificação mínima dos profissionais, uniformes, materiais e equipamentos, critérios "
        "de sustentabilidade e requisitos de qualificação técnica do contratado. Evite exigências "
        "que restrinjam a competição sem justificativa.",
        4: "Apresente o dimensionamento e sua memória de cálculo: para serviços por produtividade, "
        "a área ou o volume a atender dividido pela produtividade de referência; para postos, a "
        "escala de trabalho e a jornada de cada posto. Registre a fonte dos dados (levantamento "
        "de áreas, histórico de demandas).",
        5: "Compare as formas de atender à necessidade: contratação por postos ou por resultado, "
        "execução indireta ou por servidores, automação, compartilhamento com outros órgãos. "
        "Considere custo total, riscos trabalhistas, qualidade e experiências de outros órgãos "
        "com soluções semelhantes.",
        6: "Apresente o valor mensal e o total do período, o preço unitário (por posto, por m² ou "
        "por unidade de serviço) e a memória de cálculo. Em dedicação exclusiva de mão de obra, "
        "baseie a estimativa na planilha de custos e formação de preços com salários e benefícios "
        "da convenção coletiva. Documente as fontes do art. 23 da Lei 14.133/2021 e da IN "
        "SEGES/ME 65/2021, com datas.",
        7: "Descreva como o serviço será executado do início ao fim: rotinas, materiais e "
        "equipamentos fornecidos, supervisão, transição do contrato anterior, forma de "
        "solicitação e de medição, indicadores de qualidade e a relação entre resultado e "
        "pagamento.",
        8: "Explique se o serviço será dividido em lotes (por localidade, por tipo de serviço) ou "
        "contratado de forma unificada. Considere a economia de escala, a ampliação da "
        "competição, a gestão contratual e a responsabilidade técnica (art. 47 da Lei "
        "14.133/2021).",
        9: "Indique resultados mensuráveis: níveis de qualidade a alcançar, redução de custo por "
        "unidade de serviço, menor tempo de atendimento, liberação de servidores para "
        "atividades finalísticas. Informe a linha de base atual sempre que houver dados.",
        10: "Liste as providências antes da assinatura: designação e capacitação do gestor e dos "
        "fiscais técnico e administrativo, espaço físico e instalações para a equipe do "
        "contratado e controle de acesso. Inclua o plano de transição do contrato vigente e, se "
        "houver dedicação exclusiva, a abertura da conta-depósito vinculada.",
        11: "Identifique contratações relacionadas — fornecimento de materiais, manutenção "
        "predial, vigilância, sistemas de controle — e a dependência entre elas, ou declare que "
        "não há contratações correlatas ou interdependentes.",
        12: "Avalie os impactos ambientais da execução: uso de água, energia e produtos químicos, "
        "geração de resíduos. Exija produtos biodegradáveis ou com menor toxicidade, "
        "coleta seletiva, destinação adequada de resíduos e treinamento dos empregados em "
        "práticas sustentáveis.",
        13: "Conclua de forma expressa se a contratação do serviço é viável e adequada à "
        "necessidade, retomando o modelo de execução escolhido, o dimensionamento e o valor "
        "estimado. Registre condicionantes, se houver.",
    },
)

# --------------------------------------------------------------------------------------------------
# obras e serviços de engenharia
# --------------------------------------------------------------------------------------------------

_OBRAS = ContractTemplate(
    type="obras",
    name="Obras e serviços de engenharia",
    description=(
        "Obras, reformas e serviços de engenharia: referências SINAPI/SICRO, BDI, ART/RRT, regime "
        "de execução, cronograma físico-financeiro e licenciamento ambiental."
    ),
    fields=(
        FieldSpec(
            "natureza_intervencao",
            "Natureza da intervenção",
            "enum",
            required=True,
            choices=("obra_nova", "reforma", "ampliacao", "servico_engenharia_comum", "servico_engenharia_especial"),
            help="Classificação do objeto segundo o art. 6º da Lei 14.133/2021.",
        ),
        FieldSpec(
            "regime_execucao",
            "Regime de execução",
            "enum",
            choices=(
                "empreitada_preco_unitario",
                "empreitada_preco_global",
                "empreitada_integral",
                "contratacao_por_tarefa",
                "contratacao_integrada",
                "contratacao_semi_integrada",
                "fornecimento_e_prestacao_servico_associado",
            ),
            help="Regimes previstos no art. 46 da Lei 14.133/2021.",
        ),
        FieldSpec(
            "peca_tecnica",
            "Peça técnica disponível",
            "enum",
            choices=("anteprojeto", "projeto_basico", "projeto_executivo"),
            help="Nível de detalhamento do projeto que instruirá a licitação.",
        ),
        FieldSpec(
            "base_referencia_precos",
            "Base de referência de preços",
            "enum",
            choices=("sinapi", "sicro", "sinapi_e_sicro", "outra_tabela_oficial"),
            help="Sistema de referência usado no orçamento (art. 23, §2º, da Lei 14.133/2021).",
        ),
        FieldSpec(
            "data_base_orcamento",
            "Data-base do orçamento",
            "date",
            help="Mês de referência dos preços da tabela utilizada.",
        ),
        FieldSpec(
            "desonerado",
            "Orçamento com encargos desonerados",
            "boolean",
            help="Marque se o orçamento usa a tabela com desoneração da folha.",
        ),
        FieldSpec(
            "bdi_percentual",
            "BDI (%)",
            "decimal",
            help="Percentual de Benefícios e Despesas Indiretas aplicado ao custo direto, entre 0 e 100.",
        ),
        FieldSpec(
            "art_rrt",
            "ART/RRT",
            "string",
            help="Número da Anotação (CREA) ou do Registro (CAU) de Responsabilidade Técnica "
            "do projeto e do orçamento.",
        ),
        FieldSpec(
            "endereco_obra", "Endereço da obra", "string", help="Localização do imóvel ou trecho objeto da intervenção."
        ),
        FieldSpec(
            "area_intervencao_m2",
            "Área de intervenção (m²)",
            "decimal",
            help="Área construída ou reformada, em metros quadrados.",
        ),
        FieldSpec(
            "cronograma_fisico_financeiro",
            "Cronograma físico-financeiro",
            "text",
            help="Etapas, prazos e percentuais de desembolso previstos.",
        ),
        FieldSpec(
            "licenca_ambiental",
            "Licenciamento ambiental",
            "enum",
            choices=("nao_exigido", "licenca_previa", "licenca_instalacao", "licenca_operacao", "em_obtencao"),
            help="Situação do licenciamento ambiental do empreendimento.",
        ),
        FieldSpec(
            "matriz_riscos",
            "Possui matriz de riscos",
            "boolean",
            help="Marque se a contratação terá matriz de alocação de riscos.",
        ),
    ),
    guidance={
        1: "Descreva a situação atual do imóvel ou da infraestrutura e o problema que a intervenção "
        "resolve: patologias, laudos de vistoria, interdições, inadequação às normas de "
        "acessibilidade ou de segurança contra incêndio, aumento de demanda. Indique quem é "
        "afetado e os riscos de não intervir (deterioração, acidentes, custos maiores no futuro).",
        2: "Indique o item do plano de contratações anual (PCA) que prevê a obra ou o serviço de "
        "engenharia e, quando couber, a previsão no plano plurianual e na programação "
        "orçamentária. Se não houver previsão no PCA, justifique e indique como será incluída, "
        "nos termos do Decreto 10.947/2022.",
        3: "Indique a peça técnica que instruirá a licitação (anteprojeto, projeto básico ou "
        "executivo), as normas técnicas da ABNT aplicáveis e a exigência de ART ou RRT. Defina a "
        "qualificação técnico-operacional e técnico-profissional pertinente às parcelas de maior "
        "relevância, o regime de execução e os critérios de sustentabilidade e acessibilidade.",
        4: "Apresente os quantitativos a partir do levantamento do projeto: áreas, volumes, "
        "extensões e unidades de cada serviço, com a memória de cálculo por item da planilha "
        "orçamentária. Indique as pranchas ou o levantamento de campo que os suportam.",
        5: "Compare alternativas de solução: reforma ou construção nova, locação ou aquisição de "
        "imóvel, diferentes sistemas construtivos ou soluções de engenharia. Considere custo de "
        "implantação, custo de manutenção e operação, prazo, impacto nas atividades do órgão e "
        "viabilidade técnica, e justifique a escolha.",
        6: "Apresente o orçamento estimado com o custo direto, o BDI adotado e o valor total. Use "
        "como referência a mediana do SINAPI ou do SICRO, conforme o art. 23, §2º, da Lei "
        "14.133/2021, informando a data-base, a localidade e se a tabela é desonerada. Para "
        "itens fora das tabelas oficiais, registre as composições próprias e as cotações "
        "utilizadas.",
        7: "Descreva a solução como um todo: escopo da intervenção, etapas de execução, "
        "canteiro de obras e interferências com o funcionamento do órgão. Trate também do "
        "recebimento provisório e definitivo, da garantia da obra, do manual de uso e manutenção "
        "e das necessidades de manutenção predial após a entrega.",
        8: "Analise o parcelamento: divisão em etapas ou em lotes por especialidade (civil, "
        "elétrica, climatização) ou localidade, frente à responsabilidade técnica única, à "
        "compatibilização entre serviços e à economia de escala. Justifique a escolha, "
        "considerando os arts. 40 e 47 da Lei 14.133/2021.",
        9: "Indique os resultados esperados: área recuperada ou ampliada, adequação às normas, "
        "redução de gastos com manutenção corretiva, energia e aluguel, melhoria das condições "
        "de trabalho e de atendimento ao público. Informe a situação atual para comparação.",
        10: "Liste as providências prévias: aprovação dos projetos nos órgãos competentes, alvarás, "
        "licenças ambientais, regularização do imóvel e remanejamento de pessoas e bens durante "
        "a obra. Inclua a designação e a capacitação da fiscalização técnica, com profissional "
        "habilitado, e a definição da matriz de riscos, quando cabível.",
        11: "Identifique contratações correlatas: projetos, fiscalização ou supervisão terceirizada, "
        "mobiliário, equipamentos, sistemas de segurança, mudança e manutenção predial, ou "
        "declare que não há contratações correlatas ou interdependentes.",
        12: "Descreva os impactos ambientais da obra: resíduos da construção civil, ruído, poeira, "
        "supressão de vegetação, consumo de água e energia. Indique as medidas mitigadoras, "
        "como o plano de gerenciamento de resíduos com destinação conforme a Resolução CONAMA "
        "307/2002, a eficiência energética da edificação e, quando exigido, o licenciamento "
        "ambiental.",
        13: "Conclua de forma expressa se a obra ou o serviço de engenharia é viável técnica e "
        "economicamente e adequado à necessidade, retomando a solução escolhida, o regime de "
        "execução, o prazo e o valor estimados. Registre as condicionantes, como licenças, "
        "aprovações e disponibilidade orçamentária.",
    },
)

# --------------------------------------------------------------------------------------------------
# tecnologia da informação e comunicação
# --------------------------------------------------------------------------------------------------

_TI = ContractTemplate(
    type="ti",
    name="Tecnologia da informação e comunicação",
    description=(
        "Soluções de TIC (bens, serviços, software, nuvem): alinhamento ao PDTIC e à IN SGD/ME "
        "94/2022, níveis de serviço, segurança da informação, LGPD e integração."
    ),
    fields=(
        FieldSpec(
            "enquadramento_in94",
            "Enquadramento na IN SGD/ME 94/2022",
            "enum",
            required=True,
            choices=(
                "bens_tic",
                "servicos_tic",
                "licenciamento_software",
                "servicos_computacao_nuvem",
                "desenvolvimento_sustentacao_sistemas",
                "outro",
            ),
            help="Categoria da solução de TIC no processo de contratação da IN SGD/ME 94/2022.",
        ),
        FieldSpec(
            "alinhamento_pdtic",
            "Alinhamento ao PDTIC",
            "string",
            help="Necessidade ou ação do Plano Diretor de TIC atendida pela contratação.",
        ),
        FieldSpec(
            "modelo_implantacao",
            "Modelo de implantação",
            "enum",
            choices=("on_premises", "nuvem_publica", "nuvem_hibrida", "software_como_servico", "nao_aplicavel"),
            help="Onde a solução será executada e hospedada.",
        ),
        FieldSpec(
            "niveis_servico",
            "Níveis de serviço (SLA)",
            "text",
            help="Indicadores, metas e prazos de atendimento e de solução, com as glosas aplicáveis.",
        ),
        FieldSpec(
            "disponibilidade_percentual",
            "Disponibilidade mínima (%)",
            "decimal",
            help="Disponibilidade mensal mínima exigida, entre 0 e 100.",
        ),
        FieldSpec(
            "seguranca_informacao",
            "Requisitos de segurança da informação",
            "text",
            help="Controles de acesso, criptografia, registro de auditoria, gestão de vulnerabilidades e continuidade.",
        ),
        FieldSpec(
            "trata_dados_pessoais",
            "Trata dados pessoais",
            "boolean",
            help="Marque se a solução armazenará ou processará dados pessoais.",
        ),
        FieldSpec(
            "conformidade_lgpd",
            "Conformidade com a LGPD",
            "text",
            help="Papel do contratado como operador, bases legais, localização dos dados e "
            "medidas de proteção exigidas pela Lei 13.709/2018.",
        ),
        FieldSpec(
            "integracao_sistemas",
            "Integração com sistemas",
            "text",
            help="Sistemas, APIs e padrões com os quais a solução deve se integrar.",
        ),
        FieldSpec(
            "metrica_remuneracao",
            "Métrica de remuneração",
            "enum",
            choices=(
                "preco_fixo_por_entrega",
                "ponto_de_funcao",
                "licenca_ou_assinatura",
                "consumo_de_recursos",
                "outra",
            ),
            help="Como os serviços ou o uso da solução serão medidos e pagos.",
        ),
        FieldSpec(
            "transferencia_conhecimento",
            "Exige transferência de conhecimento",
            "boolean",
            help="Marque se o contratado deve repassar conhecimento à equipe do órgão.",
        ),
        FieldSpec(
            "garantia_suporte_meses",
            "Garantia e suporte (meses)",
            "integer",
            help="Prazo de garantia e suporte técnico, em meses.",
        ),
    ),
    guidance={
        1: "Descreva a necessidade de negócio, não a tecnologia: que processo ou serviço público "
        "fica comprometido e quem são e quantos são os usuários. Mostre os indicadores do "
        "problema (indisponibilidades, chamados, tempo de atendimento, fim do suporte do "
        "fabricante) e qual necessidade do PDTIC é atendida.",
        2: "Indique o item do plano de contratações anual (PCA) e a ação do Plano Diretor de TIC "
        "(PDTIC) que preveem a solução. Se não houver previsão, justifique e indique como será "
        "incluída, nos termos do Decreto 10.947/2022.",
        3: "Liste requisitos de negócio e tecnológicos: funcionalidades, capacidade, desempenho, "
        "níveis de serviço, segurança da informação, proteção de dados pessoais (Lei "
        "13.709/2018), interoperabilidade e integração, padrões abertos, acessibilidade, "
        "garantia, suporte e transferência de conhecimento. Não direcione a fabricante sem "
        "justificativa técnica.",
        4: "Apresente as quantidades com a memória de cálculo: número de usuários, licenças, "
        "equipamentos ou volume de serviços, crescimento previsto, inventário atual e ciclo de "
        "renovação tecnológica. Em serviços, relacione o volume estimado à métrica de "
        "remuneração adotada.",
        5: "Compare as soluções disponíveis no mercado e em outros órgãos: software livre ou "
        "proprietário, aquisição ou assinatura, nuvem ou infraestrutura própria, desenvolvimento "
        "interno ou contratado, soluções já disponibilizadas pelo governo. Avalie custo total de "
        "propriedade, riscos, dependência de fornecedor e aderência aos requisitos, conforme a "
        "IN SGD/ME 94/2022.",
        6: "Apresente os valores unitários e o total, com a memória de cálculo baseada na métrica "
        "de remuneração. Documente a pesquisa de preços conforme o art. 23 da Lei 14.133/2021 e "
        "a IN SEGES/ME 65/2021 (Painel de Preços, contratações similares, cotações), com datas. "
        "Compare os preços com catálogos e atas de registro de preços de soluções de TIC.",
        7: "Descreva a solução completa: componentes (licenças, equipamentos, serviços), "
        "implantação e migração, integração com sistemas existentes, operação, suporte, "
        "garantia, atualização, níveis de serviço, transferência de conhecimento e a estratégia "
        "de saída ao fim do contrato, com devolução dos dados.",
        8: "Avalie o parcelamento da solução em itens ou lotes (equipamentos, licenças, serviços de "
        "implantação e de suporte) frente à integração técnica entre eles, à responsabilidade "
        "única pelos níveis de serviço e à ampliação da competição. Justifique a opção, à luz dos "
        "arts. 40 e 47 da Lei 14.133/2021.",
        9: "Indique resultados mensuráveis: disponibilidade do serviço, redução do tempo de "
        "atendimento ou de processamento, serviços digitalizados, economia com manutenção ou "
        "licenças, redução de incidentes de segurança. Informe a linha de base atual.",
        10: "Liste as providências antes da assinatura: designação e capacitação da equipe de "
        "fiscalização (gestor, fiscais técnico, requisitante e administrativo), preparação da "
        "infraestrutura e da rede e definição de acessos e credenciais. Inclua o termo de "
        "confidencialidade, o plano de implantação e, havendo dados pessoais, as cláusulas e a "
        "avaliação de proteção de dados.",
        11: "Identifique contratações correlatas: infraestrutura, conectividade, licenças de "
        "software de base, serviços de suporte e sustentação, treinamento, ou declare que não "
        "há contratações correlatas ou interdependentes.",
        12: "Descreva os impactos ambientais: consumo de energia dos equipamentos e do data center, "
        "geração de resíduos eletroeletrônicos. Exija eficiência energética, logística reversa "
        "e destinação ambientalmente adequada dos equipamentos substituídos, e considere a "
        "redução de impressão e deslocamentos proporcionada pela solução.",
        13: "Conclua de forma expressa se a contratação da solução de TIC é viável e adequada à "
        "necessidade, retomando o alinhamento ao PDTIC, a solução escolhida, os níveis de "
        "serviço e o valor estimado, e registre as condicionantes, se houver.",
    },
)

TEMPLATE_TYPES: tuple[str, ...] = ("bens", "servicos", "obras", "ti")
TEMPLATES: dict[str, ContractTemplate] = {t.type: t for t in (_BENS, _SERVICOS, _OBRAS, _TI)}


def get_template(template_type: str) -> ContractTemplate:
    """The template for ``template_type``; ``KeyError`` when the type is unknown."""
    try:
        return TEMPLATES[template_type]
    except (KeyError, TypeError):
        raise KeyError(f"tipo de contratação desconhecido: {template_type!r}") from None


def _kind_error(f: FieldSpec, value: Any) -> str | None:
    """The pt-BR error for ``value`` in field ``f``, or None when it is acceptable."""
    kind = f.kind
    if kind in ("string", "text"):
        if not isinstance(value, str):
            return "Deve ser um texto."
        limit = STRING_MAX_CHARS if kind == "string" else TEXT_MAX_CHARS
        if len(value) > limit:
            return f"Deve ter no máximo {limit} caracteres."
        return None
    if kind == "boolean":
        return None if isinstance(value, bool) else "Deve ser verdadeiro ou falso."
    if kind == "integer":
        # JSON integers, or digit strings as sent by HTML forms; never booleans.
        is_int = isinstance(value, int) and not isinstance(value, bool)
        is_digits = isinstance(value, str) and _INTEGER_RE.match(value) is not None
        if not (is_int or is_digits):
            return "Deve ser um número inteiro não negativo."
        if is_digits and len(value.strip()) > len(str(CAMPO_INTEGER_MAX)):
            return f"Deve ser um número inteiro entre 0 e {CAMPO_INTEGER_MAX}."
        if not 0 <= int(value) <= CAMPO_INTEGER_MAX:
            return (
                "Deve ser um número inteiro não negativo."
                if int(value) < 0
                else f"Deve ser um número inteiro entre 0 e {CAMPO_INTEGER_MAX}."
            )
        return None
    if kind == "decimal":
        if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
            return "Deve ser um número decimal."
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            return "Deve ser um número decimal (use ponto como separador, ex.: 25.5)."
        if not number.is_finite():
            return "Deve ser um número decimal."
        if number < 0:
            return "Não pode ser negativo."
        if number and number.adjusted() >= CAMPO_DECIMAL_MAX_DIGITS:
            return f"Número grande demais: use no máximo {CAMPO_DECIMAL_MAX_DIGITS} dígitos antes da vírgula."
        if f.name.endswith("_percentual") and number > 100:
            return "Deve ser um percentual entre 0 e 100."
        return None
    if kind == "date":
        if isinstance(value, date):
            return None
        if isinstance(value, str) and _ISO_DATE_RE.match(value):
            try:
                date.fromisoformat(value)
                return None
            except ValueError:
                return "Data inexistente."
        return "Deve ser uma data no formato AAAA-MM-DD."
    # enum
    if value not in f.choices:
        return "Valor inválido. Opções: " + ", ".join(f.choices) + "."
    return None


def validate_campos(template_type: str, campos: dict[str, Any]) -> dict[str, list[str]]:
    """Field errors (pt-BR) for the type-specific ``campos`` of an ETP; ``{}`` when valid.

    Unknown keys, values of the wrong kind and enum values outside the choices are errors. ``None``
    means "not informed" and is accepted for every field; use :func:`missing_required` to list the
    required fields still empty (drafts may be saved incomplete).
    """
    try:
        template = get_template(template_type)
    except KeyError:
        return {"template_type": [f"Tipo de contratação desconhecido: {template_type!r}."]}
    if not isinstance(campos, dict):
        return {"campos": ["Deve ser um objeto com os campos específicos do tipo de contratação."]}
    known = {f.name: f for f in template.fields}
    errors: dict[str, list[str]] = {}
    for key, value in campos.items():
        f = known.get(key)
        if f is None:
            errors[str(key)] = [f"Campo desconhecido para o tipo de contratação '{template.type}'."]
            continue
        if value is None:
            continue
        message = _kind_error(f, value)
        if message:
            errors[key] = [message]
    return errors


def missing_required(template_type: str, campos: dict[str, Any] | None) -> list[str]:
    """Names of the template's required fields that are absent, None or blank in ``campos``."""
    template = get_template(template_type)
    campos = campos or {}
    return [
        f.name
        for f in template.fields
        if f.required
        and (campos.get(f.name) is None or (isinstance(campos.get(f.name), str) and not campos[f.name].strip()))
    ]


def format_campo(f: FieldSpec, value: Any) -> str:
    """``value`` of field ``f`` as pt-BR text for prompts and drafts (``True`` -> ``"sim"``,
    dates as dd/mm/aaaa, decimals with a comma, enum codes as their labels). Values of the wrong
    kind are rendered as given."""
    if f.kind == "boolean" and isinstance(value, bool):
        return "sim" if value else "não"
    if f.kind == "date" and to_date(value) is not None:
        return format_date_br(value)
    if f.kind in ("decimal", "integer") and not isinstance(value, bool) and to_decimal(value) is not None:
        number = format_number_br(value)
        return f"{number}%" if f.name.endswith("_percentual") else number
    if f.kind == "enum" and isinstance(value, str):
        return CHOICE_LABELS.get(value, value)
    return str(value)
