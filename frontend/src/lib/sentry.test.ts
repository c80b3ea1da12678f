import type { Breadcrumb, ErrorEvent } from "@sentry/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { reportError, resetSentryForTests, scrubBreadcrumb, scrubEvent, scrubUrl, sentryConfigFromEnv, startSentry } from "./sentry";

const SECTION_TEXT = "A contratação visa atender à necessidade da Secretaria de Saúde do município";

function fullEvent(): ErrorEvent {
  return {
    type: undefined,
    event_id: "abc",
    message: "falhou para maria.silva@orgao.gov.br",
    release: "1a2b3c4",
    server_name: "notebook-da-maria",
    request: {
      url: "https://etp.example.gov.br/redefinir-senha?token=segredo123#x",
      method: "PUT",
      data: { content: SECTION_TEXT },
      query_string: "token=segredo123",
      cookies: { etp_refresh: "jwt" },
      headers: { Authorization: "Bearer jwt", Referer: "https://etp.example.gov.br/etps?q=saude" },
    },
    user: { id: "42", email: "maria.silva@orgao.gov.br", ip_address: "10.0.0.7", username: "maria" },
    extra: { section: SECTION_TEXT, input: "valor digitado" },
    contexts: {
      browser: { name: "Chrome", version: "130" },
      react: { componentStack: "at SectionEditor" },
      state: { state: { type: "redux", value: { text: SECTION_TEXT } } },
      editor: { value: SECTION_TEXT },
    },
    tags: { owner: "maria.silva@orgao.gov.br", area: "editor" },
    exception: {
      values: [
        {
          type: "TypeError",
          value: "x is undefined (de joao@orgao.gov.br)",
          stacktrace: {
            frames: [
              {
                filename: "https://etp.example.gov.br/assets/editor-abc.js?v=1",
                abs_path: "https://etp.example.gov.br/assets/editor-abc.js?v=1",
                function: "save",
                lineno: 1,
                colno: 200,
                context_line: `const text = "${SECTION_TEXT}"`,
                pre_context: [SECTION_TEXT],
                post_context: [SECTION_TEXT],
                vars: { text: SECTION_TEXT },
              },
            ],
          },
        },
      ],
    },
    breadcrumbs: [
      { category: "console", message: SECTION_TEXT, level: "log" },
      { category: "ui.input", message: "textarea#texto-secao" },
      { category: "ui.click", message: "button.br-button" },
      {
        category: "fetch",
        type: "http",
        data: { method: "PUT", url: "/api/v1/etps/1/sections/1?draft=1", status_code: 412, request_body: SECTION_TEXT, response_body_size: 10 },
      },
      { category: "navigation", data: { from: "/convite?token=abc", to: "/etps/1/secoes/1" } },
    ],
  };
}

describe("scrubEvent", () => {
  it("removes bodies, cookies, headers, query strings, PII, extra and page contexts", () => {
    const event = scrubEvent(fullEvent());
    const serialized = JSON.stringify(event);

    expect(serialized).not.toContain(SECTION_TEXT);
    expect(serialized).not.toContain("segredo123");
    expect(serialized).not.toContain("maria.silva@orgao.gov.br");
    expect(serialized).not.toContain("joao@orgao.gov.br");
    expect(serialized).not.toContain("10.0.0.7");
    expect(serialized).not.toContain("Bearer");
    expect(serialized).not.toContain("valor digitado");
    expect(serialized).not.toContain("notebook-da-maria");

    expect(event.request).toEqual({ url: "https://etp.example.gov.br/redefinir-senha" });
    expect(event.user).toEqual({ id: "42" });
    expect(event.extra).toBeUndefined();
    expect(Object.keys(event.contexts ?? {}).sort()).toEqual(["browser", "react"]);
    expect(event.tags).toEqual({ owner: "[e-mail]", area: "editor" });
    expect(event.message).toBe("falhou para [e-mail]");
  });

  it("keeps what a developer needs: the error, its frames and the release", () => {
    const event = scrubEvent(fullEvent());
    const value = event.exception?.values?.[0];
    expect(value?.type).toBe("TypeError");
    expect(value?.value).toBe("x is undefined (de [e-mail])");
    expect(value?.stacktrace?.frames?.[0]).toEqual({
      filename: "https://etp.example.gov.br/assets/editor-abc.js?v=1",
      abs_path: "https://etp.example.gov.br/assets/editor-abc.js",
      function: "save",
      lineno: 1,
      colno: 200,
    });
    expect(event.release).toBe("1a2b3c4");
  });

  it("drops console and DOM breadcrumbs and keeps requests without bodies or query", () => {
    const crumbs = scrubEvent(fullEvent()).breadcrumbs ?? [];
    expect(crumbs.map((crumb) => crumb.category)).toEqual(["fetch", "navigation"]);
    expect(crumbs[0]?.data).toEqual({ method: "PUT", url: "/api/v1/etps/1/sections/1", status_code: 412 });
    expect(crumbs[1]?.data).toEqual({ from: "/convite", to: "/etps/1/secoes/1" });
  });

  it("drops a user without an id", () => {
    const event = scrubEvent({ ...fullEvent(), user: { email: "a@b.gov.br", ip_address: "{{auto}}" } });
    expect(event.user).toBeUndefined();
  });
});

