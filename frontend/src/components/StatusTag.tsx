// Status as text plus icon, never colour alone.
import type { EtpStatus, JobState, SectionStatus } from "../api/types";
import { Icon, type IconName } from "./Icon";

export interface Look {
  label: string;
  icon: IconName;
  tone: "neutral" | "info" | "success" | "warning" | "danger";
}

export const ETP_STATUS: Record<EtpStatus, Look> = {
  draft: { label: "Em elaboração", icon: "pen", tone: "info" },
  in_review: { label: "Em revisão", icon: "eye", tone: "warning" },
  approved: { label: "Aprovado", icon: "stamp", tone: "success" },
  archived: { label: "Arquivado", icon: "archive", tone: "neutral" },
};

export const SECTION_STATUS: Record<SectionStatus, Look> = {
  empty: { label: "Vazia", icon: "minus-circle", tone: "neutral" },
  drafting: { label: "Em redação", icon: "spinner", tone: "info" },
  drafted: { label: "Redigida pela IA", icon: "robot", tone: "warning" },
  edited: { label: "Editada", icon: "pen", tone: "info" },
  approved: { label: "Aprovada", icon: "check-circle", tone: "success" },
};

export const JOB_STATE: Record<JobState, Look> = {
  queued: { label: "Na fila", icon: "clock", tone: "neutral" },
  running: { label: "Em andamento", icon: "spinner", tone: "info" },
  succeeded: { label: "Concluído", icon: "check-circle", tone: "success" },
  failed: { label: "Falhou", icon: "times-circle", tone: "danger" },
  cancelled: { label: "Cancelado", icon: "ban", tone: "neutral" },
};

export function Tag({ look, small = false }: { look: Look; small?: boolean }) {
  return (
    <span className={`br-tag etp-tag etp-tag--${look.tone}${small ? " small" : ""}`}>
      <Icon name={look.icon} spin={look.icon === "spinner"} />
      <span>{look.label}</span>
    </span>
  );
}

export function EtpStatusTag({ status }: { status: EtpStatus | undefined }) {
  return <Tag look={ETP_STATUS[status ?? "draft"]} />;
}

export function SectionStatusTag({ status, small }: { status: SectionStatus | undefined; small?: boolean }) {
  return <Tag look={SECTION_STATUS[status ?? "empty"]} small={small} />;
}

export function JobStateTag({ state }: { state: JobState | undefined }) {
  return <Tag look={JOB_STATE[state ?? "queued"]} />;
}
