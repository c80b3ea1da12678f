import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
// The error summary at the top of a form: a focused alert listing each field error as a link to the
// field (GOV.UK / gov.br pattern). `fields` maps the API's field names to labels and element ids.
import { useEffect, useRef } from "react";
export function ErrorSummary({ message, errors, fields }) {
    const ref = useRef(null);
    const entries = Object.entries(errors);
    const visible = Boolean(message) || entries.length > 0;
    const signature = `${message ?? ""}|${entries.map(([k, v]) => `${k}:${v.join(",")}`).join(";")}`;
    useEffect(() => {
        if (visible)
            ref.current?.focus();
    }, [visible, signature]);
    if (!visible)
        return null;
    return (_jsx("div", { ref: ref, className: "br-message danger etp-error-summary", role: "alert", tabIndex: -1, "aria-labelledby": "resumo-erros-titulo", children: _jsxs("div", { className: "content", children: [_jsx("h2", { id: "resumo-erros-titulo", className: "etp-error-summary__title", children: entries.length ? "Corrija os campos abaixo" : "Não foi possível concluir" }), message ? _jsx("p", { children: message }) : null, entries.length ? (_jsx("ul", { children: entries.map(([name, messages]) => {
                        const field = fields[name];
                        const text = `${field?.label ?? name}: ${messages.join(" ")}`;
                        return _jsx("li", { children: field ? _jsx("a", { href: `#${field.id}`, onClick: (event) => { event.preventDefault(); document.getElementById(field.id)?.focus(); }, children: text }) : text }, name);
                    }) })) : null] }) }));
}
