import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useLocation } from "react-router";

import type { Version, VersionDiff } from "../../api/types";
import { renderWithProviders, stubApi, TEST_USER } from "../../test/render";
import { makeEtp } from "../etps/testFixtures";
import VersionsPage from "./VersionsPage";

configure({ asyncUtilTimeout: 5000 });

const ETP = makeEtp({ template_type: "servicos" });
const ETP_ID = ETP.id as string;
const BASE = `/api/v1/etps/${ETP_ID}`;

function LocationProbe() {
  const location = useLocation();
  return <output data-testid="local">{location.search}</output>;
}

function Page() {
  return (
    <>
      <VersionsPage />
      <LocationProbe />
    </>
  );
}

function version(number: number, overrides: Partial<Version> = {}): Version {
  return {
    number,
    label: `Rótulo ${number}`,
    reason: "manual",
    scope: null,
    created_at: "2026-12-02T13:05:00+00:00",
    updated_at: "2026-12-02T13:05:00+00:00",
    created_by: "u-2",
    created_by_name: "Joana Revisora",
    ...overrides,
  };
}

const DIFF_1_CURRENT: VersionDiff = {
  a: 1,
  b: "current",
  fields: {
    objeto: { before: "Limpeza da sede", after: "Limpeza e conservação da sede", label: "Objeto" },
    valor_estimado: { before: "1000.00", after: "2500.50", label: "Valor total estimado" },
    status: { before: "draft", after: "in_review", label: "Status" },
  },
  fields_summary: "3 campos alterados",
  sections: [
    {
      inciso: 1,
      code: "I",
      title: "Descrição da necessidade",
      summary: "+2 / −1 palavras; status alterado",
      content: {
        ops: [
          { op: "equal", text: "A sede precisa de " },
          { op: "delete", text: "faxina " },
          { op: "insert", text: "limpeza diária " },
          { op: "equal", text: "em todos os andares." },
        ],
        unified: "",
        words_added: 2,
        words_removed: 1,
      },
      justification: null,
      status: { before: "drafted", after: "edited" },
      ai_generated: null,
      suggestion: null,
    },
  ],
};

function routes(overrides: Record<string, (request: Request) => unknown> = {}) {
  return {
    [`GET ${BASE}`]: () => ({ body: ETP, headers: { ETag: '"etp-v7"' } }),
    [`GET ${BASE}/versions`]: () => ({ body: [version(3, { reason: "edit", scope: "IV", label: "Edição da seção IV por Joana Revisora", created_by: TEST_USER.id, created_by_name: TEST_USER.name }), version(2, { reason: "before_draft", created_by: null, created_by_name: null }), version(1)], headers: { "X-Pagination": JSON.stringify({ total: 3, total_pages: 1, page: 1, page_size: 10 }) } }),
    [`GET ${BASE}/versions/1/diff/current`]: () => ({ body: DIFF_1_CURRENT }),
    "GET /api/v1/templates/:type": () => ({ body: { type: "servicos", name: "Serviços", fields: [], guidance: [] } }),
    ...overrides,
  } as Parameters<typeof stubApi>[0];
}

