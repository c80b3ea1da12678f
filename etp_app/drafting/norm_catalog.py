"""Catalog of real federal norms and technical standards that ETPs of every kind of purchase cite.

Pure data, read by :mod:`etp_app.drafting.norms` to grow its table so that a correct citation of a
real norm is not flagged "norma não encontrada na base". Every entry was included only when its
number and year (or, for a standard, its number) are known for certain; doubtful norms were left out,
since a fake entry would hide an invented citation. Norms already in the literal ``NORMS`` of
norms.py are not repeated here.

Shapes (numbers as usually written: "14.133" with a dot for thousands, no dot below 1000):

- ``LEIS`` and ``LEIS_COMPLEMENTARES``: ``(number, year, nickname_or_None, articles_or_None)``
- ``DECRETOS``: ``(number, year, articles_or_None)``
- ``DECRETOS_LEI``: ``(number, year, nickname_or_None, articles_or_None)``
- ``INSTRUCOES_NORMATIVAS``, ``PORTARIAS``, ``RESOLUCOES``: ``(issuer, number, year)``
- ``ACORDAOS_TCU``: ``(number, year, body)``, body "Plenário", "1ª Câmara" or "2ª Câmara"
- ``ABNT_NBR``: ABNT's own NBR numbers; ``ISO_IEC``: ``(family, number)`` for NBR ISO / NBR IEC
- ``REVOKED``: ``(kind, issuer_or_None, number, year, revoked_by_label)``, norms that are revoked and
  that an out-of-date text may still cite; they are not repeated in the tuples above. ``kind`` is one
  of "lei", "decreto", "decreto_lei", "in", "portaria", "resolucao"; ``revoked_by_label`` is the
  label of the revoking norm as norms.py writes labels ("Decreto 10.024/2019", "RDC ANVISA 222/2018").
"""

from __future__ import annotations

