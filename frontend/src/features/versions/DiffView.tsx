// A word diff shown inline (one text, removals struck through and insertions underlined) or side by
// side (A with its removals, B with its insertions). Marked by more than colour: <del>/<ins> with
// strikethrough/underline and a visually hidden "removido"/"inserido" around each change.
import type { DiffPart } from "../../lib/diff";

export type DiffMode = "lado" | "linha";

function Removed({ text }: { text: string }) {
  return (
    <del>
      <span className="visually-hidden">[removido: </span>
      {text}
      <span className="visually-hidden">]</span>
    </del>
  );
}

function Inserted({ text }: { text: string }) {
  return (
    <ins>
      <span className="visually-hidden">[inserido: </span>
      {text}
      <span className="visually-hidden">]</span>
    </ins>
  );
}

function Text({ parts, show }: { parts: DiffPart[]; show: "both" | "before" | "after" }) {
  const visible = parts.filter((part) => part.kind === "same" || show === "both" || (show === "before" ? part.kind === "removed" : part.kind === "added"));
  if (!visible.some((part) => part.text.trim())) return <em className="etp-versions__empty">(vazio)</em>;
  return (
    <>
      {visible.map((part, index) =>
        part.kind === "removed" ? <Removed key={index} text={part.text} /> : part.kind === "added" ? <Inserted key={index} text={part.text} /> : <span key={index}>{part.text}</span>,
      )}
    </>
  );
}

export function DiffView({ parts, mode, beforeLabel, afterLabel }: { parts: DiffPart[]; mode: DiffMode; beforeLabel: string; afterLabel: string }) {
  if (mode === "linha") {
    return (
      <div className="etp-diff etp-versions__diff">
        <Text parts={parts} show="both" />
      </div>
    );
  }
  return (
    <div className="etp-versions__sides">
      <div className="etp-versions__side">
        <p className="etp-versions__side-label">{beforeLabel}</p>
        <div className="etp-diff etp-versions__diff">
          <Text parts={parts} show="before" />
        </div>
      </div>
      <div className="etp-versions__side">
        <p className="etp-versions__side-label">{afterLabel}</p>
        <div className="etp-diff etp-versions__diff">
          <Text parts={parts} show="after" />
        </div>
      </div>
    </div>
  );
}
