import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
// Form fields with the design system's br-input classes: label bound to the control, hint and error
// linked by aria-describedby, aria-invalid on error. `id` is also the anchor the ErrorSummary links to.
import { useId } from "react";
import { Icon } from "./Icon";
function errorText(error) {
    if (!error)
        return null;
    return Array.isArray(error) ? error.join(" ") : error;
}
function useFieldIds(id) {
    const generated = useId();
    const base = id ?? `campo-${generated.replace(/[^a-zA-Z0-9_-]/g, "")}`;
    return { id: base, hintId: `${base}-dica`, errorId: `${base}-erro` };
}
function Frame({ ids, label, hint, error, required, children, kind = "input" }) {
    return (_jsxs("div", { className: `br-${kind} etp-field${error ? " danger" : ""}`, children: [_jsxs("label", { htmlFor: ids.id, children: [label, required ? _jsx("span", { className: "etp-required", children: " (obrigat\u00F3rio)" }) : null] }), children, hint ? _jsx("p", { id: ids.hintId, className: "etp-hint", children: hint }) : null, error ? (_jsxs("span", { id: ids.errorId, className: "feedback danger", role: "alert", children: [_jsx(Icon, { name: "times-circle" }), " ", error] })) : null] }));
}
function describedBy(ids, hint, error) {
    const parts = [hint ? ids.hintId : null, error ? ids.errorId : null].filter(Boolean);
    return parts.length ? parts.join(" ") : undefined;
}
export function TextField({ label, id, hint, error, required, ...input }) {
    const ids = useFieldIds(id);
    const message = errorText(error);
    return (_jsx(Frame, { ids: ids, label: label, hint: hint, error: message, required: required, children: _jsx("input", { id: ids.id, "aria-invalid": message ? true : undefined, "aria-describedby": describedBy(ids, hint, message), required: required, ...input }) }));
}
export function TextAreaField({ label, id, hint, error, required, ...textarea }) {
    const ids = useFieldIds(id);
    const message = errorText(error);
    return (_jsx(Frame, { ids: ids, label: label, hint: hint, error: message, required: required, kind: "textarea", children: _jsx("textarea", { id: ids.id, "aria-invalid": message ? true : undefined, "aria-describedby": describedBy(ids, hint, message), required: required, ...textarea }) }));
}
export function SelectField({ label, id, hint, error, required, options, placeholder, ...select }) {
    const ids = useFieldIds(id);
    const message = errorText(error);
    return (_jsx(Frame, { ids: ids, label: label, hint: hint, error: message, required: required, kind: "select", children: _jsxs("select", { id: ids.id, className: "etp-select", "aria-invalid": message ? true : undefined, "aria-describedby": describedBy(ids, hint, message), required: required, ...select, children: [placeholder !== undefined ? _jsx("option", { value: "", children: placeholder }) : null, options.map((option) => (_jsx("option", { value: option.value, children: option.label }, option.value)))] }) }));
}
