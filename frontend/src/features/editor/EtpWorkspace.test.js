import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { configure, screen, within } from "@testing-library/react";
import { Route, Routes } from "react-router";
import { renderWithProviders, stubApi } from "../../test/render";
import EtpWorkspace from "./EtpWorkspace";
import { ETP_ID, makeEtp, makeSections } from "./testing";
// a cold first run (transforms, jsdom) can pass the default 1 s of findBy/waitFor
configure({ asyncUtilTimeout: 4000 });
function json(status, body, headers = {}) {
    return { status, body, headers };
}
function renderAt(route) {
    return renderWithProviders(_jsx(Routes, { children: _jsxs(Route, { path: "/etps/:etpId", element: _jsx(EtpWorkspace, {}), children: [_jsx(Route, { index: true, element: _jsx("h1", { children: "Vis\u00E3o geral do ETP" }) }), _jsx(Route, { path: "secoes/:inciso", element: _jsx("h1", { children: "P\u00E1gina da se\u00E7\u00E3o" }) }), _jsx(Route, { path: "dados", element: _jsx("h1", { children: "Dados" }) })] }) }), { route, path: "*" });
}
describe("EtpWorkspace", () => {
    it("lists the 13 incisos with statute titles, mandatory ones in text, each status, the current one marked", async () => {
        stubApi({
            [`GET /api/v1/etps/${ETP_ID}`]: () => json(200, makeEtp({ status: "in_review" })),
            [`GET /api/v1/etps/${ETP_ID}/sections`]: () => json(200, makeSections({ 4: { status: "drafted", content: "x" }, 6: { status: "approved", content: "y" } })),
        });
        renderAt(`/etps/${ETP_ID}/secoes/4`);
        const nav = await screen.findByRole("navigation", { name: "Seções do ETP" });
        const sections = await within(nav).findAllByRole("link", { name: /^[IVX]+ — / });
        expect(sections).toHaveLength(13);
        expect(sections[0]).toHaveTextContent("I — Descrição da necessidade (obrigatória)");
        expect(sections[1]).toHaveTextContent("II — Previsão no plano de contratações anual");
        expect(sections[1]).not.toHaveTextContent("obrigatória");
        const current = within(nav).getByRole("link", { name: /^IV — Estimativa das quantidades/ });
        expect(current).toHaveAttribute("aria-current", "page");
        expect(current).toHaveAttribute("href", `/etps/${ETP_ID}/secoes/4`);
        expect(sections.filter((link) => link.getAttribute("aria-current") === "page")).toHaveLength(1);
        // status as text beside each inciso
        expect(current.parentElement).toHaveTextContent("Redigida pela IA");
        expect(within(nav).getByRole("link", { name: /^VI — / }).parentElement).toHaveTextContent("Aprovada");
        expect(within(nav).getByRole("link", { name: "Visão geral" })).toHaveAttribute("href", `/etps/${ETP_ID}`);
        expect(within(nav).getByRole("link", { name: "Dados do ETP" })).toHaveAttribute("href", `/etps/${ETP_ID}/dados`);
        // breadcrumb and the ETP's title and status as text, the child page's h1 the only h1
        const crumbs = screen.getByRole("navigation", { name: "Você está em" });
        expect(within(crumbs).getByRole("link", { name: "Meus ETPs" })).toHaveAttribute("href", "/etps");
        expect(within(crumbs).getByRole("link", { name: "Aquisição de computadores" })).toBeInTheDocument();
        expect(screen.getByText("Em revisão")).toBeInTheDocument();
        expect(screen.getByText("1 de 5 obrigatórias · 2 de 13")).toBeInTheDocument();
        expect(screen.getAllByRole("heading", { level: 1 })).toHaveLength(1);
        expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Página da seção");
    });
    it("marks the overview as the current page on the ETP's index", async () => {
        stubApi({
            [`GET /api/v1/etps/${ETP_ID}`]: () => json(200, makeEtp()),
            [`GET /api/v1/etps/${ETP_ID}/sections`]: () => json(200, makeSections()),
        });
        renderAt(`/etps/${ETP_ID}`);
        const nav = await screen.findByRole("navigation", { name: "Seções do ETP" });
        expect(within(nav).getByRole("link", { name: "Visão geral" })).toHaveAttribute("aria-current", "page");
        expect(await screen.findByText("Aquisição de computadores", { selector: "[aria-current='page']" })).toBeInTheDocument();
    });
    it("says 'ETP não encontrado' with a way back for another organization's or a deleted ETP", async () => {
        const notFound = () => json(404, { code: 404, status: "Not Found", message: "ETP não encontrado." });
        stubApi({ [`GET /api/v1/etps/${ETP_ID}`]: notFound, [`GET /api/v1/etps/${ETP_ID}/sections`]: notFound });
        renderAt(`/etps/${ETP_ID}/secoes/1`);
        expect(await screen.findByRole("heading", { level: 1, name: "ETP não encontrado" })).toBeInTheDocument();
        expect(screen.getByRole("link", { name: /Voltar para Meus ETPs/ })).toHaveAttribute("href", "/etps");
        expect(screen.queryByRole("navigation", { name: "Seções do ETP" })).not.toBeInTheDocument();
        expect(screen.queryByText("Página da seção")).not.toBeInTheDocument();
    });
});
