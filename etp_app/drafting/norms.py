"""A local table of norms and the legal-citation checks built on it.

Only facts known for certain are judged: article numbers are checked only for norms whose size is
in the table, revoked norms get a warning, and a federal norm missing from the table gets a warning
naming it ("norma não encontrada na base": confirm number and year), never "false" — unless it
cannot exist at all (a year before its issuer existed or after today, a number far beyond what its
series reached by that year), which is an error. State and municipal norms and other courts'
decisions are outside the table's reach: an info.

:func:`extract_citations` reads the usual Portuguese forms: "Lei nº 14.133, de 1º de abril de 2021",
"Lei Federal nº 14.133/21", "arts. 40 e 47 da Lei 14.133/2021", "artigo 75, II", "Decreto-Lei nº
200/1967", "IN SEGES/ME nº 65/2021", "Instrução Normativa SEGES/ME nº 58, de 8 de agosto de 2022",
"IN nº 5/2017 da SEGES/MP", "Portaria SEGES/ME nº 8.678/2021", "Resolução CONAMA nº 307/2002",
"Resolução nº 400/2021 do CNJ", "RDC ANVISA nº 222/2018", "Acórdão nº 2.622/2013-TCU-Plenário",
"Acórdão 1214/2013 – Plenário", "ABNT NBR 9050:2020", "ABNT NBR ISO/IEC 27001", "LGPD".

The secretariats behind the federal instruções normativas changed ministry several times (SLTI/MP,
SEGES/MP or SEGES/MPDG, SEGES/ME, SEGES/MGI): a known IN cited under another ministry of the same
secretariat is the same norm ("IN SEGES/ME 5/2017" is IN SEGES/MP 5/2017).
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from etp_app.drafting import norm_catalog
from etp_app.drafting.readability import sentence_spans

NormKind = Literal["lei", "decreto", "decreto_lei", "in", "portaria", "resolucao", "acordao", "abnt", "constituicao"]
NormStatus = Literal["in_force", "revoked"]


@dataclass(frozen=True)
class Norm:
    key: str
    label: str  # how messages name it: "Lei 14.133/2021"
    number: str  # as usually written: "14.133"
    year: int | None  # None for a technical standard (its editions change; any edition is the norm)
    kind: NormKind  # a Lei Complementar is a "lei" whose key starts with "lc-"
    status: NormStatus
    articles: int | None  # size of the norm when known for certain; None: never judged
    revoked_by: str | None = None  # key of the revoking norm
    revoked_in_part: bool = False  # status "revoked" but parts remain in force (Lei 12.462/2011)
    issuer: str | None = None  # issuing body: "SEGES/ME", "CONAMA", "ANVISA", "TCU"
    nickname: str | None = None  # "LGPD"
    body: str | None = None  # the TCU's colegiado of an acórdão: "Plenário", "1ª Câmara"


_LEI_14133 = "lei-14133-2021"


# ``articles``: the number of the norm's last article, given only when it is known for certain
# (amendments insert "art. 17-A" but never number past the last one); None leaves every article
# number of the norm unjudged.


def _lei(number: str, year: int, *, nickname: str | None = None, articles: int | None = None, **kw: Any) -> Norm:
    n = number.replace(".", "")
    return Norm(
        f"lei-{n}-{year}", f"Lei {number}/{year}", number, year, "lei", "in_force", articles, nickname=nickname, **kw
    )


def _lc(number: str, year: int, *, nickname: str | None = None, articles: int | None = None) -> Norm:
    return Norm(
        f"lc-{number}-{year}",
        f"Lei Complementar {number}/{year}",
        number,
        year,
        "lei",
        "in_force",
        articles,
        nickname=nickname,
    )


def _decreto(number: str, year: int, *, articles: int | None = None, **kw: Any) -> Norm:
    n = number.replace(".", "")
    kw.setdefault("status", "in_force")
    status = kw.pop("status")
    return Norm(f"decreto-{n}-{year}", f"Decreto {number}/{year}", number, year, "decreto", status, articles, **kw)


def _decreto_lei(number: str, year: int, *, nickname: str | None = None, articles: int | None = None) -> Norm:
    n = number.replace(".", "")
    return Norm(
        f"decreto-lei-{n}-{year}",
        f"Decreto-Lei {number}/{year}",
        number,
        year,
        "decreto_lei",
        "in_force",
        articles,
        nickname=nickname,
    )


def _issued(kind: NormKind, prefix: str, issuer: str, number: str, year: int, **kw: Any) -> Norm:
    kw.setdefault("status", "in_force")
    status = kw.pop("status")
    slug = issuer.lower().replace("/", "-")
    key = f"{kind}-{slug}-{number.replace('.', '')}-{year}"
    return Norm(key, f"{prefix} {issuer} {number}/{year}", number, year, kind, status, None, issuer=issuer, **kw)


def _in(issuer: str, number: str, year: int, **kw: Any) -> Norm:
    return _issued("in", "IN", issuer, number, year, **kw)


def _portaria(issuer: str, number: str, year: int) -> Norm:
    return _issued("portaria", "Portaria", issuer, number, year)


def _resolucao(issuer: str, number: str, year: int, **kw: Any) -> Norm:
    prefix = "RDC" if issuer == "ANVISA" else "Resolução"
    return _issued("resolucao", prefix, issuer, number, year, **kw)


def _acordao(number: str, year: int, body: str) -> Norm:
    n = number.replace(".", "")
    slug = "plenario" if body == "Plenário" else body[0] + "c"
    return Norm(
        f"acordao-tcu-{n}-{year}-{slug}",
        f"Acórdão {number}/{year}-TCU-{body}",
        number,
        year,
        "acordao",
        "in_force",
        None,
        issuer="TCU",
        body=body,
    )


def _standard(family: str, number: str) -> Norm:
    """A technical standard: ``family`` "NBR" (ABNT's own) or "ISO"/"IEC" (adopted as NBR ISO / NBR IEC)."""
    label = f"ABNT NBR {number}" if family == "NBR" else f"{family} {number}"
    return Norm(f"{family.lower()}-{number}", label, number, None, "abnt", "in_force", None)


NORMS: dict[str, Norm] = {
    n.key: n
    for n in (
        # --- leis and leis complementares
        Norm(
            _LEI_14133,
            "Lei 14.133/2021",
            "14.133",
            2021,
            "lei",
            "in_force",
            194,
            nickname="Nova Lei de Licitações e Contratos",
        ),
        Norm("lei-13709-2018", "Lei 13.709/2018", "13.709", 2018, "lei", "in_force", 65, nickname="LGPD"),
        Norm("lei-8666-1993", "Lei 8.666/1993", "8.666", 1993, "lei", "revoked", 126, revoked_by=_LEI_14133),
        Norm(
            "lei-10520-2002",
            "Lei 10.520/2002",
            "10.520",
            2002,
            "lei",
            "revoked",
            13,
            revoked_by=_LEI_14133,
            nickname="Lei do Pregão",
        ),
        Norm(
            "lei-12462-2011",
            "Lei 12.462/2011",
            "12.462",
            2011,
            "lei",
            "revoked",
            None,
            revoked_by=_LEI_14133,
            revoked_in_part=True,
            nickname="RDC",
        ),
        _lei("8.078", 1990, nickname="Código de Defesa do Consumidor", articles=119),
        _lei("12.527", 2011, nickname="LAI", articles=47),
        _lei("12.305", 2010, nickname="Política Nacional de Resíduos Sólidos", articles=57),
        _lei("4.320", 1964, articles=115),
        _lei("6.938", 1981, nickname="Política Nacional do Meio Ambiente", articles=21),
        _lei("8.429", 1992, nickname="Lei de Improbidade Administrativa", articles=25),
        _lei("14.230", 2021),
        _lei("9.784", 1999, nickname="Lei do Processo Administrativo", articles=70),
        _lei("9.605", 1998, nickname="Lei de Crimes Ambientais", articles=82),
        _lei("10.406", 2002, nickname="Código Civil", articles=2046),
        _lei("10.098", 2000, articles=27),
        _lei("13.146", 2015, nickname="Estatuto da Pessoa com Deficiência", articles=127),
        _lei("12.846", 2013, nickname="Lei Anticorrupção", articles=31),
        _lei("13.303", 2016, nickname="Lei das Estatais", articles=97),
        _lei("12.965", 2014, nickname="Marco Civil da Internet", articles=32),
        _lei("14.129", 2021, nickname="Lei do Governo Digital"),
        _lei("14.063", 2020),
        _lei("13.460", 2017, articles=25),
        _lei("12.187", 2009, nickname="Política Nacional sobre Mudança do Clima"),
        _lei("9.433", 1997, nickname="Política Nacional de Recursos Hídricos", articles=57),
        _lei("8.987", 1995, articles=47),
        _lei("11.079", 2004, articles=30),
        _lei("11.107", 2005),
        _lei("12.232", 2010),
        _lei("13.019", 2014),
        _lei("5.194", 1966),
        _lei("6.496", 1977),
        _lei("12.378", 2010),
        _lei("8.212", 1991),
        _lei("8.080", 1990, articles=55),
        _lei("8.112", 1990, articles=253),
        _lei("9.394", 1996, articles=92),
        _lei("10.257", 2001, nickname="Estatuto da Cidade"),
        _lei("10.973", 2004),
        _lei("13.243", 2016),
        _lei("14.967", 2024, nickname="Estatuto da Segurança Privada"),
        _lei("13.429", 2017),  # trabalho temporário e terceirização
        _lei("12.690", 2012),  # cooperativas de trabalho
        _lei("5.764", 1971),  # cooperativas
        _lei("13.589", 2018),  # manutenção de sistemas de climatização (PMOC)
        _lei("9.609", 1998),  # programas de computador
        _lei("9.610", 1998),  # direitos autorais
        _lei("4.150", 1962),  # normas técnicas da ABNT
        _lei("9.503", 1997, nickname="Código de Trânsito Brasileiro", articles=341),
        _lei("11.445", 2007),  # saneamento básico
        _lei("14.026", 2020),  # marco do saneamento
        _lei("10.048", 2000),  # atendimento prioritário
        _lei("10.741", 2003, nickname="Estatuto da Pessoa Idosa"),
        _lei("9.782", 1999),  # ANVISA
        _lei("6.437", 1977),  # infrações sanitárias
        _lei("13.655", 2018),  # LINDB: segurança jurídica
        # sector laws ETPs cite: school meals, health, education, agriculture, environment, energy,
        # buildings and fire safety, transport, security, labour, tax and civil procedure
        _lei("11.947", 2009),  # alimentação escolar (PNAE)
        _lei("11.346", 2006),  # SISAN: segurança alimentar e nutricional
        _lei("11.326", 2006),  # agricultura familiar
        _lei("10.831", 2003),  # agricultura orgânica
        _lei("14.628", 2023),  # Programa de Aquisição de Alimentos
        _lei("12.512", 2011),
        _lei("8.142", 1990),  # participação da comunidade no SUS
        _lei("6.360", 1976),  # vigilância sanitária de medicamentos e produtos
        _lei("5.991", 1973),  # comércio farmacêutico
        _lei("13.021", 2014),  # farmácia
        _lei("9.795", 1999),  # educação ambiental
        _lei("12.651", 2012, nickname="Código Florestal", articles=84),
        _lei("9.985", 2000),  # SNUC
        _lei("11.428", 2006),  # Mata Atlântica
        _lei("12.334", 2010),  # segurança de barragens
        _lei("14.119", 2021),  # pagamento por serviços ambientais
        _lei("13.186", 2015),  # educação para o consumo sustentável
        _lei("10.295", 2001),  # conservação e uso racional de energia
        _lei("14.300", 2022),  # micro e minigeração distribuída
        _lei("9.427", 1996),  # ANEEL
        _lei("9.472", 1997, nickname="Lei Geral de Telecomunicações"),
        _lei("13.848", 2019),  # agências reguladoras
        _lei("13.425", 2017),  # prevenção e combate a incêndio
        _lei("6.766", 1979),  # parcelamento do solo urbano
        _lei("13.465", 2017),  # regularização fundiária
        _lei("12.587", 2012, nickname="Política Nacional de Mobilidade Urbana"),
        Norm(  # segurança privada, replaced by the Estatuto da Segurança Privada
            "lei-7102-1983", "Lei 7.102/1983", "7.102", 1983, "lei", "revoked", None, revoked_by="lei-14967-2024"
        ),
        _lei("10.826", 2003, nickname="Estatuto do Desarmamento"),
        _lei("11.340", 2006, nickname="Lei Maria da Penha"),
        _lei("11.788", 2008),  # estágio
        _lei("8.036", 1990),  # FGTS
        _lei("6.019", 1974),  # trabalho temporário
        _lei("8.745", 1993),  # contratação temporária de excepcional interesse público
        _lei("8.913", 1994),  # fundações de apoio
        _lei("12.529", 2011),  # defesa da concorrência
        _lei("13.874", 2019, nickname="Lei da Liberdade Econômica"),
        _lei("13.105", 2015, nickname="Código de Processo Civil", articles=1072),
        _lei("5.172", 1966, nickname="Código Tributário Nacional", articles=218),
        _lei("7.347", 1985),  # ação civil pública
        _lc("116", 2003),  # ISS
        _lc("87", 1996),  # ICMS
        _lc("141", 2012),  # aplicação mínima em saúde
        _lc("140", 2011),  # competências ambientais
        _lc("128", 2008),
        _lc("155", 2016),
        _lc("123", 2006, nickname="Estatuto da Microempresa", articles=89),
        _lc("101", 2000, nickname="LRF", articles=75),
        _lc("147", 2014),
        _lc("182", 2021),
        # --- decretos and decretos-leis
        _decreto("10.947", 2022),  # plano de contratações anual
        _decreto("11.462", 2023),  # sistema de registro de preços
        _decreto("11.246", 2022),  # agentes de contratação
        _decreto("7.746", 2012),  # contratações sustentáveis
        _decreto("10.024", 2019, articles=61),  # pregão eletrônico
        _decreto("7.892", 2013, status="revoked", revoked_by="decreto-11462-2023"),
        _decreto("5.450", 2005, status="revoked", revoked_by="decreto-10024-2019"),
        _decreto("8.538", 2015),  # tratamento favorecido de ME/EPP
        _decreto("9.507", 2018),  # execução indireta
        _decreto("7.983", 2013),  # orçamento de referência de obras
        _decreto("8.539", 2015),  # processo administrativo eletrônico
        _decreto("9.203", 2017),  # governança
        _decreto("10.818", 2021),  # bens de consumo comuns e de luxo
        _decreto("11.430", 2023),  # mão de obra de mulheres vítimas de violência
        _decreto("10.046", 2019),
        _decreto("9.373", 2018),  # desfazimento de bens móveis
        _decreto("7.174", 2010),  # bens e serviços de informática
        _decreto("10.936", 2022),  # regulamento da Política Nacional de Resíduos Sólidos
        _decreto("11.129", 2022),  # regulamento da Lei Anticorrupção
        _decreto("8.420", 2015, status="revoked", revoked_by="decreto-11129-2022"),
        _decreto("9.830", 2019),  # regulamento da LINDB
        _decreto("10.543", 2020),  # assinaturas eletrônicas
        _decreto("9.637", 2018),  # Política Nacional de Segurança da Informação
        _decreto("10.222", 2020),  # Estratégia Nacional de Segurança Cibernética
        _decreto("11.531", 2023),  # convênios e contratos de repasse
        _decreto("5.296", 2004),  # acessibilidade
        _decreto("7.724", 2012),  # regulamento da LAI
        _decreto("7.508", 2011),  # regulamento da Lei 8.080/1990 (SUS)
        _decreto("8.241", 2014),  # fundações de apoio
        _decreto("9.094", 2017),  # simplificação do atendimento ao usuário
        _decreto("9.764", 2019),  # doações de bens móveis e serviços
        _decreto("10.139", 2019),  # revisão e consolidação de atos normativos
        _decreto("7.404", 2010, status="revoked", revoked_by="decreto-10936-2022"),
        _decreto_lei("200", 1967),
        _decreto_lei("4.657", 1942, nickname="LINDB", articles=30),
        _decreto_lei("2.848", 1940, nickname="Código Penal", articles=361),
        # --- instruções normativas
        _in("SEGES/ME", "58", 2022),  # ETP
        _in("SEGES/ME", "65", 2021),  # pesquisa de preços
        _in("SEGES/ME", "73", 2022),  # licitação eletrônica por menor preço ou maior desconto
        _in("SEGES/ME", "81", 2022),  # termo de referência
        _in("SEGES/ME", "67", 2021),  # dispensa eletrônica
        _in("SEGES/ME", "40", 2020, status="revoked", revoked_by="in-seges-me-58-2022"),
        _in("SEGES/MP", "5", 2017),  # serviços sob regime de execução indireta
        _in("SGD/ME", "94", 2022),  # contratações de TIC
        _in("SGD/ME", "1", 2019, status="revoked", revoked_by="in-sgd-me-94-2022"),
        _in("SEGES/ME", "1", 2019),  # plano anual de contratações (before Decreto 10.947/2022)
        _in("SLTI/MP", "1", 2010),  # sustentabilidade
        _in("SLTI/MP", "2", 2008, status="revoked", revoked_by="in-seges-mp-5-2017"),
        _in("SLTI/MP", "4", 2014, status="revoked", revoked_by="in-sgd-me-1-2019"),
        _in("MP/CGU", "1", 2016),  # controles internos, gestão de riscos e governança
        _in("RFB", "1.234", 2012),  # retenção de tributos nos pagamentos da Administração
        _in("SEGES/MP", "3", 2018),  # SICAF
        _in("GSI/PR", "1", 2020),  # estrutura de gestão da segurança da informação
        # --- portarias, resoluções, acórdãos
        _portaria("SEGES/ME", "8.678", 2021),  # governança das contratações
        _portaria("SEGES/ME", "938", 2022),  # catálogo eletrônico de padronização
        _resolucao("CONAMA", "307", 2002),
        _resolucao("CONAMA", "401", 2008),
        _resolucao("CONAMA", "416", 2009),
        _resolucao("CONAMA", "362", 2005),
        _resolucao("CONAMA", "275", 2001),
        _resolucao("CONAMA", "348", 2004),  # amianto na Resolução 307 (resíduos da construção)
        _resolucao("CONAMA", "431", 2011),
        _resolucao("CONAMA", "448", 2012),
        _resolucao("CONAMA", "469", 2015),
        _resolucao("CONAMA", "313", 2002),  # inventário de resíduos industriais
        _resolucao("CONAMA", "358", 2005),  # resíduos de serviços de saúde
        _resolucao("CONAMA", "357", 2005),  # classificação dos corpos de água
        _resolucao("CONAMA", "430", 2011),  # lançamento de efluentes
        _resolucao("CONAMA", "237", 1997),  # licenciamento ambiental
        _resolucao("CONAMA", "1", 1986),  # avaliação de impacto ambiental
        _resolucao("CONAMA", "382", 2006),  # emissões atmosféricas de fontes fixas
        _resolucao("CONAMA", "491", 2018),  # qualidade do ar
        _resolucao("CD/FNDE", "6", 2020),  # PNAE
        _resolucao("CD/FNDE", "26", 2013, status="revoked", revoked_by="resolucao-cd-fnde-6-2020"),
        _resolucao("CONFEA", "1.025", 2009),  # ART
        _resolucao("CONFEA", "218", 1973),  # atribuições profissionais
        _resolucao("CAU/BR", "91", 2014),  # RRT
        _resolucao("CNJ", "370", 2021),  # ENTIC-JUD
        _resolucao("CNJ", "396", 2021),  # ENSEC-PJ
        _resolucao("CNJ", "401", 2021),  # acessibilidade
        _resolucao("ANVISA", "275", 2002),  # boas práticas na fabricação de alimentos
        _resolucao("ANVISA", "63", 2011),  # boas práticas em serviços de saúde
        _resolucao("ANVISA", "36", 2013),  # segurança do paciente
        _resolucao("ANVISA", "259", 2002, status="revoked", revoked_by="resolucao-anvisa-727-2022"),
        _resolucao("ANVISA", "727", 2022),  # rotulagem de alimentos embalados
        _resolucao("ANVISA", "429", 2020),  # rotulagem nutricional
        _resolucao("ANVISA", "331", 2019),  # padrões microbiológicos de alimentos
        _resolucao("ANVISA", "665", 2022),  # boas práticas de fabricação de dispositivos médicos
        _resolucao("CNJ", "347", 2020),
        _resolucao("CNJ", "400", 2021),
        _resolucao("CNJ", "468", 2022),
        _resolucao("ANVISA", "222", 2018),
        _resolucao("ANVISA", "50", 2002),
        _resolucao("ANVISA", "216", 2004),
        _resolucao("ANVISA", "15", 2012),
        _acordao("2.622", 2013, "Plenário"),
        _acordao("1.214", 2013, "Plenário"),
        _acordao("2.170", 2007, "Plenário"),
        _acordao("2.471", 2008, "Plenário"),
        _acordao("325", 2007, "Plenário"),  # BDI
        _acordao("1.233", 2012, "Plenário"),  # governança de TI
        # --- technical standards
        *(
            _standard("NBR", n)
            for n in (
                "5410 5419 5413 5626 5674 6118 7256 8160 9050 9077 10004 10151 10152 12693 12721 13434 13714 "
                "13971 14039 14136 14565 14725 15220 15527 15575 16280 16401 16537 17240 "
                # furniture, construction and paving, waste, documentation of works
                "13961 13962 13966 13967 14006 6122 7190 8800 8953 9575 9781 12655 13531 13532 13749 13753 "
                "14037 14718 14931 15270 16636 7211 12235 11174 7500 13221 12809 12810 "
                # structures, foundations, masonry, roofing and rainwater, waterproofing, coatings, paint
                "6120 6123 8681 6484 8036 6136 15961 16868 7480 15900 10844 9574 7200 13755 13818 14081 "
                "15079 13245 11702 15758 7199 10821 "
                # water, sewage, gas, fire safety and emergencies
                "7198 7229 13969 12218 12211 9814 16782 13523 15526 10897 14432 12962 15808 15219 14276 "
                # electrical, lighting, photovoltaic, cabling, elevators, acoustics, appraisal, waste
                "16690 16149 16274 5101 16264 16415 15465 16858 16313 5462 14653 15112 15113 15114 15115 "
                "15116 "
                # accessibility and documentation
                "15599 14022 10520 6023 14724"
            ).split()
        ),
        *(
            _standard("ISO", n)
            for n in (
                "8995 9001 12207 14001 14040 14064 15408 17025 19011 20000 22301 25010 26000 27001 27002 27005 "
                "27017 27018 27701 29100 31000 37001 37301 38500 45001 50001 55000 11801 14020 14021 14024 "
                "27003 27004 22313 21500 10002 9004 22000 14031 41001 39001 28000 19600"
            ).split()
        ),
        _standard("IEC", "60529"),
        _standard("IEC", "60601"),
        _standard("IEC", "62368"),
        _standard("IEC", "60950"),
        _standard("IEC", "60598"),
        _standard("IEC", "61439"),
        _standard("IEC", "60947"),
        _standard("IEC", "62040"),
        _standard("IEC", "60335"),
        _standard("IEC", "61215"),
        Norm("cf-1988", "Constituição Federal de 1988", "", 1988, "constituicao", "in_force", None, nickname="CF/88"),
    )
}


def _catalog_norms() -> list[Norm]:
    """The norms of :mod:`norm_catalog` (pure data) as table entries, revoked ones pointing at the
    norm that revoked them when the table holds it."""
    c = norm_catalog
    found: list[Norm] = [
        *(_lei(n, y, nickname=nick, articles=arts) for n, y, nick, arts in c.LEIS),
        *(_lc(n, y, nickname=nick, articles=arts) for n, y, nick, arts in c.LEIS_COMPLEMENTARES),
        *(_decreto(n, y, articles=arts) for n, y, arts in c.DECRETOS),
        *(_decreto_lei(n, y, nickname=nick, articles=arts) for n, y, nick, arts in c.DECRETOS_LEI),
        *(_in(issuer, n, y) for issuer, n, y in c.INSTRUCOES_NORMATIVAS),
        *(_portaria(issuer, n, y) for issuer, n, y in c.PORTARIAS),
        *(_resolucao(issuer, n, y) for issuer, n, y in c.RESOLUCOES),
        *(_acordao(n, y, body) for n, y, body in c.ACORDAOS_TCU),
        *(_standard("NBR", n) for n in c.ABNT_NBR),
        *(_standard(family, n) for family, n in c.ISO_IEC),
    ]
    by_label = {n.label: n.key for n in (*NORMS.values(), *found)}
    makers: dict[str, Callable[[Any, str, int], Norm]] = {
        "lei": lambda issuer, n, y: _lei(n, y),
        "decreto": lambda issuer, n, y: _decreto(n, y),
        "decreto_lei": lambda issuer, n, y: _decreto_lei(n, y),
        "in": _in,
        "portaria": _portaria,
        "resolucao": _resolucao,
    }
    for kind, issuer, n, y, revoked_by in c.REVOKED:
        if revoked_by in by_label:  # a revocation is stated only with the norm that made it
            norm = makers[kind](issuer, n, y)
            found.append(dataclasses.replace(norm, status="revoked", revoked_by=by_label[revoked_by]))
    return found


NORMS.update({n.key: n for n in _catalog_norms() if n.key not in NORMS})


def get_norm(key: str) -> Norm:
    """The norm with ``key``; KeyError when absent."""
    return NORMS[key]


def _series(norm: Norm) -> str:
    """The numbering a norm belongs to: "lei", "lc", "decreto", "decreto-lei", "in", "portaria"..."""
    if norm.kind == "lei":
        return "lc" if norm.key.startswith("lc-") else "lei"
    return norm.kind.replace("_", "-")


def _int(number: str) -> int:
    return int(number.replace(".", "")) if number else 0


# (series, number) -> key for laws and decrees, whose federal numbering is unique across years.
_BY_NUMBER: dict[tuple[str, int], str] = {
    (_series(n), _int(n.number)): n.key for n in NORMS.values() if n.kind in ("lei", "decreto", "decreto_lei")
}
# (kind, number) -> norms numbered yearly by their issuer (INs, portarias, resoluções, acórdãos)
_YEARLY: dict[tuple[str, int], list[Norm]] = {}
for _n in NORMS.values():
    if _n.kind in ("in", "portaria", "resolucao", "acordao"):
        _YEARLY.setdefault((_n.kind, _int(_n.number)), []).append(_n)
_STANDARDS: dict[tuple[str, int], str] = {
    (n.key.split("-", 1)[0], _int(n.number)): n.key for n in NORMS.values() if n.kind == "abnt"
}


@dataclass(frozen=True)
class Citation:
    norm_key: str | None  # None: unknown norm, or an article bound to no norm
    raw: str  # the citation as written
    article: int | None = None
    paragraph: str | None = None  # "§ 1º", "parágrafo único"
    inciso: str | None = None  # "I", "XXI"
    span: tuple[int, int] = (0, 0)
    cited: str | None = None  # the norm as cited, normalised ("Lei 9.999/2020"); None if unbound
    cited_year: int | None = None  # the year written in the citation, if any
    series: str | None = None  # "lei", "lc", "decreto", "decreto-lei", "in", "portaria", "resolucao"...
    number: int | None = None  # the norm's number as cited
    issuer: str | None = None  # the issuer as cited ("SEGES/ME"), normalised
    local: bool = False  # a state or municipal norm, or another court's decision: outside the table
    ambiguous: bool = False  # matches several norms of the table (an IN cited without its issuer)


# --- norm mentions ---------------------------------------------------------------------------

_NO = r"(?:n(?:\.\s*)?[º°o]\.?\s*|n\.\s*|n[úu]mero\s+)?"
_NUM = r"(?P<num>\d{1,3}(?:\.\d{3})+|\d{1,6})(?![\d.,]\d)"
_DATE = (
    r"(?:\s*/\s*(?P<y2>\d{4}|\d{2})(?!\d)"
    r"|,?\s+de\s+(?:\d{1,2}\s*[º°o]?\s+de\s+[a-zç]+\s+de\s+)?(?P<y1>\d{4})(?!\d))?"
)
# "SEGES/ME", "TRE-AP", "SGB-CPRM", and the ministries written with small letters: "MTb", "MTur", "MCid"
_ISSUER_WORD = r"(?:[A-Z]{2,}|[A-Z]{1,3}[a-z]{1,3}[A-Z]?)(?:-[A-Z]{2,6})?"
_ISSUER = rf"(?-i:{_ISSUER_WORD}(?:\s*/\s*{_ISSUER_WORD}){{0,2}})"
# the issuers written in lower case too ("Resolução Conama", "RDC Anvisa")
_ISSUER_ANY = rf"(?:{_ISSUER}|(?:Anvisa|Conama|Inmetro|Ibama|Aneel|Anatel|Contran|Confea|Seges)\b)"
# an issuer after the number without "da"/"do" ("IN 01/2010 SLTI") must be one an ETP cites
_KNOWN_ISSUER = r"(?-i:(?:SEGES|SLTI|SGD|STI|RFB|SRF|ME|MGI|MPDG|MPOG|MP|CGU|AGU|CNJ|CONAMA|ANVISA|TCU)(?:/[A-Z]{2,})*)"
_ISSUER_NAMES: tuple[tuple[str, str], ...] = (
    (r"Secretaria\s+de\s+Gest[ãa]o(?!\s+de\s+Pessoas)", "SEGES"),
    (r"Secretaria\s+de\s+Log[íi]stica\s+e\s+Tecnologia\s+da\s+Informa[çc][ãa]o", "SLTI"),
    (r"Secretaria\s+de\s+Governo\s+Digital", "SGD"),
    (r"(?:Secretaria\s+(?:Especial\s+)?da\s+)?Receita\s+Federal(?:\s+do\s+Brasil)?", "RFB"),
    (r"Conselho\s+Nacional\s+de\s+Justi[çc]a", "CNJ"),
    (r"Conselho\s+Nacional\s+do\s+Meio\s+Ambiente", "CONAMA"),
    (r"Ag[êe]ncia\s+Nacional\s+de\s+Vigil[âa]ncia\s+Sanit[áa]ria", "ANVISA"),
    (r"Tribunal\s+de\s+Contas\s+da\s+Uni[ãa]o", "TCU"),
)
_ISSUER_NAME = "(?P<issuer_name>" + "|".join(p for p, _ in _ISSUER_NAMES) + ")"
_ISSUER_NAME_RXS = tuple((re.compile(p, re.I), code) for p, code in _ISSUER_NAMES)
_ISSUER_AFTER = (
    rf"(?:\s*,?\s*(?:d[oa]\s+(?:{_ISSUER_NAME}|(?P<issuer2>{_ISSUER_ANY}))|(?P<issuer3>{_KNOWN_ISSUER}))(?![\w/]))?"
)
_TCU_BODY = r"(?:Plen[áa]rio|(?:1|2|Primeira|Segunda)[ªa]?\s*C[âa]mara)"

_NUMBERED: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("decreto-lei", re.compile(rf"\bDecreto[-‐\s]Lei\s+(?:Federal\s+)?{_NO}{_NUM}{_DATE}", re.I)),
    (
        "lei",
        re.compile(
            rf"(?<![-‐\w])Lei\s+(?P<q>(?:(?:Federal|Complementar|Estadual|Municipal|Distrital|Ordin[áa]ria)\s+){{0,2}})"
            rf"{_NO}{_NUM}{_DATE}",
            re.I,
        ),
    ),
    ("lc", re.compile(rf"\b(?-i:LC)\s*{_NO}{_NUM}{_DATE}", re.I)),
    (
        "decreto",
        re.compile(
            rf"\bDecreto\s+(?P<q>(?:Federal|Estadual|Municipal|Distrital|Legislativo)\s+)?{_NO}{_NUM}{_DATE}", re.I
        ),
    ),
    (
        "in",
        re.compile(
            rf"(?:\b(?-i:IN)|\bInstru[çc][ãa]o\s+Normativa)(?:\s+Conjunta)?\s+(?:(?P<issuer>{_ISSUER_ANY})\s*[,-]?\s*)?"
            rf"{_NO}{_NUM}{_DATE}{_ISSUER_AFTER}",
            re.I,
        ),
    ),
    (
        "portaria",
        re.compile(
            rf"\bPortaria(?:\s+(?:Conjunta|Interministerial|Normativa|Ministerial))?"
            rf"(?:\s+(?:d[oa]\s+)?(?P<issuer>{_ISSUER_ANY}))?\s*[,-]?\s*{_NO}{_NUM}{_DATE}{_ISSUER_AFTER}",
            re.I,
        ),
    ),
    (
        "rdc",
        re.compile(
            r"(?:\bResolu[çc][ãa]o\s+(?:da\s+)?Diretoria\s+Colegiada\s*(?:[-–(]\s*)?(?:(?-i:RDC)\s*\)?\s*)?"
            r"|\b(?-i:RDC)\s+)(?:(?:d[ao]\s+)?(?-i:ANVISA|Anvisa)\s+)?"
            rf"{_NO}{_NUM}{_DATE}(?:\s*,?\s*da\s+(?-i:ANVISA|Anvisa)\b)?",
            re.I,
        ),
    ),
    (
        "resolucao",
        re.compile(
            rf"\bResolu[çc][ãa]o(?:\s+Conjunta)?(?:\s*[-‐–]\s*|\s+(?:d[oa]\s+)?)(?:(?P<issuer>{_ISSUER_ANY})\s*[,-]?\s*)?"
            rf"{_NO}{_NUM}{_DATE}{_ISSUER_AFTER}",
            re.I,
        ),
    ),
    (
        "acordao",
        re.compile(
            rf"\bAc[óo]rd[ãa]o\s+(?:(?:d[oa]\s+)?(?P<court0>(?-i:TCU|TC[EM](?:-?[A-Z]{{2}})?))\s+)?{_NO}"
            r"(?P<num>\d{1,2}\.\d{3}|\d{1,5})\s*/\s*(?P<y2>\d{4}|\d{2})(?!\d)(?P<y1>)"
            rf"(?P<tail>(?:\s*[-–—]\s*(?:(?-i:TCU)|{_TCU_BODY}))*)"
            rf"(?:\s*,?\s*(?:d[oa]\s+)?(?:(?P<body>{_TCU_BODY})\s+(?:d[oa]\s+)?)?"
            r"(?P<court>(?-i:TCU|TC[EM](?:-?[A-Z]{2})?|STF|STJ|TST|TJ[A-Z]{2}|TRF\d?|TRT\d{0,2})\b"
            r"|Tribunal\s+de\s+Contas\s+da\s+Uni[ãa]o))?",
            re.I,
        ),
    ),
    (
        "abnt",
        re.compile(
            r"(?<![\w/])(?:ABNT\s+)?(?P<fam>NBR(?:\s+ISO(?:\s*/\s*(?:IEC|CIE))?|\s+IEC)?|ISO(?:\s*/\s*(?:IEC|CIE))?|IEC)"
            r"\s*(?:n[º°o]\.?\s*)?(?P<num>\d{1,2}\.\d{3}|\d{3,5})(?:\s*-\s*(?P<part>\d{1,2}))?"
            r"(?:\s*:\s*(?P<y2>\d{4}))?(?P<y1>)(?!\d)"
        ),
    ),
)

