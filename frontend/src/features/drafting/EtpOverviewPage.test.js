import { jsx as _jsx, Fragment as _Fragment, jsxs as _jsxs } from "react/jsx-runtime";
import { fireEvent, screen } from "@testing-library/react";
import { useLocation } from "react-router";
import { renderWithProviders, stubApi } from "../../test/render";
import EtpOverviewPage from "./EtpOverviewPage";
import { SectionDraftControls } from "./SectionDraftControls";
import { ETP_ID, etp, job, section, sections } from "./testing";
function Where() {
    const location = useLocation();
    return _jsx("p", { "data-testid": "onde", children: location.pathname + location.search });
}
const drafted = { content: "Texto da IA.", status: "drafted", provenance: "ai", ai_generated: true, ai_notice: "Conteúdo gerado com o auxílio de inteligência artificial: revise-o.", provenance_label: "Texto redigido com auxílio de IA, ainda não revisado" };
describe("EtpOverviewPage", () => {
    it("summarizes the ETP, counts the AI drafts not reviewed, and shows a 409 of draft-all clearly", async () => {
        stubApi({
            "GET /api/v1/etps/:id": () => ({ body: etp(), headers: { ETag: '"e-1"' } }),
            "GET /api/v1/etps/:id/sections": () => ({ body: sections({ 1: drafted, 4: drafted, 6: { ...drafted, review: { reviewed_at: "2026-12-03T09:00:00Z" } } }) }),
            "POST /api/v1/etps/:id/draft": () => ({ status: 409, body: { code: 409, status: "Conflict", message: "Todas as seções já têm conteúdo. Indique em `incisos` quais devem ser redigidas." } }),
        });
        renderWithProviders(_jsx(EtpOverviewPage, {}), { route: `/etps/${ETP_ID}`, path: "/etps/:etpId" });
        expect(await screen.findByRole("heading", { level: 1, name: "Aquisição de cadeiras" })).toBeInTheDocument();
        expect(screen.getByText("R$ 12.345,60")).toBeInTheDocument();
        expect(screen.getByText("2 de 5 obrigatórias · 3 de 13")).toBeInTheDocument();
        expect(screen.getByRole("link", { name: "Editar dados" })).toHaveAttribute("href", `/etps/${ETP_ID}/dados`);
        expect(screen.getByRole("note", { name: "Seções redigidas por IA a revisar" })).toHaveTextContent(/2 seções foram redigidas com auxílio de IA .* ainda não foram revisadas/);
        fireEvent.click(screen.getByRole("button", { name: "Redigir todas as seções vazias" }));
        expect(await screen.findByText(/Todas as seções já têm conteúdo/)).toBeInTheDocument();
    });
    it("puts the draft job in the URL and shows its progress", async () => {
        stubApi({
            "GET /api/v1/etps/:id": () => ({ body: etp() }),
            "GET /api/v1/etps/:id/sections": () => ({ body: sections() }),
            "POST /api/v1/etps/:id/draft": () => ({ status: 202, body: job({ id: "j7" }) }),
            "GET /api/v1/jobs/j7": () => ({ body: job({ id: "j7", state: "running", started_at: "2026-12-03T10:00:00Z" }) }),
        });
        renderWithProviders(_jsxs(_Fragment, { children: [_jsx(EtpOverviewPage, {}), _jsx(Where, {})] }), { route: `/etps/${ETP_ID}`, path: "/etps/:etpId" });
        fireEvent.click(await screen.findByRole("button", { name: "Redigir todas as seções vazias" }));
        expect(await screen.findByRole("heading", { level: 2, name: "Andamento da redação" })).toBeInTheDocument();
        await screen.findByText("0 de 13 seções prontas");
        expect(screen.getByTestId("onde")).toHaveTextContent(`/etps/${ETP_ID}?tarefa=j7`);
        expect(screen.getByRole("button", { name: "Redigir todas as seções vazias" })).toBeDisabled();
    });
});
describe("SectionDraftControls", () => {
    it("asks for a draft with the instructions, watches it from the URL and reports a failure", async () => {
        const bodies = [];
        stubApi({
            "POST /api/v1/etps/:id/sections/4/draft": async (request) => {
                bodies.push(await request.json());
                return new Response(JSON.stringify(job({ id: "j9", kind: "draft_section", inciso: 4 })), { status: 202, headers: { "Content-Type": "application/json" } });
            },
            "GET /api/v1/jobs/j9": () => ({ body: job({ id: "j9", kind: "draft_section", inciso: 4, state: "failed", error: "O provedor de IA está indisponível." }, { IV: { status: "failed", error: "O provedor de IA está indisponível." } }) }),
        });
        renderWithProviders(_jsxs(_Fragment, { children: [_jsx(SectionDraftControls, { etpId: ETP_ID, section: section(4), disabled: false }), _jsx(Where, {})] }), { route: `/etps/${ETP_ID}/secoes/4`, path: "/etps/:etpId/secoes/:inciso" });
        fireEvent.change(screen.getByLabelText("Instruções para a IA (opcional)"), { target: { value: "Cite a portaria local." } });
        fireEvent.click(screen.getByRole("button", { name: "Redigir com IA" }));
        expect(await screen.findByText("A redação falhou: O provedor de IA está indisponível.")).toBeInTheDocument();
        expect(bodies).toEqual([{ instructions: "Cite a portaria local.", regenerate: false }]);
        expect(screen.getByTestId("onde")).toHaveTextContent(`/etps/${ETP_ID}/secoes/4?tarefa=j9`);
    });
    it("is disabled when the ETP is read-only", () => {
        stubApi({});
        renderWithProviders(_jsx(SectionDraftControls, { etpId: ETP_ID, section: section(4), disabled: true }));
        expect(screen.getByRole("button", { name: "Redigir com IA" })).toBeDisabled();
    });
});
