// /conta/senha (behind login): change the password (the API ends the other sessions and returns a
// new pair for this one), and the list of this account's sessions: end one, or all of them.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";

import { api, TOKEN_TRANSPORT_HEADER, unwrap } from "../../api/client";
import { messageOf } from "../../api/errors";
import type { components } from "../../api/schema";
import { signedIn, signedOut } from "../../auth/session";
import { Dialog } from "../../components/Dialog";
import { TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDateTime } from "../../lib/format";
import { confirmationError, FormErrors, PASSWORD_HINT, useFormSubmit } from "./shared";
import "./auth.css";

type LoginSession = components["schemas"]["Session"];

export const SESSIONS_KEY = ["auth", "sessions"] as const;
export const LOGGED_OUT_EVERYWHERE = "Você saiu de todos os dispositivos. Entre novamente para continuar.";

const FIELDS = {
  current_password: { label: "Senha atual", id: "senha-atual" },
  new_password: { label: "Nova senha", id: "senha-nova" },
  confirmation: { label: "Confirme a nova senha", id: "senha-confirmacao" },
};
const FIELD_NAMES = Object.keys(FIELDS);

/** "Chrome no Linux" from a User-Agent; the raw text when nothing is recognized. */
export function describeAgent(agent: string | null | undefined): string {
  if (!agent) return "Aparelho desconhecido";
  const browser = /Edg\//.test(agent) ? "Edge" : /Firefox\//.test(agent) ? "Firefox" : /Chrom(e|ium)\//.test(agent) ? "Chrome" : /Safari\//.test(agent) ? "Safari" : null;
  const system = /Android/.test(agent) ? "Android" : /iPhone|iPad/.test(agent) ? "iOS" : /Windows/.test(agent) ? "Windows" : /Mac OS X|Macintosh/.test(agent) ? "macOS" : /Linux|X11/.test(agent) ? "Linux" : null;
  if (browser && system) return `${browser} no ${system}`;
  return browser ?? system ?? agent.slice(0, 80);
}

function ChangePasswordForm({ onChanged }: { onChanged: () => void }) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const { busy, error, setError, run } = useFormSubmit(FIELD_NAMES);
  const [done, setDone] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setDone(false);
    const mismatch = confirmationError(next, confirmation);
    if (mismatch) return setError(mismatch);
    await run(async () => {
      const pair = await unwrap(
        api.POST("/api/v1/auth/change-password", { body: { current_password: current, new_password: next }, headers: { [TOKEN_TRANSPORT_HEADER]: "cookie" } }),
      );
      // every earlier token was revoked: this tab goes on with the new pair (refresh token in the cookie)
      if (pair.access_token) signedIn(pair.access_token, pair.expires_in, null);
      setCurrent("");
      setNext("");
      setConfirmation("");
      setDone(true);
      onChanged();
    });
  }

  return (
    <section aria-labelledby="trocar-senha-titulo">
      <h2 id="trocar-senha-titulo">Trocar a senha</h2>
      {done ? (
        <Message kind="success" title="Senha alterada">
          Sua nova senha já vale. As suas outras sessões (outros navegadores e aparelhos) foram encerradas; neste navegador você continua conectado.
        </Message>
      ) : null}
      <FormErrors error={error} fields={FIELDS} />
      <form className="etp-form" noValidate onSubmit={(event) => void submit(event)}>
        <TextField label={FIELDS.current_password.label} id={FIELDS.current_password.id} type="password" autoComplete="current-password" required value={current} onChange={(event) => setCurrent(event.target.value)} error={error.errors.current_password} />
        <TextField label={FIELDS.new_password.label} id={FIELDS.new_password.id} type="password" autoComplete="new-password" required hint={PASSWORD_HINT} value={next} onChange={(event) => setNext(event.target.value)} error={error.errors.new_password} />
        <TextField label={FIELDS.confirmation.label} id={FIELDS.confirmation.id} type="password" autoComplete="new-password" required value={confirmation} onChange={(event) => setConfirmation(event.target.value)} error={error.errors.confirmation} />
        <div className="etp-actions">
          <button type="submit" className="br-button primary" disabled={busy}>
            <Icon name="save" /> {busy ? "Salvando…" : "Salvar a nova senha"}
          </button>
        </div>
      </form>
    </section>
  );
}

