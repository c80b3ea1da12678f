// The ETP's own fields (fields.ts) as form controls, shared by the wizard and the facts form.
import type { ReactNode } from "react";

import { Icon } from "../../components/Icon";
import { SelectField, TextAreaField, TextField } from "../../components/Field";
import type { FieldDef } from "./fields";

export type OnFieldChange = (name: string, value: string) => void;

export function EtpField({ field, value, error, onChange, disabled }: { field: FieldDef; value: string; error?: string[]; onChange: OnFieldChange; disabled?: boolean }) {
  const common = { id: field.id, label: field.label, hint: field.hint, error, required: field.required, disabled, name: field.name };
  switch (field.kind) {
    case "longtext":
      return <TextAreaField {...common} value={value} rows={4} onChange={(event) => onChange(field.name, event.target.value)} />;
    case "choice":
      return <SelectField {...common} value={value} options={field.choices ?? []} placeholder={field.required || field.name === "periodicidade_preco" ? undefined : "Não informado"} onChange={(event) => onChange(field.name, event.target.value)} />;
    default:
      return (
        <TextField
          {...common}
          value={value}
          maxLength={field.maxLength}
          inputMode={field.kind === "integer" ? "numeric" : field.kind === "money" || field.kind === "quantity" ? "decimal" : undefined}
          autoComplete="off"
          onChange={(event) => onChange(field.name, event.target.value)}
        />
      );
  }
}

/** A list of fields; consecutive fields of one group (the responsável técnico) share a fieldset and legend. */
export function EtpFields({ fields, values, errors, onChange, disabled }: { fields: FieldDef[]; values: Record<string, string>; errors: Record<string, string[]>; onChange: OnFieldChange; disabled?: boolean }) {
  const out: ReactNode[] = [];
  let group: string | undefined;
  let members: ReactNode[] = [];
  const flush = () => {
    if (group) out.push(<fieldset key={`grupo-${group}`} className="etp-fieldset"><legend>{group}</legend>{members}</fieldset>);
    members = [];
  };
  for (const field of fields) {
    const control = <EtpField key={field.name} field={field} value={values[field.name] ?? ""} error={errors[field.name]} onChange={onChange} disabled={disabled} />;
    if (field.group !== group) {
      flush();
      group = field.group;
    }
    if (group) members.push(control);
    else out.push(control);
  }
  flush();
  return <>{out}</>;
}

/** A radio group with the design system's br-radio; `id` goes on the first option (the anchor). */
export function RadioGroup({ id, legend, name, value, options, onChange, error, hint, required, disabled }: { id: string; legend: string; name: string; value: string; options: { value: string; label: string; description?: ReactNode }[]; onChange: (value: string) => void; error?: string[]; hint?: ReactNode; required?: boolean; disabled?: boolean }) {
  const errorId = `${id}-erro`;
  const hintId = `${id}-dica`;
  const describedBy = [hint ? hintId : null, error?.length ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset className={`etp-fieldset etp-radio-group${error?.length ? " danger" : ""}`} aria-describedby={describedBy}>
      <legend>
        {legend}
        {required ? <span className="etp-required"> (obrigatório)</span> : null}
      </legend>
      {hint ? <p id={hintId} className="etp-hint">{hint}</p> : null}
      {options.map((option, index) => {
        const optionId = index === 0 ? id : `${id}-${option.value}`;
        return (
          <div key={option.value} className={`br-radio${option.description ? " etp-radio-card" : ""}${error?.length ? " invalid" : ""}`}>
            <input id={optionId} type="radio" name={name} value={option.value} checked={value === option.value} onChange={() => onChange(option.value)} disabled={disabled} aria-invalid={error?.length ? true : undefined} />
            <label htmlFor={optionId}>
              <span className="etp-radio-card__title">{option.label}</span>
              {option.description ? <span className="etp-radio-card__description">{option.description}</span> : null}
            </label>
          </div>
        );
      })}
      {error?.length ? (
        <span id={errorId} className="feedback danger etp-feedback" role="alert">
          <Icon name="times-circle" /> {error.join(" ")}
        </span>
      ) : null}
    </fieldset>
  );
}
