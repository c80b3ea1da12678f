// /cadastro: name, e-mail, password (+ confirmation, checked here). The API answers 202 whatever the
// e-mail; the account works once its e-mail is confirmed, and then joins an organization by an
// invitation or by a join request an org admin approves.
import { useState, type FormEvent } from "react";
import { Link } from "react-router";

import { api, unwrap } from "../../api/client";
import { TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Message } from "../../components/Message";
import { usePageTitle } from "../../components/usePageTitle";
import { confirmationError, FormErrors, PASSWORD_HINT, ResendVerificationForm, useFormSubmit } from "./shared";
import "./auth.css";

const FIELDS = {
  name: { label: "Nome completo", id: "cadastro-nome" },
  email: { label: "E-mail", id: "cadastro-email" },
  password: { label: "Senha", id: "cadastro-senha" },
  confirmation: { label: "Confirme a senha", id: "cadastro-confirmacao" },
};
const FIELD_NAMES = Object.keys(FIELDS);

export default function RegisterPage() {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const { busy, error, setError, run } = useFormSubmit(FIELD_NAMES);
  const [done, setDone] = useState<string | null>(null);
  usePageTitle(done ? "Confira seu e-mail" : "Criar conta");

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const mismatch = confirmationError(password, confirmation);
    if (mismatch) return setError(mismatch);
    await run(async () => {
      const answer = await unwrap(api.POST("/api/v1/auth/register", { body: { name: name.trim(), email: email.trim(), password } }));
      setDone(answer.message ?? "Cadastro recebido. Enviamos um e-mail para o endereço informado.");
      setPassword("");
      setConfirmation("");
    });
  }

  if (done) {
    return (
      <div className="etp-auth">
        <h1>Confira seu e-mail</h1>
        <Message kind="success" title="Cadastro recebido">{done}</Message>
        <h2>Próximos passos</h2>
        <ol className="etp-auth__steps">
          <li>Abra o e-mail que enviamos para <strong>{email.trim()}</strong> e clique no link de confirmação. O link tem prazo de validade (o e-mail diz qual) e só pode ser usado uma vez. Se não o encontrar, veja a caixa de spam.</li>
          <li>Com o e-mail confirmado, entre no ETP Express com o seu e-mail e a senha que você escolheu.</li>
          <li>
            Para escrever ETPs, a sua conta precisa fazer parte da organização em que você trabalha. O domínio do seu e-mail
            não dá acesso sozinho: aceite o convite que um administrador da sua organização enviar, ou peça para entrar na
            organização e aguarde a aprovação de um administrador dela.
          </li>
        </ol>
        <p>Se você já tinha uma conta com este e-mail, enviamos a ele as instruções para entrar ou redefinir a senha.</p>
        <ResendVerificationForm initialEmail={email.trim()} />
        <ul className="etp-auth__links">
          <li><Link to="/entrar">Ir para a página de entrada</Link></li>
        </ul>
      </div>
    );
  }

  return (
    <div className="etp-auth">
      <h1>Criar conta</h1>
      <p>Use o seu e-mail institucional. Depois de confirmar o e-mail, você entra na sua organização por convite ou por um pedido aprovado por um administrador dela.</p>
      <FormErrors error={error} fields={FIELDS} />
      <form className="etp-form" noValidate onSubmit={(event) => void submit(event)}>
        <TextField label={FIELDS.name.label} id={FIELDS.name.id} autoComplete="name" required value={name} onChange={(event) => setName(event.target.value)} error={error.errors.name} />
        <TextField label={FIELDS.email.label} id={FIELDS.email.id} type="email" autoComplete="email" required value={email} onChange={(event) => setEmail(event.target.value)} error={error.errors.email} />
        <TextField label={FIELDS.password.label} id={FIELDS.password.id} type="password" autoComplete="new-password" required hint={PASSWORD_HINT} value={password} onChange={(event) => setPassword(event.target.value)} error={error.errors.password} />
        <TextField label={FIELDS.confirmation.label} id={FIELDS.confirmation.id} type="password" autoComplete="new-password" required value={confirmation} onChange={(event) => setConfirmation(event.target.value)} error={error.errors.confirmation} />
        <div className="etp-actions">
          <button type="submit" className="br-button primary" disabled={busy}>
            <Icon name="user" /> {busy ? "Enviando…" : "Criar conta"}
          </button>
        </div>
      </form>
      <ul className="etp-auth__links">
        <li><Link to="/entrar">Já tenho conta: entrar</Link></li>
        <li><Link to="/verificar-email">Não recebi o e-mail de confirmação</Link></li>
      </ul>
    </div>
  );
}
