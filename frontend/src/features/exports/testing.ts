// Fixtures for the exports' component tests: jobs and export records as the API answers them.
import type { Export, Job } from "../../api/types";

export const ETP_ID = "e0000000-0000-4000-8000-000000000001";
export const FILE_NAME = "ETP 23000.012345-2026-11 - Aquisição de notebooks.pdf";

export function exportJob(overrides: Partial<Job> = {}): Job {
  return {
    id: "j1",
    kind: "export",
    state: "queued",
    progress: 0,
    etp_id: ETP_ID,
    inciso: null,
    incisos: [],
    error: null,
    result: null,
    attempts: 0,
    max_attempts: 3,
    created_at: "2026-12-03T10:00:00Z",
    started_at: null,
    finished_at: null,
    updated_at: "2026-12-03T10:00:00Z",
    ...overrides,
  };
}

export function finishedJob(format: string, size: number, overrides: Partial<Job> = {}): Job {
  const ext = format;
  return exportJob({
    state: "succeeded",
    progress: 100,
    started_at: "2026-12-03T10:00:01Z",
    finished_at: "2026-12-03T10:00:03Z",
    result: {
      export_id: "x1",
      format,
      download_url: "/api/v1/exports/x1/download",
      size,
      sha256: "ab".repeat(32),
      file_name: FILE_NAME.replace(".pdf", `.${ext}`),
      content_type: format === "pdf" ? "application/pdf" : "application/octet-stream",
      etp_version: 4,
      expires_at: "2027-03-03T10:00:00Z",
    },
    ...overrides,
  });
}

export function exportRecord(overrides: Partial<Export> = {}): Export {
  return {
    id: "x1",
    etp_id: ETP_ID,
    job_id: "j0",
    format: "pdf",
    status: "ready",
    size: 1_258_291,
    sha256: "ab".repeat(32),
    file_name: FILE_NAME,
    content_type: "application/pdf",
    etp_version: 4,
    error: null,
    created_by: "u-1",
    created_by_name: "Maria Servidora",
    created_at: "2026-12-01T14:30:00Z",
    ready_at: "2026-12-01T14:30:05Z",
    expires_at: "2027-03-01T14:30:00Z",
    download_url: "/api/v1/exports/x1/download",
    ...overrides,
  };
}
