"""The offline drafter: a deterministic first draft of each ETP section without generative AI.

It is the embedded default when no OpenAI key is configured. Each of the 13 incisos has a composer
that writes editable pt-BR paragraphs and lists from the ETP's facts, the statutory purpose of the
inciso and the contract template. Every fact it does not have becomes a visible
``[a preencher: …]`` placeholder; it never makes up numbers, dates or norms.

The text it returns is only the document. What it has to tell the author — that this is a template
draft, the template's guidance for completing the section, the requester's instructions (recorded
after hygiene, never executed), warnings such as figures that do not add up — goes in
``Completion.notes``, kept beside the section and never exported.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from etp_app.drafting import values
from etp_app.drafting.catalog import SectionSpec, spec
from etp_app.drafting.formatting import EtpFacts, format_brl, format_date_br, lower_first
from etp_app.drafting.hygiene import clean_user_text
from etp_app.drafting.templates import TEMPLATES, ContractTemplate, FieldSpec, format_campo
from etp_app.drafting.types import Completion, DraftContext, DraftNote

OFFLINE_MODEL = "offline-template-v1"
# The drafter's note on every offline draft (a note of the draft, not a line of its text).
OFFLINE_NOTICE = (
    "Rascunho gerado pelo redator offline (sem IA generativa) a partir do modelo e dos dados do ETP. "
    "Complete os marcadores [a preencher: …] e revise o texto antes da aprovação."
)
INSTRUCTIONS_NOTE = "Observações do solicitante (registradas para a revisão; o redator offline não as aplica ao texto):"
INSTRUCTIONS_MAX_CHARS = 1000


def placeholder(what: str) -> str:
    """The visible marker for a missing fact: ``[a preencher: what]``."""
    return f"[a preencher: {what}]"


def _end(text: str) -> str:
    """``text`` closed by exactly one period: a fact the ETP gives may already end with one (or with
    ";" or ":"), and the sentence around it must not double it."""
    return text.rstrip().rstrip(".;:,") + "."


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
    notes: list[DraftNote] = field(default_factory=list)  # what the composer tells the author

    def warn(self, text: str) -> None:
        """A warning for the author (e.g. figures that do not add up): a note, not document text."""
        self.notes.append(DraftNote("warning", text))

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
        "**Dados da demanda**",
        _bullets(
            [
                f"**Objeto**: {v.objeto}",
                f"**Unidade requisitante**: {v.or_ph(f.unidade_requisitante, 'unidade requisitante')}",
                f"**Órgão**: {orgao}",
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
        "**Dados que mostram a necessidade**",
        _bullets(evidence),
        "**Interesse público**",
        "A contratação serve ao público porque "
        + placeholder("benefícios para o serviço prestado e para o público atendido")
        + ".",
        "**O que ocorre sem a contratação**",
        "Se a contratação não for feita, "
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
        "Os requisitos abaixo vêm da necessidade descrita. Eles dizem o que o objeto deve fazer e como "
        "deve funcionar. Não se indica marca nem modelo, salvo por motivo técnico registrado no processo.",
        "**Requisitos da área que pede a contratação**",
        f.requisitos or placeholder("requisitos técnicos e funcionais do objeto"),
    ]
    specific = v.field_items(_REQUIREMENT_FIELDS.get(v.kind, ()))
    if specific:
        blocks += ["**Requisitos do tipo de contratação**", _bullets(specific)]
    sustentabilidade = v.campo("criterios_sustentabilidade") or placeholder("critérios de sustentabilidade aplicáveis")
    blocks += [
        "**Outros requisitos**",
        _bullets(
            [
                _pending("Normas técnicas", "normas da ABNT, do INMETRO ou de outros órgãos técnicos"),
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


def _posts(v: _View) -> values.PostsCalculation | None:
    """The posts the services template's area and productivity give (IV's calculation), else None."""
    if v.kind != "servicos":
        return None
    return values.posts_from_area({name: v.raw(name) for name in ("area_m2", "produtividade_m2_posto")})


def _quantidades(v: _View) -> list[str]:
    f = v.facts
    posts = _posts(v)
    quantity = f.quantidade_label
    if quantity is None and posts is not None:  # computed from the ETP's own figures, never guessed
        quantity = f"{posts.postos} {'posto' if posts.postos == 1 else 'postos'} de trabalho"
    if quantity:
        opening = f"A quantidade estimada para a contratação é de **{quantity}**."
    else:
        opening = (
            "A quantidade estimada para a contratação é de "
            + placeholder("quantidade estimada e unidade de medida")
            + "."
        )
    criterion = posts.memoria if posts is not None else placeholder(_QUANTITY_BASIS.get(v.kind, _QUANTITY_BASIS[""]))
    memo = [
        f"**Quantidade**: {v.or_ph(quantity, 'quantidade e unidade de medida')}",
        f"**Critério de cálculo**: {criterion}",
    ]
    names = _QUANTITY_FIELDS.get(v.kind, ())
    if posts is not None:
        stated = values.whole_number(v.raw("postos_trabalho"))
        if stated is None:
            names = tuple(n for n in names if n != "postos_trabalho")  # the calculation gives them
        elif stated != posts.postos:
            v.warn(
                f"O número de postos informado ({stated}) difere do resultado da área dividida pela "
                f"produtividade ({posts.memoria}). Confira os dados do ETP."
            )
    memo += v.field_items(names)
    memo.append(_pending("Documentos de apoio", "relatórios, planilhas ou levantamentos que fundamentam a estimativa"))
    blocks = [opening, "**Memória de cálculo**", _bullets(memo)]
    if v.raw("forma_fornecimento") == "sistema_registro_precos":
        blocks.append(
            "Por se tratar de Sistema de Registro de Preços, devem ser justificadas as "
            "quantidades máxima e mínima a registrar: "
            + placeholder("justificativa das quantidades máxima e mínima")
            + "."
        )
    blocks += [
        "**Relação com outras compras e ganho de escala**",
        placeholder("relação desta quantidade com outras contratações e ganhos de escala esperados"),
    ]
    return blocks


# ---- V. Levantamento de mercado ------------------------------------------------------------------

_ALTERNATIVES = {
    "bens": [
        "Compra dos bens",
        "Aluguel ou empréstimo (comodato) dos bens",
        "Serviço que inclua o uso dos bens (outsourcing)",
    ],
    "servicos": [
        "Serviço pago por resultado",
        "Serviço por postos de trabalho",
        "Execução pelos servidores do órgão",
    ],
    "obras": [
        "Reforma do imóvel atual",
        "Construção de um novo prédio",
        "Aluguel ou compra de um imóvel que atenda à necessidade",
    ],
    "ti": [
        "Compra de licenças ou de equipamentos",
        "Serviço ou assinatura, também em nuvem",
        "Sistema feito pelo órgão ou já usado por outro órgão público",
    ],
    "": [
        "Compra ou contratação do objeto",
        "Aluguel ou serviço que faça o mesmo",
        "Execução pela própria Administração",
    ],
}


def _mercado(v: _View) -> list[str]:
    alternatives = [
        f"**{alt}**. Custo estimado: {placeholder('valor')}. Análise: "
        f"{placeholder('vantagens, desvantagens e atendimento aos requisitos')}."
        for alt in v.by_kind(_ALTERNATIVES)
    ]
    return [
        "Para achar a melhor solução, o estudo compara as três alternativas abaixo. Para cada uma, vê o "
        "custo em toda a vida útil e se ela atende aos requisitos:",
        _numbered(alternatives),
        "**Fontes consultadas**",
        placeholder(
            "contratações similares de outros órgãos, consultas a fornecedores, catálogos e "
            "demais fontes, com as datas das consultas"
        ),
        "**Solução escolhida**",
        f"A solução escolhida é: {_end(v.objeto)} Ela é a melhor entre as alternativas porque: "
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
        "Painel de Preços e compras parecidas de outros órgãos públicos",
        "Mídia e tabelas de preços, inclusive em sítios da internet",
        "Pesquisa direta com fornecedores, por cotação formal",
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
    calc = values.from_object(f)
    if unit:
        opening += f" O valor unitário de referência é de **{unit}** {calc.unit_price_label}."
    else:
        opening += (
            " O valor unitário de referência é de "
            + placeholder(f"valor unitário de referência {calc.unit_price_label}")
            + "."
        )
    blocks = [opening, *_valor_calculation(v, calc, total, unit)]
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
        "**Dotação orçamentária**: " + _end(v.or_ph(f.dotacao_orcamentaria, "dotação orçamentária")),
    ]
    return blocks


_PERIODS_SOURCE = {
    "informado": "",
    "vigencia_meses": ", a vigência inicial do contrato",
    "prazo_execucao_dias": ", o prazo de execução",
}


def _valor_calculation(v: _View, calc: values.ValueCalculation, total: str | None, unit: str | None) -> list[str]:
    """VI's calculation by the value model (``drafting/values.py``): the periods of a price per
    month or year, the memo table with them, and the calculation itself when it agrees with the
    stated total (within rounding of the unit price). A total that does not agree is the author's
    to fix: a warning note, and no computed figure in the text to contradict the stated one."""
    f = v.facts
    blocks: list[str] = []
    per_period = calc.periodicidade != values.UNICO
    periods = (
        values.periods_text(calc.periodicidade, calc.numero_periodos)
        if per_period and calc.numero_periodos is not None
        else None
    )
    if per_period:
        word = values.PERIOD_WORDS[calc.periodicidade][1]
        blocks.append(
            f"O preço de referência é {values.PERIODICIDADE_LABELS[calc.periodicidade]} e a contratação se "
            + (
                f"estende por **{periods}**{_PERIODS_SOURCE.get(calc.origem_periodos or '', '')}."
                if periods
                else f"estende por {placeholder(f'número de {word} da contratação')}."
            )
        )
    if calc.consistente is True:
        sentence = "O valor total corresponde ao produto da quantidade estimada pelo valor unitário de referência"
        if per_period:
            sentence += " e pelo número de períodos"
        if calc.diferenca:
            sentence += (
                f"; a diferença de {format_brl(abs(calc.diferenca))} decorre do arredondamento do valor "
                "unitário ao centavo"
            )
        blocks.append(sentence + ".")
    elif calc.consistente is False:
        factors = "a quantidade e o número de períodos" if per_period else "a quantidade estimada"
        v.warn(
            f"O valor unitário de referência multiplicado por {factors} ({calc.memoria}) não corresponde ao "
            f"valor total informado ({total}): a diferença de {format_brl(abs(calc.diferenca or Decimal(0)))} vai além "
            "do arredondamento do valor unitário. Revise a quantidade, o valor unitário, a periodicidade ou o "
            "número de períodos antes da aprovação."
        )
    quantity = v.or_ph(f.quantidade_label, "quantidade")
    unit_cell = unit or placeholder("valor unitário")
    total_cell = total or placeholder("valor total")
    if per_period:
        table = (
            f"| Item | Quantidade | Valor unitário ({values.PERIODICIDADE_LABELS[calc.periodicidade]}) | Períodos "
            "| Valor total |\n|---|---|---|---|---|\n"
            f"| 1 | {quantity} | {unit_cell} | {periods or placeholder('número de períodos')} | {total_cell} |"
        )
    else:
        table = (
            "| Item | Quantidade | Valor unitário | Valor total |\n|---|---|---|---|\n"
            f"| 1 | {quantity} | {unit_cell} | {total_cell} |"
        )
    blocks += ["**Memória de cálculo**", table]
    if calc.consistente is True and calc.memoria:
        blocks.append(f"**Cálculo**: {calc.memoria}.")
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
        f"A solução contempla: {_end(v.objeto)}",
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
    items = [f"Designação, por escrito, {fiscal_team} do contrato, e seu treino para a gestão e a fiscalização."]
    if v.kind == "bens":
        local = v.campo("local_entrega")
        items += [
            "Preparo do local de entrega e de guarda dos bens" + (f" ({local})" if local else "") + ".",
            "Definição de como os bens serão recebidos (aceite provisório e definitivo) e registrados no patrimônio.",
        ]
    elif v.kind == "servicos":
        items.append(
            "Espaço e instalações para a equipe da contratada, quando preciso, e plano de troca do "
            "contrato atual, se houver."
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
        items.append("Preparo da estrutura de TI, dos acessos e das senhas, e assinatura do termo de sigilo.")
        if v.raw("trata_dados_pessoais") is True:
            items.append("Cláusulas de proteção de dados pessoais e deveres do contratado ao tratar esses dados.")
    items.append(
        _pending(
            "Outras providências", "adequações de infraestrutura ou demais medidas necessárias antes da assinatura"
        )
    )
    return [
        "Antes de assinar o contrato, a Administração deve tomar estas providências:",
        _bullets(items),
    ]


# ---- XI. Contratações correlatas -----------------------------------------------------------------

_RELATED = {
    "bens": [
        "instalação ou montagem",
        "manutenção e assistência técnica fora da garantia",
        "peças e acessórios",
        "móveis ou estrutura para o uso dos bens",
    ],
    "servicos": [
        "compra de materiais e de equipamentos",
        "manutenção do prédio",
        "controle de acesso e de ponto",
    ],
    "obras": [
        "projetos",
        "fiscalização da obra",
        "móveis e equipamentos",
        "mudança e manutenção do prédio",
    ],
    "ti": [
        "rede e acesso à internet",
        "licenças de sistemas de base",
        "suporte técnico",
        "treino dos usuários",
    ],
    "": ["instalação, manutenção ou suporte", "peças e insumos para o uso do objeto"],
}


def _correlatas(v: _View) -> list[str]:
    return [
        "São correlatas as contratações ligadas ao objeto deste estudo. São interdependentes as que "
        "dependem desta para dar o resultado esperado, ou das quais esta depende.",
        "Devem ser vistas, em especial, estas contratações:",
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
            "gasto de energia e de outros recursos no uso dos bens",
            "lixo de embalagens",
            "descarte dos bens no fim da vida útil",
        ],
        [
            "selo Procel de economia de energia, ou outro igual, quando couber",
            "menos embalagens, e que possam ser recicladas",
            "coleta dos bens trocados pelo fornecedor (logística reversa), com o destino certo",
        ],
    ),
    "servicos": (
        ["uso de água, de energia e de produtos de limpeza", "lixo gerado no serviço"],
        [
            "uso de produtos que se degradam na natureza ou que sejam menos tóxicos",
            "coleta seletiva e destino certo do lixo",
            "treino da equipe em boas práticas de uso de água e de energia",
        ],
    ),
    "obras": (
        [
            "resíduos da obra",
            "ruído e poeira",
            "uso de água e de energia",
            "corte de árvores, se houver",
        ],
        [
            "plano de gestão dos resíduos da obra",
            "prédio que gaste menos energia e menos água",
            "controle de ruído e de poeira na obra",
        ],
    ),
    "ti": (
        ["gasto de energia dos equipamentos e do local onde os dados ficam", "lixo eletrônico"],
        [
            "equipamentos que gastem pouca energia",
            "coleta dos equipamentos trocados pelo fornecedor (logística reversa)",
            "menos papel e menos viagens com o uso da solução",
        ],
    ),
    "": (
        ["gasto de energia e de outros recursos", "geração de lixo"],
        ["uso racional de energia e de recursos", "logística reversa e reciclagem"],
    ),
}


def _impactos(v: _View) -> list[str]:
    impacts, measures = _IMPACTS.get(v.kind, _IMPACTS[""])
    measures = [m[0].upper() + m[1:] + "." for m in measures]
    sustentabilidade = v.campo("criterios_sustentabilidade")
    if sustentabilidade:
        measures.insert(0, "Critérios de sustentabilidade da área que pede a compra: " + _end(sustentabilidade))
    if v.kind == "obras":
        measures += v.field_items(("licenca_ambiental",))
    return [
        "A contratação pode causar estes impactos no meio ambiente:",
        _bullets([i[0].upper() + i[1:] + "." for i in impacts]),
        "**Medidas para reduzir os impactos**",
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
            "A conclusão depende de dados que o estudo ainda não tem: " + ", ".join(pending) + ".",
            placeholder(
                "posicionamento conclusivo sobre a viabilidade e a adequação da contratação "
                "ao atendimento da necessidade, após o preenchimento das informações acima"
            ),
        ]
    else:
        assert f.objeto is not None and f.valor_estimado is not None  # else they would be pending
        dotacao = f" ({_end(f.dotacao_orcamentaria)[:-1]})" if f.dotacao_orcamentaria else ""
        blocks += [
            "Com base neste estudo, a equipe de planejamento se manifesta pela **viabilidade** da "
            f"contratação. O objeto é: {_end(f.objeto)}",
            f"A quantidade é de {f.quantidade_label} e o valor total é de {format_brl(f.valor_estimado)}. "
            "A equipe viu a necessidade e as alternativas. Esses dados são adequados para atender à "
            "necessidade.",
            f"O parecer fica condicionado a dois pontos: a confirmação do orçamento{dotacao} e o "
            "preenchimento do que ainda falta nas outras seções.",
        ]
    if f.nivel_risco_label:
        blocks.append(f"O nível de risco da contratação é **{f.nivel_risco_label}**.")
    if f.riscos:
        blocks += ["**Riscos identificados**", f.riscos]
    data = format_date_br(f.data_elaboracao) if f.data_elaboracao else placeholder("data")
    blocks.append(
        _bullets(
            [
                f"**Data do estudo**: {data}",
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

        blocks = _COMPOSERS[section.inciso](view)
        blocks.append(f"_Fundamentação: {section.legal_basis}._")
        notes = [DraftNote("note", OFFLINE_NOTICE)]
        if guidance and guidance.strip():
            source = f" ({template.name})" if template is not None else ""
            notes.append(
                DraftNote(
                    "guidance", f"Orientação do modelo{source} para completar esta seção: " + " ".join(guidance.split())
                )
            )
        notes += view.notes
        instructions = clean_user_text(ctx.instructions, INSTRUCTIONS_MAX_CHARS).text if ctx.instructions else ""
        if instructions:
            notes.append(DraftNote("note", f"{INSTRUCTIONS_NOTE}\n{instructions}"))
        return Completion(
            text="\n\n".join(blocks),
            model=OFFLINE_MODEL,
            provider="offline",
            tokens_in=0,
            tokens_out=0,
            latency_ms=round((time.perf_counter() - started) * 1000, 3),
            notes=tuple(notes),
        )
