import { jsx as _jsx } from "react/jsx-runtime";
import { fireEvent, screen, within } from "@testing-library/react";
import { renderWithProviders, stubApi } from "../../test/render";
import { StatusActions } from "./StatusActions";
import { ETP_ID, etp, sections } from "./testing";
const buttons = () => screen.queryAllByRole("button").map((b) => b.textContent?.trim());
describe("StatusActions", () => {
    it("offers only the transitions the API allows from each status", () => {
        stubApi({ "GET /api/v1/etps/:id/approval": () => ({ body: { ready: true, can_approve: true, blockers: {} } }) });
        const view = renderWithProviders(_jsx(StatusActions, { etp: etp({ status: "draft" }), sections: sections() }));
        expect(buttons()).toEqual(["Enviar para revisão", "Arquivar"]);
        view.unmount();
        renderWithProviders(_jsx(StatusActions, { etp: etp({ status: "in_review" }), sections: sections() }));
        expect(buttons().slice(0, 3)).toEqual(["Aprovar", "Voltar para elaboração", "Arquivar"]);
    });
    it("says who approved and when, read-only", () => {
        stubApi({});
        renderWithProviders(_jsx(StatusActions, { etp: etp({ status: "approved", approval: { approved_at: "2026-12-02T15:00:00Z", approved_by_name: "Ana Lima", statement: "Aprovo." } }), sections: sections() }), { user: { id: "u-2", email: "m@x.gov.br", name: "M", role: "member", is_active: true } });
        expect(screen.getByText(/Aprovado em 02\/12\/2026 por Ana Lima\./)).toBeInTheDocument();
        expect(screen.getByText(/somente para leitura/)).toBeInTheDocument();
        expect(buttons()).toEqual(["Arquivar"]); // reopening is for org admins
    });
    it("shows the readiness blockers as links to their sections and keeps the approval disabled", async () => {
        stubApi({
            "GET /api/v1/etps/:id/approval": () => ({ body: { ready: false, can_approve: true, blockers: { VIII: ["Seção obrigatória sem conteúdo."], "campos.garantia_meses": ["Campo obrigatório."] } } }),
        });
        renderWithProviders(_jsx(StatusActions, { etp: etp({ status: "in_review" }), sections: sections() }));
        const link = await screen.findByRole("link", { name: "Seção VIII — Título VIII" });
        expect(link).toHaveAttribute("href", `/etps/${ETP_ID}/secoes/8`);
        expect(screen.getByRole("link", { name: "Dado do ETP: garantia_meses" })).toHaveAttribute("href", `/etps/${ETP_ID}/dados`);
        fireEvent.click(screen.getByRole("button", { name: "Aprovar" }));
        const dialog = await screen.findByRole("dialog", { name: "Aprovar o ETP" });
        expect(within(dialog).getByRole("link", { name: "Seção VIII — Título VIII" })).toBeInTheDocument();
        expect(within(dialog).getByRole("button", { name: "Confirmar a aprovação" })).toBeDisabled();
    });
    it("a 409 naming missing mandatory sections renders them as links", async () => {
        const posted = [];
        stubApi({
            "GET /api/v1/etps/:id/approval": () => ({ body: { ready: true, can_approve: true, blockers: {} } }),
            "POST /api/v1/etps/:id/status": async (request) => {
                posted.push(await request.json());
                return new Response(JSON.stringify({ code: 409, status: "Conflict", message: "O ETP não pode ser aprovado: há impedimentos nas seções I, XIII.", errors: { I: ["Seção obrigatória sem conteúdo."], XIII: ["Seção obrigatória sem conteúdo."] } }), { status: 409, headers: { "Content-Type": "application/json" } });
            },
        });
        renderWithProviders(_jsx(StatusActions, { etp: etp({ status: "in_review" }), sections: sections() }));
        fireEvent.click(screen.getByRole("button", { name: "Aprovar" }));
        const dialog = await screen.findByRole("dialog", { name: "Aprovar o ETP" });
        const confirm = within(dialog).getByRole("button", { name: "Confirmar a aprovação" });
        await within(dialog).findByText(/Nada impede a aprovação/);
        fireEvent.click(confirm);
        const alert = await screen.findByRole("alert");
        expect(alert).toHaveTextContent("O ETP não pode ser aprovado: há impedimentos nas seções I, XIII.");
        expect(within(alert).getByRole("link", { name: "Seção I — Título I" })).toHaveAttribute("href", `/etps/${ETP_ID}/secoes/1`);
        expect(within(alert).getByRole("link", { name: "Seção XIII — Título XIII" })).toHaveAttribute("href", `/etps/${ETP_ID}/secoes/13`);
        expect(posted).toEqual([{ status: "approved", statement: "Aprovo o presente ETP: a contratação é viável e adequada à necessidade descrita." }]);
    });
});