LEIS: tuple[tuple[str, int, str | None, int | None], ...] = (
    # --- civil defence, cities, housing, accessibility
    ("12.608", 2012, "Política Nacional de Proteção e Defesa Civil", None),
    ("12.340", 2010, None, None),  # transferências para ações de defesa civil
    ("12.983", 2014, None, None),  # altera a Lei 12.340/2010
    ("13.089", 2015, "Estatuto da Metrópole", None),
    ("11.977", 2009, None, None),  # Minha Casa, Minha Vida (2009)
    ("14.620", 2023, None, None),  # Minha Casa, Minha Vida (2023)
    ("11.124", 2005, None, None),  # Sistema Nacional de Habitação de Interesse Social
    ("11.888", 2008, None, None),  # assistência técnica para habitação de interesse social
    ("10.188", 2001, None, None),  # Programa de Arrendamento Residencial
    ("10.436", 2002, None, None),  # Libras
    ("12.764", 2012, None, None),  # Política Nacional dos Direitos da Pessoa com Transtorno do Espectro Autista
    ("7.853", 1989, None, None),  # apoio às pessoas portadoras de deficiência
    ("11.126", 2005, None, None),  # cão-guia
    ("9.636", 1998, None, None),  # patrimônio imobiliário da União
    ("14.011", 2020, None, None),  # gestão e alienação de imóveis da União
    ("8.245", 1991, "Lei do Inquilinato", None),
    ("6.015", 1973, "Lei de Registros Públicos", None),
    ("4.591", 1964, None, None),  # condomínio em edificações e incorporações imobiliárias
    ("9.514", 1997, None, None),  # alienação fiduciária de imóvel
    ("10.931", 2004, None, None),  # patrimônio de afetação
    # --- health
    ("8.689", 1993, None, None),  # extinção do INAMPS; auditoria do SUS
    ("9.656", 1998, None, None),  # planos e seguros privados de saúde
    ("9.961", 2000, None, None),  # ANS
    ("10.216", 2001, None, None),  # saúde mental
    ("12.732", 2012, None, None),  # primeiro tratamento de câncer em 60 dias
    ("6.259", 1975, None, None),  # vigilância epidemiológica e vacinação
    ("9.787", 1999, "Lei dos Genéricos", None),
    ("10.742", 2003, None, None),  # CMED: regulação do mercado de medicamentos
    ("11.343", 2006, "Lei de Drogas", None),
    ("12.845", 2013, None, None),  # atendimento a vítimas de violência sexual
    ("9.263", 1996, None, None),  # planejamento familiar
    ("11.108", 2005, None, None),  # acompanhante no parto
    ("12.871", 2013, "Mais Médicos", None),
    ("13.958", 2019, "Médicos pelo Brasil", None),
    ("10.205", 2001, None, None),  # sangue e hemoderivados
    ("9.434", 1997, None, None),  # transplantes
    ("11.350", 2006, None, None),  # agentes comunitários de saúde e de combate às endemias
    ("13.595", 2018, None, None),  # agentes comunitários de saúde
    ("12.401", 2011, None, None),  # assistência terapêutica e incorporação de tecnologia no SUS
    ("12.466", 2011, None, None),  # comissões intergestores, CONASS e CONASEMS
    ("12.550", 2011, None, None),  # EBSERH
    ("14.572", 2023, "Política Nacional de Saúde Bucal", None),
    ("14.758", 2023, "Política Nacional de Prevenção e Controle do Câncer", None),
    ("14.434", 2022, None, None),  # piso salarial da enfermagem
    ("14.510", 2022, None, None),  # telessaúde
    ("13.979", 2020, None, None),  # emergência de saúde pública (covid-19)
    ("14.124", 2021, None, None),  # aquisição de vacinas (covid-19)
    ("14.035", 2020, None, None),  # aquisições para o enfrentamento da covid-19
    ("14.065", 2020, None, None),  # pagamento antecipado e outras medidas na pandemia
    # --- social assistance, children, youth, equality, third sector
    ("8.742", 1993, "LOAS", None),
    ("12.435", 2011, None, None),  # SUAS, altera a LOAS
    ("8.213", 1991, None, None),  # planos de benefícios da Previdência Social
    ("8.069", 1990, "Estatuto da Criança e do Adolescente", 267),
    ("12.852", 2013, "Estatuto da Juventude", None),
    ("12.288", 2010, "Estatuto da Igualdade Racial", None),
    ("13.257", 2016, "Marco Legal da Primeira Infância", None),
    ("13.431", 2017, None, None),  # escuta especializada de crianças vítimas de violência
    ("9.029", 1995, None, None),  # práticas discriminatórias na relação de trabalho
    ("9.790", 1999, "Lei das OSCIPs", None),
    ("9.637", 1998, "Lei das Organizações Sociais", None),
    ("9.608", 1998, "Lei do Voluntariado", None),
    ("13.204", 2015, None, None),  # altera o MROSC (Lei 13.019/2014)
    ("13.800", 2019, None, None),  # fundos patrimoniais
    # --- education
    ("14.113", 2020, "Lei do Fundeb", None),
    ("11.738", 2008, None, None),  # piso salarial do magistério
    ("13.005", 2014, "Plano Nacional de Educação", None),
    ("12.711", 2012, "Lei de Cotas", None),
    ("13.415", 2017, None, None),  # reforma do ensino médio
    ("14.945", 2024, None, None),  # Política Nacional de Ensino Médio
    ("12.796", 2013, None, None),  # altera a LDB
    ("10.639", 2003, None, None),  # história e cultura afro-brasileira
    ("11.645", 2008, None, None),  # história e cultura afro-brasileira e indígena
    ("14.533", 2023, "Política Nacional de Educação Digital", None),
    ("14.640", 2023, None, None),  # Programa Escola em Tempo Integral
    ("14.818", 2024, None, None),  # incentivo financeiro-educacional (Pé-de-Meia)
    ("10.880", 2004, None, None),  # PNATE: transporte escolar
    ("11.273", 2006, None, None),  # bolsas de formação de professores
    ("9.766", 1998, None, None),  # salário-educação
    ("14.172", 2021, None, None),  # conectividade para alunos e professores
    ("14.180", 2021, None, None),  # Política de Inovação Educação Conectada
    ("13.935", 2019, None, None),  # psicologia e serviço social na educação básica
    ("12.244", 2010, None, None),  # bibliotecas nas instituições de ensino
    ("13.185", 2015, None, None),  # combate à intimidação sistemática (bullying)
    ("14.811", 2024, None, None),  # proteção à criança contra a violência nas escolas
    ("11.091", 2005, None, None),  # carreira dos técnico-administrativos em educação
    ("12.772", 2012, None, None),  # carreiras do magistério federal
    ("11.892", 2008, None, None),  # Institutos Federais
    ("10.260", 2001, "Lei do FIES", None),
    ("11.096", 2005, "Lei do ProUni", None),
    ("9.870", 1999, None, None),  # anuidades escolares
    # --- environment, water, agriculture
    ("9.966", 2000, None, None),  # poluição por óleo em águas
    ("11.959", 2009, None, None),  # Política Nacional da Pesca e Aquicultura
    ("5.197", 1967, None, None),  # proteção à fauna
    ("12.114", 2009, None, None),  # Fundo Nacional sobre Mudança do Clima
    ("13.123", 2015, "Lei da Biodiversidade", None),
    ("11.105", 2005, "Lei de Biossegurança", None),
    ("7.661", 1988, None, None),  # Plano Nacional de Gerenciamento Costeiro
    ("10.650", 2003, None, None),  # acesso à informação ambiental
    ("11.284", 2006, None, None),  # gestão de florestas públicas
    ("6.902", 1981, None, None),  # estações ecológicas e áreas de proteção ambiental
    ("14.066", 2020, None, None),  # altera a Política Nacional de Segurança de Barragens
    ("9.984", 2000, None, None),  # ANA
    ("11.516", 2007, None, None),  # ICMBio
    ("7.735", 1989, None, None),  # IBAMA
    ("14.785", 2023, "Lei dos Agrotóxicos", None),
    ("8.723", 1993, None, None),  # redução de emissão de poluentes por veículos
    ("8.171", 1991, "Lei de Política Agrícola", None),
    ("12.188", 2010, None, None),  # Assistência Técnica e Extensão Rural (PNATER)
    ("10.711", 2003, None, None),  # Sistema Nacional de Sementes e Mudas
    ("11.265", 2006, None, None),  # comercialização de alimentos para lactentes
    ("10.674", 2003, None, None),  # advertência sobre glúten
    # --- energy, oil and gas
    ("9.991", 2000, None, None),  # P&D e eficiência energética das concessionárias
    ("9.478", 1997, "Lei do Petróleo", None),
    ("9.847", 1999, None, None),  # fiscalização do abastecimento de combustíveis
    ("13.576", 2017, "RenovaBio", None),
    ("14.993", 2024, "Lei do Combustível do Futuro", None),
    ("11.097", 2005, None, None),  # biodiesel na matriz energética
    ("10.438", 2002, None, None),  # PROINFA
    ("10.848", 2004, None, None),  # comercialização de energia elétrica
    ("10.847", 2004, None, None),  # EPE
    ("9.074", 1995, None, None),  # outorga e prorrogação de concessões
    ("12.783", 2013, None, None),  # concessões de energia elétrica
    ("14.134", 2021, "Nova Lei do Gás", None),
    ("12.212", 2010, None, None),  # Tarifa Social de Energia Elétrica
    # --- telecommunications
    ("9.998", 2000, None, None),  # FUST
    ("5.070", 1966, None, None),  # FISTEL
    ("13.116", 2015, "Lei Geral das Antenas", None),
    ("13.879", 2019, None, None),  # altera a Lei Geral de Telecomunicações
    ("14.109", 2020, None, None),  # altera a Lei do FUST
    ("4.117", 1962, "Código Brasileiro de Telecomunicações", None),
    # --- transport
    ("10.233", 2001, None, None),  # ANTT, ANTAQ e DNIT
    ("12.815", 2013, "Lei dos Portos", None),
    ("7.565", 1986, "Código Brasileiro de Aeronáutica", None),
    ("14.273", 2021, "Lei das Ferrovias", None),
    ("12.009", 2009, None, None),  # mototaxistas e motofretistas
    ("13.103", 2015, "Lei do Motorista", None),
    ("12.619", 2012, None, None),  # exercício da profissão de motorista
    ("13.281", 2016, None, None),  # altera o Código de Trânsito Brasileiro
    ("14.071", 2020, None, None),  # altera o Código de Trânsito Brasileiro
    ("11.442", 2007, None, None),  # transporte rodoviário de cargas
    ("10.209", 2001, None, None),  # vale-pedágio
    ("9.537", 1997, None, None),  # segurança do tráfego aquaviário (LESTA)
    ("9.432", 1997, None, None),  # ordenação do transporte aquaviário
    ("12.379", 2011, None, None),  # Sistema Nacional de Viação
    ("5.917", 1973, None, None),  # Plano Nacional de Viação
    # --- labour and outsourcing
    ("7.418", 1985, None, None),  # vale-transporte
    ("6.321", 1976, None, None),  # Programa de Alimentação do Trabalhador
    ("13.467", 2017, "Reforma Trabalhista", None),
    ("605", 1949, None, None),  # repouso semanal remunerado
    ("4.090", 1962, None, None),  # gratificação de Natal (13º salário)
    ("7.998", 1990, None, None),  # seguro-desemprego e FAT
    ("10.101", 2000, None, None),  # participação nos lucros ou resultados
    ("11.770", 2008, None, None),  # Programa Empresa Cidadã
    ("12.506", 2011, None, None),  # aviso prévio proporcional
    ("7.783", 1989, "Lei de Greve", None),
    ("5.889", 1973, None, None),  # trabalho rural
    ("12.740", 2012, None, None),  # periculosidade (vigilantes e eletricitários)
    ("12.997", 2014, None, None),  # periculosidade do trabalhador em motocicleta
    ("6.514", 1977, None, None),  # segurança e medicina do trabalho na CLT
    ("14.457", 2022, None, None),  # Programa Emprega + Mulheres
    ("14.611", 2023, None, None),  # igualdade salarial entre mulheres e homens
    ("12.440", 2011, None, None),  # Certidão Negativa de Débitos Trabalhistas
    ("8.027", 1990, None, None),  # normas de conduta dos servidores públicos
    ("9.962", 2000, None, None),  # emprego público
    # --- professions and their councils
    ("7.410", 1985, None, None),  # engenheiro e técnico de segurança do trabalho
    ("5.517", 1968, None, None),  # médico veterinário
    ("3.268", 1957, None, None),  # conselhos de medicina
    ("5.905", 1973, None, None),  # conselhos de enfermagem
    ("7.498", 1986, None, None),  # exercício da enfermagem
    ("3.820", 1960, None, None),  # conselhos de farmácia
    ("4.769", 1965, None, None),  # técnico de administração
    ("6.839", 1980, None, None),  # registro de empresas nas entidades fiscalizadoras
    ("12.514", 2011, None, None),  # contribuições aos conselhos profissionais
    ("8.662", 1993, None, None),  # assistente social
    ("4.119", 1962, None, None),  # psicólogo
    ("5.766", 1971, None, None),  # conselhos de psicologia
    ("6.316", 1975, None, None),  # conselhos de fisioterapia e terapia ocupacional
    ("8.234", 1991, None, None),  # nutricionista
    ("6.583", 1978, None, None),  # conselhos de nutricionistas
    ("12.842", 2013, "Lei do Ato Médico", None),
    ("5.081", 1966, None, None),  # odontologia
    ("4.324", 1964, None, None),  # conselhos de odontologia
    ("9.696", 1998, None, None),  # educação física
    ("6.530", 1978, None, None),  # corretor de imóveis
    ("4.886", 1965, None, None),  # representante comercial autônomo
    ("13.639", 2018, None, None),  # Conselho Federal dos Técnicos Industriais
    ("5.524", 1968, None, None),  # técnico industrial
    ("7.394", 1985, None, None),  # técnico em radiologia
    ("6.965", 1981, None, None),  # fonoaudiólogo
    ("3.857", 1960, None, None),  # Ordem dos Músicos do Brasil
    ("6.664", 1979, None, None),  # geógrafo
    ("4.076", 1962, None, None),  # geólogo
    ("8.906", 1994, "Estatuto da Advocacia", None),
    # --- public finance and tax
    ("8.443", 1992, "Lei Orgânica do TCU", None),
    ("10.180", 2001, None, None),  # sistemas de planejamento, orçamento e controle federal
    ("10.028", 2000, "Lei dos Crimes Fiscais", None),
    ("13.971", 2019, None, None),  # PPA 2020-2023
    ("14.802", 2024, None, None),  # PPA 2024-2027
    ("6.830", 1980, "Lei de Execução Fiscal", None),
    ("9.430", 1996, None, None),  # legislação tributária federal (retenções)
    ("10.833", 2003, None, None),  # Cofins não cumulativa; retenções na fonte
    ("10.637", 2002, None, None),  # PIS/Pasep não cumulativo
    ("9.718", 1998, None, None),  # PIS/Pasep e Cofins
    ("8.137", 1990, None, None),  # crimes contra a ordem tributária
    ("12.546", 2011, None, None),  # desoneração da folha
    ("14.784", 2023, None, None),  # prorroga a desoneração da folha
    ("7.713", 1988, None, None),  # imposto de renda
    ("9.250", 1995, None, None),  # imposto de renda das pessoas físicas
    ("9.249", 1995, None, None),  # imposto de renda das pessoas jurídicas
    ("6.404", 1976, "Lei das Sociedades por Ações", None),
    ("11.598", 2007, None, None),  # REDESIM
    ("11.101", 2005, "Lei de Falências e Recuperação de Empresas", None),
    # --- science, technology, innovation and informatics
    ("11.196", 2005, "Lei do Bem", None),
    ("8.248", 1991, "Lei de Informática", None),
    ("13.969", 2019, None, None),  # política industrial para o setor de TIC
    ("8.010", 1990, None, None),  # importações destinadas à pesquisa científica
    ("8.958", 1994, None, None),  # fundações de apoio
    # --- data, digital government, archives
    ("12.682", 2012, None, None),  # documentos em meio eletromagnético
    ("11.419", 2006, None, None),  # processo judicial eletrônico
    ("13.853", 2019, None, None),  # ANPD, altera a LGPD
    ("14.534", 2023, None, None),  # CPF como número único de identificação
    ("8.159", 1991, "Lei de Arquivos", None),
    # --- culture, sport, events
    ("8.313", 1991, "Lei Rouanet", None),
    ("8.685", 1993, "Lei do Audiovisual", None),
    ("14.017", 2020, "Lei Aldir Blanc", None),
    ("14.399", 2022, "Política Nacional Aldir Blanc", None),
    ("12.343", 2010, "Plano Nacional de Cultura", None),
    ("13.018", 2014, "Política Nacional de Cultura Viva", None),
    ("14.903", 2024, None, None),  # marco regulatório do fomento à cultura
    ("9.615", 1998, "Lei Pelé", None),
    ("14.597", 2023, "Lei Geral do Esporte", None),
    ("11.438", 2006, "Lei de Incentivo ao Esporte", None),
    # --- consumer, control, anticorruption, procedure
    ("10.962", 2004, None, None),  # afixação de preços
    ("12.741", 2012, None, None),  # tributos no documento fiscal
    ("12.813", 2013, "Lei de Conflito de Interesses", None),
    ("9.613", 1998, "Lei de Lavagem de Dinheiro", None),
    ("9.099", 1995, None, None),  # juizados especiais
    ("10.259", 2001, None, None),  # juizados especiais federais
    ("12.153", 2009, None, None),  # juizados especiais da Fazenda Pública
    ("13.140", 2015, "Lei de Mediação", None),
    ("9.307", 1996, "Lei de Arbitragem", None),
    ("9.265", 1996, None, None),  # gratuidade dos atos necessários ao exercício da cidadania
    ("13.726", 2018, None, None),  # racionalização de atos e procedimentos administrativos
    ("14.210", 2021, None, None),  # decisão coordenada
    ("12.349", 2010, None, None),  # margem de preferência na Lei 8.666/1993
    # --- public security
    ("13.675", 2018, None, None),  # Sistema Único de Segurança Pública
    ("10.201", 2001, None, None),  # Fundo Nacional de Segurança Pública
    ("13.756", 2018, None, None),  # Fundo Nacional de Segurança Pública
    ("13.022", 2014, "Estatuto Geral das Guardas Municipais", None),
    ("13.060", 2014, None, None),  # instrumentos de menor potencial ofensivo
    ("11.530", 2007, None, None),  # PRONASCI
    ("14.751", 2023, None, None),  # Lei Orgânica Nacional das Polícias Militares e Corpos de Bombeiros
    ("14.735", 2023, None, None),  # Lei Orgânica Nacional das Polícias Civis
    # --- organization of the federal executive, concessions and partnerships
    ("14.600", 2023, None, None),  # organização da Presidência e dos Ministérios
    ("13.334", 2016, None, None),  # Programa de Parcerias de Investimentos
    ("13.448", 2017, None, None),  # prorrogação e relicitação de parcerias
)