_NICKNAME_TABLE: tuple[tuple[str, str], ...] = (
    (r"\bLGPD\b", "lei-13709-2018"),
    (r"(?i:\bLei\s+Geral\s+de\s+Prote[çc][ãa]o\s+de\s+Dados(?:\s+Pessoais)?)", "lei-13709-2018"),
    (r"\bNLLC\b", _LEI_14133),
    (r"(?i:\bNova\s+Lei\s+de\s+Licita[çc][õo]es(?:\s+e\s+Contratos(?:\s+Administrativos)?)?)", _LEI_14133),
    (r"(?i:\bLei\s+do\s+Preg[ãa]o\b)", "lei-10520-2002"),
    (r"(?i:\bRegime\s+Diferenciado\s+de\s+Contrata[çc][õo]es(?:\s+P[úu]blicas)?)", "lei-12462-2011"),
    (r"\bLAI\b", "lei-12527-2011"),
    (r"(?i:\bLei\s+de\s+Acesso\s+[àa]\s+Informa[çc][ãa]o)", "lei-12527-2011"),
    (r"\bCDC\b", "lei-8078-1990"),
    (r"(?i:\bC[óo]digo\s+de\s+Defesa\s+do\s+Consumidor)", "lei-8078-1990"),
    (r"\bLRF\b", "lc-101-2000"),
    (r"(?i:\bLei\s+de\s+Responsabilidade\s+Fiscal)", "lc-101-2000"),
    (
        r"(?i:\bEstatuto\s+(?:Nacional\s+)?da\s+Microempresa(?:\s+e\s+(?:da\s+)?Empresa\s+de\s+Pequeno\s+Porte)?)",
        "lc-123-2006",
    ),
    (r"(?i:\bPol[íi]tica\s+Nacional\s+de\s+Res[íi]duos\s+S[óo]lidos)", "lei-12305-2010"),
    (r"(?i:\bPol[íi]tica\s+Nacional\s+do\s+Meio\s+Ambiente)", "lei-6938-1981"),
    (r"(?i:\bLei\s+de\s+Improbidade(?:\s+Administrativa)?)", "lei-8429-1992"),
    (r"(?i:\bLei\s+Anticorrup[çc][ãa]o)", "lei-12846-2013"),
    (r"(?i:\bLei\s+das\s+Estatais)", "lei-13303-2016"),
    (r"(?i:\bMarco\s+Civil\s+da\s+Internet)", "lei-12965-2014"),
    (r"(?i:\bLei\s+do\s+Governo\s+Digital)", "lei-14129-2021"),
    (r"(?i:\bLei\s+de\s+Crimes\s+Ambientais)", "lei-9605-1998"),
    (r"(?i:\bEstatuto\s+da\s+Pessoa\s+com\s+Defici[êe]ncia|\bLei\s+Brasileira\s+de\s+Inclus[ãa]o)", "lei-13146-2015"),
    (r"(?i:\bC[óo]digo\s+Civil)(?!\s+(?:de\s+)?19)", "lei-10406-2002"),
    (r"\bLINDB\b", "decreto-lei-4657-1942"),
    (
        r"\bConstitui[çc][ãa]o(?:\s+(?:Federal|da\s+Rep[úu]blica(?:\s+Federativa\s+do\s+Brasil)?))?"
        r"(?:\s+de\s+1988)?(?!\s+(?:Estadual|do\s+Estado|Municipal))",
        "cf-1988",
    ),
    (r"\bCF(?:/(?:19)?88)?\b(?!\.)", "cf-1988"),
)
# every nickname starts a word with one of these letters: the lookahead spares the alternation
_NICKNAMES = re.compile(
    r"(?=\b[CEILMNPRceilmnpr])(?:" + "|".join(f"(?P<n{i}>{p})" for i, (p, _) in enumerate(_NICKNAME_TABLE)) + ")"
)


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    key: str | None
    cited: str
    year: int | None
    series: str | None = None
    number: int | None = None
    issuer: str | None = None
    local: bool = False
    ambiguous: bool = False


