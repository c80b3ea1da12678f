import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
export const ETP_ID = "0b9f6a3e-1111-4a2b-9c3d-000000000001";
const TITLES = [
    "Descrição da necessidade",
    "Previsão no plano de contratações anual",
    "Requisitos da contratação",
    "Estimativa das quantidades",
    "Levantamento de mercado",
    "Estimativa do valor da contratação",
    "Descrição da solução como um todo",
    "Justificativa para o parcelamento ou não",
    "Resultados pretendidos",
    "Providências prévias ao contrato",
    "Contratações correlatas e/ou interdependentes",
    "Impactos ambientais e medidas mitigadoras",
    "Posicionamento conclusivo",
];
const CODES = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII"];
const MANDATORY = new Set([1, 4, 6, 8, 13]);
export function etag(inciso, version) {
    return `"s-${inciso}-v${version}"`;
}
export function makeSection(inciso, overrides = {}) {
    const version = overrides.version ?? 1;
    return {
        inciso,
        code: CODES[inciso - 1],
        title: TITLES[inciso - 1],
        mandatory: MANDATORY.has(inciso),
        content: "",
        justification: null,
        status: "empty",
        suggestion: null,
        quality: null,
        ai_generated: false,
        ai_notice: null,
        provenance: null,
        provenance_label: null,
        drafting_notes: [],
        suggestion_notes: [],
        version,
        etag: etag(inciso, version),
        updated_at: "2026-12-03T09:00:00Z",
        updated_by: null,
        review: null,
        acknowledgements: [],
        ...overrides,
    };
}
export function makeSections(overrides = {}) {
    return Array.from({ length: 13 }, (_, index) => makeSection(index + 1, overrides[index + 1] ?? {}));
}
export function makeEtp(overrides = {}) {
    return {
        id: ETP_ID,
        title: "Aquisição de computadores",
        objeto: "Computadores para as escolas",
        template_type: "bens",
        status: "draft",
        completion: { mandatory_filled: 1, mandatory_total: 5, filled: 2, total: 13 },
        version: 3,
        etag: '"e-3"',
        ...overrides,
    };
}
/** Minimal stand-ins for features/drafting (helper H5's components), for the editor's own tests. */
export const draftingStubs = {
    AiNotice: ({ section }) => (section.ai_notice ? _jsx("p", { children: section.ai_notice }) : null),
    SectionDraftControls: ({ disabled }) => (_jsx("button", { type: "button", disabled: disabled, children: "Redigir com IA" })),
    SuggestionPanel: ({ section, currentText, onAccepted }) => section.suggestion ? (_jsxs("div", { children: [_jsx("p", { "data-testid": "sugestao", children: `${currentText} → ${section.suggestion}` }), _jsx("button", { type: "button", onClick: () => {
                    const version = (section.version ?? 1) + 1;
                    onAccepted({ ...section, content: section.suggestion ?? "", suggestion: null, status: "drafted", version, etag: etag(section.inciso ?? 0, version) });
                }, children: "Aceitar a sugest\u00E3o" })] })) : null,
};
