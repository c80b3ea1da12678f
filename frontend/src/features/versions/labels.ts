// What a person reads about a version: why it exists (reason), which part of the ETP it records
// (scope), and an ETP field's value as text for the comparison (money, dates, choices, people).
import type { DiffOp, EtpStatus, SectionStatus, VersionReason } from "../../api/types";
import type { IconName } from "../../components/Icon";
import { ETP_STATUS, SECTION_STATUS } from "../../components/StatusTag";
import type { DiffPart } from "../../lib/diff";
import { formatDate, formatDecimal, formatMoney } from "../../lib/format";
import { TEMPLATE_LABELS } from "../etps/labels";

export const REASONS: Record<VersionReason, { label: string; icon: IconName; tone: "neutral" | "info" | "success" | "warning" }> = {
  manual: { label: "Ponto de salvamento", icon: "save", tone: "info" },
  edit: { label: "Edição", icon: "pen", tone: "neutral" },
  before_draft: { label: "Antes da redação por IA", icon: "robot", tone: "warning" },
  after_draft: { label: "Depois da redação por IA", icon: "robot", tone: "warning" },
  suggestion: { label: "Sugestão aceita", icon: "check", tone: "neutral" },
  acknowledgement: { label: "Apontamento reconhecido", icon: "check-circle", tone: "neutral" },
  status: { label: "Mudança de status", icon: "exchange-alt", tone: "neutral" },
  approval: { label: "Aprovação", icon: "stamp", tone: "success" },
  before_restore: { label: "Antes de uma restauração", icon: "undo", tone: "warning" },
};

export function reasonLook(reason: string | undefined) {
  return REASONS[(reason ?? "manual") as VersionReason] ?? { label: reason ?? "", icon: "history" as IconName, tone: "neutral" as const };
}

/** "Seção IV", "Dados do ETP", or null for a version of the whole ETP. */
export function scopeLabel(scope: string | null | undefined): string | null {
  if (!scope) return null;
  return scope === "fields" ? "Dados do ETP" : `Seção ${scope}`;
}

export function versionName(number: number | "current"): string {
  return number === "current" ? "estado atual" : `versão ${number}`;
}

const CHOICES: Record<string, Record<string, string>> = {
  template_type: TEMPLATE_LABELS,
  nivel_risco: { baixo: "Baixo", medio: "Médio", alto: "Alto" },
  periodicidade_preco: { unico: "Pagamento único", mensal: "Mensal", anual: "Anual" },
  status: Object.fromEntries(Object.entries(ETP_STATUS).map(([code, look]) => [code, look.label])),
};
const MONEY = new Set(["valor_estimado", "valor_unitario"]);
const QUANTITY = new Set(["quantidade_estimada"]);
const DATES = new Set(["data_elaboracao"]);
const MEMBER_ORDER = ["nome", "cargo", "papel", "matricula"];

function readable(key: string): string {
  const text = key.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function plain(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "Sim" : "Não";
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.map(plain).filter(Boolean).join("; ");
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => plain(v) !== "")
      .map(([k, v]) => `${readable(k)}: ${plain(v)}`)
      .join("; ");
  }
  return String(value);
}

/** An ETP field's value (as a snapshot stores it) as a person reads it; "" when empty.
 * `campoLabels`: the template's labels of the type-specific fields (`campos`). */
export function fieldText(name: string, value: unknown, campoLabels: Record<string, string> = {}): string {
  if (value === null || value === undefined || value === "") return "";
  if (MONEY.has(name)) return formatMoney(value as string);
  if (QUANTITY.has(name)) return formatDecimal(value as string);
  if (DATES.has(name)) return formatDate(String(value));
  const choices = CHOICES[name];
  if (choices && typeof value === "string") return choices[value] ?? value;
  if (name === "campos" && typeof value === "object" && !Array.isArray(value)) {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => plain(v) !== "")
      .map(([k, v]) => `${campoLabels[k] ?? readable(k)}: ${plain(v)}`)
      .join("\n");
  }
  if (name === "equipe_planejamento" && Array.isArray(value)) {
    return value
      .map((person) => {
        if (!person || typeof person !== "object") return plain(person);
        const record = person as Record<string, unknown>;
        const keys = [...MEMBER_ORDER.filter((k) => k in record), ...Object.keys(record).filter((k) => !MEMBER_ORDER.includes(k))];
        return keys.map((k) => plain(record[k])).filter(Boolean).join(", ");
      })
      .join("\n");
  }
  return plain(value);
}

export function sectionStatusLabel(status: unknown): string {
  return SECTION_STATUS[(status as SectionStatus) ?? "empty"]?.label ?? String(status ?? "");
}

export function etpStatusLabel(status: unknown): string {
  return ETP_STATUS[status as EtpStatus]?.label ?? String(status ?? "");
}

/** The API's word diff (ops) as the parts the diff view shows. */
export function partsOfOps(ops: DiffOp[] | undefined): DiffPart[] {
  return (ops ?? []).map((op) => ({ kind: op.op === "insert" ? "added" : op.op === "delete" ? "removed" : "same", text: op.text ?? "" }));
}
