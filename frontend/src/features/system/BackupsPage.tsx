// /sistema/backups (system admins): the database backups (GET /api/v1/admin/backups, paginated) and
// "Fazer backup agora" (POST → 202 Job, followed with useJob; the list refreshes when it ends).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useSearchParams } from "react-router";

import { api, paginationOf, unwrap, unwrapWithResponse } from "../../api/client";
import { ApiError, messageOf } from "../../api/errors";
import type { Backup, Job, Pagination as PageInfo } from "../../api/types";
import { isTerminal, useJob } from "../../api/useJob";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { Tag } from "../../components/StatusTag";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDateTime } from "../../lib/format";
import { BACKUP_LOOK, formatDuration, formatSize, lookOf, TRIGGER_LABEL } from "./looks";
import { SystemTabs } from "./SystemTabs";
import "./system.css";
import { Pagination } from "../../components/Pagination";

export const PAGE_SIZE = 20;
export const backupKeys = { all: ["system", "backups"] as const, page: (page: number) => ["system", "backups", page] as const };

function Sha({ value }: { value: string | null | undefined }) {
  const [copied, setCopied] = useState<"ok" | "fail" | null>(null);
  if (!value) return <>—</>;
  async function copy() {
    try {
      await navigator.clipboard.writeText(value ?? "");
      setCopied("ok");
    } catch {
      setCopied("fail");
    }
  }
  return (
    <div>
      <details>
        <summary>
          <span className="etp-system__hash">{value.slice(0, 12)}…</span>
          <span className="visually-hidden"> (mostrar o SHA-256 completo)</span>
        </summary>
        <span className="etp-system__hash">{value}</span>
      </details>
      <button type="button" className="br-button secondary small" onClick={() => void copy()} aria-label={`Copiar o SHA-256 ${value.slice(0, 12)}`}>
        <Icon name="clipboard-list" /> Copiar
      </button>
      <span role="status" className="etp-system__detail">{copied === "ok" ? " Copiado." : copied === "fail" ? " Não foi possível copiar: abra o valor completo e copie-o." : ""}</span>
    </div>
  );
}

function Verified({ backup }: { backup: Backup }) {
  if (backup.verified_at) return <Tag look={{ label: `Verificado em ${formatDateTime(backup.verified_at)}`, icon: "check-circle", tone: "success" }} small />;
  if (backup.status === "running") return <>—</>;
  return <Tag look={{ label: "Não verificado", icon: "exclamation-triangle", tone: "warning" }} small />;
}

function RestoreCheck({ backup }: { backup: Backup }) {
  if (!backup.restore_checked_at) return <span className="etp-system__detail">Ainda não testada</span>;
  const ok = Boolean((backup.restore_check as { ok?: boolean } | null | undefined)?.ok);
  return (
    <Tag
      look={ok ? { label: `Restaurou em ${formatDateTime(backup.restore_checked_at)}`, icon: "check-circle", tone: "success" } : { label: `Falhou em ${formatDateTime(backup.restore_checked_at)}`, icon: "times-circle", tone: "danger" }}
      small
    />
  );
}

