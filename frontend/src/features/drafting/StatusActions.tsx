// The ETP's lifecycle as the API allows it (etp_app/services/etps.py TRANSITIONS): send to review,
// approve (after reading GET /approval: blockers, can_approve, approver_problem), archive, back to
// drafting. A 409 naming sections shows them as links; approve and archive ask for confirmation.
import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link } from "react-router";

import { ApiError, messageOf } from "../../api/errors";
import { keys } from "../../api/queries";
import type { Etp, EtpStatus, Section } from "../../api/types";
import { useSession } from "../../auth/useSession";
import { Dialog } from "../../components/Dialog";
import { Icon, type IconName } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { formatDate } from "../../lib/format";
import { changeStatus, useApproval } from "./api";
import { incisoOf } from "./progress";

interface Transition {
  to: EtpStatus;
  label: string;
  icon: IconName;
  adminOnly?: boolean;
  confirm?: boolean;
}

/** From each status, the moves the API accepts (reopening an approved or archived ETP: org admins). */
const TRANSITIONS: Record<EtpStatus, Transition[]> = {
  draft: [
    { to: "in_review", label: "Enviar para revisão", icon: "paper-plane" },
    { to: "archived", label: "Arquivar", icon: "archive", confirm: true },
  ],
  in_review: [
    { to: "approved", label: "Aprovar", icon: "stamp", confirm: true },
    { to: "draft", label: "Voltar para elaboração", icon: "arrow-left" },
    { to: "archived", label: "Arquivar", icon: "archive", confirm: true },
  ],
  approved: [
    { to: "archived", label: "Arquivar", icon: "archive", confirm: true },
    { to: "draft", label: "Voltar para elaboração", icon: "arrow-left", adminOnly: true, confirm: true },
  ],
  archived: [{ to: "draft", label: "Voltar para elaboração", icon: "arrow-left", adminOnly: true, confirm: true }],
};

export const DEFAULT_STATEMENT = "Aprovo o presente ETP: a contratação é viável e adequada à necessidade descrita.";

/** The API's `errors` of a 409 or of GET /approval, per section code (links to the section) or field. */
export function BlockerList({ etpId, blockers, sections }: { etpId: string; blockers: Record<string, string[]>; sections: Section[] }) {
  const titles = new Map(sections.map((s) => [s.code ?? "", s.title ?? ""]));
  const entries = Object.entries(blockers).filter(([, messages]) => messages.length);
  if (!entries.length) return null;
  return (
    <ul className="etp-blockers">
      {entries.map(([key, messages]) => {
        const inciso = incisoOf(key);
        const title = titles.get(key);
        const name = inciso > 0 ? `Seção ${key}${title ? ` — ${title}` : ""}` : key.startsWith("campos.") ? `Dado do ETP: ${key.slice(7)}` : key;
        const href = inciso > 0 ? `/etps/${etpId}/secoes/${inciso}` : `/etps/${etpId}/dados`;
        return (
          <li key={key}>
            {key === "status" ? <strong>{name}</strong> : <Link to={href}>{name}</Link>}: {messages.join(" ")}
          </li>
        );
      })}
    </ul>
  );
}

function blockersOf(error: unknown): Record<string, string[]> {
  const raw = error instanceof ApiError ? (error.body?.errors as Record<string, unknown> | undefined) : undefined;
  if (!raw) return {};
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (Array.isArray(value)) out[key] = value.filter((item): item is string => typeof item === "string");
  }
  return out;
}

export function approvalLine(etp: Etp): string | null {
  if (etp.status !== "approved") return null;
  const when = formatDate(etp.approval?.approved_at);
  const who = etp.approval?.approved_by_name;
  return `Aprovado${when ? ` em ${when}` : ""}${who ? ` por ${who}` : ""}.`;
}

