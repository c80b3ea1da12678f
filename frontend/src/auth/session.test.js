import { jsx as _jsx, jsxs as _jsxs, Fragment as _Fragment } from "react/jsx-runtime";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes, useLocation } from "react-router";
import { api, unwrap } from "../api/client";
import { ApiError } from "../api/errors";
import LoginPage from "../features/auth/LoginPage";
import { renderWithProviders, stubApi, TEST_USER } from "../test/render";
import { useAuth } from "./AuthProvider";
import { RequireAuth } from "./RequireAuth";
import { getSession, SESSION_EXPIRED_NOTICE, SIGNED_OUT_NOTICE, signedIn } from "./session";
const ETP = "GET /api/v1/etps/:id";
function unauthorized() {
    return { status: 401, body: { code: 401, status: "Unauthorized", message: "Token expirado." } };
}
function getEtp() {
    return unwrap(api.GET("/api/v1/etps/{etp_id}", { params: { path: { etp_id: "e1" } } }));
}
function bearer(request) {
    return request.headers.get("Authorization");
}
describe("the API client's session handling", () => {
    beforeEach(() => {
        signedIn("velho", 900, TEST_USER);
        document.cookie = "etp_csrf=csrf-1; path=/";
    });
    it("refreshes once on a 401 and retries with the new token", async () => {
        const { calls } = stubApi({
            [ETP]: (request) => (bearer(request) === "Bearer novo" ? { body: { id: "e1", title: "Compra de papel" } } : unauthorized()),
            "POST /api/v1/auth/refresh": () => ({ body: { access_token: "novo", expires_in: 900 } }),
        });
        const [first, second] = await Promise.all([getEtp(), getEtp()]);
        expect(first.title).toBe("Compra de papel");
        expect(second.title).toBe("Compra de papel");
        const refreshes = calls.filter((request) => request.url.endsWith("/api/v1/auth/refresh"));
        expect(refreshes).toHaveLength(1); // two 401s at once share one refresh
        expect(refreshes[0]?.headers.get("X-Token-Transport")).toBe("cookie");
        expect(refreshes[0]?.headers.get("X-CSRF-TOKEN")).toBe("csrf-1");
        expect(refreshes[0]?.headers.get("Authorization")).toBeNull(); // the cookie authenticates it
        const retried = calls.filter((request) => request.url.endsWith("/api/v1/etps/e1") && bearer(request) === "Bearer novo");
        expect(retried).toHaveLength(2);
        expect(getSession()).toMatchObject({ status: "authenticated", accessToken: "novo", user: TEST_USER });
    });
    it("signs out with the notice when the refresh is refused", async () => {
        stubApi({ [ETP]: unauthorized, "POST /api/v1/auth/refresh": unauthorized });
        const error = await getEtp().catch((caught) => caught);
        expect(error).toBeInstanceOf(ApiError);
        expect(error.status).toBe(401);
        expect(getSession()).toMatchObject({ status: "anonymous", accessToken: null, notice: SESSION_EXPIRED_NOTICE });
    });
    it("keeps the session when the refresh cannot reach the server", async () => {
        stubApi({
            [ETP]: unauthorized,
            "POST /api/v1/auth/refresh": () => {
                throw new TypeError("Failed to fetch");
            },
        });
        await expect(getEtp()).rejects.toBeInstanceOf(ApiError);
        expect(getSession()).toMatchObject({ status: "authenticated", accessToken: "velho" });
    });
});
function Where() {
    const location = useLocation();
    return _jsx("p", { "data-testid": "where", children: `${location.pathname}${location.search}` });
}
function OpenEtp() {
    return (_jsxs("div", { children: [_jsx("h1", { children: "Editor" }), _jsx("button", { type: "button", onClick: () => void getEtp().catch(() => undefined), children: "Carregar" })] }));
}
describe("session expiry on an open page", () => {
    it("sends the person from the open page to /entrar with the notice and comes back after signing in", async () => {
        stubApi({
            [ETP]: (request) => (bearer(request) === "Bearer de-novo" ? { body: { id: "e1" } } : unauthorized()),
            "POST /api/v1/auth/refresh": unauthorized,
            "POST /api/v1/auth/login": () => ({ body: { access_token: "de-novo", expires_in: 900, user: TEST_USER } }),
        });
        const user = userEvent.setup();
        renderWithProviders(_jsxs(_Fragment, { children: [_jsxs(Routes, { children: [_jsx(Route, { path: "/entrar", element: _jsx(LoginPage, {}) }), _jsx(Route, { path: "/etps/:etpId/*", element: _jsx(RequireAuth, { children: _jsx(OpenEtp, {}) }) })] }), _jsx(Where, {})] }), { route: "/etps/e1/secoes/4" });
        await user.click(screen.getByRole("button", { name: "Carregar" }));
        expect(await screen.findByRole("heading", { level: 1, name: "Entrar no ETP Express" })).toBeInTheDocument();
        expect(screen.getByTestId("where")).toHaveTextContent(`/entrar?proximo=${encodeURIComponent("/etps/e1/secoes/4")}`);
        expect(screen.getByText(SESSION_EXPIRED_NOTICE)).toBeInTheDocument();
        await user.type(screen.getByLabelText(/^E-mail/), "maria@prefeitura.gov.br");
        await user.type(screen.getByLabelText(/^Senha/), "Senha-Forte-2026");
        await user.click(screen.getByRole("button", { name: "Entrar" }));
        expect(await screen.findByRole("heading", { level: 1, name: "Editor" })).toBeInTheDocument();
        expect(screen.getByTestId("where")).toHaveTextContent("/etps/e1/secoes/4");
    });
});
function SignOut() {
    const { logout } = useAuth();
    return _jsx("button", { type: "button", onClick: () => void logout(), children: "Sair" });
}
describe("AuthProvider", () => {
    it("logout ends the session on the server and clears the query cache", async () => {
        const { calls } = stubApi({ "POST /api/v1/auth/logout": () => ({ status: 204 }) });
        const user = userEvent.setup();
        const { queryClient } = renderWithProviders(_jsx(SignOut, {}));
        queryClient.setQueryData(["etps", "e1"], { id: "e1", title: "Dado da conta anterior" });
        await user.click(screen.getByRole("button", { name: "Sair" }));
        await waitFor(() => expect(getSession().status).toBe("anonymous"));
        expect(getSession().notice).toBe(SIGNED_OUT_NOTICE);
        expect(queryClient.getQueryCache().getAll()).toHaveLength(0);
        const logout = calls.find((request) => request.url.endsWith("/api/v1/auth/logout"));
        expect(logout?.headers.get("Authorization")).toBe("Bearer test-access-token");
    });
    it("an expired session clears the query cache too", async () => {
        stubApi({ [ETP]: unauthorized, "POST /api/v1/auth/refresh": unauthorized });
        const { queryClient } = renderWithProviders(_jsx("p", { children: "aberta" }));
        queryClient.setQueryData(["etps", "e1"], { id: "e1" });
        await act(async () => {
            await getEtp().catch(() => undefined);
        });
        await waitFor(() => expect(queryClient.getQueryCache().getAll()).toHaveLength(0));
    });
    it("restores the session on load by the refresh cookie", async () => {
        vi.resetModules(); // a fresh session module: status "unknown", as after a reload
        const session = await import("./session");
        const { AuthProvider } = await import("./AuthProvider");
        const { RequireAuth: FreshRequireAuth } = await import("./RequireAuth");
        const { calls } = stubApi({
            "POST /api/v1/auth/refresh": () => ({ body: { access_token: "restaurado", expires_in: 900 } }),
            "GET /api/v1/auth/me": () => ({ body: TEST_USER }),
        });
        expect(session.getSession().status).toBe("unknown");
        const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
        render(_jsx(QueryClientProvider, { client: queryClient, children: _jsx(AuthProvider, { children: _jsx(MemoryRouter, { initialEntries: ["/etps"], children: _jsx(Routes, { children: _jsx(Route, { path: "/etps", element: _jsx(FreshRequireAuth, { children: _jsx("h1", { children: "Estudos T\u00E9cnicos Preliminares" }) }) }) }) }) }) }));
        expect(screen.getByText("Verificando sua sessão…")).toBeInTheDocument();
        expect(await screen.findByRole("heading", { level: 1, name: "Estudos Técnicos Preliminares" })).toBeInTheDocument();
        await waitFor(() => expect(session.getSession().user?.email).toBe(TEST_USER.email));
        expect(session.getSession().accessToken).toBe("restaurado");
        expect(calls.filter((request) => request.url.endsWith("/api/v1/auth/refresh"))).toHaveLength(1);
        const me = calls.find((request) => request.url.endsWith("/api/v1/auth/me"));
        expect(me?.headers.get("Authorization")).toBe("Bearer restaurado");
    });
});
