// /organizacao/auditoria (org admins): the organization's audit trail — filters by person, action,
// ETP and period, all in the URL (a reload or a shared link keeps them); pages from X-Pagination; each
// entry's before/after as a readable table; "Exportar CSV" with the same filters (features/admin/audit).
import { useId, useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";

import { messageOf } from "../../api/errors";
import type { AuditEntry } from "../../api/types";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDateTime, plural } from "../../lib/format";
import { AdminTabs } from "./AdminTabs";
import { downloadAuditCsv, useAuditEntries, useAuditEtps, useAuditPeople, type AuditFilters } from "./audit/api";
import { ChangeTable } from "./audit/ChangeTable";
import { ACTION_GROUPS, ACTION_LABELS, actionLabel, actionsOf, TARGET_LABELS } from "./audit/labels";
import "./audit/audit.css";
import { Pagination } from "../../components/Pagination";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ACTION = /^[a-z0-9_.*]{1,60}$/;

/** The filters as the URL holds them: ids, an action (or a group prefix), days (aaaa-mm-dd). */
export interface UrlFilters {
  actor: string;
  action: string;
  etp_id: string;
  since: string;
  until: string;
}

export function readFilters(search: URLSearchParams): UrlFilters {
  const pick = (name: string, pattern: RegExp) => {
    const value = search.get(name)?.trim() ?? "";
    return pattern.test(value) ? value : "";
  };
  return { actor: pick("actor", UUID), action: pick("action", ACTION), etp_id: pick("etp_id", UUID), since: pick("since", DAY), until: pick("until", DAY) };
}

/** A day of the person's calendar → the instant it starts (or ends, with `end`), for the API. */
export function dayInstant(day: string, end = false): string | undefined {
  const match = DAY.exec(day);
  if (!match) return undefined;
  const date = end ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59, 999) : new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function apiFilters(filters: UrlFilters): AuditFilters {
  return {
    actor: filters.actor || undefined,
    action: filters.action || undefined,
    etp_id: filters.etp_id || undefined,
    since: filters.since ? dayInstant(filters.since) : undefined,
    until: filters.until ? dayInstant(filters.until, true) : undefined,
  };
}

const PERIOD_ERROR = "A data inicial do período deve ser igual ou anterior à final.";

export default function AuditPage() {
  usePageTitle("Trilha de auditoria");
  const [search, setSearch] = useSearchParams();
  const filters = readFilters(search);
  const pageParam = Number(search.get("page") ?? "1");
  const page = Number.isInteger(pageParam) && pageParam > 1 ? pageParam : 1;
  const periodError = filters.since && filters.until && filters.since > filters.until ? PERIOD_ERROR : null;
  const query = apiFilters(filters);
  const entries = useAuditEntries(query, page, !periodError);
  const filtered = Object.values(filters).some(Boolean);

  const apply = (next: UrlFilters) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(next)) if (value) params.set(key, value);
    setSearch(params);
  };
  const goTo = (target: number) => {
    const params = new URLSearchParams(search);
    if (target > 1) params.set("page", String(target));
    else params.delete("page");
    setSearch(params);
  };

  return (
    <div className="etp-audit">
      <AdminTabs />
      <h1>Trilha de auditoria</h1>
      <p className="etp-audit__intro">
        Quem fez o quê, em quê e quando na organização: cada alteração de ETP, seção, versão, pessoa e configuração, com o antes e o depois.
        A trilha não pode ser alterada nem apagada.
      </p>
      <Filters filters={filters} periodError={periodError} onApply={apply} onClear={() => setSearch(new URLSearchParams())} />
      <CsvExport filters={query} disabled={Boolean(periodError)} />
      {periodError ? null : <Entries entries={entries} filtered={filtered} onPage={goTo} />}
    </div>
  );
}

