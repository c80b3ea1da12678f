import { configure, screen, waitFor, within } from "@testing-library/react";
import { onTestFinished } from "vitest";
import userEvent from "@testing-library/user-event";
import { useLocation } from "react-router";

import type { AuditEntry } from "../../../api/types";
import { renderWithProviders, stubApi, TEST_USER } from "../../../test/render";
import AuditPage, { apiFilters, dayInstant, readFilters } from "../AuditPage";
import { changeRows } from "./ChangeTable";
import { actionLabel, fieldLabel } from "./labels";

configure({ asyncUtilTimeout: 5000 });

const ADMIN = { ...TEST_USER, role: "org_admin" as const };
const ANA = "11111111-1111-4111-8111-111111111111";
const BRUNO = "22222222-2222-4222-8222-222222222222";
const ETP_ID = "0b9d3c1e-0000-4000-8000-000000000001";
const LONG_TEXT = "Texto da seção ".repeat(20).trim();

function LocationProbe() {
  return <output data-testid="local">{useLocation().search}</output>;
}

function Page() {
  return (
    <>
      <AuditPage />
      <LocationProbe />
    </>
  );
}

function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: "a-1",
    created_at: "2026-12-02T13:15:00+00:00",
    action: "etp.status",
    actor_id: ANA,
    actor_name: "Ana Administradora",
    target_type: "etp",
    target_id: ETP_ID,
    etp_id: ETP_ID,
    ip: "10.0.0.7",
    user_agent: "Mozilla/5.0",
    before: { status: "draft" },
    after: { status: "in_review" },
    ...overrides,
  };
}

const pagination = (page: number, totalPages: number, total: number) => ({ "X-Pagination": JSON.stringify({ total, total_pages: totalPages, page, page_size: 20 }) });

const choices = {
  "GET /api/v1/users": () => ({
    body: [
      { id: ANA, name: "Ana Administradora", email: "ana@prefeitura.gov.br", role: "org_admin" },
      { id: BRUNO, name: "Bruno Membro", email: "bruno@prefeitura.gov.br", role: "member" },
    ],
  }),
  "GET /api/v1/etps": () => ({ body: [{ id: ETP_ID, title: "Limpeza predial da sede" }] }),
};

const listCalls = (calls: Request[]) => calls.filter((c) => new URL(c.url).pathname === "/api/v1/audit");

