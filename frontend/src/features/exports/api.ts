// Exports' calls to the API: ask for one (a job), the ETP's history (paginated), and the file itself —
// fetched through the authenticated client (the access token lives in memory, never in a cookie, so
// a plain <a href> to the API could not send it), then handed to the browser as a Blob.
import { useQuery } from "@tanstack/react-query";

import { api, paginationOf, unwrap, unwrapWithResponse } from "../../api/client";
import { keys } from "../../api/queries";
import type { Export, ExportFormat, Job, Pagination } from "../../api/types";
import type { IconName } from "../../components/Icon";
import { fileNameOf } from "../../lib/download";

export const HISTORY_PAGE_SIZE = 10;

export const FORMAT_NAMES: Record<ExportFormat, string> = { pdf: "PDF", docx: "DOCX", json: "JSON", xml: "XML" };

export const FORMATS: { value: ExportFormat; label: string; icon: IconName; description: string }[] = [
  {
    value: "pdf",
    label: "PDF",
    icon: "file-pdf",
    description: "Documento pronto para ler, imprimir, assinar e juntar ao processo. Pode ser pré-visualizado aqui antes de baixar.",
  },
  {
    value: "docx",
    label: "DOCX (Word)",
    icon: "file-word",
    description: "Documento editável no Word, no LibreOffice ou no Google Docs, para ajustes finais de formatação.",
  },
  {
    value: "json",
    label: "JSON",
    icon: "file-code",
    description: "Os dados do ETP (identificação, campos e as 13 seções) em formato estruturado, para integrar com outros sistemas.",
  },
  {
    value: "xml",
    label: "XML",
    icon: "file-code",
    description: "Os mesmos dados estruturados, em XML, para sistemas que pedem esse formato.",
  },
];

export function isFormat(value: unknown): value is ExportFormat {
  return value === "pdf" || value === "docx" || value === "json" || value === "xml";
}

/** What a finished export job's `result` says (see POST /etps/{id}/exports). */
export interface ExportResult {
  export_id: string;
  format: ExportFormat | null;
  file_name: string | null;
  size: number | null;
  download_url: string | null;
  expires_at: string | null;
  etp_version: number | null;
}

export function resultOf(job: Job | undefined): ExportResult | null {
  const raw = job?.result as Record<string, unknown> | null | undefined;
  if (!raw || typeof raw.export_id !== "string") return null;
  const text = (value: unknown) => (typeof value === "string" ? value : null);
  const number = (value: unknown) => (typeof value === "number" ? value : null);
  return {
    export_id: raw.export_id,
    format: isFormat(raw.format) ? raw.format : null,
    file_name: text(raw.file_name),
    size: number(raw.size),
    download_url: text(raw.download_url),
    expires_at: text(raw.expires_at),
    etp_version: number(raw.etp_version),
  };
}

export async function requestExport(etpId: string, format: ExportFormat): Promise<Job> {
  return (await unwrap(api.POST("/api/v1/etps/{etp_id}/exports", { params: { path: { etp_id: etpId } }, body: { format } }))) as Job;
}

export function useExportHistory(etpId: string, page: number) {
  return useQuery({
    queryKey: keys.exportPage(etpId, page),
    queryFn: async (): Promise<{ items: Export[]; pagination: Pagination | null }> => {
      const { data, response } = await unwrapWithResponse(
        api.GET("/api/v1/etps/{etp_id}/exports", { params: { path: { etp_id: etpId }, query: { page, page_size: HISTORY_PAGE_SIZE } } }),
      );
      return { items: data as Export[], pagination: paginationOf(response) };
    },
    placeholderData: (previous) => previous,
  });
}

export interface ExportFile {
  blob: Blob;
  fileName: string | null;
}

/** The export's file, through the API with the Bearer token. 409 while generating, 410 once expired (ApiError). */
export async function fetchExportFile(exportId: string): Promise<ExportFile> {
  const { data, response } = await unwrapWithResponse(
    api.GET("/api/v1/exports/{export_id}/download", { params: { path: { export_id: exportId } }, parseAs: "blob" }),
  );
  const blob = data as unknown as Blob;
  return { blob, fileName: fileNameOf(response.headers.get("Content-Disposition")) };
}

export const fileKey = (exportId: string) => ["exports", exportId, "file"] as const;

