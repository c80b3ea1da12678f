import { jsx as _jsx } from "react/jsx-runtime";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { renderWithProviders, stubApi } from "../../test/render";
import { SuggestionPanel } from "./SuggestionPanel";
import { ETP_ID, section } from "./testing";
const withSuggestion = section(4, { content: "A prefeitura precisa de cadeiras novas.", status: "edited", provenance: "human", suggestion: "A prefeitura precisa de 40 cadeiras ergonômicas novas.", suggestion_provenance: "ai" });
describe("SuggestionPanel", () => {
    it("renders nothing without a suggestion", () => {
        stubApi({});
        const { container } = renderWithProviders(_jsx(SuggestionPanel, { etpId: ETP_ID, section: section(4, { content: "texto" }), currentText: "texto", onAccepted: () => undefined }));
        expect(container).toBeEmptyDOMElement();
    });
    it("shows a word diff against the current text, a plain view, and accepts", async () => {
        const accepted = section(4, { content: withSuggestion.suggestion ?? "", status: "drafted", provenance: "ai", version: 3 });
        const { calls } = stubApi({ "POST /api/v1/etps/:id/sections/4/suggestion/accept": () => ({ body: accepted }) });
        const onAccepted = vi.fn();
        renderWithProviders(_jsx(SuggestionPanel, { etpId: ETP_ID, section: withSuggestion, currentText: withSuggestion.content ?? "", onAccepted: onAccepted }));
        const region = screen.getByRole("region", { name: "Sugestão da IA" });
        const diff = within(region).getByRole("group", { name: "Diferenças entre o texto atual e a sugestão" });
        expect([...diff.querySelectorAll("ins")].map((node) => node.textContent?.trim()).filter(Boolean)).toEqual(["40", "ergonômicas"]);
        expect(diff.querySelectorAll("del")).toHaveLength(0);
        expect(region).toHaveTextContent("2 palavras incluídas (sublinhadas), 0 palavras removidas (riscadas)");
        fireEvent.click(within(region).getByRole("button", { name: "Ver só o texto sugerido" }));
        const plain = within(region).getByRole("group", { name: "Texto sugerido" });
        expect(plain).toHaveTextContent(withSuggestion.suggestion ?? "");
        expect(plain.querySelectorAll("ins")).toHaveLength(0);
        expect(within(region).getByRole("button", { name: "Ver as diferenças" })).toHaveAttribute("aria-pressed", "true");
        fireEvent.click(within(region).getByRole("button", { name: "Aceitar a sugestão" }));
        await waitFor(() => expect(onAccepted).toHaveBeenCalledWith(accepted));
        expect(calls.filter((c) => c.method === "POST").map((c) => new URL(c.url).pathname)).toEqual([`/api/v1/etps/${ETP_ID}/sections/4/suggestion/accept`]);
    });
    it("discards, and shows the API's message when it cannot", async () => {
        let answer = { status: 409, body: { code: 409, status: "Conflict", message: "Esta seção não tem sugestão pendente." } };
        const { calls } = stubApi({ "POST /api/v1/etps/:id/sections/4/suggestion/discard": () => answer });
        const onAccepted = vi.fn();
        renderWithProviders(_jsx(SuggestionPanel, { etpId: ETP_ID, section: withSuggestion, currentText: "Outro texto.", onAccepted: onAccepted }));
        fireEvent.click(screen.getByRole("button", { name: "Descartar" }));
        expect(await screen.findByRole("alert")).toHaveTextContent("Esta seção não tem sugestão pendente.");
        answer = { status: 200, body: { ...withSuggestion, suggestion: null } };
        fireEvent.click(screen.getByRole("button", { name: "Descartar" }));
        await waitFor(() => expect(calls.filter((c) => c.method === "POST")).toHaveLength(2));
        await waitFor(() => expect(screen.queryByRole("alert")).not.toBeInTheDocument());
        expect(onAccepted).not.toHaveBeenCalled();
        expect(new URL(calls[1]?.url ?? "").pathname).toBe(`/api/v1/etps/${ETP_ID}/sections/4/suggestion/discard`);
    });
});
