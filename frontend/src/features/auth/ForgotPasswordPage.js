import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
// /esqueci-senha: asks for a reset link. The answer is the same whether the account exists or not
// (no enumeration): the page always shows the same confirmation.
import { useState } from "react";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client";
import { TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Message } from "../../components/Message";
import { usePageTitle } from "../../components/usePageTitle";
import { FormErrors, useFormSubmit } from "./shared";
import "./auth.css";
const FIELDS = { email: { label: "E-mail", id: "esqueci-email" } };
export const FORGOT_CONFIRMATION = "Se houver uma conta com este e-mail, enviaremos um link para redefinir a senha. Verifique sua caixa de entrada (e a de spam). O link tem prazo de validade e só pode ser usado uma vez.";
export default function ForgotPasswordPage() {
    const [email, setEmail] = useState("");
    const [sent, setSent] = useState(false);
    const { busy, error, run } = useFormSubmit(["email"]);
    usePageTitle(sent ? "Confira seu e-mail" : "Esqueci minha senha");
    async function submit(event) {
        event.preventDefault();
        await run(async () => {
            await unwrap(api.POST("/api/v1/auth/forgot-password", { body: { email: email.trim() } }));
            setSent(true);
        });
    }
    if (sent) {
        return (_jsxs("div", { className: "etp-auth", children: [_jsx("h1", { children: "Confira seu e-mail" }), _jsx(Message, { kind: "success", title: "Pedido recebido", children: FORGOT_CONFIRMATION }), _jsxs("ul", { className: "etp-auth__links", children: [_jsx("li", { children: _jsx(Link, { to: "/entrar", children: "Voltar para a p\u00E1gina de entrada" }) }), _jsx("li", { children: _jsx("button", { type: "button", className: "br-button secondary small", onClick: () => setSent(false), children: "Pedir de novo" }) })] })] }));
    }
    return (_jsxs("div", { className: "etp-auth", children: [_jsx("h1", { children: "Esqueci minha senha" }), _jsx("p", { children: "Informe o e-mail da sua conta. Enviaremos um link para voc\u00EA escolher uma nova senha." }), _jsx(FormErrors, { error: error, fields: FIELDS }), _jsxs("form", { className: "etp-form", noValidate: true, onSubmit: (event) => void submit(event), children: [_jsx(TextField, { label: FIELDS.email.label, id: FIELDS.email.id, type: "email", autoComplete: "email", required: true, value: email, onChange: (event) => setEmail(event.target.value), error: error.errors.email }), _jsx("div", { className: "etp-actions", children: _jsxs("button", { type: "submit", className: "br-button primary", disabled: busy, children: [_jsx(Icon, { name: "paper-plane" }), " ", busy ? "Enviando…" : "Enviar o link"] }) })] }), _jsx("ul", { className: "etp-auth__links", children: _jsx("li", { children: _jsx(Link, { to: "/entrar", children: "Voltar para a p\u00E1gina de entrada" }) }) })] }));
}
