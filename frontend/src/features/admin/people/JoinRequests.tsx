// Join requests: verified accounts of the organization's e-mail domains ask to join; an admin
// approves (with a role) or rejects (with an optional reason, e-mailed to the person).
import { useState } from "react";

import { ApiError, messageOf } from "../../../api/errors";
import { Dialog } from "../../../components/Dialog";
import { SelectField, TextAreaField } from "../../../components/Field";
import { Icon } from "../../../components/Icon";
import { Loading } from "../../../components/Loading";
import { Message } from "../../../components/Message";
import { formatDateTime } from "../../../lib/format";
import { useDecideJoinRequest, usePendingJoinRequests, type GrantableRole, type JoinRequest } from "./api";
import { GRANTABLE_OPTIONS, ROLE_LABELS } from "./labels";
import { Pagination } from "../../../components/Pagination";

type Decision = { request: JoinRequest; approve: boolean; open: boolean; seq: number };

export function JoinRequests({ domains }: { domains: readonly string[] | undefined }) {
  const [page, setPage] = useState(1);
  const list = usePendingJoinRequests(page);
  const [decision, setDecision] = useState<Decision | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const open = (request: JoinRequest, approve: boolean) => {
    setNotice(null);
    setDecision((d) => ({ request, approve, open: true, seq: (d?.seq ?? 0) + 1 }));
  };
  const close = () => setDecision((d) => (d ? { ...d, open: false } : d));

  return (
    <section className="etp-people__section" aria-labelledby="pedidos-titulo">
      <h2 id="pedidos-titulo">Pedidos de entrada</h2>
      <p className="etp-people__intro">
        Quem tem e-mail confirmado de um domínio da organização
        {domains?.length ? ` (${domains.join(", ")})` : ""} pode pedir para entrar. O domínio não dá acesso: só entra quem você
        aprovar. A pessoa recebe a decisão por e-mail.
      </p>
      {notice ? <Message kind="success" onClose={() => setNotice(null)}>{notice}</Message> : null}
      {list.isPending ? (
        <Loading label="Carregando os pedidos…" />
      ) : list.isError ? (
        <Message kind="danger" title="Não foi possível carregar os pedidos">{messageOf(list.error)}</Message>
      ) : !list.data.items.length ? (
        <p role="status">Nenhum pedido aguardando decisão.</p>
      ) : (
        <>
          <ul className="etp-people__requests" aria-label="Pedidos aguardando decisão">
            {list.data.items.map((request) => {
              const who = request.requester?.name || request.requester?.email || "";
              return (
                <li key={request.id} className="etp-people__request">
                  <h3>{who}</h3>
                  <span className="etp-people__email">{request.requester?.email}</span>
                  <p className="etp-people__email">{`Pedido em ${formatDateTime(request.created_at)}`}</p>
                  {request.message ? <blockquote className="etp-people__quote">{request.message}</blockquote> : <p>Sem mensagem.</p>}
                  <div className="etp-people__actions">
                    <button aria-label={`Aprovar o pedido de ${who}`} type="button" className="br-button primary small" onClick={() => open(request, true)}>
                      <Icon name="check" /> Aprovar
                    </button>
                    <button aria-label={`Recusar o pedido de ${who}`} type="button" className="br-button secondary small" onClick={() => open(request, false)}>
                      <Icon name="times" /> Recusar
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
          <Pagination pagination={list.data.pagination} onPage={setPage} label="Paginação dos pedidos" />
        </>
      )}
      {decision ? <DecisionDialog key={decision.seq} decision={decision} onClose={close} onDone={(text) => { close(); setNotice(text); }} /> : null}
    </section>
  );
}

function DecisionDialog({ decision, onClose, onDone }: { decision: Decision; onClose: () => void; onDone: (text: string) => void }) {
  const { request, approve } = decision;
  const who = request.requester?.name || request.requester?.email || "";
  const [role, setRole] = useState<GrantableRole>("member");
  const [reason, setReason] = useState("");
  const decide = useDecideJoinRequest();
  const submit = () => {
    const id = request.id ?? "";
    if (approve) decide.mutate({ id, approve: true, role }, { onSuccess: () => onDone(`${who} entrou na organização como ${ROLE_LABELS[role]}.`) });
    else decide.mutate({ id, approve: false, reason: reason.trim() || undefined }, { onSuccess: () => onDone(`O pedido de ${who} foi recusado.`) });
  };
  return (
    <Dialog
      open={decision.open}
      title={approve ? `Aprovar o pedido de ${who}` : `Recusar o pedido de ${who}`}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="br-button secondary" onClick={onClose}>Cancelar</button>
          <button type="button" className="br-button primary" disabled={decide.isPending} onClick={submit}>
            {decide.isPending ? "Enviando…" : approve ? "Aprovar e dar acesso" : "Recusar pedido"}
          </button>
        </>
      }
    >
      {approve ? (
        <>
          <p>{`${who} (${request.requester?.email ?? ""}) entra na organização com o perfil escolhido e recebe um e-mail.`}</p>
          <SelectField label="Perfil na organização" id="pedido-perfil" value={role} onChange={(event) => setRole(event.target.value as GrantableRole)} options={GRANTABLE_OPTIONS} />
        </>
      ) : (
        <>
          <p>{`${who} não entra na organização e recebe um e-mail com a decisão.`}</p>
          <TextAreaField label="Motivo (opcional)" id="pedido-motivo" value={reason} maxLength={2000} onChange={(event) => setReason(event.target.value)} hint="Vai no e-mail para a pessoa." error={decide.error instanceof ApiError ? decide.error.fieldErrors.reason : null} />
        </>
      )}
      {decide.isError ? <Message kind="danger" title="A decisão não foi registrada">{messageOf(decide.error)}</Message> : null}
    </Dialog>
  );
}
