import { jsx as _jsx } from "react/jsx-runtime";
import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { getSession, SESSION_EXPIRED_NOTICE, signedOut } from "../../auth/session";
import { stubApi } from "../../test/render";
import LoginPage from "./LoginPage";
import { safeNext } from "./shared";
import { renderAuthPage, TEST_USER } from "./testing";
const INVALID = "E-mail ou senha incorretos.";
async function signIn(user, password = "Senha-Forte-2026") {
    await user.type(screen.getByLabelText("E-mail", { exact: false }), "maria@prefeitura.gov.br");
    await user.type(screen.getByLabelText("Senha", { exact: false }), password);
    await user.click(screen.getByRole("button", { name: "Entrar" }));
}
function okLogin() {
    return () => ({ body: { access_token: "novo-token", expires_in: 900, user: TEST_USER } });
}
describe("LoginPage", () => {
    it("signs in with the cookie transport and goes to the ETP list", async () => {
        const { calls } = stubApi({ "POST /api/v1/auth/login": okLogin() });
        const user = userEvent.setup();
        const { where } = renderAuthPage(_jsx(LoginPage, {}), { path: "/entrar" });
        expect(screen.getByRole("heading", { level: 1, name: "Entrar no ETP Express" })).toBeInTheDocument();
        expect(screen.getByRole("link", { name: "Criar conta" })).toHaveAttribute("href", "/cadastro");
        expect(screen.getByRole("link", { name: "Esqueci minha senha" })).toHaveAttribute("href", "/esqueci-senha");
        await signIn(user);
        await waitFor(() => expect(where()).toBe("/etps"));
        expect(getSession().accessToken).toBe("novo-token");
        const login = calls.find((request) => request.url.endsWith("/api/v1/auth/login"));
        expect(login?.headers.get("X-Token-Transport")).toBe("cookie");
        expect(await login?.json()).toEqual({ email: "maria@prefeitura.gov.br", password: "Senha-Forte-2026" });
    });
    it("returns to a same-origin `proximo` after signing in", async () => {
        stubApi({ "POST /api/v1/auth/login": okLogin() });
        const user = userEvent.setup();
        const { where } = renderAuthPage(_jsx(LoginPage, {}), { path: "/entrar", route: `/entrar?proximo=${encodeURIComponent("/etps/e1/secoes/4?job=j1")}` });
        await signIn(user);
        await waitFor(() => expect(where()).toBe("/etps/e1/secoes/4?job=j1"));
    });
    it.each(["//evil.example/etps", "https://evil.example/", "/\\evil.example", "/\t/evil.example", "javascript:alert(1)", "etps", "/entrar?proximo=/etps"])("refuses the open redirect %j and goes to /etps", async (proximo) => {
        stubApi({ "POST /api/v1/auth/login": okLogin() });
        const user = userEvent.setup();
        const { where } = renderAuthPage(_jsx(LoginPage, {}), { path: "/entrar", route: `/entrar?proximo=${encodeURIComponent(proximo)}` });
        await signIn(user);
        await waitFor(() => expect(where()).toBe("/etps"));
    });
    it("safeNext keeps only this app's paths", () => {
        expect(safeNext("/etps/1?x=2#y")).toBe("/etps/1?x=2#y");
        expect(safeNext(null)).toBe("/etps");
        expect(safeNext("//a.example")).toBe("/etps");
        expect(safeNext("/\\a.example")).toBe("/etps");
        expect(safeNext("/\n/a.example")).toBe("/etps");
        expect(safeNext("http://a.example/etps")).toBe("/etps");
    });
    it("shows the API's 401 message and clears the password", async () => {
        stubApi({ "POST /api/v1/auth/login": () => ({ status: 401, body: { code: 401, status: "Unauthorized", message: INVALID } }) });
        const user = userEvent.setup();
        const { where } = renderAuthPage(_jsx(LoginPage, {}), { path: "/entrar" });
        await signIn(user, "errada");
        expect(await screen.findByText(INVALID)).toBeInTheDocument();
        expect(screen.getByLabelText("Senha", { exact: false })).toHaveValue("");
        expect(where()).toBe("/entrar");
        expect(getSession().status).toBe("anonymous");
    });
    it("on 429 disables the button with a countdown until Retry-After has passed", async () => {
        vi.useFakeTimers({ shouldAdvanceTime: true });
        try {
            let attempts = 0;
            stubApi({
                "POST /api/v1/auth/login": () => {
                    attempts += 1;
                    return { status: 429, body: { code: 429, status: "Too Many Requests", message: "Muitas tentativas sem sucesso." }, headers: { "Retry-After": "90" } };
                },
            });
            const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
            renderAuthPage(_jsx(LoginPage, {}), { path: "/entrar" });
            await signIn(user);
            expect(await screen.findByText("Muitas tentativas sem sucesso. Tente de novo em 2 minutos.")).toBeInTheDocument();
            const button = screen.getByRole("button", { name: "Entrar" });
            expect(button).toBeDisabled();
            expect(screen.getByText(/Você poderá tentar de novo em 1 min 30 s\./)).toBeInTheDocument();
            act(() => vi.advanceTimersByTime(60_000));
            expect(screen.getByText(/Você poderá tentar de novo em 30 segundos/)).toBeInTheDocument();
            expect(button).toBeDisabled();
            act(() => vi.advanceTimersByTime(31_000));
            expect(button).toBeEnabled();
            expect(screen.queryByText(/Você poderá tentar de novo/)).not.toBeInTheDocument();
            expect(attempts).toBe(1);
        }
        finally {
            vi.useRealTimers();
        }
    });
    it("shows why the session ended", () => {
        stubApi({});
        renderAuthPage(_jsx(LoginPage, {}), { path: "/entrar" });
        act(() => signedOut(SESSION_EXPIRED_NOTICE));
        expect(screen.getByText(SESSION_EXPIRED_NOTICE)).toBeInTheDocument();
    });
    it("sends a visitor already signed in to the ETP list", async () => {
        stubApi({});
        const { where } = renderAuthPage(_jsx(LoginPage, {}), { path: "/entrar", user: TEST_USER });
        await waitFor(() => expect(where()).toBe("/etps"));
    });
});
