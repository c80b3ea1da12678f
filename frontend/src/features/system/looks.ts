// How the system pages show states: text plus icon (never colour alone), and small formatters.
import type { Look } from "../../components/StatusTag";
import { formatBytes } from "../../lib/format";

export type { Look };

export const CHECK_LOOK: Record<string, Look> = {
  up: { label: "Funcionando", icon: "check-circle", tone: "success" },
  down: { label: "Fora do ar", icon: "times-circle", tone: "danger" },
  unknown: { label: "Não verificado", icon: "exclamation-circle", tone: "warning" },
};

export const OVERALL_LOOK: Record<string, Look> = {
  healthy: { label: "Saudável", icon: "check-circle", tone: "success" },
  degraded: { label: "Degradada", icon: "exclamation-triangle", tone: "warning" },
  unhealthy: { label: "Fora do ar", icon: "times-circle", tone: "danger" },
  ready: { label: "Pronta", icon: "check-circle", tone: "success" },
  not_ready: { label: "Não pronta", icon: "times-circle", tone: "danger" },
};

export const BACKUP_LOOK: Record<string, Look> = {
  running: { label: "Em andamento", icon: "spinner", tone: "info" },
  succeeded: { label: "Concluído", icon: "check-circle", tone: "success" },
  failed: { label: "Falhou", icon: "times-circle", tone: "danger" },
};

export const TRIGGER_LABEL: Record<string, string> = { schedule: "Agendado", api: "Manual (web/API)", cli: "Linha de comando" };

export function lookOf(map: Record<string, Look>, key: string | null | undefined): Look {
  return map[key ?? ""] ?? { label: key ?? "—", icon: "info-circle", tone: "neutral" };
}

const number1 = new Intl.NumberFormat("pt-BR", { maximumFractionDigits: 1 });

/** 1536 → "1,5 KB" (lib/format's formatBytes), "—" when unknown. */
export function formatSize(bytes: number | null | undefined): string {
  return formatBytes(bytes) || "—";
}

/** Seconds → "2 d 3 h", "4 h 05 min", "12 min 30 s", "8,2 s". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  if (seconds < 60) return `${number1.format(seconds)} s`;
  const total = Math.floor(seconds);
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  if (days) return `${days} d ${hours} h`;
  if (hours) return `${hours} h ${two(minutes)} min`;
  return `${minutes} min ${two(secs)} s`;
}

export function formatLatency(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? "—" : `${number1.format(ms)} ms`;
}
