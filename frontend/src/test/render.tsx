// Test helper: a component inside the app's providers, at a route, with a fresh QueryClient.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, type RenderResult } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes } from "react-router";

import type { User } from "../api/types";
import { AuthProvider } from "../auth/AuthProvider";
import { signedIn, signedOut } from "../auth/session";

export interface RenderOptions {
  /** The URL the test starts at, e.g. "/etps/abc/secoes/4". */
  route?: string;
  /** The route pattern the element is mounted at, e.g. "/etps/:etpId/secoes/:inciso". */
  path?: string;
  /** Signed in as this user (default) or anonymous with `user: null`. */
  user?: User | null;
}

export const TEST_USER: User = { id: "u-1", email: "servidora@prefeitura.gov.br", name: "Maria Servidora", role: "member", is_active: true };

export function renderWithProviders(ui: ReactElement, { route = "/", path = "*", user = TEST_USER }: RenderOptions = {}): RenderResult & { queryClient: QueryClient } {
  if (user) signedIn("test-access-token", 900, user);
  else signedOut(null);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: 0 }, mutations: { retry: false } } });
  const result = render(
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <MemoryRouter initialEntries={[route]}>
          <Routes>
            <Route path={path} element={ui} />
          </Routes>
        </MemoryRouter>
      </AuthProvider>
    </QueryClientProvider>,
  );
  return { ...result, queryClient };
}

/** A fetch stub answering by "METHOD /path" (query ignored) with JSON bodies; records every call. */
export function stubApi(routes: Record<string, (request: Request) => Response | Promise<Response> | { status?: number; body?: unknown; headers?: Record<string, string> }>) {
  const calls: Request[] = [];
  const fetchStub = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(new URL(String(input), "http://localhost"), init);
    calls.push(request.clone());
    const url = new URL(request.url);
    const key = `${request.method} ${url.pathname}`;
    const handler = routes[key] ?? Object.entries(routes).find(([pattern]) => matches(pattern, request.method, url.pathname))?.[1];
    if (!handler) return new Response(JSON.stringify({ code: 404, status: "Not Found", message: `sem rota de teste: ${key}` }), { status: 404, headers: { "Content-Type": "application/json" } });
    const answer = await handler(request);
    if (answer instanceof Response) return answer;
    const status = answer.status ?? 200;
    return new Response(answer.body === undefined || status === 204 || status === 304 ? null : JSON.stringify(answer.body), { status, headers: { "Content-Type": "application/json", ...(answer.headers ?? {}) } });
  });
  vi.stubGlobal("fetch", fetchStub);
  return { calls, fetch: fetchStub };
}

function matches(pattern: string, method: string, pathname: string): boolean {
  const [m, p] = pattern.split(" ");
  if (m !== method || !p) return false;
  const regex = new RegExp(`^${p.replace(/:[a-zA-Z_]+/g, "[^/]+")}$`);
  return regex.test(pathname);
}
