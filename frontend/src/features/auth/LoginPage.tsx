// /entrar: e-mail and password. Every failed login gets the API's one 401 message; the throttle's
// 429 disables the button until its Retry-After has passed. After signing in: `?proximo=` when it is
// a path of this app, else the ETP list. The labels are exactly "E-mail" and "Senha" (the E2E
// contract): the fields are required by aria-required, without the "(obrigatório)" suffix.
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";

import { ApiError } from "../../api/errors";
import { useAuth } from "../../auth/AuthProvider";
import { SESSION_EXPIRED_NOTICE } from "../../auth/session";
import { useSession } from "../../auth/useSession";
import { TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Message } from "../../components/Message";
import { usePageTitle } from "../../components/usePageTitle";
import { formErrorOf, FormErrors, NO_ERROR, safeNext, type FormError } from "./shared";
import "./auth.css";

const FIELDS = { email: { label: "E-mail", id: "login-email" }, password: { label: "Senha", id: "login-senha" } };

function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} ${seconds === 1 ? "segundo" : "segundos"}`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (rest === 0) return `${minutes} ${minutes === 1 ? "minuto" : "minutos"}`;
  return `${minutes} min ${rest} s`;
}

/** A wait of the throttle: `start(seconds)`, then the seconds left, ticking once a second (0: no wait). */
function useCountdown(): [number, (seconds: number) => void] {
  const [until, setUntil] = useState<number | null>(null);
  const [now, setNow] = useState(0);
  const start = useCallback((seconds: number) => {
    const at = Date.now();
    setNow(at);
    setUntil(at + seconds * 1000);
  }, []);
  const remaining = until ? Math.max(0, Math.ceil((until - now) / 1000)) : 0;
  useEffect(() => {
    if (!until) return;
    const timer = window.setInterval(() => {
      const at = Date.now();
      setNow(at);
      if (at >= until) setUntil(null);
    }, 1000);
    return () => window.clearInterval(timer);
  }, [until]);
  return [remaining, start];
}

export default function LoginPage() {
  usePageTitle("Entrar");
  const session = useSession();
  const { login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get("proximo"));
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FormError>(NO_ERROR);
  const [signedInHere, setSignedInHere] = useState(false);
  const [remaining, startWait] = useCountdown();
  const blocked = remaining > 0;

  // Already signed in (or the session was restored by the refresh cookie): nothing to do here.
  if (session.status === "authenticated" && !signedInHere) return <Navigate to={next} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || blocked) return;
    setBusy(true);
    setError(NO_ERROR);
    try {
      setSignedInHere(true);
      await login(email.trim(), password);
      navigate(next, { replace: true });
    } catch (caught) {
      setSignedInHere(false);
      setPassword("");
      setError(formErrorOf(caught, ["email", "password"]));
      if (caught instanceof ApiError && caught.status === 429 && caught.retryAfterSeconds) {
        startWait(caught.retryAfterSeconds);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="etp-auth">
      <h1>Entrar no ETP Express</h1>
      {session.notice ? <Message kind={session.notice === SESSION_EXPIRED_NOTICE ? "warning" : "info"}>{session.notice}</Message> : null}
      <FormErrors error={error} fields={FIELDS} />
      <form className="etp-form" noValidate onSubmit={(event) => void submit(event)}>
        <TextField label="E-mail" id={FIELDS.email.id} type="email" autoComplete="username" aria-required="true" value={email} onChange={(event) => setEmail(event.target.value)} error={error.errors.email} />
        <TextField label="Senha" id={FIELDS.password.id} type="password" autoComplete="current-password" aria-required="true" value={password} onChange={(event) => setPassword(event.target.value)} error={error.errors.password} />
        <div className="etp-actions">
          <button type="submit" className="br-button primary" disabled={busy || blocked} aria-describedby={blocked ? "login-espera" : undefined}>
            <Icon name="lock" /> Entrar
          </button>
          {busy ? <span role="status">Entrando…</span> : null}
        </div>
        {blocked ? (
          <p id="login-espera" className="etp-auth__wait">
            <Icon name="clock" /> Você poderá tentar de novo em {waitText(remaining)}.
          </p>
        ) : null}
      </form>
      <ul className="etp-auth__links">
        <li><Link to="/cadastro">Criar conta</Link></li>
        <li><Link to="/esqueci-senha">Esqueci minha senha</Link></li>
      </ul>
    </div>
  );
}
