// /etps: the organization's ETPs — full-text search, filters by status and contract type, all in the
// URL's query string (a reload or a shared link keeps them), pages from X-Pagination. Kept light: it
// is part of the first load measured by bench/web.py.
import { useId, useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";

import { messageOf } from "../../api/errors";
import { useEtpList, type EtpListParams } from "../../api/queries";
import type { Etp, EtpStatus, TemplateType } from "../../api/types";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { ETP_STATUS, EtpStatusTag } from "../../components/StatusTag";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDate } from "../../lib/format";
import { TEMPLATE_LABELS, TEMPLATE_OPTIONS } from "./labels";
import "./etps.css";
import { Pagination } from "../../components/Pagination";

const PAGE_SIZE = 20;
const STATUS_OPTIONS = (Object.keys(ETP_STATUS) as EtpStatus[]).map((value) => ({ value, label: ETP_STATUS[value].label }));

function readParams(search: URLSearchParams): EtpListParams {
  const page = Number(search.get("page") ?? "1");
  const status = search.get("status") ?? "";
  const type = search.get("template_type") ?? "";
  return {
    q: search.get("q")?.trim() || undefined,
    status: Object.hasOwn(ETP_STATUS, status) ? status : undefined,
    template_type: Object.hasOwn(TEMPLATE_LABELS, type) ? type : undefined,
    page: Number.isInteger(page) && page > 1 ? page : undefined,
    page_size: PAGE_SIZE,
  };
}

export function completionText(etp: Etp): string {
  const c = etp.completion;
  if (!c) return "";
  return `${c.mandatory_filled ?? 0} de ${c.mandatory_total ?? 0} obrigatórias · ${c.filled ?? 0} de ${c.total ?? 0}`;
}

export default function EtpListPage() {
  usePageTitle("Estudos Técnicos Preliminares");
  const [search, setSearch] = useSearchParams();
  const params = readParams(search);
  const list = useEtpList(params);
  const filtered = Boolean(params.q || params.status || params.template_type);

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(search);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!("page" in changes)) next.delete("page");
    setSearch(next);
  };

  return (
    <div className="etp-list">
      <div className="etp-list__top">
        <h1>Estudos Técnicos Preliminares</h1>
        <Link className="br-button primary" to="/etps/novo">
          <Icon name="plus" /> Novo ETP
        </Link>
      </div>
      <Filters key={params.q ?? ""} params={params} onChange={update} />
      <Results
        params={params}
        filtered={filtered}
        list={list}
        onClear={() => setSearch(new URLSearchParams())}
        onPage={(page) => update({ page: page > 1 ? String(page) : undefined })}
      />
    </div>
  );
}

function Filters({ params, onChange }: { params: EtpListParams; onChange: (changes: Record<string, string | undefined>) => void }) {
  const id = useId().replace(/[^a-zA-Z0-9_-]/g, "");
  const [q, setQ] = useState(params.q ?? "");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange({ q: q.trim() || undefined });
  };
  return (
    <form className="etp-filters" role="search" aria-label="Buscar e filtrar ETPs" onSubmit={submit}>
      <div className="etp-field etp-filters__search">
        <label htmlFor={`${id}-q`}>Buscar por título ou objeto</label>
        <div className="etp-filters__row">
          <input id={`${id}-q`} type="search" name="q" value={q} onChange={(event) => setQ(event.target.value)} />
          <button className="br-button secondary" type="submit">
            <Icon name="search" /> Buscar
          </button>
        </div>
      </div>
      <div className="br-select etp-field">
        <label htmlFor={`${id}-status`}>Status</label>
        <select id={`${id}-status`} className="etp-select" value={params.status ?? ""} onChange={(event) => onChange({ status: event.target.value || undefined })}>
          <option value="">Todos</option>
          {STATUS_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>{o.label}</option>
          ))}
        </select>
      </div>
      <div className="br-select etp-field">
        <label htmlFor={`${id}-tipo`}>Tipo de contratação</label>
        <select id={`${id}-tipo`} className="etp-select" value={params.template_type ?? ""} onChange={(event) => onChange({ template_type: event.target.value || undefined })}>
          <option value="">Todos</option>
          {TEMPLATE_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>{o.label}</option>
          ))}
        </select>
      </div>
    </form>
  );
}

