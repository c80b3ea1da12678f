import { jsx as _jsx, Fragment as _Fragment } from "react/jsx-runtime";
import { SelectField, TextAreaField, TextField } from "../../components/Field";
import { RadioGroup } from "./EtpFields";
import { campoName, choiceLabel, fieldId } from "./fields";
export function TemplateFieldControl({ field, value, error, onChange, disabled }) {
    const name = field.name ?? "";
    const id = fieldId(campoName(name));
    const label = field.label ?? name;
    const common = { id, label, hint: field.help, error, required: field.required, disabled, name: campoName(name) };
    const change = (next) => onChange(name, next);
    switch (field.kind) {
        case "text":
            return _jsx(TextAreaField, { ...common, value: value, rows: 3, onChange: (event) => change(event.target.value) });
        case "boolean":
            return (_jsx(RadioGroup, { id: id, legend: label, name: campoName(name), value: value, hint: field.help, required: field.required, error: error, disabled: disabled, onChange: change, options: [
                    { value: "true", label: "Sim" },
                    { value: "false", label: "Não" },
                ] }));
        case "enum":
            return _jsx(SelectField, { ...common, value: value, placeholder: "N\u00E3o informado", options: (field.choices ?? []).map((choice) => ({ value: choice, label: choiceLabel(choice, field.choice_labels) })), onChange: (event) => change(event.target.value) });
        case "integer":
            return _jsx(TextField, { ...common, value: value, inputMode: "numeric", autoComplete: "off", onChange: (event) => change(event.target.value) });
        case "decimal":
            return _jsx(TextField, { ...common, value: value, inputMode: "decimal", autoComplete: "off", onChange: (event) => change(event.target.value) });
        case "date":
            return _jsx(TextField, { ...common, hint: [field.help, "dd/mm/aaaa"].filter(Boolean).join(" "), value: value, autoComplete: "off", placeholder: "dd/mm/aaaa", onChange: (event) => change(event.target.value) });
        default:
            return _jsx(TextField, { ...common, value: value, autoComplete: "off", onChange: (event) => change(event.target.value) });
    }
}
export function TemplateFields({ fields, values, errors, onChange, disabled }) {
    if (!fields.length)
        return _jsx("p", { children: "Este tipo de contrata\u00E7\u00E3o n\u00E3o tem campos espec\u00EDficos." });
    return (_jsx(_Fragment, { children: fields.map((field) => (_jsx(TemplateFieldControl, { field: field, value: values[field.name ?? ""] ?? "", error: errors[campoName(field.name ?? "")], onChange: onChange, disabled: disabled }, field.name))) }));
}
