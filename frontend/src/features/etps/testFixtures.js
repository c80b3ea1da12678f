export const SERVICOS = {
    type: "servicos",
    name: "Serviços",
    description: "Contratação de serviços, contínuos ou não, com ou sem dedicação exclusiva de mão de obra.",
    fields: [
        { name: "natureza_continuada", label: "Serviço de natureza continuada", kind: "boolean", required: true, help: "Marque se o serviço atende necessidade permanente.", choices: [] },
        { name: "postos_trabalho", label: "Número de postos de trabalho", kind: "integer", required: false, help: "Quantidade total de postos.", choices: [] },
        { name: "descricao_postos", label: "Descrição dos postos", kind: "text", required: false, help: "Categorias profissionais.", choices: [] },
        { name: "convencao_coletiva", label: "Convenção ou acordo coletivo", kind: "string", required: false, help: "Instrumento coletivo.", choices: [] },
        { name: "data_base_categoria", label: "Data-base da categoria", kind: "date", required: false, help: "Data-base do instrumento coletivo.", choices: [] },
        { name: "area_m2", label: "Área a atender (m²)", kind: "decimal", required: false, help: "Área total em m².", choices: [] },
        { name: "regime", label: "Regime de execução", kind: "enum", required: false, help: "Como será executado.", choices: ["empreitada_preco_global", "contratacao_por_tarefa"] },
    ],
    guidance: [],
};
export const BENS = {
    type: "bens",
    name: "Bens e materiais",
    description: "Aquisição de bens e materiais de consumo ou permanentes.",
    fields: [{ name: "codigo_catmat", label: "Código CATMAT", kind: "string", required: false, help: "Código do item.", choices: [] }],
    guidance: [],
};
const summary = (t) => ({ type: t.type, name: t.name, description: t.description, fields: t.fields });
export const TEMPLATE_SUMMARIES = [
    summary(BENS),
    summary(SERVICOS),
    { type: "obras", name: "Obras e serviços de engenharia", description: "Obras e reformas.", fields: [] },
    { type: "ti", name: "Tecnologia da informação e comunicação", description: "Soluções de TIC.", fields: [] },
];
export function templateRoutes() {
    return {
        "GET /api/v1/templates": () => ({ body: TEMPLATE_SUMMARIES }),
        "GET /api/v1/templates/:type": (request) => {
            const type = new URL(request.url).pathname.split("/").pop();
            const found = [BENS, SERVICOS].find((t) => t.type === type);
            return found ? { body: found } : { status: 404, body: { code: 404, status: "Not Found", message: "Modelo não encontrado." } };
        },
    };
}
export function makeEtp(overrides = {}) {
    return {
        id: "0b9d3c1e-0000-4000-8000-000000000001",
        title: "Limpeza predial da sede",
        objeto: "Serviço contínuo de limpeza e conservação da sede",
        numero_processo: "23000.000123/2026-11",
        uasg: "160001",
        orgao: "Ministério Exemplo",
        unidade_requisitante: "Coordenação de Logística",
        responsavel_tecnico: { nome: "Ana Lima", matricula: "12345" },
        data_elaboracao: "2026-12-01",
        template_type: "servicos",
        quantidade_estimada: "12",
        unidade_medida: "posto",
        valor_estimado: "1185599.52",
        valor_unitario: "8233.33",
        periodicidade_preco: "mensal",
        numero_periodos: 12,
        prazo_execucao_dias: 365,
        nivel_risco: "medio",
        dotacao_orcamentaria: "33.90.37",
        descricao_necessidade: "A sede precisa de limpeza diária.",
        requisitos: "Equipe uniformizada.",
        riscos: "Interrupção do serviço.",
        campos: { natureza_continuada: true, area_m2: "1500.5" },
        status: "draft",
        completion: { mandatory_filled: 2, mandatory_total: 5, filled: 4, total: 13 },
        version: 3,
        etag: 'W/"etp-v3"',
        created_at: "2026-11-20T10:00:00+00:00",
        updated_at: "2026-12-02T15:30:00+00:00",
        ...overrides,
    };
}
