import { jsx as _jsx, jsxs as _jsxs, Fragment as _Fragment } from "react/jsx-runtime";
// /conta/senha (behind login): change the password (the API ends the other sessions and returns a
// new pair for this one), and the list of this account's sessions: end one, or all of them.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { api, TOKEN_TRANSPORT_HEADER, unwrap } from "../../api/client";
import { messageOf } from "../../api/errors";
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
export const SESSIONS_KEY = ["auth", "sessions"];
export const LOGGED_OUT_EVERYWHERE = "Você saiu de todos os dispositivos. Entre novamente para continuar.";
const FIELDS = {
    current_password: { label: "Senha atual", id: "senha-atual" },
    new_password: { label: "Nova senha", id: "senha-nova" },
    confirmation: { label: "Confirme a nova senha", id: "senha-confirmacao" },
};
const FIELD_NAMES = Object.keys(FIELDS);
/** "Chrome no Linux" from a User-Agent; the raw text when nothing is recognized. */
export function describeAgent(agent) {
    if (!agent)
        return "Aparelho desconhecido";
    const browser = /Edg\//.test(agent) ? "Edge" : /Firefox\//.test(agent) ? "Firefox" : /Chrom(e|ium)\//.test(agent) ? "Chrome" : /Safari\//.test(agent) ? "Safari" : null;
    const system = /Android/.test(agent) ? "Android" : /iPhone|iPad/.test(agent) ? "iOS" : /Windows/.test(agent) ? "Windows" : /Mac OS X|Macintosh/.test(agent) ? "macOS" : /Linux|X11/.test(agent) ? "Linux" : null;
    if (browser && system)
        return `${browser} no ${system}`;
    return browser ?? system ?? agent.slice(0, 80);
}
function ChangePasswordForm({ onChanged }) {
    const [current, setCurrent] = useState("");
    const [next, setNext] = useState("");
    const [confirmation, setConfirmation] = useState("");
    const { busy, error, setError, run } = useFormSubmit(FIELD_NAMES);
    const [done, setDone] = useState(false);
    async function submit(event) {
        event.preventDefault();
        if (busy)
            return;
        setDone(false);
        const mismatch = confirmationError(next, confirmation);
        if (mismatch)
            return setError(mismatch);
        await run(async () => {
            const pair = await unwrap(api.POST("/api/v1/auth/change-password", { body: { current_password: current, new_password: next }, headers: { [TOKEN_TRANSPORT_HEADER]: "cookie" } }));
            // every earlier token was revoked: this tab goes on with the new pair (refresh token in the cookie)
            if (pair.access_token)
                signedIn(pair.access_token, pair.expires_in, null);
            setCurrent("");
            setNext("");
            setConfirmation("");
            setDone(true);
            onChanged();
        });
    }
    return (_jsxs("section", { "aria-labelledby": "trocar-senha-titulo", children: [_jsx("h2", { id: "trocar-senha-titulo", children: "Trocar a senha" }), done ? (_jsx(Message, { kind: "success", title: "Senha alterada", children: "Sua nova senha j\u00E1 vale. As suas outras sess\u00F5es (outros navegadores e aparelhos) foram encerradas; neste navegador voc\u00EA continua conectado." })) : null, _jsx(FormErrors, { error: error, fields: FIELDS }), _jsxs("form", { className: "etp-form", noValidate: true, onSubmit: (event) => void submit(event), children: [_jsx(TextField, { label: FIELDS.current_password.label, id: FIELDS.current_password.id, type: "password", autoComplete: "current-password", required: true, value: current, onChange: (event) => setCurrent(event.target.value), error: error.errors.current_password }), _jsx(TextField, { label: FIELDS.new_password.label, id: FIELDS.new_password.id, type: "password", autoComplete: "new-password", required: true, hint: PASSWORD_HINT, value: next, onChange: (event) => setNext(event.target.value), error: error.errors.new_password }), _jsx(TextField, { label: FIELDS.confirmation.label, id: FIELDS.confirmation.id, type: "password", autoComplete: "new-password", required: true, value: confirmation, onChange: (event) => setConfirmation(event.target.value), error: error.errors.confirmation }), _jsx("div", { className: "etp-actions", children: _jsxs("button", { type: "submit", className: "br-button primary", disabled: busy, children: [_jsx(Icon, { name: "save" }), " ", busy ? "Salvando…" : "Salvar a nova senha"] }) })] })] }));
}
function SessionsTable() {
    const queryClient = useQueryClient();
    const navigate = useNavigate();
    const [confirming, setConfirming] = useState(false);
    const sessions = useQuery({
        queryKey: SESSIONS_KEY,
        queryFn: () => unwrap(api.GET("/api/v1/auth/sessions")),
    });
    const end = useMutation({
        mutationFn: (sessionId) => unwrap(api.DELETE("/api/v1/auth/sessions/{session_id}", { params: { path: { session_id: sessionId } } })),
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
    return (_jsxs("section", { className: "etp-sessions", "aria-labelledby": "sessoes-titulo", children: [_jsx("h2", { id: "sessoes-titulo", children: "Onde voc\u00EA est\u00E1 conectado" }), _jsx("p", { children: "Cada entrada no ETP Express abre uma sess\u00E3o. Encerre as que voc\u00EA n\u00E3o reconhece." }), end.isError ? _jsx(Message, { kind: "danger", children: messageOf(end.error) }) : null, endAll.isError && !confirming ? _jsx(Message, { kind: "danger", children: messageOf(endAll.error) }) : null, sessions.isPending ? _jsx(Loading, { label: "Carregando as sess\u00F5es\u2026" }) : null, sessions.isError ? _jsx(Message, { kind: "danger", children: messageOf(sessions.error) }) : null, sessions.data ? (_jsx("div", { className: "br-table", children: _jsxs("table", { children: [_jsx("caption", { className: "visually-hidden", children: "Suas sess\u00F5es ativas" }), _jsx("thead", { children: _jsxs("tr", { children: [_jsx("th", { scope: "col", children: "Aparelho" }), _jsx("th", { scope: "col", children: "Endere\u00E7o" }), _jsx("th", { scope: "col", children: "Entrada" }), _jsx("th", { scope: "col", children: "\u00DAltimo uso" }), _jsx("th", { scope: "col", children: "A\u00E7\u00E3o" })] }) }), _jsx("tbody", { children: sessions.data.map((row) => (_jsxs("tr", { children: [_jsxs("td", { className: "etp-sessions__agent", children: [_jsx("span", { title: row.user_agent ?? undefined, children: describeAgent(row.user_agent) }), row.current ? _jsx("span", { className: "etp-sessions__current", children: " (esta sess\u00E3o)" }) : null] }), _jsx("td", { children: row.ip_address ?? "—" }), _jsx("td", { children: formatDateTime(row.created_at) }), _jsx("td", { children: formatDateTime(row.last_used_at) }), _jsx("td", { children: row.current ? (_jsx("span", { children: "Este navegador" })) : (_jsxs("button", { type: "button", className: "br-button secondary small", disabled: end.isPending && end.variables === row.id, onClick: () => row.id && end.mutate(row.id), "aria-label": `Encerrar a sessão ${describeAgent(row.user_agent)}, entrada em ${formatDateTime(row.created_at)}`, children: [_jsx(Icon, { name: "ban" }), " Encerrar"] })) })] }, row.id))) })] }) })) : null, _jsx("div", { className: "etp-actions", children: _jsxs("button", { type: "button", className: "br-button secondary", onClick: () => setConfirming(true), children: [_jsx(Icon, { name: "sign-out-alt" }), " Sair de todos os dispositivos"] }) }), _jsxs(Dialog, { open: confirming, title: "Sair de todos os dispositivos?", onClose: () => setConfirming(false), footer: _jsxs(_Fragment, { children: [_jsx("button", { type: "button", className: "br-button secondary", onClick: () => setConfirming(false), children: "Cancelar" }), _jsxs("button", { type: "button", className: "br-button primary", disabled: endAll.isPending, onClick: () => endAll.mutate(), children: [_jsx(Icon, { name: "sign-out-alt" }), " Sair de todos"] })] }), children: [_jsx("p", { children: "Todas as suas sess\u00F5es ser\u00E3o encerradas, inclusive esta. Para continuar, voc\u00EA entra de novo com e-mail e senha." }), endAll.isError ? _jsx(Message, { kind: "danger", children: messageOf(endAll.error) }) : null] })] }));
}
export default function ChangePasswordPage() {
    usePageTitle("Senha e sessões");
    const queryClient = useQueryClient();
    return (_jsxs("div", { className: "etp-auth-account", children: [_jsx("h1", { children: "Senha e sess\u00F5es" }), _jsx("div", { className: "etp-auth", children: _jsx(ChangePasswordForm, { onChanged: () => void queryClient.invalidateQueries({ queryKey: SESSIONS_KEY }) }) }), _jsx(SessionsTable, {})] }));
}
