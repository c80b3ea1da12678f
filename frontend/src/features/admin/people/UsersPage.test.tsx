import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useLocation } from "react-router";

import type { User } from "../../../api/types";
import { renderWithProviders, stubApi, TEST_USER } from "../../../test/render";
import UsersPage from "../UsersPage";

configure({ asyncUtilTimeout: 5000 });

const ADMIN: User = { ...TEST_USER, id: "u-admin", name: "Ana Administradora", email: "ana@prefeitura.gov.br", role: "org_admin" };

const person = (overrides: Partial<User> = {}): User => ({
  id: "u-bruno",
  name: "Bruno Membro",
  email: "bruno@prefeitura.gov.br",
  role: "member",
  is_active: true,
  email_verified: true,
  autoridade_competente: false,
  last_login_at: "2026-12-01T13:45:00Z",
  created_at: "2026-11-01T10:00:00Z",
  ...overrides,
});

const ORG = { id: "o1", name: "Prefeitura de Exemplo", domains: ["prefeitura.gov.br"], separation_of_duties: true, approvers: "org_admin", monthly_token_budget: null };
const pages = (page: number, totalPages: number, total: number) => ({ "X-Pagination": JSON.stringify({ total, total_pages: totalPages, page, page_size: 20 }) });
const error = (status: number, message: string, errors?: unknown) => ({ status, body: { code: status, status: "Erro", message, ...(errors ? { errors } : {}) } });

function LocationProbe() {
  return <output data-testid="local">{useLocation().search}</output>;
}

function Page() {
  return (
    <>
      <UsersPage />
      <LocationProbe />
    </>
  );
}

type Routes = Parameters<typeof stubApi>[0];

function stub(overrides: Routes = {}) {
  return stubApi({
    "GET /api/v1/users": () => ({ body: [person({ id: "u-admin", name: "Ana Administradora", email: "ana@prefeitura.gov.br", role: "org_admin", last_login_at: null }), person(), person({ id: "u-carla", name: "Carla Inativa", email: "carla@prefeitura.gov.br", role: "viewer", is_active: false, email_verified: false, autoridade_competente: true })], headers: pages(1, 2, 23) }),
    "GET /api/v1/organization": () => ({ body: ORG }),
    "GET /api/v1/organization/invitations": () => ({ body: [], headers: pages(1, 0, 0) }),
    "GET /api/v1/organization/join-requests": () => ({ body: [], headers: pages(1, 0, 0) }),
    ...overrides,
  });
}

const rowOf = (name: string) => screen.getAllByRole("row").find((row) => within(row).queryByText(name)) as HTMLElement;
const bodyOf = (call: Request) => call.clone().json() as Promise<Record<string, unknown>>;

