const initial = { status: "unknown", accessToken: null, user: null, expiresAt: null, notice: null };
let state = initial;
const listeners = new Set();
export const SESSION_EXPIRED_NOTICE = "Sua sessão expirou ou foi encerrada. Entre novamente: o texto que você estava editando foi guardado neste navegador.";
export const SIGNED_OUT_NOTICE = "Você saiu do ETP Express.";
export function getSession() {
    return state;
}
export function subscribeSession(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
}
function set(next) {
    state = next;
    for (const listener of listeners)
        listener();
}
export function signedIn(accessToken, expiresInSeconds, user) {
    set({
        status: "authenticated",
        accessToken,
        user: user ?? state.user,
        expiresAt: expiresInSeconds ? Date.now() + expiresInSeconds * 1000 : null,
        notice: null,
    });
}
export function setUser(user) {
    set({ ...state, user });
}
/** Signed out on purpose (logout) or never signed in. */
export function signedOut(notice = null) {
    set({ ...initial, status: "anonymous", notice });
}
/** The session ended under the person's feet (refresh refused): the login page explains. */
export function sessionExpired() {
    if (state.status === "authenticated")
        signedOut(SESSION_EXPIRED_NOTICE);
    else if (state.status === "unknown")
        signedOut(null);
}
export function clearNotice() {
    if (state.notice)
        set({ ...state, notice: null });
}
