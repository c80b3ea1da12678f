// The versions page's calls to the API: the timeline (paginated), a save point, the diff between two
// versions (or a version and the current state) and the restore, with the cache updates that follow.
import { keepPreviousData, useQuery, type QueryClient } from "@tanstack/react-query";

import { api, paginationOf, unwrap, unwrapWithResponse } from "../../api/client";
import { keys } from "../../api/queries";
import type { Etp, Pagination, Version, VersionDiff } from "../../api/types";

export const PAGE_SIZE = 10;
/** The choices of the comparison: the newest versions (smorest's largest page). */
export const CHOICES_PAGE_SIZE = 100;

export type Target = number | "current";

export function useVersionPage(etpId: string, page: number, pageSize: number = PAGE_SIZE) {
  return useQuery({
    queryKey: keys.versionPage(etpId, page, pageSize),
    queryFn: async (): Promise<{ items: Version[]; pagination: Pagination | null }> => {
      const { data, response } = await unwrapWithResponse(
        api.GET("/api/v1/etps/{etp_id}/versions", { params: { path: { etp_id: etpId }, query: { page, page_size: pageSize } } }),
      );
      return { items: data as Version[], pagination: paginationOf(response) };
    },
    placeholderData: keepPreviousData,
  });
}

export async function fetchDiff(etpId: string, a: number, b: Target): Promise<VersionDiff> {
  if (b === "current") {
    return (await unwrap(api.GET("/api/v1/etps/{etp_id}/versions/{a}/diff/current", { params: { path: { etp_id: etpId, a } } }))) as VersionDiff;
  }
  return (await unwrap(api.GET("/api/v1/etps/{etp_id}/versions/{a}/diff/{b}", { params: { path: { etp_id: etpId, a, b } } }))) as VersionDiff;
}

export function useDiff(etpId: string, a: number | null, b: Target | null) {
  return useQuery({
    queryKey: keys.versionDiff(etpId, a ?? 0, b ?? 0),
    queryFn: () => fetchDiff(etpId, a as number, b as Target),
    enabled: a !== null && b !== null,
    // between two stored versions the answer never changes; against the current state it may
    staleTime: b === "current" ? 0 : Infinity,
  });
}

export async function saveVersion(etpId: string, label: string): Promise<Version> {
  return (await unwrap(api.POST("/api/v1/etps/{etp_id}/versions", { params: { path: { etp_id: etpId } }, body: { label } }))) as Version;
}

export async function restoreVersion(etpId: string, number: number, etag: string): Promise<{ etp: Etp; etag: string | null }> {
  const { data, response } = await unwrapWithResponse(
    api.POST("/api/v1/etps/{etp_id}/versions/{number}/restore", { params: { path: { etp_id: etpId, number }, header: { "If-Match": etag } } }),
  );
  return { etp: data as Etp, etag: response.headers.get("ETag") };
}

/** After a save point: the timeline (and the diffs against the current state) start over. */
export function afterSave(queryClient: QueryClient, etpId: string): void {
  void queryClient.invalidateQueries({ queryKey: keys.versions(etpId) });
}

/** After a restore: the ETP's facts (with its new ETag), its sections — the editor's list and each
 * section's own key —, its approval readiness and the timeline (the `before_restore` version) are
 * all stale; the lists of ETPs show the completion. */
export function afterRestore(queryClient: QueryClient, etpId: string, restored: { etp: Etp; etag: string | null }): void {
  queryClient.setQueryData(keys.etp(etpId), restored);
  void queryClient.invalidateQueries({ queryKey: ["etps", etpId], predicate: (query) => query.queryKey.length > 2 });
  void queryClient.invalidateQueries({ queryKey: keys.etpLists });
}
