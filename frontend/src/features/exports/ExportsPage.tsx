// Exportar (inside the ETP workspace): choose PDF, DOCX, JSON or XML, follow the job (useJob), then
// download the file through the authenticated API — a PDF also previews in the browser's viewer —
// and the ETP's export history. `?tarefa=<job>` keeps the job across a reload (and is where the
// finished-job notice links back to); `?pagina=` is the history's page.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useParams, useSearchParams } from "react-router";

import { messageOf } from "../../api/errors";
import { keys, useEtp } from "../../api/queries";
import type { Export, ExportFormat } from "../../api/types";
import { useSession } from "../../auth/useSession";
import { Icon } from "../../components/Icon";
import { Message } from "../../components/Message";
import { usePageTitle } from "../../components/usePageTitle";
import { useJobParam } from "../drafting/api";
import { watchJob } from "../notifications/registry";
import { FORMAT_NAMES, FORMATS, isFormat, requestExport, useExportHistory } from "./api";
import { ExportHistory } from "./ExportHistory";
import { ExportPreview } from "./ExportPreview";
import { ExportProgress } from "./ExportProgress";
import { useDownload } from "./useDownload";
import "./exports.css";

const PAGE_PARAM = "pagina";

interface Previewed {
  exportId: string;
  fileName: string;
  size: number | null;
}

function FormatChooser({ value, onChange, disabled }: { value: ExportFormat; onChange: (format: ExportFormat) => void; disabled: boolean }) {
  const id = useId();
  return (
    <fieldset className="etp-export-formats">
      <legend>Formato do arquivo</legend>
      {FORMATS.map((option) => {
        const optionId = `${id}-${option.value}`;
        return (
          <div key={option.value} className="br-radio etp-export-format">
            <input id={optionId} type="radio" name="formato" value={option.value} checked={value === option.value} onChange={() => onChange(option.value)} disabled={disabled} aria-describedby={`${optionId}-descricao`} />
            <label htmlFor={optionId}>
              <span className="etp-export-format__title">
                <Icon name={option.icon} /> {option.label}
              </span>
              <span id={`${optionId}-descricao`} className="etp-export-format__description">
                {option.description}
              </span>
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}

export default function ExportsPage() {
  const { etpId = "" } = useParams();
  const queryClient = useQueryClient();
  const session = useSession();
  const etp = useEtp(etpId).data?.etp;
  usePageTitle(etp?.title ? `Exportar — ${etp.title}` : "Exportar o ETP");
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get(PAGE_PARAM)) || 1);
  const [jobId, setJobId] = useJobParam();
  const [format, setFormat] = useState<ExportFormat>("pdf");
  const [asked, setAsked] = useState<{ jobId: string; format: ExportFormat } | null>(null);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const [preview, setPreview] = useState<Previewed | null>(null);
  const { download, busy, problem, clearProblem } = useDownload();
  const jobHeading = useRef<HTMLHeadingElement>(null);
  const focusJob = useRef(false);

  // After a reload the job's format is in the history (the job record names no format).
  const firstPage = useExportHistory(etpId, 1);
  const jobFormat: ExportFormat | null =
    (asked && asked.jobId === jobId ? asked.format : null) ?? (firstPage.data?.items.find((e) => e.job_id === jobId)?.format as ExportFormat | undefined) ?? null;

  useEffect(() => {
    if (focusJob.current && jobId) {
      focusJob.current = false;
      jobHeading.current?.focus();
    }
  }, [jobId]);

  async function start(chosen: ExportFormat) {
    setStarting(true);
    setStartError(null);
    clearProblem();
    try {
      const job = await requestExport(etpId, chosen);
      const id = job.id ?? "";
      queryClient.setQueryData(keys.job(id), job);
      watchJob(job, { etpId, etpTitle: etp?.title ?? null, format: chosen });
      setAsked({ jobId: id, format: chosen });
      setFormat(chosen);
      focusJob.current = true;
      setJobId(id);
      void queryClient.invalidateQueries({ queryKey: keys.exports(etpId) });
    } catch (error) {
      setStartError(messageOf(error));
    } finally {
      setStarting(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void start(format);
  }

  function setPage(next: number) {
    setParams(
      (current) => {
        const copy = new URLSearchParams(current);
        if (next > 1) copy.set(PAGE_PARAM, String(next));
        else copy.delete(PAGE_PARAM);
        return copy;
      },
      { replace: false },
    );
  }

  function fallbackName(chosen: ExportFormat) {
    return `ETP.${chosen}`;
  }

  function openPreview(exportId: string, fileName: string | null, size: number | null) {
    setPreview({ exportId, fileName: fileName ?? fallbackName("pdf"), size });
  }

  function downloadRow(item: Export) {
    if (!item.id || !isFormat(item.format)) return;
    void download({ exportId: item.id, etpId, fileName: item.file_name ?? null, fallbackName: fallbackName(item.format), source: "history" });
  }


  return (
    <div className="etp-exports">
      <h1>Exportar o ETP</h1>
      <p className="etp-exports__intro">
        Gere o documento do ETP na versão atual. O arquivo fica disponível para baixar por um tempo limitado (a validade aparece no histórico); depois disso, basta exportar novamente.
      </p>

      <section className="etp-export-new" aria-labelledby="nova-exportacao-titulo">
        <h2 id="nova-exportacao-titulo">Nova exportação</h2>
        <form onSubmit={submit} noValidate>
          <FormatChooser value={format} onChange={setFormat} disabled={starting} />
          {startError ? <Message kind="danger">{startError}</Message> : null}
          <div className="etp-actions">
            <button type="submit" className="br-button primary" disabled={starting}>
              <Icon name="download" /> {starting ? "Pedindo a exportação…" : `Exportar em ${FORMAT_NAMES[format]}`}
            </button>
          </div>
        </form>
      </section>

      {jobId ? (
        <ExportProgress
          ref={jobHeading}
          etpId={etpId}
          jobId={jobId}
          format={jobFormat}
          downloading={Boolean(busy)}
          problem={problem?.source === "panel" ? problem : null}
          onDownload={(exportId, fileName, chosen) => void download({ exportId, etpId, fileName, fallbackName: fallbackName(chosen), source: "panel" })}
          onPreview={openPreview}
          onExportAgain={(chosen) => void start(chosen)}
          onClose={() => {
            clearProblem();
            setJobId(null);
          }}
        />
      ) : null}

      {preview ? (
        <ExportPreview
          key={preview.exportId}
          exportId={preview.exportId}
          fileName={preview.fileName}
          size={preview.size}
          onClose={() => setPreview(null)}
          onExpired={() => {
            setPreview(null);
            void start("pdf");
          }}
        />
      ) : null}

      <ExportHistory
        etpId={etpId}
        page={page}
        onPage={setPage}
        currentUserId={session.user?.id ?? null}
        busy={busy}
        problem={problem?.source === "history" ? problem : null}
        onDownload={downloadRow}
        onPreview={(item) => item.id && openPreview(item.id, item.file_name ?? null, item.size ?? null)}
        onExportAgain={(chosen) => void start(chosen)}
        starting={starting}
      />
    </div>
  );
}
