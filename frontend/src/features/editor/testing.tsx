// Test fixtures for the editor's component tests (an ETP and its 13 sections as the API answers).
import type { Etp, Section } from "../../api/types";

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

export function etag(inciso: number, version: number): string {
  return `"s-${inciso}-v${version}"`;
}

export function makeSection(inciso: number, overrides: Partial<Section> = {}): Section {
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

export function makeSections(overrides: Record<number, Partial<Section>> = {}): Section[] {
  return Array.from({ length: 13 }, (_, index) => makeSection(index + 1, overrides[index + 1] ?? {}));
}

export function makeEtp(overrides: Partial<Etp> = {}): Etp {
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
  AiNotice: ({ section }: { section: Section }) => (section.ai_notice ? <p>{section.ai_notice}</p> : null),
  SectionDraftControls: ({ disabled }: { disabled: boolean }) => (
    <button type="button" disabled={disabled}>Redigir com IA</button>
  ),
  SuggestionPanel: ({ section, currentText, onAccepted }: { section: Section; currentText: string; onAccepted: (section: Section) => void }) =>
    section.suggestion ? (
      <div>
        <p data-testid="sugestao">{`${currentText} → ${section.suggestion}`}</p>
        <button
          type="button"
          onClick={() => {
            const version = (section.version ?? 1) + 1;
            onAccepted({ ...section, content: section.suggestion ?? "", suggestion: null, status: "drafted", version, etag: etag(section.inciso ?? 0, version) });
          }}
        >
          Aceitar a sugestão
        </button>
      </div>
    ) : null,
};
