// Pieces the account pages share: the password rules the API enforces, the safe `proximo`
// redirect, the "resend the confirmation e-mail" form and the form-error state.
import { useState, type FormEvent } from "react";

import { api, unwrap } from "../../api/client";
import { ApiError, messageOf, type FieldErrors } from "../../api/errors";
import { ErrorSummary, type FieldRef } from "../../components/ErrorSummary";
import { TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Message } from "../../components/Message";

export const DEFAULT_AFTER_LOGIN = "/etps";

/** The policy of services/passwords.py, as the person reads it (the hint of every new-password field). */
export const PASSWORD_HINT =
  "Pelo menos 10 caracteres, com 3 destes 4 tipos: letras minúsculas, letras maiúsculas, números e símbolos. Sem o seu nome nem o seu e-mail, e não pode ser uma senha comum (como “Senha@123”).";

export const MISMATCH = "A confirmação não é igual à senha.";

const PAGES_NOT_TO_RETURN_TO = new Set(["/entrar", "/cadastro", "/verificar-email", "/esqueci-senha", "/redefinir-senha", "/convite"]);

/**
 * Where to go after signing in: `proximo` when it is a path of this app ("/..." but not "//" or "/\",
 * which browsers read as another host), otherwise the ETP list. Never an absolute URL.
 */
export function safeNext(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return DEFAULT_AFTER_LOGIN;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return DEFAULT_AFTER_LOGIN; // the URL parser drops tabs and newlines: "/\t/evil"
  const base = "https://etp.invalid";
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return DEFAULT_AFTER_LOGIN;
  }
  if (url.origin !== base) return DEFAULT_AFTER_LOGIN;
  if (PAGES_NOT_TO_RETURN_TO.has(url.pathname)) return DEFAULT_AFTER_LOGIN;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The error state of a form: the envelope's message and its field errors (plus client-side ones). */
export interface FormError {
  message: string | null;
  errors: FieldErrors;
}

export const NO_ERROR: FormError = { message: null, errors: {} };

export function formErrorOf(error: unknown, knownFields: readonly string[]): FormError {
  if (error instanceof ApiError) {
    const errors: FieldErrors = {};
    const other: string[] = [];
    for (const [name, messages] of Object.entries(error.fieldErrors)) {
      if (knownFields.includes(name)) errors[name] = messages;
      else other.push(...messages);
    }
    // a field error the form has no field for goes with the message, never lost
    const message = [messageOf(error), ...other.filter((text) => text !== error.message)].join(" ");
    return { message, errors };
  }
  return { message: messageOf(error), errors: {} };
}

/**
 * A form's submit: one at a time (`busy`), the error cleared before and set from what was thrown
 * (fields in `knownFields` on their fields, the rest with the message). `onError` may take an error
 * itself (return true) instead of showing it on the form.
 */
export function useFormSubmit(knownFields: readonly string[]) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FormError>(NO_ERROR);

  async function run(action: () => Promise<void>, onError?: (form: FormError) => boolean): Promise<void> {
    if (busy) return;
    setBusy(true);
    setError(NO_ERROR);
    try {
      await action();
    } catch (caught) {
      const form = formErrorOf(caught, knownFields);
      if (!onError?.(form)) setError(form);
    } finally {
      setBusy(false);
    }
  }

  return { busy, error, setError, run };
}

/** The client-side check of a new password's confirmation: the form error to show, or null. */
export function confirmationError(password: string, confirmation: string): FormError | null {
  return password === confirmation ? null : { message: null, errors: { confirmation: [MISMATCH] } };
}

export function FormErrors({ error, fields }: { error: FormError; fields: Record<string, FieldRef> }) {
  return <ErrorSummary message={error.message} errors={error.errors} fields={fields} />;
}

/** "Reenviar e-mail de confirmação": POST /auth/resend-verification (same answer for any e-mail). */
export function ResendVerificationForm({ initialEmail = "", idPrefix = "reenvio" }: { initialEmail?: string; idPrefix?: string }) {
  const [email, setEmail] = useState(initialEmail);
  const [sent, setSent] = useState<string | null>(null);
  const { busy, error, run } = useFormSubmit(["email"]);
  const emailId = `${idPrefix}-email`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSent(null);
    await run(async () => {
      const answer = await unwrap(api.POST("/api/v1/auth/resend-verification", { body: { email } }));
      setSent(answer.message ?? "Se houver uma conta com este e-mail aguardando confirmação, enviaremos um novo link.");
    });
  }

  return (
    <section className="etp-auth-resend" aria-labelledby={`${idPrefix}-titulo`}>
      <h2 id={`${idPrefix}-titulo`}>Reenviar e-mail de confirmação</h2>
      {sent ? <Message kind="success" title="Pedido recebido">{sent}</Message> : null}
      {error.message && !Object.keys(error.errors).length ? <Message kind="danger">{error.message}</Message> : null}
      <form className="etp-form" noValidate onSubmit={(event) => void submit(event)}>
        <TextField label="E-mail" id={emailId} type="email" autoComplete="email" required value={email} onChange={(event) => setEmail(event.target.value)} error={error.errors.email} />
        <div className="etp-actions">
          <button type="submit" className="br-button secondary" disabled={busy}>
            <Icon name="paper-plane" /> {busy ? "Enviando…" : "Reenviar e-mail de confirmação"}
          </button>
        </div>
      </form>
    </section>
  );
}
