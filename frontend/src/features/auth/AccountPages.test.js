import { jsx as _jsx } from "react/jsx-runtime";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { getSession } from "../../auth/session";
import { stubApi } from "../../test/render";
import AcceptInvitationPage from "./AcceptInvitationPage";
import ChangePasswordPage, { describeAgent, LOGGED_OUT_EVERYWHERE } from "./ChangePasswordPage";
import ForgotPasswordPage, { FORGOT_CONFIRMATION } from "./ForgotPasswordPage";
import ResetPasswordPage from "./ResetPasswordPage";
import { renderAuthPage, TEST_USER } from "./testing";
const STRONG = "Compras-Publicas-2026";
const SESSIONS = [
    { id: "s-atual", current: true, created_at: "2026-12-03T09:00:00Z", last_used_at: "2026-12-03T09:30:00Z", user_agent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36", ip_address: "10.0.0.1" },
    { id: "s-outra", current: false, created_at: "2026-12-01T12:00:00Z", last_used_at: "2026-12-02T08:00:00Z", user_agent: "Mozilla/5.0 (Windows NT 10.0; rv:133.0) Gecko/20100101 Firefox/133.0", ip_address: "10.0.0.2" },
];
describe("ForgotPasswordPage", () => {
    it("always shows the same confirmation", async () => {
        const { calls } = stubApi({ "POST /api/v1/auth/forgot-password": () => ({ status: 202, body: { message: "qualquer" } }) });
        const user = userEvent.setup();
        renderAuthPage(_jsx(ForgotPasswordPage, {}), { path: "/esqueci-senha" });
        await user.type(screen.getByLabelText(/^E-mail/), "ninguem@prefeitura.gov.br");
        await user.click(screen.getByRole("button", { name: "Enviar o link" }));
        expect(await screen.findByText(FORGOT_CONFIRMATION)).toBeInTheDocument();
        expect(screen.getByRole("heading", { level: 1, name: "Confira seu e-mail" })).toBeInTheDocument();
        expect(await calls[0]?.json()).toEqual({ email: "ninguem@prefeitura.gov.br" });
    });
});
describe("ResetPasswordPage", () => {
    it("sets the new password and links to sign in", async () => {
        const { calls } = stubApi({ "POST /api/v1/auth/reset-password": () => ({ status: 204 }) });
        const user = userEvent.setup();
        renderAuthPage(_jsx(ResetPasswordPage, {}), { path: "/redefinir-senha", route: "/redefinir-senha?token=tok-1" });
        await user.type(screen.getByLabelText(/^Nova senha/), STRONG);
        await user.type(screen.getByLabelText(/Confirme a nova senha/), STRONG);
        await user.click(screen.getByRole("button", { name: "Salvar a nova senha" }));
        expect(await screen.findByRole("heading", { level: 1, name: "Senha redefinida" })).toBeInTheDocument();
        expect(screen.getByRole("link", { name: "Entrar" })).toHaveAttribute("href", "/entrar");
        expect(await calls[0]?.json()).toEqual({ token: "tok-1", new_password: STRONG });
    });
    it("shows the API's message for an expired link and offers a new one", async () => {
        const message = "Link de redefinição inválido, expirado ou já utilizado. Peça um novo.";
        stubApi({ "POST /api/v1/auth/reset-password": () => ({ status: 422, body: { code: 422, status: "Unprocessable Entity", message, errors: { json: { token: [message] } } } }) });
        const user = userEvent.setup();
        renderAuthPage(_jsx(ResetPasswordPage, {}), { path: "/redefinir-senha", route: "/redefinir-senha?token=velho" });
        await user.type(screen.getByLabelText(/^Nova senha/), STRONG);
        await user.type(screen.getByLabelText(/Confirme a nova senha/), STRONG);
        await user.click(screen.getByRole("button", { name: "Salvar a nova senha" }));
        expect(await screen.findByText(message)).toBeInTheDocument();
        expect(screen.getByRole("link", { name: "Pedir um novo link" })).toHaveAttribute("href", "/esqueci-senha");
    });
});
describe("AcceptInvitationPage", () => {
    it("creates the account, adopts the tokens from the cookie transport and opens the ETP list", async () => {
        const { calls } = stubApi({
            "POST /api/v1/auth/invitations/inspect": () => ({ body: { organization: { id: "o1", name: "Prefeitura de Exemplo" }, role: "member", email: "nova@exemplo.gov.br", account_exists: false, expires_at: "2026-12-10T12:00:00Z" } }),
            "POST /api/v1/auth/invitations/accept": () => ({ body: { access_token: "do-convite", expires_in: 900, user: { ...TEST_USER, email: "nova@exemplo.gov.br" } } }),
        });
        const user = userEvent.setup();
        const { where } = renderAuthPage(_jsx(AcceptInvitationPage, {}), { path: "/convite", route: "/convite?token=conv-1" });
        expect(await screen.findByRole("heading", { level: 1, name: "Convite para Prefeitura de Exemplo" })).toBeInTheDocument();
        expect(screen.getByText("Membro (escreve ETPs)")).toBeInTheDocument();
        expect(screen.getByText("nova@exemplo.gov.br")).toBeInTheDocument();
        await user.type(screen.getByLabelText(/Nome completo/), "Nova Servidora");
        await user.type(screen.getByLabelText(/^Senha/), STRONG);
        await user.type(screen.getByLabelText(/Confirme a senha/), STRONG);
        await user.click(screen.getByRole("button", { name: "Aceitar o convite" }));
        await waitFor(() => expect(where()).toBe("/etps"));
        expect(getSession()).toMatchObject({ status: "authenticated", accessToken: "do-convite" });
        const accept = calls.find((request) => request.url.endsWith("/invitations/accept"));
        expect(accept?.headers.get("X-Token-Transport")).toBe("cookie");
        expect(await accept?.json()).toEqual({ token: "conv-1", name: "Nova Servidora", password: STRONG });
    });
    it("with an existing account asks for nothing more", async () => {
        const { calls } = stubApi({
            "POST /api/v1/auth/invitations/inspect": () => ({ body: { organization: { id: "o1", name: "Prefeitura de Exemplo" }, role: "viewer", email: "ja@exemplo.gov.br", account_exists: true } }),
            "POST /api/v1/auth/invitations/accept": () => ({ body: { access_token: "t", expires_in: 900, user: TEST_USER } }),
        });
        const user = userEvent.setup();
        const { where } = renderAuthPage(_jsx(AcceptInvitationPage, {}), { path: "/convite", route: "/convite?token=conv-2" });
        await user.click(await screen.findByRole("button", { name: "Aceitar o convite" }));
        await waitFor(() => expect(where()).toBe("/etps"));
        expect(screen.queryByLabelText(/^Senha/)).not.toBeInTheDocument();
        expect(await calls.find((request) => request.url.endsWith("/accept"))?.json()).toEqual({ token: "conv-2" });
    });
    it("shows the API's message for a used invitation", async () => {
        const message = "Convite inválido, expirado, revogado ou já utilizado.";
        stubApi({ "POST /api/v1/auth/invitations/inspect": () => ({ status: 422, body: { code: 422, status: "Unprocessable Entity", message, errors: { json: { token: [message] } } } }) });
        renderAuthPage(_jsx(AcceptInvitationPage, {}), { path: "/convite", route: "/convite?token=usado" });
        expect(await screen.findByText(message)).toBeInTheDocument();
    });
});
describe("ChangePasswordPage", () => {
    it("changes the password, adopts the new tokens and says the other sessions ended", async () => {
        const { calls } = stubApi({
            "GET /api/v1/auth/sessions": () => ({ body: SESSIONS }),
            "POST /api/v1/auth/change-password": () => ({ body: { access_token: "depois-da-troca", expires_in: 900 } }),
        });
        const user = userEvent.setup();
        renderAuthPage(_jsx(ChangePasswordPage, {}), { path: "/conta/senha", user: TEST_USER });
        await user.type(screen.getByLabelText(/^Senha atual/), "Senha-Antiga-2025");
        await user.type(screen.getByLabelText(/^Nova senha/), STRONG);
        await user.type(screen.getByLabelText(/Confirme a nova senha/), STRONG);
        await user.click(screen.getByRole("button", { name: "Salvar a nova senha" }));
        expect(await screen.findByText(/As suas outras sessões .* foram encerradas/)).toBeInTheDocument();
        expect(getSession()).toMatchObject({ status: "authenticated", accessToken: "depois-da-troca", user: TEST_USER });
        const change = calls.find((request) => request.url.endsWith("/change-password"));
        expect(change?.headers.get("X-Token-Transport")).toBe("cookie");
        expect(await change?.json()).toEqual({ current_password: "Senha-Antiga-2025", new_password: STRONG });
    });
    it("puts a wrong current password on its field", async () => {
        stubApi({
            "GET /api/v1/auth/sessions": () => ({ body: SESSIONS }),
            "POST /api/v1/auth/change-password": () => ({ status: 422, body: { code: 422, status: "Unprocessable Entity", message: "Senha atual incorreta.", errors: { json: { current_password: ["Senha atual incorreta."] } } } }),
        });
        const user = userEvent.setup();
        renderAuthPage(_jsx(ChangePasswordPage, {}), { path: "/conta/senha", user: TEST_USER });
        await user.type(screen.getByLabelText(/^Senha atual/), "errada");
        await user.type(screen.getByLabelText(/^Nova senha/), STRONG);
        await user.type(screen.getByLabelText(/Confirme a nova senha/), STRONG);
        await user.click(screen.getByRole("button", { name: "Salvar a nova senha" }));
        expect(await screen.findByRole("link", { name: "Senha atual: Senha atual incorreta." })).toHaveAttribute("href", "#senha-atual");
        expect(screen.getByLabelText(/^Senha atual/)).toHaveAttribute("aria-invalid", "true");
    });
    it("lists the sessions, ends one, and signs out of every device", async () => {
        let sessions = SESSIONS;
        const { calls } = stubApi({
            "GET /api/v1/auth/sessions": () => ({ body: sessions }),
            "DELETE /api/v1/auth/sessions/:id": () => {
                sessions = sessions.filter((row) => row.id !== "s-outra");
                return { status: 204 };
            },
            "POST /api/v1/auth/logout-all": () => ({ status: 204 }),
        });
        const user = userEvent.setup();
        const { where } = renderAuthPage(_jsx(ChangePasswordPage, {}), { path: "/conta/senha", user: TEST_USER });
        const table = await screen.findByRole("table", { name: "Suas sessões ativas" });
        expect(within(table).getByText("Chrome no Linux")).toBeInTheDocument();
        expect(within(table).getByText("(esta sessão)")).toBeInTheDocument();
        await user.click(within(table).getByRole("button", { name: /Encerrar a sessão Firefox no Windows/ }));
        await waitFor(() => expect(within(table).queryByText("Firefox no Windows")).not.toBeInTheDocument());
        expect(calls.some((request) => request.method === "DELETE" && request.url.endsWith("/api/v1/auth/sessions/s-outra"))).toBe(true);
        await user.click(screen.getByRole("button", { name: "Sair de todos os dispositivos" }));
        await user.click(await screen.findByRole("button", { name: "Sair de todos" }));
        await waitFor(() => expect(where()).toBe("/entrar"));
        expect(getSession()).toMatchObject({ status: "anonymous", notice: LOGGED_OUT_EVERYWHERE });
    });
    it("names the browsers of the sessions", () => {
        expect(describeAgent(SESSIONS[1]?.user_agent)).toBe("Firefox no Windows");
        expect(describeAgent(null)).toBe("Aparelho desconhecido");
        expect(describeAgent("curl/8.5.0")).toBe("curl/8.5.0");
    });
});
