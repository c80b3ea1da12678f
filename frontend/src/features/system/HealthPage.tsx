// /sistema/saude (system admins): the platform's health on one page — GET /api/health (database,
// Redis, workers, e-mail), /api/health/ready (migrations) and /api/metrics (queues, jobs, backups,
// memory). Refreshed by a button and every 30 s while the tab is visible.
import { useQuery } from "@tanstack/react-query";

import { api, unwrap } from "../../api/client";
import { messageOf, toApiError } from "../../api/errors";
import type { DependencyCheck, Health, Metrics, Ready } from "../../api/types";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { Tag } from "../../components/StatusTag";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDateTime } from "../../lib/format";
import { CHECK_LOOK, formatDuration, formatLatency, formatSize, lookOf, OVERALL_LOOK, type Look } from "./looks";
import { SystemTabs } from "./SystemTabs";
import "./system.css";

export const REFRESH_MS = 30_000;
export const healthKeys = { health: ["system", "health"] as const, ready: ["system", "ready"] as const, metrics: ["system", "metrics"] as const };

const QUEUE_LABELS: Record<string, string> = { drafting: "Redação (IA)", exports: "Exportações", maintenance: "Manutenção e backups", mail: "E-mails" };

/** The health routes answer 503 with the same body when something is down: keep the body. */
async function tolerant<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const result = await call;
  if (result.data !== undefined) return result.data;
  if (result.response.status === 503 && result.error && typeof result.error === "object" && "status" in result.error) return result.error as T;
  throw toApiError(result.response, result.error);
}

const poll = { refetchInterval: REFRESH_MS, refetchIntervalInBackground: false, refetchOnWindowFocus: true } as const;

interface Row {
  name: string;
  look: Look;
  latency?: number | null;
  detail: string;
}

function dependencyRow(name: string, check: DependencyCheck | undefined, detail = ""): Row {
  return { name, look: lookOf(CHECK_LOOK, check?.status), latency: check?.latency_ms, detail: [check?.error, detail].filter(Boolean).join(" · ") };
}

function buildRows(health: Health | undefined, ready: Ready | undefined, metrics: Metrics | undefined): Row[] {
  const rows: Row[] = [];
  if (health) {
    rows.push(dependencyRow("Banco de dados (PostgreSQL)", health.database));
    rows.push(dependencyRow("Redis (filas, cache e sessões)", health.redis));
    const count = health.workers.count;
    rows.push({
      name: "Workers (Celery)",
      look: lookOf(CHECK_LOOK, health.workers.status),
      detail: count === null || count === undefined ? "" : count === 1 ? "1 worker respondendo" : `${count} workers respondendo`,
    });
    rows.push({
      name: "E-mail",
      look: health.mail === "smtp" ? CHECK_LOOK.up! : { label: "Sem SMTP (caixa de saída)", icon: "info-circle", tone: "warning" },
      detail: health.mail === "smtp" ? "Enviado por SMTP" : "SMTP não configurado: os e-mails ficam na tabela mail_outbox, sem envio",
    });
  }
  const migrations = ready?.checks.migrations;
  if (migrations) {
    const current = migrations.current?.join(", ") || "nenhuma";
    rows.push({
      name: "Migrações do banco",
      look: migrations.status === "up" ? { label: "Em dia", icon: "check-circle", tone: "success" } : lookOf(CHECK_LOOK, migrations.status),
      detail: [`Atual: ${current}`, `Última: ${migrations.head.join(", ")}`, migrations.error].filter(Boolean).join(" · "),
    });
  }
  if (metrics) {
    const queues = Object.entries(metrics.queues ?? {});
    if (queues.length) {
      const waiting = queues.map(([queue, depth]) => `${QUEUE_LABELS[queue] ?? queue}: ${depth ?? "?"}`).join(" · ");
      const unknown = queues.some(([, depth]) => depth === null);
      rows.push({
        name: "Filas de trabalho",
        look: unknown ? CHECK_LOOK.unknown! : { label: "Medidas", icon: "check-circle", tone: "success" },
        detail: `Mensagens aguardando — ${waiting}`,
      });
    }
    const backups = metrics.backups && "last_status" in metrics.backups ? metrics.backups : null;
    if (metrics.backups !== undefined) {
      const age = backups?.last_success_age_seconds;
      const stale = age === null || age === undefined || age > 26 * 3600;
      const restore = backups?.last_restore_check_at
        ? `restauração testada em ${formatDateTime(backups.last_restore_check_at)} (${backups.last_restore_check_ok ? "ok" : "falhou"})`
        : "restauração ainda não testada";
      rows.push({
        name: "Backups",
        look: !backups?.last_success_at
          ? { label: "Nenhum backup", icon: "exclamation-triangle", tone: "warning" }
          : stale
            ? { label: "Atrasado", icon: "exclamation-triangle", tone: "warning" }
            : { label: "Em dia", icon: "check-circle", tone: "success" },
        detail: backups?.last_success_at
          ? `Último bom: ${formatDateTime(backups.last_success_at)} (há ${formatDuration(age)}, ${formatSize(backups.last_success_size_bytes)}) · ${restore}`
          : "Nenhum backup concluído ainda",
      });
    }
  }
  return rows;
}

