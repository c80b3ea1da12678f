// The editor's calls to the API (sections: read, write with If-Match, check, review, acknowledge) and
// the cache updates that follow them. Server state stays in TanStack Query; the editor's draft does not.
import type { QueryClient } from "@tanstack/react-query";

import { api, unwrap, unwrapWithResponse } from "../../api/client";
import { keys } from "../../api/queries";
import type { QualityReport, Section } from "../../api/types";

export interface SectionWithEtag {
  section: Section;
  etag: string;
}

function etagOf(section: Section, response: Response): string {
  return response.headers.get("ETag") ?? section.etag ?? "";
}

export async function fetchSection(etpId: string, inciso: number): Promise<SectionWithEtag> {
  const { data, response } = await unwrapWithResponse(
    api.GET("/api/v1/etps/{etp_id}/sections/{inciso}", { params: { path: { etp_id: etpId, inciso } } }),
  );
  const section = data as Section;
  return { section, etag: etagOf(section, response) };
}

export async function putSection(
  etpId: string,
  inciso: number,
  body: { content: string; justification?: string | null },
  etag: string,
): Promise<SectionWithEtag> {
  const { data, response } = await unwrapWithResponse(
    api.PUT("/api/v1/etps/{etp_id}/sections/{inciso}", {
      params: { path: { etp_id: etpId, inciso }, header: { "If-Match": etag } },
      body,
    }),
  );
  const section = data as Section;
  return { section, etag: etagOf(section, response) };
}

export async function checkSection(etpId: string, inciso: number): Promise<QualityReport> {
  return (await unwrap(
    api.POST("/api/v1/etps/{etp_id}/sections/{inciso}/check", { params: { path: { etp_id: etpId, inciso } } }),
  )) as QualityReport;
}

export async function reviewSection(etpId: string, inciso: number, etag: string | null): Promise<SectionWithEtag> {
  const headers = etag ? { "If-Match": etag } : undefined;
  const { data, response } = await unwrapWithResponse(
    api.POST("/api/v1/etps/{etp_id}/sections/{inciso}/review", {
      params: { path: { etp_id: etpId, inciso }, ...(headers ? { header: headers } : {}) },
    }),
  );
  const section = data as Section;
  return { section, etag: etagOf(section, response) };
}

export async function acknowledgeFinding(etpId: string, inciso: number, code: string, reason: string): Promise<SectionWithEtag> {
  const { data, response } = await unwrapWithResponse(
    api.POST("/api/v1/etps/{etp_id}/sections/{inciso}/findings/{code}/acknowledge", {
      params: { path: { etp_id: etpId, inciso, code } },
      body: { reason },
    }),
  );
  const section = data as Section;
  return { section, etag: etagOf(section, response) };
}

/** After a write the ETP's completion (and readiness) may have moved. */
export function invalidateEtp(queryClient: QueryClient, etpId: string): void {
  void queryClient.invalidateQueries({ queryKey: keys.etp(etpId), exact: true });
  void queryClient.invalidateQueries({ queryKey: keys.approval(etpId), exact: true });
}
