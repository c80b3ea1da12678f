import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
// /redefinir-senha?token=: a new password (+ confirmation) with the link's single-use token. The API
// ends every session of the account; the person then signs in with the new password.
import { useState } from "react";
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
    const [tokenError, setTokenError] = useState(null);
    usePageTitle(done ? "Senha redefinida" : "Redefinir senha");
    async function submit(event) {
        event.preventDefault();
        if (busy)
            return;
        const mismatch = confirmationError(password, confirmation);
        if (mismatch)
            return setError(mismatch);
        await run(async () => {
            await unwrap(api.POST("/api/v1/auth/reset-password", { body: { token, new_password: password } }));
            setDone(true);
        }, (form) => {
            if (!form.errors.token)
                return false;
            setTokenError(form.message ?? form.errors.token.join(" "));
            return true;
        });
    }
    if (done) {
        return (_jsxs("div", { className: "etp-auth", children: [_jsx("h1", { children: "Senha redefinida" }), _jsx(Message, { kind: "success", title: "Pronto", children: "Sua nova senha j\u00E1 vale. Por seguran\u00E7a, todas as sess\u00F5es abertas da sua conta foram encerradas: entre de novo com a nova senha." }), _jsx("p", { children: _jsx(Link, { className: "br-button primary", to: "/entrar", children: "Entrar" }) })] }));
    }
    if (!token || tokenError) {
        return (_jsxs("div", { className: "etp-auth", children: [_jsx("h1", { children: "Redefinir senha" }), _jsx(Message, { kind: "danger", title: "Link inv\u00E1lido", children: tokenError ?? "O link de redefinição está incompleto. Abra o link do e-mail que enviamos, ou peça um novo." }), _jsxs("ul", { className: "etp-auth__links", children: [_jsx("li", { children: _jsx(Link, { to: "/esqueci-senha", children: "Pedir um novo link" }) }), _jsx("li", { children: _jsx(Link, { to: "/entrar", children: "Ir para a p\u00E1gina de entrada" }) })] })] }));
    }
    return (_jsxs("div", { className: "etp-auth", children: [_jsx("h1", { children: "Redefinir senha" }), _jsx("p", { children: "Escolha uma nova senha para a sua conta." }), _jsx(FormErrors, { error: error, fields: FIELDS }), _jsxs("form", { className: "etp-form", noValidate: true, onSubmit: (event) => void submit(event), children: [_jsx(TextField, { label: FIELDS.new_password.label, id: FIELDS.new_password.id, type: "password", autoComplete: "new-password", required: true, hint: PASSWORD_HINT, value: password, onChange: (event) => setPassword(event.target.value), error: error.errors.new_password }), _jsx(TextField, { label: FIELDS.confirmation.label, id: FIELDS.confirmation.id, type: "password", autoComplete: "new-password", required: true, value: confirmation, onChange: (event) => setConfirmation(event.target.value), error: error.errors.confirmation }), _jsx("div", { className: "etp-actions", children: _jsxs("button", { type: "submit", className: "br-button primary", disabled: busy, children: [_jsx(Icon, { name: "save" }), " ", busy ? "Salvando…" : "Salvar a nova senha"] }) })] })] }));
}
