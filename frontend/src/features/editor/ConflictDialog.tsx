// Someone else saved the section first (412): both texts side by side with a word diff, and three
// ways out — keep mine (saved over the new version), use theirs (after confirming), or merge by hand
// (both texts in one editable field). The local backup stays until one of them is saved.
import { useId, useMemo, useState } from "react";

import { Dialog } from "../../components/Dialog";
import { Icon } from "../../components/Icon";
import { Message } from "../../components/Message";
import { wordDiff } from "../../lib/diff";

export interface ConflictDialogProps {
  open: boolean;
  mine: string;
  theirs: string;
  /** "Texto salvo por … às hh:mm" */
  theirsLabel: string;
  busy: boolean;
  error: string | null;
  onKeepMine: () => void;
  onUseTheirs: () => void;
  onMerge: (merged: string) => void;
  onClose: () => void;
}

export const MERGE_MARKER = "――――― Acima: o seu texto. Abaixo: o texto salvo pela outra pessoa. Revise, una os dois e apague esta linha. ―――――";

export function mergedDraft(mine: string, theirs: string): string {
  return `${mine.trimEnd()}\n\n${MERGE_MARKER}\n\n${theirs.trimStart()}`;
}

type Step = "choose" | "confirm" | "merge";

export function ConflictDialog({ open, mine, theirs, theirsLabel, busy, error, onKeepMine, onUseTheirs, onMerge, onClose }: ConflictDialogProps) {
  const [step, setStep] = useState<Step>("choose");
  const [merged, setMerged] = useState(() => mergedDraft(mine, theirs));
  const mergeId = useId().replace(/[^a-zA-Z0-9_-]/g, "");
  const parts = useMemo(() => (open ? wordDiff(theirs, mine) : []), [open, theirs, mine]);

  const startMerge = () => {
    setMerged(mergedDraft(mine, theirs));
    setStep("merge");
  };

  const footer =
    step === "choose" ? (
      <>
        <button type="button" className="br-button primary" disabled={busy} onClick={onKeepMine}>Manter o meu texto</button>
        <button type="button" className="br-button secondary" disabled={busy} onClick={startMerge}>Mesclar</button>
        <button type="button" className="br-button secondary" disabled={busy} onClick={() => setStep("confirm")}>Usar o texto salvo</button>
      </>
    ) : step === "confirm" ? (
      <>
        <button type="button" className="br-button primary" disabled={busy} onClick={onUseTheirs}>Sim, descartar o meu texto</button>
        <button type="button" className="br-button secondary" disabled={busy} onClick={() => setStep("choose")}>Voltar</button>
      </>
    ) : (
      <>
        <button type="button" className="br-button primary" disabled={busy} onClick={() => onMerge(merged)}>Salvar o texto mesclado</button>
        <button type="button" className="br-button secondary" disabled={busy} onClick={() => setStep("choose")}>Voltar</button>
      </>
    );

  return (
    <Dialog open={open} title="Outra pessoa salvou esta seção" onClose={onClose} footer={footer} wide>
      <p>
        Enquanto você escrevia, esta seção foi salva por outra pessoa. Nenhum dos dois textos foi perdido: escolha
        qual manter ou mescle os dois. O seu texto continua guardado neste navegador até você salvar.
      </p>
      {error ? <Message kind="danger">{error}</Message> : null}
      {step === "confirm" ? (
        <Message kind="warning" title="Descartar o seu texto?">
          O seu texto será substituído pelo texto salvo pela outra pessoa e não poderá ser recuperado.
        </Message>
      ) : null}
      {step === "merge" ? (
        <div className="br-textarea etp-field">
          <label htmlFor={`mescla-${mergeId}`}>Texto mesclado</label>
          <textarea id={`mescla-${mergeId}`} className="etp-conflict__merge" value={merged} onChange={(event) => setMerged(event.target.value)} aria-describedby={`mescla-${mergeId}-dica`} />
          <p id={`mescla-${mergeId}-dica`} className="etp-hint">
            Os dois textos estão aqui: o seu primeiro, depois o da outra pessoa, separados por uma linha de aviso. Edite e salve.
          </p>
        </div>
      ) : (
        <>
          <div className="etp-conflict__texts">
            <section className="etp-conflict__text" aria-labelledby={`seu-${mergeId}`}>
              <h3 id={`seu-${mergeId}`}>Seu texto</h3>
              <div className="etp-conflict__body">{mine || <em>(vazio)</em>}</div>
            </section>
            <section className="etp-conflict__text" aria-labelledby={`deles-${mergeId}`}>
              <h3 id={`deles-${mergeId}`}>{theirsLabel}</h3>
              <div className="etp-conflict__body">{theirs || <em>(vazio)</em>}</div>
            </section>
          </div>
          <section aria-labelledby={`dif-${mergeId}`}>
            <h3 id={`dif-${mergeId}`}>Diferenças</h3>
            <p className="etp-hint">
              <Icon name="info-circle" /> Sublinhado: só no seu texto. Riscado: só no texto salvo.
            </p>
            <div className="etp-diff etp-conflict__diff">
              {parts.map((part, index) =>
                part.kind === "added" ? (
                  <ins key={index}>
                    <span className="visually-hidden">[seu texto: </span>
                    {part.text}
                    <span className="visually-hidden">]</span>
                  </ins>
                ) : part.kind === "removed" ? (
                  <del key={index}>
                    <span className="visually-hidden">[texto salvo: </span>
                    {part.text}
                    <span className="visually-hidden">]</span>
                  </del>
                ) : (
                  <span key={index}>{part.text}</span>
                ),
              )}
            </div>
          </section>
        </>
      )}
    </Dialog>
  );
}
