import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
// Pieces the account pages share: the password rules the API enforces, the safe `proximo`
// redirect, the "resend the confirmation e-mail" form and the form-error state.
import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { ApiError, messageOf } from "../../api/errors";
import { ErrorSummary } from "../../components/ErrorSummary";
import { TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Message } from "../../components/Message";
export const DEFAULT_AFTER_LOGIN = "/etps";
/** The policy of services/passwords.py, as the person reads it (the hint of every new-password field). */
export const PASSWORD_HINT = "Pelo menos 10 caracteres, com 3 destes 4 tipos: letras minúsculas, letras maiúsculas, números e símbolos. Sem o seu nome nem o seu e-mail, e não pode ser uma senha comum (como “Senha@123”).";
export const MISMATCH = "A confirmação não é igual à senha.";
const PAGES_NOT_TO_RETURN_TO = new Set(["/entrar", "/cadastro", "/verificar-email", "/esqueci-senha", "/redefinir-senha", "/convite"]);
/**
 * Where to go after signing in: `proximo` when it is a path of this app ("/..." but not "//" or "/\",
 * which browsers read as another host), otherwise the ETP list. Never an absolute URL.
 */
export function safeNext(raw) {
    if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\"))
        return DEFAULT_AFTER_LOGIN;
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f\\]/.test(raw))
        return DEFAULT_AFTER_LOGIN; // the URL parser drops tabs and newlines: "/\t/evil"
    const base = "https://etp.invalid";
    let url;
    try {
        url = new URL(raw, base);
    }
    catch {
        return DEFAULT_AFTER_LOGIN;
    }
    if (url.origin !== base)
        return DEFAULT_AFTER_LOGIN;
    if (PAGES_NOT_TO_RETURN_TO.has(url.pathname))
        return DEFAULT_AFTER_LOGIN;
    return `${url.pathname}${url.search}${url.hash}`;
}
export const NO_ERROR = { message: null, errors: {} };
export function formErrorOf(error, knownFields) {
    if (error instanceof ApiError) {
        const errors = {};
        const other = [];
        for (const [name, messages] of Object.entries(error.fieldErrors)) {
            if (knownFields.includes(name))
                errors[name] = messages;
            else
                other.push(...messages);
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
export function useFormSubmit(knownFields) {
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState(NO_ERROR);
    async function run(action, onError) {
        if (busy)
            return;
        setBusy(true);
        setError(NO_ERROR);
        try {
            await action();
        }
        catch (caught) {
            const form = formErrorOf(caught, knownFields);
            if (!onError?.(form))
                setError(form);
        }
        finally {
            setBusy(false);
        }
    }
    return { busy, error, setError, run };
}
/** The client-side check of a new password's confirmation: the form error to show, or null. */
export function confirmationError(password, confirmation) {
    return password === confirmation ? null : { message: null, errors: { confirmation: [MISMATCH] } };
}
export function FormErrors({ error, fields }) {
    return _jsx(ErrorSummary, { message: error.message, errors: error.errors, fields: fields });
}
/** "Reenviar e-mail de confirmação": POST /auth/resend-verification (same answer for any e-mail). */
export function ResendVerificationForm({ initialEmail = "", idPrefix = "reenvio" }) {
    const [email, setEmail] = useState(initialEmail);
    const [sent, setSent] = useState(null);
    const { busy, error, run } = useFormSubmit(["email"]);
    const emailId = `${idPrefix}-email`;
    async function submit(event) {
        event.preventDefault();
        setSent(null);
        await run(async () => {
            const answer = await unwrap(api.POST("/api/v1/auth/resend-verification", { body: { email } }));
            setSent(answer.message ?? "Se houver uma conta com este e-mail aguardando confirmação, enviaremos um novo link.");
        });
    }
    return (_jsxs("section", { className: "etp-auth-resend", "aria-labelledby": `${idPrefix}-titulo`, children: [_jsx("h2", { id: `${idPrefix}-titulo`, children: "Reenviar e-mail de confirma\u00E7\u00E3o" }), sent ? _jsx(Message, { kind: "success", title: "Pedido recebido", children: sent }) : null, error.message && !Object.keys(error.errors).length ? _jsx(Message, { kind: "danger", children: error.message }) : null, _jsxs("form", { className: "etp-form", noValidate: true, onSubmit: (event) => void submit(event), children: [_jsx(TextField, { label: "E-mail", id: emailId, type: "email", autoComplete: "email", required: true, value: email, onChange: (event) => setEmail(event.target.value), error: error.errors.email }), _jsx("div", { className: "etp-actions", children: _jsxs("button", { type: "submit", className: "br-button secondary", disabled: busy, children: [_jsx(Icon, { name: "paper-plane" }), " ", busy ? "Enviando…" : "Reenviar e-mail de confirmação"] }) })] })] }));
}