LEIS_COMPLEMENTARES: tuple[tuple[str, int, str | None, int | None], ...] = (
    ("14", 1973, None, None),  # regiões metropolitanas
    ("24", 1975, None, None),  # convênios de ICMS
    ("63", 1990, None, None),  # repasse do ICMS aos municípios
    ("73", 1993, "Lei Orgânica da AGU", None),
    ("75", 1993, "Lei Orgânica do MPU", None),
    ("80", 1994, "Lei Orgânica da Defensoria Pública", None),
    ("95", 1998, None, None),  # elaboração e redação das leis
    ("108", 2001, None, None),  # previdência complementar de entes públicos
    ("109", 2001, None, None),  # regime de previdência complementar
    ("110", 2001, None, None),  # contribuições sociais ao FGTS
    ("131", 2009, "Lei da Transparência", None),
    ("150", 2015, None, None),  # trabalho doméstico
    ("156", 2016, None, None),  # refinanciamento de dívidas dos estados
    ("157", 2016, None, None),  # altera a LC 116/2003 (ISS)
    ("159", 2017, None, None),  # Regime de Recuperação Fiscal
    ("167", 2019, None, None),  # Empresa Simples de Crédito; Inova Simples
    ("173", 2020, None, None),  # Programa Federativo de Enfrentamento à covid-19
    ("175", 2020, None, None),  # ISS: padrão nacional de obrigação acessória
    ("177", 2021, None, None),  # FNDCT
    ("178", 2021, None, None),  # Programa de Acompanhamento e Transparência Fiscal
    ("187", 2021, None, None),  # certificação das entidades beneficentes (CEBAS)
    ("192", 2022, None, None),  # ICMS monofásico sobre combustíveis
    ("194", 2022, None, None),  # essencialidade de combustíveis, energia e comunicações
    ("195", 2022, "Lei Paulo Gustavo", None),
    ("199", 2023, None, None),  # Estatuto Nacional de Simplificação de Obrigações Tributárias Acessórias
    ("200", 2023, "Regime Fiscal Sustentável", None),
    ("214", 2025, None, None),  # IBS, CBS e Imposto Seletivo
)

