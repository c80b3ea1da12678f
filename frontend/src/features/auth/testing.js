import { jsx as _jsx, jsxs as _jsxs, Fragment as _Fragment } from "react/jsx-runtime";
// Test helpers of the account pages: the page at its route, plus the routes it navigates to.
import { screen } from "@testing-library/react";
import { Route, Routes, useLocation } from "react-router";
import { renderWithProviders, TEST_USER } from "../../test/render";
function Where() {
    const location = useLocation();
    return _jsx("p", { "data-testid": "where", children: `${location.pathname}${location.search}` });
}
/** Mounts `page` at `path`, with stand-ins for the pages it may go to; `where()` is the current URL. */
export function renderAuthPage(page, { path, route, user = null }) {
    const result = renderWithProviders(_jsxs(_Fragment, { children: [_jsxs(Routes, { children: [_jsx(Route, { path: path, element: page }), _jsx(Route, { path: "/etps", element: _jsx("h1", { children: "Estudos T\u00E9cnicos Preliminares" }) }), _jsx(Route, { path: "/etps/:etpId/*", element: _jsx("h1", { children: "Editor" }) }), path === "/entrar" ? null : _jsx(Route, { path: "/entrar", element: _jsx("h1", { children: "P\u00E1gina de entrada" }) })] }), _jsx(Where, {})] }), { route: route ?? path, user });
    return { ...result, where: () => screen.getByTestId("where").textContent };
}
export { TEST_USER };
export function jsonResponse(status, body, headers = {}) {
    return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}
