// Server state of the audit page: a page of GET /api/v1/audit with the URL's filters, the people and
// ETPs the filters offer, and the CSV export (GET /api/v1/audit/export) downloaded with the session's
// token (fetch + Blob + <a download>, the name from Content-Disposition).
import { useQuery } from "@tanstack/react-query";

import { api, paginationOf, unwrap, unwrapWithResponse } from "../../../api/client";
import type { AuditEntry, Etp, Pagination, User } from "../../../api/types";

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

/** The file name of a Content-Disposition header (RFC 6266: filename* first), or null. */
export function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/.exec(disposition);
  const name = (plain?.[1] ?? plain?.[2] ?? "").trim();
  return name ? name.replace(/[/\\]/g, "_") : null;
}

/** Downloads the CSV of the entries the filters select; returns the file's name. */
export async function downloadAuditCsv(filters: AuditFilters): Promise<string> {
  const { data, response } = await unwrapWithResponse(
    api.GET("/api/v1/audit/export", { params: { query: { ...defined(filters), format: "csv" } }, parseAs: "blob" }),
  );
  const name = fileNameOf(response.headers.get("Content-Disposition")) ?? "auditoria.csv";
  const url = URL.createObjectURL(data as Blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // the browser has the file once the click is handled; the URL is freed after it
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
  return name;
}
