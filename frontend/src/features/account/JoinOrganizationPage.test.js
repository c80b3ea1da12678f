import { jsx as _jsx } from "react/jsx-runtime";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithProviders, stubApi, TEST_USER } from "../../test/render";
import JoinOrganizationPage from "./JoinOrganizationPage";
const ORGLESS = { ...TEST_USER, organization: null };
describe("an account with no organization", () => {
    it("asks to join an organization of its domain and lists the request", async () => {
        const mine = [];
        const { calls } = stubApi({
            "GET /api/v1/organizations/suggestions": () => ({ body: [{ id: "org-1", name: "Prefeitura de Exemplo" }] }),
            "GET /api/v1/join-requests/mine": () => ({ body: mine }),
            "GET /api/v1/organization-requests": () => ({ body: [] }),
            "POST /api/v1/join-requests": () => {
                mine.push({ id: "jr-1", status: "pending", organization: { id: "org-1", name: "Prefeitura de Exemplo" }, created_at: "2026-12-03T10:00:00Z" });
                return { status: 201, body: mine[0] };
            },
        });
        renderWithProviders(_jsx(JoinOrganizationPage, {}), { user: ORGLESS });
        expect(screen.getByRole("heading", { level: 1, name: "Entrar em uma organização" })).toBeInTheDocument();
        await userEvent.type(await screen.findByLabelText("Mensagem para o administrador (opcional)"), "Setor de compras");
        await userEvent.click(await screen.findByRole("button", { name: "Pedir para entrar em Prefeitura de Exemplo" }));
        expect(await screen.findByText(/Pedido enviado/)).toBeInTheDocument();
        const post = calls.find((request) => request.method === "POST");
        expect(await post?.json()).toEqual({ organization_id: "org-1", message: "Setor de compras" });
        expect(await screen.findByText(/Aguardando a decisão de um administrador/)).toBeInTheDocument();
        // one pending request at a time
        await waitFor(() => expect(screen.getByRole("button", { name: "Pedir para entrar em Prefeitura de Exemplo" })).toBeDisabled());
    });
    it("says so when no organization uses its domain, and can ask for one", async () => {
        const { calls } = stubApi({
            "GET /api/v1/organizations/suggestions": () => ({ body: [] }),
            "GET /api/v1/join-requests/mine": () => ({ body: [] }),
            "GET /api/v1/organization-requests": () => ({ body: [] }),
            "POST /api/v1/organization-requests": () => ({ status: 422, body: { code: 422, status: "Unprocessable Entity", message: "Dados inválidos.", errors: { json: { justification: ["Campo obrigatório."] } } } }),
        });
        renderWithProviders(_jsx(JoinOrganizationPage, {}), { user: ORGLESS });
        expect(await screen.findByText(/Nenhuma organização cadastrada usa o domínio/)).toBeInTheDocument();
        await userEvent.type(screen.getByLabelText(/Nome do órgão/), "Câmara Municipal");
        await userEvent.type(screen.getByLabelText(/Domínios de e-mail do órgão/), "camara.gov.br, camara.leg.br");
        await userEvent.click(screen.getByRole("button", { name: "Pedir a criação da organização" }));
        expect(await screen.findByText("Campo obrigatório.")).toBeInTheDocument();
        const post = calls.find((request) => request.method === "POST");
        expect(await post?.json()).toEqual({ name: "Câmara Municipal", justification: "", domains: ["camara.gov.br", "camara.leg.br"] });
    });
});
