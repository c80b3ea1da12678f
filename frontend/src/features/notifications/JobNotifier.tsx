// Notices for the jobs of registry.ts: each unfinished job is followed with useJob (the one poller)
// only while its own page is not open — that page follows and shows it itself; a job that ends
// away from its page becomes a notice in a polite live region, with a link back and a dismiss
// button. Lazy-loaded by the Layout, and only while the person has jobs to follow.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { Link, useLocation } from "react-router";

import { api, unwrap } from "../../api/client";
import { ApiError } from "../../api/errors";
import { keys } from "../../api/queries";
import type { Etp, Job } from "../../api/types";
import { isTerminal, useJob } from "../../api/useJob";
import { useSession } from "../../auth/useSession";
import { Icon } from "../../components/Icon";
import { romanOf } from "../drafting/progress";
import { forgetJob, markFinished, useWatchedJobs, type FinishedState, type WatchedJob } from "./registry";
import "./notifications.css";

const FORMAT_NAMES: Record<string, string> = { pdf: "PDF", docx: "DOCX", json: "JSON", xml: "XML" };

function subject(entry: WatchedJob, title: string | null): string {
  const etp = title ? `do ETP “${title}”` : "do ETP";
  if (entry.kind === "export") return `A exportação${entry.format ? ` em ${FORMAT_NAMES[entry.format] ?? entry.format.toUpperCase()}` : ""} ${etp}`;
  if (entry.kind === "draft_section" && entry.inciso) return `A redação da seção ${romanOf(entry.inciso)} ${etp}`;
  return `A redação ${etp}`;
}

function outcome(entry: WatchedJob, state: FinishedState): string {
  if (state === "succeeded") return "terminou";
  if (state === "cancelled") return "foi cancelada";
  return entry.kind === "export" ? "falhou" : "terminou com falhas";
}

/** The job's own page is open: it polls and shows the job; once it ends there, nothing to notify. */
function SeenOnItsPage({ entry }: { entry: WatchedJob }) {
  // a passive observer of the page's own poll (never fetches: enabled false)
  const cached = useQuery<Job>({
    queryKey: keys.job(entry.jobId),
    enabled: false,
    queryFn: async () => (await unwrap(api.GET("/api/v1/jobs/{job_id}", { params: { path: { job_id: entry.jobId } } }))) as Job,
  });
  const terminal = isTerminal(cached.data);
  useEffect(() => {
    if (terminal || entry.finished) forgetJob(entry.jobId);
  }, [terminal, entry.finished, entry.jobId]);
  return null;
}

/** Away from its page: polls the job (useJob) and turns its end into a notice. */
function FollowedAway({ entry }: { entry: WatchedJob }) {
  const queryClient = useQueryClient();
  const query = useJob(entry.jobId, {
    onSettled: (job) => {
      markFinished(entry.jobId, (job.state ?? "failed") as FinishedState, job.error ?? null);
      if (entry.kind === "export") void queryClient.invalidateQueries({ queryKey: keys.exports(entry.etpId) });
      else {
        void queryClient.invalidateQueries({ queryKey: keys.sections(entry.etpId) });
        void queryClient.invalidateQueries({ queryKey: keys.etp(entry.etpId), exact: true });
      }
    },
  });
  const gone = query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 403);
  useEffect(() => {
    if (gone) forgetJob(entry.jobId);
  }, [gone, entry.jobId]);
  return null;
}

function Notice({ entry, state }: { entry: WatchedJob; state: FinishedState }) {
  const queryClient = useQueryClient();
  const title = entry.etpTitle ?? queryClient.getQueryData<{ etp: Etp }>(keys.etp(entry.etpId))?.etp.title ?? null;
  const what = subject(entry, title);
  const ok = state === "succeeded";
  return (
    <div className={`etp-notice etp-notice--${ok ? "success" : state === "failed" ? "danger" : "info"}`} data-job={entry.jobId}>
      <Icon name={ok ? "check-circle" : state === "failed" ? "times-circle" : "ban"} className="etp-notice__icon" />
      <p className="etp-notice__text">
        {what} {outcome(entry, state)}
        {state === "failed" && entry.error ? `: ${entry.error}` : "."}{" "}
        <Link to={entry.href} aria-label={entry.kind === "export" ? "Abrir a página de exportação" : "Abrir a redação"} onClick={() => forgetJob(entry.jobId)}>
          Abrir
        </Link>
      </p>
      <button type="button" className="br-button circle small etp-notice__close" aria-label={`Dispensar o aviso: ${what} ${outcome(entry, state)}`} onClick={() => forgetJob(entry.jobId)}>
        <Icon name="times" />
      </button>
    </div>
  );
}

export default function JobNotifier() {
  const session = useSession();
  const { pathname } = useLocation();
  const userId = session.user?.id ?? null;
  const entries = useWatchedJobs().filter((e) => userId && e.userId === userId);
  const notices = entries.filter((e) => e.finished && e.path !== pathname);
  return (
    <>
      {entries.map((entry) =>
        entry.path === pathname ? <SeenOnItsPage key={entry.jobId} entry={entry} /> : entry.finished ? null : <FollowedAway key={entry.jobId} entry={entry} />,
      )}
      <div className="etp-notices" role="status" aria-live="polite" aria-label="Avisos de tarefas">
        {notices.map((entry) => (
          <Notice key={entry.jobId} entry={entry} state={entry.finished as FinishedState} />
        ))}
      </div>
    </>
  );
}
