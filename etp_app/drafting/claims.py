"""Absolute and unsupported claims in an ETP section: uniqueness, certainty, guarantee, perfection,
totality and superiority, plus the few purely publicity words ("revolucionária", "de última geração").

Art. 18 of Lei 14.133/2021 asks for a justified, verifiable analysis; "o único fornecedor capaz",
"certamente", "garante", "sem falhas", "elimina qualquer risco" or "o melhor do mercado" state what
no market survey can show. The claims are found by word classes, not by a list of sentences: a
trigger word (an absolute adverb or adjective, an exclusivity or certainty marker, a quantifier, a
guarantee verb in its finite forms, a superlative) is matched once over the text with one regex
compiled from a trie of all their inflections, and each trigger's rules then read the few words
around it (the achieving verb before "todos os problemas", the article before "único", the market
after "o melhor").

What is not a claim is spared by the same context, so legitimate procurement text stays clean:
a requirement ("deverá ser entregue em perfeito estado", "sem defeitos"), a goal or hedge ("visa
assegurar", "espera-se atender plenamente"), a negation ("não garante"), a norm or a party as the
subject ("o art. 96 assegura", "a contratada garantirá"), a bounded totality ("atende a todos os
requisitos definidos na seção III"), the law's own terms ("menor preço", "melhor técnica",
"exclusividade" for ME/EPP, "garantia contratual", "item único"), a claim backed by its evidence in
the same sentence ("conforme pesquisa de mercado, …") and anything inside quotation marks. In a
section that documents an inexigibilidade with its atestado de exclusividade (art. 74, I) the
exclusivity of the supplier is a fact, not a claim. A requirement spares only what it can measure:
"deverá comprovar processo produtivo impecável" or "sem a menor falha" demands the same absolute
that "será impecável" promises, and is reported as perfection.

Every function reads the *folded* text (lower case, no accents, same offsets as the original:
``quality._fold``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

ClaimKind = Literal["uniqueness", "certainty", "guarantee", "perfection", "totality", "superiority"]
KINDS: tuple[ClaimKind, ...] = ("uniqueness", "certainty", "guarantee", "perfection", "totality", "superiority")

KIND_LABELS: dict[str, str] = {
    "uniqueness": "exclusividade",
    "certainty": "certeza",
    "guarantee": "garantia",
    "perfection": "perfeição",
    "totality": "totalidade",
    "superiority": "superioridade",
}
ADVICE: dict[str, str] = {
    "uniqueness": 'demonstre-a com a pesquisa de mercado ("conforme pesquisa de mercado, não foram '
    'identificados outros fornecedores") ou, na inexigibilidade, cite o atestado de exclusividade (art. 74, I)',
    "certainty": 'prefira "estima-se", "os dados indicam" ou "conforme o levantamento", com a fonte',
    "guarantee": 'prefira "espera-se", "contribui para" ou "visa assegurar" e indique o mecanismo que '
    "sustenta o resultado (garantia contratual, níveis de serviço, fiscalização)",
    "perfection": 'descreva um requisito mensurável ("índice de falhas de até X %, conforme o termo de '
    'referência") em vez de prometer perfeição',
    "totality": 'delimite o alcance ("atende aos requisitos definidos na seção III", "espera-se reduzir") '
    "em vez de prometer o todo",
    "superiority": 'compare por critérios objetivos ("apresentou o menor custo entre as alternativas '
    'pesquisadas", "conforme pesquisa de mercado")',
}


@dataclass(frozen=True)
class Claim:
    start: int
    end: int
    kind: ClaimKind | None  # None: publicity wording that claims nothing absolute ("revolucionária")


def claim_message(kind: str, found: str) -> str:
    """The pt-BR message of an ``absolute_claim`` warning about ``found``."""
    return (
        f'Afirmação absoluta de {KIND_LABELS[kind]}: "{found}". O art. 18 da Lei 14.133/2021 pede análise '
        f"justificada e verificável: {ADVICE[kind]}."
    )


def marketing_message(found: str) -> str:
    """The pt-BR message of a ``marketing_claim`` warning about ``found``."""
    return (
        f'Afirmação publicitária: "{found}". Um ETP deve ser técnico e verificável: troque por critério '
        "mensurável, norma ou dado de desempenho."
    )


# --- word classes (folded text) --------------------------------------------------------------


def _forms(stems: Iterable[str], endings: Iterable[str]) -> list[str]:
    ends = tuple(endings)
    return [stem + end for stem in stems for end in ends]


_GENDER_NUMBER = ("o", "a", "os", "as")
_VEL = ("vel", "veis")  # incomparável / incomparáveis


def _finite(stem: str, conj: str) -> list[str]:
    """Present, future and conditional, 3rd person and 1st plural: the forms that state a fact."""
    v = conj[0]
    present = {"a": ("a", "am", "amos"), "e": ("e", "em", "emos"), "i": ("e", "em", "imos")}[v]
    return [stem + e for e in (*present, f"{v}ra", f"{v}rao", f"{v}ria", f"{v}riam", f"{v}remos")]


def _alt(words: Iterable[str]) -> str:
    return "(?:" + "|".join(sorted(set(words), key=len, reverse=True)) + ")"


# suppliers and solutions: what a uniqueness claim is about ("o único fornecedor", "solução exclusiva")
_ENT_SINGULAR = (
    "fornecedor fornecedora empresa fabricante marca solucao produto tecnologia alternativa opcao prestador "
    "prestadora equipamento sistema plataforma ferramenta meio forma maneira caminho modelo servico "
    "representante distribuidor distribuidora software fonte via provedor provedora integrador integradora "
    "firma industria laboratorio concessionaria revendedor revendedora construtora cooperativa "
    "entidade instituicao organizacao"
).split()
_ENT_PLURAL = (
    "fornecedores fornecedoras empresas fabricantes marcas solucoes produtos tecnologias alternativas opcoes "
    "prestadores prestadoras equipamentos sistemas plataformas ferramentas meios formas maneiras caminhos "
    "modelos servicos representantes distribuidores softwares fontes vias provedores provedoras integradores "
    "integradoras firmas industrias laboratorios concessionarias revendedores revendedoras construtoras "
    "cooperativas entidades instituicoes organizacoes"
).split()
_ENT1 = _alt(_ENT_SINGULAR)
_ENT = _alt(_ENT_SINGULAR + _ENT_PLURAL)
_RIVALS = r"(?:similar(?:es)?|equivalentes?|concorrentes?|competidor(?:es)?|concorrencia)"
_DOMAIN_NOUN = (
    r"(?:mercado|pais|brasil|mundo|planeta|setor|segmento|ramo|servico\s+publico|administracao\s+publica"
    r"|poder\s+publico|esfera\s+publica)"
)
# "do mercado", "disponível no país", "que existe", "já fabricado", "dentre todas"
_DOMAIN = (
    rf"(?:(?:d[oa]|n[oa]|em\s+tod[oa]\s+[oa]|de\s+tod[oa]\s+[oa])\s+{_DOMAIN_NOUN}"
    rf"|(?:existentes?|disponive(?:l|is)|encontrad[oa]s?|oferecid[oa]s?|ofertad[oa]s?|vendid[oa]s?)"
    rf"\s+(?:n[oa]|d[oa]|em)\s+{_DOMAIN_NOUN}"
    r"|que\s+(?:existe|existem|ha|se\s+conhece|se\s+conhecem)\b|de\s+tod[oa]s\b(?!\s+(?:[oa]s|seus|suas)\b)|possive(?:l|is)|ja\s+(?:vist|fabricad|produzid|desenvolvid|criad|lancad)[a-z]*"
    r"|de\s+todos\s+os\s+tempos|(?:de\s+sua|da)\s+categoria|(?:dentre|entre)\s+(?:tod[oa]s|quaisquer))"
)
# things a claim promises to solve or remove entirely ("todos os problemas", "qualquer risco")
_CLAIM_NOUN = (
    r"(?:necessidades?|demandas?|problemas?|riscos?|falhas?|expectativas?|deficiencias?|gargalos?|dificuldades?"
    r"|carencias?|vulnerabilidades?|ameacas?|perdas?|desperdicios?|erros?|defeitos?|lacunas?|anseios?"
    r"|pendencias?|inconsistencias?|incidentes?|fraudes?|irregularidades?|atrasos?|interrupc(?:ao|oes)"
    r"|ineficiencias?|obstaculos?|entraves?|conflitos?|infiltrac(?:ao|oes)|vazamentos?|indisponibilidades?"
    r"|paralisac(?:ao|oes)|acidentes?|reclamac(?:ao|oes)|sinistros?|transtornos?|impropriedades?|desvios?"
    r"|retrabalhos?|ocorrencias?|prejuizos?|danos?|avarias?|contratempos?|imprevistos?|intercorrencias?|ataques?"
    r"|invasoes|invasao|infeccoes|pragas?|alagamentos?|enchentes?|inundac(?:ao|oes)|quedas?|panes?)"
)
# verbs of achieving ("atende", "eliminará", "resolvendo", "sanados") around a totality word
_ACHIEVE = re.compile(
    r"\b(?:(?:atend|resolv|elimin|solucion|erradic|contempl|abrang|afast|evit|neutraliz|extingu|imped|supr)"
    r"(?:a|am|e|em|ara|arao|era|erao|ira|irao|aria|ariam|eria|eriam|iria|iriam|ando|endo|indo|ar|er|ir"
    r"|ad[oa]s?|id[oa]s?)"
    r"|san(?:a|am|ara|arao|aria|ando|ar|ad[oa]s?|e|em)|supera(?:m|ra|rao|ria)?|superando|superar"
    r"|satisfaz(?:em|endo|er)?|satisfar(?:a|ao|ia)|satisfeit[oa]s?|satisfaca(?:m)?|cobre|cobrem|cobert[oa]s?"
    r"|previne|previnem|preveni(?:ra|rao|r|ndo)|extint[oa]s?|acab(?:a|am|ara|arao|ar|ando)\s+com"
    r"|(?:bloque|detect|combat|barr|repel)(?:ia|iam|a|am|e|em|ara|arao|era|erao|ar|er|ando|endo|ad[oa]s?|id[oa]s?)"
    r"|(?:poe|poem|pora|porao|poria|por|pondo)\s+fim|(?:agrad|content)(?:a|am|ara|arao|aria|ar|ando)"
    r"|(?:eliminacao|erradicacao|resolucao|atendimento|supressao|solucao|superacao|saneamento))\b"
)
# what "totalmente"/"100 %" may qualify as a promise ("totalmente seguro", "100 % de disponibilidade")
_OUTCOME = (
    r"(?:segur[oa]s?|seguranca|eficaz(?:es)?|eficacia|eficientes?|eficiencia|efetiv(?:[oa]s?|idade)|confiave(?:l|is)"
    r"|confiabilidade|livres?|isent[oa]s?|garantid[oa]s?|assegurad[oa]s?|resolvid[oa]s?|eliminad[oa]s?|sanad[oa]s?"
    r"|satisfeit[oa]s?|satisfacao|atendid[oa]s?|suprid[oa]s?|adequad[oa]s?|imunes?|infalive(?:l|is)|protegid[oa]s?"
    r"|protecao|blindad[oa]s?|inviolave(?:l|is)|estave(?:l|is)|estabilidade|disponibilidade|disponive(?:l|is)"
    r"|precis[oa]s?|precisao|sucesso|exito|acerto|assertiv[oa]s?|conformidade|uptime|operacional|operante"
    r"|funcional|resolutividade|compative(?:l|is)|compatibilidade|aproveitamento|sustentave(?:l|is)|ecologic[oa]s?"
    r"|limp[oa]s?|reaproveitad[oa]s?|reciclad[oa]s?|recuperad[oa]s?|reutilizad[oa]s?|comprovad[oa]s?)"
)

# --- context ---------------------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z]+)*")
# a requirement, not a claim: "deverá ser entregue em perfeito estado", "exige-se compatibilidade total"
_MODAL = re.compile(
    r"\b(?:deve|devem|devera|deverao|deveria|deveriam|devendo|precisa|precisam|precisara|necessita|necessitam"
    r"|exige-se|exigira|exigid[oa]s?|exigencia|obriga-se|obrigam-se|obrigad[oa]s?|compromete-se|comprometem-se"
    r"|cabera|compete|requer|requerem|requisitos?|sob\s+pena|especificac(?:ao|oes)|exige|exigem)\b"
)
# a goal or a hedge: "visa assegurar", "espera-se atender plenamente", "com a meta de 100 %"
_GOAL = re.compile(
    r"\b(?:espera-se|estima-se|pretende-se|busca-se|almeja-se|objetiva-se|visa|visam|visando|busca|buscam|buscando"
    r"|buscar|pretende|pretendem|objetiva|objetivam|objetivando|meta|metas|objetivos?|finalidade|intuito|almeja"
    r"|a\s+fim\s+de|com\s+vistas\s+a|de\s+modo\s+a|de\s+forma\s+a|para\s+(?:se\s+)?[a-z]+(?:ar|er|ir)"
    r"|tendente|esperad[oa]s?)\b"
)
_SENTENCE_GOAL = re.compile(
    r"\b(?:espera-se|estima-se|pretende-se|busca-se|almeja-se|objetiva-se|visa-se|projeta-se|tem\s+por\s+objetivo"
    r"|tem\s+como\s+objetivo|com\s+o\s+objetivo\s+de|com\s+a\s+finalidade\s+de|a\s+meta\s+e)\b"
)
_COORDINATION = re.compile(r",\s+(?:e|mas|porem|enquanto)\s+")
_OWN_FUTURE = re.compile(r"\b[a-z]+(?:ara|era|ira|arao|erao|irao)\b")
_SOFT = re.compile(
    r"\b(?:tende|tendem|contribui|contribuem|contribuira|contribuirao|contribuindo|contribuir|ajuda|ajudara"
    r"|auxilia|auxiliara|podera|poderao|pode|podem|possa|possam|possibilita|possibilitara|permite|permitem"
    r"|permitira|permitirao|favorece|favorecera|tenta|procura|procurara|esforc[oa]|potencialmente|em\s+tese)\b"
)
_PAST = re.compile(
    r"\b(?:foi|foram|era|eram|esteve|estiveram|ocorreu|ocorreram|transcorreu|transcorreram|funcionou|funcionaram"
    r"|operou|operaram|houve|tem\s+sido|tem\s+funcionado|vem\s+(?:sendo|funcionando|operando))\b"
)
_NEGATION = re.compile(r"\b(?:nao|nem|jamais|nunca)\b(?!\s+(?:apenas|so|somente|raro)\b)")
# a norm, the contract or a party as the subject of "garante"/"assegura": the law's wording
_LEGAL_SUBJECT = re.compile(
    r"\b(?:lei|leis|lc|decreto|art|arts|artigo|artigos|inciso|paragrafo|caput|norma|normas|constituicao|instrucao"
    r"|in|regulamento|resolucao|portaria|dispositivo|clausula|contrato|edital|legislacao|ordenamento|estatuto"
    r"|contratad[oa]|fornecedor|fabricante|licitante|adjudicatari[oa]|prestador|garantia|seguro|seguro-garantia"
    r"|apolice|fianca|caucao|principio|cf|lgpd|sumula|acordao|jurisprudencia|tratamento|regime|direito|regra|regras"
    r"|procedimento|rito|previsao|exigencia|coordenacao|coordenacao-geral|secretaria|setor|departamento|diretoria"
    r"|comissao|gerencia|gestor|gestores|fiscal|fiscais|equipe|divisao|nucleo)\b"
)
# a totality bounded by what the text itself defines: "todos os requisitos previstos no termo de
# referência", "ao disposto no art. 18", "às necessidades levantadas na seção I"
_BOUNDED = re.compile(
    r"\b(?:disposto|arts?\b|artigos?|lei\b|decreto|instrucao|norma|legislacao|termo\s+de\s+referencia|edital"
    r"|item\s+\d|subitem|secao|anexo|deste\s+(?:estudo|etp|documento)|do\s+etp|acima|abaixo|supracitad|referid[oa]s?)"
    r"|\b(?:requisitos?|necessidades?|demandas?|exigencias?|especificac(?:ao|oes)|condic(?:ao|oes)|criterios?"
    r"|parametros?|expectativas?|obrigac(?:ao|oes)|itens|servicos|metas?|objetivos?)(?:\s+[a-z]+){0,3}?\s+"
    r"(?:definid|estabelecid|previst|listad|descrit|elencad|constantes?|indicad|especificad|fixad|exigid|mapead"
    r"|levantad|apontad|identificad|relacionad|arrolad|registrad|apurad)"
)
# a claim that shows its evidence in the same sentence: "conforme pesquisa de mercado, …"
_EVIDENCE_NOUN = (
    r"(?:pesquisa|levantamento|estudo|atestado|certidao|declaracao|cotac(?:ao|oes)|consulta|painel\s+de\s+precos|laudo"
    r"|parecer|relatorio|mapa\s+comparativo|comparativo|ranking|avaliacao|benchmark|fonte|historico|registros"
    r"|contratos\s+anteriores|serie\s+historica)"
)
_FOUND = r"\b(?:foram|foi|sido)\s+(?:identificad|encontrad|localizad|verificad|constatad|apurad|registrad|observad)"
_EVIDENCE = re.compile(rf"(?<![\w-]){_EVIDENCE_NOUN}\b|{_FOUND}")  # "código-fonte" cites no source
# after the claim the evidence must be cited as its source ("…, conforme a pesquisa de mercado",
# "…, fato atestado pelo laudo"): an evidence word that only follows ("o que justifica exigir
# atestado", "quando se fará a avaliação") supports nothing said before it
_PROVES = r"(?:demonstr|mostr|indic|apont|atest|comprov|revel|evidenci|confirm|registr)(?:a|am|aram|ou)"
_SOURCED = re.compile(
    r"\b(?:conforme|segundo|consoante|de\s+acordo\s+com|com\s+base\s+(?:em|n[oa]s?)|baseado\s+(?:em|n[oa]s?)"
    r"|a\s+partir\s+d[oa]s?|(?:demonstrad|comprovad|atestad|evidenciad|confirmad|verificad|constatad|apurad"
    r"|identificad|apontad|indicad|registrad|documentad)[oa]s?\s+(?:por|pel[oa]s?|n[oa]s?|em)"
    rf"|como\s+{_PROVES}"
    r"|\(\s*(?:ver|vide|cf\.?)?)"
    rf"\s*(?:[a-z0-9-]+\s+){{0,3}}?(?<![\w-]){_EVIDENCE_NOUN}(?:s|es)?\b"
    rf"|{_FOUND}"
    r"|\bconforme\s+(?:demonstrad|apurad|comprovad|levantad|verificad|constatad|identificad|atestad|pesquisad)[oa]s?\b"
    # "…, o que o relatório de 2024 confirma", "fato que a pesquisa demonstrou"
    rf"|(?<![\w-]){_EVIDENCE_NOUN}(?:s|es)?(?:\s+[a-z0-9-]+){{0,4}}?\s+{_PROVES}\b"
)
# an inexigibilidade documented by its atestado: the supplier's exclusivity is a fact there
_EXCLUSIVITY_DOC = re.compile(
    r"\b(?:atestado|certidao|declaracao|carta|documento|comprovacao|comprovante|certificado)\s+de\s+exclusividade"
    r"|\bart(?:igo|\.)?\s*74\s*,?\s*(?:caput\s*,?\s*)?(?:inciso\s+)?i\b(?!\s*[iv])"
    r"|\binciso\s+i\s+do\s+(?:caput\s+do\s+)?art(?:igo|\.)?\s*74\b"
)
_QUOTED = re.compile(r"“[^”\n]{0,400}”|\"[^\"\n]{1,400}\"|«[^»\n]{0,400}»")
_SENTENCE_END = re.compile(r"[.!?;\n](?=\s|$)")
_ABBREVIATION = re.compile(r"(?<![a-z])(?:arts?|n|inc|par|al|fls?|p|pag|cf|sr|sra|dr|dra|ex|min|max)$")
_CLAUSE_MARKS = ",;:.!?\n()"
_SENTENCE_MARKS = ";!?\n"


class _Context:
    """The text and what the rules ask about it, computed once per text or lazily."""

    def __init__(self, text: str) -> None:
        self.text = text
        marks = '"' in text or "“" in text or "«" in text
        quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)] if marks else []
        self._quote_starts = [a for a, _ in quoted]
        self._quotes = quoted
        self._exclusivity_doc: bool | None = None

    def quoted(self, pos: int) -> bool:
        k = bisect.bisect_right(self._quote_starts, pos) - 1
        return k >= 0 and pos < self._quotes[k][1]

    @property
    def exclusivity_documented(self) -> bool:
        if self._exclusivity_doc is None:
            self._exclusivity_doc = _EXCLUSIVITY_DOC.search(self.text) is not None
        return self._exclusivity_doc

    def clause_start(self, pos: int, limit: int = 60) -> int:
        """Start of the clause holding ``pos`` (after the last comma or stop), at most ``limit`` back."""
        lo = max(0, pos - limit)
        return max([lo] + [self.text.rfind(c, lo, pos) + 1 for c in _CLAUSE_MARKS])

    def sentence_start(self, pos: int, limit: int = 120) -> int:
        lo = max(0, pos - limit)
        cut = max([lo] + [self.text.rfind(c, lo, pos) + 1 for c in _SENTENCE_MARKS])
        dot = self.text.rfind(". ", cut, pos)
        while dot != -1 and _ABBREVIATION.search(self.text, max(cut, dot - 6), dot):
            dot = self.text.rfind(". ", cut, dot)  # "art. 5º assegura": the sentence goes on
        return dot + 2 if dot != -1 else cut

    def sentence_end(self, pos: int, limit: int = 160) -> int:
        m = _SENTENCE_END.search(self.text, pos, min(len(self.text), pos + limit))
        return m.start() if m else min(len(self.text), pos + limit)

    def clause(self, pos: int, limit: int = 60) -> str:
        return self.text[self.clause_start(pos, limit) : pos]

    def words_before(self, pos: int, n: int) -> list[str]:
        lo = max(0, pos - 12 * n)
        while lo > 0 and self.text[lo - 1].isalnum():
            lo -= 1  # never cut a long word in two ("durabilidade", "confiabilidade")
        return _WORD.findall(self.text, lo, pos)[-n:]

    def word_before(self, pos: int) -> str:
        words = self.words_before(pos, 1)
        return words[0] if words else ""

    def start_before(self, pos: int) -> int:
        """Start of the word before ``pos`` (``pos`` itself when there is none)."""
        found = list(_WORD.finditer(self.text, max(0, pos - 24), pos))
        return found[-1].start() if found else pos

    def word_after(self, pos: int) -> str:
        m = _WORD.search(self.text, pos, pos + 40)
        return m.group() if m else ""

    def hedged(
        self, start: int, *, soft: bool = True, negation: bool = True, modal: bool = True, goal: bool = True
    ) -> bool:
        """A goal, a hedge, a requirement or a negation in the clause before ``start``, or an impersonal
        goal heading the sentence ("Pretende-se reduzir …, e assegurar …"). ``modal=False`` for the
        words whose requirement is as absolute as their promise ("deverá ser impecável"); ``goal=False``
        for the absolutes no hope makes measurable ("espera-se que reduza para zero", "pretende-se
        eliminar por inteiro")."""
        clause = self.clause(start)
        return bool(
            (goal and _GOAL.search(clause))
            or (modal and _MODAL.search(clause))
            or (negation and _NEGATION.search(clause))
            or (soft and _SOFT.search(clause))
            or (goal and self._sentence_goal(start))
        )

    def _sentence_goal(self, start: int) -> bool:
        """An impersonal goal heading the sentence reaches ``start`` unless a coordinated clause with
        its own future verb stands between ("Estima-se que X caia, e o modelo levará à emissão zero")."""
        goal = _SENTENCE_GOAL.search(self.text, self.sentence_start(start, 200), start)
        return goal is not None and not self._own_clause_between(goal.end(), start)

    def _own_clause_between(self, lo: int, start: int) -> bool:
        """Whether a coordinated clause with its own future verb begins between ``lo`` and ``start``
        (", e a obra não gerará …"); the clause's verb may be the claim's own word."""
        joints = list(_COORDINATION.finditer(self.text, lo, start))
        own_verb_end = min(len(self.text), start + 24)
        return bool(joints) and _OWN_FUTURE.search(self.text, joints[-1].end(), own_verb_end) is not None

    def required(self, start: int) -> bool:
        """A requirement anywhere in the sentence before ``start``: "Os bens deverão ser entregues …,
        sem defeitos" describes what is asked, not what is promised — unless a coordinated clause with
        its own future verb stands between ("Será exigida execução impecável, e a obra não gerará …")."""
        modals = list(_MODAL.finditer(self.text, self.sentence_start(start), start))
        return bool(modals) and not self._own_clause_between(modals[-1].end(), start)

    def reported(self, start: int, end: int) -> bool:
        """A past fact with its evidence or in the past tense ("o contrato anterior foi executado sem
        incidentes, conforme os relatórios"): a record, not a promise."""
        return _PAST.search(self.clause(start)) is not None or self.evidenced(start, end)

    def evidenced(self, start: int, end: int) -> bool:
        """Evidence named before the claim in its sentence ("a pesquisa de mercado identificou que …"),
        or cited as its source after it ("…, conforme o levantamento")."""
        if _EVIDENCE.search(self.text, self.sentence_start(start), start) is not None:
            return True
        return _SOURCED.search(self.text, start, self.sentence_end(end)) is not None

    def evidenced_own(self, start: int, end: int) -> bool:
        """Like ``evidenced``, but a source cited after a coordinated clause backs that clause only: in
        "é a mais vantajosa que existe, e custa 22 % menos, segundo as cotações" the quotations show the
        price, not the rank over the whole market."""
        if _EVIDENCE.search(self.text, self.sentence_start(start), start) is not None:
            return True
        stop = self.sentence_end(end)
        joint = _COORDINATION.search(self.text, end, stop)
        return _SOURCED.search(self.text, start, joint.start() if joint else stop) is not None

    def bounded(self, end: int) -> bool:
        return _BOUNDED.search(self.text, end, self.sentence_end(end, 90)) is not None


Span = tuple[int, int, ClaimKind]
Rule = Callable[[_Context, int, int], "Span | None"]


def _before(rx: re.Pattern[str], ctx: _Context, start: int, width: int = 60) -> re.Match[str] | None:
    """``rx`` (anchored with ``$``) matching right before ``start``."""
    return rx.search(ctx.text, max(0, start - width), start)


# --- uniqueness ------------------------------------------------------------------------------

_DEFINITE = frozenset(("o", "a", "os", "as"))
_DEFINITE_OR_CONTRACTED = _DEFINITE | frozenset(
    ("do", "da", "dos", "das", "no", "na", "nos", "nas", "pelo", "pela", "pelos", "pelas", "ao", "aos", "à")
)
_UNIQUE_NEXT = re.compile(
    rf"\s+(?:{_ENT}|capaz(?:es)?|apt[oa]s?|habilitad[oa]s?|em\s+condicoes|que\s+(?:atende|oferece|possui|fornece"
    rf"|produz|fabrica|detem|dispoe|consegue|e\s+capaz|reune|reunem|tem\s+(?:condicoes|capacidade)))\b"
)
_UNIQUE_CAPABLE = re.compile(r"\s+(?:capaz(?:es)?|apt[oa]s?)\b")
_UNIQUE_MARKET = re.compile(rf"\s+(?:n[oa]|d[oa]|em)\s+{_DOMAIN_NOUN}\b")
# "o único ambientalmente responsável", "a única viável": uniqueness by a judgement of merit
_UNIQUE_MERIT = re.compile(
    r"\s+(?:[a-z]+mente\s+)?(?:responsave(?:l|is)|viave(?:l|is)|adequad[oa]s?|eficaz(?:es)?|eficientes?|segur[oa]s?"
    r"|confiave(?:l|is)|compative(?:l|is)|sustentave(?:l|is)|apropriad[oa]s?|idone[oa]s?|qualificad[oa]s?"
    r"|preparad[oa]s?|possive(?:l|is)|vantajos[oa]s?|recomendave(?:l|is)|aceitave(?:l|is)|correto|correta)\b"
)
# any noun between: "a única técnica capaz de", "a única resposta possível", "a única ferramenta apta"
_UNIQUE_NOUN_CAPABLE = re.compile(
    r"\s+[a-z]{3,}\s+(?:capaz(?:es)?|apt[oa]s?|possive(?:l|is)|viave(?:l|is)|habilitad[oa]s?|em\s+condicoes|eficaz(?:es)?"
    r"|adequad[oa]s?|factive(?:l|is)|suficientes?)\b"
    r"|\s+[a-z]{3,}(?:\s+[a-z]+)?\s+que\s+(?:permite|permitem|possibilita|viabiliza|atende|garante|assegura|oferece"
    r"|consegue|resolve|soluciona|comporta|suporta|admite)\b"
)
_NORM_SUBJECT = re.compile(
    r"\b(?:lei|leis|lc|decreto|decretos|art|arts|artigo|artigos|inciso|paragrafo|norma|normas|constituicao"
    r"|instrucao|regulamento|resolucao|portaria|dispositivo|clausula|legislacao|sumula|acordao)\b"
)
_PREDICATIVE = frozenset(("e", "sao", "seria", "sera", "seriam", "serao", "mostra-se", "revela-se"))
# "é a única que domina", "seria o único que conhece": the sole one that can or knows, whatever the verb —
# a present, future or conditional form (not a past record: "é a única que participou" reports)
_UNIQUE_WHO = re.compile(
    r"\s+que\s+(?:(?:ja|hoje|ainda|efetivamente|realmente)\s+)?(?:se\s+)?"
    r"(?!(?:se|nao|o|a|os|as|foi|foram|era|eram|esta|estao|ha)\b)"
    r"[a-z]+(?:a|e|am|em|m|ara|era|ira|arao|erao|irao|aria|eria|iria|oe|oem)\b"
)


def _unique(ctx: _Context, s: int, e: int) -> Span | None:
    """ "o único fornecedor", "a única solução capaz", "única capaz de", "é único no mercado"."""
    prev = ctx.words_before(s, 1)
    if m := _UNIQUE_CAPABLE.match(ctx.text, e):
        return s, m.end(), "uniqueness"
    if prev and prev[0] in _DEFINITE_OR_CONTRACTED and (m := _UNIQUE_NEXT.match(ctx.text, e)):
        if ctx.evidenced(s, m.end()):
            return None  # "o único modelo certificado, conforme a pesquisa de mercado": a finding
        return ctx.start_before(s), m.end(), "uniqueness"
    if prev and prev[0] in _DEFINITE_OR_CONTRACTED and (m := _UNIQUE_MERIT.match(ctx.text, e)):
        if not ctx.evidenced(s, m.end()):
            return ctx.start_before(s), m.end(), "uniqueness"
    if prev and prev[0] in _DEFINITE_OR_CONTRACTED and (m := _UNIQUE_NOUN_CAPABLE.match(ctx.text, e)):
        if not ctx.evidenced(s, m.end()) and not ctx.hedged(s, soft=False):
            return ctx.start_before(s), m.end(), "uniqueness"  # "a única medida capaz", "a única resposta possível"
    if prev and (m := _UNIQUE_MARKET.match(ctx.text, e)):
        if prev[0] in _DEFINITE_OR_CONTRACTED:  # "o único do mercado", "as únicas do mercado"
            return ctx.start_before(s), m.end(), "uniqueness"
        if prev[0] in _PREDICATIVE or prev[0] in _ENT_SINGULAR:
            return s, m.end(), "uniqueness"
    return _unique_who(ctx, s, e)


def _unique_who(ctx: _Context, s: int, e: int) -> Span | None:
    """ "é a única que domina", "será o único que permite": only after a predicate ("a única que
    compareceu à visita" names a fact), neither negated ("não é a única que") nor backed by evidence."""
    prev = ctx.words_before(s, 3)
    if len(prev) < 2 or prev[-1] not in _DEFINITE or prev[-2] not in _PREDICATIVE:
        return None
    if len(prev) > 2 and prev[-3] == "nao":
        return None
    m = _UNIQUE_WHO.match(ctx.text, e)
    if m is None or ctx.evidenced(s, m.end()):
        return None
    predicate = ctx.start_before(ctx.start_before(s))
    if _NORM_SUBJECT.search(_subject(ctx, predicate)):
        return None  # "a Lei 14.133/2021 é a única que rege as licitações": what a norm covers
    return predicate, m.end(), "uniqueness"


_JOINT = re.compile(r",\s+|\s+e\s+|;\s+")


def _subject(ctx: _Context, predicate: int) -> str:
    """The words before ``predicate`` back to the sentence start or the last comma or "e": in "segue a
    Resolução CONAMA nº 4/1979, e a empresa é a única" the subject is "a empresa", not the norm."""
    lo = ctx.sentence_start(predicate, 90)
    joints = list(_JOINT.finditer(ctx.text, lo, predicate))
    return ctx.text[joints[-1].end() if joints else lo : predicate]


_ME_EPP = re.compile(r"\s+(?:para|a|as|aos|de)\s+(?:me\b|epp|microempresas?|empresas?\s+de\s+pequeno|pequen)")


def _exclusive(ctx: _Context, s: int, e: int) -> Span | None:
    """ "fornecedor exclusivo", "solução exclusiva do mercado" — never "exclusiva para ME/EPP"."""
    if _ME_EPP.match(ctx.text, e):
        return None
    prev = ctx.word_before(s)
    if prev in _ENT_SINGULAR or prev in _ENT_PLURAL:
        return ctx.start_before(s), e, "uniqueness"
    if m := _UNIQUE_MARKET.match(ctx.text, e):
        return s, m.end(), "uniqueness"
    return None


_EXCLUSIVELY_BY = re.compile(
    rf"\s+(?:(?:por|pel[oa]|a|o)\s+)?(?:(?:esta|essa|este|esse|aquela|aquele|uma|um|a|o)\s+)?{_ENT1}\b"
)
_MADE_BY = re.compile(
    r"(?:fornecid|fabricad|ofertad|oferecid|produzid|comercializad|distribuid|disponibilizad|desenvolvid|detid"
    r"|patentead|dominad|vendid)[oa]s?"
)

_EXCLUSIVELY_MADE = re.compile(rf"\s+{_MADE_BY.pattern}\s+(?:por|pel[oa])\b")


# a requirement that restricts the competition to one kind of supplier (art. 9, I, of Lei 14.133
# forbids it): by its seat ("exclusivamente uma prestadora com sede em Goiânia", "só poderá ser firmado
# com empresa sediada no município") or by an attribute of its own ("somente o fabricante que detenha
# certificação própria poderá fornecer")
_RESTRICTED_SUPPLIER = re.compile(
    rf"\s+(?:poder(?:a|ao)\s+(?:ser\s+[a-z]+\s+(?:com|a|por|pel[oa]|de)|(?:participar|concorrer|fornecer|licitar)(?:\s+(?:com|por))?|(?:com|a|por|pel[oa]|de))\s+)?(?:(?:o|a|os|as|um|uma)\s+)?"
    rf"(?:{_ENT}|licitantes?|empresas?)(?:\s+[a-z]+){{0,2}}?\s+(?:(?:sediad|estabelecid|localizad|domiciliad)[oa]s?"
    rf"|com\s+sede|que\s+(?:detenha|detenham|possua|possuam|tenha|tenham)(?:\s+[a-z]+){{1,3}}?\s+(?:propri|exclusiv)[oa]s?)\b"
)
# the standardisation of a tool the organ already uses (art. 40, V, a, and art. 41, I): "será admitida
# exclusivamente a ferramenta já usada pela equipe" is a choice of the Administration, not a claim
_ALREADY_IN_USE = re.compile(
    r"(?:\s+[a-z0-9-]+){1,6}?\s+ja\s+(?:usad|utilizad|adotad|empregad|implantad|instalad)[oa]s?\s+(?:pel[oa]s?|n[oa]s?)\b"
)


def _restricted(ctx: _Context, s: int, e: int) -> Span | None:
    m = _RESTRICTED_SUPPLIER.match(ctx.text, e)
    if m and ctx.word_before(s) != "nao" and not _ME_EPP.match(ctx.text, e):
        return s, m.end(), "uniqueness"
    return None


def _exclusively(ctx: _Context, s: int, e: int) -> Span | None:
    """ "fornecido exclusivamente pela empresa", "exclusivamente esta solução atende"."""
    if span := _restricted(ctx, s, e):
        return span
    if _ME_EPP.match(ctx.text, e) or _MODAL.search(ctx.clause(s)) or _ALREADY_IN_USE.match(ctx.text, e):
        return None
    prev = ctx.words_before(s, 2)
    if any(_MADE_BY.fullmatch(w) for w in prev):
        return s, e, "uniqueness"
    if m := _EXCLUSIVELY_BY.match(ctx.text, e) or _EXCLUSIVELY_MADE.match(ctx.text, e) or _ONLY_IT.match(ctx.text, e):
        return s, m.end(), "uniqueness"
    return None


_PRESENT_CAN = (
    r"(?:oferece|oferecem|oferecera|atende|atendem|atendera|possui|possuem|consegue|conseguem|conseguira|dispoe"
    r"|dispoem|fornece|fornecem|fornecera|apresenta|apresentam|alcanca|alcancam|iguala|igualam|detem|tem|supera"
    r"|chega|produz|fabrica|comercializa|domina|e\s+capaz|sao\s+capazes|seria\s+capaz|reune|reunem|executa"
    r"|executam|presta|prestam|opera|operam|realiza|realizam|entrega|entregam|vende|vendem|distribui|distribuem"
    r"|cumpre|cumprem|preenche|preenchem|satisfaz|satisfazem|tem\s+(?:condicoes|capacidade))"
)
# "nenhuma outra modelagem permitiria", "nenhum outro regime alcançaria": the conditional of capability
_WOULD_CAN = (
    r"(?:permitiria|permitiriam|possibilitaria|alcancaria|alcancariam|atenderia|atenderiam|ofereceria|ofereceriam"
    r"|conseguiria|conseguiriam|viabilizaria|asseguraria|garantiria|proporcionaria|seria\s+capaz|seriam\s+capazes"
    r"|permite|permitem|permitira|possibilita|viabiliza|proporciona|assegura|garante)"
)
# "além do CBUQ", "além da contratada": the one excepted, set off by commas
_BESIDES = r"(?:\s*,?\s*(?:alem|afora|fora|exceto)\s+(?:de|d[oa]s?)(?:\s+[a-z0-9-]+){1,4}?\s*,?)?"
_NONE_OTHER = re.compile(
    rf"\s+(?:outr[oa]s?\s+{_ENT}\b|outr[oa]s?(?:\s+[a-z]+){{0,4}}?{_BESIDES}\s+(?:{_PRESENT_CAN}|pode|podem"
    rf"|podera|poderia|{_WOULD_CAN})\b|[a-z]+(?:\s+[a-z]+){{0,3}}?\s*,\s*(?:alem|afora|exceto)\s+(?:de|d[oa]s?)"
    rf"(?:\s+[a-z0-9-]+){{1,4}}\s*,\s+{_PRESENT_CAN}\b"
    rf"|(?:{_ENT}|concorrentes?|competidor(?:es)?)(?:\s+[a-z0-9-]+){{0,3}}?{_BESIDES}\s+{_PRESENT_CAN}\b"
    # "nenhum outro projeto do Município terá contribuição comparável": any other, whatever the verb
    rf"|outr[oa]s?\s+(?!(?:documento|exigencia|requisito|condicao|informacao|comprovacao|obrigacao|pagamento|onus"
    rf"|custo|despesa|encargo|valor|taxa|penalidade|sancao|prazo)s?\b)[a-z]+(?:\s+[a-z0-9-]+){{0,4}}?\s+"
    rf"(?!(?:sera|serao|podera|poderao|deve|devera|deverao|pode)\b)[a-z]+(?:ou|eu|iu|ara|era|ira|ria|a|e)\b"
    rf"(?!\s+(?:exigid|solicitad|admitid|aceit|cobrad|pag|devid|necessari))"
    r")"
)


def _none_other(ctx: _Context, s: int, e: int) -> Span | None:
    """ "nenhum outro fornecedor", "nenhuma empresa oferece", "nenhum concorrente alcança"."""
    if (m := _NONE_OTHER.match(ctx.text, e)) and not ctx.evidenced(s, m.end()):
        return s, m.end(), "uniqueness"
    return None


_NOT_EXIST = re.compile(
    r"\s+(?:ha|existe|existem|existira|havera|tem|possui|se\s+conhece|se\s+conhecem|se\s+encontra|se\s+encontram)"
    r"(?:\s+(?:no\s+mercado|atualmente|hoje|no\s+pais|no\s+brasil)|\s*,\s*(?:[a-z]+\s+){1,3}?[a-z]+\s*,)?\s+"
    rf"(?:(?:outr[oa]s?|nenhum[a]?|qualquer|quaisquer)(?:\s+outr[oa]s?)?\s+(?:{_ENT}|{_RIVALS})|{_RIVALS}"
    rf"|{_ENT}\s+(?:comparave(?:l|is)|equivalentes?|semelhantes?|similar(?:es)?|a\s+altura|igual|iguais))\b"
)


_DOUBTING = r"(?:duvidar|negar|contestar|questionar|discutir|refutar|discordar)"
# "não há como duvidar de que", "não se pode negar que", "não há o que discutir"
_NO_WAY_TO_DOUBT = re.compile(
    rf"\s+(?:ha\s+(?:como|o\s+que|por\s+que)|se\s+(?:pode|podera|poderia)|e\s+possivel|cabe)\s+{_DOUBTING}"
    r"(?:\s+(?:de\s+)?que)?\b"
)
_NOBODY_DOUBTS = re.compile(rf"\s+(?:pode|podera|poderia|ha\s+de|ousaria|ousara)\s+{_DOUBTING}(?:\s+(?:de\s+)?que)?\b")
_IMPOSSIBLE_TO_DOUBT = re.compile(rf"\s+{_DOUBTING}(?:\s+(?:de\s+)?que)?\b")


def _nobody_doubts(ctx: _Context, s: int, e: int) -> Span | None:
    """ "ninguém pode negar que", "ninguém ousaria contestar"."""
    if m := _NOBODY_DOUBTS.match(ctx.text, e):
        return s, m.end(), "certainty"
    return None


def _impossible_to_doubt(ctx: _Context, s: int, e: int) -> Span | None:
    """ "é impossível negar que", "impossível contestar" — not "impossível prever"."""
    if m := _IMPOSSIBLE_TO_DOUBT.match(ctx.text, e):
        before = _before(_IS_BEFORE, ctx, s, 25)
        return (before.start() if before else s), m.end(), "certainty"
    return None


_SETTLED_BEFORE = re.compile(r"\b(?:(?:e|sera|seria|torna-se|fica|parece|afigura-se|constitui)\s+)?ponto\s+$")
_OUT_OF_QUESTION_BEFORE = re.compile(
    r"\b(?:(?:e|esta|estara|sera|fica|parece)\s+)?(?:fora|alem|acima)\s+de\s+(?:qualquer\s+|toda\s+)?$"
)


def _settled(ctx: _Context, s: int, e: int) -> Span | None:
    """ "é ponto pacífico que", "é pacífico que": a settled certainty stated without its source."""
    before = _before(_SETTLED_BEFORE, ctx, s, 40) or _before(_IS_BEFORE, ctx, s, 25)
    that = _THAT.match(ctx.text, e)
    if not before or not (that or ctx.text.startswith("ponto", before.start()) or "ponto" in before.group()):
        return None
    if _NEGATION.search(ctx.clause(before.start(), 30)) or ctx.evidenced(before.start(), e):
        return None  # "é pacífico na jurisprudência do TCU, conforme o Acórdão …": a cited consensus
    return before.start(), that.end() if that else e, "certainty"


def _out_of_question(ctx: _Context, s: int, e: int) -> Span | None:
    """ "está fora de questão que", "fora de qualquer questionamento", "além de qualquer contestação"."""
    before = _before(_OUT_OF_QUESTION_BEFORE, ctx, s, 40)
    if not before or _NEGATION.search(ctx.clause(before.start(), 30)):
        return None
    that = _THAT.match(ctx.text, e)
    return before.start(), that.end() if that else e, "certainty"


# "não existe alternativa além desta", "não há outra saída senão", "não existe opção possível"
_NO_ALTERNATIVE = re.compile(
    r"\s+(?:ha|existe|existem|havera|existira|resta|restam|se\s+vislumbra|se\s+vislumbram)\s+(?:outr[oa]s?\s+)?"
    r"(?:alternativas?|opc(?:ao|oes)|saidas?|caminhos?|solucao|solucoes|escolhas?)"
    r"(?:\s+(?:viave(?:l|is)|possive(?:l|is)|factive(?:l|is)|razoave(?:l|is)))?"
    r"(?=\s*[.;,!]|\s+(?:alem|senao|fora|que\s+nao|a\s+nao\s+ser|diferentes?|para\s+(?:o|a)\b|(?:a|ao|aos|as)\s))"
)


# "não tem paralelo", "não encontra precedentes", "não conhece rival"
_NO_PARALLEL = re.compile(
    r"\s+(?:tem|possui|encontra|encontram|conhece|conhecem|admite|ha|existe|existem|apresenta)\s+"
    r"(?:paralelos?|precedentes?|igual|iguais|rival|rivais|comparacao|equiparacao)\b"
)


def _not_exist(ctx: _Context, s: int, e: int) -> Span | None:
    """ "não há outro fornecedor", "não existem similares", "não existe alternativa além desta"."""
    m = _NOT_EXIST.match(ctx.text, e) or _NO_ALTERNATIVE.match(ctx.text, e)
    if m and not ctx.evidenced(s, m.end()):
        return s, m.end(), "uniqueness"
    if (m := _NO_PARALLEL.match(ctx.text, e)) and not ctx.evidenced(s, m.end()):
        return s, m.end(), "superiority"
    if m := _NO_WAY_TO_DOUBT.match(ctx.text, e):
        return s, m.end(), "certainty"
    return None


# what only one solution is said to make possible: "somente o modelo de UST permite vincular …";
# read only after "somente/apenas", where the exclusivity is already said ("nenhum sistema do órgão
# permite" describes a need)
_ENABLE = (
    r"(?:permite|permitem|permitira|permitirao|possibilita|possibilitam|possibilitara|viabiliza|viabilizam"
    r"|viabilizara|proporciona|proporcionam|proporcionara|assegura|asseguram|garante|garantem|suporta|suportam"
    r"|comporta|comportam|contempla|contemplam|resolve|resolvem|soluciona|solucionam|oferta|ofertam)"
)
_ONLY_THIS = re.compile(
    rf"\s+(?:(?:o|a|esta|essa|este|esse|aquela|aquele)\s+)(?:{_ENT1})(?:\s+[a-z0-9-]+){{0,3}}?"
    rf"\s+(?:{_PRESENT_CAN}|{_ENABLE})\b"
)
_ONLY_IT = re.compile(
    r"\s+(?:ele|ela|eles|elas|este|esta|esse|essa|aquele|aquela)\s+"
    r"(?!(?:de|do|da|dos|das|que|e|o|a|os|as|para|com|em|no|na|se|foi|foram|era)\b)[a-z]+\b"
)
# "apenas uma empresa no Amapá tem capacidade", "somente um fabricante oferece"
_ONLY_ONE = re.compile(rf"\s+(?:um|uma)\s+{_ENT1}(?:\s+[a-z0-9-]+){{0,4}}?\s+(?:{_PRESENT_CAN}|{_ENABLE})\b")
# "somente o laboratório detentor do registro consegue", "só empresas sediadas no Município detêm": any
# noun phrase (no relative clause, no number) before a verb of capability
_CAPABLE = (
    r"(?:consegue|conseguem|detem|possui|possuem|e\s+capaz|sao\s+capazes|atende|atendem|reune|reunem|oferece"
    r"|oferecem|dispoe|dispoem|tem\s+(?:condicoes|capacidade))"
)
_PHRASE_WORD = r"(?!(?:que|se|nao|quando|onde|cujo|cuja|caso|apos|ate|depois|antes)\b)[a-z]+"
# the parties of the contract: "somente a contratada possui acesso" states a rule of the contract
_PARTY = (
    r"(?:contratad[oa]s?|contratantes?|administracao|orgao|fiscal|fiscais|gestor|gestores|servidor|servidores"
    r"|equipe|usuarios?|licitantes?|pregoeiro|comissao|autoridade|unidade|setor|municipio|prefeitura|secretaria"
    r"|lei|edital|contrato|decreto|norma)\b"
)
_DETERMINER = r"(?:o|a|os|as|esse|essa|este|esta|esses|essas|estes|estas|aquele|aquela|aqueles|aquelas)"
_ONLY_AGENT = re.compile(
    rf"\s+(?!(?:{_DETERMINER}\s+)?{_PARTY})(?:{_DETERMINER}\s+)?"
    rf"(?![a-z]+mente\b){_PHRASE_WORD}(?:\s+{_PHRASE_WORD}){{0,5}}?\s+{_CAPABLE}\b"
)
# "existe apenas um fornecedor", "há somente uma solução"
_ONLY_ONE_EXISTS = re.compile(rf"\s+(?:um|uma)\s+{_ENT1}\b")
_EXISTS = frozenset(("existe", "ha", "havera", "existira", "resta", "restara", "subsiste"))


def _only(ctx: _Context, s: int, e: int) -> Span | None:
    """ "somente esta empresa oferece", "só ela atende", "o só fornecedor"."""
    word = ctx.text[s:e]
    prev = ctx.word_before(s)
    if prev == "nao":
        return None
    if span := _restricted(ctx, s, e):
        return span
    if word == "so" and prev in _DEFINITE_OR_CONTRACTED and ctx.word_after(e) in _ENT_SINGULAR:
        m = _WORD.search(ctx.text, e)
        return (ctx.start_before(s), m.end(), "uniqueness") if m else None
    m = _ONLY_THIS.match(ctx.text, e) or _ONLY_IT.match(ctx.text, e) or _ONLY_ONE.match(ctx.text, e)
    if not m and (prev in _EXISTS or prev in ("por", "de")):  # "produzidos por apenas um fabricante"
        m = _ONLY_ONE_EXISTS.match(ctx.text, e)
    if not m:
        m = _ONLY_AGENT.match(ctx.text, e)
    # a relative clause states its own fact: "deverá empregar a tecnologia que só esse fabricante possui"
    duty = prev != "que" and _MODAL.search(ctx.clause(s))
    if m and not ctx.evidenced(s, m.end()) and not duty:
        return (ctx.start_before(s) if prev in _EXISTS else s), m.end(), "uniqueness"
    return None


_WITHOUT_RIVAL = re.compile(rf"\s+{_RIVALS}\b")


def _without(ctx: _Context, s: int, e: int) -> Span | None:
    """After "sem": "sem similar no mercado" (uniqueness), "sem igual" (superiority), "sem riscos"
    (guarantee), "sem falhas" (perfection), "sem dúvida" (certainty, read by its own trigger)."""
    if m := _WITHOUT_RIVAL.match(ctx.text, e):
        return None if ctx.evidenced(s, m.end()) else (s, m.end(), "uniqueness")
    if m := _WITHOUT_EQUAL.match(ctx.text, e):
        return s, m.end(), "superiority"
    if m := _WITHOUT_RISK.match(ctx.text, e):
        if _MODAL.search(ctx.clause(s)) or ctx.evidenced(s, m.end()):
            return None
        return s, m.end(), "guarantee"
    if m := _WITHOUT_LIMIT.match(ctx.text, e):  # "sem qualquer restrição", "sem qualquer resquício de"
        if not (ctx.required(s) or ctx.hedged(s, negation=False, soft=False) or ctx.reported(s, m.end())):
            return s, m.end(), "totality"
    if m := _NO_CHANCE.match(ctx.text, e):  # "sem qualquer possibilidade de falha"
        if ctx.hedged(s, soft=False, negation=False) or ctx.required(s) or ctx.reported(s, m.end()):
            return None
        return s, m.end(), "perfection"
    if m := _WITHOUT_FLAW.match(ctx.text, e):
        if _GOAL.search(ctx.clause(s)) or ctx.reported(s, m.end()):
            return None
        if ctx.required(s) and not _ABSOLUTE_FLAWLESS.search(m.group()):
            return None  # "deverão ser entregues sem defeitos": the receiving criterion
        return s, m.end(), "perfection"
    if m := _WITHOUT_IMPACT.match(ctx.text, e):
        return _no_impact(ctx, s, m)
    if (m := _WITHOUT_STOP.match(ctx.text, e)) and (always := _ALWAYS.match(ctx.text, m.end())):
        if not (ctx.required(s) or ctx.hedged(s, negation=False) or ctx.reported(s, always.end())):
            return s, always.end(), "perfection"  # "sem interrupções por décadas"
    if m := _WITHOUT_OUTAGE.match(ctx.text, e):  # "sem qualquer indisponibilidade", "sem a menor interrupção"
        if ctx.required(s) or ctx.hedged(s, negation=False) or ctx.reported(s, m.end()):
            return None
        return s, m.end(), "totality"
    return None


_WITHOUT_LIMIT = re.compile(
    r"\s+(?:qualquer|quaisquer|nenhum[a]?|o\s+menor|a\s+menor)\s+(?:restric(?:ao|oes)|limitac(?:ao|oes)|ressalvas?"
    r"|impedimentos?|obstaculos?|resquicios?|vestigios?|contaminac(?:ao|oes)|desgastes?|desperdicios?|transtornos?"
    r"|incomodos?|ruidos?|poeira|odores?|sobras?|perdas?|prejuizos?|danos?|impactos?|reclamac(?:ao|oes))\b"
    r"(?:\s+de\s+[a-z]+)?"
)


def _irreplaceable(ctx: _Context, s: int, e: int) -> Span | None:
    return s, e, "uniqueness"


# --- certainty -------------------------------------------------------------------------------


def _certain_word(ctx: _Context, s: int, e: int) -> Span | None:
    """ "certamente", "indubitavelmente", "inquestionável", "inegável"."""
    if _NEGATION.search(ctx.clause(s, 30)):
        return None
    return s, e, "certainty"


def _unequivocal(ctx: _Context, s: int, e: int) -> Span | None:
    """ "de forma inequívoca", "inequivocamente" — not "comprovar de forma inequívoca" as a requirement."""
    clause = ctx.clause(s)
    if _NEGATION.search(clause) or _MODAL.search(clause) or _GOAL.search(clause):
        return None
    before = _before(_MANNER_BEFORE, ctx, s, 20)
    return (before.start() if before else s), e, "certainty"


_MANNER_BEFORE = re.compile(r"\bde\s+(?:forma|maneira|modo)\s+$")
_DOUBT_BEFORE = re.compile(
    r"(?:\bsem\s+(?:(?:a\s+)?(?:sombra|margem)\s+de\s+|nenhuma\s+|qualquer\s+)?"
    r"|\bnao\s+(?:ha|resta|restam|existe|existem|paira|pairam|cabe|cabem|subsiste|subsistem)\s+(?:qualquer\s+|nenhuma\s+"
    r"|a\s+menor\s+|mais\s+)?"
    r"|\b(?:fora|acima|alem)\s+de\s+(?:qualquer\s+|toda\s+)?)$"
)
_DOUBT_AFTER = re.compile(r"(?:\s+(?:alguma|nenhuma))?(?:\s+(?:de\s+)?que)?\b")


def _doubt(ctx: _Context, s: int, e: int) -> Span | None:
    """ "sem dúvida", "sem sombra de dúvidas", "não há dúvida de que", "fora de qualquer dúvida"."""
    if m := _before(_DOUBT_BEFORE, ctx, s, 45):
        if ctx.text.startswith("sem", m.start()) and _NEGATION.search(
            ctx.text, ctx.sentence_start(m.start()), m.start()
        ):
            return None  # "não é possível afirmar, sem dúvida, que …"
        after = _DOUBT_AFTER.match(ctx.text, e)
        return m.start(), after.end() if after else e, "certainty"
    return None


_CERTAINTY_BEFORE = re.compile(
    r"(?:\bcom\s+(?:toda\s+(?:a\s+)?|absoluta\s+|total\s+|plena\s+|completa\s+)?"
    r"|\b(?:tem-se|temos|ha|existe|tenho|tem)\s+(?:a\s+|plena\s+|total\s+|absoluta\s+|toda\s+a\s+)?)$"
)
_CERTAINTY_AFTER = re.compile(r"\s+(?:absoluta|plena|total|inabalavel)\b")


def _certainty(ctx: _Context, s: int, e: int) -> Span | None:
    """ "com certeza", "com toda a certeza", "certeza absoluta", "tem-se a certeza"."""
    before = _before(_CERTAINTY_BEFORE, ctx, s, 30)
    after = _CERTAINTY_AFTER.match(ctx.text, e)
    if not (before or after):
        return None
    start = before.start() if before else s
    if _NEGATION.search(ctx.clause(start)):
        return None
    return start, after.end() if after else e, "certainty"


# "tem plena convicção", "convicção absoluta", "total segurança de que": a conviction held as absolute;
# "segurança" only before "de que", so "segurança total das instalações" stays a property of the object
_CONVICTION_MODIFIER_BEFORE = re.compile(r"\b(?:plena|total|absoluta|inabalavel|completa|toda\s+a|inteira)\s+$")
_CONVICTION_MODIFIER_AFTER = re.compile(r"\s+(?:absoluta|plena|total|inabalavel|completa|inteira)\b")
_OF_THAT = re.compile(r"\s+de\s+que\b")


_ASIDE_END = re.compile(r"\s*,|\s+(?:que|afirma|pode-se|e\s+possivel)\b")
_WITH_CONVICTION = re.compile(r"\bcom\s+(?:plena|total|absoluta|inabalavel|completa|toda\s+a|inteira)\s+$")


def _conviction(ctx: _Context, s: int, e: int) -> Span | None:
    """ "tem plena convicção", "convicção absoluta de que", "com total segurança de que"."""
    before = _before(_CONVICTION_MODIFIER_BEFORE, ctx, s, 20)
    after = _CONVICTION_MODIFIER_AFTER.match(ctx.text, e)
    if not (before or after):
        return None
    end = after.end() if after else e
    if ctx.text[s:e].startswith("seguranc"):
        that = _OF_THAT.match(ctx.text, end)
        with_it = before is not None and ctx.text[max(0, before.start() - 4) : before.start()] == "com "
        if that is None and not (with_it and _ASIDE_END.match(ctx.text, end)):
            return None  # "com absoluta segurança, o valor situa-se abaixo": a certainty set off as a parenthesis
        end = that.end() if that else end
        if with_it:
            before = _before(_WITH_CONVICTION, ctx, s, 30)
    start = before.start() if before else s
    if _NEGATION.search(ctx.clause(start)):
        return None
    return start, end, "certainty"


_IS_BEFORE = re.compile(
    r"\b(?:e|sera|seria|esta|estara|torna-se|tornou-se|fica|ficou|parece|mostra-se|revela-se|afigura-se"
    r"|tem-se\s+como|ja\s+esta|(?:e|sera)\s+de\s+conhecimento)"
    r"(?:\s+(?:absolutamente|totalmente|inteiramente|perfeitamente|bastante|plenamente|mais\s+do\s+que))?\s+$"
)
# "como é notório", "como é sabido": the certainty set off as a parenthesis, with no source
_AS_IS_BEFORE = re.compile(r"\bcomo\s+(?:e|ja\s+e|se\s+sabe\s+e)\s+$")
_THAT = re.compile(r"\s+que\b")
# "é sabido por todos que", "é consenso entre os especialistas que", "está comprovado, na prática, que"
_BY_ALL_THAT = re.compile(r"(?:\s+(?:por|entre|de)\s+tod[oa]s|\s*,(?:\s+[a-z]+){1,3}\s*,)?(?:\s+[a-z]+){0,3}?\s+que\b")


_KNOWN_BEFORE = re.compile(r"\b(?:e|sera|seria|como\s+e|fato)\s+de\s+$")
_KNOWN_BY_ALL = re.compile(r"\s+(?:geral|publico|comum|notorio|amplo|universal|de\s+todos|generalizado)\b(?:\s+que)?")


def _common_knowledge(ctx: _Context, s: int, e: int) -> Span | None:
    """ "é de conhecimento geral que", "é de conhecimento público": a certainty that cites no one."""
    before = _before(_KNOWN_BEFORE, ctx, s, 20)
    m = _KNOWN_BY_ALL.match(ctx.text, e)
    if (
        not before
        or not m
        or _NEGATION.search(ctx.clause(before.start(), 30))
        or ctx.evidenced(before.start(), m.end())
    ):
        return None
    return before.start(), m.end(), "certainty"


def _evident(ctx: _Context, s: int, e: int) -> Span | None:
    """ "é evidente que", "é óbvio que", "é certo que", "é fato que"."""
    before = _before(_IS_BEFORE, ctx, s, 25)
    if not before:
        return None
    that = _THAT.match(ctx.text, e) or _BY_ALL_THAT.match(ctx.text, e)
    word = ctx.text[s:e]
    aside = _before(_AS_IS_BEFORE, ctx, s, 20)
    if aside and not ctx.evidenced(aside.start(), e):
        return aside.start(), e, "certainty"
    if not that and word in ("certo", "fato", "evidente", "notorio", "notoria", "sabido", "consenso", "comprovado"):
        return None
    if _NEGATION.search(ctx.clause(before.start(), 30)) or ctx.evidenced(before.start(), e):
        return None  # "é certo que a demanda existe, conforme o levantamento": a conclusion with its source
    return before.start(), that.end() if that else e, "certainty"


# --- guarantee -------------------------------------------------------------------------------

_INTENSE_AFTER = re.compile(
    r"(?:-se)?(?:\s+[a-z]+){0,3}?\s+(?:total|totalmente|plena|plenamente|integral|integralmente|absolut[oa]"
    r"|absolutamente|100\s*%|completa|completamente|inteira|inteiramente|irrestrit[oa]|incondicional|maxim[oa]|zero"
    r"|sucesso|resultados?|exito|ilimitad[oa]s?|infinit[oa]s?|etern[oa]s?|perpetu[oa]s?|vitalici[oa]s?"
    r"|invulnerabilidade|inviolabilidade|infalibilidade|indestrutibilidade|imunidade|incondicionalmente"
    r"|para\s+sempre|por\s+toda\s+a\s+vida\s+util|durante\s+toda\s+a\s+vida\s+util"
    r"|em\s+qualquer\s+(?:circunstancia|situacao|hipotese|cenario))(?![\w-])"
)


# an assurance given before the fact: "assegura desde já que a unidade funcionará", "garante de antemão"
_IN_ADVANCE = re.compile(r"(?:-se)?,?\s+(?:desde\s+ja|de\s+antemao|antecipadamente),?(?:\s+que)?\b")
# an absolute adverb right after the verb: a requirement of the absolute promises it ("deverá assegurar
# integralmente a proteção") as much as "assegura integralmente" does
_ABSOLUTE_AFTER = re.compile(
    r"\s+(?:integralmente|totalmente|plenamente|absolutamente|completamente|inteiramente|incondicionalmente"
    r"|definitivamente|em\s+definitivo)\b"
)


def _guarantee_verb(ctx: _Context, s: int, e: int) -> Span | None:
    """ "garante", "garantirá", "asseguram", "assegura plenamente": a finite guarantee verb. A norm as
    its subject, a legal basis or, in the present, a plain effect spare it; an absolute in its clause
    ("assegurará o abastecimento ininterrupto") makes it a promise whoever gives it."""
    if (m := _IN_ADVANCE.match(ctx.text, e)) and not _NEGATION.search(ctx.clause(s)):
        return s, m.end(), "guarantee"
    intense = _INTENSE_AFTER.match(ctx.text, e)
    if ctx.text.startswith("-se", e) and not intense:
        return None  # "assegura-se o tratamento diferenciado": the law's passive voice
    clause = ctx.clause(s)
    if _NEGATION.search(clause) or _MODAL.search(clause) or _GOAL.search(clause):
        return None
    if intense:
        return s, intense.end(), "guarantee"
    absolute = _ABSOLUTE_OBJECT.search(ctx.text, e, _clause_end(ctx, e))
    # the subject is read in the clause when it names one ("e esse material garante"), else in the
    # sentence ("A Lei 14.133, em seu art. 5º, assegura")
    own = re.search(r"[a-z]{4,}", clause) is not None
    lo = ctx.clause_start(s) if own else ctx.sentence_start(s, 90)
    subject = _LEGAL_SUBJECT.search(ctx.text, lo, s)
    if subject and (absolute is None or _NORM_SUBJECT.fullmatch(subject.group())):
        return None  # "a Lei garante o acesso integral": the law's wording
    if absolute is not None:
        return s, e, "guarantee"  # the absolute word, when a claim of its own, is reported by its rule
    if _LEGAL_BASIS.search(ctx.text, e, ctx.sentence_end(e)):
        return None  # "o parcelamento garante a competitividade, nos termos do art. 40": the law's reason
    if not _PROMISING_FORM.search(ctx.text[s:e]) and not _VOUCHED.match(ctx.text, e):
        return None  # the present states what a measure secures ("assegura a previsibilidade da despesa")
    return s, e, "guarantee"


# "afiança que a plataforma suportará": vouching for a future fact — not "assegura que todos os licitantes
# possam participar", the effect of a rule
_VOUCHED = re.compile(r"\s+que\s+(?:[a-z0-9-]+\s+){0,6}?[a-z]+(?:ara|era|ira|arao|erao|irao)\b")
# the future and the conditional promise ("garantirá", "asseguraria"): the present only states an effect
_PROMISING_FORM = re.compile(r"(?:ara|arao|aria|ariam|aremos|ira|irao|iria|iriam|iremos)$")
_ABSOLUTE_OBJECT = re.compile(
    r"\b(?:qualquer|quaisquer|jamais|nunca|sempre|plen[oa]s?|total|totais|integra(?:l|is)"
    r"|ininterrupt[oa]s?|continu[oa]s?|definitiv[oa]s?|permanentes?|absolut[oa]s?|irrestrit[oa]s?|ilimitad[oa]s?|zero"
    r"|100\s*%|cem\s+por\s+cento|ausencia|nenhum[a]?|perfeit[oa]s?|imediat[oa]s?|inteir[oa]s?|complet[oa]s?"
    r"|satisfacao|bem-estar|sucesso|exito)\b"
)


def _clause_end(ctx: _Context, pos: int, limit: int = 90) -> int:
    """End of the clause holding ``pos`` (the next comma or stop), at most ``limit`` ahead."""
    hi = min(len(ctx.text), pos + limit)
    found = [i for c in _CLAUSE_MARKS if (i := ctx.text.find(c, pos, hi)) != -1]
    return min(found) if found else hi


_LEGAL_BASIS = re.compile(
    r"\b(?:nos\s+termos|na\s+forma|a\s+luz|por\s+forca)\s+d[oa]s?\s+(?:art|lei|decreto|instrucao|in|lc|inciso|paragrafo)"
    r"|\b(?:conforme|consoante|segundo)\s+(?:o\s+|a\s+)?(?:art|lei|decreto|instrucao|inciso|paragrafo)\b"
)


_WILL = frozenset(
    ("ira", "irao", "vai", "vao", "conseguira", "conseguirao", "consegue", "conseguem", "capaz", "capazes")
)


def _guarantee_infinitive(ctx: _Context, s: int, e: int) -> Span | None:
    """ "irá garantir", "vai assegurar", "é capaz de garantir" (not "para garantir")."""
    prev = ctx.words_before(s, 2)
    if not prev:
        return None
    if (m := _ABSOLUTE_AFTER.match(ctx.text, e)) and _MODAL.fullmatch(prev[-1]) and not _GOAL.search(ctx.clause(s)):
        return s, m.end(), "guarantee"
    if prev[-1] in _WILL or (prev[-1] == "de" and len(prev) == 2 and prev[0] in ("capaz", "capazes")):
        if _GOAL.search(ctx.clause(s)) or _NEGATION.search(ctx.clause(s)) or _MODAL.search(ctx.clause(s)):
            return None
        return s, e, "guarantee"
    return None


def _guarantee_gerund(ctx: _Context, s: int, e: int) -> Span | None:
    """ "garantindo total segurança", "assegurando 100 % de disponibilidade" — and, hoped for, the
    absolutes no hope makes measurable ("espera-se …, garantindo controle absoluto e irrestrito")."""
    intense = _INTENSE_AFTER.match(ctx.text, e)
    if intense and not ctx.hedged(s, goal=not _STRONG_ABSOLUTE.search(intense.group())):
        return s, intense.end(), "guarantee"
    return None


# the absolutes a goal does not soften: "absoluto", "irrestrito", "ilimitado", "zero", "100 %"
_STRONG_ABSOLUTE = re.compile(
    r"\b(?:absolut|irrestrit|ilimitad|ininterrupt|incondiciona|infinit|etern|perpetu|zero|100|cem\b|jamais|nunca)"
)


_RESULT_NOUNS = frozenset(
    "sucesso resultado resultados retorno economia eficiencia desempenho satisfacao disponibilidade exito lucro "
    "ganho ganhos qualidade seguranca".split()
)
_ABSOLUTE_ADVERBS = frozenset(
    "totalmente plenamente integralmente absolutamente completamente inteiramente 100 cento".split()
)


_STATE_VERBS = frozenset(
    "fica ficam ficara ficarao esta estao estara estarao resta restam restara restarao permanece permanecera".split()
)


def _guaranteed(ctx: _Context, s: int, e: int) -> Span | None:
    """ "sucesso garantido", "resultado assegurado", "100 % garantida", "totalmente assegurado", "fica
    assegurada" — not "fica assegurado à contratada o direito" (the law's wording)."""
    prev = ctx.word_before(s)
    if prev in _STATE_VERBS:
        clause = ctx.clause(s)
        if _NEGATION.search(clause) or _MODAL.search(clause) or _GOAL.search(clause):
            return None
        if _LEGAL_SUBJECT.search(ctx.text, ctx.sentence_start(s, 90), min(len(ctx.text), e + 40)):
            return None
        return ctx.start_before(s), e, "guarantee"
    if prev in _RESULT_NOUNS or prev in _ABSOLUTE_ADVERBS:
        if _NEGATION.search(ctx.clause(s)) or _MODAL.search(ctx.clause(s)):
            return None
        return ctx.start_before(s), e, "guarantee"
    return None


_GUARANTEE_NOUN_AFTER = re.compile(
    r"\s+(?:total|absoluta|plena|irrestrita|incondicional|vitalicia|eterna|completa"
    r"|de\s+(?:sucesso|resultados?|exito|eficacia|satisfacao|retorno|lucro|economia|100\s*%|qualidade\s+total))\b"
)


def _guarantee_noun(ctx: _Context, s: int, e: int) -> Span | None:
    """ "garantia total", "garantia de sucesso" — never "garantia contratual" or "garantia de 12 meses"."""
    if (m := _GUARANTEE_NOUN_AFTER.match(ctx.text, e)) and not _NEGATION.search(ctx.clause(s, 25)):
        return s, m.end(), "guarantee"
    return None


_RISK_BEFORE = re.compile(
    r"(?:\bsem\s+(?:nenhum\s+|qualquer\s+|quaisquer\s+)?|\b(?:livres?|isent[oa]s?|imunes?)\s+(?:de|a)\s+"
    r"(?:qualquer\s+|quaisquer\s+|todo\s+|todos\s+os\s+)?(?:tipo\s+de\s+)?|\bnenhum\s+)$"
)
_WITHOUT_RISK = re.compile(
    r"\s+(?:nenhum|qualquer|quaisquer)\s+riscos?\b(?:\s+de\s+[a-z]+)?(?!\s+(?:relevantes?|significativ|identificad"
    r"|aparentes?|adicionais|conhecidos|residuais|mapead|materiais|associad|maiores|previst))"
    r"|\s+riscos?\b(?!\s+(?:relevantes?|significativ|identificad|aparentes?"
    r"|adicionais|conhecidos|residuais|mapead|materiais|de\s|a\s|ao\s|para\s|que\s|associad|maiores|previst))"
)
_RISK_SPARED = re.compile(
    r"\s+(?:relevantes?|significativ|identificad|aparentes?|adicionais|conhecidos|residuais|mapead|materiais"
    r"|de\s|a\s|ao\s|para\s|que\s|associad|maiores|previst)"
)
_ZERO_AFTER = re.compile(r"\s+zero\b")


def _risk(ctx: _Context, s: int, e: int) -> Span | None:
    """ "risco zero", "livre de riscos", "nenhum risco" ("sem riscos" is read from "sem")."""
    if m := _ZERO_AFTER.match(ctx.text, e):
        return s, m.end(), "guarantee"
    before = _before(_RISK_BEFORE, ctx, s, 50)
    if not before or ctx.text[before.start() : before.start() + 3] == "sem":
        return None
    if _RISK_SPARED.match(ctx.text, e) or _MODAL.search(ctx.clause(before.start())) or ctx.evidenced(s, e):
        return None
    if ctx.text.startswith("nenhum", before.start()) and _NEGATION.search(ctx.clause(before.start())):
        return None  # "não há nenhum risco identificado": an assessment, read with its evidence
    return before.start(), e, "guarantee"


# --- perfection ------------------------------------------------------------------------------

# the states a good is received in: "estado perfeito", "perfeito funcionamento", "perfeita vedação"
_PERFECT_STATE = frozenset(
    "estado estados condicao condicoes funcionamento ordem conservacao uso acabamento encaixe vedacao "
    "alinhamento".split()
)
# and the set phrases of duties written with "perfeito" first: "responde pela perfeita execução do objeto"
_PERFECT_SPARED_NEXT = _PERFECT_STATE | frozenset(
    "execucao cumprimento compreensao identificacao entendimento conhecimento".split()
)


# a perfect state promised for ever: "o ano inteiro", "durante toda a vigência", "permanentemente"
_ALWAYS = re.compile(
    r"\s+(?:o\s+ano\s+(?:inteiro|todo)|o\s+tempo\s+todo|(?:durante|por|ao\s+longo\s+de)\s+tod[oa]\s+[oa]\s+"
    r"(?:vigencia|vida\s+util|contrato|periodo|ano|prazo)|permanentemente|sempre|para\s+sempre|a\s+todo\s+(?:momento"
    r"|tempo)|em\s+qualquer\s+(?:epoca|estacao|circunstancia)|ininterruptamente|indefinidamente"
    r"|por\s+(?:decadas|seculos|anos\s+a\s+fio|muitos\s+anos|tempo\s+indeterminado))\b"
)


_OF_ALL = re.compile(r"\s+d[oea]s?\s+(?:tod[oa]s\s+[oa]s|tod[oa]\s+[oa]|qualquer|quaisquer)\s+[a-z]+")


def _perfect(ctx: _Context, s: int, e: int) -> Span | None:
    """ "perfeito", "perfeitamente adequado", "perfeição", and perfection demanded ("a equipe deverá
    demonstrar desempenho perfeito": a requirement no one can measure) — not "em perfeito estado",
    "perfeitas condições de uso", "funcionamento perfeito" as a requirement, nor "ato jurídico perfeito"."""
    state = _WORD.search(ctx.text, e, e + 40)
    if state and state.group() in _PERFECT_STATE and (whole := _OF_ALL.match(ctx.text, state.end())):
        start = ctx.start_before(s) if ctx.word_before(s) in _DEFINITE else s
        if not ctx.hedged(start, soft=False) and not ctx.required(start):
            return start, whole.end(), "perfection"  # "o perfeito funcionamento de todos os sistemas"
    if ctx.word_after(e) in _PERFECT_SPARED_NEXT or ctx.word_before(s) in ("em", "juridico"):
        m = _WORD.search(ctx.text, e, e + 40)
        always = _ALWAYS.match(ctx.text, m.end()) if m and ctx.word_before(s) == "em" else None
        if always and not ctx.hedged(s, soft=False) and not ctx.required(s):
            return ctx.start_before(s), always.end(), "perfection"  # "em perfeito estado o ano inteiro"
        return None
    if ctx.hedged(s, soft=False, modal=False):
        return None
    if _MODAL.search(ctx.clause(s)) or ctx.required(s):
        # demanded: "perfeitamente nivelado" and "estado/funcionamento perfeito" are the receiving
        # criteria; "desempenho perfeito", "execução perfeita", "com perfeição" demand the absolute
        if ctx.text.startswith("perfeitamente", s) or ctx.word_before(s) in _PERFECT_STATE:
            if ctx.word_before(s) in _PERFECT_STATE and (always := _ALWAYS.match(ctx.text, e)):
                return (
                    ctx.start_before(s),
                    always.end(),
                    "perfection",
                )  # "funcionamento perfeito durante toda a vigência"
            return None
    return s, e, "perfection"


def _flawless_word(ctx: _Context, s: int, e: int) -> Span | None:
    """ "impecável", "infalível", "inquebrável", promised, hoped for or demanded ("deverá comprovar
    processo produtivo impecável", "mantida em estado impecável de conservação": the set phrase of a
    requirement is "em perfeito estado", which no inspection reads as perfection)."""
    if ctx.hedged(s, soft=False, modal=False, goal=False):
        return None
    return s, e, "perfection"


_FLAW = (
    r"(?:falhas?|erros?|defeitos?|problemas?|imperfeic(?:ao|oes)|vicios?|panes?|quebras?|incidentes?"
    r"|vulnerabilidades?|brechas?|instabilidades?|avarias?|trincas?|fissuras?|deslizes?|lapsos?|equivocos?"
    r"|extravios?|descumprimentos?|percalcos?|maculas?|manchas?)"
)
_LEAST = r"(?:nenhum|nenhuma|qualquer|quaisquer|(?:a|o)\s+(?:menor|minim[oa]|mais\s+leve|mais\s+minim[oa]))"
_WITHOUT_FLAW = re.compile(rf"\s+(?:{_LEAST}\s+)?{_FLAW}\b")
_WITHOUT_EQUAL = re.compile(r"\s+(?:igual|iguais|paralelos?|precedentes?|rival|rivais|comparacao|concorrencia|par)\b")
_FLAW_BEFORE = re.compile(
    r"(?:\b(?:livres?|isent[oa]s?|imunes?)\s+(?:de|a)\s+(?:qualquer\s+|quaisquer\s+|todo\s+|toda\s+|todos\s+os\s+"
    r"|todas\s+as\s+)?(?:tipo\s+de\s+)?|\bzero\s+"
    r"|\bsem\s+(?:(?:qualquer|nenhuma|a\s+menor|a\s+minima|a\s+mais\s+minima)\s+)?margem\s+(?:de|para)\s+"
    r"(?:(?:qualquer|nenhum|nenhuma)\s+)?"
    r"|\ba\s+prova\s+de\s+)$"
)
# a flawlessness as absolute demanded as promised: "sem a menor falha", "sem qualquer erro", "sem
# margem de erro", "totalmente livre de imperfeições" — "sem qualquer defeito" of a good received
# (defeito, vício, quebra) is the receiving criterion
_ABSOLUTE_FLAWLESS = re.compile(
    r"\b(?:menor|minim[oa]|leve)\b|\bmargem\b"
    r"|\b(?:qualquer|quaisquer|nenhum|nenhuma)\s+(?!defeito|vicio|quebra)"
)
_ABSOLUTELY_BEFORE = re.compile(
    r"\b(?:totalmente|completamente|absolutamente|inteiramente|integralmente|plenamente|100\s*%|cem\s+por\s+cento)"
    r"\s+$"
)


def _flaw(ctx: _Context, s: int, e: int) -> Span | None:
    """ "isento de erros", "livre de falhas", "zero defeito", "falha zero", "à prova de falhas"."""
    if m := _ZERO_AFTER.match(ctx.text, e):
        return s, m.end(), "perfection"
    before = _before(_FLAW_BEFORE, ctx, s, 50)
    if not before:
        return None
    start = before.start()
    if adverb := _before(_ABSOLUTELY_BEFORE, ctx, start, 25):
        start = adverb.start()  # "totalmente livre de imperfeições"
    absolute = adverb is not None or _ABSOLUTE_FLAWLESS.search(ctx.text, before.start(), e) is not None
    if ctx.hedged(start, soft=False, modal=not absolute) or (not absolute and ctx.required(start)):
        return None
    if ctx.reported(start, e):
        return None
    return start, e, "perfection"


_NONE_FLAW = re.compile(rf"\s+{_FLAW}\b")
# after "sem", with a time that never ends: "sem interrupções por décadas"
_WITHOUT_STOP = re.compile(
    rf"\s+(?:{_FLAW}|interrupc(?:ao|oes)|paralisac(?:ao|oes)|paradas?|manutenc(?:ao|oes)|desgastes?|reparos?)"
    r"(?:\s+de\s+[a-z]+)?"
)
_IMPACT = r"(?:impactos?|danos?|prejuizos?|transtornos?|passivos?|poluicao|contaminac(?:ao|oes)|efeitos?\s+adversos?)"
_WITHOUT_IMPACT = re.compile(rf"\s+(?:(?:nenhum|nenhuma|qualquer|quaisquer)\s+)?{_IMPACT}\b")
_NONE_IMPACT = re.compile(rf"\s+{_IMPACT}\b")
_IMPACT_SPARED = re.compile(
    r"\s+(?:ambienta(?:l|is)\s+)?(?:relevantes?|significativ|identificad|aparentes?|adicionais|conhecid|residuais"
    r"|mapead|materiais|orcamentari|financeir|previst|direto|indireto|de\s+maior|de\s+grande|negativos?\s+relevantes?)"
)


def _no_impact(ctx: _Context, s: int, m: re.Match[str]) -> Span | None:
    """A promise of no impact at all. After "sem" it needs a quantifier or "ambiental" ("sem qualquer
    passivo", "sem impacto ambiental"): "sem prejuízo de", "sem danos ao patrimônio" are idioms."""
    if _IMPACT_SPARED.match(ctx.text, m.end()) or ctx.evidenced(s, m.end()) or ctx.hedged(s, negation=False):
        return None  # "não causará nenhum impacto": the negation is the claim
    end = m.end()
    adjective = _ENVIRONMENTAL.match(ctx.text, end)
    quantified = m.group().split()[0] in ("nenhum", "nenhuma", "qualquer", "quaisquer")
    if ctx.text.startswith("sem", s) and not (quantified or adjective):
        return None
    return s, adjective.end() if adjective else end, "totality"


_ENVIRONMENTAL = re.compile(r"\s+ambienta(?:l|is)\b")


def _none_impact(ctx: _Context, s: int, e: int) -> Span | None:
    """ "não causará nenhum impacto ambiental" — not "nenhum impacto relevante foi identificado"."""
    m = _NONE_IMPACT.match(ctx.text, e)
    if not m:
        return None
    span = _no_impact(ctx, s, m)
    if span is None:
        return None
    before = ctx.words_before(s, 2)  # "não causará nenhum impacto": the claim includes its verb
    if len(before) == 2 and before[0] == "nao":
        return ctx.text.rfind("nao", 0, s), span[1], "totality"
    return span


_FUTURE_VERB = r"[a-z]+(?:ara|era|ira|arao|erao|irao)"
# "nenhum resíduo gerado deixará de ter destinação", "nenhum usuário ficará sem atendimento"
_NONE_WILL_FAIL_TO = re.compile(
    r"\s+(?:[a-z0-9-]+\s+){1,4}?(?:deixara|deixarao|deixa|deixam|ficara|ficarao|restara|restarao)\s+(?:de|sem)\s+[a-z]+"
)
# "nenhum sistema voltará a apresentar falhas", "nenhuma unidade tornará a sofrer": never again
_NONE_WILL_AGAIN = re.compile(r"\s+(?:[a-z0-9-]+\s+){1,4}?(?:voltara|voltarao|tornara|tornarao)\s+a\s+[a-z]+")
# "nenhum estudante receberá refeição com qualquer produto impróprio": none will meet any of them
_NONE_WILL_ANY = re.compile(
    rf"\s+(?:[a-z0-9-]+\s+){{1,4}}?({_FUTURE_VERB})\s+(?:[a-z0-9-]+\s+){{0,6}}?(?:qualquer|quaisquer)\s+[a-z]+"
)


# "assegure que nenhuma fração de fluido escape", "de modo que nenhum paciente fique sem": none of it
_SECURE_THAT = re.compile(
    r"\b(?:garant|assegur|afianc|prevenir|evitar)[a-z]*\s+que\s+$|\bde\s+(?:modo|forma|maneira)\s+que\s+$"
)
_NONE_HARMED = re.compile(
    r"\s+(?:[a-z0-9-]+\s+){0,5}?(?:escape|escapem|vaze|vazem|falte|faltem|falhe|falhem|atrase|atrasem|pare|parem"
    r"|se\s+perca|se\s+percam|seja\s+perdid[oa]|sejam\s+perdid[oa]s|fique\s+sem|fiquem\s+sem|sofra|sofram|quebre"
    r"|quebrem|deixe\s+de|deixem\s+de|seja\s+desperdicad[oa]|sejam\s+desperdicad[oa]s)\b"
)


def _none_at_all(ctx: _Context, s: int, e: int) -> Span | None:
    """A totality stated as a negated universal: "nenhum servidor ficará sem", "nenhum X deixará de",
    "nenhum X sofrerá qualquer", "nenhum X voltará a falhar" — not "nenhum licitante deverá deixar de"
    (a rule) nor a goal."""
    m = _NONE_WILL_FAIL_TO.match(ctx.text, e) or _NONE_WILL_AGAIN.match(ctx.text, e)
    if not m and (harmed := _NONE_HARMED.match(ctx.text, e)) and _SECURE_THAT.search(ctx.clause(s, 40)):
        if not ctx.hedged(s, soft=False, goal=False, negation=False) and not ctx.evidenced(s, harmed.end()):
            return s, harmed.end(), "totality"
    if not m:
        m = _NONE_WILL_ANY.match(ctx.text, e)
        if m and _MODAL.fullmatch(m.group(1)):
            return None
    if not m or ctx.hedged(s, soft=False) or ctx.required(s) or ctx.evidenced(s, m.end()):
        return None
    if _MODAL.search(ctx.text, s, m.end()):
        return None
    return s, m.end(), "totality"


# what a solution is promised never to produce or suffer: waste, pollution, harm, outages, flaws
_HARM = (
    r"(?:residuos?|rejeitos?|emissao|emissoes|poluentes?|poluicao|contaminac(?:ao|oes)|descartes?|efluentes?|ruidos?"
    r"|odores?|impactos?|danos?|prejuizos?|transtornos?|passivos?|desperdicios?|perdas?|interrupc(?:ao|oes)"
    r"|paralisac(?:ao|oes)|indisponibilidades?|atrasos?|acidentes?|incidentes?|intercorrencias?|vazamentos?"
    r"|infiltrac(?:ao|oes)|reclamac(?:ao|oes)|queixas?|ocorrencias?|sinistros?|retrabalhos?|desvios?|fraudes?"
    r"|irregularidades?|inconsistencias?|falhas?|erros?|defeitos?|problemas?|panes?|quebras?|avarias?|vicios?"
    r"|imperfeic(?:ao|oes)|deslizes?|lapsos?|equivocos?|extravios?|descumprimentos?|percalcos?|contratempos?"
    r"|imprevistos?|transtornos?)"
)
_HARM_AFTER = re.compile(
    rf"(?:\s+(?:tipo|especie|forma|possibilidade|chance|hipotese|risco|probabilidade)\s+de)?\s+({_HARM})\b"
)
_FLAW_NOUN = re.compile(
    r"(?:falhas?|erros?|defeitos?|problemas?|panes?|quebras?|avarias?|vicios?|imperfeic(?:ao|oes))$"
)
# "não produzirá", "não haverá", "não gera": the verb that promises nothing of it will happen
_NOT_WILL_BEFORE = re.compile(
    rf"\bnao\s+(?:se\s+)?({_FUTURE_VERB}|gera|geram|produz|produzem|emite|emitem|libera|liberam|causa|causam"
    r"|deixa|deixam|acarreta|acarretam|provoca|provocam)(?:-se)?\s+$"
)
_PERMIT = re.compile(r"(?:admit|toler|aceit|permit|autoriz|consent|releva|dispens)")
_NONE_WILL_BE = re.compile(
    rf"(?:\s+[a-z0-9-]+){{0,3}}?\s+({_FUTURE_VERB})\b"
    r"(?!\s+(?:tolerad|admitid|aceit|permitid|autorizad|pag|cobrad|exigid|remunerad|ressarcid|indenizad|justificad))"
)


def _no_harm(ctx: _Context, s: int, e: int) -> Span | None:
    """A negated universal over what is never to happen: "não produzirá qualquer resíduo", "não haverá
    nenhuma interrupção", "nenhum resíduo será destinado a aterro" — not a rule ("não poderá haver
    qualquer interrupção", "deverá ocorrer sem"), a goal, a past record nor a bounded assessment
    ("qualquer impacto relevante")."""
    after = _HARM_AFTER.match(ctx.text, e)
    if not after or _IMPACT_SPARED.match(ctx.text, after.end()):
        return None
    end = after.end()
    before = _before(_NOT_WILL_BEFORE, ctx, s, 40)
    if before:
        verb = before.group(1)
        start = before.start()
    elif ctx.text.startswith("nenhum", s) and (will := _NONE_WILL_BE.match(ctx.text, end)):
        verb, start, end = will.group(1), s, will.end()
    else:
        return None
    if _MODAL.fullmatch(verb) or _SOFT.fullmatch(verb) or _PERMIT.match(verb):
        return None  # "não poderá haver", "não se admitirá qualquer atraso": rules
    if ctx.hedged(start, negation=False) or ctx.required(start) or ctx.reported(start, end):
        return None
    kind: ClaimKind = "perfection" if _FLAW_NOUN.match(after.group(1)) else "totality"
    return start, end, kind


# a duty to secure a result ("deverá assegurar que", "deverá atender a", "de modo que"), then within the
# clause a quantifier over harm: "deverá assegurar que nenhum veículo apresente pane", "deverá atender a
# 100 % dos pedidos sem qualquer atraso"
_DUTY_TO_SECURE = re.compile(
    r"\b(?:deve|devem|devera|deverao|devendo)\s+(?:(?:[a-z]+\s+)?(garantir|assegurar)\s+que|(?:atender|cumprir)\b)"
    r"|\bde\s+(?:modo|forma|maneira)\s+que\b"
)
_ANY_HARM = re.compile(rf"(?:\s+[a-z]+){{0,3}}?(?:\s+(?:tipo|especie|forma)\s+de)?\s+{_HARM}\b")
# what a measurable duty does with the harm: "qualquer defeito seja corrigido em 48 horas"
_REMEDIED = re.compile(
    r"(?:\s+[a-z]+){0,3}?\s+(?:sej[ao]m?|for|forem|deve|devera|deverao)\s+(?:ser\s+)?(?:[a-z]+\s+)?"
    r"(?:corrigid|sanad|reparad|comunicad|substituid|resolvid|registrad|notificad|informad|tratad|eliminad|reportad)"
)


def _absolute_duty(ctx: _Context, s: int, e: int) -> Span | None:
    """A requirement no inspection can measure: the duty is to secure that no harm ever happens, not
    to repair it within a time ("deverá corrigir qualquer defeito em 48 horas" stays a duty), nor a
    rule ("não se admitirá qualquer atraso")."""
    lo = ctx.clause_start(s, 120)
    duties = list(_DUTY_TO_SECURE.finditer(ctx.text, lo, s))
    if not duties:
        return None
    after = _ANY_HARM.match(ctx.text, e)
    if not after or _IMPACT_SPARED.match(ctx.text, after.end()) or _REMEDIED.match(ctx.text, after.end()):
        return None
    if any(ch.isdigit() for ch in ctx.text[after.end() : ctx.sentence_end(after.end(), 40)]):
        return None  # "nenhum atraso superior a 2 horas": a measured tolerance
    duty = duties[-1]
    if _ANOTHER_QUANTIFIER.search(ctx.text, duty.end(), s):
        return None  # "de modo que não gerará qualquer passivo e terá gestão isenta de qualquer falha": two claims
    return duty.start(), after.end(), "guarantee" if duty.group(1) else "totality"


_ANOTHER_QUANTIFIER = re.compile(r"\b(?:qualquer|quaisquer|nenhum|nenhuma)\b")


def _none_flaw(ctx: _Context, s: int, e: int) -> Span | None:
    """ "não apresentará nenhuma falha" — not "nenhuma falha foi registrada" (an observation)."""
    m = _NONE_FLAW.match(ctx.text, e)
    if not m or ctx.evidenced(s, m.end()) or _MODAL.search(ctx.clause(s)):
        return None
    return s, m.end(), "perfection"


_NEVER_FAILS = re.compile(
    r"(?:\s+(?:mais|ira|vai|havera|sera|podera|se))?\s+(?:falha|falham|falhara|falharao|falhar|quebra|quebrara"
    r"|quebrar|apresenta(?:ra|rao|r|m)?\s+(?:falhas?|defeitos?|problemas?|erros?)"
    rf"|(?:havera|ocorrera|ocorrerao|existira)\s+(?:{_FLAW}|interrupc(?:ao|oes)|paralisac(?:ao|oes))"
    r"|(?:ficara|ficarao|estara|estarao|sera|serao|fica|ficam|esta|estao|ficaria)\s+(?:indisponive(?:l|is)"
    r"|inoperantes?|fora\s+do\s+ar|parad[oa]s?|offline|interrompid[oa]s?|sem\s+(?:sinal|conexao|energia|atendimento))"
    r"|(?:deixara|deixarao|deixa|deixam)\s+de\s+(?:funcionar|operar|atender|responder|funcionar)"
    r"|(?:sera|serao|e|sao|ficara|ficarao)\s+(?:perdid|danificad|violad|comprometid|extraviad|corrompid|vazad|invadid"
    r"|afetad|interrompid|atrasad|desperdicad)[oa]s?"
    r"|(?:atrasa|atrasam|atrasara|atrasarao|para|param|parara|pararao|cai|caem|caira|cairao|erra|erram|errara|errarao))\b"
)


# "jamais descumpriu qualquer contrato", "nunca atrasou uma única entrega": a spotless record, unproven
_NEVER_ANY = re.compile(
    r"\s+(?:[a-z]+\s+)?[a-z]+(?:ou|eu|iu|aram|eram|iram|ara|era|ira|arao|erao|irao)\s+"
    r"(?:qualquer|quaisquer|nenhum|nenhuma|(?:um|uma)\s+(?:unic[oa]|so))\s+[a-z]+"
)


def _never(ctx: _Context, s: int, e: int) -> Span | None:
    """ "nunca falha", "jamais apresentará defeitos", "jamais descumpriu qualquer contrato"."""
    if m := _NEVER_FAILS.match(ctx.text, e):
        return s, m.end(), "perfection"
    if (m := _NEVER_ANY.match(ctx.text, e)) and not ctx.evidenced(s, m.end()) and not ctx.hedged(s, negation=False):
        if _MODAL.search(ctx.text, s, m.end()) or _PERMIT.search(ctx.text, s, m.end()):
            return None  # "jamais poderá haver qualquer", "nunca se admitirá qualquer": rules
        return s, m.end(), "perfection"
    return None


_ABSOLUTE_EXCELLENCE = re.compile(r"\s+(?:absoluta|total|plena)\b")


# a quality stated as absolute or ideal: "resistência absoluta ao desgaste", "condições ideais de conforto"
_QUALITY_NOUNS = frozenset(
    "resistencia durabilidade estanqueidade vedacao precisao confiabilidade protecao seguranca estabilidade "
    "conforto condicoes desempenho eficiencia qualidade aderencia isolamento higiene limpeza".split()
)


def _absolute_quality(ctx: _Context, s: int, e: int) -> Span | None:
    noun = ctx.words_before(s, 2)[-1:]  # two words' reach: "confiabilidade" is longer than one
    if not noun or noun[0] not in _QUALITY_NOUNS or ctx.reported(s, e):
        return None
    ideal = ctx.text.startswith("ide", s)
    if ctx.hedged(s, modal=ideal) or (ideal and ctx.required(s)):
        return None  # "armazenar em condições ideais de temperatura" is asked, not promised
    return ctx.start_before(s), e, "perfection"


def _excellence(ctx: _Context, s: int, e: int) -> Span | None:
    if (m := _ABSOLUTE_EXCELLENCE.match(ctx.text, e)) and not ctx.hedged(s, soft=False):
        return s, m.end(), "perfection"
    return None


# --- totality --------------------------------------------------------------------------------

_QUANTIFIER_AFTER = re.compile(
    rf"(?:\s+e\s+qualquer|\s+tipo\s+de)?(?:\s+(?:os|as|o|a))?(?:\s+(?:seus|suas|eventuais|possiveis))?"
    rf"(?:\s+(?:picos?|volumes?|niveis|nivel|grau|tipo|quantidade|aumento|acrescimo)\s+de)?\s+{_CLAIM_NOUN}\b"
)
_SMALL = frozenset(
    "a ao aos as o os com de da das do dos por e em no na nos nas fim plenamente completamente totalmente integralmente "
    "definitivamente efetivamente rigorosamente".split()
)


def _by_completo(ctx: _Context, s: int, e: int) -> Span | None:
    """ "eliminará por completo", "resolvido por completo", "eliminar por inteiro" — hoped for too
    ("pretende-se eliminar por inteiro as indisponibilidades"), not demanded ("deverá remover por
    completo o entulho": the cleaning asked for)."""
    if ctx.text[max(0, s - 4) : s] != "por ":
        return None
    start = _achieving_before(ctx, s - 4, 3)
    if start is None:
        m = _WORD.match(ctx.text, e + 1) if ctx.text[e : e + 1] == " " else None
        start = s - 4 if m and _ACHIEVE.fullmatch(m.group()) else None
    if start is None or ctx.hedged(start, goal=False):  # a duty in its own clause ("deverá remover por completo")
        return None
    return start, e, "totality"


_ACHIEVING_NOUN = frozenset(
    "eliminacao erradicacao resolucao supressao extincao superacao saneamento neutralizacao".split()
)


def _total_adjective(ctx: _Context, s: int, e: int) -> Span | None:
    """ "eliminação total das falhas", "erradicação completa", "resolução definitiva" — never "valor total"."""
    prev = ctx.word_before(s)
    if prev in _ACHIEVING_NOUN and not ctx.hedged(ctx.start_before(s)):
        return ctx.start_before(s), e, "totality"
    return None


def _achieving_before(ctx: _Context, s: int, n: int = 4) -> int | None:
    """Start of an achieving verb among the ``n`` words before ``s`` (only small words between)."""
    lo = ctx.clause_start(s, 70)
    words = list(_WORD.finditer(ctx.text, lo, s))[-n:]
    for m in reversed(words):
        if _ACHIEVE.fullmatch(m.group()) or _ACHIEVE.match(ctx.text, m.start()):
            return m.start()
        if m.group() not in _SMALL:
            return None
    return None


def _quantifier(ctx: _Context, s: int, e: int) -> Span | None:
    """ "resolve todos os problemas", "eliminará qualquer risco", "atende a todas as necessidades" —
    not "todos os licitantes" nor "todas as necessidades levantadas na seção I" (a bounded whole);
    problems, risks and failures are never bounded: removing all of them is the claim."""
    after = _QUANTIFIER_AFTER.match(ctx.text, e) or _EVERY_AND_ANY.match(ctx.text, e)
    if not after:
        return None
    start = _achieving_before(ctx, s)
    harm = _HARM_WORD.match(after.group().split()[-1]) is not None and ctx.text[s:e] in ("qualquer", "quaisquer")
    if start is not None and harm and not ctx.hedged(start, goal=False, soft=False):
        return start, after.end(), "totality"  # "de modo a afastar integralmente qualquer risco": hoped for, absolute
    if start is None and (done := _ACHIEVED_AFTER.match(ctx.text, after.end())):
        if ctx.hedged(s) or ctx.required(s) or ctx.reported(s, done.end()) or ctx.bounded(after.end()):
            return None
        return s, done.end(), "totality"  # "todos os problemas de drenagem serão sanados"
    if start is None or ctx.hedged(start):
        return None
    if _NEED_NOUN.match(after.group().split()[-1]) and ctx.bounded(s):
        return None
    return start, after.end(), "totality"


# the result stated after its subject: "todos os problemas … serão sanados", "todas as falhas desaparecerão"
_ACHIEVED_AFTER = re.compile(
    r"(?:\s+[a-z0-9-]+){0,4}?\s+(?:(?:sera|serao|estara|estarao|ficara|ficarao|sao|estao)\s+(?:[a-z]+mente\s+)?"
    r"(?:sanad|resolvid|eliminad|erradicad|corrigid|superad|solucionad|extint|afastad|evitad|neutralizad|bloquead"
    r"|suprid|atendid|contemplad|cobert|satisfeit|equacionad|debelad)[oa]s?"
    r"|desaparecera|desaparecerao|deixara\s+de\s+existir|deixarao\s+de\s+existir|acabarao|acabara)\b"
)


# verbs that remove a thing: after them "qualquer" or a bare "todo/toda" sweeps in any noun ("eliminará
# qualquer interferência", "erradica toda reclamação"), a totality whatever the noun
_REMOVING_VERB = re.compile(
    r"(?:elimin|erradic|extingu|neutraliz|suprim|extirp|zer)(?:a|am|e|em|ara|arao|era|erao|ira|irao|aria|ariam"
    r"|eria|eriam|iria|iriam|ando|endo|indo|ar|er|ir)"
)
_ANY_NOUN = re.compile(r"\s+(?!(?:o|a|os|as|um|uma|que|de|do|da|dos|das|e|se|outr[oa]s?)\b)[a-z]{3,}\b")


def _eradicate_any(ctx: _Context, s: int, e: int) -> Span | None:
    """ "eliminará qualquer interferência", "neutraliza toda ameaça" — not "toda a documentação" (a
    bounded whole) nor "deverá eliminar qualquer resíduo" (a duty, caught by ``hedged``)."""
    if ctx.text[s:e] in ("todos", "todas"):
        return None
    verb = list(_WORD.finditer(ctx.text, max(0, s - 30), s))[-1:]
    if not verb or verb[0].end() != s - 1 or not _REMOVING_VERB.fullmatch(verb[0].group()):
        return None
    noun = _ANY_NOUN.match(ctx.text, e)
    if noun is None or ctx.hedged(verb[0].start()):
        return None
    return verb[0].start(), noun.end(), "totality"


# "todo e qualquer conflito": the emphatic whole, whatever its noun
_EVERY_AND_ANY = re.compile(r"\s+e\s+qualquer\s+[a-z]+")
_NEED_NOUN = re.compile(r"(?:necessidades?|demandas?|expectativas?|anseios?|lacunas?)$")


_TOTAL_ADVERB_AFTER = re.compile(rf"\s+(?:(?:[a-z]+)\s+)?{_OUTCOME}\b")
# any state an absolute adverb can promise ("absolutamente pontual", "plenamente estabilizada") …
_STATE_ADJECTIVE = re.compile(
    r"[a-z]{3,}(?:ad[oa]s?|id[oa]s?|ave(?:l|is)|ive(?:l|is)|al|ais|ic[oa]s?|iv[oa]s?|os[oa]s?|entes?|antes?|ua(?:l|is)"
    r"|ur[oa]s?|eit[oa]s?|ort[oa]s?|ert[oa]s?|ut[oa]s?|ez[oa]s?)"
)
# … but not the procedure, the legal assessment nor the specification ("integralmente pago", "plenamente
# viável", "totalmente novos", "totalmente alinhada ao PCA", "inteiramente responsável")
_PROCEDURAL_STATE = re.compile(
    r"(?:pag|quitad|executad|cumprid|realizad|custead|financiad|responsave|nov[oa]s?$|gratuit|vedad|proibid"
    r"|dispensad|eletronic|digita|virtua|remot|automatizad|informatizad|nacion|importad|substituid|removid|demolid"
    r"|reformad|renovad|refeit|pintad|revestid|climatizad|integrad|independente|separad|desocupad|vazi|ocupad"
    r"|concluid|preenchid|assinad|digitalizad|destinad|dedicad|voltad|direcionad|reembolsad|ressarcid|absorvid"
    r"|transferid|subsidiad|diferente|distint|contrari|alinhad|aderente|compatibilizad|justificad|viave|necessari"
    r"|recomendave|razoave|possive|cabive|pertinente|lega(?:l|is)$|regular|licit|motivad|fundamentad|amparad"
    r"|respaldad|enquadrad|submetid|sujeit|vinculad|subordinad|regid|compreendid|abrangid|incluid|contid|previst"
    r"|definid|descrit|detalhad|especificad|dimensionad|orcad|estimad|calculad|baseado|baseada|apoiad|custeiad"
    r"|manual|manuais|presencia|coberto|coberta|efetuad|liquidad|empenhad|recebid|entregue|instalad|montad|aplicad"
    r"|utilizad|consumid|devolvid|restituid|cedid)"
)


def _total_adverb(ctx: _Context, s: int, e: int) -> Span | None:
    """ "atende plenamente", "resolverá definitivamente", "totalmente seguro", "integralmente atendidas"."""
    word = ctx.text[s:e]
    start = _achieving_before(ctx, s, 3)
    end = e
    if start is None:
        nxt = _TOTAL_ADVERB_AFTER.match(ctx.text, e)
        if nxt and word != "definitivamente":
            start, end = s, nxt.end()
        else:
            m = _WORD.match(ctx.text, e + 1) if ctx.text[e : e + 1] == " " else None
            if m and (_ACHIEVE.fullmatch(m.group()) or _ACHIEVE.match(ctx.text, m.start())):
                start, end = s, m.end()  # "plenamente atendidas", "completamente eliminado"
            elif m and word != "definitivamente" and _STATE_ADJECTIVE.fullmatch(m.group()):
                if _PROCEDURAL_STATE.match(m.group()) or ctx.required(s) or ctx.reported(s, m.end()):
                    return None
                start, end = s, m.end()  # "absolutamente pontual", "plenamente estabilizada"
    if start is None or ctx.hedged(start) or ctx.bounded(end):
        return None
    if ctx.text.startswith("comprovad", ctx.start_before(end)) and ctx.evidenced(start, end):
        return None  # "plenamente comprovada pelos laudos": the proof is cited
    if _GUARANTEED.search(ctx.text, start, end):  # "totalmente garantido": a promise of a result
        return start, end, "guarantee"
    return start, end, "totality"


_GUARANTEED = re.compile(r"\b(?:garantid|assegurad)[oa]s?\b")


_IN_ITS_TOTALITY = re.compile(r"\b(?:em|na)\s+(?:sua\s+)?$")


_THE_WHOLE_OF = re.compile(rf"\s+d[oa]s?\s+(?:[a-z]+\s+){{0,2}}?{_CLAIM_NOUN}\b")


def _totality(ctx: _Context, s: int, e: int) -> Span | None:
    """ "resolve o problema em sua totalidade", "atenderá a totalidade da demanda" — not "a totalidade
    das unidades" (a scope) nor "a totalidade da demanda levantada na seção I" (bounded)."""
    before = _before(_IN_ITS_TOTALITY, ctx, s, 12)
    if not before and (whole := _THE_WHOLE_OF.match(ctx.text, e)):
        start = _achieving_before(ctx, s, 3)
        if start is None or ctx.hedged(start) or ctx.required(start) or ctx.bounded(whole.end()):
            return None
        return start, whole.end(), "totality"
    if not before:
        return None
    lo = ctx.clause_start(before.start(), 80)
    verbs = list(_ACHIEVE.finditer(ctx.text, lo, before.start()))
    verb = verbs[-1] if verbs else None  # the nearest: "a solução resolve o problema em sua totalidade"
    if not verb or ctx.hedged(verb.start()) or ctx.bounded(e):
        return None
    return verb.start(), e, "totality"


_PERCENT_PROMISE = re.compile(rf"\s*(?:%|por\s+cento)(?:\s+(?:de|da|do|das|dos|em))?\s+{_OUTCOME}\b")
_PCT = re.compile(r"\s*(?:%|por\s+cento)")
# "100 % dos resíduos gerados serão reaproveitados": all of something will be done
_PERCENT_OF_ALL_WILL = re.compile(
    r"\s*(?:%|por\s+cento)\s+d[oa]s?\s+(?:[a-z]+\s+){1,4}?(?:sera|serao|estara|estarao|ficara|ficarao|permanecera"
    r"|permanecerao|continuara|continuarao|(?:passara|passarao)\s+a\s+(?:ser|estar))\s+"
    rf"(?:[a-z]+\s+)?(?:[a-z]+(?:ad|id)[oa]s?|{_OUTCOME})\b"
)
_PROMISE_BEFORE = re.compile(rf"\b{_OUTCOME}\s+(?:de|em|igual\s+a)\s+$")


def _hundred(ctx: _Context, s: int, e: int) -> Span | None:
    """ "100 % seguro", "100 % de disponibilidade", "cem por cento eficaz", "eficácia de 100 %"."""
    if ctx.text[s:e] == "cem" and not ctx.text.startswith(" por cento", e):
        return None
    after = _PERCENT_PROMISE.match(ctx.text, e) or _PERCENT_OF_ALL_WILL.match(ctx.text, e)
    start, end = s, after.end() if after else 0
    if not after and (pct := _PCT.match(ctx.text, e)) and (verb := _achieving_before(ctx, s, 3)) is not None:
        start, end = verb, pct.end()  # "evitará 100 % dos alagamentos"
    elif not after:
        pct = _PCT.match(ctx.text, e)
        before = _before(_PROMISE_BEFORE, ctx, s, 40)
        if not (pct and before):
            return None
        start, end = before.start(), pct.end()
    if ctx.hedged(start) or ctx.text[max(0, s - 1) : s] in (",", "."):
        return None  # "99,100" is no promise; a goal or requirement of 100 % is not one either
    return start, end, "totality"


_NULL_AFTER = re.compile(r"\s+(?:zero|nulo)\b")


_ZEROED_OBJECT = re.compile(r"\s+(?:(?:o|a|os|as|seus|suas)\s+)?[a-z]+")


def _zero_verb(ctx: _Context, s: int, e: int) -> Span | None:
    """ "zerará os casos de", "vai zerar as filas", "zerando o passivo": an eradication promised."""
    prev = ctx.words_before(s, 1)
    infinitive = ctx.text[s:e] == "zerar"
    if infinitive and not (prev and prev[0] in _WILL):
        return None
    m = _ZEROED_OBJECT.match(ctx.text, e)
    if not m or ctx.hedged(s) or ctx.evidenced(s, m.end()):
        return None
    return (ctx.start_before(s) if infinitive else s), m.end(), "totality"


_ONCE_AND_FOR_ALL_BEFORE = re.compile(r"\bde\s+(?:uma\s+)?$")
_FOR_ALL = re.compile(r"\s+por\s+todas\b")
_ERADICATE = re.compile(r"(?:acab|termin|liquid|elimin|erradic|resolv|solucion|extingu|san|supr|zer)[a-z]*$")


def _once_and_for_all(ctx: _Context, s: int, e: int) -> Span | None:
    """ "acabará de vez com", "resolverá de uma vez por todas", "eliminará de vez"."""
    before = _before(_ONCE_AND_FOR_ALL_BEFORE, ctx, s, 12)
    if not before:
        return None
    verb = list(_WORD.finditer(ctx.text, max(0, before.start() - 30), before.start()))[-1:]
    if not verb or not _ERADICATE.match(verb[0].group()) or ctx.hedged(verb[0].start()):
        return None
    end = e
    if m := _FOR_ALL.match(ctx.text, e):
        end = m.end()
    if ctx.text.startswith(" com", end):
        end += 4
    return verb[0].start(), end, "totality"


# "emissão zero", "zero acidente": an outcome of nothing at all
_ZERO_NOUN = re.compile(
    r"(?:emissao|emissoes|carbono|residuos?|acidentes?|indisponibilidade|interrupc(?:ao|oes)|paralisac(?:ao|oes)"
    r"|infiltrac(?:ao|oes)|vazamentos?|reclamac(?:ao|oes)|ocorrencias?)$"
)
_ZERO_THEN_NOUN = re.compile(r"\s+([a-z]+)")


_TO_ZERO_BEFORE = re.compile(
    r"\b(?:reduz|diminu|baix|zer|cair|caia|caiam|cairao|caira|levar|levara|levarao|chegar|chegara|chegarao|trazer)[a-z]*"
    r"(?:\s+[a-z]+){0,2}?\s+(?:para|a|ao|ate)\s+$"
)


def _zero(ctx: _Context, s: int, e: int) -> Span | None:
    """ "emissão zero de carbono", "zero acidente", "carbono zero", "reduza para zero os abastecimentos"
    (hoped for too) — not a target named as one ("meta de emissão zero") nor a duty."""
    if (to := _before(_TO_ZERO_BEFORE, ctx, s, 50)) and not ctx.required(to.start()):
        if not ctx.hedged(to.start(), goal=False, soft=False) and not _TARGET_BEFORE.search(ctx.clause(to.start())):
            m = _ZEROED_OBJECT.match(ctx.text, e)
            return to.start(), m.end() if m else e, "totality"
    words = ctx.words_before(s, 1)
    after = _ZERO_THEN_NOUN.match(ctx.text, e)
    if words and _ZERO_NOUN.match(words[0]):
        start, end = ctx.start_before(s), e
    elif after and _ZERO_NOUN.match(after.group(1)):
        start, end = s, after.end()
    else:
        return None
    if ctx.hedged(start) or _GOAL.search(ctx.text, max(0, start - 30), start):
        return None
    return start, end, "totality"


_TARGET_BEFORE = re.compile(r"\b(?:meta|metas|alvo|objetivo|indicador)\b")
_WITHOUT_OUTAGE = re.compile(
    rf"\s+{_LEAST}\s+(?:indisponibilidades?|interrupc(?:ao|oes)|paralisac(?:ao|oes)|paradas?|intermitencias?"
    r"|oscilac(?:ao|oes)|downtime|queda|quedas|descontinuidade)\b"
)


def _impact_zero(ctx: _Context, s: int, e: int) -> Span | None:
    """ "impacto zero", "dano nulo"."""
    if m := _NULL_AFTER.match(ctx.text, e):
        return None if ctx.hedged(s) else (s, m.end(), "totality")
    return None


def _definitive(ctx: _Context, s: int, e: int) -> Span | None:
    """ "solução definitiva", "resolverá em definitivo"."""
    words = ctx.words_before(s, 2)
    prev = words[-1] if words else ""
    if prev in ("solucao", "resposta", "remedio") and not ctx.hedged(s):
        return ctx.start_before(s), e, "totality"
    if prev == "em" and len(words) == 2 and _ERADICATE.search(words[0]) and not ctx.hedged(s):
        return ctx.start_before(ctx.start_before(s)), e, "totality"
    return None


# --- superiority -----------------------------------------------------------------------------

# the law's judgement criteria and plain comparisons of one's own: "menor preço", "melhor técnica",
# "o maior número possível de licitantes", "da melhor forma possível", "melhor aproveitamento"
_CRITERIA = frozenset(
    "tecnica preco precos lance desconto retorno aproveitamento uso utilizacao alocacao forma maneira modo numero "
    "quantidade competitividade participacao amplitude transparencia celeridade brevidade rapidez economicidade "
    "interesse proposta propostas oferta condicao condicoes prazo prazos pratica praticas economia parte parcela "
    "medida".split()
)
_EXISTING = re.compile(r"\s+(?:existentes?|que\s+(?:existe|existem|ha)|ja\s+(?:vist|adotad|concebid))")
_SUPERLATIVE_AFTER = re.compile(rf"((?:\s+[a-z0-9-]+){{0,3}}?)\s+{_DOMAIN}")
_THAN_ALL = re.compile(
    r"\s+(?:do\s+que|que|a|as|aos|ao|em\s+relacao\s+(?:a|as|aos))\s+(?:(?:(?:o|a|os|as)\s+)?(?:de|d[oa]s?)\s+)?"
    r"(?:tod[oa]\s+e\s+qualquer|qualquer|quaisquer|tod[oa]s|os\s+demais"
    rf"|as\s+demais|demais|os\s+outros|as\s+outras|outr[oa]s\s+(?:{_ENT}|concorrentes|marcas)|a\s+concorrencia"
    r"|os\s+concorrentes|as\s+concorrentes|seus\s+concorrentes|suas\s+concorrentes|concorrentes)\b"
)
_COMMON_ADJECTIVE = re.compile(
    r"(?:comu(?:m|ns)|utilizad|usad|frequentes?|difundid|conhecid|adotad|disponive|praticad|encontrad|ofertad"
    r"|recorrentes?|tradiciona|habitua|antig|recentes?|proxim|distante|long|curt|vantajos|indicad|adequad"
    r"|apropriad|recomendad|viave)[a-z]*"
)


_BEST_LOCAL_AFTER = re.compile(
    r"((?:\s+[a-z0-9-]+){0,4}?)\s+(?:d[oa]|n[oa]|em\s+tod[oa]\s+[oa])\s+(?:regiao|estado|cidade|municipio|capital"
    r"|continente|america\s+latina|uniao|federacao)\b"
)


def _best(ctx: _Context, s: int, e: int) -> Span | None:
    """ "o melhor do mercado", "a melhor solução disponível no mercado", "melhor que qualquer outra",
    "o maior fabricante do mundo" — not "melhor técnica" nor "o maior número possível de licitantes"."""
    if m := _THAN_ALL.match(ctx.text, e):
        return None if ctx.evidenced(s, m.end()) else (s, m.end(), "superiority")
    m = _SUPERLATIVE_AFTER.match(ctx.text, e)
    if not m and ctx.text.startswith("melhor", s):
        m = _BEST_LOCAL_AFTER.match(ctx.text, e)  # "o melhor atendimento da região": quality, not size
    if not m:
        return None
    between = m.group(1).split()
    if any(w in _CRITERIA for w in between) and not _EXISTING.match(ctx.text, m.end(1)):
        return None  # "a melhor prática do mercado" is a criterion; "a melhor prática existente no país" ranks all
    prev = ctx.word_before(s)
    of_best = (
        prev == "de"
        and ctx.text[s:e].startswith(("melhor", "maior"))
        and ctx.words_before(s, 2)[0] in _DEFINITE_OR_CONTRACTED
    )
    # "o concreto de maior desempenho existente no país": "de" + superlative over all that exists
    of_all_existing = prev == "de" and _EXISTING.match(ctx.text, m.end(1)) is not None
    if of_best:  # "a de melhor desempenho entre todas": the noun left out after its article
        prev = ctx.words_before(s, 2)[0]
    elif of_all_existing:
        return None if ctx.evidenced(s, m.end()) else (s, m.end(), "superiority")
    elif prev not in _DEFINITE and prev not in ("do", "da", "dos", "das", "no", "na", "pelo", "pela", "ao", "e"):
        return None  # "melhor do mercado" needs its article to be a superlative
    if _GOAL.search(ctx.clause(s)) or ctx.evidenced(s, m.end()):
        return None
    start = ctx.start_before(s) if prev in _DEFINITE and not of_best else s
    if of_best:
        start = ctx.start_before(ctx.start_before(s))
    return start, m.end(), "superiority"


_MORE_AFTER = re.compile(rf"\s+([a-z]+)(?:\s+[a-z]+){{0,2}}?\s+{_DOMAIN}")
_RELATIVE_AFTER = re.compile(
    r"\s+([a-z]+)(?:\s+e\s+[a-z]+)?(?:\s+[a-z]+)?(\s+(?:de|d[oa]s?)\s+(?:tod[oa]s?\s+[oa]s?\s+)?)(?=[a-z])"
)


def _nearest_article(ctx: _Context, s: int, reach: int = 4) -> int | None:
    """Start of the definite article of a relative superlative, at most three words before "mais"
    ("o mais seguro", "o ambiente de trabalho mais produtivo"), five before one over a whole ("a obra
    de arte especial mais segura de todo o Estado"); None when there is none."""
    words = list(_WORD.finditer(ctx.text, ctx.clause_start(s, 60), s))[-reach:]
    for m in reversed(words):
        if m.group() in _DEFINITE:
            return m.start()
    return None


_COMPARED_SET = re.compile(
    r"(?:[a-z]+\s+){0,1}(?:alternativas|opcoes|propostas|cotacoes|solucoes|cenarios|orcamentos|itens|modelos"
    r"|analisad|pesquisad|avaliad|consultad|comparad|ofertad|cotad|planilha|pesquisa|amostra|lista)"
)
_MERIT_ADJECTIVE = re.compile(r"(?:vantajos|indicad|adequad|apropriad|recomendad|viave)[a-z]*")
_WHAT_THERE_IS = re.compile(r"\bo\s+que\s+(?:ha|existe)\s+de\s+$")


# a superlative over everything ever done: "o mais eficiente já adotado por órgão público"
_EVER_DONE = re.compile(
    r"\s+[a-z]+\s+(?:ja|até\s+hoje|ate\s+hoje|ate\s+agora|jamais)\s+(?:adotad|vist|registrad|implantad|utilizad|contratad"
    r"|realizad|construid|desenvolvid|executad|empregad|aplicad|produzid|fabricad|concebid|implementad)[oa]s?\b"
)


# "a mais avançada tecnologia disponível", "o mais moderno disponível": the whole market, unnamed
_MORE_AVAILABLE = re.compile(
    r"\s+([a-z]+)(?:\s+[a-z]+)?\s+(?:disponive(?:l|is)|existentes?)\b(?!\s+(?:para|a|ao|aos|em|no|na|nos|nas|n[oa]s?)\b)"
)


def _available_superlative(ctx: _Context, s: int, m: re.Match[str]) -> bool:
    adjective = m.group(1)
    if _COMMON_ADJECTIVE.fullmatch(adjective) or adjective in _CRITERIA or adjective in ("de", "do", "da", "que"):
        return False
    return not (ctx.required(s) or ctx.hedged(s, soft=False) or ctx.evidenced_own(s, m.end()))


_WHOLE_TERRITORY = re.compile(r"\b(?:d[oa]|n[oa]|em\s+tod[oa]\s+[oa])\s+(?:pais|brasil|mundo|planeta)\b")


def _most(ctx: _Context, s: int, e: int) -> Span | None:
    """ "a solução mais moderna do mercado", "mais eficiente que qualquer outra", "o que há de mais moderno"."""
    ever = _EVER_DONE.match(ctx.text, e)
    if ever and set(ctx.words_before(s, 2)) & _DEFINITE_OR_CONTRACTED:
        if not ctx.evidenced_own(s, ever.end()) and not _GOAL.search(ctx.clause(s)):
            return ctx.start_before(s), ever.end(), "superiority"
    if before := _before(_WHAT_THERE_IS, ctx, s, 25):
        m = _WORD.match(ctx.text, e + 1)
        return (before.start(), m.end() if m else e, "superiority") if not ctx.hedged(before.start()) else None
    adjective = _WORD.match(ctx.text, e + 1) if ctx.text[e : e + 1] == " " else None
    if not adjective or adjective.group() in ("de", "do", "da", "que") or adjective.group().isdigit():
        return None
    if m := _THAN_ALL.match(ctx.text, adjective.end()):
        return None if ctx.evidenced(s, m.end()) else (s, m.end(), "superiority")
    if (m := _MORE_AVAILABLE.match(ctx.text, e)) and _available_superlative(ctx, s, m):
        article = _nearest_article(ctx, s)
        return (article if article is not None else s), m.end(), "superiority"
    m = _MORE_AFTER.match(ctx.text, e)
    if m and m.group(1) in _CRITERIA:
        return None
    if m and _COMMON_ADJECTIVE.fullmatch(m.group(1)):
        # "a mais utilizada do mercado" reports a fact; "a mais vantajosa que existe" ranks the whole market
        if not _MERIT_ADJECTIVE.fullmatch(m.group(1)) or m.group().rstrip().endswith(("possivel", "possiveis")):
            return None
    start = s
    if not m:  # a relative superlative: "o mais seguro de toda a Justiça", "a sede mais moderna e eficiente do MPF"
        m = _RELATIVE_AFTER.match(ctx.text, e)
        article = _nearest_article(ctx, s, 6 if m and re.search(r"\btod[oa]s?\b", m.group(2)) else 4)
        if not m or article is None or _COMMON_ADJECTIVE.fullmatch(m.group(1)) or m.group(1) in _CRITERIA:
            return None
        if _COMPARED_SET.match(ctx.text, m.end()):
            return None  # "a mais vantajosa das alternativas analisadas": a comparison the text made
        start = article
    # no survey of one purchase shows a rank over a whole country or the world ("a pesquisa demonstra
    # que o preço é o mais baixo do país"): its source backs the prices it compared, not that
    whole = _WHOLE_TERRITORY.search(ctx.text, m.start(), m.end()) is not None
    if _GOAL.search(ctx.clause(s)) or (not whole and ctx.evidenced_own(start, m.end())):
        return None
    if start != s:  # end with the first word of the domain: "mais produtivo da Esplanada"
        domain = _WORD.match(ctx.text, m.end())
        return start, domain.end() if domain else m.start(2), "superiority"
    return start, m.end(), "superiority"


_SUPERIOR_NOUNS = frozenset(
    "qualidade desempenho tecnologia performance eficiencia eficacia padrao solucao produto produtos".split()
)


def _superior(ctx: _Context, s: int, e: int) -> Span | None:
    """ "superior a qualquer outra", "superior aos concorrentes", "qualidade superior" — not "superior a
    12 meses" nor "nível superior"."""
    if m := _THAN_ALL.match(ctx.text, e):
        return None if ctx.evidenced(s, m.end()) else (s, m.end(), "superiority")
    prev = ctx.word_before(s)
    nxt = ctx.word_after(e)
    if prev in _SUPERIOR_NOUNS and nxt not in ("a", "ao", "aos", "as", "em", "de", "do", "da"):
        if _MODAL.search(ctx.clause(s)) or ctx.evidenced(s, e):
            return None
        return ctx.start_before(s), e, "superiority"
    return None


_SUPERIORITY_AFTER = re.compile(
    r"\s+(?:absoluta|incontestavel|indiscutivel|inquestionavel|evidente|manifesta|notoria|sobre\s+(?:as|os)\s+"
    r"(?:demais|concorrentes|outr[oa]s))\b"
)


def _superiority_noun(ctx: _Context, s: int, e: int) -> Span | None:
    if m := _SUPERIORITY_AFTER.match(ctx.text, e):
        return s, m.end(), "superiority"
    return None


_SURPASSED = re.compile(
    rf"\s+(?:(?:com\s+folga|de\s+longe|largamente|amplamente|em\s+muito)\s+)?(?:a\s+|ao\s+|aos\s+|as\s+)?"
    rf"(?:(?:qualquer|quaisquer)\s+(?:outr[oa]s?\s+)?(?:{_ENT}|{_RIVALS}|rivais|rival)"
    rf"|tod[oa]s\s+(?:[oa]s\s+)?(?:seus\s+|suas\s+)?(?:demais\s+|outr[oa]s\s+)?(?:{_ENT}|{_RIVALS}|rivais)"
    rf"|(?:[oa]s\s+)?(?:demais|outr[oa]s)\s+(?:{_ENT}|{_RIVALS}|rivais)"
    rf"|(?:[oa]s\s+|seus\s+|suas\s+)?(?:concorrentes|competidores|rivais|concorrencia))\b"
)


def _surpass(ctx: _Context, s: int, e: int) -> Span | None:
    """ "supera qualquer concorrente", "ultrapassa todas as demais soluções", "excede a concorrência" —
    not "supera o valor de referência" nor "supera os modelos anteriores" (a comparison of its own)."""
    m = _SURPASSED.match(ctx.text, e)
    if not m or ctx.hedged(s) or ctx.evidenced(s, m.end()):
        return None
    return s, m.end(), "superiority"


_BY_FAR_BEFORE = re.compile(r"\bde\s+$")
_BY_FAR_AFTER = re.compile(
    r"\s*,?\s+(?:(?:o|a|os|as)\s+)?(?:[a-z]+\s+)?(?:melhor|melhores|maior|maiores|superior|superiores"
    r"|mais\s+[a-z]+|menos\s+[a-z]+|lider|lideres|primeir[oa]s?)\b"
)


def _by_far(ctx: _Context, s: int, e: int) -> Span | None:
    """ "é, de longe, a solução mais vantajosa", "de longe o melhor": the intensifier ranks the whole
    field without the comparison that would show it."""
    before = _before(_BY_FAR_BEFORE, ctx, s, 5)
    m = _BY_FAR_AFTER.match(ctx.text, e)
    if not before or not m or _GOAL.search(ctx.clause(before.start())) or ctx.evidenced_own(before.start(), m.end()):
        return None
    return before.start(), m.end(), "superiority"


def _matchless(ctx: _Context, s: int, e: int) -> Span | None:
    """ "incomparável", "inigualável", "imbatível", "insuperável"."""
    if _NEGATION.search(ctx.clause(s, 25)):
        return None
    return s, e, "superiority"


_LEADER_AFTER = re.compile(
    rf"\s+(?:absolut[oa]s?|incontestave(?:l|is)|indiscutive(?:l|is)|inquestionave(?:l|is)|mundia(?:l|is)"
    rf"|naciona(?:l|is)|globa(?:l|is)|(?:de|do|no|em)\s+(?:{_DOMAIN_NOUN}|vendas))\b"
)


_MAXIMUM_NOUNS = frozenset(
    "referencia excelencia qualidade eficiencia eficacia seguranca desempenho padrao perfeicao satisfacao "
    "confiabilidade produtividade".split()
)


def _maximum(ctx: _Context, s: int, e: int) -> Span | None:
    """ "referência máxima", "qualidade máxima", "padrão máximo de qualidade" — never "prazo máximo"."""
    prev = ctx.word_before(s)
    if prev in _MAXIMUM_NOUNS and not ctx.hedged(s, soft=False):
        return ctx.start_before(s), e, "superiority"
    nxt = _WORD.match(ctx.text, e + 1) if ctx.text[e : e + 1] == " " else None
    if nxt and nxt.group() in _MAXIMUM_NOUNS and not ctx.hedged(s, soft=False) and not ctx.required(s):
        return s, nxt.end(), "superiority"  # "de máxima qualidade", "a máxima eficiência"
    return None


def _leader(ctx: _Context, s: int, e: int) -> Span | None:
    """ "líder de mercado", "líder absoluto", "líder mundial" — not "líder de equipe"."""
    if m := _LEADER_AFTER.match(ctx.text, e):
        return s, m.end(), "superiority"
    return None


_NUMBER_ONE = re.compile(rf"\s+(?:1|um)\s+(?:d[oa]|n[oa]|em)\s+{_DOMAIN_NOUN}\b")


def _number_one(ctx: _Context, s: int, e: int) -> Span | None:
    """ "número 1 do mercado"."""
    if m := _NUMBER_ONE.match(ctx.text, e):
        return s, m.end(), "superiority"
    return None


_ODD_NOUNS = frozenset(
    "numero numeros dias dia meses anos semanas paginas pagina posicoes posicao casas lados par finais final "
    "placas placa algarismo algarismos quantidade".split()
)


def _peerless(ctx: _Context, s: int, e: int) -> Span | None:
    """ "excelência ímpar", "qualidade ímpar" — not "número ímpar" nor "dias ímpares"."""
    prev = ctx.word_before(s)
    if not prev or prev in _ODD_NOUNS or prev.isdigit() or _NEGATION.search(ctx.clause(s, 25)):
        return None
    return ctx.start_before(s), e, "superiority"


_AHEAD_BEFORE = re.compile(r"(?:\b(?:muito|bem|anos-luz|passos?|sempre)\s+)?\b(?:a|na)\s+$")
_AHEAD_OF = re.compile(
    r"\s+(?:de|d[oa]s?)\s+(?:tod[oa]s\s+)?(?:(?:[oa]s?|seus|suas)\s+)?(?:demais|concorrentes?|concorrencia|competidor(?:es)?"
    rf"|rivais|outr[oa]s|mercado|seu\s+tempo|sua\s+epoca|{_ENT})\b"
)
_ABOVE_ALL = re.compile(
    r"\s+(?:de|d[oa]s)\s+(?:tod[oa]s\s+(?:[oa]s\s+)?|(?:[oa]s\s+)?(?:demais|outr[oa]s)\s+)"
    rf"(?:concorrentes|competidores|rivais|{_ENT})\b"
)


def _ahead(ctx: _Context, s: int, e: int) -> Span | None:
    """ "muito à frente de todos os concorrentes", "à frente do mercado" — not "à frente da equipe"."""
    before = _before(_AHEAD_BEFORE, ctx, s, 25)
    m = _AHEAD_OF.match(ctx.text, e)
    if not before or not m or ctx.hedged(before.start()) or ctx.evidenced(before.start(), m.end()):
        return None
    return before.start(), m.end(), "superiority"


def _above_all(ctx: _Context, s: int, e: int) -> Span | None:
    """ "acima de todos os concorrentes", "acima das demais soluções"."""
    m = _ABOVE_ALL.match(ctx.text, e)
    if not m or ctx.hedged(s) or ctx.evidenced(s, m.end()):
        return None
    return s, m.end(), "superiority"


def _great(ctx: _Context, s: int, e: int) -> Span | None:
    """ "ótimo", "ótima qualidade": the synthetic superlative of "bom"."""
    if _NEGATION.search(ctx.clause(s, 25)) or ctx.word_before(s) == "ponto":
        return None
    return s, e, "superiority"


# --- absolute qualities and states ----------------------------------------------------------

# the qualities a text can promise as absolute: "segurança total", "plena satisfação", "controle absoluto"
_PROMISE_NOUNS = _MAXIMUM_NOUNS | frozenset(
    "controle pureza transparencia disponibilidade tranquilidade rastreabilidade integridade fidelidade sucesso "
    "exito imunidade dominio assertividade continuidade exatidao estanqueidade blindagem inviolabilidade protecao "
    "precisao estabilidade resistencia durabilidade longevidade aderencia".split()
)
# before the noun only: "pleno e irrestrito atendimento" ("atendimento integral" is the SUS's principle)
_PROMISE_NOUNS_AFTER = _PROMISE_NOUNS | frozenset(("atendimento", "cobertura"))
_ABSOLUTE_ADJECTIVE_CHAIN = re.compile(
    r"(?:\s+e\s+(?:total|totais|absolut[oa]s?|plen[oa]s?|irrestrit[oa]s?|ilimitad[oa]s?|ininterrupt[oa]s?"
    r"|incondiciona(?:l|is)|complet[oa]s?|integra(?:l|is)|inabalave(?:l|is)))?\s+([a-z]+)"
)


def _absolute_promise(ctx: _Context, s: int, e: int) -> Span | None:
    """An absolute adjective on a quality: "segurança total dos dados", "controle absoluto", "pureza
    total", "total confiabilidade", "pleno e irrestrito atendimento", "durabilidade ilimitada" — not
    "valor total", "execução integral", "usuários ilimitados" (a licence's terms) nor "sigilo absoluto"
    demanded of the contractor."""
    start, end = ctx.start_before(s), e
    two = ctx.words_before(s, 2)
    if len(two) == 2 and two[0] in _PROMISE_NOUNS and two[1] not in _PROMISE_NOUNS and two[1] not in _SMALL:
        start = ctx.start_before(ctx.start_before(s))  # "segurança jurídica absoluta"
    elif ctx.word_before(s) not in _PROMISE_NOUNS:
        nxt = _ABSOLUTE_ADJECTIVE_CHAIN.match(ctx.text, e)
        if not nxt or nxt.group(1) not in _PROMISE_NOUNS_AFTER:
            return None
        start, end = s, nxt.end()
    strong = _STRONG_ABSOLUTE.search(ctx.text, s, end) is not None  # "controle absoluto", hoped for or not
    if ctx.hedged(start, soft=False, goal=not strong) or ctx.required(start) or ctx.reported(start, end):
        return None
    if ctx.bounded(end):
        return None
    noun = ctx.text[start:end]
    if re.search(r"\b(?:seguranca|protecao|blindagem|imunidade|inviolabilidade)\b", noun):
        return start, end, "guarantee"
    if re.search(r"\b(?:qualidade|pureza|precisao|exatidao|perfeicao|excelencia)\b", noun):
        return start, end, "perfection"
    return start, end, "totality"


_NOT_HARM_NOUNS = (
    r"(?:onus|encargos?|gravames?|embaracos?|tributos?|impostos?|taxas?|tarifas?|responsabilidades?|obrigac(?:ao|oes)"
    r"|custos?|despesas?|pagamentos?|cobrancas?|penalidades?|multas?|sanc(?:ao|oes)|exigencias?)"
)
_FREE_OF = re.compile(
    r"\s+(?:de|a|contra)\s+(?:(qualquer|quaisquer|tod[oa]s?(?:\s+[oa]s?)?|nenhum[a]?)\s+"
    r"(?:(?:tipo|forma|especie|sorte|modalidade)\s+de\s+)?)?([a-z]+)"
)
_RISK_WORD = re.compile(r"(?:riscos?|ameacas?|ataques?|invasoes?|invasao|sinistros?|acidentes?|fraudes?)$")
_HARM_WORD = re.compile(rf"(?:{_HARM}|{_CLAIM_NOUN}|{_IMPACT}|contratempos?|imprevistos?|intemperies)$")


_RECEIVING_CRITERION = re.compile(r"\s+(?:de\s+fabricac|de\s+fabrica\b|aparentes?|ocultos?|de\s+uso|de\s+transporte)")


def _free_of(ctx: _Context, s: int, e: int) -> Span | None:
    """ "isenta de qualquer risco", "livre de qualquer intercorrência", "imune a ataques", "livre de
    impactos ambientais", "protegida contra toda ameaça" — not "livre de ônus" (a property's title),
    "isenta de responsabilidade" (a rule), nor "deverá estar livre de defeitos" (the receiving criterion)."""
    m = _FREE_OF.match(ctx.text, e)
    if not m:
        return None
    quantifier, noun = m.group(1), m.group(2)
    if re.fullmatch(_NOT_HARM_NOUNS, noun) or not (quantifier or _HARM_WORD.match(noun) or _RISK_WORD.match(noun)):
        return None
    if not quantifier and noun in ("prejuizo", "prejuizos") and ctx.text.startswith(" de", e):
        return None
    start = s
    if adverb := _before(_ABSOLUTELY_BEFORE, ctx, s, 25):
        start = adverb.start()
    # a negation denies the freedom only right before it ("não está isenta de riscos"); further back
    # it belongs to another verb ("não gerará qualquer passivo e terá gestão isenta de qualquer falha")
    # "isenta de qualquer defeito", demanded or hoped for, is as absolute as promised — but "livres de
    # quaisquer defeitos de fabricação" is how goods are received
    absolute = quantifier is not None and not _RECEIVING_CRITERION.match(ctx.text, m.end())
    if ctx.hedged(start, soft=False, negation=False, goal=not absolute, modal=not absolute):
        return None
    if "nao" in ctx.words_before(start, 3):
        return None
    if (ctx.required(start) and not absolute) or ctx.reported(start, m.end()):
        return None
    if _IMPACT_SPARED.match(ctx.text, m.end()) or ctx.bounded(m.end()):
        return None
    if _RISK_WORD.match(noun):
        return start, m.end(), "guarantee"
    return start, m.end(), "perfection" if _FLAW_NOUN.match(noun) else "totality"


_PROOF_BEFORE = re.compile(r"\ba\s+$")
_PROOF_OF = re.compile(rf"\s+de\s+(?:(?:qualquer|quaisquer|tod[oa]s?(?:\s+[oa]s?)?)\s+[a-z]+|tudo|{_FLAW}|fraudes?)\b")
_PROOF_ANY = re.compile(r"\s+de\s+[a-z]+")


def _proof(ctx: _Context, s: int, e: int) -> Span | None:
    """ "à prova de falhas", "inteiramente à prova de intempéries" — not "luminária à prova d'água" nor
    "à prova de intempéries" as the specification of a good."""
    before = _before(_PROOF_BEFORE, ctx, s, 4)
    if not before:
        return None
    adverb = _before(_ABSOLUTELY_BEFORE, ctx, before.start(), 25)
    m = _PROOF_OF.match(ctx.text, e) or (_PROOF_ANY.match(ctx.text, e) if adverb else None)
    if not m:
        return None
    start = adverb.start() if adverb else before.start()
    if ctx.hedged(start, soft=False) or ctx.required(start):
        return None
    return start, m.end(), "perfection"


_UNSHAKABLE = frozenset(
    _forms(["inabala", "invulnera", "inexpugna", "indefecti", "inesgota", "infinda"], _VEL)
    + _forms(["infinit", "imortal", "etern"], ("o", "a", "os", "as"))
)


def _unshakable(ctx: _Context, s: int, e: int) -> Span | None:
    """ "estrutura inabalável", "sistema invulnerável", "durabilidade infinita"."""
    if _NEGATION.search(ctx.clause(s, 25)) or ctx.hedged(s, soft=False, modal=False):
        return None
    return s, e, "perfection"


_EXCEPTIONAL_NOUNS = _PROMISE_NOUNS | frozenset(
    "resultado resultados atendimento acabamento padrao nivel performance rendimento custo-beneficio".split()
)


def _exceptional(ctx: _Context, s: int, e: int) -> Span | None:
    """ "desempenho excepcional", "resultados excelentes", "qualidade extraordinária" — not "em caráter
    excepcional", "situação excepcional" nor a requirement ("deverá apresentar desempenho excelente")."""
    prev = ctx.word_before(s)
    if prev not in _EXCEPTIONAL_NOUNS or ctx.hedged(s, soft=False) or ctx.required(s):
        return None
    start = ctx.start_before(s)
    if ctx.evidenced(start, e):
        return None
    return start, e, "superiority"


_ALWAYS_GOOD = re.compile(
    r"\s+(?:excelentes?|perfeit[oa]s?|impecave(?:l|is)|otim[oa]s?|exemplar(?:es)?|eficientes?|eficazes?"
    r"|pontua(?:l|is)|disponive(?:l|is)|garantid[oa]s?|assegurad[oa]s?|satisfatori[oa]s?|impecavelmente"
    r"|perfeitamente|operante|operantes|funciona(?:l|is)|em\s+perfeito\s+estado|em\s+funcionamento|no\s+ar|online)\b"
)


def _always(ctx: _Context, s: int, e: int) -> Span | None:
    """ "será sempre excelente", "estará sempre disponível", "sempre pontual" — not "sempre que"."""
    m = _ALWAYS_GOOD.match(ctx.text, e)
    if not m or ctx.hedged(s, soft=False) or ctx.required(s) or ctx.reported(s, m.end()):
        return None
    return s, m.end(), "perfection"


_IN_ALL_BEFORE = re.compile(r"\bem\s+$")
_ALL_CONDITIONS = re.compile(
    r"(?:\s+(?:as|os))?\s+(?:condic(?:ao|oes)|situac(?:ao|oes)|circunstancias?|cenarios?|ambientes?|climas?"
    r"|intemperies|terrenos?|epocas?|estac(?:ao|oes))\b(?:\s+(?:climaticas?|de\s+uso|operaciona(?:l|is)))?"
)
_ALL_CONDITIONS_SPARED = re.compile(
    r"\s+(?:previst|definid|estabelecid|descrit|especificad|indicad|constantes?|exigid|fixad|do\s+edital|do\s+termo"
    r"|de\s+que\s+trata|mencionad|elencad)"
)


def _in_all_conditions(ctx: _Context, s: int, e: int) -> Span | None:
    """ "em todas as condições", "em qualquer cenário", "em quaisquer circunstâncias": a result promised
    whatever happens — not "em todas as condições previstas no termo de referência"."""
    before = _before(_IN_ALL_BEFORE, ctx, s, 4)
    m = _ALL_CONDITIONS.match(ctx.text, e)
    if not before or not m or _ALL_CONDITIONS_SPARED.match(ctx.text, m.end()):
        return None
    if ctx.hedged(before.start(), soft=False) or ctx.required(before.start()) or ctx.bounded(m.end()):
        return None
    if _MODAL.search(ctx.text, m.end(), ctx.sentence_end(m.end())):
        return None  # "em qualquer situação, a contratada deverá": a rule of the contract
    return before.start(), m.end(), "totality"


_WITHOUT_BEFORE = re.compile(r"\bsem\s+(?:qualquer\s+|nenhuma\s+)?$")


def _exception(ctx: _Context, s: int, e: int) -> Span | None:
    """ "sem exceção", "sem qualquer exceção": a totality stated as a fact — not a rule ("todos os
    licitantes, sem exceção, deverão")."""
    before = _before(_WITHOUT_BEFORE, ctx, s, 20)
    if not before:
        return None
    lo = ctx.sentence_start(before.start())
    hi = ctx.sentence_end(e)
    if _MODAL.search(ctx.text, lo, hi) or _LEGAL_SUBJECT.search(ctx.text, lo, before.start()):
        return None
    if ctx.hedged(before.start(), soft=False) or ctx.reported(before.start(), e):
        return None
    return before.start(), e, "totality"


_NO_CHANCE = re.compile(
    rf"\s+(?:(?:qualquer|nenhuma|a\s+menor)\s+)?(?:possibilidade|chance|hipotese|probabilidade)\s+de\s+"
    rf"(?:{_FLAW}|falhar|falhe|errar|parar|atrasar|quebrar|ocorrer\s+{_HARM}|haver\s+{_HARM}|{_HARM})\b"
)


_IMPOSSIBLE_THAT = re.compile(
    r"\s+(?:que|de)\s+(?:[a-z0-9-]+\s+){0,5}?(?:falhe|falhem|falhar|quebre|quebrem|pare|parem|atrase|atrasem"
    r"|ocorra|ocorram|haja|apresente|apresentem|erre|errem|deixe|deixem)\b"
    rf"|\s+(?:haver|ocorrer|existir)\s+(?:qualquer\s+|quaisquer\s+)?{_HARM}\b"
)


_MAKES_BEFORE = re.compile(r"\b(?:torna|tornam|tornara|tornarao|tornaria|tornando|torna-se|tornar)\s+$")
_MADE_IMPOSSIBLE = re.compile(rf"\s+(?:(?:a|o|as|os|qualquer|quaisquer)\s+)?{_HARM}\b")


def _impossible(ctx: _Context, s: int, e: int) -> Span | None:
    """ "é impossível que a solução falhe", "impossível ocorrer falhas" — and "impossível negar que"."""
    if span := _impossible_to_doubt(ctx, s, e):
        return span
    m = _IMPOSSIBLE_THAT.match(ctx.text, e)
    if not m and (made := _before(_MAKES_BEFORE, ctx, s, 25)) and (harm := _MADE_IMPOSSIBLE.match(ctx.text, e)):
        if ctx.hedged(made.start(), soft=False) or ctx.required(made.start()):
            return None
        return made.start(), harm.end(), "perfection"  # "torna impossível a perda de dados"
    if not m or ctx.hedged(s, soft=False) or ctx.evidenced(s, m.end()):
        return None
    before = _before(_IS_BEFORE, ctx, s, 25)
    return (before.start() if before else s), m.end(), "perfection"


# what a text may promise to be nothing at all: costs, risks, impacts, losses, emissions
_NULLABLE = (
    r"(?:custos?|riscos?|impactos?|perdas?|desperdicios?|emissao|emissoes|falhas?|despesas?|gastos?|chances?"
    r"|probabilidade|indices?|ocorrencias?|danos?|consumo|efeitos?)"
)
_NULL_SUBJECT = re.compile(
    rf"\b{_NULLABLE}\b(?:\s+[a-z]+){{0,4}}?\s+(?:sera|serao|sao|e|ficara|ficarao|tornar-se-ao"
    r"|tornar-se-a|serao\s+praticamente|sera\s+praticamente)\s+$"
)
_NULL_NOUN_BEFORE = re.compile(rf"\b{_NULLABLE}(?:\s+[a-z]+)?\s+$")


def _null(ctx: _Context, s: int, e: int) -> Span | None:
    """ "os custos de manutenção serão nulos", "o risco é nulo", "impacto ambiental nulo" — not "será
    nulo o contrato"."""
    if (noun := _before(_NULL_NOUN_BEFORE, ctx, s, 40)) and not ctx.hedged(noun.start(), soft=False):
        return noun.start(), e, "totality"
    before = _before(_NULL_SUBJECT, ctx, s, 80)
    if not before or ctx.hedged(before.start(), soft=False) or ctx.required(before.start()):
        return None
    return before.start(), e, "totality"


_RECOGNIZED = re.compile(
    r"\s+(?:mundialmente|internacionalmente|universalmente|nacionalmente|unanimemente|amplamente)?\s*"
    r"(?:reconhecid[oa]s?|consagrad[oa]s?|aclamad[oa]s?)"
    r"(?:\s+(?:mundialmente|internacionalmente|universalmente|unanimemente))?\b"
)


def _recognized(ctx: _Context, s: int, e: int) -> Span | None:
    """ "reconhecidamente", "sabidamente", "notoriamente", "comprovadamente" without the proof;
    "mundialmente reconhecida", "reconhecida internacionalmente"."""
    word = ctx.text[s:e]
    if word.endswith("mente") and word not in ("mundialmente", "internacionalmente", "universalmente", "unanimemente"):
        if _NEGATION.search(ctx.clause(s, 25)) or ctx.hedged(s, soft=False) or ctx.required(s):
            return None
        if ctx.evidenced(s, ctx.sentence_end(e)):
            return None
        return s, e, "certainty"
    m = _RECOGNIZED.match(ctx.text, e)
    if m and m.group().strip():
        if ctx.hedged(s, soft=False) or ctx.evidenced(s, m.end()):
            return None
        return s, m.end(), "superiority"
    return None


_RECOGNIZED_THEN_WHERE = re.compile(r"\s+(?:mundialmente|internacionalmente|universalmente|unanimemente)\b")


def _recognized_adjective(ctx: _Context, s: int, e: int) -> Span | None:
    """ "reconhecida mundialmente", "consagrado internacionalmente"."""
    m = _RECOGNIZED_THEN_WHERE.match(ctx.text, e)
    if not m or ctx.hedged(s, soft=False) or ctx.evidenced(s, m.end()):
        return None
    return s, m.end(), "superiority"


_PLEASE_BEFORE = re.compile(
    r"\b(?:agrad|content|satisf|encant|atend)[a-z]*(?:\s+(?:plenamente|integralmente|sempre))?\s+(?:a\s+)?$"
)
_ALL_PEOPLE = re.compile(
    r"\s+(?:[oa]s\s+)?(?:[a-z]+\s+)?(?:participantes|usuari[oa]s|servidor(?:es|as)|cidadaos|pacientes"
    r"|alunos|estudantes|envolvidos|interessados|frequentadores|moradores|clientes|gestores|publicos?)\b"
)


def _please_all(ctx: _Context, s: int, e: int) -> Span | None:
    """ "agradarão a todos os participantes", "satisfará todos os usuários"."""
    before = _before(_PLEASE_BEFORE, ctx, s, 50)
    m = _ALL_PEOPLE.match(ctx.text, e)
    if not before or not m or not ctx.text.startswith(("agrad", "content", "satisf", "encant"), before.start()):
        return None
    if ctx.hedged(before.start()) or ctx.required(before.start()) or ctx.reported(before.start(), m.end()):
        return None
    return before.start(), m.end(), "totality"


_DISPENSES_BEFORE = re.compile(r"\b(?:dispensa|dispensam|dispensara|dispensaria|prescinde|prescindem)\s+(?:de\s+)?$")
_NEEDLESS = re.compile(
    r"\s+(?:comparac(?:ao|oes)|comentarios?|apresentac(?:ao|oes)|explicac(?:ao|oes)|demonstrac(?:ao|oes)|provas?"
    r"|justificativas?|argumentos?|questionamentos?|discussao|discussoes|avaliac(?:ao|oes))\b"
)


def _needless(ctx: _Context, s: int, e: int) -> Span | None:
    """ "dispensa qualquer comparação", "prescinde de maiores explicações": a merit said to need no proof."""
    before = _before(_DISPENSES_BEFORE, ctx, s, 25)
    m = _NEEDLESS.match(ctx.text, e)
    if not before or not m or ctx.hedged(before.start(), negation=False):
        return None
    return before.start(), m.end(), "certainty"


_RESIST_ANY = re.compile(
    r"(?:\s+(?:a|ao|aos|as))?\s+(?:(?:qualquer|quaisquer|tod[oa]s?)\s+(?:[oa]s?\s+)?(?:tipo\s+de\s+)?[a-z]+)"
)


def _resist_any(ctx: _Context, s: int, e: int) -> Span | None:
    """ "resistirá a qualquer evento climático", "suporta todo tipo de impacto"."""
    m = _RESIST_ANY.match(ctx.text, e)
    if not m or ctx.hedged(s, soft=False) or ctx.required(s) or ctx.bounded(m.end()):
        return None
    return s, m.end(), "perfection"


# --- the trigger table -----------------------------------------------------------------------

_RULES: dict[str, list[Rule]] = {}


def _add(words: Iterable[str], *rules: Rule) -> None:
    for word in words:
        listed = _RULES.setdefault(word, [])
        listed.extend(r for r in rules if r not in listed)


_add(_forms(["unic"], _GENDER_NUMBER), _unique)
_add(_forms(["exclusiv"], _GENDER_NUMBER), _exclusive)
_add(["exclusivamente"], _exclusively)
_add(
    ["nenhum", "nenhuma", "nenhuns", "nenhumas"],
    _none_other,
    _none_flaw,
    _none_impact,
    _none_at_all,
    _no_harm,
    _absolute_duty,
)
_add(["nao"], _not_exist)
_add(["somente", "apenas", "so", "unicamente"], _only)
_add(["sem"], _without)
_add(_forms(["insubstitui"], _VEL), _irreplaceable)

_add(
    "certamente indubitavelmente inquestionavelmente inegavelmente incontestavelmente indiscutivelmente "
    "evidentemente obviamente seguramente irrefutavelmente garantidamente decerto inevitavelmente "
    "infalivelmente".split(),
    _certain_word,
)
_add(
    _forms(["inquestiona", "indiscuti", "inega", "incontesta", "irrefuta", "indubita"], _VEL)
    + _forms(["incontrovers"], _GENDER_NUMBER)
    + ["inconteste", "incontestes"],
    _certain_word,
)
_add(_forms(["inequivoc"], _GENDER_NUMBER) + ["inequivocamente"], _unequivocal)
_add(["duvida", "duvidas"], _doubt)
_add(["certeza", "certezas"], _certainty)
_add(["conviccao", "conviccoes", "seguranca"], _conviction)
_add(
    ["evidente", "obvio", "obvia", "certo", "fato", "notorio", "notoria", "sabido", "consenso", "comprovado"], _evident
)
_add(["pacifico", "pacifica"], _settled)
_add(["conhecimento"], _common_knowledge)
_add(["questao", "questionamento", "questionamentos", "contestacao", "discussao"], _out_of_question)
_add(["ninguem"], _nobody_doubts)

_add(_finite("garant", "ir") + _finite("assegur", "ar") + _finite("afianc", "ar"), _guarantee_verb)
_add(["garantir", "assegurar", "afiancar"], _guarantee_infinitive)
_add(["garantindo", "assegurando", "afiancando"], _guarantee_gerund)
_add(_forms(["garantid", "assegurad"], _GENDER_NUMBER), _guaranteed)
_add(["garantia", "garantias"], _guarantee_noun)
_add(["risco", "riscos"], _risk)

_add(
    ["absoluta", "absoluto", "absolutas", "absolutos", "ideal", "ideais", "irrestrita", "irrestrito"],
    _absolute_quality,
)
_add(["excelencia", "perfeicao"], _excellence)  # "perfeição absoluta" first, then "perfeição" alone
_add(_forms(["perfeit"], _GENDER_NUMBER) + ["perfeitamente", "perfeicao"], _perfect)
_add(
    _forms(["impeca", "infali", "inquebra", "indestruti", "irretoca", "irrepreensi"], _VEL)
    + _forms(["imaculad", "primoros"], _GENDER_NUMBER)
    + ["impecavelmente", "irrepreensivelmente"],
    _flawless_word,
)
_add(
    "falha falhas erro erros defeito defeitos problema problemas imperfeicao imperfeicoes vicio vicios pane panes "
    "quebra quebras incidente incidentes perda perdas desperdicio desperdicios".split(),
    _flaw,
)
_add(["nunca", "jamais"], _never)

_add(["todos", "todas", "todo", "toda", "qualquer", "quaisquer"], _quantifier)
_add(["todo", "toda", "qualquer", "quaisquer"], _eradicate_any)
_add(["qualquer", "quaisquer"], _no_harm, _absolute_duty)
_add(
    "totalmente integralmente completamente plenamente inteiramente absolutamente definitivamente cabalmente".split(),
    _total_adverb,
)
_add(["totalidade"], _totality)
_add(["100", "cem"], _hundred)
_add(["completo", "inteiro"], _by_completo)
_add(["total", "completa", "integral", "absoluta", "definitiva", "plena", "cabal"], _total_adjective)
_add(_forms(["impact", "dan", "prejuiz"], ("o",)), _impact_zero)
_add(["definitiva", "definitivo"], _definitive)
_add(_finite("zer", "ar") + ["zerando", "zerar"], _zero_verb)
_add(["vez"], _once_and_for_all)
_add(["zero"], _zero)

_add(["melhor", "melhores", "maior", "maiores", "menor", "menores"], _best)
_add(["mais"], _most)
_add(["superior", "superiores"], _superior)
_add(["superioridade"], _superiority_noun)
_add(
    _finite("super", "ar")
    + _finite("ultrapass", "ar")
    + _finite("exced", "er")
    + _finite("suplant", "ar")
    + _finite("desbanc", "ar")
    + ["superando", "ultrapassando", "excedendo", "suplantando"],
    _surpass,
)
_add(
    _forms(["incompara", "iniguala", "imbati", "insupera"], _VEL)
    + _forms(["inigualad", "insuperad"], _GENDER_NUMBER)
    + ["incomparavelmente"],
    _matchless,
)
_add(["lider", "lideres"], _leader)
_add(_forms(["maxim"], _GENDER_NUMBER), _maximum)
_add(["numero"], _number_one)
_add(_forms(["otim"], _GENDER_NUMBER), _great)
_add(["impar", "impares"], _peerless)
_add(["frente"], _ahead)
_add(["acima"], _above_all)
_add(["longe"], _by_far)


_add(
    ["total", "totais", "completa", "completo", "completas", "completos", "integral", "integrais"]
    + _forms(["absolut", "plen", "irrestrit", "ilimitad", "ininterrupt"], _GENDER_NUMBER)
    + ["incondicional", "incondicionais"],
    _absolute_promise,
)
_add(
    _forms(["isent"], _GENDER_NUMBER)
    + ["livre", "livres", "imune", "imunes"]
    + _forms(["protegid", "blindad"], _GENDER_NUMBER),
    _free_of,
)
_add(["prova"], _proof)
_add(_UNSHAKABLE, _unshakable)
_add(
    ["excepcional", "excepcionais", "excelente", "excelentes", "exemplar", "exemplares"]
    + _forms(["extraordinari", "espetacular"], ("o", "a", "os", "as"))
    + ["espetacular", "espetaculares", "notavel", "notaveis", "primorosa", "primoroso"],
    _exceptional,
)
_add(["sempre"], _always)
_add(["todas", "todos", "qualquer", "quaisquer"], _in_all_conditions)
_add(["excecao", "excecoes"], _exception)
_add(["impossivel"], _impossible)
_add(["todos", "todas"], _please_all)
_add(["qualquer", "quaisquer", "maiores"], _needless)
_add(["nulo", "nula", "nulos", "nulas"], _null)
_add(
    ["reconhecidamente", "sabidamente", "notoriamente", "comprovadamente", "mundialmente", "internacionalmente"],
    _recognized,
)
_add(_forms(["reconhecid", "consagrad"], _GENDER_NUMBER), _recognized_adjective)
_add(_finite("resist", "ir") + _finite("suport", "ar") + ["resistindo", "suportando"], _resist_any)


_Trie = dict[str, "_Trie"]


def _trie_pattern(words: Iterable[str]) -> str:
    """One alternation per shared prefix, so the engine tries each position against one branch."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        branches = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            body = (body if len(branches) == 1 and len(branches[0]) == 1 else f"(?:{body})") + "?"
        return body

    return emit(trie)


_TRIGGER = re.compile(r"(?<![\w-])" + _trie_pattern(_RULES) + r"(?![\w-])")
# superlatives in -íssimo ("altíssima", "eficientíssimo"): found by their suffix, a literal the
# engine finds fast
_ISSIMO = re.compile(r"issim[oa]s?(?![\w-])")
_ISSIMO_SPARED = frozenset(("santissimo", "santissima", "carissimo", "carissima", "carissimos", "carissimas"))
_MARKETING = re.compile(
    r"(?<![\w-])(?:revolucionari[oa]s?|de\s+ultima\s+geracao|tecnologia\s+de\s+ponta|estado\s+da\s+arte)(?![\w-])"
)


def find_claims(folded: str) -> list[Claim]:
    """The absolute claims (with their kind) and publicity phrases (kind ``None``) of ``folded``, in
    order, without overlaps (the first and longest wins)."""
    ctx = _Context(folded)
    found: list[tuple[int, int, ClaimKind | None]] = []
    for m in _TRIGGER.finditer(folded):
        s, e = m.start(), m.end()
        if ctx.quoted(s):
            continue
        for rule in _RULES[m.group()]:
            span = rule(ctx, s, e)
            if span is not None:
                if span[2] == "uniqueness" and ctx.exclusivity_documented:
                    break
                found.append(span)
                break
    for m in _ISSIMO.finditer(folded):
        start = m.start()
        while start > 0 and folded[start - 1].isalpha():
            start -= 1
        word = folded[start : m.end()]
        if m.start() - start >= 2 and word not in _ISSIMO_SPARED and not ctx.quoted(start):
            found.append((start, m.end(), "superiority"))
    for m in _MARKETING.finditer(folded):
        if not ctx.quoted(m.start()):
            found.append((m.start(), m.end(), None))
    found.sort(key=lambda x: (x[0], -x[1]))
    claims: list[Claim] = []
    end = -1
    for s, e, kind in found:
        if s >= end:
            claims.append(Claim(s, e, kind))
            end = e
    return claims
