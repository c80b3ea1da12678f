// Query keys and the shared read hooks (server state lives in TanStack Query, never copied elsewhere).
import { useQuery, type QueryClient } from "@tanstack/react-query";

import { api, paginationOf, unwrap, unwrapWithResponse } from "./client";
import type { Etp, Pagination, QualityReport, Section, Template, TemplateSummary } from "./types";

export const keys = {
  me: ["me"] as const,
  etps: (params: EtpListParams) => ["etps", "list", params] as const,
  etpLists: ["etps", "list"] as const,
  etp: (etpId: string) => ["etps", etpId] as const,
  sections: (etpId: string) => ["etps", etpId, "sections"] as const,
  section: (etpId: string, inciso: number) => ["etps", etpId, "sections", inciso] as const,
  approval: (etpId: string) => ["etps", etpId, "approval"] as const,
  job: (jobId: string) => ["jobs", jobId] as const,
  versions: (etpId: string) => ["etps", etpId, "versions"] as const,
  versionPage: (etpId: string, page: number, pageSize: number) => ["etps", etpId, "versions", "list", page, pageSize] as const,
  versionDiff: (etpId: string, a: number, b: number | "current") => ["etps", etpId, "versions", "diff", a, b] as const,
  exports: (etpId: string) => ["etps", etpId, "exports"] as const,
  exportPage: (etpId: string, page: number) => ["etps", etpId, "exports", page] as const,
  templates: ["templates"] as const,
  template: (type: string) => ["templates", type] as const,
};

export interface EtpListParams {
  q?: string;
  status?: string;
  template_type?: string;
  page?: number;
  page_size?: number;
}

export function useEtpList(params: EtpListParams) {
  return useQuery({
    queryKey: keys.etps(params),
    queryFn: async (): Promise<{ items: Etp[]; pagination: Pagination | null }> => {
      const query = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== "")) as Record<string, string | number>;
      const { data, response } = await unwrapWithResponse(api.GET("/api/v1/etps", { params: { query } }));
      return { items: data as Etp[], pagination: paginationOf(response) };
    },
    placeholderData: (previous) => previous,
  });
}

/** One ETP (its facts); the sections come from useSections. */
export function useEtp(etpId: string) {
  return useQuery({
    queryKey: keys.etp(etpId),
    queryFn: async (): Promise<{ etp: Etp; etag: string | null }> => {
      const { data, response } = await unwrapWithResponse(api.GET("/api/v1/etps/{etp_id}", { params: { path: { etp_id: etpId } } }));
      return { etp: data as Etp, etag: response.headers.get("ETag") };
    },
  });
}

export function useSections(etpId: string) {
  return useQuery({
    queryKey: keys.sections(etpId),
    queryFn: async () => (await unwrap(api.GET("/api/v1/etps/{etp_id}/sections", { params: { path: { etp_id: etpId } } }))) as Section[],
  });
}

export function useTemplates() {
  return useQuery({
    queryKey: keys.templates,
    queryFn: async () => (await unwrap(api.GET("/api/v1/templates"))) as TemplateSummary[],
    staleTime: 60 * 60 * 1000,
  });
}

export function useTemplate(type: string | null | undefined) {
  return useQuery({
    queryKey: keys.template(type ?? ""),
    queryFn: async () => (await unwrap(api.GET("/api/v1/templates/{template_type}", { params: { path: { template_type: type as "bens" } } }))) as Template,
    enabled: Boolean(type),
    staleTime: 60 * 60 * 1000,
  });
}

/** A section the API answered, into the sections list and its own key (`etag`: the answer's ETag
 * header when the body's differs). */
export function storeSection(queryClient: QueryClient, etpId: string, section: Section, etag?: string | null): void {
  const stored: Section = etag && section.etag !== etag ? { ...section, etag } : section;
  queryClient.setQueryData<Section[]>(keys.sections(etpId), (list) =>
    list ? list.map((item) => (item.inciso === stored.inciso ? stored : item)) : list,
  );
  if (stored.inciso !== undefined) queryClient.setQueryData(keys.section(etpId, stored.inciso), stored);
}

/** The report of a fresh check, into the cached section (list and own key). */
export function storeQuality(queryClient: QueryClient, etpId: string, inciso: number, report: QualityReport): void {
  const withReport = (item: Section) => (item.inciso === inciso ? { ...item, quality: report } : item);
  queryClient.setQueryData<Section[]>(keys.sections(etpId), (list) => (list ? list.map(withReport) : list));
  queryClient.setQueryData<Section>(keys.section(etpId, inciso), (item) => (item ? withReport(item) : item));
}
