import { act, configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import type { User } from "../../api/types";
import { renderWithProviders, stubApi, TEST_USER } from "../../test/render";
import BackupsPage from "./BackupsPage";
import HealthPage, { REFRESH_MS } from "./HealthPage";
import { formatDuration, formatSize } from "./looks";
import OrganizationsPage from "./OrganizationsPage";

configure({ asyncUtilTimeout: 5000 });

const ADMIN: User = { ...TEST_USER, id: "u-adm", role: "system_admin", email: "ops@plataforma.gov.br", name: "Operação" };

const HEALTH = {
  status: "degraded",
  timestamp: "2026-12-03T10:00:00Z",
  uptime: 93784,
  version: "1.4.2",
  database: { status: "up", latency_ms: 2.4 },
  redis: { status: "down", latency_ms: null, error: "Redis não respondeu" },
  workers: { status: "up", count: 2 },
  mail: "outbox",
};
const READY = {
  status: "not_ready",
  timestamp: "2026-12-03T10:00:00Z",
  checks: { database: { status: "up" }, redis: { status: "down" }, migrations: { status: "up", current: ["0014_invitations"], head: ["0014_invitations"] } },
  failed: ["redis"],
};
const METRICS = {
  timestamp: "2026-12-03T10:00:00Z",
  version: "1.4.2",
  uptime: 93784,
  started_at: "2026-12-02T07:57:00Z",
  process: { pid: 1, memory_rss_bytes: 157286400, memory_vms_bytes: 1, threads: 4, cpu_seconds: 3 },
  database: { status: "up", pool: { class: "QueuePool" } },
  redis: { status: "down" },
  workers: { status: "up", count: 2 },
  jobs: { by_state: { running: 1, queued: 3 }, by_kind: {}, total: 10 },
  backups: { last_success_at: "2026-12-03T03:00:05Z", last_success_age_seconds: 25200, last_success_size_bytes: 2048, last_status: "succeeded", last_restore_check_at: null, last_restore_check_ok: null },
  queues: { drafting: 0, exports: 2, maintenance: null, mail: 0 },
};

describe("looks", () => {
  it("formats sizes and durations in pt-BR", () => {
    expect(formatSize(512)).toBe("512 bytes");
    expect(formatSize(1536)).toBe("1,5 KB");
    expect(formatSize(157286400)).toBe("150 MB");
    expect(formatSize(null)).toBe("—");
    expect(formatDuration(8.25)).toBe("8,3 s");
    expect(formatDuration(750)).toBe("12 min 30 s");
    expect(formatDuration(93784)).toBe("1 d 2 h");
  });
});

describe("HealthPage", { timeout: 20_000 }, () => {
  afterEach(() => vi.useRealTimers());

  it("shows the overall status and each check as text and icon, with latency, version and uptime; 503 bodies are shown", async () => {
    stubApi({
      "GET /api/health": () => ({ body: HEALTH }),
      "GET /api/health/ready": () => ({ status: 503, body: READY }),
      "GET /api/metrics": () => ({ body: METRICS }),
    });
    renderWithProviders(<HealthPage />, { route: "/sistema/saude", user: ADMIN });
    expect(screen.getByRole("heading", { level: 1, name: "Saúde da plataforma" })).toBeInTheDocument();
    expect(screen.getByRole("navigation", { name: "Administração do sistema" })).toBeInTheDocument();
    expect(await screen.findByText("Degradada")).toBeInTheDocument();
    expect(await screen.findByText("Não pronta")).toBeInTheDocument();
    expect(screen.getByText("1.4.2")).toBeInTheDocument();
    expect(screen.getByText("1 d 2 h")).toBeInTheDocument();
    expect(screen.getByText("150 MB")).toBeInTheDocument();

    const rows = () => within(screen.getByRole("table")).getAllByRole("row");
    const row = (name: RegExp) => rows().find((r) => name.test(r.textContent ?? "")) as HTMLElement;
    await waitFor(() => expect(row(/Backups/)).toBeTruthy());
    const database = within(row(/Banco de dados/));
    expect(database.getByText("Funcionando").parentElement?.querySelector("i.fa-check-circle")).not.toBeNull();
    expect(database.getByText("2,4 ms")).toBeInTheDocument();
    const redis = within(row(/Redis/));
    expect(redis.getByText("Fora do ar").parentElement?.querySelector("i.fa-times-circle")).not.toBeNull();
    expect(redis.getByText(/Redis não respondeu/)).toBeInTheDocument();
    expect(within(row(/Workers/)).getByText("2 workers respondendo")).toBeInTheDocument();
    expect(within(row(/Migrações/)).getByText("Em dia")).toBeInTheDocument();
    expect(within(row(/Filas/)).getByText("Não verificado")).toBeInTheDocument();
    expect(within(row(/Filas/)).getByText(/Exportações: 2/)).toBeInTheDocument();
    expect(within(row(/Backups/)).getByText("Em dia")).toBeInTheDocument();
    expect(within(row(/E-mail/)).getByText(/SMTP não configurado/)).toBeInTheDocument();
  });

  it("refreshes on the button and by itself every 30 s", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let count = 0;
    stubApi({
      "GET /api/health": () => {
        count += 1;
        return { body: HEALTH };
      },
      "GET /api/health/ready": () => ({ body: { ...READY, status: "ready", failed: [] } }),
      "GET /api/metrics": () => ({ body: METRICS }),
    });
    renderWithProviders(<HealthPage />, { route: "/sistema/saude", user: ADMIN });
    await screen.findByText("Degradada");
    expect(count).toBe(1);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(REFRESH_MS + 100);
    });
    await waitFor(() => expect(count).toBe(2));
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    await user.click(await screen.findByRole("button", { name: "Atualizar agora" }));
    await waitFor(() => expect(count).toBe(3));
  });

  it("says when the API cannot be reached", async () => {
    stubApi({
      "GET /api/health": () => ({ status: 500, body: { code: 500, status: "Internal Server Error", message: "Falha inesperada." } }),
      "GET /api/health/ready": () => ({ body: READY }),
      "GET /api/metrics": () => ({ status: 403, body: { code: 403, status: "Forbidden", message: "Métricas são restritas a administradores do sistema." } }),
    });
    renderWithProviders(<HealthPage />, { route: "/sistema/saude", user: ADMIN });
    expect(await screen.findByText("Falha inesperada.")).toBeInTheDocument();
    expect(await screen.findByText("Métricas são restritas a administradores do sistema.")).toBeInTheDocument();
  });
});

