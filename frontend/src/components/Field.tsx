// Form fields with the design system's br-input classes: label bound to the control, hint and error
// linked by aria-describedby, aria-invalid on error. `id` is also the anchor the ErrorSummary links to.
import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";

import { Icon } from "./Icon";

interface Common {
  label: string;
  /** Stable id (the error summary links to `#<id>`); generated when absent. */
  id?: string;
  hint?: ReactNode;
  error?: string | string[] | null;
  required?: boolean;
}

function errorText(error: Common["error"]): string | null {
  if (!error) return null;
  return Array.isArray(error) ? error.join(" ") : error;
}

function useFieldIds(id?: string) {
  const generated = useId();
  const base = id ?? `campo-${generated.replace(/[^a-zA-Z0-9_-]/g, "")}`;
  return { id: base, hintId: `${base}-dica`, errorId: `${base}-erro` };
}

function Frame({ ids, label, hint, error, required, children, kind = "input" }: { ids: ReturnType<typeof useFieldIds>; label: string; hint?: ReactNode; error: string | null; required?: boolean; children: ReactNode; kind?: "input" | "textarea" | "select" }) {
  return (
    <div className={`br-${kind} etp-field${error ? " danger" : ""}`}>
      <label htmlFor={ids.id}>
        {label}
        {required ? <span className="etp-required"> (obrigatório)</span> : null}
      </label>
      {children}
      {hint ? <p id={ids.hintId} className="etp-hint">{hint}</p> : null}
      {error ? (
        <span id={ids.errorId} className="feedback danger" role="alert">
          <Icon name="times-circle" /> {error}
        </span>
      ) : null}
    </div>
  );
}

function describedBy(ids: ReturnType<typeof useFieldIds>, hint: unknown, error: string | null): string | undefined {
  const parts = [hint ? ids.hintId : null, error ? ids.errorId : null].filter(Boolean);
  return parts.length ? parts.join(" ") : undefined;
}

export function TextField({ label, id, hint, error, required, ...input }: Common & Omit<InputHTMLAttributes<HTMLInputElement>, "id">) {
  const ids = useFieldIds(id);
  const message = errorText(error);
  return (
    <Frame ids={ids} label={label} hint={hint} error={message} required={required}>
      <input id={ids.id} aria-invalid={message ? true : undefined} aria-describedby={describedBy(ids, hint, message)} required={required} {...input} />
    </Frame>
  );
}

export function TextAreaField({ label, id, hint, error, required, ...textarea }: Common & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id">) {
  const ids = useFieldIds(id);
  const message = errorText(error);
  return (
    <Frame ids={ids} label={label} hint={hint} error={message} required={required} kind="textarea">
      <textarea id={ids.id} aria-invalid={message ? true : undefined} aria-describedby={describedBy(ids, hint, message)} required={required} {...textarea} />
    </Frame>
  );
}

export function SelectField({ label, id, hint, error, required, options, placeholder, ...select }: Common & Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> & { options: { value: string; label: string }[]; placeholder?: string }) {
  const ids = useFieldIds(id);
  const message = errorText(error);
  return (
    <Frame ids={ids} label={label} hint={hint} error={message} required={required} kind="select">
      <select id={ids.id} className="etp-select" aria-invalid={message ? true : undefined} aria-describedby={describedBy(ids, hint, message)} required={required} {...select}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>{option.label}</option>
        ))}
      </select>
    </Frame>
  );
}
