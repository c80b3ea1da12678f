// Server state of the trash (features/admin/trash): a page of GET /api/v1/trash, restore, purge one,
// empty the trash, the retention (GET /api/v1/trash/policy) and moving an ETP to the trash.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, paginationOf, unwrap, unwrapWithResponse } from "../../../api/client";
import type { components } from "../../../api/schema";
import type { Pagination } from "../../../api/types";

export type TrashedEtp = components["schemas"]["TrashedEtp"];
export type TrashPolicy = components["schemas"]["TrashPolicy"];

export const TRASH_PAGE_SIZE = 20;

export const trashKeys = {
  all: ["trash"] as const,
  list: (page: number) => ["trash", "list", page] as const,
  policy: ["trash", "policy"] as const,
};

export function useTrash(page: number) {
  return useQuery({
    queryKey: trashKeys.list(page),
    queryFn: async (): Promise<{ items: TrashedEtp[]; pagination: Pagination | null }> => {
      const { data, response } = await unwrapWithResponse(api.GET("/api/v1/trash", { params: { query: { page, page_size: TRASH_PAGE_SIZE } } }));
      return { items: data as TrashedEtp[], pagination: paginationOf(response) };
    },
    placeholderData: (previous) => previous,
  });
}

export function useTrashPolicy() {
  return useQuery({
    queryKey: trashKeys.policy,
    queryFn: async () => (await unwrap(api.GET("/api/v1/trash/policy"))) as TrashPolicy,
    staleTime: 5 * 60_000,
  });
}

/** After any change of the trash: the trash and the ETP lists are stale. */
function useInvalidate() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: trashKeys.all }), client.invalidateQueries({ queryKey: ["etps"] })]);
}

export function useRestore() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (etp: TrashedEtp) => unwrap(api.POST("/api/v1/trash/{etp_id}/restore", { params: { path: { etp_id: etp.id } } })),
    onSuccess: invalidate,
  });
}

export function usePurge() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (etp: TrashedEtp) => unwrap(api.DELETE("/api/v1/trash/{etp_id}", { params: { path: { etp_id: etp.id } } })),
    onSuccess: invalidate,
  });
}

export function useEmptyTrash() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async () => (await unwrap(api.DELETE("/api/v1/trash"))) as { purged: number },
    onSuccess: invalidate,
  });
}

export function useMoveToTrash() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (etpId: string) => unwrap(api.DELETE("/api/v1/etps/{etp_id}", { params: { path: { etp_id: etpId } } })),
    onSuccess: invalidate,
  });
}
