import { act, configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { useLocation } from "react-router";

import type { Job } from "../../api/types";
import { POLL_VISIBLE_MS } from "../../api/useJob";
import { renderWithProviders, stubApi } from "../../test/render";
import { resetWatchedJobs, watchedJobs } from "../notifications/registry";
import ExportsPage from "./ExportsPage";
import { ETP_ID, exportJob, exportRecord, FILE_NAME, finishedJob } from "./testing";

configure({ asyncUtilTimeout: 5000 });

const ROUTE = `/etps/${ETP_ID}/exportar`;
const PATH = "/etps/:etpId/exportar";
const pagination = (page: number, totalPages: number, total: number) => ({ "X-Pagination": JSON.stringify({ total, total_pages: totalPages, page, page_size: 10 }) });
const ETP = { id: ETP_ID, title: "Aquisição de notebooks", status: "draft", version: 4 };

function LocationProbe() {
  const location = useLocation();
  return <output data-testid="local">{location.search}</output>;
}

function Page() {
  return (
    <>
      <ExportsPage />
      <LocationProbe />
    </>
  );
}

async function poll() {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(POLL_VISIBLE_MS + 50);
  });
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

function pdfResponse(body = "%PDF-1.7\n%âãÏÓ\n1 0 obj") {
  return new Response(body, {
    status: 200,
    headers: { "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="ETP.pdf"; filename*=UTF-8''${encodeURIComponent(FILE_NAME)}` },
  });
}

let saved: { href: string; download: string }[] = [];
let created: unknown[] = [];

describe("ExportsPage", { timeout: 20_000 }, () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    vi.setSystemTime(new Date("2026-12-03T10:00:05Z"));
    resetWatchedJobs();
    saved = [];
    created = [];
    let n = 0;
    URL.createObjectURL = vi.fn((blob: Blob | MediaSource) => {
      created.push(blob);
      n += 1;
      return `blob:http://localhost/arquivo-${n}`;
    });
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ href: this.href, download: this.download });
    });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("explains each format, exports the chosen one, follows the job and downloads the file with its name and size", async () => {
    let current: Job = exportJob();
    const posted: unknown[] = [];
    const { calls } = stubApi({
      "GET /api/v1/etps/:id": () => ({ body: ETP }),
      "GET /api/v1/etps/:id/exports": () => ({ body: [], headers: pagination(1, 1, 0) }),
      "POST /api/v1/etps/:id/exports": async (request) => {
        posted.push(await request.json());
        return json(202, current);
      },
      "GET /api/v1/jobs/j1": () => ({ body: current }),
      "GET /api/v1/exports/x1/download": () => pdfResponse("PK\u0003\u0004 docx"),
    });
    renderWithProviders(<Page />, { route: ROUTE, path: PATH });

    expect(screen.getByRole("heading", { level: 1, name: "Exportar o ETP" })).toBeInTheDocument();
    const group = screen.getByRole("group", { name: "Formato do arquivo" });
    const radios = within(group).getAllByRole("radio");
    expect(radios).toHaveLength(4);
    expect(screen.getByRole("radio", { name: /^PDF/ })).toBeChecked();
    expect(screen.getByRole("radio", { name: /^DOCX/ })).toHaveAccessibleDescription(/editável no Word/);
    expect(screen.getByRole("radio", { name: /^JSON/ })).toHaveAccessibleDescription(/integrar com outros sistemas/);
    expect(await screen.findByText(/ainda não foi exportado/)).toBeInTheDocument();

    fireEvent.click(screen.getByRole("radio", { name: /^DOCX/ }));
    fireEvent.click(screen.getByRole("button", { name: "Exportar em DOCX" }));

    const jobHeading = await screen.findByRole("heading", { level: 2, name: "Exportação em DOCX" });
    await waitFor(() => expect(jobHeading).toHaveFocus());
    expect(posted).toEqual([{ format: "docx" }]);
    expect(screen.getByTestId("local")).toHaveTextContent("?tarefa=j1");
    expect(screen.getByText("Na fila")).toBeInTheDocument();
    // registered with the notifier, for a notice if it ends while the person is elsewhere
    expect(watchedJobs()).toMatchObject([{ jobId: "j1", kind: "export", format: "docx", etpTitle: "Aquisição de notebooks", href: `${ROUTE}?tarefa=j1` }]);

    current = exportJob({ state: "running", progress: 40, started_at: "2026-12-03T10:00:01Z" });
    await poll();
    expect(await screen.findByRole("progressbar")).toHaveAttribute("aria-valuenow", "40");
    expect(screen.getByText("Gerando o arquivo DOCX…")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /Cancelar a exportação/ })).toBeEnabled();
    expect(screen.getByTestId("anuncio-exportacao")).toHaveTextContent("Exportação em DOCX em andamento.");

    current = finishedJob("docx", 1_258_291);
    await poll();
    const download = await screen.findByRole("button", { name: "Baixar ETP em DOCX (1,2 MB)" });
    expect(screen.getByTestId("anuncio-exportacao")).toHaveTextContent("Exportação em DOCX concluída");
    expect(screen.getByText(FILE_NAME.replace(".pdf", ".docx"))).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Cancelar a exportação/ })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Pré-visualizar/ })).not.toBeInTheDocument(); // only PDFs preview

    fireEvent.click(download);
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]).toEqual({ href: "blob:http://localhost/arquivo-1", download: FILE_NAME.replace(".pdf", ".docx") });
    const request = calls.find((c) => c.url.endsWith("/api/v1/exports/x1/download"));
    expect(request?.headers.get("Authorization")).toBe("Bearer test-access-token");
    expect(await (created[0] as Blob).text()).toContain("docx");
  });

  it("previews a finished PDF in an iframe on a blob: URL, downloading it once for both", async () => {
    const { calls } = stubApi({
      "GET /api/v1/etps/:id": () => ({ body: ETP }),
      "GET /api/v1/etps/:id/exports": () => ({ body: [exportRecord({ job_id: "j1" })], headers: pagination(1, 1, 1) }),
      "GET /api/v1/jobs/j1": () => ({ body: finishedJob("pdf", 1_258_291) }),
      "GET /api/v1/exports/x1/download": () => pdfResponse(),
    });
    renderWithProviders(<Page />, { route: `${ROUTE}?tarefa=j1`, path: PATH });

    // after a reload the format comes from the history (the job names none until it ends)
    expect(await screen.findByRole("heading", { level: 2, name: "Exportação em PDF" })).toBeInTheDocument();
    fireEvent.click(await screen.findByRole("button", { name: "Pré-visualizar o PDF" }));
    const frame = await screen.findByTitle(`Pré-visualização de ${FILE_NAME}`);
    expect(frame.tagName).toBe("IFRAME");
    expect(frame.getAttribute("src")).toMatch(/^blob:/);
    expect(screen.getByRole("link", { name: `baixe ${FILE_NAME}` })).toHaveAttribute("download", FILE_NAME);

    fireEvent.click(screen.getByRole("button", { name: "Baixar ETP em PDF (1,2 MB)" }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]?.download).toBe(FILE_NAME);
    expect(calls.filter((c) => c.url.endsWith("/download"))).toHaveLength(1);

    fireEvent.click(screen.getByRole("button", { name: /Fechar a pré-visualização/ }));
    expect(screen.queryByTitle(`Pré-visualização de ${FILE_NAME}`)).not.toBeInTheDocument();
    expect(URL.revokeObjectURL).toHaveBeenCalledWith("blob:http://localhost/arquivo-1");
  });

  it("lists the history with format, version, who, when, size, status and validity; failures say why; pages from X-Pagination", async () => {
    const { calls } = stubApi({
      "GET /api/v1/etps/:id": () => ({ body: ETP }),
      "GET /api/v1/etps/:id/exports": () => ({
        body: [
          exportRecord(),
          exportRecord({ id: "x2", format: "docx", etp_version: 3, status: "expired", size: 20_480, created_by: "u-2", created_by_name: "João Revisor", download_url: null, expires_at: "2026-11-30T10:00:00Z" }),
          exportRecord({ id: "x3", format: "xml", status: "failed", size: null, error: "O gerador de XML falhou.", download_url: null }),
        ],
        headers: pagination(2, 3, 23),
      }),
    });
    renderWithProviders(<Page />, { route: `${ROUTE}?pagina=2`, path: PATH });

    const table = await screen.findByRole("table");
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(3);
    const [ready, expired, failed] = rows as [HTMLElement, HTMLElement, HTMLElement];
    expect(ready).toHaveTextContent("PDF");
    expect(ready).toHaveTextContent("Maria Servidora (você)");
    expect(ready).toHaveTextContent("1,2 MB");
    expect(ready).toHaveTextContent("Pronta");
    expect(ready).toHaveTextContent("expira em 01/03/2027");
    expect(within(ready).getByRole("button", { name: "Baixar ETP em PDF, versão 4 (1,2 MB)" })).toBeInTheDocument();
    expect(within(ready).getByRole("button", { name: /Pré-visualizar o PDF da versão 4/ })).toBeInTheDocument();
    expect(expired).toHaveTextContent("DOCX");
    expect(expired).toHaveTextContent("João Revisor");
    expect(expired).toHaveTextContent("20 KB");
    expect(expired).toHaveTextContent("Expirada");
    expect(expired).toHaveTextContent("expirado");
    expect(within(expired).getByRole("button", { name: "Exportar novamente em DOCX" })).toBeInTheDocument();
    expect(within(expired).queryByRole("button", { name: /^Baixar/ })).not.toBeInTheDocument();
    expect(failed).toHaveTextContent("Falhou");
    expect(failed).toHaveTextContent("Motivo: O gerador de XML falhou.");
    expect(within(failed).getByRole("button", { name: "Exportar novamente em XML" })).toBeInTheDocument();

    expect(screen.getByText("Página 2 de 3")).toBeInTheDocument();
    expect(calls.find((c) => c.url.includes("/exports?"))?.url).toMatch(/page=2&page_size=10/);
    fireEvent.click(screen.getByRole("button", { name: /Próxima/ }));
    await waitFor(() => expect(screen.getByTestId("local")).toHaveTextContent("?pagina=3"));
  });

  it("says so when a download answers 410 and exports again in that format", async () => {
    const posted: unknown[] = [];
    let listed = [exportRecord()];
    stubApi({
      "GET /api/v1/etps/:id": () => ({ body: ETP }),
      "GET /api/v1/etps/:id/exports": () => ({ body: listed, headers: pagination(1, 1, listed.length) }),
      "GET /api/v1/exports/x1/download": () => {
        listed = [exportRecord({ status: "expired", download_url: null })];
        return { status: 410, body: { code: 410, status: "Gone", message: "Esta exportação expirou em 01/12/2026. Exporte o ETP novamente." } };
      },
      "POST /api/v1/etps/:id/exports": async (request) => {
        posted.push(await request.json());
        return json(202, exportJob({ id: "j9" }));
      },
      "GET /api/v1/jobs/j9": () => ({ body: exportJob({ id: "j9" }) }),
    });
    renderWithProviders(<Page />, { route: ROUTE, path: PATH });

    fireEvent.click(await screen.findByRole("button", { name: /^Baixar ETP em PDF, versão 4/ }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Esta exportação expirou em 01/12/2026. Exporte o ETP novamente.");
    expect(saved).toHaveLength(0);
    // the history is read again: the row now says expired, with the same offer
    await waitFor(() => expect(screen.getByRole("table")).toHaveTextContent("expirado"));
    fireEvent.click(screen.getByRole("button", { name: "Exportar novamente em PDF" }));
    expect(await screen.findByRole("heading", { level: 2, name: "Exportação em PDF" })).toBeInTheDocument();
    expect(posted).toEqual([{ format: "pdf" }]);
    expect(screen.getByTestId("local")).toHaveTextContent("?tarefa=j9");
  });

  it("cancels a running export and shows a failed one's reason", async () => {
    let current: Job = exportJob({ state: "running", progress: 10, started_at: "2026-12-03T10:00:01Z" });
    const { calls } = stubApi({
      "GET /api/v1/etps/:id": () => ({ body: ETP }),
      "GET /api/v1/etps/:id/exports": () => ({ body: [], headers: pagination(1, 1, 0) }),
      "GET /api/v1/jobs/j1": () => ({ body: current }),
      "POST /api/v1/jobs/j1/cancel": () => {
        current = exportJob({ state: "cancelled", finished_at: "2026-12-03T10:00:04Z" });
        return { body: current };
      },
      "GET /api/v1/jobs/j2": () => ({ body: exportJob({ id: "j2", state: "failed", error: "Não foi possível gerar o PDF: o armazenamento está indisponível." }) }),
    });
    const view = renderWithProviders(<Page />, { route: `${ROUTE}?tarefa=j1`, path: PATH });

    fireEvent.click(await screen.findByRole("button", { name: /Cancelar a exportação/ }));
    expect(await screen.findByText(/Exportação cancelada: nenhum arquivo foi gerado/)).toBeInTheDocument();
    expect(calls.some((c) => c.method === "POST" && c.url.endsWith("/jobs/j1/cancel"))).toBe(true);
    view.unmount();

    renderWithProviders(<Page />, { route: `${ROUTE}?tarefa=j2`, path: PATH });
    expect(await screen.findByText("Não foi possível gerar o PDF: o armazenamento está indisponível.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^Baixar/ })).not.toBeInTheDocument();
  });
});