DECRETOS: tuple[tuple[str, int, int | None], ...] = (
    # --- regulation of Lei 14.133/2021 and federal procurement
    ("10.922", 2021, None),  # atualização dos valores da Lei 14.133/2021
    ("11.317", 2022, None),  # atualização dos valores da Lei 14.133/2021
    ("11.871", 2023, None),  # atualização dos valores da Lei 14.133/2021
    ("12.343", 2024, None),  # atualização dos valores da Lei 14.133/2021
    ("11.878", 2024, None),  # credenciamento (art. 79 da Lei 14.133/2021)
    ("11.890", 2024, None),  # margem de preferência (art. 26 da Lei 14.133/2021)
    ("11.461", 2023, None),  # leilão eletrônico (art. 31 da Lei 14.133/2021)
    ("7.581", 2011, None),  # regulamento do RDC
    ("9.412", 2018, None),  # atualização dos valores da Lei 8.666/1993
    ("3.555", 2000, None),  # pregão (presencial)
    ("9.488", 2018, None),  # altera o regulamento do SRP
    ("10.193", 2019, None),  # limites e instâncias de governança para contratações
    ("1.094", 1994, None),  # SISG
    ("5.992", 2006, None),  # diárias
    ("8.726", 2016, None),  # regulamento do MROSC
    ("93.872", 1986, None),  # unificação dos recursos de caixa do Tesouro
    ("6.017", 2007, None),  # consórcios públicos
    ("8.945", 2016, None),  # regulamento da Lei das Estatais
    ("10.411", 2020, None),  # análise de impacto regulatório
    ("9.283", 2018, None),  # regulamento do marco legal de ciência, tecnologia e inovação
    ("10.306", 2020, None),  # BIM nas obras e serviços de engenharia
    ("9.983", 2019, None),  # Estratégia BIM BR
    # --- sustainability, waste and environment
    ("9.178", 2017, None),  # altera o Decreto 7.746/2012
    ("2.783", 1998, None),  # substâncias que destroem a camada de ozônio
    ("4.131", 2002, None),  # redução do consumo de energia na Administração federal
    ("5.940", 2006, None),  # coleta seletiva solidária
    ("9.177", 2017, None),  # logística reversa: isonomia
    ("10.240", 2020, None),  # logística reversa de eletroeletrônicos
    ("10.388", 2020, None),  # logística reversa de medicamentos
    ("11.413", 2023, None),  # certificados de crédito de reciclagem
    ("11.043", 2022, None),  # Plano Nacional de Resíduos Sólidos
    ("6.514", 2008, None),  # infrações e sanções administrativas ao meio ambiente
    ("99.274", 1990, None),  # regulamento da Política Nacional do Meio Ambiente
    ("4.340", 2002, None),  # regulamento do SNUC
    ("6.660", 2008, None),  # regulamento da Lei da Mata Atlântica
    ("7.830", 2012, None),  # Cadastro Ambiental Rural
    ("4.074", 2002, None),  # regulamento da Lei de Agrotóxicos
    ("7.217", 2010, None),  # regulamento da Lei de Saneamento Básico
    ("10.593", 2020, None),  # Sistema Nacional de Proteção e Defesa Civil
    ("9.864", 2019, None),  # regulamento da Lei 10.295/2001 (eficiência energética)
    ("5.163", 2004, None),  # comercialização de energia elétrica
    # --- accessibility, social policy, health
    ("9.296", 2018, None),  # acessibilidade em meios de hospedagem
    ("3.298", 1999, None),  # Política Nacional para a Integração da Pessoa com Deficiência
    ("6.949", 2009, None),  # Convenção sobre os Direitos das Pessoas com Deficiência
    ("8.368", 2014, None),  # regulamento da Lei 12.764/2012 (autismo)
    ("5.626", 2005, None),  # regulamento da Lei de Libras
    ("7.612", 2011, None),  # Plano Viver sem Limite
    ("7.827", 2012, None),  # regulamento da LC 141/2012
    ("8.077", 2013, None),  # regularização de produtos sujeitos à vigilância sanitária
    ("1.232", 1994, None),  # repasses fundo a fundo da saúde
    ("3.964", 2001, None),  # Fundo Nacional de Saúde
    ("9.579", 2018, None),  # consolidação de atos sobre criança e adolescente
    ("11.016", 2022, None),  # Cadastro Único
    ("6.214", 2007, None),  # Benefício de Prestação Continuada
    ("7.053", 2009, None),  # Política Nacional para a População em Situação de Rua
    ("8.727", 2016, None),  # nome social
    ("7.272", 2010, None),  # regulamento do SISAN
    ("8.473", 2015, None),  # compras de alimentos da agricultura familiar
    ("11.453", 2023, None),  # fomento cultural
    # --- education
    ("10.656", 2021, None),  # regulamento do Fundeb
    ("9.235", 2017, None),  # regulação da educação superior
    ("7.234", 2010, None),  # PNAES
    ("6.286", 2007, None),  # Programa Saúde na Escola
    ("9.057", 2017, None),  # educação a distância
    ("7.611", 2011, None),  # educação especial
    ("6.094", 2007, None),  # Plano de Metas Compromisso Todos pela Educação
    ("9.099", 2017, None),  # PNLD
    # --- labour, personnel, ethics
    ("11.795", 2023, None),  # regulamento da Lei 14.611/2023 (igualdade salarial)
    ("10.854", 2021, None),  # regulamentação de normas trabalhistas infralegais
    ("10.088", 2019, None),  # consolidação das convenções da OIT
    ("8.373", 2014, None),  # eSocial
    ("3.048", 1999, None),  # Regulamento da Previdência Social
    ("10.410", 2020, None),  # altera o Regulamento da Previdência Social
    ("9.739", 2019, None),  # concursos públicos e fortalecimento institucional
    ("9.991", 2019, None),  # Política Nacional de Desenvolvimento de Pessoas
    ("1.171", 1994, None),  # Código de Ética do Servidor Público Civil
    ("6.029", 2007, None),  # Sistema de Gestão da Ética
    ("7.203", 2010, None),  # vedação do nepotismo
    ("11.529", 2023, None),  # Sistema de Integridade, Transparência e Acesso à Informação
    # --- digital government, information security, archives
    ("10.332", 2020, None),  # Estratégia de Governo Digital 2020-2022
    ("8.936", 2016, None),  # Plataforma de Cidadania Digital
    ("9.756", 2019, None),  # portal gov.br
    ("10.748", 2021, None),  # Rede Federal de Gestão de Incidentes Cibernéticos
    ("11.856", 2023, None),  # Política Nacional de Cibersegurança
    ("8.777", 2016, None),  # Política de Dados Abertos
    ("7.845", 2012, None),  # tratamento de informação classificada
    ("7.579", 2011, None),  # SISP
    ("10.474", 2020, None),  # estrutura da ANPD
    ("10.977", 2022, None),  # carteira de identidade
    ("10.278", 2020, None),  # digitalização de documentos
    ("4.073", 2002, None),  # regulamento da Lei de Arquivos
    ("9.319", 2018, None),  # Estratégia Brasileira para a Transformação Digital
    ("9.854", 2019, None),  # Plano Nacional de Internet das Coisas
    ("9.612", 2018, None),  # políticas públicas de telecomunicações
    ("7.175", 2010, None),  # Programa Nacional de Banda Larga
    # --- security and tax
    ("9.489", 2018, None),  # regulamento do Sistema Único de Segurança Pública
    ("11.615", 2023, None),  # armas de fogo (Estatuto do Desarmamento)
    ("9.580", 2018, None),  # Regulamento do Imposto sobre a Renda
)

DECRETOS_LEI: tuple[tuple[str, int, str | None, int | None], ...] = (
    ("5.452", 1943, "CLT", None),
    ("3.689", 1941, "Código de Processo Penal", None),
    ("3.365", 1941, "Lei de Desapropriações", None),
    ("9.760", 1946, None, None),  # bens imóveis da União
    ("9.295", 1946, None, None),  # Conselho Federal de Contabilidade
    ("73", 1966, None, None),  # Sistema Nacional de Seguros Privados
    ("227", 1967, "Código de Mineração", None),
    ("271", 1967, None, None),  # loteamento urbano e concessão de uso
    ("986", 1969, None, None),  # normas básicas sobre alimentos
    ("1.413", 1975, None, None),  # controle da poluição industrial
    ("1.598", 1977, None, None),  # imposto de renda
)

INSTRUCOES_NORMATIVAS: tuple[tuple[str, str, int], ...] = (
    ("SEGES/ME", "73", 2020),  # pesquisa de preços (contratações da Lei 8.666/1993)
    ("SEGES/ME", "91", 2022),  # valor estimado de obras e serviços de engenharia
    ("SEGES/ME", "98", 2022),  # execução indireta de serviços na Lei 14.133/2021
    ("SEGES/ME", "116", 2021),  # participação de pessoa física nas contratações
    ("SEGES/ME", "206", 2019),  # pregão eletrônico nas transferências voluntárias
    ("SEGES/MGI", "2", 2023),  # técnica e preço
    ("SLTI/MP", "2", 2014),  # aquisição de equipamentos consumidores de energia (ENCE)
    ("GSI/PR", "3", 2021),  # processos de gestão da segurança da informação
    ("GSI/PR", "5", 2021),  # segurança da informação em computação em nuvem
    ("RFB", "2.110", 2022),  # contribuições previdenciárias (retenção de 11 %)
    ("RFB", "1.700", 2017),  # IRPJ e CSLL
    ("RFB", "1.863", 2018),  # CNPJ
    ("RFB", "1.548", 2015),  # CPF
    ("RFB", "1.911", 2019),  # PIS/Pasep e Cofins
    ("IBAMA", "6", 2013),  # Cadastro Técnico Federal
    ("IBAMA", "13", 2021),  # Cadastro Técnico Federal
    ("PRES/INSS", "128", 2022),  # benefícios previdenciários
    ("TCU", "84", 2020),  # prestação de contas
    ("TCU", "71", 2012),  # tomada de contas especial
)

