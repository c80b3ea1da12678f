// The ETP writes of the wizard and the facts form (reads are the shared hooks of api/queries.ts).
import type { QueryClient } from "@tanstack/react-query";

import { api, unwrapWithResponse } from "../../api/client";
import { keys } from "../../api/queries";
import type { Etp, EtpCreate, EtpUpdate, EtpWithSections } from "../../api/types";

export async function createEtp(body: Record<string, unknown>): Promise<EtpWithSections> {
  const { data } = await unwrapWithResponse(api.POST("/api/v1/etps", { body: body as EtpCreate }));
  return data as EtpWithSections;
}

export async function updateEtp(etpId: string, etag: string, body: Record<string, unknown>): Promise<{ etp: Etp; etag: string | null }> {
  const { data, response } = await unwrapWithResponse(
    api.PATCH("/api/v1/etps/{etp_id}", { params: { path: { etp_id: etpId }, header: { "If-Match": etag } }, body: body as EtpUpdate }),
  );
  return { etp: data as Etp, etag: response.headers.get("ETag") };
}

export async function fetchEtp(etpId: string): Promise<{ etp: Etp; etag: string | null }> {
  const { data, response } = await unwrapWithResponse(api.GET("/api/v1/etps/{etp_id}", { params: { path: { etp_id: etpId } } }));
  return { etp: data as Etp, etag: response.headers.get("ETag") };
}

/** After a write: the ETP's cache holds the answer; the ETP's views and the lists refetch. */
export async function afterSave(queryClient: QueryClient, etpId: string, saved: { etp: Etp; etag: string | null }): Promise<void> {
  queryClient.setQueryData(keys.etp(etpId), saved);
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: keys.etp(etpId) }),
    queryClient.invalidateQueries({ queryKey: keys.etpLists }),
  ]);
}
