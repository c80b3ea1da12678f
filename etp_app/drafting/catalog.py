"""The 13 elements of an ETP (Lei 14.133/2021, art. 18 §1), keyed by inciso."""

from __future__ import annotations

from dataclasses import dataclass

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII")


@dataclass(frozen=True)
class SectionSpec:
    inciso: int
    title: str
    purpose: str  # what the section holds (pt-BR)
    checklist: str  # what a reviewer expects to read in it (pt-BR)
    mandatory: bool
    legal_basis: str
    temperature: float  # sampling temperature for AI drafting of this section

    @property
    def code(self) -> str:
        return ROMAN[self.inciso - 1]


_BASE = "art. 18, §1º, inciso {code}, da Lei 14.133/2021"

SECTIONS: tuple[SectionSpec, ...] = tuple(
    SectionSpec(
        inciso=i + 1,
        title=title,
        purpose=purpose,
        checklist=checklist,
        mandatory=mandatory,
        legal_basis=_BASE.format(code=ROMAN[i]) + extra,
        temperature=temperature,
    )
    for i, (title, purpose, checklist, mandatory, extra, temperature) in enumerate(
        (
            (
                "Descrição da necessidade",
                "o problema a resolver, considerado sob a perspectiva do interesse público",
                "o problema e quem o sofre; evidências da necessidade (dados, ocorrências, demanda); "
                "o interesse público atendido; o que acontece se nada for contratado",
                True,
                "",
                0.4,
            ),
            (
                "Previsão no plano de contratações anual",
                "o alinhamento da contratação ao plano de contratações anual (PCA), quando existente",
                "se a contratação consta do PCA do exercício (item/referência) ou por que não consta "
                "e como será incluída",
                False,
                " e Decreto 10.947/2022",
                0.2,
            ),
            (
                "Requisitos da contratação",
                "os requisitos técnicos, legais, de sustentabilidade e de qualificação da contratação",
                "requisitos técnicos, normas aplicáveis, critérios de sustentabilidade, qualificação "
                "exigida do fornecedor, garantia e suporte; nada que direcione a uma marca sem justificativa",
                False,
                "",
                0.3,
            ),
            (
                "Estimativa das quantidades",
                "as quantidades estimadas, acompanhadas das memórias de cálculo e dos documentos que "
                "lhes dão suporte, considerando interdependências e economia de escala",
                "cada quantidade com sua unidade e memória de cálculo (histórico de consumo, usuários "
                "atendidos, ciclo de reposição) e interdependências com outras contratações",
                True,
                "",
                0.2,
            ),
            (
                "Levantamento de mercado",
                "o levantamento de mercado: alternativas possíveis e a justificativa técnica e "
                "econômica da escolha do tipo de solução",
                "ao menos duas alternativas (compra, locação, serviço, execução direta, outra "
                "tecnologia) comparadas em custo e mérito técnico; por que a solução escolhida prevalece",
                False,
                "",
                0.5,
            ),
            (
                "Estimativa do valor da contratação",
                "a estimativa do valor da contratação, com os preços unitários referenciais, as "
                "memórias de cálculo e os documentos que lhe dão suporte",
                "o valor total estimado e os preços unitários de referência; a memória de cálculo; as "
                "fontes de preço utilizadas (painéis públicos de preços, contratações públicas "
                "anteriores, cotações de fornecedores) e suas datas",
                True,
                " e art. 23 da Lei 14.133/2021",
                0.1,
            ),
            (
                "Descrição da solução como um todo",
                "a descrição da solução como um todo, inclusive exigências de manutenção e assistência "
                "técnica, quando for o caso",
                "a solução completa: o que é entregue, como é instalado, mantido e suportado ao longo de sua vida útil",
                False,
                "",
                0.4,
            ),
            (
                "Justificativa para o parcelamento ou não da contratação",
                "as justificativas para o parcelamento ou não da contratação",
                "se o objeto é dividido em itens ou lotes e por quê (economia de escala, competição, "
                "indivisibilidade técnica)",
                True,
                " e arts. 40 e 47 da Lei 14.133/2021",
                0.3,
            ),
            (
                "Resultados pretendidos",
                "o demonstrativo dos resultados pretendidos em termos de economicidade e de melhor "
                "aproveitamento dos recursos humanos, materiais e financeiros disponíveis",
                "resultados mensuráveis esperados: economia, melhor uso de pessoal, materiais e recursos",
                False,
                "",
                0.4,
            ),
            (
                "Providências prévias ao contrato",
                "as providências a serem adotadas pela Administração previamente à celebração do "
                "contrato, inclusive quanto à capacitação de servidores para fiscalização e gestão "
                "contratual",
                "o que deve ser feito antes da assinatura: capacitação de gestores e fiscais, "
                "infraestrutura, adequações, outras contratações",
                False,
                "",
                0.4,
            ),
            (
                "Contratações correlatas e/ou interdependentes",
                "as contratações correlatas e/ou interdependentes",
                "contratações relacionadas ou interdependentes, ou a declaração de que não há",
                False,
                "",
                0.3,
            ),
            (
                "Impactos ambientais e medidas mitigadoras",
                "a descrição de possíveis impactos ambientais e respectivas medidas mitigadoras, "
                "incluídos requisitos de baixo consumo de energia e de outros recursos, bem como "
                "logística reversa para desfazimento e reciclagem de bens e refugos, quando aplicável",
                "impactos ambientais e mitigações: eficiência energética, logística reversa, descarte e reciclagem",
                False,
                "",
                0.4,
            ),
            (
                "Posicionamento conclusivo",
                "o posicionamento conclusivo sobre a adequação da contratação para o atendimento da "
                "necessidade a que se destina",
                "uma conclusão clara de que a contratação é (ou não é) viável e adequada à necessidade",
                True,
                "",
                0.2,
            ),
        )
    )
)

