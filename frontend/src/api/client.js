// One typed client for the whole app (openapi-fetch over the generated types). It adds the access
// token, refreshes it once on a 401 and retries, and turns error answers into ApiError.
import createClient from "openapi-fetch";
import { getSession, sessionExpired, signedIn } from "../auth/session";
import { ApiError, networkError, toApiError } from "./errors";
export const TOKEN_TRANSPORT_HEADER = "X-Token-Transport";
const CSRF_COOKIE = "etp_csrf";
const REFRESH_PATH = "/api/v1/auth/refresh";
const NO_REFRESH_PATHS = new Set(["/api/v1/auth/login", REFRESH_PATH, "/api/v1/auth/logout"]);
export function readCookie(name) {
    for (const part of document.cookie.split(";")) {
        const [key, ...rest] = part.trim().split("=");
        if (key === name)
            return decodeURIComponent(rest.join("="));
    }
    return null;
}
let refreshing = null;
async function refreshOnce() {
    const run = async () => {
        let response;
        try {
            response = await fetch(REFRESH_PATH, {
                method: "POST",
                credentials: "same-origin",
                headers: { [TOKEN_TRANSPORT_HEADER]: "cookie", "X-CSRF-TOKEN": readCookie(CSRF_COOKIE) ?? "" },
            });
        }
        catch {
            return false; // offline: keep the session; the next call tries again
        }
        if (!response.ok) {
            if (response.status === 401 || response.status === 422)
                sessionExpired();
            return false;
        }
        const body = (await response.json());
        if (!body.access_token)
            return false;
        signedIn(body.access_token, body.expires_in, null);
        return true;
    };
    // Two tabs share one refresh cookie: the Web Locks API lets one rotate it at a time.
    const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
    return locks ? locks.request("etp-refresh", run) : run();
}
/** Gets a new access token from the refresh cookie; concurrent callers share one request. */
export function refreshAccessToken() {
    refreshing ??= refreshOnce().finally(() => {
        refreshing = null;
    });
    return refreshing;
}
const pending = new Map();
const auth = {
    onRequest({ request, id }) {
        const token = getSession().accessToken;
        if (token && !request.headers.has("Authorization"))
            request.headers.set("Authorization", `Bearer ${token}`);
        const path = new URL(request.url).pathname;
        if (!NO_REFRESH_PATHS.has(path))
            pending.set(id, request.clone());
        return request;
    },
    async onResponse({ response, id }) {
        const retry = pending.get(id);
        pending.delete(id);
        if (response.status !== 401 || !retry || getSession().status !== "authenticated")
            return response;
        const sentToken = retry.headers.get("Authorization");
        const current = getSession().accessToken;
        // Another request may already have refreshed while this one was in flight.
        const ok = current && sentToken !== `Bearer ${current}` ? true : await refreshAccessToken();
        if (!ok)
            return response;
        retry.headers.set("Authorization", `Bearer ${getSession().accessToken ?? ""}`);
        const again = await fetch(retry);
        // Still refused with a fresh token: the session is gone (revoked between refresh and retry).
        if (again.status === 401)
            sessionExpired();
        return again;
    },
    onError({ id, error }) {
        pending.delete(id);
        return networkError(error);
    },
};
// Same origin as the page (an absolute base, so Request objects are valid outside browsers too).
export const api = createClient({
    baseUrl: typeof window === "undefined" ? "" : window.location.origin,
    credentials: "same-origin",
    fetch: (request) => globalThis.fetch(request), // looked up per call (tests stub it)
});
api.use(auth);
/** Like unwrap, with the response too (ETag, X-Pagination, Location). */
export async function unwrapWithResponse(call) {
    let result;
    try {
        result = await call;
    }
    catch (error) {
        throw error instanceof ApiError ? error : networkError(error);
    }
    if (result.error !== undefined || !result.response.ok)
        throw toApiError(result.response, result.error);
    return { data: result.data, response: result.response };
}
/** Awaits an openapi-fetch call: its data, or an ApiError (the envelope's Portuguese message). */
export async function unwrap(call) {
    return (await unwrapWithResponse(call)).data;
}
export function paginationOf(response) {
    const raw = response.headers.get("X-Pagination");
    if (!raw)
        return null;
    try {
        return JSON.parse(raw);
    }
    catch {
        return null;
    }
}
