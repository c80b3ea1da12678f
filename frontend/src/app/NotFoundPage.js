import { jsx as _jsx, Fragment as _Fragment, jsxs as _jsxs } from "react/jsx-runtime";
import { Link } from "react-router";
import { usePageTitle } from "../components/usePageTitle";
export default function NotFoundPage() {
    usePageTitle("Página não encontrada");
    return (_jsxs(_Fragment, { children: [_jsx("h1", { children: "P\u00E1gina n\u00E3o encontrada" }), _jsx("p", { children: "O endere\u00E7o n\u00E3o existe ou o conte\u00FAdo n\u00E3o est\u00E1 dispon\u00EDvel para a sua organiza\u00E7\u00E3o." }), _jsx("p", { children: _jsx(Link, { to: "/etps", children: "Voltar para os seus ETPs" }) })] }));
}
