// Invitations: how accounts enter the organization on an admin's initiative. The form invites an
// e-mail with a role; the list (by state) resends a link or revokes it after a confirmation.
import { useId, useState, type FormEvent } from "react";

import { ApiError, messageOf } from "../../../api/errors";
import { Dialog } from "../../../components/Dialog";
import { ErrorSummary } from "../../../components/ErrorSummary";
import { SelectField, TextField } from "../../../components/Field";
import { Icon } from "../../../components/Icon";
import { Loading } from "../../../components/Loading";
import { Message } from "../../../components/Message";
import { formatDateTime } from "../../../lib/format";
import { useInvitations, useInvite, useResendInvitation, useRevokeInvitation, type GrantableRole, type Invitation, type InvitationStatus } from "./api";
import { GRANTABLE_OPTIONS, INVITATION_STATUS_LABELS, ROLE_LABELS } from "./labels";
import { Pagination } from "../../../components/Pagination";

const FIELDS = {
  email: { label: "E-mail da pessoa", id: "convite-email" },
  role: { label: "Perfil do convidado", id: "convite-perfil" },
};

export function Invitations() {
  return (
    <section className="etp-people__section" aria-labelledby="convites-titulo">
      <h2 id="convites-titulo">Convites</h2>
      <p className="etp-people__intro">
        Convidar é a forma de criar uma conta na organização: a pessoa recebe por e-mail um link (válido por 7 dias) que diz a
        organização, o perfil e quem convidou. Se ainda não tem conta, ela a cria ao aceitar.
      </p>
      <InviteForm />
      <InvitationList />
    </section>
  );
}

function InviteForm() {
  const invite = useInvite();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<GrantableRole>("member");
  const [sent, setSent] = useState<Invitation | null>(null);
  const error = invite.error instanceof ApiError ? invite.error : null;
  const fieldErrors = error?.status === 422 ? error.fieldErrors : {};

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSent(null);
    invite.mutate(
      { email: email.trim(), role },
      {
        onSuccess: (invitation) => {
          setSent(invitation);
          setEmail("");
        },
      },
    );
  };

  return (
    <>
      {invite.isError ? <ErrorSummary message={error?.status === 422 && Object.keys(fieldErrors).length ? null : messageOf(invite.error)} errors={fieldErrors} fields={FIELDS} /> : null}
      {sent ? (
        <Message kind="success" title="Convite enviado" onClose={() => setSent(null)}>
          {`${sent.email ?? ""} recebe o convite como ${ROLE_LABELS[sent.role ?? "member"]}. O link vale até ${formatDateTime(sent.expires_at)}.`}
        </Message>
      ) : null}
      <form className="etp-people__form" aria-label="Convidar uma pessoa" onSubmit={submit} noValidate>
        <TextField label={FIELDS.email.label} id={FIELDS.email.id} type="email" autoComplete="off" required value={email} onChange={(event) => setEmail(event.target.value)} error={fieldErrors.email} />
        <SelectField label={FIELDS.role.label} id={FIELDS.role.id} value={role} onChange={(event) => setRole(event.target.value as GrantableRole)} options={GRANTABLE_OPTIONS} error={fieldErrors.role} />
        <div className="etp-field">
          <button className="br-button primary" type="submit" disabled={invite.isPending}>
            <Icon name="paper-plane" /> {invite.isPending ? "Enviando…" : "Enviar convite"}
          </button>
        </div>
      </form>
    </>
  );
}

