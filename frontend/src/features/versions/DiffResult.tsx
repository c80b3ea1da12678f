// The answer of the API's diff between two versions (or a version and the current state): the ETP's
// changed facts, each as a word diff of its readable value, then each changed section — its content's
// word diff (the API's ops) and what else changed (justification, status, AI mark, suggestion).
import { useMemo } from "react";

import { messageOf } from "../../api/errors";
import { useTemplate } from "../../api/queries";
import type { FieldChange, SectionDiff, TemplateType } from "../../api/types";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { wholeWordDiff } from "../../lib/diff";
import { plural } from "../../lib/format";
import { useDiff, type Target } from "./api";
import { DiffView, type DiffMode } from "./DiffView";
import { etpStatusLabel, fieldText, partsOfOps, sectionStatusLabel, versionName } from "./labels";

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function FieldRow({ name, change, mode, labels, campoLabels }: { name: string; change: FieldChange; mode: DiffMode; labels: [string, string]; campoLabels: Record<string, string> }) {
  const parts = useMemo(() => {
    const before = name === "status" ? etpStatusLabel(change.before) : fieldText(name, change.before, campoLabels);
    const after = name === "status" ? etpStatusLabel(change.after) : fieldText(name, change.after, campoLabels);
    return wholeWordDiff(before, after);
  }, [name, change, campoLabels]);
  return (
    <div className="etp-versions__change">
      <h4 className="etp-versions__change-title">{change.label ?? name}</h4>
      <DiffView parts={parts} mode={mode} beforeLabel={labels[0]} afterLabel={labels[1]} />
    </div>
  );
}

function SectionChange({ section, mode, labels }: { section: SectionDiff; mode: DiffMode; labels: [string, string] }) {
  const content = section.content && "ops" in section.content ? section.content : null;
  const justification = section.justification && "before" in section.justification ? section.justification : null;
  const status = section.status && "before" in section.status ? section.status : null;
  const ai = section.ai_generated && "before" in section.ai_generated ? section.ai_generated : null;
  const suggestion = section.suggestion && "before" in section.suggestion ? section.suggestion : null;
  return (
    <section className="etp-versions__section" aria-labelledby={`dif-secao-${section.inciso ?? 0}`}>
      <h3 id={`dif-secao-${section.inciso ?? 0}`}>
        {section.code} — {section.title}
      </h3>
      {section.summary ? <p className="etp-versions__summary">{capitalized(section.summary)}</p> : null}
      {content ? (
        <div className="etp-versions__change">
          <h4 className="etp-versions__change-title">Texto da seção</h4>
          <DiffView parts={partsOfOps(content.ops)} mode={mode} beforeLabel={labels[0]} afterLabel={labels[1]} />
        </div>
      ) : null}
      {justification ? (
        <div className="etp-versions__change">
          <h4 className="etp-versions__change-title">Justificativa da ausência</h4>
          <DiffView parts={wholeWordDiff(String(justification.before ?? ""), String(justification.after ?? ""))} mode={mode} beforeLabel={labels[0]} afterLabel={labels[1]} />
        </div>
      ) : null}
      {status ? (
        <p>
          <strong>Status da seção:</strong> {sectionStatusLabel(status.before)} → {sectionStatusLabel(status.after)}
        </p>
      ) : null}
      {ai ? (
        <p>
          <strong>Marca de texto por IA:</strong> {ai.before ? "sim" : "não"} → {ai.after ? "sim" : "não"}
        </p>
      ) : null}
      {suggestion ? (
        <div className="etp-versions__change">
          <h4 className="etp-versions__change-title">Sugestão pendente</h4>
          <DiffView parts={wholeWordDiff(String(suggestion.before ?? ""), String(suggestion.after ?? ""))} mode={mode} beforeLabel={labels[0]} afterLabel={labels[1]} />
        </div>
      ) : null}
    </section>
  );
}

export function DiffResult({ etpId, a, b, mode, templateType }: { etpId: string; a: number; b: Target; mode: DiffMode; templateType: TemplateType | null | undefined }) {
  const diff = useDiff(etpId, a, b);
  const template = useTemplate(templateType);
  const campoLabels = useMemo(() => Object.fromEntries((template.data?.fields ?? []).filter((f) => f.name).map((f) => [f.name as string, f.label ?? (f.name as string)])), [template.data]);
  const labels: [string, string] = [capitalized(versionName(a)), capitalized(versionName(b))];

  if (diff.isPending) return <Loading label="Comparando as versões…" />;
  if (diff.isError) return <Message kind="danger">{messageOf(diff.error)}</Message>;
  const fields = Object.entries(diff.data.fields ?? {});
  const sections = diff.data.sections ?? [];

  return (
    <div className="etp-versions__result">
      <p role="status" className="etp-versions__totals">
        {fields.length === 0 && sections.length === 0
          ? `Nenhuma diferença entre a ${versionName(a)} e ${b === "current" ? "o" : "a"} ${versionName(b)}.`
          : `${capitalized(diff.data.fields_summary ?? plural(fields.length, "campo alterado", "campos alterados"))}; ${plural(sections.length, "seção alterada", "seções alteradas")}.`}
      </p>
      <p className="etp-hint">
        Riscado: só na {versionName(a)} (removido). Sublinhado: só {b === "current" ? "no" : "na"} {versionName(b)} (inserido).
      </p>
      {fields.length ? (
        <section className="etp-versions__section" aria-labelledby="dif-dados">
          <h3 id="dif-dados">Dados do ETP</h3>
          {fields.map(([name, change]) => (
            <FieldRow key={name} name={name} change={change} mode={mode} labels={labels} campoLabels={campoLabels} />
          ))}
        </section>
      ) : null}
      {sections.map((section) => (
        <SectionChange key={section.inciso} section={section} mode={mode} labels={labels} />
      ))}
    </div>
  );
}
