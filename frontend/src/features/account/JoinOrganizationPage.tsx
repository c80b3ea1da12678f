// A confirmed account that belongs to no organization yet: it can read nothing (the API answers
// 403), so instead of the ETP pages it gets this page — ask to join an organization of its e-mail's
// domain (an org admin approves), see its requests, or ask a system administrator to create one.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import { api, unwrap } from "../../api/client";
import { messageOf } from "../../api/errors";
import { useSession } from "../../auth/useSession";
import { TextAreaField, TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDate } from "../../lib/format";

const STATUS_LABELS: Record<string, string> = {
  pending: "Aguardando a decisão de um administrador",
  approved: "Aprovado",
  rejected: "Recusado",
  cancelled: "Cancelado",
};

const keys = {
  suggestions: ["account", "organization-suggestions"] as const,
  mine: ["account", "join-requests"] as const,
  orgRequests: ["account", "organization-requests"] as const,
};

export default function JoinOrganizationPage() {
  usePageTitle("Entrar em uma organização");
  const session = useSession();
  const queryClient = useQueryClient();
  const [message, setMessage] = useState("");
  const [orgName, setOrgName] = useState("");
  const [orgDomains, setOrgDomains] = useState("");
  const [orgJustification, setOrgJustification] = useState("");
  const [done, setDone] = useState<string | null>(null);

  const suggestions = useQuery({ queryKey: keys.suggestions, queryFn: () => unwrap(api.GET("/api/v1/organizations/suggestions")) });
  const mine = useQuery({ queryKey: keys.mine, queryFn: () => unwrap(api.GET("/api/v1/join-requests/mine")) });
  const orgRequests = useQuery({ queryKey: keys.orgRequests, queryFn: () => unwrap(api.GET("/api/v1/organization-requests")) });

  const join = useMutation({
    mutationFn: (organizationId: string) => unwrap(api.POST("/api/v1/join-requests", { body: { organization_id: organizationId, message: message.trim() || undefined } })),
    onSuccess: () => {
      setDone("Pedido enviado. Um administrador da organização vai analisá-lo; você receberá um e-mail com a decisão.");
      void queryClient.invalidateQueries({ queryKey: keys.mine });
    },
  });
  const cancel = useMutation({
    mutationFn: (requestId: string) => unwrap(api.DELETE("/api/v1/join-requests/{request_id}", { params: { path: { request_id: requestId } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: keys.mine }),
  });
  const requestOrg = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/organization-requests", {
          body: { name: orgName.trim(), justification: orgJustification.trim(), domains: orgDomains.split(/[\s,;]+/).filter(Boolean) },
        }),
      ),
    onSuccess: () => {
      setDone("Pedido de criação enviado aos administradores do sistema.");
      void queryClient.invalidateQueries({ queryKey: keys.orgRequests });
    },
  });

  const pending = (mine.data ?? []).filter((request) => request.status === "pending");
  const orgError = requestOrg.error ? messageOf(requestOrg.error) : null;
  const orgFieldErrors = requestOrg.error && "fieldErrors" in requestOrg.error ? (requestOrg.error as { fieldErrors: Record<string, string[]> }).fieldErrors : {};

  return (
    <>
      <h1>Entrar em uma organização</h1>
      <p>
        Sua conta ({session.user?.email}) está confirmada, mas ainda não faz parte de uma organização. Os ETPs pertencem a
        órgãos públicos: para escrevê-los, você precisa de um convite de um administrador do seu órgão ou de um pedido de
        entrada aprovado por ele.
      </p>
      {done ? <Message kind="success">{done}</Message> : null}

      <h2>Pedir para entrar</h2>
      {suggestions.isPending ? <Loading label="Procurando organizações do seu domínio…" /> : null}
      {suggestions.error ? <Message kind="danger">{messageOf(suggestions.error)}</Message> : null}
      {suggestions.data && suggestions.data.length === 0 ? (
        <p>Nenhuma organização cadastrada usa o domínio do seu e-mail. Peça um convite ao administrador do seu órgão ou peça a criação da organização abaixo.</p>
      ) : null}
      {suggestions.data && suggestions.data.length > 0 ? (
        <>
          <TextAreaField label="Mensagem para o administrador (opcional)" id="pedido-mensagem" value={message} onChange={(event) => setMessage(event.target.value)} hint="Por exemplo: seu setor e sua função." rows={2} />
          {join.error ? <Message kind="danger">{messageOf(join.error)}</Message> : null}
          <ul className="etp-join-list">
            {suggestions.data.map((organization) => (
              <li key={organization.id}>
                <span>{organization.name}</span>{" "}
                <button type="button" className="br-button secondary small" disabled={join.isPending || pending.length > 0} onClick={() => join.mutate(organization.id ?? "")}>
                  <Icon name="paper-plane" /> Pedir para entrar em {organization.name}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {mine.data && mine.data.length > 0 ? (
        <>
          <h2>Seus pedidos</h2>
          <ul>
            {mine.data.map((request) => (
              <li key={request.id}>
                {request.organization?.name} — {STATUS_LABELS[request.status ?? ""] ?? request.status} (enviado em {formatDate(request.created_at)})
                {request.reason ? <> — motivo: {request.reason}</> : null}
                {request.status === "pending" ? (
                  <>
                    {" "}
                    <button type="button" className="br-button tertiary small" disabled={cancel.isPending} onClick={() => cancel.mutate(request.id ?? "")}>
                      Cancelar o pedido
                    </button>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2>Seu órgão ainda não está no ETP Express?</h2>
      <form
        className="etp-form"
        noValidate
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          requestOrg.mutate();
        }}
      >
        {orgError ? <Message kind="danger">{orgError}</Message> : null}
        <TextField label="Nome do órgão" id="org-nome" value={orgName} onChange={(event) => setOrgName(event.target.value)} error={orgFieldErrors.name} required />
        <TextField label="Domínios de e-mail do órgão" id="org-dominios" value={orgDomains} onChange={(event) => setOrgDomains(event.target.value)} hint="Separados por vírgula, por exemplo: prefeitura.sp.gov.br" error={orgFieldErrors.domains} required />
        <TextAreaField label="Justificativa" id="org-justificativa" value={orgJustification} onChange={(event) => setOrgJustification(event.target.value)} error={orgFieldErrors.justification} required rows={3} />
        <div className="etp-actions">
          <button type="submit" className="br-button primary" disabled={requestOrg.isPending}>
            Pedir a criação da organização
          </button>
        </div>
      </form>
      {orgRequests.data && orgRequests.data.length > 0 ? (
        <ul>
          {orgRequests.data.map((request) => (
            <li key={request.id}>
              {request.name} — {STATUS_LABELS[request.status ?? ""] ?? request.status} (enviado em {formatDate(request.created_at)})
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
