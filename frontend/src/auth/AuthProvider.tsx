// Restores the session on load (one refresh by cookie), refreshes the access token silently a minute
// before it expires, and offers login/logout to the pages.
import { useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, type ReactNode } from "react";

import { api, refreshAccessToken, TOKEN_TRANSPORT_HEADER, unwrap } from "../api/client";
import type { User } from "../api/types";
import { getSession, setUser, SIGNED_OUT_NOTICE, signedIn, signedOut } from "./session";
import { useSession } from "./useSession";

const REFRESH_MARGIN_MS = 60_000;
const MIN_REFRESH_DELAY_MS = 5_000;
const LOGOUT_MARGIN_MS = 5_000;

interface AuthActions {
  login: (email: string, password: string) => Promise<User | null>;
  logout: () => Promise<void>;
  /** After an invitation is accepted or a password reset: tokens the API returned. */
  adopt: (accessToken: string, expiresIn: number | null | undefined, user: User | null) => void;
}

const AuthContext = createContext<AuthActions | null>(null);

async function loadMe(): Promise<void> {
  const me = await unwrap(api.GET("/api/v1/auth/me"));
  setUser(me as User);
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const session = useSession();
  const queryClient = useQueryClient();

  useEffect(() => {
    if (getSession().status !== "unknown") return;
    let cancelled = false;
    void refreshAccessToken().then(async (ok) => {
      if (cancelled) return;
      if (!ok) {
        if (getSession().status === "unknown") signedOut(null);
        return;
      }
      try {
        await loadMe();
      } catch {
        signedOut(null);
      }
    });
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => {
    if (session.status !== "authenticated" || !session.expiresAt) return;
    const delay = Math.max(MIN_REFRESH_DELAY_MS, session.expiresAt - Date.now() - REFRESH_MARGIN_MS);
    const timer = window.setTimeout(() => void refreshAccessToken(), delay);
    return () => window.clearTimeout(timer);
  }, [session.status, session.expiresAt]);

  const login = useCallback(async (email: string, password: string) => {
    const result = await unwrap(
      api.POST("/api/v1/auth/login", { body: { email, password }, headers: { [TOKEN_TRANSPORT_HEADER]: "cookie" } }),
    );
    signedIn(result.access_token ?? "", (result as { expires_in?: number }).expires_in, (result.user as User | undefined) ?? null);
    queryClient.clear();
    return (result.user as User | undefined) ?? null;
  }, [queryClient]);

  // Signed out by any path (logout, refresh refused, logout-all): nothing of the last account stays
  // in the cache. The pages behind login are already replaced by the redirect when this runs.
  const previousStatus = useRef(session.status);
  useEffect(() => {
    if (previousStatus.current === "authenticated" && session.status === "anonymous") queryClient.clear();
    previousStatus.current = session.status;
  }, [session.status, queryClient]);

  const logout = useCallback(async () => {
    // an expired access token could not end the session on the server: renew it first
    const { expiresAt } = getSession();
    if (expiresAt && expiresAt - Date.now() < LOGOUT_MARGIN_MS) await refreshAccessToken();
    if (getSession().status !== "authenticated") {
      signedOut(SIGNED_OUT_NOTICE);
      queryClient.clear();
      return;
    }
    try {
      await unwrap(api.POST("/api/v1/auth/logout", { headers: { [TOKEN_TRANSPORT_HEADER]: "cookie" } }));
    } catch {
      // the session ends here whatever the server answered (it may already be gone)
    }
    signedOut(SIGNED_OUT_NOTICE);
    queryClient.clear();
  }, [queryClient]);

  const adopt = useCallback((accessToken: string, expiresIn: number | null | undefined, user: User | null) => {
    signedIn(accessToken, expiresIn, user);
    queryClient.clear();
    if (!user) void loadMe().catch(() => undefined);
  }, [queryClient]);

  const actions = useMemo(() => ({ login, logout, adopt }), [login, logout, adopt]);
  return <AuthContext.Provider value={actions}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthActions {
  const actions = useContext(AuthContext);
  if (!actions) throw new Error("useAuth fora do AuthProvider");
  return actions;
}
