// Test helpers of the account pages: the page at its route, plus the routes it navigates to.
import { screen } from "@testing-library/react";
import type { ReactElement } from "react";
import { Route, Routes, useLocation } from "react-router";

import type { User } from "../../api/types";
import { renderWithProviders, TEST_USER } from "../../test/render";

function Where() {
  const location = useLocation();
  return <p data-testid="where">{`${location.pathname}${location.search}`}</p>;
}

/** Mounts `page` at `path`, with stand-ins for the pages it may go to; `where()` is the current URL. */
export function renderAuthPage(page: ReactElement, { path, route, user = null }: { path: string; route?: string; user?: User | null }) {
  const result = renderWithProviders(
    <>
      <Routes>
        <Route path={path} element={page} />
        <Route path="/etps" element={<h1>Estudos Técnicos Preliminares</h1>} />
        <Route path="/etps/:etpId/*" element={<h1>Editor</h1>} />
        {path === "/entrar" ? null : <Route path="/entrar" element={<h1>Página de entrada</h1>} />}
      </Routes>
      <Where />
    </>,
    { route: route ?? path, user },
  );
  return { ...result, where: () => screen.getByTestId("where").textContent };
}

export { TEST_USER };

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}
