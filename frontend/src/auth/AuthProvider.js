import { jsx as _jsx } from "react/jsx-runtime";
// Restores the session on load (one refresh by cookie), refreshes the access token silently a minute
// before it expires, and offers login/logout to the pages.
import { useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef } from "react";
import { api, refreshAccessToken, TOKEN_TRANSPORT_HEADER, unwrap } from "../api/client";
import { getSession, setUser, SIGNED_OUT_NOTICE, signedIn, signedOut } from "./session";
import { useSession } from "./useSession";
const REFRESH_MARGIN_MS = 60_000;
const MIN_REFRESH_DELAY_MS = 5_000;
const LOGOUT_MARGIN_MS = 5_000;
const AuthContext = createContext(null);
async function loadMe() {
    const me = await unwrap(api.GET("/api/v1/auth/me"));
    setUser(me);
}
export function AuthProvider({ children }) {
    const session = useSession();
    const queryClient = useQueryClient();
    useEffect(() => {
        if (getSession().status !== "unknown")
            return;
        let cancelled = false;
        void refreshAccessToken().then(async (ok) => {
            if (cancelled)
                return;
            if (!ok) {
                if (getSession().status === "unknown")
                    signedOut(null);
                return;
            }
            try {
                await loadMe();
            }
            catch {
                signedOut(null);
            }
        });
        return () => {
            cancelled = true;
        };
    }, []);
    useEffect(() => {
        if (session.status !== "authenticated" || !session.expiresAt)
            return;
        const delay = Math.max(MIN_REFRESH_DELAY_MS, session.expiresAt - Date.now() - REFRESH_MARGIN_MS);
        const timer = window.setTimeout(() => void refreshAccessToken(), delay);
        return () => window.clearTimeout(timer);
    }, [session.status, session.expiresAt]);
    const login = useCallback(async (email, password) => {
        const result = await unwrap(api.POST("/api/v1/auth/login", { body: { email, password }, headers: { [TOKEN_TRANSPORT_HEADER]: "cookie" } }));
        signedIn(result.access_token ?? "", result.expires_in, result.user ?? null);
        queryClient.clear();
        return result.user ?? null;
    }, [queryClient]);
    // Signed out by any path (logout, refresh refused, logout-all): nothing of the last account stays
    // in the cache. The pages behind login are already replaced by the redirect when this runs.
    const previousStatus = useRef(session.status);
    useEffect(() => {
        if (previousStatus.current === "authenticated" && session.status === "anonymous")
            queryClient.clear();
        previousStatus.current = session.status;
    }, [session.status, queryClient]);
    const logout = useCallback(async () => {
        // an expired access token could not end the session on the server: renew it first
        const { expiresAt } = getSession();
        if (expiresAt && expiresAt - Date.now() < LOGOUT_MARGIN_MS)
            await refreshAccessToken();
        if (getSession().status !== "authenticated") {
            signedOut(SIGNED_OUT_NOTICE);
            queryClient.clear();
            return;
        }
        try {
            await unwrap(api.POST("/api/v1/auth/logout", { headers: { [TOKEN_TRANSPORT_HEADER]: "cookie" } }));
        }
        catch {
            // the session ends here whatever the server answered (it may already be gone)
        }
        signedOut(SIGNED_OUT_NOTICE);
        queryClient.clear();
    }, [queryClient]);
    const adopt = useCallback((accessToken, expiresIn, user) => {
        signedIn(accessToken, expiresIn, user);
        queryClient.clear();
        if (!user)
            void loadMe().catch(() => undefined);
    }, [queryClient]);
    const actions = useMemo(() => ({ login, logout, adopt }), [login, logout, adopt]);
    return _jsx(AuthContext.Provider, { value: actions, children: children });
}
export function useAuth() {
    const actions = useContext(AuthContext);
    if (!actions)
        throw new Error("useAuth fora do AuthProvider");
    return actions;
}
