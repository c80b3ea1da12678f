// Fixtures for drafting's component tests: sections and jobs as the API answers them.
import type { Etp, Job, Section } from "../../api/types";

export const ETP_ID = "e0000000-0000-4000-8000-000000000001";
const CODES = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII"];
const MANDATORY = new Set([1, 4, 6, 8, 13]);

export function section(inciso: number, overrides: Partial<Section> = {}): Section {
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

export function sections(overrides: Record<number, Partial<Section>> = {}): Section[] {
  return Array.from({ length: 13 }, (_, i) => section(i + 1, overrides[i + 1] ?? {}));
}

export function job(overrides: Partial<Job> = {}, outcomes: Record<string, Record<string, unknown>> = {}): Job {
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

export function etp(overrides: Partial<Etp> = {}): Etp {
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