PORTARIAS: tuple[tuple[str, str, int], ...] = (
    # --- health
    ("GM/MS", "2.048", 2002),  # sistemas estaduais de urgência e emergência
    ("GM/MS", "1.600", 2011),  # Rede de Atenção às Urgências
    ("GM/MS", "2.436", 2017),  # Política Nacional de Atenção Básica
    ("GM/MS", "1", 2017),  # Portaria de Consolidação nº 1
    ("GM/MS", "2", 2017),  # Portaria de Consolidação nº 2
    ("GM/MS", "3", 2017),  # Portaria de Consolidação nº 3
    ("GM/MS", "4", 2017),  # Portaria de Consolidação nº 4
    ("GM/MS", "5", 2017),  # Portaria de Consolidação nº 5
    ("GM/MS", "6", 2017),  # Portaria de Consolidação nº 6
    ("GM/MS", "1.820", 2009),  # direitos e deveres dos usuários da saúde
    ("GM/MS", "529", 2013),  # Programa Nacional de Segurança do Paciente
    ("GM/MS", "4.279", 2010),  # Rede de Atenção à Saúde
    ("GM/MS", "3.088", 2011),  # Rede de Atenção Psicossocial
    ("GM/MS", "1.459", 2011),  # Rede Cegonha
    ("GM/MS", "793", 2012),  # Rede de Cuidados à Pessoa com Deficiência
    ("GM/MS", "888", 2021),  # potabilidade da água
    ("GM/MS", "1.631", 2015),  # parâmetros de programação assistencial
    ("GM/MS", "3.390", 2013),  # Política Nacional de Atenção Hospitalar
    ("GM/MS", "2.979", 2019),  # Previne Brasil
    ("GM/MS", "1.010", 2012),  # SAMU 192
    ("GM/MS", "1.601", 2011),  # UPA 24h
    ("GM/MS", "10", 2017),  # UPA 24h
    ("GM/MS", "2.446", 2014),  # Política Nacional de Promoção da Saúde
    ("GM/MS", "1.377", 2013),  # protocolos de segurança do paciente
    ("GM/MS", "2.095", 2013),  # protocolos de segurança do paciente
    ("GM/MS", "3.916", 1998),  # Política Nacional de Medicamentos
    ("GM/MS", "204", 2016),  # notificação compulsória
    ("GM/MS", "2.616", 1998),  # controle de infecção hospitalar
    ("GM/MS", "1.559", 2008),  # Política Nacional de Regulação do SUS
    ("GM/MS", "1.996", 2007),  # Política Nacional de Educação Permanente em Saúde
    ("GM/MS", "2.135", 2013),  # planejamento no SUS
    ("GM/MS", "3.992", 2017),  # blocos de financiamento do SUS
    ("GM/MS", "2.203", 1996),  # NOB-SUS 01/96
    ("SVS/MS", "344", 1998),  # substâncias sujeitas a controle especial
    # --- labour: regulatory norms (NR)
    ("MTb", "3.214", 1978),  # Normas Regulamentadoras
    ("MTE", "485", 2005),  # NR-32
    ("MTE", "598", 2004),  # NR-10
    ("MTE", "1.510", 2009),  # registro eletrônico de ponto
    ("MTE", "1.565", 2014),  # periculosidade em motocicleta (NR-16)
    ("MTE", "1.885", 2013),  # periculosidade de vigilantes (NR-16)
    ("SIT", "313", 2012),  # NR-35
    ("SIT", "202", 2006),  # NR-33
    ("MTP", "671", 2021),  # consolidação das portarias trabalhistas
    # --- federal administration, budget and transfers
    ("MP", "409", 2016),  # garantias ao trabalhador na execução indireta (conta vinculada)
    ("MP", "443", 2018),  # serviços preferencialmente executados de forma indireta
    ("SGD/ME", "778", 2019),  # governança de TIC nos órgãos do SISP
    ("MP/MF/CGU", "424", 2016),  # convênios e contratos de repasse
    ("STN", "448", 2002),  # natureza de despesa (material de consumo e permanente)
    ("STN/SOF", "163", 2001),  # classificação da despesa
    ("MOG", "42", 1999),  # classificação funcional
)

RESOLUCOES: tuple[tuple[str, str, int], ...] = (
    # --- CONAMA
    ("CONAMA", "1", 1990),  # ruído
    ("CONAMA", "2", 1990),  # Programa Silêncio
    ("CONAMA", "5", 1989),  # PRONAR
    ("CONAMA", "5", 1993),  # resíduos de portos, aeroportos e serviços de saúde
    ("CONAMA", "6", 1986),  # publicação de pedidos de licenciamento
    ("CONAMA", "8", 1990),  # emissões de fontes fixas (combustão externa)
    ("CONAMA", "9", 1987),  # audiências públicas
    ("CONAMA", "18", 1986),  # PROCONVE
    ("CONAMA", "264", 1999),  # coprocessamento de resíduos
    ("CONAMA", "273", 2000),  # postos de combustíveis
    ("CONAMA", "274", 2000),  # balneabilidade
    ("CONAMA", "279", 2001),  # licenciamento simplificado de empreendimentos elétricos
    ("CONAMA", "297", 2002),  # emissões de motocicletas
    ("CONAMA", "302", 2002),  # APP de reservatórios artificiais
    ("CONAMA", "303", 2002),  # áreas de preservação permanente
    ("CONAMA", "306", 2002),  # auditorias ambientais
    ("CONAMA", "314", 2002),  # remediadores
    ("CONAMA", "316", 2002),  # tratamento térmico de resíduos
    ("CONAMA", "319", 2002),  # altera a Resolução 273/2000
    ("CONAMA", "335", 2003),  # cemitérios
    ("CONAMA", "368", 2006),  # altera a Resolução 335/2003
    ("CONAMA", "369", 2006),  # intervenção em APP
    ("CONAMA", "371", 2006),  # compensação ambiental
    ("CONAMA", "377", 2006),  # licenciamento simplificado de saneamento
    ("CONAMA", "396", 2008),  # águas subterrâneas
    ("CONAMA", "397", 2008),  # altera a Resolução 357/2005
    ("CONAMA", "402", 2008),  # cemitérios
    ("CONAMA", "403", 2008),  # PROCONVE fase P-7
    ("CONAMA", "404", 2008),  # aterros sanitários de pequeno porte
    ("CONAMA", "410", 2009),  # prazo da Resolução 357/2005
    ("CONAMA", "412", 2009),  # licenciamento de habitação de interesse social
    ("CONAMA", "413", 2009),  # licenciamento da aquicultura
    ("CONAMA", "415", 2009),  # PROCONVE fase L-6
    ("CONAMA", "418", 2009),  # inspeção veicular
    ("CONAMA", "420", 2009),  # qualidade do solo e áreas contaminadas
    ("CONAMA", "422", 2010),  # campanhas de educação ambiental
    ("CONAMA", "428", 2010),  # licenciamento que afete unidade de conservação
    ("CONAMA", "429", 2011),  # recuperação de APP
    ("CONAMA", "436", 2011),  # emissões de fontes fixas anteriores a 2007
    ("CONAMA", "450", 2012),  # altera a Resolução 362/2005
    ("CONAMA", "452", 2012),  # controle de importação de resíduos
    ("CONAMA", "454", 2012),  # material dragado
    ("CONAMA", "462", 2014),  # licenciamento de energia eólica
    ("CONAMA", "465", 2014),  # embalagens de agrotóxicos
    ("CONAMA", "481", 2017),  # compostagem
    ("CONAMA", "490", 2018),  # PROCONVE fase P-8
    ("CONAMA", "492", 2018),  # PROCONVE fases L-7 e L-8
    ("CONAMA", "498", 2020),  # biossólidos
    # --- ANVISA (RDC)
    ("ANVISA", "302", 2005),  # laboratórios clínicos
    ("ANVISA", "751", 2022),  # regularização de dispositivos médicos
    ("ANVISA", "11", 2014),  # serviços de diálise
    ("ANVISA", "7", 2010),  # UTI
    ("ANVISA", "26", 2012),  # altera a RDC 7/2010
    ("ANVISA", "67", 2007),  # farmácias de manipulação
    ("ANVISA", "44", 2009),  # boas práticas farmacêuticas em farmácias e drogarias
    ("ANVISA", "301", 2019),  # boas práticas de fabricação de medicamentos
    ("ANVISA", "658", 2022),  # boas práticas de fabricação de medicamentos
    ("ANVISA", "430", 2020),  # distribuição, armazenagem e transporte de medicamentos
    ("ANVISA", "6", 2012),  # unidades de processamento de roupas de serviços de saúde
    ("ANVISA", "42", 2010),  # preparação alcoólica para fricção antisséptica das mãos
    ("ANVISA", "2", 2010),  # gerenciamento de tecnologias em saúde
    ("ANVISA", "20", 2011),  # controle de antimicrobianos
    ("ANVISA", "471", 2021),  # controle de antimicrobianos
    ("ANVISA", "36", 2008),  # atenção obstétrica e neonatal
    ("ANVISA", "189", 2003),  # análise de projetos físicos de EAS
    ("ANVISA", "307", 2002),  # altera a RDC 50/2002
    ("ANVISA", "330", 2019),  # radiologia diagnóstica ou intervencionista
    ("ANVISA", "611", 2022),  # radiologia diagnóstica ou intervencionista
    ("ANVISA", "34", 2014),  # boas práticas no ciclo do sangue
    ("ANVISA", "59", 2010),  # registro de saneantes
    ("ANVISA", "24", 2015),  # recolhimento de alimentos
    ("ANVISA", "14", 2014),  # matérias estranhas em alimentos
    ("ANVISA", "197", 2017),  # serviços de vacinação
    ("ANVISA", "220", 2004),  # terapia antineoplásica
    ("ANVISA", "29", 2011),  # comunidades terapêuticas
    ("ANVISA", "283", 2005),  # instituições de longa permanência para idosos
    ("ANVISA", "502", 2021),  # instituições de longa permanência para idosos
    ("ANVISA", "81", 2008),  # importação de bens e produtos
    ("ANVISA", "546", 2021),  # requisitos essenciais de segurança de dispositivos médicos
    ("ANVISA", "36", 2015),  # dispositivos para diagnóstico in vitro
    ("ANVISA", "830", 2023),  # dispositivos para diagnóstico in vitro
    ("ANVISA", "67", 2009),  # tecnovigilância
    ("ANVISA", "200", 2017),  # registro de medicamentos
    ("ANVISA", "47", 2009),  # bulas de medicamentos
    ("ANVISA", "71", 2009),  # rotulagem de medicamentos
    # --- CNJ
    ("CNJ", "325", 2020),  # Estratégia Nacional do Poder Judiciário 2021-2026
    ("CNJ", "114", 2010),  # obras no Poder Judiciário
    ("CNJ", "102", 2009),  # transparência de gestão orçamentária e de pessoal
    ("CNJ", "215", 2015),  # acesso à informação no Judiciário
    ("CNJ", "308", 2020),  # auditoria interna no Judiciário
    ("CNJ", "335", 2020),  # PDPJ-Br
    ("CNJ", "345", 2020),  # Juízo 100% Digital
    ("CNJ", "185", 2013),  # PJe
    ("CNJ", "363", 2021),  # LGPD nos tribunais
    ("CNJ", "332", 2020),  # inteligência artificial no Judiciário
    ("CNJ", "615", 2025),  # inteligência artificial no Judiciário
    ("CNJ", "240", 2016),  # Política Nacional de Gestão de Pessoas
    ("CNJ", "227", 2016),  # teletrabalho
    ("CNJ", "219", 2016),  # distribuição de servidores e orçamento (1º grau)
    ("CNJ", "194", 2014),  # priorização do primeiro grau
    ("CNJ", "125", 2010),  # tratamento adequado dos conflitos (conciliação)
    ("CNJ", "7", 2005),  # nepotismo
    ("CNJ", "156", 2012),  # vedação de nomeação (ficha limpa)
    ("CNJ", "169", 2013),  # retenção de encargos trabalhistas (conta vinculada)
    ("CNJ", "83", 2009),  # veículos oficiais
    ("CNJ", "291", 2019),  # segurança institucional
    ("CNJ", "344", 2020),  # polícia judicial
    ("CNJ", "65", 2008),  # numeração única de processos
    ("CNJ", "46", 2007),  # tabelas processuais unificadas
    # --- CONTRAN, ANP, ANATEL, ANEEL, ANTT, ANS
    ("CONTRAN", "789", 2020),  # formação de condutores
    ("CONTRAN", "798", 2020),  # fiscalização de velocidade
    ("ANP", "50", 2013),  # óleo diesel de uso rodoviário
    ("ANP", "807", 2020),  # gasolina
    ("ANP", "19", 2015),  # etanol combustível
    ("ANP", "45", 2014),  # biodiesel
    ("ANP", "41", 2013),  # revenda varejista de combustíveis
    ("ANATEL", "73", 1998),  # Regulamento dos Serviços de Telecomunicações
    ("ANATEL", "614", 2013),  # Serviço de Comunicação Multimídia
    ("ANATEL", "632", 2014),  # Regulamento Geral de Direitos do Consumidor
    ("ANATEL", "715", 2019),  # avaliação da conformidade e homologação
    ("ANATEL", "680", 2017),  # equipamentos de radiocomunicação de radiação restrita
    ("ANEEL", "1.000", 2021),  # direitos e deveres do consumidor de energia
    ("ANEEL", "482", 2012),  # micro e minigeração distribuída
    ("ANEEL", "687", 2015),  # altera a Resolução 482/2012
    ("ANEEL", "1.059", 2023),  # micro e minigeração distribuída
    ("ANEEL", "733", 2016),  # tarifa branca
    ("ANTT", "5.232", 2016),  # transporte rodoviário de produtos perigosos
    ("ANS", "465", 2021),  # rol de procedimentos e eventos em saúde
    ("ANS", "259", 2011),  # garantia de atendimento
    # --- professional councils
    ("CONFEA", "1.010", 2005),  # atribuições profissionais
    ("CONFEA", "1.002", 2002),  # Código de Ética Profissional
    ("CONFEA", "1.048", 2013),  # áreas de atuação e atribuições
    ("CONFEA", "1.116", 2019),  # obras e serviços de engenharia como serviços técnicos
    ("CONFEA", "1.121", 2019),  # registro de pessoas jurídicas
    ("CONFEA", "1.137", 2023),  # ART e acervo técnico
    ("CAU/BR", "21", 2012),  # atividades e atribuições do arquiteto e urbanista
    ("CAU/BR", "51", 2013),  # áreas de atuação privativas
    ("CAU/BR", "52", 2013),  # Código de Ética e Disciplina
    ("CAU/BR", "67", 2013),  # direitos autorais na arquitetura
    ("CAU/BR", "28", 2012),  # registro de pessoas jurídicas
    ("CFM", "2.217", 2018),  # Código de Ética Médica
    ("CFM", "2.314", 2022),  # telemedicina
    ("CFM", "1.638", 2002),  # prontuário médico
    ("CFM", "1.821", 2007),  # prontuário eletrônico
    ("CFM", "2.077", 2014),  # serviços hospitalares de urgência e emergência
    ("CFM", "2.079", 2014),  # UPA
    ("CFM", "2.110", 2014),  # atendimento pré-hospitalar móvel
    ("COFEN", "358", 2009),  # sistematização da assistência de enfermagem
    ("COFEN", "564", 2017),  # Código de Ética dos Profissionais de Enfermagem
    # --- education, social assistance, health councils
    ("CNE/CP", "2", 2017),  # BNCC
    ("CNE/CP", "4", 2018),  # BNCC do ensino médio
    ("CNE/CEB", "4", 2010),  # diretrizes curriculares gerais da educação básica
    ("CNAS", "109", 2009),  # Tipificação Nacional de Serviços Socioassistenciais
    ("CNAS", "33", 2012),  # NOB/SUAS
    ("CNS", "466", 2012),  # pesquisa com seres humanos
    ("CNS", "510", 2016),  # pesquisa em ciências humanas e sociais
    ("CNS", "453", 2012),  # conselhos de saúde
)

