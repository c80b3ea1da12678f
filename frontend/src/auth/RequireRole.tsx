import type { ReactNode } from "react";
import { Link } from "react-router";

import type { User } from "../api/types";
import { Loading } from "../components/Loading";
import { usePageTitle } from "../components/usePageTitle";
import { useSession } from "./useSession";

export type Role = NonNullable<User["role"]>;

/** Org admins administer their organization; a system admin can do that too. */
export function isOrgAdmin(user: User | null | undefined): boolean {
  return user?.role === "org_admin" || user?.role === "system_admin";
}

export function isSystemAdmin(user: User | null | undefined): boolean {
  return user?.role === "system_admin";
}

function Forbidden() {
  usePageTitle("Acesso restrito");
  return (
    <>
      <h1>Acesso restrito</h1>
      <p>Esta página é só para quem administra. Se você precisa dela, peça acesso a quem administra a sua organização.</p>
      <p><Link to="/etps">Voltar para os seus ETPs</Link></p>
    </>
  );
}

/** Inside RequireAuth: the page for the roles given, a clear "restricted" page for everyone else
 *  (the API refuses them with 403 anyway; this spares them a page of errors). */
export function RequireRole({ allow, children }: { allow: (user: User | null | undefined) => boolean; children: ReactNode }) {
  const session = useSession();
  // A reload restores the session first and the person (/auth/me) a moment later: wait for them
  // rather than flash "restricted" at an admin.
  if (!session.user) return <Loading label="Verificando seu acesso…" />;
  if (!allow(session.user)) return <Forbidden />;
  return <>{children}</>;
}
