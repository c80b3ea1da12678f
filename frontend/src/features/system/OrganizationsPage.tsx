// /sistema/organizacoes (system admins): the requests to create an organization (approve, or reject
// with a reason), the organizations (search by name or domain, paginated) and inviting an
// organization's first administrator (POST /api/v1/admin/organizations/<id>/invitations).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useSearchParams } from "react-router";

import { api, paginationOf, unwrap, unwrapWithResponse } from "../../api/client";
import { ApiError, messageOf } from "../../api/errors";
import type { AdminOrganization, AdminOrganizationRequest, Pagination as PageInfo } from "../../api/types";
import { Dialog } from "../../components/Dialog";
import { SelectField, TextAreaField, TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDateTime } from "../../lib/format";
import { SystemTabs } from "./SystemTabs";
import "./system.css";
import { Pagination } from "../../components/Pagination";

export const ORG_PAGE_SIZE = 20;
export const orgKeys = {
  all: ["system", "organizations"] as const,
  list: (q: string, page: number) => ["system", "organizations", q, page] as const,
  requests: ["system", "organization-requests", "pending"] as const,
};

type Requester = { id?: string; name?: string; email?: string } | null | undefined;
type Usage = { members?: number; etps?: number; drafts_month?: number; tokens_month?: number } | null | undefined;

const integer = new Intl.NumberFormat("pt-BR");

const ROLE_OPTIONS = [
  { value: "org_admin", label: "Administrador da organização" },
  { value: "member", label: "Membro" },
  { value: "viewer", label: "Leitor" },
];

function RejectDialog({ request, onClose, onDone }: { request: AdminOrganizationRequest; onClose: () => void; onDone: (name: string) => void }) {
  const [reason, setReason] = useState("");
  const reject = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/admin/organization-requests/{request_id}/reject", { params: { path: { request_id: request.id ?? "" } }, body: { reason } })),
    onSuccess: () => onDone(request.name ?? ""),
  });
  const fieldError = reject.error instanceof ApiError ? reject.error.fieldErrors.reason : undefined;
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!reject.isPending) reject.mutate();
  }
  return (
    <Dialog
      open
      title={`Recusar o pedido de “${request.name}”?`}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="br-button secondary" onClick={onClose}>Cancelar</button>
          <button type="submit" form="recusar-pedido-form" className="br-button primary" disabled={reject.isPending}>
            <Icon name="ban" /> {reject.isPending ? "Recusando…" : "Recusar o pedido"}
          </button>
        </>
      }
    >
      <p>O motivo vai por e-mail a quem pediu.</p>
      <form id="recusar-pedido-form" noValidate onSubmit={submit}>
        <TextAreaField label="Motivo da recusa" id="motivo-recusa" required rows={4} maxLength={2000} value={reason} onChange={(event) => setReason(event.target.value)} error={fieldError} />
      </form>
      {reject.isError ? <Message kind="danger">{messageOf(reject.error)}</Message> : null}
    </Dialog>
  );
}

