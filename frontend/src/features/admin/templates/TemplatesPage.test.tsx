import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import type { User } from "../../../api/types";
import { renderWithProviders, stubApi, TEST_USER } from "../../../test/render";
import TemplatesPage from "../TemplatesPage";

configure({ asyncUtilTimeout: 5000 });

const ADMIN: User = { ...TEST_USER, role: "org_admin" };

const TEMPLATES = [
  {
    type: "bens",
    name: "Bens e materiais",
    description: "Aquisição de bens de consumo e permanentes.",
    fields: [
      { name: "codigo_catmat", label: "Código CATMAT", kind: "string", required: true, help: "O código do item no catálogo de materiais." },
      { name: "forma_fornecimento", label: "Forma de fornecimento", kind: "enum", required: false, help: "Como o bem é entregue.", choices: ["integral", "parcelada"], choice_labels: { integral: "Entrega integral", parcelada: "Entrega parcelada" } },
    ],
  },
  { type: "servicos", name: "Serviços", description: "Serviços comuns.", fields: [{ name: "natureza_continuada", label: "Serviço continuado", kind: "boolean", required: true, help: "" }] },
  { type: "obras", name: "Obras e serviços de engenharia", description: "Obras.", fields: [] },
  { type: "ti", name: "Tecnologia da informação e comunicação", description: "TIC.", fields: [] },
];

const guidance = (type: string) => Array.from({ length: 13 }, (_, i) => ({ inciso: i + 1, code: ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII"][i], title: `Seção ${i + 1}`, guidance: `Orientação ${i + 1} para ${type}.` }));

describe("TemplatesPage", { timeout: 20_000 }, () => {
  it("shows the four types and the selected one's fields readably (kind, required, help, option labels) and its guidance", async () => {
    const { calls } = stubApi({
      "GET /api/v1/templates": () => ({ body: TEMPLATES }),
      "GET /api/v1/templates/:type": (request) => {
        const type = new URL(request.url).pathname.split("/").pop() ?? "";
        return { body: { ...TEMPLATES.find((t) => t.type === type), guidance: guidance(type) } };
      },
    });
    renderWithProviders(<TemplatesPage />, { route: "/organizacao/modelos", user: ADMIN });
    expect(screen.getByRole("heading", { level: 1, name: "Modelos de ETP" })).toBeInTheDocument();
    expect(screen.getByRole("navigation", { name: "Administração da organização" })).toBeInTheDocument();
    const nav = within(await screen.findByRole("navigation", { name: "Tipos de contratação" }));
    expect(nav.getAllByRole("link")).toHaveLength(4);
    expect(nav.getByRole("link", { name: /^Bens e materiais/ })).toHaveAttribute("aria-current", "true");

    const detail = within(screen.getByRole("region", { name: "Bens e materiais" }));
    expect(detail.getByText("2 campos próprios")).toBeInTheDocument();
    const catmat = within(detail.getByRole("heading", { level: 4, name: "Código CATMAT" }).closest("li") as HTMLElement);
    expect(catmat.getByText("Texto curto")).toBeInTheDocument();
    expect(catmat.getByText("Obrigatório").parentElement?.querySelector("i.fa-exclamation-circle")).not.toBeNull();
    expect(catmat.getByText("O código do item no catálogo de materiais.")).toBeInTheDocument();
    const supply = within(detail.getByRole("heading", { level: 4, name: "Forma de fornecimento" }).closest("li") as HTMLElement);
    expect(supply.getByText("Escolha entre opções")).toBeInTheDocument();
    expect(supply.getByText("Opcional")).toBeInTheDocument();
    expect(supply.getByText("Entrega integral")).toBeInTheDocument();
    expect(supply.getByText("Entrega parcelada")).toBeInTheDocument();
    expect(supply.queryByText("parcelada")).toBeNull();
    expect(await detail.findByText("I — Seção 1")).toBeInTheDocument();
    expect(detail.getByText("Orientação 1 para bens.")).toBeInTheDocument();

    await userEvent.click(nav.getByRole("link", { name: /^Serviços/ }));
    const servicos = within(await screen.findByRole("region", { name: "Serviços" }));
    expect(servicos.getByText("1 campo próprio")).toBeInTheDocument();
    expect(servicos.getByText("Sim ou não")).toBeInTheDocument();
    expect(await servicos.findByText("Orientação 13 para servicos.")).toBeInTheDocument();
    await waitFor(() => expect(calls.some((c) => new URL(c.url).pathname === "/api/v1/templates/servicos")).toBe(true));
    expect(nav.getByRole("link", { name: /^Serviços/ })).toHaveAttribute("aria-current", "true");
  });

  it("shows the API's message when the templates cannot be loaded", async () => {
    stubApi({ "GET /api/v1/templates": () => ({ status: 503, body: { code: 503, status: "Service Unavailable", message: "Serviço indisponível." } }) });
    renderWithProviders(<TemplatesPage />, { route: "/organizacao/modelos", user: ADMIN });
    expect(await screen.findByText("Serviço indisponível.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Tentar novamente" })).toBeInTheDocument();
  });
});
