// One export job, as the drafting panel shows a job: state tag, a determinate bar, the elapsed time,
// cancel while it runs; when done, the file (name, format, size, validity) and its download button.
// Polling only through useJob; the live region speaks at state changes only.
import { useQueryClient } from "@tanstack/react-query";
import { forwardRef, useEffect, useRef, useState } from "react";

import { ApiError, messageOf } from "../../api/errors";
import { keys } from "../../api/queries";
import type { ExportFormat, Job } from "../../api/types";
import { isTerminal, useJob } from "../../api/useJob";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { JobStateTag } from "../../components/StatusTag";
import { formatBytes, formatDate, formatElapsed } from "../../lib/format";
import { cancelJob } from "../drafting/api";
import { useElapsed } from "../drafting/useElapsed";
import { FORMAT_NAMES, resultOf } from "./api";
import type { DownloadProblem } from "./useDownload";

function announcement(job: Job, format: string): string {
  if (job.state === "running") return `Exportação em ${format} em andamento.`;
  if (job.state === "succeeded") return `Exportação em ${format} concluída: o arquivo está pronto para baixar.`;
  if (job.state === "failed") return `A exportação em ${format} falhou. ${job.error ?? ""}`.trim();
  if (job.state === "cancelled") return `Exportação em ${format} cancelada.`;
  return "";
}

export const ExportProgress = forwardRef<
  HTMLHeadingElement,
  {
    etpId: string;
    jobId: string;
    format: ExportFormat | null;
    downloading: boolean;
    problem: DownloadProblem;
    onDownload: (exportId: string, fileName: string | null, format: ExportFormat) => void;
    onPreview: (exportId: string, fileName: string | null, size: number | null) => void;
    onExportAgain: (format: ExportFormat) => void;
    onClose: () => void;
  }
>(function ExportProgress({ etpId, jobId, format: asked, downloading, problem, onDownload, onPreview, onExportAgain, onClose }, headingRef) {
  const queryClient = useQueryClient();
  const jobQuery = useJob(jobId, {
    onSettled: () => void queryClient.invalidateQueries({ queryKey: keys.exports(etpId) }),
  });
  const job = jobQuery.data;
  const result = resultOf(job);
  const format = result?.format ?? asked;
  const formatName = format ? FORMAT_NAMES[format] : "";
  const elapsed = useElapsed(job);
  const terminal = isTerminal(job);
  const [said, setSaid] = useState("");
  const [notice, setNotice] = useState<{ kind: "danger" | "info"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const lastState = useRef<string | null>(null);
  useEffect(() => {
    if (!job?.state) return;
    if (lastState.current !== null && lastState.current !== job.state) setSaid(announcement(job, formatName));
    lastState.current = job.state;
  }, [job, formatName]);

  async function cancel() {
    setBusy(true);
    setNotice(null);
    try {
      queryClient.setQueryData(keys.job(jobId), await cancelJob(jobId));
      void queryClient.invalidateQueries({ queryKey: keys.exports(etpId) });
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        setNotice({ kind: "info", text: `A exportação já havia terminado: não há o que cancelar. ${error.message}` });
        void queryClient.invalidateQueries({ queryKey: keys.job(jobId) });
      } else setNotice({ kind: "danger", text: messageOf(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="etp-export-job" aria-labelledby="exportacao-andamento-titulo">
      <div className="etp-export-job__head">
        <h2 id="exportacao-andamento-titulo" ref={headingRef} tabIndex={-1}>
          {formatName ? `Exportação em ${formatName}` : "Exportação"}
        </h2>
        {job ? <JobStateTag state={job.state} /> : null}
      </div>
      <p aria-live="polite" aria-atomic="true" className="visually-hidden" data-testid="anuncio-exportacao">
        {said}
      </p>
      {jobQuery.isPending ? <Loading label="Carregando o andamento da exportação…" /> : null}
      {jobQuery.isError ? <Message kind="danger">{messageOf(jobQuery.error)}</Message> : null}
      {job && !terminal ? (
        <>
          <Loading label={job.state === "queued" ? "Na fila: a exportação começa em instantes" : `Gerando o arquivo${formatName ? ` ${formatName}` : ""}…`} progress={job.progress ?? 0} />
          {elapsed !== null ? <p className="etp-export-job__elapsed">Tempo decorrido: {formatElapsed(elapsed)}</p> : null}
        </>
      ) : null}
      {job?.state === "failed" ? <Message kind="danger">{job.error ?? "A exportação falhou."}</Message> : null}
      {job?.state === "cancelled" ? <Message kind="info">Exportação cancelada: nenhum arquivo foi gerado.</Message> : null}
      {job?.state === "succeeded" && result && format ? (
        <div className="etp-export-ready">
          <Message kind="success">Exportação concluída. Confira o arquivo antes de juntá-lo ao processo.</Message>
          <dl className="etp-export-ready__facts">
            <div>
              <dt>Arquivo</dt>
              <dd className="etp-export-ready__name">{result.file_name ?? "—"}</dd>
            </div>
            <div>
              <dt>Formato</dt>
              <dd>{formatName}</dd>
            </div>
            <div>
              <dt>Tamanho</dt>
              <dd>{formatBytes(result.size) || "—"}</dd>
            </div>
            {result.etp_version ? (
              <div>
                <dt>Versão do ETP</dt>
                <dd>{result.etp_version}</dd>
              </div>
            ) : null}
            {result.expires_at ? (
              <div>
                <dt>Disponível até</dt>
                <dd>{formatDate(result.expires_at)}</dd>
              </div>
            ) : null}
          </dl>
          {problem ? (
            <Message kind={problem.kind === "expired" ? "warning" : "danger"}>
              {problem.message}{" "}
              {problem.kind === "expired" ? (
                <button type="button" className="br-button secondary small" onClick={() => onExportAgain(format)}>
                  <Icon name="redo" /> Exportar novamente em {formatName}
                </button>
              ) : null}
            </Message>
          ) : null}
          <div className="etp-actions">
            <button type="button" className="br-button primary" disabled={downloading} onClick={() => onDownload(result.export_id, result.file_name, format)}>
              <Icon name="download" /> Baixar ETP em {formatName}
              {result.size !== null ? ` (${formatBytes(result.size)})` : ""}
            </button>
            {format === "pdf" ? (
              <button type="button" className="br-button secondary" onClick={() => onPreview(result.export_id, result.file_name, result.size)}>
                <Icon name="eye" /> Pré-visualizar o PDF
              </button>
            ) : null}
          </div>
          {downloading ? <Loading label="Preparando o download…" /> : null}
        </div>
      ) : null}
      {notice ? <Message kind={notice.kind}>{notice.text}</Message> : null}
      <div className="etp-actions">
        {job && !terminal ? (
          <button type="button" className="br-button secondary" onClick={() => void cancel()} disabled={busy}>
            <Icon name="ban" /> Cancelar a exportação
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
});
