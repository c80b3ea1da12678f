import { jsx as _jsx } from "react/jsx-runtime";
import { fireEvent, screen } from "@testing-library/react";
import { renderWithProviders, stubApi } from "../../test/render";
import { QualitySummary } from "./QualitySummary";
import { ETP_ID, sections } from "./testing";
const report = (severities) => ({ score: 50, warnings: severities.map((severity, i) => ({ code: `c${i}`, severity, message: "m" })) });
describe("QualitySummary", () => {
    it("lists the sections with errors as links and checks every filled section in turn", async () => {
        const list = sections({ 1: { content: "a", quality: report(["error", "warning", "warning"]) }, 3: { content: "b", quality: report(["warning"]) }, 4: { content: "c", quality: report([]) } });
        const order = [];
        let open = 0;
        let overlapped = false;
        stubApi({
            "POST /api/v1/etps/:id/sections/:n/check": async (request) => {
                open += 1;
                if (open > 1)
                    overlapped = true;
                order.push(new URL(request.url).pathname.split("/")[6] ?? "");
                await new Promise((resolve) => setTimeout(resolve, 5));
                open -= 1;
                return new Response(JSON.stringify(report([])), { status: 200, headers: { "Content-Type": "application/json" } });
            },
        });
        renderWithProviders(_jsx(QualitySummary, { etpId: ETP_ID, sections: list, readOnly: false }));
        expect(screen.getByRole("link", { name: "Seção I — Título I" })).toHaveAttribute("href", `/etps/${ETP_ID}/secoes/1`);
        expect(screen.getByText(/1 erro, 2 avisos/)).toBeInTheDocument();
        expect(screen.getByText(/outra seção tem só avisos: III/)).toBeInTheDocument();
        fireEvent.click(screen.getByRole("button", { name: "Verificar todas" }));
        expect(await screen.findByText("3 seções verificadas.")).toBeInTheDocument();
        expect(order).toEqual(["1", "3", "4"]);
        expect(overlapped).toBe(false);
    });
    it("offers no check on a read-only ETP", () => {
        stubApi({});
        renderWithProviders(_jsx(QualitySummary, { etpId: ETP_ID, sections: sections({ 1: { content: "a" } }), readOnly: true }));
        expect(screen.queryByRole("button", { name: "Verificar todas" })).not.toBeInTheDocument();
    });
});
