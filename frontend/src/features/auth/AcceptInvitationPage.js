import { jsx as _jsx, jsxs as _jsxs, Fragment as _Fragment } from "react/jsx-runtime";
// /convite?token=: what the invitation offers (organization, role, e-mail), then accept it. Without
// an account for the invited e-mail the page asks for a name and a password (the account is created
// confirmed); with one, accepting joins it. The answer's tokens sign the person in.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api, TOKEN_TRANSPORT_HEADER, unwrap } from "../../api/client";
import { ApiError, messageOf } from "../../api/errors";
import { useAuth } from "../../auth/AuthProvider";
import { TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDateTime } from "../../lib/format";
import { formErrorOf, FormErrors, MISMATCH, NO_ERROR, PASSWORD_HINT } from "./shared";
import "./auth.css";
export const ROLE_LABELS = {
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
    const [error, setError] = useState(NO_ERROR);
    const [refused, setRefused] = useState(null);
    const invitation = useQuery({
        queryKey: ["invitation", token],
        queryFn: () => unwrap(api.POST("/api/v1/auth/invitations/inspect", { body: { token } })),
        enabled: Boolean(token),
        staleTime: Infinity,
        retry: false,
    });
    if (!token) {
        return (_jsxs("div", { className: "etp-auth", children: [_jsx("h1", { children: "Convite" }), _jsx(Message, { kind: "warning", children: "O link do convite est\u00E1 incompleto. Abra o link do e-mail que voc\u00EA recebeu." }), _jsx("p", { children: _jsx(Link, { to: "/entrar", children: "Ir para a p\u00E1gina de entrada" }) })] }));
    }
    if (invitation.isPending) {
        return (_jsxs("div", { className: "etp-auth", children: [_jsx("h1", { children: "Convite" }), _jsx(Loading, { label: "Abrindo o convite\u2026" })] }));
    }
    if (invitation.isError) {
        return (_jsxs("div", { className: "etp-auth", children: [_jsx("h1", { children: "Convite" }), _jsx(Message, { kind: "danger", title: "Convite indispon\u00EDvel", children: messageOf(invitation.error) }), _jsx("p", { children: "Pe\u00E7a a quem convidou que envie o convite de novo." }), _jsx("p", { children: _jsx(Link, { to: "/entrar", children: "Ir para a p\u00E1gina de entrada" }) })] }));
    }
    const preview = invitation.data;
    const newAccount = !preview.account_exists;
    const organization = preview.organization?.name ?? "";
    async function accept(event) {
        event.preventDefault();
        if (busy)
            return;
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
            adopt(result.access_token ?? "", result.expires_in, result.user ?? null);
            navigate("/etps", { replace: true });
        }
        catch (caught) {
            const form = formErrorOf(caught, [...FIELD_NAMES, "token"]);
            if (form.errors.token)
                setRefused(form.message ?? form.errors.token.join(" "));
            else if (caught instanceof ApiError && caught.status === 409)
                setRefused(form.message);
            else
                setError(form);
        }
        finally {
            setBusy(false);
        }
    }
    return (_jsxs("div", { className: "etp-auth", children: [_jsxs("h1", { children: ["Convite para ", organization || "uma organização"] }), _jsxs("dl", { className: "etp-invitation", children: [_jsx("dt", { children: "Organiza\u00E7\u00E3o" }), _jsx("dd", { children: organization }), _jsx("dt", { children: "Perfil" }), _jsx("dd", { children: ROLE_LABELS[preview.role ?? ""] ?? preview.role }), _jsx("dt", { children: "E-mail convidado" }), _jsx("dd", { children: preview.email }), preview.expires_at ? (_jsxs(_Fragment, { children: [_jsx("dt", { children: "V\u00E1lido at\u00E9" }), _jsx("dd", { children: formatDateTime(preview.expires_at) })] })) : null] }), refused ? (_jsxs(_Fragment, { children: [_jsx(Message, { kind: "danger", title: "N\u00E3o foi poss\u00EDvel aceitar", children: refused }), _jsx("p", { children: _jsx(Link, { to: "/entrar", children: "Ir para a p\u00E1gina de entrada" }) })] })) : (_jsxs(_Fragment, { children: [_jsx("p", { children: newAccount
                            ? "Para aceitar, crie a sua conta: informe o seu nome e escolha uma senha. O e-mail já fica confirmado, pois o convite chegou nele."
                            : "Já existe uma conta com este e-mail: ao aceitar, ela entra na organização com o perfil acima." }), _jsx(FormErrors, { error: error, fields: FIELDS }), _jsxs("form", { className: "etp-form", noValidate: true, onSubmit: (event) => void accept(event), children: [newAccount ? (_jsxs(_Fragment, { children: [_jsx(TextField, { label: FIELDS.name.label, id: FIELDS.name.id, autoComplete: "name", required: true, value: name, onChange: (event) => setName(event.target.value), error: error.errors.name }), _jsx(TextField, { label: FIELDS.password.label, id: FIELDS.password.id, type: "password", autoComplete: "new-password", required: true, hint: PASSWORD_HINT, value: password, onChange: (event) => setPassword(event.target.value), error: error.errors.password }), _jsx(TextField, { label: FIELDS.confirmation.label, id: FIELDS.confirmation.id, type: "password", autoComplete: "new-password", required: true, value: confirmation, onChange: (event) => setConfirmation(event.target.value), error: error.errors.confirmation })] })) : null, _jsx("div", { className: "etp-actions", children: _jsxs("button", { type: "submit", className: "br-button primary", disabled: busy, children: [_jsx(Icon, { name: "check" }), " ", busy ? "Aceitando…" : "Aceitar o convite"] }) })] })] }))] }));
}
