// Drafting's calls to the API (draft jobs, cancel, suggestions, status and approval readiness) and the
// `?tarefa=<job id>` URL parameter that lets a reload resume watching a job.
import { useQuery, type QueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useSearchParams } from "react-router";

import { api, unwrap } from "../../api/client";
import { keys } from "../../api/queries";
import type { ApprovalReadiness, Etp, EtpStatus, Job, Section } from "../../api/types";

export const JOB_PARAM = "tarefa";

/** The job id in `?tarefa=` and a setter that replaces the history entry (null removes it). */
export function useJobParam(): [string | null, (jobId: string | null) => void] {
  const [params, setParams] = useSearchParams();
  const jobId = params.get(JOB_PARAM);
  const setJobId = useCallback(
    (next: string | null) => {
      setParams(
        (current) => {
          const copy = new URLSearchParams(current);
          if (next) copy.set(JOB_PARAM, next);
          else copy.delete(JOB_PARAM);
          return copy;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return [jobId, setJobId];
}

export async function draftEtp(etpId: string, body: { incisos?: number[]; instructions?: string }): Promise<Job> {
  const payload: { incisos?: number[]; instructions: string; regenerate: boolean } = { instructions: body.instructions?.trim() ?? "", regenerate: false };
  if (body.incisos?.length) payload.incisos = body.incisos;
  return (await unwrap(api.POST("/api/v1/etps/{etp_id}/draft", { params: { path: { etp_id: etpId } }, body: payload }))) as Job;
}

export async function draftSection(etpId: string, inciso: number, instructions: string): Promise<Job> {
  const body = { instructions: instructions.trim(), regenerate: false };
  return (await unwrap(api.POST("/api/v1/etps/{etp_id}/sections/{inciso}/draft", { params: { path: { etp_id: etpId, inciso } }, body }))) as Job;
}

export async function cancelJob(jobId: string): Promise<Job> {
  return (await unwrap(api.POST("/api/v1/jobs/{job_id}/cancel", { params: { path: { job_id: jobId } } }))) as Job;
}

export async function acceptSuggestion(etpId: string, inciso: number): Promise<Section> {
  return (await unwrap(api.POST("/api/v1/etps/{etp_id}/sections/{inciso}/suggestion/accept", { params: { path: { etp_id: etpId, inciso } } }))) as Section;
}

export async function discardSuggestion(etpId: string, inciso: number): Promise<Section> {
  return (await unwrap(api.POST("/api/v1/etps/{etp_id}/sections/{inciso}/suggestion/discard", { params: { path: { etp_id: etpId, inciso } } }))) as Section;
}

export async function changeStatus(etpId: string, status: EtpStatus, statement?: string): Promise<Etp> {
  const body = status === "approved" ? { status, statement: statement ?? "" } : { status };
  return (await unwrap(api.POST("/api/v1/etps/{etp_id}/status", { params: { path: { etp_id: etpId } }, body }))) as Etp;
}

export function useApproval(etpId: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.approval(etpId),
    queryFn: async () => (await unwrap(api.GET("/api/v1/etps/{etp_id}/approval", { params: { path: { etp_id: etpId } } }))) as ApprovalReadiness,
    enabled,
  });
}

/** After a section's text changed on the server: the section, the list (side nav tags), the ETP (completion) and the approval readiness. */
export function invalidateSection(queryClient: QueryClient, etpId: string, inciso: number | null | undefined): void {
  if (inciso) void queryClient.invalidateQueries({ queryKey: keys.section(etpId, inciso), exact: true });
  void queryClient.invalidateQueries({ queryKey: keys.sections(etpId), exact: true });
  void queryClient.invalidateQueries({ queryKey: keys.etp(etpId), exact: true });
  void queryClient.invalidateQueries({ queryKey: keys.approval(etpId), exact: true });
}
