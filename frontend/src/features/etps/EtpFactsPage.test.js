import { jsx as _jsx } from "react/jsx-runtime";
import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithProviders, stubApi } from "../../test/render";
import EtpFactsPage from "./EtpFactsPage";
import { makeEtp, templateRoutes } from "./testFixtures";
// a busy machine (the whole suite in parallel) is slower than the 1 s default of findBy/waitFor
configure({ asyncUtilTimeout: 5000 });
const ID = "0b9d3c1e-0000-4000-8000-000000000001";
const ROUTE = { route: `/etps/${ID}/dados`, path: "/etps/:etpId/dados" };
describe("EtpFactsPage", { timeout: 20_000 }, () => {
    it("saves only what changed with If-Match, money as decimal strings", async () => {
        let saved = false;
        const { calls } = stubApi({
            ...templateRoutes(),
            "GET /api/v1/etps/:id": () => saved ? { body: makeEtp({ valor_unitario: "9000.10", version: 4 }), headers: { ETag: 'W/"etp-v4"' } } : { body: makeEtp(), headers: { ETag: 'W/"etp-v3"' } },
            "PATCH /api/v1/etps/:id": () => {
                saved = true;
                return { body: makeEtp({ valor_unitario: "9000.10", version: 4 }), headers: { ETag: 'W/"etp-v4"' } };
            },
        });
        renderWithProviders(_jsx(EtpFactsPage, {}), ROUTE);
        expect(screen.getByRole("heading", { level: 1, name: "Dados do ETP" })).toBeInTheDocument();
        const unit = await screen.findByLabelText("Valor unitário");
        expect(unit).toHaveValue("R$ 8.233,33");
        expect(screen.getByLabelText("Área a atender (m²)")).toHaveValue("1.500,5");
        await userEvent.clear(unit);
        await userEvent.type(unit, "R$ 9.000,10");
        await userEvent.click(screen.getByRole("button", { name: /Salvar dados/ }));
        expect(await screen.findByText(/Dados salvos às \d\d:\d\d\./)).toBeInTheDocument();
        const patch = calls.find((c) => c.method === "PATCH");
        expect(patch.headers.get("If-Match")).toBe('W/"etp-v3"');
        expect(await patch.json()).toEqual({ valor_unitario: "9000.10" });
        await waitFor(() => expect(calls.filter((c) => c.method === "GET" && c.url.includes(ID))).toHaveLength(2));
        expect(screen.getByLabelText("Valor unitário")).toHaveValue("R$ 9.000,10");
    });
    it("on 412 shows the other version's values beside these, and keeps either", async () => {
        let version = 3;
        const { calls } = stubApi({
            ...templateRoutes(),
            "GET /api/v1/etps/:id": () => version === 3
                ? { body: makeEtp(), headers: { ETag: 'W/"etp-v3"' } }
                : { body: makeEtp({ title: "Título salvo pela colega", riscos: "Riscos da colega", version: 4 }), headers: { ETag: 'W/"etp-v4"' } },
            "PATCH /api/v1/etps/:id": (request) => {
                if (request.headers.get("If-Match") === 'W/"etp-v3"') {
                    version = 4;
                    return { status: 412, body: { code: 412, status: "Precondition Failed", message: "O ETP foi alterado por outra pessoa." } };
                }
                return { body: makeEtp({ title: "Meu título", riscos: "Riscos da colega", version: 5 }), headers: { ETag: 'W/"etp-v5"' } };
            },
        });
        renderWithProviders(_jsx(EtpFactsPage, {}), ROUTE);
        const title = await screen.findByLabelText(/^Título/);
        await userEvent.clear(title);
        await userEvent.type(title, "Meu título");
        await userEvent.click(screen.getByRole("button", { name: /Salvar dados/ }));
        const conflict = await screen.findByRole("alert", { name: "Outra pessoa salvou este ETP antes de você" });
        const row = within(conflict).getByRole("row", { name: /Título/ });
        expect(within(row).getByText("Meu título")).toBeInTheDocument();
        expect(within(row).getByText("Título salvo pela colega")).toBeInTheDocument();
        // a field only the other person changed is not in the comparison
        expect(within(conflict).queryByText("Riscos da colega")).not.toBeInTheDocument();
        expect(screen.getByLabelText(/^Título/)).toHaveValue("Meu título");
        await userEvent.click(within(conflict).getByRole("button", { name: /Usar os meus dados/ }));
        expect(await screen.findByText(/Dados salvos às/)).toBeInTheDocument();
        const patches = calls.filter((c) => c.method === "PATCH");
        expect(patches).toHaveLength(2);
        expect(patches[1].headers.get("If-Match")).toBe('W/"etp-v4"');
        expect(await patches[1].json()).toEqual({ title: "Meu título" });
        expect(screen.getByLabelText("Riscos")).toHaveValue("Riscos da colega");
    });
    it("can take the saved version instead", async () => {
        let version = 3;
        stubApi({
            ...templateRoutes(),
            "GET /api/v1/etps/:id": () => version === 3 ? { body: makeEtp(), headers: { ETag: 'W/"etp-v3"' } } : { body: makeEtp({ title: "Título salvo pela colega", version: 4 }), headers: { ETag: 'W/"etp-v4"' } },
            "PATCH /api/v1/etps/:id": () => {
                version = 4;
                return { status: 412, body: { code: 412, status: "Precondition Failed", message: "Desatualizado." } };
            },
        });
        renderWithProviders(_jsx(EtpFactsPage, {}), ROUTE);
        const title = await screen.findByLabelText(/^Título/);
        await userEvent.clear(title);
        await userEvent.type(title, "Meu título");
        await userEvent.click(screen.getByRole("button", { name: /Salvar dados/ }));
        await userEvent.click(await screen.findByRole("button", { name: /Usar os dados salvos/ }));
        expect(screen.getByLabelText(/^Título/)).toHaveValue("Título salvo pela colega");
        expect(screen.queryByText("Outra pessoa salvou este ETP antes de você")).not.toBeInTheDocument();
    });
    it("places a 422 on the fields with the summary", async () => {
        stubApi({
            ...templateRoutes(),
            "GET /api/v1/etps/:id": () => ({ body: makeEtp(), headers: { ETag: 'W/"etp-v3"' } }),
            "PATCH /api/v1/etps/:id": () => ({
                status: 422,
                body: { code: 422, status: "Unprocessable Entity", message: "Campos inválidos.", errors: { json: { prazo_execucao_dias: ["Deve estar entre 0 e 36500 dias."] } } },
            }),
        });
        renderWithProviders(_jsx(EtpFactsPage, {}), ROUTE);
        const prazo = await screen.findByLabelText("Prazo de execução (dias)");
        await userEvent.clear(prazo);
        await userEvent.type(prazo, "99999");
        await userEvent.click(screen.getByRole("button", { name: /Salvar dados/ }));
        const link = await screen.findByRole("link", { name: "Prazo de execução (dias): Deve estar entre 0 e 36500 dias." });
        expect(prazo).toHaveAttribute("aria-invalid", "true");
        await userEvent.click(link);
        expect(prazo).toHaveFocus();
    });
    it("opens an approved ETP read-only", async () => {
        const { calls } = stubApi({
            ...templateRoutes(),
            "GET /api/v1/etps/:id": () => ({ body: makeEtp({ status: "approved" }), headers: { ETag: 'W/"etp-v3"' } }),
        });
        renderWithProviders(_jsx(EtpFactsPage, {}), ROUTE);
        expect(await screen.findByText(/está aprovado e é somente leitura/)).toBeInTheDocument();
        expect(screen.getByLabelText(/^Título/)).toBeDisabled();
        expect(screen.getByRole("radio", { name: "Sim" })).toBeDisabled();
        expect(screen.queryByRole("button", { name: /Salvar dados/ })).not.toBeInTheDocument();
        await waitFor(() => expect(calls.every((c) => c.method === "GET")).toBe(true));
    });
});