function PendingRequests() {
  const queryClient = useQueryClient();
  const [rejecting, setRejecting] = useState<AdminOrganizationRequest | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const requests = useQuery({
    queryKey: orgKeys.requests,
    queryFn: async () => (await unwrap(api.GET("/api/v1/admin/organization-requests", { params: { query: { status: "pending", page_size: 50 } } }))) as AdminOrganizationRequest[],
  });
  const approve = useMutation({
    mutationFn: (request: AdminOrganizationRequest) => unwrap(api.POST("/api/v1/admin/organization-requests/{request_id}/approve", { params: { path: { request_id: request.id ?? "" } } })),
    onSuccess: (_data, request) => {
      setNotice(`A organização “${request.name}” foi criada; quem pediu agora a administra e recebeu um e-mail.`);
      void queryClient.invalidateQueries({ queryKey: orgKeys.requests });
      void queryClient.invalidateQueries({ queryKey: orgKeys.all });
    },
  });

  return (
    <section aria-labelledby="pedidos-titulo">
      <h2 id="pedidos-titulo">Pedidos de criação aguardando</h2>
      {notice ? <Message kind="success" onClose={() => setNotice(null)}>{notice}</Message> : null}
      {approve.isError ? <Message kind="danger" title="Não foi possível aprovar">{messageOf(approve.error)}</Message> : null}
      {requests.isPending ? <Loading label="Carregando os pedidos…" /> : null}
      {requests.isError ? <Message kind="danger">{messageOf(requests.error)}</Message> : null}
      {requests.data && requests.data.length === 0 ? <p>Nenhum pedido aguardando análise.</p> : null}
      {requests.data?.map((request) => {
        const requester = request.requester as Requester;
        return (
          <article key={request.id} className="etp-system__card" aria-labelledby={`pedido-${request.id}`}>
            <h3 id={`pedido-${request.id}`}>{request.name}</h3>
            <dl>
              <dt>Domínios</dt>
              <dd>{request.domains?.length ? request.domains.join(", ") : "—"}</dd>
              <dt>Quem pediu</dt>
              <dd>{requester ? `${requester.name ?? ""} <${requester.email ?? ""}>` : "—"}</dd>
              <dt>Pedido em</dt>
              <dd>{formatDateTime(request.created_at)}</dd>
              <dt>Justificativa</dt>
              <dd>{request.justification}</dd>
            </dl>
            <div className="etp-actions">
              <button type="button" className="br-button primary small" disabled={approve.isPending && approve.variables?.id === request.id} onClick={() => approve.mutate(request)} aria-label={`Aprovar o pedido de ${request.name}`}>
                <Icon name="check" /> Aprovar
              </button>
              <button type="button" className="br-button secondary small" onClick={() => setRejecting(request)} aria-label={`Recusar o pedido de ${request.name}`}>
                <Icon name="ban" /> Recusar
              </button>
            </div>
          </article>
        );
      })}
      {rejecting ? (
        <RejectDialog
          request={rejecting}
          onClose={() => setRejecting(null)}
          onDone={(name) => {
            setRejecting(null);
            setNotice(`O pedido de “${name}” foi recusado; quem pediu recebeu o motivo por e-mail.`);
            void queryClient.invalidateQueries({ queryKey: orgKeys.requests });
          }}
        />
      ) : null}
    </section>
  );
}

function InviteDialog({ organization, onClose, onDone }: { organization: AdminOrganization; onClose: () => void; onDone: (email: string) => void }) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState("org_admin");
  const invite = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/admin/organizations/{organization_id}/invitations", {
          params: { path: { organization_id: organization.id ?? "" } },
          body: { email, role: role as "org_admin" },
        }),
      ),
    onSuccess: () => onDone(email),
  });
  const errors = invite.error instanceof ApiError ? invite.error.fieldErrors : {};
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!invite.isPending) invite.mutate();
  }
  return (
    <Dialog
      open
      title={`Convidar para “${organization.name}”`}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="br-button secondary" onClick={onClose}>Cancelar</button>
          <button type="submit" form="convidar-form" className="br-button primary" disabled={invite.isPending}>
            <Icon name="paper-plane" /> {invite.isPending ? "Enviando…" : "Enviar o convite"}
          </button>
        </>
      }
    >
      <p>A pessoa recebe um e-mail com o link do convite e cria a conta (ou entra com a que já tem) ao aceitá-lo. Use para o primeiro administrador da organização.</p>
      <form id="convidar-form" noValidate onSubmit={submit}>
        <TextField label="E-mail de quem será convidado" id="convite-email" type="email" autoComplete="off" required value={email} onChange={(event) => setEmail(event.target.value)} error={errors.email} />
        <SelectField label="Perfil na organização" id="convite-perfil" value={role} onChange={(event) => setRole(event.target.value)} error={errors.role} options={ROLE_OPTIONS} />
      </form>
      {invite.isError ? <Message kind="danger">{messageOf(invite.error)}</Message> : null}
    </Dialog>
  );
}