function Results({ params, filtered, list, onClear, onPage }: { params: EtpListParams; filtered: boolean; list: ReturnType<typeof useEtpList>; onClear: () => void; onPage: (page: number) => void }) {
  if (list.isPending) return <Loading label="Carregando os ETPs…" />;
  if (list.isError) {
    return (
      <div className="etp-list__state">
        <Message kind="danger" title="Não foi possível carregar os ETPs">{messageOf(list.error)}</Message>
        <button className="br-button secondary" type="button" onClick={() => void list.refetch()}>
          <Icon name="redo" /> Tentar novamente
        </button>
      </div>
    );
  }
  const { items, pagination } = list.data;
  if (!items.length && !filtered && (params.page ?? 1) === 1) return <EmptyState />;
  if (!items.length) {
    return (
      <div className="etp-list__state" role="status">
        <h2>Nenhum ETP corresponde à busca</h2>
        <p>Tente outras palavras ou remova os filtros.</p>
        <button className="br-button secondary" type="button" onClick={onClear}>
          <Icon name="times" /> Limpar filtros
        </button>
      </div>
    );
  }
  const total = pagination?.total ?? items.length;
  return (
    <>
      <p className="etp-list__count" role="status">
        {total === 1 ? "1 ETP encontrado" : `${total} ETPs encontrados`}
        {list.isFetching ? " · atualizando…" : ""}
      </p>
      <div className="br-table etp-table">
        <table>
          <caption className="visually-hidden">ETPs da organização</caption>
          <thead>
            <tr>
              <th scope="col">Título</th>
              <th scope="col">Processo</th>
              <th scope="col">Status</th>
              <th scope="col">Tipo</th>
              <th scope="col">Seções preenchidas</th>
              <th scope="col">Atualizado em</th>
            </tr>
          </thead>
          <tbody>
            {items.map((etp) => (
              <tr key={etp.id}>
                <td>
                  <Link to={`/etps/${etp.id ?? ""}`} className="etp-table__title">{etp.title ?? ""}</Link>
                  {etp.objeto ? <span className="etp-table__objeto">{etp.objeto.length > 160 ? `${etp.objeto.slice(0, 157)}…` : etp.objeto}</span> : null}
                </td>
                <td>{etp.numero_processo || "—"}</td>
                <td><EtpStatusTag status={etp.status} /></td>
                <td>{etp.template_type ? TEMPLATE_LABELS[etp.template_type as TemplateType] : ""}</td>
                <td className="etp-table__completion">{completionText(etp)}</td>
                <td>{formatDate(etp.updated_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination pagination={pagination} onPage={onPage} label="Paginação dos ETPs" />
    </>
  );
}


function EmptyState() {
  return (
    <section className="etp-empty" aria-labelledby="etp-vazio-titulo">
      <h2 id="etp-vazio-titulo">Nenhum ETP ainda</h2>
      <p>
        O <strong>Estudo Técnico Preliminar (ETP)</strong> é o documento que antecede uma contratação pública
        (art. 18 da Lei 14.133/2021): mostra a necessidade, as soluções possíveis, as quantidades, os valores e a
        viabilidade da contratação.
      </p>
      <p>
        Ele tem <strong>13 elementos</strong> (os incisos do § 1º do art. 18), dos quais <strong>5 são
        obrigatórios</strong>: a descrição da necessidade, a estimativa das quantidades, a estimativa do valor, a
        justificativa do parcelamento e o posicionamento conclusivo sobre a viabilidade. Os demais, quando não
        forem preenchidos, precisam de justificativa.
      </p>
      <Link className="br-button primary" to="/etps/novo">
        <Icon name="plus" /> Criar o primeiro ETP
      </Link>
    </section>
  );
}
