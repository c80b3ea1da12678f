// Drafting's calls to the API (draft jobs, cancel, suggestions, status and approval readiness) and the
// `?tarefa=<job id>` URL parameter that lets a reload resume watching a job.
import { useQuery } from "@tanstack/react-query";
import { useCallback } from "react";
import { useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { keys } from "../../api/queries";
export const JOB_PARAM = "tarefa";
/** The job id in `?tarefa=` and a setter that replaces the history entry (null removes it). */
export function useJobParam() {
    const [params, setParams] = useSearchParams();
    const jobId = params.get(JOB_PARAM);
    const setJobId = useCallback((next) => {
        setParams((current) => {
            const copy = new URLSearchParams(current);
            if (next)
                copy.set(JOB_PARAM, next);
            else
                copy.delete(JOB_PARAM);
            return copy;
        }, { replace: true });
    }, [setParams]);
    return [jobId, setJobId];
}
export async function draftEtp(etpId, body) {
    const payload = { instructions: body.instructions?.trim() ?? "", regenerate: false };
    if (body.incisos?.length)
        payload.incisos = body.incisos;
    return (await unwrap(api.POST("/api/v1/etps/{etp_id}/draft", { params: { path: { etp_id: etpId } }, body: payload })));
}
export async function draftSection(etpId, inciso, instructions) {
    const body = { instructions: instructions.trim(), regenerate: false };
    return (await unwrap(api.POST("/api/v1/etps/{etp_id}/sections/{inciso}/draft", { params: { path: { etp_id: etpId, inciso } }, body })));
}
export async function cancelJob(jobId) {
    return (await unwrap(api.POST("/api/v1/jobs/{job_id}/cancel", { params: { path: { job_id: jobId } } })));
}
export async function acceptSuggestion(etpId, inciso) {
    return (await unwrap(api.POST("/api/v1/etps/{etp_id}/sections/{inciso}/suggestion/accept", { params: { path: { etp_id: etpId, inciso } } })));
}
export async function discardSuggestion(etpId, inciso) {
    return (await unwrap(api.POST("/api/v1/etps/{etp_id}/sections/{inciso}/suggestion/discard", { params: { path: { etp_id: etpId, inciso } } })));
}
export async function changeStatus(etpId, status, statement) {
    const body = status === "approved" ? { status, statement: statement ?? "" } : { status };
    return (await unwrap(api.POST("/api/v1/etps/{etp_id}/status", { params: { path: { etp_id: etpId } }, body })));
}
export function useApproval(etpId, enabled) {
    return useQuery({
        queryKey: keys.approval(etpId),
        queryFn: async () => (await unwrap(api.GET("/api/v1/etps/{etp_id}/approval", { params: { path: { etp_id: etpId } } }))),
        enabled,
    });
}
/** After a section's text changed on the server: the section, the list (side nav tags), the ETP (completion) and the approval readiness. */
export function invalidateSection(queryClient, etpId, inciso) {
    if (inciso)
        void queryClient.invalidateQueries({ queryKey: keys.section(etpId, inciso), exact: true });
    void queryClient.invalidateQueries({ queryKey: keys.sections(etpId), exact: true });
    void queryClient.invalidateQueries({ queryKey: keys.etp(etpId), exact: true });
    void queryClient.invalidateQueries({ queryKey: keys.approval(etpId), exact: true });
}