function Organizations() {
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const [search, setSearch] = useState(q);
  const [inviting, setInviting] = useState<AdminOrganization | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = useQuery({
    queryKey: orgKeys.list(q, page),
    queryFn: async (): Promise<{ items: AdminOrganization[]; pagination: PageInfo | null }> => {
      const query = { page, page_size: ORG_PAGE_SIZE, ...(q ? { q } : {}) };
      const { data, response } = await unwrapWithResponse(api.GET("/api/v1/admin/organizations", { params: { query } }));
      return { items: data as AdminOrganization[], pagination: paginationOf(response) };
    },
    placeholderData: (previous) => previous,
  });

  function update(next: { q?: string; page?: number }) {
    const copy = new URLSearchParams(params);
    const nextQ = next.q ?? q;
    if (nextQ) copy.set("q", nextQ);
    else copy.delete("q");
    if (next.page && next.page > 1) copy.set("page", String(next.page));
    else copy.delete("page");
    setParams(copy);
  }

  const pagination = list.data?.pagination ?? null;
  return (
    <section aria-labelledby="organizacoes-titulo">
      <h2 id="organizacoes-titulo">Organizações</h2>
      <form className="etp-system__search" role="search" onSubmit={(event) => { event.preventDefault(); update({ q: search.trim(), page: 1 }); }}>
        <TextField label="Buscar por nome ou domínio" id="busca-organizacao" type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
        <button type="submit" className="br-button secondary"><Icon name="search" /> Buscar</button>
      </form>
      {notice ? <Message kind="success" onClose={() => setNotice(null)}>{notice}</Message> : null}
      {list.isPending ? <Loading label="Carregando as organizações…" /> : null}
      {list.isError ? <Message kind="danger">{messageOf(list.error)}</Message> : null}
      {list.data && list.data.items.length === 0 ? <p>{q ? `Nenhuma organização encontrada para “${q}”.` : "Nenhuma organização cadastrada ainda."}</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <>
          <p className="etp-system__detail">{pagination ? (pagination.total === 1 ? "1 organização" : `${pagination.total} organizações`) : null}</p>
          <div className="etp-table-scroll" role="region" aria-label="Lista de organizações" tabIndex={0}>
            <table>
              <caption className="visually-hidden">Organizações cadastradas, por nome</caption>
              <thead>
                <tr>
                  <th scope="col">Organização</th>
                  <th scope="col">Domínios de e-mail</th>
                  <th scope="col">Pessoas ativas</th>
                  <th scope="col">ETPs</th>
                  <th scope="col">IA neste mês</th>
                  <th scope="col">Criada em</th>
                  <th scope="col">Ação</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((organization) => {
                  const usage = organization.usage as Usage;
                  return (
                    <tr key={organization.id}>
                      <th scope="row">{organization.name}</th>
                      <td>{organization.domains?.length ? organization.domains.join(", ") : "—"}</td>
                      <td>{usage ? integer.format(usage.members ?? 0) : "—"}</td>
                      <td>{usage ? integer.format(usage.etps ?? 0) : "—"}</td>
                      <td>{usage ? `${integer.format(usage.drafts_month ?? 0)} ${usage.drafts_month === 1 ? "redação" : "redações"} · ${integer.format(usage.tokens_month ?? 0)} tokens` : "—"}</td>
                      <td className="etp-system__nowrap">{formatDateTime(organization.created_at)}</td>
                      <td>
                        <button type="button" className="br-button secondary small" onClick={() => setInviting(organization)} aria-label={`Convidar uma pessoa para ${organization.name}`}>
                          <Icon name="envelope" /> Convidar
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Pagination pagination={pagination} onPage={(next) => update({ page: next })} label="Paginação das organizações" />
        </>
      ) : null}
      {inviting ? (
        <InviteDialog
          organization={inviting}
          onClose={() => setInviting(null)}
          onDone={(email) => {
            setNotice(`Convite enviado para ${email} (${inviting.name}).`);
            setInviting(null);
          }}
        />
      ) : null}
    </section>
  );
}

export default function OrganizationsPage() {
  usePageTitle("Organizações");
  return (
    <div className="etp-system">
      <SystemTabs />
      <h1>Organizações</h1>
      <p>Organizações são criadas por quem administra o sistema, aprovando um pedido. Os domínios de e-mail só sugerem a organização a quem se cadastra; ninguém entra sem convite ou pedido aprovado.</p>
      <PendingRequests />
      <Organizations />
    </div>
  );
}