def _year(m: re.Match[str]) -> int | None:
    y = m.group("y1") or m.group("y2")
    if not y:
        return None
    value = int(y)
    if len(y) == 2:
        value += 2000 if value <= 30 else 1900
    return value


def _fmt_number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


_MINISTRY_ALIASES = {"MPDG": "MP", "MPOG": "MP"}


def _issuer(m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    raw = groups.get("issuer") or groups.get("issuer2") or groups.get("issuer3")
    if raw:
        return re.sub(r"\s+", "", raw).upper()
    name = groups.get("issuer_name")
    if name:
        return next(code for rx, code in _ISSUER_NAME_RXS if rx.fullmatch(name))
    return None


def _issuer_matches(cited: str, known: str) -> bool:
    """Whether an issuer as cited names the known one: the same body ("SEGES" for "SEGES/MP"), the
    same secretariat under another ministry ("SEGES/ME" for "SEGES/MP") or its ministry alone ("ME"
    for "SEGES/ME")."""
    c = [_MINISTRY_ALIASES.get(p, p) for p in cited.split("/")]
    k = [_MINISTRY_ALIASES.get(p, p) for p in known.upper().split("/")]  # "MTb" is cited "MTB" too
    if c[0] == k[0]:
        return len(c) == 1 or len(k) == 1 or c[1:] == k[1:] or k[0] in _SECRETARIATS
    return len(c) == 1 and c[0] in k[1:]


# secretariats that moved between ministries keeping their name and their norms
_SECRETARIATS = frozenset(("SEGES", "SLTI", "SGD", "STI"))


def _body(text: str) -> str | None:
    folded = text.lower()
    if "plen" in folded:
        return "Plenário"
    if re.search(r"(?:1|primeira)\s*[ªa]?\s*c[âa]mara", folded):
        return "1ª Câmara"
    if re.search(r"(?:2|segunda)\s*[ªa]?\s*c[âa]mara", folded):
        return "2ª Câmara"
    return None


def _yearly_candidates(kind: str, number: int, year: int | None, issuer: str | None) -> list[Norm]:
    return [
        n
        for n in _YEARLY.get((kind, number), ())
        if (year is None or n.year == year) and (issuer is None or _issuer_matches(issuer, n.issuer or ""))
    ]


def _resolve(series: str, m: re.Match[str]) -> _Mention:
    number = int(m.group("num").replace(".", ""))
    year = _year(m)
    year_part = f"/{year}" if year else ""
    key: str | None = None
    issuer: str | None = None
    local = ambiguous = False
    if series in ("in", "portaria", "resolucao", "rdc"):
        issuer = "ANVISA" if series == "rdc" else _issuer(m)
        kind = "resolucao" if series == "rdc" else series
        prefix = {"in": "IN", "portaria": "Portaria", "resolucao": "Resolução", "rdc": "RDC"}[series]
        cited = f"{prefix} {issuer + ' ' if issuer else ''}{_fmt_number(number)}{year_part}"
        candidates = _yearly_candidates(kind, number, year, issuer)
        if len(candidates) == 1:
            key = candidates[0].key
        ambiguous = len(candidates) > 1
        series = kind
    elif series == "acordao":
        court_raw = m.group("court") or m.group("court0") or "TCU"
        court = "TCU" if court_raw.upper() == "TCU" or court_raw.lower().startswith("tribunal") else court_raw.upper()
        body = _body((m.group("tail") or "") + " " + (m.group("body") or ""))
        local = court != "TCU"
        cited = f"Acórdão {_fmt_number(number)}{year_part}-{court}" + (f"-{body}" if body else "")
        if not local:
            candidates = [n for n in _yearly_candidates("acordao", number, year, None) if body in (None, n.body)]
            if len(candidates) == 1:
                key = candidates[0].key
            ambiguous = len(candidates) > 1
        issuer = court
    elif series == "abnt":
        fam_raw = re.sub(r"\s+", "", m.group("fam")).upper()
        family = "IEC" if fam_raw in ("IEC", "NBRIEC") else "ISO" if "ISO" in fam_raw else "NBR"
        shown = re.sub(r"\s*/\s*", "/", " ".join(m.group("fam").upper().split()))
        part = f"-{m.group('part')}" if m.group("part") else ""
        cited = f"{'ABNT ' if shown.startswith('NBR') else ''}{shown} {number}{part}"
        key = _STANDARDS.get((family.lower(), number))
        issuer = family
    elif series == "decreto-lei":
        cited = f"Decreto-Lei {_fmt_number(number)}{year_part}"
        key = _BY_NUMBER.get(("decreto-lei", number))
    else:
        qualifiers = (m.groupdict().get("q") or "").lower()
        local = any(q in qualifiers for q in ("estadual", "municipal", "distrital", "legislativo"))
        if series == "lc" or "complementar" in qualifiers:
            series, label = "lc", "Lei Complementar"
        else:
            label = "Decreto" if series == "decreto" else "Lei"
        if local:
            label += " " + next(
                q for q in ("Estadual", "Municipal", "Distrital", "Legislativo") if q.lower() in qualifiers
            )
        cited = f"{label} {_fmt_number(number)}{year_part}"
        if not local:
            key = _BY_NUMBER.get((series, number))
    return _Mention(m.start(), m.end(), key, cited, year, series, number, issuer, local, ambiguous)


# Where a mention may start, on the lower-cased text: one scan with a literal-prefix alternation
# instead of one case-insensitive scan per pattern (those cannot use the engine's fast search);
# each pattern is then tried only where its first word is.
_STARTS = re.compile(
    r"\b(?:lei\b|decreto|lc\b|in\b|instru|portaria|resolu|rdc\b|ac[oó]rd|abnt\b|nbr\b|iso\b|iec\b|lgpd\b"
    r"|nllc\b|nova\s+lei|regime\s+diferenciado|lai\b|cdc\b|c[oó]digo\s|lrf\b|estatuto|pol[ií]tica\s+nacional"
    r"|marco\s+civil|lindb\b|constitui|cf\b)"
)
_BY_SERIES = dict(_NUMBERED)
_STARTS_SERIES: dict[str, tuple[str, ...]] = {
    "le": ("lei",),
    "de": ("decreto-lei", "decreto"),
    "lc": ("lc",),
    "in": ("in",),
    "po": ("portaria",),
    "re": ("rdc", "resolucao"),
    "rd": ("rdc",),
    "ac": ("acordao",),
    "ab": ("abnt",),
    "nb": ("abnt",),
    "is": ("abnt",),
    "ie": ("abnt",),
}


def _nickname(m: re.Match[str]) -> _Mention:
    key = _NICKNAME_TABLE[int((m.lastgroup or "n0")[1:])][1]
    norm = NORMS[key]
    return _Mention(m.start(), m.end(), key, norm.label, None, _series(norm), _int(norm.number))


def _norm_mentions(text: str) -> list[_Mention]:
    lowered = text.lower()
    found: list[_Mention] = []
    if len(lowered) == len(text):
        for start in _STARTS.finditer(lowered):
            pos = start.start()
            for series in _STARTS_SERIES.get(lowered[pos : pos + 2], ()):
                if m := _BY_SERIES[series].match(text, pos):
                    found.append(_resolve(series, m))
            if m := _NICKNAMES.match(text, pos):
                found.append(_nickname(m))
    else:  # lower-casing changed the length ("İ"): the offsets would not hold, scan each pattern
        found = [_resolve(series, m) for series, rx in _NUMBERED for m in rx.finditer(text)]
        found += [_nickname(m) for m in _NICKNAMES.finditer(text)]
    found.sort(key=lambda x: (x.start, -x.end))
    mentions: list[_Mention] = []
    for mention in found:
        if mentions and mention.start < mentions[-1].end:
            continue  # overlaps an earlier, longer mention ("Decreto-Lei 200" vs "Lei 200")
        mentions.append(mention)
    return mentions


# --- articles --------------------------------------------------------------------------------

_ART_NUM = r"\d{1,3}(?:\.\d{3})?(?:\s*[º°ª]|o\b)?(?:\s*-\s*(?-i:[A-Z])\b)?"
_ROMAN = r"(?-i:[IVXLC]+)\b"
_PARAGRAPH_RX = r"§§?\s*\d+\s*[º°o]?(?:\s*e\s*\d+\s*[º°o]?)*|par[áa]grafo\s+[úu]nico"
_ALINEA_RX = r"al[íi]neas?\s*[\"“]?[a-z][\"”]?(?!\w)"
_PREFIX = rf"(?:(?:inc(?:iso|\.)\s*{_ROMAN}|{_PARAGRAPH_RX}|{_ALINEA_RX})\s*,?\s*(?:d[oa]s?\s+|,\s*))+"
# "art. 18" / "arts. 40" / "artigo 75", and a "inciso I do" / "§ 1º do" before it
_ARTICLE = re.compile(rf"\b(?P<word>arts?\b\.?|artigos?\b)\s*(?P<first>{_ART_NUM})", re.I)
_PREFIX_BEFORE = re.compile(rf"(?<![\w§])(?:{_PREFIX})$", re.I)
_PREFIX_WINDOW = 120
# further articles after a plural: "arts. 40 e 47", "arts. 74 a 76", "artigos 5º, 6º e 7º"
_MORE = re.compile(rf"(?:\s*(?:,|e|a|ou|até)\s*{_ART_NUM}(?![\d/]))+", re.I)
# "§ 1º", "inciso I", "II", "alínea a", "caput" after the article
_DETAIL = re.compile(
    rf"(?:\s*,?\s*(?:{_PARAGRAPH_RX}|inc(?:isos?|s?\.)\s*{_ROMAN}|{_ROMAN}|{_ALINEA_RX}|caput))+", re.I
)
_ART_VALUE = re.compile(r"\d{1,3}(?:\.\d{3})?")
_PARAGRAPH = re.compile(_PARAGRAPH_RX, re.I)
_INCISO = re.compile(rf"(?:inc(?:isos?|s?\.)\s*)?({_ROMAN})", re.I)
_BINDING_GAP = re.compile(r"[\s,]*(?:(?:d[oa]s?|n[oa]s?|em)\s+)?(?:(?:referid|citad|mencionad|mesm)[oa]\s+)?", re.I)
# An article followed by the name of a norm with no number the table could know ("art. 200 da Lei
# Orgânica Municipal", "art. 5º da Constituição"): it belongs to that norm, never to a law cited
# elsewhere in the text.
_NAMED_NORM_AFTER = re.compile(
    r"[\s,]*(?:d[oa]s?|n[oa]s?)\s+(?:Lei\s+Org[âa]nica|Constitui[çc][ãa]o|C[óo]digo|Regimento|Estatuto|"
    r"Lei\s+(?:Complementar\s+)?(?:Municipal|Estadual|Distrital))\b",
    re.I,
)


@dataclass(frozen=True)
class _ArticleRef:
    start: int
    end: int
    articles: tuple[int, ...]
    paragraph: str | None
    inciso: str | None


def _article_number(raw: str) -> int:
    m = _ART_VALUE.match(raw)
    return int(m.group().replace(".", "")) if m else 0


def _article_refs(text: str) -> list[_ArticleRef]:
    refs: list[_ArticleRef] = []
    for m in _ARTICLE.finditer(text):
        start, end = m.start(), m.end()
        prefix = _PREFIX_BEFORE.search(text, max(0, start - _PREFIX_WINDOW), start)
        if prefix:
            start = prefix.start()
        numbers = [m.group("first")]
        if m.group("word").lower().startswith(("arts", "artigos")):
            more = _MORE.match(text, end)
            if more:
                numbers += _ART_VALUE.findall(more.group())
                end = more.end()
        detail = _DETAIL.match(text, end)
        if detail:
            end = detail.end()
        details = " ".join(filter(None, (prefix and prefix.group(), detail and detail.group())))
        paragraph = _PARAGRAPH.search(details)
        inciso = _INCISO.search(_PARAGRAPH.sub(" ", details))
        refs.append(
            _ArticleRef(
                start=start,
                end=end,
                articles=tuple(_article_number(n) for n in numbers),
                paragraph=re.sub(r"\s+", " ", paragraph.group()) if paragraph else None,
                inciso=inciso.group(1) if inciso else None,
            )
        )
    return refs


_FULL_14133 = _Mention(0, 0, _LEI_14133, NORMS[_LEI_14133].label, None, "lei", 14133)


def _mention_fields(mention: _Mention | None) -> dict[str, Any]:
    if mention is None:
        return {}
    return {
        "series": mention.series,
        "number": mention.number,
        "issuer": mention.issuer,
        "local": mention.local,
        "ambiguous": mention.ambiguous,
    }


def extract_citations(text: str, *, sentences: Sequence[tuple[int, int]] | None = None) -> list[Citation]:
    """Every legal citation in ``text``, in order: one per article cited (bound to its norm) and one
    per norm mentioned without an article. A range ("arts. 74 a 76") gives its two ends.

    An article followed by its norm ("art. 18 da Lei 14.133/2021") is bound to it; otherwise to the
    nearest norm in the same sentence; otherwise to Lei 14.133/2021 only when that is the one norm the
    whole text mentions. An article that cannot be bound keeps ``norm_key=None`` and ``cited=None``.
    ``sentences`` may carry ``readability.sentence_spans(text)`` when already computed.
    """
    mentions = _norm_mentions(text)
    starts = [mn.start for mn in mentions]
    sentences = sentence_spans(text) if sentences is None else sentences
    sentence_starts = [s for s, _ in sentences]
    only_14133 = bool(mentions) and all(mn.key == _LEI_14133 for mn in mentions)
    used: set[int] = set()
    out: list[tuple[int, Citation]] = []
    for ref in _article_refs(text):
        bound: _Mention | None = None
        named_after: re.Match[str] | None = None
        key: str | None
        cited: str | None
        year: int | None
        end = ref.end
        i = bisect.bisect_left(starts, end)
        if i < len(mentions) and _BINDING_GAP.fullmatch(text, end, mentions[i].start):
            bound, end = mentions[i], mentions[i].end
            used.add(i)
        elif named_after := _NAMED_NORM_AFTER.match(text, end):
            bound = None  # "art. 300 do Código Civil": its own norm, whatever else the sentence cites
        elif i > 0 and _ITS_ARTICLE_GAP.fullmatch(text, mentions[i - 1].end, ref.start):
            bound = mentions[i - 1]  # "a Lei nº 13.709/2018, em especial o art. 78": that law's article
        else:
            bound = _nearest_in_sentence(ref.start, ref.end, mentions, sentences, sentence_starts, ref.articles)
        if bound is not None:
            key, cited, year = bound.key, bound.cited, bound.year
        elif named_after is not None:  # an article of a norm outside the table: unverified, not false
            key, cited, year = None, None, None
        elif only_14133:
            key, cited, year = _LEI_14133, NORMS[_LEI_14133].label, None
            bound = _FULL_14133
        else:
            key = cited = year = None
        for article in ref.articles:
            out.append(
                (
                    ref.start,
                    Citation(
                        norm_key=key,
                        raw=text[ref.start : end].strip(),
                        article=article,
                        paragraph=ref.paragraph,
                        inciso=ref.inciso,
                        span=(ref.start, end),
                        cited=cited,
                        cited_year=year,
                        **_mention_fields(bound),
                    ),
                )
            )
    for i, mn in enumerate(mentions):
        if i not in used:
            out.append(
                (
                    mn.start,
                    Citation(
                        norm_key=mn.key,
                        raw=text[mn.start : mn.end],
                        span=(mn.start, mn.end),
                        cited=mn.cited,
                        cited_year=mn.year,
                        **_mention_fields(mn),
                    ),
                )
            )
    out.sort(key=lambda item: item[0])
    return [c for _, c in out]


def _admits(mention: _Mention, articles: Sequence[int]) -> bool:
    """Whether the norm of ``mention`` can hold ``articles``: unknown or unsized norms always can."""
    norm = NORMS.get(mention.key) if mention.key else None
    return norm is None or norm.articles is None or all(1 <= a <= norm.articles for a in articles)


# between a norm and the article that follows it as its own: "Lei 13.709/2018, em especial o art. 78",
# "Decreto 10.947/2022, em seu art. 5º", "IN SEGES/ME 65/2021 (art. 5º)"
_ITS_ARTICLE_GAP = re.compile(
    r"\s*(?:,\s*|\(\s*)?(?:(?:em\s+especial|especialmente|notadamente|sobretudo|principalmente|mormente"
    r"|precipuamente|particularmente)\s+(?:(?:[oa]s?|n[oa]s?|d[oa]s?|a[o]s?)\s+)?|(?:em|n)\s*o?\s*seus?\s+)",
    re.I,
)


def _nearest_in_sentence(
    start: int,
    end: int,
    mentions: Sequence[_Mention],
    sentences: Sequence[tuple[int, int]],
    sentence_starts: Sequence[int],
    articles: Sequence[int] = (),
) -> _Mention | None:
    """The norm mentioned nearest to a bare article in its sentence. Among several, the nearest that
    can hold the article wins ("art. 18 da Lei 14.133/2021 e art. 9º da Lei 12.305/2010; o art. 150
    …" reads art. 150 of the Lei 14.133): a proximity guess never makes an article out of range while
    another norm of the sentence has it."""
    k = bisect.bisect_right(sentence_starts, start) - 1
    if k < 0:
        return None
    s_start, s_end = sentences[k]
    best: _Mention | None = None
    best_key = (True, 0)
    for mn in mentions:
        if mn.end <= s_start or mn.start >= s_end:
            continue
        distance = mn.start - end if mn.start >= end else start - mn.end
        key = (not _admits(mn, articles), distance)
        if best is None or key < best_key:
            best, best_key = mn, key
    return best


# --- impossible norms ------------------------------------------------------------------------

# Federal laws, complementary laws and decrees are numbered in one sequence each, in order of date:
# a number far below one already used in an earlier year, or far above one of a later year, or
# beyond what the series can have reached by the year cited, does not exist. The anchors are norms
# known for certain (number, year); the slack absorbs the numbers of a year's first and last weeks.
_SEQUENCES: dict[str, tuple[tuple[tuple[int, int], ...], int, int, int]] = {
    # series: (anchors, slack, numbers a year at most after the last anchor, first year judged)
    "lei": (
        (
            (4320, 1964),
            (5172, 1966),
            (6938, 1981),
            (8078, 1990),
            (8429, 1992),
            (8666, 1993),
            (8987, 1995),
            (9784, 1999),
            (10520, 2002),
            (11079, 2004),
            (12305, 2010),
            (12527, 2011),
            (12846, 2013),
            (13303, 2016),
            (13709, 2018),
            (14133, 2021),
            (14230, 2021),
        ),
        300,
        700,
        1946,
    ),
    "decreto": (
        (
            (5450, 2005),
            (7746, 2012),
            (7892, 2013),
            (8538, 2015),
            (9507, 2018),
            (10024, 2019),
            (10947, 2022),
            (11246, 2022),
            (11462, 2023),
        ),
        300,
        900,
        1992,  # decrees were renumbered from 1 in 1991
    ),
    "lc": (((101, 2000), (123, 2006), (147, 2014), (182, 2021)), 5, 15, 1967),
}
_LC_MAX = 300  # about 220 complementary laws exist
# the years an issuer existed under that name: (first, last or None)
_ISSUER_YEARS: dict[str, tuple[int | None, int | None, str]] = {
    "ME": (2019, 2022, "o Ministério da Economia (ME) existiu de 2019 a 2022"),
    "MGI": (2023, None, "o Ministério da Gestão e da Inovação em Serviços Públicos (MGI) foi criado em 2023"),
    "SGD": (2019, None, "a Secretaria de Governo Digital (SGD) foi criada em 2019"),
    "MPDG": (2016, 2018, "o Ministério do Planejamento, Desenvolvimento e Gestão (MPDG) existiu de 2016 a 2018"),
    "RFB": (2007, None, "a Receita Federal do Brasil (RFB) foi criada em 2007"),
    "CNJ": (2005, None, "o Conselho Nacional de Justiça (CNJ) foi instalado em 2005"),
    "CNMP": (2005, None, "o Conselho Nacional do Ministério Público (CNMP) foi instalado em 2005"),
    "CONAMA": (1981, None, "o CONAMA foi criado pela Lei 6.938/1981"),
    "ANVISA": (1999, None, "a ANVISA foi criada em 1999"),
    "ANEEL": (1996, None, "a ANEEL foi criada em 1996"),
    "ANATEL": (1997, None, "a ANATEL foi criada em 1997"),
    "ANP": (1997, None, "a ANP foi criada em 1997"),
    "ANTT": (2001, None, "a ANTT foi criada em 2001"),
    "ANAC": (2005, None, "a ANAC foi criada em 2005"),
    "IBAMA": (1989, None, "o IBAMA foi criado em 1989"),
    "ICMBIO": (2007, None, "o ICMBio foi criado em 2007"),
}
# the Ministério do Planejamento was merged into the Ministério da Economia from 2019 to 2022
_MP_GAP = (2019, 2022)
# yearly numbering: beyond these an issuer's number is no real one
_YEARLY_MAX: dict[tuple[str, str], tuple[int, str]] = {
    ("in", "SEGES"): (400, "a SEGES não edita tantas instruções normativas"),
    ("in", "SGD"): (400, "a SGD não edita tantas instruções normativas"),
    ("in", "SLTI"): (400, "a SLTI não editou tantas instruções normativas"),
    ("resolucao", "CONAMA"): (700, "as resoluções do CONAMA não chegam a esse número"),
    ("resolucao", "CNJ"): (1000, "as resoluções do CNJ não chegam a esse número"),
    ("resolucao", "ANVISA"): (2000, "as RDC da ANVISA não chegam a esse número"),
    ("acordao", "TCU"): (20000, "os acórdãos do TCU não chegam a esse número num ano"),
}
_TCU_PLENARIO_MAX = 6000


def _sequence_reason(series: str, number: int, year: int | None, today: int) -> str | None:
    anchors, slack, rate, first_year = _SEQUENCES[series]
    name = {"lei": "leis federais", "decreto": "decretos federais", "lc": "leis complementares"}[series]
    last_number, last_year = max(anchors)
    if year is None:
        if number > last_number + (today - last_year + 1) * rate:
            return f"nenhuma das {name} chegou a esse número"
        return None
    if year < first_year:
        return None
    for a_number, a_year in anchors:
        if (a_year < year and a_number > number + slack) or (a_year > year and a_number < number - slack):
            return f"a numeração das {name} de {year} é outra"
    if year >= last_year and number > last_number + (year - last_year + 1) * rate:
        return f"as {name} de {year} não chegam a esse número"
    return None


def _anachronic_issuer(issuer: str, year: int) -> str | None:
    """Why ``issuer`` (as cited, "SEGES/ME") could not issue a norm in ``year``, in pt-BR; None if it could."""
    parts = [p for p in issuer.split("/") if p]
    for part in parts:
        first, last, why = _ISSUER_YEARS.get(part, (None, None, ""))
        if (first is not None and year < first) or (last is not None and year > last):
            return why
    if "MP" in parts and _MP_GAP[0] <= year <= _MP_GAP[1]:
        return "de 2019 a 2022 o Ministério do Planejamento (MP) integrava o Ministério da Economia"
    return None


def _impossible(c: Citation, today: int) -> str | None:
    """Why the federal norm of ``c`` cannot exist, in pt-BR; None when it may."""
    year, number, series = c.cited_year, c.number, c.series
    if year is not None and year > today:
        return f"o ano {year} ainda não chegou"
    if number is None or series is None:
        return None
    if series == "lc" and number > _LC_MAX:
        return f"as leis complementares federais não passam de cerca de {_LC_MAX - 80}"
    if series in _SEQUENCES:
        return _sequence_reason(series, number, year, today)
    if series == "decreto-lei" and year is not None and (year < 1937 or 1946 < year < 1965 or year > 1988):
        return "só houve decretos-leis de 1937 a 1946 e de 1965 a 1988"
    issuer = c.issuer or ""
    parts = [p for p in issuer.split("/") if p]
    if year is not None:
        if why := _anachronic_issuer(issuer, year):
            return why
        if series == "acordao" and year < 1893:
            return "o TCU foi instalado em 1893"
    if parts:
        limit = _YEARLY_MAX.get((series, parts[0]))
        if limit and number > limit[0]:
            return limit[1]
        if series == "acordao" and "Plenário" in (c.cited or "") and number > _TCU_PLENARIO_MAX:
            return "o Plenário do TCU não profere tantos acórdãos num ano"
    return None


# --- verification ----------------------------------------------------------------------------

# Words showing that a revoked norm is cited as history, not as the law in force: anywhere in the
# sentence ("revogada", "substituída", "sob a égide", "à época")...
_HISTORICAL = re.compile(
    r"revoga|substitu[íi]d[oa]s?\s+pel[oa]s?|substituiu|substitu[íi]ram|sob\s+a\s+[ée]gide|regime\s+(?:legal\s+)?anterior"
    r"|legisla[çc][ãa]o\s+(?:anterior|revogada)"
    r"|vig[êe]ncia\s+da|[àa]\s+[ée]poca|ent[ãa]o\s+vigente|ab-?rogad|derrogad",
    re.I,
)
# ...or "antiga"/"anterior" qualifying the law itself, next to the citation ("a antiga Lei 8.666/1993",
# "a lei anterior (Lei 8.666/1993)", "anteriormente regida pela"): "atestado de fornecimento anterior"
# in the same sentence says nothing about the norm
_HISTORICAL_NEAR = re.compile(
    r"\b(?:antig[oa]s?|anterior(?:es)?|pret[ée]rit[oa]s?)\s+(?:lei|legisla|regime|norma|diploma|estatuto|marco"
    r"|regramento|sistem[áa]tica|decreto|instru[çc][ãa]o|resolu[çc][ãa]o|portaria|rdc\b)"
    r"|\b(?:lei|legisla[çc][ãa]o|regime|norma|diploma|estatuto|marco|decreto|instru[çc][ãa]o|resolu[çc][ãa]o)"
    r"\s+(?:antig[oa]|anterior|pret[ée]rit)|anteriormente|antigamente",
    re.I,
)
_HISTORICAL_WINDOW = 70


def _warning(code: str, severity: str, message: str, excerpt: str) -> dict[str, Any]:
    return {"code": code, "severity": severity, "message": message, "excerpt": excerpt[:120]}


def _the(norm: Norm) -> str:
    """The article for ``norm`` in a sentence: "o Decreto", "a Lei"."""
    return "o" if norm.kind in ("decreto", "decreto_lei", "acordao") else "a"


def _revoked_word(norm: Norm) -> str:
    return "revogado" if _the(norm) == "o" else "revogada"


def verify_citations(
    text: str,
    *,
    citations: Sequence[Citation] | None = None,
    sentences: Sequence[tuple[int, int]] | None = None,
    today: datetime.date | None = None,
) -> list[dict[str, Any]]:
    """Warnings about the legal citations of ``text`` (``{code, severity, message, excerpt}``).

    - ``citation_article_out_of_range`` (error): article beyond the known size of the norm;
    - ``citation_impossible`` (error): a federal norm that cannot exist — a year after ``today``
      (default: the current date) or before its issuer existed ("IN SEGES/ME" of 2005, "Resolução
      CNJ" of 2003), a number far beyond its series ("Lei Complementar 950", "Lei 19.000/2021");
    - ``citation_revoked`` (warning): a revoked norm cited as current law (not when the sentence
      presents it as history: "revogada", "antiga", "substituída"...);
    - ``citation_year_mismatch`` (warning): a known law or decree cited with another year;
    - ``citation_unverified``: a federal norm missing from the local table (warning: "norma não
      encontrada na base"), or a state or municipal norm or another court's decision (info: outside
      the table's reach). An IN cited without its issuer that fits several known ones is fine.
    Pass ``citations`` and ``sentences`` (``readability.sentence_spans(text)``) when already computed.
    """
    sentences = sentence_spans(text) if sentences is None else sentences
    cites = extract_citations(text, sentences=sentences) if citations is None else citations
    sentence_starts = [s for s, _ in sentences]
    current_year = (today or datetime.date.today()).year
    warnings: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()

    # a revoked norm named by its nickname ("Regime Diferenciado de Contratações") and by its number
    # in the text: the excerpt shows the number, what the reader must change
    numbered: dict[str, str] = {}
    for c in cites:
        if c.norm_key and any(ch.isdigit() for ch in c.raw):
            numbered.setdefault(c.norm_key, c.raw)

    def once(code: str, ident: str) -> bool:
        if (code, ident) in seen:
            return False
        seen.add((code, ident))
        return True

    for c in cites:
        if c.norm_key is None:
            if c.cited is None or c.ambiguous:
                continue
            if c.local:
                if once("citation_unverified", c.cited):
                    warnings.append(
                        _warning(
                            "citation_unverified",
                            "info",
                            f'A norma "{c.cited}" não consta da base local (só normas federais) e não pôde ser '
                            "verificada. Confira número, ano e vigência antes de usar a citação.",
                            c.raw,
                        )
                    )
                continue
            reason = _impossible(c, current_year)
            if reason is not None:
                if once("citation_impossible", c.cited):
                    warnings.append(
                        _warning(
                            "citation_impossible",
                            "error",
                            f"Norma inexistente: {c.cited} — {reason}. Confira número, ano e órgão emissor, ou "
                            "retire a citação.",
                            c.raw,
                        )
                    )
            elif once("citation_unverified", c.cited):
                warnings.append(
                    _warning(
                        "citation_unverified",
                        "warning",
                        f"Norma não encontrada na base: {c.cited} — confira número e ano. A citação não pôde ser "
                        "verificada: confirme também o órgão emissor e a vigência.",
                        c.raw,
                    )
                )
            continue
        norm = NORMS[c.norm_key]
        known_issuer = (norm.issuer or "").upper()
        anachronic = _anachronic_issuer(c.issuer, norm.year) if c.issuer and known_issuer and norm.year else None
        if anachronic and c.issuer != known_issuer and once("citation_issuer_mismatch", c.raw):
            # "IN SEGES/ME 3/2018": the IN exists, under the MP; the ministry cited did not exist then
            warnings.append(
                _warning(
                    "citation_issuer_mismatch",
                    "warning",
                    f"Órgão emissor incompatível com o ano: {c.raw} — {anachronic}. A norma é {_the(norm)} {norm.label}: "
                    "corrija o órgão emissor na citação.",
                    c.raw,
                )
            )
        if norm.kind == "abnt" and c.cited_year and c.cited_year > current_year and once("citation_impossible", c.raw):
            warnings.append(  # a known standard in an edition still to come: "ABNT NBR 5410:2030"
                _warning(
                    "citation_impossible",
                    "error",
                    f"Norma inexistente: {c.cited}:{c.cited_year} — a edição de {c.cited_year} ainda não existe. "
                    "Confira o ano da edição ou cite a norma sem ele.",
                    c.raw,
                )
            )
        if (
            c.cited_year
            and norm.kind in ("lei", "decreto", "decreto_lei")
            and c.cited_year != norm.year
            and once("citation_year_mismatch", norm.key)
        ):
            the = _the(norm)
            warnings.append(
                _warning(
                    "citation_year_mismatch",
                    "warning",
                    f"{the.upper()} {norm.label.rsplit('/', 1)[0]} é de {norm.year}, mas a citação indica "
                    f"{c.cited_year}. Corrija o ano para {norm.label}.",
                    c.raw,
                )
            )
        if (
            c.article is not None
            and norm.articles is not None
            and not 1 <= c.article <= norm.articles
            and once("citation_article_out_of_range", f"{norm.key}:{c.article}")
        ):
            warnings.append(
                _warning(
                    "citation_article_out_of_range",
                    "error",
                    f"O art. {_fmt_number(c.article)} d{_the(norm)} {norm.label} não existe: a norma tem "
                    f"{_fmt_number(norm.articles)} artigos. "
                    "Confira o dispositivo citado.",
                    c.raw,
                )
            )
        if (
            norm.status == "revoked"
            and not _historical(text, c.span, sentences, sentence_starts)
            and once("citation_revoked", norm.key)
        ):
            by_norm = NORMS[norm.revoked_by] if norm.revoked_by else None
            by = f"{_the(by_norm)} {by_norm.label}" if by_norm else "a norma posterior"
            by_ = f"pel{by}"  # "pela Lei 14.133/2021", "pelo Decreto 11.462/2023"
            name = f"{norm.label} ({norm.nickname})" if norm.nickname else norm.label
            the, revoked = _the(norm), _revoked_word(norm)
            if norm.revoked_in_part:
                message = (
                    f"{the.upper()} {name} foi {revoked} em grande parte {by_}. Verifique se o dispositivo "
                    f"citado ainda está em vigor ou cite {by}."
                )
            else:
                message = (
                    f"{the.upper()} {name} foi {revoked} {by_}. Cite o dispositivo correspondente d{by} "
                    "ou deixe claro que a referência é apenas histórica."
                )
            warnings.append(_warning("citation_revoked", "warning", message, numbered.get(norm.key, c.raw)))
    return warnings


def _historical(text: str, span: tuple[int, int], sentences: Sequence[tuple[int, int]], starts: Sequence[int]) -> bool:
    pos, end = span
    k = bisect.bisect_right(starts, pos) - 1
    if k < 0:
        return False
    s_start, s_end = sentences[k]
    if _HISTORICAL.search(text, s_start, s_end):
        return True
    lo, hi = max(s_start, pos - _HISTORICAL_WINDOW), min(s_end, end + _HISTORICAL_WINDOW)
    return _HISTORICAL_NEAR.search(text, lo, hi) is not None