function InvitationList() {
  const id = useId().replace(/[^a-zA-Z0-9_-]/g, "");
  const [status, setStatus] = useState<InvitationStatus>("pending");
  const [page, setPage] = useState(1);
  const list = useInvitations(status, page);
  const resend = useResendInvitation();
  const revoke = useRevokeInvitation();
  const [revoking, setRevoking] = useState<{ invitation: Invitation; open: boolean } | null>(null);
  const [notice, setNotice] = useState<{ kind: "success" | "danger"; text: string } | null>(null);
  const actionable = status === "pending" || status === "expired";

  const doResend = (invitation: Invitation) => {
    setNotice(null);
    resend.mutate(invitation.id ?? "", {
      onSuccess: (fresh) => setNotice({ kind: "success", text: `Convite reenviado para ${fresh.email ?? ""}, com um novo link válido até ${formatDateTime(fresh.expires_at)}. O link anterior deixou de valer.` }),
      onError: (error) => setNotice({ kind: "danger", text: messageOf(error) }),
    });
  };
  const doRevoke = () => {
    const invitation = revoking?.invitation;
    if (!invitation) return;
    revoke.mutate(invitation.id ?? "", {
      onSuccess: () => {
        setRevoking((r) => (r ? { ...r, open: false } : r));
        setNotice({ kind: "success", text: `O convite de ${invitation.email ?? ""} foi revogado: o link deixou de valer.` });
      },
    });
  };

  return (
    <>
      <div className="etp-people__row-top">
        <h3>{`Convites: ${INVITATION_STATUS_LABELS[status].toLowerCase()}`}</h3>
        <div className="br-select etp-field">
          <label htmlFor={`${id}-situacao`}>Mostrar convites</label>
          <select id={`${id}-situacao`} className="etp-select" value={status} onChange={(event) => { setStatus(event.target.value as InvitationStatus); setPage(1); }}>
            {(Object.keys(INVITATION_STATUS_LABELS) as InvitationStatus[]).map((value) => (
              <option key={value} value={value}>{INVITATION_STATUS_LABELS[value]}</option>
            ))}
          </select>
        </div>
      </div>
      {notice ? <Message kind={notice.kind} onClose={() => setNotice(null)}>{notice.text}</Message> : null}
      {list.isPending ? (
        <Loading label="Carregando os convites…" />
      ) : list.isError ? (
        <Message kind="danger" title="Não foi possível carregar os convites">{messageOf(list.error)}</Message>
      ) : !list.data.items.length ? (
        <p role="status">Nenhum convite nesta situação.</p>
      ) : (
        <>
          <div className="etp-people__scroll" role="region" aria-label="Tabela de convites (rolável)" tabIndex={0}>
            <table className="etp-people__table">
              <caption className="visually-hidden">{`Convites: ${INVITATION_STATUS_LABELS[status]}`}</caption>
              <thead>
                <tr>
                  <th scope="col">E-mail</th>
                  <th scope="col">Perfil</th>
                  <th scope="col">Convidado por</th>
                  <th scope="col">Último envio</th>
                  <th scope="col">{status === "accepted" ? "Aceito em" : status === "revoked" ? "Revogado em" : "Link vale até"}</th>
                  {actionable ? <th scope="col">Ações</th> : null}
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((invitation) => (
                  <tr key={invitation.id}>
                    <td className="etp-people__name">{invitation.email}</td>
                    <td>{ROLE_LABELS[invitation.role ?? "member"]}</td>
                    <td>{invitation.invited_by_name ?? "Operação do sistema"}</td>
                    <td>{formatDateTime(invitation.last_sent_at ?? invitation.created_at)}</td>
                    <td>{formatDateTime(status === "accepted" ? invitation.accepted_at : status === "revoked" ? invitation.revoked_at : invitation.expires_at)}</td>
                    {actionable ? (
                      <td>
                        <div className="etp-people__actions">
                          <button aria-label={`Reenviar o convite de ${invitation.email ?? ""}`} type="button" className="br-button secondary small" disabled={resend.isPending} onClick={() => doResend(invitation)}>
                            <Icon name="redo" /> Reenviar
                          </button>
                          <button aria-label={`Revogar o convite de ${invitation.email ?? ""}`} type="button" className="br-button secondary small" onClick={() => { setNotice(null); revoke.reset(); setRevoking({ invitation, open: true }); }}>
                            <Icon name="ban" /> Revogar
                          </button>
                        </div>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination pagination={list.data.pagination} onPage={setPage} label="Paginação dos convites" />
        </>
      )}
      {revoking ? (
        <Dialog
          open={revoking.open}
          title={`Revogar o convite de ${revoking.invitation.email ?? ""}?`}
          onClose={() => setRevoking({ ...revoking, open: false })}
          footer={
            <>
              <button type="button" className="br-button secondary" onClick={() => setRevoking({ ...revoking, open: false })}>Cancelar</button>
              <button type="button" className="br-button primary" disabled={revoke.isPending} onClick={doRevoke}>
                {revoke.isPending ? "Revogando…" : "Revogar convite"}
              </button>
            </>
          }
        >
          <p>O link enviado deixa de valer: a pessoa não consegue mais entrar na organização por ele. Você pode convidá-la de novo depois.</p>
          {revoke.isError ? <Message kind="danger" title="O convite não foi revogado">{messageOf(revoke.error)}</Message> : null}
        </Dialog>
      ) : null}
    </>
  );
}