function Filters({ filters, periodError, onApply, onClear }: { filters: UrlFilters; periodError: string | null; onApply: (filters: UrlFilters) => void; onClear: () => void }) {
  const id = useId().replace(/[^a-zA-Z0-9_-]/g, "");
  const [draft, setDraft] = useState(filters);
  const [error, setError] = useState<string | null>(periodError);
  // the URL changed (applied, cleared, back/forward): the form shows it, without a remount that
  // would take the keyboard's focus away from the button just pressed
  const signature = JSON.stringify(filters);
  const [shown, setShown] = useState(signature);
  if (shown !== signature) {
    setShown(signature);
    setDraft(filters);
    setError(periodError);
  }
  const people = useAuditPeople();
  const etps = useAuditEtps();
  const set = (name: keyof UrlFilters) => (event: { target: { value: string } }) => setDraft({ ...draft, [name]: event.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.since && draft.until && draft.since > draft.until) {
      setError(PERIOD_ERROR);
      document.getElementById(`${id}-since`)?.focus();
      return;
    }
    onApply(draft);
  };
  const knownAction = !draft.action || Object.hasOwn(ACTION_LABELS, draft.action) || ACTION_GROUPS.some((g) => g.prefix === draft.action);
  const personListed = !draft.actor || people.data?.some((p) => p.id === draft.actor);
  const etpListed = !draft.etp_id || etps.data?.some((e) => e.id === draft.etp_id);
  const errorId = `${id}-periodo-erro`;

  return (
    <form className="etp-audit-filters" role="search" aria-label="Filtrar a trilha de auditoria" onSubmit={submit} noValidate>
      <div className="br-select etp-field">
        <label htmlFor={`${id}-actor`}>Pessoa</label>
        <select id={`${id}-actor`} className="etp-select" value={draft.actor} onChange={set("actor")}>
          <option value="">Todas</option>
          {personListed ? null : <option value={draft.actor}>Pessoa selecionada</option>}
          {(people.data ?? []).map((person) => (
            <option key={person.id} value={person.id}>{person.email ? `${person.name ?? ""} (${person.email})` : (person.name ?? "")}</option>
          ))}
        </select>
      </div>
      <div className="br-select etp-field">
        <label htmlFor={`${id}-action`}>Ação</label>
        <select id={`${id}-action`} className="etp-select" value={draft.action} onChange={set("action")}>
          <option value="">Todas</option>
          {knownAction ? null : <option value={draft.action}>{draft.action}</option>}
          {ACTION_GROUPS.map((group) => (
            <optgroup key={group.prefix} label={group.label}>
              <option value={group.prefix}>{`Todas: ${group.label}`}</option>
              {actionsOf(group.prefix).map((action) => (
                <option key={action} value={action}>{ACTION_LABELS[action]}</option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div className="br-select etp-field">
        <label htmlFor={`${id}-etp`}>ETP</label>
        <select id={`${id}-etp`} className="etp-select" value={draft.etp_id} onChange={set("etp_id")}>
          <option value="">Todos</option>
          {etpListed ? null : <option value={draft.etp_id}>ETP selecionado</option>}
          {(etps.data ?? []).map((etp) => (
            <option key={etp.id} value={etp.id}>{etp.title ?? ""}</option>
          ))}
        </select>
      </div>
      <fieldset className="etp-audit-filters__period">
        <legend>Período</legend>
        <div className={`br-input etp-field${error ? " danger" : ""}`}>
          <label htmlFor={`${id}-since`}>De</label>
          <input id={`${id}-since`} type="date" value={draft.since} onChange={(event) => { set("since")(event); setError(null); }} aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined} />
        </div>
        <div className="br-input etp-field">
          <label htmlFor={`${id}-until`}>Até</label>
          <input id={`${id}-until`} type="date" value={draft.until} onChange={(event) => { set("until")(event); setError(null); }} />
        </div>
        {error ? (
          <span id={errorId} className="feedback danger etp-audit-filters__error" role="alert">
            <Icon name="times-circle" /> {error}
          </span>
        ) : null}
      </fieldset>
      <div className="etp-audit-filters__actions">
        <button className="br-button primary" type="submit">
          <Icon name="filter" /> Filtrar
        </button>
        <button className="br-button secondary" type="button" onClick={onClear}>
          <Icon name="times" /> Limpar filtros
        </button>
      </div>
    </form>
  );
}

function CsvExport({ filters, disabled }: { filters: AuditFilters; disabled: boolean }) {
  const [state, setState] = useState<{ kind: "idle" | "busy" } | { kind: "done"; name: string } | { kind: "error"; message: string }>({ kind: "idle" });
  const run = async () => {
    setState({ kind: "busy" });
    try {
      setState({ kind: "done", name: await downloadAuditCsv(filters) });
    } catch (error) {
      setState({ kind: "error", message: messageOf(error) });
    }
  };
  return (
    <div className="etp-audit-export">
      <button className="br-button secondary" type="button" disabled={disabled || state.kind === "busy"} onClick={() => void run()}>
        <Icon name="file-csv" /> {state.kind === "busy" ? "Gerando o CSV…" : "Exportar CSV"}
      </button>
      <span className="etp-audit-export__hint">Com os filtros aplicados; separado por ponto e vírgula, para abrir numa planilha.</span>
      {state.kind === "done" ? <Message kind="success" title="CSV baixado">{`O arquivo ${state.name} foi baixado.`}</Message> : null}
      {state.kind === "error" ? <Message kind="danger" title="Não foi possível exportar">{state.message}</Message> : null}
    </div>
  );
}

function Entries({ entries, filtered, onPage }: { entries: ReturnType<typeof useAuditEntries>; filtered: boolean; onPage: (page: number) => void }) {
  const etps = useAuditEtps();
  if (entries.isPending) return <Loading label="Carregando a trilha de auditoria…" />;
  if (entries.isError) {
    return (
      <div className="etp-audit__state">
        <Message kind="danger" title="Não foi possível carregar a trilha">{messageOf(entries.error)}</Message>
        <button className="br-button secondary" type="button" onClick={() => void entries.refetch()}>
          <Icon name="redo" /> Tentar novamente
        </button>
      </div>
    );
  }
  const { items, pagination } = entries.data;
  if (!items.length) {
    return (
      <p className="etp-audit__state" role="status">
        {filtered ? "Nenhuma entrada corresponde aos filtros. Mude-os ou limpe-os para ver toda a trilha." : "A trilha ainda não tem entradas."}
      </p>
    );
  }
  const titles = new Map((etps.data ?? []).map((etp) => [etp.id, etp.title ?? ""]));
  const total = pagination?.total ?? items.length;
  return (
    <section aria-labelledby="auditoria-entradas">
      <h2 id="auditoria-entradas">Entradas</h2>
      <p className="etp-audit__count" role="status">
        {plural(total, "entrada", "entradas")}
        {filtered ? " com estes filtros" : ""}
        {entries.isFetching ? " · atualizando…" : ""}
      </p>
      <ol className="etp-audit-list">
        {items.map((entry) => (
          <li key={entry.id}>
            <Entry entry={entry} etpTitle={entry.etp_id ? titles.get(entry.etp_id) : undefined} />
          </li>
        ))}
      </ol>
      <Pagination pagination={pagination} onPage={onPage} label="Paginação da trilha de auditoria" />
    </section>
  );
}

function Entry({ entry, etpTitle }: { entry: AuditEntry; etpTitle: string | undefined }) {
  const titleId = `entrada-${entry.id ?? ""}`;
  const label = actionLabel(entry.action);
  const target = entry.target_type ? (TARGET_LABELS[entry.target_type] ?? entry.target_type) : null;
  return (
    <article className="etp-audit-entry" aria-labelledby={titleId}>
      <h3 id={titleId} className="etp-audit-entry__title">{label}</h3>
      <p className="etp-audit-entry__meta">
        <time dateTime={entry.created_at}>{formatDateTime(entry.created_at)}</time>
        {" · por "}
        <strong>{entry.actor_id ? (entry.actor_name ?? "Pessoa de fora da organização") : "Sistema"}</strong>
        {" · "}
        <code>{entry.action}</code>
      </p>
      {entry.etp_id ? (
        <p className="etp-audit-entry__etp">
          {"ETP: "}
          <Link to={`/etps/${entry.etp_id}`}>{etpTitle || "abrir o ETP"}</Link>
        </p>
      ) : null}
      <ChangeTable before={entry.before} after={entry.after} targetType={entry.target_type} label={`Antes e depois: ${label}, ${formatDateTime(entry.created_at)}`} />
      <details className="etp-audit-entry__details">
        <summary>Detalhes técnicos</summary>
        <dl>
          {target ? (
            <div>
              <dt>Alvo</dt>
              <dd>{entry.target_id ? `${target} ${entry.target_id}` : target}</dd>
            </div>
          ) : null}
          <div>
            <dt>IP</dt>
            <dd>{entry.ip || "—"}</dd>
          </div>
          <div>
            <dt>Navegador (user agent)</dt>
            <dd>{entry.user_agent || "—"}</dd>
          </div>
          <div>
            <dt>Id da entrada</dt>
            <dd>{entry.id}</dd>
          </div>
        </dl>
      </details>
    </article>
  );
}