function BackupTable({ rows }: { rows: Backup[] }) {
  return (
    <div className="etp-table-scroll" role="region" aria-label="Lista de backups" tabIndex={0}>
      <table>
        <caption className="visually-hidden">Backups do banco de dados, mais recentes primeiro</caption>
        <thead>
          <tr>
            <th scope="col">Início</th>
            <th scope="col">Situação</th>
            <th scope="col">Origem</th>
            <th scope="col">Tamanho</th>
            <th scope="col">Duração</th>
            <th scope="col">SHA-256</th>
            <th scope="col">Verificação</th>
            <th scope="col">Teste de restauração</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((backup) => (
            <tr key={backup.id}>
              <th scope="row" className="etp-system__nowrap">
                {formatDateTime(backup.started_at)}
                <div className="etp-system__detail">{backup.file_name}</div>
              </th>
              <td>
                <Tag look={lookOf(BACKUP_LOOK, backup.status)} small />
                {backup.error ? <div className="etp-system__detail">{backup.error}</div> : null}
                {backup.deleted_at ? <div className="etp-system__detail">Arquivo removido pela retenção em {formatDateTime(backup.deleted_at)}</div> : null}
              </td>
              <td>{TRIGGER_LABEL[backup.trigger ?? ""] ?? backup.trigger ?? "—"}</td>
              <td className="etp-system__nowrap">
                {formatSize(backup.size_bytes)}
                {typeof backup.tables === "number" ? <div className="etp-system__detail">{backup.tables} tabelas, {typeof backup.rows === "number" ? backup.rows : 0} linhas</div> : null}
              </td>
              <td className="etp-system__nowrap">{formatDuration(backup.duration_seconds)}</td>
              <td><Sha value={backup.sha256} /></td>
              <td><Verified backup={backup} /></td>
              <td><RestoreCheck backup={backup} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}


function BackupProgress({ jobId, onDone }: { jobId: string; onDone: (job: Job) => void }) {
  const job = useJob(jobId, { onSettled: onDone });
  const data = job.data;
  if (job.isError) return <Message kind="danger">{messageOf(job.error)}</Message>;
  if (!data || !isTerminal(data)) {
    return <Loading label={data?.state === "running" ? "Fazendo o backup (pg_dump e verificação)…" : "Backup na fila…"} progress={data?.progress ?? 0} />;
  }
  if (data.state === "succeeded") return <Message kind="success" title="Backup concluído">O backup foi feito e verificado; ele já aparece na lista.</Message>;
  return <Message kind="danger" title="O backup falhou">{data.error || "O trabalho terminou sem concluir o backup."}</Message>;
}

export default function BackupsPage() {
  usePageTitle("Backups");
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get("page")) || 1);
  const [jobId, setJobId] = useState<string | null>(null);
  const [running, setRunning] = useState(false);

  const list = useQuery({
    queryKey: backupKeys.page(page),
    queryFn: async (): Promise<{ items: Backup[]; pagination: PageInfo | null }> => {
      const { data, response } = await unwrapWithResponse(api.GET("/api/v1/admin/backups", { params: { query: { page, page_size: PAGE_SIZE } } }));
      return { items: data as Backup[], pagination: paginationOf(response) };
    },
    placeholderData: (previous) => previous,
  });

  const start = useMutation({
    mutationFn: async () => (await unwrap(api.POST("/api/v1/admin/backups"))) as Job,
    onSuccess: (job) => {
      if (job.id) {
        setJobId(job.id);
        setRunning(true);
      }
      void queryClient.invalidateQueries({ queryKey: backupKeys.all });
    },
  });
  const runningJob = start.error instanceof ApiError && start.error.status === 409 ? start.error.fieldErrors.job_id?.[0] : undefined;

  function goTo(next: number) {
    const copy = new URLSearchParams(params);
    if (next <= 1) copy.delete("page");
    else copy.set("page", String(next));
    setParams(copy);
  }

  return (
    <div className="etp-system">
      <SystemTabs />
      <h1>Backups</h1>
      <p>
        Cópias do banco de dados inteiro, feitas com pg_dump todos os dias e sob demanda. Cada arquivo é lido de volta e conferido
        (SHA-256 e sumário do pg_restore); uma vez por semana o backup mais recente é restaurado em um banco temporário para provar
        que funciona.
      </p>
      <div className="etp-system__toolbar">
        <button type="button" className="br-button primary" disabled={start.isPending || running} onClick={() => start.mutate()}>
          <Icon name="database" /> {start.isPending ? "Pedindo o backup…" : "Fazer backup agora"}
        </button>
      </div>
      {start.isError ? (
        <Message kind={runningJob ? "warning" : "danger"} title={runningJob ? "Já há um backup em andamento" : undefined}>
          {messageOf(start.error)}
          {runningJob ? (
            <>
              {" "}
              <button type="button" className="br-button secondary small" onClick={() => { setJobId(runningJob); setRunning(true); start.reset(); }}>Acompanhar</button>
            </>
          ) : null}
        </Message>
      ) : null}
      {jobId ? <BackupProgress key={jobId} jobId={jobId} onDone={() => { setRunning(false); void queryClient.invalidateQueries({ queryKey: backupKeys.all }); }} /> : null}

      <section aria-labelledby="lista-backups-titulo">
        <h2 id="lista-backups-titulo">Backups feitos</h2>
        {list.isPending ? <Loading label="Carregando os backups…" /> : null}
        {list.isError ? <Message kind="danger">{messageOf(list.error)}</Message> : null}
        {list.data && list.data.items.length === 0 ? <p>Nenhum backup ainda. O primeiro backup agendado roda de madrugada; você pode fazer um agora.</p> : null}
        {list.data && list.data.items.length > 0 ? (
          <>
            <p className="etp-system__detail">{list.data.pagination ? `${list.data.pagination.total} backups no total` : null}</p>
            <BackupTable rows={list.data.items} />
            <Pagination pagination={list.data.pagination} onPage={goTo} label="Paginação dos backups" />
          </>
        ) : null}
      </section>
    </div>
  );
}
