import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import type { UsageReport } from "../../../api/types";
import { formatInteger, formatUsd } from "../../../lib/format";
import { renderWithProviders, stubApi, TEST_USER } from "../../../test/render";
import UsagePage, { monthLabel } from "../UsagePage";
import { parseBudget } from "./BudgetPanel";
import { chartSummary, niceMax } from "./DailyChart";

configure({ asyncUtilTimeout: 5000 });

const ADMIN = { ...TEST_USER, role: "org_admin" as const };
const ETP_ID = "0b9d3c1e-0000-4000-8000-000000000001";

const amounts = (tokens_in: number, tokens_out: number, cost_usd: string, jobs: number) => ({ tokens_in, tokens_out, tokens: tokens_in + tokens_out, cost_usd, jobs });

function makeUsage(overrides: Partial<UsageReport> = {}): UsageReport {
  return {
    month: { tokens_in: 1500, tokens_out: 700, cost_usd: "0.013500", jobs: 3 },
    all_time: { tokens_in: 10500, tokens_out: 9700, cost_usd: "1.013500", jobs: 4 },
    monthly_token_budget: 5000,
    month_start: "2026-12-01T00:00:00+00:00",
    month_end: "2027-01-01T00:00:00+00:00",
    tokens_used: 2200,
    remaining: 2800,
    by_user: [
      { id: "u-1", name: "Ana Administradora", ...amounts(1200, 600, "0.012500", 2) },
      { id: null, name: null, ...amounts(300, 100, "0.001000", 1) },
    ],
    by_user_others: { count: 3, ...amounts(30, 10, "0.000100", 3) },
    by_etp: [
      { id: ETP_ID, title: "Limpeza predial da sede", ...amounts(1800, 600, "0.012500", 2) },
      { id: null, title: null, ...amounts(100, 100, "0.001000", 1) },
    ],
    by_etp_others: null,
    daily: [
      { date: "2026-12-01", ...amounts(1000, 500, "0.010000", 1) },
      { date: "2026-12-02", ...amounts(0, 0, "0.000000", 0) },
      { date: "2026-12-03", ...amounts(500, 200, "0.003500", 2) },
    ],
    ...overrides,
  };
}

