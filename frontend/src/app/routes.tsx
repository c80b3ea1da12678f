// The route table: every page is its own chunk, loaded on navigation. Declarative routes
// (<BrowserRouter>): the data router would add 16 KB gzipped to the first load for loaders this app
// does not use (server state is TanStack Query's).
import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from "react";
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
  trash: lazy(() => import("../features/admin/trash/TrashPage")),
  health: lazy(() => import("../features/system/HealthPage")),
  backups: lazy(() => import("../features/system/BackupsPage")),
  organizations: lazy(() => import("../features/system/OrganizationsPage")),
  privacy: lazy(() => import("../features/legal/PrivacyPage")),
  terms: lazy(() => import("../features/legal/TermsPage")),
  notFound: lazy(() => import("./NotFoundPage")),
};

function page(Page: LazyExoticComponent<ComponentType>) {
  return (
    <Suspense fallback={<Loading label="Carregando a página…" />}>
      <Page />
    </Suspense>
  );
}

/** Behind login; an account with no organization yet gets the page that lets it join one. */
function Private({ needsOrganization = true }: { needsOrganization?: boolean }) {
  return (
    <RequireAuth>
      <OrganizationGate needsOrganization={needsOrganization} />
    </RequireAuth>
  );
}

/** Behind login and a role: org admins (organization pages) or system admins (system pages). */
function Restricted({ allow }: { allow: typeof isOrgAdmin }) {
  return (
    <RequireRole allow={allow}>
      <Outlet />
    </RequireRole>
  );
}

function OrganizationGate({ needsOrganization }: { needsOrganization: boolean }) {
  const session = useSession();
  if (needsOrganization && session.user && !session.user.organization) return page(pages.joinOrganization);
  return <Outlet />;
}

export function AppRoutes() {
  return (
    <Layout>
      <Routes>
        <Route index element={<Navigate to="/etps" replace />} />
        {/* public: signing in and joining */}
        <Route path="entrar" element={page(pages.login)} />
        <Route path="cadastro" element={page(pages.register)} />
        <Route path="verificar-email" element={page(pages.verifyEmail)} />
        <Route path="esqueci-senha" element={page(pages.forgotPassword)} />
        <Route path="redefinir-senha" element={page(pages.resetPassword)} />
        <Route path="convite" element={page(pages.acceptInvitation)} />
        <Route path="privacidade" element={page(pages.privacy)} />
        <Route path="termos" element={page(pages.terms)} />
        <Route element={<Private needsOrganization={false} />}>
          <Route path="conta" element={page(pages.myData)} />
          <Route path="conta/senha" element={page(pages.changePassword)} />
          <Route path="organizacao/entrar" element={page(pages.joinOrganization)} />
        </Route>
        <Route element={<Private />}>
          <Route path="etps" element={page(pages.etpList)} />
          <Route path="etps/novo" element={page(pages.newEtp)} />
          <Route path="etps/:etpId" element={page(pages.workspace)}>
            <Route index element={page(pages.overview)} />
            <Route path="secoes/:inciso" element={page(pages.sectionEditor)} />
            <Route path="dados" element={page(pages.etpFacts)} />
            <Route path="versoes" element={page(pages.versions)} />
            <Route path="exportar" element={page(pages.exports)} />
          </Route>
          <Route path="organizacao" element={<Restricted allow={isOrgAdmin} />}>
            <Route index element={<Navigate to="/organizacao/pessoas" replace />} />
            <Route path="pessoas" element={page(pages.users)} />
            <Route path="consumo" element={page(pages.usage)} />
            <Route path="auditoria" element={page(pages.audit)} />
            <Route path="modelos" element={page(pages.templates)} />
            <Route path="lixeira" element={page(pages.trash)} />
          </Route>
        </Route>
        <Route element={<Private needsOrganization={false} />}>
          <Route path="sistema" element={<Restricted allow={isSystemAdmin} />}>
            <Route index element={<Navigate to="/sistema/saude" replace />} />
            <Route path="saude" element={page(pages.health)} />
            <Route path="backups" element={page(pages.backups)} />
            <Route path="organizacoes" element={page(pages.organizations)} />
          </Route>
        </Route>
        <Route path="*" element={page(pages.notFound)} />
      </Routes>
    </Layout>
  );
}
