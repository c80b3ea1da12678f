// /esqueci-senha: asks for a reset link. The answer is the same whether the account exists or not
// (no enumeration): the page always shows the same confirmation.
import { useState, type FormEvent } from "react";
import { Link } from "react-router";

import { api, unwrap } from "../../api/client";
import { TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Message } from "../../components/Message";
import { usePageTitle } from "../../components/usePageTitle";
import { FormErrors, useFormSubmit } from "./shared";
import "./auth.css";

const FIELDS = { email: { label: "E-mail", id: "esqueci-email" } };
export const FORGOT_CONFIRMATION =
  "Se houver uma conta com este e-mail, enviaremos um link para redefinir a senha. Verifique sua caixa de entrada (e a de spam). O link tem prazo de validade e só pode ser usado uma vez.";

export default function ForgotPasswordPage() {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const { busy, error, run } = useFormSubmit(["email"]);
  usePageTitle(sent ? "Confira seu e-mail" : "Esqueci minha senha");

  async function submit(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      await unwrap(api.POST("/api/v1/auth/forgot-password", { body: { email: email.trim() } }));
      setSent(true);
    });
  }

  if (sent) {
    return (
      <div className="etp-auth">
        <h1>Confira seu e-mail</h1>
        <Message kind="success" title="Pedido recebido">{FORGOT_CONFIRMATION}</Message>
        <ul className="etp-auth__links">
          <li><Link to="/entrar">Voltar para a página de entrada</Link></li>
          <li><button type="button" className="br-button secondary small" onClick={() => setSent(false)}>Pedir de novo</button></li>
        </ul>
      </div>
    );
  }

  return (
    <div className="etp-auth">
      <h1>Esqueci minha senha</h1>
      <p>Informe o e-mail da sua conta. Enviaremos um link para você escolher uma nova senha.</p>
      <FormErrors error={error} fields={FIELDS} />
      <form className="etp-form" noValidate onSubmit={(event) => void submit(event)}>
        <TextField label={FIELDS.email.label} id={FIELDS.email.id} type="email" autoComplete="email" required value={email} onChange={(event) => setEmail(event.target.value)} error={error.errors.email} />
        <div className="etp-actions">
          <button type="submit" className="br-button primary" disabled={busy}>
            <Icon name="paper-plane" /> {busy ? "Enviando…" : "Enviar o link"}
          </button>
        </div>
      </form>
      <ul className="etp-auth__links">
        <li><Link to="/entrar">Voltar para a página de entrada</Link></li>
      </ul>
    </div>
  );
}