describe("scrubBreadcrumb and scrubUrl", () => {
  it("drops every ui.* and console breadcrumb", () => {
    for (const category of ["console", "ui.click", "ui.input", "ui.keypress", "ui.anything"]) {
      expect(scrubBreadcrumb({ category, message: SECTION_TEXT } as Breadcrumb)).toBeNull();
    }
  });

  it("cuts query strings and fragments, relative or absolute", () => {
    expect(scrubUrl("/verificar-email?token=abc")).toBe("/verificar-email");
    expect(scrubUrl("https://x.gov.br/a#b")).toBe("https://x.gov.br/a");
    expect(scrubUrl("/etps/1")).toBe("/etps/1");
  });
});

describe("sentryConfigFromEnv", () => {
  it("is off without a DSN and carries the release when there is one", () => {
    expect(sentryConfigFromEnv({ VITE_SENTRY_DSN: "" })).toBeNull();
    expect(sentryConfigFromEnv({})).toBeNull();
    expect(sentryConfigFromEnv({ VITE_SENTRY_DSN: " https://k@o1.ingest.sentry.io/2 ", VITE_RELEASE: "abc1234", MODE: "production" })).toEqual({
      dsn: "https://k@o1.ingest.sentry.io/2",
      release: "abc1234",
      environment: "production",
    });
  });
});

describe("startSentry", () => {
  afterEach(() => {
    resetSentryForTests();
    vi.doUnmock("@sentry/react");
  });

  it("initialises the SDK collecting no PII, with the scrubbers, and sends the errors caught while it loaded", async () => {
    const init = vi.fn();
    const captureException = vi.fn();
    vi.doMock("@sentry/react", () => ({
      init,
      captureException,
      breadcrumbsIntegration: (options: unknown) => ({ name: "Breadcrumbs", options }),
    }));
    const started = startSentry({ dsn: "https://k@o1.ingest.sentry.io/2", release: "abc1234" });
    reportError(new Error("antes do SDK"), "at Page");
    await expect(started).resolves.toBe(true);

    expect(init).toHaveBeenCalledTimes(1);
    const options = init.mock.calls[0]?.[0];
    expect(options.dataCollection).toEqual({
      userInfo: false,
      cookies: false,
      httpHeaders: false,
      httpBodies: [],
      urlQueryParams: false,
      stackFrameVariables: false,
      frameContextLines: 0,
    });
    expect(options.release).toBe("abc1234");
    const integrations = options.integrations([{ name: "Console" }, { name: "Breadcrumbs" }, { name: "GlobalHandlers" }]);
    expect(integrations).toEqual([
      { name: "GlobalHandlers" },
      { name: "Breadcrumbs", options: { dom: false, fetch: true, xhr: true, history: true, sentry: true } },
    ]);
    expect(JSON.stringify(options.beforeSend(fullEvent()))).not.toContain(SECTION_TEXT);
    expect(options.beforeBreadcrumb({ category: "console", message: SECTION_TEXT })).toBeNull();

    expect(captureException).toHaveBeenCalledTimes(1);
    expect(captureException.mock.calls[0]?.[1]).toEqual({ contexts: { react: { componentStack: "at Page" } } });
    reportError(new Error("depois"));
    expect(captureException).toHaveBeenCalledTimes(2);
  });

  it("does nothing with errors when Sentry was never started", () => {
    const captureException = vi.fn();
    vi.doMock("@sentry/react", () => ({ init: vi.fn(), captureException }));
    reportError(new Error("sem Sentry"));
    expect(captureException).not.toHaveBeenCalled();
  });
});
