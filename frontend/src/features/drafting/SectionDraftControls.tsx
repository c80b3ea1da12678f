// "Redigir com IA" for one section, with optional instructions; the job's id goes in `?tarefa=`
// (replace) so a reload resumes watching it; its state and elapsed time while it runs, cancel, the
// failure reason, and fresh section data when it ends.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";

import { ApiError, messageOf } from "../../api/errors";
import { keys } from "../../api/queries";
import type { Job, Section } from "../../api/types";
import { isTerminal, useJob } from "../../api/useJob";
import { Icon } from "../../components/Icon";
import { Message } from "../../components/Message";
import { JobStateTag } from "../../components/StatusTag";
import { formatElapsed } from "../../lib/format";
import { watchJob } from "../notifications/registry";
import { cancelJob, draftSection, invalidateSection, useJobParam } from "./api";
import { useElapsed } from "./useElapsed";
import "./drafting.css";

function outcomeOf(job: Job, code: string | undefined): { applied?: string; error?: string; status?: string } | undefined {
  const sections = (job.result as { sections?: Record<string, { applied?: string; error?: string; status?: string }> } | null | undefined)?.sections;
  return code ? sections?.[code] : undefined;
}

export function SectionDraftControls({ etpId, section, disabled }: { etpId: string; section: Section; disabled: boolean }) {
  const queryClient = useQueryClient();
  const instructionsId = useId();
  const [jobParam, setJobParam] = useJobParam();
  const [instructions, setInstructions] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [announcement, setAnnouncement] = useState("");

  const watched = useJob(jobParam, {
    onSettled: (job) => {
      if (job.kind === "draft_section" && job.inciso === section.inciso) invalidateSection(queryClient, etpId, section.inciso);
    },
  });
  // only this section's job is shown here (a whole-ETP job's panel is on the overview)
  const job = watched.data && watched.data.kind === "draft_section" && watched.data.inciso === section.inciso ? watched.data : undefined;
  const running = Boolean(job) && !isTerminal(job);
  const elapsed = useElapsed(job);

  const lastState = useRef<string | null>(null);
  useEffect(() => {
    if (!job?.state) return;
    if (lastState.current !== null && lastState.current !== job.state) {
      const outcome = outcomeOf(job, section.code);
      if (job.state === "running") setAnnouncement(`Redação da seção ${section.code ?? ""} em andamento.`);
      else if (job.state === "succeeded")
        setAnnouncement(outcome?.applied === "suggestion" ? `A sugestão da IA para a seção ${section.code ?? ""} está pronta para revisão.` : `Seção ${section.code ?? ""} redigida.`);
      else if (job.state === "failed") setAnnouncement(`A redação da seção ${section.code ?? ""} falhou: ${job.error ?? ""}`);
      else if (job.state === "cancelled") setAnnouncement("Redação cancelada.");
    }
    lastState.current = job.state;
  }, [job, section.code]);

  async function start() {
    if (!section.inciso) return;
    setBusy(true);
    setError(null);
    try {
      const created = await draftSection(etpId, section.inciso, instructions);
      lastState.current = created.state ?? "queued";
      queryClient.setQueryData(keys.job(created.id ?? ""), created);
      setJobParam(created.id ?? null);
      watchJob(created, { etpId }); // a notice if it ends while the person is elsewhere
      setAnnouncement(`Redação da seção ${section.code ?? ""} pedida.`);
      invalidateSection(queryClient, etpId, section.inciso);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  async function cancel() {
    if (!job?.id) return;
    setBusy(true);
    setError(null);
    try {
      queryClient.setQueryData(keys.job(job.id), await cancelJob(job.id));
      invalidateSection(queryClient, etpId, section.inciso);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        setError(`A redação já havia terminado: não há o que cancelar. ${err.message}`);
        void queryClient.invalidateQueries({ queryKey: keys.job(job.id) });
      } else setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  const outcome = job ? outcomeOf(job, section.code) : undefined;
  const elsewhere = section.status === "drafting" && !running;

  return (
    <section className="etp-section-draft" aria-labelledby={`${instructionsId}-titulo`}>
      <h2 id={`${instructionsId}-titulo`} className="etp-section-draft__title">
        <Icon name="robot" /> Redação com IA
      </h2>
      <p aria-live="polite" aria-atomic="true" className="visually-hidden">
        {announcement}
      </p>
      {!running ? (
        <div className="br-textarea etp-field">
          <label htmlFor={instructionsId}>Instruções para a IA (opcional)</label>
          <textarea
            id={instructionsId}
            value={instructions}
            maxLength={4000}
            rows={2}
            onChange={(event) => setInstructions(event.target.value)}
            disabled={disabled || busy}
            aria-describedby={`${instructionsId}-dica`}
          />
          <p id={`${instructionsId}-dica`} className="etp-hint">
            A IA redige um rascunho a partir dos dados do ETP e das seções anteriores. Se a seção já tiver um texto seu, ele é mantido e o rascunho vira uma sugestão.
          </p>
        </div>
      ) : null}
      {elsewhere ? <Message kind="info">Esta seção já está em redação por outro trabalho. Aguarde o fim dele.</Message> : null}
      {job ? (
        <div className="etp-section-draft__job">
          <JobStateTag state={job.state} />
          {elapsed !== null ? <span className="etp-section-draft__elapsed">Tempo decorrido: {formatElapsed(elapsed)}</span> : null}
        </div>
      ) : null}
      {job?.state === "failed" ? <Message kind="danger">A redação falhou: {outcome?.error ?? job.error ?? "motivo não informado."}</Message> : null}
      {job?.state === "succeeded" && outcome?.applied === "suggestion" ? (
        <Message kind="info">O texto da seção foi mantido: o rascunho da IA ficou como sugestão para você revisar.</Message>
      ) : null}
      {job?.state === "succeeded" && outcome?.applied !== "suggestion" ? <Message kind="success">Seção redigida. Revise o texto antes de usá-lo.</Message> : null}
      {error ? <Message kind="danger">{error}</Message> : null}
      <div className="etp-actions">
        {running ? (
          <button type="button" className="br-button secondary" onClick={() => void cancel()} disabled={busy}>
            <Icon name="ban" /> Cancelar a redação
          </button>
        ) : (
          <button type="button" className="br-button primary" onClick={() => void start()} disabled={disabled || busy || elsewhere}>
            <Icon name="robot" /> Redigir com IA
          </button>
        )}
      </div>
    </section>
  );
}
