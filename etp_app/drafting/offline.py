"""The offline drafter: a deterministic first draft of each ETP section without generative AI.

It is the embedded default when no OpenAI key is configured. Each of the 13 incisos has a composer
that writes editable pt-BR paragraphs and lists from the ETP's facts, the statutory purpose of the
inciso and the contract template. Every fact it does not have becomes a visible
``[a preencher: …]`` placeholder; it never makes up numbers, dates or norms. The user's instructions
are only recorded as a note for the reviewer (after hygiene), never executed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from etp_app.drafting.catalog import SectionSpec, spec
from etp_app.drafting.formatting import EtpFacts, format_brl, format_date_br, lower_first
from etp_app.drafting.hygiene import clean_user_text
from etp_app.drafting.templates import TEMPLATES, ContractTemplate, FieldSpec, format_campo
from etp_app.drafting.types import Completion, DraftContext

OFFLINE_MODEL = "offline-template-v1"
OFFLINE_NOTICE = "_Rascunho gerado pelo redator offline (sem IA generativa) a partir dos dados do ETP._"
INSTRUCTIONS_MAX_CHARS = 1000


def placeholder(what: str) -> str:
    """The visible marker for a missing fact: ``[a preencher: what]``."""
    return f"[a preencher: {what}]"


def _pending(label: str, what: str) -> str:
    """A list entry whose value is still missing: ``**label**: [a preencher: what]``."""
    return f"**{label}**: {placeholder(what)}"


def _indent(text: str) -> str:
    """Continuation lines of a multi-line value inside a markdown list item."""
    return text.replace("\n", "\n  ")


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {_indent(item)}" for item in items)


def _numbered(items: list[str]) -> str:
    return "\n".join(f"{n}. {_indent(item)}" for n, item in enumerate(items, 1))


@dataclass(frozen=True)
class _View:
    """The facts of one ETP as the composers read them."""

    facts: EtpFacts
    template: ContractTemplate | None
    section: SectionSpec

    @property
    def kind(self) -> str:
        return self.template.type if self.template else ""

    @property
    def objeto(self) -> str:
        return self.facts.objeto or placeholder("descrição do objeto da contratação")

    def or_ph(self, value: str | None, what: str) -> str:
        return value if value else placeholder(what)

    def _field(self, name: str) -> FieldSpec | None:
        if self.template is None:
            return None
        try:
            return self.template.field(name)
        except KeyError:
            return None

    def raw(self, name: str) -> object:
        """The value of template field ``name``; None when absent or not a field of the template."""
        return self.facts.campos.get(name) if self._field(name) is not None else None

    def campo(self, name: str) -> str | None:
        """Template field ``name`` formatted as pt-BR text, or None."""
        f = self._field(name)
        if f is None or name not in self.facts.campos:
            return None
        return format_campo(f, self.facts.campos[name])

    def field_items(self, names: tuple[str, ...]) -> list[str]:
        """``**Label**: value`` for each template field in ``names``; placeholders when missing."""
        items = []
        for name in names:
            f = self._field(name)
            if f is None:
                continue
            value = self.campo(name)
            items.append(f"**{f.label}**: {value if value else placeholder(lower_first(f.label))}")
        return items

    def by_kind(self, options: dict[str, list[str]]) -> list[str]:
        """The list for this contract type, or the generic ``""`` entry."""
        return options.get(self.kind, options[""])


# ---- I. Descrição da necessidade -----------------------------------------------------------------

_EVIDENCE_HINTS = {
    "bens": "estoque atual, estado de conservação e idade dos bens em uso, histórico de consumo e de "
    "chamados de manutenção",
    "servicos": "volume de demandas, áreas e usuários atendidos, ocorrências e custos do contrato atual",
    "obras": "laudos de vistoria, patologias identificadas, interdições e inadequações às normas de "
    "acessibilidade e de segurança",
    "ti": "indisponibilidades, chamados registrados, tempo de atendimento e fim do suporte do fabricante",
    "": "dados, ocorrências ou demanda que comprovam a necessidade",
}


def _necessidade(v: _View) -> list[str]:
    f = v.facts
    orgao = v.or_ph(f.orgao, "órgão ou entidade")
    if f.uasg:
        orgao += f" (UASG {f.uasg})"
    blocks = [
        "**Identificação da demanda**",
        _bullets(
            [
                f"**Objeto**: {v.objeto}",
                f"**Unidade requisitante**: {v.or_ph(f.unidade_requisitante, 'unidade requisitante')}",
                f"**Órgão/entidade**: {orgao}",
                f"**Processo**: {v.or_ph(f.numero_processo, 'número do processo administrativo')}",
            ]
        ),
        "**Problema a resolver**",
        f.descricao_necessidade
        or placeholder("descrição do problema a resolver, de quem é afetado por ele e desde quando"),
    ]
    evidence = [placeholder(_EVIDENCE_HINTS.get(v.kind, _EVIDENCE_HINTS[""]))]
    historico = v.campo("historico_consumo")
    if historico:
        evidence.insert(0, f"**Histórico de consumo informado**: {historico}")
    pdtic = v.campo("alinhamento_pdtic")
    if pdtic:
        evidence.append(f"**Necessidade do Plano Diretor de TIC atendida**: {pdtic}")
    blocks += [
        "**Evidências da necessidade**",
        _bullets(evidence),
        "**Interesse público**",
        "A contratação atende ao interesse público na medida em que "
        + placeholder("benefícios para o serviço prestado e para o público atendido")
        + ".",
        "**Consequências da não contratação**",
        "Caso a contratação não seja realizada, "
        + placeholder("impactos previstos sobre as atividades da unidade e sobre o público atendido")
        + ".",
    ]
    return blocks


# ---- II. Plano de contratações anual ---------------------------------------------------------------


def _pca(v: _View) -> list[str]:
    f = v.facts
    exercicio = str(f.data_elaboracao.year) if f.data_elaboracao else placeholder("exercício")
    blocks = [
        f"A presente contratação {placeholder('consta ou não consta')} do Plano de Contratações "
        f"Anual (PCA) do exercício de {exercicio}, "
        f"{placeholder('número do item ou da referência no PCA')}.",
        "Caso a contratação não conste do PCA, devem ser registrados o motivo (por exemplo, demanda "
        "superveniente ou não prevista na elaboração do plano) e a providência adotada para sua "
        "inclusão: " + placeholder("justificativa e providência para inclusão no PCA") + ".",
    ]
    items = [f"**Dotação orçamentária**: {v.or_ph(f.dotacao_orcamentaria, 'dotação orçamentária')}"]
    if v.kind == "ti":
        items += v.field_items(("alinhamento_pdtic",))
    blocks.append(_bullets(items))
    return blocks


# ---- III. Requisitos -----------------------------------------------------------------------------

_REQUIREMENT_FIELDS = {
    "bens": (
        "especificacao_tecnica",
        "codigo_catmat",
        "garantia_meses",
        "assistencia_tecnica",
        "exige_amostra",
        "prazo_entrega_dias",
        "local_entrega",
    ),
    "servicos": (
        "natureza_continuada",
        "dedicacao_exclusiva",
        "descricao_postos",
        "local_prestacao",
        "horario_prestacao",
        "instrumento_medicao_resultado",
    ),
    "obras": ("natureza_intervencao", "peca_tecnica", "regime_execucao", "art_rrt", "matriz_riscos"),
    "ti": (
        "enquadramento_in94",
        "modelo_implantacao",
        "niveis_servico",
        "disponibilidade_percentual",
        "seguranca_informacao",
        "trata_dados_pessoais",
        "conformidade_lgpd",
        "integracao_sistemas",
        "transferencia_conhecimento",
        "garantia_suporte_meses",
    ),
}

_QUALIFICATION_HINTS = {
    "bens": "documentos de habilitação técnica pertinentes ao fornecimento, se houver",
    "servicos": "atestados de capacidade técnica compatíveis com o serviço e as parcelas de maior relevância",
    "obras": "qualificação técnico-operacional e técnico-profissional, com registro no CREA ou no CAU, "
    "relativa às parcelas de maior relevância",
    "ti": "atestados de capacidade técnica e certificações pertinentes à solução",
    "": "qualificação técnica exigida do fornecedor",
}


def _requisitos(v: _View) -> list[str]:
    f = v.facts
    blocks = [
        "Os requisitos a seguir decorrem da necessidade descrita e devem ser expressos por desempenho "
        "e função, sem indicação de marca ou modelo, salvo justificativa técnica registrada no "
        "processo.",
        "**Requisitos informados pela área requisitante**",
        f.requisitos or placeholder("requisitos técnicos e funcionais do objeto"),
    ]
    specific = v.field_items(_REQUIREMENT_FIELDS.get(v.kind, ()))
    if specific:
        blocks += ["**Requisitos específicos do tipo de contratação**", _bullets(specific)]
    sustentabilidade = v.campo("criterios_sustentabilidade") or placeholder("critérios de sustentabilidade aplicáveis")
    blocks += [
        "**Demais requisitos**",
        _bullets(
            [
                _pending("Normas técnicas aplicáveis", "normas da ABNT, do INMETRO ou de outros órgãos técnicos"),
                f"**Critérios de sustentabilidade**: {sustentabilidade}",
                _pending("Qualificação técnica", _QUALIFICATION_HINTS.get(v.kind, _QUALIFICATION_HINTS[""])),
            ]
        ),
    ]
    return blocks


# ---- IV. Quantidades -----------------------------------------------------------------------------

_QUANTITY_FIELDS = {
    "bens": ("historico_consumo", "vida_util_anos", "forma_fornecimento"),
    "servicos": ("postos_trabalho", "descricao_postos", "produtividade_referencia", "vigencia_meses"),
    "obras": ("area_intervencao_m2",),
    "ti": ("metrica_remuneracao",),
}

_QUANTITY_BASIS = {
    "bens": "histórico de consumo, número de usuários atendidos, estoque existente e ciclo de reposição",
    "servicos": "área ou volume a atender dividido pela produtividade de referência, ou escala e jornada de cada posto",
    "obras": "levantamento de quantitativos do projeto, por item da planilha orçamentária",
    "ti": "número de usuários, licenças ou equipamentos, inventário atual e crescimento previsto",
    "": "critério de cálculo da quantidade (consumo histórico, usuários atendidos, ciclo de reposição)",
}


def _quantidades(v: _View) -> list[str]:
    f = v.facts
    if f.quantidade_label:
        opening = f"A quantidade estimada para a contratação é de **{f.quantidade_label}**."
    else:
        opening = (
            "A quantidade estimada para a contratação é de "
            + placeholder("quantidade estimada e unidade de medida")
            + "."
        )
    memo = [
        f"**Quantidade**: {v.or_ph(f.quantidade_label, 'quantidade e unidade de medida')}",
        f"**Critério de cálculo**: {placeholder(_QUANTITY_BASIS.get(v.kind, _QUANTITY_BASIS['']))}",
    ]
    memo += v.field_items(_QUANTITY_FIELDS.get(v.kind, ()))
    memo.append(
        _pending("Documentos de suporte", "relatórios, planilhas ou levantamentos que fundamentam a estimativa")
    )
    blocks = [opening, "**Memória de cálculo**", _bullets(memo)]
    if v.raw("forma_fornecimento") == "sistema_registro_precos":
        blocks.append(
            "Por se tratar de Sistema de Registro de Preços, devem ser justificadas as "
            "quantidades máxima e mínima a registrar: "
            + placeholder("justificativa das quantidades máxima e mínima")
            + "."
        )
    blocks += [
        "**Interdependências e economia de escala**",
        placeholder("relação desta quantidade com outras contratações e ganhos de escala esperados"),
    ]
    return blocks


# ---- V. Levantamento de mercado ------------------------------------------------------------------

_ALTERNATIVES = {
    "bens": [
        "Aquisição dos bens",
        "Locação ou comodato dos bens",
        "Contratação de serviço que inclua a disponibilização dos bens (outsourcing)",
    ],
    "servicos": [
        "Execução indireta com pagamento vinculado a resultados",
        "Execução indireta por postos de trabalho",
        "Execução direta por servidores do quadro",
    ],
    "obras": [
        "Reforma ou adequação do imóvel existente",
        "Construção de nova edificação",
        "Locação ou aquisição de imóvel que atenda à necessidade",
    ],
    "ti": [
        "Aquisição de licenças ou equipamentos",
        "Contratação de serviço ou assinatura, inclusive em nuvem",
        "Desenvolvimento interno ou adoção de solução já disponível no setor público",
    ],
    "": [
        "Aquisição ou contratação direta do objeto",
        "Locação ou contratação de serviço equivalente",
        "Execução direta pela própria Administração",
    ],
}


def _mercado(v: _View) -> list[str]:
    alternatives = [
        f"**{alt}** — custo estimado: {placeholder('valor')}; análise técnica: "
        f"{placeholder('vantagens, desvantagens e atendimento aos requisitos')}."
        for alt in v.by_kind(_ALTERNATIVES)
    ]
    return [
        "Para identificar a solução mais vantajosa para a Administração, foram consideradas as "
        "alternativas abaixo, comparadas quanto ao custo total ao longo da vida útil e ao "
        "atendimento dos requisitos:",
        _numbered(alternatives),
        "**Fontes consultadas**",
        placeholder(
            "contratações similares de outros órgãos, consultas a fornecedores, catálogos e "
            "demais fontes, com as datas das consultas"
        ),
        "**Solução escolhida**",
        f"A solução escolhida é: {v.objeto}. Justificativa técnica e econômica da escolha: "
        + placeholder("por que esta solução prevalece sobre as demais alternativas")
        + ".",
    ]


# ---- VI. Valor estimado --------------------------------------------------------------------------

_PRICE_FIELDS = {
    "bens": ("codigo_catmat",),
    "servicos": ("convencao_coletiva", "data_base_categoria", "vigencia_meses", "conta_vinculada"),
    "obras": ("base_referencia_precos", "data_base_orcamento", "desonerado", "bdi_percentual"),
    "ti": ("metrica_remuneracao",),
}

_PRICE_SOURCES = {
    "obras": [
        "Sistemas oficiais de referência (mediana do SINAPI ou do SICRO, conforme o tipo de serviço)",
        "Composições próprias e cotações para itens não contemplados nas tabelas oficiais",
        "Contratações similares de outros entes públicos",
    ],
    "": [
        "Painel de Preços e contratações similares feitas pela Administração Pública",
        "Mídia especializada, tabelas de referência e sítios eletrônicos especializados",
        "Pesquisa direta com fornecedores, mediante cotações formais",
        "Base nacional de notas fiscais eletrônicas",
    ],
}


def _valor(v: _View) -> list[str]:
    f = v.facts
    total = format_brl(f.valor_estimado) if f.valor_estimado is not None else None
    unit = format_brl(f.valor_unitario) if f.valor_unitario is not None else None
    opening = (
        "O valor total estimado da contratação é de "
        + (f"**{total}**" if total else placeholder("valor total estimado, em reais"))
        + "."
    )
    unidade = f.unidade_medida or "unidade"
    if unit:
        opening += f" O valor unitário de referência é de **{unit}** por {unidade}."
    else:
        opening += (
            " O valor unitário de referência é de " + placeholder(f"valor unitário de referência por {unidade}") + "."
        )
    blocks = [opening]
    if f.quantidade_estimada is not None and f.valor_unitario is not None and f.valor_estimado is not None:
        if f.quantidade_estimada * f.valor_unitario == f.valor_estimado:
            blocks.append(
                "O valor total corresponde ao produto da quantidade estimada pelo valor unitário de referência."
            )
        else:
            blocks.append(
                "**Atenção:** o produto da quantidade estimada pelo valor unitário de "
                "referência não corresponde ao valor total informado; revise a memória "
                "de cálculo antes da aprovação."
            )
    blocks += [
        "**Memória de cálculo**",
        "| Item | Quantidade | Valor unitário | Valor total |\n|---|---|---|---|\n"
        f"| 1 | {v.or_ph(f.quantidade_label, 'quantidade')} | {unit or placeholder('valor unitário')} "
        f"| {total or placeholder('valor total')} |",
    ]
    specific = v.field_items(_PRICE_FIELDS.get(v.kind, ()))
    if v.kind == "servicos":
        specific.append(
            "**Planilha de custos e formação de preços**: "
            + placeholder("salários, benefícios e encargos do instrumento coletivo aplicável")
        )
    if specific:
        blocks.append(_bullets(specific))
    sources = [f"{source}: {placeholder('preços obtidos e data da consulta')}" for source in v.by_kind(_PRICE_SOURCES)]
    blocks += [
        "**Fontes da pesquisa de preços**",
        _bullets(sources),
        "**Método de cálculo do preço de referência**: "
        + placeholder("média, mediana ou menor dos valores obtidos, com a justificativa da escolha")
        + ".",
        "**Dotação orçamentária**: " + v.or_ph(f.dotacao_orcamentaria, "dotação orçamentária") + ".",
    ]
    return blocks


# ---- VII. Solução como um todo -------------------------------------------------------------------

_SOLUTION_FIELDS = {
    "bens": (
        "forma_fornecimento",
        "local_entrega",
        "prazo_entrega_dias",
        "garantia_meses",
        "assistencia_tecnica",
        "vida_util_anos",
    ),
    "servicos": ("local_prestacao", "horario_prestacao", "vigencia_meses", "instrumento_medicao_resultado"),
    "obras": (
        "natureza_intervencao",
        "regime_execucao",
        "endereco_obra",
        "area_intervencao_m2",
        "cronograma_fisico_financeiro",
    ),
    "ti": (
        "modelo_implantacao",
        "integracao_sistemas",
        "niveis_servico",
        "transferencia_conhecimento",
        "garantia_suporte_meses",
    ),
}

_LIFECYCLE = {
    "bens": "recebimento provisório e definitivo, instalação (quando houver), manutenção e "
    "assistência técnica durante a garantia",
    "servicos": "início da execução, transição do contrato anterior, rotinas de supervisão e medição dos serviços",
    "obras": "mobilização do canteiro, etapas de execução, recebimento provisório e definitivo, "
    "garantia da obra e manutenção predial após a entrega",
    "ti": "implantação, migração de dados, operação, suporte, atualização e estratégia de saída ao fim do contrato",
    "": "entrega ou início da execução, manutenção e assistência técnica ao longo da vida útil",
}


def _solucao(v: _View) -> list[str]:
    f = v.facts
    items = v.field_items(_SOLUTION_FIELDS.get(v.kind, ()))
    items.append(f"**Prazo de execução**: {v.or_ph(f.prazo_label, 'prazo de execução')}")
    return [
        f"A solução contempla: {v.objeto}.",
        "**Características da solução**",
        _bullets(items),
        "**Ciclo de vida da solução**",
        placeholder(_LIFECYCLE.get(v.kind, _LIFECYCLE[""])),
    ]


# ---- VIII. Parcelamento --------------------------------------------------------------------------


def _parcelamento(v: _View) -> list[str]:
    criteria = [
        _pending(
            "Viabilidade técnica da divisão do objeto",
            "se os itens podem ser executados ou fornecidos separadamente sem prejuízo ao conjunto",
        ),
        _pending("Economia de escala", "efeito da divisão ou do agrupamento sobre os preços"),
        _pending(
            "Ampliação da competição",
            "efeito sobre o número de fornecedores aptos, inclusive microempresas e empresas de pequeno porte",
        ),
        _pending("Gestão e fiscalização", "efeito sobre a gestão contratual e a responsabilidade técnica"),
    ]
    if v.raw("forma_fornecimento"):
        criteria += v.field_items(("forma_fornecimento",))
    if v.raw("regime_execucao"):
        criteria += v.field_items(("regime_execucao",))
    return [
        "A decisão sobre a divisão do objeto em itens ou lotes considera os critérios abaixo.",
        "**Decisão**: a contratação será realizada "
        + placeholder("em item único, em itens separados ou em lotes")
        + ".",
        "**Critérios considerados**",
        _bullets(criteria),
        "**Justificativa**",
        placeholder("por que a forma escolhida é a mais vantajosa para a Administração"),
    ]


# ---- IX. Resultados pretendidos ------------------------------------------------------------------

_RESULT_HINTS = {  # economicidade; recursos humanos; materiais; financeiros
    "bens": (
        "redução do custo unitário ou de manutenção dos bens",
        "menor tempo de indisponibilidade e menos horas de trabalho perdidas",
        "redução de estoque parado e de aquisições emergenciais",
        "previsibilidade do gasto ao longo da vida útil dos bens",
    ),
    "servicos": (
        "redução do custo por unidade de serviço",
        "liberação de servidores para atividades finalísticas",
        "uso racional de materiais e equipamentos na execução",
        "pagamento proporcional aos resultados medidos por indicadores",
    ),
    "obras": (
        "redução de gastos com manutenção corretiva, energia ou aluguel",
        "melhoria das condições de trabalho e de atendimento ao público",
        "área recuperada ou ampliada e adequação às normas",
        "aplicação dos recursos conforme o cronograma físico-financeiro",
    ),
    "ti": (
        "economia com licenças, manutenção ou infraestrutura",
        "redução do tempo de atendimento ou de processamento e horas de trabalho liberadas",
        "disponibilidade do serviço, redução de incidentes e melhor uso dos equipamentos",
        "previsibilidade do gasto e pagamento vinculado aos níveis de serviço",
    ),
    "": (
        "economia esperada",
        "melhor aproveitamento da força de trabalho",
        "melhor uso de materiais e equipamentos",
        "melhor uso dos recursos orçamentários",
    ),
}


def _resultados(v: _View) -> list[str]:
    hints = _RESULT_HINTS.get(v.kind, _RESULT_HINTS[""])
    labels = ("Economicidade", "Recursos humanos", "Recursos materiais", "Recursos financeiros")
    items = [
        f"**{label}**: {placeholder(hint + '; situação atual e meta')}"
        for label, hint in zip(labels, hints, strict=False)
    ]
    return [
        "Com a contratação, esperam-se os resultados abaixo em termos de economicidade e de melhor "
        "aproveitamento dos recursos humanos, materiais e financeiros, a serem acompanhados durante a "
        "execução do contrato:",
        _bullets(items),
        "Os resultados devem ser mensuráveis, com a situação atual como linha de base e a forma de "
        "aferição definida: " + placeholder("indicadores e forma de aferição") + ".",
    ]


# ---- X. Providências prévias ---------------------------------------------------------------------


def _providencias(v: _View) -> list[str]:
    fiscal_team = (
        "do gestor e dos fiscais técnico, requisitante e administrativo"
        if v.kind == "ti"
        else "do gestor e dos fiscais"
    )
    items = [
        f"Designação formal {fiscal_team} do contrato e sua capacitação para a gestão e a fiscalização contratual."
    ]
    if v.kind == "bens":
        local = v.campo("local_entrega")
        items += [
            "Preparação do local de recebimento e armazenagem" + (f" ({local})" if local else "") + ".",
            "Definição do fluxo de recebimento provisório e definitivo e do registro patrimonial.",
        ]
    elif v.kind == "servicos":
        items.append(
            "Disponibilização de espaço físico e instalações para a equipe da contratada, "
            "quando necessário, e plano de transição do contrato vigente, se houver."
        )
        if v.raw("conta_vinculada") is True:
            items.append("Abertura da conta-depósito vinculada para as provisões trabalhistas.")
    elif v.kind == "obras":
        licenca = v.raw("licenca_ambiental")
        if licenca is None:
            items.append("**Licenciamento ambiental**: " + placeholder("situação do licenciamento ambiental"))
        elif licenca == "nao_exigido":
            items.append("**Licenciamento ambiental**: não exigido, conforme informado pela área técnica.")
        else:
            items.append(
                f"**Licenciamento ambiental**: {v.campo('licenca_ambiental')}; confirmar a "
                "obtenção e a vigência da licença antes do início da obra."
            )
        items += v.field_items(("art_rrt",))
        items.append(
            "Aprovação dos projetos nos órgãos competentes e obtenção de alvarás: "
            + placeholder("situação das aprovações e alvarás")
            + "."
        )
        if v.raw("matriz_riscos") is True:
            items.append("Elaboração da matriz de alocação de riscos da contratação.")
    elif v.kind == "ti":
        items.append(
            "Preparação da infraestrutura, definição de acessos e credenciais e assinatura "
            "de termo de confidencialidade."
        )
        if v.raw("trata_dados_pessoais") is True:
            items.append(
                "Definição das cláusulas de proteção de dados pessoais e das "
                "responsabilidades do contratado no tratamento desses dados."
            )
    items.append(
        _pending(
            "Outras providências", "adequações de infraestrutura ou demais medidas necessárias antes da assinatura"
        )
    )
    return [
        "Antes da celebração do contrato, a Administração deverá adotar as seguintes providências:",
        _bullets(items),
    ]


# ---- XI. Contratações correlatas -----------------------------------------------------------------

_RELATED = {
    "bens": [
        "instalação ou montagem",
        "manutenção e assistência técnica fora da garantia",
        "insumos e acessórios",
        "mobiliário ou infraestrutura necessários ao uso dos bens",
    ],
    "servicos": [
        "fornecimento de materiais e equipamentos",
        "manutenção predial",
        "sistemas de controle de acesso e de frequência",
    ],
    "obras": [
        "elaboração de projetos",
        "fiscalização ou supervisão da obra",
        "mobiliário e equipamentos",
        "mudança e manutenção predial",
    ],
    "ti": [
        "infraestrutura e conectividade",
        "licenças de software de base",
        "serviços de suporte e sustentação",
        "treinamento dos usuários",
    ],
    "": ["contratações de instalação, manutenção ou suporte", "insumos necessários ao uso do objeto"],
}


def _correlatas(v: _View) -> list[str]:
    return [
        "Consideram-se correlatas as contratações que guardam relação com o objeto deste estudo e "
        "interdependentes aquelas cuja execução depende desta contratação, ou da qual esta depende, "
        "para que a solução produza os resultados pretendidos.",
        "Devem ser verificadas, em especial, as seguintes contratações relacionadas ao objeto:",
        _bullets([f"{item[0].upper()}{item[1:]}." for item in v.by_kind(_RELATED)]),
        "**Contratações identificadas**: "
        + placeholder(
            "para cada contratação correlata ou interdependente, o processo, o objeto, a "
            "situação e a forma de coordenação dos prazos; ou a declaração expressa de "
            "que não há"
        ),
    ]


# ---- XII. Impactos ambientais --------------------------------------------------------------------

_IMPACTS = {
    "bens": (
        [
            "consumo de energia e de outros recursos durante o uso",
            "geração de resíduos de embalagens",
            "descarte dos bens ao fim da vida útil",
        ],
        [
            "exigência de eficiência energética (selo Procel ou equivalente, quando aplicável)",
            "embalagens reduzidas e recicláveis",
            "logística reversa e destinação ambientalmente adequada dos bens substituídos",
        ],
    ),
    "servicos": (
        ["consumo de água, energia e produtos químicos", "geração de resíduos na execução"],
        [
            "uso de produtos biodegradáveis ou de menor toxicidade",
            "coleta seletiva e destinação adequada dos resíduos",
            "capacitação dos empregados em práticas sustentáveis",
        ],
    ),
    "obras": (
        [
            "geração de resíduos da construção civil",
            "ruído e poeira",
            "consumo de água e energia",
            "supressão de vegetação, quando houver",
        ],
        [
            "plano de gerenciamento de resíduos da construção civil",
            "eficiência energética e hídrica da edificação",
            "controle de ruído e de poeira durante a execução",
        ],
    ),
    "ti": (
        ["consumo de energia dos equipamentos e do ambiente de processamento", "geração de resíduos eletroeletrônicos"],
        [
            "equipamentos com eficiência energética",
            "logística reversa dos equipamentos substituídos",
            "redução de impressão e de deslocamentos proporcionada pela solução",
        ],
    ),
    "": (
        ["consumo de energia e de outros recursos", "geração de resíduos"],
        ["eficiência no consumo de energia e de recursos", "logística reversa e reciclagem"],
    ),
}


def _impactos(v: _View) -> list[str]:
    impacts, measures = _IMPACTS.get(v.kind, _IMPACTS[""])
    measures = [m[0].upper() + m[1:] + "." for m in measures]
    sustentabilidade = v.campo("criterios_sustentabilidade")
    if sustentabilidade:
        measures.insert(0, "Critérios de sustentabilidade definidos pela área requisitante: " + sustentabilidade)
    if v.kind == "obras":
        measures += v.field_items(("licenca_ambiental",))
    return [
        "Foram identificados os seguintes possíveis impactos ambientais decorrentes da contratação:",
        _bullets([i[0].upper() + i[1:] + "." for i in impacts]),
        "**Medidas mitigadoras propostas**",
        _bullets(measures),
        placeholder(
            "avaliação dos impactos específicos desta contratação ou justificativa, caso não "
            "haja impacto ambiental relevante"
        ),
    ]


# ---- XIII. Posicionamento conclusivo -------------------------------------------------------------


def _conclusao(v: _View) -> list[str]:
    f = v.facts
    pending = [
        name
        for name, value in (
            ("descrição do objeto", f.objeto),
            ("descrição da necessidade", f.descricao_necessidade),
            ("quantidade estimada", f.quantidade_estimada),
            ("valor total estimado", f.valor_estimado),
        )
        if value is None
    ]
    blocks: list[str] = []
    if pending:
        blocks += [
            "O posicionamento conclusivo depende das seguintes informações, ainda não preenchidas "
            "neste estudo: " + ", ".join(pending) + ".",
            placeholder(
                "posicionamento conclusivo sobre a viabilidade e a adequação da contratação "
                "ao atendimento da necessidade, após o preenchimento das informações acima"
            ),
        ]
    else:
        assert f.objeto is not None and f.valor_estimado is not None  # else they would be pending
        dotacao = f", à conta da dotação orçamentária {f.dotacao_orcamentaria}" if f.dotacao_orcamentaria else ""
        blocks.append(
            "Diante do exposto neste Estudo Técnico Preliminar, a equipe de planejamento "
            "manifesta-se pela **viabilidade** da contratação descrita neste estudo "
            f"({f.objeto.rstrip('.')}). Consideraram-se a necessidade descrita, as alternativas "
            f"analisadas, a quantidade estimada de {f.quantidade_label} e o valor total estimado de "
            f"{format_brl(f.valor_estimado)}, que se mostram adequados ao atendimento da necessidade "
            "a que a contratação se destina. O posicionamento está condicionado à confirmação da "
            f"disponibilidade orçamentária{dotacao} e à complementação das informações indicadas "
            "como pendentes nas demais seções."
        )
    if f.nivel_risco_label:
        blocks.append(f"O nível de risco atribuído à contratação é **{f.nivel_risco_label}**.")
    if f.riscos:
        blocks += ["**Riscos identificados**", f.riscos]
    data = format_date_br(f.data_elaboracao) if f.data_elaboracao else placeholder("data")
    blocks.append(
        _bullets(
            [
                f"**Data de elaboração**: {data}",
                f"**Responsável técnico**: {v.or_ph(f.responsavel_label, 'nome e matrícula do responsável técnico')}",
            ]
        )
    )
    return blocks


_COMPOSERS: dict[int, Callable[[_View], list[str]]] = {
    1: _necessidade,
    2: _pca,
    3: _requisitos,
    4: _quantidades,
    5: _mercado,
    6: _valor,
    7: _solucao,
    8: _parcelamento,
    9: _resultados,
    10: _providencias,
    11: _correlatas,
    12: _impactos,
    13: _conclusao,
}


class OfflineDrafter:
    """Deterministic drafts of ETP sections from the ETP's facts and template, without AI."""

    name = "offline"
    model = OFFLINE_MODEL

    def draft(self, ctx: DraftContext, guidance: str | None) -> Completion:
        """A first draft of section ``ctx.inciso``. ``guidance`` is the template's guidance for the
        inciso; when None, the guidance of the ETP's contract template is used, if any."""
        started = time.perf_counter()
        section = spec(ctx.inciso)
        facts = EtpFacts.from_facts(ctx.facts)
        template = TEMPLATES.get(facts.template_type or "")
        if guidance is None and template is not None:
            guidance = template.guidance[section.inciso]
        view = _View(facts=facts, template=template, section=section)

        blocks = [OFFLINE_NOTICE, *_COMPOSERS[section.inciso](view)]
        blocks.append(f"_Fundamentação: {section.legal_basis}._")
        if guidance and guidance.strip():
            source = f" ({template.name})" if template is not None else ""
            blocks.append(
                f"> **Orientação do modelo{source} para completar esta seção**\n>\n> " + " ".join(guidance.split())
            )
        note = clean_user_text(ctx.instructions, INSTRUCTIONS_MAX_CHARS).text if ctx.instructions else ""
        if note:
            quoted = "\n".join(f"> {line}" if line else ">" for line in note.split("\n"))
            blocks.append(
                "**Observações do solicitante** (registradas para a revisão; o redator "
                "offline não as aplica ao texto):\n\n" + quoted
            )
        text = "\n\n".join(blocks)
        return Completion(
            text=text,
            model=OFFLINE_MODEL,
            provider="offline",
            tokens_in=0,
            tokens_out=0,
            latency_ms=round((time.perf_counter() - started) * 1000, 3),
        )