BY_INCISO: dict[int, SectionSpec] = {s.inciso: s for s in SECTIONS}
MANDATORY_INCISOS: tuple[int, ...] = tuple(s.inciso for s in SECTIONS if s.mandatory)
ALL_INCISOS: tuple[int, ...] = tuple(s.inciso for s in SECTIONS)

AI_NOTICE = (
    "Conteúdo elaborado com o auxílio de inteligência artificial. Deve ser revisado e validado por "
    "um servidor responsável antes de qualquer uso oficial."
)


# Who wrote a section's current text (``sections.provenance``): a person, a generative-AI provider, or
# the offline drafter (the template's text and the ETP's facts, no generative AI). None: no text.
PROVENANCES = ("human", "ai", "offline")
# What a reader is told about each text, by provenance and whether a person reviewed it since. An
# offline draft is the template's wording: it needs review like any draft, but no AI wrote it.
PROVENANCE_LABELS = {
    "human": "Texto elaborado por pessoa",
    "ai_reviewed": "Texto redigido com auxílio de IA e revisado por pessoa",
    "ai": "Texto redigido com auxílio de IA, ainda não revisado",
    "offline": "Rascunho gerado a partir do modelo, sem IA generativa",
    "offline_reviewed": "Rascunho gerado a partir do modelo, sem IA generativa, e revisado por pessoa",
}


def provenance_key(provenance: str | None, *, reviewed: bool = False) -> str | None:
    """The key of :data:`PROVENANCE_LABELS` for a text of ``provenance`` (None: no text).

    ``reviewed`` (a person reviewed the text after its last change) only matters for drafts: a
    person's own text needs no label saying so."""
    if provenance is None:
        return None
    if provenance in ("ai", "offline") and reviewed:
        return f"{provenance}_reviewed"
    return provenance if provenance in PROVENANCES else "human"


def provenance_label(provenance: str | None, *, reviewed: bool = False) -> str | None:
    """The pt-BR label a reader sees beside a text of ``provenance`` (see :func:`provenance_key`)."""
    key = provenance_key(provenance, reviewed=reviewed)
    return PROVENANCE_LABELS[key] if key else None


def spec(inciso: int) -> SectionSpec:
    try:
        return BY_INCISO[inciso]
    except KeyError:
        raise ValueError(f"inciso must be 1..13, got {inciso!r}") from None
