// /redefinir-senha?token=: a new password (+ confirmation) with the link's single-use token. The API
// ends every session of the account; the person then signs in with the new password.
import { useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";

import { api, unwrap } from "../../api/client";
import { TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Message } from "../../components/Message";
import { usePageTitle } from "../../components/usePageTitle";
import { confirmationError, FormErrors, PASSWORD_HINT, useFormSubmit } from "./shared";
import "./auth.css";

const FIELDS = {
  new_password: { label: "Nova senha", id: "redefinir-senha" },
  confirmation: { label: "Confirme a nova senha", id: "redefinir-confirmacao" },
};

export default function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get("token")?.trim() ?? "";
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const [done, setDone] = useState(false);
  const { busy, error, setError, run } = useFormSubmit(["new_password", "token"]);
  // the token's own error (invalid, expired, used): no new password helps, a new link does
  const [tokenError, setTokenError] = useState<string | null>(null);
  usePageTitle(done ? "Senha redefinida" : "Redefinir senha");

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const mismatch = confirmationError(password, confirmation);
    if (mismatch) return setError(mismatch);
    await run(
      async () => {
        await unwrap(api.POST("/api/v1/auth/reset-password", { body: { token, new_password: password } }));
        setDone(true);
      },
      (form) => {
        if (!form.errors.token) return false;
        setTokenError(form.message ?? form.errors.token.join(" "));
        return true;
      },
    );
  }

  if (done) {
    return (
      <div className="etp-auth">
        <h1>Senha redefinida</h1>
        <Message kind="success" title="Pronto">Sua nova senha já vale. Por segurança, todas as sessões abertas da sua conta foram encerradas: entre de novo com a nova senha.</Message>
        <p><Link className="br-button primary" to="/entrar">Entrar</Link></p>
      </div>
    );
  }

  if (!token || tokenError) {
    return (
      <div className="etp-auth">
        <h1>Redefinir senha</h1>
        <Message kind="danger" title="Link inválido">{tokenError ?? "O link de redefinição está incompleto. Abra o link do e-mail que enviamos, ou peça um novo."}</Message>
        <ul className="etp-auth__links">
          <li><Link to="/esqueci-senha">Pedir um novo link</Link></li>
          <li><Link to="/entrar">Ir para a página de entrada</Link></li>
        </ul>
      </div>
    );
  }

  return (
    <div className="etp-auth">
      <h1>Redefinir senha</h1>
      <p>Escolha uma nova senha para a sua conta.</p>
      <FormErrors error={error} fields={FIELDS} />
      <form className="etp-form" noValidate onSubmit={(event) => void submit(event)}>
        <TextField label={FIELDS.new_password.label} id={FIELDS.new_password.id} type="password" autoComplete="new-password" required hint={PASSWORD_HINT} value={password} onChange={(event) => setPassword(event.target.value)} error={error.errors.new_password} />
        <TextField label={FIELDS.confirmation.label} id={FIELDS.confirmation.id} type="password" autoComplete="new-password" required value={confirmation} onChange={(event) => setConfirmation(event.target.value)} error={error.errors.confirmation} />
        <div className="etp-actions">
          <button type="submit" className="br-button primary" disabled={busy}>
            <Icon name="save" /> {busy ? "Salvando…" : "Salvar a nova senha"}
          </button>
        </div>
      </form>
    </div>
  );
}
