import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
// /cadastro: name, e-mail, password (+ confirmation, checked here). The API answers 202 whatever the
// e-mail; the account works once its e-mail is confirmed, and then joins an organization by an
// invitation or by a join request an org admin approves.
import { useState } from "react";
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
    const [done, setDone] = useState(null);
    usePageTitle(done ? "Confira seu e-mail" : "Criar conta");
    async function submit(event) {
        event.preventDefault();
        if (busy)
            return;
        const mismatch = confirmationError(password, confirmation);
        if (mismatch)
            return setError(mismatch);
        await run(async () => {
            const answer = await unwrap(api.POST("/api/v1/auth/register", { body: { name: name.trim(), email: email.trim(), password } }));
            setDone(answer.message ?? "Cadastro recebido. Enviamos um e-mail para o endereço informado.");
            setPassword("");
            setConfirmation("");
        });
    }
    if (done) {
        return (_jsxs("div", { className: "etp-auth", children: [_jsx("h1", { children: "Confira seu e-mail" }), _jsx(Message, { kind: "success", title: "Cadastro recebido", children: done }), _jsx("h2", { children: "Pr\u00F3ximos passos" }), _jsxs("ol", { className: "etp-auth__steps", children: [_jsxs("li", { children: ["Abra o e-mail que enviamos para ", _jsx("strong", { children: email.trim() }), " e clique no link de confirma\u00E7\u00E3o. O link tem prazo de validade (o e-mail diz qual) e s\u00F3 pode ser usado uma vez. Se n\u00E3o o encontrar, veja a caixa de spam."] }), _jsx("li", { children: "Com o e-mail confirmado, entre no ETP Express com o seu e-mail e a senha que voc\u00EA escolheu." }), _jsx("li", { children: "Para escrever ETPs, a sua conta precisa fazer parte da organiza\u00E7\u00E3o em que voc\u00EA trabalha. O dom\u00EDnio do seu e-mail n\u00E3o d\u00E1 acesso sozinho: aceite o convite que um administrador da sua organiza\u00E7\u00E3o enviar, ou pe\u00E7a para entrar na organiza\u00E7\u00E3o e aguarde a aprova\u00E7\u00E3o de um administrador dela." })] }), _jsx("p", { children: "Se voc\u00EA j\u00E1 tinha uma conta com este e-mail, enviamos a ele as instru\u00E7\u00F5es para entrar ou redefinir a senha." }), _jsx(ResendVerificationForm, { initialEmail: email.trim() }), _jsx("ul", { className: "etp-auth__links", children: _jsx("li", { children: _jsx(Link, { to: "/entrar", children: "Ir para a p\u00E1gina de entrada" }) }) })] }));
    }
    return (_jsxs("div", { className: "etp-auth", children: [_jsx("h1", { children: "Criar conta" }), _jsx("p", { children: "Use o seu e-mail institucional. Depois de confirmar o e-mail, voc\u00EA entra na sua organiza\u00E7\u00E3o por convite ou por um pedido aprovado por um administrador dela." }), _jsx(FormErrors, { error: error, fields: FIELDS }), _jsxs("form", { className: "etp-form", noValidate: true, onSubmit: (event) => void submit(event), children: [_jsx(TextField, { label: FIELDS.name.label, id: FIELDS.name.id, autoComplete: "name", required: true, value: name, onChange: (event) => setName(event.target.value), error: error.errors.name }), _jsx(TextField, { label: FIELDS.email.label, id: FIELDS.email.id, type: "email", autoComplete: "email", required: true, value: email, onChange: (event) => setEmail(event.target.value), error: error.errors.email }), _jsx(TextField, { label: FIELDS.password.label, id: FIELDS.password.id, type: "password", autoComplete: "new-password", required: true, hint: PASSWORD_HINT, value: password, onChange: (event) => setPassword(event.target.value), error: error.errors.password }), _jsx(TextField, { label: FIELDS.confirmation.label, id: FIELDS.confirmation.id, type: "password", autoComplete: "new-password", required: true, value: confirmation, onChange: (event) => setConfirmation(event.target.value), error: error.errors.confirmation }), _jsx("div", { className: "etp-actions", children: _jsxs("button", { type: "submit", className: "br-button primary", disabled: busy, children: [_jsx(Icon, { name: "user" }), " ", busy ? "Enviando…" : "Criar conta"] }) })] }), _jsxs("ul", { className: "etp-auth__links", children: [_jsx("li", { children: _jsx(Link, { to: "/entrar", children: "J\u00E1 tenho conta: entrar" }) }), _jsx("li", { children: _jsx(Link, { to: "/verificar-email", children: "N\u00E3o recebi o e-mail de confirma\u00E7\u00E3o" }) })] })] }));
}
