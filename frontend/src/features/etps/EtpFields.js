import { jsx as _jsx, jsxs as _jsxs, Fragment as _Fragment } from "react/jsx-runtime";
import { Icon } from "../../components/Icon";
import { SelectField, TextAreaField, TextField } from "../../components/Field";
export function EtpField({ field, value, error, onChange, disabled }) {
    const common = { id: field.id, label: field.label, hint: field.hint, error, required: field.required, disabled, name: field.name };
    switch (field.kind) {
        case "longtext":
            return _jsx(TextAreaField, { ...common, value: value, rows: 4, onChange: (event) => onChange(field.name, event.target.value) });
        case "choice":
            return _jsx(SelectField, { ...common, value: value, options: field.choices ?? [], placeholder: field.required || field.name === "periodicidade_preco" ? undefined : "Não informado", onChange: (event) => onChange(field.name, event.target.value) });
        default:
            return (_jsx(TextField, { ...common, value: value, maxLength: field.maxLength, inputMode: field.kind === "integer" ? "numeric" : field.kind === "money" || field.kind === "quantity" ? "decimal" : undefined, autoComplete: "off", onChange: (event) => onChange(field.name, event.target.value) }));
    }
}
/** A list of fields; consecutive fields of one group (the responsável técnico) share a fieldset and legend. */
export function EtpFields({ fields, values, errors, onChange, disabled }) {
    const out = [];
    let group;
    let members = [];
    const flush = () => {
        if (group)
            out.push(_jsxs("fieldset", { className: "etp-fieldset", children: [_jsx("legend", { children: group }), members] }, `grupo-${group}`));
        members = [];
    };
    for (const field of fields) {
        const control = _jsx(EtpField, { field: field, value: values[field.name] ?? "", error: errors[field.name], onChange: onChange, disabled: disabled }, field.name);
        if (field.group !== group) {
            flush();
            group = field.group;
        }
        if (group)
            members.push(control);
        else
            out.push(control);
    }
    flush();
    return _jsx(_Fragment, { children: out });
}
/** A radio group with the design system's br-radio; `id` goes on the first option (the anchor). */
export function RadioGroup({ id, legend, name, value, options, onChange, error, hint, required, disabled }) {
    const errorId = `${id}-erro`;
    const hintId = `${id}-dica`;
    const describedBy = [hint ? hintId : null, error?.length ? errorId : null].filter(Boolean).join(" ") || undefined;
    return (_jsxs("fieldset", { className: `etp-fieldset etp-radio-group${error?.length ? " danger" : ""}`, "aria-describedby": describedBy, children: [_jsxs("legend", { children: [legend, required ? _jsx("span", { className: "etp-required", children: " (obrigat\u00F3rio)" }) : null] }), hint ? _jsx("p", { id: hintId, className: "etp-hint", children: hint }) : null, options.map((option, index) => {
                const optionId = index === 0 ? id : `${id}-${option.value}`;
                return (_jsxs("div", { className: `br-radio${option.description ? " etp-radio-card" : ""}${error?.length ? " invalid" : ""}`, children: [_jsx("input", { id: optionId, type: "radio", name: name, value: option.value, checked: value === option.value, onChange: () => onChange(option.value), disabled: disabled, "aria-invalid": error?.length ? true : undefined }), _jsxs("label", { htmlFor: optionId, children: [_jsx("span", { className: "etp-radio-card__title", children: option.label }), option.description ? _jsx("span", { className: "etp-radio-card__description", children: option.description }) : null] })] }, option.value));
            }), error?.length ? (_jsxs("span", { id: errorId, className: "feedback danger etp-feedback", role: "alert", children: [_jsx(Icon, { name: "times-circle" }), " ", error.join(" ")] })) : null] }));
}
