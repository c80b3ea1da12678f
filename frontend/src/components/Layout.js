import { jsx as _jsx, jsxs as _jsxs, Fragment as _Fragment } from "react/jsx-runtime";
// The app shell: skip link first, header (gov.br), main landmark, footer.
import { useEffect, useRef } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { useAuth } from "../auth/AuthProvider";
import { isOrgAdmin, isSystemAdmin } from "../auth/RequireRole";
import { useSession } from "../auth/useSession";
import { Icon } from "./Icon";
export function Layout({ children }) {
    const session = useSession();
    const { logout } = useAuth();
    const navigate = useNavigate();
    const location = useLocation();
    const main = useRef(null);
    const first = useRef(true);
    // After client-side navigation, move focus to the new page (screen readers announce it).
    useEffect(() => {
        if (first.current) {
            first.current = false;
            return;
        }
        main.current?.focus({ preventScroll: false });
    }, [location.pathname]);
    const signedIn = session.status === "authenticated";
    return (_jsxs(_Fragment, { children: [_jsx("nav", { className: "br-skiplink", "aria-label": "Atalhos", children: _jsx("a", { className: "br-item", href: "#conteudo", accessKey: "1", children: "Ir para o conte\u00FAdo principal" }) }), _jsx("header", { className: "br-header compact etp-header", children: _jsxs("div", { className: "container-lg etp-header__row", children: [_jsxs("div", { className: "header-logo", children: [_jsxs(Link, { to: signedIn ? "/etps" : "/entrar", className: "etp-brand", children: [_jsx(Icon, { name: "file-alt" }), _jsx("span", { className: "etp-brand__name", children: "ETP Express" })] }), _jsx("span", { className: "br-divider vertical", "aria-hidden": "true" }), _jsx("span", { className: "header-sign", children: "Estudo T\u00E9cnico Preliminar \u00B7 Lei 14.133/2021" })] }), signedIn ? (_jsxs("nav", { className: "etp-header__nav", "aria-label": "Menu principal", children: [_jsxs("ul", { children: [_jsx("li", { children: _jsx(Link, { to: "/etps", children: "Meus ETPs" }) }), _jsx("li", { children: _jsx(Link, { to: "/etps/novo", children: "Novo ETP" }) }), isOrgAdmin(session.user) ? _jsx("li", { children: _jsx(Link, { to: "/organizacao", children: "Organiza\u00E7\u00E3o" }) }) : null, isSystemAdmin(session.user) ? _jsx("li", { children: _jsx(Link, { to: "/sistema", children: "Sistema" }) }) : null, _jsx("li", { children: _jsx(Link, { to: "/conta", children: "Meus dados" }) })] }), _jsxs("span", { className: "etp-header__user", children: [_jsx(Icon, { name: "user" }), " ", _jsx("span", { children: session.user?.name ?? session.user?.email ?? "" })] }), _jsxs("button", { type: "button", className: "br-button secondary small", onClick: () => void logout().then(() => navigate("/entrar")), children: [_jsx(Icon, { name: "sign-out-alt" }), " Sair"] })] })) : null] }) }), _jsx("main", { id: "conteudo", ref: main, tabIndex: -1, className: "container-lg etp-main", children: children }), _jsx("footer", { className: "br-footer etp-footer", children: _jsxs("div", { className: "container-lg", children: [_jsx("p", { children: "ETP Express \u2014 elabora\u00E7\u00E3o assistida do Estudo T\u00E9cnico Preliminar (art. 18 da Lei 14.133/2021). Textos redigidos pela IA devem ser revisados por quem assina." }), _jsxs("ul", { className: "etp-footer__links", children: [_jsx("li", { children: _jsx(Link, { to: "/privacidade", children: "Aviso de privacidade" }) }), _jsx("li", { children: _jsx(Link, { to: "/termos", children: "Termos de uso" }) })] })] }) })] }));
}
