// An audit entry's before/after summaries as a compact "campo / antes / depois" table (never raw
// JSON): nested objects flattened to "Campos › Órgão", codes shown as their labels, long values cut
// with a button to see them whole.
import { useState } from "react";

import { fieldLabel, valueLabelsFor } from "./labels";

const LONG = 140;
export const EMPTY = "—";

type Summary = Record<string, unknown> | null | undefined;

/** `{"fields": {"orgao": "A"}}` → `{"fields.orgao": "A"}`, in the summary's own order. */
export function flatten(value: unknown, prefix = ""): Record<string, unknown> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return { [prefix]: value };
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.length) return prefix ? { [prefix]: null } : {};
  const out: Record<string, unknown> = {};
  for (const [key, item] of entries) Object.assign(out, flatten(item, prefix ? `${prefix}.${key}` : key));
  return out;
}

/** One value as people read it: "—" for nothing, sim/não, lists joined, a code as its label. */
export function readable(value: unknown, labels?: Record<string, string>): string {
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return EMPTY;
  if (typeof value === "string" && labels?.[value]) return labels[value];
  if (typeof value === "boolean") return value ? "sim" : "não";
  if (Array.isArray(value)) return value.map((item) => readable(item, labels)).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value).replace(/\s+/g, " ").trim();
}

export interface ChangeRow {
  key: string;
  before: string;
  after: string;
}

export function changeRows(before: Summary, after: Summary, targetType?: string | null): ChangeRow[] {
  const old = before ? flatten(before) : {};
  const now = after ? flatten(after) : {};
  const keys = [...Object.keys(old), ...Object.keys(now).filter((key) => !(key in old))];
  return keys.map((key) => {
    const labels = valueLabelsFor(targetType, key.split(".").pop() ?? key);
    return { key, before: key in old ? readable(old[key], labels) : EMPTY, after: key in now ? readable(now[key], labels) : EMPTY };
  });
}

function Value({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  if (text.length <= LONG) return <>{text}</>;
  return (
    <>
      <span className="etp-audit-change__value">{open ? text : `${text.slice(0, LONG - 1)}…`}</span>{" "}
      <button className="br-button secondary small etp-audit-change__more" type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? "Mostrar menos" : `Mostrar tudo (${text.length} caracteres)`}
      </button>
    </>
  );
}

export function ChangeTable({ before, after, targetType, label }: { before: Summary; after: Summary; targetType?: string | null; label: string }) {
  const rows = changeRows(before, after, targetType);
  if (!rows.length) return <p className="etp-audit-change__none">Sem detalhes registrados.</p>;
  return (
    <div className="etp-table-scroll" role="region" aria-label={label} tabIndex={0}>
      <table className="etp-audit-change">
        <caption className="visually-hidden">{label}</caption>
        <thead>
          <tr>
            <th scope="col">Campo</th>
            <th scope="col">Antes</th>
            <th scope="col">Depois</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} className={row.before === row.after ? "etp-audit-change__same" : undefined}>
              <th scope="row">{fieldLabel(row.key)}</th>
              <td><Value text={row.before} /></td>
              <td><Value text={row.after} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
