// The ETP's exports, newest first (paginated by the API): format, version, who, when, size, status
// (text plus icon), validity; a ready one downloads (a PDF also previews), an expired or failed one
// offers to export again in its format, a failed one says why.
import type { Export, ExportFormat } from "../../api/types";
import { messageOf } from "../../api/errors";
import { Icon, type IconName } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { formatBytes, formatDate, formatDateTime } from "../../lib/format";
import { FORMAT_NAMES, isFormat, useExportHistory } from "./api";
import type { DownloadProblem } from "./useDownload";
import { Pagination } from "../../components/Pagination";

type Status = NonNullable<Export["status"]>;

const STATUS: Record<Status, { label: string; icon: IconName; tone: string }> = {
  pending: { label: "Sendo gerada", icon: "spinner", tone: "info" },
  ready: { label: "Pronta", icon: "check-circle", tone: "success" },
  failed: { label: "Falhou", icon: "times-circle", tone: "danger" },
  expired: { label: "Expirada", icon: "clock", tone: "neutral" },
};

function Validity({ item }: { item: Export }) {
  if (item.status === "expired") return <>expirado</>;
  if (item.status === "failed" || !item.expires_at) return <>—</>;
  return <>expira em {formatDate(item.expires_at)}</>;
}

export function ExportHistory({
  etpId,
  page,
  onPage,
  currentUserId,
  busy,
  problem,
  onDownload,
  onPreview,
  onExportAgain,
  starting,
}: {
  etpId: string;
  page: number;
  onPage: (page: number) => void;
  currentUserId: string | null;
  busy: string | null;
  problem: (NonNullable<DownloadProblem> & { exportId: string }) | null;
  onDownload: (item: Export) => void;
  onPreview: (item: Export) => void;
  onExportAgain: (format: ExportFormat) => void;
  starting: boolean;
}) {
  const history = useExportHistory(etpId, page);
  const items = history.data?.items ?? [];
  const pagination = history.data?.pagination ?? null;

  return (
    <section className="etp-export-history" aria-labelledby="historico-exportacoes-titulo">
      <h2 id="historico-exportacoes-titulo">Histórico de exportações</h2>
      {history.isPending ? <Loading label="Carregando o histórico de exportações…" /> : null}
      {history.isError ? <Message kind="danger">{messageOf(history.error)}</Message> : null}
      {history.isSuccess && !items.length ? <p>Este ETP ainda não foi exportado. Escolha um formato acima para gerar o primeiro arquivo.</p> : null}
      {items.length ? (
        <div className="etp-table-scroll" tabIndex={0} role="region" aria-label="Histórico de exportações (role horizontalmente em telas estreitas)">
          <table className="br-table etp-export-table">
            <caption className="visually-hidden">Exportações deste ETP, das mais recentes para as mais antigas</caption>
            <thead>
              <tr>
                <th scope="col">Formato</th>
                <th scope="col">Versão</th>
                <th scope="col">Pedida por</th>
                <th scope="col">Quando</th>
                <th scope="col">Tamanho</th>
                <th scope="col">Situação</th>
                <th scope="col">Validade</th>
                <th scope="col">Ações</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const status: Status = item.status ?? "pending";
                const look = STATUS[status];
                const format = isFormat(item.format) ? item.format : null;
                const name = format ? FORMAT_NAMES[format] : (item.format ?? "").toUpperCase();
                const rowProblem = problem && problem.exportId === item.id ? problem : null;
                const who = item.created_by && item.created_by === currentUserId ? `${item.created_by_name ?? "Você"} (você)` : (item.created_by_name ?? "Conta removida");
                return (
                  <tr key={item.id} data-export={item.id}>
                    <td>{name}</td>
                    <td>{item.etp_version ?? "—"}</td>
                    <td>{who}</td>
                    <td>{formatDateTime(item.created_at)}</td>
                    <td>{formatBytes(item.size) || "—"}</td>
                    <td>
                      <span className={`br-tag etp-tag etp-tag--${look.tone}`}>
                        <Icon name={look.icon} spin={status === "pending"} />
                        <span>{look.label}</span>
                      </span>
                      {status === "failed" && item.error ? <span className="etp-export-table__error">Motivo: {item.error}</span> : null}
                    </td>
                    <td>
                      <Validity item={item} />
                    </td>
                    <td>
                      <div className="etp-export-table__actions">
                        {status === "ready" && format ? (
                          <>
                            <button
                              type="button"
                              className="br-button secondary small"
                              disabled={busy === item.id}
                              aria-label={`Baixar ETP em ${name}, versão ${item.etp_version ?? ""}${item.size ? ` (${formatBytes(item.size)})` : ""}`}
                              onClick={() => onDownload(item)}
                            >
                              <Icon name="download" /> Baixar
                            </button>
                            {format === "pdf" ? (
                              <button type="button" className="br-button tertiary small" aria-label={`Pré-visualizar o PDF da versão ${item.etp_version ?? ""}`} onClick={() => onPreview(item)}>
                                <Icon name="eye" /> Pré-visualizar
                              </button>
                            ) : null}
                          </>
                        ) : null}
                        {(status === "expired" || status === "failed" || rowProblem?.kind === "expired") && format ? (
                          <button type="button" className="br-button secondary small" disabled={starting} onClick={() => onExportAgain(format)}>
                            <Icon name="redo" /> Exportar novamente em {name}
                          </button>
                        ) : null}
                      </div>
                      {rowProblem ? (
                        <p className={`etp-export-table__problem etp-export-table__problem--${rowProblem.kind}`} role="alert">
                          <Icon name={rowProblem.kind === "expired" ? "clock" : "times-circle"} /> {rowProblem.message}
                        </p>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pagination pagination={pagination} onPage={onPage} label="Paginação do histórico de exportações" />
    </section>
  );
}

