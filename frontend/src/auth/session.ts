// The session of this tab: the access token lives only here, in memory (never localStorage).
// The refresh token is an HttpOnly cookie the API sets (`X-Token-Transport: cookie`); JavaScript never
// sees it. A reload restores the session by one refresh call.
import type { User } from "../api/types";

export type SessionStatus = "unknown" | "anonymous" | "authenticated";

export interface SessionState {
  status: SessionStatus;
  accessToken: string | null;
  user: User | null;
  /** Epoch ms when the access token expires. */
  expiresAt: number | null;
  /** Why the person was sent to the login page (session expired or revoked), shown there. */
  notice: string | null;
}

const initial: SessionState = { status: "unknown", accessToken: null, user: null, expiresAt: null, notice: null };
let state: SessionState = initial;
const listeners = new Set<() => void>();

export const SESSION_EXPIRED_NOTICE = "Sua sessão expirou ou foi encerrada. Entre novamente: o texto que você estava editando foi guardado neste navegador.";

export const SIGNED_OUT_NOTICE = "Você saiu do ETP Express.";

export function getSession(): SessionState {
  return state;
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function set(next: SessionState): void {
  state = next;
  for (const listener of listeners) listener();
}

export function signedIn(accessToken: string, expiresInSeconds: number | null | undefined, user: User | null): void {
  set({
    status: "authenticated",
    accessToken,
    user: user ?? state.user,
    expiresAt: expiresInSeconds ? Date.now() + expiresInSeconds * 1000 : null,
    notice: null,
  });
}

export function setUser(user: User): void {
  set({ ...state, user });
}

/** Signed out on purpose (logout) or never signed in. */
export function signedOut(notice: string | null = null): void {
  set({ ...initial, status: "anonymous", notice });
}

/** The session ended under the person's feet (refresh refused): the login page explains. */
export function sessionExpired(): void {
  if (state.status === "authenticated") signedOut(SESSION_EXPIRED_NOTICE);
  else if (state.status === "unknown") signedOut(null);
}

export function clearNotice(): void {
  if (state.notice) set({ ...state, notice: null });
}
