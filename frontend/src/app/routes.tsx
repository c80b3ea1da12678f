// The route table: every page is its own chunk, loaded on navigation. Declarative routes
// (<BrowserRouter>): the data router would add 16 KB gzipped to the first load for loaders this app
// does not use (server state is TanStack Query's).
import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from "react";
import { Navigate, Outlet, Route, Routes } from "react-router";

import { RequireAuth } from "../auth/RequireAuth";
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
        <Route element={<Private needsOrganization={false} />}>
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
          </Route>
        </Route>
        <Route path="*" element={page(pages.notFound)} />
      </Routes>
    </Layout>
  );
}
