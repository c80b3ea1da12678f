// /verificar-email?token=: confirms the e-mail with the link's token, sent once (StrictMode mounts
// effects twice; the token is single use, so a second POST would answer "already used").
import { useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";

import { api, unwrap } from "../../api/client";
import { messageOf } from "../../api/errors";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { usePageTitle } from "../../components/usePageTitle";
import { ResendVerificationForm } from "./shared";
import "./auth.css";

type Outcome = { ok: true; message: string } | { ok: false; message: string };

// One request per token for the life of the page, whatever mounts and unmounts.
const verifications = new Map<string, Promise<Outcome>>();

export function verifyOnce(token: string): Promise<Outcome> {
  let pending = verifications.get(token);
  if (!pending) {
    pending = unwrap(api.POST("/api/v1/auth/verify-email", { body: { token } })).then(
      (answer): Outcome => ({ ok: true, message: answer.message ?? "E-mail confirmado. Agora você pode entrar." }),
      (error: unknown): Outcome => ({ ok: false, message: messageOf(error) }),
    );
    verifications.set(token, pending);
  }
  return pending;
}

/** For tests: forget the tokens already sent. */
export function forgetVerifications(): void {
  verifications.clear();
}

export default function VerifyEmailPage() {
  const [params] = useSearchParams();
  const token = params.get("token")?.trim() ?? "";
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  usePageTitle(outcome?.ok ? "E-mail confirmado" : "Confirmar e-mail");

  useEffect(() => {
    if (!token) return;
    let current = true;
    void verifyOnce(token).then((result) => {
      if (current) setOutcome(result);
    });
    return () => {
      current = false;
    };
  }, [token]);

  if (!token) {
    return (
      <div className="etp-auth">
        <h1>Confirmar e-mail</h1>
        <Message kind="warning">O link de confirmação está incompleto. Abra o link do e-mail que enviamos, ou peça um novo abaixo.</Message>
        <ResendVerificationForm />
      </div>
    );
  }

  if (!outcome) {
    return (
      <div className="etp-auth">
        <h1>Confirmar e-mail</h1>
        <Loading label="Confirmando o seu e-mail…" />
      </div>
    );
  }

  if (outcome.ok) {
    return (
      <div className="etp-auth">
        <h1>E-mail confirmado</h1>
        <Message kind="success" title="Pronto">{outcome.message}</Message>
        <p>
          Depois de entrar, para escrever ETPs a sua conta precisa fazer parte da sua organização: aceite o convite de um
          administrador dela, ou peça para entrar e aguarde a aprovação.
        </p>
        <p><Link className="br-button primary" to="/entrar">Entrar</Link></p>
      </div>
    );
  }

  return (
    <div className="etp-auth">
      <h1>Confirmar e-mail</h1>
      <Message kind="danger" title="Não foi possível confirmar">{outcome.message}</Message>
      <ResendVerificationForm />
      <ul className="etp-auth__links">
        <li><Link to="/entrar">Ir para a página de entrada</Link></li>
      </ul>
    </div>
  );
}