describe("UsagePage", { timeout: 20_000 }, () => {
  it("shows the month's totals, the budget used and left in text and as a meter, the daily chart with its text alternative and the tables", async () => {
    stubApi({ "GET /api/v1/usage": () => ({ body: makeUsage() }) });
    renderWithProviders(<UsagePage />, { user: ADMIN });

    expect(screen.getByRole("heading", { level: 1, name: "Consumo e orçamento" })).toBeInTheDocument();
    expect(await screen.findByText("dezembro de 2026")).toBeInTheDocument();
    expect(screen.getByRole("navigation", { name: "Administração da organização" })).toBeInTheDocument();
    expect(screen.getByText("Tokens no mês").nextElementSibling).toHaveTextContent("2.200");
    expect(screen.getByText("Custo estimado no mês").nextElementSibling).toHaveTextContent("US$ 0,0135");

    const meter = screen.getByRole("meter", { name: "Uso do orçamento mensal" });
    expect(meter).toHaveAttribute("aria-valuenow", "44");
    expect(meter).toHaveAttribute("aria-valuetext", "2.200 de 5.000 tokens usados (44%)");
    expect(screen.getByTestId("orcamento-restante")).toHaveTextContent("2.800 tokens");
    expect(screen.getByText(/Dentro do orçamento do mês\./)).toHaveTextContent("O orçamento recomeça em 01/01/2027.");
    expect(screen.getByLabelText("Orçamento mensal (tokens)")).toHaveValue("5.000");

    const chart = screen.getByRole("img", { name: /Gráfico de barras dos tokens por dia/ });
    expect(chart.querySelectorAll("rect")).toHaveLength(2); // the day without tokens draws no bar
    expect(screen.getByRole("figure")).toHaveTextContent("2.200 tokens em 2 dias com uso de 3; o dia de maior uso foi 01/12/2026, com 1.500 tokens.");
    const daysTable = within(screen.getByRole("region", { name: "Tokens por dia do mês" }));
    expect(daysTable.getByRole("rowheader", { name: "03/12/2026" }).parentElement).toHaveTextContent("700");

    const people = within(screen.getByRole("region", { name: "Por pessoa" }));
    const ana = people.getByRole("rowheader", { name: "Ana Administradora" }).parentElement as HTMLElement;
    expect(within(ana).getAllByRole("cell").map((c) => c.textContent)).toEqual(["1.800", "1.200", "600", "2", "US$ 0,0125"]);
    expect(people.getByRole("rowheader", { name: "Conta excluída" })).toBeInTheDocument();
    expect(people.getByRole("rowheader", { name: "Outras 3 pessoas" })).toBeInTheDocument();

    const etps = within(screen.getByRole("region", { name: "Por ETP" }));
    expect(etps.getByRole("link", { name: "Limpeza predial da sede" })).toHaveAttribute("href", `/etps/${ETP_ID}`);
    expect(etps.getByRole("rowheader", { name: "ETP excluído" })).toBeInTheDocument();
    expect(etps.getByRole("columnheader", { name: "Custo estimado (US$)" })).toBeInTheDocument();
  });

  it("saves a new budget typed with thousands dots, says so, and shows what is left from the API's answer", async () => {
    let usage = makeUsage();
    const { calls } = stubApi({
      "GET /api/v1/usage": () => ({ body: usage }),
      "PATCH /api/v1/organization": async (request) => {
        const body = (await request.json()) as { monthly_token_budget: number };
        usage = makeUsage({ monthly_token_budget: body.monthly_token_budget, remaining: body.monthly_token_budget - 2200 });
        return new Response(JSON.stringify({ id: "o-1", name: "Prefeitura", monthly_token_budget: body.monthly_token_budget }), { headers: { "Content-Type": "application/json" } });
      },
    });
    renderWithProviders(<UsagePage />, { user: ADMIN });
    const field = await screen.findByLabelText("Orçamento mensal (tokens)");
    await userEvent.clear(field);
    await userEvent.type(field, "600.000");
    await userEvent.click(screen.getByRole("button", { name: "Salvar orçamento" }));

    expect(await screen.findByText("Orçamento salvo: 600.000 tokens por mês.")).toBeInTheDocument();
    const patch = calls.find((c) => c.method === "PATCH");
    expect(await patch?.json()).toEqual({ monthly_token_budget: 600000 });
    await waitFor(() => expect(screen.getByTestId("orcamento-restante")).toHaveTextContent("597.800 tokens"));
    expect(screen.getByLabelText("Orçamento mensal (tokens)")).toHaveValue("600.000");
  });

  it("shows the API's 422 and a typing mistake on the field, and sends nothing for the mistake", async () => {
    const { calls } = stubApi({
      "GET /api/v1/usage": () => ({ body: makeUsage() }),
      "PATCH /api/v1/organization": () => ({
        status: 422,
        body: { code: 422, status: "Unprocessable Entity", message: "Dados inválidos.", errors: { json: { monthly_token_budget: ["Deve ser no máximo 2147483647."] } } },
      }),
    });
    renderWithProviders(<UsagePage />, { user: ADMIN });
    const field = await screen.findByLabelText("Orçamento mensal (tokens)");

    await userEvent.clear(field);
    await userEvent.type(field, "1,5");
    await userEvent.click(screen.getByRole("button", { name: "Salvar orçamento" }));
    expect(await screen.findByText("Use um número inteiro de tokens, sem casas decimais.")).toBeInTheDocument();
    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(field).toHaveFocus();
    expect(calls.some((c) => c.method === "PATCH")).toBe(false);

    await userEvent.clear(field);
    await userEvent.type(field, "99999999999");
    await userEvent.click(screen.getByRole("button", { name: "Salvar orçamento" }));
    expect(await screen.findByText("Deve ser no máximo 2147483647.")).toBeInTheDocument();
    expect(field).toHaveAttribute("aria-invalid", "true");
  });

  it("removes the limit, and without a budget says there is none", async () => {
    let usage = makeUsage();
    const { calls } = stubApi({
      "GET /api/v1/usage": () => ({ body: usage }),
      "PATCH /api/v1/organization": () => {
        usage = makeUsage({ monthly_token_budget: null, remaining: null });
        return { body: { id: "o-1", monthly_token_budget: null } };
      },
    });
    renderWithProviders(<UsagePage />, { user: ADMIN });
    await userEvent.click(await screen.findByRole("button", { name: "Remover o limite" }));
    expect(await screen.findByText("Limite removido: a organização não tem mais orçamento mensal.")).toBeInTheDocument();
    expect(await calls.find((c) => c.method === "PATCH")?.json()).toEqual({ monthly_token_budget: null });
    expect(await screen.findByText(/Sem limite: a organização não tem orçamento mensal definido\./)).toBeInTheDocument();
    expect(screen.queryByRole("meter")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Remover o limite" })).not.toBeInTheDocument();
    expect(screen.getByLabelText("Orçamento mensal (tokens)")).toHaveValue("");
    expect(screen.getByLabelText("Orçamento mensal (tokens)")).toHaveFocus();
  });

  it("says in words when the budget is nearly or fully used", async () => {
    stubApi({ "GET /api/v1/usage": () => ({ body: makeUsage({ monthly_token_budget: 2000, tokens_used: 2200, remaining: 0 }) }) });
    renderWithProviders(<UsagePage />, { user: ADMIN });
    expect(await screen.findByText(/Orçamento esgotado: novas redações por IA ficam bloqueadas até 01\/01\/2027/)).toBeInTheDocument();
    expect(screen.getByRole("meter")).toHaveAttribute("aria-valuenow", "100");
    expect(screen.getByTestId("orcamento-restante")).toHaveTextContent("0 tokens");
  });

  it("hides the table by person when the API leaves it out, and shows an empty month plainly", async () => {
    stubApi({
      "GET /api/v1/usage": () => ({
        body: makeUsage({ by_user: null, by_user_others: null, by_etp: [], daily: [{ date: "2026-12-01", ...amounts(0, 0, "0.000000", 0) }] }),
      }),
    });
    renderWithProviders(<UsagePage />, { user: ADMIN });
    expect(await screen.findByText("Nenhum token usado neste mês até agora (1 dia).")).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Por pessoa" })).not.toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Por ETP" }).parentElement).toHaveTextContent("Nenhuma redação por IA neste mês até agora.");
  });

  it("shows the API's message when the usage fails to load and tries again", async () => {
    let fail = true;
    stubApi({
      "GET /api/v1/usage": () => (fail ? { status: 503, body: { code: 503, status: "Service Unavailable", message: "Banco de dados indisponível." } } : { body: makeUsage() }),
    });
    renderWithProviders(<UsagePage />, { user: ADMIN });
    expect(screen.getByText("Carregando o consumo da organização…")).toBeInTheDocument();
    expect(await screen.findByText("Banco de dados indisponível.")).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole("button", { name: "Tentar novamente" }));
    expect(await screen.findByRole("meter")).toBeInTheDocument();
  });
});