const BACKUP = {
  id: "b-1",
  status: "succeeded",
  trigger: "schedule",
  file_name: "etp-20261203-030000.dump",
  available: true,
  size_bytes: 2048,
  sha256: "a".repeat(12) + "b".repeat(52),
  duration_seconds: 4.2,
  tables: 20,
  rows: 340,
  started_at: "2026-12-03T03:00:00Z",
  finished_at: "2026-12-03T03:00:04Z",
  verified_at: "2026-12-03T03:00:05Z",
  restore_checked_at: "2026-12-01T04:30:00Z",
  restore_check: { ok: true },
};
const pages = (page: number, totalPages: number, total: number) => ({ "X-Pagination": JSON.stringify({ total, total_pages: totalPages, page, page_size: 20 }) });

describe("BackupsPage", { timeout: 20_000 }, () => {
  it("lists backups with status, size, shortened SHA-256 (full on demand, copy), duration, verification and restore check", async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    const { calls } = stubApi({ "GET /api/v1/admin/backups": () => ({ body: [BACKUP, { ...BACKUP, id: "b-2", status: "failed", sha256: null, verified_at: null, restore_checked_at: null, error: "pg_dump terminou com erro", trigger: "api" }], headers: pages(2, 3, 45) }) });
    renderWithProviders(<BackupsPage />, { route: "/sistema/backups?page=2", user: ADMIN });
    expect(screen.getByRole("heading", { level: 1, name: "Backups" })).toBeInTheDocument();
    const table = await screen.findByRole("table");
    const [, first, second] = within(table).getAllByRole("row") as HTMLElement[];
    const one = within(first!);
    expect(one.getByText("Concluído").parentElement?.querySelector("i.fa-check-circle")).not.toBeNull();
    expect(one.getByText("Agendado")).toBeInTheDocument();
    expect(one.getByText("2 KB")).toBeInTheDocument();
    expect(one.getByText("20 tabelas, 340 linhas")).toBeInTheDocument();
    expect(one.getByText("4,2 s")).toBeInTheDocument();
    expect(one.getByText("aaaaaaaaaaaa…")).toBeInTheDocument();
    expect(one.getByText("a".repeat(12) + "b".repeat(52))).not.toBeVisible();
    await userEvent.click(one.getByText("aaaaaaaaaaaa…"));
    expect(one.getByText("a".repeat(12) + "b".repeat(52))).toBeVisible();
    await userEvent.click(one.getByRole("button", { name: "Copiar o SHA-256 aaaaaaaaaaaa" }));
    expect(writeText).toHaveBeenCalledWith("a".repeat(12) + "b".repeat(52));
    expect(await one.findByText("Copiado.")).toBeInTheDocument();
    expect(one.getByText(/^Verificado em/)).toBeInTheDocument();
    expect(one.getByText(/^Restaurou em/)).toBeInTheDocument();
    const two = within(second!);
    expect(two.getByText("Falhou").parentElement?.querySelector("i.fa-times-circle")).not.toBeNull();
    expect(two.getByText("pg_dump terminou com erro")).toBeInTheDocument();
    expect(two.getByText("Não verificado")).toBeInTheDocument();
    expect(two.getByText("Ainda não testada")).toBeInTheDocument();
    expect(screen.getByText("Página 2 de 3")).toBeInTheDocument();
    expect(new URL(calls[0]!.url).searchParams.get("page")).toBe("2");
  });

  it("starts a backup, follows the job's progress and refreshes the list when it ends", async () => {
    let listed = 0;
    let polls = 0;
    const job = { id: "j-1", kind: "backup", state: "queued", progress: 0 };
    const { calls } = stubApi({
      "GET /api/v1/admin/backups": () => {
        listed += 1;
        return { body: listed >= 3 ? [BACKUP] : [], headers: pages(1, 1, listed >= 3 ? 1 : 0) };
      },
      "POST /api/v1/admin/backups": () => ({ status: 202, body: job, headers: { Location: "/api/v1/jobs/j-1" } }),
      "GET /api/v1/jobs/:id": () => {
        polls += 1;
        return { body: polls === 1 ? { ...job, state: "running", progress: 40 } : { ...job, state: "succeeded", progress: 100, finished_at: "2026-12-03T10:00:10Z" } };
      },
    });
    renderWithProviders(<BackupsPage />, { route: "/sistema/backups", user: ADMIN });
    expect(await screen.findByText(/Nenhum backup ainda/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Fazer backup agora" }));
    const bar = await screen.findByRole("progressbar");
    expect(bar).toHaveAttribute("aria-valuenow", "40");
    expect(screen.getByRole("button", { name: "Fazer backup agora" })).toBeDisabled();
    expect(await screen.findByText(/O backup foi feito e verificado/, undefined, { timeout: 8000 })).toBeInTheDocument();
    expect(await screen.findByText("aaaaaaaaaaaa…")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Fazer backup agora" })).toBeEnabled();
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(1);
  });

  it("offers to follow the backup already running when the API answers 409", async () => {
    stubApi({
      "GET /api/v1/admin/backups": () => ({ body: [], headers: pages(1, 1, 0) }),
      "POST /api/v1/admin/backups": () => ({ status: 409, body: { code: 409, status: "Conflict", message: "Já há um backup na fila ou em execução.", errors: { job_id: ["j-9"] } } }),
      "GET /api/v1/jobs/:id": () => ({ body: { id: "j-9", kind: "backup", state: "running", progress: 10 } }),
    });
    renderWithProviders(<BackupsPage />, { route: "/sistema/backups", user: ADMIN });
    await userEvent.click(await screen.findByRole("button", { name: "Fazer backup agora" }));
    expect(await screen.findByText("Já há um backup na fila ou em execução.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Acompanhar" }));
    expect(await screen.findByRole("progressbar")).toHaveAttribute("aria-valuenow", "10");
  });
});

const REQUEST = {
  id: "r-1",
  name: "Prefeitura de Beta",
  domains: ["beta.gov.br"],
  justification: "Somos a equipe de compras.",
  status: "pending",
  requester: { id: "u-9", name: "João Compras", email: "joao@beta.gov.br" },
  created_at: "2026-12-02T10:00:00Z",
};
const ORG = { id: "o-1", name: "Prefeitura de Alfa", domains: ["alfa.gov.br"], created_at: "2026-11-01T10:00:00Z", usage: { members: 12, etps: 1034, drafts_month: 1, tokens_month: 15300 } };

describe("OrganizationsPage", { timeout: 20_000 }, () => {
  it("approves a pending request and refreshes both lists", async () => {
    let approved = false;
    const { calls } = stubApi({
      "GET /api/v1/admin/organization-requests": () => ({ body: approved ? [] : [REQUEST] }),
      "GET /api/v1/admin/organizations": () => ({ body: approved ? [ORG, { ...ORG, id: "o-2", name: "Prefeitura de Beta", domains: ["beta.gov.br"] }] : [ORG], headers: pages(1, 1, approved ? 2 : 1) }),
      "POST /api/v1/admin/organization-requests/:id/approve": () => {
        approved = true;
        return { body: { ...REQUEST, status: "approved" } };
      },
    });
    renderWithProviders(<OrganizationsPage />, { route: "/sistema/organizacoes", user: ADMIN });
    expect(screen.getByRole("heading", { level: 1, name: "Organizações" })).toBeInTheDocument();
    const card = await screen.findByRole("article", { name: "Prefeitura de Beta" });
    expect(within(card).getByText("beta.gov.br")).toBeInTheDocument();
    expect(within(card).getByText("João Compras <joao@beta.gov.br>")).toBeInTheDocument();
    expect(within(card).getByText("Somos a equipe de compras.")).toBeInTheDocument();
    expect(new URL(calls[0]!.url).searchParams.get("status")).toBe("pending");
    await userEvent.click(within(card).getByRole("button", { name: "Aprovar o pedido de Prefeitura de Beta" }));
    expect(await screen.findByText(/A organização “Prefeitura de Beta” foi criada/)).toBeInTheDocument();
    expect(await screen.findByText("Nenhum pedido aguardando análise.")).toBeInTheDocument();
    expect(await screen.findByText("2 organizações")).toBeInTheDocument();
  });

  it("rejects a request with a reason, showing the API's field message first", async () => {
    let tries = 0;
    const { calls } = stubApi({
      "GET /api/v1/admin/organization-requests": () => ({ body: [REQUEST] }),
      "GET /api/v1/admin/organizations": () => ({ body: [ORG], headers: pages(1, 1, 1) }),
      "POST /api/v1/admin/organization-requests/:id/reject": () => {
        tries += 1;
        return tries === 1
          ? { status: 422, body: { code: 422, status: "Unprocessable Entity", message: "Dados inválidos.", errors: { json: { reason: ["Informe o motivo."] } } } }
          : { body: { ...REQUEST, status: "rejected", reason: "Domínio não é da prefeitura." } };
      },
    });
    renderWithProviders(<OrganizationsPage />, { route: "/sistema/organizacoes", user: ADMIN });
    await userEvent.click(await screen.findByRole("button", { name: "Recusar o pedido de Prefeitura de Beta" }));
    const dialog = screen.getByRole("dialog", { name: /Recusar o pedido de “Prefeitura de Beta”/ });
    await userEvent.click(within(dialog).getByRole("button", { name: "Recusar o pedido" }));
    expect(await within(dialog).findByText("Informe o motivo.")).toBeInTheDocument();
    await userEvent.type(within(dialog).getByLabelText(/^Motivo da recusa/), "Domínio não é da prefeitura.");
    await userEvent.click(within(dialog).getByRole("button", { name: "Recusar o pedido" }));
    expect(await screen.findByText(/O pedido de “Prefeitura de Beta” foi recusado/)).toBeInTheDocument();
    const rejects = calls.filter((c) => c.url.endsWith("/reject"));
    expect(await rejects[1]!.json()).toEqual({ reason: "Domínio não é da prefeitura." });
  });

  it("searches organizations through the URL and invites a first administrator", async () => {
    const { calls } = stubApi({
      "GET /api/v1/admin/organization-requests": () => ({ body: [] }),
      "GET /api/v1/admin/organizations": () => ({ body: [ORG], headers: pages(1, 1, 1) }),
      "POST /api/v1/admin/organizations/:id/invitations": () => ({ status: 201, body: { id: "i-1", email: "chefe@alfa.gov.br", role: "org_admin" } }),
    });
    renderWithProviders(<OrganizationsPage />, { route: "/sistema/organizacoes?q=alfa", user: ADMIN });
    const table = await screen.findByRole("table");
    expect(within(table).getByText("alfa.gov.br")).toBeInTheDocument();
    const row = within(within(table).getAllByRole("row")[1] as HTMLElement);
    expect(row.getByText("12")).toBeInTheDocument();
    expect(row.getByText("1.034")).toBeInTheDocument();
    expect(row.getByText("1 redação · 15.300 tokens")).toBeInTheDocument();
    expect(screen.getByLabelText("Buscar por nome ou domínio")).toHaveValue("alfa");
    const listCall = calls.find((c) => new URL(c.url).pathname === "/api/v1/admin/organizations");
    expect(new URL(listCall!.url).searchParams.get("q")).toBe("alfa");

    await userEvent.click(within(table).getByRole("button", { name: "Convidar uma pessoa para Prefeitura de Alfa" }));
    const dialog = screen.getByRole("dialog", { name: "Convidar para “Prefeitura de Alfa”" });
    expect(within(dialog).getByLabelText("Perfil na organização")).toHaveValue("org_admin");
    await userEvent.type(within(dialog).getByLabelText(/^E-mail de quem será convidado/), "chefe@alfa.gov.br");
    await userEvent.click(within(dialog).getByRole("button", { name: "Enviar o convite" }));
    expect(await screen.findByText("Convite enviado para chefe@alfa.gov.br (Prefeitura de Alfa).")).toBeInTheDocument();
    const invite = calls.find((c) => c.method === "POST");
    expect(new URL(invite!.url).pathname).toBe("/api/v1/admin/organizations/o-1/invitations");
    expect(await invite!.json()).toEqual({ email: "chefe@alfa.gov.br", role: "org_admin" });
  });
});