export function StatusActions({ etp, sections }: { etp: Etp; sections: Section[] }) {
  const queryClient = useQueryClient();
  const session = useSession();
  const etpId = etp.id ?? "";
  const status: EtpStatus = etp.status ?? "draft";
  const statementId = useId();
  const [pending, setPending] = useState<Transition | null>(null);
  const [statement, setStatement] = useState(DEFAULT_STATEMENT);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ message: string; blockers: Record<string, string[]> } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const approving = pending?.to === "approved";
  const readiness = useApproval(etpId, approving || status === "in_review");
  const isAdmin = session.user?.role === "org_admin";
  const available = TRANSITIONS[status].filter((t) => !t.adminOnly || isAdmin);

  async function run(transition: Transition) {
    setBusy(true);
    setFailure(null);
    setDone(null);
    try {
      await changeStatus(etpId, transition.to, transition.to === "approved" ? statement : undefined);
      setPending(null);
      setDone(transition.to === "approved" ? "ETP aprovado." : transition.to === "archived" ? "ETP arquivado." : transition.to === "in_review" ? "ETP enviado para revisão." : "ETP de volta à elaboração.");
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.etp(etpId), exact: true }),
        queryClient.invalidateQueries({ queryKey: keys.sections(etpId), exact: true }),
        queryClient.invalidateQueries({ queryKey: keys.approval(etpId), exact: true }),
        queryClient.invalidateQueries({ queryKey: keys.etpLists }),
      ]);
    } catch (error) {
      setPending(null);
      setFailure({ message: messageOf(error), blockers: error instanceof ApiError && error.status === 409 ? blockersOf(error) : {} });
      if (error instanceof ApiError && error.status === 409) void queryClient.invalidateQueries({ queryKey: keys.approval(etpId), exact: true });
    } finally {
      setBusy(false);
    }
  }

  function choose(transition: Transition) {
    setFailure(null);
    setDone(null);
    if (transition.confirm) setPending(transition);
    else void run(transition);
  }

  const ready = readiness.data;
  const blockers = (ready?.blockers ?? {}) as Record<string, string[]>;
  const hasBlockers = Object.values(blockers).some((list) => list.length);
  const canConfirm = !approving || (Boolean(ready) && !hasBlockers && ready?.can_approve !== false && statement.trim().length > 0);
  const line = approvalLine(etp);

  return (
    <section className="etp-status-actions" aria-labelledby="situacao-titulo">
      <h2 id="situacao-titulo">Situação do ETP</h2>
      {line ? (
        <Message kind="success" title="Aprovado">
          {line} {etp.approval?.statement ? `Declaração: “${etp.approval.statement}”` : ""} O ETP está somente para leitura.
        </Message>
      ) : null}
      {status === "archived" ? <Message kind="info" title="Arquivado">Este ETP está arquivado e somente para leitura.</Message> : null}
      {status === "in_review" && ready && hasBlockers ? (
        <div className="etp-approval-blockers">
          <p>Para aprovar, resolva antes:</p>
          <BlockerList etpId={etpId} blockers={blockers} sections={sections} />
        </div>
      ) : null}
      {done ? <Message kind="success">{done}</Message> : null}
      {failure ? (
        <div role="alert" className="br-message danger etp-status-failure">
          <div className="icon">
            <Icon name="times-circle" className="fa-lg" />
          </div>
          <div className="content">
            <span className="message-title">Não foi possível mudar a situação. </span>
            <span className="message-body">{failure.message}</span>
            <BlockerList etpId={etpId} blockers={failure.blockers} sections={sections} />
          </div>
        </div>
      ) : null}
      {available.length ? (
        <div className="etp-actions">
          {available.map((transition) => (
            <button key={transition.to} type="button" className={`br-button ${transition.to === "approved" || transition.to === "in_review" ? "primary" : "secondary"}`} onClick={() => choose(transition)} disabled={busy}>
              <Icon name={transition.icon} /> {transition.label}
            </button>
          ))}
        </div>
      ) : null}
      <Dialog
        open={pending !== null}
        title={approving ? "Aprovar o ETP" : pending?.to === "archived" ? "Arquivar o ETP" : "Voltar para elaboração"}
        onClose={() => setPending(null)}
        footer={
          <>
            <button type="button" className="br-button secondary" onClick={() => setPending(null)}>
              Cancelar
            </button>
            <button type="button" className="br-button primary" onClick={() => pending && void run(pending)} disabled={busy || !canConfirm}>
              {approving ? "Confirmar a aprovação" : pending?.to === "archived" ? "Confirmar o arquivamento" : "Confirmar"}
            </button>
          </>
        }
      >
        {approving ? (
          <>
            {readiness.isPending ? <Loading label="Verificando se o ETP pode ser aprovado…" /> : null}
            {readiness.isError ? <Message kind="danger">{messageOf(readiness.error)}</Message> : null}
            {ready?.approver_problem ? <Message kind="warning">{ready.approver_problem}</Message> : null}
            {ready && hasBlockers ? (
              <>
                <p>O ETP ainda não pode ser aprovado:</p>
                <BlockerList etpId={etpId} blockers={blockers} sections={sections} />
              </>
            ) : null}
            {ready && !hasBlockers && ready.can_approve !== false ? <p>Nada impede a aprovação. Ao aprovar, o ETP fica somente para leitura.</p> : null}
            <div className="br-textarea etp-field">
              <label htmlFor={statementId}>Declaração de aprovação</label>
              <textarea id={statementId} value={statement} rows={3} maxLength={2000} onChange={(event) => setStatement(event.target.value)} />
            </div>
          </>
        ) : pending?.to === "archived" ? (
          <p>Arquivar o ETP o deixa somente para leitura; só um administrador da organização pode reabri-lo.</p>
        ) : (
          <p>O ETP volta a ser um rascunho editável; a aprovação registrada, se houver, é retirada.</p>
        )}
      </Dialog>
    </section>
  );
}