export default function HealthPage() {
  usePageTitle("Saúde da plataforma");
  const health = useQuery({ queryKey: healthKeys.health, queryFn: () => tolerant<Health>(api.GET("/api/health")), ...poll });
  const ready = useQuery({ queryKey: healthKeys.ready, queryFn: () => tolerant<Ready>(api.GET("/api/health/ready")), ...poll });
  const metrics = useQuery({ queryKey: healthKeys.metrics, queryFn: async () => (await unwrap(api.GET("/api/metrics"))) as Metrics, ...poll });

  const fetching = health.isFetching || ready.isFetching || metrics.isFetching;
  const rows = buildRows(health.data, ready.data, metrics.data);
  const updatedAt = Math.max(health.dataUpdatedAt, ready.dataUpdatedAt, metrics.dataUpdatedAt);
  const overall = health.data ? lookOf(OVERALL_LOOK, health.data.status) : null;
  const memory = metrics.data?.process.memory_rss_bytes;
  const jobs = metrics.data?.jobs && "by_state" in metrics.data.jobs ? metrics.data.jobs : null;

  function refresh() {
    void health.refetch();
    void ready.refetch();
    void metrics.refetch();
  }

  return (
    <div className="etp-system">
      <SystemTabs />
      <h1>Saúde da plataforma</h1>
      <div className="etp-system__toolbar">
        <button type="button" className="br-button secondary" onClick={refresh} disabled={fetching}>
          <Icon name="sync" spin={fetching} /> {fetching ? "Atualizando…" : "Atualizar agora"}
        </button>
        <span className="etp-system__detail" aria-live="polite">
          {updatedAt ? `Atualizado em ${formatDateTime(new Date(updatedAt))}:${String(new Date(updatedAt).getSeconds()).padStart(2, "0")} · atualiza sozinho a cada 30 segundos` : null}
        </span>
      </div>

      {health.isPending ? <Loading label="Verificando os serviços…" /> : null}
      {health.isError ? <Message kind="danger" title="Não foi possível consultar a saúde da API">{messageOf(health.error)}</Message> : null}
      {metrics.isError ? <Message kind="warning" title="Métricas indisponíveis">{messageOf(metrics.error)}</Message> : null}

      {health.data && overall ? (
        <dl className="etp-system__meta">
          <div>
            <dt>Situação geral</dt>
            <dd><Tag look={overall} /></dd>
          </div>
          {ready.data ? (
            <div>
              <dt>Pronta para tráfego</dt>
              <dd><Tag look={lookOf(OVERALL_LOOK, ready.data.status)} /></dd>
            </div>
          ) : null}
          <div>
            <dt>Versão</dt>
            <dd>{health.data.version}</dd>
          </div>
          <div>
            <dt>No ar há</dt>
            <dd>{formatDuration(health.data.uptime)}</dd>
          </div>
          {memory !== undefined ? (
            <div>
              <dt>Memória do processo</dt>
              <dd>{formatSize(memory)}</dd>
            </div>
          ) : null}
          {jobs ? (
            <div>
              <dt>Trabalhos em andamento / na fila</dt>
              <dd>{jobs.by_state.running ?? 0} / {jobs.by_state.queued ?? 0}</dd>
            </div>
          ) : null}
        </dl>
      ) : null}

      {rows.length ? (
        <section aria-labelledby="verificacoes-titulo">
          <h2 id="verificacoes-titulo">Verificações</h2>
          <div className="etp-table-scroll" role="region" aria-label="Verificações dos serviços" tabIndex={0}>
            <table>
              <caption className="visually-hidden">Situação de cada serviço da plataforma</caption>
              <thead>
                <tr>
                  <th scope="col">Serviço</th>
                  <th scope="col">Situação</th>
                  <th scope="col">Latência</th>
                  <th scope="col">Detalhes</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.name}>
                    <th scope="row">{row.name}</th>
                    <td className="etp-system__nowrap"><Tag look={row.look} /></td>
                    <td className="etp-system__nowrap">{row.latency === undefined ? "—" : formatLatency(row.latency)}</td>
                    <td className="etp-system__detail">{row.detail || "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </div>
  );
}
