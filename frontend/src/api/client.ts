// One typed client for the whole app (openapi-fetch over the generated types). It adds the access
// token, refreshes it once on a 401 and retries, and turns error answers into ApiError.
import createClient, { type Middleware } from "openapi-fetch";

import { getSession, sessionExpired, signedIn } from "../auth/session";
import { ApiError, networkError, toApiError } from "./errors";
import type { paths } from "./schema";
import type { Pagination } from "./types";

export const TOKEN_TRANSPORT_HEADER = "X-Token-Transport";
const CSRF_COOKIE = "etp_csrf";
const REFRESH_PATH = "/api/v1/auth/refresh";
const NO_REFRESH_PATHS = new Set(["/api/v1/auth/login", REFRESH_PATH, "/api/v1/auth/logout"]);

/** The API's origin: VITE_API_URL (an origin such as https://api.etp.example.gov.br, fixed at build
 * time) or, when it is empty, the page's own origin. An absolute base, so Request objects are valid
 * outside browsers too. */
export function apiBaseUrl(configured: unknown = import.meta.env.VITE_API_URL): string {
  const raw = typeof configured === "string" ? configured.trim() : "";
  if (raw) return new URL(raw).origin;
  return typeof window === "undefined" ? "" : window.location.origin;
}

const API_BASE = apiBaseUrl();
// The refresh cookie (HttpOnly, set by the API) must travel with the API's requests; on another
// origin that takes "include" (and the API's CORS allowing credentials). Same origin: the same thing.
const CREDENTIALS: RequestCredentials = "include";

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

interface RefreshBody {
  access_token?: string;
  expires_in?: number;
}

let refreshing: Promise<boolean> | null = null;

async function refreshOnce(): Promise<boolean> {
  const run = async (): Promise<boolean> => {
    let response: Response;
    try {
      response = await fetch(`${API_BASE}${REFRESH_PATH}`, {
        method: "POST",
        credentials: CREDENTIALS,
        headers: { [TOKEN_TRANSPORT_HEADER]: "cookie", "X-CSRF-TOKEN": readCookie(CSRF_COOKIE) ?? "" },
      });
    } catch {
      return false; // offline: keep the session; the next call tries again
    }
    if (!response.ok) {
      if (response.status === 401 || response.status === 422) sessionExpired();
      return false;
    }
    const body = (await response.json()) as RefreshBody;
    if (!body.access_token) return false;
    signedIn(body.access_token, body.expires_in, null);
    return true;
  };
  // Two tabs share one refresh cookie: the Web Locks API lets one rotate it at a time.
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  return locks ? locks.request("etp-refresh", run) : run();
}

/** Gets a new access token from the refresh cookie; concurrent callers share one request. */
export function refreshAccessToken(): Promise<boolean> {
  refreshing ??= refreshOnce().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

const pending = new Map<string, Request>();

const auth: Middleware = {
  onRequest({ request, id }) {
    const token = getSession().accessToken;
    if (token && !request.headers.has("Authorization")) request.headers.set("Authorization", `Bearer ${token}`);
    const path = new URL(request.url).pathname;
    if (!NO_REFRESH_PATHS.has(path)) pending.set(id, request.clone());
    return request;
  },
  async onResponse({ response, id }) {
    const retry = pending.get(id);
    pending.delete(id);
    if (response.status !== 401 || !retry || getSession().status !== "authenticated") return response;
    const sentToken = retry.headers.get("Authorization");
    const current = getSession().accessToken;
    // Another request may already have refreshed while this one was in flight.
    const ok = current && sentToken !== `Bearer ${current}` ? true : await refreshAccessToken();
    if (!ok) return response;
    retry.headers.set("Authorization", `Bearer ${getSession().accessToken ?? ""}`);
    const again = await fetch(retry);
    // Still refused with a fresh token: the session is gone (revoked between refresh and retry).
    if (again.status === 401) sessionExpired();
    return again;
  },
  onError({ id, error }) {
    pending.delete(id);
    return networkError(error);
  },
};

export const api = createClient<paths>({
  baseUrl: API_BASE,
  credentials: CREDENTIALS,
  fetch: (request) => globalThis.fetch(request), // looked up per call (tests stub it)
});
api.use(auth);

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Like unwrap, with the response too (ETag, X-Pagination, Location). */
export async function unwrapWithResponse<T>(call: Promise<Result<T>>): Promise<{ data: T; response: Response }> {
  let result: Result<T>;
  try {
    result = await call;
  } catch (error) {
    throw error instanceof ApiError ? error : networkError(error);
  }
  if (result.error !== undefined || !result.response.ok) throw toApiError(result.response, result.error);
  return { data: result.data as T, response: result.response };
}

/** Awaits an openapi-fetch call: its data, or an ApiError (the envelope's Portuguese message). */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  return (await unwrapWithResponse(call)).data;
}

export function paginationOf(response: Response): Pagination | null {
  const raw = response.headers.get("X-Pagination");
  if (!raw) return null;
  try {
    return JSON.parse(raw) as Pagination;
  } catch {
    return null;
  }
}
