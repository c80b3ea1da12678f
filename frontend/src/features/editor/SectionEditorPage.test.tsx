import { act, configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import type { Section } from "../../api/types";
import { renderWithProviders, stubApi, TEST_USER } from "../../test/render";
import { formatTime } from "../../lib/format";
import { backupKey, readBackup, writeBackup } from "./draftBackup";
import { MERGE_MARKER } from "./ConflictDialog";
import SectionEditorPage from "./SectionEditorPage";
import { ETP_ID, etag, makeEtp, makeSection, makeSections } from "./testing";
import { autosaveTiming } from "./useAutosave";

// a cold first run (transforms, jsdom) can pass the default 1 s of findBy/waitFor
configure({ asyncUtilTimeout: 4000 });

vi.mock("../drafting/AiNotice", async () => ({ AiNotice: (await import("./testing")).draftingStubs.AiNotice }));
vi.mock("../drafting/SectionDraftControls", async () => ({ SectionDraftControls: (await import("./testing")).draftingStubs.SectionDraftControls }));
vi.mock("../drafting/SuggestionPanel", async () => ({ SuggestionPanel: (await import("./testing")).draftingStubs.SuggestionPanel }));

const PATH = "/etps/:etpId/secoes/:inciso";

interface Setup {
  sections?: Section[];
  etpStatus?: "draft" | "in_review" | "approved" | "archived";
  put?: (request: Request) => Response | Promise<Response> | { status?: number; body?: unknown; headers?: Record<string, string> };
  current?: Section;
  extra?: Parameters<typeof stubApi>[0];
  inciso?: number;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return { status, body, headers };
}

function setup({ sections = makeSections({ 2: { content: "Texto original.", status: "edited" } }), etpStatus = "draft", put, current, extra = {}, inciso = 2 }: Setup = {}) {
  const api = stubApi({
    [`GET /api/v1/etps/${ETP_ID}`]: () => json(200, makeEtp({ status: etpStatus }), { ETag: '"e-3"' }),
    [`GET /api/v1/etps/${ETP_ID}/sections`]: () => json(200, sections),
    "GET /api/v1/templates/bens": () => json(200, { type: "bens", name: "Bens", guidance: [{ inciso: 2, code: "II", title: "PCA", guidance: "Informe o item do PCA deste ano." }] }),
    [`GET /api/v1/etps/${ETP_ID}/sections/${inciso}`]: () => json(200, current ?? sections[inciso - 1], { ETag: (current ?? sections[inciso - 1])?.etag ?? "" }),
    ...(put ? { [`PUT /api/v1/etps/${ETP_ID}/sections/${inciso}`]: put } : {}),
    ...extra,
  });
  const utils = renderWithProviders(<SectionEditorPage />, { route: `/etps/${ETP_ID}/secoes/${inciso}`, path: PATH });
  return { ...utils, api };
}

const puts = (calls: Request[]) => calls.filter((call) => call.method === "PUT");

async function bodyOf(request: Request): Promise<Record<string, unknown>> {
  return (await request.clone().json()) as Record<string, unknown>;
}

function savedSection(request: Request, content: string, version = 2): Response {
  void request;
  const section = makeSection(2, { content, status: "edited", version, updated_by: TEST_USER.id ?? null });
  return new Response(JSON.stringify(section), { status: 200, headers: { "Content-Type": "application/json", ETag: etag(2, version) } });
}

beforeEach(() => {
  localStorage.clear();
  autosaveTiming.delayMs = 60;
  autosaveTiming.backupDelayMs = 10;
});

afterEach(() => {
  autosaveTiming.delayMs = 1500;
  autosaveTiming.backupDelayMs = 300;
});

describe("SectionEditorPage", () => {
  it("shows the inciso as the h1, marks optional elements in text and offers the template's guidance", async () => {
    setup();
    expect(await screen.findByRole("heading", { level: 1, name: "II — Previsão no plano de contratações anual" })).toBeInTheDocument();
    expect(screen.getByText(/Elemento não obrigatório/)).toBeInTheDocument();
    expect(await screen.findByText("Informe o item do PCA deste ano.")).toBeInTheDocument();
    expect(screen.getByLabelText("Justificativa da ausência")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Redigir com IA" })).toBeEnabled();
  });

  it("autosaves with If-Match after typing stops and shows 'Salvo às hh:mm'", async () => {
    const backupAtPut: (string | undefined)[] = [];
    const { api } = setup({
      put: (request) => {
        backupAtPut.push(readBackup(ETP_ID, 2)?.content);
        return savedSection(request, "Texto original. Mais.");
      },
    });
    const textarea = (await screen.findByLabelText("Texto da seção")) as HTMLTextAreaElement;
    const typed = formatTime(new Date());
    fireEvent.input(textarea, { target: { value: "Texto original. Mais." } });
    expect(document.getElementById("estado-salvamento")).toHaveTextContent("Alterações não salvas");
    expect(puts(api.calls)).toHaveLength(0); // not per keystroke: after the debounce
    await waitFor(() => expect(puts(api.calls)).toHaveLength(1));
    expect(backupAtPut).toEqual(["Texto original. Mais."]); // kept locally while unsaved
    const put = puts(api.calls)[0] as Request;
    expect(put.headers.get("If-Match")).toBe(etag(2, 1));
    expect(await bodyOf(put)).toEqual({ content: "Texto original. Mais.", justification: null });
    await waitFor(() => expect(document.getElementById("estado-salvamento")).toHaveTextContent(/Salvo às \d{2}:\d{2}/));
    const shown = /Salvo às (\d{2}:\d{2})/.exec(document.getElementById("estado-salvamento")?.textContent ?? "")?.[1];
    expect([typed, formatTime(new Date())]).toContain(shown);
    expect(localStorage.getItem(backupKey(ETP_ID, 2))).toBeNull();
  });

  it("saves at once on blur and sends the next edit with the new etag", async () => {
    let version = 1;
    const { api } = setup({ put: async (request) => savedSection(request, String((await bodyOf(request)).content), ++version) });
    const textarea = (await screen.findByLabelText("Texto da seção")) as HTMLTextAreaElement;
    fireEvent.input(textarea, { target: { value: "Primeira versão." } });
    fireEvent.blur(textarea);
    await waitFor(() => expect(puts(api.calls)).toHaveLength(1));
    await waitFor(() => expect(document.getElementById("estado-salvamento")).toHaveTextContent("Salvo às"));
    fireEvent.input(textarea, { target: { value: "Segunda versão." } });
    await waitFor(() => expect(puts(api.calls)).toHaveLength(2));
    expect(puts(api.calls)[1]?.headers.get("If-Match")).toBe(etag(2, 2));
  });

  it("mandatory sections send no justification", async () => {
    const sections = makeSections({ 1: { content: "Necessidade.", status: "edited" } });
    const { api } = setup({ sections, inciso: 1, put: () => json(200, makeSection(1, { content: "Necessidade da escola.", version: 2 }), { ETag: etag(1, 2) }) });
    expect(await screen.findByRole("heading", { level: 1, name: "I — Descrição da necessidade" })).toBeInTheDocument();
    expect(screen.getByText("Elemento obrigatório (art. 18, § 2º)")).toBeInTheDocument();
    expect(screen.queryByLabelText("Justificativa da ausência")).not.toBeInTheDocument();
    fireEvent.input(screen.getByLabelText("Texto da seção"), { target: { value: "Necessidade da escola." } });
    await waitFor(() => expect(puts(api.calls)).toHaveLength(1));
    expect(await bodyOf(puts(api.calls)[0] as Request)).toEqual({ content: "Necessidade da escola." });
  });

  it("shows the API's message when a save fails and retries on request", async () => {
    let attempt = 0;
    const { api } = setup({
      put: (request) => (++attempt === 1 ? json(503, { code: 503, status: "Service Unavailable", message: "Banco de dados indisponível." }) : savedSection(request, "Novo texto.")),
    });
    fireEvent.input(await screen.findByLabelText("Texto da seção"), { target: { value: "Novo texto." } });
    await waitFor(() => expect(document.getElementById("estado-salvamento")).toHaveTextContent("Erro ao salvar: Banco de dados indisponível. —"));
    expect(readBackup(ETP_ID, 2)?.content).toBe("Novo texto.");
    await userEvent.click(screen.getByRole("button", { name: "tentar novamente" }));
    await waitFor(() => expect(document.getElementById("estado-salvamento")).toHaveTextContent("Salvo às"));
    expect(puts(api.calls)).toHaveLength(2);
  });

  describe("412: someone else saved first", () => {
    const theirs = makeSection(2, { content: "Texto original. Frase da colega.", status: "edited", version: 5, updated_by: "u-2", updated_at: "2026-12-03T10:15:00Z" });

    async function conflict(put: NonNullable<Setup["put"]>) {
      let first = true;
      const result = setup({
        current: theirs,
        put: (request) => {
          if (first) {
            first = false;
            return json(412, { code: 412, status: "Precondition Failed", message: "A seção foi alterada por outra pessoa." });
          }
          return put(request);
        },
      });
      fireEvent.input(await screen.findByLabelText("Texto da seção"), { target: { value: "Texto original. Minha frase." } });
      const dialog = await screen.findByRole("dialog", { name: "Outra pessoa salvou esta seção" });
      return { ...result, dialog };
    }

    it("opens the dialog with both texts and a word diff", async () => {
      const { dialog } = await conflict((request) => savedSection(request, "x", 6));
      expect(within(dialog).getByRole("heading", { name: "Seu texto" })).toBeInTheDocument();
      expect(within(dialog).getByRole("heading", { name: `Texto salvo por outra pessoa às ${formatTime("2026-12-03T10:15:00Z")}` })).toBeInTheDocument();
      expect(within(dialog).getAllByText("Texto original. Minha frase.").length).toBeGreaterThan(0);
      expect(within(dialog).getAllByText("Texto original. Frase da colega.").length).toBeGreaterThan(0);
      const inserted = Array.from(dialog.querySelectorAll(".etp-diff ins")).map((node) => node.textContent).join(" ");
      const removed = Array.from(dialog.querySelectorAll(".etp-diff del")).map((node) => node.textContent).join(" ");
      expect(inserted).toContain("Minha");
      expect(removed).toContain("colega");
      // the local backup keeps my text while the dialog is open
      expect(readBackup(ETP_ID, 2)?.content).toBe("Texto original. Minha frase.");
    });

    it("'Manter o meu texto' saves mine over the new etag", async () => {
      const { dialog, api } = await conflict((request) => savedSection(request, "Texto original. Minha frase.", 6));
      await userEvent.click(within(dialog).getByRole("button", { name: "Manter o meu texto" }));
      await waitFor(() => expect(puts(api.calls)).toHaveLength(2));
      const second = puts(api.calls)[1] as Request;
      expect(second.headers.get("If-Match")).toBe(etag(2, 5));
      expect((await bodyOf(second)).content).toBe("Texto original. Minha frase.");
      await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
      await waitFor(() => expect(document.getElementById("estado-salvamento")).toHaveTextContent("Salvo às"));
      expect(localStorage.getItem(backupKey(ETP_ID, 2))).toBeNull();
    });

    it("'Usar o texto salvo' asks first, then takes theirs without a PUT", async () => {
      const { dialog, api } = await conflict((request) => savedSection(request, "nunca", 6));
      await userEvent.click(within(dialog).getByRole("button", { name: "Usar o texto salvo" }));
      expect(within(dialog).getByText(/não poderá ser recuperado/)).toBeInTheDocument();
      await userEvent.click(within(dialog).getByRole("button", { name: "Sim, descartar o meu texto" }));
      await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
      expect((screen.getByLabelText("Texto da seção") as HTMLTextAreaElement).value).toBe("Texto original. Frase da colega.");
      expect(puts(api.calls)).toHaveLength(1);
      expect(localStorage.getItem(backupKey(ETP_ID, 2))).toBeNull();
      // the next edit goes over their version
      fireEvent.input(screen.getByLabelText("Texto da seção"), { target: { value: "Texto original. Frase da colega. E mais." } });
      await waitFor(() => expect(puts(api.calls)).toHaveLength(2));
      expect(puts(api.calls)[1]?.headers.get("If-Match")).toBe(etag(2, 5));
    });

    it("'Mesclar' offers both texts in one field and saves the edited merge with the new etag", async () => {
      const { dialog, api } = await conflict(async (request) => savedSection(request, String((await bodyOf(request)).content), 6));
      await userEvent.click(within(dialog).getByRole("button", { name: "Mesclar" }));
      const merge = within(dialog).getByLabelText("Texto mesclado") as HTMLTextAreaElement;
      expect(merge.value).toBe(`Texto original. Minha frase.\n\n${MERGE_MARKER}\n\nTexto original. Frase da colega.`);
      fireEvent.change(merge, { target: { value: "Texto original. Minha frase. Frase da colega." } });
      await userEvent.click(within(dialog).getByRole("button", { name: "Salvar o texto mesclado" }));
      await waitFor(() => expect(puts(api.calls)).toHaveLength(2));
      const second = puts(api.calls)[1] as Request;
      expect(second.headers.get("If-Match")).toBe(etag(2, 5));
      expect((await bodyOf(second)).content).toBe("Texto original. Minha frase. Frase da colega.");
      await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
      expect((screen.getByLabelText("Texto da seção") as HTMLTextAreaElement).value).toBe("Texto original. Minha frase. Frase da colega.");
    });
  });

  it("offers back a local backup that differs from the server text, and restoring saves it", async () => {
    writeBackup(ETP_ID, 2, { content: "Texto que a sessão expirada não salvou.", justification: null, baseEtag: etag(2, 1), savedAt: "2026-12-03T10:42:00" });
    const { api } = setup({ put: (request) => savedSection(request, "Texto que a sessão expirada não salvou.") });
    expect(await screen.findByText("Recuperamos um texto não salvo de 03/12/2026 às 10:42.")).toBeInTheDocument();
    expect((screen.getByLabelText("Texto da seção") as HTMLTextAreaElement).value).toBe("Texto original.");
    await userEvent.click(screen.getByRole("button", { name: "Restaurar" }));
    expect((screen.getByLabelText("Texto da seção") as HTMLTextAreaElement).value).toBe("Texto que a sessão expirada não salvou.");
    await waitFor(() => expect(puts(api.calls)).toHaveLength(1));
    expect(puts(api.calls)[0]?.headers.get("If-Match")).toBe(etag(2, 1));
    expect(await screen.findByText("Texto restaurado e salvo.")).toBeInTheDocument();
    expect(localStorage.getItem(backupKey(ETP_ID, 2))).toBeNull();
  });

  it("'Descartar' drops the backup; a backup equal to the server text is not offered", async () => {
    writeBackup(ETP_ID, 2, { content: "Outro texto.", justification: null, baseEtag: etag(2, 1) });
    setup();
    await userEvent.click(await screen.findByRole("button", { name: "Descartar" }));
    expect(screen.queryByText(/Recuperamos um texto/)).not.toBeInTheDocument();
    expect(localStorage.getItem(backupKey(ETP_ID, 2))).toBeNull();
  });

  it("groups the quality findings by severity with the excerpt marked, and checks again", async () => {
    const quality = {
      score: 59,
      warnings: [
        { code: "citation_revoked", severity: "error", message: "A Lei 8.666/1993 foi revogada.", excerpt: "Lei 8.666/1993" },
        { code: "jargon", severity: "warning", message: "Jargão burocrático.", excerpt: "outrossim" },
        { code: "long_sentence", severity: "info", message: "Frase longa.", excerpt: null },
      ],
    };
    const content = "Conforme a Lei 8.666/1993, a compra é necessária. Outra frase, outrossim.";
    const sections = makeSections({ 2: { content, status: "edited", quality } as Partial<Section> });
    const { api } = setup({
      sections,
      extra: { [`POST /api/v1/etps/${ETP_ID}/sections/2/check`]: () => json(200, { score: 100, warnings: [] }) },
    });
    const panel = (await screen.findByRole("heading", { name: "Qualidade do texto" })).closest("section") as HTMLElement;
    expect(within(panel).getByText(/Nota:/)).toHaveTextContent("Nota: 59 de 100");
    const errors = within(panel).getByRole("heading", { name: /Erros \(1\)/ }).parentElement as HTMLElement;
    expect(within(errors).getByText("A Lei 8.666/1993 foi revogada.")).toBeInTheDocument();
    expect(errors.querySelector("mark")?.textContent).toBe("Lei 8.666/1993");
    expect(within(errors).getByRole("button", { name: "Registrar ciência" })).toBeInTheDocument();
    const warnings = within(panel).getByRole("heading", { name: /Avisos \(1\)/ }).parentElement as HTMLElement;
    expect(warnings.querySelector("mark")?.textContent).toBe("outrossim");
    expect(within(panel).getByRole("heading", { name: /Informações \(1\)/ })).toBeInTheDocument();
    // the excerpt is marked in the preview too (on the rendered text nodes)
    await userEvent.click(screen.getByRole("button", { name: "Visualizar" }));
    await waitFor(() => expect(Array.from(document.querySelectorAll(".etp-editor__preview mark")).map((m) => m.textContent)).toEqual(["Lei 8.666/1993", "outrossim"]));
    await userEvent.click(within(panel).getByRole("button", { name: "Verificar novamente" }));
    expect(await within(panel).findByText("Nenhum problema encontrado")).toBeInTheDocument();
    expect(api.calls.some((call) => call.method === "POST" && call.url.endsWith("/sections/2/check"))).toBe(true);
  });

  it("acknowledges an error finding with a reason", async () => {
    const quality = { score: 75, warnings: [{ code: "citation_revoked", severity: "error", message: "Lei revogada.", excerpt: "Lei 8.666/1993" }] };
    const sections = makeSections({ 2: { content: "Histórico: Lei 8.666/1993.", status: "edited", quality } as Partial<Section> });
    const acknowledged = { ...sections[1], version: 2, etag: etag(2, 2), acknowledgements: [{ code: "citation_revoked", reason: "Citação histórica.", by_name: "Maria Servidora", at: "2026-12-03T10:00:00Z" }] };
    const { api } = setup({ sections, extra: { [`POST /api/v1/etps/${ETP_ID}/sections/2/findings/citation_revoked/acknowledge`]: () => json(200, acknowledged, { ETag: etag(2, 2) }) } });
    await userEvent.click(await screen.findByRole("button", { name: "Registrar ciência" }));
    await userEvent.type(screen.getByLabelText("Motivo para manter como está"), "Citação histórica.");
    await userEvent.click(screen.getAllByRole("button", { name: "Registrar ciência" }).at(-1) as HTMLElement);
    expect(await screen.findByText(/Ciência registrada por Maria Servidora/)).toBeInTheDocument();
    const call = api.calls.find((item) => item.url.endsWith("/acknowledge")) as Request;
    expect(await bodyOf(call)).toEqual({ reason: "Citação histórica." });
  });

  it("tells where each number comes from, naming type-specific fields as the template does", async () => {
    const quality = {
      score: 92,
      warnings: [],
      values: [
        { text: "R$ 480.000,00", kind: "money", status: "grounded", source: "valor_estimado" },
        { text: "60 dias", kind: "duration", status: "grounded", source: "campos.prazo_garantia_dias" },
        { text: "15%", kind: "percentage", status: "unsupported" },
      ],
    };
    const sections = makeSections({ 2: { content: "Valor de R$ 480.000,00, garantia de 60 dias e 15% de economia.", status: "edited", quality } as Partial<Section> });
    setup({
      sections,
      extra: { "GET /api/v1/templates/bens": () => json(200, { type: "bens", name: "Bens", guidance: [], fields: [{ name: "prazo_garantia_dias", label: "Prazo de garantia (dias)" }] }) },
    });
    const panel = (await screen.findByRole("heading", { name: "Qualidade do texto" })).closest("section") as HTMLElement;
    const summary = within(panel).getByText("De onde vêm os números");
    expect(summary.closest("summary")).toHaveTextContent("3 números reconhecidos, 1 sem fonte nos dados do ETP");
    await userEvent.click(summary);
    expect(within(panel).getByText("R$ 480.000,00").closest("li")).toHaveTextContent("Consta dos dados do ETP (Valor total estimado).");
    expect(within(panel).getByText("15%").closest("li")).toHaveTextContent("Sem fonte nos dados do ETP.");
    expect(await within(panel).findByText(/Prazo de garantia \(dias\)/)).toBeInTheDocument();
  });

  it("approves (reviews) the section after saving pending text", async () => {
    const reviewed = makeSection(2, { content: "Texto original.", status: "approved", version: 2, review: { label: "Revisado por Maria Servidora em 03/12/2026 às 10:50 (horário de Brasília)" } });
    const { api } = setup({ extra: { [`POST /api/v1/etps/${ETP_ID}/sections/2/review`]: () => json(200, reviewed, { ETag: etag(2, 2) }) } });
    await userEvent.click(await screen.findByRole("button", { name: "Aprovar seção" }));
    expect(await screen.findByText(/Revisado por Maria Servidora/)).toBeInTheDocument();
    expect(screen.getByText("A revisão do texto atual está registrada.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Aprovar seção" })).not.toBeInTheDocument();
    const call = api.calls.find((item) => item.url.endsWith("/review")) as Request;
    expect(call.headers.get("If-Match")).toBe(etag(2, 1));
  });

  it("opens read-only when the ETP is approved: rendered Markdown, the reason, no editor", async () => {
    const sections = makeSections({ 2: { content: "## Plano\n\nItem **12** do PCA.", status: "approved" } });
    const { api } = setup({ sections, etpStatus: "approved" });
    expect(await screen.findByText(/Este ETP foi aprovado/)).toBeInTheDocument();
    expect(screen.queryByLabelText("Texto da seção")).not.toBeInTheDocument();
    expect(screen.queryByRole("toolbar")).not.toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 2, name: "Plano" })).toBeInTheDocument();
    expect(screen.getByText("12", { selector: "strong" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Redigir com IA" })).toBeDisabled();
    expect(screen.queryByRole("button", { name: "Aprovar seção" })).not.toBeInTheDocument();
    expect(puts(api.calls)).toHaveLength(0);
  });

  it("flushes the pending text when the editor goes away (switching sections)", async () => {
    const { api, unmount } = setup({ put: (request) => savedSection(request, "Saindo.") });
    const textarea = await screen.findByLabelText("Texto da seção");
    autosaveTiming.delayMs = 60_000; // only the unmount can save now
    fireEvent.input(textarea, { target: { value: "Saindo." } });
    expect(puts(api.calls)).toHaveLength(0);
    act(() => unmount());
    await waitFor(() => expect(puts(api.calls)).toHaveLength(1));
    expect(await bodyOf(puts(api.calls)[0] as Request)).toMatchObject({ content: "Saindo." });
  });

  it("accepting a suggestion over unsaved typing keeps the typed text and offers it back", async () => {
    const sections = makeSections({ 2: { content: "Texto original.", status: "edited", suggestion: "Texto da IA." } });
    setup({ sections });
    expect(await screen.findByTestId("sugestao")).toHaveTextContent("Texto original. → Texto da IA.");
    autosaveTiming.delayMs = 60_000;
    fireEvent.input(screen.getByLabelText("Texto da seção"), { target: { value: "Texto original. Digitado agora." } });
    await userEvent.click(screen.getByRole("button", { name: "Aceitar a sugestão" }));
    expect((screen.getByLabelText("Texto da seção") as HTMLTextAreaElement).value).toBe("Texto da IA.");
    expect(screen.getByText(/Recuperamos um texto não salvo de/)).toBeInTheDocument();
    expect(readBackup(ETP_ID, 2)).toMatchObject({ content: "Texto original. Digitado agora.", baseEtag: etag(2, 2) });
  });

  it("warns before the tab closes while text is unsaved", async () => {
    setup({ put: () => new Promise<Response>(() => undefined) });
    fireEvent.input(await screen.findByLabelText("Texto da seção"), { target: { value: "Pendente." } });
    const event = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
  });
});