describe("AuditPage", { timeout: 20_000 }, () => {
  it("shows each entry's action in Portuguese, who and when, and its before/after as a table; pages from X-Pagination", async () => {
    const { calls } = stubApi({
      ...choices,
      "GET /api/v1/audit": () => ({
        body: [
          entry(),
          entry({ id: "a-2", action: "section.update", target_type: "section", before: { status: "drafted", content: LONG_TEXT }, after: { status: "edited", content: "Curto" } }),
          entry({ id: "a-3", action: "etp.update", before: { fields: { orgao: "Ministério A" } }, after: { fields: { orgao: "Ministério B" } }, actor_id: null, actor_name: null, etp_id: null }),
        ],
        headers: pagination(1, 3, 45),
      }),
    });
    renderWithProviders(<Page />, { route: "/organizacao/auditoria", user: ADMIN });

    expect(screen.getByRole("heading", { level: 1, name: "Trilha de auditoria" })).toBeInTheDocument();
    const status = await screen.findByRole("article", { name: "Status do ETP alterado" });
    expect(within(status).getByText("Ana Administradora")).toBeInTheDocument();
    expect(within(status).getByText("etp.status")).toBeInTheDocument();
    expect(within(status).getByRole("link", { name: "Limpeza predial da sede" })).toHaveAttribute("href", `/etps/${ETP_ID}`);
    const row = within(status).getByRole("rowheader", { name: "Status" }).parentElement as HTMLElement;
    expect(within(row).getAllByRole("cell").map((c) => c.textContent)).toEqual(["Em elaboração", "Em revisão"]);

    const section = screen.getByRole("article", { name: "Seção editada" });
    const content = within(section).getByRole("rowheader", { name: "Texto" }).parentElement as HTMLElement;
    expect(content).not.toHaveTextContent(LONG_TEXT);
    const more = within(content).getByRole("button", { name: /Mostrar tudo/ });
    expect(more).toHaveAttribute("aria-expanded", "false");
    await userEvent.click(more);
    expect(content).toHaveTextContent(LONG_TEXT);
    expect(within(content).getByRole("button", { name: "Mostrar menos" })).toHaveAttribute("aria-expanded", "true");
    expect(within(section).getByRole("rowheader", { name: "Status" }).parentElement).toHaveTextContent("Redigida pela IAEditada");

    const update = screen.getByRole("article", { name: "Dados do ETP alterados" });
    expect(within(update).getByText("Sistema")).toBeInTheDocument();
    expect(within(update).getByRole("rowheader", { name: "Campos › Órgão" }).parentElement).toHaveTextContent("Ministério AMinistério B");

    expect(screen.getByText("45 entradas")).toBeInTheDocument();
    const nav = screen.getByRole("navigation", { name: "Paginação da trilha de auditoria" });
    expect(within(nav).getByText("Página 1 de 3")).toBeInTheDocument();
    await userEvent.click(within(nav).getByRole("button", { name: /Próxima/ }));
    await waitFor(() => expect(screen.getByTestId("local")).toHaveTextContent("page=2"));
    await waitFor(() => expect(listCalls(calls).some((c) => new URL(c.url).searchParams.get("page") === "2")).toBe(true));
    expect(new URL(listCalls(calls)[0]!.url).searchParams.get("page_size")).toBe("20");
  });

  it("reads the filters from the URL, sends the period as instants, and applies new ones to the URL", async () => {
    const { calls } = stubApi({ ...choices, "GET /api/v1/audit": () => ({ body: [entry()], headers: pagination(1, 1, 1) }) });
    renderWithProviders(<Page />, { route: `/organizacao/auditoria?action=etp.&since=2026-12-01&until=2026-12-02&etp_id=${ETP_ID}`, user: ADMIN });
    await screen.findByRole("article", { name: "Status do ETP alterado" });
    expect(screen.getByLabelText("Ação")).toHaveValue("etp.");
    expect(screen.getByLabelText("De")).toHaveValue("2026-12-01");
    await waitFor(() => expect(screen.getByLabelText("ETP")).toHaveValue(ETP_ID));
    const sent = new URL(listCalls(calls)[0]!.url).searchParams;
    expect(sent.get("action")).toBe("etp.");
    expect(sent.get("etp_id")).toBe(ETP_ID);
    expect(sent.get("since")).toBe(new Date(2026, 11, 1).toISOString());
    expect(sent.get("until")).toBe(new Date(2026, 11, 2, 23, 59, 59, 999).toISOString());

    await waitFor(() => expect(screen.getByRole("option", { name: "Bruno Membro (bruno@prefeitura.gov.br)" })).toBeInTheDocument());
    await userEvent.selectOptions(screen.getByLabelText("Pessoa"), BRUNO);
    await userEvent.selectOptions(screen.getByLabelText("Ação"), "section.update");
    await userEvent.click(screen.getByRole("button", { name: "Filtrar" }));
    await waitFor(() => expect(screen.getByTestId("local")).toHaveTextContent(`actor=${BRUNO}`));
    expect(screen.getByTestId("local")).toHaveTextContent("action=section.update");
    expect(screen.getByTestId("local")).toHaveTextContent("since=2026-12-01");
    await waitFor(() => {
      const last = new URL(listCalls(calls).at(-1)!.url).searchParams;
      expect([last.get("actor"), last.get("action")]).toEqual([BRUNO, "section.update"]);
    });

    // the form is not remounted: the keyboard's focus stays on the button pressed
    expect(screen.getByRole("button", { name: "Filtrar" })).toHaveFocus();

    await userEvent.click(screen.getByRole("button", { name: "Limpar filtros" }));
    await waitFor(() => expect(screen.getByTestId("local")).toBeEmptyDOMElement());
    expect(screen.getByLabelText("Ação")).toHaveValue("");
    expect(screen.getByLabelText("De")).toHaveValue("");
    expect(screen.getByRole("button", { name: "Limpar filtros" })).toHaveFocus();
  });

  it("refuses a period that ends before it starts, without asking the API", async () => {
    const { calls } = stubApi({ ...choices, "GET /api/v1/audit": () => ({ body: [], headers: pagination(1, 0, 0) }) });
    renderWithProviders(<Page />, { route: "/organizacao/auditoria", user: ADMIN });
    await screen.findByText("A trilha ainda não tem entradas.");
    const before = listCalls(calls).length;
    await userEvent.type(screen.getByLabelText("De"), "2026-12-05");
    await userEvent.type(screen.getByLabelText("Até"), "2026-12-01");
    await userEvent.click(screen.getByRole("button", { name: "Filtrar" }));
    expect(await screen.findByText("A data inicial do período deve ser igual ou anterior à final.")).toBeInTheDocument();
    expect(screen.getByLabelText("De")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("De")).toHaveFocus();
    expect(screen.getByTestId("local")).toBeEmptyDOMElement();
    expect(listCalls(calls)).toHaveLength(before);
  });

  it("says when the filters match nothing", async () => {
    stubApi({ ...choices, "GET /api/v1/audit": () => ({ body: [], headers: pagination(1, 0, 0) }) });
    renderWithProviders(<Page />, { route: "/organizacao/auditoria?action=lgpd.", user: ADMIN });
    expect(await screen.findByText(/Nenhuma entrada corresponde aos filtros/)).toBeInTheDocument();
  });

  it("downloads the CSV with the same filters and the session's token, named by Content-Disposition", async () => {
    const created: Blob[] = [];
    const createObjectURL = vi.fn((blob: Blob) => {
      created.push(blob);
      return "blob:auditoria";
    });
    // jsdom has no object URLs: the browser's pair, stubbed for this test only
    const original = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };
    URL.createObjectURL = createObjectURL;
    URL.revokeObjectURL = vi.fn();
    onTestFinished(() => {
      URL.createObjectURL = original.create;
      URL.revokeObjectURL = original.revoke;
    });
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    const csv = "\ufeffData e hora;Ação\r\n02/12/2026 10:15;etp.status\r\n";
    const { calls } = stubApi({
      ...choices,
      "GET /api/v1/audit": () => ({ body: [entry()], headers: pagination(1, 1, 1) }),
      "GET /api/v1/audit/export": () => new Response(csv, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="auditoria-2026-12-03.csv"' } }),
    });
    renderWithProviders(<Page />, { route: `/organizacao/auditoria?action=etp.status&actor=${ANA}`, user: ADMIN });
    await screen.findByRole("article", { name: "Status do ETP alterado" });
    await userEvent.click(screen.getByRole("button", { name: "Exportar CSV" }));

    expect(await screen.findByText("O arquivo auditoria-2026-12-03.csv foi baixado.")).toBeInTheDocument();
    const request = calls.find((c) => new URL(c.url).pathname === "/api/v1/audit/export")!;
    const query = new URL(request.url).searchParams;
    expect([query.get("format"), query.get("action"), query.get("actor")]).toEqual(["csv", "etp.status", ANA]);
    expect(request.headers.get("Authorization")).toBe("Bearer test-access-token");
    expect(clicked).toHaveLength(1);
    expect(clicked[0]!.download).toBe("auditoria-2026-12-03.csv");
    expect(clicked[0]!.getAttribute("href")).toBe("blob:auditoria");
    expect(await created[0]!.text()).toContain("02/12/2026 10:15;etp.status");
  });

  it("shows the API's message when the export fails", async () => {
    stubApi({
      ...choices,
      "GET /api/v1/audit": () => ({ body: [entry()], headers: pagination(1, 1, 1) }),
      "GET /api/v1/audit/export": () => ({ status: 403, body: { code: 403, status: "Forbidden", message: "Você não tem permissão para esta ação." } }),
    });
    renderWithProviders(<Page />, { route: "/organizacao/auditoria", user: ADMIN });
    await screen.findByRole("article", { name: "Status do ETP alterado" });
    await userEvent.click(screen.getByRole("button", { name: "Exportar CSV" }));
    expect(await screen.findByText("Você não tem permissão para esta ação.")).toBeInTheDocument();
  });
});

