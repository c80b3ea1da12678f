// Where each number of a section comes from (issue 15 §2): the quality report's `values` — every
// value the checks recognized, with its status and source — read defensively (older stored reports
// have no `values`) and put in words a servant reads: the ETP field's label as the forms show it,
// "Seção IV", the instructions, or the calculation that yields it.
import type { QualityReport } from "../../api/types";
import { FIELD_BY_NAME } from "../etps/fields";

export type ValueStatus = "grounded" | "derived" | "ai_only" | "unsupported";

export interface RecognizedValue {
  text: string;
  kind?: string;
  status: ValueStatus;
  source?: string;
  derived?: string;
}

const STATUSES: ReadonlySet<string> = new Set<ValueStatus>(["grounded", "derived", "ai_only", "unsupported"]);
/** The statuses of a value with no support in what a person gave. */
export const FLAGGED: ReadonlySet<ValueStatus> = new Set<ValueStatus>(["ai_only", "unsupported"]);

const KIND_LABELS: Record<string, string> = {
  money: "valor em reais",
  percentage: "percentual",
  percent: "percentual",
  count: "quantidade",
  quantity: "quantidade",
  duration: "prazo",
  area: "área",
  weight: "peso",
  volume: "volume",
  date: "data",
  number: "número",
};

// keys the forms show only by their parts (responsavel_tecnico.nome…) or that are not form fields
const OTHER_LABELS: Record<string, string> = {
  responsavel_tecnico: "Responsável técnico",
  campos: "Dados específicos",
  equipe_planejamento: "Equipe de planejamento",
};

const SECTION_RX = /^(?:section|se[çc][ãa]o)\s+([IVXL]+)$/i;
const INSTRUCTIONS_RX = /^(?:instru[çc][õo]es|instructions)$/i;
// the law's own figures carry the article that fixes them: "Lei 14.133/2021, art. 98"
const LAW_RX = /^Lei(?: Complementar)? \d/;
const KEY_RX = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*/g;

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() ? value.trim() : undefined;
}

/** The report's recognized values; [] for a report without them (stored before they existed) or
 * with entries this version cannot read. */
export function valuesOf(report: QualityReport | null | undefined): RecognizedValue[] {
  const raw = (report as { values?: unknown } | null | undefined)?.values;
  if (!Array.isArray(raw)) return [];
  const out: RecognizedValue[] = [];
  for (const item of raw) {
    if (!item || typeof item !== "object") continue;
    const entry = item as Record<string, unknown>;
    const value = text(entry.text);
    const status = text(entry.status);
    if (!value || !status || !STATUSES.has(status)) continue;
    out.push({ text: value, status: status as ValueStatus, kind: text(entry.kind), source: text(entry.source), derived: text(entry.derived) });
  }
  return out;
}

function readable(key: string): string {
  const words = key.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** An ETP field's key ("valor_estimado", "campos.area_m2", "responsavel_tecnico.nome") as the forms
 * name it; `campoLabels` holds the template's labels of its type-specific fields. */
export function fieldLabel(key: string, campoLabels: Record<string, string> = {}): string {
  const known = FIELD_BY_NAME[key]?.label ?? OTHER_LABELS[key];
  if (known) return known;
  const campo = key.startsWith("campos.") ? key.slice("campos.".length) : key;
  if (campoLabels[campo]) return campoLabels[campo];
  return readable(campo);
}

function isKey(token: string, campoLabels: Record<string, string>): boolean {
  return token in FIELD_BY_NAME || token in OTHER_LABELS || token.startsWith("campos.") || token in campoLabels || token.includes("_");
}

/** "quantidade_estimada × valor_unitario" → "Quantidade estimada × Valor unitário" (operators,
 * numbers and words that are no field key stay as they are). */
export function derivationLabel(derived: string, campoLabels: Record<string, string> = {}): string {
  return derived.replace(KEY_RX, (token) => (isKey(token, campoLabels) ? fieldLabel(token, campoLabels) : token));
}

/** Where a source is, as a phrase after "Consta d…": "dos dados do ETP (Valor total estimado)". */
export function sourcePhrase(source: string | undefined, campoLabels: Record<string, string> = {}): string {
  if (!source) return "dos dados do ETP";
  const section = SECTION_RX.exec(source);
  if (section) return `do texto da Seção ${(section[1] ?? "").toUpperCase()}`;
  if (INSTRUCTIONS_RX.test(source)) return "das instruções do pedido de redação";
  if (LAW_RX.test(source)) return `da ${source}, que fixa esse número`;
  return `dos dados do ETP (${fieldLabel(source, campoLabels)})`;
}

export function kindLabel(kind: string | undefined): string | undefined {
  return kind ? KIND_LABELS[kind] : undefined;
}

/** What the list says of one value after its status: why it is trusted, or what is missing. */
export function explanation(value: RecognizedValue, campoLabels: Record<string, string> = {}): string {
  switch (value.status) {
    case "grounded":
      return `Consta ${sourcePhrase(value.source, campoLabels)}.`;
    case "derived":
      return value.derived ? `Resulta dos dados do ETP: ${derivationLabel(value.derived, campoLabels)}.` : "Resulta de um cálculo com os dados do ETP.";
    case "ai_only": {
      const section = value.source ? SECTION_RX.exec(value.source) : null;
      const where = section ? `no rascunho da IA da Seção ${(section[1] ?? "").toUpperCase()}` : "em outro rascunho da IA";
      return `Aparece apenas ${where}, que nenhuma pessoa escreveu ou revisou: confirme o número.`;
    }
    default:
      return "Confirme o número com os dados do ETP ou indique de onde ele vem.";
  }
}
