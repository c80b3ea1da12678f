import { jsx as _jsx, Fragment as _Fragment } from "react/jsx-runtime";
import { Navigate, useLocation } from "react-router";
import { Loading } from "../components/Loading";
import { useSession } from "./useSession";
/** Pages behind login: while the session is being restored, a labelled wait; without one, the login page. */
export function RequireAuth({ children }) {
    const session = useSession();
    const location = useLocation();
    if (session.status === "unknown")
        return _jsx(Loading, { label: "Verificando sua sess\u00E3o\u2026" });
    if (session.status === "anonymous") {
        const next = `${location.pathname}${location.search}`;
        return _jsx(Navigate, { to: `/entrar?proximo=${encodeURIComponent(next)}`, replace: true });
    }
    return _jsx(_Fragment, { children: children });
}
