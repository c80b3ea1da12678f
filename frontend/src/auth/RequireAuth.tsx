import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";

import { Loading } from "../components/Loading";
import { useSession } from "./useSession";

/** Pages behind login: while the session is being restored, a labelled wait; without one, the login page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.status === "unknown") return <Loading label="Verificando sua sessão…" />;
  if (session.status === "anonymous") {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/entrar?proximo=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}
