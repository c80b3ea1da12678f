import { jsx as _jsx } from "react/jsx-runtime";
// Test helper: a component inside the app's providers, at a route, with a fresh QueryClient.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router";
import { AuthProvider } from "../auth/AuthProvider";
import { signedIn, signedOut } from "../auth/session";
export const TEST_USER = { id: "u-1", email: "servidora@prefeitura.gov.br", name: "Maria Servidora", role: "member", is_active: true };
export function renderWithProviders(ui, { route = "/", path = "*", user = TEST_USER } = {}) {
    if (user)
        signedIn("test-access-token", 900, user);
    else
        signedOut(null);
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: 0 }, mutations: { retry: false } } });
    const result = render(_jsx(QueryClientProvider, { client: queryClient, children: _jsx(AuthProvider, { children: _jsx(MemoryRouter, { initialEntries: [route], children: _jsx(Routes, { children: _jsx(Route, { path: path, element: ui }) }) }) }) }));
    return { ...result, queryClient };
}
/** A fetch stub answering by "METHOD /path" (query ignored) with JSON bodies; records every call. */
export function stubApi(routes) {
    const calls = [];
    const fetchStub = vi.fn(async (input, init) => {
        const request = input instanceof Request ? input : new Request(new URL(String(input), "http://localhost"), init);
        calls.push(request.clone());
        const url = new URL(request.url);
        const key = `${request.method} ${url.pathname}`;
        const handler = routes[key] ?? Object.entries(routes).find(([pattern]) => matches(pattern, request.method, url.pathname))?.[1];
        if (!handler)
            return new Response(JSON.stringify({ code: 404, status: "Not Found", message: `sem rota de teste: ${key}` }), { status: 404, headers: { "Content-Type": "application/json" } });
        const answer = await handler(request);
        if (answer instanceof Response)
            return answer;
        const status = answer.status ?? 200;
        return new Response(answer.body === undefined || status === 204 || status === 304 ? null : JSON.stringify(answer.body), { status, headers: { "Content-Type": "application/json", ...(answer.headers ?? {}) } });
    });
    vi.stubGlobal("fetch", fetchStub);
    return { calls, fetch: fetchStub };
}
function matches(pattern, method, pathname) {
    const [m, p] = pattern.split(" ");
    if (m !== method || !p)
        return false;
    const regex = new RegExp(`^${p.replace(/:[a-zA-Z_]+/g, "[^/]+")}$`);
    return regex.test(pathname);
}