describe("UsersPage", { timeout: 20_000 }, () => {
  it("lists the people with Portuguese roles, status as text and icon, last login, and locks one's own row", async () => {
    const { calls } = stub();
    renderWithProviders(<Page />, { route: "/organizacao/pessoas?q=pre&role=member&page=1", user: ADMIN });
    expect(screen.getByRole("heading", { level: 1, name: "Pessoas" })).toBeInTheDocument();
    expect(screen.getByRole("navigation", { name: "Administração da organização" })).toBeInTheDocument();
    await screen.findByText("Bruno Membro");
    const users = new URL(calls.find((c) => new URL(c.url).pathname === "/api/v1/users")!.url).searchParams;
    expect([users.get("q"), users.get("role")]).toEqual(["pre", "member"]);
    expect(screen.getByText("23 pessoas")).toBeInTheDocument();
    expect(screen.getByText("Página 1 de 2")).toBeInTheDocument();

    const bruno = within(rowOf("Bruno Membro"));
    expect(bruno.getByText("Membro")).toBeInTheDocument();
    expect(bruno.getByText("Ativa").parentElement?.querySelector("i.fa-user-check")).not.toBeNull();
    expect(bruno.getByText("E-mail confirmado")).toBeInTheDocument();
    expect(bruno.getByText(/01\/12\/2026 às/)).toBeInTheDocument();
    expect(bruno.getByRole("button", { name: "Alterar perfil de Bruno Membro" })).toBeEnabled();

    const carla = within(rowOf("Carla Inativa"));
    expect(carla.getByText("Leitura")).toBeInTheDocument();
    expect(carla.getByText("Inativa").parentElement?.querySelector("i.fa-user-slash")).not.toBeNull();
    expect(carla.getByText("E-mail não confirmado")).toBeInTheDocument();
    expect(carla.getByText("Autoridade competente")).toBeInTheDocument();
    expect(carla.getByRole("button", { name: "Reativar a conta de Carla Inativa" })).toBeInTheDocument();
    expect(carla.getByRole("button", { name: "Retirar autoridade competente de Carla Inativa" })).toBeInTheDocument();

    const own = within(rowOf("Ana Administradora"));
    expect(own.getByText("Administrador da organização")).toBeInTheDocument();
    expect(own.getByText("Nunca entrou")).toBeInTheDocument();
    const locked = own.getByRole("button", { name: "Alterar perfil de Ana Administradora" });
    expect(locked).toBeDisabled();
    expect(locked).toHaveAccessibleDescription(/ninguém altera o próprio perfil/);
    expect(own.getByRole("button", { name: "Desativar a conta de Ana Administradora" })).toBeDisabled();

    expect(screen.getByLabelText("Buscar por nome ou e-mail")).toHaveValue("pre");
    expect(screen.getByLabelText("Perfil")).toHaveValue("member");
    await userEvent.selectOptions(screen.getByLabelText("Perfil"), "org_admin");
    await waitFor(() => expect(screen.getByTestId("local")).toHaveTextContent("role=org_admin"));
    await userEvent.click(screen.getByRole("button", { name: /Próxima/ }));
    await waitFor(() => expect(screen.getByTestId("local")).toHaveTextContent("page=2"));
  });

  it("changes another person's role in a dialog and shows the API's refusal in its words", async () => {
    let refuse = true;
    const { calls } = stub({
      "PATCH /api/v1/users/:id": () => (refuse ? error(409, "Este é o último administrador da organização: promova outra pessoa antes.") : { body: person({ role: "org_admin" }) }),
    });
    renderWithProviders(<Page />, { route: "/organizacao/pessoas", user: ADMIN });
    await userEvent.click(await screen.findByRole("button", { name: "Alterar perfil de Bruno Membro" }));
    const dialog = within(screen.getByRole("dialog", { name: "Alterar perfil de Bruno Membro" }));
    expect(dialog.getByLabelText("Novo perfil")).toHaveValue("member");
    expect(within(dialog.getByLabelText("Novo perfil")).queryByRole("option", { name: /Administrador do sistema/ })).toBeNull();
    await userEvent.selectOptions(dialog.getByLabelText("Novo perfil"), "org_admin");
    await userEvent.click(dialog.getByRole("button", { name: "Salvar perfil" }));
    expect(await dialog.findByText("Este é o último administrador da organização: promova outra pessoa antes.")).toBeInTheDocument();
    const patch = calls.find((c) => c.method === "PATCH")!;
    expect(new URL(patch.url).pathname).toBe("/api/v1/users/u-bruno");
    expect(await bodyOf(patch)).toEqual({ role: "org_admin" });

    refuse = false;
    await userEvent.click(dialog.getByRole("button", { name: "Salvar perfil" }));
    expect(await screen.findByText("O perfil de Bruno Membro agora é Administrador da organização.")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
  });

  it("deactivates after a dialog that says the sessions end, and grants the authority permission", async () => {
    const { calls } = stub({ "PATCH /api/v1/users/:id": () => ({ body: person() }) });
    renderWithProviders(<Page />, { route: "/organizacao/pessoas", user: ADMIN });
    await userEvent.click(await screen.findByRole("button", { name: "Desativar a conta de Bruno Membro" }));
    const dialog = within(screen.getByRole("dialog", { name: "Desativar a conta de Bruno Membro?" }));
    expect(dialog.getByText(/todas as sessões abertas terminam agora/)).toBeInTheDocument();
    await userEvent.click(dialog.getByRole("button", { name: "Desativar conta" }));
    expect(await screen.findByText("A conta de Bruno Membro foi desativada e as sessões dela foram encerradas.")).toBeInTheDocument();
    expect(await bodyOf(calls.filter((c) => c.method === "PATCH")[0]!)).toEqual({ is_active: false });

    await userEvent.click(screen.getByRole("button", { name: "Conceder autoridade competente a Bruno Membro" }));
    const grant = within(screen.getByRole("dialog", { name: "Conceder a permissão de autoridade competente a Bruno Membro?" }));
    expect(grant.getByText(/Administradores e autoridades competentes/)).toBeInTheDocument();
    await userEvent.click(grant.getByRole("button", { name: "Conceder permissão" }));
    expect(await screen.findByText("Bruno Membro agora tem a permissão de autoridade competente.")).toBeInTheDocument();
    expect(await bodyOf(calls.filter((c) => c.method === "PATCH")[1]!)).toEqual({ autoridade_competente: true });
  });

  it("invites by e-mail with a role, shows the 422 on the field, and resends or revokes a pending invitation", async () => {
    const invitation = { id: "i1", email: "nova@prefeitura.gov.br", role: "member", status: "pending", created_at: "2026-12-02T10:00:00Z", last_sent_at: "2026-12-02T10:00:00Z", expires_at: "2026-12-09T10:00:00Z", invited_by_name: "Ana Administradora" };
    let invalid = true;
    const { calls } = stub({
      "POST /api/v1/organization/invitations": () => (invalid ? error(422, "Dados inválidos.", { json: { email: ["E-mail inválido."] } }) : { status: 201, body: invitation }),
      "GET /api/v1/organization/invitations": () => ({ body: [invitation], headers: pages(1, 1, 1) }),
      "POST /api/v1/organization/invitations/:id/resend": () => ({ status: 202, body: { ...invitation, expires_at: "2026-12-10T10:00:00Z" } }),
      "DELETE /api/v1/organization/invitations/:id": () => ({ status: 204 }),
    });
    renderWithProviders(<Page />, { route: "/organizacao/pessoas", user: ADMIN });
    await userEvent.type(await screen.findByLabelText(/^E-mail da pessoa/), "nova@");
    await userEvent.selectOptions(screen.getByLabelText("Perfil do convidado"), "viewer");
    await userEvent.click(screen.getByRole("button", { name: "Enviar convite" }));
    expect(await screen.findByRole("link", { name: "E-mail da pessoa: E-mail inválido." })).toBeInTheDocument();
    expect(screen.getByLabelText(/^E-mail da pessoa/)).toHaveAttribute("aria-invalid", "true");
    expect(await bodyOf(calls.find((c) => c.method === "POST")!)).toEqual({ email: "nova@", role: "viewer" });

    invalid = false;
    await userEvent.clear(screen.getByLabelText(/^E-mail da pessoa/));
    await userEvent.type(screen.getByLabelText(/^E-mail da pessoa/), "nova@prefeitura.gov.br");
    await userEvent.click(screen.getByRole("button", { name: "Enviar convite" }));
    expect(await screen.findByText(/nova@prefeitura.gov.br recebe o convite como Membro/)).toBeInTheDocument();

    const table = within(screen.getByRole("region", { name: "Tabela de convites (rolável)" }));
    expect(table.getByText("Ana Administradora")).toBeInTheDocument();
    await userEvent.click(table.getByRole("button", { name: "Reenviar o convite de nova@prefeitura.gov.br" }));
    expect(await screen.findByText(/Convite reenviado para nova@prefeitura.gov.br/)).toBeInTheDocument();
    expect(calls.some((c) => new URL(c.url).pathname === "/api/v1/organization/invitations/i1/resend")).toBe(true);

    await userEvent.click(table.getByRole("button", { name: "Revogar o convite de nova@prefeitura.gov.br" }));
    const dialog = within(screen.getByRole("dialog", { name: "Revogar o convite de nova@prefeitura.gov.br?" }));
    await userEvent.click(dialog.getByRole("button", { name: "Revogar convite" }));
    expect(await screen.findByText(/O convite de nova@prefeitura.gov.br foi revogado/)).toBeInTheDocument();
    expect(calls.some((c) => c.method === "DELETE" && new URL(c.url).pathname === "/api/v1/organization/invitations/i1")).toBe(true);

    await userEvent.selectOptions(screen.getByLabelText("Mostrar convites"), "expired");
    await waitFor(() => expect(calls.some((c) => new URL(c.url).searchParams.get("status") === "expired")).toBe(true));
  });

  it("approves a join request with a role and rejects another with a reason", async () => {
    const request = (id: string, name: string) => ({ id, status: "pending", message: "Sou do setor de compras", created_at: "2026-12-02T09:00:00Z", requester: { id: `p-${id}`, name, email: `${id}@prefeitura.gov.br` } });
    const { calls } = stub({
      "GET /api/v1/organization/join-requests": () => ({ body: [request("j1", "Davi Pedinte"), request("j2", "Eva Pedinte")], headers: pages(1, 1, 2) }),
      "POST /api/v1/organization/join-requests/:id/approve": () => ({ body: { ...request("j1", "Davi Pedinte"), status: "approved" } }),
      "POST /api/v1/organization/join-requests/:id/reject": () => ({ body: { ...request("j2", "Eva Pedinte"), status: "rejected" } }),
    });
    renderWithProviders(<Page />, { route: "/organizacao/pessoas", user: ADMIN });
    expect(await screen.findByText(/prefeitura\.gov\.br\)/)).toBeInTheDocument();
    const list = within(await screen.findByRole("list", { name: "Pedidos aguardando decisão" }));
    expect(list.getAllByText("Sou do setor de compras")).toHaveLength(2);
    await userEvent.click(list.getByRole("button", { name: "Aprovar o pedido de Davi Pedinte" }));
    const approve = within(screen.getByRole("dialog", { name: "Aprovar o pedido de Davi Pedinte" }));
    await userEvent.selectOptions(approve.getByLabelText("Perfil na organização"), "viewer");
    await userEvent.click(approve.getByRole("button", { name: "Aprovar e dar acesso" }));
    expect(await screen.findByText("Davi Pedinte entrou na organização como Leitura.")).toBeInTheDocument();
    const approved = calls.find((c) => new URL(c.url).pathname.endsWith("/j1/approve"))!;
    expect(await bodyOf(approved)).toEqual({ role: "viewer" });

    await userEvent.click(list.getByRole("button", { name: "Recusar o pedido de Eva Pedinte" }));
    const reject = within(screen.getByRole("dialog", { name: "Recusar o pedido de Eva Pedinte" }));
    await userEvent.type(reject.getByLabelText("Motivo (opcional)"), "Não é servidora do órgão");
    await userEvent.click(reject.getByRole("button", { name: "Recusar pedido" }));
    expect(await screen.findByText("O pedido de Eva Pedinte foi recusado.")).toBeInTheDocument();
    const rejected = calls.find((c) => new URL(c.url).pathname.endsWith("/j2/reject"))!;
    expect(await bodyOf(rejected)).toEqual({ reason: "Não é servidora do órgão" });
  });

  it("saves only the changed organization settings and shows a 422 on its field", async () => {
    let invalid = true;
    const { calls } = stub({
      "PATCH /api/v1/organization": () => (invalid ? error(422, "Dados inválidos.", { json: { name: ["O tamanho deve estar entre 2 e 200."] } }) : { body: { ...ORG, approvers: "autoridade_competente" } }),
    });
    renderWithProviders(<Page />, { route: "/organizacao/pessoas", user: ADMIN });
    const name = await screen.findByLabelText(/^Nome da organização/);
    expect(name).toHaveValue("Prefeitura de Exemplo");
    expect(screen.getByLabelText("Separação de funções")).toBeChecked();
    expect(screen.getByLabelText("Administradores e autoridades competentes")).toBeChecked();
    expect(screen.queryByLabelText(/orçamento/i)).toBeNull();
    await userEvent.clear(name);
    await userEvent.type(name, "X");
    await userEvent.click(screen.getByRole("button", { name: "Salvar configurações" }));
    expect(await screen.findByRole("link", { name: "Nome da organização: O tamanho deve estar entre 2 e 200." })).toBeInTheDocument();
    expect(name).toHaveAttribute("aria-invalid", "true");
    expect(await bodyOf(calls.find((c) => c.method === "PATCH")!)).toEqual({ name: "X" });

    invalid = false;
    await userEvent.clear(name);
    await userEvent.type(name, "Prefeitura de Exemplo");
    await userEvent.click(screen.getByLabelText("Somente autoridades competentes"));
    await userEvent.click(screen.getByRole("button", { name: "Salvar configurações" }));
    expect(await screen.findByText("Configurações salvas.")).toBeInTheDocument();
    expect(await bodyOf(calls.filter((c) => c.method === "PATCH")[1]!)).toEqual({ approvers: "autoridade_competente" });
  });
});
