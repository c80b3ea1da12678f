import { jsx as _jsx } from "react/jsx-runtime";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { stubApi } from "../../test/render";
import RegisterPage from "./RegisterPage";
import { MISMATCH } from "./shared";
import { renderAuthPage } from "./testing";
const STRONG = "Compras-Publicas-2026";
async function fill(user, { confirmation = STRONG } = {}) {
    await user.type(screen.getByLabelText(/Nome completo/), "Maria Servidora");
    await user.type(screen.getByLabelText(/^E-mail/), "maria@prefeitura.gov.br");
    await user.type(screen.getByLabelText(/^Senha/), STRONG);
    await user.type(screen.getByLabelText(/Confirme a senha/), confirmation);
    await user.click(screen.getByRole("button", { name: "Criar conta" }));
}
describe("RegisterPage", () => {
    it("shows the password rules on the password field", () => {
        stubApi({});
        renderAuthPage(_jsx(RegisterPage, {}), { path: "/cadastro" });
        expect(screen.getByLabelText(/^Senha/)).toHaveAccessibleDescription(/Pelo menos 10 caracteres, com 3 destes 4 tipos/);
    });
    it("places the API's 422 field errors on their fields, with a summary linking to each", async () => {
        stubApi({
            "POST /api/v1/auth/register": () => ({
                status: 422,
                body: {
                    code: 422,
                    status: "Unprocessable Entity",
                    message: "A senha não atende à política de senhas.",
                    errors: { json: { password: ["A senha não pode conter o seu nome."], email: ["Domínio de e-mail não aceito."] } },
                },
            }),
        });
        const user = userEvent.setup();
        renderAuthPage(_jsx(RegisterPage, {}), { path: "/cadastro" });
        await fill(user);
        const summary = await screen.findByRole("alert", { name: "Corrija os campos abaixo" });
        expect(summary).toHaveTextContent("A senha não atende à política de senhas.");
        await waitFor(() => expect(summary).toHaveFocus());
        const password = screen.getByLabelText(/^Senha/);
        expect(password).toHaveAttribute("aria-invalid", "true");
        expect(password).toHaveAccessibleDescription(/A senha não pode conter o seu nome\./);
        expect(screen.getByLabelText(/^E-mail/)).toHaveAccessibleDescription(/Domínio de e-mail não aceito\./);
        const link = screen.getByRole("link", { name: "Senha: A senha não pode conter o seu nome." });
        expect(link).toHaveAttribute("href", "#cadastro-senha");
        await user.click(link);
        expect(password).toHaveFocus();
        await user.click(screen.getByRole("link", { name: "E-mail: Domínio de e-mail não aceito." }));
        expect(screen.getByLabelText(/^E-mail/)).toHaveFocus();
    });
    it("checks the confirmation before sending anything", async () => {
        const { calls } = stubApi({});
        const user = userEvent.setup();
        renderAuthPage(_jsx(RegisterPage, {}), { path: "/cadastro" });
        await fill(user, { confirmation: "Outra-Senha-2026" });
        expect(screen.getByLabelText(/Confirme a senha/)).toHaveAccessibleDescription(MISMATCH);
        expect(screen.getByRole("link", { name: `Confirme a senha: ${MISMATCH}` })).toBeInTheDocument();
        expect(calls).toHaveLength(0);
    });
    it("on 202 explains the next steps and resends the confirmation e-mail", async () => {
        const { calls } = stubApi({
            "POST /api/v1/auth/register": () => ({ status: 202, body: { message: "Cadastro recebido. Enviamos um e-mail." } }),
            "POST /api/v1/auth/resend-verification": () => ({ status: 202, body: { message: "Se houver uma conta com este e-mail aguardando confirmação, enviaremos um novo link." } }),
        });
        const user = userEvent.setup();
        renderAuthPage(_jsx(RegisterPage, {}), { path: "/cadastro" });
        await fill(user);
        expect(await screen.findByRole("heading", { level: 1, name: "Confira seu e-mail" })).toBeInTheDocument();
        expect(screen.getAllByRole("heading", { level: 1 })).toHaveLength(1);
        expect(screen.getByText("Cadastro recebido. Enviamos um e-mail.")).toBeInTheDocument();
        expect(screen.getByText(/aceite o convite que um administrador da sua organização enviar, ou peça para entrar/)).toBeInTheDocument();
        const register = calls.find((request) => request.url.endsWith("/register"));
        expect(await register?.json()).toEqual({ name: "Maria Servidora", email: "maria@prefeitura.gov.br", password: STRONG });
        expect(screen.getByLabelText(/^E-mail/)).toHaveValue("maria@prefeitura.gov.br");
        await user.click(screen.getByRole("button", { name: "Reenviar e-mail de confirmação" }));
        expect(await screen.findByText(/enviaremos um novo link/)).toBeInTheDocument();
        const resend = calls.find((request) => request.url.endsWith("/resend-verification"));
        expect(await resend?.json()).toEqual({ email: "maria@prefeitura.gov.br" });
    });
});
