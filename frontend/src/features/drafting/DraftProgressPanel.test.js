import { jsx as _jsx } from "react/jsx-runtime";
import { act, fireEvent, screen, within } from "@testing-library/react";
import { useState } from "react";
import { POLL_VISIBLE_MS } from "../../api/useJob";
import { renderWithProviders, stubApi } from "../../test/render";
import { DraftProgressPanel } from "./DraftProgressPanel";
import { ETP_ID, job, ok, sections } from "./testing";
const ALL = Array.from({ length: 13 }, (_, i) => i + 1);
function Harness({ onStarted }) {
    const [jobId, setJobId] = useState("j1");
    const [requested, setRequested] = useState(ALL);
    return (_jsx(DraftProgressPanel, { etpId: ETP_ID, jobId: jobId, sections: sections(), requested: requested, onJobStarted: (next, incisos) => {
            onStarted?.(incisos);
            setRequested(incisos);
            setJobId(next.id ?? "");
        }, onClose: () => undefined }));
}
async function poll() {
    await act(async () => {
        await vi.advanceTimersByTimeAsync(POLL_VISIBLE_MS + 50);
    });
}
function rows() {
    return within(screen.getByRole("list", { name: "Andamento por seção" })).getAllByRole("listitem");
}
const liveRegion = () => screen.getByTestId("anuncio-redacao");
describe("DraftProgressPanel", () => {
    beforeEach(() => {
        vi.useFakeTimers({ shouldAdvanceTime: true });
        vi.setSystemTime(new Date("2026-12-03T10:00:05Z"));
    });
    afterEach(() => {
        vi.useRealTimers();
    });
    it("follows a job from the queue to the end, announcing only state changes, and retries the failed sections", async () => {
        const started = "2026-12-03T10:00:01Z";
        let current = job();
        const retryBodies = [];
        const { calls } = stubApi({
            "GET /api/v1/jobs/j1": () => ({ body: current }),
            "GET /api/v1/jobs/j2": () => ({ body: job({ id: "j2", state: "succeeded", started_at: started, finished_at: "2026-12-03T10:00:09Z" }, { VI: ok }) }),
            "POST /api/v1/etps/:id/draft": async (request) => {
                retryBodies.push(await request.json());
                return new Response(JSON.stringify(job({ id: "j2", state: "queued" })), { status: 202, headers: { "Content-Type": "application/json" } });
            },
            "GET /api/v1/etps/:id/sections": () => ({ body: sections() }),
        });
        const onStarted = vi.fn();
        renderWithProviders(_jsx(Harness, { onStarted: onStarted }));
        // queued: 13 rows waiting, nothing announced yet
        await screen.findByText("0 de 13 seções prontas");
        expect(rows()).toHaveLength(13);
        expect(rows()[0]).toHaveTextContent("Aguardando");
        expect(liveRegion()).toHaveTextContent(/^$/);
        const texts = [];
        const observer = new MutationObserver(() => texts.push(liveRegion().textContent ?? ""));
        observer.observe(liveRegion(), { childList: true, characterData: true, subtree: true });
        // running, 3 of 13 done, IV drafting
        current = job({ state: "running", started_at: started, progress: 23 }, { I: ok, II: ok, III: ok });
        await poll();
        await screen.findByText("3 de 13 seções prontas");
        expect(rows()[2]).toHaveTextContent("Redigida");
        expect(rows()[3]).toHaveTextContent("Em redação");
        expect(rows()[4]).toHaveTextContent("Aguardando");
        expect(liveRegion()).toHaveTextContent("Redação em andamento. Seção I redigida. Seção II redigida. Seção III redigida. 3 de 13 seções prontas.");
        // the clock ticks once a second on its own, without a request
        const seconds = () => Number(/Tempo decorrido: (\d+) s/.exec(screen.getByText(/Tempo decorrido/).textContent ?? "")?.[1]);
        const before = seconds();
        const requests = calls.length;
        await act(async () => {
            await vi.advanceTimersByTimeAsync(1000);
        });
        expect(seconds()).toBeGreaterThan(before);
        expect(calls.length).toBe(requests);
        expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "23");
        // the same state polled again (only updated_at moved): no new announcement
        current = { ...current, updated_at: "2026-12-03T10:00:06Z" };
        await poll();
        expect(texts).toHaveLength(1);
        // a section fails, with its reason; one comes back as a suggestion (a person's text was kept)
        current = job({ state: "running", started_at: started, progress: 46 }, { I: ok, II: ok, III: ok, IV: ok, V: { status: "succeeded", applied: "suggestion" }, VI: { status: "failed", error: "O provedor de IA não respondeu a tempo." } });
        await poll();
        await screen.findByText("5 de 13 seções prontas · 1 com falha");
        expect(rows()[5]).toHaveTextContent("Falhou");
        expect(rows()[5]).toHaveTextContent("Motivo: O provedor de IA não respondeu a tempo.");
        expect(within(rows()[4]).getByRole("link", { name: "Revisar a sugestão da seção V" })).toHaveAttribute("href", `/etps/${ETP_ID}/secoes/5`);
        expect(liveRegion()).toHaveTextContent("Seção IV redigida. Seção V: sugestão pronta para revisão. Seção VI falhou: O provedor de IA não respondeu a tempo. 5 de 13 seções prontas.");
        expect(texts).toHaveLength(2);
        expect(screen.queryByRole("button", { name: /Tentar novamente/ })).not.toBeInTheDocument();
        // the job ends failed (one section failed): the retry posts only the failed inciso
        const outcomes = Object.fromEntries(["I", "II", "III", "IV", "VII", "VIII", "IX", "X", "XI", "XII", "XIII"].map((c) => [c, ok]));
        outcomes.V = { status: "succeeded", applied: "suggestion" };
        outcomes.VI = { status: "failed", error: "O provedor de IA não respondeu a tempo." };
        current = job({ state: "failed", started_at: started, finished_at: "2026-12-03T10:00:08Z", progress: 100, error: "1 de 13 seção(ões) não foram redigidas (VI)." }, outcomes);
        await poll();
        await screen.findByText("12 de 13 seções prontas · 1 com falha");
        expect(liveRegion()).toHaveTextContent(/12 de 13 seções prontas\. A redação terminou com falhas\.$/);
        expect(texts).toHaveLength(3);
        expect(screen.getByText("Tempo decorrido: 7 s")).toBeInTheDocument(); // finished_at − started_at, frozen
        expect(screen.queryByRole("button", { name: "Cancelar" })).not.toBeInTheDocument();
        const pollsBefore = calls.filter((c) => c.url.endsWith("/jobs/j1")).length;
        fireEvent.click(screen.getByRole("button", { name: "Tentar novamente as seções que falharam" }));
        await screen.findByText("0 de 1 seções prontas");
        expect(retryBodies).toEqual([{ incisos: [6], instructions: "", regenerate: false }]);
        expect(onStarted).toHaveBeenCalledWith([6]);
        await poll();
        await screen.findByText("1 de 1 seções prontas");
        await poll();
        // the finished first job is polled no more
        expect(calls.filter((c) => c.url.endsWith("/jobs/j1")).length).toBe(pollsBefore);
        observer.disconnect();
    });
    it("cancels a running job, and says so when it had already finished", async () => {
        let cancelAnswer = { status: 200, body: job({ state: "cancelled", started_at: "2026-12-03T10:00:01Z", finished_at: "2026-12-03T10:00:05Z" }, { I: ok }) };
        const { calls } = stubApi({
            "GET /api/v1/jobs/j1": () => ({ body: job({ state: "running", started_at: "2026-12-03T10:00:01Z" }, { I: ok }) }),
            "POST /api/v1/jobs/j1/cancel": () => cancelAnswer,
        });
        const first = renderWithProviders(_jsx(Harness, {}));
        fireEvent.click(await screen.findByRole("button", { name: "Cancelar" }));
        await screen.findByText("Redação cancelada: as seções não redigidas ficaram como estavam.");
        expect(calls.some((c) => c.method === "POST" && c.url.endsWith("/jobs/j1/cancel"))).toBe(true);
        expect(rows()[1]).toHaveTextContent("Não redigida");
        first.unmount();
        cancelAnswer = { status: 409, body: { code: 409, status: "Conflict", message: "O trabalho já terminou." } };
        renderWithProviders(_jsx(Harness, {}));
        fireEvent.click(await screen.findByRole("button", { name: "Cancelar" }));
        expect(await screen.findByText(/A redação já havia terminado: não há o que cancelar\. O trabalho já terminou\./)).toBeInTheDocument();
    });
});
