export const ETP_ID = "e0000000-0000-4000-8000-000000000001";
const CODES = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII"];
const MANDATORY = new Set([1, 4, 6, 8, 13]);
export function section(inciso, overrides = {}) {
    return {
        inciso,
        code: CODES[inciso - 1],
        title: `Título ${CODES[inciso - 1]}`,
        mandatory: MANDATORY.has(inciso),
        content: "",
        status: "empty",
        suggestion: null,
        quality: null,
        ai_generated: false,
        ai_notice: null,
        provenance: null,
        provenance_label: null,
        version: 1,
        etag: `"s-${inciso}-v1"`,
        review: null,
        ...overrides,
    };
}
export function sections(overrides = {}) {
    return Array.from({ length: 13 }, (_, i) => section(i + 1, overrides[i + 1] ?? {}));
}
export function job(overrides = {}, outcomes = {}) {
    return {
        id: "j1",
        kind: "draft_etp",
        state: "queued",
        progress: 0,
        etp_id: ETP_ID,
        inciso: null,
        attempts: 0,
        max_attempts: 3,
        result: Object.keys(outcomes).length ? { sections: outcomes } : null,
        error: null,
        created_at: "2026-12-03T10:00:00Z",
        started_at: null,
        finished_at: null,
        updated_at: "2026-12-03T10:00:00Z",
        ...overrides,
    };
}
export const ok = { status: "succeeded", applied: "content" };
export function etp(overrides = {}) {
    return {
        id: ETP_ID,
        title: "Aquisição de cadeiras",
        objeto: "Cadeiras ergonômicas",
        numero_processo: "23000.000001/2026-11",
        uasg: "123456",
        valor_estimado: "12345.60",
        template_type: "bens",
        status: "draft",
        completion: { filled: 3, total: 13, mandatory_filled: 2, mandatory_total: 5 },
        approval: null,
        version: 1,
        ...overrides,
    };
}
