import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { renderWithProviders, stubApi, TEST_USER } from "../../../test/render";
import type { TrashedEtp } from "./api";
import TrashPage from "./TrashPage";

configure({ asyncUtilTimeout: 5000 });

const ADMIN = { ...TEST_USER, role: "org_admin" as const };
const ONE = "0b9d3c1e-0000-4000-8000-000000000001";
const TWO = "0b9d3c1e-0000-4000-8000-000000000002";

function trashed(id: string, title: string): TrashedEtp {
  return {
    id,
    title,
    status: "draft",
    deleted_at: "2026-12-02T13:15:00+00:00",
    deleted_by: "u-2",
    deleted_by_name: "Bruno Membro",
    purge_at: "2027-01-01T13:15:00+00:00",
  };
}

function stubTrash(initial: TrashedEtp[]) {
  let items = [...initial];
  const pagination = () => ({ "X-Pagination": JSON.stringify({ total: items.length, total_pages: 1, page: 1, page_size: 20 }) });
  return stubApi({
    "GET /api/v1/trash": () => ({ body: items, headers: pagination() }),
    "GET /api/v1/trash/policy": () => ({ body: { retention_days: 30, can_manage: true } }),
    "POST /api/v1/trash/:id/restore": (req) => {
      const id = new URL(req.url).pathname.split("/")[4];
      const found = items.find((e) => e.id === id)!;
      items = items.filter((e) => e.id !== id);
      return { body: { id, title: found.title, status: found.status } };
    },
    "DELETE /api/v1/trash/:id": (req) => {
      const id = new URL(req.url).pathname.split("/")[4];
      items = items.filter((e) => e.id !== id);
      return { status: 204 };
    },
    "DELETE /api/v1/trash": () => {
      const purged = items.length;
      items = [];
      return { body: { purged } };
    },
  });
}

describe("TrashPage", { timeout: 20_000 }, () => {
  it("lists the trashed ETPs with who deleted them, when, and the purge date; restores one", async () => {
    const { calls } = stubTrash([trashed(ONE, "Limpeza predial da sede"), trashed(TWO, "Aquisição de cadeiras")]);
    renderWithProviders(<TrashPage />, { route: "/organizacao/lixeira", user: ADMIN });

    expect(screen.getByRole("heading", { level: 1, name: "Lixeira" })).toBeInTheDocument();
    const row = (await screen.findByRole("rowheader", { name: /Limpeza predial da sede/ })).parentElement as HTMLElement;
    expect(within(row).getByText("Bruno Membro")).toBeInTheDocument();
    expect(within(row).getByText("01/01/2027")).toBeInTheDocument();
    expect(await screen.findByText(/por 30 dias/)).toBeInTheDocument();
    expect(screen.getByText("2 ETPs na lixeira")).toBeInTheDocument();

    await userEvent.click(within(row).getByRole("button", { name: "Restaurar Limpeza predial da sede" }));
    expect(await screen.findByText(/“Limpeza predial da sede” foi restaurado/)).toBeInTheDocument();
    expect(calls.some((c) => c.method === "POST" && new URL(c.url).pathname === `/api/v1/trash/${ONE}/restore`)).toBe(true);
    await waitFor(() => expect(screen.queryByRole("rowheader", { name: /Limpeza predial da sede/ })).not.toBeInTheDocument());
    expect(screen.getByRole("rowheader", { name: /Aquisição de cadeiras/ })).toBeInTheDocument();
  });

  it("purges one only after the confirmation, and cancelling sends nothing", async () => {
    const { calls } = stubTrash([trashed(ONE, "Limpeza predial da sede")]);
    renderWithProviders(<TrashPage />, { route: "/organizacao/lixeira", user: ADMIN });
    const purge = await screen.findByRole("button", { name: "Excluir de vez Limpeza predial da sede" });

    await userEvent.click(purge);
    let dialog = await screen.findByRole("dialog", { name: "Excluir o ETP de vez?" });
    expect(dialog).toHaveTextContent("não pode ser desfeito");
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancelar" }));
    expect(calls.some((c) => c.method === "DELETE")).toBe(false);

    await userEvent.click(purge);
    dialog = await screen.findByRole("dialog", { name: "Excluir o ETP de vez?" });
    await userEvent.click(within(dialog).getByRole("button", { name: /Excluir de vez/ }));
    expect(await screen.findByText("“Limpeza predial da sede” foi excluído de vez.")).toBeInTheDocument();
    expect(calls.some((c) => c.method === "DELETE" && new URL(c.url).pathname === `/api/v1/trash/${ONE}`)).toBe(true);
    expect(await screen.findByText("A lixeira está vazia.")).toBeInTheDocument();
  });

  it("empties the trash after the confirmation", async () => {
    const { calls } = stubTrash([trashed(ONE, "Limpeza predial da sede"), trashed(TWO, "Aquisição de cadeiras")]);
    renderWithProviders(<TrashPage />, { route: "/organizacao/lixeira", user: ADMIN });
    await userEvent.click(await screen.findByRole("button", { name: /Esvaziar a lixeira/ }));
    const dialog = await screen.findByRole("dialog", { name: "Esvaziar a lixeira?" });
    expect(dialog).toHaveTextContent("Os 2 ETPs da lixeira serão excluídos de vez");
    await userEvent.click(within(dialog).getByRole("button", { name: /Esvaziar a lixeira/ }));
    expect(await screen.findByText("Lixeira esvaziada: 2 ETPs excluídos de vez.")).toBeInTheDocument();
    expect(calls.some((c) => c.method === "DELETE" && new URL(c.url).pathname === "/api/v1/trash")).toBe(true);
    expect(await screen.findByText("A lixeira está vazia.")).toBeInTheDocument();
  });

  it("shows the API's message when the trash cannot be read", async () => {
    stubApi({
      "GET /api/v1/trash": () => ({ status: 403, body: { code: 403, status: "Forbidden", message: "Somente administradores da organização." } }),
    });
    renderWithProviders(<TrashPage />, { route: "/organizacao/lixeira", user: ADMIN });
    expect(await screen.findByRole("alert")).toHaveTextContent("Somente administradores da organização.");
  });
});
