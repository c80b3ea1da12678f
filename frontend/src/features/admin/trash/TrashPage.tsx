// /organizacao/lixeira (org admins): the ETPs deleted in the organization, with who deleted them,
// when, and from when they are purged; restore one, purge one now or empty the trash — each
// destructive action confirmed in a Dialog (features/admin/trash/api.ts).
import { useState } from "react";
import { useSearchParams } from "react-router";

import { messageOf } from "../../../api/errors";
import { Dialog } from "../../../components/Dialog";
import { Icon } from "../../../components/Icon";
import { Loading } from "../../../components/Loading";
import { Message } from "../../../components/Message";
import { Pagination } from "../../../components/Pagination";
import { ETP_STATUS } from "../../../components/StatusTag";
import { usePageTitle } from "../../../components/usePageTitle";
import { formatDate, formatDateTime, plural } from "../../../lib/format";
import { AdminTabs } from "../AdminTabs";
import { useEmptyTrash, usePurge, useRestore, useTrash, useTrashPolicy, type TrashedEtp } from "./api";
import "./trash.css";

type Pending = { kind: "purge"; etp: TrashedEtp } | { kind: "empty" } | null;

function pageOf(params: URLSearchParams): number {
  const page = Number(params.get("pagina") ?? "1");
  return Number.isInteger(page) && page >= 1 ? page : 1;
}

export default function TrashPage() {
  usePageTitle("Lixeira");
  const [params, setParams] = useSearchParams();
  const page = pageOf(params);
  const trash = useTrash(page);
  const policy = useTrashPolicy();
  const restore = useRestore();
  const purge = usePurge();
  const empty = useEmptyTrash();
  const [pending, setPending] = useState<Pending>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const goTo = (next: number) => setParams(next > 1 ? { pagina: String(next) } : {});
  const total = trash.data?.pagination?.total ?? trash.data?.items.length ?? 0;
  const days = policy.data?.retention_days;

  async function onRestore(etp: TrashedEtp) {
    setNotice(null);
    setFailure(null);
    try {
      await restore.mutateAsync(etp);
      setNotice(`“${etp.title}” foi restaurado e voltou à lista de ETPs, com suas seções, versões e exportações.`);
    } catch (error) {
      setFailure(messageOf(error));
    }
  }

  async function onConfirm() {
    if (!pending) return;
    setNotice(null);
    setFailure(null);
    try {
      if (pending.kind === "purge") {
        await purge.mutateAsync(pending.etp);
        setNotice(`“${pending.etp.title}” foi excluído de vez.`);
      } else {
        const { purged } = await empty.mutateAsync();
        setNotice(`Lixeira esvaziada: ${plural(purged, "ETP excluído", "ETPs excluídos")} de vez.`);
        goTo(1);
      }
    } catch (error) {
      setFailure(messageOf(error));
    } finally {
      setPending(null);
    }
  }

  const busy = purge.isPending || empty.isPending;

  return (
    <>
      <AdminTabs />
      <h1>Lixeira</h1>
      <p className="etp-trash__intro">
        Os ETPs excluídos na organização ficam aqui{days ? ` por ${plural(days, "dia", "dias")}` : ""} e podem ser
        restaurados com suas seções, versões e exportações. Depois do prazo, são excluídos de vez automaticamente.
      </p>
      {notice ? <Message kind="success">{notice}</Message> : null}
      {failure ? <Message kind="danger">{failure}</Message> : null}
      {trash.isPending ? (
        <Loading label="Carregando a lixeira…" />
      ) : trash.isError ? (
        <Message kind="danger">{messageOf(trash.error)}</Message>
      ) : trash.data.items.length === 0 ? (
        <Message kind="info">A lixeira está vazia.</Message>
      ) : (
        <>
          <div className="etp-trash__toolbar">
            <span>{plural(total, "ETP na lixeira", "ETPs na lixeira")}</span>
            <button type="button" className="br-button secondary small" onClick={() => setPending({ kind: "empty" })} disabled={busy}>
              <Icon name="trash-alt" /> Esvaziar a lixeira
            </button>
          </div>
          <div className="br-table">
            <table>
              <caption className="visually-hidden">ETPs na lixeira</caption>
              <thead>
                <tr>
                  <th scope="col">ETP</th>
                  <th scope="col">Excluído por</th>
                  <th scope="col">Excluído em</th>
                  <th scope="col">Exclusão definitiva em</th>
                  <th scope="col">Ações</th>
                </tr>
              </thead>
              <tbody>
                {trash.data.items.map((etp) => (
                  <tr key={etp.id}>
                    <th scope="row">
                      {etp.title}
                      <span className="etp-trash__status"> ({ETP_STATUS[etp.status as keyof typeof ETP_STATUS]?.label ?? etp.status})</span>
                    </th>
                    <td>{etp.deleted_by_name ?? "—"}</td>
                    <td>{formatDateTime(etp.deleted_at)}</td>
                    <td>{formatDate(etp.purge_at)}</td>
                    <td className="etp-trash__actions">
                      <button type="button" className="br-button primary small" onClick={() => onRestore(etp)} disabled={restore.isPending} aria-label={`Restaurar ${etp.title}`}>
                        <Icon name="undo" /> Restaurar
                      </button>
                      <button type="button" className="br-button secondary small" onClick={() => setPending({ kind: "purge", etp })} disabled={busy} aria-label={`Excluir de vez ${etp.title}`}>
                        <Icon name="trash-alt" /> Excluir de vez
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination pagination={trash.data.pagination} onPage={goTo} label="Paginação da lixeira" />
        </>
      )}
      <Dialog
        open={pending !== null}
        title={pending?.kind === "empty" ? "Esvaziar a lixeira?" : "Excluir o ETP de vez?"}
        onClose={() => setPending(null)}
        footer={
          <>
            <button type="button" className="br-button secondary" onClick={() => setPending(null)}>
              Cancelar
            </button>
            <button type="button" className="br-button primary" onClick={onConfirm} disabled={busy}>
              <Icon name="trash-alt" /> {busy ? "Excluindo…" : pending?.kind === "empty" ? "Esvaziar a lixeira" : "Excluir de vez"}
            </button>
          </>
        }
      >
        {pending?.kind === "purge" ? (
          <p>
            “{pending.etp.title}” será excluído de vez, com suas seções, versões e exportações. Isso não pode ser desfeito.
          </p>
        ) : (
          <p>
            {total === 1 ? "O ETP da lixeira será excluído" : `Os ${total} ETPs da lixeira serão excluídos`} de vez, com suas
            seções, versões e exportações. Isso não pode ser desfeito.
          </p>
        )}
      </Dialog>
    </>
  );
}
