// The progress of a draft job: one row per inciso (waiting / drafting / done / failed with the reason,
// as text plus icon), "n de m seções" with a determinate bar, the elapsed time, cancel and retry of
// the failed sections. Polling only through useJob; the live region speaks at state changes only.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { Link } from "react-router";

import { ApiError, messageOf } from "../../api/errors";
import { keys } from "../../api/queries";
import type { Job, Section } from "../../api/types";
import { isTerminal, useJob } from "../../api/useJob";
import { Icon, type IconName } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { JobStateTag } from "../../components/StatusTag";
import { formatElapsed } from "../../lib/format";
import { cancelJob, draftEtp, invalidateSection } from "./api";
import { announcements, newlySettled, progressOf, ROW_LABELS, type Progress, type ProgressRow, type RowState } from "./progress";
import { useElapsed } from "./useElapsed";

const ROW_ICONS: Record<RowState, IconName> = {
  waiting: "clock",
  drafting: "spinner",
  done: "check-circle",
  suggestion: "eye",
  failed: "times-circle",
  stopped: "ban",
};

const NO_INCISOS: number[] = [];

function signature(progress: Progress): string {
  return `${progress.state}|${progress.rows.map((r) => `${r.inciso}:${r.state}`).join(",")}`;
}

function Row({ etpId, row }: { etpId: string; row: ProgressRow }) {
  const href = `/etps/${etpId}/secoes/${row.inciso}`;
  return (
    <li className={`etp-progress-row etp-progress-row--${row.state}`}>
      <span className="etp-progress-row__name">
        Seção {row.code}
        {row.title ? ` — ${row.title}` : ""}
      </span>
      <span className="etp-progress-row__state">
        <Icon name={ROW_ICONS[row.state]} spin={row.state === "drafting"} /> {ROW_LABELS[row.state]}
      </span>
      {row.state === "failed" && row.error ? <span className="etp-progress-row__reason">Motivo: {row.error}</span> : null}
      {row.state === "stopped" && row.error ? <span className="etp-progress-row__reason">{row.error}</span> : null}
      {row.state === "suggestion" ? (
        <span className="etp-progress-row__reason">
          O texto escrito por uma pessoa foi mantido. <Link to={href}>Revisar a sugestão da seção {row.code}</Link>
        </span>
      ) : null}
      {row.state === "done" ? (
        <Link className="etp-progress-row__link" to={href}>
          Abrir a seção {row.code}
        </Link>
      ) : null}
    </li>
  );
}

export function DraftProgressPanel({
  etpId,
  jobId,
  sections,
  requested = NO_INCISOS,
  onJobStarted,
  onClose,
}: {
  etpId: string;
  jobId: string;
  sections: Section[];
  /** The incisos this page asked the job to draft (unknown after a reload: the job's sections tell). */
  requested?: number[];
  onJobStarted: (job: Job, incisos: number[]) => void;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const jobQuery = useJob(jobId);
  const job = jobQuery.data;
  const progress = useMemo(() => progressOf(job, sections, requested), [job, sections, requested]);
  const elapsed = useElapsed(job);
  const [announcement, setAnnouncement] = useState("");
  const [notice, setNotice] = useState<{ kind: "danger" | "info"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const previous = useRef<Progress | null>(null);
  const previousJob = useRef<string | null>(null);
  const sig = job ? signature(progress) : "";
  useEffect(() => {
    if (!job) return;
    if (previousJob.current !== jobId) {
      previousJob.current = jobId;
      previous.current = null;
    }
    const said = announcements(previous.current, progress);
    if (said.length) setAnnouncement(said.join(" "));
    for (const inciso of newlySettled(previous.current, progress)) invalidateSection(queryClient, etpId, inciso);
    if (previous.current && previous.current.state !== progress.state && isTerminal(job)) invalidateSection(queryClient, etpId, null);
    previous.current = progress;
    // the signature stands for the progress: announce and refresh only when a state changed
  }, [sig, jobId]);

  const failed = progress.rows.filter((r) => r.state === "failed").map((r) => r.inciso);
  const terminal = isTerminal(job);
  const percent = progress.total ? (progress.finished * 100) / progress.total : (job?.progress ?? 0);

  async function cancel() {
    setBusy(true);
    setNotice(null);
    try {
      const answer = await cancelJob(jobId);
      queryClient.setQueryData(keys.job(jobId), answer);
      invalidateSection(queryClient, etpId, null);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        setNotice({ kind: "info", text: `A redação já havia terminado: não há o que cancelar. ${error.message}` });
        void queryClient.invalidateQueries({ queryKey: keys.job(jobId) });
      } else setNotice({ kind: "danger", text: messageOf(error) });
    } finally {
      setBusy(false);
    }
  }

  async function retry() {
    setBusy(true);
    setNotice(null);
    try {
      const next = await draftEtp(etpId, { incisos: failed });
      queryClient.setQueryData(keys.job(next.id ?? ""), next);
      invalidateSection(queryClient, etpId, null);
      onJobStarted(next, failed);
    } catch (error) {
      setNotice({ kind: "danger", text: messageOf(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="etp-draft-panel" aria-labelledby="painel-redacao-titulo">
      <div className="etp-draft-panel__head">
        <h2 id="painel-redacao-titulo">Andamento da redação</h2>
        {job ? <JobStateTag state={job.state} /> : null}
      </div>
      <p aria-live="polite" aria-atomic="true" className="visually-hidden" data-testid="anuncio-redacao">
        {announcement}
      </p>
      {jobQuery.isPending ? <Loading label="Carregando o andamento da redação…" /> : null}
      {jobQuery.isError ? <Message kind="danger">{messageOf(jobQuery.error)}</Message> : null}
      {job ? (
        <>
          <Loading
            label={progress.total ? `${progress.ready} de ${progress.total} seções prontas${progress.failed ? ` · ${progress.failed} com falha` : ""}` : job.state === "queued" ? "Na fila" : "Redigindo"}
            progress={terminal && job.state === "succeeded" ? 100 : percent}
          />
          {elapsed !== null ? <p className="etp-draft-panel__elapsed">Tempo decorrido: {formatElapsed(elapsed)}</p> : null}
          {progress.rows.length ? (
            <ol className="etp-progress-rows" aria-label="Andamento por seção">
              {progress.rows.map((row) => (
                <Row key={row.inciso} etpId={etpId} row={row} />
              ))}
            </ol>
          ) : null}
          {job.state === "failed" && job.error ? <Message kind="danger">{job.error}</Message> : null}
          {job.state === "succeeded" ? <Message kind="success">Redação concluída. Revise cada texto antes de usá-lo.</Message> : null}
          {job.state === "cancelled" ? <Message kind="info">Redação cancelada: as seções não redigidas ficaram como estavam.</Message> : null}
        </>
      ) : null}
      {notice ? <Message kind={notice.kind}>{notice.text}</Message> : null}
      <div className="etp-actions">
        {job && !terminal ? (
          <button type="button" className="br-button secondary" onClick={() => void cancel()} disabled={busy}>
            <Icon name="ban" /> Cancelar
          </button>
        ) : null}
        {terminal && failed.length ? (
          <button type="button" className="br-button primary" onClick={() => void retry()} disabled={busy}>
            <Icon name="redo" /> Tentar novamente as seções que falharam
          </button>
        ) : null}
        {terminal || jobQuery.isError ? (
          <button type="button" className="br-button tertiary" onClick={onClose}>
            <Icon name="times" /> Fechar o painel
          </button>
        ) : null}
      </div>
    </section>
  );
}
