// A draft that arrived as a suggestion (the section had a person's text, which drafting never
// overwrites): a word diff against the current text (or the plain suggestion), accept or discard.
import { useQueryClient } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";

import { messageOf } from "../../api/errors";
import type { Section } from "../../api/types";
import { Icon } from "../../components/Icon";
import { Message } from "../../components/Message";
import { diffStats, wordDiff } from "../../lib/diff";
import { plural } from "../../lib/format";
import { storeSection } from "../../api/queries";
import { acceptSuggestion, discardSuggestion, invalidateSection } from "./api";
import "./drafting.css";

export function SuggestionPanel({ etpId, section, currentText, onAccepted }: { etpId: string; section: Section; currentText: string; onAccepted: (section: Section) => void }) {
  const queryClient = useQueryClient();
  const titleId = useId();
  const [plain, setPlain] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const suggestion = section.suggestion ?? "";
  const parts = useMemo(() => (suggestion ? wordDiff(currentText, suggestion) : []), [currentText, suggestion]);
  const stats = useMemo(() => diffStats(parts), [parts]);

  if (!suggestion.trim()) return null;

  async function act(kind: "accept" | "discard") {
    if (!section.inciso) return;
    setBusy(true);
    setError(null);
    try {
      const answer = kind === "accept" ? await acceptSuggestion(etpId, section.inciso) : await discardSuggestion(etpId, section.inciso);
      storeSection(queryClient, etpId, answer);
      invalidateSection(queryClient, etpId, null);
      if (kind === "accept") onAccepted(answer);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  const offline = section.suggestion_provenance === "offline";
  return (
    <section className="etp-suggestion" role="region" aria-labelledby={titleId}>
      <h2 id={titleId} className="etp-suggestion__title">
        <Icon name="robot" /> Sugestão da IA
      </h2>
      <p className="etp-suggestion__intro">
        {offline
          ? "Rascunho gerado a partir do modelo (sem IA generativa), guardado como sugestão porque a seção já tinha um texto seu. "
          : "Rascunho redigido com auxílio de inteligência artificial, guardado como sugestão porque a seção já tinha um texto seu. "}
        Revise-o antes de aceitar: o texto da seção só muda se você aceitar.
      </p>
      {!plain ? (
        <p className="etp-suggestion__legend">
          Comparação com o texto atual: {plural(stats.added, "palavra incluída", "palavras incluídas")} (sublinhadas), {plural(stats.removed, "palavra removida", "palavras removidas")} (riscadas).
        </p>
      ) : null}
      <button type="button" className="br-button tertiary small" aria-pressed={plain} onClick={() => setPlain((value) => !value)}>
        <Icon name={plain ? "eye" : "file-alt"} /> {plain ? "Ver as diferenças" : "Ver só o texto sugerido"}
      </button>
      <div className="etp-suggestion__text etp-diff" role="group" tabIndex={0} aria-label={plain ? "Texto sugerido" : "Diferenças entre o texto atual e a sugestão"}>
        {plain
          ? suggestion
          : parts.map((part, index) =>
              part.kind === "added" ? (
                <ins key={index}>{part.text}</ins>
              ) : part.kind === "removed" ? (
                <del key={index}>{part.text}</del>
              ) : (
                <span key={index}>{part.text}</span>
              ),
            )}
      </div>
      {error ? <Message kind="danger">{error}</Message> : null}
      <div className="etp-actions">
        <button type="button" className="br-button primary" onClick={() => void act("accept")} disabled={busy}>
          <Icon name="check" /> Aceitar a sugestão
        </button>
        <button type="button" className="br-button secondary" onClick={() => void act("discard")} disabled={busy}>
          <Icon name="trash" /> Descartar
        </button>
      </div>
    </section>
  );
}
