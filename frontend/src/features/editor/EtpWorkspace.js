import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
// The layout of one ETP (/etps/:etpId/*): breadcrumb, the ETP's title and status (as text: each child
// page has its own h1), a side navigation with the overview, the facts and the 13 incisos of art. 18
// § 1º (mandatory ones marked in text, each with its status), then the child page.
import { Link, NavLink, Outlet, useLocation, useParams } from "react-router";
import { ApiError, messageOf } from "../../api/errors";
import { useEtp, useSections } from "../../api/queries";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { EtpStatusTag, SectionStatusTag } from "../../components/StatusTag";
import { usePageTitle } from "../../components/usePageTitle";
import "./editor.css";
function NotFound() {
    usePageTitle("ETP não encontrado");
    return (_jsxs("div", { className: "etp-workspace", children: [_jsx("h1", { children: "ETP n\u00E3o encontrado" }), _jsx("p", { children: "Este ETP n\u00E3o existe, foi exclu\u00EDdo ou pertence a outra organiza\u00E7\u00E3o." }), _jsx("p", { children: _jsxs(Link, { to: "/etps", children: [_jsx(Icon, { name: "arrow-left" }), " Voltar para Meus ETPs"] }) })] }));
}
function SectionLink({ etpId, section }) {
    return (_jsxs("li", { className: "etp-sidenav__item", children: [_jsxs(NavLink, { to: `/etps/${etpId}/secoes/${section.inciso ?? ""}`, className: "etp-sidenav__link", end: true, children: [_jsxs("span", { className: "etp-sidenav__name", children: [section.code, " \u2014 ", section.title] }), section.mandatory ? _jsx("span", { className: "etp-sidenav__mandatory", children: " (obrigat\u00F3ria)" }) : null] }), _jsx(SectionStatusTag, { status: section.status, small: true })] }));
}
export default function EtpWorkspace() {
    const { etpId = "" } = useParams();
    const location = useLocation();
    const etp = useEtp(etpId);
    const sections = useSections(etpId);
    if ((etp.error instanceof ApiError && etp.error.status === 404) || (sections.error instanceof ApiError && sections.error.status === 404)) {
        return _jsx(NotFound, {});
    }
    const data = etp.data?.etp;
    const title = data?.title ?? "";
    const overview = `/etps/${etpId}`;
    const atOverview = location.pathname.replace(/\/$/, "") === overview;
    const completion = data?.completion;
    return (_jsxs("div", { className: "etp-workspace", children: [_jsx("nav", { className: "br-breadcrumb etp-breadcrumb", "aria-label": "Voc\u00EA est\u00E1 em", children: _jsxs("ol", { className: "crumb-list", children: [_jsx("li", { className: "crumb", children: _jsx(Link, { to: "/etps", children: "Meus ETPs" }) }), _jsxs("li", { className: "crumb", "data-active": atOverview ? "active" : undefined, children: [_jsx(Icon, { name: "chevron-right", className: "icon" }), atOverview ? _jsx("span", { "aria-current": "page", children: title || "ETP" }) : _jsx(Link, { to: overview, children: title || "ETP" })] })] }) }), etp.isError ? _jsx(Message, { kind: "danger", children: messageOf(etp.error) }) : null, data ? (_jsxs("div", { className: "etp-workspace__head", children: [_jsx("p", { className: "etp-workspace__title", children: title }), _jsx(EtpStatusTag, { status: data.status }), completion ? (_jsxs("span", { className: "etp-workspace__completion", children: [completion.mandatory_filled ?? 0, " de ", completion.mandatory_total ?? 5, " obrigat\u00F3rias \u00B7 ", completion.filled ?? 0, " de ", completion.total ?? 13] })) : null] })) : null, _jsxs("div", { className: "etp-workspace__grid", children: [_jsxs("nav", { className: "etp-sidenav", "aria-label": "Se\u00E7\u00F5es do ETP", children: [_jsxs("ul", { className: "etp-sidenav__list", children: [_jsx("li", { className: "etp-sidenav__item", children: _jsxs(NavLink, { to: overview, className: "etp-sidenav__link", end: true, children: [_jsx(Icon, { name: "home" }), " Vis\u00E3o geral"] }) }), _jsx("li", { className: "etp-sidenav__item", children: _jsxs(NavLink, { to: `${overview}/dados`, className: "etp-sidenav__link", end: true, children: [_jsx(Icon, { name: "file-alt" }), " Dados do ETP"] }) }), _jsx("li", { className: "etp-sidenav__item", children: _jsxs(NavLink, { to: `${overview}/versoes`, className: "etp-sidenav__link", end: true, children: [_jsx(Icon, { name: "history" }), " Vers\u00F5es"] }) }), _jsx("li", { className: "etp-sidenav__item", children: _jsxs(NavLink, { to: `${overview}/exportar`, className: "etp-sidenav__link", end: true, children: [_jsx(Icon, { name: "download" }), " Exportar"] }) })] }), _jsx("p", { className: "etp-sidenav__heading", id: "secoes-lista", children: "Se\u00E7\u00F5es (art. 18, \u00A7 1\u00BA)" }), sections.isPending ? _jsx(Loading, { label: "Carregando as se\u00E7\u00F5es\u2026" }) : null, sections.isError ? _jsx(Message, { kind: "danger", children: messageOf(sections.error) }) : null, sections.data ? (_jsx("ol", { className: "etp-sidenav__list etp-sidenav__sections", "aria-labelledby": "secoes-lista", children: sections.data.map((section) => (_jsx(SectionLink, { etpId: etpId, section: section }, section.inciso))) })) : null] }), _jsx("div", { className: "etp-workspace__content", children: _jsx(Outlet, {}) })] })] }));
}
