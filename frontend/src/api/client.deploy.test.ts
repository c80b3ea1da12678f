import { describe, expect, it } from "vitest";

import { stubApi } from "../test/render";
import { api, apiBaseUrl, unwrap } from "./client";

describe("the API's address (VITE_API_URL)", () => {
  it("is the page's own origin when empty, and only the origin of a configured URL", () => {
    expect(apiBaseUrl("")).toBe(window.location.origin);
    expect(apiBaseUrl(undefined)).toBe(window.location.origin);
    expect(apiBaseUrl(" https://api.etp.example.gov.br/ ")).toBe("https://api.etp.example.gov.br");
    expect(apiBaseUrl("https://api.etp.example.gov.br:8443/v1?x=1")).toBe("https://api.etp.example.gov.br:8443");
  });

  it("sends the requests with credentials, so the refresh cookie also reaches an API on another origin", async () => {
    const { calls } = stubApi({ "GET /api/v1/templates": () => ({ body: [] }) });
    await unwrap(api.GET("/api/v1/templates"));
    expect(calls).toHaveLength(1);
    expect(calls[0]?.credentials).toBe("include");
    expect(new URL(calls[0]?.url ?? "").origin).toBe(window.location.origin);
  });
});
