import { jsx as _jsx } from "react/jsx-runtime";
import { configure, screen } from "@testing-library/react";
import { stubApi } from "../../test/render";
import { renderAuthPage } from "./testing";
import VerifyEmailPage, { forgetVerifications } from "./VerifyEmailPage";
const INVALID = "Link de confirmação inválido, expirado ou já utilizado. Peça um novo.";
describe("VerifyEmailPage", () => {
    beforeEach(() => forgetVerifications());
    afterEach(() => configure({ reactStrictMode: false }));
    it("sends the token once under StrictMode and offers to sign in", async () => {
        configure({ reactStrictMode: true }); // effects mount, unmount and mount again
        const { calls } = stubApi({ "POST /api/v1/auth/verify-email": () => ({ body: { message: "E-mail confirmado. Agora você pode entrar." } }) });
        renderAuthPage(_jsx(VerifyEmailPage, {}), { path: "/verificar-email", route: "/verificar-email?token=abc123" });
        expect(await screen.findByRole("heading", { level: 1, name: "E-mail confirmado" })).toBeInTheDocument();
        expect(screen.getByText("E-mail confirmado. Agora você pode entrar.")).toBeInTheDocument();
        expect(screen.getByRole("link", { name: "Entrar" })).toHaveAttribute("href", "/entrar");
        const posts = calls.filter((request) => request.url.endsWith("/api/v1/auth/verify-email"));
        expect(posts).toHaveLength(1);
        expect(await posts[0]?.json()).toEqual({ token: "abc123" });
    });
    it("shows the API's message for a used or expired link, with the resend form", async () => {
        stubApi({ "POST /api/v1/auth/verify-email": () => ({ status: 422, body: { code: 422, status: "Unprocessable Entity", message: INVALID, errors: { json: { token: [INVALID] } } } }) });
        renderAuthPage(_jsx(VerifyEmailPage, {}), { path: "/verificar-email", route: "/verificar-email?token=usado" });
        expect(await screen.findByText(INVALID)).toBeInTheDocument();
        expect(screen.getByRole("button", { name: "Reenviar e-mail de confirmação" })).toBeInTheDocument();
        expect(screen.getByLabelText(/^E-mail/)).toBeInTheDocument();
    });
    it("without a token sends nothing and offers a new link", () => {
        const { calls } = stubApi({});
        renderAuthPage(_jsx(VerifyEmailPage, {}), { path: "/verificar-email" });
        expect(screen.getByText(/O link de confirmação está incompleto/)).toBeInTheDocument();
        expect(calls).toHaveLength(0);
    });
});
