import { jsx as _jsx } from "react/jsx-runtime";
import { screen } from "@testing-library/react";
import { api, unwrap } from "../api/client";
import { renderWithProviders, stubApi } from "./render";
function Probe() {
    return _jsx("p", { children: "ok" });
}
describe("the test helpers", () => {
    it("render inside the providers and stub the API", async () => {
        const { calls } = stubApi({ "GET /api/v1/etps/:id": () => ({ body: { id: "e1", title: "Compra" } }) });
        renderWithProviders(_jsx(Probe, {}));
        expect(screen.getByText("ok")).toBeInTheDocument();
        const etp = await unwrap(api.GET("/api/v1/etps/{etp_id}", { params: { path: { etp_id: "e1" } } }));
        expect(etp.title).toBe("Compra");
        expect(calls[0]?.headers.get("Authorization")).toBe("Bearer test-access-token");
    });
});