describe("audit helpers", () => {
  it("keeps only well-formed filters from the URL", () => {
    const filters = readFilters(new URLSearchParams("actor=x&action=DROP TABLE&etp_id=" + ETP_ID + "&since=2026-13&until=2026-12-31"));
    expect(filters).toEqual({ actor: "", action: "", etp_id: ETP_ID, since: "", until: "2026-12-31" });
    expect(apiFilters(filters)).toEqual({ actor: undefined, action: undefined, etp_id: ETP_ID, since: undefined, until: new Date(2026, 11, 31, 23, 59, 59, 999).toISOString() });
    expect(dayInstant("não é data")).toBeUndefined();
  });

  it("turns before/after summaries into field rows, creations and removals included", () => {
    expect(changeRows(null, { title: "Novo", fields: { uasg: "123" }, reviewed: true }, "etp")).toEqual([
      { key: "title", before: "—", after: "Novo" },
      { key: "fields.uasg", before: "—", after: "123" },
      { key: "reviewed", before: "—", after: "sim" },
    ]);
    expect(changeRows({ role: "member", incisos: [1, 2] }, { role: "org_admin" }, "user")).toEqual([
      { key: "role", before: "membro", after: "administrador da organização" },
      { key: "incisos", before: "1, 2", after: "—" },
    ]);
    expect(changeRows(null, null)).toEqual([]);
    expect(fieldLabel("fields.orgao")).toBe("Campos › Órgão");
    expect(actionLabel("etp.")).toBe("Todas: ETPs");
    expect(actionLabel("novo.evento")).toBe("novo.evento");
  });

});