ACORDAOS_TCU: tuple[tuple[str, int, str], ...] = (
    ("2.369", 2011, "Plenário"),  # BDI referencial de obras
    ("1.487", 2007, "Plenário"),  # adesão a ata de registro de preços ("carona")
    ("1.603", 2008, "Plenário"),  # levantamento de governança de TI
    ("2.308", 2010, "Plenário"),  # levantamento de governança de TI
    ("2.585", 2012, "Plenário"),  # levantamento de governança de TI
    ("2.622", 2015, "Plenário"),  # governança e gestão das aquisições
    ("588", 2018, "Plenário"),  # levantamento integrado de governança
)

ABNT_NBR: tuple[str, ...] = (
    "15800",  # vestuário — referenciais de medidas do corpo humano (bebê e infantojuvenil)
    "13377",  # medidas do corpo humano para vestuário — padrões referenciais
    # geotechnics and foundations
    "11682",  # estabilidade de encostas
    "5629",  # tirantes ancorados no terreno
    "6502",  # solos e rochas: terminologia
    "8044",  # projeto geotécnico
    "6497",  # levantamento geotécnico
    "7181",  # análise granulométrica
    "6459",  # limite de liquidez
    "7180",  # limite de plasticidade
    "7182",  # ensaio de compactação
    "9895",  # índice de suporte Califórnia
    "9603",  # sondagem a trado
    "9604",  # abertura de poço e trincheira de inspeção
    "9820",  # amostras indeformadas
    "6489",  # prova de carga em fundação direta
    "12131",  # prova de carga estática em estacas
    "13208",  # ensaio de carregamento dinâmico em estacas
    "9061",  # segurança de escavação a céu aberto
    # concrete, steel and structures
    "15696",  # fôrmas e escoramentos
    "7212",  # concreto dosado em central
    "5738",  # moldagem de corpos de prova
    "5739",  # ensaio de compressão de corpos de prova
    "16889",  # abatimento do tronco de cone
    "12654",  # controle tecnológico dos materiais do concreto
    "7481",  # tela de aço soldada
    "14762",  # perfis formados a frio
    "14323",  # estruturas de aço em situação de incêndio
    "15200",  # estruturas de concreto em situação de incêndio
    "9062",  # concreto pré-moldado
    "15812",  # alvenaria estrutural de blocos cerâmicos
    "15873",  # coordenação modular
    "16055",  # parede de concreto moldada no local
    "16697",  # cimento Portland
    "15421",  # estruturas resistentes a sismos
    "7187",  # pontes de concreto
    "7188",  # cargas móveis em pontes
    "9452",  # inspeção de pontes e viadutos
    # coatings, waterproofing, roofing, doors, glass, drywall
    "13754",  # revestimento interno com placas cerâmicas
    "13528",  # aderência de revestimentos de argamassa
    "13529",  # revestimento de argamassas inorgânicas: terminologia
    "13281",  # argamassa para assentamento e revestimento
    "13816",  # placas cerâmicas: terminologia
    "13817",  # placas cerâmicas: classificação
    "9952",  # manta asfáltica
    "15210",  # telha ondulada de fibrocimento
    "7196",  # coberturas de fibrocimento
    "15310",  # telhas cerâmicas
    "15930",  # portas de madeira
    "14698",  # vidro temperado
    "14697",  # vidro laminado
    "14715",  # chapas de gesso para drywall
    # accessibility and passenger transport
    "15250",  # acessibilidade em caixa de autoatendimento
    "15290",  # acessibilidade na comunicação na televisão
    "15450",  # acessibilidade no transporte aquaviário
    "14273",  # acessibilidade no transporte aéreo
    "15320",  # acessibilidade no transporte rodoviário
    "15646",  # plataforma elevatória veicular
    "15570",  # veículos para transporte coletivo urbano
    "14970",  # acessibilidade em veículos automotores
    "15655",  # plataforma de elevação motorizada
    # electrical, lighting, solar
    "5361",  # disjuntores de baixa tensão
    "5356",  # transformadores de potência
    "5440",  # transformadores para redes aéreas
    "5422",  # linhas aéreas de transmissão
    "15749",  # medição de resistência de aterramento
    "15751",  # aterramento de subestações
    "7117",  # resistividade do solo
    "13570",  # instalações elétricas em locais de afluência de público
    "13534",  # instalações elétricas em estabelecimentos de saúde
    "15688",  # redes de distribuição aérea
    "16612",  # cabos para sistemas fotovoltaicos
    "16384",  # segurança em eletricidade
    "5456",  # eletricidade geral: terminologia
    "5460",  # sistemas elétricos de potência
    "14306",  # proteção elétrica em redes internas de telecomunicações
    "15204",  # nobreak
    "15129",  # luminárias para iluminação pública
    "10898",  # iluminação de emergência
    "15215",  # iluminação natural
    "10899",  # energia solar fotovoltaica: terminologia
    "16150",  # interface de conexão fotovoltaica: ensaio
    "15569",  # aquecimento solar de água
    # HVAC, gas, elevators, acoustics
    "14518",  # ventilação de cozinhas profissionais
    "15848",  # qualidade do ar interior em sistemas de ar-condicionado
    "15358",  # rede interna de gás em uso não residencial
    "13103",  # instalação de aparelhos a gás
    "5665",  # tráfego nos elevadores
    "12179",  # tratamento acústico em recintos fechados
    # fire safety
    "11742",  # porta corta-fogo
    "11785",  # barra antipânico
    "14100",  # símbolos gráficos de proteção contra incêndio
    "16820",  # sinalização de emergência
    "14880",  # escadas de segurança pressurizadas
    "15809",  # extintores sobre rodas
    "12779",  # inspeção de mangueiras de incêndio
    "11861",  # mangueira de incêndio
    "14023",  # registro de atividades de bombeiros
    "14608",  # bombeiro civil
    "5667",  # hidrantes urbanos
    "13231",  # proteção contra incêndio em subestações
    "17505",  # armazenamento de líquidos inflamáveis
    "13786",  # postos de serviço: equipamentos de instalações subterrâneas
    # plumbing, water and sewage
    "5648",  # tubos de PVC soldável para água fria
    "5688",  # tubos de PVC para esgoto e águas pluviais prediais
    "15097",  # aparelhos sanitários cerâmicos
    "13206",  # tubo de cobre
    "12208",  # estações elevatórias de esgoto
    "12209",  # estações de tratamento de esgoto
    "12207",  # interceptores de esgoto
    "12212",  # poço tubular
    "12214",  # bombeamento de água para abastecimento
    "12215",  # adutoras
    "12216",  # estações de tratamento de água
    "12217",  # reservatórios de distribuição de água
    "9648",  # concepção de sistemas de esgoto
    "9649",  # redes coletoras de esgoto
    "12266",  # valas para tubulações
    "9650",  # estanqueidade de adutoras e redes de água
    "9822",  # assentamento de tubulações de PVC
    "7362",  # tubos de PVC para esgoto
    "7367",  # assentamento de tubulações de PVC para esgoto
    "8890",  # tubos de concreto para águas pluviais e esgoto
    "15645",  # obras com tubos e aduelas de concreto
    "15396",  # aduelas de concreto
    # surveying, roads and traffic
    "13133",  # levantamento topográfico
    "14166",  # rede de referência cadastral municipal
    "7207",  # pavimentação: terminologia
    "15953",  # pavimento intertravado
    "14644",  # películas de sinalização vertical
    "14891",  # placas de sinalização vertical
    "6971",  # defensas metálicas
    "15486",  # dispositivos de contenção viária
    # works management, appraisal, safety on site, maintenance
    "12722",  # discriminação de serviços para construção de edifícios
    "5671",  # participação dos intervenientes em obras
    "13752",  # perícias de engenharia
    "16747",  # inspeção predial
    "12284",  # áreas de vivência em canteiros
    "7678",  # segurança na execução de obras
    "6494",  # segurança nos andaimes
    "14280",  # cadastro de acidente do trabalho
    "15247",  # salas-cofre
    "16071",  # playgrounds
    "15965",  # classificação da informação da construção (BIM)
    "16001",  # responsabilidade social
    # technical drawing
    "6492",  # representação de projetos de arquitetura
    "16752",  # folhas de desenho técnico
    "8196",  # escalas em desenho técnico
    "10068",  # leiaute da folha de desenho
    "10126",  # cotagem
    "8403",  # linhas em desenhos técnicos
    "10067",  # princípios de representação em desenho técnico
    # waste and hazardous products
    "10005",  # lixiviação de resíduos
    "10006",  # solubilização de resíduos
    "10007",  # amostragem de resíduos
    "9191",  # sacos plásticos para lixo
    "12807",  # resíduos de serviços de saúde: terminologia
    "12808",  # resíduos de serviços de saúde: classificação
    "13463",  # coleta de resíduos sólidos
    "13896",  # aterros de resíduos não perigosos
    "8419",  # projetos de aterros sanitários
    "8849",  # aterros controlados
    "10157",  # aterros de resíduos perigosos
    "15849",  # aterros sanitários de pequeno porte
    "13591",  # compostagem
    "7503",  # ficha de emergência para transporte de produtos perigosos
    "14619",  # incompatibilidade química no transporte
    "9735",  # equipamentos para emergências no transporte de produtos perigosos
    "13853",  # coletores de perfurocortantes
    "16725",  # ficha com dados de segurança de resíduos (FDSR)
    # health and emergency vehicles
    "12188",  # suprimento centralizado de gases medicinais
    "14561",  # veículos para atendimento a emergências médicas
    # documentation
    "6022",  # artigo em publicação periódica
    "6024",  # numeração progressiva
    "6027",  # sumário
    "6028",  # resumo
    "6029",  # livros e folhetos
    "6032",  # abreviação de títulos de periódicos
    "6033",  # ordem alfabética
    "6034",  # índice
    "10719",  # relatório técnico e científico
    "15287",  # projeto de pesquisa
    "12225",  # lombada
    "15437",  # pôsteres técnicos e científicos
)

