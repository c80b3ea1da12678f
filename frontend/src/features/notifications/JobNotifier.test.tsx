import { act, configure, fireEvent, screen, waitFor } from "@testing-library/react";
import { useQueryClient } from "@tanstack/react-query";
import { Link, Route, Routes } from "react-router";

import type { Job } from "../../api/types";
import { keys } from "../../api/queries";
import { POLL_VISIBLE_MS } from "../../api/useJob";
import { signedIn } from "../../auth/session";
import { renderWithProviders, stubApi, TEST_USER } from "../../test/render";
import JobNotifier from "./JobNotifier";
import { forgetJob, markFinished, resetWatchedJobs, STORAGE_KEY, watchedJobs, watchJob } from "./registry";

configure({ asyncUtilTimeout: 5000 });

const ETP_ID = "e0000000-0000-4000-8000-000000000001";
const EXPORTS = `/etps/${ETP_ID}/exportar`;

function job(overrides: Partial<Job> = {}): Job {
  return { id: "j1", kind: "export", state: "running", progress: 30, etp_id: ETP_ID, error: null, result: null, created_at: "2026-12-03T10:00:00Z", ...overrides };
}

async function poll() {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(POLL_VISIBLE_MS + 50);
  });
}

/** The notifier beside two pages: the ETP's overview (elsewhere) and its exports page. */
function App() {
  return (
    <>
      <Routes>
        <Route path="/etps/:etpId" element={<Link to={EXPORTS}>ir para exportar</Link>} />
        <Route path="/etps/:etpId/exportar" element={<ExportsStandIn />} />
      </Routes>
      <JobNotifier />
    </>
  );
}

/** The exports page's own poll of the job, as useJob leaves it in the cache. */
function ExportsStandIn() {
  const queryClient = useQueryClient();
  return (
    <button type="button" onClick={() => queryClient.setQueryData(keys.job("j1"), job({ state: "succeeded", progress: 100 }))}>
      terminar aqui
    </button>
  );
}

describe("registry", () => {
  beforeEach(() => resetWatchedJobs());

  it("keeps the jobs in sessionStorage with their page and link, one entry per job, and forgets them", () => {
    watchJob(job(), { etpId: ETP_ID, etpTitle: "Notebooks", format: "pdf" });
    watchJob(job({ id: "j2", kind: "draft_section", inciso: 4 }), { etpId: ETP_ID });
    watchJob(job(), { etpId: ETP_ID, etpTitle: "Notebooks", format: "pdf" });
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "[]") as { jobId: string; path: string; href: string; userId: string }[];
    expect(stored.map((e) => [e.jobId, e.path, e.href])).toEqual([
      ["j2", `/etps/${ETP_ID}/secoes/4`, `/etps/${ETP_ID}/secoes/4?tarefa=j2`],
      ["j1", EXPORTS, `${EXPORTS}?tarefa=j1`],
    ]);
    markFinished("j1", "failed", "Sem espaço.");
    expect(watchedJobs().find((e) => e.jobId === "j1")).toMatchObject({ finished: "failed", error: "Sem espaço." });
    forgetJob("j1");
    forgetJob("j2");
    expect(sessionStorage.getItem(STORAGE_KEY)).toBeNull();
  });

  it("ignores jobs it has no page for", () => {
    watchJob(job({ kind: "backup" }), { etpId: ETP_ID });
    expect(watchedJobs()).toEqual([]);
  });
});

