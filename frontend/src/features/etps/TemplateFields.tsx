// The type-specific fields (`campos`) rendered from the template's definitions: string, text,
// integer, decimal, boolean, date, enum (with its choices), required and help as the API gives them.
import type { TemplateField } from "../../api/types";
import { SelectField, TextAreaField, TextField } from "../../components/Field";
import { RadioGroup } from "./EtpFields";
import { campoName, choiceLabel, fieldId } from "./fields";

export function TemplateFieldControl({ field, value, error, onChange, disabled }: { field: TemplateField; value: string; error?: string[]; onChange: (name: string, value: string) => void; disabled?: boolean }) {
  const name = field.name ?? "";
  const id = fieldId(campoName(name));
  const label = field.label ?? name;
  const common = { id, label, hint: field.help, error, required: field.required, disabled, name: campoName(name) };
  const change = (next: string) => onChange(name, next);
  switch (field.kind) {
    case "text":
      return <TextAreaField {...common} value={value} rows={3} onChange={(event) => change(event.target.value)} />;
    case "boolean":
      return (
        <RadioGroup
          id={id}
          legend={label}
          name={campoName(name)}
          value={value}
          hint={field.help}
          required={field.required}
          error={error}
          disabled={disabled}
          onChange={change}
          options={[
            { value: "true", label: "Sim" },
            { value: "false", label: "Não" },
          ]}
        />
      );
    case "enum":
      return <SelectField {...common} value={value} placeholder="Não informado" options={(field.choices ?? []).map((choice) => ({ value: choice, label: choiceLabel(choice, field.choice_labels) }))} onChange={(event) => change(event.target.value)} />;
    case "integer":
      return <TextField {...common} value={value} inputMode="numeric" autoComplete="off" onChange={(event) => change(event.target.value)} />;
    case "decimal":
      return <TextField {...common} value={value} inputMode="decimal" autoComplete="off" onChange={(event) => change(event.target.value)} />;
    case "date":
      return <TextField {...common} hint={[field.help, "dd/mm/aaaa"].filter(Boolean).join(" ")} value={value} autoComplete="off" placeholder="dd/mm/aaaa" onChange={(event) => change(event.target.value)} />;
    default:
      return <TextField {...common} value={value} autoComplete="off" onChange={(event) => change(event.target.value)} />;
  }
}

export function TemplateFields({ fields, values, errors, onChange, disabled }: { fields: TemplateField[]; values: Record<string, string>; errors: Record<string, string[]>; onChange: (name: string, value: string) => void; disabled?: boolean }) {
  if (!fields.length) return <p>Este tipo de contratação não tem campos específicos.</p>;
  return (
    <>
      {fields.map((field) => (
        <TemplateFieldControl key={field.name} field={field} value={values[field.name ?? ""] ?? ""} error={errors[campoName(field.name ?? "")]} onChange={onChange} disabled={disabled} />
      ))}
    </>
  );
}
