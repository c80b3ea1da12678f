// The app shell: skip link first, header (gov.br), main landmark, footer.
import { lazy, Suspense, useEffect, useRef, type ReactNode } from "react";
import { Link, useLocation, useNavigate } from "react-router";

import { useAuth } from "../auth/AuthProvider";
import { isOrgAdmin, isSystemAdmin } from "../auth/RequireRole";
import { useSession } from "../auth/useSession";
import { useHasWatchedJobs } from "../features/notifications/registry";
import { Icon } from "./Icon";

// Notices of jobs that end on another page: loaded only once the person has a job to follow.
const JobNotifier = lazy(() => import("../features/notifications/JobNotifier"));

export function Layout({ children }: { children: ReactNode }) {
  const session = useSession();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  // After client-side navigation, move focus to the new page (screen readers announce it).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: false });
  }, [location.pathname]);

  const signedIn = session.status === "authenticated";
  const watching = useHasWatchedJobs(signedIn ? session.user?.id : null);
  return (
    <>
      <nav className="br-skiplink" aria-label="Atalhos">
        <a className="br-item" href="#conteudo" accessKey="1">Ir para o conteúdo principal</a>
      </nav>
      <header className="br-header compact etp-header">
        <div className="container-lg etp-header__row">
          <div className="header-logo">
            <Link to={signedIn ? "/etps" : "/entrar"} className="etp-brand">
              <Icon name="file-alt" />
              <span className="etp-brand__name">ETP Express</span>
            </Link>
            <span className="br-divider vertical" aria-hidden="true" />
            <span className="header-sign">Estudo Técnico Preliminar · Lei 14.133/2021</span>
          </div>
          {signedIn ? (
            <nav className="etp-header__nav" aria-label="Menu principal">
              <ul>
                <li><Link to="/etps">Meus ETPs</Link></li>
                <li><Link to="/etps/novo">Novo ETP</Link></li>
                {isOrgAdmin(session.user) ? <li><Link to="/organizacao">Organização</Link></li> : null}
                {isSystemAdmin(session.user) ? <li><Link to="/sistema">Sistema</Link></li> : null}
                <li><Link to="/conta">Meus dados</Link></li>
              </ul>
              <span className="etp-header__user">
                <Icon name="user" /> <span>{session.user?.name ?? session.user?.email ?? ""}</span>
              </span>
              <button type="button" className="br-button secondary small" onClick={() => void logout().then(() => navigate("/entrar"))}>
                <Icon name="sign-out-alt" /> Sair
              </button>
            </nav>
          ) : null}
        </div>
      </header>
      <main id="conteudo" ref={main} tabIndex={-1} className="container-lg etp-main">
        {children}
        {watching ? (
          <Suspense fallback={null}>
            <JobNotifier />
          </Suspense>
        ) : null}
      </main>
      <footer className="br-footer etp-footer">
        <div className="container-lg">
          <p>ETP Express — elaboração assistida do Estudo Técnico Preliminar (art. 18 da Lei 14.133/2021). Textos redigidos pela IA devem ser revisados por quem assina.</p>
          <ul className="etp-footer__links">
            <li><Link to="/privacidade">Aviso de privacidade</Link></li>
            <li><Link to="/termos">Termos de uso</Link></li>
          </ul>
        </div>
      </footer>
    </>
  );
}
