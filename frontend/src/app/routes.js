import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
// The route table: every page is its own chunk, loaded on navigation. Declarative routes
// (<BrowserRouter>): the data router would add 16 KB gzipped to the first load for loaders this app
// does not use (server state is TanStack Query's).
import { lazy, Suspense } from "react";
import { Navigate, Outlet, Route, Routes } from "react-router";
import { RequireAuth } from "../auth/RequireAuth";
import { isOrgAdmin, isSystemAdmin, RequireRole } from "../auth/RequireRole";
import { useSession } from "../auth/useSession";
import { Layout } from "../components/Layout";
import { Loading } from "../components/Loading";
const pages = {
    login: lazy(() => import("../features/auth/LoginPage")),
    register: lazy(() => import("../features/auth/RegisterPage")),
    verifyEmail: lazy(() => import("../features/auth/VerifyEmailPage")),
    forgotPassword: lazy(() => import("../features/auth/ForgotPasswordPage")),
    resetPassword: lazy(() => import("../features/auth/ResetPasswordPage")),
    acceptInvitation: lazy(() => import("../features/auth/AcceptInvitationPage")),
    changePassword: lazy(() => import("../features/auth/ChangePasswordPage")),
    etpList: lazy(() => import("../features/etps/EtpListPage")),
    newEtp: lazy(() => import("../features/etps/NewEtpPage")),
    etpFacts: lazy(() => import("../features/etps/EtpFactsPage")),
    workspace: lazy(() => import("../features/editor/EtpWorkspace")),
    sectionEditor: lazy(() => import("../features/editor/SectionEditorPage")),
    overview: lazy(() => import("../features/drafting/EtpOverviewPage")),
    joinOrganization: lazy(() => import("../features/account/JoinOrganizationPage")),
    myData: lazy(() => import("../features/account/MyDataPage")),
    versions: lazy(() => import("../features/versions/VersionsPage")),
    exports: lazy(() => import("../features/exports/ExportsPage")),
    users: lazy(() => import("../features/admin/UsersPage")),
    usage: lazy(() => import("../features/admin/UsagePage")),
    audit: lazy(() => import("../features/admin/AuditPage")),
    templates: lazy(() => import("../features/admin/TemplatesPage")),
    health: lazy(() => import("../features/system/HealthPage")),
    backups: lazy(() => import("../features/system/BackupsPage")),
    organizations: lazy(() => import("../features/system/OrganizationsPage")),
    privacy: lazy(() => import("../features/legal/PrivacyPage")),
    terms: lazy(() => import("../features/legal/TermsPage")),
    notFound: lazy(() => import("./NotFoundPage")),
};
function page(Page) {
    return (_jsx(Suspense, { fallback: _jsx(Loading, { label: "Carregando a p\u00E1gina\u2026" }), children: _jsx(Page, {}) }));
}
/** Behind login; an account with no organization yet gets the page that lets it join one. */
function Private({ needsOrganization = true }) {
    return (_jsx(RequireAuth, { children: _jsx(OrganizationGate, { needsOrganization: needsOrganization }) }));
}
/** Behind login and a role: org admins (organization pages) or system admins (system pages). */
function Restricted({ allow }) {
    return (_jsx(RequireRole, { allow: allow, children: _jsx(Outlet, {}) }));
}
function OrganizationGate({ needsOrganization }) {
    const session = useSession();
    if (needsOrganization && session.user && !session.user.organization)
        return page(pages.joinOrganization);
    return _jsx(Outlet, {});
}
export function AppRoutes() {
    return (_jsx(Layout, { children: _jsxs(Routes, { children: [_jsx(Route, { index: true, element: _jsx(Navigate, { to: "/etps", replace: true }) }), _jsx(Route, { path: "entrar", element: page(pages.login) }), _jsx(Route, { path: "cadastro", element: page(pages.register) }), _jsx(Route, { path: "verificar-email", element: page(pages.verifyEmail) }), _jsx(Route, { path: "esqueci-senha", element: page(pages.forgotPassword) }), _jsx(Route, { path: "redefinir-senha", element: page(pages.resetPassword) }), _jsx(Route, { path: "convite", element: page(pages.acceptInvitation) }), _jsx(Route, { path: "privacidade", element: page(pages.privacy) }), _jsx(Route, { path: "termos", element: page(pages.terms) }), _jsxs(Route, { element: _jsx(Private, { needsOrganization: false }), children: [_jsx(Route, { path: "conta", element: page(pages.myData) }), _jsx(Route, { path: "conta/senha", element: page(pages.changePassword) }), _jsx(Route, { path: "organizacao/entrar", element: page(pages.joinOrganization) })] }), _jsxs(Route, { element: _jsx(Private, {}), children: [_jsx(Route, { path: "etps", element: page(pages.etpList) }), _jsx(Route, { path: "etps/novo", element: page(pages.newEtp) }), _jsxs(Route, { path: "etps/:etpId", element: page(pages.workspace), children: [_jsx(Route, { index: true, element: page(pages.overview) }), _jsx(Route, { path: "secoes/:inciso", element: page(pages.sectionEditor) }), _jsx(Route, { path: "dados", element: page(pages.etpFacts) }), _jsx(Route, { path: "versoes", element: page(pages.versions) }), _jsx(Route, { path: "exportar", element: page(pages.exports) })] }), _jsxs(Route, { path: "organizacao", element: _jsx(Restricted, { allow: isOrgAdmin }), children: [_jsx(Route, { index: true, element: _jsx(Navigate, { to: "/organizacao/pessoas", replace: true }) }), _jsx(Route, { path: "pessoas", element: page(pages.users) }), _jsx(Route, { path: "consumo", element: page(pages.usage) }), _jsx(Route, { path: "auditoria", element: page(pages.audit) }), _jsx(Route, { path: "modelos", element: page(pages.templates) })] })] }), _jsx(Route, { element: _jsx(Private, { needsOrganization: false }), children: _jsxs(Route, { path: "sistema", element: _jsx(Restricted, { allow: isSystemAdmin }), children: [_jsx(Route, { index: true, element: _jsx(Navigate, { to: "/sistema/saude", replace: true }) }), _jsx(Route, { path: "saude", element: page(pages.health) }), _jsx(Route, { path: "backups", element: page(pages.backups) }), _jsx(Route, { path: "organizacoes", element: page(pages.organizations) })] }) }), _jsx(Route, { path: "*", element: page(pages.notFound) })] }) }));
}
