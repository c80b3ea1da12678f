import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { renderWithProviders, stubApi } from "../../test/render";
import NewEtpPage from "./NewEtpPage";
import { makeEtp, templateRoutes } from "./testFixtures";
// a busy machine (the whole suite in parallel) is slower than the 1 s default of findBy/waitFor
configure({ asyncUtilTimeout: 5000 });
function App() {
    return (_jsxs(Routes, { children: [_jsx(Route, { path: "/etps/novo", element: _jsx(NewEtpPage, {}) }), _jsx(Route, { path: "/etps/:etpId", element: _jsx("p", { children: "P\u00E1gina do ETP criado" }) })] }));
}
const next = () => userEvent.click(screen.getByRole("button", { name: /Próxima etapa/ }));
async function chooseServicos() {
    await userEvent.click(await screen.findByRole("radio", { name: /^Serviços/ }));
    await next();
}
async function fillIdentification() {
    await userEvent.type(screen.getByLabelText(/^Título/), "Limpeza predial");
    await userEvent.type(screen.getByLabelText(/^Objeto/), "Serviço contínuo de limpeza da sede");
    await userEvent.type(screen.getByLabelText("UASG"), "160001");
    await userEvent.type(screen.getByLabelText("Nome do responsável técnico"), "Ana Lima");
    await next();
}
describe("NewEtpPage", { timeout: 20_000 }, () => {
    it("walks the five steps, keeps values on back/next, and posts money as decimal strings and the template fields by kind", async () => {
        const { calls } = stubApi({
            ...templateRoutes(),
            "POST /api/v1/etps": () => ({ status: 201, body: { ...makeEtp({ id: "novo-1" }), sections: [] } }),
        });
        renderWithProviders(_jsx(App, {}), { route: "/etps/novo" });
        expect(screen.getByRole("heading", { level: 1, name: "Novo ETP" })).toBeInTheDocument();
        expect(await screen.findByText(/Campos próprios: Serviço de natureza continuada/)).toBeInTheDocument();
        await chooseServicos();
        expect(screen.getByRole("heading", { level: 2, name: "Etapa 2 de 5: Identificação" })).toBeInTheDocument();
        await fillIdentification();
        expect(screen.getByRole("heading", { level: 2, name: "Etapa 3 de 5: Quantidades e valores" })).toBeInTheDocument();
        await userEvent.type(screen.getByLabelText("Valor unitário"), "R$ 8.233,33");
        await userEvent.type(screen.getByLabelText("Valor total estimado"), "R$ 1.185.599,52");
        await userEvent.type(screen.getByLabelText("Quantidade estimada"), "12,5");
        await userEvent.selectOptions(screen.getByLabelText("Periodicidade do preço unitário"), "mensal");
        await userEvent.type(screen.getByLabelText("Prazo de execução (dias)"), "365");
        // back keeps what was typed
        await userEvent.click(screen.getByRole("button", { name: /Voltar/ }));
        expect(screen.getByLabelText(/^Título/)).toHaveValue("Limpeza predial");
        await next();
        expect(screen.getByLabelText("Valor unitário")).toHaveValue("R$ 8.233,33");
        await next();
        await userEvent.type(screen.getByLabelText("Descrição da necessidade"), "A sede precisa de limpeza diária.");
        await userEvent.selectOptions(screen.getByLabelText("Nível de risco"), "medio");
        await next();
        // step 5: the template's fields, each by its kind
        expect(screen.getByRole("heading", { level: 2, name: "Etapa 5 de 5: Dados específicos" })).toBeInTheDocument();
        const boolean = screen.getByRole("group", { name: /Serviço de natureza continuada/ });
        expect(within(boolean).getAllByRole("radio").map((r) => r.getAttribute("value"))).toEqual(["true", "false"]);
        expect(screen.getByLabelText(/Descrição dos postos/).tagName).toBe("TEXTAREA");
        expect(screen.getByLabelText(/Convenção ou acordo coletivo/).tagName).toBe("INPUT");
        const select = screen.getByLabelText("Regime de execução");
        expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual(["Não informado", "Empreitada preco global", "Contratacao por tarefa"]);
        expect(screen.getByText("Quantidade total de postos.")).toBeInTheDocument();
        await userEvent.click(within(boolean).getByRole("radio", { name: "Sim" }));
        await userEvent.type(screen.getByLabelText("Número de postos de trabalho"), "12");
        await userEvent.type(screen.getByLabelText("Área a atender (m²)"), "1.500,5");
        await userEvent.type(screen.getByLabelText("Data-base da categoria"), "01/03/2026");
        await userEvent.selectOptions(select, "contratacao_por_tarefa");
        await userEvent.click(screen.getByRole("button", { name: /Criar ETP/ }));
        expect(await screen.findByText("Página do ETP criado")).toBeInTheDocument();
        const post = calls.find((c) => c.method === "POST");
        const body = (await post.json());
        expect(body).toEqual({
            template_type: "servicos",
            title: "Limpeza predial",
            objeto: "Serviço contínuo de limpeza da sede",
            uasg: "160001",
            responsavel_tecnico: { nome: "Ana Lima" },
            quantidade_estimada: "12.5",
            valor_unitario: "8233.33",
            periodicidade_preco: "mensal",
            valor_estimado: "1185599.52",
            prazo_execucao_dias: 365,
            descricao_necessidade: "A sede precisa de limpeza diária.",
            nivel_risco: "medio",
            campos: { natureza_continuada: true, postos_trabalho: 12, area_m2: "1500.5", data_base_categoria: "2026-03-01", regime: "contratacao_por_tarefa" },
        });
    });
    it("asks for the type, then title and objeto, before moving on, and refuses money it cannot read", async () => {
        stubApi(templateRoutes());
        renderWithProviders(_jsx(App, {}), { route: "/etps/novo" });
        await screen.findByRole("radio", { name: /^Serviços/ });
        await next();
        expect(screen.getByRole("heading", { level: 2, name: /Etapa 1 de 5/ })).toBeInTheDocument();
        expect(screen.getAllByText(/Escolha o tipo de contratação/).length).toBeGreaterThan(0);
        await chooseServicos();
        await next();
        expect(screen.getByRole("heading", { level: 2, name: /Etapa 2 de 5/ })).toBeInTheDocument();
        expect(screen.getByLabelText(/^Título/)).toHaveAttribute("aria-invalid", "true");
        expect(screen.getByRole("link", { name: "Objeto: Campo obrigatório." })).toHaveAttribute("href", "#campo-objeto");
        await fillIdentification();
        await userEvent.type(screen.getByLabelText("Valor unitário"), "R$ 12,34,56");
        await next();
        expect(screen.getByRole("heading", { level: 2, name: /Etapa 3 de 5/ })).toBeInTheDocument();
        expect(screen.getByLabelText("Valor unitário")).toHaveAccessibleDescription(/Valor não reconhecido: digite como R\$ 1\.234,56\./);
    });
    it("puts the API's 422 errors on their fields, jumps to the earliest step, and the summary links reach fields of other steps", async () => {
        stubApi({
            ...templateRoutes(),
            "POST /api/v1/etps": () => ({
                status: 422,
                body: {
                    code: 422,
                    status: "Unprocessable Entity",
                    message: "Há campos com problemas.",
                    errors: { json: { uasg: ["A UASG tem exatamente 6 dígitos."] }, campos: { area_m2: ["Não pode ser negativo."] } },
                },
            }),
        });
        renderWithProviders(_jsx(App, {}), { route: "/etps/novo" });
        await chooseServicos();
        await userEvent.type(screen.getByLabelText(/^Título/), "Limpeza");
        await userEvent.type(screen.getByLabelText(/^Objeto/), "Limpeza da sede");
        await userEvent.type(screen.getByLabelText("UASG"), "1234");
        await next();
        await next();
        await next();
        await userEvent.type(screen.getByLabelText("Área a atender (m²)"), "10");
        await userEvent.click(screen.getByRole("button", { name: /Criar ETP/ }));
        // back on step 2, where the UASG is, with its message; the summary lists both
        expect(await screen.findByRole("heading", { level: 2, name: /Etapa 2 de 5/ })).toBeInTheDocument();
        expect(screen.getByLabelText("UASG")).toHaveAttribute("aria-invalid", "true");
        expect(screen.getByLabelText("UASG")).toHaveAccessibleDescription(/A UASG tem exatamente 6 dígitos\./);
        const summary = screen.getByRole("alert", { name: "Corrija os campos abaixo" });
        expect(summary).toHaveFocus();
        expect(within(summary).getByText("Há campos com problemas.")).toBeInTheDocument();
        const uasg = within(summary).getByRole("link", { name: "UASG: A UASG tem exatamente 6 dígitos." });
        const area = within(summary).getByRole("link", { name: "Área a atender (m²): Não pode ser negativo." });
        expect(uasg).toHaveAttribute("href", "#campo-uasg");
        expect(area).toHaveAttribute("href", "#campo-campos-area_m2");
        await userEvent.click(area);
        expect(await screen.findByRole("heading", { level: 2, name: /Etapa 5 de 5/ })).toBeInTheDocument();
        await waitFor(() => expect(screen.getByLabelText("Área a atender (m²)")).toHaveFocus());
        expect(screen.getByLabelText("Área a atender (m²)")).toHaveAccessibleDescription(/Não pode ser negativo\./);
        await userEvent.click(uasg);
        await waitFor(() => expect(screen.getByLabelText("UASG")).toHaveFocus());
    });
});
