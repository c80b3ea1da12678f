import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
// /entrar: e-mail and password. Every failed login gets the API's one 401 message; the throttle's
// 429 disables the button until its Retry-After has passed. After signing in: `?proximo=` when it is
// a path of this app, else the ETP list. The labels are exactly "E-mail" and "Senha" (the E2E
// contract): the fields are required by aria-required, without the "(obrigatório)" suffix.
import { useCallback, useEffect, useState } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { ApiError } from "../../api/errors";
import { useAuth } from "../../auth/AuthProvider";
import { SESSION_EXPIRED_NOTICE } from "../../auth/session";
import { useSession } from "../../auth/useSession";
import { TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Message } from "../../components/Message";
import { usePageTitle } from "../../components/usePageTitle";
import { formErrorOf, FormErrors, NO_ERROR, safeNext } from "./shared";
import "./auth.css";
const FIELDS = { email: { label: "E-mail", id: "login-email" }, password: { label: "Senha", id: "login-senha" } };
function waitText(seconds) {
    if (seconds < 60)
        return `${seconds} ${seconds === 1 ? "segundo" : "segundos"}`;
    const minutes = Math.floor(seconds / 60);
    const rest = seconds % 60;
    if (rest === 0)
        return `${minutes} ${minutes === 1 ? "minuto" : "minutos"}`;
    return `${minutes} min ${rest} s`;
}
/** A wait of the throttle: `start(seconds)`, then the seconds left, ticking once a second (0: no wait). */
function useCountdown() {
    const [until, setUntil] = useState(null);
    const [now, setNow] = useState(0);
    const start = useCallback((seconds) => {
        const at = Date.now();
        setNow(at);
        setUntil(at + seconds * 1000);
    }, []);
    const remaining = until ? Math.max(0, Math.ceil((until - now) / 1000)) : 0;
    useEffect(() => {
        if (!until)
            return;
        const timer = window.setInterval(() => {
            const at = Date.now();
            setNow(at);
            if (at >= until)
                setUntil(null);
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
    const [error, setError] = useState(NO_ERROR);
    const [signedInHere, setSignedInHere] = useState(false);
    const [remaining, startWait] = useCountdown();
    const blocked = remaining > 0;
    // Already signed in (or the session was restored by the refresh cookie): nothing to do here.
    if (session.status === "authenticated" && !signedInHere)
        return _jsx(Navigate, { to: next, replace: true });
    async function submit(event) {
        event.preventDefault();
        if (busy || blocked)
            return;
        setBusy(true);
        setError(NO_ERROR);
        try {
            setSignedInHere(true);
            await login(email.trim(), password);
            navigate(next, { replace: true });
        }
        catch (caught) {
            setSignedInHere(false);
            setPassword("");
            setError(formErrorOf(caught, ["email", "password"]));
            if (caught instanceof ApiError && caught.status === 429 && caught.retryAfterSeconds) {
                startWait(caught.retryAfterSeconds);
            }
        }
        finally {
            setBusy(false);
        }
    }
    return (_jsxs("div", { className: "etp-auth", children: [_jsx("h1", { children: "Entrar no ETP Express" }), session.notice ? _jsx(Message, { kind: session.notice === SESSION_EXPIRED_NOTICE ? "warning" : "info", children: session.notice }) : null, _jsx(FormErrors, { error: error, fields: FIELDS }), _jsxs("form", { className: "etp-form", noValidate: true, onSubmit: (event) => void submit(event), children: [_jsx(TextField, { label: "E-mail", id: FIELDS.email.id, type: "email", autoComplete: "username", "aria-required": "true", value: email, onChange: (event) => setEmail(event.target.value), error: error.errors.email }), _jsx(TextField, { label: "Senha", id: FIELDS.password.id, type: "password", autoComplete: "current-password", "aria-required": "true", value: password, onChange: (event) => setPassword(event.target.value), error: error.errors.password }), _jsxs("div", { className: "etp-actions", children: [_jsxs("button", { type: "submit", className: "br-button primary", disabled: busy || blocked, "aria-describedby": blocked ? "login-espera" : undefined, children: [_jsx(Icon, { name: "lock" }), " Entrar"] }), busy ? _jsx("span", { role: "status", children: "Entrando\u2026" }) : null] }), blocked ? (_jsxs("p", { id: "login-espera", className: "etp-auth__wait", children: [_jsx(Icon, { name: "clock" }), " Voc\u00EA poder\u00E1 tentar de novo em ", waitText(remaining), "."] })) : null] }), _jsxs("ul", { className: "etp-auth__links", children: [_jsx("li", { children: _jsx(Link, { to: "/cadastro", children: "Criar conta" }) }), _jsx("li", { children: _jsx(Link, { to: "/esqueci-senha", children: "Esqueci minha senha" }) })] })] }));
}
