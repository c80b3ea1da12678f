// The error summary at the top of a form: a focused alert listing each field error as a link to the
// field (GOV.UK / gov.br pattern). `fields` maps the API's field names to labels and element ids.
import { useEffect, useId, useRef } from "react";

import type { FieldErrors } from "../api/errors";

export interface FieldRef {
  label: string;
  id: string;
}

export function ErrorSummary({ message, errors, fields }: { message?: string | null; errors: FieldErrors; fields: Record<string, FieldRef> }) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = `resumo-erros-${useId().replace(/:/g, "")}`; // two forms on one page: two summaries
  const entries = Object.entries(errors);
  const visible = Boolean(message) || entries.length > 0;
  const signature = `${message ?? ""}|${entries.map(([k, v]) => `${k}:${v.join(",")}`).join(";")}`;

  useEffect(() => {
    if (visible) ref.current?.focus();
  }, [visible, signature]);

  if (!visible) return null;
  return (
    <div ref={ref} className="br-message danger etp-error-summary" role="alert" tabIndex={-1} aria-labelledby={titleId}>
      <div className="content">
        <h2 id={titleId} className="etp-error-summary__title">
          {entries.length ? "Corrija os campos abaixo" : "Não foi possível concluir"}
        </h2>
        {message ? <p>{message}</p> : null}
        {entries.length ? (
          <ul>
            {entries.map(([name, messages]) => {
              const field = fields[name];
              const text = `${field?.label ?? name}: ${messages.join(" ")}`;
              return <li key={name}>{field ? <a href={`#${field.id}`} onClick={(event) => { event.preventDefault(); document.getElementById(field.id)?.focus(); }}>{text}</a> : text}</li>;
            })}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
