import { jsx as _jsx, jsxs as _jsxs, Fragment as _Fragment } from "react/jsx-runtime";
// /etps: the organization's ETPs — full-text search, filters by status and contract type, all in the
// URL's query string (a reload or a shared link keeps them), pages from X-Pagination. Kept light: it
// is part of the first load measured by bench/web.py.
import { useId, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { messageOf } from "../../api/errors";
import { useEtpList } from "../../api/queries";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { ETP_STATUS, EtpStatusTag } from "../../components/StatusTag";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDate } from "../../lib/format";
import { TEMPLATE_LABELS, TEMPLATE_OPTIONS } from "./labels";
import "./etps.css";
const PAGE_SIZE = 20;
const STATUS_OPTIONS = Object.keys(ETP_STATUS).map((value) => ({ value, label: ETP_STATUS[value].label }));
function readParams(search) {
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
export function completionText(etp) {
    const c = etp.completion;
    if (!c)
        return "";
    return `${c.mandatory_filled ?? 0} de ${c.mandatory_total ?? 0} obrigatórias · ${c.filled ?? 0} de ${c.total ?? 0}`;
}
export default function EtpListPage() {
    usePageTitle("Estudos Técnicos Preliminares");
    const [search, setSearch] = useSearchParams();
    const params = readParams(search);
    const list = useEtpList(params);
    const filtered = Boolean(params.q || params.status || params.template_type);
    const update = (changes) => {
        const next = new URLSearchParams(search);
        for (const [key, value] of Object.entries(changes)) {
            if (value)
                next.set(key, value);
            else
                next.delete(key);
        }
        if (!("page" in changes))
            next.delete("page");
        setSearch(next);
    };
    return (_jsxs("div", { className: "etp-list", children: [_jsxs("div", { className: "etp-list__top", children: [_jsx("h1", { children: "Estudos T\u00E9cnicos Preliminares" }), _jsxs(Link, { className: "br-button primary", to: "/etps/novo", children: [_jsx(Icon, { name: "plus" }), " Novo ETP"] })] }), _jsx(Filters, { params: params, onChange: update }, params.q ?? ""), _jsx(Results, { params: params, filtered: filtered, list: list, onClear: () => setSearch(new URLSearchParams()), onPage: (page) => update({ page: page > 1 ? String(page) : undefined }) })] }));
}
function Filters({ params, onChange }) {
    const id = useId().replace(/[^a-zA-Z0-9_-]/g, "");
    const [q, setQ] = useState(params.q ?? "");
    const submit = (event) => {
        event.preventDefault();
        onChange({ q: q.trim() || undefined });
    };
    return (_jsxs("form", { className: "etp-filters", role: "search", "aria-label": "Buscar e filtrar ETPs", onSubmit: submit, children: [_jsxs("div", { className: "etp-field etp-filters__search", children: [_jsx("label", { htmlFor: `${id}-q`, children: "Buscar por t\u00EDtulo ou objeto" }), _jsxs("div", { className: "etp-filters__row", children: [_jsx("input", { id: `${id}-q`, type: "search", name: "q", value: q, onChange: (event) => setQ(event.target.value) }), _jsxs("button", { className: "br-button secondary", type: "submit", children: [_jsx(Icon, { name: "search" }), " Buscar"] })] })] }), _jsxs("div", { className: "br-select etp-field", children: [_jsx("label", { htmlFor: `${id}-status`, children: "Status" }), _jsxs("select", { id: `${id}-status`, className: "etp-select", value: params.status ?? "", onChange: (event) => onChange({ status: event.target.value || undefined }), children: [_jsx("option", { value: "", children: "Todos" }), STATUS_OPTIONS.map((o) => (_jsx("option", { value: o.value, children: o.label }, o.value)))] })] }), _jsxs("div", { className: "br-select etp-field", children: [_jsx("label", { htmlFor: `${id}-tipo`, children: "Tipo de contrata\u00E7\u00E3o" }), _jsxs("select", { id: `${id}-tipo`, className: "etp-select", value: params.template_type ?? "", onChange: (event) => onChange({ template_type: event.target.value || undefined }), children: [_jsx("option", { value: "", children: "Todos" }), TEMPLATE_OPTIONS.map((o) => (_jsx("option", { value: o.value, children: o.label }, o.value)))] })] })] }));
}
function Results({ params, filtered, list, onClear, onPage }) {
    if (list.isPending)
        return _jsx(Loading, { label: "Carregando os ETPs\u2026" });
    if (list.isError) {
        return (_jsxs("div", { className: "etp-list__state", children: [_jsx(Message, { kind: "danger", title: "N\u00E3o foi poss\u00EDvel carregar os ETPs", children: messageOf(list.error) }), _jsxs("button", { className: "br-button secondary", type: "button", onClick: () => void list.refetch(), children: [_jsx(Icon, { name: "redo" }), " Tentar novamente"] })] }));
    }
    const { items, pagination } = list.data;
    if (!items.length && !filtered && (params.page ?? 1) === 1)
        return _jsx(EmptyState, {});
    if (!items.length) {
        return (_jsxs("div", { className: "etp-list__state", role: "status", children: [_jsx("h2", { children: "Nenhum ETP corresponde \u00E0 busca" }), _jsx("p", { children: "Tente outras palavras ou remova os filtros." }), _jsxs("button", { className: "br-button secondary", type: "button", onClick: onClear, children: [_jsx(Icon, { name: "times" }), " Limpar filtros"] })] }));
    }
    const total = pagination?.total ?? items.length;
    return (_jsxs(_Fragment, { children: [_jsxs("p", { className: "etp-list__count", role: "status", children: [total === 1 ? "1 ETP encontrado" : `${total} ETPs encontrados`, list.isFetching ? " · atualizando…" : ""] }), _jsx("div", { className: "br-table etp-table", children: _jsxs("table", { children: [_jsx("caption", { className: "visually-hidden", children: "ETPs da organiza\u00E7\u00E3o" }), _jsx("thead", { children: _jsxs("tr", { children: [_jsx("th", { scope: "col", children: "T\u00EDtulo" }), _jsx("th", { scope: "col", children: "Processo" }), _jsx("th", { scope: "col", children: "Status" }), _jsx("th", { scope: "col", children: "Tipo" }), _jsx("th", { scope: "col", children: "Se\u00E7\u00F5es preenchidas" }), _jsx("th", { scope: "col", children: "Atualizado em" })] }) }), _jsx("tbody", { children: items.map((etp) => (_jsxs("tr", { children: [_jsxs("td", { children: [_jsx(Link, { to: `/etps/${etp.id ?? ""}`, className: "etp-table__title", children: etp.title ?? "" }), etp.objeto ? _jsx("span", { className: "etp-table__objeto", children: etp.objeto.length > 160 ? `${etp.objeto.slice(0, 157)}…` : etp.objeto }) : null] }), _jsx("td", { children: etp.numero_processo || "—" }), _jsx("td", { children: _jsx(EtpStatusTag, { status: etp.status }) }), _jsx("td", { children: etp.template_type ? TEMPLATE_LABELS[etp.template_type] : "" }), _jsx("td", { className: "etp-table__completion", children: completionText(etp) }), _jsx("td", { children: formatDate(etp.updated_at) })] }, etp.id))) })] }) }), pagination && pagination.total_pages > 1 ? _jsx(Pager, { pagination: pagination, onPage: onPage }) : null] }));
}
function Pager({ pagination, onPage }) {
    const { page, total_pages: pages } = pagination;
    const label = `Página ${page} de ${pages}`;
    return (_jsx("nav", { className: "br-pagination etp-pagination", "aria-label": "Pagina\u00E7\u00E3o dos ETPs", children: _jsxs("ul", { children: [_jsx("li", { children: _jsxs("button", { className: "br-button secondary small", type: "button", disabled: page <= 1, onClick: () => onPage(page - 1), children: [_jsx(Icon, { name: "chevron-left" }), " Anterior"] }) }), _jsx("li", { children: _jsx("span", { className: "etp-pagination__label", "aria-current": "page", children: label }) }), _jsx("li", { children: _jsxs("button", { className: "br-button secondary small", type: "button", disabled: page >= pages, onClick: () => onPage(page + 1), children: ["Pr\u00F3xima ", _jsx(Icon, { name: "chevron-right" })] }) })] }) }));
}
function EmptyState() {
    return (_jsxs("section", { className: "etp-empty", "aria-labelledby": "etp-vazio-titulo", children: [_jsx("h2", { id: "etp-vazio-titulo", children: "Nenhum ETP ainda" }), _jsxs("p", { children: ["O ", _jsx("strong", { children: "Estudo T\u00E9cnico Preliminar (ETP)" }), " \u00E9 o documento que antecede uma contrata\u00E7\u00E3o p\u00FAblica (art. 18 da Lei 14.133/2021): mostra a necessidade, as solu\u00E7\u00F5es poss\u00EDveis, as quantidades, os valores e a viabilidade da contrata\u00E7\u00E3o."] }), _jsxs("p", { children: ["Ele tem ", _jsx("strong", { children: "13 elementos" }), " (os incisos do \u00A7 1\u00BA do art. 18), dos quais ", _jsx("strong", { children: "5 s\u00E3o obrigat\u00F3rios" }), ": a descri\u00E7\u00E3o da necessidade, a estimativa das quantidades, a estimativa do valor, a justificativa do parcelamento e o posicionamento conclusivo sobre a viabilidade. Os demais, quando n\u00E3o forem preenchidos, precisam de justificativa."] }), _jsxs(Link, { className: "br-button primary", to: "/etps/novo", children: [_jsx(Icon, { name: "plus" }), " Criar o primeiro ETP"] })] }));
}