describe("JobNotifier", { timeout: 20_000 }, () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    resetWatchedJobs();
    signedIn("test-access-token", 900, TEST_USER); // watchJob records who started the job
  });
  afterEach(() => vi.useRealTimers());

  it("follows a job away from its page and, when it ends, says so politely with a link back and a dismiss button", async () => {
    let current = job();
    const { calls } = stubApi({ "GET /api/v1/jobs/j1": () => ({ body: current }) });
    watchJob(job({ state: "queued" }), { etpId: ETP_ID, etpTitle: "Aquisição de notebooks", format: "pdf" });
    renderWithProviders(<App />, { route: `/etps/${ETP_ID}` });

    const region = screen.getByRole("status", { name: "Avisos de tarefas" });
    await waitFor(() => expect(calls.some((c) => c.url.endsWith("/api/v1/jobs/j1"))).toBe(true));
    expect(region).toBeEmptyDOMElement();

    current = job({ state: "succeeded", progress: 100 });
    await poll();
    await waitFor(() => expect(region).toHaveTextContent("A exportação em PDF do ETP “Aquisição de notebooks” terminou."));
    const link = screen.getByRole("link", { name: "Abrir a página de exportação" });
    expect(link).toHaveAttribute("href", `${EXPORTS}?tarefa=j1`);
    // a reload keeps the notice: it is in sessionStorage
    expect(JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "[]")).toMatchObject([{ jobId: "j1", finished: "succeeded" }]);

    // no more polling once it ended
    const polled = calls.length;
    await poll();
    expect(calls.length).toBe(polled);

    fireEvent.click(screen.getByRole("button", { name: /^Dispensar o aviso: A exportação em PDF/ }));
    expect(region).toBeEmptyDOMElement();
    expect(watchedJobs()).toEqual([]);
  });

  it("says when a drafting job failed and links to the section", async () => {
    stubApi({ "GET /api/v1/jobs/j3": () => ({ body: job({ id: "j3", kind: "draft_section", inciso: 6, state: "failed", error: "O provedor de IA não respondeu." }) }) });
    watchJob(job({ id: "j3", kind: "draft_section", inciso: 6, state: "queued" }), { etpId: ETP_ID, etpTitle: "Notebooks" });
    renderWithProviders(<App />, { route: `/etps/${ETP_ID}` });
    expect(await screen.findByText(/A redação da seção VI do ETP “Notebooks” terminou com falhas: O provedor de IA não respondeu\./)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Abrir a redação" })).toHaveAttribute("href", `/etps/${ETP_ID}/secoes/6?tarefa=j3`);
  });

  it("does not poll while the job's own page is open, and drops a job that ended there", async () => {
    const { calls } = stubApi({ "GET /api/v1/jobs/j1": () => ({ body: job() }) });
    watchJob(job(), { etpId: ETP_ID, format: "pdf" });
    renderWithProviders(<App />, { route: EXPORTS });
    await poll();
    await poll();
    expect(calls.filter((c) => c.url.endsWith("/jobs/j1"))).toHaveLength(0);
    fireEvent.click(screen.getByRole("button", { name: "terminar aqui" }));
    await waitFor(() => expect(watchedJobs()).toEqual([]));
    expect(screen.getByRole("status", { name: "Avisos de tarefas" })).toBeEmptyDOMElement();
  });

  it("drops a finished notice once its page is visited, and shows nothing of another person's jobs", async () => {
    stubApi({});
    watchJob(job(), { etpId: ETP_ID, format: "docx" });
    markFinished("j1", "succeeded");
    const mine = watchedJobs()[0]!;
    const others = { ...mine, jobId: "j7", userId: "someone-else" };
    resetWatchedJobs();
    // as after a reload: the list is read from sessionStorage
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify([mine, others]));
    renderWithProviders(<App />, { route: `/etps/${ETP_ID}` });
    expect(await screen.findByText(/A exportação em DOCX do ETP terminou\./)).toBeInTheDocument();
    expect(screen.getAllByRole("link", { name: /Abrir/ })).toHaveLength(1);

    fireEvent.click(screen.getByRole("link", { name: "ir para exportar" }));
    await waitFor(() => expect(watchedJobs().map((e) => e.jobId)).toEqual(["j7"]));
    expect(screen.getByRole("status", { name: "Avisos de tarefas" })).toBeEmptyDOMElement();
  });

  it("forgets a job the API no longer knows (404)", async () => {
    stubApi({ "GET /api/v1/jobs/j1": () => ({ status: 404, body: { code: 404, status: "Not Found", message: "Trabalho não encontrado." } }) });
    watchJob(job(), { etpId: ETP_ID, format: "pdf" });
    renderWithProviders(<App />, { route: `/etps/${ETP_ID}` });
    await waitFor(() => expect(watchedJobs()).toEqual([]));
  });
});
