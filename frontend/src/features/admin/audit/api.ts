// Server state of the audit page: a page of GET /api/v1/audit with the URL's filters, the people and
// ETPs the filters offer, and the CSV export (GET /api/v1/audit/export) downloaded with the session's
// token (fetch + Blob + <a download>, the name from Content-Disposition).
import { useQuery } from "@tanstack/react-query";

import { api, paginationOf, unwrap, unwrapWithResponse } from "../../../api/client";
import type { AuditEntry, Etp, Pagination, User } from "../../../api/types";
import { fileNameOf, saveBlob } from "../../../lib/download";

export const AUDIT_PAGE_SIZE = 20;
// the lists the filters choose from: the API's largest page
const CHOICES_PAGE_SIZE = 100;

/** The API's filters: `since`/`until` are instants (ISO 8601). */
export interface AuditFilters {
  actor?: string;
  action?: string;
  etp_id?: string;
  since?: string;
  until?: string;
}

export const auditKeys = {
  list: (filters: AuditFilters, page: number) => ["audit", "list", filters, page] as const,
  people: ["audit", "people"] as const,
  etps: ["audit", "etps"] as const,
};

function defined(filters: AuditFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value)) as Record<string, string>;
}

export function useAuditEntries(filters: AuditFilters, page: number, enabled = true) {
  return useQuery({
    enabled,
    queryKey: auditKeys.list(filters, page),
    queryFn: async (): Promise<{ items: AuditEntry[]; pagination: Pagination | null }> => {
      const { data, response } = await unwrapWithResponse(api.GET("/api/v1/audit", { params: { query: { ...defined(filters), page, page_size: AUDIT_PAGE_SIZE } } }));
      return { items: data as AuditEntry[], pagination: paginationOf(response) };
    },
    placeholderData: (previous) => previous,
  });
}

export function useAuditPeople() {
  return useQuery({
    queryKey: auditKeys.people,
    queryFn: async () => (await unwrap(api.GET("/api/v1/users", { params: { query: { page_size: CHOICES_PAGE_SIZE } } }))) as User[],
    staleTime: 60_000,
  });
}

export function useAuditEtps() {
  return useQuery({
    queryKey: auditKeys.etps,
    queryFn: async () => (await unwrap(api.GET("/api/v1/etps", { params: { query: { page_size: CHOICES_PAGE_SIZE } } }))) as Etp[],
    staleTime: 60_000,
  });
}

/** Downloads the CSV of the entries the filters select; returns the file's name. */
export async function downloadAuditCsv(filters: AuditFilters): Promise<string> {
  const { data, response } = await unwrapWithResponse(
    api.GET("/api/v1/audit/export", { params: { query: { ...defined(filters), format: "csv" } }, parseAs: "blob" }),
  );
  const name = fileNameOf(response.headers.get("Content-Disposition")) ?? "auditoria.csv";
  saveBlob(data as Blob, name);
  return name;
}
