import { jsxs as _jsxs, jsx as _jsx } from "react/jsx-runtime";
import { act, screen } from "@testing-library/react";
import { POLL_HIDDEN_MS, POLL_VISIBLE_MS, useJob } from "../../api/useJob";
import { renderWithProviders, stubApi } from "../../test/render";
import { job } from "./testing";
function Probe({ onSettled }) {
    const query = useJob("j1", { onSettled });
    return _jsxs("p", { children: ["estado: ", query.data?.state ?? "—"] });
}
async function advance(ms) {
    await act(async () => {
        await vi.advanceTimersByTimeAsync(ms);
    });
}
describe("useJob as the drafting pages use it", () => {
    beforeEach(() => vi.useFakeTimers({ shouldAdvanceTime: true }));
    afterEach(() => vi.useRealTimers());
    it("polls while the job runs and stops at a terminal state", async () => {
        const states = ["queued", "running", "succeeded"];
        let index = 0;
        const { calls } = stubApi({ "GET /api/v1/jobs/j1": () => ({ body: job({ state: states[Math.min(index++, states.length - 1)] }) }) });
        const onSettled = vi.fn();
        renderWithProviders(_jsx(Probe, { onSettled: onSettled }));
        await screen.findByText("estado: queued");
        await advance(POLL_VISIBLE_MS + 10);
        await screen.findByText("estado: running");
        await advance(POLL_VISIBLE_MS + 10);
        await screen.findByText("estado: succeeded");
        const fetched = calls.length;
        expect(fetched).toBe(3);
        expect(onSettled).toHaveBeenCalledTimes(1);
        await advance(POLL_HIDDEN_MS * 3);
        expect(calls.length).toBe(fetched);
    });
    it("stops polling on unmount", async () => {
        const { calls } = stubApi({ "GET /api/v1/jobs/j1": () => ({ body: job({ state: "running" }) }) });
        const view = renderWithProviders(_jsx(Probe, { onSettled: () => undefined }));
        await screen.findByText("estado: running");
        await advance(POLL_VISIBLE_MS + 10);
        const fetched = calls.length;
        expect(fetched).toBe(2);
        view.unmount();
        await advance(POLL_VISIBLE_MS * 4);
        expect(calls.length).toBe(fetched);
    });
});