ISO_IEC: tuple[tuple[str, str], ...] = (
    ("ISO", "9000"),  # sistemas de gestão da qualidade: fundamentos
    ("ISO", "14004"),  # sistemas de gestão ambiental: diretrizes
    ("ISO", "13485"),  # dispositivos médicos: gestão da qualidade
    ("ISO", "14971"),  # dispositivos médicos: gestão de risco
    ("ISO", "15189"),  # laboratórios clínicos
    ("ISO", "17020"),  # organismos de inspeção
    ("ISO", "17065"),  # certificação de produtos
    ("ISO", "17021"),  # certificação de sistemas de gestão
    ("ISO", "17024"),  # certificação de pessoas
    ("ISO", "31010"),  # técnicas de avaliação de riscos
    ("ISO", "27000"),  # segurança da informação: visão geral e vocabulário
    ("ISO", "27014"),  # governança da segurança da informação
    ("ISO", "27035"),  # gestão de incidentes de segurança da informação
    ("ISO", "15489"),  # gestão de documentos de arquivo
    ("ISO", "10006"),  # qualidade em projetos
    ("ISO", "10015"),  # gestão de competências e treinamento
    ("ISO", "14044"),  # avaliação do ciclo de vida: requisitos
    ("ISO", "14025"),  # declarações ambientais tipo III
    ("ISO", "14063"),  # comunicação ambiental
    ("ISO", "20400"),  # compras sustentáveis
    ("ISO", "37120"),  # indicadores para cidades sustentáveis
    ("ISO", "12100"),  # segurança de máquinas
    ("ISO", "9241"),  # ergonomia da interação humano-sistema
    ("ISO", "10993"),  # avaliação biológica de dispositivos médicos
    ("ISO", "7886"),  # seringas hipodérmicas
    ("ISO", "7864"),  # agulhas hipodérmicas
    ("IEC", "60079"),  # atmosferas explosivas
    ("IEC", "61000"),  # compatibilidade eletromagnética
)