function SessionsTable() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const sessions = useQuery({
    queryKey: SESSIONS_KEY,
    queryFn: () => unwrap(api.GET("/api/v1/auth/sessions")) as Promise<LoginSession[]>,
  });
  const end = useMutation({
    mutationFn: (sessionId: string) => unwrap(api.DELETE("/api/v1/auth/sessions/{session_id}", { params: { path: { session_id: sessionId } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: SESSIONS_KEY }),
  });
  const endAll = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/auth/logout-all")),
    onSuccess: () => {
      setConfirming(false);
      signedOut(LOGGED_OUT_EVERYWHERE);
      queryClient.clear();
      navigate("/entrar", { replace: true });
    },
  });

  return (
    <section className="etp-sessions" aria-labelledby="sessoes-titulo">
      <h2 id="sessoes-titulo">Onde você está conectado</h2>
      <p>Cada entrada no ETP Express abre uma sessão. Encerre as que você não reconhece.</p>
      {end.isError ? <Message kind="danger">{messageOf(end.error)}</Message> : null}
      {endAll.isError && !confirming ? <Message kind="danger">{messageOf(endAll.error)}</Message> : null}
      {sessions.isPending ? <Loading label="Carregando as sessões…" /> : null}
      {sessions.isError ? <Message kind="danger">{messageOf(sessions.error)}</Message> : null}
      {sessions.data ? (
        <div className="br-table etp-table-scroll" role="region" aria-label="Suas sessões ativas" tabIndex={0}>
          <table>
            <caption className="visually-hidden">Suas sessões ativas</caption>
            <thead>
              <tr>
                <th scope="col">Aparelho</th>
                <th scope="col">Endereço</th>
                <th scope="col">Entrada</th>
                <th scope="col">Último uso</th>
                <th scope="col">Ação</th>
              </tr>
            </thead>
            <tbody>
              {sessions.data.map((row) => (
                <tr key={row.id}>
                  <td className="etp-sessions__agent">
                    <span title={row.user_agent ?? undefined}>{describeAgent(row.user_agent)}</span>
                    {row.current ? <span className="etp-sessions__current"> (esta sessão)</span> : null}
                  </td>
                  <td>{row.ip_address ?? "—"}</td>
                  <td>{formatDateTime(row.created_at)}</td>
                  <td>{formatDateTime(row.last_used_at)}</td>
                  <td>
                    {row.current ? (
                      <span>Este navegador</span>
                    ) : (
                      <button type="button" className="br-button secondary small" disabled={end.isPending && end.variables === row.id} onClick={() => row.id && end.mutate(row.id)} aria-label={`Encerrar a sessão ${describeAgent(row.user_agent)}, entrada em ${formatDateTime(row.created_at)}`}>
                        <Icon name="ban" /> Encerrar
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="etp-actions">
        <button type="button" className="br-button secondary" onClick={() => setConfirming(true)}>
          <Icon name="sign-out-alt" /> Sair de todos os dispositivos
        </button>
      </div>
      <Dialog
        open={confirming}
        title="Sair de todos os dispositivos?"
        onClose={() => setConfirming(false)}
        footer={
          <>
            <button type="button" className="br-button secondary" onClick={() => setConfirming(false)}>Cancelar</button>
            <button type="button" className="br-button primary" disabled={endAll.isPending} onClick={() => endAll.mutate()}>
              <Icon name="sign-out-alt" /> Sair de todos
            </button>
          </>
        }
      >
        <p>Todas as suas sessões serão encerradas, inclusive esta. Para continuar, você entra de novo com e-mail e senha.</p>
        {endAll.isError ? <Message kind="danger">{messageOf(endAll.error)}</Message> : null}
      </Dialog>
    </section>
  );
}

export default function ChangePasswordPage() {
  usePageTitle("Senha e sessões");
  const queryClient = useQueryClient();
  return (
    <div className="etp-auth-account">
      <h1>Senha e sessões</h1>
      <div className="etp-auth">
        <ChangePasswordForm onChanged={() => void queryClient.invalidateQueries({ queryKey: SESSIONS_KEY })} />
      </div>
      <SessionsTable />
    </div>
  );
}
