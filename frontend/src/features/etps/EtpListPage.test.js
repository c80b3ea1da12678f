import { jsx as _jsx, Fragment as _Fragment, jsxs as _jsxs } from "react/jsx-runtime";
import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useLocation } from "react-router";
import { renderWithProviders, stubApi } from "../../test/render";
import EtpListPage from "./EtpListPage";
import { makeEtp } from "./testFixtures";
// a busy machine (the whole suite in parallel) is slower than the 1 s default of findBy/waitFor
configure({ asyncUtilTimeout: 5000 });
function LocationProbe() {
    const location = useLocation();
    return _jsx("output", { "data-testid": "local", children: location.search });
}
function Page() {
    return (_jsxs(_Fragment, { children: [_jsx(EtpListPage, {}), _jsx(LocationProbe, {})] }));
}
const pagination = (page, totalPages, total) => ({ "X-Pagination": JSON.stringify({ total, total_pages: totalPages, page, page_size: 20, first_page: 1, last_page: totalPages }) });
describe("EtpListPage", { timeout: 20_000 }, () => {
    it("shows each ETP with its completion from the API's totals, its status as text and icon, and the page from X-Pagination", async () => {
        const { calls } = stubApi({
            "GET /api/v1/etps": () => ({
                body: [makeEtp(), makeEtp({ id: "e2", title: "Compra de notebooks", status: "approved", template_type: "ti", completion: { mandatory_filled: 5, mandatory_total: 5, filled: 13, total: 13 } })],
                headers: pagination(2, 7, 130),
            }),
        });
        renderWithProviders(_jsx(Page, {}), { route: "/etps?page=2" });
        expect(screen.getByRole("heading", { level: 1, name: "Estudos Técnicos Preliminares" })).toBeInTheDocument();
        expect(await screen.findByRole("link", { name: "Limpeza predial da sede" })).toHaveAttribute("href", "/etps/0b9d3c1e-0000-4000-8000-000000000001");
        const rows = screen.getAllByRole("row");
        const first = within(rows[1]);
        expect(first.getByText("2 de 5 obrigatórias · 4 de 13")).toBeInTheDocument();
        expect(first.getByText("Em elaboração")).toBeInTheDocument();
        expect(first.getByText("Em elaboração").parentElement?.querySelector("i.fa-pen")).not.toBeNull();
        expect(first.getByText("02/12/2026")).toBeInTheDocument();
        expect(first.getByText("Serviços")).toBeInTheDocument();
        const second = within(rows[2]);
        expect(second.getByText("5 de 5 obrigatórias · 13 de 13")).toBeInTheDocument();
        expect(second.getByText("Aprovado").parentElement?.querySelector("i.fa-stamp")).not.toBeNull();
        const nav = screen.getByRole("navigation", { name: "Paginação dos ETPs" });
        expect(within(nav).getByText("Página 2 de 7")).toBeInTheDocument();
        expect(screen.getByText("130 ETPs encontrados")).toBeInTheDocument();
        expect(new URL(calls[0].url).searchParams.get("page")).toBe("2");
        await userEvent.click(within(nav).getByRole("button", { name: /Próxima/ }));
        await waitFor(() => expect(screen.getByTestId("local")).toHaveTextContent("page=3"));
        await waitFor(() => expect(calls.some((c) => new URL(c.url).searchParams.get("page") === "3")).toBe(true));
    });
    it("keeps the search and the filters in the URL and sends them to the API", async () => {
        const { calls } = stubApi({ "GET /api/v1/etps": () => ({ body: [makeEtp()], headers: pagination(1, 1, 1) }) });
        renderWithProviders(_jsx(Page, {}), { route: "/etps?status=draft" });
        await screen.findByRole("link", { name: "Limpeza predial da sede" });
        expect(screen.getByLabelText("Status")).toHaveValue("draft");
        expect(new URL(calls[0].url).searchParams.get("status")).toBe("draft");
        await userEvent.selectOptions(screen.getByLabelText("Tipo de contratação"), "servicos");
        await waitFor(() => expect(screen.getByTestId("local")).toHaveTextContent("template_type=servicos"));
        await userEvent.type(screen.getByLabelText("Buscar por título ou objeto"), "limpeza");
        await userEvent.click(screen.getByRole("button", { name: "Buscar" }));
        await waitFor(() => expect(screen.getByTestId("local")).toHaveTextContent("q=limpeza"));
        expect(screen.getByTestId("local")).toHaveTextContent("status=draft");
        await waitFor(() => {
            const last = new URL(calls[calls.length - 1].url).searchParams;
            expect([last.get("q"), last.get("status"), last.get("template_type")]).toEqual(["limpeza", "draft", "servicos"]);
        });
    });
    it("explains what an ETP is when there is none, and offers to create the first", async () => {
        stubApi({ "GET /api/v1/etps": () => ({ body: [], headers: pagination(1, 0, 0) }) });
        renderWithProviders(_jsx(Page, {}), { route: "/etps" });
        expect(await screen.findByText(/art\. 18 da Lei 14\.133\/2021/)).toBeInTheDocument();
        expect(screen.getByText(/13 elementos/)).toBeInTheDocument();
        expect(screen.getByRole("link", { name: "Criar o primeiro ETP" })).toHaveAttribute("href", "/etps/novo");
        expect(screen.getByRole("link", { name: "Novo ETP" })).toHaveAttribute("href", "/etps/novo");
    });
    it("says when the filters match nothing and clears them", async () => {
        stubApi({ "GET /api/v1/etps": () => ({ body: [], headers: pagination(1, 0, 0) }) });
        renderWithProviders(_jsx(Page, {}), { route: "/etps?q=inexistente&status=archived" });
        expect(await screen.findByText("Nenhum ETP corresponde à busca")).toBeInTheDocument();
        expect(screen.queryByText("Criar o primeiro ETP")).not.toBeInTheDocument();
        await userEvent.click(screen.getByRole("button", { name: "Limpar filtros" }));
        await waitFor(() => expect(screen.getByTestId("local")).toBeEmptyDOMElement());
        expect(await screen.findByRole("link", { name: "Criar o primeiro ETP" })).toBeInTheDocument();
    });
    it("shows the API's message when the list fails and tries again", async () => {
        let fail = true;
        stubApi({
            "GET /api/v1/etps": () => fail ? { status: 503, body: { code: 503, status: "Service Unavailable", message: "Banco de dados indisponível." } } : { body: [makeEtp()], headers: pagination(1, 1, 1) },
        });
        renderWithProviders(_jsx(Page, {}), { route: "/etps" });
        expect(screen.getByText("Carregando os ETPs…")).toBeInTheDocument();
        expect(await screen.findByText("Banco de dados indisponível.")).toBeInTheDocument();
        fail = false;
        await userEvent.click(screen.getByRole("button", { name: "Tentar novamente" }));
        expect(await screen.findByRole("link", { name: "Limpeza predial da sede" })).toBeInTheDocument();
    });
});
