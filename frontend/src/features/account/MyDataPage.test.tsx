import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { getSession } from "../../auth/session";
import { formatDateTime } from "../../lib/format";
import { renderWithProviders, stubApi, TEST_USER } from "../../test/render";
import MyDataPage, { ACCOUNT_DELETED_NOTICE, EXPORT_FILE_NAME } from "./MyDataPage";

configure({ asyncUtilTimeout: 5000 });

const ME = {
  ...TEST_USER,
  email_verified: true,
  organization: { id: "o-1", name: "Prefeitura de Alfa" },
  created_at: "2026-11-02T13:00:00Z",
  last_login_at: "2026-12-03T09:30:00Z",
  autoridade_competente: false,
  pending_join_requests: 0,
};
const EXPORT = { generated_at: "2026-12-03T10:00:00Z", user: { email: TEST_USER.email }, organization: null, audit_entries: [], etps_created: [], jobs: [] };

function renderPage() {
  return renderWithProviders(<MyDataPage />, { route: "/conta", path: "/conta" });
}

describe("MyDataPage", { timeout: 20_000 }, () => {
  afterEach(() => vi.restoreAllMocks());

  it("shows the profile and corrects the name with PATCH /api/v1/auth/me", async () => {
    const { calls } = stubApi({
      "GET /api/v1/auth/me": () => ({ body: ME }),
      "PATCH /api/v1/auth/me": async (request) => {
        const { name } = (await request.json()) as { name: string };
        return new Response(JSON.stringify({ ...ME, name }), { headers: { "Content-Type": "application/json" } });
      },
    });
    renderPage();
    expect(screen.getByRole("heading", { level: 1, name: "Meus dados" })).toBeInTheDocument();
    expect(await screen.findByText("servidora@prefeitura.gov.br")).toBeInTheDocument();
    expect(screen.getByText("Prefeitura de Alfa")).toBeInTheDocument();
    expect(screen.getByText("Membro")).toBeInTheDocument();
    const confirmed = screen.getByText("Sim");
    expect(confirmed.querySelector("i.fa-check-circle")).not.toBeNull();
    expect(screen.getByText(formatDateTime("2026-11-02T13:00:00Z"))).toBeInTheDocument();
    expect(screen.getByText(formatDateTime("2026-12-03T09:30:00Z"))).toBeInTheDocument();
    expect(screen.getByRole("link", { name: /Trocar a senha e ver as sessões/ })).toHaveAttribute("href", "/conta/senha");

    await userEvent.click(screen.getByRole("button", { name: "Corrigir o nome" }));
    const field = screen.getByLabelText(/^Seu nome/);
    await userEvent.clear(field);
    await userEvent.type(field, "Maria da Silva");
    await userEvent.click(screen.getByRole("button", { name: "Salvar o nome" }));
    expect(await screen.findByText("Seu nome foi corrigido.")).toBeInTheDocument();
    expect(screen.getByText("Maria da Silva")).toBeInTheDocument();
    const patch = calls.find((c) => c.method === "PATCH");
    expect(await patch?.json()).toEqual({ name: "Maria da Silva" });
    expect(getSession().user?.name).toBe("Maria da Silva");
  });

  it("shows the API's field message when the name is refused", async () => {
    stubApi({
      "GET /api/v1/auth/me": () => ({ body: ME }),
      "PATCH /api/v1/auth/me": () => ({ status: 422, body: { code: 422, status: "Unprocessable Entity", message: "Dados inválidos.", errors: { json: { name: ["Informe o nome."] } } } }),
    });
    renderPage();
    await userEvent.click(await screen.findByRole("button", { name: "Corrigir o nome" }));
    await userEvent.clear(screen.getByLabelText(/^Seu nome/));
    await userEvent.click(screen.getByRole("button", { name: "Salvar o nome" }));
    expect(await screen.findByText("Informe o nome.")).toBeInTheDocument();
    expect(screen.getByLabelText(/^Seu nome/)).toHaveAttribute("aria-invalid", "true");
  });

  it("downloads the export as a file named by Content-Disposition, or the default name", async () => {
    const created: Blob[] = [];
    const names: string[] = [];
    vi.spyOn(URL, "createObjectURL").mockImplementation((blob) => {
      created.push(blob as Blob);
      return "blob:teste";
    });
    vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => undefined);
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    let disposition: string | null = null;
    stubApi({
      "GET /api/v1/auth/me": () => ({ body: ME }),
      "GET /api/v1/users/me/export": () => {
        const headers: Record<string, string> = disposition ? { "Content-Disposition": disposition } : {};
        return { body: EXPORT, headers };
      },
    });
    renderPage();
    await userEvent.click(screen.getByRole("button", { name: "Baixar meus dados" }));
    expect(await screen.findByText(new RegExp(`O arquivo ${EXPORT_FILE_NAME} foi baixado`))).toBeInTheDocument();
    expect(names).toEqual([EXPORT_FILE_NAME]);
    expect(JSON.parse(await created[0]!.text())).toEqual(EXPORT);

    disposition = 'attachment; filename="dados-2026-12-03.json"';
    await userEvent.click(screen.getByRole("button", { name: "Baixar meus dados" }));
    await waitFor(() => expect(names).toEqual([EXPORT_FILE_NAME, "dados-2026-12-03.json"]));
  });

  it("deletes the account after the password: a wrong one is refused, the right one signs out", async () => {
    let attempts = 0;
    const { calls } = stubApi({
      "GET /api/v1/auth/me": () => ({ body: ME }),
      "DELETE /api/v1/users/me": () => {
        attempts += 1;
        return attempts === 1
          ? { status: 422, body: { code: 422, status: "Unprocessable Entity", message: "A senha informada está incorreta.", errors: { password: ["Senha incorreta."] } } }
          : { status: 204 };
      },
    });
    renderPage();
    await userEvent.click(screen.getByRole("button", { name: "Excluir minha conta" }));
    const dialog = screen.getByRole("dialog", { name: "Excluir a sua conta?" });
    expect(within(dialog).getByText(/trilha de auditoria/)).toBeInTheDocument();
    expect(within(dialog).getByText(/Os ETPs que você criou/)).toBeInTheDocument();

    await userEvent.type(within(dialog).getByLabelText(/^Sua senha atual/), "errada");
    await userEvent.click(within(dialog).getByRole("button", { name: "Excluir definitivamente" }));
    expect(await within(dialog).findByText("Senha incorreta.")).toBeInTheDocument();
    expect(within(dialog).getByText("A senha informada está incorreta.")).toBeInTheDocument();
    expect(getSession().status).toBe("authenticated");

    const field = within(dialog).getByLabelText(/^Sua senha atual/);
    await userEvent.clear(field);
    await userEvent.type(field, "Senha-Certa-2026!");
    await userEvent.click(within(dialog).getByRole("button", { name: "Excluir definitivamente" }));
    await waitFor(() => expect(getSession().status).toBe("anonymous"));
    expect(getSession().notice).toBe(ACCOUNT_DELETED_NOTICE);
    const deletes = calls.filter((c) => c.method === "DELETE");
    expect(await deletes[1]?.json()).toEqual({ password: "Senha-Certa-2026!" });
  });
});
