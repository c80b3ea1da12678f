// /convite?token=: what the invitation offers (organization, role, e-mail), then accept it. Without
// an account for the invited e-mail the page asks for a name and a password (the account is created
// confirmed); with one, accepting joins it. The answer's tokens sign the person in.
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";

import { api, TOKEN_TRANSPORT_HEADER, unwrap } from "../../api/client";
import { ApiError, messageOf } from "../../api/errors";
import type { User } from "../../api/types";
import { useAuth } from "../../auth/AuthProvider";
import { TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDateTime } from "../../lib/format";
import { formErrorOf, FormErrors, MISMATCH, NO_ERROR, PASSWORD_HINT, type FormError } from "./shared";
import "./auth.css";

export const ROLE_LABELS: Record<string, string> = {
  viewer: "Leitura (consulta os ETPs da organização)",
  member: "Membro (escreve ETPs)",
  org_admin: "Administrador da organização",
  system_admin: "Administrador do sistema",
};

const FIELDS = {
  name: { label: "Nome completo", id: "convite-nome" },
  password: { label: "Senha", id: "convite-senha" },
  confirmation: { label: "Confirme a senha", id: "convite-confirmacao" },
};
const FIELD_NAMES = Object.keys(FIELDS);

export default function AcceptInvitationPage() {
  usePageTitle("Convite");
  const [params] = useSearchParams();
  const token = params.get("token")?.trim() ?? "";
  const { adopt } = useAuth();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FormError>(NO_ERROR);
  const [refused, setRefused] = useState<string | null>(null);

  const invitation = useQuery({
    queryKey: ["invitation", token],
    queryFn: () => unwrap(api.POST("/api/v1/auth/invitations/inspect", { body: { token } })),
    enabled: Boolean(token),
    staleTime: Infinity,
    retry: false,
  });

  if (!token) {
    return (
      <div className="etp-auth">
        <h1>Convite</h1>
        <Message kind="warning">O link do convite está incompleto. Abra o link do e-mail que você recebeu.</Message>
        <p><Link to="/entrar">Ir para a página de entrada</Link></p>
      </div>
    );
  }
  if (invitation.isPending) {
    return (
      <div className="etp-auth">
        <h1>Convite</h1>
        <Loading label="Abrindo o convite…" />
      </div>
    );
  }
  if (invitation.isError) {
    return (
      <div className="etp-auth">
        <h1>Convite</h1>
        <Message kind="danger" title="Convite indisponível">{messageOf(invitation.error)}</Message>
        <p>Peça a quem convidou que envie o convite de novo.</p>
        <p><Link to="/entrar">Ir para a página de entrada</Link></p>
      </div>
    );
  }

  const preview = invitation.data;
  const newAccount = !preview.account_exists;
  const organization = preview.organization?.name ?? "";

  async function accept(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (newAccount && password !== confirmation) {
      setError({ message: null, errors: { confirmation: [MISMATCH] } });
      return;
    }
    setBusy(true);
    setError(NO_ERROR);
    setRefused(null);
    try {
      const body = newAccount ? { token, name: name.trim(), password } : { token };
      const result = await unwrap(api.POST("/api/v1/auth/invitations/accept", { body, headers: { [TOKEN_TRANSPORT_HEADER]: "cookie" } }));
      adopt(result.access_token ?? "", result.expires_in, (result.user as User | undefined) ?? null);
      navigate("/etps", { replace: true });
    } catch (caught) {
      const form = formErrorOf(caught, [...FIELD_NAMES, "token"]);
      if (form.errors.token) setRefused(form.message ?? form.errors.token.join(" "));
      else if (caught instanceof ApiError && caught.status === 409) setRefused(form.message);
      else setError(form);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="etp-auth">
      <h1>Convite para {organization || "uma organização"}</h1>
      <dl className="etp-invitation">
        <dt>Organização</dt>
        <dd>{organization}</dd>
        <dt>Perfil</dt>
        <dd>{ROLE_LABELS[preview.role ?? ""] ?? preview.role}</dd>
        <dt>E-mail convidado</dt>
        <dd>{preview.email}</dd>
        {preview.expires_at ? (
          <>
            <dt>Válido até</dt>
            <dd>{formatDateTime(preview.expires_at)}</dd>
          </>
        ) : null}
      </dl>
      {refused ? (
        <>
          <Message kind="danger" title="Não foi possível aceitar">{refused}</Message>
          <p><Link to="/entrar">Ir para a página de entrada</Link></p>
        </>
      ) : (
        <>
          <p>
            {newAccount
              ? "Para aceitar, crie a sua conta: informe o seu nome e escolha uma senha. O e-mail já fica confirmado, pois o convite chegou nele."
              : "Já existe uma conta com este e-mail: ao aceitar, ela entra na organização com o perfil acima."}
          </p>
          <FormErrors error={error} fields={FIELDS} />
          <form className="etp-form" noValidate onSubmit={(event) => void accept(event)}>
            {newAccount ? (
              <>
                <TextField label={FIELDS.name.label} id={FIELDS.name.id} autoComplete="name" required value={name} onChange={(event) => setName(event.target.value)} error={error.errors.name} />
                <TextField label={FIELDS.password.label} id={FIELDS.password.id} type="password" autoComplete="new-password" required hint={PASSWORD_HINT} value={password} onChange={(event) => setPassword(event.target.value)} error={error.errors.password} />
                <TextField label={FIELDS.confirmation.label} id={FIELDS.confirmation.id} type="password" autoComplete="new-password" required value={confirmation} onChange={(event) => setConfirmation(event.target.value)} error={error.errors.confirmation} />
              </>
            ) : null}
            <div className="etp-actions">
              <button type="submit" className="br-button primary" disabled={busy}>
                <Icon name="check" /> {busy ? "Aceitando…" : "Aceitar o convite"}
              </button>
            </div>
          </form>
        </>
      )}
    </div>
  );
}