describe("VersionsPage", { timeout: 20_000 }, () => {
  it("shows the timeline with number, label, why, who and when, paginated by the API", async () => {
    const { calls } = stubApi(
      routes({
        [`GET ${BASE}/versions`]: (request) => {
          const page = new URL(request.url).searchParams.get("page");
          const size = new URL(request.url).searchParams.get("page_size");
          if (size === "100") return { body: [version(12), version(11)], headers: { "X-Pagination": JSON.stringify({ total: 12, total_pages: 1, page: 1, page_size: 100 }) } };
          return { body: page === "2" ? [version(2), version(1)] : [version(12), version(11)], headers: { "X-Pagination": JSON.stringify({ total: 12, total_pages: 2, page: Number(page), page_size: 10 }) } };
        },
      }),
    );
    renderWithProviders(<Page />, { route: `/etps/${ETP_ID}/versoes?page=2`, path: "/etps/:etpId/versoes" });

    expect(screen.getByRole("heading", { level: 1, name: "Versões do ETP" })).toBeInTheDocument();
    const timeline = await screen.findByRole("list", { name: "Linha do tempo" });
    const items = within(timeline).getAllByRole("listitem");
    expect(items).toHaveLength(2);
    const first = within(items[0] as HTMLElement);
    expect(first.getByRole("heading", { level: 3, name: "Versão 2 — Rótulo 2" })).toBeInTheDocument();
    expect(first.getByText("Ponto de salvamento").parentElement?.querySelector("i.fa-save")).not.toBeNull();
    expect(first.getByText("por Joana Revisora")).toBeInTheDocument();
    expect(first.getByText(/em 02\/12\/2026 às \d{2}:05/)).toBeInTheDocument();
    expect(screen.getByText("12 versões, da mais recente para a mais antiga.")).toBeInTheDocument();
    const pager = screen.getByRole("navigation", { name: "Paginação das versões" });
    expect(within(pager).getByText("Página 2 de 2")).toBeInTheDocument();
    expect(calls.some((c) => new URL(c.url).searchParams.get("page") === "2" && new URL(c.url).searchParams.get("page_size") === "10")).toBe(true);

    await userEvent.click(within(pager).getByRole("button", { name: /Mais recentes/ }));
    await waitFor(() => expect(screen.getByTestId("local")).toHaveTextContent(/^$/));
    expect(await screen.findByRole("heading", { level: 3, name: "Versão 12 — Rótulo 12" })).toBeInTheDocument();
  });

  it("names the reason, the part of the ETP and the author (you, or none) of each version", async () => {
    stubApi(routes());
    renderWithProviders(<Page />, { route: `/etps/${ETP_ID}/versoes`, path: "/etps/:etpId/versoes" });
    const timeline = await screen.findByRole("list", { name: "Linha do tempo" });
    const [edit, draft] = within(timeline).getAllByRole("listitem") as HTMLElement[];
    expect(within(edit!).getByText("Edição")).toBeInTheDocument();
    expect(within(edit!).getByText("Seção IV")).toBeInTheDocument();
    expect(within(edit!).getByText(`por ${TEST_USER.name} (você)`)).toBeInTheDocument();
    expect(within(draft!).getByText("Antes da redação por IA")).toBeInTheDocument();
    expect(within(draft!).getByText("por sem autor registrado")).toBeInTheDocument();
  });

  it("saves a version with its label and refreshes the timeline", async () => {
    let listed = 0;
    const { calls } = stubApi(
      routes({
        [`GET ${BASE}/versions`]: () => {
          listed += 1;
          return { body: listed > 2 ? [version(4, { label: "Antes da revisão jurídica" }), version(1)] : [version(1)], headers: { "X-Pagination": JSON.stringify({ total: 1, total_pages: 1, page: 1, page_size: 10 }) } };
        },
        [`POST ${BASE}/versions`]: () => ({ status: 201, body: version(4, { label: "Antes da revisão jurídica" }) }),
      }),
    );
    renderWithProviders(<Page />, { route: `/etps/${ETP_ID}/versoes`, path: "/etps/:etpId/versoes" });
    await screen.findByRole("list", { name: "Linha do tempo" });

    await userEvent.click(screen.getByRole("button", { name: "Salvar versão" }));
    expect(screen.getByLabelText("Nome da versão")).toHaveAttribute("aria-invalid", "true");
    expect(calls.some((c) => c.method === "POST")).toBe(false);

    await userEvent.type(screen.getByLabelText("Nome da versão"), "Antes da revisão jurídica");
    await userEvent.click(screen.getByRole("button", { name: "Salvar versão" }));
    expect(await screen.findByText("Versão 4 salva: Antes da revisão jurídica.")).toBeInTheDocument();
    const post = calls.find((c) => c.method === "POST");
    expect(await post?.json()).toEqual({ label: "Antes da revisão jurídica" });
    expect(await screen.findByRole("heading", { level: 3, name: "Versão 4 — Antes da revisão jurídica" })).toBeInTheDocument();
    expect(screen.getByLabelText("Nome da versão")).toHaveValue("");
  });

  it("shows the API's 422 on the label field", async () => {
    stubApi(
      routes({
        [`POST ${BASE}/versions`]: () => ({ status: 422, body: { code: 422, status: "Unprocessable Entity", message: "Dados inválidos.", errors: { json: { label: ["No máximo 200 caracteres."] } } } }),
      }),
    );
    renderWithProviders(<Page />, { route: `/etps/${ETP_ID}/versoes`, path: "/etps/:etpId/versoes" });
    await screen.findByRole("list", { name: "Linha do tempo" });
    await userEvent.type(screen.getByLabelText("Nome da versão"), "x");
    await userEvent.click(screen.getByRole("button", { name: "Salvar versão" }));
    expect(await screen.findByText("No máximo 200 caracteres.")).toBeInTheDocument();
    expect(screen.getByLabelText("Nome da versão")).toHaveAttribute("aria-invalid", "true");
  });

  it("compares a version with the current state from the URL: facts and sections as a word diff marked by more than colour", async () => {
    const { calls } = stubApi(routes());
    renderWithProviders(<Page />, { route: `/etps/${ETP_ID}/versoes?a=1&b=current&modo=lado`, path: "/etps/:etpId/versoes" });

    expect(await screen.findByRole("heading", { level: 3, name: "Diferenças da versão 1 para o estado atual" })).toBeInTheDocument();
    expect(await screen.findByText("3 campos alterados; 1 seção alterada.")).toBeInTheDocument();
    const facts = screen.getByRole("region", { name: "Dados do ETP" });
    expect(within(facts).getByRole("heading", { level: 4, name: "Objeto" })).toBeInTheDocument();
    // money read as money, the status by its label
    const money = within(facts).getByRole("heading", { level: 4, name: "Valor total estimado" }).parentElement as HTMLElement;
    expect(money).toHaveTextContent("R$ [removido: 1.000,00]");
    expect(money).toHaveTextContent("R$ [inserido: 2.500,50]");
    const status = within(facts).getByRole("heading", { level: 4, name: "Status" }).parentElement as HTMLElement;
    expect(status).toHaveTextContent("Em [removido: elaboração]");
    expect(status).toHaveTextContent("Em [inserido: revisão]");

    const section = screen.getByRole("region", { name: "I — Descrição da necessidade" });
    expect(within(section).getByText("+2 / −1 palavras; status alterado")).toBeInTheDocument();
    const removed = section.querySelector("del");
    const inserted = section.querySelector("ins");
    expect(removed).toHaveTextContent("[removido: faxina ]");
    expect(inserted).toHaveTextContent("[inserido: limpeza diária ]");
    expect(removed?.querySelector(".visually-hidden")).not.toBeNull();
    // side by side: version 1 with its removals, the current state with its insertions
    expect(within(section).getAllByText("Versão 1").length).toBeGreaterThan(0);
    expect(within(section).getAllByText("Estado atual").length).toBeGreaterThan(0);
    expect(within(section).getByText("Editada", { exact: false })).toBeInTheDocument();
    expect(calls.some((c) => new URL(c.url).pathname === `${BASE}/versions/1/diff/current`)).toBe(true);

    await userEvent.click(screen.getByRole("radio", { name: "Em linha (um só texto)" }));
    await waitFor(() => expect(screen.getByTestId("local")).toHaveTextContent("modo=linha"));
    const inline = screen.getByRole("region", { name: "I — Descrição da necessidade" });
    expect(within(inline).queryByText("Versão 1")).toBeNull();
    expect(inline.querySelectorAll("del")).toHaveLength(1);
    expect(inline.querySelectorAll("ins")).toHaveLength(1);
  });

  it("compares two versions chosen in the form and keeps A and B in the URL", async () => {
    const { calls } = stubApi(
      routes({
        [`GET ${BASE}/versions/3/diff/1`]: () => ({ body: { a: 3, b: 1, fields: {}, fields_summary: "nenhum campo alterado", sections: [] } }),
      }),
    );
    renderWithProviders(<Page />, { route: `/etps/${ETP_ID}/versoes`, path: "/etps/:etpId/versoes" });
    const a = await screen.findByLabelText("Versão A (de)");
    await userEvent.selectOptions(a, "3");
    await userEvent.selectOptions(screen.getByLabelText("Versão B (para)"), "3");
    await userEvent.click(screen.getByRole("button", { name: "Comparar" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Escolha duas versões diferentes.");

    await userEvent.selectOptions(screen.getByLabelText("Versão B (para)"), "1");
    await userEvent.click(screen.getByRole("button", { name: "Comparar" }));
    await waitFor(() => expect(screen.getByTestId("local")).toHaveTextContent("a=3&b=1"));
    expect(await screen.findByText("Nenhuma diferença entre a versão 3 e a versão 1.")).toBeInTheDocument();
    expect(calls.some((c) => new URL(c.url).pathname === `${BASE}/versions/3/diff/1`)).toBe(true);
  });

  it("restores after a confirmation that says what will change, with the ETP's ETag, then refreshes the editor's caches", async () => {
    let restored = false;
    const { calls } = stubApi(
      routes({
        [`POST ${BASE}/versions/1/restore`]: () => {
          restored = true;
          return { body: { ...ETP, objeto: "Limpeza da sede" }, headers: { ETag: '"etp-v8"' } };
        },
        [`GET ${BASE}/versions`]: () => ({ body: restored ? [version(4, { reason: "before_restore", label: "Antes de restaurar a versão 1" }), version(1)] : [version(1)], headers: { "X-Pagination": JSON.stringify({ total: 1, total_pages: 1, page: 1, page_size: 10 }) } }),
      }),
    );
    const { queryClient } = renderWithProviders(<Page />, { route: `/etps/${ETP_ID}/versoes`, path: "/etps/:etpId/versoes" });
    const invalidate = vi.spyOn(queryClient, "invalidateQueries");
    await screen.findByRole("list", { name: "Linha do tempo" });
    await userEvent.click(screen.getByRole("button", { name: "Restaurar esta versão" }));

    const dialog = await screen.findByRole("dialog", { name: "Restaurar a versão 1?" });
    expect(await within(dialog).findByRole("heading", { name: "O que vai mudar" })).toBeInTheDocument();
    // the ETP's status is not restored: only the two facts
    expect(within(dialog).getByText("2 campos dos dados do ETP voltam ao valor da versão 1:")).toBeInTheDocument();
    expect(within(dialog).getByText("Objeto")).toBeInTheDocument();
    expect(within(dialog).getByText("Valor total estimado")).toBeInTheDocument();
    expect(within(dialog).queryByText("Status")).toBeNull();
    expect(within(dialog).getByText("I — Descrição da necessidade: +1 / −2 palavras")).toBeInTheDocument();

    await userEvent.click(within(dialog).getByRole("button", { name: "Restaurar a versão 1" }));
    expect(await screen.findByText(/Versão 1 restaurada/)).toBeInTheDocument();
    const post = calls.find((c) => c.method === "POST");
    expect(post?.headers.get("If-Match")).toBe('"etp-v7"');
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(await screen.findByRole("heading", { level: 3, name: "Versão 4 — Antes de restaurar a versão 1" })).toBeInTheDocument();
    expect(queryClient.getQueryData<{ etag: string }>(["etps", ETP_ID])?.etag).toBe('"etp-v8"');
    // the editor's caches: the sections list and each section's own key (and the approval readiness)
    const editorCall = invalidate.mock.calls.map(([filters]) => filters).find((filters) => JSON.stringify(filters?.queryKey) === JSON.stringify(["etps", ETP_ID]));
    const stale = (queryKey: unknown[]) => editorCall?.predicate?.({ queryKey } as never) ?? false;
    expect(stale(["etps", ETP_ID, "sections"])).toBe(true);
    expect(stale(["etps", ETP_ID, "sections", 4])).toBe(true);
    expect(stale(["etps", ETP_ID, "approval"])).toBe(true);
    expect(stale(["etps", ETP_ID])).toBe(false); // just written from the restore's answer
    expect(invalidate.mock.calls.some(([filters]) => JSON.stringify(filters?.queryKey) === JSON.stringify(["etps", "list"]))).toBe(true);
  });

  it("says why a restore was refused (412 stale, 409 state, 403 role) inside the dialog", async () => {
    let attempt = 0;
    stubApi(
      routes({
        [`POST ${BASE}/versions/1/restore`]: () => {
          attempt += 1;
          if (attempt === 1) return { status: 412, body: { code: 412, status: "Precondition Failed", message: "O ETP foi alterado." } };
          if (attempt === 2) return { status: 409, body: { code: 409, status: "Conflict", message: "ETP aprovado ou arquivado não pode ser restaurado." } };
          return { status: 403, body: { code: 403, status: "Forbidden", message: "Permissão insuficiente." } };
        },
      }),
    );
    renderWithProviders(<Page />, { route: `/etps/${ETP_ID}/versoes`, path: "/etps/:etpId/versoes" });
    await screen.findByRole("list", { name: "Linha do tempo" });
    await userEvent.click(screen.getAllByRole("button", { name: "Restaurar esta versão" })[2]!);
    const dialog = await screen.findByRole("dialog", { name: "Restaurar a versão 1?" });
    await within(dialog).findByRole("heading", { name: "O que vai mudar" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Restaurar a versão 1" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("O ETP foi alterado depois que esta página foi carregada");
    await userEvent.click(within(dialog).getByRole("button", { name: "Restaurar a versão 1" }));
    expect(await within(dialog).findByText("ETP aprovado ou arquivado não pode ser restaurado.")).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Restaurar a versão 1" }));
    expect(await within(dialog).findByText(/Permissão insuficiente\. Seu perfil na organização não permite restaurar versões\./)).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancelar" }));
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("shows viewers the timeline and the comparison, without write controls", async () => {
    stubApi(routes());
    renderWithProviders(<Page />, { route: `/etps/${ETP_ID}/versoes`, path: "/etps/:etpId/versoes", user: { ...TEST_USER, role: "viewer" } });
    await screen.findByRole("list", { name: "Linha do tempo" });
    expect(screen.getByText(/Seu perfil na organização é de leitura/)).toBeInTheDocument();
    expect(screen.queryByLabelText("Nome da versão")).toBeNull();
    expect(screen.queryByRole("button", { name: "Salvar versão" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Restaurar esta versão" })).toBeNull();
    expect(screen.getAllByRole("button", { name: "Comparar com o estado atual" })).toHaveLength(3);
  });

  it("keeps restore away from an approved ETP and says how to reopen it", async () => {
    stubApi(routes({ [`GET ${BASE}`]: () => ({ body: { ...ETP, status: "approved" }, headers: { ETag: '"etp-v7"' } }) }));
    renderWithProviders(<Page />, { route: `/etps/${ETP_ID}/versoes`, path: "/etps/:etpId/versoes" });
    expect(await screen.findByText(/Este ETP está aprovado: para restaurar uma versão/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Restaurar esta versão" })).toBeNull();
    expect(screen.getByRole("button", { name: "Salvar versão" })).toBeInTheDocument();
  });

  it("shows the API's message when the timeline cannot be read", async () => {
    stubApi(routes({ [`GET ${BASE}/versions`]: () => ({ status: 503, body: { code: 503, status: "Service Unavailable", message: "Banco de dados indisponível." } }) }));
    renderWithProviders(<Page />, { route: `/etps/${ETP_ID}/versoes`, path: "/etps/:etpId/versoes" });
    expect(await screen.findByText("Banco de dados indisponível.")).toBeInTheDocument();
  });
});
