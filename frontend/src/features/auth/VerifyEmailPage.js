import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
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
// One request per token for the life of the page, whatever mounts and unmounts.
const verifications = new Map();
export function verifyOnce(token) {
    let pending = verifications.get(token);
    if (!pending) {
        pending = unwrap(api.POST("/api/v1/auth/verify-email", { body: { token } })).then((answer) => ({ ok: true, message: answer.message ?? "E-mail confirmado. Agora você pode entrar." }), (error) => ({ ok: false, message: messageOf(error) }));
        verifications.set(token, pending);
    }
    return pending;
}
/** For tests: forget the tokens already sent. */
export function forgetVerifications() {
    verifications.clear();
}
export default function VerifyEmailPage() {
    const [params] = useSearchParams();
    const token = params.get("token")?.trim() ?? "";
    const [outcome, setOutcome] = useState(null);
    usePageTitle(outcome?.ok ? "E-mail confirmado" : "Confirmar e-mail");
    useEffect(() => {
        if (!token)
            return;
        let current = true;
        void verifyOnce(token).then((result) => {
            if (current)
                setOutcome(result);
        });
        return () => {
            current = false;
        };
    }, [token]);
    if (!token) {
        return (_jsxs("div", { className: "etp-auth", children: [_jsx("h1", { children: "Confirmar e-mail" }), _jsx(Message, { kind: "warning", children: "O link de confirma\u00E7\u00E3o est\u00E1 incompleto. Abra o link do e-mail que enviamos, ou pe\u00E7a um novo abaixo." }), _jsx(ResendVerificationForm, {})] }));
    }
    if (!outcome) {
        return (_jsxs("div", { className: "etp-auth", children: [_jsx("h1", { children: "Confirmar e-mail" }), _jsx(Loading, { label: "Confirmando o seu e-mail\u2026" })] }));
    }
    if (outcome.ok) {
        return (_jsxs("div", { className: "etp-auth", children: [_jsx("h1", { children: "E-mail confirmado" }), _jsx(Message, { kind: "success", title: "Pronto", children: outcome.message }), _jsx("p", { children: "Depois de entrar, para escrever ETPs a sua conta precisa fazer parte da sua organiza\u00E7\u00E3o: aceite o convite de um administrador dela, ou pe\u00E7a para entrar e aguarde a aprova\u00E7\u00E3o." }), _jsx("p", { children: _jsx(Link, { className: "br-button primary", to: "/entrar", children: "Entrar" }) })] }));
    }
    return (_jsxs("div", { className: "etp-auth", children: [_jsx("h1", { children: "Confirmar e-mail" }), _jsx(Message, { kind: "danger", title: "N\u00E3o foi poss\u00EDvel confirmar", children: outcome.message }), _jsx(ResendVerificationForm, {}), _jsx("ul", { className: "etp-auth__links", children: _jsx("li", { children: _jsx(Link, { to: "/entrar", children: "Ir para a p\u00E1gina de entrada" }) }) })] }));
}
