import { jsx as _jsx, Fragment as _Fragment, jsxs as _jsxs } from "react/jsx-runtime";
import { Link } from "react-router";
import { usePageTitle } from "../components/usePageTitle";
import { useSession } from "./useSession";
/** Org admins administer their organization; a system admin can do that too. */
export function isOrgAdmin(user) {
    return user?.role === "org_admin" || user?.role === "system_admin";
}
export function isSystemAdmin(user) {
    return user?.role === "system_admin";
}
function Forbidden() {
    usePageTitle("Acesso restrito");
    return (_jsxs(_Fragment, { children: [_jsx("h1", { children: "Acesso restrito" }), _jsx("p", { children: "Esta p\u00E1gina \u00E9 s\u00F3 para quem administra. Se voc\u00EA precisa dela, pe\u00E7a acesso a quem administra a sua organiza\u00E7\u00E3o." }), _jsx("p", { children: _jsx(Link, { to: "/etps", children: "Voltar para os seus ETPs" }) })] }));
}
/** Inside RequireAuth: the page for the roles given, a clear "restricted" page for everyone else
 *  (the API refuses them with 403 anyway; this spares them a page of errors). */
export function RequireRole({ allow, children }) {
    const session = useSession();
    if (!allow(session.user))
        return _jsx(Forbidden, {});
    return _jsx(_Fragment, { children: children });
}
