// The notice an AI-drafted text carries, as the API words it (`ai_notice`), with its provenance
// label; an offline template draft (no generative AI) shows only its provenance, never an AI claim.
import type { Section } from "../../api/types";
import { Icon } from "../../components/Icon";
import "./drafting.css";

export function isAiDrafted(section: Section): boolean {
  return Boolean(section.ai_notice) || section.provenance === "ai" || section.provenance === "offline" || Boolean(section.ai_generated);
}

export function AiNotice({ section }: { section: Section }) {
  if (!(section.content ?? "").trim() || !isAiDrafted(section)) return null;
  const notice = section.ai_notice?.trim();
  const label = section.provenance_label?.trim();
  if (!notice && !label) return null;
  return (
    <div className="br-message info etp-ai-notice" role="note" aria-label={notice ? "Aviso de conteúdo gerado por IA" : "Procedência do texto"}>
      <div className="icon">
        <Icon name="robot" className="fa-lg" />
      </div>
      <div className="content">
        {notice ? <p className="etp-ai-notice__text">{notice}</p> : null}
        {label ? <p className="etp-ai-notice__label">{label}</p> : null}
      </div>
    </div>
  );
}