REVOKED: tuple[tuple[str, str | None, str, int, str], ...] = (
    # --- leis and decretos-leis
    ("lei", None, "11.494", 2007, "Lei 14.113/2020"),  # Fundeb (2007-2020)
    ("lei", None, "7.802", 1989, "Lei 14.785/2023"),  # agrotóxicos
    ("lei", None, "4.771", 1965, "Lei 12.651/2012"),  # Código Florestal de 1965
    ("lei", None, "11.909", 2009, "Lei 14.134/2021"),  # Lei do Gás de 2009
    ("lei", None, "7.369", 1985, "Lei 12.740/2012"),  # periculosidade dos eletricitários
    ("lei", None, "12.101", 2009, "Lei Complementar 187/2021"),  # CEBAS
    ("lei", None, "5.869", 1973, "Lei 13.105/2015"),  # Código de Processo Civil de 1973
    ("lei", None, "13.989", 2020, "Lei 14.510/2022"),  # telemedicina na pandemia
    ("lei", None, "9.317", 1996, "Lei Complementar 123/2006"),  # SIMPLES
    ("lei", None, "9.841", 1999, "Lei Complementar 123/2006"),  # Estatuto da Microempresa de 1999
    ("lei", None, "13.502", 2017, "Lei 13.844/2019"),  # organização dos Ministérios
    ("lei", None, "13.844", 2019, "Lei 14.600/2023"),  # organização dos Ministérios
    ("decreto_lei", None, "7.661", 1945, "Lei 11.101/2005"),  # Lei de Falências de 1945
    # --- decretos
    ("decreto", None, "5.504", 2005, "Decreto 10.024/2019"),  # pregão em transferências voluntárias
    ("decreto", None, "3.931", 2001, "Decreto 7.892/2013"),  # registro de preços
    ("decreto", None, "2.271", 1997, "Decreto 9.507/2018"),  # execução indireta
    ("decreto", None, "6.204", 2007, "Decreto 8.538/2015"),  # tratamento favorecido a ME/EPP
    ("decreto", None, "8.638", 2016, "Decreto 10.332/2020"),  # Política de Governança Digital
    ("decreto", None, "9.377", 2018, "Decreto 9.983/2019"),  # Estratégia BIM BR de 2018
    ("decreto", None, "95.247", 1987, "Decreto 10.854/2021"),  # vale-transporte
    ("decreto", None, "6.170", 2007, "Decreto 11.531/2023"),  # convênios
    ("decreto", None, "5.563", 2005, "Decreto 9.283/2018"),  # regulamento da Lei de Inovação
    ("decreto", None, "6.932", 2009, "Decreto 9.094/2017"),  # simplificação do atendimento
    ("decreto", None, "6.135", 2007, "Decreto 11.016/2022"),  # Cadastro Único
    ("decreto", None, "9.847", 2019, "Decreto 11.615/2023"),  # armas de fogo
    ("decreto", None, "3.000", 1999, "Decreto 9.580/2018"),  # Regulamento do Imposto de Renda de 1999
    ("decreto", None, "8.789", 2016, "Decreto 10.046/2019"),  # compartilhamento de bases de dados
    ("decreto", None, "3.505", 2000, "Decreto 9.637/2018"),  # política de segurança da informação
    # --- instruções normativas
    ("in", "SLTI/MP", "2", 2010, "IN SEGES/MP 3/2018"),  # SICAF
    ("in", "SLTI/MP", "4", 2010, "IN SLTI/MP 4/2014"),  # contratações de TI
    ("in", "SLTI/MP", "4", 2008, "IN SLTI/MP 4/2010"),  # contratações de TI
    ("in", "SLTI/MP", "5", 2014, "IN SEGES/ME 73/2020"),  # pesquisa de preços
    ("in", "SEGES/MP", "1", 2018, "IN SEGES/ME 1/2019"),  # plano anual de contratações
    ("in", "MARE", "18", 1997, "IN SLTI/MP 2/2008"),  # serviços terceirizados
    ("in", "GSI/PR", "1", 2008, "IN GSI/PR 1/2020"),  # gestão da segurança da informação
    ("in", "RFB", "971", 2009, "IN RFB 2.110/2022"),  # contribuições previdenciárias
    ("in", "RFB", "480", 2004, "IN RFB 1.234/2012"),  # retenção de tributos pela Administração
    ("in", "PRES/INSS", "77", 2015, "IN PRES/INSS 128/2022"),  # benefícios previdenciários
    # --- portarias
    ("portaria", "GM/MS", "2.488", 2011, "Portaria GM/MS 2.436/2017"),  # PNAB de 2011
    ("portaria", "GM/MS", "648", 2006, "Portaria GM/MS 2.488/2011"),  # PNAB de 2006
    ("portaria", "GM/MS", "1.101", 2002, "Portaria GM/MS 1.631/2015"),  # parâmetros assistenciais
    ("portaria", "MP/MF/CGU", "507", 2011, "Portaria MP/MF/CGU 424/2016"),  # convênios
    ("portaria", "SVS/MS", "453", 1998, "RDC ANVISA 330/2019"),  # radiodiagnóstico
    # --- resoluções
    ("resolucao", "CONAMA", "20", 1986, "Resolução CONAMA 357/2005"),  # classificação das águas
    ("resolucao", "CONAMA", "344", 2004, "Resolução CONAMA 454/2012"),  # material dragado
    ("resolucao", "CONAMA", "283", 2001, "Resolução CONAMA 358/2005"),  # resíduos de saúde
    ("resolucao", "CONAMA", "257", 1999, "Resolução CONAMA 401/2008"),  # pilhas e baterias
    ("resolucao", "CONAMA", "258", 1999, "Resolução CONAMA 416/2009"),  # pneus
    ("resolucao", "CONAMA", "375", 2006, "Resolução CONAMA 498/2020"),  # lodo de esgoto
    ("resolucao", "CONAMA", "3", 1990, "Resolução CONAMA 491/2018"),  # qualidade do ar
    ("resolucao", "CONAMA", "308", 2002, "Resolução CONAMA 404/2008"),  # aterros de pequeno porte
    ("resolucao", "CONAMA", "13", 1990, "Resolução CONAMA 428/2010"),  # entorno de unidades de conservação
    ("resolucao", "CONAMA", "334", 2003, "Resolução CONAMA 465/2014"),  # embalagens de agrotóxicos
    ("resolucao", "CONAMA", "9", 1993, "Resolução CONAMA 362/2005"),  # óleo lubrificante
    ("resolucao", "ANVISA", "185", 2001, "RDC ANVISA 751/2022"),  # registro de produtos médicos
    ("resolucao", "ANVISA", "16", 2013, "RDC ANVISA 665/2022"),  # BPF de produtos médicos
    ("resolucao", "ANVISA", "154", 2004, "RDC ANVISA 11/2014"),  # diálise
    ("resolucao", "ANVISA", "306", 2004, "RDC ANVISA 222/2018"),  # resíduos de serviços de saúde
    ("resolucao", "ANVISA", "33", 2003, "RDC ANVISA 306/2004"),  # resíduos de serviços de saúde
    ("resolucao", "ANVISA", "17", 2010, "RDC ANVISA 301/2019"),  # BPF de medicamentos
    ("resolucao", "ANVISA", "12", 2001, "RDC ANVISA 331/2019"),  # padrões microbiológicos
    ("resolucao", "ANVISA", "360", 2003, "RDC ANVISA 429/2020"),  # rotulagem nutricional
    ("resolucao", "ANVISA", "56", 2001, "RDC ANVISA 546/2021"),  # requisitos essenciais de produtos médicos
    ("resolucao", "CNJ", "182", 2013, "Resolução CNJ 468/2022"),  # contratações de TIC
    ("resolucao", "CNJ", "211", 2015, "Resolução CNJ 370/2021"),  # ENTIC-JUD 2015-2020
    ("resolucao", "CNJ", "198", 2014, "Resolução CNJ 325/2020"),  # Estratégia do Judiciário 2015-2020
    ("resolucao", "CNJ", "230", 2016, "Resolução CNJ 401/2021"),  # acessibilidade
    ("resolucao", "CNJ", "201", 2015, "Resolução CNJ 400/2021"),  # sustentabilidade
    ("resolucao", "CNJ", "98", 2009, "Resolução CNJ 169/2013"),  # provisões de encargos trabalhistas
    ("resolucao", "CONTRAN", "168", 2004, "Resolução CONTRAN 789/2020"),  # formação de condutores
    ("resolucao", "ANATEL", "242", 2000, "Resolução ANATEL 715/2019"),  # certificação de produtos
    ("resolucao", "ANEEL", "414", 2010, "Resolução ANEEL 1.000/2021"),  # condições de fornecimento
    ("resolucao", "CD/FNDE", "38", 2009, "Resolução CD/FNDE 26/2013"),  # PNAE de 2009
    ("resolucao", "CFM", "1.931", 2009, "Resolução CFM 2.217/2018"),  # Código de Ética Médica de 2009
)