describe("usage helpers", () => {
  it("parses budgets as whole tokens in pt-BR writing", () => {
    expect(parseBudget("500000")).toEqual({ value: 500000 });
    expect(parseBudget(" 500.000 ")).toEqual({ value: 500000 });
    expect(parseBudget("1 000 000")).toEqual({ value: 1000000 });
    expect(parseBudget("")).toEqual({ value: null });
    expect(parseBudget("0")).toEqual({ value: 0 });
    expect(parseBudget("1,5")).toHaveProperty("error");
    expect(parseBudget("50.00")).toHaveProperty("error");
    expect(parseBudget("-3")).toHaveProperty("error");
    expect(parseBudget("mil")).toHaveProperty("error");
  });

  it("rounds the chart's axis and summarizes it", () => {
    expect([niceMax(0), niceMax(7), niceMax(1500), niceMax(2000), niceMax(2001), niceMax(45_000)]).toEqual([1, 10, 2000, 2000, 5000, 50_000]);
    expect(chartSummary([{ date: "2026-12-01", tokens: 0 }])).toBe("Nenhum token usado neste mês até agora (1 dia).");
  });

  it("formats tokens, dollars and the month in pt-BR", () => {
    expect(formatInteger(1234567)).toBe("1.234.567");
    expect(formatUsd("0.0135")).toBe("US$ 0,0135");
    expect(formatUsd("12.5")).toBe("US$ 12,50");
    expect(formatUsd("0.000000")).toBe("US$ 0,00");
    expect(monthLabel("2026-12-01T00:00:00+00:00")).toBe("dezembro de 2026");
  });
});
